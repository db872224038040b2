/* hrm-mailer.h — writes outgoing mail into a Maildir
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _HrmMailer HrmMailer;

HrmMailer *hrm_mailer_new  (const char  *directory,
                            GError     **error);
void       hrm_mailer_free (HrmMailer   *self);
gboolean   hrm_mailer_send (HrmMailer   *self,
                            const char  *to,
                            const char  *subject,
                            const char  *body,
                            GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HrmMailer, hrm_mailer_free)

G_END_DECLS
