/* hrm-test-smtp.c — a real SMTP server (aiosmtpd) for the mail tests
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "hrm-test-server.h"
#include "hrm-test-smtp.h"

struct _HrmTestSmtp
{
  GSubprocess *process;
  char        *dir;
  char        *url;
  char        *mail_dir;
  char        *ca_file;
  char        *key_file;
  char        *password_file;
};

static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Debian's interpreter, which has python3-aiosmtpd (a python3 earlier in
 * PATH, from pyenv say, may not); HRM_TEST_PYTHON overrides it. */
static const char *
python (void)
{
  const char *env = g_getenv ("HRM_TEST_PYTHON");

  if (env != NULL)
    return env;
  return g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE) ? "/usr/bin/python3" : "python3";
}

HrmTestSmtp *
hrm_test_smtp_new (gboolean   secure,
                   GError   **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autofree char *script = NULL;
  HrmTestSmtp *self;
  guint64 port;

  {
    const char *check[] = { python (), "-c", "import aiosmtpd", NULL };
    int status = 1;

    if (!g_spawn_sync (NULL, (char **) check, NULL,
                       G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL)
        || !g_spawn_check_wait_status (status, NULL))
      {
        if (g_strcmp0 (g_getenv ("HRM_TEST_REQUIRE_SMTP"), "1") == 0)
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       "python3-aiosmtpd is not installed (build-aux/deps.txt)");
        else
          g_test_skip ("python3-aiosmtpd is not installed");
        return NULL;
      }
  }

  self = g_new0 (HrmTestSmtp, 1);
  self->dir = g_dir_make_tmp ("hrm-test-smtp-XXXXXX", error);
  if (self->dir == NULL)
    {
      hrm_test_smtp_free (self);
      return NULL;
    }
  self->mail_dir = g_build_filename (self->dir, "mail", NULL);
  script = g_build_filename (g_getenv ("HRM_SOURCE_DIR") ? g_getenv ("HRM_SOURCE_DIR") : ".",
                             "tests", "common", "hrm-test-smtp.py", NULL);

  g_ptr_array_add (argv, g_strdup (python ()));
  g_ptr_array_add (argv, g_strdup (script));
  g_ptr_array_add (argv, g_strdup (self->dir));
  if (secure)
    {
      g_autofree char *password = g_strdup_printf ("smtp-%08x%08x", g_random_int (), g_random_int ());

      if (!hrm_test_make_certificate (self->dir, &self->ca_file, &self->key_file, error))
        {
          hrm_test_smtp_free (self);
          return NULL;
        }
      self->password_file = g_build_filename (self->dir, "smtp-password", NULL);
      g_assert_true (g_file_set_contents (self->password_file, password, -1, NULL));
      g_ptr_array_add (argv, g_strdup ("--cert"));
      g_ptr_array_add (argv, g_strdup (self->ca_file));
      g_ptr_array_add (argv, g_strdup ("--key"));
      g_ptr_array_add (argv, g_strdup (self->key_file));
      g_ptr_array_add (argv, g_strdup ("--user"));
      g_ptr_array_add (argv, g_strdup (HRM_TEST_SMTP_USER));
      g_ptr_array_add (argv, g_strdup ("--password"));
      g_ptr_array_add (argv, g_strdup (password));
    }
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  if (self->process == NULL)
    {
      hrm_test_smtp_free (self);
      return NULL;
    }

  /* "PORT n" once it listens (a blocking read: it comes within a second). */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, error);
  if (line == NULL || !g_str_has_prefix (line, "PORT ")
      || !g_ascii_string_to_unsigned (line + 5, 10, 1, 65535, &port, NULL))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "hrm-test-smtp.py did not start");
      hrm_test_smtp_free (self);
      return NULL;
    }
  self->url = g_strdup_printf ("smtp://127.0.0.1:%" G_GUINT64_FORMAT, port);
  return self;
}

const char *
hrm_test_smtp_get_url (HrmTestSmtp *self)
{
  return self->url;
}

const char *
hrm_test_smtp_get_mail_dir (HrmTestSmtp *self)
{
  return self->mail_dir;
}

const char *
hrm_test_smtp_get_ca_file (HrmTestSmtp *self)
{
  return self->ca_file;
}

const char *
hrm_test_smtp_get_password_file (HrmTestSmtp *self)
{
  return self->password_file;
}

guint
hrm_test_smtp_count_log (HrmTestSmtp *self,
                         const char  *line)
{
  g_autofree char *path = g_build_filename (self->dir, "log", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint count = 0;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_equal (lines[i], line))
      count++;
  return count;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
hrm_test_smtp_free (HrmTestSmtp *self)
{
  if (self == NULL)
    return;
  if (self->process != NULL)
    {
      g_subprocess_force_exit (self->process);
      g_subprocess_wait (self->process, NULL, NULL);
      g_object_unref (self->process);
    }
  if (self->dir != NULL && g_strcmp0 (g_getenv ("HRM_TEST_KEEP_DIR"), "1") != 0)
    remove_tree (self->dir);
  g_free (self->dir);
  g_free (self->url);
  g_free (self->mail_dir);
  g_free (self->ca_file);
  g_free (self->key_file);
  g_free (self->password_file);
  g_free (self);
}
