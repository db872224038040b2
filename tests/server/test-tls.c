/* test-tls.c — hrm-server over HTTPS (--tls-cert, --tls-key)
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <glib/gstdio.h>
#include <string.h>

#include "server-test.h"

static void
test_https (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *certs = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autoptr(HrmTestServer) server = NULL;
  g_autoptr(SoupSession) trusting = NULL;
  g_autoptr(SoupSession) plain = NULL;
  g_autofree char *token = NULL;

  if (!hrm_test_server_available ())
    {
      g_test_skip ("HRM_SERVER_PATH is not set: hrm-server was not built");
      return;
    }

  certs = g_dir_make_tmp ("hrm-test-tls-XXXXXX", &error);
  g_assert_no_error (error);
  hrm_test_make_certificate (certs, &cert, &key, &error);
  g_assert_no_error (error);

  {
    const char *args[] = { "--tls-cert", cert, "--tls-key", key, NULL };

    server = hrm_test_server_new_full (TRUE, args, NULL, &error);
    g_assert_no_error (error);
  }

  /* It says so on its Listening line. */
  g_assert_true (g_str_has_prefix (hrm_test_server_get_uri (server), "https://127.0.0.1:"));

  /* A client that trusts the certificate gets through, and can sign in. */
  token = hrm_test_sign_in (server, "admin");
  trusting = hrm_test_session_new_trusting (cert);
  {
    g_autoptr(HrmTestResponse) r =
      hrm_test_api (trusting, hrm_test_server_get_uri (server), token, "GET", "/api/v1/me", NULL, NULL);
    hrm_test_assert_status (r, 200);
  }

  /* One that does not refuses the connection: no silent downgrade. */
  plain = hrm_test_session_new ();
  {
    g_autoptr(HrmTestResponse) r =
      hrm_test_api (plain, hrm_test_server_get_uri (server), token, "GET", "/api/v1/me", NULL, NULL);

    g_assert_cmpuint (r->status, ==, 0);
    g_assert_error (r->error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  }

  /* The links in mail are https too. */
  {
    g_autoptr(HrmTestResponse) me =
      hrm_test_api (trusting, hrm_test_server_get_uri (server), token, "GET", "/api/v1/me", NULL, NULL);
    g_autoptr(HrmTestResponse) list =
      hrm_test_api (trusting, hrm_test_server_get_uri (server), token, "GET", "/api/v1/users?limit=5", NULL, NULL);
    JsonArray *items = hrm_test_json_get_array (list->json, "items");
    gint64 id = 0;
    g_autofree char *path = NULL;
    g_autofree char *etag = NULL;
    g_autofree char *message = NULL;
    g_autofree char *link = NULL;

    for (guint i = 0; i < json_array_get_length (items) && id == 0; i++)
      {
        JsonObject *user = json_array_get_object_element (items, i);

        if (hrm_test_json_get_int (user, "id") != hrm_test_json_get_int (me->json, "user.id")
            && g_strcmp0 (hrm_test_json_get_string (user, "user_id"), "clerk") != 0)
          id = hrm_test_json_get_int (user, "id");
      }
    g_assert_cmpint (id, >, 0);
    path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, id);
    {
      g_autoptr(HrmTestResponse) r =
        hrm_test_api (trusting, hrm_test_server_get_uri (server), token, "GET", path, NULL, NULL);
      etag = g_strdup (hrm_test_response_get_header (r, "ETag"));
    }
    {
      g_autoptr(HrmTestResponse) r =
        hrm_test_api (trusting, hrm_test_server_get_uri (server), token, "PATCH", path,
                      "{\"email\": \"tls.user@example.com\"}", "If-Match", etag, NULL);
      hrm_test_assert_status (r, 200);
    }
    {
      g_autofree char *verify = g_strconcat (path, "/verification-email", NULL);
      g_autoptr(HrmTestResponse) r =
        hrm_test_api (trusting, hrm_test_server_get_uri (server), token, "POST", verify, NULL, NULL);
      hrm_test_assert_status (r, 202);
    }
    message = hrm_test_server_wait_for_mail (server, "tls.user@example.com", MAIL_TIMEOUT_MS);
    g_assert_nonnull (message);
    link = hrm_test_mail_extract_link (message, "/connect/verify?token=");
    g_assert_nonnull (link);
    g_assert_true (g_str_has_prefix (link, "https://"));
  }

  g_clear_pointer (&server, hrm_test_server_free);
  g_unlink (cert);
  g_unlink (key);
  g_rmdir (certs);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/tls/https", test_https);

  return g_test_run ();
}
