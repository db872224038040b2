/* hrm-dialogs.h — the app's questions and its About, in one place
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* One button of a question. */
typedef struct {
  const char            *id;
  const char            *label;      /* translated, with a mnemonic */
  AdwResponseAppearance  appearance;
} HrmDialogResponse;

/* Called with the id of the button the user chose (or the close response). */
typedef void (*HrmDialogResponseFunc) (GtkWidget  *dialog,
                                       const char *response,
                                       gpointer    object);

/* Asks a question over the window of @parent and returns the dialog, which is
 * an AdwMessageDialog with libadwaita < 1.5 and an AdwAlertDialog from 1.5
 * (see "Newer libadwaita" in HACKING.md). @responses ends with an entry whose
 * id is NULL. @default_response and @close_response may be NULL. @callback,
 * if not NULL, is called with @object while @object is alive. */
GtkWidget *hrm_dialog_ask   (GtkWidget               *parent,
                             const char              *heading,
                             const char              *body,
                             const HrmDialogResponse *responses,
                             const char              *default_response,
                             const char              *close_response,
                             HrmDialogResponseFunc    callback,
                             gpointer                 object);

/* Makes @window transient for @parent (which may be NULL) and lets go of
 * @parent when it is destroyed. For windows with destroy-with-parent whose
 * requests hold them: see hrm-dialogs.c. */
void       hrm_dialog_set_parent (GtkWindow          *window,
                                  GtkWindow          *parent);

/* Shows the About of the application over @parent (which may be NULL). */
void       hrm_dialog_show_about (GtkWindow          *parent);

G_END_DECLS
