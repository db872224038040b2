/* test-secrets.c — the server never writes a token, a password or a link
 * code to its log, even with every debug message on
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>

#include "server-test.h"

static const char * const debug_env[] = { "G_MESSAGES_DEBUG=all", "HRM_SERVER_RESEND_INTERVAL=0", NULL };

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  fixture_setup_with_env (f, debug_env);
}

static void
test_log_has_no_secrets (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) secrets = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *log = NULL;
  g_autofree char *verify_link = NULL;
  g_autofree char *reset_link = NULL;
  g_autofree char *user_id = NULL;
  const char *uri;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);
  uri = hrm_test_server_get_uri (f->server);

  g_ptr_array_add (secrets, g_strdup (HRM_TEST_PASSWORD));
  g_ptr_array_add (secrets, g_strdup (f->admin_token));
  g_ptr_array_add (secrets, g_strdup (f->clerk_token));

  /* Sign-ins: good, bad, refreshed, revoked. */
  {
    g_autoptr(HrmTestResponse) pair =
      hrm_test_post_form (f->session, uri, "/oauth/token", "grant_type", "password",
                          "username", "admin", "password", HRM_TEST_PASSWORD, NULL);
    g_autoptr(HrmTestResponse) wrong =
      hrm_test_post_form (f->session, uri, "/oauth/token", "grant_type", "password",
                          "username", "admin", "password", "wrong-secret-password", NULL);
    g_autoptr(HrmTestResponse) refreshed = NULL;
    g_autoptr(HrmTestResponse) revoked = NULL;

    hrm_test_assert_status (pair, 200);
    hrm_test_assert_status (wrong, 400);
    g_ptr_array_add (secrets, g_strdup ("wrong-secret-password"));
    g_ptr_array_add (secrets, g_strdup (hrm_test_json_get_string (pair->json, "access_token")));
    g_ptr_array_add (secrets, g_strdup (hrm_test_json_get_string (pair->json, "refresh_token")));
    refreshed = hrm_test_post_form (f->session, uri, "/oauth/token", "grant_type", "refresh_token",
                                    "refresh_token", hrm_test_json_get_string (pair->json, "refresh_token"),
                                    NULL);
    hrm_test_assert_status (refreshed, 200);
    g_ptr_array_add (secrets, g_strdup (hrm_test_json_get_string (refreshed->json, "access_token")));
    g_ptr_array_add (secrets, g_strdup (hrm_test_json_get_string (refreshed->json, "refresh_token")));
    revoked = hrm_test_post_form (f->session, uri, "/oauth/revoke", "token",
                                  hrm_test_json_get_string (refreshed->json, "access_token"), NULL);
    hrm_test_assert_status (revoked, 200);
  }

  /* A bad token on the API. */
  {
    g_autoptr(HrmTestResponse) r = api_as (f, "not-a-real-token-but-secret", "GET", "/api/v1/me", NULL);
    hrm_test_assert_status (r, 401);
    g_ptr_array_add (secrets, g_strdup ("not-a-real-token-but-secret"));
  }

  /* The employee flow: verification, confirmation, password reset. */
  id = some_user_id (f, 0);
  {
    g_autoptr(JsonObject) user = get_user (f, id, NULL);
    user_id = g_strdup (hrm_test_json_get_string (user, "user_id"));
  }
  verify_link = send_verification (f, id, "secret.keeper@example.com");
  g_ptr_array_add (secrets, link_token (verify_link));
  {
    g_autoptr(HrmTestResponse) page = hrm_test_http (f->session, "GET", verify_link, NULL, NULL, 0, NULL);
    g_autoptr(HrmTestResponse) confirm =
      hrm_test_post_form (f->session, uri, "/connect/verify", "token", secrets->pdata[secrets->len - 1], NULL);
    g_autoptr(HrmTestResponse) again =
      hrm_test_post_form (f->session, uri, "/connect/verify", "token", secrets->pdata[secrets->len - 1], NULL);

    hrm_test_assert_status (page, 200);
    hrm_test_assert_status (confirm, 200);
    hrm_test_assert_status (again, 410);
  }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "/password-reset", id);
    g_autoptr(HrmTestResponse) r = api (f, "POST", path, NULL);

    hrm_test_assert_status (r, 202);
  }
  reset_link = wait_for_link (f, "secret.keeper@example.com", "/connect/reset?token=");
  g_ptr_array_add (secrets, link_token (reset_link));
  g_ptr_array_add (secrets, g_strdup ("a-very-hidden-new-passphrase"));
  {
    g_autoptr(HrmTestResponse) mismatch =
      hrm_test_post_form (f->session, uri, "/connect/reset", "token", secrets->pdata[secrets->len - 2],
                          "password", "a-very-hidden-new-passphrase", "confirm", "another-hidden-passphrase", NULL);
    g_autoptr(HrmTestResponse) set =
      hrm_test_post_form (f->session, uri, "/connect/reset", "token", secrets->pdata[secrets->len - 2],
                          "password", "a-very-hidden-new-passphrase", "confirm", "a-very-hidden-new-passphrase", NULL);
    g_autoptr(HrmTestResponse) sign_in =
      hrm_test_post_form (f->session, uri, "/oauth/token", "grant_type", "password",
                          "username", user_id, "password", "a-very-hidden-new-passphrase", NULL);

    hrm_test_assert_status (mismatch, 422);
    hrm_test_assert_status (set, 200);
    hrm_test_assert_status (sign_in, 200);
    g_ptr_array_add (secrets, g_strdup ("another-hidden-passphrase"));
    g_ptr_array_add (secrets, g_strdup (hrm_test_json_get_string (sign_in->json, "access_token")));
  }

  /* Everything is in the log once the server has stopped. */
  hrm_test_server_stop (f->server);
  log = hrm_test_server_dup_log (f->server);
  g_assert_nonnull (log);
  /* Debug messages were on, so the log says something about the requests. */
  g_assert_cmpuint (strlen (log), >, 0);

  for (guint i = 0; i < secrets->len; i++)
    {
      const char *secret = secrets->pdata[i];

      g_assert_nonnull (secret);
      g_assert_cmpuint (strlen (secret), >=, 10);
      if (strstr (log, secret) != NULL)
        g_test_message ("secret #%u is in the server's log", i);
      g_assert_null (strstr (log, secret));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/secrets/not-in-the-log", Fixture, NULL, setup, test_log_has_no_secrets,
              fixture_teardown);

  return g_test_run ();
}
