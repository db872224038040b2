/* test-json.c — JSON in and out, with type checks
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>

#include "hrm-lib.h"

static void
assert_parse_fails (const char *data,
                    gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = hrm_json_parse_object (data, length, &error);

  g_assert_null (object);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_parse_ok (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = hrm_json_parse_object ("{\"name\": \"Åsa\", \"n\": 3}", -1, &error);
  g_autoptr(JsonObject) prefix = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (object);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Åsa");
  g_assert_cmpint (json_object_get_int_member (object, "n"), ==, 3);

  /* An explicit length reads only that many bytes. */
  prefix = hrm_json_parse_object ("{}garbage", 2, &error);
  g_assert_no_error (error);
  g_assert_nonnull (prefix);
  g_assert_cmpuint (json_object_get_size (prefix), ==, 0);
}

static void
test_parse_bad_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;

  assert_parse_fails ("{\"name\": \"\xff\xfe\"}", -1);
  assert_parse_fails ("{\"name\": \"\xc3\x28\"}", -1);
  /* An overlong encoding of '/' */
  assert_parse_fails ("{\"name\": \"\xc0\xaf\"}", -1);

  object = hrm_json_parse_object ("{\"a\": \"\xff\"}", -1, &error);
  g_assert_null (object);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
}

static void
test_parse_not_an_object (void)
{
  assert_parse_fails ("[1, 2, 3]", -1);
  assert_parse_fails ("\"text\"", -1);
  assert_parse_fails ("42", -1);
  assert_parse_fails ("null", -1);
  assert_parse_fails ("true", -1);
}

static void
test_parse_malformed (void)
{
  assert_parse_fails (NULL, 0);
  assert_parse_fails ("", -1);
  assert_parse_fails ("{", -1);
  assert_parse_fails ("{\"a\": }", -1);
  assert_parse_fails ("{\"a\": 1,}x", -1);
  assert_parse_fails ("not json", -1);
  /* An embedded NUL cuts the document short. */
  assert_parse_fails ("{\"a\": 1\0}", 9);
}

static JsonObject *
sample (void)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object =
    hrm_json_parse_object ("{\"s\": \"text\", \"n\": null, \"i\": 42, \"f\": 1.5, \"b\": true,"
                           " \"t\": \"2026-11-24T09:12:00Z\", \"bad_t\": \"yesterday\","
                           " \"o\": {\"x\": 1}, \"a\": [1, 2], \"is\": \"42\"}", -1, &error);

  g_assert_no_error (error);
  return object;
}

static void
test_get_string (void)
{
  g_autoptr(JsonObject) object = sample ();
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  char *no_value = (char *) "untouched";

  g_assert_true (hrm_json_get_string (object, "s", FALSE, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "text");

  g_assert_true (hrm_json_get_string (object, "n", TRUE, &no_value, &error));
  g_assert_null (no_value);
  g_assert_true (hrm_json_get_string (object, "missing", TRUE, &no_value, &error));
  g_assert_null (no_value);

  /* Wrong types, and null where a value is required, name the member. */
  {
    const char *wrong[] = { "i", "f", "b", "o", "a" };

    for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
      {
        g_autofree char *out = NULL;

        g_assert_false (hrm_json_get_string (object, wrong[i], TRUE, &out, &error));
        g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
        g_assert_nonnull (strstr (error->message, wrong[i]));
        g_assert_null (out);
        g_clear_error (&error);
      }
  }

  g_assert_false (hrm_json_get_string (object, "n", FALSE, &no_value, &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hrm_json_get_string (object, "missing", FALSE, &no_value, &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
}

static void
test_get_int_bool (void)
{
  g_autoptr(JsonObject) object = sample ();
  g_autoptr(GError) error = NULL;
  gint64 n = 0;
  gboolean b = FALSE;

  g_assert_true (hrm_json_get_int (object, "i", &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 42);

  /* 1.5 and "42" are not whole numbers; null and missing are not either. */
  {
    const char *wrong[] = { "f", "is", "n", "missing", "b", "o" };

    for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
      {
        g_assert_false (hrm_json_get_int (object, wrong[i], &n, &error));
        g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
        g_assert_nonnull (strstr (error->message, wrong[i]));
        g_clear_error (&error);
      }
  }

  g_assert_true (hrm_json_get_bool (object, "b", &b, &error));
  g_assert_no_error (error);
  g_assert_true (b);

  {
    const char *wrong[] = { "i", "s", "n", "missing" };

    for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
      {
        g_assert_false (hrm_json_get_bool (object, wrong[i], &b, &error));
        g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
        g_clear_error (&error);
      }
  }
}

static void
test_get_datetime (void)
{
  g_autoptr(JsonObject) object = sample ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) expected = g_date_time_new_utc (2026, 11, 24, 9, 12, 0);
  GDateTime *value = NULL;

  g_assert_true (hrm_json_get_datetime (object, "t", &value, &error));
  g_assert_no_error (error);
  g_assert_nonnull (value);
  g_assert_true (g_date_time_equal (value, expected));
  g_clear_pointer (&value, g_date_time_unref);

  g_assert_true (hrm_json_get_datetime (object, "n", &value, &error));
  g_assert_null (value);
  g_assert_true (hrm_json_get_datetime (object, "missing", &value, &error));
  g_assert_null (value);

  g_assert_false (hrm_json_get_datetime (object, "bad_t", &value, &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "bad_t"));
  g_clear_error (&error);

  g_assert_false (hrm_json_get_datetime (object, "i", &value, &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
}

static void
test_get_object_array (void)
{
  g_autoptr(JsonObject) object = sample ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (hrm_json_get_object (object, "o", FALSE, &error));
  g_assert_no_error (error);
  g_assert_null (hrm_json_get_object (object, "n", TRUE, &error));
  g_assert_no_error (error);
  g_assert_null (hrm_json_get_object (object, "missing", TRUE, &error));
  g_assert_no_error (error);

  g_assert_null (hrm_json_get_object (object, "a", TRUE, &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (hrm_json_get_object (object, "n", FALSE, &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_nonnull (hrm_json_get_array (object, "a", &error));
  g_assert_cmpuint (json_array_get_length (hrm_json_get_array (object, "a", &error)), ==, 2);
  g_assert_no_error (error);
  g_assert_null (hrm_json_get_array (object, "o", &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (hrm_json_get_array (object, "missing", &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
}

static void
test_datetime_to_iso8601 (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (2 * 3600);
  g_autoptr(GDateTime) local = g_date_time_new (tz, 2026, 11, 24, 11, 12, 0.75);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = hrm_datetime_to_iso8601 (local);
  g_autofree char *json = NULL;

  /* Always UTC with a Z, whole seconds, as the API sends times. */
  g_assert_cmpstr (text, ==, "2026-11-24T09:12:00Z");
  g_assert_null (hrm_datetime_to_iso8601 (NULL));

  json_builder_begin_object (builder);
  hrm_json_builder_add_datetime (builder, "t", local);
  hrm_json_builder_add_datetime (builder, "none", NULL);
  hrm_json_builder_add_string (builder, "s", "x");
  hrm_json_builder_add_string (builder, "null_s", NULL);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = hrm_json_to_string (root);
  g_assert_cmpstr (json, ==, "{\"t\":\"2026-11-24T09:12:00Z\",\"none\":null,\"s\":\"x\",\"null_s\":null}");
}

static void
test_api_error_round_trip (void)
{
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) out_fields = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;

  g_hash_table_insert (fields, (gpointer) "user_id", (gpointer) "User-ID is already used");
  g_hash_table_insert (fields, (gpointer) "email", (gpointer) "Enter a valid email address");
  node = hrm_api_error_new ("invalid", "Fix the highlighted fields", fields);
  text = hrm_json_to_string (node);

  parsed = hrm_json_parse_object (text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (hrm_api_error_parse (parsed, &code, &message, &out_fields));
  g_assert_cmpstr (code, ==, "invalid");
  g_assert_cmpstr (message, ==, "Fix the highlighted fields");
  g_assert_cmpuint (g_hash_table_size (out_fields), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (out_fields, "user_id"), ==, "User-ID is already used");
  g_assert_cmpstr (g_hash_table_lookup (out_fields, "email"), ==, "Enter a valid email address");
}

static void
test_api_error_parse (void)
{
  static const struct { const char *json; gboolean ok; const char *code; guint n_fields; } cases[] = {
    { "{\"error\": {\"code\": \"not_found\", \"message\": \"No such user\"}}", TRUE, "not_found", 0 },
    { "{\"error\": {\"code\": \"conflict\"}}", TRUE, "conflict", 0 },
    /* Fields that are not strings are skipped, not fatal. */
    { "{\"error\": {\"code\": \"invalid\", \"message\": \"x\", \"fields\": {\"a\": \"why\", \"b\": 3}}}",
      TRUE, "invalid", 1 },
    { "{\"error\": {\"code\": \"invalid\", \"fields\": null}}", TRUE, "invalid", 0 },
    /* Not the API's error body. */
    { "{\"items\": []}", FALSE, NULL, 0 },
    { "{\"error\": \"invalid_grant\", \"error_description\": \"x\"}", FALSE, NULL, 0 },
    { "{\"error\": {\"code\": 404}}", FALSE, NULL, 0 },
    { "{\"error\": {\"code\": \"x\", \"message\": [1]}}", FALSE, NULL, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) object = hrm_json_parse_object (cases[i].json, -1, &error);
      g_autoptr(GHashTable) fields = NULL;
      g_autofree char *code = NULL;
      gboolean ok;

      g_test_message ("%s", cases[i].json);
      g_assert_no_error (error);
      ok = hrm_api_error_parse (object, &code, NULL, &fields);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        {
          g_assert_cmpstr (code, ==, cases[i].code);
          g_assert_cmpuint (g_hash_table_size (fields), ==, cases[i].n_fields);
        }
    }
}

/* A megabyte of "[" is refused, not parsed into a stack overflow; brackets
 * inside strings do not count. */
static void
test_parse_deep_nesting (void)
{
  const gsize n = 1000 * 1000;
  g_autoptr(GString) deep = g_string_new ("{\"a\": ");
  g_autofree char *ok_text = NULL;
  g_autoptr(GString) ok = g_string_new ("{\"a\": ");
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < n; i++)
    g_string_append_c (deep, '[');
  for (gsize i = 0; i < n; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  assert_parse_fails (deep->str, deep->len);

  /* 64 levels with the outer object; "[[[" and an escaped quote in strings. */
  for (guint i = 0; i < HRM_JSON_MAX_DEPTH - 2; i++)
    g_string_append_c (ok, '[');
  g_string_append (ok, "{\"s\": \"[[[{{{\\\"[[[\"}");
  for (guint i = 0; i < HRM_JSON_MAX_DEPTH - 2; i++)
    g_string_append_c (ok, ']');
  g_string_append_c (ok, '}');
  object = hrm_json_parse_object (ok->str, ok->len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (object);

  g_string_insert_c (ok, 1, ' ');
  ok_text = g_strdup_printf ("{\"b\": [%s]}", ok->str);
  assert_parse_fails (ok_text, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/parse/ok", test_parse_ok);
  g_test_add_func ("/json/parse/bad-utf8", test_parse_bad_utf8);
  g_test_add_func ("/json/parse/not-an-object", test_parse_not_an_object);
  g_test_add_func ("/json/parse/malformed", test_parse_malformed);
  g_test_add_func ("/json/parse/deep-nesting", test_parse_deep_nesting);
  g_test_add_func ("/json/get/string", test_get_string);
  g_test_add_func ("/json/get/int-bool", test_get_int_bool);
  g_test_add_func ("/json/get/datetime", test_get_datetime);
  g_test_add_func ("/json/get/object-array", test_get_object_array);
  g_test_add_func ("/json/datetime-to-iso8601", test_datetime_to_iso8601);
  g_test_add_func ("/json/api-error/round-trip", test_api_error_round_trip);
  g_test_add_func ("/json/api-error/parse", test_api_error_parse);

  return g_test_run ();
}
