/* hrm-server-organisation.c — the organisation's settings
 *
 * GET   /api/v1/organisation          → 200, the settings, with an ETag
 * PATCH /api/v1/organisation          → 200, a JSON merge patch of them
 * GET   /api/v1/organisation/events   → 200, who changed them and how
 *
 * The settings that decide about users' addresses (hrm-email-domains.c):
 * allowed_email_domains (empty: any domain), verified_domains (addresses
 * there link without a verification mail; within the allowed ones when
 * those are set), and unlink_leavers_after_days. PATCH is guarded by
 * If-Match like a user's (428 without, 412 stale; the version check is
 * part of the UPDATE, so two changes at once cannot both pass) and allowed
 * only to callers with a role that has the organisation_settings permission
 * (role_permissions, schema 13), 403 for others. Each changed setting is an
 * event of organisation_events.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-server-organisation"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hrm-email-domains.h"
#include "hrm-error.h"
#include "hrm-json.h"
#include "hrm-server-private.h"

#define DEFAULT_UNLINK_DAYS 5
#define MAX_UNLINK_DAYS     365
/* Domains per list: a handful in practice; a bound keeps a row small. */
#define MAX_DOMAINS         100
#define MAX_EVENTS          200

typedef struct
{
  GPtrArray *allowed;   /* char *, lower case, sorted */
  GPtrArray *verified;
  gint64     unlink_days;
  gint64     version;
} Settings;

static void
settings_clear (Settings *settings)
{
  g_clear_pointer (&settings->allowed, g_ptr_array_unref);
  g_clear_pointer (&settings->verified, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Settings, settings_clear)

static gboolean
load_domains (HrmDb       *db,
              const char  *kind,
              GPtrArray   *out,
              GError     **error)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (db,
                                            "SELECT domain FROM organisation_domains"
                                            " WHERE kind = ? ORDER BY domain", error);
  g_autoptr(GError) local_error = NULL;

  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_text (stmt, 1, kind);
  while (hrm_stmt_step (stmt, &local_error))
    g_ptr_array_add (out, hrm_stmt_dup_text (stmt, 0));
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_settings (HrmDb     *db,
               Settings  *settings,
               GError   **error)
{
  g_autoptr(HrmStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  settings->allowed = g_ptr_array_new_with_free_func (g_free);
  settings->verified = g_ptr_array_new_with_free_func (g_free);
  settings->unlink_days = DEFAULT_UNLINK_DAYS;
  settings->version = 1;

  stmt = hrm_db_prepare (db,
                         "SELECT unlink_leavers_after_days, version FROM organisation_settings"
                         " WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;
  if (hrm_stmt_step (stmt, &local_error))
    {
      settings->unlink_days = hrm_stmt_get_int (stmt, 0);
      settings->version = hrm_stmt_get_int (stmt, 1);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return load_domains (db, "allowed", settings->allowed, error)
         && load_domains (db, "verified", settings->verified, error);
}

static char *
settings_etag (const Settings *settings)
{
  return g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", settings->version);
}

/**
 * _hrm_server_may_change_organisation:
 * Whether @user_pk has a role, for the whole company, that may change the
 * organisation's settings.
 */
gboolean
_hrm_server_may_change_organisation (HrmDb     *db,
                                     gint64     user_pk,
                                     gboolean  *out_may,
                                     GError   **error)
{
  g_autoptr(HrmStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  stmt = hrm_db_prepare (db,
                         "SELECT 1 FROM authorisations a"
                         " JOIN role_permissions p ON p.role_id = a.role_id"
                         " WHERE a.user_pk = ? AND a.scope_type = 'company'"
                         " AND p.permission = 'organisation_settings' LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;

  hrm_stmt_bind_int (stmt, 1, user_pk);
  *out_may = hrm_stmt_step (stmt, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static void
add_list (JsonBuilder *builder,
          const char  *member,
          GPtrArray   *list)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < list->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (list, i));
  json_builder_end_array (builder);
}

/* Answers the organisation object (docs/openapi.json "Organisation") with
 * @settings' ETag. */
static void
send_organisation (HrmRequest *req,
                   Settings   *settings)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmStmt) stmt = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *name = NULL;
  g_autofree char *phase = NULL;
  g_autofree char *etag = settings_etag (settings);
  gboolean may_change = FALSE;
  gint64 ttl = 86400;

  stmt = hrm_db_prepare (req->db,
                         "SELECT name, provisioning_phase, verification_ttl_seconds"
                         " FROM organisation WHERE id = 1", &error);
  if (stmt == NULL)
    goto failed;
  if (hrm_stmt_step (stmt, &error))
    {
      name = hrm_stmt_dup_text (stmt, 0);
      phase = hrm_stmt_dup_text (stmt, 1);
      ttl = hrm_stmt_get_int (stmt, 2);
    }
  else if (error != NULL)
    goto failed;
  g_clear_pointer (&stmt, hrm_stmt_release);
  if (!_hrm_server_may_change_organisation (req->db, req->caller_pk, &may_change, &error))
    goto failed;

  json_builder_begin_object (builder);
  hrm_json_builder_add_string (builder, "name", name ? name : _("Organisation"));
  hrm_json_builder_add_string (builder, "identity_provider_name", "Visma Connect");
  hrm_json_builder_add_string (builder, "provisioning_phase", phase ? phase : "preparation");
  json_builder_set_member_name (builder, "verification_ttl_seconds");
  json_builder_add_int_value (builder, req->server->verification_ttl >= 0
                                        ? req->server->verification_ttl : ttl);
  add_list (builder, "allowed_email_domains", settings->allowed);
  add_list (builder, "verified_domains", settings->verified);
  json_builder_set_member_name (builder, "unlink_leavers_after_days");
  json_builder_add_int_value (builder, settings->unlink_days);
  json_builder_set_member_name (builder, "may_change");
  json_builder_add_boolean_value (builder, may_change);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "ETag", etag);
  hrm_http_send_json (req->msg, SOUP_STATUS_OK, node);
  return;

failed:
  hrm_http_send_internal_error (req->msg, error);
}

static void
handle_get (HrmRequest *req)
{
  g_auto(Settings) settings = { 0 };
  g_autoptr(GError) error = NULL;

  if (!load_settings (req->db, &settings, &error))
    {
      hrm_http_send_internal_error (req->msg, error);
      return;
    }
  send_organisation (req, &settings);
}

static void
add_field_error (GHashTable *fields,
                 char       *name,
                 const char *message)
{
  if (g_hash_table_contains (fields, name))
    g_free (name);
  else
    g_hash_table_insert (fields, name, g_strdup (message));
}

static int
compare_domains (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Reads the list @member of @patch into @out (normalised, sorted), noting
 * what is wrong with it in @fields. Null empties the list (merge patch). */
static void
read_domains (JsonObject *patch,
              const char *member,
              GPtrArray  *out,
              GHashTable *fields)
{
  JsonNode *node = json_object_get_member (patch, member);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;

  g_ptr_array_set_size (out, 0);
  if (JSON_NODE_HOLDS_NULL (node))
    return;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      add_field_error (fields, g_strdup (member), _("A list of domains is expected"));
      return;
    }

  array = json_node_get_array (node);
  if (json_array_get_length (array) > MAX_DOMAINS)
    {
      g_autofree char *message = g_strdup_printf (_("At most %d domains can be listed"),
                                                  MAX_DOMAINS);

      add_field_error (fields, g_strdup (member), message);
      return;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *domain = NULL;
      char *place = g_strdup_printf ("%s[%u]", member, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        domain = hrm_email_domain_normalise (json_node_get_string (element), &error);
      else
        g_set_error_literal (&error, HRM_ERROR, HRM_ERROR_INVALID, _("A domain must be text"));

      if (domain == NULL)
        add_field_error (fields, place, error->message);
      else if (g_hash_table_contains (seen, domain))
        add_field_error (fields, place, _("This domain is already in the list"));
      else
        {
          g_free (place);
          g_hash_table_add (seen, domain);
          g_ptr_array_add (out, g_steal_pointer (&domain));
        }
    }
  g_ptr_array_sort (out, compare_domains);
}

/* Applies @patch to @settings, noting every reason it is refused in @fields. */
static void
apply_patch (JsonObject *patch,
             Settings   *settings,
             GHashTable *fields)
{
  static const char * const known[] = {
    "allowed_email_domains", "verified_domains", "unlink_leavers_after_days", NULL,
  };

  hrm_http_check_members (patch, NULL, known, fields);

  if (json_object_has_member (patch, "allowed_email_domains"))
    read_domains (patch, "allowed_email_domains", settings->allowed, fields);
  if (json_object_has_member (patch, "verified_domains"))
    read_domains (patch, "verified_domains", settings->verified, fields);

  if (json_object_has_member (patch, "unlink_leavers_after_days"))
    {
      JsonNode *node = json_object_get_member (patch, "unlink_leavers_after_days");

      if (JSON_NODE_HOLDS_NULL (node))
        settings->unlink_days = DEFAULT_UNLINK_DAYS;
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64
               && json_node_get_int (node) >= 0 && json_node_get_int (node) <= MAX_UNLINK_DAYS)
        settings->unlink_days = json_node_get_int (node);
      else
        {
          g_autofree char *message =
            g_strdup_printf (_("Enter a whole number of days from 0 to %d"), MAX_UNLINK_DAYS);

          add_field_error (fields, g_strdup ("unlink_leavers_after_days"), message);
        }
    }

  /* A verified domain links at once, so it must be one whose addresses
   * are allowed at all. */
  if (settings->allowed->len > 0)
    for (guint i = 0; i < settings->verified->len; i++)
      {
        const char *domain = g_ptr_array_index (settings->verified, i);

        if (!g_ptr_array_find_with_equal_func (settings->allowed, domain, g_str_equal, NULL))
          add_field_error (fields, g_strdup_printf ("verified_domains[%u]", i),
                           _("A verified domain must also be one of the allowed email domains"));
      }
}

static char *
join_list (GPtrArray *list)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  if (list->len == 0)
    return g_strdup (_("none"));
  for (guint i = 0; i < list->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (list, i));
  strv = g_strv_builder_end (builder);
  return g_strjoinv (", ", strv);
}

static gboolean
lists_equal (GPtrArray *a,
             GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!g_str_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

static gboolean
record_event (HrmRequest  *req,
              const char  *action,
              const char  *details,
              GError     **error)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (req->db,
                                            "INSERT INTO organisation_events"
                                            " (time, actor, action, details) VALUES (?, ?, ?, ?)",
                                            error);

  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_int (stmt, 1, hrm_db_now ());
  hrm_stmt_bind_text (stmt, 2, req->caller_name);
  hrm_stmt_bind_text (stmt, 3, action);
  hrm_stmt_bind_text (stmt, 4, details);
  return hrm_stmt_run (stmt, error);
}

/* Replaces the domains of @kind with @list, in the open transaction. */
static gboolean
store_domains (HrmDb       *db,
               const char  *kind,
               GPtrArray   *list,
               GError     **error)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (db, "DELETE FROM organisation_domains WHERE kind = ?",
                                            error);

  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_text (stmt, 1, kind);
  if (!hrm_stmt_run (stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, hrm_stmt_release);

  for (guint i = 0; i < list->len; i++)
    {
      stmt = hrm_db_prepare (db, "INSERT INTO organisation_domains (kind, domain) VALUES (?, ?)",
                             error);
      if (stmt == NULL)
        return FALSE;
      hrm_stmt_bind_text (stmt, 1, kind);
      hrm_stmt_bind_text (stmt, 2, g_ptr_array_index (list, i));
      if (!hrm_stmt_run (stmt, error))
        return FALSE;
      g_clear_pointer (&stmt, hrm_stmt_release);
    }
  return TRUE;
}

/* Stores what changed from @before to @after, with an event for each
 * setting, and a new version; FALSE with @out_stale set when @before's
 * version is no longer the stored one (another change came first). */
static gboolean
store_changes (HrmRequest  *req,
               Settings    *before,
               Settings    *after,
               gboolean    *out_stale,
               GError     **error)
{
  g_autoptr(HrmStmt) stmt = NULL;

  *out_stale = FALSE;
  stmt = hrm_db_prepare (req->db,
                         "UPDATE organisation_settings SET unlink_leavers_after_days = ?,"
                         " version = version + 1 WHERE id = 1 AND version = ?", error);
  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_int (stmt, 1, after->unlink_days);
  hrm_stmt_bind_int (stmt, 2, before->version);
  if (!hrm_stmt_run (stmt, error))
    return FALSE;
  if (hrm_db_changes (req->db) == 0)
    {
      *out_stale = TRUE;
      return FALSE;
    }

  if (!lists_equal (before->allowed, after->allowed))
    {
      g_autofree char *was = join_list (before->allowed);
      g_autofree char *now = join_list (after->allowed);
      /* Translators: lists of domains, or “none”. */
      g_autofree char *details = g_strdup_printf (_("Allowed email domains: %s (were: %s)"),
                                                  now, was);

      if (!store_domains (req->db, "allowed", after->allowed, error)
          || !record_event (req, "allowed_email_domains_changed", details, error))
        return FALSE;
    }
  if (!lists_equal (before->verified, after->verified))
    {
      g_autofree char *was = join_list (before->verified);
      g_autofree char *now = join_list (after->verified);
      /* Translators: lists of domains, or “none”. */
      g_autofree char *details = g_strdup_printf (_("Verified domains: %s (were: %s)"), now, was);

      if (!store_domains (req->db, "verified", after->verified, error)
          || !record_event (req, "verified_domains_changed", details, error))
        return FALSE;
    }
  if (before->unlink_days != after->unlink_days)
    {
      g_autofree char *details =
        g_strdup_printf (_("Links of leavers are removed %d days after their employment ends "
                           "(was %d)"), (int) after->unlink_days, (int) before->unlink_days);

      if (!record_event (req, "unlink_leavers_after_days_changed", details, error))
        return FALSE;
    }
  after->version = before->version + 1;
  return TRUE;
}

/* Whether an If-Match header value names @etag (or is "*"). */
static gboolean
if_match_matches (const char *header,
                  const char *etag)
{
  g_auto(GStrv) candidates = g_strsplit (header, ",", -1);

  for (guint i = 0; candidates[i] != NULL; i++)
    {
      const char *candidate = g_strstrip (candidates[i]);

      if (g_str_equal (candidate, "*") || g_str_equal (candidate, etag))
        return TRUE;
    }
  return FALSE;
}

static void
send_stale (HrmRequest *req)
{
  hrm_http_send_error (req->msg, SOUP_STATUS_PRECONDITION_FAILED, "precondition_failed",
                       _("Someone else changed the organisation’s settings meanwhile. "
                         "Reload them and try again."), NULL);
}

static void
handle_patch (HrmRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *if_match = soup_message_headers_get_one (headers, "If-Match");
  g_auto(Settings) before = { 0 };
  g_auto(Settings) after = { 0 };
  g_autoptr(JsonObject) patch = NULL;
  g_autoptr(GHashTable) fields = hrm_http_new_fields ();
  g_autoptr(HrmDbTxn) txn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  gboolean may_change = FALSE;
  gboolean stale = FALSE;

  if (!_hrm_server_may_change_organisation (req->db, req->caller_pk, &may_change, &error))
    goto failed;
  if (!may_change)
    {
      hrm_http_send_error (req->msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                           _("Your roles do not allow changing the organisation’s settings"),
                           NULL);
      return;
    }
  if (if_match == NULL)
    {
      hrm_http_send_error (req->msg, 428, "precondition_required",
                           _("The change must name the version it applies to (If-Match)"), NULL);
      return;
    }

  patch = hrm_http_read_json (req->msg, TRUE);
  if (patch == NULL)
    return;

  if (!load_settings (req->db, &before, &error) || !load_settings (req->db, &after, &error))
    goto failed;
  etag = settings_etag (&before);
  if (!if_match_matches (if_match, etag))
    {
      send_stale (req);
      return;
    }

  apply_patch (patch, &after, fields);
  if (g_hash_table_size (fields) > 0)
    {
      hrm_http_send_invalid_fields (req->msg, fields);
      return;
    }

  /* A patch that changes nothing keeps the version: the ETag a client
   * holds stays good, and there is nothing to audit. */
  if (lists_equal (before.allowed, after.allowed) && lists_equal (before.verified, after.verified)
      && before.unlink_days == after.unlink_days)
    {
      send_organisation (req, &before);
      return;
    }

  txn = hrm_db_begin (req->db, &error);
  if (txn == NULL)
    goto failed;
  if (!store_changes (req, &before, &after, &stale, &error))
    {
      if (stale)
        {
          send_stale (req);
          return;
        }
      goto failed;
    }
  if (!hrm_db_txn_commit (txn, &error))
    goto failed;

  send_organisation (req, &after);
  return;

failed:
  hrm_http_send_internal_error (req->msg, error);
}

static const HrmColumn event_columns[] = {
  { "id", HRM_COLUMN_INT },
  { "time", HRM_COLUMN_TIME },
  { "actor", HRM_COLUMN_TEXT },
  { "action", HRM_COLUMN_TEXT },
  { "details", HRM_COLUMN_TEXT },
};

/* The latest changes to the settings, newest first, as a user's events. */
static void
handle_events (HrmRequest *req)
{
  g_autoptr(HrmStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  stmt = hrm_db_prepare (req->db,
                         "SELECT id, time, actor, action, details FROM organisation_events"
                         " ORDER BY time DESC, id DESC LIMIT ?", &error);
  if (stmt == NULL)
    {
      hrm_http_send_internal_error (req->msg, error);
      return;
    }
  hrm_stmt_bind_int (stmt, 1, MAX_EVENTS);

  _hrm_request_send_rows (req, stmt, event_columns, G_N_ELEMENTS (event_columns));
}

/**
 * _hrm_server_email_refusal:
 * @out_status: (out): the HTTP status to refuse with
 *
 * Why a verification mail may not go to @user's saved address, which
 * hrm_validate_email() accepts: outside a non-empty list of allowed
 * domains (422), or an address another user is linked to (409). The
 * single POST …/verification-email and the bulk jobs both ask here.
 *
 * Returns: (nullable): the reason, or %NULL when the mail may go
 */
const char *
_hrm_server_email_refusal (const HrmServerUser *user,
                           guint               *out_status)
{
  if (user->email_warnings & HRM_EMAIL_WARNING_OUTSIDE_ALLOWED)
    {
      *out_status = 422;
      return _("The address is outside the organisation’s email domains. Save a work address "
               "first; verification emails go to the allowed domains only.");
    }
  if (user->email_of_linked)
    {
      *out_status = SOUP_STATUS_CONFLICT;
      return _("Another user is already linked to this address. Save this user’s own address "
               "first.");
    }
  return NULL;
}

void
_hrm_server_organisation_register (HrmServer *self)
{
  _hrm_server_add_route (self, "GET", "/api/v1/organisation", HRM_ROUTE_SIGNED_IN, handle_get);
  _hrm_server_add_route (self, "PATCH", "/api/v1/organisation", HRM_ROUTE_SIGNED_IN, handle_patch);
  _hrm_server_add_route (self, "GET", "/api/v1/organisation/events", HRM_ROUTE_USERS_VIEW,
                         handle_events);
}
