/* hrm-cursor.c — the users list's opaque keyset cursor
 *
 * base64url of ["last name", "first name", id]: the key of the last row of a
 * page. It is ours, but comes back from the client, so it is read by the one
 * strict JSON check like a request body (a flat array, nothing nested).
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-cursor"

#include "config.h"

#include <string.h>

#include "hrm-cursor.h"
#include "hrm-http.h"
#include "hrm-json.h"

char *
hrm_cursor_encode (const char *last_name,
                   const char *first_name,
                   gint64      id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, last_name ? last_name : "");
  json_builder_add_string_value (builder, first_name ? first_name : "");
  json_builder_add_int_value (builder, id);
  json_builder_end_array (builder);
  node = json_builder_get_root (builder);
  json = hrm_json_to_string (node);

  return hrm_base64url_encode (json, strlen (json));
}

/**
 * hrm_cursor_decode:
 * Returns: whether @text is a cursor; the out parameters are set only then
 */
gboolean
hrm_cursor_decode (const char  *text,
                   char       **out_last_name,
                   char       **out_first_name,
                   gint64      *out_id)
{
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  gsize length;

  g_return_val_if_fail (text != NULL, FALSE);

  json = hrm_base64url_decode (text, &length);
  if (json == NULL)
    return FALSE;

  root = hrm_json_parse (json, length, 1, NULL, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return FALSE;
  array = json_node_get_array (root);
  if (json_array_get_length (array) != 3)
    return FALSE;

  for (guint i = 0; i < 3; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      GType want = i < 2 ? G_TYPE_STRING : G_TYPE_INT64;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != want)
        return FALSE;
    }

  *out_last_name = g_strdup (json_array_get_string_element (array, 0));
  *out_first_name = g_strdup (json_array_get_string_element (array, 1));
  *out_id = json_array_get_int_element (array, 2);
  return TRUE;
}
