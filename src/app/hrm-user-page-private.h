/* hrm-user-page-private.h — HrmUserPage's widgets and state, for the UI tests
 *
 * Only hrm-user-page.c and tests/ui include this; the page's sections have
 * their own (hrm-account-section-private.h, hrm-email-section-private.h).
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hrm-user-page.h"
#include "hrm-account-section.h"
#include "hrm-audit-tab.h"
#include "hrm-authorisations-tab.h"
#include "hrm-email-section.h"
#include "hrm-history-tab.h"

G_BEGIN_DECLS

#define HRM_USER_PAGE_N_SECTIONS 2

struct _HrmUserPage
{
  AdwBin                parent_instance;

  /* template widgets */
  GtkStack             *main_stack;
  AdwStatusPage        *error_page;
  GtkButton            *retry_button;
  AdwAvatar            *avatar;
  GtkLabel             *name_label;
  GtkLabel             *disabled_tag;
  GtkLabel             *user_id_label;
  GtkImage             *state_image;
  GtkLabel             *state_label;
  GtkLabel             *state_detail_label;
  GtkSpinner           *loading_spinner;
  AdwViewStack         *view_stack;
  AdwViewSwitcher      *view_switcher;
  AdwSqueezer          *switcher_squeezer;
  GtkWidget            *switcher_placeholder;
  AdwViewSwitcherBar   *switcher_bar;
  HrmEmailSection      *email_section;
  HrmAccountSection    *account_section;
  GtkButton            *save_button;
  GtkSpinner           *save_spinner;
  HrmAuthorisationsTab *authorisations_tab;
  HrmAuditTab          *audit_tab;
  HrmHistoryTab        *history_tab;

  /* borrowed: the sections of the General tab, in the order shown */
  HrmUserSection       *sections[HRM_USER_PAGE_N_SECTIONS];

  /* owned */
  HrmClient            *client;
  HrmOrganisation      *organisation;
  HrmUser              *user;             /* the list's object, updated in place */
  GCancellable         *cancellable;      /* everything about the current user */
  GPtrArray            *save_tasks;       /* (element-type GTask) waiting for the save */
  JsonObject           *saving_patch;     /* the patch in flight */
  GBindingGroup        *user_bindings;    /* the header's name, user-ID, disabled tag */
  GSignalGroup         *user_signals;     /* the header's state, on changes of the link */
  char                 *rehire_email;     /* the address a rehire offer is for */
  gint64                rehire_user_id;   /* and the user it is for */
  AdwToast             *rehire_toast;     /* (weak) the offer on screen */
  gboolean              rehire_quietly;   /* the save that may lead to one was quiet */

  /* state */
  guint                 loaded : 1;       /* the GET with the ETag arrived */
  guint                 saving : 1;
  guint                 has_unsaved_changes : 1;
  guint                 stale_dialog_shown : 1;
  guint                 save_quietly : 1;  /* no "Changes saved": the email section says more */
};

/* hrm-user-page-rehire.c: the page calls these, never the other way. */
void _hrm_user_page_rehire_class_init (GtkWidgetClass *widget_class);
gboolean _hrm_user_page_offer_rehire  (HrmUserPage    *self,
                                       const char     *old_end_date,
                                       gboolean        quietly);
void _hrm_user_page_forget_rehire     (HrmUserPage    *self);

G_END_DECLS
