/* test-provisioning-overview.c — the overview at the top of the users pane:
 * fed a summary on its own, and in the real window against the demo data,
 * where a click on a part filters the list
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-provisioning-overview"

#include "config.h"

#include "hrm-provisioning-overview.h"
#include "hrm-ui-test.h"
#include "hrm-user-row.h"

static HrmProvisioningSummary *
summary_new (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = hrm_json_parse_object (json, -1, &error);
  HrmProvisioningSummary *summary;

  g_assert_no_error (error);
  summary = hrm_provisioning_summary_new_from_json (object, &error);
  g_assert_no_error (error);
  return summary;
}

static const char *
label (GtkWidget  *overview,
       const char *name)
{
  return hrm_ui_test_label (overview, HRM_TYPE_PROVISIONING_OVERVIEW, name);
}

static void
assert_accessible_label (GtkWidget  *widget,
                         const char *expected)
{
  g_autofree char *error = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                               GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                               expected);

  g_assert_null (error);
}

/* Fed a summary, the overview shows its numbers; without one it hides. */
static void
test_fed (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *overview = hrm_provisioning_overview_new ();
  g_autoptr(HrmProvisioningSummary) summary =
    summary_new ("{\"total\": 250, \"disabled\": 11, \"linked\": 84, \"pending\": 37,"
                 " \"expired\": 22, \"not_linked_with_email\": 42, \"not_linked_without_email\": 54,"
                 " \"updated_at\": \"2026-11-30T12:00:00Z\"}");
  GtkWidget *expired_button;

  gtk_window_set_child (GTK_WINDOW (window), overview);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, -1);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_false (gtk_widget_get_visible (overview));

  hrm_provisioning_overview_set_summary (HRM_PROVISIONING_OVERVIEW (overview), summary);
  hrm_ui_test_spin (50);
  g_assert_true (gtk_widget_get_visible (overview));
  /* 84 of 239 enabled users */
  g_assert_cmpstr (label (overview, "percent_label"), ==, "35 % linked");
  g_assert_cmpstr (label (overview, "enabled_label"), ==, "84 of 239 enabled users");
  g_assert_cmpstr (label (overview, "linked_count"), ==, "84");
  g_assert_cmpstr (label (overview, "pending_count"), ==, "37");
  g_assert_cmpstr (label (overview, "expired_count"), ==, "22");
  g_assert_cmpstr (label (overview, "with_email_count"), ==, "42");
  g_assert_cmpstr (label (overview, "without_email_count"), ==, "54");

  expired_button = hrm_ui_test_child (overview, HRM_TYPE_PROVISIONING_OVERVIEW, "expired_button");
  assert_accessible_label (expired_button, "Link expired: 22 users. Show them");
  /* Its tooltip says the same, made when the pointer rests on it (the
   * parts are folded at this width until the details are shown). */
  g_assert_true (gtk_widget_get_has_tooltip (expired_button));
  g_object_set (overview, "expanded", TRUE, NULL);
  HRM_UI_WAIT_UNTIL (gtk_revealer_get_child_revealed (
    GTK_REVEALER (hrm_ui_test_child (overview, HRM_TYPE_PROVISIONING_OVERVIEW, "details_revealer"))));
  hrm_ui_test_point_at (expired_button);
  HRM_UI_WAIT_UNTIL (hrm_ui_test_find (window, hrm_ui_test_is_label_saying,
                                       "Link expired: 22 users. Show them") != NULL);

  /* At 360 px it fits: nothing wider than the window. */
  {
    int minimum;

    gtk_widget_measure (overview, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, <=, 360 - 24);
  }

  hrm_provisioning_overview_set_summary (HRM_PROVISIONING_OVERVIEW (overview), NULL);
  g_assert_false (gtk_widget_get_visible (overview));

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  HrmTestServer *server;
  HrmWindow     *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = hrm_test_server_new_or_skip (TRUE);
  if (fixture->server == NULL)
    return;

  fixture->window = hrm_ui_test_window_new ();
  hrm_ui_test_sign_in (fixture->window, fixture->server, "admin");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    hrm_ui_test_window_destroy (fixture->window);
  g_clear_pointer (&fixture->server, hrm_test_server_free);
}

static gboolean
is_visible_expired_tag (GtkWidget     *widget,
                        gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget)
         && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), "Link expired") == 0;
}

/* The demo's numbers (docs/demo-data.md); a click on Expired lists the
 * expired users, each row saying so in words. */
static void
test_demo (Fixture       *fixture,
           gconstpointer  data)
{
  HrmUsersPane *pane;
  HrmUserList *list;
  GtkWidget *overview;
  HrmProvisioningSummary *summary;
  GtkDropDown *connection;

  if (fixture->server == NULL)
    return;

  pane = fixture->window->users_pane;
  list = hrm_users_pane_get_list (pane);
  overview = hrm_ui_test_child (pane, HRM_TYPE_USERS_PANE, "overview");
  HRM_UI_WAIT_UNTIL (hrm_provisioning_overview_get_summary (HRM_PROVISIONING_OVERVIEW (overview)));
  summary = hrm_provisioning_overview_get_summary (HRM_PROVISIONING_OVERVIEW (overview));

  g_assert_true (gtk_widget_get_mapped (overview));
  g_assert_cmpuint (hrm_provisioning_summary_get_total (summary), ==, 250);
  g_assert_cmpuint (hrm_provisioning_summary_get_linked (summary), ==, 84);
  g_assert_cmpstr (label (overview, "linked_count"), ==, "84");
  g_assert_cmpuint (hrm_provisioning_summary_get_not_linked_with_email (summary), ==, 42);
  g_assert_cmpstr (label (overview, "with_email_count"), ==, "42");
  /* Pending and expired trade places as the clock runs; together they stay. */
  g_assert_cmpuint (hrm_provisioning_summary_get_pending (summary)
                    + hrm_provisioning_summary_get_expired (summary), ==, 59);

  gtk_widget_activate (hrm_ui_test_child (overview, HRM_TYPE_PROVISIONING_OVERVIEW,
                                          "expired_button"));
  connection = GTK_DROP_DOWN (hrm_ui_test_child (pane, HRM_TYPE_USERS_PANE, "connection_dropdown"));
  /* A keyboard activation clicks after a short pressed look. */
  HRM_UI_WAIT_UNTIL (gtk_drop_down_get_selected (connection) == HRM_CONNECTION_FILTER_EXPIRED);
  g_assert_cmpint (hrm_user_list_get_connection_filter (list), ==, HRM_CONNECTION_FILTER_EXPIRED);

  HRM_UI_WAIT_UNTIL (!hrm_user_list_get_loading (list)
                     && hrm_user_list_get_total (list)
                        == hrm_provisioning_summary_get_expired (
                             hrm_provisioning_overview_get_summary (HRM_PROVISIONING_OVERVIEW (overview))));
  hrm_ui_test_spin (100);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 0);
  for (guint i = 0; i < MIN (g_list_model_get_n_items (G_LIST_MODEL (list)), 10); i++)
    {
      g_autoptr(HrmUser) user = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (hrm_user_get_id (user) != 0)
        g_assert_true (hrm_user_get_expired (user));
    }

  /* The rows say it in words. */
  HRM_UI_WAIT_UNTIL (hrm_ui_test_find (GTK_WIDGET (pane), is_visible_expired_tag, NULL) != NULL);
}

/* Every widget Tab reaches from the top of the window down to the list
 * (in the list Tab goes from row to row). */
static GPtrArray *
tab_cycle (GtkWindow *window)
{
  GPtrArray *reached = g_ptr_array_new ();

  gtk_window_set_focus (window, NULL);
  for (guint i = 0; i < 100; i++)
    {
      GtkWidget *focus;

      gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);
      focus = gtk_window_get_focus (window);
      if (focus == NULL || GTK_IS_LIST_VIEW (gtk_widget_get_parent (focus))
          || g_ptr_array_find (reached, focus, NULL))
        break;
      g_ptr_array_add (reached, focus);
    }
  return reached;
}

static GtkWidget *
overview_child (GtkWidget  *overview,
                const char *name)
{
  return hrm_ui_test_child (overview, HRM_TYPE_PROVISIONING_OVERVIEW, name);
}

/* On a phone (360 × 640) the overview folds to a line and the bar: the list
 * keeps most of the screen. The Details toggle brings the parts back, each
 * reachable with Tab and still a filter; the choice is remembered. */
static void
test_phone (void)
{
  static const char * const parts[] = {
    "linked_button", "pending_button", "expired_button", "with_email_button", "without_email_button",
  };
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GPtrArray) reached = NULL;
  HrmTestServer *server;
  HrmWindow *window;
  HrmUsersPane *pane;
  GtkWidget *overview;
  GtkWidget *list_area;
  GtkWidget *details;
  GtkDropDown *connection;

  server = hrm_test_server_new_or_skip (TRUE);
  if (server == NULL)
    return;

  window = hrm_ui_test_window_new_sized (360, 640);
  hrm_ui_test_sign_in (window, server, "admin");
  pane = window->users_pane;
  overview = hrm_ui_test_child (pane, HRM_TYPE_USERS_PANE, "overview");
  list_area = hrm_ui_test_child (pane, HRM_TYPE_USERS_PANE, "content_stack");
  details = overview_child (overview, "details_button");
  HRM_UI_WAIT_UNTIL (hrm_provisioning_overview_get_summary (HRM_PROVISIONING_OVERVIEW (overview)));
  HRM_UI_WAIT_UNTIL (gtk_widget_get_mapped (overview)
                     && hrm_provisioning_overview_get_compact (HRM_PROVISIONING_OVERVIEW (overview)));
  hrm_ui_test_spin (200);

  /* The percentage and the bar stay; the list has at least half the height. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  g_assert_true (gtk_widget_get_mapped (overview_child (overview, "percent_label")));
  g_assert_true (gtk_widget_get_mapped (overview_child (overview, "bar")));
  g_assert_false (gtk_widget_get_mapped (overview_child (overview, "expired_button")));
  g_test_message ("list %d px of %d px", gtk_widget_get_height (list_area),
                  gtk_widget_get_height (GTK_WIDGET (window)));
  g_assert_cmpint (gtk_widget_get_height (list_area) * 2, >=, gtk_widget_get_height (GTK_WIDGET (window)));

  /* Tab reaches the Details toggle; Space (activate) unfolds the parts. */
  reached = tab_cycle (GTK_WINDOW (window));
  g_assert_true (g_ptr_array_find (reached, details, NULL));
  g_clear_pointer (&reached, g_ptr_array_unref);
  gtk_widget_grab_focus (details);
  gtk_widget_activate (details);
  HRM_UI_WAIT_UNTIL (gtk_widget_get_mapped (overview_child (overview, "expired_button")));
  settings = g_settings_new (APPLICATION_ID);
  g_assert_true (g_settings_get_boolean (settings, "overview-expanded"));

  reached = tab_cycle (GTK_WINDOW (window));
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      GtkWidget *part = overview_child (overview, parts[i]);

      if (gtk_widget_get_visible (gtk_widget_get_parent (part)) && gtk_widget_get_visible (part))
        g_assert_true (g_ptr_array_find (reached, part, NULL));
    }

  /* A part is still a filter. */
  gtk_widget_activate (overview_child (overview, "expired_button"));
  connection = GTK_DROP_DOWN (hrm_ui_test_child (pane, HRM_TYPE_USERS_PANE, "connection_dropdown"));
  HRM_UI_WAIT_UNTIL (gtk_drop_down_get_selected (connection) == HRM_CONNECTION_FILTER_EXPIRED);

  /* Folded again, the parts leave the Tab order with the picture. */
  gtk_widget_activate (details);
  HRM_UI_WAIT_UNTIL (!gtk_widget_get_mapped (overview_child (overview, "expired_button")));
  g_assert_false (g_settings_get_boolean (settings, "overview-expanded"));

  hrm_ui_test_window_destroy (window);
  hrm_test_server_free (server);
}

/* A wide but short window (a small laptop screen) folds the overview too. */
static void
test_short (void)
{
  HrmTestServer *server;
  HrmWindow *window;
  GtkWidget *overview;
  GtkWidget *list_area;

  server = hrm_test_server_new_or_skip (TRUE);
  if (server == NULL)
    return;

  window = hrm_ui_test_window_new_sized (1100, 560);
  hrm_ui_test_sign_in (window, server, "admin");
  overview = hrm_ui_test_child (window->users_pane, HRM_TYPE_USERS_PANE, "overview");
  list_area = hrm_ui_test_child (window->users_pane, HRM_TYPE_USERS_PANE, "content_stack");
  HRM_UI_WAIT_UNTIL (hrm_provisioning_overview_get_summary (HRM_PROVISIONING_OVERVIEW (overview)));
  HRM_UI_WAIT_UNTIL (gtk_widget_get_mapped (overview)
                     && hrm_provisioning_overview_get_compact (HRM_PROVISIONING_OVERVIEW (overview)));
  hrm_ui_test_spin (200);
  g_assert_true (gtk_widget_get_mapped (overview_child (overview, "details_button")));
  g_assert_cmpint (gtk_widget_get_height (list_area) * 2, >=, gtk_widget_get_height (GTK_WIDGET (window)));

  hrm_ui_test_window_destroy (window);
  hrm_test_server_free (server);
}

/* In the default window everything shows at once, with no toggle. */
static void
test_wide (Fixture       *fixture,
           gconstpointer  data)
{
  GtkWidget *overview;

  if (fixture->server == NULL)
    return;

  overview = hrm_ui_test_child (fixture->window->users_pane, HRM_TYPE_USERS_PANE, "overview");
  HRM_UI_WAIT_UNTIL (hrm_provisioning_overview_get_summary (HRM_PROVISIONING_OVERVIEW (overview)));
  HRM_UI_WAIT_UNTIL (gtk_widget_get_mapped (overview_child (overview, "expired_button")));
  g_assert_false (hrm_provisioning_overview_get_compact (HRM_PROVISIONING_OVERVIEW (overview)));
  g_assert_false (gtk_widget_get_visible (overview_child (overview, "details_button")));
  g_assert_true (gtk_widget_get_mapped (overview_child (overview, "send_not_linked_button")));
}

/* The list has settled on @filter with @expected users: every loaded row is
 * not linked, with (or without) an email as @with_email says. */
static void
assert_not_linked_list (HrmUserList *list,
                        guint        expected,
                        gboolean     with_email)
{
  HRM_UI_WAIT_UNTIL (!hrm_user_list_get_loading (list) && hrm_user_list_get_total (list) == expected);
  hrm_ui_test_spin (100);
  g_assert_cmpuint (hrm_user_list_get_total (list), ==, expected);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, expected);
  for (guint i = 0; i < MIN (expected, 30); i++)
    {
      g_autoptr(HrmUser) user = g_list_model_get_item (G_LIST_MODEL (list), i);
      const char *email;

      if (hrm_user_get_id (user) == 0)
        continue;  /* not loaded yet */
      email = hrm_user_get_email (user);
      g_assert_cmpint (hrm_user_get_connection_state (user), ==, HRM_CONNECTION_NOT_LINKED);
      g_assert_cmpint (email != NULL && email[0] != '\0', ==, with_email);
    }
}

/* "Not linked (with email)" and "(without email)" each filter the list to
 * exactly the users the overview counts there, and the drop-down says which. */
static void
test_not_linked_parts (Fixture       *fixture,
                       gconstpointer  data)
{
  HrmUsersPane *pane;
  HrmUserList *list;
  GtkWidget *overview;
  HrmProvisioningSummary *summary;
  GtkDropDown *connection;
  guint with_email, without_email;

  if (fixture->server == NULL)
    return;

  pane = fixture->window->users_pane;
  list = hrm_users_pane_get_list (pane);
  overview = hrm_ui_test_child (pane, HRM_TYPE_USERS_PANE, "overview");
  connection = GTK_DROP_DOWN (hrm_ui_test_child (pane, HRM_TYPE_USERS_PANE, "connection_dropdown"));
  HRM_UI_WAIT_UNTIL (hrm_provisioning_overview_get_summary (HRM_PROVISIONING_OVERVIEW (overview)));
  summary = hrm_provisioning_overview_get_summary (HRM_PROVISIONING_OVERVIEW (overview));
  with_email = hrm_provisioning_summary_get_not_linked_with_email (summary);
  without_email = hrm_provisioning_summary_get_not_linked_without_email (summary);
  /* The two differ, so a list of all not-linked users could pass for neither. */
  g_assert_cmpuint (with_email, >, 0);
  g_assert_cmpuint (without_email, >, 0);
  g_assert_cmpuint (with_email, !=, without_email);

  gtk_widget_activate (hrm_ui_test_child (overview, HRM_TYPE_PROVISIONING_OVERVIEW,
                                          "with_email_button"));
  HRM_UI_WAIT_UNTIL (gtk_drop_down_get_selected (connection)
                     == HRM_CONNECTION_FILTER_NOT_LINKED_WITH_EMAIL);
  g_assert_cmpint (hrm_user_list_get_connection_filter (list), ==,
                   HRM_CONNECTION_FILTER_NOT_LINKED_WITH_EMAIL);
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (connection)), ==,
                   "Not linked, with email");
  assert_not_linked_list (list, with_email, TRUE);
  g_assert_cmpuint (hrm_user_list_get_total (list), ==,
                    hrm_provisioning_summary_get_not_linked_with_email (
                      hrm_provisioning_overview_get_summary (HRM_PROVISIONING_OVERVIEW (overview))));

  gtk_widget_activate (hrm_ui_test_child (overview, HRM_TYPE_PROVISIONING_OVERVIEW,
                                          "without_email_button"));
  HRM_UI_WAIT_UNTIL (gtk_drop_down_get_selected (connection)
                     == HRM_CONNECTION_FILTER_NOT_LINKED_WITHOUT_EMAIL);
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (connection)), ==,
                   "Not linked, no email");
  assert_not_linked_list (list, without_email, FALSE);

  /* The longest filter names still fit a 360 px window. */
  for (guint filter = HRM_CONNECTION_FILTER_NOT_LINKED_WITH_EMAIL;
       filter <= HRM_CONNECTION_FILTER_NOT_LINKED_WITHOUT_EMAIL; filter++)
    {
      int minimum;

      gtk_drop_down_set_selected (connection, filter);
      hrm_ui_test_spin (50);
      gtk_widget_measure (GTK_WIDGET (pane), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      g_test_message ("users pane minimum width %d with filter %u", minimum, filter);
      g_assert_cmpint (minimum, <=, 360);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* GTK's accessibility backend for tests: the parts' names can be read
   * back (the suite's GTK_A11Y=none keeps none). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  hrm_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/provisioning-overview/fed", test_fed);
  g_test_add ("/ui/provisioning-overview/demo", Fixture, NULL, fixture_set_up, test_demo,
              fixture_tear_down);
  g_test_add ("/ui/provisioning-overview/wide", Fixture, NULL, fixture_set_up, test_wide,
              fixture_tear_down);
  g_test_add_func ("/ui/provisioning-overview/phone", test_phone);
  g_test_add_func ("/ui/provisioning-overview/short", test_short);
  g_test_add ("/ui/provisioning-overview/not-linked-parts", Fixture, NULL, fixture_set_up,
              test_not_linked_parts, fixture_tear_down);

  return g_test_run ();
}
