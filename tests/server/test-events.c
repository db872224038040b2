/* test-events.c — GET /api/v1/users/{id}/events: every write records one
 * event, newest first; refused requests record none; no secrets in them
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
  gint64      id;
  char       *path;
  guint       count;
  GPtrArray  *secrets;   /* strings that must never appear in an event */
} Trail;

static HrmTestResponse *
get_events (Trail *t)
{
  HrmTestResponse *r = api (t->f, "GET", t->path, NULL);

  hrm_test_assert_status (r, 200);
  g_assert_nonnull (hrm_test_json_get_array (r->json, "items"));
  return r;
}

static void
assert_well_formed (HrmTestResponse *r)
{
  JsonArray *items = hrm_test_json_get_array (r->json, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *event = json_array_get_object_element (items, i);
      const char *time = hrm_test_json_get_string (event, "time");
      g_autoptr(GDateTime) parsed = NULL;

      g_assert_cmpint (hrm_test_json_get_int (event, "id"), >, 0);
      g_assert_nonnull (time);
      parsed = g_date_time_new_from_iso8601 (time, NULL);
      g_assert_nonnull (parsed);
      g_assert_nonnull (hrm_test_json_get_string (event, "actor"));
      g_assert_nonnull (hrm_test_json_get_string (event, "action"));
      g_assert_cmpstr (hrm_test_json_get_string (event, "action"), !=, "");
      g_assert_nonnull (hrm_test_json_get_string (event, "details"));

      /* Newest first. */
      if (i > 0)
        {
          JsonObject *newer = json_array_get_object_element (items, i - 1);
          g_autoptr(GDateTime) newer_time =
            g_date_time_new_from_iso8601 (hrm_test_json_get_string (newer, "time"), NULL);

          g_assert_cmpint (g_date_time_compare (newer_time, parsed), >=, 0);
          g_assert_cmpint (hrm_test_json_get_int (newer, "id"), >, hrm_test_json_get_int (event, "id"));
        }
    }
}

/* Asserts exactly one new event since the last check, by @actor. */
static void
expect_one_more (Trail      *t,
                 const char *what,
                 const char *actor)
{
  g_autoptr(HrmTestResponse) r = get_events (t);
  JsonArray *items = hrm_test_json_get_array (r->json, "items");
  JsonObject *newest;

  g_test_message ("after %s: %u events", what, json_array_get_length (items));
  assert_well_formed (r);
  g_assert_cmpuint (json_array_get_length (items), ==, t->count + 1);
  t->count++;

  newest = json_array_get_object_element (items, 0);
  g_test_message ("newest: %s by %s: %s", hrm_test_json_get_string (newest, "action"),
                  hrm_test_json_get_string (newest, "actor"), hrm_test_json_get_string (newest, "details"));
  if (actor != NULL)
    g_assert_cmpstr (hrm_test_json_get_string (newest, "actor"), ==, actor);
}

static void
expect_none_more (Trail      *t,
                  const char *what)
{
  g_autoptr(HrmTestResponse) r = get_events (t);

  g_test_message ("after refused %s", what);
  g_assert_cmpuint (json_array_get_length (hrm_test_json_get_array (r->json, "items")), ==, t->count);
}

static void
test_every_write_records_one (Fixture       *f,
                              gconstpointer  data)
{
  Trail t = { f, 0, NULL, 0, g_ptr_array_new_with_free_func (g_free) };
  g_autofree char *base = NULL;
  g_autoptr(JsonObject) user = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *role_body = NULL;
  gint64 role_id;

  SKIP_WITHOUT_SERVER (f);

  t.id = some_user_id (f, 0);
  t.path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "/events", t.id);
  base = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, t.id);
  user = get_user (f, t.id, NULL);
  user_id = g_strdup (hrm_test_json_get_string (user, "user_id"));
  g_ptr_array_add (t.secrets, g_strdup (f->admin_token));
  g_ptr_array_add (t.secrets, g_strdup (f->clerk_token));
  {
    g_autoptr(HrmTestResponse) r = get_events (&t);
    t.count = json_array_get_length (hrm_test_json_get_array (r->json, "items"));
    assert_well_formed (r);
  }

  /* Reading writes nothing. */
  g_free (user_snapshot (f, t.id));
  expect_none_more (&t, "GET");

  patch_user_ok (f, t.id, "{\"first_name\": \"Eventful\", \"email\": \"events@example.com\"}");
  expect_one_more (&t, "PATCH", "admin");

  {
    g_autofree char *path = g_strconcat (base, "/verification-email", NULL);
    g_autoptr(HrmTestResponse) r = api (f, "POST", path, NULL);
    g_autofree char *link = NULL;

    hrm_test_assert_status (r, 202);
    expect_one_more (&t, "verification email", "admin");
    link = wait_for_link (f, "events@example.com", "/connect/verify?token=");
    g_ptr_array_add (t.secrets, link_token (link));

    /* Looking at the page is not a write. */
    {
      g_autoptr(HrmTestResponse) page = hrm_test_http (f->session, "GET", link, NULL, NULL, 0, NULL);
      hrm_test_assert_status (page, 200);
    }
    expect_none_more (&t, "GET page");

    {
      g_autoptr(HrmTestResponse) confirm =
        hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/connect/verify",
                            "token", t.secrets->pdata[t.secrets->len - 1], NULL);
      hrm_test_assert_status (confirm, 200);
    }
    /* The employee did this one, not an administrator. */
    expect_one_more (&t, "confirm", NULL);
  }

  {
    g_autofree char *path = g_strconcat (base, "/password-reset", NULL);
    g_autoptr(HrmTestResponse) r = api (f, "POST", path, NULL);
    g_autofree char *link = NULL;

    hrm_test_assert_status (r, 202);
    expect_one_more (&t, "password reset", "admin");
    link = wait_for_link (f, "events@example.com", "/connect/reset?token=");
    g_ptr_array_add (t.secrets, link_token (link));
    g_ptr_array_add (t.secrets, g_strdup ("secret-new-phrase-1"));
    {
      g_autoptr(HrmTestResponse) set =
        hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/connect/reset",
                            "token", t.secrets->pdata[t.secrets->len - 2],
                            "password", "secret-new-phrase-1",
                            "confirm", "secret-new-phrase-1", NULL);
      hrm_test_assert_status (set, 200);
    }
    expect_one_more (&t, "password set", NULL);
  }

  /* The employee signs in: their tokens must not show up either. */
  {
    g_autoptr(HrmTestResponse) r =
      hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/oauth/token",
                          "grant_type", "password", "username", user_id,
                          "password", "secret-new-phrase-1", NULL);
    hrm_test_assert_status (r, 200);
    g_ptr_array_add (t.secrets, g_strdup (hrm_test_json_get_string (r->json, "access_token")));
    g_ptr_array_add (t.secrets, g_strdup (hrm_test_json_get_string (r->json, "refresh_token")));
  }

  {
    g_autoptr(HrmTestResponse) roles = api (f, "GET", "/api/v1/roles", NULL);
    g_autofree char *path = g_strconcat (base, "/authorisations", NULL);
    g_autoptr(HrmTestResponse) r = NULL;

    role_id = hrm_test_json_get_int (json_array_get_object_element (hrm_test_json_get_array (roles->json, "items"), 0), "id");
    role_body = g_strdup_printf ("{\"items\": [{\"role_id\": %" G_GINT64_FORMAT ", \"scope\": {\"type\": \"company\"}}]}",
                                 role_id);
    r = api (f, "PUT", path, role_body);
    hrm_test_assert_status (r, 200);
    expect_one_more (&t, "authorisations", "admin");
  }

  {
    g_autofree char *path = g_strconcat (base, "/account-code-audit", NULL);
    g_autoptr(HrmTestResponse) r = api (f, "PUT", path, "{\"items\": []}");

    hrm_test_assert_status (r, 200);
    expect_one_more (&t, "account-code audit", "admin");
  }

  {
    g_autofree char *path = g_strconcat (base, "/connection", NULL);
    g_autoptr(HrmTestResponse) r = api (f, "DELETE", path, NULL);

    hrm_test_assert_status (r, 204);
    expect_one_more (&t, "delete connection", "admin");
  }

  /* Refused requests record nothing. */
  {
    g_autoptr(HrmTestResponse) r = patch_user (f, t.id, "\"stale\"", "application/merge-patch+json",
                                               "{\"first_name\": \"X\"}", -1);
    hrm_test_assert_status (r, 412);
  }
  expect_none_more (&t, "stale PATCH");
  {
    g_autofree char *etag = NULL;
    g_autoptr(JsonObject) current = get_user (f, t.id, &etag);
    g_autoptr(HrmTestResponse) r = patch_user (f, t.id, etag, "application/merge-patch+json",
                                               "{\"email\": \"nope\"}", -1);
    hrm_test_assert_status (r, 422);
  }
  expect_none_more (&t, "invalid PATCH");
  {
    g_autofree char *path = g_strconcat (base, "/connection", NULL);
    g_autoptr(HrmTestResponse) r = api (f, "DELETE", path, NULL);
    hrm_test_assert_status (r, 409);
  }
  expect_none_more (&t, "DELETE when not linked");
  {
    g_autofree char *path = g_strconcat (base, "/authorisations", NULL);
    g_autoptr(HrmTestResponse) r = api (f, "PUT", path, "{\"items\": []}");
    hrm_test_assert_status (r, 422);
  }
  expect_none_more (&t, "PUT no roles");
  {
    g_autoptr(HrmTestResponse) r = api_as (f, f->clerk_token, "PATCH", base, "{\"first_name\": \"Clerk\"}");
    hrm_test_assert_status (r, 403);
  }
  expect_none_more (&t, "clerk PATCH");

  /* No token, link code or password in any event. */
  {
    g_autoptr(HrmTestResponse) r = get_events (&t);

    for (guint i = 0; i < t.secrets->len; i++)
      {
        const char *secret = t.secrets->pdata[i];

        g_assert_nonnull (secret);
        g_assert_cmpuint (strlen (secret), >, 8);
        g_assert_null (strstr (r->text, secret));
      }
  }

  g_free (t.path);
  g_ptr_array_unref (t.secrets);
}

static void
test_events_are_per_user (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path_b = NULL;
  g_autoptr(HrmTestResponse) before = NULL;
  g_autoptr(HrmTestResponse) after = NULL;
  gint64 a, b;

  SKIP_WITHOUT_SERVER (f);

  a = some_user_id (f, 0);
  b = some_user_id (f, 1);
  path_b = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "/events", b);
  before = api (f, "GET", path_b, NULL);
  hrm_test_assert_status (before, 200);

  patch_user_ok (f, a, "{\"last_name\": \"OnlyA\"}");

  after = api (f, "GET", path_b, NULL);
  g_assert_cmpstr (before->text, ==, after->text);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TEST ("/server/events/every-write-records-one", test_every_write_records_one);
  ADD_TEST ("/server/events/per-user", test_events_are_per_user);

  return g_test_run ();
}
