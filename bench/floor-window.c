/* floor-window.c — the floor of HRM Users' populated first frame for bench/app-perf.sh
 *
 * What the populated window is made of, and nothing of HRM Users' code:
 * an AdwApplicationWindow at the app's default size (1100 × 760) with the same
 * top-level widgets — a toast overlay, a stack, a leaflet with the users pane
 * (header bar with title, subtitle and menu button; the provisioning
 * overview — its percentage, bar, five parts in a flow box and two send
 * buttons —; search entry and two filter drop-downs; the count with its
 * buttons; a GtkListView in a scrolled window) beside the user pane (header
 * bar, the empty state's status page) — and 17 static rows built like
 * HrmUserRow (name, user-ID and email labels, a state caption and icon). No
 * network, no keyring, no template: the rows are there when the window is
 * presented, so its first frame is the populated one. The status page's
 * icon is a PNG, as HRM Users' is (FLOOR_AVATAR_PNG, the build's copy; an
 * Adwaita icon at that size would be an SVG and load librsvg). Reports it
 * the way HRM Users' bench hook does (src/app/hrm-bench.c):
 *   hrm-bench first-frame MICROSECONDS      (g_get_monotonic_time, on stderr)
 * and then stays open until it is killed (for its idle RSS).
 *
 * Build: cc bench/floor-window.c $(pkg-config --cflags --libs libadwaita-1) -o floor-window
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <adwaita.h>

#include "first-frame.h"

/* What HRM Users binds for its first frame at this window size (hrm-users-pane.c) */
#define N_ROWS 17

static const char css[] =
  ".user-name { font-weight: 600; }"
  ".part-button { padding: 2px 6px; font-weight: normal; }"
  ".part-dot { min-width: 10px; min-height: 10px; border-radius: 999px;"
  "  background-color: #3584e4; }";

static const char *const parts[] = { "Linked", "Pending", "Expired", "Not linked", "No email" };

static const char window_ui[] =
  "<interface>"
  " <object class='AdwToastOverlay' id='content'>"
  "  <child><object class='GtkStack'>"
  "   <child><object class='GtkStackPage'><property name='name'>main</property>"
  "    <property name='child'><object class='AdwLeaflet'>"
  "     <property name='can-unfold'>True</property>"
  "     <child><object class='GtkBox'>"
  "      <property name='orientation'>vertical</property>"
  "      <property name='width-request'>360</property>"
  "      <child><object class='AdwHeaderBar'>"
  "       <property name='show-end-title-buttons'>False</property>"
  "       <property name='title-widget'><object class='AdwWindowTitle'>"
  "        <property name='title'>Users</property><property name='subtitle'>Organisation</property>"
  "       </object></property>"
  "       <child type='end'><object class='GtkMenuButton'>"
  "        <property name='icon-name'>open-menu-symbolic</property></object></child>"
  "      </object></child>"
  "      <child><object class='GtkBox'>"
  "       <property name='orientation'>vertical</property><property name='spacing'>6</property>"
  "       <property name='margin-start'>12</property><property name='margin-end'>12</property>"
  "       <property name='margin-top'>12</property>"
  "       <child><object class='GtkBox'><property name='spacing'>12</property>"
  "        <child><object class='GtkLabel'><property name='label'>34 % linked</property>"
  "         <property name='xalign'>0</property><property name='hexpand'>True</property>"
  "         <style><class name='heading'/><class name='numeric'/></style></object></child>"
  "        <child><object class='GtkLabel'><property name='label'>657 of 1889 enabled users</property>"
  "         <property name='ellipsize'>start</property>"
  "         <style><class name='dim-label'/><class name='caption'/><class name='numeric'/></style>"
  "        </object></child>"
  "       </object></child>"
  "       <child><object class='GtkDrawingArea' id='bar'>"
  "        <property name='content-height'>10</property></object></child>"
  "       <child><object class='GtkFlowBox' id='parts'><property name='selection-mode'>none</property>"
  "        <property name='min-children-per-line'>2</property>"
  "        <property name='max-children-per-line'>5</property></object></child>"
  "       <child><object class='GtkButton'>"
  "        <property name='label'>Send to all not linked with email (330)</property></object></child>"
  "       <child><object class='GtkButton'>"
  "        <property name='label'>Resend expired (145)</property></object></child>"
  "      </object></child>"
  "      <child><object class='GtkBox'>"
  "       <property name='orientation'>vertical</property><property name='spacing'>6</property>"
  "       <property name='margin-start'>6</property><property name='margin-end'>6</property>"
  "       <property name='margin-top'>6</property><property name='margin-bottom'>6</property>"
  "       <child><object class='GtkSearchEntry'>"
  "        <property name='placeholder-text'>Search users</property></object></child>"
  "       <child><object class='GtkBox'><property name='spacing'>6</property>"
  "        <child><object class='GtkDropDown'><property name='hexpand'>True</property>"
  "         <property name='model'><object class='GtkStringList'><items>"
  "          <item>Any connection</item><item>Linked</item><item>Pending</item></items>"
  "         </object></property></object></child>"
  "        <child><object class='GtkDropDown'><property name='hexpand'>True</property>"
  "         <property name='model'><object class='GtkStringList'><items>"
  "          <item>Enabled or not</item><item>Enabled</item><item>Disabled</item></items>"
  "         </object></property></object></child>"
  "       </object></child>"
  "       <child><object class='GtkBox'><property name='spacing'>6</property>"
  "        <child><object class='GtkLabel'><property name='label'>2000 users</property>"
  "         <property name='xalign'>0</property><property name='hexpand'>True</property>"
  "         <property name='ellipsize'>end</property>"
  "         <style><class name='dim-label'/><class name='caption'/><class name='numeric'/></style>"
  "        </object></child>"
  "        <child><object class='GtkButton'><property name='label'>Send verification email…</property>"
  "         <style><class name='flat'/><class name='caption'/></style></object></child>"
  "        <child><object class='GtkMenuButton'><property name='icon-name'>view-more-symbolic</property>"
  "         <style><class name='flat'/></style></object></child>"
  "        <child><object class='GtkToggleButton'>"
  "         <property name='icon-name'>selection-mode-symbolic</property>"
  "         <style><class name='flat'/></style></object></child>"
  "       </object></child>"
  "      </object></child>"
  "      <child><object class='GtkScrolledWindow'>"
  "       <property name='vexpand'>True</property>"
  "       <property name='hscrollbar-policy'>never</property>"
  "       <property name='child'><object class='GtkListView' id='list_view'>"
  "        <style><class name='navigation-sidebar'/></style>"
  "       </object></property>"
  "      </object></child>"
  "     </object></child>"
  "     <child><object class='AdwLeafletPage'><property name='navigatable'>False</property>"
  "      <property name='child'><object class='GtkSeparator'/></property></object></child>"
  "     <child><object class='GtkBox'>"
  "      <property name='orientation'>vertical</property><property name='hexpand'>True</property>"
  "      <child><object class='AdwHeaderBar'>"
  "       <property name='title-widget'><object class='AdwWindowTitle'/></property>"
  "      </object></child>"
  "      <child><object class='AdwStatusPage' id='status_page'>"
  "       <property name='vexpand'>True</property>"
  "       <property name='title'>Select a user</property>"
  "       <property name='description'>Choose a user in the list to see and change their details, "
  "their link to the identity provider and their roles.</property>"
  "      </object></child>"
  "     </object></child>"
  "    </object></property>"
  "   </object></child>"
  "  </object></child>"
  " </object>"
  "</interface>";

/* One row, built like HrmUserRow (hrm-user-row.c): two lines of labels and a
 * state caption with its icon. */
static const char row_ui[] =
  "<interface>"
  " <template class='GtkListItem'>"
  "  <property name='child'><object class='GtkBox'>"
  "   <property name='spacing'>12</property>"
  "   <child><object class='GtkBox'>"
  "    <property name='orientation'>vertical</property><property name='spacing'>3</property>"
  "    <property name='hexpand'>True</property><property name='valign'>center</property>"
  "    <child><object class='GtkBox'><property name='spacing'>6</property>"
  "     <child><object class='GtkLabel'><property name='xalign'>0</property>"
  "      <property name='ellipsize'>end</property><style><class name='user-name'/></style>"
  "      <binding name='label'><lookup name='string' type='GtkStringObject'>"
  "       <lookup name='item'>GtkListItem</lookup></lookup></binding>"
  "     </object></child>"
  "    </object></child>"
  "    <child><object class='GtkBox'><property name='spacing'>6</property>"
  "     <child><object class='GtkLabel'><property name='xalign'>0</property>"
  "      <property name='label'>user.name</property>"
  "      <style><class name='caption'/><class name='dim-label'/></style></object></child>"
  "     <child><object class='GtkLabel'><property name='xalign'>0</property>"
  "      <property name='ellipsize'>end</property>"
  "      <property name='label'>user.name@example.com</property>"
  "      <style><class name='caption'/><class name='dim-label'/></style></object></child>"
  "    </object></child>"
  "   </object></child>"
  "   <child><object class='GtkBox'><property name='spacing'>6</property>"
  "    <child><object class='GtkLabel'><property name='label'>Not linked</property>"
  "     <style><class name='caption'/></style></object></child>"
  "    <child><object class='GtkImage'>"
  "     <property name='icon-name'>emblem-ok-symbolic</property></object></child>"
  "   </object></child>"
  "  </object></property>"
  " </template>"
  "</interface>";

static void
draw_bar (GtkDrawingArea *area,
          cairo_t        *cr,
          int             width,
          int             height,
          gpointer        user_data)
{
  double radius = height / 2.0;

  cairo_new_sub_path (cr);
  cairo_arc (cr, radius, radius, radius, G_PI / 2, 3 * G_PI / 2);
  cairo_arc (cr, width - radius, radius, radius, 3 * G_PI / 2, G_PI / 2);
  cairo_close_path (cr);
  cairo_clip (cr);
  for (int part = 0; part < 5; part++)
    {
      cairo_set_source_rgb (cr, 0.2 * part, 0.5, 1.0 - 0.2 * part);
      cairo_rectangle (cr, width * part / 5.0, 0, width / 5.0, height);
      cairo_fill (cr);
    }
}

/* The overview's parts: a dot, the name and the count, as flat buttons. */
static void
add_parts (GtkFlowBox *flow_box)
{
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      GtkWidget *button = gtk_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      GtkWidget *count = gtk_label_new ("123");

      gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (dot, "part-dot");
      gtk_widget_add_css_class (count, "heading");
      gtk_widget_add_css_class (count, "numeric");
      gtk_box_append (GTK_BOX (box), dot);
      gtk_box_append (GTK_BOX (box), gtk_label_new (parts[i]));
      gtk_box_append (GTK_BOX (box), count);
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "part-button");
      gtk_flow_box_append (flow_box, button);
    }
}

static void
on_activate (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_string (window_ui, -1);
  g_autoptr(GBytes) row = g_bytes_new_static (row_ui, sizeof row_ui - 1);
  GtkStringList *names = gtk_string_list_new (NULL);
  GtkListItemFactory *factory = gtk_builder_list_item_factory_new_from_bytes (NULL, row);
  GtkListView *list_view = GTK_LIST_VIEW (gtk_builder_get_object (builder, "list_view"));
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  const char *avatar = g_getenv ("FLOOR_AVATAR_PNG");

  gtk_css_provider_load_from_data (provider, css, -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (gtk_builder_get_object (builder, "bar")),
                                  draw_bar, NULL, NULL);
  add_parts (GTK_FLOW_BOX (gtk_builder_get_object (builder, "parts")));
  if (avatar != NULL)
    {
      g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (avatar, NULL);

      adw_status_page_set_paintable (ADW_STATUS_PAGE (gtk_builder_get_object (builder,
                                                                              "status_page")),
                                     GDK_PAINTABLE (texture));
    }

  for (int i = 0; i < N_ROWS; i++)
    {
      g_autofree char *name = g_strdup_printf ("User number %d", i + 1);

      gtk_string_list_append (names, name);
    }
  gtk_list_view_set_factory (list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (list_view,
                           GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (names))));

  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window),
                                      GTK_WIDGET (gtk_builder_get_object (builder, "content")));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  report_first_frame (window);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.hrmusers.BenchFloor",
                                                       G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
