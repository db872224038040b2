/* test-sign-in-limits.c — what stops password guessing without locking the
 * right people out: the lockout per (username, address), the throttle per
 * username across addresses, the bound on failures for unknown names, an
 * unknown name answered as slowly as a wrong password, and the cap on queued
 * password hashes
 *
 * Different client addresses are different loopback addresses (all of
 * 127.0.0.0/8 is loopback on Linux): a session bound to 127.0.0.2 is
 * "another computer".
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <sqlite3.h>
#include <string.h>

#include "server-test.h"

/* Every wait in these tests is bounded by this. */
#define WAIT_MS 30000

static HrmTestResponse *
sign_in_from (Fixture    *f,
              const char *local_ip,
              const char *username,
              const char *password)
{
  g_autoptr(SoupSession) session = local_ip ? hrm_test_session_new_from (local_ip)
                                            : g_object_ref (f->session);

  return hrm_test_post_form (session, hrm_test_server_get_uri (f->server), "/oauth/token",
                             "grant_type", "password", "username", username,
                             "password", password, NULL);
}

static gint64
retry_after (HrmTestResponse *r)
{
  const char *value = hrm_test_response_get_header (r, "Retry-After");
  gint64 seconds = 0;

  g_assert_nonnull (value);
  g_assert_true (g_ascii_string_to_signed (value, 10, 1, 24 * 3600, &seconds, NULL));
  return seconds;
}

static void
assert_rate_limited (HrmTestResponse *r)
{
  hrm_test_assert_status (r, 429);
  g_assert_nonnull (r->json);
  g_assert_cmpstr (hrm_test_json_get_string (r->json, "error"), ==, "rate_limited");
  g_assert_nonnull (hrm_test_json_get_string (r->json, "error_description"));
  g_assert_null (hrm_test_json_get_string (r->json, "access_token"));
  (void) retry_after (r);
}

/* Five failures from one address lock that address out of the account, not
 * everyone: the administrator at another computer still signs in. */
static void
test_lockout_per_address (Fixture       *f,
                          gconstpointer  data)
{
  SKIP_WITHOUT_SERVER (f);

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(HrmTestResponse) r = sign_in_from (f, "127.0.0.2", "admin", "wrong-password-attempt");
      hrm_test_assert_status (r, 400);
    }

  /* That address is locked, even with the right password. */
  {
    g_autoptr(HrmTestResponse) r = sign_in_from (f, "127.0.0.2", "admin", HRM_TEST_PASSWORD);
    assert_rate_limited (r);
    g_assert_cmpint (retry_after (r), <=, 15 * 60);
  }

  /* The administrator's own computer, and a third one, are not. */
  {
    g_autoptr(HrmTestResponse) r = sign_in_from (f, NULL, "admin", HRM_TEST_PASSWORD);
    hrm_test_assert_status (r, 200);
  }
  {
    g_autoptr(HrmTestResponse) r = sign_in_from (f, "127.0.0.3", "admin", "wrong-password-attempt");
    hrm_test_assert_status (r, 400);
  }
  {
    g_autoptr(HrmTestResponse) r = sign_in_from (f, "127.0.0.3", "admin", HRM_TEST_PASSWORD);
    hrm_test_assert_status (r, 200);
  }

  /* Their successes do not unlock the guessing address. */
  {
    g_autoptr(HrmTestResponse) r = sign_in_from (f, "127.0.0.2", "admin", HRM_TEST_PASSWORD);
    assert_rate_limited (r);
  }
}

static const char * const throttle_env[] = { "HRM_SERVER_THROTTLE_AFTER=6", NULL };

/* Failures spread over many addresses slow guessing at one account down:
 * past the threshold every further attempt waits, from any address but one
 * that recently signed in to that account. A delay, not a lock: once it has
 * passed, the right password works from a new address too. */
static void
test_throttle_across_addresses (Fixture       *f,
                                gconstpointer  data)
{
  const char *addresses[] = { "127.0.0.10", "127.0.0.11", "127.0.0.12" };
  gint64 wait;

  SKIP_WITHOUT_SERVER (f);

  /* Two failures from each of three addresses: none is locked by itself. */
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(HrmTestResponse) r =
        sign_in_from (f, addresses[i % G_N_ELEMENTS (addresses)], "clerk", "wrong-password-attempt");
      hrm_test_assert_status (r, 400);
    }

  /* The account is throttled for addresses it has not signed in from. */
  {
    g_autoptr(HrmTestResponse) r = sign_in_from (f, "127.0.0.13", "clerk", "wrong-password-attempt");
    assert_rate_limited (r);
  }
  {
    g_autoptr(HrmTestResponse) r = sign_in_from (f, "127.0.0.14", "clerk", HRM_TEST_PASSWORD);
    assert_rate_limited (r);
    wait = retry_after (r);
    g_assert_cmpint (wait, <=, 5);
  }
  /* Other accounts are not. */
  {
    g_autoptr(HrmTestResponse) r = sign_in_from (f, "127.0.0.14", "admin", HRM_TEST_PASSWORD);
    hrm_test_assert_status (r, 200);
  }

  /* 127.0.0.1 signed in as clerk (the fixture did) and has no failures: it
   * is not slowed down by the others' failures. */
  {
    g_autoptr(HrmTestResponse) r = sign_in_from (f, NULL, "clerk", HRM_TEST_PASSWORD);
    hrm_test_assert_status (r, 200);
  }

  /* After the delay, a new address gets its turn. */
  g_usleep ((wait * 1000 + 300) * G_TIME_SPAN_MILLISECOND);
  {
    g_autoptr(HrmTestResponse) r = sign_in_from (f, "127.0.0.14", "clerk", HRM_TEST_PASSWORD);
    hrm_test_assert_status (r, 200);
  }
}

static gint64
count_rows (Fixture    *f,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count = -1;

  g_assert_cmpint (sqlite3_open_v2 (hrm_test_server_get_db_path (f->server), &db,
                                    SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

static const char * const unknown_env[] = { "HRM_SERVER_UNKNOWN_FAILURES_MAX=8", NULL };

/* Guessing at names that do not exist must not grow the database without
 * bound; and an unknown name is answered like a known one, lockout included. */
static void
test_unknown_names_bounded (Fixture       *f,
                            gconstpointer  data)
{
  SKIP_WITHOUT_SERVER (f);

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("nobody-%u", i);
      g_autoptr(HrmTestResponse) r = sign_in_from (f, NULL, name, "wrong-password-attempt");

      hrm_test_assert_status (r, 400);
    }
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM login_failures"), <=, 8);

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(HrmTestResponse) r = sign_in_from (f, "127.0.0.2", "nobody-else", "wrong-password");
      hrm_test_assert_status (r, 400);
    }
  {
    g_autoptr(HrmTestResponse) r = sign_in_from (f, "127.0.0.2", "nobody-else", "wrong-password");
    assert_rate_limited (r);
  }
}

static const char * const slow_hash_env[] = { "HRM_SERVER_HASH_DELAY_MS=300", NULL };

/* A wrong password and a name that does not exist are answered alike and
 * after the same password check, so neither the answer nor its time tells
 * which usernames exist. Every check takes the test's 300 ms longer
 * (HRM_SERVER_HASH_DELAY_MS): an answer that skipped it would come sooner. */
static void
test_unknown_name_checked (Fixture       *f,
                           gconstpointer  data)
{
  const char *names[] = { "admin", "nobody-at-all", "admin", "no-such-person" };
  g_autofree char *wrong_password = NULL;

  SKIP_WITHOUT_SERVER (f);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(HrmTestResponse) r = sign_in_from (f, NULL, names[i], "wrong-password-attempt");
      gint64 took_ms = (g_get_monotonic_time () - start) / G_TIME_SPAN_MILLISECOND;

      g_test_message ("%s: %" G_GINT64_FORMAT " ms", names[i], took_ms);
      hrm_test_assert_status (r, 400);
      g_assert_nonnull (r->json);
      g_assert_cmpstr (hrm_test_json_get_string (r->json, "error"), ==, "invalid_grant");
      g_assert_cmpint (took_ms, >=, 300);
      if (wrong_password == NULL)
        wrong_password = g_strdup (hrm_test_json_get_string (r->json, "error_description"));
      g_assert_cmpstr (hrm_test_json_get_string (r->json, "error_description"), ==,
                       wrong_password);
    }
}

static const char * const queue_env[] = {
  "HRM_SERVER_HASH_QUEUE=2", "HRM_SERVER_HASH_DELAY_MS=1000", NULL
};

/* A flood of sign-ins does not queue without bound: past the cap the server
 * answers 503 at once, and cheap requests are answered meanwhile. */
static void
test_hash_queue_full (Fixture       *f,
                      gconstpointer  data)
{
  const guint n = 6;
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *me_uri = NULL;
  g_autofree char *bearer = NULL;
  g_autoptr(SoupMessage) me = NULL;
  HrmTestResponse *answers[6] = { NULL, };
  HrmTestResponse *me_answer = NULL;
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;
  guint n_503 = 0;
  guint n_400 = 0;
  gboolean me_first = FALSE;

  SKIP_WITHOUT_SERVER (f);

  session = g_object_new (SOUP_TYPE_SESSION, "max-conns", 64, "max-conns-per-host", 64,
                          "timeout", 60, NULL);
  uri = hrm_test_server_build_uri (f->server, "/oauth/token");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("flood-%u", i);
      g_autoptr(SoupMessage) msg = hrm_test_form_message (uri, "grant_type", "password",
                                                          "username", name,
                                                          "password", "wrong-password", NULL);

      hrm_test_send_async (session, msg, &answers[i]);
    }

  me_uri = hrm_test_server_build_uri (f->server, "/api/v1/me");
  me = soup_message_new ("GET", me_uri);
  bearer = g_strconcat ("Bearer ", f->admin_token, NULL);
  soup_message_headers_append (soup_message_get_request_headers (me), "Authorization", bearer);
  hrm_test_send_async (session, me, &me_answer);

  for (;;)
    {
      guint pending = me_answer == NULL;

      for (guint i = 0; i < n; i++)
        pending += answers[i] == NULL;
      if (pending == 0)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);

      /* The cheap request is answered while hashes still run. */
      if (me_answer != NULL && !me_first)
        for (guint i = 0; i < n; i++)
          me_first |= answers[i] == NULL;
    }

  for (guint i = 0; i < n; i++)
    {
      HrmTestResponse *r = answers[i];

      if (r->status == 503)
        {
          n_503++;
          g_assert_nonnull (r->json);
          g_assert_cmpstr (hrm_test_json_get_string (r->json, "error"), ==, "temporarily_unavailable");
          g_assert_nonnull (hrm_test_json_get_string (r->json, "error_description"));
          (void) retry_after (r);
        }
      else
        {
          hrm_test_assert_status (r, 400);
          n_400++;
        }
    }
  g_test_message ("%u × 400, %u × 503", n_400, n_503);
  g_assert_cmpuint (n_503, >=, n - 2);
  g_assert_cmpuint (n_400, >=, 1);
  hrm_test_assert_status (me_answer, 200);
  g_assert_true (me_first);

  for (guint i = 0; i < n; i++)
    hrm_test_response_free (answers[i]);
  hrm_test_response_free (me_answer);

  /* Once the queue has room again, signing in works. */
  {
    g_autoptr(HrmTestResponse) r = sign_in_from (f, NULL, "admin", HRM_TEST_PASSWORD);
    hrm_test_assert_status (r, 200);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TEST ("/server/sign-in-limits/lockout-per-address", test_lockout_per_address);
  g_test_add ("/server/sign-in-limits/throttle-across-addresses", Fixture, throttle_env,
              fixture_setup, test_throttle_across_addresses, fixture_teardown);
  g_test_add ("/server/sign-in-limits/unknown-names-bounded", Fixture, unknown_env,
              fixture_setup, test_unknown_names_bounded, fixture_teardown);
  g_test_add ("/server/sign-in-limits/unknown-name-checked", Fixture, slow_hash_env,
              fixture_setup, test_unknown_name_checked, fixture_teardown);
  g_test_add ("/server/sign-in-limits/hash-queue-full", Fixture, queue_env,
              fixture_setup, test_hash_queue_full, fixture_teardown);

  return g_test_run ();
}
