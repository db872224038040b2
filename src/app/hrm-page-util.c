/* hrm-page-util.c — small helpers the user page and its tabs share
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-page-util"

#include "config.h"

#include <glib/gi18n.h>

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

static void
on_toast_dismissed (AdwToast  *toast,
                    GtkWidget *overlay)
{
  if (g_object_get_data (G_OBJECT (overlay), "hrm-last-toast") == toast)
    g_object_set_data (G_OBJECT (overlay), "hrm-last-toast", NULL);
}

void
hrm_show_toast (GtkWidget  *widget,
                const char *title)
{
  GtkWidget *overlay;
  g_autofree char *escaped = NULL;
  AdwToast *toast;
  AdwToast *last;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (title != NULL);

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    {
      g_debug ("No toast overlay for: %s", title);
      return;
    }

  /* The newest outcome matters: it replaces ours still on screen instead of
   * waiting behind it. */
  last = g_object_get_data (G_OBJECT (overlay), "hrm-last-toast");
  if (last != NULL)
    adw_toast_dismiss (last);

  /* A toast's title is markup in libadwaita 1.2. */
  escaped = g_markup_escape_text (title, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 5);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_toast_dismissed), overlay, 0);
  g_object_set_data_full (G_OBJECT (overlay), "hrm-last-toast", g_object_ref (toast),
                          g_object_unref);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}
