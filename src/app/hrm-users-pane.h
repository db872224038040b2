/* hrm-users-pane.h — search, filters and the list of users
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hrm-user-list.h"

G_BEGIN_DECLS

#define HRM_TYPE_USERS_PANE (hrm_users_pane_get_type ())

G_DECLARE_FINAL_TYPE (HrmUsersPane, hrm_users_pane, HRM, USERS_PANE, AdwBin)

/*
 * Signals:
 *  "selection-changing" (guint position, HrmUser *user) → gboolean: the
 *    administrator picked another row; return TRUE to keep the current one
 *    (e.g. to ask about unsaved changes first, then call
 *    hrm_users_pane_select_position()).
 *  "user-selected" (HrmUser *user): a row was selected (again).
 */
GtkWidget   *hrm_users_pane_new               (void);
/* Lists the users of @client (a new HrmUserList), or nothing for NULL. */
void         hrm_users_pane_set_client        (HrmUsersPane *self,
                                               HrmClient    *client);
/* The same with @list, a list of @client's users already loading (or
 * loaded), to which the pane applies its search and filters, and @summary
 * (nullable), @client's provisioning summary already read, for the
 * overview above it. */
void         hrm_users_pane_set_client_with_list (HrmUsersPane           *self,
                                                  HrmClient              *client,
                                                  HrmUserList            *list,
                                                  HrmProvisioningSummary *summary);
/* The first rows, built empty while the first page is on its way. */
void         hrm_users_pane_build_rows_ahead  (HrmUsersPane *self);
HrmUserList *hrm_users_pane_get_list          (HrmUsersPane *self);
HrmUser     *hrm_users_pane_get_selected_user (HrmUsersPane *self);
/* Selects the row at @position without asking "selection-changing". */
void         hrm_users_pane_select_position   (HrmUsersPane *self,
                                               guint         position);
void         hrm_users_pane_unselect          (HrmUsersPane *self);
void         hrm_users_pane_focus_search      (HrmUsersPane *self);
/* Selection mode ("selection-mode" property): check boxes, an action bar. */
void         hrm_users_pane_set_selection_mode (HrmUsersPane *self,
                                                gboolean      selection_mode);
gboolean     hrm_users_pane_get_selection_mode (HrmUsersPane *self);
/* How many users are ticked (all matching: the list's total). */
guint        hrm_users_pane_get_n_checked      (HrmUsersPane *self);
/* TRUE after "Select all N": the search and filters, not ids. */
gboolean     hrm_users_pane_get_all_matching   (HrmUsersPane *self);

/* Export… and Import… after their file choosers (tests call these). */
void         hrm_users_pane_export_to          (HrmUsersPane *self,
                                                GFile        *file);
gboolean     hrm_users_pane_get_exporting      (HrmUsersPane *self);
void         hrm_users_pane_import_from        (HrmUsersPane *self,
                                                GFile        *file);

G_END_DECLS
