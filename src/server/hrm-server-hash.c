/* hrm-server-hash.c — the threads that hash and check passwords
 *
 * Argon2id takes a noticeable fraction of a second and 64 MiB per password,
 * so sign-ins (checking) and the reset page (hashing a new password) hand it
 * to two worker threads while their request is paused; the main loop keeps
 * answering everything else. The queue is capped: each job holds a copy of
 * its request, so a flood of sign-ins would otherwise grow memory and latency
 * without bound. Past the cap the caller answers 503 with Retry-After.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-server-hash"

#include "config.h"

#include "hrm-server-private.h"

typedef struct
{
  GFunc          work;       /* in a worker thread */
  GSourceFunc    done;       /* then on the main context */
  gpointer       data;       /* owned, freed by free_data */
  GDestroyNotify free_data;
  GMainContext  *context;    /* owned */
} HashJob;

static GThreadPool *pool;
static gint in_flight;  /* queued or running jobs, of all servers of the process */
static gboolean refusing;  /* the main thread's: whether the last push was refused */

static void
hash_job_free (gpointer data)
{
  HashJob *job = data;

  if (job->free_data != NULL)
    job->free_data (job->data);
  g_main_context_unref (job->context);
  g_free (job);
  g_atomic_int_add (&in_flight, -1);
}

static gboolean
hash_job_done (gpointer data)
{
  HashJob *job = data;

  return job->done (job->data);
}

static void
run_in_thread (gpointer data,
               gpointer user_data)
{
  HashJob *job = data;

  job->work (job->data, NULL);
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, hash_job_done, job, hash_job_free);
}

/**
 * _hrm_server_push_hash_job:
 * @work: runs in a worker thread; must not touch the database
 * @done: then runs on the thread-default main context of the caller
 * @data: (transfer full): given to both, then to @free_data
 *
 * Returns: %FALSE, and frees nothing, when the queue is full: answer 503
 *   with hrm_http_set_retry_after (msg, HRM_HASH_BUSY_RETRY).
 */
gboolean
_hrm_server_push_hash_job (HrmServer      *self,
                           GFunc           work,
                           GSourceFunc     done,
                           gpointer        data,
                           GDestroyNotify  free_data)
{
  HashJob *job;

  g_assert (HRM_IS_SERVER (self));

  if (g_atomic_int_get (&in_flight) >= self->hash_queue_limit)
    {
      /* Once per flood, not once per refused request. */
      if (!refusing)
        g_message ("The password hash queue is full (%d); refusing sign-ins with 503 until it has room",
                   self->hash_queue_limit);
      refusing = TRUE;
      return FALSE;
    }
  refusing = FALSE;

  if (pool == NULL)
    pool = g_thread_pool_new (run_in_thread, NULL, 2, FALSE, NULL);

  job = g_new0 (HashJob, 1);
  job->work = work;
  job->done = done;
  job->data = data;
  job->free_data = free_data;
  job->context = g_main_context_ref_thread_default ();
  g_atomic_int_inc (&in_flight);
  g_thread_pool_push (pool, job, NULL);
  return TRUE;
}
