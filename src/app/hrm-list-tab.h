/* hrm-list-tab.h — a tab that edits a list belonging to the user and saves it whole
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hrm-client.h"

G_BEGIN_DECLS

#define HRM_TYPE_LIST_TAB (hrm_list_tab_get_type ())

G_DECLARE_DERIVABLE_TYPE (HrmListTab, hrm_list_tab, HRM, LIST_TAB, AdwBin)

/*
 * HrmListTab loads the user's list (and what a subclass needs besides),
 * keeps the saved list and the edited one, and saves the edited list as a
 * whole. Subclasses build the rows and add their own ways of editing.
 *
 * Signals: "saved" after a successful save.
 * Properties: "has-unsaved-changes" (gboolean, read-only).
 * Actions: "tab.save" (Ctrl+S), "tab.revert", "tab.reload".
 */
struct _HrmListTabClass
{
  AdwBinClass parent_class;

  /* Shown as toasts: after saving; when an item is added twice. */
  const char *saved_message;
  const char *duplicate_message;

  /* Starts the requests of a load; each calls _hrm_list_tab_load_begin()
   * before and _hrm_list_tab_load_end() when answered. */
  void        (*load)           (HrmListTab           *self,
                                 HrmClient            *client,
                                 HrmUser              *user,
                                 GCancellable         *cancellable);
  /* PUT the list; the result is the list as the server saved it. */
  void        (*save)           (HrmListTab           *self,
                                 HrmClient            *client,
                                 HrmUser              *user,
                                 GPtrArray            *items,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data);
  GPtrArray  *(*save_finish)    (HrmListTab           *self,
                                 HrmClient            *client,
                                 GAsyncResult         *result,
                                 GError              **error);
  gboolean    (*same_item)      (gpointer              a,
                                 gpointer              b);
  /* Shows the items (hrm_list_tab_get_items()) and updates the subclass's
   * actions (hrm_list_tab_is_editable()). */
  void        (*rebuild)        (HrmListTab           *self);
  /* Optional: forget what was cached for the previous client. */
  void        (*client_changed) (HrmListTab           *self);
};

void        hrm_list_tab_set_client              (HrmListTab          *self,
                                                  HrmClient           *client);
HrmClient  *hrm_list_tab_get_client              (HrmListTab          *self);
/* Loads the list of @user (NULL: shows nothing). */
void        hrm_list_tab_set_user                (HrmListTab          *self,
                                                  HrmUser             *user);
gboolean    hrm_list_tab_get_has_unsaved_changes (HrmListTab          *self);
/* The edited list, or NULL while not loaded. */
GPtrArray  *hrm_list_tab_get_items               (HrmListTab          *self);
/* Loaded and not saving. */
gboolean    hrm_list_tab_is_editable             (HrmListTab          *self);
/* Adds @item (FALSE and a toast when it is there already) / removes one. */
gboolean    hrm_list_tab_add_item                (HrmListTab          *self,
                                                  gpointer             item);
void        hrm_list_tab_remove_item             (HrmListTab          *self,
                                                  guint                index);
void        hrm_list_tab_revert                  (HrmListTab          *self);
void        hrm_list_tab_save_async              (HrmListTab          *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean    hrm_list_tab_save_finish             (HrmListTab          *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* For subclasses */
void        _hrm_list_tab_set_widgets            (HrmListTab          *self,
                                                  GtkStack            *stack,
                                                  GtkSpinner          *spinner,
                                                  GtkSpinner          *save_spinner,
                                                  AdwStatusPage       *error_page);
void        _hrm_list_tab_load_begin             (HrmListTab          *self);
/* @user_items (transfer full, nullable): the user's list, when this request
 * fetched it. */
void        _hrm_list_tab_load_end               (HrmListTab          *self,
                                                  GPtrArray           *user_items,
                                                  const GError        *error);
/* The edited list changed: show it and update the state. */
void        _hrm_list_tab_changed                (HrmListTab          *self);
/* A row for item @index: @title, @subtitle and a flat Remove button
 * (@remove_tooltip, read out as @remove_label) that activates @remove_action
 * with @index. The row itself is no Tab stop: only its button does something. */
GtkWidget  *_hrm_list_tab_item_row_new           (const char          *title,
                                                  const char          *subtitle,
                                                  const char          *remove_tooltip,
                                                  const char          *remove_label,
                                                  const char          *remove_action,
                                                  guint                index);

G_END_DECLS
