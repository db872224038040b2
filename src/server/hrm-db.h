/* hrm-db.h — the server's SQLite store: open, migrate, transactions, statements
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _HrmDb HrmDb;

/* A prepared statement borrowed from the database's cache. Releasing it (by
 * g_autoptr or hrm_stmt_release) resets it for the next caller. */
typedef sqlite3_stmt HrmStmt;

/* An open transaction. Dropping it without hrm_db_txn_commit rolls back. */
typedef struct _HrmDbTxn HrmDbTxn;

HrmDb      *hrm_db_open             (const char  *path,
                                     GError     **error);
void        hrm_db_close            (HrmDb       *db);
int         hrm_db_schema_version   (HrmDb       *db);
gint64      hrm_db_now              (void);
gint64      hrm_db_now_usec         (void);
char       *hrm_db_fold             (const char  *text);
char       *hrm_db_search_text      (const char * const *fields,
                                     guint               n_fields);
gboolean    hrm_db_users_bulk_begin (HrmDb       *db,
                                     GError     **error);
gboolean    hrm_db_users_bulk_end   (HrmDb       *db,
                                     GError     **error);
sqlite3    *hrm_db_get_handle       (HrmDb       *db);

gboolean    hrm_db_exec             (HrmDb       *db,
                                     const char  *sql,
                                     GError     **error);
HrmStmt    *hrm_db_prepare          (HrmDb       *db,
                                     const char  *sql,
                                     GError     **error);
void        hrm_stmt_release        (HrmStmt     *stmt);

/* Steps the statement: TRUE with a row, FALSE when done (error unset) or on
 * failure (error set). */
gboolean    hrm_stmt_step           (HrmStmt     *stmt,
                                     GError     **error);
/* Runs a statement that returns no rows. */
gboolean    hrm_stmt_run            (HrmStmt     *stmt,
                                     GError     **error);

void        hrm_stmt_bind_text      (HrmStmt     *stmt,
                                     int          index,
                                     const char  *text);
void        hrm_stmt_bind_int       (HrmStmt     *stmt,
                                     int          index,
                                     gint64       value);
void        hrm_stmt_bind_null      (HrmStmt     *stmt,
                                     int          index);
void        hrm_stmt_bind_blob      (HrmStmt     *stmt,
                                     int          index,
                                     gconstpointer data,
                                     gsize        size);
char       *hrm_stmt_dup_text       (HrmStmt     *stmt,
                                     int          column);
const char *hrm_stmt_get_text       (HrmStmt     *stmt,
                                     int          column);
gint64      hrm_stmt_get_int        (HrmStmt     *stmt,
                                     int          column);
gboolean    hrm_stmt_is_null        (HrmStmt     *stmt,
                                     int          column);

gint64      hrm_db_last_insert_id   (HrmDb       *db);
gboolean    hrm_db_in_transaction   (HrmDb       *db);
gboolean    hrm_db_generation       (HrmDb       *db,
                                     guint64     *out_generation);
gboolean    hrm_db_checkpoint       (HrmDb       *db,
                                     GError     **error);
int         hrm_db_changes          (HrmDb       *db);

HrmDbTxn   *hrm_db_begin            (HrmDb       *db,
                                     GError     **error);
gboolean    hrm_db_begin_read       (HrmDb       *db,
                                     GError     **error);
void        hrm_db_end_read         (HrmDb       *db);
gboolean    hrm_db_txn_commit       (HrmDbTxn    *txn,
                                     GError     **error);
void        hrm_db_txn_free         (HrmDbTxn    *txn);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HrmStmt, hrm_stmt_release)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HrmDbTxn, hrm_db_txn_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HrmDb, hrm_db_close)

G_END_DECLS
