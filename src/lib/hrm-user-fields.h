/* hrm-user-fields.h — the members of the API's user object, defined once
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The members of the user object, in the order the API writes them. */
typedef enum
{
  HRM_USER_FIELD_ID,
  HRM_USER_FIELD_USER_ID,
  HRM_USER_FIELD_ALIAS_USER_ID,
  HRM_USER_FIELD_SIGNATURE,
  HRM_USER_FIELD_CARD_TAG_ID,
  HRM_USER_FIELD_EXTERNAL_REFERENCE,
  HRM_USER_FIELD_FIRST_NAME,
  HRM_USER_FIELD_LAST_NAME,
  HRM_USER_FIELD_EMAIL,
  HRM_USER_FIELD_EMAIL_WARNINGS,
  HRM_USER_FIELD_ENABLED,
  HRM_USER_FIELD_EMPLOYMENT_END_DATE,
  HRM_USER_FIELD_CONNECTION,
  HRM_USER_FIELD_UPDATED_AT,
  HRM_N_USER_FIELDS
} HrmUserFieldId;

typedef enum
{
  HRM_USER_FIELD_KIND_INT,
  HRM_USER_FIELD_KIND_STRING,
  HRM_USER_FIELD_KIND_BOOLEAN,
  HRM_USER_FIELD_KIND_DATETIME,   /* ISO 8601 in UTC, or null */
  HRM_USER_FIELD_KIND_CONNECTION, /* the nested connection object, written by each side */
  HRM_USER_FIELD_KIND_EMAIL_WARNINGS, /* [{"code", "message"}]: flags of HrmEmailWarnings */
} HrmUserFieldKind;

/* Whether @text (normalised; %NULL for JSON null) is allowed. */
typedef gboolean (*HrmUserFieldValidator) (const char  *text,
                                           GError     **error);

/* Takes @text (%NULL for JSON null) and returns the value to store. */
typedef char *(*HrmUserFieldNormaliser) (char *text);

typedef struct
{
  const char             *json_name;
  HrmUserFieldKind        kind;
  guint                   max_length;  /* in characters, for strings; 0 when not a string */
  HrmUserFieldValidator   validate;    /* strings only; NULL: anything goes */
  HrmUserFieldNormaliser  normalise;   /* strings only; NULL: stored as sent */
  const char             *label;       /* marked for gettext, lower case: “changed %s from …”; NULL for none */
  gboolean                patchable;   /* PATCH may change it; otherwise it is read-only */
  gboolean                nullable;    /* the API may send null for it */
} HrmUserFieldInfo;

const HrmUserFieldInfo *hrm_user_field_get_info      (HrmUserFieldId   field);
gboolean                hrm_user_field_lookup        (const char      *json_name,
                                                      HrmUserFieldId  *out_field);
gboolean                hrm_user_field_check         (HrmUserFieldId   field,
                                                      char           **inout_text,
                                                      GError         **error);

char                   *hrm_user_field_empty_to_null (char            *text);
char                   *hrm_user_field_null_to_empty (char            *text);
char                   *hrm_user_field_trim_email    (char            *text);

G_END_DECLS
