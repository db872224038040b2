/* test-user-page-tabs.c — roles, audit codes and history on the user page
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-user-page"

#include "config.h"

#include "hrm-role-dialog.h"
#include "hrm-user-page-test.h"

#define TEST(path, func) \
  g_test_add (path, PageFixture, NULL, page_fixture_set_up, func, page_fixture_tear_down)

static JsonArray *
get_items (PageFixture *fixture,
           const char  *what,
           JsonObject **out_root)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "/%s",
                                           hrm_user_get_id (fixture->user), what);
  g_autoptr(HrmTestResponse) r = hrm_test_api (fixture->session,
                                               hrm_test_server_get_uri (fixture->server),
                                               fixture->token, "GET", path, NULL, NULL);

  hrm_test_assert_status (r, 200);
  *out_root = json_object_ref (r->json);
  return hrm_test_json_get_array (r->json, "items");
}

/* How many items the tab's list (the model bound to its list box) has. */
static guint
count_items (gpointer tab)
{
  return g_list_model_get_n_items (hrm_list_tab_get_items (HRM_LIST_TAB (tab)));
}

static gboolean
tab_loaded (GtkWidget *tab)
{
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (tab, G_OBJECT_TYPE (tab), "stack"));

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "list") == 0;
}

static HrmRoleDialog *
open_role_dialog (PageFixture *fixture)
{
  HrmAuthorisationsTab *tab = fixture->page->authorisations_tab;

  gtk_widget_activate_action (GTK_WIDGET (tab), "authorisations.add", NULL);
  HRM_UI_WAIT_UNTIL (hrm_authorisations_tab_get_dialog (tab) != NULL);
  return HRM_ROLE_DIALOG (hrm_authorisations_tab_get_dialog (tab));
}

/* Add a role for an account code and one for an employee found by
 * search, save; remove one, save; the last role cannot be removed. */
static void
test_authorisations (PageFixture   *fixture,
                     gconstpointer  data)
{
  HrmAuthorisationsTab *tab;
  HrmRoleDialog *dialog;
  g_autoptr(JsonObject) root = NULL;
  JsonArray *items;
  guint before;

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_ERIK);
  tab = fixture->page->authorisations_tab;
  adw_view_stack_set_visible_child_name (fixture->page->view_stack, "authorisations");
  HRM_UI_WAIT_UNTIL (tab_loaded (GTK_WIDGET (tab)));
  before = count_items (tab);
  g_assert_cmpuint (before, ==, 1);
  /* The only role cannot go. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (tab), "authorisations.remove", "u", 0)
                  && count_items (tab) == 0);
  g_assert_cmpuint (count_items (tab), ==, 1);

  /* Chef (Manager) for the first account code. */
  dialog = open_role_dialog (fixture);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add"));
  hrm_role_dialog_select (dialog, 3, HRM_SCOPE_ACCOUNT_CODE, 0);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add"));
  page_fixture_screenshot (fixture, "role-dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "add");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_cmpuint (count_items (tab), ==, before + 1);
  g_assert_true (hrm_list_tab_get_has_unsaved_changes (HRM_LIST_TAB (tab)));
  g_assert_true (hrm_user_page_get_has_unsaved_changes (fixture->page));

  /* Löneadministratör (Payroll administrator) for an employee found by searching. */
  HRM_UI_WAIT_UNTIL (hrm_authorisations_tab_get_dialog (tab) == NULL);
  dialog = open_role_dialog (fixture);
  hrm_role_dialog_select (dialog, 2, HRM_SCOPE_EMPLOYEE, 0);
  hrm_role_dialog_search_employees (dialog, "svensson");
  HRM_UI_WAIT_UNTIL (hrm_role_dialog_get_n_employees (dialog) > 0);
  hrm_role_dialog_select (dialog, 2, HRM_SCOPE_EMPLOYEE, 0);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add"));
  page_fixture_screenshot (fixture, "role-dialog-employee");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "add");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_cmpuint (count_items (tab), ==, before + 2);
  page_fixture_screenshot (fixture, "authorisations-edited");

  gtk_widget_activate_action (GTK_WIDGET (tab), "tab.save", NULL);
  HRM_UI_WAIT_UNTIL (!hrm_list_tab_get_has_unsaved_changes (HRM_LIST_TAB (tab)));
  items = get_items (fixture, "authorisations", &root);
  g_assert_cmpuint (json_array_get_length (items), ==, before + 2);
  g_clear_pointer (&root, json_object_unref);

  /* Remove the first, save. */
  gtk_widget_activate_action (GTK_WIDGET (tab), "authorisations.remove", "u", 0);
  g_assert_cmpuint (count_items (tab), ==, before + 1);
  gtk_widget_activate_action (GTK_WIDGET (tab), "tab.save", NULL);
  HRM_UI_WAIT_UNTIL (!hrm_list_tab_get_has_unsaved_changes (HRM_LIST_TAB (tab)));
  items = get_items (fixture, "authorisations", &root);
  g_assert_cmpuint (json_array_get_length (items), ==, before + 1);
  g_assert_false (hrm_user_page_get_has_unsaved_changes (fixture->page));
}

/* The dialog opens with no role chosen (the first is Systemadministratör):
 * Add is off and Enter grants nothing until the administrator picks one. */
static void
test_role_not_preselected (PageFixture   *fixture,
                           gconstpointer  data)
{
  HrmAuthorisationsTab *tab;
  HrmRoleDialog *dialog;
  AdwComboRow *role_row;
  g_autoptr(HrmAuthorisation) choice = NULL;
  g_autoptr(HrmAuthorisation) added = NULL;
  guint before;

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_ERIK);
  tab = fixture->page->authorisations_tab;
  adw_view_stack_set_visible_child_name (fixture->page->view_stack, "authorisations");
  HRM_UI_WAIT_UNTIL (tab_loaded (GTK_WIDGET (tab)));
  before = count_items (tab);

  dialog = open_role_dialog (fixture);
  hrm_ui_test_spin (100);
  role_row = ADW_COMBO_ROW (hrm_ui_test_child (dialog, HRM_TYPE_ROLE_DIALOG, "role_row"));
  g_assert_cmpuint (adw_combo_row_get_selected (role_row), ==, GTK_INVALID_LIST_POSITION);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (role_row)), ==, "Choose a role");
  g_assert_null (hrm_role_dialog_dup_authorisation (dialog));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add"));
  page_fixture_screenshot (fixture, "role-dialog-unchosen");

  /* Enter (what the window does with it: activate the default response):
   * nothing is granted, the dialog stays. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "default.activate", NULL));
  hrm_ui_test_spin (100);
  g_assert_true (hrm_authorisations_tab_get_dialog (tab) == GTK_WIDGET (dialog));
  g_assert_cmpuint (count_items (tab), ==, before);
  g_assert_false (hrm_list_tab_get_has_unsaved_changes (HRM_LIST_TAB (tab)));

  /* Picked: Add is on, and Enter adds just that. */
  adw_combo_row_set_selected (role_row, 0);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add"));
  choice = hrm_role_dialog_dup_authorisation (dialog);
  g_assert_nonnull (choice);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "default.activate", NULL));
  HRM_UI_WAIT_UNTIL (hrm_authorisations_tab_get_dialog (tab) == NULL);
  g_assert_cmpuint (count_items (tab), ==, before + 1);
  added = g_list_model_get_item (hrm_list_tab_get_items (HRM_LIST_TAB (tab)), before);
  g_assert_cmpint (hrm_authorisation_get_role_id (added), ==, hrm_authorisation_get_role_id (choice));
}

/* Add an account code to audit, save; revert drops an unsaved one. */
static void
test_audit (PageFixture   *fixture,
            gconstpointer  data)
{
  HrmAuditTab *tab;
  g_autoptr(JsonObject) root = NULL;
  JsonArray *items;
  guint before;
  AdwComboRow *add_row;

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_INGRID);
  tab = fixture->page->audit_tab;
  adw_view_stack_set_visible_child_name (fixture->page->view_stack, "audit");
  HRM_UI_WAIT_UNTIL (tab_loaded (GTK_WIDGET (tab)));
  before = count_items (tab);
  add_row = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (tab), HRM_TYPE_AUDIT_TAB,
                                                          "add_row"));

  adw_combo_row_set_selected (add_row, 0);
  gtk_widget_activate_action (GTK_WIDGET (tab), "audit.add", NULL);
  adw_combo_row_set_selected (add_row, 1);
  gtk_widget_activate_action (GTK_WIDGET (tab), "audit.add", NULL);
  g_assert_cmpuint (count_items (tab), ==, before + 2);
  g_assert_true (hrm_list_tab_get_has_unsaved_changes (HRM_LIST_TAB (tab)));
  page_fixture_screenshot (fixture, "audit-edited");

  /* The page's Save (what the window's "Save" in its discard dialog does)
   * saves the tab's changes too. */
  g_assert_true (hrm_user_page_get_has_unsaved_changes (fixture->page));
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "user.save", NULL);
  HRM_UI_WAIT_UNTIL (!hrm_user_page_get_has_unsaved_changes (fixture->page));
  g_assert_false (hrm_list_tab_get_has_unsaved_changes (HRM_LIST_TAB (tab)));
  HRM_UI_WAIT_UNTIL (page_fixture_has_toast (fixture, "Account codes saved"));
  items = get_items (fixture, "account-code-audit", &root);
  g_assert_cmpuint (json_array_get_length (items), ==, before + 2);

  /* An unsaved removal is undone by Revert. */
  gtk_widget_activate_action (GTK_WIDGET (tab), "audit.remove", "u", 0);
  g_assert_cmpuint (count_items (tab), ==, before + 1);
  gtk_widget_activate_action (GTK_WIDGET (tab), "tab.revert", NULL);
  g_assert_cmpuint (count_items (tab), ==, before + 2);
  g_assert_false (hrm_list_tab_get_has_unsaved_changes (HRM_LIST_TAB (tab)));
}

/* The history lists what happened, and grows after a change. */
static void
test_history (PageFixture   *fixture,
              gconstpointer  data)
{
  HrmHistoryTab *tab;
  guint before;

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_MARIA);
  tab = fixture->page->history_tab;
  adw_view_stack_set_visible_child_name (fixture->page->view_stack, "history");
  HRM_UI_WAIT_UNTIL (tab_loaded (GTK_WIDGET (tab)));
  before = hrm_history_tab_get_n_events (tab);
  g_assert_cmpuint (before, >, 0);
  page_fixture_screenshot (fixture, "history");

  adw_view_stack_set_visible_child_name (fixture->page->view_stack, "general");
  page_fixture_type (fixture, FIELD_SIGNATURE, "MA-1");
  g_assert_true (hrm_user_page_get_has_unsaved_changes (fixture->page));
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "user.save", NULL);
  HRM_UI_WAIT_UNTIL (hrm_history_tab_get_n_events (tab) > before);
  page_fixture_screenshot (fixture, "pending-general");
}

/* Tabbing through a user's roles stops on each Remove button, never on the
 * row around it (which does nothing). */
static void
test_tab_stops (PageFixture   *fixture,
                gconstpointer  data)
{
  GtkWidget *tab, *focus;
  guint n_items, n_remove = 0;

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_MARIA);
  tab = GTK_WIDGET (fixture->page->authorisations_tab);
  adw_view_stack_set_visible_child_name (fixture->page->view_stack, "authorisations");
  HRM_UI_WAIT_UNTIL (tab_loaded (tab));
  hrm_ui_test_spin (50);
  n_items = count_items (tab);
  g_assert_cmpuint (n_items, >=, 2);

  g_assert_true (gtk_widget_child_focus (tab, GTK_DIR_TAB_FORWARD));
  for (guint i = 0; i < 20; i++)
    {
      focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
      if (focus == NULL || !gtk_widget_is_ancestor (focus, tab))
        break;
      g_test_message ("Tab %u: %s", i, G_OBJECT_TYPE_NAME (focus));
      g_assert_false (GTK_IS_LIST_BOX_ROW (focus));
      if (GTK_IS_BUTTON (focus)
          && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (focus)),
                        "authorisations.remove") == 0)
        n_remove++;
      if (!gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD))
        break;
    }
  g_assert_cmpuint (n_remove, ==, n_items);
}

int
main (int   argc,
      char *argv[])
{
  hrm_ui_test_init (&argc, &argv);

  TEST ("/ui/user-page/tabs/authorisations", test_authorisations);
  TEST ("/ui/user-page/tabs/role-not-preselected", test_role_not_preselected);
  TEST ("/ui/user-page/tabs/audit", test_audit);
  TEST ("/ui/user-page/tabs/history", test_history);
  TEST ("/ui/user-page/tabs/tab-stops", test_tab_stops);

  return g_test_run ();
}
