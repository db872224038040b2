/* hrm-audit-tab.h — the account codes a user audits
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hrm-list-tab.h"

G_BEGIN_DECLS

#define HRM_TYPE_AUDIT_TAB (hrm_audit_tab_get_type ())

G_DECLARE_FINAL_TYPE (HrmAuditTab, hrm_audit_tab, HRM, AUDIT_TAB, HrmListTab)

/* An HrmListTab whose items are HrmAccountCode.
 * Actions: "audit.add" (the code chosen in the tab), "audit.remove" (uint32 index). */

G_END_DECLS
