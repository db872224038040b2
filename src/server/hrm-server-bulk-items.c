/* hrm-server-bulk-items.c — GET /api/v1/bulk-jobs/{id}/items: who got what
 *
 * The outcome of every user a job has processed, in the job's order, as
 * pages of JSON ({"items", "next_cursor"}) or, with Accept: text/csv, as one
 * RFC 4180 file (UTF-8, CRLF, a header row) for the results file. The CSV is
 * streamed: a chunk of rows is read when the previous one has been written,
 * so memory stays the same for any number of users.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-server-bulk"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hrm-json.h"
#include "hrm-server-private.h"

#define DEFAULT_LIMIT      50
#define MAX_LIMIT          200
#define CSV_ROWS_PER_CHUNK 200

#define ITEMS_SQL \
  "SELECT i.seq, u.id, u.user_id, u.first_name, u.last_name, i.outcome, i.reason, i.message, i.at" \
  " FROM bulk_job_items i LEFT JOIN users u ON u.id = i.user_pk" \
  " WHERE i.job_id = ?1 AND i.outcome IS NOT NULL AND (?2 IS NULL OR i.outcome = ?2)" \
  " AND i.seq > ?3 ORDER BY i.seq LIMIT ?4"

static HrmStmt *
prepare_items (HrmDb       *db,
               gint64       job_id,
               const char  *outcome,
               gint64       after,
               gint64       limit,
               GError     **error)
{
  HrmStmt *stmt = hrm_db_prepare (db, ITEMS_SQL, error);

  if (stmt == NULL)
    return NULL;
  hrm_stmt_bind_int (stmt, 1, job_id);
  hrm_stmt_bind_text (stmt, 2, outcome);
  hrm_stmt_bind_int (stmt, 3, after);
  hrm_stmt_bind_int (stmt, 4, limit);
  return stmt;
}

static char *
format_time (gint64 seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (seconds);

  return hrm_datetime_to_iso8601 (time);
}

static JsonNode *
item_from_stmt (HrmStmt *stmt)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autofree char *at = format_time (hrm_stmt_get_int (stmt, 8));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "user");
  if (hrm_stmt_is_null (stmt, 1))
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, hrm_stmt_get_int (stmt, 1));
      hrm_json_builder_add_string (builder, "user_id", hrm_stmt_get_text (stmt, 2));
      hrm_json_builder_add_string (builder, "first_name", hrm_stmt_get_text (stmt, 3));
      hrm_json_builder_add_string (builder, "last_name", hrm_stmt_get_text (stmt, 4));
      json_builder_end_object (builder);
    }
  hrm_json_builder_add_string (builder, "outcome", hrm_stmt_get_text (stmt, 5));
  hrm_json_builder_add_string (builder, "reason", hrm_stmt_get_text (stmt, 6));
  hrm_json_builder_add_string (builder, "message", hrm_stmt_get_text (stmt, 7));
  hrm_json_builder_add_string (builder, "at", at);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

typedef struct
{
  HrmServer *server;   /* borrowed: its database may close while a file is written */
  gint64     job_id;
  char      *outcome;
  gint64     after;    /* the last seq written */
  gboolean   done;
} CsvStream;

static void
csv_stream_free (CsvStream *stream)
{
  g_free (stream->outcome);
  g_free (stream);
}

/* Appends the next chunk of rows to the answer, or ends it. */
static void
csv_next_chunk (SoupServerMessage *msg,
                CsvStream         *stream)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(HrmStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  if (stream->done)
    return;

  if (stream->server->db != NULL)
    stmt = prepare_items (stream->server->db, stream->job_id, stream->outcome, stream->after,
                          CSV_ROWS_PER_CHUNK, &error);
  while (stmt != NULL && hrm_stmt_step (stmt, &error))
    {
      g_autofree char *id = hrm_stmt_is_null (stmt, 1) ? NULL
                            : g_strdup_printf ("%" G_GINT64_FORMAT, hrm_stmt_get_int (stmt, 1));
      g_autofree char *at = format_time (hrm_stmt_get_int (stmt, 8));

      stream->after = hrm_stmt_get_int (stmt, 0);
      hrm_http_csv_append_field (csv, id, FALSE);
      for (int column = 2; column <= 7; column++)
        hrm_http_csv_append_field (csv, hrm_stmt_get_text (stmt, column), FALSE);
      hrm_http_csv_append_field (csv, at, TRUE);
    }
  if (error != NULL)
    g_warning ("Cannot read the items of bulk job %" G_GINT64_FORMAT ": %s",
               stream->job_id, error->message);

  if (csv->len > 0 && error == NULL)
    soup_message_body_append (body, SOUP_MEMORY_COPY, csv->str, csv->len);
  else
    {
      /* An error cuts the file short: the missing last chunk tells the client. */
      stream->done = TRUE;
      if (error == NULL)
        soup_message_body_complete (body);
    }
  soup_server_message_unpause (msg);
}

static void
send_csv (HrmRequest *req,
          const char *outcome)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);
  SoupMessageBody *body = soup_server_message_get_response_body (req->msg);
  CsvStream *stream = g_new0 (CsvStream, 1);
  g_autofree char *disposition = g_strdup_printf ("attachment; filename=\"bulk-job-%" G_GINT64_FORMAT
                                                  ".csv\"", req->id);
  static const char header[] = "id,user_id,first_name,last_name,outcome,reason,message,at\r\n";

  stream->server = req->server;
  stream->job_id = req->id;
  stream->outcome = g_strdup (outcome);
  g_object_set_data_full (G_OBJECT (req->msg), "hrm-csv-stream", stream,
                          (GDestroyNotify) csv_stream_free);

  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "text/csv; charset=utf-8; header=present", NULL);
  soup_message_headers_replace (headers, "Content-Disposition", disposition);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  hrm_http_set_no_store (req->msg);
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, header, strlen (header));
  g_signal_connect (req->msg, "wrote-chunk", G_CALLBACK (csv_next_chunk), stream);
}

static gboolean
job_exists (HrmRequest *req)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (req->db, "SELECT 1 FROM bulk_jobs WHERE id = ?", NULL);
  g_autoptr(GError) error = NULL;

  if (stmt != NULL)
    {
      hrm_stmt_bind_int (stmt, 1, req->id);
      if (hrm_stmt_step (stmt, &error))
        return TRUE;
    }
  if (error != NULL || stmt == NULL)
    hrm_http_send_internal_error (req->msg, error);
  else
    hrm_http_send_error (req->msg, SOUP_STATUS_NOT_FOUND, "not_found",
                         _("There is no such bulk job"), NULL);
  return FALSE;
}

static void
handle_items (HrmRequest *req)
{
  const char *outcome = g_hash_table_lookup (req->query, "outcome");
  const char *limit_text = g_hash_table_lookup (req->query, "limit");
  const char *cursor = g_hash_table_lookup (req->query, "cursor");
  g_autoptr(HrmStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gint64 limit = DEFAULT_LIMIT, after = 0;

  if (outcome != NULL && !g_str_equal (outcome, "succeeded") && !g_str_equal (outcome, "skipped")
      && !g_str_equal (outcome, "failed"))
    {
      hrm_http_send_bad_parameter (req->msg, "outcome",
                                   _("The outcome must be succeeded, skipped or failed"));
      return;
    }
  if (limit_text != NULL && !g_ascii_string_to_signed (limit_text, 10, 1, MAX_LIMIT, &limit, NULL))
    {
      hrm_http_send_bad_parameter (req->msg, "limit",
                                   _("The limit must be a whole number from 1 to 200"));
      return;
    }
  /* The cursor is the position after which the page goes on; opaque to clients. */
  if (cursor != NULL && !g_ascii_string_to_signed (cursor, 10, 1, G_MAXINT64, &after, NULL))
    {
      hrm_http_send_bad_parameter (req->msg, "cursor",
                                   _("The cursor is not valid; start from the first page"));
      return;
    }
  if (!job_exists (req))
    return;

  if (hrm_http_accepts_csv (req->msg))
    {
      send_csv (req, outcome);
      return;
    }

  stmt = prepare_items (req->db, req->id, outcome, after, limit + 1, &error);
  if (stmt == NULL)
    goto failed;

  _hrm_request_send_page (req, stmt, limit, item_from_stmt);
  return;

failed:
  hrm_http_send_internal_error (req->msg, error);
}

void
_hrm_server_bulk_items_register (HrmServer *self)
{
  _hrm_server_add_route (self, "GET", "/api/v1/bulk-jobs/{id}/items", HRM_ROUTE_USERS_VIEW,
                         handle_items);
}
