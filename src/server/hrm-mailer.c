/* hrm-mailer.c — the Maildir mail transport
 *
 * With --mail-dir the server sends no mail itself: each message becomes one
 * RFC 5322 file (composed in hrm-mail-format.c) in DIR/new/, written to
 * DIR/tmp/ first and renamed, so a reader never sees half a message. A person (or a test) opens the file to follow the link. The file
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
#include "hrm-mail-format.h"
#include "hrm-mailer.h"

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

/* Writes one message (hrm_mail_format()) as DIR/new/CREATED.UID.hrm-server
 * (through tmp/; names sort by age). The name and the text come from the
 * message alone, so a repeated delivery finds it there, or writes the same
 * file: still one message. */
static gboolean
write_message (HrmMailer             *self,
               const HrmMailMessage  *message,
               GError               **error)
{
  g_autofree char *name = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *new_path = NULL;
  g_autoptr(GBytes) text = NULL;
  gsize length;
  const char *data;

  if (strpbrk (message->uid, "/:.") != NULL)
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

  text = hrm_mail_format (message, error);
  if (text == NULL)
    return FALSE;
  data = g_bytes_get_data (text, &length);

  tmp_path = g_build_filename (self->directory, "tmp", name, NULL);
  new_path = g_build_filename (self->directory, "new", name, NULL);

  if (!g_file_set_contents_full (tmp_path, data, length,
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
