/* hrm-page-util.h — small helpers the user page and its tabs share
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hrm-lib.h"

G_BEGIN_DECLS

/* A date and time in the local time zone, e.g. "24 November 2026, 09:12". */
char *hrm_format_date_time (GDateTime  *datetime);
/* Adds a toast (@title is plain text) to the AdwToastOverlay above @widget. */
void  hrm_show_toast       (GtkWidget  *widget,
                            const char *title);
/* The same, with a Retry button that activates @action_name on @widget. */
void  hrm_show_retry_toast (GtkWidget  *widget,
                            const char *title,
                            const char *action_name);

/* The picture of a user's link to the identity provider, as the users list
 * shows it: a green check when linked, a sent mail in the accent colour while
 * pending, a warning when the link expired, a dim "not connected" sign. */
void  hrm_connection_look  (HrmUser     *user,
                            GDateTime   *now,
                            const char **icon_name,
                            const char **style_class);
/* Shows @icon_name on @image with @style_class as its only colour class. */
void  hrm_set_state_image  (GtkImage    *image,
                            const char  *icon_name,
                            const char  *style_class);

G_END_DECLS
