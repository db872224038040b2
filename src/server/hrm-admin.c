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
#include <sodium.h>
#include <string.h>

#include "hrm-admin.h"
#include "hrm-demo.h"
#include "hrm-error.h"
#include "hrm-password-quality.h"
#include "hrm-server-private.h"
#include "hrm-tokens.h"
#include "hrm-totp.h"
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

/* The id of the account @username (any case), or 0 with HRM_ERROR_NOT_FOUND. */
static gint64
find_account (HrmDb       *db,
              const char  *username,
              const char  *option,
              GError     **error)
{
  gint64 id = lookup_id (db, "SELECT id FROM users WHERE user_id_key = hrm_fold (?)", username, error);

  if (id == 0)
    g_set_error (error, HRM_ERROR, HRM_ERROR_NOT_FOUND, _("%s: there is no user “%s”"), option, username);
  return MAX (id, 0);
}

/**
 * hrm_admin_enrol_totp:
 * Gives @username a new TOTP secret (replacing the one it had, whose codes
 * stop working) and returns its otpauth:// URI, or %NULL with @error set.
 */
char *
hrm_admin_enrol_totp (HrmDb       *db,
                      const char  *username,
                      GError     **error)
{
  g_autoptr(HrmDbTxn) txn = hrm_db_begin (db, error);
  g_autoptr(HrmStmt) stmt = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *issuer = NULL;
  g_autofree char *user_id = NULL;
  gint64 id;

  if (txn == NULL)
    return NULL;
  id = find_account (db, username, "--enrol-totp", error);
  if (id == 0)
    return NULL;

  stmt = hrm_db_prepare (db, "SELECT u.user_id, (SELECT name FROM organisation WHERE id = 1)"
                         " FROM users u WHERE u.id = ?", error);
  if (stmt == NULL)
    return NULL;
  hrm_stmt_bind_int (stmt, 1, id);
  if (!hrm_stmt_step (stmt, error))
    return NULL;
  user_id = hrm_stmt_dup_text (stmt, 0);
  issuer = hrm_stmt_is_null (stmt, 1) ? g_strdup ("HRM") : hrm_stmt_dup_text (stmt, 1);

  secret = hrm_totp_new_secret ();
  if (!hrm_totp_store (db, id, secret, 0, error)
      || !_hrm_server_record_event (db, id, "hrm-server", "second_factor_enrolled",
                                    _("Second factor (TOTP) set up with hrm-server --enrol-totp"), error)
      || !hrm_db_txn_commit (txn, error))
    return NULL;
  return hrm_totp_uri (secret, issuer, user_id);
}

/**
 * hrm_admin_add_api_client:
 * Adds an API client called @name that acts with the roles of @roles_of,
 * for the client_credentials grant. Returns its id and secret (shown once;
 * only the secret's SHA-256 is kept).
 */
gboolean
hrm_admin_add_api_client (HrmDb       *db,
                          const char  *name,
                          const char  *roles_of,
                          char       **out_client_id,
                          char       **out_secret,
                          GError     **error)
{
  g_autoptr(HrmDbTxn) txn = NULL;
  g_autoptr(HrmStmt) stmt = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *random = NULL;
  guint8 hash[crypto_hash_sha256_BYTES];
  gint64 id;

  if (!validate_name (name, "--add-api-client", error))
    return FALSE;
  if (name[0] == '\0')
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INVALID, _("--add-api-client needs a name"));
      return FALSE;
    }

  txn = hrm_db_begin (db, error);
  if (txn == NULL)
    return FALSE;
  id = find_account (db, roles_of, "--roles-of", error);
  if (id == 0)
    return FALSE;

  random = hrm_token_generate ();
  random[22] = '\0';  /* 132 bits: an id needs to be unique, not secret */
  client_id = g_strconcat ("api-", random, NULL);
  secret = hrm_token_generate ();
  crypto_hash_sha256 (hash, (const guint8 *) secret, strlen (secret));

  stmt = hrm_db_prepare (db, "INSERT INTO api_clients (client_id, name, secret_hash, user_pk, created_at)"
                         " VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_text (stmt, 1, client_id);
  hrm_stmt_bind_text (stmt, 2, name);
  hrm_stmt_bind_blob (stmt, 3, hash, sizeof hash);
  hrm_stmt_bind_int (stmt, 4, id);
  hrm_stmt_bind_int (stmt, 5, hrm_db_now ());
  if (!hrm_stmt_run (stmt, error) || !hrm_db_txn_commit (txn, error))
    return FALSE;

  *out_client_id = g_steal_pointer (&client_id);
  *out_secret = g_steal_pointer (&secret);
  return TRUE;
}

/**
 * hrm_admin_revoke_api_client:
 * Revokes the API client @client_id and the access tokens it holds. An
 * unknown or already revoked client is HRM_ERROR_NOT_FOUND.
 */
gboolean
hrm_admin_revoke_api_client (HrmDb       *db,
                             const char  *client_id,
                             GError     **error)
{
  g_autoptr(HrmDbTxn) txn = hrm_db_begin (db, error);
  g_autoptr(HrmStmt) stmt = NULL;

  if (txn == NULL)
    return FALSE;
  stmt = hrm_db_prepare (db, "UPDATE api_clients SET revoked_at = ? WHERE client_id = ? AND revoked_at IS NULL",
                         error);
  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_int (stmt, 1, hrm_db_now ());
  hrm_stmt_bind_text (stmt, 2, client_id);
  if (!hrm_stmt_run (stmt, error))
    return FALSE;
  if (hrm_db_changes (db) != 1)
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_NOT_FOUND,
                   _("--revoke-api-client: there is no API client “%s”"), client_id);
      return FALSE;
    }
  return hrm_token_revoke_family (db, client_id, error) && hrm_db_txn_commit (txn, error);
}
