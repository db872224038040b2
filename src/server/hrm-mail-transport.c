/* hrm-mail-transport.c — how a message leaves the server
 *
 * The outbox (hrm-outbox.c) hands each message to one transport: today the
 * Maildir (hrm-mailer.c); a network transport (SMTP) implements the same two
 * calls. The contract every transport keeps:
 *
 *  - Sending the same message (same uid) again after a success, or after a
 *    crash that left the outbox not knowing of the success, must not give the
 *    recipient two messages: the Maildir names its file after the uid, a
 *    network transport uses the uid in the Message-ID.
 *  - A failure that will not go away by trying again (an address the other
 *    side refuses for good) is HRM_ERROR_INVALID; anything else is tried again
 *    later with the error kept as the row's last_error. Error messages never
 *    contain the message's body (it holds a one-time link).
 *  - Cancelled (the server is stopping), a send ends soon: with
 *    G_IO_ERROR_CANCELLED while the message has not all gone (the other side
 *    then has no message, and the row stays queued as if never tried), or as
 *    it would have once it has (its answer is awaited, briefly).
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-mail-transport"

#include "config.h"

#include "hrm-mail-transport.h"

G_DEFINE_INTERFACE (HrmMailTransport, hrm_mail_transport, G_TYPE_OBJECT)

static void
hrm_mail_transport_default_init (HrmMailTransportInterface *iface)
{
}

void
hrm_mail_transport_send_async (HrmMailTransport     *self,
                               const HrmMailMessage *message,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  g_return_if_fail (HRM_IS_MAIL_TRANSPORT (self));
  g_return_if_fail (message != NULL && message->uid != NULL && message->to != NULL);
  g_return_if_fail (message->subject != NULL && message->body != NULL);

  HRM_MAIL_TRANSPORT_GET_IFACE (self)->send_async (self, message, cancellable, callback, user_data);
}

gboolean
hrm_mail_transport_send_finish (HrmMailTransport  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (HRM_IS_MAIL_TRANSPORT (self), FALSE);

  return HRM_MAIL_TRANSPORT_GET_IFACE (self)->send_finish (self, result, error);
}
