/* test-contract.c — what the server sends matches docs/openapi.json: for a
 * request of every kind, the status is documented for that operation, the
 * body validates against the documented schema and documented headers are
 * there
 *
 * The validator covers the part of OpenAPI 3.0 schemas the document uses:
 * $ref, allOf, oneOf, nullable, type, enum, required, properties,
 * additionalProperties: false, items, minItems, minLength/maxLength and
 * format date-time.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>

#include "server-test.h"

typedef struct
{
  Fixture    *f;
  JsonObject *doc;
  guint       checked;
  GHashTable *statuses;   /* "METHOD path status" seen */
} Contract;

static JsonNode *
resolve (JsonObject *doc,
         const char *ref)
{
  g_auto(GStrv) parts = NULL;
  JsonObject *object = doc;
  JsonNode *node = NULL;

  g_assert_true (g_str_has_prefix (ref, "#/"));
  parts = g_strsplit (ref + 2, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_assert_nonnull (object);
      node = json_object_get_member (object, parts[i]);
      g_assert_nonnull (node);
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  return node;
}

/* Follows $ref until an object without one. */
static JsonObject *
deref (JsonObject *doc,
       JsonObject *object)
{
  while (object != NULL && json_object_has_member (object, "$ref"))
    object = json_node_get_object (resolve (doc, json_object_get_string_member (object, "$ref")));
  return object;
}

static const char *
json_type_name (JsonNode *value)
{
  if (JSON_NODE_HOLDS_NULL (value))
    return "null";
  if (JSON_NODE_HOLDS_OBJECT (value))
    return "object";
  if (JSON_NODE_HOLDS_ARRAY (value))
    return "array";
  switch (json_node_get_value_type (value))
    {
    case G_TYPE_STRING: return "string";
    case G_TYPE_INT64: return "integer";
    case G_TYPE_DOUBLE: return "number";
    case G_TYPE_BOOLEAN: return "boolean";
    default: return "unknown";
    }
}

static void validate (JsonObject *doc, JsonObject *schema, JsonNode *value, const char *where, GString *errors);

static void
validate_object (JsonObject *doc,
                 JsonObject *schema,
                 JsonObject *value,
                 const char *where,
                 GString    *errors)
{
  JsonObject *properties = hrm_test_json_get_object (schema, "properties");
  JsonArray *required = hrm_test_json_get_array (schema, "required");
  JsonNode *additional = json_object_get_member (schema, "additionalProperties");
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  for (guint i = 0; required && i < json_array_get_length (required); i++)
    {
      const char *r = json_array_get_string_element (required, i);

      if (!json_object_has_member (value, r))
        g_string_append_printf (errors, "%s: missing required member “%s”\n", where, r);
    }

  json_object_iter_init (&iter, value);
  while (json_object_iter_next (&iter, &name, &member))
    {
      g_autofree char *child = g_strdup_printf ("%s.%s", where, name);
      JsonObject *property = properties ? hrm_test_json_get_object (properties, name) : NULL;

      if (property != NULL)
        validate (doc, property, member, child, errors);
      else if (additional != NULL && JSON_NODE_HOLDS_VALUE (additional)
               && !json_node_get_boolean (additional))
        g_string_append_printf (errors, "%s: not in the schema\n", child);
      else if (additional != NULL && JSON_NODE_HOLDS_OBJECT (additional))
        validate (doc, json_node_get_object (additional), member, child, errors);
    }
}

static void
validate (JsonObject *doc,
          JsonObject *schema,
          JsonNode   *value,
          const char *where,
          GString    *errors)
{
  const char *type;
  JsonArray *list;

  schema = deref (doc, schema);

  if ((list = hrm_test_json_get_array (schema, "allOf")) != NULL)
    for (guint i = 0; i < json_array_get_length (list); i++)
      validate (doc, json_array_get_object_element (list, i), value, where, errors);

  if ((list = hrm_test_json_get_array (schema, "oneOf")) != NULL)
    {
      guint matches = 0;

      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          g_autoptr(GString) sub = g_string_new (NULL);

          validate (doc, json_array_get_object_element (list, i), value, where, sub);
          matches += sub->len == 0;
        }
      if (matches != 1)
        g_string_append_printf (errors, "%s: matches %u of the oneOf schemas, not 1\n", where, matches);
    }

  if (JSON_NODE_HOLDS_NULL (value))
    {
      if (json_object_has_member (schema, "type") && !hrm_test_json_get_bool (schema, "nullable"))
        g_string_append_printf (errors, "%s: null, but not nullable\n", where);
      return;
    }

  type = hrm_test_json_get_string (schema, "type");
  if (type != NULL)
    {
      const char *actual = json_type_name (value);

      if (!g_str_equal (type, actual) && !(g_str_equal (type, "number") && g_str_equal (actual, "integer")))
        {
          g_string_append_printf (errors, "%s: %s, expected %s\n", where, actual, type);
          return;
        }
    }

  if ((list = hrm_test_json_get_array (schema, "enum")) != NULL && JSON_NODE_HOLDS_VALUE (value))
    {
      gboolean found = FALSE;

      for (guint i = 0; i < json_array_get_length (list); i++)
        found |= json_node_equal (json_array_get_element (list, i), value);
      if (!found)
        {
          g_autofree char *text = hrm_json_to_string (value);
          g_string_append_printf (errors, "%s: %s is not in the enum\n", where, text);
        }
    }

  if (JSON_NODE_HOLDS_OBJECT (value))
    validate_object (doc, schema, json_node_get_object (value), where, errors);

  if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);
      JsonObject *items = hrm_test_json_get_object (schema, "items");
      gint64 min_items = json_object_has_member (schema, "minItems")
                         ? json_object_get_int_member (schema, "minItems") : 0;

      if ((gint64) json_array_get_length (array) < min_items)
        g_string_append_printf (errors, "%s: fewer than %" G_GINT64_FORMAT " items\n", where, min_items);
      for (guint i = 0; items && i < json_array_get_length (array); i++)
        {
          g_autofree char *child = g_strdup_printf ("%s[%u]", where, i);
          validate (doc, items, json_array_get_element (array, i), child, errors);
        }
    }

  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (value);
      glong length = g_utf8_strlen (text, -1);

      if (json_object_has_member (schema, "minLength") && length < json_object_get_int_member (schema, "minLength"))
        g_string_append_printf (errors, "%s: shorter than minLength\n", where);
      if (json_object_has_member (schema, "maxLength") && length > json_object_get_int_member (schema, "maxLength"))
        g_string_append_printf (errors, "%s: longer than maxLength\n", where);
      if (g_strcmp0 (hrm_test_json_get_string (schema, "format"), "date-time") == 0)
        {
          g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, NULL);

          if (time == NULL || !g_str_has_suffix (text, "Z"))
            g_string_append_printf (errors, "%s: “%s” is not an RFC 3339 UTC time\n", where, text);
        }
    }
}

static JsonObject *
load_document (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("HRM_SOURCE_DIR"), "docs", "openapi.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  JsonObject *doc;

  g_file_get_contents (path, &text, &length, &error);
  g_assert_no_error (error);
  doc = hrm_json_parse_object (text, length, &error);
  g_assert_no_error (error);
  return doc;
}

/* Checks @r, the answer to @method @template (a path of the document), against
 * what the document says about it. */
static void
check (Contract        *c,
       const char      *method,
       const char      *template,
       HrmTestResponse *r)
{
  g_autofree char *lower = g_ascii_strdown (method, -1);
  g_autofree char *status = g_strdup_printf ("%u", r->status);
  JsonObject *paths = hrm_test_json_get_object (c->doc, "paths");
  /* The path item by its whole name: a path may hold a dot (/.well-known/…),
   * which hrm_test_json_get_object () would take for a member of a member. */
  JsonObject *op = hrm_test_json_get_object (json_object_has_member (paths, template)
                                             ? json_object_get_object_member (paths, template) : NULL,
                                             lower);
  JsonObject *response;
  JsonObject *content;
  JsonObject *headers;
  g_autoptr(GString) errors = g_string_new (NULL);

  g_test_message ("%s %s -> %u", method, template, r->status);
  g_assert_nonnull (op);
  g_assert_cmpuint (r->status, !=, 0);

  response = hrm_test_json_get_object (hrm_test_json_get_object (op, "responses"), status);
  if (response == NULL)
    g_test_message ("status %s is not documented for %s %s: %s", status, method, template, r->text);
  g_assert_nonnull (response);
  response = deref (c->doc, response);
  g_hash_table_add (c->statuses, g_strdup_printf ("%s %s %s", method, template, status));

  content = hrm_test_json_get_object (response, "content");
  if (content != NULL && json_object_has_member (content, "text/csv")
      && g_str_has_prefix (hrm_test_response_get_header (r, "Content-Type"), "text/csv"))
    {
      /* The CSV's own shape is checked in test-bulk-jobs.c. */
      g_assert_true (g_utf8_validate (r->text, -1, NULL));
    }
  else if (content != NULL && json_object_has_member (content, "application/json"))
    {
      JsonObject *schema = hrm_test_json_get_object (content, "application/json.schema");
      const char *type = hrm_test_response_get_header (r, "Content-Type");
      g_autoptr(JsonParser) parser = json_parser_new ();

      g_assert_nonnull (type);
      g_assert_true (g_str_has_prefix (type, "application/json"));
      g_assert_true (json_parser_load_from_data (parser, r->text, -1, NULL));
      validate (c->doc, schema, json_parser_get_root (parser), "body", errors);
    }
  else if (content != NULL && json_object_has_member (content, "text/html"))
    {
      g_assert_true (g_str_has_prefix (hrm_test_response_get_header (r, "Content-Type"), "text/html"));
    }
  else
    {
      /* No content documented: none sent. */
      g_assert_cmpuint (g_bytes_get_size (r->body), ==, 0);
    }

  headers = hrm_test_json_get_object (response, "headers");
  if (headers != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      json_object_iter_init (&iter, headers);
      while (json_object_iter_next (&iter, &name, &node))
        if (hrm_test_response_get_header (r, name) == NULL)
          g_string_append_printf (errors, "header %s is missing\n", name);
    }

  if (errors->len > 0)
    g_test_message ("%s %s %u does not match the document:\n%s%s", method, template, r->status,
                    errors->str, r->text);
  g_assert_cmpuint (errors->len, ==, 0);
  c->checked++;
}

static HrmTestResponse *
call (Contract   *c,
      const char *token,
      const char *method,
      const char *path,
      const char *content_type,
      const char *body,
      const char *if_match)
{
  g_autofree char *uri = hrm_test_server_build_uri (c->f->server, path);
  g_autofree char *bearer = token ? g_strconcat ("Bearer ", token, NULL) : NULL;

  return hrm_test_http (c->f->session, method, uri, content_type, body, -1,
                        "Authorization", bearer, "If-Match", if_match, NULL);
}

#define CHECK(c, token, method, template, path, type, body, if_match)                   \
  G_STMT_START {                                                                       \
    g_autoptr(HrmTestResponse) r_ = call ((c), (token), (method), (path), (type), (body), (if_match)); \
    check ((c), (method), (template), r_);                                             \
  } G_STMT_END

static void
test_responses_match_document (Fixture       *f,
                               gconstpointer  data)
{
  Contract c = { f, NULL, 0, NULL };
  const char *admin;
  const char *json = "application/json";
  const char *form = "application/x-www-form-urlencoded";
  g_autofree char *user = NULL;
  g_autofree char *verify = NULL;
  g_autofree char *reset = NULL;
  g_autofree char *connection = NULL;
  g_autofree char *authz = NULL;
  g_autofree char *audit = NULL;
  g_autofree char *events = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *roles_body = NULL;
  g_autofree char *audit_body = NULL;
  g_autofree char *sign_in = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  c.doc = load_document ();
  c.statuses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  admin = f->admin_token;
  id = some_user_id (f, 0);
  user = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, id);
  verify = g_strconcat (user, "/verification-email", NULL);
  reset = g_strconcat (user, "/password-reset", NULL);
  connection = g_strconcat (user, "/connection", NULL);
  authz = g_strconcat (user, "/authorisations", NULL);
  audit = g_strconcat (user, "/account-code-audit", NULL);
  events = g_strconcat (user, "/events", NULL);
  sign_in = g_strdup_printf ("grant_type=password&username=admin&password=%s", HRM_TEST_PASSWORD);

  /* OAuth */
  CHECK (&c, NULL, "POST", "/oauth/token", "/oauth/token", form, sign_in, NULL);
  CHECK (&c, NULL, "POST", "/oauth/token", "/oauth/token", form,
         "grant_type=password&username=admin&password=wrong-password", NULL);
  CHECK (&c, NULL, "POST", "/oauth/token", "/oauth/token", form, "grant_type=magic", NULL);
  CHECK (&c, NULL, "POST", "/oauth/token", "/oauth/token", json, "{}", NULL);
  CHECK (&c, NULL, "POST", "/oauth/revoke", "/oauth/revoke", form, "token=nothing-known", NULL);
  CHECK (&c, NULL, "POST", "/oauth/token", "/oauth/token", form,
         "grant_type=authorization_code&client_id=hrm-users&code=unknown"
         "&redirect_uri=http%3A%2F%2F127.0.0.1%3A4000%2Fcb&code_verifier=0123456789012345678901234567890123456789abc",
         NULL);
  CHECK (&c, NULL, "POST", "/oauth/token", "/oauth/token", form,
         "grant_type=client_credentials&client_id=api-unknown&client_secret=wrong", NULL);

  /* The browser sign-in (the redirects it answers are in test-authorize.c:
   * this session follows them) */
  CHECK (&c, NULL, "GET", "/.well-known/oauth-authorization-server",
         "/.well-known/oauth-authorization-server", NULL, NULL, NULL);
  CHECK (&c, NULL, "GET", "/oauth/authorize",
         "/oauth/authorize?response_type=code&client_id=hrm-users"
         "&redirect_uri=http%3A%2F%2F127.0.0.1%3A4000%2Fcb&state=s"
         "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256",
         NULL, NULL, NULL);
  CHECK (&c, NULL, "GET", "/oauth/authorize", "/oauth/authorize?client_id=someone", NULL, NULL, NULL);
  CHECK (&c, NULL, "POST", "/oauth/authorize", "/oauth/authorize", form, "client_id=hrm-users", NULL);

  /* Who and where */
  CHECK (&c, admin, "GET", "/api/v1/me", "/api/v1/me", NULL, NULL, NULL);
  CHECK (&c, f->clerk_token, "GET", "/api/v1/me", "/api/v1/me", NULL, NULL, NULL);
  CHECK (&c, NULL, "GET", "/api/v1/me", "/api/v1/me", NULL, NULL, NULL);
  CHECK (&c, admin, "GET", "/api/v1/organisation", "/api/v1/organisation", NULL, NULL, NULL);

  /* The list */
  CHECK (&c, admin, "GET", "/api/v1/users", "/api/v1/users?limit=3", NULL, NULL, NULL);
  CHECK (&c, admin, "GET", "/api/v1/users", "/api/v1/users?q=zzzz-nobody", NULL, NULL, NULL);
  CHECK (&c, admin, "GET", "/api/v1/users", "/api/v1/users?limit=0", NULL, NULL, NULL);
  CHECK (&c, "bogus", "GET", "/api/v1/users", "/api/v1/users", NULL, NULL, NULL);
  CHECK (&c, f->clerk_token, "GET", "/api/v1/users", "/api/v1/users", NULL, NULL, NULL);
  CHECK (&c, admin, "GET", "/api/v1/users", "/api/v1/users?connection=expired", NULL, NULL, NULL);
  CHECK (&c, admin, "GET", "/api/v1/users", "/api/v1/users?connection=pending&enabled=true", NULL, NULL, NULL);
  CHECK (&c, admin, "GET", "/api/v1/users", "/api/v1/users?connection=lapsed", NULL, NULL, NULL);
  CHECK (&c, admin, "GET", "/api/v1/users", "/api/v1/users?connection=not_linked&email=present", NULL, NULL, NULL);
  CHECK (&c, admin, "GET", "/api/v1/users", "/api/v1/users?email=maybe", NULL, NULL, NULL);

  /* The provisioning overview */
  CHECK (&c, admin, "GET", "/api/v1/provisioning/summary", "/api/v1/provisioning/summary", NULL, NULL, NULL);
  CHECK (&c, f->clerk_token, "GET", "/api/v1/provisioning/summary", "/api/v1/provisioning/summary",
         NULL, NULL, NULL);
  CHECK (&c, NULL, "GET", "/api/v1/provisioning/summary", "/api/v1/provisioning/summary", NULL, NULL, NULL);

  /* One user */
  {
    g_autoptr(JsonObject) u = get_user (f, id, &etag);
  }
  CHECK (&c, admin, "GET", "/api/v1/users/{id}", user, NULL, NULL, NULL);
  CHECK (&c, admin, "GET", "/api/v1/users/{id}", "/api/v1/users/999999", NULL, NULL, NULL);
  CHECK (&c, admin, "PATCH", "/api/v1/users/{id}", user, json, "{\"first_name\": \"X\"}", NULL);
  CHECK (&c, admin, "PATCH", "/api/v1/users/{id}", user, json, "{\"first_name\": \"X\"}", "\"stale\"");
  CHECK (&c, admin, "PATCH", "/api/v1/users/{id}", user, json, "{\"email\": \"bad\"}", etag);
  CHECK (&c, admin, "PATCH", "/api/v1/users/{id}", user, json, "{\"first_name\": ", etag);
  CHECK (&c, admin, "PATCH", "/api/v1/users/{id}", user, "text/plain", "{}", etag);
  CHECK (&c, admin, "PATCH", "/api/v1/users/{id}", user, "application/merge-patch+json",
         "{\"first_name\": \"Contract\", \"email\": \"contract@example.com\"}", etag);

  /* The connection */
  CHECK (&c, admin, "POST", "/api/v1/users/{id}/password-reset", reset, NULL, NULL, NULL);
  CHECK (&c, admin, "DELETE", "/api/v1/users/{id}/connection", connection, NULL, NULL, NULL);
  CHECK (&c, admin, "POST", "/api/v1/users/{id}/verification-email", verify, NULL, NULL, NULL);
  CHECK (&c, admin, "POST", "/api/v1/users/{id}/verification-email", verify, NULL, NULL, NULL);
  {
    g_autofree char *message = hrm_test_server_wait_for_mail (f->server, "contract@example.com", MAIL_TIMEOUT_MS);
    g_autofree char *link = hrm_test_mail_extract_link (message, "/connect/verify?token=");
    g_autofree char *token = link_token (link);
    g_autofree char *path = g_strdup (link + strlen (hrm_test_server_get_uri (f->server)));
    g_autofree char *confirm = g_strconcat ("token=", token, NULL);

    CHECK (&c, NULL, "GET", "/connect/verify", path, NULL, NULL, NULL);
    CHECK (&c, NULL, "POST", "/connect/verify", "/connect/verify", form, confirm, NULL);
    CHECK (&c, NULL, "POST", "/connect/verify", "/connect/verify", form, confirm, NULL);
    CHECK (&c, NULL, "GET", "/connect/verify", "/connect/verify", NULL, NULL, NULL);
    CHECK (&c, NULL, "GET", "/connect/verify", "/connect/verify?token=unknown", NULL, NULL, NULL);
  }
  CHECK (&c, admin, "POST", "/api/v1/users/{id}/verification-email", verify, NULL, NULL, NULL);
  CHECK (&c, admin, "POST", "/api/v1/users/{id}/password-reset", reset, NULL, NULL, NULL);
  {
    g_autofree char *message = hrm_test_server_wait_for_mail (f->server, "contract@example.com", MAIL_TIMEOUT_MS);
    g_autofree char *link = hrm_test_mail_extract_link (message, "/connect/reset?token=");
    g_autofree char *token = link_token (link);
    g_autofree char *path = g_strdup (link + strlen (hrm_test_server_get_uri (f->server)));
    g_autofree char *short_password = g_strconcat ("token=", token, "&password=short&confirm=short", NULL);
    g_autofree char *good = g_strconcat ("token=", token, "&password=orchard-lantern-quince&confirm=orchard-lantern-quince", NULL);

    CHECK (&c, NULL, "GET", "/connect/reset", path, NULL, NULL, NULL);
    CHECK (&c, NULL, "POST", "/connect/reset", "/connect/reset", form, short_password, NULL);
    CHECK (&c, NULL, "POST", "/connect/reset", "/connect/reset", form, good, NULL);
    CHECK (&c, NULL, "POST", "/connect/reset", "/connect/reset", form, good, NULL);
  }
  {
    g_autofree char *current = NULL;
    g_autoptr(JsonObject) u = get_user (f, id, &current);

    /* Linked now: its email cannot change. */
    CHECK (&c, admin, "PATCH", "/api/v1/users/{id}", user, json, "{\"email\": \"other@example.com\"}", current);
  }
  CHECK (&c, admin, "DELETE", "/api/v1/users/{id}/connection", connection, NULL, NULL, NULL);

  /* Roles, account codes, audit, events */
  CHECK (&c, admin, "GET", "/api/v1/roles", "/api/v1/roles", NULL, NULL, NULL);
  CHECK (&c, admin, "GET", "/api/v1/account-codes", "/api/v1/account-codes", NULL, NULL, NULL);
  CHECK (&c, admin, "GET", "/api/v1/users/{id}/authorisations", authz, NULL, NULL, NULL);
  {
    g_autoptr(HrmTestResponse) roles = api (f, "GET", "/api/v1/roles", NULL);
    g_autoptr(HrmTestResponse) codes = api (f, "GET", "/api/v1/account-codes", NULL);
    gint64 role = hrm_test_json_get_int (json_array_get_object_element (hrm_test_json_get_array (roles->json, "items"), 0), "id");
    gint64 code = hrm_test_json_get_int (json_array_get_object_element (hrm_test_json_get_array (codes->json, "items"), 0), "id");

    roles_body = g_strdup_printf ("{\"items\": [{\"role_id\": %" G_GINT64_FORMAT ", \"scope\": {\"type\": \"company\"}},"
                                  " {\"role_id\": %" G_GINT64_FORMAT ", \"scope\": {\"type\": \"account_code\", \"account_code_id\": %" G_GINT64_FORMAT "}},"
                                  " {\"role_id\": %" G_GINT64_FORMAT ", \"scope\": {\"type\": \"employee\", \"employee_id\": %" G_GINT64_FORMAT "}}]}",
                                  role, role, code, role, id);
    audit_body = g_strdup_printf ("{\"items\": [{\"id\": %" G_GINT64_FORMAT "}]}", code);
  }
  CHECK (&c, admin, "PUT", "/api/v1/users/{id}/authorisations", authz, json, roles_body, NULL);
  CHECK (&c, admin, "PUT", "/api/v1/users/{id}/authorisations", authz, json, "{\"items\": []}", NULL);
  CHECK (&c, admin, "PUT", "/api/v1/users/{id}/authorisations", authz, json, "{\"items\": [", NULL);
  CHECK (&c, admin, "GET", "/api/v1/users/{id}/account-code-audit", audit, NULL, NULL, NULL);
  CHECK (&c, admin, "PUT", "/api/v1/users/{id}/account-code-audit", audit, json, audit_body, NULL);
  CHECK (&c, admin, "PUT", "/api/v1/users/{id}/account-code-audit", audit, json, "{\"items\": [{\"id\": 999999}]}", NULL);
  CHECK (&c, admin, "GET", "/api/v1/users/{id}/events", events, NULL, NULL, NULL);
  CHECK (&c, f->clerk_token, "GET", "/api/v1/users/{id}/events", events, NULL, NULL, NULL);

  /* Bulk jobs */
  {
    const char *preview = "{\"action\": \"send_verification\", \"filter\": {\"connection\": \"not_linked\"}, \"dry_run\": true}";
    const char *run = "{\"action\": \"send_verification\", \"user_ids\": [3, 4]}";
    g_autofree char *uri = hrm_test_server_build_uri (f->server, "/api/v1/bulk-jobs");
    g_autofree char *bearer = g_strconcat ("Bearer ", admin, NULL);
    g_autofree char *job = NULL;
    g_autofree char *items = NULL;
    g_autofree char *retry = NULL;

    CHECK (&c, admin, "POST", "/api/v1/bulk-jobs", "/api/v1/bulk-jobs", json, preview, NULL);
    CHECK (&c, admin, "POST", "/api/v1/bulk-jobs", "/api/v1/bulk-jobs", json, "{\"action\": \"x\"}", NULL);
    /* An import (set_email): its preview, a refused row, the job. */
    CHECK (&c, admin, "POST", "/api/v1/bulk-jobs", "/api/v1/bulk-jobs", json,
           "{\"action\": \"set_email\", \"dry_run\": true, \"rows\": ["
           "{\"row\": 2, \"user_id\": \"erik.johansson\", \"email\": \"erik.j@nordljus.se\"},"
           "{\"row\": 3, \"user_id\": \"no.such.user\", \"email\": \"x@nordljus.se\"},"
           "{\"row\": 4, \"user_id\": \"karin.persson\", \"email\": \"k@nordljus.se\"}]}", NULL);
    CHECK (&c, admin, "POST", "/api/v1/bulk-jobs", "/api/v1/bulk-jobs", json,
           "{\"action\": \"set_email\", \"rows\": [{\"row\": 0}]}", NULL);
    CHECK (&c, admin, "POST", "/api/v1/bulk-jobs", "/api/v1/bulk-jobs", json,
           "{\"action\": \"set_email\", \"rows\": [{\"row\": 2, \"user_id\": \"ingrid.aberg\","
           " \"email\": \"ingrid.aberg@nordljus.se\"}]}", NULL);
    CHECK (&c, f->clerk_token, "POST", "/api/v1/bulk-jobs", "/api/v1/bulk-jobs", json, run, NULL);
    {
      g_autoptr(HrmTestResponse) r = hrm_test_http (f->session, "POST", uri, json, run, -1,
                                                    "Authorization", bearer,
                                                    "Idempotency-Key", "contract-1", NULL);
      g_autoptr(HrmTestResponse) again = hrm_test_http (f->session, "POST", uri, json, run, -1,
                                                        "Authorization", bearer,
                                                        "Idempotency-Key", "contract-1", NULL);

      check (&c, "POST", "/api/v1/bulk-jobs", r);
      check (&c, "POST", "/api/v1/bulk-jobs", again);
      job = g_strdup_printf ("/api/v1/bulk-jobs/%" G_GINT64_FORMAT, hrm_test_json_get_int (r->json, "id"));
    }
    items = g_strconcat (job, "/items", NULL);
    retry = g_strconcat (job, "/retry", NULL);
    CHECK (&c, admin, "GET", "/api/v1/bulk-jobs", "/api/v1/bulk-jobs", NULL, NULL, NULL);
    CHECK (&c, admin, "GET", "/api/v1/bulk-jobs", "/api/v1/bulk-jobs?limit=0", NULL, NULL, NULL);
    CHECK (&c, admin, "GET", "/api/v1/bulk-jobs/{id}", job, NULL, NULL, NULL);
    CHECK (&c, admin, "GET", "/api/v1/bulk-jobs/{id}", "/api/v1/bulk-jobs/999999", NULL, NULL, NULL);
    /* Until it is done (two users at 10 per second). */
    for (guint i = 0; i < 500; i++)
      {
        g_autoptr(HrmTestResponse) r = api (f, "GET", job, NULL);

        if (g_strcmp0 (hrm_test_json_get_string (r->json, "state"), "done") == 0)
          break;
        g_usleep (20 * 1000);
      }
    CHECK (&c, admin, "GET", "/api/v1/bulk-jobs/{id}/items", items, NULL, NULL, NULL);
    CHECK (&c, admin, "GET", "/api/v1/bulk-jobs/{id}/items", "/api/v1/bulk-jobs/1/items?outcome=gone", NULL, NULL, NULL);
    {
      g_autofree char *csv_uri = hrm_test_server_build_uri (f->server, items);
      g_autoptr(HrmTestResponse) r = hrm_test_http (f->session, "GET", csv_uri, NULL, NULL, 0,
                                                    "Authorization", bearer,
                                                    "Accept", "text/csv", NULL);

      check (&c, "GET", "/api/v1/bulk-jobs/{id}/items", r);
    }
    CHECK (&c, admin, "DELETE", "/api/v1/bulk-jobs/{id}", job, NULL, NULL, NULL);
    CHECK (&c, admin, "POST", "/api/v1/bulk-jobs/{id}/retry", retry, NULL, NULL, NULL);
    {
      g_autoptr(HrmTestResponse) r = hrm_test_http (f->session, "POST", uri, json,
                                                    "{\"action\": \"send_verification\", \"filter\": {}}",
                                                    -1, "Authorization", bearer, NULL);
      g_autofree char *other = g_strdup_printf ("/api/v1/bulk-jobs/%" G_GINT64_FORMAT, hrm_test_json_get_int (r->json, "id"));

      CHECK (&c, admin, "DELETE", "/api/v1/bulk-jobs/{id}", other, NULL, NULL, NULL);
    }
  }

  /* The organisation's settings, and what they do to verification mail */
  {
    g_autofree char *org_etag = NULL;
    g_autofree char *now_etag = NULL;
    const char *domains = "{\"allowed_email_domains\": [\"nordljus.se\"],"
                          " \"verified_domains\": [\"nordljus.se\"]}";

    {
      g_autoptr(HrmTestResponse) r = api (f, "GET", "/api/v1/organisation", NULL);

      org_etag = g_strdup (hrm_test_response_get_header (r, "ETag"));
    }
    CHECK (&c, admin, "PATCH", "/api/v1/organisation", "/api/v1/organisation", json, domains, NULL);
    CHECK (&c, admin, "PATCH", "/api/v1/organisation", "/api/v1/organisation", json, domains, "\"stale\"");
    CHECK (&c, f->clerk_token, "PATCH", "/api/v1/organisation", "/api/v1/organisation", json, domains,
           org_etag);
    CHECK (&c, admin, "PATCH", "/api/v1/organisation", "/api/v1/organisation", json,
           "{\"allowed_email_domains\": [\"*.se\"]}", org_etag);
    CHECK (&c, admin, "PATCH", "/api/v1/organisation", "/api/v1/organisation",
           "application/merge-patch+json", domains, org_etag);
    CHECK (&c, admin, "GET", "/api/v1/organisation", "/api/v1/organisation", NULL, NULL, NULL);
    CHECK (&c, admin, "GET", "/api/v1/organisation/events", "/api/v1/organisation/events", NULL, NULL, NULL);
    CHECK (&c, f->clerk_token, "GET", "/api/v1/organisation/events", "/api/v1/organisation/events",
           NULL, NULL, NULL);

    /* Outside the allowed domains: 422; in a verified one: linked at once (200). */
    patch_user_ok (f, 12, "{\"email\": \"ingrid@example.com\"}");
    CHECK (&c, admin, "POST", "/api/v1/users/{id}/verification-email", "/api/v1/users/12/verification-email",
           NULL, NULL, NULL);
    CHECK (&c, admin, "GET", "/api/v1/users/{id}", "/api/v1/users/12", NULL, NULL, NULL);
    patch_user_ok (f, 12, "{\"email\": \"ingrid.aberg@nordljus.se\"}");
    CHECK (&c, admin, "POST", "/api/v1/users/{id}/verification-email", "/api/v1/users/12/verification-email",
           NULL, NULL, NULL);

    {
      g_autoptr(HrmTestResponse) r = api (f, "GET", "/api/v1/organisation", NULL);

      now_etag = g_strdup (hrm_test_response_get_header (r, "ETag"));
    }
    CHECK (&c, admin, "PATCH", "/api/v1/organisation", "/api/v1/organisation", json,
           "{\"allowed_email_domains\": null, \"verified_domains\": null}", now_etag);
  }

  /* A body over 1 MiB. */
  {
    g_autofree char *etag_now = NULL;
    g_autoptr(JsonObject) u = get_user (f, id, &etag_now);
    g_autoptr(GString) big = g_string_new ("{\"first_name\": \"");

    while (big->len <= 1024 * 1024)
      g_string_append (big, "0123456789abcdef0123456789abcdef");
    g_string_append (big, "\"}");
    CHECK (&c, admin, "PATCH", "/api/v1/users/{id}", user, json, big->str, etag_now);
  }

  /* Last, as it locks the admin account: five wrong passwords (one was
   * sent above), then 429. */
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(HrmTestResponse) r =
        call (&c, NULL, "POST", "/oauth/token", form,
              "grant_type=password&username=admin&password=wrong-password", NULL);
      hrm_test_assert_status (r, 400);
    }
  CHECK (&c, NULL, "POST", "/oauth/token", "/oauth/token", form, sign_in, NULL);

  g_test_message ("%u responses checked, %u distinct operation statuses", c.checked,
                  g_hash_table_size (c.statuses));
  g_assert_cmpuint (g_hash_table_size (c.statuses), >=, 60);

  g_hash_table_unref (c.statuses);
  json_object_unref (c.doc);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TEST ("/server/contract/responses-match-document", test_responses_match_document);

  return g_test_run ();
}
