/* test-swedish-list.c — the users list in Swedish alphabetical order, through
 * the API: search without regard to case also for Å, Ä, Ö, and keyset pages
 * that return every user once, also across names that sort alike
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>

#include "hrm-collate.h"
#include "server-test.h"

#define FIRST_GENERATED_ID 13  /* docs/demo-data.md: ids 13… are generated users */

static void
set_name (Fixture    *f,
          gint64      id,
          const char *first_name,
          const char *last_name)
{
  g_autofree char *patch = g_strdup_printf ("{\"first_name\": \"%s\", \"last_name\": \"%s\"}",
                                            first_name, last_name);

  patch_user_ok (f, id, patch);
}

static GPtrArray *
search (Fixture    *f,
        const char *q,
        guint       limit)
{
  g_autoptr(GString) query = g_string_new ("q=");

  g_string_append_uri_escaped (query, q, NULL, FALSE);
  return list_all_users (f, query->str, limit);
}

static void
test_search_swedish_case (Fixture       *f,
                          gconstpointer  data)
{
  const char *queries[] = { "ÅSA", "åsa", "Åsa", "ÅSA ÖSTERLÖF", "österlöf", "ÖSTERLÖF" };
  g_autoptr(GPtrArray) plain = NULL;

  SKIP_WITHOUT_SERVER (f);

  set_name (f, FIRST_GENERATED_ID, "Åsa", "Österlöf");

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GPtrArray) found = search (f, queries[i], 50);
      gboolean has = FALSE;

      for (guint j = 0; j < found->len; j++)
        has |= hrm_test_json_get_int (g_ptr_array_index (found, j), "id") == FIRST_GENERATED_ID;
      g_test_message ("q=%s: %u found", queries[i], found->len);
      /* "ÅSA ÖSTERLÖF" is not one field: searching is per field. */
      if (strchr (queries[i], ' ') == NULL)
        g_assert_true (has);
    }

  /* Å is a letter of its own, not an A with a ring: "osterlof" is someone else. */
  plain = search (f, "osterlof", 50);
  g_assert_cmpuint (plain->len, ==, 0);
}

/* Nine users whose names sort alike (case, a decomposed Å) or nearly: a walk
 * with pages of two returns each once, ties in id order, in the order of the
 * collation. */
static void
test_walk_across_ties (Fixture       *f,
                       gconstpointer  data)
{
  static const char *last_names[] = {
    "Åberg", "ÅBERG", "åberg", "A\xcc\x8a" "berg", "Aberg", "Äberg", "Öberg", "Åberg", "Zaberg",
  };
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  const char *expected_order[] = { "Aberg", "Zaberg", "Åberg", "Äberg", "Öberg" };

  SKIP_WITHOUT_SERVER (f);

  for (guint i = 0; i < G_N_ELEMENTS (last_names); i++)
    set_name (f, FIRST_GENERATED_ID + i, "Tiewalk", last_names[i]);

  for (guint limit = 1; limit <= 4; limit++)
    {
      guint rank = 0;

      g_clear_pointer (&users, g_ptr_array_unref);
      g_hash_table_remove_all (seen);
      users = search (f, "tiewalk", limit);
      g_assert_cmpuint (users->len, ==, G_N_ELEMENTS (last_names));

      for (guint i = 0; i < users->len; i++)
        {
          JsonObject *user = g_ptr_array_index (users, i);
          const char *last = hrm_test_json_get_string (user, "last_name");
          gint64 *id = g_new (gint64, 1);

          *id = hrm_test_json_get_int (user, "id");
          g_assert_false (g_hash_table_contains (seen, id));
          g_hash_table_add (seen, id);

          /* The groups come in Swedish order... */
          while (rank < G_N_ELEMENTS (expected_order)
                 && hrm_collate_sv (last, -1, expected_order[rank], -1) != 0)
            rank++;
          g_assert_cmpuint (rank, <, G_N_ELEMENTS (expected_order));

          /* ...and within one, by id. */
          if (i > 0)
            {
              JsonObject *previous = g_ptr_array_index (users, i - 1);
              const char *previous_last = hrm_test_json_get_string (previous, "last_name");

              if (hrm_collate_sv (previous_last, -1, last, -1) == 0)
                g_assert_cmpint (hrm_test_json_get_int (previous, "id"), <, *id);
            }
        }
    }
}

/* The whole list in pages of three: every user once, never out of order. */
static void
test_walk_whole_list (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) small = NULL;
  g_autoptr(HrmTestResponse) first = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  SKIP_WITHOUT_SERVER (f);

  set_name (f, FIRST_GENERATED_ID, "Émile", "Ängel");
  set_name (f, FIRST_GENERATED_ID + 1, "emile", "ÄNGEL");
  set_name (f, FIRST_GENERATED_ID + 2, "Zoë", "Ærø");

  first = api (f, "GET", "/api/v1/users?limit=1", NULL);
  small = list_all_users (f, NULL, 3);
  g_assert_cmpint (small->len, ==, hrm_test_json_get_int (first->json, "total"));

  for (guint i = 0; i < small->len; i++)
    {
      JsonObject *b = g_ptr_array_index (small, i);
      gint64 *id = g_new (gint64, 1);

      *id = hrm_test_json_get_int (b, "id");
      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, id);

      if (i > 0)
        {
          JsonObject *a = g_ptr_array_index (small, i - 1);
          int c = hrm_collate_sv (hrm_test_json_get_string (a, "last_name"), -1,
                                  hrm_test_json_get_string (b, "last_name"), -1);

          if (c == 0)
            c = hrm_collate_sv (hrm_test_json_get_string (a, "first_name"), -1,
                                hrm_test_json_get_string (b, "first_name"), -1);
          if (c == 0)
            c = hrm_test_json_get_int (a, "id") < *id ? -1 : 1;
          g_assert_cmpint (c, <, 0);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TEST ("/server/swedish-list/search-case", test_search_swedish_case);
  ADD_TEST ("/server/swedish-list/walk-across-ties", test_walk_across_ties);
  ADD_TEST ("/server/swedish-list/walk-whole-list", test_walk_whole_list);

  return g_test_run ();
}
