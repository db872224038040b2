/* hrm-client.h — talking to an HRM's REST API
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hrm-lib.h"
#include "hrm-account-code.h"
#include "hrm-authorisation.h"
#include "hrm-event.h"
#include "hrm-organisation.h"
#include "hrm-role.h"

G_BEGIN_DECLS

#define HRM_TYPE_CLIENT (hrm_client_get_type ())

G_DECLARE_FINAL_TYPE (HrmClient, hrm_client, HRM, CLIENT, GObject)

/* A page of GET /api/v1/users. */
typedef struct
{
  GPtrArray *items;        /* (element-type HrmUser) */
  char      *next_cursor;  /* NULL on the last page */
  guint      total;
} HrmUsersPage;

void hrm_users_page_free (HrmUsersPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HrmUsersPage, hrm_users_page_free)

/* Filters of GET /api/v1/users. */
typedef enum
{
  HRM_CONNECTION_FILTER_ALL,
  HRM_CONNECTION_FILTER_NOT_LINKED,
  HRM_CONNECTION_FILTER_PENDING,
  HRM_CONNECTION_FILTER_LINKED,
} HrmConnectionFilter;

typedef enum
{
  HRM_ENABLED_FILTER_ALL,
  HRM_ENABLED_FILTER_ENABLED,
  HRM_ENABLED_FILTER_DISABLED,
} HrmEnabledFilter;

/* Enum types whose nicks match the GSettings keys connection-filter
 * (all|not-linked|pending|linked) and enabled-filter (all|enabled|disabled),
 * so g_settings_bind() can drive HrmUserList's properties directly. */
GType hrm_connection_filter_get_type (void) G_GNUC_CONST;
#define HRM_TYPE_CONNECTION_FILTER (hrm_connection_filter_get_type ())
GType hrm_enabled_filter_get_type    (void) G_GNUC_CONST;
#define HRM_TYPE_ENABLED_FILTER (hrm_enabled_filter_get_type ())

/*
 * hrm_client_new:
 * @base_uri: "https://hrm.example.com" or "http://127.0.0.1:8080"; plain http
 *   only to a loopback address. Anything else fails with HRM_ERROR_INSECURE and
 *   a message that says why.
 */
HrmClient   *hrm_client_new                       (const char           *base_uri,
                                                   GError              **error);
const char  *hrm_client_get_base_uri              (HrmClient            *self);
/* For tests and private CAs: the CA database the session trusts. */
void         hrm_client_set_tls_database          (HrmClient            *self,
                                                   GTlsDatabase         *database);
/* Request timeout in seconds (default 30). Set it before the first request:
 * connections already open keep the timeout they were made with. */
void         hrm_client_set_timeout               (HrmClient            *self,
                                                   guint                 seconds);
const char  *hrm_client_get_username              (HrmClient            *self);
gboolean     hrm_client_get_signed_in             (HrmClient            *self);
/* The current refresh token, to keep in the keyring (never the password).
 * "notify::refresh-token" is emitted whenever it rotates. */
const char  *hrm_client_get_refresh_token         (HrmClient            *self);

/* Signals:
 *  "signed-out" (HrmClient *): the refresh token stopped working (an API call got
 *    401 and the refresh failed). The call that hit it fails with
 *    HRM_ERROR_NOT_SIGNED_IN; the app asks the administrator to sign in again.
 */

/* POST /oauth/token with grant_type=password. */
void         hrm_client_sign_in_async             (HrmClient            *self,
                                                   const char           *username,
                                                   const char           *password,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean     hrm_client_sign_in_finish            (HrmClient            *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* POST /oauth/token with grant_type=refresh_token: a silent sign-in from a
 * refresh token kept in the keyring. */
void         hrm_client_resume_async              (HrmClient            *self,
                                                   const char           *username,
                                                   const char           *refresh_token,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean     hrm_client_resume_finish             (HrmClient            *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* POST /oauth/revoke, then forget the tokens (forgotten even if the revoke fails). */
void         hrm_client_sign_out_async            (HrmClient            *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean     hrm_client_sign_out_finish           (HrmClient            *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* GET /api/v1/me: the signed-in user and may_manage_users. */
void         hrm_client_get_me_async              (HrmClient            *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
HrmUser     *hrm_client_get_me_finish             (HrmClient            *self,
                                                   GAsyncResult         *result,
                                                   gboolean             *out_may_manage_users,
                                                   GError              **error);

/* GET /api/v1/organisation */
void             hrm_client_get_organisation_async  (HrmClient          *self,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
HrmOrganisation *hrm_client_get_organisation_finish (HrmClient          *self,
                                                     GAsyncResult       *result,
                                                     GError            **error);

/* GET /api/v1/users?q=&connection=&enabled=&limit=&cursor= */
void         hrm_client_list_users_async          (HrmClient            *self,
                                                   const char           *query,
                                                   HrmConnectionFilter   connection,
                                                   HrmEnabledFilter      enabled,
                                                   const char           *cursor,
                                                   guint                 limit,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
HrmUsersPage *hrm_client_list_users_finish         (HrmClient            *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
/* GET /api/v1/users?…&offset=: the page that starts at position @offset (for
 * jumps; read on with its next_cursor). Finish with hrm_client_list_users_finish. */
void         hrm_client_list_users_at_async       (HrmClient            *self,
                                                   const char           *query,
                                                   HrmConnectionFilter   connection,
                                                   HrmEnabledFilter      enabled,
                                                   guint                 offset,
                                                   guint                 limit,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);

/* GET /api/v1/users/{id}: the user with its ETag set (hrm_user_get_etag()). */
void         hrm_client_get_user_async            (HrmClient            *self,
                                                   gint64                id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
HrmUser     *hrm_client_get_user_finish           (HrmClient            *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* PATCH /api/v1/users/{id} with If-Match: @etag and a JSON merge patch.
 * On 422 the error is HRM_ERROR_INVALID and @out_field_errors (if not NULL)
 * receives field name → reason; on 412, HRM_ERROR_STALE. */
void         hrm_client_update_user_async         (HrmClient            *self,
                                                   gint64                id,
                                                   const char           *etag,
                                                   JsonObject           *patch,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
HrmUser     *hrm_client_update_user_finish        (HrmClient            *self,
                                                   GAsyncResult         *result,
                                                   GHashTable          **out_field_errors,
                                                   GError              **error);

/* POST /api/v1/users/{id}/verification-email. On 429 the error is
 * HRM_ERROR_RATE_LIMITED and its message says how many seconds to wait. */
void         hrm_client_send_verification_async   (HrmClient            *self,
                                                   gint64                id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean     hrm_client_send_verification_finish  (HrmClient            *self,
                                                   GAsyncResult         *result,
                                                   GDateTime           **out_sent_at,
                                                   GDateTime           **out_expires_at,
                                                   GError              **error);

/* POST /api/v1/users/{id}/password-reset */
void         hrm_client_reset_password_async      (HrmClient            *self,
                                                   gint64                id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean     hrm_client_reset_password_finish     (HrmClient            *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* DELETE /api/v1/users/{id}/connection */
void         hrm_client_delete_connection_async   (HrmClient            *self,
                                                   gint64                id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean     hrm_client_delete_connection_finish  (HrmClient            *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* GET /api/v1/roles → (element-type HrmRole) */
void         hrm_client_list_roles_async          (HrmClient            *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GPtrArray   *hrm_client_list_roles_finish         (HrmClient            *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* GET /api/v1/account-codes → (element-type HrmAccountCode) */
void         hrm_client_list_account_codes_async  (HrmClient            *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GPtrArray   *hrm_client_list_account_codes_finish (HrmClient            *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* GET /api/v1/users/{id}/authorisations → (element-type HrmAuthorisation) */
void         hrm_client_get_authorisations_async  (HrmClient            *self,
                                                   gint64                id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GPtrArray   *hrm_client_get_authorisations_finish (HrmClient            *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* PUT /api/v1/users/{id}/authorisations with (element-type HrmAuthorisation);
 * returns the saved list as the server stores it. */
void         hrm_client_set_authorisations_async  (HrmClient            *self,
                                                   gint64                id,
                                                   GPtrArray            *authorisations,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GPtrArray   *hrm_client_set_authorisations_finish (HrmClient            *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* GET /api/v1/users/{id}/account-code-audit → (element-type HrmAccountCode) */
void         hrm_client_get_account_code_audit_async  (HrmClient        *self,
                                                       gint64            id,
                                                       GCancellable     *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer          user_data);
GPtrArray   *hrm_client_get_account_code_audit_finish (HrmClient        *self,
                                                       GAsyncResult     *result,
                                                       GError          **error);

/* PUT /api/v1/users/{id}/account-code-audit with (element-type HrmAccountCode) */
void         hrm_client_set_account_code_audit_async  (HrmClient        *self,
                                                       gint64            id,
                                                       GPtrArray        *account_codes,
                                                       GCancellable     *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer          user_data);
GPtrArray   *hrm_client_set_account_code_audit_finish (HrmClient        *self,
                                                       GAsyncResult     *result,
                                                       GError          **error);

/* GET /api/v1/users/{id}/events → (element-type HrmEvent), newest first */
void         hrm_client_list_events_async         (HrmClient            *self,
                                                   gint64                id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GPtrArray   *hrm_client_list_events_finish        (HrmClient            *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

G_END_DECLS
