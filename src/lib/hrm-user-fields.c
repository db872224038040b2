/* hrm-user-fields.c — the members of the API's user object, defined once
 *
 * One row per member of the user object: its JSON name, its kind, the rule
 * it must follow (hrm-validate.c), how a value sent for it is normalised,
 * and the word the audit trail uses for it. The client record (hrm-user.c),
 * the server's JSON writers (hrm-server-user.c), the PATCH handler
 * (hrm-server-users-patch.c) and the user page's sections (the account and
 * email sections in src/app) walk this table, so a new field is a new row
 * here plus the member that holds it in each record.
 *
 * Normalisation belongs to the server: hrm_user_field_check() is what the
 * PATCH handler applies to every value it receives, once, before storing
 * it; it cannot trust a client to have done so. A client may call it too
 * (to show the value as it will be stored, or to validate as the server
 * will), but must not rely on it having been done for it.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-user-fields"

#include <glib/gi18n-lib.h>

#include "hrm-user-fields.h"
#include "hrm-validate.h"

static const HrmUserFieldInfo fields[HRM_N_USER_FIELDS] = {
  [HRM_USER_FIELD_ID] = { "id", HRM_USER_FIELD_KIND_INT },
  [HRM_USER_FIELD_USER_ID] = {
    "user_id", HRM_USER_FIELD_KIND_STRING, HRM_USER_ID_MAX_LENGTH,
    hrm_validate_user_id, NULL, N_("User-ID"), TRUE, FALSE,
  },
  [HRM_USER_FIELD_ALIAS_USER_ID] = {
    "alias_user_id", HRM_USER_FIELD_KIND_STRING, HRM_TEXT_MAX_LENGTH,
    hrm_validate_text, hrm_user_field_empty_to_null, N_("alias User-ID"), TRUE, TRUE,
  },
  [HRM_USER_FIELD_SIGNATURE] = {
    "signature", HRM_USER_FIELD_KIND_STRING, HRM_TEXT_MAX_LENGTH,
    hrm_validate_text, hrm_user_field_empty_to_null, N_("signature"), TRUE, TRUE,
  },
  [HRM_USER_FIELD_CARD_TAG_ID] = {
    "card_tag_id", HRM_USER_FIELD_KIND_STRING, HRM_TEXT_MAX_LENGTH,
    hrm_validate_text, hrm_user_field_empty_to_null, N_("card/tag ID"), TRUE, TRUE,
  },
  [HRM_USER_FIELD_EXTERNAL_REFERENCE] = {
    "external_reference", HRM_USER_FIELD_KIND_STRING, HRM_TEXT_MAX_LENGTH,
    hrm_validate_text, hrm_user_field_empty_to_null, N_("external reference"), TRUE, TRUE,
  },
  /* Names are stored as "" rather than null (the display name joins them). */
  [HRM_USER_FIELD_FIRST_NAME] = {
    "first_name", HRM_USER_FIELD_KIND_STRING, HRM_TEXT_MAX_LENGTH,
    hrm_validate_text, hrm_user_field_null_to_empty, N_("first name"), TRUE, TRUE,
  },
  [HRM_USER_FIELD_LAST_NAME] = {
    "last_name", HRM_USER_FIELD_KIND_STRING, HRM_TEXT_MAX_LENGTH,
    hrm_validate_text, hrm_user_field_null_to_empty, N_("last name"), TRUE, TRUE,
  },
  [HRM_USER_FIELD_EMAIL] = {
    "email", HRM_USER_FIELD_KIND_STRING, HRM_EMAIL_MAX_LENGTH,
    hrm_validate_email, hrm_user_field_trim_email, N_("email"), TRUE, TRUE,
  },
  /* What the server thinks of the address (hrm-email-domains.h): read-only,
   * decided by the server from the organisation's domains and other users. */
  [HRM_USER_FIELD_EMAIL_WARNINGS] = { "email_warnings", HRM_USER_FIELD_KIND_EMAIL_WARNINGS },
  /* The audit trail says “enabled the user” rather than naming the field. */
  [HRM_USER_FIELD_ENABLED] = { "enabled", HRM_USER_FIELD_KIND_BOOLEAN, .patchable = TRUE },
  /* The last day of employment, YYYY-MM-DD; "" clears it. Not trimmed: a
   * date with spaces around it is refused like any other malformed one. */
  [HRM_USER_FIELD_EMPLOYMENT_END_DATE] = {
    "employment_end_date", HRM_USER_FIELD_KIND_STRING, HRM_DATE_LENGTH,
    hrm_validate_date, hrm_user_field_empty_to_null, N_("employment end date"), TRUE, TRUE,
  },
  [HRM_USER_FIELD_CONNECTION] = { "connection", HRM_USER_FIELD_KIND_CONNECTION },
  [HRM_USER_FIELD_UPDATED_AT] = { "updated_at", HRM_USER_FIELD_KIND_DATETIME, .nullable = TRUE },
};

const HrmUserFieldInfo *
hrm_user_field_get_info (HrmUserFieldId field)
{
  g_return_val_if_fail (field < HRM_N_USER_FIELDS, NULL);
  return &fields[field];
}

/**
 * hrm_user_field_lookup:
 * The field whose JSON member is @json_name; FALSE for a member the user
 * object does not have.
 */
gboolean
hrm_user_field_lookup (const char     *json_name,
                       HrmUserFieldId *out_field)
{
  g_return_val_if_fail (json_name != NULL, FALSE);

  for (guint i = 0; i < HRM_N_USER_FIELDS; i++)
    if (g_str_equal (fields[i].json_name, json_name))
      {
        if (out_field != NULL)
          *out_field = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * hrm_user_field_check:
 * Normalises the string in @inout_text (%NULL for JSON null; replaced by the
 * value to store) and checks it against the field's rule. A nullable field
 * may be null; any other value goes to the validator, so a required field
 * refuses null with its own reason (“User-ID is required”).
 * Returns: FALSE with @error set when the value is refused.
 */
gboolean
hrm_user_field_check (HrmUserFieldId   field,
                      char           **inout_text,
                      GError         **error)
{
  const HrmUserFieldInfo *info;

  g_return_val_if_fail (field < HRM_N_USER_FIELDS, FALSE);
  g_return_val_if_fail (inout_text != NULL, FALSE);

  info = &fields[field];
  g_return_val_if_fail (info->kind == HRM_USER_FIELD_KIND_STRING, FALSE);

  if (info->normalise != NULL)
    *inout_text = info->normalise (*inout_text);

  if (*inout_text == NULL && info->nullable)
    return TRUE;

  return info->validate == NULL || info->validate (*inout_text, error);
}

/* Optional text: "" means none, stored as null. */
char *
hrm_user_field_empty_to_null (char *text)
{
  if (text != NULL && text[0] == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* Names: none is stored as "". */
char *
hrm_user_field_null_to_empty (char *text)
{
  return text != NULL ? text : g_strdup ("");
}

/* An email as typed or pasted: surrounding white space is dropped, and none
 * is stored as null. Its case is kept (hrm_normalize_email() folds it only
 * to compare two addresses). */
char *
hrm_user_field_trim_email (char *text)
{
  if (text != NULL)
    g_strstrip (text);
  return hrm_user_field_empty_to_null (text);
}
