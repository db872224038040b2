/* hrm-authorisations-tab.c — a user's roles and their scopes
 *
 * The "Authorisations" tab: each role the user has, with the company, the
 * accounting code or the employee it applies to. Roles are added (through
 * HrmRoleDialog) and removed locally and saved as a whole with
 * PUT /api/v1/users/{id}/authorisations. A user keeps at least one role.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-authorisations-tab"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-authorisations-tab.h"
#include "hrm-page-util.h"
#include "hrm-role-dialog.h"

struct _HrmAuthorisationsTab
{
  AdwBin               parent_instance;

  /* template widgets */
  GtkStack            *stack;
  GtkSpinner          *spinner;
  GtkSpinner          *save_spinner;
  AdwStatusPage       *error_page;
  AdwPreferencesGroup *roles_group;

  /* owned */
  HrmClient           *client;
  HrmUser             *user;
  GCancellable        *cancellable;
  GPtrArray           *roles;          /* (element-type HrmRole) every role there is */
  GPtrArray           *account_codes;  /* (element-type HrmAccountCode) */
  GPtrArray           *saved;          /* (element-type HrmAuthorisation) as the server has them */
  GPtrArray           *items;          /* (element-type HrmAuthorisation) as shown, maybe edited */
  GPtrArray           *rows;           /* (element-type GtkWidget) rows of roles_group */
  GtkWidget           *dialog;         /* (weak) the open HrmRoleDialog */
  GError              *load_error;
  guint                pending;
  guint                saving : 1;
  guint                has_unsaved_changes : 1;
};

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

G_DEFINE_FINAL_TYPE (HrmAuthorisationsTab, hrm_authorisations_tab, ADW_TYPE_BIN)

static gboolean
same_authorisation (HrmAuthorisation *a,
                    HrmAuthorisation *b)
{
  return hrm_authorisation_get_role_id (a) == hrm_authorisation_get_role_id (b)
         && hrm_authorisation_get_scope_type (a) == hrm_authorisation_get_scope_type (b)
         && hrm_authorisation_get_scope_id (a) == hrm_authorisation_get_scope_id (b);
}

static gboolean
contains (GPtrArray        *items,
          HrmAuthorisation *authorisation)
{
  for (guint i = 0; items != NULL && i < items->len; i++)
    if (same_authorisation (g_ptr_array_index (items, i), authorisation))
      return TRUE;
  return FALSE;
}

static gboolean
same_items (GPtrArray *a,
            GPtrArray *b)
{
  guint len_a = a != NULL ? a->len : 0;
  guint len_b = b != NULL ? b->len : 0;

  if (len_a != len_b)
    return FALSE;
  for (guint i = 0; i < len_a; i++)
    if (!contains (b, g_ptr_array_index (a, i)))
      return FALSE;
  return TRUE;
}

static gboolean
is_loaded (HrmAuthorisationsTab *self)
{
  return self->items != NULL && self->roles != NULL && self->account_codes != NULL;
}

static void
update_state (HrmAuthorisationsTab *self)
{
  gboolean loaded = is_loaded (self);
  gboolean dirty = loaded && !same_items (self->items, self->saved);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "authorisations.save", dirty && !self->saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "authorisations.revert", dirty && !self->saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "authorisations.add", loaded && !self->saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "authorisations.remove",
                                 loaded && !self->saving && self->items->len > 1);
  gtk_spinner_set_spinning (self->save_spinner, self->saving);
  gtk_widget_set_visible (GTK_WIDGET (self->save_spinner), self->saving);

  if (dirty != self->has_unsaved_changes)
    {
      self->has_unsaved_changes = dirty;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_UNSAVED_CHANGES]);
    }
}

static char *
dup_scope_text (HrmAuthorisation *authorisation)
{
  const char *label = hrm_authorisation_get_scope_label (authorisation);

  if (label == NULL)
    label = "";

  switch (hrm_authorisation_get_scope_type (authorisation))
    {
    case HRM_SCOPE_ACCOUNT_CODE:
      /* Translators: the scope of a role: "Accounting code: Cost centre 4100 Warehouse" */
      return g_strdup_printf (_("Accounting code: %s"), label);
    case HRM_SCOPE_EMPLOYEE:
      /* Translators: the scope of a role: "Employee: Anna Svensson" */
      return g_strdup_printf (_("Employee: %s"), label);
    case HRM_SCOPE_COMPANY:
    default:
      return g_strdup (_("Company"));
    }
}

static GtkWidget *
create_row (HrmAuthorisation *authorisation,
            guint             index,
            gboolean          only_one)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *scope = dup_scope_text (authorisation);
  g_autofree char *remove_label = NULL;
  const char *role_name = hrm_authorisation_get_role_name (authorisation);

  if (role_name == NULL)
    role_name = "";
  remove_label = g_strdup_printf (_("Remove %s, %s"), role_name, scope);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), role_name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), scope);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, only_one ? _("At least one role is required")
                                                : _("Remove this role"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "authorisations.remove");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", index);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
rebuild (HrmAuthorisationsTab *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->roles_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; self->items != NULL && i < self->items->len; i++)
    {
      GtkWidget *row = create_row (g_ptr_array_index (self->items, i), i, self->items->len == 1);

      adw_preferences_group_add (self->roles_group, row);
      g_ptr_array_add (self->rows, row);
    }

  update_state (self);
}

static GPtrArray *
copy_items (GPtrArray *items)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; items != NULL && i < items->len; i++)
    g_ptr_array_add (copy, g_object_ref (g_ptr_array_index (items, i)));
  return copy;
}

/* Loading */

static void
maybe_loaded (HrmAuthorisationsTab *self)
{
  if (self->pending > 0)
    return;

  gtk_spinner_set_spinning (self->spinner, FALSE);
  if (self->load_error != NULL)
    {
      adw_status_page_set_description (self->error_page, self->load_error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = copy_items (self->saved);
  rebuild (self);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
loaded (HrmAuthorisationsTab  *self,
        GPtrArray            **out,
        GPtrArray             *items,
        GError                *error)
{
  self->pending--;
  if (error != NULL && self->load_error == NULL)
    self->load_error = g_error_copy (error);
  g_clear_pointer (out, g_ptr_array_unref);
  *out = items;
  maybe_loaded (self);
}

static void
on_roles (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = hrm_client_list_roles_finish (HRM_CLIENT (source), result, &error);
  HrmAuthorisationsTab *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = HRM_AUTHORISATIONS_TAB (user_data);
  loaded (self, &self->roles, items, error);
}

static void
on_account_codes (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = hrm_client_list_account_codes_finish (HRM_CLIENT (source), result, &error);
  HrmAuthorisationsTab *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = HRM_AUTHORISATIONS_TAB (user_data);
  loaded (self, &self->account_codes, items, error);
}

static void
on_authorisations (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = hrm_client_get_authorisations_finish (HRM_CLIENT (source), result, &error);
  HrmAuthorisationsTab *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = HRM_AUTHORISATIONS_TAB (user_data);
  loaded (self, &self->saved, items, error);
}

static void
reload (HrmAuthorisationsTab *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->load_error);
  g_clear_pointer (&self->saved, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  self->pending = 0;
  self->saving = FALSE;
  rebuild (self);

  if (self->user == NULL || self->client == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  self->pending = 1;
  hrm_client_get_authorisations_async (self->client, hrm_user_get_id (self->user),
                                       self->cancellable, on_authorisations, self);
  /* Roles and codes are the same for every user: fetched once per client. */
  if (self->roles == NULL)
    {
      self->pending++;
      hrm_client_list_roles_async (self->client, self->cancellable, on_roles, self);
    }
  if (self->account_codes == NULL)
    {
      self->pending++;
      hrm_client_list_account_codes_async (self->client, self->cancellable, on_account_codes, self);
    }
}

/* Saving */

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  HrmAuthorisationsTab *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GError) error = NULL;

  saved = hrm_client_set_authorisations_finish (HRM_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->saving = FALSE;
  if (error != NULL)
    {
      hrm_show_toast (GTK_WIDGET (self), error->message);
      update_state (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&self->saved, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->saved = g_steal_pointer (&saved);
  self->items = copy_items (self->saved);
  rebuild (self);
  hrm_show_toast (GTK_WIDGET (self), _("Roles saved"));
  g_signal_emit (self, signals[SAVED], 0);
  g_task_return_boolean (task, TRUE);
}

void
hrm_authorisations_tab_save_async (HrmAuthorisationsTab *self,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HRM_IS_AUTHORISATIONS_TAB (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hrm_authorisations_tab_save_async);

  if (!self->has_unsaved_changes)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->saving)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, _("The roles are being saved"));
      return;
    }

  self->saving = TRUE;
  update_state (self);
  hrm_client_set_authorisations_async (self->client, hrm_user_get_id (self->user), self->items,
                                       self->cancellable, on_saved, g_steal_pointer (&task));
}

gboolean
hrm_authorisations_tab_save_finish (HrmAuthorisationsTab  *self,
                                    GAsyncResult          *result,
                                    GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hrm_authorisations_tab_save_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Actions */

void
hrm_authorisations_tab_add (HrmAuthorisationsTab *self,
                            HrmAuthorisation     *authorisation)
{
  g_return_if_fail (HRM_IS_AUTHORISATIONS_TAB (self));
  g_return_if_fail (HRM_IS_AUTHORISATION (authorisation));

  if (self->items == NULL)
    return;

  if (contains (self->items, authorisation))
    {
      hrm_show_toast (GTK_WIDGET (self), _("The user already has this role"));
      return;
    }

  g_ptr_array_add (self->items, g_object_ref (authorisation));
  rebuild (self);
}

static void
on_dialog_response (HrmRoleDialog        *dialog,
                    const char           *response,
                    HrmAuthorisationsTab *self)
{
  g_autoptr(HrmAuthorisation) choice = NULL;

  if (!g_str_equal (response, "add"))
    return;

  choice = hrm_role_dialog_dup_authorisation (dialog);
  if (choice != NULL)
    hrm_authorisations_tab_add (self, choice);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  HrmAuthorisationsTab *self = HRM_AUTHORISATIONS_TAB (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  HrmRoleDialog *dialog;

  if (!is_loaded (self) || self->dialog != NULL)
    return;

  dialog = hrm_role_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->client,
                                self->roles, self->account_codes);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_dialog_response), self, 0);
  self->dialog = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HrmAuthorisationsTab *self = HRM_AUTHORISATIONS_TAB (widget);
  guint index = g_variant_get_uint32 (parameter);

  if (self->items == NULL || index >= self->items->len)
    return;
  if (self->items->len <= 1)
    {
      hrm_show_toast (widget, _("At least one role is required"));
      return;
    }

  g_ptr_array_remove_index (self->items, index);
  rebuild (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  hrm_authorisations_tab_save_async (HRM_AUTHORISATIONS_TAB (widget), NULL, NULL, NULL);
}

static void
revert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  hrm_authorisations_tab_revert (HRM_AUTHORISATIONS_TAB (widget));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  reload (HRM_AUTHORISATIONS_TAB (widget));
}

/* GObject */

static void
hrm_authorisations_tab_dispose (GObject *object)
{
  HrmAuthorisationsTab *self = (HrmAuthorisationsTab *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
      gtk_window_destroy (GTK_WINDOW (self->dialog));
      self->dialog = NULL;
    }
  /* AdwBin would unparent its child again after the template did. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HRM_TYPE_AUTHORISATIONS_TAB);
  g_clear_object (&self->client);
  g_clear_object (&self->user);
  g_clear_pointer (&self->roles, g_ptr_array_unref);
  g_clear_pointer (&self->account_codes, g_ptr_array_unref);
  g_clear_pointer (&self->saved, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (hrm_authorisations_tab_parent_class)->dispose (object);
}

static void
hrm_authorisations_tab_finalize (GObject *object)
{
  HrmAuthorisationsTab *self = (HrmAuthorisationsTab *)object;

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_error (&self->load_error);

  G_OBJECT_CLASS (hrm_authorisations_tab_parent_class)->finalize (object);
}

static void
hrm_authorisations_tab_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  HrmAuthorisationsTab *self = HRM_AUTHORISATIONS_TAB (object);

  switch (prop_id)
    {
    case PROP_HAS_UNSAVED_CHANGES:
      g_value_set_boolean (value, self->has_unsaved_changes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hrm_authorisations_tab_class_init (HrmAuthorisationsTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hrm_authorisations_tab_dispose;
  object_class->finalize = hrm_authorisations_tab_finalize;
  object_class->get_property = hrm_authorisations_tab_get_property;

  properties[PROP_HAS_UNSAVED_CHANGES] =
    g_param_spec_boolean ("has-unsaved-changes", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hrmusers/HrmUsers/hrm-authorisations-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, HrmAuthorisationsTab, stack);
  gtk_widget_class_bind_template_child (widget_class, HrmAuthorisationsTab, spinner);
  gtk_widget_class_bind_template_child (widget_class, HrmAuthorisationsTab, save_spinner);
  gtk_widget_class_bind_template_child (widget_class, HrmAuthorisationsTab, error_page);
  gtk_widget_class_bind_template_child (widget_class, HrmAuthorisationsTab, roles_group);

  gtk_widget_class_install_action (widget_class, "authorisations.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "authorisations.remove", "u", remove_action);
  gtk_widget_class_install_action (widget_class, "authorisations.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "authorisations.revert", NULL, revert_action);
  gtk_widget_class_install_action (widget_class, "authorisations.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "authorisations.save", NULL);
}

static void
hrm_authorisations_tab_init (HrmAuthorisationsTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();
  rebuild (self);
}

void
hrm_authorisations_tab_set_client (HrmAuthorisationsTab *self,
                                   HrmClient            *client)
{
  g_return_if_fail (HRM_IS_AUTHORISATIONS_TAB (self));

  if (g_set_object (&self->client, client))
    {
      g_clear_pointer (&self->roles, g_ptr_array_unref);
      g_clear_pointer (&self->account_codes, g_ptr_array_unref);
    }
}

void
hrm_authorisations_tab_set_user (HrmAuthorisationsTab *self,
                                 HrmUser              *user)
{
  g_return_if_fail (HRM_IS_AUTHORISATIONS_TAB (self));

  g_set_object (&self->user, user);
  reload (self);
}

gboolean
hrm_authorisations_tab_get_has_unsaved_changes (HrmAuthorisationsTab *self)
{
  g_return_val_if_fail (HRM_IS_AUTHORISATIONS_TAB (self), FALSE);
  return self->has_unsaved_changes;
}

void
hrm_authorisations_tab_revert (HrmAuthorisationsTab *self)
{
  g_return_if_fail (HRM_IS_AUTHORISATIONS_TAB (self));

  if (self->saved == NULL || self->saving)
    return;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = copy_items (self->saved);
  rebuild (self);
}

GPtrArray *
hrm_authorisations_tab_get_items (HrmAuthorisationsTab *self)
{
  g_return_val_if_fail (HRM_IS_AUTHORISATIONS_TAB (self), NULL);
  return self->items;
}

GtkWidget *
hrm_authorisations_tab_get_dialog (HrmAuthorisationsTab *self)
{
  g_return_val_if_fail (HRM_IS_AUTHORISATIONS_TAB (self), NULL);
  return self->dialog;
}
