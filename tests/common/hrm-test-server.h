/* hrm-test-server.h — a real hrm-server on a free port, for tests
 *
 * Every test that talks to the API starts its own server:
 *
 *   g_autoptr(HrmTestServer) server = hrm_test_server_new (TRUE, &error);
 *   g_assert_no_error (error);
 *   uri = hrm_test_server_get_uri (server);   // "http://127.0.0.1:41234"
 *
 * The server runs on 127.0.0.1, port 0, with a fresh SQLite database and a
 * Maildir in a temporary directory that hrm_test_server_free() removes. With
 * @demo the server is started with --demo and a password file holding
 * HRM_TEST_PASSWORD, so the accounts "admin" (may manage users) and "clerk"
 * (may not) can sign in.
 *
 * The server's stderr (its log) goes to the test's stderr. The server is found
 * through $HRM_SERVER_PATH (tests/meson.build sets it); when it is not set,
 * hrm_test_server_new() fails with G_IO_ERROR_NOT_FOUND, so a test can
 * g_test_skip(). hrm_test_server_new_or_skip() does both:
 *
 *   g_autoptr(HrmTestServer) server = hrm_test_server_new_or_skip (TRUE);
 *   if (server == NULL)
 *     return;   // skipped: no server in this build
 *
 * Everything here is synchronous: in tests that is fine. Waiting for a mail
 * spins the thread-default main context, so async code under test keeps
 * running meanwhile; starting and stopping the server spin a private one.
 *
 * The server dies with the test process (PR_SET_PDEATHSIG), so a failed
 * assertion never leaves a server behind. Set HRM_TEST_KEEP_DIR=1 to keep the
 * temporary directory (database, Maildir) for a look after the test.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hrm-test-http.h"

G_BEGIN_DECLS

/* The password of the demo accounts (and what tests use as a "good" password). */
#define HRM_TEST_PASSWORD "correct-horse-battery"

typedef struct _HrmTestServer HrmTestServer;

/* Whether $HRM_SERVER_PATH names a server to run. */
gboolean       hrm_test_server_available     (void);

/* Starts a server in a new temporary directory and waits (up to 30 s) for its
 * "Listening on URL" line. With @demo: --demo --demo-password-file FILE. */
HrmTestServer *hrm_test_server_new           (gboolean             demo,
                                              GError             **error);

/* hrm_test_server_new(), but g_test_skip() and %NULL when no server was built;
 * any other failure to start fails the test. */
HrmTestServer *hrm_test_server_new_or_skip   (gboolean             demo);

/* With more command-line arguments (e.g. "--tls-cert", FILE, "--tls-key", FILE)
 * and environment variables ("HRM_SERVER_ACCESS_TOKEN_TTL=2"), both
 * %NULL-terminated and nullable. They are kept for hrm_test_server_restart(). */
/* The fixture starts every server with --allow-password-grant (the tests sign
 * in with it) unless its extra arguments hold this, which it does not pass on. */
#define HRM_TEST_SERVER_NO_PASSWORD_GRANT "hrm-test:no-password-grant"

HrmTestServer *hrm_test_server_new_full      (gboolean             demo,
                                              const char * const  *extra_args,
                                              const char * const  *extra_env,
                                              GError             **error);

/* The base URI without a trailing slash: "http://127.0.0.1:41234". */
const char    *hrm_test_server_get_uri       (HrmTestServer       *self);
const char    *hrm_test_server_get_mail_dir  (HrmTestServer       *self);
/* Reads mail (hrm_test_server_wait_for_mail() and count_mail) from another
 * Maildir: the one an SMTP server the test runs writes (hrm-test-smtp.h).
 * With "--smtp" among the extra arguments the server gets no --mail-dir. */
void           hrm_test_server_set_mail_dir  (HrmTestServer       *self,
                                              const char          *mail_dir);
const char    *hrm_test_server_get_db_path   (HrmTestServer       *self);
/* The temporary directory: a place for a test's own files (removed at free). */
const char    *hrm_test_server_get_dir       (HrmTestServer       *self);
/* The running server's process id as a string (for /proc/PID/…), or NULL. */
const char    *hrm_test_server_get_pid       (HrmTestServer       *self);
/* Everything the server has written to stderr so far (its log, which also
 * goes to the test's stderr), across restarts. Free with g_free(). */
char          *hrm_test_server_dup_log       (HrmTestServer       *self);
/* The base URI + @path ("/api/v1/me"). Free with g_free(). */
char          *hrm_test_server_build_uri     (HrmTestServer       *self,
                                              const char          *path);

/* The newest message in the Maildir's new/ whose To: holds @to_address
 * (case-insensitively) among those not returned by an earlier call for that
 * address. Spins the thread-default main context while it waits. Returns the
 * raw RFC 5322 text, or %NULL after @timeout_ms. */
char          *hrm_test_server_wait_for_mail (HrmTestServer       *self,
                                              const char          *to_address,
                                              guint                timeout_ms);
/* How many messages to @to_address are in the Maildir (new/ and cur/), seen
 * or not. Does not wait. */
guint          hrm_test_server_count_mail    (HrmTestServer       *self,
                                              const char          *to_address);
/* The first absolute URL in @message that contains @path_prefix (e.g.
 * "/connect/verify?token="); quoted-printable bodies are decoded. Or %NULL. */
char          *hrm_test_mail_extract_link    (const char          *message,
                                              const char          *path_prefix);
/* The value of header @name ("Subject") of @message, unfolded, or %NULL. */
char          *hrm_test_mail_get_header      (const char          *message,
                                              const char          *name);
/* The same with RFC 2047 encoded words decoded (by GMime), or %NULL. */
char          *hrm_test_mail_decode_header   (const char          *message,
                                              const char          *name);
/* The text of @message's first text/@subtype part ("plain", "html"),
 * decoded to UTF-8 with LF line ends, or %NULL. */
char          *hrm_test_mail_get_text        (const char          *message,
                                              const char          *subtype);

/* SIGTERM and wait for the process to exit (SIGKILL after 10 s). The temporary
 * directory stays. Requests after this fail to connect. */
void           hrm_test_server_stop          (HrmTestServer       *self);
/* SIGKILL, as a crash: the server cannot finish anything. The temporary
 * directory stays; hrm_test_server_restart() starts it again. */
void           hrm_test_server_kill          (HrmTestServer       *self);
/* Replaces the extra environment (as in hrm_test_server_new_full()) for the
 * next hrm_test_server_restart(). */
void           hrm_test_server_set_env       (HrmTestServer       *self,
                                              const char * const  *extra_env);
/* Starts the server again on the same database and Maildir, on the same port
 * when it is free (else another one: read hrm_test_server_get_uri() again). */
gboolean       hrm_test_server_restart       (HrmTestServer       *self,
                                              GError             **error);
/* Stops the server and removes its temporary directory. */
void           hrm_test_server_free          (HrmTestServer       *self);

/* Makes a self-signed certificate for IP 127.0.0.1 (and localhost) with the
 * openssl command: DIR/cert.pem and DIR/key.pem. For "--tls-cert", "--tls-key"
 * in hrm_test_server_new_full(); trust it with hrm_test_session_new_trusting()
 * or g_tls_file_database_new (cert). */
gboolean       hrm_test_make_certificate     (const char          *dir,
                                              char               **out_cert_file,
                                              char               **out_key_file,
                                              GError             **error);

/* Signs @username in with HRM_TEST_PASSWORD (password grant) and returns the
 * access token; fails the test when that does not give 200. */
char          *hrm_test_sign_in              (HrmTestServer       *self,
                                              const char          *username);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HrmTestServer, hrm_test_server_free)

G_END_DECLS
