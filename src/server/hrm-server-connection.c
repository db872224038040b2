/* hrm-server-connection.c — a user's link to the identity provider
 *
 * POST /api/v1/users/{id}/verification-email   → 202, the user becomes pending;
 *                                                200 and linked at once when the
 *                                                address is in a verified domain
 * POST /api/v1/users/{id}/password-reset       → 202, for linked users
 * DELETE /api/v1/users/{id}/connection         → 204, the user is not linked
 *
 * Each sends (or stops) a one-time link: a new link replaces the previous one
 * of its kind, and deleting the connection ends every outstanding link and
 * sign-in of the user. Mails are in the user's language (hrm-mail-texts.c),
 * the link on its own line; they are queued in the outbox with the token and
 * delivered once that transaction has committed (hrm-outbox.c).
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-server-connection"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hrm-error.h"
#include "hrm-json.h"
#include "hrm-mail-texts.h"
#include "hrm-server-private.h"
#include "hrm-validate.h"

static char *
build_link (HrmServer  *self,
            const char *page,
            const char *token)
{
  g_autofree char *escaped = g_uri_escape_string (token, NULL, FALSE);

  return g_strdup_printf ("%sconnect/%s?token=%s", _hrm_server_link_base (self), page, escaped);
}

/* The name to greet @user with in a mail. */
static const char *
greeting_name (const HrmServerUser *user)
{
  return user->first_name && user->first_name[0] ? user->first_name : user->user_id;
}

/* Queues the mail with @token's link to @to in the open transaction: it
 * leaves only if that commits (hrm-outbox.c). */
static gboolean
queue_mail (HrmServer            *self,
            HrmDb                *db,
            HrmMailKind           kind,
            const HrmServerUser  *user,
            const char           *to,
            const char           *token,
            gint64                expires_at,
            GError              **error)
{
  g_autofree char *organisation = kind == HRM_MAIL_VERIFY ? _hrm_server_organisation_name (self)
                                                          : NULL;
  g_autofree char *link = build_link (self, kind == HRM_MAIL_VERIFY ? "verify" : "reset", token);
  HrmOutboxMail mail = {
    .kind = kind,
    .user_pk = user->id,
    .to = to,
    .name = greeting_name (user),
    .language = user->locale,
    .organisation = organisation,
    .link = link,
    .link_expires_at = expires_at,
  };

  return hrm_outbox_queue (db, &mail, error);
}

static void
send_times (SoupServerMessage *msg,
            gint64             sent_at,
            gint64             expires_at)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(GDateTime) sent = g_date_time_new_from_unix_utc (sent_at);
  g_autoptr(GDateTime) expires = g_date_time_new_from_unix_utc (expires_at);
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  hrm_json_builder_add_datetime (builder, "sent_at", sent);
  hrm_json_builder_add_datetime (builder, "expires_at", expires);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);

  hrm_http_send_json (msg, SOUP_STATUS_ACCEPTED, node);
}

/**
 * _hrm_server_queue_verification:
 * @actor: who sends it, for the user's history
 * @job_id: the bulk job it is part of, or 0
 *
 * Makes a new verification link for @user (ending the previous one), makes
 * the user pending, writes the event and queues the mail, all in the open
 * transaction: nothing of it happens unless that commits. The caller has
 * checked that the user may get one (not linked, a valid email address, not
 * mailed within the resend interval) and calls _hrm_server_deliver_mail()
 * after the commit.
 */
gboolean
_hrm_server_queue_verification (HrmServer            *self,
                                HrmDb                *db,
                                const HrmServerUser  *user,
                                const char           *actor,
                                gint64                job_id,
                                gint64                now,
                                GError              **error)
{
  g_autoptr(HrmStmt) stmt = NULL;
  g_autofree char *token = NULL;
  g_autofree char *details = NULL;
  gint64 ttl = _hrm_server_verification_ttl (self);

  g_assert (hrm_db_in_transaction (db));

  if (!hrm_token_revoke_user (db, user->id, HRM_TOKEN_VERIFY, error))
    return FALSE;

  token = hrm_token_issue (db, HRM_TOKEN_VERIFY, user->id, NULL, user->email, ttl, error);
  stmt = token ? hrm_db_prepare (db,
                                 "UPDATE users SET conn_state = 'pending', pending_email = ?,"
                                 " sent_at = ?, expires_at = ?, last_mail_at = ? WHERE id = ?",
                                 error) : NULL;
  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_text (stmt, 1, user->email);
  hrm_stmt_bind_int (stmt, 2, now);
  hrm_stmt_bind_int (stmt, 3, now + ttl);
  hrm_stmt_bind_int (stmt, 4, now);
  hrm_stmt_bind_int (stmt, 5, user->id);

  if (job_id > 0)
    {
      g_autofree char *job = g_strdup_printf ("%" G_GINT64_FORMAT, job_id);

      /* Translators: the second %s is the number of a bulk job. */
      details = g_strdup_printf (_("Verification email sent to %s (bulk job %s)"), user->email, job);
    }
  else
    details = g_strdup_printf (_("Verification email sent to %s"), user->email);

  return hrm_stmt_run (stmt, error)
         && hrm_server_user_bump (db, user->id, error)
         && _hrm_server_record_event (db, user->id, actor, "verification_sent", details, error)
         && queue_mail (self, db, HRM_MAIL_VERIFY, user, user->email, token, now + ttl, error);
}

/**
 * _hrm_server_link_verified_domain:
 * @job_id: the bulk job it is part of, or 0
 *
 * Links @user to its saved address without a mail, because the address is
 * in one of the organisation's verified domains: the organisation vouches
 * for the addresses there. Ends the user's outstanding verification link.
 */
gboolean
_hrm_server_link_verified_domain (HrmDb                *db,
                                  const HrmServerUser  *user,
                                  const char           *actor,
                                  gint64                job_id,
                                  GError              **error)
{
  g_autoptr(HrmStmt) stmt = NULL;
  g_autofree char *details = NULL;

  g_assert (hrm_db_in_transaction (db));

  stmt = hrm_db_prepare (db,
                         "UPDATE users SET conn_state = 'linked', conn_email = ?,"
                         " verified_at = ?, pending_email = NULL, sent_at = NULL,"
                         " expires_at = NULL WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_text (stmt, 1, user->email);
  hrm_stmt_bind_int (stmt, 2, hrm_db_now ());
  hrm_stmt_bind_int (stmt, 3, user->id);

  if (job_id > 0)
    {
      g_autofree char *job = g_strdup_printf ("%" G_GINT64_FORMAT, job_id);
      /* Translators: the second %s is the number of a bulk job. */
      details = g_strdup_printf (_("Linked to Visma Connect as %s (verified domain, bulk job %s)"),
                                 user->email, job);
    }
  else
    details = g_strdup_printf (_("Linked to Visma Connect as %s (verified domain)"), user->email);

  return hrm_stmt_run (stmt, error)
         && hrm_token_revoke_user (db, user->id, HRM_TOKEN_VERIFY, error)
         && hrm_server_user_bump (db, user->id, error)
         && _hrm_server_record_event (db, user->id, actor, "linked_verified_domain", details,
                                      error);
}

/* Links @user at once (an address in a verified domain) and answers 200
 * with the user as it is now. */
static void
link_at_once (HrmRequest          *req,
              const HrmServerUser *user)
{
  g_autoptr(HrmDbTxn) txn = NULL;
  g_autoptr(HrmServerUser) linked = NULL;
  g_autoptr(GError) error = NULL;

  txn = hrm_db_begin (req->db, &error);
  if (txn == NULL
      || !_hrm_server_link_verified_domain (req->db, user, req->caller_name, 0, &error)
      || !hrm_db_txn_commit (txn, &error))
    {
      hrm_http_send_internal_error (req->msg, error);
      return;
    }

  linked = _hrm_request_load_user (req);
  if (linked != NULL)
    _hrm_request_send_user (req, linked);
}

static void
handle_verification (HrmRequest *req)
{
  HrmServer *self = req->server;
  g_autoptr(HrmServerUser) user = _hrm_request_load_user (req);
  g_autoptr(HrmDbTxn) txn = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = hrm_db_now ();
  gint64 ttl = _hrm_server_verification_ttl (self);
  gint64 wait;
  const char *refusal;
  guint status = 0;

  if (user == NULL)
    return;

  if (hrm_server_user_is_linked (user))
    {
      hrm_http_send_error (req->msg, SOUP_STATUS_CONFLICT, "conflict",
                           _("The user is already linked. Delete the connection first to link "
                             "another address."), NULL);
      return;
    }

  if (!hrm_validate_email (user->email, &error))
    {
      g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
      const char *message = user->email ? error->message : _("Save an email address for the user first");

      g_hash_table_insert (fields, (char *) "email", (char *) message);
      hrm_http_send_error (req->msg, 422, "invalid", message, fields);
      return;
    }

  refusal = _hrm_server_email_refusal (user, &status);
  if (refusal != NULL)
    {
      g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);

      g_hash_table_insert (fields, (char *) "email", (char *) refusal);
      hrm_http_send_error (req->msg, status, status == 422 ? "invalid" : "conflict", refusal,
                           status == 422 ? fields : NULL);
      return;
    }

  if (user->email_verified_domain)
    {
      link_at_once (req, user);
      return;
    }

  wait = user->last_mail_at + self->resend_interval - now;
  if (user->last_mail_at > 0 && wait > 0)
    {
      hrm_http_set_retry_after (req->msg, wait);
      hrm_http_send_error (req->msg, 429, "rate_limited",
                           _("A verification email was sent less than a minute ago. "
                             "Wait a moment before sending another."), NULL);
      return;
    }

  txn = hrm_db_begin (req->db, &error);
  if (txn == NULL
      || !_hrm_server_queue_verification (self, req->db, user, req->caller_name, 0, now, &error)
      || !hrm_db_txn_commit (txn, &error))
    goto failed;

  _hrm_server_deliver_mail (self);
  send_times (req->msg, now, now + ttl);
  return;

failed:
  hrm_http_send_internal_error (req->msg, error);
}

/* When the last password-reset link of the user was made, or a long time ago. */
static gint64
last_reset_sent (HrmDb   *db,
                 gint64   user_pk,
                 GError **error)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (db,
                                            "SELECT max(created_at) FROM tokens"
                                            " WHERE user_pk = ? AND kind = 'reset'", error);

  if (stmt == NULL)
    return 0;
  hrm_stmt_bind_int (stmt, 1, user_pk);
  if (hrm_stmt_step (stmt, error))
    return hrm_stmt_get_int (stmt, 0);
  return 0;
}

static void
handle_password_reset (HrmRequest *req)
{
  HrmServer *self = req->server;
  g_autoptr(HrmServerUser) user = _hrm_request_load_user (req);
  g_autoptr(HrmDbTxn) txn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *details = NULL;
  gint64 now = hrm_db_now ();
  gint64 wait;

  if (user == NULL)
    return;

  if (!hrm_server_user_is_linked (user) || user->conn_email == NULL)
    {
      hrm_http_send_error (req->msg, SOUP_STATUS_CONFLICT, "conflict",
                           _("The user is not linked to Visma Connect, so there is no password "
                             "to reset. Send a verification email first."), NULL);
      return;
    }

  wait = last_reset_sent (req->db, user->id, &error) + self->resend_interval - now;
  if (error != NULL)
    goto failed;
  if (wait > 0)
    {
      hrm_http_set_retry_after (req->msg, wait);
      hrm_http_send_error (req->msg, 429, "rate_limited",
                           _("A password reset email was sent less than a minute ago. "
                             "Wait a moment before sending another."), NULL);
      return;
    }

  txn = hrm_db_begin (req->db, &error);
  if (txn == NULL || !hrm_token_revoke_user (req->db, user->id, HRM_TOKEN_RESET, &error))
    goto failed;

  token = hrm_token_issue (req->db, HRM_TOKEN_RESET, user->id, NULL, user->conn_email,
                           HRM_RESET_TOKEN_TTL, &error);
  details = g_strdup_printf (_("Password reset email sent to %s"), user->conn_email);
  if (token == NULL
      || !_hrm_server_record_event (req->db, user->id, req->caller_name, "password_reset_sent",
                                    details, &error)
      || !queue_mail (self, req->db, HRM_MAIL_RESET, user, user->conn_email, token,
                      now + HRM_RESET_TOKEN_TTL, &error)
      || !hrm_db_txn_commit (txn, &error))
    goto failed;

  _hrm_server_deliver_mail (self);
  send_times (req->msg, now, now + HRM_RESET_TOKEN_TTL);
  return;

failed:
  hrm_http_send_internal_error (req->msg, error);
}

/**
 * _hrm_server_delete_connection:
 * @actor: who deletes it, for the user's history ("system" for the
 *   housekeeping of leavers, hrm-server-leavers.c)
 *
 * Makes @user not linked, in the open transaction: ends every outstanding
 * link and sign-in of the user, gives up its queued mail, and records
 * connection_deleted with the address it had (linked, or pending for).
 * DELETE …/connection and the housekeeping both come here, so the same
 * things happen whoever deletes it.
 */
gboolean
_hrm_server_delete_connection (HrmDb                *db,
                               const HrmServerUser  *user,
                               const char           *actor,
                               GError              **error)
{
  g_autoptr(HrmStmt) stmt = NULL;
  g_autofree char *details = NULL;
  const char *address = user->conn_email != NULL ? user->conn_email : user->pending_email;

  g_assert (hrm_db_in_transaction (db));

  stmt = hrm_db_prepare (db,
                         "UPDATE users SET conn_state = 'not_linked', conn_email = NULL,"
                         " verified_at = NULL, pending_email = NULL, sent_at = NULL,"
                         " expires_at = NULL WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_int (stmt, 1, user->id);

  details = g_strdup_printf (_("Connection to Visma Connect deleted (it was %s)"),
                             address != NULL ? address : "");
  return hrm_stmt_run (stmt, error)
         && hrm_token_revoke_all (db, user->id, error)
         && hrm_outbox_cancel (db, user->id, HRM_OUTBOX_ANY_KIND, error)
         && hrm_server_user_bump (db, user->id, error)
         && _hrm_server_record_event (db, user->id, actor, "connection_deleted", details, error);
}

static void
handle_delete (HrmRequest *req)
{
  g_autoptr(HrmServerUser) user = _hrm_request_load_user (req);
  g_autoptr(HrmDbTxn) txn = NULL;
  g_autoptr(GError) error = NULL;

  if (user == NULL)
    return;

  if (!hrm_server_user_is_linked (user))
    {
      hrm_http_send_error (req->msg, SOUP_STATUS_CONFLICT, "conflict",
                           _("The user is not linked to Visma Connect"), NULL);
      return;
    }

  txn = hrm_db_begin (req->db, &error);
  if (txn == NULL
      || !_hrm_server_delete_connection (req->db, user, req->caller_name, &error)
      || !hrm_db_txn_commit (txn, &error))
    {
      hrm_http_send_internal_error (req->msg, error);
      return;
    }

  soup_server_message_set_status (req->msg, SOUP_STATUS_NO_CONTENT, NULL);
  hrm_http_set_no_store (req->msg);
}

void
_hrm_server_connection_register (HrmServer *self)
{
  _hrm_server_add_route (self, "POST", "/api/v1/users/{id}/verification-email",
                         HRM_ROUTE_USERS_VIEW, handle_verification);
  _hrm_server_add_route (self, "POST", "/api/v1/users/{id}/password-reset",
                         HRM_ROUTE_USERS_VIEW, handle_password_reset);
  _hrm_server_add_route (self, "DELETE", "/api/v1/users/{id}/connection",
                         HRM_ROUTE_USERS_VIEW, handle_delete);
}
