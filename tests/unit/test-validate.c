/* test-validate.c — the rules a user record must follow
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>

#include "hrm-lib.h"

static void
assert_user_id (const char *user_id,
                gboolean    valid)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = hrm_validate_user_id (user_id, &error);

  if (ok != valid)
    g_test_message ("user id “%s” should be %s", user_id ? user_id : "(null)",
                    valid ? "valid" : "invalid");
  g_assert_cmpint (ok, ==, valid);
  if (valid)
    g_assert_no_error (error);
  else
    {
      g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static void
test_user_id (void)
{
  g_autofree char *longest = g_strnfill (HRM_USER_ID_MAX_LENGTH, 'a');
  g_autofree char *too_long = g_strnfill (HRM_USER_ID_MAX_LENGTH + 1, 'a');
  g_autoptr(GString) longest_utf8 = g_string_new (NULL);

  /* The length counts characters, not bytes. */
  for (guint i = 0; i < HRM_USER_ID_MAX_LENGTH; i++)
    g_string_append (longest_utf8, "å");

  assert_user_id ("anna.svensson", TRUE);
  assert_user_id ("ANNA", TRUE);
  assert_user_id ("Anna Svensson", TRUE);
  assert_user_id ("Åsa-Öberg", TRUE);
  assert_user_id (longest, TRUE);
  assert_user_id (longest_utf8->str, TRUE);

  assert_user_id (NULL, FALSE);
  assert_user_id ("", FALSE);
  assert_user_id ("   ", FALSE);
  assert_user_id (" anna", FALSE);
  assert_user_id ("anna ", FALSE);
  assert_user_id ("an\tna", FALSE);
  assert_user_id ("an\nna", FALSE);
  assert_user_id ("anna\x7f", FALSE);
  assert_user_id ("\xff\xfe", FALSE);
  assert_user_id (too_long, FALSE);
}

static void
assert_email (const char *email,
              gboolean    valid)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = hrm_validate_email (email, &error);

  if (ok != valid)
    g_test_message ("email “%s” should be %s", email ? email : "(null)", valid ? "valid" : "invalid");
  g_assert_cmpint (ok, ==, valid);
  if (valid)
    g_assert_no_error (error);
  else
    g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
}

static void
test_email (void)
{
  g_autofree char *local64 = g_strnfill (64, 'a');
  g_autofree char *local65 = g_strnfill (65, 'a');
  g_autofree char *ok64 = g_strconcat (local64, "@example.com", NULL);
  g_autofree char *bad65 = g_strconcat (local65, "@example.com", NULL);
  g_autofree char *label = g_strnfill (60, 'b');
  g_autofree char *too_long = g_strdup_printf ("a@%s.%s.%s.%s.%s.com", label, label, label, label, label);

  assert_email ("anna@example.com", TRUE);
  assert_email ("Anna.Svensson@Example.COM", TRUE);
  assert_email ("anna+hrm@mail.example.co.uk", TRUE);
  assert_email ("o'brien@example.ie", TRUE);
  assert_email ("user_1@sub-domain.example.org", TRUE);
  assert_email (ok64, TRUE);

  assert_email (NULL, FALSE);
  assert_email ("", FALSE);
  assert_email ("anna", FALSE);
  assert_email ("anna@", FALSE);
  assert_email ("@example.com", FALSE);
  assert_email ("anna@example", FALSE);
  assert_email ("anna@@example.com", FALSE);
  assert_email ("an@na@example.com", FALSE);
  assert_email ("anna..s@example.com", FALSE);
  assert_email (".anna@example.com", FALSE);
  assert_email ("anna.@example.com", FALSE);
  assert_email ("an na@example.com", FALSE);
  assert_email ("\"anna\"@example.com", FALSE);
  assert_email ("anna@-example.com", FALSE);
  assert_email ("anna@example-.com", FALSE);
  assert_email ("anna@example..com", FALSE);
  assert_email ("anna@example.123", FALSE);
  assert_email ("anna@[127.0.0.1]", FALSE);
  assert_email ("anna@exa mple.com", FALSE);
  assert_email ("anna@example.com\n", FALSE);
  assert_email ("anna\xff@example.com", FALSE);
  assert_email (bad65, FALSE);
  g_assert_cmpuint (strlen (too_long), >, HRM_EMAIL_MAX_LENGTH);
  assert_email (too_long, FALSE);
}

static void
test_email_confirmation (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hrm_validate_email_confirmation ("anna@example.com", "anna@example.com", &error));
  g_assert_no_error (error);
  /* Addresses compare case-insensitively, ignoring surrounding spaces. */
  g_assert_true (hrm_validate_email_confirmation ("Anna@Example.com", " anna@example.COM ", &error));
  g_assert_no_error (error);

  g_assert_false (hrm_validate_email_confirmation ("anna@example.com", "ana@example.com", &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (hrm_validate_email_confirmation ("anna@example.com", "", &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (hrm_validate_email_confirmation ("anna@example.com", NULL, &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
}

static void
assert_text (const char *text,
             gboolean    valid)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (hrm_validate_text (text, &error), ==, valid);
  if (valid)
    g_assert_no_error (error);
  else
    g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
}

static void
test_text (void)
{
  g_autofree char *longest = g_strnfill (HRM_TEXT_MAX_LENGTH, 'x');
  g_autofree char *too_long = g_strnfill (HRM_TEXT_MAX_LENGTH + 1, 'x');

  assert_text (NULL, TRUE);
  assert_text ("", TRUE);
  assert_text ("Cost centre 4100 — Lager", TRUE);
  assert_text (longest, TRUE);

  assert_text (too_long, FALSE);
  assert_text ("line\nbreak", FALSE);
  assert_text ("bell\a", FALSE);
  assert_text ("bad \xc3\x28 utf-8", FALSE);
}

static void
assert_password (const char *password,
                 gboolean    valid)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (hrm_validate_new_password (password, &error), ==, valid);
  if (valid)
    g_assert_no_error (error);
  else
    g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
}

static void
test_new_password (void)
{
  g_autofree char *shortest = g_strnfill (HRM_PASSWORD_MIN_LENGTH, 'p');
  g_autofree char *too_short = g_strnfill (HRM_PASSWORD_MIN_LENGTH - 1, 'p');
  g_autofree char *longest = g_strnfill (HRM_PASSWORD_MAX_LENGTH, 'p');
  g_autofree char *too_long = g_strnfill (HRM_PASSWORD_MAX_LENGTH + 1, 'p');

  assert_password (shortest, TRUE);
  assert_password ("correct-horse-battery", TRUE);
  assert_password (longest, TRUE);
  /* The minimum counts characters, not bytes. */
  {
    g_autoptr(GString) a_rings = g_string_new (NULL);

    for (guint i = 0; i + 1 < HRM_PASSWORD_MIN_LENGTH; i++)
      g_string_append (a_rings, "å");
    assert_password (a_rings->str, FALSE);
    g_string_append (a_rings, "å");
    assert_password (a_rings->str, TRUE);
  }

  assert_password (NULL, FALSE);
  assert_password ("", FALSE);
  assert_password (too_short, FALSE);
  assert_password (too_long, FALSE);
  assert_password ("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", FALSE);
}

static void
test_normalize_email (void)
{
  g_autofree char *a = hrm_normalize_email ("  Anna.Svensson@Example.COM \t");
  g_autofree char *b = hrm_normalize_email ("anna@example.com");
  g_autofree char *c = hrm_normalize_email ("");

  g_assert_cmpstr (a, ==, "anna.svensson@example.com");
  g_assert_cmpstr (b, ==, "anna@example.com");
  g_assert_cmpstr (c, ==, "");
}

/* YYYY-MM-DD and a day that exists; nothing around it. */
static void
test_date (void)
{
  static const char *good[] = {
    "2026-06-30", "2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31",
  };
  static const char *bad[] = {
    "", "2026-02-30", "2025-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-01",
    "2026-01-00", "0000-01-01", "2026-1-5", "2026-01-5", "26-01-05", " 2026-01-05",
    "2026-01-05 ", "2026-01-05\n", "2026/01/05", "20260105", "2026-01-05T00:00", "+2026-01-05",
    "2026-0a-05", "\xef\xbc\x92" "026-01-05",
  };
  g_autoptr(GError) error = NULL;

  g_assert_true (hrm_validate_date (NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_test_message ("good: %s", good[i]);
      g_assert_true (hrm_validate_date (good[i], NULL));
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("bad: %s", bad[i]);
      g_assert_false (hrm_validate_date (bad[i], &error));
      g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
      g_clear_error (&error);
    }

  /* A day that does not exist says so, rather than asking for the format. */
  g_assert_false (hrm_validate_date ("2026-02-30", &error));
  g_assert_cmpstr (error->message, ==, "There is no such date");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validate/user-id", test_user_id);
  g_test_add_func ("/validate/email", test_email);
  g_test_add_func ("/validate/email-confirmation", test_email_confirmation);
  g_test_add_func ("/validate/text", test_text);
  g_test_add_func ("/validate/new-password", test_new_password);
  g_test_add_func ("/validate/normalize-email", test_normalize_email);
  g_test_add_func ("/validate/date", test_date);

  return g_test_run ();
}
