/* hrm-bulk-dialog.c — preview, run and watch a bulk verification job
 *
 * The pages follow the job: "loading" while the preview is asked, "preview"
 * (will send N, skipped M by reason, each reason a row that expands to the
 * users the server named for it), "progress" while the job runs in the
 * server (polled every second), "results" at the end, "error" when a request
 * failed. The job is one HrmBulkJob updated in place; the pages follow its
 * notifications.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-bulk-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-a11y.h"
#include "hrm-bulk-dialog.h"
#include "hrm-dialogs.h"

#define POLL_MS 1000
/* The failed users the results page lists; the results file has them all. */
#define FAILED_SHOWN 50

struct _HrmBulkDialog
{
  AdwWindow            parent_instance;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  AdwStatusPage       *progress_page;
  GtkStack            *stack;
  AdwStatusPage       *preview_page;
  AdwPreferencesGroup *skipped_group;
  AdwPreferencesGroup *options_group;
  GtkSwitch           *then_send_switch;
  GtkButton           *run_button;
  GtkProgressBar      *progress_bar;
  GtkLabel            *progress_label;
  GtkLabel            *time_left_label;
  GtkButton           *keep_running_button;
  GtkButton           *cancel_job_button;
  AdwStatusPage       *results_page;
  AdwPreferencesRow   *succeeded_row;
  AdwPreferencesRow   *skipped_row;
  GtkLabel            *succeeded_count;
  GtkLabel            *skipped_count;
  GtkLabel            *failed_count;
  AdwPreferencesGroup *failed_group;
  GtkButton           *retry_button;
  GtkButton           *close_button;
  AdwStatusPage       *error_page;
  GtkButton           *try_again_button;

  /* Owned */
  HrmClient           *client;
  GArray              *user_ids;         /* (element-type gint64) or NULL for the filter */
  char                *query;
  HrmConnectionFilter  connection;
  HrmEnabledFilter     enabled;
  HrmBulkJobPreview   *preview;
  GPtrArray           *import_rows;      /* (element-type HrmImportRow) an import's, or NULL */
  HrmEmailImportPreview *import_preview;
  HrmBulkJob          *job;
  char                *idempotency_key;  /* kept while Run is retried after an error */
  GCancellable        *cancellable;      /* cancelled in dispose */
  GCancellable        *failed_cancellable; /* the failed users being read, for self->job */
  GPtrArray           *skipped_rows;     /* (element-type AdwPreferencesRow) in skipped_group */
  GPtrArray           *failed_rows;      /* (element-type AdwActionRow) in failed_group */
  guint                poll_id;
  gint64               first_poll_time;  /* for the time left */
  guint                first_processed;
};

G_DEFINE_FINAL_TYPE (HrmBulkDialog, hrm_bulk_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_JOB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean poll_job (gpointer user_data);

/* The users given by id (selection mode), or NULL and 0 for the filter. */
static const gint64 *
ids_data (HrmBulkDialog *self)
{
  return self->user_ids != NULL ? (const gint64 *) self->user_ids->data : NULL;
}

static guint
ids_len (HrmBulkDialog *self)
{
  return self->user_ids != NULL ? self->user_ids->len : 0;
}

static void
show_error (HrmBulkDialog *self,
            const GError  *error)
{
  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  gtk_widget_grab_focus (GTK_WIDGET (self->try_again_button));
}

/* ---- the preview --------------------------------------------------------- */

/* "Anna Svensson · 10023": a skipped user the preview names. */
static GtkWidget *
sample_row_new (const HrmBulkJobSample *sample)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  if (sample->first_name[0] != '\0' && sample->last_name[0] != '\0')
    name = g_strdup_printf ("%s %s", sample->first_name, sample->last_name);
  else
    name = g_strconcat (sample->first_name, sample->last_name, NULL);

  if (name[0] != '\0')
    /* TRANSLATORS: a skipped user in the bulk preview: name · User-ID ("Anna Svensson · 10023") */
    title = g_strdup_printf (_("%s · %s"), name, sample->user_id);
  else
    title = g_strdup (sample->user_id);
  /* Names are text, not Pango markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  return row;
}

/* A skip reason with its count. When the server named users for it, the
 * row expands to them, with "and N more" when it named only the first. */
static GtkWidget *
skipped_row_new (const HrmBulkJobPreview *preview,
                 HrmBulkSkipReason        reason)
{
  GPtrArray *samples = hrm_bulk_job_preview_get_samples (preview, reason);
  g_autofree char *count = g_strdup_printf ("%u", preview->skipped[reason]);
  GtkWidget *label = gtk_label_new (count);
  GtkWidget *row;
  guint more;

  gtk_widget_add_css_class (label, "numeric");
  if (samples->len == 0)
    {
      /* An older server names nobody: the count alone, as before. */
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), hrm_bulk_skip_reason_describe (reason));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      return row;
    }

  row = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), hrm_bulk_skip_reason_describe (reason));
  /* libadwaita 1.2 has no suffixes on an expander row; its actions sit there. */
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), label);
  for (guint i = 0; i < samples->len; i++)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), sample_row_new (g_ptr_array_index (samples, i)));

  more = preview->skipped[reason] > samples->len ? preview->skipped[reason] - samples->len : 0;
  if (more > 0)
    {
      GtkWidget *more_row = adw_action_row_new ();
      g_autofree char *text = g_strdup_printf (g_dngettext (NULL, "and %u more", "and %u more", more),
                                               more);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (more_row), text);
      gtk_widget_add_css_class (more_row, "dim-label");
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), more_row);
    }
  return row;
}

static void
show_preview (HrmBulkDialog *self)
{
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *run = NULL;
  guint skipped = hrm_bulk_job_preview_get_skipped (self->preview);

  title = g_strdup_printf (g_dngettext (NULL, "Send a verification email to %u user",
                                        "Send a verification email to %u users",
                                        self->preview->will_run),
                           self->preview->will_run);
  adw_status_page_set_title (self->preview_page, title);
  if (skipped > 0)
    {
      g_autofree char *group = g_strdup_printf (g_dngettext (NULL, "%u skipped", "%u skipped",
                                                             skipped), skipped);

      adw_preferences_group_set_title (self->skipped_group, group);
      adw_preferences_group_set_description (self->skipped_group,
                                             _("They get no email, for these reasons:"));
    }
  else if (self->preview->will_run > 0)
    description = g_strdup (_("Nobody is skipped."));
  else
    description = g_strdup (_("Nobody here needs a verification email."));
  adw_status_page_set_description (self->preview_page, description);

  for (guint i = 0; i < self->skipped_rows->len; i++)
    adw_preferences_group_remove (self->skipped_group, g_ptr_array_index (self->skipped_rows, i));
  g_ptr_array_set_size (self->skipped_rows, 0);

  for (guint reason = 0; reason < HRM_BULK_SKIP_N_REASONS; reason++)
    {
      GtkWidget *row;

      if (self->preview->skipped[reason] == 0)
        continue;
      row = skipped_row_new (self->preview, reason);
      adw_preferences_group_add (self->skipped_group, row);
      g_ptr_array_add (self->skipped_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->skipped_group), skipped > 0);

  run = g_strdup_printf (g_dngettext (NULL, "_Send %u email", "_Send %u emails",
                                      self->preview->will_run), self->preview->will_run);
  gtk_button_set_label (self->run_button, run);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bulk.run", self->preview->will_run > 0);
  gtk_stack_set_visible_child_name (self->stack, "preview");
  gtk_widget_grab_focus (GTK_WIDGET (self->run_button));
}

static void
preview_ready (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HrmBulkDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  HrmBulkJobPreview *preview;

  preview = hrm_client_preview_bulk_job_finish (HRM_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (preview == NULL)
    {
      show_error (self, error);
      return;
    }

  g_clear_pointer (&self->preview, hrm_bulk_job_preview_free);
  self->preview = preview;
  show_preview (self);
}

static void ask_import_preview (HrmBulkDialog *self);

static void
ask_preview (HrmBulkDialog *self)
{
  if (self->import_rows != NULL)
    {
      ask_import_preview (self);
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "loading");
  hrm_client_preview_bulk_job_async (self->client, ids_data (self), ids_len (self), self->query,
                                     self->connection, self->enabled, self->cancellable,
                                     preview_ready, g_object_ref (self));
}

/* ---- the preview of an import -------------------------------------------- */

/* "Row 12 · anna.svensson · anna@…": a row of the file, with why. */
static GtkWidget *
import_sample_row_new (const HrmImportSample *sample)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  /* TRANSLATORS: a row of an imported file in its preview: "Row 12 · anna.svensson" */
  title = g_strdup_printf (_("Row %u · %s"), sample->row, sample->user_id);
  if (sample->name != NULL && sample->name[0] != '\0')
    subtitle = g_strdup_printf ("%s · %s", sample->name, sample->email);
  else
    subtitle = g_strdup (sample->email);
  /* What the row would replace. */
  if (sample->current != NULL && sample->current[0] != '\0'
      && g_ascii_strcasecmp (sample->current, sample->email) != 0)
    {
      /* TRANSLATORS: the address a user has now, under the one an imported row gives */
      g_autofree char *now = g_strdup_printf (_("Now %s"), sample->current);
      g_autofree char *with_now = g_strdup_printf ("%s\n%s", subtitle, now);

      g_free (subtitle);
      subtitle = g_steal_pointer (&with_now);
    }
  if (sample->message != NULL)
    {
      g_autofree char *with_reason = g_strdup_printf ("%s\n%s", subtitle, sample->message);

      g_free (subtitle);
      subtitle = g_steal_pointer (&with_reason);
    }
  /* What the file says is text, not Pango markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  return row;
}

/* A class of rows with its count, expanding to the first rows of it. */
static GtkWidget *
import_class_row_new (const HrmEmailImportPreview *preview,
                      HrmImportClass               class)
{
  GPtrArray *samples = preview->samples[class];
  g_autofree char *count = g_strdup_printf ("%u", preview->counts[class]);
  GtkWidget *label = gtk_label_new (count);
  GtkWidget *row = adw_expander_row_new ();
  guint more = preview->counts[class] > samples->len ? preview->counts[class] - samples->len : 0;

  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), hrm_import_class_describe (class));
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), label);
  for (guint i = 0; i < samples->len; i++)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                              import_sample_row_new (g_ptr_array_index (samples, i)));
  if (more > 0)
    {
      GtkWidget *more_row = adw_action_row_new ();
      g_autofree char *text = g_strdup_printf (g_dngettext (NULL, "and %u more", "and %u more", more),
                                               more);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (more_row), text);
      gtk_widget_add_css_class (more_row, "dim-label");
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), more_row);
    }
  return row;
}

static void
show_import_preview (HrmBulkDialog *self)
{
  HrmEmailImportPreview *preview = self->import_preview;
  g_autofree char *title = NULL;
  g_autofree char *group = NULL;
  g_autofree char *run = NULL;
  guint not_set = preview->total - MIN (preview->will_run, preview->total);

  title = g_strdup_printf (g_dngettext (NULL, "Set the address of %u user",
                                        "Set the addresses of %u users", preview->will_run),
                           preview->will_run);
  adw_status_page_set_title (self->preview_page, title);
  adw_status_page_set_description (self->preview_page,
                                   preview->will_run > 0 ? NULL
                                   : _("No row of the file changes an address."));

  for (guint i = 0; i < self->skipped_rows->len; i++)
    adw_preferences_group_remove (self->skipped_group, g_ptr_array_index (self->skipped_rows, i));
  g_ptr_array_set_size (self->skipped_rows, 0);

  /* TRANSLATORS: the rows of an imported file: "40 rows, 3 not set" */
  group = g_strdup_printf (_("%u rows, %u not set"), preview->total, not_set);
  adw_preferences_group_set_title (self->skipped_group, group);
  adw_preferences_group_set_description (self->skipped_group,
                                         _("Each row of the file, by what happens to it:"));
  /* What will be set first, then why the others are not. */
  for (int class = HRM_IMPORT_N_CLASSES - 1; class >= 0; class--)
    {
      GtkWidget *row;

      if (preview->counts[class] == 0)
        continue;
      row = import_class_row_new (preview, class);
      adw_preferences_group_add (self->skipped_group, row);
      g_ptr_array_add (self->skipped_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->skipped_group), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->options_group), preview->will_run > 0);

  run = g_strdup_printf (g_dngettext (NULL, "_Set %u address", "_Set %u addresses",
                                      preview->will_run), preview->will_run);
  gtk_button_set_label (self->run_button, run);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bulk.run", preview->will_run > 0);
  gtk_stack_set_visible_child_name (self->stack, "preview");
  gtk_widget_grab_focus (GTK_WIDGET (self->run_button));
}

static void
import_preview_ready (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(HrmBulkDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  HrmEmailImportPreview *preview;

  preview = hrm_client_preview_set_email_finish (HRM_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (preview == NULL)
    {
      show_error (self, error);
      return;
    }

  g_clear_pointer (&self->import_preview, hrm_email_import_preview_free);
  self->import_preview = preview;
  show_import_preview (self);
}

static void
ask_import_preview (HrmBulkDialog *self)
{
  gtk_stack_set_visible_child_name (self->stack, "loading");
  hrm_client_preview_set_email_async (self->client, self->import_rows, self->cancellable,
                                      import_preview_ready, g_object_ref (self));
}

/* ---- following the job --------------------------------------------------- */

static void
update_progress (HrmBulkDialog *self)
{
  HrmBulkJob *job = self->job;
  g_autofree char *counts = NULL;
  g_autofree char *time_left = NULL;
  guint processed = hrm_bulk_job_get_processed (job);
  guint total = hrm_bulk_job_get_total (job);
  gint64 elapsed = g_get_monotonic_time () - self->first_poll_time;

  gtk_progress_bar_set_fraction (self->progress_bar, hrm_bulk_job_get_fraction (job));
  if (g_strcmp0 (hrm_bulk_job_get_action (job), "set_email") == 0)
    /* TRANSLATORS: progress of an import: "12 of 40 done: 10 set, 1 not set, 1 failed" */
    counts = g_strdup_printf (_("%u of %u done: %u set, %u not set, %u failed"), processed, total,
                              hrm_bulk_job_get_succeeded (job), hrm_bulk_job_get_skipped (job),
                              hrm_bulk_job_get_failed (job));
  else
    /* TRANSLATORS: progress of a bulk job: "12 of 40 done: 10 sent, 1 skipped, 1 failed" */
    counts = g_strdup_printf (_("%u of %u done: %u sent, %u skipped, %u failed"), processed, total,
                              hrm_bulk_job_get_succeeded (job), hrm_bulk_job_get_skipped (job),
                              hrm_bulk_job_get_failed (job));
  gtk_label_set_label (self->progress_label, counts);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, counts, -1);

  /* The pace so far, from what this dialog saw. */
  if (processed > self->first_processed && elapsed > G_USEC_PER_SEC)
    {
      double per_second = (processed - self->first_processed) / (elapsed / (double) G_USEC_PER_SEC);
      guint seconds = (guint) ((total - processed) / per_second) + 1;

      if (seconds < 60)
        time_left = g_strdup_printf (g_dngettext (NULL, "About %u second left",
                                                  "About %u seconds left", seconds), seconds);
      else
        time_left = g_strdup_printf (g_dngettext (NULL, "About %u minute left",
                                                  "About %u minutes left", (seconds + 59) / 60),
                                     (seconds + 59) / 60);
    }
  gtk_label_set_label (self->time_left_label, time_left ? time_left : _("Working out the time left…"));
}

static void
remove_failed_rows (HrmBulkDialog *self)
{
  for (guint i = 0; i < self->failed_rows->len; i++)
    adw_preferences_group_remove (self->failed_group, g_ptr_array_index (self->failed_rows, i));
  g_ptr_array_set_size (self->failed_rows, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->failed_group), FALSE);
}

/* A new job (Retry failed) or new results: the failed users of the last
 * ones go, and so does an answer still on its way about them. */
static void
clear_failed (HrmBulkDialog *self)
{
  g_cancellable_cancel (self->failed_cancellable);
  g_clear_object (&self->failed_cancellable);
  remove_failed_rows (self);
}

/* Each failed user by name, with the server's reason. */
static void
failed_items_read (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(HrmBulkDialog) self = user_data;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  guint failed;

  items = hrm_client_list_bulk_job_items_finish (HRM_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* The counts above still say how many; the results file says who. */
  if (items == NULL)
    {
      g_debug ("Reading the failed users: %s", error->message);
      return;
    }

  remove_failed_rows (self);
  for (guint i = 0; i < items->len; i++)
    {
      HrmBulkJobItem *item = g_ptr_array_index (items, i);
      g_autofree char *name = hrm_bulk_job_item_dup_user_name (item);
      const char *message = hrm_bulk_job_item_get_message (item);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     name != NULL ? name : _("A deleted user"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   message != NULL ? message : _("No reason given"));
      adw_preferences_group_add (self->failed_group, row);
      g_ptr_array_add (self->failed_rows, row);
    }

  failed = hrm_bulk_job_get_failed (self->job);
  if (failed > items->len)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (NULL,
                                                            "The first %u of %u. Save results… lists every user.",
                                                            "The first %u of %u. Save results… lists every user.",
                                                            failed),
                                               items->len, failed);

      adw_preferences_group_set_description (self->failed_group, more);
    }
  else
    adw_preferences_group_set_description (self->failed_group, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->failed_group), items->len > 0);
}

static void
show_results (HrmBulkDialog *self)
{
  HrmBulkJob *job = self->job;
  g_autofree char *sent = g_strdup_printf ("%u", hrm_bulk_job_get_succeeded (job));
  g_autofree char *skipped = g_strdup_printf ("%u", hrm_bulk_job_get_skipped (job));
  g_autofree char *failed = g_strdup_printf ("%u", hrm_bulk_job_get_failed (job));
  gboolean cancelled = hrm_bulk_job_get_state (job) == HRM_BULK_JOB_CANCELLED;
  gboolean import = g_strcmp0 (hrm_bulk_job_get_action (job), "set_email") == 0;

  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (import)
    {
      adw_status_page_set_title (self->results_page,
                                 cancelled ? _("Import cancelled") : _("Import finished"));
      /* TRANSLATORS: results of an import: how many addresses were set */
      adw_preferences_row_set_title (self->succeeded_row, C_("import results", "Set"));
      /* TRANSLATORS: results of an import: rows that changed nothing (unchanged, unknown…) */
      adw_preferences_row_set_title (self->skipped_row, C_("import results", "Not set"));
      adw_preferences_group_set_title (self->failed_group, _("Failed rows"));
    }
  else
    adw_status_page_set_title (self->results_page,
                               cancelled ? _("Sending cancelled") : _("Sending finished"));
  adw_status_page_set_icon_name (self->results_page,
                                 hrm_bulk_job_get_failed (job) > 0 ? "dialog-warning-symbolic"
                                 : "emblem-ok-symbolic");
  gtk_label_set_label (self->succeeded_count, sent);
  gtk_label_set_label (self->skipped_count, skipped);
  gtk_label_set_label (self->failed_count, failed);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), hrm_bulk_job_get_failed (job) > 0);
  clear_failed (self);
  if (hrm_bulk_job_get_failed (job) > 0)
    {
      self->failed_cancellable = g_cancellable_new ();
      hrm_client_list_bulk_job_items_async (self->client, hrm_bulk_job_get_id (job), "failed",
                                            FAILED_SHOWN, self->failed_cancellable,
                                            failed_items_read, g_object_ref (self));
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bulk.retry-failed",
                                 hrm_bulk_job_get_failed (job) > 0);
  gtk_stack_set_visible_child_name (self->stack, "results");
  /* The button of the progress page had the focus: the next step is Retry
   * failed when there is something to retry, else Close. */
  gtk_widget_grab_focus (hrm_bulk_job_get_failed (job) > 0 ? GTK_WIDGET (self->retry_button)
                                                          : GTK_WIDGET (self->close_button));
}

/* Closed while the job ran: the desktop says how it ended, and the dialog
 * goes (its "destroy" tells the pane to show the changes). */
static void
notify_finished (HrmBulkDialog *self)
{
  GApplication *application = g_application_get_default ();
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;
  g_autofree char *body = NULL;
  HrmBulkJob *job = self->job;

  if (application != NULL && g_application_get_is_registered (application))
    {
      gboolean cancelled = hrm_bulk_job_get_state (job) == HRM_BULK_JOB_CANCELLED;

      if (g_strcmp0 (hrm_bulk_job_get_action (job), "set_email") == 0)
        {
          notification = g_notification_new (cancelled ? _("Import cancelled")
                                             : _("Email addresses imported"));
          /* TRANSLATORS: the body of the desktop notification at the end of an import */
          body = g_strdup_printf (_("%u set, %u not set, %u failed"), hrm_bulk_job_get_succeeded (job),
                                  hrm_bulk_job_get_skipped (job), hrm_bulk_job_get_failed (job));
        }
      else
        {
          notification = g_notification_new (cancelled ? _("Sending verification emails cancelled")
                                             : _("Verification emails sent"));
          /* TRANSLATORS: the body of the desktop notification at the end of a bulk job */
          body = g_strdup_printf (_("%u sent, %u skipped, %u failed"), hrm_bulk_job_get_succeeded (job),
                                  hrm_bulk_job_get_skipped (job), hrm_bulk_job_get_failed (job));
        }
      g_notification_set_body (notification, body);
      g_notification_set_default_action (notification, "app.activate");
      id = g_strdup_printf ("bulk-job-%" G_GINT64_FORMAT, hrm_bulk_job_get_id (job));
      g_application_send_notification (application, id, notification);
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_job_notify (HrmBulkDialog *self)
{
  if (hrm_bulk_job_is_finished (self->job))
    {
      /* One change notifies several properties: end once. */
      if (self->poll_id == 0 && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack),
                                           "results") == 0)
        return;
      /* Closing now closes. */
      gtk_window_set_hide_on_close (GTK_WINDOW (self), FALSE);
      show_results (self);
      if (!gtk_widget_get_visible (GTK_WIDGET (self)))
        notify_finished (self);
    }
  else
    update_progress (self);
}

static void
follow_job (HrmBulkDialog *self,
            HrmBulkJob    *job)
{
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_set_object (&self->job, job);
  g_signal_connect_swapped (job, "notify", G_CALLBACK (on_job_notify), self);
  clear_failed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);

  /* While it runs, closing hides: the dialog keeps following the job. */
  gtk_window_set_hide_on_close (GTK_WINDOW (self), !hrm_bulk_job_is_finished (job));
  self->first_poll_time = g_get_monotonic_time ();
  self->first_processed = hrm_bulk_job_get_processed (job);
  gtk_stack_set_visible_child_name (self->stack, "progress");
  /* Run (or Retry failed) hides with its page: the focus goes to the safe
   * choice of this one, not to nowhere. */
  gtk_widget_grab_focus (GTK_WIDGET (self->keep_running_button));
  on_job_notify (self);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (!hrm_bulk_job_is_finished (job))
    self->poll_id = g_timeout_add (POLL_MS, poll_job, self);
}

static void
job_read (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(HrmBulkDialog) self = user_data;
  g_autoptr(HrmBulkJob) job = NULL;
  g_autoptr(GError) error = NULL;

  job = hrm_client_get_bulk_job_finish (HRM_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* A missed poll is not an error: the job runs in the server; try again. */
  if (job == NULL)
    {
      g_debug ("Reading job: %s", error->message);
      return;
    }
  if (self->job != NULL && hrm_bulk_job_get_id (job) == hrm_bulk_job_get_id (self->job))
    hrm_bulk_job_update_from (self->job, job);
}

static gboolean
poll_job (gpointer user_data)
{
  HrmBulkDialog *self = user_data;

  hrm_client_get_bulk_job_async (self->client, hrm_bulk_job_get_id (self->job), self->cancellable,
                                 job_read, g_object_ref (self));
  return G_SOURCE_CONTINUE;
}

static void
job_started (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(HrmBulkDialog) self = user_data;
  g_autoptr(HrmBulkJob) job = NULL;
  g_autoptr(GError) error = NULL;

  job = hrm_client_start_bulk_job_finish (HRM_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bulk.run", TRUE);
  if (job == NULL)
    {
      /* The key stays: Run again gives the job the server may have made. */
      show_error (self, error);
      return;
    }

  g_clear_pointer (&self->idempotency_key, g_free);
  follow_job (self, job);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  HrmBulkDialog *self = HRM_BULK_DIALOG (widget);

  if (self->idempotency_key == NULL)
    self->idempotency_key = hrm_client_new_idempotency_key ();
  gtk_widget_action_set_enabled (widget, "bulk.run", FALSE);
  if (self->import_rows != NULL)
    {
      hrm_client_start_set_email_async (self->client, self->import_rows,
                                        gtk_switch_get_active (self->then_send_switch),
                                        self->idempotency_key, self->cancellable, job_started,
                                        g_object_ref (self));
      return;
    }
  hrm_client_start_bulk_job_async (self->client, ids_data (self), ids_len (self), self->query,
                                   self->connection, self->enabled, self->idempotency_key,
                                   self->cancellable, job_started, g_object_ref (self));
}

static void
job_cancelled (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HrmBulkDialog) self = user_data;
  g_autoptr(HrmBulkJob) job = NULL;
  g_autoptr(GError) error = NULL;

  job = hrm_client_cancel_bulk_job_finish (HRM_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* 409: it finished meanwhile; the next poll shows how. */
  if (job != NULL)
    hrm_bulk_job_update_from (self->job, job);
  else if (!g_error_matches (error, HRM_ERROR, HRM_ERROR_CONFLICT))
    show_error (self, error);
}

static void
cancel_job_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HrmBulkDialog *self = HRM_BULK_DIALOG (widget);

  if (self->job == NULL || hrm_bulk_job_is_finished (self->job))
    return;
  hrm_client_cancel_bulk_job_async (self->client, hrm_bulk_job_get_id (self->job),
                                    self->cancellable, job_cancelled, g_object_ref (self));
}

static void
retry_started (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HrmBulkDialog) self = user_data;
  g_autoptr(HrmBulkJob) job = NULL;
  g_autoptr(GError) error = NULL;

  job = hrm_client_retry_bulk_job_finish (HRM_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (job == NULL)
    {
      show_error (self, error);
      return;
    }
  follow_job (self, job);
}

static void
retry_failed_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  HrmBulkDialog *self = HRM_BULK_DIALOG (widget);

  g_return_if_fail (self->job != NULL);
  hrm_client_retry_bulk_job_async (self->client, hrm_bulk_job_get_id (self->job),
                                   self->cancellable, retry_started, g_object_ref (self));
}

static void
try_again_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HrmBulkDialog *self = HRM_BULK_DIALOG (widget);

  if (self->job != NULL)
    follow_job (self, self->job);
  else if ((self->preview != NULL || self->import_preview != NULL) && self->idempotency_key != NULL)
    run_action (widget, NULL, NULL);
  else
    ask_preview (self);
}

/* ---- the results file ---------------------------------------------------- */

static void
results_saved (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HrmBulkDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!hrm_client_save_bulk_job_items_finish (HRM_CLIENT (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("The results could not be saved: %s"), error->message);
    }
  else
    message = g_strdup (_("Results saved"));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
  hrm_a11y_name_toasts (self->toast_overlay);
}

static void
on_save_response (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr(HrmBulkDialog) self = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);

  if (file != NULL)
    hrm_bulk_dialog_save_results_to (self, file);
}

/* The file chooser portal inside the Flatpak (GtkFileChooserNative). */
static void
save_results_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  HrmBulkDialog *self = HRM_BULK_DIALOG (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;

  g_return_if_fail (self->job != NULL);

  chooser = gtk_file_chooser_native_new (_("Save Results"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* TRANSLATORS: the suggested file name of a bulk job's results; %s is the job's number */
  id = g_strdup_printf ("%" G_GINT64_FORMAT, hrm_bulk_job_get_id (self->job));
  if (g_strcmp0 (hrm_bulk_job_get_action (self->job), "set_email") == 0)
    /* TRANSLATORS: the suggested file name of an import's results; %s is the job's number */
    name = g_strdup_printf (_("import-results-%s.csv"), id);
  else
    name = g_strdup_printf (_("verification-results-%s.csv"), id);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- GObject ------------------------------------------------------------- */

static void
hrm_bulk_dialog_dispose (GObject *object)
{
  HrmBulkDialog *self = (HrmBulkDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->failed_cancellable);
  g_clear_object (&self->failed_cancellable);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_clear_object (&self->job);
  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->skipped_rows, g_ptr_array_unref);
  g_clear_pointer (&self->failed_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (hrm_bulk_dialog_parent_class)->dispose (object);
}

/* A new dialog over @parent (hrm_dialog_set_parent() says why not just
 * transient-for). */
static HrmBulkDialog *
bulk_dialog_new (GtkWindow *parent)
{
  HrmBulkDialog *self = g_object_new (HRM_TYPE_BULK_DIALOG, NULL);

  hrm_dialog_set_parent (GTK_WINDOW (self), parent);
  return self;
}

static void
hrm_bulk_dialog_finalize (GObject *object)
{
  HrmBulkDialog *self = (HrmBulkDialog *)object;

  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->user_ids, g_array_unref);
  g_clear_pointer (&self->preview, hrm_bulk_job_preview_free);
  g_clear_pointer (&self->import_rows, g_ptr_array_unref);
  g_clear_pointer (&self->import_preview, hrm_email_import_preview_free);
  g_clear_pointer (&self->idempotency_key, g_free);

  G_OBJECT_CLASS (hrm_bulk_dialog_parent_class)->finalize (object);
}

static void
hrm_bulk_dialog_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HrmBulkDialog *self = HRM_BULK_DIALOG (object);

  switch (prop_id)
    {
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hrm_bulk_dialog_class_init (HrmBulkDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = hrm_bulk_dialog_dispose;
  object_class->finalize = hrm_bulk_dialog_finalize;
  object_class->get_property = hrm_bulk_dialog_get_property;

  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, HRM_TYPE_BULK_JOB,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hrmusers/HrmUsers/hrm-bulk-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HrmBulkDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HrmBulkDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, HrmBulkDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, HrmBulkDialog, progress_page);
  gtk_widget_class_bind_template_child (widget_class, HrmBulkDialog, preview_page);
  gtk_widget_class_bind_template_child (widget_class, HrmBulkDialog, skipped_group);
  gtk_widget_class_bind_template_child (widget_class, HrmBulkDialog, options_group);
  gtk_widget_class_bind_template_child (widget_class, HrmBulkDialog, then_send_switch);
  gtk_widget_class_bind_template_child (widget_class, HrmBulkDialog, run_button);
  gtk_widget_class_bind_template_child (widget_class, HrmBulkDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, HrmBulkDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, HrmBulkDialog, time_left_label);
  gtk_widget_class_bind_template_child (widget_class, HrmBulkDialog, keep_running_button);
  gtk_widget_class_bind_template_child (widget_class, HrmBulkDialog, cancel_job_button);
  gtk_widget_class_bind_template_child (widget_class, HrmBulkDialog, results_page);
  gtk_widget_class_bind_template_child (widget_class, HrmBulkDialog, succeeded_row);
  gtk_widget_class_bind_template_child (widget_class, HrmBulkDialog, skipped_row);
  gtk_widget_class_bind_template_child (widget_class, HrmBulkDialog, succeeded_count);
  gtk_widget_class_bind_template_child (widget_class, HrmBulkDialog, skipped_count);
  gtk_widget_class_bind_template_child (widget_class, HrmBulkDialog, failed_count);
  gtk_widget_class_bind_template_child (widget_class, HrmBulkDialog, failed_group);
  gtk_widget_class_bind_template_child (widget_class, HrmBulkDialog, retry_button);
  gtk_widget_class_bind_template_child (widget_class, HrmBulkDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, HrmBulkDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, HrmBulkDialog, try_again_button);

  gtk_widget_class_install_action (widget_class, "bulk.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "bulk.cancel-job", NULL, cancel_job_action);
  gtk_widget_class_install_action (widget_class, "bulk.retry-failed", NULL, retry_failed_action);
  gtk_widget_class_install_action (widget_class, "bulk.try-again", NULL, try_again_action);
  gtk_widget_class_install_action (widget_class, "bulk.save-results", NULL, save_results_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hrm_bulk_dialog_init (HrmBulkDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  hrm_a11y_name_labelled_buttons (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->skipped_rows = g_ptr_array_new ();
  self->failed_rows = g_ptr_array_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bulk.run", FALSE);
}

HrmBulkDialog *
hrm_bulk_dialog_new_for_filter (GtkWindow           *parent,
                                HrmClient           *client,
                                const char          *query,
                                HrmConnectionFilter  connection,
                                HrmEnabledFilter     enabled)
{
  HrmBulkDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (HRM_IS_CLIENT (client), NULL);

  self = bulk_dialog_new (parent);
  self->client = g_object_ref (client);
  self->query = g_strdup (query);
  self->connection = connection;
  self->enabled = enabled;
  ask_preview (self);

  return self;
}

HrmBulkDialog *
hrm_bulk_dialog_new_for_users (GtkWindow    *parent,
                               HrmClient    *client,
                               const gint64 *ids,
                               guint         n_ids)
{
  HrmBulkDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (HRM_IS_CLIENT (client), NULL);
  g_return_val_if_fail (ids != NULL && n_ids > 0, NULL);

  self = bulk_dialog_new (parent);
  self->client = g_object_ref (client);
  self->user_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  g_array_append_vals (self->user_ids, ids, n_ids);
  ask_preview (self);

  return self;
}

HrmBulkDialog *
hrm_bulk_dialog_new_for_job (GtkWindow  *parent,
                             HrmClient  *client,
                             HrmBulkJob *job)
{
  HrmBulkDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (HRM_IS_CLIENT (client), NULL);
  g_return_val_if_fail (HRM_IS_BULK_JOB (job), NULL);

  self = bulk_dialog_new (parent);
  self->client = g_object_ref (client);
  follow_job (self, job);

  return self;
}

/**
 * hrm_bulk_dialog_save_results_to:
 * What "Save results…" does once the file is chosen; a toast says how it went.
 */
void
hrm_bulk_dialog_save_results_to (HrmBulkDialog *self,
                                 GFile         *file)
{
  g_return_if_fail (HRM_IS_BULK_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->job != NULL);

  hrm_client_save_bulk_job_items_async (self->client, hrm_bulk_job_get_id (self->job), file,
                                        self->cancellable, results_saved, g_object_ref (self));
}

HrmBulkJob *
hrm_bulk_dialog_get_job (HrmBulkDialog *self)
{
  g_return_val_if_fail (HRM_IS_BULK_DIALOG (self), NULL);
  return self->job;
}

/**
 * hrm_bulk_dialog_new_for_import:
 * @rows: (element-type HrmImportRow): the rows of an imported file
 *
 * A dialog that previews setting the addresses of @rows (each row
 * classified by the server), then sets them as a set_email job, optionally
 * sending each its verification, and follows it like any job.
 */
HrmBulkDialog *
hrm_bulk_dialog_new_for_import (GtkWindow *parent,
                                HrmClient *client,
                                GPtrArray *rows)
{
  HrmBulkDialog *self;

  g_return_val_if_fail (HRM_IS_CLIENT (client), NULL);
  g_return_val_if_fail (rows != NULL, NULL);

  self = bulk_dialog_new (parent);
  gtk_window_set_title (GTK_WINDOW (self), _("Import email addresses"));
  adw_window_title_set_title (self->window_title, _("Import email addresses"));
  adw_status_page_set_icon_name (self->preview_page, "document-open-symbolic");
  adw_status_page_set_icon_name (self->progress_page, "document-open-symbolic");
  adw_status_page_set_title (self->progress_page, _("Setting addresses…"));
  gtk_button_set_label (self->cancel_job_button, _("C_ancel import"));
  adw_status_page_set_description (self->progress_page,
                                   _("The server sets the addresses. You can close this window: "
                                     "the import goes on."));
  self->client = g_object_ref (client);
  self->import_rows = g_ptr_array_ref (rows);
  ask_preview (self);
  return self;
}

/* The preview of an import once it is there (NULL before). */
const HrmEmailImportPreview *
hrm_bulk_dialog_get_import_preview (HrmBulkDialog *self)
{
  g_return_val_if_fail (HRM_IS_BULK_DIALOG (self), NULL);
  return self->import_preview;
}

const HrmBulkJobPreview *
hrm_bulk_dialog_get_preview (HrmBulkDialog *self)
{
  g_return_val_if_fail (HRM_IS_BULK_DIALOG (self), NULL);
  return self->preview;
}
