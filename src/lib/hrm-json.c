/* hrm-json.c — JSON in and out, with type checks
 *
 * Every member read from the wire goes through a getter that says which member
 * had the wrong type, so a malformed body becomes a clear error, never a crash.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-json"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hrm-error.h"
#include "hrm-json.h"
#include "hrm-json-check.h"

/**
 * hrm_json_parse:
 * @data: JSON text, @length bytes (-1: up to a NUL)
 * @max_depth: how many arrays and objects may nest
 * @out_member: (out) (optional): on %HRM_ERROR_INVALID, the top-level member
 *   whose string json-glib would cut or mangle
 * @error: return location for an error
 *
 * Reads any JSON value. The text passes hrm_json_check() (strict RFC 8259,
 * the nesting limit, unique member names; %HRM_ERROR_PROTOCOL or
 * %HRM_ERROR_INVALID) before json-glib sees it.
 *
 * Returns: (transfer full): the root node, or %NULL
 */
JsonNode *
hrm_json_parse (const char  *data,
                gssize       length,
                guint        max_depth,
                char       **out_member,
                GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (length < 0)
    length = data ? strlen (data) : 0;
  if (data == NULL)
    length = 0;

  if (!hrm_json_check (data, length, max_depth, out_member, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      /* The check and json-glib disagree: a bug, but not one to crash on. */
      g_set_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL, _("The body is not valid JSON: %s"),
                   local_error->message);
      return NULL;
    }

  root = json_parser_steal_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_PROTOCOL,
                           _("The body is empty; JSON was expected"));
      return NULL;
    }

  return root;
}

/**
 * hrm_json_parse_object:
 * Reads a JSON object (hrm_json_parse() with %HRM_JSON_MAX_DEPTH): its
 * errors, and %HRM_ERROR_PROTOCOL when the value is not an object.
 */
JsonObject *
hrm_json_parse_object (const char  *data,
                       gssize       length,
                       GError     **error)
{
  g_autoptr(JsonNode) root = hrm_json_parse (data, length, HRM_JSON_MAX_DEPTH, NULL, error);

  if (root == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_PROTOCOL, _("A JSON object was expected"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

char *
hrm_json_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  GString *escaped;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);

  /* json-glib 1.6 escapes every control character but U+001F, which it
   * writes raw: RFC 8259 (and hrm_json_check()) refuse that. The byte 0x1F
   * is never part of a longer UTF-8 sequence, and the generator writes it
   * only inside strings, so escaping it here is exact. */
  if (strchr (text, 0x1f) == NULL)
    return g_steal_pointer (&text);

  escaped = g_string_sized_new (strlen (text) + 16);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == 0x1f)
        g_string_append (escaped, "\\u001f");
      else
        g_string_append_c (escaped, *p);
    }
  return g_string_free (escaped, FALSE);
}

char *
hrm_json_object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return hrm_json_to_string (node);
}

static void
set_type_error (GError     **error,
                const char  *member,
                const char  *expected)
{
  /* TRANSLATORS: the first %s is a JSON member name, the second a type such as "a string" */
  g_set_error (error, HRM_ERROR, HRM_ERROR_INVALID, _("“%s” must be %s"), member, expected);
}

gboolean
hrm_json_get_string (JsonObject  *object,
                     const char  *member,
                     gboolean     nullable,
                     char       **out_value,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (nullable)
        {
          *out_value = NULL;
          return TRUE;
        }
      set_type_error (error, member, _("a string"));
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      set_type_error (error, member, _("a string"));
      return FALSE;
    }

  *out_value = g_strdup (json_node_get_string (node));
  return TRUE;
}

gboolean
hrm_json_get_int (JsonObject  *object,
                  const char  *member,
                  gint64      *out_value,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      set_type_error (error, member, _("a whole number"));
      return FALSE;
    }

  *out_value = json_node_get_int (node);
  return TRUE;
}

gboolean
hrm_json_get_bool (JsonObject  *object,
                   const char  *member,
                   gboolean    *out_value,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      set_type_error (error, member, _("true or false"));
      return FALSE;
    }

  *out_value = json_node_get_boolean (node);
  return TRUE;
}

/**
 * hrm_json_get_datetime:
 * Reads an RFC 3339 time. A missing or null member gives %NULL, not an error.
 */
gboolean
hrm_json_get_datetime (JsonObject  *object,
                       const char  *member,
                       GDateTime  **out_value,
                       GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) utc = NULL;
  GDateTime *value;

  if (!hrm_json_get_string (object, member, TRUE, &text, error))
    return FALSE;

  if (text == NULL)
    {
      *out_value = NULL;
      return TRUE;
    }

  value = g_date_time_new_from_iso8601 (text, NULL);
  utc = value ? g_date_time_to_utc (value) : NULL;
  if (utc == NULL)
    {
      g_clear_pointer (&value, g_date_time_unref);
      set_type_error (error, member, _("a date and time"));
      return FALSE;
    }

  *out_value = value;
  return TRUE;
}

JsonObject *
hrm_json_get_object (JsonObject  *object,
                     const char  *member,
                     gboolean     nullable,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    return json_node_get_object (node);

  if (nullable && (node == NULL || JSON_NODE_HOLDS_NULL (node)))
    return NULL;

  set_type_error (error, member, _("an object"));
  return NULL;
}

JsonArray *
hrm_json_get_array (JsonObject  *object,
                    const char  *member,
                    GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    return json_node_get_array (node);

  set_type_error (error, member, _("a list"));
  return NULL;
}

char *
hrm_datetime_to_iso8601 (GDateTime *datetime)
{
  g_autoptr(GDateTime) utc = NULL;

  if (datetime == NULL)
    return NULL;

  /* hrm_json_get_datetime() takes only times that have a UTC. */
  utc = g_date_time_to_utc (datetime);
  g_return_val_if_fail (utc != NULL, NULL);

  /* Not "%Y": it leaves years before 1000 unpadded, which is not RFC 3339. */
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                          g_date_time_get_year (utc), g_date_time_get_month (utc),
                          g_date_time_get_day_of_month (utc), g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc), g_date_time_get_second (utc));
}

void
hrm_json_builder_add_datetime (JsonBuilder *builder,
                               const char  *member,
                               GDateTime   *datetime)
{
  g_autofree char *text = hrm_datetime_to_iso8601 (datetime);

  json_builder_set_member_name (builder, member);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

void
hrm_json_builder_add_string (JsonBuilder *builder,
                             const char  *member,
                             const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

JsonNode *
hrm_api_error_new (const char *code,
                   const char *message,
                   GHashTable *fields)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  hrm_json_builder_add_string (builder, "code", code);
  hrm_json_builder_add_string (builder, "message", message);
  if (fields != NULL && g_hash_table_size (fields) > 0)
    {
      GHashTableIter iter;
      gpointer key, value;

      json_builder_set_member_name (builder, "fields");
      json_builder_begin_object (builder);
      g_hash_table_iter_init (&iter, fields);
      while (g_hash_table_iter_next (&iter, &key, &value))
        hrm_json_builder_add_string (builder, key, value);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * hrm_api_error_parse:
 * Reads the API's error body. Returns %FALSE when @root is not one.
 * @out_fields, when set, maps field names to reasons (possibly empty).
 */
gboolean
hrm_api_error_parse (JsonObject  *root,
                     char       **out_code,
                     char       **out_message,
                     GHashTable **out_fields)
{
  JsonObject *error;
  JsonObject *fields;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (root != NULL, FALSE);

  error = hrm_json_get_object (root, "error", FALSE, NULL);
  if (error == NULL)
    return FALSE;

  if (!hrm_json_get_string (error, "code", TRUE, &code, NULL)
      || !hrm_json_get_string (error, "message", TRUE, &message, NULL))
    return FALSE;

  if (out_fields != NULL)
    {
      *out_fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      fields = hrm_json_get_object (error, "fields", TRUE, NULL);
      if (fields != NULL)
        {
          JsonObjectIter iter;
          const char *name;
          JsonNode *node;

          json_object_iter_init (&iter, fields);
          while (json_object_iter_next (&iter, &name, &node))
            if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
              g_hash_table_insert (*out_fields, g_strdup (name), g_strdup (json_node_get_string (node)));
        }
    }

  if (out_code != NULL)
    *out_code = g_steal_pointer (&code);
  if (out_message != NULL)
    *out_message = g_steal_pointer (&message);

  return TRUE;
}
