/* fuzz-json.c — the strict JSON check, and that json-glib agrees with it
 *
 * Whatever hrm_json_check() accepts, json-glib must read, into a tree that
 * json-glib writes back as text the check accepts again. And the check must
 * never overflow or read past the input, whatever the nesting.
 *
 * One known exception: json-glib 1.6 writes a double whose shortest form
 * has an exponent but no point with ".0" appended (1e95 becomes "1e+95.0",
 * not JSON). Neither program writes doubles, so trees with one are not
 * written back here.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "fuzz-common.h"
#include "hrm-error.h"
#include "hrm-json.h"
#include "hrm-json-check.h"

/* Whether json-glib would write a double of @node as "1e+95.0". */
static gboolean
has_unwritable_double (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, NULL, &member))
        if (has_unwritable_double (member))
          return TRUE;
      return FALSE;
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (has_unwritable_double (json_array_get_element (array, i)))
          return TRUE;
      return FALSE;
    }

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node));
      return strchr (buffer, 'e') != NULL && strchr (buffer, '.') == NULL;
    }

  return FALSE;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *member = NULL;
  g_autofree char *again = NULL;
  gboolean ok;

  ok = hrm_json_check ((const char *) data, size, HRM_JSON_MAX_DEPTH, &member, &error);
  if (!ok)
    {
      FUZZ_ASSERT (error != NULL && error->domain == HRM_ERROR);
      FUZZ_ASSERT (error->code == HRM_ERROR_PROTOCOL || error->code == HRM_ERROR_INVALID);
      FUZZ_ASSERT ((error->code == HRM_ERROR_INVALID) == (member != NULL));
      FUZZ_ASSERT (error->message != NULL && error->message[0] != '\0');
      return 0;
    }
  FUZZ_ASSERT (error == NULL && member == NULL);

  /* json-glib reads what the check accepted, and writes strict JSON back. */
  parser = json_parser_new_immutable ();
  FUZZ_ASSERT (json_parser_load_from_data (parser, (const char *) data, size, NULL));
  FUZZ_ASSERT (json_parser_get_root (parser) != NULL);

  if (has_unwritable_double (json_parser_get_root (parser)))
    return 0;
  again = hrm_json_to_string (json_parser_get_root (parser));
  FUZZ_ASSERT (hrm_json_check (again, strlen (again), HRM_JSON_MAX_DEPTH, NULL, NULL));

  return 0;
}
