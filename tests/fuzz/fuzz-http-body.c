/* fuzz-http-body.c — the server's JSON request-body path, without a socket
 *
 * The first byte picks the media type and whether a merge patch is
 * accepted; the rest is the body for hrm_http_parse_json_body(), as
 * hrm_http_read_json() hands it over. The answer is one of the documented
 * statuses, 422 always names a field, 200 always has an object.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "fuzz-common.h"
#include "hrm-error.h"
#include "hrm-http-body.h"

static const char *content_types[] = {
  NULL, "application/json", "application/merge-patch+json", "text/plain",
};

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
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *field = NULL;
  const char *type;
  gboolean merge_patch;
  guint status = 0;

  if (size == 0)
    return 0;

  type = content_types[data[0] % G_N_ELEMENTS (content_types)];
  merge_patch = (data[0] & 4) != 0;

  object = hrm_http_parse_json_body (type, (const char *) data + 1, size - 1, merge_patch, &status,
                                     &field, &error);
  FUZZ_ASSERT (status == 200 || status == 400 || status == 413 || status == 415 || status == 422);
  FUZZ_ASSERT ((object != NULL) == (status == 200));
  FUZZ_ASSERT ((error != NULL) == (status != 200));
  FUZZ_ASSERT ((field != NULL) == (status == 422));
  if (error != NULL)
    FUZZ_ASSERT (error->domain == HRM_ERROR && error->message[0] != '\0');

  return 0;
}
