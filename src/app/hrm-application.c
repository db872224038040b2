/* hrm-application.c — the HRM Users application: actions and the command line
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-application"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "hrm-application.h"
#include "hrm-bench.h"
#include "hrm-dialogs.h"
#include "hrm-window.h"
#ifdef HRM_OWN_SYMBOLIC_ICONS
#include "hrm-icons-resources.h"
#endif

struct _HrmApplication
{
  AdwApplication    parent_instance;

  /* Built, and waiting for the resumed session before it is shown */
  HrmWindow        *waiting_window;
  guint             waiting_timeout_id;
  guint             resume_wait_ms;
};

/* How long a resumed session may keep the window back so that its first
 * frame shows the users, not a spinner: a slow keyring or server gets the
 * spinner after this (a tenth of a second still reads as at once). */
#define RESUME_WAIT_MS 100

G_DEFINE_FINAL_TYPE (HrmApplication, hrm_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "server", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Sign in to the HRM server at URI"), N_("URI") },
  { "username", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Sign in as NAME"), N_("NAME") },
  { "password-file", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Read the password from the first line of FILE and sign in at once"), N_("FILE") },
  { "sign-in-with-browser", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Sign in to the server given with --server through the browser at once"), NULL },
  { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Trust the certificate authorities in FILE (PEM)"), N_("FILE") },
  { NULL }
};

static HrmWindow *
get_window (HrmApplication *self,
            gboolean       *out_created)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  *out_created = window == NULL;
  if (window == NULL)
    {
      window = GTK_WINDOW (hrm_window_new (GTK_APPLICATION (self)));
      hrm_bench_mark ("window-built", NULL);
      hrm_bench_watch_window (GTK_WIDGET (window));
    }

  return HRM_WINDOW (window);
}

/* The silent resume */

static void
show_waiting_window (gpointer user_data)
{
  HrmApplication *self = user_data;
  g_autoptr(HrmWindow) window = g_steal_pointer (&self->waiting_window);

  if (window == NULL)
    return;  /* shown already */
  g_clear_handle_id (&self->waiting_timeout_id, g_source_remove);
  gtk_window_present (GTK_WINDOW (window));
  g_application_release (G_APPLICATION (self));
}

static gboolean
resume_wait_over (gpointer user_data)
{
  HrmApplication *self = user_data;

  self->waiting_timeout_id = 0;
  show_waiting_window (self);
  return G_SOURCE_REMOVE;
}

/* Resumes the last session in a new window, and shows the window when the
 * users are in, or after RESUME_WAIT_MS, whichever comes first. The keyring
 * lookup, the token refresh and the first requests run in a thread of their
 * own while the window is built (hrm-window-session.c). */
static void
resume_in_new_window (HrmApplication *self,
                      GTlsDatabase   *database)
{
  HrmSessionResume *resume = hrm_session_resume_start (database);
  HrmWindow *window;
  gboolean created;

  hrm_bench_mark ("command-line", "resuming");
  window = get_window (self, &created);
  if (database != NULL)
    hrm_window_set_tls_database (window, database);
  if (hrm_session_resume_is_done (resume))
    {
      /* Nothing to resume: the sign-in form, at once. */
      hrm_window_restore_session_from (window, resume);
      gtk_window_present (GTK_WINDOW (window));
      return;
    }

  self->waiting_window = g_object_ref (window);
  g_application_hold (G_APPLICATION (self));
  hrm_session_resume_set_done_func (resume, show_waiting_window, self);
  self->waiting_timeout_id = g_timeout_add (self->resume_wait_ms, resume_wait_over, self);
  hrm_window_restore_session_from (window, resume);
}

/* --password-file */

typedef struct
{
  HrmWindow *window;
  char      *server;
  char      *username;
} PasswordFileData;

static void
password_file_data_free (PasswordFileData *data)
{
  g_clear_object (&data->window);
  g_free (data->server);
  g_free (data->username);
  g_free (data);
}

static void
password_file_loaded_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  PasswordFileData *data = user_data;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The password file could not be read: %s"),
                                                  error->message);
      hrm_window_show_sign_in (data->window, data->server, data->username);
      hrm_window_show_toast (data->window, message);
      password_file_data_free (data);
      return;
    }

  /* The first line, without its line ending. */
  contents[strcspn (contents, "\r\n")] = '\0';
  hrm_window_sign_in (data->window, data->server, data->username, contents);

  memset (contents, 0, length);
  g_free (contents);
  password_file_data_free (data);
}

/* GApplication */

static int
hrm_application_command_line (GApplication            *application,
                              GApplicationCommandLine *command_line)
{
  HrmApplication *self = HRM_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;
  g_autofree char *username = NULL;
  g_autofree char *password_file = NULL;
  g_autofree char *ca_file = NULL;
  HrmWindow *window;
  gboolean created;
  gboolean with_browser = FALSE;

  g_variant_dict_lookup (options, "server", "s", &server);
  g_variant_dict_lookup (options, "username", "s", &username);
  g_variant_dict_lookup (options, "password-file", "^ay", &password_file);
  g_variant_dict_lookup (options, "ca-file", "^ay", &ca_file);
  g_variant_dict_lookup (options, "sign-in-with-browser", "b", &with_browser);

  if (password_file != NULL && (server == NULL || username == NULL))
    {
      g_application_command_line_printerr (command_line, "%s\n",
                                           _("--password-file needs --server and --username"));
      return EXIT_FAILURE;
    }

  if (with_browser && (server == NULL || password_file != NULL))
    {
      g_application_command_line_printerr (command_line, "%s\n",
                                           _("--sign-in-with-browser needs --server and no "
                                             "--password-file"));
      return EXIT_FAILURE;
    }

  if (ca_file != NULL)
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line,
                                                                              ca_file);
      g_autofree char *path = g_file_get_path (file);

      database = g_tls_file_database_new (path, &error);
      if (database == NULL)
        {
          g_application_command_line_printerr (command_line, _("Cannot use %s: %s\n"),
                                               ca_file, error->message);
          return EXIT_FAILURE;
        }
    }

  /* Started again while the window waits for the resumed session: show it. */
  show_waiting_window (self);

  if (password_file == NULL && !with_browser && server == NULL && username == NULL &&
      gtk_application_get_active_window (GTK_APPLICATION (self)) == NULL)
    {
      resume_in_new_window (self, database);
      return EXIT_SUCCESS;
    }
  hrm_bench_mark ("command-line", NULL);

  window = get_window (self, &created);
  if (database != NULL)
    hrm_window_set_tls_database (window, database);
  gtk_window_present (GTK_WINDOW (window));

  if (password_file != NULL)
    {
      PasswordFileData *data = g_new0 (PasswordFileData, 1);
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line,
                                                                              password_file);

      data->window = g_object_ref (window);
      data->server = g_steal_pointer (&server);
      data->username = g_steal_pointer (&username);
      g_file_load_contents_async (file, NULL, password_file_loaded_cb, data);
    }
  else if (with_browser)
    {
      hrm_window_sign_in_with_browser (window, server);
    }
  else if (server != NULL || username != NULL)
    {
      hrm_window_show_sign_in (window, server, username);
    }

  return EXIT_SUCCESS;
}

static void
hrm_application_activate (GApplication *application)
{
  HrmApplication *self = HRM_APPLICATION (application);
  gboolean created;
  HrmWindow *window;

  show_waiting_window (self);
  if (gtk_application_get_active_window (GTK_APPLICATION (self)) == NULL)
    {
      resume_in_new_window (self, NULL);
      return;
    }
  window = get_window (self, &created);
  gtk_window_present (GTK_WINDOW (window));
}

/* Actions */

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (app));

  /* Closing (not quitting) lets each window ask about unsaved changes. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  hrm_dialog_show_about (gtk_application_get_active_window (GTK_APPLICATION (user_data)));
}

static void
sign_out_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (HRM_IS_WINDOW (window))
    hrm_window_sign_out (HRM_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_action },
  { .name = "about", .activate = about_action },
  { .name = "sign-out", .activate = sign_out_action },
};

static void
add_style_sheet (const char *resource)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, resource);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* The application has no resource base path (hrm_application_new()), so
 * AdwApplication does not load style.css: this does. The spinner draws the
 * app's PNG copy of its icon, not Adwaita's SVG (src/app/icons/meson.build
 * says why), from hrm-icons.css. */
static void
load_style_sheets (void)
{
  add_style_sheet ("/io/github/hrmusers/HrmUsers/style.css");
#ifdef HRM_OWN_SYMBOLIC_ICONS
  /* Its constructor registers it; asking keeps the linker from dropping it. */
  g_assert (hrm_icons_get_resource () != NULL);
  add_style_sheet ("/io/github/hrmusers/HrmUsers/hrm-icons.css");
#endif
}

static void
hrm_application_startup (GApplication *application)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", "<Control>slash", NULL };

  G_APPLICATION_CLASS (hrm_application_parent_class)->startup (application);
  load_style_sheets ();

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.shortcuts",
                                         shortcuts_accels);
  hrm_bench_mark ("app-startup", NULL);
}

/* GObject */

void
hrm_application_set_resume_wait (HrmApplication *self,
                                 guint           wait_ms)
{
  g_return_if_fail (HRM_IS_APPLICATION (self));

  self->resume_wait_ms = wait_ms;
}

HrmApplication *
hrm_application_new (const char *application_id)
{
  GApplication *app;

  g_return_val_if_fail (application_id != NULL, NULL);

  app = g_object_new (HRM_TYPE_APPLICATION,
                      "application-id", application_id,
                      "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                      NULL);

  /* No resource base path, though GApplication makes one from the id: with
   * one, GtkApplication's startup adds its icons/ to the icon theme, which
   * drops the themes GTK has just begun to read in a thread and waits for
   * that thread, and the themes are read again (24 ms more before the
   * window could be built, bench/README.md). The app's style sheets and
   * its two icons are loaded by name instead (load_style_sheets(),
   * hrm_user_page_new_placeholder()). */
  g_application_set_resource_base_path (app, NULL);
  return HRM_APPLICATION (app);
}

static void
hrm_application_class_init (HrmApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = hrm_application_activate;
  app_class->command_line = hrm_application_command_line;
  app_class->startup = hrm_application_startup;
}

static void
hrm_application_init (HrmApplication *self)
{
  self->resume_wait_ms = RESUME_WAIT_MS;
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Manage who may use HRM and how they sign in."));
}
