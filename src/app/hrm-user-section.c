/* hrm-user-section.c — one part of the user page's General tab
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hrm-user-section.h"

G_DEFINE_INTERFACE (HrmUserSection, hrm_user_section, GTK_TYPE_WIDGET)

static void
hrm_user_section_default_init (HrmUserSectionInterface *iface)
{
  g_object_interface_install_property (iface,
    g_param_spec_boolean ("has-unsaved-changes", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

void
hrm_user_section_set_user (HrmUserSection *self,
                           HrmClient      *client,
                           HrmUser        *user)
{
  g_return_if_fail (HRM_IS_USER_SECTION (self));
  HRM_USER_SECTION_GET_IFACE (self)->set_user (self, client, user);
}

void
hrm_user_section_update (HrmUserSection *self,
                         gboolean        keep_edits)
{
  g_return_if_fail (HRM_IS_USER_SECTION (self));
  HRM_USER_SECTION_GET_IFACE (self)->update (self, keep_edits);
}

gboolean
hrm_user_section_get_has_unsaved_changes (HrmUserSection *self)
{
  g_return_val_if_fail (HRM_IS_USER_SECTION (self), FALSE);
  return HRM_USER_SECTION_GET_IFACE (self)->get_has_unsaved_changes (self);
}

GtkWidget *
hrm_user_section_validate (HrmUserSection  *self,
                           GError         **error)
{
  g_return_val_if_fail (HRM_IS_USER_SECTION (self), NULL);
  return HRM_USER_SECTION_GET_IFACE (self)->validate (self, error);
}

void
hrm_user_section_add_to_patch (HrmUserSection *self,
                               JsonObject     *patch)
{
  g_return_if_fail (HRM_IS_USER_SECTION (self));
  HRM_USER_SECTION_GET_IFACE (self)->add_to_patch (self, patch);
}

void
hrm_user_section_saved (HrmUserSection *self,
                        JsonObject     *sent)
{
  g_return_if_fail (HRM_IS_USER_SECTION (self));
  HRM_USER_SECTION_GET_IFACE (self)->saved (self, sent);
}

GtkWidget *
hrm_user_section_show_field_errors (HrmUserSection *self,
                                    GHashTable     *field_errors)
{
  g_return_val_if_fail (HRM_IS_USER_SECTION (self), NULL);
  return HRM_USER_SECTION_GET_IFACE (self)->show_field_errors (self, field_errors);
}

void
hrm_user_section_revert (HrmUserSection *self)
{
  g_return_if_fail (HRM_IS_USER_SECTION (self));
  HRM_USER_SECTION_GET_IFACE (self)->revert (self);
}
