/* hrm-bulk-job-item.h — what a bulk job did for one user
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define HRM_TYPE_BULK_JOB_ITEM (hrm_bulk_job_item_get_type ())

G_DECLARE_FINAL_TYPE (HrmBulkJobItem, hrm_bulk_job_item, HRM, BULK_JOB_ITEM, GObject)

/* JSON: {"user": {"id", "user_id", "first_name", "last_name"} or null (deleted since),
 *        "outcome": "succeeded|skipped|failed", "reason", "message", "at"} */
HrmBulkJobItem *hrm_bulk_job_item_new_from_json  (JsonObject      *object,
                                                  GError         **error);
/* 0 and NULL when the user was deleted since. */
gint64          hrm_bulk_job_item_get_user_pk    (HrmBulkJobItem  *self);
const char     *hrm_bulk_job_item_get_user_id    (HrmBulkJobItem  *self);
/* "First Last", or the user ID when the user has no name; NULL when deleted. */
char           *hrm_bulk_job_item_dup_user_name  (HrmBulkJobItem  *self);
const char     *hrm_bulk_job_item_get_outcome    (HrmBulkJobItem  *self);
/* Why it was skipped (a skip reason's name), or NULL. */
const char     *hrm_bulk_job_item_get_reason     (HrmBulkJobItem  *self);
/* Why it failed, in the server's words, or NULL. */
const char     *hrm_bulk_job_item_get_message    (HrmBulkJobItem  *self);
GDateTime      *hrm_bulk_job_item_get_at         (HrmBulkJobItem  *self);

G_END_DECLS
