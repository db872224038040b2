/* hrm-csv-import.h — the rows of an imported file of User-IDs and addresses
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

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

/* How the server classifies a row of an import (action set_email), in its
 * order; the last three are set. */
typedef enum
{
  HRM_IMPORT_UNKNOWN_USER_ID,
  HRM_IMPORT_MALFORMED_ADDRESS,
  HRM_IMPORT_DUPLICATE_IN_FILE,
  HRM_IMPORT_UNCHANGED,
  HRM_IMPORT_USER_LINKED,
  HRM_IMPORT_DUPLICATE_OF_OTHER_USER,
  HRM_IMPORT_OUTSIDE_ALLOWED_DOMAINS,
  HRM_IMPORT_PRIVATE_ADDRESS,
  HRM_IMPORT_WILL_SET,
  HRM_IMPORT_N_CLASSES
} HrmImportClass;

const char *hrm_import_class_to_string (HrmImportClass class);
/* What the class means, for people ("Unknown User-ID"). */
const char *hrm_import_class_describe  (HrmImportClass class);
gboolean    hrm_import_class_is_set    (HrmImportClass class);

/* A row of the file the preview names. */
typedef struct
{
  guint  row;
  char  *user_id;
  char  *email;      /* as the file has it */
  char  *name;       /* the user's, or NULL when no user has the User-ID */
  char  *current;    /* the user's address now, or NULL */
  char  *message;    /* why, or NULL */
} HrmImportSample;

typedef struct
{
  guint      total;
  guint      will_run;                           /* rows whose address is set */
  guint      counts[HRM_IMPORT_N_CLASSES];
  GPtrArray *samples[HRM_IMPORT_N_CLASSES];      /* of HrmImportSample, the first rows; never NULL */
} HrmEmailImportPreview;

HrmEmailImportPreview *hrm_email_import_preview_new_from_json (JsonObject             *object,
                                                               GError                **error);
void                   hrm_email_import_preview_free          (HrmEmailImportPreview  *preview);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HrmEmailImportPreview, hrm_email_import_preview_free)

G_END_DECLS
