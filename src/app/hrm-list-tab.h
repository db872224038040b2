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
 * whole. The edited list is a GListModel (hrm_list_tab_get_items()) bound to
 * the subclass's GtkListBox: adding or removing an item changes the model and
 * the box follows. Subclasses make a row for an item and add their own ways
 * of editing.
 *
 * The list is loaded lazily: hrm_list_tab_set_user() only forgets the old
 * user's list (and cancels its requests); the requests start when the tab is
 * on screen (mapped), at once if it is already.
 *
 * Signals: "saved" after a successful save.
 * Properties: "has-unsaved-changes" (gboolean, read-only).
 * Actions: "tab.save" (Ctrl+S), "tab.revert", "tab.reload" (fetches the list
 * again, and what the subclass keeps per client).
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
  /* Makes the row of an item of the list box (set with
   * _hrm_list_tab_set_widgets()). */
  GtkWidget  *(*create_row)     (HrmListTab           *self,
                                 gpointer              item);
  /* The items or the state changed: update the subclass's actions
   * (hrm_list_tab_is_editable()) and what depends on the items. */
  void        (*changed)        (HrmListTab           *self);
  /* Optional: forget what was cached for the previous client. */
  void        (*client_changed) (HrmListTab           *self);
};

void        hrm_list_tab_set_client              (HrmListTab          *self,
                                                  HrmClient           *client);
HrmClient  *hrm_list_tab_get_client              (HrmListTab          *self);
/* Shows the list of @user (NULL: shows nothing), loading it when the tab is
 * on screen. */
void        hrm_list_tab_set_user                (HrmListTab          *self,
                                                  HrmUser             *user);
gboolean    hrm_list_tab_get_has_unsaved_changes (HrmListTab          *self);
/* The edited list, empty while not loaded (the list box's model). */
GListModel *hrm_list_tab_get_items               (HrmListTab          *self);
/* The list of the current user has arrived. */
gboolean    hrm_list_tab_is_loaded               (HrmListTab          *self);
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
                                                  AdwStatusPage       *error_page,
                                                  GtkListBox          *list_box);
void        _hrm_list_tab_load_begin             (HrmListTab          *self);
/* @user_items (transfer full, nullable): the user's list, when this request
 * fetched it. */
void        _hrm_list_tab_load_end               (HrmListTab          *self,
                                                  GPtrArray           *user_items,
                                                  const GError        *error);
/* The edited list changed: show it and update the state. */
void        _hrm_list_tab_changed                (HrmListTab          *self);
/* A row: @title, @subtitle and a flat Remove button (@remove_tooltip, read
 * out as @remove_label) that activates @remove_action with the row's position, kept
 * up to date as items come and go. The row itself is no Tab stop: only its
 * button does something. */
GtkWidget  *_hrm_list_tab_item_row_new           (const char          *title,
                                                  const char          *subtitle,
                                                  const char          *remove_tooltip,
                                                  const char          *remove_label,
                                                  const char          *remove_action);
/* The Remove button of a row made by _hrm_list_tab_item_row_new(). */
GtkWidget  *_hrm_list_tab_row_get_remove_button  (GtkWidget           *row);

G_END_DECLS
