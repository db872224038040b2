/* hrm-organisation.h — the organisation the administrator signed in to
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define HRM_TYPE_ORGANISATION (hrm_organisation_get_type ())

G_DECLARE_FINAL_TYPE (HrmOrganisation, hrm_organisation, HRM, ORGANISATION, GObject)

typedef enum
{
  HRM_PROVISIONING_ACTIVE,
  HRM_PROVISIONING_PREPARATION,
} HrmProvisioningPhase;

HrmOrganisation      *hrm_organisation_new_from_json               (JsonObject      *object,
                                                                    GError         **error);
JsonNode             *hrm_organisation_to_json                     (HrmOrganisation *self);
const char           *hrm_organisation_get_name                    (HrmOrganisation *self);
const char           *hrm_organisation_get_identity_provider_name  (HrmOrganisation *self);
HrmProvisioningPhase  hrm_organisation_get_provisioning_phase      (HrmOrganisation *self);
gint64                hrm_organisation_get_verification_ttl_seconds (HrmOrganisation *self);
const char * const   *hrm_organisation_get_allowed_email_domains   (HrmOrganisation *self);
const char * const   *hrm_organisation_get_verified_domains        (HrmOrganisation *self);
gint64                hrm_organisation_get_unlink_leavers_after_days (HrmOrganisation *self);
gboolean              hrm_organisation_get_may_change              (HrmOrganisation *self);
const char           *hrm_organisation_get_etag                    (HrmOrganisation *self);
void                  hrm_organisation_set_etag                    (HrmOrganisation *self,
                                                                    const char      *etag);
guint                 hrm_organisation_check_email                 (HrmOrganisation *self,
                                                                    const char      *email);
gboolean              hrm_organisation_is_verified_email           (HrmOrganisation *self,
                                                                    const char      *email);

G_END_DECLS
