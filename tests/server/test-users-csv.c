/* test-users-csv.c — GET /api/v1/users with Accept: text/csv, the export
 * (issue 10): the header row, RFC 4180 quoting, formulas kept as text, the
 * list's filters, every page of a large list, and other Accept values.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>

#include "server-test.h"

#define CSV_HEADER \
  "user_id,first_name,last_name,email,enabled,connection_state,linked_email,verified_at," \
  "sent_at,expires_at,employment_end_date\r\n"

/* GET /api/v1/users?@query as admin with Accept @accept. */
static HrmTestResponse *
get_users (Fixture    *f,
           const char *query,
           const char *accept)
{
  g_autofree char *uri = g_strdup_printf ("%s/api/v1/users%s%s", hrm_test_server_get_uri (f->server),
                                          query ? "?" : "", query ? query : "");
  g_autofree char *bearer = g_strconcat ("Bearer ", f->admin_token, NULL);

  return hrm_test_http (f->session, "GET", uri, NULL, NULL, 0, "Authorization", bearer,
                        "Accept", accept, NULL);
}

/* The export of @query: asserts 200 CSV with the header row and returns its rows. */
static GPtrArray *
export_rows (Fixture    *f,
             const char *query)
{
  g_autoptr(HrmTestResponse) r = get_users (f, query, "text/csv");

  hrm_test_assert_status (r, 200);
  g_assert_true (g_str_has_prefix (hrm_test_response_get_header (r, "Content-Type"), "text/csv"));
  g_assert_true (g_utf8_validate (r->text, -1, NULL));
  g_assert_true (g_str_has_prefix (r->text, CSV_HEADER));
  return parse_csv (r->text);
}

static const char *
field (GPtrArray *rows,
       guint      row,
       guint      column)
{
  GPtrArray *fields = g_ptr_array_index (rows, row);

  g_assert_cmpuint (fields->len, ==, 11);
  return g_ptr_array_index (fields, column);
}

static const char *
empty_for_null (const char *text)
{
  return text ? text : "";
}

/* Every user of the JSON list, in its order, with the same values. */
static void
test_export_matches_list (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  SKIP_WITHOUT_SERVER (f);

  users = list_all_users (f, NULL, 200);
  rows = export_rows (f, NULL);
  g_assert_cmpuint (rows->len, ==, users->len + 1);

  for (guint i = 0; i < users->len; i++)
    {
      JsonObject *user = g_ptr_array_index (users, i);
      const char *state = hrm_test_json_get_string (user, "connection.state");

      g_assert_cmpstr (field (rows, i + 1, 0), ==, hrm_test_json_get_string (user, "user_id"));
      g_assert_cmpstr (field (rows, i + 1, 3), ==, empty_for_null (hrm_test_json_get_string (user, "email")));
      g_assert_cmpstr (field (rows, i + 1, 4), ==,
                       hrm_test_json_get_bool (user, "enabled") ? "true" : "false");
      g_assert_cmpstr (field (rows, i + 1, 5), ==, state);
      g_assert_cmpstr (field (rows, i + 1, 6), ==,
                       empty_for_null (hrm_test_json_get_string (user, "connection.email")));
      g_assert_cmpstr (field (rows, i + 1, 7), ==,
                       empty_for_null (hrm_test_json_get_string (user, "connection.verified_at")));
      g_assert_cmpstr (field (rows, i + 1, 9), ==,
                       empty_for_null (hrm_test_json_get_string (user, "connection.expires_at")));
      g_assert_cmpstr (field (rows, i + 1, 10), ==, "");
    }
}

/* Commas and quotes survive; a name a spreadsheet would run as a formula
 * stays text (a leading apostrophe). */
static void
test_export_quoting (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  gboolean quoted = FALSE, formula = FALSE, plus = FALSE;

  SKIP_WITHOUT_SERVER (f);

  patch_user_ok (f, 4, "{\"first_name\": \"Erik, \\\"the first\\\"\", \"last_name\": \"=HYPERLINK(1)\"}");
  patch_user_ok (f, 12, "{\"first_name\": \"+46 sign\", \"last_name\": \"@SUM(A1)\"}");
  rows = export_rows (f, NULL);

  for (guint i = 1; i < rows->len; i++)
    {
      quoted |= g_strcmp0 (field (rows, i, 1), "Erik, \"the first\"") == 0
                && g_strcmp0 (field (rows, i, 2), "'=HYPERLINK(1)") == 0;
      formula |= g_strcmp0 (field (rows, i, 2), "'@SUM(A1)") == 0;
      plus |= g_strcmp0 (field (rows, i, 1), "'+46 sign") == 0;
    }
  g_assert_true (quoted);
  g_assert_true (formula);
  g_assert_true (plus);
}

/* The list's filters apply, and no limit or cursor cuts the file. */
static void
test_export_filters (Fixture       *f,
                     gconstpointer  data)
{
  static const char *queries[] = {
    "connection=linked", "connection=not_linked&email=present", "enabled=false", "q=berg",
    "connection=expired", "limit=1",
  };

  SKIP_WITHOUT_SERVER (f);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      const char *filter = g_str_equal (queries[i], "limit=1") ? NULL : queries[i];
      g_autoptr(GPtrArray) users = list_all_users (f, filter, 200);
      g_autoptr(GPtrArray) rows = export_rows (f, queries[i]);

      g_test_message ("%s: %u users", queries[i], users->len);
      g_assert_cmpuint (users->len, >, 0);
      g_assert_cmpuint (rows->len, ==, users->len + 1);
      for (guint j = 0; j < users->len; j++)
        g_assert_cmpstr (field (rows, j + 1, 0), ==,
                         hrm_test_json_get_string (g_ptr_array_index (users, j), "user_id"));
    }

  /* A bad filter is refused as for the JSON list. */
  {
    g_autoptr(HrmTestResponse) r = get_users (f, "connection=sometimes", "text/csv");

    hrm_test_assert_status (r, 400);
  }
}

/* Other Accept values: JSON as before; one the list cannot give is 406. */
static void
test_export_accept (Fixture       *f,
                    gconstpointer  data)
{
  static const char *json[] = { "application/json", "*/*", "application/json, text/csv",
                                "text/html, */*;q=0.8" };

  SKIP_WITHOUT_SERVER (f);

  for (guint i = 0; i < G_N_ELEMENTS (json); i++)
    {
      g_autoptr(HrmTestResponse) r = get_users (f, NULL, json[i]);

      hrm_test_assert_status (r, 200);
      g_assert_nonnull (r->json);
      g_assert_true (json_object_has_member (r->json, "items"));
    }

  {
    g_autoptr(HrmTestResponse) r = get_users (f, NULL, "text/html");

    hrm_test_assert_status (r, 406);
    g_assert_nonnull (r->json);
  }

  /* The clerk may not list users in any format. */
  {
    g_autofree char *uri = g_strdup_printf ("%s/api/v1/users", hrm_test_server_get_uri (f->server));
    g_autofree char *bearer = g_strconcat ("Bearer ", f->clerk_token, NULL);
    g_autoptr(HrmTestResponse) r = hrm_test_http (f->session, "GET", uri, NULL, NULL, 0,
                                                  "Authorization", bearer, "Accept", "text/csv", NULL);

    hrm_test_assert_status (r, 403);
    g_assert_false (g_str_has_prefix (r->text, "user_id,"));
  }
}

/* 100 000 users more: the file holds every one, once, in the list's order,
 * streamed in chunks (no Content-Length), and says how many come. */
static void
test_export_many (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(HrmTestResponse) r = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 total;

  SKIP_WITHOUT_SERVER (f);

  db_exec (f,
           "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)"
           " INSERT INTO users (user_id, user_id_key, first_name, last_name, email, updated_at)"
           " SELECT printf ('bulk.%06d', i), printf ('bulk.%06d', i), 'Bulk', printf ('Zbulk%06d', i),"
           " printf ('bulk.%06d@nordljus.se', i), 0 FROM n");
  total = db_query_int (f, "SELECT count(*) FROM users");
  g_assert_cmpint (total, >, 100000);

  r = get_users (f, NULL, "text/csv");
  hrm_test_assert_status (r, 200);
  g_assert_null (hrm_test_response_get_header (r, "Content-Length"));
  {
    g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, total);

    g_assert_cmpstr (hrm_test_response_get_header (r, "X-Total-Count"), ==, count);
  }
  rows = parse_csv (r->text);
  g_assert_cmpuint (rows->len, ==, total + 1);
  for (guint i = 1; i < rows->len; i++)
    {
      const char *user_id = field (rows, i, 0);

      g_assert_false (g_hash_table_contains (seen, user_id));
      g_hash_table_add (seen, (char *) user_id);
    }
  /* The added users come in the list's order (Zbulk000001, …). */
  {
    guint next = 1;

    for (guint i = 1; i < rows->len; i++)
      if (g_str_has_prefix (field (rows, i, 0), "bulk."))
        {
          g_autofree char *expected = g_strdup_printf ("bulk.%06u", next++);

          g_assert_cmpstr (field (rows, i, 0), ==, expected);
        }
    g_assert_cmpuint (next, ==, 100001);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TEST ("/server/users-csv/export/matches-list", test_export_matches_list);
  ADD_TEST ("/server/users-csv/export/quoting", test_export_quoting);
  ADD_TEST ("/server/users-csv/export/filters", test_export_filters);
  ADD_TEST ("/server/users-csv/export/accept", test_export_accept);
  ADD_TEST ("/server/users-csv/export/many", test_export_many);

  return g_test_run ();
}
