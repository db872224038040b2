/* hrm-test-hostile.c — a tiny HRM that misbehaves on purpose
 *
 * The modes (first path segment of the base URI):
 *
 *   good            well-formed answers everywhere
 *   large-page      GET /api/v1/users: the largest page the real server can send
 *   garbage         random bytes, as application/json
 *   html            a captive portal's HTML page (text/html, 200)
 *   nul-byte        JSON with a raw NUL byte in a string
 *   lone-surrogate  a string with \ud800 in it (json-glib's complaint quotes it)
 *   deep            {"user": [[[… 10 000 deep …]]]}
 *   top-array       [ … ] instead of an object
 *   top-string      "a string" instead of an object
 *   wrong-id        {"user": {"id": "x", …}}
 *   wrong-connection {"user": {…, "connection": 5, …}}
 *   missing         {"user": {"id": 42}} — required members missing
 *   huge-string     a user whose first name is 1 MiB long
 *   wrong-type      a well-formed body labelled text/plain
 *   empty-200       200 with an empty body
 *   500-garbage     500 with random bytes
 *   503-huge-message 503 with an error message 1 MiB long
 *   50mib-length    50 MiB, announced by Content-Length
 *   50mib-chunked   50 MiB, chunked
 *   endless         a chunked body that never ends, as fast as it goes
 *   trickle         a chunked body that never ends, one byte every 100 ms
 *   stall           nothing for 30 s, then a good answer
 *   stall-body      headers and the start of the body, then nothing
 *   gzip-bomb       50 MiB of JSON gzipped into 50 KiB
 *   bad-gzip        Content-Encoding: gzip on what is not
 *   not-http        an SSH banner instead of HTTP, then the connection closes
 *   bad-chunk       a chunked body whose chunk size is not a number
 *   cut-body        Content-Length: 1000, then 10 bytes and the connection closes
 *
 * and what a strict JSON parser must refuse (json-glib accepts all but the
 * trailing comma):
 *
 *   comments        a well-formed answer with comments in it
 *   deep-comment    {"a": SLASH-STAR " STAR-SLASH [[[… 300 000 …]]] SLASH-STAR "
 *                   STAR-SLASH}: the quotes in the comments hide the nesting from
 *                   a counter that knows strings but not comments
 *   single-quotes   'user' instead of "user"
 *   trailing-comma  {"user": {…}, "may_manage_users": true, "roles": [1, 2,]}
 *   nul-escape      a string with \u0000 in it
 *
 * Big bodies are written chunk by chunk as the client reads them, so the
 * server never holds more than one chunk.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-hostile"

#include <libsoup/soup.h>
#include <stdlib.h>
#include <string.h>

#include "hrm-test-hostile.h"

#define CHUNK_SIZE (64 * 1024)
#define FIFTY_MIB ((guint64) 50 * 1024 * 1024)
#define FOREVER G_MAXUINT64

struct _HrmTestHostile
{
  SoupServer *server;
  guint       port;
  guint       n_hostile;
  GPtrArray  *streams;  /* (element-type Stream) answers still being written or held */
};

/* An answer written over time. */
typedef struct
{
  HrmTestHostile    *hostile;   /* borrowed */
  SoupServerMessage *message;   /* owned */
  guint64            left;      /* bytes still to write; FOREVER for never */
  guint              timer;
  gulong             wrote_chunk_id;
  gulong             finished_id;
  gboolean           paused;    /* held by us (stall) */
} Stream;

static const char me_json[] =
  "{\"user\": " HRM_TEST_HOSTILE_USER_JSON ", \"may_manage_users\": true}";

static const char tokens_json[] =
  "{\"access_token\": \"a\", \"token_type\": \"Bearer\", \"expires_in\": 300,"
  " \"refresh_token\": \"r\"}";

static const char organisation_json[] =
  "{\"name\": \"Hostile AB\", \"identity_provider_name\": \"Visma Connect\","
  " \"provisioning_phase\": \"active\", \"verification_ttl_seconds\": 86400}";

static char chunk_of_a[CHUNK_SIZE];

static void
respond (SoupServerMessage *message,
         guint              status,
         const char        *content_type,
         const char        *body,
         gssize             length)
{
  soup_server_message_set_status (message, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (message, content_type, SOUP_MEMORY_COPY, body,
                                      length < 0 ? strlen (body) : (gsize) length);
}

static void
respond_take (SoupServerMessage *message,
              guint              status,
              const char        *content_type,
              char              *body,
              gsize              length)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, content_type, SOUP_MEMORY_TAKE, body, length);
}

/* ---- answers written over time ----------------------------------------- */

static void
stream_stop (Stream *stream)
{
  g_clear_handle_id (&stream->timer, g_source_remove);
  g_clear_signal_handler (&stream->wrote_chunk_id, stream->message);
  g_clear_signal_handler (&stream->finished_id, stream->message);
}

static void
stream_free (Stream *stream)
{
  stream_stop (stream);
  g_clear_object (&stream->message);
  g_free (stream);
}

static void
on_finished (SoupServerMessage *message,
             Stream            *stream)
{
  stream_stop (stream);
  g_ptr_array_remove_fast (stream->hostile->streams, stream);
}

static Stream *
stream_new (HrmTestHostile    *self,
            SoupServerMessage *message,
            guint64            length)
{
  Stream *stream = g_new0 (Stream, 1);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  stream->hostile = self;
  stream->message = g_object_ref (message);
  stream->left = length;
  stream->finished_id = g_signal_connect (message, "finished", G_CALLBACK (on_finished), stream);
  g_ptr_array_add (self->streams, stream);

  soup_server_message_set_status (message, 200, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  if (length == FOREVER)
    soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  /* What was written is forgotten: the server holds one chunk at a time. */
  soup_message_body_set_accumulate (soup_server_message_get_response_body (message), FALSE);

  return stream;
}

static void
stream_append (Stream     *stream,
               const char *data,
               gsize       length)
{
  SoupMessageBody *body = soup_server_message_get_response_body (stream->message);

  if (stream->left != FOREVER)
    {
      length = MIN (length, stream->left);
      stream->left -= length;
    }
  soup_message_body_append (body, SOUP_MEMORY_COPY, data, length);
  if (stream->left == 0)
    soup_message_body_complete (body);
}

static void
on_wrote_chunk (SoupServerMessage *message,
                Stream            *stream)
{
  if (stream->left > 0)
    stream_append (stream, chunk_of_a, sizeof chunk_of_a);
}

/* @length bytes of {"pad": "AAAA…"} (or forever), as fast as the client reads. */
static void
stream_fast (HrmTestHostile    *self,
             SoupServerMessage *message,
             guint64            length,
             gboolean           chunked)
{
  Stream *stream = stream_new (self, message, length);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  if (chunked)
    soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  else
    soup_message_headers_set_content_length (headers, length);

  stream->wrote_chunk_id = g_signal_connect (message, "wrote-chunk", G_CALLBACK (on_wrote_chunk),
                                             stream);
  stream_append (stream, "{\"pad\": \"", 9);
}

static gboolean
on_trickle (gpointer user_data)
{
  Stream *stream = user_data;

  stream_append (stream, " ", 1);
  soup_server_message_unpause (stream->message);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_stall_over (gpointer user_data)
{
  Stream *stream = user_data;

  stream->timer = 0;
  stream->paused = FALSE;
  respond (stream->message, 200, "application/json", me_json, -1);
  soup_server_message_unpause (stream->message);
  return G_SOURCE_REMOVE;
}

/* ---- raw bytes instead of HTTP ------------------------------------------ */

static void
on_raw_closed (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_io_stream_close_finish (G_IO_STREAM (object), result, NULL);
}

static void
on_raw_written (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GIOStream) connection = user_data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL);
  g_io_stream_close_async (connection, G_PRIORITY_DEFAULT, NULL, on_raw_closed, NULL);
}

/* Takes the connection away from libsoup, writes @text (static) on it and
 * closes it. @message may be gone afterwards. */
static void
answer_raw (SoupServerMessage *message,
            const char        *text)
{
  GIOStream *connection = soup_server_message_steal_connection (message);

  g_output_stream_write_all_async (g_io_stream_get_output_stream (connection), text, strlen (text),
                                   G_PRIORITY_DEFAULT, NULL, on_raw_written, connection);
}

/* ---- compressed answers --------------------------------------------------- */

/* {"user": followed by 50 MiB of spaces, gzipped: about 50 KiB on the wire. */
static GBytes *
gzip_bomb (void)
{
  static GBytes *bomb;

  if (bomb == NULL)
    {
      g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP,
                                                                     9);
      g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
      g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory,
                                                                    G_CONVERTER (compressor));
      g_autofree char *spaces = g_strnfill (CHUNK_SIZE, ' ');
      g_autoptr(GError) error = NULL;

      g_output_stream_write_all (out, "{\"user\": ", 9, NULL, NULL, &error);
      for (guint64 written = 0; written < FIFTY_MIB && error == NULL; written += CHUNK_SIZE)
        g_output_stream_write_all (out, spaces, CHUNK_SIZE, NULL, NULL, &error);
      g_output_stream_close (out, NULL, &error);
      g_assert_no_error (error);
      bomb = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
    }

  return g_bytes_ref (bomb);
}

static void
respond_gzip (SoupServerMessage *message,
              GBytes            *body)
{
  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "Content-Encoding", "gzip");
}

/* ---- the modes ------------------------------------------------------------ */

static char *
random_bytes (gsize length)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4711);
  char *data = g_malloc (length);

  for (gsize i = 0; i < length; i++)
    data[i] = (char) g_rand_int_range (rand, 0, 256);
  /* Begins like JSON, so only reading further finds out. */
  data[0] = '{';
  return data;
}

static char *
nested (const char *before,
        const char *open_comment,
        guint       depth,
        const char *close_comment,
        const char *after)
{
  GString *text = g_string_new (before);

  g_string_append (text, open_comment);
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  g_string_append (text, close_comment);
  g_string_append (text, after);
  return g_string_free (text, FALSE);
}

/* me_json with @from replaced by @to. */
static char *
me_with (const char *from,
         const char *to)
{
  g_auto(GStrv) parts = g_strsplit (me_json, from, 2);

  g_assert_nonnull (parts[1]);
  return g_strconcat (parts[0], to, parts[1], NULL);
}

/* The largest page of users the real server can send: 200 users whose every
 * text is as long as it may be, in four-byte characters. */
static char *
large_page (void)
{
  GString *text = g_string_new ("{\"items\": [");
  GString *name = g_string_new (NULL);

  for (guint i = 0; i < 200; i++)
    g_string_append (name, "\xf0\x9d\x90\x80");  /* U+1D400, four bytes */

  for (guint i = 0; i < 200; i++)
    {
      g_string_append_printf (text, "%s{\"id\": %u, \"user_id\": \"user-%u\"", i ? ", " : "", i + 1,
                              i + 1);
      for (guint j = 0; j < 6; j++)
        {
          static const char *members[] = { "alias_user_id", "signature", "card_tag_id",
                                            "external_reference", "first_name", "last_name" };
          g_string_append_printf (text, ", \"%s\": \"%s\"", members[j], name->str);
        }
      g_string_append (text, ", \"email\": null, \"enabled\": true, \"connection\": {\"state\":"
                       " \"linked\", \"email\": \"someone@example.com\", \"verified_at\":"
                       " \"2026-11-24T09:12:00Z\", \"pending_email\": null, \"sent_at\": null,"
                       " \"expires_at\": null}, \"updated_at\": \"2026-11-24T09:12:00Z\"}");
    }
  g_string_append (text, "], \"next_cursor\": null, \"total\": 200}");
  g_string_free (name, TRUE);
  return g_string_free (text, FALSE);
}

static void
answer_hostile (HrmTestHostile    *self,
                SoupServerMessage *message,
                const char        *mode)
{
  const char *json = "application/json";

  self->n_hostile++;

  if (g_str_equal (mode, "good"))
    {
      gboolean patch = g_str_equal (soup_server_message_get_method (message), "PATCH");

      respond (message, 200, json, patch ? HRM_TEST_HOSTILE_USER_JSON : me_json, -1);
      if (patch)
        soup_message_headers_replace (soup_server_message_get_response_headers (message), "ETag",
                                      "\"v2\"");
    }
  else if (g_str_equal (mode, "large-page"))
    {
      char *body = large_page ();

      respond_take (message, 200, json, body, strlen (body));
    }
  else if (g_str_equal (mode, "garbage"))
    respond_take (message, 200, json, random_bytes (4096), 4096);
  else if (g_str_equal (mode, "html"))
    respond (message, 200, "text/html",
             "<!DOCTYPE html><html><head><title>Sign in to the Wi-Fi</title></head>"
             "<body><form><input name=\"room\"></form></body></html>", -1);
  else if (g_str_equal (mode, "nul-byte"))
    {
      static const char body[] = "{\"user\": \"a\0b\", \"may_manage_users\": true}";

      respond (message, 200, json, body, sizeof body - 1);
    }
  else if (g_str_equal (mode, "deep"))
    {
      char *body = nested ("{\"user\": ", "", 10000, "", ", \"may_manage_users\": true}");

      respond_take (message, 200, json, body, strlen (body));
    }
  else if (g_str_equal (mode, "top-array"))
    respond (message, 200, json, "[{\"user\": " HRM_TEST_HOSTILE_USER_JSON "}]", -1);
  else if (g_str_equal (mode, "top-string"))
    respond (message, 200, json, "\"a string\"", -1);
  else if (g_str_equal (mode, "wrong-id"))
    {
      char *body = me_with ("\"id\": 42", "\"id\": \"x\"");

      respond_take (message, 200, json, body, strlen (body));
    }
  else if (g_str_equal (mode, "wrong-connection"))
    {
      char *body = me_with ("\"connection\": {\"state\": \"not_linked\", \"email\": null,"
                            " \"verified_at\": null, \"pending_email\": null, \"sent_at\": null,"
                            " \"expires_at\": null}", "\"connection\": 5");

      respond_take (message, 200, json, body, strlen (body));
    }
  else if (g_str_equal (mode, "missing"))
    respond (message, 200, json, "{\"user\": {\"id\": 42}, \"may_manage_users\": true}", -1);
  else if (g_str_equal (mode, "huge-string"))
    {
      g_autofree char *name = g_strnfill (1024 * 1024, 'A');
      g_autofree char *quoted = g_strdup_printf ("\"first_name\": \"%s\"", name);
      char *body = me_with ("\"first_name\": \"Eva\"", quoted);

      respond_take (message, 200, json, body, strlen (body));
    }
  else if (g_str_equal (mode, "wrong-type"))
    respond (message, 200, "text/plain", me_json, -1);
  else if (g_str_equal (mode, "empty-200"))
    respond (message, 200, json, "", 0);
  else if (g_str_equal (mode, "500-garbage"))
    respond_take (message, 500, "text/html", random_bytes (4096), 4096);
  else if (g_str_equal (mode, "503-huge-message"))
    {
      g_autofree char *text = g_strnfill (1024 * 1024, 'A');
      char *body = g_strdup_printf ("{\"error\": {\"code\": \"unavailable\", \"message\": \"%s\"}}",
                                    text);

      respond_take (message, 503, json, body, strlen (body));
    }
  else if (g_str_equal (mode, "50mib-length"))
    stream_fast (self, message, FIFTY_MIB, FALSE);
  else if (g_str_equal (mode, "50mib-chunked"))
    stream_fast (self, message, FIFTY_MIB, TRUE);
  else if (g_str_equal (mode, "endless"))
    stream_fast (self, message, FOREVER, TRUE);
  else if (g_str_equal (mode, "trickle"))
    {
      Stream *stream = stream_new (self, message, FOREVER);

      stream_append (stream, "{\"user\": ", 9);
      stream->timer = g_timeout_add (100, on_trickle, stream);
    }
  else if (g_str_equal (mode, "stall"))
    {
      Stream *stream = stream_new (self, message, 0);

      soup_server_message_pause (message);
      stream->paused = TRUE;
      stream->timer = g_timeout_add_seconds (30, on_stall_over, stream);
    }
  else if (g_str_equal (mode, "stall-body"))
    {
      Stream *stream = stream_new (self, message, FOREVER);

      stream_append (stream, "{\"user\": {\"id\": 42, ", 20);
    }
  else if (g_str_equal (mode, "gzip-bomb"))
    {
      g_autoptr(GBytes) bomb = gzip_bomb ();

      respond_gzip (message, bomb);
    }
  else if (g_str_equal (mode, "bad-gzip"))
    {
      static const char garbage[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03 this is not deflate";
      g_autoptr(GBytes) body = g_bytes_new_static (garbage, sizeof garbage - 1);

      respond_gzip (message, body);
    }
  else if (g_str_equal (mode, "not-http"))
    answer_raw (message, "SSH-2.0-OpenSSH_9.2\r\n\r\n");
  else if (g_str_equal (mode, "bad-chunk"))
    answer_raw (message, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         "Transfer-Encoding: chunked\r\n\r\nZZZZ\r\n{}\r\n0\r\n\r\n");
  else if (g_str_equal (mode, "cut-body"))
    answer_raw (message, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         "Content-Length: 1000\r\n\r\n{\"user\": {");
  else if (g_str_equal (mode, "comments"))
    {
      char *body = me_with ("\"may_manage_users\"", "/* a comment */ \"may_manage_users\"");

      respond_take (message, 200, json, body, strlen (body));
    }
  else if (g_str_equal (mode, "deep-comment"))
    {
      char *body = nested ("{\"a\": ", "/*\"*/ ", 300000, " /*\"*/", ", " "\"user\": "
                           HRM_TEST_HOSTILE_USER_JSON ", \"may_manage_users\": true}");

      respond_take (message, 200, json, body, strlen (body));
    }
  else if (g_str_equal (mode, "single-quotes"))
    {
      char *body = me_with ("\"may_manage_users\"", "'may_manage_users'");

      respond_take (message, 200, json, body, strlen (body));
    }
  else if (g_str_equal (mode, "trailing-comma"))
    {
      char *body = me_with ("\"may_manage_users\": true}",
                            "\"may_manage_users\": true, \"roles\": [1, 2,]}");

      respond_take (message, 200, json, body, strlen (body));
    }
  else if (g_str_equal (mode, "nul-escape"))
    {
      char *body = me_with ("\"first_name\": \"Eva\"", "\"first_name\": \"Eva\\u0000Admin\"");

      respond_take (message, 200, json, body, strlen (body));
    }
  else if (g_str_equal (mode, "lone-surrogate"))
    {
      char *body = me_with ("\"first_name\": \"Eva\"", "\"first_name\": \"Eva\\ud800\"");

      respond_take (message, 200, json, body, strlen (body));
    }
  else
    g_error ("Unknown hostile mode “%s”", mode);
}

/* The well-behaved part: what the user page needs to show user 42. */
static gboolean
answer_good (SoupServerMessage *message,
             const char        *method,
             const char        *path)
{
  const char *json = "application/json";

  if (g_str_equal (path, "/oauth/token") && g_str_equal (method, "POST"))
    respond (message, 200, json, tokens_json, -1);
  else if (g_str_equal (path, "/oauth/revoke") && g_str_equal (method, "POST"))
    respond (message, 200, json, "{}", -1);
  else if (!g_str_equal (method, "GET"))
    return FALSE;
  else if (g_str_equal (path, "/api/v1/organisation"))
    respond (message, 200, json, organisation_json, -1);
  else if (g_str_equal (path, "/api/v1/users/42"))
    {
      respond (message, 200, json, HRM_TEST_HOSTILE_USER_JSON, -1);
      soup_message_headers_replace (soup_server_message_get_response_headers (message), "ETag",
                                    HRM_TEST_HOSTILE_ETAG);
    }
  else if (g_str_equal (path, "/api/v1/users/42/events")
           || g_str_equal (path, "/api/v1/users/42/authorisations")
           || g_str_equal (path, "/api/v1/users/42/account-code-audit")
           || g_str_equal (path, "/api/v1/roles")
           || g_str_equal (path, "/api/v1/account-codes"))
    respond (message, 200, json, "{\"items\": []}", -1);
  else
    return FALSE;

  return TRUE;
}

static void
handle (SoupServer        *server,
        SoupServerMessage *message,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  HrmTestHostile *self = user_data;
  const char *method = soup_server_message_get_method (message);
  const char *rest = path[0] == '/' ? strchr (path + 1, '/') : NULL;
  g_autofree char *mode = NULL;

  if (rest == NULL)
    {
      respond (message, 404, "application/json",
               "{\"error\": {\"code\": \"not_found\", \"message\": \"No such thing\"}}", -1);
      return;
    }

  mode = g_strndup (path + 1, rest - path - 1);
  if (!answer_good (message, method, rest))
    answer_hostile (self, message, mode);
}

HrmTestHostile *
hrm_test_hostile_new (void)
{
  HrmTestHostile *self = g_new0 (HrmTestHostile, 1);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  memset (chunk_of_a, 'A', sizeof chunk_of_a);

  self->streams = g_ptr_array_new_with_free_func ((GDestroyNotify) stream_free);
  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, NULL, handle, self, NULL);
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (self->server);
  g_assert_nonnull (uris);
  self->port = g_uri_get_port (uris->data);

  return self;
}

void
hrm_test_hostile_free (HrmTestHostile *self)
{
  g_autoptr(GPtrArray) streams = g_steal_pointer (&self->streams);

  /* Let held answers go, so the server can close their connections. */
  for (guint i = 0; i < streams->len; i++)
    {
      Stream *stream = g_ptr_array_index (streams, i);

      stream_stop (stream);
      if (stream->paused)
        {
          respond (stream->message, 500, NULL, NULL, 0);
          soup_server_message_unpause (stream->message);
        }
    }

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_free (self);
}

char *
hrm_test_hostile_get_uri (HrmTestHostile *self,
                          const char     *mode)
{
  /* Compressing 50 MiB takes a moment: not while the test times the client. */
  if (g_str_equal (mode, "gzip-bomb"))
    g_bytes_unref (gzip_bomb ());

  return g_strdup_printf ("http://127.0.0.1:%u/%s", self->port, mode);
}

guint
hrm_test_hostile_get_n_hostile (HrmTestHostile *self)
{
  return self->n_hostile;
}

gsize
hrm_test_peak_memory (gboolean reset)
{
  g_autofree char *status = NULL;
  const char *line;

  if (reset)
    g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmHWM:");
  if (line == NULL)
    return 0;
  return (gsize) g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10) * 1024;
}
