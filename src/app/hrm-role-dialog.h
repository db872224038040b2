/* hrm-role-dialog.h — choosing a role and its scope for a user
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hrm-client.h"

G_BEGIN_DECLS

#define HRM_TYPE_ROLE_DIALOG (hrm_role_dialog_get_type ())

G_DECLARE_FINAL_TYPE (HrmRoleDialog, hrm_role_dialog, HRM, ROLE_DIALOG, AdwMessageDialog)

/* Responses: "cancel", "add". @roles (element-type HrmRole) and
 * @account_codes (element-type HrmAccountCode) are the choices; employees are
 * searched with @client. */
HrmRoleDialog    *hrm_role_dialog_new                (GtkWindow     *parent,
                                                      HrmClient     *client,
                                                      GPtrArray     *roles,
                                                      GPtrArray     *account_codes);
/* The chosen role and scope, or NULL while the choice is incomplete. */
HrmAuthorisation *hrm_role_dialog_dup_authorisation  (HrmRoleDialog *self);

/* For tests: choose by index / search an employee. */
void              hrm_role_dialog_select             (HrmRoleDialog *self,
                                                      guint          role,
                                                      HrmScopeType   scope,
                                                      guint          scope_item);
void              hrm_role_dialog_search_employees   (HrmRoleDialog *self,
                                                      const char    *query);
guint             hrm_role_dialog_get_n_employees    (HrmRoleDialog *self);

G_END_DECLS
