/* hrm-admin.c — a first administrator for a database without the demo
 *
 * `hrm-server --db FILE --add-admin USERNAME --password-file FILE` makes a
 * user who can sign in and manage users: the System administrator role on
 * the whole company, a password (Argon2id) and an event saying where the
 * user came from. Everything happens in one transaction; a refused name or
 * password leaves the database as it was.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-admin"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hrm-admin.h"
#include "hrm-demo.h"
#include "hrm-error.h"
#include "hrm-password-quality.h"
#include "hrm-server-private.h"
#include "hrm-tokens.h"
#include "hrm-validate.h"

/* The id of the first row of @sql with @text bound, 0 when none. */
static gint64
lookup_id (HrmDb       *db,
           const char  *sql,
           const char  *text,
           GError     **error)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (db, sql, error);

  if (stmt == NULL)
    return -1;
  hrm_stmt_bind_text (stmt, 1, text);
  if (hrm_stmt_step (stmt, error))
    return hrm_stmt_get_int (stmt, 0);
  return error != NULL && *error != NULL ? -1 : 0;
}

static gboolean
validate_name (const char  *name,
               const char  *option,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (name == NULL || hrm_validate_text (name, &local_error))
    return TRUE;

  g_set_error (error, HRM_ERROR, HRM_ERROR_INVALID, "%s: %s", option, local_error->message);
  return FALSE;
}

/**
 * hrm_admin_add:
 * @db: the database
 * @username: the User-ID to sign in with
 * @password: the password; refused when hrm_password_quality_check() refuses it
 * @first_name: (nullable): the first name
 * @last_name: (nullable): the last name
 * @error: HRM_ERROR_INVALID for a bad name or weak password,
 *   HRM_ERROR_CONFLICT when the User-ID is taken (case-insensitively)
 *
 * Adds a user with the System administrator role on the whole company.
 *
 * Returns: the new user's id, or 0 on error
 */
gint64
hrm_admin_add (HrmDb       *db,
               const char  *username,
               const char  *password,
               const char  *first_name,
               const char  *last_name,
               GError     **error)
{
  g_autoptr(HrmDbTxn) txn = NULL;
  g_autoptr(HrmStmt) stmt = NULL;
  g_autofree char *hash = NULL;
  gint64 existing;
  gint64 role_id;
  gint64 id;

  g_return_val_if_fail (db != NULL, 0);

  if (!hrm_validate_user_id (username, error)
      || !validate_name (first_name, "--first-name", error)
      || !validate_name (last_name, "--last-name", error))
    return 0;

  {
    const char *personal[] = { first_name, last_name, NULL };

    if (!hrm_password_quality_validate (password, username, personal, error))
      return 0;
  }

  txn = hrm_db_begin (db, error);
  if (txn == NULL)
    return 0;

  existing = lookup_id (db, "SELECT id FROM users WHERE user_id_key = hrm_fold (?)", username,
                        error);
  if (existing < 0)
    return 0;
  if (existing > 0)
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_CONFLICT,
                   _("There is already a user with the User-ID “%s” (User-IDs are the same "
                     "whatever their case). Choose another name."), username);
      return 0;
    }

  /* The demo organisation calls the role by its Swedish name. */
  role_id = lookup_id (db, "SELECT id FROM roles WHERE name IN (?1, '" HRM_DEMO_ADMIN_ROLE_NAME "')"
                       " ORDER BY id LIMIT 1", HRM_ADMIN_ROLE_NAME, error);
  if (role_id < 0)
    return 0;
  if (role_id == 0)
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_FAILED,
                   _("The database has no role called “%s” to grant"), HRM_ADMIN_ROLE_NAME);
      return 0;
    }

  hash = hrm_password_hash (password, error);
  stmt = hash ? hrm_db_prepare (db,
                                "INSERT INTO users (user_id, user_id_key, first_name, last_name,"
                                " password_hash, updated_at, search_text)"
                                " VALUES (?1, hrm_fold (?1), ?2, ?3, ?4, ?5,"
                                " hrm_search_text (?2, ?3, ?1, NULL, NULL, NULL, NULL, NULL))",
                                error) : NULL;
  if (stmt == NULL)
    return 0;
  hrm_stmt_bind_text (stmt, 1, username);
  hrm_stmt_bind_text (stmt, 2, first_name ? first_name : "");
  hrm_stmt_bind_text (stmt, 3, last_name ? last_name : "");
  hrm_stmt_bind_text (stmt, 4, hash);
  hrm_stmt_bind_int (stmt, 5, hrm_db_now ());
  if (!hrm_stmt_run (stmt, error))
    return 0;
  g_clear_pointer (&stmt, hrm_stmt_release);
  id = hrm_db_last_insert_id (db);

  stmt = hrm_db_prepare (db,
                         "INSERT INTO authorisations (user_pk, role_id, scope_type)"
                         " VALUES (?, ?, 'company')", error);
  if (stmt == NULL)
    return 0;
  hrm_stmt_bind_int (stmt, 1, id);
  hrm_stmt_bind_int (stmt, 2, role_id);

  if (!hrm_stmt_run (stmt, error)
      || !hrm_server_user_bump (db, id, error)  /* its search text */
      || !_hrm_server_record_event (db, id, "hrm-server", "user_created",
                                    _("Created as System administrator "
                                      "with hrm-server --add-admin"), error)
      || !hrm_db_txn_commit (txn, error))
    return 0;

  return id;
}
