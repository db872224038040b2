/* hrm-users-pane.c — search, filters and the list of users
 *
 * Two selections: the GtkSingleSelection is the user the window shows; in
 * selection mode (the Select button) the rows get check boxes, and the users
 * ticked are an HrmUserSelection (a set of ids, or "all matching"), not in
 * the rows, which the list view recycles: binding a row sets its check from
 * the set. Selection mode is in hrm-users-pane-selection.c; the bulk jobs,
 * export and import the pane starts are in hrm-users-pane-actions.c.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-users-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-a11y.h"
#include "hrm-bench.h"
#include "hrm-memory.h"
#include "hrm-page-util.h"
#include "hrm-users-pane-private.h"

G_DEFINE_FINAL_TYPE (HrmUsersPane, hrm_users_pane, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SELECTION_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SELECTION_CHANGING,
  USER_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
_hrm_users_pane_notify_selection_mode (HrmUsersPane *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION_MODE]);
}

/* The nicks of the schema's enums, in the order of the drop-downs' items
 * and of HrmConnectionFilter / HrmEnabledFilter. */
static const char * const connection_nicks[] = {
  "all", "not-linked", "pending", "linked", "expired", "not-linked-with-email",
  "not-linked-without-email", "leaving", "linked-private", NULL
};
static const char * const enabled_nicks[] = { "all", "enabled", "disabled", NULL };

static gboolean
nick_to_index (GValue   *value,
               GVariant *variant,
               gpointer  user_data)
{
  const char * const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    {
      if (g_str_equal (nicks[i], nick))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
index_to_nick (const GValue       *value,
               const GVariantType *expected_type,
               gpointer            user_data)
{
  const char * const *nicks = user_data;
  guint index = g_value_get_uint (value);

  if (index >= g_strv_length ((char **) nicks))
    return NULL;

  return g_variant_new_string (nicks[index]);
}

/* What the pane shows */

/* Whether a bulk job can take the list's filters: Leaving is the list's
 * alone (and its users are linked or pending, nobody to send to). */
gboolean
_hrm_users_pane_filter_has_bulk_job (HrmUsersPane *self)
{
  return hrm_user_list_get_connection_filter (self->list) != HRM_CONNECTION_FILTER_LEAVING;
}

static void
update_total (HrmUsersPane *self)
{
  g_autofree char *text = NULL;
  g_autofree char *number = NULL;
  guint total;

  if (self->list == NULL ||
      (hrm_user_list_get_loading (self->list) &&
       g_list_model_get_n_items (G_LIST_MODEL (self->list)) == 0))
    {
      gtk_label_set_label (self->total_label, "");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.send-to-listed", FALSE);
      return;
    }

  total = hrm_user_list_get_total (self->list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.send-to-listed",
                                 total > 0 && _hrm_users_pane_filter_has_bulk_job (self));
  /* Digits grouped as the locale does it: "1 234" */
  number = g_strdup_printf ("%'u", total);
  text = g_strdup_printf (ngettext ("%s user", "%s users", total), number);
  gtk_label_set_label (self->total_label, text);
}

/* The first rows
 *
 * GTK 4.8's list view binds up to 200 rows (GTK_LIST_VIEW_MAX_LIST_ITEMS)
 * whatever its height, and a window shows about 15: building, binding and
 * laying out the others made the first frame with users much later. So a
 * new list is shown through a slice of as many rows as the window can show
 * (first_rows_size()) until the frame that shows them has been drawn; from
 * the next frame on the slice covers the whole list (items-changed for the
 * rows after it only, so the rows already built stay). The list's total and
 * the positions are the same in both (the slice starts at 0); only the
 * scrollbar is short for that one frame. */
#define MIN_ROW_HEIGHT 40     /* a row's two lines and padding (hrm-user-row.c): 41 px */
#define MIN_ABOVE_LIST 150    /* header bar, search and filters, with the overview folded */

static guint
first_rows_size (HrmUsersPane *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  int width, height = 0;

  /* Shown: its height; about to be: the size it opens at (hrm-window.c). */
  if (GTK_IS_WINDOW (root))
    {
      height = gtk_widget_get_height (GTK_WIDGET (root));
      if (height <= 0 && !g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_get_default_size (GTK_WINDOW (root), &width, &height);
    }
  if (height <= 0)
    {
      /* Maximised, or no window yet: the screen's height. */
      GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, 0);
      GdkRectangle geometry = { 0, 0, 0, 1440 };

      if (monitor != NULL)
        gdk_monitor_get_geometry (monitor, &geometry);
      height = geometry.height;
    }

  return CLAMP ((height - MIN_ABOVE_LIST) / MIN_ROW_HEIGHT + 2, 10, 200);
}

static gboolean
lift_first_rows (GtkWidget     *list_view,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  HrmUsersPane *self = user_data;

  /* The first call is in the frame that draws the first rows: let it. */
  if (!self->first_rows_drawn)
    {
      self->first_rows_drawn = TRUE;
      return G_SOURCE_CONTINUE;
    }
  self->lift_tick_id = 0;
  gtk_slice_list_model_set_size (self->first_rows, G_MAXUINT);
  return G_SOURCE_REMOVE;
}

static void lift_first_rows_after_frame (HrmUsersPane *self);

static void
on_list_view_map (HrmUsersPane *self)
{
  g_signal_handlers_disconnect_by_func (self->list_view, on_list_view_map, self);
  lift_first_rows_after_frame (self);
}

/* Called when the list has rows: lifts the slice after the first frame that
 * shows them (tick callbacks run in a frame before it is laid out). */
static void
lift_first_rows_after_frame (HrmUsersPane *self)
{
  if (self->lift_tick_id != 0 || self->first_rows == NULL
      || gtk_slice_list_model_get_size (self->first_rows) == G_MAXUINT)
    return;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self->list_view)))
    {
      /* No frame shows the list now: wait until one does, without ticking. */
      g_signal_handlers_disconnect_by_func (self->list_view, on_list_view_map, self);
      g_signal_connect_swapped (self->list_view, "map", G_CALLBACK (on_list_view_map), self);
      return;
    }
  self->first_rows_drawn = FALSE;
  self->lift_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view),
                                                     lift_first_rows, self, NULL);
}

/* "No users found" and "Users could not be loaded" are built when first
 * shown: most starts never show them. */
static AdwStatusPage *
add_status_page (HrmUsersPane *self,
                 const char   *name,
                 const char   *icon_name,
                 const char   *title)
{
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), icon_name);
  adw_status_page_set_title (ADW_STATUS_PAGE (page), title);
  gtk_widget_add_css_class (page, "compact");
  gtk_stack_add_named (self->content_stack, page, name);
  return ADW_STATUS_PAGE (page);
}

static void
show_status_page (HrmUsersPane *self,
                  const char   *name)
{
  GtkWidget *retry;

  if (gtk_stack_get_child_by_name (self->content_stack, name) != NULL)
    return;

  if (g_str_equal (name, "empty"))
    {
      AdwStatusPage *page = add_status_page (self, name, "system-search-symbolic",
                                             _("No users found"));

      adw_status_page_set_description (page, _("Try a different search or filter."));
      return;
    }

  g_assert (g_str_equal (name, "error"));
  self->error_page = add_status_page (self, name, "dialog-warning-symbolic",
                                      _("Users could not be loaded"));
  retry = gtk_button_new_with_mnemonic (_("_Retry"));
  gtk_widget_set_halign (retry, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (retry), "users.retry");
  gtk_widget_add_css_class (retry, "pill");
  adw_status_page_set_child (self->error_page, retry);
  hrm_a11y_name_labelled_buttons (retry);
}

static void
update_content (HrmUsersPane *self)
{
  const char *page;
  const GError *error;
  guint n_items;

  if (self->list == NULL)
    {
      page = "none";
    }
  else
    {
      error = hrm_user_list_get_error (self->list);
      n_items = g_list_model_get_n_items (G_LIST_MODEL (self->list));

      if (error != NULL && !hrm_user_list_get_loading (self->list))
        {
          page = "error";
          show_status_page (self, page);
          adw_status_page_set_description (self->error_page, error->message);
        }
      else if (n_items == 0 && hrm_user_list_get_loading (self->list))
        {
          page = "loading";
        }
      else if (n_items == 0)
        {
          page = "empty";
          show_status_page (self, page);
        }
      else
        {
          page = "list";
        }
    }

  if (g_str_equal (page, "list") && !hrm_user_list_get_loading (self->list))
    lift_first_rows_after_frame (self);
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (page, "loading"));
  gtk_stack_set_visible_child_name (self->content_stack, page);
  update_total (self);
}

/* A page of users is in and its rows are bound: what that freed (its JSON,
 * rows the list view rebuilt) goes back to the system once things are quiet. */
static void
on_list_loading (HrmUsersPane *self)
{
  if (!hrm_user_list_get_loading (self->list))
    hrm_memory_trim_soon ();
}

/* Selection */

static void
accept_selection (HrmUsersPane *self,
                  guint         position,
                  HrmUser      *user)
{
  self->accepted_position = position;
  g_set_object (&self->selected_user, user);
  /* The user page shows this object: a new search must not refill it in place. */
  if (self->list != NULL)
    hrm_user_list_hold_user (self->list, user);
  g_signal_emit (self, signals[USER_SELECTED], 0, user);
}

void
_hrm_users_pane_set_selected (HrmUsersPane *self,
                              guint         position)
{
  self->selecting = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->selecting = FALSE;
}

static gboolean
same_user (HrmUser *a,
           HrmUser *b)
{
  return a != NULL && b != NULL && hrm_user_get_id (a) == hrm_user_get_id (b);
}

/* Back to the row of the accepted user, if it is still where it was. */
void
_hrm_users_pane_restore_selection (HrmUsersPane *self)
{
  g_autoptr(HrmUser) user = NULL;
  guint position = GTK_INVALID_LIST_POSITION;

  if (self->list != NULL && self->accepted_position != GTK_INVALID_LIST_POSITION)
    user = g_list_model_get_item (G_LIST_MODEL (self->list), self->accepted_position);
  if (same_user (user, self->selected_user))
    position = self->accepted_position;

  _hrm_users_pane_set_selected (self, position);
}

/* Arrow keys and Page Down select every row they pass (the selection
 * follows the focus); each user opened loads four resources. A row reached
 * by a key opens once the keys pause for this long; a click opens at once. */
#define SETTLE_MS 150

static void accept_selected (HrmUsersPane *self);

static gboolean
settle_cb (gpointer data)
{
  HrmUsersPane *self = data;

  self->settle_id = 0;
  accept_selected (self);
  return G_SOURCE_REMOVE;
}

static void
on_selection_changed (HrmUsersPane *self)
{
  if (self->selecting)
    return;
  /* Arrow keys move the list's selection along with the focus: in selection
   * mode that opens nobody (the check boxes are the selection). */
  if (self->selection_mode)
    {
      _hrm_users_pane_set_selected (self, GTK_INVALID_LIST_POSITION);
      return;
    }

  g_clear_handle_id (&self->settle_id, g_source_remove);
  if (self->keyboard)
    self->settle_id = g_timeout_add (SETTLE_MS, settle_cb, self);
  else
    accept_selected (self);
}

static void
accept_selected (HrmUsersPane *self)
{
  HrmUser *user;
  guint position;
  gboolean keep = FALSE;

  if (self->selection_mode)
    return;

  position = gtk_single_selection_get_selected (self->selection);
  user = gtk_single_selection_get_selected_item (self->selection);
  if (user == NULL || hrm_user_get_id (user) == 0)
    return;  /* nothing, or a row still loading */

  if (!same_user (user, self->selected_user))
    g_signal_emit (self, signals[SELECTION_CHANGING], 0, position, user, &keep);

  if (keep)
    _hrm_users_pane_restore_selection (self);
  else
    accept_selection (self, position, user);
}

static void
on_list_activate (HrmUsersPane *self,
                  guint         position)
{
  g_autoptr(HrmUser) user = NULL;

  user = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  if (user == NULL || hrm_user_get_id (user) == 0)
    return;

  /* A click, Enter: tick or untick. */
  if (self->selection_mode)
    {
      _hrm_users_pane_set_checked (self, user, !_hrm_users_pane_is_checked (self, user));
      return;
    }

  /* Enter on the selected row shows it again (when the window is narrow);
   * on another row (focused by Tab, not selected yet) it opens that user,
   * as a click does. */
  if (same_user (user, self->selected_user))
    g_signal_emit (self, signals[USER_SELECTED], 0, self->selected_user);
  else
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
}

/* Down in the search goes to the results, as in GNOME's search fields. */
static gboolean
on_search_key_pressed (HrmUsersPane          *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;
  if (!g_str_equal (gtk_stack_get_visible_child_name (self->content_stack), "list"))
    return GDK_EVENT_PROPAGATE;

  return gtk_widget_child_focus (GTK_WIDGET (self->list_view), GTK_DIR_TAB_FORWARD);
}

static gboolean
keyboard_done_cb (gpointer data)
{
  HrmUsersPane *self = data;

  self->keyboard_idle_id = 0;
  self->keyboard = FALSE;
  return G_SOURCE_REMOVE;
}

/* GTK 4.8's list view walks every row on Tab, and in selection mode each
 * row has a check box: Tab goes on to the action bar, Shift+Tab back to the
 * controls above the list, as the rows were one stop. */
static gboolean
on_list_key_pressed (HrmUsersPane          *self,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     GtkEventControllerKey *controller)
{
  GtkWidget *back;

  /* The list view handles the key after us: a selection it makes now is the
   * keyboard's (on_selection_changed waits for the keys to pause). */
  self->keyboard = TRUE;
  if (self->keyboard_idle_id == 0)
    self->keyboard_idle_id = g_idle_add_full (G_PRIORITY_HIGH, keyboard_done_cb, self, NULL);

  if (!self->selection_mode
      || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  if ((keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab) && (state & GDK_SHIFT_MASK) == 0)
    return gtk_widget_child_focus (GTK_WIDGET (self->action_bar), GTK_DIR_TAB_FORWARD);

  if (keyval == GDK_KEY_ISO_Left_Tab || keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab)
    {
      back = gtk_revealer_get_child_revealed (self->select_all_revealer)
             ? GTK_WIDGET (self->select_all_button) : GTK_WIDGET (self->select_button);
      return gtk_widget_grab_focus (back);
    }

  return GDK_EVENT_PROPAGATE;
}

/* Search and filters */

static void
on_search_changed (HrmUsersPane *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *query = g_strstrip (g_strdup (text));

  if (self->list != NULL)
    hrm_user_list_set_query (self->list, query);
}

static void
on_stop_search (HrmUsersPane *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
apply_filters_to_list (HrmUsersPane *self)
{
  guint connection = gtk_drop_down_get_selected (self->connection_dropdown);
  guint enabled = gtk_drop_down_get_selected (self->enabled_dropdown);

  if (connection <= HRM_CONNECTION_FILTER_LINKED_PRIVATE)
    hrm_user_list_set_connection_filter (self->list, (HrmConnectionFilter) connection);
  if (enabled <= HRM_ENABLED_FILTER_DISABLED)
    hrm_user_list_set_enabled_filter (self->list, (HrmEnabledFilter) enabled);
}

static void
apply_filters (HrmUsersPane *self)
{
  if (self->list == NULL)
    return;

  apply_filters_to_list (self);
  /* The list starts over: the counts may have moved too. */
  hrm_provisioning_overview_refresh (self->overview);
}

/* A part of the overview was clicked: show those users (enabled ones: the
 * overview counts only them). */
static void
filter_connection_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  HrmUsersPane *self = HRM_USERS_PANE (widget);
  const char *nick = g_variant_get_string (parameter, NULL);

  for (guint i = 0; connection_nicks[i] != NULL; i++)
    if (g_str_equal (nick, connection_nicks[i]))
      {
        gtk_drop_down_set_selected (self->enabled_dropdown, HRM_ENABLED_FILTER_ENABLED);
        gtk_drop_down_set_selected (self->connection_dropdown, i);
        gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
        return;
      }
  g_warning ("Unknown connection filter “%s”", nick);
}

static void
on_filter_changed (HrmUsersPane *self)
{
  apply_filters (self);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  HrmUsersPane *self = HRM_USERS_PANE (widget);

  if (self->list != NULL)
    {
      hrm_user_list_reload (self->list);
      hrm_provisioning_overview_refresh (self->overview);
    }
}

/* The connection filter's button: its longest names ("Not linked, with
 * email") would not fit beside the enabled filter at 360 px, so the button
 * ellipsizes them; the drop-down's list (its own factory) shows them whole. */

static void
setup_filter_label (GtkSignalListItemFactory *factory,
                    GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_filter_label (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       gtk_string_object_get_string (string));
}

static void
ellipsize_filter_button (GtkDropDown *dropdown)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_filter_label), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_filter_label), NULL);
  gtk_drop_down_set_list_factory (dropdown, gtk_drop_down_get_factory (dropdown));
  gtk_drop_down_set_factory (dropdown, factory);
}

/* Rows */

/* A row went with its list item. */
static void
forget_row (gpointer  data,
            GObject  *row)
{
  HrmUsersPane *self = data;

  g_ptr_array_remove_fast (self->rows, row);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           HrmUsersPane             *self)
{
  GtkWidget *row = hrm_user_row_new ();

  gtk_list_item_set_child (item, row);
  g_object_bind_property (self, "selection-mode", row, "selection-mode", G_BINDING_SYNC_CREATE);
  /* In selection mode a row is not selectable: a click activates it (ticks
   * it) and the focus goes to its check box, where Space ticks it. */
  g_object_bind_property (self, "selection-mode", item, "selectable",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  g_signal_connect_object (row, "check-toggled",
                           G_CALLBACK (_hrm_users_pane_on_row_check_toggled), self,
                           G_CONNECT_SWAPPED);
  g_ptr_array_add (self->rows, row);
  g_object_weak_ref (G_OBJECT (row), forget_row, self);
  /* The first screenful, while the first page is on its way (build_rows_ahead). */
  if (self->list == NULL && self->rows_ahead != NULL)
    hrm_user_row_build_ahead (HRM_USER_ROW (row));
}

/* The list refills a row's object in place (a placeholder's page arrived, or
 * a new search put another user at its position; no items-changed, so the
 * row widget stays): its check box and, for a row selected while it was
 * still loading, the selection catch up here. */
static void
on_row_user_changed (HrmUsersPane *self,
                     GParamSpec   *pspec,
                     HrmUser      *user)
{
  /* Out of selection mode nothing is ticked (_hrm_users_pane_checked_changed() unticked every
   * row): a page of users arriving while scrolling looks through no rows. */
  if (self->selection_mode)
    for (guint i = 0; i < self->rows->len; i++)
      if (hrm_user_row_get_user (g_ptr_array_index (self->rows, i)) == user)
        _hrm_users_pane_sync_row (self, g_ptr_array_index (self->rows, i));

  if (hrm_user_get_id (user) != 0 && user != self->selected_user
      && gtk_single_selection_get_selected_item (self->selection) == (gpointer) user)
    on_selection_changed (self);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          HrmUsersPane             *self)
{
  HrmUserRow *row = HRM_USER_ROW (gtk_list_item_get_child (item));
  HrmUser *user = gtk_list_item_get_item (item);

  hrm_user_row_set_user (row, user);
  _hrm_users_pane_sync_row (self, row);
  if (user != NULL
      && g_signal_handler_find (user, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                                on_row_user_changed, self) == 0)
    g_signal_connect_object (user, "notify::id", G_CALLBACK (on_row_user_changed), self,
                             G_CONNECT_SWAPPED);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  hrm_user_row_set_user (HRM_USER_ROW (gtk_list_item_get_child (item)), NULL);
}

/* Public */

GtkWidget *
hrm_users_pane_new (void)
{
  return g_object_new (HRM_TYPE_USERS_PANE, NULL);
}

void
hrm_users_pane_set_client (HrmUsersPane *self,
                           HrmClient    *client)
{
  hrm_users_pane_set_client_with_list (self, client, NULL, NULL);
}

void
hrm_users_pane_set_client_with_list (HrmUsersPane           *self,
                                     HrmClient              *client,
                                     HrmUserList            *list,
                                     HrmProvisioningSummary *summary)
{
  g_autofree char *query = NULL;

  g_return_if_fail (HRM_IS_USERS_PANE (self));
  g_return_if_fail (client == NULL || HRM_IS_CLIENT (client));
  g_return_if_fail (list == NULL || (HRM_IS_USER_LIST (list) && client != NULL));
  g_return_if_fail (summary == NULL || (HRM_IS_PROVISIONING_SUMMARY (summary) && client != NULL));

  /* Another account, another organisation: nothing stays ticked. */
  _hrm_users_pane_set_selection_mode (self, FALSE);
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  g_clear_object (&self->list);
  g_clear_object (&self->selected_user);
  self->accepted_position = GTK_INVALID_LIST_POSITION;

  /* The list's first page before the counts and the running jobs. */
  if (client != NULL)
    {
      self->list = list != NULL ? g_object_ref (list) : hrm_user_list_new (client);
      query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
      hrm_user_list_set_query (self->list, query);
      apply_filters_to_list (self);
      g_signal_connect_swapped (self->list, "items-changed", G_CALLBACK (update_content), self);
      g_signal_connect_swapped (self->list, "notify::loading", G_CALLBACK (update_content), self);
      g_signal_connect_swapped (self->list, "notify::loading", G_CALLBACK (on_list_loading), self);
      g_signal_connect_swapped (self->list, "notify::error", G_CALLBACK (update_content), self);
      g_signal_connect_swapped (self->list, "notify::total", G_CALLBACK (update_total), self);
      g_signal_connect_swapped (self->list, "notify::total",
                                G_CALLBACK (_hrm_users_pane_update_selection_ui), self);
      g_signal_connect_swapped (self->list, "notify::query",
                                G_CALLBACK (_hrm_users_pane_forget_all_matching), self);
      g_signal_connect_swapped (self->list, "notify::connection-filter",
                                G_CALLBACK (_hrm_users_pane_forget_all_matching), self);
      g_signal_connect_swapped (self->list, "notify::enabled-filter",
                                G_CALLBACK (_hrm_users_pane_forget_all_matching), self);
    }

  /* Read with the list, the counts are in the window's first frame with it:
   * asked for now, they would come in after the window is shown and push the
   * list down (and lay the window out twice). */
  hrm_provisioning_overview_set_client_with_summary (self->overview, client, summary);
  if (client != NULL)
    hrm_bulk_launcher_show_running (self->launcher, client);
  hrm_users_transfer_set_list (self->transfer, self->list);
  hrm_bulk_launcher_set_list (self->launcher, self->list);
  hrm_bench_watch_users (GTK_WIDGET (self->list_view), GTK_EDITABLE (self->search_entry),
                         self->list);

  if (self->lift_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_view), self->lift_tick_id);
  self->lift_tick_id = 0;
  g_signal_handlers_disconnect_by_func (self->list_view, on_list_view_map, self);
  g_clear_object (&self->first_rows);
  if (self->list != NULL)
    self->first_rows = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->list)), 0,
                                                 first_rows_size (self));
  if (self->list != NULL && self->rows_ahead != NULL)
    hrm_user_list_adopt_rows (self->list, G_LIST_MODEL (self->rows_ahead));
  self->selecting = TRUE;
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->first_rows));
  self->selecting = FALSE;
  g_clear_object (&self->rows_ahead);
  /* What the filters' buttons say, and only the content shown. */
  hrm_a11y_name_drop_down (self->connection_dropdown, _("Connection filter"));
  hrm_a11y_name_drop_down (self->enabled_dropdown, _("Enabled filter"));
  hrm_a11y_hide_unseen_pages (GTK_WIDGET (self->content_stack));

  update_content (self);
  _hrm_users_pane_update_selection_ui (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.select-all", self->list != NULL);
}

/**
 * hrm_users_pane_build_rows_ahead:
 *
 * Builds the first screenful of rows, empty, for a list that is on its way
 * (the resumed session's first page, fetched in a thread while the window is
 * built): building them is most of what taking the list over costs, and the
 * main thread has nothing else to do while it waits. When the list comes
 * (hrm_users_pane_set_client_with_list()) the rows keep their widgets and
 * only their labels are filled (hrm_user_list_adopt_rows()).
 */
void
hrm_users_pane_build_rows_ahead (HrmUsersPane *self)
{
  guint n;

  g_return_if_fail (HRM_IS_USERS_PANE (self));

  if (self->list != NULL || self->rows_ahead != NULL)
    return;

  n = first_rows_size (self);
  self->rows_ahead = g_list_store_new (HRM_TYPE_USER);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HrmUser) placeholder = hrm_user_new ();

      g_list_store_append (self->rows_ahead, placeholder);
    }
  self->selecting = TRUE;
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->rows_ahead));
  self->selecting = FALSE;
}

HrmUserList *
hrm_users_pane_get_list (HrmUsersPane *self)
{
  g_return_val_if_fail (HRM_IS_USERS_PANE (self), NULL);

  return self->list;
}

HrmUser *
hrm_users_pane_get_selected_user (HrmUsersPane *self)
{
  g_return_val_if_fail (HRM_IS_USERS_PANE (self), NULL);

  return self->selected_user;
}

void
hrm_users_pane_select_position (HrmUsersPane *self,
                                guint         position)
{
  HrmUser *user;

  g_return_if_fail (HRM_IS_USERS_PANE (self));

  _hrm_users_pane_set_selected (self, position);
  user = gtk_single_selection_get_selected_item (self->selection);
  if (user != NULL && hrm_user_get_id (user) != 0)
    accept_selection (self, position, user);
}

void
hrm_users_pane_unselect (HrmUsersPane *self)
{
  g_return_if_fail (HRM_IS_USERS_PANE (self));

  /* The page keeps its user; selecting the row again shows it again. */
  _hrm_users_pane_set_selected (self, GTK_INVALID_LIST_POSITION);
  g_clear_object (&self->selected_user);
  self->accepted_position = GTK_INVALID_LIST_POSITION;
}

void
hrm_users_pane_focus_search (HrmUsersPane *self)
{
  g_return_if_fail (HRM_IS_USERS_PANE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* GObject */

static void
hrm_users_pane_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HrmUsersPane *self = HRM_USERS_PANE (object);

  switch (prop_id)
    {
    case PROP_SELECTION_MODE:
      g_value_set_boolean (value, self->selection_mode);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hrm_users_pane_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  HrmUsersPane *self = HRM_USERS_PANE (object);

  switch (prop_id)
    {
    case PROP_SELECTION_MODE:
      _hrm_users_pane_set_selection_mode (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hrm_users_pane_dispose (GObject *object)
{
  HrmUsersPane *self = HRM_USERS_PANE (object);

  g_clear_handle_id (&self->settle_id, g_source_remove);
  g_clear_handle_id (&self->keyboard_idle_id, g_source_remove);
  if (self->list_view != NULL)
    {
      if (self->lift_tick_id != 0)
        gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_view), self->lift_tick_id);
      g_signal_handlers_disconnect_by_func (self->list_view, on_list_view_map, self);
    }
  self->lift_tick_id = 0;

  /* The list may outlive us (a page in flight): let go of it first. */
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  if (self->selection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->selection, self);
      gtk_single_selection_set_model (self->selection, NULL);
    }
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  g_clear_object (&self->first_rows);
  g_clear_object (&self->rows_ahead);
  g_clear_object (&self->list);
  if (self->transfer != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->transfer, self);
      hrm_users_transfer_cancel_export (self->transfer);
      hrm_users_transfer_set_list (self->transfer, NULL);
    }
  g_clear_object (&self->transfer);
  /* A job list on its way holds the launcher: let go of us now. */
  if (self->launcher != NULL)
    g_object_run_dispose (G_OBJECT (self->launcher));
  g_clear_object (&self->launcher);
  g_clear_object (&self->selected_user);
  g_clear_object (&self->selection);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), HRM_TYPE_USERS_PANE);

  G_OBJECT_CLASS (hrm_users_pane_parent_class)->dispose (object);
}

static void
hrm_users_pane_finalize (GObject *object)
{
  HrmUsersPane *self = HRM_USERS_PANE (object);

  /* Rows normally go with the list view, in dispose. */
  for (guint i = 0; i < self->rows->len; i++)
    g_object_weak_unref (g_ptr_array_index (self->rows, i), forget_row, self);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->checked);

  G_OBJECT_CLASS (hrm_users_pane_parent_class)->finalize (object);
}

static void
hrm_users_pane_class_init (HrmUsersPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hrm_users_pane_dispose;
  object_class->finalize = hrm_users_pane_finalize;
  object_class->get_property = hrm_users_pane_get_property;
  object_class->set_property = hrm_users_pane_set_property;

  properties[PROP_SELECTION_MODE] =
    g_param_spec_boolean ("selection-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SELECTION_CHANGING] =
    g_signal_new ("selection-changing",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 2, G_TYPE_UINT, HRM_TYPE_USER);
  signals[USER_SELECTED] =
    g_signal_new ("user-selected",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, HRM_TYPE_USER);

  g_type_ensure (HRM_TYPE_USER_ROW);
  g_type_ensure (HRM_TYPE_PROVISIONING_OVERVIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hrmusers/HrmUsers/hrm-users-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, HrmUsersPane, overview);
  gtk_widget_class_bind_template_child (widget_class, HrmUsersPane, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HrmUsersPane, connection_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HrmUsersPane, enabled_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HrmUsersPane, total_label);
  gtk_widget_class_bind_template_child (widget_class, HrmUsersPane, send_listed_button);
  gtk_widget_class_bind_template_child (widget_class, HrmUsersPane, select_button);
  gtk_widget_class_bind_template_child (widget_class, HrmUsersPane, file_menu_button);
  gtk_widget_class_bind_template_child (widget_class, HrmUsersPane, file_menu);
  gtk_widget_class_bind_template_child (widget_class, HrmUsersPane, export_revealer);
  gtk_widget_class_bind_template_child (widget_class, HrmUsersPane, export_progress);
  gtk_widget_class_bind_template_child (widget_class, HrmUsersPane, cancel_export_button);
  gtk_widget_class_bind_template_child (widget_class, HrmUsersPane, select_all_revealer);
  gtk_widget_class_bind_template_child (widget_class, HrmUsersPane, select_all_button);
  gtk_widget_class_bind_template_child (widget_class, HrmUsersPane, select_all_label);
  gtk_widget_class_bind_template_child (widget_class, HrmUsersPane, action_bar);
  gtk_widget_class_bind_template_child (widget_class, HrmUsersPane, selected_label);
  gtk_widget_class_bind_template_child (widget_class, HrmUsersPane, send_selected_button);
  gtk_widget_class_bind_template_child (widget_class, HrmUsersPane, content_stack);
  gtk_widget_class_bind_template_child (widget_class, HrmUsersPane, list_view);
  gtk_widget_class_bind_template_child (widget_class, HrmUsersPane, loading_spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);

  gtk_widget_class_install_action (widget_class, "users.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "users.filter-connection", "s",
                                   filter_connection_action);
  _hrm_users_pane_class_add_list_actions (widget_class);
  _hrm_users_pane_class_add_selection_actions (widget_class);
}

static void
hrm_users_pane_init (HrmUsersPane *self)
{
  GtkListItemFactory *factory;
  GtkEventController *key;

  gtk_widget_init_template (GTK_WIDGET (self));
  hrm_menu_button_set_menu_model_on_demand (self->file_menu_button, self->file_menu);
  hrm_widget_set_fixed_tooltip (GTK_WIDGET (self->connection_dropdown),
                                _("Show users by their link to the identity provider"));
  hrm_widget_set_fixed_tooltip (GTK_WIDGET (self->enabled_dropdown),
                                _("Show enabled users, disabled users or both"));
  hrm_widget_set_fixed_tooltip (GTK_WIDGET (self->send_listed_button),
                                _("Send a verification email to every user the search and "
                                  "filters list, with a preview first"));
  hrm_widget_set_fixed_tooltip (GTK_WIDGET (self->file_menu_button), _("Export and import"));
  hrm_widget_set_fixed_tooltip (GTK_WIDGET (self->select_button), _("Select users"));
  hrm_widget_set_fixed_tooltip (GTK_WIDGET (self->cancel_export_button),
                                _("Stop the export; the file is not written"));
  hrm_widget_set_fixed_tooltip (GTK_WIDGET (self->send_selected_button),
                                _("Send a verification email to the selected users, with a "
                                  "preview first"));

  self->accepted_position = GTK_INVALID_LIST_POSITION;
  self->checked = hrm_user_selection_new ();
  g_signal_connect_swapped (self->checked, "changed",
                            G_CALLBACK (_hrm_users_pane_checked_changed), self);
  self->rows = g_ptr_array_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.cancel-export", FALSE);
  self->transfer = hrm_users_transfer_new (GTK_WIDGET (self), self->export_progress);
  g_signal_connect_swapped (self->transfer, "notify::exporting",
                            G_CALLBACK (_hrm_users_pane_on_exporting_changed), self);
  self->launcher = hrm_bulk_launcher_new (GTK_WIDGET (self), self->overview);
  /* An import's preview is a bulk job like the others. */
  g_signal_connect_object (self->transfer, "bulk-dialog", G_CALLBACK (hrm_bulk_launcher_follow),
                           self->launcher, G_CONNECT_SWAPPED);

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "selection-changed",
                            G_CALLBACK (on_selection_changed), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  /* The list's own Ctrl+A would select all in a single selection, which does
   * nothing: off, so Ctrl+A reaches ours (users.select-all). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self->list_view), "list.select-all", FALSE);
  /* Typing while the list has the focus searches. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->list_view));
  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (key, "key-pressed", G_CALLBACK (on_search_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), key);
  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (key, "key-pressed", G_CALLBACK (on_list_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), key);

  ellipsize_filter_button (self->connection_dropdown);

  /* The filters are remembered between runs. */
  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind_with_mapping (self->settings, "connection-filter",
                                self->connection_dropdown, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                nick_to_index, index_to_nick,
                                (gpointer) connection_nicks, NULL);
  g_settings_bind_with_mapping (self->settings, "enabled-filter",
                                self->enabled_dropdown, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                nick_to_index, index_to_nick,
                                (gpointer) enabled_nicks, NULL);
  /* So is whether the overview's compact form shows its details. */
  g_settings_bind (self->settings, "overview-expanded", self->overview, "expanded",
                   G_SETTINGS_BIND_DEFAULT);

  update_content (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.leave-selection", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.select-all", FALSE);
  _hrm_users_pane_update_selection_ui (self);
}
