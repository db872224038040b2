/* hrm-server.c — the reference HRM API server: listening and routing
 *
 * One SoupServer handler receives every request and dispatches it through a
 * small route table ("GET /api/v1/users/{id}"), checking the bearer token and
 * the caller's roles first. Unknown paths get 404, known paths with the wrong
 * method 405, both as JSON. Each route group lives in its own file and adds
 * its routes in a _hrm_server_*_register function.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "hrm-error.h"
#include "hrm-json.h"
#include "hrm-server-private.h"

typedef struct
{
  char            *method;
  char           **segments;  /* the pattern split at '/'; "{id}" matches a number */
  HrmRouteAccess   access;
  HrmRouteFunc     func;
  gboolean         reads_only;  /* _hrm_server_add_read_route() */
} HrmRoute;

G_DEFINE_FINAL_TYPE (HrmServer, hrm_server, G_TYPE_OBJECT)

/* Messages for requests that prefer Swedish; (locale_t) 0 when the system
 * has no Swedish locale. */
static locale_t swedish_locale;

static locale_t
get_swedish_locale (void)
{
  static gsize initialised;

  if (g_once_init_enter (&initialised))
    {
      locale_t base = duplocale (LC_GLOBAL_LOCALE);

      if (base != (locale_t) 0)
        {
          swedish_locale = newlocale (LC_MESSAGES_MASK, "sv_SE.UTF-8", base);
          if (swedish_locale == (locale_t) 0)
            freelocale (base);
        }
      g_once_init_leave (&initialised, 1);
    }
  return swedish_locale;
}

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_PUBLIC_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hrm_route_free (HrmRoute *route)
{
  g_free (route->method);
  g_strfreev (route->segments);
  g_free (route);
}

void
_hrm_server_add_route (HrmServer      *self,
                       const char     *method,
                       const char     *pattern,
                       HrmRouteAccess  access,
                       HrmRouteFunc    func)
{
  HrmRoute *route = g_new0 (HrmRoute, 1);

  route->method = g_strdup (method);
  route->segments = g_strsplit (pattern, "/", -1);
  route->access = access;
  route->func = func;
  g_ptr_array_add (self->routes, route);
}

void
_hrm_server_add_read_route (HrmServer      *self,
                            const char     *method,
                            const char     *pattern,
                            HrmRouteAccess  access,
                            HrmRouteFunc    func)
{
  _hrm_server_add_route (self, method, pattern, access, func);
  ((HrmRoute *) g_ptr_array_index (self->routes, self->routes->len - 1))->reads_only = TRUE;
}

static gboolean
parse_id (const char *text,
          gint64     *out_id)
{
  guint64 value;

  if (text[0] == '\0' || strlen (text) > 15)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  value = g_ascii_strtoull (text, NULL, 10);
  if (value == 0)
    return FALSE;

  *out_id = (gint64) value;
  return TRUE;
}

static gboolean
route_matches (HrmRoute    *route,
               char       **segments,
               gint64      *out_id)
{
  guint n = g_strv_length (route->segments);

  if (g_strv_length (segments) != n)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (route->segments[i], "{id}"))
        {
          if (!parse_id (segments[i], out_id))
            return FALSE;
        }
      else if (!g_str_equal (route->segments[i], segments[i]))
        return FALSE;
    }

  return TRUE;
}

/* What a request needs to know of its caller, in one statement: the
 * User-ID, whether the account is enabled, and whether a role gives it the
 * Users view. Not the whole user (HRM_SERVER_USER_COLUMNS): that reads the
 * outbox, the address checks and the employment row, which nothing here
 * needs, and every request paid for it (perf: a sixth of GET /api/v1/me). */
#define CALLER_SQL \
  "SELECT u.user_id, u.enabled, EXISTS (SELECT 1 FROM authorisations a" \
  "  JOIN roles r ON r.id = a.role_id WHERE a.user_pk = u.id AND r.grants_users_view)" \
  " FROM users u WHERE u.id = ?"

/* Checks the bearer token; sends 401 (or 500) and returns FALSE when it is not good. */
static gboolean
authenticate (HrmRequest *req)
{
  const char *token = hrm_http_get_bearer (req->msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmStmt) stmt = NULL;
  HrmTokenInfo info;
  HrmTokenStatus status;

  if (token == NULL)
    {
      hrm_http_send_unauthorized (req->msg, _("Sign in first"));
      return FALSE;
    }

  status = hrm_token_lookup (req->db, HRM_TOKEN_ACCESS, token, &info, &error);
  hrm_token_info_clear (&info);
  if (error != NULL)
    {
      hrm_http_send_internal_error (req->msg, error);
      return FALSE;
    }
  if (status != HRM_TOKEN_STATUS_VALID)
    {
      hrm_http_send_unauthorized (req->msg, status == HRM_TOKEN_STATUS_EXPIRED
                                            ? _("The session has expired; sign in again")
                                            : _("The session is not valid; sign in again"));
      return FALSE;
    }

  stmt = hrm_db_prepare (req->db, CALLER_SQL, &error);
  if (stmt == NULL)
    {
      hrm_http_send_internal_error (req->msg, error);
      return FALSE;
    }
  hrm_stmt_bind_int (stmt, 1, info.user_pk);
  if (!hrm_stmt_step (stmt, &error) || hrm_stmt_get_int (stmt, 1) == 0)
    {
      if (error != NULL)
        hrm_http_send_internal_error (req->msg, error);
      else
        hrm_http_send_unauthorized (req->msg, _("The account is disabled"));
      return FALSE;
    }

  req->caller_pk = info.user_pk;
  req->caller_name = hrm_stmt_dup_text (stmt, 0);
  req->may_manage_users = hrm_stmt_get_int (stmt, 2) != 0;

  return TRUE;
}

HrmServerUser *
_hrm_request_load_user (HrmRequest *req)
{
  g_autoptr(GError) error = NULL;
  HrmServerUser *user = hrm_server_user_load (req->db, req->id, &error);

  if (user == NULL)
    hrm_http_send_gerror (req->msg, error);
  return user;
}

void
_hrm_request_send_user (HrmRequest          *req,
                        const HrmServerUser *user)
{
  GString *out = g_string_sized_new (1024);
  g_autofree char *etag = hrm_server_user_etag (user);

  /* Written straight out, as the list writes its users. */
  hrm_server_user_append_json (out, user, hrm_db_now ());
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "ETag", etag);
  hrm_http_send_json_text (req->msg, SOUP_STATUS_OK, g_string_free (out, FALSE));
}

void
_hrm_request_send_rows (HrmRequest      *req,
                        HrmStmt         *stmt,
                        const HrmColumn *columns,
                        guint            n_columns)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  while (hrm_stmt_step (stmt, &error))
    {
      json_builder_begin_object (builder);
      for (guint i = 0; i < n_columns; i++)
        {
          g_autoptr(GDateTime) time = NULL;
          g_autofree char *text = NULL;

          json_builder_set_member_name (builder, columns[i].name);
          switch (columns[i].type)
            {
            case HRM_COLUMN_INT:
              json_builder_add_int_value (builder, hrm_stmt_get_int (stmt, i));
              break;
            case HRM_COLUMN_BOOL:
              json_builder_add_boolean_value (builder, hrm_stmt_get_int (stmt, i) != 0);
              break;
            case HRM_COLUMN_TIME:
              time = g_date_time_new_from_unix_utc (hrm_stmt_get_int (stmt, i));
              text = hrm_datetime_to_iso8601 (time);
              json_builder_add_string_value (builder, text);
              break;
            case HRM_COLUMN_TEXT:
            default:
              if (hrm_stmt_is_null (stmt, i))
                json_builder_add_null_value (builder);
              else
                json_builder_add_string_value (builder, hrm_stmt_get_text (stmt, i));
              break;
            }
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (error != NULL)
    {
      hrm_http_send_internal_error (req->msg, error);
      return;
    }

  node = json_builder_get_root (builder);
  hrm_http_send_json (req->msg, SOUP_STATUS_OK, node);
}

void
_hrm_request_send_page (HrmRequest   *req,
                        HrmStmt      *stmt,
                        gint64        limit,
                        HrmRowToJson  row_to_json)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  gint64 n = 0, last = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  while (hrm_stmt_step (stmt, &error))
    {
      if (++n > limit)
        {
          next = g_strdup_printf ("%" G_GINT64_FORMAT, last);
          break;
        }
      last = hrm_stmt_get_int (stmt, 0);
      json_builder_add_value (builder, row_to_json (stmt));
    }
  if (error != NULL)
    {
      hrm_http_send_internal_error (req->msg, error);
      return;
    }
  json_builder_end_array (builder);
  hrm_json_builder_add_string (builder, "next_cursor", next);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  hrm_http_send_json (req->msg, SOUP_STATUS_OK, node);
}

static void
handle_request (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  HrmServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) segments = g_strsplit (path, "/", -1);
  g_autoptr(GString) allowed = g_string_new (NULL);
  HrmRoute *found = NULL;
  HrmRequest req = { 0 };
  locale_t previous_locale = (locale_t) 0;
  g_autoptr(GError) read_error = NULL;

  g_debug ("%s %s", method, path);

  for (guint i = 0; i < self->routes->len; i++)
    {
      HrmRoute *route = g_ptr_array_index (self->routes, i);
      gint64 id = 0;

      if (!route_matches (route, segments, &id))
        continue;

      if (g_str_equal (route->method, method))
        {
          found = route;
          req.id = id;
          break;
        }
      if (!strstr (allowed->str, route->method))
        g_string_append_printf (allowed, "%s%s", allowed->len ? ", " : "", route->method);
    }

  if (found == NULL && allowed->len > 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                    allowed->str);
      hrm_http_send_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                           _("This method is not allowed here"), NULL);
      return;
    }
  if (found == NULL)
    {
      hrm_http_send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                           _("There is nothing at this address"), NULL);
      return;
    }

  if (!hrm_http_check_body_size (msg))
    return;

  {
    const char *raw_query = g_uri_get_query (soup_server_message_get_uri (msg));
    g_autoptr(GError) error = NULL;

    /* Decoded by the same strict rules as a form body (hrm-http-body.c), not
     * by libsoup: a %00 would cut a parameter short unseen, a %FF make it
     * invalid UTF-8. */
    req.query = hrm_http_decode_form (raw_query ? raw_query : "",
                                      raw_query ? strlen (raw_query) : 0, &error);
    if (req.query == NULL)
      {
        hrm_http_send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", error->message, NULL);
        return;
      }
  }

  req.server = self;
  req.db = self->db;
  req.msg = msg;

  /* Error messages (and what the caller writes to the audit trail) follow
   * the request's language when the server has it. */
  if (hrm_http_prefers_swedish (msg) && get_swedish_locale () != (locale_t) 0)
    previous_locale = uselocale (swedish_locale);

  if (found->reads_only && !hrm_db_begin_read (self->db, &read_error))
    hrm_http_send_internal_error (msg, read_error);
  else
    {
      if (found->access == HRM_ROUTE_PUBLIC || authenticate (&req))
        {
          if (found->access == HRM_ROUTE_USERS_VIEW && !req.may_manage_users)
            hrm_http_send_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                                 _("Your roles do not give access to the Users view"), NULL);
          else
            found->func (&req);
        }
      if (found->reads_only)
        hrm_db_end_read (self->db);
    }

  if (previous_locale != (locale_t) 0)
    uselocale (previous_locale);

  g_hash_table_unref (req.query);
  g_free (req.caller_name);
}

/* Headers every answer carries, libsoup's own (400 for a request it cannot
 * parse) too: no browser may sniff an answer as another type than it says. */
static void
on_request_started (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-Content-Type-Options", "nosniff");
}

static gboolean
purge_expired (gpointer user_data)
{
  HrmServer *self = user_data;
  g_autoptr(GError) error = NULL;

  if (self->db != NULL && !hrm_token_purge_expired (self->db, &error))
    g_warning ("Cannot forget expired tokens: %s", error->message);
  g_clear_error (&error);
  /* Leavers lose their link on their day: this runs at start and hourly. */
  if (self->db != NULL && !_hrm_server_unlink_leavers (self, NULL, &error))
    g_warning ("Cannot unlink leavers: %s", error->message);
  return G_SOURCE_CONTINUE;
}

/**
 * hrm_server_new:
 * @db: (transfer full): the database
 * @transport: (transfer full): where mail goes
 *
 * Also delivers the mail a previous run left queued (unless
 * HRM_SERVER_OUTBOX_HOLD=1 holds every delivery, for tests).
 */
HrmServer *
hrm_server_new (HrmDb            *db,
                HrmMailTransport *transport,
                GTlsCertificate  *tls_certificate)
{
  HrmServer *self;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (HRM_IS_MAIL_TRANSPORT (transport), NULL);

  self = g_object_new (HRM_TYPE_SERVER, NULL);
  self->db = db;
  self->outbox = hrm_outbox_new (db, transport);
  g_object_unref (transport);
  hrm_outbox_set_held (self->outbox, g_strcmp0 (g_getenv ("HRM_SERVER_OUTBOX_HOLD"), "1") == 0);
  /* Tests: the first wait after a failed delivery, in seconds. */
  hrm_outbox_set_retry_delay (self->outbox, _hrm_server_env_seconds ("HRM_SERVER_MAIL_RETRY_SECONDS",
                                                                     HRM_OUTBOX_RETRY_DELAY));
  hrm_outbox_deliver_soon (self->outbox);
  g_set_object (&self->tls_certificate, tls_certificate);

  /* No versions (ours, or libsoup's, which a trailing space would add):
   * they only help someone look up which holes to try. */
  self->soup = soup_server_new ("server-header", "hrm-server",
                                "tls-certificate", tls_certificate,
                                NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (on_request_started), self);
  soup_server_add_handler (self->soup, NULL, handle_request, self, NULL);
  _hrm_server_transport_init (self);

  _hrm_server_oauth_register (self);
  _hrm_server_authorize_register (self);
  _hrm_server_users_register (self);
  _hrm_server_organisation_register (self);
  _hrm_server_users_patch_register (self);
  _hrm_server_connection_register (self);
  _hrm_server_authz_register (self);
  _hrm_server_events_register (self);
  _hrm_server_pages_register (self);
  _hrm_server_provisioning_register (self);
  /* Last: it also goes on with the bulk jobs a previous run left running. */
  _hrm_server_bulk_jobs_register (self);

  purge_expired (self);
  self->purge_id = g_timeout_add_seconds (3600, purge_expired, self);

  return self;
}

/**
 * hrm_server_listen:
 * Listens on @host (an IP address, or "localhost") and @port (0 picks a free
 * one). hrm_server_get_base_url() then tells where.
 */
gboolean
hrm_server_listen (HrmServer   *self,
                   const char  *host,
                   guint        port,
                   GError     **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *host_text = NULL;
  GSList *uris;
  SoupServerListenOptions options = 0;

  g_return_val_if_fail (HRM_IS_SERVER (self), FALSE);

  if (g_str_equal (host, "localhost"))
    host = "127.0.0.1";

  inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_INVALID,
                   _("“%s” is not an IP address"), host);
      return FALSE;
    }

  if (self->tls_certificate != NULL)
    options |= SOUP_SERVER_LISTEN_HTTPS;

  address = g_inet_socket_address_new (inet, port);
  if (!soup_server_listen (self->soup, address, options, error))
    return FALSE;

  uris = soup_server_get_uris (self->soup);
  if (uris == NULL)
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_FAILED, _("The server is not listening"));
      return FALSE;
    }
  uri = g_uri_ref (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  host_text = g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6
              ? g_strdup_printf ("[%s]", host) : g_strdup (host);
  g_free (self->base_url);
  self->base_url = g_strdup_printf ("%s://%s:%d/", self->tls_certificate ? "https" : "http",
                                    host_text, g_uri_get_port (uri));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);

  return TRUE;
}

const char *
hrm_server_get_base_url (HrmServer *self)
{
  g_return_val_if_fail (HRM_IS_SERVER (self), NULL);
  return self->base_url;
}

const char *
hrm_server_get_public_url (HrmServer *self)
{
  g_return_val_if_fail (HRM_IS_SERVER (self), NULL);
  return self->public_url;
}

void
hrm_server_set_public_url (HrmServer  *self,
                           const char *url)
{
  g_autofree char *with_slash = NULL;

  g_return_if_fail (HRM_IS_SERVER (self));

  if (url != NULL && !g_str_has_suffix (url, "/"))
    url = with_slash = g_strconcat (url, "/", NULL);

  if (g_strcmp0 (url, self->public_url) == 0)
    return;

  g_free (self->public_url);
  self->public_url = g_strdup (url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PUBLIC_URL]);
}

/* The sender of every mail (--mail-from), or NULL for the default. */
void
hrm_server_set_mail_from (HrmServer  *self,
                          const char *address)
{
  g_return_if_fail (HRM_IS_SERVER (self));

  hrm_outbox_set_from (self->outbox, address);
}

/* The organisation's time zone (--time-zone): mail gives a link's expiry
 * in it. */
void
hrm_server_set_time_zone (HrmServer *self,
                          GTimeZone *time_zone)
{
  g_return_if_fail (HRM_IS_SERVER (self));

  hrm_outbox_set_time_zone (self->outbox, time_zone);
}

void
hrm_server_set_allow_password_grant (HrmServer *self,
                                     gboolean   allow)
{
  g_return_if_fail (HRM_IS_SERVER (self));
  self->allow_password_grant = allow;
}

void
hrm_server_set_require_totp (HrmServer *self,
                             gboolean   require)
{
  g_return_if_fail (HRM_IS_SERVER (self));
  self->require_totp = require;
}

/* Where links in mail point: the public URL, or else where we listen. */
const char *
_hrm_server_link_base (HrmServer *self)
{
  return self->public_url ? self->public_url : self->base_url;
}

/* How long a verification link lasts: HRM_SERVER_VERIFICATION_TTL, or the
 * organisation's setting, or a day. */
gint64
_hrm_server_verification_ttl (HrmServer *self)
{
  g_autoptr(HrmStmt) stmt = NULL;

  if (self->verification_ttl >= 0)
    return self->verification_ttl;

  stmt = hrm_db_prepare (self->db, "SELECT verification_ttl_seconds FROM organisation WHERE id = 1",
                         NULL);
  if (stmt != NULL && hrm_stmt_step (stmt, NULL))
    return hrm_stmt_get_int (stmt, 0);
  return 86400;
}

char *
_hrm_server_organisation_name (HrmServer *self)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (self->db, "SELECT name FROM organisation WHERE id = 1",
                                            NULL);

  if (stmt != NULL && hrm_stmt_step (stmt, NULL))
    return hrm_stmt_dup_text (stmt, 0);
  return NULL;
}

void
_hrm_server_deliver_mail (HrmServer *self)
{
  if (self->outbox != NULL)
    hrm_outbox_deliver_soon (self->outbox);
}

/* Stops listening and closes the database. */
void
hrm_server_shutdown (HrmServer *self)
{
  g_return_if_fail (HRM_IS_SERVER (self));

  g_clear_handle_id (&self->purge_id, g_source_remove);
  /* First, while everything still runs: the mail with the transport may take
   * the main loop a moment to end (hrm_outbox_stop()). */
  if (self->outbox != NULL)
    hrm_outbox_stop (self->outbox);
  g_clear_object (&self->outbox);
  _hrm_email_import_stop_previews (self);
  _hrm_server_bulk_runner_stop (self);
  _hrm_server_transport_shutdown (self);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->db, hrm_db_close);
}

gint64
_hrm_server_env_seconds (const char *name,
                         gint64      fallback)
{
  const char *value = g_getenv (name);
  gint64 seconds;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, 0, G_MAXINT32, &seconds, NULL))
    return fallback;
  return seconds;
}

static void
hrm_server_dispose (GObject *object)
{
  HrmServer *self = HRM_SERVER (object);

  hrm_server_shutdown (self);
  g_clear_object (&self->tls_certificate);

  G_OBJECT_CLASS (hrm_server_parent_class)->dispose (object);
}

static void
hrm_server_finalize (GObject *object)
{
  HrmServer *self = HRM_SERVER (object);

  g_clear_pointer (&self->routes, g_ptr_array_unref);
  g_clear_pointer (&self->list_totals, g_hash_table_unref);
  g_clear_pointer (&self->authorize_pending, g_hash_table_unref);
  g_clear_pointer (&self->import_previews, g_ptr_array_unref);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->public_url, g_free);

  G_OBJECT_CLASS (hrm_server_parent_class)->finalize (object);
}

static void
hrm_server_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  HrmServer *self = HRM_SERVER (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_PUBLIC_URL:
      g_value_set_string (value, self->public_url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hrm_server_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  HrmServer *self = HRM_SERVER (object);

  switch (prop_id)
    {
    case PROP_PUBLIC_URL:
      hrm_server_set_public_url (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hrm_server_class_init (HrmServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hrm_server_dispose;
  object_class->finalize = hrm_server_finalize;
  object_class->get_property = hrm_server_get_property;
  object_class->set_property = hrm_server_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PUBLIC_URL] =
    g_param_spec_string ("public-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hrm_server_init (HrmServer *self)
{
  self->routes = g_ptr_array_new_with_free_func ((GDestroyNotify) hrm_route_free);
  self->list_totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->import_previews = g_ptr_array_new ();
  self->access_token_ttl = _hrm_server_env_seconds ("HRM_SERVER_ACCESS_TOKEN_TTL", HRM_ACCESS_TOKEN_TTL);
  self->resend_interval = _hrm_server_env_seconds ("HRM_SERVER_RESEND_INTERVAL", HRM_RESEND_INTERVAL);
  self->mail_rate = MAX (1, _hrm_server_env_seconds ("HRM_SERVER_MAIL_RATE", HRM_SERVER_MAIL_RATE));
  self->verification_ttl = _hrm_server_env_seconds ("HRM_SERVER_VERIFICATION_TTL", -1);
  self->hash_queue_limit = MAX (1, _hrm_server_env_seconds ("HRM_SERVER_HASH_QUEUE", HRM_HASH_QUEUE_LIMIT));
  self->throttle_after = MAX (1, _hrm_server_env_seconds ("HRM_SERVER_THROTTLE_AFTER", HRM_THROTTLE_AFTER));
  self->unknown_failures_max = MAX (1, _hrm_server_env_seconds ("HRM_SERVER_UNKNOWN_FAILURES_MAX",
                                                    HRM_UNKNOWN_FAILURES_MAX));
}
