/* test-mail-language.c — mails in the recipient's language, pages in the
 * browser's
 *
 * A verification or password-reset mail is written in the language of the
 * employee it goes to (users.locale), not in the administrator's; the pages
 * behind the links follow Accept-Language, whatever the server's own locale.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>

#include "server-test.h"

/* Demo users (docs/demo-data.md): 4 Erik Johansson, Swedish, email saved, not
 * linked; 7 Karin Persson, Swedish, linked; 8 Johan Gustafsson, English,
 * linked; 9 Eva Larsson, email saved, not linked. */
#define ERIK  4
#define KARIN 7
#define JOHAN 8
#define EVA   9

static const char * const no_resend_wait_env[] = { "HRM_SERVER_RESEND_INTERVAL=0", NULL };

/* A server whose own locale is Swedish (the texts would come out Swedish if
 * they went through its gettext catalogue, where that is installed). */
static const char * const swedish_server_env[] = {
  "HRM_SERVER_RESEND_INTERVAL=0", "LC_ALL=sv_SE.UTF-8", "LANGUAGE=sv", NULL
};

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  fixture_setup_with_env (f, data ? data : no_resend_wait_env);
}

/* The Subject header, its RFC 2047 encoded words decoded. */
static char *
mail_subject (const char *message)
{
  char *subject = hrm_test_mail_decode_header (message, "Subject");

  g_assert_nonnull (subject);
  return subject;
}

/* @raw as a reader sees it: its header block, then the decoded text of its
 * plain-text and its HTML part (both must be there). */
static char *
readable_mail (const char *raw)
{
  const char *end = strstr (raw, "\r\n\r\n");
  g_autofree char *plain = hrm_test_mail_get_text (raw, "plain");
  g_autofree char *html = hrm_test_mail_get_text (raw, "html");
  g_autofree char *headers = g_strndup (raw, end ? (gsize) (end - raw) : strlen (raw));

  g_assert_nonnull (plain);
  g_assert_nonnull (html);
  return g_strconcat (headers, "\r\n\r\n", plain, "\n", html, NULL);
}

/* Asks, as admin with @accept_language, for @what ("verification-email" or
 * "password-reset") for user @id, and returns the mail to @address. */
static char *
request_mail (Fixture    *f,
              gint64      id,
              const char *what,
              const char *accept_language,
              const char *address)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "/%s", id, what);
  g_autoptr(HrmTestResponse) r = NULL;
  g_autofree char *message = NULL;

  r = hrm_test_api (f->session, hrm_test_server_get_uri (f->server), f->admin_token, "POST", path,
                    NULL, "Accept-Language", accept_language, NULL);
  hrm_test_assert_status (r, 202);
  message = hrm_test_server_wait_for_mail (f->server, address, MAIL_TIMEOUT_MS);
  g_assert_nonnull (message);
  return readable_mail (message);
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_test_message ("“%s” not in:\n%s", part, text);
  g_assert_nonnull (strstr (text, part));
}

static void
assert_lacks (const char *text,
              const char *part)
{
  if (strstr (text, part) != NULL)
    g_test_message ("“%s” in:\n%s", part, text);
  g_assert_null (strstr (text, part));
}

static void
test_verification_swedish (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *message = NULL;
  g_autofree char *subject = NULL;

  SKIP_WITHOUT_SERVER (f);

  /* The administrator's client speaks English; Erik reads Swedish. */
  message = request_mail (f, ERIK, "verification-email", "en", "erik.johansson@nordljus.se");
  subject = mail_subject (message);
  g_assert_cmpstr (subject, ==, "Bekräfta din e-postadress");
  assert_contains (message, "Hej Erik!");
  assert_contains (message, "Nordljus Bygg AB kopplar ditt användarkonto");
  assert_contains (message, "Länken gäller till");
  /* In the demo organisation's time zone (Europe/Stockholm), not UTC. */
  g_assert_true (strstr (message, " CET") != NULL || strstr (message, " CEST") != NULL);
  assert_lacks (message, " UTC");
  /* To names Erik in full, as his mail reader shows it. */
  {
    g_autofree char *to = hrm_test_mail_decode_header (message, "To");

    g_assert_true (g_str_has_prefix (to, "Erik "));
  }
  assert_lacks (message, "Confirm");
  assert_lacks (message, "Hello");
  {
    g_autofree char *link = hrm_test_mail_extract_link (message, "/connect/verify?token=");

    g_assert_nonnull (link);
  }
}

static void
test_verification_english (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *message = NULL;
  g_autofree char *subject = NULL;

  SKIP_WITHOUT_SERVER (f);

  /* Eva reads English (the API cannot set a locale); the administrator's
   * client speaks Swedish. */
  db_exec (f, "UPDATE users SET locale = 'en' WHERE id = 9");
  message = request_mail (f, EVA, "verification-email", "sv-SE, sv;q=0.9",
                          "eva.larsson@nordljus.se");
  subject = mail_subject (message);
  g_assert_cmpstr (subject, ==, "Confirm your email address");
  assert_contains (message, "Hello Eva,");
  assert_contains (message, "Nordljus Bygg AB is connecting your HRM user account");
  assert_contains (message, "The link is valid until");
  assert_lacks (message, "Bekräfta");
  assert_lacks (message, "Hej");
  {
    g_autofree char *link = hrm_test_mail_extract_link (message, "/connect/verify?token=");

    g_assert_nonnull (link);
  }
}

static void
test_reset_follows_recipient (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *swedish = NULL;
  g_autofree char *english = NULL;
  g_autofree char *swedish_subject = NULL;
  g_autofree char *english_subject = NULL;

  SKIP_WITHOUT_SERVER (f);

  swedish = request_mail (f, KARIN, "password-reset", "en", "karin.persson@nordljus.se");
  swedish_subject = mail_subject (swedish);
  g_assert_cmpstr (swedish_subject, ==, "Välj ett nytt lösenord");
  assert_contains (swedish, "Hej Karin!");
  assert_contains (swedish, "Någon har bett om ett nytt lösenord");
  assert_lacks (swedish, "password");

  english = request_mail (f, JOHAN, "password-reset", "sv", "johan.gustafsson72@gmail.com");
  english_subject = mail_subject (english);
  g_assert_cmpstr (english_subject, ==, "Choose a new password");
  assert_contains (english, "Hello Johan,");
  assert_contains (english, "Someone asked for a new password");
  assert_lacks (english, "lösenord");
}

static HrmTestResponse *
get_page (Fixture    *f,
          const char *link,
          const char *accept_language)
{
  if (accept_language == NULL)
    return hrm_test_http (f->session, "GET", link, NULL, NULL, 0, NULL);
  return hrm_test_http (f->session, "GET", link, NULL, NULL, 0,
                        "Accept-Language", accept_language, NULL);
}

static void
test_verify_page_language (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *message = NULL;
  g_autofree char *link = NULL;
  g_autoptr(HrmTestResponse) sv = NULL;
  g_autoptr(HrmTestResponse) sv_region = NULL;
  g_autoptr(HrmTestResponse) en = NULL;
  g_autoptr(HrmTestResponse) en_first = NULL;
  g_autoptr(HrmTestResponse) none = NULL;

  SKIP_WITHOUT_SERVER (f);

  message = request_mail (f, ERIK, "verification-email", "en", "erik.johansson@nordljus.se");
  link = hrm_test_mail_extract_link (message, "/connect/verify?token=");
  g_assert_nonnull (link);

  sv = get_page (f, link, "sv");
  hrm_test_assert_status (sv, 200);
  assert_contains (sv->text, "<html lang=\"sv\">");
  assert_contains (sv->text, "Bekräfta din e-postadress");
  assert_contains (sv->text, ">Bekräfta</button>");
  assert_lacks (sv->text, "Confirm");

  sv_region = get_page (f, link, "sv-SE,sv;q=0.9,en-US;q=0.8,en;q=0.7");
  hrm_test_assert_status (sv_region, 200);
  assert_contains (sv_region->text, "Bekräfta din e-postadress");

  /* English when English ranks first, or nothing is said; the page is the
   * employee's choice, not the mail's language. */
  en_first = get_page (f, link, "en-GB, sv;q=0.5");
  hrm_test_assert_status (en_first, 200);
  assert_contains (en_first->text, "<html lang=\"en\">");
  assert_contains (en_first->text, "Confirm your email address");
  assert_lacks (en_first->text, "Bekräfta");

  none = get_page (f, link, NULL);
  hrm_test_assert_status (none, 200);
  assert_contains (none->text, "Confirm your email address");

  en = get_page (f, link, "de, en;q=0.8");
  hrm_test_assert_status (en, 200);
  assert_contains (en->text, "Confirm your email address");
}

/* English for English readers on a server running in Swedish. */
static void
test_server_locale_does_not_matter (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *message = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *link = NULL;
  g_autoptr(HrmTestResponse) page = NULL;

  SKIP_WITHOUT_SERVER (f);

  db_exec (f, "UPDATE users SET locale = 'en' WHERE id = 9");
  message = request_mail (f, EVA, "verification-email", "sv", "eva.larsson@nordljus.se");
  subject = mail_subject (message);
  g_assert_cmpstr (subject, ==, "Confirm your email address");
  assert_lacks (message, "Bekräfta");

  link = hrm_test_mail_extract_link (message, "/connect/verify?token=");
  page = get_page (f, link, "en");
  hrm_test_assert_status (page, 200);
  assert_contains (page->text, "Confirm your email address");
  assert_lacks (page->text, "Bekräfta");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, fixture_teardown)
  ADD ("/server/mail-language/verification-swedish", test_verification_swedish);
  ADD ("/server/mail-language/verification-english", test_verification_english);
  ADD ("/server/mail-language/reset-follows-recipient", test_reset_follows_recipient);
  ADD ("/server/mail-language/verify-page", test_verify_page_language);
#undef ADD
  g_test_add ("/server/mail-language/server-locale-does-not-matter", Fixture, swedish_server_env,
              setup, test_server_locale_does_not_matter, fixture_teardown);

  return g_test_run ();
}
