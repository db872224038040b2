/* hrm-tokens.c — random tokens, their stored hashes, and password hashes
 *
 * Tokens are 256 random bits from the operating system, handed out once as
 * base64url text. The database keeps only their SHA-256 hash, so a copy of the
 * database cannot be used to sign in or to confirm an address. Passwords are
 * hashed with Argon2id (crypto_pwhash_str).
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-tokens"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "hrm-error.h"
#include "hrm-tokens.h"

#define TOKEN_BYTES 32

static const char *kind_names[] = { "access", "refresh", "verify", "reset" };

gboolean
hrm_crypto_init (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_FAILED,
                           _("Cannot initialise the cryptography library"));
      return FALSE;
    }
  return TRUE;
}

/**
 * hrm_token_generate:
 * Returns 256 random bits as URL-safe base64 without padding.
 */
char *
hrm_token_generate (void)
{
  guint8 bytes[TOKEN_BYTES];
  char text[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (text, sizeof text, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (bytes, sizeof bytes);

  return g_strdup (text);
}

static void
token_hash (const char *token,
            guint8      out[crypto_hash_sha256_BYTES])
{
  crypto_hash_sha256 (out, (const guint8 *) token, strlen (token));
}

/* Tests only: HRM_SERVER_HASH_DELAY_MS makes every password hash and check
 * take that much longer, so that a test can tell whether it blocks the main
 * loop and fill the hash queue without a machine-dependent Argon2 cost. */
static void
test_delay (void)
{
  static gsize delay_ms_plus_one;

  if (g_once_init_enter (&delay_ms_plus_one))
    {
      const char *value = g_getenv ("HRM_SERVER_HASH_DELAY_MS");
      guint64 ms = 0;

      if (value != NULL)
        g_ascii_string_to_unsigned (value, 10, 0, 60000, &ms, NULL);
      g_once_init_leave (&delay_ms_plus_one, ms + 1);
    }
  if (delay_ms_plus_one > 1)
    g_usleep ((delay_ms_plus_one - 1) * G_TIME_SPAN_MILLISECOND);
}

/* Slow (Argon2id, about 64 MiB): call it from the hash pool
 * (_hrm_server_push_hash_job), not the main loop. */
char *
hrm_password_hash (const char  *password,
                   GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  test_delay ();
  if (crypto_pwhash_str (hash, password, strlen (password),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_FAILED,
                           _("Out of memory while hashing the password"));
      return NULL;
    }

  return g_strdup (hash);
}

gboolean
hrm_password_verify (const char *hash,
                     const char *password)
{
  if (hash == NULL || password == NULL)
    return FALSE;
  test_delay ();
  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

/* A hash to check unknown usernames against, so that they take as long to
 * refuse as wrong passwords and do not reveal which usernames exist. */
static const char *
dummy_hash (void)
{
  static char *hash;

  if (g_once_init_enter (&hash))
    {
      g_autofree char *password = hrm_token_generate ();
      char *value = hrm_password_hash (password, NULL);

      g_once_init_leave (&hash, value ? value : g_strdup (""));
    }
  return hash;
}

/* hrm_password_verify(), and for an unknown username (@hash NULL) the same
 * work against a hash of a random password, then FALSE: a sign-in takes as
 * long either way. Slow: from the hash pool, as hrm_password_hash(). */
gboolean
hrm_password_check (const char *hash,
                    const char *password)
{
  if (hash != NULL)
    return hrm_password_verify (hash, password);

  (void) hrm_password_verify (dummy_hash (), password);
  return FALSE;
}

char *
hrm_token_issue (HrmDb         *db,
                 HrmTokenKind   kind,
                 gint64         user_pk,
                 const char    *family,
                 const char    *email,
                 gint64         ttl_seconds,
                 GError       **error)
{
  g_autofree char *token = hrm_token_generate ();
  g_autoptr(HrmStmt) stmt = NULL;
  guint8 hash[crypto_hash_sha256_BYTES];
  gint64 now = hrm_db_now ();

  stmt = hrm_db_prepare (db,
                         "INSERT INTO tokens (hash, kind, user_pk, family, email, created_at, expires_at)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return NULL;

  token_hash (token, hash);
  hrm_stmt_bind_blob (stmt, 1, hash, sizeof hash);
  hrm_stmt_bind_text (stmt, 2, kind_names[kind]);
  hrm_stmt_bind_int (stmt, 3, user_pk);
  hrm_stmt_bind_text (stmt, 4, family);
  hrm_stmt_bind_text (stmt, 5, email);
  hrm_stmt_bind_int (stmt, 6, now);
  hrm_stmt_bind_int (stmt, 7, now + ttl_seconds);
  if (!hrm_stmt_run (stmt, error))
    return NULL;

  return g_steal_pointer (&token);
}

/**
 * hrm_token_lookup:
 * Finds a token of @kind. Fills @out_info (clear it with
 * hrm_token_info_clear) whenever the token is known, whatever its status.
 */
HrmTokenStatus
hrm_token_lookup (HrmDb         *db,
                  HrmTokenKind   kind,
                  const char    *token,
                  HrmTokenInfo  *out_info,
                  GError       **error)
{
  g_autoptr(HrmStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  guint8 hash[crypto_hash_sha256_BYTES];
  const void *stored;

  memset (out_info, 0, sizeof *out_info);

  if (token == NULL || token[0] == '\0' || strlen (token) > 256)
    return HRM_TOKEN_STATUS_UNKNOWN;

  stmt = hrm_db_prepare (db,
                         "SELECT hash, user_pk, family, email, expires_at, used_at, revoked_at"
                         " FROM tokens WHERE hash = ? AND kind = ?", error);
  if (stmt == NULL)
    return HRM_TOKEN_STATUS_UNKNOWN;

  token_hash (token, hash);
  hrm_stmt_bind_blob (stmt, 1, hash, sizeof hash);
  hrm_stmt_bind_text (stmt, 2, kind_names[kind]);

  if (!hrm_stmt_step (stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return HRM_TOKEN_STATUS_UNKNOWN;
    }

  stored = sqlite3_column_blob (stmt, 0);
  if (stored == NULL || sqlite3_column_bytes (stmt, 0) != sizeof hash
      || sodium_memcmp (stored, hash, sizeof hash) != 0)
    return HRM_TOKEN_STATUS_UNKNOWN;

  out_info->user_pk = hrm_stmt_get_int (stmt, 1);
  out_info->family = hrm_stmt_dup_text (stmt, 2);
  out_info->email = hrm_stmt_dup_text (stmt, 3);
  out_info->expires_at = hrm_stmt_get_int (stmt, 4);

  if (!hrm_stmt_is_null (stmt, 6))
    return HRM_TOKEN_STATUS_REVOKED;
  if (!hrm_stmt_is_null (stmt, 5))
    return HRM_TOKEN_STATUS_USED;
  if (out_info->expires_at <= hrm_db_now ())
    return HRM_TOKEN_STATUS_EXPIRED;

  return HRM_TOKEN_STATUS_VALID;
}

void
hrm_token_info_clear (HrmTokenInfo *info)
{
  g_clear_pointer (&info->family, g_free);
  g_clear_pointer (&info->email, g_free);
}

/**
 * hrm_token_mark_used:
 * Consumes a token exactly once: fails with %HRM_ERROR_CONFLICT when it was
 * used or revoked in the meantime.
 */
gboolean
hrm_token_mark_used (HrmDb       *db,
                     const char  *token,
                     GError     **error)
{
  g_autoptr(HrmStmt) stmt = NULL;
  guint8 hash[crypto_hash_sha256_BYTES];

  stmt = hrm_db_prepare (db,
                         "UPDATE tokens SET used_at = ?"
                         " WHERE hash = ? AND used_at IS NULL AND revoked_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;

  token_hash (token, hash);
  hrm_stmt_bind_int (stmt, 1, hrm_db_now ());
  hrm_stmt_bind_blob (stmt, 2, hash, sizeof hash);
  if (!hrm_stmt_run (stmt, error))
    return FALSE;

  if (hrm_db_changes (db) != 1)
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_CONFLICT, _("The token was already used"));
      return FALSE;
    }

  return TRUE;
}

gboolean
hrm_token_revoke (HrmDb       *db,
                  const char  *token,
                  GError     **error)
{
  g_autoptr(HrmStmt) stmt = NULL;
  guint8 hash[crypto_hash_sha256_BYTES];

  stmt = hrm_db_prepare (db, "UPDATE tokens SET revoked_at = ? WHERE hash = ? AND revoked_at IS NULL",
                         error);
  if (stmt == NULL)
    return FALSE;

  token_hash (token, hash);
  hrm_stmt_bind_int (stmt, 1, hrm_db_now ());
  hrm_stmt_bind_blob (stmt, 2, hash, sizeof hash);
  return hrm_stmt_run (stmt, error);
}

/* Revokes every token of one sign-in (its access and refresh tokens). */
gboolean
hrm_token_revoke_family (HrmDb       *db,
                         const char  *family,
                         GError     **error)
{
  g_autoptr(HrmStmt) stmt = NULL;

  if (family == NULL)
    return TRUE;

  stmt = hrm_db_prepare (db, "UPDATE tokens SET revoked_at = ? WHERE family = ? AND revoked_at IS NULL",
                         error);
  if (stmt == NULL)
    return FALSE;

  hrm_stmt_bind_int (stmt, 1, hrm_db_now ());
  hrm_stmt_bind_text (stmt, 2, family);
  return hrm_stmt_run (stmt, error);
}

gboolean
hrm_token_revoke_user (HrmDb         *db,
                       gint64         user_pk,
                       HrmTokenKind   kind,
                       GError       **error)
{
  g_autoptr(HrmStmt) stmt = NULL;

  stmt = hrm_db_prepare (db,
                         "UPDATE tokens SET revoked_at = ?"
                         " WHERE user_pk = ? AND kind = ? AND revoked_at IS NULL AND used_at IS NULL",
                         error);
  if (stmt == NULL)
    return FALSE;

  hrm_stmt_bind_int (stmt, 1, hrm_db_now ());
  hrm_stmt_bind_int (stmt, 2, user_pk);
  hrm_stmt_bind_text (stmt, 3, kind_names[kind]);
  return hrm_stmt_run (stmt, error);
}

/* Revokes every outstanding token of a user: links and sign-ins alike. */
gboolean
hrm_token_revoke_all (HrmDb       *db,
                      gint64       user_pk,
                      GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (!hrm_token_revoke_user (db, user_pk, i, error))
      return FALSE;
  return TRUE;
}

/**
 * hrm_token_purge_expired:
 * Forgets tokens that expired more than a week ago (the week keeps "this link
 * has expired" pages meaningful for a while), old failed sign-ins and
 * lockouts, and addresses nobody signed in from for 30 days.
 */
gboolean
hrm_token_purge_expired (HrmDb   *db,
                         GError **error)
{
  g_autoptr(HrmDbTxn) txn = hrm_db_begin (db, error);
  gint64 now = hrm_db_now ();

  if (txn == NULL)
    return FALSE;

  {
    g_autoptr(HrmStmt) stmt = hrm_db_prepare (db, "DELETE FROM tokens WHERE expires_at < ?", error);

    if (stmt == NULL)
      return FALSE;
    hrm_stmt_bind_int (stmt, 1, now - 7 * 24 * 3600);
    if (!hrm_stmt_run (stmt, error))
      return FALSE;
  }
  {
    static const char * const purges[] = {
      "DELETE FROM login_failures WHERE time_ms < ?1 - 24 * 3600 * 1000",
      "DELETE FROM lockouts WHERE locked_until_ms < ?1",
      "DELETE FROM sign_in_addresses WHERE last_success_ms < ?1 - 30 * 24 * 3600 * 1000",
    };

    for (guint i = 0; i < G_N_ELEMENTS (purges); i++)
      {
        g_autoptr(HrmStmt) stmt = hrm_db_prepare (db, purges[i], error);

        if (stmt == NULL)
          return FALSE;
        hrm_stmt_bind_int (stmt, 1, now * 1000);
        if (!hrm_stmt_run (stmt, error))
          return FALSE;
      }
  }

  return hrm_db_txn_commit (txn, error);
}
