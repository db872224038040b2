/* hrm-outbox.c — mail queued with its transaction, delivered after the commit
 *
 * A verification or password-reset mail carries a one-time link. Writing it
 * while the transaction that makes the link's token is still open would mail
 * a dead link whenever that transaction does not commit. So the handler only
 * queues the mail (hrm_outbox_queue), as a row of the outbox table in its own
 * transaction: the row exists exactly when the token does. After the commit
 * it asks for delivery (hrm_outbox_deliver_soon); the server also asks at
 * start-up, for rows a crash left queued.
 *
 * Delivery runs in the main loop, one row at a time, through one
 * HrmMailTransport (the Maildir today). A row is queued → sent, or → failed
 * when the transport refuses it for good, after HRM_OUTBOX_MAX_ATTEMPTS
 * tries, or when a newer link of the same kind replaces it (hrm_outbox_cancel).
 * Each try counts in attempts; a failed try keeps its reason in last_error
 * and waits (doubling from the retry delay) in next_attempt_at.
 *
 * Exactly once: the row is marked sent in a transaction after the transport
 * said it delivered. A crash in between leaves the row queued, and it is
 * delivered again, under the same uid: the Maildir then finds its file
 * already there (a network transport would repeat the Message-ID).
 *
 * Secrets: the database keeps tokens only hashed, but the mail must hold the
 * raw link. The row keeps what renders the mail, the link in its own column,
 * only while it is queued: marking it sent or failed sets link to NULL (the
 * schema checks this). Overwritten values are zeroed in their page
 * (PRAGMA secure_delete), and after deliveries the write-ahead log is
 * checkpointed and emptied, so no copy of a delivered link stays in the
 * database files. What stays is a record without secrets: to whom, which
 * kind, in which language, when, and how it went.
 *
 * Stopping (hrm_outbox_stop) cancels the message with the transport and waits
 * for it, running the main loop: one that had not all gone stays queued,
 * untried; one that had is noted sent. Nothing new starts meanwhile.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-outbox"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hrm-error.h"
#include "hrm-outbox.h"
#include "hrm-server-private.h"
#include "hrm-tokens.h"

struct _HrmOutbox
{
  GObject           parent_instance;

  /* borrowed; NULL once stopped */
  HrmDb            *db;

  /* owned */
  HrmMailTransport *transport;
  GCancellable     *cancellable;  /* cancelled: stopping */
  GMainContext     *context;      /* where the transport answers */

  char             *from;         /* (nullable) the sender, --mail-from */
  GTimeZone        *time_zone;    /* the organisation's: the link's expiry is shown in it */

  guint             source_id;    /* the next delivery: an idle, or a timeout for a retry */
  gint64            retry_delay;  /* seconds before the second try */
  gboolean          held;         /* deliver nothing (tests: HRM_SERVER_OUTBOX_HOLD) */
  gboolean          sending;      /* a row is with the transport */
  gboolean          delivered;    /* a link was cleared since the last checkpoint */
};

G_DEFINE_FINAL_TYPE (HrmOutbox, hrm_outbox, G_TYPE_OBJECT)

static const char *kind_names[] = {
  [HRM_MAIL_VERIFY] = "verify",
  [HRM_MAIL_RESET] = "reset",
};

/* One queued row, as read for delivery. */
typedef struct
{
  gint64       id;
  char        *uid;
  HrmMailKind  kind;
  gint64       user_pk;    /* 0 when not about a user */
  char        *to;
  char        *name;
  char        *full_name;  /* the user's, for To; NULL when not about a user */
  char        *language;
  char        *organisation;
  char        *subject;
  char        *link;
  gint64       link_expires_at;
  gint64       attempts;
  gint64       created_at;
} Row;

static void
row_free (Row *row)
{
  g_free (row->uid);
  g_free (row->to);
  g_free (row->name);
  g_free (row->full_name);
  g_free (row->language);
  g_free (row->organisation);
  g_free (row->subject);
  g_free (row->link);
  g_free (row);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Row, row_free)

/* The time in @time_zone (UTC when NULL), with its abbreviation ("CEST"),
 * as a reader in the organisation reads a clock. */
static char *
format_time (gint64     seconds,
             GTimeZone *time_zone)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (seconds);
  g_autoptr(GDateTime) local = NULL;

  if (time_zone == NULL)
    return g_date_time_format (utc, "%Y-%m-%d %H:%M UTC");
  local = g_date_time_to_timezone (utc, time_zone);
  return g_date_time_format (local, "%Y-%m-%d %H:%M %Z");
}

static void
compose (GTimeZone    *time_zone,
         HrmMailKind   kind,
         const char   *to,
         const char   *name,
         const char   *language,
         const char   *organisation,
         const char   *link,
         gint64        link_expires_at,
         char        **out_subject,
         char        **out_body,
         char        **out_html)
{
  g_autofree char *until = format_time (link_expires_at, time_zone);
  HrmMailFacts facts = {
    .locale = language,
    .name = name,
    .organisation = organisation,
    .address = to,
    .until = until,
    .link = link,
  };

  hrm_mail_compose (kind, &facts, out_subject, out_body);
  if (out_html != NULL)
    *out_html = hrm_mail_compose_html (kind, &facts);
}

/**
 * hrm_outbox_cancel:
 * @kind: a #HrmMailKind, or %HRM_OUTBOX_ANY_KIND
 *
 * Gives up the queued mails of @kind to @user_pk, whose links were just
 * revoked: they would only bring a link that no longer works. Inside the
 * transaction that revokes them.
 */
gboolean
hrm_outbox_cancel (HrmDb   *db,
                   gint64   user_pk,
                   int      kind,
                   GError **error)
{
  g_autoptr(HrmStmt) stmt = NULL;

  g_return_val_if_fail (hrm_db_in_transaction (db), FALSE);
  g_return_val_if_fail (kind == HRM_OUTBOX_ANY_KIND
                        || (kind >= 0 && kind < (int) G_N_ELEMENTS (kind_names)), FALSE);

  stmt = hrm_db_prepare (db,
                         "UPDATE outbox SET state = 'failed', link = NULL,"
                         " last_error = 'Cancelled: its link was revoked'"
                         " WHERE user_pk = ? AND state = 'queued' AND (?2 IS NULL OR kind = ?2)",
                         error);
  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_int (stmt, 1, user_pk);
  if (kind == HRM_OUTBOX_ANY_KIND)
    hrm_stmt_bind_null (stmt, 2);
  else
    hrm_stmt_bind_text (stmt, 2, kind_names[kind]);
  return hrm_stmt_run (stmt, error);
}

/**
 * hrm_outbox_queue:
 * Queues @mail in the open transaction of @db; it replaces a queued mail of
 * the same kind to the same user. Nothing is sent until the transaction
 * commits and hrm_outbox_deliver_soon() is called.
 */
gboolean
hrm_outbox_queue (HrmDb                *db,
                  const HrmOutboxMail  *mail,
                  GError              **error)
{
  g_autoptr(HrmStmt) stmt = NULL;
  g_autofree char *uid = hrm_token_generate ();
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  gint64 now = hrm_db_now ();

  g_return_val_if_fail (hrm_db_in_transaction (db), FALSE);
  g_return_val_if_fail (mail != NULL && mail->to != NULL && mail->link != NULL, FALSE);
  g_return_val_if_fail (mail->kind < G_N_ELEMENTS (kind_names), FALSE);

  if (mail->user_pk > 0 && !hrm_outbox_cancel (db, mail->user_pk, mail->kind, error))
    return FALSE;

  compose (NULL, mail->kind, mail->to, mail->name, mail->language, mail->organisation, mail->link,
           mail->link_expires_at, &subject, &body, NULL);

  stmt = hrm_db_prepare (db,
                         "INSERT INTO outbox (uid, kind, user_pk, recipient, name, language,"
                         " organisation, subject, link, link_expires_at, created_at,"
                         " next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         error);
  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_text (stmt, 1, uid);
  hrm_stmt_bind_text (stmt, 2, kind_names[mail->kind]);
  if (mail->user_pk > 0)
    hrm_stmt_bind_int (stmt, 3, mail->user_pk);
  else
    hrm_stmt_bind_null (stmt, 3);
  hrm_stmt_bind_text (stmt, 4, mail->to);
  hrm_stmt_bind_text (stmt, 5, mail->name ? mail->name : "");
  hrm_stmt_bind_text (stmt, 6, mail->language ? mail->language : "");
  hrm_stmt_bind_text (stmt, 7, mail->organisation);
  hrm_stmt_bind_text (stmt, 8, subject);
  hrm_stmt_bind_text (stmt, 9, mail->link);
  hrm_stmt_bind_int (stmt, 10, mail->link_expires_at);
  hrm_stmt_bind_int (stmt, 11, now);
  hrm_stmt_bind_int (stmt, 12, now);
  return hrm_stmt_run (stmt, error);
}

/**
 * hrm_outbox_tag_bulk_item:
 * Notes that the verification mail just queued for @user_pk belongs to item
 * @seq of bulk job @job_id: should it fail, so does the item. In the
 * transaction that queued it.
 */
gboolean
hrm_outbox_tag_bulk_item (HrmDb   *db,
                          gint64   user_pk,
                          gint64   job_id,
                          gint64   seq,
                          GError **error)
{
  g_autoptr(HrmStmt) stmt = NULL;

  g_return_val_if_fail (hrm_db_in_transaction (db), FALSE);

  stmt = hrm_db_prepare (db,
                         "INSERT INTO outbox_notes (outbox_id, bulk_job_id, bulk_seq)"
                         " SELECT id, ?1, ?2 FROM outbox"
                         " WHERE user_pk = ?3 AND kind = 'verify' AND state = 'queued' AND true"
                         " ON CONFLICT (outbox_id) DO UPDATE SET bulk_job_id = ?1, bulk_seq = ?2",
                         error);
  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_int (stmt, 1, job_id);
  hrm_stmt_bind_int (stmt, 2, seq);
  hrm_stmt_bind_int (stmt, 3, user_pk);
  return hrm_stmt_run (stmt, error);
}

/* The bulk-job item whose mail row @id was given up turns from succeeded to
 * failed, with the reason, and its job's counts follow. */
static gboolean
fail_bulk_item (HrmOutbox   *self,
                gint64       id,
                const char  *message,
                GError     **error)
{
  g_autoptr(HrmStmt) job = NULL;
  g_autoptr(HrmStmt) item = NULL;

  job = hrm_db_prepare (self->db,
                        "UPDATE bulk_jobs SET succeeded = succeeded - 1, failed = failed + 1"
                        " WHERE id = (SELECT bulk_job_id FROM outbox_notes WHERE outbox_id = ?1)"
                        " AND EXISTS (SELECT 1 FROM outbox_notes n JOIN bulk_job_items i"
                        "  ON i.job_id = n.bulk_job_id AND i.seq = n.bulk_seq"
                        "  WHERE n.outbox_id = ?1 AND i.outcome = 'succeeded')", error);
  if (job == NULL)
    return FALSE;
  hrm_stmt_bind_int (job, 1, id);
  if (!hrm_stmt_run (job, error))
    return FALSE;

  item = hrm_db_prepare (self->db,
                         "UPDATE bulk_job_items SET outcome = 'failed', message = ?2, at = ?3"
                         " WHERE outcome = 'succeeded' AND (job_id, seq) ="
                         " (SELECT bulk_job_id, bulk_seq FROM outbox_notes WHERE outbox_id = ?1)",
                         error);
  if (item == NULL)
    return FALSE;
  hrm_stmt_bind_int (item, 1, id);
  hrm_stmt_bind_text (item, 2, message);
  hrm_stmt_bind_int (item, 3, hrm_db_now ());
  return hrm_stmt_run (item, error);
}

HrmOutbox *
hrm_outbox_new (HrmDb            *db,
                HrmMailTransport *transport)
{
  HrmOutbox *self;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (HRM_IS_MAIL_TRANSPORT (transport), NULL);

  self = g_object_new (HRM_TYPE_OUTBOX, NULL);
  self->db = db;
  self->transport = g_object_ref (transport);
  return self;
}

/* The next row that is due, or NULL (with @error set when reading failed). */
static Row *
load_due (HrmOutbox  *self,
          GError    **error)
{
  g_autoptr(HrmStmt) stmt = NULL;
  Row *row;

  stmt = hrm_db_prepare (self->db,
                         "SELECT o.id, o.uid, o.kind, o.recipient, o.name, o.language,"
                         " o.organisation, o.subject, o.link, o.link_expires_at, o.attempts,"
                         " o.created_at, trim(u.first_name || ' ' || u.last_name), o.user_pk"
                         " FROM outbox o LEFT JOIN users u ON u.id = o.user_pk"
                         " WHERE o.state = 'queued' AND o.next_attempt_at <= ?"
                         " ORDER BY o.next_attempt_at, o.id LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  hrm_stmt_bind_int (stmt, 1, hrm_db_now ());
  if (!hrm_stmt_step (stmt, error))
    return NULL;

  row = g_new0 (Row, 1);
  row->id = hrm_stmt_get_int (stmt, 0);
  row->uid = hrm_stmt_dup_text (stmt, 1);
  row->kind = g_strcmp0 (hrm_stmt_get_text (stmt, 2), "reset") == 0 ? HRM_MAIL_RESET
                                                                     : HRM_MAIL_VERIFY;
  row->to = hrm_stmt_dup_text (stmt, 3);
  row->name = hrm_stmt_dup_text (stmt, 4);
  row->language = hrm_stmt_dup_text (stmt, 5);
  row->organisation = hrm_stmt_dup_text (stmt, 6);
  row->subject = hrm_stmt_dup_text (stmt, 7);
  row->link = hrm_stmt_dup_text (stmt, 8);
  row->link_expires_at = hrm_stmt_get_int (stmt, 9);
  row->attempts = hrm_stmt_get_int (stmt, 10);
  row->created_at = hrm_stmt_get_int (stmt, 11);
  row->full_name = hrm_stmt_dup_text (stmt, 12);
  row->user_pk = hrm_stmt_get_int (stmt, 13);
  return row;
}

/* When the next queued row is due, or 0 when none is queued. */
static gint64
next_due (HrmOutbox *self)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (self->db,
                                            "SELECT min(next_attempt_at) FROM outbox"
                                            " WHERE state = 'queued'", NULL);

  if (stmt != NULL && hrm_stmt_step (stmt, NULL))
    return hrm_stmt_get_int (stmt, 0);
  return 0;
}

static gboolean
mark_sent (HrmOutbox  *self,
           gint64      id,
           GError    **error)
{
  g_autoptr(HrmDbTxn) txn = hrm_db_begin (self->db, error);
  g_autoptr(HrmStmt) stmt = NULL;

  if (txn == NULL)
    return FALSE;
  stmt = hrm_db_prepare (self->db,
                         "UPDATE outbox SET state = 'sent', link = NULL, attempts = attempts + 1,"
                         " last_error = NULL, sent_at = ? WHERE id = ? AND state = 'queued'",
                         error);
  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_int (stmt, 1, hrm_db_now ());
  hrm_stmt_bind_int (stmt, 2, id);
  if (!hrm_stmt_run (stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, hrm_stmt_release);
  return hrm_db_txn_commit (txn, error);
}

/* How long to wait after the @attempts-th failed try. */
static gint64
retry_wait (HrmOutbox *self,
            gint64     attempts)
{
  gint64 wait = self->retry_delay;

  for (gint64 i = 1; i < attempts && wait < HRM_OUTBOX_MAX_DELAY; i++)
    wait *= 2;
  return MIN (wait, HRM_OUTBOX_MAX_DELAY);
}

/* Notes a failed try; gives the row up when it is the last (or @error says
 * trying again will not help). Returns whether the row was given up. */
static gboolean
note_failure (HrmOutbox    *self,
              const Row    *row,
              const GError *failure,
              GError      **error)
{
  g_autoptr(HrmDbTxn) txn = hrm_db_begin (self->db, error);
  g_autoptr(HrmStmt) stmt = NULL;
  gint64 attempts = row->attempts + 1;
  gboolean give_up = attempts >= HRM_OUTBOX_MAX_ATTEMPTS
                     || g_error_matches (failure, HRM_ERROR, HRM_ERROR_INVALID);

  if (txn == NULL)
    return FALSE;
  stmt = hrm_db_prepare (self->db,
                         "UPDATE outbox SET attempts = ?, last_error = ?, next_attempt_at = ?,"
                         " state = CASE WHEN ? THEN 'failed' ELSE state END,"
                         " link = CASE WHEN ? THEN NULL ELSE link END"
                         " WHERE id = ? AND state = 'queued'", error);
  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_int (stmt, 1, attempts);
  hrm_stmt_bind_text (stmt, 2, failure->message);
  hrm_stmt_bind_int (stmt, 3, hrm_db_now () + retry_wait (self, attempts));
  hrm_stmt_bind_int (stmt, 4, give_up);
  hrm_stmt_bind_int (stmt, 5, give_up);
  hrm_stmt_bind_int (stmt, 6, row->id);
  if (!hrm_stmt_run (stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, hrm_stmt_release);

  /* When, for connection.delivery.at. */
  stmt = hrm_db_prepare (self->db,
                         "INSERT INTO outbox_notes (outbox_id, attempted_at) VALUES (?1, ?2)"
                         " ON CONFLICT (outbox_id) DO UPDATE SET attempted_at = ?2", error);
  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_int (stmt, 1, row->id);
  hrm_stmt_bind_int (stmt, 2, hrm_db_now ());
  if (!hrm_stmt_run (stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, hrm_stmt_release);
  if (give_up && !fail_bulk_item (self, row->id, failure->message, error))
    return FALSE;
  if (give_up && row->user_pk > 0)
    {
      /* The user's history says why the link never came. */
      g_autofree char *details =
        g_strdup_printf (row->kind == HRM_MAIL_VERIFY
                         ? _("Verification email could not be delivered: %s")
                         : _("Password reset email could not be delivered: %s"),
                         failure->message);

      if (!_hrm_server_record_event (self->db, row->user_pk, "hrm-server", "mail_failed", details,
                                     error))
        return FALSE;
    }
  if (!hrm_db_txn_commit (txn, error))
    return FALSE;

  if (give_up)
    g_warning ("Gave up mail %" G_GINT64_FORMAT " after %" G_GINT64_FORMAT " tries: %s",
               row->id, attempts, failure->message);
  else
    g_message ("Mail %" G_GINT64_FORMAT " not delivered (try %" G_GINT64_FORMAT " of %d): %s",
               row->id, attempts, HRM_OUTBOX_MAX_ATTEMPTS, failure->message);
  return give_up;
}

static void deliver_next (HrmOutbox *self);

static gboolean
deliver_cb (gpointer user_data)
{
  HrmOutbox *self = user_data;

  self->source_id = 0;
  deliver_next (self);
  return G_SOURCE_REMOVE;
}

/* Comes back in @seconds (or at once), unless something comes sooner. */
static void
schedule (HrmOutbox *self,
          gint64     seconds)
{
  g_clear_handle_id (&self->source_id, g_source_remove);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (seconds <= 0)
    self->source_id = g_idle_add (deliver_cb, self);
  else
    self->source_id = g_timeout_add_seconds ((guint) MIN (seconds, HRM_OUTBOX_MAX_DELAY),
                                             deliver_cb, self);
}

/* No copy of a cleared link stays in the write-ahead log. Returns FALSE
 * when that has to be tried again (another connection was reading). */
static gboolean
forget_delivered (HrmOutbox *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->delivered)
    return TRUE;
  if (!hrm_db_checkpoint (self->db, &error))
    {
      g_debug ("Checkpoint after delivery: %s", error->message);
      return FALSE;
    }
  self->delivered = FALSE;
  return TRUE;
}

typedef struct
{
  HrmOutbox *outbox;  /* owned */
  Row       *row;     /* owned */
} Sending;

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Sending *sending = user_data;
  g_autoptr(HrmOutbox) self = sending->outbox;
  g_autoptr(Row) row = sending->row;
  g_autoptr(GError) failure = NULL;
  g_autoptr(GError) error = NULL;
  gboolean sent;

  g_free (sending);
  sent = hrm_mail_transport_send_finish (HRM_MAIL_TRANSPORT (source), result, &failure);
  self->sending = FALSE;
  if (self->db == NULL)
    return;  /* not while stopping: hrm_outbox_stop() waits for this answer */
  if (g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;  /* stopping, before it went: it stays queued, this try uncounted */

  if (sent)
    {
      if (!mark_sent (self, row->id, &error))
        {
          /* Delivered but not noted: the next try finds it delivered. */
          g_warning ("Cannot note mail %" G_GINT64_FORMAT " as sent: %s", row->id, error->message);
          schedule (self, MAX (self->retry_delay, 1));
          return;
        }
      g_debug ("Delivered mail %" G_GINT64_FORMAT, row->id);
      self->delivered = TRUE;
    }
  else if (note_failure (self, row, failure, &error))
    self->delivered = TRUE;
  else if (error != NULL)
    {
      g_warning ("Cannot note a failed delivery of mail %" G_GINT64_FORMAT ": %s", row->id,
                 error->message);
      schedule (self, MAX (self->retry_delay, 1));
      return;
    }

  deliver_next (self);
}

static void
deliver_next (HrmOutbox *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *html = NULL;
  HrmMailMessage message;
  Sending *sending;
  Row *row;
  gint64 due;

  if (self->db == NULL || self->held || self->sending
      || g_cancellable_is_cancelled (self->cancellable))
    return;

  row = load_due (self, &error);
  if (row == NULL)
    {
      if (error != NULL)
        {
          g_warning ("Cannot read the outbox: %s", error->message);
          schedule (self, MAX (self->retry_delay, 1));
          return;
        }
      due = next_due (self);
      if (!forget_delivered (self))
        schedule (self, 1);
      else if (due > 0)
        schedule (self, MAX (due - hrm_db_now (), 1));
      return;
    }

  compose (self->time_zone, row->kind, row->to, row->name, row->language, row->organisation,
           row->link, row->link_expires_at, &subject, &body, &html);
  message = (HrmMailMessage) {
    .uid = row->uid,
    .created = row->created_at,
    .from = self->from,
    .to = row->to,
    .to_name = row->full_name && row->full_name[0] ? row->full_name : NULL,
    .subject = row->subject ? row->subject : subject,
    .body = body,
    .html = html,
  };

  sending = g_new0 (Sending, 1);
  sending->outbox = g_object_ref (self);
  sending->row = row;
  self->sending = TRUE;
  hrm_mail_transport_send_async (self->transport, &message, self->cancellable, on_sent, sending);
}

/**
 * hrm_outbox_deliver_soon:
 * Delivers what is queued and due, from the main loop (after a commit that
 * queued mail, and at start-up).
 */
void
hrm_outbox_deliver_soon (HrmOutbox *self)
{
  g_return_if_fail (HRM_IS_OUTBOX (self));

  if (self->db == NULL || self->held || self->sending
      || g_cancellable_is_cancelled (self->cancellable))
    return;  /* when sending, the row's end looks for more */
  schedule (self, 0);
}

/* Held, nothing is delivered (rows stay queued): for tests of what a crash
 * before the delivery leaves. */
void
hrm_outbox_set_held (HrmOutbox *self,
                     gboolean   held)
{
  g_return_if_fail (HRM_IS_OUTBOX (self));

  self->held = held;
  if (held)
    g_clear_handle_id (&self->source_id, g_source_remove);
}

void
hrm_outbox_set_retry_delay (HrmOutbox *self,
                            gint64     seconds)
{
  g_return_if_fail (HRM_IS_OUTBOX (self));
  g_return_if_fail (seconds >= 0);

  self->retry_delay = seconds;
}

/* The sender's address of every mail (NULL: HRM_MAIL_DEFAULT_FROM). */
void
hrm_outbox_set_from (HrmOutbox  *self,
                     const char *address)
{
  g_return_if_fail (HRM_IS_OUTBOX (self));

  g_free (self->from);
  self->from = g_strdup (address);
}

/* The organisation's time zone, in which a mail says when its link ends
 * (NULL: UTC). */
void
hrm_outbox_set_time_zone (HrmOutbox *self,
                          GTimeZone *time_zone)
{
  g_return_if_fail (HRM_IS_OUTBOX (self));

  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  if (time_zone != NULL)
    self->time_zone = g_time_zone_ref (time_zone);
}

/**
 * hrm_outbox_stop:
 * Delivers nothing more and forgets the database (before it is closed). The
 * message with the transport is cancelled and waited for, the main loop
 * running meanwhile: the transport ends it soon (hrm-mail-transport.c), and
 * it is noted sent or stays queued. No thread of the transport's is left
 * sending when the process exits.
 */
void
hrm_outbox_stop (HrmOutbox *self)
{
  g_return_if_fail (HRM_IS_OUTBOX (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->source_id, g_source_remove);
  while (self->sending)
    g_main_context_iteration (self->context, TRUE);
  if (self->db != NULL)
    forget_delivered (self);
  self->db = NULL;
}

static void
hrm_outbox_dispose (GObject *object)
{
  HrmOutbox *self = HRM_OUTBOX (object);

  hrm_outbox_stop (self);
  g_clear_object (&self->transport);

  G_OBJECT_CLASS (hrm_outbox_parent_class)->dispose (object);
}

static void
hrm_outbox_finalize (GObject *object)
{
  HrmOutbox *self = HRM_OUTBOX (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->time_zone, g_time_zone_unref);

  G_OBJECT_CLASS (hrm_outbox_parent_class)->finalize (object);
}

static void
hrm_outbox_class_init (HrmOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hrm_outbox_dispose;
  object_class->finalize = hrm_outbox_finalize;
}

static void
hrm_outbox_init (HrmOutbox *self)
{
  self->cancellable = g_cancellable_new ();
  self->context = g_main_context_ref_thread_default ();
  self->retry_delay = HRM_OUTBOX_RETRY_DELAY;
}
