/* hrm-smtp.h — the SMTP mail transport (libcurl)
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hrm-mail-transport.h"

G_BEGIN_DECLS

/* Seconds to connect (and greet, and start TLS), and for a whole message. */
#define HRM_SMTP_CONNECT_TIMEOUT 20
#define HRM_SMTP_SEND_TIMEOUT    120
/* Seconds a message that has gone out entirely may still wait for the
 * server's answer once the server is stopping. */
#define HRM_SMTP_STOP_GRACE      10

#define HRM_TYPE_SMTP (hrm_smtp_get_type ())

G_DECLARE_FINAL_TYPE (HrmSmtp, hrm_smtp, HRM, SMTP, GObject)

HrmSmtp    *hrm_smtp_new           (const char  *url,
                                    GError     **error);
void        hrm_smtp_set_login     (HrmSmtp     *self,
                                    const char  *user,
                                    const char  *password);
void        hrm_smtp_set_ca_file   (HrmSmtp     *self,
                                    const char  *ca_file);
const char *hrm_smtp_get_last_reply (HrmSmtp    *self);

G_END_DECLS
