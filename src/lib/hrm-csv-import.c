/* hrm-csv-import.c — the rows of an imported file of User-IDs and addresses
 *
 * What payroll or a directory exports and a spreadsheet saves: a header row
 * with a User-ID column ("User-ID", "user_id", "UserID") and an email column
 * ("email", "Email", "E-mail") in any order among others, then one row per
 * user. The separator is a comma or, as Swedish Excel writes, a semicolon:
 * whichever the header line has more of outside quotes. UTF-8 with or
 * without a byte order mark; anything else is refused with a reason a
 * person can act on rather than guessed at. Fields are read by libcsv
 * (strict RFC 4180 quoting: quoted fields hold separators, quotes doubled
 * and line breaks). A field that the server's export guarded against
 * spreadsheet formulas ('=…, '+…) loses its apostrophe again, so that an
 * exported file imports as it was.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-lib"

#include "config.h"

#include <csv.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "hrm-csv-import.h"
#include "hrm-error.h"
#include "hrm-json.h"

void
hrm_import_row_free (HrmImportRow *row)
{
  g_free (row->user_id);
  g_free (row->email);
  g_free (row);
}

typedef struct
{
  GPtrArray *record;    /* the fields of the record being read */
  guint      records;   /* records read, the header included */
  int        user_id;   /* the columns, from the header; -1 until known */
  int        email;
  GPtrArray *rows;      /* HrmImportRow */
  GError    *error;
} Reader;

/* A header name as compared: lower case, without spaces, "-" and "_". */
static char *
column_key (const char *name)
{
  g_autofree char *lower = g_utf8_strdown (name, -1);
  GString *key = g_string_new (NULL);

  for (const char *p = lower; *p != '\0'; p++)
    if (*p != ' ' && *p != '-' && *p != '_')
      g_string_append_c (key, *p);
  return g_string_free (key, FALSE);
}

static void
read_header (Reader *reader)
{
  for (guint i = 0; i < reader->record->len; i++)
    {
      g_autofree char *key = column_key (g_ptr_array_index (reader->record, i));

      if (reader->user_id < 0 && g_str_equal (key, "userid"))
        reader->user_id = i;
      else if (reader->email < 0 && g_str_equal (key, "email"))
        reader->email = i;
    }

  if (reader->user_id < 0 && reader->email < 0)
    reader->error = g_error_new_literal (HRM_ERROR, HRM_ERROR_INVALID,
                                         _("The first row must name the columns: “User-ID” and "
                                           "“email” were not found"));
  else if (reader->user_id < 0)
    reader->error = g_error_new_literal (HRM_ERROR, HRM_ERROR_INVALID,
                                         _("The file has no “User-ID” column"));
  else if (reader->email < 0)
    reader->error = g_error_new_literal (HRM_ERROR, HRM_ERROR_INVALID,
                                         _("The file has no “email” column"));
}

/* The field as the file meant it: without surrounding space, and without
 * the apostrophe that guards a formula-like value in the server's export. */
static char *
field_value (Reader *reader,
             int     column)
{
  const char *text = (guint) column < reader->record->len
                     ? g_ptr_array_index (reader->record, column) : "";
  g_autofree char *value = g_strstrip (g_strdup (text));

  if (value[0] == '\'' && value[1] != '\0' && strchr ("=+-@\t\r", value[1]) != NULL)
    return g_strdup (value + 1);
  return g_steal_pointer (&value);
}

static gboolean
record_is_blank (GPtrArray *record)
{
  for (guint i = 0; i < record->len; i++)
    {
      const char *text = g_ptr_array_index (record, i);

      for (; *text != '\0'; text++)
        if (!g_ascii_isspace (*text))
          return FALSE;
    }
  return TRUE;
}

static void
on_field (void   *field,
          size_t  length,
          void   *data)
{
  Reader *reader = data;

  if (reader->error == NULL)
    g_ptr_array_add (reader->record, g_strndup (field ? field : "", length));
}

static void
on_record (int   terminator,
           void *data)
{
  Reader *reader = data;
  HrmImportRow *row;

  if (reader->error != NULL)
    return;
  reader->records++;
  if (reader->records == 1)
    read_header (reader);
  else if (!record_is_blank (reader->record))
    {
      if (reader->rows->len >= HRM_CSV_IMPORT_MAX_ROWS)
        reader->error = g_error_new (HRM_ERROR, HRM_ERROR_INVALID,
                                     _("The file has more than %d rows; split it"),
                                     HRM_CSV_IMPORT_MAX_ROWS);
      else
        {
          row = g_new0 (HrmImportRow, 1);
          row->row = reader->records;
          row->user_id = field_value (reader, reader->user_id);
          row->email = field_value (reader, reader->email);
          g_ptr_array_add (reader->rows, row);
        }
    }
  g_ptr_array_set_size (reader->record, 0);
}

/* ';' when the header line has more semicolons than commas outside quotes. */
static unsigned char
detect_separator (const char *data,
                  gsize       length)
{
  gboolean quoted = FALSE;
  guint commas = 0, semicolons = 0;

  for (gsize i = 0; i < length; i++)
    {
      if (data[i] == '"')
        quoted = !quoted;
      else if (!quoted && (data[i] == '\n' || data[i] == '\r'))
        break;
      else if (!quoted && data[i] == ',')
        commas++;
      else if (!quoted && data[i] == ';')
        semicolons++;
    }
  return semicolons > commas ? ';' : ',';
}

/**
 * hrm_csv_import_parse:
 * @data: the file's bytes
 *
 * Reads the User-ID and email of each row of an imported file (see the top
 * of this file). Blank rows are left out.
 *
 * Returns: (transfer container) (element-type HrmImportRow): the rows, or
 *   %NULL with %HRM_ERROR_INVALID and a reason a person can act on
 */
GPtrArray *
hrm_csv_import_parse (const char  *data,
                      gsize        length,
                      GError     **error)
{
  g_autoptr(GPtrArray) record = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) hrm_import_row_free);
  Reader reader = { record, 0, -1, -1, rows, NULL };
  struct csv_parser parser;

  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      length -= 3;
    }
  if (!g_utf8_validate_len (data, length, NULL) || memchr (data, '\0', length) != NULL)
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INVALID,
                           _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."));
      return NULL;
    }

  if (csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    g_error ("libcsv could not start");
  csv_set_delim (&parser, detect_separator (data, length));
  if (csv_parse (&parser, data, length, on_field, on_record, &reader) != length
      || csv_fini (&parser, on_field, on_record, &reader) != 0)
    {
      if (reader.error == NULL)
        reader.error = g_error_new (HRM_ERROR, HRM_ERROR_INVALID,
                                    /* TRANSLATORS: %u is the row; %s libcsv's reason (English) */
                                    _("The file is not valid CSV after row %u (%s)"),
                                    reader.records, csv_strerror (csv_error (&parser)));
    }
  csv_free (&parser);

  if (reader.error == NULL && reader.records == 0)
    reader.error = g_error_new_literal (HRM_ERROR, HRM_ERROR_INVALID, _("The file is empty"));
  if (reader.error == NULL && rows->len == 0)
    reader.error = g_error_new_literal (HRM_ERROR, HRM_ERROR_INVALID,
                                        _("The file has no rows after its header"));
  if (reader.error != NULL)
    {
      g_propagate_error (error, reader.error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* ---- the server's preview of an import ---------------------------------- */

static const char * const class_names[] = {
  "unknown_user_id", "malformed_address", "duplicate_in_file", "unchanged", "user_linked",
  "duplicate_of_other_user", "outside_allowed_domains", "private_address", "will_set",
};

G_STATIC_ASSERT (G_N_ELEMENTS (class_names) == HRM_IMPORT_N_CLASSES);

const char *
hrm_import_class_to_string (HrmImportClass class)
{
  g_return_val_if_fail (class < HRM_IMPORT_N_CLASSES, NULL);
  return class_names[class];
}

const char *
hrm_import_class_describe (HrmImportClass class)
{
  switch (class)
    {
    case HRM_IMPORT_UNKNOWN_USER_ID:
      return _("Unknown User-ID");
    case HRM_IMPORT_MALFORMED_ADDRESS:
      return _("Not a valid address");
    case HRM_IMPORT_DUPLICATE_IN_FILE:
      return _("In the file more than once");
    case HRM_IMPORT_UNCHANGED:
      return _("Unchanged");
    case HRM_IMPORT_USER_LINKED:
      return _("User is linked — delete the connection first");
    case HRM_IMPORT_DUPLICATE_OF_OTHER_USER:
      return _("Another user has this address");
    case HRM_IMPORT_OUTSIDE_ALLOWED_DOMAINS:
      return _("Outside the organisation’s domains (set, with a warning)");
    case HRM_IMPORT_PRIVATE_ADDRESS:
      return _("Private address (set, with a warning)");
    case HRM_IMPORT_WILL_SET:
      return _("Will be set");
    case HRM_IMPORT_N_CLASSES:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
hrm_import_class_is_set (HrmImportClass class)
{
  return class == HRM_IMPORT_WILL_SET || class == HRM_IMPORT_PRIVATE_ADDRESS
         || class == HRM_IMPORT_OUTSIDE_ALLOWED_DOMAINS;
}

static void
import_sample_free (HrmImportSample *sample)
{
  g_free (sample->user_id);
  g_free (sample->email);
  g_free (sample->name);
  g_free (sample->current);
  g_free (sample->message);
  g_free (sample);
}

void
hrm_email_import_preview_free (HrmEmailImportPreview *preview)
{
  for (guint i = 0; i < HRM_IMPORT_N_CLASSES; i++)
    g_clear_pointer (&preview->samples[i], g_ptr_array_unref);
  g_free (preview);
}

static gboolean
get_count (JsonObject  *object,
           const char  *member,
           guint       *out_value,
           GError     **error)
{
  gint64 value;

  if (!hrm_json_get_int (object, member, &value, error))
    return FALSE;
  if (value < 0 || value > G_MAXUINT)
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_INVALID, _("“%s” must be %s"), member,
                   _("a whole number"));
      return FALSE;
    }
  *out_value = value;
  return TRUE;
}

static HrmImportSample *
import_sample_new_from_json (JsonNode  *node,
                             GError   **error)
{
  g_autoptr(GError) local = NULL;
  HrmImportSample *sample;
  JsonObject *object, *user;
  gint64 row;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_INVALID, _("“%s” must be %s"), "samples",
                   _("a list of objects"));
      return NULL;
    }
  object = json_node_get_object (node);
  sample = g_new0 (HrmImportSample, 1);
  if (!hrm_json_get_int (object, "row", &row, error)
      || !hrm_json_get_string (object, "user_id", FALSE, &sample->user_id, error)
      || !hrm_json_get_string (object, "email", FALSE, &sample->email, error)
      || !hrm_json_get_string (object, "message", TRUE, &sample->message, error))
    {
      import_sample_free (sample);
      return NULL;
    }
  sample->row = CLAMP (row, 0, G_MAXUINT);
  user = hrm_json_get_object (object, "user", TRUE, &local);
  if (user != NULL)
    {
      g_autofree char *first = NULL;
      g_autofree char *last = NULL;

      hrm_json_get_string (user, "first_name", TRUE, &first, NULL);
      hrm_json_get_string (user, "last_name", TRUE, &last, NULL);
      hrm_json_get_string (user, "email", TRUE, &sample->current, NULL);
      sample->name = g_strstrip (g_strdup_printf ("%s %s", first ? first : "", last ? last : ""));
    }
  return sample;
}

/**
 * hrm_email_import_preview_new_from_json:
 * The answer of a set_email dry run. Classes the client does not know are
 * counted in the total only (a newer server may add some).
 */
HrmEmailImportPreview *
hrm_email_import_preview_new_from_json (JsonObject  *object,
                                        GError     **error)
{
  g_autoptr(HrmEmailImportPreview) preview = g_new0 (HrmEmailImportPreview, 1);
  JsonObject *rows, *samples;

  g_return_val_if_fail (object != NULL, NULL);

  for (guint i = 0; i < HRM_IMPORT_N_CLASSES; i++)
    preview->samples[i] = g_ptr_array_new_with_free_func ((GDestroyNotify) import_sample_free);

  if (!get_count (object, "total", &preview->total, error)
      || !get_count (object, "will_run", &preview->will_run, error))
    return NULL;
  rows = hrm_json_get_object (object, "rows", FALSE, error);
  if (rows == NULL)
    return NULL;
  samples = hrm_json_get_object (object, "samples", FALSE, error);
  if (samples == NULL)
    return NULL;

  for (guint i = 0; i < HRM_IMPORT_N_CLASSES; i++)
    {
      JsonArray *list;

      if (json_object_has_member (rows, class_names[i])
          && !get_count (rows, class_names[i], &preview->counts[i], error))
        return NULL;
      if (!json_object_has_member (samples, class_names[i]))
        continue;
      list = hrm_json_get_array (samples, class_names[i], error);
      if (list == NULL)
        return NULL;
      for (guint j = 0; j < json_array_get_length (list); j++)
        {
          HrmImportSample *sample = import_sample_new_from_json (json_array_get_element (list, j), error);

          if (sample == NULL)
            return NULL;
          g_ptr_array_add (preview->samples[i], sample);
        }
    }
  return g_steal_pointer (&preview);
}
