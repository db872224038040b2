/* hrm-page-util.c — small helpers the user page and its tabs share
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-page-util"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-a11y.h"
#include "hrm-page-util.h"

char *
hrm_format_date_time (GDateTime *datetime)
{
  g_autoptr(GDateTime) local = NULL;

  if (datetime == NULL)
    return g_strdup (_("an unknown date"));

  local = g_date_time_to_local (datetime);
  /* Translators: a date and time in g_date_time_format() notation, e.g. "24 November 2026, 09:12" */
  return g_date_time_format (local, _("%-d %B %Y, %H:%M"));
}

char *
hrm_format_date (const char *ymd)
{
  g_autoptr(GDateTime) day = NULL;
  g_autofree char *midnight = NULL;

  g_return_val_if_fail (ymd != NULL, NULL);

  /* Midnight in UTC read as such: a day has no time zone to move it. */
  midnight = g_strconcat (ymd, "T00:00:00Z", NULL);
  if (hrm_validate_date (ymd, NULL))
    day = g_date_time_new_from_iso8601 (midnight, NULL);
  if (day == NULL)
    return g_strdup (ymd);
  /* Translators: a date in g_date_time_format() notation, e.g. "5 July 2026" */
  return g_date_time_format (day, _("%-d %B %Y"));
}

static void
on_toast_dismissed (AdwToast  *toast,
                    GtkWidget *overlay)
{
  if (g_object_get_data (G_OBJECT (overlay), "hrm-last-toast") == toast)
    g_object_set_data (G_OBJECT (overlay), "hrm-last-toast", NULL);
}

static void
show_toast (GtkWidget *widget,
            AdwToast  *toast)
{
  GtkWidget *overlay;
  AdwToast *last;

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    {
      g_debug ("No toast overlay for: %s", adw_toast_get_title (toast));
      g_object_unref (toast);
      return;
    }

  /* The newest outcome matters: it replaces ours still on screen instead of
   * waiting behind it. */
  last = g_object_get_data (G_OBJECT (overlay), "hrm-last-toast");
  if (last != NULL)
    adw_toast_dismiss (last);

  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_toast_dismissed), overlay, 0);
  g_object_set_data_full (G_OBJECT (overlay), "hrm-last-toast", g_object_ref (toast),
                          g_object_unref);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  hrm_a11y_name_toasts (ADW_TOAST_OVERLAY (overlay));
}

static AdwToast *
toast_new (const char *title)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  /* A toast's title is markup in libadwaita 1.2. */
  escaped = g_markup_escape_text (title, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 5);
  return toast;
}

void
hrm_show_toast (GtkWidget  *widget,
                const char *title)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (title != NULL);

  show_toast (widget, toast_new (title));
}

static void
on_retry_clicked (AdwToast  *toast,
                  GtkWidget *widget)
{
  const char *action_name = g_object_get_data (G_OBJECT (toast), "hrm-action-name");

  g_debug ("Retrying %s from the toast", action_name);
  gtk_widget_activate_action (widget, action_name, NULL);
}

void
hrm_show_retry_toast (GtkWidget  *widget,
                      const char *title,
                      const char *action_name)
{
  AdwToast *toast;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (title != NULL);
  g_return_if_fail (action_name != NULL);

  toast = toast_new (title);
  adw_toast_set_button_label (toast, _("_Retry"));
  /* Time to read what went wrong and decide. */
  adw_toast_set_timeout (toast, 10);
  /* The toast overlay sits above the widget that has the action, so the
   * button activates it from the widget (not through the toast's own
   * action-name, which would look for it from the overlay). */
  g_object_set_data_full (G_OBJECT (toast), "hrm-action-name", g_strdup (action_name), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_retry_clicked), widget, 0);
  show_toast (widget, toast);
}

void
hrm_signal_group_connect_link_changes (GSignalGroup *group,
                                       GCallback     callback,
                                       gpointer      object)
{
  /* Everything the connection row, the header and hrm_connection_look() read. */
  static const char * const link_properties[] = {
    "connection-state", "connection-email", "verified-at", "pending-email", "sent-at",
    "expires-at", "expired", "delivery-state", "delivery-error", "delivery-at",
    "removal-scheduled-on",
  };

  g_return_if_fail (G_IS_SIGNAL_GROUP (group));
  g_return_if_fail (G_IS_OBJECT (object));

  for (guint i = 0; i < G_N_ELEMENTS (link_properties); i++)
    {
      g_autofree char *detailed = g_strconcat ("notify::", link_properties[i], NULL);

      g_signal_group_connect_object (group, detailed, callback, object, G_CONNECT_SWAPPED);
    }
}

static void
create_menu_popover (GtkMenuButton *button,
                     gpointer       user_data)
{
  /* Called each time the menu opens: the first builds it. */
  if (gtk_menu_button_get_popover (button) == NULL)
    gtk_menu_button_set_menu_model (button, G_MENU_MODEL (user_data));
}

void
hrm_menu_button_set_menu_model_on_demand (GtkMenuButton *button,
                                          GMenuModel    *model)
{
  g_return_if_fail (GTK_IS_MENU_BUTTON (button));
  g_return_if_fail (G_IS_MENU_MODEL (model));

  gtk_menu_button_set_create_popup_func (button, create_menu_popover, g_object_ref (model),
                                         g_object_unref);
}

void
hrm_connection_look (HrmUser     *user,
                     GDateTime   *now,
                     const char **icon_name,
                     const char **style_class)
{
  g_return_if_fail (HRM_IS_USER (user));
  g_return_if_fail (now != NULL);
  g_return_if_fail (icon_name != NULL && style_class != NULL);

  switch (hrm_user_get_connection_state (user))
    {
    case HRM_CONNECTION_LINKED:
      *icon_name = "emblem-ok-symbolic";
      *style_class = "success";
      break;

    case HRM_CONNECTION_PENDING:
      /* Sent and waiting, or a warning (the link expired, or its mail
       * bounced): a different shape, not only another colour. */
      if (hrm_user_is_pending_expired (user, now)
          || g_strcmp0 (hrm_user_get_delivery_state (user), "failed") == 0)
        {
          *icon_name = "dialog-warning-symbolic";
          *style_class = "warning";
        }
      else
        {
          *icon_name = "mail-send-symbolic";
          *style_class = "accent";
        }
      break;

    case HRM_CONNECTION_NOT_LINKED:
    default:
      /* Not connected (a light bulb would read as a tip, a prohibition sign as "disabled"). */
      *icon_name = "network-offline-symbolic";
      *style_class = "dim-label";
      break;
    }
}

void
hrm_widget_set_tooltip_text (GtkWidget  *widget,
                             const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  /* GTK keeps an empty tooltip as none. */
  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
}

static gboolean
query_tooltip_on_request (GtkWidget  *widget,
                          int         x,
                          int         y,
                          gboolean    keyboard_mode,
                          GtkTooltip *tooltip,
                          gpointer    user_data)
{
  const char *text = g_object_get_data (G_OBJECT (widget), "hrm-tooltip-text");

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* GTK 4.8 asks the display where the pointer is whenever a widget's tooltip
 * is set, in case it is over the widget: three X round trips, even for a
 * widget that is in no window yet, such as one a template is building. The
 * window's first frame had a dozen of them (bench/README.md). This keeps
 * @text on @widget and gives it when GTK asks (query-tooltip), so setting it,
 * again and again, asks nothing; %NULL or "" for none. */
void
hrm_widget_set_tooltip_on_request (GtkWidget  *widget,
                                   const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_object_get_data (G_OBJECT (widget), "hrm-tooltip-on-request") == NULL)
    {
      g_object_set_data (G_OBJECT (widget), "hrm-tooltip-on-request", GINT_TO_POINTER (TRUE));
      g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_tooltip_on_request), NULL);
    }
  g_object_set_data_full (G_OBJECT (widget), "hrm-tooltip-text", g_strdup (text), g_free);
  gtk_widget_set_has_tooltip (widget, text != NULL);
}

/* What GTK's own tooltip does, less the X server's question: the text on
 * request, and as the accessible description. */
void
hrm_widget_set_fixed_tooltip (GtkWidget  *widget,
                              const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (text != NULL && *text != '\0');
  g_return_if_fail (!gtk_widget_get_has_tooltip (widget));

  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
  hrm_widget_set_tooltip_on_request (widget, text);
}

void
hrm_set_state_image (GtkImage   *image,
                     const char *icon_name,
                     const char *style_class)
{
  static const char * const classes[] = { "success", "accent", "warning", "dim-label" };

  g_return_if_fail (GTK_IS_IMAGE (image));

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (image), classes[i]);
  if (style_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (image), style_class);
  gtk_image_set_from_icon_name (image, icon_name);
}

/* Entry rows with an error under them */

const char *
hrm_field_row_get_text (HrmFieldRow *field)
{
  return gtk_editable_get_text (GTK_EDITABLE (field->row));
}

gboolean
hrm_field_row_is_dirty (HrmFieldRow *field)
{
  return g_strcmp0 (hrm_field_row_get_text (field), field->shown != NULL ? field->shown : "") != 0;
}

void
hrm_field_row_show (HrmFieldRow *field,
                    const char  *value)
{
  g_free (field->shown);
  field->shown = g_strdup (value != NULL ? value : "");
  g_clear_pointer (&field->server_error, g_free);
  gtk_editable_set_text (GTK_EDITABLE (field->row), field->shown);
}

void
hrm_field_row_set_error (HrmFieldRow *field,
                         const char  *message)
{
  gboolean invalid = message != NULL && *message != '\0';

  gtk_label_set_text (field->error_label, invalid ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (field->error_row), invalid);
  if (invalid)
    gtk_widget_add_css_class (GTK_WIDGET (field->row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (field->row), "error");

  gtk_accessible_update_state (GTK_ACCESSIBLE (field->row),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               invalid ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (field->row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, invalid ? message : "",
                                  -1);
}

void
hrm_field_row_clear (HrmFieldRow *field)
{
  g_clear_pointer (&field->shown, g_free);
  g_clear_pointer (&field->server_error, g_free);
}

/* The button of an action toast: the toast overlay sits above the widget
 * that has the action, so it is activated from the widget. */
static void
on_action_clicked (AdwToast  *toast,
                   GtkWidget *widget)
{
  const char *action_name = g_object_get_data (G_OBJECT (toast), "hrm-action-name");

  gtk_widget_activate_action (widget, action_name, NULL);
}

AdwToast *
hrm_show_action_toast (GtkWidget  *widget,
                       const char *title,
                       const char *button_label,
                       const char *action_name)
{
  AdwToast *toast;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (button_label != NULL, NULL);
  g_return_val_if_fail (action_name != NULL, NULL);

  toast = toast_new (title);
  adw_toast_set_button_label (toast, button_label);
  adw_toast_set_timeout (toast, 0);
  g_object_set_data_full (G_OBJECT (toast), "hrm-action-name", g_strdup (action_name), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_action_clicked), widget, 0);
  show_toast (widget, toast);
  return toast;
}
