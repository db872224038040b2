/* test-browser-sign-in.c — signing in through the browser in the real window
 *
 * The test is the browser: the app hands it the URL through the test-only
 * HRM_TEST_OPEN_URI_FILE instead of gtk_show_uri(), and the test opens the
 * server's sign-in page, posts the form and follows the redirect to the app
 * (tests/common/hrm-test-browser.h). Run under Xvfb on a private bus with a
 * real gnome-keyring, against a real hrm-server without the password grant.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-browser-sign-in"

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "hrm-credentials.h"
#include "hrm-test-browser.h"
#include "hrm-ui-test.h"

static char *uri_file;  /* HRM_TEST_OPEN_URI_FILE */

typedef struct
{
  HrmTestServer *server;
  HrmWindow     *window;
} F;

static const char *no_password_grant[] = { HRM_TEST_SERVER_NO_PASSWORD_GRANT, NULL };
static const char *password_grant[] = { NULL };

static void
setup (F             *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (!hrm_test_server_available ())
    {
      g_test_skip ("no hrm-server");
      return;
    }
  f->server = hrm_test_server_new_full (TRUE, data, NULL, &error);
  g_assert_no_error (error);
  g_unlink (uri_file);
  f->window = hrm_ui_test_window_new ();
  hrm_window_show_sign_in (f->window, hrm_test_server_get_uri (f->server), NULL);
}

static void
teardown (F             *f,
          gconstpointer  data)
{
  if (f->window != NULL)
    hrm_ui_test_window_destroy (f->window);
  g_clear_pointer (&f->server, hrm_test_server_free);
}

static GtkWidget *
child (F          *f,
       const char *name)
{
  return hrm_ui_test_child (_hrm_window_get_sign_in_page (f->window), HRM_TYPE_SIGN_IN_PAGE, name);
}

static const char *
visible_page (F *f)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (child (f, "stack")));
}

static gboolean
focused (F          *f,
         const char *name)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  return focus != NULL && (focus == child (f, name) || gtk_widget_is_ancestor (focus, child (f, name)));
}

/* The URL the app handed to the "browser", once it did. */
static gboolean
read_uri_file (char **out_uri)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (uri_file, &contents, NULL, NULL) || *g_strstrip (contents) == '\0')
    return FALSE;
  g_free (*out_uri);
  *out_uri = g_steal_pointer (&contents);
  return TRUE;
}

static char *
opened_uri (void)
{
  char *uri = NULL;

  HRM_UI_WAIT_UNTIL (read_uri_file (&uri));
  return uri;
}

/* Presses Sign In with Browser and waits for "Continue in your browser…". */
static char *
press_sign_in_with_browser (F *f)
{
  g_assert_true (gtk_widget_get_visible (child (f, "browser_button")));
  gtk_widget_activate (child (f, "browser_button"));
  HRM_UI_WAIT_UNTIL (g_str_equal (visible_page (f), "waiting"));
  return opened_uri ();
}

static const char *
message (F *f)
{
  GtkWidget *label = child (f, "message_label");

  return gtk_widget_get_visible (label) ? gtk_label_get_label (GTK_LABEL (label)) : NULL;
}

static char *
redirect_uri_of (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_autoptr(GHashTable) params = NULL;

  g_assert_nonnull (parsed);
  params = g_uri_parse_params (g_uri_get_query (parsed), -1, "&", G_URI_PARAMS_NONE, NULL);
  return g_strdup (g_hash_table_lookup (params, "redirect_uri"));
}

static void
keep_result (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Whether the keyring holds the client's current refresh token for @username. */
static gboolean
keyring_holds (const char *server,
               const char *username,
               const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *token = NULL;

  hrm_credentials_lookup_async (server, username, NULL, keep_result, &result);
  HRM_UI_WAIT_UNTIL (result != NULL);
  token = hrm_credentials_lookup_finish (result, &error);
  return token != NULL && g_strcmp0 (token, expected) == 0;
}

/* The administrator signs in in the browser and sees the users list. */
static void
test_sign_in (F             *f,
              gconstpointer  data)
{
  g_autoptr(HrmTestBrowserResult) browser = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *again = NULL;
  g_autofree char *last_username = NULL;
  GtkWidget *waiting;

  if (f->server == NULL)
    return;

  uri = press_sign_in_with_browser (f);
  /* The waiting page says where to go on, and Cancel has the focus. */
  waiting = child (f, "stack");
  g_assert_true (gtk_widget_get_mapped (gtk_stack_get_visible_child (GTK_STACK (waiting))));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (f, "waiting_detail_label"))),
                            hrm_test_server_get_uri (f->server)));
  g_assert_true (focused (f, "cancel_button"));

  /* Open the Browser Again hands the same URL over again. */
  g_unlink (uri_file);
  gtk_widget_activate (child (f, "reopen_button"));
  again = opened_uri ();
  g_assert_cmpstr (again, ==, uri);

  browser = hrm_test_browser_sign_in (uri, "admin", HRM_TEST_PASSWORD);
  g_assert_nonnull (strstr (browser->text, "You can close this tab and return to HRM Users"));
  HRM_UI_WAIT_UNTIL (g_str_equal (hrm_window_get_view (f->window), "main"));
  g_assert_cmpstr (hrm_client_get_username (hrm_window_get_client (f->window)), ==, "admin");
  /* Remembered for the next start under the name the browser signed in as. */
  settings = g_settings_new (APPLICATION_ID);
  last_username = g_settings_get_string (settings, "last-username");
  g_assert_cmpstr (last_username, ==, "admin");
  /* The refresh token is in the keyring as after a password sign-in, so the
   * next start resumes silently. */
  HRM_UI_WAIT_UNTIL (keyring_holds (hrm_test_server_get_uri (f->server), "admin",
                                    hrm_client_get_refresh_token (hrm_window_get_client (f->window))));
}

/* Cancel stops waiting and leaves the address as it was. */
static void
test_cancel (F             *f,
             gconstpointer  data)
{
  g_autofree char *uri = NULL;

  if (f->server == NULL)
    return;

  uri = press_sign_in_with_browser (f);
  gtk_widget_activate (child (f, "cancel_button"));
  HRM_UI_WAIT_UNTIL (g_str_equal (visible_page (f), "form"));
  g_assert_null (message (f));

  /* From the keyboard: Enter in the address starts it, Escape cancels. */
  g_unlink (uri_file);
  gtk_widget_grab_focus (child (f, "server_row"));
  g_signal_emit_by_name (child (f, "server_row"), "entry-activated");
  HRM_UI_WAIT_UNTIL (g_str_equal (visible_page (f), "waiting"));
  g_free (opened_uri ());
  g_assert_true (hrm_ui_test_press_shortcut (child (f, "cancel_button"), "Escape"));
  HRM_UI_WAIT_UNTIL (g_str_equal (visible_page (f), "form"));
  g_assert_null (message (f));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "server_row"))), ==,
                   hrm_test_server_get_uri (f->server));
  g_assert_true (focused (f, "browser_button"));
  g_assert_cmpstr (hrm_window_get_view (f->window), ==, "sign-in");
}

/* Cancel in the browser (error=access_denied) is said on the page. */
static void
test_error_redirect (F             *f,
                     gconstpointer  data)
{
  g_autoptr(HrmTestBrowserResult) browser = NULL;
  g_autofree char *uri = NULL;

  if (f->server == NULL)
    return;

  uri = press_sign_in_with_browser (f);
  browser = hrm_test_browser_cancel (uri);
  HRM_UI_WAIT_UNTIL (g_str_equal (visible_page (f), "form"));
  g_assert_cmpstr (message (f), ==, "Sign-in was cancelled in the browser");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "server_row"))), ==,
                   hrm_test_server_get_uri (f->server));
  g_assert_cmpstr (hrm_window_get_view (f->window), ==, "sign-in");
}

/* A redirect this sign-in did not ask for is refused and said. */
static void
test_wrong_state (F             *f,
                  gconstpointer  data)
{
  g_autoptr(HrmTestBrowserResult) browser = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *forged = NULL;
  g_autofree char *redirect = NULL;

  if (f->server == NULL)
    return;

  uri = press_sign_in_with_browser (f);
  redirect = redirect_uri_of (uri);
  forged = g_strconcat (redirect, "?code=stolen&state=forged", NULL);
  browser = hrm_test_browser_get (forged);
  HRM_UI_WAIT_UNTIL (g_str_equal (visible_page (f), "form"));
  g_assert_nonnull (message (f));
  g_assert_nonnull (strstr (message (f), "did not start"));
  g_assert_null (hrm_window_get_client (f->window));
}

static void
answer_not_found (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

/* An hrm-server before 0.2 (no discovery document) is named beside the
 * address, and no browser is opened. */
static void
test_no_discovery (F             *f,
                   gconstpointer  data)
{
  g_autoptr(SoupServer) old = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  GtkWidget *server_error;
  GSList *uris;

  if (f->server == NULL)
    return;

  soup_server_add_handler (old, NULL, answer_not_found, NULL, NULL);
  soup_server_listen_local (old, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (old);
  base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  gtk_editable_set_text (GTK_EDITABLE (child (f, "server_row")), base);
  gtk_widget_activate (child (f, "browser_button"));
  server_error = child (f, "server_error_label");
  HRM_UI_WAIT_UNTIL (gtk_widget_get_visible (server_error));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (server_error)), "older than 0.2"));
  g_assert_cmpstr (visible_page (f), ==, "form");
  g_assert_false (g_file_test (uri_file, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "server_row"))), ==, base);
}

/* The password form is there only where the server allows passwords. */
static void
test_password_form (F             *f,
                    gconstpointer  data)
{
  if (f->server == NULL)
    return;

  HRM_UI_WAIT_UNTIL (gtk_widget_get_visible (child (f, "password_box")));
  /* Another address (nothing answers there) hides it again. */
  gtk_editable_set_text (GTK_EDITABLE (child (f, "server_row")), "http://127.0.0.1:9");
  g_assert_false (gtk_widget_get_visible (child (f, "password_box")));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = g_dir_make_tmp ("hrm-browser-sign-in-XXXXXX", NULL);

  uri_file = g_build_filename (dir, "opened-uri", NULL);
  g_setenv ("HRM_TEST_OPEN_URI_FILE", uri_file, TRUE);
  hrm_ui_test_init (&argc, &argv);

#define ADD(path, data, func) g_test_add (path, F, data, setup, func, teardown)
  ADD ("/ui/browser-sign-in/sign-in", no_password_grant, test_sign_in);
  ADD ("/ui/browser-sign-in/cancel", no_password_grant, test_cancel);
  ADD ("/ui/browser-sign-in/error-redirect", no_password_grant, test_error_redirect);
  ADD ("/ui/browser-sign-in/wrong-state", no_password_grant, test_wrong_state);
  ADD ("/ui/browser-sign-in/no-discovery", no_password_grant, test_no_discovery);
  ADD ("/ui/browser-sign-in/password-form", password_grant, test_password_form);
#undef ADD

  return g_test_run ();
}
