/* hrm-organisation.c — the organisation the administrator signed in to
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-organisation"

#include <glib/gi18n-lib.h>

#include "hrm-email-domains.h"
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
  GStrv                 allowed_email_domains;  /* never NULL; empty: any domain */
  GStrv                 verified_domains;       /* never NULL */
  char                 *allowed_joined;         /* the same, for hrm_email_domain_in_list() */
  char                 *verified_joined;
  gint64                unlink_leavers_after_days;
  gboolean              may_change;
  char                 *etag;                   /* for If-Match of a PATCH */
};

G_DEFINE_FINAL_TYPE (HrmOrganisation, hrm_organisation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_IDENTITY_PROVIDER_NAME,
  PROP_PROVISIONING_PHASE,
  PROP_VERIFICATION_TTL_SECONDS,
  PROP_ALLOWED_EMAIL_DOMAINS,
  PROP_VERIFIED_DOMAINS,
  PROP_UNLINK_LEAVERS_AFTER_DAYS,
  PROP_MAY_CHANGE,
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
  g_clear_pointer (&self->allowed_email_domains, g_strfreev);
  g_clear_pointer (&self->verified_domains, g_strfreev);
  g_clear_pointer (&self->allowed_joined, g_free);
  g_clear_pointer (&self->verified_joined, g_free);
  g_clear_pointer (&self->etag, g_free);

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
    case PROP_ALLOWED_EMAIL_DOMAINS: g_value_set_boxed (value, self->allowed_email_domains); break;
    case PROP_VERIFIED_DOMAINS: g_value_set_boxed (value, self->verified_domains); break;
    case PROP_UNLINK_LEAVERS_AFTER_DAYS: g_value_set_int64 (value, self->unlink_leavers_after_days); break;
    case PROP_MAY_CHANGE: g_value_set_boolean (value, self->may_change); break;
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
  properties[PROP_ALLOWED_EMAIL_DOMAINS] =
    g_param_spec_boxed ("allowed-email-domains", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERIFIED_DOMAINS] =
    g_param_spec_boxed ("verified-domains", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNLINK_LEAVERS_AFTER_DAYS] =
    g_param_spec_int64 ("unlink-leavers-after-days", NULL, NULL, 0, G_MAXINT64, 5,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAY_CHANGE] =
    g_param_spec_boolean ("may-change", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hrm_organisation_init (HrmOrganisation *self)
{
  self->allowed_email_domains = g_new0 (char *, 1);
  self->verified_domains = g_new0 (char *, 1);
  self->allowed_joined = g_strdup ("");
  self->verified_joined = g_strdup ("");
  self->unlink_leavers_after_days = 5;
}

/* Reads a list of domains; a server from before the settings has none,
 * which means what an empty list means (any domain, none verified). */
static gboolean
read_domains (JsonObject   *object,
              const char   *member,
              GStrv        *out_domains,
              char        **out_joined,
              GError      **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (!json_object_has_member (object, member))
    return TRUE;

  array = hrm_json_get_array (object, member, error);
  if (array == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL, _("“%s” must be %s"), member,
                       _("a list of strings"));
          return FALSE;
        }
      g_strv_builder_add (builder, json_node_get_string (node));
    }

  g_strfreev (*out_domains);
  *out_domains = g_strv_builder_end (builder);
  g_free (*out_joined);
  *out_joined = g_strjoinv (" ", *out_domains);
  return TRUE;
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
                            error)
      || !read_domains (object, "allowed_email_domains", &self->allowed_email_domains,
                        &self->allowed_joined, error)
      || !read_domains (object, "verified_domains", &self->verified_domains,
                        &self->verified_joined, error)
      || (json_object_has_member (object, "unlink_leavers_after_days")
          && !hrm_json_get_int (object, "unlink_leavers_after_days",
                                &self->unlink_leavers_after_days, error))
      || (json_object_has_member (object, "may_change")
          && !hrm_json_get_bool (object, "may_change", &self->may_change, error)))
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
  json_builder_set_member_name (builder, "allowed_email_domains");
  json_builder_begin_array (builder);
  for (guint i = 0; self->allowed_email_domains[i] != NULL; i++)
    json_builder_add_string_value (builder, self->allowed_email_domains[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "verified_domains");
  json_builder_begin_array (builder);
  for (guint i = 0; self->verified_domains[i] != NULL; i++)
    json_builder_add_string_value (builder, self->verified_domains[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "unlink_leavers_after_days");
  json_builder_add_int_value (builder, self->unlink_leavers_after_days);
  json_builder_set_member_name (builder, "may_change");
  json_builder_add_boolean_value (builder, self->may_change);
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

/* The domains of work addresses, lower case; empty for any domain. */
const char * const *
hrm_organisation_get_allowed_email_domains (HrmOrganisation *self)
{
  g_return_val_if_fail (HRM_IS_ORGANISATION (self), NULL);
  return (const char * const *) self->allowed_email_domains;
}

/* The domains whose addresses are linked at once, without a mail. */
const char * const *
hrm_organisation_get_verified_domains (HrmOrganisation *self)
{
  g_return_val_if_fail (HRM_IS_ORGANISATION (self), NULL);
  return (const char * const *) self->verified_domains;
}

gint64
hrm_organisation_get_unlink_leavers_after_days (HrmOrganisation *self)
{
  g_return_val_if_fail (HRM_IS_ORGANISATION (self), 0);
  return self->unlink_leavers_after_days;
}

/* Whether the caller's roles allow changing the settings. */
gboolean
hrm_organisation_get_may_change (HrmOrganisation *self)
{
  g_return_val_if_fail (HRM_IS_ORGANISATION (self), FALSE);
  return self->may_change;
}

const char *
hrm_organisation_get_etag (HrmOrganisation *self)
{
  g_return_val_if_fail (HRM_IS_ORGANISATION (self), NULL);
  return self->etag;
}

void
hrm_organisation_set_etag (HrmOrganisation *self,
                           const char      *etag)
{
  g_return_if_fail (HRM_IS_ORGANISATION (self));
  g_free (self->etag);
  self->etag = g_strdup (etag);
}

/**
 * hrm_organisation_check_email:
 * @email: (nullable): an address as stored
 *
 * What the server will warn about @email's domain, decided by the same
 * rules (hrm-email-domains.c), so the app can say it while the address is
 * typed: %HRM_EMAIL_WARNING_PRIVATE_DOMAIN and
 * %HRM_EMAIL_WARNING_OUTSIDE_ALLOWED. Duplicates need the other users and
 * are left to the server.
 *
 * Returns: flags of #HrmEmailWarnings
 */
guint
hrm_organisation_check_email (HrmOrganisation *self,
                              const char      *email)
{
  const char *domain = hrm_email_domain (email);
  guint warnings = 0;

  g_return_val_if_fail (self == NULL || HRM_IS_ORGANISATION (self), 0);

  if (domain == NULL)
    return 0;
  if (hrm_email_domain_is_private (domain))
    warnings |= HRM_EMAIL_WARNING_PRIVATE_DOMAIN;
  if (self != NULL && self->allowed_email_domains[0] != NULL
      && !hrm_email_domain_in_list (domain, self->allowed_joined))
    warnings |= HRM_EMAIL_WARNING_OUTSIDE_ALLOWED;
  return warnings;
}

/* Whether @email is in one of the verified domains: sending links it at once. */
gboolean
hrm_organisation_is_verified_email (HrmOrganisation *self,
                                    const char      *email)
{
  const char *domain = hrm_email_domain (email);

  g_return_val_if_fail (self == NULL || HRM_IS_ORGANISATION (self), FALSE);
  return self != NULL && domain != NULL && hrm_email_domain_in_list (domain, self->verified_joined);
}
