/* floor-window.c — the floor of HRM Users' populated first frame for bench/app-perf.sh
 *
 * What the populated window is made of, and nothing of HRM Users' code:
 * an AdwApplicationWindow at the app's default size (1100 × 760) with the same
 * top-level widgets — a toast overlay, a stack, a leaflet with the users pane
 * (header bar with title, subtitle and menu button; search entry and two
 * filter drop-downs; a GtkListView in a scrolled window) beside the user
 * pane (header bar, the empty state's status page) — and 20 static rows
 * built like HrmUserRow (name, user-ID and email labels, a state caption and
 * icon). No network, no keyring, no template: the rows are there when the
 * window is presented, so its first frame is the populated one. Reports it
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

#define N_ROWS 20

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
  "      <child><object class='AdwStatusPage'>"
  "       <property name='vexpand'>True</property>"
  "       <property name='icon-name'>avatar-default-symbolic</property>"
  "       <property name='title'>No user selected</property>"
  "       <property name='description'>Choose a user in the list to see and change their account.</property>"
  "      </object></child>"
  "     </object></child>"
  "    </object></property>"
  "   </object></child>"
  "  </object></child>"
  " </object>"
  "</interface>";

/* One row, built like HrmUserRow (hrm-user-row.ui): two lines of labels and a
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
  "      <property name='ellipsize'>end</property>"
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
  "     <property name='icon-name'>dialog-question-symbolic</property></object></child>"
  "   </object></child>"
  "  </object></property>"
  " </template>"
  "</interface>";

static void
on_activate (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_string (window_ui, -1);
  g_autoptr(GBytes) row = g_bytes_new_static (row_ui, sizeof row_ui - 1);
  GtkStringList *names = gtk_string_list_new (NULL);
  GtkListItemFactory *factory = gtk_builder_list_item_factory_new_from_bytes (NULL, row);
  GtkListView *list_view = GTK_LIST_VIEW (gtk_builder_get_object (builder, "list_view"));

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
