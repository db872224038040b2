/* hrm-user-page-test.c — an HrmUserPage alone in a window, signed in to a real server
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-user-page"

#include "config.h"

#include "hrm-user-page-test.h"

static void
on_user_changed (HrmUserPage *page,
                 HrmUser     *user,
                 PageFixture *fixture)
{
  g_assert_true (user == fixture->user);
  fixture->user_changed++;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  HRM_UI_WAIT_UNTIL (*result != NULL);
  return *result;
}

void
page_fixture_set_up (PageFixture   *fixture,
                     gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *server_env = data;
  GtkWidget *overlay;

  if (server_env == NULL)
    {
      fixture->server = hrm_test_server_new_or_skip (TRUE);
    }
  else if (!hrm_test_server_available ())
    {
      g_test_skip ("No hrm-server in this build");
    }
  else
    {
      fixture->server = hrm_test_server_new_full (TRUE, NULL, server_env, &error);
      g_assert_no_error (error);
    }
  if (fixture->server == NULL)
    return;

  fixture->client = hrm_client_new (hrm_test_server_get_uri (fixture->server), &error);
  g_assert_no_error (error);
  hrm_client_sign_in_async (fixture->client, "admin", HRM_TEST_PASSWORD, NULL, store_result, &result);
  g_assert_true (hrm_client_sign_in_finish (fixture->client, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  hrm_client_get_organisation_async (fixture->client, NULL, store_result, &result);
  fixture->organisation = hrm_client_get_organisation_finish (fixture->client, wait_result (&result),
                                                              &error);
  g_assert_no_error (error);

  fixture->session = hrm_test_session_new ();
  fixture->token = hrm_test_sign_in (fixture->server, "sofia.berg");

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 720, 900);
  overlay = adw_toast_overlay_new ();
  fixture->page = hrm_user_page_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->page));
  gtk_window_set_child (fixture->window, overlay);
  g_signal_connect (fixture->page, "user-changed", G_CALLBACK (on_user_changed), fixture);

  hrm_user_page_set_client (fixture->page, fixture->client);
  hrm_user_page_set_organisation (fixture->page, fixture->organisation);
  gtk_window_present (fixture->window);
  hrm_ui_test_spin (50);

  /* With no user the page asks for one. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->page->main_stack), ==, "empty");
}

void
page_fixture_tear_down (PageFixture   *fixture,
                        gconstpointer  data)
{
  if (fixture->window != NULL)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      /* Dialogs left open by a failed test go too. */
      for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
        {
          g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

          if (window != fixture->window)
            gtk_window_destroy (window);
        }
      gtk_window_destroy (fixture->window);
      hrm_ui_test_spin (50);
    }
  g_clear_object (&fixture->user);
  g_clear_object (&fixture->organisation);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->session);
  g_clear_pointer (&fixture->token, g_free);
  g_clear_pointer (&fixture->server, hrm_test_server_free);
}

void
page_fixture_show_user (PageFixture *fixture,
                        gint64       id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* A list's object: no ETag yet, like a row of GET /users. */
  hrm_client_get_user_async (fixture->client, id, NULL, store_result, &result);
  g_clear_object (&fixture->user);
  fixture->user = hrm_client_get_user_finish (fixture->client, wait_result (&result), &error);
  g_assert_no_error (error);
  hrm_user_set_etag (fixture->user, NULL);

  hrm_user_page_set_user (fixture->page, fixture->user);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->page->main_stack), ==, "user");
  HRM_UI_WAIT_UNTIL (fixture->page->loaded);
  g_assert_nonnull (hrm_user_get_etag (fixture->user));
  g_assert_cmpstr (gtk_label_get_text (fixture->page->user_id_label), ==,
                   hrm_user_get_user_id (fixture->user));
  g_assert_cmpstr (page_fixture_text (fixture, FIELD_USER_ID), ==,
                   hrm_user_get_user_id (fixture->user));
  g_assert_false (hrm_user_page_get_has_unsaved_changes (fixture->page));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (fixture->page->save_button)));
}

void
page_fixture_type (PageFixture  *fixture,
                   HrmUserField  field,
                   const char   *text)
{
  GtkEditable *editable = GTK_EDITABLE (hrm_test_page_field (fixture->page, field)->row);

  g_assert_true (gtk_editable_get_editable (editable));
  gtk_editable_set_text (editable, text);
  gtk_editable_set_position (editable, -1);
}

const char *
page_fixture_text (PageFixture  *fixture,
                   HrmUserField  field)
{
  return gtk_editable_get_text (GTK_EDITABLE (hrm_test_page_field (fixture->page, field)->row));
}

const char *
page_fixture_error (PageFixture  *fixture,
                    HrmUserField  field)
{
  HrmFieldRow *w = hrm_test_page_field (fixture->page, field);

  if (!gtk_widget_get_visible (GTK_WIDGET (w->error_row)))
    {
      g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (w->row), "error"));
      return NULL;
    }
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (w->row), "error"));
  return gtk_label_get_text (w->error_label);
}

JsonObject *
page_fixture_get_user (PageFixture *fixture,
                       gint64       id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, id);
  g_autoptr(HrmTestResponse) r = hrm_test_api (fixture->session,
                                               hrm_test_server_get_uri (fixture->server),
                                               fixture->token, "GET", path, NULL, NULL);

  hrm_test_assert_status (r, 200);
  return json_object_ref (r->json);
}

AdwMessageDialog *
page_fixture_find_dialog (PageFixture *fixture)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

char *
page_fixture_answer_dialog (PageFixture *fixture,
                            const char  *response)
{
  AdwMessageDialog *dialog;
  char *heading;

  HRM_UI_WAIT_UNTIL (page_fixture_find_dialog (fixture) != NULL);
  dialog = page_fixture_find_dialog (fixture);
  g_assert_true (adw_message_dialog_has_response (dialog, response));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  heading = g_strdup (adw_message_dialog_get_heading (dialog));
  page_fixture_screenshot (fixture, heading);
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  hrm_ui_test_spin (50);
  return heading;
}

static gboolean
find_toast (GtkWidget  *widget,
            gboolean    in_toast,
            const char *text)
{
  in_toast = in_toast || g_strcmp0 (gtk_widget_get_css_name (widget), "toast") == 0;
  if (in_toast && GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (find_toast (child, in_toast, text))
      return TRUE;
  return FALSE;
}

gboolean
page_fixture_has_toast (PageFixture *fixture,
                        const char  *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (fixture->page), ADW_TYPE_TOAST_OVERLAY);

  return find_toast (overlay, FALSE, text);
}

static void
save_window (GtkWindow  *window,
             const char *path)
{
  GtkWidget *widget = GTK_WIDGET (window);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (width <= 0 || height <= 0)
    return;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_save_to_png (texture, path);
  g_test_message ("Saved %s", path);
}

void
page_fixture_screenshot (PageFixture *fixture,
                         const char  *name)
{
  const char *dir = g_getenv ("HRM_SCREENSHOT_DIR");
  GListModel *toplevels;
  g_autofree char *base = NULL;

  if (dir == NULL || *dir == '\0')
    return;

  hrm_ui_test_spin (400);
  base = g_strdelimit (g_strdup (name), " /?’'", '-');
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      g_autofree char *file = NULL;
      g_autofree char *path = NULL;

      if (!gtk_widget_get_visible (GTK_WIDGET (window)))
        continue;
      file = window == fixture->window ? g_strdup_printf ("%s.png", base)
                                       : g_strdup_printf ("%s-dialog-%u.png", base, i);
      path = g_build_filename (dir, file, NULL);
      save_window (window, path);
    }
}
