/* hrm-client-request.c — one HTTP exchange with the HRM, and what its errors mean
 *
 * Every API call goes through _hrm_client_send(): it builds the message from
 * the base URI, adds the bearer token, refreshes the token once on 401 (sharing
 * one refresh between concurrent calls) and turns statuses and transport
 * failures into HRM_ERROR codes with messages a person can act on.
 *
 * The answer is read as a stream, never more than HRM_CLIENT_MAX_ANSWER_SIZE
 * bytes of it, and each exchange has a deadline (HrmClient's deadline_seconds)
 * besides the session's timeout for silence, so a hostile or broken server can
 * neither fill the memory nor hold a call forever.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-client"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hrm-client-private.h"

struct _HrmRequest
{
  /* owned */
  char              *method;
  char              *path;
  HrmRequestFlags    flags;
  GBytes            *body;
  char              *content_type;
  char              *if_match;
  char              *idempotency_key;
  char              *accept;         /* NULL: application/json */
  GOutputStream     *sink;           /* a 2xx answer's body goes here, not to the parser */
  HrmResponseParser  parse;
  GDestroyNotify     result_free;

  /* state while sending */
  SoupMessage       *message;
  char              *sent_token;   /* the access token this attempt carried */
  gboolean           retried;
  GHashTable        *fields;       /* 422 field errors */

  /* one attempt (the 401 retry is another) */
  GCancellable      *attempt;      /* cancelled by the caller's cancellable or the deadline */
  GCancellable      *caller;       /* the task's cancellable, connected to attempt */
  gulong             caller_handler;
  GSource           *deadline;
  gboolean           timed_out;
  GInputStream      *stream;
  GByteArray        *buffer;       /* the answer so far */
};

#define READ_CHUNK_SIZE (64 * 1024)
/* An answer this long, to the main thread, is parsed in a worker thread (a
 * page of 100 users is about 40 KiB and takes a few milliseconds, a frame's
 * worth while the list scrolls). */
#define PARSE_IN_THREAD_SIZE (8 * 1024)
#define MAX_REASON_CHARS 160

static void send_message (GTask *task);

HrmRequest *
_hrm_request_new (const char      *method,
                  const char      *path,
                  HrmRequestFlags  flags)
{
  HrmRequest *request = g_new0 (HrmRequest, 1);

  request->method = g_strdup (method);
  request->path = g_strdup (path);
  request->flags = flags;

  return request;
}

/* Stops the current attempt: whatever is still on the wire is cancelled
 * (libsoup then drops the connection instead of reading the rest). */
static void
end_attempt (HrmRequest *request,
             gboolean    abort)
{
  if (request->caller_handler != 0)
    g_cancellable_disconnect (request->caller, request->caller_handler);
  request->caller_handler = 0;
  g_clear_object (&request->caller);

  if (request->deadline != NULL)
    g_source_destroy (request->deadline);
  g_clear_pointer (&request->deadline, g_source_unref);

  if (abort && request->attempt != NULL)
    g_cancellable_cancel (request->attempt);
  else if (request->stream != NULL)
    g_input_stream_close_async (request->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_clear_object (&request->attempt);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->buffer, g_byte_array_unref);
}

void
_hrm_request_free (HrmRequest *request)
{
  end_attempt (request, TRUE);
  g_clear_pointer (&request->method, g_free);
  g_clear_pointer (&request->path, g_free);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_pointer (&request->content_type, g_free);
  g_clear_pointer (&request->if_match, g_free);
  g_clear_pointer (&request->idempotency_key, g_free);
  g_clear_pointer (&request->accept, g_free);
  g_clear_object (&request->sink);
  g_clear_object (&request->message);
  if (request->sent_token != NULL)
    {
      memset (request->sent_token, 0, strlen (request->sent_token));
      g_clear_pointer (&request->sent_token, g_free);
    }
  g_clear_pointer (&request->fields, g_hash_table_unref);
  g_free (request);
}

void
_hrm_request_set_json_body (HrmRequest *request,
                            JsonNode   *body,
                            const char *content_type)
{
  char *text = hrm_json_to_string (body);

  g_clear_pointer (&request->body, g_bytes_unref);
  request->body = g_bytes_new_take (text, strlen (text));
  g_free (request->content_type);
  request->content_type = g_strdup (content_type ? content_type : "application/json");
}

/* Takes @form (from soup_form_encode()); it may hold a password, so it is wiped when freed. */
static void
wipe_and_free (gpointer data)
{
  char *text = data;

  memset (text, 0, strlen (text));
  g_free (text);
}

void
_hrm_request_set_form_body (HrmRequest *request,
                            char       *form)
{
  g_clear_pointer (&request->body, g_bytes_unref);
  request->body = g_bytes_new_with_free_func (form, strlen (form), wipe_and_free, form);
  g_free (request->content_type);
  request->content_type = g_strdup ("application/x-www-form-urlencoded");
}

void
_hrm_request_set_if_match (HrmRequest *request,
                           const char *etag)
{
  g_free (request->if_match);
  request->if_match = g_strdup (etag);
}

/* The same key on every attempt of this request (the 401 retry, and a caller's
 * retry after a network error if it keeps the key), so the server makes one job. */
void
_hrm_request_set_idempotency_key (HrmRequest *request,
                                  const char *key)
{
  g_free (request->idempotency_key);
  request->idempotency_key = g_strdup (key);
}

/* Streams a successful answer's body (of type @accept, e.g. text/csv) into
 * @sink as it arrives, with no size limit; errors are read as usual. The
 * call's result is then NULL. */
void
_hrm_request_set_sink (HrmRequest    *request,
                       const char    *accept,
                       GOutputStream *sink)
{
  g_free (request->accept);
  request->accept = g_strdup (accept);
  g_set_object (&request->sink, sink);
}

void
_hrm_request_set_parser (HrmRequest        *request,
                         HrmResponseParser  parse,
                         GDestroyNotify     result_free)
{
  request->parse = parse;
  request->result_free = result_free;
}

/* ---- errors ---------------------------------------------------------- */

static const char *
host_of (HrmClient *self)
{
  return g_uri_get_host (self->base_uri);
}

static GError *
timed_out_error (void)
{
  return g_error_new_literal (HRM_ERROR, HRM_ERROR_UNAVAILABLE,
                              _("The server did not answer in time"));
}

static GError *
too_large_error (void)
{
  return g_error_new_literal (HRM_ERROR, HRM_ERROR_PROTOCOL, _("The server’s answer is too large"));
}

GError *
_hrm_client_error_from_transport (HrmClient    *self,
                                  const GError *error)
{
  g_debug ("Request failed: %s (%s %d)", error->message, g_quark_to_string (error->domain),
           error->code);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (error->domain == G_TLS_ERROR)
    {
      if (error->code == G_TLS_ERROR_BAD_CERTIFICATE)
        return g_error_new_literal (HRM_ERROR, HRM_ERROR_INSECURE,
                                    _("The server’s certificate is not trusted"));
      return g_error_new (HRM_ERROR, HRM_ERROR_INSECURE,
                          _("A secure connection to %s could not be made"), host_of (self));
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return timed_out_error ();

  if (error->domain == SOUP_SESSION_ERROR)
    return g_error_new_literal (HRM_ERROR, HRM_ERROR_PROTOCOL,
                                _("The server’s answer could not be read"));

  return g_error_new (HRM_ERROR, HRM_ERROR_UNAVAILABLE, _("Cannot reach the server at %s"),
                      host_of (self));
}

/* The parser's reason can quote the answer (json-glib shows a bad string
 * constant as it was sent): keep it valid UTF-8, on one line and short. */
static char *
sanitize_reason (const char *reason)
{
  g_autofree char *valid = g_utf8_make_valid (reason, -1);
  GString *text = g_string_new (NULL);
  guint n_chars = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n_chars++ == MAX_REASON_CHARS)
        {
          g_string_append (text, "…");
          break;
        }
      g_string_append_unichar (text, g_unichar_iscntrl (c) ? ' ' : c);
    }

  return g_string_free (text, FALSE);
}

GError *
_hrm_client_protocol_error (const GError *error)
{
  g_autofree char *reason = sanitize_reason (error->message);

  return g_error_new (HRM_ERROR, HRM_ERROR_PROTOCOL,
                      _("The server sent an answer that could not be understood: %s"), reason);
}

/* No name or text in an answer is longer than HRM_CLIENT_MAX_STRING_SIZE: the
 * server's fields are at most a few hundred characters, and megabytes in a
 * label would stall the window. (Nesting is already bounded by the parser.) */
static gboolean
string_fits (const char  *text,
             GError     **error)
{
  if (strlen (text) <= HRM_CLIENT_MAX_STRING_SIZE)
    return TRUE;

  g_set_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL, _("A text in it is longer than %u bytes"),
               (guint) HRM_CLIENT_MAX_STRING_SIZE);
  return FALSE;
}

static gboolean
strings_fit (JsonNode  *node,
             GError   **error)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        if (!string_fits (name, error) || !strings_fit (member, error))
          return FALSE;
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!strings_fit (json_array_get_element (array, i), error))
          return FALSE;
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      return string_fits (json_node_get_string (node), error);
    }

  return TRUE;
}

JsonObject *
_hrm_client_parse_body (GBytes  *body,
                        GError **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize size = 0;
  const char *data = body ? g_bytes_get_data (body, &size) : NULL;
  JsonObject *root;

  root = hrm_json_parse_object (data, size, &local_error);
  if (root != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), root);

      if (!strings_fit (node, &local_error))
        g_clear_pointer (&root, json_object_unref);
    }
  if (root == NULL)
    g_propagate_error (error, _hrm_client_protocol_error (local_error));

  return root;
}

/* Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); 0 if unknown. */
static guint
parse_retry_after (SoupMessage *message)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                    "Retry-After");
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds;

  if (value == NULL)
    return 0;

  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &seconds, NULL))
    return seconds;

  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return 0;

  now = g_date_time_new_now_utc ();
  seconds = MAX (g_date_time_difference (date, now), 0) / G_TIME_SPAN_SECOND;
  return MAX (seconds, 1);
}

static char *
rate_limited_message (guint seconds)
{
  guint minutes;

  if (seconds == 0)
    return g_strdup (_("Too many attempts. Try again later."));

  if (seconds < 120)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Too many attempts. Try again in %u second.",
                                         "Too many attempts. Try again in %u seconds.", seconds),
                            seconds);

  minutes = (seconds + 59) / 60;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Too many attempts. Try again in %u minute.",
                                       "Too many attempts. Try again in %u minutes.", minutes),
                          minutes);
}

static char *
generic_message (HrmError code,
                 guint    status)
{
  switch (code)
    {
    case HRM_ERROR_NOT_SIGNED_IN:
      return g_strdup (_("Your session has ended. Sign in again."));
    case HRM_ERROR_FORBIDDEN:
      return g_strdup (_("You do not have permission to do this"));
    case HRM_ERROR_NOT_FOUND:
      return g_strdup (_("It was not found on the server; it may have been deleted"));
    case HRM_ERROR_CONFLICT:
      return g_strdup (_("This cannot be done in the current state"));
    case HRM_ERROR_STALE:
      return g_strdup (_("Someone else changed this in the meantime. Reload and try again."));
    case HRM_ERROR_PRECONDITION_REQUIRED:
      return g_strdup (_("The server needs to know which version is being changed"));
    case HRM_ERROR_INVALID:
      return g_strdup (_("The server did not accept the input"));
    case HRM_ERROR_UNAVAILABLE:
      return g_strdup_printf (_("The server is unavailable (error %u). Try again later."), status);
    case HRM_ERROR_INVALID_GRANT:
      return g_strdup (_("The username or password is incorrect"));
    case HRM_ERROR_RATE_LIMITED:
    case HRM_ERROR_PROTOCOL:
    case HRM_ERROR_INSECURE:
    case HRM_ERROR_FAILED:
    default:
      return g_strdup_printf (_("The server answered with an unexpected status (%u)"), status);
    }
}

/**
 * _hrm_client_error_from_response:
 * The error for a response that is not a success. The code comes from
 * hrm_error_from_http_status() (the one place statuses are mapped); the
 * message is the server's when it sent one, otherwise a generic one.
 */
GError *
_hrm_client_error_from_response (HrmClient    *self,
                                 SoupMessage  *message,
                                 GBytes       *body,
                                 GHashTable  **out_fields)
{
  guint status = soup_message_get_status (message);
  HrmError code = hrm_error_from_http_status (status);
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GHashTable) fields = NULL;
  g_autofree char *text = NULL;
  gsize size = 0;
  const char *data = body ? g_bytes_get_data (body, &size) : NULL;

  /* A body that is not JSON, or has absurd texts, gives the generic message. */
  if (data != NULL && size > 0)
    root = _hrm_client_parse_body (body, NULL);

  if (root != NULL)
    {
      JsonNode *node = json_object_get_member (root, "error");

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
          && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          /* RFC 6749 §5.2, from /oauth/token (a lockout's 429 stays RATE_LIMITED) */
          if (code == HRM_ERROR_INVALID && g_str_equal (json_node_get_string (node), "invalid_grant"))
            code = HRM_ERROR_INVALID_GRANT;
          else
            hrm_json_get_string (root, "error_description", TRUE, &text, NULL);
        }
      else
        {
          hrm_api_error_parse (root, NULL, &text, &fields);
        }
    }

  g_debug ("%s %s: HTTP %u", soup_message_get_method (message),
           g_uri_get_path (soup_message_get_uri (message)), status);

  if (code == HRM_ERROR_RATE_LIMITED)
    {
      g_free (text);
      text = rate_limited_message (parse_retry_after (message));
    }
  else if (code == HRM_ERROR_INVALID_GRANT || text == NULL || text[0] == '\0')
    {
      g_free (text);
      text = generic_message (code, status);
    }

  if (out_fields != NULL)
    *out_fields = g_steal_pointer (&fields);

  return g_error_new_literal (HRM_ERROR, code, text);
}

/* ---- sending --------------------------------------------------------- */

static void
return_not_signed_in (GTask *task)
{
  g_task_return_new_error (task, HRM_ERROR, HRM_ERROR_NOT_SIGNED_IN, "%s",
                           _("You are not signed in"));
}

static void
on_refreshed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!_hrm_client_refresh_finish (HRM_CLIENT (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  send_message (g_steal_pointer (&task));
}

/* A 401 on an authorized call: retry once, after the (shared) refresh. */
static void
handle_unauthorized (GTask *task)
{
  HrmClient *self = g_task_get_source_object (task);
  HrmRequest *request = g_task_get_task_data (task);

  request->retried = TRUE;

  /* Another call already refreshed while this one was on the wire. */
  if (self->access_token != NULL && g_strcmp0 (self->access_token, request->sent_token) != 0)
    {
      send_message (task);
      return;
    }

  /* Signed out meanwhile (a failed refresh or sign-out while this was on the wire). */
  if (self->refresh_token == NULL)
    {
      g_task_return_new_error (task, HRM_ERROR, HRM_ERROR_NOT_SIGNED_IN, "%s",
                               _("Your session has ended. Sign in again."));
      g_object_unref (task);
      return;
    }

  _hrm_client_refresh_async (self, g_task_get_cancellable (task), on_refreshed, task);
}

/* Whether @message's Content-Type says JSON (application/json or application/…+json). */
static gboolean
is_json (SoupMessage *message)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  const char *type = soup_message_headers_get_content_type (headers, NULL);

  return type != NULL
         && (g_ascii_strcasecmp (type, "application/json") == 0
             || (g_str_has_prefix (type, "application/") && g_str_has_suffix (type, "+json")));
}

/* The parsed answer (@root, borrowed, or NULL for none) of a successful exchange:
 * the request's parser makes its result. Takes @task's reference. */
static void
finish_answer (GTask      *task,
               JsonObject *root)
{
  HrmRequest *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gpointer value;

  value = request->parse (root, request->message, &error);
  if (error != NULL)
    g_task_return_error (task, _hrm_client_protocol_error (error));
  else
    g_task_return_pointer (task, value, request->result_free);
  g_object_unref (task);
}

static void
parse_in_thread (GTask        *parsing,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;
  JsonObject *root = _hrm_client_parse_body (task_data, &error);

  if (root != NULL)
    g_task_return_pointer (parsing, root, (GDestroyNotify) json_object_unref);
  else
    g_task_return_error (parsing, error);
}

static void
on_parsed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(JsonObject) root = NULL;
  GError *error = NULL;

  root = g_task_propagate_pointer (G_TASK (result), &error);
  if (root == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  finish_answer (task, root);
}

/* The whole answer is there: what does it say? Takes @task's reference. */
static void
handle_answer (GTask  *task,
               GBytes *body)
{
  HrmClient *self = g_task_get_source_object (task);
  HrmRequest *request = g_task_get_task_data (task);
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  status = soup_message_get_status (request->message);

  if (status == SOUP_STATUS_UNAUTHORIZED && (request->flags & HRM_REQUEST_AUTHORIZED)
      && !request->retried)
    {
      handle_unauthorized (task);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_clear_pointer (&request->fields, g_hash_table_unref);
      g_task_return_error (task, _hrm_client_error_from_response (self, request->message, body,
                                                                  &request->fields));
      g_object_unref (task);
      return;
    }

  if (request->parse == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }

  if (status != SOUP_STATUS_NO_CONTENT && g_bytes_get_size (body) > 0)
    {
      if (!is_json (request->message))
        {
          g_set_error_literal (&error, HRM_ERROR, HRM_ERROR_PROTOCOL, _("It is not JSON"));
          g_task_return_error (task, _hrm_client_protocol_error (error));
          g_object_unref (task);
          return;
        }

      /* A long answer to the main thread is parsed in a worker (the
       * resume's thread parses its own: it has no frames to keep). */
      if (g_bytes_get_size (body) >= PARSE_IN_THREAD_SIZE
          && g_main_context_is_owner (g_main_context_default ()))
        {
          /* The JSON only: the parser and what it makes stay on this thread. */
          g_autoptr(GTask) parsing = g_task_new (NULL, NULL, on_parsed, task);

          g_task_set_source_tag (parsing, parse_in_thread);
          g_task_set_task_data (parsing, g_bytes_ref (body), (GDestroyNotify) g_bytes_unref);
          g_task_run_in_thread (parsing, parse_in_thread);
          return;
        }

      root = _hrm_client_parse_body (body, &error);
      if (root == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          g_object_unref (task);
          return;
        }
    }

  finish_answer (task, root);
}

/* An error while reading the body: the server was reached and answered, so
 * it is never "cannot reach". */
static GError *
error_in_body (const GError *error)
{
  g_debug ("Reading the answer failed: %s (%s %d)", error->message,
           g_quark_to_string (error->domain), error->code);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED))
    return g_error_new_literal (HRM_ERROR, HRM_ERROR_UNAVAILABLE,
                                _("The connection to the server broke off during its answer"));

  /* A chunk or a compressed body that cannot be decoded. */
  return g_error_new_literal (HRM_ERROR, HRM_ERROR_PROTOCOL,
                              _("The server’s answer could not be read"));
}

/* The attempt failed on the wire (@error), while sending or, when @in_body,
 * while reading the answer, or it was stopped: say why, in the caller's
 * words. Takes @task's reference. */
static void
fail_attempt (GTask        *task,
              const GError *error,
              gboolean      in_body)
{
  HrmClient *self = g_task_get_source_object (task);
  HrmRequest *request = g_task_get_task_data (task);
  GError *cancelled = NULL;

  end_attempt (request, TRUE);

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &cancelled))
    g_task_return_error (task, cancelled);
  else if (request->timed_out || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_task_return_error (task, timed_out_error ());
  else if (in_body)
    g_task_return_error (task, error_in_body (error));
  else
    g_task_return_error (task, _hrm_client_error_from_transport (self, error));
  g_object_unref (task);
}

static void read_more (GTask *task);
static gboolean streams_to_sink (HrmRequest *request);
static gboolean sink_chunk (GTask *task, GBytes *chunk);

static void
on_chunk (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  HrmRequest *request = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  gsize size;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      fail_attempt (task, error, TRUE);
      return;
    }

  if (streams_to_sink (request) && sink_chunk (task, chunk))
    return;

  size = g_bytes_get_size (chunk);
  if (size == 0)
    {
      body = g_byte_array_free_to_bytes (g_steal_pointer (&request->buffer));
      end_attempt (request, FALSE);
      handle_answer (task, body);
      return;
    }

  if (request->buffer->len + size > HRM_CLIENT_MAX_ANSWER_SIZE)
    {
      g_debug ("%s %s: the answer is larger than %u bytes", request->method, request->path,
               HRM_CLIENT_MAX_ANSWER_SIZE);
      end_attempt (request, TRUE);
      g_task_return_error (task, too_large_error ());
      g_object_unref (task);
      return;
    }

  g_byte_array_append (request->buffer, g_bytes_get_data (chunk, NULL), size);
  read_more (task);
}

static gboolean
streams_to_sink (HrmRequest *request)
{
  return request->sink != NULL
         && SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (request->message));
}

static void
on_sink_written (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      HrmRequest *request = g_task_get_task_data (task);

      end_attempt (request, TRUE);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  read_more (task);
}

/* A chunk of an answer that goes to the sink: written, then the next is read. */
static gboolean
sink_chunk (GTask  *task,
            GBytes *chunk)
{
  HrmRequest *request = g_task_get_task_data (task);
  gsize size = g_bytes_get_size (chunk);

  if (size == 0)
    return FALSE;

  /* The task data owns the bytes until the write is done. */
  g_object_set_data_full (G_OBJECT (task), "hrm-chunk", g_bytes_ref (chunk),
                          (GDestroyNotify) g_bytes_unref);
  g_output_stream_write_all_async (request->sink, g_bytes_get_data (chunk, NULL), size,
                                   G_PRIORITY_DEFAULT, request->attempt, on_sink_written, task);
  return TRUE;
}

static void
read_more (GTask *task)
{
  HrmRequest *request = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (request->stream, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   request->attempt, on_chunk, task);
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  HrmRequest *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  goffset length;

  request->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (request->stream == NULL)
    {
      fail_attempt (task, error, FALSE);
      return;
    }

  /* Refuse an announced size at once instead of reading up to the limit. */
  headers = soup_message_get_response_headers (request->message);
  length = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
           ? soup_message_headers_get_content_length (headers) : 0;
  if (length > HRM_CLIENT_MAX_ANSWER_SIZE && !streams_to_sink (request))
    {
      g_debug ("%s %s: the answer would be %" G_GOFFSET_FORMAT " bytes", request->method,
               request->path, length);
      end_attempt (request, TRUE);
      g_task_return_error (task, too_large_error ());
      g_object_unref (task);
      return;
    }

  request->buffer = g_byte_array_sized_new (streams_to_sink (request) ? 0 : MAX (length, 0));
  read_more (task);
}

static gboolean
on_deadline (gpointer user_data)
{
  HrmRequest *request = user_data;
  g_autoptr(GCancellable) attempt = g_object_ref (request->attempt);

  g_debug ("%s %s: no complete answer within the deadline", request->method, request->path);
  request->timed_out = TRUE;
  g_clear_pointer (&request->deadline, g_source_unref);
  /* Last: the attempt's callbacks may run, and free @request, from here. */
  g_cancellable_cancel (attempt);
  return G_SOURCE_REMOVE;
}

static gboolean
cancel_attempt (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* An attempt, and the main context its request runs in. */
typedef struct
{
  GCancellable *attempt;
  GMainContext *context;
} AttemptLink;

static void
attempt_link_free (gpointer data)
{
  AttemptLink *link = data;

  g_object_unref (link->attempt);
  g_main_context_unref (link->context);
  g_free (link);
}

static void
on_caller_cancelled (GCancellable *cancellable,
                     AttemptLink  *link)
{
  g_autoptr(GSource) idle = g_idle_source_new ();

  /* Not from inside the caller's "cancelled" emission: what cancelling sets
   * off can end in g_cancellable_disconnect() on the caller's cancellable,
   * which waits for that emission to end. In the request's own context: a
   * client in a thread of its own is cancelled there (the caller may have
   * cancelled from any thread, and the main thread may be waiting). */
  g_source_set_priority (idle, G_PRIORITY_DEFAULT);
  g_source_set_callback (idle, cancel_attempt, g_object_ref (link->attempt), g_object_unref);
  g_source_set_static_name (idle, "[hrm-client] cancel attempt");
  g_source_attach (idle, link->context);
}

/* Sends request->message with a fresh cancellable that the caller's
 * cancellable and the deadline both cancel. Takes @task's reference. */
static void
start_attempt (GTask *task)
{
  HrmClient *self = g_task_get_source_object (task);
  HrmRequest *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  end_attempt (request, TRUE);
  request->timed_out = FALSE;
  request->attempt = g_cancellable_new ();

  if (cancellable != NULL)
    {
      AttemptLink *link = g_new (AttemptLink, 1);

      link->attempt = g_object_ref (request->attempt);
      link->context = g_main_context_ref_thread_default ();
      request->caller = g_object_ref (cancellable);
      request->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                       link, attempt_link_free);
    }

  request->deadline = g_timeout_source_new_seconds (self->deadline_seconds);
  g_source_set_callback (request->deadline, on_deadline, request, NULL);
  g_source_set_static_name (request->deadline, "[hrm-client] request deadline");
  g_source_attach (request->deadline, g_main_context_get_thread_default ());

  soup_session_send_async (self->session, request->message, G_PRIORITY_DEFAULT, request->attempt,
                           on_sent, task);
}

/* Takes @task's reference. */
static void
send_message (GTask *task)
{
  HrmClient *self = g_task_get_source_object (task);
  HrmRequest *request = g_task_get_task_data (task);
  g_autofree char *uri = g_strconcat (self->base_uri_string, request->path, NULL);
  SoupMessageHeaders *headers;

  g_clear_object (&request->message);
  request->message = soup_message_new (request->method, uri);
  if (request->message == NULL)
    {
      g_task_return_new_error (task, HRM_ERROR, HRM_ERROR_INVALID, "%s",
                               _("The server address is not valid"));
      g_object_unref (task);
      return;
    }

  /* The API never redirects, and following one would carry the access token
   * (and a PUT's body) to an address that was never checked for https. */
  soup_message_add_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);

  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept",
                                request->accept != NULL ? request->accept : "application/json");

  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (request->message, request->content_type,
                                              request->body);

  if (request->if_match != NULL)
    soup_message_headers_replace (headers, "If-Match", request->if_match);

  if (request->idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", request->idempotency_key);

  if (request->flags & HRM_REQUEST_AUTHORIZED)
    {
      g_autofree char *authorization = NULL;

      if (self->access_token == NULL)
        {
          if (self->refresh_token != NULL && !request->retried)
            {
              request->retried = TRUE;
              _hrm_client_refresh_async (self, g_task_get_cancellable (task), on_refreshed, task);
            }
          else
            {
              return_not_signed_in (task);
              g_object_unref (task);
            }
          return;
        }

      authorization = g_strconcat ("Bearer ", self->access_token, NULL);
      soup_message_headers_replace (headers, "Authorization", authorization);
      memset (authorization, 0, strlen (authorization));

      g_free (request->sent_token);
      request->sent_token = g_strdup (self->access_token);
    }

  start_attempt (task);
}

void
_hrm_client_send (HrmClient           *self,
                  HrmRequest          *request,
                  gpointer             source_tag,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GTask *task;

  g_assert (HRM_IS_CLIENT (self));
  g_assert (request != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, request, (GDestroyNotify) _hrm_request_free);

  send_message (task);
}

gpointer
_hrm_client_send_finish (HrmClient     *self,
                         GAsyncResult  *result,
                         gpointer       source_tag,
                         GHashTable   **out_fields,
                         GError       **error)
{
  HrmRequest *request;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  request = g_task_get_task_data (G_TASK (result));
  if (out_fields != NULL)
    *out_fields = request->fields ? g_hash_table_ref (request->fields) : NULL;

  return g_task_propagate_pointer (G_TASK (result), error);
}
