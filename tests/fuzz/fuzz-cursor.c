/* fuzz-cursor.c — the users list's cursor, as a client sends it back
 *
 * The first byte picks how the rest is used: as the cursor text itself, or
 * as the JSON inside it (base64url-encoded here, so the fuzzer reaches the
 * JSON without having to learn base64). A cursor that decodes must encode
 * and decode to the same key.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "fuzz-common.h"
#include "hrm-cursor.h"
#include "hrm-http.h"

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
  g_autofree char *text = NULL;
  g_autofree char *last = NULL;
  g_autofree char *first = NULL;
  gint64 id = 0;

  if (size == 0)
    return 0;

  if (data[0] & 1)
    text = hrm_base64url_encode ((const char *) data + 1, size - 1);
  else
    text = g_strndup ((const char *) data + 1, size - 1);

  if (!hrm_cursor_decode (text, &last, &first, &id))
    return 0;

  FUZZ_ASSERT (last != NULL && first != NULL);
  FUZZ_ASSERT (g_utf8_validate (last, -1, NULL) && g_utf8_validate (first, -1, NULL));

  {
    g_autofree char *again = hrm_cursor_encode (last, first, id);
    g_autofree char *last2 = NULL;
    g_autofree char *first2 = NULL;
    gint64 id2 = 0;

    FUZZ_ASSERT (hrm_cursor_decode (again, &last2, &first2, &id2));
    FUZZ_ASSERT (g_str_equal (last, last2) && g_str_equal (first, first2) && id == id2);
  }

  return 0;
}
