/* hrm-provisioning-summary.c — how far the organisation has come with linking its users
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-provisioning-summary"

#include <glib/gi18n-lib.h>

#include "hrm-error.h"
#include "hrm-json.h"
#include "hrm-provisioning-summary.h"

/* The counts, in the order of the JSON members and of the properties. */
enum {
  COUNT_TOTAL,
  COUNT_DISABLED,
  COUNT_LINKED,
  COUNT_PENDING,
  COUNT_EXPIRED,
  COUNT_NOT_LINKED_WITH_EMAIL,
  COUNT_NOT_LINKED_WITHOUT_EMAIL,
  N_COUNTS
};

static const struct {
  const char *member;
  const char *property;
} counts[N_COUNTS] = {
  { "total", "total" },
  { "disabled", "disabled" },
  { "linked", "linked" },
  { "pending", "pending" },
  { "expired", "expired" },
  { "not_linked_with_email", "not-linked-with-email" },
  { "not_linked_without_email", "not-linked-without-email" },
};

struct _HrmProvisioningSummary
{
  GObject    parent_instance;

  /* owned */
  guint      counts[N_COUNTS];
  GDateTime *updated_at;
};

G_DEFINE_FINAL_TYPE (HrmProvisioningSummary, hrm_provisioning_summary, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UPDATED_AT = N_COUNTS + 1,
  PROP_PERCENT_LINKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hrm_provisioning_summary_finalize (GObject *object)
{
  HrmProvisioningSummary *self = (HrmProvisioningSummary *)object;

  g_clear_pointer (&self->updated_at, g_date_time_unref);

  G_OBJECT_CLASS (hrm_provisioning_summary_parent_class)->finalize (object);
}

static void
hrm_provisioning_summary_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  HrmProvisioningSummary *self = HRM_PROVISIONING_SUMMARY (object);

  if (prop_id >= 1 && prop_id <= N_COUNTS)
    g_value_set_uint (value, self->counts[prop_id - 1]);
  else if (prop_id == PROP_UPDATED_AT)
    g_value_set_boxed (value, self->updated_at);
  else if (prop_id == PROP_PERCENT_LINKED)
    g_value_set_uint (value, hrm_provisioning_summary_get_percent_linked (self));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
hrm_provisioning_summary_class_init (HrmProvisioningSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hrm_provisioning_summary_finalize;
  object_class->get_property = hrm_provisioning_summary_get_property;

  for (guint i = 0; i < N_COUNTS; i++)
    properties[i + 1] = g_param_spec_uint (counts[i].property, NULL, NULL, 0, G_MAXUINT, 0,
                                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_UPDATED_AT] =
    g_param_spec_boxed ("updated-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERCENT_LINKED] =
    g_param_spec_uint ("percent-linked", NULL, NULL, 0, 100, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hrm_provisioning_summary_init (HrmProvisioningSummary *self)
{
}

/**
 * hrm_provisioning_summary_new_from_json:
 * Returns: (transfer full) (nullable): the summary, or %NULL with @error set
 *   (a missing or negative count, or parts that do not add up to the total).
 */
HrmProvisioningSummary *
hrm_provisioning_summary_new_from_json (JsonObject  *object,
                                        GError     **error)
{
  g_autoptr(HrmProvisioningSummary) self = g_object_new (HRM_TYPE_PROVISIONING_SUMMARY, NULL);
  guint64 sum = 0;

  g_return_val_if_fail (object != NULL, NULL);

  for (guint i = 0; i < N_COUNTS; i++)
    {
      gint64 value;

      if (!hrm_json_get_int (object, counts[i].member, &value, error))
        return NULL;
      if (value < 0 || value > G_MAXUINT)
        {
          g_set_error (error, HRM_ERROR, HRM_ERROR_INVALID, _("“%s” must be %s"),
                       counts[i].member, _("a whole number"));
          return NULL;
        }
      self->counts[i] = value;
      if (i != COUNT_TOTAL)
        sum += value;
    }

  if (sum != self->counts[COUNT_TOTAL])
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_INVALID, _("The parts of the summary do not add up to “%s”"),
                   "total");
      return NULL;
    }

  if (!hrm_json_get_datetime (object, "updated_at", &self->updated_at, error))
    return NULL;

  return g_steal_pointer (&self);
}

#define GETTER(name, index) \
  guint \
  hrm_provisioning_summary_get_##name (HrmProvisioningSummary *self) \
  { \
    g_return_val_if_fail (HRM_IS_PROVISIONING_SUMMARY (self), 0); \
    return self->counts[index]; \
  }

GETTER (total, COUNT_TOTAL)
GETTER (disabled, COUNT_DISABLED)
GETTER (linked, COUNT_LINKED)
GETTER (pending, COUNT_PENDING)
GETTER (expired, COUNT_EXPIRED)
GETTER (not_linked_with_email, COUNT_NOT_LINKED_WITH_EMAIL)
GETTER (not_linked_without_email, COUNT_NOT_LINKED_WITHOUT_EMAIL)

#undef GETTER

guint
hrm_provisioning_summary_get_enabled (HrmProvisioningSummary *self)
{
  g_return_val_if_fail (HRM_IS_PROVISIONING_SUMMARY (self), 0);
  return self->counts[COUNT_TOTAL] - self->counts[COUNT_DISABLED];
}

guint
hrm_provisioning_summary_get_percent_linked (HrmProvisioningSummary *self)
{
  guint enabled;

  g_return_val_if_fail (HRM_IS_PROVISIONING_SUMMARY (self), 0);

  enabled = hrm_provisioning_summary_get_enabled (self);
  if (enabled == 0)
    return 0;
  /* Rounded down: "100 %" must mean everyone. */
  return (guint) ((guint64) self->counts[COUNT_LINKED] * 100 / enabled);
}

GDateTime *
hrm_provisioning_summary_get_updated_at (HrmProvisioningSummary *self)
{
  g_return_val_if_fail (HRM_IS_PROVISIONING_SUMMARY (self), NULL);
  return self->updated_at;
}
