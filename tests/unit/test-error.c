/* test-error.c — HTTP statuses and API codes map to the right error codes
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include "hrm-lib.h"

static const HrmError all_codes[] = {
  HRM_ERROR_FAILED, HRM_ERROR_NOT_SIGNED_IN, HRM_ERROR_FORBIDDEN, HRM_ERROR_NOT_FOUND,
  HRM_ERROR_CONFLICT, HRM_ERROR_STALE, HRM_ERROR_PRECONDITION_REQUIRED, HRM_ERROR_INVALID,
  HRM_ERROR_RATE_LIMITED, HRM_ERROR_UNAVAILABLE, HRM_ERROR_PROTOCOL, HRM_ERROR_INVALID_GRANT,
  HRM_ERROR_INSECURE,
};

static void
test_from_http_status (void)
{
  static const struct { guint status; HrmError code; } cases[] = {
    { 400, HRM_ERROR_INVALID },
    { 401, HRM_ERROR_NOT_SIGNED_IN },
    { 403, HRM_ERROR_FORBIDDEN },
    { 404, HRM_ERROR_NOT_FOUND },
    { 409, HRM_ERROR_CONFLICT },
    { 412, HRM_ERROR_STALE },
    { 413, HRM_ERROR_INVALID },
    { 415, HRM_ERROR_INVALID },
    { 422, HRM_ERROR_INVALID },
    { 428, HRM_ERROR_PRECONDITION_REQUIRED },
    { 429, HRM_ERROR_RATE_LIMITED },
    { 500, HRM_ERROR_UNAVAILABLE },
    { 502, HRM_ERROR_UNAVAILABLE },
    { 503, HRM_ERROR_UNAVAILABLE },
    { 504, HRM_ERROR_UNAVAILABLE },
    { 599, HRM_ERROR_UNAVAILABLE },
    /* Anything the API never sends is the server talking nonsense. */
    { 302, HRM_ERROR_PROTOCOL },
    { 405, HRM_ERROR_PROTOCOL },
    { 418, HRM_ERROR_PROTOCOL },
    { 600, HRM_ERROR_PROTOCOL },
    { 0, HRM_ERROR_PROTOCOL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("status %u", cases[i].status);
      g_assert_cmpint (hrm_error_from_http_status (cases[i].status), ==, cases[i].code);
    }
}

static void
test_to_http_status (void)
{
  g_assert_cmpuint (hrm_error_to_http_status (HRM_ERROR_NOT_SIGNED_IN), ==, 401);
  g_assert_cmpuint (hrm_error_to_http_status (HRM_ERROR_FORBIDDEN), ==, 403);
  g_assert_cmpuint (hrm_error_to_http_status (HRM_ERROR_NOT_FOUND), ==, 404);
  g_assert_cmpuint (hrm_error_to_http_status (HRM_ERROR_CONFLICT), ==, 409);
  g_assert_cmpuint (hrm_error_to_http_status (HRM_ERROR_STALE), ==, 412);
  g_assert_cmpuint (hrm_error_to_http_status (HRM_ERROR_PRECONDITION_REQUIRED), ==, 428);
  g_assert_cmpuint (hrm_error_to_http_status (HRM_ERROR_INVALID), ==, 422);
  g_assert_cmpuint (hrm_error_to_http_status (HRM_ERROR_RATE_LIMITED), ==, 429);
  g_assert_cmpuint (hrm_error_to_http_status (HRM_ERROR_UNAVAILABLE), ==, 503);
  g_assert_cmpuint (hrm_error_to_http_status (HRM_ERROR_FAILED), ==, 500);

  /* A server's status maps back to the code it came from, wherever the
   * status is unambiguous. */
  for (guint i = 0; i < G_N_ELEMENTS (all_codes); i++)
    {
      guint status = hrm_error_to_http_status (all_codes[i]);

      if (status == 400 || status == 500)
        continue;
      g_assert_cmpint (hrm_error_from_http_status (status), ==, all_codes[i]);
    }
}

static void
test_api_codes (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < G_N_ELEMENTS (all_codes); i++)
    {
      const char *api_code = hrm_error_to_api_code (all_codes[i]);

      g_assert_nonnull (api_code);
      g_assert_false (g_hash_table_contains (seen, api_code));
      g_hash_table_add (seen, (gpointer) api_code);
      g_assert_cmpint (hrm_error_from_api_code (api_code), ==, all_codes[i]);
    }

  g_assert_cmpstr (hrm_error_to_api_code (HRM_ERROR_NOT_FOUND), ==, "not_found");
  g_assert_cmpstr (hrm_error_to_api_code (HRM_ERROR_INVALID), ==, "invalid");
  g_assert_cmpstr (hrm_error_to_api_code (HRM_ERROR_INVALID_GRANT), ==, "invalid_grant");
  g_assert_cmpint (hrm_error_from_api_code ("no_such_code"), ==, HRM_ERROR_FAILED);
  g_assert_cmpint (hrm_error_from_api_code (""), ==, HRM_ERROR_FAILED);
  g_assert_cmpint (hrm_error_from_api_code (NULL), ==, HRM_ERROR_FAILED);
}

static void
test_quark (void)
{
  g_autoptr(GError) error = g_error_new_literal (HRM_ERROR, HRM_ERROR_STALE, "stale");

  g_assert_cmpstr (g_quark_to_string (HRM_ERROR), ==, "hrm-error-quark");
  g_assert_error (error, HRM_ERROR, HRM_ERROR_STALE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/error/from-http-status", test_from_http_status);
  g_test_add_func ("/error/to-http-status", test_to_http_status);
  g_test_add_func ("/error/api-codes", test_api_codes);
  g_test_add_func ("/error/quark", test_quark);

  return g_test_run ();
}
