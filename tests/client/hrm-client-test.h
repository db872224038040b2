/* hrm-client-test.h — waiting for async results in the client tests
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hrm-client.h"
#include "hrm-test-server.h"

G_BEGIN_DECLS

/* A GAsyncReadyCallback that keeps the result in *(GAsyncResult **) user_data. */
void          hrm_client_test_keep_result  (GObject       *object,
                                            GAsyncResult  *result,
                                            gpointer       user_data);
/* Spins the main context until *@slot is set (fails the test after 60 s) and steals it. */
GAsyncResult *hrm_client_test_wait         (GAsyncResult **slot);
/* Spins until @done returns TRUE for @data (fails the test after 60 s). */
void          hrm_client_test_wait_until   (gboolean     (*done) (gpointer data),
                                            gpointer       data);
/* A client for @server's URI, signed in as @username with HRM_TEST_PASSWORD. */
HrmClient    *hrm_client_test_sign_in      (const char    *uri,
                                            const char    *username);

G_END_DECLS
