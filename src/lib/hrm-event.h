/* hrm-event.h — one entry of a user's audit trail
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define HRM_TYPE_EVENT (hrm_event_get_type ())

G_DECLARE_FINAL_TYPE (HrmEvent, hrm_event, HRM, EVENT, GObject)

/* JSON: {"id": 91, "time": "2026-11-24T09:12:00Z", "actor": "admin", "action": "verification_sent",
 *        "details": "Verification email sent to anna@example.com"} */
HrmEvent   *hrm_event_new_from_json  (JsonObject  *object,
                                      GError     **error);
gint64      hrm_event_get_id         (HrmEvent    *self);
GDateTime  *hrm_event_get_time       (HrmEvent    *self);
const char *hrm_event_get_actor      (HrmEvent    *self);
const char *hrm_event_get_action     (HrmEvent    *self);
const char *hrm_event_get_details    (HrmEvent    *self);

G_END_DECLS
