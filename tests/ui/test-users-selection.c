/* test-users-selection.c — selection mode in the users list of the real window:
 * ticking rows, Ctrl+A, "Select all N", the action bar's Send, Escape
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-users-selection"

#include "config.h"

#include "hrm-bulk-dialog.h"
#include "hrm-ui-test.h"
#include "hrm-user-row.h"

/* Demo users (docs/demo-data.md), all enabled and not linked. */
#define ANNA_SVENSSON  3   /* no email: skipped */
#define ERIK_JOHANSSON 4
#define INGRID_ABERG   12

typedef struct
{
  HrmTestServer *server;
  HrmWindow     *window;
  HrmUsersPane  *pane;
  HrmUserList   *list;
} Fixture;

static void
set_up (Fixture            *fixture,
        const char * const *args,
        int                 width)
{
  const char * const env[] = { "HRM_SERVER_MAIL_RATE=20", NULL };
  g_autoptr(GError) error = NULL;

  if (!hrm_test_server_available ())
    {
      g_test_skip ("no hrm-server");
      return;
    }
  fixture->server = hrm_test_server_new_full (TRUE, args, env, &error);
  g_assert_no_error (error);

  fixture->window = width > 0 ? hrm_ui_test_window_new_sized (width, 720)
                              : hrm_ui_test_window_new ();
  hrm_ui_test_sign_in (fixture->window, fixture->server, "admin");
  fixture->pane = fixture->window->users_pane;
  fixture->list = hrm_users_pane_get_list (fixture->pane);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  set_up (fixture, NULL, -1);
}

/* As narrow as the window goes, and more users than the list loads at first. */
static void
fixture_set_up_narrow (Fixture       *fixture,
                       gconstpointer  data)
{
  const char * const args[] = { "--demo-users", "1000", NULL };

  set_up (fixture, args, 360);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    hrm_ui_test_window_destroy (fixture->window);
  g_clear_pointer (&fixture->server, hrm_test_server_free);
}

static GtkWidget *
pane_child (Fixture    *fixture,
            const char *name)
{
  return hrm_ui_test_child (fixture->pane, HRM_TYPE_USERS_PANE, name);
}

static GtkWidget *
list_view (Fixture *fixture)
{
  return pane_child (fixture, "list_view");
}

/* A button's activation, as a click (or Space) does: only once it is on
 * screen (the action bar and the offer slide in), and the click comes after
 * a short pressed look, so wait for its effect. */
static void
press (Fixture    *fixture,
       const char *name)
{
  GtkWidget *button = pane_child (fixture, name);

  HRM_UI_WAIT_UNTIL (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
}

static const char *
selected_text (Fixture *fixture)
{
  return gtk_label_get_label (GTK_LABEL (pane_child (fixture, "selected_label")));
}

static gboolean
action_bar_shown (Fixture *fixture)
{
  return gtk_action_bar_get_revealed (GTK_ACTION_BAR (pane_child (fixture, "action_bar")));
}

static gboolean
select_all_offered (Fixture *fixture)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (pane_child (fixture,
                                                                  "select_all_revealer")));
}

static void
wait_for_list (Fixture *fixture)
{
  HRM_UI_WAIT_UNTIL (!hrm_user_list_get_loading (fixture->list));
  hrm_ui_test_spin (50);
}

static void
set_filters (Fixture *fixture,
             guint    connection,
             guint    enabled)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (pane_child (fixture, "connection_dropdown")),
                              connection);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (pane_child (fixture, "enabled_dropdown")), enabled);
  HRM_UI_WAIT_UNTIL ((guint) hrm_user_list_get_connection_filter (fixture->list) == connection
                     && (guint) hrm_user_list_get_enabled_filter (fixture->list) == enabled);
  wait_for_list (fixture);
}

/* Where the user with @id is in the list (its first page is loaded). */
static guint
position_of (Fixture *fixture,
             gint64   id)
{
  GListModel *model = G_LIST_MODEL (fixture->list);

  for (guint i = 0; i < g_list_model_get_n_items (model) && i < 100; i++)
    {
      g_autoptr(HrmUser) user = g_list_model_get_item (model, i);

      if (hrm_user_get_id (user) == id)
        return i;
    }
  g_assert_not_reached ();
}

/* What a click or Enter on a row does. */
static void
activate_row (Fixture *fixture,
              guint    position)
{
  g_assert_true (gtk_widget_activate_action (list_view (fixture), "list.activate-item", "u",
                                             position));
}

static gboolean
is_user_row (GtkWidget     *widget,
             gconstpointer  data)
{
  return HRM_IS_USER_ROW (widget);
}

/* Every row on screen (the list view recycles them) shows the selection:
 * a check box, ticked for the users in @ids (NULL: none; all: every one). */
static void
assert_rows (Fixture      *fixture,
             gboolean      selection_mode,
             const gint64 *ids,
             guint         n_ids,
             gboolean      all)
{
  guint n_rows = 0;

  for (GtkWidget *item = gtk_widget_get_first_child (list_view (fixture));
       item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = hrm_ui_test_find (item, is_user_row, NULL);
      GtkWidget *check;
      HrmUser *user;
      gboolean expected = all;

      if (row == NULL || !gtk_widget_get_visible (item))
        continue;
      user = hrm_user_row_get_user (HRM_USER_ROW (row));
      if (user == NULL || hrm_user_get_id (user) == 0)
        continue;
      for (guint i = 0; i < n_ids; i++)
        expected |= hrm_user_get_id (user) == ids[i];

      /* (A row off screen builds its check box when it comes into view.) */
      check = hrm_ui_test_find_named (row, "check_button");
      if (check != NULL)
        g_assert_cmpint (gtk_widget_get_visible (check), ==, selection_mode);
      if (selection_mode)
        g_assert_cmpint (hrm_user_row_get_checked (HRM_USER_ROW (row)), ==, expected);
      n_rows++;
    }
  g_assert_cmpuint (n_rows, >, 3);
}

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

/* Select, tick three users by their rows, Send: a preview of exactly them,
 * run to the end; selection mode ends when the job starts. */
static void
test_tick_and_send (Fixture       *fixture,
                    gconstpointer  data)
{
  const gint64 ids[] = { ANNA_SVENSSON, ERIK_JOHANSSON, INGRID_ABERG };
  GtkWidget *send_listed;
  HrmUser *shown_before;
  HrmBulkDialog *dialog;
  const HrmBulkJobPreview *preview;
  GtkSingleSelection *selection;
  HrmBulkJob *job;

  if (fixture->server == NULL)
    return;

  set_filters (fixture, HRM_CONNECTION_FILTER_NOT_LINKED, HRM_ENABLED_FILTER_ENABLED);
  shown_before = fixture->window->user;
  send_listed = pane_child (fixture, "send_listed_button");
  g_assert_false (action_bar_shown (fixture));
  assert_rows (fixture, FALSE, NULL, 0, FALSE);

  /* The Select button. */
  press (fixture, "select_button");
  HRM_UI_WAIT_UNTIL (hrm_users_pane_get_selection_mode (fixture->pane));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (pane_child (fixture,
                                                                               "select_button"))));
  g_assert_true (action_bar_shown (fixture));
  g_assert_false (gtk_widget_get_visible (send_listed));
  g_assert_cmpstr (selected_text (fixture), ==, "0 selected");
  g_assert_false (gtk_widget_is_sensitive (pane_child (fixture, "send_selected_button")));
  hrm_ui_test_spin (50);
  assert_rows (fixture, TRUE, NULL, 0, FALSE);

  /* A row's activation ticks it, again unticks it; nobody is opened. */
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    activate_row (fixture, position_of (fixture, ids[i]));
  g_assert_cmpstr (selected_text (fixture), ==, "3 selected");
  activate_row (fixture, position_of (fixture, ERIK_JOHANSSON));
  g_assert_cmpstr (selected_text (fixture), ==, "2 selected");
  activate_row (fixture, position_of (fixture, ERIK_JOHANSSON));
  g_assert_cmpstr (selected_text (fixture), ==, "3 selected");
  hrm_ui_test_spin (50);
  g_assert_true (fixture->window->user == shown_before);
  assert_rows (fixture, TRUE, ids, G_N_ELEMENTS (ids), FALSE);

  /* Send: the bulk dialog previews the three; Anna has no email. */
  g_assert_true (gtk_widget_is_sensitive (pane_child (fixture, "send_selected_button")));
  press (fixture, "send_selected_button");
  HRM_UI_WAIT_UNTIL ((dialog = find_dialog ()) != NULL);
  HRM_UI_WAIT_UNTIL (hrm_bulk_dialog_get_preview (dialog) != NULL);
  preview = hrm_bulk_dialog_get_preview (dialog);
  g_assert_cmpuint (preview->total, ==, 3);
  g_assert_cmpuint (preview->will_run, ==, 2);
  g_assert_cmpuint (preview->skipped[HRM_BULK_SKIP_NO_EMAIL], ==, 1);
  /* Still selecting while the preview is open. */
  g_assert_true (hrm_users_pane_get_selection_mode (fixture->pane));

  /* Run: selection mode has served its purpose. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "bulk.run", NULL));
  HRM_UI_WAIT_UNTIL (hrm_bulk_dialog_get_job (dialog) != NULL);
  g_assert_false (hrm_users_pane_get_selection_mode (fixture->pane));
  g_assert_false (action_bar_shown (fixture));
  g_assert_true (gtk_widget_get_visible (send_listed));
  job = hrm_bulk_dialog_get_job (dialog);
  HRM_UI_WAIT_UNTIL (hrm_bulk_job_is_finished (job));
  g_assert_cmpint (hrm_bulk_job_get_state (job), ==, HRM_BULK_JOB_DONE);
  g_assert_cmpuint (hrm_bulk_job_get_total (job), ==, 3);
  g_assert_cmpuint (hrm_bulk_job_get_succeeded (job), ==, 2);
  g_assert_cmpuint (hrm_bulk_job_get_skipped (job), ==, 1);
  g_assert_cmpuint (hrm_bulk_job_get_failed (job), ==, 0);

  /* Closed, the list is read again: Erik and Ingrid are pending now. */
  gtk_window_close (GTK_WINDOW (dialog));
  HRM_UI_WAIT_UNTIL (find_dialog () == NULL);
  HRM_UI_WAIT_UNTIL (!hrm_user_list_get_loading (fixture->list)
                     && hrm_user_list_get_total (fixture->list) == 94);
  hrm_ui_test_spin (50);
  assert_rows (fixture, FALSE, NULL, 0, FALSE);

  /* Outside selection mode a row's activation opens the user, as before. */
  activate_row (fixture, position_of (fixture, ANNA_SVENSSON));
  HRM_UI_WAIT_UNTIL (fixture->window->user != NULL
                     && hrm_user_get_id (fixture->window->user) == ANNA_SVENSSON);

  /* Her row is highlighted; in selection mode the check boxes are the
   * selection, and afterwards her row is highlighted again. */
  selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (list_view (fixture))));
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==,
                    position_of (fixture, ANNA_SVENSSON));
  hrm_users_pane_set_selection_mode (fixture->pane, TRUE);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, GTK_INVALID_LIST_POSITION);
  hrm_users_pane_set_selection_mode (fixture->pane, FALSE);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==,
                    position_of (fixture, ANNA_SVENSSON));
  g_assert_cmpint (hrm_user_get_id (fixture->window->user), ==, ANNA_SVENSSON);
}

/* Ctrl+A takes the users loaded; "Select all N" every one the search and
 * filters list (a preview of that many); a filter change forgets that, not
 * the users ticked; Escape leaves. All in a window as narrow as it goes. */
static void
test_select_all (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GArray) loaded = NULL;
  g_autofree char *expected = NULL;
  GtkWidget *focus;
  HrmBulkDialog *dialog;
  guint total;
  int min_width, min_before;

  if (fixture->server == NULL)
    return;

  wait_for_list (fixture);
  total = hrm_user_list_get_total (fixture->list);
  loaded = hrm_user_list_dup_loaded_ids (fixture->list);
  /* The first page only: more users match than are loaded. */
  g_assert_cmpuint (loaded->len, >, 0);
  g_assert_cmpuint (loaded->len, <, total);

  gtk_widget_measure (GTK_WIDGET (fixture->window), GTK_ORIENTATION_HORIZONTAL, -1, &min_before,
                      NULL, NULL, NULL);
  /* From a row (Tab into the list), outside selection mode: Ctrl+A enters it. */
  g_assert_true (gtk_widget_child_focus (list_view (fixture), GTK_DIR_TAB_FORWARD));
  g_assert_true (hrm_ui_test_press_shortcut (list_view (fixture), "<Control>a"));
  hrm_ui_test_spin (100);
  g_assert_true (hrm_users_pane_get_selection_mode (fixture->pane));
  expected = g_strdup_printf ("%u selected", loaded->len);
  g_assert_cmpstr (selected_text (fixture), ==, expected);
  hrm_ui_test_spin (50);
  assert_rows (fixture, TRUE, (const gint64 *) loaded->data, loaded->len, FALSE);

  /* The focus is on the row's check box: Space (its activation) unticks it. */
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (GTK_IS_CHECK_BUTTON (focus));
  g_assert_true (gtk_widget_is_ancestor (focus, list_view (fixture)));
  gtk_widget_activate (focus);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%u selected", loaded->len - 1);
  g_assert_cmpstr (selected_text (fixture), ==, expected);
  gtk_widget_activate (focus);

  /* "Select all 250 users", and the action bar fits the narrowest window. */
  g_assert_true (select_all_offered (fixture));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("Select all %u users", total);
  g_assert_cmpstr (hrm_ui_test_label (fixture->pane, HRM_TYPE_USERS_PANE, "select_all_label"),
                   ==, expected);
  gtk_widget_measure (GTK_WIDGET (fixture->window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width,
                      NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, min_before);
  gtk_widget_measure (GTK_WIDGET (fixture->pane), GTK_ORIENTATION_HORIZONTAL, -1, &min_width,
                      NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->pane)), ==, 360);

  press (fixture, "select_all_button");
  HRM_UI_WAIT_UNTIL (hrm_users_pane_get_all_matching (fixture->pane));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%u selected", total);
  g_assert_cmpstr (selected_text (fixture), ==, expected);
  g_assert_false (select_all_offered (fixture));

  /* Another filter: "all" meant the old one; the users ticked stay. */
  set_filters (fixture, HRM_CONNECTION_FILTER_ALL, HRM_ENABLED_FILTER_ENABLED);
  g_assert_false (hrm_users_pane_get_all_matching (fixture->pane));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%u selected", loaded->len);
  g_assert_cmpstr (selected_text (fixture), ==, expected);
  total = hrm_user_list_get_total (fixture->list);
  g_assert_cmpuint (total, >, 100);
  g_assert_true (select_all_offered (fixture));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("Select all %u users matching the search and filters", total);
  g_assert_cmpstr (hrm_ui_test_label (fixture->pane, HRM_TYPE_USERS_PANE, "select_all_label"),
                   ==, expected);

  /* All matching the filter: the preview counts them all, loaded or not. */
  press (fixture, "select_all_button");
  HRM_UI_WAIT_UNTIL (hrm_users_pane_get_all_matching (fixture->pane));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%u selected", total);
  g_assert_cmpstr (selected_text (fixture), ==, expected);
  press (fixture, "send_selected_button");
  HRM_UI_WAIT_UNTIL ((dialog = find_dialog ()) != NULL);
  HRM_UI_WAIT_UNTIL (hrm_bulk_dialog_get_preview (dialog) != NULL);
  g_assert_cmpuint (hrm_bulk_dialog_get_preview (dialog)->total, ==, total);
  /* Closed without running: still selecting, the same selection. */
  gtk_window_destroy (GTK_WINDOW (dialog));
  hrm_ui_test_spin (50);
  g_assert_true (hrm_users_pane_get_selection_mode (fixture->pane));
  g_assert_cmpstr (selected_text (fixture), ==, expected);

  /* Escape leaves: no check boxes, no action bar, nothing selected. */
  g_assert_true (gtk_widget_child_focus (list_view (fixture), GTK_DIR_TAB_FORWARD));
  g_assert_true (GTK_IS_CHECK_BUTTON (gtk_root_get_focus (GTK_ROOT (fixture->window))));
  g_assert_true (hrm_ui_test_press_shortcut (list_view (fixture), "Escape"));
  g_assert_false (hrm_users_pane_get_selection_mode (fixture->pane));
  g_assert_false (action_bar_shown (fixture));
  g_assert_false (select_all_offered (fixture));
  g_assert_cmpuint (hrm_users_pane_get_n_checked (fixture->pane), ==, 0);
  hrm_ui_test_spin (50);
  assert_rows (fixture, FALSE, NULL, 0, FALSE);
  /* The focus stays in the list. */
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, list_view (fixture)));

  /* Escape outside selection mode is not ours. */
  g_assert_false (hrm_ui_test_press_shortcut (list_view (fixture), "Escape"));
}

/* A row off screen has not built its user's widgets yet (the list view
 * keeps 200 rows, most of them unmapped); the keyboard may still land on
 * it: in selection mode its check box takes the focus, ticked as the
 * selection says. */
static void
test_focus_off_screen (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *row = NULL;
  GtkWidget *focus;
  HrmUser *user;

  HRM_UI_WAIT_UNTIL (!hrm_user_list_get_loading (fixture->list));
  hrm_users_pane_set_selection_mode (fixture->pane, TRUE);
  hrm_ui_test_spin (50);

  for (GtkWidget *item = gtk_widget_get_last_child (list_view (fixture));
       item != NULL && row == NULL;
       item = gtk_widget_get_prev_sibling (item))
    {
      GtkWidget *candidate = hrm_ui_test_find (item, is_user_row, NULL);

      user = candidate != NULL ? hrm_user_row_get_user (HRM_USER_ROW (candidate)) : NULL;
      if (user != NULL && hrm_user_get_id (user) != 0 && !gtk_widget_get_mapped (candidate))
        row = candidate;
    }
  g_assert_nonnull (row);
  g_assert_null (hrm_ui_test_find_named (row, "check_button"));

  g_assert_true (gtk_widget_grab_focus (row));
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (focus == hrm_ui_test_named (row, "check_button"));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (focus)));
}

int
main (int   argc,
      char *argv[])
{
  hrm_ui_test_init (&argc, &argv);

  g_test_add ("/ui/users-selection/tick-and-send", Fixture, NULL, fixture_set_up,
              test_tick_and_send, fixture_tear_down);
  g_test_add ("/ui/users-selection/select-all", Fixture, NULL, fixture_set_up_narrow,
              test_select_all, fixture_tear_down);
  g_test_add ("/ui/users-selection/focus-off-screen", Fixture, NULL, fixture_set_up_narrow,
              test_focus_off_screen, fixture_tear_down);

  return g_test_run ();
}
