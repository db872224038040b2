/* hrm-window-session.c — signing in and out, the keyring, sessions that end
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-a11y.h"
#include "hrm-bench.h"
#include "hrm-credentials.h"
#include "hrm-window-private.h"
#include "hrm-user-page.h"

/* The keyring */

static void
store_credentials_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(HrmWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (hrm_credentials_store_finish (result, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("Cannot store the refresh token: %s", error->message);
  /* Say it once per window; signing in works without the keyring. */
  if (!self->credentials_warned)
    {
      self->credentials_warned = TRUE;
      hrm_window_show_toast (self, _("Credentials cannot be remembered on this desktop"));
    }
}

static void
store_credentials (HrmWindow *self)
{
  const char *token;

  if (self->client == NULL || !hrm_client_get_signed_in (self->client))
    return;
  token = hrm_client_get_refresh_token (self->client);
  if (token == NULL || *token == '\0')
    return;
  /* A browser sign-in learns the name from /me after its tokens arrive. */
  if (hrm_client_get_username (self->client) == NULL)
    return;

  hrm_credentials_store_async (hrm_client_get_base_uri (self->client),
                               hrm_client_get_username (self->client),
                               token,
                               self->cancellable,
                               store_credentials_cb,
                               g_object_ref (self));
}

static void
clear_credentials_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!hrm_credentials_clear_finish (result, &error))
    g_debug ("Cannot forget the refresh token: %s", error->message);
}

static void
clear_credentials (const char *server,
                   const char *username)
{
  if (server == NULL || username == NULL)
    return;

  /* Not cancelled with the window: forgetting must finish even when closing. */
  hrm_credentials_clear_async (server, username, NULL, clear_credentials_cb, NULL);
}

/* The client */

static void
on_session_ended (HrmWindow *self,
                  HrmClient *client)
{
  HrmSignInPage *page;

  /* Several calls in flight may each find the session gone: ask once, and
   * leave what is being typed alone. */
  if (g_str_equal (hrm_window_get_view (self), "sign-in"))
    return;

  g_debug ("The session ended; asking to sign in again");

  clear_credentials (hrm_client_get_base_uri (client), hrm_client_get_username (client));

  /* Keep the list, the selection and the page with its edits: the same
   * client comes back after signing in again. */
  page = _hrm_window_get_sign_in_page (self);
  hrm_sign_in_page_prefill (page,
                            hrm_client_get_base_uri (client),
                            hrm_client_get_username (client));
  hrm_sign_in_page_set_reuse_client (page, client);
  hrm_sign_in_page_set_message (page,
                                _("Your session has ended. Sign in again to continue."),
                                FALSE);
  _hrm_window_set_view (self, "sign-in");
  hrm_sign_in_page_focus (page);
}

/* @list: the users of @client already loading, or NULL for a new list;
 * @summary: their provisioning summary read with it, or NULL */
static void
set_client_with_list (HrmWindow              *self,
                      HrmClient              *client,
                      HrmUserList            *list,
                      HrmProvisioningSummary *summary)
{
  if (self->client == client)
    return;

  if (self->client != NULL)
    {
      g_clear_signal_handler (&self->signed_out_handler, self->client);
      g_clear_signal_handler (&self->refresh_token_handler, self->client);
    }
  g_set_object (&self->client, client);
  if (client != NULL)
    {
      self->signed_out_handler =
        g_signal_connect_swapped (client, "signed-out", G_CALLBACK (on_session_ended), self);
      self->refresh_token_handler =
        g_signal_connect_swapped (client, "notify::refresh-token",
                                  G_CALLBACK (store_credentials), self);
    }

  /* A new session starts from an empty page. */
  if (self->sign_in_page != NULL)
    hrm_sign_in_page_set_reuse_client (self->sign_in_page, NULL);
  g_clear_object (&self->organisation);
  hrm_users_pane_set_client_with_list (self->users_pane, client, list, summary);
  _hrm_window_show_user (self, NULL);
  /* After signing out nothing keeps the old session's client. */
  if (self->user_page != NULL)
    hrm_user_page_set_client (HRM_USER_PAGE (self->user_page), client);
}

static void
set_client (HrmWindow *self,
            HrmClient *client)
{
  set_client_with_list (self, client, NULL, NULL);
}

static void
back_to_sign_in (HrmWindow  *self,
                 const char *message)
{
  HrmSignInPage *page = _hrm_window_get_sign_in_page (self);

  g_debug ("Back to signing in: %s", message);
  hrm_sign_in_page_set_message (page, message, TRUE);
  _hrm_window_set_view (self, "sign-in");
  hrm_sign_in_page_focus (page);
}

/* After signing in: the account and the organisation
 *
 * Both are asked for at once (and, for a resumed session, the list's first
 * page with them): the window shows the users when all have answered. */

typedef struct _AccountFetch AccountFetch;
typedef void (*AccountFetchFunc) (AccountFetch *fetch,
                                  gpointer      user_data);

struct _AccountFetch
{
  HrmClient        *client;
  HrmUser          *me;
  gboolean          may_manage_users;
  GError           *me_error;
  HrmOrganisation  *organisation;
  GError           *organisation_error;
  HrmUsersPage     *first_page;    /* the users' first page, when asked for */
  GError           *first_page_error;
  HrmUserList      *list;          /* made from it, in the main thread */
  HrmProvisioningSummary *summary; /* asked for with the first page; NULL if it failed */
  guint             pending;
  AccountFetchFunc  func;
  gpointer          user_data;
};

static void
account_fetch_free (AccountFetch *fetch)
{
  g_clear_object (&fetch->client);
  g_clear_object (&fetch->me);
  g_clear_error (&fetch->me_error);
  g_clear_object (&fetch->organisation);
  g_clear_error (&fetch->organisation_error);
  g_clear_pointer (&fetch->first_page, hrm_users_page_free);
  g_clear_error (&fetch->first_page_error);
  g_clear_object (&fetch->list);
  g_clear_object (&fetch->summary);
  g_free (fetch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccountFetch, account_fetch_free)

static void
account_fetch_answered (AccountFetch *fetch)
{
  g_assert (fetch->pending > 0);
  if (--fetch->pending == 0)
    fetch->func (fetch, fetch->user_data);
}

static void
account_fetch_me_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  AccountFetch *fetch = user_data;

  fetch->me = hrm_client_get_me_finish (HRM_CLIENT (source), result, &fetch->may_manage_users,
                                        &fetch->me_error);
  account_fetch_answered (fetch);
}

static void
account_fetch_organisation_cb (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  AccountFetch *fetch = user_data;

  fetch->organisation = hrm_client_get_organisation_finish (HRM_CLIENT (source), result,
                                                            &fetch->organisation_error);
  account_fetch_answered (fetch);
}

static void
account_fetch_summary_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  AccountFetch *fetch = user_data;
  g_autoptr(GError) error = NULL;

  /* Without it the overview asks again, and shows what it is told then. */
  fetch->summary = hrm_client_get_provisioning_summary_finish (HRM_CLIENT (source), result,
                                                               &error);
  if (error != NULL)
    g_debug ("No provisioning summary with the first page: %s", error->message);
  account_fetch_answered (fetch);
}

static void
account_fetch_first_page_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  AccountFetch *fetch = user_data;

  /* Without it the window's list asks again, and shows what it is told then. */
  fetch->first_page = hrm_user_list_fetch_first_page_finish (HRM_CLIENT (source), result,
                                                             &fetch->first_page_error);
  account_fetch_answered (fetch);
}

/* Asks for the signed-in account and its organisation, and with
 * @with_first_page for the users' first page (with the filters) and the
 * provisioning summary above them; calls @func (which frees the fetch) once
 * all have answered, cancelled or not. Its answers are data: the session
 * resume runs it in a thread of its own. */
static void
account_fetch_start (HrmClient           *client,
                     gboolean             with_first_page,
                     HrmConnectionFilter  connection_filter,
                     HrmEnabledFilter     enabled_filter,
                     GCancellable        *cancellable,
                     AccountFetchFunc     func,
                     gpointer             user_data)
{
  AccountFetch *fetch = g_new0 (AccountFetch, 1);

  fetch->client = g_object_ref (client);
  fetch->func = func;
  fetch->user_data = user_data;
  fetch->pending = with_first_page ? 4 : 2;
  hrm_client_get_me_async (client, cancellable, account_fetch_me_cb, fetch);
  hrm_client_get_organisation_async (client, cancellable, account_fetch_organisation_cb, fetch);
  if (with_first_page)
    {
      hrm_client_get_provisioning_summary_async (client, cancellable, account_fetch_summary_cb,
                                                 fetch);
      hrm_user_list_fetch_first_page_async (client, connection_filter, enabled_filter, cancellable,
                                            account_fetch_first_page_cb, fetch);
    }
}

static void
focus_search_on_map (HrmWindow *self)
{
  g_signal_handlers_disconnect_by_func (self, focus_search_on_map, NULL);
  hrm_users_pane_focus_search (self->users_pane);
}

/* Typing searches. A window not shown yet (a resumed session shows its users
 * in its first frame) takes the focus when it is: set before, GTK moves it on
 * to the first filter button as the window is mapped. */
static void
focus_search_when_shown (HrmWindow *self)
{
  g_signal_handlers_disconnect_by_func (self, focus_search_on_map, NULL);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    hrm_users_pane_focus_search (self->users_pane);
  else
    g_signal_connect (self, "map", G_CALLBACK (focus_search_on_map), NULL);
}

/* A setting written is a file written (the keyfile backend, the Flatpak's)
 * or a message to dconf: a resumed session changes neither value. */
static void
set_string_if_changed (GSettings  *settings,
                       const char *key,
                       const char *value)
{
  g_autofree char *current = g_settings_get_string (settings, key);

  if (g_strcmp0 (current, value) != 0)
    g_settings_set_string (settings, key, value);
}

/* The account may manage users: remember the sign-in and show them. */
static void
show_account (HrmWindow    *self,
              AccountFetch *fetch)
{
  HrmClient *client = fetch->client;
  g_autofree char *message = NULL;

  if (g_error_matches (fetch->me_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || client != self->client)
    return;
  if (fetch->me == NULL)
    {
      message = g_strdup_printf (_("Your account could not be checked: %s"),
                                 fetch->me_error->message);
      back_to_sign_in (self, message);
      return;
    }

  if (!fetch->may_manage_users)
    {
      g_autoptr(HrmClient) refused = g_object_ref (client);

      /* Revoke the session at once; nothing is remembered for it. */
      set_client (self, NULL);
      hrm_client_sign_out_async (refused, NULL, NULL, NULL);
      back_to_sign_in (self, _("This account may not manage users. Sign in with an account "
                               "whose roles include managing users."));
      return;
    }

  hrm_bench_mark ("account-checked", NULL);
  set_string_if_changed (self->settings, "last-server", hrm_client_get_base_uri (client));
  set_string_if_changed (self->settings, "last-username", hrm_client_get_username (client));
  store_credentials (self);

  if (self->organisation != NULL)
    {
      /* Signed in again after the session ended: carry on where we were. */
      HrmUserList *list = hrm_users_pane_get_list (self->users_pane);

      if (self->sign_in_page != NULL)
        hrm_sign_in_page_set_reuse_client (self->sign_in_page, NULL);
      if (list != NULL && hrm_user_list_get_error (list) != NULL)
        hrm_user_list_reload (list);
      _hrm_window_set_view (self, "main");
      return;
    }

  if (fetch->organisation == NULL)
    {
      message = g_strdup_printf (_("The organisation could not be loaded: %s"),
                                 fetch->organisation_error->message);
      back_to_sign_in (self, message);
      return;
    }

  hrm_bench_mark ("organisation", NULL);
  g_set_object (&self->organisation, fetch->organisation);
  adw_window_title_set_subtitle (self->users_title, hrm_organisation_get_name (fetch->organisation));
  if (self->user_page != NULL)
    hrm_user_page_set_organisation (HRM_USER_PAGE (self->user_page), fetch->organisation);
  _hrm_window_set_view (self, "main");
  if (self->user == NULL)
    focus_search_when_shown (self);
}

static void
account_fetched_cb (AccountFetch *fetch,
                    gpointer      user_data)
{
  g_autoptr(HrmWindow) self = user_data;
  g_autoptr(AccountFetch) owned = fetch;

  show_account (self, fetch);
}

static void
check_account (HrmWindow *self)
{
  _hrm_window_set_view (self, "loading");
  account_fetch_start (self->client, FALSE, 0, 0, self->cancellable, account_fetched_cb,
                       g_object_ref (self));
}

static void
on_signed_in (HrmWindow     *self,
              HrmClient     *client,
              HrmSignInPage *page)
{
  g_debug ("Signed in to %s", hrm_client_get_base_uri (client));

  set_client (self, client);
  check_account (self);
}

/* Restoring the last session
 *
 * The keyring lookup, the token refresh and what the window shows first (the
 * account, the organisation and the first page of users) need no window, so
 * the application starts them (hrm_session_resume_start()) before it builds
 * the window, and they run in a thread of their own while the window is
 * built: the main loop does not turn then, and would hold every answer until
 * the window is done. The thread has its own main context and its own client
 * (libsoup's session belongs to the thread that made it); what it brings back
 * is data — the session's tokens (hrm_client_take_session()), the account,
 * the organisation, the counts and the first page — and the window's list
 * starts from that page (hrm_user_list_new_from_first_page()).
 *
 * The window takes the outcome over (hrm_window_restore_session_from()) — at
 * once if it has already arrived — and the application shows it when it is in
 * (hrm_session_resume_set_done_func()), so that its first frame shows the
 * users rather than "Signing in…". */

struct _HrmSessionResume
{
  char         *server;
  char         *username;
  GTlsDatabase *tls_database;
  HrmConnectionFilter connection_filter;  /* the users pane's, for the first page */
  HrmEnabledFilter    enabled_filter;
  HrmClient    *client;    /* the window's client; NULL without a token */
  GError       *error;     /* why there is no session to resume */
  AccountFetch *account;   /* once resumed: the account, organisation and first page */
  gboolean      done;
  HrmWindow    *window;    /* owned: told when done; NULL until the window exists */
  HrmSessionResumeFunc done_func;  /* or, before the window exists, this */
  gpointer      done_data;

  /* Written by the thread, read once it has returned. */
  HrmClient    *thread_client;  /* the thread's, in its context */
  char         *token;          /* the refresh token, while it is used */
  gboolean      have_token;
  gboolean      waiting;        /* for the thread's client to answer */
};

static void
session_resume_free (HrmSessionResume *resume)
{
  g_free (resume->server);
  g_free (resume->username);
  g_clear_object (&resume->tls_database);
  g_clear_object (&resume->client);
  g_clear_error (&resume->error);
  g_clear_pointer (&resume->account, account_fetch_free);
  g_clear_object (&resume->window);
  g_free (resume);
}

/* The outcome, in the window: the users, or the sign-in form and why. */
static void
restore_session_done (HrmWindow        *self,
                      HrmSessionResume *resume)
{
  GError *error = resume->error;

  /* Closed meanwhile: nothing to show it in. */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  if (resume->client != NULL && error == NULL)
    {
      g_debug ("Resumed the session at %s", hrm_client_get_base_uri (resume->client));
      set_client_with_list (self, resume->client, resume->account->list,
                            resume->account->summary);
      show_account (self, resume->account);
      return;
    }

  if (error != NULL)
    g_debug ("No session to resume: %s", error->message);
  if (resume->client != NULL && g_error_matches (error, HRM_ERROR, HRM_ERROR_INVALID_GRANT))
    clear_credentials (resume->server, resume->username);
  /* A keyring that is missing or stayed locked is why the password is asked
   * for again: say so, rather than seem to have forgotten. */
  if (resume->client == NULL && g_error_matches (error, HRM_ERROR, HRM_ERROR_UNAVAILABLE))
    hrm_sign_in_page_set_message (_hrm_window_get_sign_in_page (self), error->message, FALSE);
  _hrm_window_set_view (self, "sign-in");
  hrm_sign_in_page_focus (_hrm_window_get_sign_in_page (self));
}

static void
session_resume_finish (HrmSessionResume *resume)
{
  hrm_bench_mark ("resumed", resume->window != NULL ? "window" : "no-window-yet");
  resume->done = TRUE;
  if (resume->window == NULL)
    {
      /* The window takes it over when it exists. */
      if (resume->done_func != NULL)
        resume->done_func (resume->done_data);
      return;
    }
  restore_session_done (resume->window, resume);
  if (resume->done_func != NULL)
    resume->done_func (resume->done_data);
  session_resume_free (resume);
}

/* In the thread */

static void
thread_account_fetched_cb (AccountFetch *fetch,
                           gpointer      user_data)
{
  HrmSessionResume *resume = user_data;

  resume->account = fetch;
  resume->waiting = FALSE;
}

static void
thread_resumed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  HrmSessionResume *resume = user_data;

  if (!hrm_client_resume_finish (HRM_CLIENT (source), result, &resume->error))
    {
      resume->waiting = FALSE;
      return;
    }

  /* What the window shows first: all four at once. */
  account_fetch_start (HRM_CLIENT (source), TRUE, resume->connection_filter,
                       resume->enabled_filter, NULL, thread_account_fetched_cb, resume);
}

static void
thread_lookup_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  HrmSessionResume *resume = user_data;

  resume->token = hrm_credentials_lookup_finish (result, &resume->error);
  resume->waiting = FALSE;
}

/* Nothing here touches the window's client (resume->client) but
 * hrm_client_take_session(), and the main thread does not touch it before
 * the task returns. Not cancellable: the window, when closed, ignores the
 * outcome, and every request has its deadline. */
static void
resume_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  HrmSessionResume *resume = task_data;
  g_autoptr(GMainContext) context = g_main_context_new ();

  g_main_context_push_thread_default (context);

  /* The same address made resume->client: it cannot fail here. */
  resume->thread_client = hrm_client_new (resume->server, NULL);
  if (resume->tls_database != NULL)
    hrm_client_set_tls_database (resume->thread_client, resume->tls_database);

  /* The keyring is read (D-Bus round trips and a key exchange) in a worker while
   * this thread opens the connection the token's refresh will use: over
   * https its handshake is most of a request. */
  hrm_client_preconnect (resume->thread_client);
  resume->waiting = TRUE;
  hrm_credentials_lookup_async (resume->server, resume->username, NULL, thread_lookup_cb, resume);
  while (resume->waiting)
    g_main_context_iteration (context, TRUE);

  resume->have_token = resume->token != NULL;
  if (resume->have_token)
    {
      resume->waiting = TRUE;
      hrm_client_resume_async (resume->thread_client, resume->username, resume->token, NULL,
                               thread_resumed_cb, resume);
      while (resume->waiting)
        g_main_context_iteration (context, TRUE);

      if (resume->error == NULL)
        {
          hrm_client_take_session (resume->client, resume->thread_client);
          /* The answers are the window's client's now; the thread's client
           * ends here, in its thread. */
          g_set_object (&resume->account->client, resume->client);
        }
    }
  g_clear_pointer (&resume->token, g_free);
  g_clear_object (&resume->thread_client);
  /* What the thread's client still had going ends with it, here. */
  while (g_main_context_iteration (context, FALSE))
    ;

  g_main_context_pop_thread_default (context);
  g_task_return_boolean (task, TRUE);
}

/* Back in the main thread */

static void
resume_thread_done_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  HrmSessionResume *resume = user_data;

  if (!resume->have_token)
    g_clear_object (&resume->client);

  if (resume->account != NULL)
    {
      AccountFetch *fetch = resume->account;

      if (fetch->first_page != NULL)
        {
          fetch->list = hrm_user_list_new_from_first_page (resume->client,
                                                           resume->connection_filter,
                                                           resume->enabled_filter,
                                                           g_steal_pointer (&fetch->first_page));
        }
      else
        {
          g_debug ("No first page with the session: %s", fetch->first_page_error->message);
          fetch->list = hrm_user_list_new_filtered (resume->client, resume->connection_filter,
                                                    resume->enabled_filter);
        }
    }

  session_resume_finish (resume);
}

HrmSessionResume *
hrm_session_resume_start (GTlsDatabase *tls_database)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  HrmSessionResume *resume;
  g_autoptr(GTask) task = NULL;

  g_return_val_if_fail (tls_database == NULL || G_IS_TLS_DATABASE (tls_database), NULL);

  resume = g_new0 (HrmSessionResume, 1);
  resume->server = g_settings_get_string (settings, "last-server");
  resume->username = g_settings_get_string (settings, "last-username");
  if (*resume->server == '\0' || *resume->username == '\0')
    {
      resume->done = TRUE;  /* nothing to resume: the sign-in form */
      return resume;
    }

  /* The window's client, made in this thread: its session is this thread's. */
  resume->client = hrm_client_new (resume->server, &resume->error);
  if (resume->client == NULL)
    {
      resume->done = TRUE;
      return resume;
    }
  if (tls_database != NULL)
    {
      resume->tls_database = g_object_ref (tls_database);
      hrm_client_set_tls_database (resume->client, tls_database);
    }
  /* With the filters the users pane will show (hrm-users-pane.c keeps them). */
  resume->connection_filter = g_settings_get_enum (settings, "connection-filter");
  resume->enabled_filter = g_settings_get_enum (settings, "enabled-filter");

  task = g_task_new (NULL, NULL, resume_thread_done_cb, resume);
  g_task_set_source_tag (task, hrm_session_resume_start);
  g_task_set_task_data (task, resume, NULL);
  g_task_run_in_thread (task, resume_thread);
  return resume;
}

gboolean
hrm_session_resume_is_done (HrmSessionResume *resume)
{
  g_return_val_if_fail (resume != NULL, FALSE);

  return resume->done;
}

void
hrm_session_resume_set_done_func (HrmSessionResume     *resume,
                                  HrmSessionResumeFunc  func,
                                  gpointer              user_data)
{
  g_return_if_fail (resume != NULL);
  g_return_if_fail (!resume->done);

  resume->done_func = func;
  resume->done_data = user_data;
}

/* Prefills the sign-in page, or keeps the values for when it is built. */
static void
prefill_sign_in (HrmWindow  *self,
                 const char *server,
                 const char *username)
{
  if (self->sign_in_page != NULL)
    {
      hrm_sign_in_page_prefill (self->sign_in_page, server, username);
      return;
    }
  g_free (self->sign_in_server);
  g_free (self->sign_in_username);
  self->sign_in_server = g_strdup (server);
  self->sign_in_username = g_strdup (username);
}

void
hrm_window_restore_session_from (HrmWindow        *self,
                                 HrmSessionResume *resume)
{
  g_return_if_fail (HRM_IS_WINDOW (self));
  g_return_if_fail (resume != NULL);

  prefill_sign_in (self, resume->server, resume->username);
  if (!resume->done)
    {
      _hrm_window_set_view (self, "loading");
      resume->window = g_object_ref (self);
      /* While the thread works, the rows its first page will fill. */
      if (resume->client != NULL)
        hrm_users_pane_build_rows_ahead (self->users_pane);
      return;
    }

  restore_session_done (self, resume);
  session_resume_free (resume);
}

void
hrm_window_restore_session (HrmWindow *self)
{
  g_return_if_fail (HRM_IS_WINDOW (self));

  hrm_window_restore_session_from (self, hrm_session_resume_start (self->tls_database));
}

/* Signing in and out */

void
hrm_window_show_sign_in (HrmWindow  *self,
                         const char *server,
                         const char *username)
{
  HrmSignInPage *page;

  g_return_if_fail (HRM_IS_WINDOW (self));

  page = _hrm_window_get_sign_in_page (self);
  hrm_sign_in_page_prefill (page, server, username);
  _hrm_window_set_view (self, "sign-in");
  hrm_sign_in_page_focus (page);
}

void
hrm_window_sign_in (HrmWindow  *self,
                    const char *server,
                    const char *username,
                    const char *password)
{
  g_return_if_fail (HRM_IS_WINDOW (self));
  g_return_if_fail (password != NULL);

  hrm_window_show_sign_in (self, server, username);
  hrm_sign_in_page_sign_in (_hrm_window_get_sign_in_page (self), password);
}

void
hrm_window_sign_in_with_browser (HrmWindow  *self,
                                 const char *server)
{
  g_return_if_fail (HRM_IS_WINDOW (self));
  g_return_if_fail (server != NULL);

  hrm_window_show_sign_in (self, server, NULL);
  hrm_sign_in_page_sign_in_with_browser (_hrm_window_get_sign_in_page (self));
}

static void
sign_out_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The client forgets its tokens even when the revoke fails. */
  if (!hrm_client_sign_out_finish (HRM_CLIENT (source), result, &error))
    g_debug ("Revoking the session failed: %s", error->message);
}

void
_hrm_window_do_sign_out (HrmWindow *self)
{
  g_autoptr(HrmClient) client = NULL;

  if (self->client == NULL)
    return;

  client = g_object_ref (self->client);
  g_debug ("Signing out of %s", hrm_client_get_base_uri (client));

  clear_credentials (hrm_client_get_base_uri (client), hrm_client_get_username (client));
  hrm_sign_in_page_prefill (_hrm_window_get_sign_in_page (self),
                            hrm_client_get_base_uri (client),
                            hrm_client_get_username (client));
  set_client (self, NULL);
  adw_window_title_set_subtitle (self->users_title, NULL);

  /* Revoking is not cancelled with the window: the token must stop working. */
  hrm_client_sign_out_async (client, NULL, sign_out_cb, NULL);

  _hrm_window_set_view (self, "sign-in");
  hrm_sign_in_page_focus (_hrm_window_get_sign_in_page (self));
}

void
hrm_window_sign_out (HrmWindow *self)
{
  g_return_if_fail (HRM_IS_WINDOW (self));

  if (self->client == NULL)
    return;

  _hrm_window_confirm_leave (self, HRM_LEAVE_SIGN_OUT, 0);
}

/* Setting up */

/* The sign-in page is built the first time it is needed: a resumed session
 * never shows it, and it is a fifth of the window's widgets. */
HrmSignInPage *
_hrm_window_get_sign_in_page (HrmWindow *self)
{
  HrmSignInPage *page;

  if (self->sign_in_page != NULL)
    return self->sign_in_page;

  page = HRM_SIGN_IN_PAGE (hrm_sign_in_page_new ());
  self->sign_in_page = page;
  hrm_sign_in_page_set_cancellable (page, self->cancellable);
  hrm_sign_in_page_set_tls_database (page, self->tls_database);
  if (self->sign_in_server != NULL || self->sign_in_username != NULL)
    hrm_sign_in_page_prefill (page, self->sign_in_server, self->sign_in_username);
  g_clear_pointer (&self->sign_in_server, g_free);
  g_clear_pointer (&self->sign_in_username, g_free);
  g_signal_connect_object (page, "signed-in", G_CALLBACK (on_signed_in), self,
                           G_CONNECT_SWAPPED);
  _hrm_window_set_sign_in_page (self, page);
  hrm_a11y_name_labelled_buttons (GTK_WIDGET (page));

  return page;
}

void
_hrm_window_session_dispose (HrmWindow *self)
{
  if (self->client != NULL)
    {
      g_clear_signal_handler (&self->signed_out_handler, self->client);
      g_clear_signal_handler (&self->refresh_token_handler, self->client);
    }
  g_clear_object (&self->client);
  g_clear_object (&self->organisation);
}

