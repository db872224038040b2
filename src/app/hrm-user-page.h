/* hrm-user-page.h — the right pane: one user, its link to the identity provider and its roles
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hrm-client.h"

G_BEGIN_DECLS

#define HRM_TYPE_USER_PAGE (hrm_user_page_get_type ())

G_DECLARE_FINAL_TYPE (HrmUserPage, hrm_user_page, HRM, USER_PAGE, AdwBin)

/*
 * Signals:
 *  "user-changed" (HrmUser *updated): after every successful change of the
 *    shown user (the object given to set_user, updated in place).
 * Properties: "has-unsaved-changes" (gboolean, read-only).
 * Actions: "user.save" (Ctrl+S), "user.revert", "user.reload",
 *   "user.send-verification", "user.reset-password", "user.delete-connection".
 */
HrmUserPage *hrm_user_page_new                   (void);
/* "Select a user", as the page shows it when no user is set. */
GtkWidget *hrm_user_page_new_placeholder         (void);
void       hrm_user_page_set_client              (HrmUserPage         *self,
                                                  HrmClient           *client);
void       hrm_user_page_set_organisation        (HrmUserPage         *self,
                                                  HrmOrganisation     *organisation);
/* NULL shows "Select a user". */
void       hrm_user_page_set_user                (HrmUserPage         *self,
                                                  HrmUser             *user);
HrmUser   *hrm_user_page_get_user                (HrmUserPage         *self);
gboolean   hrm_user_page_get_has_unsaved_changes (HrmUserPage         *self);
/* Saves every unsaved change of the page; fails (and shows why on the page)
 * when something is invalid or the server refuses. */
void       hrm_user_page_save_async              (HrmUserPage         *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean   hrm_user_page_save_finish             (HrmUserPage         *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
