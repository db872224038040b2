/* hrm-client-test.c — waiting for async results in the client tests
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-client-test"

#include "hrm-client-test.h"

#define WAIT_SECONDS 60

void
hrm_client_test_keep_result (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
result_is_set (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

GAsyncResult *
hrm_client_test_wait (GAsyncResult **slot)
{
  hrm_client_test_wait_until (result_is_set, slot);
  return g_steal_pointer (slot);
}

void
hrm_client_test_wait_until (gboolean (*done) (gpointer data),
                            gpointer   data)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (WAIT_SECONDS, on_timeout, &timed_out);

  while (!done (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Nothing happened within %d seconds", WAIT_SECONDS);

  g_source_remove (timeout_id);
}

HrmClient *
hrm_client_test_sign_in (const char *uri,
                         const char *username)
{
  g_autoptr(HrmClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  client = hrm_client_new (uri, &error);
  g_assert_no_error (error);

  hrm_client_sign_in_async (client, username, HRM_TEST_PASSWORD, NULL, hrm_client_test_keep_result,
                            &slot);
  result = hrm_client_test_wait (&slot);
  g_assert_true (hrm_client_sign_in_finish (client, result, &error));
  g_assert_no_error (error);
  g_assert_true (hrm_client_get_signed_in (client));

  return g_steal_pointer (&client);
}
