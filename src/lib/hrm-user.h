/* hrm-user.h — an HRM user and its link to the identity provider
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  HRM_CONNECTION_NOT_LINKED,
  HRM_CONNECTION_PENDING,
  HRM_CONNECTION_LINKED,
} HrmConnectionState;

GType               hrm_connection_state_get_type        (void) G_GNUC_CONST;
#define HRM_TYPE_CONNECTION_STATE (hrm_connection_state_get_type ())
const char         *hrm_connection_state_to_string       (HrmConnectionState  state);
gboolean            hrm_connection_state_from_string     (const char         *text,
                                                          HrmConnectionState *out_state);

#define HRM_TYPE_USER (hrm_user_get_type ())

G_DECLARE_FINAL_TYPE (HrmUser, hrm_user, HRM, USER, GObject)

HrmUser            *hrm_user_new                         (void);
HrmUser            *hrm_user_new_from_json               (JsonObject  *object,
                                                          GError     **error);
JsonNode           *hrm_user_to_json                     (HrmUser     *self);
void                hrm_user_update_from                 (HrmUser     *self,
                                                          HrmUser     *other);

gint64              hrm_user_get_id                      (HrmUser     *self);
const char         *hrm_user_get_user_id                 (HrmUser     *self);
const char         *hrm_user_get_alias_user_id           (HrmUser     *self);
const char         *hrm_user_get_signature               (HrmUser     *self);
const char         *hrm_user_get_card_tag_id             (HrmUser     *self);
const char         *hrm_user_get_external_reference      (HrmUser     *self);
const char         *hrm_user_get_first_name              (HrmUser     *self);
const char         *hrm_user_get_last_name               (HrmUser     *self);
char               *hrm_user_dup_display_name            (HrmUser     *self);
const char         *hrm_user_get_email                   (HrmUser     *self);
gboolean            hrm_user_get_enabled                 (HrmUser     *self);
HrmConnectionState  hrm_user_get_connection_state        (HrmUser     *self);
const char         *hrm_user_get_connection_email        (HrmUser     *self);
GDateTime          *hrm_user_get_verified_at             (HrmUser     *self);
const char         *hrm_user_get_pending_email           (HrmUser     *self);
GDateTime          *hrm_user_get_sent_at                 (HrmUser     *self);
GDateTime          *hrm_user_get_expires_at              (HrmUser     *self);
gboolean            hrm_user_is_pending_expired          (HrmUser     *self,
                                                          GDateTime   *now);
GDateTime          *hrm_user_get_updated_at              (HrmUser     *self);
const char         *hrm_user_get_etag                    (HrmUser     *self);
void                hrm_user_set_etag                    (HrmUser     *self,
                                                          const char  *etag);

G_END_DECLS
