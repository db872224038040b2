/* hrm-provisioning-overview.c — the organisation's linking progress at a glance
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-provisioning-overview"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-page-util.h"
#include "hrm-provisioning-overview.h"

/* The parts of the bar, left to right: done first, then what needs the
 * administrator. */
enum {
  PART_LINKED,
  PART_PENDING,
  PART_EXPIRED,
  PART_WITH_EMAIL,
  PART_WITHOUT_EMAIL,
  N_PARTS
};

/* GNOME's palette (the HIG's), so the bar reads the same in light and dark. */
static const GdkRGBA part_colors[N_PARTS] = {
  { 0.18, 0.76, 0.49, 1.0 },  /* green 4 #2ec27e */
  { 0.21, 0.52, 0.89, 1.0 },  /* blue 3 #3584e4 */
  { 1.00, 0.47, 0.00, 1.0 },  /* orange 3 #ff7800 */
  { 0.57, 0.25, 0.67, 1.0 },  /* purple 3 #9141ac */
  { 0.60, 0.60, 0.59, 1.0 },  /* light 5 / dark 1 #9a9996 */
};

#define REFRESH_SECONDS 30

/* Below this width, or in a window shorter than this, the overview takes its
 * compact form: the percentage and the bar on top, the parts and the send
 * buttons folded under a Details toggle. At full size the overview is some
 * 170 px high; the list below should keep at least half of a phone's screen
 * (360 × 640) and of a short window. */
#define COMPACT_WIDTH         480
#define COMPACT_WINDOW_HEIGHT 700

struct _HrmProvisioningOverview
{
  GtkWidget               parent_instance;

  /* Template widgets */
  GtkLabel               *percent_label;
  GtkLabel               *enabled_label;
  GtkToggleButton        *details_button;
  GtkRevealer            *details_revealer;
  GtkDrawingArea         *bar;
  GtkButton              *part_buttons[N_PARTS];
  GtkLabel               *count_labels[N_PARTS];
  GtkRevealer            *job_revealer;
  GtkLabel               *job_label;
  GtkProgressBar         *job_progress;
  GtkButton              *show_job_button;
  GtkButton              *send_not_linked_button;
  GtkLabel               *send_not_linked_label;
  GtkButton              *resend_expired_button;
  GtkLabel               *resend_expired_label;

  /* Owned */
  HrmClient              *client;
  HrmProvisioningSummary *summary;
  HrmBulkJob             *job;          /* running in the server, shown in the banner */
  GCancellable           *cancellable;  /* the summary being read; cancelled in dispose */
  guint                   refresh_id;   /* while mapped */
  gboolean                compact;      /* narrow or short: the details fold */
  gboolean                expanded;     /* the details shown in the compact form */
};

G_DEFINE_FINAL_TYPE (HrmProvisioningOverview, hrm_provisioning_overview, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_SUMMARY,
  PROP_COMPACT,
  PROP_EXPANDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint
part_count (HrmProvisioningSummary *summary,
            guint                   part)
{
  switch (part)
    {
    case PART_LINKED: return hrm_provisioning_summary_get_linked (summary);
    case PART_PENDING: return hrm_provisioning_summary_get_pending (summary);
    case PART_EXPIRED: return hrm_provisioning_summary_get_expired (summary);
    case PART_WITH_EMAIL: return hrm_provisioning_summary_get_not_linked_with_email (summary);
    case PART_WITHOUT_EMAIL: return hrm_provisioning_summary_get_not_linked_without_email (summary);
    default: g_assert_not_reached ();
    }
}

/* What a screen reader says for a part: its name and its count. */
static char *
part_accessible_label (guint part,
                       guint count)
{
  switch (part)
    {
    case PART_LINKED:
      return g_strdup_printf (g_dngettext (NULL, "Linked: %u user. Show them",
                                           "Linked: %u users. Show them", count), count);
    case PART_PENDING:
      return g_strdup_printf (g_dngettext (NULL, "Pending: %u user. Show them",
                                           "Pending: %u users. Show them", count), count);
    case PART_EXPIRED:
      return g_strdup_printf (g_dngettext (NULL, "Link expired: %u user. Show them",
                                           "Link expired: %u users. Show them", count), count);
    case PART_WITH_EMAIL:
      return g_strdup_printf (g_dngettext (NULL, "Not linked, with email: %u user. Show them",
                                           "Not linked, with email: %u users. Show them",
                                           count), count);
    case PART_WITHOUT_EMAIL:
      return g_strdup_printf (g_dngettext (NULL, "Not linked, without email: %u user. Show them",
                                           "Not linked, without email: %u users. Show them",
                                           count), count);
    default:
      g_assert_not_reached ();
    }
}

static void
draw_bar (GtkDrawingArea *area,
          cairo_t        *cr,
          int             width,
          int             height,
          gpointer        user_data)
{
  HrmProvisioningOverview *self = user_data;
  double radius = height / 2.0;
  double x = 0;
  guint enabled;

  /* A rounded track, the parts in it side by side. */
  cairo_new_sub_path (cr);
  cairo_arc (cr, radius, radius, radius, G_PI / 2, 3 * G_PI / 2);
  cairo_arc (cr, width - radius, radius, radius, 3 * G_PI / 2, G_PI / 2);
  cairo_close_path (cr);
  cairo_clip (cr);
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.2);
  cairo_paint (cr);

  if (self->summary == NULL)
    return;

  enabled = hrm_provisioning_summary_get_enabled (self->summary);
  if (enabled == 0)
    return;

  for (guint part = 0; part < N_PARTS; part++)
    {
      guint count = part_count (self->summary, part);
      double w = (double) width * count / enabled;

      if (count == 0)
        continue;
      /* A part of one user among thousands still shows. */
      w = MAX (w, 3);
      gdk_cairo_set_source_rgba (cr, &part_colors[part]);
      cairo_rectangle (cr, x, 0, w, height);
      cairo_fill (cr);
      x += w;
      /* A hairline between parts, so neighbours are told apart without colour. */
      cairo_set_source_rgba (cr, 1, 1, 1, 0.8);
      cairo_rectangle (cr, x - 1, 0, 1, height);
      cairo_fill (cr);
    }
}

static void
update (HrmProvisioningOverview *self)
{
  g_autofree char *percent = NULL;
  g_autofree char *enabled = NULL;
  g_autofree char *bar_label = NULL;
  guint n_enabled;

  gtk_widget_set_visible (GTK_WIDGET (self), self->summary != NULL);
  if (self->summary == NULL)
    return;

  n_enabled = hrm_provisioning_summary_get_enabled (self->summary);
  /* TRANSLATORS: how many of the enabled users are linked; %u is 0–100 */
  percent = g_strdup_printf (_("%u %% linked"),
                             hrm_provisioning_summary_get_percent_linked (self->summary));
  gtk_label_set_label (self->percent_label, percent);
  enabled = g_strdup_printf (g_dngettext (NULL, "%u of %u enabled user", "%u of %u enabled users",
                                          n_enabled),
                             hrm_provisioning_summary_get_linked (self->summary), n_enabled);
  gtk_label_set_label (self->enabled_label, enabled);

  for (guint part = 0; part < N_PARTS; part++)
    {
      guint count = part_count (self->summary, part);
      g_autofree char *text = g_strdup_printf ("%u", count);
      g_autofree char *label = part_accessible_label (part, count);

      gtk_label_set_label (self->count_labels[part], text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->part_buttons[part]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      /* The tooltip says the same, made when asked for: the counts are set
       * while a resumed window is being shown. */
      hrm_widget_set_tooltip_on_request (GTK_WIDGET (self->part_buttons[part]), label);
    }

  {
    guint with_email = hrm_provisioning_summary_get_not_linked_with_email (self->summary);
    guint expired = hrm_provisioning_summary_get_expired (self->summary);
    g_autofree char *send = g_strdup_printf (_("Send to all not linked with email (%u)"), with_email);
    g_autofree char *resend = g_strdup_printf (_("Resend expired (%u)"), expired);

    gtk_label_set_label (self->send_not_linked_label, send);
    gtk_label_set_label (self->resend_expired_label, resend);
    /* A button with a label of its own as child has no name until given one. */
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->send_not_linked_button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, send, -1);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->resend_expired_button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, resend, -1);
    gtk_widget_set_visible (GTK_WIDGET (self->send_not_linked_button), with_email > 0);
    gtk_widget_set_visible (GTK_WIDGET (self->resend_expired_button), expired > 0);
  }

  /* TRANSLATORS: the bar's name for a screen reader: "62 % linked, 84 of 239 enabled users" */
  bar_label = g_strdup_printf (_("%s, %s"), percent, enabled);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  bar_label, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self->bar));
}

/* ---- the compact form ---------------------------------------------------- */

/* The parts and the send buttons: always at full size; in the compact form
 * only when the administrator asked for them. */
static void
update_details (HrmProvisioningOverview *self,
                gboolean                 animate)
{
  GtkRevealerTransitionType type = gtk_revealer_get_transition_type (self->details_revealer);

  if (!animate)
    gtk_revealer_set_transition_type (self->details_revealer, GTK_REVEALER_TRANSITION_TYPE_NONE);
  gtk_revealer_set_reveal_child (self->details_revealer, !self->compact || self->expanded);
  gtk_revealer_set_transition_type (self->details_revealer, type);
  gtk_button_set_icon_name (GTK_BUTTON (self->details_button),
                            self->expanded ? "pan-up-symbolic" : "pan-down-symbolic");
}

static void
set_compact (HrmProvisioningOverview *self,
             gboolean                 compact)
{
  if (self->compact == compact)
    return;

  self->compact = compact;
  gtk_widget_set_visible (GTK_WIDGET (self->details_button), compact);
  /* A window resized is no moment for a slide. */
  update_details (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT]);
}

static void
hrm_provisioning_overview_measure (GtkWidget      *widget,
                                   GtkOrientation  orientation,
                                   int             for_size,
                                   int            *minimum,
                                   int            *natural,
                                   int            *minimum_baseline,
                                   int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL)
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline,
                        natural_baseline);
}

/* The flow box of parts is shorter the wider it is. */
static GtkSizeRequestMode
hrm_provisioning_overview_get_request_mode (GtkWidget *widget)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  return child != NULL ? gtk_widget_get_request_mode (child) : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

/* The form follows the space there is: the overview's own width and the
 * window's height (the overview's own height is what the form decides, so
 * it cannot be the measure). */
static void
hrm_provisioning_overview_size_allocate (GtkWidget *widget,
                                         int        width,
                                         int        height,
                                         int        baseline)
{
  HrmProvisioningOverview *self = HRM_PROVISIONING_OVERVIEW (widget);
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (widget));
  GtkWidget *child = gtk_widget_get_first_child (widget);
  gboolean short_window = GTK_IS_WINDOW (root)
                          && gtk_widget_get_height (root) < COMPACT_WINDOW_HEIGHT;

  set_compact (self, width < COMPACT_WIDTH || short_window);
  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

/* ---- reading the summary ------------------------------------------------- */

static void
summary_ready (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HrmProvisioningOverview) self = user_data;
  g_autoptr(HrmProvisioningSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = hrm_client_get_provisioning_summary_finish (HRM_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);

  /* A failure keeps the last numbers (the list shows the error); an
   * administrator who may not manage users gets 403 and no overview. */
  if (error != NULL)
    {
      g_debug ("No provisioning summary: %s", error->message);
      if (g_error_matches (error, HRM_ERROR, HRM_ERROR_FORBIDDEN))
        hrm_provisioning_overview_set_summary (self, NULL);
      return;
    }

  hrm_provisioning_overview_set_summary (self, summary);
}

void
hrm_provisioning_overview_refresh (HrmProvisioningOverview *self)
{
  g_return_if_fail (HRM_IS_PROVISIONING_OVERVIEW (self));

  if (self->client == NULL)
    return;

  /* The newest question wins. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  hrm_client_get_provisioning_summary_async (self->client, self->cancellable, summary_ready,
                                             g_object_ref (self));
}

static gboolean
refresh_timeout (gpointer user_data)
{
  hrm_provisioning_overview_refresh (user_data);
  return G_SOURCE_CONTINUE;
}

static void
hrm_provisioning_overview_map (GtkWidget *widget)
{
  HrmProvisioningOverview *self = HRM_PROVISIONING_OVERVIEW (widget);

  GTK_WIDGET_CLASS (hrm_provisioning_overview_parent_class)->map (widget);

  /* Employees confirm on their own: follow them while anyone looks. */
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh_timeout, self);
}

static void
hrm_provisioning_overview_unmap (GtkWidget *widget)
{
  HrmProvisioningOverview *self = HRM_PROVISIONING_OVERVIEW (widget);

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  GTK_WIDGET_CLASS (hrm_provisioning_overview_parent_class)->unmap (widget);
}

/* ---- GObject ------------------------------------------------------------- */

static void
hrm_provisioning_overview_dispose (GObject *object)
{
  HrmProvisioningOverview *self = (HrmProvisioningOverview *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_object (&self->client);
  hrm_provisioning_overview_set_job (self, NULL);
  g_clear_object (&self->summary);
  gtk_widget_dispose_template (GTK_WIDGET (self), HRM_TYPE_PROVISIONING_OVERVIEW);
  /* The template's box has no id, so dispose_template leaves it. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (hrm_provisioning_overview_parent_class)->dispose (object);
}

static void
hrm_provisioning_overview_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  HrmProvisioningOverview *self = HRM_PROVISIONING_OVERVIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT: g_value_set_object (value, self->client); break;
    case PROP_SUMMARY: g_value_set_object (value, self->summary); break;
    case PROP_COMPACT: g_value_set_boolean (value, self->compact); break;
    case PROP_EXPANDED: g_value_set_boolean (value, self->expanded); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hrm_provisioning_overview_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  HrmProvisioningOverview *self = HRM_PROVISIONING_OVERVIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT: hrm_provisioning_overview_set_client (self, g_value_get_object (value)); break;
    case PROP_SUMMARY: hrm_provisioning_overview_set_summary (self, g_value_get_object (value)); break;
    case PROP_EXPANDED: hrm_provisioning_overview_set_expanded (self, g_value_get_boolean (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hrm_provisioning_overview_class_init (HrmProvisioningOverviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *buttons[N_PARTS] = {
    "linked_button", "pending_button", "expired_button", "with_email_button", "without_email_button",
  };
  static const char *counts[N_PARTS] = {
    "linked_count", "pending_count", "expired_count", "with_email_count", "without_email_count",
  };

  object_class->dispose = hrm_provisioning_overview_dispose;
  object_class->get_property = hrm_provisioning_overview_get_property;
  object_class->set_property = hrm_provisioning_overview_set_property;
  widget_class->map = hrm_provisioning_overview_map;
  widget_class->unmap = hrm_provisioning_overview_unmap;
  widget_class->get_request_mode = hrm_provisioning_overview_get_request_mode;
  widget_class->measure = hrm_provisioning_overview_measure;
  widget_class->size_allocate = hrm_provisioning_overview_size_allocate;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, HRM_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SUMMARY] =
    g_param_spec_object ("summary", NULL, NULL, HRM_TYPE_PROVISIONING_SUMMARY,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_EXPANDED] =
    g_param_spec_boolean ("expanded", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hrmusers/HrmUsers/hrm-provisioning-overview.ui");
  gtk_widget_class_bind_template_child (widget_class, HrmProvisioningOverview, percent_label);
  gtk_widget_class_bind_template_child (widget_class, HrmProvisioningOverview, enabled_label);
  gtk_widget_class_bind_template_child (widget_class, HrmProvisioningOverview, details_button);
  gtk_widget_class_bind_template_child (widget_class, HrmProvisioningOverview, details_revealer);
  gtk_widget_class_bind_template_child (widget_class, HrmProvisioningOverview, bar);
  gtk_widget_class_bind_template_child (widget_class, HrmProvisioningOverview, job_revealer);
  gtk_widget_class_bind_template_child (widget_class, HrmProvisioningOverview, job_label);
  gtk_widget_class_bind_template_child (widget_class, HrmProvisioningOverview, job_progress);
  gtk_widget_class_bind_template_child (widget_class, HrmProvisioningOverview, show_job_button);
  gtk_widget_class_bind_template_child (widget_class, HrmProvisioningOverview, send_not_linked_button);
  gtk_widget_class_bind_template_child (widget_class, HrmProvisioningOverview, send_not_linked_label);
  gtk_widget_class_bind_template_child (widget_class, HrmProvisioningOverview, resend_expired_button);
  gtk_widget_class_bind_template_child (widget_class, HrmProvisioningOverview, resend_expired_label);
  for (guint part = 0; part < N_PARTS; part++)
    {
      gtk_widget_class_bind_template_child_full (widget_class, buttons[part], FALSE,
                                                 G_STRUCT_OFFSET (HrmProvisioningOverview,
                                                                  part_buttons[part]));
      gtk_widget_class_bind_template_child_full (widget_class, counts[part], FALSE,
                                                 G_STRUCT_OFFSET (HrmProvisioningOverview,
                                                                  count_labels[part]));
    }
  gtk_widget_class_set_css_name (widget_class, "provisioning-overview");
}

static void
hrm_provisioning_overview_init (HrmProvisioningOverview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  hrm_widget_set_fixed_tooltip (GTK_WIDGET (self->show_job_button),
                                _("Show the sending of verification emails"));
  gtk_drawing_area_set_draw_func (self->bar, draw_bar, self, NULL);
  g_object_bind_property (self, "expanded", self->details_button, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  update (self);
}

/* ---- public -------------------------------------------------------------- */

GtkWidget *
hrm_provisioning_overview_new (void)
{
  return g_object_new (HRM_TYPE_PROVISIONING_OVERVIEW, NULL);
}

void
hrm_provisioning_overview_set_client (HrmProvisioningOverview *self,
                                      HrmClient               *client)
{
  hrm_provisioning_overview_set_client_with_summary (self, client, NULL);
}

void
hrm_provisioning_overview_set_client_with_summary (HrmProvisioningOverview *self,
                                                   HrmClient               *client,
                                                   HrmProvisioningSummary  *summary)
{
  g_return_if_fail (HRM_IS_PROVISIONING_OVERVIEW (self));
  g_return_if_fail (client == NULL || HRM_IS_CLIENT (client));
  g_return_if_fail (summary == NULL || (HRM_IS_PROVISIONING_SUMMARY (summary) && client != NULL));

  if (self->client == client)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->client, client);
  hrm_provisioning_overview_set_summary (self, summary);
  if (summary == NULL)
    hrm_provisioning_overview_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

HrmProvisioningSummary *
hrm_provisioning_overview_get_summary (HrmProvisioningOverview *self)
{
  g_return_val_if_fail (HRM_IS_PROVISIONING_OVERVIEW (self), NULL);
  return self->summary;
}

void
hrm_provisioning_overview_set_summary (HrmProvisioningOverview *self,
                                       HrmProvisioningSummary  *summary)
{
  g_return_if_fail (HRM_IS_PROVISIONING_OVERVIEW (self));
  g_return_if_fail (summary == NULL || HRM_IS_PROVISIONING_SUMMARY (summary));

  if (!g_set_object (&self->summary, summary))
    return;

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
}

static void
on_job_progress (HrmProvisioningOverview *self)
{
  g_autofree char *text = NULL;

  /* TRANSLATORS: the banner while a bulk job runs: "Sending verification emails: 12 of 40" */
  text = g_strdup_printf (_("Sending verification emails: %u of %u"),
                          hrm_bulk_job_get_processed (self->job), hrm_bulk_job_get_total (self->job));
  gtk_label_set_label (self->job_label, text);
  gtk_progress_bar_set_fraction (self->job_progress, hrm_bulk_job_get_fraction (self->job));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->job_progress),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text, -1);
  /* The counts move as the job goes. */
  hrm_provisioning_overview_refresh (self);
}

/**
 * hrm_provisioning_overview_set_job:
 * @job: (nullable): a job running in the server (followed by whoever polls
 *   it), shown in a banner above the bar with a Show button
 *   ("users.show-job"); %NULL hides the banner.
 */
void
hrm_provisioning_overview_set_job (HrmProvisioningOverview *self,
                                   HrmBulkJob              *job)
{
  g_return_if_fail (HRM_IS_PROVISIONING_OVERVIEW (self));
  g_return_if_fail (job == NULL || HRM_IS_BULK_JOB (job));

  if (self->job == job)
    return;

  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_set_object (&self->job, job);
  gtk_revealer_set_reveal_child (self->job_revealer, job != NULL);
  if (job != NULL)
    {
      g_signal_connect_swapped (job, "notify::processed", G_CALLBACK (on_job_progress), self);
      on_job_progress (self);
    }
}

gboolean
hrm_provisioning_overview_get_compact (HrmProvisioningOverview *self)
{
  g_return_val_if_fail (HRM_IS_PROVISIONING_OVERVIEW (self), FALSE);
  return self->compact;
}

gboolean
hrm_provisioning_overview_get_expanded (HrmProvisioningOverview *self)
{
  g_return_val_if_fail (HRM_IS_PROVISIONING_OVERVIEW (self), FALSE);
  return self->expanded;
}

/**
 * hrm_provisioning_overview_set_expanded:
 * Whether the compact form shows the parts and the send buttons (the Details
 * toggle); at full size they always show.
 */
void
hrm_provisioning_overview_set_expanded (HrmProvisioningOverview *self,
                                        gboolean                 expanded)
{
  g_return_if_fail (HRM_IS_PROVISIONING_OVERVIEW (self));

  expanded = !!expanded;
  if (self->expanded == expanded)
    return;

  self->expanded = expanded;
  update_details (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPANDED]);
}
