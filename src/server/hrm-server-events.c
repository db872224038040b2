/* hrm-server-events.c — the audit trail: recording events, GET /users/{id}/events
 *
 * Every change to a user records one event in the same transaction as the
 * change: who did it (the signed-in username), a machine name for what, and a
 * sentence for people. Details never hold tokens, passwords or links.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-server-events"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hrm-json.h"
#include "hrm-server-private.h"

#define MAX_EVENTS 500

gboolean
_hrm_server_record_event (HrmDb       *db,
                          gint64       user_pk,
                          const char  *actor,
                          const char  *action,
                          const char  *details,
                          GError     **error)
{
  g_autoptr(HrmStmt) stmt = NULL;

  stmt = hrm_db_prepare (db,
                         "INSERT INTO events (user_pk, time, actor, action, details)"
                         " VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  hrm_stmt_bind_int (stmt, 1, user_pk);
  hrm_stmt_bind_int (stmt, 2, hrm_db_now ());
  hrm_stmt_bind_text (stmt, 3, actor);
  hrm_stmt_bind_text (stmt, 4, action);
  hrm_stmt_bind_text (stmt, 5, details);
  return hrm_stmt_run (stmt, error);
}

static void
handle_list (HrmRequest *req)
{
  g_autoptr(HrmServerUser) user = _hrm_request_load_user (req);
  g_autoptr(HrmStmt) stmt = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  if (user == NULL)
    return;

  stmt = hrm_db_prepare (req->db,
                         "SELECT id, time, actor, action, details FROM events WHERE user_pk = ?"
                         " ORDER BY time DESC, id DESC LIMIT ?", &error);
  if (stmt == NULL)
    {
      hrm_http_send_internal_error (req->msg, error);
      return;
    }
  hrm_stmt_bind_int (stmt, 1, user->id);
  hrm_stmt_bind_int (stmt, 2, MAX_EVENTS);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  while (hrm_stmt_step (stmt, &error))
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (hrm_stmt_get_int (stmt, 1));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, hrm_stmt_get_int (stmt, 0));
      hrm_json_builder_add_datetime (builder, "time", time);
      hrm_json_builder_add_string (builder, "actor", hrm_stmt_get_text (stmt, 2));
      hrm_json_builder_add_string (builder, "action", hrm_stmt_get_text (stmt, 3));
      hrm_json_builder_add_string (builder, "details", hrm_stmt_get_text (stmt, 4));
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
_hrm_server_events_register (HrmServer *self)
{
  _hrm_server_add_route (self, "GET", "/api/v1/users/{id}/events", HRM_ROUTE_USERS_VIEW, handle_list);
}
