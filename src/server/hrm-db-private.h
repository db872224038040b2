/* hrm-db-private.h — what hrm-db.c takes from hrm-db-schema.c
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The schema's steps: _hrm_db_migrations[i] brings a database from version i
 * to i + 1. */
extern const char *const _hrm_db_migrations[];
extern const guint       _hrm_db_n_migrations;

G_END_DECLS
