/* hrm-audit-tab.c — the accounting codes on which a user may attest
 *
 * The "Audit of account code" tab: the user's codes (dimension, code, name),
 * edited locally (add from the codes not yet present, remove) and saved as a
 * whole with PUT /api/v1/users/{id}/account-code-audit.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-audit-tab"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-audit-tab.h"
#include "hrm-page-util.h"

struct _HrmAuditTab
{
  AdwBin               parent_instance;

  /* template widgets */
  GtkStack            *stack;
  GtkSpinner          *spinner;
  GtkSpinner          *save_spinner;
  AdwStatusPage       *error_page;
  AdwPreferencesGroup *codes_group;
  AdwActionRow        *empty_row;
  AdwComboRow         *add_row;

  /* owned */
  HrmClient           *client;
  HrmUser             *user;
  GCancellable        *cancellable;
  GPtrArray           *all_codes;  /* (element-type HrmAccountCode) every code there is */
  GPtrArray           *saved;      /* (element-type HrmAccountCode) as the server has them */
  GPtrArray           *codes;      /* (element-type HrmAccountCode) as shown, maybe edited */
  GPtrArray           *rows;       /* (element-type GtkWidget) rows of codes_group */
  GPtrArray           *addable;    /* (element-type HrmAccountCode) the add_row's choices */
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

G_DEFINE_FINAL_TYPE (HrmAuditTab, hrm_audit_tab, ADW_TYPE_BIN)

static gboolean
contains_id (GPtrArray *codes,
             gint64     id)
{
  for (guint i = 0; codes != NULL && i < codes->len; i++)
    if (hrm_account_code_get_id (g_ptr_array_index (codes, i)) == id)
      return TRUE;
  return FALSE;
}

static gboolean
same_codes (GPtrArray *a,
            GPtrArray *b)
{
  guint len_a = a != NULL ? a->len : 0;
  guint len_b = b != NULL ? b->len : 0;

  if (len_a != len_b)
    return FALSE;
  for (guint i = 0; i < len_a; i++)
    if (!contains_id (b, hrm_account_code_get_id (g_ptr_array_index (a, i))))
      return FALSE;
  return TRUE;
}

static void
update_state (HrmAuditTab *self)
{
  gboolean loaded = self->codes != NULL && self->all_codes != NULL;
  gboolean dirty = loaded && !same_codes (self->codes, self->saved);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.save", dirty && !self->saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.revert", dirty && !self->saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.add",
                                 loaded && !self->saving && self->addable != NULL
                                 && self->addable->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.remove", loaded && !self->saving);
  gtk_spinner_set_spinning (self->save_spinner, self->saving);
  gtk_widget_set_visible (GTK_WIDGET (self->save_spinner), self->saving);

  if (dirty != self->has_unsaved_changes)
    {
      self->has_unsaved_changes = dirty;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_UNSAVED_CHANGES]);
    }
}

static GtkWidget *
create_row (HrmAccountCode *code)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *title = g_strdup_printf ("%s %s", hrm_account_code_get_code (code),
                                            hrm_account_code_get_name (code));
  g_autofree char *remove_label = g_strdup_printf (_("Remove %s"), title);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), hrm_account_code_get_dimension (code));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Remove"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "audit.remove");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", hrm_account_code_get_id (code));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
rebuild (HrmAuditTab *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->codes_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->addable, 0);

  for (guint i = 0; self->codes != NULL && i < self->codes->len; i++)
    {
      GtkWidget *row = create_row (g_ptr_array_index (self->codes, i));

      adw_preferences_group_add (self->codes_group, row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->empty_row), self->rows->len == 0);

  for (guint i = 0; self->all_codes != NULL && i < self->all_codes->len; i++)
    {
      HrmAccountCode *code = g_ptr_array_index (self->all_codes, i);
      g_autofree char *label = NULL;

      if (contains_id (self->codes, hrm_account_code_get_id (code)))
        continue;
      label = hrm_account_code_dup_label (code);
      gtk_string_list_append (labels, label);
      g_ptr_array_add (self->addable, g_object_ref (code));
    }
  adw_combo_row_set_model (self->add_row, G_LIST_MODEL (labels));
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_row), self->addable->len > 0);

  update_state (self);
}

static GPtrArray *
copy_codes (GPtrArray *codes)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; codes != NULL && i < codes->len; i++)
    g_ptr_array_add (copy, g_object_ref (g_ptr_array_index (codes, i)));
  return copy;
}

/* Loading */

static void
maybe_loaded (HrmAuditTab *self)
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

  g_clear_pointer (&self->codes, g_ptr_array_unref);
  self->codes = copy_codes (self->saved);
  rebuild (self);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

/* One of the two requests answered: keep its result (or first error). */
static void
loaded (HrmAuditTab  *self,
        GPtrArray   **out,
        GPtrArray    *codes,
        GError       *error)
{
  self->pending--;
  if (error != NULL && self->load_error == NULL)
    self->load_error = g_error_copy (error);
  g_clear_pointer (out, g_ptr_array_unref);
  *out = codes;
  maybe_loaded (self);
}

static void
on_all_codes (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *codes = hrm_client_list_account_codes_finish (HRM_CLIENT (source), result, &error);
  HrmAuditTab *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = HRM_AUDIT_TAB (user_data);
  loaded (self, &self->all_codes, codes, error);
}

static void
on_user_codes (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *codes = hrm_client_get_account_code_audit_finish (HRM_CLIENT (source), result, &error);
  HrmAuditTab *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = HRM_AUDIT_TAB (user_data);
  loaded (self, &self->saved, codes, error);
}

static void
reload (HrmAuditTab *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->load_error);
  g_clear_pointer (&self->saved, g_ptr_array_unref);
  g_clear_pointer (&self->codes, g_ptr_array_unref);
  self->pending = 0;
  self->saving = FALSE;
  rebuild (self);

  if (self->user == NULL || self->client == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  self->pending = 1;
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  hrm_client_get_account_code_audit_async (self->client, hrm_user_get_id (self->user),
                                           self->cancellable, on_user_codes, self);
  /* The list of all codes does not depend on the user: fetched once per client. */
  if (self->all_codes == NULL)
    {
      self->pending++;
      hrm_client_list_account_codes_async (self->client, self->cancellable, on_all_codes, self);
    }
}

/* Saving */

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  HrmAuditTab *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GError) error = NULL;

  saved = hrm_client_set_account_code_audit_finish (HRM_CLIENT (source), result, &error);
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
  g_clear_pointer (&self->codes, g_ptr_array_unref);
  self->saved = g_steal_pointer (&saved);
  self->codes = copy_codes (self->saved);
  rebuild (self);
  hrm_show_toast (GTK_WIDGET (self), _("Accounting codes saved"));
  g_signal_emit (self, signals[SAVED], 0);
  g_task_return_boolean (task, TRUE);
}

void
hrm_audit_tab_save_async (HrmAuditTab         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HRM_IS_AUDIT_TAB (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hrm_audit_tab_save_async);

  if (!self->has_unsaved_changes)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->saving)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The accounting codes are being saved"));
      return;
    }

  self->saving = TRUE;
  update_state (self);
  hrm_client_set_account_code_audit_async (self->client, hrm_user_get_id (self->user),
                                           self->codes, self->cancellable, on_saved,
                                           g_steal_pointer (&task));
}

gboolean
hrm_audit_tab_save_finish (HrmAuditTab   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hrm_audit_tab_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Actions */

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  HrmAuditTab *self = HRM_AUDIT_TAB (widget);
  guint selected = adw_combo_row_get_selected (self->add_row);

  if (self->codes == NULL || selected == GTK_INVALID_LIST_POSITION || selected >= self->addable->len)
    return;

  g_ptr_array_add (self->codes, g_object_ref (g_ptr_array_index (self->addable, selected)));
  rebuild (self);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HrmAuditTab *self = HRM_AUDIT_TAB (widget);
  gint64 id = g_variant_get_int64 (parameter);

  for (guint i = 0; self->codes != NULL && i < self->codes->len; i++)
    if (hrm_account_code_get_id (g_ptr_array_index (self->codes, i)) == id)
      {
        g_ptr_array_remove_index (self->codes, i);
        break;
      }
  rebuild (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  hrm_audit_tab_save_async (HRM_AUDIT_TAB (widget), NULL, NULL, NULL);
}

static void
revert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  hrm_audit_tab_revert (HRM_AUDIT_TAB (widget));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HrmAuditTab *self = HRM_AUDIT_TAB (widget);

  g_clear_pointer (&self->all_codes, g_ptr_array_unref);
  reload (self);
}

/* GObject */

static void
hrm_audit_tab_dispose (GObject *object)
{
  HrmAuditTab *self = (HrmAuditTab *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* AdwBin would unparent its child again after the template did. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HRM_TYPE_AUDIT_TAB);
  g_clear_object (&self->client);
  g_clear_object (&self->user);
  g_clear_pointer (&self->all_codes, g_ptr_array_unref);
  g_clear_pointer (&self->saved, g_ptr_array_unref);
  g_clear_pointer (&self->codes, g_ptr_array_unref);
  g_clear_pointer (&self->addable, g_ptr_array_unref);

  G_OBJECT_CLASS (hrm_audit_tab_parent_class)->dispose (object);
}

static void
hrm_audit_tab_finalize (GObject *object)
{
  HrmAuditTab *self = (HrmAuditTab *)object;

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_error (&self->load_error);

  G_OBJECT_CLASS (hrm_audit_tab_parent_class)->finalize (object);
}

static void
hrm_audit_tab_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HrmAuditTab *self = HRM_AUDIT_TAB (object);

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
hrm_audit_tab_class_init (HrmAuditTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hrm_audit_tab_dispose;
  object_class->finalize = hrm_audit_tab_finalize;
  object_class->get_property = hrm_audit_tab_get_property;

  properties[PROP_HAS_UNSAVED_CHANGES] =
    g_param_spec_boolean ("has-unsaved-changes", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hrmusers/HrmUsers/hrm-audit-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, HrmAuditTab, stack);
  gtk_widget_class_bind_template_child (widget_class, HrmAuditTab, spinner);
  gtk_widget_class_bind_template_child (widget_class, HrmAuditTab, save_spinner);
  gtk_widget_class_bind_template_child (widget_class, HrmAuditTab, error_page);
  gtk_widget_class_bind_template_child (widget_class, HrmAuditTab, codes_group);
  gtk_widget_class_bind_template_child (widget_class, HrmAuditTab, empty_row);
  gtk_widget_class_bind_template_child (widget_class, HrmAuditTab, add_row);

  gtk_widget_class_install_action (widget_class, "audit.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "audit.remove", "x", remove_action);
  gtk_widget_class_install_action (widget_class, "audit.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "audit.revert", NULL, revert_action);
  gtk_widget_class_install_action (widget_class, "audit.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "audit.save", NULL);
}

static void
hrm_audit_tab_init (HrmAuditTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();
  self->addable = g_ptr_array_new_with_free_func (g_object_unref);
  rebuild (self);
}

void
hrm_audit_tab_set_client (HrmAuditTab *self,
                          HrmClient   *client)
{
  g_return_if_fail (HRM_IS_AUDIT_TAB (self));

  if (g_set_object (&self->client, client))
    g_clear_pointer (&self->all_codes, g_ptr_array_unref);
}

void
hrm_audit_tab_set_user (HrmAuditTab *self,
                        HrmUser     *user)
{
  g_return_if_fail (HRM_IS_AUDIT_TAB (self));

  g_set_object (&self->user, user);
  reload (self);
}

gboolean
hrm_audit_tab_get_has_unsaved_changes (HrmAuditTab *self)
{
  g_return_val_if_fail (HRM_IS_AUDIT_TAB (self), FALSE);
  return self->has_unsaved_changes;
}

void
hrm_audit_tab_revert (HrmAuditTab *self)
{
  g_return_if_fail (HRM_IS_AUDIT_TAB (self));

  if (self->saved == NULL || self->saving)
    return;

  g_clear_pointer (&self->codes, g_ptr_array_unref);
  self->codes = copy_codes (self->saved);
  rebuild (self);
}

GPtrArray *
hrm_audit_tab_get_codes (HrmAuditTab *self)
{
  g_return_val_if_fail (HRM_IS_AUDIT_TAB (self), NULL);
  return self->codes;
}
