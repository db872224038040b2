/* hrm-email-section-actions.c — what the Link group's buttons do, and the
 * poll of a pending user
 *
 * Sending (and resending) the verification email, after saving a changed
 * address and asking about a free-mail one; resetting the password;
 * deleting the connection; and, while a pending user is watched, fetching
 * the user every few seconds so that the section turns linked by itself
 * soon after the employee confirms. The section's fields, its state and
 * the connection row are in hrm-email-section.c.
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

#define POLL_INTERVAL_SECONDS 3

/* After a change of the link: fetch the user again (the change touched it). */

static void
on_refetched (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HrmUser) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmEmailSection) self = user_data;

  fresh = hrm_client_get_user_finish (HRM_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      _hrm_email_section_show_error (self, error);
    }
  else
    {
      hrm_user_update_from (self->user, fresh);
      _hrm_email_section_user_updated (self);
    }
  _hrm_email_section_set_busy (self, FALSE);
}

static void
refetch (HrmEmailSection *self)
{
  _hrm_email_section_set_busy (self, TRUE);
  hrm_client_get_user_async (self->client, hrm_user_get_id (self->user), self->cancellable,
                             on_refetched, g_object_ref (self));
}

/* Send verification email */

/* The server refused the address (422, fields.email: outside the allowed
 * domains) or another user is linked to it (409): say why beside the
 * field, where it can be corrected; the text typed stays. A warning, not a
 * field error: saving the address (or anything else) is still allowed. */
static void
show_refusal (HrmEmailSection *self,
              GHashTable      *field_errors,
              const GError    *error)
{
  const char *member = hrm_user_field_get_info (HRM_USER_FIELD_EMAIL)->json_name;
  const char *why = field_errors != NULL ? g_hash_table_lookup (field_errors, member) : NULL;

  if (why == NULL && g_error_matches (error, HRM_ERROR, HRM_ERROR_CONFLICT)
      && hrm_user_get_connection_state (self->user) != HRM_CONNECTION_LINKED)
    why = error->message;

  if (why == NULL)
    {
      _hrm_email_section_show_error (self, error);
      return;
    }

  g_free (self->send_refusal);
  self->send_refusal = g_strdup (why);
  _hrm_email_section_update_warnings (self);
  /* A toast too: the field may be scrolled out of sight. */
  hrm_show_toast (GTK_WIDGET (self), why);
}

static void
on_verification_sent (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) field_errors = NULL;
  g_autoptr(HrmUser) linked = NULL;
  g_autofree char *message = NULL;
  g_autoptr(HrmEmailSection) self = user_data;

  if (!hrm_client_send_verification_finish_full (HRM_CLIENT (source), result, NULL, NULL, &linked,
                                                 &field_errors, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (g_error_matches (error, HRM_ERROR, HRM_ERROR_RATE_LIMITED))
        {
          /* Translators: %s says how long to wait, e.g. "Too many attempts. Try again in 42 seconds." */
          message = g_strdup_printf (_("A verification email was sent a moment ago. %s"),
                                     error->message);
          hrm_show_toast (GTK_WIDGET (self), message);
        }
      else if (g_error_matches (error, HRM_ERROR, HRM_ERROR_INVALID)
               || g_error_matches (error, HRM_ERROR, HRM_ERROR_CONFLICT))
        {
          show_refusal (self, field_errors, error);
        }
      else
        {
          _hrm_email_section_show_error (self, error);
        }
      _hrm_email_section_set_busy (self, FALSE);
      return;
    }

  if (linked != NULL)
    {
      /* A verified domain: no mail, the user is linked now (the answer is
       * the user, so nothing to fetch). */
      /* Translators: %s is an email address */
      message = g_strdup_printf (_("Linked at once: %s is in a verified domain"),
                                 hrm_user_get_connection_email (linked)
                                 ? hrm_user_get_connection_email (linked)
                                 : hrm_user_get_email (self->user));
      hrm_user_update_from (self->user, linked);
      _hrm_email_section_user_updated (self);
      hrm_show_toast (GTK_WIDGET (self), message);
      _hrm_email_section_set_busy (self, FALSE);
      return;
    }

  message = g_strdup_printf (_("Verification email sent to %s"), hrm_user_get_email (self->user));
  hrm_show_toast (GTK_WIDGET (self), message);
  refetch (self);
}

static void
send_verification (HrmEmailSection *self)
{
  hrm_client_send_verification_async (self->client, hrm_user_get_id (self->user), self->cancellable,
                                      on_verification_sent, g_object_ref (self));
}

/* The page saved what was unsaved, the changed email with it (and showed
 * why when it could not): now the address the user has is the one to mail. */
static void
on_saved_before_sending (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmEmailSection) self = user_data;

  if (!self->save_finish (self->save_owner, result, &error))
    {
      _hrm_email_section_set_busy (self, FALSE);
      return;
    }

  send_verification (self);
}

/* Saves a changed address first, then sends. */
static void
start_sending (HrmEmailSection *self)
{
  g_autofree char *email = _hrm_email_section_email_as_stored (self);

  if (self->user == NULL || self->client == NULL || self->busy)
    return;

  _hrm_email_section_set_busy (self, TRUE);
  if (g_strcmp0 (email, hrm_user_get_email (self->user)) != 0 && self->save_async != NULL)
    self->save_async (self->save_owner, self->cancellable, on_saved_before_sending,
                      g_object_ref (self));
  else
    send_verification (self);
}

static void
on_private_response (GtkWidget  *dialog,
                     const char *response,
                     gpointer    user_data)
{
  HrmEmailSection *self = HRM_EMAIL_SECTION (user_data);

  if (g_str_equal (response, "send"))
    start_sending (self);
}

void
_hrm_email_section_send_verification_action (GtkWidget  *widget,
                                             const char *action_name,
                                             GVariant   *parameter)
{
  HrmEmailSection *self = HRM_EMAIL_SECTION (widget);
  g_autofree char *email = _hrm_email_section_email_as_stored (self);
  const HrmDialogResponse responses[] = {
    { "cancel", _("_Cancel"), ADW_RESPONSE_DEFAULT },
    { "send", _("_Send"), ADW_RESPONSE_SUGGESTED },
    { NULL }
  };
  g_autofree char *body = NULL;

  if (self->user == NULL || self->client == NULL || self->busy)
    return;

  /* The seed's mistake: a private address linked instead of the work one.
   * The server allows it; the administrator decides, knowing. */
  if (!hrm_email_domain_is_private (hrm_email_domain (email)))
    {
      start_sending (self);
      return;
    }

  /* Translators: %s is an email address such as anna@gmail.com */
  body = g_strdup_printf (_("%s is a private address of a free email provider, not a work "
                            "address. The user will be linked to it and keep it when they "
                            "leave. Send the verification email anyway?"),
                          email);
  hrm_dialog_ask (widget, _("Send to a private address?"), body, responses, "cancel", "cancel",
                  on_private_response, self);
}

/* Reset password */

static void
on_password_reset (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autoptr(HrmEmailSection) self = user_data;

  if (!hrm_client_reset_password_finish (HRM_CLIENT (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      _hrm_email_section_show_error (self, error);
      _hrm_email_section_set_busy (self, FALSE);
      return;
    }

  message = g_strdup_printf (_("Password reset email sent to %s"),
                             hrm_user_get_connection_email (self->user));
  hrm_show_toast (GTK_WIDGET (self), message);
  _hrm_email_section_set_busy (self, FALSE);
  _hrm_email_section_user_updated (self);
}

void
_hrm_email_section_reset_password_action (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *parameter)
{
  HrmEmailSection *self = HRM_EMAIL_SECTION (widget);

  if (self->user == NULL || self->client == NULL || self->busy)
    return;

  _hrm_email_section_set_busy (self, TRUE);
  hrm_client_reset_password_async (self->client, hrm_user_get_id (self->user), self->cancellable,
                                   on_password_reset, g_object_ref (self));
}

/* Delete connection */

static void
on_connection_deleted (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autoptr(HrmEmailSection) self = user_data;

  if (!hrm_client_delete_connection_finish (HRM_CLIENT (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      _hrm_email_section_show_error (self, error);
      refetch (self);
      return;
    }

  name = hrm_user_dup_display_name (self->user);
  if (self->organisation != NULL
      && hrm_organisation_get_provisioning_phase (self->organisation) == HRM_PROVISIONING_PREPARATION)
    {
      const HrmDialogResponse responses[] = {
        { "close", _("_OK"), ADW_RESPONSE_DEFAULT },
        { NULL }
      };
      g_autofree char *body = NULL;

      body = g_strdup_printf (_("%s will see a banner asking them to link their account, "
                                "and can link it again under My Profile > Security and Login."),
                              name);
      hrm_dialog_ask (GTK_WIDGET (self), _("Connection deleted"), body, responses,
                      NULL, NULL, NULL, NULL);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("Connection to %s deleted"),
                                                  hrm_email_section_get_provider_name (self));
      hrm_show_toast (GTK_WIDGET (self), message);
    }

  refetch (self);
}

static void
on_delete_response (GtkWidget  *dialog,
                    const char *response,
                    gpointer    user_data)
{
  HrmEmailSection *self = HRM_EMAIL_SECTION (user_data);

  if (!g_str_equal (response, "delete") || self->user == NULL || self->client == NULL)
    return;

  _hrm_email_section_set_busy (self, TRUE);
  hrm_client_delete_connection_async (self->client, hrm_user_get_id (self->user), self->cancellable,
                                      on_connection_deleted, g_object_ref (self));
}

void
_hrm_email_section_delete_connection_action (GtkWidget  *widget,
                                             const char *action_name,
                                             GVariant   *parameter)
{
  HrmEmailSection *self = HRM_EMAIL_SECTION (widget);
  const char *provider = hrm_email_section_get_provider_name (self);
  const HrmDialogResponse responses[] = {
    { "cancel", _("_Cancel"), ADW_RESPONSE_DEFAULT },
    { "delete", _("_Delete connection"), ADW_RESPONSE_DESTRUCTIVE },
    { NULL }
  };
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  if (self->user == NULL || self->busy)
    return;

  name = hrm_user_dup_display_name (self->user);
  heading = g_strdup_printf (_("Delete the connection to %s?"), provider);
  body = g_strdup_printf (_("%s will no longer be able to sign in with %s until the email "
                            "address is verified again."),
                          name, provider);
  hrm_dialog_ask (widget, heading, body, responses, "cancel", "cancel",
                  on_delete_response, self);
}

/* Polling a pending user */

static void
on_polled (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HrmUser) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmEmailSection) self = user_data;
  GDateTime *mine, *theirs;

  fresh = hrm_client_get_user_finish (HRM_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->poll_cancellable);

  if (error != NULL)
    {
      /* The next tick tries again; a poll never shouts. */
      g_debug ("Polling the user failed: %s", error->message);
      return;
    }

  /* Something of ours is in flight: its answer is newer than this one. */
  if (!self->ready || self->busy || self->user == NULL)
    return;

  mine = hrm_user_get_updated_at (self->user);
  theirs = hrm_user_get_updated_at (fresh);
  if (g_strcmp0 (hrm_user_get_etag (self->user), hrm_user_get_etag (fresh)) == 0
      && hrm_user_get_connection_state (self->user) == hrm_user_get_connection_state (fresh))
    return;
  if (mine != NULL && theirs != NULL && g_date_time_compare (theirs, mine) < 0)
    return;

  g_debug ("The user changed on the server; showing the new version");
  hrm_user_update_from (self->user, fresh);
  _hrm_email_section_user_updated (self);
}

static gboolean
poll_tick (gpointer user_data)
{
  HrmEmailSection *self = HRM_EMAIL_SECTION (user_data);

  if (self->user == NULL || self->client == NULL
      || hrm_user_get_connection_state (self->user) != HRM_CONNECTION_PENDING
      || !self->watching)
    {
      self->poll_source = 0;
      /* A poll still in flight must not call back into a user no longer shown. */
      if (self->poll_cancellable != NULL)
        g_cancellable_cancel (self->poll_cancellable);
      g_clear_object (&self->poll_cancellable);
      return G_SOURCE_REMOVE;
    }

  if (self->poll_cancellable == NULL && self->ready && !self->busy)
    {
      self->poll_cancellable = g_cancellable_new ();
      hrm_client_get_user_async (self->client, hrm_user_get_id (self->user),
                                 self->poll_cancellable, on_polled, g_object_ref (self));
    }

  return G_SOURCE_CONTINUE;
}

void
_hrm_email_section_start_polling (HrmEmailSection *self)
{
  if (self->poll_source != 0 || self->user == NULL || !self->watching
      || hrm_user_get_connection_state (self->user) != HRM_CONNECTION_PENDING)
    return;

  g_debug ("Polling the pending user every %d s", POLL_INTERVAL_SECONDS);
  self->poll_source = g_timeout_add_seconds (POLL_INTERVAL_SECONDS, poll_tick, self);
  g_source_set_name_by_id (self->poll_source, "[hrm] poll pending user");
}

/* Polls a pending user while the page is watched. An expired link cannot be
 * confirmed any more: nothing to wait for. */
void
_hrm_email_section_follow_pending (HrmEmailSection *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (self->watching && self->user != NULL
      && hrm_user_get_connection_state (self->user) == HRM_CONNECTION_PENDING
      && !hrm_user_is_pending_expired (self->user, now))
    _hrm_email_section_start_polling (self);
  else
    _hrm_email_section_stop_polling (self);
}

void
_hrm_email_section_stop_polling (HrmEmailSection *self)
{
  g_clear_handle_id (&self->poll_source, g_source_remove);
  if (self->poll_cancellable != NULL)
    {
      g_cancellable_cancel (self->poll_cancellable);
      g_clear_object (&self->poll_cancellable);
    }
}

/* HrmUserSection */
