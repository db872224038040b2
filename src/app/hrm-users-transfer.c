/* hrm-users-transfer.c — the users list's CSV export and import
 *
 * Export… writes every user the search and filters list (the server pages
 * through them, not the list's loaded rows), with a progress bar and Cancel;
 * Import… reads a CSV of User-IDs and addresses and opens the bulk dialog's
 * preview of setting them. Both start with a GtkFileChooserNative (the
 * portal inside the Flatpak).
 *
 * The owner widget (the users pane) is weak: a file read or an export that
 * ends after it went shows nothing.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-users-transfer"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-users-transfer.h"

struct _HrmUsersTransfer
{
  GObject         parent_instance;

  GtkWidget      *owner;              /* (weak) */
  GtkProgressBar *progress;           /* (weak) */
  HrmUserList    *list;               /* NULL without a client */
  GCancellable   *export_cancellable; /* the export on its way, or NULL */
  guint           export_total;       /* users the export should write */
};

G_DEFINE_FINAL_TYPE (HrmUsersTransfer, hrm_users_transfer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_EXPORTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  BULK_DIALOG,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_toast (HrmUsersTransfer *self,
            const char       *message)
{
  if (self->owner != NULL)
    gtk_widget_activate_action (self->owner, "win.show-toast", "s", message);
}

static GtkWindow *
get_parent (HrmUsersTransfer *self)
{
  return self->owner != NULL ? GTK_WINDOW (gtk_widget_get_root (self->owner)) : NULL;
}

/* ---- export ---------------------------------------------------------------- */

static void
on_export_progress (guint64  rows,
                    gpointer user_data)
{
  HrmUsersTransfer *self = user_data;
  g_autofree char *text = NULL;

  if (self->progress == NULL)
    return;
  /* TRANSLATORS: progress of an export: "1 200 of 5 000 users" */
  text = g_strdup_printf (_("%'u of %'u users"), (guint) MIN (rows, self->export_total),
                          self->export_total);
  gtk_progress_bar_set_text (self->progress, text);
  gtk_progress_bar_set_fraction (self->progress,
                                 self->export_total > 0
                                 ? MIN (1.0, rows / (double) self->export_total) : 0.0);
}

static void
users_exported (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HrmUsersTransfer) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!hrm_client_export_users_finish (HRM_CLIENT (object), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Cancel: "exporting" already went, and the old file stays. */
      return;
    }
  g_clear_object (&self->export_cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPORTING]);
  if (error != NULL)
    message = g_strdup_printf (_("The list could not be exported: %s"), error->message);
  else
    message = g_strdup_printf (ngettext ("Exported %'u user", "Exported %'u users", self->export_total),
                               self->export_total);
  show_toast (self, message);
}

/**
 * hrm_users_transfer_export_to:
 * Writes every user the search and filters list to @file as CSV (what
 * Export… does after the file chooser), showing how far it got.
 */
void
hrm_users_transfer_export_to (HrmUsersTransfer *self,
                              GFile            *file)
{
  g_autoptr(HrmClient) client = NULL;

  g_return_if_fail (HRM_IS_USERS_TRANSFER (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->list == NULL)
    return;
  g_object_get (self->list, "client", &client, NULL);

  g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  self->export_cancellable = g_cancellable_new ();
  self->export_total = hrm_user_list_get_total (self->list);
  on_export_progress (0, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPORTING]);
  hrm_client_export_users_async (client, hrm_user_list_get_query (self->list),
                                 hrm_user_list_get_connection_filter (self->list),
                                 hrm_user_list_get_enabled_filter (self->list), file,
                                 on_export_progress, self, self->export_cancellable,
                                 users_exported, g_object_ref (self));
}

gboolean
hrm_users_transfer_get_exporting (HrmUsersTransfer *self)
{
  g_return_val_if_fail (HRM_IS_USERS_TRANSFER (self), FALSE);

  return self->export_cancellable != NULL;
}

void
hrm_users_transfer_cancel_export (HrmUsersTransfer *self)
{
  g_return_if_fail (HRM_IS_USERS_TRANSFER (self));

  if (self->export_cancellable == NULL)
    return;
  g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPORTING]);
}

static void
on_export_response (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(HrmUsersTransfer) self = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file != NULL)
    hrm_users_transfer_export_to (self, file);
}

void
hrm_users_transfer_choose_export (HrmUsersTransfer *self)
{
  GtkFileChooserNative *chooser;

  g_return_if_fail (HRM_IS_USERS_TRANSFER (self));

  chooser = gtk_file_chooser_native_new (_("Export Users"), get_parent (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* TRANSLATORS: the suggested name of the exported users list */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("users.csv"));
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- import ---------------------------------------------------------------- */

static void
show_import_error (HrmUsersTransfer *self,
                   const GError     *error)
{
  g_autofree char *message = g_strdup_printf (_("The file cannot be imported: %s"), error->message);

  show_toast (self, message);
}

static void
import_file_read (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(HrmUsersTransfer) self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmClient) client = NULL;
  HrmBulkDialog *dialog;
  gsize length;
  const char *data;

  bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  if (bytes == NULL)
    {
      show_import_error (self, error);
      return;
    }
  data = g_bytes_get_data (bytes, &length);
  rows = hrm_csv_import_parse (data, length, &error);
  if (rows == NULL)
    {
      show_import_error (self, error);
      return;
    }
  if (self->list == NULL || get_parent (self) == NULL)
    return;

  g_object_get (self->list, "client", &client, NULL);
  dialog = hrm_bulk_dialog_new_for_import (get_parent (self), client, rows);
  g_signal_emit (self, signals[BULK_DIALOG], 0, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * hrm_users_transfer_import_from:
 * Reads @file as a CSV of User-IDs and addresses (what Import… does after
 * the file chooser) and opens the preview of setting them; a file that
 * cannot be read says why in a toast.
 */
void
hrm_users_transfer_import_from (HrmUsersTransfer *self,
                                GFile            *file)
{
  g_return_if_fail (HRM_IS_USERS_TRANSFER (self));
  g_return_if_fail (G_IS_FILE (file));

  g_file_load_bytes_async (file, NULL, import_file_read, g_object_ref (self));
}

static void
on_import_response (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(HrmUsersTransfer) self = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file != NULL)
    hrm_users_transfer_import_from (self, file);
}

void
hrm_users_transfer_choose_import (HrmUsersTransfer *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  g_return_if_fail (HRM_IS_USERS_TRANSFER (self));

  chooser = gtk_file_chooser_native_new (_("Import Email Addresses"), get_parent (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- GObject --------------------------------------------------------------- */

HrmUsersTransfer *
hrm_users_transfer_new (GtkWidget      *owner,
                        GtkProgressBar *progress)
{
  HrmUsersTransfer *self;

  g_return_val_if_fail (GTK_IS_WIDGET (owner), NULL);
  g_return_val_if_fail (GTK_IS_PROGRESS_BAR (progress), NULL);

  self = g_object_new (HRM_TYPE_USERS_TRANSFER, NULL);
  g_set_weak_pointer (&self->owner, owner);
  g_set_weak_pointer (&self->progress, progress);
  return self;
}

void
hrm_users_transfer_set_list (HrmUsersTransfer *self,
                             HrmUserList      *list)
{
  g_return_if_fail (HRM_IS_USERS_TRANSFER (self));
  g_return_if_fail (list == NULL || HRM_IS_USER_LIST (list));

  g_set_object (&self->list, list);
}

static void
hrm_users_transfer_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HrmUsersTransfer *self = HRM_USERS_TRANSFER (object);

  switch (prop_id)
    {
    case PROP_EXPORTING:
      g_value_set_boolean (value, hrm_users_transfer_get_exporting (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hrm_users_transfer_dispose (GObject *object)
{
  HrmUsersTransfer *self = HRM_USERS_TRANSFER (object);

  g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  g_clear_object (&self->list);
  g_clear_weak_pointer (&self->owner);
  g_clear_weak_pointer (&self->progress);

  G_OBJECT_CLASS (hrm_users_transfer_parent_class)->dispose (object);
}

static void
hrm_users_transfer_class_init (HrmUsersTransferClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hrm_users_transfer_dispose;
  object_class->get_property = hrm_users_transfer_get_property;

  properties[PROP_EXPORTING] =
    g_param_spec_boolean ("exporting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[BULK_DIALOG] =
    g_signal_new ("bulk-dialog",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, HRM_TYPE_BULK_DIALOG);
}

static void
hrm_users_transfer_init (HrmUsersTransfer *self)
{
}
