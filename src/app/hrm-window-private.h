/* hrm-window-private.h — what hrm-window*.c share
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hrm-window.h"
#include "hrm-sign-in-page.h"
#include "hrm-user-page.h"
#include "hrm-users-pane.h"

G_BEGIN_DECLS

/* What the administrator wanted to do when the user page had unsaved changes. */
typedef enum
{
  HRM_LEAVE_NONE,
  HRM_LEAVE_SELECT,    /* select another row (leave_position) */
  HRM_LEAVE_SIGN_OUT,
  HRM_LEAVE_CLOSE,
} HrmLeave;

struct _HrmWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  AdwBin          *sign_in_bin;     /* empty until the sign-in view is first shown */
  AdwBin          *loading_bin;     /* empty until "Signing in…" is first shown */
  GtkMenuButton   *users_menu_button;
  GMenuModel      *primary_menu;
  AdwLeaflet      *leaflet;
  GtkWidget       *users_box;
  AdwWindowTitle  *users_title;
  HrmUsersPane    *users_pane;
  GtkWidget       *user_box;
  GtkWidget       *back_button;
  AdwWindowTitle  *user_title;
  AdwBin          *user_page_bin;

  /* Owned */
  GSettings       *settings;
  GCancellable    *cancellable;     /* cancelled when the window closes */
  GTlsDatabase    *tls_database;
  HrmSignInPage   *sign_in_page;    /* in sign_in_bin; NULL until first needed */
  char            *sign_in_server;  /* to prefill sign_in_page with when built */
  char            *sign_in_username;
  HrmClient       *client;          /* NULL until signed in */
  HrmOrganisation *organisation;
  HrmUser         *user;            /* the user the page shows */
  GtkWidget       *user_page;       /* HrmUserPage inside user_page_bin; NULL until
                                     * the first user is shown */

  /* Session state */
  gulong           signed_out_handler;
  gulong           refresh_token_handler;
  guint            credentials_warned : 1;
  guint            closing : 1;           /* the administrator agreed to close */

  /* A leave that waits for the administrator's answer or for a save. */
  HrmLeave         leave;
  guint            leave_position;
  HrmUser         *leave_user;      /* the user at leave_position when asked */
};

/* hrm-window.c */
gboolean _hrm_window_has_unsaved_changes  (HrmWindow  *self);
void     _hrm_window_confirm_leave        (HrmWindow  *self,
                                           HrmLeave    leave,
                                           guint       position);
void     _hrm_window_show_user            (HrmWindow  *self,
                                           HrmUser    *user);
HrmUserPage *_hrm_window_get_user_page    (HrmWindow  *self);
void     _hrm_window_set_view             (HrmWindow  *self,
                                           const char *view);
void     _hrm_window_set_sign_in_page     (HrmWindow     *self,
                                           HrmSignInPage *page);

/* hrm-window-session.c */
HrmSignInPage *_hrm_window_get_sign_in_page (HrmWindow *self);
void     _hrm_window_session_dispose      (HrmWindow  *self);
void     _hrm_window_do_sign_out          (HrmWindow  *self);

G_END_DECLS
