/* hrm-credentials.c — the refresh token in the desktop keyring (libsecret)
 *
 * Only the refresh token is kept, never the password. Every call is a
 * secret_password_* one, so it goes to whichever backend libsecret picks: the
 * Secret Service on a desktop, its file backend (opened through the Secret
 * portal) in the Flatpak. Whatever goes wrong underneath (no session bus, no
 * Secret Service, no portal, no default collection, a locked keyring) becomes
 * one HRM_ERROR_UNAVAILABLE with one clear message; the details go to g_debug.
 * There is no plaintext fallback.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-credentials"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "hrm-error.h"
#include "hrm-credentials.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.hrmusers.HrmUsers.RefreshToken",
    SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

/* Cancellation stays G_IO_ERROR_CANCELLED; everything else is one message. */
static GError *
unavailable_error (GError *error)
{
  g_autoptr(GError) owned = error;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_steal_pointer (&owned);

  g_debug ("Keyring: %s (%s %d)", error->message, g_quark_to_string (error->domain),
           error->code);
  return g_error_new_literal (HRM_ERROR, HRM_ERROR_UNAVAILABLE,
                              _("Credentials cannot be remembered on this desktop"));
}

static void
on_stored (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, unavailable_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
hrm_credentials_store_async (const char          *server,
                             const char          *username,
                             const char          *refresh_token,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (server != NULL);
  g_return_if_fail (username != NULL);
  g_return_if_fail (refresh_token != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hrm_credentials_store_async);

  /* TRANSLATORS: the keyring item's label: the user name, then the server address */
  label = g_strdup_printf (_("HRM Users: %s on %s"), username, server);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, refresh_token,
                         cancellable, on_stored, g_steal_pointer (&task),
                         "server", server, "username", username, NULL);
}

gboolean
hrm_credentials_store_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hrm_credentials_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static GError *
locked_error (void)
{
  g_autoptr(GError) error = g_error_new_literal (SECRET_ERROR, SECRET_ERROR_IS_LOCKED,
                                                 "The item is locked");

  return unavailable_error (g_steal_pointer (&error));
}

/* Only the secret_password_* calls go through the backend libsecret picks:
 * the Secret Service on a desktop, the file backend (unlocked through the
 * Secret portal) in the Flatpak. secret_service_* would always ask D-Bus. */

typedef struct
{
  char     *server;
  char     *username;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_free (lookup->server);
  g_free (lookup->username);
  g_free (lookup);
}

/**
 * hrm_credentials_lookup_sync:
 * The lookup, blocking: for a worker thread (hrm_credentials_lookup_async()
 * runs it in one). A lookup is several D-Bus round trips and a key exchange
 * (or file reads); libsecret's _sync calls run their own loop in the calling
 * thread.
 * Returns: (transfer full) (nullable): the refresh token (free with g_free()),
 *   or %NULL with no error when none is stored.
 */
char *
hrm_credentials_lookup_sync (const char    *server,
                             const char    *username,
                             GCancellable  *cancellable,
                             GError       **error)
{
  GError *local_error = NULL;
  char *token = NULL;
  GList *items;

  g_return_val_if_fail (server != NULL, NULL);
  g_return_val_if_fail (username != NULL, NULL);

  token = secret_password_lookup_sync (get_schema (), cancellable, &local_error,
                                       "server", server,
                                       "username", username, NULL);
  /* The item found may be replaced (a rotated token stored) before its
   * secret is read: that one race is worth a second lookup. */
  if (local_error != NULL && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("Keyring: %s; looking up again", local_error->message);
      g_clear_error (&local_error);
      token = secret_password_lookup_sync (get_schema (), cancellable, &local_error,
                                           "server", server,
                                           "username", username, NULL);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, unavailable_error (local_error));
      return NULL;
    }

  /* g_free() may free it: libsecret's own string, not pageable memory. */
  if (token != NULL)
    return token;

  /* libsecret answers NULL both for "not stored" and for "stored, but it stayed
   * locked"; a search that does not unlock (so cannot prompt) tells them apart.
   * The item is there but its keyring stayed locked (the unlock prompt was
   * dismissed or could not be shown): a failure to say so, not "nothing
   * remembered", or the app would silently ask for the password. */
  items = secret_password_search_sync (get_schema (), SECRET_SEARCH_NONE, cancellable, &local_error,
                                       "server", server,
                                       "username", username, NULL);
  if (local_error != NULL)
    g_propagate_error (error, unavailable_error (local_error));
  else if (items != NULL)
    g_propagate_error (error, locked_error ());

  g_list_free_full (items, g_object_unref);
  return NULL;
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Lookup *lookup = task_data;
  GError *error = NULL;
  char *token;

  token = hrm_credentials_lookup_sync (lookup->server, lookup->username, cancellable, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, token, g_free);
}

void
hrm_credentials_lookup_async (const char          *server,
                              const char          *username,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Lookup *lookup;
  GTask *task;

  g_return_if_fail (server != NULL);
  g_return_if_fail (username != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hrm_credentials_lookup_async);
  lookup = g_new0 (Lookup, 1);
  lookup->server = g_strdup (server);
  lookup->username = g_strdup (username);
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);

  g_task_run_in_thread (task, lookup_thread);
  g_object_unref (task);
}

/**
 * hrm_credentials_lookup_finish:
 * Returns: (transfer full) (nullable): the refresh token (free with g_free()),
 *   or %NULL with no error when none is stored.
 */
char *
hrm_credentials_lookup_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  char *secret;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hrm_credentials_lookup_async, NULL);

  secret = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return secret;
}

static void
on_cleared (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error means there was nothing to clear: that is fine. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, unavailable_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
hrm_credentials_clear_async (const char          *server,
                             const char          *username,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (server != NULL);
  g_return_if_fail (username != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hrm_credentials_clear_async);

  secret_password_clear (get_schema (), cancellable, on_cleared, task,
                         "server", server, "username", username, NULL);
}

gboolean
hrm_credentials_clear_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hrm_credentials_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
