/* test-csv.c — Export… and Import… of the users pane in the real window:
 * an export written to a file, imported again (every row unchanged), and a
 * file with every kind of bad row previewed and applied
 *
 * The native file choosers are not clicked: the tests give the file to
 * hrm_users_pane_export_to() / _import_from(), which the choosers call.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-csv"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "hrm-bulk-dialog.h"
#include "hrm-users-pane.h"
#include "hrm-ui-test.h"

#define EXPORT_HEADER \
  "user_id,first_name,last_name,email,enabled,connection_state,linked_email,verified_at," \
  "sent_at,expires_at,employment_end_date\r\n"

static HrmBulkDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* borrowed */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (HRM_IS_BULK_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return HRM_BULK_DIALOG (window);
    }
  return NULL;
}

static const char *
page (HrmBulkDialog *dialog)
{
  GtkWidget *stack = hrm_ui_test_child (dialog, HRM_TYPE_BULK_DIALOG, "stack");

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static HrmTestServer *
start_server (void)
{
  const char * const env[] = { "HRM_SERVER_MAIL_RATE=1000", NULL };
  g_autoptr(GError) error = NULL;
  HrmTestServer *server;

  server = hrm_test_server_new_full (TRUE, NULL, env, &error);
  g_assert_no_error (error);
  return server;
}

/* Export writes every listed user to the file, with a progress bar while it
 * goes; importing that file changes nothing: every row is unchanged. */
static void
test_export_then_import (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GFile) file = NULL;
  g_auto(GStrv) lines = NULL;
  HrmTestServer *server;
  HrmWindow *window;
  HrmUsersPane *pane;
  HrmBulkDialog *dialog;
  const HrmEmailImportPreview *preview;
  guint total;

  if (!hrm_test_server_available ())
    {
      g_test_skip ("no hrm-server");
      return;
    }
  server = start_server ();
  window = hrm_ui_test_window_new ();
  hrm_ui_test_sign_in (window, server, "admin");
  pane = HRM_USERS_PANE (window->users_pane);
  HRM_UI_WAIT_UNTIL (hrm_user_list_get_total (hrm_users_pane_get_list (pane)) > 0);
  total = hrm_user_list_get_total (hrm_users_pane_get_list (pane));

  dir = g_dir_make_tmp ("hrm-csv-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "users.csv", NULL);
  file = g_file_new_for_path (path);

  hrm_users_pane_export_to (pane, file);
  g_assert_true (hrm_users_pane_get_exporting (pane));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (hrm_ui_test_child (pane, HRM_TYPE_USERS_PANE,
                                                                                "export_revealer"))));
  HRM_UI_WAIT_UNTIL (!hrm_users_pane_get_exporting (pane));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (hrm_ui_test_child (pane, HRM_TYPE_USERS_PANE,
                                                                                 "export_revealer"))));

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, EXPORT_HEADER));
  lines = g_strsplit (text, "\r\n", -1);
  /* The header, a line per user, and the empty rest after the last CRLF. */
  g_assert_cmpuint (g_strv_length (lines), ==, total + 2);

  hrm_users_pane_import_from (pane, file);
  HRM_UI_WAIT_UNTIL ((dialog = find_dialog ()) != NULL);
  HRM_UI_WAIT_UNTIL (hrm_bulk_dialog_get_import_preview (dialog) != NULL);
  preview = hrm_bulk_dialog_get_import_preview (dialog);
  g_assert_cmpuint (preview->total, ==, total);
  g_assert_cmpuint (preview->counts[HRM_IMPORT_UNCHANGED], ==, total);
  g_assert_cmpuint (preview->will_run, ==, 0);
  g_assert_cmpstr (page (dialog), ==, "preview");
  /* Nothing to set: nothing to run. */
  g_assert_false (gtk_widget_get_sensitive (hrm_ui_test_child (dialog, HRM_TYPE_BULK_DIALOG, "run_button")));

  gtk_window_destroy (GTK_WINDOW (dialog));
  hrm_ui_test_window_destroy (window);
  hrm_test_server_free (server);
  g_unlink (path);
  g_rmdir (dir);
}

/* Cancel stops the export and leaves the file that was there. */
static void
test_export_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GFile) file = NULL;
  HrmTestServer *server;
  HrmWindow *window;
  HrmUsersPane *pane;
  GtkWidget *revealer;

  if (!hrm_test_server_available ())
    {
      g_test_skip ("no hrm-server");
      return;
    }
  server = start_server ();
  window = hrm_ui_test_window_new ();
  hrm_ui_test_sign_in (window, server, "admin");
  pane = HRM_USERS_PANE (window->users_pane);
  HRM_UI_WAIT_UNTIL (hrm_user_list_get_total (hrm_users_pane_get_list (pane)) > 0);

  dir = g_dir_make_tmp ("hrm-csv-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "users.csv", NULL);
  g_assert_true (g_file_set_contents (path, "the old file\n", -1, &error));
  file = g_file_new_for_path (path);
  revealer = hrm_ui_test_child (pane, HRM_TYPE_USERS_PANE, "export_revealer");

  hrm_users_pane_export_to (pane, file);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "users.cancel-export", NULL));
  g_assert_false (hrm_users_pane_get_exporting (pane));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  /* Whatever was on its way by then has had its chance to write. */
  hrm_ui_test_spin (1000);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_cmpstr (text, ==, "the old file\n");

  hrm_ui_test_window_destroy (window);
  hrm_test_server_free (server);
  g_unlink (path);
  g_rmdir (dir);
}

/* A Swedish Excel file (semicolons, a byte order mark, quotes) with every
 * kind of bad row: the preview names each with its reason; applying it sets
 * the one good row's address and leaves the linked user's alone. */
static void
test_import_preview_and_apply (void)
{
  static const char file_text[] =
    "\xef\xbb\xbf" "Namn;User-ID;E-post;Email\r\n"
    "Erik;ERIK.JOHANSSON;x;erik.import@nordljus.se\r\n"
    "\"Nobody; at all\";no.such.user;x;nobody@nordljus.se\r\n"
    "Ingrid;ingrid.aberg;x;\"not an address\"\r\n"
    "Karin;karin.persson;x;karin.other@nordljus.se\r\n"
    "Lars;lars.nilsson;x;karin.persson@nordljus.se\r\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(SoupSession) session = hrm_test_session_new ();
  HrmTestServer *server;
  HrmWindow *window;
  HrmUsersPane *pane;
  HrmBulkDialog *dialog;
  HrmBulkJob *job;
  const HrmEmailImportPreview *preview;
  GtkWidget *group;

  if (!hrm_test_server_available ())
    {
      g_test_skip ("no hrm-server");
      return;
    }
  server = start_server ();
  window = hrm_ui_test_window_new ();
  hrm_ui_test_sign_in (window, server, "admin");
  pane = HRM_USERS_PANE (window->users_pane);

  dir = g_dir_make_tmp ("hrm-csv-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "adresser.csv", NULL);
  g_assert_true (g_file_set_contents (path, file_text, sizeof file_text - 1, &error));
  file = g_file_new_for_path (path);

  hrm_users_pane_import_from (pane, file);
  HRM_UI_WAIT_UNTIL ((dialog = find_dialog ()) != NULL);
  HRM_UI_WAIT_UNTIL (hrm_bulk_dialog_get_import_preview (dialog) != NULL);
  preview = hrm_bulk_dialog_get_import_preview (dialog);
  g_assert_cmpuint (preview->total, ==, 5);
  g_assert_cmpuint (preview->will_run, ==, 1);
  g_assert_cmpuint (preview->counts[HRM_IMPORT_WILL_SET], ==, 1);
  g_assert_cmpuint (preview->counts[HRM_IMPORT_UNKNOWN_USER_ID], ==, 1);
  g_assert_cmpuint (preview->counts[HRM_IMPORT_MALFORMED_ADDRESS], ==, 1);
  g_assert_cmpuint (preview->counts[HRM_IMPORT_USER_LINKED], ==, 1);
  g_assert_cmpuint (preview->counts[HRM_IMPORT_DUPLICATE_OF_OTHER_USER], ==, 1);

  /* What the administrator sees: a row per kind, each expanding to the
   * rows of the file with the reason. */
  group = hrm_ui_test_child (dialog, HRM_TYPE_BULK_DIALOG, "skipped_group");
  g_assert_nonnull (hrm_ui_test_find_row (group, hrm_import_class_describe (HRM_IMPORT_USER_LINKED)));
  g_assert_nonnull (hrm_ui_test_find_row (group, hrm_import_class_describe (HRM_IMPORT_UNKNOWN_USER_ID)));
  g_assert_nonnull (hrm_ui_test_find_row (group, "Row 3 · no.such.user"));
  g_assert_nonnull (hrm_ui_test_find_row (group, "Row 5 · karin.persson"));
  g_assert_true (gtk_widget_get_visible (hrm_ui_test_child (dialog, HRM_TYPE_BULK_DIALOG, "options_group")));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "bulk.run", NULL));
  HRM_UI_WAIT_UNTIL ((job = hrm_bulk_dialog_get_job (dialog)) != NULL && hrm_bulk_job_is_finished (job)
                     && g_strcmp0 (page (dialog), "results") == 0);
  g_assert_cmpstr (hrm_bulk_job_get_action (job), ==, "set_email");
  g_assert_cmpuint (hrm_bulk_job_get_succeeded (job), ==, 1);
  g_assert_cmpuint (hrm_bulk_job_get_skipped (job), ==, 4);
  /* The results speak of addresses set, not of emails sent. */
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (hrm_ui_test_child (dialog, HRM_TYPE_BULK_DIALOG,
                                                                                  "results_page"))),
                   ==, "Import finished");
  g_assert_nonnull (hrm_ui_test_find_row (GTK_WIDGET (dialog), "Not set"));

  token = hrm_test_sign_in (server, "admin");
  {
    g_autoptr(HrmTestResponse) erik = hrm_test_api (session, hrm_test_server_get_uri (server), token,
                                                     "GET", "/api/v1/users/4", NULL, NULL);
    g_autoptr(HrmTestResponse) karin = hrm_test_api (session, hrm_test_server_get_uri (server), token,
                                                      "GET", "/api/v1/users/7", NULL, NULL);

    g_assert_cmpstr (hrm_test_json_get_string (erik->json, "email"), ==, "erik.import@nordljus.se");
    g_assert_cmpstr (hrm_test_json_get_string (karin->json, "email"), ==, "karin.persson@nordljus.se");
  }

  gtk_window_destroy (GTK_WINDOW (dialog));
  hrm_ui_test_window_destroy (window);
  hrm_test_server_free (server);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  hrm_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/csv/export-then-import", test_export_then_import);
  g_test_add_func ("/ui/csv/export-cancel", test_export_cancel);
  g_test_add_func ("/ui/csv/import-preview-and-apply", test_import_preview_and_apply);

  return g_test_run ();
}
