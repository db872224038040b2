/* hrm-http-body.c — what a request body or query string says, without a socket
 *
 * The decisions about a request body (its media type, size, encoding and
 * syntax) are pure functions of its bytes, so tests and fuzzers call them
 * directly; hrm-http.c only takes the bytes out of the SoupServerMessage and
 * sends the answer these functions decide on.
 *
 * JSON goes through hrm_json_parse(), the one strict RFC 8259 check.
 * Forms and query strings are decoded here rather than by soup_form_decode(),
 * which cuts a value at %00 and lets %FF through as text: a name or value
 * that is not UTF-8 after decoding, holds U+0000, has a broken %-escape, or a
 * name that comes twice is refused.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-http"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hrm-error.h"
#include "hrm-http-body.h"
#include "hrm-json.h"

/* One name or value: "+" is a space, %XX a byte. */
static char *
decode_part (const char  *text,
             gsize        length,
             GError     **error)
{
  g_autoptr(GString) out = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (c == '+')
        c = ' ';
      else if (c == '%')
        {
          int high = i + 2 < length ? g_ascii_xdigit_value (text[i + 1]) : -1;
          int low = i + 2 < length ? g_ascii_xdigit_value (text[i + 2]) : -1;

          if (high < 0 || low < 0)
            {
              g_set_error_literal (error, HRM_ERROR, HRM_ERROR_PROTOCOL,
                                   _("The form has a “%” that is not followed by two hex digits"));
              return NULL;
            }
          c = (char) (high * 16 + low);
          i += 2;
        }

      if (c == '\0')
        {
          g_set_error_literal (error, HRM_ERROR, HRM_ERROR_PROTOCOL,
                               _("The form contains a NUL character"));
          return NULL;
        }
      g_string_append_c (out, c);
    }

  if (!g_utf8_validate_len (out->str, out->len, NULL))
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_PROTOCOL, _("The form is not valid UTF-8"));
      return NULL;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * hrm_http_decode_form:
 * @text: application/x-www-form-urlencoded text (a body or a query string)
 * @length: its length in bytes
 *
 * Decodes name=value pairs separated by "&". Empty pairs and pairs without
 * "=" are skipped, as soup_form_decode() does. Anything it would cut or let
 * through unchecked is %HRM_ERROR_PROTOCOL (see the top of this file).
 *
 * Returns: (transfer full): names to values, both UTF-8 without NULs
 */
GHashTable *
hrm_http_decode_form (const char  *text,
                      gsize        length,
                      GError     **error)
{
  g_autoptr(GHashTable) form = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gsize start = 0;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  while (start < length)
    {
      const char *pair = text + start;
      const char *amp = memchr (pair, '&', length - start);
      gsize pair_length = amp ? (gsize) (amp - pair) : length - start;
      const char *eq = memchr (pair, '=', pair_length);
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      start += pair_length + 1;
      if (eq == NULL)
        continue;

      name = decode_part (pair, eq - pair, error);
      if (name == NULL)
        return NULL;
      value = decode_part (eq + 1, pair_length - (eq + 1 - pair), error);
      if (value == NULL)
        return NULL;

      if (g_hash_table_contains (form, name))
        {
          g_set_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL, _("The form gives “%s” twice"), name);
          return NULL;
        }
      g_hash_table_insert (form, g_steal_pointer (&name), g_steal_pointer (&value));
    }

  return g_steal_pointer (&form);
}

/**
 * hrm_http_max_body_for:
 * The largest request body @method @path may have: HRM_HTTP_MAX_BODY, or
 * HRM_HTTP_MAX_BULK_BODY for POST /api/v1/bulk-jobs (an imported file's
 * rows). The transport refuses a larger one before reading it.
 */
gsize
hrm_http_max_body_for (const char *method,
                       const char *path)
{
  if (g_strcmp0 (method, "POST") == 0 && g_strcmp0 (path, "/api/v1/bulk-jobs") == 0)
    return HRM_HTTP_MAX_BULK_BODY;
  return HRM_HTTP_MAX_BODY;
}

/* The reason of a 413 for a body over @max. */
const char *
hrm_http_too_large_message (gsize max)
{
  if (max == HRM_HTTP_MAX_BULK_BODY)
    return _("The request body is larger than 16 MiB");
  return _("The request body is larger than 1 MiB");
}

static gboolean
check_size_and_nul (const char  *data,
                    gsize        length,
                    gsize        max,
                    guint       *out_status,
                    GError     **error)
{
  if (length > max)
    {
      *out_status = 413;
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INVALID, hrm_http_too_large_message (max));
      return FALSE;
    }

  if (length > 0 && memchr (data, '\0', length) != NULL)
    {
      *out_status = 400;
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_PROTOCOL,
                           _("The request body contains a NUL character"));
      return FALSE;
    }

  return TRUE;
}

/**
 * hrm_http_parse_json_body:
 * @content_type: (nullable): the media type, without parameters
 * @data: the body, @length bytes
 * @merge_patch: whether application/merge-patch+json is accepted too
 * @out_status: the status to answer with when this fails
 * @out_field: (out) (optional): on 422, the member at fault
 * @error: the reason to send
 *
 * Returns: (transfer full): the body's object, or %NULL with @out_status set:
 *   415 (media type), 413 (over 1 MiB), 400 (not strict JSON, or not an
 *   object; %HRM_ERROR_PROTOCOL) or 422 (a string member holds \u0000 or an
 *   unpaired surrogate; %HRM_ERROR_INVALID, @out_field names it)
 */
JsonObject *
hrm_http_parse_json_body (const char  *content_type,
                          const char  *data,
                          gsize        length,
                          gboolean     merge_patch,
                          guint       *out_status,
                          char       **out_field,
                          GError     **error)
{
  return hrm_http_parse_json_body_max (content_type, data, length, HRM_HTTP_MAX_BODY, merge_patch,
                                       out_status, out_field, error);
}

/**
 * hrm_http_parse_json_body_max:
 * hrm_http_parse_json_body() with a body of at most @max bytes.
 */
JsonObject *
hrm_http_parse_json_body_max (const char  *content_type,
                              const char  *data,
                              gsize        length,
                              gsize        max,
                              gboolean     merge_patch,
                              guint       *out_status,
                              char       **out_field,
                              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (out_status != NULL, NULL);

  *out_status = 200;

  if (content_type != NULL && g_ascii_strcasecmp (content_type, "application/json") != 0
      && !(merge_patch && g_ascii_strcasecmp (content_type, "application/merge-patch+json") == 0))
    {
      *out_status = 415;
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INVALID,
                           merge_patch ? _("Send the body as application/merge-patch+json")
                                       : _("Send the body as application/json"));
      return NULL;
    }

  if (!check_size_and_nul (data, length, max, out_status, error))
    return NULL;

  root = hrm_json_parse (data, length, HRM_JSON_MAX_DEPTH, out_field, &local_error);
  if (root == NULL)
    {
      *out_status = g_error_matches (local_error, HRM_ERROR, HRM_ERROR_INVALID) ? 422 : 400;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      *out_status = 400;
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_PROTOCOL, _("A JSON object was expected"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/**
 * hrm_http_parse_form_body:
 * Like hrm_http_parse_json_body() for an application/x-www-form-urlencoded
 * body (415, 413 or 400).
 *
 * Returns: (transfer full): names to values, or %NULL with @out_status set
 */
GHashTable *
hrm_http_parse_form_body (const char  *content_type,
                          const char  *data,
                          gsize        length,
                          guint       *out_status,
                          GError     **error)
{
  GHashTable *form;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (out_status != NULL, NULL);

  *out_status = 200;

  if (content_type != NULL
      && g_ascii_strcasecmp (content_type, "application/x-www-form-urlencoded") != 0)
    {
      *out_status = 415;
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INVALID,
                           _("Send the form as application/x-www-form-urlencoded"));
      return NULL;
    }

  if (!check_size_and_nul (data, length, HRM_HTTP_MAX_BODY, out_status, error))
    return NULL;

  form = hrm_http_decode_form (data, length, error);
  if (form == NULL)
    *out_status = 400;

  return form;
}

/* The API error code that goes with a status these functions decide on. */
const char *
hrm_http_status_api_code (guint status)
{
  switch (status)
    {
    case 413: return "payload_too_large";
    case 415: return "unsupported_media_type";
    case 422: return "invalid";
    case 400:
    default:
      return "bad_request";
    }
}
