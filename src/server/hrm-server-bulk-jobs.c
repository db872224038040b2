/* hrm-server-bulk-jobs.c — /api/v1/bulk-jobs: preview, make, watch, cancel, retry
 *
 * POST   /api/v1/bulk-jobs               → 200 preview (dry_run) or 202 a new job
 * GET    /api/v1/bulk-jobs               → recent jobs, newest first, paged
 * GET    /api/v1/bulk-jobs/{id}          → the job
 * GET    /api/v1/bulk-jobs/{id}/items    → per-user outcomes, paged; or CSV
 * DELETE /api/v1/bulk-jobs/{id}          → cancels a queued or running job
 * POST   /api/v1/bulk-jobs/{id}/retry    → 202 a new job over the failed items
 *
 * A job lists its users when it is made; the runner works on them later
 * (hrm-server-bulk-runner.c). The users come from "user_ids" or from a
 * "filter" read by the same SQL as the users list
 * (_hrm_server_users_filter_prepare). A preview (dry_run) counts the
 * skipped users by reason and names the first 50 of each by name
 * ("samples"), from the same single walk over the users. Action set_email
 * takes the rows of an imported file instead (hrm-server-bulk-email.c).
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-server-bulk"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hrm-collate.h"
#include "hrm-error.h"
#include "hrm-json.h"
#include "hrm-server-private.h"

#define MAX_USER_IDS        100000
#define IDEMPOTENCY_SECONDS (24 * 3600)
#define MAX_KEY_LENGTH      255
#define DEFAULT_LIMIT       50
#define MAX_LIMIT           200
#define CSV_ROWS_PER_CHUNK  200
#define MAX_SAMPLES         50   /* skipped users shown per reason in a preview */

/* In the order in which they are decided. */
static const char * const skip_reasons[] = {
  "disabled", "already_linked", "no_email", "invalid_email", "outside_allowed_domains",
  "duplicate_of_linked", "pending_not_expired", "sent_recently", NULL
};

#define JOB_COLUMNS \
  "id, action, state, created_at, created_by, creator_user_id, total, processed, succeeded," \
  " skipped, failed, started_at, finished_at"

static void
add_time (JsonBuilder *builder,
          const char  *member,
          HrmStmt     *stmt,
          int          column)
{
  g_autoptr(GDateTime) time = NULL;

  if (!hrm_stmt_is_null (stmt, column))
    time = g_date_time_new_from_unix_utc (hrm_stmt_get_int (stmt, column));
  hrm_json_builder_add_datetime (builder, member, time);
}

static void
add_int (JsonBuilder *builder,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

/* The job of a row of JOB_COLUMNS. */
static JsonNode *
job_from_stmt (HrmStmt *stmt)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  static const char * const counters[] = { "total", "processed", "succeeded", "skipped", "failed" };

  json_builder_begin_object (builder);
  add_int (builder, "id", hrm_stmt_get_int (stmt, 0));
  hrm_json_builder_add_string (builder, "action", hrm_stmt_get_text (stmt, 1));
  hrm_json_builder_add_string (builder, "state", hrm_stmt_get_text (stmt, 2));
  add_time (builder, "created_at", stmt, 3);
  json_builder_set_member_name (builder, "created_by");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  if (hrm_stmt_is_null (stmt, 4))
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, hrm_stmt_get_int (stmt, 4));
  hrm_json_builder_add_string (builder, "user_id", hrm_stmt_get_text (stmt, 5));
  json_builder_end_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (counters); i++)
    add_int (builder, counters[i], hrm_stmt_get_int (stmt, 6 + i));
  add_time (builder, "started_at", stmt, 11);
  add_time (builder, "finished_at", stmt, 12);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The job @id, or NULL with @error unset when there is none. */
static JsonNode *
load_job (HrmDb   *db,
          gint64   id,
          GError **error)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (db, "SELECT " JOB_COLUMNS " FROM bulk_jobs WHERE id = ?",
                                            error);

  if (stmt == NULL)
    return NULL;
  hrm_stmt_bind_int (stmt, 1, id);
  if (!hrm_stmt_step (stmt, error))
    return NULL;
  return job_from_stmt (stmt);
}

static void
send_job (HrmRequest *req,
          gint64      id,
          guint       status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) job = load_job (req->db, id, &error);

  if (job == NULL && error != NULL)
    hrm_http_send_internal_error (req->msg, error);
  else if (job == NULL)
    hrm_http_send_error (req->msg, SOUP_STATUS_NOT_FOUND, "not_found",
                         _("There is no such bulk job"), NULL);
  else
    {
      if (status == SOUP_STATUS_ACCEPTED)
        {
          g_autofree char *location = g_strdup_printf ("/api/v1/bulk-jobs/%" G_GINT64_FORMAT, id);

          soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                        "Location", location);
        }
      hrm_http_send_json (req->msg, status, job);
    }
}

static void
send_field_error (HrmRequest *req,
                  const char *field,
                  const char *message)
{
  g_autoptr(GHashTable) fields = hrm_http_new_fields ();

  g_hash_table_insert (fields, g_strdup (field), g_strdup (message));
  hrm_http_send_invalid_fields (req->msg, fields);
}

/* What a POST asks for, checked. */
typedef struct
{
  GArray     *user_ids;   /* gint64, without repeats, or NULL for the filter */
  const char *q;          /* borrowed from the body */
  const char *connection;
  const char *email;      /* present or absent; NULL for either */
  const char *email_warning; /* linked_private, or NULL */
  int         enabled;    /* -1 for either */
  gboolean    dry_run;
  const char *action;     /* send_verification or set_email */
  HrmEmailImport *import; /* set_email: the file's rows */
  gboolean    then_send_verification;
} Request;

static void
request_clear (Request *r)
{
  g_clear_pointer (&r->user_ids, g_array_unref);
  g_clear_pointer (&r->import, _hrm_email_import_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Request, request_clear)

static gboolean
read_filter (JsonNode   *node,
             Request    *r,
             GHashTable *fields)
{
  static const char * const allowed[] = { "q", "connection", "enabled", "email", "email_warning",
                                          NULL };
  JsonObject *filter;
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_hash_table_insert (fields, g_strdup ("filter"), g_strdup (_("The filter must be an object")));
      return FALSE;
    }
  filter = json_node_get_object (node);
  if (!hrm_http_check_members (filter, "filter", allowed, fields))
    return FALSE;

  if ((member = json_object_get_member (filter, "q")) != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (json_node_get_value_type (member) != G_TYPE_STRING
          || strlen (json_node_get_string (member)) > 1000)
        g_hash_table_insert (fields, g_strdup ("filter.q"), g_strdup (_("The search text is not valid")));
      else
        r->q = json_node_get_string (member);
    }

  if ((member = json_object_get_member (filter, "connection")) != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      const char *value = json_node_get_value_type (member) == G_TYPE_STRING
                          ? json_node_get_string (member) : NULL;

      if (g_strcmp0 (value, "not_linked") != 0 && g_strcmp0 (value, "pending") != 0
          && g_strcmp0 (value, "linked") != 0 && g_strcmp0 (value, "expired") != 0)
        g_hash_table_insert (fields, g_strdup ("filter.connection"),
                             g_strdup (_("The connection filter must be not_linked, pending, "
                                         "expired or linked")));
      else
        r->connection = value;
    }

  if ((member = json_object_get_member (filter, "email")) != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      const char *value = json_node_get_value_type (member) == G_TYPE_STRING
                          ? json_node_get_string (member) : NULL;

      if (g_strcmp0 (value, "present") != 0 && g_strcmp0 (value, "absent") != 0)
        g_hash_table_insert (fields, g_strdup ("filter.email"),
                             g_strdup (_("The email filter must be present or absent")));
      else
        r->email = value;
    }

  if ((member = json_object_get_member (filter, "email_warning")) != NULL
      && !JSON_NODE_HOLDS_NULL (member))
    {
      const char *value = json_node_get_value_type (member) == G_TYPE_STRING
                          ? json_node_get_string (member) : NULL;

      if (g_strcmp0 (value, "linked_private") != 0)
        g_hash_table_insert (fields, g_strdup ("filter.email_warning"),
                             g_strdup (_("The email warning filter must be linked_private")));
      else
        r->email_warning = value;
    }

  if ((member = json_object_get_member (filter, "enabled")) != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (json_node_get_value_type (member) != G_TYPE_BOOLEAN)
        g_hash_table_insert (fields, g_strdup ("filter.enabled"),
                             g_strdup (_("The enabled filter must be true or false")));
      else
        r->enabled = json_node_get_boolean (member) ? 1 : 0;
    }

  return g_hash_table_size (fields) == 0;
}

static void
read_user_ids (JsonNode   *node,
               Request    *r,
               GHashTable *fields)
{
  g_autoptr(GHashTable) seen = NULL;
  JsonArray *array;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_hash_table_insert (fields, g_strdup ("user_ids"), g_strdup (_("The user ids must be a list")));
      return;
    }
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n == 0 || n > MAX_USER_IDS)
    {
      g_hash_table_insert (fields, g_strdup ("user_ids"),
                           g_strdup_printf (_("Give from 1 to %d user ids"), MAX_USER_IDS));
      return;
    }

  /* The set points into the array: it is sized for all @n ids at once, so
   * it is never moved while the set is in use. */
  seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  r->user_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gint64 id = 0;

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_INT64)
        id = json_node_get_int (element);
      if (id <= 0)
        {
          if (g_hash_table_size (fields) < 20)
            g_hash_table_insert (fields, g_strdup_printf ("user_ids[%u]", i),
                                 g_strdup (_("A user id is a whole number, 1 or more")));
          continue;
        }
      g_array_append_val (r->user_ids, id);
      if (g_hash_table_contains (seen, &g_array_index (r->user_ids, gint64, r->user_ids->len - 1)))
        g_array_set_size (r->user_ids, r->user_ids->len - 1);
      else
        g_hash_table_add (seen, &g_array_index (r->user_ids, gint64, r->user_ids->len - 1));
    }
}

/* Reads and checks the body; sends 4xx and returns FALSE when it is not right. */
static gboolean
read_request (HrmRequest *req,
              Request    *r)
{
  static const char * const allowed[] = { "action", "user_ids", "filter", "dry_run", "rows",
                                          "then_send_verification", NULL };
  g_autoptr(JsonObject) body = hrm_http_read_json (req->msg, FALSE);
  g_autoptr(GHashTable) fields = NULL;
  JsonNode *action, *user_ids, *filter, *dry_run, *rows, *then_send;

  if (body == NULL)
    return FALSE;

  /* Strings borrowed below stay alive with the message's parsed body. */
  g_object_set_data_full (G_OBJECT (req->msg), "hrm-bulk-body", json_object_ref (body),
                          (GDestroyNotify) json_object_unref);

  fields = hrm_http_new_fields ();
  r->enabled = -1;
  if (!hrm_http_check_members (body, NULL, allowed, fields))
    goto invalid;

  action = json_object_get_member (body, "action");
  if (action != NULL && json_node_get_value_type (action) == G_TYPE_STRING
      && (g_str_equal (json_node_get_string (action), "send_verification")
          || g_str_equal (json_node_get_string (action), "set_email")))
    r->action = json_node_get_string (action);
  else
    g_hash_table_insert (fields, g_strdup ("action"),
                         g_strdup (_("The action must be send_verification or set_email")));

  dry_run = json_object_get_member (body, "dry_run");
  if (dry_run != NULL && json_node_get_value_type (dry_run) != G_TYPE_BOOLEAN)
    g_hash_table_insert (fields, g_strdup ("dry_run"), g_strdup (_("dry_run must be true or false")));
  else
    r->dry_run = dry_run != NULL && json_node_get_boolean (dry_run);

  user_ids = json_object_get_member (body, "user_ids");
  filter = json_object_get_member (body, "filter");
  rows = json_object_get_member (body, "rows");
  then_send = json_object_get_member (body, "then_send_verification");
  if (g_strcmp0 (r->action, "set_email") == 0)
    {
      /* The users are the file's: named by the rows alone. */
      if (user_ids != NULL || filter != NULL)
        g_hash_table_insert (fields, g_strdup (user_ids ? "user_ids" : "filter"),
                             g_strdup (_("set_email takes rows, not user ids or a filter")));
      else if (rows == NULL)
        g_hash_table_insert (fields, g_strdup ("rows"), g_strdup (_("Give the rows to set")));
      else
        r->import = _hrm_email_import_read (rows, fields);
      if (then_send != NULL && json_node_get_value_type (then_send) != G_TYPE_BOOLEAN)
        g_hash_table_insert (fields, g_strdup ("then_send_verification"),
                             g_strdup (_("then_send_verification must be true or false")));
      else
        r->then_send_verification = then_send != NULL && json_node_get_boolean (then_send);
    }
  else if (rows != NULL || then_send != NULL)
    g_hash_table_insert (fields, g_strdup (rows ? "rows" : "then_send_verification"),
                         g_strdup (_("Only set_email takes rows")));
  else if ((user_ids == NULL) == (filter == NULL))
    g_hash_table_insert (fields, g_strdup ("user_ids"),
                         g_strdup (_("Give either user_ids or a filter")));
  else if (user_ids != NULL)
    read_user_ids (user_ids, r, fields);
  else
    read_filter (filter, r, fields);

  if (g_hash_table_size (fields) == 0)
    return TRUE;

invalid:
  hrm_http_send_invalid_fields (req->msg, fields);
  return FALSE;
}

typedef gboolean (*TargetFunc) (const HrmServerUser *user,
                                gint64               seq,
                                gpointer             data,
                                GError             **error);

/* Calls @func for each user the request names, in order. User ids that are
 * no user go into @fields. */
static gboolean
for_each_target (HrmRequest  *req,
                 Request     *r,
                 GHashTable  *fields,
                 TargetFunc   func,
                 gpointer     data,
                 GError     **error)
{
  gint64 seq = 0;

  if (r->user_ids != NULL)
    {
      for (guint i = 0; i < r->user_ids->len; i++)
        {
          gint64 id = g_array_index (r->user_ids, gint64, i);
          g_autoptr(GError) local = NULL;
          g_autoptr(HrmServerUser) user = hrm_server_user_load (req->db, id, &local);

          if (user == NULL && g_error_matches (local, HRM_ERROR, HRM_ERROR_NOT_FOUND))
            {
              if (g_hash_table_size (fields) < 20)
                g_hash_table_insert (fields, g_strdup_printf ("user_ids[%u]", i),
                                     g_strdup (_("There is no such user")));
              continue;
            }
          if (user == NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          if (!func (user, ++seq, data, error))
            return FALSE;
        }
      return TRUE;
    }
  else
    {
      g_autoptr(HrmStmt) stmt = _hrm_server_users_filter_prepare_warning (req->db, r->q,
                                                                          r->connection,
                                                                          r->enabled, r->email,
                                                                          r->email_warning, error);

      if (stmt == NULL)
        return FALSE;
      while (hrm_stmt_step (stmt, error))
        {
          g_autoptr(HrmServerUser) user = hrm_server_user_from_stmt (stmt);

          if (!func (user, ++seq, data, error))
            return FALSE;
        }
      return error == NULL || *error == NULL;
    }
}

/* A skipped user shown in the preview. */
typedef struct
{
  gint64  id;
  char   *user_id;
  char   *first_name;
  char   *last_name;
} Sample;

static void
sample_free (Sample *sample)
{
  g_free (sample->user_id);
  g_free (sample->first_name);
  g_free (sample->last_name);
  g_free (sample);
}

/* The users list's order: last name, first name (Swedish), id. */
static int
sample_compare (gconstpointer a,
                gconstpointer b)
{
  const Sample *sa = *(const Sample * const *) a;
  const Sample *sb = *(const Sample * const *) b;
  int order = hrm_collate_sv (sa->last_name, -1, sb->last_name, -1);

  if (order == 0)
    order = hrm_collate_sv (sa->first_name, -1, sb->first_name, -1);
  if (order == 0)
    order = (sa->id > sb->id) - (sa->id < sb->id);
  return order;
}

/* Keeps the first MAX_SAMPLES of @samples in the list's order. */
static void
samples_trim (GPtrArray *samples)
{
  g_ptr_array_sort (samples, sample_compare);
  if (samples->len > MAX_SAMPLES)
    g_ptr_array_set_size (samples, MAX_SAMPLES);
}

typedef struct
{
  HrmServer  *server;
  gint64      now;
  gint64      total;
  gint64      will_run;
  GHashTable *skipped;   /* reason (static) → count */
  GHashTable *samples;   /* reason (static) → GPtrArray of Sample */
  gboolean    in_order;  /* users come in the list's order (a filter) */
} Preview;

/* The preview reads every user of the request once already, so its
 * samples cost no query of their own. A filter gives the users in the
 * list's order and the first MAX_SAMPLES per reason are the ones; user_ids
 * come in any order, so a few more are kept and sorted now and then. */
static void
preview_add_sample (Preview             *p,
                    const char          *reason,
                    const HrmServerUser *user)
{
  GPtrArray *samples = g_hash_table_lookup (p->samples, reason);
  Sample *sample;

  if (samples == NULL)
    {
      samples = g_ptr_array_new_with_free_func ((GDestroyNotify) sample_free);
      g_hash_table_insert (p->samples, (char *) reason, samples);
    }
  if (p->in_order && samples->len >= MAX_SAMPLES)
    return;

  sample = g_new0 (Sample, 1);
  sample->id = user->id;
  sample->user_id = g_strdup (user->user_id);
  sample->first_name = g_strdup (user->first_name ? user->first_name : "");
  sample->last_name = g_strdup (user->last_name ? user->last_name : "");
  g_ptr_array_add (samples, sample);
  if (samples->len >= 4 * MAX_SAMPLES)
    samples_trim (samples);
}

static gboolean
preview_one (const HrmServerUser  *user,
             gint64                seq,
             gpointer              data,
             GError              **error)
{
  Preview *p = data;
  const char *reason = _hrm_server_bulk_skip_reason (p->server, user, p->now);

  p->total++;
  if (reason == NULL)
    p->will_run++;
  else
    {
      g_hash_table_replace (p->skipped, (char *) reason,
                            GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (p->skipped, reason)) + 1));
      preview_add_sample (p, reason, user);
    }
  return TRUE;
}

static void
add_samples (JsonBuilder *builder,
             GPtrArray   *samples)
{
  json_builder_begin_array (builder);
  if (samples != NULL)
    {
      samples_trim (samples);
      for (guint i = 0; i < samples->len; i++)
        {
          const Sample *sample = g_ptr_array_index (samples, i);

          json_builder_begin_object (builder);
          add_int (builder, "id", sample->id);
          hrm_json_builder_add_string (builder, "user_id", sample->user_id);
          hrm_json_builder_add_string (builder, "first_name", sample->first_name);
          hrm_json_builder_add_string (builder, "last_name", sample->last_name);
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);
}

static void
send_preview (HrmRequest *req,
              Preview    *p)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  add_int (builder, "total", p->total);
  add_int (builder, "will_run", p->will_run);
  json_builder_set_member_name (builder, "skipped");
  json_builder_begin_object (builder);
  for (guint i = 0; skip_reasons[i] != NULL; i++)
    add_int (builder, skip_reasons[i], GPOINTER_TO_INT (g_hash_table_lookup (p->skipped, skip_reasons[i])));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "samples");
  json_builder_begin_object (builder);
  for (guint i = 0; skip_reasons[i] != NULL; i++)
    {
      json_builder_set_member_name (builder, skip_reasons[i]);
      add_samples (builder, g_hash_table_lookup (p->samples, skip_reasons[i]));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);

  hrm_http_send_json (req->msg, SOUP_STATUS_OK, node);
}

typedef struct
{
  HrmDb  *db;
  gint64  job_id;
} Insert;

static gboolean
insert_one (const HrmServerUser  *user,
            gint64                seq,
            gpointer              data,
            GError              **error)
{
  Insert *ins = data;
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (ins->db,
                                            "INSERT INTO bulk_job_items (job_id, seq, user_pk)"
                                            " VALUES (?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_int (stmt, 1, ins->job_id);
  hrm_stmt_bind_int (stmt, 2, seq);
  hrm_stmt_bind_int (stmt, 3, user->id);
  return hrm_stmt_run (stmt, error);
}

/* Adds a queued job in the open transaction; its items are added after. */
static gint64
insert_job (HrmRequest  *req,
            const char  *action,
            const char  *key,
            const char  *hash,
            gint64       retry_of,
            GError     **error)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (req->db,
                                            "INSERT INTO bulk_jobs (action, created_at, created_by,"
                                            " creator_user_id, total, retry_of, idempotency_key,"
                                            " request_hash)"
                                            " VALUES (?7, ?1, ?2, ?3, 0, ?4, ?5, ?6)",
                                            error);

  if (stmt == NULL)
    return 0;
  hrm_stmt_bind_text (stmt, 7, action);
  hrm_stmt_bind_int (stmt, 1, hrm_db_now ());
  hrm_stmt_bind_int (stmt, 2, req->caller_pk);
  hrm_stmt_bind_text (stmt, 3, req->caller_name);
  if (retry_of > 0)
    hrm_stmt_bind_int (stmt, 4, retry_of);
  else
    hrm_stmt_bind_null (stmt, 4);
  hrm_stmt_bind_text (stmt, 5, key);
  hrm_stmt_bind_text (stmt, 6, hash);
  if (!hrm_stmt_run (stmt, error))
    return 0;
  return hrm_db_last_insert_id (req->db);
}

/* Fixes the job's total to the number of its items; FALSE when it has none. */
static gboolean
set_total (HrmDb    *db,
           gint64    job_id,
           gint64   *out_total,
           GError  **error)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (db,
                                            "UPDATE bulk_jobs SET total = (SELECT count(*)"
                                            " FROM bulk_job_items WHERE job_id = ?1)"
                                            " WHERE id = ?1 RETURNING total", error);

  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_int (stmt, 1, job_id);
  if (!hrm_stmt_step (stmt, error))
    return FALSE;
  *out_total = hrm_stmt_get_int (stmt, 0);
  return TRUE;
}

/* The job this caller made with @key in the last day, 0 for none; its body's hash. */
static gint64
find_by_key (HrmRequest  *req,
             const char  *key,
             char       **out_hash,
             GError     **error)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (req->db,
                                            "SELECT id, request_hash FROM bulk_jobs"
                                            " WHERE created_by = ? AND idempotency_key = ?"
                                            " AND created_at > ? ORDER BY id DESC LIMIT 1", error);

  if (stmt == NULL)
    return 0;
  hrm_stmt_bind_int (stmt, 1, req->caller_pk);
  hrm_stmt_bind_text (stmt, 2, key);
  hrm_stmt_bind_int (stmt, 3, hrm_db_now () - IDEMPOTENCY_SECONDS);
  if (!hrm_stmt_step (stmt, error))
    return 0;
  *out_hash = hrm_stmt_dup_text (stmt, 1);
  return hrm_stmt_get_int (stmt, 0);
}

static gboolean
key_is_valid (const char *key)
{
  gsize length = strlen (key);

  if (length == 0 || length > MAX_KEY_LENGTH)
    return FALSE;
  for (const char *p = key; *p != '\0'; p++)
    if (*p < 0x21 || *p > 0x7e)
      return FALSE;
  return TRUE;
}

static void
handle_create (HrmRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *key = soup_message_headers_get_one (headers, "Idempotency-Key");
  g_auto(Request) r = { 0 };
  g_autoptr(GHashTable) fields = hrm_http_new_fields ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmDbTxn) txn = NULL;
  g_autofree char *hash = NULL;
  Insert ins = { req->db, 0 };
  gint64 total = 0;

  if (key != NULL && !key_is_valid (key))
    {
      send_field_error (req, "Idempotency-Key",
                        _("The Idempotency-Key must be 1 to 255 visible ASCII characters"));
      return;
    }

  if (!read_request (req, &r))
    return;

  if (r.dry_run && r.import != NULL)
    {
      _hrm_email_import_start_preview (g_steal_pointer (&r.import), req);
      return;
    }

  if (r.dry_run)
    {
      g_autoptr(GHashTable) skipped = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GHashTable) samples = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                             (GDestroyNotify) g_ptr_array_unref);
      Preview p = { req->server, hrm_db_now (), 0, 0, skipped, samples, r.user_ids == NULL };

      if (!for_each_target (req, &r, fields, preview_one, &p, &error))
        hrm_http_send_internal_error (req->msg, error);
      else if (g_hash_table_size (fields) > 0)
        hrm_http_send_invalid_fields (req->msg, fields);
      else
        send_preview (req, &p);
      return;
    }

  if (key != NULL)
    {
      g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
      g_autofree char *earlier_hash = NULL;
      gint64 earlier;

      hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);
      earlier = find_by_key (req, key, &earlier_hash, &error);
      if (error != NULL)
        goto failed;
      if (earlier > 0 && g_strcmp0 (earlier_hash, hash) == 0)
        {
          send_job (req, earlier, SOUP_STATUS_OK);
          return;
        }
      if (earlier > 0)
        {
          send_field_error (req, "Idempotency-Key",
                            _("This Idempotency-Key was used for another request in the last day"));
          return;
        }
    }

  txn = hrm_db_begin (req->db, &error);
  if (txn == NULL || (ins.job_id = insert_job (req, r.action, key, hash, 0, &error)) == 0)
    goto failed;
  if (r.import != NULL
      ? !_hrm_email_import_insert (r.import, req->db, ins.job_id, r.then_send_verification, &error)
      : !for_each_target (req, &r, fields, insert_one, &ins, &error))
    goto failed;
  if (g_hash_table_size (fields) > 0)
    {
      hrm_http_send_invalid_fields (req->msg, fields);
      return;
    }
  if (!set_total (req->db, ins.job_id, &total, &error) || !hrm_db_txn_commit (txn, &error))
    goto failed;

  _hrm_server_bulk_runner_wake (req->server);
  send_job (req, ins.job_id, SOUP_STATUS_ACCEPTED);
  return;

failed:
  hrm_http_send_internal_error (req->msg, error);
}

static gboolean
read_limit_and_cursor (HrmRequest *req,
                       gint64     *limit,
                       gint64     *after)
{
  const char *limit_text = g_hash_table_lookup (req->query, "limit");
  const char *cursor = g_hash_table_lookup (req->query, "cursor");

  *limit = DEFAULT_LIMIT;
  *after = 0;
  if (limit_text != NULL && !g_ascii_string_to_signed (limit_text, 10, 1, MAX_LIMIT, limit, NULL))
    {
      g_autoptr(GHashTable) fields = hrm_http_new_fields ();

      g_hash_table_insert (fields, g_strdup ("limit"),
                           g_strdup_printf (_("The limit must be a whole number from 1 to %d"), MAX_LIMIT));
      hrm_http_send_error (req->msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                           g_hash_table_lookup (fields, "limit"), fields);
      return FALSE;
    }
  /* The cursor is the position after which the page goes on; opaque to clients. */
  if (cursor != NULL && !g_ascii_string_to_signed (cursor, 10, 1, G_MAXINT64, after, NULL))
    {
      g_autoptr(GHashTable) fields = hrm_http_new_fields ();

      g_hash_table_insert (fields, g_strdup ("cursor"),
                           g_strdup (_("The cursor is not valid; start from the first page")));
      hrm_http_send_error (req->msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                           g_hash_table_lookup (fields, "cursor"), fields);
      return FALSE;
    }
  return TRUE;
}

static void
handle_list (HrmRequest *req)
{
  g_autoptr(HrmStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gint64 limit, after;

  if (!read_limit_and_cursor (req, &limit, &after))
    return;

  stmt = hrm_db_prepare (req->db, "SELECT " JOB_COLUMNS " FROM bulk_jobs"
                         " WHERE ?1 = 0 OR id < ?1 ORDER BY id DESC LIMIT ?2", &error);
  if (stmt == NULL)
    goto failed;
  hrm_stmt_bind_int (stmt, 1, after);
  hrm_stmt_bind_int (stmt, 2, limit + 1);

  _hrm_request_send_page (req, stmt, limit, job_from_stmt);
  return;

failed:
  hrm_http_send_internal_error (req->msg, error);
}

static void
handle_get (HrmRequest *req)
{
  send_job (req, req->id, SOUP_STATUS_OK);
}

/* The job's state, or NULL (404 sent) when there is no such job. */
static char *
job_state (HrmRequest *req)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (req->db, "SELECT state FROM bulk_jobs WHERE id = ?", NULL);
  g_autoptr(GError) error = NULL;

  if (stmt != NULL)
    {
      hrm_stmt_bind_int (stmt, 1, req->id);
      if (hrm_stmt_step (stmt, &error))
        return hrm_stmt_dup_text (stmt, 0);
    }
  if (error != NULL || stmt == NULL)
    hrm_http_send_internal_error (req->msg, error);
  else
    hrm_http_send_error (req->msg, SOUP_STATUS_NOT_FOUND, "not_found",
                         _("There is no such bulk job"), NULL);
  return NULL;
}

static void
handle_cancel (HrmRequest *req)
{
  g_autofree char *state = job_state (req);
  g_autoptr(HrmStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  if (state == NULL)
    return;
  if (!g_str_equal (state, "queued") && !g_str_equal (state, "running"))
    {
      hrm_http_send_error (req->msg, SOUP_STATUS_CONFLICT, "conflict",
                           _("The bulk job has already ended"), NULL);
      return;
    }

  /* The runner works on the main loop too: no item is half done now. */
  stmt = hrm_db_prepare (req->db, "UPDATE bulk_jobs SET state = 'cancelled', finished_at = ?"
                         " WHERE id = ?", &error);
  if (stmt == NULL)
    goto failed;
  hrm_stmt_bind_int (stmt, 1, hrm_db_now ());
  hrm_stmt_bind_int (stmt, 2, req->id);
  if (!hrm_stmt_run (stmt, &error))
    goto failed;

  send_job (req, req->id, SOUP_STATUS_OK);
  return;

failed:
  hrm_http_send_internal_error (req->msg, error);
}

static char *
job_action (HrmDb   *db,
            gint64   id,
            GError **error)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (db, "SELECT action FROM bulk_jobs WHERE id = ?", error);

  if (stmt == NULL)
    return NULL;
  hrm_stmt_bind_int (stmt, 1, id);
  if (!hrm_stmt_step (stmt, error))
    return NULL;
  return hrm_stmt_dup_text (stmt, 0);
}

/* A retried set_email job's items need their rows of the file (numbered as
 * the items are: the failed ones in order) and the options. */
static gboolean
copy_failed_rows (HrmDb   *db,
                  gint64   from,
                  gint64   to,
                  GError **error)
{
  g_autoptr(HrmStmt) rows = hrm_db_prepare (db,
                                            "INSERT INTO bulk_job_rows (job_id, seq, file_row, user_id,"
                                            " email, duplicate_in_file)"
                                            " SELECT ?1, row_number () OVER (ORDER BY i.seq), r.file_row,"
                                            " r.user_id, r.email, r.duplicate_in_file"
                                            " FROM bulk_job_items i JOIN bulk_job_rows r"
                                            " ON r.job_id = i.job_id AND r.seq = i.seq"
                                            " WHERE i.job_id = ?2 AND i.outcome = 'failed'"
                                            " AND i.user_pk IS NOT NULL ORDER BY i.seq", error);
  g_autoptr(HrmStmt) options = NULL;

  if (rows == NULL)
    return FALSE;
  hrm_stmt_bind_int (rows, 1, to);
  hrm_stmt_bind_int (rows, 2, from);
  if (!hrm_stmt_run (rows, error))
    return FALSE;
  g_clear_pointer (&rows, hrm_stmt_release);
  options = hrm_db_prepare (db, "INSERT OR REPLACE INTO bulk_job_options (job_id, then_send_verification)"
                            " SELECT ?1, then_send_verification FROM bulk_job_options WHERE job_id = ?2",
                            error);
  if (options == NULL)
    return FALSE;
  hrm_stmt_bind_int (options, 1, to);
  hrm_stmt_bind_int (options, 2, from);
  return hrm_stmt_run (options, error);
}

static void
handle_retry (HrmRequest *req)
{
  g_autofree char *state = job_state (req);
  g_autofree char *action = NULL;
  g_autoptr(HrmDbTxn) txn = NULL;
  g_autoptr(HrmStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gint64 job_id, total = 0;

  if (state == NULL)
    return;

  action = job_action (req->db, req->id, &error);
  if (action == NULL)
    goto failed;
  txn = hrm_db_begin (req->db, &error);
  if (txn == NULL || (job_id = insert_job (req, action, NULL, NULL, req->id, &error)) == 0)
    goto failed;
  stmt = hrm_db_prepare (req->db,
                         "INSERT INTO bulk_job_items (job_id, seq, user_pk)"
                         " SELECT ?1, row_number () OVER (ORDER BY seq), user_pk"
                         " FROM bulk_job_items WHERE job_id = ?2 AND outcome = 'failed'"
                         " AND user_pk IS NOT NULL ORDER BY seq", &error);
  if (stmt == NULL)
    goto failed;
  hrm_stmt_bind_int (stmt, 1, job_id);
  hrm_stmt_bind_int (stmt, 2, req->id);
  if (!hrm_stmt_run (stmt, &error)
      || (g_str_equal (action, "set_email") && !copy_failed_rows (req->db, req->id, job_id, &error))
      || !set_total (req->db, job_id, &total, &error))
    goto failed;
  if (total == 0)
    {
      hrm_http_send_error (req->msg, SOUP_STATUS_CONFLICT, "conflict",
                           _("No user of this bulk job failed"), NULL);
      return;
    }
  if (!hrm_db_txn_commit (txn, &error))
    goto failed;

  _hrm_server_bulk_runner_wake (req->server);
  send_job (req, job_id, SOUP_STATUS_ACCEPTED);
  return;

failed:
  hrm_http_send_internal_error (req->msg, error);
}

void
_hrm_server_bulk_jobs_register (HrmServer *self)
{
  _hrm_server_add_route (self, "POST", "/api/v1/bulk-jobs", HRM_ROUTE_USERS_VIEW, handle_create);
  _hrm_server_add_route (self, "GET", "/api/v1/bulk-jobs", HRM_ROUTE_USERS_VIEW, handle_list);
  _hrm_server_add_route (self, "GET", "/api/v1/bulk-jobs/{id}", HRM_ROUTE_USERS_VIEW, handle_get);
  _hrm_server_add_route (self, "DELETE", "/api/v1/bulk-jobs/{id}", HRM_ROUTE_USERS_VIEW,
                         handle_cancel);
  _hrm_server_add_route (self, "POST", "/api/v1/bulk-jobs/{id}/retry", HRM_ROUTE_USERS_VIEW,
                         handle_retry);
  _hrm_server_bulk_items_register (self);
  _hrm_server_bulk_runner_wake (self);
}
