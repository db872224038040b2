/* hrm-bulk-launcher.h — opens the users list's bulk jobs and follows them
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hrm-bulk-dialog.h"
#include "hrm-provisioning-overview.h"
#include "hrm-user-list.h"
#include "hrm-user-selection.h"

G_BEGIN_DECLS

#define HRM_TYPE_BULK_LAUNCHER (hrm_bulk_launcher_get_type ())

G_DECLARE_FINAL_TYPE (HrmBulkLauncher, hrm_bulk_launcher, HRM, BULK_LAUNCHER, GObject)

/* @owner (weak) gives the dialogs their parent; @overview (weak) shows a
 * job whose dialog was closed while it runs. */
HrmBulkLauncher *hrm_bulk_launcher_new              (GtkWidget               *owner,
                                                     HrmProvisioningOverview *overview);
/* The users the jobs take their client, search and filters from. */
void             hrm_bulk_launcher_set_list         (HrmBulkLauncher         *self,
                                                     HrmUserList             *list);
/* Shows the newest job of @client still running (the app was closed mid-job). */
void             hrm_bulk_launcher_show_running     (HrmBulkLauncher         *self,
                                                     HrmClient               *client);
/* Follows @dialog: hidden while its job runs, the overview shows the job;
 * when it goes, the list and the overview show what the job did. */
void             hrm_bulk_launcher_follow           (HrmBulkLauncher         *self,
                                                     HrmBulkDialog           *dialog);
/* The enabled users in state @connection (the overview's numbers). */
void             hrm_bulk_launcher_send_verification (HrmBulkLauncher        *self,
                                                      HrmConnectionFilter     connection);
/* Every user the list's search and filters let through. */
void             hrm_bulk_launcher_send_to_listed   (HrmBulkLauncher         *self);
/* The users ticked in @selection (all matching: the list's search and
 * filters); followed, not yet presented. */
HrmBulkDialog   *hrm_bulk_launcher_new_for_selection (HrmBulkLauncher        *self,
                                                      HrmUserSelection       *selection);
/* Presents the dialog of the job the overview shows, if any. */
void             hrm_bulk_launcher_show_job         (HrmBulkLauncher         *self);

G_END_DECLS
