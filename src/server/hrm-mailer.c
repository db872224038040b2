/* hrm-mailer.c — the Maildir mail transport
 *
 * The server sends no mail itself: each message becomes one RFC 5322 file in
 * DIR/new/, written to DIR/tmp/ first and renamed, so a reader never sees half
 * a message. A person (or a test) opens the file to follow the link. The file
 * is named after the outbox row's uid, so delivering a row again (after a
 * crash before the outbox noted the delivery) gives no second message.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-mailer"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "hrm-error.h"
#include "hrm-mailer.h"

#define FROM_ADDRESS "\"Visma Connect (HRM demo)\" <no-reply@hrm-server.invalid>"

struct _HrmMailer
{
  GObject  parent_instance;

  char    *directory;  /* owned */
};

static void hrm_mailer_transport_init (HrmMailTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HrmMailer, hrm_mailer, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (HRM_TYPE_MAIL_TRANSPORT,
                                                      hrm_mailer_transport_init))

HrmMailer *
hrm_mailer_new (const char  *directory,
                GError     **error)
{
  const char *subdirs[] = { "tmp", "new", "cur" };
  g_autoptr(HrmMailer) self = NULL;

  g_return_val_if_fail (directory != NULL, NULL);

  self = g_object_new (HRM_TYPE_MAILER, NULL);
  self->directory = g_strdup (directory);
  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *path = g_build_filename (directory, subdirs[i], NULL);

      if (g_mkdir_with_parents (path, 0700) != 0)
        {
          int saved = errno;

          g_set_error (error, HRM_ERROR, HRM_ERROR_FAILED, _("Cannot create the mail folder “%s”: %s"),
                       path, g_strerror (saved));
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

static void
hrm_mailer_finalize (GObject *object)
{
  HrmMailer *self = HRM_MAILER (object);

  g_clear_pointer (&self->directory, g_free);

  G_OBJECT_CLASS (hrm_mailer_parent_class)->finalize (object);
}

static void
hrm_mailer_class_init (HrmMailerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hrm_mailer_finalize;
}

static void
hrm_mailer_init (HrmMailer *self)
{
}

/* RFC 2047 encoded-word for a header with non-ASCII text. */
static char *
encode_header (const char *text)
{
  g_autofree char *base64 = NULL;

  for (const char *p = text; *p; p++)
    if ((guchar) *p >= 0x80)
      {
        base64 = g_base64_encode ((const guchar *) text, strlen (text));
        return g_strdup_printf ("=?UTF-8?B?%s?=", base64);
      }

  return g_strdup (text);
}

/* RFC 5322 date in UTC, with English names whatever the locale. */
static char *
format_date (gint64 seconds)
{
  static const char *days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (seconds);

  return g_strdup_printf ("%s, %02d %s %d %02d:%02d:%02d +0000",
                          days[g_date_time_get_day_of_week (time) - 1],
                          g_date_time_get_day_of_month (time),
                          months[g_date_time_get_month (time) - 1],
                          g_date_time_get_year (time),
                          g_date_time_get_hour (time),
                          g_date_time_get_minute (time),
                          g_date_time_get_second (time));
}

/* Whether the message named @name is in new/ or, already seen, in cur/
 * (where a mail reader renames it to NAME:2,FLAGS). */
static gboolean
already_delivered (HrmMailer  *self,
                   const char *name)
{
  g_autofree char *new_path = g_build_filename (self->directory, "new", name, NULL);
  g_autofree char *cur_dir = g_build_filename (self->directory, "cur", NULL);
  g_autofree char *prefix = g_strconcat (name, ":", NULL);
  g_autoptr(GDir) dir = NULL;
  const char *entry;

  if (g_file_test (new_path, G_FILE_TEST_EXISTS))
    return TRUE;

  dir = g_dir_open (cur_dir, 0, NULL);
  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    if (g_str_equal (entry, name) || g_str_has_prefix (entry, prefix))
      return TRUE;

  return FALSE;
}

/* Writes one plain-text message as DIR/new/CREATED.UID.hrm-server (through
 * tmp/; names sort by age). The name and the text come from the message
 * alone, so a repeated delivery finds it there, or writes the same file:
 * still one message. */
static gboolean
write_message (HrmMailer             *self,
               const HrmMailMessage  *message,
               GError               **error)
{
  g_autofree char *date = format_date (message->created);
  g_autofree char *subject_header = encode_header (message->subject);
  g_autofree char *name = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *new_path = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;

  if (strpbrk (message->to, "\r\n") != NULL || strpbrk (message->uid, "/:.") != NULL)
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INVALID, _("The message cannot be written"));
      return FALSE;
    }

  name = g_strdup_printf ("%" G_GINT64_FORMAT ".%s.hrm-server", message->created, message->uid);
  if (already_delivered (self, name))
    {
      g_debug ("The message is in the mail folder already");
      return TRUE;
    }

  g_string_append_printf (text, "Date: %s\r\n", date);
  g_string_append_printf (text, "From: %s\r\n", FROM_ADDRESS);
  g_string_append_printf (text, "To: <%s>\r\n", message->to);
  g_string_append_printf (text, "Subject: %s\r\n", subject_header);
  g_string_append_printf (text, "Message-ID: <%s@hrm-server.invalid>\r\n", message->uid);
  g_string_append (text, "MIME-Version: 1.0\r\n");
  g_string_append (text, "Content-Type: text/plain; charset=utf-8\r\n");
  g_string_append (text, "Content-Transfer-Encoding: 8bit\r\n");
  g_string_append (text, "\r\n");

  lines = g_strsplit (message->body, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i + 1] == NULL && lines[i][0] == '\0')
        break;
      g_string_append_printf (text, "%s\r\n", lines[i]);
    }

  tmp_path = g_build_filename (self->directory, "tmp", name, NULL);
  new_path = g_build_filename (self->directory, "new", name, NULL);

  if (!g_file_set_contents_full (tmp_path, text->str, text->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;

  if (g_rename (tmp_path, new_path) != 0)
    {
      int saved = errno;

      g_set_error (error, HRM_ERROR, HRM_ERROR_FAILED, _("Cannot deliver the mail: %s"),
                   g_strerror (saved));
      g_unlink (tmp_path);
      return FALSE;
    }

  g_debug ("Wrote a message to the mail folder");
  return TRUE;
}

/* A local write: done at once, the answer comes from the main loop as a
 * network transport's would. */
static void
hrm_mailer_send_async (HrmMailTransport     *transport,
                       const HrmMailMessage *message,
                       GCancellable         *cancellable,
                       GAsyncReadyCallback   callback,
                       gpointer              user_data)
{
  HrmMailer *self = HRM_MAILER (transport);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;

  g_task_set_source_tag (task, hrm_mailer_send_async);

  if (write_message (self, message, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static gboolean
hrm_mailer_send_finish (HrmMailTransport  *transport,
                        GAsyncResult      *result,
                        GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, transport), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hrm_mailer_send_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
hrm_mailer_transport_init (HrmMailTransportInterface *iface)
{
  iface->send_async = hrm_mailer_send_async;
  iface->send_finish = hrm_mailer_send_finish;
}
