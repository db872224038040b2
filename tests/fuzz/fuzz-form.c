/* fuzz-form.c — form bodies and query strings
 *
 * hrm_http_decode_form() reads both (hrm_http_read_form() and every
 * request's query string). Whatever it returns is UTF-8 without NULs, and
 * the body path around it answers 200, 400, 413 or 415 only.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "fuzz-common.h"
#include "hrm-error.h"
#include "hrm-http-body.h"

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
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GHashTable) body = NULL;
  const char *text = (const char *) data;
  guint status = 0;

  form = hrm_http_decode_form (text, size, &error);
  FUZZ_ASSERT ((form == NULL) == (error != NULL));
  if (form != NULL)
    {
      GHashTableIter iter;
      gpointer name, value;

      g_hash_table_iter_init (&iter, form);
      while (g_hash_table_iter_next (&iter, &name, &value))
        {
          FUZZ_ASSERT (g_utf8_validate (name, -1, NULL));
          FUZZ_ASSERT (g_utf8_validate (value, -1, NULL));
          /* Decoding only ever shrinks. */
          FUZZ_ASSERT (strlen (name) + strlen (value) < size);
        }
    }
  g_clear_error (&error);

  body = hrm_http_parse_form_body (NULL, text, size, &status, &error);
  FUZZ_ASSERT (status == 200 || status == 400 || status == 413);
  FUZZ_ASSERT ((body != NULL) == (status == 200));
  FUZZ_ASSERT ((body == NULL) == (error != NULL));

  return 0;
}
