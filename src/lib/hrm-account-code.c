/* hrm-account-code.c — an account code (dimension and code)
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-account-code"

#include "hrm-json.h"
#include "hrm-account-code.h"

struct _HrmAccountCode
{
  GObject  parent_instance;

  /* owned */
  gint64   id;
  char    *dimension;
  char    *code;
  char    *name;
};

G_DEFINE_FINAL_TYPE (HrmAccountCode, hrm_account_code, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_DIMENSION,
  PROP_CODE,
  PROP_NAME,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hrm_account_code_finalize (GObject *object)
{
  HrmAccountCode *self = (HrmAccountCode *)object;

  g_clear_pointer (&self->dimension, g_free);
  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (hrm_account_code_parent_class)->finalize (object);
}

static void
hrm_account_code_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HrmAccountCode *self = HRM_ACCOUNT_CODE (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_DIMENSION: g_value_set_string (value, self->dimension); break;
    case PROP_CODE: g_value_set_string (value, self->code); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_LABEL: g_value_take_string (value, hrm_account_code_dup_label (self)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hrm_account_code_class_init (HrmAccountCodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hrm_account_code_finalize;
  object_class->get_property = hrm_account_code_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIMENSION] =
    g_param_spec_string ("dimension", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hrm_account_code_init (HrmAccountCode *self)
{
}

/**
 * hrm_account_code_new_from_json:
 * Returns: (transfer full) (nullable): the code, or %NULL with @error set.
 */
HrmAccountCode *
hrm_account_code_new_from_json (JsonObject  *object,
                                GError     **error)
{
  g_autoptr(HrmAccountCode) self = g_object_new (HRM_TYPE_ACCOUNT_CODE, NULL);

  g_return_val_if_fail (object != NULL, NULL);

  if (!hrm_json_get_int (object, "id", &self->id, error)
      || !hrm_json_get_string (object, "dimension", FALSE, &self->dimension, error)
      || !hrm_json_get_string (object, "code", FALSE, &self->code, error)
      || !hrm_json_get_string (object, "name", TRUE, &self->name, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * hrm_account_code_to_json:
 * The full object; a PUT of the account-code audit only needs "id", and the
 * server ignores the rest.
 */
JsonNode *
hrm_account_code_to_json (HrmAccountCode *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (HRM_IS_ACCOUNT_CODE (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, self->id);
  hrm_json_builder_add_string (builder, "dimension", self->dimension);
  hrm_json_builder_add_string (builder, "code", self->code);
  hrm_json_builder_add_string (builder, "name", self->name);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

gint64
hrm_account_code_get_id (HrmAccountCode *self)
{
  g_return_val_if_fail (HRM_IS_ACCOUNT_CODE (self), 0);
  return self->id;
}

const char *
hrm_account_code_get_dimension (HrmAccountCode *self)
{
  g_return_val_if_fail (HRM_IS_ACCOUNT_CODE (self), NULL);
  return self->dimension;
}

const char *
hrm_account_code_get_code (HrmAccountCode *self)
{
  g_return_val_if_fail (HRM_IS_ACCOUNT_CODE (self), NULL);
  return self->code;
}

const char *
hrm_account_code_get_name (HrmAccountCode *self)
{
  g_return_val_if_fail (HRM_IS_ACCOUNT_CODE (self), NULL);
  return self->name;
}

/**
 * hrm_account_code_dup_label:
 * "Cost centre 4100 Warehouse": dimension, code and name, as one line.
 */
char *
hrm_account_code_dup_label (HrmAccountCode *self)
{
  g_return_val_if_fail (HRM_IS_ACCOUNT_CODE (self), NULL);

  if (self->name == NULL || self->name[0] == '\0')
    return g_strdup_printf ("%s %s", self->dimension, self->code);

  return g_strdup_printf ("%s %s %s", self->dimension, self->code, self->name);
}
