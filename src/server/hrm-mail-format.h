/* hrm-mail-format.h — a message as RFC 5322 bytes, composed by GMime
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hrm-mail-transport.h"

G_BEGIN_DECLS

GBytes *hrm_mail_format             (const HrmMailMessage  *message,
                                     GError               **error);
char   *hrm_mail_format_domain      (const char            *address);

G_END_DECLS
