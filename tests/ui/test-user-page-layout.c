/* test-user-page-layout.c — the user page on a phone-sized window, and from the keyboard
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-user-page"

#include "config.h"

#include "hrm-user-page-test.h"

#define TEST(path, func) \
  g_test_add (path, PageFixture, NULL, page_fixture_set_up, func, page_fixture_tear_down)

/* A phone held upright (GNOME's smallest supported width). */
#define PHONE_WIDTH 360

static const char * const tabs[] = { "general", "authorisations", "audit", "history" };

static int
minimum_width (GtkWidget *widget)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

/* Names the widgets that keep @widget wider than @width, so a failure says
 * where to look. */
static void
report_wide (GtkWidget *widget,
             int        width,
             int        depth)
{
  int minimum = minimum_width (widget);

  if (minimum <= width || !gtk_widget_get_visible (widget))
    return;

  g_test_message ("%*s%s (%s): %d px", depth * 2, "", G_OBJECT_TYPE_NAME (widget),
                  gtk_widget_get_css_name (widget), minimum);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    report_wide (child, width, depth + 1);
}

static void
assert_fits (GtkWidget  *widget,
             const char *what)
{
  int minimum = minimum_width (widget);

  if (minimum > PHONE_WIDTH)
    {
      g_test_message ("%s is %d px wide at least:", what, minimum);
      report_wide (widget, PHONE_WIDTH, 1);
    }
  g_assert_cmpint (minimum, <=, PHONE_WIDTH);
}

/* The view switcher buttons on screen, each whole inside @page. */
static guint
count_tab_buttons (GtkWidget *widget,
                   GtkWidget *page)
{
  guint n = 0;

  if (!gtk_widget_get_mapped (widget))
    return 0;

  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "AdwViewSwitcherButton"))
    {
      graphene_rect_t bounds;

      g_assert_true (gtk_widget_compute_bounds (widget, page, &bounds));
      g_assert_cmpfloat (bounds.origin.x, >=, 0);
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (page));
      g_assert_cmpfloat (bounds.size.width, >, 0);
      return 1;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_tab_buttons (child, page);
  return n;
}

/* The tab labels on screen under @widget that are cut short ("Audit of
 * accou…"), named in the log. */
static guint
count_clipped_tab_labels (GtkWidget *widget,
                          gboolean   in_tab)
{
  guint n = 0;

  if (!gtk_widget_get_mapped (widget))
    return 0;

  in_tab = in_tab || g_str_equal (G_OBJECT_TYPE_NAME (widget), "AdwViewSwitcherButton");
  if (in_tab && GTK_IS_LABEL (widget))
    {
      PangoLayout *layout = gtk_label_get_layout (GTK_LABEL (widget));
      const char *text = pango_layout_get_text (layout);
      gboolean clipped = pango_layout_is_ellipsized (layout);

      /* Wrapped is fine, but between words. */
      for (GSList *l = pango_layout_get_lines_readonly (layout); l != NULL; l = l->next)
        {
          PangoLayoutLine *line = l->data;

          if (line->start_index > 0 && text[line->start_index - 1] != ' ')
            clipped = TRUE;
        }
      if (clipped)
        g_test_message ("The tab label \"%s\" is cut short", text);
      return clipped ? 1 : 0;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_clipped_tab_labels (child, in_tab);
  return n;
}

/* Every state of the page and every tab shrinks to a phone's width: before a
 * user is picked, while one loads, and for each state of the link. */
static void
test_narrow_page (PageFixture   *fixture,
                  gconstpointer  data)
{
  const gint64 users[] = { DEMO_ANNA, DEMO_ERIK, DEMO_MARIA, DEMO_LARS, DEMO_KARIN };
  GtkWidget *page;

  if (fixture->server == NULL)
    return;

  page = GTK_WIDGET (fixture->page);
  assert_fits (page, "The empty page");

  /* Before the GET arrives. */
  fixture->user = hrm_user_new ();
  hrm_user_page_set_user (fixture->page, fixture->user);
  assert_fits (page, "The page of a user still loading");
  hrm_user_page_set_user (fixture->page, NULL);
  g_clear_object (&fixture->user);

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      page_fixture_show_user (fixture, users[i]);
      for (guint t = 0; t < G_N_ELEMENTS (tabs); t++)
        {
          g_autofree char *what = g_strdup_printf ("User %" G_GINT64_FORMAT "'s %s tab",
                                                   users[i], tabs[t]);

          adw_view_stack_set_visible_child_name (fixture->page->view_stack, tabs[t]);
          hrm_ui_test_spin (50);
          assert_fits (page, what);
        }
      adw_view_stack_set_visible_child_name (fixture->page->view_stack, "general");
    }

  /* The dialog that adds a role, too. */
  HRM_UI_WAIT_UNTIL (hrm_list_tab_is_loaded (HRM_LIST_TAB (fixture->page->authorisations_tab)));
  gtk_widget_activate_action (GTK_WIDGET (fixture->page->authorisations_tab), "authorisations.add",
                              NULL);
  HRM_UI_WAIT_UNTIL (hrm_authorisations_tab_get_dialog (fixture->page->authorisations_tab) != NULL);
  hrm_ui_test_spin (100);
  assert_fits (hrm_authorisations_tab_get_dialog (fixture->page->authorisations_tab),
               "The Add role dialog");
  gtk_window_close (GTK_WINDOW (hrm_authorisations_tab_get_dialog (
                                 fixture->page->authorisations_tab)));
  hrm_ui_test_spin (50);

  /* A window as wide as this one has the tabs under the name, no bar. */
  g_assert_false (adw_view_switcher_bar_get_reveal (fixture->page->switcher_bar));
  HRM_UI_WAIT_UNTIL (!adw_squeezer_get_transition_running (fixture->page->switcher_squeezer));
  g_assert_cmpuint (count_tab_buttons (page, page), ==, G_N_ELEMENTS (tabs));
}

/* The real window asked to be 360 px wide: it is, it folds, and a picked user's
 * page is shown in it whole, with the tabs at the bottom. */
static void
test_narrow_window (void)
{
  HrmTestServer *server;
  HrmWindow *window;
  HrmUserPage *page;

  server = hrm_test_server_new_or_skip (TRUE);
  if (server == NULL)
    return;

  window = hrm_ui_test_window_new_sized (PHONE_WIDTH, 760);

  /* Already on the sign-in view, with the page empty behind it. */
  assert_fits (GTK_WIDGET (window->leaflet), "The window's panes before signing in");

  hrm_ui_test_sign_in (window, server, "admin");
  HRM_UI_WAIT_UNTIL (!hrm_user_list_get_loading (hrm_users_pane_get_list (window->users_pane)));
  /* The leaflet folds when it is first laid out, which is once the main view
   * shows (only the shown page is measured): however slow that frame comes. */
  HRM_UI_WAIT_UNTIL (adw_leaflet_get_folded (window->leaflet));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window->leaflet)), <=, PHONE_WIDTH);

  hrm_users_pane_select_position (window->users_pane, 0);
  HRM_UI_WAIT_UNTIL (window->user_page != NULL && HRM_USER_PAGE (window->user_page)->loaded);
  page = HRM_USER_PAGE (window->user_page);
  HRM_UI_WAIT_UNTIL (adw_leaflet_get_visible_child (window->leaflet) == window->user_box);
  HRM_UI_WAIT_UNTIL (!adw_leaflet_get_child_transition_running (window->leaflet));
  HRM_UI_WAIT_UNTIL (!adw_squeezer_get_transition_running (page->switcher_squeezer));

  /* On a phone the tabs are in a bar at the bottom, all four can be picked.
   * The bar's revealer shows (maps) them at a later frame than the one that
   * decided to reveal them: wait for that frame, however slow it comes. */
  g_assert_true (adw_view_switcher_bar_get_reveal (page->switcher_bar));
  HRM_UI_WAIT_UNTIL (count_tab_buttons (GTK_WIDGET (page), GTK_WIDGET (page)) == G_N_ELEMENTS (tabs));
  g_assert_cmpuint (count_tab_buttons (GTK_WIDGET (page), GTK_WIDGET (page)), ==,
                    G_N_ELEMENTS (tabs));
  /* Each says its whole name ("Audit of account code"). */
  g_assert_cmpuint (count_clipped_tab_labels (GTK_WIDGET (page), FALSE), ==, 0);

  for (guint t = 0; t < G_N_ELEMENTS (tabs); t++)
    {
      adw_view_stack_set_visible_child_name (page->view_stack, tabs[t]);
      hrm_ui_test_spin (50);
      assert_fits (GTK_WIDGET (window->leaflet), tabs[t]);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (page)), <=, PHONE_WIDTH);
    }

  hrm_ui_test_window_destroy (window);
  hrm_test_server_free (server);
}

/* Whether @widget is drawn whole inside the part of its scrolled window that
 * is on screen, as the page opens (nothing scrolled). */
static gboolean
in_viewport (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  g_assert_nonnull (scrolled);
  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_bounds (widget, scrolled, &bounds));
  g_test_message ("%s: %.0f to %.0f px of %d", G_OBJECT_TYPE_NAME (widget), bounds.origin.y,
                  bounds.origin.y + bounds.size.height, gtk_widget_get_height (scrolled));
  return bounds.origin.y >= 0 && bounds.size.height > 0
         && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scrolled);
}

/* The real window at its default size: a user's Email fields and Send
 * verification email — why the window is opened — are on screen without
 * scrolling. */
static void
test_email_above_the_fold (void)
{
  HrmTestServer *server;
  HrmWindow *window;
  HrmUserPage *page;
  GtkWidget *scrolled;

  server = hrm_test_server_new_or_skip (TRUE);
  if (server == NULL)
    return;

  window = hrm_ui_test_window_new ();
  hrm_ui_test_sign_in (window, server, "admin");
  HRM_UI_WAIT_UNTIL (!hrm_user_list_get_loading (hrm_users_pane_get_list (window->users_pane)));
  hrm_users_pane_select_position (window->users_pane, 0);
  HRM_UI_WAIT_UNTIL (window->user_page != NULL && HRM_USER_PAGE (window->user_page)->loaded);
  page = HRM_USER_PAGE (window->user_page);
  g_assert_false (adw_leaflet_get_folded (window->leaflet));
  HRM_UI_WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (page->email_section->send_button)));
  hrm_ui_test_spin (100);

  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (page->email_section->send_button), GTK_TYPE_SCROLLED_WINDOW);
  g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (
                       GTK_SCROLLED_WINDOW (scrolled))), ==, 0);
  g_assert_true (in_viewport (GTK_WIDGET (hrm_test_page_field (page, FIELD_EMAIL)->row)));
  g_assert_true (in_viewport (GTK_WIDGET (hrm_test_page_field (page, FIELD_CONFIRM_EMAIL)->row)));
  g_assert_true (in_viewport (GTK_WIDGET (page->email_section->send_button)));

  hrm_ui_test_window_destroy (window);
  hrm_test_server_free (server);
}

/* Tab from the tabs through Send verification email to the account's
 * fields: every stop does something. The "User is enabled" row and its
 * switch are one stop (the switch), and the row that only tells the link's
 * state is none. */
static void
test_tab_stops (PageFixture   *fixture,
                gconstpointer  data)
{
  GtkWidget *enabled_row, *tabs_shown, *focus = NULL;
  guint send_stops = 0;

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_ERIK);
  enabled_row = gtk_widget_get_ancestor (GTK_WIDGET (fixture->page->account_section->enabled_switch),
                                         ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (enabled_row);

  /* From the tabs, wherever they are shown. */
  HRM_UI_WAIT_UNTIL (!adw_squeezer_get_transition_running (fixture->page->switcher_squeezer));
  tabs_shown = adw_squeezer_get_visible_child (fixture->page->switcher_squeezer);
  g_assert_true (gtk_widget_child_focus (tabs_shown, GTK_DIR_TAB_FORWARD));
  for (guint i = 0; i < 40 && focus != GTK_WIDGET (fixture->page->account_section->enabled_switch); i++)
    {
      g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
      focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
      g_assert_nonnull (focus);
      g_test_message ("Tab %u: %s", i + 1, G_OBJECT_TYPE_NAME (focus));

      /* Never into something hidden, never on a row that does nothing. */
      g_assert_true (gtk_widget_is_drawable (focus));
      g_assert_true (focus != enabled_row);
      g_assert_true (focus != GTK_WIDGET (fixture->page->email_section->connection_row));
      if (focus == GTK_WIDGET (fixture->page->email_section->send_button))
        send_stops++;
    }
  /* Send verification email comes first, the account after it. */
  g_assert_cmpuint (send_stops, ==, 1);
  g_assert_true (focus == GTK_WIDGET (fixture->page->account_section->enabled_switch));
  /* The next Tab leaves the switch and its row behind. */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (focus != enabled_row);
  g_assert_true (focus != GTK_WIDGET (fixture->page->account_section->enabled_switch));

  /* A click on the row still flips the switch. */
  g_assert_true (gtk_switch_get_active (fixture->page->account_section->enabled_switch));
  gtk_widget_activate (enabled_row);
  /* (The switch slides over first.) */
  HRM_UI_WAIT_UNTIL (!gtk_switch_get_active (fixture->page->account_section->enabled_switch));
  g_assert_true (hrm_user_page_get_has_unsaved_changes (fixture->page));
}

int
main (int   argc,
      char *argv[])
{
  hrm_ui_test_init (&argc, &argv);

  TEST ("/ui/user-page/narrow/every-state-fits", test_narrow_page);
  g_test_add_func ("/ui/user-page/narrow/window-folds", test_narrow_window);
  TEST ("/ui/user-page/keyboard/tab-stops", test_tab_stops);
  g_test_add_func ("/ui/user-page/default-size/email-above-the-fold", test_email_above_the_fold);

  return g_test_run ();
}
