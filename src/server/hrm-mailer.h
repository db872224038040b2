/* hrm-mailer.h — the Maildir mail transport
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hrm-mail-transport.h"

G_BEGIN_DECLS

#define HRM_TYPE_MAILER (hrm_mailer_get_type ())

G_DECLARE_FINAL_TYPE (HrmMailer, hrm_mailer, HRM, MAILER, GObject)

HrmMailer *hrm_mailer_new (const char  *directory,
                           GError     **error);

G_END_DECLS
