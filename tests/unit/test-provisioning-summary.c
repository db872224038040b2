/* test-provisioning-summary.c — the provisioning summary record
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include "hrm-lib.h"

static HrmProvisioningSummary *
summary_from (const char  *json,
              GError     **error)
{
  g_autoptr(JsonObject) object = hrm_json_parse_object (json, -1, NULL);

  g_assert_nonnull (object);
  return hrm_provisioning_summary_new_from_json (object, error);
}

static void
test_from_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmProvisioningSummary) summary =
    summary_from ("{\"total\": 120, \"disabled\": 10, \"linked\": 55, \"pending\": 12,"
                  " \"expired\": 8, \"not_linked_with_email\": 25, \"not_linked_without_email\": 10,"
                  " \"updated_at\": \"2026-11-30T12:00:00Z\"}", &error);
  guint percent = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (hrm_provisioning_summary_get_total (summary), ==, 120);
  g_assert_cmpuint (hrm_provisioning_summary_get_disabled (summary), ==, 10);
  g_assert_cmpuint (hrm_provisioning_summary_get_linked (summary), ==, 55);
  g_assert_cmpuint (hrm_provisioning_summary_get_pending (summary), ==, 12);
  g_assert_cmpuint (hrm_provisioning_summary_get_expired (summary), ==, 8);
  g_assert_cmpuint (hrm_provisioning_summary_get_not_linked_with_email (summary), ==, 25);
  g_assert_cmpuint (hrm_provisioning_summary_get_not_linked_without_email (summary), ==, 10);
  g_assert_cmpuint (hrm_provisioning_summary_get_enabled (summary), ==, 110);
  /* 55 of 110 enabled users */
  g_assert_cmpuint (hrm_provisioning_summary_get_percent_linked (summary), ==, 50);
  g_object_get (summary, "percent-linked", &percent, NULL);
  g_assert_cmpuint (percent, ==, 50);
  g_assert_nonnull (hrm_provisioning_summary_get_updated_at (summary));
}

static void
test_percent_rounds_down (void)
{
  g_autoptr(HrmProvisioningSummary) almost =
    summary_from ("{\"total\": 1000, \"disabled\": 0, \"linked\": 999, \"pending\": 1,"
                  " \"expired\": 0, \"not_linked_with_email\": 0, \"not_linked_without_email\": 0,"
                  " \"updated_at\": \"2026-11-30T12:00:00Z\"}", NULL);
  g_autoptr(HrmProvisioningSummary) empty =
    summary_from ("{\"total\": 0, \"disabled\": 0, \"linked\": 0, \"pending\": 0,"
                  " \"expired\": 0, \"not_linked_with_email\": 0, \"not_linked_without_email\": 0,"
                  " \"updated_at\": \"2026-11-30T12:00:00Z\"}", NULL);

  g_assert_cmpuint (hrm_provisioning_summary_get_percent_linked (almost), ==, 99);
  g_assert_cmpuint (hrm_provisioning_summary_get_percent_linked (empty), ==, 0);
}

static void
test_refused (void)
{
  static const char *bad[] = {
    /* a count missing */
    "{\"total\": 1, \"disabled\": 0, \"linked\": 1, \"pending\": 0, \"expired\": 0,"
    " \"not_linked_with_email\": 0, \"updated_at\": \"2026-11-30T12:00:00Z\"}",
    /* negative */
    "{\"total\": 0, \"disabled\": 0, \"linked\": 1, \"pending\": -1, \"expired\": 0,"
    " \"not_linked_with_email\": 0, \"not_linked_without_email\": 0,"
    " \"updated_at\": \"2026-11-30T12:00:00Z\"}",
    /* parts that do not add up */
    "{\"total\": 5, \"disabled\": 0, \"linked\": 1, \"pending\": 0, \"expired\": 0,"
    " \"not_linked_with_email\": 0, \"not_linked_without_email\": 0,"
    " \"updated_at\": \"2026-11-30T12:00:00Z\"}",
    /* a string for a count */
    "{\"total\": \"1\", \"disabled\": 0, \"linked\": 1, \"pending\": 0, \"expired\": 0,"
    " \"not_linked_with_email\": 0, \"not_linked_without_email\": 0,"
    " \"updated_at\": \"2026-11-30T12:00:00Z\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HrmProvisioningSummary) summary = summary_from (bad[i], &error);

      g_assert_null (summary);
      g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/provisioning-summary/json/from-json", test_from_json);
  g_test_add_func ("/provisioning-summary/percent-rounds-down", test_percent_rounds_down);
  g_test_add_func ("/provisioning-summary/json/refused", test_refused);

  return g_test_run ();
}
