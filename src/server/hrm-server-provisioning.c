/* hrm-server-provisioning.c — GET /api/v1/provisioning/summary
 *
 * How far the organisation has come: every user, the disabled ones, and the
 * enabled ones by connection (linked, pending with a link that works,
 * pending with an expired link, not linked with or without an email). The
 * parts are what the users list's filters find, and they add up to the total.
 *
 * No request reads every user. The table user_counts (schema 8, hrm-db-schema.c)
 * holds the counts per enabled, state and saved email, kept by triggers in
 * the transaction of every change. Expiry comes with the clock, not with a
 * write, so the expired users are counted at the time of the request as a
 * range of the index users_pending_expiry; the pending ones are the rest of
 * the pending count. One statement reads both, so they are of one moment,
 * and that moment is updated_at.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-server-provisioning"

#include "config.h"

#include "hrm-json.h"
#include "hrm-server-private.h"

#define COUNT(where) "(SELECT coalesce (sum (n), 0) FROM user_counts WHERE " where ")"

static const char summary_sql[] =
  "SELECT " COUNT ("1") ","
  " " COUNT ("enabled = 0") ","
  " " COUNT ("enabled = 1 AND conn_state = 'linked'") ","
  " " COUNT ("enabled = 1 AND conn_state = 'pending'") ","
  " (SELECT count(*) FROM users INDEXED BY users_pending_expiry"
  "   WHERE conn_state = 'pending' AND expires_at <= :now"
  "   AND enabled = 1),"
  " " COUNT ("enabled = 1 AND conn_state = 'not_linked' AND has_email = 1") ","
  " " COUNT ("enabled = 1 AND conn_state = 'not_linked' AND has_email = 0");

/**
 * _hrm_server_provisioning_summary_sql:
 * The statement behind the summary, for tests that ask how SQLite runs it.
 */
const char *
_hrm_server_provisioning_summary_sql (void)
{
  return summary_sql;
}

static void
add_count (JsonBuilder *builder,
           const char  *member,
           gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

static void
handle_summary (HrmRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmStmt) stmt = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GDateTime) updated_at = NULL;
  gint64 now = hrm_db_now ();
  gint64 pending_all, expired;

  stmt = hrm_db_prepare (req->db, summary_sql, &error);
  if (stmt == NULL)
    {
      hrm_http_send_internal_error (req->msg, error);
      return;
    }
  hrm_stmt_bind_int (stmt, sqlite3_bind_parameter_index (stmt, ":now"), now);
  if (!hrm_stmt_step (stmt, &error))
    {
      hrm_http_send_internal_error (req->msg, error);
      return;
    }

  pending_all = hrm_stmt_get_int (stmt, 3);
  expired = hrm_stmt_get_int (stmt, 4);
  updated_at = g_date_time_new_from_unix_utc (now);

  json_builder_begin_object (builder);
  add_count (builder, "total", hrm_stmt_get_int (stmt, 0));
  add_count (builder, "disabled", hrm_stmt_get_int (stmt, 1));
  add_count (builder, "linked", hrm_stmt_get_int (stmt, 2));
  add_count (builder, "pending", pending_all - expired);
  add_count (builder, "expired", expired);
  add_count (builder, "not_linked_with_email", hrm_stmt_get_int (stmt, 5));
  add_count (builder, "not_linked_without_email", hrm_stmt_get_int (stmt, 6));
  hrm_json_builder_add_datetime (builder, "updated_at", updated_at);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);

  hrm_http_send_json (req->msg, SOUP_STATUS_OK, node);
}

void
_hrm_server_provisioning_register (HrmServer *self)
{
  _hrm_server_add_route (self, "GET", "/api/v1/provisioning/summary", HRM_ROUTE_USERS_VIEW,
                         handle_summary);
}
