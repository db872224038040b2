/* hrm-client-bulk.c — HrmClient's calls for work on many users at once:
 * bulk jobs (preview, start, follow, cancel, retry, their items and the
 * results file) and the users' CSV export and email import
 *
 * As in hrm-client-api.c, each call builds an HrmRequest, names its parser
 * and hands it to _hrm_client_send(); every member read from a response is
 * type-checked.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-client"

#include <glib/gi18n-lib.h>

#include "hrm-client-private.h"

/* ---- bulk jobs --------------------------------------------------------- */

static gpointer
parse_bulk_jobs (JsonObject   *root,
                 SoupMessage  *message,
                 GError      **error)
{
  return _hrm_client_parse_items (root, (HrmFromJson) hrm_bulk_job_new_from_json, error);
}

static gpointer
parse_bulk_job_items (JsonObject   *root,
                      SoupMessage  *message,
                      GError      **error)
{
  return _hrm_client_parse_items (root, (HrmFromJson) hrm_bulk_job_item_new_from_json, error);
}

char *
hrm_client_new_idempotency_key (void)
{
  return g_uuid_string_random ();
}

/* {"action": "send_verification", "user_ids": [..]} or {…, "filter": {…}}, and "dry_run". */
static JsonNode *
bulk_job_body (const gint64        *user_ids,
               guint                n_user_ids,
               const char          *query,
               HrmConnectionFilter  connection,
               HrmEnabledFilter     enabled,
               gboolean             dry_run)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  const char *connection_param, *email_param;

  json_builder_begin_object (builder);
  hrm_json_builder_add_string (builder, "action", "send_verification");
  if (user_ids != NULL)
    {
      json_builder_set_member_name (builder, "user_ids");
      json_builder_begin_array (builder);
      for (guint i = 0; i < n_user_ids; i++)
        json_builder_add_int_value (builder, user_ids[i]);
      json_builder_end_array (builder);
    }
  else
    {
      json_builder_set_member_name (builder, "filter");
      json_builder_begin_object (builder);
      if (query != NULL && query[0] != '\0')
        hrm_json_builder_add_string (builder, "q", query);
      _hrm_client_connection_filter_params (connection, &connection_param, &email_param);
      if (connection_param != NULL)
        hrm_json_builder_add_string (builder, "connection", connection_param);
      if (email_param != NULL)
        hrm_json_builder_add_string (builder, "email", email_param);
      if (_hrm_client_email_warning_param (connection) != NULL)
        hrm_json_builder_add_string (builder, "email_warning",
                                     _hrm_client_email_warning_param (connection));
      if (enabled != HRM_ENABLED_FILTER_ALL)
        {
          json_builder_set_member_name (builder, "enabled");
          json_builder_add_boolean_value (builder, enabled == HRM_ENABLED_FILTER_ENABLED);
        }
      json_builder_end_object (builder);
    }
  json_builder_set_member_name (builder, "dry_run");
  json_builder_add_boolean_value (builder, dry_run);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gpointer
parse_preview (JsonObject   *root,
               SoupMessage  *message,
               GError      **error)
{
  if (!_hrm_client_require_body (root, error))
    return NULL;
  return hrm_bulk_job_preview_new_from_json (root, error);
}

static gpointer
parse_bulk_job (JsonObject   *root,
                SoupMessage  *message,
                GError      **error)
{
  if (!_hrm_client_require_body (root, error))
    return NULL;
  return hrm_bulk_job_new_from_json (root, error);
}

static void
send_bulk_job (HrmClient           *self,
               const gint64        *user_ids,
               guint                n_user_ids,
               const char          *query,
               HrmConnectionFilter  connection,
               HrmEnabledFilter     enabled,
               gboolean             dry_run,
               const char          *idempotency_key,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  HrmRequest *request = _hrm_request_new ("POST", "/api/v1/bulk-jobs", HRM_REQUEST_AUTHORIZED);
  g_autoptr(JsonNode) body = bulk_job_body (user_ids, n_user_ids, query, connection, enabled,
                                            dry_run);

  _hrm_request_set_json_body (request, body, NULL);
  if (idempotency_key != NULL)
    _hrm_request_set_idempotency_key (request, idempotency_key);
  if (dry_run)
    _hrm_request_set_parser (request, parse_preview, (GDestroyNotify) hrm_bulk_job_preview_free);
  else
    _hrm_request_set_parser (request, parse_bulk_job, g_object_unref);
  _hrm_client_send (self, request, source_tag, cancellable, callback, user_data);
}

void
hrm_client_preview_bulk_job_async (HrmClient           *self,
                                   const gint64        *user_ids,
                                   guint                n_user_ids,
                                   const char          *query,
                                   HrmConnectionFilter  connection,
                                   HrmEnabledFilter     enabled,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (HRM_IS_CLIENT (self));
  g_return_if_fail (connection <= HRM_CONNECTION_FILTER_LINKED_PRIVATE);
  g_return_if_fail (enabled <= HRM_ENABLED_FILTER_DISABLED);

  send_bulk_job (self, user_ids, n_user_ids, query, connection, enabled, TRUE, NULL,
                 hrm_client_preview_bulk_job_async, cancellable, callback, user_data);
}

HrmBulkJobPreview *
hrm_client_preview_bulk_job_finish (HrmClient     *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return _hrm_client_send_finish (self, result, hrm_client_preview_bulk_job_async, NULL, error);
}

void
hrm_client_start_bulk_job_async (HrmClient           *self,
                                 const gint64        *user_ids,
                                 guint                n_user_ids,
                                 const char          *query,
                                 HrmConnectionFilter  connection,
                                 HrmEnabledFilter     enabled,
                                 const char          *idempotency_key,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *key = NULL;

  g_return_if_fail (HRM_IS_CLIENT (self));
  g_return_if_fail (connection <= HRM_CONNECTION_FILTER_LINKED_PRIVATE);
  g_return_if_fail (enabled <= HRM_ENABLED_FILTER_DISABLED);

  /* Always with a key: the 401 retry inside _hrm_client_send() must not make a second job. */
  if (idempotency_key == NULL)
    idempotency_key = key = hrm_client_new_idempotency_key ();

  send_bulk_job (self, user_ids, n_user_ids, query, connection, enabled, FALSE, idempotency_key,
                 hrm_client_start_bulk_job_async, cancellable, callback, user_data);
}

HrmBulkJob *
hrm_client_start_bulk_job_finish (HrmClient     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _hrm_client_send_finish (self, result, hrm_client_start_bulk_job_async, NULL, error);
}

static char *
bulk_job_path (gint64      id,
               const char *suffix)
{
  return g_strdup_printf ("/api/v1/bulk-jobs/%" G_GINT64_FORMAT "%s", id, suffix ? suffix : "");
}

#define BULK_JOB_CALL(name, method, suffix) \
  void \
  hrm_client_##name##_bulk_job_async (HrmClient           *self, \
                                      gint64               id, \
                                      GCancellable        *cancellable, \
                                      GAsyncReadyCallback  callback, \
                                      gpointer             user_data) \
  { \
    g_return_if_fail (HRM_IS_CLIENT (self)); \
    _hrm_client_send_simple (self, method, bulk_job_path (id, suffix), parse_bulk_job, \
                             g_object_unref, hrm_client_##name##_bulk_job_async, cancellable, \
                             callback, user_data); \
  } \
  \
  HrmBulkJob * \
  hrm_client_##name##_bulk_job_finish (HrmClient     *self, \
                                       GAsyncResult  *result, \
                                       GError       **error) \
  { \
    return _hrm_client_send_finish (self, result, hrm_client_##name##_bulk_job_async, NULL, \
                                    error); \
  }

BULK_JOB_CALL (get, "GET", NULL)
BULK_JOB_CALL (cancel, "DELETE", NULL)
BULK_JOB_CALL (retry, "POST", "/retry")

#undef BULK_JOB_CALL


void
hrm_client_list_bulk_jobs_async (HrmClient           *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (HRM_IS_CLIENT (self));

  _hrm_client_send_simple (self, "GET", g_strdup ("/api/v1/bulk-jobs"), parse_bulk_jobs,
                           (GDestroyNotify) g_ptr_array_unref, hrm_client_list_bulk_jobs_async,
                           cancellable, callback, user_data);
}

GPtrArray *
hrm_client_list_bulk_jobs_finish (HrmClient     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _hrm_client_send_finish (self, result, hrm_client_list_bulk_jobs_async, NULL, error);
}

void
hrm_client_list_bulk_job_items_async (HrmClient           *self,
                                      gint64               id,
                                      const char          *outcome,
                                      guint                limit,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *query = NULL;

  g_return_if_fail (HRM_IS_CLIENT (self));
  g_return_if_fail (outcome != NULL);
  g_return_if_fail (limit >= 1 && limit <= 200);

  escaped = g_uri_escape_string (outcome, NULL, FALSE);
  query = g_strdup_printf ("/items?outcome=%s&limit=%u", escaped, limit);
  _hrm_client_send_simple (self, "GET", bulk_job_path (id, query), parse_bulk_job_items,
                           (GDestroyNotify) g_ptr_array_unref, hrm_client_list_bulk_job_items_async,
                           cancellable, callback, user_data);
}

GPtrArray *
hrm_client_list_bulk_job_items_finish (HrmClient     *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return _hrm_client_send_finish (self, result, hrm_client_list_bulk_job_items_async, NULL,
                                  error);
}

/* ---- the results file -------------------------------------------------- */

/* The inner request's source tag: its address is what counts. */
static const char save_items_send[] = "save-items-send";

static void abandon_file (GOutputStream *stream);

static void
items_saved (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GOutputStream *stream = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  _hrm_client_send_finish (HRM_CLIENT (object), result, (gpointer) save_items_send, NULL, &error);
  /* Closing commits the file (it replaces the old one only now). */
  if (error == NULL)
    g_output_stream_close (stream, NULL, &error);
  else
    {
      g_autoptr(GCancellable) cancelled = g_cancellable_new ();

      /* A cancelled close leaves the old file as it was. */
      g_cancellable_cancel (cancelled);
      g_output_stream_close (stream, cancelled, NULL);
    }

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
items_file_opened (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HrmClient *self = g_task_get_source_object (task);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  HrmRequest *request;
  char *path;

  stream = g_file_replace_finish (G_FILE (object), result, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      abandon_file (G_OUTPUT_STREAM (stream));
      return;
    }

  g_task_set_task_data (task, g_object_ref (stream), g_object_unref);
  path = g_object_steal_data (G_OBJECT (task), "hrm-path");
  request = _hrm_request_new ("GET", path, HRM_REQUEST_AUTHORIZED);
  g_free (path);
  _hrm_request_set_sink (request, "text/csv", G_OUTPUT_STREAM (stream));
  _hrm_client_send (self, request, (gpointer) save_items_send, g_task_get_cancellable (task), items_saved,
                    g_object_ref (task));
}

/**
 * hrm_client_save_bulk_job_items_async:
 * GET /api/v1/bulk-jobs/{id}/items with Accept: text/csv, streamed into
 * @file (replaced only when the whole answer arrived).
 */
void
hrm_client_save_bulk_job_items_async (HrmClient           *self,
                                      gint64               id,
                                      GFile               *file,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HRM_IS_CLIENT (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hrm_client_save_bulk_job_items_async);
  g_object_set_data_full (G_OBJECT (task), "hrm-path", bulk_job_path (id, "/items"), g_free);
  /* Not cancellable: see hrm_client_export_users_async(). */
  g_file_replace_async (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, G_PRIORITY_DEFAULT,
                        NULL, items_file_opened, g_object_ref (task));
}

gboolean
hrm_client_save_bulk_job_items_finish (HrmClient     *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hrm_client_save_bulk_job_items_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- CSV export and import --------------------------------------------- */

/* Counts the line ends that pass through it, unchanged: the rows of the
 * export written so far (a quoted line break counts too, which only makes
 * the progress run a little ahead). */
struct _HrmLineCounter
{
  GObject  parent_instance;
  guint64  lines;
  void   (*progress) (guint64 lines, gpointer data);
  gpointer data;
};

#define HRM_TYPE_LINE_COUNTER (hrm_line_counter_get_type ())
G_DECLARE_FINAL_TYPE (HrmLineCounter, hrm_line_counter, HRM, LINE_COUNTER, GObject)

static GConverterResult
hrm_line_counter_convert (GConverter      *converter,
                          const void      *inbuf,
                          gsize            inbuf_size,
                          void            *outbuf,
                          gsize            outbuf_size,
                          GConverterFlags  flags,
                          gsize           *bytes_read,
                          gsize           *bytes_written,
                          GError         **error)
{
  HrmLineCounter *self = HRM_LINE_COUNTER (converter);
  gsize n = MIN (inbuf_size, outbuf_size);
  guint64 before = self->lines;

  if (n == 0 && inbuf_size > 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "No room");
      return G_CONVERTER_ERROR;
    }
  /* Closing flushes with no input at all (inbuf may then be NULL). */
  if (n > 0)
    memcpy (outbuf, inbuf, n);
  for (gsize i = 0; i < n; i++)
    if (((const char *) inbuf)[i] == '\n')
      self->lines++;
  *bytes_read = *bytes_written = n;
  if (self->lines != before && self->progress != NULL)
    self->progress (self->lines, self->data);
  if ((flags & G_CONVERTER_INPUT_AT_END) && n == inbuf_size)
    return G_CONVERTER_FINISHED;
  if ((flags & G_CONVERTER_FLUSH) && n == inbuf_size)
    return G_CONVERTER_FLUSHED;
  return G_CONVERTER_CONVERTED;
}

static void
hrm_line_counter_reset (GConverter *converter)
{
  HRM_LINE_COUNTER (converter)->lines = 0;
}

static void
hrm_line_counter_converter_init (GConverterIface *iface)
{
  iface->convert = hrm_line_counter_convert;
  iface->reset = hrm_line_counter_reset;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (HrmLineCounter, hrm_line_counter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_CONVERTER,
                                                      hrm_line_counter_converter_init))

static void
hrm_line_counter_class_init (HrmLineCounterClass *klass)
{
}

static void
hrm_line_counter_init (HrmLineCounter *self)
{
}

typedef struct
{
  GOutputStream         *file;      /* the file's own stream: closing it commits the file */
  GOutputStream         *counted;   /* what the answer is written to */
  char                  *path;
  HrmExportProgressFunc  progress;
  gpointer               progress_data;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->counted);
  g_clear_object (&data->file);
  g_free (data->path);
  g_free (data);
}

static void
on_export_lines (guint64  lines,
                 gpointer user_data)
{
  ExportData *data = user_data;

  /* The first line is the header. */
  if (data->progress != NULL && lines > 1)
    data->progress (lines - 1, data->progress_data);
}

static void export_send (void);

/* Closes @stream without committing it: the old file stays as it was. */
static void
abandon_file (GOutputStream *stream)
{
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  g_cancellable_cancel (cancelled);
  g_output_stream_close (stream, cancelled, NULL);
}

static void
users_exported (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExportData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  _hrm_client_send_finish (HRM_CLIENT (object), result, (gpointer) export_send, NULL, &error);
  /* Closing the counter flushes it; closing the file commits it (it replaces
   * the old one only now). */
  if (error == NULL)
    g_output_stream_close (data->counted, NULL, &error);
  if (error == NULL)
    g_output_stream_close (data->file, NULL, &error);
  else
    abandon_file (data->file);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_file_opened (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HrmClient *self = g_task_get_source_object (task);
  ExportData *data = g_task_get_task_data (task);
  g_autoptr(HrmLineCounter) counter = g_object_new (HRM_TYPE_LINE_COUNTER, NULL);
  g_autoptr(GError) error = NULL;
  GFileOutputStream *stream;
  HrmRequest *request;

  stream = g_file_replace_finish (G_FILE (object), result, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data->file = G_OUTPUT_STREAM (stream);
  if (g_task_return_error_if_cancelled (task))
    {
      abandon_file (data->file);
      return;
    }

  counter->progress = on_export_lines;
  counter->data = data;
  data->counted = g_converter_output_stream_new (data->file, G_CONVERTER (counter));
  g_filter_output_stream_set_close_base_stream (G_FILTER_OUTPUT_STREAM (data->counted), FALSE);
  request = _hrm_request_new ("GET", data->path, HRM_REQUEST_AUTHORIZED);
  _hrm_request_set_sink (request, "text/csv", data->counted);
  _hrm_client_send (self, request, (gpointer) export_send, g_task_get_cancellable (task),
                    users_exported, g_object_ref (task));
}

/* Only its address is used: the source tag of the export's request. */
static void
export_send (void)
{
}

/**
 * hrm_client_export_users_async:
 * @progress: (nullable): called with the number of rows written so far
 *
 * GET /api/v1/users with Accept: text/csv and the list's filters: every
 * user they let through, streamed into @file, which is replaced only when
 * the whole answer arrived (a cancelled or failed export leaves the old
 * file as it was).
 */
void
hrm_client_export_users_async (HrmClient             *self,
                               const char            *query,
                               HrmConnectionFilter    connection,
                               HrmEnabledFilter       enabled,
                               GFile                 *file,
                               HrmExportProgressFunc  progress,
                               gpointer               progress_data,
                               GCancellable          *cancellable,
                               GAsyncReadyCallback    callback,
                               gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (HRM_IS_CLIENT (self));
  g_return_if_fail (connection <= HRM_CONNECTION_FILTER_LINKED_PRIVATE);
  g_return_if_fail (enabled <= HRM_ENABLED_FILTER_DISABLED);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hrm_client_export_users_async);
  data = g_new0 (ExportData, 1);
  data->path = _hrm_client_users_path (query, connection, enabled, NULL, -1, 0);
  data->progress = progress;
  data->progress_data = progress_data;
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  /* Not cancellable: a stream opened by the time the open is cancelled would
   * be dropped, and dropping a stream commits it (an empty file in place of
   * the old one). The task checks its cancellable once the stream is here. */
  g_file_replace_async (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, G_PRIORITY_DEFAULT,
                        NULL, export_file_opened, g_object_ref (task));
}

gboolean
hrm_client_export_users_finish (HrmClient     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hrm_client_export_users_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* {"action": "set_email", "rows": [...], "dry_run", "then_send_verification"}. */
static JsonNode *
set_email_body (GPtrArray *rows,
                gboolean   then_send_verification,
                gboolean   dry_run)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  hrm_json_builder_add_string (builder, "action", "set_email");
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      const HrmImportRow *row = g_ptr_array_index (rows, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "row");
      json_builder_add_int_value (builder, row->row);
      hrm_json_builder_add_string (builder, "user_id", row->user_id);
      hrm_json_builder_add_string (builder, "email", row->email);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "then_send_verification");
  json_builder_add_boolean_value (builder, then_send_verification);
  json_builder_set_member_name (builder, "dry_run");
  json_builder_add_boolean_value (builder, dry_run);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gpointer
parse_import_preview (JsonObject   *root,
                      SoupMessage  *message,
                      GError      **error)
{
  if (!_hrm_client_require_body (root, error))
    return NULL;
  return hrm_email_import_preview_new_from_json (root, error);
}

/**
 * hrm_client_preview_set_email_async:
 * @rows: (element-type HrmImportRow): the file's rows
 *
 * POST /api/v1/bulk-jobs, action set_email, dry_run: how each row would go.
 */
void
hrm_client_preview_set_email_async (HrmClient           *self,
                                    GPtrArray           *rows,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  HrmRequest *request = _hrm_request_new ("POST", "/api/v1/bulk-jobs", HRM_REQUEST_AUTHORIZED);
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (HRM_IS_CLIENT (self));

  body = set_email_body (rows, FALSE, TRUE);
  _hrm_request_set_json_body (request, body, NULL);
  _hrm_request_set_parser (request, parse_import_preview,
                           (GDestroyNotify) hrm_email_import_preview_free);
  _hrm_client_send (self, request, hrm_client_preview_set_email_async, cancellable, callback,
                    user_data);
}

HrmEmailImportPreview *
hrm_client_preview_set_email_finish (HrmClient     *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return _hrm_client_send_finish (self, result, hrm_client_preview_set_email_async, NULL, error);
}

/**
 * hrm_client_start_set_email_async:
 * POST /api/v1/bulk-jobs, action set_email: a job that sets the rows'
 * addresses (and sends their verification with @then_send_verification).
 * Finish with hrm_client_start_bulk_job_finish().
 */
void
hrm_client_start_set_email_async (HrmClient           *self,
                                  GPtrArray           *rows,
                                  gboolean             then_send_verification,
                                  const char          *idempotency_key,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  HrmRequest *request = _hrm_request_new ("POST", "/api/v1/bulk-jobs", HRM_REQUEST_AUTHORIZED);
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *key = NULL;

  g_return_if_fail (HRM_IS_CLIENT (self));

  /* Always with a key: the 401 retry inside _hrm_client_send() must not make a second job. */
  if (idempotency_key == NULL)
    idempotency_key = key = hrm_client_new_idempotency_key ();
  body = set_email_body (rows, then_send_verification, FALSE);
  _hrm_request_set_json_body (request, body, NULL);
  _hrm_request_set_idempotency_key (request, idempotency_key);
  _hrm_request_set_parser (request, parse_bulk_job, g_object_unref);
  _hrm_client_send (self, request, hrm_client_start_bulk_job_async, cancellable, callback,
                    user_data);
}
