/* hrm-validate.c — the rules a user record must follow
 *
 * Both the server and the client call these, so the administrator sees the
 * same reason beside the field that the server would give in a 422.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-validate"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hrm-error.h"
#include "hrm-validate.h"

static gboolean
has_control_chars (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

gboolean
hrm_validate_user_id (const char  *user_id,
                      GError     **error)
{
  g_autofree char *stripped = NULL;

  if (user_id == NULL || !g_utf8_validate (user_id, -1, NULL))
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INVALID, _("User-ID is required"));
      return FALSE;
    }

  stripped = g_strstrip (g_strdup (user_id));
  if (stripped[0] == '\0')
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INVALID, _("User-ID is required"));
      return FALSE;
    }

  if (g_utf8_strlen (user_id, -1) > HRM_USER_ID_MAX_LENGTH)
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_INVALID,
                   _("User-ID can be at most %d characters long"), HRM_USER_ID_MAX_LENGTH);
      return FALSE;
    }

  if (strcmp (stripped, user_id) != 0 || has_control_chars (user_id))
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INVALID,
                           _("User-ID cannot begin or end with spaces or contain control characters"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_valid_domain (const char *domain)
{
  g_auto(GStrv) labels = NULL;
  guint n;

  if (domain[0] == '\0' || strlen (domain) > 253)
    return FALSE;

  labels = g_strsplit (domain, ".", -1);
  n = g_strv_length (labels);
  if (n < 2)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      gsize len = strlen (labels[i]);

      if (len == 0 || len > 63 || labels[i][0] == '-' || labels[i][len - 1] == '-')
        return FALSE;

      for (const char *p = labels[i]; *p; p++)
        if (!g_ascii_isalnum (*p) && *p != '-' && !((guchar) *p & 0x80))
          return FALSE;
    }

  /* The top-level domain is never all digits. */
  for (const char *p = labels[n - 1]; *p; p++)
    if (!g_ascii_isdigit (*p))
      return TRUE;

  return FALSE;
}

static gboolean
is_valid_local_part (const char *local,
                     gsize       len)
{
  static const char allowed[] = "!#$%&'*+-/=?^_`{|}~.";

  if (len == 0 || len > 64 || local[0] == '.' || local[len - 1] == '.')
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = local[i];

      if (c == '.' && i + 1 < len && local[i + 1] == '.')
        return FALSE;
      if (!g_ascii_isalnum (c) && strchr (allowed, c) == NULL && !((guchar) c & 0x80))
        return FALSE;
    }

  return TRUE;
}

/**
 * hrm_validate_email:
 * An address in the usual dot-atom form (local@domain.tld). Quoted local parts
 * and address literals are refused: no identity provider accepts them.
 */
gboolean
hrm_validate_email (const char  *email,
                    GError     **error)
{
  const char *at;

  if (email == NULL || email[0] == '\0')
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INVALID, _("Enter an email address"));
      return FALSE;
    }

  if (!g_utf8_validate (email, -1, NULL) || strlen (email) > HRM_EMAIL_MAX_LENGTH)
    goto invalid;

  at = strrchr (email, '@');
  if (at == NULL || strchr (email, '@') != at)
    goto invalid;

  if (!is_valid_local_part (email, at - email) || !is_valid_domain (at + 1))
    goto invalid;

  return TRUE;

invalid:
  g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INVALID,
                       _("Enter a valid email address, such as name@example.com"));
  return FALSE;
}

/**
 * hrm_validate_domain:
 * Whether @domain (lower case) could end an email address: labels of
 * letters, digits and hyphens, at least two, no IP address, at most 253
 * characters.
 */
gboolean
hrm_validate_domain (const char  *domain,
                     GError     **error)
{
  if (domain == NULL || !g_utf8_validate (domain, -1, NULL) || !is_valid_domain (domain))
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INVALID,
                           _("Enter a valid domain, such as example.com"));
      return FALSE;
    }
  return TRUE;
}

gboolean
hrm_validate_email_confirmation (const char  *email,
                                 const char  *confirmation,
                                 GError     **error)
{
  g_autofree char *a = hrm_normalize_email (email ? email : "");
  g_autofree char *b = hrm_normalize_email (confirmation ? confirmation : "");

  if (confirmation == NULL || confirmation[0] == '\0')
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INVALID, _("Confirm the email address"));
      return FALSE;
    }

  if (g_strcmp0 (a, b) != 0)
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INVALID, _("The email addresses do not match"));
      return FALSE;
    }

  return TRUE;
}

gboolean
hrm_validate_text (const char  *text,
                   GError     **error)
{
  if (text == NULL)
    return TRUE;

  if (!g_utf8_validate (text, -1, NULL) || has_control_chars (text))
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INVALID,
                           _("The text contains characters that are not allowed"));
      return FALSE;
    }

  if (g_utf8_strlen (text, -1) > HRM_TEXT_MAX_LENGTH)
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_INVALID,
                   _("The text can be at most %d characters long"), HRM_TEXT_MAX_LENGTH);
      return FALSE;
    }

  return TRUE;
}

/**
 * hrm_validate_date:
 * A calendar date written YYYY-MM-DD (ISO 8601's calendar date, the one
 * form that reads the same in every locale): four, two and two digits, and
 * a day that exists (2026-02-30 does not). Nothing else is taken, not even
 * spaces around it, so that what is stored compares as a date in SQL.
 */
gboolean
hrm_validate_date (const char  *date,
                   GError     **error)
{
  guint64 year, month, day;
  char digits[5] = { 0 };

  if (date == NULL)
    return TRUE;

  for (guint i = 0; i < HRM_DATE_LENGTH; i++)
    if (date[i] == '\0' || (i == 4 || i == 7 ? date[i] != '-' : !g_ascii_isdigit (date[i])))
      goto malformed;
  if (date[HRM_DATE_LENGTH] != '\0')
    goto malformed;

  memcpy (digits, date, 4);
  year = g_ascii_strtoull (digits, NULL, 10);
  memset (digits, 0, sizeof digits);
  memcpy (digits, date + 5, 2);
  month = g_ascii_strtoull (digits, NULL, 10);
  memcpy (digits, date + 8, 2);
  day = g_ascii_strtoull (digits, NULL, 10);

  if (year < 1 || month < 1 || month > 12 || day < 1
      || !g_date_valid_dmy (day, month, year))
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INVALID, _("There is no such date"));
      return FALSE;
    }
  return TRUE;

malformed:
  g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INVALID,
                       _("Enter the date as year-month-day, for example 2026-06-30"));
  return FALSE;
}

gboolean
hrm_validate_new_password (const char  *password,
                           GError     **error)
{
  if (password == NULL || !g_utf8_validate (password, -1, NULL)
      || g_utf8_strlen (password, -1) < HRM_PASSWORD_MIN_LENGTH)
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_INVALID,
                   _("The password must be at least %d characters long"), HRM_PASSWORD_MIN_LENGTH);
      return FALSE;
    }

  if (strlen (password) > HRM_PASSWORD_MAX_LENGTH)
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_INVALID,
                   _("The password can be at most %d characters long"), HRM_PASSWORD_MAX_LENGTH);
      return FALSE;
    }

  return TRUE;
}

/**
 * hrm_normalize_email:
 * Trims surrounding white space. Addresses compare case-insensitively, so the
 * result is also folded to lower case.
 */
char *
hrm_normalize_email (const char *email)
{
  g_autofree char *copy = NULL;

  g_return_val_if_fail (email != NULL, NULL);

  copy = g_strstrip (g_strdup (email));
  return g_utf8_strdown (copy, -1);
}
