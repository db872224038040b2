/* hrm-server-users-query.c — the users list's query: its parameters (q=,
 * connection=, enabled=, email=, leaving=, email_warning=, limit=, cursor=,
 * offset=) checked into a ListQuery, and the SQL that answers it: the page,
 * the count and the key at an offset. How each filter is looked up is told
 * at the top of hrm-server-users.c.
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
#include "hrm-server-users-query.h"

/* The order of the list, as the indexes users_by_name and users_by_state have it. */
#define SORT_KEY "last_name COLLATE " HRM_COLLATE_SV ", first_name COLLATE " HRM_COLLATE_SV ", id"
/* Rows after the cursor in that order. The collation goes on the right-hand
 * side: SQLite then compares with it and seeks the index to the cursor, while
 * a COLLATE on the columns themselves would make it scan from the start. */
#define AFTER_CURSOR \
  "(last_name, first_name, id)" \
  " > (:last COLLATE " HRM_COLLATE_SV ", :first COLLATE " HRM_COLLATE_SV ", :id)"

/* Whether a user has a saved email: the expression of the index
 * users_by_state_email and of user_counts.has_email (hrm-db-schema.c), written the
 * same way so that SQLite matches the index to it. */
#define HAS_EMAIL "(coalesce (email, '') <> '')"

#define DEFAULT_LIMIT 50
#define MAX_LIMIT     200

void
_hrm_users_query_clear (ListQuery *lq)
{
  g_free (lq->q);
  g_free (lq->match);
  g_free (lq->state);
  g_free (lq->cursor_last);
  g_free (lq->cursor_first);
}

static gboolean
decode_cursor (const char *text,
               ListQuery  *lq)
{
  if (!hrm_cursor_decode (text, &lq->cursor_last, &lq->cursor_first, &lq->cursor_id))
    return FALSE;

  lq->has_cursor = TRUE;
  return TRUE;
}

/* The full-text query for the folded @q: the whole text as one phrase (its
 * quotes doubled), so nothing in it is query syntax; a prefix for words. */
static char *
match_expression (const char *q,
                  SearchKind  search)
{
  g_autoptr(GString) match = g_string_new ("\"");

  for (const char *p = q; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (match, '"');
      g_string_append_c (match, *p);
    }
  g_string_append (match, search == SEARCH_WORDS ? "\" *" : "\"");

  return g_string_free (g_steal_pointer (&match), FALSE);
}

static gboolean
has_alnum (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* Reads q, connection, enabled, limit, cursor and offset; sends 400 on a bad one. */
/* The folded search text and the way to look it up, from the raw q=. */
static void
list_query_set_q (ListQuery  *lq,
                  const char *q)
{
  g_autofree char *stripped = g_strstrip (g_strdup (q));

  if (stripped[0] != '\0')
    lq->q = hrm_server_search_fold (stripped);
  if (lq->q != NULL && lq->q[0] != '\0')
    {
      lq->search = g_utf8_strlen (lq->q, -1) >= 3 ? SEARCH_TRIGRAMS
                   : has_alnum (lq->q) ? SEARCH_WORDS : SEARCH_SCAN;
      lq->match = match_expression (lq->q, lq->search);
    }
}

/* email=: FALSE for a value the list does not know. */
static gboolean
list_query_set_email (ListQuery  *lq,
                      const char *email)
{
  if (g_str_equal (email, "present"))
    lq->email = 1;
  else if (g_str_equal (email, "absent"))
    lq->email = 0;
  else
    return FALSE;
  return TRUE;
}

/* email_warning=: FALSE for a value the list does not know. Only
 * linked_private is a filter: the other warnings are about the saved
 * address, which the user page shows. */
static gboolean
list_query_set_email_warning (ListQuery  *lq,
                              const char *warning)
{
  if (!g_str_equal (warning, "linked_private"))
    return FALSE;
  lq->linked_private = TRUE;
  return TRUE;
}

/* connection=: FALSE for a value the list does not know. */
static gboolean
list_query_set_connection (ListQuery  *lq,
                           const char *connection)
{
  if (g_str_equal (connection, "pending"))
    lq->expiry = EXPIRY_UNEXPIRED;
  else if (g_str_equal (connection, "expired"))
    lq->expiry = EXPIRY_EXPIRED;
  else if (g_str_equal (connection, "not_linked") || g_str_equal (connection, "linked"))
    lq->state = g_strdup (connection);
  else
    return FALSE;
  return TRUE;
}

gboolean
_hrm_users_query_parse (HrmRequest *req,
                        ListQuery  *lq)
{
  const char *q = g_hash_table_lookup (req->query, "q");
  const char *connection = g_hash_table_lookup (req->query, "connection");
  const char *enabled = g_hash_table_lookup (req->query, "enabled");
  const char *email = g_hash_table_lookup (req->query, "email");
  const char *email_warning = g_hash_table_lookup (req->query, "email_warning");
  const char *limit = g_hash_table_lookup (req->query, "limit");
  const char *cursor = g_hash_table_lookup (req->query, "cursor");
  const char *offset = g_hash_table_lookup (req->query, "offset");
  const char *leaving = g_hash_table_lookup (req->query, "leaving");

  lq->enabled = -1;
  lq->email = -1;
  lq->limit = DEFAULT_LIMIT;
  lq->offset = -1;
  lq->now = hrm_db_now ();

  if (q != NULL)
    {
      if (!g_utf8_validate (q, -1, NULL) || strlen (q) > 1000)
        {
          hrm_http_send_bad_parameter (req->msg, "q", _("The search text is not valid"));
          return FALSE;
        }
      list_query_set_q (lq, q);
    }

  if (connection != NULL && connection[0] != '\0')
    {
      if (!list_query_set_connection (lq, connection))
        {
          hrm_http_send_bad_parameter (req->msg, "connection",
                                       _("The connection filter must be not_linked, pending, expired or linked"));
          return FALSE;
        }
    }

  if (enabled != NULL && enabled[0] != '\0')
    {
      if (g_str_equal (enabled, "true"))
        lq->enabled = 1;
      else if (g_str_equal (enabled, "false"))
        lq->enabled = 0;
      else
        {
          hrm_http_send_bad_parameter (req->msg, "enabled",
                                       _("The enabled filter must be true or false"));
          return FALSE;
        }
    }

  if (email != NULL && email[0] != '\0' && !list_query_set_email (lq, email))
    {
      hrm_http_send_bad_parameter (req->msg, "email",
                                   _("The email filter must be present or absent"));
      return FALSE;
    }

  if (leaving != NULL && leaving[0] != '\0')
    {
      if (g_str_equal (leaving, "true"))
        lq->leaving = TRUE;
      else if (!g_str_equal (leaving, "false"))
        {
          hrm_http_send_bad_parameter (req->msg, "leaving",
                                       _("The leaving filter must be true or false"));
          return FALSE;
        }
    }

  if (email_warning != NULL && email_warning[0] != '\0'
      && !list_query_set_email_warning (lq, email_warning))
    {
      hrm_http_send_bad_parameter (req->msg, "email_warning",
                                   _("The email warning filter must be linked_private"));
      return FALSE;
    }

  if (limit != NULL
      && !g_ascii_string_to_signed (limit, 10, 1, MAX_LIMIT, &lq->limit, NULL))
    {
      g_autofree char *message =
        g_strdup_printf (_("The limit must be a whole number from 1 to %d"), MAX_LIMIT);

      hrm_http_send_bad_parameter (req->msg, "limit", message);
      return FALSE;
    }

  if (cursor != NULL && offset != NULL)
    {
      hrm_http_send_bad_parameter (req->msg, "offset",
                                   _("Give either a cursor or an offset, not both"));
      return FALSE;
    }

  if (offset != NULL
      && !g_ascii_string_to_signed (offset, 10, 0, G_MAXINT32, &lq->offset, NULL))
    {
      hrm_http_send_bad_parameter (req->msg, "offset",
                                   _("The offset must be a whole number, 0 or more"));
      return FALSE;
    }

  if (cursor != NULL && !decode_cursor (cursor, lq))
    {
      hrm_http_send_bad_parameter (req->msg, "cursor",
                                   _("The cursor is not valid; start from the first page"));
      return FALSE;
    }

  return TRUE;
}

static const char *
search_table (ListQuery *lq)
{
  return lq->search == SEARCH_WORDS ? "users_words" : "users_search";
}

/* Where no filter has an index of its own, the list's order is walked in
 * users_by_name, the narrowest index that has it: SQLite would as soon take
 * users_by_name_search (schema 11), which also holds the search text and is
 * several times larger to walk. */
static const char *
by_name (ListQuery *lq)
{
  return lq->state == NULL && lq->expiry == EXPIRY_ANY && lq->email < 0 && !lq->leaving
         && !lq->linked_private
         ? " INDEXED BY users_by_name" : "";
}

/* FROM and WHERE of the list with the filters of @lq (and its cursor when
 * @with_cursor). With a search and few matches, the full-text index drives:
 * its rows are looked up in users by id and sorted. With many, users are
 * read in the list's order (an index) and each is checked against the set of
 * matches, which SQLite builds once. */
static void
append_from_where (GString   *sql,
                   ListQuery *lq,
                   gboolean   with_cursor)
{
  const char *fts = search_table (lq);

  if (lq->by_rank)
    {
      /* The index's matches in its rowids' order, which is the list's
       * (name_rank): LIMIT stops FTS5 after the page, however deep in the
       * list the matches lie. The cursor stays a key; the rank it starts
       * after is that of the last user at or before the key, so a cursor
       * of a user since renamed or deleted, or a forged one, starts where
       * that key would be in the list. */
      g_string_append_printf (sql, " FROM %s CROSS JOIN users ON users.name_rank = %s.rowid"
                              " WHERE %s MATCH :match", fts, fts, fts);
      if (with_cursor && lq->has_cursor)
        g_string_append_printf (sql, " AND %s.rowid > coalesce ((SELECT c.name_rank"
                                " FROM users AS c INDEXED BY users_by_name"
                                " WHERE (c.last_name, c.first_name, c.id)"
                                " <= (:last COLLATE " HRM_COLLATE_SV ", :first COLLATE "
                                HRM_COLLATE_SV ", :id) ORDER BY c.last_name COLLATE "
                                HRM_COLLATE_SV " DESC, c.first_name COLLATE " HRM_COLLATE_SV
                                " DESC, c.id DESC LIMIT 1), %" G_GINT64_FORMAT ")",
                                fts, G_MININT64 + 1);
      return;
    }

  if (lq->search == SEARCH_NONE && lq->expiry != EXPIRY_ANY && !lq->dense)
    g_string_append (sql, " FROM users INDEXED BY users_pending_expiry WHERE 1");
  else if (lq->search == SEARCH_NONE)
    g_string_append_printf (sql, " FROM users%s WHERE 1", by_name (lq));
  else if (lq->check_text && lq->state == NULL && lq->expiry == EXPIRY_ANY && lq->email < 0)
    /* The index has the order and the search text: the walk reads it alone
     * and looks up only the users it keeps (SQLite would rather walk
     * users_by_name and read every user's row). */
    g_string_append (sql, " FROM users INDEXED BY users_by_name_search"
                     " WHERE instr (search_text, :q) > 0");
  else if (lq->search == SEARCH_SCAN || lq->check_text)
    g_string_append (sql, " FROM users WHERE instr (search_text, :q) > 0");
  else if (!lq->dense)
    g_string_append_printf (sql, " FROM %s CROSS JOIN users ON users.name_rank = %s.rowid"
                            " WHERE %s MATCH :match", fts, fts, fts);
  else
    g_string_append_printf (sql, " FROM users%s WHERE +name_rank IN (SELECT rowid FROM %s"
                            " WHERE %s MATCH :match)", by_name (lq), fts, fts);

  if (lq->state != NULL)
    g_string_append (sql, " AND conn_state = :state");
  /* The literal 'pending' lets SQLite use the partial index; the unary +
   * keeps it from that index where another one drives. */
  if (lq->expiry != EXPIRY_ANY)
    g_string_append_printf (sql, " AND conn_state = 'pending' AND %sexpires_at %s :now",
                            lq->search == SEARCH_NONE && !lq->dense ? "" : "+",
                            lq->expiry == EXPIRY_EXPIRED ? "<=" : ">");
  if (lq->enabled >= 0)
    g_string_append (sql, " AND enabled = :enabled");
  if (lq->email >= 0)
    g_string_append (sql, " AND " HAS_EMAIL " = :email");
  /* HRM_SERVER_USER_REMOVAL_DATE IS NOT NULL, written so that SQLite
   * starts from the few users with an end date. */
  if (lq->leaving)
    g_string_append (sql, " AND users.id IN (SELECT user_pk FROM user_employment)"
                     " AND conn_state IN ('linked', 'pending')");
  /* The literal 'linked' lets SQLite walk users_by_state. */
  if (lq->linked_private)
    g_string_append (sql, " AND conn_state = 'linked' AND hrm_private_email (conn_email)");
  if (with_cursor && lq->has_cursor)
    g_string_append (sql, " AND " AFTER_CURSOR);
}

/* How many users the filters of @lq let through (no cursor). */
char *
_hrm_users_query_count_sql (ListQuery *lq)
{
  GString *sql;
  const char *fts = search_table (lq);

  /* Only the index is read when nothing else filters. */
  if ((lq->search == SEARCH_TRIGRAMS || lq->search == SEARCH_WORDS)
      && lq->state == NULL && lq->expiry == EXPIRY_ANY && lq->enabled < 0 && lq->email < 0
      && !lq->leaving && !lq->linked_private)
    return g_strdup_printf ("SELECT count(*) FROM %s WHERE %s MATCH :match", fts, fts);

  /* Without a search or an expiry: the counts the summary reads
   * (user_counts, kept by triggers), so the two always agree and a count
   * reads a dozen rows, not an index range of users (at a million users,
   * count(*) over users_by_name took 25 ms of a 27 ms first page). SQLite
   * 3.40 does not take an index on an expression as covering. */
  if (lq->search == SEARCH_NONE && lq->expiry == EXPIRY_ANY && !lq->leaving && !lq->linked_private)
    {
      sql = g_string_new ("SELECT coalesce (sum (n), 0) FROM user_counts WHERE 1");
      if (lq->email >= 0)
        g_string_append (sql, " AND has_email = :email");
      if (lq->state != NULL)
        g_string_append (sql, " AND conn_state = :state");
      if (lq->enabled >= 0)
        g_string_append (sql, " AND enabled = :enabled");
      return g_string_free (sql, FALSE);
    }

  sql = g_string_new ("SELECT count(*)");
  if (lq->search == SEARCH_NONE || lq->search == SEARCH_SCAN)
    append_from_where (sql, lq, FALSE);
  else
    {
      ListQuery sparse = *lq;

      sparse.dense = FALSE;
      append_from_where (sql, &sparse, FALSE);
    }
  return g_string_free (sql, FALSE);
}

static void
bind_named (HrmStmt    *stmt,
            const char *name,
            const char *text,
            gint64      value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index == 0)
    return;
  if (text != NULL)
    hrm_stmt_bind_text (stmt, index, text);
  else
    hrm_stmt_bind_int (stmt, index, value);
}

void
_hrm_users_query_bind (HrmStmt   *stmt,
                       ListQuery *lq)
{
  bind_named (stmt, ":q", lq->q, 0);
  bind_named (stmt, ":match", lq->match, 0);
  bind_named (stmt, ":state", lq->state, 0);
  bind_named (stmt, ":enabled", NULL, lq->enabled);
  bind_named (stmt, ":email", NULL, lq->email);
  bind_named (stmt, ":now", NULL, lq->now);
  bind_named (stmt, ":last", lq->cursor_last, 0);
  bind_named (stmt, ":first", lq->cursor_first, 0);
  bind_named (stmt, ":id", NULL, lq->cursor_id);
  bind_named (stmt, ":limit", NULL, lq->limit + 1);
  bind_named (stmt, ":skip", NULL, lq->offset - 1);
}

/* The list's order: the sort key, or the search index's rowid (name_rank). */
static void
append_order_by (GString   *sql,
                 ListQuery *lq)
{
  if (lq->by_rank)
    g_string_append_printf (sql, " ORDER BY %s.rowid", search_table (lq));
  else
    g_string_append (sql, " ORDER BY " SORT_KEY);
}

/* Whether a page can read the search index in its rowids' order: a search
 * that the full-text indexes answer, with no other filter. */
gboolean
_hrm_users_query_can_use_rank (ListQuery *lq)
{
  return (lq->search == SEARCH_TRIGRAMS || lq->search == SEARCH_WORDS)
         && lq->state == NULL && lq->expiry == EXPIRY_ANY && lq->enabled < 0 && lq->email < 0
         && !lq->leaving && !lq->linked_private;
}

/* The SQL of one page of the list with the filters of @lq. */
char *
_hrm_users_query_page_sql (ListQuery *lq)
{
  GString *sql = g_string_new ("SELECT " HRM_SERVER_USER_COLUMNS);

  append_from_where (sql, lq, TRUE);
  append_order_by (sql, lq);
  g_string_append (sql, " LIMIT :limit");

  return g_string_free (sql, FALSE);
}

/* The sort key of the user just before position @offset (> 0), from which a
 * page at that offset continues as from a cursor. Without a search or an
 * enabled filter it reads only the index users_by_name (or users_by_state). */
char *
_hrm_users_query_key_at_offset_sql (ListQuery *lq)
{
  GString *sql = g_string_new ("SELECT last_name, first_name, id");

  append_from_where (sql, lq, FALSE);
  append_order_by (sql, lq);
  g_string_append (sql, " LIMIT 1 OFFSET :skip");

  return g_string_free (sql, FALSE);
}

/**
 * _hrm_server_users_page_sql:
 * The SQL of a page of the users list with these filters, for tests that ask
 * SQLite how it runs it (EXPLAIN QUERY PLAN). @search is 0 for none, 1 for a
 * search of three characters or more, 2 for a shorter one; @dense for the plan
 * used when there are many matches.
 */
char *
_hrm_server_users_page_sql (int      search,
                            gboolean dense,
                            gboolean with_state,
                            gboolean with_enabled,
                            gboolean with_cursor)
{
  ListQuery lq = {
    .search = search == 1 ? SEARCH_TRIGRAMS : search == 2 ? SEARCH_WORDS : SEARCH_NONE,
    .dense = dense,
    .check_text = dense && search == 1,
    .state = with_state ? (char *) "linked" : NULL,
    .enabled = with_enabled ? 1 : -1,
    .email = -1,
    .has_cursor = with_cursor,
  };

  return _hrm_users_query_page_sql (&lq);
}

/**
 * _hrm_server_users_rank_page_sql:
 * The SQL of a page of a search alone (@search as above), read from the
 * search index in the order of its rowids (name_rank), for tests.
 */
char *
_hrm_server_users_rank_page_sql (int      search,
                                 gboolean with_cursor)
{
  ListQuery lq = {
    .search = search == 1 ? SEARCH_TRIGRAMS : SEARCH_WORDS,
    .enabled = -1,
    .email = -1,
    .has_cursor = with_cursor,
  };

  lq.by_rank = _hrm_users_query_can_use_rank (&lq);
  return _hrm_users_query_page_sql (&lq);
}

/**
 * _hrm_server_users_count_sql:
 * The SQL that counts the users list's total for these filters, for tests.
 */
char *
_hrm_server_users_count_sql (int      search,
                             gboolean with_state,
                             gboolean with_enabled)
{
  ListQuery lq = {
    .search = search == 1 ? SEARCH_TRIGRAMS : search == 2 ? SEARCH_WORDS : SEARCH_NONE,
    .state = with_state ? (char *) "linked" : NULL,
    .enabled = with_enabled ? 1 : -1,
    .email = -1,
  };

  return _hrm_users_query_count_sql (&lq);
}

/**
 * _hrm_server_users_expiry_page_sql:
 * Like _hrm_server_users_page_sql() with connection=expired (@expired) or
 * connection=pending.
 */
char *
_hrm_server_users_expiry_page_sql (int      search,
                                   gboolean dense,
                                   gboolean expired,
                                   gboolean with_enabled,
                                   gboolean with_cursor)
{
  ListQuery lq = {
    .search = search == 1 ? SEARCH_TRIGRAMS : search == 2 ? SEARCH_WORDS : SEARCH_NONE,
    .dense = dense,
    .expiry = expired ? EXPIRY_EXPIRED : EXPIRY_UNEXPIRED,
    .enabled = with_enabled ? 1 : -1,
    .email = -1,
    .has_cursor = with_cursor,
  };

  return _hrm_users_query_page_sql (&lq);
}

/**
 * _hrm_server_users_expiry_count_sql:
 * The count of the list with connection=expired (@expired) or =pending.
 */
char *
_hrm_server_users_expiry_count_sql (int      search,
                                    gboolean expired,
                                    gboolean with_enabled)
{
  ListQuery lq = {
    .search = search == 1 ? SEARCH_TRIGRAMS : search == 2 ? SEARCH_WORDS : SEARCH_NONE,
    .expiry = expired ? EXPIRY_EXPIRED : EXPIRY_UNEXPIRED,
    .enabled = with_enabled ? 1 : -1,
    .email = -1,
  };

  return _hrm_users_query_count_sql (&lq);
}

/**
 * _hrm_server_users_email_page_sql:
 * Like _hrm_server_users_page_sql() with connection=not_linked (@with_state)
 * and email=present (@email 1) or absent (0), without a search.
 */
char *
_hrm_server_users_email_page_sql (gboolean dense,
                                  gboolean with_state,
                                  int      email,
                                  gboolean with_enabled,
                                  gboolean with_cursor)
{
  ListQuery lq = {
    .dense = dense,
    .state = with_state ? (char *) "not_linked" : NULL,
    .enabled = with_enabled ? 1 : -1,
    .email = email,
    .has_cursor = with_cursor,
  };

  return _hrm_users_query_page_sql (&lq);
}

/**
 * _hrm_server_users_email_count_sql:
 * The count of the list with connection=not_linked (@with_state) and email=.
 */
char *
_hrm_server_users_email_count_sql (gboolean with_state,
                                   int      email,
                                   gboolean with_enabled)
{
  ListQuery lq = {
    .state = with_state ? (char *) "not_linked" : NULL,
    .enabled = with_enabled ? 1 : -1,
    .email = email,
  };

  return _hrm_users_query_count_sql (&lq);
}

/**
 * _hrm_server_users_filter_prepare:
 * @q: (nullable): the search text, as q= of the list
 * @connection: (nullable): not_linked, pending, expired or linked
 * @enabled: 1, 0, or -1 for either
 * @email: (nullable): present or absent, as email= of the list
 *
 * Every user the list's filters let through, in the list's order, as a
 * statement over HRM_SERVER_USER_COLUMNS (hrm_server_user_from_stmt): the
 * same FROM and WHERE as the list's pages. The bulk jobs use it.
 */
HrmStmt *
_hrm_server_users_filter_prepare (HrmDb       *db,
                                  const char  *q,
                                  const char  *connection,
                                  int          enabled,
                                  const char  *email,
                                  GError     **error)
{
  return _hrm_server_users_filter_prepare_warning (db, q, connection, enabled, email, NULL, error);
}

/**
 * _hrm_server_users_filter_prepare_warning:
 * @email_warning: (nullable): linked_private, as email_warning= of the list
 *
 * _hrm_server_users_filter_prepare() with the list's email_warning= too.
 */
HrmStmt *
_hrm_server_users_filter_prepare_warning (HrmDb       *db,
                                          const char  *q,
                                          const char  *connection,
                                          int          enabled,
                                          const char  *email,
                                          const char  *email_warning,
                                          GError     **error)
{
  g_auto(ListQuery) lq = { .enabled = enabled, .email = -1, .offset = -1, .dense = TRUE };
  g_autoptr(GString) sql = g_string_new ("SELECT " HRM_SERVER_USER_COLUMNS);
  HrmStmt *stmt;

  lq.now = hrm_db_now ();
  if (q != NULL)
    list_query_set_q (&lq, q);
  if (connection != NULL && connection[0] != '\0' && !list_query_set_connection (&lq, connection))
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_INVALID,
                   _("The connection filter must be not_linked, pending, expired or linked"));
      return NULL;
    }
  if (email != NULL && email[0] != '\0' && !list_query_set_email (&lq, email))
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_INVALID,
                   _("The email filter must be present or absent"));
      return NULL;
    }
  if (email_warning != NULL && email_warning[0] != '\0'
      && !list_query_set_email_warning (&lq, email_warning))
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_INVALID,
                   _("The email warning filter must be linked_private"));
      return NULL;
    }
  append_from_where (sql, &lq, FALSE);
  g_string_append (sql, " ORDER BY " SORT_KEY);

  stmt = hrm_db_prepare (db, sql->str, error);
  if (stmt != NULL)
    _hrm_users_query_bind (stmt, &lq);
  return stmt;
}
