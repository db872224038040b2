/* mailer-loop.c — a mail transport's own ceiling: sends N messages with
 * HrmMailer (or, given a URL, HrmSmtp), one after another as the outbox
 * does, and prints mails per second. No database, no HTTP, no pacing. Built
 * by bench/bulk-jobs.sh and bench/smtp.sh.
 *
 * Usage: mailer-loop DIRECTORY N [SMTP-URL]
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <stdlib.h>

#include "hrm-mailer.h"
#include "hrm-smtp.h"

typedef struct
{
  HrmMailTransport *mailer;
  GMainLoop        *loop;
  guint             sent;
  guint             n;
} Loop;

static void send_next (Loop *l);

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Loop *l = user_data;
  g_autoptr(GError) error = NULL;

  if (!hrm_mail_transport_send_finish (l->mailer, result, &error))
    g_error ("%s", error->message);
  if (++l->sent == l->n)
    g_main_loop_quit (l->loop);
  else
    send_next (l);
}

static void
send_next (Loop *l)
{
  g_autofree char *uid = g_strdup_printf ("bench-%u", l->sent);
  g_autofree char *to = g_strdup_printf ("user%u@example.com", l->sent);
  HrmMailMessage message = {
    .uid = uid,
    .created = g_get_real_time () / G_USEC_PER_SEC,
    .to = to,
    .subject = "Confirm your email address",
    .body = "Hello,\n\nOpen this link to confirm your address:\n"
            "https://hrm.example.com/connect/verify?token=0123456789abcdef0123456789abcdef\n",
  };

  hrm_mail_transport_send_async (l->mailer, &message, NULL, on_sent, l);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  Loop l = { 0 };
  gint64 start;
  double seconds;

  if (argc != 3 && argc != 4)
    {
      fprintf (stderr, "Usage: %s DIRECTORY N [SMTP-URL]\n", argv[0]);
      return 2;
    }
  l.n = (guint) atoi (argv[2]);
  if (argc == 4)
    l.mailer = HRM_MAIL_TRANSPORT (hrm_smtp_new (argv[3], &error));
  else
    l.mailer = HRM_MAIL_TRANSPORT (hrm_mailer_new (argv[1], &error));
  if (l.mailer == NULL)
    g_error ("%s", error->message);
  l.loop = g_main_loop_new (NULL, FALSE);

  start = g_get_monotonic_time ();
  send_next (&l);
  g_main_loop_run (l.loop);
  seconds = (g_get_monotonic_time () - start) / 1e6;

  printf ("%u mails in %.2f s: %.0f mails/s\n", l.n, seconds, l.n / seconds);
  g_main_loop_unref (l.loop);
  g_object_unref (l.mailer);
  return 0;
}
