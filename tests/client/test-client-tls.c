/* test-client-tls.c — HTTPS to a real hrm-server with a certificate from a test CA
 *
 * The CA and the server certificate (for IP 127.0.0.1) are made with openssl
 * at build time (make-test-certs.sh) into G_TEST_BUILDDIR/client.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-client-tls"

#include "hrm-client-test.h"

static HrmTestServer *
start_https_server (void)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_BUILT, "client", "test-server.pem", NULL);
  g_autofree char *key = g_test_build_filename (G_TEST_BUILT, "client", "test-server-key.pem", NULL);
  const char *args[] = { "--tls-cert", cert, "--tls-key", key, NULL };
  g_autoptr(GError) error = NULL;
  HrmTestServer *server;

  if (!hrm_test_server_available ())
    {
      g_test_skip ("no hrm-server in this build");
      return NULL;
    }

  server = hrm_test_server_new_full (TRUE, args, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hrm_test_server_get_uri (server), "https://127.0.0.1:"));
  return server;
}

static gboolean
sign_in (HrmClient  *client,
         GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  hrm_client_sign_in_async (client, "admin", HRM_TEST_PASSWORD, NULL, hrm_client_test_keep_result,
                            &slot);
  result = hrm_client_test_wait (&slot);
  return hrm_client_sign_in_finish (client, result, error);
}

/* Trusting the test CA, the client signs in and calls the API over HTTPS. */
static void
test_trusted (void)
{
  g_autoptr(HrmTestServer) server = start_https_server ();
  g_autofree char *ca = g_test_build_filename (G_TEST_BUILT, "client", "test-ca.pem", NULL);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(HrmClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HrmUser) me = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  database = g_tls_file_database_new (ca, &error);
  g_assert_no_error (error);

  client = hrm_client_new (hrm_test_server_get_uri (server), &error);
  g_assert_no_error (error);
  hrm_client_set_tls_database (client, database);

  g_assert_true (sign_in (client, &error));
  g_assert_no_error (error);

  hrm_client_get_me_async (client, NULL, hrm_client_test_keep_result, &slot);
  result = hrm_client_test_wait (&slot);
  me = hrm_client_get_me_finish (client, result, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hrm_user_get_user_id (me), ==, "admin");
}

/* Without the CA the certificate is not trusted: refused, and the password
 * was never sent. */
static void
test_untrusted (void)
{
  g_autoptr(HrmTestServer) server = start_https_server ();
  g_autoptr(HrmClient) client = NULL;
  g_autoptr(GError) error = NULL;

  if (server == NULL)
    return;

  client = hrm_client_new (hrm_test_server_get_uri (server), &error);
  g_assert_no_error (error);

  /* The system's CAs (the default): they do not know the test CA. */
  g_assert_false (sign_in (client, &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INSECURE);
  g_assert_cmpstr (error->message, ==, "The server’s certificate is not trusted");
  g_assert_false (hrm_client_get_signed_in (client));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/tls/trusted", test_trusted);
  g_test_add_func ("/client/tls/untrusted", test_untrusted);

  return g_test_run ();
}
