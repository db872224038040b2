/* hrm-sign-in-page.h — the sign-in form
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hrm-client.h"

G_BEGIN_DECLS

#define HRM_TYPE_SIGN_IN_PAGE (hrm_sign_in_page_get_type ())

G_DECLARE_FINAL_TYPE (HrmSignInPage, hrm_sign_in_page, HRM, SIGN_IN_PAGE, AdwBin)

/*
 * Signals:
 *  "signed-in" (HrmClient *client): the browser (or the password) signed
 *    @client in.
 * Properties: "busy" (gboolean, read-only): a sign-in is under way.
 */
GtkWidget *hrm_sign_in_page_new               (void);
void       hrm_sign_in_page_set_cancellable   (HrmSignInPage *self,
                                               GCancellable  *cancellable);
void       hrm_sign_in_page_set_tls_database  (HrmSignInPage *self,
                                               GTlsDatabase  *database);
/* Fills server and username, empties the password and the messages, and asks
 * the server whether it allows passwords (the password form shows if so). */
void       hrm_sign_in_page_prefill           (HrmSignInPage *self,
                                               const char    *server,
                                               const char    *username);
/* Signing in to the same server again signs in @client again instead of a new
 * one (after its session ended), so what uses it carries on. */
void       hrm_sign_in_page_set_reuse_client  (HrmSignInPage *self,
                                               HrmClient     *client);
/* Shows @message below the form, as an error or as information; NULL hides it. */
void       hrm_sign_in_page_set_message       (HrmSignInPage *self,
                                               const char    *message,
                                               gboolean       is_error);
/* Signs in with the form's values; a non-NULL @password replaces the typed one. */
void       hrm_sign_in_page_sign_in           (HrmSignInPage *self,
                                               const char    *password);
/* Signs in through the browser at the server address typed (Sign In with Browser). */
void       hrm_sign_in_page_sign_in_with_browser (HrmSignInPage *self);
gboolean   hrm_sign_in_page_get_busy          (HrmSignInPage *self);
/* Focuses the first empty field. */
void       hrm_sign_in_page_focus             (HrmSignInPage *self);

G_END_DECLS
