/* hrm-memory.h — handing memory the app no longer uses back to the system
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Once the app has been quiet for a moment (this is called again meanwhile:
 * the moment starts over), gives the pages malloc keeps free back to the
 * system. Call it after a burst of allocations, e.g. a page of users parsed
 * and its rows built. Does nothing where the C library cannot do it. */
void hrm_memory_trim_soon (void);

G_END_DECLS
