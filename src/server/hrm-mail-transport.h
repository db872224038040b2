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

/* One message: a plain-text body and, optionally, the same as HTML. The
 * strings are borrowed for the call only: a transport that needs them later
 * copies them (or the bytes hrm_mail_format() makes of them). */
typedef struct
{
  const char *uid;      /* names the message (file name, Message-ID); the same on every attempt */
  gint64      created;  /* when it was queued (its Date), seconds since the epoch */
  const char *from;     /* (nullable) the sender's address; NULL for HRM_MAIL_DEFAULT_FROM */
  const char *to;       /* one address, no CR or LF */
  const char *to_name;  /* (nullable) the recipient's display name */
  const char *subject;
  const char *body;     /* lines end in '\n' */
  const char *html;     /* (nullable) the HTML alternative of @body */
} HrmMailMessage;

/* The sender when --mail-from is not given. */
#define HRM_MAIL_DEFAULT_FROM      "no-reply@hrm-server.invalid"
#define HRM_MAIL_DEFAULT_FROM_NAME "Visma Connect (HRM demo)"

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
