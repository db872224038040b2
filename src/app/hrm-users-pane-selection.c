/* hrm-users-pane-selection.c — the users pane's selection mode
 *
 * The Select button, Ctrl+A and Escape: check boxes on the rows, the users
 * ticked in an HrmUserSelection (a set of ids, or "all matching" the search
 * and filters), and the action bar with their count and Send. The rows
 * follow the set (the list view recycles them: binding a row sets its check
 * from the set). The pane's own selection, the user the window shows, is in
 * hrm-users-pane.c.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-users-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-users-pane-private.h"

gboolean
_hrm_users_pane_is_checked (HrmUsersPane *self,
                            HrmUser      *user)
{
  return user != NULL && hrm_user_selection_contains (self->checked, hrm_user_get_id (user));
}

static guint
count_checked (HrmUsersPane *self)
{
  if (hrm_user_selection_get_all_matching (self->checked))
    return self->list != NULL ? hrm_user_list_get_total (self->list) : 0;
  return hrm_user_selection_get_n_ids (self->checked);
}

static gboolean
is_filtered (HrmUsersPane *self)
{
  const char *query = hrm_user_list_get_query (self->list);

  return (query != NULL && *query != '\0')
         || hrm_user_list_get_connection_filter (self->list) != HRM_CONNECTION_FILTER_ALL
         || hrm_user_list_get_enabled_filter (self->list) != HRM_ENABLED_FILTER_ALL;
}

void
_hrm_users_pane_sync_row (HrmUsersPane *self,
                          HrmUserRow   *row)
{
  hrm_user_row_set_checked (row, _hrm_users_pane_is_checked (self, hrm_user_row_get_user (row)));
}

/* The action bar's count, Send, and the offer to take every matching user. */
void
_hrm_users_pane_update_selection_ui (HrmUsersPane *self)
{
  g_autofree char *number = NULL;
  g_autofree char *text = NULL;
  guint n = count_checked (self);
  guint total = self->list != NULL ? hrm_user_list_get_total (self->list) : 0;
  gboolean offer;

  number = g_strdup_printf ("%'u", n);
  /* TRANSLATORS: in the action bar of selection mode: "3 selected" (users) */
  text = g_strdup_printf (ngettext ("%s selected", "%s selected", n), number);
  gtk_label_set_label (self->selected_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.send-to-selected",
                                 self->selection_mode && n > 0);

  offer = self->selection_mode && !hrm_user_selection_get_all_matching (self->checked)
          && total > n && self->list != NULL && _hrm_users_pane_filter_has_bulk_job (self);
  if (offer)
    {
      g_free (number);
      g_free (text);
      number = g_strdup_printf ("%'u", total);
      if (is_filtered (self))
        text = g_strdup_printf (ngettext ("Select the %s user matching the search and filters",
                                          "Select all %s users matching the search and filters",
                                          total), number);
      else
        text = g_strdup_printf (ngettext ("Select the %s user", "Select all %s users", total),
                                number);
      gtk_label_set_label (self->select_all_label, text);
    }
  gtk_revealer_set_reveal_child (self->select_all_revealer, offer);
  /* A folded revealer keeps its child in the accessibility tree: hide it
   * there while it is not offered (its label is empty then). */
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->select_all_revealer),
                               GTK_ACCESSIBLE_STATE_HIDDEN, !offer, -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.select-all-matching", offer);
}

/* The set changed ("changed"): the rows on screen and the action bar follow. */
void
_hrm_users_pane_checked_changed (HrmUsersPane *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    _hrm_users_pane_sync_row (self, g_ptr_array_index (self->rows, i));
  _hrm_users_pane_update_selection_ui (self);
}

void
_hrm_users_pane_set_selection_mode (HrmUsersPane *self,
                                    gboolean      selection_mode)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean focus_in_list = focus != NULL && gtk_widget_is_ancestor (focus,
                                                                    GTK_WIDGET (self->list_view));

  selection_mode = !!selection_mode;
  if (self->selection_mode == selection_mode)
    return;

  self->selection_mode = selection_mode;
  if (!selection_mode)
    hrm_user_selection_clear (self->checked);

  /* A click ticks a row (rows are not selectable: see setup_row). */
  gtk_list_view_set_single_click_activate (self->list_view, selection_mode);
  /* The action bar's Send takes over from the one for the whole list. */
  gtk_widget_set_visible (GTK_WIDGET (self->send_listed_button), !selection_mode);
  gtk_action_bar_set_revealed (self->action_bar, selection_mode);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.leave-selection", selection_mode);
  if (selection_mode)
    _hrm_users_pane_set_selected (self, GTK_INVALID_LIST_POSITION);
  else
    _hrm_users_pane_restore_selection (self);

  _hrm_users_pane_notify_selection_mode (self);
  /* The action bar's offer depends on the mode too, not only on the set. */
  _hrm_users_pane_checked_changed (self);

  /* The focused row's check box came or went: keep the focus in the list,
   * on the check box (as Tab would; the row may not take the focus now) or
   * on the row. */
  if (focus_in_list && selection_mode)
    gtk_widget_child_focus (GTK_WIDGET (self->list_view), GTK_DIR_TAB_FORWARD);
  else if (focus_in_list)
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

void
_hrm_users_pane_set_checked (HrmUsersPane *self,
                             HrmUser      *user,
                             gboolean      checked)
{
  gint64 id = hrm_user_get_id (user);

  g_assert (id != 0);

  /* One user out of "all matching": the server has no "all but", so the
   * selection becomes the users loaded, less this one (the count says so). */
  if (hrm_user_selection_get_all_matching (self->checked) && !checked)
    {
      g_autoptr(GArray) ids = hrm_user_list_dup_loaded_ids (self->list);

      hrm_user_selection_keep_ids (self->checked, ids);
    }

  hrm_user_selection_set_checked (self->checked, id, checked);
}

/* A search or filter changed: the ids ticked are still those users, so they
 * stay; "all matching" meant the old search and filters, so it goes. */
void
_hrm_users_pane_forget_all_matching (HrmUsersPane *self)
{
  if (!hrm_user_selection_get_all_matching (self->checked))
    return;
  hrm_user_selection_set_all_matching (self->checked, FALSE);
}

void
_hrm_users_pane_on_row_check_toggled (HrmUsersPane *self,
                                      HrmUserRow   *row)
{
  HrmUser *user = hrm_user_row_get_user (row);

  if (!self->selection_mode || user == NULL || hrm_user_get_id (user) == 0)
    return;
  _hrm_users_pane_set_checked (self, user, hrm_user_row_get_checked (row));
}

static void
on_selected_job (HrmUsersPane  *self,
                 GParamSpec    *pspec,
                 HrmBulkDialog *dialog)
{
  /* Sent: the selection has served. (Cancelled before Run, it stays.) */
  if (hrm_bulk_dialog_get_job (dialog) != NULL)
    _hrm_users_pane_set_selection_mode (self, FALSE);
}

/* The action bar's Send: the users ticked, or all matching by the search
 * and filters (then the server lists them, loaded or not). */
static void
send_to_selected_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  HrmUsersPane *self = HRM_USERS_PANE (widget);
  HrmBulkDialog *dialog;

  if (self->list == NULL || count_checked (self) == 0)
    return;

  dialog = hrm_bulk_launcher_new_for_selection (self->launcher, self->checked);
  g_signal_connect_object (dialog, "notify::job", G_CALLBACK (on_selected_job), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
leave_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  _hrm_users_pane_set_selection_mode (HRM_USERS_PANE (widget), FALSE);
}

/* Ctrl+A: every user loaded so far (not those never scrolled to: "Select
 * all N" takes them). */
static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HrmUsersPane *self = HRM_USERS_PANE (widget);
  g_autoptr(GArray) ids = NULL;

  if (self->list == NULL)
    return;

  _hrm_users_pane_set_selection_mode (self, TRUE);
  ids = hrm_user_list_dup_loaded_ids (self->list);
  hrm_user_selection_add_ids (self->checked, ids);
}

static void
select_all_matching_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  HrmUsersPane *self = HRM_USERS_PANE (widget);

  if (self->list == NULL || !self->selection_mode)
    return;
  hrm_user_selection_set_all_matching (self->checked, TRUE);
}

void
hrm_users_pane_set_selection_mode (HrmUsersPane *self,
                                   gboolean      selection_mode)
{
  g_return_if_fail (HRM_IS_USERS_PANE (self));

  _hrm_users_pane_set_selection_mode (self, selection_mode);
}

gboolean
hrm_users_pane_get_selection_mode (HrmUsersPane *self)
{
  g_return_val_if_fail (HRM_IS_USERS_PANE (self), FALSE);

  return self->selection_mode;
}

guint
hrm_users_pane_get_n_checked (HrmUsersPane *self)
{
  g_return_val_if_fail (HRM_IS_USERS_PANE (self), 0);

  return count_checked (self);
}

gboolean
hrm_users_pane_get_all_matching (HrmUsersPane *self)
{
  g_return_val_if_fail (HRM_IS_USERS_PANE (self), FALSE);

  return hrm_user_selection_get_all_matching (self->checked);
}

/* Selection mode: the Select button, Escape, Ctrl+A, the action bar. */
void
_hrm_users_pane_class_add_selection_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_property_action (widget_class, "users.selection-mode",
                                            "selection-mode");
  gtk_widget_class_install_action (widget_class, "users.leave-selection", NULL,
                                   leave_selection_action);
  gtk_widget_class_install_action (widget_class, "users.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "users.select-all-matching", NULL,
                                   select_all_matching_action);
  gtk_widget_class_install_action (widget_class, "users.send-to-selected", NULL,
                                   send_to_selected_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "users.leave-selection", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK,
                                       "users.select-all", NULL);
}
