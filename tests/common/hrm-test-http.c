/* hrm-test-http.c — synchronous HTTP for tests
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>

#include "hrm-test-http.h"

void
hrm_test_response_free (HrmTestResponse *response)
{
  if (response == NULL)
    return;

  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->text, g_free);
  g_clear_pointer (&response->json, json_object_unref);
  g_clear_error (&response->error);
  g_free (response);
}

SoupSession *
hrm_test_session_new (void)
{
  return soup_session_new_with_options ("timeout", 30,
                                        "idle-timeout", 30,
                                        "proxy-resolver", NULL,
                                        NULL);
}

SoupSession *
hrm_test_session_new_from (const char *local_ip)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (local_ip);
  g_autoptr(GInetSocketAddress) local = NULL;

  g_assert_nonnull (address);
  local = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (address, 0));
  return soup_session_new_with_options ("timeout", 30,
                                        "idle-timeout", 30,
                                        "proxy-resolver", NULL,
                                        "local-address", local,
                                        NULL);
}

SoupSession *
hrm_test_session_new_trusting (const char *ca_file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca_file, &error);
  SoupSession *session;

  g_assert_no_error (error);
  session = hrm_test_session_new ();
  soup_session_set_tls_database (session, database);
  return session;
}

static JsonObject *
parse_object (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data = g_bytes_get_data (body, &size);
  JsonNode *root;

  if (size == 0 || !g_utf8_validate_len (data, size, NULL))
    return NULL;
  if (!json_parser_load_from_data (parser, data, size, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

/* Completes @response from @msg once its body (or error) is in. */
static void
fill_response (HrmTestResponse *response,
               SoupMessage     *msg)
{
  gsize size;
  const char *data;

  if (response->body == NULL)
    response->body = g_bytes_new (NULL, 0);
  else
    response->status = soup_message_get_status (msg);

  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  data = g_bytes_get_data (response->body, &size);
  response->text = g_strndup (data ? data : "", size);
  response->json = parse_object (response->body);
}

static HrmTestResponse *
send_request (SoupSession *session,
              const char  *method,
              const char  *uri,
              const char  *content_type,
              const char  *body,
              gssize       body_length,
              GPtrArray   *headers)
{
  g_autoptr(SoupMessage) msg = NULL;
  HrmTestResponse *response = g_new0 (HrmTestResponse, 1);

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);

  msg = soup_message_new (method, uri);
  g_assert_nonnull (msg);

  for (guint i = 0; i + 1 < headers->len; i += 2)
    if (headers->pdata[i + 1] != NULL)
      soup_message_headers_append (soup_message_get_request_headers (msg),
                                   headers->pdata[i], headers->pdata[i + 1]);

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = NULL;

      if (body_length < 0)
        body_length = strlen (body);
      bytes = g_bytes_new (body, body_length);
      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }
  else if (content_type != NULL)
    {
      soup_message_headers_set_content_type (soup_message_get_request_headers (msg),
                                             content_type, NULL);
    }

  response->body = soup_session_send_and_read (session, msg, NULL, &response->error);
  fill_response (response, msg);
  return response;
}

static GPtrArray *
collect_pairs (va_list args)
{
  GPtrArray *pairs = g_ptr_array_new ();
  const char *name;

  while ((name = va_arg (args, const char *)) != NULL)
    {
      g_ptr_array_add (pairs, (gpointer) name);
      g_ptr_array_add (pairs, va_arg (args, char *));
    }

  return pairs;
}

HrmTestResponse *
hrm_test_http_v (SoupSession *session,
                 const char  *method,
                 const char  *uri,
                 const char  *content_type,
                 const char  *body,
                 gssize       body_length,
                 va_list      headers)
{
  g_autoptr(GPtrArray) pairs = collect_pairs (headers);

  return send_request (session, method, uri, content_type, body, body_length, pairs);
}

HrmTestResponse *
hrm_test_http (SoupSession *session,
               const char  *method,
               const char  *uri,
               const char  *content_type,
               const char  *body,
               gssize       body_length,
               ...)
{
  HrmTestResponse *response;
  va_list args;

  va_start (args, body_length);
  response = hrm_test_http_v (session, method, uri, content_type, body, body_length, args);
  va_end (args);

  return response;
}

HrmTestResponse *
hrm_test_api (SoupSession *session,
              const char  *base_uri,
              const char  *token,
              const char  *method,
              const char  *path,
              const char  *json_body,
              ...)
{
  g_autofree char *uri = g_strconcat (base_uri, path, NULL);
  g_autofree char *bearer = token ? g_strconcat ("Bearer ", token, NULL) : NULL;
  g_autoptr(GPtrArray) pairs = NULL;
  va_list args;

  va_start (args, json_body);
  pairs = collect_pairs (args);
  va_end (args);

  g_ptr_array_add (pairs, (gpointer) "Authorization");
  g_ptr_array_add (pairs, bearer);

  return send_request (session, method, uri, json_body ? "application/json" : NULL,
                       json_body, -1, pairs);
}

HrmTestResponse *
hrm_test_post_form (SoupSession *session,
                    const char  *base_uri,
                    const char  *path,
                    ...)
{
  g_autoptr(GString) form = g_string_new (NULL);
  g_autofree char *uri = g_strconcat (base_uri, path, NULL);
  const char *name;
  va_list args;

  va_start (args, path);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (form->len > 0)
        g_string_append_c (form, '&');
      g_string_append_uri_escaped (form, name, NULL, FALSE);
      g_string_append_c (form, '=');
      g_string_append_uri_escaped (form, value ? value : "", NULL, FALSE);
    }
  va_end (args);

  return hrm_test_http (session, "POST", uri, "application/x-www-form-urlencoded",
                        form->str, form->len, NULL);
}

const char *
hrm_test_response_get_header (HrmTestResponse *response,
                              const char      *name)
{
  return soup_message_headers_get_one (response->headers, name);
}

static JsonNode *
lookup (JsonObject *object,
        const char *path)
{
  g_auto(GStrv) parts = NULL;
  JsonNode *node = NULL;

  if (object == NULL)
    return NULL;

  parts = g_strsplit (path, ".", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (object == NULL)
        return NULL;
      node = json_object_get_member (object, parts[i]);
      if (node == NULL)
        return NULL;
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }

  return node;
}

const char *
hrm_test_json_get_string (JsonObject *object,
                          const char *path)
{
  JsonNode *node = lookup (object, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gint64
hrm_test_json_get_int (JsonObject *object,
                       const char *path)
{
  JsonNode *node = lookup (object, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return -1;
  return json_node_get_int (node);
}

gboolean
hrm_test_json_get_bool (JsonObject *object,
                        const char *path)
{
  JsonNode *node = lookup (object, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  return json_node_get_boolean (node);
}

gboolean
hrm_test_json_is_null (JsonObject *object,
                       const char *path)
{
  JsonNode *node = lookup (object, path);

  return node != NULL && JSON_NODE_HOLDS_NULL (node);
}

JsonArray *
hrm_test_json_get_array (JsonObject *object,
                         const char *path)
{
  JsonNode *node = lookup (object, path);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

JsonObject *
hrm_test_json_get_object (JsonObject *object,
                          const char *path)
{
  JsonNode *node = lookup (object, path);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

const char *
hrm_test_response_error_code (HrmTestResponse *response)
{
  return hrm_test_json_get_string (response->json, "error.code");
}

const char *
hrm_test_response_error_field (HrmTestResponse *response,
                               const char      *name)
{
  JsonObject *fields = hrm_test_json_get_object (response->json, "error.fields");

  return fields ? hrm_test_json_get_string (fields, name) : NULL;
}

static void
on_async_answered (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  HrmTestResponse **out = user_data;
  SoupSession *session = SOUP_SESSION (source);
  SoupMessage *msg = soup_session_get_async_result_message (session, result);
  HrmTestResponse *response = g_new0 (HrmTestResponse, 1);

  response->body = soup_session_send_and_read_finish (session, result, &response->error);
  fill_response (response, msg);
  *out = response;
}

void
hrm_test_send_async (SoupSession      *session,
                     SoupMessage      *msg,
                     HrmTestResponse **out)
{
  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (out != NULL && *out == NULL);

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_async_answered, out);
}

SoupMessage *
hrm_test_form_message (const char *uri,
                       ...)
{
  SoupMessage *msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) body = NULL;
  const char *first;
  char *form;
  va_list args;

  g_assert_nonnull (msg);
  va_start (args, uri);
  first = va_arg (args, const char *);
  form = soup_form_encode_valist (first, args);
  va_end (args);
  body = g_bytes_new_take (form, strlen (form));
  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
  return msg;
}
