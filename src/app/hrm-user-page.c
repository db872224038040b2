/* hrm-user-page.c — the right pane: one user, its link to the identity provider and its roles
 *
 * The page shows the HrmUser the users list gave it and refreshes that very
 * object (hrm_user_update_from) whenever the server has something newer.
 * What shows the object is bound to it, not told: the header here (a
 * GBindingGroup and a GSignalGroup), the email section's connection row and
 * the list's row follow its notifications, whoever updated it. Typed edits live in the sections' fields until they
 * are saved; nothing the page does on its own (a poll, a reload after a
 * conflict) overwrites a field the administrator changed.
 *
 * The General tab is made of sections (HrmUserSection: HrmEmailSection,
 * HrmAccountSection); the page loads the user, hands it to them and saves
 * by asking each for its part of one PATCH, sent with the ETag it loaded
 * (with its 412 dialog). The other tabs save after it, one after the other.
 * They are given every user the page shows but fetch their data only when
 * they are on screen.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-user-page"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-a11y.h"
#include "hrm-dialogs.h"
#include "hrm-page-util.h"
#include "hrm-user-page-private.h"

enum {
  PROP_0,
  PROP_HAS_UNSAVED_CHANGES,
  N_PROPS
};

enum {
  USER_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HrmUserPage, hrm_user_page, ADW_TYPE_BIN)

static void start_save (HrmUserPage *self);
static void continue_save_tasks (HrmUserPage *self);

/* State */

static const char *
provider_name (HrmUserPage *self)
{
  return hrm_email_section_get_provider_name (self->email_section);
}

static gboolean
compute_dirty (HrmUserPage *self)
{
  if (self->user == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (self->sections); i++)
    if (hrm_user_section_get_has_unsaved_changes (self->sections[i]))
      return TRUE;

  return hrm_list_tab_get_has_unsaved_changes (HRM_LIST_TAB (self->authorisations_tab))
         || hrm_list_tab_get_has_unsaved_changes (HRM_LIST_TAB (self->audit_tab));
}

/* The header's lines under the name: the state in a few words (and when a
 * pending link expires), with the same picture as the users list. Called
 * when the user's link changes (user_signals), for another provider, and
 * with the rest of the page's state (the link may have expired since). */
static void
update_header_state (HrmUserPage *self)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *text = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *tooltip = NULL;
  const char *icon_name, *style_class;

  if (self->user == NULL)
    return;

  now = g_date_time_new_now_utc ();

  switch (hrm_user_get_connection_state (self->user))
    {
    case HRM_CONNECTION_LINKED:
      text = g_strdup_printf (_("Linked to %s"), provider_name (self));
      break;

    case HRM_CONNECTION_PENDING:
      if (g_strcmp0 (hrm_user_get_delivery_state (self->user), "failed") == 0)
        {
          text = g_strdup (_("Verification email not delivered"));
        }
      else if (hrm_user_is_pending_expired (self->user, now))
        {
          text = g_strdup (_("Verification link expired"));
        }
      else
        {
          g_autofree char *expires = hrm_format_date_time (hrm_user_get_expires_at (self->user));

          text = g_strdup (_("Verification pending"));
          /* Translators: %s is a date and time, e.g. "25 November 2026, 09:12" */
          detail = g_strdup_printf (_("Expires %s"), expires);
        }
      break;

    case HRM_CONNECTION_NOT_LINKED:
    default:
      text = g_strdup (_("Not linked"));
      break;
    }

  /* The same picture as the connection row and the users list. */
  hrm_connection_look (self->user, now, &icon_name, &style_class);
  hrm_set_state_image (self->state_image, icon_name, style_class);
  gtk_label_set_text (self->state_label, text);
  gtk_label_set_text (self->state_detail_label, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->state_detail_label), detail != NULL);
  /* Whole, for when a narrow window cuts them short. */
  tooltip = detail != NULL ? g_strdup_printf ("%s — %s", text, detail) : g_strdup (text);
  hrm_widget_set_tooltip_text (gtk_widget_get_parent (GTK_WIDGET (self->state_label)), tooltip);
}

/* A pending user is polled while the page is on screen. */
static void
update_watching (HrmUserPage *self)
{
  hrm_email_section_set_watching (self->email_section,
                                  self->user != NULL && self->loaded
                                  && gtk_widget_get_mapped (GTK_WIDGET (self)));
}

static void
update_state (HrmUserPage *self)
{
  gboolean dirty, ready;

  /* The tabs and sections can still notify while the template goes. */
  if (self->sections[0] == NULL)
    return;

  dirty = compute_dirty (self);
  ready = self->user != NULL && self->loaded;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "user.save", ready && dirty && !self->saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "user.revert", ready && dirty && !self->saving);
  gtk_spinner_set_spinning (self->save_spinner, self->saving);
  gtk_widget_set_visible (GTK_WIDGET (self->save_spinner), self->saving);
  gtk_spinner_set_spinning (self->loading_spinner, self->user != NULL && !self->loaded);
  gtk_widget_set_visible (GTK_WIDGET (self->loading_spinner), self->user != NULL && !self->loaded);

  hrm_email_section_set_ready (self->email_section, ready && !self->saving);
  update_watching (self);
  /* Whether a pending link has expired depends on the clock, not only on
   * the user object: look again whenever the connection row does (above). */
  update_header_state (self);

  if (dirty != self->has_unsaved_changes)
    {
      self->has_unsaved_changes = dirty;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_UNSAVED_CHANGES]);
    }
}

/* The header's name: the display name, or words for a user without one. */
static gboolean
display_name_to_label (GBinding     *binding,
                       const GValue *from,
                       GValue       *to,
                       gpointer      user_data)
{
  const char *name = g_value_get_string (from);

  g_value_set_string (to, name != NULL && *name != '\0' ? name : _("Unnamed user"));
  return TRUE;
}

/* The header follows the user object: whoever updates it (a load, a save,
 * the email section's poll, the users list) updates the header with it. */
static void
bind_header (HrmUserPage *self)
{
  self->user_bindings = g_binding_group_new ();
  g_binding_group_bind_full (self->user_bindings, "display-name", self->name_label, "label",
                             G_BINDING_SYNC_CREATE, display_name_to_label, NULL, NULL, NULL);
  g_binding_group_bind (self->user_bindings, "display-name", self->avatar, "text",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->user_bindings, "user-id", self->user_id_label, "label",
                        G_BINDING_SYNC_CREATE);
  /* What is saved, not the switch's unsaved position. */
  g_binding_group_bind (self->user_bindings, "enabled", self->disabled_tag, "visible",
                        G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);

  self->user_signals = g_signal_group_new (HRM_TYPE_USER);
  g_signal_connect_object (self->user_signals, "bind", G_CALLBACK (update_header_state), self,
                           G_CONNECT_SWAPPED);
  hrm_signal_group_connect_link_changes (self->user_signals, G_CALLBACK (update_header_state),
                                         self);
}

/* Shows @fresh (copied into self->user when not NULL) in every section;
 * with @keep_edits, fields the administrator changed keep what was typed. */
static void
apply_user (HrmUserPage *self,
            HrmUser     *fresh,
            gboolean     keep_edits)
{
  g_assert (self->user != NULL);

  if (fresh != NULL && fresh != self->user)
    hrm_user_update_from (self->user, fresh);

  for (guint i = 0; i < G_N_ELEMENTS (self->sections); i++)
    hrm_user_section_update (self->sections[i], keep_edits);

  update_state (self);
}

/* Enter in a field saves, as it does in a form. */
static void
on_section_activate (HrmUserPage *self)
{
  if (self->has_unsaved_changes && !self->saving)
    gtk_widget_activate_action (GTK_WIDGET (self), "user.save", NULL);
}

/* Feedback */

static void
show_error (HrmUserPage  *self,
            const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  hrm_show_toast (GTK_WIDGET (self), error->message);
}

static void
user_changed (HrmUserPage *self)
{
  hrm_history_tab_reload (self->history_tab);
  g_signal_emit (self, signals[USER_CHANGED], 0, self->user);
}

/* The email section refreshed the user object after one of its actions or
 * a poll: every section shows it, keeping what was typed. */
static void
on_section_user_updated (HrmUserPage *self)
{
  if (self->user == NULL)
    return;
  apply_user (self, NULL, TRUE);
  user_changed (self);
}

/* Saving */

static void
fail_save_tasks (HrmUserPage  *self,
                 const GError *error)
{
  g_autoptr(GPtrArray) tasks = g_steal_pointer (&self->save_tasks);

  self->save_quietly = FALSE;
  self->save_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < tasks->len; i++)
    g_task_return_error (g_ptr_array_index (tasks, i), g_error_copy (error));
}

/* Saving */

/* One patch for the General tab: what each section changed. */
static JsonObject *
build_patch (HrmUserPage *self)
{
  JsonObject *patch = json_object_new ();

  for (guint i = 0; i < G_N_ELEMENTS (self->sections); i++)
    hrm_user_section_add_to_patch (self->sections[i], patch);

  return patch;
}

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
      show_error (self, error);
      fail_save_tasks (self, error);
      update_state (self);
      return;
    }

  apply_user (self, fresh, keep_mine);
  user_changed (self);

  if (keep_mine && compute_dirty (self))
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
      fail_save_tasks (self, error);
      update_state (self);
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
  g_autofree char *old_end_date = NULL;
  g_autoptr(HrmUserPage) self = user_data;

  updated = hrm_client_update_user_finish (HRM_CLIENT (source), result, &field_errors, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

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
      GtkWidget *invalid = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (self->sections) && field_errors != NULL; i++)
        {
          GtkWidget *shown = hrm_user_section_show_field_errors (self->sections[i], field_errors);

          if (invalid == NULL)
            invalid = shown;
        }

      if (invalid != NULL)
        {
          adw_view_stack_set_visible_child_name (self->view_stack, "general");
          gtk_widget_grab_focus (invalid);
        }
      else
        {
          /* The edits stay: the same save can be tried again from the toast. */
          hrm_show_retry_toast (GTK_WIDGET (self), error->message, "user.save");
        }

      fail_save_tasks (self, error);
      update_state (self);
      return;
    }

  old_end_date = g_strdup (hrm_user_get_employment_end_date (self->user));
  hrm_user_update_from (self->user, updated);
  for (guint i = 0; i < G_N_ELEMENTS (self->sections); i++)
    hrm_user_section_saved (self->sections[i], sent);
  /* Before a verification email, its own toast says what happened: two
   * toasts at once only hide each other. So does a rehire's offer (the end
   * date cleared after the housekeeping took the link), which says "Changes
   * saved" itself when there is nothing to offer. */
  if (!_hrm_user_page_offer_rehire (self, old_end_date, self->save_quietly)
      && !self->save_quietly)
    hrm_show_toast (GTK_WIDGET (self), _("Changes saved"));
  self->save_quietly = FALSE;
  user_changed (self);
  continue_save_tasks (self);
}

static void
start_save (HrmUserPage *self)
{
  g_autoptr(JsonObject) patch = NULL;

  g_assert (self->user != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (self->sections); i++)
    {
      g_autoptr(GError) error = NULL;
      GtkWidget *invalid = hrm_user_section_validate (self->sections[i], &error);

      if (invalid == NULL)
        continue;

      adw_view_stack_set_visible_child_name (self->view_stack, "general");
      gtk_widget_grab_focus (invalid);
      self->saving = FALSE;
      fail_save_tasks (self, error);
      update_state (self);
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
                                on_user_saved, g_object_ref (self));
  update_state (self);
}

/* The tabs save after the General tab, one after the other. */

static void
on_tab_saved (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmUserPage) self = user_data;
  gboolean ok;

  ok = hrm_list_tab_save_finish (HRM_LIST_TAB (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->saving = FALSE;
  if (!ok)
    {
      fail_save_tasks (self, error);
      update_state (self);
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
                               on_tab_saved, g_object_ref (self));
    }
  else if (hrm_list_tab_get_has_unsaved_changes (HRM_LIST_TAB (self->audit_tab)))
    {
      self->saving = TRUE;
      hrm_list_tab_save_async (HRM_LIST_TAB (self->audit_tab), self->cancellable, on_tab_saved,
                               g_object_ref (self));
    }
  else
    {
      self->saving = FALSE;
      self->save_quietly = FALSE;
      tasks = g_steal_pointer (&self->save_tasks);
      self->save_tasks = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < tasks->len; i++)
        g_task_return_boolean (g_ptr_array_index (tasks, i), TRUE);
    }

  update_state (self);
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

  if (self->user == NULL || !compute_dirty (self))
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
   * dialog) waits for it: see run_waiting_saves(). */
  g_ptr_array_add (self->save_tasks, g_steal_pointer (&task));
  if (!self->loaded)
    g_debug ("Saving once the user has loaded");
  else if (!self->saving)
    start_save (self);
}

/* The user has loaded: saves asked for while it was loading start now. */
static void
run_waiting_saves (HrmUserPage *self)
{
  g_assert (self->loaded);

  if (self->save_tasks->len == 0 || self->saving)
    return;
  if (compute_dirty (self))
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

/* Loading */

static void
on_user_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HrmUser) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmUserPage) self = user_data;

  fresh = hrm_client_get_user_finish (HRM_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;


  if (error != NULL)
    {
      gboolean gone = g_error_matches (error, HRM_ERROR, HRM_ERROR_NOT_FOUND);

      /* Trying again helps when the server was away, not when the user is. */
      adw_status_page_set_title (self->error_page, gone ? _("This user no longer exists")
                                                        : _("The user could not be loaded"));
      adw_status_page_set_description (self->error_page, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->retry_button), !gone);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      fail_save_tasks (self, error);
      return;
    }

  self->loaded = TRUE;
  apply_user (self, fresh, TRUE);
  run_waiting_saves (self);
}

static void
load_user (HrmUserPage *self)
{
  g_assert (self->user != NULL);

  if (self->client == NULL)
    return;

  self->loaded = FALSE;
  hrm_client_get_user_async (self->client, hrm_user_get_id (self->user), self->cancellable,
                             on_user_loaded, g_object_ref (self));
  update_state (self);
}

static void
reset_cancellable (HrmUserPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

static void
show_user (HrmUserPage *self)
{
  g_autoptr(GError) cancelled = NULL;

  reset_cancellable (self);
  g_set_error_literal (&cancelled, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                       _("The page shows another user now"));
  fail_save_tasks (self, cancelled);
  g_clear_pointer (&self->saving_patch, json_object_unref);
  self->saving = FALSE;
  self->loaded = FALSE;

  g_binding_group_set_source (self->user_bindings, self->user);
  g_signal_group_set_target (self->user_signals, self->user);
  for (guint i = 0; i < G_N_ELEMENTS (self->sections); i++)
    hrm_user_section_set_user (self->sections[i], self->client, self->user);

  hrm_list_tab_set_user (HRM_LIST_TAB (self->authorisations_tab), self->user);
  hrm_list_tab_set_user (HRM_LIST_TAB (self->audit_tab), self->user);
  hrm_history_tab_set_user (self->history_tab, self->user);

  if (self->user == NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
      update_state (self);
      return;
    }

  /* The tab shown stays: going through users on one tab fetches that
   * tab's data only (the tabs load when on screen). */
  gtk_stack_set_visible_child_name (self->main_stack, "user");
  load_user (self);
}

/* Actions */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  hrm_user_page_save_async (HRM_USER_PAGE (widget), NULL, NULL, NULL);
}

static void
revert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HrmUserPage *self = HRM_USER_PAGE (widget);

  if (self->user == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (self->sections); i++)
    hrm_user_section_revert (self->sections[i]);
  hrm_list_tab_revert (HRM_LIST_TAB (self->authorisations_tab));
  hrm_list_tab_revert (HRM_LIST_TAB (self->audit_tab));
  update_state (self);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HrmUserPage *self = HRM_USER_PAGE (widget);

  if (self->user != NULL)
    show_user (self);
}

/* user.show-tab N: the Nth tab (from 0), as Alt+1… in the window. */
static void
show_tab_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  HrmUserPage *self = HRM_USER_PAGE (widget);
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (self->view_stack);
  guint n = g_variant_get_uint32 (parameter);

  if (n < g_list_model_get_n_items (G_LIST_MODEL (pages)))
    gtk_selection_model_select_item (pages, n, TRUE);
}

/* The email section saves a changed email before it mails the address. */
static void
save_for_section (gpointer             owner,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  HrmUserPage *self = HRM_USER_PAGE (owner);

  self->save_quietly = TRUE;
  hrm_user_page_save_async (self, cancellable, callback, user_data);
}

static gboolean
save_for_section_finish (gpointer       owner,
                         GAsyncResult  *result,
                         GError       **error)
{
  return hrm_user_page_save_finish (HRM_USER_PAGE (owner), result, error);
}

/* GObject */

/* The tabs go to the bottom bar when they do not fit under the name. */
static void
on_switcher_squeezed (HrmUserPage *self)
{
  GtkWidget *shown = adw_squeezer_get_visible_child (self->switcher_squeezer);

  adw_view_switcher_bar_set_reveal (self->switcher_bar, shown == self->switcher_placeholder);
}

/* On a phone a quarter of 360 px is too narrow for "Audit of account code"
 * and "Authorisations": the bar's labels are a little smaller, as in a
 * phone's tab bar, and wrap between words instead of being cut short. */
static void
wrap_tab_labels (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    {
      g_autoptr(PangoAttrList) attributes = pango_attr_list_new ();

      pango_attr_list_insert (attributes, pango_attr_scale_new (PANGO_SCALE_SMALL));
      gtk_label_set_attributes (GTK_LABEL (widget), attributes);
      gtk_label_set_ellipsize (GTK_LABEL (widget), PANGO_ELLIPSIZE_NONE);
      gtk_label_set_wrap (GTK_LABEL (widget), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (widget), PANGO_WRAP_WORD);
      gtk_label_set_justify (GTK_LABEL (widget), GTK_JUSTIFY_CENTER);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    wrap_tab_labels (child);
}

/* A pending user is polled while the page is on screen, whichever tab shows. */
static void
on_map (HrmUserPage *self)
{
  update_state (self);
}

/* Only the poll stops: the window may be closing, and a header redrawn now
 * (its tooltip set again) has GTK 4.8 look for a tooltip, half a second
 * later, in a window without a surface. */
static void
on_unmap (HrmUserPage *self)
{
  if (self->sections[0] != NULL)
    update_watching (self);
}

static void
hrm_user_page_dispose (GObject *object)
{
  HrmUserPage *self = (HrmUserPage *)object;

  g_cancellable_cancel (self->cancellable);

  memset (self->sections, 0, sizeof self->sections);
  /* Nothing follows the user into a template being torn down. */
  if (self->user_bindings != NULL)
    g_binding_group_set_source (self->user_bindings, NULL);
  if (self->user_signals != NULL)
    g_signal_group_set_target (self->user_signals, NULL);
  g_clear_object (&self->user_bindings);
  g_clear_object (&self->user_signals);

  /* The bound stack is AdwBin's child: unparent it before the template
   * drops it, or AdwBin's dispose unparents a freed widget. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HRM_TYPE_USER_PAGE);

  g_clear_object (&self->client);
  g_clear_object (&self->organisation);
  g_clear_object (&self->user);

  G_OBJECT_CLASS (hrm_user_page_parent_class)->dispose (object);
}

static void
hrm_user_page_finalize (GObject *object)
{
  HrmUserPage *self = (HrmUserPage *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->save_tasks, g_ptr_array_unref);
  g_clear_pointer (&self->saving_patch, json_object_unref);
  g_clear_pointer (&self->rehire_email, g_free);
  g_clear_weak_pointer (&self->rehire_toast);

  G_OBJECT_CLASS (hrm_user_page_parent_class)->finalize (object);
}

static void
hrm_user_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HrmUserPage *self = HRM_USER_PAGE (object);

  switch (prop_id)
    {
    case PROP_HAS_UNSAVED_CHANGES:
      g_value_set_boolean (value, self->has_unsaved_changes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hrm_user_page_class_init (HrmUserPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hrm_user_page_dispose;
  object_class->finalize = hrm_user_page_finalize;
  object_class->get_property = hrm_user_page_get_property;

  properties[PROP_HAS_UNSAVED_CHANGES] =
    g_param_spec_boolean ("has-unsaved-changes", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[USER_CHANGED] =
    g_signal_new ("user-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, HRM_TYPE_USER);

  g_type_ensure (HRM_TYPE_AUTHORISATIONS_TAB);
  g_type_ensure (HRM_TYPE_AUDIT_TAB);
  g_type_ensure (HRM_TYPE_HISTORY_TAB);
  g_type_ensure (HRM_TYPE_EMAIL_SECTION);
  g_type_ensure (HRM_TYPE_ACCOUNT_SECTION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hrmusers/HrmUsers/hrm-user-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, avatar);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, disabled_tag);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, user_id_label);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, state_image);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, state_detail_label);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, view_switcher);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, switcher_squeezer);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, switcher_placeholder);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, email_section);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, account_section);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, save_spinner);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, authorisations_tab);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, audit_tab);
  gtk_widget_class_bind_template_child (widget_class, HrmUserPage, history_tab);

  gtk_widget_class_install_action (widget_class, "user.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "user.revert", NULL, revert_action);
  gtk_widget_class_install_action (widget_class, "user.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "user.show-tab", "u", show_tab_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "user.save", NULL);
  _hrm_user_page_rehire_class_init (widget_class);
}

static void
hrm_user_page_init (HrmUserPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_stack_add_named (self->main_stack, hrm_user_page_new_placeholder (), "empty");

  self->cancellable = g_cancellable_new ();
  self->save_tasks = g_ptr_array_new_with_free_func (g_object_unref);

  bind_header (self);

  self->sections[0] = HRM_USER_SECTION (self->email_section);
  self->sections[1] = HRM_USER_SECTION (self->account_section);
  for (guint i = 0; i < G_N_ELEMENTS (self->sections); i++)
    {
      g_signal_connect_object (self->sections[i], "notify::has-unsaved-changes",
                               G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->sections[i], "activate",
                               G_CALLBACK (on_section_activate), self, G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (self->email_section, "user-updated",
                           G_CALLBACK (on_section_user_updated), self, G_CONNECT_SWAPPED);
  hrm_email_section_set_save_func (self->email_section, save_for_section, save_for_section_finish,
                                   self);
  g_signal_connect_object (self->authorisations_tab, "notify::has-unsaved-changes",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->audit_tab, "notify::has-unsaved-changes",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->authorisations_tab, "saved",
                           G_CALLBACK (hrm_history_tab_reload), self->history_tab, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->audit_tab, "saved",
                           G_CALLBACK (hrm_history_tab_reload), self->history_tab, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->switcher_squeezer, "notify::visible-child",
                           G_CALLBACK (on_switcher_squeezed), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
  g_signal_connect (self, "unmap", G_CALLBACK (on_unmap), NULL);

  /* A screen reader hears the page and the tab shown, and one set of tabs. */
  hrm_a11y_hide_unseen_pages (GTK_WIDGET (self->main_stack));
  hrm_a11y_hide_unseen_pages (GTK_WIDGET (self->view_stack));
  hrm_a11y_hide_unseen_pages (GTK_WIDGET (self->switcher_squeezer));
  wrap_tab_labels (GTK_WIDGET (self->switcher_bar));

  gtk_stack_set_visible_child_name (self->main_stack, "empty");
  update_state (self);
}

HrmUserPage *
hrm_user_page_new (void)
{
  return g_object_new (HRM_TYPE_USER_PAGE, NULL);
}

/* An icon theme of the app's own icons alone (GTK's built-in hicolor, no
 * search path), made once: the display's theme does not have them, as the
 * application adds no resource path to it (hrm-application.c), and a
 * symbolic icon from a theme is recoloured as one. GTK keeps a theme it
 * has read alive, so one for the process. */
static GtkIconTheme *
own_icon_theme (void)
{
  static GtkIconTheme *theme;

  if (g_once_init_enter (&theme))
    {
      const char *no_search_path[] = { NULL };
      const char *resource_path[] = { "/io/github/hrmusers/HrmUsers/icons", NULL };
      GtkIconTheme *own = gtk_icon_theme_new ();

      gtk_icon_theme_set_theme_name (own, "hicolor");
      gtk_icon_theme_set_search_path (own, no_search_path);
      gtk_icon_theme_set_resource_path (own, resource_path);
      g_once_init_leave (&theme, own);
    }
  return theme;
}

/* "Select a user": the page's own empty state, and what the window shows in
 * its place until the first user is chosen (the page is some 760 widgets;
 * hrm-window.c builds it then). */
GtkWidget *
hrm_user_page_new_placeholder (void)
{
  /* The app's PNG copy of the icon when it has one (src/app/icons): Adwaita
   * has it only as SVG at this size, and drawing that loads librsvg. */
  GtkIconTheme *own_icons = own_icon_theme ();
  GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
  AdwStatusPage *page;
  int scale = 1;

  page = g_object_new (ADW_TYPE_STATUS_PAGE,
                       "title", _("Select a user"),
                       "description", _("Choose a user in the list to see and change their "
                                        "details, their link to the identity provider and "
                                        "their roles."),
                       NULL);

  if (gtk_icon_theme_has_icon (own_icons, "hrm-avatar-default-symbolic"))
    {
      g_autoptr(GtkIconPaintable) paintable = NULL;

      for (guint i = 0; i < g_list_model_get_n_items (monitors); i++)
        {
          g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);

          scale = MAX (scale, gdk_monitor_get_scale_factor (monitor));
        }
      paintable = gtk_icon_theme_lookup_icon (own_icons, "hrm-avatar-default-symbolic", NULL, 128,
                                              scale, GTK_TEXT_DIR_NONE, 0);
      adw_status_page_set_paintable (page, GDK_PAINTABLE (paintable));
    }
  else
    {
      adw_status_page_set_icon_name (page, "avatar-default-symbolic");
    }

  return GTK_WIDGET (page);
}

void
hrm_user_page_set_client (HrmUserPage *self,
                          HrmClient   *client)
{
  g_return_if_fail (HRM_IS_USER_PAGE (self));
  g_return_if_fail (client == NULL || HRM_IS_CLIENT (client));

  if (!g_set_object (&self->client, client))
    return;

  hrm_list_tab_set_client (HRM_LIST_TAB (self->authorisations_tab), client);
  hrm_list_tab_set_client (HRM_LIST_TAB (self->audit_tab), client);
  hrm_history_tab_set_client (self->history_tab, client);
  show_user (self);
}

void
hrm_user_page_set_organisation (HrmUserPage     *self,
                                HrmOrganisation *organisation)
{
  g_return_if_fail (HRM_IS_USER_PAGE (self));
  g_return_if_fail (organisation == NULL || HRM_IS_ORGANISATION (organisation));

  if (!g_set_object (&self->organisation, organisation))
    return;
  hrm_email_section_set_organisation (self->email_section, organisation);
  /* "Linked to <provider>" */
  update_header_state (self);
  update_state (self);
}

void
hrm_user_page_set_user (HrmUserPage *self,
                        HrmUser     *user)
{
  g_return_if_fail (HRM_IS_USER_PAGE (self));
  g_return_if_fail (user == NULL || HRM_IS_USER (user));

  if (self->user == user && user != NULL)
    return;

  _hrm_user_page_forget_rehire (self);
  g_set_object (&self->user, user);
  show_user (self);
}

HrmUser *
hrm_user_page_get_user (HrmUserPage *self)
{
  g_return_val_if_fail (HRM_IS_USER_PAGE (self), NULL);
  return self->user;
}

gboolean
hrm_user_page_get_has_unsaved_changes (HrmUserPage *self)
{
  g_return_val_if_fail (HRM_IS_USER_PAGE (self), FALSE);
  return self->has_unsaved_changes;
}
