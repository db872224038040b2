/* test-add-admin.c — hrm-server --add-admin: a first administrator without
 * the demo, who then signs in through the API and may manage users
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>
#include <sys/wait.h>

#include "server-test.h"

typedef struct
{
  HrmTestServer *server;   /* without --demo (an empty organisation) unless data says */
  SoupSession   *session;
  char          *password_file;
} AdminFixture;

static void
admin_setup (AdminFixture  *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  memset (f, 0, sizeof *f);
  f->server = hrm_test_server_new_or_skip (GPOINTER_TO_INT (data));
  if (f->server == NULL)
    return;
  f->session = hrm_test_session_new ();
  f->password_file = g_build_filename (hrm_test_server_get_dir (f->server), "admin-password", NULL);
  g_file_set_contents (f->password_file, HRM_TEST_PASSWORD "\n", -1, &error);
  g_assert_no_error (error);
}

static void
admin_teardown (AdminFixture  *f,
                gconstpointer  data)
{
  g_clear_pointer (&f->password_file, g_free);
  g_clear_object (&f->session);
  g_clear_pointer (&f->server, hrm_test_server_free);
}

/* Runs hrm-server --db (the running server's database) --add-admin … and
 * returns its exit status; its standard output and error in @out_output. */
static int
run_add_admin (AdminFixture  *f,
               char         **out_output,
               const char    *username,
               const char    *password_file,
               ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("HRM_SERVER_PATH"));
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) hrm_test_server_get_db_path (f->server));
  g_ptr_array_add (argv, (char *) "--add-admin");
  g_ptr_array_add (argv, (char *) username);
  g_ptr_array_add (argv, (char *) "--password-file");
  g_ptr_array_add (argv, (char *) password_file);
  va_start (args, password_file);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  g_test_message ("--add-admin %s: %s%s", username, out, err);
  if (out_output != NULL)
    *out_output = g_strconcat (out, err, NULL);

  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static HrmTestResponse *
sign_in (AdminFixture *f,
         const char   *username,
         const char   *password)
{
  return hrm_test_post_form (f->session, hrm_test_server_get_uri (f->server), "/oauth/token",
                             "grant_type", "password", "username", username,
                             "password", password, NULL);
}

static void
test_add_admin_signs_in (AdminFixture  *f,
                         gconstpointer  data)
{
  g_autoptr(HrmTestResponse) me = NULL;
  g_autoptr(HrmTestResponse) users = NULL;
  g_autoptr(HrmTestResponse) roles = NULL;
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  g_autofree char *output = NULL;
  JsonObject *authorisation;
  JsonArray *items;

  if (f->server == NULL)
    return;

  g_assert_cmpint (run_add_admin (f, &output, "boss", f->password_file,
                                  "--first-name", "Åsa", "--last-name", "Öberg", NULL), ==, 0);
  g_assert_nonnull (strstr (output, "boss"));

  /* The running server sees the new administrator at once. */
  token = hrm_test_sign_in (f->server, "Boss");
  me = hrm_test_api (f->session, hrm_test_server_get_uri (f->server), token, "GET", "/api/v1/me",
                     NULL, NULL);
  hrm_test_assert_status (me, 200);
  g_assert_true (hrm_test_json_get_bool (me->json, "may_manage_users"));
  g_assert_cmpstr (hrm_test_json_get_string (me->json, "user.user_id"), ==, "boss");
  g_assert_cmpstr (hrm_test_json_get_string (me->json, "user.first_name"), ==, "Åsa");
  g_assert_cmpstr (hrm_test_json_get_string (me->json, "user.last_name"), ==, "Öberg");

  /* Found in the list (also by the name's other case), System administrator on the company. */
  users = hrm_test_api (f->session, hrm_test_server_get_uri (f->server), token, "GET",
                        "/api/v1/users?q=%C3%96BERG", NULL, NULL);
  hrm_test_assert_status (users, 200);
  g_assert_cmpint (hrm_test_json_get_int (users->json, "total"), ==, 1);

  path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "/authorisations",
                          hrm_test_json_get_int (me->json, "user.id"));
  roles = hrm_test_api (f->session, hrm_test_server_get_uri (f->server), token, "GET", path,
                        NULL, NULL);
  hrm_test_assert_status (roles, 200);
  items = hrm_test_json_get_array (roles->json, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  authorisation = json_array_get_object_element (items, 0);
  g_assert_cmpstr (hrm_test_json_get_string (authorisation, "role_name"), ==,
                   "System administrator");
  g_assert_cmpstr (hrm_test_json_get_string (authorisation, "scope.type"), ==, "company");
}

static void
test_add_admin_gets_standard_roles (AdminFixture  *f,
                                    gconstpointer  data)
{
  g_autoptr(HrmTestResponse) roles = NULL;
  g_autofree char *token = NULL;
  JsonArray *items;
  guint with_view = 0;

  if (f->server == NULL)
    return;

  g_assert_cmpint (run_add_admin (f, NULL, "boss", f->password_file, NULL), ==, 0);
  token = hrm_test_sign_in (f->server, "boss");
  roles = hrm_test_api (f->session, hrm_test_server_get_uri (f->server), token, "GET",
                        "/api/v1/roles", NULL, NULL);
  hrm_test_assert_status (roles, 200);
  items = hrm_test_json_get_array (roles->json, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 6);
  for (guint i = 0; i < json_array_get_length (items); i++)
    with_view += hrm_test_json_get_bool (json_array_get_object_element (items, i),
                                         "grants_users_view");
  g_assert_cmpuint (with_view, ==, 2);
  /* The schema's English names: only the demo renames them. */
  g_assert_cmpstr (hrm_test_json_get_string (json_array_get_object_element (items, 0), "name"), ==,
                   "System administrator");
  g_assert_cmpstr (hrm_test_json_get_string (json_array_get_object_element (items, 2), "name"), ==,
                   "Payroll administrator");
}

/* The demo organisation is Swedish and names its roles as Flex HRM does;
 * --add-admin on its database still finds the System administrator role. */
static void
test_add_admin_demo_roles_swedish (AdminFixture  *f,
                                   gconstpointer  data)
{
  g_autoptr(HrmTestResponse) roles = NULL;
  g_autoptr(HrmTestResponse) me = NULL;
  g_autoptr(HrmTestResponse) granted = NULL;
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  JsonArray *items;

  if (f->server == NULL)
    return;

  g_assert_cmpint (run_add_admin (f, NULL, "boss", f->password_file, NULL), ==, 0);
  token = hrm_test_sign_in (f->server, "boss");
  roles = hrm_test_api (f->session, hrm_test_server_get_uri (f->server), token, "GET",
                        "/api/v1/roles", NULL, NULL);
  hrm_test_assert_status (roles, 200);
  items = hrm_test_json_get_array (roles->json, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 6);
  g_assert_cmpstr (hrm_test_json_get_string (json_array_get_object_element (items, 0), "name"), ==,
                   "Systemadministratör");
  g_assert_cmpstr (hrm_test_json_get_string (json_array_get_object_element (items, 2), "name"), ==,
                   "Löneadministratör");
  g_assert_cmpstr (hrm_test_json_get_string (json_array_get_object_element (items, 2),
                                             "description"), ==, "Kör lönen och ser lönedata");

  me = hrm_test_api (f->session, hrm_test_server_get_uri (f->server), token, "GET", "/api/v1/me",
                     NULL, NULL);
  hrm_test_assert_status (me, 200);
  g_assert_true (hrm_test_json_get_bool (me->json, "may_manage_users"));
  path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "/authorisations",
                          hrm_test_json_get_int (me->json, "user.id"));
  granted = hrm_test_api (f->session, hrm_test_server_get_uri (f->server), token, "GET", path,
                          NULL, NULL);
  hrm_test_assert_status (granted, 200);
  items = hrm_test_json_get_array (granted->json, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpstr (hrm_test_json_get_string (json_array_get_object_element (items, 0), "role_name"),
                   ==, "Systemadministratör");
}

static void
test_add_admin_refuses_weak_password (AdminFixture  *f,
                                      gconstpointer  data)
{
  g_autofree char *weak = NULL;
  g_autofree char *output = NULL;
  g_autoptr(HrmTestResponse) r = NULL;
  g_autoptr(GError) error = NULL;

  if (f->server == NULL)
    return;

  weak = g_build_filename (hrm_test_server_get_dir (f->server), "weak", NULL);
  g_file_set_contents (weak, "short\n", -1, &error);
  g_assert_no_error (error);

  g_assert_cmpint (run_add_admin (f, &output, "boss", weak, NULL), ==, 1);
  g_assert_nonnull (strstr (output, "12"));

  /* Long enough is not enough: the same rules as the reset page. */
  g_file_set_contents (weak, "password12345\n", -1, &error);
  g_assert_no_error (error);
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (run_add_admin (f, &output, "boss", weak, NULL), ==, 1);
  g_file_set_contents (weak, "the-big-boss-of-it-all\n", -1, &error);
  g_assert_no_error (error);
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (run_add_admin (f, &output, "boss", weak, NULL), ==, 1);
  g_assert_nonnull (strstr (output, "name"));

  /* Nobody was added: the name does not sign in. */
  r = sign_in (f, "boss", "short");
  hrm_test_assert_status (r, 400);
  g_assert_cmpstr (hrm_test_json_get_string (r->json, "error"), ==, "invalid_grant");
}

static void
test_add_admin_refuses_taken_username (AdminFixture  *f,
                                       gconstpointer  data)
{
  g_autofree char *other = NULL;
  g_autofree char *output = NULL;
  g_autoptr(HrmTestResponse) first = NULL;
  g_autoptr(HrmTestResponse) second = NULL;
  g_autoptr(GError) error = NULL;

  if (f->server == NULL)
    return;

  other = g_build_filename (hrm_test_server_get_dir (f->server), "other", NULL);
  g_file_set_contents (other, "another-long-passphrase\n", -1, &error);
  g_assert_no_error (error);

  g_assert_cmpint (run_add_admin (f, NULL, "boss", f->password_file, NULL), ==, 0);
  g_assert_cmpint (run_add_admin (f, &output, "BOSS", other, NULL), ==, 1);
  g_assert_nonnull (strstr (output, "already"));
  g_assert_nonnull (strstr (output, "BOSS"));

  /* The first one keeps its password; the refused one changed nothing. */
  first = sign_in (f, "boss", HRM_TEST_PASSWORD);
  hrm_test_assert_status (first, 200);
  second = sign_in (f, "boss", "another-long-passphrase");
  hrm_test_assert_status (second, 400);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, AdminFixture, NULL, admin_setup, func, admin_teardown)
#define ADD_DEMO(path, func) \
  g_test_add (path, AdminFixture, GINT_TO_POINTER (TRUE), admin_setup, func, admin_teardown)
  ADD ("/server/add-admin/signs-in-and-manages-users", test_add_admin_signs_in);
  ADD ("/server/add-admin/standard-roles", test_add_admin_gets_standard_roles);
  ADD ("/server/add-admin/weak-password", test_add_admin_refuses_weak_password);
  ADD ("/server/add-admin/username-taken", test_add_admin_refuses_taken_username);
  ADD_DEMO ("/server/add-admin/demo-roles-swedish", test_add_admin_demo_roles_swedish);
#undef ADD_DEMO
#undef ADD

  return g_test_run ();
}
