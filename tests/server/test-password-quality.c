/* test-password-quality.c — which new passwords the server takes, without a server
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include "hrm-error.h"
#include "hrm-password-quality.h"
#include "hrm-validate.h"

static const char * const personal[] = { "Åsa-Karin", "Öberg", "asa.oberg+hr@example.com", NULL };

static void
assert_problem (const char         *password,
                HrmPasswordProblem  expected)
{
  HrmPasswordProblem problem = hrm_password_quality_check (password, "aoberg", personal);

  if (problem != expected)
    g_error ("“%s”: problem %d, expected %d", password, problem, expected);
}

static void
test_length (void)
{
  g_autofree char *too_long = g_strnfill (HRM_PASSWORD_MAX_LENGTH + 1, 'x');

  g_assert_cmpint (HRM_PASSWORD_MIN_LENGTH, >=, 12);
  assert_problem ("", HRM_PASSWORD_TOO_SHORT);
  assert_problem ("1234567890", HRM_PASSWORD_TOO_SHORT);
  assert_problem ("kanelbulle!", HRM_PASSWORD_TOO_SHORT);
  assert_problem (too_long, HRM_PASSWORD_TOO_LONG);
  assert_problem ("\xff\xfe-not-utf-8-at-all", HRM_PASSWORD_TOO_SHORT);
}

static void
test_common (void)
{
  assert_problem ("Password-2024!", HRM_PASSWORD_COMMON);
  assert_problem ("my-lösenord-är-bra", HRM_PASSWORD_COMMON);
  assert_problem ("qwertyuiop12", HRM_PASSWORD_COMMON);
}

static void
test_patterns (void)
{
  assert_problem ("password12345", HRM_PASSWORD_PATTERN);
  assert_problem ("123456789012", HRM_PASSWORD_PATTERN);
  assert_problem ("aaaa-bbbb-cccc-1", HRM_PASSWORD_PATTERN);
}

/* Names, User-ID and address, in any case (also beyond ASCII), and the parts
 * of names and of the address's local part. */
static void
test_personal (void)
{
  assert_problem ("Xq-AOBERG-7-lake!", HRM_PASSWORD_PERSONAL);
  assert_problem ("ÅSA-goes-fishing-9", HRM_PASSWORD_PERSONAL);
  assert_problem ("karin-goes-fishing", HRM_PASSWORD_PERSONAL);
  assert_problem ("fishing-with-öberg", HRM_PASSWORD_PERSONAL);
  assert_problem ("my-asa.oberg+hr-9x", HRM_PASSWORD_PERSONAL);
  /* Parts shorter than three characters ("hr") are too common to refuse. */
  assert_problem ("three-hrs-of-quiet-fishing", HRM_PASSWORD_OK);
}

static void
test_strong (void)
{
  assert_problem ("kanelbulle-vid-sjön", HRM_PASSWORD_OK);
  assert_problem ("granite-otter-lantern", HRM_PASSWORD_OK);
  assert_problem ("correct-horse-battery", HRM_PASSWORD_OK);
  g_assert_cmpint (hrm_password_quality_check ("granite-otter-lantern", NULL, NULL), ==,
                   HRM_PASSWORD_OK);
}

static void
test_validate (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hrm_password_quality_validate ("granite-otter-lantern", "aoberg", personal, &error));
  g_assert_no_error (error);
  g_assert_false (hrm_password_quality_validate ("password12345", "aoberg", personal, &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
  g_assert_nonnull (error->message);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/password-quality/length", test_length);
  g_test_add_func ("/server/password-quality/common", test_common);
  g_test_add_func ("/server/password-quality/patterns", test_patterns);
  g_test_add_func ("/server/password-quality/personal", test_personal);
  g_test_add_func ("/server/password-quality/strong", test_strong);
  g_test_add_func ("/server/password-quality/validate", test_validate);

  return g_test_run ();
}
