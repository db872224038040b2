/* hrm-outbox.h — mail queued with its transaction, delivered after the commit
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hrm-db.h"
#include "hrm-mail-texts.h"
#include "hrm-mail-transport.h"

G_BEGIN_DECLS

/* How often a row is tried before it is given up (state failed), and the
 * wait before the second try; each further wait is twice the one before,
 * up to HRM_OUTBOX_MAX_DELAY. */
#define HRM_OUTBOX_MAX_ATTEMPTS 8
#define HRM_OUTBOX_RETRY_DELAY  30
#define HRM_OUTBOX_MAX_DELAY    3600

#define HRM_TYPE_OUTBOX (hrm_outbox_get_type ())

G_DECLARE_FINAL_TYPE (HrmOutbox, hrm_outbox, HRM, OUTBOX, GObject)

/* What a queued mail is made of; all borrowed. */
typedef struct
{
  HrmMailKind  kind;
  gint64       user_pk;          /* whom it is about, or 0 */
  const char  *to;               /* the address it goes to (also the one the text names) */
  const char  *name;             /* how to greet them */
  const char  *language;         /* their users.locale */
  const char  *organisation;     /* (nullable) */
  const char  *link;             /* the absolute URL with the one-time token */
  gint64       link_expires_at;  /* when the link ends, seconds since the epoch */
} HrmOutboxMail;

/* For hrm_outbox_cancel(): every kind. */
#define HRM_OUTBOX_ANY_KIND (-1)

gboolean   hrm_outbox_queue         (HrmDb               *db,
                                     const HrmOutboxMail *mail,
                                     GError             **error);
gboolean   hrm_outbox_tag_bulk_item (HrmDb               *db,
                                     gint64               user_pk,
                                     gint64               job_id,
                                     gint64               seq,
                                     GError             **error);
gboolean   hrm_outbox_cancel        (HrmDb               *db,
                                     gint64               user_pk,
                                     int                  kind,
                                     GError             **error);

HrmOutbox *hrm_outbox_new           (HrmDb               *db,
                                     HrmMailTransport    *transport);
void       hrm_outbox_deliver_soon  (HrmOutbox           *self);
void       hrm_outbox_set_held      (HrmOutbox           *self,
                                     gboolean             held);
void       hrm_outbox_set_retry_delay (HrmOutbox         *self,
                                     gint64               seconds);
void       hrm_outbox_set_from      (HrmOutbox           *self,
                                     const char          *address);
void       hrm_outbox_set_time_zone (HrmOutbox           *self,
                                     GTimeZone           *time_zone);
void       hrm_outbox_stop          (HrmOutbox           *self);

G_END_DECLS
