/* hrm-email-section.h — the user's email and link to the identity provider
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hrm-user-section.h"

G_BEGIN_DECLS

#define HRM_TYPE_EMAIL_SECTION (hrm_email_section_get_type ())

G_DECLARE_FINAL_TYPE (HrmEmailSection, hrm_email_section, HRM, EMAIL_SECTION, AdwBin)

/* How the section asks its owner (the page) to save everything unsaved,
 * before it sends a verification email to a changed address. */
typedef void     (*HrmEmailSectionSaveAsync)  (gpointer              owner,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
typedef gboolean (*HrmEmailSectionSaveFinish) (gpointer              owner,
                                               GAsyncResult         *result,
                                               GError              **error);

/*
 * An HrmUserSection: the email (and its confirmation) and the link to the
 * identity provider, with its actions "user.send-verification",
 * "user.reset-password" and "user.delete-connection". While a pending user
 * is watched it polls the user, so it turns linked soon after the employee
 * confirms.
 * Signals: "activate" — Enter in a field (the page saves);
 *   "user-updated" — the section refreshed the user object in place (after
 *   one of its actions or a poll): the page shows it everywhere.
 * Property: "busy" (gboolean, read-only) — one of its actions runs.
 */
void     hrm_email_section_set_organisation (HrmEmailSection           *self,
                                             HrmOrganisation           *organisation);
/* @owner is not referenced: it owns the section. */
void     hrm_email_section_set_save_func    (HrmEmailSection           *self,
                                             HrmEmailSectionSaveAsync   save_async,
                                             HrmEmailSectionSaveFinish  save_finish,
                                             gpointer                   owner);
/* Whether its actions can run: the user has loaded and nothing saves. */
void     hrm_email_section_set_ready        (HrmEmailSection           *self,
                                             gboolean                   ready);
/* Whether to poll a pending user: the page is on screen with a loaded user. */
void     hrm_email_section_set_watching     (HrmEmailSection           *self,
                                             gboolean                   watching);
gboolean hrm_email_section_get_busy         (HrmEmailSection           *self);
const char *hrm_email_section_get_provider_name (HrmEmailSection       *self);
void     hrm_email_section_send_verification_to (HrmEmailSection       *self,
                                                 const char            *address);

G_END_DECLS
