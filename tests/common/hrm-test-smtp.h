/* hrm-test-smtp.h — a real SMTP server (aiosmtpd) for the mail tests
 *
 *   g_autoptr(HrmTestSmtp) smtp = hrm_test_smtp_new (TRUE, &error);
 *   args = { "--smtp", hrm_test_smtp_get_url (smtp), "--smtp-ca-file", …, NULL };
 *
 * Runs tests/common/hrm-test-smtp.py on a free loopback port in a temporary
 * directory. With @secure it offers STARTTLS with a fresh self-signed
 * certificate (hrm_test_smtp_get_ca_file()) and requires it, and requires
 * AUTH as HRM_TEST_SMTP_USER with the password in
 * hrm_test_smtp_get_password_file(). Accepted messages land in the Maildir
 * hrm_test_smtp_get_mail_dir(); the recipient's local part picks the answer
 * ("tempfail…": 451 once, then 250; "reject…": 550; else 250). The server
 * dies with the test process.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HRM_TEST_SMTP_USER "hrm-mailer"

typedef struct _HrmTestSmtp HrmTestSmtp;

/* Starts the server (or g_test_skip()s and returns NULL when aiosmtpd is
 * not installed: set HRM_TEST_REQUIRE_SMTP=1 to fail instead). */
HrmTestSmtp *hrm_test_smtp_new               (gboolean      secure,
                                              GError      **error);
const char  *hrm_test_smtp_get_url           (HrmTestSmtp  *self);
const char  *hrm_test_smtp_get_mail_dir      (HrmTestSmtp  *self);
const char  *hrm_test_smtp_get_ca_file       (HrmTestSmtp  *self);
const char  *hrm_test_smtp_get_password_file (HrmTestSmtp  *self);
/* How many lines of the server's log are @line ("connect", "rcpt ADDRESS 451"). */
guint        hrm_test_smtp_count_log         (HrmTestSmtp  *self,
                                              const char   *line);
void         hrm_test_smtp_free              (HrmTestSmtp  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HrmTestSmtp, hrm_test_smtp_free)

G_END_DECLS
