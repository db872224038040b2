/* test-smtp.c — hrm-server delivers to a real SMTP server, and says how it went
 *
 * The SMTP server is aiosmtpd (tests/common/hrm-test-smtp.py) on a free
 * loopback port, with STARTTLS (a fresh certificate the server is told to
 * trust) and AUTH. Its answer depends on the recipient: "tempfail…" gets 451
 * once, "reject…" 550. The tests follow a verification mail from the API
 * through the outbox to the received message, and read the delivery state
 * back from the API (connection.delivery).
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>
#include <sys/wait.h>

#include "hrm-test-smtp.h"
#include "server-test.h"

typedef struct
{
  Fixture      base;
  HrmTestSmtp *smtp;
} SmtpFixture;

/* A failed delivery is logged with g_message or g_warning (giving up): that
 * must not abort the server under the tests' fatal-warnings. */
static const char * const smtp_env[] = {
  "G_DEBUG=gc-friendly", "HRM_SERVER_MAIL_RETRY_SECONDS=1", NULL
};
static const char * const hold_env[] = {
  "G_DEBUG=gc-friendly", "HRM_SERVER_MAIL_RETRY_SECONDS=1", "HRM_SERVER_OUTBOX_HOLD=1", NULL
};

static void
start_server (SmtpFixture        *f,
              const char         *url,
              const char * const *env)
{
  g_autoptr(GError) error = NULL;
  const char *args[] = {
    "--smtp", url,
    "--smtp-user", HRM_TEST_SMTP_USER,
    "--smtp-password-file", hrm_test_smtp_get_password_file (f->smtp),
    "--smtp-ca-file", hrm_test_smtp_get_ca_file (f->smtp),
    "--mail-from", "hr@nordljus.example",
    NULL
  };

  f->base.server = hrm_test_server_new_full (TRUE, args, env, &error);
  g_assert_no_error (error);
  hrm_test_server_set_mail_dir (f->base.server, hrm_test_smtp_get_mail_dir (f->smtp));
  f->base.session = hrm_test_session_new ();
  f->base.admin_token = hrm_test_sign_in (f->base.server, "admin");
  f->base.clerk_token = hrm_test_sign_in (f->base.server, "clerk");
}

static void
setup_with (SmtpFixture        *f,
            const char * const *env,
            gboolean            unreachable)
{
  g_autoptr(GError) error = NULL;

  memset (f, 0, sizeof *f);
  if (!hrm_test_server_available ())
    {
      g_test_skip ("HRM_SERVER_PATH is not set: hrm-server was not built");
      return;
    }
  f->smtp = hrm_test_smtp_new (TRUE, &error);
  g_assert_no_error (error);
  if (f->smtp == NULL)
    return;  /* skipped: no aiosmtpd */

  /* Port 1 on loopback: nothing listens, the connection is refused. */
  start_server (f, unreachable ? "smtp://127.0.0.1:1" : hrm_test_smtp_get_url (f->smtp), env);
}

static void
setup (SmtpFixture   *f,
       gconstpointer  data)
{
  setup_with (f, smtp_env, FALSE);
}

static void
setup_hold (SmtpFixture   *f,
            gconstpointer  data)
{
  setup_with (f, hold_env, FALSE);
}

static void
setup_unreachable (SmtpFixture   *f,
                   gconstpointer  data)
{
  setup_with (f, smtp_env, TRUE);
}

static void
teardown (SmtpFixture   *f,
          gconstpointer  data)
{
  fixture_teardown (&f->base, data);
  g_clear_pointer (&f->smtp, hrm_test_smtp_free);
}

#define SKIP_WITHOUT_SMTP(f) G_STMT_START { if ((f)->base.server == NULL) return; } G_STMT_END

/* The @nth user who is not linked (whose address may change). */
static gint64
unlinked_user (SmtpFixture *f,
               guint        nth)
{
  g_autoptr(GPtrArray) users = list_all_users (&f->base, "connection=not_linked", 200);

  g_assert_cmpuint (users->len, >, nth);
  return hrm_test_json_get_int (g_ptr_array_index (users, nth), "id");
}

/* Asks for a verification mail to @email for user @id, and returns at once. */
static void
request_verification (SmtpFixture *f,
                      gint64       id,
                      const char  *email)
{
  g_autofree char *patch = g_strdup_printf ("{\"email\": \"%s\"}", email);
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "/verification-email",
                                           id);
  g_autoptr(HrmTestResponse) r = NULL;

  patch_user_ok (&f->base, id, patch);
  r = api (&f->base, "POST", path, NULL);
  hrm_test_assert_status (r, 202);
}

/* The user's connection.delivery once its state is @state (the outbox works
 * in the background); fails the test when it never gets there. */
static JsonObject *
wait_for_delivery (SmtpFixture *f,
                   gint64       id,
                   const char  *state)
{
  for (guint i = 0; i < 600; i++)
    {
      g_autoptr(JsonObject) user = get_user (&f->base, id, NULL);
      JsonObject *connection = json_object_get_object_member (user, "connection");
      JsonNode *delivery = json_object_get_member (connection, "delivery");

      g_assert_nonnull (delivery);
      if (!JSON_NODE_HOLDS_NULL (delivery)
          && g_strcmp0 (json_object_get_string_member (json_node_get_object (delivery), "state"),
                        state) == 0)
        return json_object_ref (json_node_get_object (delivery));
      g_usleep (50000);
    }
  g_assert_not_reached ();
}

static void
test_delivered (SmtpFixture   *f,
                gconstpointer  data)
{
  g_autoptr(JsonObject) delivery = NULL;
  g_autoptr(HrmTestResponse) page = NULL;
  g_autofree char *message = NULL;
  g_autofree char *to = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *from = NULL;
  g_autofree char *html = NULL;
  g_autofree char *link = NULL;
  gint64 id;

  SKIP_WITHOUT_SMTP (f);

  id = unlinked_user (f, 3);
  patch_user_ok (&f->base, id, "{\"first_name\": \"Åsa\", \"last_name\": \"Öberg-Ärlemalm\"}");
  request_verification (f, id, "asa.oberg@example.se");

  /* Received over the authenticated TLS session, from --mail-from. */
  message = hrm_test_server_wait_for_mail (f->base.server, "asa.oberg@example.se", MAIL_TIMEOUT_MS);
  g_assert_nonnull (message);
  g_assert_cmpuint (hrm_test_smtp_count_log (f->smtp, "auth " HRM_TEST_SMTP_USER " ok"), ==, 1);
  to = hrm_test_mail_decode_header (message, "To");
  g_assert_cmpstr (to, ==, "Åsa Öberg-Ärlemalm <asa.oberg@example.se>");
  subject = hrm_test_mail_decode_header (message, "Subject");
  g_assert_cmpstr (subject, ==, "Bekräfta din e-postadress");  /* the demo users read Swedish */
  from = hrm_test_mail_get_header (message, "From");
  g_assert_nonnull (strstr (from, "hr@nordljus.example"));

  /* Both parts, the same link in each, and the link works. */
  html = hrm_test_mail_get_text (message, "html");
  link = hrm_test_mail_extract_link (message, "/connect/verify?token=");
  g_assert_nonnull (html);
  g_assert_nonnull (link);
  g_assert_nonnull (strstr (html, link));
  page = hrm_test_http (f->base.session, "GET", link, NULL, NULL, 0, NULL);
  hrm_test_assert_status (page, 200);

  delivery = wait_for_delivery (f, id, "sent");
  g_assert_true (hrm_test_json_is_null (delivery, "error"));
  g_assert_nonnull (hrm_test_json_get_string (delivery, "at"));
}

/* A bulk of mails goes over the one connection the transport keeps. */
static void
test_connection_reused (SmtpFixture   *f,
                        gconstpointer  data)
{
  SKIP_WITHOUT_SMTP (f);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *address = g_strdup_printf ("reuse%u@example.com", i);
      g_autofree char *message = NULL;

      request_verification (f, unlinked_user (f, 10 + i), address);
      message = hrm_test_server_wait_for_mail (f->base.server, address, MAIL_TIMEOUT_MS);
      g_assert_nonnull (message);
    }
  g_assert_cmpuint (hrm_test_smtp_count_log (f->smtp, "connect"), ==, 1);
}

/* 451: tried again after the back-off, and then sent. */
static void
test_temporary_failure_retried (SmtpFixture   *f,
                                gconstpointer  data)
{
  g_autoptr(JsonObject) delivery = NULL;
  g_autofree char *message = NULL;
  gint64 id;

  SKIP_WITHOUT_SMTP (f);

  id = unlinked_user (f, 4);
  request_verification (f, id, "tempfail@example.com");
  message = hrm_test_server_wait_for_mail (f->base.server, "tempfail@example.com", MAIL_TIMEOUT_MS);
  g_assert_nonnull (message);
  g_assert_cmpuint (hrm_test_smtp_count_log (f->smtp, "rcpt tempfail@example.com 451"), ==, 1);
  g_assert_cmpuint (hrm_test_smtp_count_log (f->smtp, "rcpt tempfail@example.com 250"), ==, 1);

  delivery = wait_for_delivery (f, id, "sent");
  g_assert_true (hrm_test_json_is_null (delivery, "error"));
}

/* 550: failed at once, with the server's words, and not tried again. */
static void
test_permanent_failure (SmtpFixture   *f,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) delivery = NULL;
  const char *error;
  gint64 id;

  SKIP_WITHOUT_SMTP (f);

  id = unlinked_user (f, 5);
  request_verification (f, id, "reject@example.com");
  delivery = wait_for_delivery (f, id, "failed");
  error = hrm_test_json_get_string (delivery, "error");
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error, "550 5.1.1"));
  g_assert_nonnull (strstr (error, "mailbox unavailable"));
  g_assert_cmpuint (hrm_test_smtp_count_log (f->smtp, "rcpt reject@example.com 550"), ==, 1);
  g_assert_cmpuint (hrm_test_server_count_mail (f->base.server, "reject@example.com"), ==, 0);

  /* The user's history says so too. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "/events", id);
    g_autoptr(HrmTestResponse) events = api (&f->base, "GET", path, NULL);

    hrm_test_assert_status (events, 200);
    g_assert_nonnull (strstr (events->text, "\"mail_failed\""));
    g_assert_nonnull (strstr (events->text,
                              "Verification email could not be delivered: 550 5.1.1"));
  }
}

/* No server to talk to: retrying, with libcurl's reason. */
static void
test_unreachable_retrying (SmtpFixture   *f,
                           gconstpointer  data)
{
  g_autoptr(JsonObject) delivery = NULL;
  const char *error;
  gint64 id;

  SKIP_WITHOUT_SMTP (f);

  id = unlinked_user (f, 6);
  request_verification (f, id, "anna@example.com");
  delivery = wait_for_delivery (f, id, "retrying");
  error = hrm_test_json_get_string (delivery, "error");
  g_test_message ("error: %s", error);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "connect"));
}

/* Queued when the server stopped: delivered after the restart, once. */
static void
test_restart_delivers_once (SmtpFixture   *f,
                            gconstpointer  data)
{
  static const char * const env[] = { "G_DEBUG=gc-friendly", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) delivery = NULL;
  g_autofree char *message = NULL;
  gint64 id;

  SKIP_WITHOUT_SMTP (f);

  id = unlinked_user (f, 7);
  request_verification (f, id, "restart@example.com");
  delivery = wait_for_delivery (f, id, "queued");
  g_assert_cmpuint (hrm_test_smtp_count_log (f->smtp, "connect"), ==, 0);

  hrm_test_server_stop (f->base.server);
  hrm_test_server_set_env (f->base.server, env);
  g_assert_true (hrm_test_server_restart (f->base.server, &error));
  g_assert_no_error (error);

  message = hrm_test_server_wait_for_mail (f->base.server, "restart@example.com", MAIL_TIMEOUT_MS);
  g_assert_nonnull (message);
  g_clear_pointer (&delivery, json_object_unref);
  g_clear_pointer (&f->base.admin_token, g_free);
  f->base.admin_token = hrm_test_sign_in (f->base.server, "admin");
  delivery = wait_for_delivery (f, id, "sent");
  g_assert_cmpuint (hrm_test_server_count_mail (f->base.server, "restart@example.com"), ==, 1);
  g_assert_cmpuint (hrm_test_smtp_count_log (f->smtp, "data restart@example.com"), ==, 1);
}

/* Until the SMTP server's log has @line (it works in the background). */
static void
wait_for_smtp_log (SmtpFixture *f,
                   const char  *line)
{
  for (guint i = 0; i < 400; i++)
    {
      if (hrm_test_smtp_count_log (f->smtp, line) > 0)
        return;
      g_usleep (50000);
    }
  g_error ("The SMTP server never logged \"%s\"", line);
}

static void
restart_with (SmtpFixture        *f,
              const char * const *env)
{
  g_autoptr(GError) error = NULL;

  hrm_test_server_set_env (f->base.server, env);
  g_assert_true (hrm_test_server_restart (f->base.server, &error));
  g_assert_no_error (error);
  g_clear_pointer (&f->base.admin_token, g_free);
  f->base.admin_token = hrm_test_sign_in (f->base.server, "admin");
}

/* Stopped while the SMTP server sits on the envelope for a minute, the
 * server stops at once (and cleanly: the test server checks its exit), and
 * the mail stays queued as if never tried; the next start delivers it. */
static void
test_stop_while_sending (SmtpFixture   *f,
                         gconstpointer  data)
{
  g_autoptr(JsonObject) delivery = NULL;
  g_autofree char *message = NULL;
  gint64 id, started;

  SKIP_WITHOUT_SMTP (f);

  id = unlinked_user (f, 10);
  request_verification (f, id, "stall@example.com");
  wait_for_smtp_log (f, "rcpt-held stall@example.com");

  started = g_get_monotonic_time ();
  hrm_test_server_stop (f->base.server);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
  g_assert_cmpuint (hrm_test_smtp_count_log (f->smtp, "data stall@example.com"), ==, 0);

  restart_with (f, hold_env);
  delivery = wait_for_delivery (f, id, "queued");
  g_assert_true (hrm_test_json_is_null (delivery, "error"));
  hrm_test_server_stop (f->base.server);

  restart_with (f, smtp_env);
  message = hrm_test_server_wait_for_mail (f->base.server, "stall@example.com", MAIL_TIMEOUT_MS);
  g_assert_nonnull (message);
  g_clear_pointer (&delivery, json_object_unref);
  delivery = wait_for_delivery (f, id, "sent");
  g_assert_cmpuint (hrm_test_smtp_count_log (f->smtp, "data stall@example.com"), ==, 1);
}

/* Stopped after the SMTP server has the whole message but before it says
 * so (RFC 1047's duplicate), the server waits for its answer and notes the
 * mail sent: the next start does not send it again. */
static void
test_stop_after_sending (SmtpFixture   *f,
                         gconstpointer  data)
{
  g_autoptr(JsonObject) delivery = NULL;
  gint64 id;

  SKIP_WITHOUT_SMTP (f);

  id = unlinked_user (f, 11);
  request_verification (f, id, "slow@example.com");
  wait_for_smtp_log (f, "data slow@example.com");
  hrm_test_server_stop (f->base.server);

  restart_with (f, smtp_env);
  delivery = wait_for_delivery (f, id, "sent");
  g_assert_true (hrm_test_json_is_null (delivery, "error"));
  g_assert_cmpuint (hrm_test_smtp_count_log (f->smtp, "data slow@example.com"), ==, 1);
  g_assert_cmpuint (hrm_test_smtp_count_log (f->smtp, "rcpt slow@example.com 250"), ==, 1);
}

/* A bulk job's item whose mail bounced counts as failed, with the reason. */
static void
test_bulk_item_fails (SmtpFixture   *f,
                      gconstpointer  data)
{
  gint64 good = 0, bad = 0, job = 0;
  g_autofree char *body = NULL;
  g_autofree char *items_path = NULL;
  g_autoptr(HrmTestResponse) r = NULL;
  g_autoptr(HrmTestResponse) items = NULL;
  g_autofree char *message = NULL;
  JsonObject *item;

  SKIP_WITHOUT_SMTP (f);

  good = unlinked_user (f, 8);
  bad = unlinked_user (f, 9);
  patch_user_ok (&f->base, good, "{\"email\": \"bulk-ok@example.com\"}");
  patch_user_ok (&f->base, bad, "{\"email\": \"reject-bulk@example.com\"}");
  body = g_strdup_printf ("{\"action\": \"send_verification\", \"user_ids\": [%" G_GINT64_FORMAT
                          ", %" G_GINT64_FORMAT "]}", good, bad);
  r = api (&f->base, "POST", "/api/v1/bulk-jobs", body);
  hrm_test_assert_status (r, 202);
  job = hrm_test_json_get_int (r->json, "id");

  /* Both were queued (succeeded); then the bounce turns one to failed. */
  for (guint i = 0; ; i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/bulk-jobs/%" G_GINT64_FORMAT, job);
      g_autoptr(HrmTestResponse) state = api (&f->base, "GET", path, NULL);

      hrm_test_assert_status (state, 200);
      if (g_str_equal (hrm_test_json_get_string (state->json, "state"), "done")
          && hrm_test_json_get_int (state->json, "failed") == 1)
        {
          g_assert_cmpint (hrm_test_json_get_int (state->json, "succeeded"), ==, 1);
          break;
        }
      g_assert_cmpuint (i, <, 600);
      g_usleep (50000);
    }

  items_path = g_strdup_printf ("/api/v1/bulk-jobs/%" G_GINT64_FORMAT "/items?outcome=failed", job);
  items = api (&f->base, "GET", items_path, NULL);
  hrm_test_assert_status (items, 200);
  g_assert_cmpuint (json_array_get_length (hrm_test_json_get_array (items->json, "items")), ==, 1);
  item = json_array_get_object_element (hrm_test_json_get_array (items->json, "items"), 0);
  g_test_message ("%s", items->text);
  g_assert_cmpint (hrm_test_json_get_int (item, "user.id"), ==, bad);
  g_assert_true (g_str_has_prefix (hrm_test_json_get_string (item, "message"), "550 5.1.1"));
  message = hrm_test_server_wait_for_mail (f->base.server, "bulk-ok@example.com", MAIL_TIMEOUT_MS);
  g_assert_nonnull (message);
}

/* Runs hrm-server with @args (NULL-terminated) and waits; returns its exit
 * status, with standard output and error. */
static int
run_server (const char * const  *args,
            char               **out_stdout,
            char               **out_stderr)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, (char *) g_getenv ("HRM_SERVER_PATH"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out_stdout,
                out_stderr, &status, &error);
  g_assert_no_error (error);
  g_test_message ("stdout: %s\nstderr: %s", *out_stdout, *out_stderr);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* --test-mail: one message, and the SMTP server's answer, before a rollout. */
static void
test_test_mail (SmtpFixture   *f,
                gconstpointer  data)
{
  const char *ca = NULL, *password = NULL, *url = NULL;

  SKIP_WITHOUT_SMTP (f);
  url = hrm_test_smtp_get_url (f->smtp);
  ca = hrm_test_smtp_get_ca_file (f->smtp);
  password = hrm_test_smtp_get_password_file (f->smtp);

  {
    const char *args[] = { "--smtp", url, "--smtp-user", HRM_TEST_SMTP_USER,
                           "--smtp-password-file", password, "--smtp-ca-file", ca,
                           "--test-mail", "admin@example.com", NULL };
    g_autofree char *out = NULL, *err = NULL, *message = NULL;

    g_assert_cmpint (run_server (args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "admin@example.com"));
    g_assert_nonnull (strstr (out, "250 2.0.0"));
    message = hrm_test_server_wait_for_mail (f->base.server, "admin@example.com", MAIL_TIMEOUT_MS);
    g_assert_nonnull (message);
  }
  {
    const char *args[] = { "--smtp", url, "--smtp-user", HRM_TEST_SMTP_USER,
                           "--smtp-password-file", password, "--smtp-ca-file", ca,
                           "--test-mail", "reject-test@example.com", NULL };
    g_autofree char *out = NULL, *err = NULL, *secret = NULL;

    g_assert_cmpint (run_server (args, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "550 5.1.1"));
    /* The password is never printed. */
    g_assert_true (g_file_get_contents (password, &secret, NULL, NULL));
    g_assert_null (strstr (err, secret));
    g_assert_null (strstr (out, secret));
  }
  {
    /* Not trusting the test CA: TLS is verified, nothing is sent. */
    const char *args[] = { "--smtp", url, "--smtp-user", HRM_TEST_SMTP_USER,
                           "--smtp-password-file", password,
                           "--test-mail", "untrusted@example.com", NULL };
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_server (args, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "certificate"));
    g_assert_cmpuint (hrm_test_server_count_mail (f->base.server, "untrusted@example.com"), ==, 0);
  }
  {
    /* Exactly one transport. */
    const char *args[] = { "--smtp", url, "--mail-dir", "/nonexistent", "--db", "/nonexistent",
                           NULL };
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_server (args, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "--mail-dir or --smtp, not both"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/smtp/delivered", SmtpFixture, NULL, setup, test_delivered, teardown);
  g_test_add ("/smtp/connection-reused", SmtpFixture, NULL, setup, test_connection_reused,
              teardown);
  g_test_add ("/smtp/temporary-failure-retried", SmtpFixture, NULL, setup,
              test_temporary_failure_retried, teardown);
  g_test_add ("/smtp/permanent-failure", SmtpFixture, NULL, setup, test_permanent_failure,
              teardown);
  g_test_add ("/smtp/bulk-item-fails", SmtpFixture, NULL, setup, test_bulk_item_fails, teardown);
  g_test_add ("/smtp/test-mail", SmtpFixture, NULL, setup, test_test_mail, teardown);
  g_test_add ("/smtp/unreachable-retrying", SmtpFixture, NULL, setup_unreachable,
              test_unreachable_retrying, teardown);
  g_test_add ("/smtp/restart-delivers-once", SmtpFixture, NULL, setup_hold,
              test_restart_delivers_once, teardown);
  g_test_add ("/smtp/stop-while-sending", SmtpFixture, NULL, setup, test_stop_while_sending,
              teardown);
  g_test_add ("/smtp/stop-after-sending", SmtpFixture, NULL, setup, test_stop_after_sending,
              teardown);

  return g_test_run ();
}
