/* hrm-authorisations-tab.c — a user's roles and their scopes
 *
 * The "Authorisations" tab: each role the user has, with the company, the
 * account code or the employee it applies to. Roles are added (through
 * HrmRoleDialog) and removed locally and saved as a whole with
 * PUT /api/v1/users/{id}/authorisations (HrmListTab). A user keeps at least
 * one role.
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
  HrmListTab           parent_instance;

  /* template widgets */
  GtkStack            *stack;
  GtkSpinner          *spinner;
  GtkSpinner          *save_spinner;
  AdwStatusPage       *error_page;
  GtkListBox          *list_box;       /* bound to the edited list */

  /* owned */
  GPtrArray           *roles;          /* (element-type HrmRole) every role there is */
  GPtrArray           *account_codes;  /* (element-type HrmAccountCode) */
  GtkWidget           *dialog;         /* (weak) the open HrmRoleDialog */
};

G_DEFINE_FINAL_TYPE (HrmAuthorisationsTab, hrm_authorisations_tab, HRM_TYPE_LIST_TAB)

static gboolean
same_authorisation (gpointer a,
                    gpointer b)
{
  return hrm_authorisation_get_role_id (a) == hrm_authorisation_get_role_id (b)
         && hrm_authorisation_get_scope_type (a) == hrm_authorisation_get_scope_type (b)
         && hrm_authorisation_get_scope_id (a) == hrm_authorisation_get_scope_id (b);
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
      /* Translators: the scope of a role: "Account code: Cost centre 4100 Warehouse" */
      return g_strdup_printf (_("Account code: %s"), label);
    case HRM_SCOPE_EMPLOYEE:
      /* Translators: the scope of a role: "Employee: Anna Svensson" */
      return g_strdup_printf (_("Employee: %s"), label);
    case HRM_SCOPE_COMPANY:
    default:
      return g_strdup (_("Company"));
    }
}

static GtkWidget *
hrm_authorisations_tab_create_row (HrmListTab *tab,
                                   gpointer    item)
{
  HrmAuthorisation *authorisation = HRM_AUTHORISATION (item);
  g_autofree char *scope = dup_scope_text (authorisation);
  g_autofree char *remove_label = NULL;
  const char *role_name = hrm_authorisation_get_role_name (authorisation);

  if (role_name == NULL)
    role_name = "";
  remove_label = g_strdup_printf (_("Remove %s, %s"), role_name, scope);

  /* The tooltip says why when it is the last role (changed() keeps it so). */
  return _hrm_list_tab_item_row_new (role_name, scope, _("Remove this role"), remove_label,
                                     "authorisations.remove");
}

static void
hrm_authorisations_tab_changed (HrmListTab *tab)
{
  HrmAuthorisationsTab *self = HRM_AUTHORISATIONS_TAB (tab);
  guint n_items = g_list_model_get_n_items (hrm_list_tab_get_items (tab));
  gboolean editable = hrm_list_tab_is_editable (tab);

  /* The rows stay as items come and go: only their Remove tooltip depends
   * on the others. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *button = _hrm_list_tab_row_get_remove_button (row);

      if (button != NULL)
        hrm_widget_set_tooltip_text (button, n_items == 1 ? _("At least one role is required")
                                                          : _("Remove this role"));
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "authorisations.add",
                                 editable && self->roles != NULL && self->account_codes != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "authorisations.remove",
                                 editable && n_items > 1);
}

/* Loading and saving */

static void
on_roles (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *roles = hrm_client_list_roles_finish (HRM_CLIENT (source), result, &error);
  g_autoptr(HrmAuthorisationsTab) self = user_data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->roles, g_ptr_array_unref);
  self->roles = roles;
  _hrm_list_tab_load_end (HRM_LIST_TAB (self), NULL, error);
}

static void
on_account_codes (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *codes = hrm_client_list_account_codes_finish (HRM_CLIENT (source), result, &error);
  g_autoptr(HrmAuthorisationsTab) self = user_data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->account_codes, g_ptr_array_unref);
  self->account_codes = codes;
  _hrm_list_tab_load_end (HRM_LIST_TAB (self), NULL, error);
}

static void
on_authorisations (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = hrm_client_get_authorisations_finish (HRM_CLIENT (source), result, &error);

  g_autoptr(HrmListTab) self = user_data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  _hrm_list_tab_load_end (self, items, error);
}

static void
hrm_authorisations_tab_load (HrmListTab   *tab,
                             HrmClient    *client,
                             HrmUser      *user,
                             GCancellable *cancellable)
{
  HrmAuthorisationsTab *self = HRM_AUTHORISATIONS_TAB (tab);

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));

  _hrm_list_tab_load_begin (tab);
  hrm_client_get_authorisations_async (client, hrm_user_get_id (user), cancellable,
                                       on_authorisations, g_object_ref (self));
  /* Roles and codes are the same for every user: fetched once per client. */
  if (self->roles == NULL)
    {
      _hrm_list_tab_load_begin (tab);
      hrm_client_list_roles_async (client, cancellable, on_roles, g_object_ref (self));
    }
  if (self->account_codes == NULL)
    {
      _hrm_list_tab_load_begin (tab);
      hrm_client_list_account_codes_async (client, cancellable, on_account_codes,
                                           g_object_ref (self));
    }
}

static void
hrm_authorisations_tab_save (HrmListTab          *tab,
                             HrmClient           *client,
                             HrmUser             *user,
                             GPtrArray           *items,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  hrm_client_set_authorisations_async (client, hrm_user_get_id (user), items, cancellable,
                                       callback, user_data);
}

static GPtrArray *
hrm_authorisations_tab_save_finish (HrmListTab    *tab,
                                    HrmClient     *client,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return hrm_client_set_authorisations_finish (client, result, error);
}

static void
hrm_authorisations_tab_client_changed (HrmListTab *tab)
{
  HrmAuthorisationsTab *self = HRM_AUTHORISATIONS_TAB (tab);

  g_clear_pointer (&self->roles, g_ptr_array_unref);
  g_clear_pointer (&self->account_codes, g_ptr_array_unref);
}

/* Actions */

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
    hrm_list_tab_add_item (HRM_LIST_TAB (self), choice);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  HrmAuthorisationsTab *self = HRM_AUTHORISATIONS_TAB (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  HrmRoleDialog *dialog;

  if (self->dialog != NULL || self->roles == NULL || self->account_codes == NULL)
    return;

  dialog = hrm_role_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                hrm_list_tab_get_client (HRM_LIST_TAB (self)),
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
  GListModel *items = hrm_list_tab_get_items (HRM_LIST_TAB (widget));

  if (g_list_model_get_n_items (items) <= 1)
    {
      hrm_show_toast (widget, _("At least one role is required"));
      return;
    }
  hrm_list_tab_remove_item (HRM_LIST_TAB (widget), g_variant_get_uint32 (parameter));
}

/* GObject */

static void
hrm_authorisations_tab_dispose (GObject *object)
{
  HrmAuthorisationsTab *self = (HrmAuthorisationsTab *)object;

  if (self->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
      gtk_window_destroy (GTK_WINDOW (self->dialog));
      self->dialog = NULL;
    }
  /* AdwBin would unparent its child again after the template did. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HRM_TYPE_AUTHORISATIONS_TAB);
  g_clear_pointer (&self->roles, g_ptr_array_unref);
  g_clear_pointer (&self->account_codes, g_ptr_array_unref);

  G_OBJECT_CLASS (hrm_authorisations_tab_parent_class)->dispose (object);
}

static void
hrm_authorisations_tab_class_init (HrmAuthorisationsTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HrmListTabClass *tab_class = HRM_LIST_TAB_CLASS (klass);

  object_class->dispose = hrm_authorisations_tab_dispose;

  tab_class->saved_message = N_("Roles saved");
  tab_class->duplicate_message = N_("The user has this role already");
  tab_class->load = hrm_authorisations_tab_load;
  tab_class->save = hrm_authorisations_tab_save;
  tab_class->save_finish = hrm_authorisations_tab_save_finish;
  tab_class->same_item = same_authorisation;
  tab_class->create_row = hrm_authorisations_tab_create_row;
  tab_class->changed = hrm_authorisations_tab_changed;
  tab_class->client_changed = hrm_authorisations_tab_client_changed;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hrmusers/HrmUsers/hrm-authorisations-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, HrmAuthorisationsTab, stack);
  gtk_widget_class_bind_template_child (widget_class, HrmAuthorisationsTab, spinner);
  gtk_widget_class_bind_template_child (widget_class, HrmAuthorisationsTab, save_spinner);
  gtk_widget_class_bind_template_child (widget_class, HrmAuthorisationsTab, error_page);
  gtk_widget_class_bind_template_child (widget_class, HrmAuthorisationsTab, list_box);

  gtk_widget_class_install_action (widget_class, "authorisations.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "authorisations.remove", "u", remove_action);
}

static void
hrm_authorisations_tab_init (HrmAuthorisationsTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  _hrm_list_tab_set_widgets (HRM_LIST_TAB (self), self->stack, self->spinner, self->save_spinner,
                             self->error_page, self->list_box);
}

GtkWidget *
hrm_authorisations_tab_get_dialog (HrmAuthorisationsTab *self)
{
  g_return_val_if_fail (HRM_IS_AUTHORISATIONS_TAB (self), NULL);
  return self->dialog;
}
