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

static void
send_bad_parameter (HrmRequest *req,
                    const char *name,
                    const char *message)
{
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (fields, (char *) name, (char *) message);
  hrm_http_send_error (req->msg, SOUP_STATUS_BAD_REQUEST, "bad_request", message, fields);
}

/* How q= is looked up. Both full-text indexes (schema 5, hrm-db-schema.c) read the
 * folded search text of users: trigrams find any part of three characters or
 * more; shorter queries, which trigrams cannot serve, find the users with a
 * word (of a name, an address, a User-ID…) that starts with them. One or two
 * characters that are neither letters nor digits ("@", "%_") are in no word:
 * those are looked for in the search text of every user, as before schema 5. */
typedef enum
{
  SEARCH_NONE,
  SEARCH_TRIGRAMS,  /* users_search: "berg" is in "Åberg" */
  SEARCH_WORDS,     /* users_words: "b", "be" start "Berg" */
  SEARCH_SCAN,      /* instr (search_text, q) */
} SearchKind;

/* Up to this many matches a page sorts them all; with more it walks the list
 * in its order and takes the matches as they come, which finds a page soon
 * when matches are that common. */
#define SORT_MATCHES_MAX 5000

/* A search of three characters or more walks the list and tests each
 * user's search text (instr: the same substring test the trigram index
 * answers) when at least one user in this many matches, however few users
 * there are: a page then reads at most about this many times its length,
 * where sorting the matches compares each with the collation (2 056 matches
 * of "berg" among 10 000 users took longer to sort than the walk takes). */
#define CHECK_TEXT_RATIO 16

/* At most this many totals are remembered; past that they are forgotten
 * together (a new generation of the database forgets them too). */
#define LIST_TOTALS_MAX 1024

/* The expiry part of connection=: any, or pending split by the clock. */
typedef enum
{
  EXPIRY_ANY,
  EXPIRY_UNEXPIRED,  /* connection=pending: the link still works */
  EXPIRY_EXPIRED,    /* connection=expired: pending, the link has run out */
} Expiry;

typedef struct
{
  char       *q;          /* folded */
  char       *match;      /* the full-text query for q */
  SearchKind  search;
  gboolean    dense;      /* many matches: walk the list rather than sort the matches */
  gboolean    check_text; /* dense, trigrams: test search_text while walking */
  gboolean    by_rank;    /* a search alone: its index's rowids are the list's order */
  char       *state;      /* not_linked or linked; NULL for any or a pending one */
  Expiry      expiry;
  gint64      now;        /* the time of the request, for the expiry */
  int         enabled;    /* -1 for either */
  int         email;      /* 1 for a saved email, 0 for none, -1 for either */
  gboolean    leaving;    /* leaving=true: a removal of the link is scheduled */
  gboolean    linked_private; /* email_warning=linked_private */
  gint64      limit;
  gint64      offset;     /* -1 when not asked for */
  gboolean    has_cursor;
  char       *cursor_last;
  char       *cursor_first;
  gint64      cursor_id;
} ListQuery;

static void
list_query_clear (ListQuery *lq)
{
  g_free (lq->q);
  g_free (lq->match);
  g_free (lq->state);
  g_free (lq->cursor_last);
  g_free (lq->cursor_first);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ListQuery, list_query_clear)

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

static gboolean
parse_list_query (HrmRequest *req,
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
          send_bad_parameter (req, "q", _("The search text is not valid"));
          return FALSE;
        }
      list_query_set_q (lq, q);
    }

  if (connection != NULL && connection[0] != '\0')
    {
      if (!list_query_set_connection (lq, connection))
        {
          send_bad_parameter (req, "connection",
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
          send_bad_parameter (req, "enabled", _("The enabled filter must be true or false"));
          return FALSE;
        }
    }

  if (email != NULL && email[0] != '\0' && !list_query_set_email (lq, email))
    {
      send_bad_parameter (req, "email", _("The email filter must be present or absent"));
      return FALSE;
    }

  if (leaving != NULL && leaving[0] != '\0')
    {
      if (g_str_equal (leaving, "true"))
        lq->leaving = TRUE;
      else if (!g_str_equal (leaving, "false"))
        {
          send_bad_parameter (req, "leaving", _("The leaving filter must be true or false"));
          return FALSE;
        }
    }

  if (email_warning != NULL && email_warning[0] != '\0'
      && !list_query_set_email_warning (lq, email_warning))
    {
      send_bad_parameter (req, "email_warning", _("The email warning filter must be linked_private"));
      return FALSE;
    }

  if (limit != NULL
      && !g_ascii_string_to_signed (limit, 10, 1, MAX_LIMIT, &lq->limit, NULL))
    {
      g_autofree char *message =
        g_strdup_printf (_("The limit must be a whole number from 1 to %d"), MAX_LIMIT);

      send_bad_parameter (req, "limit", message);
      return FALSE;
    }

  if (cursor != NULL && offset != NULL)
    {
      send_bad_parameter (req, "offset", _("Give either a cursor or an offset, not both"));
      return FALSE;
    }

  if (offset != NULL
      && !g_ascii_string_to_signed (offset, 10, 0, G_MAXINT32, &lq->offset, NULL))
    {
      send_bad_parameter (req, "offset", _("The offset must be a whole number, 0 or more"));
      return FALSE;
    }

  if (cursor != NULL && !decode_cursor (cursor, lq))
    {
      send_bad_parameter (req, "cursor", _("The cursor is not valid; start from the first page"));
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
static char *
count_sql (ListQuery *lq)
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

static void
bind_filters (HrmStmt   *stmt,
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
static gboolean
can_use_rank (ListQuery *lq)
{
  return (lq->search == SEARCH_TRIGRAMS || lq->search == SEARCH_WORDS)
         && lq->state == NULL && lq->expiry == EXPIRY_ANY && lq->enabled < 0 && lq->email < 0
         && !lq->leaving && !lq->linked_private;
}

/* The SQL of one page of the list with the filters of @lq. */
static char *
page_sql (ListQuery *lq)
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
static char *
key_at_offset_sql (ListQuery *lq)
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

  return page_sql (&lq);
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

  lq.by_rank = can_use_rank (&lq);
  return page_sql (&lq);
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

  return count_sql (&lq);
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

  return page_sql (&lq);
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

  return count_sql (&lq);
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

  return page_sql (&lq);
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

  return count_sql (&lq);
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
    bind_filters (stmt, &lq);
  return stmt;
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
  bind_filters (stmt, lq);
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
  g_autofree char *sql = count_sql (lq);
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

  sql = count_sql (&all);
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
  g_autofree char *sql = key_at_offset_sql (lq);
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (req->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  bind_filters (stmt, lq);
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
  list_query_clear (&export->lq);
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

  export->lq.limit = CSV_ROWS_PER_CHUNK - 1;  /* bind_filters asks for one more */
  if (export->server->db != NULL)
    {
      sql = page_sql (&export->lq);
      stmt = hrm_db_prepare (export->server->db, sql, &error);
    }
  if (stmt != NULL)
    bind_filters (stmt, &export->lq);
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

  if (!parse_list_query (req, &lq))
    return;

  if (!count_users (req, &lq, &total, &error))
    goto failed;
  lq.by_rank = can_use_rank (&lq);
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

      sql = page_sql (&lq);
      stmt = hrm_db_prepare (req->db, sql, &error);
      if (stmt == NULL)
        goto failed;
      bind_filters (stmt, &lq);
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
