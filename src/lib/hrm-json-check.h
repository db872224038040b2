/* hrm-json-check.h — the one strict RFC 8259 check of JSON input
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean hrm_json_check (const char  *data,
                         gsize        length,
                         guint        max_depth,
                         char       **out_member,
                         GError     **error);

G_END_DECLS
