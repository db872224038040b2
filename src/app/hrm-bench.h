/* hrm-bench.h — the benchmark hook (HRM_BENCH; see hrm-bench.c and bench/README.md)
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hrm-user-list.h"

G_BEGIN_DECLS

gboolean hrm_bench_enabled      (void);
void     hrm_bench_mark         (const char  *event,
                                 const char  *detail);
void     hrm_bench_watch_window (GtkWidget   *window);
void     hrm_bench_watch_users  (GtkWidget   *list_view,
                                 GtkEditable *search_entry,
                                 HrmUserList *list);

G_END_DECLS
