/* hrm-event.c — one entry of a user's audit trail
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-event"

#include <glib/gi18n-lib.h>

#include "hrm-error.h"
#include "hrm-json.h"
#include "hrm-event.h"

struct _HrmEvent
{
  GObject    parent_instance;

  /* owned */
  gint64     id;
  GDateTime *time;
  char      *actor;
  char      *action;
  char      *details;
};

G_DEFINE_FINAL_TYPE (HrmEvent, hrm_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TIME,
  PROP_ACTOR,
  PROP_ACTION,
  PROP_DETAILS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hrm_event_finalize (GObject *object)
{
  HrmEvent *self = (HrmEvent *)object;

  g_clear_pointer (&self->time, g_date_time_unref);
  g_clear_pointer (&self->actor, g_free);
  g_clear_pointer (&self->action, g_free);
  g_clear_pointer (&self->details, g_free);

  G_OBJECT_CLASS (hrm_event_parent_class)->finalize (object);
}

static void
hrm_event_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  HrmEvent *self = HRM_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_TIME: g_value_set_boxed (value, self->time); break;
    case PROP_ACTOR: g_value_set_string (value, self->actor); break;
    case PROP_ACTION: g_value_set_string (value, self->action); break;
    case PROP_DETAILS: g_value_set_string (value, self->details); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hrm_event_class_init (HrmEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hrm_event_finalize;
  object_class->get_property = hrm_event_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIME] =
    g_param_spec_boxed ("time", NULL, NULL, G_TYPE_DATE_TIME, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTOR] =
    g_param_spec_string ("actor", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTION] =
    g_param_spec_string ("action", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAILS] =
    g_param_spec_string ("details", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hrm_event_init (HrmEvent *self)
{
}

/**
 * hrm_event_new_from_json:
 * Returns: (transfer full) (nullable): the event, or %NULL with @error set.
 */
HrmEvent *
hrm_event_new_from_json (JsonObject  *object,
                         GError     **error)
{
  g_autoptr(HrmEvent) self = g_object_new (HRM_TYPE_EVENT, NULL);

  g_return_val_if_fail (object != NULL, NULL);

  if (!hrm_json_get_int (object, "id", &self->id, error)
      || !hrm_json_get_datetime (object, "time", &self->time, error)
      || !hrm_json_get_string (object, "actor", TRUE, &self->actor, error)
      || !hrm_json_get_string (object, "action", FALSE, &self->action, error)
      || !hrm_json_get_string (object, "details", TRUE, &self->details, error))
    return NULL;

  if (self->time == NULL)
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL, _("“%s” must be %s"), "time",
                   _("a date and time"));
      return NULL;
    }

  return g_steal_pointer (&self);
}

gint64
hrm_event_get_id (HrmEvent *self)
{
  g_return_val_if_fail (HRM_IS_EVENT (self), 0);
  return self->id;
}

GDateTime *
hrm_event_get_time (HrmEvent *self)
{
  g_return_val_if_fail (HRM_IS_EVENT (self), NULL);
  return self->time;
}

const char *
hrm_event_get_actor (HrmEvent *self)
{
  g_return_val_if_fail (HRM_IS_EVENT (self), NULL);
  return self->actor;
}

const char *
hrm_event_get_action (HrmEvent *self)
{
  g_return_val_if_fail (HRM_IS_EVENT (self), NULL);
  return self->action;
}

const char *
hrm_event_get_details (HrmEvent *self)
{
  g_return_val_if_fail (HRM_IS_EVENT (self), NULL);
  return self->details;
}
