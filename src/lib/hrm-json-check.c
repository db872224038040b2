/* hrm-json-check.c — the one strict RFC 8259 check of JSON input
 *
 * json-glib 1.6 reads more than JSON: comments, 'single quotes', 0x10, 01,
 * .5, "\x", raw control characters in strings. It keeps the last of two
 * members with one name, cuts a string at \u0000, wraps integers past int64
 * (18446744073709551615 becomes -1) and makes 1e999 infinite. And it recurses
 * once per nested array or object, with no limit.
 *
 * So every JSON text either program reads passes this check first: one
 * grammar, RFC 8259 and nothing more, read with an explicit stack (it cannot
 * overflow the C stack itself) that also enforces the nesting limit. What
 * passes is a text json-glib reads the same way: one value, unique member
 * names, integers within int64, finite numbers, no U+0000 and no unpaired
 * surrogates in strings.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-json"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "hrm-error.h"
#include "hrm-json-check.h"

typedef struct
{
  gboolean    is_object;
  GHashTable *names;  /* owned; the member names read so far, decoded (objects only) */
} Frame;

typedef enum
{
  WANT_VALUE,
  WANT_NAME,
  AFTER_VALUE,
} State;

typedef enum
{
  BAD_NONE,
  BAD_NUL,
  BAD_SURROGATE,
} BadString;

typedef struct
{
  const guchar *data;
  gsize         length;
  gsize         pos;
  guint         max_depth;

  GArray       *stack;      /* of Frame */
  GString      *name;       /* the member name just read */
  char         *member;     /* the top-level member being read, when the root is an object */

  /* the first string value that json-glib would cut or mangle */
  BadString     bad;
  gunichar      bad_unit;
  char         *bad_member;

  /* why the text is malformed: an untranslated N_() reason, and where */
  const char   *reason;
  gsize         reason_pos;
  gboolean      too_deep;
} Checker;

static void
frame_clear (gpointer data)
{
  Frame *frame = data;

  g_clear_pointer (&frame->names, g_hash_table_unref);
}

static void
checker_clear (Checker *self)
{
  g_clear_pointer (&self->stack, g_array_unref);
  if (self->name != NULL)
    g_string_free (g_steal_pointer (&self->name), TRUE);
  g_clear_pointer (&self->member, g_free);
  g_clear_pointer (&self->bad_member, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Checker, checker_clear)

/* Always returns FALSE, so that callers can "return fail (…)". */
static gboolean
fail (Checker    *self,
      const char *reason)
{
  if (self->reason == NULL)
    {
      self->reason = reason;
      self->reason_pos = self->pos;
    }
  return FALSE;
}

static gboolean
at_end (Checker *self)
{
  return self->pos >= self->length;
}

/* RFC 8259 §2: space, tab, line feed and carriage return, nothing else. */
static void
skip_whitespace (Checker *self)
{
  while (!at_end (self))
    {
      guchar c = self->data[self->pos];

      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        break;
      self->pos++;
    }
}

/* The four hex digits of a \u escape at @pos (just after "\u"), or -1. */
static int
read_hex4 (Checker *self,
           gsize    pos)
{
  int value = 0;

  if (pos + 4 > self->length)
    return -1;

  for (gsize i = pos; i < pos + 4; i++)
    {
      int digit = g_ascii_xdigit_value (self->data[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }

  return value;
}

/* Reads the string at the position (a double quote). A member name is
 * decoded into self->name; a string that holds U+0000 or an unpaired
 * surrogate sets @out_bad (and @out_unit) rather than failing. */
static gboolean
read_string (Checker   *self,
             gboolean   is_name,
             BadString *out_bad,
             gunichar  *out_unit)
{
  *out_bad = BAD_NONE;
  if (is_name)
    g_string_truncate (self->name, 0);

  g_assert (self->data[self->pos] == '"');
  self->pos++;

  for (;;)
    {
      guchar c;

      if (at_end (self))
        return fail (self, N_("a string is not closed"));

      c = self->data[self->pos];
      if (c == '"')
        {
          self->pos++;
          return TRUE;
        }

      if (c < 0x20)
        return fail (self, N_("a control character in a string is not escaped"));

      if (c != '\\')
        {
          /* The text is valid UTF-8 already; copy the byte as it is. */
          if (is_name)
            g_string_append_c (self->name, c);
          self->pos++;
          continue;
        }

      if (self->pos + 1 >= self->length)
        return fail (self, N_("a string is not closed"));

      switch (self->data[self->pos + 1])
        {
        case '"': c = '"'; break;
        case '\\': c = '\\'; break;
        case '/': c = '/'; break;
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 't': c = '\t'; break;
        case 'u': c = 'u'; break;
        default:
          return fail (self, N_("a string has an unknown escape"));
        }

      if (c != 'u')
        {
          if (is_name)
            g_string_append_c (self->name, c);
          self->pos += 2;
          continue;
        }

      {
        int unit = read_hex4 (self, self->pos + 2);
        gunichar ch;

        if (unit < 0)
          return fail (self, N_("\\u is not followed by four hex digits"));
        self->pos += 6;
        ch = unit;

        if (unit >= 0xd800 && unit <= 0xdbff)
          {
            int low = -1;

            if (self->pos + 1 < self->length && self->data[self->pos] == '\\'
                && self->data[self->pos + 1] == 'u')
              low = read_hex4 (self, self->pos + 2);

            if (low >= 0xdc00 && low <= 0xdfff)
              {
                ch = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
                self->pos += 6;
              }
            else
              {
                /* What follows is read as it is, on the next turn. */
                if (*out_bad == BAD_NONE)
                  {
                    *out_bad = BAD_SURROGATE;
                    *out_unit = unit;
                  }
                continue;
              }
          }
        else if (unit >= 0xdc00 && unit <= 0xdfff)
          {
            if (*out_bad == BAD_NONE)
              {
                *out_bad = BAD_SURROGATE;
                *out_unit = unit;
              }
            continue;
          }
        else if (unit == 0)
          {
            if (*out_bad == BAD_NONE)
              {
                *out_bad = BAD_NUL;
                *out_unit = 0;
              }
            continue;
          }

        if (is_name)
          g_string_append_unichar (self->name, ch);
      }
    }
}

static gboolean
is_digit (Checker *self)
{
  return !at_end (self) && g_ascii_isdigit (self->data[self->pos]);
}

/* RFC 8259 §6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
 * Whole numbers must fit int64 and others a finite double: json-glib would
 * wrap or overflow them without a word. */
static gboolean
read_number (Checker *self)
{
  static const char max_int64[] = "9223372036854775807";
  static const char min_int64[] = "9223372036854775808";
  gsize start = self->pos;
  gsize digits_start;
  gsize n_digits;
  gboolean negative = FALSE;
  gboolean whole = TRUE;

  if (self->data[self->pos] == '-')
    {
      negative = TRUE;
      self->pos++;
    }

  digits_start = self->pos;
  if (!is_digit (self))
    return fail (self, N_("a number is not written as JSON allows"));

  if (self->data[self->pos] == '0')
    {
      self->pos++;
      if (is_digit (self))
        return fail (self, N_("a number starts with a zero"));
    }
  else
    {
      while (is_digit (self))
        self->pos++;
    }
  n_digits = self->pos - digits_start;

  if (!at_end (self) && self->data[self->pos] == '.')
    {
      whole = FALSE;
      self->pos++;
      if (!is_digit (self))
        return fail (self, N_("a number is not written as JSON allows"));
      while (is_digit (self))
        self->pos++;
    }

  if (!at_end (self) && (self->data[self->pos] == 'e' || self->data[self->pos] == 'E'))
    {
      whole = FALSE;
      self->pos++;
      if (!at_end (self) && (self->data[self->pos] == '+' || self->data[self->pos] == '-'))
        self->pos++;
      if (!is_digit (self))
        return fail (self, N_("a number is not written as JSON allows"));
      while (is_digit (self))
        self->pos++;
    }

  if (whole)
    {
      const char *limit = negative ? min_int64 : max_int64;

      if (n_digits > strlen (limit)
          || (n_digits == strlen (limit)
              && memcmp (self->data + digits_start, limit, n_digits) > 0))
        {
          self->pos = start;
          return fail (self, N_("a whole number is outside the 64-bit range"));
        }
    }
  else
    {
      g_autofree char *text = g_strndup ((const char *) self->data + start, self->pos - start);

      if (!isfinite (g_ascii_strtod (text, NULL)))
        {
          self->pos = start;
          return fail (self, N_("a number is too large"));
        }
    }

  return TRUE;
}

static gboolean
read_literal (Checker *self)
{
  static const char * const literals[] = { "true", "false", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize n = strlen (literals[i]);

      if (self->length - self->pos >= n && memcmp (self->data + self->pos, literals[i], n) == 0)
        {
          self->pos += n;
          return TRUE;
        }
    }

  return fail (self, N_("a value was expected"));
}

static gboolean
push (Checker  *self,
      gboolean  is_object)
{
  Frame frame = { is_object, NULL };

  if (self->stack->len >= self->max_depth)
    {
      self->too_deep = TRUE;
      return fail (self, N_("arrays and objects nest too deep"));
    }

  g_array_append_val (self->stack, frame);
  self->pos++;
  return TRUE;
}

static void
pop (Checker *self)
{
  self->pos++;
  g_array_set_size (self->stack, self->stack->len - 1);
}

static Frame *
top (Checker *self)
{
  return &g_array_index (self->stack, Frame, self->stack->len - 1);
}

/* The member name at the position, then its colon. */
static gboolean
read_name (Checker *self)
{
  Frame *frame = top (self);
  gsize start = self->pos;
  BadString bad;
  gunichar unit;

  if (at_end (self) || self->data[self->pos] != '"')
    return fail (self, N_("a member name in double quotes was expected"));

  if (!read_string (self, TRUE, &bad, &unit))
    return FALSE;

  if (bad != BAD_NONE)
    {
      self->pos = start;
      return fail (self, N_("a member name holds \\u0000 or an unpaired surrogate"));
    }

  if (frame->names == NULL)
    frame->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!g_hash_table_add (frame->names, g_strdup (self->name->str)))
    {
      self->pos = start;
      return fail (self, N_("a member name appears twice in one object"));
    }

  if (self->stack->len == 1)
    {
      g_free (self->member);
      self->member = g_strdup (self->name->str);
    }

  skip_whitespace (self);
  if (at_end (self) || self->data[self->pos] != ':')
    return fail (self, N_("“:” was expected after a member name"));
  self->pos++;
  skip_whitespace (self);

  return TRUE;
}

static gboolean
read_string_value (Checker *self)
{
  gsize start = self->pos;
  BadString bad;
  gunichar unit;

  if (!read_string (self, FALSE, &bad, &unit))
    return FALSE;

  if (bad == BAD_NONE || self->bad != BAD_NONE)
    return TRUE;

  /* Only a member of the top-level object is a field the caller can name. */
  if (self->member == NULL)
    {
      self->pos = start;
      return fail (self, N_("a string holds \\u0000 or an unpaired surrogate"));
    }

  self->bad = bad;
  self->bad_unit = unit;
  self->bad_member = g_strdup (self->member);
  return TRUE;
}

static gboolean
check (Checker *self)
{
  State state = WANT_VALUE;

  skip_whitespace (self);

  for (;;)
    {
      switch (state)
        {
        case WANT_VALUE:
          if (at_end (self))
            return fail (self, N_("the text ends too soon"));

          switch (self->data[self->pos])
            {
            case '{':
            case '[':
              {
                gboolean is_object = self->data[self->pos] == '{';

                if (!push (self, is_object))
                  return FALSE;
                skip_whitespace (self);
                if (!at_end (self) && self->data[self->pos] == (is_object ? '}' : ']'))
                  {
                    pop (self);
                    state = AFTER_VALUE;
                  }
                else if (is_object)
                  state = WANT_NAME;
              }
              break;

            case '"':
              if (!read_string_value (self))
                return FALSE;
              state = AFTER_VALUE;
              break;

            case '-':
            case '0': case '1': case '2': case '3': case '4':
            case '5': case '6': case '7': case '8': case '9':
              if (!read_number (self))
                return FALSE;
              state = AFTER_VALUE;
              break;

            default:
              if (!read_literal (self))
                return FALSE;
              state = AFTER_VALUE;
              break;
            }
          break;

        case WANT_NAME:
          if (!read_name (self))
            return FALSE;
          state = WANT_VALUE;
          break;

        case AFTER_VALUE:
          skip_whitespace (self);
          if (self->stack->len == 0)
            {
              if (!at_end (self))
                return fail (self, N_("there is more after the value"));
              return TRUE;
            }

          if (at_end (self))
            return fail (self, N_("the text ends too soon"));

          if (self->data[self->pos] == ',')
            {
              self->pos++;
              skip_whitespace (self);
              state = top (self)->is_object ? WANT_NAME : WANT_VALUE;
            }
          else if (self->data[self->pos] == (top (self)->is_object ? '}' : ']'))
            pop (self);
          else
            return fail (self, top (self)->is_object ? N_("“,” or “}” was expected")
                                                     : N_("“,” or “]” was expected"));
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

/**
 * hrm_json_check:
 * @data: the text, @length bytes (need not end in a NUL)
 * @max_depth: how many arrays and objects may nest
 * @out_member: (out) (optional): on %HRM_ERROR_INVALID, the top-level member
 *   that held the string
 * @error: return location for an error
 *
 * Checks that @data is one strict RFC 8259 JSON text that json-glib reads
 * exactly as written (see the top of this file).
 *
 * A malformed text is %HRM_ERROR_PROTOCOL: invalid UTF-8, anything outside
 * the grammar, nesting deeper than @max_depth, a member name twice in an
 * object or with \u0000 or an unpaired surrogate in it, a whole number
 * outside int64, a number too large for a double.
 *
 * A well-formed text whose top-level object has a string value holding
 * \u0000 or an unpaired surrogate is %HRM_ERROR_INVALID (json-glib would cut
 * or mangle it): @out_member names that member, the message too. Anywhere
 * else (no top-level object) such a string is malformed.
 *
 * Returns: whether @data may be handed to json-glib
 */
gboolean
hrm_json_check (const char  *data,
                gsize        length,
                guint        max_depth,
                char       **out_member,
                GError     **error)
{
  g_auto(Checker) self = { 0 };

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (out_member == NULL || *out_member == NULL, FALSE);

  if (length == 0)
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_PROTOCOL,
                           _("The body is empty; JSON was expected"));
      return FALSE;
    }

  /* Also refuses a NUL byte anywhere, which is never valid JSON. */
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_PROTOCOL, _("The body is not valid UTF-8"));
      return FALSE;
    }

  self.data = (const guchar *) data;
  self.length = length;
  self.max_depth = max_depth;
  self.stack = g_array_sized_new (FALSE, FALSE, sizeof (Frame), MIN (max_depth, 64));
  g_array_set_clear_func (self.stack, frame_clear);
  self.name = g_string_new (NULL);

  if (!check (&self))
    {
      if (self.too_deep)
        g_set_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL,
                     _("The body nests arrays and objects more than %u deep"), max_depth);
      else
        {
          g_autofree char *where = g_strdup_printf ("%" G_GSIZE_FORMAT, self.reason_pos);

          /* TRANSLATORS: the first %s says what is wrong, the second is a position in bytes */
          g_set_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL,
                       _("The body is not valid JSON: %s (at byte %s)"), _(self.reason), where);
        }
      return FALSE;
    }

  if (self.bad == BAD_NUL)
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_INVALID,
                   _("“%s” contains a NUL character (\\u0000)"), self.bad_member);
      if (out_member != NULL)
        *out_member = g_steal_pointer (&self.bad_member);
      return FALSE;
    }

  if (self.bad == BAD_SURROGATE)
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_INVALID,
                   _("“%s” contains an unpaired surrogate (\\u%04X)"), self.bad_member,
                   self.bad_unit);
      if (out_member != NULL)
        *out_member = g_steal_pointer (&self.bad_member);
      return FALSE;
    }

  return TRUE;
}
