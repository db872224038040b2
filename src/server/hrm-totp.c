/* hrm-totp.c — time-based one-time passwords (RFC 6238) and their QR codes
 *
 * The second factor of the browser sign-in (hrm-server-authorize.c). liboath
 * computes and checks the codes; libqrencode draws the otpauth:// URI that an
 * authenticator app scans, as an SVG for the enrolment page and as block
 * characters for `hrm-server --enrol-totp` in a terminal.
 *
 * The secret has to be kept as it is (the server computes codes from it), so
 * it is stored in the clear in totp_factors; the database file must be kept
 * as private as the server's own key would be. The last step a code was
 * accepted for is stored beside it: a code, or an older one, never works
 * twice, even within its 90-s window.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-totp"

#include "config.h"

#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>
#include <string.h>

#include "hrm-error.h"
#include "hrm-totp.h"

#define SECRET_BYTES 20
/* Light modules around the code, as scanners need. */
#define QUIET_ZONE   4

static void
ensure_oath (void)
{
  static gsize initialised;

  if (g_once_init_enter (&initialised))
    {
      if (oath_init () != OATH_OK)
        g_error ("liboath could not be initialised");
      g_once_init_leave (&initialised, 1);
    }
}

char *
hrm_totp_new_secret (void)
{
  char bytes[SECRET_BYTES];
  char *encoded = NULL;
  size_t length = 0;
  char *secret;

  ensure_oath ();
  randombytes_buf (bytes, sizeof bytes);
  if (oath_base32_encode (bytes, sizeof bytes, &encoded, &length) != OATH_OK)
    g_error ("Out of memory");
  sodium_memzero (bytes, sizeof bytes);
  /* 20 bytes are 32 base32 characters: no padding to strip. */
  secret = g_strndup (encoded, length);
  sodium_memzero (encoded, length);
  free (encoded);
  return secret;
}

/* Only six digits: anything else is not a code, and never reaches liboath. */
static gboolean
is_code (const char *code)
{
  if (code == NULL || strlen (code) != HRM_TOTP_DIGITS)
    return FALSE;
  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

gint64
hrm_totp_check (const char *secret,
                gint64      now,
                gint64      last_step,
                const char *code)
{
  char *key = NULL;
  size_t key_length = 0;
  uint64_t counter = 0;
  int position = 0;
  int result;

  if (!is_code (code) || secret == NULL)
    return -1;

  ensure_oath ();
  if (oath_base32_decode (secret, strlen (secret), &key, &key_length) != OATH_OK)
    {
      g_warning ("A stored TOTP secret is not base32");
      return -1;
    }
  result = oath_totp_validate3 (key, key_length, (time_t) now, HRM_TOTP_STEP, 0,
                                HRM_TOTP_WINDOW, &position, &counter, code);
  sodium_memzero (key, key_length);
  free (key);

  if (result < 0 || (gint64) counter <= last_step)
    return -1;
  return (gint64) counter;
}

char *
hrm_totp_uri (const char *secret,
              const char *issuer,
              const char *account)
{
  g_autofree char *label = g_strdup_printf ("%s:%s", issuer, account);
  g_autofree char *escaped_label = g_uri_escape_string (label, ":@", FALSE);
  g_autofree char *escaped_issuer = g_uri_escape_string (issuer, NULL, FALSE);

  return g_strdup_printf ("otpauth://totp/%s?secret=%s&issuer=%s&algorithm=SHA1&digits=%d&period=%d",
                          escaped_label, secret, escaped_issuer, HRM_TOTP_DIGITS, HRM_TOTP_STEP);
}

static QRcode *
encode (const char *text)
{
  return QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
}

static gboolean
is_dark (const QRcode *qr,
         int           x,
         int           y)
{
  if (x < 0 || y < 0 || x >= qr->width || y >= qr->width)
    return FALSE;
  return (qr->data[y * qr->width + x] & 1) != 0;
}

char *
hrm_qr_svg (const char *text)
{
  QRcode *qr = encode (text);
  g_autoptr(GString) svg = NULL;
  int size;

  if (qr == NULL)
    return NULL;

  size = qr->width + 2 * QUIET_ZONE;
  svg = g_string_new (NULL);
  g_string_append_printf (svg,
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                          "width=\"%d\" height=\"%d\" shape-rendering=\"crispEdges\" "
                          "role=\"img\">"
                          "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
                          size, size, size * 5, size * 5, size, size);
  for (int y = 0; y < qr->width; y++)
    for (int x = 0; x < qr->width; x++)
      if (is_dark (qr, x, y))
        g_string_append_printf (svg, "M%d %dh1v1h-1z", x + QUIET_ZONE, y + QUIET_ZONE);
  g_string_append (svg, "\"/></svg>");
  QRcode_free (qr);
  return g_string_free (g_steal_pointer (&svg), FALSE);
}

char *
hrm_qr_terminal (const char *text)
{
  QRcode *qr = encode (text);
  g_autoptr(GString) out = NULL;

  if (qr == NULL)
    return NULL;

  /* White on black whatever the terminal's colours: a light module is a
   * white half of a block, two rows of modules to a line. */
  out = g_string_new (NULL);
  for (int y = -QUIET_ZONE; y < qr->width + QUIET_ZONE; y += 2)
    {
      g_string_append (out, "\033[37;40m");
      for (int x = -QUIET_ZONE; x < qr->width + QUIET_ZONE; x++)
        {
          gboolean top = !is_dark (qr, x, y);
          gboolean bottom = y + 1 < qr->width + QUIET_ZONE && !is_dark (qr, x, y + 1);

          g_string_append (out, top && bottom ? "█" : top ? "▀" : bottom ? "▄" : " ");
        }
      g_string_append (out, "\033[0m\n");
    }
  QRcode_free (qr);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
hrm_totp_load (HrmDb       *db,
               gint64       user_pk,
               char       **out_secret,
               gint64      *out_last_step,
               GError     **error)
{
  g_autoptr(HrmStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  *out_secret = NULL;
  *out_last_step = 0;
  stmt = hrm_db_prepare (db, "SELECT secret, last_step FROM totp_factors WHERE user_pk = ?", error);
  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_int (stmt, 1, user_pk);
  if (!hrm_stmt_step (stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *out_secret = hrm_stmt_dup_text (stmt, 0);
  *out_last_step = hrm_stmt_get_int (stmt, 1);
  return TRUE;
}

gboolean
hrm_totp_store (HrmDb       *db,
                gint64       user_pk,
                const char  *secret,
                gint64       last_step,
                GError     **error)
{
  g_autoptr(HrmStmt) stmt = NULL;

  stmt = hrm_db_prepare (db,
                         "INSERT INTO totp_factors (user_pk, secret, last_step, created_at)"
                         " VALUES (?, ?, ?, ?) ON CONFLICT (user_pk) DO UPDATE SET"
                         " secret = excluded.secret, last_step = excluded.last_step,"
                         " created_at = excluded.created_at",
                         error);
  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_int (stmt, 1, user_pk);
  hrm_stmt_bind_text (stmt, 2, secret);
  hrm_stmt_bind_int (stmt, 3, last_step);
  hrm_stmt_bind_int (stmt, 4, hrm_db_now ());
  return hrm_stmt_run (stmt, error);
}

gboolean
hrm_totp_use_step (HrmDb       *db,
                   gint64       user_pk,
                   gint64       step,
                   GError     **error)
{
  g_autoptr(HrmStmt) stmt = NULL;

  /* Conditional, so that two requests with the same code cannot both pass. */
  stmt = hrm_db_prepare (db, "UPDATE totp_factors SET last_step = ? WHERE user_pk = ? AND last_step < ?",
                         error);
  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_int (stmt, 1, step);
  hrm_stmt_bind_int (stmt, 2, user_pk);
  hrm_stmt_bind_int (stmt, 3, step);
  if (!hrm_stmt_run (stmt, error))
    return FALSE;
  if (hrm_db_changes (db) != 1)
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_CONFLICT, "This code was already used");
      return FALSE;
    }
  return TRUE;
}
