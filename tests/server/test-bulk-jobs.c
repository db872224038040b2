/* test-bulk-jobs.c — bulk verification jobs: preview, run, skip, cancel,
 * retry, Idempotency-Key, a SIGKILL mid-job, pacing, access and the CSV file
 *
 * Counts come from the demo data (docs/demo-data.md): among the enabled users
 * that are not linked, 96 in all, 54 have no email and 42 get a mail.
 * A failing user needs no switch in the server: a trigger the test adds to
 * its database refuses the outbox row of one address, so queueing that mail
 * fails as a broken disk or a full database would.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>

#include "server-test.h"

#define NOT_LINKED_FILTER "\"filter\": {\"connection\": \"not_linked\", \"enabled\": true}"
#define NOT_LINKED_TOTAL    96
#define NOT_LINKED_NO_EMAIL 54
#define NOT_LINKED_WILL_RUN 42
#define JOB_TIMEOUT_S       60

static const char * const fast_env[] = { "HRM_SERVER_MAIL_RATE=1000", NULL };
static const char * const slow_env[] = { "HRM_SERVER_MAIL_RATE=10", NULL };

static void
setup_fast (Fixture       *f,
            gconstpointer  data)
{
  fixture_setup_with_env (f, fast_env);
}

static void
setup_slow (Fixture       *f,
            gconstpointer  data)
{
  fixture_setup_with_env (f, slow_env);
}

static HrmTestResponse *
post_job (Fixture    *f,
          const char *body,
          const char *idempotency_key)
{
  g_autofree char *bearer = g_strconcat ("Bearer ", f->admin_token, NULL);
  g_autofree char *uri = hrm_test_server_build_uri (f->server, "/api/v1/bulk-jobs");

  return hrm_test_http (f->session, "POST", uri, "application/json", body, -1,
                        "Authorization", bearer,
                        idempotency_key ? "Idempotency-Key" : NULL, idempotency_key, NULL);
}

/* Starts a job; asserts 202 and the Location, returns its id. */
static gint64
start_job (Fixture    *f,
           const char *body)
{
  g_autoptr(HrmTestResponse) r = post_job (f, body, NULL);
  g_autofree char *location = NULL;
  gint64 id;

  hrm_test_assert_status (r, 202);
  id = hrm_test_json_get_int (r->json, "id");
  g_assert_cmpint (id, >, 0);
  g_assert_cmpstr (hrm_test_json_get_string (r->json, "state"), ==, "queued");
  location = g_strdup_printf ("/api/v1/bulk-jobs/%" G_GINT64_FORMAT, id);
  g_assert_cmpstr (hrm_test_response_get_header (r, "Location"), ==, location);
  return id;
}

static JsonObject *
get_job (Fixture *f,
         gint64   id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/bulk-jobs/%" G_GINT64_FORMAT, id);
  g_autoptr(HrmTestResponse) r = api (f, "GET", path, NULL);

  hrm_test_assert_status (r, 200);
  return json_object_ref (r->json);
}

/* Polls the job until it is done or cancelled; returns it. */
static JsonObject *
wait_job_ended (Fixture *f,
                gint64   id)
{
  gint64 deadline = g_get_monotonic_time () + JOB_TIMEOUT_S * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(JsonObject) job = get_job (f, id);
      const char *state = hrm_test_json_get_string (job, "state");

      if (g_str_equal (state, "done") || g_str_equal (state, "cancelled"))
        return g_steal_pointer (&job);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
}

/* Waits until the outbox has delivered everything queued. */
static void
wait_outbox_empty (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + JOB_TIMEOUT_S * G_USEC_PER_SEC;

  while (db_query_int (f, "SELECT count(*) FROM outbox WHERE state = 'queued'") > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
}

static guint
count_all_mail (Fixture *f)
{
  const char *subdirs[] = { "new", "cur" };
  guint count = 0;

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *path = g_build_filename (hrm_test_server_get_mail_dir (f->server),
                                                subdirs[i], NULL);
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        if (name[0] != '.')
          count++;
    }
  return count;
}

/* Every item of the job with @outcome (NULL: all), walking the pages. */
static GPtrArray *
list_items (Fixture    *f,
            gint64      id,
            const char *outcome)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *cursor = NULL;

  do
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/bulk-jobs/%" G_GINT64_FORMAT
                                               "/items?limit=7%s%s%s%s", id,
                                               outcome ? "&outcome=" : "", outcome ? outcome : "",
                                               cursor ? "&cursor=" : "", cursor ? cursor : "");
      g_autoptr(HrmTestResponse) r = api (f, "GET", path, NULL);
      JsonArray *page;

      hrm_test_assert_status (r, 200);
      page = hrm_test_json_get_array (r->json, "items");
      for (guint i = 0; i < json_array_get_length (page); i++)
        g_ptr_array_add (items, json_object_ref (json_array_get_object_element (page, i)));
      g_free (cursor);
      cursor = hrm_test_json_is_null (r->json, "next_cursor") ? NULL
               : g_strdup (hrm_test_json_get_string (r->json, "next_cursor"));
    }
  while (cursor != NULL);

  return items;
}

/* Asserts that every user the job succeeded for got exactly one mail. */
static void
assert_one_mail_each (Fixture *f,
                      gint64   id)
{
  g_autoptr(GPtrArray) succeeded = list_items (f, id, "succeeded");

  for (guint i = 0; i < succeeded->len; i++)
    {
      gint64 user = hrm_test_json_get_int (g_ptr_array_index (succeeded, i), "user.id");
      g_autoptr(JsonObject) u = get_user (f, user, NULL);
      const char *email = hrm_test_json_get_string (u, "email");

      g_assert_cmpuint (hrm_test_server_count_mail (f->server, email), ==, 1);
    }
}

/* Asserts that the samples of @reason in preview @r are the first of its
 * skipped users in the list's order (at most 50), each one the list has
 * under @check_query (it is a user who was skipped for that reason).
 * Returns how many there are. */
static guint
assert_samples (Fixture         *f,
                HrmTestResponse *r,
                const char      *reason,
                const char      *check_query)
{
  JsonObject *samples = hrm_test_json_get_object (r->json, "samples");
  JsonArray *list;
  g_autofree char *count_path = g_strconcat ("skipped.", reason, NULL);
  gint64 count = hrm_test_json_get_int (r->json, count_path);
  guint n;

  g_assert_nonnull (samples);
  list = json_object_get_array_member (samples, reason);
  g_assert_nonnull (list);
  n = json_array_get_length (list);
  g_assert_cmpint (n, ==, MIN (count, 50));
  for (guint i = 0; i < n; i++)
    {
      JsonObject *user = json_array_get_object_element (list, i);

      g_assert_cmpuint (json_object_get_size (user), ==, 4);
      g_assert_nonnull (hrm_test_json_get_string (user, "user_id"));
      if (check_query != NULL)
        {
          g_autofree char *query = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT,
                                                    hrm_test_json_get_int (user, "id"));
          g_autoptr(HrmTestResponse) one = api (f, "GET", query, NULL);

          hrm_test_assert_status (one, 200);
          g_assert_cmpstr (hrm_test_json_get_string (one->json, "user_id"), ==,
                           hrm_test_json_get_string (user, "user_id"));
        }
      if (i > 0)
        {
          JsonObject *before = json_array_get_object_element (list, i - 1);
          int order = compare_names (hrm_test_json_get_string (before, "last_name"),
                                     hrm_test_json_get_string (user, "last_name"));

          if (order == 0)
            order = compare_names (hrm_test_json_get_string (before, "first_name"),
                                   hrm_test_json_get_string (user, "first_name"));
          if (order == 0)
            order = hrm_test_json_get_int (before, "id") < hrm_test_json_get_int (user, "id") ? -1 : 1;
          g_assert_cmpint (order, <, 0);
        }
    }
  return n;
}

/* The samples of a preview: per reason the first 50 skipped users by name,
 * exactly the list's first 50 not-linked users without an email. */
static void
test_preview_samples (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(HrmTestResponse) r = NULL;
  g_autoptr(GPtrArray) no_email = NULL;
  JsonArray *samples;

  SKIP_WITHOUT_SERVER (f);

  r = post_job (f, "{\"action\": \"send_verification\", " NOT_LINKED_FILTER ", \"dry_run\": true}", NULL);
  hrm_test_assert_status (r, 200);
  g_assert_cmpuint (json_object_get_size (hrm_test_json_get_object (r->json, "samples")), ==, 8);
  g_assert_cmpuint (assert_samples (f, r, "no_email", NULL), ==, 50);
  g_assert_cmpuint (assert_samples (f, r, "disabled", NULL), ==, 0);
  g_assert_cmpuint (assert_samples (f, r, "already_linked", NULL), ==, 0);

  /* The very users of the list's first page without an email. */
  no_email = list_all_users (f, "connection=not_linked&enabled=true&email=absent", 200);
  g_assert_cmpuint (no_email->len, ==, NOT_LINKED_NO_EMAIL);
  samples = hrm_test_json_get_array (r->json, "samples.no_email");
  for (guint i = 0; i < 50; i++)
    g_assert_cmpint (hrm_test_json_get_int (json_array_get_object_element (samples, i), "id"), ==,
                     hrm_test_json_get_int (g_ptr_array_index (no_email, i), "id"));

  /* user_ids in any order: the samples still come sorted by name, and
   * every reason of the request has its users. */
  {
    g_autoptr(GPtrArray) all = list_all_users (f, "", 200);
    g_autoptr(GString) body = g_string_new ("{\"action\": \"send_verification\", \"dry_run\": true,"
                                            " \"user_ids\": [");
    g_autoptr(HrmTestResponse) ids = NULL;
    guint sampled = 0;

    /* Backwards: the last name first. */
    for (guint i = all->len; i > 0; i--)
      g_string_append_printf (body, "%s%" G_GINT64_FORMAT, i < all->len ? ", " : "",
                              hrm_test_json_get_int (g_ptr_array_index (all, i - 1), "id"));
    g_string_append (body, "]}");
    ids = post_job (f, body->str, NULL);
    hrm_test_assert_status (ids, 200);
    g_assert_cmpint (hrm_test_json_get_int (ids->json, "total"), ==, all->len);
    sampled += assert_samples (f, ids, "disabled", "check");
    sampled += assert_samples (f, ids, "already_linked", NULL);
    sampled += assert_samples (f, ids, "no_email", NULL);
    sampled += assert_samples (f, ids, "invalid_email", NULL);
    sampled += assert_samples (f, ids, "pending_not_expired", NULL);
    sampled += assert_samples (f, ids, "sent_recently", NULL);
    g_assert_cmpuint (sampled, >, 50);
  }
}

static void
test_preview (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(HrmTestResponse) r = NULL;

  SKIP_WITHOUT_SERVER (f);

  r = post_job (f, "{\"action\": \"send_verification\", " NOT_LINKED_FILTER ", \"dry_run\": true}", NULL);
  hrm_test_assert_status (r, 200);
  g_assert_cmpint (hrm_test_json_get_int (r->json, "total"), ==, NOT_LINKED_TOTAL);
  g_assert_cmpint (hrm_test_json_get_int (r->json, "will_run"), ==, NOT_LINKED_WILL_RUN);
  g_assert_cmpint (hrm_test_json_get_int (r->json, "skipped.no_email"), ==, NOT_LINKED_NO_EMAIL);
  g_assert_cmpint (hrm_test_json_get_int (r->json, "skipped.disabled"), ==, 0);
  /* The same count the users list gives for that filter. */
  {
    g_autoptr(HrmTestResponse) list = api (f, "GET", "/api/v1/users?connection=not_linked&enabled=true&limit=1", NULL);

    g_assert_cmpint (hrm_test_json_get_int (list->json, "total"), ==, NOT_LINKED_TOTAL);
  }

  /* With email=present: exactly the not-linked users with an email, none
   * of them skipped for having none. */
  {
    g_autoptr(HrmTestResponse) with = NULL;

    with = post_job (f, "{\"action\": \"send_verification\", \"filter\": {\"connection\":"
                     " \"not_linked\", \"enabled\": true, \"email\": \"present\"}, \"dry_run\": true}",
                     NULL);
    hrm_test_assert_status (with, 200);
    g_assert_cmpint (hrm_test_json_get_int (with->json, "total"), ==,
                     NOT_LINKED_TOTAL - NOT_LINKED_NO_EMAIL);
    g_assert_cmpint (hrm_test_json_get_int (with->json, "skipped.no_email"), ==, 0);
    g_assert_cmpint (hrm_test_json_get_int (with->json, "will_run"), ==, NOT_LINKED_WILL_RUN);
  }

  /* Nothing changed. */
  g_assert_cmpint (db_query_int (f, "SELECT count(*) FROM bulk_jobs"), ==, 0);
  g_assert_cmpint (db_query_int (f, "SELECT count(*) FROM outbox"), ==, 0);

  /* The demo's expired links: 22 + 2 pending users, two of them disabled. */
  g_clear_pointer (&r, hrm_test_response_free);
  r = post_job (f, "{\"action\": \"send_verification\", \"filter\": {\"connection\": \"expired\"},"
                " \"dry_run\": true}", NULL);
  hrm_test_assert_status (r, 200);
  g_assert_cmpint (hrm_test_json_get_int (r->json, "total"), ==,
                   db_query_int (f, "SELECT count(*) FROM users WHERE conn_state = 'pending'"
                                 " AND expires_at <= strftime ('%s', 'now')"));
  g_assert_cmpint (hrm_test_json_get_int (r->json, "will_run"), ==,
                   db_query_int (f, "SELECT count(*) FROM users WHERE conn_state = 'pending'"
                                 " AND expires_at <= strftime ('%s', 'now') AND enabled"));
}

static void
test_run_not_linked (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonObject) job = NULL;
  g_autoptr(HrmTestResponse) events = NULL;
  g_autofree char *job_text = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = start_job (f, "{\"action\": \"send_verification\", " NOT_LINKED_FILTER "}");
  job = wait_job_ended (f, id);
  g_assert_cmpstr (hrm_test_json_get_string (job, "state"), ==, "done");
  g_assert_cmpint (hrm_test_json_get_int (job, "total"), ==, NOT_LINKED_TOTAL);
  g_assert_cmpint (hrm_test_json_get_int (job, "processed"), ==, NOT_LINKED_TOTAL);
  g_assert_cmpint (hrm_test_json_get_int (job, "succeeded"), ==, NOT_LINKED_WILL_RUN);
  g_assert_cmpint (hrm_test_json_get_int (job, "skipped"), ==, NOT_LINKED_NO_EMAIL);
  g_assert_cmpint (hrm_test_json_get_int (job, "failed"), ==, 0);
  g_assert_cmpstr (hrm_test_json_get_string (job, "created_by.user_id"), ==, "admin");
  g_assert_false (hrm_test_json_is_null (job, "finished_at"));

  wait_outbox_empty (f);
  g_assert_cmpuint (count_all_mail (f), ==, NOT_LINKED_WILL_RUN);
  assert_one_mail_each (f, id);

  /* The user's history names the job. */
  job_text = g_strdup_printf ("(bulk job %" G_GINT64_FORMAT ")", id);
  events = api (f, "GET", "/api/v1/users/4/events", NULL);
  hrm_test_assert_status (events, 200);
  g_assert_nonnull (strstr (events->text, job_text));

  /* Listed, newest first. */
  {
    gint64 second = start_job (f, "{\"action\": \"send_verification\", \"user_ids\": [3]}");
    g_autoptr(HrmTestResponse) list = api (f, "GET", "/api/v1/bulk-jobs?limit=1", NULL);
    g_autofree char *next = NULL;

    hrm_test_assert_status (list, 200);
    g_assert_cmpint (hrm_test_json_get_int (json_array_get_object_element (hrm_test_json_get_array (list->json, "items"), 0), "id"), ==, second);
    next = g_strdup_printf ("/api/v1/bulk-jobs?limit=1&cursor=%s", hrm_test_json_get_string (list->json, "next_cursor"));
    g_clear_pointer (&list, hrm_test_response_free);
    list = api (f, "GET", next, NULL);
    g_assert_cmpint (hrm_test_json_get_int (json_array_get_object_element (hrm_test_json_get_array (list->json, "items"), 0), "id"), ==, id);
    g_assert_true (hrm_test_json_is_null (list->json, "next_cursor"));
  }
}

static const char *
reason_of (GPtrArray *items,
           gint64     user)
{
  for (guint i = 0; i < items->len; i++)
    {
      JsonObject *item = g_ptr_array_index (items, i);

      if (hrm_test_json_get_int (item, "user.id") == user)
        return hrm_test_json_is_null (item, "reason") ? hrm_test_json_get_string (item, "outcome")
                                                      : hrm_test_json_get_string (item, "reason");
    }
  return NULL;
}

static void
test_skip_reasons (Fixture       *f,
                   gconstpointer  data)
{
  const char *body = "{\"action\": \"send_verification\", \"user_ids\": [1, 3, 4, 5, 6, 9, 12, 4]}";
  g_autoptr(HrmTestResponse) preview = NULL;
  g_autoptr(HrmTestResponse) sent = NULL;
  g_autoptr(JsonObject) job = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *dry = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  /* 4 was mailed a moment ago and its link has expired since (sent_recently:
   * only the resend interval stops it); 12's address is not one. */
  sent = api (f, "POST", "/api/v1/users/4/verification-email", NULL);
  hrm_test_assert_status (sent, 202);
  db_exec (f, "UPDATE users SET expires_at = 0 WHERE id = 4");
  db_exec (f, "UPDATE users SET email = 'not an address' WHERE id = 12");

  dry = g_strconcat ("{\"dry_run\": true, ", body + 1, NULL);
  preview = post_job (f, dry, NULL);
  hrm_test_assert_status (preview, 200);
  g_assert_cmpint (hrm_test_json_get_int (preview->json, "total"), ==, 7);  /* 4 once */
  g_assert_cmpint (hrm_test_json_get_int (preview->json, "will_run"), ==, 1);
  g_assert_cmpint (hrm_test_json_get_int (preview->json, "skipped.already_linked"), ==, 1);
  g_assert_cmpint (hrm_test_json_get_int (preview->json, "skipped.no_email"), ==, 1);
  g_assert_cmpint (hrm_test_json_get_int (preview->json, "skipped.sent_recently"), ==, 1);
  g_assert_cmpint (hrm_test_json_get_int (preview->json, "skipped.pending_not_expired"), ==, 1);
  g_assert_cmpint (hrm_test_json_get_int (preview->json, "skipped.disabled"), ==, 1);
  g_assert_cmpint (hrm_test_json_get_int (preview->json, "skipped.invalid_email"), ==, 1);

  id = start_job (f, body);
  job = wait_job_ended (f, id);
  g_assert_cmpint (hrm_test_json_get_int (job, "succeeded"), ==, 1);
  g_assert_cmpint (hrm_test_json_get_int (job, "skipped"), ==, 6);
  items = list_items (f, id, NULL);
  g_assert_cmpuint (items->len, ==, 7);
  g_assert_cmpstr (reason_of (items, 1), ==, "already_linked");
  g_assert_cmpstr (reason_of (items, 3), ==, "no_email");
  g_assert_cmpstr (reason_of (items, 4), ==, "sent_recently");
  g_assert_cmpstr (reason_of (items, 5), ==, "pending_not_expired");
  g_assert_cmpstr (reason_of (items, 6), ==, "succeeded");
  g_assert_cmpstr (reason_of (items, 9), ==, "disabled");
  g_assert_cmpstr (reason_of (items, 12), ==, "invalid_email");

  /* A second job for the same user within the resend interval sends nothing. */
  {
    gint64 again = start_job (f, "{\"action\": \"send_verification\", \"user_ids\": [6]}");
    g_autoptr(JsonObject) second = NULL;

    db_exec (f, "UPDATE users SET expires_at = 0 WHERE id = 6");
    second = wait_job_ended (f, again);
    g_assert_cmpint (hrm_test_json_get_int (second, "succeeded"), ==, 0);
    wait_outbox_empty (f);
    g_assert_cmpuint (hrm_test_server_count_mail (f->server, "lars.nilsson@nordljus.se"), ==, 1);
  }
}

/* Whether the 422's fields name @name (which may hold dots: no path lookup). */
static gboolean
has_field (HrmTestResponse *r,
           const char      *name)
{
  JsonObject *fields = hrm_test_json_get_object (r->json, "error.fields");

  return fields != NULL && json_object_has_member (fields, name);
}

static void
test_bad_requests (Fixture       *f,
                   gconstpointer  data)
{
  static const struct { const char *body; const char *field; } cases[] = {
    { "{\"action\": \"send_verification\", \"user_ids\": [4], \"extra\": 1}", "extra" },
    { "{\"action\": \"delete_everyone\", \"user_ids\": [4]}", "action" },
    { "{\"action\": \"send_verification\"}", "user_ids" },
    { "{\"action\": \"send_verification\", \"user_ids\": [4], " NOT_LINKED_FILTER "}", "user_ids" },
    { "{\"action\": \"send_verification\", \"user_ids\": []}", "user_ids" },
    { "{\"action\": \"send_verification\", \"user_ids\": [4, \"5\"]}", "user_ids[1]" },
    { "{\"action\": \"send_verification\", \"user_ids\": [4, -5]}", "user_ids[1]" },
    { "{\"action\": \"send_verification\", \"user_ids\": [4, 999999]}", "user_ids[1]" },
    { "{\"action\": \"send_verification\", \"filter\": {\"connection\": \"gone\"}}", "filter.connection" },
    { "{\"action\": \"send_verification\", \"filter\": {\"enabled\": \"yes\"}}", "filter.enabled" },
    { "{\"action\": \"send_verification\", \"filter\": {\"state\": \"x\"}}", "filter.state" },
    { "{\"action\": \"send_verification\", \"filter\": {\"email\": \"yes\"}}", "filter.email" },
    { "{\"action\": \"send_verification\", \"filter\": {\"email\": true}}", "filter.email" },
    { "{\"action\": \"send_verification\", \"user_ids\": [4], \"dry_run\": 1}", "dry_run" },
  };

  SKIP_WITHOUT_SERVER (f);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HrmTestResponse) r = post_job (f, cases[i].body, NULL);

      g_test_message ("%s", cases[i].body);
      hrm_test_assert_status (r, 422);
      g_assert_true (has_field (r, cases[i].field));
    }

  /* More ids than a job takes. */
  {
    g_autoptr(GString) body = g_string_new ("{\"action\": \"send_verification\", \"user_ids\": [1");
    g_autoptr(HrmTestResponse) r = NULL;

    for (guint i = 0; i < 100000; i++)
      g_string_append (body, ",2");
    g_string_append (body, "]}");
    r = post_job (f, body->str, NULL);
    hrm_test_assert_status (r, 422);
    g_assert_nonnull (hrm_test_response_error_field (r, "user_ids"));
  }

  g_assert_cmpint (db_query_int (f, "SELECT count(*) FROM bulk_jobs"), ==, 0);

  {
    g_autoptr(HrmTestResponse) missing = api (f, "GET", "/api/v1/bulk-jobs/999", NULL);
    g_autoptr(HrmTestResponse) items = api (f, "GET", "/api/v1/bulk-jobs/999/items", NULL);
    g_autoptr(HrmTestResponse) cancel = api (f, "DELETE", "/api/v1/bulk-jobs/999", NULL);
    g_autoptr(HrmTestResponse) retry = api (f, "POST", "/api/v1/bulk-jobs/999/retry", NULL);

    hrm_test_assert_status (missing, 404);
    hrm_test_assert_status (items, 404);
    hrm_test_assert_status (cancel, 404);
    hrm_test_assert_status (retry, 404);
  }
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(JsonObject) job = NULL;
  g_autoptr(JsonObject) later = NULL;
  g_autofree char *path = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = start_job (f, "{\"action\": \"send_verification\", " NOT_LINKED_FILTER "}");
  path = g_strdup_printf ("/api/v1/bulk-jobs/%" G_GINT64_FORMAT, id);
  do
    {
      g_clear_pointer (&job, json_object_unref);
      job = get_job (f, id);
      g_usleep (20 * 1000);
    }
  while (hrm_test_json_get_int (job, "succeeded") < 2);

  {
    g_autoptr(HrmTestResponse) r = api (f, "DELETE", path, NULL);

    hrm_test_assert_status (r, 200);
    g_assert_cmpstr (hrm_test_json_get_string (r->json, "state"), ==, "cancelled");
    g_assert_cmpint (hrm_test_json_get_int (r->json, "succeeded"), <, NOT_LINKED_WILL_RUN);
  }

  g_clear_pointer (&job, json_object_unref);
  job = get_job (f, id);
  g_usleep (500 * 1000);
  later = get_job (f, id);
  g_assert_cmpint (hrm_test_json_get_int (later, "processed"), ==, hrm_test_json_get_int (job, "processed"));
  wait_outbox_empty (f);
  g_assert_cmpuint (count_all_mail (f), ==, hrm_test_json_get_int (later, "succeeded"));

  {
    g_autoptr(HrmTestResponse) again = api (f, "DELETE", path, NULL);

    hrm_test_assert_status (again, 409);
  }
}

#define REFUSE_ERIK \
  "CREATE TRIGGER test_refuse_mail BEFORE INSERT ON outbox" \
  "  WHEN new.recipient = 'erik.johansson@nordljus.se'" \
  "  BEGIN SELECT RAISE (ABORT, 'refused by the test'); END;"

static void
test_retry (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JsonObject) job = NULL;
  g_autoptr(JsonObject) retried = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  g_autofree char *retry_path = NULL;
  gint64 id, second;

  SKIP_WITHOUT_SERVER (f);

  db_exec (f, REFUSE_ERIK);
  id = start_job (f, "{\"action\": \"send_verification\", \"user_ids\": [4, 12]}");
  job = wait_job_ended (f, id);
  g_assert_cmpint (hrm_test_json_get_int (job, "succeeded"), ==, 1);
  g_assert_cmpint (hrm_test_json_get_int (job, "failed"), ==, 1);
  failed = list_items (f, id, "failed");
  g_assert_cmpuint (failed->len, ==, 1);
  g_assert_cmpint (hrm_test_json_get_int (g_ptr_array_index (failed, 0), "user.id"), ==, 4);
  g_assert_nonnull (strstr (hrm_test_json_get_string (g_ptr_array_index (failed, 0), "message"),
                            "refused by the test"));
  /* Nothing of the failed send stayed: no link, still not linked. */
  g_assert_cmpint (db_query_int (f, "SELECT count(*) FROM tokens WHERE user_pk = 4"), ==, 0);
  {
    g_autoptr(JsonObject) erik = get_user (f, 4, NULL);

    g_assert_cmpstr (hrm_test_json_get_string (erik, "connection.state"), ==, "not_linked");
  }

  db_exec (f, "DROP TRIGGER test_refuse_mail");
  retry_path = g_strdup_printf ("/api/v1/bulk-jobs/%" G_GINT64_FORMAT "/retry", id);
  {
    g_autoptr(HrmTestResponse) r = api (f, "POST", retry_path, NULL);

    hrm_test_assert_status (r, 202);
    second = hrm_test_json_get_int (r->json, "id");
    g_assert_cmpint (hrm_test_json_get_int (r->json, "total"), ==, 1);
  }
  retried = wait_job_ended (f, second);
  g_assert_cmpint (hrm_test_json_get_int (retried, "succeeded"), ==, 1);
  wait_outbox_empty (f);
  g_assert_cmpuint (hrm_test_server_count_mail (f->server, "erik.johansson@nordljus.se"), ==, 1);

  /* Nothing failed in the retry. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/bulk-jobs/%" G_GINT64_FORMAT "/retry", second);
    g_autoptr(HrmTestResponse) r = api (f, "POST", path, NULL);

    hrm_test_assert_status (r, 409);
  }
}

static void
test_idempotency_key (Fixture       *f,
                      gconstpointer  data)
{
  const char *body = "{\"action\": \"send_verification\", \"user_ids\": [4, 12]}";
  g_autoptr(HrmTestResponse) first = NULL;
  g_autoptr(HrmTestResponse) again = NULL;
  g_autoptr(HrmTestResponse) other = NULL;
  g_autoptr(HrmTestResponse) unkeyed = NULL;
  g_autoptr(HrmTestResponse) bad = NULL;

  SKIP_WITHOUT_SERVER (f);

  first = post_job (f, body, "retry-me-7f3a");
  hrm_test_assert_status (first, 202);
  again = post_job (f, body, "retry-me-7f3a");
  hrm_test_assert_status (again, 200);
  g_assert_cmpint (hrm_test_json_get_int (again->json, "id"), ==,
                   hrm_test_json_get_int (first->json, "id"));

  other = post_job (f, "{\"action\": \"send_verification\", \"user_ids\": [4]}", "retry-me-7f3a");
  hrm_test_assert_status (other, 422);
  g_assert_nonnull (hrm_test_response_error_field (other, "Idempotency-Key"));

  bad = post_job (f, body, "with space");
  hrm_test_assert_status (bad, 422);

  g_assert_cmpint (db_query_int (f, "SELECT count(*) FROM bulk_jobs"), ==, 1);
  unkeyed = post_job (f, body, NULL);
  hrm_test_assert_status (unkeyed, 202);
  g_assert_cmpint (db_query_int (f, "SELECT count(*) FROM bulk_jobs"), ==, 2);

  /* Another caller's key is another key: the clerk may not post at all, so
   * age the key instead: after a day it no longer answers. */
  db_exec (f, "UPDATE bulk_jobs SET created_at = created_at - 86401");
  {
    g_autoptr(HrmTestResponse) late = post_job (f, body, "retry-me-7f3a");

    hrm_test_assert_status (late, 202);
  }
}

static void
test_kill_and_resume (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) job = NULL;
  gint64 id, before;

  SKIP_WITHOUT_SERVER (f);

  id = start_job (f, "{\"action\": \"send_verification\", " NOT_LINKED_FILTER "}");
  do
    {
      g_clear_pointer (&job, json_object_unref);
      job = get_job (f, id);
      g_usleep (20 * 1000);
    }
  while (hrm_test_json_get_int (job, "succeeded") < 5);

  hrm_test_server_kill (f->server);
  before = db_query_int (f, "SELECT processed FROM bulk_jobs");
  g_assert_cmpint (before, <, NOT_LINKED_TOTAL);
  g_assert_cmpstr (hrm_test_json_get_string (job, "state"), ==, "running");

  g_assert_true (hrm_test_server_restart (f->server, &error));
  g_assert_no_error (error);

  g_clear_pointer (&job, json_object_unref);
  job = wait_job_ended (f, id);
  g_assert_cmpstr (hrm_test_json_get_string (job, "state"), ==, "done");
  g_assert_cmpint (hrm_test_json_get_int (job, "processed"), ==, NOT_LINKED_TOTAL);
  g_assert_cmpint (hrm_test_json_get_int (job, "succeeded"), ==, NOT_LINKED_WILL_RUN);

  wait_outbox_empty (f);
  g_assert_cmpuint (count_all_mail (f), ==, NOT_LINKED_WILL_RUN);
  assert_one_mail_each (f, id);
  g_assert_cmpint (db_query_int (f, "SELECT count(DISTINCT user_pk) FROM outbox"), ==, NOT_LINKED_WILL_RUN);
}

static void
test_pacing (Fixture       *f,
             gconstpointer  data)
{
  /* Eleven users who get a mail, at 10 per second: at least one second. */
  g_autoptr(HrmTestResponse) preview = NULL;
  g_autoptr(JsonObject) job = NULL;
  g_autoptr(GString) body = g_string_new ("{\"action\": \"send_verification\", \"user_ids\": [");
  g_autoptr(GPtrArray) users = list_all_users (f, "connection=not_linked&enabled=true", 200);
  guint n = 0;
  gint64 start, elapsed, id;

  SKIP_WITHOUT_SERVER (f);

  for (guint i = 0; i < users->len && n < 11; i++)
    {
      JsonObject *u = g_ptr_array_index (users, i);

      if (hrm_test_json_get_string (u, "email") == NULL)
        continue;
      g_string_append_printf (body, "%s%" G_GINT64_FORMAT, n++ ? ", " : "", hrm_test_json_get_int (u, "id"));
    }
  g_string_append (body, "]}");
  g_assert_cmpuint (n, ==, 11);

  start = g_get_monotonic_time ();
  id = start_job (f, body->str);
  job = wait_job_ended (f, id);
  elapsed = g_get_monotonic_time () - start;
  g_assert_cmpint (hrm_test_json_get_int (job, "succeeded"), ==, 11);
  g_test_message ("11 mails at 10/s took %.2f s", elapsed / 1e6);
  g_assert_cmpint (elapsed, >=, (11 - 1) * G_USEC_PER_SEC / 10);
}

static void
test_clerk_forbidden (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const routes[][2] = {
    { "POST", "/api/v1/bulk-jobs" },
    { "GET", "/api/v1/bulk-jobs" },
    { "GET", "/api/v1/bulk-jobs/1" },
    { "GET", "/api/v1/bulk-jobs/1/items" },
    { "DELETE", "/api/v1/bulk-jobs/1" },
    { "POST", "/api/v1/bulk-jobs/1/retry" },
  };

  SKIP_WITHOUT_SERVER (f);

  start_job (f, "{\"action\": \"send_verification\", \"user_ids\": [4]}");
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      g_autoptr(HrmTestResponse) r =
        api_as (f, f->clerk_token, routes[i][0], routes[i][1],
                g_str_equal (routes[i][0], "POST") ? "{\"action\": \"send_verification\", \"user_ids\": [4]}" : NULL);

      hrm_test_assert_status (r, 403);
    }
  g_assert_cmpint (db_query_int (f, "SELECT count(*) FROM bulk_jobs"), ==, 1);
}

static void
test_csv (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *bearer = g_strconcat ("Bearer ", f->admin_token, NULL);
  g_autofree char *uri = NULL;
  g_autoptr(HrmTestResponse) r = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(JsonObject) job = NULL;
  GPtrArray *header;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  patch_user_ok (f, 4, "{\"first_name\": \"Erik, \\\"the first\\\"\"}");
  patch_user_ok (f, 12, "{\"first_name\": \"=HYPERLINK(1)\"}");
  id = start_job (f, "{\"action\": \"send_verification\", " NOT_LINKED_FILTER "}");
  job = wait_job_ended (f, id);

  uri = g_strdup_printf ("%s/api/v1/bulk-jobs/%" G_GINT64_FORMAT "/items",
                         hrm_test_server_get_uri (f->server), id);
  r = hrm_test_http (f->session, "GET", uri, NULL, NULL, 0, "Authorization", bearer,
                     "Accept", "text/csv", NULL);
  hrm_test_assert_status (r, 200);
  g_assert_true (g_str_has_prefix (hrm_test_response_get_header (r, "Content-Type"), "text/csv"));
  g_assert_true (g_utf8_validate (r->text, -1, NULL));

  rows = parse_csv (r->text);
  items = list_items (f, id, NULL);
  g_assert_cmpuint (rows->len, ==, NOT_LINKED_TOTAL + 1);
  g_assert_cmpuint (items->len, ==, NOT_LINKED_TOTAL);
  header = g_ptr_array_index (rows, 0);
  g_assert_cmpuint (header->len, ==, 8);
  g_assert_cmpstr (g_ptr_array_index (header, 0), ==, "id");
  g_assert_cmpstr (g_ptr_array_index (header, 4), ==, "outcome");

  for (guint i = 0; i < items->len; i++)
    {
      GPtrArray *row = g_ptr_array_index (rows, i + 1);
      JsonObject *item = g_ptr_array_index (items, i);
      g_autofree char *user = g_strdup_printf ("%" G_GINT64_FORMAT, hrm_test_json_get_int (item, "user.id"));

      const char *first = hrm_test_json_get_string (item, "user.first_name");
      g_autofree char *as_text = g_strconcat ("'", first, NULL);

      g_assert_cmpuint (row->len, ==, 8);
      g_assert_cmpstr (g_ptr_array_index (row, 0), ==, user);
      g_assert_cmpstr (g_ptr_array_index (row, 2), ==, first != NULL && first[0] == '=' ? as_text : first);
      g_assert_cmpstr (g_ptr_array_index (row, 3), ==, hrm_test_json_get_string (item, "user.last_name"));
      g_assert_cmpstr (g_ptr_array_index (row, 4), ==, hrm_test_json_get_string (item, "outcome"));
      g_assert_cmpstr (g_ptr_array_index (row, 7), ==, hrm_test_json_get_string (item, "at"));
    }

  /* The quoted name came through whole. */
  {
    gboolean found = FALSE;

    for (guint i = 1; i < rows->len; i++)
      found |= g_strcmp0 (g_ptr_array_index ((GPtrArray *) g_ptr_array_index (rows, i), 2),
                          "Erik, \"the first\"") == 0;
    g_assert_true (found);
  }

  /* A name a spreadsheet would run as a formula is kept as text. */
  {
    gboolean found = FALSE;

    for (guint i = 1; i < rows->len; i++)
      found |= g_strcmp0 (g_ptr_array_index ((GPtrArray *) g_ptr_array_index (rows, i), 2),
                          "'=HYPERLINK(1)") == 0;
    g_assert_true (found);
  }

  /* Filtered by outcome. */
  g_clear_pointer (&r, hrm_test_response_free);
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_free (uri);
  uri = g_strdup_printf ("%s/api/v1/bulk-jobs/%" G_GINT64_FORMAT "/items?outcome=skipped",
                         hrm_test_server_get_uri (f->server), id);
  r = hrm_test_http (f->session, "GET", uri, NULL, NULL, 0, "Authorization", bearer,
                     "Accept", "text/csv", NULL);
  hrm_test_assert_status (r, 200);
  rows = parse_csv (r->text);
  g_assert_cmpuint (rows->len, ==, NOT_LINKED_NO_EMAIL + 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD_FAST(path, func) g_test_add (path, Fixture, NULL, setup_fast, func, fixture_teardown)
  ADD_FAST ("/server/bulk-jobs/preview", test_preview);
  ADD_FAST ("/server/bulk-jobs/run-not-linked", test_run_not_linked);
  ADD_FAST ("/server/bulk-jobs/preview-samples", test_preview_samples);
  ADD_FAST ("/server/bulk-jobs/skip-reasons", test_skip_reasons);
  ADD_FAST ("/server/bulk-jobs/bad-requests", test_bad_requests);
  ADD_FAST ("/server/bulk-jobs/retry", test_retry);
  ADD_FAST ("/server/bulk-jobs/idempotency-key", test_idempotency_key);
  ADD_FAST ("/server/bulk-jobs/clerk-forbidden", test_clerk_forbidden);
  ADD_FAST ("/server/bulk-jobs/csv", test_csv);
  g_test_add ("/server/bulk-jobs/cancel", Fixture, NULL, setup_slow, test_cancel, fixture_teardown);
  g_test_add ("/server/bulk-jobs/kill-and-resume", Fixture, NULL, setup_slow, test_kill_and_resume,
              fixture_teardown);
  g_test_add ("/server/bulk-jobs/pacing", Fixture, NULL, setup_slow, test_pacing, fixture_teardown);

  return g_test_run ();
}
