/* hrm-user-page-private.h — what the user page's files share
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hrm-user-page.h"
#include "hrm-audit-tab.h"
#include "hrm-authorisations-tab.h"
#include "hrm-history-tab.h"

G_BEGIN_DECLS

/* The text fields of the General tab, in the order they are shown. */
typedef enum
{
  FIELD_USER_ID,
  FIELD_ALIAS_USER_ID,
  FIELD_SIGNATURE,
  FIELD_CARD_TAG_ID,
  FIELD_EXTERNAL_REFERENCE,
  FIELD_EMAIL,
  FIELD_CONFIRM_EMAIL,
  N_FIELDS
} HrmUserField;

typedef struct
{
  /* template widgets */
  AdwEntryRow        *row;
  AdwPreferencesRow  *error_row;
  GtkLabel           *error_label;
} HrmFieldWidgets;

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
  GtkSwitch            *enabled_switch;
  HrmFieldWidgets       fields[N_FIELDS];
  AdwPreferencesRow    *email_hint_row;
  AdwPreferencesGroup  *connection_group;
  AdwActionRow         *connection_row;
  GtkImage             *connection_icon;
  GtkButton            *send_button;
  GtkLabel             *send_hint_label;
  GtkButton            *reset_password_button;
  GtkButton            *delete_connection_button;
  GtkSpinner           *connection_spinner;
  GtkButton            *save_button;
  GtkSpinner           *save_spinner;
  HrmAuthorisationsTab *authorisations_tab;
  HrmAuditTab          *audit_tab;
  HrmHistoryTab        *history_tab;

  /* owned */
  HrmClient            *client;
  HrmOrganisation      *organisation;
  HrmUser              *user;             /* the list's object, updated in place */
  GCancellable         *cancellable;      /* everything about the current user */
  GCancellable         *poll_cancellable; /* the poll in flight */
  GPtrArray            *save_tasks;       /* (element-type GTask) waiting for the save */
  JsonObject           *saving_patch;     /* the patch in flight */
  char                 *server_errors[N_FIELDS]; /* 422 reasons, until the field is edited */

  /* borrowed */
  GtkWidget            *focus_parked;     /* where the focus waits while the link is busy */
  guint                 poll_source;

  /* state */
  guint                 loaded : 1;       /* the GET with the ETag arrived */
  guint                 saving : 1;
  guint                 connection_busy : 1;
  guint                 updating : 1;     /* the page is writing into its own fields */
  guint                 has_unsaved_changes : 1;
  guint                 stale_dialog_shown : 1;
};

/* hrm-user-page.c */
const char *_hrm_user_page_field_member    (HrmUserField   field);
const char *_hrm_user_page_field_text      (HrmUserPage   *self,
                                            HrmUserField   field);
HrmUserField _hrm_user_page_refresh_validation (HrmUserPage *self,
                                                gboolean     all);
gboolean    _hrm_user_page_compute_dirty   (HrmUserPage   *self);
const char *_hrm_user_page_field_value     (HrmUserPage   *self,
                                            HrmUserField   field);
/* Bits of fields (1 << HrmUserField, and HRM_FIELD_ENABLED_BIT). */
#define HRM_FIELD_ENABLED_BIT (1u << N_FIELDS)
guint       _hrm_user_page_dirty_mask      (HrmUserPage   *self);
/* Shows @fresh (copied into self->user when not NULL), keeping the fields of
 * @keep_mask as typed. */
void        _hrm_user_page_apply_user      (HrmUserPage   *self,
                                            HrmUser       *fresh,
                                            guint          keep_mask);
void        _hrm_user_page_update_state    (HrmUserPage   *self);
void        _hrm_user_page_set_field_error (HrmUserPage   *self,
                                            HrmUserField   field,
                                            const char    *message);
void        _hrm_user_page_toast           (HrmUserPage   *self,
                                            const char    *title);
void        _hrm_user_page_show_error      (HrmUserPage   *self,
                                            const GError  *error);
void        _hrm_user_page_changed         (HrmUserPage   *self);
const char *_hrm_user_page_provider_name   (HrmUserPage   *self);
void        _hrm_user_page_save_email_then (HrmUserPage   *self,
                                            GAsyncReadyCallback callback);
gboolean    _hrm_user_page_email_saved     (HrmUserPage   *self,
                                            HrmUser       *updated,
                                            GHashTable    *field_errors,
                                            const GError  *error);

/* hrm-user-page-save.c */
void        _hrm_user_page_fail_save_tasks (HrmUserPage   *self,
                                            const GError  *error);
void        _hrm_user_page_run_waiting_saves (HrmUserPage *self);

/* hrm-user-page-connection.c */
void        _hrm_user_page_connection_class_init (GtkWidgetClass *widget_class);
void        _hrm_user_page_update_connection     (HrmUserPage    *self);
void        _hrm_user_page_start_polling         (HrmUserPage    *self);
void        _hrm_user_page_stop_polling          (HrmUserPage    *self);

G_END_DECLS
