/* hrm-role-dialog.c — choosing a role and its scope for a user
 *
 * A role applies to the whole company, to one account code, or to one
 * employee; employees are found by searching the users (GET /api/v1/users?q=).
 * No role is chosen when the dialog opens (the first one would be System
 * administrator, and Enter would grant it): "Add" is enabled once the
 * administrator has picked a role and the choice is complete.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-role-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-a11y.h"
#include "hrm-role-dialog.h"

#define SEARCH_DELAY_MS 300
#define SEARCH_LIMIT    50

struct _HrmRoleDialog
{
  AdwMessageDialog  parent_instance;

  /* template widgets */
  AdwComboRow      *role_row;
  AdwComboRow      *scope_row;
  AdwComboRow      *code_row;
  AdwEntryRow      *search_row;
  GtkSpinner       *search_spinner;
  AdwComboRow      *employee_row;

  /* owned */
  HrmClient        *client;
  GPtrArray        *roles;          /* (element-type HrmRole) */
  GPtrArray        *account_codes;  /* (element-type HrmAccountCode) */
  GPtrArray        *employees;      /* (element-type HrmUser) the employee_row's choices */
  GCancellable     *cancellable;
  guint             search_source;
};

G_DEFINE_FINAL_TYPE (HrmRoleDialog, hrm_role_dialog, ADW_TYPE_MESSAGE_DIALOG)

static HrmScopeType
selected_scope (HrmRoleDialog *self)
{
  switch (adw_combo_row_get_selected (self->scope_row))
    {
    case 1: return HRM_SCOPE_ACCOUNT_CODE;
    case 2: return HRM_SCOPE_EMPLOYEE;
    default: return HRM_SCOPE_COMPANY;
    }
}

static gpointer
selected_item (AdwComboRow *row,
               GPtrArray   *items)
{
  guint selected = adw_combo_row_get_selected (row);

  if (items == NULL || selected == GTK_INVALID_LIST_POSITION || selected >= items->len)
    return NULL;
  return g_ptr_array_index (items, selected);
}

HrmAuthorisation *
hrm_role_dialog_dup_authorisation (HrmRoleDialog *self)
{
  HrmRole *role;

  g_return_val_if_fail (HRM_IS_ROLE_DIALOG (self), NULL);

  role = selected_item (self->role_row, self->roles);
  if (role == NULL)
    return NULL;

  switch (selected_scope (self))
    {
    case HRM_SCOPE_ACCOUNT_CODE:
      {
        HrmAccountCode *code = selected_item (self->code_row, self->account_codes);
        g_autofree char *label = NULL;

        if (code == NULL)
          return NULL;
        label = hrm_account_code_dup_label (code);
        return hrm_authorisation_new (hrm_role_get_id (role), hrm_role_get_name (role),
                                      HRM_SCOPE_ACCOUNT_CODE, hrm_account_code_get_id (code), label);
      }

    case HRM_SCOPE_EMPLOYEE:
      {
        HrmUser *employee = selected_item (self->employee_row, self->employees);
        g_autofree char *label = NULL;

        if (employee == NULL)
          return NULL;
        label = hrm_user_dup_display_name (employee);
        return hrm_authorisation_new (hrm_role_get_id (role), hrm_role_get_name (role),
                                      HRM_SCOPE_EMPLOYEE, hrm_user_get_id (employee), label);
      }

    case HRM_SCOPE_COMPANY:
    default:
      return hrm_authorisation_new (hrm_role_get_id (role), hrm_role_get_name (role),
                                    HRM_SCOPE_COMPANY, 0, _("Company"));
    }
}

static void
update_state (HrmRoleDialog *self)
{
  HrmScopeType scope = selected_scope (self);
  g_autoptr(HrmAuthorisation) choice = hrm_role_dialog_dup_authorisation (self);
  HrmRole *role = selected_item (self->role_row, self->roles);

  /* What the role allows, under its name; until one is picked, what to do. */
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->role_row),
                               role != NULL ? hrm_role_get_description (role)
                                            : _("Choose a role"));

  gtk_widget_set_visible (GTK_WIDGET (self->code_row), scope == HRM_SCOPE_ACCOUNT_CODE);
  gtk_widget_set_visible (GTK_WIDGET (self->search_row), scope == HRM_SCOPE_EMPLOYEE);
  gtk_widget_set_visible (GTK_WIDGET (self->employee_row), scope == HRM_SCOPE_EMPLOYEE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "add", choice != NULL);
}

/* Searching employees */

static void
on_users_listed (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HrmUsersPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) labels = NULL;
  HrmRoleDialog *self;

  page = hrm_client_list_users_finish (HRM_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = HRM_ROLE_DIALOG (user_data);
  gtk_spinner_set_spinning (self->search_spinner, FALSE);
  g_ptr_array_set_size (self->employees, 0);
  labels = gtk_string_list_new (NULL);

  if (error != NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->employee_row), error->message);
    }
  else
    {
      for (guint i = 0; i < page->items->len; i++)
        {
          HrmUser *user = g_ptr_array_index (page->items, i);
          g_autofree char *name = hrm_user_dup_display_name (user);
          g_autofree char *label = g_strdup_printf ("%s (%s)", name, hrm_user_get_user_id (user));

          gtk_string_list_append (labels, label);
          g_ptr_array_add (self->employees, g_object_ref (user));
        }
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->employee_row),
                                   page->items->len == 0 ? _("No one matches the search") : NULL);
    }

  adw_combo_row_set_model (self->employee_row, G_LIST_MODEL (labels));
  gtk_widget_set_sensitive (GTK_WIDGET (self->employee_row), self->employees->len > 0);
  update_state (self);
}

void
hrm_role_dialog_search_employees (HrmRoleDialog *self,
                                  const char    *query)
{
  g_return_if_fail (HRM_IS_ROLE_DIALOG (self));

  g_clear_handle_id (&self->search_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->client == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  gtk_spinner_set_spinning (self->search_spinner, TRUE);
  hrm_client_list_users_async (self->client, query, HRM_CONNECTION_FILTER_ALL,
                               HRM_ENABLED_FILTER_ALL, NULL, SEARCH_LIMIT, self->cancellable,
                               on_users_listed, self);
}

static gboolean
search_timeout (gpointer user_data)
{
  HrmRoleDialog *self = HRM_ROLE_DIALOG (user_data);

  self->search_source = 0;
  hrm_role_dialog_search_employees (self, gtk_editable_get_text (GTK_EDITABLE (self->search_row)));
  return G_SOURCE_REMOVE;
}

static void
on_search_changed (HrmRoleDialog *self)
{
  g_clear_handle_id (&self->search_source, g_source_remove);
  self->search_source = g_timeout_add (SEARCH_DELAY_MS, search_timeout, self);
}

static void
on_scope_changed (HrmRoleDialog *self)
{
  if (selected_scope (self) == HRM_SCOPE_EMPLOYEE && self->employees->len == 0
      && self->cancellable == NULL)
    hrm_role_dialog_search_employees (self, gtk_editable_get_text (GTK_EDITABLE (self->search_row)));
  update_state (self);
}

/* GObject */

static void
hrm_role_dialog_dispose (GObject *object)
{
  HrmRoleDialog *self = (HrmRoleDialog *)object;

  g_clear_handle_id (&self->search_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->roles, g_ptr_array_unref);
  g_clear_pointer (&self->account_codes, g_ptr_array_unref);
  g_clear_pointer (&self->employees, g_ptr_array_unref);

  G_OBJECT_CLASS (hrm_role_dialog_parent_class)->dispose (object);
}

static void
hrm_role_dialog_class_init (HrmRoleDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hrm_role_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hrmusers/HrmUsers/hrm-role-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HrmRoleDialog, role_row);
  gtk_widget_class_bind_template_child (widget_class, HrmRoleDialog, scope_row);
  gtk_widget_class_bind_template_child (widget_class, HrmRoleDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, HrmRoleDialog, search_row);
  gtk_widget_class_bind_template_child (widget_class, HrmRoleDialog, search_spinner);
  gtk_widget_class_bind_template_child (widget_class, HrmRoleDialog, employee_row);
}

static void
hrm_role_dialog_init (HrmRoleDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  hrm_a11y_name_labelled_buttons (GTK_WIDGET (self));
  hrm_a11y_name_combo_items (self->role_row);
  hrm_a11y_name_combo_items (self->scope_row);
  hrm_a11y_name_combo_items (self->code_row);
  hrm_a11y_name_combo_items (self->employee_row);

  self->employees = g_ptr_array_new_with_free_func (g_object_unref);

  g_signal_connect_object (self->role_row, "notify::selected", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scope_row, "notify::selected", G_CALLBACK (on_scope_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->code_row, "notify::selected", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->employee_row, "notify::selected", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_row, "changed", G_CALLBACK (on_search_changed), self,
                           G_CONNECT_SWAPPED);
}

HrmRoleDialog *
hrm_role_dialog_new (GtkWindow *parent,
                     HrmClient *client,
                     GPtrArray *roles,
                     GPtrArray *account_codes)
{
  HrmRoleDialog *self;
  g_autoptr(GtkStringList) role_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) code_labels = gtk_string_list_new (NULL);

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (HRM_IS_CLIENT (client), NULL);
  g_return_val_if_fail (roles != NULL, NULL);
  g_return_val_if_fail (account_codes != NULL, NULL);

  self = g_object_new (HRM_TYPE_ROLE_DIALOG, "transient-for", parent, NULL);
  self->client = g_object_ref (client);
  self->roles = g_ptr_array_ref (roles);
  self->account_codes = g_ptr_array_ref (account_codes);

  for (guint i = 0; i < roles->len; i++)
    gtk_string_list_append (role_names, hrm_role_get_name (g_ptr_array_index (roles, i)));
  for (guint i = 0; i < account_codes->len; i++)
    {
      g_autofree char *label = hrm_account_code_dup_label (g_ptr_array_index (account_codes, i));
      gtk_string_list_append (code_labels, label);
    }
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (role_names));
  /* A combo row selects its first item with a model: undo that for the role. */
  adw_combo_row_set_selected (self->role_row, GTK_INVALID_LIST_POSITION);
  adw_combo_row_set_model (self->code_row, G_LIST_MODEL (code_labels));
  gtk_widget_set_sensitive (GTK_WIDGET (self->employee_row), FALSE);
  update_state (self);

  return self;
}

void
hrm_role_dialog_select (HrmRoleDialog *self,
                        guint          role,
                        HrmScopeType   scope,
                        guint          scope_item)
{
  g_return_if_fail (HRM_IS_ROLE_DIALOG (self));

  adw_combo_row_set_selected (self->role_row, role);
  adw_combo_row_set_selected (self->scope_row, scope);
  if (scope == HRM_SCOPE_ACCOUNT_CODE)
    adw_combo_row_set_selected (self->code_row, scope_item);
  else if (scope == HRM_SCOPE_EMPLOYEE)
    adw_combo_row_set_selected (self->employee_row, scope_item);
  update_state (self);
}

guint
hrm_role_dialog_get_n_employees (HrmRoleDialog *self)
{
  g_return_val_if_fail (HRM_IS_ROLE_DIALOG (self), 0);
  return self->employees->len;
}
