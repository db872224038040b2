/* hrm-error.c — the one error domain of HRM Users
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-error"

#include "hrm-error.h"

G_DEFINE_QUARK (hrm-error-quark, hrm_error)

static const struct {
  HrmError    code;
  guint       status;
  const char *api_code;
} error_map[] = {
  { HRM_ERROR_FAILED,                500, "internal_error" },
  { HRM_ERROR_NOT_SIGNED_IN,         401, "unauthorized" },
  { HRM_ERROR_FORBIDDEN,             403, "forbidden" },
  { HRM_ERROR_NOT_FOUND,             404, "not_found" },
  { HRM_ERROR_CONFLICT,              409, "conflict" },
  { HRM_ERROR_STALE,                 412, "precondition_failed" },
  { HRM_ERROR_PRECONDITION_REQUIRED, 428, "precondition_required" },
  { HRM_ERROR_INVALID,               422, "invalid" },
  { HRM_ERROR_RATE_LIMITED,          429, "rate_limited" },
  { HRM_ERROR_UNAVAILABLE,           503, "unavailable" },
  { HRM_ERROR_PROTOCOL,              400, "bad_request" },
  { HRM_ERROR_INVALID_GRANT,         400, "invalid_grant" },
  { HRM_ERROR_INSECURE,              400, "insecure" },
};

/**
 * hrm_error_from_http_status:
 * The one place where HTTP statuses become error codes.
 */
HrmError
hrm_error_from_http_status (guint status)
{
  switch (status)
    {
    case 400: return HRM_ERROR_INVALID;
    case 401: return HRM_ERROR_NOT_SIGNED_IN;
    case 403: return HRM_ERROR_FORBIDDEN;
    case 404: return HRM_ERROR_NOT_FOUND;
    case 409: return HRM_ERROR_CONFLICT;
    case 412: return HRM_ERROR_STALE;
    case 413: return HRM_ERROR_INVALID;
    case 415: return HRM_ERROR_INVALID;
    case 422: return HRM_ERROR_INVALID;
    case 428: return HRM_ERROR_PRECONDITION_REQUIRED;
    case 429: return HRM_ERROR_RATE_LIMITED;
    default:
      if (status >= 500 && status < 600)
        return HRM_ERROR_UNAVAILABLE;
      return HRM_ERROR_PROTOCOL;
    }
}

guint
hrm_error_to_http_status (HrmError code)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_map); i++)
    if (error_map[i].code == code)
      return error_map[i].status;
  return 500;
}

const char *
hrm_error_to_api_code (HrmError code)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_map); i++)
    if (error_map[i].code == code)
      return error_map[i].api_code;
  return "internal_error";
}

HrmError
hrm_error_from_api_code (const char *api_code)
{
  if (api_code == NULL)
    return HRM_ERROR_FAILED;
  for (guint i = 0; i < G_N_ELEMENTS (error_map); i++)
    if (g_str_equal (error_map[i].api_code, api_code))
      return error_map[i].code;
  return HRM_ERROR_FAILED;
}
