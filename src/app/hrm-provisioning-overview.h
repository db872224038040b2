/* hrm-provisioning-overview.h — the organisation's linking progress at a glance
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hrm-client.h"

G_BEGIN_DECLS

#define HRM_TYPE_PROVISIONING_OVERVIEW (hrm_provisioning_overview_get_type ())

G_DECLARE_FINAL_TYPE (HrmProvisioningOverview, hrm_provisioning_overview, HRM,
                      PROVISIONING_OVERVIEW, GtkWidget)

/*
 * A segmented bar of linked / pending / expired / not linked (with and without
 * an email), percent linked and the numbers. Each part is a button that
 * activates "users.filter-connection" with the filter's nick ("linked",
 * "pending", "expired", "not-linked-with-email", "not-linked-without-email"),
 * which an ancestor (HrmUsersPane) installs. "Send to all not linked with
 * email (N)" and "Resend expired (N)" activate "users.send-verification" with
 * "not-linked-with-email" or "expired".
 *
 * Properties: "client" (HrmClient, the overview fetches the summary itself and
 * again every 30 s while it is mapped), "summary" (HrmProvisioningSummary, the
 * last one read, or NULL; tests may set it directly), "compact" (read-only: in
 * a narrow or short window the parts and send buttons fold under a Details
 * toggle) and "expanded" (whether the compact form shows them; the users pane
 * keeps it in GSettings, "overview-expanded").
 */
GtkWidget              *hrm_provisioning_overview_new         (void);
void                    hrm_provisioning_overview_set_client  (HrmProvisioningOverview *self,
                                                               HrmClient               *client);
/* The same with @summary, @client's summary just read, shown at once. */
void                    hrm_provisioning_overview_set_client_with_summary
                                                              (HrmProvisioningOverview *self,
                                                               HrmClient               *client,
                                                               HrmProvisioningSummary  *summary);
HrmProvisioningSummary *hrm_provisioning_overview_get_summary (HrmProvisioningOverview *self);
void                    hrm_provisioning_overview_set_summary (HrmProvisioningOverview *self,
                                                               HrmProvisioningSummary  *summary);
void                    hrm_provisioning_overview_set_job     (HrmProvisioningOverview *self,
                                                               HrmBulkJob              *job);
gboolean                hrm_provisioning_overview_get_compact  (HrmProvisioningOverview *self);
gboolean                hrm_provisioning_overview_get_expanded (HrmProvisioningOverview *self);
void                    hrm_provisioning_overview_set_expanded (HrmProvisioningOverview *self,
                                                                gboolean                 expanded);
/* Reads the summary again now (after the list reloaded, or while a job runs). */
void                    hrm_provisioning_overview_refresh     (HrmProvisioningOverview *self);

G_END_DECLS
