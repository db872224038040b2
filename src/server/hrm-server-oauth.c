/* hrm-server-oauth.c — POST /oauth/token and POST /oauth/revoke
 *
 * The grants of RFC 6749: authorization_code (the browser sign-in,
 * hrm-server-authorize.c), refresh-token rotation, client_credentials for API
 * clients (`hrm-server --add-api-client`), and the resource-owner password
 * grant, which RFC 9700 says must not be used: it is off unless the server
 * runs with --allow-password-grant (scripts and tests), and even then it
 * refuses accounts with a second factor. Token revocation of RFC 7009. A refresh token works once; presenting a used
 * one again revokes the whole sign-in (its "family"). How many wrong passwords
 * a username and a client address may send is hrm-server-sign-in-limits.c's
 * business.
 *
 * Checking an Argon2id hash takes a noticeable fraction of a second and 64 MiB,
 * so it runs on the hash pool (hrm-server-hash.c) while the request is
 * paused; when that pool is full the answer is 503. The database is only
 * touched from the main thread.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-server-oauth"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <sqlite3.h>
#include <string.h>

#include "hrm-error.h"
#include "hrm-json.h"
#include "hrm-server-private.h"
#include "hrm-totp.h"

typedef struct
{
  HrmServer         *server;    /* owned */
  SoupServerMessage *msg;       /* owned */
  char              *username;  /* folded: the key of failures and lockouts */
  char              *address;   /* the client's, as failures count it */
  char              *password;
  char              *hash;      /* NULL for an unknown username */
  gint64             user_pk;
  gboolean           enabled;
  gboolean           has_factor;  /* a second factor: sign in through the browser */
  gboolean           verified;  /* set by the worker */
} SignIn;

static void
sign_in_free (SignIn *job)
{
  g_clear_object (&job->server);
  g_clear_object (&job->msg);
  g_free (job->username);
  g_free (job->address);
  if (job->password != NULL)
    {
      memset (job->password, 0, strlen (job->password));
      g_free (job->password);
    }
  g_free (job->hash);
  g_free (job);
}

static void
send_tokens (SoupServerMessage *msg,
             gint64             expires_in,
             const char        *access_token,
             const char        *refresh_token)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  hrm_json_builder_add_string (builder, "access_token", access_token);
  hrm_json_builder_add_string (builder, "token_type", "Bearer");
  json_builder_set_member_name (builder, "expires_in");
  json_builder_add_int_value (builder, expires_in);
  /* client_credentials: no refresh token (RFC 6749 §4.4.3) */
  if (refresh_token != NULL)
    hrm_json_builder_add_string (builder, "refresh_token", refresh_token);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Pragma", "no-cache");
  hrm_http_send_json (msg, SOUP_STATUS_OK, node);
}

/* Issues an access and a refresh token of one sign-in and sends them. Runs
 * inside the caller's transaction. */
gboolean
_hrm_server_issue_tokens (HrmServer          *self,
                          SoupServerMessage  *msg,
                          gint64              user_pk,
                          const char         *family,
                          GError            **error)
{
  g_autofree char *access_token = NULL;
  g_autofree char *refresh_token = NULL;

  access_token = hrm_token_issue (self->db, HRM_TOKEN_ACCESS, user_pk, family, NULL,
                                  self->access_token_ttl, error);
  if (access_token == NULL)
    return FALSE;
  refresh_token = hrm_token_issue (self->db, HRM_TOKEN_REFRESH, user_pk, family, NULL,
                                   HRM_REFRESH_TOKEN_TTL, error);
  if (refresh_token == NULL)
    return FALSE;

  send_tokens (msg, self->access_token_ttl, access_token, refresh_token);
  return TRUE;
}

/* Sends 429 when the limits refuse this attempt now (or 500 when they cannot
 * be read) and returns TRUE; FALSE when the attempt may go on. */
static gboolean
send_if_limited (HrmServer         *self,
                 SoupServerMessage *msg,
                 const char        *username,
                 const char        *address)
{
  g_autoptr(GError) error = NULL;
  gint64 seconds = 0;
  HrmSignInVerdict verdict = _hrm_sign_in_check (self, username, address, &seconds, &error);

  if (error != NULL)
    {
      hrm_http_send_internal_error (msg, error);
      return TRUE;
    }
  if (verdict == HRM_SIGN_IN_ALLOWED)
    return FALSE;

  hrm_http_set_retry_after (msg, seconds);
  hrm_http_send_oauth_error (msg, 429, "rate_limited",
                             verdict == HRM_SIGN_IN_LOCKED
                             ? _("Too many failed sign-ins. Wait 15 minutes and try again.")
                             : _("Too many failed sign-ins to this account. Wait a moment and try again."));
  return TRUE;
}

static gboolean
finish_sign_in (gpointer data)
{
  SignIn *job = data;
  HrmServer *self = job->server;
  SoupServerMessage *msg = job->msg;
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmDbTxn) txn = NULL;
  g_autofree char *family = NULL;

  if (self->db == NULL || self->soup == NULL)
    return G_SOURCE_REMOVE;  /* shut down meanwhile: nobody to answer */

  /* Locked while the hash was being checked? Then every waiting guess gets
   * the same answer, right or wrong: a batch of guesses sent at once would
   * otherwise each learn whether it was right, past the lockout. */
  if (send_if_limited (self, msg, job->username, job->address))
    goto done;

  if (!job->verified)
    {
      g_debug ("Failed sign-in");
      if (!_hrm_sign_in_record_failure (self, job->username, job->address, job->user_pk != 0,
                                        &error))
        hrm_http_send_internal_error (msg, error);
      else
        hrm_http_send_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                                   _("The username or password is wrong"));
      goto done;
    }

  if (!job->enabled)
    {
      hrm_http_send_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                                 _("The account is disabled"));
      goto done;
    }

  /* Only after the password was right, so that it tells nobody else which
   * accounts have a factor. A password alone is one factor: an account with
   * a second one, or any account where the organisation requires one, signs
   * in through the browser. */
  if (job->has_factor || self->require_totp)
    {
      hrm_http_send_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                                 _("This account signs in with a second factor: sign in through the browser"));
      goto done;
    }

  family = hrm_token_generate ();
  txn = hrm_db_begin (self->db, &error);
  if (txn == NULL
      || !_hrm_sign_in_record_success (self, job->username, job->address, &error)
      || !_hrm_server_issue_tokens (self, msg, job->user_pk, family, &error)
      || !hrm_db_txn_commit (txn, &error))
    hrm_http_send_internal_error (msg, error);
  else
    g_debug ("Signed in user %" G_GINT64_FORMAT, job->user_pk);

done:
  soup_server_message_unpause (msg);
  return G_SOURCE_REMOVE;
}

static void
verify_in_thread (gpointer data,
                  gpointer user_data)
{
  SignIn *job = data;

  /* An unknown username (no hash) takes as long and never signs in. */
  job->verified = hrm_password_check (job->hash, job->password);
}

static void
password_grant (HrmRequest *req,
                GHashTable *form)
{
  const char *username = g_hash_table_lookup (form, "username");
  const char *password = g_hash_table_lookup (form, "password");
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmStmt) stmt = NULL;
  g_autofree char *key = NULL;
  g_autofree char *address = NULL;
  SignIn *job;

  if (username == NULL || username[0] == '\0' || password == NULL)
    {
      hrm_http_send_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                                 _("Enter a username and a password"));
      return;
    }

  /* Failures and lockouts count per username whatever its case. */
  key = hrm_db_fold (username);
  address = _hrm_sign_in_client_address (req->msg);
  if (send_if_limited (req->server, req->msg, key, address))
    return;

  job = g_new0 (SignIn, 1);
  job->server = g_object_ref (req->server);
  job->msg = g_object_ref (req->msg);
  job->username = g_steal_pointer (&key);
  job->address = g_steal_pointer (&address);
  job->password = g_strdup (password);

  stmt = hrm_db_prepare (req->db, "SELECT id, password_hash, enabled,"
                         " EXISTS (SELECT 1 FROM totp_factors WHERE user_pk = users.id)"
                         " FROM users WHERE user_id_key = hrm_fold (?)",
                         &error);
  if (stmt == NULL)
    {
      sign_in_free (job);
      hrm_http_send_internal_error (req->msg, error);
      return;
    }
  hrm_stmt_bind_text (stmt, 1, username);
  if (hrm_stmt_step (stmt, NULL))
    {
      job->user_pk = hrm_stmt_get_int (stmt, 0);
      job->hash = hrm_stmt_dup_text (stmt, 1);
      job->enabled = hrm_stmt_get_int (stmt, 2) != 0;
      job->has_factor = hrm_stmt_get_int (stmt, 3) != 0;
    }

  if (!_hrm_server_push_hash_job (req->server, verify_in_thread, finish_sign_in, job,
                                  (GDestroyNotify) sign_in_free))
    {
      sign_in_free (job);
      hrm_http_set_retry_after (req->msg, HRM_HASH_BUSY_RETRY);
      hrm_http_send_oauth_error (req->msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                                 "temporarily_unavailable",
                                 _("The server is busy checking other sign-ins. Try again in a few seconds."));
      return;
    }
  soup_server_message_pause (req->msg);
}

static void
refresh_grant (HrmRequest *req,
               GHashTable *form)
{
  const char *token = g_hash_table_lookup (form, "refresh_token");
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmDbTxn) txn = NULL;
  g_autoptr(HrmServerUser) user = NULL;
  HrmTokenInfo info = { 0 };
  HrmTokenStatus status;

  if (token == NULL || token[0] == '\0')
    {
      hrm_http_send_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                                 _("The refresh token is missing"));
      return;
    }

  txn = hrm_db_begin (req->db, &error);
  if (txn == NULL)
    {
      hrm_http_send_internal_error (req->msg, error);
      return;
    }

  status = hrm_token_lookup (req->db, HRM_TOKEN_REFRESH, token, &info, &error);
  if (error != NULL)
    goto failed;

  if (status == HRM_TOKEN_STATUS_USED)
    {
      /* Someone replayed a rotated token: end that sign-in everywhere. */
      g_message ("A used refresh token was presented again; revoking its sign-in");
      if (!hrm_token_revoke_family (req->db, info.family, &error)
          || !hrm_db_txn_commit (txn, &error))
        goto failed;
    }

  if (status != HRM_TOKEN_STATUS_VALID)
    {
      hrm_http_send_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                                 status == HRM_TOKEN_STATUS_EXPIRED
                                 ? _("The session has expired; sign in again")
                                 : _("The session is not valid; sign in again"));
      hrm_token_info_clear (&info);
      return;
    }

  user = hrm_server_user_load (req->db, info.user_pk, &error);
  if (user == NULL || !user->enabled)
    {
      hrm_http_send_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                                 _("The account is disabled"));
      hrm_token_info_clear (&info);
      return;
    }

  if (!hrm_token_mark_used (req->db, token, &error)
      || !_hrm_server_issue_tokens (req->server, req->msg, info.user_pk, info.family, &error)
      || !hrm_db_txn_commit (txn, &error))
    goto failed;

  hrm_token_info_clear (&info);
  return;

failed:
  hrm_token_info_clear (&info);
  hrm_http_send_internal_error (req->msg, error);
}

/* The client's id and secret: HTTP Basic (RFC 6749 §2.3.1, each part
 * form-encoded) or client_id and client_secret in the form. */
static gboolean
get_client_credentials (HrmRequest  *req,
                        GHashTable  *form,
                        char       **out_id,
                        char       **out_secret)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg),
                                                     "Authorization");

  *out_id = NULL;
  *out_secret = NULL;
  if (header != NULL && g_ascii_strncasecmp (header, "Basic ", 6) == 0)
    {
      gsize length = 0;
      g_autofree char *decoded = (char *) g_base64_decode (header + 6, &length);
      g_autofree char *text = decoded ? g_strndup (decoded, length) : NULL;
      char *colon = text ? strchr (text, ':') : NULL;

      if (colon == NULL)
        return FALSE;
      *colon = '\0';
      *out_id = g_uri_unescape_string (text, NULL);
      *out_secret = g_uri_unescape_string (colon + 1, NULL);
      sodium_memzero (text, strlen (colon + 1) + (colon - text) + 1);
    }
  else
    {
      *out_id = g_strdup (g_hash_table_lookup (form, "client_id"));
      *out_secret = g_strdup (g_hash_table_lookup (form, "client_secret"));
    }
  return *out_id != NULL && *out_secret != NULL;
}

/* RFC 6749 §4.4: an API client acts with the roles of the user it was made
 * for; an access token only, the client signs in again when it expires. */
static void
client_credentials_grant (HrmRequest *req,
                          GHashTable *form)
{
  g_autofree char *client_id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *family = NULL;
  g_autofree char *access_token = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmStmt) stmt = NULL;
  g_autoptr(HrmDbTxn) txn = NULL;
  guint8 hash[crypto_hash_sha256_BYTES];
  gint64 user_pk = 0;
  gboolean known = FALSE;

  if (!get_client_credentials (req, form, &client_id, &secret))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "WWW-Authenticate", "Basic realm=\"hrm-server\"");
      hrm_http_send_oauth_error (req->msg, SOUP_STATUS_UNAUTHORIZED, "invalid_client",
                                 _("The client id and secret are missing"));
      return;
    }

  /* The secret is 256 random bits: its SHA-256 is as good as a slow hash,
   * and the comparison of hashes takes the same time whatever they are. */
  crypto_hash_sha256 (hash, (const guint8 *) secret, strlen (secret));
  sodium_memzero (secret, strlen (secret));
  stmt = hrm_db_prepare (req->db, "SELECT c.secret_hash, c.user_pk, u.enabled FROM api_clients c"
                         " JOIN users u ON u.id = c.user_pk"
                         " WHERE c.client_id = ? AND c.revoked_at IS NULL", &error);
  if (stmt == NULL)
    {
      hrm_http_send_internal_error (req->msg, error);
      return;
    }
  hrm_stmt_bind_text (stmt, 1, client_id);
  if (hrm_stmt_step (stmt, NULL))
    {
      gconstpointer stored = sqlite3_column_blob (stmt, 0);

      known = stored != NULL && sqlite3_column_bytes (stmt, 0) == sizeof hash
              && sodium_memcmp (stored, hash, sizeof hash) == 0;
      user_pk = hrm_stmt_get_int (stmt, 1);
      if (known && hrm_stmt_get_int (stmt, 2) == 0)
        {
          hrm_http_send_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                                     _("The account the client acts for is disabled"));
          return;
        }
    }
  if (!known)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "WWW-Authenticate", "Basic realm=\"hrm-server\"");
      hrm_http_send_oauth_error (req->msg, SOUP_STATUS_UNAUTHORIZED, "invalid_client",
                                 _("The client id or secret is wrong"));
      return;
    }

  /* The client's tokens are one family named after it, so that revoking the
   * client (--revoke-api-client) ends them. */
  family = g_strdup (client_id);
  txn = hrm_db_begin (req->db, &error);
  if (txn != NULL)
    access_token = hrm_token_issue (req->db, HRM_TOKEN_ACCESS, user_pk, family, NULL,
                                    req->server->access_token_ttl, &error);
  if (access_token == NULL || !hrm_db_txn_commit (txn, &error))
    {
      hrm_http_send_internal_error (req->msg, error);
      return;
    }
  send_tokens (req->msg, req->server->access_token_ttl, access_token, NULL);
}

static void
handle_token (HrmRequest *req)
{
  g_autoptr(GHashTable) form = hrm_http_read_oauth_form (req->msg);
  const char *grant_type;

  if (form == NULL)
    return;

  grant_type = g_hash_table_lookup (form, "grant_type");
  if (grant_type == NULL)
    hrm_http_send_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                               _("The grant type is missing"));
  else if (g_str_equal (grant_type, "authorization_code"))
    _hrm_server_authorization_code_grant (req, form);
  else if (g_str_equal (grant_type, "refresh_token"))
    refresh_grant (req, form);
  else if (g_str_equal (grant_type, "client_credentials"))
    client_credentials_grant (req, form);
  else if (g_str_equal (grant_type, "password") && req->server->allow_password_grant)
    password_grant (req, form);
  else if (g_str_equal (grant_type, "password"))
    hrm_http_send_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type",
                               _("The password grant is turned off on this server: sign in through the browser"));
  else
    hrm_http_send_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type",
                               _("Only the authorization_code, refresh_token and client_credentials grants are supported"));
}

/* RFC 7009: answers 200 whether or not the token was known. Revoking either
 * token of a sign-in ends the whole sign-in. */
static void
handle_revoke (HrmRequest *req)
{
  g_autoptr(GHashTable) form = hrm_http_read_oauth_form (req->msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmDbTxn) txn = NULL;
  const char *token;
  HrmTokenKind kinds[] = { HRM_TOKEN_REFRESH, HRM_TOKEN_ACCESS };

  if (form == NULL)
    return;

  token = g_hash_table_lookup (form, "token");
  txn = hrm_db_begin (req->db, &error);
  if (txn == NULL)
    {
      hrm_http_send_internal_error (req->msg, error);
      return;
    }

  for (guint i = 0; token != NULL && i < G_N_ELEMENTS (kinds); i++)
    {
      HrmTokenInfo info;
      HrmTokenStatus status = hrm_token_lookup (req->db, kinds[i], token, &info, &error);
      gboolean ok = TRUE;

      if (status != HRM_TOKEN_STATUS_UNKNOWN)
        ok = hrm_token_revoke (req->db, token, &error)
             && hrm_token_revoke_family (req->db, info.family, &error);
      hrm_token_info_clear (&info);
      if (!ok || error != NULL)
        {
          hrm_http_send_internal_error (req->msg, error);
          return;
        }
    }

  if (!hrm_db_txn_commit (txn, &error))
    {
      hrm_http_send_internal_error (req->msg, error);
      return;
    }

  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  hrm_http_set_no_store (req->msg);
  soup_server_message_set_response (req->msg, "application/json", SOUP_MEMORY_STATIC, "{}", 2);
}

void
_hrm_server_oauth_register (HrmServer *self)
{
  _hrm_server_add_route (self, "POST", "/oauth/token", HRM_ROUTE_PUBLIC, handle_token);
  _hrm_server_add_route (self, "POST", "/oauth/revoke", HRM_ROUTE_PUBLIC, handle_revoke);
}
