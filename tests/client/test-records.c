/* test-records.c — the API's record types (roles, account codes, authorisations,
 * events, the organisation) in and out of JSON
 *
 * They live in src/lib but exist for the client, so their tests are here.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-records"

#include "hrm-client.h"
#include "hrm-email-domains.h"

static JsonObject *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object = hrm_json_parse_object (text, -1, &error);

  g_assert_no_error (error);
  return object;
}

static void
test_role (void)
{
  g_autoptr(JsonObject) good = parse ("{\"id\": 3, \"name\": \"Payroll administrator\","
                                      " \"description\": null, \"grants_users_view\": true}");
  g_autoptr(JsonObject) bad = parse ("{\"id\": 3, \"name\": \"Payroll\", \"grants_users_view\": \"yes\"}");
  g_autoptr(HrmRole) role = NULL;
  g_autoptr(HrmRole) refused = NULL;
  g_autoptr(GError) error = NULL;

  role = hrm_role_new_from_json (good, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hrm_role_get_id (role), ==, 3);
  g_assert_cmpstr (hrm_role_get_name (role), ==, "Payroll administrator");
  g_assert_null (hrm_role_get_description (role));
  g_assert_true (hrm_role_get_grants_users_view (role));

  refused = hrm_role_new_from_json (bad, &error);
  g_assert_null (refused);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "grants_users_view"));
}

static void
test_account_code (void)
{
  g_autoptr(JsonObject) json = parse ("{\"id\": 12, \"dimension\": \"Cost centre\", \"code\": \"4100\","
                                      " \"name\": \"Warehouse\"}");
  g_autoptr(JsonObject) unnamed_json = parse ("{\"id\": 13, \"dimension\": \"Project\", \"code\": \"P7\","
                                              " \"name\": null}");
  g_autoptr(HrmAccountCode) code = NULL;
  g_autoptr(HrmAccountCode) unnamed = NULL;
  g_autoptr(HrmAccountCode) again = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  g_autofree char *unnamed_label = NULL;

  code = hrm_account_code_new_from_json (json, &error);
  g_assert_no_error (error);
  label = hrm_account_code_dup_label (code);
  g_assert_cmpstr (label, ==, "Cost centre 4100 Warehouse");

  unnamed = hrm_account_code_new_from_json (unnamed_json, &error);
  g_assert_no_error (error);
  unnamed_label = hrm_account_code_dup_label (unnamed);
  g_assert_cmpstr (unnamed_label, ==, "Project P7");

  node = hrm_account_code_to_json (code);
  again = hrm_account_code_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  g_assert_cmpint (hrm_account_code_get_id (again), ==, 12);
  g_assert_cmpstr (hrm_account_code_get_dimension (again), ==, "Cost centre");
  g_assert_cmpstr (hrm_account_code_get_code (again), ==, "4100");
  g_assert_cmpstr (hrm_account_code_get_name (again), ==, "Warehouse");
}

static void
test_authorisation (void)
{
  const struct {
    const char   *json;
    HrmScopeType  type;
    gint64        scope_id;
    const char   *label;
  } cases[] = {
    { "{\"role_id\": 3, \"role_name\": \"Payroll\", \"scope\": {\"type\": \"company\"}}",
      HRM_SCOPE_COMPANY, 0, NULL },
    { "{\"role_id\": 3, \"role_name\": \"Payroll\", \"scope\": {\"type\": \"account_code\","
      " \"account_code_id\": 12, \"label\": \"Cost centre 4100 Warehouse\"}}",
      HRM_SCOPE_ACCOUNT_CODE, 12, "Cost centre 4100 Warehouse" },
    { "{\"role_id\": 3, \"role_name\": \"Payroll\", \"scope\": {\"type\": \"employee\","
      " \"employee_id\": 57, \"label\": \"Anna Svensson\"}}",
      HRM_SCOPE_EMPLOYEE, 57, "Anna Svensson" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) json = parse (cases[i].json);
      g_autoptr(HrmAuthorisation) authorisation = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *sent = NULL;
      JsonObject *scope;

      authorisation = hrm_authorisation_new_from_json (json, &error);
      g_assert_no_error (error);
      g_assert_cmpint (hrm_authorisation_get_role_id (authorisation), ==, 3);
      g_assert_cmpstr (hrm_authorisation_get_role_name (authorisation), ==, "Payroll");
      g_assert_cmpint (hrm_authorisation_get_scope_type (authorisation), ==, cases[i].type);
      g_assert_cmpint (hrm_authorisation_get_scope_id (authorisation), ==, cases[i].scope_id);
      g_assert_cmpstr (hrm_authorisation_get_scope_label (authorisation), ==, cases[i].label);

      /* What a PUT sends: role_id and the scope's type and id, not the names. */
      node = hrm_authorisation_to_json (authorisation);
      sent = hrm_json_to_string (node);
      g_test_message ("%s", sent);
      g_assert_false (json_object_has_member (json_node_get_object (node), "role_name"));
      scope = json_object_get_object_member (json_node_get_object (node), "scope");
      g_assert_cmpstr (json_object_get_string_member (scope, "type"), ==,
                       hrm_scope_type_to_string (cases[i].type));
      g_assert_false (json_object_has_member (scope, "label"));
    }
}

static void
test_authorisation_invalid (void)
{
  const char *invalid[] = {
    "{\"role_id\": 3, \"scope\": {\"type\": \"galaxy\"}}",
    "{\"role_id\": 3, \"scope\": {\"type\": \"account_code\"}}",
    "{\"role_id\": \"3\", \"scope\": {\"type\": \"company\"}}",
    "{\"role_id\": 3, \"scope\": \"company\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(JsonObject) json = parse (invalid[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(HrmAuthorisation) authorisation = hrm_authorisation_new_from_json (json, &error);

      g_assert_null (authorisation);
      g_assert_nonnull (error);
    }
}

static void
test_event (void)
{
  g_autoptr(JsonObject) json = parse ("{\"id\": 91, \"time\": \"2026-11-24T09:12:00Z\", \"actor\": \"admin\","
                                      " \"action\": \"verification_sent\", \"details\": \"Sent\"}");
  g_autoptr(JsonObject) timeless = parse ("{\"id\": 92, \"time\": null, \"actor\": \"admin\","
                                          " \"action\": \"updated\", \"details\": null}");
  g_autoptr(HrmEvent) event = NULL;
  g_autoptr(HrmEvent) refused = NULL;
  g_autoptr(GError) error = NULL;

  event = hrm_event_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hrm_event_get_id (event), ==, 91);
  g_assert_cmpint (g_date_time_get_hour (hrm_event_get_time (event)), ==, 9);
  g_assert_cmpstr (hrm_event_get_actor (event), ==, "admin");
  g_assert_cmpstr (hrm_event_get_action (event), ==, "verification_sent");
  g_assert_cmpstr (hrm_event_get_details (event), ==, "Sent");

  refused = hrm_event_new_from_json (timeless, &error);
  g_assert_null (refused);
  g_assert_nonnull (error);
}

static void
test_organisation (void)
{
  g_autoptr(JsonObject) json = parse ("{\"name\": \"Nordljus Bygg AB\", \"identity_provider_name\":"
                                      " \"Visma Connect\", \"provisioning_phase\": \"preparation\","
                                      " \"verification_ttl_seconds\": 86400}");
  g_autoptr(JsonObject) unknown = parse ("{\"name\": \"X\", \"identity_provider_name\": \"Y\","
                                         " \"provisioning_phase\": \"someday\","
                                         " \"verification_ttl_seconds\": 1}");
  g_autoptr(HrmOrganisation) organisation = NULL;
  g_autoptr(HrmOrganisation) again = NULL;
  g_autoptr(HrmOrganisation) refused = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  organisation = hrm_organisation_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hrm_organisation_get_name (organisation), ==, "Nordljus Bygg AB");
  g_assert_cmpstr (hrm_organisation_get_identity_provider_name (organisation), ==, "Visma Connect");
  g_assert_cmpint (hrm_organisation_get_provisioning_phase (organisation), ==,
                   HRM_PROVISIONING_PREPARATION);
  g_assert_cmpint (hrm_organisation_get_verification_ttl_seconds (organisation), ==, 86400);

  node = hrm_organisation_to_json (organisation);
  again = hrm_organisation_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  g_assert_cmpint (hrm_organisation_get_provisioning_phase (again), ==, HRM_PROVISIONING_PREPARATION);

  refused = hrm_organisation_new_from_json (unknown, &error);
  g_assert_null (refused);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL);
}

/* The settings (issue 10): the domain lists, the leavers' days, whether the
 * caller may change them; the address checks the app makes with them. An
 * organisation from a server without them means any domain, 5 days. */
static void
test_organisation_settings (void)
{
  g_autoptr(JsonObject) json = parse ("{\"name\": \"N\", \"identity_provider_name\": \"V\","
                                      " \"provisioning_phase\": \"active\","
                                      " \"verification_ttl_seconds\": 1,"
                                      " \"allowed_email_domains\": [\"bygg.se\", \"nordljus.se\"],"
                                      " \"verified_domains\": [\"nordljus.se\"],"
                                      " \"unlink_leavers_after_days\": 30, \"may_change\": true}");
  g_autoptr(JsonObject) old = parse ("{\"name\": \"N\", \"identity_provider_name\": \"V\","
                                     " \"provisioning_phase\": \"active\","
                                     " \"verification_ttl_seconds\": 1}");
  g_autoptr(JsonObject) bad = parse ("{\"name\": \"N\", \"identity_provider_name\": \"V\","
                                     " \"provisioning_phase\": \"active\","
                                     " \"verification_ttl_seconds\": 1,"
                                     " \"verified_domains\": [1]}");
  g_autoptr(HrmOrganisation) organisation = NULL;
  g_autoptr(HrmOrganisation) again = NULL;
  g_autoptr(HrmOrganisation) before = NULL;
  g_autoptr(HrmOrganisation) refused = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *joined = NULL;

  organisation = hrm_organisation_new_from_json (json, &error);
  g_assert_no_error (error);
  joined = g_strjoinv (" ", (char **) hrm_organisation_get_allowed_email_domains (organisation));
  g_assert_cmpstr (joined, ==, "bygg.se nordljus.se");
  g_assert_cmpstr (hrm_organisation_get_verified_domains (organisation)[0], ==, "nordljus.se");
  g_assert_cmpint (hrm_organisation_get_unlink_leavers_after_days (organisation), ==, 30);
  g_assert_true (hrm_organisation_get_may_change (organisation));

  g_assert_cmpuint (hrm_organisation_check_email (organisation, "anna@Nordljus.SE"), ==, 0);
  g_assert_cmpuint (hrm_organisation_check_email (organisation, "anna@mail.nordljus.se"), ==,
                    HRM_EMAIL_WARNING_OUTSIDE_ALLOWED);
  g_assert_cmpuint (hrm_organisation_check_email (organisation, "anna@gmail.com"), ==,
                    HRM_EMAIL_WARNING_PRIVATE_DOMAIN | HRM_EMAIL_WARNING_OUTSIDE_ALLOWED);
  g_assert_cmpuint (hrm_organisation_check_email (organisation, "anna@"), ==, 0);
  g_assert_true (hrm_organisation_is_verified_email (organisation, "anna@nordljus.se"));
  g_assert_false (hrm_organisation_is_verified_email (organisation, "anna@bygg.se"));

  node = hrm_organisation_to_json (organisation);
  again = hrm_organisation_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  g_assert_cmpint (hrm_organisation_get_unlink_leavers_after_days (again), ==, 30);
  g_assert_cmpstr (hrm_organisation_get_allowed_email_domains (again)[1], ==, "nordljus.se");

  before = hrm_organisation_new_from_json (old, &error);
  g_assert_no_error (error);
  g_assert_null (hrm_organisation_get_allowed_email_domains (before)[0]);
  g_assert_cmpint (hrm_organisation_get_unlink_leavers_after_days (before), ==, 5);
  g_assert_false (hrm_organisation_get_may_change (before));
  g_assert_cmpuint (hrm_organisation_check_email (before, "anna@example.com"), ==, 0);
  g_assert_cmpuint (hrm_organisation_check_email (NULL, "anna@hotmail.se"), ==,
                    HRM_EMAIL_WARNING_PRIVATE_DOMAIN);

  refused = hrm_organisation_new_from_json (bad, &error);
  g_assert_null (refused);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL);
}

/* The filter enums' nicks are the GSettings values, for g_settings_bind(). */
static void
test_filter_nicks (void)
{
  g_autoptr(GEnumClass) connection = g_type_class_ref (HRM_TYPE_CONNECTION_FILTER);
  g_autoptr(GEnumClass) enabled = g_type_class_ref (HRM_TYPE_ENABLED_FILTER);

  g_assert_cmpint (g_enum_get_value_by_nick (connection, "all")->value, ==, HRM_CONNECTION_FILTER_ALL);
  g_assert_cmpint (g_enum_get_value_by_nick (connection, "not-linked")->value, ==,
                   HRM_CONNECTION_FILTER_NOT_LINKED);
  g_assert_cmpint (g_enum_get_value_by_nick (connection, "pending")->value, ==,
                   HRM_CONNECTION_FILTER_PENDING);
  g_assert_cmpint (g_enum_get_value_by_nick (connection, "linked")->value, ==,
                   HRM_CONNECTION_FILTER_LINKED);
  g_assert_cmpint (g_enum_get_value_by_nick (connection, "expired")->value, ==,
                   HRM_CONNECTION_FILTER_EXPIRED);
  g_assert_cmpint (g_enum_get_value_by_nick (connection, "not-linked-with-email")->value, ==,
                   HRM_CONNECTION_FILTER_NOT_LINKED_WITH_EMAIL);
  g_assert_cmpint (g_enum_get_value_by_nick (connection, "not-linked-without-email")->value, ==,
                   HRM_CONNECTION_FILTER_NOT_LINKED_WITHOUT_EMAIL);
  g_assert_cmpint (g_enum_get_value_by_nick (connection, "linked-private")->value, ==,
                   HRM_CONNECTION_FILTER_LINKED_PRIVATE);
  g_assert_cmpint (g_enum_get_value_by_nick (enabled, "all")->value, ==, HRM_ENABLED_FILTER_ALL);
  g_assert_cmpint (g_enum_get_value_by_nick (enabled, "enabled")->value, ==, HRM_ENABLED_FILTER_ENABLED);
  g_assert_cmpint (g_enum_get_value_by_nick (enabled, "disabled")->value, ==,
                   HRM_ENABLED_FILTER_DISABLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/records/role", test_role);
  g_test_add_func ("/client/records/account-code", test_account_code);
  g_test_add_func ("/client/records/authorisation", test_authorisation);
  g_test_add_func ("/client/records/authorisation-invalid", test_authorisation_invalid);
  g_test_add_func ("/client/records/event", test_event);
  g_test_add_func ("/client/records/organisation", test_organisation);
  g_test_add_func ("/client/records/organisation/settings", test_organisation_settings);
  g_test_add_func ("/client/records/filter-nicks", test_filter_nicks);

  return g_test_run ();
}
