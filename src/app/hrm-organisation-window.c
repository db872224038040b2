/* hrm-organisation-window.c — the organisation's settings
 *
 * The Organisation preferences window: the work email domains, the verified
 * domains and after how many days leavers lose their link. Edits are kept
 * in the window and sent as one merge patch (PATCH /api/v1/organisation
 * with the ETag it was opened with) when it closes or on Ctrl+S, so a
 * failed save loses nothing: a 422 is shown beside the row it is about, a
 * 412 (changed elsewhere) offers to reload, anything else is a toast, and
 * the window stays open with the edits. Read-only, with a line saying why,
 * for an administrator whose roles do not allow changing them (may_change).
 *
 * A domain is checked as it is added by the rule the server applies
 * (hrm_email_domain_normalise(), hrm-email-domains.c).
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* AdwSpinRow came in libadwaita 1.4. The build pins 1.2 (HACKING.md,
 * "Newer libadwaita"); this file alone may use 1.4 behind
 * ADW_CHECK_VERSION (1, 4, 0), with AdwActionRow and a GtkSpinButton
 * otherwise. ADW_ENCODE_VERSION: 1.2's headers have no ADW_VERSION_1_4. */
#undef ADW_VERSION_MAX_ALLOWED
#define ADW_VERSION_MAX_ALLOWED ADW_ENCODE_VERSION (1, 4, 0)

#define G_LOG_DOMAIN "hrm-organisation-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hrm-a11y.h"
#include "hrm-dialogs.h"
#include "hrm-email-domains.h"
#include "hrm-organisation-window-private.h"
#include "hrm-page-util.h"

#define MAX_LEAVER_DAYS 365

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HrmOrganisationWindow, hrm_organisation_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The API's names of the lists, also the prefix of their template ids. */
static const char *list_members[N_DOMAIN_LISTS] = {
  [DOMAIN_LIST_ALLOWED] = "allowed_email_domains",
  [DOMAIN_LIST_VERIFIED] = "verified_domains",
};
static const char *list_ids[N_DOMAIN_LISTS] = {
  [DOMAIN_LIST_ALLOWED] = "allowed",
  [DOMAIN_LIST_VERIFIED] = "verified",
};

static void rebuild_rows  (HrmOrganisationWindow *self,
                           HrmDomainList          list);
static void set_row_error (GtkWidget             *row,
                           const char            *message);

static const char * const *
server_domains (HrmOrganisationWindow *self,
                HrmDomainList          list)
{
  return list == DOMAIN_LIST_ALLOWED
         ? hrm_organisation_get_allowed_email_domains (self->organisation)
         : hrm_organisation_get_verified_domains (self->organisation);
}

static gboolean
may_change (HrmOrganisationWindow *self)
{
  return self->organisation != NULL && hrm_organisation_get_may_change (self->organisation);
}

static gint64
days_value (HrmOrganisationWindow *self)
{
  return (gint64) gtk_adjustment_get_value (self->days_adjustment);
}

/* Whether @list differs from what the server has. */
static gboolean
list_changed (HrmOrganisationWindow *self,
              HrmDomainList          list)
{
  const char * const *saved = server_domains (self, list);
  GPtrArray *domains = self->lists[list].domains;

  if (g_strv_length ((char **) saved) != domains->len)
    return TRUE;
  for (guint i = 0; i < domains->len; i++)
    if (g_strcmp0 (saved[i], g_ptr_array_index (domains, i)) != 0)
      return TRUE;
  return FALSE;
}

gboolean
hrm_organisation_window_get_has_unsaved_changes (HrmOrganisationWindow *self)
{
  g_return_val_if_fail (HRM_IS_ORGANISATION_WINDOW (self), FALSE);

  if (self->organisation == NULL || !may_change (self))
    return FALSE;
  for (guint i = 0; i < N_DOMAIN_LISTS; i++)
    if (list_changed (self, i))
      return TRUE;
  return days_value (self) != hrm_organisation_get_unlink_leavers_after_days (self->organisation);
}

/* Toasts go through the app's own (hrm-page-util.c): a title is markup in
 * libadwaita 1.2 and a server's message must not be read as such, and the
 * toast's buttons need names (hrm-a11y.c). The window's toast overlay is
 * an ancestor of its page. */
static void
show_toast (HrmOrganisationWindow *self,
            const char            *title)
{
  hrm_show_toast (GTK_WIDGET (self->leavers_group), title);
}

/* Changed elsewhere: the edits stay until the administrator reloads. */
static void
show_reload_toast (HrmOrganisationWindow *self)
{
  /* Short: a toast with a button has room for a few words. */
  g_autofree char *title = g_markup_escape_text (_("Changed elsewhere meanwhile"), -1);
  AdwToast *toast = adw_toast_new (title);
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self->leavers_group),
                                                ADW_TYPE_TOAST_OVERLAY);

  adw_toast_set_button_label (toast, _("_Reload"));
  adw_toast_set_action_name (toast, "organisation.reload");
  adw_toast_set_timeout (toast, 0);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
  if (overlay != NULL)
    hrm_a11y_name_toasts (ADW_TOAST_OVERLAY (overlay));
}

/* An edit: what failed before is not the last word any more. */
static void
edited (HrmOrganisationWindow *self)
{
  self->save_failed = FALSE;
}

static gboolean
is_domain_error (gpointer key,
                 gpointer value,
                 gpointer user_data)
{
  return !g_str_equal (key, "unlink_leavers_after_days");
}

/* A domain added or removed: the last 422 named rows by their position,
 * which now hold other domains, and its verdict on the lists may be void. */
static void
domains_edited (HrmOrganisationWindow *self)
{
  edited (self);
  if (self->field_errors != NULL)
    g_hash_table_foreach_remove (self->field_errors, is_domain_error, NULL);
  for (guint list = 0; list < N_DOMAIN_LISTS; list++)
    for (guint i = 0; i < self->lists[list].rows->len; i++)
      set_row_error (g_ptr_array_index (self->lists[list].rows, i), NULL);
}

/* Errors */

/* The 422's reason for @field ("verified_domains[1]"), or NULL. */
static const char *
field_error (HrmOrganisationWindow *self,
             const char            *field)
{
  return self->field_errors != NULL ? g_hash_table_lookup (self->field_errors, field) : NULL;
}

static void
set_add_error (HrmOrganisationWindow *self,
               HrmDomainList          list,
               const char            *message)
{
  HrmDomainListEdit *edit = &self->lists[list];
  gboolean invalid = message != NULL && *message != '\0';

  gtk_label_set_text (edit->add_error_label, invalid ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (edit->add_error_row), invalid);
  if (invalid)
    gtk_widget_add_css_class (GTK_WIDGET (edit->add_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (edit->add_row), "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (edit->add_row), GTK_ACCESSIBLE_STATE_INVALID,
                               invalid ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit->add_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, invalid ? message : "",
                                  -1);
}

/* A row's reason from the server beside it: as its subtitle, in red. */
static void
set_row_error (GtkWidget  *row,
               const char *message)
{
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), message != NULL ? message : "");
  if (message != NULL)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                               message != NULL ? GTK_ACCESSIBLE_INVALID_TRUE
                                               : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

static void
show_days_error (HrmOrganisationWindow *self)
{
  set_row_error (self->days_row, field_error (self, "unlink_leavers_after_days"));
}

/* Rows */

static void
on_remove_clicked (GtkButton             *button,
                   HrmOrganisationWindow *self)
{
  HrmDomainList list = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "hrm-list"));
  const char *domain = g_object_get_data (G_OBJECT (button), "hrm-domain");
  HrmDomainListEdit *edit = &self->lists[list];

  for (guint i = 0; i < edit->domains->len; i++)
    if (g_str_equal (g_ptr_array_index (edit->domains, i), domain))
      {
        g_ptr_array_remove_index (edit->domains, i);
        break;
      }

  /* The button goes with its row: the keyboard goes on to the entry. */
  gtk_widget_grab_focus (GTK_WIDGET (edit->add_row));
  domains_edited (self);
  rebuild_rows (self, list);
}

static GtkWidget *
domain_row_new (HrmOrganisationWindow *self,
                HrmDomainList          list,
                guint                  index)
{
  const char *domain = g_ptr_array_index (self->lists[list].domains, index);
  g_autofree char *field = g_strdup_printf ("%s[%u]", list_members[list], index);
  g_autofree char *name = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;

  /* Plain text: a domain is never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), domain);

  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  /* Translators: %s is a domain such as nordljus.se */
  name = g_strdup_printf (_("Remove %s"), domain);
  gtk_widget_set_tooltip_text (button, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data (G_OBJECT (button), "hrm-list", GUINT_TO_POINTER (list));
  g_object_set_data_full (G_OBJECT (button), "hrm-domain", g_strdup (domain), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_remove_clicked), self, 0);
  gtk_widget_set_visible (button, may_change (self));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  set_row_error (row, field_error (self, field));
  return row;
}

/* The rows follow the edited list (a few dozen domains at most). */
static void
rebuild_rows (HrmOrganisationWindow *self,
              HrmDomainList          list)
{
  HrmDomainListEdit *edit = &self->lists[list];

  for (guint i = 0; i < edit->rows->len; i++)
    adw_preferences_group_remove (edit->group, g_ptr_array_index (edit->rows, i));
  g_ptr_array_set_size (edit->rows, 0);

  for (guint i = 0; i < edit->domains->len; i++)
    {
      GtkWidget *row = domain_row_new (self, list, i);

      adw_preferences_group_add (edit->group, row);
      g_ptr_array_add (edit->rows, row);
    }

  /* Read-only there is no entry row: say the list is empty rather than
   * show an empty box. */
  if (edit->domains->len == 0 && !may_change (self))
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("None"));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (edit->group, row);
      g_ptr_array_add (edit->rows, row);
    }
}

/* Shows the organisation's settings, dropping the edits. */
static void
show_organisation (HrmOrganisationWindow *self)
{
  gboolean writable = may_change (self);

  self->showing = TRUE;
  for (guint list = 0; list < N_DOMAIN_LISTS; list++)
    {
      HrmDomainListEdit *edit = &self->lists[list];
      const char * const *domains = server_domains (self, list);

      g_ptr_array_set_size (edit->domains, 0);
      for (guint i = 0; domains != NULL && domains[i] != NULL; i++)
        g_ptr_array_add (edit->domains, g_strdup (domains[i]));
      gtk_editable_set_text (GTK_EDITABLE (edit->add_row), "");
      gtk_widget_set_visible (GTK_WIDGET (edit->add_row), writable);
      set_add_error (self, list, NULL);
      rebuild_rows (self, list);
    }
  gtk_adjustment_set_value (self->days_adjustment,
                            hrm_organisation_get_unlink_leavers_after_days (self->organisation));
  show_days_error (self);
  self->showing = FALSE;

  /* Read-only: everything shown, nothing to press, and the reason first. */
  gtk_widget_set_visible (GTK_WIDGET (self->read_only_group), !writable);
  gtk_widget_set_sensitive (self->days_row, writable);
  for (guint list = 0; list < N_DOMAIN_LISTS; list++)
    for (guint i = 0; i < self->lists[list].rows->len; i++)
      gtk_widget_set_sensitive (g_ptr_array_index (self->lists[list].rows, i), writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "organisation.save", writable);
}

/* Adding a domain */

/* Why @domain (normalised) cannot join @list, or NULL. The server decides
 * the same (hrm-server-organisation.c); saying it here keeps the typing. */
static char *
add_refusal (HrmOrganisationWindow *self,
             HrmDomainList          list,
             const char            *domain)
{
  GPtrArray *allowed = self->lists[DOMAIN_LIST_ALLOWED].domains;

  for (guint i = 0; i < self->lists[list].domains->len; i++)
    if (g_str_equal (g_ptr_array_index (self->lists[list].domains, i), domain))
      /* Translators: %s is a domain such as nordljus.se */
      return g_strdup_printf (_("%s is already in the list"), domain);

  if (list == DOMAIN_LIST_VERIFIED && allowed->len > 0)
    {
      for (guint i = 0; i < allowed->len; i++)
        if (g_str_equal (g_ptr_array_index (allowed, i), domain))
          return NULL;
      /* Translators: %s is a domain such as nordljus.se */
      return g_strdup_printf (_("Add %s to the work email domains first: a verified domain must be "
                                "one of them"), domain);
    }

  return NULL;
}

static int
compare_domains (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
add_domain (HrmOrganisationWindow *self,
            HrmDomainList          list)
{
  HrmDomainListEdit *edit = &self->lists[list];
  g_autoptr(GError) error = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *refusal = NULL;

  if (!may_change (self))
    return;

  domain = hrm_email_domain_normalise (gtk_editable_get_text (GTK_EDITABLE (edit->add_row)), &error);
  if (domain == NULL)
    {
      set_add_error (self, list, error->message);
      return;
    }
  refusal = add_refusal (self, list, domain);
  if (refusal != NULL)
    {
      set_add_error (self, list, refusal);
      return;
    }

  g_ptr_array_add (edit->domains, g_steal_pointer (&domain));
  /* The server keeps them sorted; so does the window. */
  g_ptr_array_sort (edit->domains, compare_domains);
  domains_edited (self);
  self->showing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (edit->add_row), "");
  self->showing = FALSE;
  rebuild_rows (self, list);
}

static gboolean
add_row_is_empty (HrmOrganisationWindow *self,
                  HrmDomainList          list)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->lists[list].add_row)));

  return *g_strstrip (text) == '\0';
}

static void
on_add_applied (AdwEntryRow           *row,
                HrmOrganisationWindow *self)
{
  for (guint list = 0; list < N_DOMAIN_LISTS; list++)
    if (self->lists[list].add_row == row && !add_row_is_empty (self, list))
      add_domain (self, list);
}

/* A domain typed but not added yet is an edit too: added before a save,
 * or the save waits while it is refused. FALSE when one was refused. */
static gboolean
add_typed_domains (HrmOrganisationWindow *self)
{
  gboolean all = TRUE;

  for (guint list = 0; list < N_DOMAIN_LISTS; list++)
    if (may_change (self) && !add_row_is_empty (self, list))
      {
        add_domain (self, list);
        if (!add_row_is_empty (self, list))
          {
            gtk_widget_grab_focus (GTK_WIDGET (self->lists[list].add_row));
            all = FALSE;
          }
      }
  return all;
}

/* Typing again: the old complaint is about text that is gone. */
static void
on_add_changed (GtkEditable           *editable,
                HrmOrganisationWindow *self)
{
  if (self->showing)
    return;
  for (guint list = 0; list < N_DOMAIN_LISTS; list++)
    if (GTK_EDITABLE (self->lists[list].add_row) == editable)
      set_add_error (self, list, NULL);
}

static void
on_days_changed (HrmOrganisationWindow *self)
{
  if (self->showing)
    return;
  edited (self);
  if (self->field_errors != NULL)
    g_hash_table_remove (self->field_errors, "unlink_leavers_after_days");
  show_days_error (self);
}

/* Saving */

static void
add_list_to_patch (HrmOrganisationWindow *self,
                   JsonObject            *patch,
                   HrmDomainList          list)
{
  JsonArray *array = json_array_new ();
  GPtrArray *domains = self->lists[list].domains;

  for (guint i = 0; i < domains->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (domains, i));
  json_object_set_array_member (patch, list_members[list], array);
}

/* The members that changed; the server merges them. */
static JsonObject *
build_patch (HrmOrganisationWindow *self)
{
  JsonObject *patch = json_object_new ();

  for (guint list = 0; list < N_DOMAIN_LISTS; list++)
    if (list_changed (self, list))
      add_list_to_patch (self, patch, list);
  if (days_value (self) != hrm_organisation_get_unlink_leavers_after_days (self->organisation))
    json_object_set_int_member (patch, "unlink_leavers_after_days", days_value (self));
  return patch;
}

static void
show_field_errors (HrmOrganisationWindow *self)
{
  for (guint list = 0; list < N_DOMAIN_LISTS; list++)
    {
      const char *why = field_error (self, list_members[list]);

      rebuild_rows (self, list);
      /* About the list as a whole (too many domains): under its entry. */
      if (why != NULL)
        set_add_error (self, list, why);
    }
  show_days_error (self);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(HrmOrganisationWindow) self = user_data;
  g_autoptr(HrmOrganisation) saved = NULL;
  g_autoptr(GHashTable) field_errors = NULL;
  g_autoptr(GError) error = NULL;

  saved = hrm_client_update_organisation_finish (HRM_CLIENT (source), result, &field_errors, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->saving = FALSE;
  if (saved == NULL)
    {
      /* The edits stay; the window stays open to show why. */
      self->save_failed = TRUE;
      self->close_after_save = FALSE;
      g_clear_pointer (&self->field_errors, g_hash_table_unref);
      self->field_errors = g_steal_pointer (&field_errors);
      show_field_errors (self);

      if (g_error_matches (error, HRM_ERROR, HRM_ERROR_STALE))
        show_reload_toast (self);
      else
        {
          show_toast (self, error->message);
        }
      return;
    }

  g_clear_pointer (&self->field_errors, g_hash_table_unref);
  g_set_object (&self->organisation, saved);
  g_signal_emit (self, signals[SAVED], 0, saved);

  if (self->close_after_save)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  show_organisation (self);
  show_toast (self, _("Organisation settings saved"));
}

void
hrm_organisation_window_save (HrmOrganisationWindow *self)
{
  g_autoptr(JsonObject) patch = NULL;

  g_return_if_fail (HRM_IS_ORGANISATION_WINDOW (self));

  if (self->saving || !add_typed_domains (self)
      || !hrm_organisation_window_get_has_unsaved_changes (self))
    return;

  patch = build_patch (self);
  self->saving = TRUE;
  hrm_client_update_organisation_async (self->client, hrm_organisation_get_etag (self->organisation),
                                        patch, self->cancellable, on_saved, g_object_ref (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  hrm_organisation_window_save (HRM_ORGANISATION_WINDOW (widget));
}

/* Reload: the server's settings, dropping the edits (asked for, after a
 * 412). On opening too, since the window's copy is from the sign-in; but
 * what was typed meanwhile wins there (a stale ETag is a 412 at worst). */
static void
on_reloaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(HrmOrganisationWindow) self = user_data;
  g_autoptr(HrmOrganisation) fresh = NULL;
  g_autoptr(GError) error = NULL;
  gboolean opening = self->loading;
  gboolean changed;

  fresh = hrm_client_get_organisation_finish (HRM_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  if (fresh == NULL)
    {
      show_toast (self, error->message);
      return;
    }
  if (opening && hrm_organisation_window_get_has_unsaved_changes (self))
    return;
  changed = g_strcmp0 (hrm_organisation_get_etag (fresh),
                       hrm_organisation_get_etag (self->organisation)) != 0;

  g_clear_pointer (&self->field_errors, g_hash_table_unref);
  self->save_failed = FALSE;
  g_set_object (&self->organisation, fresh);
  show_organisation (self);
  /* The main window's copy is out of date only when the version moved. */
  if (changed)
    g_signal_emit (self, signals[SAVED], 0, fresh);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HrmOrganisationWindow *self = HRM_ORGANISATION_WINDOW (widget);

  hrm_client_get_organisation_async (self->client, self->cancellable, on_reloaded,
                                     g_object_ref (self));
}

/* Closing saves; after a failed save, closing again asks to discard. */

static void
on_discard_response (GtkWidget  *dialog,
                     const char *response,
                     gpointer    user_data)
{
  HrmOrganisationWindow *self = HRM_ORGANISATION_WINDOW (user_data);

  if (g_str_equal (response, "discard"))
    gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
hrm_organisation_window_close_request (GtkWindow *window)
{
  HrmOrganisationWindow *self = HRM_ORGANISATION_WINDOW (window);
  const HrmDialogResponse responses[] = {
    { "cancel", _("_Cancel"), ADW_RESPONSE_DEFAULT },
    { "discard", _("_Discard"), ADW_RESPONSE_DESTRUCTIVE },
    { NULL }
  };

  if (self->saving)
    {
      self->close_after_save = TRUE;
      return TRUE;
    }
  if (!add_typed_domains (self))
    return TRUE;
  if (!hrm_organisation_window_get_has_unsaved_changes (self))
    return FALSE;

  if (self->save_failed)
    {
      hrm_dialog_ask (GTK_WIDGET (self), _("Discard the changes?"),
                      _("The organisation’s settings could not be saved. Closing the window "
                        "discards the changes."),
                      responses, "cancel", "cancel", on_discard_response, self);
      return TRUE;
    }

  self->close_after_save = TRUE;
  hrm_organisation_window_save (self);
  return TRUE;
}

/* The days row: AdwSpinRow where libadwaita has it. */
static void
add_days_row (HrmOrganisationWindow *self)
{
  GtkWidget *days_label;

  self->days_adjustment = g_object_ref_sink (gtk_adjustment_new (5, 0, MAX_LEAVER_DAYS, 1, 10, 0));
#if ADW_CHECK_VERSION (1, 4, 0)
  self->days_row = adw_spin_row_new (self->days_adjustment, 1, 0);
#else
  {
    GtkWidget *spin = gtk_spin_button_new (self->days_adjustment, 1, 0);

    self->days_row = adw_action_row_new ();
    gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
    gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
    /* Named in words of its own: GTK 4.8 gives a spin button inside a row
     * no name from the row's title. */
    gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Days after the end of employment"), -1);
    adw_action_row_add_suffix (ADW_ACTION_ROW (self->days_row), spin);
    adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self->days_row), spin);
  }
#endif
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->days_row),
                                 _("Remove the link of leavers after"));
  days_label = gtk_label_new (_("days"));
  gtk_widget_add_css_class (days_label, "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (days_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("days"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->days_row), days_label);
  adw_preferences_group_add (self->leavers_group, self->days_row);
  g_signal_connect_object (self->days_adjustment, "value-changed", G_CALLBACK (on_days_changed),
                           self, G_CONNECT_SWAPPED);
}

/* GObject */

static void
hrm_organisation_window_dispose (GObject *object)
{
  HrmOrganisationWindow *self = (HrmOrganisationWindow *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), HRM_TYPE_ORGANISATION_WINDOW);
  g_clear_object (&self->client);
  g_clear_object (&self->organisation);
  g_clear_object (&self->days_adjustment);

  G_OBJECT_CLASS (hrm_organisation_window_parent_class)->dispose (object);
}

static void
hrm_organisation_window_finalize (GObject *object)
{
  HrmOrganisationWindow *self = (HrmOrganisationWindow *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->field_errors, g_hash_table_unref);
  for (guint list = 0; list < N_DOMAIN_LISTS; list++)
    {
      g_clear_pointer (&self->lists[list].domains, g_ptr_array_unref);
      g_clear_pointer (&self->lists[list].rows, g_ptr_array_unref);
    }

  G_OBJECT_CLASS (hrm_organisation_window_parent_class)->finalize (object);
}

static void
hrm_organisation_window_class_init (HrmOrganisationWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = hrm_organisation_window_dispose;
  object_class->finalize = hrm_organisation_window_finalize;
  window_class->close_request = hrm_organisation_window_close_request;

  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, HRM_TYPE_ORGANISATION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hrmusers/HrmUsers/hrm-organisation-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HrmOrganisationWindow, read_only_group);
  gtk_widget_class_bind_template_child (widget_class, HrmOrganisationWindow, leavers_group);

  for (guint list = 0; list < N_DOMAIN_LISTS; list++)
    {
      gsize base = G_STRUCT_OFFSET (HrmOrganisationWindow, lists) + list * sizeof (HrmDomainListEdit);
      const struct { const char *suffix; gsize offset; } children[] = {
        { "group", G_STRUCT_OFFSET (HrmDomainListEdit, group) },
        { "add_row", G_STRUCT_OFFSET (HrmDomainListEdit, add_row) },
        { "add_error_row", G_STRUCT_OFFSET (HrmDomainListEdit, add_error_row) },
        { "add_error_label", G_STRUCT_OFFSET (HrmDomainListEdit, add_error_label) },
      };

      for (guint i = 0; i < G_N_ELEMENTS (children); i++)
        {
          g_autofree char *id = g_strdup_printf ("%s_%s", list_ids[list], children[i].suffix);

          /* GtkBuilder keeps the names for the class's lifetime. */
          gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (id), FALSE,
                                                     base + children[i].offset);
        }
    }

  gtk_widget_class_install_action (widget_class, "organisation.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "organisation.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "organisation.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
hrm_organisation_window_init (HrmOrganisationWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  for (guint list = 0; list < N_DOMAIN_LISTS; list++)
    {
      self->lists[list].domains = g_ptr_array_new_with_free_func (g_free);
      self->lists[list].rows = g_ptr_array_new ();
      g_signal_connect_object (self->lists[list].add_row, "apply", G_CALLBACK (on_add_applied),
                               self, 0);
      g_signal_connect_object (self->lists[list].add_row, "entry-activated",
                               G_CALLBACK (on_add_applied), self, 0);
      g_signal_connect_object (self->lists[list].add_row, "changed", G_CALLBACK (on_add_changed),
                               self, 0);
    }
  add_days_row (self);
}

/**
 * hrm_organisation_window_new:
 * @organisation: the settings as loaded, with their ETag
 *
 * Returns: (transfer none): the window, shown over @parent
 */
HrmOrganisationWindow *
hrm_organisation_window_new (GtkWindow       *parent,
                             HrmClient       *client,
                             HrmOrganisation *organisation)
{
  HrmOrganisationWindow *self;

  g_return_val_if_fail (HRM_IS_CLIENT (client), NULL);
  g_return_val_if_fail (HRM_IS_ORGANISATION (organisation), NULL);

  self = g_object_new (HRM_TYPE_ORGANISATION_WINDOW, NULL);
  /* Its requests hold it: see hrm_dialog_set_parent(). */
  hrm_dialog_set_parent (GTK_WINDOW (self), parent);
  self->client = g_object_ref (client);
  self->organisation = g_object_ref (organisation);
  show_organisation (self);

  self->loading = TRUE;
  hrm_client_get_organisation_async (self->client, self->cancellable, on_reloaded,
                                     g_object_ref (self));
  return self;
}

HrmOrganisation *
hrm_organisation_window_get_organisation (HrmOrganisationWindow *self)
{
  g_return_val_if_fail (HRM_IS_ORGANISATION_WINDOW (self), NULL);
  return self->organisation;
}
