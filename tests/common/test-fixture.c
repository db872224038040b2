/* test-fixture.c — the shared test fixture does what its header promises
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <glib/gstdio.h>
#include <string.h>
#include <utime.h>

#include "hrm-test-server.h"

static void
write_mail (const char *mail_dir,
            const char *name,
            const char *text,
            gint64      mtime_offset_s)
{
  g_autofree char *path = g_build_filename (mail_dir, "new", name, NULL);
  g_autoptr(GError) error = NULL;
  struct utimbuf times;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  times.actime = times.modtime = (time_t) (g_get_real_time () / G_USEC_PER_SEC + mtime_offset_s);
  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

static void
test_mail_reading (void)
{
  g_autofree char *top = NULL;
  const char *dir;
  g_autofree char *message = NULL;
  g_autofree char *link = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *none = NULL;
  HrmTestServer *server;

  /* A quiet server (no demo, so it sends nothing); the test writes the mail. */
  server = hrm_test_server_new_or_skip (FALSE);
  if (server == NULL)
    return;
  dir = hrm_test_server_get_mail_dir (server);
  top = g_strdup (hrm_test_server_get_dir (server));

  write_mail (dir, "1.old", "To: Anna <anna@example.com>\nSubject: old\n\nhttp://h/connect/verify?token=OLD\n", -10);
  write_mail (dir, "2.new",
              "To: Anna <ANNA@example.com>\r\nSubject: =?UTF-8?B?w4Vz?=\r\n folded\r\n"
              "Content-Transfer-Encoding: quoted-printable\r\n\r\nHej!\r\n\r\n"
              "http://127.0.0.1:1/connect/verify?token=3DabcDEF_-=\r\n123\r\n\r\n-- \r\n", 0);
  write_mail (dir, "3.other", "To: bo@example.com\nSubject: other\n\nhttp://h/connect/reset?token=BO\n", 5);

  /* The newest to that address (case-insensitively), not another's. */
  message = hrm_test_server_wait_for_mail (server, "anna@example.com", 1000);
  g_assert_nonnull (message);
  subject = hrm_test_mail_get_header (message, "subject");
  g_assert_cmpstr (subject, ==, "=?UTF-8?B?w4Vz?= folded");
  link = hrm_test_mail_extract_link (message, "/connect/verify?token=");
  g_assert_cmpstr (link, ==, "http://127.0.0.1:1/connect/verify?token=abcDEF_-123");
  g_assert_null (hrm_test_mail_extract_link (message, "/connect/reset?token="));

  /* Already returned (and the older one with it): nothing new for Anna. */
  none = hrm_test_server_wait_for_mail (server, "anna@example.com", 100);
  g_assert_null (none);

  {
    g_autofree char *bo = hrm_test_server_wait_for_mail (server, "bo@example.com", 100);
    g_autofree char *bo_link = hrm_test_mail_extract_link (bo, "/connect/reset?token=");

    g_assert_cmpstr (bo_link, ==, "http://h/connect/reset?token=BO");
  }

  write_mail (dir, "4.newer", "To: anna@example.com\n\nhttps://x/connect/verify?token=NEWER\n", 20);
  {
    g_autofree char *newer = hrm_test_server_wait_for_mail (server, "anna@example.com", 1000);
    g_autofree char *newer_link = hrm_test_mail_extract_link (newer, "/connect/verify?token=");

    g_assert_cmpstr (newer_link, ==, "https://x/connect/verify?token=NEWER");
  }

  hrm_test_server_free (server);
  g_assert_false (g_file_test (top, G_FILE_TEST_EXISTS));
}

static void
test_start_and_sign_in (void)
{
  g_autoptr(HrmTestServer) server = hrm_test_server_new_or_skip (TRUE);
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *token = NULL;
  g_autofree char *dir = NULL;
  const char *uri;

  if (server == NULL)
    return;

  uri = hrm_test_server_get_uri (server);
  g_assert_true (g_str_has_prefix (uri, "http://127.0.0.1:"));
  g_assert_false (g_str_has_suffix (uri, "/"));
  g_assert_true (g_file_test (hrm_test_server_get_db_path (server), G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (hrm_test_server_get_mail_dir (server), G_FILE_TEST_IS_DIR));

  token = hrm_test_sign_in (server, "admin");
  session = hrm_test_session_new ();
  {
    g_autoptr(HrmTestResponse) r = hrm_test_api (session, uri, token, "GET", "/api/v1/me", NULL, NULL);

    hrm_test_assert_status (r, 200);
    g_assert_cmpstr (hrm_test_json_get_string (r->json, "user.user_id"), ==, "admin");
  }

  /* free removes the temporary directory. */
  dir = g_strdup (hrm_test_server_get_dir (server));
  g_clear_pointer (&server, hrm_test_server_free);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

static void
test_stop_and_restart (void)
{
  g_autoptr(HrmTestServer) server = hrm_test_server_new_or_skip (TRUE);
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  g_autofree char *etag = NULL;
  gint64 id;

  if (server == NULL)
    return;

  session = hrm_test_session_new ();
  token = hrm_test_sign_in (server, "admin");
  {
    g_autoptr(HrmTestResponse) r =
      hrm_test_api (session, hrm_test_server_get_uri (server), token, "GET", "/api/v1/me", NULL, NULL);
    id = hrm_test_json_get_int (r->json, "user.id");
  }
  path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, id);
  {
    g_autoptr(HrmTestResponse) r =
      hrm_test_api (session, hrm_test_server_get_uri (server), token, "GET", path, NULL, NULL);
    etag = g_strdup (hrm_test_response_get_header (r, "ETag"));
  }
  {
    g_autoptr(HrmTestResponse) r =
      hrm_test_api (session, hrm_test_server_get_uri (server), token, "PATCH", path,
                    "{\"first_name\": \"Persistent\"}", "If-Match", etag, NULL);
    hrm_test_assert_status (r, 200);
  }

  /* Stopped: requests fail to connect. */
  {
    g_autofree char *uri = g_strdup (hrm_test_server_get_uri (server));
    g_autoptr(SoupSession) fresh = hrm_test_session_new ();
    g_autoptr(HrmTestResponse) r = NULL;

    hrm_test_server_stop (server);
    r = hrm_test_api (fresh, uri, token, "GET", "/api/v1/me", NULL, NULL);
    g_assert_cmpuint (r->status, ==, 0);
    g_assert_nonnull (r->error);
  }

  /* Restarted on the same database: the change and the session are there. */
  g_assert_true (hrm_test_server_restart (server, &error));
  g_assert_no_error (error);
  {
    g_autoptr(SoupSession) fresh = hrm_test_session_new ();
    g_autoptr(HrmTestResponse) r =
      hrm_test_api (fresh, hrm_test_server_get_uri (server), token, "GET", path, NULL, NULL);

    hrm_test_assert_status (r, 200);
    g_assert_cmpstr (hrm_test_json_get_string (r->json, "first_name"), ==, "Persistent");
  }
}

static void
test_without_demo (void)
{
  g_autoptr(HrmTestServer) server = hrm_test_server_new_or_skip (FALSE);
  g_autoptr(SoupSession) session = NULL;

  if (server == NULL)
    return;

  /* No demo accounts: nobody can sign in. */
  session = hrm_test_session_new ();
  {
    g_autoptr(HrmTestResponse) r =
      hrm_test_post_form (session, hrm_test_server_get_uri (server), "/oauth/token",
                          "grant_type", "password", "username", "admin",
                          "password", HRM_TEST_PASSWORD, NULL);
    hrm_test_assert_status (r, 400);
  }
}

static void
test_server_path_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = g_strdup (g_getenv ("HRM_SERVER_PATH"));
  HrmTestServer *server;

  g_setenv ("HRM_SERVER_PATH", "/nonexistent/hrm-server", TRUE);
  g_assert_false (hrm_test_server_available ());
  server = hrm_test_server_new (TRUE, &error);
  g_assert_null (server);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  if (saved != NULL)
    g_setenv ("HRM_SERVER_PATH", saved, TRUE);
  else
    g_unsetenv ("HRM_SERVER_PATH");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/common/fixture/mail-reading", test_mail_reading);
  g_test_add_func ("/common/fixture/start-and-sign-in", test_start_and_sign_in);
  g_test_add_func ("/common/fixture/stop-and-restart", test_stop_and_restart);
  g_test_add_func ("/common/fixture/without-demo", test_without_demo);
  g_test_add_func ("/common/fixture/server-path-missing", test_server_path_missing);

  return g_test_run ();
}
