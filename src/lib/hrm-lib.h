/* hrm-lib.h — the core layer, in one include
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hrm-bulk-job.h"
#include "hrm-bulk-job-item.h"
#include "hrm-email-domains.h"
#include "hrm-error.h"
#include "hrm-json.h"
#include "hrm-csv-import.h"
#include "hrm-json-check.h"
#include "hrm-provisioning-summary.h"
#include "hrm-user.h"
#include "hrm-user-fields.h"
#include "hrm-validate.h"
