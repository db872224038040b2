/* server-test.c — what the server suite's tests share
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <sqlite3.h>
#include <string.h>

#include "server-test.h"

#ifdef HRM_TEST_HAVE_COLLATE
#include "hrm-collate.h"
#endif

void
fixture_setup_with_env (Fixture            *f,
                        const char * const *env)
{
  g_autoptr(GError) error = NULL;

  memset (f, 0, sizeof *f);
  if (!hrm_test_server_available ())
    {
      g_test_skip ("HRM_SERVER_PATH is not set: hrm-server was not built");
      return;
    }

  f->server = hrm_test_server_new_full (TRUE, NULL, env, &error);
  g_assert_no_error (error);
  f->session = hrm_test_session_new ();
  f->admin_token = hrm_test_sign_in (f->server, "admin");
  f->clerk_token = hrm_test_sign_in (f->server, "clerk");
}

void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  fixture_setup_with_env (f, data);
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->admin_token, g_free);
  g_clear_pointer (&f->clerk_token, g_free);
  g_clear_object (&f->session);
  g_clear_pointer (&f->server, hrm_test_server_free);
}

HrmTestResponse *
api_as (Fixture    *f,
        const char *token,
        const char *method,
        const char *path,
        const char *json_body)
{
  return hrm_test_api (f->session, hrm_test_server_get_uri (f->server), token, method, path,
                       json_body, NULL);
}

HrmTestResponse *
api (Fixture    *f,
     const char *method,
     const char *path,
     const char *json_body)
{
  return api_as (f, f->admin_token, method, path, json_body);
}

JsonObject *
get_user (Fixture  *f,
          gint64    id,
          char    **out_etag)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, id);
  g_autoptr(HrmTestResponse) r = api (f, "GET", path, NULL);

  hrm_test_assert_status (r, 200);
  g_assert_nonnull (r->json);
  if (out_etag != NULL)
    {
      const char *etag = hrm_test_response_get_header (r, "ETag");

      g_assert_nonnull (etag);
      *out_etag = g_strdup (etag);
    }

  return json_object_ref (r->json);
}

HrmTestResponse *
patch_user (Fixture    *f,
            gint64      id,
            const char *etag,
            const char *content_type,
            const char *body,
            gssize      length)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, id);
  g_autofree char *uri = hrm_test_server_build_uri (f->server, path);
  g_autofree char *bearer = g_strconcat ("Bearer ", f->admin_token, NULL);

  return hrm_test_http (f->session, "PATCH", uri, content_type, body, length,
                        "Authorization", bearer, "If-Match", etag, NULL);
}

void
patch_user_ok (Fixture    *f,
               gint64      id,
               const char *json)
{
  g_autofree char *etag = NULL;
  g_autoptr(JsonObject) user = get_user (f, id, &etag);
  g_autoptr(HrmTestResponse) r = patch_user (f, id, etag, "application/merge-patch+json", json, -1);

  hrm_test_assert_status (r, 200);
}

GPtrArray *
list_all_users (Fixture    *f,
                const char *query,
                guint       limit)
{
  GPtrArray *users = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *cursor = NULL;
  guint pages = 0;

  do
    {
      g_autoptr(GString) path = g_string_new ("/api/v1/users?");
      g_autoptr(HrmTestResponse) r = NULL;
      JsonArray *items;
      const char *next;

      g_string_append_printf (path, "limit=%u", limit);
      if (query != NULL && query[0] != '\0')
        g_string_append_printf (path, "&%s", query);
      if (cursor != NULL)
        {
          g_string_append (path, "&cursor=");
          g_string_append_uri_escaped (path, cursor, NULL, FALSE);
        }

      r = api (f, "GET", path->str, NULL);
      hrm_test_assert_status (r, 200);
      items = hrm_test_json_get_array (r->json, "items");
      g_assert_nonnull (items);
      g_assert_cmpuint (json_array_get_length (items), <=, limit);
      for (guint i = 0; i < json_array_get_length (items); i++)
        g_ptr_array_add (users, json_object_ref (json_array_get_object_element (items, i)));

      next = hrm_test_json_get_string (r->json, "next_cursor");
      g_assert_true (next != NULL || hrm_test_json_is_null (r->json, "next_cursor"));
      g_free (cursor);
      cursor = g_strdup (next);
      g_assert_cmpuint (++pages, <, 100000);
    }
  while (cursor != NULL);

  return users;
}

gint64
me_id (Fixture    *f,
       const char *token)
{
  g_autoptr(HrmTestResponse) r = api_as (f, token, "GET", "/api/v1/me", NULL);

  hrm_test_assert_status (r, 200);
  return hrm_test_json_get_int (r->json, "user.id");
}

gint64
some_user_id (Fixture *f,
              guint    nth)
{
  g_autoptr(GPtrArray) users = list_all_users (f, NULL, 200);

  for (guint i = 0; i < users->len; i++)
    {
      JsonObject *user = g_ptr_array_index (users, i);
      const char *user_id = hrm_test_json_get_string (user, "user_id");

      if (g_ascii_strcasecmp (user_id, "admin") == 0 || g_ascii_strcasecmp (user_id, "clerk") == 0)
        continue;
      if (nth-- == 0)
        return hrm_test_json_get_int (user, "id");
    }

  g_assert_not_reached ();
  return 0;
}

gint64
user_id_by_name (Fixture    *f,
                 const char *user_id)
{
  g_autoptr(GPtrArray) users = list_all_users (f, NULL, 200);

  for (guint i = 0; i < users->len; i++)
    {
      JsonObject *user = g_ptr_array_index (users, i);

      if (g_strcmp0 (hrm_test_json_get_string (user, "user_id"), user_id) == 0)
        return hrm_test_json_get_int (user, "id");
    }

  return 0;
}

char *
send_verification (Fixture    *f,
                   gint64      id,
                   const char *email)
{
  g_autofree char *patch = g_strdup_printf ("{\"email\": \"%s\"}", email);
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "/verification-email", id);
  g_autoptr(HrmTestResponse) r = NULL;
  g_autofree char *link = NULL;

  patch_user_ok (f, id, patch);
  r = api (f, "POST", path, NULL);
  hrm_test_assert_status (r, 202);

  link = wait_for_link (f, email, "/connect/verify?token=");

  return g_steal_pointer (&link);
}

char *
wait_for_link (Fixture    *f,
               const char *address,
               const char *path_prefix)
{
  g_autofree char *message = hrm_test_server_wait_for_mail (f->server, address, MAIL_TIMEOUT_MS);
  char *link;

  g_assert_nonnull (message);
  link = hrm_test_mail_extract_link (message, path_prefix);
  g_assert_nonnull (link);
  g_assert_true (g_str_has_prefix (link, hrm_test_server_get_uri (f->server)));
  return link;
}

char *
user_snapshot (Fixture *f,
               gint64   id)
{
  g_autofree char *etag = NULL;
  g_autoptr(JsonObject) user = get_user (f, id, &etag);
  g_autofree char *text = hrm_json_object_to_string (user);

  return g_strconcat (etag, " ", text, NULL);
}

char *
link_token (const char *link)
{
  const char *start = strstr (link, "token=");
  const char *end;
  g_autofree char *escaped = NULL;

  g_assert_nonnull (start);
  start += strlen ("token=");
  end = start + strcspn (start, "&#");
  escaped = g_strndup (start, end - start);
  return g_uri_unescape_string (escaped, NULL);
}

void
link_user (Fixture    *f,
           gint64      id,
           const char *email)
{
  g_autofree char *link = send_verification (f, id, email);
  g_autofree char *token = link_token (link);
  g_autoptr(HrmTestResponse) r = NULL;
  g_autoptr(JsonObject) user = NULL;

  r = hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/connect/verify",
                          "token", token, NULL);
  hrm_test_assert_status (r, 200);

  user = get_user (f, id, NULL);
  g_assert_cmpstr (hrm_test_json_get_string (user, "connection.state"), ==, "linked");
  g_assert_cmpstr (hrm_test_json_get_string (user, "connection.email"), ==, email);
}

void
db_exec (Fixture    *f,
         const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;
  int rc;

  rc = sqlite3_open_v2 (hrm_test_server_get_db_path (f->server), &db, SQLITE_OPEN_READWRITE, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
#ifdef HRM_TEST_HAVE_COLLATE
  /* The server's indexes use its own collation; statements touching them
   * need it registered on this connection too. */
  g_assert_true (hrm_collate_register (db));
#endif
  sqlite3_busy_timeout (db, 10000);
  rc = sqlite3_exec (db, sql, NULL, NULL, &message);
  if (rc != SQLITE_OK)
    g_test_message ("SQL failed: %s", message);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  sqlite3_free (message);
  sqlite3_close (db);
}

gint64
db_query_int (Fixture    *f,
              const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;
  int rc;

  rc = sqlite3_open_v2 (hrm_test_server_get_db_path (f->server), &db, SQLITE_OPEN_READONLY, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    g_test_message ("SQL failed: %s", sqlite3_errmsg (db));
  g_assert_cmpint (rc, ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

int
compare_names (const char *a,
               const char *b)
{
#ifdef HRM_TEST_HAVE_COLLATE
  return hrm_collate_sv (a ? a : "", -1, b ? b : "", -1);
#else
  return g_ascii_strcasecmp (a ? a : "", b ? b : "");
#endif
}

/* Parses RFC 4180 text strictly: CRLF after every record, quoted fields
 * with doubled quotes; fails the test on anything else. */
GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;

  while (*p != '\0')
    {
      g_autoptr(GString) field = g_string_new (NULL);

      if (*p == '"')
        {
          for (p++;; p++)
            {
              g_assert_true (*p != '\0');
              if (*p == '"' && p[1] == '"')
                g_string_append_c (field, *p++);
              else if (*p == '"')
                break;
              else
                g_string_append_c (field, *p);
            }
          p++;
        }
      else
        for (; *p != ',' && *p != '\r' && *p != '\0'; p++)
          {
            g_assert_true (*p != '"' && *p != '\n');
            g_string_append_c (field, *p);
          }

      g_ptr_array_add (row, g_string_free (g_steal_pointer (&field), FALSE));
      if (*p == ',')
        p++;
      else
        {
          g_assert_true (p[0] == '\r' && p[1] == '\n');
          p += 2;
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
        }
    }
  g_assert_cmpuint (row->len, ==, 0);
  g_ptr_array_unref (row);
  return rows;
}
