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

G_END_DECLS
