/* test-users-search.c — GET /api/v1/users: the search from its full-text
 * indexes (accents, short queries, edits) and jumping with offset=
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "server-test.h"

#ifdef HRM_TEST_HAVE_COLLATE
#include "hrm-db.h"
#include "hrm-server-private.h"
#endif

/* The users q= finds (all pages), as a new array of ids. */
static GArray *
search (Fixture    *f,
        const char *q)
{
  g_autoptr(GString) query = g_string_new ("q=");
  g_autoptr(GPtrArray) users = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_string_append_uri_escaped (query, q, NULL, FALSE);
  users = list_all_users (f, query->str, 200);
  for (guint i = 0; i < users->len; i++)
    {
      gint64 id = hrm_test_json_get_int (g_ptr_array_index (users, i), "id");
      g_array_append_val (ids, id);
    }
  g_test_message ("q=%s found %u", q, ids->len);
  return ids;
}

static gboolean
contains (GArray *ids,
          gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static gint64
total_of (Fixture    *f,
          const char *path)
{
  g_autoptr(HrmTestResponse) r = api (f, "GET", path, NULL);

  hrm_test_assert_status (r, 200);
  return hrm_test_json_get_int (r->json, "total");
}

static void
assert_finds (Fixture    *f,
              const char *q,
              gint64      id,
              gboolean    found)
{
  g_autoptr(GArray) ids = search (f, q);

  if (found != contains (ids, id))
    g_error ("q=%s should %sfind user %" G_GINT64_FORMAT, q, found ? "" : "not ", id);
}

/* "linnea" finds Linnéa (and "LINNÉA" too), but å, ä, ö are letters of their
 * own: "ostqz" does not find Östqz. */
static void
test_accents (Fixture       *f,
              gconstpointer  data)
{
  gint64 target;

  SKIP_WITHOUT_SERVER (f);

  target = some_user_id (f, 0);
  patch_user_ok (f, target, "{\"first_name\": \"Linnéaqz\", \"last_name\": \"Östqzmüller\"}");

  assert_finds (f, "linneaqz", target, TRUE);
  assert_finds (f, "LINNÉAQZ", target, TRUE);
  assert_finds (f, "Linne\xcc\x81" "aqz", target, TRUE);  /* é decomposed */
  assert_finds (f, "östqz", target, TRUE);
  assert_finds (f, "ÖSTQZ", target, TRUE);
  assert_finds (f, "ostqz", target, FALSE);
  assert_finds (f, "qzmuller", target, TRUE);
  assert_finds (f, "qzmüller", target, TRUE);

  /* The demo's Åberg names: three, whatever the case (docs/demo-data.md). */
  {
    g_autoptr(GArray) lower = search (f, "åberg");
    g_autoptr(GArray) upper = search (f, "ÅBERG");

    g_assert_cmpuint (lower->len, ==, 3);
    g_assert_cmpuint (upper->len, ==, 3);
    g_assert_true (contains (lower, 12));
  }
}

/* One or two letters find the users with a word that starts with them, and
 * total counts exactly those. */
static void
test_short_queries (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GArray) one = NULL;
  g_autoptr(GArray) two = NULL;
  gint64 target;

  SKIP_WITHOUT_SERVER (f);

  target = some_user_id (f, 1);
  patch_user_ok (f, target, "{\"first_name\": \"Xylofon\"}");

  one = search (f, "x");
  two = search (f, "XY");
  g_assert_true (contains (one, target));
  g_assert_true (contains (two, target));
  g_assert_cmpuint (two->len, <=, one->len);
  g_assert_cmpint (total_of (f, "/api/v1/users?q=x&limit=1"), ==, one->len);
  g_assert_cmpint (total_of (f, "/api/v1/users?q=xy&limit=1"), ==, two->len);

  /* Å is a letter of its own here too: "å" finds Ingrid Åberg. */
  assert_finds (f, "Å", 12, TRUE);
  assert_finds (f, "åb", 12, TRUE);
  assert_finds (f, "ob", target, FALSE);

  /* Every user "x" finds has a word starting with x. */
  {
    g_autoptr(GPtrArray) users = list_all_users (f, "q=x", 200);

    for (guint i = 0; i < users->len; i++)
      {
        JsonObject *user = g_ptr_array_index (users, i);
        const char *fields[] = { "first_name", "last_name", "user_id", "alias_user_id", "email",
                                 "signature", "card_tag_id", "external_reference" };
        gboolean found = FALSE;

        for (guint k = 0; k < G_N_ELEMENTS (fields) && !found; k++)
          {
            const char *value = NULL;
            g_autofree char *lower = NULL;

            if (json_object_has_member (user, fields[k])
                && !json_object_get_null_member (user, fields[k]))
              value = json_object_get_string_member (user, fields[k]);
            if (value == NULL)
              continue;
            lower = g_utf8_strdown (value, -1);
            for (const char *p = lower; *p != '\0' && !found; p++)
              found = *p == 'x' && (p == lower || !g_ascii_isalnum (p[-1]));
          }
        g_assert_true (found);
      }
  }
}

/* Whether some text field of @user holds @needle, case-insensitively. */
static gboolean
user_has_substring (JsonObject *user,
                    const char *needle)
{
  const char *fields[] = { "first_name", "last_name", "user_id", "alias_user_id", "email",
                           "signature", "card_tag_id", "external_reference" };
  g_autofree char *folded_needle = g_utf8_casefold (needle, -1);

  for (guint k = 0; k < G_N_ELEMENTS (fields); k++)
    {
      g_autofree char *folded = NULL;

      if (!json_object_has_member (user, fields[k])
          || json_object_get_null_member (user, fields[k]))
        continue;
      folded = g_utf8_casefold (json_object_get_string_member (user, fields[k]), -1);
      if (strstr (folded, folded_needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Full-text query syntax in q= is plain text: quotes, *, NEAR, AND, OR, a
 * column filter find the user who has that text and only users who have it
 * (never a 500). */
static void
test_query_syntax (Fixture       *f,
                   gconstpointer  data)
{
  const char *queries[] = {
    "\"", "\"\"", "*", "a\" OR \"b", "qz\" OR \"", "search_text:qz", "name:x", "NEAR(",
    "NEAR(qz sy", "AND", "qz AND", "OR", "NOT", "^qz", "qz*", "(", ")", "-", "+", "{qz}",
    ":", "'", "\\", "%", "_", "qz\" *", "\" OR \"\" = \"",
  };
  gint64 target;

  SKIP_WITHOUT_SERVER (f);

  target = some_user_id (f, 2);
  patch_user_ok (f, target, "{\"signature\": \"a\\\" OR \\\"b\", "
                             "\"external_reference\": \"name:x NEAR(qz sy) AND ^qz* {qz}\"}");

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GString) path = g_string_new ("/api/v1/users?limit=200&q=");
      g_autoptr(HrmTestResponse) r = NULL;
      JsonArray *items;

      g_string_append_uri_escaped (path, queries[i], NULL, FALSE);
      r = api (f, "GET", path->str, NULL);
      g_test_message ("q=%s: HTTP %u", queries[i], r->status);
      hrm_test_assert_status (r, 200);

      items = json_object_get_array_member (r->json, "items");
      for (guint k = 0; k < json_array_get_length (items); k++)
        {
          JsonObject *user = json_array_get_object_element (items, k);

          /* Short queries match from a word's start, so check the long ones. */
          if (g_utf8_strlen (queries[i], -1) >= 3 && !user_has_substring (user, queries[i]))
            g_error ("q=%s found user %" G_GINT64_FORMAT " without that text", queries[i],
                     json_object_get_int_member (user, "id"));
        }
    }

  assert_finds (f, "a\" OR \"b", target, TRUE);
  assert_finds (f, "name:x", target, TRUE);
  assert_finds (f, "NEAR(qz", target, TRUE);
  assert_finds (f, "^qz*", target, TRUE);
  assert_finds (f, "\"", target, TRUE);
  assert_finds (f, "*", target, TRUE);
  assert_finds (f, "a\" OR \"c", target, FALSE);
}

/* The first column of the first row of @sql, read from the server's database. */
static gint64
db_count (Fixture    *f,
          const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (hrm_test_server_get_db_path (f->server), &db,
                                    SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_test_message ("%s -> %" G_GINT64_FORMAT, sql, n);
  return n;
}

/* An edited user is found by its new values, no longer by the old ones. */
static void
test_edited_user (Fixture       *f,
                  gconstpointer  data)
{
  gint64 target;

  SKIP_WITHOUT_SERVER (f);

  target = some_user_id (f, 2);
  patch_user_ok (f, target, "{\"last_name\": \"Oldnameqj\", \"email\": \"old.qj@example.org\"}");
  assert_finds (f, "oldnameqj", target, TRUE);
  assert_finds (f, "old.qj@", target, TRUE);

  patch_user_ok (f, target, "{\"last_name\": \"Newnameqj\", \"email\": \"new.qj@example.org\"}");
  assert_finds (f, "oldnameqj", target, FALSE);
  assert_finds (f, "old.qj@", target, FALSE);
  assert_finds (f, "newnameqj", target, TRUE);
  assert_finds (f, "new.qj@", target, TRUE);
  assert_finds (f, "ne", target, TRUE);
  g_assert_cmpint (total_of (f, "/api/v1/users?q=oldnameqj"), ==, 0);
  g_assert_cmpint (total_of (f, "/api/v1/users?q=newnameqj"), ==, 1);

  /* The trigram index agrees with the users' search text (the seed built it
   * at once, the triggers kept it since), also for the edited user. */
  {
    const char *parts[] = { "son", "berg", "newnameqj", "oldnameqj", "@nordljus", "lön-" };

    for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
      {
        g_autofree char *fts = g_strdup_printf ("SELECT count(*) FROM users_search"
                                                " WHERE users_search MATCH '\"%s\"'", parts[i]);
        g_autofree char *scan = g_strdup_printf ("SELECT count(*) FROM users"
                                                 " WHERE instr (search_text, '%s') > 0", parts[i]);

        g_assert_cmpint (db_count (f, fts), ==, db_count (f, scan));
      }
    g_assert_cmpint (db_count (f, "SELECT count(*) FROM users_search"
                                  " WHERE users_search MATCH '\"son\"'"), >, 10);
  }
}

/* The ids of GET @path's page. */
static GArray *
page_ids (Fixture    *f,
          const char *path,
          char      **out_next)
{
  g_autoptr(HrmTestResponse) r = api (f, "GET", path, NULL);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *items;

  hrm_test_assert_status (r, 200);
  items = hrm_test_json_get_array (r->json, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      gint64 id = hrm_test_json_get_int (json_array_get_object_element (items, i), "id");
      g_array_append_val (ids, id);
    }
  if (out_next != NULL)
    *out_next = g_strdup (hrm_test_json_get_string (r->json, "next_cursor"));
  return ids;
}

/* GET a page of five at @offset: the users @all has there, and a next_cursor
 * that continues right after them. */
static void
check_offset (Fixture    *f,
              const char *filter,
              GPtrArray  *all,
              guint       offset)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/users?limit=5&offset=%u%s%s", offset,
                                           filter ? "&" : "", filter ? filter : "");
  g_autofree char *next = NULL;
  g_autoptr(GArray) ids = page_ids (f, path, &next);
  guint expected = MIN (5, all->len - offset);

  g_assert_cmpuint (ids->len, ==, expected);
  for (guint k = 0; k < ids->len; k++)
    g_assert_cmpint (g_array_index (ids, gint64, k), ==,
                     hrm_test_json_get_int (g_ptr_array_index (all, offset + k), "id"));

  g_assert_true ((next != NULL) == (offset + 5 < all->len));
  if (next != NULL)
    {
      g_autoptr(GString) more = g_string_new ("/api/v1/users?limit=3&cursor=");
      g_autoptr(GArray) more_ids = NULL;

      g_string_append_uri_escaped (more, next, NULL, FALSE);
      if (filter != NULL)
        g_string_append_printf (more, "&%s", filter);
      more_ids = page_ids (f, more->str, NULL);
      g_assert_cmpuint (more_ids->len, >, 0);
      g_assert_cmpint (g_array_index (more_ids, gint64, 0), ==,
                       hrm_test_json_get_int (g_ptr_array_index (all, offset + 5), "id"));
    }
}

static void
check_offsets (Fixture    *f,
               const char *filter)
{
  g_autoptr(GPtrArray) all = list_all_users (f, filter, 200);
  guint offsets[] = { 0, 1, 7, 100, all->len / 2, all->len - 3, all->len - 1 };

  g_test_message ("offsets with %s: %u users", filter ? filter : "no filter", all->len);
  g_assert_cmpuint (all->len, >, 10);
  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    if (offsets[i] < all->len)
      check_offset (f, filter, all, offsets[i]);
}

static void
test_offset (Fixture       *f,
             gconstpointer  data)
{
  SKIP_WITHOUT_SERVER (f);

  check_offsets (f, NULL);
  check_offsets (f, "connection=linked");
  check_offsets (f, "enabled=true");
  check_offsets (f, "q=a");        /* words */
  check_offsets (f, "q=son");      /* trigrams */

  /* Past the end: an empty page, no cursor, the total still right. */
  {
    g_autoptr(HrmTestResponse) r = api (f, "GET", "/api/v1/users?offset=100000", NULL);

    hrm_test_assert_status (r, 200);
    g_assert_cmpuint (json_array_get_length (hrm_test_json_get_array (r->json, "items")), ==, 0);
    g_assert_true (hrm_test_json_is_null (r->json, "next_cursor"));
    g_assert_cmpint (hrm_test_json_get_int (r->json, "total"), ==, 250);
  }
}

#ifdef HRM_TEST_HAVE_COLLATE
/* A search's total is remembered until the database changes, also when
 * another process changes it (hrm-server --add-admin, an administrator's
 * sqlite3): the next request counts again. */
static void
test_total_after_outside_change (Fixture       *f,
                                 gconstpointer  data)
{
  gint64 target;
  g_autofree char *sql = NULL;

  SKIP_WITHOUT_SERVER (f);

  target = some_user_id (f, 3);
  g_assert_cmpint (total_of (f, "/api/v1/users?q=zqxoutside"), ==, 0);
  g_assert_cmpint (total_of (f, "/api/v1/users?q=zqxoutside&limit=1"), ==, 0);

  sql = g_strdup_printf ("UPDATE users SET search_text = search_text || char (10) || 'zqxoutside'"
                         " WHERE id = %" G_GINT64_FORMAT, target);
  db_exec (f, sql);

  g_assert_cmpint (total_of (f, "/api/v1/users?q=zqxoutside"), ==, 1);
  assert_finds (f, "zqxoutside", target, TRUE);
}
#endif

/* A server whose demo has @users users (the fixture's has 250). */
static void
fixture_setup_many (Fixture       *f,
                    gconstpointer  data)
{
  const char *args[] = { "--demo-users", data, NULL };
  g_autoptr(GError) error = NULL;

  memset (f, 0, sizeof *f);
  if (!hrm_test_server_available ())
    {
      g_test_skip ("HRM_SERVER_PATH is not set: hrm-server was not built");
      return;
    }
  f->server = hrm_test_server_new_full (TRUE, args, NULL, &error);
  g_assert_no_error (error);
  f->session = hrm_test_session_new ();
  f->admin_token = hrm_test_sign_in (f->server, "admin");
  f->clerk_token = hrm_test_sign_in (f->server, "clerk");
}

/* The ids of the users whose search text holds @q, per the database. */
static GHashTable *
db_matches (Fixture    *f,
            const char *q)
{
  GHashTable *ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (hrm_test_server_get_db_path (f->server), &db,
                                    SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM users WHERE instr (search_text, ?) > 0",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, q, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (ids, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ids;
}

/* A search that matches most users (more than the 5 000 a page sorts) walks
 * the list and tests each user: every page still holds exactly the matches,
 * in the list's order, the total is theirs, and an edit that drops a match
 * is seen by the next total (it is remembered only until a change). */
static void
test_dense (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GHashTable) matches = NULL;
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 total, target = 0;

  SKIP_WITHOUT_SERVER (f);

  matches = db_matches (f, "nordljus");
  g_assert_cmpuint (g_hash_table_size (matches), >, 5000);
  total = total_of (f, "/api/v1/users?limit=1&q=nordljus");
  g_assert_cmpint (total, ==, g_hash_table_size (matches));

  all = list_all_users (f, NULL, 200);
  for (guint i = 0; i < all->len; i++)
    {
      gint64 id = hrm_test_json_get_int (g_ptr_array_index (all, i), "id");

      if (g_hash_table_contains (matches, &id))
        g_array_append_val (expected, id);
    }
  found = list_all_users (f, "q=nordljus", 200);
  g_assert_cmpuint (found->len, ==, expected->len);
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpint (hrm_test_json_get_int (g_ptr_array_index (found, i), "id"), ==,
                     g_array_index (expected, gint64, i));

  check_offsets (f, "q=nordljus");

  /* A user found by the work address no longer is once it changes. */
  for (guint i = 0; i < found->len && target == 0; i++)
    {
      JsonObject *user = g_ptr_array_index (found, i);
      const char *email = json_object_get_string_member_with_default (user, "email", "");

      if (g_str_has_suffix (email, "@nordljus.se")
          && !strstr (json_object_get_string_member_with_default (user, "user_id", ""), "nordljus"))
        target = hrm_test_json_get_int (user, "id");
    }
  g_assert_cmpint (target, !=, 0);
  patch_user_ok (f, target, "{\"email\": \"moved.away@example.org\"}");
  g_clear_pointer (&matches, g_hash_table_unref);
  matches = db_matches (f, "nordljus");
  g_assert_false (g_hash_table_contains (matches, &target));
  g_assert_cmpint (g_hash_table_size (matches), ==, total - 1);
  g_assert_cmpint (total_of (f, "/api/v1/users?limit=1&q=nordljus"), ==, total - 1);
  assert_finds (f, "nordljus", target, FALSE);
}

/* A search's pages through the server (read by rank) hold exactly its
 * matches in the list's order, @limit at a time, as the whole list has
 * them. */
static void
assert_search_in_list_order (Fixture    *f,
                             const char *q,
                             guint       limit)
{
  g_autoptr(GHashTable) matches = db_matches (f, q);
  g_autoptr(GPtrArray) all = list_all_users (f, NULL, 200);
  g_autofree char *query = g_strdup_printf ("q=%s", q);
  g_autoptr(GPtrArray) found = list_all_users (f, query, limit);
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *total_path = g_strdup_printf ("/api/v1/users?limit=1&q=%s", q);

  for (guint i = 0; i < all->len; i++)
    {
      gint64 id = hrm_test_json_get_int (g_ptr_array_index (all, i), "id");

      if (g_hash_table_contains (matches, &id))
        g_array_append_val (expected, id);
    }
  g_test_message ("q=%s: %u matches", q, expected->len);
  g_assert_cmpuint (expected->len, >, 0);
  g_assert_cmpuint (found->len, ==, expected->len);
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpint (hrm_test_json_get_int (g_ptr_array_index (found, i), "id"), ==,
                     g_array_index (expected, gint64, i));
  g_assert_cmpint (total_of (f, total_path), ==, expected->len);
}

/* Renames through the API move users in a search's pages as in the list:
 * across the list both ways, and many into one gap (each just before the
 * one renamed before it), which uses the gap up and renumbers everyone
 * (the first user of the list gets a new rank). Offsets still land on the
 * right users. */
static void
test_order_after_renames (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) all = NULL;
  gint64 first_id, first_rank;
  g_autofree char *rank_sql = NULL;

  SKIP_WITHOUT_SERVER (f);

  all = list_all_users (f, NULL, 200);
  g_assert_cmpuint (all->len, >, 100);
  patch_user_ok (f, hrm_test_json_get_int (g_ptr_array_index (all, 0), "id"),
                 "{\"first_name\": \"Örjan\", \"last_name\": \"Östberg\"}");
  patch_user_ok (f, hrm_test_json_get_int (g_ptr_array_index (all, all->len - 1), "id"),
                 "{\"first_name\": \"Adam\", \"last_name\": \"Aaberg\"}");
  assert_search_in_list_order (f, "berg", 7);

  g_ptr_array_unref (all);
  all = list_all_users (f, NULL, 200);
  first_id = hrm_test_json_get_int (g_ptr_array_index (all, 0), "id");
  rank_sql = g_strdup_printf ("SELECT name_rank FROM users WHERE id = %" G_GINT64_FORMAT, first_id);
  first_rank = db_query_int (f, rank_sql);
  patch_user_ok (f, hrm_test_json_get_int (g_ptr_array_index (all, 10), "id"),
                 "{\"first_name\": \"Aaa\", \"last_name\": \"Bergqvist\"}");
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"first_name\": \"B%03u\","
                                               " \"last_name\": \"Bergqvist\"}", 40 - i);

      patch_user_ok (f, hrm_test_json_get_int (g_ptr_array_index (all, 20 + i), "id"), json);
    }
  g_assert_cmpint (db_query_int (f, rank_sql), !=, first_rank);
  assert_search_in_list_order (f, "bergqvist", 6);
  assert_search_in_list_order (f, "berg", 7);
  assert_search_in_list_order (f, "son", 50);
  check_offsets (f, "q=berg");
}

static void
test_offset_bad (Fixture       *f,
                 gconstpointer  data)
{
  const char *bad[] = { "offset=-1", "offset=x", "offset=", "offset=1.5", "offset=99999999999",
                        "offset=5&cursor=WyJhIiwiYiIsMV0" };
  g_autofree char *next = NULL;
  g_autoptr(GArray) first = NULL;

  SKIP_WITHOUT_SERVER (f);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strconcat ("/api/v1/users?", bad[i], NULL);
      g_autoptr(HrmTestResponse) r = api (f, "GET", path, NULL);

      g_test_message ("%s", path);
      hrm_test_assert_status (r, 400);
    }

  /* A cursor alone still works. */
  first = page_ids (f, "/api/v1/users?limit=2", &next);
  g_assert_nonnull (next);
}

#ifdef HRM_TEST_HAVE_COLLATE
static char *
plan_of (HrmDb      *db,
         const char *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  g_autoptr(GString) plan = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (hrm_db_get_handle (db), explain, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_string_append (plan, (const char *) sqlite3_column_text (stmt, 3));
      g_string_append_c (plan, '\n');
    }
  sqlite3_finalize (stmt);
  g_test_message ("%s\n-> %s", sql, plan->str);

  return g_string_free (g_steal_pointer (&plan), FALSE);
}

static void
remove_db (const char *dir,
           const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

/* A search of three letters or more, and its count, read the full-text index
 * and look users up by id: no scan of users. */
static void
test_plan (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hrm-search-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "hrm.db", NULL);
  g_autoptr(HrmDb) db = hrm_db_open (path, &error);

  g_assert_no_error (error);
  for (int search = 1; search <= 2; search++)
    for (guint filters = 0; filters < 8; filters++)
      {
        gboolean state = filters & 1, enabled = filters & 2, cursor = filters & 4;
        g_autofree char *sql = _hrm_server_users_page_sql (search, FALSE, state, enabled, cursor);
        g_autofree char *plan = plan_of (db, sql);
        g_autofree char *count = _hrm_server_users_count_sql (search, state, enabled);
        g_autofree char *count_plan = plan_of (db, count);

        g_assert_nonnull (strstr (plan, search == 1 ? "SCAN users_search VIRTUAL TABLE"
                                                    : "SCAN users_words VIRTUAL TABLE"));
        g_assert_nonnull (strstr (plan, "SEARCH users USING INDEX users_by_rank"));
        g_assert_null (strstr (plan, "SCAN users\n"));
        g_assert_null (strstr (plan, "SCAN users USING"));
        g_assert_null (strstr (count_plan, "SCAN users\n"));
        g_assert_null (strstr (count_plan, "SCAN users USING"));
      }

  /* With many matches: the list's index in order, each user's search text
   * tested in the index itself (LIMIT stops it); never a sort of all users,
   * nor a table row read for each user walked past. */
  for (guint cursor = 0; cursor < 2; cursor++)
    {
      g_autofree char *sql = _hrm_server_users_page_sql (1, TRUE, FALSE, FALSE, cursor);
      g_autofree char *plan = plan_of (db, sql);

      g_assert_nonnull (strstr (plan, "INDEX users_by_name_search"));
      g_assert_null (strstr (plan, "TEMP B-TREE"));
    }

  /* A search alone reads its index in rowid order (name_rank): no sort, no
   * walk of users; each match is found by its rank, and a cursor's key by
   * users_by_name. */
  for (int search = 1; search <= 2; search++)
    for (guint cursor = 0; cursor < 2; cursor++)
      {
        g_autofree char *sql = _hrm_server_users_rank_page_sql (search, cursor);
        g_autofree char *plan = plan_of (db, sql);

        g_assert_nonnull (strstr (plan, search == 1 ? "SCAN users_search VIRTUAL TABLE"
                                                    : "SCAN users_words VIRTUAL TABLE"));
        g_assert_nonnull (strstr (plan, "SEARCH users USING INDEX users_by_rank"));
        g_assert_null (strstr (plan, "TEMP B-TREE"));
        g_assert_null (strstr (plan, "SCAN users\n"));
        g_assert_null (strstr (plan, "SCAN users USING"));
        g_assert_null (strstr (plan, "SCAN c"));
      }

  g_clear_pointer (&db, hrm_db_close);
  remove_db (dir, path);
}

static gint64
fts_count (HrmDb      *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (hrm_db_get_handle (db), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* The ids @sql answers (column 0), @text bound to its first parameter. */
static GArray *
db_ids (HrmDb      *db,
        const char *sql,
        const char *text)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (hrm_db_get_handle (db), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  return ids;
}

static void
assert_same_ids (GArray     *found,
                 GArray     *expected,
                 const char *what)
{
  if (found->len != expected->len)
    g_error ("%s: %u users, expected %u", what, found->len, expected->len);
  for (guint i = 0; i < found->len; i++)
    if (g_array_index (found, gint64, i) != g_array_index (expected, gint64, i))
      g_error ("%s: user %" G_GINT64_FORMAT " at %u, expected %" G_GINT64_FORMAT, what,
               g_array_index (found, gint64, i), i, g_array_index (expected, gint64, i));
}

/* All pages of @q (trigrams when @search is 1, words when 2) as the server
 * reads them by rank, @limit at a time, each continued from the key of the
 * last user of the page before, as a cursor does. */
static GArray *
rank_pages (HrmDb      *db,
            int         search,
            const char *q,
            gint64      limit)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *match = g_strdup_printf (search == 1 ? "\"%s\"" : "\"%s\" *", q);
  g_autofree char *last = NULL;
  g_autofree char *first = NULL;
  gint64 last_id = 0;
  gboolean more = TRUE;

  for (guint page = 0; more; page++)
    {
      g_autofree char *sql = _hrm_server_users_rank_page_sql (search, page > 0);
      sqlite3_stmt *stmt = NULL;
      gint64 rows = 0;

      g_assert_cmpint (sqlite3_prepare_v2 (hrm_db_get_handle (db), sql, -1, &stmt, NULL), ==,
                       SQLITE_OK);
      sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":match"), match, -1,
                         SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":limit"), limit);
      if (page > 0)
        {
          sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":last"), last, -1,
                             SQLITE_STATIC);
          sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":first"), first, -1,
                             SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":id"), last_id);
        }
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (ids, id);
          g_free (first);
          g_free (last);
          first = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
          last = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
          last_id = id;
          rows++;
        }
      g_assert_cmpint (sqlite3_finalize (stmt), ==, SQLITE_OK);
      more = rows == limit;
    }
  return ids;
}

/* The ranks follow the list's order, both search indexes hold exactly the
 * users' search texts under their ranks, and a search's pages read by rank
 * are its matches in the list's order. */
static void
assert_rank_order (HrmDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) order = db_ids (db, "SELECT id FROM users ORDER BY last_name COLLATE HRM_SV,"
                                        " first_name COLLATE HRM_SV, id", NULL);
  g_autoptr(GArray) by_rank = db_ids (db, "SELECT id FROM users ORDER BY name_rank", NULL);
  const char *queries[] = { "und", "berg", "an", "ö" };

  g_assert_cmpint (fts_count (db, "SELECT count(*) FROM users WHERE name_rank IS NULL"), ==, 0);
  assert_same_ids (by_rank, order, "ORDER BY name_rank");
  g_assert_true (hrm_db_exec (db,
                              "INSERT INTO users_search (users_search) VALUES ('integrity-check');"
                              "INSERT INTO users_words (users_words) VALUES ('integrity-check');",
                              &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      int search = g_utf8_strlen (queries[i], -1) >= 3 ? 1 : 2;
      g_autoptr(GArray) expected = NULL;
      g_autoptr(GArray) pages = rank_pages (db, search, queries[i], 3);
      g_autoptr(GArray) one_page = rank_pages (db, search, queries[i], 1000);

      if (search == 1)
        expected = db_ids (db, "SELECT id FROM users WHERE instr (search_text, ?1) > 0"
                               " ORDER BY last_name COLLATE HRM_SV, first_name COLLATE HRM_SV, id",
                           queries[i]);
      else
        expected = db_ids (db, "SELECT id FROM users WHERE +name_rank IN (SELECT rowid"
                               " FROM users_words WHERE users_words MATCH '\"' || ?1 || '\" *')"
                               " ORDER BY last_name COLLATE HRM_SV, first_name COLLATE HRM_SV, id",
                           queries[i]);
      g_test_message ("q=%s: %u matches", queries[i], expected->len);
      g_assert_cmpuint (expected->len, >, 0);
      assert_same_ids (pages, expected, queries[i]);
      assert_same_ids (one_page, expected, queries[i]);
    }
}

static void
add_user (HrmDb      *db,
          const char *first,
          const char *last)
{
  g_autoptr(GError) error = NULL;
  static guint n = 0;
  g_autofree char *user_id = g_strdup_printf ("rank.%u", ++n);
  char *sql = sqlite3_mprintf ("INSERT INTO users (user_id, user_id_key, first_name, last_name,"
                               " search_text, updated_at) VALUES (%Q, %Q, %Q, %Q,"
                               " hrm_search_text (%Q, %Q, %Q), 0)",
                               user_id, user_id, first, last, first, last, user_id);

  g_assert_true (hrm_db_exec (db, sql, &error));
  sqlite3_free (sql);
  g_assert_no_error (error);
}

static void
rename_user (HrmDb      *db,
             const char *user_id,
             const char *first,
             const char *last)
{
  g_autoptr(GError) error = NULL;
  char *sql = sqlite3_mprintf ("UPDATE users SET first_name = %Q, last_name = %Q,"
                               " search_text = hrm_search_text (%Q, %Q, user_id)"
                               " WHERE user_id = %Q", first, last, first, last, user_id);

  g_assert_true (hrm_db_exec (db, sql, &error));
  sqlite3_free (sql);
  g_assert_no_error (error);
}

static gint64
rank_of (HrmDb      *db,
         const char *user_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT name_rank FROM users WHERE user_id = '%s'",
                                          user_id);

  return fts_count (db, sql);
}

/* The distance between neighbours that a numbering of every user leaves. */
static gint64
spacing (HrmDb *db)
{
  return fts_count (db, "SELECT (1 << 61) / (SELECT count(*) + 1 FROM users)");
}

/* name_rank (schema 17) through every change of a name: users added in any
 * order and between two neighbours, renamed across the list (and case
 * only, which keeps the rank), deleted; a gap used up by users added one
 * before the other, which renumbers everyone in the transaction. After
 * each, the ranks are the list's order and a search's pages by rank are its
 * matches in that order. */
static void
test_rank_maintenance (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hrm-search-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "hrm.db", NULL);
  g_autoptr(HrmDb) db = hrm_db_open (path, &error);
  const char *lasts[] = { "Lundberg", "Åberg", "Berg", "Öst", "Andersson", "Ek", "Sundberg",
                          "Bergström", "Lund", "Zander" };
  const char *firsts[] = { "Anna", "Björn", "Örjan", "Ella", "Ängla", "Åke", "Berit", "Olle" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);
  gint64 before, other;

  g_assert_no_error (error);
  g_assert_cmpint (hrm_db_schema_version (db), >=, 17);
  g_assert_cmpint (fts_count (db, "SELECT count(*) FROM users"), ==, 0);

  /* In an order that is not the list's. */
  for (guint i = 0; i < 60; i++)
    add_user (db, firsts[g_rand_int_range (rand, 0, G_N_ELEMENTS (firsts))],
              lasts[g_rand_int_range (rand, 0, G_N_ELEMENTS (lasts))]);
  assert_rank_order (db);

  /* Between two neighbours, at the start and at the end. */
  add_user (db, "Anna", "Bergh");
  add_user (db, "Aaron", "Aardvark");
  add_user (db, "Östen", "Östlund");
  assert_rank_order (db);

  /* Renamed across the list, both ways; a change of case keeps the rank. */
  rename_user (db, "rank.1", "Örjan", "Östberg");
  rename_user (db, "rank.2", "Adam", "Aaberg");
  rename_user (db, "rank.61", "Anna", "Lundberg");
  assert_rank_order (db);
  before = rank_of (db, "rank.3");
  {
    const char *sql = "SELECT first_name, last_name FROM users WHERE user_id = 'rank.3'";
    sqlite3_stmt *stmt = NULL;
    g_autofree char *first = NULL;
    g_autofree char *last = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (hrm_db_get_handle (db), sql, -1, &stmt, NULL), ==,
                     SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    first = g_utf8_strup ((const char *) sqlite3_column_text (stmt, 0), -1);
    last = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    sqlite3_finalize (stmt);
    rename_user (db, "rank.3", first, last);
  }
  g_assert_cmpint (rank_of (db, "rank.3"), ==, before);
  assert_rank_order (db);

  g_assert_true (hrm_db_exec (db, "DELETE FROM users WHERE user_id IN ('rank.5', 'rank.9')",
                              &error));
  g_assert_no_error (error);
  assert_rank_order (db);

  /* Each added just before the one added before it, after the same user:
   * the gap halves each time and runs out; then everyone is numbered again
   * in the transaction (the first user of the list, added before the first
   * with a rank of its own, gets the numbering's first) and the order
   * holds. */
  add_user (db, "Aaa", "Gap");
  other = rank_of (db, "rank.62");
  for (int i = 60; i > 0; i--)
    {
      g_autofree char *first = g_strdup_printf ("B%03d", i);

      add_user (db, first, "Gap");
    }
  g_assert_cmpint (rank_of (db, "rank.62"), !=, other);
  assert_rank_order (db);

  /* The same through renames into one gap (the number of users, and so
   * the numbering's spacing, stays). */
  add_user (db, "Aaa", "Hole");
  other = rank_of (db, "rank.125");
  g_assert_cmpint (other % spacing (db), !=, 0);
  for (int i = 1; i <= 40; i++)
    {
      g_autofree char *user_id = g_strdup_printf ("rank.%d", 10 + i);
      g_autofree char *first = g_strdup_printf ("B%03d", 40 - i);

      rename_user (db, user_id, first, "Hole");
    }
  g_assert_cmpint (rank_of (db, "rank.125") % spacing (db), ==, 0);
  assert_rank_order (db);

  g_clear_pointer (&db, hrm_db_close);
  remove_db (dir, path);
}

/* A database from before the search indexes (schema 4) gets them, built from
 * its users, with the new folding. */
static void
test_migration (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hrm-search-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "hrm.db", NULL);
  g_autoptr(HrmDb) db = hrm_db_open (path, &error);

  g_assert_no_error (error);
  /* Back to schema 4 as it was: no indexes, the old search text (and none
   * of the later tables). */
  g_assert_true (hrm_db_exec (db,
                              "DROP TABLE outbox;"
                              "DROP TABLE bulk_job_items;"
                              "DROP TABLE bulk_jobs;"
                              "DROP TRIGGER users_search_insert;"
                              "DROP TRIGGER users_search_delete;"
                              "DROP TRIGGER users_search_update;"
                              "DROP TABLE users_search;"
                              "DROP TABLE users_words;"
                              "INSERT INTO users (user_id, user_id_key, first_name, last_name,"
                              " search_text, updated_at) VALUES ('linnea.ek', 'linnea.ek',"
                              " 'Linnéa', 'Ek', 'linnéa\nek\nlinnea.ek\n', 0);"
                              "INSERT INTO users (user_id, user_id_key, first_name, last_name,"
                              " updated_at) VALUES ('agnes', 'agnes', 'Agnes', 'Lind', 0);"
                              "PRAGMA user_version = 4;", &error));
  g_assert_no_error (error);
  g_clear_pointer (&db, hrm_db_close);

  db = hrm_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hrm_db_schema_version (db), >=, 5);
  g_assert_cmpint (fts_count (db, "SELECT count(*) FROM users_search"
                                  " WHERE users_search MATCH '\"linnea\"'"), ==, 1);
  /* A user added by --add-admin before had no search text. */
  g_assert_cmpint (fts_count (db, "SELECT count(*) FROM users_search"
                                  " WHERE users_search MATCH '\"agnes\"'"), ==, 1);
  g_assert_cmpint (fts_count (db, "SELECT count(*) FROM users_words"
                                  " WHERE users_words MATCH '\"l\" *'"), ==, 2);
  g_assert_cmpint (fts_count (db, "SELECT count(*) FROM users_search"
                                  " WHERE users_search MATCH '\"linnéa\"'"), ==, 0);

  g_clear_pointer (&db, hrm_db_close);
  remove_db (dir, path);
}
#endif

#ifdef HRM_TEST_HAVE_COLLATE
/* Every member the server writes for a user is a row of the table that the
 * client reads it by (hrm-user-fields.c), in the table's order. */
static void
assert_members_in_table (JsonObject *object)
{
  g_autoptr(GList) members = json_object_get_members (object);
  guint i = 0;

  for (GList *l = members; l != NULL; l = l->next, i++)
    {
      HrmUserFieldId field;

      g_assert_true (hrm_user_field_lookup (l->data, &field));
      g_assert_cmpuint (field, ==, i);
    }
  g_assert_cmpuint (i, ==, HRM_N_USER_FIELDS);
}

/* The list's pages write each user straight out; what a client parses is
 * the object the other endpoints build, also for text that JSON must
 * escape and for missing values. */
static void
test_json_writer (void)
{
  HrmServerUser user = {
    .id = 42, .user_id = (char *) "q\"uote\\back", .alias_user_id = NULL,
    .signature = (char *) "tab\tnl\ncr\rbell\a\x1f", .card_tag_id = (char *) "",
    .external_reference = (char *) "Åsa Östlund ✓ </script>", .first_name = (char *) "Linnéa",
    .last_name = (char *) "Ärlig", .email = NULL, .enabled = TRUE, .conn_state = (char *) "pending",
    .conn_email = NULL, .verified_at = 0, .pending_email = (char *) "a@example.org",
    .sent_at = 1764400000, .expires_at = 1764486400, .updated_at = 1764400001,
  };
  static const gint64 times[] = {
    1, 59, 951782400 /* 2000-02-29 */, 4102444799 /* 2099-12-31T23:59:59Z */,
    G_GINT64_CONSTANT (253402300799) /* 9999-12-31T23:59:59Z */,
    G_GINT64_CONSTANT (253402300800) /* after GDateTime: null */, -1 /* 1969 */,
  };

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(JsonNode) expected = NULL;
      g_autoptr(JsonNode) written = NULL;
      g_autoptr(GError) error = NULL;
      gint64 now = i < 2 ? 1764486400 : 1764486399;  /* expired, then not */

      user.enabled = i % 2;
      user.conn_state = (char *) (i == 3 ? "linked" : "pending");
      /* None, one, several email warnings (an array of objects both ways). */
      user.email_warnings = i == 0 ? 0 : i == 1 ? HRM_EMAIL_WARNING_DUPLICATE
                            : HRM_EMAIL_WARNING_PRIVATE_DOMAIN | HRM_EMAIL_WARNING_LINKED_PRIVATE;
      expected = hrm_server_user_to_json_at (&user, now);
      hrm_server_user_append_json (out, &user, now);
      g_test_message ("%s", out->str);
      written = json_from_string (out->str, &error);
      g_assert_no_error (error);
      g_assert_true (json_node_equal (expected, written));
      assert_members_in_table (json_node_get_object (written));
    }

  /* Times are written by hand: the same text as GDateTime's at the edges
   * of the calendar, and null where GDateTime has no such time. */
  user.delivery_state = (char *) "sent";
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(JsonNode) expected = NULL;
      g_autoptr(JsonNode) written = NULL;
      g_autoptr(GError) error = NULL;

      user.verified_at = user.updated_at = user.delivery_at = times[i];
      expected = hrm_server_user_to_json_at (&user, 1764486400);
      hrm_server_user_append_json (out, &user, 1764486400);
      g_test_message ("%s", out->str);
      written = json_from_string (out->str, &error);
      g_assert_no_error (error);
      g_assert_true (json_node_equal (expected, written));
    }
}
#endif

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TEST ("/server/users/search/accents", test_accents);
  ADD_TEST ("/server/users/search/short-queries", test_short_queries);
  ADD_TEST ("/server/users/search/edited-user", test_edited_user);
  ADD_TEST ("/server/users/search/query-syntax", test_query_syntax);
  ADD_TEST ("/server/users/list/offset", test_offset);
  ADD_TEST ("/server/users/list/offset-bad", test_offset_bad);
  ADD_TEST ("/server/users/search/order-after-renames", test_order_after_renames);
  g_test_add ("/server/users/search/dense", Fixture, "12000", fixture_setup_many, test_dense,
              fixture_teardown);
#ifdef HRM_TEST_HAVE_COLLATE
  ADD_TEST ("/server/users/search/total-after-outside-change", test_total_after_outside_change);
  g_test_add_func ("/server/users/list/json-writer", test_json_writer);
  g_test_add_func ("/server/users/search/plan", test_plan);
  g_test_add_func ("/server/users/search/migration", test_migration);
  g_test_add_func ("/server/users/search/rank-maintenance", test_rank_maintenance);
#endif

  return g_test_run ();
}
