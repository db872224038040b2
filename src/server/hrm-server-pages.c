/* hrm-server-pages.c — the employee's pages behind the links in mail
 *
 * GET  /connect/verify?token=   shows the address and a Confirm button; changes nothing
 * POST /connect/verify          (token) confirms once: the user becomes linked
 * GET  /connect/reset?token=    shows a form for a new password
 * POST /connect/reset           (token, password, confirm) sets it once
 *
 * These stand in for the identity provider's pages (Visma Connect). They speak
 * Swedish when the browser prefers it (Accept-Language), English otherwise,
 * whatever the server's own locale: both languages are written here, not
 * looked up in the gettext catalogue, which follows the server's locale.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-server-pages"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hrm-error.h"
#include "hrm-password-quality.h"
#include "hrm-server-private.h"
#include "hrm-validate.h"

/* The Swedish or the English text, by the request's language alone. */
#define T(sv, en) (swedish ? (sv) : (en))

static const char style[] =
  "body{font-family:Cantarell,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;background:#f6f5f4;"
  "color:#241f31;margin:0;padding:2em 1em}"
  "main{max-width:30em;margin:3em auto;background:#fff;border-radius:12px;padding:2em 2.2em;"
  "box-shadow:0 1px 3px rgba(0,0,0,.15)}"
  ".brand{font-weight:bold;color:#1c71d8;letter-spacing:.02em;margin-bottom:1.5em}"
  "h1{font-size:1.5em;margin:0 0 .6em}"
  "p{line-height:1.5}"
  ".address{font-size:1.15em;font-weight:bold;word-break:break-all}"
  "label{display:block;margin:1em 0 .3em;font-weight:bold}"
  "input[type=password],input[type=text]{width:100%;box-sizing:border-box;padding:.6em;"
  "font-size:1em;border:1px solid #c0bfbc;border-radius:6px}"
  "button{margin-top:1.5em;background:#3584e4;color:#fff;border:0;border-radius:6px;"
  "padding:.7em 1.6em;font-size:1em;font-weight:bold;cursor:pointer}"
  "button:hover{background:#1c71d8}"
  ".error{color:#c01c28;font-weight:bold}"
  ".done{color:#26a269}"
  /* the browser sign-in (hrm-server-authorize.c) */
  "button.secondary{background:#deddda;color:#241f31;margin-left:.6em}"
  "button.secondary:hover{background:#c0bfbc}"
  ".qr{text-align:center;margin:1em 0}.qr svg{max-width:100%;height:auto}"
  ".secret{font-family:monospace;font-size:1.1em;word-break:break-all}";

static void
send_page (HrmRequest *req,
           guint       status,
           gboolean    swedish,
           const char *title,
           const char *content)
{
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *html = NULL;

  html = g_strdup_printf ("<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                          "<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n"
                          "<div class=\"brand\">Visma Connect</div>\n<h1>%s</h1>\n%s\n</main>\n"
                          "</body>\n</html>\n",
                          swedish ? "sv" : "en", escaped_title, style, escaped_title, content);
  hrm_http_send_html (req->msg, status, html);
}

/* The same page for the browser sign-in (hrm-server-authorize.c). */
void
_hrm_server_send_page (HrmRequest *req,
                       guint       status,
                       gboolean    swedish,
                       const char *title,
                       const char *content)
{
  send_page (req, status, swedish, title, content);
}

/* A page for a link that cannot be used; 404 for unknown, 410 for used or expired. */
static void
send_bad_link (HrmRequest     *req,
               gboolean        swedish,
               HrmTokenStatus  status)
{
  const char *title;
  const char *text;
  g_autofree char *content = NULL;

  switch (status)
    {
    case HRM_TOKEN_STATUS_USED:
      title = T ("Länken är redan använd", "This link has already been used");
      text = T ("Varje länk fungerar bara en gång. Om du behöver en ny, be din administratör "
                "skicka ett nytt e-postmeddelande.",
                "Each link works only once. If you need a new one, ask your administrator to "
                "send a new email.");
      break;

    case HRM_TOKEN_STATUS_EXPIRED:
      title = T ("Länken har gått ut", "This link has expired");
      text = T ("Be din administratör skicka ett nytt e-postmeddelande med en ny länk.",
                "Ask your administrator to send a new email with a new link.");
      break;

    case HRM_TOKEN_STATUS_UNKNOWN:
    case HRM_TOKEN_STATUS_REVOKED:
    case HRM_TOKEN_STATUS_VALID:
    default:
      title = T ("Länken gäller inte", "This link is not valid");
      text = T ("Länken kan ha ersatts av en nyare. Använd länken i det senaste "
                "e-postmeddelandet, eller be din administratör skicka ett nytt.",
                "The link may have been replaced by a newer one. Use the link in the latest "
                "email, or ask your administrator to send a new one.");
      break;
    }

  content = g_markup_printf_escaped ("<p>%s</p>", text);
  send_page (req, status == HRM_TOKEN_STATUS_USED || status == HRM_TOKEN_STATUS_EXPIRED
                  ? SOUP_STATUS_GONE : SOUP_STATUS_NOT_FOUND,
             swedish, title, content);
}

/* Looks the token up; sends a page and returns FALSE when it cannot be used. */
static gboolean
check_token (HrmRequest   *req,
             gboolean      swedish,
             HrmTokenKind  kind,
             const char   *token,
             HrmTokenInfo *info)
{
  g_autoptr(GError) error = NULL;
  HrmTokenStatus status;

  if (token == NULL || token[0] == '\0')
    {
      g_autofree char *content = NULL;

      memset (info, 0, sizeof *info);
      content = g_markup_printf_escaped (
        "<p>%s</p>",
        T ("Länken saknar sin kod. Kopiera hela länken från e-postmeddelandet, eller klicka på den där.",
           "The link is missing its code. Copy the whole link from the email, or click it there."));
      send_page (req, SOUP_STATUS_BAD_REQUEST, swedish, T ("Länken är ofullständig", "The link is incomplete"),
                 content);
      return FALSE;
    }

  status = hrm_token_lookup (req->db, kind, token, info, &error);
  if (error != NULL)
    {
      hrm_http_send_internal_error (req->msg, error);
      return FALSE;
    }
  if (status != HRM_TOKEN_STATUS_VALID)
    {
      send_bad_link (req, swedish, status);
      return FALSE;
    }
  return TRUE;
}

static void
handle_verify_get (HrmRequest *req)
{
  gboolean swedish = hrm_http_prefers_swedish (req->msg);
  const char *token = g_hash_table_lookup (req->query, "token");
  g_autofree char *content = NULL;
  HrmTokenInfo info;

  if (!check_token (req, swedish, HRM_TOKEN_VERIFY, token, &info))
    {
      hrm_token_info_clear (&info);
      return;
    }

  content = g_markup_printf_escaped (
    "<p>%s</p>\n<p class=\"address\">%s</p>\n<p>%s</p>\n"
    "<form method=\"post\" action=\"verify\">\n"
    "<input type=\"hidden\" name=\"token\" value=\"%s\">\n"
    "<button type=\"submit\">%s</button>\n</form>",
    T ("Bekräfta att det här är din e-postadress:", "Confirm that this is your email address:"),
    info.email,
    T ("När du bekräftar kopplas ditt konto i HRM till Visma Connect med den här adressen.",
       "When you confirm, your HRM account is linked to Visma Connect with this address."),
    token,
    T ("Bekräfta", "Confirm"));
  send_page (req, SOUP_STATUS_OK, swedish, T ("Bekräfta din e-postadress", "Confirm your email address"),
             content);
  hrm_token_info_clear (&info);
}

static gboolean
link_user (HrmDb        *db,
           const char   *token,
           HrmTokenInfo *info,
           GError      **error)
{
  g_autoptr(HrmDbTxn) txn = hrm_db_begin (db, error);
  g_autoptr(HrmStmt) stmt = NULL;
  g_autoptr(HrmServerUser) user = NULL;
  g_autofree char *details = NULL;

  if (txn == NULL || !hrm_token_mark_used (db, token, error))
    return FALSE;

  user = hrm_server_user_load (db, info->user_pk, error);
  stmt = user ? hrm_db_prepare (db,
                                "UPDATE users SET conn_state = 'linked', conn_email = ?,"
                                " verified_at = ?, pending_email = NULL, sent_at = NULL,"
                                " expires_at = NULL WHERE id = ?", error) : NULL;
  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_text (stmt, 1, info->email);
  hrm_stmt_bind_int (stmt, 2, hrm_db_now ());
  hrm_stmt_bind_int (stmt, 3, info->user_pk);

  details = g_strdup_printf (_("Linked to Visma Connect as %s"), info->email);
  return hrm_stmt_run (stmt, error)
         && hrm_token_revoke_user (db, info->user_pk, HRM_TOKEN_VERIFY, error)
         && hrm_server_user_bump (db, info->user_pk, error)
         && _hrm_server_record_event (db, info->user_pk, user->user_id, "connection_confirmed",
                                      details, error)
         && hrm_db_txn_commit (txn, error);
}

static void
handle_verify_post (HrmRequest *req)
{
  gboolean swedish = hrm_http_prefers_swedish (req->msg);
  g_autoptr(GHashTable) form = hrm_http_read_form (req->msg);
  g_autoptr(GError) error = NULL;
  g_autofree char *content = NULL;
  const char *token;
  HrmTokenInfo info;

  if (form == NULL)
    return;

  token = g_hash_table_lookup (form, "token");
  if (!check_token (req, swedish, HRM_TOKEN_VERIFY, token, &info))
    {
      hrm_token_info_clear (&info);
      return;
    }

  if (!link_user (req->db, token, &info, &error))
    {
      if (g_error_matches (error, HRM_ERROR, HRM_ERROR_CONFLICT))
        send_bad_link (req, swedish, HRM_TOKEN_STATUS_USED);
      else
        hrm_http_send_internal_error (req->msg, error);
      hrm_token_info_clear (&info);
      return;
    }

  g_debug ("User %" G_GINT64_FORMAT " confirmed the address", info.user_pk);
  content = g_markup_printf_escaped (
    "<p class=\"done\">%s</p>\n<p class=\"address\">%s</p>\n<p>%s</p>",
    T ("Tack! Din e-postadress är bekräftad.", "Thank you! Your email address is confirmed."),
    info.email,
    T ("Ditt konto i HRM är nu kopplat till Visma Connect. Du kan stänga den här sidan.",
       "Your HRM account is now linked to Visma Connect. You can close this page."));
  send_page (req, SOUP_STATUS_OK, swedish, T ("Adressen är bekräftad", "Address confirmed"), content);
  hrm_token_info_clear (&info);
}

/* What to say about a refused password, in the page's language. */
static char *
password_problem_text (HrmPasswordProblem problem,
                       gboolean           swedish)
{
  switch (problem)
    {
    case HRM_PASSWORD_TOO_SHORT:
      return swedish
             ? g_strdup_printf ("Lösenordet måste vara minst %d tecken långt.", HRM_PASSWORD_MIN_LENGTH)
             : g_strdup_printf ("The password must be at least %d characters long.",
                                HRM_PASSWORD_MIN_LENGTH);
    case HRM_PASSWORD_TOO_LONG:
      return swedish
             ? g_strdup_printf ("Lösenordet får vara högst %d tecken långt.", HRM_PASSWORD_MAX_LENGTH)
             : g_strdup_printf ("The password can be at most %d characters long.",
                                HRM_PASSWORD_MAX_LENGTH);
    case HRM_PASSWORD_COMMON:
      return g_strdup (T ("Välj ett lösenord som inte bygger på ett ordboksord eller ett vanligt lösenord.",
                          "Choose a password that is not based on a dictionary word or a common password."));
    case HRM_PASSWORD_PERSONAL:
      return g_strdup (T ("Välj ett lösenord som inte innehåller ditt namn, ditt användar-id eller din e-postadress.",
                          "Choose a password that does not contain your name, your User-ID or your email address."));
    case HRM_PASSWORD_PATTERN:
      return g_strdup (T ("Välj ett lösenord utan följder som 12345 eller abcde och utan samma tecken många gånger i rad.",
                          "Choose a password without runs like 12345 or abcde and without the same character many times in a row."));
    case HRM_PASSWORD_WEAK:
    case HRM_PASSWORD_OK:
    default:
      return g_strdup (T ("Välj ett lösenord som är svårare att gissa. Några ord som inte hör ihop blir ett bra lösenord.",
                          "Choose a password that is harder to guess. A few unrelated words make a good one."));
    }
}

/* The form for a new password. @user_id (for password managers) may be NULL;
 * a problem is shown beside the field it concerns. */
static void
send_reset_form (HrmRequest   *req,
                 guint         status,
                 gboolean      swedish,
                 const char   *token,
                 HrmTokenInfo *info,
                 const char   *user_id,
                 const char   *password_problem,
                 const char   *confirm_problem)
{
  g_autoptr(GString) content = g_string_new (NULL);
  g_autofree char *intro = NULL;
  g_autofree char *hint = swedish
                          ? g_strdup_printf ("Minst %d tecken. Några ord som inte hör ihop blir ett bra lösenord.",
                                             HRM_PASSWORD_MIN_LENGTH)
                          : g_strdup_printf ("At least %d characters. A few unrelated words make a good password.",
                                             HRM_PASSWORD_MIN_LENGTH);
  g_autofree char *part = NULL;

  intro = g_markup_printf_escaped ("<p>%s <b>%s</b>.</p>\n",
                                   T ("Välj ett nytt lösenord för", "Choose a new password for"),
                                   info->email);
  g_string_append (content, intro);

  part = g_markup_printf_escaped ("<form method=\"post\" action=\"reset\">\n"
                                  "<input type=\"hidden\" name=\"token\" value=\"%s\">\n", token);
  g_string_append (content, part);
  g_clear_pointer (&part, g_free);

  /* So that a password manager saves the new password for the right account. */
  if (user_id != NULL)
    {
      part = g_markup_printf_escaped ("<input type=\"text\" name=\"username\" value=\"%s\" "
                                      "autocomplete=\"username\" readonly hidden>\n", user_id);
      g_string_append (content, part);
      g_clear_pointer (&part, g_free);
    }

  part = g_markup_printf_escaped (
    "<label for=\"password\">%s</label>\n"
    "<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"new-password\" "
    "required minlength=\"%d\" aria-describedby=\"password-hint\"",
    T ("Nytt lösenord", "New password"), HRM_PASSWORD_MIN_LENGTH);
  g_string_append (content, part);
  g_clear_pointer (&part, g_free);
  g_string_append (content, password_problem
                            ? " aria-invalid=\"true\" aria-errormessage=\"password-problem\">\n"
                            : ">\n");
  if (password_problem != NULL)
    {
      part = g_markup_printf_escaped ("<p class=\"error\" id=\"password-problem\">%s</p>\n",
                                      password_problem);
      g_string_append (content, part);
      g_clear_pointer (&part, g_free);
    }
  part = g_markup_printf_escaped ("<p id=\"password-hint\">%s</p>\n", hint);
  g_string_append (content, part);
  g_clear_pointer (&part, g_free);

  part = g_markup_printf_escaped (
    "<label for=\"confirm\">%s</label>\n"
    "<input type=\"password\" id=\"confirm\" name=\"confirm\" autocomplete=\"new-password\" "
    "required",
    T ("Upprepa lösenordet", "Repeat the password"));
  g_string_append (content, part);
  g_clear_pointer (&part, g_free);
  g_string_append (content, confirm_problem
                            ? " aria-invalid=\"true\" aria-errormessage=\"confirm-problem\">\n"
                            : ">\n");
  if (confirm_problem != NULL)
    {
      part = g_markup_printf_escaped ("<p class=\"error\" id=\"confirm-problem\">%s</p>\n",
                                      confirm_problem);
      g_string_append (content, part);
      g_clear_pointer (&part, g_free);
    }

  part = g_markup_printf_escaped ("<button type=\"submit\">%s</button>\n</form>",
                                  T ("Spara lösenordet", "Save password"));
  g_string_append (content, part);

  send_page (req, status, swedish, T ("Välj ett nytt lösenord", "Choose a new password"),
             content->str);
}

static void
handle_reset_get (HrmRequest *req)
{
  gboolean swedish = hrm_http_prefers_swedish (req->msg);
  const char *token = g_hash_table_lookup (req->query, "token");
  HrmTokenInfo info;

  if (check_token (req, swedish, HRM_TOKEN_RESET, token, &info))
    {
      g_autoptr(HrmServerUser) user = hrm_server_user_load (req->db, info.user_pk, NULL);

      send_reset_form (req, SOUP_STATUS_OK, swedish, token, &info, user ? user->user_id : NULL,
                       NULL, NULL);
    }
  hrm_token_info_clear (&info);
}

static gboolean
set_password (HrmDb        *db,
              const char   *token,
              HrmTokenInfo *info,
              const char   *hash,
              GError      **error)
{
  g_autoptr(HrmDbTxn) txn = hrm_db_begin (db, error);
  g_autoptr(HrmStmt) stmt = NULL;
  g_autoptr(HrmServerUser) user = NULL;

  if (txn == NULL || !hrm_token_mark_used (db, token, error))
    return FALSE;

  user = hrm_server_user_load (db, info->user_pk, error);
  stmt = user ? hrm_db_prepare (db, "UPDATE users SET password_hash = ? WHERE id = ?", error) : NULL;
  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_text (stmt, 1, hash);
  hrm_stmt_bind_int (stmt, 2, info->user_pk);

  /* A new password ends the sign-ins made with the old one. */
  return hrm_stmt_run (stmt, error)
         && hrm_token_revoke_all (db, info->user_pk, error)
         && _hrm_server_record_event (db, info->user_pk, user->user_id, "password_set",
                                      _("Password changed with a reset link"), error)
         && hrm_db_txn_commit (txn, error);
}

/* A new password on its way through the hash pool. */
typedef struct
{
  HrmServer         *server;    /* owned */
  SoupServerMessage *msg;       /* owned */
  gboolean           swedish;
  char              *token;
  char              *password;  /* wiped when freed */
  HrmTokenInfo       info;      /* owned */
  char              *hash;      /* set by the worker */
  GError            *error;     /* set by the worker */
} Reset;

static void
reset_free (Reset *job)
{
  g_clear_object (&job->server);
  g_clear_object (&job->msg);
  g_free (job->token);
  if (job->password != NULL)
    {
      memset (job->password, 0, strlen (job->password));
      g_free (job->password);
    }
  hrm_token_info_clear (&job->info);
  g_free (job->hash);
  g_clear_error (&job->error);
  g_free (job);
}

static void
hash_in_thread (gpointer data,
                gpointer user_data)
{
  Reset *job = data;

  job->hash = hrm_password_hash (job->password, &job->error);
}

static gboolean
finish_reset (gpointer data)
{
  Reset *job = data;
  HrmRequest req = { .server = job->server, .db = job->server->db, .msg = job->msg };
  gboolean swedish = job->swedish;
  g_autofree char *content = NULL;

  if (job->server->db == NULL || job->server->soup == NULL)
    return G_SOURCE_REMOVE;  /* shut down meanwhile: nobody to answer */

  if (job->hash == NULL || !set_password (req.db, job->token, &job->info, job->hash, &job->error))
    {
      if (g_error_matches (job->error, HRM_ERROR, HRM_ERROR_CONFLICT))
        send_bad_link (&req, swedish, HRM_TOKEN_STATUS_USED);
      else
        hrm_http_send_internal_error (job->msg, job->error);
    }
  else
    {
      content = g_markup_printf_escaped (
        "<p class=\"done\">%s</p>\n<p>%s</p>",
        T ("Ditt lösenord är ändrat.", "Your password is changed."),
        T ("Logga in med det nya lösenordet. Du kan stänga den här sidan.",
           "Sign in with the new password. You can close this page."));
      send_page (&req, SOUP_STATUS_OK, swedish, T ("Lösenordet är sparat", "Password saved"),
                 content);
    }

  soup_server_message_unpause (job->msg);
  return G_SOURCE_REMOVE;
}

/* Checks the new password on the main loop (cheap), then hashes it in the
 * hash pool (slow) and stores it when that is done. */
static void
handle_reset_post (HrmRequest *req)
{
  gboolean swedish = hrm_http_prefers_swedish (req->msg);
  g_autoptr(GHashTable) form = hrm_http_read_form (req->msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmServerUser) user = NULL;
  Reset *job;
  const char *token;
  const char *password;
  const char *confirm;
  HrmTokenInfo info;

  if (form == NULL)
    return;

  token = g_hash_table_lookup (form, "token");
  password = g_hash_table_lookup (form, "password");
  confirm = g_hash_table_lookup (form, "confirm");
  if (!check_token (req, swedish, HRM_TOKEN_RESET, token, &info))
    {
      hrm_token_info_clear (&info);
      return;
    }

  user = hrm_server_user_load (req->db, info.user_pk, &error);
  if (user == NULL)
    {
      hrm_http_send_internal_error (req->msg, error);
      hrm_token_info_clear (&info);
      return;
    }

  {
    const char *personal[] = {
      user->first_name, user->last_name, user->email, user->conn_email, info.email, NULL
    };
    HrmPasswordProblem problem = hrm_password_quality_check (password ? password : "",
                                                             user->user_id, personal);

    if (problem != HRM_PASSWORD_OK)
      {
        g_autofree char *text = password_problem_text (problem, swedish);

        send_reset_form (req, 422, swedish, token, &info, user->user_id, text, NULL);
        hrm_token_info_clear (&info);
        return;
      }
  }
  if (g_strcmp0 (password, confirm) != 0)
    {
      send_reset_form (req, 422, swedish, token, &info, user->user_id, NULL,
                       T ("Lösenorden är inte lika.", "The passwords do not match."));
      hrm_token_info_clear (&info);
      return;
    }

  job = g_new0 (Reset, 1);
  job->server = g_object_ref (req->server);
  job->msg = g_object_ref (req->msg);
  job->swedish = swedish;
  job->token = g_strdup (token);
  job->password = g_strdup (password);
  job->info = info;
  if (!_hrm_server_push_hash_job (req->server, hash_in_thread, finish_reset, job,
                                  (GDestroyNotify) reset_free))
    {
      g_autofree char *busy = g_markup_printf_escaped (
        "<p>%s</p>",
        T ("Servern har mycket att göra just nu. Vänta några sekunder och skicka formuläret igen.",
           "The server is busy right now. Wait a few seconds and send the form again."));

      reset_free (job);
      hrm_http_set_retry_after (req->msg, HRM_HASH_BUSY_RETRY);
      send_page (req, SOUP_STATUS_SERVICE_UNAVAILABLE, swedish,
                 T ("Försök igen om en stund", "Try again in a moment"), busy);
      return;
    }
  soup_server_message_pause (req->msg);
}

void
_hrm_server_pages_register (HrmServer *self)
{
  _hrm_server_add_route (self, "GET", "/connect/verify", HRM_ROUTE_PUBLIC, handle_verify_get);
  _hrm_server_add_route (self, "POST", "/connect/verify", HRM_ROUTE_PUBLIC, handle_verify_post);
  _hrm_server_add_route (self, "GET", "/connect/reset", HRM_ROUTE_PUBLIC, handle_reset_get);
  _hrm_server_add_route (self, "POST", "/connect/reset", HRM_ROUTE_PUBLIC, handle_reset_post);
}
