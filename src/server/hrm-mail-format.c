/* hrm-mail-format.c — a message as RFC 5322 bytes, composed by GMime
 *
 * Every transport sends the same bytes: the Maildir writes them to a file,
 * SMTP hands them to the server. GMime writes what is easy to get wrong by
 * hand: RFC 2047 encoded words no longer than 75 characters (a Swedish
 * subject or name is split over several), folded header lines, an encoded
 * display name in To, the Date in RFC 5322 form whatever the locale, and a
 * multipart/alternative body whose parts are quoted-printable, so no line is
 * longer than 76 characters and 8-bit text crosses any SMTP server.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-mail"

#include "config.h"

#include <gmime/gmime.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "hrm-error.h"
#include "hrm-mail-format.h"

/* GMime 3.2 declares no cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMessage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeDataWrapper, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimePart, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMultipart, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (InternetAddress, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeFormatOptions, g_mime_format_options_free)

/* GMime is set up once for the process (it keeps charset tables); the
 * server never shuts it down, as it never stops formatting before exit. */
static void
ensure_gmime (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      g_mime_init ();
      g_once_init_leave (&initialised, 1);
    }
}

static gboolean
has_line_break (const char *text)
{
  return text != NULL && strpbrk (text, "\r\n") != NULL;
}

/**
 * hrm_mail_format_domain:
 * The domain of @address (after its last '@'), for the Message-ID; the
 * default sender's when it has none.
 */
char *
hrm_mail_format_domain (const char *address)
{
  const char *at = address ? strrchr (address, '@') : NULL;

  if (at == NULL || at[1] == '\0')
    at = strrchr (HRM_MAIL_DEFAULT_FROM, '@');
  return g_strdup (at + 1);
}

/* A UTF-8 text part, quoted-printable. */
static GMimePart *
text_part (const char *subtype,
           const char *text)
{
  g_autoptr(GMimeStream) stream = g_mime_stream_mem_new_with_buffer (text, strlen (text));
  g_autoptr(GMimeDataWrapper) content = g_mime_data_wrapper_new_with_stream (stream,
                                                                            GMIME_CONTENT_ENCODING_DEFAULT);
  GMimeTextPart *part = g_mime_text_part_new_with_subtype (subtype);

  g_mime_part_set_content (GMIME_PART (part), content);
  g_mime_text_part_set_charset (part, "utf-8");
  g_mime_part_set_content_encoding (GMIME_PART (part), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  return GMIME_PART (part);
}

/* @name <@address>, the name encoded in UTF-8 words when it needs to be. */
static void
add_mailbox (GMimeMessage     *message,
             GMimeAddressType  type,
             const char       *name,
             const char       *address)
{
  InternetAddressList *list = g_mime_message_get_addresses (message, type);
  g_autoptr(InternetAddress) mailbox = internet_address_mailbox_new (name ? name : "", address);

  internet_address_set_charset (mailbox, "utf-8");
  internet_address_list_add (list, mailbox);
}

/**
 * hrm_mail_format:
 * Composes @message: Date, From, To (with the display name), Subject,
 * Message-ID (from the uid, so a repeated delivery repeats it), and a
 * text/plain part, or multipart/alternative with the HTML part after it.
 *
 * Returns: (transfer full): the message with CRLF line ends, or %NULL when a
 *   header value holds a line break.
 */
GBytes *
hrm_mail_format (const HrmMailMessage  *message,
                 GError               **error)
{
  g_autoptr(GMimeMessage) mime = NULL;
  g_autoptr(GMimeFormatOptions) options = NULL;
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GMimeStream) stream = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *message_id = NULL;
  g_autoptr(GMimePart) text = NULL;
  GByteArray *array;

  g_return_val_if_fail (message != NULL && message->uid != NULL && message->to != NULL, NULL);

  if (has_line_break (message->to) || has_line_break (message->to_name)
      || has_line_break (message->from) || has_line_break (message->subject)
      || strpbrk (message->uid, "<>@ \r\n") != NULL)
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INVALID, _("The message cannot be written"));
      return NULL;
    }

  ensure_gmime ();
  mime = g_mime_message_new (TRUE);

  add_mailbox (mime, GMIME_ADDRESS_TYPE_FROM,
               message->from ? NULL : HRM_MAIL_DEFAULT_FROM_NAME,
               message->from ? message->from : HRM_MAIL_DEFAULT_FROM);
  add_mailbox (mime, GMIME_ADDRESS_TYPE_TO, message->to_name, message->to);
  g_mime_message_set_subject (mime, message->subject, "utf-8");
  date = g_date_time_new_from_unix_utc (message->created);
  g_mime_message_set_date (mime, date);
  domain = hrm_mail_format_domain (message->from);
  message_id = g_strdup_printf ("%s@%s", message->uid, domain);
  g_mime_message_set_message_id (mime, message_id);

  text = text_part ("plain", message->body);
  if (message->html == NULL)
    g_mime_message_set_mime_part (mime, GMIME_OBJECT (text));
  else
    {
      g_autoptr(GMimeMultipart) alternative = g_mime_multipart_new_with_subtype ("alternative");
      g_autoptr(GMimePart) html = text_part ("html", message->html);

      /* Least to most preferred (RFC 2046 5.1.4). */
      g_mime_multipart_add (alternative, GMIME_OBJECT (text));
      g_mime_multipart_add (alternative, GMIME_OBJECT (html));
      g_mime_message_set_mime_part (mime, GMIME_OBJECT (alternative));
    }

  options = g_mime_format_options_new ();
  g_mime_format_options_set_newline_format (options, GMIME_NEWLINE_FORMAT_DOS);
  stream = g_mime_stream_mem_new ();
  if (g_mime_object_write_to_stream (GMIME_OBJECT (mime), options, stream) < 0
      || g_mime_stream_flush (stream) < 0)
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_FAILED, _("The message cannot be written"));
      return NULL;
    }

  array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (stream));
  return g_bytes_new (array->data, array->len);
}
