/* hrm-authorisations-tab.h — a user's roles and their scopes
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hrm-client.h"

G_BEGIN_DECLS

#define HRM_TYPE_AUTHORISATIONS_TAB (hrm_authorisations_tab_get_type ())

G_DECLARE_FINAL_TYPE (HrmAuthorisationsTab, hrm_authorisations_tab, HRM, AUTHORISATIONS_TAB, AdwBin)

/* Signals: "saved" after a successful PUT.
 * Properties: "has-unsaved-changes" (gboolean, read-only).
 * Actions: "authorisations.add" (opens HrmRoleDialog), "authorisations.remove"
 *   (uint32 index), "authorisations.save" (Ctrl+S), "authorisations.revert",
 *   "authorisations.reload". */
void       hrm_authorisations_tab_set_client              (HrmAuthorisationsTab *self,
                                                           HrmClient            *client);
void       hrm_authorisations_tab_set_user                (HrmAuthorisationsTab *self,
                                                           HrmUser              *user);
gboolean   hrm_authorisations_tab_get_has_unsaved_changes (HrmAuthorisationsTab *self);
void       hrm_authorisations_tab_revert                  (HrmAuthorisationsTab *self);
/* Adds @authorisation to the edited list (what the dialog's "Add" does). */
void       hrm_authorisations_tab_add                     (HrmAuthorisationsTab *self,
                                                           HrmAuthorisation     *authorisation);
void       hrm_authorisations_tab_save_async              (HrmAuthorisationsTab *self,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean   hrm_authorisations_tab_save_finish             (HrmAuthorisationsTab *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
/* The roles shown, (element-type HrmAuthorisation), for tests. */
GPtrArray *hrm_authorisations_tab_get_items               (HrmAuthorisationsTab *self);
/* The role dialog while it is open (for tests), or NULL. */
GtkWidget *hrm_authorisations_tab_get_dialog              (HrmAuthorisationsTab *self);

G_END_DECLS
