/* hrm-dialogs.c — the app's questions and its About, in one place
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The only file allowed past the 1.2 pin (meson.build): GNOME 49 deprecates
 * AdwMessageDialog and AdwAboutWindow, and their drop-in replacements came in
 * 1.5. Every use of them is behind ADW_CHECK_VERSION (1, 5, 0) below, so with
 * Debian 12's 1.2 headers this file still builds the 1.2 path only.
 * ADW_ENCODE_VERSION, not ADW_VERSION_1_5: 1.2's headers do not define the
 * latter, and an undefined name in #if is 0 (it would hide 1.1's API). */
#undef ADW_VERSION_MAX_ALLOWED
#define ADW_VERSION_MAX_ALLOWED ADW_ENCODE_VERSION (1, 5, 0)

#define G_LOG_DOMAIN "hrm-dialogs"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-dialogs.h"

#if ADW_CHECK_VERSION (1, 5, 0)
# define HRM_DIALOG_ALERT 1
# define HRM_ABOUT_TYPE   ADW_TYPE_ABOUT_DIALOG
#else
# define HRM_DIALOG_ALERT 0
# define HRM_ABOUT_TYPE   ADW_TYPE_ABOUT_WINDOW
#endif

#if HRM_DIALOG_ALERT

/* AdwAlertDialog is an AdwDialog: a widget the window hosts, not a window. */
GtkWidget *
hrm_dialog_ask (GtkWidget               *parent,
                const char              *heading,
                const char              *body,
                const HrmDialogResponse *responses,
                const char              *default_response,
                const char              *close_response,
                HrmDialogResponseFunc    callback,
                gpointer                 object)
{
  AdwAlertDialog *dialog = ADW_ALERT_DIALOG (adw_alert_dialog_new (heading, body));

  for (const HrmDialogResponse *r = responses; r->id != NULL; r++)
    {
      adw_alert_dialog_add_response (dialog, r->id, r->label);
      adw_alert_dialog_set_response_appearance (dialog, r->id, r->appearance);
    }
  if (default_response != NULL)
    adw_alert_dialog_set_default_response (dialog, default_response);
  if (close_response != NULL)
    adw_alert_dialog_set_close_response (dialog, close_response);
  if (callback != NULL)
    g_signal_connect_object (dialog, "response", G_CALLBACK (callback), object, 0);

  adw_dialog_present (ADW_DIALOG (dialog), parent);
  return GTK_WIDGET (dialog);
}

#else /* !HRM_DIALOG_ALERT */

GtkWidget *
hrm_dialog_ask (GtkWidget               *parent,
                const char              *heading,
                const char              *body,
                const HrmDialogResponse *responses,
                const char              *default_response,
                const char              *close_response,
                HrmDialogResponseFunc    callback,
                gpointer                 object)
{
  GtkRoot *root = parent != NULL ? gtk_widget_get_root (parent) : NULL;
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body));
  for (const HrmDialogResponse *r = responses; r->id != NULL; r++)
    {
      adw_message_dialog_add_response (dialog, r->id, r->label);
      adw_message_dialog_set_response_appearance (dialog, r->id, r->appearance);
    }
  if (default_response != NULL)
    adw_message_dialog_set_default_response (dialog, default_response);
  if (close_response != NULL)
    adw_message_dialog_set_close_response (dialog, close_response);
  if (callback != NULL)
    g_signal_connect_object (dialog, "response", G_CALLBACK (callback), object, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WIDGET (dialog);
}

#endif /* HRM_DIALOG_ALERT */

/* The main window goes (the application quits, a test ends) while a request
 * of a dialog is still in flight and holds it. GTK 4.8 then destroys the
 * dialog (destroy-with-parent) but keeps the parent as its transient parent,
 * and when the request ends the dialog's dispose disconnects from a finalized
 * window ("instance with invalid (NULL) class pointer", seen under ASan with
 * the bulk dialog). Let go of the parent while it is still there. */
static void
on_parent_destroy (GtkWindow *window)
{
  gtk_window_set_transient_for (window, NULL);
}

void
hrm_dialog_set_parent (GtkWindow *window,
                       GtkWindow *parent)
{
  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  gtk_window_set_transient_for (window, parent);
  if (parent != NULL)
    g_signal_connect_object (parent, "destroy", G_CALLBACK (on_parent_destroy), window,
                             G_CONNECT_SWAPPED);
}

void
hrm_dialog_show_about (GtkWindow *parent)
{
  static const char *developers[] = { "The HRM Users authors", NULL };
  GtkIconTheme *icons = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  GObject *about;

  /* Both types have the same properties; only how they are shown differs. */
  about = g_object_new (HRM_ABOUT_TYPE,
                        "application-name", _("HRM Users"),
                        /* Run from the build tree the icon is not installed. */
                        "application-icon", gtk_icon_theme_has_icon (icons, APPLICATION_ID)
                                            ? APPLICATION_ID : "system-users-symbolic",
                        "developer-name", _("The HRM Users authors"),
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/hrmusers/hrm-users",
                        "issue-url", "https://github.com/hrmusers/hrm-users/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The HRM Users authors",
                        "developers", developers,
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
#if HRM_DIALOG_ALERT
  adw_dialog_present (ADW_DIALOG (about), parent != NULL ? GTK_WIDGET (parent) : NULL);
#else
  gtk_window_set_transient_for (GTK_WINDOW (about), parent);
  gtk_window_present (GTK_WINDOW (about));
#endif
}
