/* hrm-http-body.h — what a request body or query string says, without a socket
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define HRM_HTTP_MAX_BODY (1024 * 1024)
/* The one endpoint that takes more: POST /api/v1/bulk-jobs, whose set_email
 * rows of an imported file (up to 100 000 of them, about 90 bytes each) must
 * fit in one request, so that the preview sees the whole file. */
#define HRM_HTTP_MAX_BULK_BODY (16 * 1024 * 1024)

gsize       hrm_http_max_body_for     (const char  *method,
                                       const char  *path);
const char *hrm_http_too_large_message (gsize       max);

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
JsonObject *hrm_http_parse_json_body_max (const char  *content_type,
                                          const char  *data,
                                          gsize        length,
                                          gsize        max,
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
