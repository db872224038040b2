/* hrm-a11y.h — what a screen reader hears where GTK 4.8 and libadwaita 1.2 say nothing
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Keeps the pages of @stack that are not shown out of the accessibility tree.
 * @stack is anything with a "visible-child" (GtkStack, AdwViewStack,
 * AdwSqueezer): GTK 4.8 only unmaps the other pages, and AT-SPI still lists them. */
void hrm_a11y_hide_unseen_pages  (GtkWidget   *stack);

/* Names every button under @root that shows only an icon after its tooltip,
 * or @fallback when it has none: GTK 4.8 names such a button after its class
 * ("GtkButton", "GtkImage"). For the buttons inside libadwaita's own widgets
 * (the password row's peek button, a toast's close button). */
void hrm_a11y_name_icon_buttons  (GtkWidget   *root,
                                  const char  *fallback);

/* Names the button that opens @drop_down "@label: the selected item", and
 * keeps the name up to date: GTK 4.8 names it "GtkToggleButton". */
void hrm_a11y_name_drop_down     (GtkDropDown *drop_down,
                                  const char  *label);

/* Names every button under @root that has a label by that label alone, and
 * follows label changes: GTK 4.8 names such a button twice, "_Save Save". */
void hrm_a11y_name_labelled_buttons (GtkWidget *root);

/* Gives @row (whose model holds GtkStringObjects) a factory whose list items
 * (in the row and in its popup, with a check mark on the selected one as
 * libadwaita's own) are named by their text: GTK 4.8 leaves them empty. */
void hrm_a11y_name_combo_items   (AdwComboRow *row);

/* Names the buttons (close, and Retry) of the toasts that @overlay shows now. */
void hrm_a11y_name_toasts        (AdwToastOverlay *overlay);

G_END_DECLS
