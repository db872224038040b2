/* test-access.c — who may call what: 401 without a good token, 403 without the
 * Users view; /me and /organisation
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>

#include "server-test.h"

static const char *api_paths[] = {
  "/api/v1/me",
  "/api/v1/organisation",
  "/api/v1/users",
  "/api/v1/users/1",
  "/api/v1/roles",
  "/api/v1/account-codes",
  "/api/v1/users/1/authorisations",
  "/api/v1/users/1/account-code-audit",
  "/api/v1/users/1/events",
};

/* Routes only users with the Users view may call. */
static const struct { const char *method; const char *path; const char *body; } users_view_routes[] = {
  { "GET", "/api/v1/users", NULL },
  { "GET", "/api/v1/users?q=a", NULL },
  { "GET", "/api/v1/users/{id}", NULL },
  { "PATCH", "/api/v1/users/{id}", "{\"first_name\": \"Mallory\"}" },
  { "POST", "/api/v1/users/{id}/verification-email", NULL },
  { "POST", "/api/v1/users/{id}/password-reset", NULL },
  { "DELETE", "/api/v1/users/{id}/connection", NULL },
  { "GET", "/api/v1/roles", NULL },
  { "GET", "/api/v1/users/{id}/authorisations", NULL },
  { "PUT", "/api/v1/users/{id}/authorisations", "{\"items\": []}" },
  { "GET", "/api/v1/account-codes", NULL },
  { "GET", "/api/v1/users/{id}/account-code-audit", NULL },
  { "PUT", "/api/v1/users/{id}/account-code-audit", "{\"items\": []}" },
  { "GET", "/api/v1/users/{id}/events", NULL },
};

static void
assert_unauthorized (HrmTestResponse *r)
{
  const char *challenge;

  hrm_test_assert_status (r, 401);
  challenge = hrm_test_response_get_header (r, "WWW-Authenticate");
  g_assert_nonnull (challenge);
  g_assert_true (g_ascii_strncasecmp (challenge, "Bearer", 6) == 0);
  g_assert_cmpstr (hrm_test_response_error_code (r), ==, "unauthorized");
  g_assert_nonnull (hrm_test_json_get_string (r->json, "error.message"));
}

static void
test_no_token (Fixture       *f,
               gconstpointer  data)
{
  SKIP_WITHOUT_SERVER (f);

  for (guint i = 0; i < G_N_ELEMENTS (api_paths); i++)
    {
      g_autoptr(HrmTestResponse) r = api_as (f, NULL, "GET", api_paths[i], NULL);

      g_test_message ("GET %s", api_paths[i]);
      assert_unauthorized (r);
    }
}

static void
test_bad_token (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *tampered = NULL;
  g_autofree char *uri = NULL;

  SKIP_WITHOUT_SERVER (f);

  tampered = g_strdup (f->admin_token);
  tampered[strlen (tampered) / 2] = tampered[strlen (tampered) / 2] == 'A' ? 'B' : 'A';

  for (guint i = 0; i < G_N_ELEMENTS (api_paths); i++)
    {
      g_autoptr(HrmTestResponse) bogus = api_as (f, "bogus-token", "GET", api_paths[i], NULL);
      g_autoptr(HrmTestResponse) changed = api_as (f, tampered, "GET", api_paths[i], NULL);

      g_test_message ("GET %s", api_paths[i]);
      assert_unauthorized (bogus);
      assert_unauthorized (changed);
    }

  /* Another scheme is not a bearer token. */
  uri = hrm_test_server_build_uri (f->server, "/api/v1/me");
  {
    g_autoptr(HrmTestResponse) r =
      hrm_test_http (f->session, "GET", uri, NULL, NULL, 0,
                     "Authorization", "Basic YWRtaW46Y29ycmVjdC1ob3JzZS1iYXR0ZXJ5", NULL);
    assert_unauthorized (r);
  }
}

static void
test_clerk_forbidden (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 target;

  SKIP_WITHOUT_SERVER (f);

  target = some_user_id (f, 0);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, target);
  before = user_snapshot (f, target);

  for (guint i = 0; i < G_N_ELEMENTS (users_view_routes); i++)
    {
      g_autoptr(GString) path_s = g_string_new (users_view_routes[i].path);
      g_autoptr(HrmTestResponse) r = NULL;
      const char *path;

      g_string_replace (path_s, "{id}", id, 0);
      path = path_s->str;

      g_test_message ("%s %s", users_view_routes[i].method, path);
      r = hrm_test_api (f->session, hrm_test_server_get_uri (f->server), f->clerk_token,
                        users_view_routes[i].method, path, users_view_routes[i].body,
                        "If-Match", "\"anything\"", NULL);
      hrm_test_assert_status (r, 403);
      g_assert_cmpstr (hrm_test_response_error_code (r), ==, "forbidden");
      g_assert_nonnull (hrm_test_json_get_string (r->json, "error.message"));
    }

  /* Nothing the clerk tried changed anything, and no mail went out. */
  after = user_snapshot (f, target);
  g_assert_cmpstr (before, ==, after);
}

static void
test_me (Fixture       *f,
         gconstpointer  data)
{
  g_autoptr(HrmTestResponse) admin = NULL;
  g_autoptr(HrmTestResponse) clerk = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmUser) user = NULL;

  SKIP_WITHOUT_SERVER (f);

  admin = api (f, "GET", "/api/v1/me", NULL);
  hrm_test_assert_status (admin, 200);
  g_assert_true (hrm_test_json_get_bool (admin->json, "may_manage_users"));
  g_assert_cmpstr (hrm_test_json_get_string (admin->json, "user.user_id"), ==, "admin");

  /* The user in /me is a complete User the core layer can read. */
  user = hrm_user_new_from_json (hrm_test_json_get_object (admin->json, "user"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hrm_user_get_user_id (user), ==, "admin");
  g_assert_cmpint (hrm_user_get_id (user), >, 0);

  clerk = api_as (f, f->clerk_token, "GET", "/api/v1/me", NULL);
  hrm_test_assert_status (clerk, 200);
  g_assert_cmpstr (hrm_test_json_get_string (clerk->json, "user.user_id"), ==, "clerk");
  g_assert_true (json_object_has_member (clerk->json, "may_manage_users"));
  g_assert_false (hrm_test_json_get_bool (clerk->json, "may_manage_users"));
}

static void
test_organisation (Fixture       *f,
                   gconstpointer  data)
{
  SKIP_WITHOUT_SERVER (f);

  /* Everyone signed in may see the organisation, the clerk too. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(HrmTestResponse) r =
        api_as (f, i == 0 ? f->admin_token : f->clerk_token, "GET", "/api/v1/organisation", NULL);
      const char *phase;

      hrm_test_assert_status (r, 200);
      g_assert_nonnull (hrm_test_json_get_string (r->json, "name"));
      g_assert_cmpstr (hrm_test_json_get_string (r->json, "name"), !=, "");
      g_assert_cmpstr (hrm_test_json_get_string (r->json, "identity_provider_name"), ==, "Visma Connect");
      phase = hrm_test_json_get_string (r->json, "provisioning_phase");
      g_assert_true (g_strcmp0 (phase, "preparation") == 0 || g_strcmp0 (phase, "active") == 0);
      g_assert_cmpint (hrm_test_json_get_int (r->json, "verification_ttl_seconds"), ==, 86400);
    }
}

static void
test_unknown_route (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(HrmTestResponse) r = NULL;

  SKIP_WITHOUT_SERVER (f);

  r = api (f, "GET", "/api/v1/no-such-thing", NULL);
  hrm_test_assert_status (r, 404);
  g_assert_cmpstr (hrm_test_response_error_code (r), ==, "not_found");
}

/* Every JSON answer tells browsers not to guess another type, and the Server
 * header names no versions. */
static void
test_response_headers (Fixture       *f,
                       gconstpointer  data)
{
  static const char *paths[] = { "/api/v1/no-such-thing", "/api/v1/me" };

  SKIP_WITHOUT_SERVER (f);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(HrmTestResponse) r = api (f, "GET", paths[i], NULL);

      g_assert_cmpstr (hrm_test_response_get_header (r, "X-Content-Type-Options"), ==, "nosniff");
      g_assert_cmpstr (hrm_test_response_get_header (r, "Server"), ==, "hrm-server");
    }
}

static void
test_unknown_user (Fixture       *f,
                   gconstpointer  data)
{
  static const struct { const char *method; const char *path; const char *body; } routes[] = {
    { "GET", "/api/v1/users/999999", NULL },
    { "PATCH", "/api/v1/users/999999", "{\"first_name\": \"X\"}" },
    { "POST", "/api/v1/users/999999/verification-email", NULL },
    { "POST", "/api/v1/users/999999/password-reset", NULL },
    { "DELETE", "/api/v1/users/999999/connection", NULL },
    { "GET", "/api/v1/users/999999/authorisations", NULL },
    { "PUT", "/api/v1/users/999999/authorisations", "{\"items\": [{\"role_id\": 1, \"scope\": {\"type\": \"company\"}}]}" },
    { "GET", "/api/v1/users/999999/account-code-audit", NULL },
    { "PUT", "/api/v1/users/999999/account-code-audit", "{\"items\": []}" },
    { "GET", "/api/v1/users/999999/events", NULL },
  };

  static const char *odd_ids[] = { "/api/v1/users/0", "/api/v1/users/-1", "/api/v1/users/abc",
                                   "/api/v1/users/1.5", "/api/v1/users/99999999999999999999" };

  SKIP_WITHOUT_SERVER (f);

  for (guint i = 0; i < G_N_ELEMENTS (odd_ids); i++)
    {
      g_autoptr(HrmTestResponse) r = api (f, "GET", odd_ids[i], NULL);

      g_test_message ("GET %s", odd_ids[i]);
      hrm_test_assert_status (r, 404);
      g_assert_cmpstr (hrm_test_response_error_code (r), ==, "not_found");
    }

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      g_autoptr(HrmTestResponse) r =
        hrm_test_api (f->session, hrm_test_server_get_uri (f->server), f->admin_token,
                      routes[i].method, routes[i].path, routes[i].body,
                      "If-Match", "\"anything\"", NULL);

      g_test_message ("%s %s", routes[i].method, routes[i].path);
      hrm_test_assert_status (r, 404);
      g_assert_cmpstr (hrm_test_response_error_code (r), ==, "not_found");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TEST ("/server/access/no-token", test_no_token);
  ADD_TEST ("/server/access/bad-token", test_bad_token);
  ADD_TEST ("/server/access/clerk-forbidden", test_clerk_forbidden);
  ADD_TEST ("/server/access/me", test_me);
  ADD_TEST ("/server/access/organisation", test_organisation);
  ADD_TEST ("/server/access/unknown-route", test_unknown_route);
  ADD_TEST ("/server/access/response-headers", test_response_headers);
  ADD_TEST ("/server/access/unknown-user", test_unknown_user);

  return g_test_run ();
}
