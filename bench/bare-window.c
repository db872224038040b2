/* bare-window.c — the start-up reference for bench/app-perf.sh: an empty
 * AdwApplicationWindow (header bar, a label), nothing else. Reports its first
 * frame the way HRM Users' bench hook does (src/app/hrm-bench.c):
 *   hrm-bench first-frame MICROSECONDS      (g_get_monotonic_time, on stderr)
 * and then stays open until it is killed (for its idle RSS).
 *
 * Build: cc bench/bare-window.c $(pkg-config --cflags --libs libadwaita-1) -o bare-window
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <adwaita.h>

#include "first-frame.h"

static void
on_activate (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), gtk_label_new ("Bare"));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  report_first_frame (window);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.hrmusers.BenchBare",
                                                       G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
