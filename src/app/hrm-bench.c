/* hrm-bench.c — the benchmark hook: timestamps of what a user sees, for bench/app-perf.sh
 *
 * Off unless HRM_BENCH is set; then every line goes to stderr as
 *   hrm-bench EVENT MICROSECONDS [DETAIL]
 * with g_get_monotonic_time() (CLOCK_MONOTONIC, the clock the script reads
 * before it starts the program). Events:
 *   first-frame   the window's first frame (whatever it shows)
 *   first-page    the list's first page of users is in the list
 *   populated     the first frame that shows the list with its first page of users
 *                 (the page is in the list and the list on screen)
 *   edit          the search field's text changed (a keystroke), DETAIL the text
 *   query         the list's query changed (after the search field's delay)
 *   arrived       a query's first page is in the list
 *   painted       the first frame after a query's first page arrived, DETAIL the query
 *   app-startup   GtkApplication's startup is done (GTK and libadwaita are set up)
 *   command-line  the options are read, DETAIL "resuming" when the keyring
 *                 lookup was started
 *   window-built  the window's template is built (before it is presented)
 *   resumed       the keyring lookup and the token refresh are done, DETAIL
 *                 whether the window was already there to take them
 *   account-checked  GET /me said the account may manage users
 *   organisation  GET /organisation is in; the window shows the users
 *   scroll-*      see run_scroll()
 * HRM_BENCH=search:WORD,WORD… types each word a letter at a time (like a
 * fast typist, HRM_BENCH_KEY_MS apart, default 70) once the list is populated;
 * HRM_BENCH=scroll scrolls the list from top to bottom in HRM_BENCH_SCROLL_MS
 * (default 4000) and reports the frame gaps. Neither changes what the app does
 * otherwise. Not translated: nobody but the script reads it.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-bench"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hrm-bench.h"

typedef struct
{
  GtkWidget   *list_view;     /* borrowed: the bench lives as long as the pane */
  GtkEditable *entry;
  HrmUserList *list;          /* owned */
  char        *painting;      /* the query whose first page waits for a frame */
  gboolean     populated;
  char       **words;
  guint        word;
  guint        letter;
  gboolean     typing;
  /* scrolling */
  gint64       scroll_start;
  gint64       last_frame;
  GArray      *gaps;          /* (element-type gint64) µs between frames */
  guint        placeholder_frames;
  gint64       scroll_end;
} Bench;

static Bench *bench;

gboolean
hrm_bench_enabled (void)
{
  static int enabled = -1;

  if (enabled < 0)
    enabled = g_getenv ("HRM_BENCH") != NULL;
  return enabled;
}

void
hrm_bench_mark (const char *event,
                const char *detail)
{
  if (!hrm_bench_enabled ())
    return;
  fprintf (stderr, "hrm-bench %s %" G_GINT64_FORMAT "%s%s\n", event, g_get_monotonic_time (),
           detail != NULL ? " " : "", detail != NULL ? detail : "");
  fflush (stderr);
}

typedef struct
{
  char *event;
  char *detail;
  gulong handler;
} PaintMark;

static void
on_after_paint (GdkFrameClock *clock,
                PaintMark     *mark)
{
  hrm_bench_mark (mark->event, mark->detail);
  g_signal_handler_disconnect (clock, mark->handler);
  g_free (mark->event);
  g_free (mark->detail);
  g_free (mark);
}

/* Marks @event when the frame being prepared now has been painted. */
static void
mark_next_paint (GtkWidget  *widget,
                 const char *event,
                 const char *detail)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  PaintMark *mark;

  if (clock == NULL)
    {
      hrm_bench_mark (event, detail);
      return;
    }
  mark = g_new0 (PaintMark, 1);
  mark->event = g_strdup (event);
  mark->detail = g_strdup (detail);
  mark->handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), mark);
  gtk_widget_queue_draw (widget);
}

static void
on_first_map (GtkWidget *window)
{
  mark_next_paint (window, "first-frame", NULL);
}

void
hrm_bench_watch_window (GtkWidget *window)
{
  if (!hrm_bench_enabled ())
    return;
  g_signal_connect (window, "map", G_CALLBACK (on_first_map), NULL);
}

/* ---- search ---------------------------------------------------------------- */

static gboolean type_next (gpointer data);

static void
schedule_typing (guint delay_ms)
{
  bench->typing = TRUE;
  g_timeout_add (delay_ms, type_next, NULL);
}

static gboolean
type_next (gpointer data)
{
  const char *word = bench->words[bench->word];
  const char *letter = g_utf8_offset_to_pointer (word, bench->letter);
  int position = -1;

  /* One keystroke: one letter at the end (one "changed", as typing makes). */
  gtk_editable_insert_text (bench->entry, letter, g_utf8_next_char (letter) - letter, &position);
  bench->letter++;
  if (bench->letter < (guint) g_utf8_strlen (word, -1))
    {
      const char *key_ms = g_getenv ("HRM_BENCH_KEY_MS");

      g_timeout_add (key_ms != NULL ? atoi (key_ms) : 70, type_next, NULL);
    }
  else
    bench->typing = FALSE;  /* the last keystroke: "painted" for this word comes next */

  return G_SOURCE_REMOVE;
}

static gboolean
clear_then_type (gpointer data)
{
  /* Cleared, as by Ctrl+A and Backspace: everyone again, then the next word. */
  gtk_editable_set_text (bench->entry, "");
  schedule_typing (700);
  return G_SOURCE_REMOVE;
}

static void
next_word (void)
{
  if (bench->words == NULL || bench->words[bench->word] == NULL)
    return;
  if (bench->letter > 0)
    bench->word++;
  bench->letter = 0;
  if (bench->words[bench->word] == NULL)
    {
      hrm_bench_mark ("done", NULL);
      return;
    }
  bench->typing = TRUE;
  g_timeout_add (300, clear_then_type, NULL);
}

/* ---- scrolling ------------------------------------------------------------- */

static gboolean
first_rows_filled (guint top,
                   guint n)
{
  guint total = g_list_model_get_n_items (G_LIST_MODEL (bench->list));

  for (guint i = top; i < MIN (top + n, total); i++)
    {
      g_autoptr(HrmUser) user = g_list_model_get_item (G_LIST_MODEL (bench->list), i);

      if (user == NULL || hrm_user_get_id (user) == 0)
        return FALSE;
    }
  return TRUE;
}

static void
report_scroll (void)
{
  g_autofree char *detail = NULL;
  gint64 max = 0;
  guint n = bench->gaps->len;
  g_autofree gint64 *sorted = NULL;

  sorted = g_memdup2 (bench->gaps->data, n * sizeof (gint64));
  for (guint i = 0; i < n; i++)
    max = MAX (max, sorted[i]);
  /* Enough for a p95 of a few hundred frames. */
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      if (sorted[j] < sorted[i])
        {
          gint64 t = sorted[i];
          sorted[i] = sorted[j];
          sorted[j] = t;
        }
  detail = g_strdup_printf ("frames=%u max_gap_us=%" G_GINT64_FORMAT " p95_gap_us=%" G_GINT64_FORMAT
                            " placeholder_frames=%u requests=%u",
                            n, max, n > 0 ? sorted[(n * 95) / 100] : 0, bench->placeholder_frames,
                            hrm_user_list_get_n_requests (bench->list));
  hrm_bench_mark ("scroll-frames", detail);
}

static gboolean
scroll_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (widget));
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  const char *ms = g_getenv ("HRM_BENCH_SCROLL_MS");
  double duration = (ms != NULL ? atoi (ms) : 4000) * 1000.0;
  double upper = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  guint total = g_list_model_get_n_items (G_LIST_MODEL (bench->list));
  double fraction;
  guint top;

  if (bench->scroll_start == 0)
    {
      bench->scroll_start = now;
      hrm_bench_mark ("scroll-start", NULL);
    }
  else if (bench->scroll_end == 0)
    g_array_append_val (bench->gaps, (gint64) { now - bench->last_frame });
  bench->last_frame = now;

  if (bench->scroll_end != 0)
    {
      /* Stopped at the bottom: when do the rows there show users? */
      if (first_rows_filled (total > 20 ? total - 20 : 0, 20))
        {
          mark_next_paint (widget, "scroll-filled", NULL);
          report_scroll ();
          hrm_bench_mark ("done", NULL);
          return G_SOURCE_REMOVE;
        }
      return G_SOURCE_CONTINUE;
    }

  fraction = MIN (1.0, (now - bench->scroll_start) / duration);
  gtk_adjustment_set_value (adjustment, fraction * upper);
  top = upper > 0 ? (guint) (fraction * (total > 20 ? total - 20 : 0)) : 0;
  /* What this frame shows: the rows at the top of the view. */
  if (!first_rows_filled (top, 1))
    bench->placeholder_frames++;

  if (fraction >= 1.0)
    {
      bench->scroll_end = now;
      hrm_bench_mark ("scroll-stop", NULL);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
start_scroll (gpointer data)
{
  bench->gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_widget_add_tick_callback (bench->list_view, scroll_tick, NULL, NULL);
  return G_SOURCE_REMOVE;
}

/* ---- the list ---------------------------------------------------------------- */

static void
on_edit (GtkEditable *entry)
{
  hrm_bench_mark ("edit", gtk_editable_get_text (entry));
}

static void
on_list_map (GtkWidget *list_view)
{
  g_signal_handlers_disconnect_by_func (list_view, on_list_map, NULL);
  mark_next_paint (list_view, "populated", NULL);
}

static void
on_loading (HrmUserList *list)
{
  const char *query = hrm_user_list_get_query (list);
  const char *mode = g_getenv ("HRM_BENCH");

  if (hrm_user_list_get_loading (list) || g_list_model_get_n_items (G_LIST_MODEL (list)) == 0)
    return;

  if (!bench->populated)
    {
      bench->populated = TRUE;
      hrm_bench_mark ("first-page", NULL);
      /* While the window still shows its spinner the list is not on screen:
       * the frame that shows the users is the first after the list is mapped. */
      if (gtk_widget_get_mapped (bench->list_view))
        mark_next_paint (bench->list_view, "populated", NULL);
      else
        g_signal_connect (bench->list_view, "map", G_CALLBACK (on_list_map), NULL);
      if (g_str_has_prefix (mode, "search:"))
        next_word ();
      else if (g_str_equal (mode, "scroll"))
        g_timeout_add (500, start_scroll, NULL);
      return;
    }

  if (g_strcmp0 (bench->painting, query) != 0)
    return;
  g_clear_pointer (&bench->painting, g_free);
  hrm_bench_mark ("arrived", query);
  mark_next_paint (bench->list_view, "painted", query);
  /* The whole word's results are on screen: the next word. */
  if (bench->words != NULL && !bench->typing && bench->words[bench->word] != NULL
      && g_strcmp0 (query, bench->words[bench->word]) == 0)
    next_word ();
}

static void
on_query (HrmUserList *list)
{
  g_free (bench->painting);
  bench->painting = g_strdup (hrm_user_list_get_query (list));
  hrm_bench_mark ("query", bench->painting);
}

void
hrm_bench_watch_users (GtkWidget   *list_view,
                       GtkEditable *search_entry,
                       HrmUserList *list)
{
  const char *mode = g_getenv ("HRM_BENCH");

  if (!hrm_bench_enabled () || bench != NULL || list == NULL)
    return;

  bench = g_new0 (Bench, 1);
  bench->list_view = list_view;
  bench->entry = search_entry;
  bench->list = g_object_ref (list);
  if (g_str_has_prefix (mode, "search:"))
    bench->words = g_strsplit (mode + strlen ("search:"), ",", -1);

  g_signal_connect (search_entry, "changed", G_CALLBACK (on_edit), NULL);
  g_signal_connect (list, "notify::query", G_CALLBACK (on_query), NULL);
  g_signal_connect (list, "notify::loading", G_CALLBACK (on_loading), NULL);
  /* A resumed session may bring its first page along. */
  on_loading (list);
}
