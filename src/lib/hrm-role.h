/* hrm-role.h — a role that grants access in the HRM
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define HRM_TYPE_ROLE (hrm_role_get_type ())

G_DECLARE_FINAL_TYPE (HrmRole, hrm_role, HRM, ROLE, GObject)

/* JSON: {"id": 3, "name": "Payroll administrator", "description": "...", "grants_users_view": false} */
HrmRole    *hrm_role_new_from_json           (JsonObject  *object,
                                              GError     **error);
gint64      hrm_role_get_id                  (HrmRole     *self);
const char *hrm_role_get_name                (HrmRole     *self);
const char *hrm_role_get_description         (HrmRole     *self);
gboolean    hrm_role_get_grants_users_view   (HrmRole     *self);

G_END_DECLS
