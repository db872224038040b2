/* test-sign-in-limits.c — what stops password guessing without locking the
 * right people out: the lockout per (username, address), the throttle per
 * username across addresses, the bound on failures for unknown names, and the
 * cap on queued password hashes
 *
 * Different client addresses are different loopback addresses (all of
 * 127.0.0.0/8 is loopback on Linux): a session bound to 127.0.0.2 is
 * "another computer".
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

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

  g_test_add ("/server/sign-in-limits/hash-queue-full", Fixture, queue_env,
              fixture_setup, test_hash_queue_full, fixture_teardown);

  return g_test_run ();
}
