/* test-client-errors.c — what HrmClient makes of answers the real server never gives
 *
 * The real hrm-server never answers 5xx, never sends a body that is not JSON
 * or has members of the wrong type, and never hangs. A client must still turn
 * those into clear errors instead of crashing, so this test runs a tiny
 * SoupServer of its own that does exactly that: the one place in the suite
 * where a fake server is legitimate. Everything the real server does is
 * tested against the real server (test-client.c). Also here: what
 * hrm_client_new() accepts, and a server that is not there at all.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-client-errors"

#include <libsoup/soup.h>

#include "hrm-client-test.h"

typedef struct
{
  SoupServer *server;
  char       *uri;       /* http://127.0.0.1:PORT */
  GPtrArray  *paused;    /* (element-type SoupServerMessage) never answered */
  guint       elsewhere; /* requests that reached /elsewhere/ */
  guint       elsewhere_authorized;  /* … with an Authorization header */
} Fixture;

static const char *tokens_body =
  "{\"access_token\": \"a\", \"token_type\": \"Bearer\", \"expires_in\": 300, \"refresh_token\": \"r\"}";

static void
respond (SoupServerMessage *message,
         guint              status,
         const char        *content_type,
         const char        *body)
{
  soup_server_message_set_status (message, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (message, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

/* The first path segment says how to misbehave; /oauth/token always works. */
static void
handle (SoupServer        *server,
        SoupServerMessage *message,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  Fixture *fixture = user_data;

  if (g_str_has_prefix (path, "/redirect/") && !g_str_has_suffix (path, "/oauth/token"))
    {
      g_autofree char *location = g_strconcat (fixture->uri, "/elsewhere", path, NULL);

      respond (message, 307, NULL, NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Location", location);
    }
  else if (g_str_has_prefix (path, "/elsewhere/"))
    {
      fixture->elsewhere++;
      if (soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                        "Authorization") != NULL)
        fixture->elsewhere_authorized++;
      respond (message, 404, "application/json",
               "{\"error\": {\"code\": \"not_found\", \"message\": \"Elsewhere\"}}");
    }
  else if (g_str_has_suffix (path, "/oauth/token") && !g_str_has_prefix (path, "/locked/"))
    respond (message, 200, "application/json", tokens_body);
  else if (g_str_has_prefix (path, "/503/"))
    respond (message, 503, "application/json",
             "{\"error\": {\"code\": \"unavailable\", \"message\": \"Down for maintenance until 10:00\"}}");
  else if (g_str_has_prefix (path, "/502/"))
    respond (message, 502, "text/html", "<html><body>Bad gateway</body></html>");
  else if (g_str_has_prefix (path, "/garbage/"))
    respond (message, 200, "application/json", "{\"user\": {\"id\": 1,");
  else if (g_str_has_prefix (path, "/binary/"))
    respond (message, 200, "application/json", "\xff\xfe\x00garbage");
  else if (g_str_has_prefix (path, "/array/"))
    respond (message, 200, "application/json", "[1, 2, 3]");
  else if (g_str_has_prefix (path, "/wrong-types/"))
    respond (message, 200, "application/json",
             "{\"user\": {\"id\": \"seven\", \"user_id\": 7}, \"may_manage_users\": \"yes\","
             " \"items\": [{\"id\": true}], \"next_cursor\": 5, \"total\": \"many\"}");
  else if (g_str_has_prefix (path, "/locked/"))
    {
      respond (message, 429, "application/json",
               "{\"error\": \"invalid_grant\", \"error_description\": \"Locked\"}");
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Retry-After", "45");
    }
  else if (g_str_has_prefix (path, "/silent/"))
    {
      soup_server_message_pause (message);
      g_ptr_array_add (fixture->paused, g_object_ref (message));
    }
  else
    respond (message, 404, "application/json",
             "{\"error\": {\"code\": \"not_found\", \"message\": \"No such thing\"}}");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  fixture->paused = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, handle, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fixture->server);
  g_assert_nonnull (uris);
  fixture->uri = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  for (guint i = 0; i < fixture->paused->len; i++)
    {
      SoupServerMessage *message = g_ptr_array_index (fixture->paused, i);

      respond (message, 500, NULL, NULL);
      soup_server_message_unpause (message);
    }
  g_clear_pointer (&fixture->paused, g_ptr_array_unref);
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->uri, g_free);
}

/* A signed-in client whose requests go to the fake server under /@mode/. */
static HrmClient *
client_for (Fixture    *fixture,
            const char *mode)
{
  g_autofree char *uri = g_strdup_printf ("%s/%s", fixture->uri, mode);

  return hrm_client_test_sign_in (uri, "admin");
}

static GError *
get_me_error (HrmClient    *client,
              GCancellable *cancellable)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HrmUser) user = NULL;
  GError *error = NULL;
  GAsyncResult *slot = NULL;

  hrm_client_get_me_async (client, cancellable, hrm_client_test_keep_result, &slot);
  result = hrm_client_test_wait (&slot);
  user = hrm_client_get_me_finish (client, result, NULL, &error);
  g_assert_null (user);
  g_assert_nonnull (error);
  return error;
}

static void
test_5xx_with_message (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(HrmClient) client = client_for (fixture, "503");
  g_autoptr(GError) error = get_me_error (client, NULL);

  g_assert_error (error, HRM_ERROR, HRM_ERROR_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==, "Down for maintenance until 10:00");
  /* A server error does not sign anyone out. */
  g_assert_true (hrm_client_get_signed_in (client));
}

static void
test_5xx_without_message (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(HrmClient) client = client_for (fixture, "502");
  g_autoptr(GError) error = get_me_error (client, NULL);

  g_assert_error (error, HRM_ERROR, HRM_ERROR_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==, "The server is unavailable (error 502). Try again later.");
}

static void
test_malformed_json (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *modes[] = { "garbage", "binary", "array" };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(HrmClient) client = client_for (fixture, modes[i]);
      g_autoptr(GError) error = get_me_error (client, NULL);

      g_test_message ("%s: %s", modes[i], error->message);
      g_assert_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL);
      g_assert_true (g_str_has_prefix (error->message,
                                       "The server sent an answer that could not be understood"));
    }
}

static void
test_wrong_types (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(HrmClient) client = client_for (fixture, "wrong-types");
  g_autoptr(GError) error = get_me_error (client, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HrmUsersPage) page = NULL;
  g_autoptr(GPtrArray) roles = NULL;
  GAsyncResult *slot = NULL;

  g_assert_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "“may_manage_users” must be true or false")
                    ? error->message : strstr (error->message, "“id” must be a whole number"));
  g_clear_error (&error);

  hrm_client_list_users_async (client, NULL, HRM_CONNECTION_FILTER_ALL, HRM_ENABLED_FILTER_ALL,
                               NULL, 0, NULL, hrm_client_test_keep_result, &slot);
  result = hrm_client_test_wait (&slot);
  page = hrm_client_list_users_finish (client, result, &error);
  g_assert_null (page);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_clear_object (&result);

  hrm_client_list_roles_async (client, NULL, hrm_client_test_keep_result, &slot);
  result = hrm_client_test_wait (&slot);
  roles = hrm_client_list_roles_finish (client, result, &error);
  g_assert_null (roles);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL);
}

/* A locked-out username: RFC 6749's body with 429 and Retry-After. */
static void
test_sign_in_rate_limited (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *uri = g_strdup_printf ("%s/locked", fixture->uri);
  g_autoptr(HrmClient) client = hrm_client_new (uri, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  hrm_client_sign_in_async (client, "admin", "whatever", NULL, hrm_client_test_keep_result, &slot);
  result = hrm_client_test_wait (&slot);
  g_assert_false (hrm_client_sign_in_finish (client, result, &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_RATE_LIMITED);
  g_assert_cmpstr (error->message, ==, "Too many attempts. Try again in 45 seconds.");
  g_assert_false (hrm_client_get_signed_in (client));
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *uri = g_strdup_printf ("%s/silent", fixture->uri);
  g_autoptr(HrmClient) client = hrm_client_new (uri, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  /* Before the first request: connections keep the timeout they were made with. */
  hrm_client_set_timeout (client, 1);
  hrm_client_sign_in_async (client, "admin", HRM_TEST_PASSWORD, NULL, hrm_client_test_keep_result,
                            &slot);
  result = hrm_client_test_wait (&slot);
  g_assert_true (hrm_client_sign_in_finish (client, result, NULL));

  error = get_me_error (client, NULL);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==, "The server did not answer in time");
}

static gboolean
cancel_soon (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(HrmClient) client = client_for (fixture, "silent");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  /* Cancelled while the request is on the wire. */
  g_idle_add (cancel_soon, cancellable);
  error = get_me_error (client, cancellable);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Nothing listens on the port: a stopped server. */
static void
test_refused (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(HrmClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  GAsyncResult *slot = NULL;

  g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &effective, &error);
  g_assert_no_error (error);
  uri = g_strdup_printf ("http://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  g_socket_listener_close (listener);

  client = hrm_client_new (uri, &error);
  g_assert_no_error (error);
  hrm_client_sign_in_async (client, "admin", HRM_TEST_PASSWORD, NULL, hrm_client_test_keep_result,
                            &slot);
  result = hrm_client_test_wait (&slot);
  g_assert_false (hrm_client_sign_in_finish (client, result, &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==, "Cannot reach the server at 127.0.0.1");
}

static void
test_new_insecure (void)
{
  const char *refused[] = {
    "http://hrm.example.com",
    "http://10.0.0.1:8080",
    "http://[2001:db8::1]/",
    "http://localhost.example.com",
    "ftp://127.0.0.1/",
    /* Look like loopback, are not. */
    "http://localhost.evil.com",
    "http://127.0.0.1.nip.io",
    "http://127.0.0.1@evil.com",
    "http://127.0.0.1:80@evil.com",
    "http://127.0.0.1%2f@evil.com",
    "http://localhost./",
    "http://0.0.0.0/",
    "http://[::]/",
    "HTTP://hrm.example.com",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HrmClient) client = hrm_client_new (refused[i], &error);

      g_test_message ("%s: %s", refused[i], error ? error->message : "accepted");
      g_assert_null (client);
      g_assert_error (error, HRM_ERROR, HRM_ERROR_INSECURE);
    }

  /* A user name before a loopback host is refused too (it would be sent). */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HrmClient) client = hrm_client_new ("http://evil.com@127.0.0.1/", &error);

    g_assert_null (client);
    g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
  }
}

static void
test_new_insecure_message (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmClient) client = hrm_client_new ("http://hrm.example.com", &error);

  g_assert_null (client);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INSECURE);
  /* Says why, and what to do instead. */
  g_assert_nonnull (strstr (error->message, "would not be encrypted"));
  g_assert_nonnull (strstr (error->message, "https://"));
}

static void
test_new_accepted (void)
{
  const struct { const char *given; const char *base; } accepted[] = {
    { "https://hrm.example.com", "https://hrm.example.com" },
    { "https://hrm.example.com/", "https://hrm.example.com" },
    { "https://hrm.example.com/tenant/", "https://hrm.example.com/tenant" },
    { "http://127.0.0.1:8080", "http://127.0.0.1:8080" },
    { "http://127.1.2.3", "http://127.1.2.3" },
    { "http://[::1]:8080/", "http://[::1]:8080" },
    { "http://localhost:8080", "http://localhost:8080" },
    { "HTTP://127.0.0.1:8080", "HTTP://127.0.0.1:8080" },
    { "http://LOCALHOST:8080", "http://LOCALHOST:8080" },
    { "http://[0:0:0:0:0:0:0:1]/", "http://[0:0:0:0:0:0:0:1]" },
    { "  https://hrm.example.com  ", "https://hrm.example.com" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HrmClient) client = hrm_client_new (accepted[i].given, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (hrm_client_get_base_uri (client), ==, accepted[i].base);
      g_assert_false (hrm_client_get_signed_in (client));
    }
}

static void
test_new_invalid (void)
{
  const char *invalid[] = { "", "hrm.example.com", "https://", "https://exa mple.com", "::::" };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HrmClient) client = hrm_client_new (invalid[i], &error);

      g_test_message ("“%s”: %s", invalid[i], error ? error->message : "accepted");
      g_assert_null (client);
      g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
    }
}

/* An API call before signing in fails without a request. */
static void
test_not_signed_in (void)
{
  g_autoptr(HrmClient) client = hrm_client_new ("http://127.0.0.1:9", NULL);
  g_autoptr(GError) error = get_me_error (client, NULL);

  g_assert_error (error, HRM_ERROR, HRM_ERROR_NOT_SIGNED_IN);
}

/* A redirect is not followed: the access token would go along to wherever
 * it points, past the check that the server address is https (or
 * loopback). The API never redirects. */
static void
test_redirect_not_followed (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(HrmClient) client = client_for (fixture, "redirect");
  g_autoptr(GError) error = get_me_error (client, NULL);

  g_assert_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL);
  g_assert_cmpuint (fixture->elsewhere, ==, 0);
  g_assert_cmpuint (fixture->elsewhere_authorized, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/client/errors/5xx-with-message", test_5xx_with_message);
  ADD ("/client/errors/5xx-without-message", test_5xx_without_message);
  ADD ("/client/errors/malformed-json", test_malformed_json);
  ADD ("/client/errors/wrong-types", test_wrong_types);
  ADD ("/client/errors/sign-in-rate-limited", test_sign_in_rate_limited);
  ADD ("/client/errors/redirect-not-followed", test_redirect_not_followed);
  ADD ("/client/errors/timeout", test_timeout);
  ADD ("/client/errors/cancelled", test_cancelled);
#undef ADD
  g_test_add_func ("/client/errors/refused", test_refused);
  g_test_add_func ("/client/errors/not-signed-in", test_not_signed_in);
  g_test_add_func ("/client/new/insecure", test_new_insecure);
  g_test_add_func ("/client/new/insecure-message", test_new_insecure_message);
  g_test_add_func ("/client/new/accepted", test_new_accepted);
  g_test_add_func ("/client/new/invalid", test_new_invalid);

  return g_test_run ();
}
