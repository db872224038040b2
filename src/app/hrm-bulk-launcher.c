/* hrm-bulk-launcher.c — opens the users list's bulk jobs and follows them
 *
 * Every bulk job the users list starts (send to the listed, to the ticked,
 * the overview's "send to all…", an import) opens an HrmBulkDialog that this
 * follows: closed while its job runs, the dialog hides and goes on following
 * the job, and the overview shows it in a banner until it ends or is shown
 * again; when the dialog goes, the job may have changed many users, so the
 * list and the overview load again.
 *
 * The owner and the overview are weak, and dispose lets go of them: a
 * dialog or a job list that arrives after the pane went does nothing.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-bulk-launcher"

#include "config.h"

#include "hrm-bulk-launcher.h"

struct _HrmBulkLauncher
{
  GObject                  parent_instance;

  GtkWidget               *owner;         /* (weak) */
  HrmProvisioningOverview *overview;      /* (weak) */
  HrmUserList             *list;          /* NULL without a client */
  HrmBulkDialog           *hidden_dialog; /* (weak) closed while its job runs */
};

G_DEFINE_FINAL_TYPE (HrmBulkLauncher, hrm_bulk_launcher, G_TYPE_OBJECT)

static GtkWindow *
get_parent (HrmBulkLauncher *self)
{
  return GTK_WINDOW (gtk_widget_get_root (self->owner));
}

/* A bulk job may have changed many users: show what it did. */
static void
on_bulk_dialog_destroy (HrmBulkLauncher *self)
{
  /* The window may be going with its dialogs (destroy-with-parent). */
  if (self->overview == NULL)
    return;
  hrm_provisioning_overview_set_job (self->overview, NULL);
  if (self->list != NULL)
    hrm_user_list_reload (self->list);
  hrm_provisioning_overview_refresh (self->overview);
}

/* Closed while its job runs: the dialog hides and goes on following the job;
 * the overview shows it in a banner until it ends or is shown again. */
static void
on_bulk_dialog_visible (HrmBulkDialog   *dialog,
                        GParamSpec      *pspec,
                        HrmBulkLauncher *self)
{
  HrmBulkJob *job = hrm_bulk_dialog_get_job (dialog);

  if (self->overview == NULL)
    return;
  if (gtk_widget_get_visible (GTK_WIDGET (dialog)) || job == NULL
      || hrm_bulk_job_is_finished (job))
    {
      hrm_provisioning_overview_set_job (self->overview, NULL);
      return;
    }
  g_set_weak_pointer (&self->hidden_dialog, dialog);
  hrm_provisioning_overview_set_job (self->overview, job);
}

void
hrm_bulk_launcher_follow (HrmBulkLauncher *self,
                          HrmBulkDialog   *dialog)
{
  g_return_if_fail (HRM_IS_BULK_LAUNCHER (self));
  g_return_if_fail (HRM_IS_BULK_DIALOG (dialog));

  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_bulk_dialog_destroy), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "notify::visible", G_CALLBACK (on_bulk_dialog_visible), self, 0);
}

void
hrm_bulk_launcher_show_job (HrmBulkLauncher *self)
{
  g_return_if_fail (HRM_IS_BULK_LAUNCHER (self));

  if (self->hidden_dialog != NULL)
    gtk_window_present (GTK_WINDOW (self->hidden_dialog));
}

/* "Send to all not linked with email" / "Resend expired": a bulk job over
 * the enabled users in that state, previewed first. */
void
hrm_bulk_launcher_send_verification (HrmBulkLauncher     *self,
                                     HrmConnectionFilter  connection)
{
  g_autoptr(HrmClient) client = NULL;
  HrmBulkDialog *dialog;

  g_return_if_fail (HRM_IS_BULK_LAUNCHER (self));

  if (self->list == NULL || self->owner == NULL)
    return;
  g_object_get (self->list, "client", &client, NULL);

  dialog = hrm_bulk_dialog_new_for_filter (get_parent (self), client, NULL, connection,
                                           HRM_ENABLED_FILTER_ENABLED);
  hrm_bulk_launcher_follow (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Jobs run in the server, not in the app: one still running when the app
 * opens (it was closed mid-job) is shown again. */
static void
bulk_jobs_listed (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(HrmBulkLauncher) self = user_data;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;

  jobs = hrm_client_list_bulk_jobs_finish (HRM_CLIENT (object), result, &error);
  if (jobs == NULL)
    {
      /* 403 for those who may not manage users; nothing to show either way. */
      g_debug ("No bulk jobs: %s", error->message);
      return;
    }
  if (self->list == NULL || self->owner == NULL || gtk_widget_get_root (self->owner) == NULL)
    return;

  for (guint i = 0; i < jobs->len; i++)
    {
      HrmBulkJob *job = g_ptr_array_index (jobs, i);
      g_autoptr(HrmClient) client = NULL;
      HrmBulkDialog *dialog;

      if (hrm_bulk_job_is_finished (job))
        continue;

      g_object_get (self->list, "client", &client, NULL);
      dialog = hrm_bulk_dialog_new_for_job (get_parent (self), client, job);
      hrm_bulk_launcher_follow (self, dialog);
      gtk_window_present (GTK_WINDOW (dialog));
      /* The newest running one; the list is newest first. */
      return;
    }
}

void
hrm_bulk_launcher_show_running (HrmBulkLauncher *self,
                                HrmClient       *client)
{
  g_return_if_fail (HRM_IS_BULK_LAUNCHER (self));
  g_return_if_fail (HRM_IS_CLIENT (client));

  hrm_client_list_bulk_jobs_async (client, NULL, bulk_jobs_listed, g_object_ref (self));
}

/* Flex HRM's "Verifiera konton", previewed: every user the search and the
 * filters let through, not only those loaded. */
static HrmBulkDialog *
new_for_listed (HrmBulkLauncher *self)
{
  g_autoptr(HrmClient) client = NULL;

  g_object_get (self->list, "client", &client, NULL);
  return hrm_bulk_dialog_new_for_filter (get_parent (self), client,
                                         hrm_user_list_get_query (self->list),
                                         hrm_user_list_get_connection_filter (self->list),
                                         hrm_user_list_get_enabled_filter (self->list));
}

void
hrm_bulk_launcher_send_to_listed (HrmBulkLauncher *self)
{
  HrmBulkDialog *dialog;

  g_return_if_fail (HRM_IS_BULK_LAUNCHER (self));

  if (self->list == NULL || self->owner == NULL)
    return;

  dialog = new_for_listed (self);
  hrm_bulk_launcher_follow (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The action bar's Send: the users ticked, or all matching by the search
 * and filters (then the server lists them, loaded or not). */
HrmBulkDialog *
hrm_bulk_launcher_new_for_selection (HrmBulkLauncher  *self,
                                     HrmUserSelection *selection)
{
  HrmBulkDialog *dialog;

  g_return_val_if_fail (HRM_IS_BULK_LAUNCHER (self), NULL);
  g_return_val_if_fail (HRM_IS_USER_SELECTION (selection), NULL);

  if (self->list == NULL || self->owner == NULL)
    return NULL;

  if (hrm_user_selection_get_all_matching (selection))
    {
      dialog = new_for_listed (self);
    }
  else
    {
      g_autoptr(HrmClient) client = NULL;
      /* Sorted: some order the next time too (the job goes in this order). */
      g_autoptr(GArray) ids = hrm_user_selection_dup_ids (selection);

      g_object_get (self->list, "client", &client, NULL);
      dialog = hrm_bulk_dialog_new_for_users (get_parent (self), client,
                                              (const gint64 *) ids->data, ids->len);
    }
  hrm_bulk_launcher_follow (self, dialog);
  return dialog;
}

/* GObject */

HrmBulkLauncher *
hrm_bulk_launcher_new (GtkWidget               *owner,
                       HrmProvisioningOverview *overview)
{
  HrmBulkLauncher *self;

  g_return_val_if_fail (GTK_IS_WIDGET (owner), NULL);
  g_return_val_if_fail (HRM_IS_PROVISIONING_OVERVIEW (overview), NULL);

  self = g_object_new (HRM_TYPE_BULK_LAUNCHER, NULL);
  g_set_weak_pointer (&self->owner, owner);
  g_set_weak_pointer (&self->overview, overview);
  return self;
}

void
hrm_bulk_launcher_set_list (HrmBulkLauncher *self,
                            HrmUserList     *list)
{
  g_return_if_fail (HRM_IS_BULK_LAUNCHER (self));
  g_return_if_fail (list == NULL || HRM_IS_USER_LIST (list));

  g_set_object (&self->list, list);
}

static void
hrm_bulk_launcher_dispose (GObject *object)
{
  HrmBulkLauncher *self = HRM_BULK_LAUNCHER (object);

  g_clear_object (&self->list);
  g_clear_weak_pointer (&self->owner);
  g_clear_weak_pointer (&self->overview);
  g_clear_weak_pointer (&self->hidden_dialog);

  G_OBJECT_CLASS (hrm_bulk_launcher_parent_class)->dispose (object);
}

static void
hrm_bulk_launcher_class_init (HrmBulkLauncherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hrm_bulk_launcher_dispose;
}

static void
hrm_bulk_launcher_init (HrmBulkLauncher *self)
{
}
