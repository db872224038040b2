/* test-mail-texts.c — the mails' texts in Swedish and English, without a server
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>

#include "hrm-mail-texts.h"

static void
test_locale (void)
{
  g_assert_true (hrm_mail_locale_is_swedish ("sv"));
  g_assert_true (hrm_mail_locale_is_swedish ("sv_SE.UTF-8"));
  g_assert_true (hrm_mail_locale_is_swedish ("SV-se"));
  g_assert_false (hrm_mail_locale_is_swedish ("en"));
  g_assert_false (hrm_mail_locale_is_swedish ("de_DE"));
  g_assert_false (hrm_mail_locale_is_swedish ("svx"));
  g_assert_false (hrm_mail_locale_is_swedish (""));
  g_assert_false (hrm_mail_locale_is_swedish (NULL));
}

static void
test_compose (void)
{
  HrmMailFacts facts = {
    .locale = "sv",
    .name = "{until} Åsa",  /* braces in a value stay as they are */
    .organisation = NULL,
    .address = "asa.osterlof@example.se",
    .until = "2026-11-25 10:00 UTC",
    .link = "http://127.0.0.1:8080/connect/verify?token=abc",
  };
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_auto(GStrv) lines = NULL;

  hrm_mail_compose (HRM_MAIL_VERIFY, &facts, &subject, &body);
  g_assert_cmpstr (subject, ==, "Bekräfta din e-postadress");
  g_assert_true (g_str_has_prefix (body, "Hej {until} Åsa!\n\n"));
  g_assert_nonnull (strstr (body, "Din organisation kopplar"));
  g_assert_nonnull (strstr (body, "asa.osterlof@example.se"));
  g_assert_nonnull (strstr (body, "2026-11-25"));
  g_assert_nonnull (strstr (body, "\n\nhttp://127.0.0.1:8080/connect/verify?token=abc\n\n"));
  /* No placeholder left but the one in the name. */
  g_assert_true (strchr (body, '{') == strstr (body, "{until} Åsa"));
  g_assert_null (strchr (strstr (body, "{until} Åsa") + 1, '{'));

  /* Wrapped for mail: no line of text longer than 72 characters. */
  lines = g_strsplit (body, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (!g_str_has_prefix (lines[i], "http"))
      g_assert_cmpint (g_utf8_strlen (lines[i], -1), <=, 72);

  g_clear_pointer (&subject, g_free);
  g_clear_pointer (&body, g_free);
  facts.locale = "en";
  facts.name = "Johan";
  facts.organisation = "Nordljus Bygg AB";
  hrm_mail_compose (HRM_MAIL_RESET, &facts, &subject, &body);
  g_assert_cmpstr (subject, ==, "Choose a new password");
  g_assert_true (g_str_has_prefix (body, "Hello Johan,\n\n"));
  g_assert_nonnull (strstr (body, "Someone asked for a new password"));
  g_assert_null (strstr (body, "Nordljus"));  /* the reset mail does not name it */
  g_assert_true (g_str_has_suffix (body, "you can ignore it.\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mail-texts/locale", test_locale);
  g_test_add_func ("/mail-texts/compose", test_compose);

  return g_test_run ();
}
