/* hrm-server-authorize.c — sign-in through the browser (RFC 6749 §4.1, PKCE)
 *
 * GET  /.well-known/oauth-authorization-server   the RFC 8414 discovery document
 * GET  /oauth/authorize?response_type=code&…     the sign-in page
 * POST /oauth/authorize                          its password, second-factor and cancel steps
 * POST /oauth/token grant_type=authorization_code (called from hrm-server-oauth.c)
 *
 * The only client is the public app `hrm-users`, a native app (RFC 8252): it
 * listens on a loopback port of its own, so its redirect URI must be
 * http://127.0.0.1:PORT/… or http://[::1]:PORT/… (any port, §7.3; never
 * `localhost`, §8.3), and it must use PKCE with S256 (RFC 7636). An unknown
 * client or a redirect URI that is not allowed gets an error page and never a
 * redirect, so the page cannot be used to send a browser anywhere (no open
 * redirect); once both are valid, other problems go back to the app with
 * error= and its state (RFC 6749 §4.1.2.1).
 *
 * The page looks like the employee pages (hrm-server-pages.c) and speaks
 * Swedish or English by the browser's preference. Its form carries a CSRF
 * token that must equal the page's cookie (SameSite=Strict, HttpOnly); the
 * page cannot be framed, and its CSP lets the form lead only here and on to
 * the app's loopback address. The password is checked with the same Argon2id
 * code on the hash pool, under the same lockout and throttle as POST
 * /oauth/token (hrm-server-sign-in-limits.c), and so are second-factor codes.
 *
 * After the password, an account with a TOTP factor (hrm-totp.c) is asked for
 * a code; with --require-totp an account without one enrols first. Between
 * the two steps the sign-in waits in memory (authorize_pending) for at most
 * five minutes. Codes for the app last 60 s, work once, are kept as their
 * SHA-256, and are bound to the redirect URI and the PKCE challenge; a code
 * presented again revokes the tokens it was exchanged for.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-server-authorize"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "hrm-error.h"
#include "hrm-json.h"
#include "hrm-server-private.h"
#include "hrm-totp.h"

/* The Swedish or the English text, by the request's language alone. */
#define T(sv, en) (swedish ? (sv) : (en))

#define PUBLIC_CLIENT_ID   "hrm-users"
#define CODE_TTL           60
#define PENDING_TTL        (5 * 60)
#define PENDING_MAX        1000
#define CSRF_COOKIE        "hrm_sign_in"
#define MAX_PARAM_LENGTH   2048

/* The OAuth parameters of one sign-in, borrowed from the request. */
typedef struct
{
  const char *redirect_uri;
  const char *state;           /* may be NULL */
  const char *code_challenge;
} Params;

/* A sign-in whose password was right, waiting for its second factor. */
typedef struct
{
  gint64  user_pk;
  char   *username;        /* folded: the key of failures and lockouts */
  char   *user_id;         /* as the account has it, for the page */
  char   *address;
  char   *csrf;
  char   *redirect_uri;
  char   *state;
  char   *code_challenge;
  char   *secret;          /* enrolment: the new secret, stored once a code is right */
  gint64  expires_at;
} Pending;

static void
pending_free (Pending *pending)
{
  g_free (pending->username);
  g_free (pending->user_id);
  g_free (pending->address);
  g_free (pending->csrf);
  g_free (pending->redirect_uri);
  g_free (pending->state);
  g_free (pending->code_challenge);
  if (pending->secret != NULL)
    {
      sodium_memzero (pending->secret, strlen (pending->secret));
      g_free (pending->secret);
    }
  g_free (pending);
}

static gboolean
is_base64url (const char *text,
              gsize       min_length,
              gsize       max_length)
{
  gsize length = text ? strlen (text) : 0;

  if (length < min_length || length > max_length)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

/* RFC 8252 §7.3: an http URI on the IPv4 or IPv6 loopback address with a
 * port; `localhost` is refused (§8.3), as are user info and fragments. */
static gboolean
is_loopback_redirect (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;
  const char *host;

  if (uri == NULL || strlen (uri) > MAX_PARAM_LENGTH)
    return FALSE;
  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  if (parsed == NULL)
    return FALSE;
  host = g_uri_get_host (parsed);
  return g_strcmp0 (g_uri_get_scheme (parsed), "http") == 0
         && (g_strcmp0 (host, "127.0.0.1") == 0 || g_strcmp0 (host, "::1") == 0)
         && g_uri_get_port (parsed) > 0
         && g_uri_get_userinfo (parsed) == NULL
         && g_uri_get_fragment (parsed) == NULL;
}

/* scheme://host:port of a valid redirect URI, for the page's CSP. */
static char *
redirect_origin (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  const char *host = g_uri_get_host (parsed);

  return g_strdup_printf (strchr (host, ':') ? "http://[%s]:%d" : "http://%s:%d",
                          host, g_uri_get_port (parsed));
}

static void
append_param (GString    *uri,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL)
    return;
  escaped = g_uri_escape_string (value, NULL, FALSE);
  g_string_append_c (uri, strchr (uri->str, '?') ? '&' : '?');
  g_string_append_printf (uri, "%s=%s", name, escaped);
}

/* 303 to the app's loopback address with @name=@value (the code, or an
 * error) and the state. Only ever called with a checked redirect URI. */
static void
send_redirect (HrmRequest  *req,
               const Params *params,
               const char  *name,
               const char  *value,
               const char  *description)
{
  g_autoptr(GString) uri = g_string_new (params->redirect_uri);

  append_param (uri, name, value);
  append_param (uri, "error_description", description);
  append_param (uri, "state", params->state);

  soup_server_message_set_redirect (req->msg, SOUP_STATUS_SEE_OTHER, uri->str);
  hrm_http_set_no_store (req->msg);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Referrer-Policy", "no-referrer");
}

static void
send_error_redirect (HrmRequest   *req,
                     const Params *params,
                     const char   *error,
                     const char   *description)
{
  send_redirect (req, params, "error", error, description);
}

/* A page that goes nowhere: the request cannot be sent back to any app. */
static void
send_refusal_page (HrmRequest *req,
                   guint       status,
                   gboolean    swedish,
                   const char *title,
                   const char *text)
{
  g_autofree char *content = g_markup_printf_escaped ("<p class=\"error\">%s</p>\n<p>%s</p>", text,
    T ("Gå tillbaka till HRM Users och logga in igen därifrån.",
       "Go back to HRM Users and sign in again from there."));

  _hrm_server_send_page (req, status, swedish, title, content);
}

/* Checks the OAuth parameters of GET or POST /oauth/authorize in the order
 * of RFC 6749 §4.1.2.1. Returns TRUE when they are good; otherwise sends the
 * error page or the error redirect. */
static gboolean
check_params (HrmRequest *req,
              GHashTable *values,
              gboolean    swedish,
              Params     *out)
{
  const char *client_id = g_hash_table_lookup (values, "client_id");
  const char *response_type = g_hash_table_lookup (values, "response_type");
  const char *method = g_hash_table_lookup (values, "code_challenge_method");

  out->redirect_uri = g_hash_table_lookup (values, "redirect_uri");
  out->state = g_hash_table_lookup (values, "state");
  out->code_challenge = g_hash_table_lookup (values, "code_challenge");

  if (g_strcmp0 (client_id, PUBLIC_CLIENT_ID) != 0)
    {
      send_refusal_page (req, SOUP_STATUS_BAD_REQUEST, swedish,
                         T ("Okänt program", "Unknown application"),
                         T ("Programmet som skickade dig hit är inte känt av den här servern.",
                            "The application that sent you here is not known to this server."));
      return FALSE;
    }
  if (!is_loopback_redirect (out->redirect_uri))
    {
      send_refusal_page (req, SOUP_STATUS_BAD_REQUEST, swedish,
                         T ("Inloggningen kan inte fortsätta", "The sign-in cannot continue"),
                         T ("Programmet bad om att få svaret till en adress som inte är tillåten.",
                            "The application asked for the answer at an address that is not allowed."));
      return FALSE;
    }

  /* From here on the app is known and listening: tell it. */
  if (out->state != NULL && strlen (out->state) > MAX_PARAM_LENGTH)
    {
      out->state = NULL;
      send_error_redirect (req, out, "invalid_request", "state is too long");
      return FALSE;
    }
  if (response_type == NULL)
    {
      send_error_redirect (req, out, "invalid_request", "response_type is missing");
      return FALSE;
    }
  if (!g_str_equal (response_type, "code"))
    {
      send_error_redirect (req, out, "unsupported_response_type", "Only response_type=code is supported");
      return FALSE;
    }
  if (g_strcmp0 (method, "S256") != 0)
    {
      send_error_redirect (req, out, "invalid_request",
                           "PKCE is required: code_challenge_method must be S256");
      return FALSE;
    }
  /* BASE64URL (SHA-256 (verifier)) is 43 characters. */
  if (!is_base64url (out->code_challenge, 43, 43))
    {
      send_error_redirect (req, out, "invalid_request",
                           "code_challenge must be the S256 challenge (43 characters)");
      return FALSE;
    }
  return TRUE;
}

/* The CSRF token of the page's cookie, or NULL. */
static char *
dup_cookie_token (SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Cookie");
  GHashTable *cookies;
  char *token = NULL;

  if (header == NULL)
    return NULL;
  cookies = soup_header_parse_semi_param_list (header);
  if (is_base64url (g_hash_table_lookup (cookies, CSRF_COOKIE), 43, 43))
    token = g_strdup (g_hash_table_lookup (cookies, CSRF_COOKIE));
  soup_header_free_param_list (cookies);
  return token;
}

static void
set_cookie (HrmRequest *req,
            const char *token)
{
  g_autofree char *value = g_strdup_printf ("%s=%s; Path=/oauth/authorize; HttpOnly; SameSite=Strict%s",
                                            CSRF_COOKIE, token,
                                            req->server->tls_certificate ? "; Secure" : "");

  soup_message_headers_append (soup_server_message_get_response_headers (req->msg), "Set-Cookie", value);
}

static gboolean
tokens_equal (const char *a,
              const char *b)
{
  return a != NULL && b != NULL && strlen (a) == strlen (b) && sodium_memcmp (a, b, strlen (a)) == 0;
}

/* Sends a page with a form whose answer may redirect to the app: the CSP's
 * form-action must name the app's origin, or browsers stop the redirect. */
static void
send_form_page (HrmRequest   *req,
                guint         status,
                gboolean      swedish,
                const Params *params,
                const char   *title,
                const char   *content)
{
  g_autofree char *origin = redirect_origin (params->redirect_uri);
  g_autofree char *csp = NULL;

  _hrm_server_send_page (req, status, swedish, title, content);
  csp = g_strdup_printf ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                         "form-action 'self' %s; frame-ancestors 'none'; base-uri 'none'", origin);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Content-Security-Policy", csp);
}

/* The OAuth parameters and the CSRF token as hidden fields of a form. */
static void
append_hidden_fields (GString      *content,
                      const Params *params,
                      const char   *csrf)
{
  const char *names[] = { "response_type", "client_id", "code_challenge_method",
                          "redirect_uri", "code_challenge", "state", "csrf" };
  const char *values[] = { "code", PUBLIC_CLIENT_ID, "S256",
                           params->redirect_uri, params->code_challenge, params->state, csrf };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (values[i] != NULL)
      {
        g_autofree char *field = g_markup_printf_escaped (
          "<input type=\"hidden\" name=\"%s\" value=\"%s\">\n", names[i], values[i]);

        g_string_append (content, field);
      }
}

static void
append_buttons (GString    *content,
                gboolean    swedish,
                const char *submit)
{
  g_autofree char *buttons = g_markup_printf_escaped (
    "<button type=\"submit\" name=\"action\" value=\"continue\">%s</button>"
    "<button type=\"submit\" class=\"secondary\" name=\"action\" value=\"cancel\" formnovalidate>%s</button>\n"
    "</form>",
    submit, T ("Avbryt", "Cancel"));

  g_string_append (content, buttons);
}

/* The sign-in form; @problem is shown under the fields. */
static void
send_sign_in_form (HrmRequest   *req,
                   guint         status,
                   gboolean      swedish,
                   const Params *params,
                   const char   *csrf,
                   const char   *username,
                   const char   *problem)
{
  g_autoptr(GString) content = g_string_new (NULL);
  g_autofree char *organisation = _hrm_server_organisation_name (req->server);
  g_autofree char *part = NULL;

  if (organisation != NULL)
    part = g_markup_printf_escaped ("<p>%s <b>%s</b>.</p>\n",
                                    T ("HRM Users vill logga in dig hos", "HRM Users wants to sign you in to"),
                                    organisation);
  else
    part = g_markup_printf_escaped ("<p>%s</p>\n", T ("HRM Users vill logga in dig.",
                                                      "HRM Users wants to sign you in."));
  g_string_append (content, part);
  g_clear_pointer (&part, g_free);

  g_string_append (content, "<form method=\"post\" action=\"authorize\">\n");
  append_hidden_fields (content, params, csrf);

  part = g_markup_printf_escaped (
    "<label for=\"username\">%s</label>\n"
    "<input type=\"text\" id=\"username\" name=\"username\" value=\"%s\" autocomplete=\"username\" "
    "autocapitalize=\"none\" spellcheck=\"false\" required%s>\n"
    "<label for=\"password\">%s</label>\n"
    "<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required%s%s>\n",
    T ("Användar-id", "User-ID"), username ? username : "", username && username[0] ? "" : " autofocus",
    T ("Lösenord", "Password"),
    username && username[0] ? " autofocus" : "",
    problem ? " aria-invalid=\"true\" aria-errormessage=\"problem\"" : "");
  g_string_append (content, part);
  g_clear_pointer (&part, g_free);

  if (problem != NULL)
    {
      part = g_markup_printf_escaped ("<p class=\"error\" id=\"problem\" role=\"alert\">%s</p>\n", problem);
      g_string_append (content, part);
      g_clear_pointer (&part, g_free);
    }
  append_buttons (content, swedish, T ("Logga in", "Sign in"));

  set_cookie (req, csrf);
  send_form_page (req, status, swedish, params, T ("Logga in", "Sign in"), content->str);
}

/* The second-factor form: a code, or with @pending->secret the enrolment. */
static void
send_code_form (HrmRequest    *req,
                guint          status,
                gboolean       swedish,
                const Params  *params,
                const char    *pending_id,
                const Pending *pending,
                const char    *problem)
{
  g_autoptr(GString) content = g_string_new (NULL);
  g_autofree char *part = NULL;

  if (pending->secret != NULL)
    {
      g_autofree char *organisation = _hrm_server_organisation_name (req->server);
      g_autofree char *uri = hrm_totp_uri (pending->secret, organisation ? organisation : "HRM",
                                           pending->user_id);
      g_autofree char *svg = hrm_qr_svg (uri);
      g_autoptr(GString) grouped = g_string_new (NULL);

      /* Four characters at a time are easier to type. */
      for (const char *p = pending->secret; *p != '\0'; p++)
        {
          if (p != pending->secret && (p - pending->secret) % 4 == 0)
            g_string_append_c (grouped, ' ');
          g_string_append_c (grouped, *p);
        }
      part = g_markup_printf_escaped (
        "<p>%s</p>\n<p>%s</p>\n",
        T ("Din organisation kräver en andra faktor. Skanna QR-koden med en autentiseringsapp "
           "(som FreeOTP, Aegis eller Google Authenticator), eller skriv in nyckeln för hand.",
           "Your organisation requires a second factor. Scan the QR code with an authenticator app "
           "(such as FreeOTP, Aegis or Google Authenticator), or type the key in by hand."),
        T ("Skriv sedan in den sexsiffriga kod som appen visar.",
           "Then enter the six-digit code the app shows."));
      g_string_append (content, part);
      g_clear_pointer (&part, g_free);
      /* The SVG is ours, made from the URI: inserted as it is. */
      if (svg != NULL)
        g_string_append_printf (content, "<div class=\"qr\" aria-hidden=\"true\">%s</div>\n", svg);
      part = g_markup_printf_escaped ("<p>%s <span class=\"secret\">%s</span></p>\n",
                                      T ("Nyckel:", "Key:"), grouped->str);
      g_string_append (content, part);
      g_clear_pointer (&part, g_free);
    }
  else
    {
      part = g_markup_printf_escaped ("<p>%s</p>\n",
                                      T ("Skriv in den sexsiffriga koden från din autentiseringsapp.",
                                         "Enter the six-digit code from your authenticator app."));
      g_string_append (content, part);
      g_clear_pointer (&part, g_free);
    }

  g_string_append (content, "<form method=\"post\" action=\"authorize\">\n");
  append_hidden_fields (content, params, pending->csrf);
  part = g_markup_printf_escaped (
    "<input type=\"hidden\" name=\"pending\" value=\"%s\">\n"
    /* So that a password manager files the code under the right account. */
    "<input type=\"text\" name=\"username\" value=\"%s\" autocomplete=\"username\" readonly hidden>\n"
    "<label for=\"code\">%s</label>\n"
    "<input type=\"text\" id=\"code\" name=\"code\" inputmode=\"numeric\" pattern=\"[0-9 ]*\" "
    "maxlength=\"8\" autocomplete=\"one-time-code\" required autofocus%s>\n",
    pending_id, pending->user_id, T ("Kod", "Code"),
    problem ? " aria-invalid=\"true\" aria-errormessage=\"problem\"" : "");
  g_string_append (content, part);
  g_clear_pointer (&part, g_free);
  if (problem != NULL)
    {
      part = g_markup_printf_escaped ("<p class=\"error\" id=\"problem\" role=\"alert\">%s</p>\n", problem);
      g_string_append (content, part);
      g_clear_pointer (&part, g_free);
    }
  append_buttons (content, swedish, T ("Fortsätt", "Continue"));

  send_form_page (req, status, swedish, params,
                  pending->secret ? T ("Lägg till en andra faktor", "Set up a second factor")
                                  : T ("Andra faktorn", "Second factor"),
                  content->str);
}

/* The sign-in is done: a code for the app, and the redirect that takes it
 * there. */
static void
finish_authorization (HrmRequest   *req,
                      const Params *params,
                      gint64        user_pk,
                      const char   *username,
                      const char   *address,
                      const char   *enrol_secret,
                      const char   *actor,
                      gint64        step)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmDbTxn) txn = hrm_db_begin (req->db, &error);
  g_autoptr(HrmStmt) stmt = NULL;
  g_autofree char *code = hrm_token_generate ();
  g_autofree char *family = hrm_token_generate ();
  guint8 hash[crypto_hash_sha256_BYTES];
  gint64 now = hrm_db_now ();

  if (txn == NULL)
    goto failed;
  if (enrol_secret != NULL
      && (!hrm_totp_store (req->db, user_pk, enrol_secret, step, &error)
          || !_hrm_server_record_event (req->db, user_pk, actor, "second_factor_enrolled",
                                        _("Second factor (TOTP) set up at the first browser sign-in"),
                                        &error)))
    goto failed;
  if (enrol_secret == NULL && step > 0 && !hrm_totp_use_step (req->db, user_pk, step, &error))
    goto failed;
  if (!_hrm_sign_in_record_success (req->server, username, address, &error))
    goto failed;

  crypto_hash_sha256 (hash, (const guint8 *) code, strlen (code));
  stmt = hrm_db_prepare (req->db,
                         "INSERT INTO oauth_codes (hash, user_pk, client_id, redirect_uri,"
                         " code_challenge, family, created_at, expires_at)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", &error);
  if (stmt == NULL)
    goto failed;
  hrm_stmt_bind_blob (stmt, 1, hash, sizeof hash);
  hrm_stmt_bind_int (stmt, 2, user_pk);
  hrm_stmt_bind_text (stmt, 3, PUBLIC_CLIENT_ID);
  hrm_stmt_bind_text (stmt, 4, params->redirect_uri);
  hrm_stmt_bind_text (stmt, 5, params->code_challenge);
  hrm_stmt_bind_text (stmt, 6, family);
  hrm_stmt_bind_int (stmt, 7, now);
  hrm_stmt_bind_int (stmt, 8, now + CODE_TTL);
  if (!hrm_stmt_run (stmt, &error) || !hrm_db_txn_commit (txn, &error))
    goto failed;

  g_debug ("User %" G_GINT64_FORMAT " signed in through the browser", user_pk);
  send_redirect (req, params, "code", code, NULL);
  return;

failed:
  hrm_http_send_internal_error (req->msg, error);
}

/* Sends the sign-in or code form with 429 when the limits refuse this
 * attempt now (500 when they cannot be read) and returns TRUE. */
static gboolean
send_if_limited (HrmRequest   *req,
                 gboolean      swedish,
                 const Params *params,
                 const char   *username,
                 const char   *address,
                 const char   *csrf,
                 const char   *typed_username,
                 const char   *pending_id,
                 const Pending *pending)
{
  g_autoptr(GError) error = NULL;
  gint64 seconds = 0;
  HrmSignInVerdict verdict = _hrm_sign_in_check (req->server, username, address, &seconds, &error);
  const char *text;

  if (error != NULL)
    {
      hrm_http_send_internal_error (req->msg, error);
      return TRUE;
    }
  if (verdict == HRM_SIGN_IN_ALLOWED)
    return FALSE;

  text = verdict == HRM_SIGN_IN_LOCKED
         ? T ("För många misslyckade inloggningar. Vänta 15 minuter och försök igen.",
              "Too many failed sign-ins. Wait 15 minutes and try again.")
         : T ("För många misslyckade inloggningar till det här kontot. Vänta en stund och försök igen.",
              "Too many failed sign-ins to this account. Wait a moment and try again.");
  hrm_http_set_retry_after (req->msg, seconds);
  if (pending != NULL)
    send_code_form (req, 429, swedish, params, pending_id, pending, text);
  else
    send_sign_in_form (req, 429, swedish, params, csrf, typed_username, text);
  return TRUE;
}

/* A password on its way through the hash pool. */
typedef struct
{
  HrmServer         *server;    /* owned */
  SoupServerMessage *msg;       /* owned */
  gboolean           swedish;
  char              *username;  /* folded */
  char              *typed;     /* as typed, for the form */
  char              *user_id;   /* as the account has it */
  char              *address;
  char              *password;  /* wiped when freed */
  char              *hash;      /* NULL for an unknown username */
  gint64             user_pk;
  gboolean           enabled;
  gboolean           verified;  /* set by the worker */
  char              *csrf;
  char              *redirect_uri;
  char              *state;
  char              *code_challenge;
} PasswordJob;

static void
password_job_free (PasswordJob *job)
{
  g_clear_object (&job->server);
  g_clear_object (&job->msg);
  g_free (job->username);
  g_free (job->typed);
  g_free (job->user_id);
  g_free (job->address);
  if (job->password != NULL)
    {
      sodium_memzero (job->password, strlen (job->password));
      g_free (job->password);
    }
  g_free (job->hash);
  g_free (job->csrf);
  g_free (job->redirect_uri);
  g_free (job->state);
  g_free (job->code_challenge);
  g_free (job);
}

static void
verify_in_thread (gpointer data,
                  gpointer user_data)
{
  PasswordJob *job = data;

  /* An unknown username (no hash) takes as long and never signs in. */
  job->verified = hrm_password_check (job->hash, job->password);
}

static void
purge_pending (HrmServer *self)
{
  GHashTableIter iter;
  Pending *pending;
  gint64 now = hrm_db_now ();

  g_hash_table_iter_init (&iter, self->authorize_pending);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &pending))
    if (pending->expires_at <= now)
      g_hash_table_iter_remove (&iter);
}

/* After the password: on to the second factor, or done. */
static void
after_password (HrmRequest   *req,
                PasswordJob  *job,
                const Params *params)
{
  gboolean swedish = job->swedish;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *pending_id = NULL;
  gint64 last_step = 0;
  gboolean has_factor = hrm_totp_load (req->db, job->user_pk, &secret, &last_step, &error);
  Pending *pending;

  if (error != NULL)
    {
      hrm_http_send_internal_error (req->msg, error);
      return;
    }
  if (!has_factor && !req->server->require_totp)
    {
      finish_authorization (req, params, job->user_pk, job->username, job->address, NULL, NULL, 0);
      return;
    }

  purge_pending (req->server);
  if (g_hash_table_size (req->server->authorize_pending) >= PENDING_MAX)
    {
      hrm_http_set_retry_after (req->msg, 60);
      send_refusal_page (req, SOUP_STATUS_SERVICE_UNAVAILABLE, swedish,
                         T ("Försök igen om en stund", "Try again in a moment"),
                         T ("Servern har mycket att göra just nu.", "The server is busy right now."));
      return;
    }

  pending = g_new0 (Pending, 1);
  pending->user_pk = job->user_pk;
  pending->username = g_strdup (job->username);
  pending->user_id = g_strdup (job->user_id);
  pending->address = g_strdup (job->address);
  pending->csrf = g_strdup (job->csrf);
  pending->redirect_uri = g_strdup (params->redirect_uri);
  pending->state = g_strdup (params->state);
  pending->code_challenge = g_strdup (params->code_challenge);
  pending->secret = has_factor ? NULL : hrm_totp_new_secret ();
  pending->expires_at = hrm_db_now () + PENDING_TTL;
  pending_id = hrm_token_generate ();
  g_hash_table_insert (req->server->authorize_pending, g_strdup (pending_id), pending);

  send_code_form (req, SOUP_STATUS_OK, swedish, params, pending_id, pending, NULL);
}

static gboolean
finish_password (gpointer data)
{
  PasswordJob *job = data;
  HrmRequest req = { .server = job->server, .db = job->server->db, .msg = job->msg };
  Params params = { job->redirect_uri, job->state, job->code_challenge };
  gboolean swedish = job->swedish;
  g_autoptr(GError) error = NULL;

  if (job->server->db == NULL || job->server->soup == NULL)
    return G_SOURCE_REMOVE;  /* shut down meanwhile: nobody to answer */

  /* Locked while the hash was being checked: the same answer for every
   * waiting guess (see hrm-server-oauth.c). */
  if (send_if_limited (&req, swedish, &params, job->username, job->address, job->csrf, job->typed,
                       NULL, NULL))
    goto done;

  if (!job->verified)
    {
      if (!_hrm_sign_in_record_failure (job->server, job->username, job->address, job->user_pk != 0,
                                        &error))
        hrm_http_send_internal_error (job->msg, error);
      else
        send_sign_in_form (&req, SOUP_STATUS_BAD_REQUEST, swedish, &params, job->csrf, job->typed,
                           T ("Användar-id:t eller lösenordet är fel.", "The User-ID or password is wrong."));
      goto done;
    }
  if (!job->enabled)
    {
      send_sign_in_form (&req, SOUP_STATUS_FORBIDDEN, swedish, &params, job->csrf, job->typed,
                         T ("Kontot är avstängt.", "The account is disabled."));
      goto done;
    }

  after_password (&req, job, &params);

done:
  soup_server_message_unpause (job->msg);
  return G_SOURCE_REMOVE;
}

static void
password_step (HrmRequest   *req,
               GHashTable   *form,
               gboolean      swedish,
               const Params *params,
               const char   *csrf)
{
  const char *username = g_hash_table_lookup (form, "username");
  const char *password = g_hash_table_lookup (form, "password");
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmStmt) stmt = NULL;
  g_autofree char *key = NULL;
  g_autofree char *address = NULL;
  PasswordJob *job;

  if (username == NULL || username[0] == '\0' || password == NULL || password[0] == '\0')
    {
      send_sign_in_form (req, SOUP_STATUS_BAD_REQUEST, swedish, params, csrf, username,
                         T ("Skriv ditt användar-id och ditt lösenord.", "Enter your User-ID and password."));
      return;
    }

  key = hrm_db_fold (username);
  address = _hrm_sign_in_client_address (req->msg);
  if (send_if_limited (req, swedish, params, key, address, csrf, username, NULL, NULL))
    return;

  job = g_new0 (PasswordJob, 1);
  job->server = g_object_ref (req->server);
  job->msg = g_object_ref (req->msg);
  job->swedish = swedish;
  job->username = g_steal_pointer (&key);
  job->typed = g_strdup (username);
  job->address = g_steal_pointer (&address);
  job->password = g_strdup (password);
  job->csrf = g_strdup (csrf);
  job->redirect_uri = g_strdup (params->redirect_uri);
  job->state = g_strdup (params->state);
  job->code_challenge = g_strdup (params->code_challenge);

  stmt = hrm_db_prepare (req->db, "SELECT id, password_hash, enabled, user_id FROM users"
                         " WHERE user_id_key = hrm_fold (?)", &error);
  if (stmt == NULL)
    {
      password_job_free (job);
      hrm_http_send_internal_error (req->msg, error);
      return;
    }
  hrm_stmt_bind_text (stmt, 1, username);
  if (hrm_stmt_step (stmt, NULL))
    {
      job->user_pk = hrm_stmt_get_int (stmt, 0);
      job->hash = hrm_stmt_dup_text (stmt, 1);
      job->enabled = hrm_stmt_get_int (stmt, 2) != 0;
      job->user_id = hrm_stmt_dup_text (stmt, 3);
    }

  if (!_hrm_server_push_hash_job (req->server, verify_in_thread, finish_password, job,
                                  (GDestroyNotify) password_job_free))
    {
      password_job_free (job);
      hrm_http_set_retry_after (req->msg, HRM_HASH_BUSY_RETRY);
      send_sign_in_form (req, SOUP_STATUS_SERVICE_UNAVAILABLE, swedish, params, csrf, username,
                         T ("Servern har mycket att göra just nu. Vänta några sekunder och försök igen.",
                            "The server is busy right now. Wait a few seconds and try again."));
      return;
    }
  soup_server_message_pause (req->msg);
}

/* The code without the spaces people type to group its digits. */
static char *
normalise_code (const char *code)
{
  GString *out = g_string_new (NULL);

  for (const char *p = code ? code : ""; *p != '\0'; p++)
    if (*p != ' ')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static void
code_step (HrmRequest   *req,
           GHashTable   *form,
           gboolean      swedish,
           const Params *params,
           const char   *csrf,
           const char   *pending_id)
{
  Pending *pending = g_hash_table_lookup (req->server->authorize_pending, pending_id);
  g_autofree char *code = normalise_code (g_hash_table_lookup (form, "code"));
  g_autofree char *stored_secret = NULL;
  g_autoptr(GError) error = NULL;
  const char *secret;
  gint64 last_step = 0;
  gint64 step;

  if (pending == NULL || pending->expires_at <= hrm_db_now ()
      || !tokens_equal (pending->csrf, csrf)
      || g_strcmp0 (pending->redirect_uri, params->redirect_uri) != 0
      || g_strcmp0 (pending->state, params->state) != 0
      || g_strcmp0 (pending->code_challenge, params->code_challenge) != 0)
    {
      if (pending != NULL && pending->expires_at <= hrm_db_now ())
        g_hash_table_remove (req->server->authorize_pending, pending_id);
      send_refusal_page (req, SOUP_STATUS_BAD_REQUEST, swedish,
                         T ("Inloggningen tog för lång tid", "The sign-in took too long"),
                         T ("Inloggningen har gått ut.", "The sign-in has expired."));
      return;
    }

  if (send_if_limited (req, swedish, params, pending->username, pending->address, csrf, NULL,
                       pending_id, pending))
    return;

  if (pending->secret != NULL)
    secret = pending->secret;
  else if (hrm_totp_load (req->db, pending->user_pk, &stored_secret, &last_step, &error))
    secret = stored_secret;
  else
    {
      if (error != NULL)
        hrm_http_send_internal_error (req->msg, error);
      else
        send_refusal_page (req, SOUP_STATUS_BAD_REQUEST, swedish,
                           T ("Inloggningen kan inte fortsätta", "The sign-in cannot continue"),
                           T ("Kontots andra faktor har tagits bort.",
                              "The account's second factor was removed."));
      g_hash_table_remove (req->server->authorize_pending, pending_id);
      return;
    }

  step = hrm_totp_check (secret, hrm_db_now (), last_step, code);
  if (step < 0)
    {
      g_debug ("Wrong second-factor code");
      if (!_hrm_sign_in_record_failure (req->server, pending->username, pending->address, TRUE, &error))
        hrm_http_send_internal_error (req->msg, error);
      else
        send_code_form (req, SOUP_STATUS_BAD_REQUEST, swedish, params, pending_id, pending,
                        T ("Koden är fel eller redan använd. Skriv in den kod som appen visar nu.",
                           "The code is wrong or was already used. Enter the code the app shows now."));
      return;
    }

  finish_authorization (req, params, pending->user_pk, pending->username, pending->address,
                        pending->secret, pending->user_id, step);
  g_hash_table_remove (req->server->authorize_pending, pending_id);
}

static void
handle_authorize_get (HrmRequest *req)
{
  gboolean swedish = hrm_http_prefers_swedish (req->msg);
  g_autofree char *csrf = NULL;
  Params params;

  if (!check_params (req, req->query, swedish, &params))
    return;

  /* One token for every tab of this browser, so that two tabs both work. */
  csrf = dup_cookie_token (req->msg);
  if (csrf == NULL)
    csrf = hrm_token_generate ();
  send_sign_in_form (req, SOUP_STATUS_OK, swedish, &params, csrf, NULL, NULL);
}

static void
handle_authorize_post (HrmRequest *req)
{
  gboolean swedish = hrm_http_prefers_swedish (req->msg);
  g_autoptr(GHashTable) form = hrm_http_read_form (req->msg);
  g_autofree char *cookie = NULL;
  const char *csrf;
  const char *pending_id;
  Params params;

  if (form == NULL || !check_params (req, form, swedish, &params))
    return;

  /* Cancel goes back to the app whatever else the form says. */
  pending_id = g_hash_table_lookup (form, "pending");
  if (g_strcmp0 (g_hash_table_lookup (form, "action"), "cancel") == 0)
    {
      if (pending_id != NULL)
        g_hash_table_remove (req->server->authorize_pending, pending_id);
      send_error_redirect (req, &params, "access_denied", "The user cancelled the sign-in");
      return;
    }

  /* The form's token must be the cookie's: another site can make a browser
   * post this form, but cannot read or set the cookie. */
  cookie = dup_cookie_token (req->msg);
  csrf = g_hash_table_lookup (form, "csrf");
  if (!tokens_equal (cookie, csrf))
    {
      g_autofree char *fresh = hrm_token_generate ();

      send_sign_in_form (req, SOUP_STATUS_FORBIDDEN, swedish, &params, fresh, NULL,
                         T ("Sidan hade gått ut. Logga in igen.", "The page had expired. Sign in again."));
      return;
    }

  if (pending_id != NULL)
    code_step (req, form, swedish, &params, csrf, pending_id);
  else
    password_step (req, form, swedish, &params, csrf);
}

/* RFC 8414. The password grant is listed only when it is turned on. */
static void
handle_discovery (HrmRequest *req)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *issuer = g_strdup (_hrm_server_link_base (req->server));
  g_autofree char *endpoint = NULL;
  const char *grants[] = { "authorization_code", "refresh_token", "client_credentials", "password" };
  guint n_grants = req->server->allow_password_grant ? 4 : 3;

  /* The issuer has no trailing slash (RFC 8414 §2: no query or fragment). */
  if (g_str_has_suffix (issuer, "/"))
    issuer[strlen (issuer) - 1] = '\0';

  json_builder_begin_object (builder);
  hrm_json_builder_add_string (builder, "issuer", issuer);
  endpoint = g_strconcat (issuer, "/oauth/authorize", NULL);
  hrm_json_builder_add_string (builder, "authorization_endpoint", endpoint);
  g_free (endpoint);
  endpoint = g_strconcat (issuer, "/oauth/token", NULL);
  hrm_json_builder_add_string (builder, "token_endpoint", endpoint);
  g_free (endpoint);
  endpoint = g_strconcat (issuer, "/oauth/revoke", NULL);
  hrm_json_builder_add_string (builder, "revocation_endpoint", endpoint);

  json_builder_set_member_name (builder, "response_types_supported");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "code");
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "grant_types_supported");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_grants; i++)
    json_builder_add_string_value (builder, grants[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "code_challenge_methods_supported");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "S256");
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "token_endpoint_auth_methods_supported");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "none");
  json_builder_add_string_value (builder, "client_secret_basic");
  json_builder_add_string_value (builder, "client_secret_post");
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  hrm_http_send_json (req->msg, SOUP_STATUS_OK, node);
}

/* RFC 7636 §4.6: BASE64URL (SHA256 (verifier)) must be the challenge. The
 * verifier is 43 to 128 unreserved characters. */
static gboolean
verifier_matches (const char *verifier,
                  const char *challenge)
{
  guint8 digest[crypto_hash_sha256_BYTES];
  g_autofree char *computed = NULL;
  gsize length = verifier ? strlen (verifier) : 0;

  if (length < 43 || length > 128)
    return FALSE;
  for (const char *p = verifier; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-._~", *p) == NULL)
      return FALSE;

  crypto_hash_sha256 (digest, (const guint8 *) verifier, length);
  computed = hrm_base64url_encode ((const char *) digest, sizeof digest);
  return tokens_equal (computed, challenge);
}

void
_hrm_server_authorization_code_grant (HrmRequest *req,
                                      GHashTable *form)
{
  const char *code = g_hash_table_lookup (form, "code");
  const char *client_id = g_hash_table_lookup (form, "client_id");
  const char *redirect_uri = g_hash_table_lookup (form, "redirect_uri");
  const char *verifier = g_hash_table_lookup (form, "code_verifier");
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmDbTxn) txn = NULL;
  g_autoptr(HrmStmt) stmt = NULL;
  g_autoptr(HrmStmt) use = NULL;
  g_autoptr(HrmServerUser) user = NULL;
  g_autofree char *stored_redirect = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *family = NULL;
  guint8 hash[crypto_hash_sha256_BYTES];
  gint64 user_pk, expires_at;
  const char *problem = NULL;

  if (code == NULL || code[0] == '\0' || redirect_uri == NULL || verifier == NULL)
    {
      hrm_http_send_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                                 _("The code, redirect_uri and code_verifier are required"));
      return;
    }
  if (g_strcmp0 (client_id, PUBLIC_CLIENT_ID) != 0)
    {
      hrm_http_send_oauth_error (req->msg, SOUP_STATUS_UNAUTHORIZED, "invalid_client",
                                 _("The client is not known"));
      return;
    }

  txn = hrm_db_begin (req->db, &error);
  if (txn == NULL)
    goto failed;
  crypto_hash_sha256 (hash, (const guint8 *) code, strlen (code));
  stmt = hrm_db_prepare (req->db, "SELECT user_pk, redirect_uri, code_challenge, family, expires_at,"
                         " used_at IS NOT NULL FROM oauth_codes WHERE hash = ?", &error);
  if (stmt == NULL)
    goto failed;
  hrm_stmt_bind_blob (stmt, 1, hash, sizeof hash);
  if (!hrm_stmt_step (stmt, &error))
    {
      if (error != NULL)
        goto failed;
      hrm_http_send_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                                 _("The sign-in code is not valid; sign in again"));
      return;
    }
  user_pk = hrm_stmt_get_int (stmt, 0);
  stored_redirect = hrm_stmt_dup_text (stmt, 1);
  challenge = hrm_stmt_dup_text (stmt, 2);
  family = hrm_stmt_dup_text (stmt, 3);
  expires_at = hrm_stmt_get_int (stmt, 4);

  if (hrm_stmt_get_int (stmt, 5))
    {
      /* RFC 6749 §4.1.2: a code used twice was stolen or replayed; what it
       * gave the first time must not stay valid. */
      g_message ("A used authorization code was presented again; revoking its sign-in");
      if (!hrm_token_revoke_family (req->db, family, &error) || !hrm_db_txn_commit (txn, &error))
        goto failed;
      hrm_http_send_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                                 _("The sign-in code was already used; sign in again"));
      return;
    }

  /* Whatever happens next, the code has been presented: it is spent. */
  use = hrm_db_prepare (req->db, "UPDATE oauth_codes SET used_at = ? WHERE hash = ?", &error);
  if (use == NULL)
    goto failed;
  hrm_stmt_bind_int (use, 1, hrm_db_now ());
  hrm_stmt_bind_blob (use, 2, hash, sizeof hash);
  if (!hrm_stmt_run (use, &error))
    goto failed;

  if (expires_at <= hrm_db_now ())
    problem = _("The sign-in code has expired; sign in again");
  else if (!g_str_equal (stored_redirect, redirect_uri))
    problem = _("The redirect_uri is not the one the code was issued for");
  else if (!verifier_matches (verifier, challenge))
    problem = _("The code_verifier does not match the code_challenge");
  else
    {
      user = hrm_server_user_load (req->db, user_pk, NULL);
      if (user == NULL || !user->enabled)
        problem = _("The account is disabled");
    }

  if (problem != NULL)
    {
      if (!hrm_db_txn_commit (txn, &error))
        goto failed;
      hrm_http_send_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", problem);
      return;
    }

  if (!_hrm_server_issue_tokens (req->server, req->msg, user_pk, family, &error)
      || !hrm_db_txn_commit (txn, &error))
    goto failed;
  return;

failed:
  hrm_http_send_internal_error (req->msg, error);
}

void
_hrm_server_authorize_register (HrmServer *self)
{
  self->authorize_pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                   (GDestroyNotify) pending_free);
  _hrm_server_add_route (self, "GET", "/.well-known/oauth-authorization-server", HRM_ROUTE_PUBLIC,
                         handle_discovery);
  _hrm_server_add_route (self, "GET", "/oauth/authorize", HRM_ROUTE_PUBLIC, handle_authorize_get);
  _hrm_server_add_route (self, "POST", "/oauth/authorize", HRM_ROUTE_PUBLIC, handle_authorize_post);
}
