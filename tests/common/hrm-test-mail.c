/* hrm-test-mail.c — reading the messages hrm-server writes to its Maildir
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>

#include "hrm-test-server.h"

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

char *
hrm_test_mail_extract_link (const char *message,
                            const char *path_prefix)
{
  g_autofree char *encoding = NULL;
  g_autofree char *decoded = NULL;
  const char *body;
  const char *search;

  g_return_val_if_fail (message != NULL, NULL);
  g_return_val_if_fail (path_prefix != NULL, NULL);

  body = find_body (message);
  encoding = hrm_test_mail_get_header (message, "Content-Transfer-Encoding");
  if (encoding != NULL && g_ascii_strcasecmp (encoding, "quoted-printable") == 0)
    body = decoded = decode_quoted_printable (body);

  search = body;
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
