/* hrm-csv-import.h — the rows of an imported file of User-IDs and addresses
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The most rows a file may have: what one set_email job takes. */
#define HRM_CSV_IMPORT_MAX_ROWS 100000

typedef struct
{
  guint  row;      /* the record's number in the file; the header is 1, blank lines
                   * are no records (libcsv skips them) */
  char  *user_id;
  char  *email;
} HrmImportRow;

void       hrm_import_row_free   (HrmImportRow *row);
GPtrArray *hrm_csv_import_parse  (const char   *data,
                                  gsize         length,
                                  GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HrmImportRow, hrm_import_row_free)

G_END_DECLS
