/* test-provisioning.c — expired links as a state of the users list
 * (connection=expired, connection.expired) and GET /api/v1/provisioning/summary
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

/* Links last two seconds; another mail may follow at once. */
static const char * const short_ttl_env[] = {
  "HRM_SERVER_VERIFICATION_TTL=2", "HRM_SERVER_RESEND_INTERVAL=0", NULL
};
static const char * const no_resend_wait_env[] = { "HRM_SERVER_RESEND_INTERVAL=0", NULL };

#define ADD_TEST_ENV(path, env, func) \
  g_test_add (path, Fixture, env, fixture_setup, func, fixture_teardown)

static JsonObject *
get_summary (Fixture *f)
{
  g_autoptr(HrmTestResponse) r = api (f, "GET", "/api/v1/provisioning/summary", NULL);

  hrm_test_assert_status (r, 200);
  g_assert_nonnull (r->json);
  return json_object_ref (r->json);
}

static gint64
part (JsonObject *summary,
      const char *name)
{
  g_assert_true (json_object_has_member (summary, name));
  return hrm_test_json_get_int (summary, name);
}

/* Whether the list with @query (all pages) holds user @id. */
static gboolean
list_has (Fixture    *f,
          const char *query,
          gint64      id)
{
  g_autoptr(GPtrArray) users = list_all_users (f, query, 200);

  for (guint i = 0; i < users->len; i++)
    if (hrm_test_json_get_int (g_ptr_array_index (users, i), "id") == id)
      return TRUE;
  return FALSE;
}

/* The list with @query, all pages; asserts that its total says as much and
 * that each item agrees with the filter's state and expiry. */
static GPtrArray *
list_checked (Fixture    *f,
              const char *query,
              const char *state,
              int         expired)
{
  g_autoptr(GPtrArray) users = list_all_users (f, query, 200);
  g_autofree char *first = g_strdup_printf ("/api/v1/users?limit=1&%s", query);
  g_autoptr(HrmTestResponse) r = api (f, "GET", first, NULL);

  hrm_test_assert_status (r, 200);
  g_assert_cmpint (hrm_test_json_get_int (r->json, "total"), ==, users->len);
  for (guint i = 0; i < users->len; i++)
    {
      JsonObject *user = g_ptr_array_index (users, i);

      g_assert_true (json_object_has_member (json_object_get_object_member (user, "connection"),
                                             "expired"));
      if (state != NULL)
        g_assert_cmpstr (hrm_test_json_get_string (user, "connection.state"), ==, state);
      if (expired >= 0)
        g_assert_cmpint (hrm_test_json_get_bool (user, "connection.expired"), ==, expired);
    }
  return g_steal_pointer (&users);
}

/* The demo's expired and unexpired pending users are told apart in the
 * filter and in the user object; other states are never expired. */
static void
test_expired_filter_demo (Fixture       *f,
                          gconstpointer  data)
{
  gint64 maria, lars, admin;
  g_autoptr(GPtrArray) expired = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GPtrArray) all_pending = NULL;
  g_autoptr(GPtrArray) linked = NULL;
  g_autoptr(GPtrArray) not_linked = NULL;
  g_autoptr(JsonObject) user = NULL;

  SKIP_WITHOUT_SERVER (f);

  maria = user_id_by_name (f, "maria.andersson");
  lars = user_id_by_name (f, "lars.nilsson");
  admin = user_id_by_name (f, "admin");

  expired = list_checked (f, "connection=expired", "pending", TRUE);
  pending = list_checked (f, "connection=pending", "pending", FALSE);
  linked = list_checked (f, "connection=linked", "linked", FALSE);
  not_linked = list_checked (f, "connection=not_linked", "not_linked", FALSE);
  g_assert_cmpuint (expired->len, >, 0);
  g_assert_cmpuint (pending->len, >, 0);
  g_assert_true (list_has (f, "connection=expired", lars));
  g_assert_false (list_has (f, "connection=pending", lars));
  g_assert_true (list_has (f, "connection=pending", maria));
  g_assert_false (list_has (f, "connection=expired", maria));

  /* Every pending user is in exactly one of the two. */
  {
    g_autoptr(GPtrArray) everyone = list_all_users (f, NULL, 200);
    guint n_pending = 0;

    for (guint i = 0; i < everyone->len; i++)
      if (g_strcmp0 (hrm_test_json_get_string (g_ptr_array_index (everyone, i),
                                               "connection.state"), "pending") == 0)
        n_pending++;
    g_assert_cmpuint (n_pending, ==, expired->len + pending->len);
  }

  user = get_user (f, lars, NULL);
  g_assert_cmpstr (hrm_test_json_get_string (user, "connection.state"), ==, "pending");
  g_assert_true (hrm_test_json_get_bool (user, "connection.expired"));
  g_clear_pointer (&user, json_object_unref);
  user = get_user (f, maria, NULL);
  g_assert_false (hrm_test_json_get_bool (user, "connection.expired"));
  g_clear_pointer (&user, json_object_unref);
  user = get_user (f, admin, NULL);
  g_assert_false (hrm_test_json_get_bool (user, "connection.expired"));

  /* With the other filters, a search and offset pages. */
  {
    g_autoptr(GPtrArray) disabled = list_checked (f, "connection=expired&enabled=false", "pending", TRUE);
    g_autoptr(GPtrArray) enabled = list_checked (f, "connection=expired&enabled=true", "pending", TRUE);
    g_autoptr(GPtrArray) found = list_checked (f, "connection=expired&q=nilsson", "pending", TRUE);
    g_autoptr(GPtrArray) short_found = list_checked (f, "connection=pending&q=ma", "pending", FALSE);

    g_assert_cmpuint (disabled->len + enabled->len, ==, expired->len);
    g_assert_cmpuint (found->len, >, 0);
    g_assert_cmpuint (short_found->len, >, 0);
    g_assert_true (list_has (f, "connection=expired&q=nilsson", lars));
    g_assert_true (list_has (f, "connection=pending&q=ma", maria));
  }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/users?connection=expired&limit=2&offset=%u",
                                             expired->len - 1);
    g_autoptr(HrmTestResponse) r = api (f, "GET", path, NULL);
    JsonArray *items;

    hrm_test_assert_status (r, 200);
    items = hrm_test_json_get_array (r->json, "items");
    g_assert_cmpuint (json_array_get_length (items), ==, 1);
    g_assert_cmpint (hrm_test_json_get_int (json_array_get_object_element (items, 0), "id"), ==,
                     hrm_test_json_get_int (g_ptr_array_index (expired, expired->len - 1), "id"));
  }

  /* An unknown filter value names the new one. */
  {
    g_autoptr(HrmTestResponse) r = api (f, "GET", "/api/v1/users?connection=lapsed", NULL);

    hrm_test_assert_status (r, 400);
    g_assert_nonnull (strstr (r->text, "expired"));
  }
}

/* A link that runs out moves its user from pending to expired, in the
 * filter, in the user object and in the summary, without any write. */
static void
test_expired_after_ttl (Fixture       *f,
                        gconstpointer  data)
{
  gint64 erik;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) sent = NULL;
  g_autoptr(JsonObject) later = NULL;
  g_autoptr(JsonObject) user = NULL;
  g_autofree char *link = NULL;

  SKIP_WITHOUT_SERVER (f);

  erik = user_id_by_name (f, "erik.johansson");
  before = get_summary (f);
  link = send_verification (f, erik, "erik.johansson@nordljus.se");

  user = get_user (f, erik, NULL);
  g_assert_cmpstr (hrm_test_json_get_string (user, "connection.state"), ==, "pending");
  g_assert_false (hrm_test_json_get_bool (user, "connection.expired"));
  g_assert_true (list_has (f, "connection=pending", erik));
  g_assert_false (list_has (f, "connection=expired", erik));
  sent = get_summary (f);
  g_assert_cmpint (part (sent, "pending"), ==, part (before, "pending") + 1);
  g_assert_cmpint (part (sent, "not_linked_with_email"), ==,
                   part (before, "not_linked_with_email") - 1);

  g_usleep (3200 * 1000);

  g_clear_pointer (&user, json_object_unref);
  user = get_user (f, erik, NULL);
  g_assert_cmpstr (hrm_test_json_get_string (user, "connection.state"), ==, "pending");
  g_assert_true (hrm_test_json_get_bool (user, "connection.expired"));
  g_assert_false (list_has (f, "connection=pending", erik));
  g_assert_true (list_has (f, "connection=expired", erik));
  later = get_summary (f);
  g_assert_cmpint (part (later, "pending"), ==, part (before, "pending"));
  g_assert_cmpint (part (later, "expired"), ==, part (before, "expired") + 1);
  g_assert_cmpint (part (later, "total"), ==, part (before, "total"));

  /* A new link makes the user pending again. */
  {
    g_autofree char *again = send_verification (f, erik, "erik.johansson@nordljus.se");

    g_clear_pointer (&user, json_object_unref);
    user = get_user (f, erik, NULL);
    g_assert_false (hrm_test_json_get_bool (user, "connection.expired"));
    g_assert_true (list_has (f, "connection=pending", erik));
  }
}

static guint
count_with_email (GPtrArray *users,
                  gboolean   with)
{
  guint n = 0;

  for (guint i = 0; i < users->len; i++)
    {
      const char *email = hrm_test_json_get_string (g_ptr_array_index (users, i), "email");

      if ((email != NULL && email[0] != '\0') == with)
        n++;
    }
  return n;
}

/* Each part of the summary is what the list's filters find. */
static void
assert_summary_matches_lists (Fixture *f)
{
  g_autoptr(JsonObject) summary = get_summary (f);
  g_autoptr(GPtrArray) all = list_checked (f, "", NULL, -1);
  g_autoptr(GPtrArray) disabled = list_checked (f, "enabled=false", NULL, -1);
  g_autoptr(GPtrArray) linked = list_checked (f, "enabled=true&connection=linked", "linked", FALSE);
  g_autoptr(GPtrArray) pending = list_checked (f, "enabled=true&connection=pending", "pending", FALSE);
  g_autoptr(GPtrArray) expired = list_checked (f, "enabled=true&connection=expired", "pending", TRUE);
  g_autoptr(GPtrArray) not_linked = list_checked (f, "enabled=true&connection=not_linked",
                                                  "not_linked", FALSE);
  g_autofree char *text = hrm_json_object_to_string (summary);

  g_test_message ("summary %s", text);
  g_assert_cmpint (part (summary, "total"), ==, all->len);
  g_assert_cmpint (part (summary, "disabled"), ==, disabled->len);
  g_assert_cmpint (part (summary, "linked"), ==, linked->len);
  g_assert_cmpint (part (summary, "pending"), ==, pending->len);
  g_assert_cmpint (part (summary, "expired"), ==, expired->len);
  g_assert_cmpint (part (summary, "not_linked_with_email"), ==, count_with_email (not_linked, TRUE));
  g_assert_cmpint (part (summary, "not_linked_without_email"), ==,
                   count_with_email (not_linked, FALSE));
  g_assert_cmpint (part (summary, "total"), ==,
                   part (summary, "disabled") + part (summary, "linked") + part (summary, "pending")
                   + part (summary, "expired") + part (summary, "not_linked_with_email")
                   + part (summary, "not_linked_without_email"));
}

static void
test_summary_matches_lists (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) updated = NULL;

  SKIP_WITHOUT_SERVER (f);

  assert_summary_matches_lists (f);

  /* The demo has every part, and the counts are now. */
  summary = get_summary (f);
  g_assert_cmpint (part (summary, "total"), ==, 250);
  g_assert_cmpint (part (summary, "expired"), >, 0);
  g_assert_cmpint (part (summary, "pending"), >, 0);
  g_assert_cmpint (part (summary, "not_linked_without_email"), >, 0);
  g_assert_cmpuint (json_object_get_size (summary), ==, 8);
  updated = g_date_time_new_from_iso8601 (hrm_test_json_get_string (summary, "updated_at"), NULL);
  g_assert_nonnull (updated);
  g_assert_cmpint (ABS (g_date_time_difference (updated, now)), <, 60 * G_USEC_PER_SEC);
}

/* The overview's "not linked (with email)" and "(without email)" are list
 * filters: connection=not_linked&email=present|absent with enabled=true
 * lists exactly the users the summary counts, each with (or without) a
 * saved email, and the two add up to the not-linked enabled users. */
static void
test_not_linked_email_filters (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(GPtrArray) with = NULL;
  g_autoptr(GPtrArray) without = NULL;
  g_autoptr(GPtrArray) not_linked = NULL;

  SKIP_WITHOUT_SERVER (f);

  summary = get_summary (f);
  with = list_checked (f, "enabled=true&connection=not_linked&email=present", "not_linked", FALSE);
  without = list_checked (f, "enabled=true&connection=not_linked&email=absent", "not_linked", FALSE);
  not_linked = list_checked (f, "enabled=true&connection=not_linked", "not_linked", FALSE);

  g_assert_cmpint (with->len, >, 0);
  g_assert_cmpint (without->len, >, 0);
  g_assert_cmpint (with->len, ==, part (summary, "not_linked_with_email"));
  g_assert_cmpint (without->len, ==, part (summary, "not_linked_without_email"));
  g_assert_cmpuint (count_with_email (with, TRUE), ==, with->len);
  g_assert_cmpuint (count_with_email (without, FALSE), ==, without->len);
  g_assert_cmpuint (with->len + without->len, ==, not_linked->len);

  /* Without the other filters, email= alone splits every user in two. */
  {
    g_autoptr(GPtrArray) all = list_checked (f, "", NULL, -1);
    g_autoptr(GPtrArray) present = list_checked (f, "email=present", NULL, -1);
    g_autoptr(GPtrArray) absent = list_checked (f, "email=absent", NULL, -1);

    g_assert_cmpuint (count_with_email (present, TRUE), ==, present->len);
    g_assert_cmpuint (count_with_email (absent, FALSE), ==, absent->len);
    g_assert_cmpuint (present->len + absent->len, ==, all->len);
  }

  /* An email taken away moves the user from one list to the other. */
  {
    JsonObject *first = g_ptr_array_index (with, 0);
    gint64 id = hrm_test_json_get_int (first, "id");

    g_assert_true (list_has (f, "connection=not_linked&email=present", id));
    patch_user_ok (f, id, "{\"email\": null}");
    g_assert_false (list_has (f, "connection=not_linked&email=present", id));
    g_assert_true (list_has (f, "connection=not_linked&email=absent", id));
  }

  /* Any other value is refused with a message naming the parameter. */
  {
    const char *bad[] = { "email=yes", "email=PRESENT", "email=1", "connection=not_linked&email=none" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *path = g_strconcat ("/api/v1/users?", bad[i], NULL);
        g_autoptr(HrmTestResponse) r = api (f, "GET", path, NULL);

        g_test_message ("%s", path);
        hrm_test_assert_status (r, 400);
        g_assert_nonnull (hrm_test_response_error_field (r, "email"));
      }
  }
}

/* 403 for a user who may not manage users, 401 without a valid token. */
static void
test_summary_access (Fixture       *f,
                     gconstpointer  data)
{
  SKIP_WITHOUT_SERVER (f);

  {
    g_autoptr(HrmTestResponse) r = api_as (f, f->clerk_token, "GET", "/api/v1/provisioning/summary", NULL);
    hrm_test_assert_status (r, 403);
  }
  {
    g_autoptr(HrmTestResponse) r = api_as (f, NULL, "GET", "/api/v1/provisioning/summary", NULL);
    hrm_test_assert_status (r, 401);
  }
  {
    g_autoptr(HrmTestResponse) r = api_as (f, "bogus", "GET", "/api/v1/provisioning/summary", NULL);
    hrm_test_assert_status (r, 401);
  }
}

/* The summary follows every change: a verification sent, an employee who
 * confirms, an email saved, a user disabled, a connection removed. */
static void
test_summary_follows_changes (Fixture       *f,
                              gconstpointer  data)
{
  gint64 erik, anna, ingrid;
  g_autoptr(JsonObject) s0 = NULL;
  g_autoptr(JsonObject) s1 = NULL;
  g_autoptr(JsonObject) s2 = NULL;
  g_autoptr(JsonObject) s3 = NULL;
  g_autoptr(JsonObject) s4 = NULL;
  g_autoptr(JsonObject) s5 = NULL;
  g_autofree char *link = NULL;
  g_autofree char *token = NULL;

  SKIP_WITHOUT_SERVER (f);

  erik = user_id_by_name (f, "erik.johansson");
  anna = user_id_by_name (f, "anna.svensson");
  ingrid = user_id_by_name (f, "ingrid.aberg");
  s0 = get_summary (f);

  /* Sent: not linked with email → pending. */
  link = send_verification (f, erik, "erik.johansson@nordljus.se");
  s1 = get_summary (f);
  g_assert_cmpint (part (s1, "not_linked_with_email"), ==, part (s0, "not_linked_with_email") - 1);
  g_assert_cmpint (part (s1, "pending"), ==, part (s0, "pending") + 1);
  g_assert_cmpint (part (s1, "linked"), ==, part (s0, "linked"));

  /* Confirmed: pending → linked. */
  token = link_token (link);
  {
    g_autoptr(HrmTestResponse) r = hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server),
                                                       "/connect/verify", "token", token, NULL);
    hrm_test_assert_status (r, 200);
  }
  s2 = get_summary (f);
  g_assert_cmpint (part (s2, "pending"), ==, part (s0, "pending"));
  g_assert_cmpint (part (s2, "linked"), ==, part (s0, "linked") + 1);
  g_assert_cmpint (part (s2, "total"), ==, part (s0, "total"));

  /* An email saved: without → with. */
  patch_user_ok (f, anna, "{\"email\": \"anna.svensson@nordljus.se\"}");
  s3 = get_summary (f);
  g_assert_cmpint (part (s3, "not_linked_without_email"), ==, part (s2, "not_linked_without_email") - 1);
  g_assert_cmpint (part (s3, "not_linked_with_email"), ==, part (s2, "not_linked_with_email") + 1);

  /* Disabled: leaves its part for disabled. */
  patch_user_ok (f, ingrid, "{\"enabled\": false}");
  s4 = get_summary (f);
  g_assert_cmpint (part (s4, "disabled"), ==, part (s3, "disabled") + 1);
  g_assert_cmpint (part (s4, "not_linked_with_email"), ==, part (s3, "not_linked_with_email") - 1);

  /* The connection removed: linked → not linked with email. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "/connection", erik);
    g_autoptr(HrmTestResponse) r = api (f, "DELETE", path, NULL);

    hrm_test_assert_status (r, 204);
  }
  s5 = get_summary (f);
  g_assert_cmpint (part (s5, "linked"), ==, part (s4, "linked") - 1);
  g_assert_cmpint (part (s5, "not_linked_with_email"), ==, part (s4, "not_linked_with_email") + 1);

  assert_summary_matches_lists (f);
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

static gboolean
scans_users (const char *plan)
{
  return strstr (plan, "SCAN users\n") != NULL || strstr (plan, "SCAN users USING") != NULL;
}

/* No request reads every user: the expiry filters find pending users by
 * their expiry (few matches) or walk the list's order among pending users
 * (many), and the summary reads a small table of counts and a range of the
 * expiry index. */
static void
test_plan (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hrm-provisioning-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "hrm.db", NULL);
  g_autoptr(HrmDb) db = hrm_db_open (path, &error);

  g_assert_no_error (error);
  for (int expired = 0; expired < 2; expired++)
    for (guint filters = 0; filters < 4; filters++)
      {
        gboolean enabled = filters & 1, cursor = filters & 2;
        g_autofree char *sparse = _hrm_server_users_expiry_page_sql (0, FALSE, expired, enabled, cursor);
        g_autofree char *dense = _hrm_server_users_expiry_page_sql (0, TRUE, expired, enabled, cursor);
        g_autofree char *count = _hrm_server_users_expiry_count_sql (0, expired, enabled);
        g_autofree char *sparse_plan = plan_of (db, sparse);
        g_autofree char *dense_plan = plan_of (db, dense);
        g_autofree char *count_plan = plan_of (db, count);

        g_assert_nonnull (strstr (sparse_plan, "USING INDEX users_pending_expiry (expires_at"));
        g_assert_nonnull (strstr (dense_plan, "USING INDEX users_by_state (conn_state=?"));
        g_assert_null (strstr (dense_plan, "TEMP B-TREE"));
        g_assert_nonnull (strstr (count_plan, "USING COVERING INDEX users_pending_expiry (expires_at"));
        g_assert_false (scans_users (sparse_plan));
        g_assert_false (scans_users (dense_plan));
        g_assert_false (scans_users (count_plan));
      }

  /* With a search, the full-text index drives as without the filter. */
  for (int search = 1; search <= 2; search++)
    {
      g_autofree char *sql = _hrm_server_users_expiry_page_sql (search, FALSE, TRUE, FALSE, TRUE);
      g_autofree char *plan = plan_of (db, sql);

      g_assert_nonnull (strstr (plan, "VIRTUAL TABLE"));
      g_assert_false (scans_users (plan));
    }

  /* The email filter with a connection state walks users_by_state_email
   * from the cursor in the list's order; its count reads user_counts, as
   * the summary does. */
  for (int email = 0; email < 2; email++)
    for (guint filters = 0; filters < 4; filters++)
      {
        gboolean enabled = filters & 1, cursor = filters & 2;
        g_autofree char *sparse = _hrm_server_users_email_page_sql (FALSE, TRUE, email, enabled, cursor);
        g_autofree char *dense = _hrm_server_users_email_page_sql (TRUE, TRUE, email, enabled, cursor);
        g_autofree char *count = _hrm_server_users_email_count_sql (TRUE, email, enabled);
        g_autofree char *sparse_plan = plan_of (db, sparse);
        g_autofree char *dense_plan = plan_of (db, dense);
        g_autofree char *count_plan = plan_of (db, count);

        g_assert_nonnull (strstr (sparse_plan, "USING INDEX users_by_state_email (conn_state=? AND <expr>=?"));
        g_assert_nonnull (strstr (dense_plan, "USING INDEX users_by_state_email (conn_state=? AND <expr>=?"));
        g_assert_null (strstr (sparse_plan, "TEMP B-TREE"));
        g_assert_null (strstr (dense_plan, "TEMP B-TREE"));
        g_assert_nonnull (strstr (count_plan, "user_counts"));
        g_assert_false (scans_users (sparse_plan));
        g_assert_false (scans_users (count_plan));
      }

  {
    g_autofree char *plan = plan_of (db, _hrm_server_provisioning_summary_sql ());

    g_assert_nonnull (strstr (plan, "user_counts"));
    g_assert_nonnull (strstr (plan, "USING COVERING INDEX users_pending_expiry (expires_at"));
    g_assert_false (scans_users (plan));
  }

  g_clear_pointer (&db, hrm_db_close);
  remove_db (dir, path);
}

static gint64
query_int (HrmDb      *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (hrm_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* A database from before the counts gets them from its users, and the
 * triggers keep them after inserts, updates and deletes. */
static void
test_counts_migration (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hrm-provisioning-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "hrm.db", NULL);
  g_autoptr(HrmDb) db = hrm_db_open (path, &error);
  const char *recount =
    "SELECT count(*) FROM (SELECT enabled, conn_state, coalesce (email, '') <> '' AS has_email,"
    " count(*) AS n FROM users GROUP BY 1, 2, 3"
    " EXCEPT SELECT enabled, conn_state, has_email, n FROM user_counts WHERE n > 0)";

  g_assert_no_error (error);
  /* Back to schema 7: no counts, their triggers or the expiry index. */
  g_assert_true (hrm_db_exec (db,
                              "DROP TRIGGER user_counts_insert;"
                              "DROP TRIGGER user_counts_delete;"
                              "DROP TRIGGER user_counts_update;"
                              "DROP TABLE user_counts;"
                              "DROP INDEX users_pending_expiry;"
                              "DROP TABLE bulk_job_items;"
                              "DROP TABLE bulk_jobs;"
                              "INSERT INTO users (user_id, user_id_key, email, updated_at)"
                              " VALUES ('a', 'a', 'a@example.com', 0), ('b', 'b', NULL, 0),"
                              " ('c', 'c', '', 0);"
                              "INSERT INTO users (user_id, user_id_key, email, enabled, conn_state,"
                              " pending_email, sent_at, expires_at, updated_at)"
                              " VALUES ('d', 'd', 'd@example.com', 0, 'pending', 'd@example.com', 1, 2, 0);"
                              "PRAGMA user_version = 7;", &error));
  g_assert_no_error (error);
  g_clear_pointer (&db, hrm_db_close);

  db = hrm_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT sum(n) FROM user_counts"), ==, 4);
  g_assert_cmpint (query_int (db, recount), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT n FROM user_counts WHERE enabled = 1"
                                  " AND conn_state = 'not_linked' AND has_email = 0"), ==, 2);

  g_assert_true (hrm_db_exec (db,
                              "UPDATE users SET email = 'b@example.com' WHERE user_id = 'b';"
                              "UPDATE users SET enabled = 1, conn_state = 'linked' WHERE user_id = 'd';"
                              "UPDATE users SET first_name = 'Cecilia' WHERE user_id = 'c';"
                              "DELETE FROM users WHERE user_id = 'a';", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT sum(n) FROM user_counts"), ==, 3);
  g_assert_cmpint (query_int (db, recount), ==, 0);

  g_clear_pointer (&db, hrm_db_close);
  remove_db (dir, path);
}
#endif

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TEST ("/server/provisioning/expired-filter-demo", test_expired_filter_demo);
  ADD_TEST_ENV ("/server/provisioning/expired-after-ttl", short_ttl_env, test_expired_after_ttl);
  ADD_TEST ("/server/provisioning/summary-matches-lists", test_summary_matches_lists);
  ADD_TEST ("/server/provisioning/summary-access", test_summary_access);
  ADD_TEST ("/server/provisioning/not-linked-email-filters", test_not_linked_email_filters);
  ADD_TEST_ENV ("/server/provisioning/summary-follows-changes", no_resend_wait_env,
                test_summary_follows_changes);
#ifdef HRM_TEST_HAVE_COLLATE
  g_test_add_func ("/server/provisioning/plan", test_plan);
  g_test_add_func ("/server/provisioning/counts-migration", test_counts_migration);
#endif

  return g_test_run ();
}
