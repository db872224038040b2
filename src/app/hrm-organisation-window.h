/* hrm-organisation-window.h — the organisation's settings
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hrm-client.h"

G_BEGIN_DECLS

#define HRM_TYPE_ORGANISATION_WINDOW (hrm_organisation_window_get_type ())

G_DECLARE_FINAL_TYPE (HrmOrganisationWindow, hrm_organisation_window, HRM, ORGANISATION_WINDOW,
                      AdwPreferencesWindow)

/* Signals: "saved" (HrmOrganisation *): the settings as the server has
 * them after a save, for the windows that check addresses with them. */
HrmOrganisationWindow *hrm_organisation_window_new              (GtkWindow       *parent,
                                                                 HrmClient       *client,
                                                                 HrmOrganisation *organisation);
HrmOrganisation       *hrm_organisation_window_get_organisation (HrmOrganisationWindow *self);
gboolean               hrm_organisation_window_get_has_unsaved_changes (HrmOrganisationWindow *self);
void                   hrm_organisation_window_save             (HrmOrganisationWindow *self);

G_END_DECLS
