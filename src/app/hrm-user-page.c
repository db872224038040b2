/* hrm-user-page.c — the right pane: one user, its link to the identity provider and its roles
 *
 * The page shows the HrmUser the users list gave it and refreshes that very
 * object (hrm_user_update_from) whenever the server has something newer, so
 * the list row follows. Typed edits live in the entry rows until they are
 * saved; nothing the page does on its own (a poll, a reload after a conflict)
 * overwrites a field the administrator changed.
 *
 * This file: the user, the General tab's fields, saving (with its 412
 * dialog). hrm-user-page-connection.c: the identity-provider group and the
 * poll that notices a pending user turn linked.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-user-page"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-a11y.h"
#include "hrm-page-util.h"
#include "hrm-user-page-private.h"

enum {
  PROP_0,
  PROP_HAS_UNSAVED_CHANGES,
  N_PROPS
};

enum {
  USER_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HrmUserPage, hrm_user_page, ADW_TYPE_BIN)

typedef const char *(*HrmUserGetter) (HrmUser *user);

static const struct {
  const char    *name;    /* template id prefix */
  const char    *member;  /* JSON member, NULL when not sent */
  HrmUserGetter  getter;
} field_info[N_FIELDS] = {
  [FIELD_USER_ID] = { "user_id", "user_id", hrm_user_get_user_id },
  [FIELD_ALIAS_USER_ID] = { "alias_user_id", "alias_user_id", hrm_user_get_alias_user_id },
  [FIELD_SIGNATURE] = { "signature", "signature", hrm_user_get_signature },
  [FIELD_CARD_TAG_ID] = { "card_tag_id", "card_tag_id", hrm_user_get_card_tag_id },
  [FIELD_EXTERNAL_REFERENCE] = { "external_reference", "external_reference",
                                 hrm_user_get_external_reference },
  [FIELD_EMAIL] = { "email", "email", hrm_user_get_email },
  [FIELD_CONFIRM_EMAIL] = { "confirm_email", NULL, hrm_user_get_email },
};

/* Fields */

const char *
_hrm_user_page_field_member (HrmUserField field)
{
  g_assert (field < N_FIELDS);
  return field_info[field].member;
}

const char *
_hrm_user_page_field_text (HrmUserPage  *self,
            HrmUserField  field)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->fields[field].row));
}

const char *
_hrm_user_page_field_value (HrmUserPage  *self,
                            HrmUserField  field)
{
  const char *value;

  if (self->user == NULL)
    return "";
  value = field_info[field].getter (self->user);
  return value != NULL ? value : "";
}

static gboolean
field_is_dirty (HrmUserPage  *self,
                HrmUserField  field)
{
  return g_strcmp0 (_hrm_user_page_field_text (self, field), _hrm_user_page_field_value (self, field)) != 0;
}

guint
_hrm_user_page_dirty_mask (HrmUserPage *self)
{
  guint mask = 0;

  if (self->user == NULL)
    return 0;

  for (guint i = 0; i < N_FIELDS; i++)
    if (field_is_dirty (self, i))
      mask |= 1u << i;
  if (gtk_switch_get_active (self->enabled_switch) != hrm_user_get_enabled (self->user))
    mask |= HRM_FIELD_ENABLED_BIT;

  return mask;
}

void
_hrm_user_page_set_field_error (HrmUserPage  *self,
                                HrmUserField  field,
                                const char   *message)
{
  HrmFieldWidgets *w = &self->fields[field];
  gboolean invalid = message != NULL && *message != '\0';

  gtk_label_set_text (w->error_label, invalid ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (w->error_row), invalid);
  if (invalid)
    gtk_widget_add_css_class (GTK_WIDGET (w->row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (w->row), "error");

  gtk_accessible_update_state (GTK_ACCESSIBLE (w->row),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               invalid ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (w->row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, invalid ? message : "",
                                  -1);
}

/* The client-side rules for one field, on its current text; NULL when fine. */
static char *
validate_field (HrmUserPage  *self,
                HrmUserField  field)
{
  g_autoptr(GError) error = NULL;
  const char *text = _hrm_user_page_field_text (self, field);

  switch (field)
    {
    case FIELD_USER_ID:
      hrm_validate_user_id (text, &error);
      break;
    case FIELD_EMAIL:
      if (*text != '\0')
        hrm_validate_email (text, &error);
      break;
    case FIELD_CONFIRM_EMAIL:
      if (field_is_dirty (self, FIELD_EMAIL) || field_is_dirty (self, FIELD_CONFIRM_EMAIL))
        {
          if (*_hrm_user_page_field_text (self, FIELD_EMAIL) != '\0' || *text != '\0')
            hrm_validate_email_confirmation (_hrm_user_page_field_text (self, FIELD_EMAIL), text, &error);
        }
      break;
    case FIELD_ALIAS_USER_ID:
    case FIELD_SIGNATURE:
    case FIELD_CARD_TAG_ID:
    case FIELD_EXTERNAL_REFERENCE:
      hrm_validate_text (text, &error);
      break;
    case N_FIELDS:
    default:
      g_assert_not_reached ();
    }

  return error != NULL ? g_strdup (error->message) : NULL;
}

/* Shows the errors of the fields; the client-side rules are checked on
 * changed fields only (and on all with @all). Returns the first invalid field
 * or N_FIELDS. */
HrmUserField
_hrm_user_page_refresh_validation (HrmUserPage *self,
                    gboolean     all)
{
  HrmUserField first = N_FIELDS;

  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autofree char *message = NULL;

      if (all || field_is_dirty (self, i) || i == FIELD_CONFIRM_EMAIL)
        message = validate_field (self, i);
      if (message == NULL && self->server_errors[i] != NULL)
        message = g_strdup (self->server_errors[i]);

      _hrm_user_page_set_field_error (self, i, message);
      if (message != NULL && first == N_FIELDS)
        first = i;
    }

  return first;
}

static void
clear_server_errors (HrmUserPage *self)
{
  for (guint i = 0; i < N_FIELDS; i++)
    g_clear_pointer (&self->server_errors[i], g_free);
}

/* State */

gboolean
_hrm_user_page_compute_dirty (HrmUserPage *self)
{
  if (self->user == NULL)
    return FALSE;

  return (_hrm_user_page_dirty_mask (self) & ~(1u << FIELD_CONFIRM_EMAIL)) != 0
         || hrm_list_tab_get_has_unsaved_changes (HRM_LIST_TAB (self->authorisations_tab))
         || hrm_list_tab_get_has_unsaved_changes (HRM_LIST_TAB (self->audit_tab));
}

void
_hrm_user_page_update_state (HrmUserPage *self)
{
  gboolean dirty = _hrm_user_page_compute_dirty (self);
  gboolean ready = self->user != NULL && self->loaded;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "user.save", ready && dirty && !self->saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "user.revert", ready && dirty && !self->saving);
  gtk_spinner_set_spinning (self->save_spinner, self->saving);
  gtk_widget_set_visible (GTK_WIDGET (self->save_spinner), self->saving);
  gtk_spinner_set_spinning (self->loading_spinner, self->user != NULL && !self->loaded);
  gtk_widget_set_visible (GTK_WIDGET (self->loading_spinner), self->user != NULL && !self->loaded);

  _hrm_user_page_update_connection (self);

  if (dirty != self->has_unsaved_changes)
    {
      self->has_unsaved_changes = dirty;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_UNSAVED_CHANGES]);
    }
}

static void
update_header (HrmUserPage *self)
{
  g_autofree char *name = NULL;

  if (self->user == NULL)
    return;

  name = hrm_user_dup_display_name (self->user);
  gtk_label_set_text (self->name_label, name != NULL && *name != '\0' ? name : _("Unnamed user"));
  gtk_label_set_text (self->user_id_label, hrm_user_get_user_id (self->user));
  adw_avatar_set_text (self->avatar, name);
  /* What is saved, not the switch's unsaved position. */
  gtk_widget_set_visible (GTK_WIDGET (self->disabled_tag), !hrm_user_get_enabled (self->user));
}

void
_hrm_user_page_apply_user (HrmUserPage *self,
                           HrmUser     *fresh,
                           guint        keep_mask)
{
  g_assert (self->user != NULL);

  if (fresh != NULL && fresh != self->user)
    hrm_user_update_from (self->user, fresh);

  /* A kept email keeps its confirmation; a replaced one replaces it too. */
  if (!(keep_mask & (1u << FIELD_EMAIL)))
    keep_mask &= ~(1u << FIELD_CONFIRM_EMAIL);

  self->updating = TRUE;
  for (guint i = 0; i < N_FIELDS; i++)
    if (!(keep_mask & (1u << i)))
      {
        gtk_editable_set_text (GTK_EDITABLE (self->fields[i].row),
                               _hrm_user_page_field_value (self, i));
        g_clear_pointer (&self->server_errors[i], g_free);
      }
  if (!(keep_mask & HRM_FIELD_ENABLED_BIT))
    gtk_switch_set_active (self->enabled_switch, hrm_user_get_enabled (self->user));
  self->updating = FALSE;

  update_header (self);
  _hrm_user_page_refresh_validation (self, FALSE);
  _hrm_user_page_update_state (self);
}

static void
on_field_changed (HrmUserPage *self,
                  GtkEditable *editable)
{
  if (self->updating || self->user == NULL)
    return;

  for (guint i = 0; i < N_FIELDS; i++)
    if (GTK_EDITABLE (self->fields[i].row) == editable)
      g_clear_pointer (&self->server_errors[i], g_free);

  _hrm_user_page_refresh_validation (self, FALSE);
  _hrm_user_page_update_state (self);
}

/* Enter in a field saves, as it does in a form. */
static void
on_entry_activated (HrmUserPage *self)
{
  if (self->has_unsaved_changes && !self->saving)
    gtk_widget_activate_action (GTK_WIDGET (self), "user.save", NULL);
}

static void
on_enabled_changed (HrmUserPage *self)
{
  if (!self->updating)
    _hrm_user_page_update_state (self);
}

/* Feedback */

void
_hrm_user_page_toast (HrmUserPage *self,
                      const char  *title)
{
  hrm_show_toast (GTK_WIDGET (self), title);
}

void
_hrm_user_page_show_error (HrmUserPage  *self,
                           const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  _hrm_user_page_toast (self, error->message);
}

const char *
_hrm_user_page_provider_name (HrmUserPage *self)
{
  const char *name = NULL;

  if (self->organisation != NULL)
    name = hrm_organisation_get_identity_provider_name (self->organisation);
  return name != NULL && *name != '\0' ? name : "Visma Connect";
}

void
_hrm_user_page_changed (HrmUserPage *self)
{
  hrm_history_tab_reload (self->history_tab);
  g_signal_emit (self, signals[USER_CHANGED], 0, self->user);
}

/* Loading */

static void
on_user_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HrmUser) fresh = NULL;
  g_autoptr(GError) error = NULL;
  HrmUserPage *self;

  fresh = hrm_client_get_user_finish (HRM_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = HRM_USER_PAGE (user_data);

  if (error != NULL)
    {
      gboolean gone = g_error_matches (error, HRM_ERROR, HRM_ERROR_NOT_FOUND);

      /* Trying again helps when the server was away, not when the user is. */
      adw_status_page_set_title (self->error_page, gone ? _("This user no longer exists")
                                                        : _("The user could not be loaded"));
      adw_status_page_set_description (self->error_page, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->retry_button), !gone);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      _hrm_user_page_fail_save_tasks (self, error);
      return;
    }

  self->loaded = TRUE;
  _hrm_user_page_apply_user (self, fresh, _hrm_user_page_dirty_mask (self));
  _hrm_user_page_start_polling (self);
  _hrm_user_page_run_waiting_saves (self);
}

static void
load_user (HrmUserPage *self)
{
  g_assert (self->user != NULL);

  if (self->client == NULL)
    return;

  self->loaded = FALSE;
  hrm_client_get_user_async (self->client, hrm_user_get_id (self->user), self->cancellable,
                             on_user_loaded, self);
  _hrm_user_page_update_state (self);
}

static void
reset_cancellable (HrmUserPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

static void
show_user (HrmUserPage *self)
{
  g_autoptr(GError) cancelled = NULL;

  _hrm_user_page_stop_polling (self);
  reset_cancellable (self);
  g_set_error_literal (&cancelled, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                       _("The page shows another user now"));
  _hrm_user_page_fail_save_tasks (self, cancelled);
  g_clear_pointer (&self->saving_patch, json_object_unref);
  clear_server_errors (self);
  self->saving = FALSE;
  self->connection_busy = FALSE;
  self->loaded = FALSE;

  hrm_list_tab_set_user (HRM_LIST_TAB (self->authorisations_tab), self->user);
  hrm_list_tab_set_user (HRM_LIST_TAB (self->audit_tab), self->user);
  hrm_history_tab_set_user (self->history_tab, self->user);

  if (self->user == NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
      _hrm_user_page_update_state (self);
      return;
    }

  gtk_stack_set_visible_child_name (self->main_stack, "user");
  adw_view_stack_set_visible_child_name (self->view_stack, "general");
  _hrm_user_page_apply_user (self, NULL, 0);
  load_user (self);
}

/* Actions */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  hrm_user_page_save_async (HRM_USER_PAGE (widget), NULL, NULL, NULL);
}

static void
revert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HrmUserPage *self = HRM_USER_PAGE (widget);

  if (self->user == NULL)
    return;

  clear_server_errors (self);
  hrm_list_tab_revert (HRM_LIST_TAB (self->authorisations_tab));
  hrm_list_tab_revert (HRM_LIST_TAB (self->audit_tab));
  _hrm_user_page_apply_user (self, NULL, 0);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HrmUserPage *self = HRM_USER_PAGE (widget);

  if (self->user != NULL)
    show_user (self);
}

/* user.show-tab N: the Nth tab (from 0), as Alt+1… in the window. */
static void
show_tab_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  HrmUserPage *self = HRM_USER_PAGE (widget);
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (self->view_stack);
  guint n = g_variant_get_uint32 (parameter);

  if (n < g_list_model_get_n_items (G_LIST_MODEL (pages)))
    gtk_selection_model_select_item (pages, n, TRUE);
}

/* GObject */

/* The tabs go to the bottom bar when they do not fit under the name. */
static void
on_switcher_squeezed (HrmUserPage *self)
{
  GtkWidget *shown = adw_squeezer_get_visible_child (self->switcher_squeezer);

  adw_view_switcher_bar_set_reveal (self->switcher_bar, shown == self->switcher_placeholder);
}

/* On a phone a quarter of 360 px is too narrow for "Audit of account code"
 * and "Authorisations": the bar's labels are a little smaller, as in a
 * phone's tab bar, and wrap between words instead of being cut short. */
static void
wrap_tab_labels (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    {
      g_autoptr(PangoAttrList) attributes = pango_attr_list_new ();

      pango_attr_list_insert (attributes, pango_attr_scale_new (PANGO_SCALE_SMALL));
      gtk_label_set_attributes (GTK_LABEL (widget), attributes);
      gtk_label_set_ellipsize (GTK_LABEL (widget), PANGO_ELLIPSIZE_NONE);
      gtk_label_set_wrap (GTK_LABEL (widget), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (widget), PANGO_WRAP_WORD);
      gtk_label_set_justify (GTK_LABEL (widget), GTK_JUSTIFY_CENTER);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    wrap_tab_labels (child);
}

static void
on_map_changed (HrmUserPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    _hrm_user_page_start_polling (self);
  else
    _hrm_user_page_stop_polling (self);
}

static void
hrm_user_page_dispose (GObject *object)
{
  HrmUserPage *self = (HrmUserPage *)object;

  _hrm_user_page_stop_polling (self);
  g_cancellable_cancel (self->cancellable);

  /* The bound stack is AdwBin's child: unparent it before the template
   * drops it, or AdwBin's dispose unparents a freed widget. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HRM_TYPE_USER_PAGE);

  g_clear_object (&self->client);
  g_clear_object (&self->organisation);
  g_clear_object (&self->user);

  G_OBJECT_CLASS (hrm_user_page_parent_class)->dispose (object);
}

static void
hrm_user_page_finalize (GObject *object)
{
  HrmUserPage *self = (HrmUserPage *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->save_tasks, g_ptr_array_unref);
  g_clear_pointer (&self->saving_patch, json_object_unref);
  clear_server_errors (self);

  G_OBJECT_CLASS (hrm_user_page_parent_class)->finalize (object);
}

static void
hrm_user_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HrmUserPage *self = HRM_USER_PAGE (object);

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
hrm_user_page_class_init (HrmUserPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hrm_user_page_dispose;
  object_class->finalize = hrm_user_page_finalize;
  object_class->get_property = hrm_user_page_get_property;

  properties[PROP_HAS_UNSAVED_CHANGES] =
    g_param_spec_boolean ("has-unsaved-changes", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[USER_CHANGED] =
    g_signal_new ("user-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, HRM_TYPE_USER);

  g_type_ensure (HRM_TYPE_AUTHORISATIONS_TAB);
  g_type_ensure (HRM_TYPE_AUDIT_TAB);
  g_type_ensure (HRM_TYPE_HISTORY_TAB);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hrmusers/HrmUsers/hrm-user-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, avatar);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, disabled_tag);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, user_id_label);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, state_image);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, state_detail_label);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, view_switcher);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, switcher_squeezer);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, switcher_placeholder);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, email_hint_row);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, connection_group);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, connection_row);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, connection_icon);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, connection_spinner);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, send_button);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, send_hint_label);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, reset_password_button);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, delete_connection_button);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, save_spinner);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, authorisations_tab);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, audit_tab);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, history_tab);

  for (guint i = 0; i < N_FIELDS; i++)
    {
      gsize base = G_STRUCT_OFFSET (HrmUserPage, fields) + i * sizeof (HrmFieldWidgets);
      g_autofree char *row = g_strdup_printf ("%s_row", field_info[i].name);
      g_autofree char *error_row = g_strdup_printf ("%s_error_row", field_info[i].name);
      g_autofree char *error_label = g_strdup_printf ("%s_error", field_info[i].name);

      /* GtkBuilder keeps the names for the class's lifetime. */
      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (row), FALSE,
                                                 base + G_STRUCT_OFFSET (HrmFieldWidgets, row));
      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (error_row), FALSE,
                                                 base + G_STRUCT_OFFSET (HrmFieldWidgets, error_row));
      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (error_label), FALSE,
                                                 base + G_STRUCT_OFFSET (HrmFieldWidgets, error_label));
    }

  gtk_widget_class_install_action (widget_class, "user.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "user.revert", NULL, revert_action);
  gtk_widget_class_install_action (widget_class, "user.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "user.show-tab", "u", show_tab_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "user.save", NULL);

  _hrm_user_page_connection_class_init (widget_class);
}

static void
hrm_user_page_init (HrmUserPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->save_tasks = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_signal_connect_object (self->fields[i].row, "changed", G_CALLBACK (on_field_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->fields[i].row, "entry-activated",
                               G_CALLBACK (on_entry_activated), self, G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (self->enabled_switch, "notify::active", G_CALLBACK (on_enabled_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->authorisations_tab, "notify::has-unsaved-changes",
                           G_CALLBACK (_hrm_user_page_update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->audit_tab, "notify::has-unsaved-changes",
                           G_CALLBACK (_hrm_user_page_update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->authorisations_tab, "saved",
                           G_CALLBACK (hrm_history_tab_reload), self->history_tab, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->audit_tab, "saved",
                           G_CALLBACK (hrm_history_tab_reload), self->history_tab, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->switcher_squeezer, "notify::visible-child",
                           G_CALLBACK (on_switcher_squeezed), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "map", G_CALLBACK (on_map_changed), NULL);
  g_signal_connect (self, "unmap", G_CALLBACK (on_map_changed), NULL);

  /* A screen reader hears the page and the tab shown, and one set of tabs. */
  hrm_a11y_hide_unseen_pages (GTK_WIDGET (self->main_stack));
  hrm_a11y_hide_unseen_pages (GTK_WIDGET (self->view_stack));
  hrm_a11y_hide_unseen_pages (GTK_WIDGET (self->switcher_squeezer));
  wrap_tab_labels (GTK_WIDGET (self->switcher_bar));

  gtk_stack_set_visible_child_name (self->main_stack, "empty");
  _hrm_user_page_update_state (self);
}

HrmUserPage *
hrm_user_page_new (void)
{
  return g_object_new (HRM_TYPE_USER_PAGE, NULL);
}

void
hrm_user_page_set_client (HrmUserPage *self,
                          HrmClient   *client)
{
  g_return_if_fail (HRM_IS_USER_PAGE (self));
  g_return_if_fail (client == NULL || HRM_IS_CLIENT (client));

  if (!g_set_object (&self->client, client))
    return;

  hrm_list_tab_set_client (HRM_LIST_TAB (self->authorisations_tab), client);
  hrm_list_tab_set_client (HRM_LIST_TAB (self->audit_tab), client);
  hrm_history_tab_set_client (self->history_tab, client);
  show_user (self);
}

void
hrm_user_page_set_organisation (HrmUserPage     *self,
                                HrmOrganisation *organisation)
{
  g_return_if_fail (HRM_IS_USER_PAGE (self));
  g_return_if_fail (organisation == NULL || HRM_IS_ORGANISATION (organisation));

  if (g_set_object (&self->organisation, organisation))
    _hrm_user_page_update_connection (self);
}

void
hrm_user_page_set_user (HrmUserPage *self,
                        HrmUser     *user)
{
  g_return_if_fail (HRM_IS_USER_PAGE (self));
  g_return_if_fail (user == NULL || HRM_IS_USER (user));

  if (self->user == user && user != NULL)
    return;

  g_set_object (&self->user, user);
  show_user (self);
}

HrmUser *
hrm_user_page_get_user (HrmUserPage *self)
{
  g_return_val_if_fail (HRM_IS_USER_PAGE (self), NULL);
  return self->user;
}

gboolean
hrm_user_page_get_has_unsaved_changes (HrmUserPage *self)
{
  g_return_val_if_fail (HRM_IS_USER_PAGE (self), FALSE);
  return self->has_unsaved_changes;
}
