/* hrm-server-bulk-runner.c — bulk jobs run in the server, paced, resumable
 *
 * One runner on the main loop works through the queued and running jobs,
 * oldest first, one user at a time. Each user's outcome (its item row and
 * the job's counters) is committed in the same transaction as the link,
 * event and outbox row that _hrm_server_queue_verification() writes: after
 * a crash, even SIGKILL, a running job goes on from its first item without
 * an outcome, and a user whose mail was queued is never mailed again.
 *
 * Pacing: no more than mail_rate mails per second are queued (--mail-rate,
 * HRM_SERVER_MAIL_RATE). The n-th mail of a run is queued no earlier than
 * n / rate seconds after the first; skipped users cost no time. Sending to
 * the same user twice within the resend interval is impossible across jobs:
 * the runner is the only writer and reads last_mail_at in each step.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-server-bulk"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hrm-outbox.h"
#include "hrm-server-private.h"
#include "hrm-validate.h"

/* Items looked at in one turn of the main loop at most, so requests are
 * answered in between however many users are skipped. */
#define STEPS_PER_TURN 64

typedef enum
{
  STEP_IDLE,     /* no job to work on */
  STEP_NO_MAIL,  /* an item skipped, or a job started or finished */
  STEP_MAIL,     /* a mail was queued, or tried to be */
} StepResult;

const char *
_hrm_server_bulk_skip_reason (HrmServer           *self,
                              const HrmServerUser *user,
                              gint64               now)
{
  guint status = 0;

  if (!user->enabled)
    return "disabled";
  if (hrm_server_user_is_linked (user))
    return "already_linked";
  if (user->email == NULL || user->email[0] == '\0')
    return "no_email";
  if (!hrm_validate_email (user->email, NULL))
    return "invalid_email";
  /* The refusals of the single POST …/verification-email, so that a job
   * never sends what that would refuse. */
  if (_hrm_server_email_refusal (user, &status) != NULL)
    return status == 422 ? "outside_allowed_domains" : "duplicate_of_linked";
  /* An address in a verified domain is linked without a mail, so neither
   * a working link nor a recent mail is a reason to wait. */
  if (user->email_verified_domain)
    return NULL;
  if (g_strcmp0 (user->conn_state, "pending") == 0 && !hrm_server_user_is_expired_at (user, now))
    return "pending_not_expired";
  if (user->last_mail_at > 0 && user->last_mail_at + self->resend_interval > now)
    return "sent_recently";
  return NULL;
}

gboolean
_hrm_server_bulk_record_outcome (HrmDb       *db,
                                 gint64       job_id,
                                 gint64       seq,
                                 const char  *outcome,
                                 const char  *reason,
                                 const char  *message,
                                 gint64       now,
                                 GError     **error)
{
  g_autoptr(HrmStmt) item = hrm_db_prepare (db,
                                            "UPDATE bulk_job_items SET outcome = ?, reason = ?,"
                                            " message = ?, at = ? WHERE job_id = ? AND seq = ?",
                                            error);
  g_autoptr(HrmStmt) job = NULL;

  if (item == NULL)
    return FALSE;
  hrm_stmt_bind_text (item, 1, outcome);
  hrm_stmt_bind_text (item, 2, reason);
  hrm_stmt_bind_text (item, 3, message);
  hrm_stmt_bind_int (item, 4, now);
  hrm_stmt_bind_int (item, 5, job_id);
  hrm_stmt_bind_int (item, 6, seq);
  if (!hrm_stmt_run (item, error))
    return FALSE;

  job = hrm_db_prepare (db,
                        "UPDATE bulk_jobs SET processed = processed + 1,"
                        " succeeded = succeeded + (?1 = 'succeeded'),"
                        " skipped = skipped + (?1 = 'skipped'),"
                        " failed = failed + (?1 = 'failed') WHERE id = ?2", error);
  if (job == NULL)
    return FALSE;
  hrm_stmt_bind_text (job, 1, outcome);
  hrm_stmt_bind_int (job, 2, job_id);
  return hrm_stmt_run (job, error);
}

static gboolean
set_state (HrmDb       *db,
           gint64       job_id,
           const char  *state,
           gint64       now,
           GError     **error)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (db,
                                            "UPDATE bulk_jobs SET state = ?1,"
                                            " started_at = coalesce (started_at, ?2),"
                                            " finished_at = CASE WHEN ?1 = 'running' THEN NULL"
                                            "   ELSE ?2 END WHERE id = ?3", error);

  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_text (stmt, 1, state);
  hrm_stmt_bind_int (stmt, 2, now);
  hrm_stmt_bind_int (stmt, 3, job_id);
  return hrm_stmt_run (stmt, error);
}

/* Sends to one user of the job, or records why not; its own transactions. */
static StepResult
process_item (HrmServer  *self,
              gint64      job_id,
              const char *actor,
              gint64      seq,
              gint64      user_pk,
              GError    **error)
{
  HrmDb *db = self->db;
  g_autoptr(HrmServerUser) user = NULL;
  g_autoptr(HrmDbTxn) txn = NULL;
  g_autoptr(GError) failure = NULL;
  const char *reason = NULL;
  gint64 now = hrm_db_now ();

  user = user_pk > 0 ? hrm_server_user_load (db, user_pk, &failure) : NULL;
  if (user != NULL)
    reason = _hrm_server_bulk_skip_reason (self, user, now);

  txn = hrm_db_begin (db, error);
  if (txn == NULL)
    return STEP_IDLE;

  if (user == NULL)
    {
      if (!_hrm_server_bulk_record_outcome (db, job_id, seq, "failed", NULL,
                           _("The user no longer exists"), now, error)
          || !hrm_db_txn_commit (txn, error))
        return STEP_IDLE;
      return STEP_NO_MAIL;
    }

  if (reason != NULL)
    {
      if (!_hrm_server_bulk_record_outcome (db, job_id, seq, "skipped", reason, NULL, now, error)
          || !hrm_db_txn_commit (txn, error))
        return STEP_IDLE;
      return STEP_NO_MAIL;
    }

  /* An address in a verified domain links at once, as for one user. */
  if (user->email_verified_domain)
    {
      if (_hrm_server_link_verified_domain (db, user, actor, job_id, &failure)
          && _hrm_server_bulk_record_outcome (db, job_id, seq, "succeeded", NULL, NULL, now, &failure)
          && hrm_db_txn_commit (txn, &failure))
        return STEP_NO_MAIL;
    }
  else if (_hrm_server_queue_verification (self, db, user, actor, job_id, now, &failure)
      && _hrm_server_bulk_record_outcome (db, job_id, seq, "succeeded", NULL, NULL, now, &failure)
      && hrm_outbox_tag_bulk_item (db, user->id, job_id, seq, &failure)
      && hrm_db_txn_commit (txn, &failure))
    {
      _hrm_server_deliver_mail (self);
      return STEP_MAIL;
    }

  /* Nothing of that user's send stays; the item records why. */
  g_clear_pointer (&txn, hrm_db_txn_free);
  g_debug ("Bulk job %" G_GINT64_FORMAT ": user %" G_GINT64_FORMAT " failed: %s",
           job_id, user_pk, failure->message);
  txn = hrm_db_begin (db, error);
  if (txn == NULL
      || !_hrm_server_bulk_record_outcome (db, job_id, seq, "failed", NULL, failure->message, now, error)
      || !hrm_db_txn_commit (txn, error))
    return STEP_IDLE;
  return STEP_MAIL;
}

static StepResult
step (HrmServer  *self,
      GError    **error)
{
  HrmDb *db = self->db;
  g_autoptr(HrmStmt) jobs = NULL;
  g_autoptr(HrmStmt) items = NULL;
  g_autofree char *state = NULL;
  g_autofree char *actor = NULL;
  gint64 job_id, seq, user_pk;
  gboolean set_email, mailed = FALSE;

  jobs = hrm_db_prepare (db,
                         "SELECT id, state, creator_user_id, action FROM bulk_jobs"
                         " WHERE state IN ('queued', 'running') ORDER BY id LIMIT 1", error);
  if (jobs == NULL || !hrm_stmt_step (jobs, error))
    return STEP_IDLE;
  job_id = hrm_stmt_get_int (jobs, 0);
  state = hrm_stmt_dup_text (jobs, 1);
  actor = hrm_stmt_dup_text (jobs, 2);
  set_email = g_strcmp0 (hrm_stmt_get_text (jobs, 3), "set_email") == 0;
  g_clear_pointer (&jobs, hrm_stmt_release);

  if (g_str_equal (state, "queued"))
    return set_state (db, job_id, "running", hrm_db_now (), error) ? STEP_NO_MAIL : STEP_IDLE;

  items = hrm_db_prepare (db,
                          "SELECT seq, user_pk FROM bulk_job_items"
                          " WHERE job_id = ? AND outcome IS NULL ORDER BY seq LIMIT 1", error);
  if (items == NULL)
    return STEP_IDLE;
  hrm_stmt_bind_int (items, 1, job_id);
  if (!hrm_stmt_step (items, error))
    {
      if (error != NULL && *error != NULL)
        return STEP_IDLE;
      g_debug ("Bulk job %" G_GINT64_FORMAT " is done", job_id);
      return set_state (db, job_id, "done", hrm_db_now (), error) ? STEP_NO_MAIL : STEP_IDLE;
    }
  seq = hrm_stmt_get_int (items, 0);
  user_pk = hrm_stmt_is_null (items, 1) ? 0 : hrm_stmt_get_int (items, 1);
  g_clear_pointer (&items, hrm_stmt_release);

  if (set_email)
    {
      if (!_hrm_server_bulk_email_process (self, job_id, actor, seq, user_pk, &mailed, error))
        return STEP_IDLE;
      return mailed ? STEP_MAIL : STEP_NO_MAIL;
    }
  return process_item (self, job_id, actor, seq, user_pk, error);
}

static gboolean
on_turn (gpointer user_data)
{
  HrmServer *self = user_data;
  gint64 interval = (gint64) (G_USEC_PER_SEC / self->mail_rate);
  gint64 now = g_get_monotonic_time ();

  self->bulk_id = 0;

  for (guint i = 0; i < STEPS_PER_TURN && now >= self->bulk_next_at; i++)
    {
      g_autoptr(GError) error = NULL;
      StepResult result = step (self, &error);

      if (result == STEP_IDLE)
        {
          if (error != NULL)
            {
              /* The database is unwell: try again in a while, not in a loop. */
              g_warning ("Bulk jobs: %s", error->message);
              self->bulk_id = g_timeout_add_seconds (5, on_turn, self);
            }
          return G_SOURCE_REMOVE;
        }
      if (result == STEP_MAIL)
        {
          /* Late by more than one interval (the runner slept): start counting
           * from now rather than catching up with a burst. */
          if (self->bulk_next_at + interval < now)
            self->bulk_next_at = now;
          else
            self->bulk_next_at += interval;
        }
      now = g_get_monotonic_time ();
    }

  self->bulk_id = g_timeout_add (MAX (0, self->bulk_next_at - now) / 1000, on_turn, self);
  return G_SOURCE_REMOVE;
}

void
_hrm_server_bulk_runner_wake (HrmServer *self)
{
  if (self->bulk_id != 0 || self->db == NULL)
    return;
  self->bulk_id = g_idle_add (on_turn, self);
}

void
_hrm_server_bulk_runner_stop (HrmServer *self)
{
  g_clear_handle_id (&self->bulk_id, g_source_remove);
}

/**
 * hrm_server_set_mail_rate:
 * @rate: bulk mails per second, more than 0
 */
void
hrm_server_set_mail_rate (HrmServer *self,
                          double     rate)
{
  g_return_if_fail (HRM_IS_SERVER (self));
  g_return_if_fail (rate > 0);

  self->mail_rate = rate;
}
