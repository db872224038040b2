/* hrm-window.c — the main window: views, shortcuts, the users and the user page
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-a11y.h"
#include "hrm-dialogs.h"
#include "hrm-organisation-window.h"
#include "hrm-page-util.h"
#include "hrm-window-private.h"
#include "hrm-users-resources.h"
#include "hrm-user-page.h"

G_DEFINE_FINAL_TYPE (HrmWindow, hrm_window, ADW_TYPE_APPLICATION_WINDOW)

/* The row the administrator picked, if the list still has that user there
 * (it may have changed while the dialog was open). */
static void
select_leave_user (HrmWindow *self,
                   guint      position)
{
  g_autoptr(HrmUser) user = g_steal_pointer (&self->leave_user);
  HrmUserList *list = hrm_users_pane_get_list (self->users_pane);
  g_autoptr(HrmUser) there = NULL;

  if (list != NULL && position < g_list_model_get_n_items (G_LIST_MODEL (list)))
    there = g_list_model_get_item (G_LIST_MODEL (list), position);

  if (user == NULL || (there != NULL && hrm_user_get_id (there) == hrm_user_get_id (user)))
    hrm_users_pane_select_position (self->users_pane, position);
  else
    _hrm_window_show_user (self, user);
}

/* Does what was asked once unsaved changes are dealt with. */
static void
proceed_leave (HrmWindow *self,
               HrmLeave   leave,
               guint      position)
{
  switch (leave)
    {
    case HRM_LEAVE_SELECT:
      select_leave_user (self, position);
      break;
    case HRM_LEAVE_SIGN_OUT:
      _hrm_window_do_sign_out (self);
      break;
    case HRM_LEAVE_CLOSE:
      self->closing = TRUE;
      gtk_window_close (GTK_WINDOW (self));
      break;
    case HRM_LEAVE_NONE:
    default:
      break;
    }
}

/* The user page */

gboolean
_hrm_window_has_unsaved_changes (HrmWindow *self)
{
  return self->user_page != NULL &&
         hrm_user_page_get_has_unsaved_changes (HRM_USER_PAGE (self->user_page));
}

static void
update_user_title (HrmWindow *self)
{
  g_autofree char *name = NULL;

  if (self->user == NULL)
    {
      adw_window_title_set_title (self->user_title, "");
      adw_window_title_set_subtitle (self->user_title, "");
      return;
    }

  name = hrm_user_dup_display_name (self->user);
  adw_window_title_set_title (self->user_title, name);
  adw_window_title_set_subtitle (self->user_title, hrm_user_get_user_id (self->user));
}

/* The leaflet moves the focus into the child it shows. Unfolded both panes
 * stay on screen: the focus stays where it was (in the list, so the arrow
 * keys keep walking it while the page follows). */
static void
show_pane (HrmWindow *self,
           GtkWidget *pane)
{
  g_autoptr(GtkWidget) focus = NULL;

  if (gtk_root_get_focus (GTK_ROOT (self)) != NULL)
    focus = g_object_ref (gtk_root_get_focus (GTK_ROOT (self)));

  adw_leaflet_set_visible_child (self->leaflet, pane);

  if (focus != NULL && !adw_leaflet_get_folded (self->leaflet) &&
      gtk_root_get_focus (GTK_ROOT (self)) != focus && gtk_widget_get_mapped (focus))
    {
      /* Back in the search field the query stays as typed, not selected. */
      if (GTK_IS_TEXT (focus))
        gtk_text_grab_focus_without_selecting (GTK_TEXT (focus));
      else
        gtk_widget_grab_focus (focus);
    }
}

void
_hrm_window_show_user (HrmWindow *self,
                       HrmUser   *user)
{
  gboolean same;

  g_assert (HRM_IS_WINDOW (self));
  g_assert (user == NULL || HRM_IS_USER (user));

  same = self->user == user ||
         (self->user != NULL && user != NULL &&
          hrm_user_get_id (self->user) == hrm_user_get_id (user));

  if (!same)
    {
      if (self->user != NULL)
        g_signal_handlers_disconnect_by_func (self->user, update_user_title, self);
      g_set_object (&self->user, user);
      if (user != NULL)
        g_signal_connect_object (user, "notify", G_CALLBACK (update_user_title), self,
                                 G_CONNECT_SWAPPED);
      update_user_title (self);
      if (user != NULL)
        hrm_user_page_set_user (_hrm_window_get_user_page (self), user);
      else if (self->user_page != NULL)
        hrm_user_page_set_user (HRM_USER_PAGE (self->user_page), NULL);
    }

  show_pane (self, user != NULL ? self->user_box : self->users_box);
}

static void
on_user_changed (HrmWindow *self,
                 HrmUser   *updated)
{
  HrmUserList *list = hrm_users_pane_get_list (self->users_pane);

  if (list != NULL && updated != NULL)
    hrm_user_list_update_user (list, updated);
}

static void
save_then_leave_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(HrmWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  HrmLeave leave = self->leave;

  self->leave = HRM_LEAVE_NONE;
  /* When saving fails the page says why; the administrator stays. */
  if (hrm_user_page_save_finish (HRM_USER_PAGE (source), result, &error))
    proceed_leave (self, leave, self->leave_position);
  else
    {
      g_debug ("Not leaving: saving failed: %s", error->message);
      g_clear_object (&self->leave_user);
    }
}

/* The user page is built for the first user shown: it is most of the
 * window's widgets, and what start-up shows is the list (bench/README.md,
 * issue 13). Until then the bin shows the page's "Select a user". */
HrmUserPage *
_hrm_window_get_user_page (HrmWindow *self)
{
  HrmUserPage *page;

  if (self->user_page != NULL)
    return HRM_USER_PAGE (self->user_page);

  page = hrm_user_page_new ();
  self->user_page = GTK_WIDGET (page);
  g_signal_connect_object (page, "user-changed", G_CALLBACK (on_user_changed), self,
                           G_CONNECT_SWAPPED);
  hrm_user_page_set_client (page, self->client);
  if (self->organisation != NULL)
    hrm_user_page_set_organisation (page, self->organisation);
  hrm_a11y_name_labelled_buttons (self->user_page);
  adw_bin_set_child (self->user_page_bin, self->user_page);
  return page;
}

/* The user shown, NULL when there is none (or no page yet). */
static HrmUser *
shown_user (HrmWindow *self)
{
  return self->user_page != NULL ? hrm_user_page_get_user (HRM_USER_PAGE (self->user_page)) : NULL;
}

/* Leaving a user with unsaved changes */

static void
on_leave_response (GtkWidget  *dialog,
                   const char *response,
                   gpointer    user_data)
{
  HrmWindow *self = HRM_WINDOW (user_data);
  HrmLeave leave = self->leave;

  self->leave = HRM_LEAVE_NONE;

  if (g_str_equal (response, "discard"))
    {
      proceed_leave (self, leave, self->leave_position);
    }
  else if (g_str_equal (response, "cancel"))
    {
      g_clear_object (&self->leave_user);
    }
  else if (g_str_equal (response, "save"))
    {
      self->leave = leave;
      hrm_user_page_save_async (HRM_USER_PAGE (self->user_page), self->cancellable,
                                save_then_leave_cb, g_object_ref (self));
    }
}

void
_hrm_window_confirm_leave (HrmWindow *self,
                           HrmLeave   leave,
                           guint      position)
{
  const HrmDialogResponse responses[] = {
    { "cancel", _("_Cancel"), ADW_RESPONSE_DEFAULT },
    { "discard", _("_Discard"), ADW_RESPONSE_DESTRUCTIVE },
    { "save", _("_Save"), ADW_RESPONSE_SUGGESTED },
    { NULL }
  };
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;

  g_assert (HRM_IS_WINDOW (self));

  if (!_hrm_window_has_unsaved_changes (self))
    {
      proceed_leave (self, leave, position);
      return;
    }

  self->leave = leave;
  self->leave_position = position;

  if (self->user != NULL)
    name = hrm_user_dup_display_name (self->user);
  if (name != NULL && *name != '\0')
    body = g_strdup_printf (_("The changes to %s have not been saved."), name);
  else
    body = g_strdup (_("The changes to this user have not been saved."));
  hrm_dialog_ask (GTK_WIDGET (self), _("Discard unsaved changes?"), body,
                  responses, "save", "cancel", on_leave_response, self);
}

/* The users pane */

static gboolean
on_selection_changing (HrmWindow    *self,
                       guint         position,
                       HrmUser      *user,
                       HrmUsersPane *pane)
{
  if (self->user != NULL && hrm_user_get_id (self->user) == hrm_user_get_id (user))
    return FALSE;  /* the page shows this user already */
  if (!_hrm_window_has_unsaved_changes (self))
    return FALSE;

  g_set_object (&self->leave_user, user);
  _hrm_window_confirm_leave (self, HRM_LEAVE_SELECT, position);
  return TRUE;
}

static void
on_user_selected (HrmWindow    *self,
                  HrmUser      *user,
                  HrmUsersPane *pane)
{
  _hrm_window_show_user (self, user);
}

/* Views */

static void
update_view_actions (HrmWindow  *self,
                     const char *view)
{
  gboolean main_view = g_str_equal (view, "main");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", main_view);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", main_view);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", self->client != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.organisation",
                                 main_view && self->organisation != NULL);
}

/* The views before the users: built when first shown */

static GtkWidget *
new_flat_header_bar (void)
{
  GtkWidget *header_bar = adw_header_bar_new ();

  gtk_widget_add_css_class (header_bar, "flat");
  /* The view says what it is: no window title above it. */
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header_bar), adw_window_title_new ("", ""));
  return header_bar;
}

/* Called once, by _hrm_window_get_sign_in_page(): @page under a header bar
 * with the main menu. */
void
_hrm_window_set_sign_in_page (HrmWindow     *self,
                              HrmSignInPage *page)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header_bar = new_flat_header_bar ();
  GtkWidget *menu_button = gtk_menu_button_new ();

  g_return_if_fail (adw_bin_get_child (self->sign_in_bin) == NULL);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "open-menu-symbolic");
  gtk_menu_button_set_primary (GTK_MENU_BUTTON (menu_button), TRUE);
  hrm_menu_button_set_menu_model_on_demand (GTK_MENU_BUTTON (menu_button), self->primary_menu);
  hrm_widget_set_fixed_tooltip (menu_button, _("Main menu"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Main menu"),
                                  -1);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header_bar), menu_button);
  gtk_box_append (GTK_BOX (box), header_bar);
  gtk_widget_set_vexpand (GTK_WIDGET (page), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (page));
  adw_bin_set_child (self->sign_in_bin, box);
}

/* "Signing in…", while the account is checked after signing in */
static void
build_loading_view (HrmWindow *self)
{
  GtkWidget *handle = gtk_window_handle_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *status_page = adw_status_page_new ();
  GtkWidget *spinner = gtk_spinner_new ();

  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  adw_status_page_set_title (ADW_STATUS_PAGE (status_page), _("Signing in…"));
  adw_status_page_set_child (ADW_STATUS_PAGE (status_page), spinner);
  gtk_widget_set_vexpand (status_page, TRUE);
  gtk_box_append (GTK_BOX (box), new_flat_header_bar ());
  gtk_box_append (GTK_BOX (box), status_page);
  gtk_window_handle_set_child (GTK_WINDOW_HANDLE (handle), box);
  adw_bin_set_child (self->loading_bin, handle);
}

void
_hrm_window_set_view (HrmWindow  *self,
                      const char *view)
{
  if (g_str_equal (view, "sign-in"))
    _hrm_window_get_sign_in_page (self);
  else if (g_str_equal (view, "loading") && adw_bin_get_child (self->loading_bin) == NULL)
    build_loading_view (self);
  gtk_stack_set_visible_child_name (self->stack, view);
  update_view_actions (self, view);
}

const char *
hrm_window_get_view (HrmWindow *self)
{
  g_return_val_if_fail (HRM_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

void
hrm_window_show_toast (HrmWindow  *self,
                       const char *message)
{
  g_return_if_fail (HRM_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
  hrm_a11y_name_toasts (self->toast_overlay);
}

HrmClient *
hrm_window_get_client (HrmWindow *self)
{
  g_return_val_if_fail (HRM_IS_WINDOW (self), NULL);

  return self->client;
}

void
hrm_window_set_tls_database (HrmWindow    *self,
                             GTlsDatabase *database)
{
  g_return_if_fail (HRM_IS_WINDOW (self));
  g_return_if_fail (database == NULL || G_IS_TLS_DATABASE (database));

  g_set_object (&self->tls_database, database);
  if (self->sign_in_page != NULL)
    hrm_sign_in_page_set_tls_database (self->sign_in_page, database);
}

/* Actions */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HrmWindow *self = HRM_WINDOW (widget);

  /* Selecting the same row again shows its page again. */
  hrm_users_pane_unselect (self->users_pane);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HrmWindow *self = HRM_WINDOW (widget);

  show_pane (self, self->users_box);
  hrm_users_pane_focus_search (self->users_pane);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HrmWindow *self = HRM_WINDOW (widget);

  if (self->user_page != NULL)
    gtk_widget_activate_action (self->user_page, "user.save", NULL);
}

/* Ctrl+R, F5: the users list and its overview again, and the user shown —
 * unless that would throw away what was typed. */
static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HrmWindow *self = HRM_WINDOW (widget);

  gtk_widget_activate_action (GTK_WIDGET (self->users_pane), "users.retry", NULL);
  if (shown_user (self) == NULL)
    return;
  if (_hrm_window_has_unsaved_changes (self))
    hrm_window_show_toast (self, _("Save or revert the changes to the user to reload it"));
  else
    gtk_widget_activate_action (self->user_page, "user.reload", NULL);
}

/* Alt+1…: a tab of the user shown, in the order of the tabs (there are four). */
static void
show_tab_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  HrmWindow *self = HRM_WINDOW (widget);

  if (shown_user (self) == NULL)
    return;
  show_pane (self, self->user_box);
  gtk_widget_activate_action_variant (self->user_page, "user.show-tab", parameter);
}

/* The settings changed: the address checks use the new domains, and the
 * server's warnings about saved addresses may have changed with them. */
static void
on_organisation_saved (HrmWindow       *self,
                       HrmOrganisation *organisation)
{
  g_set_object (&self->organisation, organisation);
  gtk_widget_activate_action (GTK_WIDGET (self->users_pane), "users.retry", NULL);
  if (self->user_page == NULL)
    return;
  hrm_user_page_set_organisation (HRM_USER_PAGE (self->user_page), organisation);
  if (shown_user (self) != NULL && !_hrm_window_has_unsaved_changes (self))
    gtk_widget_activate_action (self->user_page, "user.reload", NULL);
}

/* Ctrl+?, the main menu's Keyboard Shortcuts. GtkApplication would build
 * gtk/help-overlay.ui (some 275 widgets) with every window; this builds it
 * the first time it is asked for, and GtkApplicationWindow shows it. */
static void
shortcuts_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);

  if (gtk_application_window_get_help_overlay (window) == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/io/github/hrmusers/HrmUsers/hrm-shortcuts-window.ui");

      gtk_application_window_set_help_overlay (
        window, GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
    }
  gtk_widget_activate_action (widget, "win.show-help-overlay", NULL);
}

/* Ctrl+comma, the main menu's Organisation…: its settings, read-only for
 * those who may not change them. */
static void
organisation_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  HrmWindow *self = HRM_WINDOW (widget);
  HrmOrganisationWindow *window;

  if (self->client == NULL || self->organisation == NULL)
    return;

  window = hrm_organisation_window_new (GTK_WINDOW (self), self->client, self->organisation);
  g_signal_connect_object (window, "saved", G_CALLBACK (on_organisation_saved), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  hrm_window_sign_out (HRM_WINDOW (widget));
}

static void
show_toast_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  hrm_window_show_toast (HRM_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* Window state */

static void
save_window_state (HrmWindow *self)
{
  int width = 0;
  int height = 0;
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));

  if (!maximized)
    {
      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      if (width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
}

static gboolean
hrm_window_close_request (GtkWindow *window)
{
  HrmWindow *self = HRM_WINDOW (window);

  if (!self->closing && _hrm_window_has_unsaved_changes (self))
    {
      _hrm_window_confirm_leave (self, HRM_LEAVE_CLOSE, 0);
      return TRUE;
    }

  save_window_state (self);
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (hrm_window_parent_class)->close_request (window);
}

/* GObject */

HrmWindow *
hrm_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (HRM_TYPE_WINDOW, "application", application, NULL);
}

/* Shown on the sign-in view (no session to resume, or the first window of a
 * test): its page is built now, and typing goes into its first empty field,
 * not to the main menu button (the first focusable widget otherwise). */
static void
hrm_window_show (GtkWidget *widget)
{
  HrmWindow *self = HRM_WINDOW (widget);

  if (self->sign_in_page == NULL && g_str_equal (hrm_window_get_view (self), "sign-in"))
    hrm_sign_in_page_focus (_hrm_window_get_sign_in_page (self));

  GTK_WIDGET_CLASS (hrm_window_parent_class)->show (widget);
}

static void
hrm_window_dispose (GObject *object)
{
  HrmWindow *self = HRM_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  _hrm_window_session_dispose (self);
  if (self->user != NULL)
    g_signal_handlers_disconnect_by_func (self->user, update_user_title, self);
  g_clear_object (&self->user);
  g_clear_object (&self->leave_user);

  gtk_widget_dispose_template (GTK_WIDGET (self), HRM_TYPE_WINDOW);

  G_OBJECT_CLASS (hrm_window_parent_class)->dispose (object);
}

static void
hrm_window_finalize (GObject *object)
{
  HrmWindow *self = HRM_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->tls_database);
  g_free (self->sign_in_server);
  g_free (self->sign_in_username);

  G_OBJECT_CLASS (hrm_window_parent_class)->finalize (object);
}

static void
hrm_window_class_init (HrmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = hrm_window_dispose;
  object_class->finalize = hrm_window_finalize;
  widget_class->show = hrm_window_show;
  window_class->close_request = hrm_window_close_request;

  /* Keep the resources linked in from the static library. */
  g_assert (hrm_users_get_resource () != NULL);
  g_type_ensure (HRM_TYPE_USERS_PANE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hrmusers/HrmUsers/hrm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HrmWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HrmWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, HrmWindow, sign_in_bin);
  gtk_widget_class_bind_template_child (widget_class, HrmWindow, loading_bin);
  gtk_widget_class_bind_template_child (widget_class, HrmWindow, users_menu_button);
  gtk_widget_class_bind_template_child (widget_class, HrmWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, HrmWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, HrmWindow, users_box);
  gtk_widget_class_bind_template_child (widget_class, HrmWindow, users_title);
  gtk_widget_class_bind_template_child (widget_class, HrmWindow, users_pane);
  gtk_widget_class_bind_template_child (widget_class, HrmWindow, user_box);
  gtk_widget_class_bind_template_child (widget_class, HrmWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, HrmWindow, user_title);
  gtk_widget_class_bind_template_child (widget_class, HrmWindow, user_page_bin);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_changing);
  gtk_widget_class_bind_template_callback (widget_class, on_user_selected);

  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.show-tab", "u", show_tab_action);
  gtk_widget_class_install_action (widget_class, "win.show-toast", "s", show_toast_action);
  gtk_widget_class_install_action (widget_class, "win.organisation", NULL, organisation_action);
  gtk_widget_class_install_action (widget_class, "win.shortcuts", NULL, shortcuts_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK,
                                       "win.organisation", NULL);
  for (guint i = 0; i < 9; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-tab", "u", i);
}

static void
hrm_window_init (HrmWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APPLICATION_ID);
  hrm_menu_button_set_menu_model_on_demand (self->users_menu_button, self->primary_menu);
  hrm_widget_set_fixed_tooltip (GTK_WIDGET (self->users_menu_button), _("Main menu"));
  hrm_widget_set_fixed_tooltip (self->back_button, _("Back to users"));

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (g_str_has_suffix (APPLICATION_ID, ".Devel"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  /* The sign-in page and the users are never heard at the same time. */
  hrm_a11y_hide_unseen_pages (GTK_WIDGET (self->stack));

  adw_bin_set_child (self->user_page_bin, hrm_user_page_new_placeholder ());
  hrm_a11y_name_labelled_buttons (GTK_WIDGET (self));
  /* The stack starts on its first page, "sign-in"; the page itself is built
   * when the window is shown on it (hrm_window_show()). */
  update_view_actions (self, "sign-in");
}
