/* hrm-http.c — small helpers for answering HTTP requests
 *
 * Every API answer is JSON; every failure carries the API's error body
 * {"error": {"code", "message", "fields"}} with a message a person can read.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-http"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hrm-error.h"
#include "hrm-http.h"
#include "hrm-json.h"

void
hrm_http_set_no_store (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
}

/* Whether a spreadsheet would take @text as a formula (=, +, -, @, a tab or a
 * carriage return first): CSV files from the server are opened in one, and a
 * name like =HYPERLINK(…) must stay a name (CSV or formula injection). */
static gboolean
looks_like_formula (const char *text)
{
  return text != NULL && text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;
}

/**
 * hrm_http_csv_append_field:
 * Appends one CSV field and its separator (a comma, or CRLF when @last):
 * quoted when it holds a comma, a quote, a line break or leading or trailing
 * space; quotes doubled (RFC 4180). A field that looks like a formula gets a
 * leading apostrophe, and quotes. NULL is an empty field.
 */
void
hrm_http_csv_append_field (GString    *csv,
                           const char *text,
                           gboolean    last)
{
  gsize length = text ? strlen (text) : 0;
  gboolean formula = looks_like_formula (text);

  if (text != NULL && (formula || strpbrk (text, ",\"\r\n") != NULL
                       || (length > 0 && (text[0] == ' ' || text[length - 1] == ' '))))
    {
      g_string_append_c (csv, '"');
      if (formula)
        g_string_append_c (csv, '\'');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (csv, '"');
          g_string_append_c (csv, *p);
        }
      g_string_append_c (csv, '"');
    }
  else if (text != NULL)
    g_string_append (csv, text);

  g_string_append (csv, last ? "\r\n" : ",");
}

static const char *
get_accept (SoupServerMessage *msg)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Accept");
}

/**
 * hrm_http_accepts_csv:
 * Whether the request asks for CSV: Accept names text/csv and not JSON.
 */
gboolean
hrm_http_accepts_csv (SoupServerMessage *msg)
{
  const char *accept = get_accept (msg);

  return accept != NULL && strstr (accept, "text/csv") != NULL
         && strstr (accept, "application/json") == NULL;
}

/**
 * hrm_http_accepts_json:
 * Whether a JSON answer is acceptable: no Accept header, or one that names
 * application/json, application/\* or \*\/\*.
 */
gboolean
hrm_http_accepts_json (SoupServerMessage *msg)
{
  const char *accept = get_accept (msg);

  return accept == NULL || accept[0] == '\0'
         || strstr (accept, "application/json") != NULL
         || strstr (accept, "application/*") != NULL
         || strstr (accept, "*/*") != NULL;
}

/* libsoup 3.2 knows no reason phrase for these. */
static const char *
reason_phrase (guint status)
{
  switch (status)
    {
    case 422: return "Unprocessable Content";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    default: return NULL;
    }
}

void
hrm_http_send_json (SoupServerMessage *msg,
                    guint              status,
                    JsonNode          *node)
{
  hrm_http_send_json_text (msg, status, hrm_json_to_string (node));
}

/**
 * hrm_http_send_json_text:
 * @text: (transfer full): JSON already written, as hrm_http_send_json() would
 */
void
hrm_http_send_json_text (SoupServerMessage *msg,
                         guint              status,
                         char              *text)
{
  soup_server_message_set_status (msg, status, reason_phrase (status));
  hrm_http_set_no_store (msg);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_TAKE,
                                    text, strlen (text));
}

void
hrm_http_send_error (SoupServerMessage *msg,
                     guint              status,
                     const char        *code,
                     const char        *message,
                     GHashTable        *fields)
{
  g_autoptr(JsonNode) node = hrm_api_error_new (code, message, fields);

  hrm_http_send_json (msg, status, node);
}

/* 400 bad_request with @message, also as the field error of the query
 * parameter @name. */
void
hrm_http_send_bad_parameter (SoupServerMessage *msg,
                             const char        *name,
                             const char        *message)
{
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (fields, (char *) name, (char *) message);
  hrm_http_send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", message, fields);
}

void
hrm_http_send_gerror (SoupServerMessage *msg,
                      const GError      *error)
{
  HrmError code = error->domain == HRM_ERROR ? (HrmError) error->code : HRM_ERROR_FAILED;

  if (code == HRM_ERROR_FAILED)
    {
      hrm_http_send_internal_error (msg, error);
      return;
    }

  hrm_http_send_error (msg, hrm_error_to_http_status (code), hrm_error_to_api_code (code),
                       error->message, NULL);
}

void
hrm_http_send_internal_error (SoupServerMessage *msg,
                              const GError      *error)
{
  g_warning ("Internal error: %s", error ? error->message : "?");
  hrm_http_send_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error",
                       _("Something went wrong on the server. Try again later."), NULL);
}

/* RFC 6749 §5.2 */
void
hrm_http_send_oauth_error (SoupServerMessage *msg,
                           guint              status,
                           const char        *error,
                           const char        *description)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  hrm_json_builder_add_string (builder, "error", error);
  hrm_json_builder_add_string (builder, "error_description", description);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Pragma", "no-cache");
  hrm_http_send_json (msg, status, node);
}

void
hrm_http_send_unauthorized (SoupServerMessage *msg,
                            const char        *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "WWW-Authenticate",
                                "Bearer realm=\"hrm\", error=\"invalid_token\"");
  hrm_http_send_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", message, NULL);
}

void
hrm_http_send_html (SoupServerMessage *msg,
                    guint              status,
                    const char        *html)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, status, reason_phrase (status));
  hrm_http_set_no_store (msg);
  /* frame-ancestors and base-uri do not fall back to default-src: without
   * them a page could be framed, or a <base> could redirect its form. */
  soup_message_headers_replace (headers, "Content-Security-Policy",
                                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                                "frame-ancestors 'none'; base-uri 'none'");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                    html, strlen (html));
}

void
hrm_http_set_retry_after (SoupServerMessage *msg,
                          gint64             seconds)
{
  g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (seconds, 1));

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", value);
}

/**
 * hrm_http_check_body_size:
 * Sends 413 and returns %FALSE when the request body is larger than 1 MiB.
 */
gboolean
hrm_http_check_body_size (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  gsize max = hrm_http_max_body_for (soup_server_message_get_method (msg),
                                     g_uri_get_path (soup_server_message_get_uri (msg)));

  if (body != NULL && (gsize) body->length > max)
    {
      hrm_http_send_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                           hrm_http_too_large_message (max), NULL);
      return FALSE;
    }
  return TRUE;
}

/* Sends what hrm_http_parse_*_body() decided on. */
static void
send_refusal (SoupServerMessage *msg,
              guint              status,
              const char        *field,
              const GError      *error)
{
  g_autoptr(GHashTable) fields = NULL;

  if (status == 422 && field != NULL)
    {
      fields = g_hash_table_new (g_str_hash, g_str_equal);
      g_hash_table_insert (fields, (char *) field, error->message);
      hrm_http_send_error (msg, status, hrm_http_status_api_code (status),
                           _("Some fields are not valid"), fields);
      return;
    }

  hrm_http_send_error (msg, status, hrm_http_status_api_code (status), error->message, NULL);
}

static GBytes *
get_body (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  return body != NULL ? soup_message_body_flatten (body) : g_bytes_new (NULL, 0);
}

static GHashTable *
read_form (SoupServerMessage *msg,
           gboolean           oauth)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) bytes = get_body (msg);
  g_autoptr(GError) error = NULL;
  GHashTable *form;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  guint status;

  form = hrm_http_parse_form_body (type, data, length, &status, &error);
  if (form == NULL && oauth && status == SOUP_STATUS_BAD_REQUEST)
    hrm_http_send_oauth_error (msg, status, "invalid_request", error->message);
  else if (form == NULL)
    send_refusal (msg, status, NULL, error);

  return form;
}

/**
 * hrm_http_read_form:
 * Decodes an application/x-www-form-urlencoded body (hrm_http_parse_form_body()).
 * Returns %NULL with a response sent when the body is too large or not a form.
 */
GHashTable *
hrm_http_read_form (SoupServerMessage *msg)
{
  return read_form (msg, FALSE);
}

/**
 * hrm_http_read_oauth_form:
 * Like hrm_http_read_form(), for /oauth/: a malformed form (400) is an
 * RFC 6749 §5.2 invalid_request, as a repeated parameter must be.
 */
GHashTable *
hrm_http_read_oauth_form (SoupServerMessage *msg)
{
  return read_form (msg, TRUE);
}

/**
 * hrm_http_read_json:
 * Parses the request body as a JSON object (hrm_http_parse_json_body()).
 * Returns %NULL with a response sent (400, 413, 415 or 422) when that is not
 * possible. With @merge_patch, application/merge-patch+json is accepted
 * besides application/json.
 */
JsonObject *
hrm_http_read_json (SoupServerMessage *msg,
                    gboolean           merge_patch)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) bytes = get_body (msg);
  g_autoptr(GError) error = NULL;
  g_autofree char *field = NULL;
  JsonObject *object;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  guint status;

  gsize max = hrm_http_max_body_for (soup_server_message_get_method (msg),
                                     g_uri_get_path (soup_server_message_get_uri (msg)));

  object = hrm_http_parse_json_body_max (type, data, length, max, merge_patch, &status, &field,
                                         &error);
  if (object == NULL)
    send_refusal (msg, status, field, error);

  return object;
}

/**
 * hrm_http_new_fields:
 * A table for the "fields" of a 422 answer: member name → reason, both owned.
 */
GHashTable *
hrm_http_new_fields (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * hrm_http_check_members:
 * @object: an object of a request body
 * @where: (nullable): where @object is in the body ("items[0].scope"), or
 *   %NULL for the body itself
 * @allowed: (array zero-terminated=1): the members @object may have
 * @fields: a table from hrm_http_new_fields()
 *
 * A body is taken as a whole or not at all: a member the server does not know
 * (a misspelt one, or one meant for another endpoint) is refused, never
 * ignored. Each unknown member goes into @fields under its place in the body
 * ("extra", "items[1].scope.extra") with the same reason PATCH gives.
 *
 * Returns: whether every member of @object is in @allowed
 */
gboolean
hrm_http_check_members (JsonObject         *object,
                        const char         *where,
                        const char * const *allowed,
                        GHashTable         *fields)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  gboolean known_all = TRUE;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (allowed != NULL, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    {
      char *key;

      if (g_strv_contains (allowed, name))
        continue;

      known_all = FALSE;
      key = where ? g_strconcat (where, ".", name, NULL) : g_strdup (name);
      if (g_hash_table_contains (fields, key))
        g_free (key);
      else
        g_hash_table_insert (fields, key, g_strdup (_("There is no such field")));
    }

  return known_all;
}

/**
 * hrm_http_send_invalid_fields:
 * Sends 422 with @fields (which must not be empty).
 */
void
hrm_http_send_invalid_fields (SoupServerMessage *msg,
                              GHashTable        *fields)
{
  g_return_if_fail (fields != NULL && g_hash_table_size (fields) > 0);

  hrm_http_send_error (msg, 422, "invalid", _("Some fields are not valid"), fields);
}

/* The token of an "Authorization: Bearer …" header, or NULL. */
const char *
hrm_http_get_bearer (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "Authorization");

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return NULL;

  value += 7;
  while (*value == ' ')
    value++;

  return *value ? value : NULL;
}

/**
 * hrm_http_prefers_swedish:
 * Whether the Accept-Language header ranks Swedish above English.
 */
gboolean
hrm_http_prefers_swedish (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "Accept-Language");
  g_autoptr(GSList) ranked = NULL;

  if (value == NULL)
    return FALSE;

  ranked = soup_header_parse_quality_list (value, NULL);
  for (GSList *l = ranked; l != NULL; l = l->next)
    {
      const char *tag = l->data;

      if (g_ascii_strncasecmp (tag, "sv", 2) == 0 && (tag[2] == '\0' || tag[2] == '-'))
        {
          g_slist_free_full (g_steal_pointer (&ranked), g_free);
          return TRUE;
        }
      if (g_ascii_strncasecmp (tag, "en", 2) == 0 && (tag[2] == '\0' || tag[2] == '-'))
        break;
    }
  g_slist_free_full (g_steal_pointer (&ranked), g_free);

  return FALSE;
}

char *
hrm_base64url_encode (const char *data,
                      gsize       length)
{
  char *text = g_base64_encode ((const guchar *) data, length);

  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  for (char *end = text + strlen (text); end > text && end[-1] == '='; end--)
    end[-1] = '\0';

  return text;
}

/* Decodes base64url (padding optional). Returns NULL for anything else. */
char *
hrm_base64url_decode (const char *text,
                      gsize      *out_length)
{
  g_autoptr(GString) padded = NULL;
  guchar *data;

  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '=')
      return NULL;

  padded = g_string_new (text);
  g_strdelimit (padded->str, "-", '+');
  g_strdelimit (padded->str, "_", '/');
  while (padded->len % 4 != 0)
    g_string_append_c (padded, '=');

  data = g_base64_decode (padded->str, out_length);
  if (data == NULL || *out_length == 0)
    {
      g_free (data);
      return NULL;
    }

  /* Callers treat the result as text. */
  data = g_realloc (data, *out_length + 1);
  data[*out_length] = '\0';
  return (char *) data;
}
