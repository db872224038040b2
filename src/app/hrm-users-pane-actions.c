/* hrm-users-pane-actions.c — the users pane's bulk jobs, export and import
 *
 * Send to all not linked, Resend expired and Send to the users listed open
 * a bulk job's preview (HrmBulkLauncher opens and follows their dialogs);
 * Export… and Import… are HrmUsersTransfer's, with the export's progress
 * and Cancel shown in the pane.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-users-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-users-pane-private.h"

/* Bulk jobs (HrmBulkLauncher opens and follows their dialogs) */

static void
show_job_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  hrm_bulk_launcher_show_job (HRM_USERS_PANE (widget)->launcher);
}

/* "Send to all not linked with email" / "Resend expired": a bulk job over
 * the enabled users in that state, previewed first. */
static void
send_verification_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  HrmUsersPane *self = HRM_USERS_PANE (widget);
  const char *nick = g_variant_get_string (parameter, NULL);
  HrmConnectionFilter connection;

  if (self->list == NULL)
    return;

  if (g_str_equal (nick, "expired"))
    connection = HRM_CONNECTION_FILTER_EXPIRED;
  else if (g_str_equal (nick, "not-linked-with-email"))
    /* Exactly the overview's number: users without an email are not even previewed. */
    connection = HRM_CONNECTION_FILTER_NOT_LINKED_WITH_EMAIL;
  else
    g_return_if_reached ();

  hrm_bulk_launcher_send_verification (self->launcher, connection);
}

static void
send_to_listed_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  hrm_bulk_launcher_send_to_listed (HRM_USERS_PANE (widget)->launcher);
}

/* Export and import (HrmUsersTransfer); the pane shows the export's
 * progress bar and Cancel while "exporting". */

void
_hrm_users_pane_on_exporting_changed (HrmUsersPane *self)
{
  gboolean exporting = hrm_users_transfer_get_exporting (self->transfer);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.cancel-export", exporting);
  gtk_revealer_set_reveal_child (self->export_revealer, exporting);
}

/**
 * hrm_users_pane_export_to:
 * Writes every user the search and filters list to @file as CSV (what
 * Export… does after the file chooser), showing how far it got, with Cancel.
 */
void
hrm_users_pane_export_to (HrmUsersPane *self,
                          GFile        *file)
{
  g_return_if_fail (HRM_IS_USERS_PANE (self));
  g_return_if_fail (G_IS_FILE (file));

  hrm_users_transfer_export_to (self->transfer, file);
}

gboolean
hrm_users_pane_get_exporting (HrmUsersPane *self)
{
  g_return_val_if_fail (HRM_IS_USERS_PANE (self), FALSE);
  return hrm_users_transfer_get_exporting (self->transfer);
}

static void
cancel_export_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HrmUsersPane *self = HRM_USERS_PANE (widget);

  hrm_users_transfer_cancel_export (self->transfer);
  gtk_widget_activate_action (widget, "win.show-toast", "s", _("Export cancelled"));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  hrm_users_transfer_choose_export (HRM_USERS_PANE (widget)->transfer);
}

/**
 * hrm_users_pane_import_from:
 * Reads @file as a CSV of User-IDs and addresses (what Import… does after
 * the file chooser) and opens the preview of setting them; a file that
 * cannot be read says why in a toast.
 */
void
hrm_users_pane_import_from (HrmUsersPane *self,
                            GFile        *file)
{
  g_return_if_fail (HRM_IS_USERS_PANE (self));
  g_return_if_fail (G_IS_FILE (file));

  hrm_users_transfer_import_from (self->transfer, file);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  hrm_users_transfer_choose_import (HRM_USERS_PANE (widget)->transfer);
}

void
_hrm_users_pane_class_add_list_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "users.show-job", NULL, show_job_action);
  gtk_widget_class_install_action (widget_class, "users.send-to-listed", NULL,
                                   send_to_listed_action);
  gtk_widget_class_install_action (widget_class, "users.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "users.cancel-export", NULL, cancel_export_action);
  gtk_widget_class_install_action (widget_class, "users.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "users.send-verification", "s",
                                   send_verification_action);
}
