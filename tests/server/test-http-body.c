/* test-http-body.c — the server's request-body and query decisions, without a socket
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>

#include "hrm-error.h"
#include "hrm-http-body.h"

static void
assert_json_status (const char *content_type,
                    const char *body,
                    gssize      length,
                    guint       expected,
                    const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *out_field = NULL;
  guint status = 0;

  if (length < 0)
    length = strlen (body);

  g_test_message ("%s %.200s", content_type ? content_type : "(none)", body);
  object = hrm_http_parse_json_body (content_type, body, length, TRUE, &status, &out_field, &error);
  g_assert_cmpuint (status, ==, expected);
  if (expected == 200)
    {
      g_assert_no_error (error);
      g_assert_nonnull (object);
      return;
    }

  g_assert_null (object);
  g_assert_nonnull (error);
  g_assert_true (error->domain == HRM_ERROR);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_cmpstr (out_field, ==, field);
}

static void
test_json_body (void)
{
  g_autofree char *big = g_strnfill (HRM_HTTP_MAX_BODY + 1, ' ');

  assert_json_status (NULL, "{\"a\": 1}", -1, 200, NULL);
  assert_json_status ("application/json", "{\"a\": 1}", -1, 200, NULL);
  assert_json_status ("application/merge-patch+json", "{}", -1, 200, NULL);
  assert_json_status ("text/plain", "{}", -1, 415, NULL);
  assert_json_status (NULL, big, -1, 413, NULL);
  assert_json_status (NULL, "", 0, 400, NULL);
  assert_json_status (NULL, "{\"a\": 1}\0", 9, 400, NULL);
  assert_json_status (NULL, "[1]", -1, 400, NULL);
  assert_json_status (NULL, "{\"a\": /* c */ 1}", -1, 400, NULL);
  assert_json_status (NULL, "{\"a\": 'x'}", -1, 400, NULL);
  assert_json_status (NULL, "{\"a\": 1,}", -1, 400, NULL);
  assert_json_status (NULL, "{\"a\": 1, \"a\": 1}", -1, 400, NULL);
  assert_json_status (NULL, "{\"first_name\": \"a\\u0000b\"}", -1, 422, "first_name");
  assert_json_status (NULL, "{\"x\": 1, \"last_name\": \"\\ud800\"}", -1, 422, "last_name");
  assert_json_status (NULL, "{\"a\\u0000\": \"x\"}", -1, 400, NULL);
  /* Malformed wins over a bad string before it. */
  assert_json_status (NULL, "{\"first_name\": \"\\u0000\",}", -1, 400, NULL);
}

static void
test_form_body (void)
{
  static const struct { const char *type; const char *body; guint status; } cases[] = {
    { NULL, "a=1&b=x+y%21", 200 },
    { "application/x-www-form-urlencoded", "", 200 },
    { "application/json", "a=1", 415 },
    { NULL, "a=%00", 400 },
    { NULL, "a%00=1", 400 },
    { NULL, "a=%FF", 400 },
    { NULL, "a=%C3", 400 },
    { NULL, "a=%4", 400 },
    { NULL, "a=%G0", 400 },
    { NULL, "a=1&a=2", 400 },
    { NULL, "a=\xff", 400 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GHashTable) form = NULL;
      guint status = 0;

      g_test_message ("%s", cases[i].body);
      form = hrm_http_parse_form_body (cases[i].type, cases[i].body, strlen (cases[i].body), &status,
                                       &error);
      g_assert_cmpuint (status, ==, cases[i].status);
      if (cases[i].status == 200)
        g_assert_no_error (error);
      else
        g_assert_null (form);
    }
}

static void
test_decode_form (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) form = NULL;
  const char *text = "a=1&&b=x+y%21%C3%A5&c=&flag&=empty-name&d=%3D%26";

  form = hrm_http_decode_form (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (form, "a"), ==, "1");
  g_assert_cmpstr (g_hash_table_lookup (form, "b"), ==, "x y!å");
  g_assert_cmpstr (g_hash_table_lookup (form, "c"), ==, "");
  g_assert_cmpstr (g_hash_table_lookup (form, ""), ==, "empty-name");
  g_assert_cmpstr (g_hash_table_lookup (form, "d"), ==, "=&");
  /* A pair without "=" is skipped, as libsoup does. */
  g_assert_false (g_hash_table_contains (form, "flag"));
  g_assert_cmpuint (g_hash_table_size (form), ==, 5);

  /* Only @length bytes are read. */
  g_clear_pointer (&form, g_hash_table_unref);
  form = hrm_http_decode_form ("a=1&b=2", 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (form), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/http-body/json", test_json_body);
  g_test_add_func ("/server/http-body/form", test_form_body);
  g_test_add_func ("/server/http-body/decode-form", test_decode_form);

  return g_test_run ();
}
