/* hrm-user-section.h — one part of the user page's General tab
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "hrm-client.h"

G_BEGIN_DECLS

#define HRM_TYPE_USER_SECTION (hrm_user_section_get_type ())

G_DECLARE_INTERFACE (HrmUserSection, hrm_user_section, HRM, USER_SECTION, GtkWidget)

/*
 * A section shows some of an HrmUser's members and lets them be edited. The
 * page owns the user and the one PATCH that saves it (with the ETag it
 * loaded), so a section does not send its own request: it adds its changed
 * members to the page's patch and is told how the save went.
 *
 * The user object is the users list's and is updated in place; a section
 * remembers what it last showed, so it can tell an edit from a change the
 * server made.
 *
 * Property: "has-unsaved-changes" (gboolean, read-only, notifies).
 */
struct _HrmUserSectionInterface
{
  GTypeInterface parent_iface;

  /* A new user (or none): forget the edits and what is in flight. */
  void        (*set_user)          (HrmUserSection *self,
                                    HrmClient      *client,
                                    HrmUser        *user);
  /* The user object changed: show its values; with @keep_edits, edited
   * fields keep what was typed. */
  void        (*update)            (HrmUserSection *self,
                                    gboolean        keep_edits);
  gboolean    (*get_has_unsaved_changes) (HrmUserSection *self);
  /* Shows the client-side errors; returns the first invalid control (and
   * @error, HRM_ERROR_INVALID, says why), or NULL. */
  GtkWidget  *(*validate)          (HrmUserSection *self,
                                    GError        **error);
  void        (*add_to_patch)      (HrmUserSection *self,
                                    JsonObject     *patch);
  /* The patch was saved (the user object holds the answer): fields still
   * showing what was sent take the server's value. */
  void        (*saved)             (HrmUserSection *self,
                                    JsonObject     *sent);
  /* The server refused some members (member → reason); returns the first
   * control that shows one, or NULL when none is this section's. */
  GtkWidget  *(*show_field_errors) (HrmUserSection *self,
                                    GHashTable     *field_errors);
  void        (*revert)            (HrmUserSection *self);
};

void        hrm_user_section_set_user          (HrmUserSection *self,
                                                HrmClient      *client,
                                                HrmUser        *user);
void        hrm_user_section_update            (HrmUserSection *self,
                                                gboolean        keep_edits);
gboolean    hrm_user_section_get_has_unsaved_changes (HrmUserSection *self);
GtkWidget  *hrm_user_section_validate          (HrmUserSection *self,
                                                GError        **error);
void        hrm_user_section_add_to_patch      (HrmUserSection *self,
                                                JsonObject     *patch);
void        hrm_user_section_saved             (HrmUserSection *self,
                                                JsonObject     *sent);
GtkWidget  *hrm_user_section_show_field_errors (HrmUserSection *self,
                                                GHashTable     *field_errors);
void        hrm_user_section_revert            (HrmUserSection *self);

G_END_DECLS
