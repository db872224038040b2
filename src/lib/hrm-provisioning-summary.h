/* hrm-provisioning-summary.h — how far the organisation has come with linking its users
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define HRM_TYPE_PROVISIONING_SUMMARY (hrm_provisioning_summary_get_type ())

G_DECLARE_FINAL_TYPE (HrmProvisioningSummary, hrm_provisioning_summary, HRM, PROVISIONING_SUMMARY,
                      GObject)

/* JSON (GET /api/v1/provisioning/summary): {"total", "disabled", "linked", "pending", "expired",
 *   "not_linked_with_email", "not_linked_without_email", "updated_at"}; the parts but disabled
 *   count enabled users only. */
HrmProvisioningSummary *hrm_provisioning_summary_new_from_json (JsonObject  *object,
                                                                GError     **error);
guint      hrm_provisioning_summary_get_total                    (HrmProvisioningSummary *self);
guint      hrm_provisioning_summary_get_disabled                 (HrmProvisioningSummary *self);
guint      hrm_provisioning_summary_get_linked                   (HrmProvisioningSummary *self);
guint      hrm_provisioning_summary_get_pending                  (HrmProvisioningSummary *self);
guint      hrm_provisioning_summary_get_expired                  (HrmProvisioningSummary *self);
guint      hrm_provisioning_summary_get_not_linked_with_email    (HrmProvisioningSummary *self);
guint      hrm_provisioning_summary_get_not_linked_without_email (HrmProvisioningSummary *self);
/* The enabled users: what "percent linked" is a percentage of. */
guint      hrm_provisioning_summary_get_enabled                  (HrmProvisioningSummary *self);
/* Linked among the enabled users, 0–100, rounded down (100 only when all are linked). */
guint      hrm_provisioning_summary_get_percent_linked           (HrmProvisioningSummary *self);
GDateTime *hrm_provisioning_summary_get_updated_at               (HrmProvisioningSummary *self);

G_END_DECLS
