/* hrm-collate.h — Swedish alphabetical order for SQLite ("HRM_SV")
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The collation's name in SQL: ORDER BY last_name COLLATE HRM_SV. */
#define HRM_COLLATE_SV "HRM_SV"

int       hrm_collate_sv           (const char  *a,
                                    gssize       a_length,
                                    const char  *b,
                                    gssize       b_length);
char     *hrm_collate_search_fold  (const char  *text);
gboolean  hrm_collate_register     (sqlite3     *handle);

G_END_DECLS
