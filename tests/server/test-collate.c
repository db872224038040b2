/* test-collate.c — Swedish alphabetical order (the HRM_SV collation) and the
 * users list's use of its indexes
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <glib/gstdio.h>
#include <string.h>

#include "hrm-collate.h"
#include "hrm-db.h"
#include "hrm-server-private.h"

/* As a Swedish reader expects them: accents other than å, ä, ö ignored,
 * ü as y, Å Ä Ö after Z, æ as ä, ø as ö, case ignored. */
static const char * const swedish_order[] = {
  "Abrahamsson",
  "Ek",
  "Élan",
  "Eriksson",
  "Kovačević",
  "Kowalski",
  "Mustonen",
  "Müller",
  "Myrdal",
  "Yılmaz",
  "Zetterberg",
  "Åberg",
  "åkesson",
  "A\xcc\x8angström",  /* Ångström spelt decomposed (NFD) */
  "Ängel",
  "Ærø",
  "Öberg",
  "Østergaard",
  "ÖSTLUND",
};

static void
test_order (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (swedish_order); i++)
    for (guint j = 0; j < G_N_ELEMENTS (swedish_order); j++)
      {
        int c = hrm_collate_sv (swedish_order[i], -1, swedish_order[j], -1);

        if (i < j)
          g_assert_cmpint (c, <, 0);
        else if (i > j)
          g_assert_cmpint (c, >, 0);
        else
          g_assert_cmpint (c, ==, 0);
      }
}

static void
test_equal (void)
{
  /* Case and accents other than those of å, ä, ö do not count... */
  g_assert_cmpint (hrm_collate_sv ("ÅSA", -1, "åsa", -1), ==, 0);
  g_assert_cmpint (hrm_collate_sv ("Émile", -1, "emile", -1), ==, 0);
  g_assert_cmpint (hrm_collate_sv ("Ærø", -1, "ärö", -1), ==, 0);
  g_assert_cmpint (hrm_collate_sv ("A\xcc\x8a" "berg", -1, "Åberg", -1), ==, 0);
  g_assert_cmpint (hrm_collate_sv ("Straße", -1, "STRASSE", -1), ==, 0);
  /* ...but å, ä, ö are letters of their own. */
  g_assert_cmpint (hrm_collate_sv ("Åsa", -1, "Asa", -1), >, 0);
  g_assert_cmpint (hrm_collate_sv ("Ös", -1, "Os", -1), >, 0);
  /* Lengths are honoured (SQLite's strings end without a NUL) and a prefix
   * sorts first. */
  g_assert_cmpint (hrm_collate_sv ("Berg", 3, "Ber", -1), ==, 0);
  g_assert_cmpint (hrm_collate_sv ("Berg", -1, "Bergström", -1), <, 0);
  g_assert_cmpint (hrm_collate_sv ("", -1, "A", -1), <, 0);
  g_assert_cmpint (hrm_collate_sv (NULL, -1, "", -1), ==, 0);
  /* Bytes that are not UTF-8 sort after everything, consistently. */
  g_assert_cmpint (hrm_collate_sv ("\xff", -1, "Ö", -1), >, 0);
  g_assert_cmpint (hrm_collate_sv ("\xc3", -1, "\xc3", -1), ==, 0);
}

static char *
plan_of (HrmDb      *db,
         const char *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  g_autoptr(GString) plan = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (hrm_db_get_handle (db), explain, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_string_append (plan, (const char *) sqlite3_column_text (stmt, 3));
      g_string_append_c (plan, '\n');
    }
  sqlite3_finalize (stmt);
  g_test_message ("%s\n-> %s", sql, plan->str);

  return g_string_free (g_steal_pointer (&plan), FALSE);
}

/* A page of the list, also deep into it (after a cursor), is an index seek in
 * the right order: no sorting of the whole table, no scan from the start. */
static void
test_list_uses_index (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hrm-collate-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(HrmDb) db = NULL;
  struct {
    gboolean state;
    gboolean cursor;
    const char *index;
  } cases[] = {
    { FALSE, FALSE, "SCAN users USING INDEX users_by_name" },
    { FALSE, TRUE, "SEARCH users USING INDEX users_by_name ((last_name,first_name)>(?,?))" },
    { TRUE, FALSE, "SEARCH users USING INDEX users_by_state (conn_state=?)" },
    { TRUE, TRUE,
      "SEARCH users USING INDEX users_by_state (conn_state=? AND (last_name,first_name)>(?,?))" },
  };

  g_assert_no_error (error);
  path = g_build_filename (dir, "hrm.db", NULL);
  db = hrm_db_open (path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (int enabled = 0; enabled < 2; enabled++)
      {
        g_autofree char *sql = _hrm_server_users_page_sql (0, FALSE, cases[i].state, enabled,
                                                           cases[i].cursor);
        g_autofree char *plan = plan_of (db, sql);

        g_assert_nonnull (strstr (plan, cases[i].index));
        g_assert_null (strstr (plan, "TEMP B-TREE"));
      }

  g_clear_pointer (&db, hrm_db_close);
  for (guint i = 0; i < 3; i++)
    {
      const char *suffixes[] = { "", "-wal", "-shm" };
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/collate/swedish-order", test_order);
  g_test_add_func ("/collate/equal", test_equal);
  g_test_add_func ("/collate/list-uses-index", test_list_uses_index);

  return g_test_run ();
}
