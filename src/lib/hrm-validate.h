/* hrm-validate.h — the rules a user record must follow
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HRM_USER_ID_MAX_LENGTH   64
#define HRM_EMAIL_MAX_LENGTH     254
#define HRM_TEXT_MAX_LENGTH      200
#define HRM_PASSWORD_MIN_LENGTH  12
#define HRM_PASSWORD_MAX_LENGTH  256
#define HRM_DATE_LENGTH          10   /* YYYY-MM-DD */

gboolean hrm_validate_user_id            (const char  *user_id,
                                          GError     **error);
gboolean hrm_validate_email              (const char  *email,
                                          GError     **error);
gboolean hrm_validate_domain             (const char  *domain,
                                         GError     **error);
gboolean hrm_validate_email_confirmation (const char  *email,
                                          const char  *confirmation,
                                          GError     **error);
gboolean hrm_validate_text               (const char  *text,
                                          GError     **error);
gboolean hrm_validate_date               (const char  *date,
                                          GError     **error);
gboolean hrm_validate_new_password       (const char  *password,
                                          GError     **error);
char    *hrm_normalize_email             (const char  *email);

G_END_DECLS
