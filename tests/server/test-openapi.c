/* test-openapi.c — docs/openapi.json is the contract: it parses, its
 * references resolve, it describes every endpoint, and the server serves
 * every path and method it lists with the security it declares
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>

#include "server-test.h"

/* The endpoints of the contract (preamble): the document must have them all. */
static const char *contract[] = {
  "get /.well-known/oauth-authorization-server",
  "get /oauth/authorize",
  "post /oauth/authorize",
  "post /oauth/token",
  "post /oauth/revoke",
  "get /api/v1/me",
  "get /api/v1/organisation",
  "patch /api/v1/organisation",
  "get /api/v1/organisation/events",
  "get /api/v1/users",
  "get /api/v1/users/{id}",
  "patch /api/v1/users/{id}",
  "post /api/v1/users/{id}/verification-email",
  "post /api/v1/users/{id}/password-reset",
  "delete /api/v1/users/{id}/connection",
  "get /api/v1/roles",
  "get /api/v1/users/{id}/authorisations",
  "put /api/v1/users/{id}/authorisations",
  "get /api/v1/account-codes",
  "get /api/v1/users/{id}/account-code-audit",
  "put /api/v1/users/{id}/account-code-audit",
  "get /api/v1/users/{id}/events",
  "get /api/v1/provisioning/summary",
  "get /connect/verify",
  "post /connect/verify",
  "get /connect/reset",
  "post /connect/reset",
  "post /api/v1/bulk-jobs",
  "get /api/v1/bulk-jobs",
  "get /api/v1/bulk-jobs/{id}",
  "delete /api/v1/bulk-jobs/{id}",
  "get /api/v1/bulk-jobs/{id}/items",
  "post /api/v1/bulk-jobs/{id}/retry",
};

static const char *methods[] = { "get", "put", "post", "delete", "patch" };

static JsonObject *
load_document (void)
{
  const char *source_dir = g_getenv ("HRM_SOURCE_DIR");
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  JsonObject *doc;

  g_assert_nonnull (source_dir);
  path = g_build_filename (source_dir, "docs", "openapi.json", NULL);
  g_file_get_contents (path, &text, &length, &error);
  g_assert_no_error (error);

  doc = hrm_json_parse_object (text, length, &error);
  g_assert_no_error (error);
  return doc;
}

static JsonNode *
resolve_pointer (JsonObject *doc,
                 const char *ref)
{
  g_auto(GStrv) parts = NULL;
  JsonNode *node = NULL;
  JsonObject *object = doc;

  if (!g_str_has_prefix (ref, "#/"))
    return NULL;

  parts = g_strsplit (ref + 2, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (object == NULL || !json_object_has_member (object, parts[i]))
        return NULL;
      node = json_object_get_member (object, parts[i]);
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }

  return node;
}

static void
check_refs (JsonObject *doc,
            JsonNode   *node,
            guint      *count)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, &name, &member))
        {
          if (g_str_equal (name, "$ref"))
            {
              const char *ref = json_node_get_string (member);

              if (resolve_pointer (doc, ref) == NULL)
                g_test_message ("dangling reference %s", ref);
              g_assert_nonnull (resolve_pointer (doc, ref));
              (*count)++;
            }
          else
            check_refs (doc, member, count);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        check_refs (doc, json_array_get_element (array, i), count);
    }
}

static void
test_document (void)
{
  g_autoptr(JsonObject) doc = load_document ();
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), doc);
  JsonObject *paths;
  JsonObject *schemas;
  guint refs = 0;

  g_assert_cmpstr (hrm_test_json_get_string (doc, "openapi"), ==, "3.0.3");
  g_assert_nonnull (hrm_test_json_get_string (doc, "info.title"));
  g_assert_nonnull (hrm_test_json_get_string (doc, "info.version"));
  g_assert_nonnull (hrm_test_json_get_object (doc, "components.securitySchemes.bearerAuth"));
  g_assert_cmpstr (hrm_test_json_get_string (doc, "components.securitySchemes.bearerAuth.scheme"), ==, "bearer");
  g_assert_cmpstr (hrm_test_json_get_string (doc, "components.securitySchemes.oauth2.flows.password.tokenUrl"),
                   ==, "/oauth/token");

  schemas = hrm_test_json_get_object (doc, "components.schemas");
  g_assert_nonnull (schemas);
  {
    static const char *required[] = {
      "User", "Connection", "Error", "Organisation", "Role", "Authorisation", "AccountCode",
      "Event", "UserPage", "TokenResponse", "OAuthError", "ProvisioningSummary",
    };

    for (guint i = 0; i < G_N_ELEMENTS (required); i++)
      {
        g_test_message ("schema %s", required[i]);
        g_assert_true (json_object_has_member (schemas, required[i]));
      }
  }
  /* A scope is one of three shapes. */
  g_assert_cmpuint (json_array_get_length (hrm_test_json_get_array (schemas, "Scope.oneOf")), ==, 3);

  paths = hrm_test_json_get_object (doc, "paths");
  g_assert_nonnull (paths);
  for (guint i = 0; i < G_N_ELEMENTS (contract); i++)
    {
      g_auto(GStrv) parts = g_strsplit (contract[i], " ", 2);
      /* Not hrm_test_json_get_object (): a path may hold a dot (/.well-known/…). */
      JsonObject *item = json_object_has_member (paths, parts[1])
                         ? json_object_get_object_member (paths, parts[1]) : NULL;
      JsonObject *op = item ? hrm_test_json_get_object (item, parts[0]) : NULL;
      JsonObject *responses;

      g_test_message ("%s", contract[i]);
      g_assert_nonnull (op);
      g_assert_nonnull (hrm_test_json_get_string (op, "summary"));
      responses = hrm_test_json_get_object (op, "responses");
      g_assert_nonnull (responses);
      g_assert_cmpuint (json_object_get_size (responses), >, 0);
    }

  /* The statuses the contract names are documented where they happen. */
  {
    JsonObject *patch = hrm_test_json_get_object (hrm_test_json_get_object (paths, "/api/v1/users/{id}"), "patch");
    JsonObject *verify = hrm_test_json_get_object (hrm_test_json_get_object (paths, "/api/v1/users/{id}/verification-email"), "post");
    JsonObject *token = hrm_test_json_get_object (hrm_test_json_get_object (paths, "/oauth/token"), "post");
    static const char *patch_statuses[] = { "200", "400", "401", "403", "404", "409", "412", "413", "422", "428" };

    for (guint i = 0; i < G_N_ELEMENTS (patch_statuses); i++)
      g_assert_nonnull (hrm_test_json_get_object (hrm_test_json_get_object (patch, "responses"), patch_statuses[i]));
    g_assert_nonnull (hrm_test_json_get_object (hrm_test_json_get_object (verify, "responses"), "429"));
    g_assert_nonnull (hrm_test_json_get_object (hrm_test_json_get_object (token, "responses"), "429"));
    g_assert_nonnull (hrm_test_json_get_object (token, "responses.429.headers.Retry-After"));
  }

  check_refs (doc, root, &refs);
  g_assert_cmpuint (refs, >, 20);
}

/* The first media type of the operation's request body, or NULL. */
static const char *
body_type (JsonObject *op)
{
  JsonObject *content = hrm_test_json_get_object (op, "requestBody.content");
  JsonObjectIter iter;
  const char *name = NULL;
  JsonNode *node;

  if (content == NULL)
    return NULL;
  json_object_iter_init (&iter, content);
  if (!json_object_iter_next (&iter, &name, &node))
    return NULL;
  return name;
}

/* An empty body of the operation's media type. */
static HrmTestResponse *
send_empty (Fixture    *f,
            const char *token,
            const char *method,
            const char *path,
            JsonObject *op)
{
  g_autofree char *uri = hrm_test_server_build_uri (f->server, path);
  g_autofree char *bearer = token ? g_strconcat ("Bearer ", token, NULL) : NULL;
  const char *type = body_type (op);
  const char *body = NULL;

  if (type != NULL)
    body = g_str_has_suffix (type, "json") ? "{}" : "";
  return hrm_test_http (f->session, method, uri, type, body, -1, "Authorization", bearer, NULL);
}

/* Whether an operation declares that it needs a token (its own security, or
 * the document's). */
static gboolean
needs_token (JsonObject *doc,
             JsonObject *op)
{
  JsonArray *security = hrm_test_json_get_array (op, "security");

  if (security == NULL)
    security = hrm_test_json_get_array (doc, "security");
  return security != NULL && json_array_get_length (security) > 0;
}

static void
test_server_serves_every_path (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autofree char *admin_id = NULL;
  g_autofree char *job_id = NULL;
  JsonObject *paths;
  JsonObjectIter iter;
  const char *path;
  JsonNode *node;
  guint checked = 0;

  SKIP_WITHOUT_SERVER (f);

  doc = load_document ();
  paths = hrm_test_json_get_object (doc, "paths");
  /* {id} is a user that exists, so a JSON 404 can only mean "no such route". */
  admin_id = g_strdup_printf ("%" G_GINT64_FORMAT, me_id (f, f->admin_token));
  /* And under /api/v1/bulk-jobs/, a job that exists. */
  {
    g_autoptr(HrmTestResponse) r = api (f, "POST", "/api/v1/bulk-jobs",
                                        "{\"action\": \"send_verification\", \"user_ids\": [3]}");

    hrm_test_assert_status (r, 202);
    job_id = g_strdup_printf ("%" G_GINT64_FORMAT, hrm_test_json_get_int (r->json, "id"));
  }

  json_object_iter_init (&iter, paths);
  while (json_object_iter_next (&iter, &path, &node))
    {
      JsonObject *item = json_node_get_object (node);
      g_autoptr(GString) concrete = g_string_new (path);

      g_string_replace (concrete, "{id}",
                        g_str_has_prefix (path, "/api/v1/bulk-jobs/") ? job_id : admin_id, 0);

      for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
        {
          JsonObject *op = hrm_test_json_get_object (item, methods[m]);
          g_autofree char *method = NULL;
          const char *type;

          if (op == NULL)
            continue;

          method = g_ascii_strup (methods[m], -1);
          g_test_message ("%s %s", method, concrete->str);

          /* As admin, with an empty body where one is expected. */
          {
            g_autoptr(HrmTestResponse) r = send_empty (f, f->admin_token, method, concrete->str, op);

            type = hrm_test_response_get_header (r, "Content-Type");
            g_assert_cmpuint (r->status, !=, 0);
            g_assert_cmpuint (r->status, !=, 405);
            g_assert_cmpuint (r->status, <, 500);
            if (r->status == 404)
              {
                /* Only the HTML pages answer 404, for a link they do not know. */
                g_assert_nonnull (type);
                g_assert_true (g_str_has_prefix (type, "text/html"));
              }
            /* A status the document does not list for this operation? */
            {
              g_autofree char *status = g_strdup_printf ("%u", r->status);

              if (!json_object_has_member (hrm_test_json_get_object (op, "responses"), status))
                g_test_message ("undocumented status %s for %s %s", status, method, path);
              g_assert_true (json_object_has_member (hrm_test_json_get_object (op, "responses"), status));
            }
          }

          /* What the document says about tokens holds. */
          {
            g_autoptr(HrmTestResponse) anonymous = send_empty (f, NULL, method, concrete->str, op);

            if (needs_token (doc, op))
              {
                hrm_test_assert_status (anonymous, 401);
                g_assert_nonnull (hrm_test_json_get_object (op, "responses.401"));
              }
            else
              g_assert_cmpuint (anonymous->status, !=, 401);
          }

          checked++;
        }
    }

  g_assert_cmpuint (checked, ==, G_N_ELEMENTS (contract));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/openapi/document", test_document);
  ADD_TEST ("/server/openapi/server-serves-every-path", test_server_serves_every_path);

  return g_test_run ();
}
