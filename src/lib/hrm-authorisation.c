/* hrm-authorisation.c — one role of a user, with its scope
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-authorisation"

#include <glib/gi18n-lib.h>

#include "hrm-error.h"
#include "hrm-json.h"
#include "hrm-authorisation.h"

struct _HrmAuthorisation
{
  GObject       parent_instance;

  /* owned */
  gint64        role_id;
  char         *role_name;
  HrmScopeType  scope_type;
  gint64        scope_id;
  char         *scope_label;
};

G_DEFINE_FINAL_TYPE (HrmAuthorisation, hrm_authorisation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROLE_ID,
  PROP_ROLE_NAME,
  PROP_SCOPE_TYPE,
  PROP_SCOPE_ID,
  PROP_SCOPE_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct {
  const char *name;
  const char *id_member;
} scope_types[] = {
  [HRM_SCOPE_COMPANY] = { "company", NULL },
  [HRM_SCOPE_ACCOUNT_CODE] = { "account_code", "account_code_id" },
  [HRM_SCOPE_EMPLOYEE] = { "employee", "employee_id" },
};

const char *
hrm_scope_type_to_string (HrmScopeType type)
{
  g_return_val_if_fail (type <= HRM_SCOPE_EMPLOYEE, NULL);
  return scope_types[type].name;
}

gboolean
hrm_scope_type_from_string (const char   *text,
                            HrmScopeType *out_type)
{
  for (guint i = 0; i < G_N_ELEMENTS (scope_types); i++)
    if (g_strcmp0 (text, scope_types[i].name) == 0)
      {
        *out_type = i;
        return TRUE;
      }
  return FALSE;
}

static void
hrm_authorisation_finalize (GObject *object)
{
  HrmAuthorisation *self = (HrmAuthorisation *)object;

  g_clear_pointer (&self->role_name, g_free);
  g_clear_pointer (&self->scope_label, g_free);

  G_OBJECT_CLASS (hrm_authorisation_parent_class)->finalize (object);
}

static void
hrm_authorisation_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HrmAuthorisation *self = HRM_AUTHORISATION (object);

  switch (prop_id)
    {
    case PROP_ROLE_ID: g_value_set_int64 (value, self->role_id); break;
    case PROP_ROLE_NAME: g_value_set_string (value, self->role_name); break;
    case PROP_SCOPE_TYPE: g_value_set_uint (value, self->scope_type); break;
    case PROP_SCOPE_ID: g_value_set_int64 (value, self->scope_id); break;
    case PROP_SCOPE_LABEL: g_value_set_string (value, self->scope_label); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hrm_authorisation_class_init (HrmAuthorisationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hrm_authorisation_finalize;
  object_class->get_property = hrm_authorisation_get_property;

  properties[PROP_ROLE_ID] =
    g_param_spec_int64 ("role-id", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROLE_NAME] =
    g_param_spec_string ("role-name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCOPE_TYPE] =
    g_param_spec_uint ("scope-type", NULL, NULL, HRM_SCOPE_COMPANY, HRM_SCOPE_EMPLOYEE, HRM_SCOPE_COMPANY,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCOPE_ID] =
    g_param_spec_int64 ("scope-id", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCOPE_LABEL] =
    g_param_spec_string ("scope-label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hrm_authorisation_init (HrmAuthorisation *self)
{
}

/**
 * hrm_authorisation_new:
 * @scope_id: the account code or employee id; ignored for %HRM_SCOPE_COMPANY
 * @role_name: (nullable): shown until the server fills it in
 * @scope_label: (nullable): likewise
 */
HrmAuthorisation *
hrm_authorisation_new (gint64        role_id,
                       const char   *role_name,
                       HrmScopeType  scope_type,
                       gint64        scope_id,
                       const char   *scope_label)
{
  HrmAuthorisation *self;

  g_return_val_if_fail (scope_type <= HRM_SCOPE_EMPLOYEE, NULL);

  self = g_object_new (HRM_TYPE_AUTHORISATION, NULL);
  self->role_id = role_id;
  self->role_name = g_strdup (role_name);
  self->scope_type = scope_type;
  self->scope_id = scope_type == HRM_SCOPE_COMPANY ? 0 : scope_id;
  self->scope_label = g_strdup (scope_label);

  return self;
}

/**
 * hrm_authorisation_new_from_json:
 * Returns: (transfer full) (nullable): the authorisation, or %NULL with @error set.
 */
HrmAuthorisation *
hrm_authorisation_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  g_autoptr(HrmAuthorisation) self = g_object_new (HRM_TYPE_AUTHORISATION, NULL);
  g_autofree char *type = NULL;
  JsonObject *scope;

  g_return_val_if_fail (object != NULL, NULL);

  if (!hrm_json_get_int (object, "role_id", &self->role_id, error)
      || !hrm_json_get_string (object, "role_name", TRUE, &self->role_name, error))
    return NULL;

  scope = hrm_json_get_object (object, "scope", FALSE, error);
  if (scope == NULL)
    return NULL;

  if (!hrm_json_get_string (scope, "type", FALSE, &type, error))
    return NULL;

  if (!hrm_scope_type_from_string (type, &self->scope_type))
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL, _("Unknown scope type “%s”"), type);
      return NULL;
    }

  if (scope_types[self->scope_type].id_member != NULL
      && !hrm_json_get_int (scope, scope_types[self->scope_type].id_member, &self->scope_id, error))
    return NULL;

  if (!hrm_json_get_string (scope, "label", TRUE, &self->scope_label, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * hrm_authorisation_to_json:
 * What a PUT sends: role_id and the scope (type and id); the names are the
 * server's to fill in.
 */
JsonNode *
hrm_authorisation_to_json (HrmAuthorisation *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (HRM_IS_AUTHORISATION (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role_id");
  json_builder_add_int_value (builder, self->role_id);
  json_builder_set_member_name (builder, "scope");
  json_builder_begin_object (builder);
  hrm_json_builder_add_string (builder, "type", scope_types[self->scope_type].name);
  if (scope_types[self->scope_type].id_member != NULL)
    {
      json_builder_set_member_name (builder, scope_types[self->scope_type].id_member);
      json_builder_add_int_value (builder, self->scope_id);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

gint64
hrm_authorisation_get_role_id (HrmAuthorisation *self)
{
  g_return_val_if_fail (HRM_IS_AUTHORISATION (self), 0);
  return self->role_id;
}

const char *
hrm_authorisation_get_role_name (HrmAuthorisation *self)
{
  g_return_val_if_fail (HRM_IS_AUTHORISATION (self), NULL);
  return self->role_name;
}

HrmScopeType
hrm_authorisation_get_scope_type (HrmAuthorisation *self)
{
  g_return_val_if_fail (HRM_IS_AUTHORISATION (self), HRM_SCOPE_COMPANY);
  return self->scope_type;
}

gint64
hrm_authorisation_get_scope_id (HrmAuthorisation *self)
{
  g_return_val_if_fail (HRM_IS_AUTHORISATION (self), 0);
  return self->scope_id;
}

const char *
hrm_authorisation_get_scope_label (HrmAuthorisation *self)
{
  g_return_val_if_fail (HRM_IS_AUTHORISATION (self), NULL);
  return self->scope_label;
}
