/* test-user-fields.c — the table of the user object's members
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include "hrm-lib.h"

static const char user_json[] =
  "{\"id\": 17, \"user_id\": \"anna.svensson\", \"alias_user_id\": \"ASV\","
  " \"signature\": \"AS\", \"card_tag_id\": \"04A2B3C4\", \"external_reference\": \"EMP-0017\","
  " \"first_name\": \"Anna\", \"last_name\": \"Svensson\", \"email\": \"anna@example.com\","
  " \"enabled\": true,"
  " \"connection\": {\"state\": \"pending\", \"email\": null, \"verified_at\": null,"
  "   \"pending_email\": \"anna@example.com\", \"sent_at\": \"2026-11-24T09:12:00Z\","
  "   \"expires_at\": \"2026-11-25T09:12:00Z\", \"expired\": false},"
  " \"updated_at\": \"2026-11-24T09:10:30Z\"}";

static HrmUser *
user_from (const char *json)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  HrmUser *user;

  object = hrm_json_parse_object (json, -1, &error);
  g_assert_no_error (error);
  user = hrm_user_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  return user;
}

/* The record writes the members of the table, all of them, in its order. */
static void
test_members (void)
{
  g_autoptr(HrmUser) user = user_from (user_json);
  g_autoptr(JsonNode) node = hrm_user_to_json (user);
  g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));
  guint i = 0;

  for (GList *l = members; l != NULL; l = l->next, i++)
    {
      HrmUserFieldId field;

      g_test_message ("member %s", (const char *) l->data);
      g_assert_true (hrm_user_field_lookup (l->data, &field));
      g_assert_cmpuint (field, ==, i);
      g_assert_cmpstr (hrm_user_field_get_info (field)->json_name, ==, l->data);
    }
  g_assert_cmpuint (i, ==, HRM_N_USER_FIELDS);
  g_assert_false (hrm_user_field_lookup ("display_name", NULL));
  g_assert_false (hrm_user_field_lookup ("etag", NULL));

  /* A form reads the strings by the table, as the getters do. */
  g_assert_cmpstr (hrm_user_get_string (user, HRM_USER_FIELD_USER_ID), ==, hrm_user_get_user_id (user));
  g_assert_cmpstr (hrm_user_get_string (user, HRM_USER_FIELD_CARD_TAG_ID), ==, "04A2B3C4");
  g_assert_cmpstr (hrm_user_get_string (user, HRM_USER_FIELD_EMAIL), ==, "anna@example.com");
}

/* What PATCH may change: strings with a rule and a label, and enabled; the
 * rest is the server's. */
static void
test_patchable (void)
{
  for (guint i = 0; i < HRM_N_USER_FIELDS; i++)
    {
      const HrmUserFieldInfo *info = hrm_user_field_get_info (i);

      if (info->kind == HRM_USER_FIELD_KIND_STRING)
        {
          g_assert_true (info->patchable);
          g_assert_nonnull (info->validate);
          g_assert_nonnull (info->label);
          g_assert_cmpuint (info->max_length, >, 0);
        }
      else if (i == HRM_USER_FIELD_ENABLED)
        g_assert_true (info->patchable);
      else
        g_assert_false (info->patchable);
    }
  g_assert_false (hrm_user_field_get_info (HRM_USER_FIELD_USER_ID)->nullable);
  g_assert_true (hrm_user_field_get_info (HRM_USER_FIELD_EMAIL)->nullable);
}

static char *
checked (HrmUserFieldId  field,
         const char     *text,
         GError        **error)
{
  char *value = g_strdup (text);

  if (!hrm_user_field_check (field, &value, error))
    g_clear_pointer (&value, g_free);
  return value;
}

/* A value is normalised once, as the server stores it. */
static void
test_normalise (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *email = checked (HRM_USER_FIELD_EMAIL, " \tAnna.S@Example.COM \n", &error);
  g_autofree char *blank_email = NULL;
  g_autofree char *alias = NULL;
  g_autofree char *name = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *bad_email = NULL;
  gboolean ok;

  /* Trimmed, its case kept. */
  g_assert_no_error (error);
  g_assert_cmpstr (email, ==, "Anna.S@Example.COM");

  blank_email = checked (HRM_USER_FIELD_EMAIL, "   ", &error);
  g_assert_no_error (error);
  g_assert_null (blank_email);

  alias = checked (HRM_USER_FIELD_ALIAS_USER_ID, "", &error);
  g_assert_no_error (error);
  g_assert_null (alias);

  name = checked (HRM_USER_FIELD_FIRST_NAME, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "");

  ok = hrm_user_field_check (HRM_USER_FIELD_USER_ID, &user_id, &error);
  g_assert_false (ok);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
  g_clear_error (&error);

  bad_email = checked (HRM_USER_FIELD_EMAIL, " anna@ ", &error);
  g_assert_null (bad_email);
  g_assert_error (error, HRM_ERROR, HRM_ERROR_INVALID);
}

/* Every patchable string: a stored value comes through JSON and the record
 * unchanged, and normalising it again changes nothing. */
static void
test_round_trip (void)
{
  static const char *values[] = {
    "  Åsa.Öberg@Example.org ", "Åsa Öberg ✓", "x", "",
  };

  for (guint i = 0; i < HRM_N_USER_FIELDS; i++)
    {
      const HrmUserFieldInfo *info = hrm_user_field_get_info (i);

      if (!info->patchable || info->kind != HRM_USER_FIELD_KIND_STRING)
        continue;

      for (guint j = 0; j < G_N_ELEMENTS (values); j++)
        {
          g_autoptr(JsonObject) object = hrm_json_parse_object (user_json, -1, NULL);
          g_autoptr(HrmUser) user = NULL;
          g_autoptr(JsonNode) node = NULL;
          g_autoptr(GError) error = NULL;
          g_autofree char *stored = checked (i, values[j], &error);
          g_autofree char *again = NULL;
          JsonObject *written;

          g_test_message ("%s = “%s”: %s", info->json_name, values[j],
                          error ? error->message : stored ? stored : "null");
          if (error != NULL)
            continue;  /* refused, as "x" is for an email */

          again = checked (i, stored, &error);
          g_assert_no_error (error);
          g_assert_cmpstr (again, ==, stored);

          if (stored != NULL)
            json_object_set_string_member (object, info->json_name, stored);
          else
            json_object_set_null_member (object, info->json_name);
          user = hrm_user_new_from_json (object, &error);
          g_assert_no_error (error);
          node = hrm_user_to_json (user);
          written = json_node_get_object (node);
          if (stored != NULL)
            g_assert_cmpstr (json_object_get_string_member (written, info->json_name), ==, stored);
          else
            g_assert_true (json_object_get_null_member (written, info->json_name));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/user-fields/members", test_members);
  g_test_add_func ("/user-fields/patchable", test_patchable);
  g_test_add_func ("/user-fields/normalise", test_normalise);
  g_test_add_func ("/user-fields/round-trip", test_round_trip);

  return g_test_run ();
}
