/* test-user-list.c — HrmUserList paging through a real hrm-server's demo users
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-user-list"

#include "hrm-client-test.h"
#include "hrm-user-list.h"

typedef struct
{
  HrmTestServer *server;
  HrmClient     *client;
  HrmUserList   *list;
  guint          requests;       /* times "loading" became TRUE */
  gboolean       in_get_item;
  guint          watch;          /* a position whose items-changed are counted */
  guint          watch_changes;
} Fixture;

static void
on_loading (HrmUserList *list,
            GParamSpec  *pspec,
            Fixture     *fixture)
{
  if (hrm_user_list_get_loading (list))
    fixture->requests++;
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  /* A GtkListView must never see items-changed while it asks for an item. */
  g_assert_false (fixture->in_get_item);
  if (fixture->watch >= position && fixture->watch < position + removed)
    fixture->watch_changes++;
}

static gboolean
not_loading (gpointer data)
{
  return !hrm_user_list_get_loading (data);
}

static void
wait_loaded (Fixture *fixture)
{
  hrm_client_test_wait_until (not_loading, fixture->list);
}

static HrmUser *
get_item (Fixture *fixture,
          guint    position)
{
  HrmUser *user;

  fixture->in_get_item = TRUE;
  user = g_list_model_get_item (G_LIST_MODEL (fixture->list), position);
  fixture->in_get_item = FALSE;
  return user;
}

static void
fixture_set_up_as (Fixture    *fixture,
                   const char *username)
{
  fixture->server = hrm_test_server_new_or_skip (TRUE);
  if (fixture->server == NULL)
    return;

  fixture->client = hrm_client_test_sign_in (hrm_test_server_get_uri (fixture->server), username);
  fixture->list = hrm_user_list_new (fixture->client);
  /* The first page was asked for on construction. */
  g_assert_true (hrm_user_list_get_loading (fixture->list));
  fixture->requests = 1;
  fixture->watch = G_MAXUINT;
  g_signal_connect (fixture->list, "notify::loading", G_CALLBACK (on_loading), fixture);
  g_signal_connect (fixture->list, "items-changed", G_CALLBACK (on_items_changed), fixture);
  wait_loaded (fixture);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture_set_up_as (fixture, data ? data : "admin");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->list);
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->server, hrm_test_server_free);
}

typedef struct
{
  Fixture *fixture;
  guint    position;
} Row;

static gboolean
row_loaded (gpointer data)
{
  Row *row = data;
  g_autoptr(HrmUser) user = get_item (row->fixture, row->position);

  return user != NULL && hrm_user_get_id (user) != 0;
}

/* Scrolling from top to bottom like a list view: every row arrives, in pages. */
static void
test_pages (Fixture       *fixture,
            gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (fixture->list);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(HrmUser) first = NULL;
  g_autoptr(HrmUser) far = NULL;
  guint total, pages;
  g_autofree char *previous = NULL;

  if (fixture->server == NULL)
    return;

  g_assert_null (hrm_user_list_get_error (fixture->list));
  total = hrm_user_list_get_total (fixture->list);
  g_assert_cmpuint (total, >=, 250);
  /* The whole length at once, so a scrollbar is right from the start. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, total);
  g_assert_cmpuint (fixture->requests, ==, 1);

  first = get_item (fixture, 0);
  g_assert_cmpint (hrm_user_get_id (first), !=, 0);
  /* Far past the first page: a placeholder for now. */
  far = get_item (fixture, total - 1);
  g_assert_nonnull (far);
  g_assert_cmpint (hrm_user_get_id (far), ==, 0);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      Row row = { fixture, i };
      g_autoptr(HrmUser) user = NULL;
      g_autofree char *key = NULL;

      hrm_client_test_wait_until (row_loaded, &row);
      user = get_item (fixture, i);
      g_assert_false (g_hash_table_contains (ids, &(gint64) { hrm_user_get_id (user) }));
      g_hash_table_add (ids, g_memdup2 (&(gint64) { hrm_user_get_id (user) }, sizeof (gint64)));

      /* Sorted by last name (then first name, then id). */
      key = g_utf8_casefold (hrm_user_get_last_name (user) ? hrm_user_get_last_name (user) : "", -1);
      if (previous != NULL)
        g_assert_cmpint (g_utf8_collate (previous, key), <=, 0);
      g_free (previous);
      previous = g_steal_pointer (&key);
    }
  wait_loaded (fixture);

  g_assert_cmpuint (g_hash_table_size (ids), ==, total);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, total);
  g_assert_null (get_item (fixture, total));

  /* More than one request, but pages of 100, not one per row. */
  pages = (total + 99) / 100;
  g_test_message ("%u users in %u requests", total, fixture->requests);
  g_assert_cmpuint (fixture->requests, >, 1);
  g_assert_cmpuint (fixture->requests, <=, pages + 1);
}

/* Nobody scrolls: nothing more is fetched. */
static void
test_no_scrolling_no_requests (Fixture       *fixture,
                               gconstpointer  data)
{
  if (fixture->server == NULL)
    return;

  for (guint i = 0; i < 10; i++)
    g_object_unref (get_item (fixture, i));

  /* Run whatever was scheduled: the next page would be an idle callback. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);

  g_assert_cmpuint (fixture->requests, ==, 1);
  g_assert_false (hrm_user_list_get_loading (fixture->list));
}

/* "Select all" takes what has arrived: the first page's ids, in order, and
 * asking for them makes no request (the rest stay unloaded). */
static void
test_loaded_ids (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GArray) ids = NULL;

  if (fixture->server == NULL)
    return;

  g_assert_cmpuint (hrm_user_list_get_total (fixture->list), >, 100);
  ids = hrm_user_list_dup_loaded_ids (fixture->list);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (fixture->requests, ==, 1);
  g_assert_false (hrm_user_list_get_loading (fixture->list));

  g_assert_cmpuint (ids->len, ==, 100);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(HrmUser) user = get_item (fixture, i);

      g_assert_cmpint (g_array_index (ids, gint64, i), ==, hrm_user_get_id (user));
    }
}

static void
assert_all (Fixture   *fixture,
            gboolean (*check) (HrmUser *user, gconstpointer data),
            gconstpointer data)
{
  GListModel *model = G_LIST_MODEL (fixture->list);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      Row row = { fixture, i };
      g_autoptr(HrmUser) user = NULL;

      hrm_client_test_wait_until (row_loaded, &row);
      user = get_item (fixture, i);
      g_assert_true (check (user, data));
    }
}

static gboolean
matches_last_name (HrmUser       *user,
                   gconstpointer  data)
{
  return g_ascii_strcasecmp (hrm_user_get_last_name (user), data) == 0
         || strstr (hrm_user_get_email (user) ? hrm_user_get_email (user) : "", "abrahamsson");
}

static gboolean
is_linked (HrmUser       *user,
           gconstpointer  data)
{
  return hrm_user_get_connection_state (user) == HRM_CONNECTION_LINKED;
}

static gboolean
is_disabled (HrmUser       *user,
             gconstpointer  data)
{
  return !hrm_user_get_enabled (user);
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  guint all;

  if (fixture->server == NULL)
    return;

  all = hrm_user_list_get_total (fixture->list);

  hrm_user_list_set_query (fixture->list, "abrahamsson");
  g_assert_cmpstr (hrm_user_list_get_query (fixture->list), ==, "abrahamsson");
  wait_loaded (fixture);
  g_assert_null (hrm_user_list_get_error (fixture->list));
  g_assert_cmpuint (hrm_user_list_get_total (fixture->list), >, 0);
  g_assert_cmpuint (hrm_user_list_get_total (fixture->list), <, all);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==,
                    hrm_user_list_get_total (fixture->list));
  assert_all (fixture, matches_last_name, "Abrahamsson");

  hrm_user_list_set_query (fixture->list, "no such person anywhere");
  wait_loaded (fixture);
  g_assert_cmpuint (hrm_user_list_get_total (fixture->list), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 0);

  hrm_user_list_set_query (fixture->list, "");
  wait_loaded (fixture);
  g_assert_cmpuint (hrm_user_list_get_total (fixture->list), ==, all);
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  guint all, linked;

  if (fixture->server == NULL)
    return;

  all = hrm_user_list_get_total (fixture->list);

  /* Through the properties, as g_settings_bind() would. */
  g_object_set (fixture->list, "connection-filter", HRM_CONNECTION_FILTER_LINKED, NULL);
  wait_loaded (fixture);
  linked = hrm_user_list_get_total (fixture->list);
  g_assert_cmpuint (linked, >, 0);
  g_assert_cmpuint (linked, <, all);
  assert_all (fixture, is_linked, NULL);

  hrm_user_list_set_connection_filter (fixture->list, HRM_CONNECTION_FILTER_ALL);
  hrm_user_list_set_enabled_filter (fixture->list, HRM_ENABLED_FILTER_DISABLED);
  wait_loaded (fixture);
  g_assert_cmpuint (hrm_user_list_get_total (fixture->list), <, all);
  assert_all (fixture, is_disabled, NULL);

  hrm_user_list_set_enabled_filter (fixture->list, HRM_ENABLED_FILTER_ALL);
  wait_loaded (fixture);
  g_assert_cmpuint (hrm_user_list_get_total (fixture->list), ==, all);
}

static HrmUsersPage *
fetch_first_page (HrmClient           *client,
                  HrmConnectionFilter  connection_filter)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  HrmUsersPage *page;

  hrm_user_list_fetch_first_page_async (client, connection_filter, HRM_ENABLED_FILTER_ALL, NULL,
                                        hrm_client_test_keep_result, &slot);
  result = hrm_client_test_wait (&slot);
  page = hrm_user_list_fetch_first_page_finish (client, result, &error);
  g_assert_no_error (error);
  return page;
}

static gint64
id_at (HrmUserList *list,
       guint        position)
{
  g_autoptr(HrmUser) user = g_list_model_get_item (G_LIST_MODEL (list), position);

  return hrm_user_get_id (user);
}

typedef struct
{
  HrmUserList *list;
  guint        position;
} ListRow;

static gboolean
has_id_at (gpointer data)
{
  ListRow *row = data;

  return id_at (row->list, row->position) != 0;
}

/* A list that starts from the first page another client read (the session
 * resume's thread does that while the window is built): it shows the same
 * rows as a list that asked itself, at once and without a request, and the
 * pages after it come through the list's own client. */
static void
test_from_first_page (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(HrmClient) other = NULL;
  g_autoptr(HrmUserList) list = NULL;
  g_autoptr(HrmUserList) linked = NULL;
  g_autoptr(HrmUserList) linked_asked = NULL;
  guint n, far;

  if (fixture->server == NULL)
    return;

  other = hrm_client_test_sign_in (hrm_test_server_get_uri (fixture->server), "admin");
  list = hrm_user_list_new_from_first_page (fixture->client, HRM_CONNECTION_FILTER_ALL,
                                            HRM_ENABLED_FILTER_ALL,
                                            fetch_first_page (other, HRM_CONNECTION_FILTER_ALL));

  g_assert_false (hrm_user_list_get_loading (list));
  g_assert_null (hrm_user_list_get_error (list));
  g_assert_cmpuint (hrm_user_list_get_n_requests (list), ==, 0);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, ==, g_list_model_get_n_items (G_LIST_MODEL (fixture->list)));
  g_assert_cmpuint (hrm_user_list_get_total (list), ==, hrm_user_list_get_total (fixture->list));
  g_assert_cmpuint (n, >, 200);
  for (guint i = 0; i < 100; i++)
    g_assert_cmpint (id_at (list, i), ==, id_at (fixture->list, i));

  /* The third page: a placeholder, then the list's own request fills it
   * with what the other list shows there. */
  far = 200;
  g_assert_cmpint (id_at (list, far), ==, 0);
  hrm_client_test_wait_until (has_id_at, &(ListRow) { list, far });
  g_assert_cmpuint (hrm_user_list_get_n_requests (list), >, 0);
  hrm_client_test_wait_until (has_id_at, &(ListRow) { fixture->list, far });
  g_assert_cmpint (id_at (list, far), ==, id_at (fixture->list, far));

  /* The filters it is made with are the list's. */
  linked = hrm_user_list_new_from_first_page (fixture->client, HRM_CONNECTION_FILTER_LINKED,
                                              HRM_ENABLED_FILTER_ALL,
                                              fetch_first_page (other, HRM_CONNECTION_FILTER_LINKED));
  linked_asked = hrm_user_list_new_filtered (fixture->client, HRM_CONNECTION_FILTER_LINKED,
                                             HRM_ENABLED_FILTER_ALL);
  hrm_client_test_wait_until (not_loading, linked_asked);
  g_assert_cmpuint (hrm_user_list_get_connection_filter (linked), ==, HRM_CONNECTION_FILTER_LINKED);
  g_assert_cmpuint (hrm_user_list_get_total (linked), ==, hrm_user_list_get_total (linked_asked));
  g_assert_cmpuint (hrm_user_list_get_total (linked), <, n);
  g_assert_cmpint (id_at (linked, 0), ==, id_at (linked_asked, 0));
}

/* The rows a window built ahead, empty, while the first page was on its
 * way: the list takes their objects over, filled with its first users, so
 * that a view showing them keeps its row widgets. An object someone else
 * holds is not taken over, and past the first page nothing changes. */
static void
test_adopt_rows (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(HrmClient) other = NULL;
  g_autoptr(HrmUserList) list = NULL;
  g_autoptr(GListStore) rows = g_list_store_new (HRM_TYPE_USER);
  g_autoptr(HrmUser) held = NULL;
  g_autoptr(HrmUser) named = hrm_user_new ();
  g_autoptr(HrmUser) fifth = NULL;
  g_autoptr(HrmUser) seventh = NULL;
  gint64 held_id;

  if (fixture->server == NULL)
    return;

  for (guint i = 0; i < 18; i++)
    {
      g_autoptr(HrmUser) placeholder = hrm_user_new ();

      g_list_store_append (rows, placeholder);
    }
  /* Not a placeholder: someone's user, never overwritten. */
  fifth = g_list_model_get_item (G_LIST_MODEL (fixture->list), 5);
  hrm_user_update_from (named, fifth);
  g_list_store_splice (rows, 5, 1, (gpointer *) &named, 1);

  other = hrm_client_test_sign_in (hrm_test_server_get_uri (fixture->server), "admin");
  list = hrm_user_list_new_from_first_page (fixture->client, HRM_CONNECTION_FILTER_ALL,
                                            HRM_ENABLED_FILTER_ALL,
                                            fetch_first_page (other, HRM_CONNECTION_FILTER_ALL));
  held = g_list_model_get_item (G_LIST_MODEL (list), 7);
  held_id = hrm_user_get_id (held);

  hrm_user_list_adopt_rows (list, G_LIST_MODEL (rows));

  for (guint i = 0; i < 18; i++)
    {
      g_autoptr(HrmUser) row = g_list_model_get_item (G_LIST_MODEL (rows), i);
      g_autoptr(HrmUser) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_cmpint (hrm_user_get_id (item), ==, id_at (fixture->list, i));
      if (i == 5 || i == 7)
        g_assert_true (row != item);
      else
        g_assert_true (row == item);
    }
  seventh = g_list_model_get_item (G_LIST_MODEL (list), 7);
  g_assert_true (seventh == held);
  g_assert_cmpint (hrm_user_get_id (held), ==, held_id);
  g_assert_cmpuint (hrm_user_list_get_n_requests (list), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (fixture->list)));
}

/* Typing fast: each change cancels the request before; the last one wins. */
static void
test_change_cancels (Fixture       *fixture,
                     gconstpointer  data)
{
  if (fixture->server == NULL)
    return;

  hrm_user_list_set_query (fixture->list, "a");
  hrm_user_list_set_query (fixture->list, "ab");
  hrm_user_list_set_query (fixture->list, "abrahamsson");
  g_assert_true (hrm_user_list_get_loading (fixture->list));
  wait_loaded (fixture);

  g_assert_null (hrm_user_list_get_error (fixture->list));
  assert_all (fixture, matches_last_name, "Abrahamsson");
}

/* An edited user's row follows without reloading the list. */
static void
test_update_user (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(HrmUser) row = NULL;
  g_autoptr(HrmUser) edited = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint requests;

  if (fixture->server == NULL)
    return;

  row = get_item (fixture, 3);
  node = hrm_user_to_json (row);
  json = json_object_ref (json_node_get_object (node));
  json_object_set_string_member (json, "first_name", "Renamed");
  edited = hrm_user_new_from_json (json, NULL);
  g_assert_nonnull (edited);

  requests = fixture->requests;
  hrm_user_list_update_user (fixture->list, edited);
  g_assert_cmpstr (hrm_user_get_first_name (row), ==, "Renamed");
  g_assert_cmpuint (fixture->requests, ==, requests);
}

/* The clerk may not list users: the list is empty and says why. */
static void
test_forbidden (Fixture       *fixture,
                gconstpointer  data)
{
  const GError *error;

  if (fixture->server == NULL)
    return;

  error = hrm_user_list_get_error (fixture->list);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_FORBIDDEN);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 0);

  /* A reload asks again (and fails again), clearing the error meanwhile. */
  hrm_user_list_reload (fixture->list);
  g_assert_null (hrm_user_list_get_error (fixture->list));
  wait_loaded (fixture);
  g_assert_error (hrm_user_list_get_error (fixture->list), HRM_ERROR, HRM_ERROR_FORBIDDEN);
}

/* A demo organisation of 3000 users: long enough for jumps. */
static void
fixture_set_up_many (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *args[] = { "--demo-users", "3000", NULL };
  g_autoptr(GError) error = NULL;

  if (!hrm_test_server_available ())
    {
      g_test_skip ("HRM_SERVER_PATH is not set: hrm-server was not built");
      return;
    }
  fixture->server = hrm_test_server_new_full (TRUE, args, NULL, &error);
  g_assert_no_error (error);

  fixture->client = hrm_client_test_sign_in (hrm_test_server_get_uri (fixture->server), "admin");
  fixture->list = hrm_user_list_new (fixture->client);
  fixture->requests = 1;
  fixture->watch = G_MAXUINT;
  g_signal_connect (fixture->list, "notify::loading", G_CALLBACK (on_loading), fixture);
  g_signal_connect (fixture->list, "items-changed", G_CALLBACK (on_items_changed), fixture);
  wait_loaded (fixture);
}

/* The ids of all users in the server's order, walking its pages with cursors. */
static GArray *
server_order (Fixture *fixture)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *cursor = NULL;

  do
    {
      g_autoptr(HrmUsersPage) page = NULL;
      g_autoptr(GError) error = NULL;
      GAsyncResult *result = NULL;

      hrm_client_list_users_async (fixture->client, NULL, HRM_CONNECTION_FILTER_ALL,
                                   HRM_ENABLED_FILTER_ALL, cursor, 200, NULL,
                                   hrm_client_test_keep_result, &result);
      result = hrm_client_test_wait (&result);
      page = hrm_client_list_users_finish (fixture->client, result, &error);
      g_clear_object (&result);
      g_assert_no_error (error);
      for (guint i = 0; i < page->items->len; i++)
        {
          gint64 id = hrm_user_get_id (g_ptr_array_index (page->items, i));
          g_array_append_val (ids, id);
        }
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
    }
  while (cursor != NULL);

  return ids;
}

/* Dragging the scrollbar far down: the row's page comes with one request, by
 * offset, not after every page before it; then every row arrives, once, in
 * the server's order. */
static void
test_jump (Fixture       *fixture,
           gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (fixture->list);
  g_autoptr(GArray) expected = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(HrmUser) far = NULL;
  Row row = { fixture, 2500 };
  guint before, n;

  if (fixture->server == NULL)
    return;

  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, ==, 3000);
  before = hrm_user_list_get_n_requests (fixture->list);

  far = get_item (fixture, 2500);
  g_assert_cmpint (hrm_user_get_id (far), ==, 0);
  hrm_client_test_wait_until (row_loaded, &row);
  g_assert_cmpuint (hrm_user_list_get_n_requests (fixture->list), ==, before + 1);
  wait_loaded (fixture);

  expected = server_order (fixture);
  g_assert_cmpuint (expected->len, ==, n);
  {
    g_autoptr(HrmUser) user = get_item (fixture, 2500);

    g_assert_cmpint (hrm_user_get_id (user), ==, g_array_index (expected, gint64, 2500));
  }

  /* Read on from the jump with the cursor: one more request for the next page. */
  before = hrm_user_list_get_n_requests (fixture->list);
  row.position = 2600;
  g_object_unref (get_item (fixture, 2600));
  hrm_client_test_wait_until (row_loaded, &row);
  g_assert_cmpuint (hrm_user_list_get_n_requests (fixture->list), ==, before + 1);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HrmUser) user = NULL;
      gint64 id;

      row.position = i;
      hrm_client_test_wait_until (row_loaded, &row);
      user = get_item (fixture, i);
      id = hrm_user_get_id (user);
      g_assert_false (g_hash_table_contains (seen, &id));
      g_hash_table_add (seen, g_memdup2 (&id, sizeof id));
      g_assert_cmpint (id, ==, g_array_index (expected, gint64, i));
    }
  wait_loaded (fixture);
  g_assert_cmpuint (g_hash_table_size (seen), ==, n);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);

  /* Pages of 100, not a request per row. */
  g_test_message ("%u users in %u requests", n, hrm_user_list_get_n_requests (fixture->list));
  g_assert_cmpuint (hrm_user_list_get_n_requests (fixture->list), <=, n / 100 + 3);
}

/* A fast scroll over the whole list asks for a row of every page; only the
 * last few wanted pages are fetched, and the row the user stops at arrives. */
static void
test_fast_scroll (Fixture       *fixture,
                  gconstpointer  data)
{
  Row row = { fixture, 2950 };
  guint before;

  if (fixture->server == NULL)
    return;

  before = hrm_user_list_get_n_requests (fixture->list);
  for (guint i = 150; i <= 2950; i += 100)
    g_object_unref (get_item (fixture, i));

  hrm_client_test_wait_until (row_loaded, &row);
  wait_loaded (fixture);
  g_test_message ("%u requests", hrm_user_list_get_n_requests (fixture->list) - before);
  g_assert_cmpuint (hrm_user_list_get_n_requests (fixture->list) - before, <=, 4);

  /* A row passed on the way and dropped is fetched when asked for again. */
  row.position = 1050;
  g_object_unref (get_item (fixture, 1050));
  hrm_client_test_wait_until (row_loaded, &row);
}

/* A new query while a jump is on its way: the jump's page does not end up in
 * the new list. */
static void
test_jump_then_search (Fixture       *fixture,
                       gconstpointer  data)
{
  if (fixture->server == NULL)
    return;

  g_object_unref (get_item (fixture, 2500));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 3000);
  /* Let the idle callback start the jump's request. */
  while (hrm_user_list_get_n_requests (fixture->list) < 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (hrm_user_list_get_loading (fixture->list));

  hrm_user_list_set_query (fixture->list, "abrahamsson");
  wait_loaded (fixture);
  g_assert_null (hrm_user_list_get_error (fixture->list));
  g_assert_cmpuint (hrm_user_list_get_total (fixture->list), <, 3000);
  assert_all (fixture, matches_last_name, "Abrahamsson");
}

/* A row asked for before its page arrived is filled in place: the same
 * object, now the user, and no items-changed for it, so a list view keeps
 * the row widget it bound (it would build a new one for a changed row). */
static void
test_fill_in_place (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(HrmUser) placeholder = NULL;
  g_autoptr(HrmUser) again = NULL;
  Row row = { fixture, 1050 };

  if (fixture->server == NULL)
    return;

  fixture->watch = 1050;
  placeholder = get_item (fixture, 1050);
  g_assert_cmpint (hrm_user_get_id (placeholder), ==, 0);
  hrm_client_test_wait_until (row_loaded, &row);

  g_assert_cmpint (hrm_user_get_id (placeholder), !=, 0);
  again = get_item (fixture, 1050);
  g_assert_true (again == placeholder);
  g_assert_cmpuint (fixture->watch_changes, ==, 0);
}

/* Scrolling all 3000 users keeps a bounded number of pages; a page left far
 * behind is fetched again when its rows are asked for, with the same users,
 * and "select all" still has every user seen. A user held elsewhere (the
 * user page, a bound row) stays the same object across that. */
static void
test_eviction (Fixture       *fixture,
               gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (fixture->list);
  g_autoptr(GArray) expected = NULL;
  g_autoptr(GArray) seen = NULL;
  g_autoptr(HrmUser) held = NULL;
  g_autoptr(HrmUser) held_again = NULL;
  g_autoptr(HrmUser) user = NULL;
  guint n, max_pages = 0, before;
  Row row = { fixture, 0 };

  if (fixture->server == NULL)
    return;

  n = g_list_model_get_n_items (model);
  expected = server_order (fixture);
  g_assert_cmpuint (expected->len, ==, n);

  for (guint i = 0; i < n; i++)
    {
      row.position = i;
      hrm_client_test_wait_until (row_loaded, &row);
      if (i == 520)
        held = get_item (fixture, 520);
      max_pages = MAX (max_pages, hrm_user_list_get_n_loaded_pages (fixture->list));
    }
  wait_loaded (fixture);
  g_test_message ("at most %u pages kept of %u", max_pages, n / 100);
  g_assert_cmpuint (max_pages, <=, 20);
  g_assert_cmpuint (hrm_user_list_get_n_loaded_pages (fixture->list), <, n / 100);

  seen = hrm_user_list_dup_loaded_ids (fixture->list);
  g_assert_cmpuint (seen->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (seen, gint64, i), ==, g_array_index (expected, gint64, i));

  /* Page 5 was forgotten: asking for one of its rows fetches it again. */
  before = hrm_user_list_get_n_requests (fixture->list);
  user = get_item (fixture, 550);
  g_assert_cmpint (hrm_user_get_id (user), ==, 0);
  row.position = 550;
  hrm_client_test_wait_until (row_loaded, &row);
  g_assert_cmpuint (hrm_user_list_get_n_requests (fixture->list), ==, before + 1);
  g_assert_cmpint (hrm_user_get_id (user), ==, g_array_index (expected, gint64, 550));

  held_again = get_item (fixture, 520);
  g_assert_true (held_again == held);
  g_assert_cmpint (hrm_user_get_id (held), ==, g_array_index (expected, gint64, 520));
}

static gboolean
matches_nilsson (HrmUser *user)
{
  return g_ascii_strcasecmp (hrm_user_get_last_name (user), "Nilsson") == 0
         || strstr (hrm_user_get_email (user) ? hrm_user_get_email (user) : "", "nilsson");
}

/* A new search keeps the objects rows are bound to and makes them the new
 * users in place (no items-changed there: a list view keeps its row
 * widgets), but never the user the user page shows (hold_user): that row
 * gets a new object. Only the first page is fetched. */
static void
test_search_in_place (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) bound = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(HrmUser) now_held = NULL;
  HrmUser *held;
  gint64 held_id;
  guint before;

  if (fixture->server == NULL)
    return;

  for (guint i = 0; i < 10; i++)
    g_ptr_array_add (bound, get_item (fixture, i));
  held = g_ptr_array_index (bound, 5);
  held_id = hrm_user_get_id (held);
  hrm_user_list_hold_user (fixture->list, held);

  before = hrm_user_list_get_n_requests (fixture->list);
  fixture->watch = 3;
  hrm_user_list_set_query (fixture->list, "nilsson");
  wait_loaded (fixture);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);

  g_assert_cmpuint (hrm_user_list_get_total (fixture->list), >, 10);
  g_assert_cmpuint (hrm_user_list_get_total (fixture->list), <, 100);
  g_assert_cmpuint (hrm_user_list_get_n_requests (fixture->list), ==, before + 1);
  g_assert_cmpuint (fixture->watch_changes, ==, 0);

  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(HrmUser) user = get_item (fixture, i);

      g_assert_true (matches_nilsson (user));
      if (i == 5)
        g_assert_true (user != held);
      else
        g_assert_true (user == g_ptr_array_index (bound, i));
    }
  /* The user page's user is still the same person. */
  g_assert_cmpint (hrm_user_get_id (held), ==, held_id);
  now_held = get_item (fixture, 5);
  g_assert_cmpint (hrm_user_get_id (now_held), !=, 0);
}

/* A search shorter than the rows bound: rows past its end go (items-changed
 * at the end only), and a longer one after it fills bound placeholders. */
static void
test_search_shrinks (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) bound = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  if (fixture->server == NULL)
    return;

  for (guint i = 0; i < 150; i++)
    g_ptr_array_add (bound, get_item (fixture, i));
  wait_loaded (fixture);

  fixture->watch = 0;
  hrm_user_list_set_query (fixture->list, "abrahamsson");
  wait_loaded (fixture);
  n = g_list_model_get_n_items (G_LIST_MODEL (fixture->list));
  g_assert_cmpuint (n, <, 100);
  g_assert_cmpuint (fixture->watch_changes, ==, 0);
  g_assert_null (get_item (fixture, n));

  /* Back to everyone: rows 100–149 were bound to users of the first query;
   * they are placeholders of page 1 now, wanted and filled in place. */
  hrm_user_list_set_query (fixture->list, NULL);
  wait_loaded (fixture);
  for (guint i = 0; i < 150; i++)
    {
      Row row = { fixture, i };

      hrm_client_test_wait_until (row_loaded, &row);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 3000);
  g_assert_cmpuint (fixture->watch_changes, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, user) \
  g_test_add (path, Fixture, user, fixture_set_up, func, fixture_tear_down)
  ADD ("/client/user-list/pages", test_pages, NULL);
  ADD ("/client/user-list/no-scrolling-no-requests", test_no_scrolling_no_requests, NULL);
  ADD ("/client/user-list/loaded-ids", test_loaded_ids, NULL);
  ADD ("/client/user-list/search", test_search, NULL);
  ADD ("/client/user-list/filters", test_filters, NULL);
  ADD ("/client/user-list/change-cancels", test_change_cancels, NULL);
  ADD ("/client/user-list/update-user", test_update_user, NULL);
  ADD ("/client/user-list/forbidden", test_forbidden, "clerk");
  g_test_add ("/client/user-list/from-first-page", Fixture, NULL, fixture_set_up, test_from_first_page,
              fixture_tear_down);
  g_test_add ("/client/user-list/adopt-rows", Fixture, NULL, fixture_set_up, test_adopt_rows,
              fixture_tear_down);
  g_test_add ("/client/user-list/jump", Fixture, NULL, fixture_set_up_many, test_jump,
              fixture_tear_down);
  g_test_add ("/client/user-list/fast-scroll", Fixture, NULL, fixture_set_up_many,
              test_fast_scroll, fixture_tear_down);
  g_test_add ("/client/user-list/fill-in-place", Fixture, NULL, fixture_set_up_many,
              test_fill_in_place, fixture_tear_down);
  g_test_add ("/client/user-list/eviction", Fixture, NULL, fixture_set_up_many,
              test_eviction, fixture_tear_down);
  g_test_add ("/client/user-list/search-in-place", Fixture, NULL, fixture_set_up_many,
              test_search_in_place, fixture_tear_down);
  g_test_add ("/client/user-list/search-shrinks", Fixture, NULL, fixture_set_up_many,
              test_search_shrinks, fixture_tear_down);
  g_test_add ("/client/user-list/jump-then-search", Fixture, NULL, fixture_set_up_many,
              test_jump_then_search, fixture_tear_down);
#undef ADD

  return g_test_run ();
}
