/* test-client.c — every HrmClient call against a real hrm-server
 *
 * Each test starts its own hrm-server (tests/common) with the demo data on a
 * free loopback port and a fresh database, and talks to it through HrmClient
 * exactly as the app does.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-client"

#include "hrm-client-test.h"

/* Waits for the call started with CB and returns its result (freed after the test). */
#define CB hrm_client_test_keep_result, &slot
#define AWAIT() await (&slot)

static GAsyncResult *
await (GAsyncResult **slot)
{
  GAsyncResult *result = hrm_client_test_wait (slot);

  g_test_queue_unref (result);
  return result;
}

static HrmTestServer *
start_server (void)
{
  return hrm_test_server_new_or_skip (TRUE);
}

typedef struct
{
  HrmTestServer *server;
  HrmClient     *client;   /* signed in as the user named by the test data */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = hrm_test_server_new_or_skip (TRUE);
  if (fixture->server != NULL)
    fixture->client = hrm_client_test_sign_in (hrm_test_server_get_uri (fixture->server), data);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->server, hrm_test_server_free);
}

/* The first user of a list_users() call with these filters. */
static HrmUser *
find_user (HrmClient           *client,
           HrmConnectionFilter  connection,
           const char          *query)
{
  g_autoptr(HrmUsersPage) page = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  hrm_client_list_users_async (client, query, connection, HRM_ENABLED_FILTER_ENABLED, NULL, 20, NULL,
                               CB);
  page = hrm_client_list_users_finish (client, AWAIT (), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < page->items->len; i++)
    {
      HrmUser *user = g_ptr_array_index (page->items, i);

      /* Skip the sign-in accounts: tests must not unlink the administrator. */
      if (g_strcmp0 (hrm_user_get_user_id (user), "admin") != 0
          && g_strcmp0 (hrm_user_get_user_id (user), "clerk") != 0
          && hrm_user_get_email (user) != NULL)
        return g_object_ref (user);
    }

  g_assert_not_reached ();
}

static HrmUser *
get_user (HrmClient *client,
          gint64     id)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  HrmUser *user;

  hrm_client_get_user_async (client, id, NULL, CB);
  user = hrm_client_get_user_finish (client, AWAIT (), &error);
  g_assert_no_error (error);
  return user;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

/* ---- signing in ---------------------------------------------------------- */

static void
test_sign_in (void)
{
  g_autoptr(HrmTestServer) server = start_server ();
  g_autoptr(HrmClient) client = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  guint rotations = 0;

  if (server == NULL)
    return;

  client = hrm_client_new (hrm_test_server_get_uri (server), &error);
  g_assert_no_error (error);
  g_assert_false (hrm_client_get_signed_in (client));
  g_signal_connect (client, "notify::refresh-token", G_CALLBACK (count_notify), &rotations);

  hrm_client_sign_in_async (client, "admin", HRM_TEST_PASSWORD, NULL, CB);
  g_assert_true (hrm_client_sign_in_finish (client, AWAIT (), &error));
  g_assert_no_error (error);

  g_assert_true (hrm_client_get_signed_in (client));
  g_assert_cmpstr (hrm_client_get_username (client), ==, "admin");
  g_assert_nonnull (hrm_client_get_refresh_token (client));
  g_assert_cmpuint (rotations, ==, 1);
}

static void
test_sign_in_wrong_password (void)
{
  g_autoptr(HrmTestServer) server = start_server ();
  g_autoptr(HrmClient) client = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  client = hrm_client_new (hrm_test_server_get_uri (server), &error);
  hrm_client_sign_in_async (client, "admin", "not-the-password", NULL, CB);
  g_assert_false (hrm_client_sign_in_finish (client, AWAIT (), &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID_GRANT);
  g_assert_cmpstr (error->message, ==, "The username or password is incorrect");
  g_assert_false (hrm_client_get_signed_in (client));
  g_assert_null (hrm_client_get_refresh_token (client));
}

/* Five wrong passwords lock the username; then even the right one is refused
 * with a message that says how long to wait. */
static void
test_sign_in_locked_out (void)
{
  g_autoptr(HrmTestServer) server = start_server ();
  g_autoptr(HrmClient) client = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  client = hrm_client_new (hrm_test_server_get_uri (server), &error);
  for (guint i = 0; i < 5; i++)
    {
      hrm_client_sign_in_async (client, "admin", "wrong", NULL, CB);
      g_assert_false (hrm_client_sign_in_finish (client, AWAIT (), &error));
      g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID_GRANT);
      g_clear_error (&error);
    }

  hrm_client_sign_in_async (client, "admin", HRM_TEST_PASSWORD, NULL, CB);
  g_assert_false (hrm_client_sign_in_finish (client, AWAIT (), &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_RATE_LIMITED);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Too many attempts. Try again in "));
  g_assert_true (g_str_has_suffix (error->message, "minutes.")
                 || g_str_has_suffix (error->message, "seconds."));
  g_assert_false (hrm_client_get_signed_in (client));
}

/* The refresh token kept in the keyring signs in silently, once: it rotates. */
static void
test_resume (void)
{
  g_autoptr(HrmTestServer) server = start_server ();
  g_autoptr(HrmClient) first = NULL;
  g_autoptr(HrmClient) second = NULL;
  g_autoptr(HrmClient) third = NULL;
  g_autoptr(HrmUser) me = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  first = hrm_client_test_sign_in (hrm_test_server_get_uri (server), "admin");
  kept = g_strdup (hrm_client_get_refresh_token (first));

  second = hrm_client_new (hrm_test_server_get_uri (server), NULL);
  hrm_client_resume_async (second, "admin", kept, NULL, CB);
  g_assert_true (hrm_client_resume_finish (second, AWAIT (), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hrm_client_get_username (second), ==, "admin");
  g_assert_cmpstr (hrm_client_get_refresh_token (second), !=, kept);

  hrm_client_get_me_async (second, NULL, CB);
  me = hrm_client_get_me_finish (second, AWAIT (), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hrm_user_get_user_id (me), ==, "admin");

  /* The used refresh token is spent. */
  third = hrm_client_new (hrm_test_server_get_uri (server), NULL);
  hrm_client_resume_async (third, "admin", kept, NULL, CB);
  g_assert_false (hrm_client_resume_finish (third, AWAIT (), &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID_GRANT);
  g_assert_false (hrm_client_get_signed_in (third));
}

static void
test_sign_out (Fixture       *fixture,
               gconstpointer  data)
{
  HrmTestServer *server = fixture->server;
  HrmClient *client = fixture->client;
  g_autoptr(HrmClient) other = NULL;
  g_autoptr(HrmUser) me = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  kept = g_strdup (hrm_client_get_refresh_token (client));

  hrm_client_sign_out_async (client, NULL, CB);
  g_assert_true (hrm_client_sign_out_finish (client, AWAIT (), &error));
  g_assert_no_error (error);
  g_assert_false (hrm_client_get_signed_in (client));
  g_assert_null (hrm_client_get_refresh_token (client));

  hrm_client_get_me_async (client, NULL, CB);
  me = hrm_client_get_me_finish (client, AWAIT (), NULL, &error);
  g_assert_null (me);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);

  /* The server revoked the refresh token. */
  other = hrm_client_new (hrm_test_server_get_uri (server), NULL);
  hrm_client_resume_async (other, "admin", kept, NULL, CB);
  g_assert_false (hrm_client_resume_finish (other, AWAIT (), &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID_GRANT);
}

/* ---- reading --------------------------------------------------------------- */

static void
test_me (void)
{
  g_autoptr(HrmTestServer) server = start_server ();
  g_autoptr(HrmClient) admin = NULL;
  g_autoptr(HrmClient) clerk = NULL;
  g_autoptr(HrmUser) me = NULL;
  g_autoptr(GError) error = NULL;
  gboolean may_manage = FALSE;
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  admin = hrm_client_test_sign_in (hrm_test_server_get_uri (server), "admin");
  hrm_client_get_me_async (admin, NULL, CB);
  me = hrm_client_get_me_finish (admin, AWAIT (), &may_manage, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hrm_user_get_user_id (me), ==, "admin");
  g_assert_true (may_manage);
  g_clear_object (&me);

  clerk = hrm_client_test_sign_in (hrm_test_server_get_uri (server), "clerk");
  hrm_client_get_me_async (clerk, NULL, CB);
  me = hrm_client_get_me_finish (clerk, AWAIT (), &may_manage, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hrm_user_get_user_id (me), ==, "clerk");
  g_assert_false (may_manage);
}

static void
test_organisation (Fixture       *fixture,
                   gconstpointer  data)
{
  HrmTestServer *server = fixture->server;
  HrmClient *client = fixture->client;
  g_autoptr(HrmOrganisation) organisation = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  hrm_client_get_organisation_async (client, NULL, CB);
  organisation = hrm_client_get_organisation_finish (client, AWAIT (), &error);
  g_assert_no_error (error);
  g_assert_nonnull (hrm_organisation_get_name (organisation));
  g_assert_cmpstr (hrm_organisation_get_identity_provider_name (organisation), ==, "Visma Connect");
  g_assert_cmpint (hrm_organisation_get_verification_ttl_seconds (organisation), ==, 86400);
}

/* PATCH /api/v1/organisation: saved with the ETag, which changes; a stale
 * one is HRM_ERROR_STALE, none HRM_ERROR_PRECONDITION_REQUIRED, a bad domain
 * HRM_ERROR_INVALID with its field, another role HRM_ERROR_FORBIDDEN. */
static void
test_update_organisation (Fixture       *fixture,
                          gconstpointer  data)
{
  HrmClient *client = fixture->client;
  g_autoptr(HrmOrganisation) organisation = NULL;
  g_autoptr(HrmOrganisation) saved = NULL;
  g_autoptr(HrmOrganisation) refused = NULL;
  g_autoptr(HrmOrganisation) theirs = NULL;
  g_autoptr(HrmClient) sofia = NULL;
  g_autoptr(JsonObject) patch = json_object_new ();
  g_autoptr(JsonObject) bad = json_object_new ();
  g_autoptr(JsonArray) domains = json_array_new ();
  g_autoptr(JsonArray) bad_domains = json_array_new ();
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (fixture->server == NULL)
    return;

  hrm_client_get_organisation_async (client, NULL, CB);
  organisation = hrm_client_get_organisation_finish (client, AWAIT (), &error);
  g_assert_no_error (error);
  g_assert_nonnull (hrm_organisation_get_etag (organisation));
  g_assert_true (hrm_organisation_get_may_change (organisation));
  g_assert_null (hrm_organisation_get_allowed_email_domains (organisation)[0]);

  json_array_add_string_element (domains, "Nordljus.se");
  json_object_set_array_member (patch, "allowed_email_domains", json_array_ref (domains));
  json_object_set_int_member (patch, "unlink_leavers_after_days", 7);
  hrm_client_update_organisation_async (client, hrm_organisation_get_etag (organisation), patch,
                                        NULL, CB);
  saved = hrm_client_update_organisation_finish (client, AWAIT (), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hrm_organisation_get_allowed_email_domains (saved)[0], ==, "nordljus.se");
  g_assert_cmpint (hrm_organisation_get_unlink_leavers_after_days (saved), ==, 7);
  g_assert_cmpstr (hrm_organisation_get_etag (saved), !=, hrm_organisation_get_etag (organisation));

  /* The old ETag is stale now. */
  hrm_client_update_organisation_async (client, hrm_organisation_get_etag (organisation), patch,
                                        NULL, CB);
  refused = hrm_client_update_organisation_finish (client, AWAIT (), NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_STALE);
  g_clear_error (&error);

  hrm_client_update_organisation_async (client, NULL, patch, NULL, CB);
  refused = hrm_client_update_organisation_finish (client, AWAIT (), NULL, &error);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_PRECONDITION_REQUIRED);
  g_clear_error (&error);

  json_array_add_string_element (bad_domains, "nordljus.se");
  json_array_add_string_element (bad_domains, "*.example.com");
  json_object_set_array_member (bad, "allowed_email_domains", json_array_ref (bad_domains));
  hrm_client_update_organisation_async (client, hrm_organisation_get_etag (saved), bad, NULL, CB);
  refused = hrm_client_update_organisation_finish (client, AWAIT (), &fields, &error);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_nonnull (fields);
  g_assert_nonnull (g_hash_table_lookup (fields, "allowed_email_domains[1]"));

  /* An HR administrator sees the settings and may not change them. */
  sofia = hrm_client_test_sign_in (hrm_test_server_get_uri (fixture->server), "sofia.berg");
  hrm_client_get_organisation_async (sofia, NULL, CB);
  theirs = hrm_client_get_organisation_finish (sofia, AWAIT (), &error);
  g_assert_no_error (error);
  g_assert_false (hrm_organisation_get_may_change (theirs));
  g_assert_cmpstr (hrm_organisation_get_allowed_email_domains (theirs)[0], ==, "nordljus.se");
  hrm_client_update_organisation_async (sofia, hrm_organisation_get_etag (theirs), patch, NULL, CB);
  refused = hrm_client_update_organisation_finish (sofia, AWAIT (), NULL, &error);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_FORBIDDEN);
}

static void
test_list_users (Fixture       *fixture,
                 gconstpointer  data)
{
  HrmTestServer *server = fixture->server;
  HrmClient *client = fixture->client;
  g_autoptr(HrmUsersPage) page = NULL;
  g_autoptr(HrmUsersPage) next = NULL;
  g_autoptr(HrmUsersPage) found = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  hrm_client_list_users_async (client, NULL, HRM_CONNECTION_FILTER_ALL, HRM_ENABLED_FILTER_ALL, NULL,
                               10, NULL, CB);
  page = hrm_client_list_users_finish (client, AWAIT (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 10);
  g_assert_cmpuint (page->total, >=, 250);
  g_assert_nonnull (page->next_cursor);

  hrm_client_list_users_async (client, NULL, HRM_CONNECTION_FILTER_ALL, HRM_ENABLED_FILTER_ALL,
                               page->next_cursor, 10, NULL, CB);
  next = hrm_client_list_users_finish (client, AWAIT (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (next->items->len, ==, 10);
  g_assert_cmpint (hrm_user_get_id (g_ptr_array_index (next->items, 0)), !=,
                   hrm_user_get_id (g_ptr_array_index (page->items, 0)));

  /* A query with characters that need escaping reaches the server intact. */
  hrm_client_list_users_async (client, "admin&q=x #1", HRM_CONNECTION_FILTER_ALL,
                               HRM_ENABLED_FILTER_ALL, NULL, 0, NULL, CB);
  found = hrm_client_list_users_finish (client, AWAIT (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->items->len, ==, 0);
  g_assert_cmpuint (found->total, ==, 0);
  g_assert_null (found->next_cursor);
}

/* A parameter the server refuses (limit is 1..200): 400 → INVALID, with its reason. */
static void
test_list_users_bad_parameter (Fixture       *fixture,
                               gconstpointer  data)
{
  HrmTestServer *server = fixture->server;
  HrmClient *client = fixture->client;
  g_autoptr(HrmUsersPage) page = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  hrm_client_list_users_async (client, NULL, HRM_CONNECTION_FILTER_ALL, HRM_ENABLED_FILTER_ALL, NULL,
                               1000, NULL, CB);
  page = hrm_client_list_users_finish (client, AWAIT (), &error);
  g_assert_null (page);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_cmpstr (error->message, !=, "The server did not accept the input");
}

static void
test_list_users_filters (Fixture       *fixture,
                         gconstpointer  data)
{
  HrmTestServer *server = fixture->server;
  HrmClient *client = fixture->client;
  g_autoptr(GError) error = NULL;
  const HrmConnectionState states[] = {
    [HRM_CONNECTION_FILTER_NOT_LINKED] = HRM_CONNECTION_NOT_LINKED,
    [HRM_CONNECTION_FILTER_PENDING] = HRM_CONNECTION_PENDING,
    [HRM_CONNECTION_FILTER_LINKED] = HRM_CONNECTION_LINKED,
  };
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  for (HrmConnectionFilter filter = HRM_CONNECTION_FILTER_NOT_LINKED;
       filter <= HRM_CONNECTION_FILTER_LINKED; filter++)
    {
      g_autoptr(HrmUsersPage) page = NULL;

      hrm_client_list_users_async (client, NULL, filter, HRM_ENABLED_FILTER_DISABLED, NULL, 200,
                                   NULL, CB);
      page = hrm_client_list_users_finish (client, AWAIT (), &error);
      g_assert_no_error (error);
      for (guint i = 0; i < page->items->len; i++)
        {
          HrmUser *user = g_ptr_array_index (page->items, i);

          g_assert_cmpint (hrm_user_get_connection_state (user), ==, states[filter]);
          g_assert_false (hrm_user_get_enabled (user));
        }
    }
}

static void
test_get_user (Fixture       *fixture,
               gconstpointer  data)
{
  HrmTestServer *server = fixture->server;
  HrmClient *client = fixture->client;
  g_autoptr(HrmUser) listed = NULL;
  g_autoptr(HrmUser) user = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  listed = find_user (client, HRM_CONNECTION_FILTER_ALL, NULL);
  user = get_user (client, hrm_user_get_id (listed));
  g_assert_cmpint (hrm_user_get_id (user), ==, hrm_user_get_id (listed));
  g_assert_cmpstr (hrm_user_get_user_id (user), ==, hrm_user_get_user_id (listed));
  g_assert_nonnull (hrm_user_get_etag (user));
  g_assert_true (g_str_has_prefix (hrm_user_get_etag (user), "\""));
  g_clear_object (&user);

  hrm_client_get_user_async (client, 987654321, NULL, CB);
  user = hrm_client_get_user_finish (client, AWAIT (), &error);
  g_assert_null (user);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, !=, "");
}

/* The clerk may sign in but not manage users: every users call is refused. */
static void
test_forbidden (void)
{
  g_autoptr(HrmTestServer) server = start_server ();
  g_autoptr(HrmClient) client = NULL;
  g_autoptr(HrmUsersPage) page = NULL;
  g_autoptr(HrmUser) user = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  client = hrm_client_test_sign_in (hrm_test_server_get_uri (server), "clerk");
  hrm_client_list_users_async (client, NULL, HRM_CONNECTION_FILTER_ALL, HRM_ENABLED_FILTER_ALL, NULL,
                               0, NULL, CB);
  page = hrm_client_list_users_finish (client, AWAIT (), &error);
  g_assert_null (page);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_FORBIDDEN);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);

  hrm_client_get_user_async (client, 1, NULL, CB);
  user = hrm_client_get_user_finish (client, AWAIT (), &error);
  g_assert_null (user);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_FORBIDDEN);

  /* Still signed in: forbidden is not signed out. */
  g_assert_true (hrm_client_get_signed_in (client));
}

/* ---- writing --------------------------------------------------------------- */

static JsonObject *
patch_of (const char *member,
          const char *value)
{
  JsonObject *patch = json_object_new ();

  json_object_set_string_member (patch, member, value);
  return patch;
}

static void
test_update_user (Fixture       *fixture,
                  gconstpointer  data)
{
  HrmTestServer *server = fixture->server;
  HrmClient *client = fixture->client;
  g_autoptr(HrmUser) listed = NULL;
  g_autoptr(HrmUser) user = NULL;
  g_autoptr(HrmUser) updated = NULL;
  g_autoptr(HrmUser) again = NULL;
  g_autoptr(JsonObject) patch = patch_of ("first_name", "Annika");
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  listed = find_user (client, HRM_CONNECTION_FILTER_NOT_LINKED, NULL);
  user = get_user (client, hrm_user_get_id (listed));

  hrm_client_update_user_async (client, hrm_user_get_id (user), hrm_user_get_etag (user), patch, NULL,
                                CB);
  updated = hrm_client_update_user_finish (client, AWAIT (), &fields, &error);
  g_assert_no_error (error);
  g_assert_null (fields);
  g_assert_cmpstr (hrm_user_get_first_name (updated), ==, "Annika");
  g_assert_nonnull (hrm_user_get_etag (updated));
  g_assert_cmpstr (hrm_user_get_etag (updated), !=, hrm_user_get_etag (user));

  again = get_user (client, hrm_user_get_id (user));
  g_assert_cmpstr (hrm_user_get_first_name (again), ==, "Annika");
}

/* Someone else saved in between: 412 → STALE, nothing changes. */
static void
test_update_user_stale (Fixture       *fixture,
                        gconstpointer  data)
{
  HrmTestServer *server = fixture->server;
  HrmClient *client = fixture->client;
  g_autoptr(HrmUser) listed = NULL;
  g_autoptr(HrmUser) user = NULL;
  g_autoptr(HrmUser) first = NULL;
  g_autoptr(HrmUser) second = NULL;
  g_autoptr(JsonObject) patch = patch_of ("first_name", "Annika");
  g_autoptr(JsonObject) other = patch_of ("first_name", "Berit");
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  listed = find_user (client, HRM_CONNECTION_FILTER_NOT_LINKED, NULL);
  user = get_user (client, hrm_user_get_id (listed));

  hrm_client_update_user_async (client, hrm_user_get_id (user), hrm_user_get_etag (user), patch, NULL,
                                CB);
  first = hrm_client_update_user_finish (client, AWAIT (), NULL, &error);
  g_assert_no_error (error);

  hrm_client_update_user_async (client, hrm_user_get_id (user), hrm_user_get_etag (user), other, NULL,
                                CB);
  second = hrm_client_update_user_finish (client, AWAIT (), NULL, &error);
  g_assert_null (second);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_STALE);
  g_assert_cmpstr (error->message, !=, "");
}

/* Without If-Match the server asks for one: 428. */
static void
test_update_user_precondition_required (Fixture       *fixture,
                                        gconstpointer  data)
{
  HrmTestServer *server = fixture->server;
  HrmClient *client = fixture->client;
  g_autoptr(HrmUser) listed = NULL;
  g_autoptr(HrmUser) updated = NULL;
  g_autoptr(JsonObject) patch = patch_of ("first_name", "Annika");
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  listed = find_user (client, HRM_CONNECTION_FILTER_NOT_LINKED, NULL);
  hrm_client_update_user_async (client, hrm_user_get_id (listed), NULL, patch, NULL, CB);
  updated = hrm_client_update_user_finish (client, AWAIT (), NULL, &error);
  g_assert_null (updated);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_PRECONDITION_REQUIRED);
}

/* 422: the reasons come back per field, for the form to show beside each. */
static void
test_update_user_invalid (Fixture       *fixture,
                          gconstpointer  data)
{
  HrmTestServer *server = fixture->server;
  HrmClient *client = fixture->client;
  g_autoptr(HrmUser) listed = NULL;
  g_autoptr(HrmUser) user = NULL;
  g_autoptr(HrmUser) updated = NULL;
  g_autoptr(JsonObject) patch = json_object_new ();
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  listed = find_user (client, HRM_CONNECTION_FILTER_NOT_LINKED, NULL);
  user = get_user (client, hrm_user_get_id (listed));

  json_object_set_string_member (patch, "user_id", "");
  json_object_set_string_member (patch, "email", "not an address");
  hrm_client_update_user_async (client, hrm_user_get_id (user), hrm_user_get_etag (user), patch, NULL,
                                CB);
  updated = hrm_client_update_user_finish (client, AWAIT (), &fields, &error);
  g_assert_null (updated);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
  g_assert_nonnull (fields);
  g_assert_true (g_hash_table_contains (fields, "user_id"));
  g_assert_true (g_hash_table_contains (fields, "email"));
  g_assert_cmpstr (g_hash_table_lookup (fields, "user_id"), !=, "");
}

/* The email of a linked user cannot change: 409. */
static void
test_update_user_conflict (Fixture       *fixture,
                           gconstpointer  data)
{
  HrmTestServer *server = fixture->server;
  HrmClient *client = fixture->client;
  g_autoptr(HrmUser) listed = NULL;
  g_autoptr(HrmUser) user = NULL;
  g_autoptr(HrmUser) updated = NULL;
  g_autoptr(JsonObject) patch = patch_of ("email", "someone.else@example.com");
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  listed = find_user (client, HRM_CONNECTION_FILTER_LINKED, NULL);
  user = get_user (client, hrm_user_get_id (listed));
  hrm_client_update_user_async (client, hrm_user_get_id (user), hrm_user_get_etag (user), patch, NULL,
                                CB);
  updated = hrm_client_update_user_finish (client, AWAIT (), NULL, &error);
  g_assert_null (updated);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_CONFLICT);
}

/* ---- the connection -------------------------------------------------------- */

static void
test_send_verification (Fixture       *fixture,
                        gconstpointer  data)
{
  HrmTestServer *server = fixture->server;
  HrmClient *client = fixture->client;
  g_autoptr(HrmUser) user = NULL;
  g_autoptr(HrmUser) after = NULL;
  g_autoptr(GDateTime) sent_at = NULL;
  g_autoptr(GDateTime) expires_at = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mail = NULL;
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  user = find_user (client, HRM_CONNECTION_FILTER_NOT_LINKED, NULL);

  hrm_client_send_verification_async (client, hrm_user_get_id (user), NULL, CB);
  g_assert_true (hrm_client_send_verification_finish (client, AWAIT (), &sent_at, &expires_at,
                                                      &error));
  g_assert_no_error (error);
  g_assert_nonnull (sent_at);
  g_assert_nonnull (expires_at);
  g_assert_cmpint (g_date_time_compare (expires_at, sent_at), >, 0);

  mail = hrm_test_server_wait_for_mail (server, hrm_user_get_email (user), 10000);
  g_assert_nonnull (mail);

  after = get_user (client, hrm_user_get_id (user));
  g_assert_cmpint (hrm_user_get_connection_state (after), ==, HRM_CONNECTION_PENDING);

  /* Asked again within a minute: rate limited, saying how long to wait. */
  hrm_client_send_verification_async (client, hrm_user_get_id (user), NULL, CB);
  g_assert_false (hrm_client_send_verification_finish (client, AWAIT (), NULL, NULL, &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_RATE_LIMITED);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Too many attempts. Try again in "));
  g_assert_true (g_str_has_suffix (error->message, " seconds.")
                 || g_str_has_suffix (error->message, " second."));
}

static void
test_send_verification_linked (Fixture       *fixture,
                               gconstpointer  data)
{
  HrmTestServer *server = fixture->server;
  HrmClient *client = fixture->client;
  g_autoptr(HrmUser) user = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  user = find_user (client, HRM_CONNECTION_FILTER_LINKED, NULL);
  hrm_client_send_verification_async (client, hrm_user_get_id (user), NULL, CB);
  g_assert_false (hrm_client_send_verification_finish (client, AWAIT (), NULL, NULL, &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_CONFLICT);
}

/* A verified domain: 200 with the user, linked at once, no sent_at; an
 * address outside the allowed domains: 422 with fields.email. */
static void
test_send_verification_verified_domain (Fixture       *fixture,
                                        gconstpointer  data)
{
  HrmClient *client = fixture->client;
  g_autoptr(HrmOrganisation) organisation = NULL;
  g_autoptr(HrmOrganisation) saved = NULL;
  g_autoptr(HrmUser) linked = NULL;
  g_autoptr(GDateTime) sent_at = NULL;
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(JsonObject) patch = json_object_new ();
  g_autoptr(JsonArray) verified = json_array_new ();
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (fixture->server == NULL)
    return;

  hrm_client_get_organisation_async (client, NULL, CB);
  organisation = hrm_client_get_organisation_finish (client, AWAIT (), &error);
  g_assert_no_error (error);
  json_array_add_string_element (verified, "nordljus.se");
  json_object_set_array_member (patch, "verified_domains", json_array_ref (verified));
  hrm_client_update_organisation_async (client, hrm_organisation_get_etag (organisation), patch,
                                        NULL, CB);
  saved = hrm_client_update_organisation_finish (client, AWAIT (), NULL, &error);
  g_assert_no_error (error);

  /* Erik (4): not linked, erik.johansson@nordljus.se. */
  hrm_client_send_verification_async (client, 4, NULL, CB);
  g_assert_true (hrm_client_send_verification_finish_full (client, AWAIT (), &sent_at, NULL,
                                                           &linked, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (sent_at);
  g_assert_nonnull (linked);
  g_assert_cmpint (hrm_user_get_connection_state (linked), ==, HRM_CONNECTION_LINKED);
  g_assert_cmpstr (hrm_user_get_connection_email (linked), ==, "erik.johansson@nordljus.se");
  g_assert_nonnull (hrm_user_get_etag (linked));

  /* Allowed domains elsewhere: Ingrid's (12) address is outside them. */
  {
    g_autoptr(JsonObject) allowed_patch = json_object_new ();
    g_autoptr(JsonArray) allowed = json_array_new ();
    g_autoptr(JsonArray) none = json_array_new ();
    g_autoptr(HrmOrganisation) again = NULL;

    json_array_add_string_element (allowed, "example.org");
    json_object_set_array_member (allowed_patch, "allowed_email_domains", json_array_ref (allowed));
    json_object_set_array_member (allowed_patch, "verified_domains", json_array_ref (none));
    hrm_client_update_organisation_async (client, hrm_organisation_get_etag (saved), allowed_patch,
                                          NULL, CB);
    again = hrm_client_update_organisation_finish (client, AWAIT (), NULL, &error);
    g_assert_no_error (error);
  }
  hrm_client_send_verification_async (client, 12, NULL, CB);
  g_assert_false (hrm_client_send_verification_finish_full (client, AWAIT (), NULL, NULL, NULL,
                                                            &fields, &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
  g_assert_nonnull (fields);
  g_assert_nonnull (g_hash_table_lookup (fields, "email"));
}

static void
test_reset_password (Fixture       *fixture,
                     gconstpointer  data)
{
  HrmTestServer *server = fixture->server;
  HrmClient *client = fixture->client;
  g_autoptr(HrmUser) linked = NULL;
  g_autoptr(HrmUser) not_linked = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  linked = find_user (client, HRM_CONNECTION_FILTER_LINKED, NULL);
  hrm_client_reset_password_async (client, hrm_user_get_id (linked), NULL, CB);
  g_assert_true (hrm_client_reset_password_finish (client, AWAIT (), &error));
  g_assert_no_error (error);

  not_linked = find_user (client, HRM_CONNECTION_FILTER_NOT_LINKED, NULL);
  hrm_client_reset_password_async (client, hrm_user_get_id (not_linked), NULL, CB);
  g_assert_false (hrm_client_reset_password_finish (client, AWAIT (), &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_CONFLICT);
}

static void
test_delete_connection (Fixture       *fixture,
                        gconstpointer  data)
{
  HrmTestServer *server = fixture->server;
  HrmClient *client = fixture->client;
  g_autoptr(HrmUser) user = NULL;
  g_autoptr(HrmUser) after = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  user = find_user (client, HRM_CONNECTION_FILTER_LINKED, NULL);
  hrm_client_delete_connection_async (client, hrm_user_get_id (user), NULL, CB);
  g_assert_true (hrm_client_delete_connection_finish (client, AWAIT (), &error));
  g_assert_no_error (error);

  after = get_user (client, hrm_user_get_id (user));
  g_assert_cmpint (hrm_user_get_connection_state (after), ==, HRM_CONNECTION_NOT_LINKED);

  hrm_client_delete_connection_async (client, hrm_user_get_id (user), NULL, CB);
  g_assert_false (hrm_client_delete_connection_finish (client, AWAIT (), &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_CONFLICT);
}

/* ---- roles, account codes, events --------------------------------------- */

static void
test_authorisations (Fixture       *fixture,
                     gconstpointer  data)
{
  HrmTestServer *server = fixture->server;
  HrmClient *client = fixture->client;
  g_autoptr(HrmUser) user = NULL;
  g_autoptr(GPtrArray) roles = NULL;
  g_autoptr(GPtrArray) current = NULL;
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GError) error = NULL;
  HrmRole *role;
  HrmAuthorisation *authorisation;
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  user = find_user (client, HRM_CONNECTION_FILTER_ALL, NULL);

  hrm_client_list_roles_async (client, NULL, CB);
  roles = hrm_client_list_roles_finish (client, AWAIT (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (roles->len, >, 0);
  role = g_ptr_array_index (roles, 0);
  g_assert_nonnull (hrm_role_get_name (role));

  hrm_client_get_authorisations_async (client, hrm_user_get_id (user), NULL, CB);
  current = hrm_client_get_authorisations_finish (client, AWAIT (), &error);
  g_assert_no_error (error);

  g_ptr_array_add (wanted, hrm_authorisation_new (hrm_role_get_id (role), NULL, HRM_SCOPE_COMPANY, 0,
                                                  NULL));
  hrm_client_set_authorisations_async (client, hrm_user_get_id (user), wanted, NULL, CB);
  saved = hrm_client_set_authorisations_finish (client, AWAIT (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saved->len, ==, 1);
  authorisation = g_ptr_array_index (saved, 0);
  g_assert_cmpint (hrm_authorisation_get_role_id (authorisation), ==, hrm_role_get_id (role));
  g_assert_cmpstr (hrm_authorisation_get_role_name (authorisation), ==, hrm_role_get_name (role));
  g_assert_cmpint (hrm_authorisation_get_scope_type (authorisation), ==, HRM_SCOPE_COMPANY);

  /* At least one role. */
  hrm_client_set_authorisations_async (client, hrm_user_get_id (user), empty, NULL, CB);
  refused = hrm_client_set_authorisations_finish (client, AWAIT (), &error);
  g_assert_null (refused);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
}

static void
test_account_codes (Fixture       *fixture,
                    gconstpointer  data)
{
  HrmTestServer *server = fixture->server;
  HrmClient *client = fixture->client;
  g_autoptr(HrmUser) user = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(GPtrArray) wanted = g_ptr_array_new ();
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  HrmAccountCode *code;
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  user = find_user (client, HRM_CONNECTION_FILTER_ALL, NULL);

  hrm_client_list_account_codes_async (client, NULL, CB);
  codes = hrm_client_list_account_codes_finish (client, AWAIT (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (codes->len, >, 0);
  code = g_ptr_array_index (codes, codes->len - 1);
  label = hrm_account_code_dup_label (code);
  g_assert_nonnull (strstr (label, hrm_account_code_get_code (code)));

  g_ptr_array_add (wanted, code);
  hrm_client_set_account_code_audit_async (client, hrm_user_get_id (user), wanted, NULL, CB);
  saved = hrm_client_set_account_code_audit_finish (client, AWAIT (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saved->len, ==, 1);
  g_assert_cmpint (hrm_account_code_get_id (g_ptr_array_index (saved, 0)), ==,
                   hrm_account_code_get_id (code));

  hrm_client_get_account_code_audit_async (client, hrm_user_get_id (user), NULL, CB);
  audit = hrm_client_get_account_code_audit_finish (client, AWAIT (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);
  g_assert_cmpint (hrm_account_code_get_id (g_ptr_array_index (audit, 0)), ==,
                   hrm_account_code_get_id (code));
}

/* Every write leaves an event, newest first. */
static void
test_events (Fixture       *fixture,
             gconstpointer  data)
{
  HrmTestServer *server = fixture->server;
  HrmClient *client = fixture->client;
  g_autoptr(HrmUser) listed = NULL;
  g_autoptr(HrmUser) user = NULL;
  g_autoptr(HrmUser) updated = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(JsonObject) patch = patch_of ("last_name", "Ekström");
  g_autoptr(GError) error = NULL;
  HrmEvent *newest;
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  listed = find_user (client, HRM_CONNECTION_FILTER_NOT_LINKED, NULL);
  user = get_user (client, hrm_user_get_id (listed));

  hrm_client_list_events_async (client, hrm_user_get_id (user), NULL, CB);
  before = hrm_client_list_events_finish (client, AWAIT (), &error);
  g_assert_no_error (error);

  hrm_client_update_user_async (client, hrm_user_get_id (user), hrm_user_get_etag (user), patch, NULL,
                                CB);
  updated = hrm_client_update_user_finish (client, AWAIT (), NULL, &error);
  g_assert_no_error (error);

  hrm_client_list_events_async (client, hrm_user_get_id (user), NULL, CB);
  after = hrm_client_list_events_finish (client, AWAIT (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  newest = g_ptr_array_index (after, 0);
  g_assert_cmpstr (hrm_event_get_actor (newest), ==, "admin");
  g_assert_nonnull (hrm_event_get_time (newest));
  g_assert_nonnull (hrm_event_get_action (newest));
}

/* ---- failures ---------------------------------------------------------------- */

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  HrmTestServer *server = fixture->server;
  HrmClient *client = fixture->client;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(HrmUsersPage) page = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  hrm_client_list_users_async (client, NULL, HRM_CONNECTION_FILTER_ALL, HRM_ENABLED_FILTER_ALL, NULL,
                               200, cancellable, CB);
  g_cancellable_cancel (cancellable);
  page = hrm_client_list_users_finish (client, AWAIT (), &error);
  g_assert_null (page);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (hrm_client_get_signed_in (client));
}

/* The server went away: a clear "cannot reach", and still signed in for later. */
static void
test_server_stopped (Fixture       *fixture,
                     gconstpointer  data)
{
  HrmTestServer *server = fixture->server;
  HrmClient *client = fixture->client;
  g_autoptr(HrmUser) me = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (server == NULL)
    return;

  hrm_test_server_stop (server);

  hrm_client_get_me_async (client, NULL, CB);
  me = hrm_client_get_me_finish (client, AWAIT (), NULL, &error);
  g_assert_null (me);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==, "Cannot reach the server at 127.0.0.1");
  g_assert_true (hrm_client_get_signed_in (client));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, "admin", fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/client/sign-in/ok", test_sign_in);
  g_test_add_func ("/client/sign-in/wrong-password", test_sign_in_wrong_password);
  g_test_add_func ("/client/sign-in/locked-out", test_sign_in_locked_out);
  g_test_add_func ("/client/sign-in/resume", test_resume);
  ADD ("/client/sign-in/sign-out", test_sign_out);
  g_test_add_func ("/client/me", test_me);
  ADD ("/client/organisation", test_organisation);
  ADD ("/client/organisation/update", test_update_organisation);
  ADD ("/client/users/list", test_list_users);
  ADD ("/client/users/list-filters", test_list_users_filters);
  ADD ("/client/users/list-bad-parameter", test_list_users_bad_parameter);
  ADD ("/client/users/get", test_get_user);
  g_test_add_func ("/client/users/forbidden", test_forbidden);
  ADD ("/client/users/update", test_update_user);
  ADD ("/client/users/update-stale", test_update_user_stale);
  ADD ("/client/users/update-precondition-required", test_update_user_precondition_required);
  ADD ("/client/users/update-invalid", test_update_user_invalid);
  ADD ("/client/users/update-conflict", test_update_user_conflict);
  ADD ("/client/connection/send-verification", test_send_verification);
  ADD ("/client/connection/send-verification-linked", test_send_verification_linked);
  ADD ("/client/connection/send-verification-verified-domain", test_send_verification_verified_domain);
  ADD ("/client/connection/reset-password", test_reset_password);
  ADD ("/client/connection/delete", test_delete_connection);
  ADD ("/client/authorisations", test_authorisations);
  ADD ("/client/account-codes", test_account_codes);
  ADD ("/client/events", test_events);
  ADD ("/client/errors/cancelled", test_cancelled);
  ADD ("/client/errors/server-stopped", test_server_stopped);

#undef ADD

  return g_test_run ();
}
