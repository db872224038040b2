/* hrm-server-users-patch.c — PATCH /api/v1/users/{id}
 *
 * A JSON merge patch (RFC 7396) guarded by If-Match: without it 428, with a
 * stale ETag 412. The version check is part of the UPDATE's WHERE clause, so
 * of two concurrent changes made from the same version exactly one wins.
 * Which members may change, and the rule and normalisation of each, are the
 * table of hrm-user-fields.c: the same rules as the client (hrm_validate_*),
 * so the reasons in a 422 read the same as the client's inline errors. Every
 * value received is normalised here, once (hrm_user_field_check), whatever
 * the client did to it.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-server-users"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hrm-error.h"
#include "hrm-json.h"
#include "hrm-server-private.h"
#include "hrm-user-fields.h"
#include "hrm-validate.h"

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
add_field_error (GHashTable *fields,
                 const char *name,
                 const char *message)
{
  if (!g_hash_table_contains (fields, name))
    g_hash_table_insert (fields, g_strdup (name), g_strdup (message));
}

/* Applies one member of @patch to @user, noting why it is refused in @fields. */
static void
apply_member (HrmServerUser  *user,
              JsonObject     *patch,
              HrmUserFieldId  field,
              GHashTable     *fields)
{
  const HrmUserFieldInfo *info = hrm_user_field_get_info (field);
  gpointer member = hrm_server_user_field (user, field);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!info->patchable)
    {
      add_field_error (fields, info->json_name, _("This field cannot be changed"));
      return;
    }

  switch (info->kind)
    {
    case HRM_USER_FIELD_KIND_BOOLEAN:
      if (!hrm_json_get_bool (patch, info->json_name, member, &error))
        add_field_error (fields, info->json_name, error->message);
      break;

    case HRM_USER_FIELD_KIND_STRING:
      /* null goes to hrm_user_field_check(), which knows whether it may be. */
      if (!hrm_json_get_string (patch, info->json_name, TRUE, &text, &error)
          || !hrm_user_field_check (field, &text, &error))
        {
          add_field_error (fields, info->json_name, error->message);
          break;
        }
      g_free (*(char **) member);
      *(char **) member = g_steal_pointer (&text);
      break;

    case HRM_USER_FIELD_KIND_INT:
    case HRM_USER_FIELD_KIND_DATETIME:
    case HRM_USER_FIELD_KIND_CONNECTION:
    case HRM_USER_FIELD_KIND_EMAIL_WARNINGS:
    default:
      g_assert_not_reached ();  /* no patchable field is of these kinds */
    }
}

/* Applies @patch to @user, noting every reason a field is refused in @fields;
 * members that are no field at all are check_members()'s. */
static void
apply_patch (HrmServerUser *user,
             JsonObject    *patch,
             GHashTable    *fields)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, patch);
  while (json_object_iter_next (&iter, &name, &node))
    {
      HrmUserFieldId field;

      if (hrm_user_field_lookup (name, &field))
        apply_member (user, patch, field, fields);
    }
}

/* Notes every member of @patch that is not a field of a user in @fields. */
static void
check_members (JsonObject *patch,
               GHashTable *fields)
{
  const char *known[HRM_N_USER_FIELDS + 1] = { NULL };

  for (guint i = 0; i < HRM_N_USER_FIELDS; i++)
    known[i] = hrm_user_field_get_info (i)->json_name;

  hrm_http_check_members (patch, NULL, known, fields);
}

/* A human account of what changed, for the audit trail; NULL when nothing did. */
static char *
describe_changes (const HrmServerUser *before,
                  const HrmServerUser *after)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < HRM_N_USER_FIELDS; i++)
    {
      const HrmUserFieldInfo *info = hrm_user_field_get_info (i);
      gconstpointer a;
      gconstpointer b;
      const char *old_value;
      const char *new_value;

      if (!info->patchable)
        continue;

      a = hrm_server_user_field ((HrmServerUser *) before, i);
      b = hrm_server_user_field ((HrmServerUser *) after, i);
      if (info->kind == HRM_USER_FIELD_KIND_BOOLEAN)
        {
          if (*(const gboolean *) a != *(const gboolean *) b)
            g_string_append_printf (text, "%s%s", text->len ? "; " : "",
                                    *(const gboolean *) b ? _("enabled the user")
                                                          : _("disabled the user"));
          continue;
        }

      if (g_strcmp0 (*(char * const *) a, *(char * const *) b) == 0)
        continue;

      old_value = *(char * const *) a;
      new_value = *(char * const *) b;
      if (text->len > 0)
        g_string_append (text, "; ");
      if (old_value == NULL || old_value[0] == '\0')
        /* TRANSLATORS: e.g. set email to “b@example.com” */
        g_string_append_printf (text, _("set %s to “%s”"), _(info->label), new_value);
      else if (new_value == NULL || new_value[0] == '\0')
        /* TRANSLATORS: e.g. cleared email (was “a@example.com”) */
        g_string_append_printf (text, _("cleared %s (was “%s”)"), _(info->label), old_value);
      else
        /* TRANSLATORS: e.g. changed email from “a@example.com” to “b@example.com” */
        g_string_append_printf (text, _("changed %s from “%s” to “%s”"), _(info->label),
                                old_value, new_value);
    }

  if (text->len == 0)
    return NULL;

  text->str[0] = g_ascii_toupper (text->str[0]);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
user_id_taken (HrmDb       *db,
               const char  *user_id,
               gint64       id,
               GError     **error)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (db, "SELECT 1 FROM users"
                                            " WHERE user_id_key = hrm_fold (?) AND id != ?",
                                            error);

  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_text (stmt, 1, user_id);
  hrm_stmt_bind_int (stmt, 2, id);
  return hrm_stmt_step (stmt, error);
}

static void
send_stale (SoupServerMessage *msg)
{
  hrm_http_send_error (msg, SOUP_STATUS_PRECONDITION_FAILED, "precondition_failed",
                       _("Someone else changed this user meanwhile. Reload it and try again."),
                       NULL);
}

static void
send_user_taken (SoupServerMessage *msg)
{
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (fields, (char *) "user_id", (char *) _("Another user already has this User-ID"));
  hrm_http_send_error (msg, 422, "invalid", _("Another user already has this User-ID"), fields);
}

/* Stores @after; FALSE with @stale set when the version moved on meanwhile. */
static gboolean
store_user (HrmDb               *db,
            const HrmServerUser *after,
            gint64               version,
            gboolean            *stale,
            GError             **error)
{
  g_autofree char *search = hrm_server_user_search_text (after);
  g_autoptr(HrmStmt) stmt = NULL;

  stmt = hrm_db_prepare (db,
                         "UPDATE users SET user_id = ?1, user_id_key = hrm_fold (?1), alias_user_id = ?2, signature = ?3,"
                         " card_tag_id = ?4, external_reference = ?5, first_name = ?6, last_name = ?7,"
                         " email = ?8, enabled = ?9, search_text = ?10, version = version + 1,"
                         " updated_at = ?11 WHERE id = ?12 AND version = ?13", error);
  if (stmt == NULL)
    return FALSE;

  hrm_stmt_bind_text (stmt, 1, after->user_id);
  hrm_stmt_bind_text (stmt, 2, after->alias_user_id);
  hrm_stmt_bind_text (stmt, 3, after->signature);
  hrm_stmt_bind_text (stmt, 4, after->card_tag_id);
  hrm_stmt_bind_text (stmt, 5, after->external_reference);
  hrm_stmt_bind_text (stmt, 6, after->first_name);
  hrm_stmt_bind_text (stmt, 7, after->last_name);
  hrm_stmt_bind_text (stmt, 8, after->email);
  hrm_stmt_bind_int (stmt, 9, after->enabled ? 1 : 0);
  hrm_stmt_bind_text (stmt, 10, search);
  hrm_stmt_bind_int (stmt, 11, hrm_db_now ());
  hrm_stmt_bind_int (stmt, 12, after->id);
  hrm_stmt_bind_int (stmt, 13, version);
  if (!hrm_stmt_run (stmt, error))
    return FALSE;

  *stale = hrm_db_changes (db) != 1;
  return !*stale;
}

/* Stores the end of employment, which lives in user_employment (schema
 * 15) rather than in the users row: a row per leaver, none without. */
static gboolean
store_employment_end (HrmDb                *db,
                      const HrmServerUser  *after,
                      GError              **error)
{
  g_autoptr(HrmStmt) stmt = NULL;

  if (after->employment_end_date == NULL)
    stmt = hrm_db_prepare (db, "DELETE FROM user_employment WHERE user_pk = ?", error);
  else
    stmt = hrm_db_prepare (db,
                           "INSERT INTO user_employment (user_pk, end_date) VALUES (?, ?)"
                           " ON CONFLICT (user_pk) DO UPDATE SET end_date = excluded.end_date",
                           error);
  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_int (stmt, 1, after->id);
  if (after->employment_end_date != NULL)
    hrm_stmt_bind_text (stmt, 2, after->employment_end_date);
  return hrm_stmt_run (stmt, error);
}

/* A pending verification was for the old address: it no longer applies. */
static gboolean
cancel_pending (HrmDb   *db,
                gint64   id,
                GError **error)
{
  g_autoptr(HrmStmt) stmt = NULL;

  stmt = hrm_db_prepare (db,
                         "UPDATE users SET conn_state = 'not_linked', pending_email = NULL,"
                         " sent_at = NULL, expires_at = NULL WHERE id = ? AND conn_state = 'pending'",
                         error);
  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_int (stmt, 1, id);
  return hrm_stmt_run (stmt, error) && hrm_token_revoke_user (db, id, HRM_TOKEN_VERIFY, error)
         && hrm_outbox_cancel (db, id, HRM_MAIL_VERIFY, error);
}

/**
 * _hrm_server_user_save:
 * @before: the user as loaded, whose version the change applies to
 * @after: @before with the changed fields, each checked and normalised
 *   (hrm_user_field_check)
 * @out_stale: (out): TRUE when the user changed meanwhile
 *
 * Stores a change of a user in the open transaction the way PATCH does:
 * the new values and search text, a pending verification of an address
 * that is no longer the user's cancelled, and the event that says what
 * changed, by @actor. The import of addresses (set_email) saves through
 * here too. Nothing changed is nothing stored.
 */
gboolean
_hrm_server_user_save (HrmDb               *db,
                       const HrmServerUser *before,
                       const HrmServerUser *after,
                       const char          *actor,
                       gboolean            *out_stale,
                       GError             **error)
{
  g_autofree char *details = describe_changes (before, after);
  g_autofree char *old_email = before->email ? hrm_normalize_email (before->email) : NULL;
  g_autofree char *new_email = after->email ? hrm_normalize_email (after->email) : NULL;

  *out_stale = FALSE;
  if (details == NULL)
    return TRUE;

  if (!store_user (db, after, before->version, out_stale, error))
    return FALSE;

  if (g_strcmp0 (before->employment_end_date, after->employment_end_date) != 0
      && !store_employment_end (db, after, error))
    return FALSE;

  if (g_strcmp0 (old_email, new_email) != 0 && g_strcmp0 (before->conn_state, "pending") == 0)
    {
      g_autofree char *more = g_strconcat (details, _("; the pending verification was cancelled"),
                                           NULL);

      if (!cancel_pending (db, after->id, error))
        return FALSE;
      g_free (details);
      details = g_steal_pointer (&more);
    }

  return _hrm_server_record_event (db, after->id, actor, "user_updated", details, error);
}

/* Sends the user as stored now. */
static void
send_user (HrmRequest *req)
{
  g_autoptr(HrmServerUser) user = _hrm_request_load_user (req);

  if (user != NULL)
    _hrm_request_send_user (req, user);
}

static void
handle_patch (HrmRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *if_match = soup_message_headers_get_one (headers, "If-Match");
  g_autoptr(HrmServerUser) before = NULL;
  g_autoptr(HrmServerUser) after = NULL;
  g_autoptr(JsonObject) patch = NULL;
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(HrmDbTxn) txn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *details = NULL;
  g_autofree char *old_email = NULL;
  g_autofree char *new_email = NULL;
  gboolean email_changed;
  gboolean stale = FALSE;

  before = _hrm_request_load_user (req);
  if (before == NULL)
    return;

  if (if_match == NULL)
    {
      hrm_http_send_error (req->msg, 428, "precondition_required",
                           _("The change must name the version it applies to (If-Match)"), NULL);
      return;
    }

  patch = hrm_http_read_json (req->msg, TRUE);
  if (patch == NULL)
    return;

  etag = hrm_server_user_etag (before);
  if (!if_match_matches (if_match, etag))
    {
      send_stale (req->msg);
      return;
    }

  after = hrm_server_user_load (req->db, req->id, &error);
  if (after == NULL)
    {
      hrm_http_send_gerror (req->msg, error);
      return;
    }

  fields = hrm_http_new_fields ();
  check_members (patch, fields);
  apply_patch (after, patch, fields);
  if (g_hash_table_size (fields) > 0)
    {
      hrm_http_send_invalid_fields (req->msg, fields);
      return;
    }

  old_email = before->email ? hrm_normalize_email (before->email) : NULL;
  new_email = after->email ? hrm_normalize_email (after->email) : NULL;
  email_changed = g_strcmp0 (old_email, new_email) != 0;
  if (email_changed && hrm_server_user_is_linked (before))
    {
      hrm_http_send_error (req->msg, SOUP_STATUS_CONFLICT, "conflict",
                           _("The email address of a linked user cannot be changed. "
                             "Delete the connection first."), NULL);
      return;
    }

  details = describe_changes (before, after);
  if (details == NULL)
    {
      send_user (req);
      return;
    }

  txn = hrm_db_begin (req->db, &error);
  if (txn == NULL)
    goto failed;

  if (user_id_taken (req->db, after->user_id, after->id, &error))
    {
      send_user_taken (req->msg);
      return;
    }
  if (error != NULL)
    goto failed;

  if (!_hrm_server_user_save (req->db, before, after, req->caller_name, &stale, &error))
    {
      if (stale)
        send_stale (req->msg);
      else if (g_error_matches (error, HRM_ERROR, HRM_ERROR_CONFLICT))
        send_user_taken (req->msg);
      else
        goto failed;
      return;
    }

  if (!hrm_db_txn_commit (txn, &error))
    goto failed;

  send_user (req);
  return;

failed:
  hrm_http_send_internal_error (req->msg, error);
}

void
_hrm_server_users_patch_register (HrmServer *self)
{
  _hrm_server_add_route (self, "PATCH", "/api/v1/users/{id}", HRM_ROUTE_USERS_VIEW, handle_patch);
}
