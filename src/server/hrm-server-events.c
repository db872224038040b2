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

static const HrmColumn event_columns[] = {
  { "id", HRM_COLUMN_INT },
  { "time", HRM_COLUMN_TIME },
  { "actor", HRM_COLUMN_TEXT },
  { "action", HRM_COLUMN_TEXT },
  { "details", HRM_COLUMN_TEXT },
};

static void
handle_list (HrmRequest *req)
{
  g_autoptr(HrmServerUser) user = _hrm_request_load_user (req);
  g_autoptr(HrmStmt) stmt = NULL;
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

  _hrm_request_send_rows (req, stmt, event_columns, G_N_ELEMENTS (event_columns));
}

void
_hrm_server_events_register (HrmServer *self)
{
  _hrm_server_add_route (self, "GET", "/api/v1/users/{id}/events", HRM_ROUTE_USERS_VIEW, handle_list);
}
