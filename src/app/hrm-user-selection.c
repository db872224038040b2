/* hrm-user-selection.c — the users ticked in selection mode
 *
 * A set of ids, not rows: the list view recycles its rows, so a row only
 * shows whether its user is in here (the pane sets its check box on bind
 * and on "changed"). "All matching" is a flag instead of ids: the bulk job
 * then takes the search and filters, including users never loaded.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-user-selection"

#include "config.h"

#include "hrm-user-selection.h"

struct _HrmUserSelection
{
  GObject     parent_instance;

  GHashTable *ids;              /* (element-type gint64) ticked */
  guint       all_matching : 1; /* every user of the search and filters */
};

G_DEFINE_FINAL_TYPE (HrmUserSelection, hrm_user_selection, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (HrmUserSelection *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
add_id (HrmUserSelection *self,
        gint64            id)
{
  g_hash_table_add (self->ids, g_memdup2 (&id, sizeof id));
}

HrmUserSelection *
hrm_user_selection_new (void)
{
  return g_object_new (HRM_TYPE_USER_SELECTION, NULL);
}

gboolean
hrm_user_selection_contains (HrmUserSelection *self,
                             gint64            id)
{
  g_return_val_if_fail (HRM_IS_USER_SELECTION (self), FALSE);

  /* 0 is a row still loading: nobody yet, so never ticked. */
  return id != 0 && (self->all_matching || g_hash_table_contains (self->ids, &id));
}

void
hrm_user_selection_set_checked (HrmUserSelection *self,
                                gint64            id,
                                gboolean          checked)
{
  g_return_if_fail (HRM_IS_USER_SELECTION (self));
  g_return_if_fail (id != 0);

  if (checked)
    add_id (self, id);
  else
    g_hash_table_remove (self->ids, &id);
  emit_changed (self);
}

void
hrm_user_selection_add_ids (HrmUserSelection *self,
                            GArray           *ids)
{
  g_return_if_fail (HRM_IS_USER_SELECTION (self));
  g_return_if_fail (ids != NULL);

  for (guint i = 0; i < ids->len; i++)
    add_id (self, g_array_index (ids, gint64, i));
  emit_changed (self);
}

void
hrm_user_selection_keep_ids (HrmUserSelection *self,
                             GArray           *ids)
{
  g_return_if_fail (HRM_IS_USER_SELECTION (self));
  g_return_if_fail (ids != NULL);

  self->all_matching = FALSE;
  hrm_user_selection_add_ids (self, ids);
}

void
hrm_user_selection_clear (HrmUserSelection *self)
{
  g_return_if_fail (HRM_IS_USER_SELECTION (self));

  g_hash_table_remove_all (self->ids);
  self->all_matching = FALSE;
  emit_changed (self);
}

void
hrm_user_selection_set_all_matching (HrmUserSelection *self,
                                     gboolean          all_matching)
{
  g_return_if_fail (HRM_IS_USER_SELECTION (self));

  self->all_matching = !!all_matching;
  emit_changed (self);
}

gboolean
hrm_user_selection_get_all_matching (HrmUserSelection *self)
{
  g_return_val_if_fail (HRM_IS_USER_SELECTION (self), FALSE);

  return self->all_matching;
}

guint
hrm_user_selection_get_n_ids (HrmUserSelection *self)
{
  g_return_val_if_fail (HRM_IS_USER_SELECTION (self), 0);

  return g_hash_table_size (self->ids);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

GArray *
hrm_user_selection_dup_ids (HrmUserSelection *self)
{
  GArray *ids;
  GHashTableIter iter;
  gint64 *id;

  g_return_val_if_fail (HRM_IS_USER_SELECTION (self), NULL);

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), g_hash_table_size (self->ids));
  g_hash_table_iter_init (&iter, self->ids);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    g_array_append_val (ids, *id);
  /* Some order the next time too (a bulk job goes in this order). */
  g_array_sort (ids, compare_ids);
  return ids;
}

static void
hrm_user_selection_finalize (GObject *object)
{
  HrmUserSelection *self = HRM_USER_SELECTION (object);

  g_clear_pointer (&self->ids, g_hash_table_unref);

  G_OBJECT_CLASS (hrm_user_selection_parent_class)->finalize (object);
}

static void
hrm_user_selection_class_init (HrmUserSelectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hrm_user_selection_finalize;

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
hrm_user_selection_init (HrmUserSelection *self)
{
  self->ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}
