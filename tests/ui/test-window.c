/* test-window.c — the window itself: its size, closing, its shortcuts
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-window"

#include "config.h"

#include <string.h>

#include "hrm-application.h"
#include "hrm-ui-test.h"
#include "hrm-users-pane.h"

/* The window opens at the size it had when it was closed. */
static void
test_window_size_remembered (void)
{
  HrmWindow *window = hrm_ui_test_window_new ();
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  int width = 0;
  int height = 0;

  gtk_window_set_default_size (GTK_WINDOW (window), 720, 540);
  hrm_ui_test_spin (50);
  gtk_window_close (GTK_WINDOW (window));
  hrm_ui_test_spin (50);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 720);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 540);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  window = hrm_window_new (NULL);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 720);
  g_assert_cmpint (height, ==, 540);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Ctrl+W closes the window; the sign-in view has nothing to lose. */
static void
test_window_ctrl_w (void)
{
  HrmWindow *window = hrm_ui_test_window_new ();
  GtkWidget *watched = GTK_WIDGET (window);

  g_object_add_weak_pointer (G_OBJECT (watched), (gpointer *) &watched);
  g_assert_true (hrm_ui_test_press_shortcut (GTK_WIDGET (window), "<Control>w"));
  hrm_ui_test_spin (50);
  g_assert_null (watched);
}

/* Ctrl+S is the page's save, Ctrl+F the search: both only in the main view. */
static void
test_window_shortcuts_need_main_view (void)
{
  HrmWindow *window = hrm_ui_test_window_new ();

  g_assert_cmpstr (hrm_window_get_view (window), ==, "sign-in");
  g_assert_false (hrm_ui_test_press_shortcut (GTK_WIDGET (window), "<Control>f"));
  g_assert_false (hrm_ui_test_press_shortcut (GTK_WIDGET (window), "<Control>s"));

  hrm_ui_test_window_destroy (window);
}

/* Opens @button's menu as a click does and checks it shows @item; the menu
 * is built when it first opens, and kept. */
static void
assert_menu_opens (GtkMenuButton *button,
                   const char    *item)
{
  GtkPopover *popover;

  g_assert_null (gtk_menu_button_get_popover (button));
  gtk_menu_button_popup (button);
  HRM_UI_WAIT_UNTIL (gtk_menu_button_get_popover (button) != NULL &&
                     gtk_widget_get_mapped (GTK_WIDGET (gtk_menu_button_get_popover (button))));
  popover = gtk_menu_button_get_popover (button);
  HRM_UI_WAIT_UNTIL (hrm_ui_test_find (GTK_WIDGET (popover), hrm_ui_test_is_label_saying,
                                       item) != NULL);

  gtk_menu_button_popdown (button);
  HRM_UI_WAIT_UNTIL (!gtk_widget_get_mapped (GTK_WIDGET (popover)));
  gtk_menu_button_popup (button);
  HRM_UI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (popover)));
  g_assert_true (gtk_menu_button_get_popover (button) == popover);
  gtk_menu_button_popdown (button);
}

static gboolean
is_menu_button (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget);
}

/* The main menu and the users' Export and import menu open with their items. */
static void
test_window_menus_open (void)
{
  HrmWindow *window = hrm_ui_test_window_new ();
  GtkWidget *holder = gtk_window_new ();
  GtkWidget *pane = hrm_users_pane_new ();
  GtkWidget *sign_in_bin = hrm_ui_test_child (window, HRM_TYPE_WINDOW, "sign_in_bin");

  /* The sign-in view's header bar is built with it, when the window is shown. */
  assert_menu_opens (GTK_MENU_BUTTON (hrm_ui_test_find (sign_in_bin, is_menu_button, NULL)),
                     "_About HRM Users");
  hrm_ui_test_window_destroy (window);

  gtk_window_set_child (GTK_WINDOW (holder), pane);
  gtk_window_present (GTK_WINDOW (holder));
  HRM_UI_WAIT_UNTIL (gtk_widget_get_mapped (pane));
  assert_menu_opens (GTK_MENU_BUTTON (hrm_ui_test_child (pane, HRM_TYPE_USERS_PANE,
                                                         "file_menu_button")),
                     "_Export List…");
  gtk_window_destroy (GTK_WINDOW (holder));
}

/* The tooltips the templates' widgets are given without asking the X server
 * where the pointer is (hrm_widget_set_fixed_tooltip()) come up under the
 * pointer as GTK's own do. */
static void
test_window_fixed_tooltips (void)
{
  GtkWidget *holder = gtk_window_new ();
  GtkWidget *pane = hrm_users_pane_new ();
  GtkWidget *select_button = hrm_ui_test_child (pane, HRM_TYPE_USERS_PANE, "select_button");

  gtk_window_set_child (GTK_WINDOW (holder), pane);
  gtk_window_present (GTK_WINDOW (holder));
  HRM_UI_WAIT_UNTIL (gtk_widget_get_mapped (select_button));
  g_assert_true (gtk_widget_get_has_tooltip (select_button));
  g_assert_null (hrm_ui_test_find (holder, hrm_ui_test_is_label_saying, "Select users"));

  hrm_ui_test_point_at (select_button);
  HRM_UI_WAIT_UNTIL (hrm_ui_test_find (holder, hrm_ui_test_is_label_saying, "Select users"));
  gtk_window_destroy (GTK_WINDOW (holder));
}

static gboolean
has_accel (GtkApplication *app,
           const char     *action,
           const char     *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, action);

  return g_strv_contains ((const char * const *) accels, accel);
}

/* The application as the program has it after start-up (its style sheets,
 * icons and accelerators), without running its main loop. */
static HrmApplication *
registered_application (void)
{
  HrmApplication *app = hrm_application_new (APPLICATION_ID ".Test");
  g_autoptr(GError) error = NULL;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_COMMAND_LINE |
                                                G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  return app;
}

/* In the application the window has the shortcuts window (Ctrl+?), built
 * when first asked for, and Ctrl+Q quits. */
static void
test_window_help_overlay (void)
{
  g_autoptr(HrmApplication) app = registered_application ();
  GtkShortcutsWindow *overlay;
  HrmWindow *window;

  window = hrm_window_new (GTK_APPLICATION (app));
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (has_accel (GTK_APPLICATION (app), "win.shortcuts", "<Control>question"));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.shortcuts", NULL));
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  HRM_UI_WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) == GTK_WINDOW (window));
  /* Asked again, the same window. */
  gtk_window_close (GTK_WINDOW (overlay));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.shortcuts", NULL));
  g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) == overlay);
  g_assert_true (has_accel (GTK_APPLICATION (app), "app.quit", "<Control>q"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "sign-out"));

  gtk_window_destroy (GTK_WINDOW (window));
  hrm_ui_test_spin (50);
}

/* What the window draws at start-up (the spinner while signing in, then the
 * users beside "Select a user") is no SVG: Adwaita has those two icons only
 * as SVG at their sizes, and drawing one maps librsvg for good, 7 MiB
 * resident (src/app/icons). In a child process, whose memory map nothing else
 * has touched; Adwaita's own icon drawn at the end shows the check can fail. */
static void
test_window_no_svg_at_start (void)
{
#ifndef HRM_OWN_SYMBOLIC_ICONS
  g_test_skip ("built without gtk4-encode-symbolic-svg: the app draws Adwaita's SVG icons");
#else
  if (g_test_subprocess ())
    {
      g_autoptr(HrmApplication) app = registered_application ();
      g_autofree char *maps = NULL;
      g_autofree char *maps_after = NULL;
      HrmWindow *window;
      GtkWidget *image;

      window = hrm_window_new (GTK_APPLICATION (app));
      gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
      gtk_window_present (GTK_WINDOW (window));
      _hrm_window_set_view (window, "loading");
      hrm_ui_test_spin (300);
      _hrm_window_set_view (window, "main");
      hrm_ui_test_spin (300);
      g_assert_true (gtk_widget_get_mapped (gtk_stack_get_visible_child (window->stack)));
      g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
      g_assert_null (strstr (maps, "librsvg"));

      image = gtk_image_new_from_icon_name ("avatar-default-symbolic");
      gtk_image_set_pixel_size (GTK_IMAGE (image), 128);
      adw_toast_overlay_set_child (window->toast_overlay, image);
      hrm_ui_test_spin (300);
      g_assert_true (g_file_get_contents ("/proc/self/maps", &maps_after, NULL, NULL));
      g_assert_nonnull (strstr (maps_after, "librsvg"));

      gtk_window_destroy (GTK_WINDOW (window));
      hrm_ui_test_spin (50);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT |
                                   G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
#endif
}

/* The About of the application: libadwaita's own, over the window, saying
 * what the application is and which version runs. */
static void
test_window_about (void)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  /* hrm-dialogs.c shows an AdwAboutDialog inside the window there. */
  g_test_skip ("libadwaita >= 1.5: the About is an AdwAboutDialog, not tested here");
#else
  /* Its own id: registering ".Test" a second time in this process fails. */
  g_autoptr(HrmApplication) app = hrm_application_new (APPLICATION_ID ".TestAbout");
  g_autoptr(GError) error = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();
  AdwAboutWindow *about = NULL;
  HrmWindow *window;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_COMMAND_LINE |
                                                G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  window = hrm_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  hrm_ui_test_spin (50);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  hrm_ui_test_spin (50);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && about == NULL; i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        about = ADW_ABOUT_WINDOW (toplevel);
    }
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "HRM Users");
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == GTK_WINDOW (window));

  gtk_window_destroy (GTK_WINDOW (about));
  gtk_window_destroy (GTK_WINDOW (window));
  hrm_ui_test_spin (50);
#endif
}

int
main (int   argc,
      char *argv[])
{
  hrm_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/window/size-remembered", test_window_size_remembered);
  g_test_add_func ("/ui/window/ctrl-w", test_window_ctrl_w);
  g_test_add_func ("/ui/window/shortcuts-need-main-view", test_window_shortcuts_need_main_view);
  g_test_add_func ("/ui/window/menus-open", test_window_menus_open);
  g_test_add_func ("/ui/window/fixed-tooltips", test_window_fixed_tooltips);
  g_test_add_func ("/ui/window/help-overlay", test_window_help_overlay);
  g_test_add_func ("/ui/window/no-svg-at-start", test_window_no_svg_at_start);
  g_test_add_func ("/ui/window/about", test_window_about);

  return g_test_run ();
}
