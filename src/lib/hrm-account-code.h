/* hrm-account-code.h — an account code (dimension and code)
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define HRM_TYPE_ACCOUNT_CODE (hrm_account_code_get_type ())

G_DECLARE_FINAL_TYPE (HrmAccountCode, hrm_account_code, HRM, ACCOUNT_CODE, GObject)

/* JSON: {"id": 12, "dimension": "Cost centre", "code": "4100", "name": "Warehouse"} */
HrmAccountCode *hrm_account_code_new_from_json (JsonObject     *object,
                                                GError        **error);
JsonNode       *hrm_account_code_to_json       (HrmAccountCode *self);
gint64          hrm_account_code_get_id        (HrmAccountCode *self);
const char     *hrm_account_code_get_dimension (HrmAccountCode *self);
const char     *hrm_account_code_get_code      (HrmAccountCode *self);
const char     *hrm_account_code_get_name      (HrmAccountCode *self);
char           *hrm_account_code_dup_label     (HrmAccountCode *self);

G_END_DECLS
