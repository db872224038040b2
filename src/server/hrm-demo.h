/* hrm-demo.h — a realistic demo organisation for trying the client
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hrm-db.h"

G_BEGIN_DECLS

#define HRM_DEMO_DEFAULT_USERS 250

/* The demo organisation's name for the System administrator role (id 1):
 * the demo names the standard roles in Swedish, like Flex HRM. */
#define HRM_DEMO_ADMIN_ROLE_NAME "Systemadministratör"

gboolean    hrm_demo_seed                (HrmDb       *db,
                                          const char  *password,
                                          guint        n_users,
                                          GError     **error);

/* Name lists (hrm-demo-names.c) */
const char *_hrm_demo_first_name         (guint        index);
guint       _hrm_demo_n_first_names      (void);
const char *_hrm_demo_last_name          (guint        index);
guint       _hrm_demo_n_last_names       (void);
char       *_hrm_demo_ascii              (const char  *text);

G_END_DECLS
