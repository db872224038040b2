/* hrm-browser-sign-in.c — signing in through the system browser (RFC 8252)
 *
 * The app never sees the password: it opens the server's sign-in page in the
 * browser and listens on a loopback port of its own for the one redirect that
 * brings the code back (RFC 8252 §7.3). PKCE (RFC 7636, S256) binds the code
 * to this process, the state to this sign-in.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-browser-sign-in"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/random.h>

#include "hrm-browser-sign-in.h"
#include "hrm-client-private.h"

#define DISCOVERY_PATH "/.well-known/oauth-authorization-server"
#define REDIRECT_PATH "/hrm-users/signed-in"

G_DEFINE_QUARK (hrm-browser-sign-in-error-quark, hrm_browser_sign_in_error)

/* ---- discovery ------------------------------------------------------- */

void
hrm_server_metadata_free (HrmServerMetadata *metadata)
{
  g_free (metadata->authorization_endpoint);
  g_free (metadata);
}

static gboolean
array_has_string (JsonArray  *array,
                  const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
          && g_str_equal (json_node_get_string (node), value))
        return TRUE;
    }
  return FALSE;
}

/* The browser may be sent to https anywhere, plain http only on this machine
 * (the same rule hrm_client_new() applies to the server address). */
static gboolean
endpoint_is_safe (const char *endpoint)
{
  g_autoptr(GUri) uri = g_uri_parse (endpoint, G_URI_FLAGS_NONE, NULL);
  const char *host;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return FALSE;
  if (g_str_equal (g_uri_get_scheme (uri), "https"))
    return TRUE;
  host = g_uri_get_host (uri);
  return g_str_equal (g_uri_get_scheme (uri), "http")
         && (g_str_equal (host, "127.0.0.1") || g_str_equal (host, "::1")
             || g_str_equal (host, "localhost"));
}

static gpointer
parse_metadata (JsonObject   *root,
                SoupMessage  *message,
                GError      **error)
{
  g_autoptr(HrmServerMetadata) metadata = g_new0 (HrmServerMetadata, 1);
  JsonArray *grants, *methods;

  if (root == NULL
      || !hrm_json_get_string (root, "authorization_endpoint", FALSE,
                               &metadata->authorization_endpoint, error))
    {
      g_clear_error (error);
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_PROTOCOL,
                           _("The server’s sign-in description is not understood"));
      return NULL;
    }

  grants = json_object_has_member (root, "grant_types_supported")
           ? hrm_json_get_array (root, "grant_types_supported", NULL) : NULL;
  methods = json_object_has_member (root, "code_challenge_methods_supported")
            ? hrm_json_get_array (root, "code_challenge_methods_supported", NULL) : NULL;

  /* RFC 8414 §2: a missing grant_types_supported means code and implicit;
   * without S256 the code could be taken by another program on this machine. */
  if ((grants != NULL && !array_has_string (grants, "authorization_code"))
      || methods == NULL || !array_has_string (methods, "S256"))
    {
      g_set_error_literal (error, HRM_BROWSER_SIGN_IN_ERROR, HRM_BROWSER_SIGN_IN_ERROR_UNSUPPORTED,
                           _("This server does not support signing in with a browser "
                             "(hrm-server older than 0.2?)"));
      return NULL;
    }
  if (!endpoint_is_safe (metadata->authorization_endpoint))
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INSECURE,
                           _("The server’s sign-in page is not at a safe address"));
      return NULL;
    }

  metadata->password_grant = grants != NULL && array_has_string (grants, "password");
  return g_steal_pointer (&metadata);
}

static void
on_discovered (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  HrmServerMetadata *metadata;

  metadata = _hrm_client_send_finish (HRM_CLIENT (object), result, hrm_client_discover_async,
                                      NULL, &error);
  if (metadata != NULL)
    {
      g_task_return_pointer (task, metadata, (GDestroyNotify) hrm_server_metadata_free);
      return;
    }

  /* An hrm-server before 0.2 has no such document. */
  if (g_error_matches (error, HRM_ERROR, HRM_ERROR_NOT_FOUND))
    {
      g_clear_error (&error);
      g_set_error_literal (&error, HRM_BROWSER_SIGN_IN_ERROR, HRM_BROWSER_SIGN_IN_ERROR_UNSUPPORTED,
                           _("This server does not support signing in with a browser "
                             "(hrm-server older than 0.2?)"));
    }
  g_task_return_error (task, g_steal_pointer (&error));
}

void
hrm_client_discover_async (HrmClient           *client,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  HrmRequest *request;

  g_return_if_fail (HRM_IS_CLIENT (client));

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, hrm_client_discover_async);
  request = _hrm_request_new ("GET", DISCOVERY_PATH, 0);
  _hrm_request_set_parser (request, parse_metadata, (GDestroyNotify) hrm_server_metadata_free);
  _hrm_client_send (client, request, hrm_client_discover_async, cancellable, on_discovered, task);
}

HrmServerMetadata *
hrm_client_discover_finish (HrmClient     *client,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hrm_client_discover_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the sign-in ----------------------------------------------------- */

struct _HrmBrowserSignIn
{
  GObject       parent_instance;

  /* owned */
  HrmClient    *client;
  GTask        *task;           /* the sign-in under way */
  SoupServer   *listener;       /* 127.0.0.1:port, for the one redirect */
  GSource      *cancel_source;
  char         *uri;            /* the authorization URL for the browser */
  char         *redirect_uri;
  char         *state;          /* never logged */
  char         *verifier;       /* never logged */
  guint         timeout_seconds;
  guint         timeout_id;
  gboolean      redirected;     /* the one redirect came */
};

G_DEFINE_FINAL_TYPE (HrmBrowserSignIn, hrm_browser_sign_in, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URI,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* @data as base64url without padding (RFC 7636 §4.1, appendix A). */
static char *
base64url (const guint8 *data,
           gsize         length)
{
  char *text = g_base64_encode (data, length);

  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  if (strchr (text, '=') != NULL)
    *strchr (text, '=') = '\0';
  return text;
}

static char *
random_token (void)
{
  guint8 bytes[32];

  /* The kernel's generator: GRand's Mersenne Twister can be predicted from
   * its output, and the state and verifier are secrets. */
  if (getrandom (bytes, sizeof bytes, 0) != sizeof bytes)
    for (guint i = 0; i < G_N_ELEMENTS (bytes); i++)
      bytes[i] = g_random_int_range (0, 256);
  return base64url (bytes, sizeof bytes);
}

static char *
s256 (const char *verifier)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;

  g_checksum_update (checksum, (const guchar *) verifier, -1);
  g_checksum_get_digest (checksum, digest, &length);
  return base64url (digest, length);
}

/* Compares in a time that does not depend on where they differ. */
static gboolean
tokens_equal (const char *a,
              const char *b)
{
  gsize length = strlen (b);
  guint8 difference;

  if (strlen (a) != length)
    return FALSE;
  difference = 0;
  for (gsize i = 0; i < length; i++)
    difference |= (guint8) a[i] ^ (guint8) b[i];
  return difference == 0;
}

static void
stop_waiting (HrmBrowserSignIn *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->cancel_source != NULL)
    {
      g_source_destroy (self->cancel_source);
      g_clear_pointer (&self->cancel_source, g_source_unref);
    }
}

/* Ends the sign-in with @error (taken), or successfully when NULL. */
static void
complete (HrmBrowserSignIn *self,
          GError           *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  stop_waiting (self);
  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* The small page the browser tab shows after the redirect. */
static void
answer_browser (SoupServerMessage *msg,
                const char        *heading,
                const char        *text)
{
  g_autofree char *heading_html = g_markup_escape_text (heading, -1);
  g_autofree char *text_html = g_markup_escape_text (text, -1);
  g_autofree char *page = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize length;

  page = g_strdup_printf ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                          "<meta name=\"viewport\" content=\"width=device-width\">"
                          "<title>HRM Users</title>"
                          "<style>body{font-family:sans-serif;max-width:32em;margin:4em auto;"
                          "padding:0 1em;text-align:center}</style></head>"
                          "<body><h1>%s</h1><p>%s</p></body></html>\n",
                          heading_html, text_html);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Content-Security-Policy",
                                "default-src 'none'; style-src 'unsafe-inline'");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  length = strlen (page);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&page), length);
}

static void
on_code_exchanged (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(HrmBrowserSignIn) self = user_data;
  GError *error = NULL;

  if (hrm_client_sign_in_with_code_finish (HRM_CLIENT (object), result, &error))
    g_debug ("Signed in through the browser");
  complete (self, error);
}

static void
handle_redirect (HrmBrowserSignIn  *self,
                 SoupServerMessage *msg,
                 GHashTable        *query)
{
  const char *state = query ? g_hash_table_lookup (query, "state") : NULL;
  const char *oauth_error = query ? g_hash_table_lookup (query, "error") : NULL;
  const char *code = query ? g_hash_table_lookup (query, "code") : NULL;
  GError *error = NULL;

  if (state == NULL || !tokens_equal (state, self->state))
    {
      /* Not the answer to this sign-in: a forged or stale redirect. */
      g_debug ("A redirect with the wrong state");
      answer_browser (msg, _("Sign-in failed"),
                      _("This page did not come from the sign-in HRM Users started. Return to "
                        "HRM Users and sign in again."));
      error = g_error_new_literal (HRM_BROWSER_SIGN_IN_ERROR, HRM_BROWSER_SIGN_IN_ERROR_WRONG_STATE,
                                   _("The browser returned a sign-in this app did not start. "
                                     "Sign in again."));
    }
  else if (oauth_error != NULL)
    {
      g_debug ("The sign-in redirected with error=%s", oauth_error);
      if (g_str_equal (oauth_error, "access_denied"))
        error = g_error_new_literal (HRM_BROWSER_SIGN_IN_ERROR, HRM_BROWSER_SIGN_IN_ERROR_DENIED,
                                     _("Sign-in was cancelled in the browser"));
      else
        error = g_error_new (HRM_BROWSER_SIGN_IN_ERROR, HRM_BROWSER_SIGN_IN_ERROR_REFUSED,
                             _("The server refused the sign-in (%s)"), oauth_error);
      answer_browser (msg, _("Sign-in did not finish"),
                      _("You can close this tab and return to HRM Users"));
    }
  else if (code == NULL || *code == '\0')
    {
      answer_browser (msg, _("Sign-in failed"),
                      _("You can close this tab and return to HRM Users"));
      error = g_error_new_literal (HRM_BROWSER_SIGN_IN_ERROR, HRM_BROWSER_SIGN_IN_ERROR_REFUSED,
                                   _("The browser returned no sign-in code. Sign in again."));
    }

  if (error != NULL)
    {
      complete (self, error);
      return;
    }

  /* Not "signed in" yet: the app still exchanges the code, and says how that went. */
  answer_browser (msg, _("Continue in HRM Users"),
                  _("You can close this tab and return to HRM Users"));
  /* The browser is done: a second redirect could only be a replay. */
  stop_waiting (self);
  hrm_client_sign_in_with_code_async (self->client, code, self->redirect_uri, self->verifier,
                                      g_task_get_cancellable (self->task), on_code_exchanged,
                                      g_object_ref (self));
}

static gboolean
release (gpointer user_data)
{
  g_object_unref (user_data);
  return G_SOURCE_REMOVE;
}

static void
on_answer_finished (SoupServerMessage *msg,
                    HrmBrowserSignIn  *self)
{
  g_debug ("The browser tab has its answer");
  /* Not from inside the message's own signal: dropping the last reference
   * stops the listener, which frees the message. */
  g_signal_handlers_disconnect_by_func (msg, on_answer_finished, self);
  g_idle_add (release, self);
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  HrmBrowserSignIn *self = user_data;

  if (!g_str_equal (path, REDIRECT_PATH)
      || g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  if (self->redirected || self->task == NULL)
    {
      /* Exactly one redirect counts; a reload of the tab gets a page, no effect. */
      answer_browser (msg, _("Sign-in already handled"),
                      _("You can close this tab and return to HRM Users"));
      return;
    }

  self->redirected = TRUE;
  /* Keep the listener until the page is written, whatever the app does with us. */
  g_signal_connect (msg, "finished", G_CALLBACK (on_answer_finished), g_object_ref (self));
  handle_redirect (self, msg, query);
}

static gboolean
on_timeout (gpointer user_data)
{
  HrmBrowserSignIn *self = user_data;

  self->timeout_id = 0;
  complete (self, g_error_new_literal (HRM_BROWSER_SIGN_IN_ERROR,
                                       HRM_BROWSER_SIGN_IN_ERROR_TIMED_OUT,
                                       _("The browser did not finish signing in in time. "
                                         "Sign in again.")));
  return G_SOURCE_REMOVE;
}

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  HrmBrowserSignIn *self = user_data;

  complete (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                       _("Signing in was cancelled")));
  return G_SOURCE_REMOVE;
}

static char *
authorization_uri (HrmBrowserSignIn *self,
                   const char       *endpoint)
{
  g_autofree char *challenge = s256 (self->verifier);
  g_autofree char *params = soup_form_encode ("response_type", "code",
                                              "client_id", HRM_CLIENT_ID,
                                              "redirect_uri", self->redirect_uri,
                                              "state", self->state,
                                              "code_challenge", challenge,
                                              "code_challenge_method", "S256",
                                              NULL);

  return g_strconcat (endpoint, strchr (endpoint, '?') ? "&" : "?", params, NULL);
}

/* Listens on 127.0.0.1 (not "localhost", RFC 8252 §8.3), on a port of its own. */
static gboolean
listen_loopback (HrmBrowserSignIn  *self,
        GError           **error)
{
  GSList *uris;
  guint port;

  self->listener = soup_server_new ("server-header", NULL, NULL);
  soup_server_add_handler (self->listener, NULL, handle_request, self, NULL);
  if (!soup_server_listen_local (self->listener, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return FALSE;

  uris = soup_server_get_uris (self->listener);
  g_assert (uris != NULL);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  self->redirect_uri = g_strdup_printf ("http://127.0.0.1:%u" REDIRECT_PATH, port);
  return TRUE;
}

static void
on_metadata (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(HrmBrowserSignIn) self = user_data;
  g_autoptr(HrmServerMetadata) metadata = NULL;
  GError *error = NULL;

  metadata = hrm_client_discover_finish (HRM_CLIENT (object), result, &error);
  if (self->task == NULL)
    {
      g_clear_error (&error);
      return;  /* cancelled meanwhile */
    }
  if (metadata == NULL || !listen_loopback (self, &error))
    {
      complete (self, error);
      return;
    }

  self->timeout_id = g_timeout_add_seconds (self->timeout_seconds, on_timeout, self);
  self->uri = authorization_uri (self, metadata->authorization_endpoint);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URI]);
}

/* ---- public ---------------------------------------------------------- */

HrmBrowserSignIn *
hrm_browser_sign_in_new (HrmClient *client)
{
  HrmBrowserSignIn *self;

  g_return_val_if_fail (HRM_IS_CLIENT (client), NULL);

  self = g_object_new (HRM_TYPE_BROWSER_SIGN_IN, NULL);
  self->client = g_object_ref (client);
  return self;
}

void
hrm_browser_sign_in_set_timeout (HrmBrowserSignIn *self,
                                 guint             seconds)
{
  g_return_if_fail (HRM_IS_BROWSER_SIGN_IN (self));
  g_return_if_fail (seconds > 0);

  self->timeout_seconds = seconds;
}

const char *
hrm_browser_sign_in_get_uri (HrmBrowserSignIn *self)
{
  g_return_val_if_fail (HRM_IS_BROWSER_SIGN_IN (self), NULL);

  return self->uri;
}

HrmClient *
hrm_browser_sign_in_get_client (HrmBrowserSignIn *self)
{
  g_return_val_if_fail (HRM_IS_BROWSER_SIGN_IN (self), NULL);

  return self->client;
}

void
hrm_browser_sign_in_sign_in_async (HrmBrowserSignIn    *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (HRM_IS_BROWSER_SIGN_IN (self));
  g_return_if_fail (self->task == NULL && self->verifier == NULL);  /* once */

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, hrm_browser_sign_in_sign_in_async);
  self->state = random_token ();
  self->verifier = random_token ();

  if (cancellable != NULL)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source, G_SOURCE_FUNC (on_cancelled), self, NULL);
      g_source_attach (self->cancel_source, g_main_context_get_thread_default ());
    }

  hrm_client_discover_async (self->client, cancellable, on_metadata, g_object_ref (self));
}

gboolean
hrm_browser_sign_in_sign_in_finish (HrmBrowserSignIn  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hrm_browser_sign_in_sign_in_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- GObject --------------------------------------------------------- */

static void
wipe (char **text)
{
  if (*text != NULL)
    memset (*text, 0, strlen (*text));
  g_clear_pointer (text, g_free);
}

static void
hrm_browser_sign_in_dispose (GObject *object)
{
  HrmBrowserSignIn *self = HRM_BROWSER_SIGN_IN (object);

  stop_waiting (self);
  if (self->listener != NULL)
    soup_server_disconnect (self->listener);
  g_clear_object (&self->listener);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (hrm_browser_sign_in_parent_class)->dispose (object);
}

static void
hrm_browser_sign_in_finalize (GObject *object)
{
  HrmBrowserSignIn *self = HRM_BROWSER_SIGN_IN (object);

  g_assert (self->task == NULL);
  g_free (self->uri);
  g_free (self->redirect_uri);
  wipe (&self->state);
  wipe (&self->verifier);

  G_OBJECT_CLASS (hrm_browser_sign_in_parent_class)->finalize (object);
}

static void
hrm_browser_sign_in_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HrmBrowserSignIn *self = HRM_BROWSER_SIGN_IN (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hrm_browser_sign_in_class_init (HrmBrowserSignInClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hrm_browser_sign_in_dispose;
  object_class->finalize = hrm_browser_sign_in_finalize;
  object_class->get_property = hrm_browser_sign_in_get_property;

  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hrm_browser_sign_in_init (HrmBrowserSignIn *self)
{
  self->timeout_seconds = HRM_BROWSER_SIGN_IN_TIMEOUT;
}
