/* hrm-server-authz.c
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-server-authz"

#include "config.h"

#include "hrm-server-private.h"

void
_hrm_server_authz_register (HrmServer *self)
{
}
