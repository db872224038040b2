/* hrm-authorisation.h — one role of a user, with its scope
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define HRM_TYPE_AUTHORISATION (hrm_authorisation_get_type ())

G_DECLARE_FINAL_TYPE (HrmAuthorisation, hrm_authorisation, HRM, AUTHORISATION, GObject)

typedef enum
{
  HRM_SCOPE_COMPANY,
  HRM_SCOPE_ACCOUNT_CODE,
  HRM_SCOPE_EMPLOYEE,
} HrmScopeType;

const char       *hrm_scope_type_to_string                 (HrmScopeType      type);
gboolean          hrm_scope_type_from_string               (const char       *text,
                                                            HrmScopeType     *out_type);

/* JSON: {"role_id": 3, "role_name": "...",
 *        "scope": {"type": "company"}
 *               | {"type": "account_code", "account_code_id": 12, "label": "Cost centre 4100 Warehouse"}
 *               | {"type": "employee", "employee_id": 57, "label": "Anna Svensson"}}
 * role_name and label are filled in by the server; a PUT sends role_id and scope. */
HrmAuthorisation *hrm_authorisation_new                    (gint64            role_id,
                                                            const char       *role_name,
                                                            HrmScopeType      scope_type,
                                                            gint64            scope_id,
                                                            const char       *scope_label);
HrmAuthorisation *hrm_authorisation_new_from_json          (JsonObject       *object,
                                                            GError          **error);
JsonNode         *hrm_authorisation_to_json                (HrmAuthorisation *self);
gint64            hrm_authorisation_get_role_id            (HrmAuthorisation *self);
const char       *hrm_authorisation_get_role_name          (HrmAuthorisation *self);
HrmScopeType      hrm_authorisation_get_scope_type         (HrmAuthorisation *self);
gint64            hrm_authorisation_get_scope_id           (HrmAuthorisation *self); /* 0 for company */
const char       *hrm_authorisation_get_scope_label        (HrmAuthorisation *self);

G_END_DECLS
