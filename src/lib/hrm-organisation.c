/* hrm-organisation.c — the organisation the administrator signed in to
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-organisation"

#include <glib/gi18n-lib.h>

#include "hrm-error.h"
#include "hrm-json.h"
#include "hrm-organisation.h"

struct _HrmOrganisation
{
  GObject               parent_instance;

  /* owned */
  char                 *name;
  char                 *identity_provider_name;
  HrmProvisioningPhase  provisioning_phase;
  gint64                verification_ttl_seconds;
};

G_DEFINE_FINAL_TYPE (HrmOrganisation, hrm_organisation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_IDENTITY_PROVIDER_NAME,
  PROP_PROVISIONING_PHASE,
  PROP_VERIFICATION_TTL_SECONDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *phase_names[] = { "active", "preparation" };

static GType
hrm_provisioning_phase_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { HRM_PROVISIONING_ACTIVE, "HRM_PROVISIONING_ACTIVE", "active" },
        { HRM_PROVISIONING_PREPARATION, "HRM_PROVISIONING_PREPARATION", "preparation" },
        { 0, NULL, NULL }
      };
      GType type = g_enum_register_static (g_intern_static_string ("HrmProvisioningPhase"), values);
      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

static void
hrm_organisation_finalize (GObject *object)
{
  HrmOrganisation *self = (HrmOrganisation *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->identity_provider_name, g_free);

  G_OBJECT_CLASS (hrm_organisation_parent_class)->finalize (object);
}

static void
hrm_organisation_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HrmOrganisation *self = HRM_ORGANISATION (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_IDENTITY_PROVIDER_NAME: g_value_set_string (value, self->identity_provider_name); break;
    case PROP_PROVISIONING_PHASE: g_value_set_enum (value, self->provisioning_phase); break;
    case PROP_VERIFICATION_TTL_SECONDS: g_value_set_int64 (value, self->verification_ttl_seconds); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hrm_organisation_class_init (HrmOrganisationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hrm_organisation_finalize;
  object_class->get_property = hrm_organisation_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IDENTITY_PROVIDER_NAME] =
    g_param_spec_string ("identity-provider-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROVISIONING_PHASE] =
    g_param_spec_enum ("provisioning-phase", NULL, NULL, hrm_provisioning_phase_get_type (),
                       HRM_PROVISIONING_ACTIVE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERIFICATION_TTL_SECONDS] =
    g_param_spec_int64 ("verification-ttl-seconds", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hrm_organisation_init (HrmOrganisation *self)
{
}

/**
 * hrm_organisation_new_from_json:
 * Returns: (transfer full) (nullable): the organisation, or %NULL with @error set.
 */
HrmOrganisation *
hrm_organisation_new_from_json (JsonObject  *object,
                                GError     **error)
{
  g_autoptr(HrmOrganisation) self = g_object_new (HRM_TYPE_ORGANISATION, NULL);
  g_autofree char *phase = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (object != NULL, NULL);

  if (!hrm_json_get_string (object, "name", FALSE, &self->name, error)
      || !hrm_json_get_string (object, "identity_provider_name", FALSE,
                               &self->identity_provider_name, error)
      || !hrm_json_get_string (object, "provisioning_phase", FALSE, &phase, error)
      || !hrm_json_get_int (object, "verification_ttl_seconds", &self->verification_ttl_seconds,
                            error))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (phase_names); i++)
    if (g_str_equal (phase, phase_names[i]))
      {
        self->provisioning_phase = i;
        found = TRUE;
      }

  if (!found)
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL, _("Unknown provisioning phase “%s”"), phase);
      return NULL;
    }

  return g_steal_pointer (&self);
}

JsonNode *
hrm_organisation_to_json (HrmOrganisation *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (HRM_IS_ORGANISATION (self), NULL);

  json_builder_begin_object (builder);
  hrm_json_builder_add_string (builder, "name", self->name);
  hrm_json_builder_add_string (builder, "identity_provider_name", self->identity_provider_name);
  hrm_json_builder_add_string (builder, "provisioning_phase", phase_names[self->provisioning_phase]);
  json_builder_set_member_name (builder, "verification_ttl_seconds");
  json_builder_add_int_value (builder, self->verification_ttl_seconds);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
hrm_organisation_get_name (HrmOrganisation *self)
{
  g_return_val_if_fail (HRM_IS_ORGANISATION (self), NULL);
  return self->name;
}

const char *
hrm_organisation_get_identity_provider_name (HrmOrganisation *self)
{
  g_return_val_if_fail (HRM_IS_ORGANISATION (self), NULL);
  return self->identity_provider_name;
}

HrmProvisioningPhase
hrm_organisation_get_provisioning_phase (HrmOrganisation *self)
{
  g_return_val_if_fail (HRM_IS_ORGANISATION (self), HRM_PROVISIONING_ACTIVE);
  return self->provisioning_phase;
}

gint64
hrm_organisation_get_verification_ttl_seconds (HrmOrganisation *self)
{
  g_return_val_if_fail (HRM_IS_ORGANISATION (self), 0);
  return self->verification_ttl_seconds;
}
