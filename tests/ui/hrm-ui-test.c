/* hrm-ui-test.c — driving the real window in UI tests
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-ui-test"

#include "config.h"

#include <execinfo.h>
#include <unistd.h>

#include <gdk/x11/gdkx.h>

#include "hrm-ui-test.h"

#if defined(__SANITIZE_ADDRESS__)
void __sanitizer_print_stack_trace (void);
#endif

/* A warning or critical ends a UI test with a SIGTRAP; the log alone does not
 * say who called, and a timing-dependent one may not come again. The stack
 * does: ASan symbolizes it; otherwise the exported names show the way in.
 * (g_return_if_fail() logs through here; the message stays fatal.) */
static void
log_with_stack (const char     *log_domain,
                GLogLevelFlags  log_level,
                const char     *message,
                gpointer        user_data)
{
  if (log_level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
#if defined(__SANITIZE_ADDRESS__)
      __sanitizer_print_stack_trace ();
#else
      void *frames[64];
      int n_frames = backtrace (frames, G_N_ELEMENTS (frames));

      backtrace_symbols_fd (frames, n_frames, STDERR_FILENO);
#endif
    }
  g_log_default_handler (log_domain, log_level, message, user_data);
}

void
hrm_ui_test_init (int    *argc,
                  char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  g_log_set_default_handler (log_with_stack, NULL);
  adw_init ();
}

void
hrm_ui_test_point_at (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = gtk_native_get_surface (native);
  Display *xdisplay = gdk_x11_display_get_xdisplay (gtk_widget_get_display (widget));
  graphene_point_t middle;
  double dx, dy;

  /* Mapped is not enough: the middle of a widget not yet allocated is 0, 0. */
  HRM_UI_WAIT_UNTIL (gtk_widget_get_width (widget) > 0);
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.f,
                                                                 gtk_widget_get_height (widget) / 2.f),
                                           &middle));
  gtk_native_get_surface_transform (native, &dx, &dy);
  XWarpPointer (xdisplay, None, gdk_x11_surface_get_xid (surface), 0, 0, 0, 0,
                (int) (middle.x + dx), (int) (middle.y + dy));
  XFlush (xdisplay);
  /* The motion comes back from the X server as an event. */
  hrm_ui_test_spin (100);
}

/* The memory backend keeps values for the process: every test starts clean. */
static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

HrmWindow *
hrm_ui_test_window_new (void)
{
  return hrm_ui_test_window_new_sized (-1, -1);
}

HrmWindow *
hrm_ui_test_window_new_sized (int width,
                              int height)
{
  HrmWindow *window;

  reset_settings ();
  if (width > 0 && height > 0)
    {
      g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }
  window = hrm_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  hrm_ui_test_spin (50);

  return window;
}

void
hrm_ui_test_window_destroy (HrmWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  hrm_ui_test_spin (50);
}

void
hrm_ui_test_iterate (void)
{
  if (!g_main_context_iteration (NULL, FALSE))
    g_usleep (2000);
}

void
hrm_ui_test_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    hrm_ui_test_iterate ();
}

GtkWidget *
hrm_ui_test_child (gpointer    widget,
                   GType       type,
                   const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
hrm_ui_test_find_named (gpointer    widget,
                        const char *name)
{
  return find_named (GTK_WIDGET (widget), name);
}

GtkWidget *
hrm_ui_test_named (gpointer    widget,
                   const char *name)
{
  GtkWidget *found = find_named (GTK_WIDGET (widget), name);

  g_assert_nonnull (found);
  return found;
}

const char *
hrm_ui_test_named_label (gpointer    widget,
                         const char *name)
{
  return gtk_label_get_label (GTK_LABEL (hrm_ui_test_named (widget, name)));
}

const char *
hrm_ui_test_label (gpointer    widget,
                   GType       type,
                   const char *name)
{
  return gtk_label_get_label (GTK_LABEL (hrm_ui_test_child (widget, type, name)));
}

static void
set_true (gboolean *flag)
{
  *flag = TRUE;
}

void
hrm_ui_test_fill_sign_in (HrmWindow  *window,
                          const char *server,
                          const char *username,
                          const char *password)
{
  HrmSignInPage *page = _hrm_window_get_sign_in_page (window);
  GtkWidget *button;
  gboolean clicked = FALSE;
  gulong handler;

  g_assert_cmpstr (hrm_window_get_view (window), ==, "sign-in");
  gtk_editable_set_text (GTK_EDITABLE (hrm_ui_test_child (page, HRM_TYPE_SIGN_IN_PAGE,
                                                          "server_row")), server);
  gtk_editable_set_text (GTK_EDITABLE (hrm_ui_test_child (page, HRM_TYPE_SIGN_IN_PAGE,
                                                          "username_row")), username);
  gtk_editable_set_text (GTK_EDITABLE (hrm_ui_test_child (page, HRM_TYPE_SIGN_IN_PAGE,
                                                          "password_row")), password);
  /* The password form shows once the server's discovery document says it
   * allows passwords; an address that does not answer never shows it. Its
   * action is what Enter in the password does. */
  button = hrm_ui_test_child (page, HRM_TYPE_SIGN_IN_PAGE, "sign_in_button");
  if (!gtk_widget_get_mapped (button))
    {
      gtk_widget_activate_action (GTK_WIDGET (page), "sign-in.sign-in", NULL);
      return;
    }
  /* The button, as a click would (GtkButton emits "clicked" after a short
   * pressed-look delay). */
  handler = g_signal_connect_swapped (button, "clicked", G_CALLBACK (set_true), &clicked);
  gtk_widget_activate (button);
  HRM_UI_WAIT_UNTIL (clicked);
  g_signal_handler_disconnect (button, handler);
}

void
hrm_ui_test_sign_in (HrmWindow     *window,
                     HrmTestServer *server,
                     const char    *username)
{
  HrmUserList *list;

  hrm_ui_test_fill_sign_in (window, hrm_test_server_get_uri (server), username,
                            HRM_TEST_PASSWORD);
  HRM_UI_WAIT_UNTIL (g_str_equal (hrm_window_get_view (window), "main"));
  list = hrm_users_pane_get_list (window->users_pane);
  g_assert_nonnull (list);
  HRM_UI_WAIT_UNTIL (!hrm_user_list_get_loading (list) &&
                     g_list_model_get_n_items (G_LIST_MODEL (list)) > 0);
}

static gboolean
activate_matching_shortcut (GtkWidget          *widget,
                            GtkShortcutTrigger *trigger)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  guint n = g_list_model_get_n_items (controllers);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      guint n_shortcuts;

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      n_shortcuts = g_list_model_get_n_items (G_LIST_MODEL (controller));
      for (guint j = 0; j < n_shortcuts; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (!gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), trigger))
            continue;
          if (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                            GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                            gtk_shortcut_get_arguments (shortcut)))
            return TRUE;
        }
    }

  return FALSE;
}

gboolean
hrm_ui_test_press_shortcut (GtkWidget  *widget,
                            const char *accelerator)
{
  g_autoptr(GtkShortcutTrigger) trigger = gtk_shortcut_trigger_parse_string (accelerator);
  GtkWidget *focus;

  g_assert_nonnull (trigger);

  /* From the focused widget up to the window, as a key press bubbles. */
  focus = gtk_root_get_focus (gtk_widget_get_root (widget));
  if (focus == NULL)
    focus = GTK_WIDGET (gtk_widget_get_root (widget));
  for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
    {
      if (activate_matching_shortcut (w, trigger))
        return TRUE;
    }

  return FALSE;
}

gboolean
hrm_ui_test_is_label_saying (GtkWidget     *widget,
                             gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

GtkWidget *
hrm_ui_test_find (GtkWidget      *widget,
                  HrmUiTestMatch  match,
                  gconstpointer   data)
{
  if (match (widget, data))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = hrm_ui_test_find (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

GtkWidget *
hrm_ui_test_find_row (GtkWidget  *widget,
                      const char *title)
{
  return hrm_ui_test_find (widget, is_row_titled, title);
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

GtkWidget *
hrm_ui_test_find_button (GtkWidget  *widget,
                         const char *label)
{
  return hrm_ui_test_find (widget, is_button_labelled, label);
}
