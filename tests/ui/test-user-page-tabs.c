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
  page_fixture_screenshot (fixture, "audit-loaded");
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
  HRM_UI_WAIT_UNTIL (!hrm_user_page_get_has_unsaved_changes (fixture->page));
  page_fixture_screenshot (fixture, "pending-general");
  /* The hidden history fetches the new events when it is opened again. */
  adw_view_stack_set_visible_child_name (fixture->page->view_stack, "history");
  HRM_UI_WAIT_UNTIL (hrm_history_tab_get_n_events (tab) > before);
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

/* With it the server logs a line per request: "…: GET /api/v1/users/4/events". */
static const char * const log_requests[] = { "G_MESSAGES_DEBUG=hrm-server", NULL };

/* How many GETs of user @id's @what ("events"; NULL: the user) the
 * server's log holds. */
static guint
count_requests (PageFixture *fixture,
                gint64       id,
                const char  *what)
{
  g_autofree char *log = hrm_test_server_dup_log (fixture->server);
  g_autofree char *line = NULL;
  guint n = 0;

  if (what != NULL)
    line = g_strdup_printf (": GET /api/v1/users/%" G_GINT64_FORMAT "/%s\n", id, what);
  else
    line = g_strdup_printf (": GET /api/v1/users/%" G_GINT64_FORMAT "\n", id);

  for (const char *at = strstr (log, line); at != NULL; at = strstr (at + 1, line))
    n++;
  return n;
}

#define COUNT_AUTHORISATIONS(f, id) count_requests (f, id, "authorisations")
#define COUNT_AUDIT(f, id)          count_requests (f, id, "account-code-audit")
#define COUNT_EVENTS(f, id)         count_requests (f, id, "events")

/* Everything the page asked for so far is in the server's log: a request
 * of the test's own, sent now, is logged after the page's earlier ones. */
static void
sync_log (PageFixture *fixture)
{
  guint before = count_requests (fixture, 1, NULL);
  g_autoptr(HrmTestResponse) r = hrm_test_api (fixture->session,
                                               hrm_test_server_get_uri (fixture->server),
                                               fixture->token, "GET", "/api/v1/users/1",
                                               NULL, NULL);

  hrm_test_assert_status (r, 200);
  HRM_UI_WAIT_UNTIL (count_requests (fixture, 1, NULL) > before);
}

/* The role names the Authorisations tab's rows show, as the user sees them
 * (the list box's rows), joined with "|". */
static char *
dup_shown_roles (PageFixture *fixture)
{
  GtkWidget *tab = GTK_WIDGET (fixture->page->authorisations_tab);
  GtkWidget *list_box = GTK_WIDGET (gtk_widget_get_template_child (tab,
                                                                   HRM_TYPE_AUTHORISATIONS_TAB,
                                                                   "list_box"));
  g_autoptr(GString) shown = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (list_box); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_PREFERENCES_ROW (row) && gtk_widget_get_visible (row))
      g_string_append_printf (shown, "%s%s", shown->len > 0 ? "|" : "",
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  return g_string_free (g_steal_pointer (&shown), FALSE);
}

/* The user's role names as the server has them, joined with "|". */
static char *
dup_server_roles (PageFixture *fixture)
{
  g_autoptr(JsonObject) root = NULL;
  JsonArray *items = get_items (fixture, "authorisations", &root);
  g_autoptr(GString) roles = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (items); i++)
    g_string_append_printf (roles, "%s%s", i > 0 ? "|" : "",
                            json_object_get_string_member (json_array_get_object_element (items, i),
                                                           "role_name"));
  return g_string_free (g_steal_pointer (&roles), FALSE);
}

/* Showing a user fetches no tab's data until the tab is opened; a tab
 * opened shows the user's rows; going to another user while on it fetches
 * that tab only, and shows the new user's rows. */
static void
test_lazy (PageFixture   *fixture,
           gconstpointer  data)
{
  HrmListTab *tab;
  guint n_before;
  g_autofree char *erik_roles = NULL;
  g_autofree char *maria_roles = NULL;
  g_autofree char *shown = NULL;

  if (fixture->server == NULL)
    return;

  tab = HRM_LIST_TAB (fixture->page->authorisations_tab);
  page_fixture_show_user (fixture, DEMO_ERIK);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (fixture->page->view_stack), ==,
                   "general");
  sync_log (fixture);
  g_assert_cmpuint (COUNT_AUTHORISATIONS (fixture, DEMO_ERIK), ==, 0);
  g_assert_cmpuint (COUNT_AUDIT (fixture, DEMO_ERIK), ==, 0);
  g_assert_cmpuint (COUNT_EVENTS (fixture, DEMO_ERIK), ==, 0);
  g_assert_false (hrm_list_tab_is_loaded (tab));

  /* Opened: Erik's roles, fetched once. */
  adw_view_stack_set_visible_child_name (fixture->page->view_stack, "authorisations");
  HRM_UI_WAIT_UNTIL (tab_loaded (GTK_WIDGET (tab)));
  sync_log (fixture);
  g_assert_cmpuint (COUNT_AUTHORISATIONS (fixture, DEMO_ERIK), ==, 1);
  erik_roles = dup_server_roles (fixture);
  shown = dup_shown_roles (fixture);
  g_assert_cmpstr (shown, ==, erik_roles);
  g_assert_cmpuint (count_items (tab), ==, 1);

  /* Another user while on the tab: the tab stays, with Maria's roles. */
  page_fixture_show_user (fixture, DEMO_MARIA);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (fixture->page->view_stack), ==,
                   "authorisations");
  HRM_UI_WAIT_UNTIL (tab_loaded (GTK_WIDGET (tab)));
  sync_log (fixture);
  g_assert_cmpuint (COUNT_AUTHORISATIONS (fixture, DEMO_MARIA), ==, 1);
  maria_roles = dup_server_roles (fixture);
  g_assert_cmpstr (maria_roles, !=, erik_roles);
  g_clear_pointer (&shown, g_free);
  shown = dup_shown_roles (fixture);
  g_assert_cmpstr (shown, ==, maria_roles);
  g_assert_cmpuint (count_items (tab), >=, 2);

  /* Reload while on the tab fetches it again; the hidden tabs still wait. */
  sync_log (fixture);
  n_before = COUNT_AUTHORISATIONS (fixture, DEMO_MARIA);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "user.reload", NULL);
  HRM_UI_WAIT_UNTIL (fixture->page->loaded && tab_loaded (GTK_WIDGET (tab)));
  sync_log (fixture);
  g_assert_cmpuint (COUNT_AUTHORISATIONS (fixture, DEMO_MARIA), ==, n_before + 1);
  g_assert_cmpuint (COUNT_AUDIT (fixture, DEMO_MARIA), ==, 0);
  g_assert_cmpuint (COUNT_EVENTS (fixture, DEMO_MARIA), ==, 0);
  g_assert_cmpuint (COUNT_AUDIT (fixture, DEMO_ERIK), ==, 0);
  g_assert_cmpuint (COUNT_EVENTS (fixture, DEMO_ERIK), ==, 0);

  /* The audit tab fetches its list when it is opened. */
  adw_view_stack_set_visible_child_name (fixture->page->view_stack, "audit");
  HRM_UI_WAIT_UNTIL (tab_loaded (GTK_WIDGET (fixture->page->audit_tab)));
  sync_log (fixture);
  g_assert_cmpuint (COUNT_AUDIT (fixture, DEMO_MARIA), ==, 1);
  g_assert_cmpuint (COUNT_EVENTS (fixture, DEMO_MARIA), ==, 0);
}

/* A role removed with its row's button is that row's role, also after a row
 * before it went (bound rows are kept, and their buttons follow). */
static void
test_remove_button (PageFixture   *fixture,
                    gconstpointer  data)
{
  GtkWidget *tab;
  GtkListBox *list_box;
  g_autoptr(HrmAuthorisation) added = NULL;
  g_autofree char *shown = NULL;
  g_auto(GStrv) roles = NULL;

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_MARIA);
  tab = GTK_WIDGET (fixture->page->authorisations_tab);
  adw_view_stack_set_visible_child_name (fixture->page->view_stack, "authorisations");
  HRM_UI_WAIT_UNTIL (tab_loaded (tab));
  list_box = GTK_LIST_BOX (gtk_widget_get_template_child (tab, HRM_TYPE_AUTHORISATIONS_TAB,
                                                          "list_box"));
  shown = dup_shown_roles (fixture);
  roles = g_strsplit (shown, "|", -1);
  g_assert_cmpuint (g_strv_length (roles), ==, 2);

  /* A third role (not saved), its row at the end. */
  added = hrm_authorisation_new (99, "Added role", HRM_SCOPE_COMPANY, 0, NULL);
  g_assert_true (hrm_list_tab_add_item (HRM_LIST_TAB (tab), added));
  g_clear_pointer (&shown, g_free);
  shown = dup_shown_roles (fixture);
  g_assert_true (g_str_has_suffix (shown, "|Added role"));

  /* Remove the second row's role, then the new second row's: the added
   * one, which was third. What is left is the first. */
  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (list_box, 1));

      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                       i == 0 ? roles[1] : "Added role");
      /* A button clicks a moment after it is activated (it shows pressed). */
      gtk_widget_activate (_hrm_list_tab_row_get_remove_button (row));
      HRM_UI_WAIT_UNTIL (count_items (tab) == 2 - i);
      g_clear_pointer (&shown, g_free);
      shown = dup_shown_roles (fixture);
      g_assert_true (g_str_has_prefix (shown, roles[0]));
    }
  g_assert_cmpstr (shown, ==, roles[0]);
  g_assert_cmpuint (count_items (tab), ==, 1);
  g_assert_true (hrm_list_tab_get_has_unsaved_changes (HRM_LIST_TAB (tab)));
}

/* A tab whose data cannot be fetched when it opens says so, with Try again,
 * which fetches it once the server is back. */
static void
test_load_error (PageFixture   *fixture,
                 gconstpointer  data)
{
  GtkWidget *tab;
  GtkStack *stack;
  GtkWidget *try_again;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *roles = NULL;

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_MARIA);
  tab = GTK_WIDGET (fixture->page->authorisations_tab);
  stack = GTK_STACK (gtk_widget_get_template_child (tab, HRM_TYPE_AUTHORISATIONS_TAB, "stack"));
  hrm_test_server_stop (fixture->server);

  adw_view_stack_set_visible_child_name (fixture->page->view_stack, "authorisations");
  HRM_UI_WAIT_UNTIL (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "error") == 0);
  g_assert_false (hrm_list_tab_is_loaded (HRM_LIST_TAB (tab)));
  g_assert_cmpuint (count_items (tab), ==, 0);
  try_again = hrm_ui_test_find_button (gtk_stack_get_visible_child (stack), "_Try again");
  g_assert_nonnull (try_again);

  g_assert_true (hrm_test_server_restart (fixture->server, &error));
  g_assert_no_error (error);
  if (g_strcmp0 (hrm_test_server_get_uri (fixture->server),
                 hrm_client_get_base_uri (fixture->client)) != 0)
    {
      g_test_skip ("The server came back on another port");
      return;
    }

  gtk_widget_activate (try_again);
  HRM_UI_WAIT_UNTIL (tab_loaded (tab));
  roles = dup_server_roles (fixture);
  shown = dup_shown_roles (fixture);
  g_assert_cmpstr (shown, ==, roles);
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
  g_test_add ("/ui/user-page/tabs/lazy", PageFixture, log_requests, page_fixture_set_up,
              test_lazy, page_fixture_tear_down);
  TEST ("/ui/user-page/tabs/remove-button", test_remove_button);
  TEST ("/ui/user-page/tabs/load-error", test_load_error);

  return g_test_run ();
}
