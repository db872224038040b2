/* hrm-demo.c — a realistic demo organisation for trying the client
 *
 * "Nordljus Bygg AB", a Swedish construction company in the preparation phase
 * of moving its users to Visma Connect: a dozen notable users with fixed ids
 * (docs/demo-data.md lists them) and generated employees in every connection
 * state. The generator is seeded with a fixed number, so every run produces
 * the same organisation. Seeding happens only into an empty database; on a
 * later start only the demo password is set again.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-demo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hrm-demo.h"
#include "hrm-server-user.h"
#include "hrm-tokens.h"

#define SEED 20261124
#define DAY  (24 * 3600)
#define TTL  86400

/* The standard roles, which the schema creates (hrm-db-schema.c, schema 4). */
enum { ROLE_SYSADMIN = 1, ROLE_HR, ROLE_PAYROLL, ROLE_MANAGER, ROLE_EMPLOYEE, ROLE_ATTESTANT };

/* The schema names them in English, for any organisation; Nordljus Bygg AB
 * is Swedish and calls them what Flex HRM does. Names are data (what the
 * organisation typed), so they are not translated. */
static const struct {
  gint64      id;
  const char *name;
  const char *description;
} swedish_roles[] = {
  { ROLE_SYSADMIN, HRM_DEMO_ADMIN_ROLE_NAME,
    "Full behörighet, även till användarna och deras inloggning" },
  { ROLE_HR, "HR-administratör", "Hanterar anställda, användare och deras kopplingar" },
  { ROLE_PAYROLL, "Löneadministratör", "Kör lönen och ser lönedata" },
  { ROLE_MANAGER, "Chef", "Godkänner tid, frånvaro och utlägg för sin grupp" },
  { ROLE_EMPLOYEE, "Anställd", "Rapporterar egen tid, frånvaro och egna utlägg" },
  { ROLE_ATTESTANT, "Attestant", "Attesterar kostnader på konteringskoderna i sitt urval" },
};

static const struct {
  const char *dimension;
  const char *code;
  const char *name;
} account_codes[] = {
  { "Kostnadsställe", "1000", "Ledning" },
  { "Kostnadsställe", "1100", "Ekonomi" },
  { "Kostnadsställe", "1200", "Personal" },
  { "Kostnadsställe", "1300", "Inköp" },
  { "Kostnadsställe", "1400", "Lager" },
  { "Kostnadsställe", "1500", "Produktion Norr" },
  { "Kostnadsställe", "1600", "Produktion Syd" },
  { "Kostnadsställe", "1700", "Försäljning" },
  { "Kostnadsställe", "1800", "IT" },
  { "Kostnadsställe", "1900", "Service och underhåll" },
  { "Projekt", "P-100", "Kv. Norrsken, Umeå" },
  { "Projekt", "P-101", "Björkbyskolan, etapp 2" },
  { "Projekt", "P-102", "Hamnmagasinet, Luleå" },
  { "Projekt", "P-103", "Vårdcentral Sävar" },
  { "Projekt", "P-104", "Brf Fjällsippan" },
  { "Projekt", "P-105", "Ombyggnad stationshuset" },
};

typedef enum
{
  STATE_NO_EMAIL,
  STATE_EMAIL,
  STATE_PENDING,
  STATE_EXPIRED,
  STATE_LINKED_WORK,
  STATE_LINKED_PRIVATE,
} DemoState;

typedef struct
{
  HrmDb      *db;         /* borrowed */
  GRand      *rand;       /* owned */
  GHashTable *user_ids;   /* owned: used user ids */
  gint64      now;
  const char *password_hash;
} Seeder;

static gboolean
exec_bound (HrmDb       *db,
            const char  *sql,
            GError     **error,
            const char  *types,
            ...)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (db, sql, error);
  va_list args;

  if (stmt == NULL)
    return FALSE;

  va_start (args, types);
  for (int i = 0; types[i]; i++)
    {
      if (types[i] == 's')
        hrm_stmt_bind_text (stmt, i + 1, va_arg (args, const char *));
      else
        {
          gint64 value = va_arg (args, gint64);

          /* 'i' binds a number; 't' a time, where 0 means none */
          if (types[i] == 't' && value == 0)
            hrm_stmt_bind_null (stmt, i + 1);
          else
            hrm_stmt_bind_int (stmt, i + 1, value);
        }
    }
  va_end (args);

  return hrm_stmt_run (stmt, error);
}

static gboolean
insert_user (Seeder        *seeder,
             HrmServerUser *user,
             gboolean       with_password,
             GError       **error)
{
  g_autofree char *search = hrm_server_user_search_text (user);

  return exec_bound (seeder->db,
                     "INSERT INTO users (id, user_id, user_id_key, alias_user_id, signature, card_tag_id,"
                     " external_reference, first_name, last_name, email, enabled, locale,"
                     " password_hash, conn_state, conn_email, verified_at, pending_email, sent_at,"
                     " expires_at, last_mail_at, search_text, updated_at)"
                     " VALUES (?1, ?2, hrm_fold (?2), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                     " ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
                     error, "issssssssisssststttsi",
                     user->id, user->user_id, user->alias_user_id, user->signature,
                     user->card_tag_id, user->external_reference, user->first_name,
                     user->last_name, user->email, (gint64) (user->enabled ? 1 : 0), user->locale,
                     with_password ? seeder->password_hash : NULL, user->conn_state,
                     user->conn_email, user->verified_at, user->pending_email, user->sent_at,
                     user->expires_at, user->last_mail_at, search, user->updated_at);
}

static gboolean
authorise (Seeder     *seeder,
           gint64      user_pk,
           gint64      role_id,
           const char *scope,
           gint64      scope_id,
           GError    **error)
{
  gboolean code = g_str_equal (scope, "account_code");
  gboolean employee = g_str_equal (scope, "employee");

  return exec_bound (seeder->db,
                     "INSERT OR IGNORE INTO authorisations"
                     " (user_pk, role_id, scope_type, account_code_id, employee_id)"
                     " VALUES (?, ?, ?, ?, ?)", error, "iistt",
                     user_pk, role_id, scope, code ? scope_id : (gint64) 0,
                     employee ? scope_id : (gint64) 0);
}

static gboolean
add_event (Seeder     *seeder,
           gint64      user_pk,
           gint64      time,
           const char *actor,
           const char *action,
           const char *details,
           GError    **error)
{
  return exec_bound (seeder->db,
                     "INSERT INTO events (user_pk, time, actor, action, details) VALUES (?, ?, ?, ?, ?)",
                     error, "iisss", user_pk, time, actor, action, details);
}

static char *
unique_user_id (Seeder     *seeder,
                const char *first,
                const char *last)
{
  g_autofree char *a = _hrm_demo_ascii (first);
  g_autofree char *b = _hrm_demo_ascii (last);
  char *candidate = g_strdup_printf ("%s.%s", a, b);

  for (guint n = 2; g_hash_table_contains (seeder->user_ids, candidate); n++)
    {
      g_free (candidate);
      candidate = g_strdup_printf ("%s.%s%u", a, b, n);
    }

  g_hash_table_add (seeder->user_ids, g_strdup (candidate));
  return candidate;
}

/* Fills the connection of @user for @state; @user->user_id must be set. */
static void
set_state (Seeder        *seeder,
           HrmServerUser *user,
           DemoState      state)
{
  static const char *webmail[] = { "gmail.com", "hotmail.com", "outlook.com", "yahoo.se", "live.se" };
  gint64 now = seeder->now;
  g_autofree char *local = NULL;

  /* The work address is first.last, also for the demo sign-in accounts. */
  if (strchr (user->user_id, '.') != NULL)
    local = g_strdup (user->user_id);
  else
    {
      g_autofree char *a = _hrm_demo_ascii (user->first_name);
      g_autofree char *b = _hrm_demo_ascii (user->last_name);

      local = g_strdup_printf ("%s.%s", a, b);
    }

  g_free (user->conn_state);
  user->conn_state = g_strdup ("not_linked");

  switch (state)
    {
    case STATE_NO_EMAIL:
      break;

    case STATE_EMAIL:
    case STATE_PENDING:
    case STATE_EXPIRED:
    case STATE_LINKED_WORK:
      user->email = g_strdup_printf ("%s@nordljus.se", local);
      break;

    case STATE_LINKED_PRIVATE:
      user->email = g_strdup_printf ("%s%02d@%s", local, g_rand_int_range (seeder->rand, 50, 99),
                                     webmail[g_rand_int_range (seeder->rand, 0,
                                                               G_N_ELEMENTS (webmail))]);
      break;

    default:
      g_assert_not_reached ();
    }

  if (state == STATE_PENDING || state == STATE_EXPIRED)
    {
      g_free (user->conn_state);
      user->conn_state = g_strdup ("pending");
      user->pending_email = g_strdup (user->email);
      user->sent_at = state == STATE_PENDING
                      ? now - g_rand_int_range (seeder->rand, 600, 20 * 3600)
                      : now - 3 * DAY - g_rand_int_range (seeder->rand, 0, 5 * 3600);
      user->expires_at = user->sent_at + TTL;
      user->last_mail_at = user->sent_at;
    }
  else if (state == STATE_LINKED_WORK || state == STATE_LINKED_PRIVATE)
    {
      g_free (user->conn_state);
      user->conn_state = g_strdup ("linked");
      user->conn_email = g_strdup (user->email);
      user->verified_at = now - g_rand_int_range (seeder->rand, DAY, 400 * DAY);
      user->last_mail_at = user->verified_at - g_rand_int_range (seeder->rand, 60, 20 * 3600);
    }

  user->updated_at = MAX (user->sent_at, user->verified_at);
  if (user->updated_at == 0)
    user->updated_at = now - g_rand_int_range (seeder->rand, 30 * DAY, 700 * DAY);
}

static void
fill_user (Seeder        *seeder,
           HrmServerUser *user,
           gint64         id,
           const char    *user_id,
           const char    *first,
           const char    *last)
{
  g_autofree char *a = _hrm_demo_ascii (first);
  g_autofree char *b = _hrm_demo_ascii (last);

  user->id = id;
  user->first_name = g_strdup (first);
  user->last_name = g_strdup (last);
  user->user_id = user_id ? g_strdup (user_id) : unique_user_id (seeder, first, last);
  if (user_id != NULL)
    g_hash_table_add (seeder->user_ids, g_strdup (user_id));
  user->alias_user_id = g_strdup_printf ("%u", 10000 + (guint) id);
  {
    g_autofree char *initials = g_strdup_printf ("%.2s%.2s", a, b);

    user->signature = g_ascii_strup (initials, -1);
  }
  if (g_rand_double (seeder->rand) < 0.7)
    user->card_tag_id = g_strdup_printf ("%08X", g_rand_int (seeder->rand));
  if (g_rand_double (seeder->rand) < 0.5)
    user->external_reference = g_strdup_printf ("LÖN-%05u", 20000 + (guint) id);
  user->enabled = TRUE;
  user->locale = g_strdup (g_rand_double (seeder->rand) < 0.9 ? "sv" : "en");
}

static const struct {
  const char *user_id;
  const char *first;
  const char *last;
  DemoState   state;
  gboolean    enabled;
  gint64      role;
  gboolean    password;
} notable[] = {
  /* 1 */ { "admin", "Agnes", "Lindqvist", STATE_LINKED_WORK, TRUE, ROLE_SYSADMIN, TRUE },
  /* 2 */ { "clerk", "Kalle", "Karlsson", STATE_LINKED_WORK, TRUE, ROLE_EMPLOYEE, TRUE },
  /* 3 */ { "anna.svensson", "Anna", "Svensson", STATE_NO_EMAIL, TRUE, ROLE_EMPLOYEE, FALSE },
  /* 4 */ { "erik.johansson", "Erik", "Johansson", STATE_EMAIL, TRUE, ROLE_EMPLOYEE, FALSE },
  /* 5 */ { "maria.andersson", "Maria", "Andersson", STATE_PENDING, TRUE, ROLE_MANAGER, FALSE },
  /* 6 */ { "lars.nilsson", "Lars", "Nilsson", STATE_EXPIRED, TRUE, ROLE_EMPLOYEE, FALSE },
  /* 7 */ { "karin.persson", "Karin", "Persson", STATE_LINKED_WORK, TRUE, ROLE_PAYROLL, FALSE },
  /* 8 */ { "johan.gustafsson", "Johan", "Gustafsson", STATE_LINKED_PRIVATE, TRUE, ROLE_EMPLOYEE, FALSE },
  /* 9 */ { "eva.larsson", "Eva", "Larsson", STATE_EMAIL, FALSE, ROLE_EMPLOYEE, FALSE },
  /* 10 */ { "per.olsson", "Per", "Olsson", STATE_LINKED_WORK, FALSE, ROLE_EMPLOYEE, FALSE },
  /* 11 */ { "sofia.berg", "Sofia", "Berg", STATE_LINKED_WORK, TRUE, ROLE_HR, TRUE },
  /* 12 */ { "ingrid.aberg", "Ingrid", "Åberg", STATE_EMAIL, TRUE, ROLE_ATTESTANT, FALSE },
};

static gboolean
seed_reference_data (Seeder  *seeder,
                     GError **error)
{
  if (!exec_bound (seeder->db,
                   "INSERT INTO organisation (id, name, provisioning_phase, verification_ttl_seconds)"
                   " VALUES (1, ?, 'preparation', ?)", error, "si", "Nordljus Bygg AB", (gint64) TTL))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (account_codes); i++)
    if (!exec_bound (seeder->db,
                     "INSERT INTO account_codes (id, dimension, code, name) VALUES (?, ?, ?, ?)",
                     error, "isss", (gint64) i + 1, account_codes[i].dimension, account_codes[i].code,
                     account_codes[i].name))
      return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (swedish_roles); i++)
    if (!exec_bound (seeder->db, "UPDATE roles SET name = ?, description = ? WHERE id = ?",
                     error, "ssi", swedish_roles[i].name, swedish_roles[i].description,
                     swedish_roles[i].id))
      return FALSE;

  return TRUE;
}

static gboolean
seed_notable (Seeder  *seeder,
              GError **error)
{
  gint64 now = seeder->now;

  for (guint i = 0; i < G_N_ELEMENTS (notable); i++)
    {
      g_autoptr(HrmServerUser) user = g_new0 (HrmServerUser, 1);
      gint64 id = i + 1;
      gint64 scope_id = notable[i].role == ROLE_MANAGER || notable[i].role == ROLE_ATTESTANT ? 6 : 0;
      const char *scope = scope_id ? "account_code" : "company";

      fill_user (seeder, user, id, notable[i].user_id, notable[i].first, notable[i].last);
      set_state (seeder, user, notable[i].state);
      user->enabled = notable[i].enabled;
      if (notable[i].state == STATE_LINKED_PRIVATE)
        {
          g_free (user->email);
          g_free (user->conn_email);
          user->email = g_strdup_printf ("%s72@gmail.com", user->user_id);
          user->conn_email = g_strdup (user->email);
        }
      g_free (user->locale);
      user->locale = g_strdup (id == 8 ? "en" : "sv");

      if (notable[i].role == ROLE_EMPLOYEE)
        {
          scope = "employee";
          scope_id = id;
        }

      if (!insert_user (seeder, user, notable[i].password, error)
          || !authorise (seeder, id, notable[i].role, scope, scope_id, error)
          || !add_event (seeder, id, now - 400 * DAY - (gint64) i * 3600, "import", "user_created",
                         "Imported from the previous HR system", error))
        return FALSE;
    }

  /* A little history to look at. */
  return authorise (seeder, 1, ROLE_HR, "company", 0, error)
         && authorise (seeder, 5, ROLE_ATTESTANT, "account_code", 12, error)
         && authorise (seeder, 7, ROLE_ATTESTANT, "account_code", 2, error)
         && exec_bound (seeder->db,
                        "INSERT INTO account_code_audit (user_pk, account_code_id)"
                        " VALUES (5, 6), (5, 7), (7, 2), (11, 3)", error, "")
         && add_event (seeder, 4, now - 30 * DAY, "sofia.berg", "user_updated",
                       "Changed email from “” to “erik.johansson@nordljus.se”", error)
         && add_event (seeder, 5, now - 2 * 3600, "admin", "verification_sent",
                       "Verification email sent to maria.andersson@nordljus.se", error)
         && add_event (seeder, 6, now - 3 * DAY, "admin", "verification_sent",
                       "Verification email sent to lars.nilsson@nordljus.se", error)
         && add_event (seeder, 7, now - 90 * DAY, "karin.persson", "connection_confirmed",
                       "Linked to Visma Connect as karin.persson@nordljus.se", error)
         && add_event (seeder, 9, now - 60 * DAY, "admin", "user_updated", "Disabled the user", error)
         && add_event (seeder, 10, now - 45 * DAY, "sofia.berg", "user_updated", "Disabled the user",
                       error);
}

static gboolean
seed_generated (Seeder  *seeder,
                guint    n_users,
                GError **error)
{
  guint n_codes = G_N_ELEMENTS (account_codes);

  for (guint i = G_N_ELEMENTS (notable); i < n_users; i++)
    {
      g_autoptr(HrmServerUser) user = g_new0 (HrmServerUser, 1);
      gint64 id = i + 1;
      double roll = g_rand_double (seeder->rand);
      DemoState state;
      const char *first = _hrm_demo_first_name (g_rand_int_range (seeder->rand, 0,
                                                                  _hrm_demo_n_first_names ()));
      const char *last = _hrm_demo_last_name (g_rand_int_range (seeder->rand, 0,
                                                                _hrm_demo_n_last_names ()));

      if (roll < 0.28)
        state = STATE_NO_EMAIL;
      else if (roll < 0.45)
        state = STATE_EMAIL;
      else if (roll < 0.57)
        state = STATE_PENDING;
      else if (roll < 0.65)
        state = STATE_EXPIRED;
      else if (roll < 0.92)
        state = STATE_LINKED_WORK;
      else
        state = STATE_LINKED_PRIVATE;

      fill_user (seeder, user, id, NULL, first, last);
      set_state (seeder, user, state);
      user->enabled = g_rand_double (seeder->rand) >= 0.05;

      if (!insert_user (seeder, user, FALSE, error)
          || !authorise (seeder, id, ROLE_EMPLOYEE, "employee", id, error))
        return FALSE;

      roll = g_rand_double (seeder->rand);
      if (roll < 0.08)
        {
          gint64 code = g_rand_int_range (seeder->rand, 1, n_codes + 1);

          if (!authorise (seeder, id, ROLE_MANAGER, "account_code", code, error)
              || !authorise (seeder, id, ROLE_ATTESTANT, "account_code", code, error)
              || !exec_bound (seeder->db,
                              "INSERT OR IGNORE INTO account_code_audit (user_pk, account_code_id)"
                              " VALUES (?, ?)", error, "ii", id, code))
            return FALSE;
        }
      else if (roll < 0.11)
        {
          if (!authorise (seeder, id, ROLE_PAYROLL, "company", 0, error))
            return FALSE;
        }
      else if (roll < 0.13)
        {
          /* A manager of one colleague in particular */
          if (!authorise (seeder, id, ROLE_MANAGER, "employee", g_rand_int_range (seeder->rand, 3, id),
                          error))
            return FALSE;
        }

      if (i < 1000 && !add_event (seeder, id, user->updated_at, "import", "user_created",
                                  "Imported from the previous HR system", error))
        return FALSE;
    }

  return TRUE;
}

/* The day @days from @now, YYYY-MM-DD (UTC). */
static char *
day_from (gint64 now,
          int    days)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (now + (gint64) days * DAY);

  return g_date_time_format (at, "%Y-%m-%d");
}

/* The ids of up to @limit generated users (not the notable ones) that @sql's
 * WHERE lets through, in id order. */
static GArray *
generated_ids (Seeder      *seeder,
               const char  *where,
               guint        limit,
               GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM users WHERE id > %u AND enabled AND %s"
                                          " ORDER BY id LIMIT %u",
                                          (guint) G_N_ELEMENTS (notable), where, limit);
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (seeder->db, sql, error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) local_error = NULL;

  if (stmt == NULL)
    return NULL;
  while (hrm_stmt_step (stmt, &local_error))
    {
      gint64 id = hrm_stmt_get_int (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* Leavers (docs/demo-data.md), chosen after the generator has run so that
 * they take nothing from its sequence: the first three linked generated
 * users leave, the first of them two days ago (its link goes in three
 * days), the others in two weeks and a month; and the first generated user
 * that is not linked with an address saved left ten days ago and lost its
 * link to the housekeeping five days ago, for the app's rehire offer. */
static gboolean
seed_leavers (Seeder  *seeder,
              GError **error)
{
  static const int end_days[] = { -2, 14, 30 };
  g_autoptr(GArray) linked = generated_ids (seeder, "conn_state = 'linked'", G_N_ELEMENTS (end_days),
                                            error);
  g_autoptr(GArray) unlinked = NULL;

  if (linked == NULL)
    return FALSE;
  for (guint i = 0; i < linked->len; i++)
    {
      g_autofree char *day = day_from (seeder->now, end_days[i]);

      if (!exec_bound (seeder->db, "INSERT INTO user_employment (user_pk, end_date) VALUES (?, ?)",
                       error, "is", g_array_index (linked, gint64, i), day))
        return FALSE;
    }

  unlinked = generated_ids (seeder, "conn_state = 'not_linked' AND coalesce (email, '') <> ''", 1,
                            error);
  if (unlinked == NULL)
    return FALSE;
  for (guint i = 0; i < unlinked->len; i++)
    {
      gint64 id = g_array_index (unlinked, gint64, i);
      g_autofree char *day = day_from (seeder->now, -10);
      g_autoptr(HrmServerUser) user = hrm_server_user_load (seeder->db, id, error);
      g_autofree char *details = NULL;

      if (user == NULL)
        return FALSE;
      details = g_strdup_printf ("Connection to Visma Connect deleted (it was %s)", user->email);
      if (!exec_bound (seeder->db, "INSERT INTO user_employment (user_pk, end_date) VALUES (?, ?)",
                       error, "is", id, day)
          || !add_event (seeder, id, seeder->now - 5 * DAY, "system", "connection_deleted", details,
                         error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_empty (HrmDb    *db,
          gboolean *out_empty,
          GError  **error)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (db, "SELECT EXISTS (SELECT 1 FROM users)", error);

  if (stmt == NULL || !hrm_stmt_step (stmt, error))
    return FALSE;
  *out_empty = hrm_stmt_get_int (stmt, 0) == 0;
  return TRUE;
}

/**
 * hrm_demo_seed:
 * Seeds the demo organisation with @n_users users into an empty database.
 * When the database already has users, only sets the password of the demo
 * sign-in accounts (admin, clerk, sofia.berg) to @password.
 */
gboolean
hrm_demo_seed (HrmDb       *db,
               const char  *password,
               guint        n_users,
               GError     **error)
{
  g_autoptr(HrmDbTxn) txn = NULL;
  g_autofree char *hash = NULL;
  gboolean empty = FALSE;
  Seeder seeder = { 0 };

  g_return_val_if_fail (password != NULL, FALSE);

  /* One Argon2id hash, shared by the demo accounts. */
  hash = hrm_password_hash (password, error);
  if (hash == NULL)
    return FALSE;

  txn = hrm_db_begin (db, error);
  if (txn == NULL || !is_empty (db, &empty, error))
    return FALSE;

  if (!empty)
    {
      g_debug ("The database has users already; only setting the demo password");
      return exec_bound (db,
                         "UPDATE users SET password_hash = ?"
                         " WHERE user_id IN ('admin', 'clerk', 'sofia.berg')", error, "s", hash)
             && hrm_db_txn_commit (txn, error);
    }

  seeder.db = db;
  seeder.rand = g_rand_new_with_seed (SEED);
  seeder.user_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  seeder.now = hrm_db_now ();
  seeder.password_hash = hash;

  n_users = MAX (n_users, G_N_ELEMENTS (notable));
  g_message ("Seeding the demo organisation with %u users", n_users);

  if (!hrm_db_users_bulk_begin (db, error)
      || !seed_reference_data (&seeder, error)
      || !seed_notable (&seeder, error)
      || !seed_generated (&seeder, n_users, error)
      || !seed_leavers (&seeder, error)
      || !hrm_db_users_bulk_end (db, error))
    {
      g_rand_free (seeder.rand);
      g_hash_table_unref (seeder.user_ids);
      return FALSE;
    }

  g_rand_free (seeder.rand);
  g_hash_table_unref (seeder.user_ids);

  /* The seed's one transaction wrote the whole database into the WAL (85 MB
   * at 100 000 users), and every read looked its pages up there; move them
   * into the database file and empty the WAL. */
  return hrm_db_txn_commit (txn, error) && hrm_db_checkpoint (db, error);
}
