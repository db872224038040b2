/* test-user-page.c — editing a user on the user page: save, field errors, conflicts, outages
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-user-page"

#include "config.h"

#include "hrm-page-util.h"
#include "hrm-user-page-test.h"

#define TEST(path, func) \
  g_test_add (path, PageFixture, NULL, page_fixture_set_up, func, page_fixture_tear_down)

static gboolean
is_idle (PageFixture *fixture)
{
  return !fixture->page->saving && !fixture->page->email_section->busy;
}

/* Edit two fields, Ctrl+S: the server has the new values, the page is clean
 * again, the list's object follows and the history tells. */
static void
test_edit_and_save (PageFixture   *fixture,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) stored = NULL;
  guint events_before;

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_ERIK);
  /* The history is fetched when its tab is open. */
  adw_view_stack_set_visible_child_name (fixture->page->view_stack, "history");
  HRM_UI_WAIT_UNTIL (hrm_history_tab_get_n_events (fixture->page->history_tab) > 0);
  events_before = hrm_history_tab_get_n_events (fixture->page->history_tab);
  adw_view_stack_set_visible_child_name (fixture->page->view_stack, "general");

  page_fixture_type (fixture, FIELD_ALIAS_USER_ID, "EJ");
  page_fixture_type (fixture, FIELD_CARD_TAG_ID, "TAG-4711");
  gtk_switch_set_active (fixture->page->account_section->enabled_switch, FALSE);
  g_assert_true (hrm_user_page_get_has_unsaved_changes (fixture->page));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (fixture->page->save_button)));
  page_fixture_screenshot (fixture, "general-edited");

  g_assert_true (hrm_ui_test_press_shortcut (GTK_WIDGET (fixture->page), "<Control>s"));
  HRM_UI_WAIT_UNTIL (!hrm_user_page_get_has_unsaved_changes (fixture->page) && is_idle (fixture));

  stored = page_fixture_get_user (fixture, DEMO_ERIK);
  g_assert_cmpstr (hrm_test_json_get_string (stored, "alias_user_id"), ==, "EJ");
  g_assert_cmpstr (hrm_test_json_get_string (stored, "card_tag_id"), ==, "TAG-4711");
  g_assert_false (hrm_test_json_get_bool (stored, "enabled"));
  /* Untouched fields were not sent (and so not changed). */
  g_assert_cmpstr (hrm_test_json_get_string (stored, "user_id"), ==, "erik.johansson");

  HRM_UI_WAIT_UNTIL (page_fixture_has_toast (fixture, "Changes saved"));
  g_assert_cmpstr (hrm_user_get_alias_user_id (fixture->user), ==, "EJ");
  g_assert_false (hrm_user_get_enabled (fixture->user));
  g_assert_cmpuint (fixture->user_changed, >=, 1);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (fixture->page->save_button)));
  adw_view_stack_set_visible_child_name (fixture->page->view_stack, "history");
  HRM_UI_WAIT_UNTIL (hrm_history_tab_get_n_events (fixture->page->history_tab) > events_before);
  adw_view_stack_set_visible_child_name (fixture->page->view_stack, "general");

  /* Revert brings back the saved values. */
  page_fixture_type (fixture, FIELD_SIGNATURE, "XYZ");
  g_assert_true (hrm_user_page_get_has_unsaved_changes (fixture->page));
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "user.revert", NULL);
  g_assert_false (hrm_user_page_get_has_unsaved_changes (fixture->page));
  g_assert_cmpstr (page_fixture_text (fixture, FIELD_SIGNATURE), ==,
                   hrm_user_get_signature (fixture->user) ? hrm_user_get_signature (fixture->user) : "");
}

/* A User-ID someone else has: the server's reason appears beside the field,
 * the typed value stays, nothing is stored; fixing it saves. */
static void
test_field_error (PageFixture   *fixture,
                  gconstpointer  data)
{
  g_autoptr(JsonObject) stored = NULL;
  const char *why;

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_ERIK);

  /* Client-side rules show at once, and keep Save from sending. */
  page_fixture_type (fixture, FIELD_EMAIL, "not an email");
  g_assert_nonnull (page_fixture_error (fixture, FIELD_EMAIL));
  g_assert_nonnull (page_fixture_error (fixture, FIELD_CONFIRM_EMAIL));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (fixture->page->email_section->send_button)));
  page_fixture_type (fixture, FIELD_EMAIL, hrm_user_get_email (fixture->user));
  g_assert_null (page_fixture_error (fixture, FIELD_EMAIL));
  g_assert_null (page_fixture_error (fixture, FIELD_CONFIRM_EMAIL));

  page_fixture_type (fixture, FIELD_USER_ID, "");
  g_assert_nonnull (page_fixture_error (fixture, FIELD_USER_ID));

  /* Only the server knows this one: the id is taken (in another case). */
  page_fixture_type (fixture, FIELD_USER_ID, "ANNA.SVENSSON");
  page_fixture_type (fixture, FIELD_SIGNATURE, "EJO");
  g_assert_null (page_fixture_error (fixture, FIELD_USER_ID));
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "user.save", NULL);
  HRM_UI_WAIT_UNTIL (is_idle (fixture));

  why = page_fixture_error (fixture, FIELD_USER_ID);
  g_assert_nonnull (why);
  g_assert_cmpstr (why, !=, "");
  g_assert_null (page_fixture_error (fixture, FIELD_SIGNATURE));
  g_assert_cmpstr (page_fixture_text (fixture, FIELD_USER_ID), ==, "ANNA.SVENSSON");
  g_assert_cmpstr (page_fixture_text (fixture, FIELD_SIGNATURE), ==, "EJO");
  g_assert_true (hrm_user_page_get_has_unsaved_changes (fixture->page));
  page_fixture_screenshot (fixture, "general-field-error");

  stored = page_fixture_get_user (fixture, DEMO_ERIK);
  g_assert_cmpstr (hrm_test_json_get_string (stored, "user_id"), ==, "erik.johansson");
  g_clear_pointer (&stored, json_object_unref);

  /* Editing the field clears the server's complaint; a good id saves
   * (Enter in the field, this time). */
  page_fixture_type (fixture, FIELD_USER_ID, "erik.j");
  g_assert_null (page_fixture_error (fixture, FIELD_USER_ID));
  g_signal_emit_by_name (hrm_test_page_field (fixture->page, FIELD_USER_ID)->row, "entry-activated");
  HRM_UI_WAIT_UNTIL (!hrm_user_page_get_has_unsaved_changes (fixture->page) && is_idle (fixture));
  stored = page_fixture_get_user (fixture, DEMO_ERIK);
  g_assert_cmpstr (hrm_test_json_get_string (stored, "user_id"), ==, "erik.j");
  g_assert_cmpstr (hrm_test_json_get_string (stored, "signature"), ==, "EJO");
  g_assert_cmpstr (gtk_label_get_text (fixture->page->user_id_label), ==, "erik.j");
}

/* What is typed is judged by the rule the server applies (the one table of
 * fields): an address pasted with spaces around it is no error, since the
 * server stores it trimmed, and is saved so; a refused value shows the
 * server's own words beside the field. */
static void
test_server_rules (PageFixture   *fixture,
                   gconstpointer  data)
{
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *long_id = NULL;

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_ERIK);

  page_fixture_type (fixture, FIELD_EMAIL, "  erik.new@example.com ");
  page_fixture_type (fixture, FIELD_CONFIRM_EMAIL, "erik.new@example.com");
  g_assert_null (page_fixture_error (fixture, FIELD_EMAIL));
  g_assert_null (page_fixture_error (fixture, FIELD_CONFIRM_EMAIL));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (fixture->page->email_section->send_button)));

  /* Too long a User-ID: the same message as hrm_user_field_check() gives. */
  long_id = g_strnfill (HRM_USER_ID_MAX_LENGTH + 1, 'e');
  page_fixture_type (fixture, FIELD_USER_ID, long_id);
  {
    g_autofree char *value = g_strdup (long_id);

    g_assert_false (hrm_user_field_check (HRM_USER_FIELD_USER_ID, &value, &error));
  }
  g_assert_cmpstr (page_fixture_error (fixture, FIELD_USER_ID), ==, error->message);

  /* Typed edits stay while the error is shown; fixed, everything saves. */
  g_assert_cmpstr (page_fixture_text (fixture, FIELD_USER_ID), ==, long_id);
  g_assert_cmpstr (page_fixture_text (fixture, FIELD_EMAIL), ==, "  erik.new@example.com ");
  page_fixture_type (fixture, FIELD_USER_ID, "erik.johansson");
  /* An emptied optional field clears it (the server stores none). */
  page_fixture_type (fixture, FIELD_ALIAS_USER_ID, "");
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "user.save", NULL);
  HRM_UI_WAIT_UNTIL (!hrm_user_page_get_has_unsaved_changes (fixture->page) && is_idle (fixture));

  stored = page_fixture_get_user (fixture, DEMO_ERIK);
  g_assert_cmpstr (hrm_test_json_get_string (stored, "email"), ==, "erik.new@example.com");
  g_assert_cmpstr (page_fixture_text (fixture, FIELD_EMAIL), ==, "erik.new@example.com");
  g_assert_null (page_fixture_error (fixture, FIELD_EMAIL));
  g_assert_true (json_object_get_null_member (stored, "alias_user_id"));
  g_assert_null (hrm_user_get_alias_user_id (fixture->user));
  g_assert_cmpstr (page_fixture_text (fixture, FIELD_ALIAS_USER_ID), ==, "");
}

static void
patch_behind_the_back (PageFixture *fixture,
                       gint64       id,
                       const char  *json)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, id);
  g_autoptr(HrmTestResponse) got = NULL;
  g_autoptr(HrmTestResponse) patched = NULL;
  const char *uri = hrm_test_server_get_uri (fixture->server);

  got = hrm_test_api (fixture->session, uri, fixture->token, "GET", path, NULL, NULL);
  hrm_test_assert_status (got, 200);
  patched = hrm_test_api (fixture->session, uri, fixture->token, "PATCH", path, json,
                          "If-Match", hrm_test_response_get_header (got, "ETag"), NULL);
  hrm_test_assert_status (patched, 200);
}

/* Someone saves while I edit: my save meets 412, the dialog offers Reload and
 * Keep mine; Keep mine saves my field over their version, keeping theirs. */
static void
test_stale_keep_mine (PageFixture   *fixture,
                      gconstpointer  data)
{
  g_autoptr(JsonObject) stored = NULL;
  g_autofree char *heading = NULL;

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_ERIK);
  page_fixture_type (fixture, FIELD_SIGNATURE, "MINE");
  patch_behind_the_back (fixture, DEMO_ERIK,
                         "{\"external_reference\": \"THEIRS\", \"signature\": \"THEIRS\"}");

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "user.save", NULL);
  heading = page_fixture_answer_dialog (fixture, "keep");
  g_assert_cmpstr (heading, ==, "This user was changed by someone else");
  HRM_UI_WAIT_UNTIL (!hrm_user_page_get_has_unsaved_changes (fixture->page) && is_idle (fixture));

  stored = page_fixture_get_user (fixture, DEMO_ERIK);
  g_assert_cmpstr (hrm_test_json_get_string (stored, "signature"), ==, "MINE");
  g_assert_cmpstr (hrm_test_json_get_string (stored, "external_reference"), ==, "THEIRS");
  g_assert_cmpstr (page_fixture_text (fixture, FIELD_SIGNATURE), ==, "MINE");
  g_assert_cmpstr (page_fixture_text (fixture, FIELD_EXTERNAL_REFERENCE), ==, "THEIRS");
  g_assert_cmpstr (hrm_user_get_external_reference (fixture->user), ==, "THEIRS");
}

/* Reload discards my edit and shows their version. */
static void
test_stale_reload (PageFixture   *fixture,
                   gconstpointer  data)
{
  g_autoptr(JsonObject) stored = NULL;
  g_autofree char *heading = NULL;

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_ERIK);
  page_fixture_type (fixture, FIELD_SIGNATURE, "MINE");
  patch_behind_the_back (fixture, DEMO_ERIK, "{\"signature\": \"THEIRS\"}");

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "user.save", NULL);
  heading = page_fixture_answer_dialog (fixture, "reload");
  HRM_UI_WAIT_UNTIL (!hrm_user_page_get_has_unsaved_changes (fixture->page) && is_idle (fixture));

  g_assert_cmpstr (page_fixture_text (fixture, FIELD_SIGNATURE), ==, "THEIRS");
  stored = page_fixture_get_user (fixture, DEMO_ERIK);
  g_assert_cmpstr (hrm_test_json_get_string (stored, "signature"), ==, "THEIRS");
}

/* The server goes away mid-edit: saving fails, the typed values stay, and
 * once the server is back Retry on the error's toast saves them. */
static void
test_server_stopped (PageFixture   *fixture,
                     gconstpointer  data)
{
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *retry;

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_ERIK);
  page_fixture_type (fixture, FIELD_EXTERNAL_REFERENCE, "EXT-1");
  hrm_test_server_stop (fixture->server);

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "user.save", NULL);
  g_assert_true (fixture->page->saving);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (fixture->page->save_button)));
  HRM_UI_WAIT_UNTIL (is_idle (fixture));
  page_fixture_screenshot (fixture, "general-server-stopped");
  /* Saying what went wrong, in words. */
  HRM_UI_WAIT_UNTIL (page_fixture_has_toast (fixture, "127.0.0.1"));

  g_assert_cmpstr (page_fixture_text (fixture, FIELD_EXTERNAL_REFERENCE), ==, "EXT-1");
  g_assert_true (hrm_user_page_get_has_unsaved_changes (fixture->page));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (fixture->page->save_button)));
  /* The toast offers to try again. */
  retry = hrm_ui_test_find_button (gtk_widget_get_ancestor (GTK_WIDGET (fixture->page),
                                                            ADW_TYPE_TOAST_OVERLAY), "_Retry");
  g_assert_nonnull (retry);
  g_assert_true (gtk_widget_is_sensitive (retry));
  g_assert_true (gtk_button_get_use_underline (GTK_BUTTON (retry)));

  g_assert_true (hrm_test_server_restart (fixture->server, &error));
  g_assert_no_error (error);
  if (g_strcmp0 (hrm_test_server_get_uri (fixture->server),
                 hrm_client_get_base_uri (fixture->client)) != 0)
    {
      g_test_skip ("The server came back on another port");
      return;
    }

  /* Retry on the toast saves what was typed. */
  g_signal_emit_by_name (retry, "clicked");
  HRM_UI_WAIT_UNTIL (!hrm_user_page_get_has_unsaved_changes (fixture->page) && is_idle (fixture));
  stored = page_fixture_get_user (fixture, DEMO_ERIK);
  g_assert_cmpstr (hrm_test_json_get_string (stored, "external_reference"), ==, "EXT-1");
  HRM_UI_WAIT_UNTIL (page_fixture_has_toast (fixture, "Changes saved"));
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* hrm_user_page_save_async (the window's "Save" in its discard dialog). */
static void
test_save_async (PageFixture   *fixture,
                 gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) stored = NULL;

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_ERIK);
  page_fixture_type (fixture, FIELD_ALIAS_USER_ID, "ASYNC");
  hrm_user_page_save_async (fixture->page, NULL, store_result, &result);
  HRM_UI_WAIT_UNTIL (result != NULL);
  g_assert_true (hrm_user_page_save_finish (fixture->page, result, &error));
  g_assert_no_error (error);
  g_assert_false (hrm_user_page_get_has_unsaved_changes (fixture->page));
  stored = page_fixture_get_user (fixture, DEMO_ERIK);
  g_assert_cmpstr (hrm_test_json_get_string (stored, "alias_user_id"), ==, "ASYNC");
  g_clear_object (&result);

  /* Invalid input: the save fails, says why beside the field, keeps the edit. */
  page_fixture_type (fixture, FIELD_USER_ID, "");
  hrm_user_page_save_async (fixture->page, NULL, store_result, &result);
  HRM_UI_WAIT_UNTIL (result != NULL);
  g_assert_false (hrm_user_page_save_finish (fixture->page, result, &error));
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
  g_assert_true (hrm_user_page_get_has_unsaved_changes (fixture->page));
  g_assert_nonnull (page_fixture_error (fixture, FIELD_USER_ID));
}

/* Leaving a user edited while it still loads (the window's "Save" in its
 * discard dialog, however quick the administrator was): the save waits for
 * the user to arrive, keeps the edit over it and saves it. */
static void
test_save_while_loading (PageFixture   *fixture,
                         gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(JsonObject) stored = NULL;

  if (fixture->server == NULL)
    return;

  /* A list's object: no ETag yet, like a row of GET /users. */
  json = page_fixture_get_user (fixture, DEMO_ERIK);
  fixture->user = hrm_user_new_from_json (json, &error);
  g_assert_no_error (error);
  hrm_user_set_etag (fixture->user, NULL);

  /* No main-loop iteration in between: the user cannot have loaded yet. */
  hrm_user_page_set_user (fixture->page, fixture->user);
  g_assert_false (fixture->page->loaded);
  page_fixture_type (fixture, FIELD_ALIAS_USER_ID, "EARLY");
  hrm_user_page_save_async (fixture->page, NULL, store_result, &result);
  HRM_UI_WAIT_UNTIL (result != NULL);
  g_assert_true (fixture->page->loaded);
  g_assert_true (hrm_user_page_save_finish (fixture->page, result, &error));
  g_assert_no_error (error);
  g_assert_false (hrm_user_page_get_has_unsaved_changes (fixture->page));
  stored = page_fixture_get_user (fixture, DEMO_ERIK);
  g_assert_cmpstr (hrm_test_json_get_string (stored, "alias_user_id"), ==, "EARLY");
}

/* Picking another user while the first still loads: only the second shows,
 * nothing of the first arrives late; no user shows "Select a user". */
static void
test_switch_users (PageFixture   *fixture,
                   gconstpointer  data)
{
  g_autoptr(HrmUser) first = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(GError) error = NULL;

  if (fixture->server == NULL)
    return;

  json = page_fixture_get_user (fixture, DEMO_ERIK);
  first = hrm_user_new_from_json (json, &error);
  g_assert_no_error (error);
  hrm_user_page_set_user (fixture->page, first);
  page_fixture_show_user (fixture, DEMO_KARIN);
  hrm_ui_test_spin (500);

  g_assert_cmpstr (page_fixture_text (fixture, FIELD_USER_ID), ==, "karin.persson");
  g_assert_cmpstr (gtk_label_get_text (fixture->page->user_id_label), ==, "karin.persson");
  g_assert_cmpint (hrm_user_get_connection_state (fixture->user), ==, HRM_CONNECTION_LINKED);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->page->email_section->delete_connection_button)));
  g_assert_false (hrm_user_page_get_has_unsaved_changes (fixture->page));

  hrm_user_page_set_user (fixture->page, NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->page->main_stack), ==, "empty");
  g_assert_false (hrm_user_page_get_has_unsaved_changes (fixture->page));
  hrm_ui_test_spin (200);
}

/* A user that is gone: the page says so and offers to try again. */
static void
test_not_found (PageFixture   *fixture,
                gconstpointer  data)
{
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(HrmUser) gone = NULL;
  g_autoptr(GError) error = NULL;
  const char *description;

  if (fixture->server == NULL)
    return;

  json = page_fixture_get_user (fixture, DEMO_ERIK);
  json_object_set_int_member (json, "id", 987654);
  gone = hrm_user_new_from_json (json, &error);
  g_assert_no_error (error);

  hrm_user_page_set_user (fixture->page, gone);
  HRM_UI_WAIT_UNTIL (g_strcmp0 (gtk_stack_get_visible_child_name (fixture->page->main_stack),
                                "error") == 0);
  description = adw_status_page_get_description (fixture->page->error_page);
  g_assert_nonnull (description);
  g_assert_cmpstr (description, !=, "");
  g_assert_cmpstr (adw_status_page_get_title (fixture->page->error_page), ==,
                   "This user no longer exists");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->page->retry_button)));
  g_assert_false (hrm_user_page_get_has_unsaved_changes (fixture->page));
  page_fixture_screenshot (fixture, "not-found");
}

/* The buttons inside toasts under @widget, and those a screen reader could
 * only call by their class ("GtkImage"): no label, no accessible name. */
static void
count_toast_buttons (GtkWidget *widget,
                     gboolean   in_toast,
                     guint     *n_buttons,
                     guint     *n_unnamed)
{
  in_toast = in_toast || g_strcmp0 (gtk_widget_get_css_name (widget), "toast") == 0;
  if (in_toast && GTK_IS_BUTTON (widget))
    {
      (*n_buttons)++;
      if (gtk_button_get_label (GTK_BUTTON (widget)) == NULL
          && !gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL))
        (*n_unnamed)++;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count_toast_buttons (child, in_toast, n_buttons, n_unnamed);
}

/* A toast's close button has a name: libadwaita 1.2 gives it none. */
static void
test_toast_close_named (PageFixture   *fixture,
                        gconstpointer  data)
{
  GtkWidget *overlay;
  guint n_buttons = 0, n_unnamed = 0;

  if (fixture->server == NULL)
    return;

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (fixture->page), ADW_TYPE_TOAST_OVERLAY);
  hrm_show_toast (GTK_WIDGET (fixture->page), "Something happened");
  HRM_UI_WAIT_UNTIL (page_fixture_has_toast (fixture, "Something happened"));
  count_toast_buttons (overlay, FALSE, &n_buttons, &n_unnamed);
  g_assert_cmpuint (n_buttons, >=, 1);
  g_assert_cmpuint (n_unnamed, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* GTK's own accessibility backend for tests: accessible names can be read
   * (the suite's GTK_A11Y=none keeps none). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  hrm_ui_test_init (&argc, &argv);

  TEST ("/ui/user-page/edit-and-save", test_edit_and_save);
  TEST ("/ui/user-page/field-error", test_field_error);
  TEST ("/ui/user-page/server-rules", test_server_rules);
  TEST ("/ui/user-page/stale/keep-mine", test_stale_keep_mine);
  TEST ("/ui/user-page/stale/reload", test_stale_reload);
  TEST ("/ui/user-page/server-stopped", test_server_stopped);
  TEST ("/ui/user-page/save-async", test_save_async);
  TEST ("/ui/user-page/save-while-loading", test_save_while_loading);
  TEST ("/ui/user-page/switch-users", test_switch_users);
  TEST ("/ui/user-page/not-found", test_not_found);
  TEST ("/ui/user-page/toast-close-named", test_toast_close_named);

  return g_test_run ();
}
