/* test-connection.c — verification email, password reset and deleting the
 * connection: POST/DELETE under /api/v1/users/{id}/
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>

#include "server-test.h"

static char *
user_path (gint64      id,
           const char *suffix)
{
  return g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "%s", id, suffix);
}

static HrmTestResponse *
post_verification (Fixture *f,
                   gint64   id)
{
  g_autofree char *path = user_path (id, "/verification-email");

  return api (f, "POST", path, NULL);
}

static HrmTestResponse *
post_reset (Fixture *f,
            gint64   id)
{
  g_autofree char *path = user_path (id, "/password-reset");

  return api (f, "POST", path, NULL);
}

static HrmTestResponse *
delete_connection (Fixture *f,
                   gint64   id)
{
  g_autofree char *path = user_path (id, "/connection");

  return api (f, "DELETE", path, NULL);
}

static guint
page_status (Fixture    *f,
             const char *link)
{
  g_autoptr(HrmTestResponse) r = hrm_test_http (f->session, "GET", link, NULL, NULL, 0, NULL);

  return r->status;
}

static GDateTime *
parse_time (JsonObject *object,
            const char *member)
{
  const char *text = hrm_test_json_get_string (object, member);
  GDateTime *time;

  g_assert_nonnull (text);
  g_assert_true (g_str_has_suffix (text, "Z"));
  time = g_date_time_new_from_iso8601 (text, NULL);
  g_assert_nonnull (time);
  return time;
}

static void
test_verification_sent (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(HrmTestResponse) r = NULL;
  g_autoptr(GDateTime) sent = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autoptr(JsonObject) user = NULL;
  g_autofree char *message = NULL;
  g_autofree char *link = NULL;
  g_autofree char *to = NULL;
  g_autofree char *own_line = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  patch_user_ok (f, id, "{\"email\": \"Verify.Me@Example.com\"}");
  r = post_verification (f, id);
  hrm_test_assert_status (r, 202);

  sent = parse_time (r->json, "sent_at");
  expires = parse_time (r->json, "expires_at");
  g_assert_cmpint (g_date_time_difference (expires, sent), ==, 86400 * G_TIME_SPAN_SECOND);

  /* The user is pending for that address, with the same times. */
  user = get_user (f, id, NULL);
  g_assert_cmpstr (hrm_test_json_get_string (user, "connection.state"), ==, "pending");
  g_assert_cmpstr (hrm_test_json_get_string (user, "connection.pending_email"), ==, "Verify.Me@Example.com");
  g_assert_cmpstr (hrm_test_json_get_string (user, "connection.sent_at"), ==,
                   hrm_test_json_get_string (r->json, "sent_at"));
  g_assert_cmpstr (hrm_test_json_get_string (user, "connection.expires_at"), ==,
                   hrm_test_json_get_string (r->json, "expires_at"));
  g_assert_true (hrm_test_json_is_null (user, "connection.verified_at"));

  /* One RFC 5322 message in the Maildir, the link on a line of its own. */
  message = hrm_test_server_wait_for_mail (f->server, "verify.me@example.com", MAIL_TIMEOUT_MS);
  g_assert_nonnull (message);
  to = hrm_test_mail_get_header (message, "To");
  {
    static const char *headers[] = { "From", "Date", "Subject", "Message-ID" };

    for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
      {
        g_autofree char *value = hrm_test_mail_get_header (message, headers[i]);

        g_test_message ("%s: %s", headers[i], value ? value : "(missing)");
        g_assert_nonnull (value);
      }
  }
  g_assert_nonnull (strstr (to, "Verify.Me@Example.com"));
  link = hrm_test_mail_extract_link (message, "/connect/verify?token=");
  g_assert_nonnull (link);
  g_assert_true (g_str_has_prefix (link, hrm_test_server_get_uri (f->server)));
  own_line = g_strconcat ("\n", link, "\n", NULL);
  {
    g_autofree char *text = hrm_test_mail_get_text (message, "plain");
    g_autofree char *html = hrm_test_mail_get_text (message, "html");
    g_autofree char *href = g_strdup_printf ("href=\"%s\"", link);

    g_assert_nonnull (text);
    g_assert_nonnull (strstr (text, own_line));
    /* The HTML alternative links to the same place. */
    g_assert_nonnull (html);
    g_assert_nonnull (strstr (html, href));
  }

  /* Only one message was written. */
  g_assert_null (hrm_test_server_wait_for_mail (f->server, "verify.me@example.com", 200));
}

static void
test_verification_conflict_when_linked (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(HrmTestResponse) r = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  link_user (f, id, "already.linked@example.com");
  before = user_snapshot (f, id);

  r = post_verification (f, id);
  hrm_test_assert_status (r, 409);
  g_assert_cmpstr (hrm_test_response_error_code (r), ==, "conflict");

  after = user_snapshot (f, id);
  g_assert_cmpstr (before, ==, after);
  g_assert_null (hrm_test_server_wait_for_mail (f->server, "already.linked@example.com", 200));
}

static void
test_verification_needs_email (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(HrmTestResponse) r = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  patch_user_ok (f, id, "{\"email\": null}");
  before = user_snapshot (f, id);

  r = post_verification (f, id);
  hrm_test_assert_status (r, 422);
  g_assert_cmpstr (hrm_test_response_error_code (r), ==, "invalid");
  g_assert_nonnull (hrm_test_response_error_field (r, "email"));

  after = user_snapshot (f, id);
  g_assert_cmpstr (before, ==, after);
}

static void
test_verification_rate_limited (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(HrmTestResponse) first = NULL;
  g_autoptr(HrmTestResponse) second = NULL;
  g_autofree char *message = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *retry_after;
  gint64 seconds;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  patch_user_ok (f, id, "{\"email\": \"twice@example.com\"}");
  first = post_verification (f, id);
  hrm_test_assert_status (first, 202);
  message = hrm_test_server_wait_for_mail (f->server, "twice@example.com", MAIL_TIMEOUT_MS);
  g_assert_nonnull (message);
  before = user_snapshot (f, id);

  second = post_verification (f, id);
  hrm_test_assert_status (second, 429);
  g_assert_cmpstr (hrm_test_response_error_code (second), ==, "rate_limited");
  retry_after = hrm_test_response_get_header (second, "Retry-After");
  g_assert_nonnull (retry_after);
  g_assert_true (g_ascii_string_to_signed (retry_after, 10, 1, 60, &seconds, NULL));

  /* No second message, and the first link still stands. */
  g_assert_null (hrm_test_server_wait_for_mail (f->server, "twice@example.com", 200));
  after = user_snapshot (f, id);
  g_assert_cmpstr (before, ==, after);
}

static const char * const no_resend_wait_env[] = { "HRM_SERVER_RESEND_INTERVAL=0", NULL };

static void
setup_no_resend_wait (Fixture       *f,
                      gconstpointer  data)
{
  fixture_setup_with_env (f, no_resend_wait_env);
}

static void
test_new_link_invalidates_previous (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *first_token = NULL;
  g_autoptr(JsonObject) user = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  first = send_verification (f, id, "first.address@example.com");
  second = send_verification (f, id, "second.address@example.com");
  g_assert_cmpstr (first, !=, second);

  /* The first link no longer works, for looking or confirming. */
  g_assert_cmpuint (page_status (f, first), ==, 404);
  first_token = link_token (first);
  {
    g_autoptr(HrmTestResponse) r =
      hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/connect/verify",
                          "token", first_token, NULL);
    hrm_test_assert_status (r, 404);
  }
  user = get_user (f, id, NULL);
  g_assert_cmpstr (hrm_test_json_get_string (user, "connection.state"), ==, "pending");
  g_assert_cmpstr (hrm_test_json_get_string (user, "connection.pending_email"), ==,
                   "second.address@example.com");

  /* The second does. */
  g_assert_cmpuint (page_status (f, second), ==, 200);
}

static void
test_password_reset (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(HrmTestResponse) refused = NULL;
  g_autoptr(HrmTestResponse) sent = NULL;
  g_autoptr(HrmTestResponse) again = NULL;
  g_autoptr(GDateTime) sent_at = NULL;
  g_autofree char *link = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  refused = post_reset (f, id);
  hrm_test_assert_status (refused, 409);
  g_assert_cmpstr (hrm_test_response_error_code (refused), ==, "conflict");

  link_user (f, id, "reset.me@example.com");
  sent = post_reset (f, id);
  hrm_test_assert_status (sent, 202);
  sent_at = parse_time (sent->json, "sent_at");

  link = wait_for_link (f, "reset.me@example.com", "/connect/reset?token=");
  g_assert_cmpuint (page_status (f, link), ==, 200);

  /* Asking again at once is refused like a second verification. */
  again = post_reset (f, id);
  hrm_test_assert_status (again, 429);
  g_assert_nonnull (hrm_test_response_get_header (again, "Retry-After"));
}

static void
test_delete_connection (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) user = NULL;
  g_autofree char *reset_link = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);

  /* Not linked: nothing to delete. */
  {
    g_autoptr(HrmTestResponse) r = delete_connection (f, id);
    hrm_test_assert_status (r, 409);
    g_assert_cmpstr (hrm_test_response_error_code (r), ==, "conflict");
  }
  /* Pending is not linked either. */
  g_free (send_verification (f, id, "pending.delete@example.com"));
  {
    g_autofree char *before = user_snapshot (f, id);
    g_autoptr(HrmTestResponse) r = delete_connection (f, id);
    g_autofree char *after = NULL;

    hrm_test_assert_status (r, 409);
    after = user_snapshot (f, id);
    g_assert_cmpstr (before, ==, after);
  }

  link_user (f, id, "delete.me@example.com");
  {
    g_autoptr(HrmTestResponse) r = post_reset (f, id);
    hrm_test_assert_status (r, 202);
  }
  reset_link = wait_for_link (f, "delete.me@example.com", "/connect/reset?token=");
  g_assert_cmpuint (page_status (f, reset_link), ==, 200);

  {
    g_autoptr(HrmTestResponse) r = delete_connection (f, id);
    hrm_test_assert_status (r, 204);
    g_assert_cmpuint (g_bytes_get_size (r->body), ==, 0);
  }

  user = get_user (f, id, NULL);
  g_assert_cmpstr (hrm_test_json_get_string (user, "connection.state"), ==, "not_linked");
  g_assert_true (hrm_test_json_is_null (user, "connection.email"));
  g_assert_true (hrm_test_json_is_null (user, "connection.verified_at"));

  /* The outstanding reset link stops working. */
  g_assert_cmpuint (page_status (f, reset_link), !=, 200);
  {
    g_autofree char *token = link_token (reset_link);
    g_autoptr(HrmTestResponse) r =
      hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/connect/reset",
                          "token", token, "password", "a-brand-new-password",
                          "confirm", "a-brand-new-password", NULL);
    g_assert_cmpuint (r->status, !=, 200);
  }

  /* And deleting again: not linked any more. */
  {
    g_autoptr(HrmTestResponse) r = delete_connection (f, id);
    hrm_test_assert_status (r, 409);
  }
  {
    g_autoptr(HrmTestResponse) r = post_reset (f, id);
    hrm_test_assert_status (r, 409);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TEST ("/server/connection/verification/sent", test_verification_sent);
  ADD_TEST ("/server/connection/verification/conflict-when-linked", test_verification_conflict_when_linked);
  ADD_TEST ("/server/connection/verification/needs-email", test_verification_needs_email);
  ADD_TEST ("/server/connection/verification/rate-limited", test_verification_rate_limited);
  g_test_add ("/server/connection/verification/new-link-invalidates-previous", Fixture, NULL,
              setup_no_resend_wait, test_new_link_invalidates_previous, fixture_teardown);
  ADD_TEST ("/server/connection/password-reset", test_password_reset);
  /* It sends a second verification to the same user at once. */
  g_test_add ("/server/connection/delete", Fixture, NULL,
              setup_no_resend_wait, test_delete_connection, fixture_teardown);

  return g_test_run ();
}
