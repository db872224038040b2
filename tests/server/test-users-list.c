/* test-users-list.c — GET /api/v1/users: search, filters, limits, keyset
 * pagination and sorting
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>

#include "server-test.h"

/* GET /api/v1/users?@query; asserts 200 and returns the ids found (all pages). */
static GArray *
search_ids (Fixture    *f,
            const char *query)
{
  g_autoptr(GPtrArray) users = list_all_users (f, query, 200);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < users->len; i++)
    {
      gint64 id = hrm_test_json_get_int (g_ptr_array_index (users, i), "id");
      g_array_append_val (ids, id);
    }
  return ids;
}

static gboolean
ids_contain (GArray *ids,
             gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static void
assert_finds_only (Fixture    *f,
                   const char *q,
                   gint64      id)
{
  g_autoptr(GString) query = g_string_new ("q=");
  g_autoptr(GArray) ids = NULL;

  g_string_append_uri_escaped (query, q, NULL, FALSE);
  ids = search_ids (f, query->str);
  g_test_message ("q=%s found %u", q, ids->len);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, id);
}

static void
test_search_each_field (Fixture       *f,
                        gconstpointer  data)
{
  gint64 target;
  gint64 other;

  SKIP_WITHOUT_SERVER (f);

  target = some_user_id (f, 0);
  other = some_user_id (f, 1);
  patch_user_ok (f, target,
                 "{\"user_id\": \"qz.unique.userid\", \"alias_user_id\": \"QzAliasOnly\","
                 " \"signature\": \"QZSIG\", \"card_tag_id\": \"CARD-QZ-7731\","
                 " \"external_reference\": \"EXT-QZ-55123\", \"first_name\": \"Quintessaqz\","
                 " \"last_name\": \"Zzyzxsonqz\", \"email\": \"quin.qz@example.org\"}");
  /* A look-alike that must not match the more specific searches. */
  patch_user_ok (f, other, "{\"signature\": \"QZSIG2\"}");

  assert_finds_only (f, "Quintessaqz", target);      /* first name */
  assert_finds_only (f, "zzyzxsonqz", target);       /* last name, other case */
  assert_finds_only (f, "QZ.UNIQUE.USERID", target); /* user id, other case */
  assert_finds_only (f, "unique.user", target);      /* part of the user id */
  assert_finds_only (f, "qzaliasonly", target);      /* alias */
  assert_finds_only (f, "quin.qz@EXAMPLE.org", target); /* email */
  assert_finds_only (f, "card-qz-7731", target);     /* card / tag id */
  assert_finds_only (f, "ext-qz-55123", target);     /* external reference */
  assert_finds_only (f, "QZSIG2", other);            /* signature */

  {
    g_autoptr(GArray) both = search_ids (f, "q=qzsig");
    g_assert_cmpuint (both->len, ==, 2);
    g_assert_true (ids_contain (both, target));
    g_assert_true (ids_contain (both, other));
  }
  {
    g_autoptr(GArray) none = search_ids (f, "q=no-user-has-this-text-anywhere");
    g_assert_cmpuint (none->len, ==, 0);
  }
}

static void
test_search_is_literal (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GArray) all = NULL;
  gint64 target;

  SKIP_WITHOUT_SERVER (f);

  target = some_user_id (f, 2);
  patch_user_ok (f, target, "{\"signature\": \"50%_off\"}");
  all = search_ids (f, NULL);
  g_assert_cmpuint (all->len, >, 2);

  /* SQL wildcards are searched for, not expanded. */
  assert_finds_only (f, "%", target);
  assert_finds_only (f, "%_", target);
  {
    g_autoptr(GArray) quote = search_ids (f, "q=%27%3B%20DROP%20TABLE%20users%3B--");
    g_assert_cmpuint (quote->len, ==, 0);
  }
  {
    g_autoptr(GArray) again = search_ids (f, NULL);
    g_assert_cmpuint (again->len, ==, all->len);
  }
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  /* connection=expired: pending users whose link has run out. */
  static const char *filters[] = { "not_linked", "pending", "expired", "linked" };
  static const char *states[] = { "not_linked", "pending", "pending", "linked" };
  g_autoptr(GArray) all = NULL;
  guint sum = 0;
  gint64 linked, pending, disabled;

  SKIP_WITHOUT_SERVER (f);

  linked = some_user_id (f, 0);
  pending = some_user_id (f, 1);
  disabled = some_user_id (f, 2);
  link_user (f, linked, "linked.filter@example.com");
  g_free (send_verification (f, pending, "pending.filter@example.com"));
  patch_user_ok (f, disabled, "{\"enabled\": false}");

  all = search_ids (f, NULL);

  for (guint s = 0; s < G_N_ELEMENTS (states); s++)
    {
      g_autofree char *query = g_strdup_printf ("connection=%s", filters[s]);
      g_autoptr(GPtrArray) users = list_all_users (f, query, 200);

      for (guint i = 0; i < users->len; i++)
        g_assert_cmpstr (hrm_test_json_get_string (g_ptr_array_index (users, i), "connection.state"),
                         ==, states[s]);
      sum += users->len;
    }
  /* The four filters partition the users. */
  g_assert_cmpuint (sum, ==, all->len);

  {
    g_autoptr(GArray) ids = search_ids (f, "connection=linked");
    g_assert_true (ids_contain (ids, linked));
    g_assert_false (ids_contain (ids, pending));
  }
  {
    g_autoptr(GArray) ids = search_ids (f, "connection=pending");
    g_assert_true (ids_contain (ids, pending));
    g_assert_false (ids_contain (ids, linked));
  }

  {
    g_autoptr(GPtrArray) off = list_all_users (f, "enabled=false", 200);
    g_autoptr(GPtrArray) on = list_all_users (f, "enabled=true", 200);
    gboolean found = FALSE;

    for (guint i = 0; i < off->len; i++)
      {
        JsonObject *user = g_ptr_array_index (off, i);

        g_assert_false (hrm_test_json_get_bool (user, "enabled"));
        found |= hrm_test_json_get_int (user, "id") == disabled;
      }
    g_assert_true (found);
    for (guint i = 0; i < on->len; i++)
      g_assert_true (hrm_test_json_get_bool (g_ptr_array_index (on, i), "enabled"));
    g_assert_cmpuint (off->len + on->len, ==, all->len);
  }

  /* Filters combine with each other and with the search. */
  {
    g_autoptr(GArray) ids = search_ids (f, "connection=linked&enabled=true&q=linked.filter");
    g_assert_cmpuint (ids->len, ==, 1);
    g_assert_cmpint (g_array_index (ids, gint64, 0), ==, linked);
  }
  {
    g_autoptr(GArray) ids = search_ids (f, "connection=pending&q=linked.filter");
    g_assert_cmpuint (ids->len, ==, 0);
  }
}

static void
test_limits (Fixture       *f,
             gconstpointer  data)
{
  static const char *bad[] = {
    "limit=0", "limit=201", "limit=-1", "limit=abc", "limit=", "limit=1.5", "limit=99999999999999999999",
    "connection=bogus", "connection=LINKED", "enabled=maybe", "enabled=1",
    "cursor=not-a-cursor", "cursor=%00",
  };
  g_autoptr(GArray) all = NULL;

  SKIP_WITHOUT_SERVER (f);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strconcat ("/api/v1/users?", bad[i], NULL);
      g_autoptr(HrmTestResponse) r = api (f, "GET", path, NULL);

      g_test_message ("%s", path);
      hrm_test_assert_status (r, 400);
      g_assert_cmpstr (hrm_test_response_error_code (r), ==, "bad_request");
      g_assert_nonnull (hrm_test_json_get_string (r->json, "error.message"));
    }

  all = search_ids (f, NULL);

  {
    g_autoptr(HrmTestResponse) r = api (f, "GET", "/api/v1/users?limit=1", NULL);
    hrm_test_assert_status (r, 200);
    g_assert_cmpuint (json_array_get_length (hrm_test_json_get_array (r->json, "items")), ==, 1);
    g_assert_cmpint (hrm_test_json_get_int (r->json, "total"), ==, all->len);
    g_assert_nonnull (hrm_test_json_get_string (r->json, "next_cursor"));
  }
  {
    g_autoptr(HrmTestResponse) r = api (f, "GET", "/api/v1/users?limit=200", NULL);
    hrm_test_assert_status (r, 200);
    g_assert_cmpuint (json_array_get_length (hrm_test_json_get_array (r->json, "items")), ==,
                      MIN (all->len, 200));
  }
  {
    /* The default page holds 50. */
    g_autoptr(HrmTestResponse) r = api (f, "GET", "/api/v1/users", NULL);
    hrm_test_assert_status (r, 200);
    g_assert_cmpuint (json_array_get_length (hrm_test_json_get_array (r->json, "items")), ==,
                      MIN (all->len, 50));
    g_assert_cmpint (hrm_test_json_get_int (r->json, "total"), ==, all->len);
    if (all->len <= 50)
      g_assert_true (hrm_test_json_is_null (r->json, "next_cursor"));
    else
      g_assert_nonnull (hrm_test_json_get_string (r->json, "next_cursor"));
  }
}

static int
compare_users (JsonObject *a,
               JsonObject *b)
{
  const char *a_last = hrm_test_json_get_string (a, "last_name");
  const char *b_last = hrm_test_json_get_string (b, "last_name");
  const char *a_first = hrm_test_json_get_string (a, "first_name");
  const char *b_first = hrm_test_json_get_string (b, "first_name");
  int c;

  c = compare_names (a_last, b_last);
  if (c != 0)
    return c;
  c = compare_names (a_first, b_first);
  if (c != 0)
    return c;
  return (int) CLAMP (hrm_test_json_get_int (a, "id") - hrm_test_json_get_int (b, "id"), -1, 1);
}

static void
test_pagination_walk (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) big = NULL;
  g_autoptr(GPtrArray) small = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(HrmTestResponse) first = NULL;

  SKIP_WITHOUT_SERVER (f);

  /* Give two users the same name: the id breaks the tie. */
  patch_user_ok (f, some_user_id (f, 0), "{\"first_name\": \"Same\", \"last_name\": \"Name\"}");
  patch_user_ok (f, some_user_id (f, 1), "{\"first_name\": \"same\", \"last_name\": \"NAME\"}");

  big = list_all_users (f, NULL, 200);
  small = list_all_users (f, NULL, 7);
  g_assert_cmpuint (big->len, >, 7);
  g_assert_cmpuint (small->len, ==, big->len);

  first = api (f, "GET", "/api/v1/users?limit=7", NULL);
  g_assert_cmpint (hrm_test_json_get_int (first->json, "total"), ==, big->len);

  for (guint i = 0; i < small->len; i++)
    {
      JsonObject *a = g_ptr_array_index (small, i);
      JsonObject *b = g_ptr_array_index (big, i);
      gint64 *id = g_new (gint64, 1);

      *id = hrm_test_json_get_int (a, "id");
      /* Every user exactly once, in the same order whatever the page size. */
      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, id);
      g_assert_cmpint (*id, ==, hrm_test_json_get_int (b, "id"));

      /* Sorted by last name, first name (case-insensitively), then id. */
      if (i > 0)
        g_assert_cmpint (compare_users (g_ptr_array_index (small, i - 1), a), <, 0);
    }
}

static void
test_pagination_with_search (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) one_page = NULL;
  g_autoptr(GPtrArray) small_pages = NULL;
  g_autoptr(HrmTestResponse) first = NULL;

  SKIP_WITHOUT_SERVER (f);

  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *patch = g_strdup_printf ("{\"external_reference\": \"WALKQ-%u\"}", i);
      patch_user_ok (f, some_user_id (f, i), patch);
    }

  /* A search walks in pages like the whole list, and total counts the matches. */
  one_page = list_all_users (f, "q=walkq", 200);
  small_pages = list_all_users (f, "q=walkq", 2);
  g_assert_cmpuint (one_page->len, ==, 7);
  g_assert_cmpuint (small_pages->len, ==, 7);
  for (guint i = 0; i < 7; i++)
    g_assert_cmpint (hrm_test_json_get_int (g_ptr_array_index (one_page, i), "id"), ==,
                     hrm_test_json_get_int (g_ptr_array_index (small_pages, i), "id"));

  first = api (f, "GET", "/api/v1/users?q=walkq&limit=2", NULL);
  hrm_test_assert_status (first, 200);
  g_assert_cmpint (hrm_test_json_get_int (first->json, "total"), ==, 7);

  /* A cursor from one search does not leak into another list: the rest of the
   * walk stays within the search. */
  {
    g_autoptr(GString) path = g_string_new ("/api/v1/users?q=walkq&limit=2&cursor=");
    g_autoptr(HrmTestResponse) next = NULL;
    JsonArray *items;

    g_string_append_uri_escaped (path, hrm_test_json_get_string (first->json, "next_cursor"), NULL, FALSE);
    next = api (f, "GET", path->str, NULL);
    hrm_test_assert_status (next, 200);
    items = hrm_test_json_get_array (next->json, "items");
    for (guint i = 0; i < json_array_get_length (items); i++)
      g_assert_true (g_str_has_prefix (hrm_test_json_get_string (json_array_get_object_element (items, i),
                                                                 "external_reference"), "WALKQ-"));
  }
}

static void
test_pagination_stable_when_added (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree char *cursor = NULL;
  guint page = 0;
  gboolean saw_late_row = FALSE;
  gboolean saw_early_row = FALSE;

  SKIP_WITHOUT_SERVER (f);

  before = list_all_users (f, NULL, 200);
  g_assert_cmpuint (before->len, >, 10);

  do
    {
      g_autoptr(GString) path = g_string_new ("/api/v1/users?limit=4");
      g_autoptr(HrmTestResponse) r = NULL;
      JsonArray *items;

      if (cursor != NULL)
        {
          g_string_append (path, "&cursor=");
          g_string_append_uri_escaped (path, cursor, NULL, FALSE);
        }
      r = api (f, "GET", path->str, NULL);
      hrm_test_assert_status (r, 200);
      items = hrm_test_json_get_array (r->json, "items");

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *user = json_array_get_object_element (items, i);
          gint64 *id = g_new (gint64, 1);

          *id = hrm_test_json_get_int (user, "id");
          g_assert_false (g_hash_table_contains (seen, id));
          g_hash_table_add (seen, id);
          saw_late_row |= g_strcmp0 (hrm_test_json_get_string (user, "user_id"), "mid.walk.late") == 0;
          saw_early_row |= g_strcmp0 (hrm_test_json_get_string (user, "user_id"), "mid.walk.early") == 0;
        }

      /* After the second page, users appear before and after the cursor. */
      if (++page == 2)
        db_exec (f,
                 "INSERT INTO users (user_id, first_name, last_name, updated_at)"
                 " VALUES ('mid.walk.early', 'Aaron', 'Aaaaardvark', 0);"
                 "INSERT INTO users (user_id, first_name, last_name, updated_at)"
                 " VALUES ('mid.walk.late', 'Zed', 'Zzzzzzzz', 0);");

      g_free (cursor);
      cursor = g_strdup (hrm_test_json_get_string (r->json, "next_cursor"));
    }
  while (cursor != NULL);

  /* Every user that was there all along was seen once; the one added after the
   * cursor too (the one added early sorts before the cursor unless the demo
   * data has more names before "Aaaaardvark" than two pages hold). */
  for (guint i = 0; i < before->len; i++)
    {
      gint64 id = hrm_test_json_get_int (g_ptr_array_index (before, i), "id");
      g_assert_true (g_hash_table_contains (seen, &id));
    }
  g_assert_true (saw_late_row);
  g_assert_cmpuint (g_hash_table_size (seen), ==, before->len + 1 + (saw_early_row ? 1 : 0));
}

#ifdef HRM_TEST_HAVE_COLLATE
static void
test_swedish_order (Fixture       *f,
                    gconstpointer  data)
{
  static const char *names[] = { "Öberg", "Zetterlund", "Ängel", "aberg", "Åberg", "Éklund", "Berg" };
  static const char *expected[] = { "aberg", "Berg", "Éklund", "Zetterlund", "Åberg", "Ängel", "Öberg" };
  g_autoptr(GPtrArray) users = NULL;

  SKIP_WITHOUT_SERVER (f);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *patch = g_strdup_printf ("{\"first_name\": \"Sortcheck\", \"last_name\": \"%s\"}",
                                                names[i]);
      patch_user_ok (f, some_user_id (f, i), patch);
    }

  /* A Swedish reader's order: Å, Ä, Ö after Z; case and other accents aside. */
  users = list_all_users (f, "q=Sortcheck", 3);
  g_assert_cmpuint (users->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < users->len; i++)
    g_assert_cmpstr (hrm_test_json_get_string (g_ptr_array_index (users, i), "last_name"), ==, expected[i]);
}
#endif

static void
test_items_are_users (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) users = NULL;

  SKIP_WITHOUT_SERVER (f);

  users = list_all_users (f, NULL, 200);
  for (guint i = 0; i < users->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HrmUser) user = hrm_user_new_from_json (g_ptr_array_index (users, i), &error);

      g_assert_no_error (error);
      g_assert_nonnull (user);
    }
}

/* The cursor comes back from the client: it is read by the same strict JSON
 * check as a body, and the query string by the same strict decoding as a
 * form. */
static void
test_cursor_not_strict (Fixture       *f,
                        gconstpointer  data)
{
  static const char *cursors[] = {
    "[\"A\", /* a comment */ \"B\", 1]",
    "['A', 'B', 1]",
    "[\"A\", \"B\", 01]",
    "[\"A\", \"B\", 1,]",
    "[\"A\", \"B\", 18446744073709551615]",
    "[\"A\\u0000\", \"B\", 1]",
    "[\"\\ud800\", \"B\", 1]",
    "[\"A\", \"B\", 1] []",
    "[\"A\", [\"B\"], 1]",
  };
  static const char *queries[] = {
    "q=%FF", "q=a%00b", "q=%C3", "limit=1&limit=2",
  };

  SKIP_WITHOUT_SERVER (f);

  for (guint i = 0; i < G_N_ELEMENTS (cursors); i++)
    {
      g_autofree char *encoded = g_base64_encode ((const guchar *) cursors[i], strlen (cursors[i]));
      g_autoptr(GString) path = g_string_new ("/api/v1/users?cursor=");
      g_autoptr(HrmTestResponse) r = NULL;

      g_string_append_uri_escaped (path, encoded, NULL, FALSE);
      g_test_message ("%s", cursors[i]);
      r = api (f, "GET", path->str, NULL);
      hrm_test_assert_status (r, 400);
      g_assert_cmpstr (hrm_test_response_error_code (r), ==, "bad_request");
      g_assert_nonnull (hrm_test_response_error_field (r, "cursor"));
    }

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *path = g_strconcat ("/api/v1/users?", queries[i], NULL);
      g_autoptr(HrmTestResponse) r = api (f, "GET", path, NULL);

      g_test_message ("%s", path);
      hrm_test_assert_status (r, 400);
      g_assert_cmpstr (hrm_test_response_error_code (r), ==, "bad_request");
    }

  /* A well-formed cursor is still read. */
  {
    const char *cursor = "[\"A\", \"B\", 1]";
    g_autofree char *encoded = g_base64_encode ((const guchar *) cursor, strlen (cursor));
    g_autoptr(GString) path = g_string_new ("/api/v1/users?cursor=");
    g_autoptr(HrmTestResponse) r = NULL;

    g_string_append_uri_escaped (path, encoded, NULL, FALSE);
    r = api (f, "GET", path->str, NULL);
    hrm_test_assert_status (r, 200);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TEST ("/server/users/list/search-each-field", test_search_each_field);
  ADD_TEST ("/server/users/list/search-is-literal", test_search_is_literal);
  ADD_TEST ("/server/users/list/filters", test_filters);
  ADD_TEST ("/server/users/list/limits", test_limits);
  ADD_TEST ("/server/users/list/cursor-not-strict", test_cursor_not_strict);
  ADD_TEST ("/server/users/list/pagination-walk", test_pagination_walk);
  ADD_TEST ("/server/users/list/pagination-with-search", test_pagination_with_search);
  ADD_TEST ("/server/users/list/pagination-stable-when-added", test_pagination_stable_when_added);
  ADD_TEST ("/server/users/list/items-are-users", test_items_are_users);
#ifdef HRM_TEST_HAVE_COLLATE
  ADD_TEST ("/server/users/list/swedish-order", test_swedish_order);
#endif

  return g_test_run ();
}
