/* test-leavers.c — the end of employment on the user page: the date row,
 * the day the link goes, and the rehire offer
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-leavers"

#include "config.h"

#include <string.h>

#include "hrm-page-util.h"
#include "hrm-user-page-test.h"

/* Demo leavers (docs/demo-data.md, "Leavers") */
#define DEMO_OLOF    14  /* linked, its link goes in three days */
#define DEMO_JOSEFIN 21  /* not linked: the housekeeping removed her link */
#define JOSEFIN_ADDRESS "josefin.karlsson@nordljus.se"

#define TEST(path, func) \
  g_test_add (path, PageFixture, NULL, page_fixture_set_up, func, page_fixture_tear_down)

static gboolean
is_idle (PageFixture *fixture)
{
  return !fixture->page->saving && !fixture->page->email_section->busy;
}

static void
save (PageFixture *fixture)
{
  g_assert_true (hrm_user_page_get_has_unsaved_changes (fixture->page));
  g_assert_true (hrm_ui_test_press_shortcut (GTK_WIDGET (fixture->page), "<Control>s"));
  HRM_UI_WAIT_UNTIL (!hrm_user_page_get_has_unsaved_changes (fixture->page) && is_idle (fixture));
}

static const char *
stored_end_date (PageFixture *fixture,
                 gint64       id)
{
  static char *value;
  g_autoptr(JsonObject) user = page_fixture_get_user (fixture, id);

  g_clear_pointer (&value, g_free);
  value = g_strdup (hrm_test_json_get_string (user, "employment_end_date"));
  return value;
}

/* The toast whose text contains @text, or NULL. */
static GtkWidget *
find_toast_widget (GtkWidget  *widget,
                   GtkWidget  *toast,
                   const char *text)
{
  if (g_strcmp0 (gtk_widget_get_css_name (widget), "toast") == 0)
    toast = widget;
  if (toast != NULL && GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text))
    return toast;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_toast_widget (child, toast, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The button of @toast labelled @label (its mnemonic left out). */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
toast_with (PageFixture *fixture,
            const char  *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (fixture->page), ADW_TYPE_TOAST_OVERLAY);

  return find_toast_widget (overlay, NULL, text);
}

/* A malformed date is refused beside the field before anything is sent; a
 * good one is saved; the calendar writes the date as it would be typed;
 * an emptied row clears it. */
static void
test_end_date_saves (PageFixture   *fixture,
                     gconstpointer  data)
{
  HrmAccountSection *account;
  g_autoptr(GDateTime) picked = NULL;

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_ERIK);
  account = fixture->page->account_section;
  g_assert_cmpstr (page_fixture_text (fixture, FIELD_EMPLOYMENT_END_DATE), ==, "");
  g_assert_null (stored_end_date (fixture, DEMO_ERIK));

  page_fixture_type (fixture, FIELD_EMPLOYMENT_END_DATE, "2026-1-5");
  g_assert_nonnull (page_fixture_error (fixture, FIELD_EMPLOYMENT_END_DATE));
  g_assert_true (hrm_ui_test_press_shortcut (GTK_WIDGET (fixture->page), "<Control>s"));
  hrm_ui_test_iterate ();
  g_assert_true (hrm_user_page_get_has_unsaved_changes (fixture->page));
  g_assert_null (stored_end_date (fixture, DEMO_ERIK));

  page_fixture_type (fixture, FIELD_EMPLOYMENT_END_DATE, "2026-02-30");
  g_assert_cmpstr (page_fixture_error (fixture, FIELD_EMPLOYMENT_END_DATE), ==,
                   "There is no such date");

  page_fixture_type (fixture, FIELD_EMPLOYMENT_END_DATE, "2026-06-30");
  g_assert_null (page_fixture_error (fixture, FIELD_EMPLOYMENT_END_DATE));
  save (fixture);
  g_assert_cmpstr (stored_end_date (fixture, DEMO_ERIK), ==, "2026-06-30");
  g_assert_cmpstr (hrm_user_get_employment_end_date (fixture->user), ==, "2026-06-30");
  /* Not linked: no link to remove. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->page->email_section->removal_row)));

  /* The calendar opens on the date in the row and writes the day picked. */
  g_signal_emit_by_name (account->end_date_button, "clicked");
  picked = gtk_calendar_get_date (account->end_date_calendar);
  g_assert_cmpint (g_date_time_get_year (picked), ==, 2026);
  g_assert_cmpint (g_date_time_get_month (picked), ==, 6);
  g_assert_cmpint (g_date_time_get_day_of_month (picked), ==, 30);
  g_clear_pointer (&picked, g_date_time_unref);
  picked = g_date_time_new_local (2026, 9, 4, 0, 0, 0);
  gtk_calendar_select_day (account->end_date_calendar, picked);
  g_signal_emit_by_name (account->end_date_calendar, "day-selected");
  g_assert_cmpstr (page_fixture_text (fixture, FIELD_EMPLOYMENT_END_DATE), ==, "2026-09-04");
  gtk_widget_grab_focus (GTK_WIDGET (account->end_date_button));
  page_fixture_screenshot (fixture, "leaver-end-date");
  save (fixture);
  g_assert_cmpstr (stored_end_date (fixture, DEMO_ERIK), ==, "2026-09-04");

  /* Emptied: no end date. */
  page_fixture_type (fixture, FIELD_EMPLOYMENT_END_DATE, "");
  save (fixture);
  g_assert_null (stored_end_date (fixture, DEMO_ERIK));
  g_assert_null (hrm_user_get_employment_end_date (fixture->user));
}

/* A linked leaver's page says when the link goes, and stops saying so when
 * the end date is cleared. */
static void
test_removal_line (PageFixture   *fixture,
                   gconstpointer  data)
{
  AdwActionRow *removal;

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_OLOF);
  removal = fixture->page->email_section->removal_row;
  g_assert_nonnull (hrm_user_get_removal_scheduled_on (fixture->user));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (removal)));
  g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (removal)),
                                   "The link will be removed on "));

  /* Another day, saved from the page: the line follows. */
  page_fixture_type (fixture, FIELD_EMPLOYMENT_END_DATE, "2030-06-30");
  save (fixture);
  g_assert_cmpstr (hrm_user_get_removal_scheduled_on (fixture->user), ==, "2030-07-05");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (removal)), ==,
                   "The link will be removed on 5 July 2030");
  g_assert_cmpstr (adw_action_row_get_subtitle (removal), ==,
                   "The employment ends on 30 June 2030. Clear the end date to keep the link.");
  page_fixture_screenshot (fixture, "leaver-removal");

  /* A day that has come: the next hourly run takes it. */
  page_fixture_type (fixture, FIELD_EMPLOYMENT_END_DATE, "2020-01-01");
  save (fixture);
  g_assert_cmpstr (hrm_user_get_removal_scheduled_on (fixture->user), ==, "2020-01-06");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (removal)), ==,
                   "The link will be removed within the hour");

  page_fixture_type (fixture, FIELD_EMPLOYMENT_END_DATE, "");
  save (fixture);
  g_assert_null (hrm_user_get_removal_scheduled_on (fixture->user));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (removal)));
  /* Still linked: only the removal was called off. */
  g_assert_cmpint (hrm_user_get_connection_state (fixture->user), ==, HRM_CONNECTION_LINKED);
}

/* Josefin's link went to the housekeeping; another address has been saved
 * since. Clearing her end date offers the previous address, and Send saves
 * it and sends the verification there. */
static void
test_rehire (PageFixture   *fixture,
             gconstpointer  data)
{
  g_autoptr(JsonObject) stored = NULL;
  g_autofree char *mail = NULL;
  GtkWidget *toast;
  GtkWidget *send;

  if (fixture->server == NULL)
    return;

  /* Someone saved another address meanwhile. */
  {
    g_autoptr(HrmTestResponse) get = hrm_test_api (fixture->session,
                                                   hrm_test_server_get_uri (fixture->server),
                                                   fixture->token, "GET", "/api/v1/users/21", NULL,
                                                   NULL);
    g_autoptr(HrmTestResponse) patch = NULL;

    hrm_test_assert_status (get, 200);
    patch = hrm_test_api (fixture->session, hrm_test_server_get_uri (fixture->server),
                          fixture->token, "PATCH", "/api/v1/users/21",
                          "{\"email\": \"josefin.private@example.com\"}",
                          "If-Match", hrm_test_response_get_header (get, "ETag"), NULL);
    hrm_test_assert_status (patch, 200);
  }

  page_fixture_show_user (fixture, DEMO_JOSEFIN);
  g_assert_nonnull (hrm_user_get_employment_end_date (fixture->user));
  g_assert_cmpint (hrm_user_get_connection_state (fixture->user), ==, HRM_CONNECTION_NOT_LINKED);

  page_fixture_type (fixture, FIELD_EMPLOYMENT_END_DATE, "");
  save (fixture);
  HRM_UI_WAIT_UNTIL ((toast = toast_with (fixture, "Send a verification to")) != NULL);
  g_assert_nonnull (toast_with (fixture, JOSEFIN_ADDRESS " again?"));
  page_fixture_screenshot (fixture, "leaver-rehire");

  send = find_button (toast, "_Send");
  g_assert_nonnull (send);
  gtk_widget_activate (send);

  HRM_UI_WAIT_UNTIL (hrm_user_get_connection_state (fixture->user) == HRM_CONNECTION_PENDING
                     && is_idle (fixture));
  g_assert_cmpstr (hrm_user_get_pending_email (fixture->user), ==, JOSEFIN_ADDRESS);
  stored = page_fixture_get_user (fixture, DEMO_JOSEFIN);
  g_assert_cmpstr (hrm_test_json_get_string (stored, "email"), ==, JOSEFIN_ADDRESS);
  g_assert_cmpstr (hrm_test_json_get_string (stored, "connection.state"), ==, "pending");
  g_assert_true (hrm_test_json_is_null (stored, "employment_end_date"));
  mail = hrm_test_server_wait_for_mail (fixture->server, JOSEFIN_ADDRESS, 10000);
  g_assert_nonnull (mail);
}

/* The offer is for the user it was made for: showing another takes it back. */
static void
test_rehire_offer_goes (PageFixture   *fixture,
                        gconstpointer  data)
{
  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_JOSEFIN);
  page_fixture_type (fixture, FIELD_EMPLOYMENT_END_DATE, "");
  save (fixture);
  HRM_UI_WAIT_UNTIL (toast_with (fixture, JOSEFIN_ADDRESS " again?") != NULL);

  /* At once, while the toast is still coming in. */
  page_fixture_show_user (fixture, DEMO_ERIK);
  HRM_UI_WAIT_UNTIL (toast_with (fixture, JOSEFIN_ADDRESS " again?") == NULL);
  /* And its action does nothing to the user shown now. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "user.rehire-send", NULL);
  hrm_ui_test_iterate ();
  g_assert_false (fixture->page->email_section->busy);
  g_assert_cmpstr (page_fixture_text (fixture, FIELD_EMAIL), ==, hrm_user_get_email (fixture->user));
}

int
main (int   argc,
      char *argv[])
{
  hrm_ui_test_init (&argc, &argv);

  TEST ("/ui/leavers/end-date-saves", test_end_date_saves);
  TEST ("/ui/leavers/removal-line", test_removal_line);
  TEST ("/ui/leavers/rehire", test_rehire);
  TEST ("/ui/leavers/rehire-offer-goes", test_rehire_offer_goes);

  return g_test_run ();
}
