/* hrm-server-user.h — a user row of the server's store
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "hrm-db.h"
#include "hrm-user-fields.h"

G_BEGIN_DECLS

/* The columns hrm_server_user_from_stmt reads, in order. */
#define HRM_SERVER_USER_COLUMNS \
  "id, user_id, alias_user_id, signature, card_tag_id, external_reference, first_name," \
  " last_name, email, enabled, locale, conn_state, conn_email, verified_at, pending_email," \
  " sent_at, expires_at, last_mail_at, version, updated_at, password_hash IS NOT NULL," \
  " (SELECT CASE WHEN o.state = 'queued' AND o.attempts > 0 THEN 'retrying' ELSE o.state END" \
  HRM_SERVER_USER_LATEST_VERIFY ")," \
  " (SELECT o.last_error" HRM_SERVER_USER_LATEST_VERIFY ")," \
  " (SELECT CASE o.state WHEN 'sent' THEN o.sent_at ELSE coalesce ((SELECT n.attempted_at" \
  "  FROM outbox_notes n WHERE n.outbox_id = o.id), o.created_at) END" \
  HRM_SERVER_USER_LATEST_VERIFY ")," \
  HRM_SERVER_USER_DUPLICATE "," \
  " (SELECT group_concat (domain, ' ') FROM organisation_domains WHERE kind = 'allowed')," \
  " (SELECT group_concat (domain, ' ') FROM organisation_domains WHERE kind = 'verified')," \
  " (SELECT e.end_date FROM user_employment e WHERE e.user_pk = users.id)," \
  HRM_SERVER_USER_REMOVAL_DATE

/* The day the housekeeping deletes the user's link (hrm-server-leavers.c):
 * the end of employment plus the organisation's unlink_leavers_after_days,
 * for a linked or pending user; NULL otherwise. YYYY-MM-DD, so it compares
 * as text. The users list's leaving=true filter and the housekeeping read
 * this same expression. */
#define HRM_SERVER_USER_REMOVAL_DATE \
  " (SELECT date (e.end_date, '+' || s.unlink_leavers_after_days || ' days')" \
  "  FROM user_employment e, organisation_settings s" \
  "  WHERE e.user_pk = users.id AND s.id = 1 AND users.conn_state IN ('linked', 'pending'))"

/* Whether another user has the user's saved address: 2 when linked to it
 * (conn_email), 1 when it is only saved (email), 0 when nobody else has
 * it. Addresses compare in lower case. email_keys (schema 17, kept by
 * triggers) counts the users of each address: where no other user has it
 * (almost everyone), one lookup in its small partial index
 * email_keys_shared answers 0; only for the others the expression indexes
 * users_by_email_key and users_by_conn_email_key (schema 13) say which
 * kind of duplicate it is, one lookup each. */
#define HRM_SERVER_USER_DUPLICATE \
  " CASE WHEN coalesce (users.email, '') = '' THEN 0" \
  "  WHEN NOT EXISTS (SELECT 1 FROM email_keys k INDEXED BY email_keys_shared" \
  "   WHERE k.key = lower (users.email) AND k.users > 1) THEN 0" \
  "  WHEN EXISTS (SELECT 1 FROM users d WHERE lower (d.conn_email) = lower (users.email)" \
  "   AND d.id <> users.id) THEN 2" \
  "  WHEN EXISTS (SELECT 1 FROM users d WHERE lower (d.email) = lower (users.email)" \
  "   AND d.id <> users.id) THEN 1" \
  "  ELSE 0 END"

/* The user's latest verification mail in the outbox (hrm-outbox.c), for
 * connection.delivery. */
#define HRM_SERVER_USER_LATEST_VERIFY \
  " FROM outbox o WHERE o.user_pk = users.id AND o.kind = 'verify' ORDER BY o.id DESC LIMIT 1"

typedef struct
{
  gint64    id;
  char     *user_id;
  char     *alias_user_id;
  char     *signature;
  char     *card_tag_id;
  char     *external_reference;
  char     *first_name;
  char     *last_name;
  char     *email;
  gboolean  enabled;
  char     *employment_end_date;  /* YYYY-MM-DD, or NULL (user_employment) */
  char     *removal_scheduled_on; /* YYYY-MM-DD, or NULL: HRM_SERVER_USER_REMOVAL_DATE */
  char     *locale;
  char     *conn_state;     /* "not_linked", "pending" or "linked" */
  char     *conn_email;
  gint64    verified_at;    /* seconds since the epoch; 0 for none */
  char     *pending_email;
  gint64    sent_at;
  gint64    expires_at;
  gint64    last_mail_at;
  gint64    version;
  gint64    updated_at;
  gboolean  has_password;
  char     *delivery_state;  /* the latest verification mail's: "queued", "retrying",
                              * "sent", "failed", or NULL for none */
  char     *delivery_error;  /* its last error, the mail server's words */
  gint64    delivery_at;     /* when it was queued, last tried, or sent */
  guint     email_warnings;  /* HrmEmailWarnings (hrm-email-domains.h) */
  gboolean  email_of_linked; /* another user is linked to the saved address */
  gboolean  email_verified_domain; /* the saved address is in a verified domain */
} HrmServerUser;

HrmServerUser *hrm_server_user_from_stmt     (HrmStmt              *stmt);
HrmServerUser *hrm_server_user_load          (HrmDb                *db,
                                              gint64                id,
                                              GError              **error);
void           hrm_server_user_free          (HrmServerUser        *user);
JsonNode      *hrm_server_user_to_json       (const HrmServerUser  *user);
JsonNode      *hrm_server_user_to_json_at    (const HrmServerUser  *user,
                                              gint64                now);
void           hrm_server_user_append_json   (GString              *out,
                                              const HrmServerUser  *user,
                                              gint64                now);
gpointer       hrm_server_user_field         (HrmServerUser        *user,
                                              HrmUserFieldId        field);
gboolean       hrm_server_user_is_expired_at (const HrmServerUser  *user,
                                              gint64                now);
char          *hrm_server_user_etag          (const HrmServerUser  *user);
char          *hrm_server_user_display_name  (const HrmServerUser  *user);
gboolean       hrm_server_user_is_linked     (const HrmServerUser  *user);

char          *hrm_server_search_fold        (const char           *text);
char          *hrm_server_user_search_text   (const HrmServerUser  *user);
gboolean       hrm_server_user_bump          (HrmDb                *db,
                                              gint64                id,
                                              GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HrmServerUser, hrm_server_user_free)

G_END_DECLS
