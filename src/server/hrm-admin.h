/* hrm-admin.h — a first administrator for a database without the demo
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hrm-db.h"

G_BEGIN_DECLS

/* The role hrm_admin_add grants (a standard role, schema 4). */
#define HRM_ADMIN_ROLE_NAME "System administrator"

gint64 hrm_admin_add (HrmDb       *db,
                      const char  *username,
                      const char  *password,
                      const char  *first_name,
                      const char  *last_name,
                      GError     **error);

/* hrm-server --enrol-totp NAME: a new TOTP secret; returns its otpauth:// URI. */
char    *hrm_admin_enrol_totp     (HrmDb       *db,
                                   const char  *username,
                                   GError     **error);
/* hrm-server --add-api-client NAME --roles-of USER */
gboolean hrm_admin_add_api_client (HrmDb       *db,
                                   const char  *name,
                                   const char  *roles_of,
                                   char       **out_client_id,
                                   char       **out_secret,
                                   GError     **error);

/* hrm-server --revoke-api-client ID */
gboolean hrm_admin_revoke_api_client (HrmDb       *db,
                                      const char  *client_id,
                                      GError     **error);

G_END_DECLS
