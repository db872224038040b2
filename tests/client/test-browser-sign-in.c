/* test-browser-sign-in.c — HrmBrowserSignIn against a real hrm-server
 *
 * The test plays the system browser (tests/common/hrm-test-browser.h): it
 * opens the URL the sign-in hands out, posts the server's form and follows
 * the redirect to the sign-in's loopback listener, as Chromium would.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-browser-sign-in"

#include <libsoup/soup.h>

#include "hrm-browser-sign-in.h"
#include "hrm-client-test.h"
#include "hrm-test-browser.h"

typedef struct
{
  HrmTestServer    *server;
  HrmClient        *client;
  HrmBrowserSignIn *sign_in;
  GCancellable     *cancellable;
  GAsyncResult     *result;   /* of sign_in_async */
} F;

static void
setup (F             *f,
       gconstpointer  data)
{
  const char * const *args = data;
  g_autoptr(GError) error = NULL;

  if (!hrm_test_server_available ())
    {
      g_test_skip ("no hrm-server");
      return;
    }
  f->server = hrm_test_server_new_full (TRUE, args, NULL, &error);
  g_assert_no_error (error);
  f->client = hrm_client_new (hrm_test_server_get_uri (f->server), &error);
  g_assert_no_error (error);
  f->sign_in = hrm_browser_sign_in_new (f->client);
  f->cancellable = g_cancellable_new ();
}

static void
teardown (F             *f,
          gconstpointer  data)
{
  g_clear_object (&f->result);
  g_clear_object (&f->sign_in);
  /* What the listener still had to do (the last reference it keeps until the
   * browser has its page) runs from the main context. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->client);
  g_clear_object (&f->cancellable);
  g_clear_pointer (&f->server, hrm_test_server_free);
}

static const char *plain[] = { NULL };
static const char *no_password_grant[] = { HRM_TEST_SERVER_NO_PASSWORD_GRANT, NULL };

static gboolean
has_uri (gpointer data)
{
  F *f = data;

  return hrm_browser_sign_in_get_uri (f->sign_in) != NULL || f->result != NULL;
}

/* Starts the sign-in and waits until it hands out the URL for the browser. */
static const char *
start (F *f)
{
  hrm_browser_sign_in_sign_in_async (f->sign_in, f->cancellable, hrm_client_test_keep_result,
                                     &f->result);
  hrm_client_test_wait_until (has_uri, f);
  g_assert_null (f->result);
  return hrm_browser_sign_in_get_uri (f->sign_in);
}

/* Waits for the sign-in to end; returns its outcome. */
static gboolean
finish (F       *f,
        GError **error)
{
  g_autoptr(GAsyncResult) result = hrm_client_test_wait (&f->result);

  return hrm_browser_sign_in_sign_in_finish (f->sign_in, result, error);
}

/* The redirect_uri the URL names: where the app listens. */
static char *
redirect_uri_of (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_autoptr(GHashTable) params = NULL;

  g_assert_nonnull (parsed);
  params = g_uri_parse_params (g_uri_get_query (parsed), -1, "&", G_URI_PARAMS_NONE, NULL);
  return g_strdup (g_hash_table_lookup (params, "redirect_uri"));
}

static void
test_discovery (F             *f,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HrmServerMetadata) metadata = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;

  if (f->server == NULL)
    return;

  hrm_client_discover_async (f->client, NULL, hrm_client_test_keep_result, &result);
  result = hrm_client_test_wait (&result);
  metadata = hrm_client_discover_finish (f->client, result, &error);
  g_assert_no_error (error);
  endpoint = g_strconcat (hrm_test_server_get_uri (f->server), "/oauth/authorize", NULL);
  g_assert_cmpstr (metadata->authorization_endpoint, ==, endpoint);
  /* The fixture allows the password grant unless told not to. */
  g_assert_cmpint (metadata->password_grant, ==, data == plain);
}

/* An hrm-server before 0.2: everything is 404. */
static void
answer_not_found (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
test_discovery_missing (void)
{
  g_autoptr(SoupServer) old = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmClient) client = NULL;
  g_autoptr(HrmBrowserSignIn) sign_in = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *base = NULL;
  GSList *uris;

  soup_server_add_handler (old, NULL, answer_not_found, NULL, NULL);
  soup_server_listen_local (old, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (old);
  base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  client = hrm_client_new (base, &error);
  g_assert_no_error (error);
  sign_in = hrm_browser_sign_in_new (client);
  hrm_browser_sign_in_sign_in_async (sign_in, NULL, hrm_client_test_keep_result, &result);
  result = hrm_client_test_wait (&result);
  g_assert_false (hrm_browser_sign_in_sign_in_finish (sign_in, result, &error));
  g_assert_error (error, HRM_BROWSER_SIGN_IN_ERROR, HRM_BROWSER_SIGN_IN_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "older than 0.2"));
  /* Nothing to open in a browser. */
  g_assert_null (hrm_browser_sign_in_get_uri (sign_in));
  g_assert_false (hrm_client_get_signed_in (client));
}

static void
test_sign_in (F             *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmTestBrowserResult) browser = NULL;
  g_autoptr(HrmTestBrowserResult) again = NULL;
  g_autoptr(HrmTestBrowserResult) elsewhere = NULL;
  g_autoptr(HrmClient) resumed = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *redirect = NULL;
  const char *uri;

  if (f->server == NULL)
    return;

  uri = start (f);
  redirect = redirect_uri_of (uri);
  /* RFC 8252 §7.3: the loopback address by number, a port of its own. */
  g_assert_true (g_str_has_prefix (redirect, "http://127.0.0.1:"));
  g_assert_nonnull (strstr (uri, "code_challenge_method=S256"));

  browser = hrm_test_browser_sign_in (uri, "admin", HRM_TEST_PASSWORD);
  g_assert_cmpuint (browser->status, ==, 200);
  g_assert_nonnull (strstr (browser->text, "You can close this tab and return to HRM Users"));
  g_assert_true (finish (f, &error));
  g_assert_no_error (error);

  /* The same session the password makes: signed in, named, a refresh token. */
  g_assert_true (hrm_client_get_signed_in (f->client));
  g_assert_cmpstr (hrm_client_get_username (f->client), ==, "admin");
  g_assert_nonnull (hrm_client_get_refresh_token (f->client));

  /* The one redirect is spent: a reload is answered and changes nothing. */
  again = hrm_test_browser_get (redirect);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_nonnull (strstr (again->text, "already"));
  g_assert_true (hrm_client_get_signed_in (f->client));
  /* The listener answers its path only. */
  {
    g_autoptr(GUri) parsed = g_uri_parse (redirect, G_URI_FLAGS_NONE, NULL);
    g_autofree char *root = g_strdup_printf ("http://127.0.0.1:%d/", g_uri_get_port (parsed));

    elsewhere = hrm_test_browser_get (root);
    g_assert_cmpuint (elsewhere->status, ==, 404);
  }

  /* Silent resume on the next start works with the stored refresh token. */
  resumed = hrm_client_new (hrm_test_server_get_uri (f->server), &error);
  g_assert_no_error (error);
  hrm_client_resume_async (resumed, "admin", hrm_client_get_refresh_token (f->client), NULL,
                           hrm_client_test_keep_result, &result);
  result = hrm_client_test_wait (&result);
  g_assert_true (hrm_client_resume_finish (resumed, result, &error));
  g_assert_no_error (error);
}

static void
test_wrong_state (F             *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmTestBrowserResult) browser = NULL;
  g_autofree char *redirect = NULL;
  g_autofree char *forged = NULL;
  g_autofree char *state = NULL;

  if (f->server == NULL)
    return;

  redirect = redirect_uri_of (start (f));
  /* As long as a real state (32 bytes in base64url), so it is the bytes
   * that are compared, not the lengths. */
  state = g_strnfill (43, 'A');
  forged = g_strconcat (redirect, "?code=stolen&state=", state, NULL);
  browser = hrm_test_browser_get (forged);
  g_assert_cmpuint (browser->status, ==, 200);
  g_assert_false (finish (f, &error));
  g_assert_error (error, HRM_BROWSER_SIGN_IN_ERROR, HRM_BROWSER_SIGN_IN_ERROR_WRONG_STATE);
  g_assert_false (hrm_client_get_signed_in (f->client));
}

static void
test_error_redirect (F             *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmTestBrowserResult) browser = NULL;

  if (f->server == NULL)
    return;

  browser = hrm_test_browser_cancel (start (f));
  g_assert_nonnull (strstr (browser->location, "error=access_denied"));
  g_assert_cmpuint (browser->status, ==, 200);
  g_assert_false (finish (f, &error));
  g_assert_error (error, HRM_BROWSER_SIGN_IN_ERROR, HRM_BROWSER_SIGN_IN_ERROR_DENIED);
  g_assert_cmpstr (error->message, ==, "Sign-in was cancelled in the browser");
  g_assert_false (hrm_client_get_signed_in (f->client));
}

static void
test_cancel (F             *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmTestBrowserResult) browser = NULL;
  g_autofree char *uri = NULL;

  if (f->server == NULL)
    return;

  uri = g_strdup (start (f));
  g_cancellable_cancel (f->cancellable);
  g_assert_false (finish (f, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* A browser that signs in after all gets a page, and no session is made. */
  browser = hrm_test_browser_sign_in (uri, "admin", HRM_TEST_PASSWORD);
  g_assert_cmpuint (browser->status, ==, 200);
  g_assert_false (hrm_client_get_signed_in (f->client));
}

static void
test_timeout (F             *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (f->server == NULL)
    return;

  /* Nobody comes back (the tab was closed): the sign-in gives up. */
  hrm_browser_sign_in_set_timeout (f->sign_in, 1);
  start (f);
  g_assert_false (finish (f, &error));
  g_assert_error (error, HRM_BROWSER_SIGN_IN_ERROR, HRM_BROWSER_SIGN_IN_ERROR_TIMED_OUT);
  g_assert_false (hrm_client_get_signed_in (f->client));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) g_test_add (path, F, data, setup, func, teardown)
  ADD ("/client/browser/discovery", plain, test_discovery);
  ADD ("/client/browser/discovery/no-password-grant", no_password_grant, test_discovery);
  g_test_add_func ("/client/browser/discovery/missing", test_discovery_missing);
  ADD ("/client/browser/sign-in", no_password_grant, test_sign_in);
  ADD ("/client/browser/wrong-state", plain, test_wrong_state);
  ADD ("/client/browser/error-redirect", plain, test_error_redirect);
  ADD ("/client/browser/cancel", plain, test_cancel);
  ADD ("/client/browser/timeout", plain, test_timeout);
#undef ADD

  return g_test_run ();
}
