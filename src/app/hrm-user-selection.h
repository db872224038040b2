/* hrm-user-selection.h — the users ticked in selection mode
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HRM_TYPE_USER_SELECTION (hrm_user_selection_get_type ())

G_DECLARE_FINAL_TYPE (HrmUserSelection, hrm_user_selection, HRM, USER_SELECTION, GObject)

/*
 * Signals:
 *  "changed": the ids ticked or the "all matching" flag changed; rows and
 *    counts shown follow.
 */
HrmUserSelection *hrm_user_selection_new              (void);
/* Whether @id is ticked (always, for a real user, while all match). */
gboolean          hrm_user_selection_contains         (HrmUserSelection *self,
                                                       gint64            id);
void              hrm_user_selection_set_checked      (HrmUserSelection *self,
                                                       gint64            id,
                                                       gboolean          checked);
/* Ticks every id in @ids (element-type gint64). */
void              hrm_user_selection_add_ids          (HrmUserSelection *self,
                                                       GArray           *ids);
/* Out of "all matching" into exactly @ids: the server has no "all but",
 * so unticking one user of all keeps those loaded, less that one. */
void              hrm_user_selection_keep_ids         (HrmUserSelection *self,
                                                       GArray           *ids);
/* Nothing ticked, not all matching. */
void              hrm_user_selection_clear            (HrmUserSelection *self);
/* TRUE: every user of the search and filters, not ids. */
void              hrm_user_selection_set_all_matching (HrmUserSelection *self,
                                                       gboolean          all_matching);
gboolean          hrm_user_selection_get_all_matching (HrmUserSelection *self);
/* How many ids are ticked (what "all matching" means is the list's total). */
guint             hrm_user_selection_get_n_ids        (HrmUserSelection *self);
/* The ids ticked, sorted. */
GArray           *hrm_user_selection_dup_ids          (HrmUserSelection *self);

G_END_DECLS
