/* hrm-credentials.h — the refresh token in the desktop keyring (libsecret)
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Through libsecret's secret_password_* API: the Secret Service or, in the
 * Flatpak, the file backend behind the Secret portal.
 * Errors from libsecret / D-Bus (no Secret Service, locked keyring, no bus)
 * all come back as HRM_ERROR_UNAVAILABLE with the message
 * "Credentials cannot be remembered on this desktop". No plaintext fallback. */

void      hrm_credentials_store_async   (const char           *server,
                                         const char           *username,
                                         const char           *refresh_token,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean  hrm_credentials_store_finish  (GAsyncResult         *result,
                                         GError              **error);

/* Returns the refresh token, or NULL with no error when none is stored. */
char     *hrm_credentials_lookup_sync   (const char           *server,
                                         const char           *username,
                                         GCancellable         *cancellable,
                                         GError              **error);
void      hrm_credentials_lookup_async  (const char           *server,
                                         const char           *username,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
char     *hrm_credentials_lookup_finish (GAsyncResult         *result,
                                         GError              **error);

void      hrm_credentials_clear_async   (const char           *server,
                                         const char           *username,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean  hrm_credentials_clear_finish  (GAsyncResult         *result,
                                         GError              **error);

G_END_DECLS
