/* hrm-cursor.h — the users list's opaque keyset cursor
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *hrm_cursor_encode (const char  *last_name,
                             const char  *first_name,
                             gint64       id);
gboolean  hrm_cursor_decode (const char  *text,
                             char       **out_last_name,
                             char       **out_first_name,
                             gint64      *out_id);

G_END_DECLS
