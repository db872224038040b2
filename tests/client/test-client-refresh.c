/* test-client-refresh.c — expired access tokens, rotation and a spent refresh token
 *
 * The server runs with a short HRM_SERVER_ACCESS_TOKEN_TTL, so access tokens
 * expire within seconds: waiting past that (a precondition, not a timing
 * assertion) makes the next call meet a real 401 from the real server.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-client-refresh"

#include "hrm-client-test.h"

#define CB hrm_client_test_keep_result, &slot
#define N_CONCURRENT 5

/* The server counts whole seconds: a token issued with a TTL of N seconds
 * lives for between N - 1 and N. A refreshed token must outlive the calls
 * retried with it (5 at once, slower in a sanitizer build), so N is not 1,
 * which could leave a few milliseconds. */
#define ACCESS_TOKEN_TTL_S 3

static GAsyncResult *
await (GAsyncResult **slot)
{
  GAsyncResult *result = hrm_client_test_wait (slot);

  g_test_queue_unref (result);
  return result;
}

static HrmTestServer *
start_server (void)
{
  const char *env[] = { "HRM_SERVER_ACCESS_TOKEN_TTL=" G_STRINGIFY (ACCESS_TOKEN_TTL_S), NULL };
  g_autoptr(GError) error = NULL;
  HrmTestServer *server;

  if (!hrm_test_server_available ())
    {
      g_test_skip ("no hrm-server in this build");
      return NULL;
    }

  server = hrm_test_server_new_full (TRUE, NULL, env, &error);
  g_assert_no_error (error);
  return server;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
set_true (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets the access token expire, keeping the main loop running. */
static void
let_access_token_expire (void)
{
  gboolean done = FALSE;

  g_timeout_add (ACCESS_TOKEN_TTL_S * 1000 + 200, set_true, &done);
  hrm_client_test_wait_until (is_true, &done);
}

static void
count (gpointer counter)
{
  (*(guint *) counter)++;
}

typedef struct
{
  HrmClient *client;
  guint      rotations;
  guint      signed_out;
} Counters;

static void
watch (Counters  *counters,
       HrmClient *client)
{
  counters->client = client;
  g_signal_connect_swapped (client, "notify::refresh-token", G_CALLBACK (count), &counters->rotations);
  g_signal_connect_swapped (client, "signed-out", G_CALLBACK (count), &counters->signed_out);
}

static HrmUser *
get_me (HrmClient  *client,
        GError    **error)
{
  GAsyncResult *slot = NULL;

  hrm_client_get_me_async (client, NULL, CB);
  return hrm_client_get_me_finish (client, await (&slot), NULL, error);
}

/* An expired access token is refreshed once and the call still succeeds; the
 * refresh token rotated (and was announced, for the keyring). */
static void
test_expired_access_token (void)
{
  g_autoptr(HrmTestServer) server = start_server ();
  g_autoptr(HrmClient) client = NULL;
  g_autoptr(HrmUser) me = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  Counters counters = { 0 };

  if (server == NULL)
    return;

  client = hrm_client_test_sign_in (hrm_test_server_get_uri (server), "admin");
  before = g_strdup (hrm_client_get_refresh_token (client));
  watch (&counters, client);

  let_access_token_expire ();
  me = get_me (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hrm_user_get_user_id (me), ==, "admin");

  g_assert_nonnull (hrm_client_get_refresh_token (client));
  g_assert_cmpstr (hrm_client_get_refresh_token (client), !=, before);
  g_assert_cmpuint (counters.rotations, ==, 1);
  g_assert_cmpuint (counters.signed_out, ==, 0);
  g_assert_true (hrm_client_get_signed_in (client));
}

typedef struct
{
  GAsyncResult *results[N_CONCURRENT];
} Concurrent;

static gboolean
all_done (gpointer data)
{
  Concurrent *concurrent = data;

  for (guint i = 0; i < N_CONCURRENT; i++)
    if (concurrent->results[i] == NULL)
      return FALSE;
  return TRUE;
}

/* Several calls meet the expired token at once: they share one refresh (a
 * second refresh with the spent token would sign the administrator out). */
static void
test_concurrent_refresh (void)
{
  g_autoptr(HrmTestServer) server = start_server ();
  g_autoptr(HrmClient) client = NULL;
  Concurrent concurrent = { { NULL } };
  Counters counters = { 0 };

  if (server == NULL)
    return;

  client = hrm_client_test_sign_in (hrm_test_server_get_uri (server), "admin");
  watch (&counters, client);
  let_access_token_expire ();

  for (guint i = 0; i < N_CONCURRENT; i++)
    hrm_client_get_me_async (client, NULL, hrm_client_test_keep_result, &concurrent.results[i]);
  hrm_client_test_wait_until (all_done, &concurrent);

  for (guint i = 0; i < N_CONCURRENT; i++)
    {
      g_autoptr(GAsyncResult) result = concurrent.results[i];
      g_autoptr(HrmUser) me = NULL;
      g_autoptr(GError) error = NULL;

      me = hrm_client_get_me_finish (client, result, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (hrm_user_get_user_id (me), ==, "admin");
    }

  g_assert_cmpuint (counters.rotations, ==, 1);
  g_assert_cmpuint (counters.signed_out, ==, 0);
}

/* The refresh token was revoked (signed out elsewhere): the call fails with
 * NOT_SIGNED_IN and "signed-out" tells the app to ask for the password. */
static void
test_refresh_fails (void)
{
  g_autoptr(HrmTestServer) server = start_server ();
  g_autoptr(HrmClient) client = NULL;
  g_autoptr(SoupSession) session = hrm_test_session_new ();
  g_autoptr(HrmTestResponse) revoked = NULL;
  g_autoptr(GError) error = NULL;
  Concurrent concurrent = { { NULL } };
  Counters counters = { 0 };

  if (server == NULL)
    return;

  client = hrm_client_test_sign_in (hrm_test_server_get_uri (server), "admin");
  watch (&counters, client);

  revoked = hrm_test_post_form (session, hrm_test_server_get_uri (server), "/oauth/revoke",
                                "token", hrm_client_get_refresh_token (client), NULL);
  hrm_test_assert_status (revoked, 200);

  let_access_token_expire ();

  for (guint i = 0; i < N_CONCURRENT; i++)
    hrm_client_get_me_async (client, NULL, hrm_client_test_keep_result, &concurrent.results[i]);
  hrm_client_test_wait_until (all_done, &concurrent);

  for (guint i = 0; i < N_CONCURRENT; i++)
    {
      g_autoptr(GAsyncResult) result = concurrent.results[i];
      g_autoptr(HrmUser) me = NULL;

      me = hrm_client_get_me_finish (client, result, NULL, &error);
      g_assert_null (me);
      g_assert_error (error, HRM_ERROR, HRM_ERROR_NOT_SIGNED_IN);
      g_assert_cmpstr (error->message, ==, "Your session has ended. Sign in again.");
      g_clear_error (&error);
    }

  g_assert_cmpuint (counters.signed_out, ==, 1);
  g_assert_false (hrm_client_get_signed_in (client));
  g_assert_null (hrm_client_get_refresh_token (client));

  /* Later calls fail at once, without another signed-out. */
  g_assert_null (get_me (client, &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_NOT_SIGNED_IN);
  g_assert_cmpuint (counters.signed_out, ==, 1);
}

/* A session resumed in a thread of its own, as the app resumes one while it
 * builds its window: the thread's client (its own main context) refreshes,
 * and the session moves into a client of the main thread, which then works
 * and refreshes again with the rotated token the thread was given. */
typedef struct
{
  const char *uri;
  const char *refresh_token;
  HrmClient  *target;     /* the main thread's; only take_session() touches it */
  GError     *error;
} ThreadResume;

static gpointer
resume_in_thread (gpointer data)
{
  ThreadResume *job = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  HrmClient *client;

  g_main_context_push_thread_default (context);
  client = hrm_client_new (job->uri, &job->error);
  g_assert_no_error (job->error);
  hrm_client_resume_async (client, "admin", job->refresh_token, NULL,
                           hrm_client_test_keep_result, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  if (hrm_client_resume_finish (client, result, &job->error))
    hrm_client_take_session (job->target, client);
  g_assert_false (hrm_client_get_signed_in (client));
  g_object_unref (client);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
test_taken_from_thread (void)
{
  g_autoptr(HrmTestServer) server = start_server ();
  g_autoptr(HrmClient) first = NULL;
  g_autoptr(HrmClient) client = NULL;
  g_autoptr(HrmUser) me = NULL;
  g_autoptr(HrmUser) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *rotated = NULL;
  ThreadResume job = { 0 };
  Counters counters = { 0 };

  if (server == NULL)
    return;

  /* What the keyring would hold. */
  first = hrm_client_test_sign_in (hrm_test_server_get_uri (server), "admin");
  stored = g_strdup (hrm_client_get_refresh_token (first));

  client = hrm_client_new (hrm_test_server_get_uri (server), &error);
  g_assert_no_error (error);
  job.uri = hrm_test_server_get_uri (server);
  job.refresh_token = stored;
  job.target = client;
  g_thread_join (g_thread_new ("resume", resume_in_thread, &job));
  g_assert_no_error (job.error);

  g_assert_true (hrm_client_get_signed_in (client));
  g_assert_cmpstr (hrm_client_get_username (client), ==, "admin");
  rotated = g_strdup (hrm_client_get_refresh_token (client));
  g_assert_nonnull (rotated);
  g_assert_cmpstr (rotated, !=, stored);
  watch (&counters, client);

  me = get_me (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hrm_user_get_user_id (me), ==, "admin");

  /* The access token the thread got expires: the refresh uses the token the
   * thread was given in exchange for the stored one. */
  let_access_token_expire ();
  again = get_me (client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counters.rotations, ==, 1);
  g_assert_cmpstr (hrm_client_get_refresh_token (client), !=, rotated);
  g_assert_cmpuint (counters.signed_out, ==, 0);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           user_data)
{
  g_set_object ((GSocketConnection **) user_data, connection);
  return TRUE;
}

/* The silent resume reads the keyring while its client opens the
 * connection the token's refresh will use (hrm_client_preconnect()): the
 * connection is opened at once, and nothing is sent on it. */
static void
test_preconnect_sends_nothing (void)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GSocketConnection) accepted = NULL;
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(HrmClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  GSocket *socket;
  char byte;

  any = g_inet_socket_address_new (loopback, 0);
  g_socket_listener_add_address (G_SOCKET_LISTENER (service), any, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming), &accepted);
  uri = g_strdup_printf ("http://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  client = hrm_client_new (uri, &error);
  g_assert_no_error (error);

  hrm_client_preconnect (client);
  hrm_client_test_wait_until (is_set, &accepted);

  /* Half a second of silence: no request went out on it. */
  socket = g_socket_connection_get_socket (accepted);
  g_socket_set_timeout (socket, 0);
  g_assert_false (g_socket_condition_timed_wait (socket, G_IO_IN, 500 * G_TIME_SPAN_MILLISECOND,
                                                 NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_clear_error (&error);

  /* And the client, going, closes it. */
  g_clear_object (&client);
  g_assert_true (g_socket_condition_timed_wait (socket, G_IO_IN, 10 * G_TIME_SPAN_SECOND,
                                                NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_socket_receive (socket, &byte, 1, NULL, &error), ==, 0);
  g_assert_no_error (error);
  g_socket_service_stop (service);
}

/* A keyring that takes longer than the server waits for a request (an
 * unlock prompt): the server closes the preconnected connection, and the
 * resume still succeeds on a new one. */
static void
test_preconnect_closed_by_server (void)
{
  const char *env[] = { "HRM_SERVER_HEADER_TIMEOUT=1", NULL };
  g_autoptr(HrmTestServer) server = NULL;
  g_autoptr(HrmClient) first = NULL;
  g_autoptr(HrmClient) client = NULL;
  g_autoptr(HrmUser) me = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  GAsyncResult *slot = NULL;
  gboolean waited = FALSE;

  if (!hrm_test_server_available ())
    {
      g_test_skip ("no hrm-server in this build");
      return;
    }
  server = hrm_test_server_new_full (TRUE, NULL, env, &error);
  g_assert_no_error (error);

  first = hrm_client_test_sign_in (hrm_test_server_get_uri (server), "admin");
  stored = g_strdup (hrm_client_get_refresh_token (first));
  client = hrm_client_new (hrm_test_server_get_uri (server), &error);
  g_assert_no_error (error);

  hrm_client_preconnect (client);
  g_timeout_add (2500, set_true, &waited);
  hrm_client_test_wait_until (is_true, &waited);

  hrm_client_resume_async (client, "admin", stored, NULL, CB);
  g_assert_true (hrm_client_resume_finish (client, await (&slot), &error));
  g_assert_no_error (error);
  me = get_me (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hrm_user_get_user_id (me), ==, "admin");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/refresh/expired-access-token", test_expired_access_token);
  g_test_add_func ("/client/refresh/concurrent", test_concurrent_refresh);
  g_test_add_func ("/client/refresh/fails", test_refresh_fails);
  g_test_add_func ("/client/refresh/taken-from-thread", test_taken_from_thread);
  g_test_add_func ("/client/refresh/preconnect-sends-nothing", test_preconnect_sends_nothing);
  g_test_add_func ("/client/refresh/preconnect-closed-by-server", test_preconnect_closed_by_server);

  return g_test_run ();
}
