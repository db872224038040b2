/* hrm-application.h — the HRM Users application
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HRM_TYPE_APPLICATION (hrm_application_get_type ())

G_DECLARE_FINAL_TYPE (HrmApplication, hrm_application, HRM, APPLICATION, AdwApplication)

HrmApplication *hrm_application_new (const char *application_id);
/* How long a new window waits for the resumed session before it is shown
 * (default 100 ms): its first frame shows the users if they are in by then. */
void            hrm_application_set_resume_wait (HrmApplication *self,
                                                 guint           wait_ms);

G_END_DECLS
