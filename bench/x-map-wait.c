/* x-map-wait.c — for bench/app-perf.sh: prints "ready", then the
 * CLOCK_MONOTONIC time (µs) at which the first top-level window is mapped on
 * $DISPLAY, and exits. The same measure for every program (no window manager
 * under Xvfb, so a program's window maps as a child of the root window).
 *
 * Build: cc bench/x-map-wait.c $(pkg-config --cflags --libs x11) -o x-map-wait
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <time.h>
#include <X11/Xlib.h>

int
main (void)
{
  Display *display = XOpenDisplay (NULL);
  struct timespec ts;
  XEvent event;

  if (display == NULL)
    {
      fprintf (stderr, "x-map-wait: cannot open the display\n");
      return 2;
    }
  XSelectInput (display, DefaultRootWindow (display), SubstructureNotifyMask);
  XSync (display, False);
  printf ("ready\n");
  fflush (stdout);

  for (;;)
    {
      XNextEvent (display, &event);
      if (event.type == MapNotify && !event.xmap.override_redirect)
        {
          XWindowAttributes attributes;

          /* GTK maps nothing smaller than a window: skip 1×1 helpers. */
          if (XGetWindowAttributes (display, event.xmap.window, &attributes)
              && attributes.width > 1 && attributes.height > 1)
            break;
        }
    }
  clock_gettime (CLOCK_MONOTONIC, &ts);
  printf ("%lld\n", (long long) ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
  XCloseDisplay (display);
  return 0;
}
