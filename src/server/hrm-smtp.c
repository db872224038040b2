/* hrm-smtp.c — the SMTP mail transport (libcurl)
 *
 * With --smtp URL each message goes to an SMTP server through libcurl's SMTP
 * client: smtp://HOST[:PORT] must upgrade with STARTTLS (unless HOST is the
 * loopback interface, where it still does when offered), smtps:// speaks TLS
 * from the start. TLS is verified against the system's CAs, or the
 * --smtp-ca-file of a private CA.
 *
 * libcurl blocks, so each send runs in a GTask worker thread and the main
 * loop (HTTP requests) never waits for the mail server. The outbox sends one
 * message at a time; the one CURL easy handle lives as long as the transport
 * and keeps its connection open between messages, so a bulk job's thousands
 * of mails go over one connection (libcurl reconnects when the server closed
 * it). A mutex keeps two sends from sharing the handle all the same.
 *
 * Stopping cancels the send in progress, and the server waits for it (no
 * thread of ours may still use libcurl and OpenSSL while the process exits).
 * A message not yet all handed to libcurl is abandoned: an SMTP server keeps
 * nothing of a message whose final "." never came, so the outbox leaves the
 * row queued. One that has all gone waits for its "250" up to
 * HRM_SMTP_STOP_GRACE seconds, so the outbox notes it sent and the next start
 * does not send it twice.
 *
 * Failures follow the transport contract (hrm-mail-transport.c): a 5xx reply
 * to the envelope or the message is HRM_ERROR_INVALID (give up at once);
 * a 4xx, a refused login, a timeout or a connection error is
 * HRM_ERROR_FAILED (try again later). The error message is the server's own
 * reply ("550 5.1.1 <anna@…>: mailbox unavailable") or libcurl's reason,
 * never the password: the reply lines are kept, what we send is not.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-smtp"

#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "hrm-error.h"
#include "hrm-mail-format.h"
#include "hrm-smtp.h"

struct _HrmSmtp
{
  GObject  parent_instance;

  /* set before the first send, read by the worker */
  char    *url;
  gboolean require_tls;  /* smtp:// to another host: STARTTLS or nothing */
  char    *user;
  char    *password;     /* zeroed when freed */
  char    *ca_file;

  GMutex   lock;         /* guards the handle and last_reply */
  CURL    *curl;
  char    *last_reply;   /* the server's last reply line of the last send */
};

static void hrm_smtp_transport_init (HrmMailTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HrmSmtp, hrm_smtp, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (HRM_TYPE_MAIL_TRANSPORT,
                                                      hrm_smtp_transport_init))

/* libcurl's global state, once per process (before any thread uses it). */
static gboolean
ensure_curl (GError **error)
{
  static gsize initialised = 0;
  static CURLcode result;

  if (g_once_init_enter (&initialised))
    {
      result = curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&initialised, 1);
    }
  if (result != CURLE_OK)
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_FAILED, _("Cannot set up SMTP: %s"),
                   curl_easy_strerror (result));
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  if (host[0] == '[')
    {
      g_autofree char *bare = g_strndup (host + 1, strlen (host) - 2);

      address = g_inet_address_new_from_string (bare);
    }
  else
    address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * hrm_smtp_new:
 * @url: smtp://HOST[:PORT] or smtps://HOST[:PORT], nothing after the port
 *
 * Returns: (nullable): the transport, or %NULL with @error set when @url is
 *   not one.
 */
HrmSmtp *
hrm_smtp_new (const char  *url,
              GError     **error)
{
  g_autoptr(HrmSmtp) self = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || (g_strcmp0 (scheme, "smtp") != 0 && g_strcmp0 (scheme, "smtps") != 0)
      || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0'
      || g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL
      || (g_uri_get_path (uri)[0] != '\0' && !g_str_equal (g_uri_get_path (uri), "/")))
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INVALID,
                           _("--smtp needs a URL such as smtp://mail.example.com:587 or "
                             "smtps://mail.example.com"));
      return NULL;
    }
  if (!ensure_curl (error))
    return NULL;

  self = g_object_new (HRM_TYPE_SMTP, NULL);
  self->url = g_strdup (url);
  self->require_tls = g_str_equal (scheme, "smtp") && !is_loopback_host (g_uri_get_host (uri));
  self->curl = curl_easy_init ();
  if (self->curl == NULL)
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_FAILED, _("Cannot set up SMTP"));
      return NULL;
    }
  return g_steal_pointer (&self);
}

/* The login for AUTH (both or neither). The password is kept only here. */
void
hrm_smtp_set_login (HrmSmtp    *self,
                    const char *user,
                    const char *password)
{
  g_return_if_fail (HRM_IS_SMTP (self));

  g_free (self->user);
  self->user = g_strdup (user);
  if (self->password != NULL)
    sodium_memzero (self->password, strlen (self->password));
  g_free (self->password);
  self->password = g_strdup (password);
}

void
hrm_smtp_set_ca_file (HrmSmtp    *self,
                      const char *ca_file)
{
  g_return_if_fail (HRM_IS_SMTP (self));

  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
}

/**
 * hrm_smtp_get_last_reply:
 * The server's last reply line of the last send ("250 2.0.0 Ok: queued as
 * …"), for --test-mail. Call it from the main thread after a send finished.
 */
const char *
hrm_smtp_get_last_reply (HrmSmtp *self)
{
  g_return_val_if_fail (HRM_IS_SMTP (self), NULL);

  return self->last_reply;
}

static void
hrm_smtp_finalize (GObject *object)
{
  HrmSmtp *self = HRM_SMTP (object);

  hrm_smtp_set_login (self, NULL, NULL);
  g_clear_pointer (&self->curl, curl_easy_cleanup);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->last_reply, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (hrm_smtp_parent_class)->finalize (object);
}

static void
hrm_smtp_class_init (HrmSmtpClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hrm_smtp_finalize;
}

static void
hrm_smtp_init (HrmSmtp *self)
{
  g_mutex_init (&self->lock);
}

/* One message on its way: what the worker needs, owned by the task. */
typedef struct
{
  GBytes *bytes;
  gsize   offset;   /* how much libcurl has read */
  char   *from;     /* <address> */
  char   *to;       /* <address> */
  GString *reply;   /* the server's last reply line */
  GString *refusal; /* its last 4xx or 5xx reply line: the one that ended the
                     * send (a refused EHLO before a good HELO is replaced;
                     * the QUIT that follows is "221") */
  GCancellable *cancellable;  /* (nullable) the task's, borrowed by the worker */
  gint64   stopped_at;        /* monotonic time the worker first saw it cancelled */
} Sending;

static void
sending_free (Sending *sending)
{
  g_bytes_unref (sending->bytes);
  g_free (sending->from);
  g_free (sending->to);
  g_string_free (sending->reply, TRUE);
  g_string_free (sending->refusal, TRUE);
  g_free (sending);
}

static size_t
read_message (char   *buffer,
              size_t  size,
              size_t  count,
              void   *user_data)
{
  Sending *sending = user_data;
  gsize length;
  const char *data = g_bytes_get_data (sending->bytes, &length);
  gsize n = MIN (size * count, length - sending->offset);

  memcpy (buffer, data + sending->offset, n);
  sending->offset += n;
  return n;
}

/* libcurl asks about once a second, and more often while data moves,
 * whether to go on: not once the server is stopping (see the top). */
static int
on_progress (void       *user_data,
             curl_off_t  download_total,
             curl_off_t  downloaded,
             curl_off_t  upload_total,
             curl_off_t  uploaded)
{
  Sending *sending = user_data;
  gint64 now;

  if (!g_cancellable_is_cancelled (sending->cancellable))
    return 0;
  if (sending->offset < g_bytes_get_size (sending->bytes))
    return 1;
  now = g_get_monotonic_time ();
  if (sending->stopped_at == 0)
    sending->stopped_at = now;
  return now - sending->stopped_at > HRM_SMTP_STOP_GRACE * G_USEC_PER_SEC;
}

/* Keeps the server's reply lines (never ours: AUTH carries the password). A
 * multi-line reply ends with its "NNN " line, which is what stays. */
static int
on_debug (CURL          *curl,
          curl_infotype  type,
          char          *data,
          size_t         size,
          void          *user_data)
{
  Sending *sending = user_data;
  g_autofree char *line = NULL;

  if (type != CURLINFO_HEADER_IN)
    return 0;
  line = g_utf8_make_valid (data, size);
  g_strchomp (line);
  g_strstrip (line);
  if (strlen (line) >= 4 && g_ascii_isdigit (line[0]) && line[3] != '-')
    {
      g_string_assign (sending->reply, line);
      if (line[0] == '4' || line[0] == '5')
        g_string_assign (sending->refusal, line);
    }
  return 0;
}

/* Whether @result and the server's @refusal mean trying again will not
 * help: a 5xx reply, but not to our login (our configuration, not the
 * message: fixed, the mail goes). */
static gboolean
is_permanent (CURLcode    result,
              const char *refusal)
{
  return result != CURLE_LOGIN_DENIED && refusal[0] == '5';
}

static void
send_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  HrmSmtp *self = source;
  Sending *sending = task_data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  struct curl_slist *recipients = NULL;
  char curl_error[CURL_ERROR_SIZE] = "";
  CURLcode result;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* The handle keeps its connection; only this message's options change. */
  curl_easy_reset (self->curl);
  recipients = curl_slist_append (recipients, sending->to);
  curl_easy_setopt (self->curl, CURLOPT_URL, self->url);
  curl_easy_setopt (self->curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt (self->curl, CURLOPT_USE_SSL,
                    (long) (self->require_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY));
  curl_easy_setopt (self->curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (self->curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (self->ca_file != NULL)
    curl_easy_setopt (self->curl, CURLOPT_CAINFO, self->ca_file);
  if (self->user != NULL)
    {
      curl_easy_setopt (self->curl, CURLOPT_USERNAME, self->user);
      curl_easy_setopt (self->curl, CURLOPT_PASSWORD, self->password);
    }
  curl_easy_setopt (self->curl, CURLOPT_MAIL_FROM, sending->from);
  curl_easy_setopt (self->curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt (self->curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt (self->curl, CURLOPT_READFUNCTION, read_message);
  curl_easy_setopt (self->curl, CURLOPT_READDATA, sending);
  curl_easy_setopt (self->curl, CURLOPT_INFILESIZE_LARGE,
                    (curl_off_t) g_bytes_get_size (sending->bytes));
  curl_easy_setopt (self->curl, CURLOPT_CONNECTTIMEOUT, (long) HRM_SMTP_CONNECT_TIMEOUT);
  curl_easy_setopt (self->curl, CURLOPT_TIMEOUT, (long) HRM_SMTP_SEND_TIMEOUT);
  curl_easy_setopt (self->curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (self->curl, CURLOPT_ERRORBUFFER, curl_error);
  curl_easy_setopt (self->curl, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt (self->curl, CURLOPT_DEBUGFUNCTION, on_debug);
  curl_easy_setopt (self->curl, CURLOPT_DEBUGDATA, sending);
  if (cancellable != NULL)
    {
      sending->cancellable = cancellable;
      curl_easy_setopt (self->curl, CURLOPT_NOPROGRESS, 0L);
      curl_easy_setopt (self->curl, CURLOPT_XFERINFOFUNCTION, on_progress);
      curl_easy_setopt (self->curl, CURLOPT_XFERINFODATA, sending);
    }

  result = curl_easy_perform (self->curl);
  curl_slist_free_all (recipients);
  /* Nothing of this message stays in the handle. */
  curl_easy_setopt (self->curl, CURLOPT_ERRORBUFFER, NULL);
  curl_easy_setopt (self->curl, CURLOPT_READDATA, NULL);
  curl_easy_setopt (self->curl, CURLOPT_DEBUGDATA, NULL);
  curl_easy_setopt (self->curl, CURLOPT_XFERINFODATA, NULL);
  curl_easy_setopt (self->curl, CURLOPT_MAIL_RCPT, NULL);
  sending->cancellable = NULL;

  g_free (self->last_reply);
  self->last_reply = g_strdup (sending->reply->str);

  if (result == CURLE_OK)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (result == CURLE_ABORTED_BY_CALLBACK)
    {
      if (sending->stopped_at != 0)
        g_warning ("Stopped before the SMTP server answered a message it has whole:"
                   " it is sent again at the next start");
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               _("The server stopped before the message went out"));
      return;
    }

  /* The server's reply says most ("451 4.3.0 Try again later"); without one
   * (no connection, TLS refused) libcurl's reason does. */
  if (sending->refusal->len > 0)
    g_task_return_new_error (task, HRM_ERROR,
                             is_permanent (result, sending->refusal->str) ? HRM_ERROR_INVALID
                                                                           : HRM_ERROR_FAILED,
                             "%s", sending->refusal->str);
  else
    g_task_return_new_error (task, HRM_ERROR, HRM_ERROR_FAILED, "%s",
                             curl_error[0] ? curl_error : curl_easy_strerror (result));
}

static void
hrm_smtp_send_async (HrmMailTransport     *transport,
                     const HrmMailMessage *message,
                     GCancellable         *cancellable,
                     GAsyncReadyCallback   callback,
                     gpointer              user_data)
{
  HrmSmtp *self = HRM_SMTP (transport);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  Sending *sending;
  GBytes *bytes;

  g_task_set_source_tag (task, hrm_smtp_send_async);
  /* A message that went out while the server was stopping is sent, not
   * cancelled: the worker says which (on_progress()). */
  g_task_set_check_cancellable (task, FALSE);

  if (strpbrk (message->to, "<> \r\n") != NULL)
    {
      g_task_return_new_error (task, HRM_ERROR, HRM_ERROR_INVALID,
                               _("The address cannot receive mail"));
      return;
    }
  bytes = hrm_mail_format (message, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  sending = g_new0 (Sending, 1);
  sending->bytes = bytes;
  sending->from = g_strdup_printf ("<%s>", message->from ? message->from : HRM_MAIL_DEFAULT_FROM);
  sending->to = g_strdup_printf ("<%s>", message->to);
  sending->reply = g_string_new (NULL);
  sending->refusal = g_string_new (NULL);
  g_task_set_task_data (task, sending, (GDestroyNotify) sending_free);
  g_task_run_in_thread (task, send_in_thread);
}

static gboolean
hrm_smtp_send_finish (HrmMailTransport  *transport,
                      GAsyncResult      *result,
                      GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, transport), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hrm_smtp_send_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
hrm_smtp_transport_init (HrmMailTransportInterface *iface)
{
  iface->send_async = hrm_smtp_send_async;
  iface->send_finish = hrm_smtp_send_finish;
}
