/* hrm-test-hostile.h — a tiny HRM that misbehaves on purpose
 *
 * A SoupServer inside the test process on 127.0.0.1 (port 0) for what the real
 * hrm-server never does: garbage, HTML, deep nesting, 50 MiB answers, answers
 * that never end or stall. The first path segment of the client's base URI
 * names the misbehaviour:
 *
 *   g_autoptr(HrmTestHostile) hostile = hrm_test_hostile_new ();
 *   g_autofree char *uri = hrm_test_hostile_get_uri (hostile, "garbage");
 *   client = hrm_client_new (uri, &error);   // http://127.0.0.1:PORT/garbage
 *
 * Under every mode these answer well: POST /oauth/token (any password),
 * GET /api/v1/organisation, GET /api/v1/users/{id} (HRM_TEST_HOSTILE_USER_JSON
 * with ETag HRM_TEST_HOSTILE_ETAG) and the user's lists (empty). Everything
 * else — GET /api/v1/me, PATCH /api/v1/users/{id}, … — gets the mode's answer;
 * under "good", a well-formed one. The modes are listed in hrm-test-hostile.c.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HRM_TEST_HOSTILE_ETAG "\"v1\""

/* The one user the server knows (id 42), as GET /api/v1/users/42 answers it. */
#define HRM_TEST_HOSTILE_USER_JSON                                                      \
  "{\"id\": 42, \"user_id\": \"eva.lind\", \"alias_user_id\": null, \"signature\": \"EL\"," \
  " \"card_tag_id\": null, \"external_reference\": \"P-42\", \"first_name\": \"Eva\","     \
  " \"last_name\": \"Lind\", \"email\": \"eva.lind@example.com\", \"enabled\": true,"       \
  " \"connection\": {\"state\": \"not_linked\", \"email\": null, \"verified_at\": null,"    \
  " \"pending_email\": null, \"sent_at\": null, \"expires_at\": null},"                     \
  " \"updated_at\": \"2026-11-24T09:12:00Z\"}"

typedef struct _HrmTestHostile HrmTestHostile;

HrmTestHostile *hrm_test_hostile_new          (void);
void            hrm_test_hostile_free         (HrmTestHostile *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HrmTestHostile, hrm_test_hostile_free)

/* http://127.0.0.1:PORT/@mode */
char           *hrm_test_hostile_get_uri      (HrmTestHostile *self,
                                               const char     *mode);
/* How many requests got a mode's answer (not the well-behaved ones). */
guint           hrm_test_hostile_get_n_hostile (HrmTestHostile *self);

/* The peak resident memory of this process in bytes (VmHWM), after resetting
 * it to the current size when @reset. 0 when /proc cannot tell. */
gsize           hrm_test_peak_memory          (gboolean        reset);

G_END_DECLS
