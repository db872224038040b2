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

void
hrm_show_toast (GtkWidget  *widget,
                const char *title)
{
  GtkWidget *overlay;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (title != NULL);

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    {
      g_debug ("No toast overlay for: %s", title);
      return;
    }

  /* A toast's title is markup in libadwaita 1.2. */
  escaped = g_markup_escape_text (title, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}
