/* test-user-page-connection.c — linking a user to the identity provider from the user page
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-user-page"

#include "config.h"

#include <sqlite3.h>

#include "hrm-user-page-test.h"
#include "hrm-user-row.h"

#define TEST(path, func) \
  g_test_add (path, PageFixture, NULL, page_fixture_set_up, func, page_fixture_tear_down)

#define MAIL_TIMEOUT_MS 30000

static gboolean
is_idle (PageFixture *fixture)
{
  return !fixture->page->saving && !fixture->page->email_section->busy;
}

static HrmConnectionState
state (PageFixture *fixture)
{
  return hrm_user_get_connection_state (fixture->user);
}

static const char *
connection_title (PageFixture *fixture)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (fixture->page->email_section->connection_row));
}

static const char *
connection_subtitle (PageFixture *fixture)
{
  return adw_action_row_get_subtitle (fixture->page->email_section->connection_row);
}

static gboolean
button_usable (GtkButton *button)
{
  return gtk_widget_get_visible (GTK_WIDGET (button)) && gtk_widget_is_sensitive (GTK_WIDGET (button));
}

/* The employee's part: open the link from the mail and press Confirm. */
static void
confirm_link (PageFixture *fixture,
              const char  *mail)
{
  g_autofree char *link = hrm_test_mail_extract_link (mail, "/connect/verify?token=");
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(HrmTestResponse) r = NULL;

  g_assert_nonnull (link);
  uri = g_uri_parse (link, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_assert_nonnull (uri);
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  g_assert_nonnull (g_hash_table_lookup (params, "token"));
  r = hrm_test_post_form (fixture->session, hrm_test_server_get_uri (fixture->server),
                          "/connect/verify", "token", g_hash_table_lookup (params, "token"), NULL);
  hrm_test_assert_status (r, 200);
}

static char *
send_verification (PageFixture *fixture,
                   const char  *address)
{
  char *mail;

  g_assert_true (button_usable (fixture->page->email_section->send_button));
  gtk_widget_activate (GTK_WIDGET (fixture->page->email_section->send_button));
  HRM_UI_WAIT_UNTIL (is_idle (fixture) && state (fixture) == HRM_CONNECTION_PENDING);
  mail = hrm_test_server_wait_for_mail (fixture->server, address, MAIL_TIMEOUT_MS);
  g_assert_nonnull (mail);
  return mail;
}

/* Send the verification email; the page says pending; the employee confirms;
 * the page turns linked by itself, and so does the list's object. */
static void
test_verify_and_link (PageFixture   *fixture,
                      gconstpointer  data)
{
  g_autofree char *mail = NULL;
  g_autofree char *address = NULL;
  g_autoptr(JsonObject) stored = NULL;
  const char *label;

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_ERIK);
  address = g_strdup (hrm_user_get_email (fixture->user));
  g_assert_cmpint (state (fixture), ==, HRM_CONNECTION_NOT_LINKED);
  g_assert_nonnull (strstr (connection_subtitle (fixture), "not linked to Visma Connect"));
  label = gtk_button_get_label (fixture->page->email_section->send_button);
  g_assert_cmpstr (label, ==, "Send _verification email");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->page->email_section->delete_connection_button)));

  mail = send_verification (fixture, address);
  HRM_UI_WAIT_UNTIL (page_fixture_has_toast (fixture, "Verification email sent to"));
  g_assert_nonnull (strstr (connection_subtitle (fixture), address));
  g_assert_cmpstr (gtk_button_get_label (fixture->page->email_section->send_button), ==,
                   "Resend _verification email");
  page_fixture_screenshot (fixture, "connection-pending");

  /* Someone types meanwhile: the poll must not clobber it. */
  page_fixture_type (fixture, FIELD_SIGNATURE, "TYPED");
  confirm_link (fixture, mail);
  HRM_UI_WAIT_UNTIL (state (fixture) == HRM_CONNECTION_LINKED);

  g_assert_cmpstr (connection_title (fixture), ==, address);
  g_assert_cmpstr (gtk_image_get_icon_name (fixture->page->email_section->connection_icon), ==, "emblem-ok-symbolic");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (fixture->page->email_section->connection_icon), "success"));
  g_assert_true (button_usable (fixture->page->email_section->reset_password_button));
  g_assert_true (button_usable (fixture->page->email_section->delete_connection_button));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->page->email_section->send_button)));
  /* The email is the identity provider's now. */
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (hrm_test_page_field (fixture->page, FIELD_EMAIL)->row)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->page->email_section->email_hint_row)));
  g_assert_cmpstr (page_fixture_text (fixture, FIELD_SIGNATURE), ==, "TYPED");
  g_assert_true (hrm_user_page_get_has_unsaved_changes (fixture->page));
  g_assert_cmpuint (fixture->user_changed, >=, 2);
  page_fixture_screenshot (fixture, "connection-linked");

  /* And the typed edit saves onto the linked user (the poll kept the ETag fresh). */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "user.save", NULL);
  HRM_UI_WAIT_UNTIL (!hrm_user_page_get_has_unsaved_changes (fixture->page) && is_idle (fixture));
  stored = page_fixture_get_user (fixture, DEMO_ERIK);
  g_assert_cmpstr (hrm_test_json_get_string (stored, "signature"), ==, "TYPED");
  g_assert_cmpstr (hrm_test_json_get_string (stored, "connection.state"), ==, "linked");
}

/* A changed email is saved first, then the mail goes to the new address;
 * without a matching confirmation the button stays off and says why. */
static void
test_send_to_new_email (PageFixture   *fixture,
                        gconstpointer  data)
{
  g_autofree char *mail = NULL;
  g_autoptr(JsonObject) stored = NULL;
  const char *address = "anna.new@example.org";

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_ANNA);
  g_assert_false (button_usable (fixture->page->email_section->send_button));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->page->email_section->send_hint_label)));
  page_fixture_screenshot (fixture, "connection-no-email");

  page_fixture_type (fixture, FIELD_EMAIL, address);
  g_assert_false (button_usable (fixture->page->email_section->send_button));
  g_assert_nonnull (page_fixture_error (fixture, FIELD_CONFIRM_EMAIL));
  page_fixture_type (fixture, FIELD_CONFIRM_EMAIL, "Anna.New@example.org");
  g_assert_null (page_fixture_error (fixture, FIELD_CONFIRM_EMAIL));

  mail = send_verification (fixture, address);
  stored = page_fixture_get_user (fixture, DEMO_ANNA);
  g_assert_cmpstr (hrm_test_json_get_string (stored, "email"), ==, address);
  g_assert_cmpstr (hrm_test_json_get_string (stored, "connection.pending_email"), ==, address);
  g_assert_false (hrm_user_page_get_has_unsaved_changes (fixture->page));

  /* Resending at once is refused; the page stays usable. */
  gtk_widget_activate (GTK_WIDGET (fixture->page->email_section->send_button));
  HRM_UI_WAIT_UNTIL (is_idle (fixture));
  g_assert_cmpint (state (fixture), ==, HRM_CONNECTION_PENDING);
  g_assert_true (button_usable (fixture->page->email_section->send_button));
  /* How long to wait, in seconds. */
  HRM_UI_WAIT_UNTIL (page_fixture_has_toast (fixture, "A verification email was sent a moment ago"));
  g_assert_true (page_fixture_has_toast (fixture, "second"));
}

/* Reset password on a linked user mails the linked address. */
static void
test_reset_password (PageFixture   *fixture,
                     gconstpointer  data)
{
  g_autofree char *mail = NULL;

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_KARIN);
  g_assert_cmpint (state (fixture), ==, HRM_CONNECTION_LINKED);
  gtk_widget_activate (GTK_WIDGET (fixture->page->email_section->reset_password_button));
  HRM_UI_WAIT_UNTIL (is_idle (fixture));
  mail = hrm_test_server_wait_for_mail (fixture->server,
                                        hrm_user_get_connection_email (fixture->user),
                                        MAIL_TIMEOUT_MS);
  HRM_UI_WAIT_UNTIL (page_fixture_has_toast (fixture, "Password reset email sent to"));
  g_assert_nonnull (mail);
  {
    g_autofree char *link = hrm_test_mail_extract_link (mail, "/connect/reset?token=");

    g_assert_nonnull (link);
  }
}

/* Delete the connection (confirmed in a dialog), hear about the banner in
 * the preparation phase, and link again with another address. */
static void
test_delete_and_relink (PageFixture   *fixture,
                        gconstpointer  data)
{
  g_autofree char *heading = NULL;
  g_autofree char *mail = NULL;
  g_autoptr(JsonObject) stored = NULL;
  const char *address = "karin.persson@example.net";

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_KARIN);
  g_assert_cmpint (hrm_organisation_get_provisioning_phase (fixture->organisation), ==,
                   HRM_PROVISIONING_PREPARATION);

  /* Cancel changes nothing. */
  gtk_widget_activate (GTK_WIDGET (fixture->page->email_section->delete_connection_button));
  heading = page_fixture_answer_dialog (fixture, "cancel");
  g_assert_cmpstr (heading, ==, "Delete the connection to Visma Connect?");
  g_assert_cmpint (state (fixture), ==, HRM_CONNECTION_LINKED);
  g_clear_pointer (&heading, g_free);

  g_assert_true (button_usable (fixture->page->email_section->delete_connection_button));
  gtk_widget_activate (GTK_WIDGET (fixture->page->email_section->delete_connection_button));
  HRM_UI_WAIT_UNTIL (page_fixture_find_dialog (fixture) != NULL);
  g_assert_cmpint (adw_message_dialog_get_response_appearance (page_fixture_find_dialog (fixture),
                                                                "delete"),
                   ==, ADW_RESPONSE_DESTRUCTIVE);
  g_free (page_fixture_answer_dialog (fixture, "delete"));
  HRM_UI_WAIT_UNTIL (is_idle (fixture) && state (fixture) == HRM_CONNECTION_NOT_LINKED);
  heading = page_fixture_answer_dialog (fixture, "close");
  g_assert_cmpstr (heading, ==, "Connection deleted");

  stored = page_fixture_get_user (fixture, DEMO_KARIN);
  g_assert_cmpstr (hrm_test_json_get_string (stored, "connection.state"), ==, "not_linked");
  g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (hrm_test_page_field (fixture->page, FIELD_EMAIL)->row)));

  page_fixture_type (fixture, FIELD_EMAIL, address);
  page_fixture_type (fixture, FIELD_CONFIRM_EMAIL, address);
  mail = send_verification (fixture, address);
  confirm_link (fixture, mail);
  HRM_UI_WAIT_UNTIL (state (fixture) == HRM_CONNECTION_LINKED);
  g_assert_cmpstr (connection_title (fixture), ==, address);
}

/* The keyboard focus of the page's window is somewhere: set, on screen and
 * inside the page. */
static gboolean
focus_in_page (PageFixture *fixture)
{
  GtkWidget *focus = gtk_window_get_focus (fixture->window);

  if (focus == NULL || !gtk_widget_get_mapped (focus)
      || !gtk_widget_is_ancestor (focus, GTK_WIDGET (fixture->page)))
    {
      g_test_message ("The focus is on %s%s", focus != NULL ? G_OBJECT_TYPE_NAME (focus) : "nothing",
                      focus != NULL && !gtk_widget_get_mapped (focus) ? ", which is not shown" : "");
      return FALSE;
    }
  return TRUE;
}

/* HRM_UI_WAIT_UNTIL, and the focus never lost on the way. */
#define WAIT_KEEPING_FOCUS(fixture, expr)                                         \
  G_STMT_START {                                                                  \
    gint64 end_ = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;                  \
    while (!(expr) && g_get_monotonic_time () < end_)                             \
      {                                                                           \
        hrm_ui_test_iterate ();                                                   \
        g_assert_true (focus_in_page (fixture));                                  \
      }                                                                           \
    g_assert_true (expr);                                                         \
  } G_STMT_END

/* Send, the user turns linked, Reset password, Delete connection: each hides
 * the focused button or makes it insensitive for a while, and the keyboard
 * user is never left with the focus nowhere: it goes to the next thing to
 * press about the link. */
static void
test_focus_kept (PageFixture   *fixture,
                 gconstpointer  data)
{
  g_autofree char *mail = NULL;
  g_autofree char *address = NULL;
  GtkWidget *send, *reset, *delete;

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_ERIK);
  send = GTK_WIDGET (fixture->page->email_section->send_button);
  reset = GTK_WIDGET (fixture->page->email_section->reset_password_button);
  delete = GTK_WIDGET (fixture->page->email_section->delete_connection_button);
  address = g_strdup (hrm_user_get_email (fixture->user));

  /* Send verification email, from the keyboard. */
  g_assert_true (gtk_widget_grab_focus (send));
  g_assert_true (gtk_widget_activate (send));
  WAIT_KEEPING_FOCUS (fixture, is_idle (fixture) && state (fixture) == HRM_CONNECTION_PENDING);
  g_assert_true (gtk_window_get_focus (fixture->window) == send);

  /* The employee confirms: Send hides, Reset password is the next action. */
  mail = hrm_test_server_wait_for_mail (fixture->server, address, MAIL_TIMEOUT_MS);
  g_assert_nonnull (mail);
  confirm_link (fixture, mail);
  WAIT_KEEPING_FOCUS (fixture, state (fixture) == HRM_CONNECTION_LINKED);
  g_assert_false (gtk_widget_get_visible (send));
  g_assert_true (gtk_window_get_focus (fixture->window) == reset);

  /* Reset password. */
  g_assert_true (gtk_widget_activate (reset));
  WAIT_KEEPING_FOCUS (fixture, page_fixture_has_toast (fixture, "Password reset email sent to"));
  WAIT_KEEPING_FOCUS (fixture, is_idle (fixture));
  g_assert_true (gtk_window_get_focus (fixture->window) == reset);

  /* Delete connection: Reset and Delete hide, Send is back. */
  g_assert_true (gtk_widget_grab_focus (delete));
  g_assert_true (gtk_widget_activate (delete));
  g_free (page_fixture_answer_dialog (fixture, "delete"));
  WAIT_KEEPING_FOCUS (fixture, is_idle (fixture) && state (fixture) == HRM_CONNECTION_NOT_LINKED);
  g_free (page_fixture_answer_dialog (fixture, "close"));
  hrm_ui_test_spin (50);
  g_assert_true (focus_in_page (fixture));
  g_assert_false (gtk_widget_get_visible (delete));
  g_assert_true (gtk_window_get_focus (fixture->window) == send);
}

/* An expired link says so, and offers to send a new one. */
static void
test_expired (PageFixture   *fixture,
              gconstpointer  data)
{
  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_LARS);
  g_assert_cmpint (state (fixture), ==, HRM_CONNECTION_PENDING);
  g_assert_cmpstr (connection_title (fixture), ==, "The verification link has expired");
  /* The subtitle adds what the title does not say: where and when it went, what to do. */
  g_assert_null (strstr (connection_subtitle (fixture), "expired"));
  g_assert_true (g_str_has_prefix (connection_subtitle (fixture), "Sent to "));
  g_assert_nonnull (strstr (connection_subtitle (fixture), hrm_user_get_pending_email (fixture->user)));
  g_assert_nonnull (strstr (connection_subtitle (fixture), "Send a new link"));
  g_assert_cmpstr (gtk_image_get_icon_name (fixture->page->email_section->connection_icon), ==,
                   "dialog-warning-symbolic");
  g_assert_cmpstr (gtk_button_get_label (fixture->page->email_section->send_button), ==,
                   "Resend _verification email");
  g_assert_true (button_usable (fixture->page->email_section->send_button));
  page_fixture_screenshot (fixture, "connection-expired");
}

/* Maria's verification mail bounced: the outbox row as hrm-server leaves it
 * after a 550 from the SMTP server (tests/server/test-smtp.c delivers a
 * real one). Written straight into the server's database. */
#define BOUNCE_MARIA \
  "INSERT INTO outbox (uid, kind, user_pk, recipient, name, language, subject, link," \
  " link_expires_at, created_at, state, attempts, next_attempt_at, last_error)" \
  " SELECT 'test-bounce', 'verify', id, pending_email, first_name, 'sv', 'Bekräfta', NULL," \
  " expires_at, sent_at, 'failed', 1, sent_at, '550 5.1.1 <maria@example.com>: mailbox unavailable'" \
  " FROM users WHERE id = 5"

static void
db_exec (PageFixture *fixture,
         const char  *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open_v2 (hrm_test_server_get_db_path (fixture->server), &db,
                                    SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_test_message ("SQL failed: %s", message);
  g_assert_null (message);
  sqlite3_close (db);
}

/* The administrator sees why Maria never got the link: the mail server's
 * answer, on her connection. */
static void
test_delivery_failed (PageFixture   *fixture,
                      gconstpointer  data)
{
  if (fixture->server == NULL)
    return;

  db_exec (fixture, BOUNCE_MARIA);
  page_fixture_show_user (fixture, DEMO_MARIA);
  g_assert_cmpint (state (fixture), ==, HRM_CONNECTION_PENDING);
  g_assert_cmpstr (hrm_user_get_delivery_state (fixture->user), ==, "failed");
  g_assert_cmpstr (connection_title (fixture), ==, "The verification email was not delivered");
  g_assert_cmpstr (connection_subtitle (fixture), ==,
                   "Verification email could not be delivered: "
                   "550 5.1.1 <maria@example.com>: mailbox unavailable");
  g_assert_cmpstr (gtk_image_get_icon_name (fixture->page->email_section->connection_icon), ==,
                   "dialog-warning-symbolic");
  g_assert_cmpstr (gtk_label_get_text (fixture->page->state_label), ==,
                   "Verification email not delivered");
  g_assert_true (button_usable (fixture->page->email_section->send_button));
  page_fixture_screenshot (fixture, "connection-delivery-failed");
}

/* The app says "sign in", as the sign-in page does, never "log in". */
static void
test_sign_in_wording (PageFixture   *fixture,
                      gconstpointer  data)
{
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_ERIK);
  g_assert_nonnull (strstr (connection_subtitle (fixture),
                            "to be able to sign in with Visma Connect"));
  g_assert_null (strstr (connection_subtitle (fixture), "log in"));

  page_fixture_show_user (fixture, DEMO_KARIN);
  gtk_widget_activate (GTK_WIDGET (fixture->page->email_section->delete_connection_button));
  HRM_UI_WAIT_UNTIL (page_fixture_find_dialog (fixture) != NULL);
  dialog = page_fixture_find_dialog (fixture);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "no longer be able to sign in"));
  heading = page_fixture_answer_dialog (fixture, "cancel");
  g_assert_cmpint (state (fixture), ==, HRM_CONNECTION_LINKED);
}

static const char *
icon_of (GtkImage *image)
{
  g_assert_cmpint (gtk_image_get_storage_type (image), ==, GTK_IMAGE_ICON_NAME);
  return gtk_image_get_icon_name (image);
}

/* The header under the name says how the user is linked, with the users
 * list's picture and colour, and "Disabled" for a disabled user: the admin
 * sees it without scrolling to the link group. */
static void
test_header_state (PageFixture   *fixture,
                   gconstpointer  data)
{
  const struct {
    gint64      id;
    const char *text;
    const char *icon;
    const char *style;
    gboolean    disabled;
  } cases[] = {
    { DEMO_ANNA, "Not linked", "network-offline-symbolic", "dim-label", FALSE },
    { DEMO_MARIA, "Verification pending", "mail-send-symbolic", "accent", FALSE },
    { DEMO_LARS, "Verification link expired", "dialog-warning-symbolic", "warning", FALSE },
    { DEMO_KARIN, "Linked to Visma Connect", "emblem-ok-symbolic", "success", FALSE },
    { DEMO_PER, "Linked to Visma Connect", "emblem-ok-symbolic", "success", TRUE },
  };
  HrmUserPage *page;

  if (fixture->server == NULL)
    return;

  page = fixture->page;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      page_fixture_show_user (fixture, cases[i].id);

      g_assert_cmpstr (gtk_label_get_text (page->state_label), ==, cases[i].text);
      g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (page->state_label)));
      /* When the pending link expires, beneath. */
      g_assert_cmpint (gtk_widget_is_drawable (GTK_WIDGET (page->state_detail_label)), ==,
                       cases[i].id == DEMO_MARIA);
      if (cases[i].id == DEMO_MARIA)
        g_assert_true (g_str_has_prefix (gtk_label_get_text (page->state_detail_label),
                                         "Expires "));
      g_assert_cmpstr (icon_of (page->state_image), ==, cases[i].icon);
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (page->state_image), cases[i].style));
      /* The link group further down shows the same picture. */
      g_assert_cmpstr (icon_of (page->email_section->connection_icon), ==, cases[i].icon);
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (page->email_section->connection_icon), cases[i].style));

      g_assert_cmpint (gtk_widget_is_drawable (GTK_WIDGET (page->disabled_tag)), ==,
                       cases[i].disabled);
    }

  /* Enabling the user and saving takes the tag away; the switch alone does not. */
  gtk_switch_set_active (page->account_section->enabled_switch, TRUE);
  hrm_ui_test_spin (50);
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (page->disabled_tag)));
  gtk_widget_activate_action (GTK_WIDGET (page), "user.save", NULL);
  HRM_UI_WAIT_UNTIL (is_idle (fixture) && !hrm_user_page_get_has_unsaved_changes (page));
  hrm_ui_test_spin (50);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (page->disabled_tag)));
}

/* A newer version of the user object, as a poll or the users list brings
 * it, shows at once in the header, the connection row and a list row of the
 * same user: they follow the object, nobody has to tell them (no reload, no
 * main-loop turn in between). Maria turns linked and changes her name. */
static void
test_follows_user (PageFixture   *fixture,
                   gconstpointer  data)
{
  g_autoptr(JsonObject) maria = NULL;
  g_autoptr(JsonObject) karin = NULL;
  g_autoptr(HrmUser) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  HrmEmailSection *section;
  GtkWidget *row;
  guint loads_before;

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_MARIA);
  section = fixture->page->email_section;
  row = g_object_ref_sink (hrm_user_row_new ());
  hrm_user_row_set_user (HRM_USER_ROW (row), fixture->user);
  g_assert_cmpstr (gtk_label_get_text (fixture->page->state_label), ==, "Verification pending");
  g_assert_cmpstr (connection_title (fixture), ==, "Waiting for the user to confirm");
  g_assert_cmpstr (hrm_user_row_get_state_text (HRM_USER_ROW (row)), ==,
                   "Pending: waiting for the user to confirm the email");

  /* Maria's record with Karin's (linked) connection and a new first name. */
  maria = page_fixture_get_user (fixture, DEMO_MARIA);
  karin = page_fixture_get_user (fixture, DEMO_KARIN);
  json_object_set_member (maria, "connection",
                          json_node_copy (json_object_get_member (karin, "connection")));
  json_object_set_string_member (maria, "first_name", "Mia");
  fresh = hrm_user_new_from_json (maria, &error);
  g_assert_no_error (error);
  loads_before = fixture->user_changed;

  hrm_user_update_from (fixture->user, fresh);
  name = hrm_user_dup_display_name (fresh);

  g_assert_cmpstr (gtk_label_get_text (fixture->page->name_label), ==, name);
  g_assert_true (g_str_has_prefix (name, "Mia "));
  g_assert_cmpstr (gtk_label_get_text (fixture->page->state_label), ==, "Linked to Visma Connect");
  g_assert_cmpstr (gtk_image_get_icon_name (fixture->page->state_image), ==, "emblem-ok-symbolic");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->page->state_detail_label)));
  g_assert_cmpstr (connection_title (fixture), ==, hrm_user_get_connection_email (fresh));
  g_assert_true (g_str_has_prefix (connection_subtitle (fixture), "Verified and linked to "));
  g_assert_cmpstr (gtk_image_get_icon_name (section->connection_icon), ==, "emblem-ok-symbolic");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (section->send_button)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (section->reset_password_button)));
  g_assert_cmpstr (hrm_ui_test_named_label (row, "name_label"), ==, name);
  g_assert_nonnull (strstr (hrm_user_row_get_state_text (HRM_USER_ROW (row)), "Linked"));
  /* No reload told them. */
  g_assert_cmpuint (fixture->user_changed, ==, loads_before);

  g_object_unref (row);
}

/* Closing the window while it shows a pending user, with the mouse over the
 * page: the window goes without a word from GTK, even when something still
 * holds it (an answer on its way) past GTK's tooltip delay. Hiding the page
 * stops the poll and draws nothing: when it redrew the header, the header's
 * tooltip asked GTK for the widget under the pointer while the window was
 * going, and GTK 4.8 looked for it, half a second later, in a window
 * without a surface (a critical, fatal in the tests). */
static void
test_close_over_pending (PageFixture   *fixture,
                         gconstpointer  data)
{
  GtkWindow *window;

  if (fixture->server == NULL)
    return;

  page_fixture_show_user (fixture, DEMO_MARIA);
  g_assert_true (fixture->page->email_section->poll_source != 0);
  hrm_ui_test_point_at (gtk_widget_get_parent (GTK_WIDGET (fixture->page->state_label)));

  window = g_steal_pointer (&fixture->window);
  g_object_ref (window);
  gtk_window_destroy (window);
  g_assert_true (fixture->page->email_section->poll_source == 0);
  /* GTK's hover delay is 500 ms. */
  hrm_ui_test_spin (800);
  g_object_unref (window);
}

int
main (int   argc,
      char *argv[])
{
  hrm_ui_test_init (&argc, &argv);

  TEST ("/ui/user-page/connection/header-state", test_header_state);
  TEST ("/ui/user-page/connection/follows-user", test_follows_user);
  TEST ("/ui/user-page/connection/verify-and-link", test_verify_and_link);
  TEST ("/ui/user-page/connection/send-to-new-email", test_send_to_new_email);
  TEST ("/ui/user-page/connection/expired", test_expired);
  TEST ("/ui/user-page/connection/delivery-failed", test_delivery_failed);
  TEST ("/ui/user-page/connection/sign-in-wording", test_sign_in_wording);
  TEST ("/ui/user-page/connection/reset-password", test_reset_password);
  TEST ("/ui/user-page/connection/delete-and-relink", test_delete_and_relink);
  TEST ("/ui/user-page/connection/focus-kept", test_focus_kept);
  TEST ("/ui/user-page/connection/close-over-pending", test_close_over_pending);

  return g_test_run ();
}
