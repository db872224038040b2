/* test-client-bulk.c — the provisioning summary, the expired filter and bulk
 * jobs through HrmClient against a real hrm-server with the demo data
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-client"

#include <string.h>
#include <glib/gstdio.h>

#include "hrm-client-test.h"

#define CB hrm_client_test_keep_result, &slot
#define AWAIT() await (&slot)

static GAsyncResult *
await (GAsyncResult **slot)
{
  GAsyncResult *result = hrm_client_test_wait (slot);

  g_test_queue_unref (result);
  return result;
}

typedef struct
{
  HrmTestServer *server;
  HrmClient     *client;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = hrm_test_server_new_or_skip (TRUE);
  if (fixture->server != NULL)
    fixture->client = hrm_client_test_sign_in (hrm_test_server_get_uri (fixture->server), "admin");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->server, hrm_test_server_free);
}

static HrmUsersPage *
list (HrmClient           *client,
      HrmConnectionFilter  connection,
      HrmEnabledFilter     enabled)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  HrmUsersPage *page;

  hrm_client_list_users_async (client, NULL, connection, enabled, NULL, 200, NULL, CB);
  page = hrm_client_list_users_finish (client, AWAIT (), &error);
  g_assert_no_error (error);
  return page;
}

/* The summary agrees with the list's filters (docs/demo-data.md). */
static void
test_summary (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(HrmProvisioningSummary) summary = NULL;
  g_autoptr(HrmUsersPage) expired = NULL;
  g_autoptr(HrmUsersPage) linked = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (fixture->server == NULL)
    return;

  hrm_client_get_provisioning_summary_async (fixture->client, NULL, CB);
  summary = hrm_client_get_provisioning_summary_finish (fixture->client, AWAIT (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hrm_provisioning_summary_get_total (summary), ==, 250);

  expired = list (fixture->client, HRM_CONNECTION_FILTER_EXPIRED, HRM_ENABLED_FILTER_ENABLED);
  g_assert_cmpuint (expired->total, ==, hrm_provisioning_summary_get_expired (summary));
  g_assert_cmpuint (expired->total, >, 0);
  for (guint i = 0; i < expired->items->len; i++)
    {
      HrmUser *user = g_ptr_array_index (expired->items, i);

      g_assert_cmpint (hrm_user_get_connection_state (user), ==, HRM_CONNECTION_PENDING);
      g_assert_true (hrm_user_get_expired (user));
    }

  linked = list (fixture->client, HRM_CONNECTION_FILTER_LINKED, HRM_ENABLED_FILTER_ENABLED);
  g_assert_cmpuint (linked->total, ==, hrm_provisioning_summary_get_linked (summary));
}

/* "Not linked, with email" and "without email" are list filters and bulk
 * filters: their totals are the summary's numbers, their users have (or
 * lack) an email, and a preview over "with email" covers exactly them,
 * none skipped for want of an email. */
static void
test_not_linked_email (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(HrmProvisioningSummary) summary = NULL;
  g_autoptr(HrmUsersPage) with = NULL;
  g_autoptr(HrmUsersPage) without = NULL;
  g_autoptr(HrmBulkJobPreview) preview = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (fixture->server == NULL)
    return;

  hrm_client_get_provisioning_summary_async (fixture->client, NULL, CB);
  summary = hrm_client_get_provisioning_summary_finish (fixture->client, AWAIT (), &error);
  g_assert_no_error (error);

  with = list (fixture->client, HRM_CONNECTION_FILTER_NOT_LINKED_WITH_EMAIL, HRM_ENABLED_FILTER_ENABLED);
  without = list (fixture->client, HRM_CONNECTION_FILTER_NOT_LINKED_WITHOUT_EMAIL,
                  HRM_ENABLED_FILTER_ENABLED);
  g_assert_cmpuint (with->total, >, 0);
  g_assert_cmpuint (without->total, >, 0);
  g_assert_cmpuint (with->total, ==, hrm_provisioning_summary_get_not_linked_with_email (summary));
  g_assert_cmpuint (without->total, ==, hrm_provisioning_summary_get_not_linked_without_email (summary));
  for (guint i = 0; i < with->items->len; i++)
    {
      HrmUser *user = g_ptr_array_index (with->items, i);

      g_assert_cmpint (hrm_user_get_connection_state (user), ==, HRM_CONNECTION_NOT_LINKED);
      g_assert_cmpstr (hrm_user_get_email (user), !=, NULL);
      g_assert_cmpstr (hrm_user_get_email (user), !=, "");
    }
  for (guint i = 0; i < without->items->len; i++)
    {
      HrmUser *user = g_ptr_array_index (without->items, i);
      const char *email = hrm_user_get_email (user);

      g_assert_cmpint (hrm_user_get_connection_state (user), ==, HRM_CONNECTION_NOT_LINKED);
      g_assert_true (email == NULL || email[0] == '\0');
    }

  hrm_client_preview_bulk_job_async (fixture->client, NULL, 0, NULL,
                                     HRM_CONNECTION_FILTER_NOT_LINKED_WITH_EMAIL,
                                     HRM_ENABLED_FILTER_ENABLED, NULL, CB);
  preview = hrm_client_preview_bulk_job_finish (fixture->client, AWAIT (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preview->total, ==, hrm_provisioning_summary_get_not_linked_with_email (summary));
  g_assert_cmpuint (preview->skipped[HRM_BULK_SKIP_NO_EMAIL], ==, 0);
  g_clear_pointer (&preview, hrm_bulk_job_preview_free);

  /* Without email: every one of them is skipped, and the preview names them. */
  hrm_client_preview_bulk_job_async (fixture->client, NULL, 0, NULL,
                                     HRM_CONNECTION_FILTER_NOT_LINKED_WITHOUT_EMAIL,
                                     HRM_ENABLED_FILTER_ENABLED, NULL, CB);
  preview = hrm_client_preview_bulk_job_finish (fixture->client, AWAIT (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preview->total, ==, without->total);
  g_assert_cmpuint (preview->will_run, ==, 0);
  g_assert_cmpuint (preview->skipped[HRM_BULK_SKIP_NO_EMAIL], ==, without->total);
  {
    GPtrArray *samples = hrm_bulk_job_preview_get_samples (preview, HRM_BULK_SKIP_NO_EMAIL);

    g_assert_cmpuint (samples->len, ==, MIN (without->total, 50));
    for (guint i = 0; i < samples->len; i++)
      g_assert_cmpint (((HrmBulkJobSample *) g_ptr_array_index (samples, i))->id, ==,
                       hrm_user_get_id (g_ptr_array_index (without->items, i)));
  }
}

static HrmBulkJob *
wait_until_finished (HrmClient  *client,
                     HrmBulkJob *job)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!hrm_bulk_job_is_finished (job))
    {
      g_autoptr(HrmBulkJob) now = NULL;
      g_autoptr(GError) error = NULL;
      GAsyncResult *slot = NULL;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
      hrm_client_get_bulk_job_async (client, hrm_bulk_job_get_id (job), NULL, CB);
      now = hrm_client_get_bulk_job_finish (client, AWAIT (), &error);
      g_assert_no_error (error);
      hrm_bulk_job_update_from (job, now);
    }
  return job;
}

/* Preview, start (twice with one key: one job), watch it end, list it, and the
 * answers a finished job gives to cancel and retry. */
static void
test_job (Fixture       *fixture,
          gconstpointer  data)
{
  HrmClient *client = fixture->client;
  g_autoptr(HrmUsersPage) expired = NULL;
  g_autoptr(HrmBulkJobPreview) preview = NULL;
  g_autoptr(HrmBulkJob) job = NULL;
  g_autoptr(HrmBulkJob) again = NULL;
  g_autoptr(HrmBulkJob) cancelled = NULL;
  g_autoptr(HrmBulkJob) retried = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = hrm_client_new_idempotency_key ();
  GAsyncResult *slot = NULL;
  gint64 ids[3];

  if (fixture->server == NULL)
    return;

  /* Two expired users and the administrator, who is linked. */
  expired = list (client, HRM_CONNECTION_FILTER_EXPIRED, HRM_ENABLED_FILTER_ENABLED);
  g_assert_cmpuint (expired->items->len, >=, 2);
  ids[0] = hrm_user_get_id (g_ptr_array_index (expired->items, 0));
  ids[1] = hrm_user_get_id (g_ptr_array_index (expired->items, 1));
  ids[2] = 1;

  hrm_client_preview_bulk_job_async (client, ids, 3, NULL, 0, 0, NULL, CB);
  preview = hrm_client_preview_bulk_job_finish (client, AWAIT (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preview->total, ==, 3);
  g_assert_cmpuint (preview->will_run, ==, 2);
  g_assert_cmpuint (preview->skipped[HRM_BULK_SKIP_ALREADY_LINKED], ==, 1);

  hrm_client_start_bulk_job_async (client, ids, 3, NULL, 0, 0, key, NULL, CB);
  job = hrm_client_start_bulk_job_finish (client, AWAIT (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hrm_bulk_job_get_total (job), ==, 3);

  /* The same start again (as after a lost answer): the same job. */
  hrm_client_start_bulk_job_async (client, ids, 3, NULL, 0, 0, key, NULL, CB);
  again = hrm_client_start_bulk_job_finish (client, AWAIT (), &error);
  g_assert_no_error (error);
  g_assert_cmpint (hrm_bulk_job_get_id (again), ==, hrm_bulk_job_get_id (job));

  wait_until_finished (client, job);
  g_assert_cmpint (hrm_bulk_job_get_state (job), ==, HRM_BULK_JOB_DONE);
  g_assert_cmpuint (hrm_bulk_job_get_succeeded (job), ==, 2);
  g_assert_cmpuint (hrm_bulk_job_get_skipped (job), ==, 1);
  g_assert_cmpuint (hrm_bulk_job_get_failed (job), ==, 0);

  /* The results file: a header row and one row per user, streamed to disk. */
  {
    g_autofree char *dir = g_dir_make_tmp ("hrm-test-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "results.csv", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autofree char *csv = NULL;
    g_auto(GStrv) lines = NULL;

    hrm_client_save_bulk_job_items_async (client, hrm_bulk_job_get_id (job), file, NULL, CB);
    g_assert_true (hrm_client_save_bulk_job_items_finish (client, AWAIT (), &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
    lines = g_strsplit (g_strchomp (csv), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 4);
    g_assert_true (strstr (lines[0], "outcome") != NULL);
    g_assert_true (strstr (csv, "succeeded") != NULL);
    g_assert_true (strstr (csv, "already_linked") != NULL);
    g_unlink (path);
    g_rmdir (dir);
  }

  /* The outcomes by kind, as the results page reads the failed ones. */
  {
    g_autoptr(GPtrArray) skipped = NULL;
    g_autoptr(GPtrArray) failed = NULL;
    HrmBulkJobItem *admin;

    hrm_client_list_bulk_job_items_async (client, hrm_bulk_job_get_id (job), "skipped", 50, NULL, CB);
    skipped = hrm_client_list_bulk_job_items_finish (client, AWAIT (), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (skipped->len, ==, 1);
    admin = g_ptr_array_index (skipped, 0);
    g_assert_cmpint (hrm_bulk_job_item_get_user_pk (admin), ==, 1);
    g_assert_cmpstr (hrm_bulk_job_item_get_outcome (admin), ==, "skipped");
    g_assert_cmpstr (hrm_bulk_job_item_get_reason (admin), ==, "already_linked");

    hrm_client_list_bulk_job_items_async (client, hrm_bulk_job_get_id (job), "failed", 50, NULL, CB);
    failed = hrm_client_list_bulk_job_items_finish (client, AWAIT (), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (failed->len, ==, 0);
  }

  hrm_client_list_bulk_jobs_async (client, NULL, CB);
  jobs = hrm_client_list_bulk_jobs_finish (client, AWAIT (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, >=, 1);
  g_assert_cmpint (hrm_bulk_job_get_id (g_ptr_array_index (jobs, 0)), ==, hrm_bulk_job_get_id (job));

  hrm_client_cancel_bulk_job_async (client, hrm_bulk_job_get_id (job), NULL, CB);
  cancelled = hrm_client_cancel_bulk_job_finish (client, AWAIT (), &error);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_CONFLICT);
  g_assert_null (cancelled);
  g_clear_error (&error);

  hrm_client_retry_bulk_job_async (client, hrm_bulk_job_get_id (job), NULL, CB);
  retried = hrm_client_retry_bulk_job_finish (client, AWAIT (), &error);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_CONFLICT);
  g_assert_null (retried);
}

/* A job by filter, cancelled while it runs (the demo's pacing is slow enough). */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  HrmClient *client = fixture->client;
  g_autoptr(HrmBulkJob) job = NULL;
  g_autoptr(HrmBulkJob) cancelled = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (fixture->server == NULL)
    return;

  hrm_client_start_bulk_job_async (client, NULL, 0, NULL, HRM_CONNECTION_FILTER_NOT_LINKED,
                                   HRM_ENABLED_FILTER_ENABLED, NULL, NULL, CB);
  job = hrm_client_start_bulk_job_finish (client, AWAIT (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hrm_bulk_job_get_total (job), >, 10);

  hrm_client_cancel_bulk_job_async (client, hrm_bulk_job_get_id (job), NULL, CB);
  cancelled = hrm_client_cancel_bulk_job_finish (client, AWAIT (), &error);
  g_assert_no_error (error);
  g_assert_cmpint (hrm_bulk_job_get_state (cancelled), ==, HRM_BULK_JOB_CANCELLED);
  g_assert_cmpuint (hrm_bulk_job_get_processed (cancelled), <, hrm_bulk_job_get_total (cancelled));
}

static void
count_rows (guint64  rows,
            gpointer user_data)
{
  guint64 *seen = user_data;

  /* Rows are only ever added. */
  g_assert_cmpuint (rows, >=, *seen);
  *seen = rows;
}

/* The export of a filter into a file: every user of the filter, the progress
 * counting them; a cancelled export leaves the file that was there. */
static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmUsersPage) linked = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(GFile) file = NULL;
  g_auto(GStrv) lines = NULL;
  GAsyncResult *slot = NULL;
  guint64 rows = 0;

  if (fixture->server == NULL)
    return;

  linked = list (fixture->client, HRM_CONNECTION_FILTER_LINKED, HRM_ENABLED_FILTER_ALL);
  dir = g_dir_make_tmp ("hrm-export-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "users.csv", NULL);
  file = g_file_new_for_path (path);

  hrm_client_export_users_async (fixture->client, NULL, HRM_CONNECTION_FILTER_LINKED,
                                 HRM_ENABLED_FILTER_ALL, file, count_rows, &rows, NULL, CB);
  g_assert_true (hrm_client_export_users_finish (fixture->client, AWAIT (), &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  g_assert_true (g_str_has_suffix (csv, "\r\n"));
  lines = g_strsplit (csv, "\r\n", -1);
  /* A line per user after the header, and nothing after the last CRLF. */
  g_assert_cmpuint (g_strv_length (lines), ==, linked->total + 2);
  g_assert_true (g_str_has_prefix (lines[0], "user_id,first_name,last_name,email,"));
  g_assert_cmpuint (rows, ==, linked->total);
  for (guint i = 1; lines[i + 1] != NULL; i++)
    g_assert_nonnull (strstr (lines[i], ",linked,"));

  /* Cancelled at once: the old file stays, whole. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autofree char *after = NULL;

    hrm_client_export_users_async (fixture->client, NULL, HRM_CONNECTION_FILTER_ALL,
                                   HRM_ENABLED_FILTER_ALL, file, NULL, NULL, cancellable, CB);
    g_cancellable_cancel (cancellable);
    g_assert_false (hrm_client_export_users_finish (fixture->client, AWAIT (), &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
    g_assert_cmpstr (after, ==, csv);
  }

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/client/provisioning/summary", Fixture, NULL, fixture_set_up, test_summary,
              fixture_tear_down);
  g_test_add ("/client/provisioning/not-linked-email", Fixture, NULL, fixture_set_up,
              test_not_linked_email, fixture_tear_down);
  g_test_add ("/client/bulk-jobs/preview-start-finish", Fixture, NULL, fixture_set_up, test_job,
              fixture_tear_down);
  g_test_add ("/client/users/export", Fixture, NULL, fixture_set_up, test_export, fixture_tear_down);
  g_test_add ("/client/bulk-jobs/cancel", Fixture, NULL, fixture_set_up, test_cancel,
              fixture_tear_down);

  return g_test_run ();
}
