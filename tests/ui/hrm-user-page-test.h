/* hrm-user-page-test.h — an HrmUserPage alone in a window, signed in to a real server
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hrm-ui-test.h"
#include "hrm-user-page-access.h"

G_BEGIN_DECLS

/* Demo users (docs/demo-data.md) */
#define DEMO_ANNA   3   /* not linked, no email */
#define DEMO_ERIK   4   /* not linked, has an email */
#define DEMO_MARIA  5   /* pending */
#define DEMO_LARS   6   /* pending, the link expired */
#define DEMO_KARIN  7   /* linked */
#define DEMO_PER    10  /* linked, disabled */
#define DEMO_INGRID 12  /* attestant */

typedef struct
{
  HrmTestServer   *server;
  HrmClient       *client;
  HrmOrganisation *organisation;
  GtkWindow       *window;
  HrmUserPage     *page;
  HrmUser         *user;          /* what the page shows (the "list's" object) */
  SoupSession     *session;       /* "someone else", straight to the API */
  char            *token;         /* their access token */
  guint            user_changed;  /* "user-changed" emissions */
} PageFixture;

/* @data (nullable): a NULL-terminated array of "NAME=VALUE" for the
 * server's environment (e.g. "G_MESSAGES_DEBUG=hrm-server" to log requests). */
void        page_fixture_set_up    (PageFixture   *fixture,
                                    gconstpointer  data);
void        page_fixture_tear_down (PageFixture   *fixture,
                                    gconstpointer  data);
/* Shows user @id on the page and waits until it has loaded. */
void        page_fixture_show_user (PageFixture   *fixture,
                                    gint64         id);
/* Sets a field's text as typing would. */
void        page_fixture_type      (PageFixture   *fixture,
                                    HrmUserField   field,
                                    const char    *text);
const char *page_fixture_text      (PageFixture   *fixture,
                                    HrmUserField   field);
/* Whether the field shows an error beside it, and which. */
const char *page_fixture_error     (PageFixture   *fixture,
                                    HrmUserField   field);
/* GET /api/v1/users/@id as someone else; free with json_object_unref. */
JsonObject *page_fixture_get_user  (PageFixture   *fixture,
                                    gint64         id);
/* The AdwMessageDialog currently open over the page's window, or NULL. */
AdwMessageDialog *page_fixture_find_dialog (PageFixture *fixture);
/* Waits for a dialog and answers it with @response. Returns its heading. */
char       *page_fixture_answer_dialog (PageFixture *fixture,
                                        const char  *response);
/* Whether a toast whose title contains @text is shown over the page. */
gboolean    page_fixture_has_toast (PageFixture  *fixture,
                                    const char   *text);
/* With $HRM_SCREENSHOT_DIR set, saves the window as NAME.png there. */
void        page_fixture_screenshot (PageFixture  *fixture,
                                     const char   *name);

G_END_DECLS
