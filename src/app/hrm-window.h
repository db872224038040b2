/* hrm-window.h — the main window: sign-in, the users list and the user page
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hrm-client.h"

G_BEGIN_DECLS

#define HRM_TYPE_WINDOW (hrm_window_get_type ())

G_DECLARE_FINAL_TYPE (HrmWindow, hrm_window, HRM, WINDOW, AdwApplicationWindow)

HrmWindow  *hrm_window_new                (GtkApplication *application);
/* The CA database every client of this window trusts (--ca-file), or NULL
 * for the system's. */
void        hrm_window_set_tls_database   (HrmWindow      *self,
                                           GTlsDatabase   *database);
/* Fills the sign-in form and signs in with it (--server, --username, --password-file). */
void        hrm_window_sign_in            (HrmWindow      *self,
                                           const char     *server,
                                           const char     *username,
                                           const char     *password);
/* Fills the sign-in form and shows it. */
/* Shows the sign-in page for @server and signs in through the browser. */
void        hrm_window_sign_in_with_browser (HrmWindow   *self,
                                             const char  *server);
void        hrm_window_show_sign_in       (HrmWindow      *self,
                                           const char     *server,
                                           const char     *username);
/* Signs in silently with the refresh token of the last session, if the keyring
 * has one; otherwise shows the sign-in form. */
void        hrm_window_restore_session    (HrmWindow      *self);

/* The same, started before the window exists (so that the keyring and the
 * server work while the window is built) and handed to it once it does. */
typedef struct _HrmSessionResume HrmSessionResume;
typedef void (*HrmSessionResumeFunc) (gpointer user_data);
HrmSessionResume *hrm_session_resume_start (GTlsDatabase     *tls_database);
/* Done: the users, the account and the organisation are in (or it failed). */
gboolean    hrm_session_resume_is_done    (HrmSessionResume *resume);
/* Calls @func once @resume is done (after the window that took it over, if
 * any, shows the outcome); only while it is not done. */
void        hrm_session_resume_set_done_func (HrmSessionResume     *resume,
                                              HrmSessionResumeFunc  func,
                                              gpointer              user_data);
/* Takes @resume over. */
void        hrm_window_restore_session_from (HrmWindow      *self,
                                             HrmSessionResume *resume);
/* Asks about unsaved changes, revokes the session and forgets its token. */
void        hrm_window_sign_out           (HrmWindow      *self);
void        hrm_window_show_toast         (HrmWindow      *self,
                                           const char     *message);
/* The signed-in client, or NULL. */
HrmClient  *hrm_window_get_client         (HrmWindow      *self);
/* "sign-in", "loading" or "main": what the window shows. */
const char *hrm_window_get_view           (HrmWindow      *self);

G_END_DECLS
