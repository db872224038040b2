/* test-client-parse.c — how the client reads an answer's body
 *
 * Every answer goes through _hrm_client_parse_body(): the one strict JSON
 * check, then json-glib. Whatever is not strict JSON, or that json-glib would
 * read differently from what was sent, is a protocol error. (Answers from a
 * hostile server, end to end, are in test-client-errors.c.)
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>

#include "hrm-client-private.h"
#include "hrm-lib.h"

static void
test_answer_not_strict (void)
{
  static const char *bodies[] = {
    "{\"user\": /* a comment */ {\"id\": 1}}",
    "{'items': []}",
    "{\"items\": [],}",
    "{\"id\": 1, \"id\": 2}",
    "{\"id\": 18446744073709551615}",
    "{\"first_name\": \"a\\u0000b\"}",
    "{\"first_name\": \"\\ud800\"}",
    "{\"items\": []} {\"items\": []}",
    "{\"items\": /*\"*/ [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
      "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]] /*\"*/}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (bodies[i], strlen (bodies[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) root = NULL;

      g_test_message ("%s", bodies[i]);
      root = _hrm_client_parse_body (body, &error);
      g_assert_null (root);
      g_assert_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL);
    }
}

static void
test_answer_strict (void)
{
  const char *text = "{\"items\": [{\"id\": 1, \"name\": \"\\u00c5sa \\ud83d\\ude00\"}], \"total\": 1}";
  g_autoptr(GBytes) body = g_bytes_new_static (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) root = _hrm_client_parse_body (body, &error);

  g_assert_no_error (error);
  g_assert_nonnull (root);
  g_assert_cmpint (json_object_get_int_member (root, "total"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/parse/answer-not-strict", test_answer_not_strict);
  g_test_add_func ("/client/parse/answer-strict", test_answer_strict);

  return g_test_run ();
}
