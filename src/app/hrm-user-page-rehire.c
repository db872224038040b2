/* hrm-user-page-rehire.c — the user page's offer to relink a rehired leaver
 *
 * The server's housekeeping deletes a leaver's link on its day
 * (hrm-server-leavers.c) and writes connection_deleted by "system" with the
 * address it was. When the administrator then clears that user's end of
 * employment (a rehire), the page offers, in a toast, to send a
 * verification to that previous address; the email section sends it as
 * its own button does (saving the address first when another one is
 * saved). The page calls in here after a save; nothing here calls back.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-user-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hrm-page-util.h"
#include "hrm-user-page-private.h"

/* The actor of the housekeeping's events (hrm-server-leavers.c). */
#define HOUSEKEEPING_ACTOR "system"

/* Whether @event changed the user's link: the latest of these tells how the
 * link came to be what it is. */
static gboolean
is_connection_event (HrmEvent *event)
{
  const char *action = hrm_event_get_action (event);

  return g_str_equal (action, "connection_deleted")
         || g_str_equal (action, "verification_sent")
         || g_str_equal (action, "connection_confirmed")
         || g_str_equal (action, "linked_verified_domain");
}

/* The address in the details of a connection_deleted event ("… (it was
 * anna@example.com)"): the word that is an email address, in whatever
 * language the server wrote the sentence. */
static char *
address_in (const char *details)
{
  g_auto(GStrv) words = g_strsplit_set (details, " \t\n()“”\"'", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *word = g_strdup (words[i]);
      gsize length;

      /* A full stop or comma after the address belongs to the sentence. */
      length = strlen (g_strstrip (word));
      while (length > 0 && strchr (".,;:", word[length - 1]) != NULL)
        word[--length] = '\0';
      if (strchr (word, '@') != NULL && hrm_validate_email (word, NULL))
        return g_steal_pointer (&word);
    }
  return NULL;
}

/* The address the housekeeping removed, when the user's link was last
 * changed by it; NULL otherwise (events newest first). */
static char *
address_removed_by_housekeeping (GPtrArray *events)
{
  for (guint i = 0; i < events->len; i++)
    {
      HrmEvent *event = g_ptr_array_index (events, i);

      if (!is_connection_event (event))
        continue;
      if (g_str_equal (hrm_event_get_action (event), "connection_deleted")
          && g_str_equal (hrm_event_get_actor (event), HOUSEKEEPING_ACTOR))
        return address_in (hrm_event_get_details (event));
      return NULL;
    }
  return NULL;
}

/* The save's own toast, when there is no offer to make in its place. */
static void
say_saved (HrmUserPage *self,
           gboolean     quietly)
{
  if (!quietly)
    hrm_show_toast (GTK_WIDGET (self), _("Changes saved"));
}

static void
on_events_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(HrmUserPage) self = user_data;
  gboolean quietly = self->rehire_quietly;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  g_autofree char *title = NULL;

  events = hrm_client_list_events_finish (HRM_CLIENT (source), result, &error);
  if (events == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* No offer is no loss: the administrator can still send from the page. */
      g_debug ("No rehire offer: %s", error->message);
      say_saved (self, quietly);
      return;
    }

  address = address_removed_by_housekeeping (events);
  if (address == NULL || self->user == NULL
      || hrm_user_get_connection_state (self->user) != HRM_CONNECTION_NOT_LINKED)
    {
      say_saved (self, quietly);
      return;
    }

  g_free (self->rehire_email);
  self->rehire_email = g_strdup (address);
  self->rehire_user_id = hrm_user_get_id (self->user);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "user.rehire-send", TRUE);

  /* Translators: %s is the email address the user's link had before the
   * housekeeping removed it; kept short: a toast is one line */
  title = g_strdup_printf (_("Send a verification to %s again?"), address);
  g_set_weak_pointer (&self->rehire_toast,
                      hrm_show_action_toast (GTK_WIDGET (self), title, _("_Send"),
                                             "user.rehire-send"));
}

/* libadwaita 1.2 frees a toast's state when its hide animation ends even if
 * its show animation (half a second when it replaced another toast) still
 * runs, and that animation's end then touches freed memory: a toast
 * dismissed just after it appeared crashes the window later. So the offer's
 * toast is dismissed once it has surely finished coming in. */
#define TOAST_SHOWN_MS 600

static gboolean
dismiss_toast (gpointer data)
{
  g_autoptr(AdwToast) toast = g_weak_ref_get (data);

  if (toast != NULL)
    adw_toast_dismiss (toast);
  return G_SOURCE_REMOVE;
}

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/**
 * _hrm_user_page_forget_rehire:
 * Takes the offer back (another user is shown): its toast goes too.
 */
void
_hrm_user_page_forget_rehire (HrmUserPage *self)
{
  g_assert (HRM_IS_USER_PAGE (self));

  g_clear_pointer (&self->rehire_email, g_free);
  if (self->rehire_toast != NULL)
    {
      GWeakRef *ref = g_new0 (GWeakRef, 1);

      g_weak_ref_init (ref, self->rehire_toast);
      g_timeout_add_full (G_PRIORITY_DEFAULT, TOAST_SHOWN_MS, dismiss_toast, ref, free_weak_ref);
    }
  g_clear_weak_pointer (&self->rehire_toast);
}

/**
 * _hrm_user_page_offer_rehire:
 * @old_end_date: (nullable): the user's end of employment before the save
 * @quietly: the save says nothing ("Changes saved") on its own
 *
 * After a save: when it cleared the end date of a user that is not linked,
 * looks in the user's history for a link the housekeeping removed, and
 * offers to send a verification to that address. The offer's toast stands
 * in for "Changes saved": a second toast right after the first would hide
 * it (and libadwaita 1.2 does not always survive a toast replaced while it
 * comes in).
 * Returns: whether it looks, and so says what the save did itself.
 */
gboolean
_hrm_user_page_offer_rehire (HrmUserPage *self,
                             const char  *old_end_date,
                             gboolean     quietly)
{
  g_assert (HRM_IS_USER_PAGE (self));

  if (old_end_date == NULL || self->user == NULL || self->client == NULL
      || hrm_user_get_employment_end_date (self->user) != NULL
      || hrm_user_get_connection_state (self->user) != HRM_CONNECTION_NOT_LINKED)
    return FALSE;

  self->rehire_quietly = quietly;
  hrm_client_list_events_async (self->client, hrm_user_get_id (self->user), self->cancellable,
                                on_events_loaded, g_object_ref (self));
  return TRUE;
}

static void
rehire_send_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  HrmUserPage *self = HRM_USER_PAGE (widget);
  g_autofree char *address = g_steal_pointer (&self->rehire_email);

  gtk_widget_action_set_enabled (widget, "user.rehire-send", FALSE);
  g_clear_weak_pointer (&self->rehire_toast);
  /* The offer was for the user shown then, while it was not linked. */
  if (address == NULL || self->user == NULL || hrm_user_get_id (self->user) != self->rehire_user_id
      || hrm_user_get_connection_state (self->user) != HRM_CONNECTION_NOT_LINKED)
    return;

  adw_view_stack_set_visible_child_name (self->view_stack, "general");
  hrm_email_section_send_verification_to (self->email_section, address);
}

void
_hrm_user_page_rehire_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "user.rehire-send", NULL, rehire_send_action);
}
