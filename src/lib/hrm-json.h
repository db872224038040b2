/* hrm-json.h — JSON in and out, with type checks
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* How deep hrm_json_parse_object() lets arrays and objects nest. */
#define HRM_JSON_MAX_DEPTH 64

JsonNode   *hrm_json_parse               (const char   *data,
                                          gssize        length,
                                          guint         max_depth,
                                          char        **out_member,
                                          GError      **error);
JsonObject *hrm_json_parse_object        (const char   *data,
                                          gssize        length,
                                          GError      **error);
char       *hrm_json_to_string           (JsonNode     *node);
char       *hrm_json_object_to_string    (JsonObject   *object);

gboolean    hrm_json_get_string          (JsonObject   *object,
                                          const char   *member,
                                          gboolean      nullable,
                                          char        **out_value,
                                          GError      **error);
gboolean    hrm_json_get_int             (JsonObject   *object,
                                          const char   *member,
                                          gint64       *out_value,
                                          GError      **error);
gboolean    hrm_json_get_bool            (JsonObject   *object,
                                          const char   *member,
                                          gboolean     *out_value,
                                          GError      **error);
gboolean    hrm_json_get_datetime        (JsonObject   *object,
                                          const char   *member,
                                          GDateTime   **out_value,
                                          GError      **error);
JsonObject *hrm_json_get_object          (JsonObject   *object,
                                          const char   *member,
                                          gboolean      nullable,
                                          GError      **error);
JsonArray  *hrm_json_get_array           (JsonObject   *object,
                                          const char   *member,
                                          GError      **error);

char       *hrm_datetime_to_iso8601      (GDateTime    *datetime);
void        hrm_json_builder_add_datetime (JsonBuilder *builder,
                                           const char  *member,
                                           GDateTime   *datetime);
void        hrm_json_builder_add_string  (JsonBuilder  *builder,
                                          const char   *member,
                                          const char   *value);

/* The API's error body: {"error": {"code", "message", "fields": {name: why}}} */
JsonNode   *hrm_api_error_new            (const char   *code,
                                          const char   *message,
                                          GHashTable   *fields);
gboolean    hrm_api_error_parse          (JsonObject   *root,
                                          char        **out_code,
                                          char        **out_message,
                                          GHashTable  **out_fields);

G_END_DECLS
