/* hrm-role.c — a role that grants access in the HRM
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-role"

#include "hrm-json.h"
#include "hrm-role.h"

struct _HrmRole
{
  GObject   parent_instance;

  /* owned */
  gint64    id;
  char     *name;
  char     *description;
  gboolean  grants_users_view;
};

G_DEFINE_FINAL_TYPE (HrmRole, hrm_role, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_GRANTS_USERS_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hrm_role_finalize (GObject *object)
{
  HrmRole *self = (HrmRole *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (hrm_role_parent_class)->finalize (object);
}

static void
hrm_role_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  HrmRole *self = HRM_ROLE (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    case PROP_GRANTS_USERS_VIEW: g_value_set_boolean (value, self->grants_users_view); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hrm_role_class_init (HrmRoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hrm_role_finalize;
  object_class->get_property = hrm_role_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_GRANTS_USERS_VIEW] =
    g_param_spec_boolean ("grants-users-view", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hrm_role_init (HrmRole *self)
{
}

/**
 * hrm_role_new_from_json:
 * Returns: (transfer full) (nullable): the role, or %NULL with @error set
 *   when a member is missing or has the wrong type.
 */
HrmRole *
hrm_role_new_from_json (JsonObject  *object,
                        GError     **error)
{
  g_autoptr(HrmRole) self = g_object_new (HRM_TYPE_ROLE, NULL);

  g_return_val_if_fail (object != NULL, NULL);

  if (!hrm_json_get_int (object, "id", &self->id, error)
      || !hrm_json_get_string (object, "name", FALSE, &self->name, error)
      || !hrm_json_get_string (object, "description", TRUE, &self->description, error)
      || !hrm_json_get_bool (object, "grants_users_view", &self->grants_users_view, error))
    return NULL;

  return g_steal_pointer (&self);
}

gint64
hrm_role_get_id (HrmRole *self)
{
  g_return_val_if_fail (HRM_IS_ROLE (self), 0);
  return self->id;
}

const char *
hrm_role_get_name (HrmRole *self)
{
  g_return_val_if_fail (HRM_IS_ROLE (self), NULL);
  return self->name;
}

const char *
hrm_role_get_description (HrmRole *self)
{
  g_return_val_if_fail (HRM_IS_ROLE (self), NULL);
  return self->description;
}

gboolean
hrm_role_get_grants_users_view (HrmRole *self)
{
  g_return_val_if_fail (HRM_IS_ROLE (self), FALSE);
  return self->grants_users_view;
}
