/* hrm-bulk-job.c — a bulk verification job that runs in the server
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-bulk-job"

#include <glib/gi18n-lib.h>

#include "hrm-error.h"
#include "hrm-json.h"
#include "hrm-bulk-job.h"

static const char *state_names[] = { "queued", "running", "done", "cancelled" };
static const char *reason_names[] = {
  "disabled", "already_linked", "no_email", "invalid_email", "outside_allowed_domains",
  "duplicate_of_linked", "pending_not_expired", "sent_recently",
};

G_STATIC_ASSERT (G_N_ELEMENTS (reason_names) == HRM_BULK_SKIP_N_REASONS);

const char *
hrm_bulk_job_state_to_string (HrmBulkJobState state)
{
  g_return_val_if_fail (state <= HRM_BULK_JOB_CANCELLED, NULL);
  return state_names[state];
}

gboolean
hrm_bulk_job_state_from_string (const char      *text,
                                HrmBulkJobState *out_state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (text, state_names[i]) == 0)
      {
        *out_state = i;
        return TRUE;
      }
  return FALSE;
}

const char *
hrm_bulk_skip_reason_to_string (HrmBulkSkipReason reason)
{
  g_return_val_if_fail (reason < HRM_BULK_SKIP_N_REASONS, NULL);
  return reason_names[reason];
}

const char *
hrm_bulk_skip_reason_describe (HrmBulkSkipReason reason)
{
  switch (reason)
    {
    case HRM_BULK_SKIP_DISABLED: return _("Disabled");
    case HRM_BULK_SKIP_ALREADY_LINKED: return _("Already linked");
    case HRM_BULK_SKIP_NO_EMAIL: return _("No email saved");
    case HRM_BULK_SKIP_INVALID_EMAIL: return _("Email not valid");
    case HRM_BULK_SKIP_OUTSIDE_ALLOWED_DOMAINS: return _("Outside the organisation’s email domains");
    case HRM_BULK_SKIP_DUPLICATE_OF_LINKED: return _("Another user is linked to the address");
    case HRM_BULK_SKIP_PENDING_NOT_EXPIRED: return _("Link sent and still valid");
    case HRM_BULK_SKIP_SENT_RECENTLY: return _("Sent too recently");
    default: g_return_val_if_reached (NULL);
    }
}

static gboolean
get_count (JsonObject  *object,
           const char  *member,
           guint       *out_value,
           GError     **error)
{
  gint64 value;

  if (!hrm_json_get_int (object, member, &value, error))
    return FALSE;
  if (value < 0 || value > G_MAXUINT)
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_INVALID, _("“%s” must be %s"), member,
                   _("a whole number"));
      return FALSE;
    }
  *out_value = value;
  return TRUE;
}

static void
sample_free (HrmBulkJobSample *sample)
{
  g_free (sample->user_id);
  g_free (sample->first_name);
  g_free (sample->last_name);
  g_free (sample);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HrmBulkJobSample, sample_free)

/* One user of "samples": {"id", "user_id", "first_name", "last_name"}, nothing else. */
static HrmBulkJobSample *
sample_new_from_json (JsonNode  *node,
                      GError   **error)
{
  g_autoptr(HrmBulkJobSample) sample = g_new0 (HrmBulkJobSample, 1);
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_INVALID, _("“%s” must be %s"), "samples",
                   _("lists of users"));
      return NULL;
    }
  object = json_node_get_object (node);
  if (!hrm_json_get_int (object, "id", &sample->id, error)
      || !hrm_json_get_string (object, "user_id", FALSE, &sample->user_id, error)
      || !hrm_json_get_string (object, "first_name", FALSE, &sample->first_name, error)
      || !hrm_json_get_string (object, "last_name", FALSE, &sample->last_name, error))
    return NULL;
  if (sample->id <= 0 || json_object_get_size (object) != 4)
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_INVALID, _("“%s” must be %s"), "samples",
                   _("lists of users"));
      return NULL;
    }
  return g_steal_pointer (&sample);
}

/* "samples", when the server sent them: for each reason the client knows a
 * list of users, no longer than that reason's count. */
static gboolean
read_samples (JsonObject         *object,
              HrmBulkJobPreview  *preview,
              GError            **error)
{
  JsonObject *samples;

  if (!json_object_has_member (object, "samples"))
    return TRUE;
  samples = hrm_json_get_object (object, "samples", FALSE, error);
  if (samples == NULL)
    return FALSE;

  for (guint i = 0; i < HRM_BULK_SKIP_N_REASONS; i++)
    {
      JsonArray *list;

      if (!json_object_has_member (samples, reason_names[i]))
        continue;
      list = hrm_json_get_array (samples, reason_names[i], error);
      if (list == NULL)
        return FALSE;
      if (json_array_get_length (list) > preview->skipped[i])
        {
          g_set_error (error, HRM_ERROR, HRM_ERROR_INVALID,
                       _("The preview names more users than it skips for “%s”"), reason_names[i]);
          return FALSE;
        }
      for (guint k = 0; k < json_array_get_length (list); k++)
        {
          HrmBulkJobSample *sample = sample_new_from_json (json_array_get_element (list, k), error);

          if (sample == NULL)
            return FALSE;
          g_ptr_array_add (preview->samples[i], sample);
        }
    }
  return TRUE;
}

/**
 * hrm_bulk_job_preview_new_from_json:
 * Reasons the client does not know are counted in the total only (a newer server may add some).
 * Returns: (transfer full) (nullable): the preview, or %NULL with @error set.
 */
HrmBulkJobPreview *
hrm_bulk_job_preview_new_from_json (JsonObject  *object,
                                    GError     **error)
{
  g_autoptr(HrmBulkJobPreview) preview = g_new0 (HrmBulkJobPreview, 1);
  JsonObject *skipped;

  g_return_val_if_fail (object != NULL, NULL);

  for (guint i = 0; i < HRM_BULK_SKIP_N_REASONS; i++)
    preview->samples[i] = g_ptr_array_new_with_free_func ((GDestroyNotify) sample_free);

  if (!get_count (object, "total", &preview->total, error)
      || !get_count (object, "will_run", &preview->will_run, error))
    return NULL;

  skipped = hrm_json_get_object (object, "skipped", FALSE, error);
  if (skipped == NULL)
    return NULL;

  for (guint i = 0; i < HRM_BULK_SKIP_N_REASONS; i++)
    if (json_object_has_member (skipped, reason_names[i])
        && !get_count (skipped, reason_names[i], &preview->skipped[i], error))
      return NULL;

  if (preview->will_run > preview->total
      || hrm_bulk_job_preview_get_skipped (preview) > preview->total - preview->will_run)
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_INVALID,
                   _("The parts of the preview do not add up to “%s”"), "total");
      return NULL;
    }

  if (!read_samples (object, preview, error))
    return NULL;

  return g_steal_pointer (&preview);
}

/* All skipped users, whatever the reason (the total less those that will run). */
guint
hrm_bulk_job_preview_get_skipped (const HrmBulkJobPreview *preview)
{
  guint64 sum = 0;

  g_return_val_if_fail (preview != NULL, 0);

  for (guint i = 0; i < HRM_BULK_SKIP_N_REASONS; i++)
    sum += preview->skipped[i];
  return MIN (sum, G_MAXUINT);
}

GPtrArray *
hrm_bulk_job_preview_get_samples (const HrmBulkJobPreview *preview,
                                  HrmBulkSkipReason        reason)
{
  g_return_val_if_fail (preview != NULL, NULL);
  g_return_val_if_fail (reason < HRM_BULK_SKIP_N_REASONS, NULL);

  return preview->samples[reason];
}

void
hrm_bulk_job_preview_free (HrmBulkJobPreview *preview)
{
  for (guint i = 0; i < HRM_BULK_SKIP_N_REASONS; i++)
    g_clear_pointer (&preview->samples[i], g_ptr_array_unref);
  g_free (preview);
}

/* ---- the job ------------------------------------------------------------- */

enum {
  COUNT_TOTAL,
  COUNT_PROCESSED,
  COUNT_SUCCEEDED,
  COUNT_SKIPPED,
  COUNT_FAILED,
  N_COUNTS
};

static const char *count_names[N_COUNTS] = { "total", "processed", "succeeded", "skipped", "failed" };

struct _HrmBulkJob
{
  GObject          parent_instance;

  /* owned */
  gint64           id;
  char            *action;
  HrmBulkJobState  state;
  GDateTime       *created_at;
  char            *created_by_user_id;
  guint            counts[N_COUNTS];
  GDateTime       *started_at;
  GDateTime       *finished_at;
};

G_DEFINE_FINAL_TYPE (HrmBulkJob, hrm_bulk_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  /* 1 … N_COUNTS: the counts, in count_names' order */
  PROP_ID = N_COUNTS + 1,
  PROP_ACTION,
  PROP_STATE,
  PROP_FINISHED,
  PROP_FRACTION,
  PROP_CREATED_AT,
  PROP_CREATED_BY_USER_ID,
  PROP_STARTED_AT,
  PROP_FINISHED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hrm_bulk_job_finalize (GObject *object)
{
  HrmBulkJob *self = (HrmBulkJob *)object;

  g_clear_pointer (&self->action, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->created_by_user_id, g_free);
  g_clear_pointer (&self->started_at, g_date_time_unref);
  g_clear_pointer (&self->finished_at, g_date_time_unref);

  G_OBJECT_CLASS (hrm_bulk_job_parent_class)->finalize (object);
}

static void
hrm_bulk_job_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HrmBulkJob *self = HRM_BULK_JOB (object);

  if (prop_id >= 1 && prop_id <= N_COUNTS)
    {
      g_value_set_uint (value, self->counts[prop_id - 1]);
      return;
    }

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_ACTION: g_value_set_string (value, self->action); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_FINISHED: g_value_set_boolean (value, hrm_bulk_job_is_finished (self)); break;
    case PROP_FRACTION: g_value_set_double (value, hrm_bulk_job_get_fraction (self)); break;
    case PROP_CREATED_AT: g_value_set_boxed (value, self->created_at); break;
    case PROP_CREATED_BY_USER_ID: g_value_set_string (value, self->created_by_user_id); break;
    case PROP_STARTED_AT: g_value_set_boxed (value, self->started_at); break;
    case PROP_FINISHED_AT: g_value_set_boxed (value, self->finished_at); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hrm_bulk_job_class_init (HrmBulkJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = hrm_bulk_job_finalize;
  object_class->get_property = hrm_bulk_job_get_property;

  for (guint i = 0; i < N_COUNTS; i++)
    properties[i + 1] = g_param_spec_uint (count_names[i], NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ACTION] = g_param_spec_string ("action", NULL, NULL, NULL, flags);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, HRM_TYPE_BULK_JOB_STATE, HRM_BULK_JOB_QUEUED, flags);
  properties[PROP_FINISHED] = g_param_spec_boolean ("finished", NULL, NULL, FALSE, flags);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0, flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_CREATED_BY_USER_ID] =
    g_param_spec_string ("created-by-user-id", NULL, NULL, NULL, flags);
  properties[PROP_STARTED_AT] =
    g_param_spec_boxed ("started-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_FINISHED_AT] =
    g_param_spec_boxed ("finished-at", NULL, NULL, G_TYPE_DATE_TIME, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hrm_bulk_job_init (HrmBulkJob *self)
{
}

/**
 * hrm_bulk_job_new_from_json:
 * Returns: (transfer full) (nullable): the job, or %NULL with @error set.
 */
HrmBulkJob *
hrm_bulk_job_new_from_json (JsonObject  *object,
                            GError     **error)
{
  g_autoptr(HrmBulkJob) self = g_object_new (HRM_TYPE_BULK_JOB, NULL);
  g_autofree char *state = NULL;
  JsonObject *created_by;

  g_return_val_if_fail (object != NULL, NULL);

  if (!hrm_json_get_int (object, "id", &self->id, error)
      || !hrm_json_get_string (object, "action", FALSE, &self->action, error)
      || !hrm_json_get_string (object, "state", FALSE, &state, error)
      || !hrm_json_get_datetime (object, "created_at", &self->created_at, error)
      || !hrm_json_get_datetime (object, "started_at", &self->started_at, error)
      || !hrm_json_get_datetime (object, "finished_at", &self->finished_at, error))
    return NULL;

  if (!hrm_bulk_job_state_from_string (state, &self->state))
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_INVALID, _("Unknown job state “%s”"), state);
      return NULL;
    }

  for (guint i = 0; i < N_COUNTS; i++)
    if (!get_count (object, count_names[i], &self->counts[i], error))
      return NULL;

  if (self->counts[COUNT_PROCESSED] > self->counts[COUNT_TOTAL]
      || (guint64) self->counts[COUNT_SUCCEEDED] + self->counts[COUNT_SKIPPED]
         + self->counts[COUNT_FAILED] != self->counts[COUNT_PROCESSED])
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_INVALID,
                   _("The counts of the job do not add up to “%s”"), "processed");
      return NULL;
    }

  /* The creator may have been deleted since. */
  created_by = hrm_json_get_object (object, "created_by", TRUE, error);
  if (created_by == NULL && error != NULL && *error != NULL)
    return NULL;
  if (created_by != NULL
      && !hrm_json_get_string (created_by, "user_id", TRUE, &self->created_by_user_id, error))
    return NULL;

  return g_steal_pointer (&self);
}

static void
update_datetime (HrmBulkJob  *self,
                 GDateTime  **field,
                 GDateTime   *value,
                 guint        prop)
{
  if (*field == value || (*field && value && g_date_time_equal (*field, value)))
    return;

  g_clear_pointer (field, g_date_time_unref);
  *field = value ? g_date_time_ref (value) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
hrm_bulk_job_update_from (HrmBulkJob *self,
                          HrmBulkJob *other)
{
  gboolean was_finished;
  double fraction;

  g_return_if_fail (HRM_IS_BULK_JOB (self));
  g_return_if_fail (HRM_IS_BULK_JOB (other));
  g_return_if_fail (self->id == other->id);

  was_finished = hrm_bulk_job_is_finished (self);
  fraction = hrm_bulk_job_get_fraction (self);

  g_object_freeze_notify (G_OBJECT (self));

  for (guint i = 0; i < N_COUNTS; i++)
    if (self->counts[i] != other->counts[i])
      {
        self->counts[i] = other->counts[i];
        g_object_notify_by_pspec (G_OBJECT (self), properties[i + 1]);
      }
  update_datetime (self, &self->started_at, other->started_at, PROP_STARTED_AT);
  update_datetime (self, &self->finished_at, other->finished_at, PROP_FINISHED_AT);
  if (self->state != other->state)
    {
      self->state = other->state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (was_finished != hrm_bulk_job_is_finished (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
  if (fraction != hrm_bulk_job_get_fraction (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);

  g_object_thaw_notify (G_OBJECT (self));
}

gint64
hrm_bulk_job_get_id (HrmBulkJob *self)
{
  g_return_val_if_fail (HRM_IS_BULK_JOB (self), 0);
  return self->id;
}

const char *
hrm_bulk_job_get_action (HrmBulkJob *self)
{
  g_return_val_if_fail (HRM_IS_BULK_JOB (self), NULL);
  return self->action;
}

HrmBulkJobState
hrm_bulk_job_get_state (HrmBulkJob *self)
{
  g_return_val_if_fail (HRM_IS_BULK_JOB (self), HRM_BULK_JOB_QUEUED);
  return self->state;
}

gboolean
hrm_bulk_job_is_finished (HrmBulkJob *self)
{
  g_return_val_if_fail (HRM_IS_BULK_JOB (self), FALSE);
  return self->state == HRM_BULK_JOB_DONE || self->state == HRM_BULK_JOB_CANCELLED;
}

GDateTime *
hrm_bulk_job_get_created_at (HrmBulkJob *self)
{
  g_return_val_if_fail (HRM_IS_BULK_JOB (self), NULL);
  return self->created_at;
}

const char *
hrm_bulk_job_get_created_by_user_id (HrmBulkJob *self)
{
  g_return_val_if_fail (HRM_IS_BULK_JOB (self), NULL);
  return self->created_by_user_id;
}

#define COUNT_GETTER(name, index) \
  guint \
  hrm_bulk_job_get_##name (HrmBulkJob *self) \
  { \
    g_return_val_if_fail (HRM_IS_BULK_JOB (self), 0); \
    return self->counts[index]; \
  }

COUNT_GETTER (total, COUNT_TOTAL)
COUNT_GETTER (processed, COUNT_PROCESSED)
COUNT_GETTER (succeeded, COUNT_SUCCEEDED)
COUNT_GETTER (skipped, COUNT_SKIPPED)
COUNT_GETTER (failed, COUNT_FAILED)

#undef COUNT_GETTER

double
hrm_bulk_job_get_fraction (HrmBulkJob *self)
{
  g_return_val_if_fail (HRM_IS_BULK_JOB (self), 0);

  if (self->counts[COUNT_TOTAL] == 0)
    return 1.0;
  return (double) self->counts[COUNT_PROCESSED] / self->counts[COUNT_TOTAL];
}

GDateTime *
hrm_bulk_job_get_started_at (HrmBulkJob *self)
{
  g_return_val_if_fail (HRM_IS_BULK_JOB (self), NULL);
  return self->started_at;
}

GDateTime *
hrm_bulk_job_get_finished_at (HrmBulkJob *self)
{
  g_return_val_if_fail (HRM_IS_BULK_JOB (self), NULL);
  return self->finished_at;
}
