/* hrm-bulk-dialog.h — preview, run and watch a bulk verification job
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hrm-client.h"

G_BEGIN_DECLS

#define HRM_TYPE_BULK_DIALOG (hrm_bulk_dialog_get_type ())

G_DECLARE_FINAL_TYPE (HrmBulkDialog, hrm_bulk_dialog, HRM, BULK_DIALOG, AdwWindow)

/* A dialog over the users the list's filters let through; it previews at once.
 * Run starts the job in the server; the dialog then follows it to the end.
 * Closing it does not stop the job: while the job runs, closing hides the
 * dialog, which goes on following the job ("job" property, for a banner) and
 * sends a GNotification when it ends, then is destroyed. */
HrmBulkDialog *hrm_bulk_dialog_new_for_filter (GtkWindow           *parent,
                                               HrmClient           *client,
                                               const char          *query,
                                               HrmConnectionFilter  connection,
                                               HrmEnabledFilter     enabled);
/* The same over the users @ids (selection mode), in that order. */
HrmBulkDialog *hrm_bulk_dialog_new_for_users  (GtkWindow           *parent,
                                               HrmClient           *client,
                                               const gint64        *ids,
                                               guint                n_ids);
/* A dialog that follows @job, already running in the server (one the app
 * left running when it last closed). */
HrmBulkDialog *hrm_bulk_dialog_new_for_job    (GtkWindow           *parent,
                                               HrmClient           *client,
                                               HrmBulkJob          *job);
/* Saves the job's results (CSV) to @file, as "Save results…" does after the
 * file chooser. */
void           hrm_bulk_dialog_save_results_to (HrmBulkDialog      *self,
                                                GFile              *file);
/* The job once it runs (NULL before), followed until it ends. */
HrmBulkJob    *hrm_bulk_dialog_get_job        (HrmBulkDialog       *self);
/* A dialog that previews and applies the addresses of an imported file,
 * @rows (element-type HrmImportRow), as a set_email job. */
HrmBulkDialog *hrm_bulk_dialog_new_for_import (GtkWindow           *parent,
                                               HrmClient           *client,
                                               GPtrArray           *rows);
const HrmEmailImportPreview *hrm_bulk_dialog_get_import_preview (HrmBulkDialog *self);
/* The preview once it is there (NULL before). */
const HrmBulkJobPreview *hrm_bulk_dialog_get_preview (HrmBulkDialog *self);

G_END_DECLS
