/* hrm-http.h — small helpers for answering HTTP requests
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "hrm-http-body.h"

G_BEGIN_DECLS

void        hrm_http_send_json          (SoupServerMessage  *msg,
                                         guint               status,
                                         JsonNode           *node);
void        hrm_http_send_json_text     (SoupServerMessage  *msg,
                                         guint               status,
                                         char               *text);
void        hrm_http_send_error         (SoupServerMessage  *msg,
                                         guint               status,
                                         const char         *code,
                                         const char         *message,
                                         GHashTable         *fields);
void        hrm_http_send_bad_parameter (SoupServerMessage  *msg,
                                         const char         *name,
                                         const char         *message);
void        hrm_http_send_gerror        (SoupServerMessage  *msg,
                                         const GError       *error);
void        hrm_http_send_internal_error (SoupServerMessage *msg,
                                         const GError       *error);
void        hrm_http_send_oauth_error   (SoupServerMessage  *msg,
                                         guint               status,
                                         const char         *error,
                                         const char         *description);
void        hrm_http_send_unauthorized  (SoupServerMessage  *msg,
                                         const char         *message);
void        hrm_http_send_html          (SoupServerMessage  *msg,
                                         guint               status,
                                         const char         *html);
void        hrm_http_set_retry_after    (SoupServerMessage  *msg,
                                         gint64              seconds);
void        hrm_http_set_no_store       (SoupServerMessage  *msg);

gboolean    hrm_http_check_body_size    (SoupServerMessage  *msg);
GHashTable *hrm_http_read_form          (SoupServerMessage  *msg);
GHashTable *hrm_http_read_oauth_form    (SoupServerMessage  *msg);
JsonObject *hrm_http_read_json          (SoupServerMessage  *msg,
                                         gboolean            merge_patch);
GHashTable *hrm_http_new_fields         (void);
gboolean    hrm_http_check_members      (JsonObject         *object,
                                         const char         *where,
                                         const char * const *allowed,
                                         GHashTable         *fields);
void        hrm_http_send_invalid_fields (SoupServerMessage *msg,
                                         GHashTable         *fields);
const char *hrm_http_get_bearer         (SoupServerMessage  *msg);
gboolean    hrm_http_prefers_swedish    (SoupServerMessage  *msg);

/* CSV answers (RFC 4180, UTF-8, CRLF): one field, quoted as needed and
 * guarded against formulas; what an Accept header asks for. */
void        hrm_http_csv_append_field   (GString            *csv,
                                         const char         *text,
                                         gboolean            last);
gboolean    hrm_http_accepts_csv        (SoupServerMessage  *msg);
gboolean    hrm_http_accepts_json       (SoupServerMessage  *msg);

char       *hrm_base64url_encode        (const char         *data,
                                         gsize               length);
char       *hrm_base64url_decode        (const char         *text,
                                         gsize              *out_length);

G_END_DECLS
