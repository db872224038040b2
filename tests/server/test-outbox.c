/* test-outbox.c — mail leaves only with what was committed, and exactly once
 *
 * The verification and password-reset mails carry a one-time link. They are
 * queued in the outbox in the same transaction as the link's token and
 * delivered after the commit: a transaction that fails sends nothing, and a
 * server that dies between the commit and the delivery delivers the mail
 * once it runs again, once.
 *
 * A real commit failure, no test-only switch in the server: a trigger the
 * test adds puts a row that breaks a deferred foreign key into the request's
 * transaction, and SQLite refuses the COMMIT.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>

#include "server-test.h"

/* The server logs a refused commit as an internal error with g_warning:
 * that must not abort it (the tests' G_DEBUG has fatal-warnings). */
static const char * const failing_env[] = { "G_DEBUG=gc-friendly", NULL };
/* Deliveries wait: the outbox keeps what was committed until a restart. */
static const char * const hold_env[] = { "HRM_SERVER_OUTBOX_HOLD=1", NULL };

#define BREAK_COMMITS \
  "CREATE TABLE test_commit_breaker (user_pk INTEGER REFERENCES users (id)" \
  "  DEFERRABLE INITIALLY DEFERRED);" \
  "CREATE TRIGGER test_break_commit AFTER INSERT ON events" \
  "  WHEN new.action IN ('verification_sent', 'password_reset_sent')" \
  "  BEGIN INSERT INTO test_commit_breaker VALUES (-1); END;"
#define MEND_COMMITS "DROP TRIGGER test_break_commit;"

static void
setup_failing (Fixture       *f,
               gconstpointer  data)
{
  fixture_setup_with_env (f, failing_env);
}

static void
setup_hold (Fixture       *f,
            gconstpointer  data)
{
  fixture_setup_with_env (f, hold_env);
}

static char *
user_path (gint64      id,
           const char *suffix)
{
  return g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "%s", id, suffix);
}

static guint
post (Fixture    *f,
      gint64      id,
      const char *suffix)
{
  g_autofree char *path = user_path (id, suffix);
  g_autoptr(HrmTestResponse) r = api (f, "POST", path, NULL);

  g_assert_cmpuint (r->status, !=, 0);
  return r->status;
}

static gint64
count_tokens (Fixture    *f,
              gint64      id,
              const char *kind)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM tokens WHERE user_pk = %"
                                          G_GINT64_FORMAT " AND kind = '%s'", id, kind);

  return db_query_int (f, sql);
}

/* Waits until the outbox has nothing queued (the delivery marks rows sent
 * after writing the file). */
static void
wait_outbox_idle (Fixture *f)
{
  for (guint i = 0; i < 1000; i++)
    {
      if (db_query_int (f, "SELECT count(*) FROM outbox WHERE state = 'queued'") == 0)
        return;
      g_usleep (10000);
    }
  g_assert_not_reached ();
}

/* Whether @needle is anywhere in the file at @path (a missing file has nothing). */
static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length;
  gsize n = strlen (needle);

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (contents + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* Once delivered, the database keeps no usable link: neither in the outbox
 * row nor in the bytes of the database and its write-ahead log. */
static void
assert_link_forgotten (Fixture    *f,
                       const char *link)
{
  const char *db_path = hrm_test_server_get_db_path (f->server);
  g_autofree char *wal_path = g_strconcat (db_path, "-wal", NULL);
  g_autofree char *token = link_token (link);

  gboolean in_files = TRUE;

  wait_outbox_idle (f);
  g_assert_cmpint (db_query_int (f, "SELECT count(*) FROM outbox WHERE link IS NOT NULL"), ==, 0);

  /* The log is emptied right after the delivery, or (while another
   * connection, such as this test's, reads) a moment later. */
  for (guint i = 0; i < 100 && in_files; i++)
    {
      in_files = file_contains (db_path, token) || file_contains (wal_path, token);
      if (in_files)
        g_usleep (100000);
    }
  g_assert_false (file_contains (db_path, token));
  g_assert_false (file_contains (wal_path, token));
}

static void
test_failed_commit_verification (Fixture       *f,
                                 gconstpointer  data)
{
  const char *email = "broken.commit@example.com";
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *link = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  patch_user_ok (f, id, "{\"email\": \"broken.commit@example.com\"}");
  before = user_snapshot (f, id);

  db_exec (f, BREAK_COMMITS);
  g_assert_cmpuint (post (f, id, "/verification-email"), ==, 500);

  /* Nothing of it stayed: the user is not pending, there is no token to
   * follow, and no mail came (nor comes later). */
  after = user_snapshot (f, id);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (count_tokens (f, id, "verify"), ==, 0);
  g_assert_null (hrm_test_server_wait_for_mail (f->server, email, 1000));
  g_assert_cmpuint (hrm_test_server_count_mail (f->server, email), ==, 0);

  /* With commits working again, one mail, whose link works. */
  db_exec (f, MEND_COMMITS);
  g_assert_cmpuint (post (f, id, "/verification-email"), ==, 202);
  link = wait_for_link (f, email, "/connect/verify?token=");
  {
    g_autoptr(HrmTestResponse) r = hrm_test_http (f->session, "GET", link, NULL, NULL, 0, NULL);
    hrm_test_assert_status (r, 200);
  }
  assert_link_forgotten (f, link);
  g_assert_cmpuint (hrm_test_server_count_mail (f->server, email), ==, 1);
}

static void
test_failed_commit_reset (Fixture       *f,
                          gconstpointer  data)
{
  const char *email = "broken.reset@example.com";
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  link_user (f, id, email);
  g_assert_cmpuint (hrm_test_server_count_mail (f->server, email), ==, 1);

  db_exec (f, BREAK_COMMITS);
  g_assert_cmpuint (post (f, id, "/password-reset"), ==, 500);

  g_assert_cmpint (count_tokens (f, id, "reset"), ==, 0);
  g_assert_null (hrm_test_server_wait_for_mail (f->server, email, 1000));
  g_assert_cmpuint (hrm_test_server_count_mail (f->server, email), ==, 1);

  db_exec (f, MEND_COMMITS);
  g_assert_cmpuint (post (f, id, "/password-reset"), ==, 202);
  {
    g_autofree char *link = wait_for_link (f, email, "/connect/reset?token=");

    assert_link_forgotten (f, link);
  }
  g_assert_cmpuint (hrm_test_server_count_mail (f->server, email), ==, 2);
}

/* What was committed is delivered after a crash, once, even across more
 * restarts. */
static void
test_delivered_after_crash (Fixture       *f,
                            gconstpointer  data)
{
  const char *email = "after.crash@example.com";
  g_autofree char *link = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  patch_user_ok (f, id, "{\"email\": \"after.crash@example.com\"}");
  g_assert_cmpuint (post (f, id, "/verification-email"), ==, 202);

  /* Committed (the answer came after the commit), held, not delivered. */
  g_assert_null (hrm_test_server_wait_for_mail (f->server, email, 500));
  g_assert_cmpint (db_query_int (f, "SELECT count(*) FROM outbox WHERE state = 'queued'"), ==, 1);

  hrm_test_server_kill (f->server);
  hrm_test_server_set_env (f->server, NULL);
  g_assert_true (hrm_test_server_restart (f->server, &error));
  g_assert_no_error (error);

  link = wait_for_link (f, email, "/connect/verify?token=");
  assert_link_forgotten (f, link);
  g_assert_cmpint (db_query_int (f, "SELECT attempts FROM outbox WHERE state = 'sent'"), ==, 1);
  g_assert_cmpuint (hrm_test_server_count_mail (f->server, email), ==, 1);

  /* The link in the mail is the committed one. */
  {
    g_autoptr(HrmTestResponse) r = hrm_test_http (f->session, "GET", link, NULL, NULL, 0, NULL);
    hrm_test_assert_status (r, 200);
  }

  /* Another restart finds nothing to deliver. */
  g_assert_true (hrm_test_server_restart (f->server, &error));
  g_assert_no_error (error);
  g_assert_null (hrm_test_server_wait_for_mail (f->server, email, 1000));
  g_assert_cmpuint (hrm_test_server_count_mail (f->server, email), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/outbox/failed-commit/verification", Fixture, NULL, setup_failing,
              test_failed_commit_verification, fixture_teardown);
  g_test_add ("/server/outbox/failed-commit/password-reset", Fixture, NULL, setup_failing,
              test_failed_commit_reset, fixture_teardown);
  g_test_add ("/server/outbox/delivered-after-crash", Fixture, NULL, setup_hold,
              test_delivered_after_crash, fixture_teardown);

  return g_test_run ();
}
