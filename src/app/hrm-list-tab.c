/* hrm-list-tab.c — a tab that edits a list belonging to the user and saves it whole
 *
 * What the Authorisations and the Audit of account code tabs share: loading
 * (with a spinner, and an error page with "Try again"), the saved list and
 * the edited copy, has-unsaved-changes, Save (PUT, then the list as the
 * server stored it) and Revert. Subclasses say how to load and save, and
 * make a row for an item.
 *
 * The edited copy is a GListStore bound to the subclass's GtkListBox
 * (gtk_list_box_bind_model()), so adding or removing an item adds or removes
 * just its row; the saved list is a plain array, as the client returns it.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-list-tab"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-list-tab.h"
#include "hrm-page-util.h"

typedef struct
{
  /* the subclass's template widgets */
  GtkStack      *stack;
  GtkSpinner    *spinner;
  GtkSpinner    *save_spinner;
  AdwStatusPage *error_page;
  GtkListBox    *list_box;

  /* owned */
  HrmClient     *client;
  HrmUser       *user;
  GCancellable  *cancellable;
  GPtrArray     *saved;   /* as the server has it */
  GListStore    *items;   /* as shown, maybe edited: the list box's model */
  GError        *load_error;
  guint          pending;
  guint          loaded : 1;
  guint          stale : 1;  /* load when next on screen */
  guint          saving : 1;
  guint          has_unsaved_changes : 1;
} HrmListTabPrivate;

enum {
  PROP_0,
  PROP_HAS_UNSAVED_CHANGES,
  N_PROPS
};

enum {
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (HrmListTab, hrm_list_tab, ADW_TYPE_BIN)

/* The edited list as an array, for the client. */
static GPtrArray *
dup_items_array (HrmListTab *self)
{
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (priv->items));
  GPtrArray *copy = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (copy, g_list_model_get_item (G_LIST_MODEL (priv->items), i));
  return copy;
}

static gboolean
contains (HrmListTab *self,
          GPtrArray  *items,
          gpointer    item)
{
  HrmListTabClass *klass = HRM_LIST_TAB_GET_CLASS (self);

  for (guint i = 0; items != NULL && i < items->len; i++)
    if (klass->same_item (g_ptr_array_index (items, i), item))
      return TRUE;
  return FALSE;
}

static gboolean
model_contains (HrmListTab *self,
                GListModel *items,
                gpointer    item)
{
  HrmListTabClass *klass = HRM_LIST_TAB_GET_CLASS (self);
  guint n = g_list_model_get_n_items (items);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) other = g_list_model_get_item (items, i);

      if (klass->same_item (other, item))
        return TRUE;
    }
  return FALSE;
}

/* The edited list holds what the saved one does, in any order. */
static gboolean
same_as_saved (HrmListTab *self)
{
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (priv->items));
  guint n_saved = priv->saved != NULL ? priv->saved->len : 0;

  if (n != n_saved)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (priv->items), i);

      if (!contains (self, priv->saved, item))
        return FALSE;
    }
  return TRUE;
}

/* A row's Remove button names the row's position, which moves when an item
 * before it goes: bound rows are kept, not rebuilt, so their targets are
 * brought up to date here. */
static void
update_remove_targets (HrmListTab *self)
{
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);

  if (priv->list_box == NULL)
    return;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (priv->list_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button;

      if (!GTK_IS_LIST_BOX_ROW (child))
        continue;  /* the placeholder */
      button = _hrm_list_tab_row_get_remove_button (child);
      if (button != NULL)
        gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u",
                                          gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (child)));
    }
}

static void
update_state (HrmListTab *self)
{
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);
  gboolean dirty = priv->loaded && !same_as_saved (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tab.save", dirty && !priv->saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tab.revert", dirty && !priv->saving);
  if (priv->save_spinner != NULL)
    {
      gtk_spinner_set_spinning (priv->save_spinner, priv->saving);
      gtk_widget_set_visible (GTK_WIDGET (priv->save_spinner), priv->saving);
    }

  if (dirty != priv->has_unsaved_changes)
    {
      priv->has_unsaved_changes = dirty;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_UNSAVED_CHANGES]);
    }
}

void
_hrm_list_tab_changed (HrmListTab *self)
{
  update_remove_targets (self);
  HRM_LIST_TAB_GET_CLASS (self)->changed (self);
  update_state (self);
}

/* Shows @items (nullable: none, not loaded) in place of what is shown. */
static void
set_items (HrmListTab *self,
           GPtrArray  *items)
{
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (priv->items));

  priv->loaded = items != NULL;
  /* One items-changed for the whole list: the box makes its rows once. */
  g_list_store_splice (priv->items, 0, n, items != NULL ? items->pdata : NULL,
                       items != NULL ? items->len : 0);
  _hrm_list_tab_changed (self);
}

/* Loading */

/* A screen reader hears that the tab is still loading (aria-busy). */
static void
set_busy (HrmListTab *self,
          gboolean    busy)
{
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);

  gtk_spinner_set_spinning (priv->spinner, busy);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_BUSY, busy, -1);
}

void
_hrm_list_tab_load_begin (HrmListTab *self)
{
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);

  priv->pending++;
}

void
_hrm_list_tab_load_end (HrmListTab   *self,
                        GPtrArray    *user_items,
                        const GError *error)
{
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);

  g_assert (priv->pending > 0);

  priv->pending--;
  if (error != NULL && priv->load_error == NULL)
    priv->load_error = g_error_copy (error);
  if (user_items != NULL)
    {
      g_clear_pointer (&priv->saved, g_ptr_array_unref);
      priv->saved = user_items;
    }
  if (priv->pending > 0)
    return;

  set_busy (self, FALSE);
  if (priv->load_error != NULL)
    {
      adw_status_page_set_description (priv->error_page, priv->load_error->message);
      gtk_stack_set_visible_child_name (priv->stack, "error");
      return;
    }

  set_items (self, priv->saved);
  gtk_stack_set_visible_child_name (priv->stack, "list");
}

/* Drops what was loaded and cancels what is still loading: its answers
 * belong to a user the tab no longer shows. */
static void
forget (HrmListTab *self)
{
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  g_clear_error (&priv->load_error);
  g_clear_pointer (&priv->saved, g_ptr_array_unref);
  priv->pending = 0;
  priv->saving = FALSE;
  set_items (self, NULL);
  set_busy (self, FALSE);
  gtk_stack_set_visible_child_name (priv->stack, "loading");
}

static void
reload (HrmListTab *self)
{
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);

  forget (self);
  priv->stale = FALSE;

  if (priv->user == NULL || priv->client == NULL)
    return;

  priv->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  HRM_LIST_TAB_GET_CLASS (self)->load (self, priv->client, priv->user, priv->cancellable);
}

/* A tab is mapped when it is the user page's tab on screen: only then does
 * it fetch the user's list, so showing a user costs no request for the
 * tabs nobody opens. */
static void
hrm_list_tab_map (GtkWidget *widget)
{
  HrmListTab *self = HRM_LIST_TAB (widget);
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);

  GTK_WIDGET_CLASS (hrm_list_tab_parent_class)->map (widget);

  if (priv->stale)
    reload (self);
}

/* Saving */

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  HrmListTab *self = g_task_get_source_object (task);
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GError) error = NULL;

  saved = HRM_LIST_TAB_GET_CLASS (self)->save_finish (self, HRM_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  priv->saving = FALSE;
  if (error != NULL)
    {
      /* The edits stay; Save can be pressed again, or Retry on the toast. */
      hrm_show_retry_toast (GTK_WIDGET (self), error->message, "user.save");
      _hrm_list_tab_changed (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&priv->saved, g_ptr_array_unref);
  priv->saved = g_steal_pointer (&saved);
  set_items (self, priv->saved);
  hrm_show_toast (GTK_WIDGET (self), _(HRM_LIST_TAB_GET_CLASS (self)->saved_message));
  g_signal_emit (self, signals[SAVED], 0);
  g_task_return_boolean (task, TRUE);
}

void
hrm_list_tab_save_async (HrmListTab          *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) items = NULL;

  g_return_if_fail (HRM_IS_LIST_TAB (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hrm_list_tab_save_async);

  if (!priv->has_unsaved_changes)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (priv->saving)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, _("Already saving"));
      return;
    }

  priv->saving = TRUE;
  _hrm_list_tab_changed (self);
  items = dup_items_array (self);
  HRM_LIST_TAB_GET_CLASS (self)->save (self, priv->client, priv->user, items,
                                       priv->cancellable, on_saved, g_steal_pointer (&task));
}

gboolean
hrm_list_tab_save_finish (HrmListTab    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hrm_list_tab_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Actions */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  hrm_list_tab_save_async (HRM_LIST_TAB (widget), NULL, NULL, NULL);
}

static void
revert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  hrm_list_tab_revert (HRM_LIST_TAB (widget));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HrmListTab *self = HRM_LIST_TAB (widget);
  HrmListTabClass *klass = HRM_LIST_TAB_GET_CLASS (self);

  /* "Try again" fetches everything again. */
  if (klass->client_changed != NULL)
    klass->client_changed (self);
  reload (self);
}

/* GObject */

static void
hrm_list_tab_dispose (GObject *object)
{
  HrmListTab *self = (HrmListTab *)object;
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  g_clear_object (&priv->client);
  g_clear_object (&priv->user);
  g_clear_pointer (&priv->saved, g_ptr_array_unref);
  priv->stack = NULL;
  priv->spinner = NULL;
  priv->save_spinner = NULL;
  priv->error_page = NULL;
  priv->list_box = NULL;

  G_OBJECT_CLASS (hrm_list_tab_parent_class)->dispose (object);
}

static void
hrm_list_tab_finalize (GObject *object)
{
  HrmListTab *self = (HrmListTab *)object;
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);

  g_clear_error (&priv->load_error);
  g_clear_object (&priv->items);

  G_OBJECT_CLASS (hrm_list_tab_parent_class)->finalize (object);
}

static void
hrm_list_tab_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HrmListTab *self = HRM_LIST_TAB (object);

  switch (prop_id)
    {
    case PROP_HAS_UNSAVED_CHANGES:
      g_value_set_boolean (value, hrm_list_tab_get_has_unsaved_changes (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hrm_list_tab_class_init (HrmListTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hrm_list_tab_dispose;
  object_class->finalize = hrm_list_tab_finalize;
  object_class->get_property = hrm_list_tab_get_property;
  widget_class->map = hrm_list_tab_map;

  properties[PROP_HAS_UNSAVED_CHANGES] =
    g_param_spec_boolean ("has-unsaved-changes", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "tab.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "tab.revert", NULL, revert_action);
  gtk_widget_class_install_action (widget_class, "tab.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "tab.save", NULL);
}

static void
hrm_list_tab_init (HrmListTab *self)
{
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);

  priv->items = g_list_store_new (G_TYPE_OBJECT);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  HrmListTab *self = HRM_LIST_TAB (user_data);

  return HRM_LIST_TAB_GET_CLASS (self)->create_row (self, item);
}

void
_hrm_list_tab_set_widgets (HrmListTab    *self,
                           GtkStack      *stack,
                           GtkSpinner    *spinner,
                           GtkSpinner    *save_spinner,
                           AdwStatusPage *error_page,
                           GtkListBox    *list_box)
{
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);

  priv->stack = stack;
  priv->spinner = spinner;
  priv->save_spinner = save_spinner;
  priv->error_page = error_page;
  priv->list_box = list_box;
  /* The box lives no longer than the tab: no reference for it to hold. */
  gtk_list_box_bind_model (list_box, G_LIST_MODEL (priv->items), create_row, self, NULL);
  _hrm_list_tab_changed (self);
}

void
hrm_list_tab_set_client (HrmListTab *self,
                         HrmClient  *client)
{
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);
  HrmListTabClass *klass;

  g_return_if_fail (HRM_IS_LIST_TAB (self));

  klass = HRM_LIST_TAB_GET_CLASS (self);
  if (g_set_object (&priv->client, client) && klass->client_changed != NULL)
    klass->client_changed (self);
}

HrmClient *
hrm_list_tab_get_client (HrmListTab *self)
{
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);

  g_return_val_if_fail (HRM_IS_LIST_TAB (self), NULL);
  return priv->client;
}

void
hrm_list_tab_set_user (HrmListTab *self,
                       HrmUser    *user)
{
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);

  g_return_if_fail (HRM_IS_LIST_TAB (self));

  g_set_object (&priv->user, user);
  forget (self);
  priv->stale = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
}

gboolean
hrm_list_tab_get_has_unsaved_changes (HrmListTab *self)
{
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);

  g_return_val_if_fail (HRM_IS_LIST_TAB (self), FALSE);
  return priv->has_unsaved_changes;
}

GListModel *
hrm_list_tab_get_items (HrmListTab *self)
{
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);

  g_return_val_if_fail (HRM_IS_LIST_TAB (self), NULL);
  return G_LIST_MODEL (priv->items);
}

gboolean
hrm_list_tab_is_loaded (HrmListTab *self)
{
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);

  g_return_val_if_fail (HRM_IS_LIST_TAB (self), FALSE);
  return priv->loaded;
}

gboolean
hrm_list_tab_is_editable (HrmListTab *self)
{
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);

  g_return_val_if_fail (HRM_IS_LIST_TAB (self), FALSE);
  return priv->loaded && !priv->saving;
}

gboolean
hrm_list_tab_add_item (HrmListTab *self,
                       gpointer    item)
{
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);

  g_return_val_if_fail (HRM_IS_LIST_TAB (self), FALSE);
  g_return_val_if_fail (G_IS_OBJECT (item), FALSE);

  if (!hrm_list_tab_is_editable (self))
    return FALSE;
  if (model_contains (self, G_LIST_MODEL (priv->items), item))
    {
      hrm_show_toast (GTK_WIDGET (self), _(HRM_LIST_TAB_GET_CLASS (self)->duplicate_message));
      return FALSE;
    }

  g_list_store_append (priv->items, item);
  _hrm_list_tab_changed (self);
  return TRUE;
}

void
hrm_list_tab_remove_item (HrmListTab *self,
                          guint       index)
{
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);

  g_return_if_fail (HRM_IS_LIST_TAB (self));

  if (!hrm_list_tab_is_editable (self)
      || index >= g_list_model_get_n_items (G_LIST_MODEL (priv->items)))
    return;

  g_list_store_remove (priv->items, index);
  _hrm_list_tab_changed (self);
}

void
hrm_list_tab_revert (HrmListTab *self)
{
  HrmListTabPrivate *priv = hrm_list_tab_get_instance_private (self);

  g_return_if_fail (HRM_IS_LIST_TAB (self));

  if (priv->saved == NULL || priv->saving)
    return;
  set_items (self, priv->saved);
}

GtkWidget *
_hrm_list_tab_item_row_new (const char *title,
                            const char *subtitle,
                            const char *remove_tooltip,
                            const char *remove_label,
                            const char *remove_action)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_focusable (row, FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, remove_tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), remove_action);
  /* The position is set when the row is in its box (update_remove_targets). */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  g_object_set_data (G_OBJECT (row), "hrm-remove-button", button);

  return row;
}

GtkWidget *
_hrm_list_tab_row_get_remove_button (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "hrm-remove-button");
}
