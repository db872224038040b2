/* test-bulk-email.c — bulk jobs of action set_email: the addresses of an
 * imported file (issue 10)
 *
 * Against a real demo server. Demo users: 4 erik.johansson and 12
 * ingrid.aberg have a work address and are not linked, 5 maria.andersson
 * is pending, 6 lars.nilsson pending with an expired link, 7 karin.persson
 * is linked to her work address.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>

#include "server-test.h"

#define ERIK   4
#define MARIA  5
#define LARS   6
#define KARIN  7
#define INGRID 12
#define JOB_TIMEOUT_S 60

static const char * const fast_env[] = { "HRM_SERVER_MAIL_RATE=1000", NULL };

static void
setup_fast (Fixture       *f,
            gconstpointer  data)
{
  fixture_setup_with_env (f, fast_env);
}

/* Three big bodies at once: under ASan the server reads one for many
 * seconds, and the others must not run out of the 30 s a body may take. */
static void
setup_patient (Fixture       *f,
               gconstpointer  data)
{
  static const char * const env[] = { "HRM_SERVER_BODY_TIMEOUT=600", NULL };

  fixture_setup_with_env (f, env);
}

static HrmTestResponse *
post_job (Fixture    *f,
          const char *body)
{
  g_autofree char *bearer = g_strconcat ("Bearer ", f->admin_token, NULL);
  g_autofree char *uri = hrm_test_server_build_uri (f->server, "/api/v1/bulk-jobs");

  return hrm_test_http (f->session, "POST", uri, "application/json", body, -1,
                        "Authorization", bearer, NULL);
}

/* Polls the job until it has ended; returns it. */
static JsonObject *
wait_job_ended (Fixture *f,
                gint64   id)
{
  gint64 deadline = g_get_monotonic_time () + JOB_TIMEOUT_S * G_USEC_PER_SEC;
  g_autofree char *path = g_strdup_printf ("/api/v1/bulk-jobs/%" G_GINT64_FORMAT, id);

  for (;;)
    {
      g_autoptr(HrmTestResponse) r = api (f, "GET", path, NULL);
      const char *state;

      hrm_test_assert_status (r, 200);
      state = hrm_test_json_get_string (r->json, "state");
      if (g_str_equal (state, "done") || g_str_equal (state, "cancelled"))
        return json_object_ref (r->json);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
}

static char *
user_id_of (Fixture *f,
            gint64   id)
{
  g_autoptr(JsonObject) user = get_user (f, id, NULL);

  return g_strdup (hrm_test_json_get_string (user, "user_id"));
}

static char *
email_of (Fixture *f,
          gint64   id)
{
  g_autoptr(JsonObject) user = get_user (f, id, NULL);

  return g_strdup (hrm_test_json_get_string (user, "email"));
}

static void
append_row (GString    *body,
            guint       row,
            const char *user_id,
            const char *email)
{
  g_autoptr(JsonNode) id_node = json_node_init_string (json_node_alloc (), user_id);
  g_autoptr(JsonNode) email_node = json_node_init_string (json_node_alloc (), email);
  g_autofree char *id_text = json_to_string (id_node, FALSE);
  g_autofree char *email_text = json_to_string (email_node, FALSE);

  g_string_append_printf (body, "%s{\"row\": %u, \"user_id\": %s, \"email\": %s}",
                          g_str_has_suffix (body->str, "[") ? "" : ", ", row, id_text, email_text);
}

/* The rows of a file with one row of every kind; @out_users the users it
 * names that exist, whose snapshots show what changed. */
static char *
every_kind_body (Fixture    *f,
                 const char *extra_members)
{
  g_autoptr(GString) body = g_string_new ("{\"action\": \"set_email\"");
  g_autofree char *erik = user_id_of (f, ERIK);
  g_autofree char *ingrid = user_id_of (f, INGRID);
  g_autofree char *maria = user_id_of (f, MARIA);
  g_autofree char *maria_email = email_of (f, MARIA);
  g_autofree char *karin = user_id_of (f, KARIN);
  g_autofree char *karin_email = email_of (f, KARIN);
  g_autofree char *lars = user_id_of (f, LARS);
  g_autofree char *u20 = user_id_of (f, 20);
  g_autofree char *u21 = user_id_of (f, 21);
  g_autofree char *u22 = user_id_of (f, 22);
  g_autofree char *u23 = user_id_of (f, 23);
  g_autofree char *upper = g_ascii_strup (erik, -1);
  g_autofree char *long_address = g_strnfill (300, 'a');

  g_string_append_printf (body, "%s, \"rows\": [", extra_members ? extra_members : "");
  append_row (body, 2, upper, "erik.work@nordljus.se");            /* will_set (User-ID in other case) */
  append_row (body, 3, "no.such.user", "nobody@nordljus.se");      /* unknown_user_id */
  append_row (body, 4, ingrid, "not an address");                  /* malformed_address */
  append_row (body, 5, maria, maria_email);                        /* unchanged */
  append_row (body, 6, karin, "karin.other@nordljus.se");          /* user_linked */
  append_row (body, 7, lars, karin_email);                         /* duplicate_of_other_user */
  append_row (body, 8, u20, "same@nordljus.se");                   /* duplicate_in_file */
  append_row (body, 9, u21, "SAME@nordljus.se");                   /* duplicate_in_file */
  append_row (body, 10, u22, "someone.private@gmail.com");         /* private_address */
  g_string_append_printf (body, "%s{\"row\": 11, \"user_id\": \"%s\", \"email\": \"%s@nordljus.se\"}",
                          ", ", u23, long_address);                /* malformed_address: too long */
  g_string_append (body, "]}");
  return g_string_free (g_steal_pointer (&body), FALSE);
}

static void
assert_sample_rows (JsonObject *preview,
                    const char *class,
                    guint       n_rows,
                    ...)
{
  g_autofree char *member = g_strconcat ("samples.", class, NULL);
  JsonArray *samples = hrm_test_json_get_array (preview, member);
  va_list args;

  g_test_message ("%s", class);
  g_assert_cmpuint (json_array_get_length (samples), ==, n_rows);
  va_start (args, n_rows);
  for (guint i = 0; i < n_rows; i++)
    {
      JsonObject *sample = json_array_get_object_element (samples, i);

      g_assert_cmpint (json_object_get_int_member (sample, "row"), ==, va_arg (args, int));
      /* Every row that is not simply set says why. */
      if (!g_str_equal (class, "will_set"))
        g_assert_nonnull (json_object_get_string_member (sample, "message"));
    }
  va_end (args);
}

/* Every kind of row is classified, and a preview changes nothing. */
static void
test_preview_classes (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *body = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *events_before = NULL;
  gint64 users[] = { ERIK, INGRID, MARIA, KARIN, LARS, 20, 21, 22, 23 };
  g_autoptr(GString) snapshot_before = g_string_new (NULL);
  g_autoptr(GString) snapshot_after = g_string_new (NULL);

  SKIP_WITHOUT_SERVER (f);

  body = every_kind_body (f, ", \"dry_run\": true");
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autofree char *snapshot = user_snapshot (f, users[i]);

      g_string_append (snapshot_before, snapshot);
    }

  {
    g_autoptr(HrmTestResponse) r = post_job (f, body);

    hrm_test_assert_status (r, 200);
    g_assert_cmpint (hrm_test_json_get_int (r->json, "total"), ==, 10);
    g_assert_cmpint (hrm_test_json_get_int (r->json, "will_run"), ==, 2);
    g_assert_cmpint (hrm_test_json_get_int (r->json, "rows.will_set"), ==, 1);
    g_assert_cmpint (hrm_test_json_get_int (r->json, "rows.unknown_user_id"), ==, 1);
    g_assert_cmpint (hrm_test_json_get_int (r->json, "rows.malformed_address"), ==, 2);
    g_assert_cmpint (hrm_test_json_get_int (r->json, "rows.unchanged"), ==, 1);
    g_assert_cmpint (hrm_test_json_get_int (r->json, "rows.user_linked"), ==, 1);
    g_assert_cmpint (hrm_test_json_get_int (r->json, "rows.duplicate_of_other_user"), ==, 1);
    g_assert_cmpint (hrm_test_json_get_int (r->json, "rows.duplicate_in_file"), ==, 2);
    g_assert_cmpint (hrm_test_json_get_int (r->json, "rows.private_address"), ==, 1);
    g_assert_cmpint (hrm_test_json_get_int (r->json, "rows.outside_allowed_domains"), ==, 0);
    assert_sample_rows (r->json, "will_set", 1, 2);
    assert_sample_rows (r->json, "unknown_user_id", 1, 3);
    assert_sample_rows (r->json, "malformed_address", 2, 4, 11);
    assert_sample_rows (r->json, "unchanged", 1, 5);
    assert_sample_rows (r->json, "user_linked", 1, 6);
    assert_sample_rows (r->json, "duplicate_of_other_user", 1, 7);
    assert_sample_rows (r->json, "duplicate_in_file", 2, 8, 9);
    assert_sample_rows (r->json, "private_address", 1, 10);
    {
      JsonObject *set = json_array_get_object_element (hrm_test_json_get_array (r->json, "samples.will_set"), 0);
      JsonObject *unknown = json_array_get_object_element (hrm_test_json_get_array (r->json,
                                                                                    "samples.unknown_user_id"), 0);

      g_assert_cmpint (hrm_test_json_get_int (set, "user.id"), ==, ERIK);
      g_assert_true (hrm_test_json_is_null (unknown, "user"));
    }
  }

  /* With allowed domains, the private address is outside them as well. */
  db_exec (f, "INSERT INTO organisation_domains (kind, domain) VALUES ('allowed', 'nordljus.se')");
  {
    g_autoptr(HrmTestResponse) r = post_job (f, body);

    hrm_test_assert_status (r, 200);
    g_assert_cmpint (hrm_test_json_get_int (r->json, "rows.outside_allowed_domains"), ==, 1);
    g_assert_cmpint (hrm_test_json_get_int (r->json, "rows.private_address"), ==, 0);
    g_assert_cmpint (hrm_test_json_get_int (r->json, "will_run"), ==, 2);
    assert_sample_rows (r->json, "outside_allowed_domains", 1, 10);
  }

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autofree char *snapshot = user_snapshot (f, users[i]);

      g_string_append (snapshot_after, snapshot);
    }
  g_assert_cmpstr (snapshot_before->str, ==, snapshot_after->str);
  g_assert_cmpint (db_query_int (f, "SELECT count(*) FROM bulk_jobs"), ==, 0);
}

/* The job sets the valid rows (warnings too) and only those, each with its
 * event; the linked user keeps the address; the results say why per row. */
static void
test_run (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *body = NULL;
  g_autofree char *karin_before = NULL;
  g_autofree char *lars_before = NULL;
  g_autofree char *ingrid_before = NULL;
  g_autofree char *u20_before = NULL;
  g_autofree char *u23_before = NULL;
  g_autoptr(JsonObject) job = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  body = every_kind_body (f, NULL);
  karin_before = user_snapshot (f, KARIN);
  lars_before = user_snapshot (f, LARS);
  ingrid_before = user_snapshot (f, INGRID);
  u20_before = user_snapshot (f, 20);
  u23_before = user_snapshot (f, 23);

  {
    g_autoptr(HrmTestResponse) r = post_job (f, body);

    hrm_test_assert_status (r, 202);
    g_assert_cmpstr (hrm_test_json_get_string (r->json, "action"), ==, "set_email");
    g_assert_cmpint (hrm_test_json_get_int (r->json, "total"), ==, 10);
    id = hrm_test_json_get_int (r->json, "id");
  }
  job = wait_job_ended (f, id);
  g_assert_cmpstr (hrm_test_json_get_string (job, "state"), ==, "done");
  g_assert_cmpint (hrm_test_json_get_int (job, "succeeded"), ==, 2);
  g_assert_cmpint (hrm_test_json_get_int (job, "skipped"), ==, 8);
  g_assert_cmpint (hrm_test_json_get_int (job, "failed"), ==, 0);

  {
    g_autofree char *erik = email_of (f, ERIK);
    g_autofree char *private = email_of (f, 22);

    g_assert_cmpstr (erik, ==, "erik.work@nordljus.se");
    g_assert_cmpstr (private, ==, "someone.private@gmail.com");
  }
  g_assert_cmpint (db_query_int (f, "SELECT count(*) FROM events WHERE user_pk = 4"
                                    " AND action = 'user_updated' AND details LIKE '%erik.work@nordljus.se%'"),
                   ==, 1);

  /* Skipped rows left their users as they were. */
  {
    g_autofree char *karin_after = user_snapshot (f, KARIN);
    g_autofree char *lars_after = user_snapshot (f, LARS);
    g_autofree char *ingrid_after = user_snapshot (f, INGRID);
    g_autofree char *u20_after = user_snapshot (f, 20);
    g_autofree char *u23_after = user_snapshot (f, 23);

    g_assert_cmpstr (karin_before, ==, karin_after);
    g_assert_cmpstr (lars_before, ==, lars_after);
    g_assert_cmpstr (ingrid_before, ==, ingrid_after);
    g_assert_cmpstr (u20_before, ==, u20_after);
    g_assert_cmpstr (u23_before, ==, u23_after);
  }

  /* The results file names each row and why. */
  {
    g_autofree char *uri = g_strdup_printf ("%s/api/v1/bulk-jobs/%" G_GINT64_FORMAT "/items",
                                            hrm_test_server_get_uri (f->server), id);
    g_autofree char *bearer = g_strconcat ("Bearer ", f->admin_token, NULL);
    g_autoptr(HrmTestResponse) r = hrm_test_http (f->session, "GET", uri, NULL, NULL, 0,
                                                  "Authorization", bearer, "Accept", "text/csv", NULL);
    g_autoptr(GPtrArray) rows = NULL;
    gboolean linked = FALSE, private = FALSE;

    hrm_test_assert_status (r, 200);
    rows = parse_csv (r->text);
    g_assert_cmpuint (rows->len, ==, 11);
    for (guint i = 1; i < rows->len; i++)
      {
        GPtrArray *row = g_ptr_array_index (rows, i);

        linked |= g_str_equal (g_ptr_array_index (row, 4), "skipped")
                  && g_str_equal (g_ptr_array_index (row, 5), "user_linked")
                  && g_str_has_prefix (g_ptr_array_index (row, 6), "Row 6 (");
        private |= g_str_equal (g_ptr_array_index (row, 4), "succeeded")
                   && g_str_equal (g_ptr_array_index (row, 5), "private_address");
      }
    g_assert_true (linked);
    g_assert_true (private);
  }

  /* Nobody was mailed: verification was not asked for. */
  g_assert_cmpuint (hrm_test_server_count_mail (f->server, "erik.work@nordljus.se"), ==, 0);
}

/* then_send_verification mails the new address in the same step. */
static void
test_then_send (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GString) body = g_string_new ("{\"action\": \"set_email\", \"then_send_verification\": true,"
                                          " \"rows\": [");
  g_autofree char *erik = user_id_of (f, ERIK);
  g_autofree char *mail = NULL;
  g_autoptr(JsonObject) job = NULL;
  g_autoptr(JsonObject) user = NULL;

  SKIP_WITHOUT_SERVER (f);

  append_row (body, 1, erik, "erik.sent@nordljus.se");
  g_string_append (body, "]}");
  {
    g_autoptr(HrmTestResponse) r = post_job (f, body->str);

    hrm_test_assert_status (r, 202);
    job = wait_job_ended (f, hrm_test_json_get_int (r->json, "id"));
  }
  g_assert_cmpint (hrm_test_json_get_int (job, "succeeded"), ==, 1);
  mail = hrm_test_server_wait_for_mail (f->server, "erik.sent@nordljus.se", 10000);
  g_assert_nonnull (mail);
  user = get_user (f, ERIK, NULL);
  g_assert_cmpstr (hrm_test_json_get_string (user, "connection.state"), ==, "pending");
  g_assert_cmpstr (hrm_test_json_get_string (user, "connection.pending_email"), ==, "erik.sent@nordljus.se");
}

/* A row whose save fails leaves the user as it was (no address, no event)
 * and fails with the reason; Retry failed makes a set_email job of that
 * row alone, which sets it once the fault is gone. */
static void
test_failed_and_retry (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GString) body = g_string_new ("{\"action\": \"set_email\", \"rows\": [");
  g_autofree char *erik = user_id_of (f, ERIK);
  g_autofree char *ingrid = user_id_of (f, INGRID);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *retry_path = NULL;
  g_autoptr(JsonObject) job = NULL;
  g_autoptr(JsonObject) retried = NULL;
  gint64 events, id;

  SKIP_WITHOUT_SERVER (f);

  append_row (body, 2, erik, "refused@nordljus.se");
  append_row (body, 3, ingrid, "ingrid.new@nordljus.se");
  g_string_append (body, "]}");
  before = user_snapshot (f, ERIK);
  events = db_query_int (f, "SELECT count(*) FROM events WHERE user_pk = 4");
  db_exec (f, "CREATE TRIGGER test_refuse BEFORE UPDATE OF email ON users"
              " WHEN new.email = 'refused@nordljus.se'"
              " BEGIN SELECT RAISE (ABORT, 'refused by the test'); END;");
  {
    g_autoptr(HrmTestResponse) r = post_job (f, body->str);

    hrm_test_assert_status (r, 202);
    id = hrm_test_json_get_int (r->json, "id");
  }
  job = wait_job_ended (f, id);
  g_assert_cmpint (hrm_test_json_get_int (job, "failed"), ==, 1);
  g_assert_cmpint (hrm_test_json_get_int (job, "succeeded"), ==, 1);
  after = user_snapshot (f, ERIK);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (db_query_int (f, "SELECT count(*) FROM events WHERE user_pk = 4"), ==, events);
  {
    g_autofree char *ingrid_email = email_of (f, INGRID);

    g_assert_cmpstr (ingrid_email, ==, "ingrid.new@nordljus.se");
  }

  db_exec (f, "DROP TRIGGER test_refuse");
  retry_path = g_strdup_printf ("/api/v1/bulk-jobs/%" G_GINT64_FORMAT "/retry", id);
  {
    g_autoptr(HrmTestResponse) r = api (f, "POST", retry_path, NULL);

    hrm_test_assert_status (r, 202);
    g_assert_cmpstr (hrm_test_json_get_string (r->json, "action"), ==, "set_email");
    g_assert_cmpint (hrm_test_json_get_int (r->json, "total"), ==, 1);
    retried = wait_job_ended (f, hrm_test_json_get_int (r->json, "id"));
  }
  g_assert_cmpint (hrm_test_json_get_int (retried, "succeeded"), ==, 1);
  {
    g_autofree char *erik_email = email_of (f, ERIK);

    g_assert_cmpstr (erik_email, ==, "refused@nordljus.se");
  }
}

/* Refused requests: 422 with the place, and no job. */
static void
test_bad_requests (Fixture       *f,
                   gconstpointer  data)
{
  static const struct { const char *body; const char *field; } cases[] = {
    { "{\"action\": \"set_email\"}", "rows" },
    { "{\"action\": \"set_email\", \"rows\": []}", "rows" },
    { "{\"action\": \"set_email\", \"rows\": {}}", "rows" },
    { "{\"action\": \"set_email\", \"rows\": [{\"row\": 1, \"user_id\": \"a\"}]}", "rows[0].email" },
    { "{\"action\": \"set_email\", \"rows\": [{\"row\": 0, \"user_id\": \"a\", \"email\": \"b\"}]}", "rows[0].row" },
    { "{\"action\": \"set_email\", \"rows\": [{\"row\": 1, \"user_id\": 5, \"email\": \"b\"}]}", "rows[0].user_id" },
    { "{\"action\": \"set_email\", \"rows\": [{\"row\": 1, \"user_id\": \"a\", \"email\": \"b\", \"x\": 1}]}", "rows[0].x" },
    { "{\"action\": \"set_email\", \"user_ids\": [4]}", "user_ids" },
    { "{\"action\": \"set_email\", \"then_send_verification\": 1, \"rows\": [{\"row\": 1, \"user_id\": \"a\", \"email\": \"b\"}]}", "then_send_verification" },
    { "{\"action\": \"send_verification\", \"user_ids\": [4], \"rows\": []}", "rows" },
    { "{\"action\": \"delete_everyone\", \"user_ids\": [4]}", "action" },
  };

  SKIP_WITHOUT_SERVER (f);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HrmTestResponse) r = post_job (f, cases[i].body);

      JsonObject *fields;

      g_test_message ("%s", cases[i].body);
      hrm_test_assert_status (r, 422);
      /* Member names such as rows[0].email are not paths: look them up whole. */
      fields = hrm_test_json_get_object (r->json, "error.fields");
      g_assert_nonnull (fields);
      g_assert_true (json_object_has_member (fields, cases[i].field));
    }
  g_assert_cmpint (db_query_int (f, "SELECT count(*) FROM bulk_jobs"), ==, 0);
}

/* The status the server answers a request head that announces a body of
 * @length bytes with, before any of the body is sent (on a raw socket: a
 * client library would send the body and see the connection closed). */
static guint
status_of_head (Fixture    *f,
                const char *method,
                const char *path,
                gsize       length)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GUri) uri = g_uri_parse (hrm_test_server_get_uri (f->server), G_URI_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  char answer[64] = { 0 };
  gsize got = 0;

  connection = g_socket_client_connect_to_host (client, g_uri_get_host (uri), g_uri_get_port (uri),
                                                NULL, &error);
  g_assert_no_error (error);
  head = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer %s\r\n"
                          "Content-Type: application/json\r\nContent-Length: %" G_GSIZE_FORMAT
                          "\r\n\r\n", method, path, f->admin_token, length);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), head,
                             strlen (head), NULL, NULL, &error);
  g_assert_no_error (error);
  g_input_stream_read_all (g_io_stream_get_input_stream (G_IO_STREAM (connection)), answer,
                           sizeof answer - 1, &got, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 "));
  return (guint) g_ascii_strtoull (answer + 9, NULL, 10);
}

/* An import of 100 000 rows fits (more than the usual 1 MiB of a body);
 * 16 MiB does not, and other endpoints keep their 1 MiB. */
static void
test_body_limits (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GString) body = g_string_new ("{\"action\": \"set_email\", \"dry_run\": true, \"rows\": [");

  SKIP_WITHOUT_SERVER (f);

  for (guint i = 1; i <= 100000; i++)
    g_string_append_printf (body, "%s{\"row\": %u, \"user_id\": \"imported.user.%06u\","
                            " \"email\": \"imported.user.%06u@nordljus.se\"}", i > 1 ? "," : "", i, i, i);
  g_string_append (body, "]}");
  g_assert_cmpuint (body->len, >, 1024 * 1024);
  {
    /* Classifying 100 000 rows takes a few seconds, many more under ASan on
     * a busy machine: this request may take longer than the usual 30 s. */
    g_autoptr(SoupSession) patient = soup_session_new_with_options ("timeout", 600, NULL);
    g_autofree char *bearer = g_strconcat ("Bearer ", f->admin_token, NULL);
    g_autofree char *uri = hrm_test_server_build_uri (f->server, "/api/v1/bulk-jobs");
    g_autoptr(HrmTestResponse) r = hrm_test_http (patient, "POST", uri, "application/json",
                                                  body->str, -1, "Authorization", bearer, NULL);

    hrm_test_assert_status (r, 200);
    g_assert_cmpint (hrm_test_json_get_int (r->json, "rows.unknown_user_id"), ==, 100000);
    /* The answer names at most 50 rows of a kind. */
    g_assert_cmpuint (json_array_get_length (hrm_test_json_get_array (r->json, "samples.unknown_user_id")),
                      ==, 50);
    g_assert_cmpuint (strlen (r->text), <, 64 * 1024);
  }

  /* Over 16 MiB: refused before it is read; other endpoints keep 1 MiB. */
  g_assert_cmpuint (status_of_head (f, "POST", "/api/v1/bulk-jobs", 16 * 1024 * 1024 + 1), ==, 413);
  g_assert_cmpuint (status_of_head (f, "PATCH", "/api/v1/users/4", 2 * 1024 * 1024), ==, 413);
  g_assert_cmpuint (status_of_head (f, "POST", "/api/v1/users/4/verification-email", 2 * 1024 * 1024),
                    ==, 413);
  g_assert_cmpint (db_query_int (f, "SELECT count(*) FROM bulk_jobs"), ==, 0);
}

typedef struct
{
  const char *uri;
  const char *bearer;
  const char *body;
  guint       status;
  gint64      unknown;      /* rows.unknown_user_id of a 200 */
  char       *retry_after;  /* of a 503 */
  char       *message;      /* of a 503 */
} BigPreview;

static gpointer
send_big_preview (gpointer data)
{
  BigPreview *big = data;
  g_autoptr(SoupSession) patient = soup_session_new_with_options ("timeout", 600, NULL);
  g_autoptr(HrmTestResponse) r = hrm_test_http (patient, "POST", big->uri, "application/json",
                                                big->body, -1, "Authorization", big->bearer, NULL);

  big->status = r->status;
  if (r->status == 200)
    big->unknown = hrm_test_json_get_int (r->json, "rows.unknown_user_id");
  else if (r->json != NULL)
    {
      big->retry_after = g_strdup (hrm_test_response_get_header (r, "Retry-After"));
      big->message = g_strdup (hrm_test_json_get_string (r->json, "error.message"));
    }
  return NULL;
}

#define BIG_ROWS 30000

/* Previews of big files share the server: each is classified a slice at a
 * time, so a request that comes meanwhile is answered at once. Three sent
 * together: two run, and the third, answered while they do, is told to try
 * again (two files are what one server previews at once). A preview's
 * slices run only when no request is waiting, so the first two are still
 * running when the third is read. */
static void
test_big_previews_share (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GString) body = g_string_new ("{\"action\": \"set_email\", \"dry_run\": true, \"rows\": [");
  g_autofree char *bearer = g_strconcat ("Bearer ", f->admin_token, NULL);
  g_autofree char *uri = hrm_test_server_build_uri (f->server, "/api/v1/bulk-jobs");
  BigPreview big[3];
  GThread *threads[3];
  guint ok = 0, busy = 0;

  SKIP_WITHOUT_SERVER (f);

  for (guint i = 1; i <= BIG_ROWS; i++)
    g_string_append_printf (body, "%s{\"row\": %u, \"user_id\": \"imported.user.%06u\","
                            " \"email\": \"imported.user.%06u@nordljus.se\"}", i > 1 ? "," : "", i, i, i);
  g_string_append (body, "]}");

  for (guint i = 0; i < G_N_ELEMENTS (big); i++)
    {
      big[i] = (BigPreview) { .uri = uri, .bearer = bearer, .body = body->str };
      threads[i] = g_thread_new ("big-preview", send_big_preview, &big[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (big); i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < G_N_ELEMENTS (big); i++)
    {
      g_test_message ("preview %u: %u", i, big[i].status);
      if (big[i].status == 200)
        {
          g_assert_cmpint (big[i].unknown, ==, BIG_ROWS);
          ok++;
        }
      else
        {
          g_assert_cmpuint (big[i].status, ==, 503);
          g_assert_cmpstr (big[i].retry_after, ==, "5");
          g_assert_nonnull (strstr (big[i].message, "Try again"));
          busy++;
        }
      g_free (big[i].retry_after);
      g_free (big[i].message);
    }
  g_assert_cmpuint (ok, ==, 2);
  g_assert_cmpuint (busy, ==, 1);
  g_assert_cmpint (db_query_int (f, "SELECT count(*) FROM bulk_jobs"), ==, 0);

  /* And once they are done, the next is previewed. */
  {
    g_autoptr(HrmTestResponse) r = api (f, "POST", "/api/v1/bulk-jobs",
                                        "{\"action\": \"set_email\", \"dry_run\": true, \"rows\":"
                                        " [{\"row\": 2, \"user_id\": \"nobody\","
                                        " \"email\": \"nobody@nordljus.se\"}]}");

    hrm_test_assert_status (r, 200);
    g_assert_cmpint (hrm_test_json_get_int (r->json, "total"), ==, 1);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD_FAST(path, func) g_test_add (path, Fixture, NULL, setup_fast, func, fixture_teardown)
  ADD_FAST ("/server/bulk-email/preview-classes", test_preview_classes);
  ADD_FAST ("/server/bulk-email/run", test_run);
  ADD_FAST ("/server/bulk-email/then-send", test_then_send);
  ADD_FAST ("/server/bulk-email/failed-and-retry", test_failed_and_retry);
  ADD_FAST ("/server/bulk-email/bad-requests", test_bad_requests);
  ADD_FAST ("/server/bulk-email/body-limits", test_body_limits);
  g_test_add ("/server/bulk-email/big-previews-share", Fixture, NULL, setup_patient,
              test_big_previews_share, fixture_teardown);

  return g_test_run ();
}
