/* hrm-error.h — the one error domain of HRM Users
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HRM_ERROR (hrm_error_quark ())

/**
 * HrmError:
 * Codes say what the user can do about the failure, not how it happened.
 */
typedef enum
{
  HRM_ERROR_FAILED,                /* something else; see the message */
  HRM_ERROR_NOT_SIGNED_IN,         /* 401: sign in (again) */
  HRM_ERROR_FORBIDDEN,             /* 403: ask for the right roles */
  HRM_ERROR_NOT_FOUND,             /* 404: the thing is gone */
  HRM_ERROR_CONFLICT,              /* 409: the state does not allow it */
  HRM_ERROR_STALE,                 /* 412: someone else changed it; reload */
  HRM_ERROR_PRECONDITION_REQUIRED, /* 428: the request lacked If-Match */
  HRM_ERROR_INVALID,               /* 400/413/422: fix the input */
  HRM_ERROR_RATE_LIMITED,          /* 429: wait and try again */
  HRM_ERROR_UNAVAILABLE,           /* 5xx, timeouts, unreachable: try later */
  HRM_ERROR_PROTOCOL,              /* the server said something we cannot understand */
  HRM_ERROR_INVALID_GRANT,         /* wrong username, password or refresh token */
  HRM_ERROR_INSECURE,              /* refused: plain http to a non-loopback host, bad certificate */
} HrmError;

GQuark       hrm_error_quark                  (void);
HrmError     hrm_error_from_http_status       (guint        status);
guint        hrm_error_to_http_status         (HrmError     code);
const char  *hrm_error_to_api_code            (HrmError     code);
HrmError     hrm_error_from_api_code          (const char  *api_code);

G_END_DECLS
