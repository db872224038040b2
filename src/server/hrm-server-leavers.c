/* hrm-server-leavers.c — the housekeeping of leavers
 *
 * A user whose employment ends (employment_end_date, user_employment of
 * schema 15) keeps the link to Visma Connect for the organisation's
 * unlink_leavers_after_days more days; on the day after that, the
 * connection is deleted as DELETE …/connection deletes it
 * (_hrm_server_delete_connection): outstanding links stop working, queued
 * mail is given up, and the user's history says that "system" did it, with
 * the address it was (the app offers to send a verification to it again
 * when the end date is cleared: a rehire).
 *
 * It runs when the server starts and hourly after (hrm-server.c), one
 * transaction per run: one query finds every leaver whose day has come
 * (HRM_SERVER_USER_REMOVAL_DATE, the expression connection.removal_scheduled_on
 * and the list's leaving=true filter read), from user_employment, which
 * holds only users with an end date. Days are UTC days of the server's
 * clock (hrm_db_now(), which tests set with HRM_SERVER_NOW).
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-server-leavers"

#include "config.h"

#include "hrm-server-private.h"

/* The actor of the events the housekeeping records. */
#define LEAVERS_ACTOR "system"

/* Today on the server's clock, YYYY-MM-DD (UTC). */
static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (hrm_db_now ());

  return g_date_time_format (now, "%Y-%m-%d");
}

/* Every linked or pending leaver whose removal day is @day or before. */
static GPtrArray *
due_leavers (HrmDb       *db,
             const char  *day,
             GError     **error)
{
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) hrm_server_user_free);
  g_autoptr(HrmStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  stmt = hrm_db_prepare (db,
                         "SELECT " HRM_SERVER_USER_COLUMNS " FROM users"
                         " WHERE id IN (SELECT user_pk FROM user_employment)"
                         " AND conn_state IN ('linked', 'pending')"
                         " AND " HRM_SERVER_USER_REMOVAL_DATE " <= ?"
                         " ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  hrm_stmt_bind_text (stmt, 1, day);

  while (hrm_stmt_step (stmt, &local_error))
    g_ptr_array_add (users, hrm_server_user_from_stmt (stmt));
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&users);
}

/**
 * _hrm_server_unlink_leavers:
 * @out_count: (out) (optional): how many connections were deleted
 *
 * Deletes the connection of every leaver whose removal day has come, in one
 * transaction: all of them or, on an error, none.
 */
gboolean
_hrm_server_unlink_leavers (HrmServer  *self,
                            guint      *out_count,
                            GError    **error)
{
  g_autoptr(HrmDbTxn) txn = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autofree char *day = today ();

  if (out_count != NULL)
    *out_count = 0;

  txn = hrm_db_begin (self->db, error);
  if (txn == NULL)
    return FALSE;
  users = due_leavers (self->db, day, error);
  if (users == NULL)
    return FALSE;

  for (guint i = 0; i < users->len; i++)
    if (!_hrm_server_delete_connection (self->db, g_ptr_array_index (users, i), LEAVERS_ACTOR,
                                        error))
      return FALSE;

  if (!hrm_db_txn_commit (txn, error))
    return FALSE;

  if (users->len > 0)
    g_debug ("Deleted the connection of %u leavers", users->len);
  if (out_count != NULL)
    *out_count = users->len;
  return TRUE;
}
