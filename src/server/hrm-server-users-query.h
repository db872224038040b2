/* hrm-server-users-query.h — the users list's query, shared by
 * hrm-server-users.c (the handlers, counts, pages and the CSV export) and
 * hrm-server-users-query.c (its parameters and its SQL)
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hrm-server-private.h"

G_BEGIN_DECLS

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

/* The query's parameters, checked: FALSE when a 400 has been sent. */
gboolean _hrm_users_query_parse              (HrmRequest *req,
                                              ListQuery  *lq);
void     _hrm_users_query_clear              (ListQuery  *lq);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ListQuery, _hrm_users_query_clear)

/* Binds the filters' parameters of @lq to a statement of the SQL below. */
void     _hrm_users_query_bind               (HrmStmt    *stmt,
                                              ListQuery  *lq);
gboolean _hrm_users_query_can_use_rank       (ListQuery  *lq);
char    *_hrm_users_query_count_sql          (ListQuery  *lq);
char    *_hrm_users_query_page_sql           (ListQuery  *lq);
char    *_hrm_users_query_key_at_offset_sql  (ListQuery  *lq);

G_END_DECLS
