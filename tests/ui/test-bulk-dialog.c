/* test-bulk-dialog.c — "Resend expired (N)" from the overview in the real
 * window: preview, run, watch the progress to the end, the results, and the
 * overview afterwards
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-bulk-dialog"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "hrm-bulk-dialog.h"
#include "hrm-provisioning-overview.h"
#include "hrm-ui-test.h"

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

static gboolean
is_label (GtkWidget     *widget,
          gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), data) == 0;
}

static const char *
page (HrmBulkDialog *dialog)
{
  GtkWidget *stack = hrm_ui_test_child (dialog, HRM_TYPE_BULK_DIALOG, "stack");

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

/* Runs @sql on the test server's database beside the running server (the
 * way tests/server/test-bulk-jobs.c makes a user fail). */
static void
db_exec (HrmTestServer *server,
         const char    *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;
  int rc;

  rc = sqlite3_open_v2 (hrm_test_server_get_db_path (server), &db, SQLITE_OPEN_READWRITE, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  rc = sqlite3_exec (db, sql, NULL, NULL, &message);
  if (rc != SQLITE_OK)
    g_test_message ("SQL failed: %s", message);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  sqlite3_free (message);
  sqlite3_close (db);
}

/* Queueing Erik's mail fails, as a full disk would make it. */
#define REFUSE_ERIK \
  "CREATE TRIGGER test_refuse_mail BEFORE INSERT ON outbox" \
  "  WHEN new.recipient = 'erik.johansson@nordljus.se'" \
  "  BEGIN SELECT RAISE (ABORT, 'refused by the test'); END;"

static void
wait_finished (HrmBulkDialog *dialog)
{
  HRM_UI_WAIT_UNTIL (hrm_bulk_dialog_get_job (dialog) != NULL
                     && hrm_bulk_job_is_finished (hrm_bulk_dialog_get_job (dialog))
                     && g_strcmp0 (page (dialog), "results") == 0);
}

static const char *
dialog_label (HrmBulkDialog *dialog,
              const char    *name)
{
  return hrm_ui_test_label (dialog, HRM_TYPE_BULK_DIALOG, name);
}

/* One user of "Send to all not linked with email" fails: the results say
 * so, and Retry failed makes a new job over exactly that user, which (the
 * fault gone) succeeds; the dialog follows the new job to its results. */
static void
test_retry_failed (void)
{
  const char * const env[] = { "HRM_SERVER_MAIL_RATE=1000", NULL };
  g_autoptr(GError) error = NULL;
  HrmTestServer *server;
  HrmWindow *window;
  HrmProvisioningOverview *overview;
  HrmBulkDialog *dialog;
  HrmBulkJob *job;
  GtkWidget *retry;
  g_autofree char *erik_mail = NULL;
  guint will_run;
  gint64 first_id;

  if (!hrm_test_server_available ())
    {
      g_test_skip ("no hrm-server");
      return;
    }
  server = hrm_test_server_new_full (TRUE, NULL, env, &error);
  g_assert_no_error (error);

  window = hrm_ui_test_window_new ();
  hrm_ui_test_sign_in (window, server, "admin");
  overview = HRM_PROVISIONING_OVERVIEW (hrm_ui_test_child (window->users_pane, HRM_TYPE_USERS_PANE,
                                                           "overview"));
  HRM_UI_WAIT_UNTIL (hrm_provisioning_overview_get_summary (overview) != NULL);
  db_exec (server, REFUSE_ERIK);

  gtk_widget_activate (hrm_ui_test_child (overview, HRM_TYPE_PROVISIONING_OVERVIEW,
                                          "send_not_linked_button"));
  HRM_UI_WAIT_UNTIL ((dialog = find_dialog ()) != NULL);
  HRM_UI_WAIT_UNTIL (hrm_bulk_dialog_get_preview (dialog) != NULL);
  will_run = hrm_bulk_dialog_get_preview (dialog)->will_run;
  g_assert_cmpuint (will_run, >, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "bulk.run", NULL));
  wait_finished (dialog);

  /* The results: all but Erik sent, Erik failed, and the way to retry. */
  job = hrm_bulk_dialog_get_job (dialog);
  first_id = hrm_bulk_job_get_id (job);
  g_assert_cmpuint (hrm_bulk_job_get_succeeded (job), ==, will_run - 1);
  g_assert_cmpuint (hrm_bulk_job_get_failed (job), ==, 1);
  g_assert_cmpstr (dialog_label (dialog, "failed_count"), ==, "1");
  {
    g_autofree char *sent = g_strdup_printf ("%u", will_run - 1);

    g_assert_cmpstr (dialog_label (dialog, "succeeded_count"), ==, sent);
  }
  /* Who was not mailed, and the server's reason. */
  {
    GtkWidget *failed_group = hrm_ui_test_child (dialog, HRM_TYPE_BULK_DIALOG, "failed_group");
    GtkWidget *erik;

    HRM_UI_WAIT_UNTIL (gtk_widget_get_mapped (failed_group));
    erik = hrm_ui_test_find_row (failed_group, "Erik Johansson");
    g_assert_nonnull (erik);
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (erik)),
                              "refused by the test"));
  }
  retry = hrm_ui_test_child (dialog, HRM_TYPE_BULK_DIALOG, "retry_button");
  g_assert_true (gtk_widget_get_mapped (retry));
  g_assert_cmpuint (hrm_test_server_count_mail (server, "erik.johansson@nordljus.se"), ==, 0);

  /* The fault gone, Retry failed: a new job over Erik alone. */
  db_exec (server, "DROP TRIGGER test_refuse_mail");
  gtk_widget_activate (retry);
  HRM_UI_WAIT_UNTIL (hrm_bulk_dialog_get_job (dialog) != NULL
                     && hrm_bulk_job_get_id (hrm_bulk_dialog_get_job (dialog)) != first_id);
  wait_finished (dialog);
  job = hrm_bulk_dialog_get_job (dialog);
  g_assert_cmpuint (hrm_bulk_job_get_total (job), ==, 1);
  g_assert_cmpuint (hrm_bulk_job_get_succeeded (job), ==, 1);
  g_assert_cmpuint (hrm_bulk_job_get_failed (job), ==, 0);
  g_assert_cmpstr (dialog_label (dialog, "succeeded_count"), ==, "1");
  g_assert_cmpstr (dialog_label (dialog, "failed_count"), ==, "0");
  g_assert_false (gtk_widget_get_visible (retry));
  g_assert_false (gtk_widget_get_visible (hrm_ui_test_child (dialog, HRM_TYPE_BULK_DIALOG,
                                                             "failed_group")));
  erik_mail = hrm_test_server_wait_for_mail (server, "erik.johansson@nordljus.se", 30000);
  g_assert_nonnull (erik_mail);

  gtk_window_destroy (GTK_WINDOW (dialog));
  hrm_ui_test_window_destroy (window);
  hrm_test_server_free (server);
}

static void
test_resend_expired (void)
{
  const char * const env[] = { "HRM_SERVER_MAIL_RATE=20", NULL };
  g_autoptr(GError) error = NULL;
  HrmTestServer *server;
  HrmWindow *window;
  HrmProvisioningOverview *overview;
  HrmBulkDialog *dialog;
  HrmBulkJob *job;
  GtkWidget *resend;
  g_autofree char *resend_label = NULL;
  guint expired;
  gboolean saw_progress = FALSE;

  if (!hrm_test_server_available ())
    {
      g_test_skip ("no hrm-server");
      return;
    }
  server = hrm_test_server_new_full (TRUE, NULL, env, &error);
  g_assert_no_error (error);

  window = hrm_ui_test_window_new ();
  hrm_ui_test_sign_in (window, server, "admin");
  overview = HRM_PROVISIONING_OVERVIEW (hrm_ui_test_child (window->users_pane, HRM_TYPE_USERS_PANE,
                                                           "overview"));
  HRM_UI_WAIT_UNTIL (hrm_provisioning_overview_get_summary (overview) != NULL);
  expired = hrm_provisioning_summary_get_expired (hrm_provisioning_overview_get_summary (overview));
  g_assert_cmpuint (expired, >, 0);

  resend = hrm_ui_test_child (overview, HRM_TYPE_PROVISIONING_OVERVIEW, "resend_expired_button");
  resend_label = g_strdup_printf ("Resend expired (%u)", expired);
  g_assert_true (gtk_widget_get_visible (resend));
  g_assert_cmpstr (hrm_ui_test_label (overview, HRM_TYPE_PROVISIONING_OVERVIEW,
                                      "resend_expired_label"), ==, resend_label);

  /* The preview first: every expired user, nobody skipped. */
  gtk_widget_activate (resend);
  HRM_UI_WAIT_UNTIL ((dialog = find_dialog ()) != NULL);
  HRM_UI_WAIT_UNTIL (hrm_bulk_dialog_get_preview (dialog) != NULL);
  g_assert_cmpstr (page (dialog), ==, "preview");
  g_assert_cmpuint (hrm_bulk_dialog_get_preview (dialog)->will_run, ==, expired);
  g_assert_true (gtk_widget_has_focus (hrm_ui_test_child (dialog, HRM_TYPE_BULK_DIALOG,
                                                          "run_button")));

  /* Run, and follow it to the end. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "bulk.run", NULL));
  HRM_UI_WAIT_UNTIL (hrm_bulk_dialog_get_job (dialog) != NULL);
  job = hrm_bulk_dialog_get_job (dialog);
  {
    gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

    while (!hrm_bulk_job_is_finished (job) && g_get_monotonic_time () < end)
      {
        saw_progress |= g_strcmp0 (page (dialog), "progress") == 0;
        hrm_ui_test_iterate ();
      }
  }
  g_assert_true (hrm_bulk_job_is_finished (job));
  g_assert_true (saw_progress);
  g_assert_cmpint (hrm_bulk_job_get_state (job), ==, HRM_BULK_JOB_DONE);
  g_assert_cmpuint (hrm_bulk_job_get_succeeded (job), ==, expired);
  g_assert_cmpuint (hrm_bulk_job_get_failed (job), ==, 0);
  g_assert_cmpstr (page (dialog), ==, "results");
  g_assert_false (gtk_widget_get_visible (hrm_ui_test_child (dialog, HRM_TYPE_BULK_DIALOG,
                                                             "retry_button")));

  /* Save results…: the CSV, a row per user. */
  {
    g_autofree char *dir = g_dir_make_tmp ("hrm-test-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "results.csv", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autofree char *csv = NULL;
    g_auto(GStrv) lines = NULL;

    hrm_bulk_dialog_save_results_to (dialog, file);
    /* Done when the toast says so. */
    HRM_UI_WAIT_UNTIL (hrm_ui_test_find (GTK_WIDGET (dialog), is_label, "Results saved") != NULL);
    g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
    lines = g_strsplit (g_strchomp (csv), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, expired + 1);
    g_unlink (path);
    g_rmdir (dir);
  }

  /* Closed, the overview reads the counts again: nobody's link has expired now. */
  gtk_window_close (GTK_WINDOW (dialog));
  HRM_UI_WAIT_UNTIL (hrm_provisioning_summary_get_expired (
                       hrm_provisioning_overview_get_summary (overview)) == 0);
  g_assert_false (gtk_widget_get_visible (resend));

  hrm_ui_test_window_destroy (window);
  hrm_test_server_free (server);
}

/* Closed mid-job (the window too), the job goes on in the server; the next
 * window shows it again and follows it to the end. */
static void
test_shown_again (void)
{
  /* Slow enough that the job still runs when the second window (slower
   * still under ASan) has signed in: one mail a second to everyone not
   * linked with an email, some 40 of the 250 demo users. (The 20 or so
   * expired links ran out first once, under ASan on a loaded machine.) */
  const char * const env[] = { "HRM_SERVER_MAIL_RATE=1", NULL };
  g_autoptr(GError) error = NULL;
  HrmTestServer *server;
  HrmWindow *window;
  HrmProvisioningOverview *overview;
  HrmBulkDialog *dialog;
  guint will_run;
  gint64 id;

  if (!hrm_test_server_available ())
    {
      g_test_skip ("no hrm-server");
      return;
    }
  server = hrm_test_server_new_full (TRUE, NULL, env, &error);
  g_assert_no_error (error);

  window = hrm_ui_test_window_new ();
  hrm_ui_test_sign_in (window, server, "admin");
  overview = HRM_PROVISIONING_OVERVIEW (hrm_ui_test_child (window->users_pane, HRM_TYPE_USERS_PANE,
                                                           "overview"));
  HRM_UI_WAIT_UNTIL (hrm_provisioning_overview_get_summary (overview) != NULL);
  gtk_widget_activate (hrm_ui_test_child (overview, HRM_TYPE_PROVISIONING_OVERVIEW,
                                          "send_not_linked_button"));
  HRM_UI_WAIT_UNTIL ((dialog = find_dialog ()) != NULL);
  HRM_UI_WAIT_UNTIL (hrm_bulk_dialog_get_preview (dialog) != NULL);
  will_run = hrm_bulk_dialog_get_preview (dialog)->will_run;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "bulk.run", NULL));
  HRM_UI_WAIT_UNTIL (hrm_bulk_dialog_get_job (dialog) != NULL);
  id = hrm_bulk_job_get_id (hrm_bulk_dialog_get_job (dialog));
  g_assert_false (hrm_bulk_job_is_finished (hrm_bulk_dialog_get_job (dialog)));

  /* Close — keep running, and the window with it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  HRM_UI_WAIT_UNTIL (find_dialog () == NULL);
  hrm_ui_test_window_destroy (window);

  window = hrm_ui_test_window_new ();
  hrm_ui_test_sign_in (window, server, "admin");
  HRM_UI_WAIT_UNTIL ((dialog = find_dialog ()) != NULL);
  /* Only a job still running is shown again: it opens on its progress. */
  g_assert_cmpint (hrm_bulk_job_get_id (hrm_bulk_dialog_get_job (dialog)), ==, id);
  /* (At one mail a second the job usually still runs here; on a loaded
   * machine under ASan it may have ended since the dialog fetched it, and
   * then the dialog has rightly moved on to its results.) */
  if (!hrm_bulk_job_is_finished (hrm_bulk_dialog_get_job (dialog)))
    g_assert_cmpstr (page (dialog), ==, "progress");
  HRM_UI_WAIT_UNTIL (hrm_bulk_job_is_finished (hrm_bulk_dialog_get_job (dialog)));
  g_assert_cmpstr (page (dialog), ==, "results");
  g_assert_cmpint (hrm_bulk_job_get_state (hrm_bulk_dialog_get_job (dialog)), ==, HRM_BULK_JOB_DONE);
  /* Followed to the very end: every user of the preview was mailed, once. */
  g_assert_cmpuint (hrm_bulk_job_get_succeeded (hrm_bulk_dialog_get_job (dialog)), ==, will_run);
  g_assert_cmpuint (hrm_bulk_job_get_processed (hrm_bulk_dialog_get_job (dialog)), ==,
                    hrm_bulk_job_get_total (hrm_bulk_dialog_get_job (dialog)));
  {
    g_autofree char *sent = g_strdup_printf ("%u", will_run);

    g_assert_cmpstr (dialog_label (dialog, "succeeded_count"), ==, sent);
  }

  gtk_window_destroy (GTK_WINDOW (dialog));
  hrm_ui_test_window_destroy (window);
  hrm_test_server_free (server);
}

/* Close — keep running: the dialog hides and goes on following the job, the
 * overview shows it in a banner; at the end the banner goes, the dialog
 * goes, and the overview has the new counts. */
static void
test_keep_running (void)
{
  const char * const env[] = { "HRM_SERVER_MAIL_RATE=8", NULL };
  g_autoptr(GError) error = NULL;
  HrmTestServer *server;
  HrmWindow *window;
  HrmProvisioningOverview *overview;
  HrmBulkDialog *dialog;
  GtkRevealer *banner;

  if (!hrm_test_server_available ())
    {
      g_test_skip ("no hrm-server");
      return;
    }
  server = hrm_test_server_new_full (TRUE, NULL, env, &error);
  g_assert_no_error (error);

  window = hrm_ui_test_window_new ();
  hrm_ui_test_sign_in (window, server, "admin");
  overview = HRM_PROVISIONING_OVERVIEW (hrm_ui_test_child (window->users_pane, HRM_TYPE_USERS_PANE,
                                                           "overview"));
  banner = GTK_REVEALER (hrm_ui_test_child (overview, HRM_TYPE_PROVISIONING_OVERVIEW,
                                            "job_revealer"));
  HRM_UI_WAIT_UNTIL (hrm_provisioning_overview_get_summary (overview) != NULL);
  g_assert_false (gtk_revealer_get_reveal_child (banner));
  gtk_widget_activate (hrm_ui_test_child (overview, HRM_TYPE_PROVISIONING_OVERVIEW,
                                          "resend_expired_button"));
  HRM_UI_WAIT_UNTIL ((dialog = find_dialog ()) != NULL);
  HRM_UI_WAIT_UNTIL (hrm_bulk_dialog_get_preview (dialog) != NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "bulk.run", NULL));
  HRM_UI_WAIT_UNTIL (hrm_bulk_dialog_get_job (dialog) != NULL);
  g_assert_false (hrm_bulk_job_is_finished (hrm_bulk_dialog_get_job (dialog)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  HRM_UI_WAIT_UNTIL (find_dialog () == NULL);
  g_assert_true (gtk_revealer_get_reveal_child (banner));

  /* Show brings it back; closing again hides it again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (overview), "users.show-job", NULL));
  HRM_UI_WAIT_UNTIL (find_dialog () == dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  HRM_UI_WAIT_UNTIL (find_dialog () == NULL);

  HRM_UI_WAIT_UNTIL (!gtk_revealer_get_reveal_child (banner));
  HRM_UI_WAIT_UNTIL (hrm_provisioning_summary_get_expired (
                       hrm_provisioning_overview_get_summary (overview)) == 0);

  hrm_ui_test_window_destroy (window);
  hrm_test_server_free (server);
}

/* "Send verification email…" beside the count: a preview over exactly what
 * the search and the filters list. */
static void
test_send_to_listed (void)
{
  g_autoptr(GError) error = NULL;
  HrmTestServer *server;
  HrmWindow *window;
  HrmUserList *list;
  HrmBulkDialog *dialog;
  GtkWidget *search;

  if (!hrm_test_server_available ())
    {
      g_test_skip ("no hrm-server");
      return;
    }
  server = hrm_test_server_new (TRUE, &error);
  g_assert_no_error (error);

  window = hrm_ui_test_window_new ();
  hrm_ui_test_sign_in (window, server, "admin");
  list = hrm_users_pane_get_list (window->users_pane);
  search = hrm_ui_test_child (window->users_pane, HRM_TYPE_USERS_PANE, "search_entry");
  gtk_editable_set_text (GTK_EDITABLE (search), "erik.johansson");
  HRM_UI_WAIT_UNTIL (g_strcmp0 (hrm_user_list_get_query (list), "erik.johansson") == 0
                     && !hrm_user_list_get_loading (list) && hrm_user_list_get_total (list) == 1);
  hrm_ui_test_spin (50);

  gtk_widget_activate (hrm_ui_test_find_button (GTK_WIDGET (window->users_pane),
                                                "Send _verification email…"));
  HRM_UI_WAIT_UNTIL ((dialog = find_dialog ()) != NULL);
  HRM_UI_WAIT_UNTIL (hrm_bulk_dialog_get_preview (dialog) != NULL);
  g_assert_cmpuint (hrm_bulk_dialog_get_preview (dialog)->total, ==, 1);
  g_assert_cmpuint (hrm_bulk_dialog_get_preview (dialog)->will_run, ==, 1);

  gtk_window_destroy (GTK_WINDOW (dialog));
  hrm_ui_test_window_destroy (window);
  hrm_test_server_free (server);
}

/* Whether a screen reader has a name to speak for @widget: its accessible
 * label (GtkButton sets it from its own label), set and not empty, or a
 * labelling widget. GTK 4.8 has no getter; its test API compares. */
static gboolean
has_accessible_name (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);

  if (gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return TRUE;
  if (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL))
    {
      g_autofree char *not_empty = gtk_test_accessible_check_property (accessible,
                                                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                                      "");

      return not_empty != NULL;
    }
  return FALSE;
}

/* Every button and toggle under @widget, shown or not (a page of a stack,
 * a folded part), has a name; returns how many were checked. */
static guint
assert_controls_named (GtkWidget *widget,
                       guint     *unnamed)
{
  GtkAccessibleRole role = gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget));
  guint checked = 0;

  /* GTK 4.8 gives toggle buttons the button role too. */
  if (role == GTK_ACCESSIBLE_ROLE_BUTTON)
    {
      checked++;
      if (!has_accessible_name (widget))
        {
          g_test_message ("no accessible name: %s \"%s\" in %s", G_OBJECT_TYPE_NAME (widget),
                          gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)),
                          G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)));
          (*unnamed)++;
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    checked += assert_controls_named (child, unnamed);
  return checked;
}

static void
assert_all_named (GtkWidget *widget,
                  guint      at_least)
{
  guint unnamed = 0;
  guint checked = assert_controls_named (widget, &unnamed);

  g_assert_cmpuint (unnamed, ==, 0);
  g_assert_cmpuint (checked, >=, at_least);
}

/* The focus is somewhere the administrator can see, inside @dialog. */
static void
assert_focus_inside (HrmBulkDialog *dialog)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (dialog));

  g_test_message ("focus on the %s page: %s", page (dialog),
                  focus != NULL ? G_OBJECT_TYPE_NAME (focus) : "nothing");
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (dialog)));
  g_assert_true (gtk_widget_get_visible (focus));
  g_assert_true (gtk_widget_get_mapped (focus));
}

/* The overview and the dialog from the keyboard, with a name for every
 * control: Enter on Run, the focus follows the pages; Escape closes (and
 * while the job runs the dialog keeps following it). */
static void
test_keyboard (void)
{
  const char * const env[] = { "HRM_SERVER_MAIL_RATE=5", NULL };
  g_autoptr(GError) error = NULL;
  HrmTestServer *server;
  HrmWindow *window;
  HrmProvisioningOverview *overview;
  HrmBulkDialog *dialog;
  GtkWidget *run;

  if (!hrm_test_server_available ())
    {
      g_test_skip ("no hrm-server");
      return;
    }
  server = hrm_test_server_new_full (TRUE, NULL, env, &error);
  g_assert_no_error (error);

  window = hrm_ui_test_window_new ();
  hrm_ui_test_sign_in (window, server, "admin");
  overview = HRM_PROVISIONING_OVERVIEW (hrm_ui_test_child (window->users_pane, HRM_TYPE_USERS_PANE,
                                                           "overview"));
  HRM_UI_WAIT_UNTIL (hrm_provisioning_overview_get_summary (overview) != NULL);
  /* Five parts, two send buttons, Show in the banner, the Details toggle. */
  assert_all_named (GTK_WIDGET (overview), 9);

  gtk_widget_grab_focus (hrm_ui_test_child (overview, HRM_TYPE_PROVISIONING_OVERVIEW,
                                            "resend_expired_button"));
  gtk_widget_activate (gtk_window_get_focus (GTK_WINDOW (window)));
  HRM_UI_WAIT_UNTIL ((dialog = find_dialog ()) != NULL);
  HRM_UI_WAIT_UNTIL (hrm_bulk_dialog_get_preview (dialog) != NULL);
  run = hrm_ui_test_child (dialog, HRM_TYPE_BULK_DIALOG, "run_button");
  g_assert_true (gtk_widget_has_focus (run));

  /* Enter on Run: the progress page takes the focus from the hidden button. */
  gtk_widget_activate (run);
  HRM_UI_WAIT_UNTIL (hrm_bulk_dialog_get_job (dialog) != NULL);
  g_assert_cmpstr (page (dialog), ==, "progress");
  hrm_ui_test_spin (50);
  assert_focus_inside (dialog);

  /* Escape closes; the job goes on and the dialog with it. */
  g_assert_true (hrm_ui_test_press_shortcut (GTK_WIDGET (dialog), "Escape"));
  HRM_UI_WAIT_UNTIL (find_dialog () == NULL);
  g_assert_false (hrm_bulk_job_is_finished (hrm_bulk_dialog_get_job (dialog)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (overview), "users.show-job", NULL));
  HRM_UI_WAIT_UNTIL (find_dialog () == dialog);
  hrm_ui_test_spin (50);
  assert_focus_inside (dialog);

  HRM_UI_WAIT_UNTIL (g_strcmp0 (page (dialog), "results") == 0);
  hrm_ui_test_spin (50);
  assert_focus_inside (dialog);
  /* Every page has been shown: every button of every page has its name. */
  assert_all_named (GTK_WIDGET (dialog), 7);

  /* Escape on the results closes for good. */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (hrm_ui_test_press_shortcut (GTK_WIDGET (dialog), "Escape"));
  HRM_UI_WAIT_UNTIL (dialog == NULL);

  hrm_ui_test_window_destroy (window);
  hrm_test_server_free (server);
}

/* "Send to all not linked with email (N)" previews exactly those N users:
 * nobody is in it only to be skipped for having no email. */
static void
test_send_not_linked (void)
{
  g_autoptr(GError) error = NULL;
  HrmTestServer *server;
  HrmWindow *window;
  HrmProvisioningOverview *overview;
  HrmBulkDialog *dialog;
  const HrmBulkJobPreview *preview;
  g_autofree char *send_label = NULL;
  guint with_email;

  if (!hrm_test_server_available ())
    {
      g_test_skip ("no hrm-server");
      return;
    }
  server = hrm_test_server_new (TRUE, &error);
  g_assert_no_error (error);

  window = hrm_ui_test_window_new ();
  hrm_ui_test_sign_in (window, server, "admin");
  overview = HRM_PROVISIONING_OVERVIEW (hrm_ui_test_child (window->users_pane, HRM_TYPE_USERS_PANE,
                                                           "overview"));
  HRM_UI_WAIT_UNTIL (hrm_provisioning_overview_get_summary (overview) != NULL);
  with_email = hrm_provisioning_summary_get_not_linked_with_email (
                 hrm_provisioning_overview_get_summary (overview));
  g_assert_cmpuint (with_email, >, 0);
  send_label = g_strdup_printf ("Send to all not linked with email (%u)", with_email);
  g_assert_cmpstr (hrm_ui_test_label (overview, HRM_TYPE_PROVISIONING_OVERVIEW,
                                      "send_not_linked_label"), ==, send_label);

  gtk_widget_activate (hrm_ui_test_child (overview, HRM_TYPE_PROVISIONING_OVERVIEW,
                                          "send_not_linked_button"));
  HRM_UI_WAIT_UNTIL ((dialog = find_dialog ()) != NULL);
  HRM_UI_WAIT_UNTIL (hrm_bulk_dialog_get_preview (dialog) != NULL);
  preview = hrm_bulk_dialog_get_preview (dialog);
  g_assert_cmpuint (preview->total, ==, with_email);
  g_assert_cmpuint (preview->skipped[HRM_BULK_SKIP_NO_EMAIL], ==, 0);
  g_assert_null (hrm_ui_test_find_row (GTK_WIDGET (dialog),
                                       hrm_bulk_skip_reason_describe (HRM_BULK_SKIP_NO_EMAIL)));

  gtk_window_destroy (GTK_WINDOW (dialog));
  hrm_ui_test_window_destroy (window);
  hrm_test_server_free (server);
}

static void
keep_result (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The first @n users of the list with these filters, as the preview names
 * them: "Anna Svensson · 10023". */
static GPtrArray *
expected_titles (HrmClient           *client,
                 HrmConnectionFilter  connection,
                 guint                n)
{
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(HrmUsersPage) page = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  hrm_client_list_users_async (client, NULL, connection, HRM_ENABLED_FILTER_ENABLED, NULL, n, NULL,
                               keep_result, &result);
  HRM_UI_WAIT_UNTIL (result != NULL);
  page = hrm_client_list_users_finish (client, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  for (guint i = 0; i < page->items->len; i++)
    {
      HrmUser *user = g_ptr_array_index (page->items, i);

      g_ptr_array_add (titles, g_strdup_printf ("%s %s · %s", hrm_user_get_first_name (user),
                                                hrm_user_get_last_name (user),
                                                hrm_user_get_user_id (user)));
    }
  return g_steal_pointer (&titles);
}

/* A skip group expands to the users in it, in the list's order, and says
 * how many more there are than it shows. */
static void
test_skip_group_expands (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmClient) client = NULL;
  g_autoptr(GPtrArray) titles = NULL;
  HrmTestServer *server;
  HrmWindow *window;
  HrmUserList *list;
  HrmBulkDialog *dialog;
  const HrmBulkJobPreview *preview;
  GtkWidget *group;
  GtkWidget *first;
  guint no_email;

  if (!hrm_test_server_available ())
    {
      g_test_skip ("no hrm-server");
      return;
    }
  server = hrm_test_server_new (TRUE, &error);
  g_assert_no_error (error);

  window = hrm_ui_test_window_new ();
  hrm_ui_test_sign_in (window, server, "admin");
  list = hrm_users_pane_get_list (window->users_pane);
  g_object_get (list, "client", &client, NULL);
  titles = expected_titles (client, HRM_CONNECTION_FILTER_NOT_LINKED_WITHOUT_EMAIL, 50);

  /* Every enabled not-linked user: those without an email are skipped. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->users_pane), "users.filter-connection",
                                             "s", "not-linked"));
  HRM_UI_WAIT_UNTIL (hrm_user_list_get_connection_filter (list) == HRM_CONNECTION_FILTER_NOT_LINKED
                     && !hrm_user_list_get_loading (list));
  hrm_ui_test_spin (50);
  gtk_widget_activate (hrm_ui_test_find_button (GTK_WIDGET (window->users_pane),
                                                "Send _verification email…"));
  HRM_UI_WAIT_UNTIL ((dialog = find_dialog ()) != NULL);
  HRM_UI_WAIT_UNTIL (hrm_bulk_dialog_get_preview (dialog) != NULL);
  preview = hrm_bulk_dialog_get_preview (dialog);
  no_email = preview->skipped[HRM_BULK_SKIP_NO_EMAIL];
  /* The demo has more than a group shows. */
  g_assert_cmpuint (no_email, >, 50);
  g_assert_cmpuint (titles->len, ==, 50);

  group = hrm_ui_test_find_row (GTK_WIDGET (dialog),
                                hrm_bulk_skip_reason_describe (HRM_BULK_SKIP_NO_EMAIL));
  g_assert_true (ADW_IS_EXPANDER_ROW (group));
  first = hrm_ui_test_find_row (group, g_ptr_array_index (titles, 0));
  g_assert_nonnull (first);
  g_assert_false (gtk_widget_get_mapped (first));

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (group), TRUE);
  HRM_UI_WAIT_UNTIL (gtk_widget_get_mapped (first));
  for (guint i = 0; i < titles->len; i++)
    {
      GtkWidget *row = hrm_ui_test_find_row (group, g_ptr_array_index (titles, i));

      g_test_message ("%s", (char *) g_ptr_array_index (titles, i));
      g_assert_nonnull (row);
      g_assert_true (gtk_widget_get_visible (row));
    }
  {
    g_autofree char *more = g_strdup_printf ("and %u more", no_email - 50);

    g_assert_nonnull (hrm_ui_test_find_row (group, more));
  }

  gtk_window_destroy (GTK_WINDOW (dialog));
  hrm_ui_test_window_destroy (window);
  hrm_test_server_free (server);
}

int
main (int   argc,
      char *argv[])
{
  /* GTK_A11Y=none (tests/meson.build) would drop the accessible properties
   * that /ui/bulk-dialog/keyboard reads back; GTK's test context keeps them
   * and talks to no bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  hrm_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/bulk-dialog/resend-expired", test_resend_expired);
  g_test_add_func ("/ui/bulk-dialog/retry-failed", test_retry_failed);
  g_test_add_func ("/ui/bulk-dialog/shown-again", test_shown_again);
  g_test_add_func ("/ui/bulk-dialog/keep-running", test_keep_running);
  g_test_add_func ("/ui/bulk-dialog/send-to-listed", test_send_to_listed);
  g_test_add_func ("/ui/bulk-dialog/send-not-linked", test_send_not_linked);
  g_test_add_func ("/ui/bulk-dialog/skip-group-expands", test_skip_group_expands);
  g_test_add_func ("/ui/bulk-dialog/keyboard", test_keyboard);

  return g_test_run ();
}
