/* hrm-server.h — the reference HRM API server
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hrm-db.h"
#include "hrm-mail-transport.h"

G_BEGIN_DECLS

#define HRM_TYPE_SERVER (hrm_server_get_type ())

/* Connections open at once, in all and from one address (see --help). */
#define HRM_SERVER_MAX_CONNECTIONS            256
#define HRM_SERVER_MAX_CONNECTIONS_PER_CLIENT 32
/* Bulk-job mails queued per second at most (--mail-rate). */
#define HRM_SERVER_MAIL_RATE                  10

G_DECLARE_FINAL_TYPE (HrmServer, hrm_server, HRM, SERVER, GObject)

HrmServer  *hrm_server_new            (HrmDb            *db,
                                       HrmMailTransport *transport,
                                       GTlsCertificate  *tls_certificate);
gboolean    hrm_server_listen         (HrmServer        *self,
                                       const char       *host,
                                       guint             port,
                                       GError          **error);
const char *hrm_server_get_base_url   (HrmServer        *self);
const char *hrm_server_get_public_url (HrmServer        *self);
void        hrm_server_set_public_url (HrmServer        *self,
                                       const char       *url);
void        hrm_server_set_connection_limits (HrmServer  *self,
                                              guint       max_connections,
                                              guint       max_per_client);
void        hrm_server_set_mail_rate  (HrmServer        *self,
                                       double            rate);
void        hrm_server_set_mail_from  (HrmServer        *self,
                                       const char       *address);
void        hrm_server_set_time_zone  (HrmServer        *self,
                                       GTimeZone        *time_zone);
/* The OAuth password grant, off by default (scripts and tests only). */
void        hrm_server_set_allow_password_grant (HrmServer  *self,
                                                 gboolean    allow);
/* Every browser sign-in needs a second factor; accounts without one enrol. */
void        hrm_server_set_require_totp (HrmServer      *self,
                                         gboolean        require);
void        hrm_server_shutdown       (HrmServer        *self);

G_END_DECLS
