/* hrm-email-section-private.h — HrmEmailSection's widgets, for the UI tests
 *
 * Only hrm-email-section.c and tests/ui include this.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hrm-email-section.h"
#include "hrm-page-util.h"

G_BEGIN_DECLS

typedef enum
{
  EMAIL_FIELD_EMAIL,
  EMAIL_FIELD_CONFIRM_EMAIL,
  N_EMAIL_FIELDS
} HrmEmailField;

struct _HrmEmailSection
{
  AdwBin                 parent_instance;

  /* template widgets */
  HrmFieldRow            fields[N_EMAIL_FIELDS];
  AdwPreferencesRow     *email_hint_row;
  AdwPreferencesRow     *email_warning_row;
  GtkLabel              *email_warning_label;
  AdwPreferencesGroup   *connection_group;
  AdwActionRow          *connection_row;
  AdwActionRow          *removal_row;      /* a leaver's link goes on this day */
  GtkImage              *connection_icon;
  GtkButton             *send_button;
  GtkLabel              *send_hint_label;
  GtkButton             *reset_password_button;
  GtkButton             *delete_connection_button;
  GtkSpinner            *connection_spinner;

  /* owned */
  HrmClient             *client;
  HrmOrganisation       *organisation;
  HrmUser               *user;             /* the page's (the list's) object */
  GCancellable          *cancellable;      /* the actions on the current user */
  GCancellable          *poll_cancellable; /* the poll in flight */
  GSignalGroup          *user_signals;     /* the connection row follows the user's link */
  char                  *send_refusal;     /* why the server would not send (422/409), until typed over */

  /* borrowed */
  HrmEmailSectionSaveAsync  save_async;
  HrmEmailSectionSaveFinish save_finish;
  gpointer               save_owner;
  GtkWidget             *focus_parked;     /* where the focus waits while the link is busy */
  guint                  poll_source;

  /* state */
  guint                  ready : 1;
  guint                  watching : 1;
  guint                  busy : 1;
  guint                  updating : 1;     /* the section is writing into its own fields */
  guint                  has_unsaved_changes : 1;
};

/* hrm-email-section.c */
char       *_hrm_email_section_email_as_stored                 (HrmEmailSection *self);
void        _hrm_email_section_show_error                      (HrmEmailSection *self,
                                                                const GError    *error);
void        _hrm_email_section_user_updated                    (HrmEmailSection *self);
void        _hrm_email_section_update_warnings                 (HrmEmailSection *self);
void        _hrm_email_section_update_connection_keeping_focus (HrmEmailSection *self);
void        _hrm_email_section_set_busy                        (HrmEmailSection *self,
                                                                gboolean         busy);

/* hrm-email-section-actions.c: the link's actions and the poll of a pending user */
void        _hrm_email_section_send_verification_action        (GtkWidget       *widget,
                                                                const char      *action_name,
                                                                GVariant        *parameter);
void        _hrm_email_section_reset_password_action           (GtkWidget       *widget,
                                                                const char      *action_name,
                                                                GVariant        *parameter);
void        _hrm_email_section_delete_connection_action        (GtkWidget       *widget,
                                                                const char      *action_name,
                                                                GVariant        *parameter);
void        _hrm_email_section_start_polling                   (HrmEmailSection *self);
void        _hrm_email_section_follow_pending                  (HrmEmailSection *self);
void        _hrm_email_section_stop_polling                    (HrmEmailSection *self);

G_END_DECLS
