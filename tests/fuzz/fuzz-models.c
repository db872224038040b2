/* fuzz-models.c — every record parser of src/lib on any JSON object
 *
 * The input goes through hrm_json_parse_object() (the client reads every
 * answer so) and then to each *_new_from_json(), to
 * hrm_bulk_job_preview_new_from_json() and to hrm_api_error_parse(). A record that parses is written back with its
 * *_to_json() and must parse again from that.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "fuzz-common.h"
#include "hrm-account-code.h"
#include "hrm-authorisation.h"
#include "hrm-bulk-job.h"
#include "hrm-error.h"
#include "hrm-event.h"
#include "hrm-json.h"
#include "hrm-organisation.h"
#include "hrm-role.h"
#include "hrm-user.h"

typedef GObject *(*FromJson) (JsonObject *object, GError **error);
typedef JsonNode *(*ToJson) (gpointer record);

static const struct {
  const char *name;
  FromJson    from_json;
  ToJson      to_json;  /* NULL when the record is never sent */
} parsers[] = {
  { "user", (FromJson) hrm_user_new_from_json, (ToJson) hrm_user_to_json },
  { "role", (FromJson) hrm_role_new_from_json, NULL },
  { "authorisation", (FromJson) hrm_authorisation_new_from_json, (ToJson) hrm_authorisation_to_json },
  { "account code", (FromJson) hrm_account_code_new_from_json, (ToJson) hrm_account_code_to_json },
  { "event", (FromJson) hrm_event_new_from_json, NULL },
  { "organisation", (FromJson) hrm_organisation_new_from_json, (ToJson) hrm_organisation_to_json },
};

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
check_round_trip (guint    i,
                  GObject *record)
{
  g_autoptr(JsonNode) node = parsers[i].to_json (record);
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GObject) again = NULL;
  g_autoptr(GError) error = NULL;

  FUZZ_ASSERT (node != NULL && JSON_NODE_HOLDS_OBJECT (node));
  text = hrm_json_to_string (node);
  object = hrm_json_parse_object (text, -1, &error);
  if (object == NULL)
    g_printerr ("%s: %s\n%s\n", parsers[i].name, error->message, text);
  FUZZ_ASSERT (object != NULL);

  again = parsers[i].from_json (object, &error);
  if (again == NULL)
    g_printerr ("%s: %s\n%s\n", parsers[i].name, error->message, text);
  FUZZ_ASSERT (again != NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) root = NULL;

  root = hrm_json_parse_object ((const char *) data, size, &error);
  if (root == NULL)
    {
      FUZZ_ASSERT (error != NULL && error->domain == HRM_ERROR);
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (parsers); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GObject) record = parsers[i].from_json (root, &local_error);

      FUZZ_ASSERT ((record == NULL) == (local_error != NULL));
      if (record == NULL)
        {
          FUZZ_ASSERT (local_error->domain == HRM_ERROR);
          continue;
        }
      if (parsers[i].to_json != NULL)
        check_round_trip (i, record);
    }

  /* A bulk preview with its samples: never more users than a reason skips. */
  {
    g_autoptr(GError) local_error = NULL;
    g_autoptr(HrmBulkJobPreview) preview = hrm_bulk_job_preview_new_from_json (root, &local_error);

    FUZZ_ASSERT ((preview == NULL) == (local_error != NULL));
    if (preview == NULL)
      FUZZ_ASSERT (local_error->domain == HRM_ERROR);
    else
      for (guint r = 0; r < HRM_BULK_SKIP_N_REASONS; r++)
        FUZZ_ASSERT (hrm_bulk_job_preview_get_samples (preview, r)->len <= preview->skipped[r]);
  }

  {
    g_autoptr(GHashTable) fields = NULL;
    g_autofree char *code = NULL;
    g_autofree char *message = NULL;

    if (hrm_api_error_parse (root, &code, &message, &fields))
      FUZZ_ASSERT (fields != NULL);
  }

  return 0;
}
