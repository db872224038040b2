/* test-bulk-job.c — the bulk job record, its preview and its states
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include "hrm-lib.h"

#define JOB(state, processed, succeeded, skipped, failed, finished_at) \
  "{\"id\": 7, \"action\": \"send_verification\", \"state\": \"" state "\"," \
  " \"created_at\": \"2026-11-30T12:00:00Z\", \"created_by\": {\"id\": 1, \"user_id\": \"admin\"}," \
  " \"total\": 10, \"processed\": " processed ", \"succeeded\": " succeeded "," \
  " \"skipped\": " skipped ", \"failed\": " failed "," \
  " \"started_at\": \"2026-11-30T12:00:01Z\", \"finished_at\": " finished_at "}"

static HrmBulkJob *
job_from (const char  *json,
          GError     **error)
{
  g_autoptr(JsonObject) object = hrm_json_parse_object (json, -1, NULL);

  g_assert_nonnull (object);
  return hrm_bulk_job_new_from_json (object, error);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              GPtrArray  *names)
{
  g_ptr_array_add (names, g_strdup (pspec->name));
}

static void
test_from_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmBulkJob) job = job_from (JOB ("running", "4", "2", "1", "1", "null"), &error);
  HrmBulkJobState state;

  g_assert_no_error (error);
  g_assert_cmpint (hrm_bulk_job_get_id (job), ==, 7);
  g_assert_cmpstr (hrm_bulk_job_get_action (job), ==, "send_verification");
  g_assert_cmpint (hrm_bulk_job_get_state (job), ==, HRM_BULK_JOB_RUNNING);
  g_assert_false (hrm_bulk_job_is_finished (job));
  g_assert_cmpstr (hrm_bulk_job_get_created_by_user_id (job), ==, "admin");
  g_assert_cmpuint (hrm_bulk_job_get_total (job), ==, 10);
  g_assert_cmpuint (hrm_bulk_job_get_processed (job), ==, 4);
  g_assert_cmpuint (hrm_bulk_job_get_succeeded (job), ==, 2);
  g_assert_cmpuint (hrm_bulk_job_get_skipped (job), ==, 1);
  g_assert_cmpuint (hrm_bulk_job_get_failed (job), ==, 1);
  g_assert_cmpfloat_with_epsilon (hrm_bulk_job_get_fraction (job), 0.4, 1e-9);
  g_assert_nonnull (hrm_bulk_job_get_started_at (job));
  g_assert_null (hrm_bulk_job_get_finished_at (job));
  g_object_get (job, "state", &state, NULL);
  g_assert_cmpint (state, ==, HRM_BULK_JOB_RUNNING);
}

static void
test_refused (void)
{
  static const char *bad[] = {
    JOB ("paused", "0", "0", "0", "0", "null"),          /* unknown state */
    JOB ("running", "11", "11", "0", "0", "null"),       /* more processed than total */
    JOB ("running", "4", "1", "1", "1", "null"),         /* outcomes do not add up */
    JOB ("done", "10", "10", "0", "0", "\"yesterday\""), /* not a time */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HrmBulkJob) job = job_from (bad[i], &error);

      g_assert_null (job);
      g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
    }
}

static void
test_update_from (void)
{
  g_autoptr(HrmBulkJob) job = job_from (JOB ("running", "4", "2", "1", "1", "null"), NULL);
  g_autoptr(HrmBulkJob) same = job_from (JOB ("running", "4", "2", "1", "1", "null"), NULL);
  g_autoptr(HrmBulkJob) done =
    job_from (JOB ("done", "10", "8", "1", "1", "\"2026-11-30T12:01:00Z\""), NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect (job, "notify", G_CALLBACK (count_notify), names);

  hrm_bulk_job_update_from (job, same);
  g_assert_cmpuint (names->len, ==, 0);

  hrm_bulk_job_update_from (job, done);
  g_assert_true (hrm_bulk_job_is_finished (job));
  g_assert_cmpuint (hrm_bulk_job_get_succeeded (job), ==, 8);
  g_assert_true (g_ptr_array_find_with_equal_func (names, "state", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (names, "finished", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (names, "processed", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (names, "fraction", g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (names, "failed", g_str_equal, NULL));
}

static void
test_preview (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object =
    hrm_json_parse_object ("{\"total\": 20, \"will_run\": 12, \"skipped\": {\"disabled\": 1,"
                           " \"already_linked\": 4, \"no_email\": 3, \"invalid_email\": 0,"
                           " \"pending_not_expired\": 0, \"sent_recently\": 0}}", -1, NULL);
  g_autoptr(JsonObject) bad =
    hrm_json_parse_object ("{\"total\": 2, \"will_run\": 2, \"skipped\": {\"no_email\": 1}}", -1,
                           NULL);
  g_autoptr(HrmBulkJobPreview) preview = hrm_bulk_job_preview_new_from_json (object, &error);
  g_autoptr(HrmBulkJobPreview) refused = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (preview->total, ==, 20);
  g_assert_cmpuint (preview->will_run, ==, 12);
  g_assert_cmpuint (preview->skipped[HRM_BULK_SKIP_ALREADY_LINKED], ==, 4);
  g_assert_cmpuint (preview->skipped[HRM_BULK_SKIP_NO_EMAIL], ==, 3);
  g_assert_cmpuint (hrm_bulk_job_preview_get_skipped (preview), ==, 8);

  refused = hrm_bulk_job_preview_new_from_json (bad, &error);
  g_assert_null (refused);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
}

#define PREVIEW_WITH(samples) \
  "{\"total\": 5, \"will_run\": 2, \"skipped\": {\"disabled\": 0, \"already_linked\": 0," \
  " \"no_email\": 3, \"invalid_email\": 0, \"pending_not_expired\": 0, \"sent_recently\": 0}," \
  " \"samples\": " samples "}"
#define ANNA "{\"id\": 4, \"user_id\": \"10023\", \"first_name\": \"Anna\", \"last_name\": \"Svensson\"}"

/* The skipped users each reason names, read strictly. */
static void
test_preview_samples (void)
{
  static const char * const refused[] = {
    PREVIEW_WITH ("[]"),
    PREVIEW_WITH ("null"),
    PREVIEW_WITH ("{\"no_email\": {}}"),
    PREVIEW_WITH ("{\"no_email\": [4]}"),
    PREVIEW_WITH ("{\"no_email\": [null]}"),
    PREVIEW_WITH ("{\"no_email\": [{\"id\": 4, \"user_id\": \"10023\", \"first_name\": \"Anna\"}]}"),
    PREVIEW_WITH ("{\"no_email\": [{\"id\": 4, \"user_id\": null, \"first_name\": \"A\", \"last_name\": \"B\"}]}"),
    PREVIEW_WITH ("{\"no_email\": [{\"id\": \"4\", \"user_id\": \"x\", \"first_name\": \"A\", \"last_name\": \"B\"}]}"),
    PREVIEW_WITH ("{\"no_email\": [{\"id\": 0, \"user_id\": \"x\", \"first_name\": \"A\", \"last_name\": \"B\"}]}"),
    PREVIEW_WITH ("{\"no_email\": [{\"id\": 4, \"user_id\": \"x\", \"first_name\": \"A\", \"last_name\": \"B\", \"email\": \"a@b.se\"}]}"),
    /* More users than the reason skips. */
    PREVIEW_WITH ("{\"disabled\": [" ANNA "]}"),
    PREVIEW_WITH ("{\"no_email\": [" ANNA ", " ANNA ", " ANNA ", " ANNA "]}"),
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object =
    hrm_json_parse_object (PREVIEW_WITH ("{\"no_email\": [" ANNA ", {\"id\": 9, \"user_id\": \"10030\","
                                         " \"first_name\": \"\", \"last_name\": \"Åberg\"}],"
                                         " \"disabled\": [], \"some_new_reason\": [1]}"), -1, NULL);
  g_autoptr(JsonObject) without =
    hrm_json_parse_object ("{\"total\": 1, \"will_run\": 0, \"skipped\": {\"no_email\": 1}}", -1, NULL);
  g_autoptr(HrmBulkJobPreview) preview = hrm_bulk_job_preview_new_from_json (object, &error);
  g_autoptr(HrmBulkJobPreview) old = NULL;
  GPtrArray *samples;
  HrmBulkJobSample *anna;

  g_assert_no_error (error);
  samples = hrm_bulk_job_preview_get_samples (preview, HRM_BULK_SKIP_NO_EMAIL);
  g_assert_cmpuint (samples->len, ==, 2);
  anna = g_ptr_array_index (samples, 0);
  g_assert_cmpint (anna->id, ==, 4);
  g_assert_cmpstr (anna->user_id, ==, "10023");
  g_assert_cmpstr (anna->first_name, ==, "Anna");
  g_assert_cmpstr (anna->last_name, ==, "Svensson");
  g_assert_cmpstr (((HrmBulkJobSample *) g_ptr_array_index (samples, 1))->last_name, ==, "Åberg");
  g_assert_cmpuint (hrm_bulk_job_preview_get_samples (preview, HRM_BULK_SKIP_DISABLED)->len, ==, 0);
  g_assert_cmpuint (hrm_bulk_job_preview_get_samples (preview, HRM_BULK_SKIP_SENT_RECENTLY)->len, ==, 0);

  /* A server from before samples: none, not an error. */
  old = hrm_bulk_job_preview_new_from_json (without, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hrm_bulk_job_preview_get_samples (old, HRM_BULK_SKIP_NO_EMAIL)->len, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(JsonObject) bad = hrm_json_parse_object (refused[i], -1, NULL);
      g_autoptr(HrmBulkJobPreview) none = NULL;

      g_test_message ("%s", refused[i]);
      g_assert_nonnull (bad);
      none = hrm_bulk_job_preview_new_from_json (bad, &error);
      g_assert_null (none);
      g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
      g_clear_error (&error);
    }
}

static void
test_strings (void)
{
  HrmBulkJobState state;

  for (guint i = HRM_BULK_JOB_QUEUED; i <= HRM_BULK_JOB_CANCELLED; i++)
    {
      g_assert_true (hrm_bulk_job_state_from_string (hrm_bulk_job_state_to_string (i), &state));
      g_assert_cmpint (state, ==, i);
    }
  g_assert_false (hrm_bulk_job_state_from_string ("paused", &state));

  g_assert_cmpstr (hrm_bulk_skip_reason_to_string (HRM_BULK_SKIP_PENDING_NOT_EXPIRED), ==,
                   "pending_not_expired");
  for (guint i = 0; i < HRM_BULK_SKIP_N_REASONS; i++)
    g_assert_nonnull (hrm_bulk_skip_reason_describe (i));
  g_assert_true (g_type_is_a (HRM_TYPE_BULK_JOB_STATE, G_TYPE_ENUM));
}

static HrmBulkJobItem *
item_from (const char  *json,
           GError     **error)
{
  g_autoptr(JsonObject) object = hrm_json_parse_object (json, -1, NULL);

  g_assert_nonnull (object);
  return hrm_bulk_job_item_new_from_json (object, error);
}

/* One user's outcome: named, or a user deleted since (user null); an item
 * without its time is refused. */
static void
test_item (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmBulkJobItem) item = NULL;
  g_autoptr(HrmBulkJobItem) deleted = NULL;
  g_autoptr(HrmBulkJobItem) unnamed = NULL;
  g_autofree char *name = NULL;
  g_autofree char *user_id_only = NULL;

  item = item_from ("{\"user\": {\"id\": 4, \"user_id\": \"erik.johansson\", \"first_name\": \"Erik\","
                    " \"last_name\": \"Johansson\"}, \"outcome\": \"failed\", \"reason\": null,"
                    " \"message\": \"Database error: disk full\", \"at\": \"2026-11-30T12:00:02Z\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (hrm_bulk_job_item_get_user_pk (item), ==, 4);
  g_assert_cmpstr (hrm_bulk_job_item_get_user_id (item), ==, "erik.johansson");
  name = hrm_bulk_job_item_dup_user_name (item);
  g_assert_cmpstr (name, ==, "Erik Johansson");
  g_assert_cmpstr (hrm_bulk_job_item_get_outcome (item), ==, "failed");
  g_assert_null (hrm_bulk_job_item_get_reason (item));
  g_assert_cmpstr (hrm_bulk_job_item_get_message (item), ==, "Database error: disk full");
  g_assert_nonnull (hrm_bulk_job_item_get_at (item));

  deleted = item_from ("{\"user\": null, \"outcome\": \"skipped\", \"reason\": \"no_email\","
                       " \"message\": null, \"at\": \"2026-11-30T12:00:02Z\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (hrm_bulk_job_item_get_user_pk (deleted), ==, 0);
  g_assert_null (hrm_bulk_job_item_dup_user_name (deleted));
  g_assert_cmpstr (hrm_bulk_job_item_get_reason (deleted), ==, "no_email");

  unnamed = item_from ("{\"user\": {\"id\": 9, \"user_id\": \"x9\", \"first_name\": null,"
                       " \"last_name\": \"\"}, \"outcome\": \"succeeded\", \"reason\": null,"
                       " \"message\": null, \"at\": \"2026-11-30T12:00:02Z\"}", &error);
  g_assert_no_error (error);
  user_id_only = hrm_bulk_job_item_dup_user_name (unnamed);
  g_assert_cmpstr (user_id_only, ==, "x9");

  g_assert_null (item_from ("{\"user\": null, \"outcome\": \"failed\", \"reason\": null,"
                            " \"message\": null, \"at\": null}", &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bulk-job/json/from-json", test_from_json);
  g_test_add_func ("/bulk-job/json/refused", test_refused);
  g_test_add_func ("/bulk-job/update-from", test_update_from);
  g_test_add_func ("/bulk-job/preview", test_preview);
  g_test_add_func ("/bulk-job/preview-samples", test_preview_samples);
  g_test_add_func ("/bulk-job/strings", test_strings);
  g_test_add_func ("/bulk-job/item", test_item);

  return g_test_run ();
}
