/* hrm-email-domains.c — which organisation an email address belongs to
 *
 * The organisation names the domains its work addresses may have
 * (allowed_email_domains) and those whose addresses link without a
 * verification mail (verified_domains). Free-mail providers' domains are
 * listed once, in data/private-email-domains.txt, compiled into this library
 * as a GResource so that the server's warnings and the app's checks as the
 * administrator types read the same list.
 *
 * Domains compare in lower case, whole: "nordljus.se" does not take in
 * "mail.nordljus.se" (an organisation that uses subdomains lists them).
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-email-domains"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "hrm-email-domains.h"
#include "hrm-error.h"
#include "hrm-lib-resources.h"
#include "hrm-validate.h"

#define PRIVATE_DOMAINS_PATH "/io/github/hrmusers/HrmUsers/lib/private-email-domains.txt"

static const struct {
  const char *code;
  const char *message;
} warnings[HRM_N_EMAIL_WARNINGS] = {
  { "private_domain", N_("This is a private address (a free email provider), not a work address") },
  { "outside_allowed_domains", N_("The address is outside the organisation’s email domains") },
  { "duplicate", N_("Another user has the same address") },
  { "linked_private", N_("The user is linked to a private address") },
};

/* The API's code of warning number @index (the bit 1 << @index). */
const char *
hrm_email_warning_code (guint index)
{
  g_return_val_if_fail (index < HRM_N_EMAIL_WARNINGS, NULL);
  return warnings[index].code;
}

/* The warning's explanation, translated. */
const char *
hrm_email_warning_message (guint index)
{
  g_return_val_if_fail (index < HRM_N_EMAIL_WARNINGS, NULL);
  return _(warnings[index].message);
}

/* The part of @email after its @, as stored (NULL when there is none). */
const char *
hrm_email_domain (const char *email)
{
  const char *at = email ? strrchr (email, '@') : NULL;

  return at && at[1] != '\0' ? at + 1 : NULL;
}

/* The free-mail domains: exact names, and prefixes for "name.*" lines
 * (kept with their dot: "hotmail."). Read once; never freed. */
typedef struct
{
  GHashTable *exact;
  GPtrArray  *prefixes;
} PrivateDomains;

static PrivateDomains *
private_domains (void)
{
  static PrivateDomains *domains;

  if (g_once_init_enter (&domains))
    {
      PrivateDomains *list = g_new0 (PrivateDomains, 1);
      g_autoptr(GBytes) bytes = NULL;
      g_auto(GStrv) lines = NULL;

      list->exact = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      list->prefixes = g_ptr_array_new_with_free_func (g_free);
      bytes = g_resource_lookup_data (hrm_lib_get_resource (), PRIVATE_DOMAINS_PATH,
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      g_assert (bytes != NULL);
      lines = g_strsplit (g_bytes_get_data (bytes, NULL), "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          char *line = g_strstrip (lines[i]);

          if (line[0] == '\0' || line[0] == '#')
            continue;
          if (g_str_has_suffix (line, ".*"))
            g_ptr_array_add (list->prefixes, g_strndup (line, strlen (line) - 1));
          else
            g_hash_table_add (list->exact, g_strdup (line));
        }
      g_once_init_leave (&domains, list);
    }

  return domains;
}

/* Whether @domain (any case) is a free-mail provider's. */
gboolean
hrm_email_domain_is_private (const char *domain)
{
  PrivateDomains *list;
  g_autofree char *lower = NULL;

  if (domain == NULL || domain[0] == '\0')
    return FALSE;

  list = private_domains ();
  lower = g_ascii_strdown (domain, -1);
  if (g_hash_table_contains (list->exact, lower))
    return TRUE;
  for (guint i = 0; i < list->prefixes->len; i++)
    if (g_str_has_prefix (lower, g_ptr_array_index (list->prefixes, i)))
      return TRUE;
  return FALSE;
}

/**
 * hrm_email_domain_normalise:
 * @text: a domain as an administrator typed it
 *
 * The domain as the organisation's settings keep it: trimmed, lower case.
 * Refuses what no address can end in: empty, wildcards ("*.example.com"),
 * IP literals ("[192.0.2.1]", "192.0.2.1"), labels over 63 or names over
 * 253 characters, a single label.
 *
 * Returns: (transfer full) (nullable): the domain, or %NULL with @error
 */
char *
hrm_email_domain_normalise (const char  *text,
                            GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *lower = NULL;

  if (stripped[0] == '\0')
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INVALID, _("Enter a domain"));
      return NULL;
    }
  if (strchr (stripped, '*') != NULL)
    {
      g_set_error_literal (error, HRM_ERROR, HRM_ERROR_INVALID,
                           _("Name the domain itself, without wildcards"));
      return NULL;
    }

  lower = g_utf8_strdown (stripped, -1);
  if (!hrm_validate_domain (lower, error))
    return NULL;
  return g_steal_pointer (&lower);
}

/* Whether @domain (any case) is one of @list, domains separated by spaces
 * (as the server reads them in one column); an empty or NULL list has none. */
gboolean
hrm_email_domain_in_list (const char *domain,
                          const char *list)
{
  g_autofree char *lower = NULL;
  gsize len;

  if (domain == NULL || list == NULL)
    return FALSE;

  lower = g_utf8_strdown (domain, -1);
  len = strlen (lower);
  for (const char *p = list; (p = strstr (p, lower)) != NULL; p++)
    if ((p == list || p[-1] == ' ') && (p[len] == '\0' || p[len] == ' '))
      return TRUE;
  return FALSE;
}
