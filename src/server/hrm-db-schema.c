/* hrm-db-schema.c — the server's SQLite schema: the migrations, one per
 * version, and the bulk insert's pause of the triggers that keep the
 * indexes, counts and email keys in step with users
 *
 * hrm-db.c runs the migrations (migrate()): _hrm_db_migrations[i] brings a
 * database from version i to i + 1, in one transaction with the new
 * PRAGMA user_version.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-db"

#include "config.h"

#include "hrm-db.h"
#include "hrm-db-private.h"

/* Kept the search indexes (schema 5 to 16) in step with users.search_text,
 * by user id; schema 17 replaced them (SEARCH_TRIGGERS). */
#define SEARCH_TRIGGERS_V5 \
  "CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN" \
  "  INSERT INTO users_search (rowid, search_text) VALUES (new.id, new.search_text);" \
  "  INSERT INTO users_words (rowid, search_text) VALUES (new.id, new.search_text);" \
  " END;" \
  "CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN" \
  "  INSERT INTO users_search (users_search, rowid, search_text)" \
  "    VALUES ('delete', old.id, old.search_text);" \
  "  INSERT INTO users_words (users_words, rowid, search_text)" \
  "    VALUES ('delete', old.id, old.search_text);" \
  " END;" \
  "CREATE TRIGGER users_search_update AFTER UPDATE OF search_text ON users BEGIN" \
  "  INSERT INTO users_search (users_search, rowid, search_text)" \
  "    VALUES ('delete', old.id, old.search_text);" \
  "  INSERT INTO users_words (users_words, rowid, search_text)" \
  "    VALUES ('delete', old.id, old.search_text);" \
  "  INSERT INTO users_search (rowid, search_text) VALUES (new.id, new.search_text);" \
  "  INSERT INTO users_words (rowid, search_text) VALUES (new.id, new.search_text);" \
  " END;"

/* The list's order as a number (schema 17): users.name_rank increases with
 * (last_name, first_name, id) in the HRM_SV collation, so that the search
 * indexes, whose rowids are the rank, list their matches in the list's
 * order (hrm-server-users.c). Ranks are sparse: a numbering spreads the
 * users over 0 … 2^61 (NAME_RANK_SPACING apart: 2^41 at a million users);
 * a user added or renamed takes a rank between its new neighbours (found in
 * users_by_name), at most NAME_RANK_STEP past the one before, so that users
 * added in the list's order (an import of a sorted file: a million of them
 * fit between two users) leave room after them; before the first or after
 * the last it is NAME_RANK_END_STEP away, up to ±2^62. When no integer is
 * left between the neighbours, all users are numbered again and both
 * search indexes rebuilt, in the same transaction (NAME_RANK_RENUMBER). */
#define NAME_RANK_SPACING "((1 << 61) / (SELECT count(*) + 1 FROM users))"
#define NAME_RANK_STEP     "1048576"     /* 2^20 */
#define NAME_RANK_END_STEP "4294967296"  /* 2^32 */
#define NAME_RANK_LIMIT    "4611686018427387904" /* 2^62: far from overflowing into REAL */
#define NAME_RANK_ORDER \
  "last_name COLLATE HRM_SV, first_name COLLATE HRM_SV, id"
#define NAME_RANK_ORDER_DESC \
  "last_name COLLATE HRM_SV DESC, first_name COLLATE HRM_SV DESC, id DESC"
/* The ranks of the users before and after new.* in the list's order (p, n). */
#define NAME_RANK_NEIGHBOURS \
  "(SELECT (SELECT name_rank FROM users WHERE (last_name, first_name, id)" \
  "    < (new.last_name COLLATE HRM_SV, new.first_name COLLATE HRM_SV, new.id)" \
  "    ORDER BY " NAME_RANK_ORDER_DESC " LIMIT 1) AS p," \
  "  (SELECT name_rank FROM users WHERE (last_name, first_name, id)" \
  "    > (new.last_name COLLATE HRM_SV, new.first_name COLLATE HRM_SV, new.id)" \
  "    ORDER BY " NAME_RANK_ORDER " LIMIT 1) AS n)"
/* A rank between p and n, or NULL when there is none. */
#define NAME_RANK_BETWEEN \
  "CASE WHEN p IS NULL AND n IS NULL THEN 0" \
  " WHEN p IS NULL THEN CASE WHEN n > -" NAME_RANK_LIMIT " THEN n - " NAME_RANK_END_STEP " END" \
  " WHEN n IS NULL THEN CASE WHEN p < " NAME_RANK_LIMIT " THEN p + " NAME_RANK_END_STEP " END" \
  " WHEN n - p >= 2 THEN p + min ((n - p) / 2, " NAME_RANK_STEP ") END"
/* When the user new.id got no rank: name_rank_renumber's pending is set,
 * and its trigger (NAME_RANK_RENUMBER_TRIGGER) renumbers every user and
 * rebuilds the search indexes from the new ranks. A trigger of its own, so
 * that an insert or rename that found a rank (all but a few) does not even
 * plan the renumbering's statements over every user. */
#define NAME_RANK_RENUMBER \
  "  UPDATE name_rank_renumber SET pending = 1" \
  "    WHERE (SELECT name_rank FROM users WHERE id = new.id) IS NULL;"
#define NAME_RANK_RENUMBER_TRIGGER \
  "CREATE TRIGGER name_rank_renumber_all AFTER UPDATE OF pending ON name_rank_renumber" \
  "  WHEN new.pending = 1 BEGIN" \
  "  UPDATE users SET name_rank = NULL;" \
  "  UPDATE users SET name_rank = r.n * " NAME_RANK_SPACING " FROM (SELECT id," \
  "    row_number () OVER (ORDER BY " NAME_RANK_ORDER ") AS n FROM users) AS r" \
  "    WHERE users.id = r.id;" \
  "  INSERT INTO users_search (users_search) VALUES ('rebuild');" \
  "  INSERT INTO users_words (users_words) VALUES ('rebuild');" \
  "  INSERT INTO users_search (users_search) VALUES ('optimize');" \
  "  INSERT INTO users_words (users_words) VALUES ('optimize');" \
  "  UPDATE name_rank_renumber SET pending = 0;" \
  " END;"
/* Indexes the user new.id under its rank (when it has one). */
#define NAME_RANK_INDEX_NEW \
  "  INSERT INTO users_search (rowid, search_text)" \
  "    SELECT name_rank, search_text FROM users WHERE id = new.id AND name_rank IS NOT NULL;" \
  "  INSERT INTO users_words (rowid, search_text)" \
  "    SELECT name_rank, search_text FROM users WHERE id = new.id AND name_rank IS NOT NULL;"
/* Every user numbered in the list's order (the migration, a bulk insert). */
#define NAME_RANK_FILL \
  "UPDATE users SET name_rank = NULL;" \
  "UPDATE users SET name_rank = r.n * " NAME_RANK_SPACING " FROM (SELECT id," \
  "  row_number () OVER (ORDER BY " NAME_RANK_ORDER ") AS n FROM users) AS r" \
  "  WHERE users.id = r.id;"

/* Keep name_rank and the search indexes (by rank) in step with users: one
 * trigger per change, its steps in this order (the rank before the index
 * entry that uses it). A user keeps its rank through an update while it
 * still lies between its neighbours. Nothing but these triggers, the
 * migration and hrm_db_users_bulk_end() writes name_rank. */
#define SEARCH_TRIGGERS \
  "CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN" \
  "  UPDATE users SET name_rank = (SELECT " NAME_RANK_BETWEEN " FROM " NAME_RANK_NEIGHBOURS ")" \
  "    WHERE id = new.id;" \
  NAME_RANK_INDEX_NEW \
  NAME_RANK_RENUMBER \
  " END;" \
  "CREATE TRIGGER users_search_delete AFTER DELETE ON users WHEN old.name_rank IS NOT NULL BEGIN" \
  "  INSERT INTO users_search (users_search, rowid, search_text)" \
  "    VALUES ('delete', old.name_rank, old.search_text);" \
  "  INSERT INTO users_words (users_words, rowid, search_text)" \
  "    VALUES ('delete', old.name_rank, old.search_text);" \
  " END;" \
  "CREATE TRIGGER users_search_update AFTER UPDATE OF search_text, last_name, first_name" \
  "  ON users BEGIN" \
  "  INSERT INTO users_search (users_search, rowid, search_text)" \
  "    SELECT 'delete', old.name_rank, old.search_text WHERE old.name_rank IS NOT NULL;" \
  "  INSERT INTO users_words (users_words, rowid, search_text)" \
  "    SELECT 'delete', old.name_rank, old.search_text WHERE old.name_rank IS NOT NULL;" \
  "  UPDATE users SET name_rank = (SELECT CASE WHEN old.name_rank IS NOT NULL" \
  "      AND (p IS NULL OR p < old.name_rank) AND (n IS NULL OR old.name_rank < n)" \
  "    THEN old.name_rank ELSE " NAME_RANK_BETWEEN " END FROM " NAME_RANK_NEIGHBOURS ")" \
  "    WHERE id = new.id;" \
  NAME_RANK_INDEX_NEW \
  NAME_RANK_RENUMBER \
  " END;"

/* Merges each search index into one segment (schema 11): after a bulk
 * 'rebuild' FTS5 leaves several, and a search reads all of them. */
#define SEARCH_OPTIMIZE \
  "INSERT INTO users_search (users_search) VALUES ('optimize');" \
  "INSERT INTO users_words (users_words) VALUES ('optimize');"

/* Keep email_keys (schema 18) in step with users: for each address in
 * lower case, how many users have it saved (email) or linked (conn_email),
 * each user counted once. A key is inserted, or counted up, for each
 * distinct non-empty address of the new row, and counted down (removed at
 * 0) for each of the old row's. */
#define EMAIL_KEY_ADD(row) \
  "  INSERT INTO email_keys (key, users)" \
  "    SELECT key, 1 FROM (SELECT lower (" row ".email) AS key" \
  "      UNION SELECT lower (" row ".conn_email)) WHERE coalesce (key, '') <> ''" \
  "    ON CONFLICT (key) DO UPDATE SET users = users + 1;"
#define EMAIL_KEY_REMOVE(row) \
  "  UPDATE email_keys SET users = users - 1" \
  "    WHERE key IN (lower (" row ".email), lower (" row ".conn_email));" \
  "  DELETE FROM email_keys" \
  "    WHERE key IN (lower (" row ".email), lower (" row ".conn_email)) AND users <= 0;"
#define EMAIL_KEY_FILL \
  "DELETE FROM email_keys;" \
  "INSERT INTO email_keys (key, users)" \
  "  SELECT key, count(DISTINCT id) FROM" \
  "   (SELECT id, lower (email) AS key FROM users WHERE coalesce (email, '') <> ''" \
  "    UNION ALL SELECT id, lower (conn_email) FROM users WHERE coalesce (conn_email, '') <> '')" \
  "  GROUP BY key;"
#define EMAIL_KEY_TRIGGERS \
  "DROP TRIGGER IF EXISTS email_keys_insert;" \
  "DROP TRIGGER IF EXISTS email_keys_delete;" \
  "DROP TRIGGER IF EXISTS email_keys_update;" \
  "CREATE TRIGGER email_keys_insert AFTER INSERT ON users BEGIN" \
  EMAIL_KEY_ADD ("new") \
  " END;" \
  "CREATE TRIGGER email_keys_delete AFTER DELETE ON users BEGIN" \
  EMAIL_KEY_REMOVE ("old") \
  " END;" \
  "CREATE TRIGGER email_keys_update AFTER UPDATE OF email, conn_email ON users" \
  "  WHEN lower (old.email) IS NOT lower (new.email)" \
  "    OR lower (old.conn_email) IS NOT lower (new.conn_email) BEGIN" \
  EMAIL_KEY_REMOVE ("old") \
  EMAIL_KEY_ADD ("new") \
  " END;"

/* Keep user_counts (schema 8) in step with users: one row per enabled,
 * connection state and whether an email is saved, with how many users. */
#define COUNT_TRIGGERS \
  "CREATE TRIGGER user_counts_insert AFTER INSERT ON users BEGIN" \
  "  INSERT INTO user_counts (enabled, conn_state, has_email, n)" \
  "    VALUES (new.enabled, new.conn_state, coalesce (new.email, '') <> '', 1)" \
  "    ON CONFLICT DO UPDATE SET n = n + 1;" \
  " END;" \
  "CREATE TRIGGER user_counts_delete AFTER DELETE ON users BEGIN" \
  "  UPDATE user_counts SET n = n - 1 WHERE enabled = old.enabled" \
  "    AND conn_state = old.conn_state AND has_email = (coalesce (old.email, '') <> '');" \
  " END;" \
  "CREATE TRIGGER user_counts_update AFTER UPDATE OF enabled, conn_state, email ON users" \
  "  WHEN old.enabled IS NOT new.enabled OR old.conn_state IS NOT new.conn_state" \
  "    OR (coalesce (old.email, '') <> '') IS NOT (coalesce (new.email, '') <> '') BEGIN" \
  "  UPDATE user_counts SET n = n - 1 WHERE enabled = old.enabled" \
  "    AND conn_state = old.conn_state AND has_email = (coalesce (old.email, '') <> '');" \
  "  INSERT INTO user_counts (enabled, conn_state, has_email, n)" \
  "    VALUES (new.enabled, new.conn_state, coalesce (new.email, '') <> '', 1)" \
  "    ON CONFLICT DO UPDATE SET n = n + 1;" \
  " END;"
#define COUNT_FILL \
  "DELETE FROM user_counts;" \
  "INSERT INTO user_counts (enabled, conn_state, has_email, n)" \
  "  SELECT enabled, conn_state, coalesce (email, '') <> '', count(*) FROM users" \
  "  GROUP BY 1, 2, 3;"

const char *const _hrm_db_migrations[] = {
  /* 0 → 1: the first schema */
  "CREATE TABLE organisation ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  name TEXT NOT NULL,"
  "  provisioning_phase TEXT NOT NULL DEFAULT 'preparation'"
  "    CHECK (provisioning_phase IN ('preparation', 'active')),"
  "  verification_ttl_seconds INTEGER NOT NULL DEFAULT 86400);"

  "CREATE TABLE users ("
  "  id INTEGER PRIMARY KEY,"
  "  user_id TEXT NOT NULL COLLATE NOCASE UNIQUE,"
  "  alias_user_id TEXT,"
  "  signature TEXT,"
  "  card_tag_id TEXT,"
  "  external_reference TEXT,"
  "  first_name TEXT NOT NULL DEFAULT '' COLLATE NOCASE,"
  "  last_name TEXT NOT NULL DEFAULT '' COLLATE NOCASE,"
  "  email TEXT,"
  "  enabled INTEGER NOT NULL DEFAULT 1,"
  "  locale TEXT NOT NULL DEFAULT 'sv',"
  "  password_hash TEXT,"
  "  conn_state TEXT NOT NULL DEFAULT 'not_linked'"
  "    CHECK (conn_state IN ('not_linked', 'pending', 'linked')),"
  "  conn_email TEXT,"
  "  verified_at INTEGER,"
  "  pending_email TEXT,"
  "  sent_at INTEGER,"
  "  expires_at INTEGER,"
  "  last_mail_at INTEGER,"
  "  search_text TEXT NOT NULL DEFAULT '',"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE INDEX users_by_name ON users (last_name, first_name, id);"
  "CREATE INDEX users_by_state ON users (conn_state, last_name, first_name, id);"

  "CREATE TABLE tokens ("
  "  hash BLOB PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('access', 'refresh', 'verify', 'reset')),"
  "  user_pk INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  family TEXT,"
  "  email TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  used_at INTEGER,"
  "  revoked_at INTEGER);"
  "CREATE INDEX tokens_by_user ON tokens (user_pk, kind);"
  "CREATE INDEX tokens_by_family ON tokens (family);"

  "CREATE TABLE login_failures ("
  "  id INTEGER PRIMARY KEY,"
  "  username TEXT NOT NULL COLLATE NOCASE,"
  "  time INTEGER NOT NULL);"
  "CREATE INDEX login_failures_by_name ON login_failures (username, time);"
  "CREATE TABLE lockouts ("
  "  username TEXT PRIMARY KEY COLLATE NOCASE,"
  "  locked_until INTEGER NOT NULL);"

  "CREATE TABLE roles ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  description TEXT NOT NULL DEFAULT '',"
  "  grants_users_view INTEGER NOT NULL DEFAULT 0);"

  "CREATE TABLE account_codes ("
  "  id INTEGER PRIMARY KEY,"
  "  dimension TEXT NOT NULL,"
  "  code TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  UNIQUE (dimension, code));"

  "CREATE TABLE authorisations ("
  "  id INTEGER PRIMARY KEY,"
  "  user_pk INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  role_id INTEGER NOT NULL REFERENCES roles (id),"
  "  scope_type TEXT NOT NULL CHECK (scope_type IN ('company', 'account_code', 'employee')),"
  "  account_code_id INTEGER REFERENCES account_codes (id),"
  "  employee_id INTEGER REFERENCES users (id) ON DELETE CASCADE,"
  "  UNIQUE (user_pk, role_id, scope_type, account_code_id, employee_id));"
  "CREATE INDEX authorisations_by_user ON authorisations (user_pk);"

  "CREATE TABLE account_code_audit ("
  "  user_pk INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  account_code_id INTEGER NOT NULL REFERENCES account_codes (id),"
  "  PRIMARY KEY (user_pk, account_code_id));"

  "CREATE TABLE events ("
  "  id INTEGER PRIMARY KEY,"
  "  user_pk INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  time INTEGER NOT NULL,"
  "  actor TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  details TEXT NOT NULL);"
  "CREATE INDEX events_by_user ON events (user_pk, time, id);",

  /* 1 → 2: User-IDs are unique without regard to case beyond ASCII too
   * ("Åsa" = "åsa"); hrm_fold() is registered on every connection. */
  "ALTER TABLE users ADD COLUMN user_id_key TEXT;"
  "UPDATE users SET user_id_key = hrm_fold (user_id);"
  "CREATE UNIQUE INDEX users_by_user_id_key ON users (user_id_key);",

  /* 2 → 3: the users list in Swedish alphabetical order (… X, Y, Z, Å, Ä, Ö),
   * not ASCII order; the indexes follow, so keyset pages stay index lookups.
   * HRM_SV (hrm-collate.c) is registered on every connection. */
  "DROP INDEX users_by_name;"
  "DROP INDEX users_by_state;"
  "CREATE INDEX users_by_name"
  "  ON users (last_name COLLATE HRM_SV, first_name COLLATE HRM_SV, id);"
  "CREATE INDEX users_by_state"
  "  ON users (conn_state, last_name COLLATE HRM_SV, first_name COLLATE HRM_SV, id);",

  /* 3 → 4: the standard roles in a database that has none, so that a first
   * administrator (hrm-server --add-admin) has a role to get; the demo
   * organisation uses them too. */
  "INSERT INTO roles (id, name, description, grants_users_view)"
  " SELECT column1, column2, column3, column4 FROM (VALUES"
  "  (1, 'System administrator', 'Full access, including users and their sign-in', 1),"
  "  (2, 'HR administrator', 'Manages employees, users and their connections', 1),"
  "  (3, 'Payroll administrator', 'Runs payroll and sees salary data', 0),"
  "  (4, 'Manager', 'Approves time and expenses for a team', 0),"
  "  (5, 'Employee', 'Reports own time, absence and expenses', 0),"
  "  (6, 'Attestant', 'Attests costs on the accounting codes in scope', 0))"
  " WHERE NOT EXISTS (SELECT 1 FROM roles);",

  /* 4 → 5: searching the users list without reading every user. The search
   * text (eight fields, one a line) is folded without accents but for å, ä,
   * ö (hrm_collate_search_fold), so "linnea" finds Linnéa; two full-text
   * indexes read it from users.search_text (external content), kept in step
   * by triggers: trigrams for substrings of three characters or more, and
   * words with prefix indexes for one or two characters. Users added by
   * --add-admin had no search text yet. */
  "UPDATE users SET search_text = hrm_search_text (first_name, last_name, user_id,"
  "  alias_user_id, email, signature, card_tag_id, external_reference);"
  "CREATE VIRTUAL TABLE users_search USING fts5 (search_text, content = 'users',"
  "  content_rowid = 'id', tokenize = 'trigram case_sensitive 1');"
  "CREATE VIRTUAL TABLE users_words USING fts5 (search_text, content = 'users',"
  "  content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2');"
  "INSERT INTO users_search (users_search) VALUES ('rebuild');"
  "INSERT INTO users_words (users_words) VALUES ('rebuild');"
  SEARCH_TRIGGERS_V5,

  /* 5 → 6: the outbox (hrm-outbox.c). A mail with a one-time link is queued
   * in the transaction that makes its token and delivered after the commit,
   * so only committed links are mailed, and a server that dies in between
   * delivers it when it starts again. The row keeps what renders the mail;
   * its link (with the raw token) only until the row is sent or has failed:
   * then link is NULL, and the row stays as a record without secrets. uid
   * names the message wherever it goes, so a repeated delivery is the same
   * message. */
  "CREATE TABLE outbox ("
  "  id INTEGER PRIMARY KEY,"
  "  uid TEXT NOT NULL UNIQUE,"
  "  kind TEXT NOT NULL CHECK (kind IN ('verify', 'reset')),"
  "  user_pk INTEGER REFERENCES users (id) ON DELETE SET NULL,"
  "  recipient TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  language TEXT NOT NULL,"
  "  organisation TEXT,"
  "  subject TEXT NOT NULL,"
  "  link TEXT,"
  "  link_expires_at INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'failed')),"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_at INTEGER NOT NULL,"
  "  last_error TEXT,"
  "  sent_at INTEGER,"
  "  CHECK (state = 'queued' OR link IS NULL));"
  "CREATE INDEX outbox_queued ON outbox (next_attempt_at, id) WHERE state = 'queued';"
  "CREATE INDEX outbox_by_user ON outbox (user_pk, kind) WHERE state = 'queued';",

  /* 6 → 7: failed sign-ins count per username and client address, so that
   * failures from one address no longer lock everyone out of an account
   * (hrm-server-sign-in-limits.c). Times are in milliseconds. Failures for
   * names that are no user (known = 0) are capped in number. The old tables
   * held only short-lived counts: they are dropped, not converted. */
  "DROP TABLE IF EXISTS login_failures;"
  "DROP TABLE IF EXISTS lockouts;"
  "DROP TABLE IF EXISTS sign_in_addresses;"
  "CREATE TABLE login_failures ("
  "  id INTEGER PRIMARY KEY,"
  "  username TEXT NOT NULL,"
  "  address TEXT NOT NULL,"
  "  known INTEGER NOT NULL,"
  "  time_ms INTEGER NOT NULL);"
  "CREATE INDEX login_failures_by_name ON login_failures (username, time_ms);"
  "CREATE INDEX login_failures_by_time ON login_failures (time_ms);"
  "CREATE INDEX login_failures_unknown ON login_failures (id) WHERE known = 0;"
  "CREATE TABLE lockouts ("
  "  username TEXT NOT NULL,"
  "  address TEXT NOT NULL,"
  "  known INTEGER NOT NULL,"
  "  locked_until_ms INTEGER NOT NULL,"
  "  PRIMARY KEY (username, address));"
  "CREATE INDEX lockouts_unknown ON lockouts (locked_until_ms) WHERE known = 0;"
  "CREATE TABLE sign_in_addresses ("
  "  username TEXT NOT NULL,"
  "  address TEXT NOT NULL,"
  "  last_success_ms INTEGER NOT NULL,"
  "  PRIMARY KEY (username, address));",

  /* 7 → 8: the provisioning summary and the expired filter without reading
   * every user. user_counts holds how many users there are per enabled,
   * connection state and saved email, kept by triggers, so the summary
   * reads a dozen rows. Whether a pending link has expired changes with
   * the clock, not with a write, so no trigger can count it: the partial
   * index users_pending_expiry orders pending users by expiry, and "expired
   * now" is a range of it (connection=expired and =pending of the list, the
   * summary's expired count; conn_state is in it so that a count reads the
   * index alone). users_by_state gains expires_at, so that walking pending
   * users in the list's order (many matches, a jump by offset) checks their
   * expiry in the index without reading their rows. Every pending user has
   * an expires_at: the verification handler and the demo seed set both
   * together. Dropped first, so a test that winds user_version back can
   * run this again. */
  "DROP TRIGGER IF EXISTS user_counts_insert;"
  "DROP TRIGGER IF EXISTS user_counts_delete;"
  "DROP TRIGGER IF EXISTS user_counts_update;"
  "DROP TABLE IF EXISTS user_counts;"
  "DROP INDEX IF EXISTS users_pending_expiry;"
  "CREATE TABLE user_counts ("
  "  enabled INTEGER NOT NULL,"
  "  conn_state TEXT NOT NULL,"
  "  has_email INTEGER NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  PRIMARY KEY (enabled, conn_state, has_email)) WITHOUT ROWID;"
  COUNT_FILL
  COUNT_TRIGGERS
  "CREATE INDEX users_pending_expiry ON users (expires_at, enabled, conn_state)"
  "  WHERE conn_state = 'pending';"
  "DROP INDEX IF EXISTS users_by_state;"
  "CREATE INDEX users_by_state ON users (conn_state, last_name COLLATE HRM_SV,"
  "  first_name COLLATE HRM_SV, id, expires_at);",

  /* 8 → 9: bulk jobs (hrm-server-bulk-jobs.c, hrm-server-bulk-runner.c).
   * The users a job is for are listed when it is made (bulk_job_items, in
   * order), so its total never changes; an item's outcome is written in
   * the transaction that made its link and queued its mail, so a restart
   * goes on from the first item without one and mails nobody twice. The
   * counters of bulk_jobs are kept in the same transactions. An
   * Idempotency-Key is kept with a hash of the request body that made the
   * job. */
  "CREATE TABLE bulk_jobs ("
  "  id INTEGER PRIMARY KEY,"
  "  action TEXT NOT NULL CHECK (action IN ('send_verification')),"
  "  state TEXT NOT NULL DEFAULT 'queued'"
  "    CHECK (state IN ('queued', 'running', 'done', 'cancelled')),"
  "  created_at INTEGER NOT NULL,"
  "  created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,"
  "  creator_user_id TEXT NOT NULL,"
  "  total INTEGER NOT NULL,"
  "  processed INTEGER NOT NULL DEFAULT 0,"
  "  succeeded INTEGER NOT NULL DEFAULT 0,"
  "  skipped INTEGER NOT NULL DEFAULT 0,"
  "  failed INTEGER NOT NULL DEFAULT 0,"
  "  started_at INTEGER,"
  "  finished_at INTEGER,"
  "  retry_of INTEGER REFERENCES bulk_jobs (id),"
  "  idempotency_key TEXT,"
  "  request_hash TEXT);"
  "CREATE INDEX bulk_jobs_active ON bulk_jobs (id) WHERE state IN ('queued', 'running');"
  "CREATE INDEX bulk_jobs_by_key ON bulk_jobs (created_by, idempotency_key)"
  "  WHERE idempotency_key IS NOT NULL;"
  "CREATE TABLE bulk_job_items ("
  "  job_id INTEGER NOT NULL REFERENCES bulk_jobs (id) ON DELETE CASCADE,"
  "  seq INTEGER NOT NULL,"
  "  user_pk INTEGER REFERENCES users (id) ON DELETE SET NULL,"
  "  outcome TEXT CHECK (outcome IN ('succeeded', 'skipped', 'failed')),"
  "  reason TEXT,"
  "  message TEXT,"
  "  at INTEGER,"
  "  PRIMARY KEY (job_id, seq)) WITHOUT ROWID;"
  "CREATE INDEX bulk_job_items_by_outcome ON bulk_job_items (job_id, outcome, seq);",

  /* 9 → 10: the users list's email= filter (hrm-server-users.c), above all
   * connection=not_linked&email=present|absent, the provisioning summary's
   * "not linked with / without email". The index has a connection state and
   * whether an email is saved (the expression of user_counts.has_email and
   * of HAS_EMAIL in hrm-server-users-query.c, which SQLite matches to it), then
   * the list's order, so a page walks the index from its cursor; enabled is
   * in it so that a count reads the index alone. Dropped first, so a test
   * that winds user_version back can run this again. */
  "DROP INDEX IF EXISTS users_by_state_email;"
  "CREATE INDEX users_by_state_email ON users (conn_state, (coalesce (email, '') <> ''),"
  "  last_name COLLATE HRM_SV, first_name COLLATE HRM_SV, id, enabled);",

  /* 10 → 11: a search that matches many users ("berg": a fifth) walks the
   * list's order and tests each user's search text (hrm-server-users.c).
   * users_by_name_search has the list's order and the search text, so the
   * walk reads the index alone and looks up only the users it keeps: 2.4
   * instead of 12 ms for the first page of "berg" at 100 000 users, which
   * walks 6 700 users to find 51. Dropped first, so a test that winds
   * user_version back can run this again.
   *
   * And the search indexes in one segment each: a 'rebuild' (the demo
   * seed, schema 5) leaves FTS5 with several segments, which every search
   * reads and merges; hrm_db_users_bulk_end() now optimizes after it, and
   * this does it once for databases seeded before. */
  "DROP INDEX IF EXISTS users_by_name_search;"
  "CREATE INDEX users_by_name_search ON users (last_name COLLATE HRM_SV,"
  "  first_name COLLATE HRM_SV, id, search_text);"
  SEARCH_OPTIMIZE,

  /* 11 → 12: the API's connection.delivery shows how the latest
   * verification mail went (hrm-server-user.h), and a bulk-job item turns
   * failed when its mail does. outbox_notes holds, per outbox row, when the
   * outbox last tried it and which bulk-job item queued it: a table of its
   * own rather than columns of outbox, so that this step can run again (a
   * test winds user_version back) and leaves outbox as other steps made it.
   * The index finds a user's latest mail of a kind for every user of a page. */
  "CREATE TABLE IF NOT EXISTS outbox_notes ("
  "  outbox_id INTEGER PRIMARY KEY REFERENCES outbox (id) ON DELETE CASCADE,"
  "  attempted_at INTEGER,"
  "  bulk_job_id INTEGER,"
  "  bulk_seq INTEGER);"
  "DROP INDEX IF EXISTS outbox_latest;"
  "CREATE INDEX outbox_latest ON outbox (user_pk, kind, id);",

  /* 12 → 13: the organisation's email domains and the warnings about a
   * user's address (hrm-server-organisation.c, hrm-email-domains.c).
   * Tables of their own rather than columns of organisation and roles, so
   * that this step can run again (a test winds user_version back):
   * organisation_settings holds the settings that are one value and the
   * version behind the ETag; organisation_domains the allowed and verified
   * domains, lower case; organisation_events the audit trail of changes
   * to them (the events table is per user). role_permissions says which
   * roles may change organisation settings: the standard System
   * administrator (id 1, schema 4; the demo renames it, keeping its id).
   * The two expression indexes find another user with the same address,
   * saved or linked, in lower case (HRM_SERVER_USER_DUPLICATE). */
  "CREATE TABLE IF NOT EXISTS organisation_settings ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  unlink_leavers_after_days INTEGER NOT NULL DEFAULT 5,"
  "  version INTEGER NOT NULL DEFAULT 1);"
  "INSERT OR IGNORE INTO organisation_settings (id) VALUES (1);"
  "CREATE TABLE IF NOT EXISTS organisation_domains ("
  "  kind TEXT NOT NULL CHECK (kind IN ('allowed', 'verified')),"
  "  domain TEXT NOT NULL,"
  "  PRIMARY KEY (kind, domain)) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS organisation_events ("
  "  id INTEGER PRIMARY KEY,"
  "  time INTEGER NOT NULL,"
  "  actor TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  details TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS role_permissions ("
  "  role_id INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,"
  "  permission TEXT NOT NULL CHECK (permission IN ('organisation_settings')),"
  "  PRIMARY KEY (role_id, permission)) WITHOUT ROWID;"
  "INSERT OR IGNORE INTO role_permissions (role_id, permission)"
  "  SELECT id, 'organisation_settings' FROM roles WHERE id = 1;"
  "DROP INDEX IF EXISTS users_by_email_key;"
  "CREATE INDEX users_by_email_key ON users (lower (email));"
  "DROP INDEX IF EXISTS users_by_conn_email_key;"
  "CREATE INDEX users_by_conn_email_key ON users (lower (conn_email));",

  /* 13 → 14: browser sign-in (hrm-server-authorize.c), second factors
   * (hrm-totp.c) and API clients (hrm-admin.c). Tables of their own, so
   * that this step can run again and depends on nothing but users.
   * oauth_codes: authorization codes, by the SHA-256 of the code, bound to
   * the redirect URI and the PKCE challenge; family names the sign-in the
   * code's tokens belong to, so that a reused code revokes them.
   * totp_factors: an account's TOTP secret (base32) and the last 30-s step
   * a code was accepted for, so that a code works once.
   * api_clients: client_credentials clients acting with a user's roles; the
   * secret is 256 random bits, kept as its SHA-256. */
  "CREATE TABLE IF NOT EXISTS oauth_codes ("
  "  hash BLOB PRIMARY KEY,"
  "  user_pk INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  client_id TEXT NOT NULL,"
  "  redirect_uri TEXT NOT NULL,"
  "  code_challenge TEXT NOT NULL,"
  "  family TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  used_at INTEGER);"
  "CREATE INDEX IF NOT EXISTS oauth_codes_by_expiry ON oauth_codes (expires_at);"
  "CREATE TABLE IF NOT EXISTS totp_factors ("
  "  user_pk INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,"
  "  secret TEXT NOT NULL,"
  "  last_step INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS api_clients ("
  "  client_id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  secret_hash BLOB NOT NULL,"
  "  user_pk INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  created_at INTEGER NOT NULL,"
  "  revoked_at INTEGER);",

  /* 14 → 15: leavers (hrm-server-leavers.c). A user's last day of
   * employment, YYYY-MM-DD, in a table of its own rather than a column of
   * users, so that this step can run again (a test winds user_version
   * back); a user without an end date has no row. The housekeeping and the
   * list's leaving=true filter start from this table, which holds only the
   * leavers, rather than from users. */
  "CREATE TABLE IF NOT EXISTS user_employment ("
  "  user_pk INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,"
  "  end_date TEXT NOT NULL CHECK (end_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'));",

  /* 15 → 16: bulk jobs that set the addresses of an imported file (action
   * set_email, hrm-server-bulk-email.c). SQLite cannot widen a CHECK in
   * place, so bulk_jobs is made again with the same columns; bulk_job_items,
   * which refers to it, is copied aside and dropped first (dropping a parent
   * with foreign keys on would delete its items) and made again after.
   * bulk_job_rows keeps each item's row of the file (its number, User-ID
   * and address as sent, and whether the file names that user or address
   * twice); bulk_job_options a job's follow-up (then_send_verification).
   * Tables of their own, without foreign keys, so that this step can run
   * again (a test winds user_version back) and keeps what it finds. */
  "DROP TABLE IF EXISTS temp.bulk_jobs_copy;"
  "DROP TABLE IF EXISTS temp.bulk_job_items_copy;"
  "CREATE TEMP TABLE bulk_jobs_copy AS SELECT id, action, state, created_at, created_by,"
  "  creator_user_id, total, processed, succeeded, skipped, failed, started_at, finished_at,"
  "  retry_of, idempotency_key, request_hash FROM bulk_jobs;"
  "CREATE TEMP TABLE bulk_job_items_copy AS SELECT job_id, seq, user_pk, outcome, reason,"
  "  message, at FROM bulk_job_items;"
  "DROP TABLE bulk_job_items;"
  "DROP TABLE bulk_jobs;"
  "CREATE TABLE bulk_jobs ("
  "  id INTEGER PRIMARY KEY,"
  "  action TEXT NOT NULL CHECK (action IN ('send_verification', 'set_email')),"
  "  state TEXT NOT NULL DEFAULT 'queued'"
  "    CHECK (state IN ('queued', 'running', 'done', 'cancelled')),"
  "  created_at INTEGER NOT NULL,"
  "  created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,"
  "  creator_user_id TEXT NOT NULL,"
  "  total INTEGER NOT NULL,"
  "  processed INTEGER NOT NULL DEFAULT 0,"
  "  succeeded INTEGER NOT NULL DEFAULT 0,"
  "  skipped INTEGER NOT NULL DEFAULT 0,"
  "  failed INTEGER NOT NULL DEFAULT 0,"
  "  started_at INTEGER,"
  "  finished_at INTEGER,"
  "  retry_of INTEGER REFERENCES bulk_jobs (id),"
  "  idempotency_key TEXT,"
  "  request_hash TEXT);"
  "CREATE INDEX bulk_jobs_active ON bulk_jobs (id) WHERE state IN ('queued', 'running');"
  "CREATE INDEX bulk_jobs_by_key ON bulk_jobs (created_by, idempotency_key)"
  "  WHERE idempotency_key IS NOT NULL;"
  "INSERT INTO bulk_jobs SELECT * FROM temp.bulk_jobs_copy ORDER BY id;"
  "CREATE TABLE bulk_job_items ("
  "  job_id INTEGER NOT NULL REFERENCES bulk_jobs (id) ON DELETE CASCADE,"
  "  seq INTEGER NOT NULL,"
  "  user_pk INTEGER REFERENCES users (id) ON DELETE SET NULL,"
  "  outcome TEXT CHECK (outcome IN ('succeeded', 'skipped', 'failed')),"
  "  reason TEXT,"
  "  message TEXT,"
  "  at INTEGER,"
  "  PRIMARY KEY (job_id, seq)) WITHOUT ROWID;"
  "CREATE INDEX bulk_job_items_by_outcome ON bulk_job_items (job_id, outcome, seq);"
  "INSERT INTO bulk_job_items SELECT * FROM temp.bulk_job_items_copy;"
  "DROP TABLE temp.bulk_jobs_copy;"
  "DROP TABLE temp.bulk_job_items_copy;"
  "CREATE TABLE IF NOT EXISTS bulk_job_rows ("
  "  job_id INTEGER NOT NULL,"
  "  seq INTEGER NOT NULL,"
  "  file_row INTEGER NOT NULL,"
  "  user_id TEXT NOT NULL,"
  "  email TEXT NOT NULL,"
  "  duplicate_in_file INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (job_id, seq)) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS bulk_job_options ("
  "  job_id INTEGER PRIMARY KEY,"
  "  then_send_verification INTEGER NOT NULL DEFAULT 0);",

  /* 16 → 17: a search's page in the list's order without walking the list
   * (hrm-server-users.c). users.name_rank numbers the users in the list's
   * order (NAME_RANK_SPACING apart; added before this step by
   * added_columns[], since SQLite cannot add a column only if it is
   * missing), and the search indexes are made again with the rank as their
   * rowid: their matches then come in the list's order, and a page reads
   * the first 51 after the cursor's rank (FTS5 reads its doclists as it
   * goes) instead of testing users until 51 match. users_by_rank maps a
   * match back to its user. The triggers keep the ranks and the indexes
   * (SEARCH_TRIGGERS); name_rank_renumber is their note that the ranks ran
   * out between two users, whose trigger renumbers them. Dropped first, so that this step can run
   * again (a test winds user_version back). */
  "DROP TRIGGER IF EXISTS users_search_insert;"
  "DROP TRIGGER IF EXISTS users_search_delete;"
  "DROP TRIGGER IF EXISTS users_search_update;"
  "DROP TABLE IF EXISTS users_search;"
  "DROP TABLE IF EXISTS users_words;"
  "DROP INDEX IF EXISTS users_by_rank;"
  "DROP TABLE IF EXISTS name_rank_renumber;"
  "CREATE TABLE name_rank_renumber (pending INTEGER NOT NULL);"
  "INSERT INTO name_rank_renumber (pending) VALUES (0);"
  NAME_RANK_RENUMBER_TRIGGER
  NAME_RANK_FILL
  "CREATE UNIQUE INDEX users_by_rank ON users (name_rank);"
  "CREATE VIRTUAL TABLE users_search USING fts5 (search_text, content = 'users',"
  "  content_rowid = 'name_rank', tokenize = 'trigram case_sensitive 1');"
  "CREATE VIRTUAL TABLE users_words USING fts5 (search_text, content = 'users',"
  "  content_rowid = 'name_rank', tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2');"
  "INSERT INTO users_search (users_search) VALUES ('rebuild');"
  "INSERT INTO users_words (users_words) VALUES ('rebuild');"
  SEARCH_OPTIMIZE
  SEARCH_TRIGGERS,

  /* 17 → 18: email_keys, so that a page of the list need not look for each
   * user's duplicates (HRM_SERVER_USER_DUPLICATE) in users: every address
   * in lower case with how many users have it, saved or linked, kept by
   * triggers. Only a key that more than one user has can be a duplicate:
   * the partial index email_keys_shared holds just those, so for almost
   * every user the check is one lookup in a small index, and only for the
   * others the two lookups in users follow. A table of its own, filled
   * again from users, so that this step can run again. */
  "CREATE TABLE IF NOT EXISTS email_keys ("
  "  key TEXT PRIMARY KEY,"
  "  users INTEGER NOT NULL) WITHOUT ROWID;"
  EMAIL_KEY_FILL
  "CREATE INDEX IF NOT EXISTS email_keys_shared ON email_keys (key) WHERE users > 1;"
  EMAIL_KEY_TRIGGERS,
};

const guint _hrm_db_n_migrations = G_N_ELEMENTS (_hrm_db_migrations);

/**
 * hrm_db_users_bulk_begin:
 * Before adding many users in one transaction (the demo seed, into an empty
 * table): stops the triggers that index each row as it comes. FTS5 writes
 * out its pending data at every statement of a trigger, which made 100 000
 * users take ten seconds instead of two. hrm_db_users_bulk_end() numbers the
 * users in the list's order (name_rank), builds the indexes, the user counts
 * and email_keys at once and puts the triggers back.
 */
gboolean
hrm_db_users_bulk_begin (HrmDb   *db,
                         GError **error)
{
  g_assert (hrm_db_in_transaction (db));

  return hrm_db_exec (db,
                      "DROP TRIGGER users_search_insert;"
                      "DROP TRIGGER users_search_delete;"
                      "DROP TRIGGER users_search_update;"
                      "DROP TRIGGER user_counts_insert;"
                      "DROP TRIGGER user_counts_delete;"
                      "DROP TRIGGER user_counts_update;"
                      "DROP TRIGGER email_keys_insert;"
                      "DROP TRIGGER email_keys_delete;"
                      "DROP TRIGGER email_keys_update;", error);
}

gboolean
hrm_db_users_bulk_end (HrmDb   *db,
                       GError **error)
{
  g_assert (hrm_db_in_transaction (db));

  return hrm_db_exec (db,
                      NAME_RANK_FILL
                      "INSERT INTO users_search (users_search) VALUES ('rebuild');"
                      "INSERT INTO users_words (users_words) VALUES ('rebuild');"
                      SEARCH_OPTIMIZE
                      SEARCH_TRIGGERS
                      COUNT_FILL
                      COUNT_TRIGGERS
                      EMAIL_KEY_FILL
                      EMAIL_KEY_TRIGGERS, error);
}
