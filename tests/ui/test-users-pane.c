/* test-users-pane.c — searching, filtering and picking users in the real window
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-users-pane"

#include "config.h"

#include "hrm-ui-test.h"
#include "hrm-user-row.h"

typedef struct
{
  HrmTestServer *server;
  HrmWindow     *window;
  HrmUserList   *list;
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
  fixture->list = hrm_users_pane_get_list (fixture->window->users_pane);
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

static const char *
total_text (Fixture *fixture)
{
  return gtk_label_get_label (GTK_LABEL (pane_child (fixture, "total_label")));
}

static const char *
content_page (Fixture *fixture)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (pane_child (fixture, "content_stack")));
}

static char *
expected_total (guint total)
{
  /* LC_ALL=C.UTF-8 in the tests: no digit grouping. */
  return g_strdup_printf (total == 1 ? "%u user" : "%u users", total);
}

/* Waits until the list has its first page for what was last asked. */
static void
wait_for_list (Fixture *fixture)
{
  HRM_UI_WAIT_UNTIL (!hrm_user_list_get_loading (fixture->list));
  /* Let the pane catch up with the list's notifications. */
  hrm_ui_test_spin (20);
}

static HrmUser *
item (Fixture *fixture,
      guint    position)
{
  HrmUser *user = g_list_model_get_item (G_LIST_MODEL (fixture->list), position);

  g_object_unref (user);  /* the list keeps it */
  return user;
}

static gboolean
contains_casefold (const char *haystack,
                   const char *needle)
{
  g_autofree char *h = haystack ? g_utf8_casefold (haystack, -1) : NULL;
  g_autofree char *n = g_utf8_casefold (needle, -1);

  return h != NULL && strstr (h, n) != NULL;
}

static const char *
query_of (Fixture *fixture)
{
  const char *query = hrm_user_list_get_query (fixture->list);

  return query != NULL ? query : "";
}

static void
type_search (Fixture    *fixture,
             const char *text)
{
  GtkWidget *entry = pane_child (fixture, "search_entry");

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  /* search-changed comes after the entry's delay, as for a typist. */
  HRM_UI_WAIT_UNTIL (g_strcmp0 (query_of (fixture), text) == 0);
  wait_for_list (fixture);
}

/* After signing in the list shows the organisation's users and their count. */
static void
test_users_total (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *expected = NULL;
  guint total;

  if (fixture->server == NULL)
    return;

  wait_for_list (fixture);
  total = hrm_user_list_get_total (fixture->list);
  g_assert_cmpuint (total, >, 1);
  /* One row per user, loaded page by page as they scroll into view. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, total);
  expected = expected_total (total);
  g_assert_cmpstr (total_text (fixture), ==, expected);
  g_assert_cmpstr (content_page (fixture), ==, "list");
}

/* Typing in the search field asks the server and the list and count follow. */
static void
test_users_search (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *expected = NULL;
  guint all;
  guint found;

  if (fixture->server == NULL)
    return;

  wait_for_list (fixture);
  all = hrm_user_list_get_total (fixture->list);

  type_search (fixture, "ADMIN");
  found = hrm_user_list_get_total (fixture->list);
  g_assert_cmpuint (found, >=, 1);
  g_assert_cmpuint (found, <, all);
  expected = expected_total (found);
  g_assert_cmpstr (total_text (fixture), ==, expected);
  HRM_UI_WAIT_UNTIL (hrm_user_get_id (item (fixture, 0)) != 0);
  {
    HrmUser *first = item (fixture, 0);
    g_autofree char *name = hrm_user_dup_display_name (first);

    g_assert_true (contains_casefold (hrm_user_get_user_id (first), "admin") ||
                   contains_casefold (name, "admin") ||
                   contains_casefold (hrm_user_get_email (first), "admin") ||
                   contains_casefold (hrm_user_get_alias_user_id (first), "admin"));
  }

  /* Nothing matches: says so instead of an empty list. */
  type_search (fixture, "no-such-user-anywhere");
  g_assert_cmpuint (hrm_user_list_get_total (fixture->list), ==, 0);
  g_assert_cmpstr (content_page (fixture), ==, "empty");
  g_assert_cmpstr (total_text (fixture), ==, "0 users");

  /* Clearing the search shows everyone again. */
  type_search (fixture, "");
  g_assert_cmpuint (hrm_user_list_get_total (fixture->list), ==, all);
  g_assert_cmpstr (content_page (fixture), ==, "list");
}

/* The filters narrow the list by connection and by enabled, and are remembered. */
static void
test_users_filter (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *connection;
  GtkWidget *enabled;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *expected = NULL;
  g_autofree char *nick = NULL;
  HrmWindow *second;
  guint all;
  guint n;

  if (fixture->server == NULL)
    return;

  connection = pane_child (fixture, "connection_dropdown");
  enabled = pane_child (fixture, "enabled_dropdown");
  wait_for_list (fixture);
  all = hrm_user_list_get_total (fixture->list);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (connection), HRM_CONNECTION_FILTER_LINKED);
  wait_for_list (fixture);
  g_assert_cmpuint (hrm_user_list_get_total (fixture->list), <, all);
  expected = expected_total (hrm_user_list_get_total (fixture->list));
  g_assert_cmpstr (total_text (fixture), ==, expected);
  n = MIN (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), 20);
  for (guint i = 0; i < n; i++)
    {
      HRM_UI_WAIT_UNTIL (hrm_user_get_id (item (fixture, i)) != 0);
      g_assert_cmpint (hrm_user_get_connection_state (item (fixture, i)), ==,
                       HRM_CONNECTION_LINKED);
    }
  nick = g_settings_get_string (settings, "connection-filter");
  g_assert_cmpstr (nick, ==, "linked");

  gtk_drop_down_set_selected (GTK_DROP_DOWN (connection), HRM_CONNECTION_FILTER_ALL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (enabled), HRM_ENABLED_FILTER_DISABLED);
  wait_for_list (fixture);
  g_assert_cmpuint (hrm_user_list_get_total (fixture->list), <, all);
  n = MIN (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), 20);
  for (guint i = 0; i < n; i++)
    {
      HRM_UI_WAIT_UNTIL (hrm_user_get_id (item (fixture, i)) != 0);
      g_assert_false (hrm_user_get_enabled (item (fixture, i)));
    }

  /* The next window starts with the same filters. */
  second = hrm_window_new (NULL);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (
                      hrm_ui_test_child (second->users_pane, HRM_TYPE_USERS_PANE,
                                         "enabled_dropdown"))), ==, HRM_ENABLED_FILTER_DISABLED);
  gtk_window_destroy (GTK_WINDOW (second));
}

static HrmUserRow *find_row (GtkWidget *widget,
                             HrmUser   *user);
static HrmUserRow *find_shown_row (GtkWidget *widget,
                                   HrmUser   *user);

/* Leaving: the leavers whose link is to be removed (the demo has three),
 * each row tagged; no bulk verification from there, since they are linked
 * or pending. */
static void
test_users_filter_leaving (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *connection;
  HrmUserRow *row;
  guint n;

  if (fixture->server == NULL)
    return;

  connection = pane_child (fixture, "connection_dropdown");
  wait_for_list (fixture);
  g_assert_true (gtk_widget_is_sensitive (pane_child (fixture, "send_listed_button")));

  gtk_drop_down_set_selected (GTK_DROP_DOWN (connection), HRM_CONNECTION_FILTER_LEAVING);
  g_assert_cmpstr (gtk_string_object_get_string (
                     GTK_STRING_OBJECT (gtk_drop_down_get_selected_item (GTK_DROP_DOWN (connection)))),
                   ==, "Leaving");
  wait_for_list (fixture);
  n = g_list_model_get_n_items (G_LIST_MODEL (fixture->list));
  g_assert_cmpuint (hrm_user_list_get_total (fixture->list), ==, 3);
  g_assert_cmpstr (total_text (fixture), ==, "3 users");
  for (guint i = 0; i < n; i++)
    {
      HRM_UI_WAIT_UNTIL (hrm_user_get_id (item (fixture, i)) != 0);
      g_assert_nonnull (hrm_user_get_removal_scheduled_on (item (fixture, i)));
      g_assert_nonnull (hrm_user_get_employment_end_date (item (fixture, i)));
    }
  g_assert_false (gtk_widget_is_sensitive (pane_child (fixture, "send_listed_button")));
  HRM_UI_WAIT_UNTIL ((row = find_shown_row (pane_child (fixture, "list_view"),
                                             item (fixture, 0))) != NULL);
  g_assert_true (gtk_widget_get_visible (hrm_ui_test_named (row, "leaving_label")));

  gtk_drop_down_set_selected (GTK_DROP_DOWN (connection), HRM_CONNECTION_FILTER_ALL);
  wait_for_list (fixture);
  g_assert_cmpuint (hrm_user_list_get_total (fixture->list), >, 3);
  /* In the whole list, a row has the tag exactly when a removal is scheduled. */
  {
    HrmUser *first;

    HRM_UI_WAIT_UNTIL (hrm_user_get_id (item (fixture, 0)) != 0);
    first = item (fixture, 0);
    HRM_UI_WAIT_UNTIL ((row = find_shown_row (pane_child (fixture, "list_view"), first)) != NULL);
    g_assert_cmpint (gtk_widget_get_visible (hrm_ui_test_named (row, "leaving_label")),
                     ==, hrm_user_get_removal_scheduled_on (first) != NULL);
  }
}

/* Picking a row shows that user; the rows follow changes of their user. */
static void
test_users_select (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *name = NULL;
  GtkListView *list_view;
  HrmUser *first;

  if (fixture->server == NULL)
    return;

  list_view = GTK_LIST_VIEW (pane_child (fixture, "list_view"));
  wait_for_list (fixture);
  HRM_UI_WAIT_UNTIL (hrm_user_get_id (item (fixture, 1)) != 0);
  first = item (fixture, 1);

  gtk_selection_model_select_item (gtk_list_view_get_model (list_view), 1, TRUE);
  g_assert_true (hrm_users_pane_get_selected_user (fixture->window->users_pane) == first);
  g_assert_nonnull (fixture->window->user);
  g_assert_cmpint (hrm_user_get_id (fixture->window->user), ==, hrm_user_get_id (first));
  name = hrm_user_dup_display_name (first);
  g_assert_cmpstr (adw_window_title_get_title (fixture->window->user_title), ==, name);
  g_assert_cmpstr (adw_window_title_get_subtitle (fixture->window->user_title), ==,
                   hrm_user_get_user_id (first));
}

static gboolean
is_row_of (GtkWidget     *widget,
           gconstpointer  user)
{
  return HRM_IS_USER_ROW (widget) && hrm_user_row_get_user (HRM_USER_ROW (widget)) == user;
}

static HrmUserRow *
find_row (GtkWidget *widget,
          HrmUser   *user)
{
  return (HrmUserRow *) hrm_ui_test_find (widget, is_row_of, user);
}

/* The row of @user once it shows the user: a row on screen builds its
 * user's widgets in the layout after the user arrives. */
static HrmUserRow *
find_shown_row (GtkWidget *widget,
                HrmUser   *user)
{
  HrmUserRow *row = find_row (widget, user);

  return row != NULL && hrm_ui_test_find_named (row, "name_label") != NULL ? row : NULL;
}

/* A search keeps the row widgets and shows its users in them (no row is
 * built again from its template), while the open user stays who it was. */
static void
test_users_search_keeps_rows (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GtkWidget) row = NULL;
  GtkListView *list_view;
  HrmUser *open;
  g_autofree char *name = NULL;
  gint64 open_id;

  if (fixture->server == NULL)
    return;

  list_view = GTK_LIST_VIEW (pane_child (fixture, "list_view"));
  wait_for_list (fixture);
  HRM_UI_WAIT_UNTIL (hrm_user_get_id (item (fixture, 3)) != 0);
  gtk_selection_model_select_item (gtk_list_view_get_model (list_view), 1, TRUE);
  open = fixture->window->user;
  g_assert_nonnull (open);
  open_id = hrm_user_get_id (open);
  HRM_UI_WAIT_UNTIL ((row = (GtkWidget *) find_shown_row (GTK_WIDGET (list_view),
                                                           item (fixture, 3))) != NULL);
  g_object_ref (row);

  type_search (fixture, "nilsson");
  HRM_UI_WAIT_UNTIL (hrm_user_get_id (item (fixture, 3)) != 0);
  hrm_ui_test_spin (50);

  /* The same widget, still in the list, showing the search's user at 3. */
  g_assert_true (gtk_widget_get_parent (row) != NULL);
  g_assert_true (hrm_user_row_get_user (HRM_USER_ROW (row)) == item (fixture, 3));
  name = hrm_user_dup_display_name (item (fixture, 3));
  g_assert_cmpstr (hrm_ui_test_named_label (HRM_USER_ROW (row), "name_label"), ==, name);
  g_assert_true (contains_casefold (name, "nilsson")
                 || contains_casefold (hrm_user_get_email (item (fixture, 3)), "nilsson"));

  /* The user page's user is the one that was opened. */
  g_assert_true (fixture->window->user == open);
  g_assert_cmpint (hrm_user_get_id (open), ==, open_id);
}

static gboolean
is_user_row (GtkWidget     *widget,
             gconstpointer  data)
{
  return HRM_IS_USER_ROW (widget);
}

static void
keep_result (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* While a resumed session's first page is on its way the pane builds its
 * first rows, empty (hrm_users_pane_build_rows_ahead()); the list that comes
 * shows its users in those very rows: none is built again from its
 * template, which is most of what taking the list over would cost. */
static void
test_users_rows_ahead (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  HrmConnectionFilter connection_filter = g_settings_get_enum (settings, "connection-filter");
  HrmEnabledFilter enabled_filter = g_settings_get_enum (settings, "enabled-filter");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmUserList) list = NULL;
  g_autoptr(HrmUser) first = NULL;
  g_autoptr(GtkWidget) row = NULL;
  g_autofree char *name = NULL;
  GtkWidget *holder;
  GtkWidget *pane;
  HrmClient *client;
  HrmUsersPage *page;
  HrmUser *placeholder;

  if (fixture->server == NULL)
    return;

  client = fixture->window->client;
  holder = gtk_window_new ();
  pane = hrm_users_pane_new ();
  gtk_window_set_child (GTK_WINDOW (holder), pane);
  gtk_window_set_default_size (GTK_WINDOW (holder), 800, 700);

  /* Not shown yet, as a resumed window is not. */
  hrm_users_pane_build_rows_ahead (HRM_USERS_PANE (pane));
  row = hrm_ui_test_find (pane, is_user_row, NULL);
  g_assert_nonnull (row);
  g_object_ref (row);
  placeholder = hrm_user_row_get_user (HRM_USER_ROW (row));
  g_assert_cmpint (hrm_user_get_id (placeholder), ==, 0);
  /* Its user's widgets too, while there is time (hidden behind the bars). */
  g_assert_nonnull (hrm_ui_test_named (row, "name_label"));
  g_assert_false (gtk_widget_is_visible (hrm_ui_test_named (row, "name_label")));

  hrm_user_list_fetch_first_page_async (client, connection_filter, enabled_filter, NULL,
                                        keep_result, &result);
  HRM_UI_WAIT_UNTIL (result != NULL);
  page = hrm_user_list_fetch_first_page_finish (client, result, &error);
  g_assert_no_error (error);
  list = hrm_user_list_new_from_first_page (client, connection_filter, enabled_filter, page);
  hrm_users_pane_set_client_with_list (HRM_USERS_PANE (pane), client, list, NULL);
  gtk_window_present (GTK_WINDOW (holder));
  hrm_ui_test_spin (50);

  /* The same widget, in the list, showing a user of the first page. */
  g_assert_true (gtk_widget_is_ancestor (row, pane));
  g_assert_true (hrm_user_row_get_user (HRM_USER_ROW (row)) == placeholder);
  g_assert_cmpint (hrm_user_get_id (placeholder), !=, 0);
  name = hrm_user_dup_display_name (placeholder);
  g_assert_cmpstr (hrm_ui_test_named_label (HRM_USER_ROW (row), "name_label"), ==, name);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (hrm_user_get_id (first), !=, 0);
  g_assert_null (hrm_user_list_get_error (list));
  g_assert_cmpuint (hrm_user_list_get_n_requests (list), ==, 0);

  gtk_window_destroy (GTK_WINDOW (holder));
}

/* Whether @row is within @view's visible area (as the row itself judges it). */
static gboolean
row_on_screen (GtkWidget *row,
               GtkWidget *view)
{
  graphene_rect_t bounds;

  return gtk_widget_get_mapped (row) && gtk_widget_compute_bounds (row, view, &bounds)
         && bounds.size.height > 0 && bounds.origin.y < gtk_widget_get_height (view)
         && bounds.origin.y + bounds.size.height > 0;
}

typedef struct
{
  GtkWidget *view;
  guint      frames;
  guint      bars;    /* rows on screen drawn with the bars though their user was in */
} FrameCheck;

/* After a frame is painted: every row on screen whose user is in shows it. */
static void
check_painted_rows (GdkFrameClock *clock,
                    FrameCheck    *check)
{
  check->frames++;
  for (GtkWidget *item = gtk_widget_get_first_child (check->view); item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_first_child (item);
      HrmUser *user;

      if (row == NULL || !HRM_IS_USER_ROW (row) || !row_on_screen (row, check->view))
        continue;
      user = hrm_user_row_get_user (HRM_USER_ROW (row));
      if (user != NULL && hrm_user_get_id (user) != 0
          && (hrm_ui_test_find_named (row, "name_label") == NULL
              || !gtk_widget_is_visible (hrm_ui_test_find_named (row, "name_label"))))
        check->bars++;
    }
}

/* The list view keeps about 200 rows, most of them off screen: those wait
 * to build their user's widgets until they come into view (scrolling at a
 * scrollbar's speed builds 200 rows a frame), yet tell a screen reader who
 * they show. The frame that brings one into view shows its user, not the
 * loading bars. */
static void
test_users_rows_wait_for_view (Fixture       *fixture,
                               gconstpointer  data)
{
  FrameCheck check = { NULL, };
  g_autofree char *name = NULL;
  GtkWidget *view;
  GtkWidget *row = NULL;
  GdkFrameClock *clock;
  HrmUser *far;
  gulong handler;
  guint far_position = 60;

  if (fixture->server == NULL)
    return;

  view = pane_child (fixture, "list_view");
  wait_for_list (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), >, far_position);
  HRM_UI_WAIT_UNTIL (hrm_user_get_id (item (fixture, far_position)) != 0);
  far = item (fixture, far_position);
  name = hrm_user_dup_display_name (far);
  HRM_UI_WAIT_UNTIL ((row = (GtkWidget *) find_row (view, far)) != NULL);
  hrm_ui_test_spin (50);

  /* Off screen: no widgets for the user yet, but the words are there. */
  g_assert_false (row_on_screen (row, view));
  g_assert_null (hrm_ui_test_find_named (row, "name_label"));
  g_assert_nonnull (hrm_user_row_get_state_text (HRM_USER_ROW (row)));
  /* The rows on screen have theirs. */
  {
    GtkWidget *top = NULL;

    HRM_UI_WAIT_UNTIL ((top = (GtkWidget *) find_shown_row (view, item (fixture, 0))) != NULL);
    g_assert_true (row_on_screen (top, view));
    g_assert_nonnull (hrm_ui_test_named (top, "name_label"));
  }

  clock = gtk_widget_get_frame_clock (view);
  check.view = view;
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (check_painted_rows), &check);
  gtk_widget_activate_action (view, "list.scroll-to-item", "u", far_position);
  HRM_UI_WAIT_UNTIL ((row = (GtkWidget *) find_row (view, far)) != NULL
                     && row_on_screen (row, view));
  hrm_ui_test_spin (100);
  g_signal_handler_disconnect (clock, handler);

  g_assert_cmpstr (hrm_ui_test_named_label (row, "name_label"), ==, name);
  g_assert_cmpuint (check.frames, >, 0);
  g_assert_cmpuint (check.bars, ==, 0);
}

static void
count_user_selected (HrmUsersPane *pane,
                     HrmUser      *user,
                     guint        *n)
{
  (*n)++;
}

/* Arrow keys select every row they pass; only the row where they stop is
 * opened (one user's details loaded, not ten). A click opens at once. */
static void
test_users_keys_settle (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GListModel) controllers = NULL;
  GtkEventController *key = NULL;
  GtkWidget *list_view;
  GtkSelectionModel *model;
  guint opened = 0;

  if (fixture->server == NULL)
    return;

  list_view = pane_child (fixture, "list_view");
  model = gtk_list_view_get_model (GTK_LIST_VIEW (list_view));
  wait_for_list (fixture);
  HRM_UI_WAIT_UNTIL (hrm_user_get_id (item (fixture, 10)) != 0);
  g_signal_connect (fixture->window->users_pane, "user-selected",
                    G_CALLBACK (count_user_selected), &opened);

  controllers = gtk_widget_observe_controllers (list_view);
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && key == NULL; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        key = controller;
    }
  g_assert_nonnull (key);

  /* Ten Down presses, each selecting the next row as the list view does. */
  for (guint position = 0; position < 10; position++)
    {
      gboolean handled;

      g_signal_emit_by_name (key, "key-pressed", GDK_KEY_Down, 0, 0, &handled);
      gtk_selection_model_select_item (model, position, TRUE);
    }
  HRM_UI_WAIT_UNTIL (fixture->window->user == item (fixture, 9));
  hrm_ui_test_spin (300);
  g_assert_cmpuint (opened, ==, 1);

  /* A click (no key) opens its user at once. */
  gtk_selection_model_select_item (model, 2, TRUE);
  g_assert_true (fixture->window->user == item (fixture, 2));
  g_assert_cmpuint (opened, ==, 2);
}

/* A row shows name, User-ID, email and state, and follows a saved change. */
static void
test_users_row (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *list_view;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(HrmUser) changed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  HrmUserRow *row;
  HrmUser *first;

  if (fixture->server == NULL)
    return;

  list_view = pane_child (fixture, "list_view");
  wait_for_list (fixture);
  HRM_UI_WAIT_UNTIL (hrm_user_get_id (item (fixture, 0)) != 0);
  first = item (fixture, 0);
  HRM_UI_WAIT_UNTIL ((row = find_shown_row (list_view, first)) != NULL);

  name = hrm_user_dup_display_name (first);
  g_assert_cmpstr (hrm_ui_test_named_label (row, "name_label"), ==, name);
  g_assert_cmpstr (hrm_ui_test_named_label (row, "user_id_label"), ==,
                   hrm_user_get_user_id (first));
  /* The state icon's tooltip is made when asked for; it has words. */
  g_assert_true (gtk_widget_get_has_tooltip (hrm_ui_test_named (row, "state_image")));
  g_assert_cmpstr (hrm_user_row_get_state_text (row), !=, NULL);

  /* What the user page does after saving: the row follows. */
  json = hrm_user_to_json (first);
  json_object_set_string_member (json_node_get_object (json), "first_name", "Zlatan");
  changed = hrm_user_new_from_json (json_node_get_object (json), &error);
  g_assert_no_error (error);
  hrm_user_list_update_user (fixture->list, changed);
  g_assert_nonnull (strstr (hrm_ui_test_named_label (row, "name_label"), "Zlatan"));
}

/* A row whose user has not arrived yet shows the loading bars and nothing
 * else; when the user arrives, the bars go and the user shows. */
static void
test_users_row_placeholder (void)
{
  GtkWidget *row = g_object_ref_sink (hrm_user_row_new ());
  g_autoptr(HrmUser) placeholder = hrm_user_new ();
  g_autoptr(HrmUser) user = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GError) error = NULL;

  hrm_user_row_set_user (HRM_USER_ROW (row), placeholder);
  g_assert_nonnull (hrm_ui_test_find_named (row, "skeleton"));
  g_assert_null (hrm_ui_test_find_named (row, "name_label"));
  g_assert_null (hrm_ui_test_find_named (row, "check_button"));

  json = json_from_string ("{\"id\": 7, \"user_id\": \"anna.s\", \"first_name\": \"Anna\", "
                           "\"last_name\": \"Svensson\", \"email\": \"anna@example.com\", "
                           "\"enabled\": true, \"connection\": {\"state\": \"not_linked\"}}",
                           &error);
  g_assert_no_error (error);
  user = hrm_user_new_from_json (json_node_get_object (json), &error);
  g_assert_no_error (error);
  hrm_user_update_from (placeholder, user);
  g_assert_null (hrm_ui_test_find_named (row, "skeleton"));
  g_assert_cmpstr (hrm_ui_test_named_label (row, "name_label"), ==, "Anna Svensson");
  g_assert_cmpstr (hrm_ui_test_named_label (row, "state_caption"), ==, "Not linked");
  g_assert_cmpstr (hrm_user_row_get_state_text (HRM_USER_ROW (row)), ==, "Not linked");

  hrm_user_row_set_user (HRM_USER_ROW (row), NULL);
  g_object_unref (row);
}

/* When the server goes away the list says so with a Retry that works once it is back. */
static void
test_users_error_retry (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkStack *content_stack;
  AdwStatusPage *error_page;

  if (fixture->server == NULL)
    return;

  wait_for_list (fixture);
  hrm_test_server_stop (fixture->server);
  hrm_user_list_reload (fixture->list);
  HRM_UI_WAIT_UNTIL (g_str_equal (content_page (fixture), "error"));
  content_stack = GTK_STACK (pane_child (fixture, "content_stack"));
  error_page = ADW_STATUS_PAGE (gtk_stack_get_child_by_name (content_stack, "error"));
  g_assert_nonnull (strstr (adw_status_page_get_description (error_page), "Cannot reach"));

  if (!hrm_test_server_restart (fixture->server, &error))
    g_error ("restarting the server: %s", error->message);
  if (!g_str_has_prefix (hrm_test_server_get_uri (fixture->server),
                         hrm_client_get_base_uri (hrm_window_get_client (fixture->window))))
    {
      g_test_skip ("the server came back on another port");
      return;
    }

  gtk_widget_activate (hrm_ui_test_find_button (GTK_WIDGET (error_page), "_Retry"));
  HRM_UI_WAIT_UNTIL (g_str_equal (content_page (fixture), "list"));
  g_assert_cmpuint (hrm_user_list_get_total (fixture->list), >, 0);
}

static gboolean
has_unsaved_changes (Fixture *fixture)
{
  gboolean unsaved = FALSE;

  g_object_get (fixture->window->user_page, "has-unsaved-changes", &unsaved, NULL);
  return unsaved;
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (toplevel))
        return ADW_MESSAGE_DIALOG (toplevel);
    }

  return NULL;
}

/* Clicks the dialog's button labelled @label and waits for the dialog to go. */
static void
respond (AdwMessageDialog *dialog,
         const char       *label)
{
  GtkWidget *button = hrm_ui_test_find_button (GTK_WIDGET (dialog), label);

  g_assert_nonnull (button);
  gtk_widget_activate (button);
  HRM_UI_WAIT_UNTIL (find_dialog () == NULL);
}

/* Leaving a user with unsaved edits asks first: Cancel stays, Discard goes,
 * Save saves and goes. */
static void
test_users_unsaved_changes (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkSelectionModel *selection;
  AdwMessageDialog *dialog;
  GtkWidget *signature;
  HrmUser *first;
  HrmUser *second;

  if (fixture->server == NULL)
    return;

  selection = gtk_list_view_get_model (GTK_LIST_VIEW (pane_child (fixture, "list_view")));
  wait_for_list (fixture);
  HRM_UI_WAIT_UNTIL (hrm_user_get_id (item (fixture, 2)) != 0);
  first = item (fixture, 1);
  second = item (fixture, 2);

  gtk_selection_model_select_item (selection, 1, TRUE);
  g_assert_true (fixture->window->user == first);
  HRM_UI_WAIT_UNTIL ((signature = hrm_ui_test_find_row (fixture->window->user_page,
                                                        "Signature")) != NULL &&
                     g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (signature)),
                                hrm_user_get_signature (first)) == 0);
  gtk_editable_set_text (GTK_EDITABLE (signature), "ZZTOP");
  HRM_UI_WAIT_UNTIL (has_unsaved_changes (fixture));

  /* Another row: asked, and nothing changes until answered. */
  gtk_selection_model_select_item (selection, 2, TRUE);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Discard unsaved changes?");
  g_assert_true (fixture->window->user == first);
  g_assert_true (gtk_selection_model_is_selected (selection, 1));

  respond (dialog, "_Cancel");
  g_assert_true (fixture->window->user == first);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (signature)), ==, "ZZTOP");

  /* Save: saved on the server, then the other user. */
  gtk_selection_model_select_item (selection, 2, TRUE);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  respond (dialog, "_Save");
  HRM_UI_WAIT_UNTIL (fixture->window->user == second);
  g_assert_cmpstr (hrm_user_get_signature (first), ==, "ZZTOP");
  g_assert_true (gtk_selection_model_is_selected (selection, 2));

  /* Discard: the edit is dropped and the other user shown. */
  HRM_UI_WAIT_UNTIL ((signature = hrm_ui_test_find_row (fixture->window->user_page,
                                                        "Signature")) != NULL &&
                     g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (signature)),
                                hrm_user_get_signature (second)) == 0);
  gtk_editable_set_text (GTK_EDITABLE (signature), "DROPPED");
  HRM_UI_WAIT_UNTIL (has_unsaved_changes (fixture));
  gtk_selection_model_select_item (selection, 1, TRUE);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  respond (dialog, "_Discard");
  g_assert_true (fixture->window->user == first);
  g_assert_cmpstr (hrm_user_get_signature (second), !=, "DROPPED");

  /* Closing the window and signing out ask too. */
  HRM_UI_WAIT_UNTIL ((signature = hrm_ui_test_find_row (fixture->window->user_page,
                                                        "Signature")) != NULL &&
                     g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (signature)),
                                hrm_user_get_signature (first)) == 0);
  gtk_editable_set_text (GTK_EDITABLE (signature), "UNSAVED");
  HRM_UI_WAIT_UNTIL (has_unsaved_changes (fixture));
  gtk_window_close (GTK_WINDOW (fixture->window));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  respond (dialog, "_Cancel");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sign-out", NULL);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (hrm_window_get_view (fixture->window), ==, "main");
  respond (dialog, "_Discard");
  g_assert_cmpstr (hrm_window_get_view (fixture->window), ==, "sign-in");
  g_assert_null (hrm_window_get_client (fixture->window));
}

/* Ctrl+F goes to the search field from anywhere in the window. */
static void
test_users_ctrl_f (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *entry;
  GtkWidget *focus;

  if (fixture->server == NULL)
    return;

  entry = pane_child (fixture, "search_entry");
  gtk_widget_grab_focus (pane_child (fixture, "list_view"));
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_false (focus == entry || gtk_widget_is_ancestor (focus, entry));

  g_assert_true (hrm_ui_test_press_shortcut (GTK_WIDGET (fixture->window), "<Control>f"));
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_nonnull (focus);
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));
}

int
main (int   argc,
      char *argv[])
{
  hrm_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ui/users/total", test_users_total);
  ADD ("/ui/users/search", test_users_search);
  ADD ("/ui/users/filter", test_users_filter);
  ADD ("/ui/users/filter-leaving", test_users_filter_leaving);
  ADD ("/ui/users/select", test_users_select);
  ADD ("/ui/users/row", test_users_row);
  ADD ("/ui/users/ctrl-f", test_users_ctrl_f);
  ADD ("/ui/users/unsaved-changes", test_users_unsaved_changes);
  ADD ("/ui/users/error-retry", test_users_error_retry);
  g_test_add_func ("/ui/users/row-placeholder", test_users_row_placeholder);
  ADD ("/ui/users/search-keeps-rows", test_users_search_keeps_rows);
  ADD ("/ui/users/rows-ahead", test_users_rows_ahead);
  ADD ("/ui/users/rows-wait-for-view", test_users_rows_wait_for_view);
  ADD ("/ui/users/keys-settle", test_users_keys_settle);
#undef ADD

  return g_test_run ();
}
