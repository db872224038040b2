/* hrm-history-tab.h — a user's audit trail
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hrm-client.h"

G_BEGIN_DECLS

#define HRM_TYPE_HISTORY_TAB (hrm_history_tab_get_type ())

G_DECLARE_FINAL_TYPE (HrmHistoryTab, hrm_history_tab, HRM, HISTORY_TAB, AdwBin)

void hrm_history_tab_set_client (HrmHistoryTab *self,
                                 HrmClient     *client);
/* Shows the events of @user (NULL: shows nothing), fetched when the tab is
 * on screen. */
void hrm_history_tab_set_user   (HrmHistoryTab *self,
                                 HrmUser       *user);
/* Loads the events again (after a change): now if the tab is on screen,
 * else when it is next shown. */
void hrm_history_tab_reload     (HrmHistoryTab *self);
/* The number of events shown (for tests). */
guint hrm_history_tab_get_n_events (HrmHistoryTab *self);

G_END_DECLS
