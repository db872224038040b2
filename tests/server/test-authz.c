/* test-authz.c — roles, authorisations with their scopes, account codes and
 * the account-code audit
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>

#include "hrm-authorisation.h"
#include "server-test.h"

typedef struct
{
  gint64 users_view_role;   /* a role that grants the Users view */
  gint64 other_role;        /* one that does not */
  gint64 code_a;
  gint64 code_b;
} Catalogue;

static void
load_catalogue (Fixture   *f,
                Catalogue *c)
{
  g_autoptr(HrmTestResponse) roles = api (f, "GET", "/api/v1/roles", NULL);
  g_autoptr(HrmTestResponse) codes = api (f, "GET", "/api/v1/account-codes", NULL);
  JsonArray *items;

  memset (c, 0, sizeof *c);

  hrm_test_assert_status (roles, 200);
  items = hrm_test_json_get_array (roles->json, "items");
  g_assert_nonnull (items);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *role = json_array_get_object_element (items, i);

      g_assert_cmpint (hrm_test_json_get_int (role, "id"), >, 0);
      g_assert_nonnull (hrm_test_json_get_string (role, "name"));
      g_assert_nonnull (hrm_test_json_get_string (role, "description"));
      g_assert_true (json_object_has_member (role, "grants_users_view"));
      if (hrm_test_json_get_bool (role, "grants_users_view"))
        c->users_view_role = hrm_test_json_get_int (role, "id");
      else
        c->other_role = hrm_test_json_get_int (role, "id");
    }
  g_assert_cmpint (c->users_view_role, >, 0);
  g_assert_cmpint (c->other_role, >, 0);

  hrm_test_assert_status (codes, 200);
  items = hrm_test_json_get_array (codes->json, "items");
  g_assert_nonnull (items);
  g_assert_cmpuint (json_array_get_length (items), >=, 2);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *code = json_array_get_object_element (items, i);

      g_assert_cmpint (hrm_test_json_get_int (code, "id"), >, 0);
      g_assert_nonnull (hrm_test_json_get_string (code, "dimension"));
      g_assert_nonnull (hrm_test_json_get_string (code, "code"));
      g_assert_nonnull (hrm_test_json_get_string (code, "name"));
    }
  c->code_a = hrm_test_json_get_int (json_array_get_object_element (items, 0), "id");
  c->code_b = hrm_test_json_get_int (json_array_get_object_element (items, 1), "id");
}

static char *
authz_path (gint64 id)
{
  return g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "/authorisations", id);
}

static char *
audit_path (gint64 id)
{
  return g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "/account-code-audit", id);
}

static char *
get_text (Fixture    *f,
          const char *path)
{
  g_autoptr(HrmTestResponse) r = api (f, "GET", path, NULL);

  hrm_test_assert_status (r, 200);
  g_assert_nonnull (hrm_test_json_get_array (r->json, "items"));
  return g_strdup (r->text);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* A canonical "role:type:id" list, sorted, for comparing authorisation lists. */
static char *
authz_signature (JsonObject *object)
{
  JsonArray *items = hrm_test_json_get_array (object, "items");
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_assert_nonnull (items);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *type = hrm_test_json_get_string (item, "scope.type");
      gint64 scope_id = 0;

      if (g_strcmp0 (type, "account_code") == 0)
        scope_id = hrm_test_json_get_int (item, "scope.account_code_id");
      else if (g_strcmp0 (type, "employee") == 0)
        scope_id = hrm_test_json_get_int (item, "scope.employee_id");
      else
        g_assert_cmpstr (type, ==, "company");

      g_ptr_array_add (parts, g_strdup_printf ("%" G_GINT64_FORMAT ":%s:%" G_GINT64_FORMAT,
                                               hrm_test_json_get_int (item, "role_id"), type, scope_id));
    }
  g_ptr_array_sort (parts, compare_strings);
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (",", (char **) parts->pdata);
}

static void
test_put_authorisations (Fixture       *f,
                         gconstpointer  data)
{
  Catalogue c;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *reread = NULL;
  g_autoptr(HrmTestResponse) r = NULL;
  g_autoptr(HrmTestResponse) again = NULL;
  gint64 id, employee;
  JsonArray *items;

  SKIP_WITHOUT_SERVER (f);
  load_catalogue (f, &c);

  id = some_user_id (f, 0);
  employee = some_user_id (f, 1);
  path = authz_path (id);
  body = g_strdup_printf ("{\"items\": ["
                          "{\"role_id\": %" G_GINT64_FORMAT ", \"scope\": {\"type\": \"company\"}},"
                          "{\"role_id\": %" G_GINT64_FORMAT ", \"scope\": {\"type\": \"account_code\","
                          " \"account_code_id\": %" G_GINT64_FORMAT ", \"label\": \"ignored\"}},"
                          "{\"role_id\": %" G_GINT64_FORMAT ", \"role_name\": \"ignored\","
                          " \"scope\": {\"type\": \"employee\", \"employee_id\": %" G_GINT64_FORMAT "}}]}",
                          c.other_role, c.other_role, c.code_a, c.users_view_role, employee);
  expected = g_strdup_printf ("%" G_GINT64_FORMAT ":account_code:%" G_GINT64_FORMAT ","
                              "%" G_GINT64_FORMAT ":company:0,"
                              "%" G_GINT64_FORMAT ":employee:%" G_GINT64_FORMAT,
                              c.other_role, c.code_a, c.other_role, c.users_view_role, employee);
  {
    /* The signature is sorted as text; sort the expectation the same way. */
    g_auto(GStrv) parts = g_strsplit (expected, ",", -1);
    g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

    for (guint i = 0; parts[i]; i++)
      g_ptr_array_add (sorted, parts[i]);
    g_ptr_array_sort (sorted, compare_strings);
    g_ptr_array_add (sorted, NULL);
    g_free (expected);
    expected = g_strjoinv (",", (char **) sorted->pdata);
  }

  r = hrm_test_api (f->session, hrm_test_server_get_uri (f->server), f->admin_token, "PUT", path,
                    body, NULL);
  hrm_test_assert_status (r, 200);
  saved = authz_signature (r->json);
  g_assert_cmpstr (saved, ==, expected);

  /* The server fills in role names and scope labels. */
  items = hrm_test_json_get_array (r->json, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *type = hrm_test_json_get_string (item, "scope.type");

      g_assert_nonnull (hrm_test_json_get_string (item, "role_name"));
      g_assert_cmpstr (hrm_test_json_get_string (item, "role_name"), !=, "ignored");
      if (g_strcmp0 (type, "company") != 0)
        {
          g_assert_nonnull (hrm_test_json_get_string (item, "scope.label"));
          g_assert_cmpstr (hrm_test_json_get_string (item, "scope.label"), !=, "ignored");
        }
    }

  again = api (f, "GET", path, NULL);
  hrm_test_assert_status (again, 200);
  reread = authz_signature (again->json);
  g_assert_cmpstr (reread, ==, expected);
}

static void
assert_put_refused (Fixture    *f,
                    const char *path,
                    const char *body,
                    const char *content_type,
                    guint       status,
                    const char *code)
{
  g_autofree char *before = get_text (f, path);
  g_autofree char *uri = hrm_test_server_build_uri (f->server, path);
  g_autofree char *bearer = g_strconcat ("Bearer ", f->admin_token, NULL);
  g_autoptr(HrmTestResponse) r = NULL;
  g_autofree char *after = NULL;

  g_test_message ("PUT %s %s", path, body);
  r = hrm_test_http (f->session, "PUT", uri, content_type, body, -1, "Authorization", bearer, NULL);
  hrm_test_assert_status (r, status);
  g_assert_cmpstr (hrm_test_response_error_code (r), ==, code);
  if (status == 422)
    g_assert_nonnull (hrm_test_json_get_object (r->json, "error.fields"));

  after = get_text (f, path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_put_authorisations_refused (Fixture       *f,
                                 gconstpointer  data)
{
  Catalogue c;
  g_autofree char *path = NULL;
  g_autofree char *unknown_code = NULL;
  g_autofree char *unknown_employee = NULL;
  g_autofree char *unknown_type = NULL;
  g_autofree char *no_scope = NULL;
  g_autofree char *no_code_id = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);
  load_catalogue (f, &c);

  id = some_user_id (f, 0);
  path = authz_path (id);
  unknown_code = g_strdup_printf ("{\"items\": [{\"role_id\": %" G_GINT64_FORMAT ", \"scope\":"
                                  " {\"type\": \"account_code\", \"account_code_id\": 999999}}]}",
                                  c.other_role);
  unknown_employee = g_strdup_printf ("{\"items\": [{\"role_id\": %" G_GINT64_FORMAT ", \"scope\":"
                                      " {\"type\": \"employee\", \"employee_id\": 999999}}]}",
                                      c.other_role);
  unknown_type = g_strdup_printf ("{\"items\": [{\"role_id\": %" G_GINT64_FORMAT ", \"scope\":"
                                  " {\"type\": \"galaxy\"}}]}", c.other_role);
  no_scope = g_strdup_printf ("{\"items\": [{\"role_id\": %" G_GINT64_FORMAT "}]}", c.other_role);
  no_code_id = g_strdup_printf ("{\"items\": [{\"role_id\": %" G_GINT64_FORMAT ", \"scope\":"
                                " {\"type\": \"account_code\"}}]}", c.other_role);

  /* At least one role. */
  assert_put_refused (f, path, "{\"items\": []}", "application/json", 422, "invalid");
  /* Unknown roles and scopes. */
  assert_put_refused (f, path, "{\"items\": [{\"role_id\": 999999, \"scope\": {\"type\": \"company\"}}]}",
                      "application/json", 422, "invalid");
  assert_put_refused (f, path, unknown_code, "application/json", 422, "invalid");
  assert_put_refused (f, path, unknown_employee, "application/json", 422, "invalid");
  assert_put_refused (f, path, unknown_type, "application/json", 422, "invalid");
  /* Missing or mistyped members. */
  assert_put_refused (f, path, no_scope, "application/json", 422, "invalid");
  assert_put_refused (f, path, no_code_id, "application/json", 422, "invalid");
  assert_put_refused (f, path, "{\"items\": [{\"role_id\": \"1\", \"scope\": {\"type\": \"company\"}}]}",
                      "application/json", 422, "invalid");
  assert_put_refused (f, path, "{\"items\": [42]}", "application/json", 422, "invalid");
  assert_put_refused (f, path, "{\"items\": {}}", "application/json", 422, "invalid");
  assert_put_refused (f, path, "{}", "application/json", 422, "invalid");
  /* Not JSON, or not declared as JSON. */
  assert_put_refused (f, path, "{\"items\": [", "application/json", 400, "bad_request");
  assert_put_refused (f, path, "{\"items\": []}", "text/plain", 415, "unsupported_media_type");

  /* One bad entry after a good one: nothing is saved. */
  {
    g_autofree char *one_bad =
      g_strdup_printf ("{\"items\": [{\"role_id\": %" G_GINT64_FORMAT ", \"scope\":"
                       " {\"type\": \"company\"}}, {\"role_id\": 999999, \"scope\":"
                       " {\"type\": \"company\"}}]}", c.users_view_role);

    assert_put_refused (f, path, one_bad, "application/json", 422, "invalid");
  }

  /* Nesting half a megabyte deep is refused (it used to overflow the
   * parser's stack and end the server); nothing changes, the server answers. */
  {
    g_autofree char *before = get_text (f, path);
    g_autofree char *after = NULL;
    g_autofree char *uri = hrm_test_server_build_uri (f->server, path);
    g_autofree char *bearer = g_strconcat ("Bearer ", f->admin_token, NULL);
    g_autoptr(GString) deep = g_string_new ("{\"items\": ");
    g_autoptr(HrmTestResponse) r = NULL;

    for (guint i = 0; i < 250000; i++)
      g_string_append_c (deep, '[');
    for (guint i = 0; i < 250000; i++)
      g_string_append_c (deep, ']');
    g_string_append_c (deep, '}');
    r = hrm_test_http (f->session, "PUT", uri, "application/json", deep->str, deep->len,
                       "Authorization", bearer, NULL);
    hrm_test_assert_status (r, 400);
    g_assert_cmpstr (hrm_test_response_error_code (r), ==, "bad_request");
    after = get_text (f, path);
    g_assert_cmpstr (before, ==, after);
  }
}

/* PUT with a member the server does not know: 422 naming it, nothing saved. */
static void
assert_unknown_refused (Fixture    *f,
                        const char *path,
                        const char *body,
                        const char *field)
{
  g_autofree char *before = get_text (f, path);
  g_autofree char *after = NULL;
  g_autoptr(HrmTestResponse) r = NULL;
  JsonObject *fields;

  g_test_message ("PUT %s %s", path, body);
  r = api (f, "PUT", path, body);
  hrm_test_assert_status (r, 422);
  g_assert_cmpstr (hrm_test_response_error_code (r), ==, "invalid");
  /* Not hrm_test_response_error_field: the name has dots of its own. */
  fields = hrm_test_json_get_object (r->json, "error.fields");
  g_assert_nonnull (fields);
  g_assert_true (json_object_has_member (fields, field));
  g_assert_cmpstr (json_object_get_string_member (fields, field), !=, "");

  after = get_text (f, path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_put_authorisations_unknown_members (Fixture       *f,
                                         gconstpointer  data)
{
  Catalogue c;
  g_autofree char *path = NULL;
  gint64 id;
  struct {
    const char *body;  /* ROLE stands for a role's id */
    const char *field;
  } cases[] = {
    { "{\"items\": [{\"role_id\": ROLE, \"scope\": {\"type\": \"company\"}}], \"extra\": 1}",
      "extra" },
    { "{\"items\": [{\"role_id\": ROLE, \"scope\": {\"type\": \"company\"}, \"extra\": 1}]}",
      "items[0].extra" },
    { "{\"items\": [{\"role_id\": ROLE, \"scope\": {\"type\": \"company\", \"extra\": 1}}]}",
      "items[0].scope.extra" },
    /* A member of another scope type is not this one's. */
    { "{\"items\": [{\"role_id\": ROLE, \"scope\": {\"type\": \"company\", \"employee_id\": 1}}]}",
      "items[0].scope.employee_id" },
    /* A misspelt member in the second item, after a good one. */
    { "{\"items\": [{\"role_id\": ROLE, \"scope\": {\"type\": \"company\"}},"
      " {\"role_id\": ROLE, \"scope\": {\"type\": \"company\"}, \"roleid\": 2}]}",
      "items[1].roleid" },
  };

  SKIP_WITHOUT_SERVER (f);
  load_catalogue (f, &c);

  id = some_user_id (f, 0);
  path = authz_path (id);

  /* Something other than the demo's roles to start from. */
  {
    g_autofree char *body = g_strdup_printf ("{\"items\": [{\"role_id\": %" G_GINT64_FORMAT ","
                                             " \"scope\": {\"type\": \"account_code\","
                                             " \"account_code_id\": %" G_GINT64_FORMAT "}}]}",
                                             c.other_role, c.code_a);
    g_autoptr(HrmTestResponse) r = api (f, "PUT", path, body);
    hrm_test_assert_status (r, 200);
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *role = g_strdup_printf ("%" G_GINT64_FORMAT, c.users_view_role);
      g_auto(GStrv) parts = g_strsplit (cases[i].body, "ROLE", -1);
      g_autofree char *body = g_strjoinv (role, parts);

      assert_unknown_refused (f, path, body, cases[i].field);
    }

  /* What GET answers may be sent back as it is: role_name and the scope's
   * label are the server's own, documented as ignored in a PUT. */
  {
    g_autofree char *before = get_text (f, path);
    g_autoptr(HrmTestResponse) r = api (f, "PUT", path, before);
    g_autofree char *after = NULL;

    hrm_test_assert_status (r, 200);
    after = get_text (f, path);
    g_assert_cmpstr (before, ==, after);
  }
}

static void
test_put_audit_unknown_members (Fixture       *f,
                                gconstpointer  data)
{
  Catalogue c;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *top = NULL;
  g_autofree char *item = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);
  load_catalogue (f, &c);

  id = some_user_id (f, 0);
  path = audit_path (id);
  body = g_strdup_printf ("{\"items\": [{\"id\": %" G_GINT64_FORMAT "}]}", c.code_a);
  {
    g_autoptr(HrmTestResponse) r = api (f, "PUT", path, body);
    hrm_test_assert_status (r, 200);
  }

  top = g_strdup_printf ("{\"items\": [{\"id\": %" G_GINT64_FORMAT "}], \"replace\": false}",
                         c.code_b);
  item = g_strdup_printf ("{\"items\": [{\"id\": %" G_GINT64_FORMAT "},"
                          " {\"id\": %" G_GINT64_FORMAT ", \"audit\": false}]}", c.code_a, c.code_b);
  assert_unknown_refused (f, path, top, "replace");
  assert_unknown_refused (f, path, item, "items[1].audit");
  assert_unknown_refused (f, path, "{\"items\": [], \"extra\": 1}", "extra");

  /* The account codes as GET answers them may be sent back as they are. */
  {
    g_autofree char *before = get_text (f, path);
    g_autoptr(HrmTestResponse) r = api (f, "PUT", path, before);
    g_autofree char *after = NULL;

    hrm_test_assert_status (r, 200);
    after = get_text (f, path);
    g_assert_cmpstr (before, ==, after);
  }
}

static void
test_granting_users_view (Fixture       *f,
                          gconstpointer  data)
{
  Catalogue c;
  g_autofree char *path = NULL;
  g_autofree char *grant = NULL;
  g_autofree char *revoke = NULL;
  gint64 clerk;

  SKIP_WITHOUT_SERVER (f);
  load_catalogue (f, &c);

  clerk = me_id (f, f->clerk_token);
  path = authz_path (clerk);
  grant = g_strdup_printf ("{\"items\": [{\"role_id\": %" G_GINT64_FORMAT ", \"scope\": {\"type\": \"company\"}}]}",
                           c.users_view_role);
  revoke = g_strdup_printf ("{\"items\": [{\"role_id\": %" G_GINT64_FORMAT ", \"scope\": {\"type\": \"company\"}}]}",
                            c.other_role);

  {
    g_autoptr(HrmTestResponse) r = api (f, "PUT", path, grant);
    hrm_test_assert_status (r, 200);
  }
  /* The clerk's roles now grant the Users view: the same token works there. */
  {
    g_autoptr(HrmTestResponse) r = api_as (f, f->clerk_token, "GET", "/api/v1/me", NULL);
    hrm_test_assert_status (r, 200);
    g_assert_true (hrm_test_json_get_bool (r->json, "may_manage_users"));
  }
  {
    g_autoptr(HrmTestResponse) r = api_as (f, f->clerk_token, "GET", "/api/v1/users", NULL);
    hrm_test_assert_status (r, 200);
  }

  {
    g_autoptr(HrmTestResponse) r = api (f, "PUT", path, revoke);
    hrm_test_assert_status (r, 200);
  }
  {
    g_autoptr(HrmTestResponse) r = api_as (f, f->clerk_token, "GET", "/api/v1/users", NULL);
    hrm_test_assert_status (r, 403);
  }
}

static void
test_account_code_audit (Fixture       *f,
                         gconstpointer  data)
{
  Catalogue c;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);
  load_catalogue (f, &c);

  id = some_user_id (f, 0);
  path = audit_path (id);
  body = g_strdup_printf ("{\"items\": [{\"id\": %" G_GINT64_FORMAT "}, {\"id\": %" G_GINT64_FORMAT "}]}",
                          c.code_b, c.code_a);

  {
    g_autoptr(HrmTestResponse) r = api (f, "PUT", path, body);
    JsonArray *items;
    gboolean saw_a = FALSE, saw_b = FALSE;

    hrm_test_assert_status (r, 200);
    items = hrm_test_json_get_array (r->json, "items");
    g_assert_cmpuint (json_array_get_length (items), ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        JsonObject *code = json_array_get_object_element (items, i);
        gint64 code_id = hrm_test_json_get_int (code, "id");

        saw_a |= code_id == c.code_a;
        saw_b |= code_id == c.code_b;
        /* Saved codes come back whole. */
        g_assert_nonnull (hrm_test_json_get_string (code, "dimension"));
        g_assert_nonnull (hrm_test_json_get_string (code, "code"));
        g_assert_nonnull (hrm_test_json_get_string (code, "name"));
      }
    g_assert_true (saw_a && saw_b);
  }
  {
    g_autoptr(HrmTestResponse) r = api (f, "GET", path, NULL);
    hrm_test_assert_status (r, 200);
    g_assert_cmpuint (json_array_get_length (hrm_test_json_get_array (r->json, "items")), ==, 2);
  }

  assert_put_refused (f, path, "{\"items\": [{\"id\": 999999}]}", "application/json", 422, "invalid");
  assert_put_refused (f, path, "{\"items\": [{\"id\": \"x\"}]}", "application/json", 422, "invalid");
  assert_put_refused (f, path, "{\"items\": 3}", "application/json", 422, "invalid");
  assert_put_refused (f, path, "[]", "application/json", 400, "bad_request");

  /* An empty list is allowed: the user audits nothing. */
  {
    g_autoptr(HrmTestResponse) r = api (f, "PUT", path, "{\"items\": []}");
    hrm_test_assert_status (r, 200);
    g_assert_cmpuint (json_array_get_length (hrm_test_json_get_array (r->json, "items")), ==, 0);
  }
  {
    g_autoptr(HrmTestResponse) r = api (f, "GET", path, NULL);
    hrm_test_assert_status (r, 200);
    g_assert_cmpuint (json_array_get_length (hrm_test_json_get_array (r->json, "items")), ==, 0);
  }
}

static void
test_admin_has_users_view_role (Fixture       *f,
                                gconstpointer  data)
{
  Catalogue c;
  g_autofree char *path = NULL;
  g_autoptr(HrmTestResponse) r = NULL;
  JsonArray *items;
  gboolean found = FALSE;

  SKIP_WITHOUT_SERVER (f);
  load_catalogue (f, &c);

  path = authz_path (me_id (f, f->admin_token));
  r = api (f, "GET", path, NULL);
  hrm_test_assert_status (r, 200);
  items = hrm_test_json_get_array (r->json, "items");
  g_assert_cmpuint (json_array_get_length (items), >=, 1);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(HrmAuthorisation) a = hrm_authorisation_new_from_json (item, &error);

      /* What the server sends, the core layer reads. */
      g_assert_no_error (error);
      found |= hrm_authorisation_get_role_id (a) == c.users_view_role;
    }
  g_assert_true (found);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TEST ("/server/authz/admin-has-users-view-role", test_admin_has_users_view_role);
  ADD_TEST ("/server/authz/put", test_put_authorisations);
  ADD_TEST ("/server/authz/put-refused", test_put_authorisations_refused);
  ADD_TEST ("/server/authz/put-unknown-members", test_put_authorisations_unknown_members);
  ADD_TEST ("/server/authz/account-code-audit-unknown-members", test_put_audit_unknown_members);
  ADD_TEST ("/server/authz/granting-users-view", test_granting_users_view);
  ADD_TEST ("/server/authz/account-code-audit", test_account_code_audit);

  return g_test_run ();
}
