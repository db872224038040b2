/* hrm-page-util.h — small helpers the user page and its tabs share
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hrm-lib.h"

G_BEGIN_DECLS

/* A date and time in the local time zone, e.g. "24 November 2026, 09:12". */
char *hrm_format_date_time (GDateTime  *datetime);
/* A calendar day given as YYYY-MM-DD, e.g. "5 July 2026"; @ymd itself when
 * it is no such day. */
char *hrm_format_date      (const char *ymd);
/* Adds a toast (@title is plain text) to the AdwToastOverlay above @widget. */
void  hrm_show_toast       (GtkWidget  *widget,
                            const char *title);
/* The same, with a Retry button that activates @action_name on @widget. */
void  hrm_show_retry_toast (GtkWidget  *widget,
                            const char *title,
                            const char *action_name);
/* A toast with a button (@button_label, with a mnemonic) that activates
 * @action_name on @widget; it stays until dismissed: an offer to act on.
 * Returns: (transfer none): the toast, to dismiss when the offer goes. */
AdwToast *hrm_show_action_toast (GtkWidget  *widget,
                             const char *title,
                             const char *button_label,
                             const char *action_name);

/* Gives @button the menu @model, its popover built the first time it opens
 * (a GtkMenuButton given a model builds the whole popover at once, and the
 * window starts with three closed). */
void  hrm_menu_button_set_menu_model_on_demand (GtkMenuButton *button,
                                                GMenuModel    *model);

/* The picture of a user's link to the identity provider, as the users list
 * shows it: a green check when linked, a sent mail in the accent colour while
 * pending, a warning when the link expired, a dim "not connected" sign. */
void  hrm_connection_look  (HrmUser     *user,
                            GDateTime   *now,
                            const char **icon_name,
                            const char **style_class);
/* Sets @widget's tooltip when @text differs from it. GTK asks the X server
 * where the pointer is on every set, changed or not, and starts its tooltip
 * timer when the pointer is over the window. */
void  hrm_widget_set_tooltip_text (GtkWidget  *widget,
                                   const char *text);
/* Keeps @text as @widget's tooltip, given when GTK asks for it: setting it
 * asks the X server nothing (see the .c). %NULL or "" for none. */
void  hrm_widget_set_tooltip_on_request (GtkWidget  *widget,
                                         const char *text);
/* Gives @widget a tooltip that never changes, on request as above, and
 * the same words as its accessible description, as GTK's tooltip does. */
void  hrm_widget_set_fixed_tooltip (GtkWidget  *widget,
                                    const char *text);
/* Shows @icon_name on @image with @style_class as its only colour class. */
void  hrm_set_state_image  (GtkImage    *image,
                            const char  *icon_name,
                            const char  *style_class);
/* Connects @callback (swapped: @object first) to @group's target, an
 * HrmUser, for every change of the user's link: its state, addresses,
 * dates and delivery. What shows the link follows the user object this way
 * instead of being told after each load or poll. */
void  hrm_signal_group_connect_link_changes (GSignalGroup *group,
                                             GCallback     callback,
                                             gpointer      object);

/* An entry row of the user page with the error row under it; the sections
 * fill these from their templates. */
typedef struct
{
  /* template widgets */
  AdwEntryRow       *row;
  AdwPreferencesRow *error_row;
  GtkLabel          *error_label;

  /* owned */
  char              *shown;         /* the user's value last put in the row */
  char              *server_error;  /* a 422 reason, until the field is edited */
} HrmFieldRow;

const char *hrm_field_row_get_text  (HrmFieldRow *field);
/* Whether the text differs from what was last shown. */
gboolean    hrm_field_row_is_dirty  (HrmFieldRow *field);
/* Puts @value in the row (NULL: empty) and forgets the server's error. */
void        hrm_field_row_show      (HrmFieldRow *field,
                                     const char  *value);
/* Shows @message under the row (NULL or "": no error). */
void        hrm_field_row_set_error (HrmFieldRow *field,
                                     const char  *message);
void        hrm_field_row_clear     (HrmFieldRow *field);

G_END_DECLS
