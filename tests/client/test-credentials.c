/* test-credentials.c — the refresh token in a real gnome-keyring, in libsecret's
 * file backend, and without either
 *
 * Run several times by meson: through tests/with-session.sh --keyring (a real,
 * unlocked gnome-keyring on a private bus) with --keyring on our command
 * line; through tests/with-session.sh --file-keyring (libsecret's file
 * backend, as in the Flatpak, with nothing providing org.freedesktop.secrets)
 * with --file; through the wrapper without a keyring (a bus on which nothing
 * provides org.freedesktop.secrets) without it, with --no-bus (no session
 * bus at all), and with --file-no-portal (the file backend with no portal to
 * hand over its password).
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-credentials"

#include <libsecret/secret.h>

#include "hrm-client-test.h"
#include "hrm-credentials.h"

#define SERVER "https://hrm.example.com"

static gboolean
store (const char  *server,
       const char  *username,
       const char  *token,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  hrm_credentials_store_async (server, username, token, NULL, hrm_client_test_keep_result, &slot);
  result = hrm_client_test_wait (&slot);
  return hrm_credentials_store_finish (result, error);
}

static char *
lookup (const char  *server,
        const char  *username,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  hrm_credentials_lookup_async (server, username, NULL, hrm_client_test_keep_result, &slot);
  result = hrm_client_test_wait (&slot);
  return hrm_credentials_lookup_finish (result, error);
}

static gboolean
clear (const char  *server,
       const char  *username,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  hrm_credentials_clear_async (server, username, NULL, hrm_client_test_keep_result, &slot);
  result = hrm_client_test_wait (&slot);
  return hrm_credentials_clear_finish (result, error);
}

/* The app remembers a sign-in, finds it on the next start, and forgets it on sign-out. */
static void
test_store_lookup_clear (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *other = NULL;

  token = lookup (SERVER, "admin", &error);
  g_assert_no_error (error);
  g_assert_null (token);

  g_assert_true (store (SERVER, "admin", "refresh-token-1", &error));
  g_assert_no_error (error);

  token = lookup (SERVER, "admin", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "refresh-token-1");

  /* Another user or another server does not see it. */
  other = lookup (SERVER, "clerk", &error);
  g_assert_no_error (error);
  g_assert_null (other);
  other = lookup ("https://other.example.com", "admin", &error);
  g_assert_no_error (error);
  g_assert_null (other);

  g_assert_true (clear (SERVER, "admin", &error));
  g_assert_no_error (error);
  g_clear_pointer (&token, g_free);
  token = lookup (SERVER, "admin", &error);
  g_assert_no_error (error);
  g_assert_null (token);

  /* Clearing what is not there is not an error. */
  g_assert_true (clear (SERVER, "admin", &error));
  g_assert_no_error (error);
}

/* A rotated refresh token replaces the old one: one item per server and user. */
static void
test_rotation_replaces (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  g_assert_true (store (SERVER, "rotating", "first", &error));
  g_assert_no_error (error);
  g_assert_true (store (SERVER, "rotating", "second", &error));
  g_assert_no_error (error);

  token = lookup (SERVER, "rotating", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "second");

  g_assert_true (clear (SERVER, "rotating", &error));
  g_assert_no_error (error);
}

/* A remembered sign-in outlives the process: a new one (a fresh libsecret,
 * which reads the keyring again) finds the token. */
static void
test_survives_restart (void)
{
  g_autoptr(GError) error = NULL;

  if (g_test_subprocess ())
    {
      g_autofree char *token = lookup (SERVER, "restarted", &error);

      g_assert_no_error (error);
      g_assert_cmpstr (token, ==, "kept-token");
      return;
    }

  g_assert_true (store (SERVER, "restarted", "kept-token", &error));
  g_assert_no_error (error);

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT |
                                   G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  g_assert_true (clear (SERVER, "restarted", &error));
  g_assert_no_error (error);
}

static void
assert_unavailable (const GError *error)
{
  g_assert_error (error, HRM_ERROR, HRM_ERROR_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==, "Credentials cannot be remembered on this desktop");
}

/* No Secret Service on the bus: every call fails with one clear message (and
 * returns: the meson timeout catches a hang). */
static void
test_no_service (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  g_assert_false (store (SERVER, "admin", "refresh-token", &error));
  assert_unavailable (error);
  g_clear_error (&error);

  token = lookup (SERVER, "admin", &error);
  g_assert_null (token);
  assert_unavailable (error);
  g_clear_error (&error);

  g_assert_false (clear (SERVER, "admin", &error));
  assert_unavailable (error);
}

/* A locked keyring: there is nobody to answer the unlock prompt on the test's
 * bus, so the calls fail, with the one clear message, instead of waiting. */
static void
test_locked (void)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  GList *objects;

  g_assert_true (store (SERVER, "admin", "refresh-token", &error));
  g_assert_no_error (error);

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collection);
  objects = g_list_append (NULL, collection);
  secret_service_lock_sync (service, objects, NULL, NULL, &error);
  g_list_free (objects);
  g_assert_no_error (error);
  g_assert_true (secret_collection_get_locked (collection));

  g_assert_false (store (SERVER, "admin", "another-token", &error));
  assert_unavailable (error);
  g_clear_error (&error);

  /* Not "nothing remembered": the token is there, it cannot be read. */
  token = lookup (SERVER, "admin", &error);
  g_assert_null (token);
  assert_unavailable (error);
}

/* A cancelled call reports cancellation, not "unavailable". */
static void
test_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  GAsyncResult *slot = NULL;

  g_cancellable_cancel (cancellable);
  hrm_credentials_lookup_async (SERVER, "admin", cancellable, hrm_client_test_keep_result, &slot);
  result = hrm_client_test_wait (&slot);
  token = hrm_credentials_lookup_finish (result, &error);
  g_assert_null (token);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  gboolean keyring = FALSE;
  gboolean locked = FALSE;

  g_test_init (&argc, &argv, NULL);

  for (int i = 1; i < argc; i++)
    {
      /* The store works the same whichever backend libsecret uses. */
      if (g_str_equal (argv[i], "--keyring") || g_str_equal (argv[i], "--file"))
        keyring = TRUE;
      else if (g_str_equal (argv[i], "--locked"))
        locked = TRUE;
      /* No session bus at all (a desktop session without D-Bus). */
      else if (g_str_equal (argv[i], "--no-bus"))
        g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/hrm-test-bus", TRUE);
      /* The Flatpak's backend when the portal cannot give it its password. */
      else if (g_str_equal (argv[i], "--file-no-portal"))
        {
          g_setenv ("SECRET_BACKEND", "file", TRUE);
          g_unsetenv ("SECRET_FILE_TEST_PASSWORD");
        }
    }

  if (locked)
    {
      g_test_add_func ("/client/credentials/locked", test_locked);
    }
  else if (keyring)
    {
      g_test_add_func ("/client/credentials/store-lookup-clear", test_store_lookup_clear);
      g_test_add_func ("/client/credentials/rotation-replaces", test_rotation_replaces);
      g_test_add_func ("/client/credentials/survives-restart", test_survives_restart);
    }
  else
    {
      g_test_add_func ("/client/credentials/no-secret-service", test_no_service);
    }
  g_test_add_func ("/client/credentials/cancelled", test_cancelled);

  return g_test_run ();
}
