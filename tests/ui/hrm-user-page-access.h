/* hrm-user-page-access.h — the user page's widgets, as the UI tests reach them
 *
 * The page and each of its sections keep their struct in their own
 * -private.h; this header names the General tab's fields in the order they
 * are shown, whichever section holds them.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hrm-account-section-private.h"
#include "hrm-email-section-private.h"
#include "hrm-user-page-private.h"

G_BEGIN_DECLS

typedef enum
{
  FIELD_USER_ID,
  FIELD_ALIAS_USER_ID,
  FIELD_SIGNATURE,
  FIELD_CARD_TAG_ID,
  FIELD_EXTERNAL_REFERENCE,
  FIELD_EMPLOYMENT_END_DATE,
  FIELD_EMAIL,
  FIELD_CONFIRM_EMAIL,
  N_FIELDS
} HrmUserField;

static inline HrmFieldRow *
hrm_test_page_field (HrmUserPage  *page,
                     HrmUserField  field)
{
  switch (field)
    {
    case FIELD_EMAIL:
      return &page->email_section->fields[EMAIL_FIELD_EMAIL];
    case FIELD_CONFIRM_EMAIL:
      return &page->email_section->fields[EMAIL_FIELD_CONFIRM_EMAIL];
    case FIELD_USER_ID:
    case FIELD_ALIAS_USER_ID:
    case FIELD_SIGNATURE:
    case FIELD_CARD_TAG_ID:
    case FIELD_EXTERNAL_REFERENCE:
    case FIELD_EMPLOYMENT_END_DATE:
      return &page->account_section->fields[ACCOUNT_FIELD_USER_ID + (field - FIELD_USER_ID)];
    case N_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

G_END_DECLS
