/* hrm-memory.c — handing memory the app no longer uses back to the system
 *
 * Start-up frees a lot: GtkBuilder's parse of the window's templates, CSS
 * parsing, the JSON of the first pages of users, the rows the list view built
 * while placeholders turned into users. glibc keeps those free chunks in its
 * heap (it only gives back the top of the heap, and only above
 * M_TRIM_THRESHOLD), so the app's resident memory stays at its peak.
 * malloc_trim() gives back every whole free page (madvise) from all arenas;
 * bench/README.md (app-perf.sh, RSS) has what it is worth. It walks the free
 * lists, so it runs once things are quiet, not after every allocation burst.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-memory"

#include "config.h"

#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

#include "hrm-memory.h"

/* Quiet for this long (ms) before trimming: a page of users parsed and its
 * rows bound take well under that; the next page of a scroll comes sooner. */
#define TRIM_DELAY_MS 500

#ifdef HAVE_MALLOC_TRIM
static guint trim_source_id;

static gboolean
trim_now (gpointer user_data)
{
  trim_source_id = 0;
  malloc_trim (0);
  g_debug ("Gave free memory back to the system");
  return G_SOURCE_REMOVE;
}
#endif

void
hrm_memory_trim_soon (void)
{
#ifdef HAVE_MALLOC_TRIM
  g_clear_handle_id (&trim_source_id, g_source_remove);
  trim_source_id = g_timeout_add_full (G_PRIORITY_LOW, TRIM_DELAY_MS, trim_now, NULL, NULL);
  g_source_set_name_by_id (trim_source_id, "[hrm] malloc_trim");
#endif
}
