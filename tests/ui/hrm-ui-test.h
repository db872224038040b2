/* hrm-ui-test.h — driving the real window in UI tests
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hrm-test-server.h"
#include "hrm-window-private.h"

G_BEGIN_DECLS

/* gtk_test_init + adw_init, and the app's resources. */
void        hrm_ui_test_init              (int          *argc,
                                           char       ***argv);

/* A window with fresh settings (last server, filters, size), presented. */
HrmWindow  *hrm_ui_test_window_new        (void);
/* The same, asked to be @width × @height (as the saved size). */
HrmWindow  *hrm_ui_test_window_new_sized  (int           width,
                                           int           height);
void        hrm_ui_test_window_destroy    (HrmWindow    *window);

/* Spins the main context until @expr holds; fails the test after 60 s. */
#define HRM_UI_WAIT_UNTIL(expr)                                                   \
  G_STMT_START {                                                                  \
    gint64 hrm_end_ = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;              \
    while (!(expr) && g_get_monotonic_time () < hrm_end_)                         \
      hrm_ui_test_iterate ();                                                     \
    if (!(expr))                                                                  \
      g_test_message ("timed out waiting for: %s", #expr);                        \
    g_assert_true (expr);                                                         \
  } G_STMT_END

/* One round of the main context, sleeping a little when nothing is pending. */
void        hrm_ui_test_iterate           (void);
/* Spins the main context for @ms milliseconds. */
void        hrm_ui_test_spin              (guint         ms);

/* Moves the pointer of the X server onto the middle of @widget, as a mouse
 * would, and waits until GTK has seen it there. */
void        hrm_ui_test_point_at          (GtkWidget    *widget);

/* A template child of @widget (whose type is @type) by its id. */
GtkWidget  *hrm_ui_test_child             (gpointer      widget,
                                           GType         type,
                                           const char   *name);

/* Fills the password form like the administrator does and presses Sign In
 * (or, while the form is still hidden, activates its action). */
void        hrm_ui_test_fill_sign_in      (HrmWindow    *window,
                                           const char   *server,
                                           const char   *username,
                                           const char   *password);
/* Signs in as @username (HRM_TEST_PASSWORD) and waits for the users list. */
void        hrm_ui_test_sign_in           (HrmWindow    *window,
                                           HrmTestServer *server,
                                           const char   *username);

/* Runs what the shortcut @accelerator ("<Control>f") of @widget's window does,
 * as a key press would; FALSE when no shortcut has that trigger. */
gboolean    hrm_ui_test_press_shortcut    (GtkWidget    *widget,
                                           const char   *accelerator);

/* The first of @widget and its descendants (depth first) that @match accepts, or NULL. */
typedef gboolean (*HrmUiTestMatch) (GtkWidget     *widget,
                                    gconstpointer  data);
GtkWidget  *hrm_ui_test_find              (GtkWidget      *widget,
                                           HrmUiTestMatch  match,
                                           gconstpointer   data);
/* An HrmUiTestMatch: a mapped GtkLabel whose label is @text (a const char *). */
gboolean    hrm_ui_test_is_label_saying   (GtkWidget     *widget,
                                           gconstpointer  text);
/* The first AdwPreferencesRow under @widget whose title is @title, or NULL. */
GtkWidget  *hrm_ui_test_find_row          (GtkWidget    *widget,
                                           const char   *title);
/* The first GtkButton under @widget whose label is @label ("_Retry"), or NULL. */
GtkWidget  *hrm_ui_test_find_button       (GtkWidget    *widget,
                                           const char   *label);

/* The text of a GtkLabel that is a template child. */
/* The first descendant of @widget (depth first) whose widget name is @name
 * (widgets made in code, such as HrmUserRow's, are named after their field);
 * asserts there is one. */
GtkWidget  *hrm_ui_test_named             (gpointer      widget,
                                           const char   *name);
/* The same, or %NULL when there is none (a list row off screen has not
 * built its user's widgets yet). */
GtkWidget  *hrm_ui_test_find_named        (gpointer      widget,
                                           const char   *name);
const char *hrm_ui_test_named_label       (gpointer      widget,
                                           const char   *name);
const char *hrm_ui_test_label             (gpointer      widget,
                                           GType         type,
                                           const char   *name);

G_END_DECLS
