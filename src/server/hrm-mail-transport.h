/* hrm-mail-transport.h — how a message leaves the server
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HRM_TYPE_MAIL_TRANSPORT (hrm_mail_transport_get_type ())

G_DECLARE_INTERFACE (HrmMailTransport, hrm_mail_transport, HRM, MAIL_TRANSPORT, GObject)

/* One plain-text message. The strings are borrowed for the call only: a
 * transport that needs them later copies them. */
typedef struct
{
  const char *uid;      /* names the message (file name, Message-ID); the same on every attempt */
  gint64      created;  /* when it was queued (its Date), seconds since the epoch */
  const char *to;       /* one address, no CR or LF */
  const char *subject;
  const char *body;     /* lines end in '\n' */
} HrmMailMessage;

struct _HrmMailTransportInterface
{
  GTypeInterface parent_iface;

  void     (*send_async)  (HrmMailTransport     *self,
                           const HrmMailMessage *message,
                           GCancellable         *cancellable,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data);
  gboolean (*send_finish) (HrmMailTransport     *self,
                           GAsyncResult         *result,
                           GError              **error);
};

void     hrm_mail_transport_send_async  (HrmMailTransport     *self,
                                         const HrmMailMessage *message,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean hrm_mail_transport_send_finish (HrmMailTransport     *self,
                                         GAsyncResult         *result,
                                         GError              **error);

G_END_DECLS
