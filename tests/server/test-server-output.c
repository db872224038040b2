/* test-server-output.c — what hrm-server writes on standard output: the
 * Listening line only, even with every debug message switched on (a launcher
 * reads the URL from the first line)
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

static void
test_stdout_with_debug (void)
{
  const char *server = g_getenv ("HRM_SERVER_PATH");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *mail = NULL;
  g_autofree char *password = NULL;
  g_autofree char *first = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;

  if (server == NULL || server[0] == '\0')
    {
      g_test_skip ("HRM_SERVER_PATH is not set: hrm-server was not built");
      return;
    }

  dir = g_dir_make_tmp ("hrm-output-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (dir, "hrm.db", NULL);
  mail = g_build_filename (dir, "mail", NULL);
  password = g_build_filename (dir, "password", NULL);
  g_assert_true (g_file_set_contents (password, "correct-horse-battery\n", -1, &error));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, server, "--listen", "127.0.0.1:0",
                                         "--db", db, "--mail-dir", mail, "--demo",
                                         "--demo-password-file", password, NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  first = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_true (g_str_has_prefix (first, "Listening on http://127.0.0.1:"));

  g_subprocess_send_signal (process, SIGTERM);
  /* Nothing else on stdout; the debug messages went to stderr. */
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &rest, &err, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (rest, ==, "");
  g_assert_nonnull (strstr (err, "DEBUG"));

  g_unlink (password);
  g_unlink (db);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *file = g_strconcat (db, i == 0 ? "-wal" : "-shm", NULL);

      g_unlink (file);
    }
  {
    const char *subdirs[] = { "new", "cur", "tmp" };

    for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
      {
        g_autofree char *sub = g_build_filename (mail, subdirs[i], NULL);

        g_rmdir (sub);
      }
  }
  g_rmdir (mail);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/output/stdout-with-debug", test_stdout_with_debug);

  return g_test_run ();
}
