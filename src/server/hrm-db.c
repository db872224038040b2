/* hrm-db.c — the server's SQLite store: open, migrate, transactions, statements
 *
 * The schema is versioned with PRAGMA user_version: _hrm_db_migrations[i]
 * (hrm-db-schema.c) brings a database from version i to i + 1, each in its
 * own transaction. Every change the server makes runs in a transaction
 * (hrm_db_begin), so a failing request leaves the database as it was.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-db"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hrm-collate.h"
#include "hrm-db.h"
#include "hrm-db-private.h"
#include "hrm-email-domains.h"
#include "hrm-error.h"

#define BUSY_TIMEOUT_MS 5000

struct _HrmDb
{
  sqlite3    *handle;
  GHashTable *statements;  /* SQL text → sqlite3_stmt, owned */
  gboolean    in_txn;
  gboolean    in_read;     /* hrm_db_begin_read() */
};

struct _HrmDbTxn
{
  HrmDb    *db;  /* borrowed */
  gboolean  done;
};

static void
set_sqlite_error (GError    **error,
                  sqlite3    *handle,
                  const char *what)
{
  g_set_error (error, HRM_ERROR, HRM_ERROR_FAILED, "%s: %s", what, sqlite3_errmsg (handle));
}

/* How far the server's clock is set off the system's, in microseconds.
 * Tests set HRM_SERVER_NOW (RFC 3339) to start the clock at that moment;
 * it then runs on as the system clock does, so timers still fire. */
static gint64
clock_offset (void)
{
  static gsize once = 0;
  static gint64 offset = 0;

  if (g_once_init_enter (&once))
    {
      const char *now = g_getenv ("HRM_SERVER_NOW");

      if (now != NULL && *now != '\0')
        {
          g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (now, NULL);

          if (at == NULL)
            g_error ("HRM_SERVER_NOW is not an RFC 3339 date and time: %s", now);
          offset = g_date_time_to_unix (at) * G_USEC_PER_SEC
                   + g_date_time_get_microsecond (at) - g_get_real_time ();
        }
      g_once_init_leave (&once, 1);
    }
  return offset;
}

/**
 * hrm_db_now_usec:
 *
 * The server's clock in microseconds since the epoch (UTC): the system's,
 * or the one `HRM_SERVER_NOW` started. Everything the server dates or
 * expires reads this clock.
 */
gint64
hrm_db_now_usec (void)
{
  return g_get_real_time () + clock_offset ();
}

/* The server's clock, in seconds since the epoch (UTC). */
gint64
hrm_db_now (void)
{
  return hrm_db_now_usec () / G_USEC_PER_SEC;
}

/**
 * hrm_db_fold:
 * @text: (nullable): some text
 *
 * Text folded for comparing without regard to case, also beyond ASCII
 * (Å, Ä, Ö): NFC, then case-folded. SQL sees it as hrm_fold().
 */
char *
hrm_db_fold (const char *text)
{
  g_autofree char *normal = g_utf8_normalize (text ? text : "", -1, G_NORMALIZE_DEFAULT_COMPOSE);

  return g_utf8_casefold (normal ? normal : "", -1);
}

/* hrm_private_email(address): 1 when the address's domain is a free-mail
 * provider's, by the core's list (hrm-email-domains.c), so SQL filters and
 * the user object's email_warnings decide alike; 0 for NULL. */
static void
sql_private_email (sqlite3_context  *context,
                   int               argc,
                   sqlite3_value   **argv)
{
  const char *email = (const char *) sqlite3_value_text (argv[0]);

  sqlite3_result_int (context, hrm_email_domain_is_private (hrm_email_domain (email)));
}

static void
sql_fold (sqlite3_context  *context,
          int               argc,
          sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  char *folded;

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }

  folded = hrm_db_fold (text);
  sqlite3_result_text (context, folded, -1, g_free);
}

/**
 * hrm_db_search_text:
 * @fields: (array length=n_fields): the texts a search looks in; NULL for none
 *
 * What the users list's q= searches: each field folded with
 * hrm_collate_search_fold() and ended by a newline, so a search cannot match
 * across two fields. SQL sees it as hrm_search_text (field, …).
 */
char *
hrm_db_search_text (const char * const *fields,
                    guint               n_fields)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *folded = hrm_collate_search_fold (fields[i]);

      g_string_append (text, folded);
      g_string_append_c (text, '\n');
    }

  return g_string_free (text, FALSE);
}

static void
sql_search_text (sqlite3_context  *context,
                 int               argc,
                 sqlite3_value   **argv)
{
  g_autofree const char **fields = g_new0 (const char *, MAX (argc, 1));

  for (int i = 0; i < argc; i++)
    fields[i] = (const char *) sqlite3_value_text (argv[i]);

  sqlite3_result_text (context, hrm_db_search_text (fields, argc), -1, g_free);
}

sqlite3 *
hrm_db_get_handle (HrmDb *db)
{
  return db->handle;
}

gboolean
hrm_db_exec (HrmDb       *db,
             const char  *sql,
             GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (db->handle, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_FAILED, _("Database error: %s"),
                   message ? message : "?");
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

int
hrm_db_schema_version (HrmDb *db)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db->handle, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return version;
}

/* Columns that a migration needs before it runs, added only where missing
 * (ALTER TABLE cannot say "if not exists", and a test winds user_version
 * back to run a step again). @version is the schema the step brings the
 * database to: renumber it with the step. */
static const struct
{
  int         version;
  const char *table;
  const char *column;
  const char *declaration;
} added_columns[] = {
  { 17, "users", "name_rank", "INTEGER" },
};

static gboolean
add_missing_columns (HrmDb   *db,
                     int      version,
                     GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (added_columns); i++)
    {
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt = NULL;
      gboolean exists;

      if (added_columns[i].version != version)
        continue;
      if (sqlite3_prepare_v2 (db->handle, "SELECT 1 FROM pragma_table_info (?) WHERE name = ?",
                              -1, &stmt, NULL) != SQLITE_OK)
        {
          set_sqlite_error (error, db->handle, _("Cannot read the schema"));
          return FALSE;
        }
      sqlite3_bind_text (stmt, 1, added_columns[i].table, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, added_columns[i].column, -1, SQLITE_STATIC);
      exists = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_finalize (stmt);
      if (exists)
        continue;
      sql = g_strdup_printf ("ALTER TABLE %s ADD COLUMN %s %s", added_columns[i].table,
                             added_columns[i].column, added_columns[i].declaration);
      if (!hrm_db_exec (db, sql, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
migrate (HrmDb   *db,
         GError **error)
{
  int version = hrm_db_schema_version (db);

  if (version < 0)
    {
      set_sqlite_error (error, db->handle, _("Cannot read the schema version"));
      return FALSE;
    }

  if (version > (int) _hrm_db_n_migrations)
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_FAILED,
                   _("The database has schema version %d, newer than this server knows (%d)"),
                   version, (int) _hrm_db_n_migrations);
      return FALSE;
    }

  for (int i = version; i < (int) _hrm_db_n_migrations; i++)
    {
      g_autoptr(HrmDbTxn) txn = NULL;
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", i + 1);

      g_debug ("Migrating the database from schema version %d to %d", i, i + 1);
      txn = hrm_db_begin (db, error);
      if (txn == NULL
          || !add_missing_columns (db, i + 1, error)
          || !hrm_db_exec (db, _hrm_db_migrations[i], error)
          || !hrm_db_exec (db, set_version, error)
          || !hrm_db_txn_commit (txn, error))
        return FALSE;
    }

  return TRUE;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

HrmDb *
hrm_db_open (const char  *path,
             GError     **error)
{
  g_autoptr(HrmDb) db = g_new0 (HrmDb, 1);

  g_return_val_if_fail (path != NULL, NULL);

  db->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);

  if (sqlite3_open_v2 (path, &db->handle,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_FAILED, _("Cannot open the database “%s”: %s"),
                   path, db->handle ? sqlite3_errmsg (db->handle) : "?");
      return NULL;
    }

  sqlite3_extended_result_codes (db->handle, 1);
  sqlite3_busy_timeout (db->handle, BUSY_TIMEOUT_MS);
  sqlite3_create_function_v2 (db->handle, "hrm_fold", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                              NULL, sql_fold, NULL, NULL, NULL);
  sqlite3_create_function_v2 (db->handle, "hrm_private_email", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                              NULL, sql_private_email, NULL, NULL, NULL);
  sqlite3_create_function_v2 (db->handle, "hrm_search_text", -1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                              NULL, sql_search_text, NULL, NULL, NULL);
  if (!hrm_collate_register (db->handle))
    {
      set_sqlite_error (error, db->handle, _("Cannot register the Swedish collation"));
      return NULL;
    }

  if (!hrm_db_exec (db, "PRAGMA journal_mode = WAL", error)
      || !hrm_db_exec (db, "PRAGMA foreign_keys = ON", error)
      || !hrm_db_exec (db, "PRAGMA synchronous = NORMAL", error)
      /* Up to 64 MiB of pages kept between requests (the default is 2 MiB):
       * a search at 100 000 users reads more than that, and read them again
       * from the kernel with every request (40 % of its time copying). */
      || !hrm_db_exec (db, "PRAGMA cache_size = -65536", error)
      /* Deleted and overwritten values (an outbox link once sent) are zeroed
       * in their page rather than left readable in free space. */
      || !hrm_db_exec (db, "PRAGMA secure_delete = FAST", error)
      || !migrate (db, error))
    return NULL;

  return g_steal_pointer (&db);
}

void
hrm_db_close (HrmDb *db)
{
  if (db == NULL)
    return;

  g_clear_pointer (&db->statements, g_hash_table_unref);
  if (db->handle != NULL)
    {
      sqlite3_exec (db->handle, "PRAGMA optimize", NULL, NULL, NULL);
      sqlite3_close (db->handle);
    }
  g_free (db);
}

HrmStmt *
hrm_db_prepare (HrmDb       *db,
                const char  *sql,
                GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (db->statements, sql);

  if (stmt != NULL)
    {
      /* A statement still in use would be reset under its user's feet. */
      g_assert (!sqlite3_stmt_busy (stmt));
      return stmt;
    }

  if (sqlite3_prepare_v3 (db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, db->handle, _("Database error"));
      g_critical ("Cannot prepare “%s”: %s", sql, sqlite3_errmsg (db->handle));
      return NULL;
    }

  g_hash_table_insert (db->statements, g_strdup (sql), stmt);
  return stmt;
}

void
hrm_stmt_release (HrmStmt *stmt)
{
  if (stmt == NULL)
    return;
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

gboolean
hrm_stmt_step (HrmStmt  *stmt,
               GError  **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    return FALSE;

  g_set_error (error, HRM_ERROR,
               (rc & 0xff) == SQLITE_CONSTRAINT ? HRM_ERROR_CONFLICT : HRM_ERROR_FAILED,
               _("Database error: %s"), sqlite3_errmsg (sqlite3_db_handle (stmt)));
  return FALSE;
}

gboolean
hrm_stmt_run (HrmStmt  *stmt,
              GError  **error)
{
  GError *local_error = NULL;

  while (hrm_stmt_step (stmt, &local_error))
    ;
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

void
hrm_stmt_bind_text (HrmStmt    *stmt,
                    int         index,
                    const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

void
hrm_stmt_bind_int (HrmStmt *stmt,
                   int      index,
                   gint64   value)
{
  sqlite3_bind_int64 (stmt, index, value);
}

void
hrm_stmt_bind_null (HrmStmt *stmt,
                    int      index)
{
  sqlite3_bind_null (stmt, index);
}

void
hrm_stmt_bind_blob (HrmStmt       *stmt,
                    int            index,
                    gconstpointer  data,
                    gsize          size)
{
  sqlite3_bind_blob (stmt, index, data, (int) size, SQLITE_TRANSIENT);
}

const char *
hrm_stmt_get_text (HrmStmt *stmt,
                   int      column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

char *
hrm_stmt_dup_text (HrmStmt *stmt,
                   int      column)
{
  return g_strdup (hrm_stmt_get_text (stmt, column));
}

gint64
hrm_stmt_get_int (HrmStmt *stmt,
                  int      column)
{
  return sqlite3_column_int64 (stmt, column);
}

gboolean
hrm_stmt_is_null (HrmStmt *stmt,
                  int      column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL;
}

/* Whether a transaction of hrm_db_begin() is open. */
/**
 * hrm_db_generation:
 * @out_generation: (out): changes whenever the database may have changed
 *
 * A value that is the same only while no row of the database has changed:
 * the rows this connection wrote (triggers included) and the commits of
 * other connections (PRAGMA data_version). For caching what a query
 * answered, such as the users list's totals.
 *
 * Returns: FALSE inside a transaction, which may still roll back: then
 *   nothing read may be cached
 */
gboolean
hrm_db_generation (HrmDb   *db,
                   guint64 *out_generation)
{
  sqlite3_stmt *stmt;
  guint64 data_version = 0;

  if (db->in_txn || (!sqlite3_get_autocommit (db->handle) && !db->in_read))
    return FALSE;

  stmt = hrm_db_prepare (db, "PRAGMA data_version", NULL);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    data_version = (guint64) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  /* Both grow; the pair is folded into one number that changes when either does. */
  *out_generation = (data_version << 40) ^ (guint64) sqlite3_total_changes64 (db->handle);
  return TRUE;
}

gboolean
hrm_db_in_transaction (HrmDb *db)
{
  return db->in_txn;
}

/**
 * hrm_db_checkpoint:
 * Copies the write-ahead log into the database and empties it, so what was
 * overwritten is no longer in the log either. Not inside a transaction. It
 * does not wait: while another connection reads, it fails (try again later).
 */
gboolean
hrm_db_checkpoint (HrmDb   *db,
                   GError **error)
{
  int rc;

  g_assert (!db->in_txn);

  sqlite3_busy_timeout (db->handle, 0);
  rc = sqlite3_wal_checkpoint_v2 (db->handle, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  sqlite3_busy_timeout (db->handle, BUSY_TIMEOUT_MS);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db->handle, _("Cannot checkpoint the database"));
      return FALSE;
    }
  return TRUE;
}

gint64
hrm_db_last_insert_id (HrmDb *db)
{
  return sqlite3_last_insert_rowid (db->handle);
}

int
hrm_db_changes (HrmDb *db)
{
  return sqlite3_changes (db->handle);
}

/**
 * hrm_db_begin:
 * Starts a write transaction (BEGIN IMMEDIATE, so two writers never deadlock
 * upgrading a read lock). Free the result without committing to roll back.
 */
/* Runs one of the statements without rows of a read transaction. */
static gboolean
run_cached (HrmDb       *db,
            const char  *sql,
            GError     **error)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (db, sql, error);

  return stmt != NULL && hrm_stmt_run (stmt, error);
}

/**
 * hrm_db_begin_read:
 * Starts a read transaction for a request that only reads: its statements
 * then share one snapshot and one read lock of the write-ahead log, where
 * each would otherwise take and drop its own (perf: a tenth of GET
 * /api/v1/me went to beginning and ending the read transactions of its
 * three statements). BEGIN DEFERRED takes no lock until the first read.
 * Nothing may write until hrm_db_end_read(); hrm_db_begin() asserts so.
 */
gboolean
hrm_db_begin_read (HrmDb   *db,
                   GError **error)
{
  g_assert (!db->in_txn && !db->in_read);

  if (!run_cached (db, "BEGIN DEFERRED", error))
    return FALSE;
  db->in_read = TRUE;
  return TRUE;
}

/* Ends the read transaction of hrm_db_begin_read(). */
void
hrm_db_end_read (HrmDb *db)
{
  g_autoptr(GError) error = NULL;

  g_assert (db->in_read);

  db->in_read = FALSE;
  if (!run_cached (db, "COMMIT", &error))
    {
      g_warning ("Cannot end a read transaction: %s", error->message);
      sqlite3_exec (db->handle, "ROLLBACK", NULL, NULL, NULL);
    }
}

HrmDbTxn *
hrm_db_begin (HrmDb   *db,
              GError **error)
{
  HrmDbTxn *txn;

  g_assert (!db->in_txn && !db->in_read);

  if (!hrm_db_exec (db, "BEGIN IMMEDIATE", error))
    return NULL;

  db->in_txn = TRUE;
  txn = g_new0 (HrmDbTxn, 1);
  txn->db = db;
  return txn;
}

gboolean
hrm_db_txn_commit (HrmDbTxn  *txn,
                   GError   **error)
{
  g_assert (!txn->done);

  if (!hrm_db_exec (txn->db, "COMMIT", error))
    return FALSE;

  txn->done = TRUE;
  txn->db->in_txn = FALSE;
  return TRUE;
}

void
hrm_db_txn_free (HrmDbTxn *txn)
{
  if (txn == NULL)
    return;

  if (!txn->done)
    {
      g_debug ("Rolling back");
      sqlite3_exec (txn->db->handle, "ROLLBACK", NULL, NULL, NULL);
      txn->db->in_txn = FALSE;
    }
  g_free (txn);
}
