/* test-sign-in-policy.c — the numbers of the sign-in throttle, without a server
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include "hrm-server-private.h"

/* Nothing below the threshold, then 1 s doubling per failure, capped. */
static void
test_throttle_delay (void)
{
  g_assert_cmpint (_hrm_sign_in_throttle_delay_ms (0, HRM_THROTTLE_AFTER), ==, 0);
  g_assert_cmpint (_hrm_sign_in_throttle_delay_ms (HRM_THROTTLE_AFTER - 1, HRM_THROTTLE_AFTER), ==, 0);
  g_assert_cmpint (_hrm_sign_in_throttle_delay_ms (HRM_THROTTLE_AFTER, HRM_THROTTLE_AFTER), ==, 1000);
  g_assert_cmpint (_hrm_sign_in_throttle_delay_ms (HRM_THROTTLE_AFTER + 1, HRM_THROTTLE_AFTER), ==, 2000);
  g_assert_cmpint (_hrm_sign_in_throttle_delay_ms (HRM_THROTTLE_AFTER + 5, HRM_THROTTLE_AFTER), ==, 32000);
  g_assert_cmpint (_hrm_sign_in_throttle_delay_ms (HRM_THROTTLE_AFTER + 9, HRM_THROTTLE_AFTER), ==,
                   HRM_THROTTLE_MAX_DELAY * 1000);
  g_assert_cmpint (_hrm_sign_in_throttle_delay_ms (G_MAXINT32, HRM_THROTTLE_AFTER), ==,
                   HRM_THROTTLE_MAX_DELAY * 1000);
  /* The throttle starts well above the lockout of one address. */
  g_assert_cmpint (HRM_THROTTLE_AFTER, >=, 10 * HRM_LOCKOUT_FAILURES);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/sign-in-policy/throttle-delay", test_throttle_delay);

  return g_test_run ();
}
