/* hrm-bulk-job-item.c — what a bulk job did for one user
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-bulk-job-item"

#include <glib/gi18n-lib.h>

#include "hrm-error.h"
#include "hrm-json.h"
#include "hrm-bulk-job-item.h"

struct _HrmBulkJobItem
{
  GObject    parent_instance;

  /* owned */
  gint64     user_pk;
  char      *user_id;
  char      *first_name;
  char      *last_name;
  char      *outcome;
  char      *reason;
  char      *message;
  GDateTime *at;
};

G_DEFINE_FINAL_TYPE (HrmBulkJobItem, hrm_bulk_job_item, G_TYPE_OBJECT)

static void
hrm_bulk_job_item_finalize (GObject *object)
{
  HrmBulkJobItem *self = (HrmBulkJobItem *)object;

  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->first_name, g_free);
  g_clear_pointer (&self->last_name, g_free);
  g_clear_pointer (&self->outcome, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->at, g_date_time_unref);

  G_OBJECT_CLASS (hrm_bulk_job_item_parent_class)->finalize (object);
}

static void
hrm_bulk_job_item_class_init (HrmBulkJobItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hrm_bulk_job_item_finalize;
}

static void
hrm_bulk_job_item_init (HrmBulkJobItem *self)
{
}

static gboolean
read_user (HrmBulkJobItem  *self,
           JsonObject      *object,
           GError         **error)
{
  JsonObject *user = NULL;
  g_autoptr(GError) local_error = NULL;

  user = hrm_json_get_object (object, "user", TRUE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* Deleted since the job ran. */
  if (user == NULL)
    return TRUE;

  return hrm_json_get_int (user, "id", &self->user_pk, error)
         && hrm_json_get_string (user, "user_id", FALSE, &self->user_id, error)
         && hrm_json_get_string (user, "first_name", TRUE, &self->first_name, error)
         && hrm_json_get_string (user, "last_name", TRUE, &self->last_name, error);
}

/**
 * hrm_bulk_job_item_new_from_json:
 * Returns: (transfer full) (nullable): the item, or %NULL with @error set.
 */
HrmBulkJobItem *
hrm_bulk_job_item_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  g_autoptr(HrmBulkJobItem) self = g_object_new (HRM_TYPE_BULK_JOB_ITEM, NULL);

  g_return_val_if_fail (object != NULL, NULL);

  if (!read_user (self, object, error)
      || !hrm_json_get_string (object, "outcome", FALSE, &self->outcome, error)
      || !hrm_json_get_string (object, "reason", TRUE, &self->reason, error)
      || !hrm_json_get_string (object, "message", TRUE, &self->message, error)
      || !hrm_json_get_datetime (object, "at", &self->at, error))
    return NULL;

  if (self->at == NULL)
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL, _("“%s” must be %s"), "at",
                   _("a date and time"));
      return NULL;
    }

  return g_steal_pointer (&self);
}

gint64
hrm_bulk_job_item_get_user_pk (HrmBulkJobItem *self)
{
  g_return_val_if_fail (HRM_IS_BULK_JOB_ITEM (self), 0);
  return self->user_pk;
}

const char *
hrm_bulk_job_item_get_user_id (HrmBulkJobItem *self)
{
  g_return_val_if_fail (HRM_IS_BULK_JOB_ITEM (self), NULL);
  return self->user_id;
}

char *
hrm_bulk_job_item_dup_user_name (HrmBulkJobItem *self)
{
  g_autoptr(GString) name = NULL;

  g_return_val_if_fail (HRM_IS_BULK_JOB_ITEM (self), NULL);

  if (self->user_id == NULL)
    return NULL;

  name = g_string_new (NULL);
  if (self->first_name != NULL && *self->first_name != '\0')
    g_string_append (name, self->first_name);
  if (self->last_name != NULL && *self->last_name != '\0')
    g_string_append_printf (name, "%s%s", name->len > 0 ? " " : "", self->last_name);
  if (name->len == 0)
    g_string_append (name, self->user_id);
  return g_string_free (g_steal_pointer (&name), FALSE);
}

const char *
hrm_bulk_job_item_get_outcome (HrmBulkJobItem *self)
{
  g_return_val_if_fail (HRM_IS_BULK_JOB_ITEM (self), NULL);
  return self->outcome;
}

const char *
hrm_bulk_job_item_get_reason (HrmBulkJobItem *self)
{
  g_return_val_if_fail (HRM_IS_BULK_JOB_ITEM (self), NULL);
  return self->reason;
}

const char *
hrm_bulk_job_item_get_message (HrmBulkJobItem *self)
{
  g_return_val_if_fail (HRM_IS_BULK_JOB_ITEM (self), NULL);
  return self->message;
}

GDateTime *
hrm_bulk_job_item_get_at (HrmBulkJobItem *self)
{
  g_return_val_if_fail (HRM_IS_BULK_JOB_ITEM (self), NULL);
  return self->at;
}
