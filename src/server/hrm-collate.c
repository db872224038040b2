/* hrm-collate.c — Swedish alphabetical order for SQLite ("HRM_SV")
 *
 * How a Swedish reader expects a list of names: A … Z, then Å, Ä, Ö as
 * letters of their own (Æ sorts as Ä and Ø as Ö, as in Swedish dictionaries),
 * without regard to case, and other accents ignored: É as E, Č as C, ı as I,
 * ß as SS; Ü as Y (the Swedish tradition). Spaces and punctuation sort before
 * digits, digits before letters, letters of other scripts after Ö.
 *
 * Each string becomes a sequence of weights, one or more per character, made
 * on the fly while two strings are compared (no allocation): ASCII directly,
 * other characters through their full (compatibility) decomposition with the
 * marks dropped. Decomposed å, ä, ö (a + U+030A, a + U+0308, o + U+0308) are
 * recognised too. Strings with the same weights are equal, as NOCASE makes
 * "Berg" and "BERG" equal: the list then orders them by id.
 *
 * Every connection that touches an index with this collation must register
 * it (hrm_collate_register): SQLite refuses such statements otherwise ("no
 * such collation sequence: HRM_SV").
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-collate"

#include "config.h"

#include <string.h>

#include "hrm-collate.h"

/* Weights: a character's (lower-case) code point times four, which leaves
 * room for the three Swedish letters right after z. */
#define WEIGHT(c)     ((guint32) (c) << 2)
#define WEIGHT_AA     (WEIGHT ('z') + 1)  /* å */
#define WEIGHT_AE     (WEIGHT ('z') + 2)  /* ä, æ */
#define WEIGHT_OE     (WEIGHT ('z') + 3)  /* ö, ø */
#define WEIGHT_BYTE(b) WEIGHT (0x110000 + (b))  /* a byte that is not UTF-8, after everything */
#define MAX_WEIGHTS   4

#define RING      0x030A  /* combining ring above, UTF-8 CC 8A */
#define DIAERESIS 0x0308  /* combining diaeresis, UTF-8 CC 88 */

typedef struct
{
  const guchar *p;
  const guchar *end;
  guint32       weights[MAX_WEIGHTS];
  guint         n_weights;
  guint         next;
} KeyIter;

/* The weight of a Swedish letter (å, ä, ö, ü and their relatives), or 0. */
static guint32
swedish_weight (gunichar c)
{
  switch (c)
    {
    case 0x00E5: case 0x00C5:                             /* å Å */
      return WEIGHT_AA;
    case 0x00E4: case 0x00C4: case 0x00E6: case 0x00C6:   /* ä Ä æ Æ */
      return WEIGHT_AE;
    case 0x00F6: case 0x00D6: case 0x00F8: case 0x00D8:   /* ö Ö ø Ø */
    case 0x0151: case 0x0150:                             /* ő Ő */
      return WEIGHT_OE;
    case 0x00FC: case 0x00DC: case 0x0171: case 0x0170:   /* ü Ü ű Ű */
      return WEIGHT ('y');
    case 0x0141: case 0x0142:                             /* Ł ł */
      return WEIGHT ('l');
    case 0x0110: case 0x0111: case 0x00D0: case 0x00F0:   /* Đ đ Ð ð */
      return WEIGHT ('d');
    case 0x0131:                                          /* dotless ı */
      return WEIGHT ('i');
    default:
      return 0;
    }
}

/* A base letter followed by a combining mark that makes it å, ä, ö or ü. */
static guint32
combined_weight (gunichar base,
                 gunichar mark)
{
  base = g_ascii_tolower (base);
  if (mark == RING && base == 'a')
    return WEIGHT_AA;
  if (mark == DIAERESIS && base == 'a')
    return WEIGHT_AE;
  if (mark == DIAERESIS && base == 'o')
    return WEIGHT_OE;
  if (mark == DIAERESIS && base == 'u')
    return WEIGHT ('y');
  return 0;
}

static gboolean
is_mark (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK
         || type == G_UNICODE_ENCLOSING_MARK;
}

/* The weights of a character that is neither ASCII nor Swedish. */
static guint
decomposed_weights (gunichar  c,
                    guint32  *weights)
{
  gunichar parts[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize n_parts;
  guint n = 0;

  switch (c)
    {
    case 0x00DF: case 0x1E9E:  /* ß ẞ */
      weights[0] = weights[1] = WEIGHT ('s');
      return 2;
    case 0x0152: case 0x0153:  /* Œ œ */
      weights[0] = WEIGHT ('o');
      weights[1] = WEIGHT ('e');
      return 2;
    default:
      break;
    }

  n_parts = g_unichar_fully_decompose (c, TRUE, parts, G_N_ELEMENTS (parts));
  for (gsize i = 0; i < n_parts && n < MAX_WEIGHTS; i++)
    {
      guint32 swedish;

      if (is_mark (parts[i]))
        continue;
      swedish = swedish_weight (parts[i]);
      weights[n++] = swedish ? swedish : WEIGHT (g_unichar_tolower (parts[i]));
    }

  return n;
}

/* Reads the next character's weights (none for a lone mark). */
static void
key_iter_read (KeyIter *it)
{
  gssize left = it->end - it->p;
  gunichar c;

  it->next = 0;
  it->n_weights = 0;

  if (*it->p < 0x80)
    {
      c = *it->p++;
      /* a + U+030A and the like: the NFD spelling of å, ä, ö, ü */
      if (it->end - it->p >= 2 && it->p[0] == 0xCC && (it->p[1] == 0x8A || it->p[1] == 0x88))
        {
          guint32 combined = combined_weight (c, it->p[1] == 0x8A ? RING : DIAERESIS);

          if (combined != 0)
            {
              it->p += 2;
              it->weights[it->n_weights++] = combined;
              return;
            }
        }
      it->weights[it->n_weights++] = WEIGHT (g_ascii_tolower (c));
      return;
    }

  c = g_utf8_get_char_validated ((const char *) it->p, left);
  if (c == (gunichar) -1 || c == (gunichar) -2)
    {
      it->weights[it->n_weights++] = WEIGHT_BYTE (*it->p);
      it->p++;
      return;
    }
  it->p = (const guchar *) g_utf8_next_char (it->p);

  if (swedish_weight (c) != 0)
    it->weights[it->n_weights++] = swedish_weight (c);
  else if (!is_mark (c))
    it->n_weights = decomposed_weights (c, it->weights);
}

static gboolean
key_iter_next (KeyIter *it,
               guint32 *weight)
{
  while (it->next >= it->n_weights)
    {
      if (it->p >= it->end)
        return FALSE;
      key_iter_read (it);
    }

  *weight = it->weights[it->next++];
  return TRUE;
}

static void
key_iter_init (KeyIter    *it,
               const char *text,
               gssize      length)
{
  memset (it, 0, sizeof *it);
  it->p = (const guchar *) (text ? text : "");
  it->end = it->p + (length >= 0 ? (gsize) length : strlen ((const char *) it->p));
}

/**
 * hrm_collate_sv:
 * @a: (nullable): UTF-8 text
 * @a_length: its length in bytes, or -1 when NUL-terminated
 * @b: (nullable): UTF-8 text
 * @b_length: its length in bytes, or -1 when NUL-terminated
 *
 * Compares in Swedish alphabetical order, without regard to case or to
 * accents other than those of Å, Ä and Ö.
 *
 * Returns: < 0 when @a sorts first, 0 when they sort alike, > 0 when @b does
 */
int
hrm_collate_sv (const char *a,
                gssize      a_length,
                const char *b,
                gssize      b_length)
{
  KeyIter ia, ib;

  key_iter_init (&ia, a, a_length);
  key_iter_init (&ib, b, b_length);

  for (;;)
    {
      guint32 wa, wb;
      gboolean more_a = key_iter_next (&ia, &wa);
      gboolean more_b = key_iter_next (&ib, &wb);

      if (!more_a || !more_b)
        return (int) more_a - (int) more_b;
      if (wa != wb)
        return wa < wb ? -1 : 1;
    }
}

static int
sql_collate_sv (void       *user_data,
                int         a_length,
                const void *a,
                int         b_length,
                const void *b)
{
  return hrm_collate_sv (a, a_length, b, b_length);
}

static void
append_weight (GString *out,
               guint32  weight)
{
  switch (weight)
    {
    case WEIGHT_AA: g_string_append (out, "å"); break;
    case WEIGHT_AE: g_string_append (out, "ä"); break;
    case WEIGHT_OE: g_string_append (out, "ö"); break;
    default: g_string_append_unichar (out, weight >> 2); break;
    }
}

/**
 * hrm_collate_search_fold:
 * @text: (nullable): UTF-8 text
 *
 * @text as a search compares it: the letters this collation sees, so case
 * and accents other than those of Å, Ä and Ö do not count ("Linnéa" becomes
 * "linnea", "ÅBERG" "åberg", "Straße" "strasse", Æ "ä", Ø "ö"). One
 * exception: Ü becomes u, not y, since someone who types a German name
 * without its dots types a u. Each character folds on its own, so a part of
 * a text folds to a part of the folded text. Bytes that are not UTF-8 are
 * dropped.
 *
 * Returns: (transfer full): the folded text, never NULL
 */
char *
hrm_collate_search_fold (const char *text)
{
  g_autofree char *normal = NULL;
  GString *out;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");

  /* NFC, so that a + U+030A is å (and u + U+0308 is ü). */
  normal = g_utf8_normalize (text, -1, G_NORMALIZE_DEFAULT_COMPOSE);
  out = g_string_sized_new (strlen (normal));

  for (const char *p = normal; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint32 weights[MAX_WEIGHTS];
      guint n;

      if (c < 0x80)
        {
          g_string_append_c (out, g_ascii_tolower ((char) c));
          continue;
        }
      if (c == 0x00FC || c == 0x00DC || c == 0x0171 || c == 0x0170)  /* ü Ü ű Ű */
        {
          g_string_append_c (out, 'u');
          continue;
        }
      if (swedish_weight (c) != 0)
        {
          append_weight (out, swedish_weight (c));
          continue;
        }
      if (is_mark (c))
        continue;

      n = decomposed_weights (c, weights);
      for (guint i = 0; i < n; i++)
        append_weight (out, weights[i]);
    }

  return g_string_free (out, FALSE);
}

/**
 * hrm_collate_register:
 * Makes the HRM_SV collation known to @handle.
 */
gboolean
hrm_collate_register (sqlite3 *handle)
{
  return sqlite3_create_collation_v2 (handle, HRM_COLLATE_SV, SQLITE_UTF8, NULL,
                                      sql_collate_sv, NULL) == SQLITE_OK;
}
