/* hrm-password-quality.c — is a new password good enough?
 *
 * A password must have HRM_PASSWORD_MIN_LENGTH (12) characters or more, and
 * must not contain the user's User-ID, first or last name, email address or
 * any part of its local part ("anna.berg" → "anna", "berg") of 3 characters
 * or more, compared without regard to case. Then libpwquality checks it:
 * cracklib's dictionary (words and common passwords, also reversed or with
 * digits stuck on), a few words of our own ("password", "lösenord" …), runs
 * longer than 4 (12345, abcde), more than 3 equal characters in a row,
 * palindromes.
 *
 * The settings are set here in full; /etc/security/pwquality.conf is not
 * read, so what passes does not depend on the machine the server runs on.
 * Only the dictionary is the system's (cracklib-runtime): when it cannot be
 * loaded the dictionary check is skipped, with a warning in the log.
 *
 * The caller turns the problem into a message in the page's language;
 * libpwquality's own messages are English or follow the server's locale.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-password-quality"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <pwquality.h>
#include <string.h>

#include "hrm-error.h"
#include "hrm-password-quality.h"
#include "hrm-validate.h"

/* Contained in a password in any case, these make it a common one. */
#define BAD_WORDS "password passw0rd lösenord losenord qwerty asdfgh hrmusers"

/* Shorter parts of names are too common inside words to refuse. */
#define PERSONAL_MIN_LENGTH 3

static pwquality_settings_t *
new_settings (gboolean dictionary)
{
  pwquality_settings_t *settings = pwquality_default_settings ();

  g_assert (settings != NULL);
  /* Our own length check counts characters; pwquality counts bytes, which are
   * never fewer. */
  pwquality_set_int_value (settings, PWQ_SETTING_MIN_LENGTH, HRM_PASSWORD_MIN_LENGTH);
  pwquality_set_int_value (settings, PWQ_SETTING_MAX_SEQUENCE, 4);
  pwquality_set_int_value (settings, PWQ_SETTING_MAX_REPEAT, 3);
  pwquality_set_int_value (settings, PWQ_SETTING_MIN_CLASS, 0);
  pwquality_set_int_value (settings, PWQ_SETTING_DICT_CHECK, dictionary ? 1 : 0);
  pwquality_set_int_value (settings, PWQ_SETTING_USER_CHECK, 1);
  /* Only for local accounts (getpwnam): our users are not. */
  pwquality_set_int_value (settings, PWQ_SETTING_GECOS_CHECK, 0);
  pwquality_set_str_value (settings, PWQ_SETTING_BAD_WORDS, BAD_WORDS);
  return settings;
}

/* Whether cracklib's dictionary loads: checks a password that passes
 * everything else. */
static gboolean
dictionary_works (void)
{
  pwquality_settings_t *settings = new_settings (TRUE);
  void *aux = NULL;
  int result = pwquality_check (settings, "Vq7#tLp2!mZ9wRxk", NULL, NULL, &aux);
  char buffer[PWQ_MAX_ERROR_MESSAGE_LEN];

  if (result < 0)
    {
      g_warning ("The password dictionary cannot be used (%s); passwords are checked without it",
                 pwquality_strerror (buffer, sizeof buffer, result, aux));
    }
  pwquality_free_settings (settings);
  return result >= 0;
}

static gboolean
contains_personal (const char         *folded_password,
                   const char         *word)
{
  g_autofree char *folded = NULL;

  if (word == NULL || g_utf8_strlen (word, -1) < PERSONAL_MIN_LENGTH)
    return FALSE;
  folded = g_utf8_casefold (word, -1);
  return strstr (folded_password, folded) != NULL;
}

static gboolean
is_personal (const char         *password,
             const char         *user_id,
             const char * const *personal)
{
  g_autofree char *folded_password = g_utf8_casefold (password, -1);

  if (contains_personal (folded_password, user_id))
    return TRUE;

  for (guint i = 0; personal != NULL && personal[i] != NULL; i++)
    {
      const char *at = strchr (personal[i], '@');
      g_autofree char *local = at ? g_strndup (personal[i], at - personal[i]) : NULL;
      g_auto(GStrv) parts = NULL;

      if (contains_personal (folded_password, local ? local : personal[i]))
        return TRUE;

      /* Parts of names and addresses: "Anna-Karin", "anna.berg+hr". */
      parts = g_regex_split_simple ("[-._+ ']+", local ? local : personal[i], 0, 0);
      for (guint j = 0; parts[j] != NULL; j++)
        if (contains_personal (folded_password, parts[j]))
          return TRUE;
    }

  return FALSE;
}

/**
 * hrm_password_quality_check:
 * @password: the new password (UTF-8)
 * @user_id: (nullable): the user's User-ID, what they sign in with
 * @personal: (nullable) (array zero-terminated=1): the user's names and email
 *   addresses; %NULL entries end it
 *
 * Returns: %HRM_PASSWORD_OK or what is wrong with @password.
 */
HrmPasswordProblem
hrm_password_quality_check (const char         *password,
                            const char         *user_id,
                            const char * const *personal)
{
  static gsize dictionary_plus_one;
  pwquality_settings_t *settings;
  void *aux = NULL;
  int result;
  char buffer[PWQ_MAX_ERROR_MESSAGE_LEN];

  g_return_val_if_fail (password != NULL, HRM_PASSWORD_TOO_SHORT);

  if (strlen (password) > HRM_PASSWORD_MAX_LENGTH)
    return HRM_PASSWORD_TOO_LONG;
  if (!g_utf8_validate (password, -1, NULL) || g_utf8_strlen (password, -1) < HRM_PASSWORD_MIN_LENGTH)
    return HRM_PASSWORD_TOO_SHORT;
  if (is_personal (password, user_id, personal))
    return HRM_PASSWORD_PERSONAL;

  if (g_once_init_enter (&dictionary_plus_one))
    g_once_init_leave (&dictionary_plus_one, dictionary_works () ? 2 : 1);

  settings = new_settings (dictionary_plus_one == 2);
  result = pwquality_check (settings, password, NULL, user_id, &aux);
  /* Frees aux; the text is not used (English, and it may quote the user). */
  (void) pwquality_strerror (buffer, sizeof buffer, result, aux);
  pwquality_free_settings (settings);

  if (result >= 0)
    return HRM_PASSWORD_OK;

  switch (result)
    {
    case PWQ_ERROR_MIN_LENGTH:
    case PWQ_ERROR_EMPTY_PASSWORD:
      return HRM_PASSWORD_TOO_SHORT;

    case PWQ_ERROR_CRACKLIB_CHECK:
    case PWQ_ERROR_BAD_WORDS:
      return HRM_PASSWORD_COMMON;

    case PWQ_ERROR_USER_CHECK:
    case PWQ_ERROR_GECOS_CHECK:
      return HRM_PASSWORD_PERSONAL;

    case PWQ_ERROR_PALINDROME:
    case PWQ_ERROR_MAX_CONSECUTIVE:
    case PWQ_ERROR_MAX_SEQUENCE:
    case PWQ_ERROR_MAX_CLASS_REPEAT:
    case PWQ_ERROR_ROTATED:
    case PWQ_ERROR_CASE_CHANGES_ONLY:
      return HRM_PASSWORD_PATTERN;

    default:
      return HRM_PASSWORD_WEAK;
    }
}

char *
hrm_password_problem_message (HrmPasswordProblem problem)
{
  switch (problem)
    {
    case HRM_PASSWORD_TOO_SHORT:
      return g_strdup_printf (_("The password must be at least %d characters long"),
                              HRM_PASSWORD_MIN_LENGTH);
    case HRM_PASSWORD_TOO_LONG:
      return g_strdup_printf (_("The password can be at most %d characters long"),
                              HRM_PASSWORD_MAX_LENGTH);
    case HRM_PASSWORD_COMMON:
      return g_strdup (_("Choose a password that is not based on a dictionary word or a common password"));
    case HRM_PASSWORD_PERSONAL:
      return g_strdup (_("Choose a password that does not contain the user’s name, User-ID or email address"));
    case HRM_PASSWORD_PATTERN:
      return g_strdup (_("Choose a password without runs like 12345 or abcde and without the same character many times in a row"));
    case HRM_PASSWORD_OK:
    case HRM_PASSWORD_WEAK:
    default:
      return g_strdup (_("Choose a password that is harder to guess; a few unrelated words make a good one"));
    }
}

gboolean
hrm_password_quality_validate (const char         *password,
                               const char         *user_id,
                               const char * const *personal,
                               GError            **error)
{
  HrmPasswordProblem problem = hrm_password_quality_check (password ? password : "", user_id,
                                                           personal);
  g_autofree char *message = NULL;

  if (problem == HRM_PASSWORD_OK)
    return TRUE;

  message = hrm_password_problem_message (problem);
  g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INVALID, message);
  return FALSE;
}
