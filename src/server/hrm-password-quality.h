/* hrm-password-quality.h — is a new password good enough?
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  HRM_PASSWORD_OK,
  HRM_PASSWORD_TOO_SHORT,  /* fewer than HRM_PASSWORD_MIN_LENGTH characters */
  HRM_PASSWORD_TOO_LONG,   /* more than HRM_PASSWORD_MAX_LENGTH bytes */
  HRM_PASSWORD_COMMON,     /* a dictionary word or a well-known password */
  HRM_PASSWORD_PERSONAL,   /* contains the user's name, User-ID or email address */
  HRM_PASSWORD_PATTERN,    /* runs (12345, abcde), repeats (aaaa), a palindrome … */
  HRM_PASSWORD_WEAK,       /* too easy to guess for another reason */
} HrmPasswordProblem;

HrmPasswordProblem hrm_password_quality_check (const char         *password,
                                               const char         *user_id,
                                               const char * const *personal);

/* A sentence saying what to do, in the server's language (gettext); for
 * --add-admin. The reset page has its own, in the browser's language. */
char              *hrm_password_problem_message (HrmPasswordProblem  problem);

/* hrm_password_quality_check() as a GError (HRM_ERROR_INVALID). */
gboolean           hrm_password_quality_validate (const char         *password,
                                                  const char         *user_id,
                                                  const char * const *personal,
                                                  GError            **error);

G_END_DECLS
