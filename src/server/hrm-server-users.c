/* hrm-server-users.c — GET /api/v1/me, /users and /users/{id}
 *
 * The users list is paginated by keyset: sorted by (last_name, first_name, id)
 * in Swedish alphabetical order (the HRM_SV collation: … Y, Z, Å, Ä, Ö, case
 * and other accents ignored) and continued after the last row of the previous
 * page, so a page never repeats or skips a user when rows are added meanwhile,
 * and stays fast deep into 100 000 users (the index users_by_name serves both the order and the
 * cursor). The cursor is opaque to clients: base64url of
 * ["last name", "first name", id]. offset=N jumps to position N (a list view's
 * scrollbar dragged far): the key of the user before it is found by walking
 * the index alone, and the page continues from there as from a cursor.
 *
 * q= is answered from full-text indexes over a folded search text (see
 * SearchKind), never by reading every user. The indexes' rowids are
 * users.name_rank (schema 17, hrm-db-schema.c), which follows the list's order, so
 * a search alone reads its matches in order and stops after the page
 * (ListQuery.by_rank), however deep in the list they lie. Combined with
 * other filters, when a search of three characters or more matches many
 * users (berg: a fifth of them), its page walks the list's order in an
 * index that holds the search text and tests each user's, until the page
 * is full, rather than collect every match first (see CHECK_TEXT_RATIO).
 *
 * The total is counted once per query and state of the database: without a
 * search or expiry it is a sum over user_counts (schema 8); otherwise it is
 * remembered (HrmServer.list_totals) until any row of the database changes
 * (hrm_db_generation), so the next pages, and the same search typed again,
 * do not count again. The cursor carries no total: it stays a plain key
 * that a client cannot use to make the server report a wrong one.
 *
 * connection=expired lists the pending users whose link has run out at the
 * time of the request, connection=pending those whose link still works (the
 * time is bound, so one request sees one moment). Like a search: few matches
 * are found through the index users_pending_expiry and sorted; with many the
 * list's order is walked among pending users (users_by_state) and each is
 * checked, which fills a page soon when matches are that common.
 *
 * email=present lists the users with a saved, non-empty email, email=absent
 * the others (the summary's not_linked_with_email and _without_email are
 * connection=not_linked&email=…&enabled=true). With a connection state the
 * index users_by_state_email (schema 10) serves the filter, its count and
 * the list's order; see HAS_EMAIL.
 *
 * leaving=true lists the leavers whose link is to be removed: linked or
 * pending with an end of employment (connection.removal_scheduled_on is
 * set; hrm-server-leavers.c). user_employment holds only users with an end
 * date, so SQLite looks them up from there.
 *
 * email_warning=linked_private lists the linked users whose linked address
 * is a free-mail provider's (the warning linked_private of the user object):
 * the linked users are walked in the list's order (users_by_state) and each
 * conn_email is tested by the SQL function hrm_private_email() (hrm-db.c),
 * the core's own rule, so the filter and the warning always agree.
 *
 * With Accept: text/csv the list is the export: every user the filters let
 * through (limit, cursor and offset do not apply), as one RFC 4180 file
 * (UTF-8, CRLF, a header row, fields that look like formulas guarded; see
 * hrm_http_csv_append_field()). It is streamed in chunks of CSV_ROWS_PER_CHUNK
 * users, each read by the list's own keyset query from after the last user
 * of the chunk before, when that chunk has been written to the socket
 * ("wrote-chunk"): memory stays the same for any number of users, a client
 * that stops reading stops the reading of the database (until the
 * transport's I/O timeout closes the connection), and no statement or read
 * transaction is held open between chunks while the client takes its time.
 *
 * The query's parameters and its SQL are in hrm-server-users-query.c.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-server-users"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hrm-collate.h"
#include "hrm-cursor.h"
#include "hrm-error.h"
#include "hrm-json.h"
#include "hrm-server-private.h"
#include "hrm-server-users-query.h"

/* At most this many totals are remembered; past that they are forgotten
 * together (a new generation of the database forgets them too). */
#define LIST_TOTALS_MAX 1024

/* Users read and written per chunk of the CSV export. */
#define CSV_ROWS_PER_CHUNK 200

/* The CSV export's header row (docs/openapi.json, UsersCsv). */
#define CSV_HEADER \
  "user_id,first_name,last_name,email,enabled,connection_state,linked_email,verified_at," \
  "sent_at,expires_at,employment_end_date\r\n"

/* {"user": …, "may_manage_users": …}, the user written straight out as the
 * list writes its users (hrm_server_user_append_json). */
static void
handle_me (HrmRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmServerUser) user = hrm_server_user_load (req->db, req->caller_pk, &error);
  GString *out;

  if (user == NULL)
    {
      hrm_http_send_gerror (req->msg, error);
      return;
    }

  out = g_string_sized_new (1024);
  g_string_append (out, "{\"user\":");
  hrm_server_user_append_json (out, user, hrm_db_now ());
  g_string_append (out, req->may_manage_users ? ",\"may_manage_users\":true}"
                                              : ",\"may_manage_users\":false}");
  hrm_http_send_json_text (req->msg, SOUP_STATUS_OK, g_string_free (out, FALSE));
}

/* Runs a statement that answers one number. */
static gboolean
query_int (HrmRequest  *req,
           const char  *sql,
           ListQuery   *lq,
           gint64      *result,
           GError     **error)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (req->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  _hrm_users_query_bind (stmt, lq);
  *result = 0;
  if (hrm_stmt_step (stmt, error))
    *result = hrm_stmt_get_int (stmt, 0);

  return error == NULL || *error == NULL;
}

/* What identifies a total among the remembered ones: the count's SQL and
 * every value bound to it, each text after its length so that no two
 * queries give the same key. The expiry filters depend on the clock and are
 * never remembered. */
static char *
total_key (ListQuery  *lq,
           const char *sql)
{
  const char *q = lq->q ? lq->q : "";
  const char *state = lq->state ? lq->state : "";

  return g_strdup_printf ("%s\n%zu:%s %zu:%s %d %d", sql, strlen (q), q,
                          strlen (state), state, lq->enabled, lq->email);
}

static gboolean
count_users (HrmRequest  *req,
             ListQuery   *lq,
             gint64      *total,
             GError     **error)
{
  HrmServer *server = req->server;
  g_autofree char *sql = _hrm_users_query_count_sql (lq);
  g_autofree char *key = NULL;
  guint64 generation;
  gboolean cacheable;
  gint64 *known;

  /* user_counts answers in microseconds already; a search or a scan is
   * what is worth remembering. */
  cacheable = lq->search != SEARCH_NONE && lq->expiry == EXPIRY_ANY
              && hrm_db_generation (req->db, &generation);
  if (cacheable)
    {
      if (generation != server->list_totals_generation
          || g_hash_table_size (server->list_totals) >= LIST_TOTALS_MAX)
        {
          g_hash_table_remove_all (server->list_totals);
          server->list_totals_generation = generation;
        }
      key = total_key (lq, sql);
      known = g_hash_table_lookup (server->list_totals, key);
      if (known != NULL)
        {
          *total = *known;
          return TRUE;
        }
    }

  if (!query_int (req, sql, lq, total, error))
    return FALSE;

  if (cacheable)
    g_hash_table_insert (server->list_totals, g_steal_pointer (&key),
                         g_memdup2 (total, sizeof *total));
  return TRUE;
}

/* Whether a search's page should walk the list and test each user's search
 * text (matches common enough, see CHECK_TEXT_RATIO) rather than sort the
 * matches or check each user against the set of all matches. */
static gboolean
decide_check_text (HrmRequest  *req,
                   ListQuery   *lq,
                   gint64       total,
                   GError     **error)
{
  ListQuery all = { .enabled = -1, .email = -1 };
  g_autofree char *sql = NULL;
  gint64 users = 0;

  if (lq->search != SEARCH_TRIGRAMS)
    return TRUE;

  sql = _hrm_users_query_count_sql (&all);
  if (!query_int (req, sql, &all, &users, error))
    return FALSE;
  lq->check_text = total * CHECK_TEXT_RATIO >= users;
  lq->dense |= lq->check_text;
  return TRUE;
}

/* Turns offset= into a cursor: the key of the user before that position.
 * FALSE with no error when there is no such user (the page is empty). */
static gboolean
seek_offset (HrmRequest  *req,
             ListQuery   *lq,
             GError     **error)
{
  g_autofree char *sql = _hrm_users_query_key_at_offset_sql (lq);
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (req->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  _hrm_users_query_bind (stmt, lq);
  if (!hrm_stmt_step (stmt, error))
    return FALSE;

  lq->has_cursor = TRUE;
  lq->cursor_last = hrm_stmt_dup_text (stmt, 0);
  lq->cursor_first = hrm_stmt_dup_text (stmt, 1);
  lq->cursor_id = hrm_stmt_get_int (stmt, 2);
  return TRUE;
}

/* The page as JSON, written straight out (hrm_server_user_append_json):
 * a UserPage of docs/openapi.json. The cursor is base64url, which needs no
 * escaping. */
static void
send_page (HrmRequest *req,
           GPtrArray  *users,
           const char *next_cursor,
           gint64      total,
           gint64      now)
{
  GString *out = g_string_sized_new (64 + 640 * users->len);

  g_string_append (out, "{\"items\":[");
  for (guint i = 0; i < users->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      hrm_server_user_append_json (out, g_ptr_array_index (users, i), now);
    }
  if (next_cursor != NULL)
    g_string_append_printf (out, "],\"next_cursor\":\"%s\"", next_cursor);
  else
    g_string_append (out, "],\"next_cursor\":null");
  g_string_append_printf (out, ",\"total\":%" G_GINT64_FORMAT "}", total);

  hrm_http_send_json_text (req->msg, SOUP_STATUS_OK, g_string_free (out, FALSE));
}

/* The CSV export, as it goes: the filters of the request and the key of the
 * last user written, from which the next chunk continues. */
typedef struct
{
  HrmServer *server;  /* borrowed: its database may close while a file is written */
  ListQuery  lq;
  gboolean   done;
} CsvExport;

static void
csv_export_free (CsvExport *export)
{
  _hrm_users_query_clear (&export->lq);
  g_free (export);
}

static char *
csv_time (gint64 seconds)
{
  g_autoptr(GDateTime) time = seconds ? g_date_time_new_from_unix_utc (seconds) : NULL;

  return time ? hrm_datetime_to_iso8601 (time) : NULL;
}

/* One user as a row of the export, in the order of CSV_HEADER. */
static void
csv_append_user (GString             *csv,
                 const HrmServerUser *user)
{
  g_autofree char *verified_at = csv_time (user->verified_at);
  g_autofree char *sent_at = csv_time (user->sent_at);
  g_autofree char *expires_at = csv_time (user->expires_at);

  hrm_http_csv_append_field (csv, user->user_id, FALSE);
  hrm_http_csv_append_field (csv, user->first_name, FALSE);
  hrm_http_csv_append_field (csv, user->last_name, FALSE);
  hrm_http_csv_append_field (csv, user->email, FALSE);
  hrm_http_csv_append_field (csv, user->enabled ? "true" : "false", FALSE);
  hrm_http_csv_append_field (csv, user->conn_state, FALSE);
  hrm_http_csv_append_field (csv, user->conn_email, FALSE);
  hrm_http_csv_append_field (csv, verified_at, FALSE);
  hrm_http_csv_append_field (csv, sent_at, FALSE);
  hrm_http_csv_append_field (csv, expires_at, FALSE);
  hrm_http_csv_append_field (csv, user->employment_end_date, TRUE);
}

/* Reads the next chunk of users after the last one written and appends it
 * to the answer, or ends the answer. An error cuts the file short: the
 * missing last chunk tells the client. */
static void
csv_next_chunk (SoupServerMessage *msg,
                CsvExport         *export)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(HrmStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 rows = 0;

  if (export->done)
    return;

  export->lq.limit = CSV_ROWS_PER_CHUNK - 1;  /* _hrm_users_query_bind asks for one more */
  if (export->server->db != NULL)
    {
      sql = _hrm_users_query_page_sql (&export->lq);
      stmt = hrm_db_prepare (export->server->db, sql, &error);
    }
  if (stmt != NULL)
    _hrm_users_query_bind (stmt, &export->lq);
  while (stmt != NULL && hrm_stmt_step (stmt, &error))
    {
      g_autoptr(HrmServerUser) user = hrm_server_user_from_stmt (stmt);

      csv_append_user (csv, user);
      rows++;
      g_free (export->lq.cursor_last);
      g_free (export->lq.cursor_first);
      export->lq.cursor_last = g_strdup (user->last_name);
      export->lq.cursor_first = g_strdup (user->first_name);
      export->lq.cursor_id = user->id;
      export->lq.has_cursor = TRUE;
    }
  if (error != NULL || export->server->db == NULL)
    g_warning ("Cannot export the users: %s", error ? error->message : "the database is closed");

  if (rows > 0 && error == NULL)
    soup_message_body_append (body, SOUP_MEMORY_COPY, csv->str, csv->len);
  else
    {
      export->done = TRUE;
      if (error == NULL && export->server->db != NULL)
        soup_message_body_complete (body);
    }
  soup_server_message_unpause (msg);
}

/* Starts the CSV export of the users @lq lets through. X-Total-Count says
 * how many rows will follow, for a client's progress. */
static void
send_csv (HrmRequest *req,
          ListQuery  *lq,
          gint64      total)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);
  SoupMessageBody *body = soup_server_message_get_response_body (req->msg);
  CsvExport *export = g_new0 (CsvExport, 1);
  g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, total);

  export->server = req->server;
  export->lq = *lq;
  memset (lq, 0, sizeof *lq);  /* the export owns its strings now */
  export->lq.offset = -1;
  g_object_set_data_full (G_OBJECT (req->msg), "hrm-csv-export", export,
                          (GDestroyNotify) csv_export_free);

  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "text/csv; charset=utf-8; header=present", NULL);
  soup_message_headers_replace (headers, "Content-Disposition", "attachment; filename=\"users.csv\"");
  soup_message_headers_replace (headers, "X-Total-Count", count);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  hrm_http_set_no_store (req->msg);
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, CSV_HEADER, strlen (CSV_HEADER));
  g_signal_connect (req->msg, "wrote-chunk", G_CALLBACK (csv_next_chunk), export);
}

static void
handle_list (HrmRequest *req)
{
  g_auto(ListQuery) lq = { 0 };
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) hrm_server_user_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *next_cursor = NULL;
  gboolean past_end = FALSE;
  gboolean csv = hrm_http_accepts_csv (req->msg);
  gint64 total = 0;

  if (!csv && !hrm_http_accepts_json (req->msg))
    {
      hrm_http_send_error (req->msg, SOUP_STATUS_NOT_ACCEPTABLE, "not_acceptable",
                           _("The users list is available as application/json or text/csv"),
                           NULL);
      return;
    }

  if (!_hrm_users_query_parse (req, &lq))
    return;

  if (!count_users (req, &lq, &total, &error))
    goto failed;
  lq.by_rank = _hrm_users_query_can_use_rank (&lq);
  lq.dense = total > SORT_MATCHES_MAX;
  if (!lq.by_rank && !decide_check_text (req, &lq, total, &error))
    goto failed;

  if (csv)
    {
      /* The whole list: from the start, whatever page was asked for. */
      g_clear_pointer (&lq.cursor_last, g_free);
      g_clear_pointer (&lq.cursor_first, g_free);
      lq.has_cursor = FALSE;
      send_csv (req, &lq, total);
      return;
    }

  if (lq.offset > 0)
    {
      past_end = lq.offset >= total || !seek_offset (req, &lq, &error);
      if (error != NULL)
        goto failed;
    }

  if (!past_end)
    {
      g_autoptr(HrmStmt) stmt = NULL;

      sql = _hrm_users_query_page_sql (&lq);
      stmt = hrm_db_prepare (req->db, sql, &error);
      if (stmt == NULL)
        goto failed;
      _hrm_users_query_bind (stmt, &lq);
      while (hrm_stmt_step (stmt, &error))
        g_ptr_array_add (users, hrm_server_user_from_stmt (stmt));
      if (error != NULL)
        goto failed;
    }

  if (users->len > lq.limit)
    {
      const HrmServerUser *last;

      g_ptr_array_set_size (users, lq.limit);
      last = g_ptr_array_index (users, users->len - 1);
      next_cursor = hrm_cursor_encode (last->last_name, last->first_name, last->id);
    }

  send_page (req, users, next_cursor, total, lq.now);
  return;

failed:
  hrm_http_send_internal_error (req->msg, error);
}

static void
handle_get (HrmRequest *req)
{
  g_autoptr(HrmServerUser) user = _hrm_request_load_user (req);

  if (user != NULL)
    _hrm_request_send_user (req, user);
}

void
_hrm_server_users_register (HrmServer *self)
{
  /* They only read: one read transaction for the token check and the
   * handler's statements. The CSV export reads its later chunks after the
   * handler, each outside it. */
  _hrm_server_add_read_route (self, "GET", "/api/v1/me", HRM_ROUTE_SIGNED_IN, handle_me);
  _hrm_server_add_read_route (self, "GET", "/api/v1/users", HRM_ROUTE_USERS_VIEW, handle_list);
  _hrm_server_add_read_route (self, "GET", "/api/v1/users/{id}", HRM_ROUTE_USERS_VIEW,
                              handle_get);
}
