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

/* Found by fuzz-models: "%Y" does not pad years before 1000, so 0835 was
 * written as "835-…", which no RFC 3339 reader (this one included) takes
 * back; and a time whose UTC falls before year 1 cannot be written at all. */
static void
test_datetime_small_years (void)
{
  g_autoptr(GDateTime) early = g_date_time_new_utc (835, 11, 30, 3, 28, 15);
  g_autoptr(GDateTime) first = g_date_time_new_utc (1, 1, 1, 0, 0, 0);
  g_autofree char *early_text = hrm_datetime_to_iso8601 (early);
  g_autofree char *first_text = hrm_datetime_to_iso8601 (first);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  GDateTime *value = NULL;

  g_assert_cmpstr (early_text, ==, "0835-11-30T03:28:15Z");
  g_assert_cmpstr (first_text, ==, "0001-01-01T00:00:00Z");

  object = hrm_json_parse_object ("{\"t\": \"0835-11-30T03:28:15Z\","
                                  " \"before_1\": \"0001-01-01T00:00:00+01:00\"}", -1, &error);
  g_assert_no_error (error);
  g_assert_true (hrm_json_get_datetime (object, "t", &value, &error));
  g_assert_no_error (error);
  g_assert_true (g_date_time_equal (value, early));
  g_clear_pointer (&value, g_date_time_unref);

  g_assert_false (hrm_json_get_datetime (object, "before_1", &value, &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
  g_assert_null (value);
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

/* ---- strict RFC 8259 ------------------------------------------------- */

typedef struct
{
  const char *json;
  gssize      length;
} Doc;

static void
assert_all_fail (const Doc *docs,
                 guint      n_docs)
{
  for (guint i = 0; i < n_docs; i++)
    {
      g_test_message ("refused? %s", docs[i].json);
      assert_parse_fails (docs[i].json, docs[i].length);
    }
}

static void
assert_all_pass (const char * const *docs,
                 guint               n_docs)
{
  for (guint i = 0; i < n_docs; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) object = NULL;

      g_test_message ("accepted? %s", docs[i]);
      object = hrm_json_parse_object (docs[i], -1, &error);
      g_assert_no_error (error);
      g_assert_nonnull (object);
    }
}

static void
test_strict_comments (void)
{
  static const Doc docs[] = {
    { "{\"a\": /* c */ 1}", -1 },
    { "{\"a\": 1 /* c */}", -1 },
    { "/* c */ {\"a\": 1}", -1 },
    { "{\"a\": 1} /* c */", -1 },
    { "{\"a\": 1 // c\n}", -1 },
    { "{\"a\": 1}\n// c", -1 },
    { "# c\n{\"a\": 1}", -1 },
  };

  assert_all_fail (docs, G_N_ELEMENTS (docs));
}

static void
test_strict_single_quotes (void)
{
  static const Doc docs[] = {
    { "{'a': 1}", -1 },
    { "{\"a\": 'x'}", -1 },
    { "{\"a\": ['x', \"y\"]}", -1 },
    { "{\"a\": \"it\\'s\"}", -1 },
  };

  assert_all_fail (docs, G_N_ELEMENTS (docs));
}

static void
test_strict_trailing_commas (void)
{
  static const Doc docs[] = {
    { "{\"a\": 1,}", -1 },
    { "{\"a\": [1,]}", -1 },
    { "{\"a\": [1,,2]}", -1 },
    { "{,\"a\": 1}", -1 },
    { "{\"a\": 1,,\"b\": 2}", -1 },
    { "{\"a\": [,]}", -1 },
    { "{\"a\" 1}", -1 },
    { "{\"a\": 1 \"b\": 2}", -1 },
    { "{a: 1}", -1 },
    { "{1: 1}", -1 },
  };

  assert_all_fail (docs, G_N_ELEMENTS (docs));
}

static void
test_strict_numbers (void)
{
  static const Doc bad[] = {
    { "{\"n\": 01}", -1 },
    { "{\"n\": -01}", -1 },
    { "{\"n\": 00}", -1 },
    { "{\"n\": +1}", -1 },
    { "{\"n\": .5}", -1 },
    { "{\"n\": -.5}", -1 },
    { "{\"n\": 1.}", -1 },
    { "{\"n\": 1.e5}", -1 },
    { "{\"n\": 1e}", -1 },
    { "{\"n\": 1e+}", -1 },
    { "{\"n\": 1E-}", -1 },
    { "{\"n\": -}", -1 },
    { "{\"n\": --1}", -1 },
    { "{\"n\": 0x10}", -1 },
    { "{\"n\": 1_000}", -1 },
    { "{\"n\": NaN}", -1 },
    { "{\"n\": Infinity}", -1 },
    { "{\"n\": -Infinity}", -1 },
    /* Too large for a double: json-glib would make it inf. */
    { "{\"n\": 1e999}", -1 },
    { "{\"n\": -1e999}", -1 },
    /* Outside int64: json-glib wraps them (18446744073709551615 becomes -1). */
    { "{\"n\": 9223372036854775808}", -1 },
    { "{\"n\": -9223372036854775809}", -1 },
    { "{\"n\": 18446744073709551615}", -1 },
    { "{\"n\": 99999999999999999999999}", -1 },
  };
  static const char * const good[] = {
    "{\"n\": 0}",
    "{\"n\": -0}",
    "{\"n\": 1.5}",
    "{\"n\": -1.5e-3}",
    "{\"n\": 1E+2}",
    "{\"n\": 0.0}",
    "{\"n\": 10}",
    "{\"n\": 1e-999}",
    "{\"n\": 9223372036854775807}",
    "{\"n\": -9223372036854775808}",
    "{\"n\": 99999999999999999999999.0}",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;

  assert_all_fail (bad, G_N_ELEMENTS (bad));
  assert_all_pass (good, G_N_ELEMENTS (good));

  object = hrm_json_parse_object ("{\"max\": 9223372036854775807, \"min\": -9223372036854775808}", -1,
                                  &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (object, "max"), ==, G_MAXINT64);
  g_assert_cmpint (json_object_get_int_member (object, "min"), ==, G_MININT64);
}

static void
test_strict_literals (void)
{
  static const Doc bad[] = {
    { "{\"b\": TRUE}", -1 },
    { "{\"b\": True}", -1 },
    { "{\"b\": FALSE}", -1 },
    { "{\"b\": Null}", -1 },
    { "{\"b\": nul}", -1 },
    { "{\"b\": truex}", -1 },
    { "{\"b\": true1}", -1 },
    { "{\"b\": undefined}", -1 },
    { "{\"b\": x}", -1 },
  };
  static const char * const good[] = {
    "{\"a\": true, \"b\": false, \"c\": null}",
    "{\"a\":[true,false,null]}",
  };

  assert_all_fail (bad, G_N_ELEMENTS (bad));
  assert_all_pass (good, G_N_ELEMENTS (good));
}

static void
test_strict_strings (void)
{
  static const Doc bad[] = {
    { "{\"s\": \"a\tb\"}", -1 },
    { "{\"s\": \"a\nb\"}", -1 },
    { "{\"s\": \"a\rb\"}", -1 },
    { "{\"s\": \"\x01\"}", -1 },
    { "{\"s\": \"\x1f\"}", -1 },
    { "{\"a\tb\": 1}", -1 },
    { "{\"s\": \"\\x41\"}", -1 },
    { "{\"s\": \"\\a\"}", -1 },
    { "{\"s\": \"\\'\"}", -1 },
    { "{\"s\": \"\\U0041\"}", -1 },
    { "{\"s\": \"\\u12\"}", -1 },
    { "{\"s\": \"\\u12G4\"}", -1 },
    { "{\"s\": \"\\u\"}", -1 },
    { "{\"s\": \"\\", -1 },
    { "{\"s\": \"abc}", -1 },
    { "{\"s\": \"abc", -1 },
  };
  static const char * const good[] = {
    "{\"s\": \"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e5 \\u00C5\"}",
    "{\"s\": \"\\ud83d\\ude00\"}",
    "{\"s\": \"\x7f\"}",
    "{\"s\": \"\xf0\x9f\x98\x80 Åsa\"}",
    "{\"\": \"\"}",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;

  assert_all_fail (bad, G_N_ELEMENTS (bad));
  assert_all_pass (good, G_N_ELEMENTS (good));

  object = hrm_json_parse_object ("{\"s\": \"\\ud83d\\ude00\\u00e5\"}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (object, "s"), ==, "\xf0\x9f\x98\x80\xc3\xa5");
}

static void
test_strict_utf8 (void)
{
  static const Doc bad[] = {
    { "{\"s\": \"\xed\xa0\x80\"}", -1 },        /* a surrogate, encoded */
    { "{\"s\": \"\xf4\x90\x80\x80\"}", -1 },    /* past U+10FFFF */
    { "{\"s\": \"\xe2\x82\"}", -1 },            /* cut short */
    { "{\"s\": \"\x80\"}", -1 },
    { "{\"s\":\xc3\xa5 1}", -1 },               /* outside a string */
    { "{\"s\": 1}\xff", -1 },
  };

  assert_all_fail (bad, G_N_ELEMENTS (bad));
}

static void
test_strict_whitespace (void)
{
  static const Doc bad[] = {
    { "{\"a\":\f1}", -1 },
    { "{\"a\":\v1}", -1 },
    { "{\"a\":\xc2\xa0" "1}", -1 },             /* NO-BREAK SPACE */
    { "\xef\xbb\xbf{\"a\": 1}", -1 },           /* a byte order mark */
    { "{\"a\":\xe2\x80\xa8" "1}", -1 },         /* LINE SEPARATOR */
    { "{\"a\": 1}\0", 10 },
  };
  static const char * const good[] = {
    " \t\r\n{ \t\r\n\"a\" \t\r\n: \t\r\n[ \t\r\n1 \t\r\n, \t\r\n2 \t\r\n] \t\r\n} \t\r\n",
  };

  assert_all_fail (bad, G_N_ELEMENTS (bad));
  assert_all_pass (good, G_N_ELEMENTS (good));
}

static void
test_strict_one_value (void)
{
  static const Doc bad[] = {
    { "{} {}", -1 },
    { "{}{}", -1 },
    { "{}x", -1 },
    { "{},", -1 },
    { "{}]", -1 },
    { "{}}", -1 },
    { " ", -1 },
    { "\n", -1 },
  };

  assert_all_fail (bad, G_N_ELEMENTS (bad));
}

/* json-glib keeps the last of two members with one name: two programs that
 * read the body differently could see different values. */
static void
test_strict_duplicate_names (void)
{
  static const Doc bad[] = {
    { "{\"a\": 1, \"a\": 2}", -1 },
    { "{\"a\": 1, \"b\": 2, \"a\": 1}", -1 },
    { "{\"a\": 1, \"\\u0061\": 2}", -1 },
    { "{\"o\": {\"x\": 1, \"x\": 1}}", -1 },
    { "{\"o\": [{\"x\": 1}, {\"y\": 1, \"y\": 2}]}", -1 },
    { "{\"\\u00e5\": 1, \"\xc3\xa5\": 2}", -1 },
  };
  static const char * const good[] = {
    "{\"a\": {\"a\": 1}}",
    "{\"o\": [{\"a\": 1}, {\"a\": 2}]}",
    "{\"a\": 1, \"A\": 2, \"a \": 3}",
    "{\"o\": {\"x\": 1}, \"p\": {\"x\": 1}}",
  };

  assert_all_fail (bad, G_N_ELEMENTS (bad));
  assert_all_pass (good, G_N_ELEMENTS (good));
}

static char *
nested (const char *prefix,
        const char *open,
        gsize       n,
        const char *inner,
        const char *close,
        const char *suffix)
{
  g_autoptr(GString) text = g_string_new (prefix);

  for (gsize i = 0; i < n; i++)
    g_string_append (text, open);
  g_string_append (text, inner);
  for (gsize i = 0; i < n; i++)
    g_string_append (text, close);
  g_string_append (text, suffix);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The old pre-check only knew double-quoted strings: a quote inside a comment
 * or single quotes made it skip the brackets, and json-glib recursed through
 * 300 000 of them until the stack overflowed. */
static void
test_strict_nesting_bypass (void)
{
  const gsize n = 300 * 1000;
  g_autofree char *comment = nested ("{\"first_name\": /*\"*/ ", "[", n, "", "]", " /*\"*/}");
  g_autofree char *quote = nested ("{\"a\": '\"', \"first_name\": ", "[", n, "", "]",
                                   ", \"b\": '\"'}");
  g_autofree char *objects = nested ("{\"first_name\": /*\"*/ ", "{\"a\":", n, "1", "}", " /*\"*/}");
  g_autofree char *escaped = nested ("{\"s\": \"\\\\\", \"first_name\": ", "[", n, "", "]", "}");

  assert_parse_fails (comment, -1);
  assert_parse_fails (quote, -1);
  assert_parse_fails (objects, -1);
  assert_parse_fails (escaped, -1);
}

/* Exactly HRM_JSON_MAX_DEPTH arrays and objects (the outer object counts) are
 * read; one more is refused. */
static void
test_strict_depth_limit (void)
{
  g_autofree char *at_limit = nested ("{\"a\": ", "[", HRM_JSON_MAX_DEPTH - 1, "1", "]", "}");
  g_autofree char *over = nested ("{\"a\": ", "[", HRM_JSON_MAX_DEPTH, "1", "]", "}");
  g_autofree char *objects_at = nested ("", "{\"a\": ", HRM_JSON_MAX_DEPTH, "1", "}", "");
  g_autofree char *objects_over = nested ("", "{\"a\": ", HRM_JSON_MAX_DEPTH + 1, "1", "}", "");
  g_autofree char *empty_over = nested ("{\"a\": ", "[", HRM_JSON_MAX_DEPTH, "", "]", "}");
  const char *at[] = { at_limit, objects_at };
  g_autoptr(GError) error = NULL;

  assert_all_pass (at, G_N_ELEMENTS (at));
  assert_parse_fails (over, -1);
  assert_parse_fails (objects_over, -1);
  assert_parse_fails (empty_over, -1);

  {
    g_autoptr(JsonObject) object = hrm_json_parse_object (over, -1, &error);

    g_assert_null (object);
    g_assert_nonnull (strstr (error->message, "64"));
  }
}

/* A string value that json-glib would cut or mangle is invalid input (the
 * field is named), never silently stored. */
static void
assert_bad_value (const char *json,
                  const char *member)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *quoted = g_strdup_printf ("“%s”", member);

  g_test_message ("invalid? %s", json);
  object = hrm_json_parse_object (json, -1, &error);
  g_assert_null (object);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, quoted));
}

static void
test_strict_nul (void)
{
  static const Doc malformed[] = {
    /* In a member name it is malformed. */
    { "{\"a\\u0000b\": 1}", -1 },
    { "{\"o\": {\"\\u0000\": 1}}", -1 },
    /* Malformed wins over invalid wherever it comes. */
    { "{\"first_name\": \"\\u0000\", }", -1 },
    { "{\"first_name\": \"\\u0000\"", -1 },
  };

  assert_bad_value ("{\"first_name\":\"a\\u0000b\"}", "first_name");
  assert_bad_value ("{\"last_name\": \"x\", \"first_name\": \"\\u0000\"}", "first_name");
  assert_bad_value ("{\"roles\": [\"a\", {\"x\": \"\\u0000\"}]}", "roles");
  assert_all_fail (malformed, G_N_ELEMENTS (malformed));
}

static void
test_strict_surrogates (void)
{
  static const Doc malformed[] = {
    { "{\"\\ud800\": 1}", -1 },
    { "{\"\\udc00\": 1}", -1 },
    { "{\"\\ud800\\u0041\": 1}", -1 },
  };

  assert_bad_value ("{\"first_name\": \"\\ud800\"}", "first_name");
  assert_bad_value ("{\"first_name\": \"\\udc00\"}", "first_name");
  assert_bad_value ("{\"first_name\": \"\\udc00x\"}", "first_name");
  assert_bad_value ("{\"first_name\": \"\\ud800x\"}", "first_name");
  assert_bad_value ("{\"first_name\": \"\\ud800\\u0041\"}", "first_name");
  assert_bad_value ("{\"first_name\": \"\\ud800\\ud800\"}", "first_name");
  assert_bad_value ("{\"first_name\": \"\\ude00\\ud83d\"}", "first_name");
  assert_bad_value ("{\"first_name\": \"\\uDBFF\"}", "first_name");
  assert_all_fail (malformed, G_N_ELEMENTS (malformed));
}

/* hrm_json_check() names the member for the server's 422 "fields". */
static void
test_check_member (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *member = NULL;
  const char *nul = "{\"a\": 1, \"first_name\": \"a\\u0000b\", \"last_name\": \"\\ud800\"}";
  const char *array = "[\"a\\u0000b\"]";

  g_assert_false (hrm_json_check (nul, strlen (nul), HRM_JSON_MAX_DEPTH, &member, &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
  g_assert_cmpstr (member, ==, "first_name");
  g_clear_error (&error);
  g_clear_pointer (&member, g_free);

  /* No top-level object, no field to name: malformed. */
  g_assert_false (hrm_json_check (array, strlen (array), HRM_JSON_MAX_DEPTH, &member, &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL);
  g_assert_null (member);
  g_clear_error (&error);

  g_assert_true (hrm_json_check ("[1, \"x\", {}]", 12, 2, &member, &error));
  g_assert_no_error (error);
  g_assert_false (hrm_json_check ("[1, \"x\", {}]", 12, 1, &member, &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL);
  g_assert_null (member);
}

/* json-glib 1.6 writes U+001F raw, which no strict reader (ours included)
 * accepts: what we write must read back, control characters and all. */
static void
test_to_string_control_characters (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *value = NULL;
  char all[32];

  for (guint i = 0; i < 31; i++)
    all[i] = (char) (i + 1);
  all[31] = '\0';

  json_builder_begin_object (builder);
  hrm_json_builder_add_string (builder, "name", all);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  text = hrm_json_to_string (root);
  for (const char *p = text; *p; p++)
    g_assert_cmpint ((guchar) *p, >=, 0x20);

  object = hrm_json_parse_object (text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (hrm_json_get_string (object, "name", FALSE, &value, &error));
  g_assert_cmpstr (value, ==, all);
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
  g_test_add_func ("/json/strict/comments", test_strict_comments);
  g_test_add_func ("/json/strict/single-quotes", test_strict_single_quotes);
  g_test_add_func ("/json/strict/trailing-commas", test_strict_trailing_commas);
  g_test_add_func ("/json/strict/numbers", test_strict_numbers);
  g_test_add_func ("/json/strict/literals", test_strict_literals);
  g_test_add_func ("/json/strict/strings", test_strict_strings);
  g_test_add_func ("/json/strict/utf8", test_strict_utf8);
  g_test_add_func ("/json/strict/whitespace", test_strict_whitespace);
  g_test_add_func ("/json/strict/one-value", test_strict_one_value);
  g_test_add_func ("/json/strict/duplicate-names", test_strict_duplicate_names);
  g_test_add_func ("/json/strict/nesting-bypass", test_strict_nesting_bypass);
  g_test_add_func ("/json/strict/depth-limit", test_strict_depth_limit);
  g_test_add_func ("/json/strict/nul", test_strict_nul);
  g_test_add_func ("/json/strict/surrogates", test_strict_surrogates);
  g_test_add_func ("/json/check/member", test_check_member);
  g_test_add_func ("/json/get/string", test_get_string);
  g_test_add_func ("/json/get/int-bool", test_get_int_bool);
  g_test_add_func ("/json/get/datetime", test_get_datetime);
  g_test_add_func ("/json/get/object-array", test_get_object_array);
  g_test_add_func ("/json/datetime-to-iso8601", test_datetime_to_iso8601);
  g_test_add_func ("/json/datetime-small-years", test_datetime_small_years);
  g_test_add_func ("/json/api-error/round-trip", test_api_error_round_trip);
  g_test_add_func ("/json/api-error/parse", test_api_error_parse);
  g_test_add_func ("/json/to-string/control-characters", test_to_string_control_characters);

  return g_test_run ();
}
