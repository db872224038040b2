/* hrm-users-transfer.h — the users list's CSV export and import
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hrm-bulk-dialog.h"
#include "hrm-user-list.h"

G_BEGIN_DECLS

#define HRM_TYPE_USERS_TRANSFER (hrm_users_transfer_get_type ())

G_DECLARE_FINAL_TYPE (HrmUsersTransfer, hrm_users_transfer, HRM, USERS_TRANSFER, GObject)

/*
 * Properties:
 *  "exporting" (gboolean, read-only): an export is on its way.
 * Signals:
 *  "bulk-dialog" (HrmBulkDialog *dialog): an import opened its preview,
 *    about to be presented; follow it as any bulk job.
 */
/* @owner (weak) gives the file choosers their parent and shows the toasts;
 * @progress (weak) shows how far an export got. */
HrmUsersTransfer *hrm_users_transfer_new            (GtkWidget        *owner,
                                                     GtkProgressBar   *progress);
/* The users to export, and whose client imports; NULL: nothing to do. */
void              hrm_users_transfer_set_list       (HrmUsersTransfer *self,
                                                     HrmUserList      *list);
/* Export… and Import…: the file chooser, then what follows. */
void              hrm_users_transfer_choose_export  (HrmUsersTransfer *self);
void              hrm_users_transfer_choose_import  (HrmUsersTransfer *self);
void              hrm_users_transfer_export_to      (HrmUsersTransfer *self,
                                                     GFile            *file);
/* Stops the export on its way, if any; the old file stays. */
void              hrm_users_transfer_cancel_export  (HrmUsersTransfer *self);
gboolean          hrm_users_transfer_get_exporting  (HrmUsersTransfer *self);
void              hrm_users_transfer_import_from    (HrmUsersTransfer *self,
                                                     GFile            *file);

G_END_DECLS
