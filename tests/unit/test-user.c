/* test-user.c — the user record: JSON in and out, and change notification
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>

#include "hrm-lib.h"

static const char user_json[] =
  "{\"id\": 17, \"user_id\": \"anna.svensson\", \"alias_user_id\": \"ASV\","
  " \"signature\": \"AS\", \"card_tag_id\": \"04A2B3C4\", \"external_reference\": \"EMP-0017\","
  " \"first_name\": \"Anna\", \"last_name\": \"Svensson\", \"email\": \"anna@example.com\","
  " \"email_warnings\": [{\"code\": \"duplicate\", \"message\": \"Another user has the same address\"}],"
  " \"enabled\": true, \"employment_end_date\": \"2026-12-31\","
  " \"connection\": {\"state\": \"pending\", \"email\": null, \"verified_at\": null,"
  "   \"pending_email\": \"anna@example.com\", \"sent_at\": \"2026-11-24T09:12:00Z\","
  "   \"expires_at\": \"2026-11-25T09:12:00Z\", \"expired\": false,"
  "   \"removal_scheduled_on\": \"2027-01-05\","
  "   \"delivery\": {\"state\": \"sent\", \"error\": null, \"at\": \"2026-11-24T09:12:01Z\"}},"
  " \"updated_at\": \"2026-11-24T09:10:30Z\"}";

static JsonObject *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object = hrm_json_parse_object (json, -1, &error);

  g_assert_no_error (error);
  return object;
}

static HrmUser *
user_from (const char *json)
{
  g_autoptr(JsonObject) object = parse (json);
  g_autoptr(GError) error = NULL;
  HrmUser *user = hrm_user_new_from_json (object, &error);

  g_assert_no_error (error);
  g_assert_nonnull (user);
  return user;
}

static void
test_from_json (void)
{
  g_autoptr(HrmUser) user = user_from (user_json);
  g_autoptr(GDateTime) sent = g_date_time_new_utc (2026, 11, 24, 9, 12, 0);
  g_autofree char *name = hrm_user_dup_display_name (user);

  g_assert_cmpint (hrm_user_get_id (user), ==, 17);
  g_assert_cmpstr (hrm_user_get_user_id (user), ==, "anna.svensson");
  g_assert_cmpstr (hrm_user_get_alias_user_id (user), ==, "ASV");
  g_assert_cmpstr (hrm_user_get_signature (user), ==, "AS");
  g_assert_cmpstr (hrm_user_get_card_tag_id (user), ==, "04A2B3C4");
  g_assert_cmpstr (hrm_user_get_external_reference (user), ==, "EMP-0017");
  g_assert_cmpstr (hrm_user_get_first_name (user), ==, "Anna");
  g_assert_cmpstr (hrm_user_get_last_name (user), ==, "Svensson");
  g_assert_cmpstr (name, ==, "Anna Svensson");
  g_assert_cmpstr (hrm_user_get_email (user), ==, "anna@example.com");
  g_assert_cmpuint (hrm_user_get_email_warnings (user), ==, HRM_EMAIL_WARNING_DUPLICATE);
  g_assert_true (hrm_user_get_enabled (user));
  g_assert_cmpstr (hrm_user_get_employment_end_date (user), ==, "2026-12-31");
  g_assert_cmpstr (hrm_user_get_removal_scheduled_on (user), ==, "2027-01-05");
  g_assert_cmpint (hrm_user_get_connection_state (user), ==, HRM_CONNECTION_PENDING);
  g_assert_null (hrm_user_get_connection_email (user));
  g_assert_null (hrm_user_get_verified_at (user));
  g_assert_cmpstr (hrm_user_get_pending_email (user), ==, "anna@example.com");
  g_assert_true (g_date_time_equal (hrm_user_get_sent_at (user), sent));
  g_assert_nonnull (hrm_user_get_expires_at (user));
  g_assert_nonnull (hrm_user_get_updated_at (user));
  /* The ETag travels in a header, not in the body. */
  g_assert_null (hrm_user_get_etag (user));
}

static void
test_round_trip (void)
{
  g_autoptr(HrmUser) user = user_from (user_json);
  g_autoptr(JsonObject) original = parse (user_json);
  g_autoptr(JsonNode) original_node = json_node_init_object (json_node_alloc (), original);
  g_autoptr(JsonNode) node = hrm_user_to_json (user);
  g_autofree char *text = hrm_json_to_string (node);
  g_autoptr(HrmUser) again = user_from (text);
  g_autoptr(JsonNode) node_again = hrm_user_to_json (again);

  g_assert_true (json_node_equal (original_node, node));
  g_assert_true (json_node_equal (node, node_again));
}

static void
test_round_trip_minimal (void)
{
  static const char json[] =
    "{\"id\": 1, \"user_id\": \"x\", \"alias_user_id\": null, \"signature\": null,"
    " \"card_tag_id\": null, \"external_reference\": null, \"first_name\": null,"
    " \"last_name\": null, \"email\": null, \"email_warnings\": [], \"enabled\": false,"
    " \"employment_end_date\": null,"
    " \"connection\": {\"state\": \"not_linked\", \"email\": null, \"verified_at\": null,"
    "   \"pending_email\": null, \"sent_at\": null, \"expires_at\": null, \"expired\": false,"
    "   \"removal_scheduled_on\": null, \"delivery\": null},"
    " \"updated_at\": null}";
  g_autoptr(HrmUser) user = user_from (json);
  g_autoptr(JsonObject) original = parse (json);
  g_autoptr(JsonNode) original_node = json_node_init_object (json_node_alloc (), original);
  g_autoptr(JsonNode) node = hrm_user_to_json (user);
  g_autofree char *name = hrm_user_dup_display_name (user);

  g_assert_true (json_node_equal (original_node, node));
  g_assert_false (hrm_user_get_enabled (user));
  /* With no name, the User-ID stands for the user. */
  g_assert_cmpstr (name, ==, "x");
}

/* Replaces member @member of @object (dotted for nested) with @value_json. */
static char *
replace_member (const char *json,
                const char *member,
                const char *value_json)
{
  g_autoptr(JsonObject) object = parse (json);
  g_autoptr(JsonObject) value_holder = NULL;
  g_autofree char *holder = g_strdup_printf ("{\"v\": %s}", value_json ? value_json : "null");
  g_auto(GStrv) parts = g_strsplit (member, ".", 2);
  JsonObject *target = object;

  value_holder = parse (holder);
  if (parts[1] != NULL)
    {
      target = json_object_get_object_member (object, parts[0]);
      member = parts[1];
    }

  if (value_json == NULL)
    json_object_remove_member (target, member);
  else
    json_object_set_member (target, member, json_node_copy (json_object_get_member (value_holder, "v")));

  return hrm_json_object_to_string (object);
}

static void
assert_rejected (const char *member,
                 const char *value_json,
                 int         code)
{
  g_autofree char *json = replace_member (user_json, member, value_json);
  g_autoptr(JsonObject) object = parse (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmUser) user = NULL;
  const char *leaf = strrchr (member, '.') ? strrchr (member, '.') + 1 : member;

  g_test_message ("%s = %s", member, value_json ? value_json : "(missing)");
  user = hrm_user_new_from_json (object, &error);
  g_assert_null (user);
  g_assert_error (error, HRM_ERROR, code);
  if (code == HRM_ERROR_INVALID)
    g_assert_nonnull (strstr (error->message, leaf));
}

static void
test_type_errors (void)
{
  static const char *string_members[] = {
    "user_id", "alias_user_id", "signature", "card_tag_id", "external_reference",
    "first_name", "last_name", "email", "connection.email", "connection.pending_email",
  };
  static const char *time_members[] = {
    "updated_at", "connection.verified_at", "connection.sent_at", "connection.expires_at",
  };
  static const char *wrong_for_string[] = { "42", "true", "{}", "[]", "1.5" };
  static const char *wrong_for_time[] = { "42", "true", "{}", "\"yesterday\"", "\"2026-13-40T99:00:00Z\"" };

  for (guint i = 0; i < G_N_ELEMENTS (string_members); i++)
    for (guint j = 0; j < G_N_ELEMENTS (wrong_for_string); j++)
      assert_rejected (string_members[i], wrong_for_string[j], HRM_ERROR_INVALID);

  for (guint i = 0; i < G_N_ELEMENTS (time_members); i++)
    for (guint j = 0; j < G_N_ELEMENTS (wrong_for_time); j++)
      assert_rejected (time_members[i], wrong_for_time[j], HRM_ERROR_INVALID);

  assert_rejected ("id", "\"17\"", HRM_ERROR_INVALID);
  assert_rejected ("id", "17.5", HRM_ERROR_INVALID);
  assert_rejected ("id", "null", HRM_ERROR_INVALID);
  assert_rejected ("id", NULL, HRM_ERROR_INVALID);
  assert_rejected ("user_id", "null", HRM_ERROR_INVALID);
  assert_rejected ("user_id", NULL, HRM_ERROR_INVALID);
  assert_rejected ("enabled", "\"true\"", HRM_ERROR_INVALID);
  assert_rejected ("enabled", "1", HRM_ERROR_INVALID);
  assert_rejected ("enabled", "null", HRM_ERROR_INVALID);
  assert_rejected ("enabled", NULL, HRM_ERROR_INVALID);
  assert_rejected ("connection", "\"linked\"", HRM_ERROR_INVALID);
  assert_rejected ("connection", "null", HRM_ERROR_INVALID);
  assert_rejected ("connection", NULL, HRM_ERROR_INVALID);
  assert_rejected ("connection.expired", "\"true\"", HRM_ERROR_INVALID);
  assert_rejected ("connection.expired", "1", HRM_ERROR_INVALID);
  assert_rejected ("connection.expired", "null", HRM_ERROR_INVALID);
  assert_rejected ("connection.state", "2", HRM_ERROR_INVALID);
  assert_rejected ("connection.state", "null", HRM_ERROR_INVALID);
  assert_rejected ("connection.state", NULL, HRM_ERROR_INVALID);
  /* A state the client does not know is the server speaking another protocol. */
  assert_rejected ("connection.state", "\"verified\"", HRM_ERROR_PROTOCOL);
  assert_rejected ("connection.state", "\"Linked\"", HRM_ERROR_PROTOCOL);
}

/* email_warnings becomes flags: codes this version does not know are left
 * out, a server from before it has none, and anything but a list of
 * objects with a code is a protocol error. */
static void
test_email_warnings (void)
{
  g_autoptr(JsonObject) object = parse (user_json);
  g_autoptr(JsonArray) warnings = json_array_new ();
  g_autoptr(JsonObject) unknown = json_object_new ();
  g_autoptr(JsonObject) linked = json_object_new ();
  g_autoptr(HrmUser) user = NULL;
  g_autoptr(HrmUser) older = NULL;
  g_autoptr(HrmUser) bad = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (unknown, "code", "from_the_future");
  json_object_set_string_member (unknown, "message", "?");
  json_object_set_string_member (linked, "code", "linked_private");
  json_object_set_string_member (linked, "message", "Linked to a private address");
  json_array_add_object_element (warnings, json_object_ref (unknown));
  json_array_add_object_element (warnings, json_object_ref (linked));
  json_object_set_array_member (object, "email_warnings", json_array_ref (warnings));
  user = hrm_user_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hrm_user_get_email_warnings (user), ==, HRM_EMAIL_WARNING_LINKED_PRIVATE);

  json_object_remove_member (object, "email_warnings");
  older = hrm_user_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hrm_user_get_email_warnings (older), ==, 0);

  json_object_set_string_member (object, "email_warnings", "duplicate");
  bad = hrm_user_new_from_json (object, &error);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL);
  g_assert_null (bad);
}

static void
test_connection_state_strings (void)
{
  HrmConnectionState state;

  g_assert_cmpstr (hrm_connection_state_to_string (HRM_CONNECTION_NOT_LINKED), ==, "not_linked");
  g_assert_cmpstr (hrm_connection_state_to_string (HRM_CONNECTION_PENDING), ==, "pending");
  g_assert_cmpstr (hrm_connection_state_to_string (HRM_CONNECTION_LINKED), ==, "linked");
  g_assert_true (hrm_connection_state_from_string ("linked", &state));
  g_assert_cmpint (state, ==, HRM_CONNECTION_LINKED);
  g_assert_true (hrm_connection_state_from_string ("not_linked", &state));
  g_assert_cmpint (state, ==, HRM_CONNECTION_NOT_LINKED);
  g_assert_false (hrm_connection_state_from_string ("not-linked", &state));
  g_assert_false (hrm_connection_state_from_string (NULL, &state));
}

static void
record_notify (GObject    *object,
               GParamSpec *pspec,
               GPtrArray  *names)
{
  g_ptr_array_add (names, g_strdup (pspec->name));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Applies @changed_json (same shape as user_json) to a user built from
 * user_json and returns the notified property names, sorted, comma-separated. */
static char *
notified_by (const char *changed_json)
{
  g_autoptr(HrmUser) user = user_from (user_json);
  g_autoptr(HrmUser) other = user_from (changed_json);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect (user, "notify", G_CALLBACK (record_notify), names);
  hrm_user_update_from (user, other);
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);

  /* Afterwards the two say the same. */
  {
    g_autoptr(JsonNode) a = hrm_user_to_json (user);
    g_autoptr(JsonNode) b = hrm_user_to_json (other);

    g_assert_true (json_node_equal (a, b));
  }

  return g_strjoinv (",", (char **) names->pdata);
}

static void
test_update_from_notifies_changes_only (void)
{
  g_autofree char *same = notified_by (user_json);
  g_autofree char *first = NULL;
  g_autofree char *email = NULL;
  g_autofree char *enabled = NULL;
  g_autofree char *state = NULL;
  g_autofree char *to_null = NULL;

  g_assert_cmpstr (same, ==, "");

  {
    g_autofree char *json = replace_member (user_json, "first_name", "\"Annika\"");
    first = notified_by (json);
  }
  g_assert_cmpstr (first, ==, "display-name,first-name");

  {
    g_autofree char *json = replace_member (user_json, "email", "\"anna.s@example.com\"");
    email = notified_by (json);
  }
  g_assert_cmpstr (email, ==, "email");

  {
    g_autofree char *json = replace_member (user_json, "enabled", "false");
    enabled = notified_by (json);
  }
  g_assert_cmpstr (enabled, ==, "enabled");

  {
    g_autofree char *json1 = replace_member (user_json, "connection.state", "\"linked\"");
    g_autofree char *json2 = replace_member (json1, "connection.email", "\"anna@example.com\"");
    g_autofree char *json3 = replace_member (json2, "connection.verified_at", "\"2026-11-24T10:00:00Z\"");
    g_autofree char *json4 = replace_member (json3, "connection.pending_email", "null");
    state = notified_by (json4);
  }
  g_assert_cmpstr (state, ==, "connection-email,connection-state,pending-email,verified-at");

  {
    g_autofree char *json = replace_member (user_json, "alias_user_id", "null");
    to_null = notified_by (json);
  }
  g_assert_cmpstr (to_null, ==, "alias-user-id");
}

static void
count_changed (HrmUser *user,
               guint   *count)
{
  (*count)++;
}

/* "changed" comes once for a whole update, however many properties changed
 * (a list row redraws once when its user arrives), once for a single
 * change, and not at all when nothing changed. */
static void
test_update_from_changed_once (void)
{
  g_autoptr(HrmUser) placeholder = hrm_user_new ();
  g_autoptr(HrmUser) user = user_from (user_json);
  g_autoptr(HrmUser) same = user_from (user_json);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint changed = 0;

  g_signal_connect (placeholder, "changed", G_CALLBACK (count_changed), &changed);
  g_signal_connect (placeholder, "notify", G_CALLBACK (record_notify), names);
  hrm_user_update_from (placeholder, user);
  g_assert_cmpuint (names->len, >, 5);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpint (hrm_user_get_id (placeholder), ==, hrm_user_get_id (user));

  hrm_user_update_from (placeholder, same);
  g_assert_cmpuint (changed, ==, 1);

  hrm_user_set_etag (placeholder, "\"v9\"");
  g_assert_cmpuint (changed, ==, 2);
}

static void
test_update_from_etag (void)
{
  g_autoptr(HrmUser) user = user_from (user_json);
  g_autoptr(HrmUser) other = user_from (user_json);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  hrm_user_set_etag (user, "\"v1\"");
  g_signal_connect (user, "notify", G_CALLBACK (record_notify), names);

  /* A copy without an ETag (say, from the list) keeps the one we have. */
  hrm_user_update_from (user, other);
  g_assert_cmpstr (hrm_user_get_etag (user), ==, "\"v1\"");
  g_assert_cmpuint (names->len, ==, 0);

  hrm_user_set_etag (other, "\"v2\"");
  hrm_user_update_from (user, other);
  g_assert_cmpstr (hrm_user_get_etag (user), ==, "\"v2\"");
  g_assert_cmpuint (names->len, ==, 1);
  g_assert_cmpstr (names->pdata[0], ==, "etag");

  /* Setting the same ETag again is not a change. */
  hrm_user_set_etag (user, "\"v2\"");
  g_assert_cmpuint (names->len, ==, 1);
}

static void
test_pending_expired (void)
{
  g_autoptr(HrmUser) user = user_from (user_json);
  g_autoptr(GDateTime) before = g_date_time_new_utc (2026, 11, 25, 9, 11, 59);
  g_autoptr(GDateTime) at = g_date_time_new_utc (2026, 11, 25, 9, 12, 0);
  g_autofree char *linked_json = replace_member (user_json, "connection.state", "\"linked\"");
  g_autoptr(HrmUser) linked = user_from (linked_json);

  g_assert_false (hrm_user_is_pending_expired (user, before));
  g_assert_true (hrm_user_is_pending_expired (user, at));
  /* Only a pending link expires. */
  g_assert_false (hrm_user_is_pending_expired (linked, at));
}

/* The server says whether a pending link has expired, at the time of the
 * request; the record keeps what it said and notifies when it changes. A
 * server from before "expired" existed is read by the link's expiry. */
static void
test_expired (void)
{
  g_autoptr(HrmUser) user = user_from (user_json);
  g_autofree char *expired_json = replace_member (user_json, "connection.expired", "true");
  g_autoptr(HrmUser) expired = user_from (expired_json);
  g_autofree char *notified = notified_by (expired_json);
  gboolean value = TRUE;

  g_assert_false (hrm_user_get_expired (user));
  g_object_get (user, "expired", &value, NULL);
  g_assert_false (value);
  g_assert_true (hrm_user_get_expired (expired));
  g_object_get (expired, "expired", &value, NULL);
  g_assert_true (value);
  g_assert_cmpstr (notified, ==, "expired");

  {
    g_autoptr(JsonNode) node = hrm_user_to_json (expired);
    JsonObject *connection = json_object_get_object_member (json_node_get_object (node), "connection");

    g_assert_true (json_object_get_boolean_member (connection, "expired"));
  }

  /* Without the member: pending with a link in the past is expired. */
  {
    g_autofree char *json1 = replace_member (user_json, "connection.expired", NULL);
    g_autofree char *past = replace_member (json1, "connection.expires_at", "\"2001-01-01T00:00:00Z\"");
    g_autofree char *future = replace_member (json1, "connection.expires_at", "\"2999-01-01T00:00:00Z\"");
    g_autofree char *linked = replace_member (past, "connection.state", "\"linked\"");
    g_autoptr(HrmUser) old_past = user_from (past);
    g_autoptr(HrmUser) old_future = user_from (future);
    g_autoptr(HrmUser) old_linked = user_from (linked);

    g_assert_true (hrm_user_get_expired (old_past));
    g_assert_false (hrm_user_get_expired (old_future));
    g_assert_false (hrm_user_get_expired (old_linked));
  }
}

/* connection.delivery: how the latest verification mail went. A bounce
 * notifies (the page shows it); a server from before it has none. */
static void
test_delivery (void)
{
  g_autoptr(HrmUser) user = user_from (user_json);
  g_autofree char *bounced_json =
    replace_member (user_json, "connection.delivery",
                    "{\"state\": \"failed\", \"at\": \"2026-11-24T09:12:02Z\","
                    " \"error\": \"550 5.1.1 <anna@example.com>: mailbox unavailable\"}");
  g_autofree char *old_json = replace_member (user_json, "connection.delivery", NULL);
  g_autofree char *bad_json = replace_member (user_json, "connection.delivery", "{\"state\": 3}");
  g_autoptr(HrmUser) bounced = user_from (bounced_json);
  g_autoptr(HrmUser) old = user_from (old_json);
  g_autofree char *notified = notified_by (bounced_json);
  g_autoptr(JsonObject) bad = parse (bad_json);
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmUser) none = NULL;

  g_assert_cmpstr (hrm_user_get_delivery_state (user), ==, "sent");
  g_assert_null (hrm_user_get_delivery_error (user));
  g_assert_cmpstr (hrm_user_get_delivery_state (bounced), ==, "failed");
  g_assert_cmpstr (hrm_user_get_delivery_error (bounced), ==,
                   "550 5.1.1 <anna@example.com>: mailbox unavailable");
  g_assert_nonnull (hrm_user_get_delivery_at (bounced));
  g_assert_nonnull (strstr (notified, "delivery-state"));
  g_assert_nonnull (strstr (notified, "delivery-error"));
  g_assert_null (hrm_user_get_delivery_state (old));

  none = hrm_user_new_from_json (bad, &error);
  g_assert_null (none);
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/user/json/delivery", test_delivery);

  g_test_add_func ("/user/json/from-json", test_from_json);
  g_test_add_func ("/user/json/round-trip", test_round_trip);
  g_test_add_func ("/user/json/email-warnings", test_email_warnings);
  g_test_add_func ("/user/json/round-trip-minimal", test_round_trip_minimal);
  g_test_add_func ("/user/json/type-errors", test_type_errors);
  g_test_add_func ("/user/connection-state/strings", test_connection_state_strings);
  g_test_add_func ("/user/update-from/notifies-changes-only", test_update_from_notifies_changes_only);
  g_test_add_func ("/user/update-from/etag", test_update_from_etag);
  g_test_add_func ("/user/update-from/changed-once", test_update_from_changed_once);
  g_test_add_func ("/user/pending-expired", test_pending_expired);
  g_test_add_func ("/user/expired", test_expired);

  return g_test_run ();
}
