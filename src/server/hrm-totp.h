/* hrm-totp.h — time-based one-time passwords (RFC 6238) and their QR codes
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hrm-db.h"

G_BEGIN_DECLS

/* 30-s steps, 6 digits, and a code of the step before or after is accepted. */
#define HRM_TOTP_STEP    30
#define HRM_TOTP_DIGITS  6
#define HRM_TOTP_WINDOW  1

/* A new secret: 160 random bits (RFC 4226's recommendation), base32. */
char     *hrm_totp_new_secret   (void);

/* The step @code is right for within ±HRM_TOTP_WINDOW of @now, if that step
 * is after @last_step (a code works once); else -1. */
gint64    hrm_totp_check        (const char  *secret,
                                 gint64       now,
                                 gint64       last_step,
                                 const char  *code);

/* otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=…&period=30&digits=6 */
char     *hrm_totp_uri          (const char  *secret,
                                 const char  *issuer,
                                 const char  *account);

/* @text as a QR code: an SVG document, or lines of block characters for a
 * terminal (two rows of modules per line). NULL when it does not fit. */
char     *hrm_qr_svg            (const char  *text);
char     *hrm_qr_terminal       (const char  *text);

/* The account's factor: TRUE and its secret and last used step when it has
 * one; FALSE (and no error) when it has none. */
gboolean  hrm_totp_load         (HrmDb       *db,
                                 gint64       user_pk,
                                 char       **out_secret,
                                 gint64      *out_last_step,
                                 GError     **error);
/* Stores @secret as the account's factor, replacing any, with @last_step
 * already used. */
gboolean  hrm_totp_store        (HrmDb       *db,
                                 gint64       user_pk,
                                 const char  *secret,
                                 gint64       last_step,
                                 GError     **error);
/* Records that @step was used; FALSE with HRM_ERROR_CONFLICT when it, or a
 * later one, already was. */
gboolean  hrm_totp_use_step     (HrmDb       *db,
                                 gint64       user_pk,
                                 gint64       step,
                                 GError     **error);

G_END_DECLS
