/* make-screenshots.c — the pictures of data/screenshots/, made from the real window
 *
 * Not a test: build-aux/screenshots.sh runs it under tests/with-session.sh
 * --keyring --display against a real demo hrm-server ($HRM_SERVER_PATH), once
 * per look (light, dark, high contrast, Swedish: those are chosen by the
 * environment before GTK starts).
 *
 *   make-screenshots OUTDIR NAME[=STATE]...
 *
 * writes OUTDIR/NAME.png showing STATE (NAME when no STATE is given): see
 * states[] below. The window is rendered in-process (a GtkWidgetPaintable of
 * the window, drawn by the window's own renderer, saved as PNG).
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-screenshots"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>

#include "hrm-application.h"
#include "hrm-bulk-dialog.h"
#include "hrm-organisation-window-private.h"
#include "hrm-provisioning-overview.h"
#include "hrm-ui-test.h"
#include "hrm-user-page-access.h"
#include "hrm-user-row.h"

#define WIDE_WIDTH    1100
#define WIDE_HEIGHT   760
#define NARROW_WIDTH  360

typedef struct
{
  HrmTestServer *server;
  const char    *path;     /* the PNG to write */
} Shot;

/* The application: its style sheet and its shortcuts, as in the real program. */
static HrmApplication *application;

/* Windows */

static HrmWindow *
open_window (int width,
             int height)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;
  HrmWindow *window;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);

  window = hrm_window_new (GTK_APPLICATION (application));
  gtk_window_present (GTK_WINDOW (window));
  hrm_ui_test_spin (100);

  return window;
}

/* Waits for drawing to settle (animations, icons, late layout), then renders
 * the window with its own renderer and writes the PNG. */
static void
save_png (GtkWidget  *window,
          const char *path)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width;
  int height;

  /* Pictures as after using the mouse: no focus rings. */
  gtk_window_set_focus_visible (GTK_WINDOW (window), FALSE);
  hrm_ui_test_spin (600);

  paintable = gtk_widget_paintable_new (window);
  width = gdk_paintable_get_intrinsic_width (paintable);
  height = gdk_paintable_get_intrinsic_height (paintable);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_error ("Could not write %s", path);
  g_print ("%s (%d×%d)\n", path, width, height);
}

/* The users list and the user page */

static HrmWindow *
signed_in_window (Shot *shot,
                  int   width,
                  int   height)
{
  HrmWindow *window = open_window (width, height);

  hrm_ui_test_sign_in (window, shot->server, "admin");
  /* Let the sign-in toast go by. */
  hrm_ui_test_spin (200);

  return window;
}

static GtkWidget *
pane_child (HrmWindow  *window,
            const char *name)
{
  return hrm_ui_test_child (window->users_pane, HRM_TYPE_USERS_PANE, name);
}

static void
search (HrmWindow  *window,
        const char *text)
{
  HrmUserList *list = hrm_users_pane_get_list (window->users_pane);

  gtk_editable_set_text (GTK_EDITABLE (pane_child (window, "search_entry")), text);
  /* As typed: the caret at the end, nothing selected. */
  gtk_editable_set_position (GTK_EDITABLE (pane_child (window, "search_entry")), -1);
  HRM_UI_WAIT_UNTIL (g_strcmp0 (hrm_user_list_get_query (list), text) == 0);
  HRM_UI_WAIT_UNTIL (!hrm_user_list_get_loading (list));
}

/* The position of the user whose User-ID is @user_id, loading pages as needed. */
static guint
find_user (HrmWindow  *window,
           const char *user_id)
{
  HrmUserList *list = hrm_users_pane_get_list (window->users_pane);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HrmUser) user = g_list_model_get_item (G_LIST_MODEL (list), i);

      HRM_UI_WAIT_UNTIL (hrm_user_get_id (user) != 0);
      if (g_strcmp0 (hrm_user_get_user_id (user), user_id) == 0)
        return i;
    }

  g_error ("No user %s in the list", user_id);
  return GTK_INVALID_LIST_POSITION;
}

static HrmUserPage *
user_page (HrmWindow *window)
{
  return HRM_USER_PAGE (window->user_page);
}

/* Selects the user's row as a click would, scrolls it into view and waits for
 * the page to load. */
static void
show_user (HrmWindow  *window,
           const char *user_id)
{
  GtkWidget *list_view = pane_child (window, "list_view");
  guint position = find_user (window, user_id);
  HrmUserPage *page = NULL;
  GtkAdjustment *adjustment;
  guint n_items;
  double row_height;

  gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);
  hrm_users_pane_select_position (window->users_pane, position);
  /* The window builds the page for the first user shown. */
  HRM_UI_WAIT_UNTIL ((page = user_page (window)) != NULL && page->user != NULL && page->loaded &&
                     g_strcmp0 (hrm_user_get_user_id (page->user), user_id) == 0);

  /* As after a click on the row: no caret, no focus ring. */
  gtk_root_set_focus (GTK_ROOT (window), NULL);

  /* The row a third of the way down, with users above and below it (the rows
   * are all as high). */
  hrm_ui_test_spin (100);
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list_view));
  n_items = g_list_model_get_n_items (G_LIST_MODEL (hrm_users_pane_get_list (window->users_pane)));
  row_height = gtk_adjustment_get_upper (adjustment) / MAX (n_items, 1);
  gtk_adjustment_set_value (adjustment, position * row_height -
                                        gtk_adjustment_get_page_size (adjustment) / 3);
}

static void
show_tab (HrmWindow  *window,
          const char *name)
{
  HrmUserPage *page = user_page (window);
  GtkWidget *tab;
  GtkStack *stack;

  adw_view_stack_set_visible_child_name (page->view_stack, name);
  tab = adw_view_stack_get_visible_child (page->view_stack);
  if (g_str_equal (name, "general"))
    return;

  stack = GTK_STACK (gtk_widget_get_template_child (tab, G_OBJECT_TYPE (tab), "stack"));
  HRM_UI_WAIT_UNTIL (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "list") == 0);
}

/* The states */

static void
shot_sign_in (Shot *shot)
{
  HrmWindow *window = open_window (WIDE_WIDTH, WIDE_HEIGHT);
  HrmSignInPage *page = _hrm_window_get_sign_in_page (window);

  /* People sign in through the browser: the address is all the page asks. */
  gtk_editable_set_text (GTK_EDITABLE (hrm_ui_test_child (page, HRM_TYPE_SIGN_IN_PAGE,
                                                          "server_row")),
                         "https://hrm.nordljus.se");
  save_png (GTK_WIDGET (window), shot->path);
  hrm_ui_test_window_destroy (window);
}

/* A server that still allows passwords (the demo's) shows the password form
 * below the browser's button. */
static void
shot_sign_in_password (Shot *shot)
{
  HrmWindow *window = open_window (WIDE_WIDTH, WIDE_HEIGHT);
  HrmSignInPage *page = _hrm_window_get_sign_in_page (window);

  gtk_editable_set_text (GTK_EDITABLE (hrm_ui_test_child (page, HRM_TYPE_SIGN_IN_PAGE,
                                                          "server_row")),
                         hrm_test_server_get_uri (shot->server));
  HRM_UI_WAIT_UNTIL (gtk_widget_get_mapped (hrm_ui_test_child (page, HRM_TYPE_SIGN_IN_PAGE,
                                                               "password_box")));
  gtk_editable_set_text (GTK_EDITABLE (hrm_ui_test_child (page, HRM_TYPE_SIGN_IN_PAGE,
                                                          "username_row")), "admin");
  save_png (GTK_WIDGET (window), shot->path);
  hrm_ui_test_window_destroy (window);
}

/* "Continue in your browser…" while the browser signs in (the URL goes to a
 * file instead of a browser: HRM_TEST_OPEN_URI_FILE). */
static void
shot_sign_in_browser (Shot *shot)
{
  HrmWindow *window = open_window (WIDE_WIDTH, WIDE_HEIGHT);
  HrmSignInPage *page = _hrm_window_get_sign_in_page (window);
  g_autofree char *dir = g_dir_make_tmp ("hrm-shots-XXXXXX", NULL);
  g_autofree char *uri_file = g_build_filename (dir, "opened-uri", NULL);
  GtkStack *stack = GTK_STACK (hrm_ui_test_child (page, HRM_TYPE_SIGN_IN_PAGE, "stack"));

  g_setenv ("HRM_TEST_OPEN_URI_FILE", uri_file, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (hrm_ui_test_child (page, HRM_TYPE_SIGN_IN_PAGE,
                                                          "server_row")),
                         hrm_test_server_get_uri (shot->server));
  hrm_sign_in_page_sign_in_with_browser (page);
  HRM_UI_WAIT_UNTIL (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "waiting") == 0);
  hrm_ui_test_spin (300);
  save_png (GTK_WIDGET (window), shot->path);
  hrm_ui_test_window_destroy (window);
  g_unlink (uri_file);
  g_rmdir (dir);
  g_unsetenv ("HRM_TEST_OPEN_URI_FILE");
}

/* The whole list with a linked HR administrator open on the General tab. */
static void
shot_users (Shot *shot)
{
  HrmWindow *window = signed_in_window (shot, WIDE_WIDTH, WIDE_HEIGHT);

  show_user (window, "sofia.berg");
  save_png (GTK_WIDGET (window), shot->path);
  hrm_ui_test_window_destroy (window);
}

/* Found by a search; the link on top of the page, as it opens. */
static void
shot_linked (Shot *shot)
{
  HrmWindow *window = signed_in_window (shot, WIDE_WIDTH, WIDE_HEIGHT);

  search (window, "persson");
  show_user (window, "karin.persson");
  save_png (GTK_WIDGET (window), shot->path);
  hrm_ui_test_window_destroy (window);
}

/* The Pending filter on; a user who has not confirmed yet. */
static void
shot_pending (Shot *shot)
{
  HrmWindow *window = signed_in_window (shot, WIDE_WIDTH, WIDE_HEIGHT);
  HrmUserList *list = hrm_users_pane_get_list (window->users_pane);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (pane_child (window, "connection_dropdown")),
                              HRM_CONNECTION_FILTER_PENDING);
  HRM_UI_WAIT_UNTIL (hrm_user_list_get_connection_filter (list) == HRM_CONNECTION_FILTER_PENDING);
  HRM_UI_WAIT_UNTIL (!hrm_user_list_get_loading (list));
  show_user (window, "maria.andersson");
  save_png (GTK_WIDGET (window), shot->path);
  hrm_ui_test_window_destroy (window);
}

/* The Leaving filter on; a leaver whose link goes in a few days. */
static void
shot_leaving (Shot *shot)
{
  HrmWindow *window = signed_in_window (shot, WIDE_WIDTH, WIDE_HEIGHT);
  HrmUserList *list = hrm_users_pane_get_list (window->users_pane);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (pane_child (window, "connection_dropdown")),
                              HRM_CONNECTION_FILTER_LEAVING);
  HRM_UI_WAIT_UNTIL (hrm_user_list_get_connection_filter (list) == HRM_CONNECTION_FILTER_LEAVING);
  HRM_UI_WAIT_UNTIL (!hrm_user_list_get_loading (list));
  show_user (window, "olof.sandberg");
  save_png (GTK_WIDGET (window), shot->path);
  hrm_ui_test_window_destroy (window);
}

static void
shot_authorisations (Shot *shot)
{
  HrmWindow *window = signed_in_window (shot, WIDE_WIDTH, WIDE_HEIGHT);

  show_user (window, "maria.andersson");
  show_tab (window, "authorisations");
  save_png (GTK_WIDGET (window), shot->path);
  hrm_ui_test_window_destroy (window);
}

/* For looking: a user in the page's other states, as the page opens. */
static void
shot_user_state (Shot       *shot,
                 const char *user_id)
{
  HrmWindow *window = signed_in_window (shot, WIDE_WIDTH, WIDE_HEIGHT);

  search (window, user_id);
  show_user (window, user_id);
  save_png (GTK_WIDGET (window), shot->path);
  hrm_ui_test_window_destroy (window);
}

static void
shot_disabled (Shot *shot)
{
  shot_user_state (shot, "per.olsson");
}

static void
shot_expired (Shot *shot)
{
  shot_user_state (shot, "lars.nilsson");
}

static void
shot_no_email (Shot *shot)
{
  shot_user_state (shot, "anna.svensson");
}

/* The filter Linked to a private address; Johan, linked to gmail.com, with
 * the warning under his Email field. */
static void
shot_linked_private (Shot *shot)
{
  HrmWindow *window = signed_in_window (shot, WIDE_WIDTH, WIDE_HEIGHT);
  HrmUserList *list = hrm_users_pane_get_list (window->users_pane);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (pane_child (window, "connection_dropdown")),
                              HRM_CONNECTION_FILTER_LINKED_PRIVATE);
  HRM_UI_WAIT_UNTIL (hrm_user_list_get_connection_filter (list)
                     == HRM_CONNECTION_FILTER_LINKED_PRIVATE);
  HRM_UI_WAIT_UNTIL (!hrm_user_list_get_loading (list));
  show_user (window, "johan.gustafsson");
  save_png (GTK_WIDGET (window), shot->path);
  hrm_ui_test_window_destroy (window);
}

/* The Organisation window (Ctrl+comma) with a work domain and a verified
 * one typed in, before it is closed (which saves). */
static void
shot_organisation (Shot *shot)
{
  HrmWindow *window = signed_in_window (shot, WIDE_WIDTH, WIDE_HEIGHT);
  GListModel *toplevels = gtk_window_get_toplevels ();
  HrmOrganisationWindow *settings = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.organisation", NULL);
  for (guint i = 0; settings == NULL && i < 600; i++)
    {
      for (guint j = 0; j < g_list_model_get_n_items (toplevels); j++)
        {
          g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, j);

          if (HRM_IS_ORGANISATION_WINDOW (toplevel))
            settings = HRM_ORGANISATION_WINDOW (toplevel);
        }
      hrm_ui_test_iterate ();
    }
  g_assert_nonnull (settings);
  HRM_UI_WAIT_UNTIL (!settings->loading);
  gtk_editable_set_text (GTK_EDITABLE (settings->lists[DOMAIN_LIST_ALLOWED].add_row), "nordljus.se");
  g_signal_emit_by_name (settings->lists[DOMAIN_LIST_ALLOWED].add_row, "apply");
  gtk_editable_set_text (GTK_EDITABLE (settings->lists[DOMAIN_LIST_ALLOWED].add_row),
                         "nordljusbygg.se");
  g_signal_emit_by_name (settings->lists[DOMAIN_LIST_ALLOWED].add_row, "apply");
  gtk_editable_set_text (GTK_EDITABLE (settings->lists[DOMAIN_LIST_VERIFIED].add_row), "nordljus.se");
  g_signal_emit_by_name (settings->lists[DOMAIN_LIST_VERIFIED].add_row, "apply");
  save_png (GTK_WIDGET (settings), shot->path);
  gtk_window_destroy (GTK_WINDOW (settings));
  hrm_ui_test_window_destroy (window);
}

/* For the narrow layout: which widgets are wider than a phone, before and
 * after signing in in a narrow window, then for each tab of a loaded user. */
static void
print_wide_widgets (GtkWidget *widget,
                    guint      depth)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  if (minimum <= NARROW_WIDTH - 24 || !gtk_widget_get_visible (widget))
    return;

  g_print ("%*s%s %s: %d px\n", depth * 2, "", G_OBJECT_TYPE_NAME (widget),
           gtk_widget_get_name (widget), minimum);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    print_wide_widgets (child, depth + 1);
}

static void
shot_measure (Shot *shot)
{
  const char *tabs[] = { "general", "authorisations", "audit", "history" };
  HrmWindow *window = open_window (NARROW_WIDTH, WIDE_HEIGHT);

  g_print ("Signing in, %d px wide:\n", gtk_widget_get_width (GTK_WIDGET (window)));
  print_wide_widgets (GTK_WIDGET (window), 1);
  hrm_ui_test_sign_in (window, shot->server, "admin");
  hrm_ui_test_spin (300);
  g_print ("Signed in, %d px wide:\n", gtk_widget_get_width (GTK_WIDGET (window)));
  print_wide_widgets (GTK_WIDGET (window), 1);
  hrm_ui_test_window_destroy (window);
  window = signed_in_window (shot, WIDE_WIDTH, WIDE_HEIGHT);

  show_user (window, "erik.johansson");
  for (guint i = 0; i < G_N_ELEMENTS (tabs); i++)
    {
      show_tab (window, tabs[i]);
      hrm_ui_test_spin (200);
      g_print ("Tab %s:\n", tabs[i]);
      print_wide_widgets (GTK_WIDGET (window), 1);
    }
  hrm_ui_test_window_destroy (window);
}

/* A phone-sized window: the list alone. */
static void
shot_narrow (Shot *shot)
{
  HrmWindow *window = signed_in_window (shot, NARROW_WIDTH, WIDE_HEIGHT);

  save_png (GTK_WIDGET (window), shot->path);
  hrm_ui_test_window_destroy (window);
}

/* Selection mode in a phone-sized window: three users ticked, the offer to
 * take all, the action bar. */
static void
shot_users_selection (Shot *shot)
{
  HrmWindow *window = signed_in_window (shot, NARROW_WIDTH, WIDE_HEIGHT);
  GtkWidget *list_view = pane_child (window, "list_view");

  hrm_users_pane_set_selection_mode (window->users_pane, TRUE);
  for (guint position = 1; position <= 5; position += 2)
    gtk_widget_activate_action (list_view, "list.activate-item", "u", position);
  /* The revealers' transitions. */
  hrm_ui_test_spin (600);
  save_png (GTK_WIDGET (window), shot->path);
  hrm_ui_test_window_destroy (window);
}

/* A phone-sized window: one user's page, after picking the row. */
static void
shot_narrow_user (Shot *shot)
{
  HrmWindow *window = signed_in_window (shot, NARROW_WIDTH, WIDE_HEIGHT);

  show_user (window, "sofia.berg");
  save_png (GTK_WIDGET (window), shot->path);
  hrm_ui_test_window_destroy (window);
}

/* A phone (360 × 640): the overview's compact form with its details opened
 * (the Details toggle), above the list. */
static void
shot_narrow_overview (Shot *shot)
{
  HrmWindow *window = signed_in_window (shot, NARROW_WIDTH, 640);
  GtkWidget *overview = pane_child (window, "overview");

  HRM_UI_WAIT_UNTIL (hrm_provisioning_overview_get_summary (HRM_PROVISIONING_OVERVIEW (overview)));
  HRM_UI_WAIT_UNTIL (hrm_provisioning_overview_get_compact (HRM_PROVISIONING_OVERVIEW (overview)));
  hrm_provisioning_overview_set_expanded (HRM_PROVISIONING_OVERVIEW (overview), TRUE);
  save_png (GTK_WIDGET (window), shot->path);
  hrm_ui_test_window_destroy (window);
}

/* The keyboard walkthrough: real key presses (xdotool, XTEST) into the window,
 * a line per step on stdout. Writes the shortcuts window as the PNG. */

static guint walk_failures;

static void
xdotool (HrmWindow  *window,
         const char *command,
         const char *args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  int status = 0;
  Window xid = gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window)));

  /* Key presses go to the focused window, through XTEST like a keyboard's. */
  if (g_str_equal (command, "windowfocus"))
    line = g_strdup_printf ("xdotool windowfocus --sync %lu", (gulong) xid);
  else
    line = g_strdup_printf ("xdotool %s --delay 40 %s", command, args);
  if (!g_spawn_command_line_sync (line, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s", line, error->message);
  hrm_ui_test_spin (400);
}

/* The provisioning overview, its Expired part clicked: the list of expired
 * users, each saying so, and one of them open. */
static void
shot_overview (Shot *shot)
{
  HrmWindow *window = signed_in_window (shot, WIDE_WIDTH, WIDE_HEIGHT);
  HrmUserList *list = hrm_users_pane_get_list (window->users_pane);
  GtkWidget *overview = pane_child (window, "overview");

  HRM_UI_WAIT_UNTIL (hrm_provisioning_overview_get_summary (HRM_PROVISIONING_OVERVIEW (overview)));
  gtk_widget_activate (hrm_ui_test_child (overview, HRM_TYPE_PROVISIONING_OVERVIEW,
                                          "expired_button"));
  HRM_UI_WAIT_UNTIL (hrm_user_list_get_connection_filter (list) == HRM_CONNECTION_FILTER_EXPIRED);
  HRM_UI_WAIT_UNTIL (!hrm_user_list_get_loading (list));
  show_user (window, "lars.nilsson");
  save_png (GTK_WIDGET (window), shot->path);
  hrm_ui_test_window_destroy (window);
}

static HrmBulkDialog *
find_bulk_dialog (void)
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

/* A bulk job from the overview's @button: the preview, the job running
 * (@when is "progress") or its results ("results"). The dialog alone, as it
 * opens. Jobs go on in the server: "progress" comes after "results" and
 * resends the expired links, as the not linked have theirs by then. */
static void
shot_bulk (Shot       *shot,
           const char *button,
           const char *when)
{
  HrmWindow *window = signed_in_window (shot, WIDE_WIDTH, WIDE_HEIGHT);
  GtkWidget *overview = pane_child (window, "overview");
  HrmBulkDialog *dialog;

  HRM_UI_WAIT_UNTIL (hrm_provisioning_overview_get_summary (HRM_PROVISIONING_OVERVIEW (overview)));
  gtk_widget_activate (hrm_ui_test_child (overview, HRM_TYPE_PROVISIONING_OVERVIEW, button));
  HRM_UI_WAIT_UNTIL ((dialog = find_bulk_dialog ()) != NULL);
  HRM_UI_WAIT_UNTIL (hrm_bulk_dialog_get_preview (dialog) != NULL);

  if (when != NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (dialog), "bulk.run", NULL);
      HRM_UI_WAIT_UNTIL (hrm_bulk_dialog_get_job (dialog) != NULL);
      if (g_str_equal (when, "progress"))
        HRM_UI_WAIT_UNTIL (hrm_bulk_job_get_processed (hrm_bulk_dialog_get_job (dialog)) > 8);
      else
        HRM_UI_WAIT_UNTIL (hrm_bulk_job_is_finished (hrm_bulk_dialog_get_job (dialog)));
    }

  save_png (GTK_WIDGET (dialog), shot->path);
  gtk_window_destroy (GTK_WINDOW (dialog));
  hrm_ui_test_window_destroy (window);
}

/* The preview over every not-linked user (the list's filter and "Send
 * verification email…"): those without an email are skipped, and their
 * group is open on the first of them. */
static void
shot_bulk_preview (Shot *shot)
{
  HrmWindow *window = signed_in_window (shot, WIDE_WIDTH, WIDE_HEIGHT);
  HrmUserList *list = hrm_users_pane_get_list (window->users_pane);
  HrmBulkDialog *dialog;
  GtkWidget *group;

  gtk_widget_activate_action (GTK_WIDGET (window->users_pane), "users.filter-connection", "s",
                              "not-linked");
  HRM_UI_WAIT_UNTIL (hrm_user_list_get_connection_filter (list) == HRM_CONNECTION_FILTER_NOT_LINKED
                     && !hrm_user_list_get_loading (list));
  hrm_ui_test_spin (50);
  gtk_widget_activate (hrm_ui_test_find_button (GTK_WIDGET (window->users_pane),
                                                "Send _verification email…"));
  HRM_UI_WAIT_UNTIL ((dialog = find_bulk_dialog ()) != NULL);
  HRM_UI_WAIT_UNTIL (hrm_bulk_dialog_get_preview (dialog) != NULL);
  group = hrm_ui_test_find_row (GTK_WIDGET (dialog),
                                hrm_bulk_skip_reason_describe (HRM_BULK_SKIP_NO_EMAIL));
  if (ADW_IS_EXPANDER_ROW (group))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (group), TRUE);
  hrm_ui_test_spin (300);

  save_png (GTK_WIDGET (dialog), shot->path);
  gtk_window_destroy (GTK_WINDOW (dialog));
  hrm_ui_test_window_destroy (window);
}

/* Import… with a file of addresses that has one row of each kind: the
 * preview, the linked user's group open on its row. */
static void
shot_import_preview (Shot *shot)
{
  static const char file_text[] =
    "User-ID;Email\r\n"
    "erik.johansson;erik.johansson@nordljus.se\r\n"
    "ingrid.aberg;ingrid.aberg@nordljus.se\r\n"
    "maria.andersson;maria.a@nordljus.se\r\n"
    "no.such.user;nobody@nordljus.se\r\n"
    "lars.nilsson;lars at nordljus\r\n"
    "karin.persson;karin.other@nordljus.se\r\n"
    "sofia.berg;sofia.berg@gmail.com\r\n";
  HrmWindow *window = signed_in_window (shot, WIDE_WIDTH, WIDE_HEIGHT);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "hrm-import-shot.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  HrmBulkDialog *dialog;
  GtkWidget *group;

  if (!g_file_set_contents (path, file_text, -1, &error))
    g_error ("%s", error->message);
  hrm_users_pane_import_from (window->users_pane, file);
  HRM_UI_WAIT_UNTIL ((dialog = find_bulk_dialog ()) != NULL);
  HRM_UI_WAIT_UNTIL (hrm_bulk_dialog_get_import_preview (dialog) != NULL);
  group = hrm_ui_test_find_row (GTK_WIDGET (dialog), hrm_import_class_describe (HRM_IMPORT_USER_LINKED));
  if (ADW_IS_EXPANDER_ROW (group))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (group), TRUE);
  hrm_ui_test_spin (300);

  save_png (GTK_WIDGET (dialog), shot->path);
  gtk_window_destroy (GTK_WINDOW (dialog));
  hrm_ui_test_window_destroy (window);
  g_unlink (path);
}

static void
shot_bulk_progress (Shot *shot)
{
  shot_bulk (shot, "resend_expired_button", "progress");
}

static void
shot_bulk_results (Shot *shot)
{
  shot_bulk (shot, "send_not_linked_button", "results");
}

static char *
describe_focus (HrmWindow *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  g_autoptr(GString) text = g_string_new (NULL);

  if (focus == NULL)
    return g_strdup ("nothing");

  for (GtkWidget *w = focus; w != NULL && w != GTK_WIDGET (window); w = gtk_widget_get_parent (w))
    {
      const char *what = NULL;

      if (GTK_IS_BUTTON (w))
        what = gtk_button_get_label (GTK_BUTTON (w));
      else if (ADW_IS_PREFERENCES_ROW (w))
        what = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w));
      if (what != NULL || w == focus)
        g_string_append_printf (text, "%s%s%s%s", text->len > 0 ? " < " : "",
                                G_OBJECT_TYPE_NAME (w), what != NULL ? ":" : "",
                                what != NULL ? what : "");
      if (HRM_IS_USER_ROW (w) || ADW_IS_PREFERENCES_ROW (w))
        break;
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
step (HrmWindow  *window,
      const char *what,
      gboolean    ok)
{
  g_autofree char *focus = describe_focus (window);

  g_print ("%s %s (focus: %s)\n", ok ? "ok  " : "FAIL", what, focus);
  if (!ok)
    walk_failures++;
}

static gboolean
focus_in_list (HrmWindow *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && gtk_widget_is_ancestor (focus, pane_child (window, "list_view"));
}

static gboolean
focus_is (HrmWindow *window,
          gpointer   widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static gboolean
page_shows (HrmWindow  *window,
            const char *user_id)
{
  HrmUserPage *page = user_page (window);

  return page != NULL && page->user != NULL && page->loaded &&
         g_strcmp0 (hrm_user_get_user_id (page->user), user_id) == 0;
}

/* A real click at the middle of @widget, through XTEST like a mouse's. */
static void
click (HrmWindow *window,
       GtkWidget *widget)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  graphene_point_t point;
  double dx, dy;
  int status = 0;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (window),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.f,
                                                                 gtk_widget_get_height (widget) / 2.f),
                                           &point));
  /* From the window's widget coordinates to its surface's (CSD shadow). */
  gtk_native_get_surface_transform (GTK_NATIVE (window), &dx, &dy);
  line = g_strdup_printf ("xdotool mousemove --sync --window %lu %d %d click 1",
                          (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))),
                          (int) (point.x + dx), (int) (point.y + dy));
  if (!g_spawn_command_line_sync (line, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s", line, error->message);
  hrm_ui_test_spin (400);
}

static GtkWidget *
visible_row (HrmWindow *window,
             guint      nth)
{
  for (GtkWidget *item = gtk_widget_get_first_child (pane_child (window, "list_view"));
       item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_first_child (item);

      if (row != NULL && HRM_IS_USER_ROW (row) && gtk_widget_get_mapped (row) && nth-- == 0)
        return row;
    }
  return NULL;
}

/* Selection mode from the keyboard, and with clicks. */
static void
walk_selection_mode (HrmWindow *window)
{
  HrmUsersPane *pane = window->users_pane;
  HrmUser *shown = window->user;
  g_autoptr(GArray) loaded = NULL;
  GtkWidget *row;
  guint n;

  xdotool (window, "key", "ctrl+f");
  xdotool (window, "key", "ctrl+a BackSpace");
  xdotool (window, "type", "berg");
  hrm_ui_test_spin (800);
  xdotool (window, "key", "Down");
  shown = window->user;
  xdotool (window, "key", "ctrl+a");
  loaded = hrm_user_list_dup_loaded_ids (hrm_users_pane_get_list (pane));
  step (window, "Ctrl+A in the list enters selection mode, every loaded user ticked",
        hrm_users_pane_get_selection_mode (pane) && loaded->len > 3
        && hrm_users_pane_get_n_checked (pane) == loaded->len);
  step (window, "… the focus on the row's check box",
        GTK_IS_CHECK_BUTTON (gtk_root_get_focus (GTK_ROOT (window))) && focus_in_list (window));
  xdotool (window, "key", "space");
  step (window, "Space unticks the focused row", hrm_users_pane_get_n_checked (pane) == loaded->len - 1);
  xdotool (window, "key", "Down");
  xdotool (window, "key", "space");
  step (window, "Down, Space unticks the next row",
        hrm_users_pane_get_n_checked (pane) == loaded->len - 2);
  xdotool (window, "key", "Tab");
  step (window, "Tab goes from the list to the action bar's Send",
        focus_is (window, pane_child (window, "send_selected_button")));
  xdotool (window, "key", "shift+Tab");
  step (window, "Shift+Tab goes back into the list", focus_in_list (window));
  xdotool (window, "key", "shift+Tab");
  step (window, "Shift+Tab from the list goes to the controls above it",
        focus_is (window, pane_child (window, "select_all_button")));

  n = hrm_users_pane_get_n_checked (pane);
  row = visible_row (window, 3);
  if (row != NULL)
    click (window, hrm_ui_test_named (row, "name_label"));
  step (window, "A click on a row ticks or unticks it, and opens nobody",
        row != NULL && hrm_users_pane_get_n_checked (pane) == n - 1 && window->user == shown);
  if (row != NULL)
    click (window, hrm_ui_test_named (row, "check_button"));
  step (window, "A click on its check box ticks it again, once",
        hrm_users_pane_get_n_checked (pane) == n);

  click (window, visible_row (window, 0));
  xdotool (window, "key", "Escape");
  step (window, "Escape leaves selection mode, the focus in the list",
        !hrm_users_pane_get_selection_mode (pane) && focus_in_list (window));
}

static void
shot_keyboard (Shot *shot)
{
  HrmWindow *window = open_window (WIDE_WIDTH, WIDE_HEIGHT);
  HrmUserPage *page;  /* built for the first user shown, below */
  GtkWidget *password_box;
  g_autofree char *typed = NULL;
  GtkWindow *overlay;
  gint64 end;

  xdotool (window, "windowfocus", "--sync");
  step (window, "the sign-in page has the focus in a field",
        gtk_root_get_focus (GTK_ROOT (window)) != NULL);

  /* Server, then (once the server said it allows passwords and the password
   * form shows) Tab past Sign In with Browser, username, Tab, password, Enter */
  typed = g_strdup_printf ("'%s'", hrm_test_server_get_uri (shot->server));
  xdotool (window, "type", typed);
  password_box = hrm_ui_test_child (_hrm_window_get_sign_in_page (window),
                                    HRM_TYPE_SIGN_IN_PAGE, "password_box");
  HRM_UI_WAIT_UNTIL (gtk_widget_get_mapped (password_box));
  xdotool (window, "key", "Tab");
  xdotool (window, "key", "Tab");
  xdotool (window, "type", "admin");
  xdotool (window, "key", "Tab");
  xdotool (window, "type", "'" HRM_TEST_PASSWORD "'");
  xdotool (window, "key", "Return");
  end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (g_strcmp0 (hrm_window_get_view (window), "main") != 0 && g_get_monotonic_time () < end)
    hrm_ui_test_iterate ();
  step (window, "server, Tab, user, Tab, password, Enter signs in",
        g_str_equal (hrm_window_get_view (window), "main"));
  if (!g_str_equal (hrm_window_get_view (window), "main"))
    return;
  hrm_ui_test_spin (500);

  xdotool (window, "key", "ctrl+f");
  step (window, "Ctrl+F goes to the search",
        focus_is (window, pane_child (window, "search_entry")));
  xdotool (window, "type", "erik.johansson");
  hrm_ui_test_spin (800);

  xdotool (window, "key", "Down");
  step (window, "Down in the search goes into the list", focus_in_list (window));
  if (!focus_in_list (window))
    {
      for (guint i = 0; i < 4 && !focus_in_list (window); i++)
        xdotool (window, "key", "Tab");
      step (window, "Tab (up to 4 times) from the search goes into the list",
            focus_in_list (window));
    }

  xdotool (window, "key", "Return");
  hrm_ui_test_spin (1000);
  step (window, "Enter on the row opens the user", page_shows (window, "erik.johansson"));
  if (!page_shows (window, "erik.johansson"))
    {
      xdotool (window, "key", "space");
      hrm_ui_test_spin (1000);
      step (window, "Space on the row opens the user", page_shows (window, "erik.johansson"));
    }
  if (!page_shows (window, "erik.johansson"))
    {
      show_user (window, "erik.johansson");
      step (window, "(opened by the program to go on)", TRUE);
    }

  /* Arrows walk the list; the page follows, the focus stays in the list. */
  xdotool (window, "key", "ctrl+f");
  xdotool (window, "key", "ctrl+a BackSpace");
  xdotool (window, "type", "andersson");
  hrm_ui_test_spin (800);
  xdotool (window, "key", "Down");
  xdotool (window, "key", "Down");
  hrm_ui_test_spin (800);
  step (window, "Down, Down from the search: the focus stays in the list", focus_in_list (window));
  {
    HrmUserList *list = hrm_users_pane_get_list (window->users_pane);
    g_autoptr(HrmUser) second = g_list_model_get_item (G_LIST_MODEL (list), 1);

    step (window, "… and the page shows the second user",
          page_shows (window, hrm_user_get_user_id (second)));
  }
  xdotool (window, "key", "ctrl+f");
  xdotool (window, "key", "ctrl+a BackSpace");
  xdotool (window, "type", "erik.johansson");
  hrm_ui_test_spin (800);
  xdotool (window, "key", "Down Return");
  hrm_ui_test_spin (1000);
  step (window, "search, Down, Enter opens the user again", page_shows (window, "erik.johansson"));

  /* Tab through the General tab to "Send verification email". */
  page = user_page (window);
  {
    guint presses = 0;

    while (presses < 40 && !focus_is (window, page->email_section->send_button))
      {
        xdotool (window, "key", "Tab");
        presses++;
        {
          g_autofree char *focus = describe_focus (window);
          g_print ("      Tab %u → %s\n", presses, focus);
        }
      }
    step (window, "Tab reaches Send verification email", focus_is (window, page->email_section->send_button));
  }

  /* Ctrl+S saves an edit made from the keyboard. */
  gtk_widget_grab_focus (GTK_WIDGET (hrm_test_page_field (page, FIELD_SIGNATURE)->row));
  xdotool (window, "key", "ctrl+a BackSpace");
  xdotool (window, "type", "EJO");
  step (window, "typing in Signature makes unsaved changes", page->has_unsaved_changes);
  xdotool (window, "key", "ctrl+s");
  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (page->has_unsaved_changes && g_get_monotonic_time () < end)
    hrm_ui_test_iterate ();
  step (window, "Ctrl+S saves", !page->has_unsaved_changes &&
        g_strcmp0 (hrm_user_get_signature (page->user), "EJO") == 0);

  walk_selection_mode (window);

  xdotool (window, "key", "ctrl+question");
  overlay = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  step (window, "Ctrl+? shows the shortcuts window",
        overlay != NULL && gtk_widget_get_visible (GTK_WIDGET (overlay)));
  if (overlay != NULL && gtk_widget_get_visible (GTK_WIDGET (overlay)))
    {
      hrm_ui_test_spin (300);
      save_png (GTK_WIDGET (overlay), shot->path);
      xdotool (window, "key", "Escape");
    }

  g_print ("%u step(s) failed\n", walk_failures);
  hrm_ui_test_window_destroy (window);
}

static const struct {
  const char *name;
  void      (*func) (Shot *shot);
} states[] = {
  { "sign-in", shot_sign_in },
  { "sign-in-browser", shot_sign_in_browser },
  { "sign-in-password", shot_sign_in_password },
  { "users", shot_users },
  { "linked", shot_linked },
  { "pending", shot_pending },
  { "leaving", shot_leaving },
  { "authorisations", shot_authorisations },
  { "disabled", shot_disabled },
  { "expired", shot_expired },
  { "overview", shot_overview },
  { "bulk-preview", shot_bulk_preview },
  { "bulk-progress", shot_bulk_progress },
  { "bulk-results", shot_bulk_results },
  { "import-preview", shot_import_preview },
  { "no-email", shot_no_email },
  { "linked-private", shot_linked_private },
  { "organisation", shot_organisation },
  { "narrow", shot_narrow },
  { "narrow-user", shot_narrow_user },
  { "narrow-overview", shot_narrow_overview },
  { "users-selection", shot_users_selection },
  { "keyboard", shot_keyboard },
  { "measure", shot_measure },
};

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *localedir = g_getenv ("HRM_LOCALEDIR");
  HrmTestServer *server;

  /* The build tree's catalogue (LANGUAGE=sv) when asked for. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 3)
    {
      g_printerr ("Usage: %s OUTDIR NAME[=STATE]...\n", argv[0]);
      return 2;
    }

  gtk_init ();
  adw_init ();
  /* GNOME's font (a fallback when fonts-cantarell is missing); no blinking
   * caret, so every run makes the same picture. */
  g_object_set (gtk_settings_get_default (),
                "gtk-font-name", "Cantarell 11",
                "gtk-cursor-blink", FALSE,
                NULL);

  application = hrm_application_new (APPLICATION_ID ".Screenshots");
  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_HANDLES_COMMAND_LINE |
                                                        G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (application), NULL, &error))
    g_error ("Cannot register the application: %s", error->message);

  server = hrm_test_server_new (TRUE, &error);
  if (server == NULL)
    g_error ("Cannot start hrm-server: %s", error->message);

  for (int i = 2; i < argc; i++)
    {
      g_auto(GStrv) parts = g_strsplit (argv[i], "=", 2);
      const char *state = parts[1] != NULL ? parts[1] : parts[0];
      g_autofree char *file = g_strconcat (parts[0], ".png", NULL);
      g_autofree char *path = g_build_filename (argv[1], file, NULL);
      Shot shot = { server, path };
      gboolean found = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (states); j++)
        {
          if (g_str_equal (states[j].name, state))
            {
              states[j].func (&shot);
              found = TRUE;
            }
        }
      if (!found)
        g_error ("Unknown state %s", state);
    }

  hrm_test_server_free (server);
  g_clear_object (&application);

  return 0;
}
