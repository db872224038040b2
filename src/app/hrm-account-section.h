/* hrm-account-section.h — the user's account fields on the user page
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hrm-user-section.h"

G_BEGIN_DECLS

#define HRM_TYPE_ACCOUNT_SECTION (hrm_account_section_get_type ())

G_DECLARE_FINAL_TYPE (HrmAccountSection, hrm_account_section, HRM, ACCOUNT_SECTION, AdwBin)

/*
 * An HrmUserSection: enabled, user-ID, alias, signature, card/tag ID and
 * external reference.
 * Signal: "activate" — Enter in one of its fields (the page saves).
 */

G_END_DECLS
