/* hrm-audit-tab.c — the account codes a user audits
 *
 * The "Audit of account code" tab: the user's codes (dimension, code, name),
 * edited locally (add one of the codes not yet present, remove) and saved as
 * a whole with PUT /api/v1/users/{id}/account-code-audit (HrmListTab).
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-audit-tab"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-a11y.h"
#include "hrm-audit-tab.h"

struct _HrmAuditTab
{
  HrmListTab           parent_instance;

  /* template widgets */
  GtkStack            *stack;
  GtkSpinner          *spinner;
  GtkSpinner          *save_spinner;
  AdwStatusPage       *error_page;
  GtkListBox          *list_box;   /* bound to the edited list */
  AdwComboRow         *add_row;

  /* owned */
  GPtrArray           *all_codes;  /* (element-type HrmAccountCode) every code there is */
  GPtrArray           *addable;    /* (element-type HrmAccountCode) the add_row's choices */
};

G_DEFINE_FINAL_TYPE (HrmAuditTab, hrm_audit_tab, HRM_TYPE_LIST_TAB)

static gboolean
same_code (gpointer a,
           gpointer b)
{
  return hrm_account_code_get_id (a) == hrm_account_code_get_id (b);
}

static GtkWidget *
hrm_audit_tab_create_row (HrmListTab *tab,
                          gpointer    item)
{
  HrmAccountCode *code = HRM_ACCOUNT_CODE (item);
  g_autofree char *title = g_strdup_printf ("%s %s", hrm_account_code_get_code (code),
                                            hrm_account_code_get_name (code));
  g_autofree char *remove_label = g_strdup_printf (_("Remove %s"), title);

  return _hrm_list_tab_item_row_new (title, hrm_account_code_get_dimension (code), _("Remove"),
                                     remove_label, "audit.remove");
}

/* The add row offers the codes the user does not audit yet. */
static void
hrm_audit_tab_changed (HrmListTab *tab)
{
  HrmAuditTab *self = HRM_AUDIT_TAB (tab);
  GListModel *codes = hrm_list_tab_get_items (tab);
  guint n_codes = g_list_model_get_n_items (codes);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  gboolean editable = hrm_list_tab_is_editable (tab);

  g_ptr_array_set_size (self->addable, 0);


  for (guint i = 0; self->all_codes != NULL && i < self->all_codes->len; i++)
    {
      HrmAccountCode *code = g_ptr_array_index (self->all_codes, i);
      g_autofree char *label = NULL;
      gboolean present = FALSE;

      for (guint j = 0; j < n_codes && !present; j++)
        {
          g_autoptr(HrmAccountCode) other = g_list_model_get_item (codes, j);

          present = same_code (other, code);
        }
      if (present)
        continue;
      label = hrm_account_code_dup_label (code);
      gtk_string_list_append (labels, label);
      g_ptr_array_add (self->addable, g_object_ref (code));
    }
  adw_combo_row_set_model (self->add_row, G_LIST_MODEL (labels));
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_row), self->addable->len > 0);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.add", editable && self->addable->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.remove", editable);
}

/* Loading and saving */

static void
on_all_codes (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *codes = hrm_client_list_account_codes_finish (HRM_CLIENT (source), result, &error);
  g_autoptr(HrmAuditTab) self = user_data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->all_codes, g_ptr_array_unref);
  self->all_codes = codes;
  _hrm_list_tab_load_end (HRM_LIST_TAB (self), NULL, error);
}

static void
on_user_codes (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *codes = hrm_client_get_account_code_audit_finish (HRM_CLIENT (source), result, &error);

  g_autoptr(HrmListTab) self = user_data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  _hrm_list_tab_load_end (self, codes, error);
}

static void
hrm_audit_tab_load (HrmListTab   *tab,
                    HrmClient    *client,
                    HrmUser      *user,
                    GCancellable *cancellable)
{
  HrmAuditTab *self = HRM_AUDIT_TAB (tab);

  _hrm_list_tab_load_begin (tab);
  hrm_client_get_account_code_audit_async (client, hrm_user_get_id (user), cancellable,
                                           on_user_codes, g_object_ref (self));
  /* The list of all codes does not depend on the user: fetched once per client. */
  if (self->all_codes == NULL)
    {
      _hrm_list_tab_load_begin (tab);
      hrm_client_list_account_codes_async (client, cancellable, on_all_codes, g_object_ref (self));
    }
}

static void
hrm_audit_tab_save (HrmListTab          *tab,
                    HrmClient           *client,
                    HrmUser             *user,
                    GPtrArray           *items,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  hrm_client_set_account_code_audit_async (client, hrm_user_get_id (user), items, cancellable,
                                           callback, user_data);
}

static GPtrArray *
hrm_audit_tab_save_finish (HrmListTab    *tab,
                           HrmClient     *client,
                           GAsyncResult  *result,
                           GError       **error)
{
  return hrm_client_set_account_code_audit_finish (client, result, error);
}

static void
hrm_audit_tab_client_changed (HrmListTab *tab)
{
  g_clear_pointer (&HRM_AUDIT_TAB (tab)->all_codes, g_ptr_array_unref);
}

/* Actions */

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  HrmAuditTab *self = HRM_AUDIT_TAB (widget);
  guint selected = adw_combo_row_get_selected (self->add_row);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->addable->len)
    return;

  hrm_list_tab_add_item (HRM_LIST_TAB (self), g_ptr_array_index (self->addable, selected));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  hrm_list_tab_remove_item (HRM_LIST_TAB (widget), g_variant_get_uint32 (parameter));
}

/* GObject */

static void
hrm_audit_tab_dispose (GObject *object)
{
  HrmAuditTab *self = (HrmAuditTab *)object;

  /* AdwBin would unparent its child again after the template did. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HRM_TYPE_AUDIT_TAB);
  g_clear_pointer (&self->all_codes, g_ptr_array_unref);
  g_clear_pointer (&self->addable, g_ptr_array_unref);

  G_OBJECT_CLASS (hrm_audit_tab_parent_class)->dispose (object);
}

static void
hrm_audit_tab_class_init (HrmAuditTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HrmListTabClass *tab_class = HRM_LIST_TAB_CLASS (klass);

  object_class->dispose = hrm_audit_tab_dispose;

  tab_class->saved_message = N_("Account codes saved");
  tab_class->duplicate_message = N_("The user audits this account code already");
  tab_class->load = hrm_audit_tab_load;
  tab_class->save = hrm_audit_tab_save;
  tab_class->save_finish = hrm_audit_tab_save_finish;
  tab_class->same_item = same_code;
  tab_class->create_row = hrm_audit_tab_create_row;
  tab_class->changed = hrm_audit_tab_changed;
  tab_class->client_changed = hrm_audit_tab_client_changed;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hrmusers/HrmUsers/hrm-audit-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, HrmAuditTab, stack);
  gtk_widget_class_bind_template_child (widget_class, HrmAuditTab, spinner);
  gtk_widget_class_bind_template_child (widget_class, HrmAuditTab, save_spinner);
  gtk_widget_class_bind_template_child (widget_class, HrmAuditTab, error_page);
  gtk_widget_class_bind_template_child (widget_class, HrmAuditTab, list_box);
  gtk_widget_class_bind_template_child (widget_class, HrmAuditTab, add_row);

  gtk_widget_class_install_action (widget_class, "audit.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "audit.remove", "u", remove_action);
}

static void
hrm_audit_tab_init (HrmAuditTab *self)
{
  self->addable = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The codes in the popup are named for a screen reader. */
  hrm_a11y_name_combo_items (self->add_row);
  _hrm_list_tab_set_widgets (HRM_LIST_TAB (self), self->stack, self->spinner, self->save_spinner,
                             self->error_page, self->list_box);
}
