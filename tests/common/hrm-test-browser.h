/* hrm-test-browser.h — a test playing the system browser for the app
 *
 * The app's browser sign-in opens the server's /oauth/authorize page and
 * listens on a loopback port of its own for the redirect. A test plays the
 * browser with these: it opens the page, posts its form (CSRF token from the
 * page, cookie from its answer), and follows the redirect to the listener.
 * Everything is sent asynchronously while the default main context spins, so
 * a listener in the test's own process (HrmBrowserSignIn) can answer.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint  status;    /* the listener's answer to the redirect; 0 when there was none */
  char  *location;  /* where the server redirected the browser, or NULL */
  char  *text;      /* the listener's page, or the last page the server showed */
} HrmTestBrowserResult;

void hrm_test_browser_result_free (HrmTestBrowserResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HrmTestBrowserResult, hrm_test_browser_result_free)

/* Opens @authorize_uri, signs in as @username with @password, and follows the
 * redirect (with the code) to the app. */
HrmTestBrowserResult *hrm_test_browser_sign_in (const char *authorize_uri,
                                                const char *username,
                                                const char *password);
/* Opens @authorize_uri and presses Cancel: the server redirects with
 * error=access_denied, which is followed to the app. */
HrmTestBrowserResult *hrm_test_browser_cancel  (const char *authorize_uri);
/* GET @uri (the app's listener) as the browser would, and return its answer. */
HrmTestBrowserResult *hrm_test_browser_get     (const char *uri);

G_END_DECLS
