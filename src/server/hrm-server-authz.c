/* hrm-server-authz.c — roles, authorisations, account codes and their audit
 *
 * GET /api/v1/roles, GET /api/v1/account-codes,
 * GET|PUT /api/v1/users/{id}/authorisations,
 * GET|PUT /api/v1/users/{id}/account-code-audit.
 *
 * A PUT replaces the whole list in one transaction and records one event; a
 * user keeps at least one role. A member the server does not know, anywhere
 * in the body, refuses the whole PUT (422 naming it).
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-server-authz"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "hrm-error.h"
#include "hrm-json.h"
#include "hrm-server-private.h"

typedef struct
{
  gint64  role_id;
  char   *scope_type;
  gint64  scope_id;
} Authorisation;

static void
authorisation_free (Authorisation *a)
{
  g_free (a->scope_type);
  g_free (a);
}

static void
send_invalid (SoupServerMessage *msg,
              const char        *field,
              const char        *message)
{
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (fields, (char *) field, (char *) message);
  hrm_http_send_error (msg, 422, "invalid", message, fields);
}

static const HrmColumn role_columns[] = {
  { "id", HRM_COLUMN_INT },
  { "name", HRM_COLUMN_TEXT },
  { "description", HRM_COLUMN_TEXT },
  { "grants_users_view", HRM_COLUMN_BOOL },
};

static const HrmColumn account_code_columns[] = {
  { "id", HRM_COLUMN_INT },
  { "dimension", HRM_COLUMN_TEXT },
  { "code", HRM_COLUMN_TEXT },
  { "name", HRM_COLUMN_TEXT },
};

/* Sends {"items": [...]} for @sql (with @user_pk bound when positive). */
static void
send_list (HrmRequest      *req,
           const char      *sql,
           gint64           user_pk,
           const HrmColumn *columns,
           guint            n_columns)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (req->db, sql, &error);

  if (stmt == NULL)
    {
      hrm_http_send_internal_error (req->msg, error);
      return;
    }
  if (user_pk > 0)
    hrm_stmt_bind_int (stmt, 1, user_pk);

  _hrm_request_send_rows (req, stmt, columns, n_columns);
}

static void
handle_roles (HrmRequest *req)
{
  send_list (req, "SELECT id, name, description, grants_users_view FROM roles ORDER BY id", 0,
             role_columns, G_N_ELEMENTS (role_columns));
}

/* Sends {"items": [AccountCode]} for @sql, which selects id, dimension, code, name. */
static void
send_account_codes (HrmRequest *req,
                    const char *sql,
                    gint64      user_pk)
{
  send_list (req, sql, user_pk, account_code_columns, G_N_ELEMENTS (account_code_columns));
}

static void
handle_account_codes (HrmRequest *req)
{
  send_account_codes (req, "SELECT id, dimension, code, name FROM account_codes"
                           " ORDER BY dimension, code", 0);
}

#define AUTHORISATIONS_SQL \
  "SELECT a.role_id, r.name, a.scope_type, a.account_code_id, ac.dimension, ac.code, ac.name," \
  " a.employee_id, e.first_name, e.last_name, e.user_id" \
  " FROM authorisations a JOIN roles r ON r.id = a.role_id" \
  " LEFT JOIN account_codes ac ON ac.id = a.account_code_id" \
  " LEFT JOIN users e ON e.id = a.employee_id" \
  " WHERE a.user_pk = ? ORDER BY r.name, a.scope_type, ac.dimension, ac.code," \
  " e.last_name COLLATE HRM_SV, e.first_name COLLATE HRM_SV, a.id"

static char *
scope_label (HrmStmt *stmt)
{
  const char *type = hrm_stmt_get_text (stmt, 2);

  if (g_strcmp0 (type, "account_code") == 0)
    return g_strdup_printf ("%s %s %s", hrm_stmt_get_text (stmt, 4), hrm_stmt_get_text (stmt, 5),
                            hrm_stmt_get_text (stmt, 6));
  if (g_strcmp0 (type, "employee") == 0)
    {
      g_autofree char *name = g_strdup_printf ("%s %s", hrm_stmt_get_text (stmt, 8),
                                               hrm_stmt_get_text (stmt, 9));

      g_strstrip (name);
      return name[0] ? g_steal_pointer (&name) : hrm_stmt_dup_text (stmt, 10);
    }
  return g_strdup (_("Whole company"));
}

/* Builds {"items": [...]} and, when @summary is set, a sentence for the audit trail. */
static JsonNode *
load_authorisations (HrmDb    *db,
                     gint64    user_pk,
                     char    **summary,
                     GError  **error)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (db, AUTHORISATIONS_SQL, error);
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(GString) text = g_string_new (NULL);
  GError *local_error = NULL;

  if (stmt == NULL)
    return NULL;
  hrm_stmt_bind_int (stmt, 1, user_pk);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  while (hrm_stmt_step (stmt, &local_error))
    {
      const char *type = hrm_stmt_get_text (stmt, 2);
      g_autofree char *label = scope_label (stmt);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "role_id");
      json_builder_add_int_value (builder, hrm_stmt_get_int (stmt, 0));
      hrm_json_builder_add_string (builder, "role_name", hrm_stmt_get_text (stmt, 1));
      json_builder_set_member_name (builder, "scope");
      json_builder_begin_object (builder);
      hrm_json_builder_add_string (builder, "type", type);
      if (g_strcmp0 (type, "account_code") == 0)
        {
          json_builder_set_member_name (builder, "account_code_id");
          json_builder_add_int_value (builder, hrm_stmt_get_int (stmt, 3));
          hrm_json_builder_add_string (builder, "label", label);
        }
      else if (g_strcmp0 (type, "employee") == 0)
        {
          json_builder_set_member_name (builder, "employee_id");
          json_builder_add_int_value (builder, hrm_stmt_get_int (stmt, 7));
          hrm_json_builder_add_string (builder, "label", label);
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);

      g_string_append_printf (text, "%s%s (%s)", text->len ? ", " : "", hrm_stmt_get_text (stmt, 1),
                              label);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  if (summary != NULL)
    *summary = g_string_free (g_steal_pointer (&text), FALSE);
  return json_builder_get_root (builder);
}

static void
send_authorisations (HrmRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = load_authorisations (req->db, req->id, NULL, &error);

  if (node == NULL)
    hrm_http_send_internal_error (req->msg, error);
  else
    hrm_http_send_json (req->msg, SOUP_STATUS_OK, node);
}

static void
handle_get_authorisations (HrmRequest *req)
{
  g_autoptr(HrmServerUser) user = _hrm_request_load_user (req);

  if (user != NULL)
    send_authorisations (req);
}

static gboolean
row_exists (HrmDb      *db,
            const char *sql,
            gint64      id,
            GError    **error)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_int (stmt, 1, id);
  return hrm_stmt_step (stmt, error);
}

/* Runs @sql, which takes one id and returns no rows. */
static gboolean
run_with_id (HrmDb      *db,
             const char *sql,
             gint64      id,
             GError    **error)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_int (stmt, 1, id);
  return hrm_stmt_run (stmt, error);
}

/* The members a PUT body may have. What GET answers may be sent back as it
 * is, so the server's own role_name, scope label and account code names are
 * known (and ignored); anything else is refused (hrm_http_check_members). */
static const char * const put_members[] = { "items", NULL };
static const char * const authorisation_members[] = { "role_id", "role_name", "scope", NULL };
static const char * const company_scope_members[] = { "type", NULL };
static const char * const account_code_scope_members[] = {
  "type", "account_code_id", "label", NULL
};
static const char * const employee_scope_members[] = { "type", "employee_id", "label", NULL };
static const char * const audit_item_members[] = { "id", "dimension", "code", "name", NULL };

/* The object member @name of @object, or NULL when it is something else. */
static JsonObject *
get_object_or_null (JsonObject *object,
                    const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char * const *
scope_members (JsonObject *scope)
{
  JsonNode *node = json_object_get_member (scope, "type");
  const char *type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  type = json_node_get_string (node);
  if (g_str_equal (type, "company"))
    return company_scope_members;
  if (g_str_equal (type, "account_code"))
    return account_code_scope_members;
  if (g_str_equal (type, "employee"))
    return employee_scope_members;
  return NULL;  /* an unknown type is refused on its own */
}

/* Checks the members of a PUT body {"items": [...]}, and of each item with
 * @item_members, and of each authorisation's scope when @scopes. Sends 422
 * and returns FALSE when some are unknown. Wrong types and missing members are
 * left to the parsers after. */
static gboolean
check_put_members (HrmRequest         *req,
                   JsonObject         *body,
                   const char * const *item_members,
                   gboolean            scopes)
{
  g_autoptr(GHashTable) fields = hrm_http_new_fields ();
  JsonNode *node = json_object_get_member (body, "items");

  hrm_http_check_members (body, NULL, put_members, fields);

  for (guint i = 0; node && JSON_NODE_HOLDS_ARRAY (node)
                    && i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (node), i);
      g_autofree char *where = g_strdup_printf ("items[%u]", i);
      JsonObject *scope;
      const char * const *members;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      hrm_http_check_members (json_node_get_object (element), where, item_members, fields);

      if (scopes
          && (scope = get_object_or_null (json_node_get_object (element), "scope")) != NULL
          && (members = scope_members (scope)) != NULL)
        {
          g_autofree char *scope_where = g_strconcat (where, ".scope", NULL);

          hrm_http_check_members (scope, scope_where, members, fields);
        }
    }

  if (g_hash_table_size (fields) == 0)
    return TRUE;

  hrm_http_send_invalid_fields (req->msg, fields);
  return FALSE;
}

/* Reads and checks the PUT body; sends 400/422 and returns NULL when it is wrong. */
static GPtrArray *
parse_authorisations (HrmRequest *req,
                      JsonObject *body)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) authorisation_free);
  g_autoptr(GError) error = NULL;
  JsonArray *items = hrm_json_get_array (body, "items", &error);

  if (items == NULL)
    {
      send_invalid (req->msg, "items", error->message);
      return NULL;
    }

  if (json_array_get_length (items) == 0)
    {
      send_invalid (req->msg, "items", _("A user needs at least one role"));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *element = json_array_get_element (items, i);
      JsonObject *item;
      JsonObject *scope;
      g_autofree char *type = NULL;
      g_autofree char *message = NULL;
      Authorisation *a;
      gint64 role_id = 0;
      gint64 scope_id = 0;
      gboolean exists;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          send_invalid (req->msg, "items", _("Each authorisation must be an object"));
          return NULL;
        }
      item = json_node_get_object (element);

      if (!hrm_json_get_int (item, "role_id", &role_id, &error)
          || (scope = hrm_json_get_object (item, "scope", FALSE, &error)) == NULL
          || !hrm_json_get_string (scope, "type", FALSE, &type, &error))
        {
          send_invalid (req->msg, "items", error->message);
          return NULL;
        }

      exists = row_exists (req->db, "SELECT 1 FROM roles WHERE id = ?", role_id, &error);
      if (!exists)
        {
          message = g_strdup_printf (_("There is no role with id %" PRId64), role_id);
          goto invalid;
        }

      if (g_str_equal (type, "account_code"))
        {
          if (!hrm_json_get_int (scope, "account_code_id", &scope_id, &error))
            goto invalid;
          exists = row_exists (req->db, "SELECT 1 FROM account_codes WHERE id = ?", scope_id, &error);
          if (!exists)
            message = g_strdup_printf (_("There is no account code with id %" PRId64),
                                       scope_id);
        }
      else if (g_str_equal (type, "employee"))
        {
          if (!hrm_json_get_int (scope, "employee_id", &scope_id, &error))
            goto invalid;
          exists = row_exists (req->db, "SELECT 1 FROM users WHERE id = ?", scope_id, &error);
          if (!exists)
            message = g_strdup_printf (_("There is no employee with id %" PRId64), scope_id);
        }
      else if (!g_str_equal (type, "company"))
        {
          exists = FALSE;
          message = g_strdup_printf (_("Unknown scope type “%s”; use company, account_code or employee"),
                                     type);
        }

      if (!exists)
        goto invalid;

      a = g_new0 (Authorisation, 1);
      a->role_id = role_id;
      a->scope_type = g_steal_pointer (&type);
      a->scope_id = scope_id;
      g_ptr_array_add (list, a);
      continue;

    invalid:
      if (error != NULL && !g_error_matches (error, HRM_ERROR, HRM_ERROR_INVALID))
        hrm_http_send_internal_error (req->msg, error);
      else
        send_invalid (req->msg, "items", message ? message : error->message);
      return NULL;
    }

  return g_steal_pointer (&list);
}

static void
handle_put_authorisations (HrmRequest *req)
{
  g_autoptr(HrmServerUser) user = _hrm_request_load_user (req);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(HrmDbTxn) txn = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) saved = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *details = NULL;

  if (user == NULL || (body = hrm_http_read_json (req->msg, FALSE)) == NULL
      || !check_put_members (req, body, authorisation_members, TRUE)
      || (list = parse_authorisations (req, body)) == NULL)
    return;

  txn = hrm_db_begin (req->db, &error);
  if (txn == NULL)
    goto failed;

  if (!run_with_id (req->db, "DELETE FROM authorisations WHERE user_pk = ?", user->id, &error))
    goto failed;

  for (guint i = 0; i < list->len; i++)
    {
      Authorisation *a = g_ptr_array_index (list, i);
      g_autoptr(HrmStmt) insert = NULL;

      insert = hrm_db_prepare (req->db,
                               "INSERT OR IGNORE INTO authorisations"
                               " (user_pk, role_id, scope_type, account_code_id, employee_id)"
                               " VALUES (?, ?, ?, ?, ?)", &error);
      if (insert == NULL)
        goto failed;
      hrm_stmt_bind_int (insert, 1, user->id);
      hrm_stmt_bind_int (insert, 2, a->role_id);
      hrm_stmt_bind_text (insert, 3, a->scope_type);
      if (g_str_equal (a->scope_type, "account_code"))
        hrm_stmt_bind_int (insert, 4, a->scope_id);
      if (g_str_equal (a->scope_type, "employee"))
        hrm_stmt_bind_int (insert, 5, a->scope_id);
      if (!hrm_stmt_run (insert, &error))
        goto failed;
    }

  saved = load_authorisations (req->db, user->id, &summary, &error);
  if (saved == NULL)
    goto failed;

  details = g_strdup_printf (_("Roles set to %s"), summary);
  if (!_hrm_server_record_event (req->db, user->id, req->caller_name, "authorisations_updated",
                                 details, &error)
      || !hrm_db_txn_commit (txn, &error))
    goto failed;

  hrm_http_send_json (req->msg, SOUP_STATUS_OK, saved);
  return;

failed:
  hrm_http_send_internal_error (req->msg, error);
}

#define AUDIT_SQL \
  "SELECT ac.id, ac.dimension, ac.code, ac.name FROM account_code_audit a" \
  " JOIN account_codes ac ON ac.id = a.account_code_id WHERE a.user_pk = ?" \
  " ORDER BY ac.dimension, ac.code"

static void
handle_get_audit (HrmRequest *req)
{
  g_autoptr(HrmServerUser) user = _hrm_request_load_user (req);

  if (user != NULL)
    send_account_codes (req, AUDIT_SQL, user->id);
}

static void
handle_put_audit (HrmRequest *req)
{
  g_autoptr(HrmServerUser) user = _hrm_request_load_user (req);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(HrmDbTxn) txn = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) details = g_string_new (NULL);
  JsonArray *items;

  if (user == NULL || (body = hrm_http_read_json (req->msg, FALSE)) == NULL
      || !check_put_members (req, body, audit_item_members, FALSE))
    return;

  items = hrm_json_get_array (body, "items", &error);
  if (items == NULL)
    {
      send_invalid (req->msg, "items", error->message);
      return;
    }

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *element = json_array_get_element (items, i);
      gint64 id;

      if (!JSON_NODE_HOLDS_OBJECT (element)
          || !hrm_json_get_int (json_node_get_object (element), "id", &id, &error))
        {
          send_invalid (req->msg, "items", error ? error->message
                                                 : _("Each account code must be an object with an id"));
          return;
        }
      if (!row_exists (req->db, "SELECT 1 FROM account_codes WHERE id = ?", id, &error))
        {
          g_autofree char *message = NULL;

          if (error != NULL)
            {
              hrm_http_send_internal_error (req->msg, error);
              return;
            }
          message = g_strdup_printf (_("There is no account code with id %" PRId64), id);
          send_invalid (req->msg, "items", message);
          return;
        }
      g_array_append_val (ids, id);
    }

  txn = hrm_db_begin (req->db, &error);
  if (txn == NULL)
    goto failed;

  if (!run_with_id (req->db, "DELETE FROM account_code_audit WHERE user_pk = ?", user->id, &error))
    goto failed;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(HrmStmt) insert = hrm_db_prepare (req->db,
                                                  "INSERT OR IGNORE INTO account_code_audit"
                                                  " (user_pk, account_code_id) VALUES (?, ?)", &error);
      if (insert == NULL)
        goto failed;
      hrm_stmt_bind_int (insert, 1, user->id);
      hrm_stmt_bind_int (insert, 2, g_array_index (ids, gint64, i));
      if (!hrm_stmt_run (insert, &error))
        goto failed;
    }

  {
    g_autoptr(HrmStmt) stmt = hrm_db_prepare (req->db, AUDIT_SQL, &error);

    if (stmt == NULL)
      goto failed;
    hrm_stmt_bind_int (stmt, 1, user->id);
    while (hrm_stmt_step (stmt, &error))
      g_string_append_printf (details, "%s%s %s", details->len ? ", " : "",
                              hrm_stmt_get_text (stmt, 1), hrm_stmt_get_text (stmt, 2));
    if (error != NULL)
      goto failed;
  }

  if (details->len == 0)
    g_string_assign (details, _("Account code audit cleared"));
  else
    g_string_prepend (details, _("Account code audit set to "));

  if (!_hrm_server_record_event (req->db, user->id, req->caller_name, "account_code_audit_updated",
                                 details->str, &error)
      || !hrm_db_txn_commit (txn, &error))
    goto failed;

  send_account_codes (req, AUDIT_SQL, user->id);
  return;

failed:
  hrm_http_send_internal_error (req->msg, error);
}

void
_hrm_server_authz_register (HrmServer *self)
{
  _hrm_server_add_route (self, "GET", "/api/v1/roles", HRM_ROUTE_USERS_VIEW, handle_roles);
  _hrm_server_add_route (self, "GET", "/api/v1/account-codes", HRM_ROUTE_USERS_VIEW,
                         handle_account_codes);
  _hrm_server_add_route (self, "GET", "/api/v1/users/{id}/authorisations", HRM_ROUTE_USERS_VIEW,
                         handle_get_authorisations);
  _hrm_server_add_route (self, "PUT", "/api/v1/users/{id}/authorisations", HRM_ROUTE_USERS_VIEW,
                         handle_put_authorisations);
  _hrm_server_add_route (self, "GET", "/api/v1/users/{id}/account-code-audit", HRM_ROUTE_USERS_VIEW,
                         handle_get_audit);
  _hrm_server_add_route (self, "PUT", "/api/v1/users/{id}/account-code-audit", HRM_ROUTE_USERS_VIEW,
                         handle_put_audit);
}
