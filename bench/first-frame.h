/* first-frame.h — the reference windows' first-frame mark for bench/app-perf.sh
 *
 * Included by bare-window.c and floor-window.c (each a stand-alone program):
 * report_first_frame (window) prints, as HRM Users' bench hook does
 * (src/app/hrm-bench.c),
 *   hrm-bench first-frame MICROSECONDS      (g_get_monotonic_time, on stderr)
 * after the window's first paint.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdio.h>
#include <gtk/gtk.h>

static gulong first_frame_handler;

static void
first_frame_after_paint (GdkFrameClock *clock,
                         gpointer       data)
{
  fprintf (stderr, "hrm-bench first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stderr);
  g_signal_handler_disconnect (clock, first_frame_handler);
}

static void
first_frame_on_map (GtkWidget *window)
{
  first_frame_handler = g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                                          G_CALLBACK (first_frame_after_paint), NULL);
}

/* Call before presenting @window. */
static inline void
report_first_frame (GtkWidget *window)
{
  g_signal_connect (window, "map", G_CALLBACK (first_frame_on_map), NULL);
}
