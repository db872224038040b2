/* hrm-tokens.h — random tokens, their stored hashes, and password hashes
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hrm-db.h"

G_BEGIN_DECLS

typedef enum
{
  HRM_TOKEN_ACCESS,
  HRM_TOKEN_REFRESH,
  HRM_TOKEN_VERIFY,
  HRM_TOKEN_RESET,
} HrmTokenKind;

typedef enum
{
  HRM_TOKEN_STATUS_VALID,
  HRM_TOKEN_STATUS_UNKNOWN,
  HRM_TOKEN_STATUS_EXPIRED,
  HRM_TOKEN_STATUS_USED,
  HRM_TOKEN_STATUS_REVOKED,
} HrmTokenStatus;

typedef struct
{
  gint64  user_pk;
  char   *family;
  char   *email;      /* verification tokens: the address being confirmed */
  gint64  expires_at;
} HrmTokenInfo;

gboolean        hrm_crypto_init          (GError       **error);
char           *hrm_token_generate       (void);

char           *hrm_password_hash        (const char    *password,
                                          GError       **error);
gboolean        hrm_password_verify      (const char    *hash,
                                          const char    *password);
gboolean        hrm_password_check       (const char    *hash,
                                          const char    *password);

char           *hrm_token_issue          (HrmDb         *db,
                                          HrmTokenKind   kind,
                                          gint64         user_pk,
                                          const char    *family,
                                          const char    *email,
                                          gint64         ttl_seconds,
                                          GError       **error);
HrmTokenStatus  hrm_token_lookup         (HrmDb         *db,
                                          HrmTokenKind   kind,
                                          const char    *token,
                                          HrmTokenInfo  *out_info,
                                          GError       **error);
gboolean        hrm_token_mark_used      (HrmDb         *db,
                                          const char    *token,
                                          GError       **error);
gboolean        hrm_token_revoke         (HrmDb         *db,
                                          const char    *token,
                                          GError       **error);
gboolean        hrm_token_revoke_family  (HrmDb         *db,
                                          const char    *family,
                                          GError       **error);
gboolean        hrm_token_revoke_user    (HrmDb         *db,
                                          gint64         user_pk,
                                          HrmTokenKind   kind,
                                          GError       **error);
gboolean        hrm_token_revoke_all     (HrmDb         *db,
                                          gint64         user_pk,
                                          GError       **error);
gboolean        hrm_token_purge_expired  (HrmDb         *db,
                                          GError       **error);
void            hrm_token_info_clear     (HrmTokenInfo  *info);

G_END_DECLS
