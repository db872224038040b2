/* hrm-user-row.h — one user in the users list
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hrm-lib.h"

G_BEGIN_DECLS

#define HRM_TYPE_USER_ROW (hrm_user_row_get_type ())

G_DECLARE_FINAL_TYPE (HrmUserRow, hrm_user_row, HRM, USER_ROW, GtkWidget)

GtkWidget *hrm_user_row_new      (void);
/* Shows @user and follows its changes; a placeholder (id 0) shows a loading
 * skeleton. */
void       hrm_user_row_set_user (HrmUserRow *self,
                                  HrmUser    *user);
HrmUser   *hrm_user_row_get_user (HrmUserRow *self);
/* Selection mode shows a check box ("check-toggled" when the administrator
 * ticks it); the users pane keeps who is selected and sets the check. */
void       hrm_user_row_set_selection_mode (HrmUserRow *self,
                                            gboolean    selection_mode);
gboolean   hrm_user_row_get_selection_mode (HrmUserRow *self);
void       hrm_user_row_set_checked        (HrmUserRow *self,
                                            gboolean    checked);
gboolean   hrm_user_row_get_checked        (HrmUserRow *self);
/* A row's widgets for a user are built when it first shows one on screen;
 * this builds them now, while there is time to spare. */
void       hrm_user_row_build_ahead        (HrmUserRow *self);
/* The state in words, as the state icon's tooltip shows it (made on demand). */
const char *hrm_user_row_get_state_text    (HrmUserRow *self);

G_END_DECLS
