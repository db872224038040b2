/* hrm-account-section-private.h — HrmAccountSection's widgets, for the UI tests
 *
 * Only hrm-account-section.c and tests/ui include this.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hrm-account-section.h"
#include "hrm-page-util.h"

G_BEGIN_DECLS

/* The text fields, in the order they are shown. */
typedef enum
{
  ACCOUNT_FIELD_USER_ID,
  ACCOUNT_FIELD_ALIAS_USER_ID,
  ACCOUNT_FIELD_SIGNATURE,
  ACCOUNT_FIELD_CARD_TAG_ID,
  ACCOUNT_FIELD_EXTERNAL_REFERENCE,
  ACCOUNT_FIELD_EMPLOYMENT_END_DATE,
  N_ACCOUNT_FIELDS
} HrmAccountField;

struct _HrmAccountSection
{
  AdwBin       parent_instance;

  /* template widgets */
  GtkSwitch   *enabled_switch;
  HrmFieldRow  fields[N_ACCOUNT_FIELDS];
  GtkButton   *end_date_button;    /* opens the calendar */
  GtkPopover  *end_date_popover;   /* parented to the button */
  GtkCalendar *end_date_calendar;

  /* owned */
  HrmUser     *user;

  /* state */
  gboolean     shown_enabled;     /* the switch's position last shown */
  guint        updating : 1;      /* the section is writing into its own fields */
  guint        has_unsaved_changes : 1;
};

G_END_DECLS
