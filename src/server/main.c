/* main.c — hrm-server, the reference HRM API server
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-server"

#include "config.h"

#include <inttypes.h>
#include <errno.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "hrm-admin.h"
#include "hrm-db.h"
#include "hrm-demo.h"
#include "hrm-mailer.h"
#include "hrm-server.h"
#include "hrm-smtp.h"
#include "hrm-tokens.h"
#include "hrm-totp.h"

static char *opt_listen = NULL;
static char *opt_db = NULL;
static char *opt_mail_dir = NULL;
static gboolean opt_demo = FALSE;
static char *opt_demo_password_file = NULL;
static int opt_demo_users = HRM_DEMO_DEFAULT_USERS;
static char *opt_tls_cert = NULL;
static char *opt_tls_key = NULL;
static char *opt_public_url = NULL;
static int opt_max_connections = HRM_SERVER_MAX_CONNECTIONS;
static int opt_max_per_client = HRM_SERVER_MAX_CONNECTIONS_PER_CLIENT;
static int opt_mail_rate = 0;
static char *opt_mail_from = NULL;
static char *opt_smtp = NULL;
static char *opt_smtp_user = NULL;
static char *opt_smtp_password_file = NULL;
static char *opt_smtp_ca_file = NULL;
static char *opt_test_mail = NULL;
static char *opt_time_zone = NULL;
static gboolean opt_version = FALSE;
static char *opt_add_admin = NULL;
static char *opt_password_file = NULL;
static char *opt_first_name = NULL;
static char *opt_last_name = NULL;
static gboolean opt_allow_password_grant = FALSE;
static gboolean opt_require_totp = FALSE;
static char *opt_enrol_totp = NULL;
static char *opt_add_api_client = NULL;
static char *opt_roles_of = NULL;
static char *opt_revoke_api_client = NULL;

static GOptionEntry entries[] = {
  { "listen", 'l', 0, G_OPTION_ARG_STRING, &opt_listen,
    N_("Address and port to listen on (default 127.0.0.1:8080; port 0 picks a free port)"),
    N_("HOST:PORT") },
  { "db", 'd', 0, G_OPTION_ARG_FILENAME, &opt_db,
    N_("SQLite database file; created and migrated when needed (required)"), N_("FILE") },
  { "mail-dir", 'm', 0, G_OPTION_ARG_FILENAME, &opt_mail_dir,
    N_("Maildir to write outgoing mail into, one file per message in DIR/new "
       "(this or --smtp is required)"),
    N_("DIR") },
  { "smtp", 0, 0, G_OPTION_ARG_STRING, &opt_smtp,
    N_("Send mail through this SMTP server: smtp://HOST:PORT (STARTTLS required unless "
       "HOST is loopback) or smtps://HOST:PORT"), N_("URL") },
  { "smtp-user", 0, 0, G_OPTION_ARG_STRING, &opt_smtp_user,
    N_("Log in to the SMTP server as NAME (needs --smtp-password-file)"), N_("NAME") },
  { "smtp-password-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_smtp_password_file,
    N_("Read the SMTP password from the first line of FILE"), N_("FILE") },
  { "smtp-ca-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_smtp_ca_file,
    N_("Trust the CA certificates in this PEM file for the SMTP server's TLS"), N_("FILE") },
  { "test-mail", 0, 0, G_OPTION_ARG_STRING, &opt_test_mail,
    N_("Send one test message to ADDRESS through the configured transport, report "
       "the outcome and exit"), N_("ADDRESS") },
  { "demo", 0, 0, G_OPTION_ARG_NONE, &opt_demo,
    N_("Seed an empty database with the demo organisation; sign in as admin or clerk"), NULL },
  { "demo-password-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_demo_password_file,
    N_("Read the demo accounts' password from the first line of FILE instead of generating one"),
    N_("FILE") },
  { "demo-users", 0, 0, G_OPTION_ARG_INT, &opt_demo_users,
    N_("Number of users the demo organisation gets (default 250)"), N_("N") },
  { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &opt_tls_cert,
    N_("Serve HTTPS with this PEM certificate (needs --tls-key)"), N_("FILE") },
  { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &opt_tls_key,
    N_("PEM private key of the certificate"), N_("FILE") },
  { "public-url", 0, 0, G_OPTION_ARG_STRING, &opt_public_url,
    N_("Base URL for links in mail when clients reach the server under another address"),
    N_("URL") },
  { "max-connections", 0, 0, G_OPTION_ARG_INT, &opt_max_connections,
    N_("Connections open at once; more get 503 and are closed (default 256, "
       "lowered to what the file descriptor limit allows)"), N_("N") },
  { "max-connections-per-client", 0, 0, G_OPTION_ARG_INT, &opt_max_per_client,
    N_("Connections open at once from one IP address (default 32; behind a reverse "
       "proxy every client has the proxy’s address)"), N_("N") },
  { "mail-rate", 0, 0, G_OPTION_ARG_INT, &opt_mail_rate,
    N_("Mails per second that bulk jobs send at most (default 10)"), N_("N") },
  { "mail-from", 0, 0, G_OPTION_ARG_STRING, &opt_mail_from,
    N_("Sender address of the mail (default no-reply@hrm-server.invalid)"), N_("ADDRESS") },
  { "time-zone", 0, 0, G_OPTION_ARG_STRING, &opt_time_zone,
    N_("The organisation's time zone, in which mail says when a link expires "
       "(default: Europe/Stockholm with --demo, else the system's)"), N_("ZONE") },
  { "allow-password-grant", 0, 0, G_OPTION_ARG_NONE, &opt_allow_password_grant,
    N_("Accept the OAuth password grant (for scripts and tests; off by default, and it "
       "never signs in accounts with a second factor)"), NULL },
  { "require-totp", 0, 0, G_OPTION_ARG_NONE, &opt_require_totp,
    N_("Every browser sign-in needs a second factor (TOTP); an account without one sets "
       "it up at its next sign-in"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version, N_("Show the version and exit"), NULL },
  { NULL }
};

static GOptionEntry admin_entries[] = {
  { "add-admin", 0, 0, G_OPTION_ARG_STRING, &opt_add_admin,
    N_("Add a user with the System administrator role to the database and exit "
       "(needs --db and --password-file)"), N_("USERNAME") },
  { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_password_file,
    N_("Read the new administrator's password from the first line of FILE "
       "(at least 12 characters, not easy to guess)"), N_("FILE") },
  { "first-name", 0, 0, G_OPTION_ARG_STRING, &opt_first_name,
    N_("First name of the new administrator"), N_("NAME") },
  { "last-name", 0, 0, G_OPTION_ARG_STRING, &opt_last_name,
    N_("Last name of the new administrator"), N_("NAME") },
  { "enrol-totp", 0, 0, G_OPTION_ARG_STRING, &opt_enrol_totp,
    N_("Give the user a new second factor (TOTP), print its otpauth:// URI and QR code "
       "and exit (needs --db)"), N_("USERNAME") },
  { "add-api-client", 0, 0, G_OPTION_ARG_STRING, &opt_add_api_client,
    N_("Add an API client for the client_credentials grant, print its id and secret "
       "and exit (needs --db and --roles-of)"), N_("NAME") },
  { "roles-of", 0, 0, G_OPTION_ARG_STRING, &opt_roles_of,
    N_("The user whose roles the new API client acts with"), N_("USERNAME") },
  { "revoke-api-client", 0, 0, G_OPTION_ARG_STRING, &opt_revoke_api_client,
    N_("Revoke an API client and its access tokens, and exit (needs --db)"), N_("CLIENT_ID") },
  { NULL }
};

static gboolean
on_signal (gpointer user_data)
{
  GMainLoop *loop = user_data;

  g_message ("Shutting down");
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static gboolean
parse_listen (const char  *text,
              char       **out_host,
              guint       *out_port,
              GError     **error)
{
  const char *colon = strrchr (text, ':');
  g_autofree char *host = NULL;
  guint64 port;

  if (colon == NULL || colon == text
      || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--listen needs HOST:PORT, such as 127.0.0.1:8080, not “%s”"), text);
      return FALSE;
    }

  host = g_strndup (text, colon - text);
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);

      g_free (host);
      host = inner;
    }

  *out_host = g_steal_pointer (&host);
  *out_port = (guint) port;
  return TRUE;
}

static gboolean
is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_str_equal (host, "localhost"))
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static char *
read_password_file (const char  *path,
                    GError     **error)
{
  g_autofree char *contents = NULL;
  char *newline;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;

  newline = strpbrk (contents, "\r\n");
  if (newline != NULL)
    *newline = '\0';

  if (contents[0] == '\0')
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("The password file “%s” is empty"), path);
      return NULL;
    }

  return g_steal_pointer (&contents);
}

/* For test harnesses: HRM_SERVER_EXIT_WITH_PARENT=1 ends the server (SIGTERM)
 * when the process that started it dies, so a crashed test leaves no server
 * behind. */
static void
exit_with_parent (void)
{
#ifdef __linux__
  pid_t parent = getppid ();

  if (g_strcmp0 (g_getenv ("HRM_SERVER_EXIT_WITH_PARENT"), "1") != 0)
    return;
  if (prctl (PR_SET_PDEATHSIG, SIGTERM) != 0)
    g_message ("Cannot follow the parent process: %s", g_strerror (errno));
  else if (getppid () != parent)
    raise (SIGTERM);  /* it died before we asked */
#endif
}

/* Raises the soft limit on open files as far as @max_connections needs
 * (and the hard limit allows) and returns how many connections then fit:
 * libsoup stops accepting for good once accept() fails for want of file
 * descriptors, so the connection limit must stay below the fd limit. */
static guint
fit_connections_to_fd_limit (guint max_connections)
{
  const rlim_t reserve = 64;  /* database, Maildir, listeners, threads' wakeups */
  struct rlimit limit;
  rlim_t wanted = (rlim_t) max_connections + reserve;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    return max_connections;

  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted)
    {
      struct rlimit raised = limit;

      raised.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : MIN (wanted, limit.rlim_max);
      if (setrlimit (RLIMIT_NOFILE, &raised) == 0)
        limit = raised;
    }

  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted)
    {
      guint fits = limit.rlim_cur > reserve + 1 ? (guint) (limit.rlim_cur - reserve) : 1;

      g_message ("Allowing %u connections instead of %u: the limit on open files is %ju",
                 fits, max_connections, (uintmax_t) limit.rlim_cur);
      return fits;
    }
  return max_connections;
}

static int
fail (const char *message)
{
  g_printerr ("hrm-server: %s\n", message);
  return EXIT_FAILURE;
}

/* hrm-server --db FILE --add-admin USERNAME --password-file FILE: adds the
 * first administrator of a database without the demo, then exits. */
static int
add_admin (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmDb) db = NULL;
  g_autofree char *password = NULL;
  gint64 id;

  if (opt_password_file == NULL)
    return fail (_("--add-admin needs --password-file FILE with the new administrator’s password "
                   "on its first line"));
  if (opt_demo)
    return fail (_("--add-admin and --demo do not go together"));

  password = read_password_file (opt_password_file, &error);
  if (password == NULL)
    return fail (error->message);

  if (!hrm_crypto_init (&error))
    return fail (error->message);

  db = hrm_db_open (opt_db, &error);
  if (db == NULL)
    return fail (error->message);

  id = hrm_admin_add (db, opt_add_admin, password, opt_first_name, opt_last_name, &error);
  sodium_memzero (password, strlen (password));
  if (id == 0)
    return fail (error->message);

  g_print (_("Added “%s” (id %" PRId64 ") as System administrator\n"), opt_add_admin, id);
  return EXIT_SUCCESS;
}

/* hrm-server --db FILE --enrol-totp USERNAME: a second factor for the
 * account, shown as a URI and a QR code to scan, then exits. */
static int
enrol_totp (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmDb) db = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *qr = NULL;

  if (!hrm_crypto_init (&error))
    return fail (error->message);
  db = hrm_db_open (opt_db, &error);
  if (db == NULL)
    return fail (error->message);
  uri = hrm_admin_enrol_totp (db, opt_enrol_totp, &error);
  if (uri == NULL)
    return fail (error->message);

  qr = hrm_qr_terminal (uri);
  g_print (_("Scan this with an authenticator app, or add the URI by hand:\n"));
  if (qr != NULL)
    g_print ("\n%s\n", qr);
  g_print ("%s\n", uri);
  return EXIT_SUCCESS;
}

/* hrm-server --db FILE --add-api-client NAME --roles-of USERNAME */
static int
add_api_client (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmDb) db = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *secret = NULL;

  if (opt_roles_of == NULL)
    return fail (_("--add-api-client needs --roles-of USERNAME: the user whose roles it acts with"));
  if (!hrm_crypto_init (&error))
    return fail (error->message);
  db = hrm_db_open (opt_db, &error);
  if (db == NULL)
    return fail (error->message);
  if (!hrm_admin_add_api_client (db, opt_add_api_client, opt_roles_of, &client_id, &secret, &error))
    return fail (error->message);

  /* The secret is shown this once: the database keeps only its hash. */
  g_print ("client_id=%s\nclient_secret=%s\n", client_id, secret);
  sodium_memzero (secret, strlen (secret));
  return EXIT_SUCCESS;
}

/* hrm-server --db FILE --revoke-api-client CLIENT_ID */
static int
revoke_api_client (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmDb) db = hrm_db_open (opt_db, &error);

  if (db == NULL || !hrm_admin_revoke_api_client (db, opt_revoke_api_client, &error))
    return fail (error->message);
  g_print (_("Revoked the API client “%s”\n"), opt_revoke_api_client);
  return EXIT_SUCCESS;
}

/* One plain address (local@domain), nothing a header could be bent with. */
static gboolean
is_mail_address (const char *text)
{
  const char *at = strchr (text, '@');

  return at != NULL && at != text && at[1] != '\0' && strchr (at + 1, '@') == NULL
         && strpbrk (text, " <>\"\r\n\t,;") == NULL;
}

/* The one transport the options ask for: --mail-dir or --smtp. */
static HrmMailTransport *
make_transport (GError **error)
{
  g_autoptr(HrmSmtp) smtp = NULL;
  g_autofree char *password = NULL;

  if (opt_smtp == NULL)
    return HRM_MAIL_TRANSPORT (hrm_mailer_new (opt_mail_dir, error));

  smtp = hrm_smtp_new (opt_smtp, error);
  if (smtp == NULL)
    return NULL;
  if (opt_smtp_user != NULL)
    {
      password = read_password_file (opt_smtp_password_file, error);
      if (password == NULL)
        return NULL;
      hrm_smtp_set_login (smtp, opt_smtp_user, password);
      sodium_memzero (password, strlen (password));
    }
  hrm_smtp_set_ca_file (smtp, opt_smtp_ca_file);
  return HRM_MAIL_TRANSPORT (g_steal_pointer (&smtp));
}

typedef struct
{
  gboolean  done;
  gboolean  sent;
  GError   *error;
} TestMail;

static void
on_test_mail_sent (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  TestMail *test = user_data;

  test->sent = hrm_mail_transport_send_finish (HRM_MAIL_TRANSPORT (source), result, &test->error);
  test->done = TRUE;
}

/* --test-mail: one message through the transport, and what became of it. */
static int
send_test_mail (HrmMailTransport *transport)
{
  g_autofree char *uid = hrm_token_generate ();
  g_autofree char *body = NULL;
  TestMail test = { 0 };
  HrmMailMessage message;

  if (!is_mail_address (opt_test_mail))
    return fail (_("--test-mail needs an email address"));

  body = g_strdup_printf (_("This is a test message from hrm-server %s. Verification and "
                            "password-reset mail will reach this address the same way.\n"),
                          PACKAGE_VERSION);
  message = (HrmMailMessage) {
    .uid = uid,
    .created = g_get_real_time () / G_USEC_PER_SEC,
    .from = opt_mail_from,
    .to = opt_test_mail,
    .subject = _("Test message from hrm-server"),
    .body = body,
  };
  hrm_mail_transport_send_async (transport, &message, NULL, on_test_mail_sent, &test);
  while (!test.done)
    g_main_context_iteration (NULL, TRUE);

  if (!test.sent)
    {
      g_printerr (_("The test message to %s was not delivered: %s\n"), opt_test_mail,
                  test.error->message);
      g_error_free (test.error);
      return EXIT_FAILURE;
    }
  if (HRM_IS_SMTP (transport) && hrm_smtp_get_last_reply (HRM_SMTP (transport)) != NULL)
    g_print (_("Sent a test message to %s; the SMTP server answered: %s\n"), opt_test_mail,
             hrm_smtp_get_last_reply (HRM_SMTP (transport)));
  else
    g_print (_("Wrote a test message to %s into %s\n"), opt_test_mail, opt_mail_dir);
  return EXIT_SUCCESS;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(HrmServer) server = NULL;
  g_autoptr(HrmDb) db = NULL;
  g_autoptr(HrmMailTransport) mailer = NULL;
  g_autoptr(GTimeZone) time_zone = NULL;
  g_autofree char *host = NULL;
  g_autofree char *demo_password = NULL;
  gboolean generated_password = FALSE;
  guint port = 8080;

  /* Standard output carries only the "Listening on" line (and the generated
   * demo password): a launcher reads the URL from it. Every log message,
   * debug ones too, goes to standard error. */
  g_log_writer_default_set_use_stderr (TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  /* No textdomain (): g_dgettext () would then switch translations off for
   * good when the server starts in a locale without them, and requests that
   * prefer Swedish could not have Swedish messages. */
  g_set_prgname ("hrm-server");
  exit_with_parent ();

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
    _("The reference HRM API server: users, their connection to the identity provider,\n"
      "roles and audit trail, over the HRM REST API. Mail goes into a Maildir or to an\n"
      "SMTP server."));
  g_option_context_set_description (context,
    _("Examples:\n"
      "  hrm-server --listen 127.0.0.1:0 --db /tmp/hrm.db --mail-dir /tmp/mail --demo\n\n"
      "When listening it prints “Listening on URL” on standard output. With --demo and\n"
      "no password file it then prints the generated demo password. Logs go to\n"
      "standard error. Stop it with Ctrl+C (SIGINT) or SIGTERM.\n\n"
      "Without the demo, add a first administrator, then start the server:\n"
      "  hrm-server --db hrm.db --add-admin agnes --password-file pw.txt \\\n"
      "             --first-name Agnes --last-name Lindqvist\n"
      "  hrm-server --db hrm.db --mail-dir mail\n\n"
      "Mail goes to the Maildir, or with --smtp to an SMTP server, e.g.:\n"
      "  hrm-server --db hrm.db --smtp smtp://mail.example.com:587 --smtp-user hrm \\\n"
      "             --smtp-password-file smtp.txt --mail-from hr@example.com \\\n"
      "             --test-mail you@example.com\n"
      "--test-mail sends one message, prints the server's answer and exits (status 1\n"
      "when it was not delivered); without it the server starts.\n\n"
      "Administrators sign in through the browser (GET /oauth/authorize). Scripts use an\n"
      "API client (the client_credentials grant) acting with a user's roles:\n"
      "  hrm-server --db hrm.db --add-api-client payroll-sync --roles-of agnes\n"
      "(--revoke-api-client CLIENT_ID ends it and its tokens.)\n"
      "A second factor (TOTP) for an account, printed as a QR code to scan:\n"
      "  hrm-server --db hrm.db --enrol-totp agnes\n\n"
      "--add-admin gives the user the System administrator role (the database gets the\n"
      "standard roles when it has none), refuses a password that is shorter than 12\n"
      "characters or easy to guess (the reset page's rules) and a User-ID that is taken,\n"
      "and exits (status 1 when refused).\n\n"
      "Limits: a request body may be 1 MiB. A connection must send its request head\n"
      "within 10 s and its body within 30 s, and an idle keep-alive connection is\n"
      "closed after 30 s. Connections past --max-connections or\n"
      "--max-connections-per-client get 503."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, admin_entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (error->message);

  if (opt_version)
    {
      g_print ("hrm-server %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (opt_mail_dir != NULL && opt_smtp != NULL)
    return fail (_("Give either --mail-dir or --smtp, not both"));
  if (opt_smtp == NULL && (opt_smtp_user || opt_smtp_password_file || opt_smtp_ca_file))
    return fail (_("--smtp-user, --smtp-password-file and --smtp-ca-file need --smtp"));
  if ((opt_smtp_user == NULL) != (opt_smtp_password_file == NULL))
    return fail (_("--smtp-user and --smtp-password-file go together"));
  if (opt_mail_from != NULL && !is_mail_address (opt_mail_from))
    return fail (_("--mail-from needs an email address such as no-reply@example.com"));
  if (opt_test_mail != NULL)
    {
      if (opt_mail_dir == NULL && opt_smtp == NULL)
        return fail (_("--mail-dir DIR or --smtp URL is required (see --help)"));
      mailer = make_transport (&error);
      if (mailer == NULL)
        return fail (error->message);
      return send_test_mail (mailer);
    }

  if (opt_db == NULL)
    return fail (_("--db FILE is required (see --help)"));
  if (opt_add_admin != NULL)
    return add_admin ();
  if (opt_enrol_totp != NULL)
    return enrol_totp ();
  if (opt_add_api_client != NULL)
    return add_api_client ();
  if (opt_revoke_api_client != NULL)
    return revoke_api_client ();
  if (opt_roles_of != NULL)
    return fail (_("--roles-of goes with --add-api-client"));
  if (opt_mail_dir == NULL && opt_smtp == NULL)
    return fail (_("--mail-dir DIR or --smtp URL is required (see --help)"));
  if ((opt_tls_cert == NULL) != (opt_tls_key == NULL))
    return fail (_("--tls-cert and --tls-key go together"));
  if (opt_demo_users < 1)
    return fail (_("--demo-users needs a positive number"));
  if (opt_max_connections < 1 || opt_max_per_client < 1)
    return fail (_("--max-connections and --max-connections-per-client need positive numbers"));
  if (opt_mail_rate < 0)
    return fail (_("--mail-rate needs a positive number"));

  if (opt_time_zone != NULL || opt_demo)
    {
      time_zone = g_time_zone_new_identifier (opt_time_zone ? opt_time_zone : "Europe/Stockholm");
      if (time_zone == NULL)
        return fail (_("--time-zone needs a zone such as Europe/Stockholm"));
    }
  else
    time_zone = g_time_zone_new_local ();

  if (!parse_listen (opt_listen ? opt_listen : "127.0.0.1:8080", &host, &port, &error))
    return fail (error->message);

  if (opt_demo && !is_loopback (host) && opt_tls_cert == NULL)
    return fail (_("Refusing to serve the demo accounts on a non-loopback address without TLS. "
                   "Listen on 127.0.0.1 or pass --tls-cert and --tls-key."));

  if (opt_tls_cert != NULL)
    {
      certificate = g_tls_certificate_new_from_files (opt_tls_cert, opt_tls_key, &error);
      if (certificate == NULL)
        return fail (error->message);
    }

  if (!hrm_crypto_init (&error))
    return fail (error->message);

  db = hrm_db_open (opt_db, &error);
  if (db == NULL)
    return fail (error->message);

  mailer = make_transport (&error);
  if (mailer == NULL)
    return fail (error->message);

  if (opt_demo)
    {
      if (opt_demo_password_file != NULL)
        demo_password = read_password_file (opt_demo_password_file, &error);
      else
        {
          demo_password = hrm_token_generate ();
          demo_password[16] = '\0';
          generated_password = TRUE;
        }
      if (demo_password == NULL || !hrm_demo_seed (db, demo_password, opt_demo_users, &error))
        return fail (error->message);
    }

  server = hrm_server_new (g_steal_pointer (&db), g_steal_pointer (&mailer),
                           certificate);
  if (opt_public_url != NULL)
    hrm_server_set_public_url (server, opt_public_url);
  hrm_server_set_connection_limits (server, fit_connections_to_fd_limit (opt_max_connections),
                                    MIN (opt_max_per_client, opt_max_connections));
  if (opt_mail_rate > 0)
    hrm_server_set_mail_rate (server, opt_mail_rate);
  hrm_server_set_mail_from (server, opt_mail_from);
  hrm_server_set_time_zone (server, time_zone);
  hrm_server_set_allow_password_grant (server, opt_allow_password_grant);
  hrm_server_set_require_totp (server, opt_require_totp);

  if (!hrm_server_listen (server, host, port, &error))
    return fail (error->message);

  if (!is_loopback (host) && certificate == NULL)
    g_warning ("Serving plain HTTP on a non-loopback address: passwords and tokens travel unencrypted");

  /* Whoever reads "Listening on" may stop the server at once: SIGTERM must
   * already end it cleanly, not by the signal. */
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal, loop);
  g_unix_signal_add (SIGTERM, on_signal, loop);

  g_print ("Listening on %s\n", hrm_server_get_base_url (server));
  if (generated_password)
    g_print ("Demo password for admin and clerk: %s\n", demo_password);
  fflush (stdout);

  g_main_loop_run (loop);

  hrm_server_shutdown (server);
  return EXIT_SUCCESS;
}
