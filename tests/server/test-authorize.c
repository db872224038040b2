/* test-authorize.c — signing in through the browser: discovery, the sign-in
 * page, PKCE codes, the TOTP second factor, the password grant's switch and
 * API clients (issue 12)
 *
 * The "browser" here is a SoupSession that never follows redirects and keeps
 * the page's cookie by hand, so that every answer of the page (200, 303 with
 * its Location, 4xx) can be looked at. The server's clock starts at
 * HRM_SERVER_NOW (mid-way through a 30-s step), so the test computes the same
 * TOTP codes with liboath as an authenticator app would.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <liboath/oath.h>
#include <string.h>
#include <sys/wait.h>

#include "server-test.h"

/* 15 s into a 30-s step: 1 781 265 600 is a multiple of 30. */
#define START_TIME     1781265600
#define START_RFC3339  "2026-06-12T12:00:15Z"
#define REDIRECT       "http://127.0.0.1:49152/callback"
#define VERIFIER       "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-long-enough"

typedef struct
{
  HrmTestServer *server;
  SoupSession   *session;
  char          *challenge;
  gint64         started;  /* monotonic µs, just before the server started */
} F;

/* What a test server runs with besides the demo. */
typedef struct
{
  const char *args[4];
} Setup;

static const Setup plain = { { NULL } };
static const Setup no_password_grant = { { HRM_TEST_SERVER_NO_PASSWORD_GRANT, NULL } };
static const Setup require_totp = { { "--require-totp", NULL } };

/* RFC 7636: BASE64URL (SHA256 (verifier)). */
static char *
s256 (const char *verifier)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;
  g_autofree char *base64 = NULL;

  g_checksum_update (checksum, (const guchar *) verifier, -1);
  g_checksum_get_digest (checksum, digest, &length);
  base64 = g_base64_encode (digest, length);
  g_strdelimit (base64, "+", '-');
  g_strdelimit (base64, "/", '_');
  *strchr (base64, '=') = '\0';
  return g_steal_pointer (&base64);
}

static void
setup (F             *f,
       gconstpointer  data)
{
  const Setup *s = data;
  const char *env[] = { "HRM_SERVER_NOW=" START_RFC3339, NULL };
  g_autoptr(GError) error = NULL;

  memset (f, 0, sizeof *f);
  if (!hrm_test_server_available ())
    {
      g_test_skip ("HRM_SERVER_PATH is not set: hrm-server was not built");
      return;
    }
  f->started = g_get_monotonic_time ();
  f->server = hrm_test_server_new_full (TRUE, s->args, env, &error);
  g_assert_no_error (error);
  f->session = hrm_test_session_new ();
  f->challenge = s256 (VERIFIER);
}

static void
teardown (F             *f,
          gconstpointer  data)
{
  g_clear_object (&f->session);
  g_clear_pointer (&f->server, hrm_test_server_free);
  g_free (f->challenge);
}

#define SKIP_WITHOUT(f) G_STMT_START { if ((f)->server == NULL) return; } G_STMT_END

/* The server's clock now, at most this far on: it started at
 * START_TIME + 15 s no earlier than the fixture began. */
static gint64
server_now (F *f)
{
  return START_TIME + 15 + (g_get_monotonic_time () - f->started) / G_USEC_PER_SEC;
}

typedef struct
{
  guint  status;
  char  *location;
  char  *cookie;   /* name=value of Set-Cookie */
  char  *csp;
  char  *text;
} Page;

static void
page_free (Page *page)
{
  g_free (page->location);
  g_free (page->cookie);
  g_free (page->csp);
  g_free (page->text);
  g_free (page);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Page, page_free)

/* One request as a browser sends it, with @cookie; never follows redirects. */
static Page *
browse (F          *f,
        const char *method,
        const char *path,
        const char *cookie,
        const char *form)
{
  g_autofree char *uri = hrm_test_server_build_uri (f->server, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  const char *set_cookie;
  Page *page = g_new0 (Page, 1);

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (cookie != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Cookie", cookie);
  if (form != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (form, strlen (form));

      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);
    }
  body = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);

  headers = soup_message_get_response_headers (msg);
  page->status = soup_message_get_status (msg);
  page->location = g_strdup (soup_message_headers_get_one (headers, "Location"));
  page->csp = g_strdup (soup_message_headers_get_one (headers, "Content-Security-Policy"));
  set_cookie = soup_message_headers_get_one (headers, "Set-Cookie");
  if (set_cookie != NULL)
    page->cookie = g_strndup (set_cookie, strcspn (set_cookie, ";"));
  page->text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  return page;
}

/* The value of the form field @name on @page, or NULL. */
static char *
field (const Page *page,
       const char *name)
{
  g_autofree char *needle = g_strdup_printf ("name=\"%s\" value=\"", name);
  const char *at = strstr (page->text, needle);

  if (at == NULL)
    return NULL;
  at += strlen (needle);
  return g_strndup (at, strcspn (at, "\""));
}

/* A query parameter of a redirect's Location, or NULL. */
static char *
location_param (const Page *page,
                const char *name)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  const char *query;

  g_assert_nonnull (page->location);
  uri = g_uri_parse (page->location, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_assert_nonnull (uri);
  query = g_uri_get_query (uri);
  if (query == NULL)
    return NULL;
  params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
  return g_strdup (g_hash_table_lookup (params, name));
}

/* /oauth/authorize?… with the standard parameters, each replaced by @extra
 * ("name=value&…", a value "-" leaves the parameter out). */
static char *
authorize_query (F          *f,
                 const char *extra)
{
  const char *names[] = { "response_type", "client_id", "redirect_uri", "state",
                          "code_challenge", "code_challenge_method" };
  const char *values[] = { "code", "hrm-users", REDIRECT, "st4te", f->challenge, "S256" };
  g_auto(GStrv) pairs = g_strsplit (extra ? extra : "", "&", -1);
  GString *query = g_string_new ("/oauth/authorize");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *value = values[i];
      g_autofree char *escaped = NULL;

      for (guint j = 0; pairs[j] != NULL; j++)
        if (g_str_has_prefix (pairs[j], names[i]) && pairs[j][strlen (names[i])] == '=')
          value = pairs[j] + strlen (names[i]) + 1;
      if (g_str_equal (value, "-"))
        continue;
      escaped = g_uri_escape_string (value, NULL, FALSE);
      g_string_append_printf (query, "%c%s=%s", query->len == strlen ("/oauth/authorize") ? '?' : '&',
                              names[i], escaped);
    }
  return g_string_free (query, FALSE);
}

/* The sign-in page's form with the OAuth fields of @page and the given
 * name/value pairs (NULL-terminated), form-encoded. */
static char *
form_of (const Page *page,
         ...)
{
  const char *hidden[] = { "response_type", "client_id", "code_challenge_method", "redirect_uri",
                           "code_challenge", "state", "csrf", "pending" };
  GString *form = g_string_new (NULL);
  const char *name;
  va_list args;

  for (guint i = 0; i < G_N_ELEMENTS (hidden); i++)
    {
      g_autofree char *value = field (page, hidden[i]);
      g_autofree char *escaped = value ? g_uri_escape_string (value, NULL, FALSE) : NULL;

      if (value != NULL)
        g_string_append_printf (form, "%s%s=%s", form->len ? "&" : "", hidden[i], escaped);
    }
  va_start (args, page);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (va_arg (args, const char *), NULL, FALSE);

      g_string_append_printf (form, "&%s=%s", name, escaped);
    }
  va_end (args);
  return g_string_free (form, FALSE);
}

/* Opens the sign-in page; asserts it is shown, and returns it (its cookie
 * in page->cookie). */
static Page *
open_sign_in (F          *f,
              const char *extra)
{
  g_autofree char *path = authorize_query (f, extra);
  Page *page = browse (f, "GET", path, NULL, NULL);

  g_assert_cmpuint (page->status, ==, 200);
  g_assert_null (page->location);
  g_assert_nonnull (page->cookie);
  g_assert_nonnull (strstr (page->text, "name=\"password\""));
  return page;
}

/* Submits the password on the sign-in page. */
static Page *
submit_password (F          *f,
                 Page       *sign_in,
                 const char *username,
                 const char *password)
{
  g_autofree char *form = form_of (sign_in, "username", username, "password", password,
                                   "action", "continue", NULL);

  return browse (f, "POST", "/oauth/authorize", sign_in->cookie, form);
}

/* Submits @code on the second-factor page @page (cookie of @sign_in). */
static Page *
submit_code (F          *f,
             const Page *sign_in,
             const Page *page,
             const char *code)
{
  g_autofree char *form = form_of (page, "code", code, "action", "continue", NULL);

  return browse (f, "POST", "/oauth/authorize", sign_in->cookie, form);
}

/* A redirect back to the app with a code and the state: returns the code. */
static char *
assert_code_redirect (const Page *page)
{
  g_autofree char *state = NULL;

  g_assert_cmpuint (page->status, ==, 303);
  g_assert_true (g_str_has_prefix (page->location, REDIRECT "?"));
  state = location_param (page, "state");
  g_assert_cmpstr (state, ==, "st4te");
  g_assert_null (location_param (page, "error"));
  return location_param (page, "code");
}

static void
assert_error_redirect (const Page *page,
                       const char *error)
{
  g_autofree char *got = NULL;
  g_autofree char *state = NULL;

  g_assert_cmpuint (page->status, ==, 303);
  g_assert_true (g_str_has_prefix (page->location, REDIRECT "?"));
  got = location_param (page, "error");
  state = location_param (page, "state");
  g_assert_cmpstr (got, ==, error);
  g_assert_cmpstr (state, ==, "st4te");
  g_assert_null (location_param (page, "code"));
}

/* Signs @username in through the page (no second factor); returns the code. */
static char *
browser_code (F          *f,
              const char *username)
{
  g_autoptr(Page) sign_in = open_sign_in (f, NULL);
  g_autoptr(Page) answer = submit_password (f, sign_in, username, HRM_TEST_PASSWORD);

  return assert_code_redirect (answer);
}

static HrmTestResponse *
exchange (F          *f,
          const char *code,
          const char *redirect_uri,
          const char *verifier)
{
  return hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/oauth/token",
                             "grant_type", "authorization_code", "client_id", "hrm-users",
                             "code", code, "redirect_uri", redirect_uri,
                             "code_verifier", verifier, NULL);
}

static void
assert_oauth_error (HrmTestResponse *r,
                    guint            status,
                    const char      *error)
{
  hrm_test_assert_status (r, status);
  g_assert_cmpstr (hrm_test_json_get_string (r->json, "error"), ==, error);
  g_assert_null (hrm_test_json_get_string (r->json, "access_token"));
}

static guint
me_status (F          *f,
           const char *token)
{
  g_autoptr(HrmTestResponse) r = hrm_test_api (f->session, hrm_test_server_get_uri (f->server), token,
                                               "GET", "/api/v1/me", NULL, NULL);

  return r->status;
}

static HrmTestResponse *
password_grant (F          *f,
                const char *username,
                const char *password)
{
  return hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/oauth/token",
                             "grant_type", "password", "username", username,
                             "password", password, NULL);
}

/* Runs hrm-server with @args (NULL-terminated) on the test server's
 * database; asserts it exits with @expected_status and returns its stdout. */
static char *
run_server_tool (F          *f,
                 int         expected_status,
                 ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  const char *arg;
  int status = -1;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("HRM_SERVER_PATH"));
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) hrm_test_server_get_db_path (f->server));
  va_start (args, expected_status);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  g_test_message ("stdout: %s\nstderr: %s", out, err);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, expected_status);
  return out;
}

/* hrm-server --enrol-totp @username: the secret of the URI it prints. */
static char *
enrol_totp (F          *f,
            const char *username)
{
  g_autofree char *out = run_server_tool (f, 0, "--enrol-totp", username, NULL);
  const char *uri = strstr (out, "otpauth://totp/");
  const char *secret;

  g_assert_nonnull (uri);
  /* The terminal QR code is printed too: block characters. */
  g_assert_nonnull (strstr (out, "█"));
  secret = strstr (uri, "secret=");
  g_assert_nonnull (secret);
  secret += strlen ("secret=");
  return g_strndup (secret, strcspn (secret, "&\n"));
}

/* The TOTP code of @secret (base32) for 30-s step @step, as an app shows it. */
static char *
totp_code (const char *secret,
           gint64      step)
{
  char *key = NULL;
  size_t length = 0;
  char otp[7];

  g_assert_cmpint (oath_init (), ==, OATH_OK);
  g_assert_cmpint (oath_base32_decode (secret, strlen (secret), &key, &length), ==, OATH_OK);
  g_assert_cmpint (oath_totp_generate (key, length, (time_t) (step * 30), 30, 0, 6, otp), ==, OATH_OK);
  free (key);
  return g_strdup (otp);
}

/* The first column of @sql's first row on the server's database. */
static gint64
query_int (F          *f,
           const char *sql)
{
  Fixture fixture = { .server = f->server };

  return db_query_int (&fixture, sql);
}

static gint64
current_step (F *f)
{
  return server_now (f) / 30;
}

/* ---- discovery ---- */

static void
test_discovery (F             *f,
                gconstpointer  data)
{
  g_autoptr(HrmTestResponse) r = NULL;
  const char *uri;
  JsonArray *array;
  g_autofree char *expected = NULL;
  gboolean has_password = FALSE;

  SKIP_WITHOUT (f);
  uri = hrm_test_server_get_uri (f->server);
  r = hrm_test_api (f->session, uri, NULL, "GET", "/.well-known/oauth-authorization-server", NULL, NULL);
  hrm_test_assert_status (r, 200);
  g_assert_cmpstr (hrm_test_json_get_string (r->json, "issuer"), ==, uri);
  expected = g_strconcat (uri, "/oauth/authorize", NULL);
  g_assert_cmpstr (hrm_test_json_get_string (r->json, "authorization_endpoint"), ==, expected);
  g_free (expected);
  expected = g_strconcat (uri, "/oauth/token", NULL);
  g_assert_cmpstr (hrm_test_json_get_string (r->json, "token_endpoint"), ==, expected);
  g_free (expected);
  expected = g_strconcat (uri, "/oauth/revoke", NULL);
  g_assert_cmpstr (hrm_test_json_get_string (r->json, "revocation_endpoint"), ==, expected);

  array = hrm_test_json_get_array (r->json, "response_types_supported");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (array, 0), ==, "code");
  array = hrm_test_json_get_array (r->json, "code_challenge_methods_supported");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (array, 0), ==, "S256");

  /* The password grant is listed where it is on (this server), and only there. */
  array = hrm_test_json_get_array (r->json, "grant_types_supported");
  g_assert_cmpstr (json_array_get_string_element (array, 0), ==, "authorization_code");
  for (guint i = 0; i < json_array_get_length (array); i++)
    has_password |= g_str_equal (json_array_get_string_element (array, i), "password");
  g_assert_cmpint (has_password, ==, data != &no_password_grant);
}

/* ---- what /oauth/authorize refuses ---- */

/* A client or redirect URI that is not allowed: an error page, never a redirect. */
static void
test_refused_without_redirect (F             *f,
                               gconstpointer  data)
{
  const char *cases[] = {
    "client_id=-",
    "client_id=someone-else",
    "redirect_uri=-",
    "redirect_uri=http://localhost:49152/callback",   /* RFC 8252 §8.3 */
    "redirect_uri=https://127.0.0.1:49152/callback",
    "redirect_uri=http://127.0.0.1/callback",          /* no port */
    "redirect_uri=http://evil.example/callback",
    "redirect_uri=http://127.0.0.1.evil.example:80/callback",
    "redirect_uri=http://user@127.0.0.1:49152/callback",
    "redirect_uri=http://127.0.0.1:49152/callback#fragment",
    "redirect_uri=/callback",
    /* Both bad: the client is checked first, still no redirect. */
    "client_id=someone-else&response_type=token",
  };

  SKIP_WITHOUT (f);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = authorize_query (f, cases[i]);
      g_autoptr(Page) page = browse (f, "GET", path, NULL, NULL);

      g_test_message ("%s", cases[i]);
      g_assert_cmpuint (page->status, ==, 400);
      g_assert_null (page->location);
      g_assert_null (strstr (page->text, "name=\"password\""));
      g_assert_nonnull (strstr (page->text, "<html"));
    }
}

/* Once the app can be told, other problems go back to it with the state. */
static void
test_refused_with_redirect (F             *f,
                            gconstpointer  data)
{
  struct { const char *extra; const char *error; } cases[] = {
    { "response_type=token", "unsupported_response_type" },
    { "response_type=-", "invalid_request" },
    { "code_challenge_method=plain", "invalid_request" },
    { "code_challenge_method=-", "invalid_request" },
    { "code_challenge=-&code_challenge_method=-", "invalid_request" },
    { "code_challenge=-", "invalid_request" },
    { "code_challenge=short", "invalid_request" },
  };

  SKIP_WITHOUT (f);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = authorize_query (f, cases[i].extra);
      g_autoptr(Page) page = browse (f, "GET", path, NULL, NULL);

      g_test_message ("%s", cases[i].extra);
      assert_error_redirect (page, cases[i].error);
    }

  /* IPv6 loopback works as well as IPv4, any port. */
  {
    g_autoptr(Page) page = open_sign_in (f, "redirect_uri=http://[::1]:8123/cb?x=1");

    g_assert_nonnull (strstr (page->csp, "form-action 'self' http://[::1]:8123"));
  }
}

/* The page resists framing, carries a CSRF token equal to its cookie, and
 * a form posted without it (from another site) signs nobody in. */
static void
test_page_defences (F             *f,
                    gconstpointer  data)
{
  g_autoptr(Page) sign_in = NULL;
  g_autofree char *csrf = NULL;

  SKIP_WITHOUT (f);
  sign_in = open_sign_in (f, NULL);
  g_assert_nonnull (strstr (sign_in->csp, "frame-ancestors 'none'"));
  g_assert_nonnull (strstr (sign_in->csp, "form-action 'self' http://127.0.0.1:49152"));
  csrf = field (sign_in, "csrf");
  g_assert_nonnull (csrf);
  g_assert_true (g_str_has_suffix (sign_in->cookie, csrf));

  /* No cookie (a form on another site) and a wrong token: refused. */
  {
    g_autofree char *form = form_of (sign_in, "username", "admin", "password", HRM_TEST_PASSWORD,
                                     "action", "continue", NULL);
    g_autoptr(Page) page = browse (f, "POST", "/oauth/authorize", NULL, form);

    g_assert_cmpuint (page->status, ==, 403);
    g_assert_null (page->location);
  }
  {
    g_autofree char *form = form_of (sign_in, "username", "admin", "password", HRM_TEST_PASSWORD,
                                     "action", "continue", NULL);
    g_autoptr(Page) page = browse (f, "POST", "/oauth/authorize",
                                   "hrm_sign_in=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", form);

    g_assert_cmpuint (page->status, ==, 403);
    g_assert_null (page->location);
  }

  /* A wrong password: the page again with a message, no redirect. */
  {
    g_autoptr(Page) page = submit_password (f, sign_in, "admin", "wrong-password-here");

    g_assert_cmpuint (page->status, ==, 400);
    g_assert_null (page->location);
    g_assert_nonnull (strstr (page->text, "The User-ID or password is wrong"));
    g_assert_nonnull (strstr (page->text, "value=\"admin\""));
  }

  /* Swedish when the browser prefers it. */
  {
    g_autofree char *path = authorize_query (f, NULL);
    g_autofree char *uri = hrm_test_server_build_uri (f->server, path);
    g_autoptr(HrmTestResponse) r = hrm_test_http (f->session, "GET", uri, NULL, NULL, 0,
                                                  "Accept-Language", "sv-SE,sv;q=0.9,en;q=0.5", NULL);

    hrm_test_assert_status (r, 200);
    g_assert_nonnull (strstr (r->text, "Lösenord"));
    g_assert_nonnull (strstr (r->text, "lang=\"sv\""));
  }
}

/* Cancel goes back to the app as access_denied. */
static void
test_cancel (F             *f,
             gconstpointer  data)
{
  g_autoptr(Page) sign_in = NULL;
  g_autoptr(Page) page = NULL;
  g_autofree char *form = NULL;

  SKIP_WITHOUT (f);
  sign_in = open_sign_in (f, NULL);
  form = form_of (sign_in, "action", "cancel", NULL);
  page = browse (f, "POST", "/oauth/authorize", sign_in->cookie, form);
  assert_error_redirect (page, "access_denied");
}

/* ---- codes ---- */

static void
test_code_exchange (F             *f,
                    gconstpointer  data)
{
  g_autofree char *code = NULL;
  g_autoptr(HrmTestResponse) r = NULL;
  const char *access;

  SKIP_WITHOUT (f);
  code = browser_code (f, "admin");
  g_assert_nonnull (code);

  r = exchange (f, code, REDIRECT, VERIFIER);
  hrm_test_assert_status (r, 200);
  access = hrm_test_json_get_string (r->json, "access_token");
  g_assert_nonnull (hrm_test_json_get_string (r->json, "refresh_token"));
  g_assert_cmpuint (me_status (f, access), ==, 200);
}

/* The code works only with the verifier and redirect URI it was made for. */
static void
test_code_binding (F             *f,
                   gconstpointer  data)
{
  SKIP_WITHOUT (f);

  {
    g_autofree char *code = browser_code (f, "admin");
    g_autoptr(HrmTestResponse) r = exchange (f, code, REDIRECT,
                                             "another-verifier-that-is-long-enough-to-be-one-1234");

    assert_oauth_error (r, 400, "invalid_grant");
  }
  {
    g_autofree char *code = browser_code (f, "admin");
    g_autoptr(HrmTestResponse) r = exchange (f, code, "http://127.0.0.1:49153/callback", VERIFIER);

    assert_oauth_error (r, 400, "invalid_grant");
  }
  {
    g_autoptr(HrmTestResponse) r = exchange (f, "not-a-code-the-server-gave", REDIRECT, VERIFIER);

    assert_oauth_error (r, 400, "invalid_grant");
  }
  /* Another client may not redeem the app's code. */
  {
    g_autofree char *code = browser_code (f, "admin");
    g_autoptr(HrmTestResponse) r =
      hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/oauth/token",
                          "grant_type", "authorization_code", "client_id", "someone-else", "code", code,
                          "redirect_uri", REDIRECT, "code_verifier", VERIFIER, NULL);

    assert_oauth_error (r, 401, "invalid_client");
  }
}

/* A code works once; presenting it again revokes what it gave. */
static void
test_code_reuse_revokes (F             *f,
                         gconstpointer  data)
{
  g_autofree char *code = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;

  SKIP_WITHOUT (f);
  code = browser_code (f, "admin");
  {
    g_autoptr(HrmTestResponse) r = exchange (f, code, REDIRECT, VERIFIER);

    hrm_test_assert_status (r, 200);
    access = g_strdup (hrm_test_json_get_string (r->json, "access_token"));
    refresh = g_strdup (hrm_test_json_get_string (r->json, "refresh_token"));
  }
  g_assert_cmpuint (me_status (f, access), ==, 200);

  {
    g_autoptr(HrmTestResponse) r = exchange (f, code, REDIRECT, VERIFIER);

    assert_oauth_error (r, 400, "invalid_grant");
  }
  g_assert_cmpuint (me_status (f, access), ==, 401);
  {
    g_autoptr(HrmTestResponse) r =
      hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/oauth/token",
                          "grant_type", "refresh_token", "refresh_token", refresh, NULL);

    assert_oauth_error (r, 400, "invalid_grant");
  }
}

/* Restarts the server with its clock @seconds after START_TIME + 15. */
static void
restart_at (F      *f,
            gint64  seconds)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (START_TIME + 15 + seconds);
  g_autofree char *text = g_date_time_format_iso8601 (at);
  g_autofree char *env = g_strconcat ("HRM_SERVER_NOW=", text, NULL);
  const char *envs[] = { env, NULL };
  g_autoptr(GError) error = NULL;

  hrm_test_server_set_env (f->server, envs);
  g_assert_true (hrm_test_server_restart (f->server, &error));
  g_assert_no_error (error);
}

/* A code lives 60 s: redeemed 45 s after it was made it works, 75 s after
 * it does not. */
static void
test_code_lifetime (F             *f,
                    gconstpointer  data)
{
  g_autofree char *early = NULL;
  g_autofree char *late = NULL;

  SKIP_WITHOUT (f);
  early = browser_code (f, "admin");
  late = browser_code (f, "admin");
  /* Both made within a few seconds of the clock's start. */
  g_assert_cmpint (server_now (f) - (START_TIME + 15), <, 15);

  restart_at (f, 45);
  {
    g_autoptr(HrmTestResponse) r = exchange (f, early, REDIRECT, VERIFIER);

    hrm_test_assert_status (r, 200);
  }
  restart_at (f, 75 + (server_now (f) - (START_TIME + 15)));
  {
    g_autoptr(HrmTestResponse) r = exchange (f, late, REDIRECT, VERIFIER);

    assert_oauth_error (r, 400, "invalid_grant");
    g_assert_nonnull (strstr (hrm_test_json_get_string (r->json, "error_description"), "expired"));
  }
}

/* ---- TOTP ---- */

/* Signs @username in up to the code form; returns it, and the sign-in page. */
static Page *
to_code_form (F          *f,
              const char *username,
              Page      **out_sign_in)
{
  Page *sign_in = open_sign_in (f, NULL);
  Page *page = submit_password (f, sign_in, username, HRM_TEST_PASSWORD);
  g_autofree char *pending = field (page, "pending");

  g_assert_cmpuint (page->status, ==, 200);
  g_assert_null (page->location);
  g_assert_nonnull (strstr (page->text, "name=\"code\""));
  g_assert_nonnull (strstr (page->text, "autocomplete=\"one-time-code\""));
  g_assert_nonnull (pending);
  *out_sign_in = sign_in;
  return page;
}

/* Tries the code of step @offset from now in a new sign-in of @username;
 * returns the status. */
static guint
try_step_as (F          *f,
             const char *username,
             const char *secret,
             gint64      offset)
{
  g_autoptr(Page) sign_in = NULL;
  g_autoptr(Page) form = to_code_form (f, username, &sign_in);
  g_autofree char *code = totp_code (secret, current_step (f) + offset);
  g_autoptr(Page) answer = submit_code (f, sign_in, form, code);

  if (answer->status == 303)
    g_free (assert_code_redirect (answer));
  else
    g_assert_null (answer->location);
  return answer->status;
}

static guint
try_step (F          *f,
          const char *secret,
          gint64      offset)
{
  return try_step_as (f, "clerk", secret, offset);
}

static void
test_totp_right_and_wrong (F             *f,
                           gconstpointer  data)
{
  g_autofree char *secret = NULL;
  g_autoptr(Page) sign_in = NULL;
  g_autoptr(Page) form = NULL;
  g_autofree char *right = NULL;
  g_autofree char *wrong = NULL;

  SKIP_WITHOUT (f);
  secret = enrol_totp (f, "clerk");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM events WHERE action = 'second_factor_enrolled'"
                                 " AND actor = 'hrm-server'"), ==, 1);
  form = to_code_form (f, "clerk", &sign_in);

  right = totp_code (secret, current_step (f));
  wrong = g_strdup_printf ("%06d", (atoi (right) + 1) % 1000000);
  {
    g_autoptr(Page) answer = submit_code (f, sign_in, form, wrong);

    g_assert_cmpuint (answer->status, ==, 400);
    g_assert_null (answer->location);
    g_assert_nonnull (strstr (answer->text, "The code is wrong"));
  }
  {
    g_autoptr(Page) answer = submit_code (f, sign_in, form, "abcdef");

    g_assert_cmpuint (answer->status, ==, 400);
  }
  /* The right one, as people type it, with a space. */
  {
    g_autofree char *spaced = g_strdup_printf ("%.3s %s", right, right + 3);
    g_autoptr(Page) answer = submit_code (f, sign_in, form, spaced);
    g_autofree char *code = assert_code_redirect (answer);
    g_autoptr(HrmTestResponse) r = exchange (f, code, REDIRECT, VERIFIER);

    hrm_test_assert_status (r, 200);
  }
  /* The sign-in it finished cannot be finished again. */
  {
    g_autoptr(Page) answer = submit_code (f, sign_in, form, right);

    g_assert_cmpuint (answer->status, ==, 400);
    g_assert_null (answer->location);
  }
}

/* A code works once, even in a new sign-in within its window. */
static void
test_totp_replay (F             *f,
                  gconstpointer  data)
{
  g_autofree char *secret = NULL;

  SKIP_WITHOUT (f);
  secret = enrol_totp (f, "clerk");
  g_assert_cmpuint (try_step (f, secret, 0), ==, 303);
  g_assert_cmpuint (try_step (f, secret, 0), ==, 400);
  /* An older code than the one used: refused too. */
  g_assert_cmpuint (try_step (f, secret, -1), ==, 400);
}

/* ±1 step of clock skew is accepted, ±2 is not. */
static void
test_totp_skew (F             *f,
                gconstpointer  data)
{
  g_autofree char *secret = NULL;

  SKIP_WITHOUT (f);
  secret = enrol_totp (f, "clerk");
  g_assert_cmpuint (try_step (f, secret, -2), ==, 400);
  g_assert_cmpuint (try_step (f, secret, 2), ==, 400);
  g_assert_cmpuint (try_step (f, secret, -1), ==, 303);
  g_assert_cmpuint (try_step (f, secret, 1), ==, 303);
}

/* Wrong codes count as failed sign-ins: after five, even the right code
 * waits (429), as wrong passwords do. */
static void
test_totp_throttled (F             *f,
                     gconstpointer  data)
{
  g_autofree char *secret = NULL;
  g_autoptr(Page) sign_in = NULL;
  g_autoptr(Page) form = NULL;
  g_autofree char *right = NULL;

  SKIP_WITHOUT (f);
  secret = enrol_totp (f, "clerk");
  form = to_code_form (f, "clerk", &sign_in);
  right = totp_code (secret, current_step (f));
  for (int i = 0; i < 5; i++)
    {
      g_autofree char *wrong = g_strdup_printf ("%06d", (atoi (right) + 1 + i) % 1000000);
      g_autoptr(Page) answer = submit_code (f, sign_in, form, wrong);

      g_assert_cmpuint (answer->status, ==, 400);
    }
  {
    g_autoptr(Page) answer = submit_code (f, sign_in, form, right);

    g_assert_cmpuint (answer->status, ==, 429);
    g_assert_null (answer->location);
  }
}

/* With --require-totp an account without a factor sets one up at its first
 * browser sign-in: the page shows the key and a QR code, and asks for a code. */
static void
test_totp_enrol_on_sign_in (F             *f,
                            gconstpointer  data)
{
  g_autoptr(Page) sign_in = NULL;
  g_autoptr(Page) form = NULL;
  g_autoptr(GString) secret = g_string_new (NULL);
  g_autofree char *code = NULL;
  const char *key;

  SKIP_WITHOUT (f);
  sign_in = open_sign_in (f, NULL);
  form = submit_password (f, sign_in, "admin", HRM_TEST_PASSWORD);
  g_assert_cmpuint (form->status, ==, 200);
  g_assert_nonnull (strstr (form->text, "<svg"));
  key = strstr (form->text, "class=\"secret\">");
  g_assert_nonnull (key);
  for (key += strlen ("class=\"secret\">"); *key != '<'; key++)
    if (*key != ' ')
      g_string_append_c (secret, *key);
  g_assert_cmpuint (secret->len, ==, 32);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM totp_factors"), ==, 0);

  code = totp_code (secret->str, current_step (f));
  {
    g_autoptr(Page) answer = submit_code (f, sign_in, form, code);
    g_autofree char *grant = assert_code_redirect (answer);
  }
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM totp_factors"), ==, 1);
  /* The user's history says so. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM events WHERE action = 'second_factor_enrolled'"
                                 " AND actor = 'admin'"), ==, 1);

  /* From now on the factor is asked for (the used code does not work, the
   * next one does). */
  g_assert_cmpuint (try_step_as (f, "admin", secret->str, 0), ==, 400);
  g_assert_cmpuint (try_step_as (f, "admin", secret->str, 1), ==, 303);
  /* The password grant never signs in where a factor is required. */
  {
    g_autoptr(HrmTestResponse) r = password_grant (f, "admin", HRM_TEST_PASSWORD);

    assert_oauth_error (r, 400, "invalid_grant");
  }
}

/* ---- the password grant ---- */

static void
test_password_grant_off (F             *f,
                         gconstpointer  data)
{
  g_autoptr(HrmTestResponse) r = NULL;

  SKIP_WITHOUT (f);
  r = password_grant (f, "admin", HRM_TEST_PASSWORD);
  assert_oauth_error (r, 400, "unsupported_grant_type");
  /* The browser sign-in works meanwhile. */
  {
    g_autofree char *code = browser_code (f, "admin");
    g_autoptr(HrmTestResponse) t = exchange (f, code, REDIRECT, VERIFIER);

    hrm_test_assert_status (t, 200);
  }
}

/* Turned on, it still refuses an account with a second factor, but only
 * once the password was right. */
static void
test_password_grant_refuses_totp (F             *f,
                                  gconstpointer  data)
{
  g_autofree char *secret = NULL;

  SKIP_WITHOUT (f);
  {
    g_autoptr(HrmTestResponse) r = password_grant (f, "clerk", HRM_TEST_PASSWORD);

    hrm_test_assert_status (r, 200);
  }
  secret = enrol_totp (f, "clerk");
  {
    g_autoptr(HrmTestResponse) r = password_grant (f, "clerk", HRM_TEST_PASSWORD);

    assert_oauth_error (r, 400, "invalid_grant");
    g_assert_nonnull (strstr (hrm_test_json_get_string (r->json, "error_description"), "browser"));
  }
  {
    g_autoptr(HrmTestResponse) r = password_grant (f, "clerk", "a-wrong-password-1");

    assert_oauth_error (r, 400, "invalid_grant");
    g_assert_null (strstr (hrm_test_json_get_string (r->json, "error_description"), "browser"));
  }
  /* Others are not affected. */
  {
    g_autoptr(HrmTestResponse) r = password_grant (f, "admin", HRM_TEST_PASSWORD);

    hrm_test_assert_status (r, 200);
  }
}

/* ---- API clients ---- */

static void
test_api_client (F             *f,
                 gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *basic = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *header = NULL;
  g_autofree char *uri = NULL;
  const char *at;

  SKIP_WITHOUT (f);
  out = run_server_tool (f, 0, "--add-api-client", "payroll sync", "--roles-of", "clerk", NULL);
  at = strstr (out, "client_id=");
  g_assert_nonnull (at);
  client_id = g_strndup (at + strlen ("client_id="), strcspn (at + strlen ("client_id="), "\n"));
  at = strstr (out, "client_secret=");
  g_assert_nonnull (at);
  secret = g_strndup (at + strlen ("client_secret="), strcspn (at + strlen ("client_secret="), "\n"));
  /* Only a hash of the secret is kept. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM api_clients"), ==, 1);

  /* HTTP Basic: a token acting as clerk, without a refresh token. */
  basic = g_strdup_printf ("%s:%s", client_id, secret);
  encoded = g_base64_encode ((const guchar *) basic, strlen (basic));
  header = g_strconcat ("Basic ", encoded, NULL);
  uri = hrm_test_server_build_uri (f->server, "/oauth/token");
  {
    g_autoptr(HrmTestResponse) r = hrm_test_http (f->session, "POST", uri,
                                                  "application/x-www-form-urlencoded",
                                                  "grant_type=client_credentials", -1,
                                                  "Authorization", header, NULL);
    g_autoptr(HrmTestResponse) me = NULL;

    hrm_test_assert_status (r, 200);
    g_assert_null (hrm_test_json_get_string (r->json, "refresh_token"));
    me = hrm_test_api (f->session, hrm_test_server_get_uri (f->server),
                       hrm_test_json_get_string (r->json, "access_token"), "GET", "/api/v1/me",
                       NULL, NULL);
    hrm_test_assert_status (me, 200);
    g_assert_cmpstr (hrm_test_json_get_string (hrm_test_json_get_object (me->json, "user"), "user_id"),
                     ==, "clerk");
  }
  /* In the form works too; a wrong secret or an unknown client does not. */
  {
    g_autoptr(HrmTestResponse) r =
      hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/oauth/token",
                          "grant_type", "client_credentials", "client_id", client_id,
                          "client_secret", secret, NULL);

    hrm_test_assert_status (r, 200);
  }
  {
    g_autoptr(HrmTestResponse) r =
      hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/oauth/token",
                          "grant_type", "client_credentials", "client_id", client_id,
                          "client_secret", "not-the-secret", NULL);

    assert_oauth_error (r, 401, "invalid_client");
  }
  {
    g_autoptr(HrmTestResponse) r =
      hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/oauth/token",
                          "grant_type", "client_credentials", "client_id", "api-unknown",
                          "client_secret", secret, NULL);

    assert_oauth_error (r, 401, "invalid_client");
  }
  /* Revoked, the client and the tokens it holds stop working. */
  {
    g_autoptr(HrmTestResponse) r =
      hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/oauth/token",
                          "grant_type", "client_credentials", "client_id", client_id,
                          "client_secret", secret, NULL);
    g_autofree char *token = g_strdup (hrm_test_json_get_string (r->json, "access_token"));

    hrm_test_assert_status (r, 200);
    g_assert_cmpuint (me_status (f, token), ==, 200);
    g_free (run_server_tool (f, 0, "--revoke-api-client", client_id, NULL));
    g_assert_cmpuint (me_status (f, token), ==, 401);
  }
  {
    g_autoptr(HrmTestResponse) r =
      hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/oauth/token",
                          "grant_type", "client_credentials", "client_id", client_id,
                          "client_secret", secret, NULL);

    assert_oauth_error (r, 401, "invalid_client");
  }
  g_free (run_server_tool (f, 1, "--revoke-api-client", client_id, NULL));

  /* A client for a user who does not exist is refused, and nothing is added. */
  g_free (run_server_tool (f, 1, "--add-api-client", "x", "--roles-of", "nobody-at-all", NULL));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM api_clients"), ==, 1);
}

#define ADD(path, func, setup_data) \
  g_test_add (path, F, setup_data, setup, func, teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/authorize/discovery", test_discovery, &plain);
  ADD ("/authorize/discovery/no-password-grant", test_discovery, &no_password_grant);
  ADD ("/authorize/refused-without-redirect", test_refused_without_redirect, &plain);
  ADD ("/authorize/refused-with-redirect", test_refused_with_redirect, &plain);
  ADD ("/authorize/page-defences", test_page_defences, &plain);
  ADD ("/authorize/cancel", test_cancel, &plain);
  ADD ("/authorize/code/exchange", test_code_exchange, &plain);
  ADD ("/authorize/code/binding", test_code_binding, &plain);
  ADD ("/authorize/code/reuse-revokes", test_code_reuse_revokes, &plain);
  ADD ("/authorize/code/lifetime", test_code_lifetime, &plain);
  ADD ("/authorize/totp/right-and-wrong", test_totp_right_and_wrong, &plain);
  ADD ("/authorize/totp/replay", test_totp_replay, &plain);
  ADD ("/authorize/totp/skew", test_totp_skew, &plain);
  ADD ("/authorize/totp/throttled", test_totp_throttled, &plain);
  ADD ("/authorize/totp/enrol-on-sign-in", test_totp_enrol_on_sign_in, &require_totp);
  ADD ("/authorize/password-grant/off", test_password_grant_off, &no_password_grant);
  ADD ("/authorize/password-grant/refuses-totp", test_password_grant_refuses_totp, &plain);
  ADD ("/authorize/api-client", test_api_client, &plain);

  return g_test_run ();
}
