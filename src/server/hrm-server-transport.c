/* hrm-server-transport.c — what one connection may cost hrm-server
 *
 * libsoup 3.2's server has no limits of its own: it reads any body to its end
 * before a handler runs (even one it will refuse), waits for ever for headers
 * or a body that never finish, keeps idle connections open and accepts as
 * many as come (when accept() then fails for want of file descriptors it
 * stops listening for good). So hrm-server watches every connection from the
 * "request-started" signal on:
 *
 * - Framing: a Content-Length that is not one plain number is refused with 400,
 *   so is one beside Transfer-Encoding (two parsers could read two different
 *   bodies); one over 1 MiB gets 413 before any of the body is read; a chunked
 *   body gets 413 as soon as more than 1 MiB has arrived. POST
 *   /api/v1/bulk-jobs alone may send up to 16 MiB (an imported file's rows;
 *   hrm_http_max_body_for()). A refused request is
 *   answered at once on the stolen connection, which then closes: the rest of
 *   the body is never kept, and only read (and dropped) for a moment so that
 *   the client sees the answer.
 * - Time: a request head must be complete within the header timeout (10 s)
 *   of the connection (TLS handshake included), or on a keep-alive connection
 *   of its first bytes (libsoup 3.2 starts a request then); between requests
 *   a connection may stay idle for the idle timeout (30 s). A body must be
 *   complete within the body timeout (30 s) of its head, and while a body or
 *   an answer moves, no pause may be longer than the I/O timeout (10 s). A
 *   request being handled (a sign-in hashing a password on a worker thread)
 *   reads and writes nothing and is not limited.
 *   The HRM_SERVER_{HEADER,IDLE,BODY,IO}_TIMEOUT environment variables (in
 *   seconds) shorten them for tests.
 * - Numbers: at most max_connections connections at once, and at most
 *   max_per_client from one address; beyond that a connection gets 503 (over
 *   HTTPS it is only closed: there is no TLS session yet to answer in).
 *
 * A connection past its deadline is shut down (not closed: libsoup still owns
 * the file descriptor and closes it when it sees the end of the stream),
 * except between requests, where libsoup 3.2 never closes it: see
 * on_idle_readable().
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-server"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/socket.h>

#include "hrm-json.h"
#include "hrm-server-private.h"

typedef struct
{
  HrmServer   *server;         /* borrowed: the server forgets every connection in shutdown */
  GSocket     *socket;         /* weak: gone when libsoup has closed the connection */
  char        *client;         /* the peer's address, the key of per_client */
  guint        requests;       /* requests started on it */
  guint        deadline_id;    /* the current header, idle or body deadline */
  GSource     *idle_watch;     /* between requests: has the client closed it? */
  const char  *waiting_for;    /* what the deadline is for (static, for the log) */
  gsize        body_received;  /* of the current request */
  gboolean     refusing;       /* answered by hand, counts until closed */
} HrmConnection;

/* An answer written by hand on a stolen connection, which then closes. */
typedef struct
{
  HrmServer    *server;
  GIOStream    *stream;
  GSocket      *socket;       /* under the stream (and its TLS, if any) */
  gboolean      tls;
  GBytes       *answer;
  GCancellable *cancellable;  /* cancelled when the refusal takes too long */
  guint         timeout_id;
  gsize         drained;
  guchar        buffer[16384];
} HrmRefusal;

/* After the answer, what the client still sends is read and dropped for a
 * moment: a client that writes its whole body before it reads (most do)
 * then gets the answer rather than a reset. Bounded in bytes and time. */
#define REFUSAL_DRAIN_BYTES   (8 * 1024 * 1024)
#define REFUSAL_SECONDS       2

static void
stop_idle_watch (HrmConnection *conn)
{
  if (conn->idle_watch != NULL)
    {
      g_source_destroy (conn->idle_watch);
      g_clear_pointer (&conn->idle_watch, g_source_unref);
    }
}

static void
hrm_connection_free (HrmConnection *conn)
{
  g_clear_handle_id (&conn->deadline_id, g_source_remove);
  stop_idle_watch (conn);
  g_free (conn->client);
  g_free (conn);
}

static void on_socket_gone (gpointer data, GObject *where_the_socket_was);

static void
forget_connection (HrmConnection *conn,
                   gboolean       socket_gone)
{
  HrmServer *self = conn->server;
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_client, conn->client));

  g_debug ("Connection from %s closed", conn->client);
  if (!socket_gone)
    g_object_weak_unref (G_OBJECT (conn->socket), on_socket_gone, conn);

  if (n > 1)
    g_hash_table_insert (self->per_client, g_strdup (conn->client), GUINT_TO_POINTER (n - 1));
  else
    g_hash_table_remove (self->per_client, conn->client);
  g_hash_table_remove (self->connections, conn->socket);
}

static void
on_socket_gone (gpointer  data,
                GObject  *where_the_socket_was)
{
  forget_connection (data, TRUE);
}

static HrmConnection *
lookup_connection (HrmServer         *self,
                   SoupServerMessage *msg)
{
  GSocket *socket;

  if (self->connections == NULL)
    return NULL;
  socket = soup_server_message_get_socket (msg);
  return socket ? g_hash_table_lookup (self->connections, socket) : NULL;
}

static gboolean
on_deadline (gpointer user_data)
{
  HrmConnection *conn = user_data;

  conn->deadline_id = 0;
  g_debug ("Closing a connection from %s: its %s took too long", conn->client, conn->waiting_for);
  g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

static void
set_deadline (HrmConnection *conn,
              guint          seconds,
              const char    *waiting_for)
{
  g_clear_handle_id (&conn->deadline_id, g_source_remove);
  conn->waiting_for = waiting_for;
  if (seconds > 0)
    conn->deadline_id = g_timeout_add (MIN (seconds, G_MAXUINT / 1000) * 1000, on_deadline, conn);
}

/* A complete HTTP/1.1 answer with the API's error body that ends the
 * connection. */
static GBytes *
build_answer (guint       status,
              const char *code,
              const char *message)
{
  g_autoptr(JsonNode) node = hrm_api_error_new (code, message, NULL);
  g_autofree char *body = hrm_json_to_string (node);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = soup_date_time_to_string (now, SOUP_DATE_HTTP);
  GString *text = g_string_new (NULL);

  g_string_append_printf (text,
                          "HTTP/1.1 %u %s\r\n"
                          "Date: %s\r\n"
                          "Server: hrm-server\r\n"
                          "Content-Type: application/json; charset=utf-8\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "Cache-Control: no-store\r\n"
                          "X-Content-Type-Options: nosniff\r\n"
                          "%s"
                          "Connection: close\r\n"
                          "\r\n"
                          "%s",
                          status, soup_status_get_phrase (status), date, strlen (body),
                          status == SOUP_STATUS_SERVICE_UNAVAILABLE ? "Retry-After: 1\r\n" : "",
                          body);
  return g_string_free_to_bytes (text);
}

/* Until its refusal has closed it, a connection counts against the limits. */
static void
forget_refused (HrmServer *self,
                GSocket   *socket)
{
  HrmConnection *conn;

  if (socket != NULL && self->connections != NULL
      && (conn = g_hash_table_lookup (self->connections, socket)) != NULL)
    forget_connection (conn, FALSE);
}

static void
hrm_refusal_free (HrmRefusal *refusal)
{
  forget_refused (refusal->server, refusal->socket);
  g_clear_object (&refusal->server);
  g_clear_handle_id (&refusal->timeout_id, g_source_remove);
  g_clear_object (&refusal->stream);
  g_clear_object (&refusal->socket);
  g_clear_object (&refusal->cancellable);
  g_clear_pointer (&refusal->answer, g_bytes_unref);
  g_free (refusal);
}

static gboolean
on_refusal_timeout (gpointer user_data)
{
  HrmRefusal *refusal = user_data;

  refusal->timeout_id = 0;
  g_cancellable_cancel (refusal->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_refusal_closed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
  hrm_refusal_free (user_data);
}

static void
close_refusal (HrmRefusal *refusal)
{
  /* Without the cancellable, which may be cancelled already: closing cannot
   * wait for ever either, the socket's I/O timeout bounds it. */
  g_io_stream_close_async (refusal->stream, G_PRIORITY_DEFAULT, NULL, on_refusal_closed, refusal);
}

static void drain (HrmRefusal *refusal);

static void
on_drained (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  HrmRefusal *refusal = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n > 0 && (refusal->drained += n) < REFUSAL_DRAIN_BYTES)
    drain (refusal);
  else
    close_refusal (refusal);
}

static void
drain (HrmRefusal *refusal)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (refusal->stream),
                             refusal->buffer, sizeof refusal->buffer, G_PRIORITY_DEFAULT,
                             refusal->cancellable, on_drained, refusal);
}

static void
on_output_closed (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_output_stream_close_finish (G_OUTPUT_STREAM (source), result, NULL);
  drain (user_data);
}

static void
on_refusal_written (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  HrmRefusal *refusal = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      close_refusal (refusal);
      return;
    }

  /* The answer is complete: say so (TLS close_notify, or a TCP FIN), then
   * drain. */
  if (refusal->tls || refusal->socket == NULL)
    g_output_stream_close_async (G_OUTPUT_STREAM (source), G_PRIORITY_DEFAULT,
                                 refusal->cancellable, on_output_closed, refusal);
  else
    {
      g_socket_shutdown (refusal->socket, FALSE, TRUE, NULL);
      drain (refusal);
    }
}

/* Runs from an idle: libsoup must not be inside its own I/O when its
 * connection is stolen. */
static gboolean
steal_and_answer (gpointer user_data)
{
  g_autoptr(SoupServerMessage) msg = user_data;
  GBytes *answer = g_object_steal_data (G_OBJECT (msg), "hrm-refusal");
  HrmServer *self = g_object_get_data (G_OBJECT (msg), "hrm-server");
  GSocket *socket = g_object_get_data (G_OBJECT (msg), "hrm-socket");
  HrmRefusal *refusal;
  GIOStream *stream;

  if (socket != NULL)
    g_object_ref (socket);
  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    {
      g_bytes_unref (answer);
      forget_refused (self, socket);
      g_clear_object (&socket);
      return G_SOURCE_REMOVE;
    }

  refusal = g_new0 (HrmRefusal, 1);
  refusal->server = g_object_ref (self);
  refusal->socket = socket;
  refusal->stream = stream;
  refusal->tls = g_object_get_data (G_OBJECT (msg), "hrm-tls") != NULL;
  refusal->answer = answer;
  refusal->cancellable = g_cancellable_new ();
  refusal->timeout_id = g_timeout_add_seconds (REFUSAL_SECONDS, on_refusal_timeout, refusal);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream),
                                   g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                   G_PRIORITY_DEFAULT, refusal->cancellable,
                                   on_refusal_written, refusal);
  return G_SOURCE_REMOVE;
}

/* Answers @status at once and ends the connection without reading more of
 * the request. */
static void
refuse_request (HrmConnection     *conn,
                SoupServerMessage *msg,
                guint              status,
                const char        *code,
                const char        *message)
{
  g_debug ("Refusing a request from %s with %u: %s", conn->client, status, message);
  g_clear_handle_id (&conn->deadline_id, g_source_remove);

  /* Nothing else answers it, and libsoup reads no further. */
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_pause (msg);
  g_object_set_data_full (G_OBJECT (msg), "hrm-refusal", build_answer (status, code, message),
                          (GDestroyNotify) g_bytes_unref);
  g_object_set_data (G_OBJECT (msg), "hrm-tls",
                     GINT_TO_POINTER (conn->server->tls_certificate != NULL));
  g_object_set_data (G_OBJECT (msg), "hrm-server", conn->server);
  conn->refusing = TRUE;
  g_idle_add (steal_and_answer, g_object_ref (msg));
}

/* 0 when the request's body is framed one way only and fits the limit, else
 * the status to refuse it with and why. */
/* The largest body this request may have (hrm_http_max_body_for). */
static gsize
max_body (SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);

  return hrm_http_max_body_for (soup_server_message_get_method (msg),
                                uri != NULL ? g_uri_get_path (uri) : NULL);
}

static guint
check_framing (SoupServerMessage  *msg,
               const char        **out_code,
               const char        **out_message)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autofree char *length = g_strdup (soup_message_headers_get_list (headers, "Content-Length"));
  const char *encoding = soup_message_headers_get_list (headers, "Transfer-Encoding");

  *out_code = "bad_request";
  if (length != NULL && encoding != NULL)
    {
      *out_message = _("Send the body with either Content-Length or Transfer-Encoding, not both");
      return SOUP_STATUS_BAD_REQUEST;
    }
  if (length == NULL)
    return 0;  /* no body, or chunked: counted as it arrives */

  /* Two Content-Lengths arrive as "5, 50"; libsoup reads "-1" and numbers
   * past 2^63 as a negative length, that is, as no limit at all. */
  g_strstrip (length);
  if (length[0] == '\0' || strspn (length, "0123456789") != strlen (length))
    {
      *out_message = _("The Content-Length is not one number");
      return SOUP_STATUS_BAD_REQUEST;
    }
  if (strlen (length) > 8 || g_ascii_strtoull (length, NULL, 10) > max_body (msg))
    {
      *out_code = "payload_too_large";
      *out_message = hrm_http_too_large_message (max_body (msg));
      return SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
    }
  return 0;
}

static void
on_got_headers (SoupServerMessage *msg,
                gpointer           user_data)
{
  HrmServer *self = user_data;
  HrmConnection *conn = lookup_connection (self, msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *code;
  const char *message;
  guint status;

  if (conn == NULL)
    return;

  g_clear_handle_id (&conn->deadline_id, g_source_remove);
  g_socket_set_timeout (conn->socket, self->io_timeout);

  /* Even when libsoup has already refused the request (a bad Host), it
   * would read the body: check it all the same. */
  status = check_framing (msg, &code, &message);
  if (status != 0)
    {
      refuse_request (conn, msg, status, code, message);
      return;
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED
      || soup_message_headers_get_content_length (headers) > 0)
    set_deadline (conn, self->body_timeout, "request body");
}

static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  HrmConnection *conn = lookup_connection (user_data, msg);
  gsize max = max_body (msg);

  if (conn == NULL || conn->body_received > max)
    return;

  conn->body_received += g_bytes_get_size (chunk);
  if (conn->body_received > max)
    {
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      refuse_request (conn, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                      hrm_http_too_large_message (max));
    }
}

static void
on_got_body (SoupServerMessage *msg,
             gpointer           user_data)
{
  HrmConnection *conn = lookup_connection (user_data, msg);

  /* From here on the request is being handled; writing the answer is
   * bounded by the socket's I/O timeout. */
  if (conn != NULL)
    g_clear_handle_id (&conn->deadline_id, g_source_remove);
}

/* libsoup has closed the connection (or handed it over to be refused). Its
 * GSocket may live on for a while in references libsoup keeps, so this is
 * when it stops counting. */
static void
on_disconnected (SoupServerMessage *msg,
                 gpointer           user_data)
{
  HrmServer *self = user_data;
  GSocket *socket = g_object_get_data (G_OBJECT (msg), "hrm-socket");
  HrmConnection *conn;
  /* The socket is alive still: this runs while libsoup lets it go. */
  if (socket != NULL && self->connections != NULL
      && (conn = g_hash_table_lookup (self->connections, socket)) != NULL
      && !conn->refusing)
    forget_connection (conn, FALSE);
}

/* An idle keep-alive connection became readable: either the next request
 * begins (libsoup, at a higher priority, has started reading it already) or
 * the client has closed it, or the idle deadline has shut it down. libsoup
 * 3.2 never closes an idle connection that reached its end (fixed in 3.3 by
 * commit d20c6601), so that one is closed here. libsoup no longer polls it
 * by then, and the GSocket knows it is closed, so the file descriptor's
 * number cannot be mistaken for another. */
static gboolean
on_idle_readable (GSocket      *socket,
                  GIOCondition  condition,
                  gpointer      user_data)
{
  HrmConnection *conn = user_data;
  char byte;
  gssize n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);

  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
    return G_SOURCE_CONTINUE;
  if (n > 0)
    {
      g_clear_pointer (&conn->idle_watch, g_source_unref);
      return G_SOURCE_REMOVE;
    }

  g_socket_close (socket, NULL);
  forget_connection (conn, FALSE);  /* destroys this source */
  return G_SOURCE_REMOVE;
}

/* Answered: a keep-alive connection may now wait idle for its next request,
 * for a while. Waiting, only the deadline counts, not the I/O timeout. */
static void
on_finished (SoupServerMessage *msg,
             gpointer           user_data)
{
  HrmServer *self = user_data;
  HrmConnection *conn = lookup_connection (self, msg);

  if (conn == NULL)
    return;
  g_socket_set_timeout (conn->socket, 0);
  set_deadline (conn, self->idle_timeout, "next request");

  /* At a lower priority than libsoup's own reading, so that a request that
   * arrives has started before this looks. */
  stop_idle_watch (conn);
  conn->idle_watch = g_socket_create_source (conn->socket, G_IO_IN, NULL);
  g_source_set_priority (conn->idle_watch, G_PRIORITY_LOW);
  g_source_set_callback (conn->idle_watch, G_SOURCE_FUNC (on_idle_readable), conn, NULL);
  g_source_attach (conn->idle_watch, NULL);
}

/* Past a limit: a plain-HTTP client gets a short 503 (the socket's buffer
 * is empty, so it never blocks), then the connection is shut down and
 * libsoup closes it when it reads the end. */
static void
refuse_connection (HrmServer  *self,
                   GSocket    *socket,
                   const char *client)
{
  g_debug ("Refusing a connection from %s: %u open, %u from there", client,
           g_hash_table_size (self->connections),
           GPOINTER_TO_UINT (g_hash_table_lookup (self->per_client, client)));

  if (self->tls_certificate == NULL)
    {
      g_autoptr(GBytes) answer =
        build_answer (SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                      _("The server is busy. Try again in a moment."));

      g_socket_send_with_blocking (socket, g_bytes_get_data (answer, NULL),
                                   g_bytes_get_size (answer), FALSE, NULL, NULL);
    }
  g_socket_shutdown (socket, TRUE, TRUE, NULL);
}

static char *
peer_address (GSocket *socket)
{
  g_autoptr(GSocketAddress) address = g_socket_get_remote_address (socket, NULL);

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return g_strdup ("?");
  return g_inet_address_to_string (
    g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
}

static void
on_request_started (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  HrmServer *self = user_data;
  GSocket *socket = soup_server_message_get_socket (msg);
  HrmConnection *conn;

  if (socket == NULL || self->connections == NULL)
    return;

  conn = g_hash_table_lookup (self->connections, socket);
  if (conn == NULL)
    {
      g_autofree char *client = peer_address (socket);
      guint from_client = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_client, client));

      if (g_hash_table_size (self->connections) >= self->max_connections
          || from_client >= self->max_per_client)
        {
          refuse_connection (self, socket, client);
          return;
        }

      conn = g_new0 (HrmConnection, 1);
      conn->server = self;
      conn->socket = socket;
      conn->client = g_steal_pointer (&client);
      g_hash_table_insert (self->connections, socket, conn);
      g_hash_table_insert (self->per_client, g_strdup (conn->client),
                           GUINT_TO_POINTER (from_client + 1));
      g_object_weak_ref (G_OBJECT (socket), on_socket_gone, conn);
    }

  conn->requests++;
  conn->body_received = 0;
  stop_idle_watch (conn);

  /* libsoup 3.2 starts a keep-alive connection's next request when its
   * first bytes arrive; the first one when the connection is accepted. */
  g_socket_set_timeout (socket, 0);
  set_deadline (conn, self->header_timeout, "request head");

  g_signal_connect_object (msg, "got-headers", G_CALLBACK (on_got_headers), self, 0);
  g_signal_connect_object (msg, "got-chunk", G_CALLBACK (on_got_chunk), self, 0);
  g_signal_connect_object (msg, "got-body", G_CALLBACK (on_got_body), self, 0);
  g_signal_connect_object (msg, "finished", G_CALLBACK (on_finished), self, 0);
  g_object_set_data (G_OBJECT (msg), "hrm-socket", socket);
  g_signal_connect_object (msg, "disconnected", G_CALLBACK (on_disconnected), self, 0);
}

void
_hrm_server_transport_init (HrmServer *self)
{
  self->connections = g_hash_table_new_full (NULL, NULL, NULL,
                                             (GDestroyNotify) hrm_connection_free);
  self->per_client = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->max_connections = HRM_SERVER_MAX_CONNECTIONS;
  self->max_per_client = HRM_SERVER_MAX_CONNECTIONS_PER_CLIENT;
  self->header_timeout = _hrm_server_env_seconds ("HRM_SERVER_HEADER_TIMEOUT", 10);
  self->idle_timeout = _hrm_server_env_seconds ("HRM_SERVER_IDLE_TIMEOUT", 30);
  self->body_timeout = _hrm_server_env_seconds ("HRM_SERVER_BODY_TIMEOUT", 30);
  self->io_timeout = _hrm_server_env_seconds ("HRM_SERVER_IO_TIMEOUT", 10);

  g_signal_connect (self->soup, "request-started", G_CALLBACK (on_request_started), self);
}

/* Forgets every connection (libsoup closes them). */
void
_hrm_server_transport_shutdown (HrmServer *self)
{
  GHashTableIter iter;
  gpointer socket;

  if (self->connections == NULL)
    return;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, &socket, NULL))
    g_object_weak_unref (socket, on_socket_gone, g_hash_table_lookup (self->connections, socket));
  g_clear_pointer (&self->connections, g_hash_table_unref);
  g_clear_pointer (&self->per_client, g_hash_table_unref);
}

/**
 * hrm_server_set_connection_limits:
 * At most @max_connections connections at once, @max_per_client of them
 * from one address. Connections past either get 503 and are closed.
 */
void
hrm_server_set_connection_limits (HrmServer *self,
                                  guint      max_connections,
                                  guint      max_per_client)
{
  g_return_if_fail (HRM_IS_SERVER (self));
  g_return_if_fail (max_connections > 0 && max_per_client > 0);

  self->max_connections = max_connections;
  self->max_per_client = max_per_client;
}
