/* test-transport.c — hrm-server's limits on what a connection may cost
 *
 * Hand-made requests on raw sockets: bodies over 1 MiB however they are
 * framed, framing that cannot be trusted, clients too slow to finish their
 * headers or bodies, idle keep-alive connections, floods of connections, and
 * the headers every answer carries. The server runs with timeouts of a second
 * or two (HRM_SERVER_*_TIMEOUT), so every test takes a few seconds at most.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <glib/gstdio.h>
#include <string.h>

#include "server-test.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

#define MIB (1024 * 1024)

/* Short timeouts, so that a slow client is closed within the test's patience. */
static const char * const short_timeouts[] = {
  "HRM_SERVER_HEADER_TIMEOUT=1",
  "HRM_SERVER_IDLE_TIMEOUT=1",
  "HRM_SERVER_IO_TIMEOUT=1",
  "HRM_SERVER_BODY_TIMEOUT=2",
  NULL
};

static HrmTestServer *
start_server (gboolean            demo,
              const char * const *args,
              const char * const *env)
{
  g_autoptr(GError) error = NULL;
  HrmTestServer *server;

  if (!hrm_test_server_available ())
    {
      g_test_skip ("HRM_SERVER_PATH is not set: hrm-server was not built");
      return NULL;
    }

  server = hrm_test_server_new_full (demo, args, env ? env : short_timeouts, &error);
  g_assert_no_error (error);
  return server;
}

/* A TCP connection to the server from @local_ip (NULL: any), which must be a
 * loopback address; 127.0.0.2 and up stand for other clients. */
static GSocketConnection *
raw_connect (HrmTestServer *server,
             const char    *local_ip)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (hrm_test_server_get_uri (server), G_URI_FLAGS_NONE, NULL);
  GSocketConnection *connection;

  g_socket_client_set_timeout (client, 5);
  if (local_ip != NULL)
    {
      g_autoptr(GSocketAddress) local = g_inet_socket_address_new_from_string (local_ip, 0);

      g_socket_client_set_local_address (client, local);
    }
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (uri),
                                                NULL, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 5);
  return connection;
}

/* Sends all of @data; FALSE when the server has closed the connection. */
static gboolean
raw_send (GSocketConnection *connection,
          const char        *data,
          gsize              length)
{
  GSocket *socket = g_socket_connection_get_socket (connection);

  while (length > 0)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_send (socket, data, length, NULL, &error);

      if (n <= 0)
        {
          g_test_message ("send: %s", error ? error->message : "nothing sent");
          return FALSE;
        }
      data += n;
      length -= n;
    }
  return TRUE;
}

static gboolean
raw_send_text (GSocketConnection *connection,
               const char        *text)
{
  return raw_send (connection, text, strlen (text));
}

/* Reads what arrives within @timeout_ms, up to the end of the connection.
 * *@out_closed tells whether the server closed it (end of stream or reset). */
static char *
raw_read (GSocketConnection *connection,
          guint              timeout_ms,
          gboolean          *out_closed)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;
  g_autoptr(GString) text = g_string_new (NULL);

  *out_closed = FALSE;
  for (guint i = 0; i < 100000; i++)
    {
      g_autoptr(GError) error = NULL;
      char buffer[4096];
      gint64 left = deadline - g_get_monotonic_time ();
      gssize n;

      if (left <= 0 || !g_socket_condition_timed_wait (socket, G_IO_IN, left, NULL, NULL))
        break;
      n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);
      if (n <= 0)
        {
          *out_closed = TRUE;
          break;
        }
      g_string_append_len (text, buffer, n);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Whether the server closes @connection within @timeout_ms (reading and
 * dropping whatever it sends before). */
static gboolean
closed_within (GSocketConnection *connection,
               guint              timeout_ms)
{
  gboolean closed;
  g_autofree char *text = raw_read (connection, timeout_ms, &closed);

  return closed;
}

/* Reads the answer, which must come within 3 s, start with "HTTP/1.1 @status"
 * and end with the connection (libsoup's own 400 for a request it cannot parse
 * says nothing about that, but closes too). */
static void
assert_answer_and_close (GSocketConnection *connection,
                         guint              status)
{
  g_autofree char *prefix = g_strdup_printf ("HTTP/1.1 %u ", status);
  gint64 start = g_get_monotonic_time ();
  gboolean closed;
  g_autofree char *text = raw_read (connection, 3000, &closed);
  char *end = strstr (text, "\r\n");

  g_test_message ("after %" G_GINT64_FORMAT " ms: %.*s", (g_get_monotonic_time () - start) / 1000,
                  end ? (int) (end - text) : (int) strlen (text), text);
  g_assert_true (g_str_has_prefix (text, prefix));
  g_assert_nonnull (strstr (text, "\r\nX-Content-Type-Options: nosniff\r\n"));
  g_assert_true (closed);
}

static const char *
request_head (const char *method,
              const char *path)
{
  static char head[256];

  g_snprintf (head, sizeof head, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n", method, path);
  return head;
}

/* Content-Lengths that do not fit, are over the limit or are not numbers get
 * their answer at once, before the body, whatever of it is sent. */
static void
test_content_length_refused (void)
{
  static const struct { const char *value; guint status; } cases[] = {
    { "18446744073709551615", 413 },
    { "99999999999999999999", 413 },
    { "1048577", 413 },
    { "-1", 400 },
    { "12abc", 400 },
    { "", 400 },
  };
  g_autoptr(HrmTestServer) server = start_server (FALSE, NULL, NULL);
  g_autofree char *filler = g_strnfill (64 * 1024, 'a');

  if (server == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GSocketConnection) connection = raw_connect (server, NULL);
      g_autofree char *head =
        g_strdup_printf ("%sContent-Type: application/x-www-form-urlencoded\r\n"
                         "Content-Length: %s\r\n\r\n",
                         request_head ("POST", "/oauth/token"), cases[i].value);

      g_test_message ("Content-Length: %s", cases[i].value);
      g_assert_true (raw_send_text (connection, head));
      raw_send (connection, filler, strlen (filler));
      assert_answer_and_close (connection, cases[i].status);
    }
}

/* Framing that two parsers could read two ways is refused: two
 * Content-Lengths, or a Content-Length beside Transfer-Encoding. */
static void
test_ambiguous_framing_refused (void)
{
  static const char *cases[] = {
    "Content-Length: 5\r\nContent-Length: 50\r\n",
    "Content-Length: 5\r\nContent-Length: 5\r\n",
    "Content-Length: 5, 50\r\n",
    "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
    "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
  };
  g_autoptr(HrmTestServer) server = start_server (FALSE, NULL, NULL);

  if (server == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GSocketConnection) connection = raw_connect (server, NULL);
      g_autofree char *head =
        g_strdup_printf ("%sContent-Type: application/x-www-form-urlencoded\r\n%s\r\n"
                         "5\r\naaaaa\r\n0\r\n\r\n",
                         request_head ("POST", "/oauth/token"), cases[i]);

      g_test_message ("%s", cases[i]);
      g_assert_true (raw_send_text (connection, head));
      assert_answer_and_close (connection, 400);
    }
}

/* The server's peak memory (VmHWM) in KiB. */
static gint64
server_peak_kib (HrmTestServer *server)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", hrm_test_server_get_pid (server));
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtoll (line + strlen ("VmHWM:"), NULL, 10);
}

/* The server's open file descriptors. */
static guint
server_fds (HrmTestServer *server)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/fd", hrm_test_server_get_pid (server));
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Streams a chunked body of up to 200 MiB, in 1 MiB chunks or as one chunk
 * that announces 1 GiB, until the server answers. The answer is 413,
 * it comes long before 200 MiB are sent, the connection closes, and the
 * server's memory does not grow by the body. */
static void
test_chunked_body_cut_off (void)
{
  static const char *shapes[] = { "1 MiB chunks", "one endless chunk" };
  g_autoptr(HrmTestServer) server = start_server (FALSE, NULL, NULL);
  g_autofree char *filler = g_strnfill (MIB, 'a');
  gint64 peak_before;

  if (server == NULL)
    return;

  peak_before = server_peak_kib (server);

  for (guint shape = 0; shape < G_N_ELEMENTS (shapes); shape++)
    {
      g_autoptr(GSocketConnection) connection = raw_connect (server, NULL);
      GSocket *socket = g_socket_connection_get_socket (connection);
      g_autofree char *head =
        g_strdup_printf ("%sContent-Type: application/x-www-form-urlencoded\r\n"
                         "Transfer-Encoding: chunked\r\n\r\n%s",
                         request_head ("POST", "/oauth/token"),
                         shape == 0 ? "" : "40000000\r\n");
      gsize sent = 0;

      g_test_message ("%s", shapes[shape]);
      g_assert_true (raw_send_text (connection, head));
      while (sent < 200 * MIB && !g_socket_condition_check (socket, G_IO_IN))
        {
          if (shape == 0 && !raw_send_text (connection, "100000\r\n"))
            break;
          if (!raw_send (connection, filler, MIB))
            break;
          if (shape == 0 && !raw_send_text (connection, "\r\n"))
            break;
          sent += MIB;
        }
      g_test_message ("sent %" G_GSIZE_FORMAT " MiB before the answer", sent / MIB);
      g_assert_cmpuint (sent, <, 100 * MIB);
      assert_answer_and_close (connection, 413);
    }

#ifdef UNDER_ASAN
  g_test_skip ("Built with AddressSanitizer: its allocator makes memory figures meaningless");
#else
  g_test_message ("peak memory %" G_GINT64_FORMAT " KiB before, %" G_GINT64_FORMAT " KiB after",
                  peak_before, server_peak_kib (server));
  g_assert_cmpint (server_peak_kib (server) - peak_before, <, 30 * 1024);
#endif
}

/* A client that waits for "100 Continue" gets 413 instead and sends nothing. */
static void
test_expect_continue_refused (void)
{
  g_autoptr(HrmTestServer) server = start_server (FALSE, NULL, NULL);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autofree char *head = NULL;

  if (server == NULL)
    return;

  connection = raw_connect (server, NULL);
  head = g_strdup_printf ("%sContent-Type: application/x-www-form-urlencoded\r\n"
                          "Content-Length: %d\r\nExpect: 100-continue\r\n\r\n",
                          request_head ("POST", "/oauth/token"), 200 * MIB);
  g_assert_true (raw_send_text (connection, head));
  assert_answer_and_close (connection, 413);
}

/* A small chunked body still gets through to the route. */
static void
test_small_chunked_body_works (void)
{
  g_autoptr(HrmTestServer) server = start_server (FALSE, NULL, NULL);
  g_autoptr(GSocketConnection) connection = NULL;
  const char *form = "grant_type=nonsense";
  g_autofree char *request = NULL;
  g_autofree char *text = NULL;
  gboolean closed;

  if (server == NULL)
    return;

  connection = raw_connect (server, NULL);
  request = g_strdup_printf ("%sContent-Type: application/x-www-form-urlencoded\r\n"
                             "Transfer-Encoding: chunked\r\n\r\n%zx\r\n%s\r\n0\r\n\r\n",
                             request_head ("POST", "/oauth/token"), strlen (form), form);
  g_assert_true (raw_send_text (connection, request));
  text = raw_read (connection, 500, &closed);
  g_assert_true (g_str_has_prefix (text, "HTTP/1.1 400 "));
  g_assert_nonnull (strstr (text, "unsupported_grant_type"));
}

/* Headers that never end, and a connection that says nothing, are closed
 * once the header timeout (1 s here) has passed, even when bytes trickle in. */
static void
test_slow_headers_closed (void)
{
  g_autoptr(HrmTestServer) server = start_server (FALSE, NULL, NULL);
  g_autoptr(GSocketConnection) trickling = NULL;
  g_autoptr(GSocketConnection) silent = NULL;
  gint64 start;
  gboolean closed = FALSE;

  if (server == NULL)
    return;

  silent = raw_connect (server, NULL);
  trickling = raw_connect (server, NULL);
  start = g_get_monotonic_time ();
  g_assert_true (raw_send_text (trickling, request_head ("GET", "/nothing")));
  for (guint i = 0; i < 40 && !closed; i++)
    {
      if (!raw_send_text (trickling, "X-Slow: a\r\n"))
        break;
      closed = closed_within (trickling, 100);
    }
  g_test_message ("closed after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);

  g_assert_true (closed_within (silent, 1000));
}

/* A body shorter than its Content-Length (the client stops sending) is closed
 * after the inactivity timeout; one that trickles in after the body timeout. */
static void
test_slow_body_closed (void)
{
  g_autoptr(HrmTestServer) server = start_server (FALSE, NULL, NULL);
  g_autoptr(GSocketConnection) short_body = NULL;
  g_autoptr(GSocketConnection) trickling = NULL;
  g_autofree char *head = NULL;
  gint64 start;
  gboolean closed = FALSE;

  if (server == NULL)
    return;

  head = g_strdup_printf ("%sContent-Type: application/x-www-form-urlencoded\r\n"
                          "Content-Length: 1000\r\n\r\n", request_head ("POST", "/oauth/token"));

  short_body = raw_connect (server, NULL);
  g_assert_true (raw_send_text (short_body, head));
  g_assert_true (raw_send_text (short_body, "grant_type="));
  g_assert_true (closed_within (short_body, 2500));

  trickling = raw_connect (server, NULL);
  start = g_get_monotonic_time ();
  g_assert_true (raw_send_text (trickling, head));
  for (guint i = 0; i < 50 && !closed; i++)
    {
      if (!raw_send_text (trickling, "a"))
        break;
      closed = closed_within (trickling, 200);
    }
  g_test_message ("closed after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);
  g_assert_true (closed);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
}

/* A keep-alive connection that stays idle after its answer is closed after
 * the idle timeout. */
static void
test_idle_keep_alive_closed (void)
{
  g_autoptr(HrmTestServer) server = start_server (FALSE, NULL, NULL);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autofree char *request = NULL;
  g_autofree char *text = NULL;
  gboolean closed;

  if (server == NULL)
    return;

  connection = raw_connect (server, NULL);
  request = g_strdup_printf ("%s\r\n", request_head ("GET", "/nothing"));

  /* Two requests on it work: keep-alive itself is fine. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *answer = NULL;

      g_assert_true (raw_send_text (connection, request));
      answer = raw_read (connection, 300, &closed);
      g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 404 "));
      g_assert_false (closed);
    }

  text = raw_read (connection, 3000, &closed);
  g_assert_true (closed);
}

/* Keep-alive connections that their clients close after an answer are
 * closed on the server too (libsoup 3.2 alone keeps their file descriptors
 * for ever), and stop counting against the connection limits. */
static void
test_closed_keep_alive_released (void)
{
  const char *args[] = { "--max-connections-per-client", "5", NULL };
  g_autoptr(HrmTestServer) server = start_server (FALSE, args, NULL);
  g_autofree char *request = NULL;
  guint fds_before;
  guint fds = 0;

  if (server == NULL)
    return;

  fds_before = server_fds (server);
  request = g_strdup_printf ("%s\r\n", request_head ("GET", "/nothing"));
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(GSocketConnection) connection = raw_connect (server, NULL);
      g_autofree char *answer = NULL;
      gboolean closed;

      g_assert_true (raw_send_text (connection, request));
      answer = raw_read (connection, 200, &closed);
      g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 404 "));
    }

  for (guint i = 0; i < 50 && (fds = server_fds (server)) > fds_before; i++)
    g_usleep (20 * G_TIME_SPAN_MILLISECOND);
  g_test_message ("%u fds before, %u after", fds_before, fds);
  g_assert_cmpuint (fds, <=, fds_before);
}

/* A sign-in that waits for the password hashing threads longer than the
 * inactivity and body timeouts is answered all the same. */
static void
test_slow_sign_in_not_cut (void)
{
  const guint n = 8;
  g_autoptr(HrmTestServer) server = start_server (TRUE, NULL, NULL);
  g_autoptr(GPtrArray) connections = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *form = NULL;
  g_autofree char *request = NULL;
  gint64 start;

  if (server == NULL)
    return;

  form = g_strdup_printf ("grant_type=password&username=admin&password=%s", HRM_TEST_PASSWORD);
  request = g_strdup_printf ("%sContent-Type: application/x-www-form-urlencoded\r\n"
                             "Content-Length: %zu\r\n\r\n%s",
                             request_head ("POST", "/oauth/token"), strlen (form), form);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      GSocketConnection *connection = raw_connect (server, NULL);

      g_ptr_array_add (connections, connection);
      g_assert_true (raw_send_text (connection, request));
    }
  for (guint i = 0; i < n; i++)
    {
      GSocket *socket = g_socket_connection_get_socket (connections->pdata[i]);
      g_autofree char *text = NULL;
      gboolean closed;

      g_assert_true (g_socket_condition_timed_wait (socket, G_IO_IN, 30 * G_USEC_PER_SEC,
                                                    NULL, NULL));
      text = raw_read (connections->pdata[i], 200, &closed);
      g_assert_true (g_str_has_prefix (text, "HTTP/1.1 200 "));
    }
  g_test_message ("%u sign-ins took %" G_GINT64_FORMAT " ms", n,
                  (g_get_monotonic_time () - start) / 1000);
}

/* Opens @n connections from 127.0.0.@first and up, @per_ip from each
 * address, that send half a request head and wait; adds them to
 * @connections. */
static void
flood (HrmTestServer *server,
       GPtrArray     *connections,
       guint          n,
       guint          first,
       guint          per_ip)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *ip = g_strdup_printf ("127.0.0.%u", first + i / per_ip);
      GSocketConnection *connection = raw_connect (server, ip);

      g_ptr_array_add (connections, connection);
      raw_send_text (connection, "GET /nothing HTTP/1.1\r\nHo");
    }
}

/* The server's answer to a well-behaved client from 127.0.0.1: the status, or
 * 0 when the connection closed without one. */
static guint
polite_request (HrmTestServer *server)
{
  g_autoptr(GSocketConnection) connection = raw_connect (server, NULL);
  g_autofree char *request = g_strdup_printf ("%sConnection: close\r\n\r\n",
                                              request_head ("GET", "/nothing"));
  g_autofree char *text = NULL;
  gboolean closed;

  raw_send_text (connection, request);
  text = raw_read (connection, 3000, &closed);
  g_test_message ("polite request: %.12s", text);
  if (!g_str_has_prefix (text, "HTTP/1.1 "))
    return 0;
  return (guint) g_ascii_strtoull (text + strlen ("HTTP/1.1 "), NULL, 10);
}

/* One client address cannot hold more than its share of connections, and all
 * clients together not more than --max-connections: beyond them a connection
 * gets 503 or is closed at once, the server's file descriptors stay bounded,
 * and it serves again when the flood stops. */
static void
test_connection_caps (void)
{
  const char *args[] = { "--max-connections", "40", "--max-connections-per-client", "10", NULL };
  const char *env[] = { "HRM_SERVER_HEADER_TIMEOUT=30", NULL };
  g_autoptr(HrmTestServer) server = start_server (FALSE, args, env);
  g_autoptr(GPtrArray) connections = g_ptr_array_new_with_free_func (g_object_unref);
  guint fds_before;
  guint status;

  if (server == NULL)
    return;

  fds_before = server_fds (server);

  /* 300 half-open connections from one other client. */
  flood (server, connections, 300, 2, 300);
  g_usleep (200 * G_TIME_SPAN_MILLISECOND);
  g_test_message ("%u fds before, %u during a flood from one client",
                  fds_before, server_fds (server));
  g_assert_cmpuint (server_fds (server), <=, fds_before + 10 + 5);
  g_assert_cmpuint (polite_request (server), ==, 404);

  /* 100 more from ten others, ten each: past the total. */
  flood (server, connections, 100, 3, 10);
  g_usleep (200 * G_TIME_SPAN_MILLISECOND);
  g_test_message ("%u fds during a flood from eleven clients", server_fds (server));
  g_assert_cmpuint (server_fds (server), <=, fds_before + 40 + 5);
  status = polite_request (server);
  g_assert_true (status == 503 || status == 404 || status == 0);

  /* The flood stops; the server serves again. */
  g_ptr_array_set_size (connections, 0);
  for (guint i = 0; i < 30 && (status = polite_request (server)) != 404; i++)
    g_usleep (100 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (status, ==, 404);
}
static gboolean
accept_any (GTlsConnection       *connection,
            GTlsCertificate      *certificate,
            GTlsCertificateFlags  errors,
            gpointer              user_data)
{
  return TRUE;
}

/* Over TLS the header timeout also bounds the handshake. One handshake takes
 * about 0.6 s in a sanitizer build (under 50 ms otherwise), so here the
 * timeout is a few handshakes long rather than the 1 s of the other tests. */
#define TLS_HEADER_TIMEOUT_S 3

/* Over TLS too, a Content-Length over the limit is answered at once and the
 * connection closed, and a client that never completes a handshake is closed
 * after the header timeout. */
static void
test_tls_limits (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *certs = NULL;
  g_autoptr(HrmTestServer) server = NULL;
  g_autoptr(GSocketConnection) silent = NULL;
  g_autoptr(GSocketConnection) tcp = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *head = NULL;
  GInputStream *in;
  gboolean closed = FALSE;
  gint64 start;
  gint64 silent_since;
  gint64 left_ms;

  if (!hrm_test_server_available ())
    {
      g_test_skip ("HRM_SERVER_PATH is not set: hrm-server was not built");
      return;
    }

  certs = g_dir_make_tmp ("hrm-test-transport-XXXXXX", &error);
  g_assert_no_error (error);
  hrm_test_make_certificate (certs, &cert, &key, &error);
  g_assert_no_error (error);
  {
    const char *args[] = { "--tls-cert", cert, "--tls-key", key, NULL };
    g_autofree char *header_timeout =
      g_strdup_printf ("HRM_SERVER_HEADER_TIMEOUT=%u", TLS_HEADER_TIMEOUT_S);
    const char *env[] = { header_timeout, "HRM_SERVER_IDLE_TIMEOUT=1", "HRM_SERVER_IO_TIMEOUT=1",
                          "HRM_SERVER_BODY_TIMEOUT=2", NULL };

    server = start_server (FALSE, args, env);
  }

  /* The header timeout runs from the TCP connection and includes the
   * handshake, so only the handshake may count: this process loads its TLS
   * backend and the system's trusted certificates (to verify, before
   * accept-certificate) on first use, before connecting. */
  g_assert_nonnull (g_tls_backend_get_default_database (g_tls_backend_get_default ()));

  silent = raw_connect (server, NULL);
  silent_since = g_get_monotonic_time ();

  tcp = raw_connect (server, NULL);
  start = g_get_monotonic_time ();
  tls = g_tls_client_connection_new (G_IO_STREAM (tcp), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_any), NULL);
  g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, &error);
  g_test_message ("handshake took %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);
  g_assert_no_error (error);

  head = g_strdup_printf ("%sContent-Type: application/x-www-form-urlencoded\r\n"
                          "Content-Length: 18446744073709551615\r\n\r\naaaa",
                          request_head ("POST", "/oauth/token"));
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (tls), head,
                                            strlen (head), NULL, NULL, &error));
  g_assert_no_error (error);

  in = g_io_stream_get_input_stream (tls);
  for (guint i = 0; i < 100 && !closed; i++)
    {
      g_autoptr(GError) read_error = NULL;
      char buffer[4096];
      gssize n = g_input_stream_read (in, buffer, sizeof buffer, NULL, &read_error);

      if (n <= 0)
        closed = TRUE;
      else
        g_string_append_len (text, buffer, n);
    }
  g_assert_true (g_str_has_prefix (text->str, "HTTP/1.1 413 "));
  g_assert_true (closed);

  /* Closed once the header timeout has passed since it connected (with a
   * second's slack for a busy machine), whatever this test did meanwhile;
   * if that is past already, it must be closed by now (reading the end of
   * a closed connection takes no time). */
  left_ms = (silent_since - g_get_monotonic_time ()) / 1000 + (TLS_HEADER_TIMEOUT_S + 1) * 1000;
  g_assert_true (closed_within (silent, MAX (left_ms, 100)));

  g_clear_pointer (&server, hrm_test_server_free);
  g_unlink (cert);
  g_unlink (key);
  g_rmdir (certs);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/transport/content-length-refused", test_content_length_refused);
  g_test_add_func ("/server/transport/ambiguous-framing-refused", test_ambiguous_framing_refused);
  g_test_add_func ("/server/transport/chunked-body-cut-off", test_chunked_body_cut_off);
  g_test_add_func ("/server/transport/expect-continue-refused", test_expect_continue_refused);
  g_test_add_func ("/server/transport/small-chunked-body-works", test_small_chunked_body_works);
  g_test_add_func ("/server/transport/slow-headers-closed", test_slow_headers_closed);
  g_test_add_func ("/server/transport/slow-body-closed", test_slow_body_closed);
  g_test_add_func ("/server/transport/idle-keep-alive-closed", test_idle_keep_alive_closed);
  g_test_add_func ("/server/transport/closed-keep-alive-released", test_closed_keep_alive_released);
  g_test_add_func ("/server/transport/slow-sign-in-not-cut", test_slow_sign_in_not_cut);
  g_test_add_func ("/server/transport/connection-caps", test_connection_caps);
  g_test_add_func ("/server/transport/tls-limits", test_tls_limits);

  return g_test_run ();
}
