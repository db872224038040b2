/* hrm-client-private.h — what the parts of HrmClient share
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "hrm-client.h"

G_BEGIN_DECLS

struct _HrmClient
{
  GObject       parent_instance;

  /* owned */
  SoupSession  *session;
  GUri         *base_uri;
  char         *base_uri_string;  /* without a trailing slash */
  char         *username;
  char         *access_token;     /* never logged */
  char         *refresh_token;    /* never logged */
  GPtrArray    *refresh_waiters;  /* (element-type GTask): requests waiting for the one refresh */
  GCancellable *cancellable;      /* cancelled on dispose; owns the shared refresh */
  gboolean      refreshing;
  guint         deadline_seconds; /* for one whole exchange, answer included */
};

/* Turns a successful response body into the result of a call.
 * @root is NULL when the response has no body. */
typedef gpointer (*HrmResponseParser) (JsonObject   *root,
                                       SoupMessage  *message,
                                       GError      **error);

typedef enum
{
  HRM_REQUEST_AUTHORIZED = 1 << 0,  /* send the bearer token; refresh once on 401 */
} HrmRequestFlags;

typedef struct _HrmRequest HrmRequest;

HrmRequest *_hrm_request_new                 (const char         *method,
                                              const char         *path,
                                              HrmRequestFlags     flags);
void        _hrm_request_set_json_body       (HrmRequest         *request,
                                              JsonNode           *body,
                                              const char         *content_type);
void        _hrm_request_set_form_body       (HrmRequest         *request,
                                              char               *form);
void        _hrm_request_set_if_match        (HrmRequest         *request,
                                              const char         *etag);
void        _hrm_request_set_idempotency_key (HrmRequest         *request,
                                              const char         *key);
void        _hrm_request_set_sink            (HrmRequest         *request,
                                              const char         *accept,
                                              GOutputStream      *sink);
void        _hrm_request_set_parser          (HrmRequest         *request,
                                              HrmResponseParser   parse,
                                              GDestroyNotify      result_free);
void        _hrm_request_free                (HrmRequest         *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HrmRequest, _hrm_request_free)

/* Sends @request (taking it), refreshing the access token once on 401. */
void        _hrm_client_send                 (HrmClient          *self,
                                              HrmRequest         *request,
                                              gpointer            source_tag,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
/* Returns the parser's result (NULL when there is none; check @error).
 * @out_fields receives the 422 field errors, if any. */
gpointer    _hrm_client_send_finish          (HrmClient          *self,
                                              GAsyncResult       *result,
                                              gpointer            source_tag,
                                              GHashTable        **out_fields,
                                              GError            **error);

/* The shared refresh (hrm-client.c): completes @task's wait, TRUE when a new
 * access token is there. */
void        _hrm_client_refresh_async        (HrmClient          *self,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
gboolean    _hrm_client_refresh_finish       (HrmClient          *self,
                                              GAsyncResult       *result,
                                              GError            **error);

/* Errors from a response or the transport (hrm-client-request.c). */
GError     *_hrm_client_error_from_response  (HrmClient          *self,
                                              SoupMessage        *message,
                                              GBytes             *body,
                                              GHashTable        **out_fields);
GError     *_hrm_client_error_from_transport (HrmClient          *self,
                                              const GError       *error);
GError     *_hrm_client_protocol_error       (const GError       *error);
JsonObject *_hrm_client_parse_body           (GBytes             *body,
                                              GError            **error);

/* What the REST calls share (hrm-client-api.c; the bulk calls are in
 * hrm-client-bulk.c). */
/* Sends an authorized @method to @path (taken), parsed by @parse. */
void        _hrm_client_send_simple          (HrmClient          *self,
                                              const char         *method,
                                              char               *path,
                                              HrmResponseParser   parse,
                                              GDestroyNotify      result_free,
                                              gpointer            source_tag,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
typedef gpointer (*HrmFromJson) (JsonObject *object, GError **error);
GPtrArray  *_hrm_client_parse_items          (JsonObject         *root,
                                              HrmFromJson         from_json,
                                              GError            **error);
/* FALSE, with HRM_ERROR_PROTOCOL, when a response that needs a body has none. */
gboolean    _hrm_client_require_body         (JsonObject         *root,
                                              GError            **error);
void        _hrm_client_connection_filter_params (HrmConnectionFilter   filter,
                                                  const char          **out_connection,
                                                  const char          **out_email);
const char *_hrm_client_email_warning_param  (HrmConnectionFilter filter);
char       *_hrm_client_users_path           (const char          *query,
                                              HrmConnectionFilter  connection,
                                              HrmEnabledFilter     enabled,
                                              const char          *cursor,
                                              gint64               offset,
                                              guint                limit);

G_END_DECLS
