/* hrm-mail-texts.h — the mails to employees, in their own language
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  HRM_MAIL_VERIFY,  /* confirm an email address; links to /connect/verify */
  HRM_MAIL_RESET,   /* choose a new password; links to /connect/reset */
} HrmMailKind;

typedef struct
{
  const char *locale;        /* the recipient's users.locale: "sv", "en", … */
  const char *name;          /* how to greet them: first name or User-ID */
  const char *organisation;  /* (nullable) the organisation's name */
  const char *address;       /* the email address the mail is about */
  const char *until;         /* when the link expires, already formatted */
  const char *link;          /* the absolute URL */
} HrmMailFacts;

gboolean hrm_mail_locale_is_swedish (const char         *locale);
void     hrm_mail_compose           (HrmMailKind         kind,
                                     const HrmMailFacts *facts,
                                     char              **out_subject,
                                     char              **out_body);
char    *hrm_mail_compose_html      (HrmMailKind         kind,
                                     const HrmMailFacts *facts);

G_END_DECLS
