/* test-seed-flow.c — the whole life of a connection, end to end, as an
 * administrator and an employee live it:
 *
 *   set an email → send verification → the employee opens the mailed link
 *   (still pending) → confirms (linked) → resets the password through its
 *   mail and signs in → the administrator deletes the connection (not
 *   linked) → sets another email and verifies again.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>

#include "server-test.h"

static const char * const no_resend_wait_env[] = { "HRM_SERVER_RESEND_INTERVAL=0", NULL };

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  fixture_setup_with_env (f, no_resend_wait_env);
}

static const char *
state_of (JsonObject *user)
{
  return hrm_test_json_get_string (user, "connection.state");
}

static void
test_seed_flow (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *base = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *verify_link = NULL;
  g_autofree char *reset_link = NULL;
  g_autofree char *second_link = NULL;
  g_autofree char *user_id = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 3);
  base = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, id);

  /* 1. The administrator sets an email address. */
  {
    g_autoptr(JsonObject) user = get_user (f, id, &etag);
    g_autoptr(HrmTestResponse) r =
      patch_user (f, id, etag, "application/merge-patch+json", "{\"email\": \"maja.lind@example.com\"}", -1);

    g_assert_cmpstr (state_of (user), ==, "not_linked");
    user_id = g_strdup (hrm_test_json_get_string (user, "user_id"));
    hrm_test_assert_status (r, 200);
    g_assert_cmpstr (hrm_test_json_get_string (r->json, "email"), ==, "maja.lind@example.com");
    g_assert_cmpstr (state_of (r->json), ==, "not_linked");
  }

  /* 2. … and sends the verification email. */
  {
    g_autofree char *path = g_strconcat (base, "/verification-email", NULL);
    g_autoptr(HrmTestResponse) r = api (f, "POST", path, NULL);
    g_autoptr(JsonObject) user = NULL;

    hrm_test_assert_status (r, 202);
    user = get_user (f, id, NULL);
    g_assert_cmpstr (state_of (user), ==, "pending");
    g_assert_cmpstr (hrm_test_json_get_string (user, "connection.pending_email"), ==, "maja.lind@example.com");
  }

  /* 3. The employee finds it in the mailbox and opens the link: still pending. */
  verify_link = wait_for_link (f, "maja.lind@example.com", "/connect/verify?token=");
  g_assert_nonnull (verify_link);
  {
    g_autoptr(HrmTestResponse) page = hrm_test_http (f->session, "GET", verify_link, NULL, NULL, 0, NULL);
    g_autoptr(JsonObject) user = NULL;

    hrm_test_assert_status (page, 200);
    user = get_user (f, id, NULL);
    g_assert_cmpstr (state_of (user), ==, "pending");
  }

  /* 4. … and confirms: linked with that address. */
  {
    g_autofree char *token = link_token (verify_link);
    g_autoptr(HrmTestResponse) confirm =
      hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/connect/verify",
                          "token", token, NULL);
    g_autoptr(JsonObject) user = NULL;

    hrm_test_assert_status (confirm, 200);
    user = get_user (f, id, NULL);
    g_assert_cmpstr (state_of (user), ==, "linked");
    g_assert_cmpstr (hrm_test_json_get_string (user, "connection.email"), ==, "maja.lind@example.com");
    g_assert_nonnull (hrm_test_json_get_string (user, "connection.verified_at"));
  }

  /* 5. A password reset through its mail; the employee then signs in. */
  {
    g_autofree char *path = g_strconcat (base, "/password-reset", NULL);
    g_autoptr(HrmTestResponse) r = api (f, "POST", path, NULL);

    hrm_test_assert_status (r, 202);
  }
  reset_link = wait_for_link (f, "maja.lind@example.com", "/connect/reset?token=");
  g_assert_nonnull (reset_link);
  {
    g_autoptr(HrmTestResponse) page = hrm_test_http (f->session, "GET", reset_link, NULL, NULL, 0, NULL);
    g_autofree char *token = link_token (reset_link);
    g_autoptr(HrmTestResponse) set = NULL;
    g_autoptr(HrmTestResponse) sign_in = NULL;

    hrm_test_assert_status (page, 200);
    set = hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/connect/reset",
                              "token", token, "password", "river-stone-garden-lamp",
                              "confirm", "river-stone-garden-lamp", NULL);
    hrm_test_assert_status (set, 200);

    sign_in = hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/oauth/token",
                                  "grant_type", "password", "username", user_id,
                                  "password", "river-stone-garden-lamp", NULL);
    hrm_test_assert_status (sign_in, 200);
  }

  /* 6. The administrator deletes the connection: not linked. */
  {
    g_autofree char *path = g_strconcat (base, "/connection", NULL);
    g_autoptr(HrmTestResponse) r = api (f, "DELETE", path, NULL);
    g_autoptr(JsonObject) user = NULL;

    hrm_test_assert_status (r, 204);
    user = get_user (f, id, NULL);
    g_assert_cmpstr (state_of (user), ==, "not_linked");
    g_assert_true (hrm_test_json_is_null (user, "connection.email"));
    /* The old verification link does not bring the link back. */
    {
      g_autofree char *token = link_token (verify_link);
      g_autoptr(HrmTestResponse) replay =
        hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/connect/verify",
                            "token", token, NULL);
      g_autoptr(JsonObject) still = NULL;

      g_assert_cmpuint (replay->status, !=, 200);
      still = get_user (f, id, NULL);
      g_assert_cmpstr (state_of (still), ==, "not_linked");
    }
  }

  /* 7. Another address, verified again. */
  g_free (etag);
  etag = NULL;
  {
    g_autoptr(JsonObject) user = get_user (f, id, &etag);
    g_autoptr(HrmTestResponse) r =
      patch_user (f, id, etag, "application/merge-patch+json", "{\"email\": \"maja@lind.example.org\"}", -1);

    hrm_test_assert_status (r, 200);
  }
  {
    g_autofree char *path = g_strconcat (base, "/verification-email", NULL);
    g_autoptr(HrmTestResponse) r = api (f, "POST", path, NULL);

    hrm_test_assert_status (r, 202);
  }
  second_link = wait_for_link (f, "maja@lind.example.org", "/connect/verify?token=");
  g_assert_nonnull (second_link);
  g_assert_cmpstr (second_link, !=, verify_link);
  {
    g_autofree char *token = link_token (second_link);
    g_autoptr(HrmTestResponse) confirm =
      hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/connect/verify",
                          "token", token, NULL);
    g_autoptr(JsonObject) user = NULL;

    hrm_test_assert_status (confirm, 200);
    user = get_user (f, id, NULL);
    g_assert_cmpstr (state_of (user), ==, "linked");
    g_assert_cmpstr (hrm_test_json_get_string (user, "connection.email"), ==, "maja@lind.example.org");
  }

  /* The list agrees with the user page. */
  {
    g_autoptr(GPtrArray) linked = list_all_users (f, "connection=linked&q=lind.example.org", 50);

    g_assert_cmpuint (linked->len, ==, 1);
    g_assert_cmpint (hrm_test_json_get_int (g_ptr_array_index (linked, 0), "id"), ==, id);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/seed-flow", Fixture, NULL, setup, test_seed_flow, fixture_teardown);

  return g_test_run ();
}
