/* test-outbox-delivery.c — the outbox's delivery, without a running server:
 * one message per row however often it is delivered, retries, giving up,
 * holding, and replaced links
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <glib/gstdio.h>
#include <string.h>

#include "hrm-error.h"
#include "hrm-mailer.h"
#include "hrm-outbox.h"

/* ---- a transport that fails as told --------------------------------------- */

#define TEST_TYPE_TRANSPORT (test_transport_get_type ())
G_DECLARE_FINAL_TYPE (TestTransport, test_transport, TEST, TRANSPORT, GObject)

struct _TestTransport
{
  GObject  parent_instance;
  int      code;   /* the HRM_ERROR code of every failure */
  guint    calls;
};

static void test_transport_iface_init (HrmMailTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestTransport, test_transport, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (HRM_TYPE_MAIL_TRANSPORT,
                                                      test_transport_iface_init))

static void
test_transport_send_async (HrmMailTransport     *transport,
                           const HrmMailMessage *message,
                           GCancellable         *cancellable,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data)
{
  TestTransport *self = TEST_TRANSPORT (transport);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  self->calls++;
  /* A transport's error never holds the body (and its link). */
  g_assert_nonnull (strstr (message->body, "token="));
  g_task_return_new_error (task, HRM_ERROR, self->code, "The disk is full");
}

static gboolean
test_transport_send_finish (HrmMailTransport  *transport,
                            GAsyncResult      *result,
                            GError           **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
test_transport_iface_init (HrmMailTransportInterface *iface)
{
  iface->send_async = test_transport_send_async;
  iface->send_finish = test_transport_send_finish;
}

static void
test_transport_class_init (TestTransportClass *klass)
{
}

static void
test_transport_init (TestTransport *self)
{
  self->code = HRM_ERROR_FAILED;
}

/* ---- the fixture ---------------------------------------------------------- */

typedef struct
{
  char             *dir;
  char             *mail_dir;
  HrmDb            *db;
  HrmMailTransport *transport;
  HrmOutbox        *outbox;
  gint64            user_pk;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("hrm-outbox-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "hrm.db", NULL);
  f->mail_dir = g_build_filename (f->dir, "mail", NULL);
  f->db = hrm_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (hrm_db_exec (f->db, "INSERT INTO users (user_id, user_id_key, updated_at)"
                                     " VALUES ('anna', 'anna', 0)", &error));
  g_assert_no_error (error);
  f->user_pk = hrm_db_last_insert_id (f->db);

  if (data != NULL)
    f->transport = g_object_new (TEST_TYPE_TRANSPORT, NULL);
  else
    f->transport = HRM_MAIL_TRANSPORT (hrm_mailer_new (f->mail_dir, &error));
  g_assert_no_error (error);
  f->outbox = hrm_outbox_new (f->db, f->transport);
  hrm_outbox_set_retry_delay (f->outbox, 0);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  hrm_outbox_stop (f->outbox);
  g_clear_object (&f->outbox);
  g_clear_object (&f->transport);
  g_clear_pointer (&f->db, hrm_db_close);
  remove_tree (f->dir);
  g_free (f->mail_dir);
  g_free (f->dir);
}

static void
queue (Fixture     *f,
       HrmMailKind  kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmDbTxn) txn = hrm_db_begin (f->db, &error);
  HrmOutboxMail mail = {
    .kind = kind,
    .user_pk = f->user_pk,
    .to = "anna@example.com",
    .name = "Anna",
    .language = "sv",
    .link = "http://127.0.0.1:1/connect/verify?token=secret-token-value",
    .link_expires_at = hrm_db_now () + 3600,
  };

  g_assert_no_error (error);
  g_assert_true (hrm_outbox_queue (f->db, &mail, &error));
  g_assert_no_error (error);
  g_assert_true (hrm_db_txn_commit (txn, &error));
  g_assert_no_error (error);
}

static gint64
query_int (Fixture    *f,
           const char *sql)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (f->db, sql, NULL);

  g_assert_nonnull (stmt);
  return hrm_stmt_step (stmt, NULL) ? hrm_stmt_get_int (stmt, 0) : -1;
}

static char *
query_text (Fixture    *f,
            const char *sql)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (f->db, sql, NULL);

  g_assert_nonnull (stmt);
  return hrm_stmt_step (stmt, NULL) ? hrm_stmt_dup_text (stmt, 0) : NULL;
}

/* Runs the main loop until no row is queued (or 10 s have passed). */
static void
run_until_nothing_queued (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (query_int (f, "SELECT count(*) FROM outbox WHERE state = 'queued'") > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static void
run_a_while (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static guint
count_files (Fixture    *f,
             const char *subdir)
{
  g_autofree char *path = g_build_filename (f->mail_dir, subdir, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* ---- the tests ------------------------------------------------------------ */

static void
test_delivered_once (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *new_dir = g_build_filename (f->mail_dir, "new", NULL);
  g_autofree char *name = NULL;

  queue (f, HRM_MAIL_VERIFY);
  hrm_outbox_deliver_soon (f->outbox);
  run_until_nothing_queued (f);

  g_assert_cmpuint (count_files (f, "new"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT attempts FROM outbox WHERE state = 'sent'"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM outbox WHERE link IS NOT NULL"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT sent_at FROM outbox"), >, 0);

  /* A crash after the file was written but before the row was marked: the
   * row is queued again, with its link. Delivering it again is one message. */
  g_assert_true (hrm_db_exec (f->db, "UPDATE outbox SET state = 'queued', sent_at = NULL,"
                                     " link = 'http://127.0.0.1:1/connect/verify?token=x'", NULL));
  hrm_outbox_deliver_soon (f->outbox);
  run_until_nothing_queued (f);
  g_assert_cmpuint (count_files (f, "new"), ==, 1);
  g_assert_cmpuint (count_files (f, "tmp"), ==, 0);

  /* Also when a mail reader has seen it and moved it to cur/. */
  {
    g_autoptr(GDir) dir = g_dir_open (new_dir, 0, NULL);
    g_autofree char *from = NULL;
    g_autofree char *to = NULL;

    name = g_strdup (g_dir_read_name (dir));
    from = g_build_filename (new_dir, name, NULL);
    to = g_strdup_printf ("%s/cur/%s:2,S", f->mail_dir, name);
    g_assert_cmpint (g_rename (from, to), ==, 0);
  }
  g_assert_true (hrm_db_exec (f->db, "UPDATE outbox SET state = 'queued', sent_at = NULL,"
                                     " link = 'http://127.0.0.1:1/connect/verify?token=x'", NULL));
  hrm_outbox_deliver_soon (f->outbox);
  run_until_nothing_queued (f);
  g_assert_cmpuint (count_files (f, "new"), ==, 0);
  g_assert_cmpuint (count_files (f, "cur"), ==, 1);
}

static void
test_held (Fixture       *f,
           gconstpointer  data)
{
  hrm_outbox_set_held (f->outbox, TRUE);
  queue (f, HRM_MAIL_RESET);
  hrm_outbox_deliver_soon (f->outbox);
  run_a_while (200);
  g_assert_cmpuint (count_files (f, "new"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM outbox WHERE state = 'queued'"
                                 " AND link IS NOT NULL"), ==, 1);

  hrm_outbox_set_held (f->outbox, FALSE);
  hrm_outbox_deliver_soon (f->outbox);
  run_until_nothing_queued (f);
  g_assert_cmpuint (count_files (f, "new"), ==, 1);
}

static void
test_retried_then_given_up (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *last_error = NULL;

  queue (f, HRM_MAIL_VERIFY);
  for (guint i = 1; i < HRM_OUTBOX_MAX_ATTEMPTS; i++)
    g_test_expect_message ("hrm-outbox", G_LOG_LEVEL_MESSAGE,
                           "Mail * not delivered (try *): The disk is full");
  g_test_expect_message ("hrm-outbox", G_LOG_LEVEL_WARNING, "Gave up mail *The disk is full");
  hrm_outbox_deliver_soon (f->outbox);
  run_until_nothing_queued (f);
  g_test_assert_expected_messages ();

  g_assert_cmpuint (TEST_TRANSPORT (f->transport)->calls, ==, HRM_OUTBOX_MAX_ATTEMPTS);
  g_assert_cmpint (query_int (f, "SELECT attempts FROM outbox WHERE state = 'failed'"), ==,
                   HRM_OUTBOX_MAX_ATTEMPTS);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM outbox WHERE link IS NOT NULL"), ==, 0);
  last_error = query_text (f, "SELECT last_error FROM outbox");
  g_assert_cmpstr (last_error, ==, "The disk is full");
}

static void
test_refused_for_good (Fixture       *f,
                       gconstpointer  data)
{
  TEST_TRANSPORT (f->transport)->code = HRM_ERROR_INVALID;
  queue (f, HRM_MAIL_VERIFY);
  g_test_expect_message ("hrm-outbox", G_LOG_LEVEL_WARNING, "Gave up mail *");
  hrm_outbox_deliver_soon (f->outbox);
  run_until_nothing_queued (f);
  g_test_assert_expected_messages ();

  g_assert_cmpuint (TEST_TRANSPORT (f->transport)->calls, ==, 1);
  g_assert_cmpint (query_int (f, "SELECT attempts FROM outbox WHERE state = 'failed'"), ==, 1);
}

static void
test_replaced (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  hrm_outbox_set_held (f->outbox, TRUE);
  queue (f, HRM_MAIL_VERIFY);
  queue (f, HRM_MAIL_RESET);
  queue (f, HRM_MAIL_VERIFY);

  /* The newer verification replaced the older one; the reset stays. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM outbox WHERE state = 'queued'"), ==, 2);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM outbox WHERE state = 'failed'"
                                 " AND kind = 'verify' AND link IS NULL"), ==, 1);

  /* Deleting the connection ends both. */
  {
    g_autoptr(HrmDbTxn) txn = hrm_db_begin (f->db, &error);

    g_assert_true (hrm_outbox_cancel (f->db, f->user_pk, HRM_OUTBOX_ANY_KIND, &error));
    g_assert_true (hrm_db_txn_commit (txn, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM outbox WHERE state = 'queued'"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM outbox WHERE link IS NOT NULL"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  static const char failing[] = "failing transport";

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/outbox-delivery/delivered-once", Fixture, NULL, setup, test_delivered_once, teardown);
  g_test_add ("/server/outbox-delivery/held", Fixture, NULL, setup, test_held, teardown);
  g_test_add ("/server/outbox-delivery/retried-then-given-up", Fixture, failing, setup,
              test_retried_then_given_up, teardown);
  g_test_add ("/server/outbox-delivery/refused-for-good", Fixture, failing, setup, test_refused_for_good,
              teardown);
  g_test_add ("/server/outbox-delivery/replaced", Fixture, NULL, setup, test_replaced, teardown);

  return g_test_run ();
}
