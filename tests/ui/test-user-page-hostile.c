/* test-user-page-hostile.c — saving the user page to a server that answers with harm
 *
 * The hostile test server (tests/common/hrm-test-hostile.c) answers GET user
 * 42 well, with an ETag, and the save (PATCH) with garbage, a 50 MiB answer,
 * an answer that never ends, or a 30 s stall. Whichever: the page says what
 * went wrong in a toast within seconds, the administrator's edits stay in the
 * fields, Save (to retry) and Revert stay available, the list's object is
 * untouched, and the window keeps drawing meanwhile.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-user-page-hostile"

#include "config.h"

#include "hrm-test-hostile.h"
#include "hrm-user-page-test.h"

/* The client waits this long for silence to end, and this long in all. */
#define TIMEOUT_SECONDS 1
#define DEADLINE_SECONDS 3
/* The save ends well within this, whatever the server does. */
#define BOUND_SECONDS 10

typedef struct
{
  PageFixture     page;     /* first: the page fixture's helpers take it */
  HrmTestHostile *hostile;
} Fixture;

typedef struct
{
  const char *mode;
  const char *toast;  /* what the toast says, or begins with */
} Case;

static const Case cases[] = {
  { "garbage", "The server sent an answer that could not be understood" },
  { "50mib-chunked", "The server’s answer is too large" },
  { "endless", "The server’s answer is too large" },
  { "stall", "The server did not answer in time" },
};

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Like page_fixture_set_up, with the hostile server in place of hrm-server. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const Case *c = data;
  PageFixture *page = &fixture->page;
  g_autofree char *uri = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay;

  fixture->hostile = hrm_test_hostile_new ();
  uri = hrm_test_hostile_get_uri (fixture->hostile, c->mode);

  page->client = hrm_client_new (uri, &error);
  g_assert_no_error (error);
  hrm_client_set_timeout (page->client, TIMEOUT_SECONDS);
  hrm_client_set_deadline (page->client, DEADLINE_SECONDS);

  hrm_client_sign_in_async (page->client, "admin", "whatever", NULL, store_result, &result);
  HRM_UI_WAIT_UNTIL (result != NULL);
  g_assert_true (hrm_client_sign_in_finish (page->client, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  hrm_client_get_organisation_async (page->client, NULL, store_result, &result);
  HRM_UI_WAIT_UNTIL (result != NULL);
  page->organisation = hrm_client_get_organisation_finish (page->client, result, &error);
  g_assert_no_error (error);

  page->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (page->window, 720, 900);
  overlay = adw_toast_overlay_new ();
  page->page = hrm_user_page_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (page->page));
  gtk_window_set_child (page->window, overlay);

  hrm_user_page_set_client (page->page, page->client);
  hrm_user_page_set_organisation (page->page, page->organisation);
  gtk_window_present (page->window);
  hrm_ui_test_spin (50);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  page_fixture_tear_down (&fixture->page, data);
  g_clear_pointer (&fixture->hostile, hrm_test_hostile_free);
}

/* The window drew frames all along: the longest gap between two, in µs. */
typedef struct
{
  gint64 last;
  gint64 longest;
} Frames;

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Frames *frames = user_data;
  gint64 now = g_get_monotonic_time ();

  frames->longest = MAX (frames->longest, now - frames->last);
  frames->last = now;
  return G_SOURCE_CONTINUE;
}

static void
test_save_to_hostile (Fixture       *fixture,
                      gconstpointer  data)
{
  const Case *c = data;
  PageFixture *page = &fixture->page;
  HrmUserPage *user_page = page->page;
  GtkWidget *revert;
  Frames frames = { 0, 0 };
  guint tick_id;
  gint64 start;

  page_fixture_show_user (page, 42);
  g_assert_cmpstr (hrm_user_get_etag (page->user), ==, HRM_TEST_HOSTILE_ETAG);

  page_fixture_type (page, FIELD_SIGNATURE, "EVL");
  page_fixture_type (page, FIELD_CARD_TAG_ID, "TAG-4711");
  gtk_switch_set_active (user_page->account_section->enabled_switch, FALSE);
  g_assert_true (hrm_user_page_get_has_unsaved_changes (user_page));

  start = frames.last = g_get_monotonic_time ();
  tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (user_page), on_tick, &frames, NULL);
  gtk_widget_activate_action (GTK_WIDGET (user_page), "user.save", NULL);
  g_assert_true (user_page->saving);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (user_page->save_button)));

  HRM_UI_WAIT_UNTIL (!user_page->saving);
  gtk_widget_remove_tick_callback (GTK_WIDGET (user_page), tick_id);
  g_test_message ("%s: the save ended after %.1f s; longest gap between frames %.2f s", c->mode,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
                  frames.longest / (double) G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - start, <, BOUND_SECONDS * G_USEC_PER_SEC);
  g_assert_cmpint (frames.longest, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (hrm_test_hostile_get_n_hostile (fixture->hostile), ==, 1);

  /* It says what went wrong… */
  HRM_UI_WAIT_UNTIL (page_fixture_has_toast (page, c->toast));
  page_fixture_screenshot (page, c->mode);

  /* …and the edits are still there, ready to be saved again or reverted. */
  g_assert_cmpstr (page_fixture_text (page, FIELD_SIGNATURE), ==, "EVL");
  g_assert_cmpstr (page_fixture_text (page, FIELD_CARD_TAG_ID), ==, "TAG-4711");
  g_assert_false (gtk_switch_get_active (user_page->account_section->enabled_switch));
  g_assert_null (page_fixture_error (page, FIELD_SIGNATURE));
  g_assert_null (page_fixture_error (page, FIELD_CARD_TAG_ID));
  g_assert_true (hrm_user_page_get_has_unsaved_changes (user_page));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (user_page->save_button)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (user_page->save_spinner)));
  revert = hrm_ui_test_find_button (GTK_WIDGET (user_page), "_Revert");
  g_assert_nonnull (revert);
  g_assert_true (gtk_widget_get_sensitive (revert));

  /* Nothing of the answer reached the list's object. */
  g_assert_cmpstr (hrm_user_get_signature (page->user), ==, "EL");
  g_assert_null (hrm_user_get_card_tag_id (page->user));
  g_assert_true (hrm_user_get_enabled (page->user));
  g_assert_cmpstr (hrm_user_get_etag (page->user), ==, HRM_TEST_HOSTILE_ETAG);

  /* Revert still works. */
  gtk_widget_activate_action (GTK_WIDGET (user_page), "user.revert", NULL);
  g_assert_false (hrm_user_page_get_has_unsaved_changes (user_page));
  g_assert_cmpstr (page_fixture_text (page, FIELD_SIGNATURE), ==, "EL");
  g_assert_cmpstr (page_fixture_text (page, FIELD_CARD_TAG_ID), ==, "");
  g_assert_true (gtk_switch_get_active (user_page->account_section->enabled_switch));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (user_page->save_button)));
}

int
main (int   argc,
      char *argv[])
{
  hrm_ui_test_init (&argc, &argv);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/user-page/hostile/%s", cases[i].mode);

      g_test_add (path, Fixture, &cases[i], fixture_set_up, test_save_to_hostile,
                  fixture_tear_down);
    }

  return g_test_run ();
}
