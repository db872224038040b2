/* hrm-browser-sign-in.h — signing in through the system browser (RFC 8252)
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hrm-client.h"

G_BEGIN_DECLS

#define HRM_BROWSER_SIGN_IN_ERROR (hrm_browser_sign_in_error_quark ())
GQuark hrm_browser_sign_in_error_quark (void);

/* Why a browser sign-in did not finish; each error's message says it to the
 * administrator. */
typedef enum
{
  HRM_BROWSER_SIGN_IN_ERROR_UNSUPPORTED,  /* no discovery document (an older server) */
  HRM_BROWSER_SIGN_IN_ERROR_DENIED,       /* error=access_denied: cancelled in the browser */
  HRM_BROWSER_SIGN_IN_ERROR_REFUSED,      /* another error= redirect, or no code */
  HRM_BROWSER_SIGN_IN_ERROR_WRONG_STATE,  /* a redirect this sign-in did not ask for */
  HRM_BROWSER_SIGN_IN_ERROR_TIMED_OUT,    /* no redirect in time (a closed tab, say) */
} HrmBrowserSignInError;

/* What GET /.well-known/oauth-authorization-server (RFC 8414) says. */
typedef struct
{
  char     *authorization_endpoint;
  gboolean  password_grant;  /* grant_types_supported has "password" */
} HrmServerMetadata;

void hrm_server_metadata_free (HrmServerMetadata *metadata);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HrmServerMetadata, hrm_server_metadata_free)

/* Reads the discovery document; a server without one fails with
 * HRM_BROWSER_SIGN_IN_ERROR_UNSUPPORTED. */
void               hrm_client_discover_async  (HrmClient           *client,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
HrmServerMetadata *hrm_client_discover_finish (HrmClient           *client,
                                               GAsyncResult        *result,
                                               GError             **error);

#define HRM_TYPE_BROWSER_SIGN_IN (hrm_browser_sign_in_get_type ())

G_DECLARE_FINAL_TYPE (HrmBrowserSignIn, hrm_browser_sign_in, HRM, BROWSER_SIGN_IN, GObject)

/* The default time the browser has to come back, in seconds. */
#define HRM_BROWSER_SIGN_IN_TIMEOUT (10 * 60)

/*
 * One sign-in through the browser for @client: discovery, a PKCE verifier and
 * a state, a loopback listener (127.0.0.1, a port of its own) for exactly one
 * redirect, then the code exchanged for the same session as the password
 * sign-in makes (hrm_client_sign_in_with_code_async()).
 *
 * Properties: "uri" (string, read-only): the authorization URL to open in the
 *   browser; set (and notified) once the listener is ready, so open it then.
 */
HrmBrowserSignIn *hrm_browser_sign_in_new          (HrmClient            *client);
/* How long to wait for the browser after "uri" is set; before sign_in_async. */
void              hrm_browser_sign_in_set_timeout  (HrmBrowserSignIn     *self,
                                                    guint                 seconds);
const char       *hrm_browser_sign_in_get_uri      (HrmBrowserSignIn     *self);
HrmClient        *hrm_browser_sign_in_get_client   (HrmBrowserSignIn     *self);
/* Runs the sign-in once; done when the client is signed in or it failed.
 * Cancelling @cancellable stops listening at once (G_IO_ERROR_CANCELLED). */
void              hrm_browser_sign_in_sign_in_async  (HrmBrowserSignIn    *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean          hrm_browser_sign_in_sign_in_finish (HrmBrowserSignIn    *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
