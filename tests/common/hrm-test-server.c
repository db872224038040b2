/* hrm-test-server.c — a real hrm-server on a free port, for tests
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "hrm-test-server.h"

#define START_TIMEOUT_MS 300000  /* seeding 100 000 demo users under ASan on a busy machine */
#define STOP_TIMEOUT_MS  10000

struct _HrmTestServer
{
  /* owned */
  char          *dir;
  char          *db_path;
  char          *mail_dir;
  char          *password_file;
  GStrv          extra_args;
  GStrv          extra_env;
  char          *tls_cert;     /* the --tls-cert file, if any: sign-in trusts it */
  gboolean       demo;
  GSubprocess   *process;
  GThread       *stdout_thread; /* after the Listening line: copies stdout to stderr and log */
  GThread       *stderr_thread; /* copies stderr to the test's stderr and to log */
  GMutex         log_mutex;
  GString       *log;           /* what the server wrote, but the Listening line (log_mutex) */
  char          *uri;
  guint          port;
  GHashTable    *seen_mail;    /* lower-case address → GHashTable of file names returned */
};

gboolean
hrm_test_server_available (void)
{
  const char *path = g_getenv ("HRM_SERVER_PATH");

  return path != NULL && path[0] != '\0' && g_file_test (path, G_FILE_TEST_IS_EXECUTABLE);
}

/* Runs the thread-default main context until *done or the timeout passes. */
static gboolean
spin_until (gboolean *done,
            guint     timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!*done && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (g_main_context_get_thread_default (), FALSE))
        g_usleep (5000);
    }

  return *done;
}

typedef struct
{
  gboolean  done;
  char     *line;
  GError   *error;
} ReadLine;

static void
read_line_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ReadLine *state = user_data;

  state->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                           NULL, &state->error);
  state->done = TRUE;
}

/* In the child, before exec: a test that aborts (a failed assertion) must
 * not leave its server running — that would also keep the test's stderr
 * open and make meson wait for it until the timeout. */
static void
child_setup (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

static void
append_log (HrmTestServer *self,
            const char    *text,
            gssize         length)
{
  g_mutex_lock (&self->log_mutex);
  g_string_append_len (self->log, text, length);
  g_mutex_unlock (&self->log_mutex);
}

typedef struct
{
  HrmTestServer *self;
  GInputStream  *pipe;  /* owned */
} LogPump;

/* A thread (not a main-context source: the test may not run one) that copies
 * what the server writes to the test's stderr, keeping a copy. It also keeps
 * the pipe drained, so a chatty server never blocks on a full pipe. */
static gpointer
pump_log (gpointer data)
{
  LogPump *pump = data;
  char buffer[4096];
  gssize n;

  while ((n = g_input_stream_read (pump->pipe, buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      fwrite (buffer, 1, n, stderr);
      fflush (stderr);
      append_log (pump->self, buffer, n);
    }

  g_object_unref (pump->pipe);
  g_free (pump);
  return NULL;
}

static GThread *
start_pump (HrmTestServer *self,
            GInputStream  *pipe)
{
  LogPump *pump = g_new0 (LogPump, 1);

  pump->self = self;
  pump->pipe = g_object_ref (pipe);
  return g_thread_new ("hrm-test-server-log", pump_log, pump);
}

static gboolean
spawn (HrmTestServer  *self,
       guint           port,
       GError        **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDataInputStream) data = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainContext) context = g_main_context_new ();
  const char *prefix = "Listening on ";
  ReadLine state = { 0 };
  g_autoptr(GUri) parsed = NULL;

  if (!hrm_test_server_available ())
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "HRM_SERVER_PATH does not name an executable hrm-server");
      return FALSE;
    }

  g_ptr_array_add (argv, g_strdup (g_getenv ("HRM_SERVER_PATH")));
  g_ptr_array_add (argv, g_strdup ("--listen"));
  g_ptr_array_add (argv, g_strdup_printf ("127.0.0.1:%u", port));
  g_ptr_array_add (argv, g_strdup ("--db"));
  g_ptr_array_add (argv, g_strdup (self->db_path));
  /* One transport: the Maildir unless the test asks for SMTP. */
  if (self->extra_args == NULL || !g_strv_contains ((const char * const *) self->extra_args, "--smtp"))
    {
      g_ptr_array_add (argv, g_strdup ("--mail-dir"));
      g_ptr_array_add (argv, g_strdup (self->mail_dir));
    }
  if (self->demo)
    {
      g_ptr_array_add (argv, g_strdup ("--demo"));
      g_ptr_array_add (argv, g_strdup ("--demo-password-file"));
      g_ptr_array_add (argv, g_strdup (self->password_file));
    }
  /* The tests sign in with the password grant, which the server refuses
   * unless told otherwise; HRM_TEST_SERVER_NO_PASSWORD_GRANT among the
   * arguments leaves it as a real server has it. */
  if (self->extra_args == NULL
      || !g_strv_contains ((const char * const *) self->extra_args, HRM_TEST_SERVER_NO_PASSWORD_GRANT))
    g_ptr_array_add (argv, g_strdup ("--allow-password-grant"));
  for (guint i = 0; self->extra_args && self->extra_args[i]; i++)
    if (!g_str_equal (self->extra_args[i], HRM_TEST_SERVER_NO_PASSWORD_GRANT))
      g_ptr_array_add (argv, g_strdup (self->extra_args[i]));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  for (guint i = 0; self->extra_env && self->extra_env[i]; i++)
    {
      g_auto(GStrv) kv = g_strsplit (self->extra_env[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, kv[0], kv[1] ? kv[1] : "", TRUE);
    }

  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  if (self->process == NULL)
    return FALSE;

  self->stderr_thread = start_pump (self, g_subprocess_get_stderr_pipe (self->process));
  data = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));

  /* A private context: nothing else runs while the server starts. Lines
   * before the Listening line (there should be none) go to the log. */
  g_main_context_push_thread_default (context);
  for (;;)
    {
      g_free (state.line);
      state.line = NULL;
      state.done = FALSE;
      g_data_input_stream_read_line_async (data, G_PRIORITY_DEFAULT, cancellable, read_line_cb, &state);
      if (!spin_until (&state.done, START_TIMEOUT_MS))
        {
          g_cancellable_cancel (cancellable);
          spin_until (&state.done, 1000);
        }
      if (state.line == NULL || g_str_has_prefix (state.line, prefix))
        break;
      g_printerr ("hrm-server stdout: %s\n", state.line);
      append_log (self, state.line, -1);
      append_log (self, "\n", 1);
    }
  g_main_context_pop_thread_default (context);

  if (state.line == NULL || !g_str_has_prefix (state.line, prefix))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "hrm-server did not say where it listens (got %s%s%s)",
                   state.line ? "“" : "", state.line ? state.line : "no line",
                   state.line ? "”" : "");
      g_clear_error (&state.error);
      g_free (state.line);
      hrm_test_server_stop (self);
      return FALSE;
    }

  /* Whatever else comes on stdout (it should be nothing) is drained too. */
  self->stdout_thread = start_pump (self, G_INPUT_STREAM (data));

  self->uri = g_strdup (state.line + strlen (prefix));
  g_strstrip (self->uri);
  while (g_str_has_suffix (self->uri, "/"))
    self->uri[strlen (self->uri) - 1] = '\0';
  g_free (state.line);

  parsed = g_uri_parse (self->uri, G_URI_FLAGS_NONE, error);
  if (parsed == NULL)
    {
      hrm_test_server_stop (self);
      return FALSE;
    }
  self->port = g_uri_get_port (parsed);

  return TRUE;
}

HrmTestServer *
hrm_test_server_new_full (gboolean             demo,
                          const char * const  *extra_args,
                          const char * const  *extra_env,
                          GError             **error)
{
  HrmTestServer *self;
  g_autofree char *maildir_new = NULL;
  g_autofree char *maildir_cur = NULL;
  g_autofree char *maildir_tmp = NULL;
  g_autofree char *dir = NULL;

  dir = g_dir_make_tmp ("hrm-test-server-XXXXXX", error);
  if (dir == NULL)
    return NULL;

  self = g_new0 (HrmTestServer, 1);
  self->dir = g_steal_pointer (&dir);
  self->db_path = g_build_filename (self->dir, "hrm.db", NULL);
  self->mail_dir = g_build_filename (self->dir, "mail", NULL);
  self->password_file = g_build_filename (self->dir, "demo-password", NULL);
  self->extra_args = g_strdupv ((char **) extra_args);
  self->extra_env = g_strdupv ((char **) extra_env);
  self->demo = demo;
  for (guint i = 0; self->extra_args && self->extra_args[i] && self->extra_args[i + 1]; i++)
    if (g_str_equal (self->extra_args[i], "--tls-cert"))
      self->tls_cert = g_strdup (self->extra_args[i + 1]);
  self->log = g_string_new (NULL);
  g_mutex_init (&self->log_mutex);
  self->seen_mail = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_hash_table_unref);

  maildir_new = g_build_filename (self->mail_dir, "new", NULL);
  maildir_cur = g_build_filename (self->mail_dir, "cur", NULL);
  maildir_tmp = g_build_filename (self->mail_dir, "tmp", NULL);
  g_mkdir_with_parents (maildir_new, 0700);
  g_mkdir_with_parents (maildir_cur, 0700);
  g_mkdir_with_parents (maildir_tmp, 0700);

  if (!g_file_set_contents_full (self->password_file, HRM_TEST_PASSWORD "\n", -1,
                                 G_FILE_SET_CONTENTS_NONE, 0600, error)
      || !spawn (self, 0, error))
    {
      hrm_test_server_free (self);
      return NULL;
    }

  return self;
}

HrmTestServer *
hrm_test_server_new (gboolean   demo,
                     GError   **error)
{
  return hrm_test_server_new_full (demo, NULL, NULL, error);
}

HrmTestServer *
hrm_test_server_new_or_skip (gboolean demo)
{
  g_autoptr(GError) error = NULL;
  HrmTestServer *self;

  if (!hrm_test_server_available ())
    {
      g_test_skip ("HRM_SERVER_PATH is not set: hrm-server was not built");
      return NULL;
    }

  self = hrm_test_server_new (demo, &error);
  g_assert_no_error (error);
  return self;
}

const char *
hrm_test_server_get_uri (HrmTestServer *self)
{
  return self->uri;
}

void
hrm_test_server_set_mail_dir (HrmTestServer *self,
                              const char    *mail_dir)
{
  g_free (self->mail_dir);
  self->mail_dir = g_strdup (mail_dir);
}

const char *
hrm_test_server_get_mail_dir (HrmTestServer *self)
{
  return self->mail_dir;
}

const char *
hrm_test_server_get_db_path (HrmTestServer *self)
{
  return self->db_path;
}

const char *
hrm_test_server_get_dir (HrmTestServer *self)
{
  return self->dir;
}

const char *
hrm_test_server_get_pid (HrmTestServer *self)
{
  return self->process ? g_subprocess_get_identifier (self->process) : NULL;
}

char *
hrm_test_server_dup_log (HrmTestServer *self)
{
  char *copy;

  g_mutex_lock (&self->log_mutex);
  copy = g_strndup (self->log->str, self->log->len);
  g_mutex_unlock (&self->log_mutex);
  return copy;
}

char *
hrm_test_server_build_uri (HrmTestServer *self,
                           const char    *path)
{
  return g_strconcat (self->uri, path, NULL);
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

static void
end_process (HrmTestServer *self,
             int            signal_number)
{
  g_autoptr(GMainContext) context = NULL;
  gboolean done = FALSE;

  if (self->process == NULL)
    return;

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  g_subprocess_send_signal (self->process, signal_number);
  g_subprocess_wait_async (self->process, NULL, wait_cb, &done);
  if (!spin_until (&done, STOP_TIMEOUT_MS))
    {
      g_test_message ("hrm-server did not stop on SIGTERM; killing it");
      g_subprocess_force_exit (self->process);
      spin_until (&done, STOP_TIMEOUT_MS);
    }
  g_main_context_pop_thread_default (context);

  /* Asked to stop, the server shuts down and exits with 0. Anything else (a
   * crash, or in a sanitizer build a leak or error report, which aborts it)
   * fails the test that ran it: its stderr, above, says why. */
  if (signal_number == SIGTERM && done
      && !(g_subprocess_get_if_exited (self->process)
           && g_subprocess_get_exit_status (self->process) == 0))
    {
      if (g_subprocess_get_if_signaled (self->process))
        g_test_fail_printf ("hrm-server ended by signal %d instead of exiting",
                            g_subprocess_get_term_sig (self->process));
      else
        g_test_fail_printf ("hrm-server exited with status %d",
                            g_subprocess_get_exit_status (self->process));
    }

  /* The process is gone: its pipes are at end of file. */
  g_clear_pointer (&self->stdout_thread, g_thread_join);
  g_clear_pointer (&self->stderr_thread, g_thread_join);
  g_clear_object (&self->process);
  g_clear_pointer (&self->uri, g_free);
}

void
hrm_test_server_stop (HrmTestServer *self)
{
  end_process (self, SIGTERM);
}

void
hrm_test_server_kill (HrmTestServer *self)
{
  end_process (self, SIGKILL);
}

void
hrm_test_server_set_env (HrmTestServer      *self,
                         const char * const *extra_env)
{
  g_strfreev (self->extra_env);
  self->extra_env = g_strdupv ((char **) extra_env);
}

gboolean
hrm_test_server_restart (HrmTestServer  *self,
                         GError        **error)
{
  guint port = self->port;

  hrm_test_server_stop (self);

  if (port != 0 && spawn (self, port, NULL))
    return TRUE;

  return spawn (self, 0, error);
}

static void
remove_tree (const char *path)
{
  GDir *dir;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      dir = g_dir_open (path, 0, NULL);
      if (dir != NULL)
        {
          while ((name = g_dir_read_name (dir)) != NULL)
            {
              g_autofree char *child = g_build_filename (path, name, NULL);
              remove_tree (child);
            }
          g_dir_close (dir);
        }
      g_rmdir (path);
    }
  else
    {
      g_unlink (path);
    }
}

void
hrm_test_server_free (HrmTestServer *self)
{
  if (self == NULL)
    return;

  hrm_test_server_stop (self);

  if (self->dir != NULL && g_getenv ("HRM_TEST_KEEP_DIR") == NULL)
    remove_tree (self->dir);

  g_free (self->dir);
  g_free (self->db_path);
  g_free (self->mail_dir);
  g_free (self->password_file);
  g_strfreev (self->extra_args);
  g_strfreev (self->extra_env);
  g_free (self->tls_cert);
  g_clear_pointer (&self->seen_mail, g_hash_table_unref);
  g_string_free (self->log, TRUE);
  g_mutex_clear (&self->log_mutex);
  g_free (self);
}

typedef struct
{
  char   *name;
  char   *text;
  guint64 mtime_usec;
} MailFile;

static gboolean
mail_is_to (const char *message,
            const char *address)
{
  g_autofree char *to = hrm_test_mail_get_header (message, "To");
  g_autofree char *to_folded = NULL;
  g_autofree char *address_folded = NULL;

  if (to == NULL)
    return FALSE;

  to_folded = g_utf8_casefold (to, -1);
  address_folded = g_utf8_casefold (address, -1);
  return strstr (to_folded, address_folded) != NULL;
}

/* Returns the newest unseen message to @address, marking every message to
 * @address seen; or NULL. */
static char *
take_newest_mail (HrmTestServer *self,
                  const char    *address)
{
  g_autofree char *new_dir = g_build_filename (self->mail_dir, "new", NULL);
  g_autofree char *key = g_utf8_casefold (address, -1);
  g_autoptr(GFile) dir = g_file_new_for_path (new_dir);
  g_autoptr(GFileEnumerator) enumerator = NULL;
  GHashTable *seen;
  MailFile best = { 0 };
  GFileInfo *info;

  seen = g_hash_table_lookup (self->seen_mail, key);
  if (seen == NULL)
    {
      seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (self->seen_mail, g_strdup (key), seen);
    }

  enumerator = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                          G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                          G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                          G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (enumerator == NULL)
    return NULL;

  while ((info = g_file_enumerator_next_file (enumerator, NULL, NULL)) != NULL)
    {
      g_autoptr(GFileInfo) owned = info;
      const char *name = g_file_info_get_name (info);
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      guint64 mtime;

      if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR || name[0] == '.'
          || g_hash_table_contains (seen, name))
        continue;

      path = g_build_filename (new_dir, name, NULL);
      if (!g_file_get_contents (path, &text, NULL, NULL) || !mail_is_to (text, address))
        continue;

      g_hash_table_add (seen, g_strdup (name));
      mtime = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * G_USEC_PER_SEC
              + g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);

      if (best.text == NULL || mtime > best.mtime_usec
          || (mtime == best.mtime_usec && g_strcmp0 (name, best.name) > 0))
        {
          g_free (best.name);
          g_free (best.text);
          best.name = g_strdup (name);
          best.text = g_steal_pointer (&text);
          best.mtime_usec = mtime;
        }
    }

  g_free (best.name);
  return best.text;
}

guint
hrm_test_server_count_mail (HrmTestServer *self,
                            const char    *to_address)
{
  const char *subdirs[] = { "new", "cur" };
  guint count = 0;

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *path = g_build_filename (self->mail_dir, subdirs[i], NULL);
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *file = g_build_filename (path, name, NULL);
          g_autofree char *text = NULL;

          if (name[0] != '.' && g_file_get_contents (file, &text, NULL, NULL)
              && mail_is_to (text, to_address))
            count++;
        }
    }

  return count;
}

char *
hrm_test_server_wait_for_mail (HrmTestServer *self,
                               const char    *to_address,
                               guint          timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  GMainContext *context = g_main_context_get_thread_default ();

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (to_address != NULL, NULL);

  for (;;)
    {
      char *message = take_newest_mail (self, to_address);

      if (message != NULL)
        return message;
      if (g_get_monotonic_time () >= deadline)
        return NULL;

      /* Let async code under test run meanwhile (bounded: an idle source
       * that never ends must not keep us here). */
      for (guint i = 0; i < 100 && g_main_context_iteration (context, FALSE); i++)
        ;
      g_usleep (10000);
    }
}

gboolean
hrm_test_make_certificate (const char  *dir,
                           char       **out_cert_file,
                           char       **out_key_file,
                           GError     **error)
{
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *errors = NULL;
  int status = 0;
  const char *argv[] = {
    "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
    "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
    "-addext", "basicConstraints=critical,CA:TRUE",
    "-keyout", key, "-out", cert, NULL
  };

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &errors, &status, error))
    return FALSE;

  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "openssl: %s: ", errors ? errors : "");
      return FALSE;
    }

  *out_cert_file = g_steal_pointer (&cert);
  *out_key_file = g_steal_pointer (&key);
  return TRUE;
}

char *
hrm_test_sign_in (HrmTestServer *self,
                  const char    *username)
{
  g_autoptr(SoupSession) session = self->tls_cert ? hrm_test_session_new_trusting (self->tls_cert)
                                                  : hrm_test_session_new ();
  g_autoptr(HrmTestResponse) response = NULL;
  const char *token;

  response = hrm_test_post_form (session, self->uri, "/oauth/token",
                                 "grant_type", "password",
                                 "username", username,
                                 "password", HRM_TEST_PASSWORD,
                                 NULL);
  hrm_test_assert_status (response, 200);

  token = hrm_test_json_get_string (response->json, "access_token");
  g_assert_nonnull (token);

  return g_strdup (token);
}
