/* hrm-users-pane-private.h — HrmUsersPane's parts, shared by its files
 *
 * hrm-users-pane.c: the list, search and filters, the user the window shows;
 * hrm-users-pane-selection.c: selection mode; hrm-users-pane-actions.c: bulk
 * jobs, export and import. Only they include this.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hrm-bulk-launcher.h"
#include "hrm-provisioning-overview.h"
#include "hrm-user-row.h"
#include "hrm-user-selection.h"
#include "hrm-users-pane.h"
#include "hrm-users-transfer.h"

G_BEGIN_DECLS

struct _HrmUsersPane
{
  AdwBin              parent_instance;

  /* Template widgets */
  HrmProvisioningOverview *overview;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *connection_dropdown;
  GtkDropDown        *enabled_dropdown;
  GtkLabel           *total_label;
  GtkButton          *send_listed_button;
  GtkToggleButton    *select_button;
  GtkMenuButton      *file_menu_button;
  GMenuModel         *file_menu;
  GtkRevealer        *export_revealer;
  GtkProgressBar     *export_progress;
  GtkButton          *cancel_export_button;
  GtkRevealer        *select_all_revealer;
  GtkButton          *select_all_button;
  GtkLabel           *select_all_label;
  GtkActionBar       *action_bar;
  GtkLabel           *selected_label;
  GtkButton          *send_selected_button;
  GtkStack           *content_stack;
  GtkListView        *list_view;
  GtkSpinner         *loading_spinner;
  AdwStatusPage      *error_page;     /* NULL until first shown */

  /* Owned */
  GSettings          *settings;
  GtkSingleSelection *selection;
  HrmUserList        *list;           /* NULL without a client */
  GtkSliceListModel  *first_rows;     /* the list as the selection sees it, see lift_first_rows() */
  GListStore         *rows_ahead;     /* (element-type HrmUser): placeholders, see
                                       * hrm_users_pane_build_rows_ahead() */
  HrmUser            *selected_user;  /* the accepted selection */
  HrmBulkLauncher    *launcher;       /* bulk jobs: their dialogs, followed */
  HrmUserSelection   *checked;        /* ticked in selection mode */
  GPtrArray          *rows;           /* (element-type HrmUserRow) set up, borrowed */
  HrmUsersTransfer   *transfer;       /* Export… and Import… */

  guint               accepted_position;
  guint               settle_id;      /* a selection made by arrow keys, until it settles */
  guint               keyboard_idle_id;
  guint               lift_tick_id;   /* waits for the frame after the first rows' */
  guint               selecting : 1;  /* changing the selection ourselves */
  guint               keyboard : 1;   /* a key press on the list is being handled */
  guint               selection_mode : 1;
  guint               first_rows_drawn : 1;
};

/* hrm-users-pane.c */
void     _hrm_users_pane_set_selected                (HrmUsersPane   *self,
                                                      guint           position);
void     _hrm_users_pane_restore_selection           (HrmUsersPane   *self);
gboolean _hrm_users_pane_filter_has_bulk_job         (HrmUsersPane   *self);
void     _hrm_users_pane_notify_selection_mode       (HrmUsersPane   *self);

/* hrm-users-pane-selection.c */
gboolean _hrm_users_pane_is_checked                  (HrmUsersPane   *self,
                                                      HrmUser        *user);
void     _hrm_users_pane_set_checked                 (HrmUsersPane   *self,
                                                      HrmUser        *user,
                                                      gboolean        checked);
void     _hrm_users_pane_sync_row                    (HrmUsersPane   *self,
                                                      HrmUserRow     *row);
void     _hrm_users_pane_update_selection_ui         (HrmUsersPane   *self);
void     _hrm_users_pane_checked_changed             (HrmUsersPane   *self);
void     _hrm_users_pane_set_selection_mode          (HrmUsersPane   *self,
                                                      gboolean        selection_mode);
void     _hrm_users_pane_forget_all_matching         (HrmUsersPane   *self);
void     _hrm_users_pane_on_row_check_toggled        (HrmUsersPane   *self,
                                                      HrmUserRow     *row);
void     _hrm_users_pane_class_add_selection_actions (GtkWidgetClass *widget_class);

/* hrm-users-pane-actions.c */
void     _hrm_users_pane_on_exporting_changed        (HrmUsersPane   *self);
void     _hrm_users_pane_class_add_list_actions      (GtkWidgetClass *widget_class);

G_END_DECLS
