/* test-keyboard.c — the window works from the keyboard alone
 *
 * The key presses themselves are not synthesised (GTK 4 has no API for it):
 * each test drives what the key does — the search's key handler, the list's
 * "activate" (Enter), a selection made by the arrow keys — and checks where
 * the focus is and what the page shows. build-aux/screenshots.sh' keyboard
 * walkthrough (make-screenshots keyboard) presses the real keys under Xvfb.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-keyboard"

#include "config.h"

#include "hrm-ui-test.h"
#include "hrm-user-page-access.h"

typedef struct
{
  HrmTestServer *server;
  HrmWindow     *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = hrm_test_server_new_or_skip (TRUE);
  if (fixture->server == NULL)
    return;

  fixture->window = hrm_ui_test_window_new ();
  hrm_ui_test_sign_in (fixture->window, fixture->server, "admin");
  HRM_UI_WAIT_UNTIL (!hrm_user_list_get_loading (
                       hrm_users_pane_get_list (fixture->window->users_pane)));
  hrm_ui_test_spin (50);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    hrm_ui_test_window_destroy (fixture->window);
  g_clear_pointer (&fixture->server, hrm_test_server_free);
}

static GtkWidget *
pane_child (Fixture    *fixture,
            const char *name)
{
  return hrm_ui_test_child (fixture->window->users_pane, HRM_TYPE_USERS_PANE, name);
}

static gboolean
focus_within (HrmWindow *window,
              GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static HrmUser *
item (Fixture *fixture,
      guint    position)
{
  HrmUserList *list = hrm_users_pane_get_list (fixture->window->users_pane);
  HrmUser *user = g_list_model_get_item (G_LIST_MODEL (list), position);

  g_object_unref (user);  /* the list keeps it */
  return user;
}

static gboolean
page_shows (Fixture *fixture,
            HrmUser *user)
{
  HrmUserPage *page = HRM_USER_PAGE (fixture->window->user_page);

  return page->user != NULL && page->loaded &&
         hrm_user_get_id (page->user) == hrm_user_get_id (user);
}

/* A new window: typing goes into the server address, not the menu button. */
static void
test_keyboard_sign_in_focus (void)
{
  HrmWindow *window = hrm_ui_test_window_new ();

  g_assert_true (focus_within (window, hrm_ui_test_child (_hrm_window_get_sign_in_page (window),
                                                          HRM_TYPE_SIGN_IN_PAGE, "server_row")));
  hrm_ui_test_window_destroy (window);
}

/* Down in the search field moves into the results. */
static void
test_keyboard_down_from_search (Fixture       *fixture,
                                gconstpointer  data)
{
  GtkWidget *entry;
  g_autoptr(GListModel) controllers = NULL;
  gboolean handled = FALSE;

  if (fixture->server == NULL)
    return;

  g_assert_true (hrm_ui_test_press_shortcut (GTK_WIDGET (fixture->window), "<Control>f"));
  entry = pane_child (fixture, "search_entry");
  g_assert_true (focus_within (fixture->window, entry));

  controllers = gtk_widget_observe_controllers (entry);
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_Down, 0, 0, &handled);
    }
  g_assert_true (handled);
  g_assert_true (focus_within (fixture->window, pane_child (fixture, "list_view")));
}

/* Enter on a row reached with Tab (focused, not selected) opens that user. */
static void
test_keyboard_enter_opens (Fixture       *fixture,
                           gconstpointer  data)
{
  HrmUser *user;

  if (fixture->server == NULL)
    return;

  user = item (fixture, 2);
  g_assert_null (hrm_users_pane_get_selected_user (fixture->window->users_pane));
  g_signal_emit_by_name (pane_child (fixture, "list_view"), "activate", 2);
  HRM_UI_WAIT_UNTIL (page_shows (fixture, user));
  g_assert_true (hrm_users_pane_get_selected_user (fixture->window->users_pane) == user);
}

/* The arrow keys select the next row: the page follows and the focus stays in
 * the list, so the next arrow key walks on. */
static void
test_keyboard_focus_stays_in_list (Fixture       *fixture,
                                   gconstpointer  data)
{
  GtkWidget *list_view;
  GtkSelectionModel *model;

  if (fixture->server == NULL)
    return;

  list_view = pane_child (fixture, "list_view");
  g_assert_true (gtk_widget_child_focus (list_view, GTK_DIR_TAB_FORWARD));
  g_assert_true (focus_within (fixture->window, list_view));

  model = gtk_list_view_get_model (GTK_LIST_VIEW (list_view));
  for (guint position = 0; position < 3; position++)
    {
      HrmUser *user = item (fixture, position);

      gtk_selection_model_select_item (model, position, TRUE);
      HRM_UI_WAIT_UNTIL (page_shows (fixture, user));
      hrm_ui_test_spin (50);
      g_assert_true (focus_within (fixture->window, list_view));
    }
}

/* A user opened while typing in the search (both panes showing) leaves the
 * focus in the search with the query as typed, not selected: typing goes on. */
static void
test_keyboard_search_keeps_query (Fixture       *fixture,
                                  gconstpointer  data)
{
  GtkWidget *entry;
  HrmUser *user;

  if (fixture->server == NULL)
    return;

  g_assert_true (hrm_ui_test_press_shortcut (GTK_WIDGET (fixture->window), "<Control>f"));
  entry = pane_child (fixture, "search_entry");
  gtk_editable_set_text (GTK_EDITABLE (entry), "a");
  gtk_editable_set_position (GTK_EDITABLE (entry), -1);
  HRM_UI_WAIT_UNTIL (g_strcmp0 (hrm_user_list_get_query (hrm_users_pane_get_list (
                                  fixture->window->users_pane)), "a") == 0);
  HRM_UI_WAIT_UNTIL (!hrm_user_list_get_loading (hrm_users_pane_get_list (
                       fixture->window->users_pane)));

  user = item (fixture, 0);
  hrm_users_pane_select_position (fixture->window->users_pane, 0);
  HRM_UI_WAIT_UNTIL (page_shows (fixture, user));
  g_assert_true (focus_within (fixture->window, entry));
  g_assert_false (gtk_editable_get_selection_bounds (GTK_EDITABLE (entry), NULL, NULL));
}

/* Alt+1…4 show the user's tabs, from anywhere in the window. */
static void
test_keyboard_tab_shortcuts (Fixture       *fixture,
                             gconstpointer  data)
{
  const char * const tabs[] = { "general", "authorisations", "audit", "history" };
  HrmUserPage *page;
  HrmUser *user;

  if (fixture->server == NULL)
    return;

  user = item (fixture, 1);
  hrm_users_pane_select_position (fixture->window->users_pane, 1);
  HRM_UI_WAIT_UNTIL (page_shows (fixture, user));
  page = HRM_USER_PAGE (fixture->window->user_page);
  /* From the list, where the focus was. */
  g_assert_true (gtk_widget_child_focus (pane_child (fixture, "list_view"), GTK_DIR_TAB_FORWARD));

  for (guint i = G_N_ELEMENTS (tabs); i > 0; i--)
    {
      g_autofree char *accelerator = g_strdup_printf ("<Alt>%u", i);

      g_assert_true (hrm_ui_test_press_shortcut (GTK_WIDGET (fixture->window), accelerator));
      g_assert_cmpstr (adw_view_stack_get_visible_child_name (page->view_stack), ==, tabs[i - 1]);
    }
}

/* Ctrl+R and F5 load the list and the user shown again, but never throw
 * away what was typed. */
static void
test_keyboard_reload (Fixture       *fixture,
                      gconstpointer  data)
{
  HrmUserList *list = hrm_users_pane_get_list (fixture->window->users_pane);
  HrmUserPage *page;
  HrmUser *user;
  GtkEditable *signature;

  if (fixture->server == NULL)
    return;

  user = item (fixture, 1);
  hrm_users_pane_select_position (fixture->window->users_pane, 1);
  HRM_UI_WAIT_UNTIL (page_shows (fixture, user));
  page = HRM_USER_PAGE (fixture->window->user_page);

  g_assert_true (hrm_ui_test_press_shortcut (GTK_WIDGET (fixture->window), "<Control>r"));
  g_assert_true (hrm_user_list_get_loading (list));
  g_assert_false (page->loaded);
  HRM_UI_WAIT_UNTIL (!hrm_user_list_get_loading (list) && page->loaded);
  g_assert_cmpint (hrm_user_get_id (page->user), ==, hrm_user_get_id (user));

  /* With a change typed: the list reloads, the user stays as typed. */
  signature = GTK_EDITABLE (hrm_test_page_field (page, FIELD_SIGNATURE)->row);
  gtk_editable_set_text (signature, "TYPED");
  g_assert_true (hrm_user_page_get_has_unsaved_changes (page));
  g_assert_true (hrm_ui_test_press_shortcut (GTK_WIDGET (fixture->window), "F5"));
  g_assert_true (hrm_user_list_get_loading (list));
  g_assert_true (page->loaded);
  HRM_UI_WAIT_UNTIL (!hrm_user_list_get_loading (list));
  hrm_ui_test_spin (100);
  g_assert_cmpstr (gtk_editable_get_text (signature), ==, "TYPED");
  g_assert_true (hrm_user_page_get_has_unsaved_changes (page));
}

int
main (int   argc,
      char *argv[])
{
  hrm_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/keyboard/sign-in-focus", test_keyboard_sign_in_focus);
  g_test_add ("/ui/keyboard/down-from-search", Fixture, NULL,
              fixture_set_up, test_keyboard_down_from_search, fixture_tear_down);
  g_test_add ("/ui/keyboard/enter-opens", Fixture, NULL,
              fixture_set_up, test_keyboard_enter_opens, fixture_tear_down);
  g_test_add ("/ui/keyboard/focus-stays-in-list", Fixture, NULL,
              fixture_set_up, test_keyboard_focus_stays_in_list, fixture_tear_down);

  g_test_add ("/ui/keyboard/search-keeps-query", Fixture, NULL,
              fixture_set_up, test_keyboard_search_keeps_query, fixture_tear_down);
  g_test_add ("/ui/keyboard/tab-shortcuts", Fixture, NULL,
              fixture_set_up, test_keyboard_tab_shortcuts, fixture_tear_down);
  g_test_add ("/ui/keyboard/reload", Fixture, NULL,
              fixture_set_up, test_keyboard_reload, fixture_tear_down);

  return g_test_run ();
}
