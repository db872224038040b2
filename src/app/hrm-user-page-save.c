/* hrm-user-page-save.c — saving the user page
 *
 * Save sends a JSON merge patch of the changed fields with If-Match: the
 * user's ETag. The server's 422 reasons go beside their fields; a 412 asks
 * whether to reload (drop my edits) or keep mine (re-apply them onto the
 * fresh version and save again). Then the tabs with unsaved changes save,
 * one after the other. Whatever fails, the typed edits stay.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-user-page"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-dialogs.h"
#include "hrm-page-util.h"
#include "hrm-user-page-private.h"

static void start_save (HrmUserPage *self);

void
_hrm_user_page_fail_save_tasks (HrmUserPage  *self,
                 const GError *error)
{
  g_autoptr(GPtrArray) tasks = g_steal_pointer (&self->save_tasks);

  self->save_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < tasks->len; i++)
    g_task_return_error (g_ptr_array_index (tasks, i), g_error_copy (error));
}

/* Saving */

static JsonObject *
build_patch (HrmUserPage *self)
{
  JsonObject *patch = json_object_new ();
  guint mask = _hrm_user_page_dirty_mask (self);

  for (guint i = 0; i < N_FIELDS; i++)
    {
      const char *text;

      if (!(mask & (1u << i)) || _hrm_user_page_field_member (i) == NULL)
        continue;

      text = _hrm_user_page_field_text (self, i);
      if (*text == '\0' && i != FIELD_USER_ID)
        json_object_set_null_member (patch, _hrm_user_page_field_member (i));
      else if (i == FIELD_EMAIL)
        {
          g_autofree char *stripped = g_strstrip (g_strdup (text));
          json_object_set_string_member (patch, _hrm_user_page_field_member (i), stripped);
        }
      else
        json_object_set_string_member (patch, _hrm_user_page_field_member (i), text);
    }
  if (mask & HRM_FIELD_ENABLED_BIT)
    json_object_set_boolean_member (patch, "enabled", gtk_switch_get_active (self->enabled_switch));

  return patch;
}

/* After a save: fields still showing what was sent take the server's value. */
static guint
keep_mask_after_save (HrmUserPage *self,
                      JsonObject  *sent)
{
  guint keep = _hrm_user_page_dirty_mask (self);

  for (guint i = 0; i < N_FIELDS; i++)
    {
      const char *member = _hrm_user_page_field_member (i);
      const char *sent_text;
      g_autofree char *stripped = NULL;

      if (member == NULL || !json_object_has_member (sent, member))
        continue;

      sent_text = json_object_get_null_member (sent, member) ? ""
                  : json_object_get_string_member (sent, member);
      stripped = g_strstrip (g_strdup (_hrm_user_page_field_text (self, i)));
      if (g_strcmp0 (sent_text, i == FIELD_EMAIL ? stripped : _hrm_user_page_field_text (self, i)) == 0)
        keep &= ~(1u << i);
    }
  if (json_object_has_member (sent, "enabled")
      && json_object_get_boolean_member (sent, "enabled") == gtk_switch_get_active (self->enabled_switch))
    keep &= ~HRM_FIELD_ENABLED_BIT;

  return keep;
}

static void continue_save_tasks (HrmUserPage *self);

static void
on_stale_reloaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  HrmUserPage *self = g_task_get_source_object (task);
  gboolean keep_mine = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(HrmUser) fresh = NULL;
  g_autoptr(GError) error = NULL;

  fresh = hrm_client_get_user_finish (HRM_CLIENT (source), result, &error);
  /* The task only carries the page and the choice across the request. */
  g_task_return_boolean (task, TRUE);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->saving = FALSE;
  if (error != NULL)
    {
      _hrm_user_page_show_error (self, error);
      _hrm_user_page_fail_save_tasks (self, error);
      _hrm_user_page_update_state (self);
      return;
    }

  _hrm_user_page_apply_user (self, fresh, keep_mine ? _hrm_user_page_dirty_mask (self) : 0);
  _hrm_user_page_changed (self);

  if (keep_mine && _hrm_user_page_compute_dirty (self))
    start_save (self);
  else
    continue_save_tasks (self);
}

static void
on_stale_response (GtkWidget  *dialog,
                   const char *response,
                   gpointer    user_data)
{
  HrmUserPage *self = HRM_USER_PAGE (user_data);
  GTask *task;

  self->stale_dialog_shown = FALSE;

  /* The page moved on to another user meanwhile. */
  if (self->user == NULL || self->client == NULL || !self->saving)
    return;

  if (g_strcmp0 (response, "reload") != 0 && g_strcmp0 (response, "keep") != 0)
    {
      g_autoptr(GError) error = g_error_new_literal (HRM_ERROR, HRM_ERROR_STALE,
                                                     _("This user was changed by someone else"));
      self->saving = FALSE;
      _hrm_user_page_fail_save_tasks (self, error);
      _hrm_user_page_update_state (self);
      return;
    }

  task = g_task_new (self, self->cancellable, NULL, NULL);
  g_task_set_source_tag (task, on_stale_response);
  g_task_set_task_data (task, GINT_TO_POINTER (g_str_equal (response, "keep")), NULL);
  hrm_client_get_user_async (self->client, hrm_user_get_id (self->user), self->cancellable,
                             on_stale_reloaded, task);
}

static void
show_stale_dialog (HrmUserPage *self)
{
  const HrmDialogResponse responses[] = {
    { "cancel", _("_Cancel"), ADW_RESPONSE_DEFAULT },
    { "reload", _("_Reload"), ADW_RESPONSE_DEFAULT },
    { "keep", _("_Keep mine"), ADW_RESPONSE_SUGGESTED },
    { NULL }
  };

  if (self->stale_dialog_shown)
    return;

  self->stale_dialog_shown = TRUE;
  hrm_dialog_ask (GTK_WIDGET (self), _("This user was changed by someone else"),
                  _("Someone saved changes to this user after you opened it. "
                    "Reload to see their version and discard your changes, or keep "
                    "your changes and save them over the new version."),
                  responses, "keep", "cancel", on_stale_response, self);
}

static void
on_user_saved (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HrmUser) updated = NULL;
  g_autoptr(GHashTable) field_errors = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) sent = NULL;
  HrmUserPage *self;

  updated = hrm_client_update_user_finish (HRM_CLIENT (source), result, &field_errors, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = HRM_USER_PAGE (user_data);
  sent = g_steal_pointer (&self->saving_patch);

  if (g_error_matches (error, HRM_ERROR, HRM_ERROR_STALE))
    {
      /* Still saving until the administrator chooses. */
      show_stale_dialog (self);
      return;
    }

  self->saving = FALSE;

  if (error != NULL)
    {
      gboolean shown = FALSE;

      if (field_errors != NULL)
        {
          GHashTableIter iter;
          gpointer key, value;

          g_hash_table_iter_init (&iter, field_errors);
          while (g_hash_table_iter_next (&iter, &key, &value))
            for (guint i = 0; i < N_FIELDS; i++)
              if (g_strcmp0 (_hrm_user_page_field_member (i), key) == 0)
                {
                  g_free (self->server_errors[i]);
                  self->server_errors[i] = g_strdup (value);
                  shown = TRUE;
                }
        }

      if (shown)
        {
          HrmUserField first = _hrm_user_page_refresh_validation (self, FALSE);

          adw_view_stack_set_visible_child_name (self->view_stack, "general");
          if (first != N_FIELDS)
            gtk_widget_grab_focus (GTK_WIDGET (self->fields[first].row));
        }
      else
        {
          /* The edits stay: the same save can be tried again from the toast. */
          hrm_show_retry_toast (GTK_WIDGET (self), error->message, "user.save");
        }

      _hrm_user_page_fail_save_tasks (self, error);
      _hrm_user_page_update_state (self);
      return;
    }

  _hrm_user_page_apply_user (self, updated, keep_mask_after_save (self, sent));
  _hrm_user_page_toast (self, _("Changes saved"));
  _hrm_user_page_changed (self);
  continue_save_tasks (self);
}

static void
start_save (HrmUserPage *self)
{
  g_autoptr(JsonObject) patch = NULL;
  HrmUserField first;

  g_assert (self->user != NULL);

  first = _hrm_user_page_refresh_validation (self, FALSE);
  if (first != N_FIELDS)
    {
      g_autoptr(GError) error = g_error_new_literal (HRM_ERROR, HRM_ERROR_INVALID,
                                                     gtk_label_get_text (self->fields[first].error_label));
      adw_view_stack_set_visible_child_name (self->view_stack, "general");
      gtk_widget_grab_focus (GTK_WIDGET (self->fields[first].row));
      self->saving = FALSE;
      _hrm_user_page_fail_save_tasks (self, error);
      _hrm_user_page_update_state (self);
      return;
    }

  patch = build_patch (self);
  if (json_object_get_size (patch) == 0)
    {
      self->saving = FALSE;
      continue_save_tasks (self);
      return;
    }

  self->saving = TRUE;
  g_clear_pointer (&self->saving_patch, json_object_unref);
  self->saving_patch = json_object_ref (patch);
  hrm_client_update_user_async (self->client, hrm_user_get_id (self->user),
                                hrm_user_get_etag (self->user), patch, self->cancellable,
                                on_user_saved, self);
  _hrm_user_page_update_state (self);
}

/* The tabs save after the General tab, one after the other. */

static void
on_tab_saved (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  HrmUserPage *self;
  gboolean ok;

  ok = hrm_list_tab_save_finish (HRM_LIST_TAB (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = HRM_USER_PAGE (user_data);
  self->saving = FALSE;
  if (!ok)
    {
      _hrm_user_page_fail_save_tasks (self, error);
      _hrm_user_page_update_state (self);
      return;
    }
  continue_save_tasks (self);
}

static void
continue_save_tasks (HrmUserPage *self)
{
  g_autoptr(GPtrArray) tasks = NULL;

  if (hrm_list_tab_get_has_unsaved_changes (HRM_LIST_TAB (self->authorisations_tab)))
    {
      self->saving = TRUE;
      hrm_list_tab_save_async (HRM_LIST_TAB (self->authorisations_tab), self->cancellable,
                               on_tab_saved, self);
    }
  else if (hrm_list_tab_get_has_unsaved_changes (HRM_LIST_TAB (self->audit_tab)))
    {
      self->saving = TRUE;
      hrm_list_tab_save_async (HRM_LIST_TAB (self->audit_tab), self->cancellable, on_tab_saved, self);
    }
  else
    {
      self->saving = FALSE;
      tasks = g_steal_pointer (&self->save_tasks);
      self->save_tasks = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < tasks->len; i++)
        g_task_return_boolean (g_ptr_array_index (tasks, i), TRUE);
    }

  _hrm_user_page_update_state (self);
}

void
hrm_user_page_save_async (HrmUserPage         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HRM_IS_USER_PAGE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hrm_user_page_save_async);

  if (self->user == NULL || !_hrm_user_page_compute_dirty (self))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->client == NULL)
    {
      g_task_return_new_error (task, HRM_ERROR, HRM_ERROR_FAILED,
                               _("The user is still loading; try again in a moment"));
      return;
    }

  /* Edits made while the user loads are kept when it arrives, so a save
   * asked for meanwhile (leaving the page: "Save" in the unsaved-changes
   * dialog) waits for it: see _hrm_user_page_run_waiting_saves(). */
  g_ptr_array_add (self->save_tasks, g_steal_pointer (&task));
  if (!self->loaded)
    g_debug ("Saving once the user has loaded");
  else if (!self->saving)
    start_save (self);
}

/* The user has loaded: saves asked for while it was loading start now. */
void
_hrm_user_page_run_waiting_saves (HrmUserPage *self)
{
  g_assert (self->loaded);

  if (self->save_tasks->len == 0 || self->saving)
    return;
  if (_hrm_user_page_compute_dirty (self))
    start_save (self);
  else
    continue_save_tasks (self);
}

gboolean
hrm_user_page_save_finish (HrmUserPage   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (HRM_IS_USER_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hrm_user_page_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Used by "Send verification email": saves a changed email (only) first. */
void
_hrm_user_page_save_email_then (HrmUserPage         *self,
                                GAsyncReadyCallback  callback)
{
  g_autoptr(JsonObject) patch = json_object_new ();
  g_autofree char *email = g_strstrip (g_strdup (_hrm_user_page_field_text (self, FIELD_EMAIL)));

  json_object_set_string_member (patch, "email", email);
  hrm_client_update_user_async (self->client, hrm_user_get_id (self->user),
                                hrm_user_get_etag (self->user), patch, self->cancellable,
                                callback, self);
}

/* The answer to _hrm_user_page_save_email_then(): FALSE (and the reason
 * shown) when the email was not saved. */
gboolean
_hrm_user_page_email_saved (HrmUserPage  *self,
                            HrmUser      *updated,
                            GHashTable   *field_errors,
                            const GError *error)
{
  guint keep;

  if (updated == NULL)
    {
      const char *why = field_errors ? g_hash_table_lookup (field_errors, "email") : NULL;

      if (why != NULL)
        {
          g_free (self->server_errors[FIELD_EMAIL]);
          self->server_errors[FIELD_EMAIL] = g_strdup (why);
          _hrm_user_page_refresh_validation (self, FALSE);
        }
      else if (g_error_matches (error, HRM_ERROR, HRM_ERROR_STALE))
        {
          _hrm_user_page_toast (self, _("This user was changed by someone else; save your changes "
                                        "first, then send the verification email"));
        }
      else if (error != NULL)
        {
          _hrm_user_page_show_error (self, error);
        }
      return FALSE;
    }

  keep = _hrm_user_page_dirty_mask (self) & ~((1u << FIELD_EMAIL) | (1u << FIELD_CONFIRM_EMAIL));
  _hrm_user_page_apply_user (self, updated, keep);
  return TRUE;
}
