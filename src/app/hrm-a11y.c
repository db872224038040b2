/* hrm-a11y.c — what a screen reader hears where GTK 4.8 and libadwaita 1.2 say nothing
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-a11y"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-a11y.h"

/* Pages out of sight */

static void
update_unseen_pages (GtkWidget *stack)
{
  g_autoptr(GtkWidget) visible = NULL;

  g_object_get (stack, "visible-child", &visible, NULL);
  for (GtkWidget *child = gtk_widget_get_first_child (stack); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      /* An invisible child is hidden by GTK already; leave it so. */
      if (!gtk_widget_get_visible (child))
        continue;
      gtk_accessible_update_state (GTK_ACCESSIBLE (child),
                                   GTK_ACCESSIBLE_STATE_HIDDEN, child != visible,
                                   -1);
    }
}

void
hrm_a11y_hide_unseen_pages (GtkWidget *stack)
{
  g_return_if_fail (GTK_IS_WIDGET (stack));
  g_return_if_fail (g_object_class_find_property (G_OBJECT_GET_CLASS (stack), "visible-child"));

  g_signal_connect (stack, "notify::visible-child", G_CALLBACK (update_unseen_pages), NULL);
  update_unseen_pages (stack);
}

/* Buttons that only show an icon */

static void
name_after_tooltip (GtkWidget  *button,
                    GParamSpec *pspec,
                    const char *fallback)
{
  const char *tooltip = gtk_widget_get_tooltip_text (button);

  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip != NULL && *tooltip != '\0' ? tooltip : fallback,
                                  -1);
}

static void
name_icon_buttons (GtkWidget  *widget,
                   const char *fallback)
{
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) == NULL
      && !g_object_get_data (G_OBJECT (widget), "hrm-a11y-named"))
    {
      /* @fallback is a translation: it lives as long as the program. */
      g_object_set_data (G_OBJECT (widget), "hrm-a11y-named", GINT_TO_POINTER (TRUE));
      name_after_tooltip (widget, NULL, fallback);
      g_signal_connect (widget, "notify::tooltip-text", G_CALLBACK (name_after_tooltip),
                        (gpointer) fallback);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    name_icon_buttons (child, fallback);
}

void
hrm_a11y_name_icon_buttons (GtkWidget  *root,
                            const char *fallback)
{
  g_return_if_fail (GTK_IS_WIDGET (root));
  g_return_if_fail (fallback != NULL);

  name_icon_buttons (root, fallback);
}

/* Buttons with a label */

/* GTK 4.8's GtkButton sets both its label ("_Save", as given) as its
 * accessible label and its label child ("Save") as labelled-by: the name is
 * both, "_Save Save". The child alone says it right. */
static void
name_by_label_child (GtkButton  *button,
                     GParamSpec *pspec,
                     gpointer    data)
{
  if (gtk_button_get_label (button) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

void
hrm_a11y_name_labelled_buttons (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_BUTTON (root) && !g_object_get_data (G_OBJECT (root), "hrm-a11y-labelled"))
    {
      g_object_set_data (G_OBJECT (root), "hrm-a11y-labelled", GINT_TO_POINTER (TRUE));
      name_by_label_child (GTK_BUTTON (root), NULL, NULL);
      /* After GtkButton's own handler has set the label again. */
      g_signal_connect_after (root, "notify::label", G_CALLBACK (name_by_label_child), NULL);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    hrm_a11y_name_labelled_buttons (child);
}

/* Drop-downs */

static GtkWidget *
find_toggle_button (GtkWidget *widget)
{
  if (GTK_IS_TOGGLE_BUTTON (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_toggle_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
update_drop_down_name (GtkDropDown *drop_down)
{
  GtkWidget *button = find_toggle_button (GTK_WIDGET (drop_down));
  const char *label = g_object_get_data (G_OBJECT (drop_down), "hrm-a11y-label");
  gpointer item = gtk_drop_down_get_selected_item (drop_down);
  g_autofree char *name = NULL;

  if (button == NULL)
    return;

  if (GTK_IS_STRING_OBJECT (item))
    /* Translators: how a screen reader names a filter's button, e.g.
     * "Connection filter: Pending" */
    name = g_strdup_printf (_("%s: %s"), label, gtk_string_object_get_string (item));
  else
    name = g_strdup (label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

void
hrm_a11y_name_drop_down (GtkDropDown *drop_down,
                         const char  *label)
{
  g_return_if_fail (GTK_IS_DROP_DOWN (drop_down));
  g_return_if_fail (label != NULL);

  g_object_set_data_full (G_OBJECT (drop_down), "hrm-a11y-label", g_strdup (label), g_free);
  g_signal_connect (drop_down, "notify::selected", G_CALLBACK (update_drop_down_name), NULL);
  update_drop_down_name (drop_down);
}

/* Combo rows' popup lists */

/* The check mark is for the popup's selected item; the row itself shows the
 * selected item without one. */
static void
update_combo_item_check (GtkListItem *item)
{
  AdwComboRow *row = g_object_get_data (G_OBJECT (item), "hrm-a11y-row");
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *check = gtk_widget_get_last_child (box);
  gboolean in_popup = gtk_widget_get_ancestor (box, GTK_TYPE_POPOVER) != NULL;

  gtk_widget_set_visible (check, in_popup);
  gtk_widget_set_opacity (check, adw_combo_row_get_selected (row)
                                 == gtk_list_item_get_position (item) ? 1 : 0);
}

/* The list item widget is the box's parent: it may come after the bind. */
static void
name_combo_list_item (GtkWidget *box)
{
  GtkListItem *item = g_object_get_data (G_OBJECT (box), "hrm-a11y-item");
  GtkWidget *list_item_widget = gtk_widget_get_parent (box);
  GtkWidget *label = gtk_widget_get_first_child (box);

  if (list_item_widget != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (list_item_widget),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    gtk_label_get_label (GTK_LABEL (label)), -1);
  if (item != NULL && gtk_list_item_get_item (item) != NULL)
    update_combo_item_check (item);
}

static void
setup_combo_item (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  AdwComboRow              *row)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Selected"), -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), check);
  gtk_list_item_set_child (item, box);
  g_object_set_data (G_OBJECT (item), "hrm-a11y-row", row);
  /* (The item owns the box: a borrowed pointer back is safe.) */
  g_object_set_data (G_OBJECT (box), "hrm-a11y-item", item);
  g_signal_connect (box, "notify::parent", G_CALLBACK (name_combo_list_item), NULL);
}

static void
bind_combo_item (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 AdwComboRow              *row)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  gpointer string = gtk_list_item_get_item (item);
  const char *text = GTK_IS_STRING_OBJECT (string) ? gtk_string_object_get_string (string) : "";

  gtk_label_set_label (GTK_LABEL (gtk_widget_get_first_child (box)), text);
  name_combo_list_item (box);
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (update_combo_item_check), item,
                           G_CONNECT_SWAPPED);
}

static void
unbind_combo_item (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   AdwComboRow              *row)
{
  g_signal_handlers_disconnect_by_func (row, update_combo_item_check, item);
}

void
hrm_a11y_name_combo_items (AdwComboRow *row)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  g_return_if_fail (ADW_IS_COMBO_ROW (row));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_combo_item), row);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_combo_item), row);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_combo_item), row);
  adw_combo_row_set_factory (row, factory);
}

/* Toasts */

void
hrm_a11y_name_toasts (AdwToastOverlay *overlay)
{
  GtkWidget *content;

  g_return_if_fail (ADW_IS_TOAST_OVERLAY (overlay));

  /* The toasts are the overlay's children beside its content. */
  content = adw_toast_overlay_get_child (overlay);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (overlay)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (child != content)
      {
        hrm_a11y_name_icon_buttons (child, _("Dismiss"));
        /* Retry */
        hrm_a11y_name_labelled_buttons (child);
      }
}
