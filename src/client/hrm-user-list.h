/* hrm-user-list.h — a GListModel over GET /api/v1/users that pages in lazily
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hrm-client.h"

G_BEGIN_DECLS

#define HRM_TYPE_USER_LIST (hrm_user_list_get_type ())

G_DECLARE_FINAL_TYPE (HrmUserList, hrm_user_list, HRM, USER_LIST, GObject)

/*
 * HrmUserList implements GListModel (item type HrmUser).
 * Its n-items is the server's total once the first page arrives; items not
 * fetched yet are placeholders (HrmUser with id 0) until their page arrives;
 * asking for such an item schedules its page (pages of 100 by position, kept
 * in a sparse cache: the keyset cursor continues from a loaded page before it,
 * else offset= jumps there directly; at most two requests in flight, the most
 * recently wanted page first; never one request per row).
 * Changing the query, filters or calling reload starts over (cancelling what is
 * in flight).
 *
 * Properties: "client", "query", "connection-filter", "enabled-filter",
 * "total" (guint), "loading" (gboolean), "error" (GError boxed, last failure, or NULL).
 */
HrmUserList *hrm_user_list_new                   (HrmClient           *client);
HrmUserList *hrm_user_list_new_filtered          (HrmClient           *client,
                                                  HrmConnectionFilter  connection_filter,
                                                  HrmEnabledFilter     enabled_filter);
HrmUserList *hrm_user_list_new_from_first_page   (HrmClient           *client,
                                                  HrmConnectionFilter  connection_filter,
                                                  HrmEnabledFilter     enabled_filter,
                                                  HrmUsersPage        *page);
void         hrm_user_list_fetch_first_page_async  (HrmClient           *client,
                                                    HrmConnectionFilter  connection_filter,
                                                    HrmEnabledFilter     enabled_filter,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
HrmUsersPage *hrm_user_list_fetch_first_page_finish (HrmClient          *client,
                                                     GAsyncResult       *result,
                                                     GError            **error);
void         hrm_user_list_set_query             (HrmUserList         *self,
                                                  const char          *query);
const char  *hrm_user_list_get_query             (HrmUserList         *self);
void         hrm_user_list_set_connection_filter (HrmUserList         *self,
                                                  HrmConnectionFilter  filter);
HrmConnectionFilter hrm_user_list_get_connection_filter (HrmUserList *self);
void         hrm_user_list_set_enabled_filter    (HrmUserList         *self,
                                                  HrmEnabledFilter     filter);
HrmEnabledFilter hrm_user_list_get_enabled_filter (HrmUserList        *self);
guint        hrm_user_list_get_total             (HrmUserList         *self);
gboolean     hrm_user_list_get_loading           (HrmUserList         *self);
const GError *hrm_user_list_get_error            (HrmUserList         *self);
void         hrm_user_list_reload                (HrmUserList         *self);
guint        hrm_user_list_get_n_requests        (HrmUserList         *self);
guint        hrm_user_list_get_n_loaded_pages    (HrmUserList         *self);
/* The object the user page shows: a new query never turns it into another user in place. */
void         hrm_user_list_hold_user             (HrmUserList         *self,
                                                  HrmUser             *user);
/* Fills the placeholders a view already shows with the first users, and keeps them. */
void         hrm_user_list_adopt_rows            (HrmUserList         *self,
                                                  GListModel          *rows);
/* The ids of the users loaded so far, in list order; asks for nothing. */
GArray      *hrm_user_list_dup_loaded_ids        (HrmUserList         *self);
/* Replaces the row with the same id, if loaded, with @user's values (hrm_user_update_from). */
void         hrm_user_list_update_user           (HrmUserList         *self,
                                                  HrmUser             *user);

G_END_DECLS
