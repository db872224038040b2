/* test-leavers.c — the end of employment and the housekeeping of leavers
 *
 * employment_end_date through PATCH (what it takes and what it refuses),
 * connection.removal_scheduled_on, the housekeeping that deletes a leaver's
 * connection on its day (the server's clock set with HRM_SERVER_NOW, and
 * moved by restarting the server later: the job runs at start), and the
 * users list's leaving=true filter.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>

#include "server-test.h"

/* Days are UTC days of the server's clock. */
static const char * const june_first[] = { "HRM_SERVER_NOW=2026-06-01T12:00:00Z", NULL };
/* Early next morning: within the day a verification link lasts. */
static const char * const june_second[] = { "HRM_SERVER_NOW=2026-06-02T06:00:00Z", NULL };

static char *
user_path (gint64      id,
           const char *suffix)
{
  return g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "%s", id, suffix);
}

/* The @nth enabled user that is not linked, has no pending link and no end
 * date (the demo has leavers of its own). */
static gint64
unlinked_user (Fixture *f,
               guint    nth)
{
  g_autoptr(GPtrArray) users = list_all_users (f, "connection=not_linked&enabled=true", 200);
  guint seen = 0;

  for (guint i = 0; i < users->len; i++)
    {
      JsonObject *user = g_ptr_array_index (users, i);
      const char *user_id = hrm_test_json_get_string (user, "user_id");

      if (g_ascii_strcasecmp (user_id, "admin") == 0 || g_ascii_strcasecmp (user_id, "clerk") == 0
          || !hrm_test_json_is_null (user, "employment_end_date"))
        continue;
      if (seen++ == nth)
        return hrm_test_json_get_int (user, "id");
    }
  g_assert_not_reached ();
  return 0;
}

static char *
set_end_date_json (const char *date)
{
  return date ? g_strdup_printf ("{\"employment_end_date\": \"%s\"}", date)
              : g_strdup ("{\"employment_end_date\": null}");
}

static void
set_end_date (Fixture    *f,
              gint64      id,
              const char *date)
{
  g_autofree char *json = set_end_date_json (date);

  patch_user_ok (f, id, json);
}

static const char *
removal_of (JsonObject *user)
{
  return hrm_test_json_get_string (user, "connection.removal_scheduled_on");
}

static guint
page_status (Fixture    *f,
             const char *link)
{
  g_autoptr(HrmTestResponse) r = hrm_test_http (f->session, "GET", link, NULL, NULL, 0, NULL);

  return r->status;
}

/* Restarts the server with its clock at @env's time, and signs in again
 * (the access tokens of the old clock have run out). */
static void
restart_at (Fixture            *f,
            const char * const *env)
{
  g_autoptr(GError) error = NULL;

  hrm_test_server_stop (f->server);
  hrm_test_server_set_env (f->server, env);
  g_assert_true (hrm_test_server_restart (f->server, &error));
  g_assert_no_error (error);
  g_free (f->admin_token);
  f->admin_token = hrm_test_sign_in (f->server, "admin");
}

static void
test_patch_valid (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonObject) user = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = unlinked_user (f, 0);
  user = get_user (f, id, NULL);
  g_assert_true (hrm_test_json_is_null (user, "employment_end_date"));
  g_clear_pointer (&user, json_object_unref);

  set_end_date (f, id, "2026-06-30");
  user = get_user (f, id, NULL);
  g_assert_cmpstr (hrm_test_json_get_string (user, "employment_end_date"), ==, "2026-06-30");
  g_clear_pointer (&user, json_object_unref);

  /* A leap day in a leap year. */
  set_end_date (f, id, "2028-02-29");
  user = get_user (f, id, NULL);
  g_assert_cmpstr (hrm_test_json_get_string (user, "employment_end_date"), ==, "2028-02-29");
  g_clear_pointer (&user, json_object_unref);

  /* "" clears it, as null does. */
  set_end_date (f, id, "");
  user = get_user (f, id, NULL);
  g_assert_true (hrm_test_json_is_null (user, "employment_end_date"));
  g_clear_pointer (&user, json_object_unref);

  set_end_date (f, id, "2026-12-31");
  set_end_date (f, id, NULL);
  user = get_user (f, id, NULL);
  g_assert_true (hrm_test_json_is_null (user, "employment_end_date"));
  g_assert_cmpint (db_query_int (f, "SELECT count(*) FROM user_employment WHERE user_pk NOT IN"
                                    " (SELECT id FROM users)"), ==, 0);

  /* The history says what changed. */
  {
    g_autofree char *path = user_path (id, "/events");
    g_autoptr(HrmTestResponse) r = api (f, "GET", path, NULL);
    JsonArray *items;
    gboolean found = FALSE;

    hrm_test_assert_status (r, 200);
    items = hrm_test_json_get_array (r->json, "items");
    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        const char *details = json_object_get_string_member (json_array_get_object_element (items, i),
                                                             "details");
        found |= strstr (details, "employment end date") != NULL
                 && strstr (details, "2026-06-30") != NULL;
      }
    g_assert_true (found);
  }
}

/* Malformed and impossible dates, and ways around the rule: 422 naming the
 * field, and nothing stored. */
static void
test_patch_invalid (Fixture       *f,
                    gconstpointer  data)
{
  static const char *bodies[] = {
    "{\"employment_end_date\": \"2026-02-30\"}",
    "{\"employment_end_date\": \"2025-02-29\"}",
    "{\"employment_end_date\": \"2026-13-01\"}",
    "{\"employment_end_date\": \"2026-00-10\"}",
    "{\"employment_end_date\": \"2026-04-31\"}",
    "{\"employment_end_date\": \"2026-01-00\"}",
    "{\"employment_end_date\": \"0000-01-01\"}",
    "{\"employment_end_date\": \"2026-1-5\"}",
    "{\"employment_end_date\": \"2026-01-5\"}",
    "{\"employment_end_date\": \" 2026-01-05\"}",
    "{\"employment_end_date\": \"2026-01-05 \"}",
    "{\"employment_end_date\": \"2026-01-05\\n\"}",
    "{\"employment_end_date\": \" \"}",
    "{\"employment_end_date\": \"2026/01/05\"}",
    "{\"employment_end_date\": \"20260105\"}",
    "{\"employment_end_date\": \"05-01-2026\"}",
    "{\"employment_end_date\": \"2026-01-05T00:00:00Z\"}",
    "{\"employment_end_date\": \"+2026-01-05\"}",
    "{\"employment_end_date\": \"2026-01-05\\u0000\"}",
    "{\"employment_end_date\": \"\\uff12\\uff10\\uff12\\uff16-01-05\"}",
    "{\"employment_end_date\": \"tomorrow\"}",
    "{\"employment_end_date\": 20260105}",
    "{\"employment_end_date\": true}",
    "{\"employment_end_date\": [\"2026-01-05\"]}",
    "{\"employment_end_date\": {\"date\": \"2026-01-05\"}}",
  };
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = unlinked_user (f, 0);
  set_end_date (f, id, "2026-06-30");

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *etag = NULL;
      g_autoptr(JsonObject) user = get_user (f, id, &etag);
      g_autofree char *before = user_snapshot (f, id);
      g_autofree char *after = NULL;
      g_autoptr(HrmTestResponse) r = NULL;

      g_test_message ("PATCH %s", bodies[i]);
      r = patch_user (f, id, etag, "application/merge-patch+json", bodies[i], -1);
      hrm_test_assert_status (r, 422);
      g_assert_cmpstr (hrm_test_response_error_code (r), ==, "invalid");
      g_assert_nonnull (hrm_test_response_error_field (r, "employment_end_date"));
      after = user_snapshot (f, id);
      g_assert_cmpstr (before, ==, after);
    }

  /* The database still has the date it had. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT end_date = '2026-06-30' FROM user_employment"
                                            " WHERE user_pk = %" G_GINT64_FORMAT, id);

    g_assert_cmpint (db_query_int (f, sql), ==, 1);
  }

  /* Another member's error does not let the date through either. */
  {
    g_autofree char *etag = NULL;
    g_autoptr(JsonObject) user = get_user (f, id, &etag);
    g_autoptr(HrmTestResponse) r =
      patch_user (f, id, etag, "application/merge-patch+json",
                  "{\"employment_end_date\": \"2026-07-01\", \"user_id\": \"\"}", -1);

    hrm_test_assert_status (r, 422);
    g_clear_pointer (&user, json_object_unref);
    user = get_user (f, id, NULL);
    g_assert_cmpstr (hrm_test_json_get_string (user, "employment_end_date"), ==, "2026-06-30");
  }
}

static void
test_removal_scheduled (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) user = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = unlinked_user (f, 0);

  /* Not linked: nothing to remove, end date or not. */
  set_end_date (f, id, "2026-06-30");
  user = get_user (f, id, NULL);
  g_assert_true (hrm_test_json_is_null (user, "connection.removal_scheduled_on"));
  g_clear_pointer (&user, json_object_unref);

  /* Linked: the end date plus the organisation's days (5 by default). */
  link_user (f, id, "leaver.one@example.com");
  user = get_user (f, id, NULL);
  g_assert_cmpstr (removal_of (user), ==, "2026-07-05");
  g_clear_pointer (&user, json_object_unref);

  /* Across a month and a year. */
  set_end_date (f, id, "2026-12-29");
  user = get_user (f, id, NULL);
  g_assert_cmpstr (removal_of (user), ==, "2027-01-03");
  g_clear_pointer (&user, json_object_unref);

  /* The organisation's setting moves it. */
  {
    g_autoptr(HrmTestResponse) r = api (f, "GET", "/api/v1/organisation", NULL);
    const char *etag = hrm_test_response_get_header (r, "ETag");
    g_autoptr(HrmTestResponse) p = NULL;

    hrm_test_assert_status (r, 200);
    p = hrm_test_api (f->session, hrm_test_server_get_uri (f->server), f->admin_token, "PATCH",
                      "/api/v1/organisation", "{\"unlink_leavers_after_days\": 10}",
                      "If-Match", etag, NULL);
    hrm_test_assert_status (p, 200);
  }
  user = get_user (f, id, NULL);
  g_assert_cmpstr (removal_of (user), ==, "2027-01-08");
  g_clear_pointer (&user, json_object_unref);

  /* The list writes the same object as the user's own page. */
  {
    g_autoptr(GPtrArray) users = list_all_users (f, "leaving=true", 200);
    g_autofree char *path = user_path (id, "");
    g_autoptr(HrmTestResponse) one = api (f, "GET", path, NULL);
    g_autofree char *single = hrm_json_object_to_string (one->json);
    gboolean found = FALSE;

    for (guint i = 0; i < users->len; i++)
      if (hrm_test_json_get_int (g_ptr_array_index (users, i), "id") == id)
        {
          g_autofree char *listed = hrm_json_object_to_string (g_ptr_array_index (users, i));

          g_assert_cmpstr (listed, ==, single);
          found = TRUE;
        }
    g_assert_true (found);
  }

  /* No end date, no removal. */
  set_end_date (f, id, NULL);
  user = get_user (f, id, NULL);
  g_assert_true (hrm_test_json_is_null (user, "connection.removal_scheduled_on"));
}

/* The job at start deletes the connection of the leavers whose day has
 * come (linked, and pending: that link stops working), as DELETE
 * …/connection would, by "system"; it leaves the others alone. */
static void
test_housekeeping (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *pending_link = NULL;
  g_autofree char *control_link = NULL;
  g_autoptr(JsonObject) user = NULL;
  gint64 linked_id, pending_id, later_id, control_id;

  SKIP_WITHOUT_SERVER (f);

  linked_id = unlinked_user (f, 0);
  pending_id = unlinked_user (f, 1);
  later_id = unlinked_user (f, 2);
  control_id = unlinked_user (f, 3);

  /* Removal on 2026-06-02 (end 2026-05-28 + 5 days): tomorrow. */
  link_user (f, linked_id, "leaver.linked@example.com");
  set_end_date (f, linked_id, "2026-05-28");
  pending_link = send_verification (f, pending_id, "leaver.pending@example.com");
  set_end_date (f, pending_id, "2026-05-28");
  /* Removal on 2026-06-03. */
  link_user (f, later_id, "leaver.later@example.com");
  set_end_date (f, later_id, "2026-05-29");
  /* No end date: its link must outlive the restart. */
  control_link = send_verification (f, control_id, "stays.pending@example.com");

  user = get_user (f, linked_id, NULL);
  g_assert_cmpstr (removal_of (user), ==, "2026-06-02");
  g_clear_pointer (&user, json_object_unref);
  user = get_user (f, pending_id, NULL);
  g_assert_cmpstr (hrm_test_json_get_string (user, "connection.state"), ==, "pending");
  g_assert_cmpstr (removal_of (user), ==, "2026-06-02");
  g_clear_pointer (&user, json_object_unref);

  /* A restart on the same day removes nothing. */
  restart_at (f, june_first);
  user = get_user (f, linked_id, NULL);
  g_assert_cmpstr (hrm_test_json_get_string (user, "connection.state"), ==, "linked");
  g_clear_pointer (&user, json_object_unref);
  g_assert_cmpuint (page_status (f, pending_link), ==, 200);

  /* The next day. */
  restart_at (f, june_second);

  user = get_user (f, linked_id, NULL);
  g_assert_cmpstr (hrm_test_json_get_string (user, "connection.state"), ==, "not_linked");
  g_assert_true (hrm_test_json_is_null (user, "connection.email"));
  g_assert_true (hrm_test_json_is_null (user, "connection.removal_scheduled_on"));
  /* The end date and the saved address stay: the administrator may rehire. */
  g_assert_cmpstr (hrm_test_json_get_string (user, "employment_end_date"), ==, "2026-05-28");
  g_assert_cmpstr (hrm_test_json_get_string (user, "email"), ==, "leaver.linked@example.com");
  g_clear_pointer (&user, json_object_unref);

  user = get_user (f, pending_id, NULL);
  g_assert_cmpstr (hrm_test_json_get_string (user, "connection.state"), ==, "not_linked");
  g_clear_pointer (&user, json_object_unref);
  g_assert_cmpuint (page_status (f, pending_link), !=, 200);
  {
    g_autofree char *token = link_token (pending_link);
    g_autoptr(HrmTestResponse) r =
      hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/connect/verify",
                          "token", token, NULL);

    g_assert_cmpuint (r->status, !=, 200);
  }
  user = get_user (f, pending_id, NULL);
  g_assert_cmpstr (hrm_test_json_get_string (user, "connection.state"), ==, "not_linked");
  g_clear_pointer (&user, json_object_unref);

  /* Tomorrow's leaver and the user without an end date are as they were. */
  user = get_user (f, later_id, NULL);
  g_assert_cmpstr (hrm_test_json_get_string (user, "connection.state"), ==, "linked");
  g_assert_cmpstr (removal_of (user), ==, "2026-06-03");
  g_clear_pointer (&user, json_object_unref);
  g_assert_cmpuint (page_status (f, control_link), ==, 200);

  /* The history: by the system, with the address it was. */
  {
    g_autofree char *path = user_path (linked_id, "/events");
    g_autoptr(HrmTestResponse) r = api (f, "GET", path, NULL);
    JsonObject *latest;

    hrm_test_assert_status (r, 200);
    latest = json_array_get_object_element (hrm_test_json_get_array (r->json, "items"), 0);
    g_assert_cmpstr (json_object_get_string_member (latest, "action"), ==, "connection_deleted");
    g_assert_cmpstr (json_object_get_string_member (latest, "actor"), ==, "system");
    g_assert_nonnull (strstr (json_object_get_string_member (latest, "details"),
                              "leaver.linked@example.com"));
  }

  /* Once is enough: another start finds nothing more to do. */
  {
    gint64 events = db_query_int (f, "SELECT count(*) FROM events WHERE actor = 'system'");

    restart_at (f, june_second);
    g_assert_cmpint (db_query_int (f, "SELECT count(*) FROM events WHERE actor = 'system'"), ==,
                     events);
  }
}

/* leaving=true: exactly the users whose removal is scheduled. */
static void
test_leaving_filter (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) leaving = NULL;
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gint64 linked_id, pending_id, unlinked_id;

  SKIP_WITHOUT_SERVER (f);

  linked_id = unlinked_user (f, 0);
  pending_id = unlinked_user (f, 1);
  unlinked_id = unlinked_user (f, 2);
  link_user (f, linked_id, "leaving.linked@example.com");
  set_end_date (f, linked_id, "2026-09-30");
  g_free (send_verification (f, pending_id, "leaving.pending@example.com"));
  set_end_date (f, pending_id, "2026-09-30");
  set_end_date (f, unlinked_id, "2026-09-30");

  all = list_all_users (f, NULL, 200);
  for (guint i = 0; i < all->len; i++)
    {
      JsonObject *user = g_ptr_array_index (all, i);

      if (!hrm_test_json_is_null (user, "connection.removal_scheduled_on"))
        g_hash_table_add (expected, g_memdup2 (&(gint64) { hrm_test_json_get_int (user, "id") },
                                               sizeof (gint64)));
    }

  /* Small pages, so the cursor is part of it. */
  leaving = list_all_users (f, "leaving=true", 2);
  g_assert_cmpuint (leaving->len, ==, g_hash_table_size (expected));
  for (guint i = 0; i < leaving->len; i++)
    {
      gint64 id = hrm_test_json_get_int (g_ptr_array_index (leaving, i), "id");

      g_assert_true (g_hash_table_contains (expected, &id));
      g_assert_true (id != unlinked_id);
    }
  g_assert_true (g_hash_table_contains (expected, &linked_id));
  g_assert_true (g_hash_table_contains (expected, &pending_id));

  /* The total counts them, with other filters too. */
  {
    g_autoptr(HrmTestResponse) r = api (f, "GET", "/api/v1/users?leaving=true&limit=1", NULL);
    g_autoptr(HrmTestResponse) linked = api (f, "GET",
                                             "/api/v1/users?leaving=true&connection=linked", NULL);

    hrm_test_assert_status (r, 200);
    g_assert_cmpint (hrm_test_json_get_int (r->json, "total"), ==, g_hash_table_size (expected));
    hrm_test_assert_status (linked, 200);
    for (guint i = 0; i < json_array_get_length (hrm_test_json_get_array (linked->json, "items")); i++)
      {
        JsonObject *user = json_array_get_object_element (hrm_test_json_get_array (linked->json, "items"), i);

        g_assert_cmpstr (hrm_test_json_get_string (user, "connection.state"), ==, "linked");
        g_assert_false (hrm_test_json_is_null (user, "connection.removal_scheduled_on"));
      }
  }

  /* false is no filter; anything else is refused. */
  {
    g_autoptr(HrmTestResponse) off = api (f, "GET", "/api/v1/users?leaving=false&limit=1", NULL);
    g_autoptr(HrmTestResponse) bad = api (f, "GET", "/api/v1/users?leaving=yes", NULL);

    hrm_test_assert_status (off, 200);
    g_assert_cmpint (hrm_test_json_get_int (off->json, "total"), ==, all->len);
    hrm_test_assert_status (bad, 400);
    g_assert_nonnull (hrm_test_response_error_field (bad, "leaving"));
  }

}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/leavers/patch/valid", Fixture, june_first, fixture_setup, test_patch_valid,
              fixture_teardown);
  g_test_add ("/server/leavers/patch/invalid", Fixture, june_first, fixture_setup,
              test_patch_invalid, fixture_teardown);
  g_test_add ("/server/leavers/removal-scheduled", Fixture, june_first, fixture_setup,
              test_removal_scheduled, fixture_teardown);
  g_test_add ("/server/leavers/housekeeping", Fixture, june_first, fixture_setup,
              test_housekeeping, fixture_teardown);
  g_test_add ("/server/leavers/leaving-filter", Fixture, june_first, fixture_setup,
              test_leaving_filter, fixture_teardown);

  return g_test_run ();
}
