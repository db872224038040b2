/* hrm-account-section.c — the user's account fields on the user page
 *
 * Enabled, user-ID, alias, signature, card/tag ID, external reference and
 * the end of employment: what the administrator types, checked as it is
 * typed, added to the page's one PATCH when it saves. The end date is
 * typed as YYYY-MM-DD (the one form that reads the same in every locale)
 * or picked in a calendar beside it, which writes that form.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-user-page"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-account-section-private.h"

enum {
  PROP_0,
  PROP_HAS_UNSAVED_CHANGES,
  N_PROPS
};

enum {
  ACTIVATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The member of the user object each row edits. Its JSON name (also the
 * prefix of the row's template ids), its value and its rule all come from
 * the one table of fields (hrm-user-fields.c), which the server's PATCH
 * handler walks too. */
static const HrmUserFieldId field_ids[N_ACCOUNT_FIELDS] = {
  [ACCOUNT_FIELD_USER_ID] = HRM_USER_FIELD_USER_ID,
  [ACCOUNT_FIELD_ALIAS_USER_ID] = HRM_USER_FIELD_ALIAS_USER_ID,
  [ACCOUNT_FIELD_SIGNATURE] = HRM_USER_FIELD_SIGNATURE,
  [ACCOUNT_FIELD_CARD_TAG_ID] = HRM_USER_FIELD_CARD_TAG_ID,
  [ACCOUNT_FIELD_EXTERNAL_REFERENCE] = HRM_USER_FIELD_EXTERNAL_REFERENCE,
  [ACCOUNT_FIELD_EMPLOYMENT_END_DATE] = HRM_USER_FIELD_EMPLOYMENT_END_DATE,
};

static const char *
field_name (HrmAccountField field)
{
  return hrm_user_field_get_info (field_ids[field])->json_name;
}

static void hrm_account_section_iface_init (HrmUserSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HrmAccountSection, hrm_account_section, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (HRM_TYPE_USER_SECTION,
                                                      hrm_account_section_iface_init))

static gboolean
enabled_is_dirty (HrmAccountSection *self)
{
  return gtk_switch_get_active (self->enabled_switch) != self->shown_enabled;
}

/* The rule the server applies to one field (hrm_user_field_check(), which
 * the PATCH handler calls too), on its current text; NULL when fine. */
static char *
validate_field (HrmAccountSection *self,
                HrmAccountField    field)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = g_strdup (hrm_field_row_get_text (&self->fields[field]));

  if (hrm_user_field_check (field_ids[field], &value, &error))
    return NULL;
  return g_strdup (error->message);
}

/* Shows the errors of the fields; the rules are checked on changed fields
 * only (and on all with @all). Returns the first invalid field or
 * N_ACCOUNT_FIELDS. */
static HrmAccountField
refresh_validation (HrmAccountSection *self,
                    gboolean           all)
{
  HrmAccountField first = N_ACCOUNT_FIELDS;

  for (guint i = 0; i < N_ACCOUNT_FIELDS; i++)
    {
      g_autofree char *message = NULL;

      if (all || hrm_field_row_is_dirty (&self->fields[i]))
        message = validate_field (self, i);
      if (message == NULL && self->fields[i].server_error != NULL)
        message = g_strdup (self->fields[i].server_error);

      hrm_field_row_set_error (&self->fields[i], message);
      if (message != NULL && first == N_ACCOUNT_FIELDS)
        first = i;
    }

  return first;
}

static void
update_dirty (HrmAccountSection *self)
{
  gboolean dirty = FALSE;

  if (self->user != NULL)
    {
      dirty = enabled_is_dirty (self);
      for (guint i = 0; i < N_ACCOUNT_FIELDS && !dirty; i++)
        dirty = hrm_field_row_is_dirty (&self->fields[i]);
    }

  if (dirty != self->has_unsaved_changes)
    {
      self->has_unsaved_changes = dirty;
      g_object_notify (G_OBJECT (self), "has-unsaved-changes");
    }
}

/* Shows the user's values, keeping the fields of @keep (1 << field, and
 * 1 << N_ACCOUNT_FIELDS for the switch) as typed. */
static void
show_values (HrmAccountSection *self,
             guint              keep)
{
  self->updating = TRUE;
  for (guint i = 0; i < N_ACCOUNT_FIELDS; i++)
    {
      const char *value = self->user != NULL ? hrm_user_get_string (self->user, field_ids[i]) : NULL;

      if (keep & (1u << i))
        {
          /* Still an edit, now of the new value. */
          g_free (self->fields[i].shown);
          self->fields[i].shown = g_strdup (value != NULL ? value : "");
        }
      else
        {
          hrm_field_row_show (&self->fields[i], value);
        }
    }
  self->shown_enabled = self->user != NULL && hrm_user_get_enabled (self->user);
  if (!(keep & (1u << N_ACCOUNT_FIELDS)))
    gtk_switch_set_active (self->enabled_switch, self->shown_enabled);
  self->updating = FALSE;

  refresh_validation (self, FALSE);
  update_dirty (self);
}

static guint
dirty_mask (HrmAccountSection *self)
{
  guint mask = 0;

  for (guint i = 0; i < N_ACCOUNT_FIELDS; i++)
    if (hrm_field_row_is_dirty (&self->fields[i]))
      mask |= 1u << i;
  if (enabled_is_dirty (self))
    mask |= 1u << N_ACCOUNT_FIELDS;

  return mask;
}

/* HrmUserSection */

static void
hrm_account_section_set_user (HrmUserSection *section,
                              HrmClient      *client,
                              HrmUser        *user)
{
  HrmAccountSection *self = HRM_ACCOUNT_SECTION (section);

  g_set_object (&self->user, user);
  show_values (self, 0);
}

static void
hrm_account_section_update (HrmUserSection *section,
                            gboolean        keep_edits)
{
  HrmAccountSection *self = HRM_ACCOUNT_SECTION (section);

  show_values (self, keep_edits ? dirty_mask (self) : 0);
}

static gboolean
hrm_account_section_get_has_unsaved_changes (HrmUserSection *section)
{
  return HRM_ACCOUNT_SECTION (section)->has_unsaved_changes;
}

static GtkWidget *
hrm_account_section_validate (HrmUserSection  *section,
                              GError         **error)
{
  HrmAccountSection *self = HRM_ACCOUNT_SECTION (section);
  HrmAccountField first = refresh_validation (self, FALSE);

  if (first == N_ACCOUNT_FIELDS)
    return NULL;
  g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INVALID,
                       gtk_label_get_text (self->fields[first].error_label));
  return GTK_WIDGET (self->fields[first].row);
}

static void
hrm_account_section_add_to_patch (HrmUserSection *section,
                                  JsonObject     *patch)
{
  HrmAccountSection *self = HRM_ACCOUNT_SECTION (section);

  for (guint i = 0; i < N_ACCOUNT_FIELDS; i++)
    {
      /* As typed: the server normalises it (an emptied optional field
       * is stored as none) with the rule validate_field() showed. */
      if (hrm_field_row_is_dirty (&self->fields[i]))
        json_object_set_string_member (patch, field_name (i),
                                       hrm_field_row_get_text (&self->fields[i]));
    }
  if (enabled_is_dirty (self))
    json_object_set_boolean_member (patch, hrm_user_field_get_info (HRM_USER_FIELD_ENABLED)->json_name,
                                    gtk_switch_get_active (self->enabled_switch));
}

static void
hrm_account_section_saved (HrmUserSection *section,
                           JsonObject     *sent)
{
  HrmAccountSection *self = HRM_ACCOUNT_SECTION (section);
  const char *enabled_member = hrm_user_field_get_info (HRM_USER_FIELD_ENABLED)->json_name;
  guint keep = dirty_mask (self);

  for (guint i = 0; i < N_ACCOUNT_FIELDS; i++)
    {
      const char *member = field_name (i);

      /* Still an edit only when it was typed after the save was sent. */
      if (json_object_has_member (sent, member)
          && g_strcmp0 (json_object_get_string_member (sent, member),
                        hrm_field_row_get_text (&self->fields[i])) == 0)
        keep &= ~(1u << i);
    }
  if (json_object_has_member (sent, enabled_member)
      && json_object_get_boolean_member (sent, enabled_member) == gtk_switch_get_active (self->enabled_switch))
    keep &= ~(1u << N_ACCOUNT_FIELDS);

  show_values (self, keep);
}

static GtkWidget *
hrm_account_section_show_field_errors (HrmUserSection *section,
                                       GHashTable     *field_errors)
{
  HrmAccountSection *self = HRM_ACCOUNT_SECTION (section);
  gboolean shown = FALSE;
  HrmAccountField first;

  for (guint i = 0; i < N_ACCOUNT_FIELDS; i++)
    {
      const char *why = g_hash_table_lookup (field_errors, field_name (i));

      if (why == NULL)
        continue;
      g_free (self->fields[i].server_error);
      self->fields[i].server_error = g_strdup (why);
      shown = TRUE;
    }
  if (!shown)
    return NULL;

  first = refresh_validation (self, FALSE);
  return first != N_ACCOUNT_FIELDS ? GTK_WIDGET (self->fields[first].row) : NULL;
}

static void
hrm_account_section_revert (HrmUserSection *section)
{
  show_values (HRM_ACCOUNT_SECTION (section), 0);
}

static void
hrm_account_section_iface_init (HrmUserSectionInterface *iface)
{
  iface->set_user = hrm_account_section_set_user;
  iface->update = hrm_account_section_update;
  iface->get_has_unsaved_changes = hrm_account_section_get_has_unsaved_changes;
  iface->validate = hrm_account_section_validate;
  iface->add_to_patch = hrm_account_section_add_to_patch;
  iface->saved = hrm_account_section_saved;
  iface->show_field_errors = hrm_account_section_show_field_errors;
  iface->revert = hrm_account_section_revert;
}

/* Edits */

static void
on_field_changed (HrmAccountSection *self,
                  GtkEditable       *editable)
{
  if (self->updating || self->user == NULL)
    return;

  for (guint i = 0; i < N_ACCOUNT_FIELDS; i++)
    if (GTK_EDITABLE (self->fields[i].row) == editable)
      g_clear_pointer (&self->fields[i].server_error, g_free);

  refresh_validation (self, FALSE);
  update_dirty (self);
}

static void
on_enabled_changed (HrmAccountSection *self)
{
  if (!self->updating)
    update_dirty (self);
}

/* The end-date calendar */

/* Opens the calendar on the typed date, or on today. */
static void
end_date_button_clicked (HrmAccountSection *self)
{
  const char *text = hrm_field_row_get_text (&self->fields[ACCOUNT_FIELD_EMPLOYMENT_END_DATE]);
  g_autoptr(GDateTime) day = NULL;

  if (hrm_validate_date (text, NULL) && text[0] != '\0')
    {
      g_autofree char *midnight = g_strconcat (text, "T00:00:00", NULL);
      g_autoptr(GTimeZone) local = g_time_zone_new_local ();

      day = g_date_time_new_from_iso8601 (midnight, local);
    }
  if (day == NULL)
    day = g_date_time_new_now_local ();

  self->updating = TRUE;
  gtk_calendar_select_day (self->end_date_calendar, day);
  self->updating = FALSE;
  gtk_popover_popup (self->end_date_popover);
}

/* A day picked: written as it would be typed, and checked as typed. */
static void
end_date_day_selected (HrmAccountSection *self)
{
  g_autoptr(GDateTime) day = NULL;
  g_autofree char *text = NULL;

  if (self->updating)
    return;

  day = gtk_calendar_get_date (self->end_date_calendar);
  text = g_date_time_format (day, "%Y-%m-%d");
  gtk_editable_set_text (GTK_EDITABLE (self->fields[ACCOUNT_FIELD_EMPLOYMENT_END_DATE].row), text);
  gtk_popover_popdown (self->end_date_popover);
  gtk_widget_grab_focus (GTK_WIDGET (self->fields[ACCOUNT_FIELD_EMPLOYMENT_END_DATE].row));
}

static void
end_date_cleared (HrmAccountSection *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->fields[ACCOUNT_FIELD_EMPLOYMENT_END_DATE].row), "");
  gtk_popover_popdown (self->end_date_popover);
  gtk_widget_grab_focus (GTK_WIDGET (self->fields[ACCOUNT_FIELD_EMPLOYMENT_END_DATE].row));
}

/* Enter in a field saves, as it does in a form: the page decides. */
static void
on_entry_activated (HrmAccountSection *self)
{
  g_signal_emit (self, signals[ACTIVATE], 0);
}

/* GObject */

static void
hrm_account_section_dispose (GObject *object)
{
  HrmAccountSection *self = (HrmAccountSection *)object;

  /* The popover is the button's, not the template's. */
  g_clear_pointer ((GtkWidget **) &self->end_date_popover, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), HRM_TYPE_ACCOUNT_SECTION);
  g_clear_object (&self->user);

  G_OBJECT_CLASS (hrm_account_section_parent_class)->dispose (object);
}

static void
hrm_account_section_finalize (GObject *object)
{
  HrmAccountSection *self = (HrmAccountSection *)object;

  for (guint i = 0; i < N_ACCOUNT_FIELDS; i++)
    hrm_field_row_clear (&self->fields[i]);

  G_OBJECT_CLASS (hrm_account_section_parent_class)->finalize (object);
}

static void
hrm_account_section_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HrmAccountSection *self = HRM_ACCOUNT_SECTION (object);

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
hrm_account_section_class_init (HrmAccountSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hrm_account_section_dispose;
  object_class->finalize = hrm_account_section_finalize;
  object_class->get_property = hrm_account_section_get_property;

  g_object_class_override_property (object_class, PROP_HAS_UNSAVED_CHANGES, "has-unsaved-changes");

  signals[ACTIVATE] =
    g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hrmusers/HrmUsers/hrm-account-section.ui");
  gtk_widget_class_bind_template_child (widget_class, HrmAccountSection, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, HrmAccountSection, end_date_button);
  gtk_widget_class_bind_template_child (widget_class, HrmAccountSection, end_date_popover);
  gtk_widget_class_bind_template_child (widget_class, HrmAccountSection, end_date_calendar);
  gtk_widget_class_bind_template_callback (widget_class, end_date_button_clicked);
  gtk_widget_class_bind_template_callback (widget_class, end_date_day_selected);
  gtk_widget_class_bind_template_callback (widget_class, end_date_cleared);

  for (guint i = 0; i < N_ACCOUNT_FIELDS; i++)
    {
      gsize base = G_STRUCT_OFFSET (HrmAccountSection, fields) + i * sizeof (HrmFieldRow);
      g_autofree char *row = g_strdup_printf ("%s_row", field_name (i));
      g_autofree char *error_row = g_strdup_printf ("%s_error_row", field_name (i));
      g_autofree char *error_label = g_strdup_printf ("%s_error", field_name (i));

      /* GtkBuilder keeps the names for the class's lifetime. */
      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (row), FALSE,
                                                 base + G_STRUCT_OFFSET (HrmFieldRow, row));
      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (error_row), FALSE,
                                                 base + G_STRUCT_OFFSET (HrmFieldRow, error_row));
      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (error_label), FALSE,
                                                 base + G_STRUCT_OFFSET (HrmFieldRow, error_label));
    }
}

static void
hrm_account_section_init (HrmAccountSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_parent (GTK_WIDGET (self->end_date_popover), GTK_WIDGET (self->end_date_button));

  for (guint i = 0; i < N_ACCOUNT_FIELDS; i++)
    {
      g_signal_connect_object (self->fields[i].row, "changed", G_CALLBACK (on_field_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->fields[i].row, "entry-activated",
                               G_CALLBACK (on_entry_activated), self, G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (self->enabled_switch, "notify::active", G_CALLBACK (on_enabled_changed),
                           self, G_CONNECT_SWAPPED);
}
