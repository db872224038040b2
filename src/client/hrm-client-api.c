/* hrm-client-api.c — the REST calls of HrmClient, one per endpoint; those
 * of work on many users (bulk jobs, CSV export and import) are in
 * hrm-client-bulk.c
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

gboolean
_hrm_client_require_body (JsonObject  *root,
                          GError     **error)
{
  if (root == NULL)
    g_set_error_literal (error, HRM_ERROR, HRM_ERROR_PROTOCOL, _("The body is empty; JSON was expected"));
  return root != NULL;
}

/* {"items": [...]} → a GPtrArray of objects built by @from_json. */
GPtrArray *
_hrm_client_parse_items (JsonObject   *root,
                         HrmFromJson   from_json,
                         GError      **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array;

  if (!_hrm_client_require_body (root, error))
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

void
_hrm_client_send_simple (HrmClient           *self,
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

  if (!_hrm_client_require_body (root, error))
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

  _hrm_client_send_simple (self, "GET", g_strdup ("/api/v1/me"), parse_me,
                           (GDestroyNotify) me_result_free, hrm_client_get_me_async, cancellable,
                           callback, user_data);
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
  if (!_hrm_client_require_body (root, error))
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

  _hrm_client_send_simple (self, "GET", g_strdup ("/api/v1/organisation"),
                           parse_organisation_with_etag, g_object_unref,
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

  page->items = _hrm_client_parse_items (root, (HrmFromJson) hrm_user_new_from_json, error);
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
 * email_warning=linked_private (_hrm_client_email_warning_param()). */
void
_hrm_client_connection_filter_params (HrmConnectionFilter   filter,
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
const char *
_hrm_client_email_warning_param (HrmConnectionFilter filter)
{
  return filter == HRM_CONNECTION_FILTER_LINKED_PRIVATE ? "linked_private" : NULL;
}

/* /api/v1/users with the filters, the cursor or offset (-1: none) and the
 * limit (0: none) as parameters. */
char *
_hrm_client_users_path (const char          *query,
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

  _hrm_client_connection_filter_params (connection, &connection_param, &email_param);
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
  if (_hrm_client_email_warning_param (connection) != NULL)
    ADD_PARAM ("email_warning", _hrm_client_email_warning_param (connection));
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
  char *path = _hrm_client_users_path (query, connection, enabled, cursor, offset, limit);

  _hrm_client_send_simple (self, "GET", path, parse_user_page, (GDestroyNotify) hrm_users_page_free,
                           hrm_client_list_users_async, cancellable, callback, user_data);
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

  if (!_hrm_client_require_body (root, error))
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

  _hrm_client_send_simple (self, "GET", user_path (id, NULL), parse_user_with_etag, g_object_unref,
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

/* ---- the connection ---------------------------------------------------- */

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

  if (!_hrm_client_require_body (root, error))
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

  if (!_hrm_client_require_body (root, error))
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

  _hrm_client_send_simple (self, "POST", user_path (id, "/verification-email"), parse_verification,
                           (GDestroyNotify) sent_result_free, hrm_client_send_verification_async,
                           cancellable, callback, user_data);
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

  _hrm_client_send_simple (self, "POST", user_path (id, "/password-reset"), NULL, NULL,
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

  _hrm_client_send_simple (self, "DELETE", user_path (id, "/connection"), NULL, NULL,
                           hrm_client_delete_connection_async, cancellable, callback, user_data);
}

gboolean
hrm_client_delete_connection_finish (HrmClient     *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return finish_sent (self, result, hrm_client_delete_connection_async, NULL, NULL, error);
}

/* ---- lists: roles, account codes, authorisations, audit, events -------- */

#define ITEMS_PARSER(name, from_json) \
  static gpointer \
  name (JsonObject *root, SoupMessage *message, GError **error) \
  { \
    return _hrm_client_parse_items (root, (HrmFromJson) from_json, error); \
  }

ITEMS_PARSER (parse_roles, hrm_role_new_from_json)
ITEMS_PARSER (parse_account_codes, hrm_account_code_new_from_json)
ITEMS_PARSER (parse_authorisations, hrm_authorisation_new_from_json)
ITEMS_PARSER (parse_events, hrm_event_new_from_json)

#undef ITEMS_PARSER

void
hrm_client_list_roles_async (HrmClient           *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (HRM_IS_CLIENT (self));

  _hrm_client_send_simple (self, "GET", g_strdup ("/api/v1/roles"), parse_roles,
                           (GDestroyNotify) g_ptr_array_unref, hrm_client_list_roles_async,
                           cancellable, callback, user_data);
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

  _hrm_client_send_simple (self, "GET", g_strdup ("/api/v1/account-codes"), parse_account_codes,
                           (GDestroyNotify) g_ptr_array_unref, hrm_client_list_account_codes_async,
                           cancellable, callback, user_data);
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

  _hrm_client_send_simple (self, "GET", user_path (id, "/authorisations"), parse_authorisations,
                           (GDestroyNotify) g_ptr_array_unref, hrm_client_get_authorisations_async,
                           cancellable, callback, user_data);
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

  _hrm_client_send_simple (self, "GET", user_path (id, "/account-code-audit"), parse_account_codes,
                           (GDestroyNotify) g_ptr_array_unref,
                           hrm_client_get_account_code_audit_async, cancellable, callback,
                           user_data);
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

  _hrm_client_send_simple (self, "GET", user_path (id, "/events"), parse_events,
                           (GDestroyNotify) g_ptr_array_unref, hrm_client_list_events_async,
                           cancellable, callback, user_data);
}

GPtrArray *
hrm_client_list_events_finish (HrmClient     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _hrm_client_send_finish (self, result, hrm_client_list_events_async, NULL, error);
}

/* ---- provisioning ------------------------------------------------------ */

static gpointer
parse_summary (JsonObject   *root,
               SoupMessage  *message,
               GError      **error)
{
  if (!_hrm_client_require_body (root, error))
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

  _hrm_client_send_simple (self, "GET", g_strdup ("/api/v1/provisioning/summary"), parse_summary,
                           g_object_unref, hrm_client_get_provisioning_summary_async, cancellable,
                           callback, user_data);
}

HrmProvisioningSummary *
hrm_client_get_provisioning_summary_finish (HrmClient     *self,
                                            GAsyncResult  *result,
                                            GError       **error)
{
  return _hrm_client_send_finish (self, result, hrm_client_get_provisioning_summary_async, NULL,
                                  error);
}
