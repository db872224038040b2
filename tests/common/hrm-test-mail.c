/* hrm-test-mail.c — reading the messages hrm-server writes to its Maildir
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <gmime/gmime.h>
#include <string.h>

#include "hrm-test-server.h"

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

/* @message parsed by GMime, or NULL. */
static GMimeMessage *
parse (const char *message)
{
  GMimeStream *stream;
  GMimeParser *parser;
  GMimeMessage *parsed;

  ensure_gmime ();
  stream = g_mime_stream_mem_new_with_buffer (message, strlen (message));
  parser = g_mime_parser_new_with_stream (stream);
  parsed = g_mime_parser_construct_message (parser, NULL);
  g_object_unref (parser);
  g_object_unref (stream);
  return parsed;
}

typedef struct
{
  const char *subtype;
  char       *text;
} FindText;

static void
find_text (GMimeObject *parent,
           GMimeObject *part,
           gpointer     user_data)
{
  FindText *find = user_data;

  if (find->text == NULL && GMIME_IS_TEXT_PART (part)
      && g_mime_content_type_is_type (g_mime_object_get_content_type (part), "text", find->subtype))
    find->text = g_mime_text_part_get_text (GMIME_TEXT_PART (part));
}

char *
hrm_test_mail_get_text (const char *message,
                        const char *subtype)
{
  GMimeMessage *parsed;
  FindText find = { subtype, NULL };

  g_return_val_if_fail (message != NULL && subtype != NULL, NULL);

  parsed = parse (message);
  if (parsed == NULL)
    return NULL;
  if (GMIME_IS_TEXT_PART (g_mime_message_get_mime_part (parsed)))
    find_text (NULL, g_mime_message_get_mime_part (parsed), &find);
  else
    g_mime_message_foreach (parsed, find_text, &find);
  g_object_unref (parsed);

  /* Lines end in LF, as the server wrote the text before it went out. */
  if (find.text != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (find.text, "\r\n", -1);

      g_free (find.text);
      find.text = g_strjoinv ("\n", lines);
    }
  return find.text;
}

char *
hrm_test_mail_decode_header (const char *message,
                             const char *name)
{
  g_autofree char *raw = hrm_test_mail_get_header (message, name);

  if (raw == NULL)
    return NULL;
  ensure_gmime ();
  return g_mime_utils_header_decode_text (NULL, raw);
}

/* The header block ends at the first empty line (CRLF or LF). */
static const char *
find_body (const char *message)
{
  const char *crlf = strstr (message, "\r\n\r\n");
  const char *lf = strstr (message, "\n\n");

  if (crlf != NULL && (lf == NULL || crlf < lf))
    return crlf + 4;
  if (lf != NULL)
    return lf + 2;
  return message + strlen (message);
}

char *
hrm_test_mail_get_header (const char *message,
                          const char *name)
{
  g_autofree char *headers = NULL;
  g_auto(GStrv) lines = NULL;
  GString *value = NULL;
  gsize name_len;

  g_return_val_if_fail (message != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  name_len = strlen (name);
  headers = g_strndup (message, find_body (message) - message);
  lines = g_strsplit (headers, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize len = strlen (line);

      if (len > 0 && line[len - 1] == '\r')
        line[len - 1] = '\0';

      if (value != NULL)
        {
          /* A folded continuation line starts with white space. */
          if (line[0] == ' ' || line[0] == '\t')
            {
              g_string_append (value, line);
              continue;
            }
          break;
        }

      if (g_ascii_strncasecmp (line, name, name_len) == 0 && line[name_len] == ':')
        value = g_string_new (line + name_len + 1);
    }

  if (value == NULL)
    return NULL;

  return g_strstrip (g_string_free (value, FALSE));
}

static int
hex_value (char c)
{
  return g_ascii_isxdigit (c) ? g_ascii_xdigit_value (c) : -1;
}

static char *
decode_quoted_printable (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (*p != '=')
        {
          g_string_append_c (out, *p);
          continue;
        }

      if (p[1] == '\r' && p[2] == '\n')
        p += 2;
      else if (p[1] == '\n')
        p += 1;
      else if (hex_value (p[1]) >= 0 && hex_value (p[2]) >= 0)
        {
          g_string_append_c (out, (char) (hex_value (p[1]) * 16 + hex_value (p[2])));
          p += 2;
        }
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static gboolean
ends_url (char c)
{
  return c == '\0' || g_ascii_isspace (c) || c == '<' || c == '>' || c == '"' || c == '\'';
}

/* The first absolute URL in @body that contains @path_prefix. */
static char *
search_link (const char *body,
             const char *path_prefix)
{
  const char *search = body;

  while ((search = strstr (search, path_prefix)) != NULL)
    {
      const char *start = search;
      const char *end = search;

      while (start > body && !ends_url (start[-1]))
        start--;
      while (!ends_url (*end))
        end++;

      if (g_str_has_prefix (start, "http://") || g_str_has_prefix (start, "https://"))
        return g_strndup (start, end - start);

      search++;
    }

  return NULL;
}

char *
hrm_test_mail_extract_link (const char *message,
                            const char *path_prefix)
{
  g_autofree char *encoding = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *text = NULL;
  const char *body;

  g_return_val_if_fail (message != NULL, NULL);
  g_return_val_if_fail (path_prefix != NULL, NULL);

  /* A MIME message: the link in its plain-text part, decoded. */
  text = hrm_test_mail_get_text (message, "plain");
  if (text != NULL && strstr (text, path_prefix) != NULL)
    return search_link (text, path_prefix);

  body = find_body (message);
  encoding = hrm_test_mail_get_header (message, "Content-Transfer-Encoding");
  if (encoding != NULL && g_ascii_strcasecmp (encoding, "quoted-printable") == 0)
    body = decoded = decode_quoted_printable (body);

  return search_link (body, path_prefix);
}
