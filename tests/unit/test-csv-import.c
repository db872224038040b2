/* test-csv-import.c — reading an imported file of User-IDs and addresses
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "hrm-lib.h"

static GPtrArray *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = hrm_csv_import_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

static void
assert_row (GPtrArray  *rows,
            guint       index,
            guint       row,
            const char *user_id,
            const char *email)
{
  const HrmImportRow *r;

  g_assert_cmpuint (index, <, rows->len);
  r = g_ptr_array_index (rows, index);
  g_assert_cmpuint (r->row, ==, row);
  g_assert_cmpstr (r->user_id, ==, user_id);
  g_assert_cmpstr (r->email, ==, email);
}

static void
assert_refused (const char *data,
                gssize      length,
                const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = hrm_csv_import_parse (data, length < 0 ? strlen (data) : (gsize) length,
                                                    &error);

  g_assert_null (rows);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, words));
}

/* Commas, the columns among others in any order, CRLF or LF. */
static void
test_commas (void)
{
  g_autoptr(GPtrArray) rows = parse_ok ("name,email,User-ID\r\n"
                                        "Anna,anna@nordljus.se,anna.svensson\r\n"
                                        "Erik, erik@nordljus.se ,erik.johansson\n");

  g_assert_cmpuint (rows->len, ==, 2);
  assert_row (rows, 0, 2, "anna.svensson", "anna@nordljus.se");
  assert_row (rows, 1, 3, "erik.johansson", "erik@nordljus.se");
}

/* Swedish Excel: semicolons, a byte order mark, "Email" and "user_id". */
static void
test_semicolons_and_bom (void)
{
  g_autoptr(GPtrArray) rows = parse_ok ("\xef\xbb\xbfuser_id;Namn;Email\r\n"
                                        "åsa.öberg;Öberg, Åsa;asa.oberg@nordljus.se\r\n");

  g_assert_cmpuint (rows->len, ==, 1);
  assert_row (rows, 0, 2, "åsa.öberg", "asa.oberg@nordljus.se");
}

/* Quoted fields hold separators, doubled quotes and line breaks; the row
 * number counts records, not lines, and blank lines are no records. */
static void
test_quotes (void)
{
  g_autoptr(GPtrArray) rows = parse_ok ("User-ID,note,email\r\n"
                                        "\"a,b\",\"two\r\nlines\",\"x\"\"y@nordljus.se\"\r\n"
                                        "\r\n"
                                        "c,\"\",c@nordljus.se\r\n");

  g_assert_cmpuint (rows->len, ==, 2);
  assert_row (rows, 0, 2, "a,b", "x\"y@nordljus.se");
  assert_row (rows, 1, 3, "c", "c@nordljus.se");
}

/* The export's guard against formulas is taken off again; a short row has
 * empty fields. */
static void
test_export_round_trip (void)
{
  g_autoptr(GPtrArray) rows = parse_ok ("user_id,first_name,last_name,email,enabled\r\n"
                                        "\"'=cmd\",A,B,\"'-x@nordljus.se\",true\r\n"
                                        "short\r\n");

  assert_row (rows, 0, 2, "=cmd", "-x@nordljus.se");
  assert_row (rows, 1, 3, "short", "");
}

static void
test_refused (void)
{
  assert_refused ("name,email\r\nAnna,anna@nordljus.se\r\n", -1, "User-ID");
  assert_refused ("User-ID,name\r\nanna,Anna\r\n", -1, "email");
  assert_refused ("a,b\r\n1,2\r\n", -1, "name the columns");
  assert_refused ("", 0, "empty");
  assert_refused ("User-ID,email\r\n", -1, "no rows");
  /* Latin-1, as an old Excel saves "Åsa". */
  assert_refused ("User-ID,email\r\n\xc5sa,asa@nordljus.se\r\n", -1, "UTF-8");
  assert_refused ("User-ID,email\r\nx\0y,a@b.se\r\n", 23, "UTF-8");
  /* A quote that never closes. */
  assert_refused ("User-ID,email\r\n\"anna,anna@nordljus.se\r\n", -1, "CSV");
}

static void
test_too_many_rows (void)
{
  g_autoptr(GString) text = g_string_new ("User-ID,email\n");

  for (guint i = 0; i <= HRM_CSV_IMPORT_MAX_ROWS; i++)
    g_string_append_printf (text, "u%u,u%u@nordljus.se\n", i, i);
  assert_refused (text->str, text->len, "rows");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv-import/commas", test_commas);
  g_test_add_func ("/csv-import/semicolons-and-bom", test_semicolons_and_bom);
  g_test_add_func ("/csv-import/quotes", test_quotes);
  g_test_add_func ("/csv-import/export-round-trip", test_export_round_trip);
  g_test_add_func ("/csv-import/refused", test_refused);
  g_test_add_func ("/csv-import/too-many-rows", test_too_many_rows);

  return g_test_run ();
}
