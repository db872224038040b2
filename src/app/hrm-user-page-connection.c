/* hrm-user-page-connection.c — the user's link to the identity provider
 *
 * The "Link to Visma Connect" group of the General tab: what state the link
 * is in, sending (and resending) the verification email, resetting the
 * password and deleting the connection. While a pending user is shown the
 * page polls the user, so it turns linked by itself soon after the employee
 * confirms.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-user-page"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-page-util.h"
#include "hrm-user-page-private.h"

#define POLL_INTERVAL_SECONDS 3

/* Why "Send verification email" cannot be used now, or NULL. */
static char *
send_blocked_reason (HrmUserPage *self)
{
  const char *email = gtk_editable_get_text (GTK_EDITABLE (self->fields[FIELD_EMAIL].row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->fields[FIELD_CONFIRM_EMAIL].row));

  if (*email == '\0')
    return g_strdup (_("Enter the user’s email address and confirm it to send a verification email."));
  if (!hrm_validate_email (email, NULL))
    return g_strdup (_("Correct the email address to send a verification email."));
  if (!hrm_validate_email_confirmation (email, confirm, NULL))
    return g_strdup (_("Confirm the email address to send a verification email."));
  return NULL;
}

/* The header's lines under the name: the state in a few words (and when a
 * pending link expires), with the same picture as the users list. */
static void
update_header_state (HrmUserPage *self,
                     GDateTime   *now,
                     const char  *icon_name,
                     const char  *style_class)
{
  g_autofree char *text = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *tooltip = NULL;

  switch (hrm_user_get_connection_state (self->user))
    {
    case HRM_CONNECTION_LINKED:
      text = g_strdup_printf (_("Linked to %s"), _hrm_user_page_provider_name (self));
      break;

    case HRM_CONNECTION_PENDING:
      if (g_strcmp0 (hrm_user_get_delivery_state (self->user), "failed") == 0)
        {
          text = g_strdup (_("Verification email not delivered"));
        }
      else if (hrm_user_is_pending_expired (self->user, now))
        {
          text = g_strdup (_("Verification link expired"));
        }
      else
        {
          g_autofree char *expires = hrm_format_date_time (hrm_user_get_expires_at (self->user));

          text = g_strdup (_("Verification pending"));
          /* Translators: %s is a date and time, e.g. "25 November 2026, 09:12" */
          detail = g_strdup_printf (_("Expires %s"), expires);
        }
      break;

    case HRM_CONNECTION_NOT_LINKED:
    default:
      text = g_strdup (_("Not linked"));
      break;
    }

  hrm_set_state_image (self->state_image, icon_name, style_class);
  gtk_label_set_text (self->state_label, text);
  gtk_label_set_text (self->state_detail_label, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->state_detail_label), detail != NULL);
  /* Whole, for when a narrow window cuts them short. */
  tooltip = detail != NULL ? g_strdup_printf ("%s — %s", text, detail) : g_strdup (text);
  gtk_widget_set_tooltip_text (gtk_widget_get_parent (GTK_WIDGET (self->state_label)), tooltip);
}

void
_hrm_user_page_update_connection (HrmUserPage *self)
{
  const char *provider = _hrm_user_page_provider_name (self);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(GDateTime) now = NULL;
  const char *icon_name, *style_class;
  HrmConnectionState state;
  gboolean ready, linked, expired = FALSE;

  title = g_strdup_printf (_("Link to %s"), provider);
  adw_preferences_group_set_title (self->connection_group, title);
  g_clear_pointer (&title, g_free);

  if (self->user == NULL)
    {
      _hrm_user_page_stop_polling (self);
      return;
    }

  now = g_date_time_new_now_utc ();
  state = hrm_user_get_connection_state (self->user);
  ready = self->loaded && !self->connection_busy && !self->saving;
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
  update_header_state (self, now, icon_name, style_class);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->connection_row), title);
  adw_action_row_set_subtitle (self->connection_row, subtitle);

  gtk_button_set_label (self->send_button, state == HRM_CONNECTION_PENDING
                                           ? _("Resend _verification email")
                                           : _("Send _verification email"));
  gtk_widget_set_visible (GTK_WIDGET (self->send_button), !linked);
  gtk_widget_set_visible (GTK_WIDGET (self->reset_password_button), linked);
  gtk_widget_set_visible (GTK_WIDGET (self->delete_connection_button), linked);
  gtk_spinner_set_spinning (self->connection_spinner, self->connection_busy);
  gtk_widget_set_visible (GTK_WIDGET (self->connection_spinner), self->connection_busy);

  /* A linked user's email belongs to the identity provider now. */
  gtk_editable_set_editable (GTK_EDITABLE (self->fields[FIELD_EMAIL].row), !linked);
  gtk_editable_set_editable (GTK_EDITABLE (self->fields[FIELD_CONFIRM_EMAIL].row), !linked);
  gtk_widget_set_visible (GTK_WIDGET (self->email_hint_row), linked);

  reason = linked ? NULL : send_blocked_reason (self);
  gtk_label_set_text (self->send_hint_label, reason != NULL ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->send_hint_label), reason != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->send_button), reason);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "user.send-verification",
                                 ready && !linked && reason == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "user.reset-password", ready && linked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "user.delete-connection", ready && linked);

  /* An expired link cannot be confirmed any more: nothing to wait for. */
  if (state == HRM_CONNECTION_PENDING && !expired && self->loaded
      && gtk_widget_get_mapped (GTK_WIDGET (self)))
    _hrm_user_page_start_polling (self);
  else
    _hrm_user_page_stop_polling (self);
}

static void
set_busy (HrmUserPage *self,
          gboolean     busy)
{
  self->connection_busy = busy;
  _hrm_user_page_update_state (self);
}

/* After a change of the link: fetch the user again (the change touched it). */

static void
on_refetched (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HrmUser) fresh = NULL;
  g_autoptr(GError) error = NULL;
  HrmUserPage *self;

  fresh = hrm_client_get_user_finish (HRM_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = HRM_USER_PAGE (user_data);
  self->connection_busy = FALSE;
  if (error != NULL)
    _hrm_user_page_show_error (self, error);
  else
    _hrm_user_page_apply_user (self, fresh, _hrm_user_page_dirty_mask (self));
  _hrm_user_page_changed (self);
}

static void
refetch (HrmUserPage *self)
{
  self->connection_busy = TRUE;
  hrm_client_get_user_async (self->client, hrm_user_get_id (self->user), self->cancellable,
                             on_refetched, self);
  _hrm_user_page_update_state (self);
}

/* Send verification email */

static void
on_verification_sent (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  HrmUserPage *self;

  if (!hrm_client_send_verification_finish (HRM_CLIENT (source), result, NULL, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self = HRM_USER_PAGE (user_data);
      if (g_error_matches (error, HRM_ERROR, HRM_ERROR_RATE_LIMITED))
        {
          /* Translators: %s says how long to wait, e.g. "Too many attempts. Try again in 42 seconds." */
          message = g_strdup_printf (_("A verification email was sent a moment ago. %s"),
                                     error->message);
          _hrm_user_page_toast (self, message);
        }
      else
        {
          _hrm_user_page_show_error (self, error);
        }
      set_busy (self, FALSE);
      return;
    }

  self = HRM_USER_PAGE (user_data);
  message = g_strdup_printf (_("Verification email sent to %s"), hrm_user_get_email (self->user));
  _hrm_user_page_toast (self, message);
  refetch (self);
}

static void
send_verification (HrmUserPage *self)
{
  hrm_client_send_verification_async (self->client, hrm_user_get_id (self->user), self->cancellable,
                                      on_verification_sent, self);
}

static void
on_email_saved (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HrmUser) updated = NULL;
  g_autoptr(GHashTable) field_errors = NULL;
  g_autoptr(GError) error = NULL;
  HrmUserPage *self;

  updated = hrm_client_update_user_finish (HRM_CLIENT (source), result, &field_errors, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = HRM_USER_PAGE (user_data);
  if (!_hrm_user_page_email_saved (self, updated, field_errors, error))
    {
      set_busy (self, FALSE);
      return;
    }

  _hrm_user_page_changed (self);
  send_verification (self);
}

static void
send_verification_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  HrmUserPage *self = HRM_USER_PAGE (widget);
  const char *email = gtk_editable_get_text (GTK_EDITABLE (self->fields[FIELD_EMAIL].row));
  g_autofree char *stripped = g_strstrip (g_strdup (email));

  if (self->user == NULL || self->client == NULL || self->connection_busy)
    return;

  set_busy (self, TRUE);
  if (g_strcmp0 (stripped, _hrm_user_page_field_value (self, FIELD_EMAIL)) != 0)
    _hrm_user_page_save_email_then (self, on_email_saved);
  else
    send_verification (self);
}

/* Reset password */

static void
on_password_reset (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  HrmUserPage *self;

  if (!hrm_client_reset_password_finish (HRM_CLIENT (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = HRM_USER_PAGE (user_data);
  if (error != NULL)
    {
      _hrm_user_page_show_error (self, error);
      set_busy (self, FALSE);
      return;
    }

  message = g_strdup_printf (_("Password reset email sent to %s"),
                             hrm_user_get_connection_email (self->user));
  _hrm_user_page_toast (self, message);
  set_busy (self, FALSE);
  _hrm_user_page_changed (self);
}

static void
reset_password_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  HrmUserPage *self = HRM_USER_PAGE (widget);

  if (self->user == NULL || self->client == NULL || self->connection_busy)
    return;

  set_busy (self, TRUE);
  hrm_client_reset_password_async (self->client, hrm_user_get_id (self->user), self->cancellable,
                                   on_password_reset, self);
}

/* Delete connection */

static void
on_connection_deleted (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  HrmUserPage *self;

  if (!hrm_client_delete_connection_finish (HRM_CLIENT (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = HRM_USER_PAGE (user_data);
  if (error != NULL)
    {
      _hrm_user_page_show_error (self, error);
      refetch (self);
      return;
    }

  name = hrm_user_dup_display_name (self->user);
  if (self->organisation != NULL
      && hrm_organisation_get_provisioning_phase (self->organisation) == HRM_PROVISIONING_PREPARATION)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *dialog;

      dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       _("Connection deleted"), NULL);
      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      _("%s will see a banner asking them to link their account, "
                                        "and can link it again under My Profile > Security and Login."),
                                      name);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_OK"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("Connection to %s deleted"),
                                                  _hrm_user_page_provider_name (self));
      _hrm_user_page_toast (self, message);
    }

  refetch (self);
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    HrmUserPage      *self)
{
  if (!g_str_equal (response, "delete") || self->user == NULL || self->client == NULL)
    return;

  set_busy (self, TRUE);
  hrm_client_delete_connection_async (self->client, hrm_user_get_id (self->user), self->cancellable,
                                      on_connection_deleted, self);
}

static void
delete_connection_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  HrmUserPage *self = HRM_USER_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  const char *provider = _hrm_user_page_provider_name (self);
  g_autofree char *name = NULL;
  GtkWidget *dialog;

  if (self->user == NULL || self->connection_busy)
    return;

  name = hrm_user_dup_display_name (self->user);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog),
                                     _("Delete the connection to %s?"), provider);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s will no longer be able to sign in with %s until the email "
                                    "address is verified again."),
                                  name, provider);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete connection"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Polling a pending user */

static void
on_polled (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HrmUser) fresh = NULL;
  g_autoptr(GError) error = NULL;
  HrmUserPage *self;
  GDateTime *mine, *theirs;

  fresh = hrm_client_get_user_finish (HRM_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = HRM_USER_PAGE (user_data);
  g_clear_object (&self->poll_cancellable);

  if (error != NULL)
    {
      /* The next tick tries again; a poll never shouts. */
      g_debug ("Polling the user failed: %s", error->message);
      return;
    }

  /* Something of ours is in flight: its answer is newer than this one. */
  if (self->saving || self->connection_busy || self->user == NULL)
    return;

  mine = hrm_user_get_updated_at (self->user);
  theirs = hrm_user_get_updated_at (fresh);
  if (g_strcmp0 (hrm_user_get_etag (self->user), hrm_user_get_etag (fresh)) == 0
      && hrm_user_get_connection_state (self->user) == hrm_user_get_connection_state (fresh))
    return;
  if (mine != NULL && theirs != NULL && g_date_time_compare (theirs, mine) < 0)
    return;

  g_debug ("The user changed on the server; showing the new version");
  _hrm_user_page_apply_user (self, fresh, _hrm_user_page_dirty_mask (self));
  _hrm_user_page_changed (self);
}

static gboolean
poll_tick (gpointer user_data)
{
  HrmUserPage *self = HRM_USER_PAGE (user_data);

  if (self->user == NULL || self->client == NULL
      || hrm_user_get_connection_state (self->user) != HRM_CONNECTION_PENDING
      || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->poll_source = 0;
      /* A poll still in flight must not call back into a page that may be gone by then. */
      if (self->poll_cancellable != NULL)
        g_cancellable_cancel (self->poll_cancellable);
      g_clear_object (&self->poll_cancellable);
      return G_SOURCE_REMOVE;
    }

  if (self->poll_cancellable == NULL && !self->saving && !self->connection_busy)
    {
      self->poll_cancellable = g_cancellable_new ();
      hrm_client_get_user_async (self->client, hrm_user_get_id (self->user),
                                 self->poll_cancellable, on_polled, self);
    }

  return G_SOURCE_CONTINUE;
}

void
_hrm_user_page_start_polling (HrmUserPage *self)
{
  if (self->poll_source != 0 || self->user == NULL || !self->loaded
      || hrm_user_get_connection_state (self->user) != HRM_CONNECTION_PENDING
      || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  g_debug ("Polling the pending user every %d s", POLL_INTERVAL_SECONDS);
  self->poll_source = g_timeout_add_seconds (POLL_INTERVAL_SECONDS, poll_tick, self);
  g_source_set_name_by_id (self->poll_source, "[hrm] poll pending user");
}

void
_hrm_user_page_stop_polling (HrmUserPage *self)
{
  g_clear_handle_id (&self->poll_source, g_source_remove);
  if (self->poll_cancellable != NULL)
    {
      g_cancellable_cancel (self->poll_cancellable);
      g_clear_object (&self->poll_cancellable);
    }
}

void
_hrm_user_page_connection_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "user.send-verification", NULL,
                                   send_verification_action);
  gtk_widget_class_install_action (widget_class, "user.reset-password", NULL,
                                   reset_password_action);
  gtk_widget_class_install_action (widget_class, "user.delete-connection", NULL,
                                   delete_connection_action);
}
