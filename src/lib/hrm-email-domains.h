/* hrm-email-domains.h — which organisation an email address belongs to
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The warnings the server gives about a user's address (the user JSON's
 * email_warnings), as flags; hrm_email_warning_code() names each. */
typedef enum
{
  HRM_EMAIL_WARNING_PRIVATE_DOMAIN  = 1 << 0,  /* a free-mail provider's */
  HRM_EMAIL_WARNING_OUTSIDE_ALLOWED = 1 << 1,  /* not in the organisation's allowed domains */
  HRM_EMAIL_WARNING_DUPLICATE       = 1 << 2,  /* another user has it, saved or linked */
  HRM_EMAIL_WARNING_LINKED_PRIVATE  = 1 << 3,  /* linked to a free-mail address */
} HrmEmailWarnings;

#define HRM_N_EMAIL_WARNINGS 4

const char *hrm_email_warning_code        (guint        index);
const char *hrm_email_warning_message     (guint        index);

const char *hrm_email_domain              (const char  *email);
gboolean    hrm_email_domain_is_private   (const char  *domain);
char       *hrm_email_domain_normalise    (const char  *text,
                                           GError     **error);
gboolean    hrm_email_domain_in_list      (const char  *domain,
                                           const char  *list);

G_END_DECLS
