/* hrm-email-section.c — the user's email and link to the identity provider
 *
 * The Email group and the "Link to Visma Connect" group of the General tab:
 * the email and its confirmation, what state the link is in, sending (and
 * resending) the verification email, resetting the password and deleting
 * the connection. While a pending user is watched the section polls the
 * user, so it turns linked by itself soon after the employee confirms.
 * The actions and the poll are in hrm-email-section-actions.c.
 *
 * Every request holds a reference to the section and is cancelled in
 * dispose (HACKING.md, "Async lifetimes").
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-user-page"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-dialogs.h"
#include "hrm-email-domains.h"
#include "hrm-page-util.h"
#include "hrm-email-section-private.h"


enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS,
  PROP_HAS_UNSAVED_CHANGES = N_PROPS,
};

enum {
  ACTIVATE,
  USER_UPDATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void hrm_email_section_iface_init (HrmUserSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HrmEmailSection, hrm_email_section, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (HRM_TYPE_USER_SECTION,
                                                      hrm_email_section_iface_init))

static const char *field_names[N_EMAIL_FIELDS] = {
  [EMAIL_FIELD_EMAIL] = "email",
  [EMAIL_FIELD_CONFIRM_EMAIL] = "confirm_email",
};

/* Fields */

static const char *
email_text (HrmEmailSection *self)
{
  return hrm_field_row_get_text (&self->fields[EMAIL_FIELD_EMAIL]);
}

/* The email as the server will store it, normalised by the rule its PATCH
 * handler applies (hrm_user_field_check()); NULL for none. Only to compare
 * and check: what is sent is the text as typed, which the server normalises. */
char *
_hrm_email_section_email_as_stored (HrmEmailSection *self)
{
  char *email = g_strdup (email_text (self));

  hrm_user_field_check (HRM_USER_FIELD_EMAIL, &email, NULL);
  return email;
}

/* The rules for one field, on its current text; NULL when fine. The email
 * follows the server's rule for the member (hrm_user_field_check()). */
static char *
validate_field (HrmEmailSection *self,
                HrmEmailField    field)
{
  g_autoptr(GError) error = NULL;
  const char *text = hrm_field_row_get_text (&self->fields[field]);

  switch (field)
    {
    case EMAIL_FIELD_EMAIL:
      {
        g_autofree char *email = g_strdup (text);

        hrm_user_field_check (HRM_USER_FIELD_EMAIL, &email, &error);
      }
      break;
    case EMAIL_FIELD_CONFIRM_EMAIL:
      if (hrm_field_row_is_dirty (&self->fields[EMAIL_FIELD_EMAIL])
          || hrm_field_row_is_dirty (&self->fields[EMAIL_FIELD_CONFIRM_EMAIL]))
        {
          if (*email_text (self) != '\0' || *text != '\0')
            hrm_validate_email_confirmation (email_text (self), text, &error);
        }
      break;
    case N_EMAIL_FIELDS:
    default:
      g_assert_not_reached ();
    }

  return error != NULL ? g_strdup (error->message) : NULL;
}

/* Shows the errors of the fields (the confirmation is always checked);
 * returns the first invalid field or N_EMAIL_FIELDS. */
static HrmEmailField
refresh_validation (HrmEmailSection *self)
{
  HrmEmailField first = N_EMAIL_FIELDS;

  for (guint i = 0; i < N_EMAIL_FIELDS; i++)
    {
      g_autofree char *message = NULL;

      if (hrm_field_row_is_dirty (&self->fields[i]) || i == EMAIL_FIELD_CONFIRM_EMAIL)
        message = validate_field (self, i);
      if (message == NULL && self->fields[i].server_error != NULL)
        message = g_strdup (self->fields[i].server_error);

      hrm_field_row_set_error (&self->fields[i], message);
      if (message != NULL && first == N_EMAIL_FIELDS)
        first = i;
    }

  _hrm_email_section_update_warnings (self);
  return first;
}

/* Warnings */

/* What to warn about the address: while it is being changed, what the
 * server would say about the typed text (the domain rules of
 * hrm-email-domains.c with the organisation's lists, once the address is
 * valid; a duplicate needs the other users, so it waits for the save);
 * otherwise what the server said about the saved one (email_warnings). */
static guint
current_warnings (HrmEmailSection *self)
{
  g_autofree char *email = NULL;
  guint server;

  if (self->user == NULL)
    return 0;

  server = hrm_user_get_email_warnings (self->user);
  if (!hrm_field_row_is_dirty (&self->fields[EMAIL_FIELD_EMAIL]))
    return server;

  email = g_strdup (email_text (self));
  if (!hrm_user_field_check (HRM_USER_FIELD_EMAIL, &email, NULL) || email == NULL)
    return server & HRM_EMAIL_WARNING_LINKED_PRIVATE;
  /* The link is not the typed address's: it stays whatever is typed. */
  return hrm_organisation_check_email (self->organisation, email)
         | (server & HRM_EMAIL_WARNING_LINKED_PRIVATE);
}

/* Shows the warnings under the Email field, one a line (first why the
 * server refused to send, if it did), and gives them to a screen reader as
 * the field's description unless it has an error. */
void
_hrm_email_section_update_warnings (HrmEmailSection *self)
{
  g_autoptr(GString) text = g_string_new (self->send_refusal);
  guint warnings = current_warnings (self);
  HrmFieldRow *field = &self->fields[EMAIL_FIELD_EMAIL];

  for (guint i = 0; i < HRM_N_EMAIL_WARNINGS; i++)
    if (warnings & (1u << i))
      {
        if (text->len > 0)
          g_string_append_c (text, '\n');
        g_string_append (text, hrm_email_warning_message (i));
      }

  gtk_label_set_text (self->email_warning_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->email_warning_row), text->len > 0);
  if (!gtk_widget_get_visible (GTK_WIDGET (field->error_row)))
    gtk_accessible_update_property (GTK_ACCESSIBLE (field->row),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str,
                                    -1);
}

/* Only the email counts: its confirmation is no change of its own. */
static void
update_dirty (HrmEmailSection *self)
{
  gboolean dirty = self->user != NULL && hrm_field_row_is_dirty (&self->fields[EMAIL_FIELD_EMAIL]);

  if (dirty != self->has_unsaved_changes)
    {
      self->has_unsaved_changes = dirty;
      g_object_notify (G_OBJECT (self), "has-unsaved-changes");
    }
}

/* Shows the user's email in both fields unless @keep_email, when what was
 * typed stays (and its confirmation with it). */
static void
show_values (HrmEmailSection *self,
             gboolean         keep_email)
{
  const char *email = self->user != NULL ? hrm_user_get_email (self->user) : NULL;
  gboolean keep = keep_email && hrm_field_row_is_dirty (&self->fields[EMAIL_FIELD_EMAIL]);

  self->updating = TRUE;
  for (guint i = 0; i < N_EMAIL_FIELDS; i++)
    {
      if (keep && hrm_field_row_is_dirty (&self->fields[i]))
        {
          g_free (self->fields[i].shown);
          self->fields[i].shown = g_strdup (email != NULL ? email : "");
        }
      else
        {
          hrm_field_row_show (&self->fields[i], email);
        }
    }
  self->updating = FALSE;

  refresh_validation (self);
  update_dirty (self);
  _hrm_email_section_update_connection_keeping_focus (self);
}

void
_hrm_email_section_show_error (HrmEmailSection *self,
                               const GError    *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    hrm_show_toast (GTK_WIDGET (self), error->message);
}

/* The page shows the refreshed user everywhere (this section too). */
void
_hrm_email_section_user_updated (HrmEmailSection *self)
{
  g_signal_emit (self, signals[USER_UPDATED], 0);
}

/* Why "Send verification email" cannot be used now, or NULL. */
static char *
send_blocked_reason (HrmEmailSection *self)
{
  const char *email = gtk_editable_get_text (GTK_EDITABLE (self->fields[EMAIL_FIELD_EMAIL].row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->fields[EMAIL_FIELD_CONFIRM_EMAIL].row));
  g_autofree char *stored = g_strdup (email);

  if (!hrm_user_field_check (HRM_USER_FIELD_EMAIL, &stored, NULL))
    return g_strdup (_("Correct the email address to send a verification email."));
  if (stored == NULL)
    return g_strdup (_("Enter the user’s email address and confirm it to send a verification email."));
  if (!hrm_validate_email_confirmation (email, confirm, NULL))
    return g_strdup (_("Confirm the email address to send a verification email."));
  return NULL;
}

/* A leaver's link is deleted by the server on its day (removal_scheduled_on):
 * the administrator sees when, beside the link itself. */
static void
update_removal (HrmEmailSection *self)
{
  const char *removal = self->user != NULL ? hrm_user_get_removal_scheduled_on (self->user) : NULL;
  const char *end = self->user != NULL ? hrm_user_get_employment_end_date (self->user) : NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->removal_row), removal != NULL);
  if (removal == NULL)
    return;

  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
    g_autofree char *day = hrm_format_date (removal);

    /* The server's housekeeping runs hourly and counts UTC days: a day that
     * has come means the next run. YYYY-MM-DD compares as text. */
    if (g_strcmp0 (removal, today) <= 0)
      title = g_strdup (_("The link will be removed within the hour"));
    else
      /* Translators: %s is a date, e.g. "5 July 2026" */
      title = g_strdup_printf (_("The link will be removed on %s"), day);
  }
  if (end != NULL)
    {
      g_autofree char *day = hrm_format_date (end);

      /* Translators: %s is a date, e.g. "30 June 2026" */
      subtitle = g_strdup_printf (_("The employment ends on %s. Clear the end date to keep the "
                                    "link."), day);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->removal_row), title);
  adw_action_row_set_subtitle (self->removal_row, subtitle ? subtitle : "");
}

/* Whether sending links the address at once (a verified domain), as the
 * server decides for the address the user will have. */
static gboolean
sends_no_mail (HrmEmailSection *self)
{
  g_autofree char *email = _hrm_email_section_email_as_stored (self);

  return hrm_organisation_is_verified_email (self->organisation, email);
}

static void
update_connection (HrmEmailSection *self)
{
  const char *provider = hrm_email_section_get_provider_name (self);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *reason = NULL;
  const char *hint;
  g_autoptr(GDateTime) now = NULL;
  const char *icon_name, *style_class;
  HrmConnectionState state;
  gboolean ready, linked, expired = FALSE;

  title = g_strdup_printf (_("Link to %s"), provider);
  adw_preferences_group_set_title (self->connection_group, title);
  g_clear_pointer (&title, g_free);
  update_removal (self);

  if (self->user == NULL)
    {
      _hrm_email_section_stop_polling (self);
      return;
    }

  now = g_date_time_new_now_utc ();
  state = hrm_user_get_connection_state (self->user);
  ready = self->ready && !self->busy;
  linked = state == HRM_CONNECTION_LINKED;

  switch (state)
    {
    case HRM_CONNECTION_LINKED:
      {
        g_autofree char *verified = hrm_format_date_time (hrm_user_get_verified_at (self->user));
        const char *email = hrm_user_get_connection_email (self->user);

        title = g_strdup (email != NULL ? email : "");
        subtitle = g_strdup_printf (_("Verified and linked to %s on %s"), provider, verified);
      }
      break;

    case HRM_CONNECTION_PENDING:
      {
        g_autofree char *sent = hrm_format_date_time (hrm_user_get_sent_at (self->user));
        g_autofree char *expires = hrm_format_date_time (hrm_user_get_expires_at (self->user));
        const char *address = hrm_user_get_pending_email (self->user);

        if (address == NULL)
          address = "";
        expired = hrm_user_is_pending_expired (self->user, now);
        if (g_strcmp0 (hrm_user_get_delivery_state (self->user), "failed") == 0)
          {
            /* The administrator learns why the user never got the link. */
            title = g_strdup (_("The verification email was not delivered"));
            /* Translators: %s is the mail server's answer, such as
             * "550 5.1.1 <anna@example.com>: mailbox unavailable" */
            subtitle = g_strdup_printf (_("Verification email could not be delivered: %s"),
                                        hrm_user_get_delivery_error (self->user)
                                        ? hrm_user_get_delivery_error (self->user) : "");
          }
        else if (expired)
          {
            title = g_strdup (_("The verification link has expired"));
            /* Translators: the title above says the link expired; %s are an
             * email address and a date and time */
            subtitle = g_strdup_printf (_("Sent to %s on %s. Send a new link so the user "
                                          "can confirm the address."),
                                        address, sent);
          }
        else
          {
            title = g_strdup (_("Waiting for the user to confirm"));
            subtitle = g_strdup_printf (_("Verification email sent to %s on %s; the link expires %s"),
                                        address, sent, expires);
          }
      }
      break;

    case HRM_CONNECTION_NOT_LINKED:
    default:
      title = g_strdup (_("Not linked"));
      subtitle = g_strdup_printf (_("The user is not linked to %s — a valid email address must be "
                                    "provided and verified for the user to be able to sign in "
                                    "with %s."),
                                  provider, provider);
      break;
    }

  /* The same picture as the header and the users list. */
  hrm_connection_look (self->user, now, &icon_name, &style_class);
  hrm_set_state_image (self->connection_icon, icon_name, style_class);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->connection_row), title);
  adw_action_row_set_subtitle (self->connection_row, subtitle);

  gtk_button_set_label (self->send_button, state == HRM_CONNECTION_PENDING
                                           ? _("Resend _verification email")
                                           : _("Send _verification email"));
  gtk_widget_set_visible (GTK_WIDGET (self->send_button), !linked);
  gtk_widget_set_visible (GTK_WIDGET (self->reset_password_button), linked);
  gtk_widget_set_visible (GTK_WIDGET (self->delete_connection_button), linked);
  gtk_spinner_set_spinning (self->connection_spinner, self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->connection_spinner), self->busy);

  /* A linked user's email belongs to the identity provider now. */
  gtk_editable_set_editable (GTK_EDITABLE (self->fields[EMAIL_FIELD_EMAIL].row), !linked);
  gtk_editable_set_editable (GTK_EDITABLE (self->fields[EMAIL_FIELD_CONFIRM_EMAIL].row), !linked);
  /* GTK 4.8 does not tell a screen reader that a read-only entry row is read-only. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->fields[EMAIL_FIELD_EMAIL].row),
                                  GTK_ACCESSIBLE_PROPERTY_READ_ONLY, linked,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->fields[EMAIL_FIELD_CONFIRM_EMAIL].row),
                                  GTK_ACCESSIBLE_PROPERTY_READ_ONLY, linked,
                                  -1);
  gtk_widget_set_visible (GTK_WIDGET (self->email_hint_row), linked);

  reason = linked ? NULL : send_blocked_reason (self);
  hrm_widget_set_tooltip_text (GTK_WIDGET (self->send_button), reason);
  /* Sending links an address in a verified domain at once: say so before. */
  if (reason == NULL && !linked && sends_no_mail (self))
    hint = _("The address is in a verified domain: the user is linked at once, without a "
             "verification email.");
  else
    hint = reason;
  gtk_label_set_text (self->send_hint_label, hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->send_hint_label), hint != NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "user.send-verification",
                                 ready && !linked && reason == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "user.reset-password", ready && linked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "user.delete-connection", ready && linked);

  _hrm_email_section_follow_pending (self);
}

/* Focus */

static gboolean
is_connection_button (HrmEmailSection *self,
                      GtkWidget   *widget)
{
  return widget == GTK_WIDGET (self->send_button)
         || widget == GTK_WIDGET (self->reset_password_button)
         || widget == GTK_WIDGET (self->delete_connection_button);
}

/* Whether @widget is where the focus waits (the row or its text inside). */
static gboolean
is_parked (HrmEmailSection *self,
           GtkWidget   *widget)
{
  return widget != NULL && self->focus_parked != NULL
         && (widget == self->focus_parked || gtk_widget_is_ancestor (widget, self->focus_parked));
}

static gboolean
can_have_focus (GtkWidget *widget)
{
  return widget != NULL && gtk_widget_get_mapped (widget) && gtk_widget_is_sensitive (widget);
}

/* The next thing to press about the link: the first of its buttons that
 * can be pressed, or while none can (the link is busy), its email. */
static GtkWidget *
connection_focus_target (HrmEmailSection *self)
{
  GtkWidget *buttons[] = {
    GTK_WIDGET (self->send_button),
    GTK_WIDGET (self->reset_password_button),
    GTK_WIDGET (self->delete_connection_button),
  };

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    if (can_have_focus (buttons[i]))
      return buttons[i];
  return GTK_WIDGET (self->fields[EMAIL_FIELD_EMAIL].row);
}

/* A connection button that hides or goes insensitive while it has the focus
 * (Send verification, Reset password and Delete connection while they run,
 * Send when a pending user turns linked) leaves the keyboard nowhere: GTK
 * sets the window's focus to NULL. Give it to the next thing to press; when
 * it had to wait on the email row, give it back to a button once one can be
 * pressed again, unless the user has moved on. */
static void
keep_focus (HrmEmailSection *self,
            GtkWidget   *focus_before)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus, *target;

  if (root == NULL || focus_before == NULL)
    return;
  if (!is_connection_button (self, focus_before) && !is_parked (self, focus_before))
    return;

  focus = gtk_root_get_focus (root);
  if (focus != focus_before)
    {
      /* Moved by the user, or dropped by GTK. */
      if (focus != NULL)
        return;
    }
  else if (can_have_focus (focus) && !is_parked (self, focus))
    return;

  target = connection_focus_target (self);
  if (is_connection_button (self, target))
    {
      self->focus_parked = NULL;
      gtk_widget_grab_focus (target);
    }
  else if (!is_parked (self, focus))
    {
      self->focus_parked = target;
      gtk_widget_grab_focus (target);
    }
}

void
_hrm_email_section_update_connection_keeping_focus (HrmEmailSection *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  update_connection (self);
  keep_focus (self, focus);
}

void
_hrm_email_section_set_busy (HrmEmailSection *self,
                             gboolean         busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  _hrm_email_section_update_connection_keeping_focus (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
reset_cancellable (HrmEmailSection *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

static void
hrm_email_section_set_user (HrmUserSection *section,
                            HrmClient      *client,
                            HrmUser        *user)
{
  HrmEmailSection *self = HRM_EMAIL_SECTION (section);

  _hrm_email_section_stop_polling (self);
  reset_cancellable (self);
  g_set_object (&self->client, client);
  g_set_object (&self->user, user);
  g_clear_pointer (&self->send_refusal, g_free);
  self->busy = FALSE;
  self->focus_parked = NULL;
  g_signal_group_set_target (self->user_signals, user);
  show_values (self, FALSE);
}

static void
hrm_email_section_update (HrmUserSection *section,
                          gboolean        keep_edits)
{
  show_values (HRM_EMAIL_SECTION (section), keep_edits);
}

static gboolean
hrm_email_section_get_has_unsaved_changes (HrmUserSection *section)
{
  return HRM_EMAIL_SECTION (section)->has_unsaved_changes;
}

static GtkWidget *
hrm_email_section_validate (HrmUserSection  *section,
                            GError         **error)
{
  HrmEmailSection *self = HRM_EMAIL_SECTION (section);
  HrmEmailField first = refresh_validation (self);

  if (first == N_EMAIL_FIELDS)
    return NULL;
  g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INVALID,
                       gtk_label_get_text (self->fields[first].error_label));
  return GTK_WIDGET (self->fields[first].row);
}

static void
hrm_email_section_add_to_patch (HrmUserSection *section,
                                JsonObject     *patch)
{
  HrmEmailSection *self = HRM_EMAIL_SECTION (section);
  const char *member = hrm_user_field_get_info (HRM_USER_FIELD_EMAIL)->json_name;

  /* As typed: the server trims it and stores none for "" (HACKING.md,
   * "The user's fields"). */
  if (hrm_field_row_is_dirty (&self->fields[EMAIL_FIELD_EMAIL]))
    json_object_set_string_member (patch, member, email_text (self));
}

static void
hrm_email_section_saved (HrmUserSection *section,
                         JsonObject     *sent)
{
  HrmEmailSection *self = HRM_EMAIL_SECTION (section);
  gboolean keep = TRUE;

  const char *member = hrm_user_field_get_info (HRM_USER_FIELD_EMAIL)->json_name;

  /* Still an edit only when it was typed after the save was sent. */
  if (json_object_has_member (sent, member))
    keep = g_strcmp0 (json_object_get_string_member (sent, member), email_text (self)) != 0;

  show_values (self, keep);
}

static GtkWidget *
hrm_email_section_show_field_errors (HrmUserSection *section,
                                     GHashTable     *field_errors)
{
  HrmEmailSection *self = HRM_EMAIL_SECTION (section);
  const char *why = g_hash_table_lookup (field_errors,
                                         hrm_user_field_get_info (HRM_USER_FIELD_EMAIL)->json_name);
  HrmEmailField first;

  if (why == NULL)
    return NULL;

  g_free (self->fields[EMAIL_FIELD_EMAIL].server_error);
  self->fields[EMAIL_FIELD_EMAIL].server_error = g_strdup (why);
  first = refresh_validation (self);
  return first != N_EMAIL_FIELDS ? GTK_WIDGET (self->fields[first].row) : NULL;
}

static void
hrm_email_section_revert (HrmUserSection *section)
{
  show_values (HRM_EMAIL_SECTION (section), FALSE);
}

static void
hrm_email_section_iface_init (HrmUserSectionInterface *iface)
{
  iface->set_user = hrm_email_section_set_user;
  iface->update = hrm_email_section_update;
  iface->get_has_unsaved_changes = hrm_email_section_get_has_unsaved_changes;
  iface->validate = hrm_email_section_validate;
  iface->add_to_patch = hrm_email_section_add_to_patch;
  iface->saved = hrm_email_section_saved;
  iface->show_field_errors = hrm_email_section_show_field_errors;
  iface->revert = hrm_email_section_revert;
}

/* Edits */

static void
on_field_changed (HrmEmailSection *self,
                  GtkEditable     *editable)
{
  if (self->updating || self->user == NULL)
    return;

  for (guint i = 0; i < N_EMAIL_FIELDS; i++)
    if (GTK_EDITABLE (self->fields[i].row) == editable)
      g_clear_pointer (&self->fields[i].server_error, g_free);
  /* About the address that was there. */
  if (GTK_EDITABLE (self->fields[EMAIL_FIELD_EMAIL].row) == editable)
    g_clear_pointer (&self->send_refusal, g_free);

  refresh_validation (self);
  update_dirty (self);
  _hrm_email_section_update_connection_keeping_focus (self);
}

/* Enter in a field saves, as it does in a form: the page decides. */
static void
on_entry_activated (HrmEmailSection *self)
{
  g_signal_emit (self, signals[ACTIVATE], 0);
}

/* GObject */

static void
hrm_email_section_dispose (GObject *object)
{
  HrmEmailSection *self = (HrmEmailSection *)object;

  _hrm_email_section_stop_polling (self);
  g_cancellable_cancel (self->cancellable);
  /* The user outlives the section (it is the list's): stop following it. */
  if (self->user_signals != NULL)
    g_signal_group_set_target (self->user_signals, NULL);
  g_clear_object (&self->user_signals);

  gtk_widget_dispose_template (GTK_WIDGET (self), HRM_TYPE_EMAIL_SECTION);

  g_clear_object (&self->client);
  g_clear_object (&self->organisation);
  g_clear_object (&self->user);

  G_OBJECT_CLASS (hrm_email_section_parent_class)->dispose (object);
}

static void
hrm_email_section_finalize (GObject *object)
{
  HrmEmailSection *self = (HrmEmailSection *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->send_refusal, g_free);
  for (guint i = 0; i < N_EMAIL_FIELDS; i++)
    hrm_field_row_clear (&self->fields[i]);

  G_OBJECT_CLASS (hrm_email_section_parent_class)->finalize (object);
}

static void
hrm_email_section_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HrmEmailSection *self = HRM_EMAIL_SECTION (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_HAS_UNSAVED_CHANGES:
      g_value_set_boolean (value, self->has_unsaved_changes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hrm_email_section_class_init (HrmEmailSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hrm_email_section_dispose;
  object_class->finalize = hrm_email_section_finalize;
  object_class->get_property = hrm_email_section_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_HAS_UNSAVED_CHANGES, "has-unsaved-changes");

  signals[ACTIVATE] =
    g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[USER_UPDATED] =
    g_signal_new ("user-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hrmusers/HrmUsers/hrm-email-section.ui");
  gtk_widget_class_bind_template_child (widget_class, HrmEmailSection, email_hint_row);
  gtk_widget_class_bind_template_child (widget_class, HrmEmailSection, email_warning_row);
  gtk_widget_class_bind_template_child (widget_class, HrmEmailSection, email_warning_label);
  gtk_widget_class_bind_template_child (widget_class, HrmEmailSection, connection_group);
  gtk_widget_class_bind_template_child (widget_class, HrmEmailSection, connection_row);
  gtk_widget_class_bind_template_child (widget_class, HrmEmailSection, removal_row);
  gtk_widget_class_bind_template_child (widget_class, HrmEmailSection, connection_icon);
  gtk_widget_class_bind_template_child (widget_class, HrmEmailSection, connection_spinner);
  gtk_widget_class_bind_template_child (widget_class, HrmEmailSection, send_button);
  gtk_widget_class_bind_template_child (widget_class, HrmEmailSection, send_hint_label);
  gtk_widget_class_bind_template_child (widget_class, HrmEmailSection, reset_password_button);
  gtk_widget_class_bind_template_child (widget_class, HrmEmailSection, delete_connection_button);

  for (guint i = 0; i < N_EMAIL_FIELDS; i++)
    {
      gsize base = G_STRUCT_OFFSET (HrmEmailSection, fields) + i * sizeof (HrmFieldRow);
      g_autofree char *row = g_strdup_printf ("%s_row", field_names[i]);
      g_autofree char *error_row = g_strdup_printf ("%s_error_row", field_names[i]);
      g_autofree char *error_label = g_strdup_printf ("%s_error", field_names[i]);

      /* GtkBuilder keeps the names for the class's lifetime. */
      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (row), FALSE,
                                                 base + G_STRUCT_OFFSET (HrmFieldRow, row));
      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (error_row), FALSE,
                                                 base + G_STRUCT_OFFSET (HrmFieldRow, error_row));
      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (error_label), FALSE,
                                                 base + G_STRUCT_OFFSET (HrmFieldRow, error_label));
    }

  gtk_widget_class_install_action (widget_class, "user.send-verification", NULL,
                                   _hrm_email_section_send_verification_action);
  gtk_widget_class_install_action (widget_class, "user.reset-password", NULL,
                                   _hrm_email_section_reset_password_action);
  gtk_widget_class_install_action (widget_class, "user.delete-connection", NULL,
                                   _hrm_email_section_delete_connection_action);
}

static void
hrm_email_section_init (HrmEmailSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  /* Whoever updates the user object (this section's poll and actions, the
   * page's load and save) updates the connection row with it. */
  self->user_signals = g_signal_group_new (HRM_TYPE_USER);
  hrm_signal_group_connect_link_changes (self->user_signals,
                                         G_CALLBACK (_hrm_email_section_update_connection_keeping_focus),
                                         self);
  /* And the warnings with what the server says about the saved address. */
  g_signal_group_connect_swapped (self->user_signals, "notify::email-warnings",
                                  G_CALLBACK (_hrm_email_section_update_warnings), self);

  for (guint i = 0; i < N_EMAIL_FIELDS; i++)
    {
      g_signal_connect_object (self->fields[i].row, "changed", G_CALLBACK (on_field_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->fields[i].row, "entry-activated",
                               G_CALLBACK (on_entry_activated), self, G_CONNECT_SWAPPED);
    }

  update_connection (self);
}

void
hrm_email_section_set_organisation (HrmEmailSection *self,
                                    HrmOrganisation *organisation)
{
  g_return_if_fail (HRM_IS_EMAIL_SECTION (self));
  g_return_if_fail (organisation == NULL || HRM_IS_ORGANISATION (organisation));

  if (g_set_object (&self->organisation, organisation))
    {
      _hrm_email_section_update_connection_keeping_focus (self);
      _hrm_email_section_update_warnings (self);
    }
}

void
hrm_email_section_set_save_func (HrmEmailSection           *self,
                                 HrmEmailSectionSaveAsync   save_async,
                                 HrmEmailSectionSaveFinish  save_finish,
                                 gpointer                   owner)
{
  g_return_if_fail (HRM_IS_EMAIL_SECTION (self));

  self->save_async = save_async;
  self->save_finish = save_finish;
  self->save_owner = owner;
}

void
hrm_email_section_set_ready (HrmEmailSection *self,
                             gboolean         ready)
{
  g_return_if_fail (HRM_IS_EMAIL_SECTION (self));

  self->ready = !!ready;
  _hrm_email_section_update_connection_keeping_focus (self);
}

void
hrm_email_section_set_watching (HrmEmailSection *self,
                                gboolean         watching)
{
  g_return_if_fail (HRM_IS_EMAIL_SECTION (self));

  /* Only the poll: the page calls this as it hides (its window may be
   * closing), when nothing on it should change. */
  self->watching = !!watching;
  _hrm_email_section_follow_pending (self);
}

gboolean
hrm_email_section_get_busy (HrmEmailSection *self)
{
  g_return_val_if_fail (HRM_IS_EMAIL_SECTION (self), FALSE);
  return self->busy;
}

const char *
hrm_email_section_get_provider_name (HrmEmailSection *self)
{
  const char *name = NULL;

  g_return_val_if_fail (HRM_IS_EMAIL_SECTION (self), NULL);

  if (self->organisation != NULL)
    name = hrm_organisation_get_identity_provider_name (self->organisation);
  return name != NULL && *name != '\0' ? name : "Visma Connect";
}

/**
 * hrm_email_section_send_verification_to:
 * Sends a verification email to @address the way the section's own button
 * does: the address goes into the email fields as if typed, so the page
 * saves it first when it is not the saved one, and then it is sent (the
 * rehire offer of the user page uses it).
 */
void
hrm_email_section_send_verification_to (HrmEmailSection *self,
                                        const char      *address)
{
  g_return_if_fail (HRM_IS_EMAIL_SECTION (self));
  g_return_if_fail (address != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->fields[EMAIL_FIELD_EMAIL].row), address);
  gtk_editable_set_text (GTK_EDITABLE (self->fields[EMAIL_FIELD_CONFIRM_EMAIL].row), address);
  gtk_widget_activate_action (GTK_WIDGET (self), "user.send-verification", NULL);
}
