/* test-mail-format.c — the bytes a mail goes out as, read back by GMime
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <gmime/gmime.h>
#include <string.h>

#include "hrm-error.h"
#include "hrm-mail-format.h"

/* Longer than one encoded word may be (75 characters), with å, ä and ö. */
#define LONG_SUBJECT "Bekräfta din e-postadress för Västra Götalandsregionens hälso- och " \
                     "sjukvårdsförvaltning, Område Östra Älvsborg"
#define NAME "Åsa Öberg-Ärlemalm"
#define LINK "http://127.0.0.1:8080/connect/verify?token=abcdefghijklmnopqrstuvwxyz_" \
             "ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789"

static GMimeMessage *
parse (GBytes *bytes)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  GMimeStream *stream = g_mime_stream_mem_new_with_buffer (data, length);
  GMimeParser *parser = g_mime_parser_new_with_stream (stream);
  GMimeMessage *message = g_mime_parser_construct_message (parser, NULL);

  g_object_unref (parser);
  g_object_unref (stream);
  g_assert_nonnull (message);
  return message;
}

/* The Subject and To of @bytes as Python's email module reads them, one a
 * line. Not GMime: its decoder (3.2.13) joins adjacent base64 words before
 * decoding them and loses the text after a word's padding, though each word
 * is whole as RFC 2047 wants (which this reader checks). */
static char *
read_with_python (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) python = NULL;
  g_autoptr(GBytes) out = NULL;

  python = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             "python3", "-c",
                             "import email, email.policy, sys\n"
                             "m = email.message_from_binary_file(sys.stdin.buffer,"
                             " policy=email.policy.default)\n"
                             "sys.stdout.buffer.write((str(m['subject']) + '\\n' + str(m['to'])"
                             " + '\\n').encode())\n", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate (python, bytes, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (python));
  return g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
}

static char *
part_text (GMimeObject *part,
           const char  *subtype)
{
  g_assert_true (GMIME_IS_TEXT_PART (part));
  g_assert_true (g_mime_content_type_is_type (g_mime_object_get_content_type (part), "text",
                                              subtype));
  g_assert_cmpstr (g_mime_object_get_content_type_parameter (part, "charset"), ==, "utf-8");
  return g_mime_text_part_get_text (GMIME_TEXT_PART (part));
}

static void
test_headers_and_parts (void)
{
  HrmMailMessage message = {
    .uid = "Ul10ldU6qE0uq7wC67P2HZ",
    .created = 1795000000,
    .from = "hr@nordljus.example",
    .to = "asa.oberg@example.se",
    .to_name = NAME,
    .subject = LONG_SUBJECT,
    .body = "Hej Åsa!\n\n" LINK "\n",
    .html = "<p>Hej Åsa!</p><p><a href=\"" LINK "\">Bekräfta</a></p>",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = hrm_mail_format (&message, &error);
  g_autofree char *raw = NULL;
  g_auto(GStrv) lines = NULL;
  GMimeMessage *parsed;
  GMimeObject *body;
  InternetAddressList *to;
  InternetAddress *address;
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;
  g_autofree char *read = NULL;
  GDateTime *date;

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  raw = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_test_message ("%s", raw);

  /* Every line ends in CRLF and is short (RFC 5322: 78), every encoded word
   * at most 75 characters (RFC 2047), and nothing is 8-bit. */
  lines = g_strsplit (raw, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *word = lines[i];

      g_assert_null (strchr (lines[i], '\n'));
      g_assert_cmpuint (strlen (lines[i]), <=, 78);
      for (const char *p = lines[i]; *p; p++)
        g_assert_cmpuint ((guchar) *p, <, 0x80);
      while ((word = strstr (word, "=?")) != NULL)
        {
          const char *end = strstr (word + 2, "?=");

          g_assert_nonnull (end);
          /* charset ? encoding ? text ?= */
          end = strstr (strchr (strchr (word + 2, '?') + 1, '?') + 1, "?=");
          g_assert_cmpint (end + 2 - word, <=, 75);
          word = end + 2;
        }
    }
  g_assert_nonnull (strstr (raw, "=?"));  /* the subject needed encoding */

  read = read_with_python (bytes);
  g_assert_cmpstr (read, ==, LONG_SUBJECT "\n" NAME " <asa.oberg@example.se>\n");

  parsed = parse (bytes);
  to = g_mime_message_get_to (parsed);
  g_assert_cmpint (internet_address_list_length (to), ==, 1);
  address = internet_address_list_get_address (to, 0);
  g_assert_cmpstr (internet_address_get_name (address), ==, NAME);
  g_assert_cmpstr (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address)), ==,
                   "asa.oberg@example.se");
  g_assert_cmpstr (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (
                     internet_address_list_get_address (g_mime_message_get_from (parsed), 0))),
                   ==, "hr@nordljus.example");
  g_assert_cmpstr (g_mime_message_get_message_id (parsed), ==,
                   "Ul10ldU6qE0uq7wC67P2HZ@nordljus.example");
  date = g_mime_message_get_date (parsed);
  g_assert_nonnull (date);
  g_assert_cmpint (g_date_time_to_unix (date), ==, 1795000000);

  /* multipart/alternative: the plain text first, then the HTML. */
  body = g_mime_message_get_mime_part (parsed);
  g_assert_true (GMIME_IS_MULTIPART (body));
  g_assert_true (g_mime_content_type_is_type (g_mime_object_get_content_type (body), "multipart",
                                              "alternative"));
  g_assert_cmpint (g_mime_multipart_get_count (GMIME_MULTIPART (body)), ==, 2);
  text = part_text (g_mime_multipart_get_part (GMIME_MULTIPART (body), 0), "plain");
  html = part_text (g_mime_multipart_get_part (GMIME_MULTIPART (body), 1), "html");
  g_assert_nonnull (strstr (text, "Hej Åsa!"));
  g_assert_nonnull (strstr (text, "\n" LINK "\r\n"));
  g_assert_nonnull (strstr (html, "href=\"" LINK "\""));

  g_object_unref (parsed);
}

static void
test_default_sender_plain (void)
{
  HrmMailMessage message = {
    .uid = "abc",
    .created = 0,
    .to = "anna@example.com",
    .subject = "Confirm your email address",
    .body = "Hello\n",
  };
  g_autoptr(GBytes) bytes = hrm_mail_format (&message, NULL);
  GMimeMessage *parsed = parse (bytes);
  InternetAddress *from = internet_address_list_get_address (g_mime_message_get_from (parsed), 0);

  g_assert_cmpstr (internet_address_get_name (from), ==, HRM_MAIL_DEFAULT_FROM_NAME);
  g_assert_cmpstr (g_mime_message_get_message_id (parsed), ==, "abc@hrm-server.invalid");
  g_assert_true (GMIME_IS_TEXT_PART (g_mime_message_get_mime_part (parsed)));
  g_object_unref (parsed);
}

/* A header cannot be bent to carry another. */
static void
test_refuses_line_breaks (void)
{
  HrmMailMessage message = {
    .uid = "abc",
    .to = "anna@example.com",
    .to_name = "Anna\r\nBcc: eve@example.com",
    .subject = "Hi",
    .body = "Hello\n",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = hrm_mail_format (&message, &error);

  g_assert_null (bytes);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mail-format/headers-and-parts", test_headers_and_parts);
  g_test_add_func ("/mail-format/default-sender", test_default_sender_plain);
  g_test_add_func ("/mail-format/line-breaks", test_refuses_line_breaks);

  return g_test_run ();
}
