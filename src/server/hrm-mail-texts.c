/* hrm-mail-texts.c — the mails to employees, in their own language
 *
 * A verification or password-reset mail is for one person: it is written in
 * the language of their locale (users.locale), Swedish for "sv…" and English
 * otherwise, whatever language the administrator's client or the server's
 * own locale speaks. The few texts live here in both languages rather than in
 * the gettext catalogue: a mail must come out right on a server that has no
 * Swedish locale or no installed translation.
 *
 * Placeholders in braces are filled in by name ({name}, {organisation},
 * {address}, {until}), so each language can put them where it needs them.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-mail"

#include "config.h"

#include <string.h>

#include "hrm-mail-texts.h"

typedef struct
{
  const char *greeting;
  const char *some_organisation;  /* when the organisation has no name */
  const char *verify_subject;
  const char *verify_text;
  const char *reset_subject;
  const char *reset_text;
  const char *signature;
  const char *verify_button;
  const char *reset_button;
  const char *copy_link;  /* above the bare link, for a reader that shows no button */
} MailTexts;

static const MailTexts swedish_texts = {
  .greeting = "Hej {name}!",
  .some_organisation = "Din organisation",
  .verify_subject = "Bekräfta din e-postadress",
  .verify_text = "{organisation} kopplar ditt användarkonto i HRM till Visma Connect. "
                 "Bekräfta att {address} är din e-postadress genom att öppna länken nedan och "
                 "klicka på Bekräfta. Länken gäller till {until} och kan bara användas en gång.",
  .reset_subject = "Välj ett nytt lösenord",
  .reset_text = "Någon har bett om ett nytt lösenord för ditt konto {address}. Öppna länken "
                "nedan för att välja ett nytt lösenord. Länken gäller till {until} och kan bara "
                "användas en gång.",
  .signature = "Om du inte väntade dig det här meddelandet kan du bortse från det.",
  .verify_button = "Bekräfta e-postadressen",
  .reset_button = "Välj ett nytt lösenord",
  .copy_link = "Eller klistra in länken i webbläsaren:",
};

static const MailTexts english = {
  .greeting = "Hello {name},",
  .some_organisation = "Your organisation",
  .verify_subject = "Confirm your email address",
  .verify_text = "{organisation} is connecting your HRM user account to Visma Connect. "
                 "Confirm that {address} is your email address by opening the link below and "
                 "clicking Confirm. The link is valid until {until} and works once.",
  .reset_subject = "Choose a new password",
  .reset_text = "Someone asked for a new password for your account {address}. Open the link "
                "below to choose a new password. The link is valid until {until} and works once.",
  .signature = "If you did not expect this message, you can ignore it.",
  .verify_button = "Confirm the email address",
  .reset_button = "Choose a new password",
  .copy_link = "Or paste the link into your browser:",
};

/**
 * hrm_mail_locale_is_swedish:
 * @locale: (nullable): a user's locale, such as "sv", "sv_SE" or "en"
 *
 * Whether mail to a user with @locale is written in Swedish (the demo
 * organisation's default) rather than English.
 */
gboolean
hrm_mail_locale_is_swedish (const char *locale)
{
  return locale != NULL && g_ascii_strncasecmp (locale, "sv", 2) == 0
         && (locale[2] == '\0' || strchr ("_-.@", locale[2]) != NULL);
}

/* Wraps a paragraph at 72 characters (RFC 5322 wants lines under 78). */
static char *
wrap (const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  GString *out = g_string_new (NULL);
  glong column = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      glong length = g_utf8_strlen (words[i], -1);

      if (column > 0 && column + 1 + length > 72)
        {
          g_string_append_c (out, '\n');
          column = 0;
        }
      else if (column > 0)
        {
          g_string_append_c (out, ' ');
          column++;
        }
      g_string_append (out, words[i]);
      column += length;
    }

  return g_string_free (out, FALSE);
}

/* @template with its placeholders filled in, in one pass: a value that
 * happens to contain braces is left as it is. */
static char *
fill (const char         *template,
      const HrmMailFacts *facts,
      const char         *organisation)
{
  const char *names[] = { "{name}", "{organisation}", "{address}", "{until}" };
  const char *values[] = { facts->name, organisation, facts->address, facts->until };
  GString *text = g_string_new (NULL);
  const char *p = template;

  while (*p != '\0')
    {
      gboolean filled = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (names) && *p == '{'; i++)
        if (g_str_has_prefix (p, names[i]))
          {
            g_string_append (text, values[i] ? values[i] : "");
            p += strlen (names[i]);
            filled = TRUE;
            break;
          }
      if (!filled)
        g_string_append_c (text, *p++);
    }

  return g_string_free (text, FALSE);
}

/**
 * hrm_mail_compose:
 * @kind: which mail
 * @facts: what goes into it
 * @out_subject: (out): the subject
 * @out_body: (out): the plain-text body: a greeting, a paragraph, the link on
 *   its own line, and a signature
 *
 * Writes the mail in the language of @facts->locale.
 */
void
hrm_mail_compose (HrmMailKind         kind,
                  const HrmMailFacts *facts,
                  char              **out_subject,
                  char              **out_body)
{
  const MailTexts *texts = hrm_mail_locale_is_swedish (facts->locale) ? &swedish_texts : &english;
  const char *organisation = facts->organisation && facts->organisation[0]
                             ? facts->organisation : texts->some_organisation;
  g_autofree char *greeting = fill (texts->greeting, facts, organisation);
  g_autofree char *text = NULL;
  g_autofree char *paragraph = NULL;

  text = fill (kind == HRM_MAIL_VERIFY ? texts->verify_text : texts->reset_text, facts,
               organisation);
  paragraph = wrap (text);

  *out_subject = g_strdup (kind == HRM_MAIL_VERIFY ? texts->verify_subject : texts->reset_subject);
  *out_body = g_strdup_printf ("%s\n\n%s\n\n%s\n\n-- \n%s\n", greeting, paragraph, facts->link,
                               texts->signature);
}

/* The employee pages' look (hrm-server-pages.c), as inline styles: many mail
 * readers drop a <style> element. */
#define PAGE_STYLE "font-family:Cantarell,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;" \
                   "background:#f6f5f4;color:#241f31;margin:0;padding:2em 1em"
#define CARD_STYLE "max-width:30em;margin:1em auto;background:#fff;border-radius:12px;" \
                   "padding:2em 2.2em;box-shadow:0 1px 3px rgba(0,0,0,.15)"
#define BRAND_STYLE "font-weight:bold;color:#1c71d8;letter-spacing:.02em;margin-bottom:1.5em"
#define BUTTON_STYLE "display:inline-block;background:#3584e4;color:#fff;border-radius:6px;" \
                     "padding:.7em 1.6em;font-weight:bold;text-decoration:none"

/**
 * hrm_mail_compose_html:
 * The HTML alternative of the mail hrm_mail_compose() writes: the same
 * greeting and paragraph, the link as a button and once more as text, in
 * the look of the pages the link opens.
 */
char *
hrm_mail_compose_html (HrmMailKind         kind,
                       const HrmMailFacts *facts)
{
  gboolean swedish = hrm_mail_locale_is_swedish (facts->locale);
  const MailTexts *texts = swedish ? &swedish_texts : &english;
  const char *organisation = facts->organisation && facts->organisation[0]
                             ? facts->organisation : texts->some_organisation;
  g_autofree char *greeting = fill (texts->greeting, facts, organisation);
  g_autofree char *text = fill (kind == HRM_MAIL_VERIFY ? texts->verify_text : texts->reset_text,
                                facts, organisation);
  const char *subject = kind == HRM_MAIL_VERIFY ? texts->verify_subject : texts->reset_subject;
  const char *button = kind == HRM_MAIL_VERIFY ? texts->verify_button : texts->reset_button;

  return g_markup_printf_escaped ("<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
                                  "<meta charset=\"utf-8\">\n<title>%s</title>\n</head>\n"
                                  "<body style=\"" PAGE_STYLE "\">\n"
                                  "<div style=\"" CARD_STYLE "\">\n"
                                  "<div style=\"" BRAND_STYLE "\">Visma Connect</div>\n"
                                  "<h1 style=\"font-size:1.5em;margin:0 0 .6em\">%s</h1>\n"
                                  "<p style=\"line-height:1.5\">%s</p>\n"
                                  "<p style=\"line-height:1.5\">%s</p>\n"
                                  "<p style=\"margin:1.5em 0\"><a href=\"%s\" style=\"" BUTTON_STYLE "\">%s</a></p>\n"
                                  "<p style=\"line-height:1.5;font-size:.9em\">%s<br>\n"
                                  "<a href=\"%s\" style=\"word-break:break-all;color:#1c71d8\">%s</a></p>\n"
                                  "<p style=\"line-height:1.5;font-size:.9em;color:#5e5c64\">%s</p>\n"
                                  "</div>\n</body>\n</html>\n",
                                  swedish ? "sv" : "en", subject, subject, greeting, text,
                                  facts->link, button, texts->copy_link, facts->link, facts->link,
                                  texts->signature);
}
