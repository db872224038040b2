/* hrm-organisation-window-private.h — HrmOrganisationWindow's widgets, for the UI tests
 *
 * Only hrm-organisation-window.c and tests/ui include this.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hrm-organisation-window.h"

G_BEGIN_DECLS

typedef enum
{
  DOMAIN_LIST_ALLOWED,
  DOMAIN_LIST_VERIFIED,
  N_DOMAIN_LISTS
} HrmDomainList;

/* One editable list of domains: its group, the rows shown for it (one per
 * domain, in order) and the entry row that adds one, with its error. */
typedef struct
{
  AdwPreferencesGroup *group;
  AdwEntryRow         *add_row;
  AdwPreferencesRow   *add_error_row;
  GtkLabel            *add_error_label;
  GPtrArray           *domains;    /* char *, as edited */
  GPtrArray           *rows;       /* AdwActionRow *, one per domain */
  char                *error;      /* the server's 422 about the list itself */
} HrmDomainListEdit;

struct _HrmOrganisationWindow
{
  AdwPreferencesWindow  parent_instance;

  /* template widgets */
  AdwPreferencesGroup  *read_only_group;
  AdwPreferencesGroup  *leavers_group;
  HrmDomainListEdit     lists[N_DOMAIN_LISTS];
  GtkWidget            *days_row;         /* AdwSpinRow, or AdwActionRow with a spin button */
  GtkAdjustment        *days_adjustment;

  /* owned */
  HrmClient            *client;
  HrmOrganisation      *organisation;     /* as the server had it, with its ETag */
  GCancellable         *cancellable;
  GHashTable           *field_errors;     /* the last 422's fields, or NULL */

  /* state */
  guint                 saving : 1;
  guint                 save_failed : 1;  /* the last save failed; nothing edited since */
  guint                 close_after_save : 1;
  guint                 showing : 1;      /* writing the values into the widgets */
  guint                 loading : 1;      /* fetching the settings as they are now */
};

G_END_DECLS
