/* hrm-client-api.c — the REST calls of HrmClient, one per endpoint
 *
 * Each call builds an HrmRequest, names the parser that turns the response
 * body into its result and hands it to _hrm_client_send(). Every member read
 * from a response is type-checked; a body of the wrong shape becomes
 * HRM_ERROR_PROTOCOL.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-client"

#include <glib/gi18n-lib.h>

#include "hrm-client-private.h"

void
hrm_users_page_free (HrmUsersPage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_clear_pointer (&page->next_cursor, g_free);
  g_free (page);
}

static gboolean
require_body (JsonObject  *root,
              GError     **error)
{
  if (root == NULL)
    g_set_error_literal (error, HRM_ERROR, HRM_ERROR_PROTOCOL, _("The body is empty; JSON was expected"));
  return root != NULL;
}

typedef gpointer (*FromJson) (JsonObject *object, GError **error);

/* {"items": [...]} → a GPtrArray of objects built by @from_json. */
static GPtrArray *
parse_items (JsonObject  *root,
             FromJson     from_json,
             GError     **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array;

  if (!require_body (root, error))
    return NULL;

  array = hrm_json_get_array (root, "items", error);
  if (array == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      gpointer item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL, _("“%s” must be %s"), "items",
                       _("a list of objects"));
          return NULL;
        }

      item = from_json (json_node_get_object (node), error);
      if (item == NULL)
        return NULL;
      g_ptr_array_add (items, item);
    }

  return g_steal_pointer (&items);
}

static void
send_simple (HrmClient           *self,
             const char          *method,
             char                *path,
             HrmResponseParser    parse,
             GDestroyNotify       result_free,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  HrmRequest *request = _hrm_request_new (method, path, HRM_REQUEST_AUTHORIZED);

  g_free (path);
  _hrm_request_set_parser (request, parse, result_free);
  _hrm_client_send (self, request, source_tag, cancellable, callback, user_data);
}

static char *
user_path (gint64      id,
           const char *suffix)
{
  return g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "%s", id, suffix ? suffix : "");
}

/* ---- /me and /organisation --------------------------------------------- */

typedef struct
{
  HrmUser  *user;
  gboolean  may_manage_users;
} MeResult;

static void
me_result_free (MeResult *me)
{
  g_clear_object (&me->user);
  g_free (me);
}

static gpointer
parse_me (JsonObject   *root,
          SoupMessage  *message,
          GError      **error)
{
  MeResult *me;
  JsonObject *user;
  gboolean may_manage_users;
  HrmUser *parsed;

  if (!require_body (root, error))
    return NULL;

  user = hrm_json_get_object (root, "user", FALSE, error);
  if (user == NULL || !hrm_json_get_bool (root, "may_manage_users", &may_manage_users, error))
    return NULL;

  parsed = hrm_user_new_from_json (user, error);
  if (parsed == NULL)
    return NULL;

  me = g_new0 (MeResult, 1);
  me->user = parsed;
  me->may_manage_users = may_manage_users;
  return me;
}

void
hrm_client_get_me_async (HrmClient           *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (HRM_IS_CLIENT (self));

  send_simple (self, "GET", g_strdup ("/api/v1/me"), parse_me, (GDestroyNotify) me_result_free,
               hrm_client_get_me_async, cancellable, callback, user_data);
}

HrmUser *
hrm_client_get_me_finish (HrmClient     *self,
                          GAsyncResult  *result,
                          gboolean      *out_may_manage_users,
                          GError       **error)
{
  MeResult *me = _hrm_client_send_finish (self, result, hrm_client_get_me_async, NULL, error);
  HrmUser *user;

  if (me == NULL)
    return NULL;

  if (out_may_manage_users != NULL)
    *out_may_manage_users = me->may_manage_users;
  user = g_steal_pointer (&me->user);
  me_result_free (me);
  return user;
}

static gpointer
parse_organisation (JsonObject   *root,
                    SoupMessage  *message,
                    GError      **error)
{
  if (!require_body (root, error))
    return NULL;
  return hrm_organisation_new_from_json (root, error);
}

static gpointer
parse_organisation_with_etag (JsonObject   *root,
                              SoupMessage  *message,
                              GError      **error)
{
  HrmOrganisation *organisation = parse_organisation (root, message, error);

  if (organisation != NULL)
    hrm_organisation_set_etag (organisation,
                               soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                             "ETag"));
  return organisation;
}

void
hrm_client_get_organisation_async (HrmClient           *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (HRM_IS_CLIENT (self));

  send_simple (self, "GET", g_strdup ("/api/v1/organisation"), parse_organisation_with_etag,
               g_object_unref,
               hrm_client_get_organisation_async, cancellable, callback, user_data);
}

HrmOrganisation *
hrm_client_get_organisation_finish (HrmClient     *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return _hrm_client_send_finish (self, result, hrm_client_get_organisation_async, NULL, error);
}

void
hrm_client_update_organisation_async (HrmClient           *self,
                                      const char          *etag,
                                      JsonObject          *patch,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  HrmRequest *request;

  g_return_if_fail (HRM_IS_CLIENT (self));
  g_return_if_fail (patch != NULL);

  body = json_node_init_object (json_node_alloc (), patch);
  request = _hrm_request_new ("PATCH", "/api/v1/organisation", HRM_REQUEST_AUTHORIZED);
  _hrm_request_set_json_body (request, body, "application/merge-patch+json");
  _hrm_request_set_if_match (request, etag);
  _hrm_request_set_parser (request, parse_organisation_with_etag, g_object_unref);
  _hrm_client_send (self, request, hrm_client_update_organisation_async, cancellable, callback,
                    user_data);
}

HrmOrganisation *
hrm_client_update_organisation_finish (HrmClient     *self,
                                       GAsyncResult  *result,
                                       GHashTable   **out_field_errors,
                                       GError       **error)
{
  return _hrm_client_send_finish (self, result, hrm_client_update_organisation_async,
                                  out_field_errors, error);
}

/* ---- users ------------------------------------------------------------- */

static gpointer
parse_user_page (JsonObject   *root,
                 SoupMessage  *message,
                 GError      **error)
{
  g_autoptr(HrmUsersPage) page = g_new0 (HrmUsersPage, 1);
  gint64 total;

  page->items = parse_items (root, (FromJson) hrm_user_new_from_json, error);
  if (page->items == NULL
      || !hrm_json_get_string (root, "next_cursor", TRUE, &page->next_cursor, error)
      || !hrm_json_get_int (root, "total", &total, error))
    return NULL;

  if (total < 0 || total > G_MAXUINT)
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL, _("“%s” must be %s"), "total",
                   _("a whole number"));
      return NULL;
    }
  page->total = total;

  return g_steal_pointer (&page);
}

/* connection= and email= of the users list (and of a bulk job's filter)
 * for @filter: "not linked, with email" is connection=not_linked&email=present.
 * "Linked to a private address" is connection=linked with
 * email_warning=linked_private (email_warning_param()). */
static void
connection_filter_params (HrmConnectionFilter   filter,
                          const char          **out_connection,
                          const char          **out_email)
{
  static const char *connections[] = {
    NULL, "not_linked", "pending", "linked", "expired", "not_linked", "not_linked",
    NULL,  /* leaving: leaving=true instead (list_users()) */
    "linked",  /* linked to a private address: with email_warning=linked_private */
  };
  static const char *emails[] = { NULL, NULL, NULL, NULL, NULL, "present", "absent", NULL, NULL };

  G_STATIC_ASSERT (G_N_ELEMENTS (connections) == HRM_CONNECTION_FILTER_LINKED_PRIVATE + 1);
  G_STATIC_ASSERT (G_N_ELEMENTS (emails) == G_N_ELEMENTS (connections));

  *out_connection = connections[filter];
  *out_email = emails[filter];
}

/* email_warning= of the users list for @filter, or NULL. */
static const char *
email_warning_param (HrmConnectionFilter filter)
{
  return filter == HRM_CONNECTION_FILTER_LINKED_PRIVATE ? "linked_private" : NULL;
}

/* /api/v1/users with the filters, the cursor or offset (-1: none) and the
 * limit (0: none) as parameters. */
static char *
users_path (const char          *query,
            HrmConnectionFilter  connection,
            HrmEnabledFilter     enabled,
            const char          *cursor,
            gint64               offset,
            guint                limit)
{
  static const char *enableds[] = { NULL, "true", "false" };
  const char *connection_param, *email_param;
  GString *path;
  char separator = '?';

  connection_filter_params (connection, &connection_param, &email_param);
  path = g_string_new ("/api/v1/users");

#define ADD_PARAM(name, value) \
  G_STMT_START { \
    g_autofree char *escaped = g_uri_escape_string ((value), NULL, FALSE); \
    g_string_append_printf (path, "%c%s=%s", separator, (name), escaped); \
    separator = '&'; \
  } G_STMT_END

  if (query != NULL && query[0] != '\0')
    ADD_PARAM ("q", query);
  if (connection_param != NULL)
    ADD_PARAM ("connection", connection_param);
  if (email_param != NULL)
    ADD_PARAM ("email", email_param);
  if (connection == HRM_CONNECTION_FILTER_LEAVING)
    ADD_PARAM ("leaving", "true");
  if (email_warning_param (connection) != NULL)
    ADD_PARAM ("email_warning", email_warning_param (connection));
  if (enableds[enabled] != NULL)
    ADD_PARAM ("enabled", enableds[enabled]);
  if (cursor != NULL)
    ADD_PARAM ("cursor", cursor);
  if (offset >= 0)
    {
      g_string_append_printf (path, "%coffset=%" G_GINT64_FORMAT, separator, offset);
      separator = '&';
    }
  if (limit > 0)
    {
      g_string_append_printf (path, "%climit=%u", separator, limit);
      separator = '&';
    }

#undef ADD_PARAM

  return g_string_free (path, FALSE);
}

static void
list_users (HrmClient           *self,
            const char          *query,
            HrmConnectionFilter  connection,
            HrmEnabledFilter     enabled,
            const char          *cursor,
            gint64               offset,
            guint                limit,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  send_simple (self, "GET", users_path (query, connection, enabled, cursor, offset, limit),
               parse_user_page,
               (GDestroyNotify) hrm_users_page_free, hrm_client_list_users_async, cancellable,
               callback, user_data);
}

void
hrm_client_list_users_async (HrmClient           *self,
                             const char          *query,
                             HrmConnectionFilter  connection,
                             HrmEnabledFilter     enabled,
                             const char          *cursor,
                             guint                limit,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (HRM_IS_CLIENT (self));
  g_return_if_fail (connection <= HRM_CONNECTION_FILTER_LINKED_PRIVATE);
  g_return_if_fail (enabled <= HRM_ENABLED_FILTER_DISABLED);

  list_users (self, query, connection, enabled, cursor, -1, limit, cancellable, callback,
              user_data);
}

void
hrm_client_list_users_at_async (HrmClient           *self,
                                const char          *query,
                                HrmConnectionFilter  connection,
                                HrmEnabledFilter     enabled,
                                guint                offset,
                                guint                limit,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (HRM_IS_CLIENT (self));
  g_return_if_fail (connection <= HRM_CONNECTION_FILTER_LINKED_PRIVATE);
  g_return_if_fail (enabled <= HRM_ENABLED_FILTER_DISABLED);

  list_users (self, query, connection, enabled, NULL, offset, limit, cancellable, callback,
              user_data);
}

HrmUsersPage *
hrm_client_list_users_finish (HrmClient     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return _hrm_client_send_finish (self, result, hrm_client_list_users_async, NULL, error);
}

static gpointer
parse_user_with_etag (JsonObject   *root,
                      SoupMessage  *message,
                      GError      **error)
{
  HrmUser *user;

  if (!require_body (root, error))
    return NULL;

  user = hrm_user_new_from_json (root, error);
  if (user != NULL)
    hrm_user_set_etag (user, soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                           "ETag"));
  return user;
}

void
hrm_client_get_user_async (HrmClient           *self,
                           gint64               id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (HRM_IS_CLIENT (self));

  send_simple (self, "GET", user_path (id, NULL), parse_user_with_etag, g_object_unref,
               hrm_client_get_user_async, cancellable, callback, user_data);
}

HrmUser *
hrm_client_get_user_finish (HrmClient     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return _hrm_client_send_finish (self, result, hrm_client_get_user_async, NULL, error);
}

void
hrm_client_update_user_async (HrmClient           *self,
                              gint64               id,
                              const char          *etag,
                              JsonObject          *patch,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = user_path (id, NULL);
  HrmRequest *request;

  g_return_if_fail (HRM_IS_CLIENT (self));
  g_return_if_fail (patch != NULL);

  body = json_node_init_object (json_node_alloc (), patch);
  request = _hrm_request_new ("PATCH", path, HRM_REQUEST_AUTHORIZED);
  _hrm_request_set_json_body (request, body, "application/merge-patch+json");
  _hrm_request_set_if_match (request, etag);
  _hrm_request_set_parser (request, parse_user_with_etag, g_object_unref);
  _hrm_client_send (self, request, hrm_client_update_user_async, cancellable, callback, user_data);
}

HrmUser *
hrm_client_update_user_finish (HrmClient     *self,
                               GAsyncResult  *result,
                               GHashTable   **out_field_errors,
                               GError       **error)
{
  return _hrm_client_send_finish (self, result, hrm_client_update_user_async, out_field_errors,
                                  error);
}

/* ---- the connection ------------------------------------------------------ */

typedef struct
{
  GDateTime *sent_at;
  GDateTime *expires_at;
  HrmUser   *linked_user;  /* 200: linked at once (a verified domain), no mail */
} SentResult;

static void
sent_result_free (SentResult *sent)
{
  g_clear_pointer (&sent->sent_at, g_date_time_unref);
  g_clear_pointer (&sent->expires_at, g_date_time_unref);
  g_clear_object (&sent->linked_user);
  g_free (sent);
}

static gpointer parse_sent (JsonObject *root, SoupMessage *message, GError **error);

/* POST …/verification-email answers 202 when it mailed and 200 with the
 * user when the address is in a verified domain and was linked at once. */
static gpointer
parse_verification (JsonObject   *root,
                    SoupMessage  *message,
                    GError      **error)
{
  SentResult *sent;

  if (soup_message_get_status (message) != SOUP_STATUS_OK)
    return parse_sent (root, message, error);

  if (!require_body (root, error))
    return NULL;

  sent = g_new0 (SentResult, 1);
  sent->linked_user = parse_user_with_etag (root, message, error);
  if (sent->linked_user == NULL)
    {
      sent_result_free (sent);
      return NULL;
    }
  return sent;
}

static gpointer
parse_sent (JsonObject   *root,
            SoupMessage  *message,
            GError      **error)
{
  SentResult *sent;

  if (!require_body (root, error))
    return NULL;

  sent = g_new0 (SentResult, 1);
  if (!hrm_json_get_datetime (root, "sent_at", &sent->sent_at, error)
      || !hrm_json_get_datetime (root, "expires_at", &sent->expires_at, error))
    {
      sent_result_free (sent);
      return NULL;
    }

  return sent;
}

static gboolean
finish_sent (HrmClient     *self,
             GAsyncResult  *result,
             gpointer       source_tag,
             GDateTime    **out_sent_at,
             GDateTime    **out_expires_at,
             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  SentResult *sent = _hrm_client_send_finish (self, result, source_tag, NULL, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (out_sent_at != NULL)
    *out_sent_at = sent && sent->sent_at ? g_date_time_ref (sent->sent_at) : NULL;
  if (out_expires_at != NULL)
    *out_expires_at = sent && sent->expires_at ? g_date_time_ref (sent->expires_at) : NULL;
  if (sent != NULL)
    sent_result_free (sent);

  return TRUE;
}

void
hrm_client_send_verification_async (HrmClient           *self,
                                    gint64               id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (HRM_IS_CLIENT (self));

  send_simple (self, "POST", user_path (id, "/verification-email"), parse_verification,
               (GDestroyNotify) sent_result_free, hrm_client_send_verification_async, cancellable,
               callback, user_data);
}

gboolean
hrm_client_send_verification_finish (HrmClient     *self,
                                     GAsyncResult  *result,
                                     GDateTime    **out_sent_at,
                                     GDateTime    **out_expires_at,
                                     GError       **error)
{
  return hrm_client_send_verification_finish_full (self, result, out_sent_at, out_expires_at, NULL,
                                                   NULL, error);
}

/**
 * hrm_client_send_verification_finish_full:
 * @out_linked_user: (out) (optional) (transfer full): the user when the
 *   address was in a verified domain and the server linked it at once
 *   (200, no mail); %NULL when a mail was queued (202)
 * @out_field_errors: (out) (optional): on 422, fields.email says why
 */
gboolean
hrm_client_send_verification_finish_full (HrmClient     *self,
                                          GAsyncResult  *result,
                                          GDateTime    **out_sent_at,
                                          GDateTime    **out_expires_at,
                                          HrmUser      **out_linked_user,
                                          GHashTable   **out_field_errors,
                                          GError       **error)
{
  SentResult *sent = _hrm_client_send_finish (self, result, hrm_client_send_verification_async,
                                              out_field_errors, error);

  if (out_sent_at != NULL)
    *out_sent_at = sent && sent->sent_at ? g_date_time_ref (sent->sent_at) : NULL;
  if (out_expires_at != NULL)
    *out_expires_at = sent && sent->expires_at ? g_date_time_ref (sent->expires_at) : NULL;
  if (out_linked_user != NULL)
    *out_linked_user = sent && sent->linked_user ? g_object_ref (sent->linked_user) : NULL;
  if (sent == NULL)
    return FALSE;
  sent_result_free (sent);
  return TRUE;
}

void
hrm_client_reset_password_async (HrmClient           *self,
                                 gint64               id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (HRM_IS_CLIENT (self));

  send_simple (self, "POST", user_path (id, "/password-reset"), NULL, NULL,
               hrm_client_reset_password_async, cancellable, callback, user_data);
}

gboolean
hrm_client_reset_password_finish (HrmClient     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_sent (self, result, hrm_client_reset_password_async, NULL, NULL, error);
}

void
hrm_client_delete_connection_async (HrmClient           *self,
                                    gint64               id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (HRM_IS_CLIENT (self));

  send_simple (self, "DELETE", user_path (id, "/connection"), NULL, NULL,
               hrm_client_delete_connection_async, cancellable, callback, user_data);
}

gboolean
hrm_client_delete_connection_finish (HrmClient     *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return finish_sent (self, result, hrm_client_delete_connection_async, NULL, NULL, error);
}

/* ---- lists: roles, account codes, authorisations, audit, events ---------- */

#define ITEMS_PARSER(name, from_json) \
  static gpointer \
  name (JsonObject *root, SoupMessage *message, GError **error) \
  { \
    return parse_items (root, (FromJson) from_json, error); \
  }

ITEMS_PARSER (parse_roles, hrm_role_new_from_json)
ITEMS_PARSER (parse_account_codes, hrm_account_code_new_from_json)
ITEMS_PARSER (parse_authorisations, hrm_authorisation_new_from_json)
ITEMS_PARSER (parse_events, hrm_event_new_from_json)
ITEMS_PARSER (parse_bulk_jobs, hrm_bulk_job_new_from_json)
ITEMS_PARSER (parse_bulk_job_items, hrm_bulk_job_item_new_from_json)

#undef ITEMS_PARSER

void
hrm_client_list_roles_async (HrmClient           *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (HRM_IS_CLIENT (self));

  send_simple (self, "GET", g_strdup ("/api/v1/roles"), parse_roles,
               (GDestroyNotify) g_ptr_array_unref, hrm_client_list_roles_async, cancellable,
               callback, user_data);
}

GPtrArray *
hrm_client_list_roles_finish (HrmClient     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return _hrm_client_send_finish (self, result, hrm_client_list_roles_async, NULL, error);
}

void
hrm_client_list_account_codes_async (HrmClient           *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (HRM_IS_CLIENT (self));

  send_simple (self, "GET", g_strdup ("/api/v1/account-codes"), parse_account_codes,
               (GDestroyNotify) g_ptr_array_unref, hrm_client_list_account_codes_async, cancellable,
               callback, user_data);
}

GPtrArray *
hrm_client_list_account_codes_finish (HrmClient     *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return _hrm_client_send_finish (self, result, hrm_client_list_account_codes_async, NULL, error);
}

void
hrm_client_get_authorisations_async (HrmClient           *self,
                                     gint64               id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (HRM_IS_CLIENT (self));

  send_simple (self, "GET", user_path (id, "/authorisations"), parse_authorisations,
               (GDestroyNotify) g_ptr_array_unref, hrm_client_get_authorisations_async, cancellable,
               callback, user_data);
}

GPtrArray *
hrm_client_get_authorisations_finish (HrmClient     *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return _hrm_client_send_finish (self, result, hrm_client_get_authorisations_async, NULL, error);
}

typedef JsonNode *(*ToJson) (gpointer item);

/* {"items": [...]} from @items, each through @to_json. */
static JsonNode *
items_to_json (GPtrArray *items,
               ToJson     to_json)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; items != NULL && i < items->len; i++)
    json_builder_add_value (builder, to_json (g_ptr_array_index (items, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
send_put_items (HrmClient           *self,
                char                *path,
                GPtrArray           *items,
                ToJson               to_json,
                HrmResponseParser    parse,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(JsonNode) body = items_to_json (items, to_json);
  HrmRequest *request = _hrm_request_new ("PUT", path, HRM_REQUEST_AUTHORIZED);

  g_free (path);
  _hrm_request_set_json_body (request, body, "application/json");
  _hrm_request_set_parser (request, parse, (GDestroyNotify) g_ptr_array_unref);
  _hrm_client_send (self, request, source_tag, cancellable, callback, user_data);
}

void
hrm_client_set_authorisations_async (HrmClient           *self,
                                     gint64               id,
                                     GPtrArray           *authorisations,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (HRM_IS_CLIENT (self));
  g_return_if_fail (authorisations != NULL);

  send_put_items (self, user_path (id, "/authorisations"), authorisations,
                  (ToJson) hrm_authorisation_to_json, parse_authorisations,
                  hrm_client_set_authorisations_async, cancellable, callback, user_data);
}

GPtrArray *
hrm_client_set_authorisations_finish (HrmClient     *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return _hrm_client_send_finish (self, result, hrm_client_set_authorisations_async, NULL, error);
}

void
hrm_client_get_account_code_audit_async (HrmClient           *self,
                                         gint64               id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (HRM_IS_CLIENT (self));

  send_simple (self, "GET", user_path (id, "/account-code-audit"), parse_account_codes,
               (GDestroyNotify) g_ptr_array_unref, hrm_client_get_account_code_audit_async,
               cancellable, callback, user_data);
}

GPtrArray *
hrm_client_get_account_code_audit_finish (HrmClient     *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return _hrm_client_send_finish (self, result, hrm_client_get_account_code_audit_async, NULL,
                                  error);
}

void
hrm_client_set_account_code_audit_async (HrmClient           *self,
                                         gint64               id,
                                         GPtrArray           *account_codes,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (HRM_IS_CLIENT (self));
  g_return_if_fail (account_codes != NULL);

  send_put_items (self, user_path (id, "/account-code-audit"), account_codes,
                  (ToJson) hrm_account_code_to_json, parse_account_codes,
                  hrm_client_set_account_code_audit_async, cancellable, callback, user_data);
}

GPtrArray *
hrm_client_set_account_code_audit_finish (HrmClient     *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return _hrm_client_send_finish (self, result, hrm_client_set_account_code_audit_async, NULL,
                                  error);
}

void
hrm_client_list_events_async (HrmClient           *self,
                              gint64               id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (HRM_IS_CLIENT (self));

  send_simple (self, "GET", user_path (id, "/events"), parse_events,
               (GDestroyNotify) g_ptr_array_unref, hrm_client_list_events_async, cancellable,
               callback, user_data);
}

GPtrArray *
hrm_client_list_events_finish (HrmClient     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _hrm_client_send_finish (self, result, hrm_client_list_events_async, NULL, error);
}

/* ---- provisioning and bulk jobs ------------------------------------------ */

static gpointer
parse_summary (JsonObject   *root,
               SoupMessage  *message,
               GError      **error)
{
  if (!require_body (root, error))
    return NULL;
  return hrm_provisioning_summary_new_from_json (root, error);
}

void
hrm_client_get_provisioning_summary_async (HrmClient           *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (HRM_IS_CLIENT (self));

  send_simple (self, "GET", g_strdup ("/api/v1/provisioning/summary"), parse_summary,
               g_object_unref, hrm_client_get_provisioning_summary_async, cancellable, callback,
               user_data);
}

HrmProvisioningSummary *
hrm_client_get_provisioning_summary_finish (HrmClient     *self,
                                            GAsyncResult  *result,
                                            GError       **error)
{
  return _hrm_client_send_finish (self, result, hrm_client_get_provisioning_summary_async, NULL,
                                  error);
}

char *
hrm_client_new_idempotency_key (void)
{
  return g_uuid_string_random ();
}

/* {"action": "send_verification", "user_ids": [..]} or {…, "filter": {…}}, and "dry_run". */
static JsonNode *
bulk_job_body (const gint64        *user_ids,
               guint                n_user_ids,
               const char          *query,
               HrmConnectionFilter  connection,
               HrmEnabledFilter     enabled,
               gboolean             dry_run)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  const char *connection_param, *email_param;

  json_builder_begin_object (builder);
  hrm_json_builder_add_string (builder, "action", "send_verification");
  if (user_ids != NULL)
    {
      json_builder_set_member_name (builder, "user_ids");
      json_builder_begin_array (builder);
      for (guint i = 0; i < n_user_ids; i++)
        json_builder_add_int_value (builder, user_ids[i]);
      json_builder_end_array (builder);
    }
  else
    {
      json_builder_set_member_name (builder, "filter");
      json_builder_begin_object (builder);
      if (query != NULL && query[0] != '\0')
        hrm_json_builder_add_string (builder, "q", query);
      connection_filter_params (connection, &connection_param, &email_param);
      if (connection_param != NULL)
        hrm_json_builder_add_string (builder, "connection", connection_param);
      if (email_param != NULL)
        hrm_json_builder_add_string (builder, "email", email_param);
      if (email_warning_param (connection) != NULL)
        hrm_json_builder_add_string (builder, "email_warning", email_warning_param (connection));
      if (enabled != HRM_ENABLED_FILTER_ALL)
        {
          json_builder_set_member_name (builder, "enabled");
          json_builder_add_boolean_value (builder, enabled == HRM_ENABLED_FILTER_ENABLED);
        }
      json_builder_end_object (builder);
    }
  json_builder_set_member_name (builder, "dry_run");
  json_builder_add_boolean_value (builder, dry_run);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gpointer
parse_preview (JsonObject   *root,
               SoupMessage  *message,
               GError      **error)
{
  if (!require_body (root, error))
    return NULL;
  return hrm_bulk_job_preview_new_from_json (root, error);
}

static gpointer
parse_bulk_job (JsonObject   *root,
                SoupMessage  *message,
                GError      **error)
{
  if (!require_body (root, error))
    return NULL;
  return hrm_bulk_job_new_from_json (root, error);
}

static void
send_bulk_job (HrmClient           *self,
               const gint64        *user_ids,
               guint                n_user_ids,
               const char          *query,
               HrmConnectionFilter  connection,
               HrmEnabledFilter     enabled,
               gboolean             dry_run,
               const char          *idempotency_key,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  HrmRequest *request = _hrm_request_new ("POST", "/api/v1/bulk-jobs", HRM_REQUEST_AUTHORIZED);
  g_autoptr(JsonNode) body = bulk_job_body (user_ids, n_user_ids, query, connection, enabled,
                                            dry_run);

  _hrm_request_set_json_body (request, body, NULL);
  if (idempotency_key != NULL)
    _hrm_request_set_idempotency_key (request, idempotency_key);
  if (dry_run)
    _hrm_request_set_parser (request, parse_preview, (GDestroyNotify) hrm_bulk_job_preview_free);
  else
    _hrm_request_set_parser (request, parse_bulk_job, g_object_unref);
  _hrm_client_send (self, request, source_tag, cancellable, callback, user_data);
}

void
hrm_client_preview_bulk_job_async (HrmClient           *self,
                                   const gint64        *user_ids,
                                   guint                n_user_ids,
                                   const char          *query,
                                   HrmConnectionFilter  connection,
                                   HrmEnabledFilter     enabled,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (HRM_IS_CLIENT (self));
  g_return_if_fail (connection <= HRM_CONNECTION_FILTER_LINKED_PRIVATE);
  g_return_if_fail (enabled <= HRM_ENABLED_FILTER_DISABLED);

  send_bulk_job (self, user_ids, n_user_ids, query, connection, enabled, TRUE, NULL,
                 hrm_client_preview_bulk_job_async, cancellable, callback, user_data);
}

HrmBulkJobPreview *
hrm_client_preview_bulk_job_finish (HrmClient     *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return _hrm_client_send_finish (self, result, hrm_client_preview_bulk_job_async, NULL, error);
}

void
hrm_client_start_bulk_job_async (HrmClient           *self,
                                 const gint64        *user_ids,
                                 guint                n_user_ids,
                                 const char          *query,
                                 HrmConnectionFilter  connection,
                                 HrmEnabledFilter     enabled,
                                 const char          *idempotency_key,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *key = NULL;

  g_return_if_fail (HRM_IS_CLIENT (self));
  g_return_if_fail (connection <= HRM_CONNECTION_FILTER_LINKED_PRIVATE);
  g_return_if_fail (enabled <= HRM_ENABLED_FILTER_DISABLED);

  /* Always with a key: the 401 retry inside _hrm_client_send() must not make a second job. */
  if (idempotency_key == NULL)
    idempotency_key = key = hrm_client_new_idempotency_key ();

  send_bulk_job (self, user_ids, n_user_ids, query, connection, enabled, FALSE, idempotency_key,
                 hrm_client_start_bulk_job_async, cancellable, callback, user_data);
}

HrmBulkJob *
hrm_client_start_bulk_job_finish (HrmClient     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _hrm_client_send_finish (self, result, hrm_client_start_bulk_job_async, NULL, error);
}

static char *
bulk_job_path (gint64      id,
               const char *suffix)
{
  return g_strdup_printf ("/api/v1/bulk-jobs/%" G_GINT64_FORMAT "%s", id, suffix ? suffix : "");
}

#define BULK_JOB_CALL(name, method, suffix) \
  void \
  hrm_client_##name##_bulk_job_async (HrmClient           *self, \
                                      gint64               id, \
                                      GCancellable        *cancellable, \
                                      GAsyncReadyCallback  callback, \
                                      gpointer             user_data) \
  { \
    g_return_if_fail (HRM_IS_CLIENT (self)); \
    send_simple (self, method, bulk_job_path (id, suffix), parse_bulk_job, g_object_unref, \
                 hrm_client_##name##_bulk_job_async, cancellable, callback, user_data); \
  } \
  \
  HrmBulkJob * \
  hrm_client_##name##_bulk_job_finish (HrmClient     *self, \
                                       GAsyncResult  *result, \
                                       GError       **error) \
  { \
    return _hrm_client_send_finish (self, result, hrm_client_##name##_bulk_job_async, NULL, \
                                    error); \
  }

BULK_JOB_CALL (get, "GET", NULL)
BULK_JOB_CALL (cancel, "DELETE", NULL)
BULK_JOB_CALL (retry, "POST", "/retry")

#undef BULK_JOB_CALL


void
hrm_client_list_bulk_jobs_async (HrmClient           *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (HRM_IS_CLIENT (self));

  send_simple (self, "GET", g_strdup ("/api/v1/bulk-jobs"), parse_bulk_jobs,
               (GDestroyNotify) g_ptr_array_unref, hrm_client_list_bulk_jobs_async, cancellable,
               callback, user_data);
}

GPtrArray *
hrm_client_list_bulk_jobs_finish (HrmClient     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _hrm_client_send_finish (self, result, hrm_client_list_bulk_jobs_async, NULL, error);
}

void
hrm_client_list_bulk_job_items_async (HrmClient           *self,
                                      gint64               id,
                                      const char          *outcome,
                                      guint                limit,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *query = NULL;

  g_return_if_fail (HRM_IS_CLIENT (self));
  g_return_if_fail (outcome != NULL);
  g_return_if_fail (limit >= 1 && limit <= 200);

  escaped = g_uri_escape_string (outcome, NULL, FALSE);
  query = g_strdup_printf ("/items?outcome=%s&limit=%u", escaped, limit);
  send_simple (self, "GET", bulk_job_path (id, query), parse_bulk_job_items,
               (GDestroyNotify) g_ptr_array_unref, hrm_client_list_bulk_job_items_async,
               cancellable, callback, user_data);
}

GPtrArray *
hrm_client_list_bulk_job_items_finish (HrmClient     *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return _hrm_client_send_finish (self, result, hrm_client_list_bulk_job_items_async, NULL,
                                  error);
}

/* ---- the results file ---------------------------------------------------- */

/* The inner request's source tag: its address is what counts. */
static const char save_items_send[] = "save-items-send";

static void abandon_file (GOutputStream *stream);

static void
items_saved (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GOutputStream *stream = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  _hrm_client_send_finish (HRM_CLIENT (object), result, (gpointer) save_items_send, NULL, &error);
  /* Closing commits the file (it replaces the old one only now). */
  if (error == NULL)
    g_output_stream_close (stream, NULL, &error);
  else
    {
      g_autoptr(GCancellable) cancelled = g_cancellable_new ();

      /* A cancelled close leaves the old file as it was. */
      g_cancellable_cancel (cancelled);
      g_output_stream_close (stream, cancelled, NULL);
    }

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
items_file_opened (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HrmClient *self = g_task_get_source_object (task);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  HrmRequest *request;
  char *path;

  stream = g_file_replace_finish (G_FILE (object), result, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      abandon_file (G_OUTPUT_STREAM (stream));
      return;
    }

  g_task_set_task_data (task, g_object_ref (stream), g_object_unref);
  path = g_object_steal_data (G_OBJECT (task), "hrm-path");
  request = _hrm_request_new ("GET", path, HRM_REQUEST_AUTHORIZED);
  g_free (path);
  _hrm_request_set_sink (request, "text/csv", G_OUTPUT_STREAM (stream));
  _hrm_client_send (self, request, (gpointer) save_items_send, g_task_get_cancellable (task), items_saved,
                    g_object_ref (task));
}

/**
 * hrm_client_save_bulk_job_items_async:
 * GET /api/v1/bulk-jobs/{id}/items with Accept: text/csv, streamed into
 * @file (replaced only when the whole answer arrived).
 */
void
hrm_client_save_bulk_job_items_async (HrmClient           *self,
                                      gint64               id,
                                      GFile               *file,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HRM_IS_CLIENT (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hrm_client_save_bulk_job_items_async);
  g_object_set_data_full (G_OBJECT (task), "hrm-path", bulk_job_path (id, "/items"), g_free);
  /* Not cancellable: see hrm_client_export_users_async(). */
  g_file_replace_async (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, G_PRIORITY_DEFAULT,
                        NULL, items_file_opened, g_object_ref (task));
}

gboolean
hrm_client_save_bulk_job_items_finish (HrmClient     *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hrm_client_save_bulk_job_items_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- CSV export and import --------------------------------------------- */

/* Counts the line ends that pass through it, unchanged: the rows of the
 * export written so far (a quoted line break counts too, which only makes
 * the progress run a little ahead). */
struct _HrmLineCounter
{
  GObject  parent_instance;
  guint64  lines;
  void   (*progress) (guint64 lines, gpointer data);
  gpointer data;
};

#define HRM_TYPE_LINE_COUNTER (hrm_line_counter_get_type ())
G_DECLARE_FINAL_TYPE (HrmLineCounter, hrm_line_counter, HRM, LINE_COUNTER, GObject)

static GConverterResult
hrm_line_counter_convert (GConverter      *converter,
                          const void      *inbuf,
                          gsize            inbuf_size,
                          void            *outbuf,
                          gsize            outbuf_size,
                          GConverterFlags  flags,
                          gsize           *bytes_read,
                          gsize           *bytes_written,
                          GError         **error)
{
  HrmLineCounter *self = HRM_LINE_COUNTER (converter);
  gsize n = MIN (inbuf_size, outbuf_size);
  guint64 before = self->lines;

  if (n == 0 && inbuf_size > 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "No room");
      return G_CONVERTER_ERROR;
    }
  /* Closing flushes with no input at all (inbuf may then be NULL). */
  if (n > 0)
    memcpy (outbuf, inbuf, n);
  for (gsize i = 0; i < n; i++)
    if (((const char *) inbuf)[i] == '\n')
      self->lines++;
  *bytes_read = *bytes_written = n;
  if (self->lines != before && self->progress != NULL)
    self->progress (self->lines, self->data);
  if ((flags & G_CONVERTER_INPUT_AT_END) && n == inbuf_size)
    return G_CONVERTER_FINISHED;
  if ((flags & G_CONVERTER_FLUSH) && n == inbuf_size)
    return G_CONVERTER_FLUSHED;
  return G_CONVERTER_CONVERTED;
}

static void
hrm_line_counter_reset (GConverter *converter)
{
  HRM_LINE_COUNTER (converter)->lines = 0;
}

static void
hrm_line_counter_converter_init (GConverterIface *iface)
{
  iface->convert = hrm_line_counter_convert;
  iface->reset = hrm_line_counter_reset;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (HrmLineCounter, hrm_line_counter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_CONVERTER,
                                                      hrm_line_counter_converter_init))

static void
hrm_line_counter_class_init (HrmLineCounterClass *klass)
{
}

static void
hrm_line_counter_init (HrmLineCounter *self)
{
}

typedef struct
{
  GOutputStream         *file;      /* the file's own stream: closing it commits the file */
  GOutputStream         *counted;   /* what the answer is written to */
  char                  *path;
  HrmExportProgressFunc  progress;
  gpointer               progress_data;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->counted);
  g_clear_object (&data->file);
  g_free (data->path);
  g_free (data);
}

static void
on_export_lines (guint64  lines,
                 gpointer user_data)
{
  ExportData *data = user_data;

  /* The first line is the header. */
  if (data->progress != NULL && lines > 1)
    data->progress (lines - 1, data->progress_data);
}

static void export_send (void);

/* Closes @stream without committing it: the old file stays as it was. */
static void
abandon_file (GOutputStream *stream)
{
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  g_cancellable_cancel (cancelled);
  g_output_stream_close (stream, cancelled, NULL);
}

static void
users_exported (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExportData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  _hrm_client_send_finish (HRM_CLIENT (object), result, (gpointer) export_send, NULL, &error);
  /* Closing the counter flushes it; closing the file commits it (it replaces
   * the old one only now). */
  if (error == NULL)
    g_output_stream_close (data->counted, NULL, &error);
  if (error == NULL)
    g_output_stream_close (data->file, NULL, &error);
  else
    abandon_file (data->file);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_file_opened (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HrmClient *self = g_task_get_source_object (task);
  ExportData *data = g_task_get_task_data (task);
  g_autoptr(HrmLineCounter) counter = g_object_new (HRM_TYPE_LINE_COUNTER, NULL);
  g_autoptr(GError) error = NULL;
  GFileOutputStream *stream;
  HrmRequest *request;

  stream = g_file_replace_finish (G_FILE (object), result, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data->file = G_OUTPUT_STREAM (stream);
  if (g_task_return_error_if_cancelled (task))
    {
      abandon_file (data->file);
      return;
    }

  counter->progress = on_export_lines;
  counter->data = data;
  data->counted = g_converter_output_stream_new (data->file, G_CONVERTER (counter));
  g_filter_output_stream_set_close_base_stream (G_FILTER_OUTPUT_STREAM (data->counted), FALSE);
  request = _hrm_request_new ("GET", data->path, HRM_REQUEST_AUTHORIZED);
  _hrm_request_set_sink (request, "text/csv", data->counted);
  _hrm_client_send (self, request, (gpointer) export_send, g_task_get_cancellable (task),
                    users_exported, g_object_ref (task));
}

/* Only its address is used: the source tag of the export's request. */
static void
export_send (void)
{
}

/**
 * hrm_client_export_users_async:
 * @progress: (nullable): called with the number of rows written so far
 *
 * GET /api/v1/users with Accept: text/csv and the list's filters: every
 * user they let through, streamed into @file, which is replaced only when
 * the whole answer arrived (a cancelled or failed export leaves the old
 * file as it was).
 */
void
hrm_client_export_users_async (HrmClient             *self,
                               const char            *query,
                               HrmConnectionFilter    connection,
                               HrmEnabledFilter       enabled,
                               GFile                 *file,
                               HrmExportProgressFunc  progress,
                               gpointer               progress_data,
                               GCancellable          *cancellable,
                               GAsyncReadyCallback    callback,
                               gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (HRM_IS_CLIENT (self));
  g_return_if_fail (connection <= HRM_CONNECTION_FILTER_LINKED_PRIVATE);
  g_return_if_fail (enabled <= HRM_ENABLED_FILTER_DISABLED);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hrm_client_export_users_async);
  data = g_new0 (ExportData, 1);
  data->path = users_path (query, connection, enabled, NULL, -1, 0);
  data->progress = progress;
  data->progress_data = progress_data;
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  /* Not cancellable: a stream opened by the time the open is cancelled would
   * be dropped, and dropping a stream commits it (an empty file in place of
   * the old one). The task checks its cancellable once the stream is here. */
  g_file_replace_async (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, G_PRIORITY_DEFAULT,
                        NULL, export_file_opened, g_object_ref (task));
}

gboolean
hrm_client_export_users_finish (HrmClient     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hrm_client_export_users_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* {"action": "set_email", "rows": [...], "dry_run", "then_send_verification"}. */
static JsonNode *
set_email_body (GPtrArray *rows,
                gboolean   then_send_verification,
                gboolean   dry_run)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  hrm_json_builder_add_string (builder, "action", "set_email");
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      const HrmImportRow *row = g_ptr_array_index (rows, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "row");
      json_builder_add_int_value (builder, row->row);
      hrm_json_builder_add_string (builder, "user_id", row->user_id);
      hrm_json_builder_add_string (builder, "email", row->email);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "then_send_verification");
  json_builder_add_boolean_value (builder, then_send_verification);
  json_builder_set_member_name (builder, "dry_run");
  json_builder_add_boolean_value (builder, dry_run);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gpointer
parse_import_preview (JsonObject   *root,
                      SoupMessage  *message,
                      GError      **error)
{
  if (!require_body (root, error))
    return NULL;
  return hrm_email_import_preview_new_from_json (root, error);
}

/**
 * hrm_client_preview_set_email_async:
 * @rows: (element-type HrmImportRow): the file's rows
 *
 * POST /api/v1/bulk-jobs, action set_email, dry_run: how each row would go.
 */
void
hrm_client_preview_set_email_async (HrmClient           *self,
                                    GPtrArray           *rows,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  HrmRequest *request = _hrm_request_new ("POST", "/api/v1/bulk-jobs", HRM_REQUEST_AUTHORIZED);
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (HRM_IS_CLIENT (self));

  body = set_email_body (rows, FALSE, TRUE);
  _hrm_request_set_json_body (request, body, NULL);
  _hrm_request_set_parser (request, parse_import_preview,
                           (GDestroyNotify) hrm_email_import_preview_free);
  _hrm_client_send (self, request, hrm_client_preview_set_email_async, cancellable, callback,
                    user_data);
}

HrmEmailImportPreview *
hrm_client_preview_set_email_finish (HrmClient     *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return _hrm_client_send_finish (self, result, hrm_client_preview_set_email_async, NULL, error);
}

/**
 * hrm_client_start_set_email_async:
 * POST /api/v1/bulk-jobs, action set_email: a job that sets the rows'
 * addresses (and sends their verification with @then_send_verification).
 * Finish with hrm_client_start_bulk_job_finish().
 */
void
hrm_client_start_set_email_async (HrmClient           *self,
                                  GPtrArray           *rows,
                                  gboolean             then_send_verification,
                                  const char          *idempotency_key,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  HrmRequest *request = _hrm_request_new ("POST", "/api/v1/bulk-jobs", HRM_REQUEST_AUTHORIZED);
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *key = NULL;

  g_return_if_fail (HRM_IS_CLIENT (self));

  /* Always with a key: the 401 retry inside _hrm_client_send() must not make a second job. */
  if (idempotency_key == NULL)
    idempotency_key = key = hrm_client_new_idempotency_key ();
  body = set_email_body (rows, then_send_verification, FALSE);
  _hrm_request_set_json_body (request, body, NULL);
  _hrm_request_set_idempotency_key (request, idempotency_key);
  _hrm_request_set_parser (request, parse_bulk_job, g_object_unref);
  _hrm_client_send (self, request, hrm_client_start_bulk_job_async, cancellable, callback,
                    user_data);
}
