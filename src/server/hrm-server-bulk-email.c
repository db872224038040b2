/* hrm-server-bulk-email.c — set_email bulk jobs: an imported file of addresses
 *
 * POST /api/v1/bulk-jobs with "action": "set_email" and "rows":
 * [{"row": N, "user_id": "<User-ID>", "email": "…"}] (the file's rows, as
 * the app read them) sets each user's saved address. Each row is classified
 * in one place, classify():
 *
 *   unknown_user_id          no user has the User-ID
 *   malformed_address        not an address the user's email field takes
 *                            (hrm_user_field_check: syntax, length)
 *   unchanged                the user has the address already (or none, and
 *                            the row none)
 *   duplicate_in_file        the file names the user, or the address, on
 *                            more than one row: which one is meant is not
 *                            known, so none of them is set
 *   user_linked              a linked user's address cannot change (as for
 *                            PATCH): delete the connection first
 *   duplicate_of_other_user  another user has the address, saved or linked
 *   outside_allowed_domains  set, with that warning (saving is allowed)
 *   private_address          set, with that warning
 *   will_set                 set
 *
 * A preview (dry_run) answers the count of each and the first rows of each
 * (MAX_SAMPLES, in the file's order) with the user they matched. The job
 * lists every row as an item; the runner classifies each again when it gets
 * to it (the users may have changed since the preview) and sets the address
 * through _hrm_server_user_save(), the code PATCH uses, in one transaction
 * per row with its event and the item's outcome. With
 * then_send_verification, the same transaction queues the verification of
 * the new address when a single send would (_hrm_server_bulk_skip_reason).
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-server-bulk"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hrm-email-domains.h"
#include "hrm-error.h"
#include "hrm-json.h"
#include "hrm-outbox.h"
#include "hrm-server-private.h"
#include "hrm-user-fields.h"
#include "hrm-validate.h"

#define MAX_ROWS        100000
#define MAX_SAMPLES     50
#define MAX_TEXT_LENGTH 1000  /* of a User-ID or address as sent; longer is no user's */

/* In the order of the preview's counts; the last three are set. */
static const char * const classes[] = {
  "unknown_user_id", "malformed_address", "duplicate_in_file", "unchanged", "user_linked",
  "duplicate_of_other_user", "outside_allowed_domains", "private_address", "will_set", NULL
};

typedef struct
{
  gint64  file_row;
  char   *user_id;
  char   *email;
  gint64  user_pk;         /* 0 when no user has the User-ID */
  gboolean duplicate;      /* the file names the user or the address twice */
} Row;

struct _HrmEmailImport
{
  GArray *rows;  /* Row */
};

static void
row_clear (Row *row)
{
  g_free (row->user_id);
  g_free (row->email);
}

void
_hrm_email_import_free (HrmEmailImport *import)
{
  g_clear_pointer (&import->rows, g_array_unref);
  g_free (import);
}

static void
add_row_error (GHashTable *fields,
               guint       index,
               const char *member,
               const char *message)
{
  if (g_hash_table_size (fields) < 20)
    g_hash_table_insert (fields, g_strdup_printf ("rows[%u]%s%s", index, member ? "." : "",
                                                  member ? member : ""),
                         g_strdup (message));
}

/* A string member of a row, at most MAX_TEXT_LENGTH bytes. */
static const char *
row_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING
      || strlen (json_node_get_string (node)) > MAX_TEXT_LENGTH)
    return NULL;
  return json_node_get_string (node);
}

/**
 * _hrm_email_import_read:
 * The rows of a set_email request, checked: 1 to 100 000 objects of a row
 * number, a User-ID and an address (each a string of at most 1000 bytes;
 * what they say is classified later, not refused). Reasons go into @fields.
 */
HrmEmailImport *
_hrm_email_import_read (JsonNode   *node,
                        GHashTable *fields)
{
  static const char * const allowed[] = { "row", "user_id", "email", NULL };
  g_autoptr(HrmEmailImport) import = g_new0 (HrmEmailImport, 1);
  JsonArray *array;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_hash_table_insert (fields, g_strdup ("rows"), g_strdup (_("The rows must be a list")));
      return NULL;
    }
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n == 0 || n > MAX_ROWS)
    {
      g_hash_table_insert (fields, g_strdup ("rows"),
                           g_strdup_printf (_("Give from 1 to %d rows"), MAX_ROWS));
      return NULL;
    }

  import->rows = g_array_sized_new (FALSE, TRUE, sizeof (Row), n);
  g_array_set_clear_func (import->rows, (GDestroyNotify) row_clear);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *where = g_strdup_printf ("rows[%u]", i);
      JsonObject *object;
      JsonNode *number;
      const char *user_id, *email;
      Row row = { 0 };

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          add_row_error (fields, i, NULL, _("A row must be an object"));
          continue;
        }
      object = json_node_get_object (element);
      if (!hrm_http_check_members (object, where, allowed, fields))
        continue;
      number = json_object_get_member (object, "row");
      if (number == NULL || json_node_get_value_type (number) != G_TYPE_INT64
          || json_node_get_int (number) < 1)
        add_row_error (fields, i, "row", _("The row number is a whole number, 1 or more"));
      if ((user_id = row_string (object, "user_id")) == NULL)
        add_row_error (fields, i, "user_id", _("The User-ID must be text of at most 1000 bytes"));
      if ((email = row_string (object, "email")) == NULL)
        add_row_error (fields, i, "email", _("The address must be text of at most 1000 bytes"));
      if (g_hash_table_size (fields) > 0)
        continue;

      row.file_row = json_node_get_int (number);
      row.user_id = g_strdup (user_id);
      row.email = g_strdup (email);
      g_array_append_val (import->rows, row);
    }

  if (g_hash_table_size (fields) > 0)
    return NULL;
  return g_steal_pointer (&import);
}

/* The address as the user's email field would store it, or NULL when that
 * field refuses it (or it is empty: an import sets addresses, it does not
 * clear them). */
static char *
normalise_email (const char *raw)
{
  g_autofree char *email = g_strdup (raw);

  if (!hrm_user_field_check (HRM_USER_FIELD_EMAIL, &email, NULL) || email == NULL
      || email[0] == '\0')
    return NULL;
  return g_steal_pointer (&email);
}

/* The key two addresses are the same by: lower case, as the duplicate
 * warnings compare them. */
static char *
email_key (const char *raw)
{
  g_autofree char *email = normalise_email (raw);

  return email ? g_ascii_strdown (email, -1) : NULL;
}

/* What the rows matched so far name: each table holds the index of the
 * first row with the key, plus one. */
typedef struct
{
  GHashTable *users;   /* user_pk → row */
  GHashTable *emails;  /* email_key → row */
} Matches;

static void
matches_init (Matches *m)
{
  m->users = g_hash_table_new (g_int64_hash, g_int64_equal);
  m->emails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
matches_clear (Matches *m)
{
  g_clear_pointer (&m->users, g_hash_table_unref);
  g_clear_pointer (&m->emails, g_hash_table_unref);
}

/* Finds row @i's user by User-ID (as the users' user_id_key folds it), and
 * marks it and the row before it that names the same user or address. */
static gboolean
match_row (HrmEmailImport  *import,
           guint            i,
           Matches         *m,
           HrmDb           *db,
           GError         **error)
{
  Row *row = &g_array_index (import->rows, Row, i);
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (db, "SELECT id FROM users"
                                            " WHERE user_id_key = hrm_fold (?)", error);
  g_autofree char *key = email_key (row->email);
  gpointer first;

  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_text (stmt, 1, g_strstrip (row->user_id));
  row->user_pk = hrm_stmt_step (stmt, error) ? hrm_stmt_get_int (stmt, 0) : 0;
  if (error != NULL && *error != NULL)
    return FALSE;

  if (row->user_pk > 0)
    {
      if ((first = g_hash_table_lookup (m->users, &row->user_pk)) != NULL)
        {
          row->duplicate = TRUE;
          g_array_index (import->rows, Row, GPOINTER_TO_UINT (first) - 1).duplicate = TRUE;
        }
      else
        g_hash_table_insert (m->users, &row->user_pk, GUINT_TO_POINTER (i + 1));
    }
  if (key != NULL)
    {
      if ((first = g_hash_table_lookup (m->emails, key)) != NULL)
        {
          row->duplicate = TRUE;
          g_array_index (import->rows, Row, GPOINTER_TO_UINT (first) - 1).duplicate = TRUE;
        }
      else
        g_hash_table_insert (m->emails, g_steal_pointer (&key), GUINT_TO_POINTER (i + 1));
    }
  return TRUE;
}

/* Every row matched (match_row()), at once. */
static gboolean
match_rows (HrmEmailImport  *import,
            HrmDb           *db,
            GError         **error)
{
  Matches m;
  gboolean ok = TRUE;

  matches_init (&m);
  for (guint i = 0; ok && i < import->rows->len; i++)
    ok = match_row (import, i, &m, db, error);
  matches_clear (&m);
  return ok;
}

/* Whether a user other than @user_pk has @email, saved or linked (the
 * lower-case indexes of HRM_SERVER_USER_DUPLICATE). */
static gboolean
email_taken (HrmDb       *db,
             const char  *email,
             gint64       user_pk,
             GError     **error)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (db,
                                            "SELECT 1 WHERE EXISTS (SELECT 1 FROM users"
                                            "  WHERE lower (email) = lower (?1) AND id <> ?2)"
                                            " OR EXISTS (SELECT 1 FROM users"
                                            "  WHERE lower (conn_email) = lower (?1) AND id <> ?2)",
                                            error);

  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_text (stmt, 1, email);
  hrm_stmt_bind_int (stmt, 2, user_pk);
  return hrm_stmt_step (stmt, error);
}

/* The organisation's allowed domains, space separated, or NULL for any. */
static char *
allowed_domains (HrmDb   *db,
                 GError **error)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (db, "SELECT group_concat (domain, ' ')"
                                            " FROM organisation_domains WHERE kind = 'allowed'",
                                            error);

  if (stmt == NULL || !hrm_stmt_step (stmt, error))
    return NULL;
  return hrm_stmt_dup_text (stmt, 0);
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* The class of a row (classes[]) for @user (NULL: no user has the User-ID),
 * and in @out_email the address as it would be stored. NULL on error. */
static const char *
classify (HrmDb                *db,
          const char           *allowed,
          const HrmServerUser  *user,
          const char           *raw_email,
          gboolean              duplicate,
          char                **out_email,
          GError              **error)
{
  g_autofree char *email = normalise_email (raw_email);
  g_autofree char *old_email = NULL;
  const char *domain;
  gboolean taken;

  if (user == NULL)
    return "unknown_user_id";
  /* An empty address for a user without one is what an export of that
   * user says: nothing to change. */
  old_email = user->email ? hrm_normalize_email (user->email) : NULL;
  if (email == NULL && (old_email == NULL || old_email[0] == '\0')
      && is_blank (raw_email))
    return "unchanged";
  if (email == NULL)
    return "malformed_address";
  /* Before the duplicates: a row that changes nothing is harmless however
   * often the file names the user or the address. */
  if (g_strcmp0 (old_email, email) == 0)
    return "unchanged";
  if (duplicate)
    return "duplicate_in_file";
  if (hrm_server_user_is_linked (user))
    return "user_linked";
  taken = email_taken (db, email, user->id, error);
  if (error != NULL && *error != NULL)
    return NULL;
  if (taken)
    return "duplicate_of_other_user";

  *out_email = g_steal_pointer (&email);
  domain = hrm_email_domain (*out_email);
  if (allowed != NULL && allowed[0] != '\0' && !hrm_email_domain_in_list (domain, allowed))
    return "outside_allowed_domains";
  if (hrm_email_domain_is_private (domain))
    return "private_address";
  return "will_set";
}

static gboolean
class_sets (const char *class)
{
  return g_str_equal (class, "will_set") || g_str_equal (class, "private_address")
         || g_str_equal (class, "outside_allowed_domains");
}

/* Why a row is not set, or what to mind about one that is, for people. */
static const char *
class_message (const char *class)
{
  if (g_str_equal (class, "unknown_user_id"))
    return _("No user has this User-ID");
  if (g_str_equal (class, "malformed_address"))
    return _("This is not a valid email address");
  if (g_str_equal (class, "duplicate_in_file"))
    return _("The file names this user or this address on more than one row");
  if (g_str_equal (class, "unchanged"))
    return _("The user has this address already");
  if (g_str_equal (class, "user_linked"))
    return _("The user is linked; delete the connection first");
  if (g_str_equal (class, "duplicate_of_other_user"))
    return _("Another user has this address");
  if (g_str_equal (class, "outside_allowed_domains"))
    return _("The address is outside the organisation’s email domains");
  if (g_str_equal (class, "private_address"))
    return _("The address is a private one");
  return NULL;
}

static void
add_sample (JsonBuilder         *builder,
            const Row           *row,
            const HrmServerUser *user,
            const char          *class)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "row");
  json_builder_add_int_value (builder, row->file_row);
  hrm_json_builder_add_string (builder, "user_id", row->user_id);
  hrm_json_builder_add_string (builder, "email", row->email);
  json_builder_set_member_name (builder, "user");
  if (user == NULL)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, user->id);
      hrm_json_builder_add_string (builder, "first_name", user->first_name);
      hrm_json_builder_add_string (builder, "last_name", user->last_name);
      hrm_json_builder_add_string (builder, "email", user->email);
      json_builder_end_object (builder);
    }
  hrm_json_builder_add_string (builder, "message", class_message (class));
  json_builder_end_object (builder);
}

/* The preview (dry_run) of a file, in progress. A 100 000-row file takes
 * seconds to match and classify (three queries a row), so it is done a
 * slice at a time from an idle source, each slice in one read transaction
 * of at most PREVIEW_SLICE_USEC: the server answers everyone else meanwhile
 * (an idle runs only when no request is waiting). At most
 * HRM_MAX_IMPORT_PREVIEWS run at once (each holds its file). A caller who
 * leaves is not noticed before the answer (libsoup does not read a paused
 * connection), so its preview runs to the end all the same. The users may
 * change between slices, as they may after any preview; none is deleted
 * (the server never deletes a user), so a row's matched user stays. */
#define PREVIEW_SLICE_USEC 10000

struct _HrmImportPreview
{
  HrmServer         *server;   /* owned */
  SoupServerMessage *msg;      /* owned, paused */
  HrmEmailImport    *import;   /* owned */
  guint              source_id;
  Matches            matches;
  guint              matched;     /* rows matched so far */
  guint              classified;  /* rows classified so far */
  char              *allowed;     /* the allowed domains, once matched */
  GHashTable        *samples;     /* class → JsonBuilder of its first rows */
  GHashTable        *numbers;     /* class → its count */
  gint64             will_run;
};

static void
preview_free (HrmImportPreview *p)
{
  g_ptr_array_remove_fast (p->server->import_previews, p);
  g_clear_object (&p->server);
  g_clear_object (&p->msg);
  g_clear_pointer (&p->import, _hrm_email_import_free);
  matches_clear (&p->matches);
  g_clear_pointer (&p->allowed, g_free);
  g_clear_pointer (&p->samples, g_hash_table_unref);
  g_clear_pointer (&p->numbers, g_hash_table_unref);
  g_free (p);
}

/* Classifies the next row, counting it and keeping it as a sample. */
static gboolean
preview_row (HrmImportPreview  *p,
             HrmDb             *db,
             GError           **error)
{
  const Row *row = &g_array_index (p->import->rows, Row, p->classified);
  g_autoptr(HrmServerUser) user = NULL;
  g_autofree char *email = NULL;
  const char *class;
  guint n;

  if (row->user_pk > 0 && (user = hrm_server_user_load (db, row->user_pk, error)) == NULL)
    return FALSE;
  class = classify (db, p->allowed, user, row->email, row->duplicate, &email, error);
  if (class == NULL)
    return FALSE;
  n = GPOINTER_TO_UINT (g_hash_table_lookup (p->numbers, class));
  g_hash_table_insert (p->numbers, (char *) class, GUINT_TO_POINTER (n + 1));
  if (class_sets (class))
    p->will_run++;
  if (n < MAX_SAMPLES)
    add_sample (g_hash_table_lookup (p->samples, class), row, user, class);
  p->classified++;
  return TRUE;
}

/* 200 {"total", "will_run", "rows": {class: count}, "samples": {class:
 * [the first rows]}}. The answer's size is bounded by the samples, however
 * long the file. */
static void
send_preview (HrmImportPreview *p)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, p->import->rows->len);
  json_builder_set_member_name (builder, "will_run");
  json_builder_add_int_value (builder, p->will_run);
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_object (builder);
  for (guint i = 0; classes[i] != NULL; i++)
    {
      json_builder_set_member_name (builder, classes[i]);
      json_builder_add_int_value (builder, GPOINTER_TO_UINT (g_hash_table_lookup (p->numbers, classes[i])));
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "samples");
  json_builder_begin_object (builder);
  for (guint i = 0; classes[i] != NULL; i++)
    {
      JsonBuilder *list = g_hash_table_lookup (p->samples, classes[i]);

      json_builder_end_array (list);
      json_builder_set_member_name (builder, classes[i]);
      json_builder_add_value (builder, json_builder_get_root (list));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);

  hrm_http_send_json (p->msg, SOUP_STATUS_OK, node);
}

/* One slice: matches every row first (a duplicate is known only once the
 * whole file is), then classifies. */
static gboolean
preview_step (gpointer data)
{
  HrmImportPreview *p = data;
  HrmDb *db = p->server->db;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + PREVIEW_SLICE_USEC;
  guint len = p->import->rows->len;
  gboolean ok = TRUE;

  if (db == NULL)
    return G_SOURCE_REMOVE;  /* shut down meanwhile: nobody to answer */

  if (!hrm_db_begin_read (db, &error))
    goto failed;
  for (guint n = 0; ok && p->matched < len; n++)
    {
      if (n % 64 == 63 && g_get_monotonic_time () > deadline)
        break;
      ok = match_row (p->import, p->matched++, &p->matches, db, &error);
    }
  if (ok && p->matched == len && p->allowed == NULL)
    {
      p->allowed = allowed_domains (db, &error);
      if (error != NULL)
        ok = FALSE;
      else if (p->allowed == NULL)
        p->allowed = g_strdup ("");
    }
  for (guint n = 0; ok && p->matched == len && p->classified < len; n++)
    {
      if (n % 64 == 63 && g_get_monotonic_time () > deadline)
        break;
      ok = preview_row (p, db, &error);
    }
  hrm_db_end_read (db);
  if (!ok)
    goto failed;

  if (p->classified < len)
    return G_SOURCE_CONTINUE;

  send_preview (p);
  soup_server_message_unpause (p->msg);
  p->source_id = 0;
  return G_SOURCE_REMOVE;

failed:
  hrm_http_send_internal_error (p->msg, error);
  soup_server_message_unpause (p->msg);
  p->source_id = 0;
  return G_SOURCE_REMOVE;
}

/**
 * _hrm_email_import_start_preview:
 * Answers @req with the preview of @import (taken): every row classified,
 * nothing changed, a slice at a time (see above); 503 with Retry-After
 * while HRM_MAX_IMPORT_PREVIEWS others run.
 */
void
_hrm_email_import_start_preview (HrmEmailImport *import,
                                 HrmRequest     *req)
{
  HrmImportPreview *p;

  if (req->server->import_previews->len >= HRM_MAX_IMPORT_PREVIEWS)
    {
      _hrm_email_import_free (import);
      hrm_http_set_retry_after (req->msg, HRM_HASH_BUSY_RETRY);
      hrm_http_send_error (req->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "busy",
                           _("The server is previewing other imports. Try again in a few seconds."),
                           NULL);
      return;
    }

  p = g_new0 (HrmImportPreview, 1);
  p->server = g_object_ref (req->server);
  p->msg = g_object_ref (req->msg);
  p->import = import;
  matches_init (&p->matches);
  p->samples = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  p->numbers = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; classes[i] != NULL; i++)
    {
      JsonBuilder *list = json_builder_new_immutable ();

      json_builder_begin_array (list);
      g_hash_table_insert (p->samples, (char *) classes[i], list);
    }
  g_ptr_array_add (req->server->import_previews, p);
  p->source_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, preview_step, p,
                                  (GDestroyNotify) preview_free);
  soup_server_message_pause (req->msg);
}

/* Stops every preview in progress (the server is shutting down). */
void
_hrm_email_import_stop_previews (HrmServer *self)
{
  while (self->import_previews->len > 0)
    {
      HrmImportPreview *p = g_ptr_array_index (self->import_previews, 0);

      if (p->source_id != 0)
        g_clear_handle_id (&p->source_id, g_source_remove);
      else
        preview_free (p);
    }
}

/**
 * _hrm_email_import_insert:
 * Lists every row as an item of job @job_id (the matched user, or none) with
 * its row of the file, in the file's order.
 */
gboolean
_hrm_email_import_insert (HrmEmailImport  *import,
                          HrmDb           *db,
                          gint64           job_id,
                          gboolean         then_send_verification,
                          GError         **error)
{
  g_autoptr(HrmStmt) options = NULL;

  if (!match_rows (import, db, error))
    return FALSE;

  for (guint i = 0; i < import->rows->len; i++)
    {
      const Row *row = &g_array_index (import->rows, Row, i);
      g_autoptr(HrmStmt) item = hrm_db_prepare (db, "INSERT INTO bulk_job_items (job_id, seq, user_pk)"
                                                " VALUES (?, ?, ?)", error);
      g_autoptr(HrmStmt) file = NULL;

      if (item == NULL)
        return FALSE;
      hrm_stmt_bind_int (item, 1, job_id);
      hrm_stmt_bind_int (item, 2, i + 1);
      if (row->user_pk > 0)
        hrm_stmt_bind_int (item, 3, row->user_pk);
      else
        hrm_stmt_bind_null (item, 3);
      if (!hrm_stmt_run (item, error))
        return FALSE;
      g_clear_pointer (&item, hrm_stmt_release);

      file = hrm_db_prepare (db, "INSERT INTO bulk_job_rows (job_id, seq, file_row, user_id, email,"
                             " duplicate_in_file) VALUES (?, ?, ?, ?, ?, ?)", error);
      if (file == NULL)
        return FALSE;
      hrm_stmt_bind_int (file, 1, job_id);
      hrm_stmt_bind_int (file, 2, i + 1);
      hrm_stmt_bind_int (file, 3, row->file_row);
      hrm_stmt_bind_text (file, 4, row->user_id);
      hrm_stmt_bind_text (file, 5, row->email);
      hrm_stmt_bind_int (file, 6, row->duplicate ? 1 : 0);
      if (!hrm_stmt_run (file, error))
        return FALSE;
    }

  options = hrm_db_prepare (db, "INSERT OR REPLACE INTO bulk_job_options (job_id,"
                            " then_send_verification) VALUES (?, ?)", error);
  if (options == NULL)
    return FALSE;
  hrm_stmt_bind_int (options, 1, job_id);
  hrm_stmt_bind_int (options, 2, then_send_verification ? 1 : 0);
  return hrm_stmt_run (options, error);
}

typedef struct
{
  gint64    file_row;
  char     *user_id;
  char     *email;
  gboolean  duplicate;
  gboolean  then_send;
} StoredRow;

static void
stored_row_clear (StoredRow *row)
{
  g_free (row->user_id);
  g_free (row->email);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StoredRow, stored_row_clear)

static gboolean
load_row (HrmDb      *db,
          gint64      job_id,
          gint64      seq,
          StoredRow  *row,
          GError    **error)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (db,
                                            "SELECT r.file_row, r.user_id, r.email, r.duplicate_in_file,"
                                            " coalesce (o.then_send_verification, 0)"
                                            " FROM bulk_job_rows r LEFT JOIN bulk_job_options o"
                                            " ON o.job_id = r.job_id WHERE r.job_id = ? AND r.seq = ?",
                                            error);

  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_int (stmt, 1, job_id);
  hrm_stmt_bind_int (stmt, 2, seq);
  if (!hrm_stmt_step (stmt, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, HRM_ERROR, HRM_ERROR_NOT_FOUND, "Bulk job %" G_GINT64_FORMAT
                     " has no row %" G_GINT64_FORMAT, job_id, seq);
      return FALSE;
    }
  row->file_row = hrm_stmt_get_int (stmt, 0);
  row->user_id = hrm_stmt_dup_text (stmt, 1);
  row->email = hrm_stmt_dup_text (stmt, 2);
  row->duplicate = hrm_stmt_get_int (stmt, 3) != 0;
  row->then_send = hrm_stmt_get_int (stmt, 4) != 0;
  return TRUE;
}

/* The item's message: the row of the file and, when there is one, why. */
static char *
row_message (const StoredRow *row,
             const char      *why)
{
  if (why == NULL)
    /* TRANSLATORS: a row of an imported file (at most 100 000 rows); %s is its User-ID */
    return g_strdup_printf (_("Row %u (%s)"), (guint) row->file_row, row->user_id);
  /* TRANSLATORS: a row of an imported file (at most 100 000 rows); the
   * first %s is its User-ID, the second what happened */
  return g_strdup_printf (_("Row %u (%s): %s"), (guint) row->file_row, row->user_id, why);
}

/* Sets the address and, when asked, queues its verification, in the open
 * transaction. */
static gboolean
set_email (HrmServer            *self,
           const HrmServerUser  *before,
           const char           *email,
           const StoredRow      *row,
           const char           *actor,
           gint64                job_id,
           gint64                seq,
           gint64                now,
           char                **out_note,
           gboolean             *out_mailed,
           GError              **error)
{
  g_autoptr(HrmServerUser) after = hrm_server_user_load (self->db, before->id, error);
  g_autoptr(HrmServerUser) saved = NULL;
  gboolean stale = FALSE;
  const char *skip;

  if (after == NULL)
    return FALSE;
  g_free (after->email);
  after->email = g_strdup (email);
  if (!_hrm_server_user_save (self->db, before, after, actor, &stale, error))
    {
      if (stale && error != NULL && *error == NULL)
        g_set_error_literal (error, HRM_ERROR, HRM_ERROR_CONFLICT,
                             _("Someone else changed this user meanwhile"));
      return FALSE;
    }
  if (!row->then_send)
    return TRUE;

  /* The verification, as a send_verification job would decide it. */
  saved = hrm_server_user_load (self->db, before->id, error);
  if (saved == NULL)
    return FALSE;
  skip = _hrm_server_bulk_skip_reason (self, saved, now);
  if (skip != NULL)
    {
      /* TRANSLATORS: %s is why, a code such as outside_allowed_domains */
      *out_note = g_strdup_printf (_("no verification sent (%s)"), skip);
      return TRUE;
    }
  if (saved->email_verified_domain)
    return _hrm_server_link_verified_domain (self->db, saved, actor, job_id, error);
  if (!_hrm_server_queue_verification (self, self->db, saved, actor, job_id, now, error)
      || !hrm_outbox_tag_bulk_item (self->db, saved->id, job_id, seq, error))
    return FALSE;
  *out_mailed = TRUE;
  return TRUE;
}

gboolean
_hrm_server_bulk_email_process (HrmServer   *self,
                                gint64       job_id,
                                const char  *actor,
                                gint64       seq,
                                gint64       user_pk,
                                gboolean    *out_mailed,
                                GError     **error)
{
  HrmDb *db = self->db;
  g_auto(StoredRow) row = { 0 };
  g_autoptr(HrmServerUser) user = NULL;
  g_autoptr(HrmDbTxn) txn = NULL;
  g_autoptr(GError) failure = NULL;
  g_autofree char *allowed = NULL;
  g_autofree char *email = NULL;
  g_autofree char *note = NULL;
  g_autofree char *message = NULL;
  const char *class;
  gint64 now = hrm_db_now ();

  *out_mailed = FALSE;
  if (!load_row (db, job_id, seq, &row, error))
    return FALSE;
  if (user_pk > 0)
    {
      user = hrm_server_user_load (db, user_pk, &failure);
      if (user == NULL && !g_error_matches (failure, HRM_ERROR, HRM_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&failure));
          return FALSE;
        }
      g_clear_error (&failure);
    }
  allowed = allowed_domains (db, error);
  if (error != NULL && *error != NULL)
    return FALSE;
  class = classify (db, allowed, user, row.email, row.duplicate, &email, error);
  if (class == NULL)
    return FALSE;

  txn = hrm_db_begin (db, error);
  if (txn == NULL)
    return FALSE;

  if (!class_sets (class))
    {
      message = row_message (&row, class_message (class));
      return _hrm_server_bulk_record_outcome (db, job_id, seq, "skipped", class, message, now, error)
             && hrm_db_txn_commit (txn, error);
    }

  if (set_email (self, user, email, &row, actor, job_id, seq, now, &note, out_mailed, &failure))
    {
      g_autofree char *why = NULL;

      if (g_str_equal (class, "will_set"))
        why = g_strdup (note);
      else if (note != NULL)
        why = g_strdup_printf ("%s; %s", class_message (class), note);
      else
        why = g_strdup (class_message (class));
      message = row_message (&row, why);
      if (_hrm_server_bulk_record_outcome (db, job_id, seq, "succeeded",
                                           g_str_equal (class, "will_set") ? NULL : class,
                                           message, now, &failure)
          && hrm_db_txn_commit (txn, &failure))
        {
          if (*out_mailed)
            _hrm_server_deliver_mail (self);
          return TRUE;
        }
    }

  /* Nothing of that row stays; the item records why. */
  *out_mailed = FALSE;
  g_clear_pointer (&txn, hrm_db_txn_free);
  g_debug ("Bulk job %" G_GINT64_FORMAT ": row %" G_GINT64_FORMAT " failed: %s",
           job_id, row.file_row, failure->message);
  message = row_message (&row, failure->message);
  txn = hrm_db_begin (db, error);
  return txn != NULL
         && _hrm_server_bulk_record_outcome (db, job_id, seq, "failed", NULL, message, now, error)
         && hrm_db_txn_commit (txn, error);
}
