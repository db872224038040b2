/* test-sign-in.c — signing in and out of the real window against a real server
 *
 * Run by meson under Xvfb on a private bus with an unlocked gnome-keyring
 * (tests/with-session.sh --keyring --display), and the tests of a remembered
 * sign-in again with libsecret's file backend, the Flatpak's, and no Secret
 * Service on the bus (--file-keyring).
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-sign-in"

#include "config.h"

#include <signal.h>

#include <libsecret/secret.h>

#include "hrm-application.h"
#include "hrm-credentials.h"
#include "hrm-provisioning-overview.h"
#include "hrm-ui-test.h"

static GtkWidget *
sign_in_child (HrmWindow  *window,
               const char *name)
{
  return hrm_ui_test_child (_hrm_window_get_sign_in_page (window), HRM_TYPE_SIGN_IN_PAGE, name);
}

static const char *
sign_in_text (HrmWindow  *window,
              const char *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (sign_in_child (window, name)));
}

/* The administrator signs in and sees the users of the organisation. */
static void
test_sign_in_success (void)
{
  g_autoptr(HrmTestServer) server = hrm_test_server_new_or_skip (TRUE);
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *last_server = NULL;
  HrmWindow *window;
  const char *organisation;

  if (server == NULL)
    return;

  window = hrm_ui_test_window_new ();
  g_assert_cmpstr (hrm_window_get_view (window), ==, "sign-in");

  hrm_ui_test_sign_in (window, server, "admin");

  g_assert_nonnull (hrm_window_get_client (window));
  /* The organisation's name is shown above the list. */
  organisation = adw_window_title_get_subtitle (window->users_title);
  g_assert_nonnull (organisation);
  g_assert_cmpstr (organisation, !=, "");
  /* The password is not kept in the form. */
  g_assert_cmpstr (sign_in_text (window, "password_row"), ==, "");
  /* Server and username are remembered for the next start; the password never. */
  settings = g_settings_new (APPLICATION_ID);
  last_server = g_settings_get_string (settings, "last-server");
  g_assert_cmpstr (last_server, ==, hrm_test_server_get_uri (server));

  hrm_ui_test_window_destroy (window);
}

/* A wrong password is said plainly and nothing typed is lost. */
static void
test_sign_in_wrong_password (void)
{
  g_autoptr(HrmTestServer) server = hrm_test_server_new_or_skip (TRUE);
  GtkWidget *message;
  HrmWindow *window;

  if (server == NULL)
    return;

  window = hrm_ui_test_window_new ();
  hrm_ui_test_fill_sign_in (window, hrm_test_server_get_uri (server), "admin", "not-the-password");
  g_assert_true (hrm_sign_in_page_get_busy (_hrm_window_get_sign_in_page (window)));

  message = sign_in_child (window, "message_label");
  HRM_UI_WAIT_UNTIL (!hrm_sign_in_page_get_busy (_hrm_window_get_sign_in_page (window)));
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (message)), ==, "Wrong username or password.");
  g_assert_true (gtk_widget_has_css_class (message, "error"));

  g_assert_cmpstr (hrm_window_get_view (window), ==, "sign-in");
  g_assert_null (hrm_window_get_client (window));
  g_assert_cmpstr (sign_in_text (window, "server_row"), ==, hrm_test_server_get_uri (server));
  g_assert_cmpstr (sign_in_text (window, "username_row"), ==, "admin");
  g_assert_cmpstr (sign_in_text (window, "password_row"), ==, "not-the-password");

  /* Typing the right one signs in (in the password form, which shows once
   * the server said it allows passwords). */
  HRM_UI_WAIT_UNTIL (gtk_widget_get_mapped (sign_in_child (window, "sign_in_button")));
  gtk_editable_set_text (GTK_EDITABLE (sign_in_child (window, "password_row")), HRM_TEST_PASSWORD);
  gtk_widget_activate (sign_in_child (window, "sign_in_button"));
  HRM_UI_WAIT_UNTIL (g_str_equal (hrm_window_get_view (window), "main"));

  hrm_ui_test_window_destroy (window);
}

/* Five wrong passwords lock the account for a while, and the form says how long. */
static void
test_sign_in_locked (void)
{
  g_autoptr(HrmTestServer) server = hrm_test_server_new_or_skip (TRUE);
  GtkWidget *message;
  const char *text;
  HrmWindow *window;

  if (server == NULL)
    return;

  window = hrm_ui_test_window_new ();
  message = sign_in_child (window, "message_label");
  for (guint i = 0; i < 5; i++)
    {
      hrm_ui_test_fill_sign_in (window, hrm_test_server_get_uri (server), "admin", "wrong");
      HRM_UI_WAIT_UNTIL (!hrm_sign_in_page_get_busy (_hrm_window_get_sign_in_page (window)));
      g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (message)), ==,
                       "Wrong username or password.");
    }

  /* Even the right password is refused now. */
  hrm_ui_test_fill_sign_in (window, hrm_test_server_get_uri (server), "admin", HRM_TEST_PASSWORD);
  HRM_UI_WAIT_UNTIL (!hrm_sign_in_page_get_busy (_hrm_window_get_sign_in_page (window)));
  text = gtk_label_get_label (GTK_LABEL (message));
  g_assert_true (g_str_has_prefix (text, "This account is locked."));
  g_assert_nonnull (strstr (text, "Try again in"));
  g_assert_cmpstr (hrm_window_get_view (window), ==, "sign-in");

  hrm_ui_test_window_destroy (window);
}

/* An account without the Users role cannot get to the list. */
static void
test_sign_in_may_not_manage (void)
{
  g_autoptr(HrmTestServer) server = hrm_test_server_new_or_skip (TRUE);
  GtkWidget *message;
  HrmWindow *window;

  if (server == NULL)
    return;

  window = hrm_ui_test_window_new ();
  hrm_ui_test_fill_sign_in (window, hrm_test_server_get_uri (server), "clerk", HRM_TEST_PASSWORD);

  message = sign_in_child (window, "message_label");
  HRM_UI_WAIT_UNTIL (gtk_widget_get_visible (message));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (message)),
                            "This account may not manage users"));
  g_assert_cmpstr (hrm_window_get_view (window), ==, "sign-in");
  g_assert_null (hrm_window_get_client (window));
  g_assert_null (hrm_users_pane_get_list (window->users_pane));

  hrm_ui_test_window_destroy (window);
}

/* Plain http to another machine is refused before anything is sent, with the
 * reason beside the address. */
static void
test_sign_in_insecure_address (void)
{
  HrmWindow *window = hrm_ui_test_window_new ();
  GtkWidget *reason = sign_in_child (window, "server_error_label");

  hrm_ui_test_fill_sign_in (window, "http://hrm.example.com", "admin", "secret");

  g_assert_false (hrm_sign_in_page_get_busy (_hrm_window_get_sign_in_page (window)));
  g_assert_true (gtk_widget_get_visible (reason));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (reason)), "would not be encrypted"));
  g_assert_true (gtk_widget_has_css_class (sign_in_child (window, "server_row"), "error"));

  /* Editing the address takes the complaint away. */
  gtk_editable_set_text (GTK_EDITABLE (sign_in_child (window, "server_row")),
                         "https://hrm.example.com");
  g_assert_false (gtk_widget_get_visible (reason));

  hrm_ui_test_window_destroy (window);
}

/* A server that does not answer is named as the problem, beside the address. */
static void
test_sign_in_unreachable (void)
{
  g_autoptr(HrmTestServer) server = hrm_test_server_new_or_skip (TRUE);
  g_autofree char *uri = NULL;
  HrmWindow *window;
  GtkWidget *reason;

  if (server == NULL)
    return;

  /* The address of a server that has stopped. */
  uri = g_strdup (hrm_test_server_get_uri (server));
  hrm_test_server_stop (server);

  window = hrm_ui_test_window_new ();
  reason = sign_in_child (window, "server_error_label");
  hrm_ui_test_fill_sign_in (window, uri, "admin", HRM_TEST_PASSWORD);
  HRM_UI_WAIT_UNTIL (!hrm_sign_in_page_get_busy (_hrm_window_get_sign_in_page (window)));

  g_assert_true (gtk_widget_get_visible (reason));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (reason)), "Cannot reach"));
  g_assert_cmpstr (hrm_window_get_view (window), ==, "sign-in");

  hrm_ui_test_window_destroy (window);
}

/* HTTPS with a certificate from a private CA: refused (beside the address)
 * until the window trusts that CA (--ca-file), then signing in works. */
static void
test_sign_in_certificate (void)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_BUILT, "client", "test-server.pem", NULL);
  g_autofree char *key = g_test_build_filename (G_TEST_BUILT, "client", "test-server-key.pem",
                                               NULL);
  g_autofree char *ca = g_test_build_filename (G_TEST_BUILT, "client", "test-ca.pem", NULL);
  const char *args[] = { "--tls-cert", cert, "--tls-key", key, NULL };
  g_autoptr(HrmTestServer) server = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  HrmWindow *window;
  GtkWidget *reason;

  if (!hrm_test_server_available () || !g_file_test (ca, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no hrm-server or no test certificates in this build");
      return;
    }
  server = hrm_test_server_new_full (TRUE, args, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hrm_test_server_get_uri (server), "https://"));

  window = hrm_ui_test_window_new ();
  reason = sign_in_child (window, "server_error_label");
  hrm_ui_test_fill_sign_in (window, hrm_test_server_get_uri (server), "admin", HRM_TEST_PASSWORD);
  HRM_UI_WAIT_UNTIL (!hrm_sign_in_page_get_busy (_hrm_window_get_sign_in_page (window)));
  g_assert_true (gtk_widget_get_visible (reason));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (reason)),
                            "certificate is not trusted"));
  g_assert_cmpstr (hrm_window_get_view (window), ==, "sign-in");

  database = g_tls_file_database_new (ca, &error);
  g_assert_no_error (error);
  hrm_window_set_tls_database (window, database);
  gtk_widget_activate_action (GTK_WIDGET (_hrm_window_get_sign_in_page (window)),
                              "sign-in.sign-in", NULL);
  HRM_UI_WAIT_UNTIL (g_str_equal (hrm_window_get_view (window), "main"));

  hrm_ui_test_window_destroy (window);
}

/* Signing out returns to the form and the session's token stops working. */
static void
test_sign_out (void)
{
  g_autoptr(HrmTestServer) server = hrm_test_server_new_or_skip (TRUE);
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(HrmTestResponse) response = NULL;
  g_autofree char *refresh_token = NULL;
  HrmClient *client;
  HrmWindow *window;

  if (server == NULL)
    return;

  window = hrm_ui_test_window_new ();
  hrm_ui_test_sign_in (window, server, "admin");
  client = hrm_window_get_client (window);
  refresh_token = g_strdup (hrm_client_get_refresh_token (client));
  g_assert_nonnull (refresh_token);

  /* Nothing keeps the session's client once its revoke is done. */
  g_object_add_weak_pointer (G_OBJECT (client), (gpointer *) &client);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL);

  g_assert_cmpstr (hrm_window_get_view (window), ==, "sign-in");
  g_assert_null (hrm_window_get_client (window));
  g_assert_null (hrm_users_pane_get_list (window->users_pane));
  g_assert_cmpstr (sign_in_text (window, "server_row"), ==, hrm_test_server_get_uri (server));
  g_assert_cmpstr (sign_in_text (window, "username_row"), ==, "admin");
  g_assert_cmpstr (sign_in_text (window, "password_row"), ==, "");

  HRM_UI_WAIT_UNTIL (client == NULL);
  session = hrm_test_session_new ();
  response = hrm_test_post_form (session, hrm_test_server_get_uri (server), "/oauth/token",
                                 "grant_type", "refresh_token",
                                 "refresh_token", refresh_token,
                                 NULL);
  hrm_test_assert_status (response, 400);

  hrm_ui_test_window_destroy (window);
}

/* When the session ends under the administrator's feet (the token was
 * revoked elsewhere), the form asks to sign in again and afterwards everything
 * is where it was: same client, same user on the page. */
static void
test_session_ended (void)
{
  g_autoptr(HrmTestServer) server = hrm_test_server_new_or_skip (TRUE);
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(HrmTestResponse) response = NULL;
  GtkWidget *message;
  HrmUserList *list;
  HrmClient *client;
  HrmWindow *window;
  HrmUser *user;

  if (server == NULL)
    return;

  window = hrm_ui_test_window_new ();
  hrm_ui_test_sign_in (window, server, "admin");
  client = hrm_window_get_client (window);
  list = hrm_users_pane_get_list (window->users_pane);
  user = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_object_unref (user);
  HRM_UI_WAIT_UNTIL (hrm_user_get_id (user) != 0);
  hrm_users_pane_select_position (window->users_pane, 0);
  g_assert_true (window->user == user);

  session = hrm_test_session_new ();
  response = hrm_test_post_form (session, hrm_test_server_get_uri (server), "/oauth/revoke",
                                 "token", hrm_client_get_refresh_token (client),
                                 NULL);
  hrm_test_assert_status (response, 200);

  /* The next call finds the session gone. */
  hrm_user_list_reload (list);
  HRM_UI_WAIT_UNTIL (g_str_equal (hrm_window_get_view (window), "sign-in"));
  message = sign_in_child (window, "message_label");
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (message)), "Your session has ended"));
  g_assert_cmpstr (sign_in_text (window, "server_row"), ==, hrm_test_server_get_uri (server));
  g_assert_cmpstr (sign_in_text (window, "username_row"), ==, "admin");
  g_assert_true (window->user == user);

  gtk_editable_set_text (GTK_EDITABLE (sign_in_child (window, "password_row")), HRM_TEST_PASSWORD);
  gtk_widget_activate_action (GTK_WIDGET (_hrm_window_get_sign_in_page (window)),
                              "sign-in.sign-in", NULL);
  HRM_UI_WAIT_UNTIL (g_str_equal (hrm_window_get_view (window), "main"));
  g_assert_true (hrm_window_get_client (window) == client);
  g_assert_true (hrm_users_pane_get_list (window->users_pane) == list);
  g_assert_true (window->user == user);
  HRM_UI_WAIT_UNTIL (!hrm_user_list_get_loading (list) && hrm_user_list_get_error (list) == NULL &&
                     g_list_model_get_n_items (G_LIST_MODEL (list)) > 0);

  hrm_ui_test_window_destroy (window);
}

static void
keep_result (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* What the keyring holds for @username on @server, or NULL. */
static char *
lookup_token_full (const char *server,
                   const char *username,
                   gboolean   *out_failed)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  char *token;

  hrm_credentials_lookup_async (server, username, NULL, keep_result, &result);
  HRM_UI_WAIT_UNTIL (result != NULL);
  token = hrm_credentials_lookup_finish (result, &error);
  g_object_unref (result);
  /* A lookup while the window stores a token may find the item it read
   * replaced: the callers ask again until they see what they wait for. */
  if (error != NULL)
    g_test_message ("Looking up the token: %s", error->message);
  if (out_failed != NULL)
    *out_failed = error != NULL;

  return token;
}

static char *
lookup_token (const char *server,
              const char *username)
{
  return lookup_token_full (server, username, NULL);
}

/* The next start signs in silently with the token in the keyring (never the
 * password); signing out forgets it. */
static void
test_restore_session (void)
{
  g_autoptr(HrmTestServer) server = hrm_test_server_new_or_skip (TRUE);
  g_autofree char *token = NULL;
  const char *uri;
  HrmWindow *window;
  gint64 end;

  if (server == NULL)
    return;
  uri = hrm_test_server_get_uri (server);

  window = hrm_ui_test_window_new ();
  hrm_ui_test_sign_in (window, server, "admin");
  end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while ((token = lookup_token (uri, "admin")) == NULL && g_get_monotonic_time () < end)
    hrm_ui_test_spin (100);
  g_assert_nonnull (token);
  g_assert_cmpstr (token, ==, hrm_client_get_refresh_token (hrm_window_get_client (window)));
  gtk_window_destroy (GTK_WINDOW (window));

  /* A new window, with the settings the first one left. */
  window = hrm_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  hrm_window_restore_session (window);
  HRM_UI_WAIT_UNTIL (g_str_equal (hrm_window_get_view (window), "main"));
  g_assert_cmpstr (hrm_client_get_username (hrm_window_get_client (window)), ==, "admin");

  /* The used token rotated; the keyring follows. */
  g_clear_pointer (&token, g_free);
  end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    {
      g_free (token);
      token = lookup_token (uri, "admin");
      if (g_strcmp0 (token, hrm_client_get_refresh_token (hrm_window_get_client (window))) == 0)
        break;
      hrm_ui_test_spin (100);
    }
  g_assert_cmpstr (token, ==, hrm_client_get_refresh_token (hrm_window_get_client (window)));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL);
  end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    {
      gboolean failed;

      g_free (token);
      if ((token = lookup_token_full (uri, "admin", &failed)) == NULL && !failed)
        break;
      hrm_ui_test_spin (100);
    }
  g_assert_null (token);

  hrm_ui_test_window_destroy (window);
}

/* The token stored for @username on @server as any libsecret client finds it
 * (not through the code under test), or NULL. Asked asynchronously: a
 * synchronous lookup from the main thread can starve the app's own store in
 * flight with libsecret's file backend, which the window has just started. */
static char *
stored_token (const char *server,
              const char *username)
{
  static const SecretSchema schema = {
    "io.github.hrmusers.HrmUsers.RefreshToken", SECRET_SCHEMA_NONE,
    { { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 } },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  char *token;

  secret_password_lookup (&schema, NULL, keep_result, &result,
                          "server", server, "username", username, NULL);
  HRM_UI_WAIT_UNTIL (result != NULL);
  token = secret_password_lookup_finish (result, &error);
  g_object_unref (result);
  /* (As in lookup_token(): the callers ask again.) */
  if (error != NULL)
    g_test_message ("Looking up the token: %s", error->message);
  return token;
}

static void
set_true (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
on_view_changed (GtkStack   *stack,
                 GParamSpec *pspec,
                 GPtrArray  *views)
{
  g_ptr_array_add (views, g_strdup (gtk_stack_get_visible_child_name (stack)));
}

/* The second start, in a process of its own: only the keyring and the
 * settings the first one left (passed down in the environment, as the memory
 * GSettings backend of the tests keeps nothing) carry over. */
static void
restart_second_start (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GPtrArray) views = g_ptr_array_new_with_free_func (g_free);
  const char *server = g_getenv ("HRM_TEST_RESTART_SERVER");
  g_autoptr(HrmUser) first = NULL;
  HrmSessionResume *resume;
  HrmUserList *list;
  HrmWindow *window;
  gboolean done = FALSE;

  g_assert_nonnull (server);
  window = hrm_ui_test_window_new ();
  settings = g_settings_new (APPLICATION_ID);
  g_settings_set_string (settings, "last-server", server);
  g_settings_set_string (settings, "last-username", "admin");
  g_signal_connect (window->stack, "notify::visible-child-name",
                    G_CALLBACK (on_view_changed), views);

  /* What HrmApplication does for a new window: the keyring lookup, the
   * token refresh and the first requests start before the window is told,
   * and it waits for them. */
  resume = hrm_session_resume_start (NULL);
  g_assert_false (hrm_session_resume_is_done (resume));
  hrm_session_resume_set_done_func (resume, set_true, &done);
  HRM_UI_WAIT_UNTIL (done);
  g_assert_true (hrm_session_resume_is_done (resume));
  hrm_window_restore_session_from (window, resume);

  /* Straight to the users list, at once: the window's first frame can show
   * the users, the organisation and the count, not a spinner. */
  g_assert_cmpstr (hrm_window_get_view (window), ==, "main");
  list = hrm_users_pane_get_list (window->users_pane);
  g_assert_nonnull (list);
  g_assert_false (hrm_user_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 250);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (hrm_user_get_id (first), >, 0);
  g_assert_cmpstr (adw_window_title_get_subtitle (window->users_title), !=, "");
  g_assert_nonnull (adw_window_title_get_subtitle (window->users_title));
  for (guint i = 0; i < views->len; i++)
    g_assert_cmpstr (g_ptr_array_index (views, i), !=, "sign-in");
  g_assert_cmpstr (hrm_client_get_username (hrm_window_get_client (window)), ==, "admin");
  g_assert_cmpstr (hrm_client_get_base_uri (hrm_window_get_client (window)), ==, server);

  g_signal_handlers_disconnect_by_func (window->stack, on_view_changed, views);
  hrm_ui_test_window_destroy (window);
}

/* The first start of the restart tests: signs in with the password, waits
 * until the session is in the keyring, closes the window and runs the test
 * again as a new process (the second start) against the same server. */
static void
sign_in_then_start_again (void)
{
  g_autoptr(HrmTestServer) server = NULL;
  g_autofree char *token = NULL;
  const char *uri;
  HrmWindow *window;
  gint64 end;

  server = hrm_test_server_new_or_skip (TRUE);
  if (server == NULL)
    return;
  uri = hrm_test_server_get_uri (server);

  window = hrm_ui_test_window_new ();
  hrm_ui_test_sign_in (window, server, "admin");
  /* Storing finishes after the users list shows; quitting before would lose it. */
  end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while ((token = stored_token (uri, "admin")) == NULL && g_get_monotonic_time () < end)
    hrm_ui_test_spin (100);
  g_assert_cmpstr (token, ==, hrm_client_get_refresh_token (hrm_window_get_client (window)));
  hrm_ui_test_window_destroy (window);

  g_setenv ("HRM_TEST_RESTART_SERVER", uri, TRUE);
  g_setenv ("HRM_TEST_RESTART_SERVER_PID", hrm_test_server_get_pid (server), TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT |
                                   G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("HRM_TEST_RESTART_SERVER");
  g_unsetenv ("HRM_TEST_RESTART_SERVER_PID");
  g_test_trap_assert_passed ();
}

/* Signed in, the app quits and starts again: it lands on the users list
 * without asking for the password. */
static void
test_restart (void)
{
  if (g_test_subprocess ())
    restart_second_start ();
  else
    sign_in_then_start_again ();
}

/* The second start through the application itself, as the program starts:
 * HrmApplication builds the window while the session resumes and shows it
 * when the users are in, or after the wait it is given. */
typedef struct
{
  GApplication *app;
  HrmWindow    *window;
  char         *view_when_mapped;
  guint         users_when_mapped;
  gboolean      counts_when_mapped;
  gboolean      organisation_when_mapped;
  guint         list_requests_when_mapped;
  GPid          stopped_server;  /* continued when the window is mapped */
} AppStart;

static void
on_app_window_map (GtkWidget *widget,
                   AppStart  *start)
{
  HrmWindow *window = HRM_WINDOW (widget);
  HrmUserList *list = hrm_users_pane_get_list (window->users_pane);
  const char *subtitle = adw_window_title_get_subtitle (window->users_title);

  /* What its first frame shows. */
  if (start->view_when_mapped != NULL)
    return;
  if (start->stopped_server != 0)
    g_assert_cmpint (kill (start->stopped_server, SIGCONT), ==, 0);
  start->view_when_mapped = g_strdup (hrm_window_get_view (window));
  if (list != NULL && !hrm_user_list_get_loading (list))
    start->users_when_mapped = g_list_model_get_n_items (G_LIST_MODEL (list));
  if (list != NULL)
    start->list_requests_when_mapped = hrm_user_list_get_n_requests (list);
  start->organisation_when_mapped = subtitle != NULL && *subtitle != '\0';
  start->counts_when_mapped =
    hrm_provisioning_overview_get_summary (HRM_PROVISIONING_OVERVIEW (
      hrm_ui_test_child (window->users_pane, HRM_TYPE_USERS_PANE, "overview"))) != NULL;
}

static void
on_app_window_added (GtkApplication *app,
                     GtkWindow      *window,
                     AppStart       *start)
{
  start->window = HRM_WINDOW (window);
  g_signal_connect (window, "map", G_CALLBACK (on_app_window_map), start);
}

static gboolean
quit_when_signed_in (gpointer user_data)
{
  AppStart *start = user_data;

  /* (Removed by its caller.) */
  if (start->window != NULL && g_str_equal (hrm_window_get_view (start->window), "main"))
    g_application_quit (start->app);
  return G_SOURCE_CONTINUE;
}

static gboolean
stored_token_is (const char *server,
                 const char *token)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = hrm_credentials_lookup_sync (server, "admin", NULL, &error);

  g_assert_no_error (error);
  return token != NULL && g_strcmp0 (stored, token) == 0;
}

static void
restart_app_second_start (guint wait_ms)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(HrmApplication) app = hrm_application_new (APPLICATION_ID ".Test");
  const char *server = g_getenv ("HRM_TEST_RESTART_SERVER");
  char *argv[] = { (char *) "hrm-users", NULL };
  AppStart start = { G_APPLICATION (app), NULL, NULL, 0, FALSE };
  GtkWidget *search, *focus;
  guint poll_id;

  g_assert_nonnull (server);
  if (wait_ms == 0)
    {
      /* A server slower than the window: stopped until the window is on
       * screen (the resume's thread is that quick otherwise). */
      start.stopped_server = (GPid) g_ascii_strtoll (g_getenv ("HRM_TEST_RESTART_SERVER_PID"),
                                                     NULL, 10);
      g_assert_cmpint (start.stopped_server, >, 0);
      g_assert_cmpint (kill (start.stopped_server, SIGSTOP), ==, 0);
    }
  g_settings_set_string (settings, "last-server", server);
  g_settings_set_string (settings, "last-username", "admin");
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_COMMAND_LINE |
                                                G_APPLICATION_NON_UNIQUE);
  hrm_application_set_resume_wait (app, wait_ms);
  g_signal_connect (app, "window-added", G_CALLBACK (on_app_window_added), &start);
  poll_id = g_timeout_add (50, quit_when_signed_in, &start);

  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);
  g_clear_handle_id (&poll_id, g_source_remove);
  if (start.stopped_server != 0)
    kill (start.stopped_server, SIGCONT);

  /* Signed in without the password either way. */
  g_assert_nonnull (start.window);
  g_assert_cmpstr (hrm_window_get_view (start.window), ==, "main");
  g_assert_cmpstr (hrm_client_get_username (hrm_window_get_client (start.window)), ==, "admin");
  /* A resumed session never shows the sign-in page, so it was not built. */
  g_assert_null (start.window->sign_in_page);
  /* Typing searches at once, also once the window has the keyboard (GTK
   * moved a focus set before the window was shown to the first filter). */
  gtk_window_present (GTK_WINDOW (start.window));
  HRM_UI_WAIT_UNTIL (gtk_window_is_active (GTK_WINDOW (start.window)));
  hrm_ui_test_spin (100);
  search = hrm_ui_test_child (start.window->users_pane, HRM_TYPE_USERS_PANE, "search_entry");
  focus = gtk_root_get_focus (GTK_ROOT (start.window));
  g_assert_nonnull (focus);
  g_assert_true (focus == search || gtk_widget_is_ancestor (focus, search));
  if (wait_ms > 0)
    {
      /* Waited for: the first frame has the users, the organisation and
       * the counts above the users (which would push the list down if they
       * came in after). */
      g_assert_cmpstr (start.view_when_mapped, ==, "main");
      g_assert_cmpuint (start.users_when_mapped, ==, 250);
      g_assert_true (start.organisation_when_mapped);
      g_assert_true (start.counts_when_mapped);
      /* The first page came with the session (read while the window was
       * built): the list did not ask for it again. */
      g_assert_cmpuint (start.list_requests_when_mapped, ==, 0);
    }
  else
    {
      /* Not waited for (a slow keyring or server, here a stopped one):
       * shown at once, signing in, and the users once the server answers. */
      g_assert_cmpstr (start.view_when_mapped, ==, "loading");
      g_assert_cmpuint (start.users_when_mapped, ==, 0);
    }

  /* The refresh token the resume was given for the stored one is what the
   * keyring holds now: the next start resumes too. */
  HRM_UI_WAIT_UNTIL (stored_token_is (server, hrm_client_get_refresh_token (hrm_window_get_client (start.window))));

  g_free (start.view_when_mapped);
  gtk_window_destroy (GTK_WINDOW (start.window));
  hrm_ui_test_spin (50);
}

/* Signed in, the program quits and starts again: with the time to wait for
 * the users its first frame shows them; with none, "Signing in…" and then
 * the users. */
static void
test_restart_app (gconstpointer data)
{
  if (g_test_subprocess ())
    restart_app_second_start (GPOINTER_TO_UINT (data));
  else
    sign_in_then_start_again ();
}

/* No keyring at all (nothing provides the Secret Service): signing in works,
 * a toast says the sign-in cannot be remembered, and the next start says why
 * it asks for the password again. */
static void
test_no_keyring (void)
{
  g_autoptr(HrmTestServer) server = hrm_test_server_new_or_skip (TRUE);
  const char *message = "Credentials cannot be remembered on this desktop";
  HrmWindow *window;

  if (server == NULL)
    return;

  window = hrm_ui_test_window_new ();
  hrm_ui_test_sign_in (window, server, "admin");
  HRM_UI_WAIT_UNTIL (hrm_ui_test_find (GTK_WIDGET (window), hrm_ui_test_is_label_saying,
                                       message) != NULL);
  gtk_window_destroy (GTK_WINDOW (window));

  /* A new window, with the settings the first one left. */
  window = hrm_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  hrm_window_restore_session (window);
  HRM_UI_WAIT_UNTIL (g_str_equal (hrm_window_get_view (window), "sign-in"));
  g_assert_true (hrm_ui_test_is_label_saying (sign_in_child (window, "message_label"), message));
  g_assert_cmpstr (sign_in_text (window, "username_row"), ==, "admin");

  hrm_ui_test_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  hrm_ui_test_init (&argc, &argv);

  /* Run without any keyring on the bus (tests/ui/meson.build). */
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--no-keyring"))
      {
        g_test_add_func ("/ui/sign-in/no-keyring", test_no_keyring);
        return g_test_run ();
      }

  g_test_add_func ("/ui/sign-in/success", test_sign_in_success);
  g_test_add_func ("/ui/sign-in/wrong-password", test_sign_in_wrong_password);
  g_test_add_func ("/ui/sign-in/locked", test_sign_in_locked);
  g_test_add_func ("/ui/sign-in/may-not-manage", test_sign_in_may_not_manage);
  g_test_add_func ("/ui/sign-in/insecure-address", test_sign_in_insecure_address);
  g_test_add_func ("/ui/sign-in/unreachable", test_sign_in_unreachable);
  g_test_add_func ("/ui/sign-in/certificate", test_sign_in_certificate);
  g_test_add_func ("/ui/sign-out", test_sign_out);
  g_test_add_func ("/ui/sign-in/restore-session", test_restore_session);
  g_test_add_func ("/ui/sign-in/restart", test_restart);
  /* (The wait is generous: under ASan a resume takes more than the 100 ms.) */
  g_test_add_data_func ("/ui/sign-in/restart-app/first-frame", GUINT_TO_POINTER (60000),
                        test_restart_app);
  g_test_add_data_func ("/ui/sign-in/restart-app/no-wait", GUINT_TO_POINTER (0),
                        test_restart_app);
  g_test_add_func ("/ui/sign-in/session-ended", test_session_ended);

  return g_test_run ();
}
