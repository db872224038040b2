/* test-organisation.c — the organisation's email domains in the app (issue 10)
 *
 * The Organisation preferences window (edit and save, a 422 beside its row,
 * changed elsewhere, read-only without the permission), the warnings beside
 * a user's Email field, sending to a private address or to a verified
 * domain, and the list's "Linked to a private address" filter. Against a
 * real demo server: admin may change the settings, sofia.berg (HR
 * administrator) may not; user 8 johan.gustafsson is linked to gmail.com and
 * 21 users in all are linked to free-mail addresses (docs/demo-data.md).
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-organisation"

#include "config.h"

#include <string.h>

#include "hrm-bulk-dialog.h"
#include "hrm-bulk-job.h"
#include "hrm-email-domains.h"
#include "hrm-organisation-window-private.h"
#include "hrm-user-page-test.h"

#define DEMO_JOHAN 8
#define DEMO_LINKED_PRIVATE 21

#define PAGE_TEST(path, func) \
  g_test_add (path, PageFixture, NULL, page_fixture_set_up, func, page_fixture_tear_down)

/* ---- the server, as someone else ------------------------------------------- */

/* PATCHes the organisation's settings as admin (GET for the ETag first). */
static void
set_organisation (HrmTestServer *server,
                  const char    *body)
{
  g_autoptr(SoupSession) session = hrm_test_session_new ();
  g_autofree char *token = hrm_test_sign_in (server, "admin");
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autofree char *uri = hrm_test_server_build_uri (server, "/api/v1/organisation");
  g_autoptr(HrmTestResponse) got = NULL;
  g_autoptr(HrmTestResponse) patched = NULL;

  got = hrm_test_http (session, "GET", uri, NULL, NULL, 0, "Authorization", bearer, NULL);
  hrm_test_assert_status (got, 200);
  patched = hrm_test_http (session, "PATCH", uri, "application/merge-patch+json", body, -1,
                           "Authorization", bearer,
                           "If-Match", hrm_test_response_get_header (got, "ETag"), NULL);
  hrm_test_assert_status (patched, 200);
}

/* PATCHes user @id as admin (GET for the ETag first). */
static void
patch_user (HrmTestServer *server,
            gint64         id,
            const char    *body)
{
  g_autoptr(SoupSession) session = hrm_test_session_new ();
  g_autofree char *token = hrm_test_sign_in (server, "admin");
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, id);
  g_autofree char *uri = hrm_test_server_build_uri (server, path);
  g_autoptr(HrmTestResponse) got = NULL;
  g_autoptr(HrmTestResponse) patched = NULL;

  got = hrm_test_http (session, "GET", uri, NULL, NULL, 0, "Authorization", bearer, NULL);
  hrm_test_assert_status (got, 200);
  patched = hrm_test_http (session, "PATCH", uri, "application/merge-patch+json", body, -1,
                           "Authorization", bearer,
                           "If-Match", hrm_test_response_get_header (got, "ETag"), NULL);
  hrm_test_assert_status (patched, 200);
}

/* GET /api/v1/organisation as admin; free with json_object_unref. */
static JsonObject *
get_organisation (HrmTestServer *server)
{
  g_autoptr(SoupSession) session = hrm_test_session_new ();
  g_autofree char *token = hrm_test_sign_in (server, "admin");
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autofree char *uri = hrm_test_server_build_uri (server, "/api/v1/organisation");
  g_autoptr(HrmTestResponse) r = NULL;

  r = hrm_test_http (session, "GET", uri, NULL, NULL, 0, "Authorization", bearer, NULL);
  hrm_test_assert_status (r, 200);
  return json_object_ref (r->json);
}

/* A list of strings as one text ("a.se b.se"). */
static char *
join_strings (JsonObject *object,
              const char *member)
{
  JsonArray *array = hrm_test_json_get_array (object, member);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, json_array_get_string_element (array, i));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The page checks addresses with the organisation it was given: give it
 * the settings as they are now. */
static void
page_fixture_reload_organisation (PageFixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  hrm_client_get_organisation_async (fixture->client, NULL, store_result, &result);
  HRM_UI_WAIT_UNTIL (result != NULL);
  g_clear_object (&fixture->organisation);
  fixture->organisation = hrm_client_get_organisation_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  hrm_user_page_set_organisation (fixture->page, fixture->organisation);
}

/* ---- the user page ------------------------------------------------------------ */

static gboolean
is_idle (PageFixture *fixture)
{
  return !fixture->page->saving && !fixture->page->email_section->busy;
}

/* The warning under the Email field, or NULL when none is shown. */
static const char *
email_warning (PageFixture *fixture)
{
  HrmEmailSection *section = fixture->page->email_section;

  if (!gtk_widget_get_visible (GTK_WIDGET (section->email_warning_row)))
    return NULL;
  return gtk_label_get_text (section->email_warning_label);
}

static gboolean
warning_says (PageFixture *fixture,
              guint        bit)
{
  const char *shown = email_warning (fixture);

  return shown != NULL && strstr (shown, hrm_email_warning_message (bit)) != NULL;
}

static void
type_address (PageFixture *fixture,
              const char  *address)
{
  page_fixture_type (fixture, FIELD_EMAIL, address);
  page_fixture_type (fixture, FIELD_CONFIRM_EMAIL, address);
}

static void
press_send (PageFixture *fixture)
{
  GtkWidget *button = GTK_WIDGET (fixture->page->email_section->send_button);

  HRM_UI_WAIT_UNTIL (gtk_widget_get_visible (button) && gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
}

/* As the administrator types: a private address, one outside the allowed
 * domains, and none of it for a work address; after saving, the server's
 * own warnings for the saved address. */
static void
test_warnings_while_typing (PageFixture   *fixture,
                            gconstpointer  data)
{
  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_ERIK);
  g_assert_null (email_warning (fixture));

  page_fixture_type (fixture, FIELD_EMAIL, "erik.johansson@gmail.com");
  g_assert_true (warning_says (fixture, 0));   /* private_domain */
  g_assert_false (warning_says (fixture, 1));  /* any domain is allowed */
  /* Not an error: the field is still fine to save. */
  g_assert_null (page_fixture_error (fixture, FIELD_EMAIL));
  /* A screen reader hears it with the field. */
  {
    GtkAccessible *row = GTK_ACCESSIBLE (hrm_test_page_field (fixture->page, FIELD_EMAIL)->row);
    g_autofree char *wrong = gtk_test_accessible_check_property (row,
                                                                 GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                                 hrm_email_warning_message (0));

    g_assert_null (wrong);
  }
  page_fixture_screenshot (fixture, "email-warning-private");

  /* Half an address says nothing about its domain yet. */
  page_fixture_type (fixture, FIELD_EMAIL, "erik.johansson@");
  g_assert_null (email_warning (fixture));

  /* With allowed domains, another domain is outside them. */
  set_organisation (fixture->server, "{\"allowed_email_domains\": [\"nordljus.se\"]}");
  page_fixture_reload_organisation (fixture);
  page_fixture_type (fixture, FIELD_EMAIL, "erik@Example.COM");
  g_assert_true (warning_says (fixture, 1));
  g_assert_false (warning_says (fixture, 0));
  page_fixture_type (fixture, FIELD_EMAIL, "erik.johansson@nordljus.se");
  g_assert_null (email_warning (fixture));

  /* Saved: the server's warnings, which stay after the field is clean. */
  type_address (fixture, "erik.j@hotmail.se");
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "user.save", NULL);
  HRM_UI_WAIT_UNTIL (is_idle (fixture) && !hrm_user_page_get_has_unsaved_changes (fixture->page));
  g_assert_cmpuint (hrm_user_get_email_warnings (fixture->user), ==,
                    HRM_EMAIL_WARNING_PRIVATE_DOMAIN | HRM_EMAIL_WARNING_OUTSIDE_ALLOWED);
  g_assert_true (warning_says (fixture, 0));
  g_assert_true (warning_says (fixture, 1));
}

/* A linked user's warning is about the link, and is shown too. */
static void
test_linked_private_warning (PageFixture   *fixture,
                             gconstpointer  data)
{
  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_JOHAN);
  g_assert_true (warning_says (fixture, 3));  /* linked_private */
}

/* The seed's case fixed: Johan's link to gmail.com deleted, his work
 * address sent to (no question: it is not private), and he is no longer
 * among the users linked to a private address. */
static void
test_relink (PageFixture   *fixture,
             gconstpointer  data)
{
  const char *work = "johan.gustafsson@nordljus.se";
  g_autofree char *heading = NULL;
  g_autofree char *mail = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *bearer = NULL;
  g_autoptr(HrmTestResponse) listed = NULL;

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_JOHAN);
  g_assert_true (warning_says (fixture, 3));
  gtk_widget_activate (GTK_WIDGET (fixture->page->email_section->delete_connection_button));
  heading = page_fixture_answer_dialog (fixture, "delete");
  g_clear_pointer (&heading, g_free);
  /* The demo is in preparation: the page says what Johan will see. */
  heading = page_fixture_answer_dialog (fixture, "close");
  g_assert_cmpstr (heading, ==, "Connection deleted");
  HRM_UI_WAIT_UNTIL (is_idle (fixture)
                     && hrm_user_get_connection_state (fixture->user) == HRM_CONNECTION_NOT_LINKED);
  /* Not linked any more; the saved address is still a private one. */
  g_assert_false (warning_says (fixture, 3));
  g_assert_true (warning_says (fixture, 0));

  type_address (fixture, work);
  g_assert_null (email_warning (fixture));
  press_send (fixture);
  HRM_UI_WAIT_UNTIL (is_idle (fixture)
                     && hrm_user_get_connection_state (fixture->user) == HRM_CONNECTION_PENDING);
  g_assert_null (page_fixture_find_dialog (fixture));
  mail = hrm_test_server_wait_for_mail (fixture->server, work, 30000);
  g_assert_nonnull (mail);
  g_assert_null (email_warning (fixture));

  uri = hrm_test_server_build_uri (fixture->server, "/api/v1/users?email_warning=linked_private");
  bearer = g_strconcat ("Bearer ", fixture->token, NULL);
  listed = hrm_test_http (fixture->session, "GET", uri, NULL, NULL, 0, "Authorization", bearer, NULL);
  hrm_test_assert_status (listed, 200);
  g_assert_cmpint (hrm_test_json_get_int (listed->json, "total"), ==, DEMO_LINKED_PRIVATE - 1);
}

/* A private address is asked about first, naming it; Cancel sends nothing
 * and keeps what was typed. */
static void
test_private_confirm (PageFixture   *fixture,
                      gconstpointer  data)
{
  const char *address = "erik.private@gmail.com";
  g_autofree char *heading = NULL;
  g_autofree char *again = NULL;
  g_autoptr(JsonObject) stored = NULL;
  AdwMessageDialog *dialog;
  g_autofree char *mail = NULL;

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_ERIK);
  type_address (fixture, address);
  press_send (fixture);
  HRM_UI_WAIT_UNTIL (page_fixture_find_dialog (fixture) != NULL);
  dialog = page_fixture_find_dialog (fixture);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), address));
  heading = page_fixture_answer_dialog (fixture, "cancel");
  g_assert_cmpstr (heading, ==, "Send to a private address?");

  hrm_ui_test_spin (100);
  g_assert_true (is_idle (fixture));
  g_assert_cmpstr (page_fixture_text (fixture, FIELD_EMAIL), ==, address);
  g_assert_true (hrm_user_page_get_has_unsaved_changes (fixture->page));
  stored = page_fixture_get_user (fixture, DEMO_ERIK);
  g_assert_cmpstr (hrm_test_json_get_string (stored, "email"), ==, "erik.johansson@nordljus.se");
  g_assert_cmpstr (hrm_test_json_get_string (stored, "connection.state"), ==, "not_linked");

  /* Send: saved and mailed. */
  press_send (fixture);
  again = page_fixture_answer_dialog (fixture, "send");
  g_assert_cmpstr (again, ==, "Send to a private address?");
  HRM_UI_WAIT_UNTIL (is_idle (fixture)
                     && hrm_user_get_connection_state (fixture->user) == HRM_CONNECTION_PENDING);
  mail = hrm_test_server_wait_for_mail (fixture->server, address, 30000);
  g_assert_nonnull (mail);
}

/* An address in a verified domain is linked at once, without a mail, and
 * the page says so. */
static void
test_linked_at_once (PageFixture   *fixture,
                     gconstpointer  data)
{
  g_autoptr(JsonObject) stored = NULL;

  if (fixture->server == NULL)
    return;

  set_organisation (fixture->server, "{\"verified_domains\": [\"nordljus.se\"]}");
  page_fixture_reload_organisation (fixture);
  page_fixture_show_user (fixture, DEMO_ERIK);
  /* Said before pressing. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->page->email_section->send_hint_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (fixture->page->email_section->send_hint_label),
                            "verified domain"));
  page_fixture_screenshot (fixture, "verified-domain-hint");
  press_send (fixture);
  HRM_UI_WAIT_UNTIL (is_idle (fixture)
                     && hrm_user_get_connection_state (fixture->user) == HRM_CONNECTION_LINKED);
  g_assert_true (page_fixture_has_toast (fixture, "Linked at once: erik.johansson@nordljus.se is "
                                                  "in a verified domain"));
  g_assert_cmpstr (hrm_user_get_connection_email (fixture->user), ==, "erik.johansson@nordljus.se");
  /* The page shows it as linked: nothing to send any more. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->page->email_section->send_button)));
  stored = page_fixture_get_user (fixture, DEMO_ERIK);
  g_assert_cmpstr (hrm_test_json_get_string (stored, "connection.state"), ==, "linked");
  page_fixture_screenshot (fixture, "linked-at-once");
}

/* Outside the allowed domains: saved (with the warning), not sent, and the
 * server's reason beside the field. */
static void
test_refused_outside_allowed (PageFixture   *fixture,
                              gconstpointer  data)
{
  g_autoptr(JsonObject) stored = NULL;

  if (fixture->server == NULL)
    return;

  set_organisation (fixture->server, "{\"allowed_email_domains\": [\"nordljus.se\"]}");
  page_fixture_reload_organisation (fixture);
  page_fixture_show_user (fixture, DEMO_ERIK);
  type_address (fixture, "erik@example.com");
  g_assert_true (warning_says (fixture, 1));
  press_send (fixture);
  HRM_UI_WAIT_UNTIL (is_idle (fixture) && email_warning (fixture) != NULL
                     && strstr (email_warning (fixture), "Save a work address") != NULL);
  g_assert_cmpint (hrm_user_get_connection_state (fixture->user), ==, HRM_CONNECTION_NOT_LINKED);
  /* Beside the field as a warning, not an error: the page still saves. */
  g_assert_null (page_fixture_error (fixture, FIELD_EMAIL));
  page_fixture_type (fixture, FIELD_SIGNATURE, "ERGU");
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "user.save", NULL);
  HRM_UI_WAIT_UNTIL (is_idle (fixture) && !hrm_user_page_get_has_unsaved_changes (fixture->page));
  /* Typing another address: the refusal was about the old one. */
  page_fixture_type (fixture, FIELD_EMAIL, "erik@nordljus.se");
  g_assert_null (email_warning (fixture));
  stored = page_fixture_get_user (fixture, DEMO_ERIK);
  g_assert_cmpstr (hrm_test_json_get_string (stored, "email"), ==, "erik@example.com");
  g_assert_cmpstr (hrm_test_json_get_string (stored, "signature"), ==, "ERGU");
  g_assert_cmpstr (hrm_test_json_get_string (stored, "connection.state"), ==, "not_linked");
}

/* ---- the window ------------------------------------------------------------ */

/* With $HRM_SCREENSHOT_DIR set, saves every window shown as NAME-dialog-N.png. */
static void
window_screenshot (const char *name)
{
  PageFixture none = { 0 };

  page_fixture_screenshot (&none, name);
}

typedef struct
{
  HrmTestServer *server;
  HrmWindow     *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *username = data != NULL ? data : "admin";

  fixture->server = hrm_test_server_new_or_skip (TRUE);
  if (fixture->server == NULL)
    return;

  fixture->window = hrm_ui_test_window_new ();
  hrm_ui_test_sign_in (fixture->window, fixture->server, username);
  HRM_UI_WAIT_UNTIL (fixture->window->organisation != NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    hrm_ui_test_window_destroy (fixture->window);
  g_clear_pointer (&fixture->server, hrm_test_server_free);
}

static HrmOrganisationWindow *
find_organisation_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (HRM_IS_ORGANISATION_WINDOW (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return HRM_ORGANISATION_WINDOW (window);
    }
  return NULL;
}

/* Ctrl+comma, as the administrator would. */
static HrmOrganisationWindow *
open_window (Fixture *fixture)
{
  g_assert_true (hrm_ui_test_press_shortcut (GTK_WIDGET (fixture->window), "<Control>comma"));
  HRM_UI_WAIT_UNTIL (find_organisation_window () != NULL);
  /* It fetches the settings as they are now. */
  HRM_UI_WAIT_UNTIL (!find_organisation_window ()->loading);
  return find_organisation_window ();
}

static void
add (HrmOrganisationWindow *window,
     HrmDomainList          list,
     const char            *text)
{
  gtk_editable_set_text (GTK_EDITABLE (window->lists[list].add_row), text);
  g_signal_emit_by_name (window->lists[list].add_row, "apply");
}

/* The domains shown as one text ("a.se b.se"). */
static char *
shown (HrmOrganisationWindow *window,
       HrmDomainList          list)
{
  GPtrArray *rows = window->lists[list].rows;
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, adw_preferences_row_get_title (g_ptr_array_index (rows, i)));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const char *
add_error (HrmOrganisationWindow *window,
           HrmDomainList          list)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (window->lists[list].add_error_row)))
    return NULL;
  return gtk_label_get_text (window->lists[list].add_error_label);
}

static gboolean
is_button (GtkWidget     *widget,
           gconstpointer  data)
{
  return GTK_IS_BUTTON (widget);
}

static void
press_remove (HrmOrganisationWindow *window,
              HrmDomainList          list,
              guint                  index)
{
  GtkWidget *row = g_ptr_array_index (window->lists[list].rows, index);
  g_autofree char *name = g_strdup_printf ("Remove %s",
                                           adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  GtkWidget *button = hrm_ui_test_find (row, is_button, NULL);
  guint before = window->lists[list].rows->len;

  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, name);
  /* An icon: named for a screen reader too. */
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (button),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL, name));
  /* A button's activation clicks it after a moment, as a key press would. */
  gtk_widget_activate (button);
  HRM_UI_WAIT_UNTIL (window->lists[list].rows->len == before - 1);
}

/* Add, refuse, remove, set the days; closing saves it all in one PATCH
 * and the main window checks addresses with what was saved. */
static void
test_edit_and_save (Fixture       *fixture,
                    gconstpointer  data)
{
  HrmOrganisationWindow *window;
  g_autoptr(JsonObject) saved = NULL;
  g_autofree char *allowed = NULL;
  g_autofree char *verified = NULL;
  g_autofree char *text = NULL;

  if (fixture->server == NULL)
    return;

  window = open_window (fixture);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->read_only_group)));
  g_assert_cmpint ((gint) gtk_adjustment_get_value (window->days_adjustment), ==, 5);

  /* As the server stores it: trimmed, lower case, sorted. */
  add (window, DOMAIN_LIST_ALLOWED, "  Nordljus.SE ");
  add (window, DOMAIN_LIST_ALLOWED, "bygg.nordljus.se");
  text = shown (window, DOMAIN_LIST_ALLOWED);
  g_assert_cmpstr (text, ==, "bygg.nordljus.se nordljus.se");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->lists[DOMAIN_LIST_ALLOWED].add_row)),
                   ==, "");

  /* The server's rules, before anything is sent; the text stays to fix. */
  add (window, DOMAIN_LIST_ALLOWED, "*.nordljus.se");
  g_assert_nonnull (add_error (window, DOMAIN_LIST_ALLOWED));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->lists[DOMAIN_LIST_ALLOWED].add_row)),
                   ==, "*.nordljus.se");
  gtk_editable_set_text (GTK_EDITABLE (window->lists[DOMAIN_LIST_ALLOWED].add_row), "nordljus");
  g_assert_null (add_error (window, DOMAIN_LIST_ALLOWED));
  g_signal_emit_by_name (window->lists[DOMAIN_LIST_ALLOWED].add_row, "apply");
  g_assert_nonnull (add_error (window, DOMAIN_LIST_ALLOWED));
  add (window, DOMAIN_LIST_ALLOWED, "NORDLJUS.se");
  g_assert_nonnull (strstr (add_error (window, DOMAIN_LIST_ALLOWED), "already"));
  add (window, DOMAIN_LIST_VERIFIED, "other.se");
  g_assert_nonnull (add_error (window, DOMAIN_LIST_VERIFIED));
  g_clear_pointer (&text, g_free);
  text = shown (window, DOMAIN_LIST_VERIFIED);
  g_assert_cmpstr (text, ==, "");

  add (window, DOMAIN_LIST_VERIFIED, "nordljus.se");
  g_assert_null (add_error (window, DOMAIN_LIST_VERIFIED));

  /* Remove one, by its own button. */
  press_remove (window, DOMAIN_LIST_ALLOWED, 0);
  g_clear_pointer (&text, g_free);
  text = shown (window, DOMAIN_LIST_ALLOWED);
  g_assert_cmpstr (text, ==, "nordljus.se");

  /* The refusal ("already in the list") stays beside its text until that
   * is typed over, whatever else changed. */
  g_assert_nonnull (add_error (window, DOMAIN_LIST_ALLOWED));
  gtk_editable_set_text (GTK_EDITABLE (window->lists[DOMAIN_LIST_ALLOWED].add_row), "");
  g_assert_null (add_error (window, DOMAIN_LIST_ALLOWED));

  gtk_adjustment_set_value (window->days_adjustment, 10);
  g_assert_true (hrm_organisation_window_get_has_unsaved_changes (window));
  window_screenshot ("organisation-window");

  /* Nothing is sent before the window closes. */
  saved = get_organisation (fixture->server);
  g_assert_cmpint (hrm_test_json_get_int (saved, "unlink_leavers_after_days"), ==, 5);
  g_clear_pointer (&saved, json_object_unref);

  /* Typed but not added: closing does not lose it, nor a refused one. */
  gtk_editable_set_text (GTK_EDITABLE (window->lists[DOMAIN_LIST_ALLOWED].add_row), "bad domain");
  gtk_window_close (GTK_WINDOW (window));
  hrm_ui_test_spin (50);
  g_assert_true (find_organisation_window () == window);
  g_assert_nonnull (add_error (window, DOMAIN_LIST_ALLOWED));
  gtk_editable_set_text (GTK_EDITABLE (window->lists[DOMAIN_LIST_ALLOWED].add_row), "lager.se");

  gtk_window_close (GTK_WINDOW (window));
  HRM_UI_WAIT_UNTIL (find_organisation_window () == NULL);

  saved = get_organisation (fixture->server);
  allowed = join_strings (saved, "allowed_email_domains");
  verified = join_strings (saved, "verified_domains");
  g_assert_cmpstr (allowed, ==, "lager.se nordljus.se");
  g_assert_cmpstr (verified, ==, "nordljus.se");
  g_assert_cmpint (hrm_test_json_get_int (saved, "unlink_leavers_after_days"), ==, 10);

  /* The main window has the new settings for its checks. */
  g_assert_cmpstr (hrm_organisation_get_allowed_email_domains (fixture->window->organisation)[1],
                   ==, "nordljus.se");
  g_assert_cmpuint (hrm_organisation_check_email (fixture->window->organisation, "a@example.com"),
                    ==, HRM_EMAIL_WARNING_OUTSIDE_ALLOWED);
}

/* The server's 422 is shown beside the row it is about; the window stays
 * open with every edit; closing again asks before discarding. */
static void
test_invalid_kept (Fixture       *fixture,
                   gconstpointer  data)
{
  HrmOrganisationWindow *window;
  g_autoptr(JsonObject) saved = NULL;
  g_autofree char *allowed = NULL;
  g_autofree char *text = NULL;
  GtkWidget *row;

  if (fixture->server == NULL)
    return;

  set_organisation (fixture->server, "{\"allowed_email_domains\": [\"a.se\", \"b.se\"],"
                                     " \"verified_domains\": [\"a.se\"]}");
  window = open_window (fixture);
  text = shown (window, DOMAIN_LIST_VERIFIED);
  g_assert_cmpstr (text, ==, "a.se");

  /* a.se leaves the allowed list while it is still verified. */
  press_remove (window, DOMAIN_LIST_ALLOWED, 0);
  hrm_organisation_window_save (window);
  HRM_UI_WAIT_UNTIL (!window->saving);
  g_assert_true (window->save_failed);

  row = g_ptr_array_index (window->lists[DOMAIN_LIST_VERIFIED].rows, 0);
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), !=, "");
  g_clear_pointer (&text, g_free);
  text = shown (window, DOMAIN_LIST_ALLOWED);
  g_assert_cmpstr (text, ==, "b.se");
  window_screenshot ("organisation-window-invalid");

  /* Nothing changed on the server. */
  saved = get_organisation (fixture->server);
  allowed = join_strings (saved, "allowed_email_domains");
  g_assert_cmpstr (allowed, ==, "a.se b.se");

  /* Closing does not throw the edits away unasked. */
  gtk_window_close (GTK_WINDOW (window));
  HRM_UI_WAIT_UNTIL (page_fixture_find_dialog (NULL) != NULL);
  g_assert_nonnull (find_organisation_window ());
  adw_message_dialog_response (page_fixture_find_dialog (NULL), "cancel");
  gtk_window_close (GTK_WINDOW (page_fixture_find_dialog (NULL)));
  hrm_ui_test_spin (50);
  g_assert_true (find_organisation_window () == window);
  g_assert_true (hrm_organisation_window_get_has_unsaved_changes (window));

  /* An edit of the lists: the 422 named rows by position, so its marks go. */
  add (window, DOMAIN_LIST_ALLOWED, "c.se");
  row = g_ptr_array_index (window->lists[DOMAIN_LIST_VERIFIED].rows, 0);
  g_assert_false (gtk_widget_has_css_class (row, "error"));

  /* Fixed: removed from the verified list too, and saved. */
  press_remove (window, DOMAIN_LIST_VERIFIED, 0);
  hrm_organisation_window_save (window);
  HRM_UI_WAIT_UNTIL (!window->saving);
  g_assert_false (window->save_failed);
  g_clear_pointer (&saved, json_object_unref);
  g_clear_pointer (&allowed, g_free);
  saved = get_organisation (fixture->server);
  allowed = join_strings (saved, "allowed_email_domains");
  g_assert_cmpstr (allowed, ==, "b.se c.se");
}

/* Changed elsewhere meanwhile: the edits stay until Reload is chosen. */
static void
test_changed_elsewhere (Fixture       *fixture,
                        gconstpointer  data)
{
  HrmOrganisationWindow *window;
  GtkWidget *reload;
  g_autofree char *text = NULL;

  if (fixture->server == NULL)
    return;

  window = open_window (fixture);
  add (window, DOMAIN_LIST_ALLOWED, "nordljus.se");
  set_organisation (fixture->server, "{\"unlink_leavers_after_days\": 30}");

  hrm_organisation_window_save (window);
  HRM_UI_WAIT_UNTIL (!window->saving);
  g_assert_true (window->save_failed);
  text = shown (window, DOMAIN_LIST_ALLOWED);
  g_assert_cmpstr (text, ==, "nordljus.se");

  /* The toast offers Reload; pressing it drops the edits for their version. */
  reload = hrm_ui_test_find_button (GTK_WIDGET (window), "_Reload");
  g_assert_nonnull (reload);
  window_screenshot ("organisation-window-changed-elsewhere");
  gtk_widget_activate (reload);
  HRM_UI_WAIT_UNTIL ((gint) gtk_adjustment_get_value (window->days_adjustment) == 30);
  g_clear_pointer (&text, g_free);
  text = shown (window, DOMAIN_LIST_ALLOWED);
  g_assert_cmpstr (text, ==, "");
  g_assert_false (hrm_organisation_window_get_has_unsaved_changes (window));
}

/* Without the permission: shown, with the reason, and nothing to change. */
static void
test_read_only (Fixture       *fixture,
                gconstpointer  data)
{
  HrmOrganisationWindow *window;
  g_autofree char *text = NULL;

  if (fixture->server == NULL)
    return;

  set_organisation (fixture->server, "{\"allowed_email_domains\": [\"nordljus.se\"]}");
  window = open_window (fixture);
  g_assert_false (hrm_organisation_get_may_change (window->organisation));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->read_only_group)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->lists[DOMAIN_LIST_ALLOWED].add_row)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->lists[DOMAIN_LIST_VERIFIED].add_row)));
  g_assert_false (gtk_widget_is_sensitive (window->days_row));
  text = shown (window, DOMAIN_LIST_ALLOWED);
  g_assert_cmpstr (text, ==, "nordljus.se");
  g_clear_pointer (&text, g_free);
  text = shown (window, DOMAIN_LIST_VERIFIED);
  g_assert_cmpstr (text, ==, "None");
  g_assert_false (gtk_widget_is_sensitive (g_ptr_array_index (window->lists[DOMAIN_LIST_ALLOWED].rows, 0)));
  window_screenshot ("organisation-window-read-only");

  /* Closing just closes. */
  gtk_window_close (GTK_WINDOW (window));
  HRM_UI_WAIT_UNTIL (find_organisation_window () == NULL);
}

/* "Linked to a private address" lists exactly the users the server warns
 * about, the demo's 21, Johan among them. */
static void
test_filter_linked_private (Fixture       *fixture,
                            gconstpointer  data)
{
  HrmUserList *list;
  GtkDropDown *connection;
  gboolean johan = FALSE;

  if (fixture->server == NULL)
    return;

  list = hrm_users_pane_get_list (fixture->window->users_pane);
  connection = GTK_DROP_DOWN (hrm_ui_test_child (fixture->window->users_pane, HRM_TYPE_USERS_PANE,
                                                 "connection_dropdown"));
  gtk_drop_down_set_selected (connection, HRM_CONNECTION_FILTER_LINKED_PRIVATE);
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (connection)), ==,
                   "Linked to a private address");
  HRM_UI_WAIT_UNTIL (hrm_user_list_get_connection_filter (list) == HRM_CONNECTION_FILTER_LINKED_PRIVATE
                     && !hrm_user_list_get_loading (list)
                     && hrm_user_list_get_total (list) == DEMO_LINKED_PRIVATE);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(HrmUser) user = g_list_model_get_item (G_LIST_MODEL (list), i);

      HRM_UI_WAIT_UNTIL (hrm_user_get_id (user) != 0);
      g_assert_cmpint (hrm_user_get_connection_state (user), ==, HRM_CONNECTION_LINKED);
      g_assert_true (hrm_user_get_email_warnings (user) & HRM_EMAIL_WARNING_LINKED_PRIVATE);
      johan |= hrm_user_get_id (user) == DEMO_JOHAN;
    }
  g_assert_true (johan);

  /* Back to all linked users: more of them. */
  gtk_drop_down_set_selected (connection, HRM_CONNECTION_FILTER_LINKED);
  HRM_UI_WAIT_UNTIL (hrm_user_list_get_connection_filter (list) == HRM_CONNECTION_FILTER_LINKED
                     && !hrm_user_list_get_loading (list));
  g_assert_cmpuint (hrm_user_list_get_total (list), >, DEMO_LINKED_PRIVATE);
}

/* The bulk dialog names the domain rules' skip reasons in words, each with
 * its user. */
static void
test_bulk_skip_reasons (Fixture       *fixture,
                        gconstpointer  data)
{
  const gint64 ids[] = { DEMO_INGRID, DEMO_ERIK, DEMO_LARS };
  g_autoptr(HrmClient) client = NULL;
  const HrmBulkJobPreview *preview;
  HrmBulkDialog *dialog;
  GtkWidget *outside, *duplicate;

  if (fixture->server == NULL)
    return;

  set_organisation (fixture->server, "{\"allowed_email_domains\": [\"nordljus.se\"]}");
  patch_user (fixture->server, DEMO_INGRID, "{\"email\": \"ingrid@example.com\"}");
  patch_user (fixture->server, DEMO_ERIK, "{\"email\": \"karin.persson@nordljus.se\"}");

  g_object_get (hrm_users_pane_get_list (fixture->window->users_pane), "client", &client, NULL);
  dialog = hrm_bulk_dialog_new_for_users (GTK_WINDOW (fixture->window), client, ids,
                                          G_N_ELEMENTS (ids));
  gtk_window_present (GTK_WINDOW (dialog));
  HRM_UI_WAIT_UNTIL (hrm_bulk_dialog_get_preview (dialog) != NULL);
  preview = hrm_bulk_dialog_get_preview (dialog);
  g_assert_cmpuint (preview->skipped[HRM_BULK_SKIP_OUTSIDE_ALLOWED_DOMAINS], ==, 1);
  g_assert_cmpuint (preview->skipped[HRM_BULK_SKIP_DUPLICATE_OF_LINKED], ==, 1);

  outside = hrm_ui_test_find_row (GTK_WIDGET (dialog), "Outside the organisation’s email domains");
  duplicate = hrm_ui_test_find_row (GTK_WIDGET (dialog), "Another user is linked to the address");
  g_assert_nonnull (outside);
  g_assert_nonnull (duplicate);
  g_assert_nonnull (hrm_ui_test_find_row (outside, "Ingrid Åberg · ingrid.aberg"));
  g_assert_nonnull (hrm_ui_test_find_row (duplicate, "Erik Johansson · erik.johansson"));
  window_screenshot ("bulk-skip-reasons");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  /* GTK's own accessibility backend for tests: the descriptions and names
   * can be read (the suite's GTK_A11Y=none keeps none). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  hrm_ui_test_init (&argc, &argv);

  PAGE_TEST ("/ui/organisation/email/warnings-while-typing", test_warnings_while_typing);
  PAGE_TEST ("/ui/organisation/email/linked-private-warning", test_linked_private_warning);
  PAGE_TEST ("/ui/organisation/email/relink", test_relink);
  PAGE_TEST ("/ui/organisation/email/private-confirm", test_private_confirm);
  PAGE_TEST ("/ui/organisation/email/linked-at-once", test_linked_at_once);
  PAGE_TEST ("/ui/organisation/email/refused-outside-allowed", test_refused_outside_allowed);
  g_test_add ("/ui/organisation/window/edit-and-save", Fixture, NULL, fixture_set_up,
              test_edit_and_save, fixture_tear_down);
  g_test_add ("/ui/organisation/window/invalid-kept", Fixture, NULL, fixture_set_up,
              test_invalid_kept, fixture_tear_down);
  g_test_add ("/ui/organisation/window/changed-elsewhere", Fixture, NULL, fixture_set_up,
              test_changed_elsewhere, fixture_tear_down);
  g_test_add ("/ui/organisation/window/read-only", Fixture, "sofia.berg", fixture_set_up,
              test_read_only, fixture_tear_down);
  g_test_add ("/ui/organisation/filter-linked-private", Fixture, NULL, fixture_set_up,
              test_filter_linked_private, fixture_tear_down);
  g_test_add ("/ui/organisation/bulk-skip-reasons", Fixture, NULL, fixture_set_up,
              test_bulk_skip_reasons, fixture_tear_down);

  return g_test_run ();
}
