/* hrm-client.c — talking to an HRM's REST API: the session and the tokens
 *
 * One SoupSession per client. The access token lives only in memory; the
 * refresh token rotates on every refresh and is announced through
 * "notify::refresh-token" so the app can keep the current one in the keyring.
 * The REST calls themselves are in hrm-client-api.c and hrm-client-bulk.c,
 * the HTTP exchange in hrm-client-request.c.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hrm-client-private.h"

#define DEFAULT_TIMEOUT_SECONDS 30
#define IDLE_TIMEOUT_SECONDS 60
#define DEFAULT_DEADLINE_SECONDS 60

G_DEFINE_FINAL_TYPE (HrmClient, hrm_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URI,
  PROP_USERNAME,
  PROP_SIGNED_IN,
  PROP_REFRESH_TOKEN,
  N_PROPS
};

enum {
  SIGNED_OUT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  char   *access_token;
  char   *refresh_token;
  gint64  expires_in;
} HrmTokens;

static void
wipe_string (char **text)
{
  if (*text != NULL)
    {
      memset (*text, 0, strlen (*text));
      g_clear_pointer (text, g_free);
    }
}

static void
hrm_tokens_free (HrmTokens *tokens)
{
  wipe_string (&tokens->access_token);
  wipe_string (&tokens->refresh_token);
  g_free (tokens);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HrmTokens, hrm_tokens_free)

static void
hrm_client_dispose (GObject *object)
{
  HrmClient *self = (HrmClient *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (hrm_client_parent_class)->dispose (object);
}

static void
hrm_client_finalize (GObject *object)
{
  HrmClient *self = (HrmClient *)object;

  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_clear_pointer (&self->base_uri_string, g_free);
  g_clear_pointer (&self->username, g_free);
  wipe_string (&self->access_token);
  wipe_string (&self->refresh_token);
  g_clear_pointer (&self->refresh_waiters, g_ptr_array_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (hrm_client_parent_class)->finalize (object);
}

static void
hrm_client_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  HrmClient *self = HRM_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URI: g_value_set_string (value, self->base_uri_string); break;
    case PROP_USERNAME: g_value_set_string (value, self->username); break;
    case PROP_SIGNED_IN: g_value_set_boolean (value, hrm_client_get_signed_in (self)); break;
    case PROP_REFRESH_TOKEN: g_value_set_string (value, self->refresh_token); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hrm_client_class_init (HrmClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hrm_client_dispose;
  object_class->finalize = hrm_client_finalize;
  object_class->get_property = hrm_client_get_property;

  properties[PROP_BASE_URI] =
    g_param_spec_string ("base-uri", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REFRESH_TOKEN] =
    g_param_spec_string ("refresh-token", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HrmClient::signed-out:
   * The refresh token stopped working; the administrator must sign in again.
   */
  signals[SIGNED_OUT] =
    g_signal_new ("signed-out", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
hrm_client_init (HrmClient *self)
{
  g_autofree char *user_agent = g_strdup_printf ("hrm-users/%s", PACKAGE_VERSION);

  self->cancellable = g_cancellable_new ();
  self->refresh_waiters = g_ptr_array_new ();
  self->deadline_seconds = DEFAULT_DEADLINE_SECONDS;
  self->session = soup_session_new_with_options ("timeout", DEFAULT_TIMEOUT_SECONDS,
                                                 "idle-timeout", IDLE_TIMEOUT_SECONDS,
                                                 "user-agent", user_agent,
                                                 "accept-language-auto", TRUE,
                                                 NULL);
}

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
is_valid_host (const char *host)
{
  g_autofree char *ascii = NULL;

  if (g_hostname_is_ip_address (host))
    return TRUE;

  ascii = g_hostname_to_ascii (host);
  if (ascii == NULL || ascii[0] == '\0')
    return FALSE;

  for (const char *p = ascii; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
      return FALSE;

  return TRUE;
}

/**
 * hrm_client_new:
 * @base_uri: "https://hrm.example.com", or plain http to a loopback address
 *
 * Returns: (transfer full) (nullable): a client, or %NULL with HRM_ERROR_INVALID
 *   for an address that cannot be parsed and HRM_ERROR_INSECURE for one that
 *   would send passwords in the clear.
 */
HrmClient *
hrm_client_new (const char  *base_uri,
                GError     **error)
{
  g_autoptr(HrmClient) self = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *text = NULL;
  const char *scheme;
  const char *host;
  gsize length;

  g_return_val_if_fail (base_uri != NULL, NULL);

  text = g_strstrip (g_strdup (base_uri));
  if (text[0] == '\0')
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INVALID,
                           _("Enter the server address, such as https://hrm.example.com"));
      return NULL;
    }

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  host = uri ? g_uri_get_host (uri) : NULL;
  if (uri == NULL || host == NULL || !is_valid_host (host))
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_INVALID,
                   _("“%s” is not a server address; it should look like https://hrm.example.com"),
                   text);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") != 0)
    {
      if (g_ascii_strcasecmp (scheme, "http") != 0)
        {
          g_set_error (error, HRM_ERROR, HRM_ERROR_INSECURE,
                       _("The server address must start with https://"));
          return NULL;
        }
      if (!is_loopback_host (host))
        {
          g_set_error (error, HRM_ERROR, HRM_ERROR_INSECURE,
                       _("The connection to %s would not be encrypted, so passwords could be read "
                         "on the way. Use an https:// address."), host);
          return NULL;
        }
    }

  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL
      || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_INVALID,
                   _("The server address must not contain a user name, “?” or “#”"));
      return NULL;
    }

  self = g_object_new (HRM_TYPE_CLIENT, NULL);
  self->base_uri = g_steal_pointer (&uri);
  length = strlen (text);
  while (length > 0 && text[length - 1] == '/')
    text[--length] = '\0';
  self->base_uri_string = g_steal_pointer (&text);

  return g_steal_pointer (&self);
}

const char *
hrm_client_get_base_uri (HrmClient *self)
{
  g_return_val_if_fail (HRM_IS_CLIENT (self), NULL);
  return self->base_uri_string;
}

void
hrm_client_set_tls_database (HrmClient    *self,
                             GTlsDatabase *database)
{
  g_return_if_fail (HRM_IS_CLIENT (self));
  g_return_if_fail (database == NULL || G_IS_TLS_DATABASE (database));

  soup_session_set_tls_database (self->session, database);
}

/**
 * hrm_client_preconnect:
 *
 * Opens a connection to the server, and for https makes its TLS handshake,
 * before the first request needs it: a start that must read the keyring
 * before it can ask anything does both at once. Nothing is sent; the
 * server closes a connection that stays silent (and libsoup does not use
 * one that is closed), and so does the client when it goes.
 */
void
hrm_client_preconnect (HrmClient *self)
{
  g_autoptr(SoupMessage) message = NULL;

  g_return_if_fail (HRM_IS_CLIENT (self));

  message = soup_message_new_from_uri (SOUP_METHOD_HEAD, self->base_uri);
  soup_session_preconnect_async (self->session, message, G_PRIORITY_DEFAULT, self->cancellable,
                                 NULL, NULL);
}

void
hrm_client_set_timeout (HrmClient *self,
                        guint      seconds)
{
  g_return_if_fail (HRM_IS_CLIENT (self));
  soup_session_set_timeout (self->session, seconds);
}

void
hrm_client_set_deadline (HrmClient *self,
                         guint      seconds)
{
  g_return_if_fail (HRM_IS_CLIENT (self));
  g_return_if_fail (seconds > 0);

  self->deadline_seconds = seconds;
}

const char *
hrm_client_get_username (HrmClient *self)
{
  g_return_val_if_fail (HRM_IS_CLIENT (self), NULL);
  return self->username;
}

gboolean
hrm_client_get_signed_in (HrmClient *self)
{
  g_return_val_if_fail (HRM_IS_CLIENT (self), FALSE);
  return self->access_token != NULL || self->refresh_token != NULL;
}

const char *
hrm_client_get_refresh_token (HrmClient *self)
{
  g_return_val_if_fail (HRM_IS_CLIENT (self), NULL);
  return self->refresh_token;
}

/* ---- tokens ---------------------------------------------------------- */

static gpointer
parse_tokens (JsonObject   *root,
              SoupMessage  *message,
              GError      **error)
{
  g_autoptr(HrmTokens) tokens = g_new0 (HrmTokens, 1);
  g_autofree char *token_type = NULL;

  if (root == NULL)
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_PROTOCOL, _("The body is empty; JSON was expected"));
      return NULL;
    }

  if (!hrm_json_get_string (root, "access_token", FALSE, &tokens->access_token, error)
      || !hrm_json_get_string (root, "refresh_token", FALSE, &tokens->refresh_token, error)
      || !hrm_json_get_string (root, "token_type", FALSE, &token_type, error))
    return NULL;

  if (g_ascii_strcasecmp (token_type, "Bearer") != 0)
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL, _("Unsupported token type “%s”"), token_type);
      return NULL;
    }

  if (json_object_has_member (root, "expires_in")
      && !hrm_json_get_int (root, "expires_in", &tokens->expires_in, error))
    return NULL;

  return g_steal_pointer (&tokens);
}

/* POST /oauth/token with @form (from soup_form_encode(), taken). */
static void
request_tokens (HrmClient           *self,
                char                *form,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  HrmRequest *request = _hrm_request_new ("POST", "/oauth/token", 0);

  _hrm_request_set_form_body (request, form);
  _hrm_request_set_parser (request, parse_tokens, (GDestroyNotify) hrm_tokens_free);
  _hrm_client_send (self, request, source_tag, cancellable, callback, user_data);
}

static gboolean
finish_boolean (HrmClient     *self,
                GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
set_tokens (HrmClient  *self,
            const char *username,
            HrmTokens  *tokens)
{
  gboolean was_signed_in = hrm_client_get_signed_in (self);

  g_object_freeze_notify (G_OBJECT (self));

  if (username != NULL && g_strcmp0 (username, self->username) != 0)
    {
      g_free (self->username);
      self->username = g_strdup (username);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
    }

  wipe_string (&self->access_token);
  wipe_string (&self->refresh_token);
  if (tokens != NULL)
    {
      self->access_token = g_steal_pointer (&tokens->access_token);
      self->refresh_token = g_steal_pointer (&tokens->refresh_token);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESH_TOKEN]);

  if (was_signed_in != hrm_client_get_signed_in (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);

  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_sign_in_tokens (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  HrmClient *self = HRM_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(HrmTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens = _hrm_client_send_finish (self, result, request_tokens, NULL, &error);
  if (tokens == NULL)
    {
      if (g_task_get_source_tag (task) == hrm_client_resume_async
          && g_error_matches (error, HRM_ERROR, HRM_ERROR_INVALID_GRANT))
        {
          g_clear_error (&error);
          g_set_error_literal (&error, HRM_ERROR, HRM_ERROR_INVALID_GRANT,
                               _("The remembered sign-in is no longer valid. Sign in again."));
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_tokens (self, g_task_get_task_data (task), tokens);
  g_task_return_boolean (task, TRUE);
}

/* Sign-in and resume: a token request that, when it works, makes @username signed in. */
static void
sign_in_with_form (HrmClient           *self,
                   gpointer             source_tag,
                   const char          *username,
                   char                *form,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, g_strdup (username), g_free);
  request_tokens (self, form, request_tokens, cancellable, on_sign_in_tokens, task);
}

void
hrm_client_sign_in_async (HrmClient           *self,
                          const char          *username,
                          const char          *password,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (HRM_IS_CLIENT (self));
  g_return_if_fail (username != NULL);
  g_return_if_fail (password != NULL);

  sign_in_with_form (self, hrm_client_sign_in_async, username,
                     soup_form_encode ("grant_type", "password", "username", username,
                                       "password", password, NULL),
                     cancellable, callback, user_data);
}

gboolean
hrm_client_sign_in_finish (HrmClient     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return finish_boolean (self, result, hrm_client_sign_in_async, error);
}

void
hrm_client_resume_async (HrmClient           *self,
                         const char          *username,
                         const char          *refresh_token,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (HRM_IS_CLIENT (self));
  g_return_if_fail (username != NULL);
  g_return_if_fail (refresh_token != NULL);

  sign_in_with_form (self, hrm_client_resume_async, username,
                     soup_form_encode ("grant_type", "refresh_token", "refresh_token", refresh_token,
                                       NULL),
                     cancellable, callback, user_data);
}

gboolean
hrm_client_resume_finish (HrmClient     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return finish_boolean (self, result, hrm_client_resume_async, error);
}

void
hrm_client_take_session (HrmClient *self,
                         HrmClient *from)
{
  HrmTokens tokens = { 0 };

  g_return_if_fail (HRM_IS_CLIENT (self));
  g_return_if_fail (HRM_IS_CLIENT (from));
  g_return_if_fail (g_strcmp0 (self->base_uri_string, from->base_uri_string) == 0);

  tokens.access_token = g_steal_pointer (&from->access_token);
  tokens.refresh_token = g_steal_pointer (&from->refresh_token);
  set_tokens (self, from->username, &tokens);
}

/* ---- the browser sign-in's code ------------------------------------- */

static void
on_code_me (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  HrmClient *self = HRM_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(HrmUser) me = NULL;
  g_autoptr(GError) error = NULL;

  me = hrm_client_get_me_finish (self, result, NULL, &error);
  if (me == NULL)
    {
      /* Half a session (tokens but no name to keep them under) is none. */
      set_tokens (self, NULL, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_free (self->username);
  self->username = g_strdup (hrm_user_get_user_id (me));  /* what the password form calls the username */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
  g_task_return_boolean (task, TRUE);
}

static void
on_code_tokens (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  HrmClient *self = HRM_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(HrmTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens = _hrm_client_send_finish (self, result, request_tokens, NULL, &error);
  if (tokens == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The browser chose the account: forget the old name until /me says it, so
   * nothing stores the new tokens under someone else's name. */
  g_clear_pointer (&self->username, g_free);
  set_tokens (self, NULL, tokens);
  hrm_client_get_me_async (self, g_task_get_cancellable (task), on_code_me, g_object_ref (task));
}

void
hrm_client_sign_in_with_code_async (HrmClient           *self,
                                    const char          *code,
                                    const char          *redirect_uri,
                                    const char          *code_verifier,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (HRM_IS_CLIENT (self));
  g_return_if_fail (code != NULL);
  g_return_if_fail (redirect_uri != NULL);
  g_return_if_fail (code_verifier != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hrm_client_sign_in_with_code_async);
  request_tokens (self,
                  soup_form_encode ("grant_type", "authorization_code", "code", code,
                                    "client_id", HRM_CLIENT_ID, "redirect_uri", redirect_uri,
                                    "code_verifier", code_verifier, NULL),
                  request_tokens, cancellable, on_code_tokens, task);
}

gboolean
hrm_client_sign_in_with_code_finish (HrmClient     *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return finish_boolean (self, result, hrm_client_sign_in_with_code_async, error);
}

static void
on_revoked (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  _hrm_client_send_finish (HRM_CLIENT (object), result, hrm_client_sign_out_async, NULL, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
hrm_client_sign_out_async (HrmClient           *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  HrmRequest *request;

  g_return_if_fail (HRM_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hrm_client_sign_out_async);

  if (self->refresh_token == NULL)
    {
      set_tokens (self, NULL, NULL);
      g_task_return_boolean (task, TRUE);
      return;
    }

  request = _hrm_request_new ("POST", "/oauth/revoke", 0);
  _hrm_request_set_form_body (request, soup_form_encode ("token", self->refresh_token,
                                                         "token_type_hint", "refresh_token", NULL));
  /* Forget first: nothing may use the tokens once sign-out started. */
  set_tokens (self, NULL, NULL);

  _hrm_client_send (self, request, hrm_client_sign_out_async, cancellable, on_revoked,
                    g_steal_pointer (&task));
}

gboolean
hrm_client_sign_out_finish (HrmClient     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return finish_boolean (self, result, hrm_client_sign_out_async, error);
}

/* ---- the shared refresh ---------------------------------------------- */

static void
on_refresh_tokens (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  HrmClient *self = HRM_CLIENT (object);
  g_autoptr(HrmTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) waiters = NULL;
  gboolean signed_out = FALSE;

  tokens = _hrm_client_send_finish (self, result, _hrm_client_refresh_async, NULL, &error);

  waiters = g_steal_pointer (&self->refresh_waiters);
  self->refresh_waiters = g_ptr_array_new ();
  self->refreshing = FALSE;

  if (tokens != NULL)
    {
      g_debug ("Access token refreshed");
      set_tokens (self, NULL, tokens);
    }
  else if (g_error_matches (error, HRM_ERROR, HRM_ERROR_INVALID_GRANT)
           || g_error_matches (error, HRM_ERROR, HRM_ERROR_NOT_SIGNED_IN)
           || g_error_matches (error, HRM_ERROR, HRM_ERROR_INVALID))
    {
      g_debug ("Refreshing the access token failed: %s", error->message);
      g_clear_error (&error);
      g_set_error_literal (&error, HRM_ERROR, HRM_ERROR_NOT_SIGNED_IN,
                           _("Your session has ended. Sign in again."));
      set_tokens (self, NULL, NULL);
      signed_out = TRUE;
    }

  if (signed_out)
    g_signal_emit (self, signals[SIGNED_OUT], 0);

  for (guint i = 0; i < waiters->len; i++)
    {
      g_autoptr(GTask) waiter = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (waiter, g_error_copy (error));
      else
        g_task_return_boolean (waiter, TRUE);
    }

  g_object_unref (self);
}

/**
 * _hrm_client_refresh_async:
 * Gets a new access token with the refresh token. Concurrent callers share one
 * request: the refresh token works only once.
 */
void
_hrm_client_refresh_async (HrmClient           *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _hrm_client_refresh_async);
  g_ptr_array_add (self->refresh_waiters, task);

  if (self->refreshing)
    return;

  g_assert (self->refresh_token != NULL);
  self->refreshing = TRUE;

  /* The refresh is shared, so no single caller's cancellable may stop it. */
  request_tokens (self,
                  soup_form_encode ("grant_type", "refresh_token",
                                    "refresh_token", self->refresh_token, NULL),
                  _hrm_client_refresh_async, self->cancellable, on_refresh_tokens, g_object_ref (self));
}

gboolean
_hrm_client_refresh_finish (HrmClient     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_assert (g_task_is_valid (result, self));
  return g_task_propagate_boolean (G_TASK (result), error);
}
