/* server-test.h — what the server suite's tests share
 *
 * A GTest fixture with a fresh demo hrm-server, one SoupSession and the
 * tokens of the demo accounts, plus shortcuts for the requests most tests
 * make. Every test function starts with SKIP_WITHOUT_SERVER (f).
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hrm-lib.h"
#include "hrm-test-server.h"

G_BEGIN_DECLS

#define MAIL_TIMEOUT_MS 10000

typedef struct
{
  HrmTestServer *server;
  SoupSession   *session;
  char          *admin_token;
  char          *clerk_token;
} Fixture;

#define SKIP_WITHOUT_SERVER(f) G_STMT_START { if ((f)->server == NULL) return; } G_STMT_END

void             fixture_setup            (Fixture       *f,
                                           gconstpointer  data);
void             fixture_teardown         (Fixture       *f,
                                           gconstpointer  data);
/* Like fixture_setup, with extra environment for the server (NULL-terminated). */
void             fixture_setup_with_env   (Fixture            *f,
                                           const char * const *env);

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

/* Sends an API request as admin (@token NULL means admin's token). */
HrmTestResponse *api                      (Fixture       *f,
                                           const char    *method,
                                           const char    *path,
                                           const char    *json_body);
HrmTestResponse *api_as                   (Fixture       *f,
                                           const char    *token,
                                           const char    *method,
                                           const char    *path,
                                           const char    *json_body);

/* GET /api/v1/users/{id}: asserts 200 and returns the user (owned) and ETag. */
JsonObject      *get_user                 (Fixture       *f,
                                           gint64         id,
                                           char         **out_etag);
/* PATCH /api/v1/users/{id} with If-Match @etag (NULL: none) and @content_type. */
HrmTestResponse *patch_user               (Fixture       *f,
                                           gint64         id,
                                           const char    *etag,
                                           const char    *content_type,
                                           const char    *body,
                                           gssize         length);
/* PATCH with the current ETag; asserts 200. */
void             patch_user_ok            (Fixture       *f,
                                           gint64         id,
                                           const char    *json);

/* All users, walking every page; a new array of JsonObject. */
GPtrArray       *list_all_users           (Fixture       *f,
                                           const char    *query,
                                           guint          limit);
/* The id of some user other than the demo accounts, or of the @nth of them. */
gint64           some_user_id             (Fixture       *f,
                                           guint          nth);
gint64           user_id_by_name          (Fixture       *f,
                                           const char    *user_id);
gint64           me_id                    (Fixture       *f,
                                           const char    *token);

/* Sets @email, sends a verification and returns the link from the mail. */
char            *send_verification        (Fixture       *f,
                                           gint64         id,
                                           const char    *email);
/* Links @id to @email through the whole employee flow; asserts it worked. */
void             link_user                (Fixture       *f,
                                           gint64         id,
                                           const char    *email);
/* Waits for the next mail to @address and returns its link containing
 * @path_prefix ("/connect/verify?token="); fails the test when there is none. */
char            *wait_for_link            (Fixture       *f,
                                           const char    *address,
                                           const char    *path_prefix);
/* The user as the API shows it, ETag and JSON text: compare two of these to
 * check that a refused request changed nothing. */
char            *user_snapshot            (Fixture       *f,
                                           gint64         id);
/* The token= of a link. */
char            *link_token               (const char    *link);
/* Runs SQL on the server's database (for what the API cannot do: add a row
 * behind its back, age a token). */
void             db_exec                  (Fixture       *f,
                                           const char    *sql);

/* The first column of the first row of @sql on the server's database (read
 * only), or -1 when there is no row. */
gint64           db_query_int             (Fixture    *f,
                                           const char *sql);

/* Compares two names the way the server sorts the users list (its collation
 * when the server has one, else ASCII case-insensitively). */
int              compare_names            (const char    *a,
                                           const char    *b);

/* Parses RFC 4180 text strictly (CRLF after every record, quoted fields with
 * doubled quotes) into rows of fields; fails the test on anything else. */
GPtrArray       *parse_csv                (const char    *text);

G_END_DECLS
