/* hrm-history-tab.c — a user's audit trail
 *
 * Who did what to the user, and when: GET /api/v1/users/{id}/events, newest
 * first. The user page reloads it after every change it makes. The events
 * are a GListStore bound to the list box. They are fetched only while the
 * tab is on screen (mapped): a change made while it is hidden marks them
 * stale, and they are fetched when the tab is next shown.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-history-tab"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-history-tab.h"
#include "hrm-page-util.h"

struct _HrmHistoryTab
{
  AdwBin         parent_instance;

  /* template widgets */
  GtkStack      *stack;
  GtkSpinner    *spinner;
  AdwStatusPage *error_page;
  GtkListBox    *list_box;

  /* owned */
  HrmClient     *client;
  HrmUser       *user;
  GCancellable  *cancellable;
  GListStore    *events;  /* (element-type HrmEvent) the list box's model */
  gboolean       stale;   /* fetch when next on screen */
};

G_DEFINE_FINAL_TYPE (HrmHistoryTab, hrm_history_tab, ADW_TYPE_BIN)

/* An icon for what happened, by the event's action. */
static const char *
icon_for_action (const char *action)
{
  static const struct {
    const char *action;
    const char *icon_name;
  } icons[] = {
    { "user_created", "contact-new-symbolic" },
    { "user_updated", "document-edit-symbolic" },
    { "verification_sent", "mail-send-symbolic" },
    { "connection_confirmed", "emblem-ok-symbolic" },
    { "connection_deleted", "user-trash-symbolic" },
    { "password_reset_sent", "mail-send-symbolic" },
    { "mail_failed", "dialog-warning-symbolic" },
    { "password_set", "dialog-password-symbolic" },
    { "authorisations_updated", "system-users-symbolic" },
    { "account_code_audit_updated", "emblem-documents-symbolic" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (icons); i++)
    if (g_strcmp0 (action, icons[i].action) == 0)
      return icons[i].icon_name;
  return "document-open-recent-symbolic";
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  HrmEvent *event = HRM_EVENT (item);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = hrm_format_date_time (hrm_event_get_time (event));
  g_autofree char *subtitle = NULL;
  const char *details = hrm_event_get_details (event);
  const char *actor = hrm_event_get_actor (event);

  if (details == NULL || *details == '\0')
    details = hrm_event_get_action (event);
  /* Translators: "by admin on 24 November 2026, 09:12" */
  subtitle = g_strdup_printf (_("By %s on %s"), actor != NULL ? actor : _("the system"), when);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon_for_action (hrm_event_get_action (event)));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), details != NULL ? details : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  return row;
}

/* Shows @events (nullable: none) in one items-changed. */
static void
set_events (HrmHistoryTab *self,
            GPtrArray     *events)
{
  g_list_store_splice (self->events, 0, g_list_model_get_n_items (G_LIST_MODEL (self->events)),
                       events != NULL ? events->pdata : NULL, events != NULL ? events->len : 0);
}

/* A screen reader hears that the tab is still loading (aria-busy). */
static void
set_busy (HrmHistoryTab *self,
          gboolean       busy)
{
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_BUSY, busy, -1);
}

static void
on_events_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmHistoryTab) self = user_data;

  events = hrm_client_list_events_finish (HRM_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (error != NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  set_events (self, events);

  gtk_stack_set_visible_child_name (self->stack, events->len > 0 ? "list" : "empty");
}

static void
load (HrmHistoryTab *self)
{
  self->stale = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->user == NULL || self->client == NULL)
    {
      set_events (self, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  /* Keep showing the old list while the new one loads. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->events)) == 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  hrm_client_list_events_async (self->client, hrm_user_get_id (self->user), self->cancellable,
                                on_events_loaded, g_object_ref (self));
}

void
hrm_history_tab_reload (HrmHistoryTab *self)
{
  g_return_if_fail (HRM_IS_HISTORY_TAB (self));

  /* Hidden: the list shown stays (it is the same user's) until the tab is
   * opened again and fetches the new one. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  load (self);
}

static void
hrm_history_tab_map (GtkWidget *widget)
{
  HrmHistoryTab *self = HRM_HISTORY_TAB (widget);

  GTK_WIDGET_CLASS (hrm_history_tab_parent_class)->map (widget);

  if (self->stale)
    load (self);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  load (HRM_HISTORY_TAB (widget));
}

static void
hrm_history_tab_dispose (GObject *object)
{
  HrmHistoryTab *self = (HrmHistoryTab *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* The bound stack is AdwBin's child: unparent it before the template
   * drops it, or AdwBin's dispose unparents a freed widget. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HRM_TYPE_HISTORY_TAB);
  g_clear_object (&self->client);
  g_clear_object (&self->user);

  G_OBJECT_CLASS (hrm_history_tab_parent_class)->dispose (object);
}

static void
hrm_history_tab_finalize (GObject *object)
{
  HrmHistoryTab *self = (HrmHistoryTab *)object;

  g_clear_object (&self->events);

  G_OBJECT_CLASS (hrm_history_tab_parent_class)->finalize (object);
}

static void
hrm_history_tab_class_init (HrmHistoryTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hrm_history_tab_dispose;
  object_class->finalize = hrm_history_tab_finalize;
  widget_class->map = hrm_history_tab_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hrmusers/HrmUsers/hrm-history-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, HrmHistoryTab, stack);
  gtk_widget_class_bind_template_child (widget_class, HrmHistoryTab, spinner);
  gtk_widget_class_bind_template_child (widget_class, HrmHistoryTab, error_page);
  gtk_widget_class_bind_template_child (widget_class, HrmHistoryTab, list_box);

  gtk_widget_class_install_action (widget_class, "history.reload", NULL, reload_action);
}

static void
hrm_history_tab_init (HrmHistoryTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->events = g_list_store_new (HRM_TYPE_EVENT);
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->events), create_row, NULL, NULL);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

void
hrm_history_tab_set_client (HrmHistoryTab *self,
                            HrmClient     *client)
{
  g_return_if_fail (HRM_IS_HISTORY_TAB (self));

  g_set_object (&self->client, client);
}

void
hrm_history_tab_set_user (HrmHistoryTab *self,
                          HrmUser       *user)
{
  g_return_if_fail (HRM_IS_HISTORY_TAB (self));

  /* Another user's events must not show, even for a moment; theirs are
   * fetched when the tab is on screen. */
  g_set_object (&self->user, user);
  g_cancellable_cancel (self->cancellable);
  set_events (self, NULL);
  set_busy (self, FALSE);
  gtk_stack_set_visible_child_name (self->stack, user != NULL ? "loading" : "empty");
  hrm_history_tab_reload (self);
}

guint
hrm_history_tab_get_n_events (HrmHistoryTab *self)
{
  g_return_val_if_fail (HRM_IS_HISTORY_TAB (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->events));
}
