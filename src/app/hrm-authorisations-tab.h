/* hrm-authorisations-tab.h — a user's roles and their scopes
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hrm-list-tab.h"

G_BEGIN_DECLS

#define HRM_TYPE_AUTHORISATIONS_TAB (hrm_authorisations_tab_get_type ())

G_DECLARE_FINAL_TYPE (HrmAuthorisationsTab, hrm_authorisations_tab, HRM, AUTHORISATIONS_TAB,
                      HrmListTab)

/* An HrmListTab whose items are HrmAuthorisation; a user keeps at least one.
 * Actions: "authorisations.add" (opens HrmRoleDialog), "authorisations.remove"
 * (uint32 index). */

/* The role dialog while it is open (for tests), or NULL. */
GtkWidget *hrm_authorisations_tab_get_dialog (HrmAuthorisationsTab *self);

G_END_DECLS
