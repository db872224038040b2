/* test-client-hostile.c — HrmClient against a server that means harm
 *
 * Each mode of the hostile test server (tests/common/hrm-test-hostile.c:
 * garbage, HTML, deep nesting, 50 MiB answers, endless and stalled answers, …)
 * answers GET /api/v1/me. For each the call must end within a few seconds with
 * a clear HRM_ERROR, the main loop must keep running meanwhile, the process
 * must not grow by more than the client's answer limit, and the same client
 * must work afterwards. Each mode runs in a subprocess with a time limit, so a
 * crash or a hang fails that mode alone.
 *
 * The modes under /client/hostile/strict-json/ are what only a strict JSON
 * parser refuses (json-glib accepts comments, single quotes, …): meson runs
 * them as a test of their own, client-hostile-strict-json.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-client-hostile"

#include <string.h>

#include "hrm-client-test.h"
#include "hrm-test-hostile.h"

#if defined(__SANITIZE_ADDRESS__)
# define UNDER_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define UNDER_ASAN 1
# endif
#endif
#ifndef UNDER_ASAN
# define UNDER_ASAN 0
#endif

/* The client waits this long for silence to end, and this long in all. */
#define TIMEOUT_SECONDS 1
#define DEADLINE_SECONDS 3
/* Every call ends well within this, whatever the server does. */
#define BOUND_SECONDS 10
/* The most the process may grow during one call: the answer limit, its
 * buffer's growth and the parsed tree, with room to spare. */
#define MAX_GROWTH (4 * HRM_CLIENT_MAX_ANSWER_SIZE)

#define UNDERSTOOD "The server sent an answer that could not be understood: "
#define TOO_LARGE "The server’s answer is too large"
#define TOO_SLOW "The server did not answer in time"
#define UNREADABLE "The server’s answer could not be read"

typedef struct
{
  const char *mode;
  HrmError    code;
  const char *message;  /* what the message starts with */
} Case;

static const Case cases[] = {
  { "garbage", HRM_ERROR_PROTOCOL, UNDERSTOOD },
  { "html", HRM_ERROR_PROTOCOL, UNDERSTOOD "It is not JSON" },
  { "nul-byte", HRM_ERROR_PROTOCOL, UNDERSTOOD },
  { "deep", HRM_ERROR_PROTOCOL, UNDERSTOOD },
  { "lone-surrogate", HRM_ERROR_PROTOCOL, UNDERSTOOD },
  { "top-array", HRM_ERROR_PROTOCOL, UNDERSTOOD },
  { "top-string", HRM_ERROR_PROTOCOL, UNDERSTOOD },
  { "wrong-id", HRM_ERROR_PROTOCOL, UNDERSTOOD "“id” must be a whole number" },
  { "wrong-connection", HRM_ERROR_PROTOCOL, UNDERSTOOD "“connection” must be an object" },
  { "missing", HRM_ERROR_PROTOCOL, UNDERSTOOD "“user_id” must be a string" },
  { "huge-string", HRM_ERROR_PROTOCOL, UNDERSTOOD "A text in it is longer than 65536 bytes" },
  { "wrong-type", HRM_ERROR_PROTOCOL, UNDERSTOOD "It is not JSON" },
  { "empty-200", HRM_ERROR_PROTOCOL, UNDERSTOOD "The body is empty" },
  { "500-garbage", HRM_ERROR_UNAVAILABLE, "The server is unavailable (error 500). Try again later." },
  { "503-huge-message", HRM_ERROR_UNAVAILABLE,
    "The server is unavailable (error 503). Try again later." },
  { "50mib-length", HRM_ERROR_PROTOCOL, TOO_LARGE },
  { "50mib-chunked", HRM_ERROR_PROTOCOL, TOO_LARGE },
  { "endless", HRM_ERROR_PROTOCOL, TOO_LARGE },
  { "trickle", HRM_ERROR_UNAVAILABLE, TOO_SLOW },
  { "stall", HRM_ERROR_UNAVAILABLE, TOO_SLOW },
  { "stall-body", HRM_ERROR_UNAVAILABLE, TOO_SLOW },
  { "gzip-bomb", HRM_ERROR_PROTOCOL, TOO_LARGE },
  { "bad-gzip", HRM_ERROR_PROTOCOL, UNDERSTOOD },
  { "not-http", HRM_ERROR_PROTOCOL, UNREADABLE },
  { "bad-chunk", HRM_ERROR_PROTOCOL, UNDERSTOOD },
  { "cut-body", HRM_ERROR_UNAVAILABLE, "The connection to the server broke off during its answer" },
};

static const Case strict_json_cases[] = {
  { "comments", HRM_ERROR_PROTOCOL, UNDERSTOOD },
  { "deep-comment", HRM_ERROR_PROTOCOL, UNDERSTOOD },
  { "single-quotes", HRM_ERROR_PROTOCOL, UNDERSTOOD },
  { "trailing-comma", HRM_ERROR_PROTOCOL, UNDERSTOOD },
  { "nul-escape", HRM_ERROR_PROTOCOL, UNDERSTOOD },
};

/* The longest the main loop went without running a heartbeat, in µs. */
typedef struct
{
  gint64 last;
  gint64 longest;
} Heartbeat;

static gboolean
on_heartbeat (gpointer user_data)
{
  Heartbeat *heartbeat = user_data;
  gint64 now = g_get_monotonic_time ();

  heartbeat->longest = MAX (heartbeat->longest, now - heartbeat->last);
  heartbeat->last = now;
  return G_SOURCE_CONTINUE;
}

static HrmClient *
sign_in (HrmTestHostile *hostile,
         const char     *mode)
{
  g_autofree char *uri = hrm_test_hostile_get_uri (hostile, mode);
  g_autoptr(HrmClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  client = hrm_client_new (uri, &error);
  g_assert_no_error (error);
  /* Before the first request: connections keep the timeout they were made with. */
  hrm_client_set_timeout (client, TIMEOUT_SECONDS);
  hrm_client_set_deadline (client, DEADLINE_SECONDS);

  hrm_client_sign_in_async (client, "admin", "whatever", NULL, hrm_client_test_keep_result, &slot);
  result = hrm_client_test_wait (&slot);
  g_assert_true (hrm_client_sign_in_finish (client, result, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&client);
}

/* A message a person can read: one short line of text, no bytes from the wire. */
static void
assert_readable (const char *message)
{
  g_assert_nonnull (message);
  g_assert_cmpuint (strlen (message), >, 10);
  g_assert_cmpuint (strlen (message), <, 300);
  g_assert_true (g_utf8_validate (message, -1, NULL));
  for (const char *p = message; *p != '\0'; p = g_utf8_next_char (p))
    g_assert_false (g_unichar_iscntrl (g_utf8_get_char (p)));
  g_assert_null (strstr (message, "AAAA"));
}

/* The same client still works: the hostile answer left nothing behind. */
static void
assert_still_works (HrmClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmUser) user = NULL;
  GAsyncResult *slot = NULL;

  hrm_client_get_user_async (client, 42, NULL, hrm_client_test_keep_result, &slot);
  result = hrm_client_test_wait (&slot);
  user = hrm_client_get_user_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hrm_user_get_user_id (user), ==, "eva.lind");
  g_assert_cmpstr (hrm_user_get_etag (user), ==, HRM_TEST_HOSTILE_ETAG);
}

static void
run_case (const Case *c)
{
  g_autoptr(HrmTestHostile) hostile = hrm_test_hostile_new ();
  g_autoptr(HrmClient) client = sign_in (hostile, c->mode);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmUser) user = NULL;
  Heartbeat heartbeat = { g_get_monotonic_time (), 0 };
  GAsyncResult *slot = NULL;
  gint64 start;
  gsize before;
  gsize peak;
  guint heartbeat_id;

  before = hrm_test_peak_memory (TRUE);
  start = g_get_monotonic_time ();
  heartbeat_id = g_timeout_add (20, on_heartbeat, &heartbeat);

  hrm_client_get_me_async (client, NULL, hrm_client_test_keep_result, &slot);
  result = hrm_client_test_wait (&slot);
  user = hrm_client_get_me_finish (client, result, NULL, &error);

  g_source_remove (heartbeat_id);
  peak = hrm_test_peak_memory (FALSE);
  /* (The subprocess's g_test_message() goes nowhere.) */
  g_printerr ("# %s: %s after %.1f s; the main loop waited at most %.2f s; peak %+.1f MiB\n",
                  c->mode, error ? error->message : "no error",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
                  heartbeat.longest / (double) G_USEC_PER_SEC,
                  ((double) peak - before) / (1024 * 1024));

  g_assert_null (user);
  g_assert_error (error, HRM_ERROR, (int) c->code);
  g_assert_true (g_str_has_prefix (error->message, c->message));
  assert_readable (error->message);
  g_assert_cmpuint (hrm_test_hostile_get_n_hostile (hostile), ==, 1);

  g_assert_cmpint (g_get_monotonic_time () - start, <, BOUND_SECONDS * G_USEC_PER_SEC);
  g_assert_cmpint (heartbeat.longest, <, 2 * G_USEC_PER_SEC);
  if (!UNDER_ASAN && before > 0)
    g_assert_cmpuint (peak - before, <, MAX_GROWTH);

  g_assert_true (hrm_client_get_signed_in (client));
  assert_still_works (client);
}

static void
test_hostile (gconstpointer data)
{
  if (g_test_subprocess ())
    {
      run_case (data);
      return;
    }

  /* A crash or a hang fails this mode alone, within the bound, and the
   * other modes still run. */
  g_test_set_nonfatal_assertions ();
  g_test_trap_subprocess (NULL, (BOUND_SECONDS + 20) * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_memory_checked (void)
{
  if (UNDER_ASAN)
    g_test_skip ("Memory growth is not measured under AddressSanitizer: its shadow memory "
                 "and quarantine inflate the peak");
  else if (hrm_test_peak_memory (TRUE) == 0)
    g_test_skip ("/proc/self/status does not tell the peak memory here");
}

/* The largest page of users the real server sends fits well within the limit. */
static void
test_large_page_fits (void)
{
  g_autoptr(HrmTestHostile) hostile = hrm_test_hostile_new ();
  g_autoptr(HrmClient) client = sign_in (hostile, "large-page");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmUsersPage) page = NULL;
  GAsyncResult *slot = NULL;

  hrm_client_list_users_async (client, NULL, HRM_CONNECTION_FILTER_ALL, HRM_ENABLED_FILTER_ALL,
                               NULL, 200, NULL, hrm_client_test_keep_result, &slot);
  result = hrm_client_test_wait (&slot);
  page = hrm_client_list_users_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 200);
  g_assert_cmpuint (g_utf8_strlen (hrm_user_get_first_name (page->items->pdata[0]), -1), ==, 200);
}

/* The caller's cancel still wins over the deadline, while the answer
 * trickles in and while the server has not answered at all. */
static void
test_cancel (gconstpointer data)
{
  g_autoptr(HrmTestHostile) hostile = hrm_test_hostile_new ();
  g_autoptr(HrmClient) client = sign_in (hostile, data);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  hrm_client_get_me_async (client, cancellable, hrm_client_test_keep_result, &slot);
  g_timeout_add_once (300, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
  result = hrm_client_test_wait (&slot);
  g_assert_null (hrm_client_get_me_finish (client, result, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  assert_still_works (client);
}

typedef struct
{
  char   *uri;
  GError *error;
  gint64  took;
} ThreadCancel;

static void
keep_in (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
cancel_now (gpointer cancellable)
{
  g_cancellable_cancel (cancellable);
  return G_SOURCE_REMOVE;
}

/* A client in a thread of its own, with its own main context (as the
 * resume's), against a server that stalls: cancelled there, while the main
 * thread waits for the thread and runs nothing. */
static gpointer
cancel_in_thread (gpointer data)
{
  ThreadCancel *run = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(HrmClient) client = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GSource) timer = g_timeout_source_new (200);
  g_autoptr(HrmUser) user = NULL;
  gint64 start;

  g_main_context_push_thread_default (context);
  client = hrm_client_new (run->uri, &run->error);
  g_assert_no_error (run->error);
  /* Longer than the test waits: only the cancel can end it in time. */
  hrm_client_set_timeout (client, 60);
  hrm_client_set_deadline (client, 60);
  hrm_client_sign_in_async (client, "admin", "whatever", NULL, keep_in, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  g_assert_true (hrm_client_sign_in_finish (client, result, &run->error));
  g_clear_object (&result);

  start = g_get_monotonic_time ();
  hrm_client_get_me_async (client, cancellable, keep_in, &result);
  g_source_set_callback (timer, cancel_now, cancellable, NULL);
  g_source_attach (timer, context);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  user = hrm_client_get_me_finish (client, result, NULL, &run->error);
  run->took = g_get_monotonic_time () - start;
  g_assert_null (user);

  g_main_context_pop_thread_default (context);
  return NULL;
}

/* The hostile server in a thread of its own too, so that the main thread
 * runs no main context while the client's thread works. */
typedef struct
{
  GMutex          lock;
  GCond           cond;
  char           *uri;
  gboolean        stop;
} ServerThread;

static gboolean
check_stop (gpointer data)
{
  ServerThread *server = data;
  gboolean stop;

  g_mutex_lock (&server->lock);
  stop = server->stop;
  g_mutex_unlock (&server->lock);
  return stop ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static gpointer
serve (gpointer data)
{
  ServerThread *server = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(HrmTestHostile) hostile = NULL;
  gboolean stop = FALSE;

  g_main_context_push_thread_default (context);
  hostile = hrm_test_hostile_new ();
  g_mutex_lock (&server->lock);
  server->uri = hrm_test_hostile_get_uri (hostile, "stall");
  g_cond_signal (&server->cond);
  g_mutex_unlock (&server->lock);
  while (!stop)
    {
      g_autoptr(GSource) tick = g_timeout_source_new (50);

      g_source_set_callback (tick, check_stop, server, NULL);
      g_source_attach (tick, context);
      g_main_context_iteration (context, TRUE);
      g_source_destroy (tick);
      g_mutex_lock (&server->lock);
      stop = server->stop;
      g_mutex_unlock (&server->lock);
    }
  g_clear_pointer (&hostile, hrm_test_hostile_free);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
test_cancel_in_thread (void)
{
  ServerThread server = { 0, };
  ThreadCancel run = { NULL, NULL, 0 };
  GThread *server_thread;
  GThread *thread;

  g_mutex_init (&server.lock);
  g_cond_init (&server.cond);
  server_thread = g_thread_new ("hostile", serve, &server);
  g_mutex_lock (&server.lock);
  while (server.uri == NULL)
    g_cond_wait (&server.cond, &server.lock);
  run.uri = g_strdup (server.uri);
  g_mutex_unlock (&server.lock);

  thread = g_thread_new ("cancel-in-thread", cancel_in_thread, &run);
  g_thread_join (thread);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (run.took, <, BOUND_SECONDS * G_USEC_PER_SEC);

  g_mutex_lock (&server.lock);
  server.stop = TRUE;
  g_mutex_unlock (&server.lock);
  g_thread_join (server_thread);
  g_clear_error (&run.error);
  g_free (run.uri);
  g_free (server.uri);
  g_mutex_clear (&server.lock);
  g_cond_clear (&server.cond);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/client/hostile/%s", cases[i].mode);

      g_test_add_data_func (path, &cases[i], test_hostile);
    }
  for (guint i = 0; i < G_N_ELEMENTS (strict_json_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/client/hostile/strict-json/%s",
                                               strict_json_cases[i].mode);

      g_test_add_data_func (path, &strict_json_cases[i], test_hostile);
    }
  g_test_add_func ("/client/hostile-peer/memory-checked", test_memory_checked);
  g_test_add_func ("/client/hostile-peer/large-page-fits", test_large_page_fits);
  g_test_add_data_func ("/client/hostile-peer/cancel/trickle", "trickle", test_cancel);
  g_test_add_data_func ("/client/hostile-peer/cancel/stall", "stall", test_cancel);
  g_test_add_func ("/client/hostile-peer/cancel/in-thread", test_cancel_in_thread);

  return g_test_run ();
}
