/* test-email-domains.c — free-mail providers, domain rules and lists
 * (src/lib/hrm-email-domains.c)
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include "hrm-lib.h"

/* The list in data/private-email-domains.txt, exact names and "name.*". */
static void
test_private (void)
{
  static const char *private[] = {
    "gmail.com", "GMail.com", "hotmail.com", "hotmail.se", "hotmail.co.uk", "outlook.com",
    "outlook.se", "live.se", "yahoo.se", "yahoo.co.jp", "icloud.com", "telia.com",
  };
  static const char *work[] = {
    "nordljus.se", "telia.se", "gmail.com.example.org", "mygmail.com", "hotmailer.com",
    "outlook", "", NULL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (private); i++)
    {
      g_test_message ("%s", private[i]);
      g_assert_true (hrm_email_domain_is_private (private[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (work); i++)
    {
      g_test_message ("%s", work[i] ? work[i] : "(null)");
      g_assert_false (hrm_email_domain_is_private (work[i]));
    }
}

static void
test_domain_of (void)
{
  g_assert_cmpstr (hrm_email_domain ("anna@Nordljus.se"), ==, "Nordljus.se");
  g_assert_null (hrm_email_domain ("anna"));
  g_assert_null (hrm_email_domain ("anna@"));
  g_assert_null (hrm_email_domain (NULL));
}

static void
test_normalise (void)
{
  static const char *refused[] = {
    "", "   ", "*.nordljus.se", "*", "[192.0.2.1]", "192.0.2.1", "localhost", "nordljus..se",
    "-nordljus.se", "nordljus.se.", "nord ljus.se", "anna@nordljus.se", NULL,
  };
  g_autofree char *long_label = g_strnfill (64, 'a');
  g_autofree char *too_long_label = g_strconcat (long_label, ".se", NULL);
  g_autoptr(GString) too_long = g_string_new (NULL);
  g_autofree char *ok = NULL;
  g_autoptr(GError) error = NULL;

  ok = hrm_email_domain_normalise ("  Nordljus.SE ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ok, ==, "nordljus.se");

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) refusal = NULL;
      g_autofree char *domain = hrm_email_domain_normalise (refused[i], &refusal);

      g_test_message ("%s", refused[i] ? refused[i] : "(null)");
      g_assert_null (domain);
      g_assert_error (refusal, HRM_ERROR, HRM_ERROR_INVALID);
    }

  /* Over 63 characters in a label, over 253 in all. */
  g_assert_null (hrm_email_domain_normalise (too_long_label, NULL));
  while (too_long->len < 254)
    g_string_append (too_long, "abcdefghi.");
  g_string_append (too_long, "se");
  g_assert_null (hrm_email_domain_normalise (too_long->str, NULL));
}

static void
test_in_list (void)
{
  const char *list = "bygg.nordljus.se nordljus.se";

  g_assert_true (hrm_email_domain_in_list ("nordljus.se", list));
  g_assert_true (hrm_email_domain_in_list ("NORDLJUS.SE", list));
  g_assert_true (hrm_email_domain_in_list ("bygg.nordljus.se", list));
  /* Whole names only. */
  g_assert_false (hrm_email_domain_in_list ("ljus.se", list));
  g_assert_false (hrm_email_domain_in_list ("nordljus.s", list));
  g_assert_false (hrm_email_domain_in_list ("mail.nordljus.se", list));
  g_assert_false (hrm_email_domain_in_list ("nordljus.se", NULL));
  g_assert_false (hrm_email_domain_in_list ("nordljus.se", ""));
}

static void
test_codes (void)
{
  static const char *codes[] = { "private_domain", "outside_allowed_domains", "duplicate",
                                 "linked_private" };

  g_assert_cmpuint (G_N_ELEMENTS (codes), ==, HRM_N_EMAIL_WARNINGS);
  for (guint i = 0; i < HRM_N_EMAIL_WARNINGS; i++)
    {
      g_assert_cmpstr (hrm_email_warning_code (i), ==, codes[i]);
      g_assert_nonnull (hrm_email_warning_message (i));
    }
  g_assert_cmpuint (HRM_EMAIL_WARNING_LINKED_PRIVATE, ==, 1u << 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/email-domains/private", test_private);
  g_test_add_func ("/email-domains/domain-of", test_domain_of);
  g_test_add_func ("/email-domains/normalise", test_normalise);
  g_test_add_func ("/email-domains/in-list", test_in_list);
  g_test_add_func ("/email-domains/codes", test_codes);

  return g_test_run ();
}
