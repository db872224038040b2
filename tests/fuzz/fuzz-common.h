/* fuzz-common.h — what the fuzz targets share
 *
 * Every target defines LLVMFuzzerTestOneInput(). Built with -Dfuzzing=true
 * (clang), libFuzzer drives it; otherwise fuzz-replay.c does, once per file
 * of the committed corpus, so the corpus and every reproducer in it run with
 * `meson test` too.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>

G_BEGIN_DECLS

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

/* A broken invariant: a crash the fuzzer reports, with why. */
#define FUZZ_ASSERT(expr)                                                     \
  G_STMT_START {                                                              \
    if (G_UNLIKELY (!(expr)))                                                 \
      {                                                                       \
        g_printerr ("%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #expr); \
        abort ();                                                             \
      }                                                                       \
  } G_STMT_END

/* Warnings and criticals (a g_return_if_fail() that failed) are crashes too. */
static inline void
fuzz_init (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_setenv ("G_SLICE", "always-malloc", FALSE);
}

G_END_DECLS
