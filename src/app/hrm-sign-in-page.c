/* hrm-sign-in-page.c — the sign-in form
 *
 * People sign in through the system browser (HrmBrowserSignIn): the page asks
 * for the server address, opens the server's sign-in page and waits for it
 * ("Continue in your browser…"). The password form is a second path shown only
 * where the server still allows the password grant (its discovery document
 * says so): scripts, tests and the demo (--password-file) use it.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-sign-in"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-a11y.h"
#include "hrm-browser-sign-in.h"
#include "hrm-sign-in-page.h"

/* How long after the last keystroke in the address the server is asked
 * whether it allows passwords. */
#define DISCOVERY_DELAY_MS 500

struct _HrmSignInPage
{
  AdwBin        parent_instance;

  /* Template widgets */
  GtkStack     *stack;
  AdwEntryRow  *server_row;
  GtkButton    *browser_button;
  GtkSpinner   *browser_spinner;
  GtkWidget    *password_box;
  GtkSpinner   *waiting_spinner;
  GtkLabel     *waiting_detail_label;
  GtkWidget    *reopen_button;
  GtkWidget    *cancel_button;
  GtkLabel     *server_error_label;
  AdwEntryRow  *username_row;
  AdwEntryRow  *password_row;
  GtkLabel     *message_label;
  GtkButton    *sign_in_button;
  GtkSpinner   *spinner;

  /* Owned */
  GCancellable *cancellable;    /* the window's */
  GTlsDatabase *tls_database;
  HrmClient    *reuse_client;
  char         *reuse_server;
  HrmClient    *client;         /* signing in */
  HrmBrowserSignIn *browser;    /* the browser sign-in under way */
  GCancellable *browser_cancellable;  /* Cancel on the waiting page */
  GCancellable *discovery_cancellable;
  guint         discovery_id;   /* timeout: ask the address typed */

  guint         busy : 1;
};

G_DEFINE_FINAL_TYPE (HrmSignInPage, hrm_sign_in_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

enum {
  SIGNED_IN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
row_is_empty (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (row_text (row)));

  return *text == '\0';
}

static void
update_actions (HrmSignInPage *self)
{
  gboolean ready = !self->busy &&
                   !row_is_empty (self->server_row) &&
                   !row_is_empty (self->username_row) &&
                   *row_text (self->password_row) != '\0';

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.sign-in", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.browser",
                                 !self->busy && !row_is_empty (self->server_row));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.reopen", self->browser != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.cancel", self->browser != NULL);
}

static void
set_busy (HrmSignInPage *self,
          gboolean       busy)
{
  if (self->busy == !!busy)
    return;

  self->busy = !!busy;
  /* The spinner of the button that started it. */
  if (!busy || self->browser == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
      gtk_spinner_set_spinning (self->spinner, busy);
    }
  if (!busy || self->browser != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->browser_spinner), busy);
      gtk_spinner_set_spinning (self->browser_spinner, busy);
    }
  /* Not insensitive: that would take the focus away from the field. */
  gtk_editable_set_editable (GTK_EDITABLE (self->server_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->username_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_row), !busy);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_server_error (HrmSignInPage *self,
                  const char    *message)
{
  gtk_label_set_label (self->server_error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->server_error_label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->server_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");
}

void
hrm_sign_in_page_set_message (HrmSignInPage *self,
                              const char    *message,
                              gboolean       is_error)
{
  g_return_if_fail (HRM_IS_SIGN_IN_PAGE (self));

  gtk_label_set_label (self->message_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
}

/* What went wrong, said so that an administrator knows what to do. */
static char *
describe_error (const GError *error,
                gboolean     *out_about_server)
{
  *out_about_server = FALSE;

  if (error->domain == G_TLS_ERROR ||
      g_error_matches (error, HRM_ERROR, HRM_ERROR_INSECURE))
    {
      *out_about_server = TRUE;
      return g_strdup (_("The server’s certificate is not trusted, so the connection is not "
                         "safe. Check the address, or ask your IT department."));
    }

  if (error->domain == HRM_ERROR)
    {
      switch ((HrmError) error->code)
        {
        case HRM_ERROR_INVALID_GRANT:
          return g_strdup (_("Wrong username or password."));
        case HRM_ERROR_RATE_LIMITED:
          /* The client's message says how long to wait. */
          return g_strdup_printf (_("This account is locked. %s"), error->message);
        case HRM_ERROR_UNAVAILABLE:
          /* "Cannot reach the server at …", "did not answer in time", 5xx */
          *out_about_server = TRUE;
          return g_strdup (error->message);
        case HRM_ERROR_FORBIDDEN:
          return g_strdup (_("This account may not sign in here."));
        case HRM_ERROR_PROTOCOL:
          *out_about_server = TRUE;
          return g_strdup (_("This address does not answer like an HRM server. Check the "
                             "address."));
        case HRM_ERROR_FAILED:
        case HRM_ERROR_NOT_SIGNED_IN:
        case HRM_ERROR_NOT_FOUND:
        case HRM_ERROR_CONFLICT:
        case HRM_ERROR_STALE:
        case HRM_ERROR_PRECONDITION_REQUIRED:
        case HRM_ERROR_INVALID:
        case HRM_ERROR_INSECURE:
        default:
          break;
        }
    }
  else if (error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR)
    {
      *out_about_server = TRUE;
      return g_strdup (_("The server cannot be reached. Check the address and your "
                         "network connection."));
    }

  return g_strdup (error->message);
}

static void
sign_in_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HrmSignInPage) self = user_data;
  g_autoptr(HrmClient) client = HRM_CLIENT (g_object_ref (source));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean about_server = FALSE;

  if (client != self->client)
    return;
  g_clear_object (&self->client);
  set_busy (self, FALSE);

  if (!hrm_client_sign_in_finish (client, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_debug ("Signing in failed: %s", error->message);
      message = describe_error (error, &about_server);
      if (about_server)
        {
          set_server_error (self, message);
          gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
        }
      else
        {
          hrm_sign_in_page_set_message (self, message, TRUE);
          gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
        }
      return;
    }

  /* The password is not kept anywhere once it did its job. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  g_signal_emit (self, signals[SIGNED_IN], 0, client);
}

/* "hrm.example.com" means https://hrm.example.com */
static char *
normalize_server (const char *text)
{
  g_autofree char *server = g_strstrip (g_strdup (text));

  if (strstr (server, "://") == NULL)
    return g_strconcat ("https://", server, NULL);

  return g_steal_pointer (&server);
}

/* The client for the address typed (the one to sign in again, when it is
 * that server's), or NULL with the reason shown beside the address. */
static HrmClient *
make_client (HrmSignInPage *self)
{
  g_autofree char *server = normalize_server (row_text (self->server_row));
  g_autoptr(HrmClient) client = NULL;
  g_autoptr(GError) error = NULL;

  if (self->reuse_client != NULL && g_strcmp0 (server, self->reuse_server) == 0)
    client = g_object_ref (self->reuse_client);
  else
    client = hrm_client_new (server, &error);

  if (client == NULL)
    {
      /* Refused addresses: the client says why (e.g. plain http to another machine). */
      set_server_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
      return NULL;
    }
  if (self->tls_database != NULL)
    hrm_client_set_tls_database (client, self->tls_database);
  return g_steal_pointer (&client);
}

static void
start_sign_in (HrmSignInPage *self)
{
  g_autofree char *username = g_strstrip (g_strdup (row_text (self->username_row)));
  g_autoptr(HrmClient) client = NULL;

  if (self->busy)
    return;

  set_server_error (self, NULL);
  hrm_sign_in_page_set_message (self, NULL, FALSE);

  client = make_client (self);
  if (client == NULL)
    return;

  g_set_object (&self->client, client);
  set_busy (self, TRUE);
  hrm_client_sign_in_async (client, username, row_text (self->password_row),
                            self->cancellable, sign_in_cb, g_object_ref (self));
}

/* The browser */

/* Hands @uri to the system browser (through the OpenURI portal in the
 * Flatpak). HRM_TEST_OPEN_URI_FILE, for tests only, writes it to that file
 * instead, for the test that plays the browser (tests/ui, tests/browser). */
static void
show_uri_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(HrmSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->browser == NULL)
    return;

  g_debug ("Cannot open the browser: %s", error->message);
  message = g_strdup_printf (_("The browser could not be opened: %s"), error->message);
  gtk_label_set_label (self->waiting_detail_label, message);
}

static void
open_browser (HrmSignInPage *self)
{
  const char *uri = hrm_browser_sign_in_get_uri (self->browser);
  const char *test_file = g_getenv ("HRM_TEST_OPEN_URI_FILE");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_return_if_fail (uri != NULL);

  if (test_file != NULL && *test_file != '\0')
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *line = g_strconcat (uri, "\n", NULL);

      if (!g_file_set_contents (test_file, line, -1, &error))
        g_warning ("HRM_TEST_OPEN_URI_FILE: %s", error->message);
      return;
    }

  gtk_show_uri_full (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME,
                     self->browser_cancellable, show_uri_cb, g_object_ref (self));
}

static void
on_browser_uri (HrmSignInPage    *self,
                GParamSpec       *pspec,
                HrmBrowserSignIn *browser)
{
  g_autofree char *server = normalize_server (row_text (self->server_row));
  g_autofree char *detail = NULL;

  if (browser != self->browser)
    return;

  /* Translators: %s is the server address */
  detail = g_strdup_printf (_("Sign in to %s on the page that opened in your browser. "
                              "This window waits for it."), server);
  gtk_label_set_label (self->waiting_detail_label, detail);
  gtk_stack_set_visible_child_name (self->stack, "waiting");
  gtk_spinner_set_spinning (self->waiting_spinner, TRUE);
  gtk_widget_grab_focus (self->cancel_button);
  open_browser (self);
}

/* What went wrong in the browser sign-in, said so that an administrator
 * knows what to do; its own errors say it themselves. */
static void
show_browser_error (HrmSignInPage *self,
                    const GError  *error)
{
  g_autofree char *message = NULL;
  gboolean about_server = FALSE;

  if (g_error_matches (error, HRM_BROWSER_SIGN_IN_ERROR, HRM_BROWSER_SIGN_IN_ERROR_UNSUPPORTED))
    {
      about_server = TRUE;
      message = g_strdup (error->message);
    }
  else if (error->domain == HRM_BROWSER_SIGN_IN_ERROR)
    message = g_strdup (error->message);
  else if (g_error_matches (error, HRM_ERROR, HRM_ERROR_INVALID_GRANT))
    message = g_strdup (_("The sign-in from the browser was not accepted. Sign in again."));
  else
    message = describe_error (error, &about_server);

  if (about_server)
    {
      set_server_error (self, message);
      gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
    }
  else
    {
      hrm_sign_in_page_set_message (self, message, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->browser_button));
    }
}

static void
end_browser_sign_in (HrmSignInPage *self)
{
  g_clear_object (&self->browser);
  g_clear_object (&self->browser_cancellable);
  gtk_spinner_set_spinning (self->waiting_spinner, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "form");
  set_busy (self, FALSE);
  update_actions (self);
}

static void
browser_sign_in_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(HrmSignInPage) self = user_data;
  g_autoptr(HrmBrowserSignIn) browser = HRM_BROWSER_SIGN_IN (g_object_ref (source));
  g_autoptr(GError) error = NULL;
  gboolean cancelled;

  if (browser != self->browser)
    return;
  cancelled = g_cancellable_is_cancelled (self->browser_cancellable);
  end_browser_sign_in (self);

  if (!hrm_browser_sign_in_sign_in_finish (browser, result, &error))
    {
      g_debug ("Signing in through the browser failed: %s", error->message);
      if (cancelled || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_widget_grab_focus (GTK_WIDGET (self->browser_button));
      else
        show_browser_error (self, error);
      return;
    }

  g_signal_emit (self, signals[SIGNED_IN], 0, hrm_browser_sign_in_get_client (browser));
}

static void
start_browser_sign_in (HrmSignInPage *self)
{
  g_autoptr(HrmClient) client = NULL;

  if (self->busy)
    return;

  set_server_error (self, NULL);
  hrm_sign_in_page_set_message (self, NULL, FALSE);

  client = make_client (self);
  if (client == NULL)
    return;

  self->browser = hrm_browser_sign_in_new (client);
  self->browser_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->browser, "notify::uri", G_CALLBACK (on_browser_uri), self,
                           G_CONNECT_SWAPPED);
  set_busy (self, TRUE);
  update_actions (self);
  hrm_browser_sign_in_sign_in_async (self->browser, self->browser_cancellable,
                                     browser_sign_in_cb, g_object_ref (self));
}

/* The password form, where the server allows it */

static void
discover_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(HrmSignInPage) self = user_data;
  g_autoptr(HrmServerMetadata) metadata = NULL;
  g_autoptr(GError) error = NULL;

  metadata = hrm_client_discover_finish (HRM_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("No discovery document: %s", error->message);
  gtk_widget_set_visible (self->password_box, metadata != NULL && metadata->password_grant);
}

static gboolean
discover (gpointer user_data)
{
  HrmSignInPage *self = user_data;
  g_autofree char *server = normalize_server (row_text (self->server_row));
  g_autoptr(HrmClient) client = NULL;

  self->discovery_id = 0;
  g_cancellable_cancel (self->discovery_cancellable);
  g_clear_object (&self->discovery_cancellable);
  if (row_is_empty (self->server_row))
    return G_SOURCE_REMOVE;

  client = hrm_client_new (server, NULL);
  if (client == NULL)
    return G_SOURCE_REMOVE;
  if (self->tls_database != NULL)
    hrm_client_set_tls_database (client, self->tls_database);
  self->discovery_cancellable = g_cancellable_new ();
  hrm_client_discover_async (client, self->discovery_cancellable, discover_cb,
                             g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* Asks the server typed whether it allows the password grant, once the
 * typing stops; until it says so the password form stays hidden. */
static void
schedule_discovery (HrmSignInPage *self,
                    guint          delay_ms)
{
  g_clear_handle_id (&self->discovery_id, g_source_remove);
  self->discovery_id = g_timeout_add (delay_ms, discover, self);
}

/* Signals */

static void
on_field_changed (HrmSignInPage *self)
{
  update_actions (self);
}

static void
on_server_changed (HrmSignInPage *self)
{
  set_server_error (self, NULL);
  gtk_widget_set_visible (self->password_box, FALSE);
  schedule_discovery (self, DISCOVERY_DELAY_MS);
}

/* Enter in the address signs in: with the browser, the default. */
static void
on_server_activated (HrmSignInPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sign-in.browser", NULL);
}

static void
on_username_activated (HrmSignInPage *self)
{
  if (*row_text (self->password_row) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "sign-in.sign-in", NULL);
}

static void
on_password_activated (HrmSignInPage *self)
{
  if (row_is_empty (self->server_row))
    gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
  else if (row_is_empty (self->username_row))
    gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "sign-in.sign-in", NULL);
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  start_sign_in (HRM_SIGN_IN_PAGE (widget));
}

static void
browser_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  start_browser_sign_in (HRM_SIGN_IN_PAGE (widget));
}

static void
reopen_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HrmSignInPage *self = HRM_SIGN_IN_PAGE (widget);

  if (self->browser != NULL && hrm_browser_sign_in_get_uri (self->browser) != NULL)
    open_browser (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HrmSignInPage *self = HRM_SIGN_IN_PAGE (widget);

  if (self->browser_cancellable != NULL)
    g_cancellable_cancel (self->browser_cancellable);
}

/* Public */

GtkWidget *
hrm_sign_in_page_new (void)
{
  return g_object_new (HRM_TYPE_SIGN_IN_PAGE, NULL);
}

void
hrm_sign_in_page_set_cancellable (HrmSignInPage *self,
                                  GCancellable  *cancellable)
{
  g_return_if_fail (HRM_IS_SIGN_IN_PAGE (self));

  g_set_object (&self->cancellable, cancellable);
}

void
hrm_sign_in_page_set_tls_database (HrmSignInPage *self,
                                   GTlsDatabase  *database)
{
  g_return_if_fail (HRM_IS_SIGN_IN_PAGE (self));

  g_set_object (&self->tls_database, database);
}

void
hrm_sign_in_page_prefill (HrmSignInPage *self,
                          const char    *server,
                          const char    *username)
{
  g_return_if_fail (HRM_IS_SIGN_IN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server ? server : "");
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), username ? username : "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  set_server_error (self, NULL);
  hrm_sign_in_page_set_message (self, NULL, FALSE);
  schedule_discovery (self, 0);
}

void
hrm_sign_in_page_set_reuse_client (HrmSignInPage *self,
                                   HrmClient     *client)
{
  g_return_if_fail (HRM_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (client == NULL || HRM_IS_CLIENT (client));

  g_set_object (&self->reuse_client, client);
  g_clear_pointer (&self->reuse_server, g_free);
  if (client != NULL)
    self->reuse_server = g_strdup (hrm_client_get_base_uri (client));
}

void
hrm_sign_in_page_sign_in (HrmSignInPage *self,
                          const char    *password)
{
  g_return_if_fail (HRM_IS_SIGN_IN_PAGE (self));

  if (password != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
  start_sign_in (self);
}

void
hrm_sign_in_page_sign_in_with_browser (HrmSignInPage *self)
{
  g_return_if_fail (HRM_IS_SIGN_IN_PAGE (self));

  start_browser_sign_in (self);
}

gboolean
hrm_sign_in_page_get_busy (HrmSignInPage *self)
{
  g_return_val_if_fail (HRM_IS_SIGN_IN_PAGE (self), FALSE);

  return self->busy;
}

void
hrm_sign_in_page_focus (HrmSignInPage *self)
{
  g_return_if_fail (HRM_IS_SIGN_IN_PAGE (self));

  if (self->browser != NULL)
    gtk_widget_grab_focus (self->cancel_button);
  else if (row_is_empty (self->server_row))
    gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->browser_button));
}

/* GObject */

static void
hrm_sign_in_page_dispose (GObject *object)
{
  HrmSignInPage *self = HRM_SIGN_IN_PAGE (object);

  if (self->browser_cancellable != NULL)
    g_cancellable_cancel (self->browser_cancellable);
  g_clear_object (&self->browser_cancellable);
  g_clear_object (&self->browser);
  g_clear_handle_id (&self->discovery_id, g_source_remove);
  g_cancellable_cancel (self->discovery_cancellable);
  g_clear_object (&self->discovery_cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->reuse_client);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->tls_database);

  gtk_widget_dispose_template (GTK_WIDGET (self), HRM_TYPE_SIGN_IN_PAGE);

  G_OBJECT_CLASS (hrm_sign_in_page_parent_class)->dispose (object);
}

static void
hrm_sign_in_page_finalize (GObject *object)
{
  HrmSignInPage *self = HRM_SIGN_IN_PAGE (object);

  g_free (self->reuse_server);

  G_OBJECT_CLASS (hrm_sign_in_page_parent_class)->finalize (object);
}

static void
hrm_sign_in_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HrmSignInPage *self = HRM_SIGN_IN_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hrm_sign_in_page_class_init (HrmSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hrm_sign_in_page_dispose;
  object_class->finalize = hrm_sign_in_page_finalize;
  object_class->get_property = hrm_sign_in_page_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNED_IN] =
    g_signal_new ("signed-in",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, HRM_TYPE_CLIENT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hrmusers/HrmUsers/hrm-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HrmSignInPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HrmSignInPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, HrmSignInPage, browser_button);
  gtk_widget_class_bind_template_child (widget_class, HrmSignInPage, browser_spinner);
  gtk_widget_class_bind_template_child (widget_class, HrmSignInPage, password_box);
  gtk_widget_class_bind_template_child (widget_class, HrmSignInPage, waiting_spinner);
  gtk_widget_class_bind_template_child (widget_class, HrmSignInPage, waiting_detail_label);
  gtk_widget_class_bind_template_child (widget_class, HrmSignInPage, reopen_button);
  gtk_widget_class_bind_template_child (widget_class, HrmSignInPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, HrmSignInPage, server_error_label);
  gtk_widget_class_bind_template_child (widget_class, HrmSignInPage, username_row);
  gtk_widget_class_bind_template_child (widget_class, HrmSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, HrmSignInPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, HrmSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, HrmSignInPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_server_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_server_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_username_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_password_activated);

  gtk_widget_class_install_action (widget_class, "sign-in.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "sign-in.browser", NULL, browser_action);
  gtk_widget_class_install_action (widget_class, "sign-in.reopen", NULL, reopen_action);
  gtk_widget_class_install_action (widget_class, "sign-in.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "sign-in.cancel", NULL);
}

static void
hrm_sign_in_page_init (HrmSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* libadwaita 1.2's eye button in the password row has no name. */
  hrm_a11y_name_icon_buttons (GTK_WIDGET (self->password_row), _("Show password"));
  /* The waiting page is not in a screen reader's tree until it is shown. */
  hrm_a11y_hide_unseen_pages (GTK_WIDGET (self->stack));
  update_actions (self);
}
