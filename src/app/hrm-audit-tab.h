/* hrm-audit-tab.h — the accounting codes on which a user may attest
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hrm-client.h"

G_BEGIN_DECLS

#define HRM_TYPE_AUDIT_TAB (hrm_audit_tab_get_type ())

G_DECLARE_FINAL_TYPE (HrmAuditTab, hrm_audit_tab, HRM, AUDIT_TAB, AdwBin)

/* Signals: "saved" after a successful PUT.
 * Properties: "has-unsaved-changes" (gboolean, read-only).
 * Actions: "audit.add", "audit.remove" (int64 id), "audit.save", "audit.revert", "audit.reload". */
void      hrm_audit_tab_set_client              (HrmAuditTab         *self,
                                                 HrmClient           *client);
void      hrm_audit_tab_set_user                (HrmAuditTab         *self,
                                                 HrmUser             *user);
gboolean  hrm_audit_tab_get_has_unsaved_changes (HrmAuditTab         *self);
void      hrm_audit_tab_revert                  (HrmAuditTab         *self);
void      hrm_audit_tab_save_async              (HrmAuditTab         *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean  hrm_audit_tab_save_finish             (HrmAuditTab         *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* The codes shown, (element-type HrmAccountCode), for tests. */
GPtrArray *hrm_audit_tab_get_codes              (HrmAuditTab         *self);

G_END_DECLS
