/* test-pages.c — the employee pages under /connect/: looking changes nothing,
 * confirming works once, used, expired and unknown links say so
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>

#include "server-test.h"

static HrmTestResponse *
get_page (Fixture    *f,
          const char *link)
{
  return hrm_test_http (f->session, "GET", link, NULL, NULL, 0, NULL);
}

static HrmTestResponse *
post_verify (Fixture    *f,
             const char *token)
{
  return hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/connect/verify",
                             "token", token, NULL);
}

static HrmTestResponse *
post_reset (Fixture    *f,
            const char *token,
            const char *password,
            const char *confirm)
{
  return hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/connect/reset",
                             "token", token, "password", password, "confirm", confirm, NULL);
}

static void
assert_html (HrmTestResponse *r,
             guint            status)
{
  const char *type = hrm_test_response_get_header (r, "Content-Type");

  const char *csp = hrm_test_response_get_header (r, "Content-Security-Policy");

  hrm_test_assert_status (r, status);
  g_assert_nonnull (type);
  g_assert_true (g_str_has_prefix (type, "text/html"));
  g_assert_nonnull (strstr (r->text, "<html"));

  /* Not framed (clickjacking), no <base> to redirect the form, no sniffing. */
  g_assert_nonnull (csp);
  g_assert_nonnull (strstr (csp, "frame-ancestors 'none'"));
  g_assert_nonnull (strstr (csp, "base-uri 'none'"));
  g_assert_nonnull (strstr (csp, "default-src 'none'"));
  g_assert_cmpstr (hrm_test_response_get_header (r, "X-Content-Type-Options"), ==, "nosniff");
}

static void
test_verify_get_changes_nothing (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *link = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *token = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  link = send_verification (f, id, "look.only@example.com");
  token = link_token (link);
  before = user_snapshot (f, id);

  /* Mail scanners open links: opening shows a button and nothing more. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(HrmTestResponse) r = get_page (f, link);

      assert_html (r, 200);
      g_assert_nonnull (strstr (r->text, "<form"));
      g_assert_nonnull (g_strstr_len (r->text, -1, "method=\"post\""));
      g_assert_nonnull (strstr (r->text, "look.only@example.com"));
    }

  after = user_snapshot (f, id);
  g_assert_cmpstr (before, ==, after);
}

static void
test_verify_post_confirms_once (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *link = NULL;
  g_autofree char *token = NULL;
  g_autofree char *linked = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonObject) user = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  link = send_verification (f, id, "confirm.once@example.com");
  token = link_token (link);

  {
    g_autoptr(HrmTestResponse) r = post_verify (f, token);
    assert_html (r, 200);
  }

  user = get_user (f, id, NULL);
  g_assert_cmpstr (hrm_test_json_get_string (user, "connection.state"), ==, "linked");
  g_assert_cmpstr (hrm_test_json_get_string (user, "connection.email"), ==, "confirm.once@example.com");
  g_assert_nonnull (hrm_test_json_get_string (user, "connection.verified_at"));
  g_assert_true (hrm_test_json_is_null (user, "connection.pending_email"));
  linked = user_snapshot (f, id);

  /* The link is used up: the page says so, for looking and for confirming. */
  {
    g_autoptr(HrmTestResponse) r = post_verify (f, token);
    assert_html (r, 410);
  }
  {
    g_autoptr(HrmTestResponse) r = get_page (f, link);
    assert_html (r, 410);
    g_assert_null (strstr (r->text, "<form"));
  }

  after = user_snapshot (f, id);
  g_assert_cmpstr (linked, ==, after);
}

static void
test_verify_links_the_mailed_address (Fixture       *f,
                                      gconstpointer  data)
{
  g_autofree char *link = NULL;
  g_autofree char *token = NULL;
  g_autoptr(JsonObject) user = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  /* The email changes after the mail went out: the link confirms the address
   * it was sent to, not the new one. */
  id = some_user_id (f, 0);
  link = send_verification (f, id, "mailed.address@example.com");
  token = link_token (link);
  patch_user_ok (f, id, "{\"email\": \"changed.later@example.com\"}");

  {
    g_autoptr(HrmTestResponse) r = post_verify (f, token);
    if (r->status == 200)
      {
        user = get_user (f, id, NULL);
        g_assert_cmpstr (hrm_test_json_get_string (user, "connection.email"), ==,
                         "mailed.address@example.com");
      }
    else
      {
        /* Or the change made the link void; then nothing is linked. */
        g_assert_cmpuint (r->status, >=, 400);
        user = get_user (f, id, NULL);
        g_assert_cmpstr (hrm_test_json_get_string (user, "connection.state"), !=, "linked");
      }
  }
}

static void
test_verify_expired (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *link = NULL;
  g_autofree char *token = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  link = send_verification (f, id, "too.late@example.com");
  token = link_token (link);

  /* A day passes (the database is told so). */
  db_exec (f, "UPDATE tokens SET expires_at = 1 WHERE kind = 'verify';"
              "UPDATE users SET expires_at = 1 WHERE expires_at IS NOT NULL;");
  before = user_snapshot (f, id);

  {
    g_autoptr(HrmTestResponse) r = get_page (f, link);
    assert_html (r, 410);
    g_assert_null (strstr (r->text, "<form"));
  }
  {
    g_autoptr(HrmTestResponse) r = post_verify (f, token);
    assert_html (r, 410);
  }

  after = user_snapshot (f, id);
  g_assert_cmpstr (before, ==, after);
  {
    g_autoptr(JsonObject) user = get_user (f, id, NULL);
    g_assert_cmpstr (hrm_test_json_get_string (user, "connection.state"), !=, "linked");
  }
}

static void
test_unknown_and_missing_tokens (Fixture       *f,
                                 gconstpointer  data)
{
  static const char *paths[] = { "/connect/verify", "/connect/reset" };

  SKIP_WITHOUT_SERVER (f);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *unknown = g_strconcat (hrm_test_server_get_uri (f->server), paths[i],
                                              "?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL);
      g_autofree char *missing = g_strconcat (hrm_test_server_get_uri (f->server), paths[i], NULL);
      g_autofree char *garbage = g_strconcat (hrm_test_server_get_uri (f->server), paths[i],
                                              "?token=%3Cscript%3E", NULL);

      {
        g_autoptr(HrmTestResponse) r = get_page (f, unknown);
        assert_html (r, 404);
      }
      {
        g_autoptr(HrmTestResponse) r = get_page (f, missing);
        assert_html (r, 400);
      }
      {
        g_autoptr(HrmTestResponse) r = get_page (f, garbage);
        g_assert_cmpuint (r->status, >=, 400);
        g_assert_cmpuint (r->status, <, 500);
        /* Never echoed unescaped. */
        g_assert_null (strstr (r->text, "<script>"));
      }
      {
        g_autoptr(HrmTestResponse) r =
          hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), paths[i],
                              "token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                              "password", "long-enough-password", "confirm", "long-enough-password",
                              NULL);
        assert_html (r, 404);
      }
    }
}

/* Links @id, sends a reset mail and returns its link. */
static char *
reset_link_for (Fixture    *f,
                gint64      id,
                const char *email)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "/password-reset", id);
  g_autoptr(HrmTestResponse) r = NULL;

  link_user (f, id, email);
  r = api (f, "POST", path, NULL);
  hrm_test_assert_status (r, 202);
  return wait_for_link (f, email, "/connect/reset?token=");
}

static guint
sign_in_status (Fixture    *f,
                const char *username,
                const char *password)
{
  g_autoptr(HrmTestResponse) r =
    hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/oauth/token",
                        "grant_type", "password", "username", username, "password", password, NULL);

  return r->status;
}

static void
test_reset_sets_password_once (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *link = NULL;
  g_autofree char *token = NULL;
  g_autoptr(JsonObject) user = NULL;
  const char *user_id;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  link = reset_link_for (f, id, "new.password@example.com");
  token = link_token (link);
  user = get_user (f, id, NULL);
  user_id = hrm_test_json_get_string (user, "user_id");

  /* The page shows a form and changes nothing. */
  {
    g_autoptr(HrmTestResponse) r = get_page (f, link);
    assert_html (r, 200);
    g_assert_nonnull (strstr (r->text, "type=\"password\""));
  }
  g_assert_cmpuint (sign_in_status (f, user_id, "granite-otter-lantern"), ==, 400);

  /* Refusals show the form again and leave the link usable. */
  {
    g_autoptr(HrmTestResponse) r = post_reset (f, token, "short", "short");
    assert_html (r, 422);
    g_assert_nonnull (strstr (r->text, "type=\"password\""));
  }
  {
    g_autoptr(HrmTestResponse) r = post_reset (f, token, "granite-otter-lantern", "a-different-password");
    assert_html (r, 422);
  }
  g_assert_cmpuint (sign_in_status (f, user_id, "granite-otter-lantern"), ==, 400);

  {
    g_autoptr(HrmTestResponse) r = post_reset (f, token, "granite-otter-lantern", "granite-otter-lantern");
    assert_html (r, 200);
    /* The password never shows up in the page. */
    g_assert_null (strstr (r->text, "granite-otter-lantern"));
  }

  /* The employee signs in with their User-ID and the new password. */
  g_assert_cmpuint (sign_in_status (f, user_id, "granite-otter-lantern"), ==, 200);
  g_assert_cmpuint (sign_in_status (f, user_id, "a-wrong-password!"), ==, 400);

  /* Once only. */
  {
    g_autoptr(HrmTestResponse) r = post_reset (f, token, "velvet-harbour-quince", "velvet-harbour-quince");
    assert_html (r, 410);
  }
  {
    g_autoptr(HrmTestResponse) r = get_page (f, link);
    assert_html (r, 410);
  }
  g_assert_cmpuint (sign_in_status (f, user_id, "velvet-harbour-quince"), ==, 400);
  g_assert_cmpuint (sign_in_status (f, user_id, "granite-otter-lantern"), ==, 200);
}

static void
test_reset_expired (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *link = NULL;
  g_autofree char *token = NULL;
  g_autoptr(JsonObject) user = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  link = reset_link_for (f, id, "reset.late@example.com");
  token = link_token (link);
  user = get_user (f, id, NULL);

  /* An hour passes (the database is told so). */
  db_exec (f, "UPDATE tokens SET expires_at = 1 WHERE kind = 'reset';");

  {
    g_autoptr(HrmTestResponse) r = get_page (f, link);
    assert_html (r, 410);
    g_assert_null (strstr (r->text, "type=\"password\""));
  }
  {
    g_autoptr(HrmTestResponse) r = post_reset (f, token, "granite-otter-lantern", "granite-otter-lantern");
    assert_html (r, 410);
  }
  g_assert_cmpuint (sign_in_status (f, hrm_test_json_get_string (user, "user_id"), "granite-otter-lantern"),
                    ==, 400);
}

static void
test_disabled_user_cannot_sign_in (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *link = NULL;
  g_autofree char *token = NULL;
  g_autoptr(JsonObject) user = NULL;
  g_autoptr(HrmTestResponse) pair = NULL;
  const char *user_id;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  link = reset_link_for (f, id, "soon.disabled@example.com");
  token = link_token (link);
  {
    g_autoptr(HrmTestResponse) r = post_reset (f, token, "granite-otter-lantern", "granite-otter-lantern");
    assert_html (r, 200);
  }
  user = get_user (f, id, NULL);
  user_id = hrm_test_json_get_string (user, "user_id");
  pair = hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/oauth/token",
                             "grant_type", "password", "username", user_id,
                             "password", "granite-otter-lantern", NULL);
  hrm_test_assert_status (pair, 200);

  /* Disabled: the password no longer signs in, and the session ends. */
  patch_user_ok (f, id, "{\"enabled\": false}");
  g_assert_cmpuint (sign_in_status (f, user_id, "granite-otter-lantern"), ==, 400);
  {
    g_autoptr(HrmTestResponse) r =
      api_as (f, hrm_test_json_get_string (pair->json, "access_token"), "GET", "/api/v1/me", NULL);
    hrm_test_assert_status (r, 401);
  }

  patch_user_ok (f, id, "{\"enabled\": true}");
  g_assert_cmpuint (sign_in_status (f, user_id, "granite-otter-lantern"), ==, 200);
}

/* The text between the password field and the next field: where a problem
 * with the password is shown. */
static char *
beside_password (HrmTestResponse *r)
{
  const char *field = strstr (r->text, "id=\"password\"");
  const char *next;

  g_assert_nonnull (field);
  next = strstr (field, "id=\"confirm\"");
  g_assert_nonnull (next);
  return g_strndup (field, next - field);
}

static void
assert_refused (Fixture    *f,
                const char *token,
                const char *password,
                const char *says)
{
  g_autoptr(HrmTestResponse) r = post_reset (f, token, password, password);
  g_autofree char *beside = NULL;

  assert_html (r, 422);
  beside = beside_password (r);
  g_assert_nonnull (strstr (beside, "class=\"error\""));
  g_assert_nonnull (strstr (beside, "aria-invalid=\"true\""));
  if (says != NULL && strstr (beside, says) == NULL)
    g_error ("Expected “%s” beside the field: %s", says, beside);
  /* Never echoed back. */
  g_assert_null (strstr (r->text, password));
}

/* Weak passwords are refused with a reason beside the field, and the link
 * stays usable for a better one. */
static void
test_reset_refuses_weak_passwords (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *link = NULL;
  g_autofree char *token = NULL;
  g_autoptr(JsonObject) user = NULL;
  g_autofree char *with_name = NULL;
  g_autofree char *with_id = NULL;
  const char *user_id;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  link = reset_link_for (f, id, "quality.check@example.com");
  token = link_token (link);
  user = get_user (f, id, NULL);
  user_id = hrm_test_json_get_string (user, "user_id");

  /* The form tells password managers whose password it is. */
  {
    g_autoptr(HrmTestResponse) r = get_page (f, link);
    g_autofree char *username_field = g_strdup_printf ("value=\"%s\" autocomplete=\"username\"",
                                                      user_id);

    assert_html (r, 200);
    if (strstr (r->text, username_field) == NULL)
      g_error ("No username field (%s) in: %s", username_field, r->text);
    g_assert_nonnull (strstr (r->text, "autocomplete=\"new-password\""));
  }

  assert_refused (f, token, "1234567890", "12");
  assert_refused (f, token, "password12345", NULL);
  assert_refused (f, token, "Password-2024!", "dictionary word");
  with_name = g_strdup_printf ("%s-on-the-lake-9", hrm_test_json_get_string (user, "first_name"));
  assert_refused (f, token, with_name, "your name");
  assert_refused (f, token, "my-quality.check-9", "your name");
  with_id = g_strdup_printf ("Xq-%s-7!", user_id);
  assert_refused (f, token, with_id, "your name");

  /* In Swedish for a Swedish browser. */
  {
    g_autofree char *uri = hrm_test_server_build_uri (f->server, "/connect/reset");
    g_autofree char *form = soup_form_encode ("token", token, "password", "Password-2024!",
                                              "confirm", "Password-2024!", NULL);
    g_autoptr(HrmTestResponse) r =
      hrm_test_http (f->session, "POST", uri, "application/x-www-form-urlencoded", form, -1,
                     "Accept-Language", "sv-SE", NULL);
    g_autofree char *beside = NULL;

    assert_html (r, 422);
    beside = beside_password (r);
    g_assert_nonnull (strstr (beside, "ordboksord"));
  }

  /* A strong one is taken, and signs in. */
  {
    g_autoptr(HrmTestResponse) r = post_reset (f, token, "kanelbulle-vid-sjön", "kanelbulle-vid-sjön");
    assert_html (r, 200);
  }
  g_assert_cmpuint (sign_in_status (f, user_id, "kanelbulle-vid-sjön"), ==, 200);
}

static const char * const slow_hash_env[] = { "HRM_SERVER_HASH_DELAY_MS=1500", NULL };

static void
setup_slow_hash (Fixture       *f,
                 gconstpointer  data)
{
  fixture_setup_with_env (f, slow_hash_env);
}

/* Spins the main context until *@out is set; fails after 30 s. */
static void
wait_for_answer (HrmTestResponse **out)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;

  while (*out == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Runs the main context for @ms, so that requests sent async go out. */
static void
spin_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (5 * G_TIME_SPAN_MILLISECOND);
}

/* Hashing the new password (made 1.5 s slower here) runs off the main loop:
 * a request sent after the form is answered before it. */
static void
test_reset_does_not_block (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *link = NULL;
  g_autofree char *token = NULL;
  g_autofree char *reset_uri = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) reset = NULL;
  HrmTestResponse *reset_answer = NULL;
  g_autofree char *me_uri = NULL;
  g_autofree char *bearer = NULL;
  g_autoptr(SoupMessage) me = NULL;
  HrmTestResponse *me_answer = NULL;
  gboolean reset_was_pending;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  link = reset_link_for (f, id, "slow.hash@example.com");
  token = link_token (link);

  session = g_object_new (SOUP_TYPE_SESSION, "max-conns", 8, "max-conns-per-host", 8,
                          "timeout", 60, NULL);
  reset_uri = hrm_test_server_build_uri (f->server, "/connect/reset");
  reset = hrm_test_form_message (reset_uri, "token", token, "password", "kanelbulle-vid-sjön",
                                 "confirm", "kanelbulle-vid-sjön", NULL);
  hrm_test_send_async (session, reset, &reset_answer);
  /* Let the form reach the server before the cheap request goes out. */
  spin_for (300);
  me_uri = hrm_test_server_build_uri (f->server, "/api/v1/me");
  me = soup_message_new ("GET", me_uri);
  bearer = g_strconcat ("Bearer ", f->admin_token, NULL);
  soup_message_headers_append (soup_message_get_request_headers (me), "Authorization", bearer);
  hrm_test_send_async (session, me, &me_answer);
  wait_for_answer (&me_answer);
  hrm_test_assert_status (me_answer, 200);
  hrm_test_response_free (me_answer);
  reset_was_pending = reset_answer == NULL;
  wait_for_answer (&reset_answer);
  assert_html (reset_answer, 200);
  hrm_test_response_free (reset_answer);
  g_assert_true (reset_was_pending);
}

static const char * const one_hash_env[] = {
  "HRM_SERVER_HASH_DELAY_MS=1500", "HRM_SERVER_HASH_QUEUE=1", NULL
};

static void
setup_one_hash (Fixture       *f,
                gconstpointer  data)
{
  fixture_setup_with_env (f, one_hash_env);
}

/* The reset page shares the hash queue with sign-ins: when it is full the
 * page says to try again (503), and the link still works afterwards. */
static void
test_reset_shares_hash_queue (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *link = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_uri = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) sign_in = NULL;
  HrmTestResponse *sign_in_answer = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  link = reset_link_for (f, id, "busy.hash@example.com");
  token = link_token (link);

  session = hrm_test_session_new ();
  token_uri = hrm_test_server_build_uri (f->server, "/oauth/token");
  sign_in = hrm_test_form_message (token_uri, "grant_type", "password", "username", "admin",
                                   "password", "wrong-password", NULL);
  hrm_test_send_async (session, sign_in, &sign_in_answer);
  spin_for (300);
  {
    g_autoptr(HrmTestResponse) r = post_reset (f, token, "kanelbulle-vid-sjön", "kanelbulle-vid-sjön");

    assert_html (r, 503);
    g_assert_nonnull (hrm_test_response_get_header (r, "Retry-After"));
  }
  wait_for_answer (&sign_in_answer);
  hrm_test_assert_status (sign_in_answer, 400);
  hrm_test_response_free (sign_in_answer);

  {
    g_autoptr(HrmTestResponse) r = post_reset (f, token, "kanelbulle-vid-sjön", "kanelbulle-vid-sjön");

    assert_html (r, 200);
  }
}

static void
test_pages_speak_swedish (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *link = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  link = send_verification (f, id, "svensk@example.com");

  {
    g_autoptr(HrmTestResponse) r =
      hrm_test_http (f->session, "GET", link, NULL, NULL, 0, "Accept-Language", "sv-SE, en;q=0.5", NULL);
    assert_html (r, 200);
    g_assert_nonnull (strstr (r->text, "lang=\"sv\""));
  }
  {
    g_autoptr(HrmTestResponse) r =
      hrm_test_http (f->session, "GET", link, NULL, NULL, 0, "Accept-Language", "en-GB", NULL);
    assert_html (r, 200);
    g_assert_nonnull (strstr (r->text, "lang=\"en\""));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TEST ("/server/pages/verify/get-changes-nothing", test_verify_get_changes_nothing);
  ADD_TEST ("/server/pages/verify/post-confirms-once", test_verify_post_confirms_once);
  ADD_TEST ("/server/pages/verify/links-the-mailed-address", test_verify_links_the_mailed_address);
  ADD_TEST ("/server/pages/verify/expired", test_verify_expired);
  ADD_TEST ("/server/pages/unknown-and-missing-tokens", test_unknown_and_missing_tokens);
  ADD_TEST ("/server/pages/reset/sets-password-once", test_reset_sets_password_once);
  ADD_TEST ("/server/pages/reset/expired", test_reset_expired);
  ADD_TEST ("/server/pages/reset/disabled-user-cannot-sign-in", test_disabled_user_cannot_sign_in);
  ADD_TEST ("/server/pages/language", test_pages_speak_swedish);
  ADD_TEST ("/server/pages/reset/refuses-weak-passwords", test_reset_refuses_weak_passwords);
  g_test_add ("/server/pages/reset/does-not-block", Fixture, NULL,
              setup_slow_hash, test_reset_does_not_block, fixture_teardown);
  g_test_add ("/server/pages/reset/shares-hash-queue", Fixture, NULL,
              setup_one_hash, test_reset_shares_hash_queue, fixture_teardown);

  return g_test_run ();
}
