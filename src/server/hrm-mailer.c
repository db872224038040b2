/* hrm-mailer.c — writes outgoing mail into a Maildir
 *
 * The server sends no mail itself: each message becomes one RFC 5322 file in
 * DIR/new/, written to DIR/tmp/ first and renamed, so a reader never sees half
 * a message. A person (or a test) opens the file to follow the link.
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
#include "hrm-tokens.h"

#define FROM_ADDRESS "\"Visma Connect (HRM demo)\" <no-reply@hrm-server.invalid>"

struct _HrmMailer
{
  char  *directory;
  guint  counter;
};

HrmMailer *
hrm_mailer_new (const char  *directory,
                GError     **error)
{
  const char *subdirs[] = { "tmp", "new", "cur" };
  g_autoptr(HrmMailer) self = g_new0 (HrmMailer, 1);

  g_return_val_if_fail (directory != NULL, NULL);

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

void
hrm_mailer_free (HrmMailer *self)
{
  if (self == NULL)
    return;
  g_free (self->directory);
  g_free (self);
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
format_date (void)
{
  static const char *days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_strdup_printf ("%s, %02d %s %d %02d:%02d:%02d +0000",
                          days[g_date_time_get_day_of_week (now) - 1],
                          g_date_time_get_day_of_month (now),
                          months[g_date_time_get_month (now) - 1],
                          g_date_time_get_year (now),
                          g_date_time_get_hour (now),
                          g_date_time_get_minute (now),
                          g_date_time_get_second (now));
}

/**
 * hrm_mailer_send:
 * Writes one plain-text message to @to. The body should end in a newline;
 * lines are sent as they are (8bit).
 */
gboolean
hrm_mailer_send (HrmMailer   *self,
                 const char  *to,
                 const char  *subject,
                 const char  *body,
                 GError     **error)
{
  g_autofree char *date = format_date ();
  g_autofree char *random = hrm_token_generate ();
  g_autofree char *subject_header = encode_header (subject);
  g_autofree char *name = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *new_path = NULL;
  g_autoptr(GString) message = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (to != NULL && strpbrk (to, "\r\n") == NULL, FALSE);

  g_string_append_printf (message, "Date: %s\r\n", date);
  g_string_append_printf (message, "From: %s\r\n", FROM_ADDRESS);
  g_string_append_printf (message, "To: <%s>\r\n", to);
  g_string_append_printf (message, "Subject: %s\r\n", subject_header);
  g_string_append_printf (message, "Message-ID: <%.16s.%u@hrm-server.invalid>\r\n", random,
                          ++self->counter);
  g_string_append (message, "MIME-Version: 1.0\r\n");
  g_string_append (message, "Content-Type: text/plain; charset=utf-8\r\n");
  g_string_append (message, "Content-Transfer-Encoding: 8bit\r\n");
  g_string_append (message, "\r\n");

  lines = g_strsplit (body, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i + 1] == NULL && lines[i][0] == '\0')
        break;
      g_string_append_printf (message, "%s\r\n", lines[i]);
    }

  name = g_strdup_printf ("%" G_GINT64_FORMAT ".P%dQ%u.%.12s.hrm-server",
                          g_get_real_time () / G_USEC_PER_SEC, (int) getpid (), self->counter, random);
  tmp_path = g_build_filename (self->directory, "tmp", name, NULL);
  new_path = g_build_filename (self->directory, "new", name, NULL);

  if (!g_file_set_contents_full (tmp_path, message->str, message->len,
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
