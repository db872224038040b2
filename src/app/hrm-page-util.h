/* hrm-page-util.h — small helpers the user page and its tabs share
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A date and time in the local time zone, e.g. "24 November 2026, 09:12". */
char *hrm_format_date_time (GDateTime  *datetime);
/* Adds a toast (@title is plain text) to the AdwToastOverlay above @widget. */
void  hrm_show_toast       (GtkWidget  *widget,
                            const char *title);

G_END_DECLS
