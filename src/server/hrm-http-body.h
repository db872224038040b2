/* hrm-http-body.h — what a request body or query string says, without a socket
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define HRM_HTTP_MAX_BODY (1024 * 1024)

GHashTable *hrm_http_decode_form      (const char  *text,
                                       gsize        length,
                                       GError     **error);
JsonObject *hrm_http_parse_json_body  (const char  *content_type,
                                       const char  *data,
                                       gsize        length,
                                       gboolean     merge_patch,
                                       guint       *out_status,
                                       char       **out_field,
                                       GError     **error);
GHashTable *hrm_http_parse_form_body  (const char  *content_type,
                                       const char  *data,
                                       gsize        length,
                                       guint       *out_status,
                                       GError     **error);
const char *hrm_http_status_api_code  (guint        status);

G_END_DECLS
