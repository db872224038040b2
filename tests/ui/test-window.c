/* test-window.c — the window itself: its size, closing, its shortcuts
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-window"

#include "config.h"

#include "hrm-ui-test.h"

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

int
main (int   argc,
      char *argv[])
{
  hrm_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/window/size-remembered", test_window_size_remembered);
  g_test_add_func ("/ui/window/ctrl-w", test_window_ctrl_w);
  g_test_add_func ("/ui/window/shortcuts-need-main-view", test_window_shortcuts_need_main_view);

  return g_test_run ();
}
