/* hrm-test-browser.c — a test playing the system browser for the app
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "hrm-test-browser.h"

typedef struct
{
  guint  status;
  char  *location;
  char  *cookie;   /* name=value of Set-Cookie */
  char  *text;
} Page;

static void
page_free (Page *page)
{
  g_free (page->location);
  g_free (page->cookie);
  g_free (page->text);
  g_free (page);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Page, page_free)

void
hrm_test_browser_result_free (HrmTestBrowserResult *result)
{
  g_free (result->location);
  g_free (result->text);
  g_free (result);
}

static void
keep_result (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* One request as a browser sends it, never following redirects; the main
 * context spins meanwhile, so a listener in this process can answer. */
static Page *
browse (const char *method,
        const char *uri,
        const char *cookie,
        const char *form)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  const char *set_cookie;
  Page *page = g_new0 (Page, 1);

  g_assert_nonnull (msg);
  soup_session_set_proxy_resolver (session, NULL);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (cookie != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Cookie", cookie);
  if (form != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (form, strlen (form));

      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);
    }
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, keep_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  body = soup_session_send_and_read_finish (session, result, &error);
  g_assert_no_error (error);

  headers = soup_message_get_response_headers (msg);
  page->status = soup_message_get_status (msg);
  page->location = g_strdup (soup_message_headers_get_one (headers, "Location"));
  set_cookie = soup_message_headers_get_one (headers, "Set-Cookie");
  if (set_cookie != NULL)
    page->cookie = g_strndup (set_cookie, strcspn (set_cookie, ";"));
  page->text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  return page;
}

/* The value of the form field @name on @page, or NULL. */
static char *
field (const Page *page,
       const char *name)
{
  g_autofree char *needle = g_strdup_printf ("name=\"%s\" value=\"", name);
  const char *at = strstr (page->text, needle);

  if (at == NULL)
    return NULL;
  at += strlen (needle);
  return g_strndup (at, strcspn (at, "\""));
}

/* The page's hidden fields and the given name/value pairs (NULL-terminated). */
static char *
form_of (const Page *page,
         ...)
{
  const char *hidden[] = { "response_type", "client_id", "code_challenge_method", "redirect_uri",
                           "code_challenge", "state", "csrf", "pending" };
  GString *form = g_string_new (NULL);
  const char *name;
  va_list args;

  for (guint i = 0; i < G_N_ELEMENTS (hidden); i++)
    {
      g_autofree char *value = field (page, hidden[i]);
      g_autofree char *escaped = value ? g_uri_escape_string (value, NULL, FALSE) : NULL;

      if (value != NULL)
        g_string_append_printf (form, "%s%s=%s", form->len ? "&" : "", hidden[i], escaped);
    }
  va_start (args, page);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (va_arg (args, const char *), NULL, FALSE);

      g_string_append_printf (form, "&%s=%s", name, escaped);
    }
  va_end (args);
  return g_string_free (form, FALSE);
}

/* Submits the sign-in page with @username and @password, or presses Cancel
 * when @username is NULL, and follows the redirect. */
static HrmTestBrowserResult *
submit (const char *authorize_uri,
        const char *username,
        const char *password)
{
  g_autoptr(Page) sign_in = browse ("GET", authorize_uri, NULL, NULL);
  g_autoptr(Page) answer = NULL;
  g_autoptr(GUri) base = NULL;
  g_autoptr(GUri) post_uri = NULL;
  g_autofree char *post = NULL;
  g_autofree char *form = NULL;
  HrmTestBrowserResult *result = g_new0 (HrmTestBrowserResult, 1);

  g_assert_cmpuint (sign_in->status, ==, 200);
  g_assert_nonnull (sign_in->cookie);
  if (username != NULL)
    form = form_of (sign_in, "username", username, "password", password, "action", "continue",
                    NULL);
  else
    form = form_of (sign_in, "action", "cancel", NULL);

  base = g_uri_parse (authorize_uri, G_URI_FLAGS_NONE, NULL);
  g_assert_nonnull (base);
  post_uri = g_uri_parse_relative (base, "/oauth/authorize", G_URI_FLAGS_NONE, NULL);
  post = g_uri_to_string (post_uri);
  answer = browse ("POST", post, sign_in->cookie, form);
  result->location = g_strdup (answer->location);
  if (answer->status != 302 && answer->status != 303)
    {
      result->text = g_steal_pointer (&answer->text);
      return result;
    }

  {
    g_autoptr(Page) app = browse ("GET", answer->location, NULL, NULL);

    result->status = app->status;
    result->text = g_steal_pointer (&app->text);
  }
  return result;
}

HrmTestBrowserResult *
hrm_test_browser_sign_in (const char *authorize_uri,
                          const char *username,
                          const char *password)
{
  g_assert_nonnull (username);
  return submit (authorize_uri, username, password);
}

HrmTestBrowserResult *
hrm_test_browser_cancel (const char *authorize_uri)
{
  return submit (authorize_uri, NULL, NULL);
}

HrmTestBrowserResult *
hrm_test_browser_get (const char *uri)
{
  g_autoptr(Page) page = browse ("GET", uri, NULL, NULL);
  HrmTestBrowserResult *result = g_new0 (HrmTestBrowserResult, 1);

  result->status = page->status;
  result->text = g_steal_pointer (&page->text);
  return result;
}
