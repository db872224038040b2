/* test-domains.c — the organisation's email domains: settings, address
 * warnings, and what verification mail does with them (issue 10)
 *
 * Against a real demo server: admin is a System administrator (may change
 * the organisation's settings), sofia.berg an HR administrator and clerk an
 * employee (may not). Demo users: 4 erik.johansson and 12 ingrid.aberg have
 * a work address and are not linked, 5 maria.andersson is pending with a
 * link that still works, 6 lars.nilsson pending with an expired one, 7
 * karin.persson is linked to her work address, 8 johan.gustafsson to a
 * gmail.com address.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "server-test.h"

#ifdef HRM_TEST_HAVE_COLLATE
#include "hrm-db.h"
#include "hrm-server-private.h"
#endif

#define ERIK   4
#define MARIA  5
#define LARS   6
#define KARIN  7
#define JOHAN  8
#define INGRID 12

#define JOB_TIMEOUT_S 30

static const char * const fast_env[] = { "HRM_SERVER_MAIL_RATE=1000", NULL };

static void
setup_fast (Fixture       *f,
            gconstpointer  data)
{
  fixture_setup_with_env (f, fast_env);
}

/* GET /api/v1/organisation as @token (NULL: admin); asserts 200 and an ETag. */
static JsonObject *
get_organisation (Fixture     *f,
                  const char  *token,
                  char       **out_etag)
{
  g_autoptr(HrmTestResponse) r = api_as (f, token ? token : f->admin_token, "GET",
                                         "/api/v1/organisation", NULL);
  const char *etag = hrm_test_response_get_header (r, "ETag");

  hrm_test_assert_status (r, 200);
  g_assert_nonnull (etag);
  if (out_etag != NULL)
    *out_etag = g_strdup (etag);
  return json_object_ref (r->json);
}

/* PATCH /api/v1/organisation as @token with If-Match @etag (NULL: none). */
static HrmTestResponse *
patch_organisation (Fixture    *f,
                    const char *token,
                    const char *etag,
                    const char *body)
{
  g_autofree char *uri = hrm_test_server_build_uri (f->server, "/api/v1/organisation");
  g_autofree char *bearer = g_strconcat ("Bearer ", token ? token : f->admin_token, NULL);

  return hrm_test_http (f->session, "PATCH", uri, "application/merge-patch+json", body, -1,
                        "Authorization", bearer, etag ? "If-Match" : NULL, etag, NULL);
}

/* Changes the settings as admin with the current ETag; asserts 200. */
static void
set_domains (Fixture    *f,
             const char *body)
{
  g_autofree char *etag = NULL;
  g_autoptr(JsonObject) organisation = get_organisation (f, NULL, &etag);
  g_autoptr(HrmTestResponse) r = patch_organisation (f, NULL, etag, body);

  hrm_test_assert_status (r, 200);
}

/* A list of strings as one text ("a.se b.se"), to compare in one line. */
static char *
join_strings (JsonObject *object,
              const char *member)
{
  JsonArray *array = hrm_test_json_get_array (object, member);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, json_array_get_string_element (array, i));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The codes of a user's email_warnings, in order ("private_domain duplicate"). */
static char *
warning_codes (JsonObject *user)
{
  JsonArray *array = hrm_test_json_get_array (user, "email_warnings");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *warning = json_array_get_object_element (array, i);

      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, hrm_test_json_get_string (warning, "code"));
      /* Each says what is wrong in words the app can show. */
      g_assert_cmpuint (strlen (hrm_test_json_get_string (warning, "message")), >, 10);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
user_warnings (Fixture *f,
               gint64   id)
{
  g_autoptr(JsonObject) user = get_user (f, id, NULL);

  return warning_codes (user);
}

static HrmTestResponse *
post_verification (Fixture *f,
                   gint64   id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT
                                           "/verification-email", id);

  return api (f, "POST", path, NULL);
}

/* Whether the user's audit trail has an event with @action. */
static gboolean
has_event (Fixture    *f,
           gint64      id,
           const char *action)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "/events", id);
  g_autoptr(HrmTestResponse) r = api (f, "GET", path, NULL);
  JsonArray *items;

  hrm_test_assert_status (r, 200);
  items = hrm_test_json_get_array (r->json, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_str_equal (hrm_test_json_get_string (json_array_get_object_element (items, i),
                                               "action"), action))
      return TRUE;
  return FALSE;
}

static gint64
outbox_rows (Fixture *f,
             gint64   id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM outbox WHERE user_pk = %"
                                          G_GINT64_FORMAT, id);

  return db_query_int (f, sql);
}

/* The settings: defaults, a change that is normalised, audited and gets a
 * new ETag, and who sees that they may change them. */
static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) as_clerk = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(HrmTestResponse) r = NULL;
  g_autoptr(HrmTestResponse) events = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *new_etag = NULL;
  g_autofree char *allowed = NULL;
  g_autofree char *verified = NULL;
  JsonObject *event;

  SKIP_WITHOUT_SERVER (f);

  before = get_organisation (f, NULL, &etag);
  g_assert_cmpuint (json_array_get_length (hrm_test_json_get_array (before, "allowed_email_domains")),
                    ==, 0);
  g_assert_cmpuint (json_array_get_length (hrm_test_json_get_array (before, "verified_domains")),
                    ==, 0);
  g_assert_cmpint (hrm_test_json_get_int (before, "unlink_leavers_after_days"), ==, 5);
  g_assert_true (hrm_test_json_get_bool (before, "may_change"));
  as_clerk = get_organisation (f, f->clerk_token, NULL);
  g_assert_false (hrm_test_json_get_bool (as_clerk, "may_change"));

  /* Trimmed, lower case, sorted. */
  r = patch_organisation (f, NULL, etag,
                          "{\"allowed_email_domains\": [\" Nordljus.SE \", \"bygg.nordljus.se\"],"
                          " \"verified_domains\": [\"NORDLJUS.se\"],"
                          " \"unlink_leavers_after_days\": 10}");
  hrm_test_assert_status (r, 200);
  allowed = join_strings (r->json, "allowed_email_domains");
  verified = join_strings (r->json, "verified_domains");
  g_assert_cmpstr (allowed, ==, "bygg.nordljus.se nordljus.se");
  g_assert_cmpstr (verified, ==, "nordljus.se");
  g_assert_cmpint (hrm_test_json_get_int (r->json, "unlink_leavers_after_days"), ==, 10);
  g_assert_cmpstr (hrm_test_response_get_header (r, "ETag"), !=, etag);

  /* Stored: a fresh GET says the same, with the ETag PATCH gave. */
  after = get_organisation (f, NULL, &new_etag);
  g_assert_cmpstr (new_etag, ==, hrm_test_response_get_header (r, "ETag"));
  g_clear_pointer (&allowed, g_free);
  allowed = join_strings (after, "allowed_email_domains");
  g_assert_cmpstr (allowed, ==, "bygg.nordljus.se nordljus.se");

  /* One event per setting, newest first, by whoever changed it. */
  events = api (f, "GET", "/api/v1/organisation/events", NULL);
  hrm_test_assert_status (events, 200);
  g_assert_cmpuint (json_array_get_length (hrm_test_json_get_array (events->json, "items")), ==, 3);
  event = json_array_get_object_element (hrm_test_json_get_array (events->json, "items"), 2);
  g_assert_cmpstr (hrm_test_json_get_string (event, "action"), ==, "allowed_email_domains_changed");
  g_assert_cmpstr (hrm_test_json_get_string (event, "actor"), ==, "admin");
  g_assert_nonnull (strstr (hrm_test_json_get_string (event, "details"), "bygg.nordljus.se"));

  /* The same values again change nothing: the ETag holds, no event. */
  g_clear_pointer (&r, hrm_test_response_free);
  r = patch_organisation (f, NULL, new_etag, "{\"allowed_email_domains\": [\"nordljus.se\","
                                             " \"Bygg.Nordljus.se\"]}");
  hrm_test_assert_status (r, 200);
  g_assert_cmpstr (hrm_test_response_get_header (r, "ETag"), ==, new_etag);
  g_assert_cmpint (db_query_int (f, "SELECT count(*) FROM organisation_events"), ==, 3);

  /* null restores the defaults (merge patch). */
  g_clear_pointer (&r, hrm_test_response_free);
  r = patch_organisation (f, NULL, new_etag,
                          "{\"verified_domains\": null, \"allowed_email_domains\": null,"
                          " \"unlink_leavers_after_days\": null}");
  hrm_test_assert_status (r, 200);
  g_assert_cmpuint (json_array_get_length (hrm_test_json_get_array (r->json, "allowed_email_domains")),
                    ==, 0);
  g_assert_cmpint (hrm_test_json_get_int (r->json, "unlink_leavers_after_days"), ==, 5);
}

/* Refused changes leave the settings, their version and the audit trail
 * as they were. */
static void
assert_unchanged (Fixture    *f,
                  JsonObject *before,
                  const char *etag,
                  gint64      n_events)
{
  g_autofree char *etag_now = NULL;
  g_autoptr(JsonObject) now = get_organisation (f, NULL, &etag_now);
  g_autofree char *a = hrm_json_object_to_string (before);
  g_autofree char *b = hrm_json_object_to_string (now);

  g_assert_cmpstr (etag_now, ==, etag);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpint (db_query_int (f, "SELECT count(*) FROM organisation_events"), ==, n_events);
  g_assert_cmpint (db_query_int (f, "SELECT count(*) FROM organisation_domains"), ==, 1);
}

static void
test_preconditions_and_permission (Fixture       *f,
                                   gconstpointer  data)
{
  const char *body = "{\"allowed_email_domains\": [\"example.com\"]}";
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(HrmTestResponse) missing = NULL;
  g_autoptr(HrmTestResponse) stale = NULL;
  g_autoptr(HrmTestResponse) hr = NULL;
  g_autoptr(HrmTestResponse) clerk = NULL;
  g_autofree char *sofia = NULL;
  g_autofree char *etag = NULL;
  gint64 n_events;

  SKIP_WITHOUT_SERVER (f);

  set_domains (f, "{\"allowed_email_domains\": [\"nordljus.se\"]}");
  before = get_organisation (f, NULL, &etag);
  n_events = db_query_int (f, "SELECT count(*) FROM organisation_events");

  missing = patch_organisation (f, NULL, NULL, body);
  hrm_test_assert_status (missing, 428);
  g_assert_cmpstr (hrm_test_response_error_code (missing), ==, "precondition_required");

  stale = patch_organisation (f, NULL, "\"1\"", body);
  hrm_test_assert_status (stale, 412);
  g_assert_cmpstr (hrm_test_response_error_code (stale), ==, "precondition_failed");

  /* An HR administrator manages users, not the organisation. */
  sofia = hrm_test_sign_in (f->server, "sofia.berg");
  hr = patch_organisation (f, sofia, etag, body);
  hrm_test_assert_status (hr, 403);
  clerk = patch_organisation (f, f->clerk_token, etag, body);
  hrm_test_assert_status (clerk, 403);

  assert_unchanged (f, before, etag, n_events);
}

/* Each malformed value is named in fields; nothing is stored. */
static void
test_invalid (Fixture       *f,
              gconstpointer  data)
{
  static const struct {
    const char *body;
    const char *field;
  } cases[] = {
    { "{\"allowed_email_domains\": [\"nordljus.se\", \"\"]}", "allowed_email_domains[1]" },
    { "{\"allowed_email_domains\": [\"*.nordljus.se\"]}", "allowed_email_domains[0]" },
    { "{\"allowed_email_domains\": [\"[192.0.2.1]\"]}", "allowed_email_domains[0]" },
    { "{\"allowed_email_domains\": [\"192.0.2.1\"]}", "allowed_email_domains[0]" },
    { "{\"allowed_email_domains\": [\"localhost\"]}", "allowed_email_domains[0]" },
    { "{\"allowed_email_domains\": [\"a.se\", \"A.SE\"]}", "allowed_email_domains[1]" },
    { "{\"allowed_email_domains\": [42]}", "allowed_email_domains[0]" },
    { "{\"allowed_email_domains\": \"nordljus.se\"}", "allowed_email_domains" },
    { "{\"verified_domains\": [\"example.com\"]}", "verified_domains[0]" },
    { "{\"unlink_leavers_after_days\": -1}", "unlink_leavers_after_days" },
    { "{\"unlink_leavers_after_days\": \"5\"}", "unlink_leavers_after_days" },
    { "{\"name\": \"Other AB\"}", "name" },
    { "{\"extra\": 1}", "extra" },
  };
  g_autoptr(JsonObject) before = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *long_label = NULL;
  g_autofree char *long_body = NULL;
  gint64 n_events;

  SKIP_WITHOUT_SERVER (f);

  /* With an allowed list, a verified domain must be in it. */
  set_domains (f, "{\"allowed_email_domains\": [\"nordljus.se\"]}");
  before = get_organisation (f, NULL, &etag);
  n_events = db_query_int (f, "SELECT count(*) FROM organisation_events");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HrmTestResponse) r = patch_organisation (f, NULL, etag, cases[i].body);

      g_test_message ("%s", cases[i].body);
      hrm_test_assert_status (r, 422);
      g_assert_cmpstr (hrm_test_response_error_code (r), ==, "invalid");
      g_assert_nonnull (hrm_test_response_error_field (r, cases[i].field));
    }

  /* A label over 63 characters. */
  long_label = g_strnfill (64, 'a');
  long_body = g_strdup_printf ("{\"allowed_email_domains\": [\"%s.se\"]}", long_label);
  {
    g_autoptr(HrmTestResponse) r = patch_organisation (f, NULL, etag, long_body);

    hrm_test_assert_status (r, 422);
    g_assert_nonnull (hrm_test_response_error_field (r, "allowed_email_domains[0]"));
  }

  assert_unchanged (f, before, etag, n_events);
}

/* Each warning code, on the user's own page and on the list's page (the
 * two writers of the user object), and what saving allows. */
static void
test_warnings (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *erik = NULL;
  g_autofree char *ingrid = NULL;
  g_autofree char *karin = NULL;
  g_autofree char *johan = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(JsonObject) single = NULL;
  g_autofree char *single_text = NULL;
  g_autofree char *listed_text = NULL;

  SKIP_WITHOUT_SERVER (f);

  /* Nothing to say about a work address while any domain is allowed. */
  erik = user_warnings (f, ERIK);
  g_assert_cmpstr (erik, ==, "");

  /* Linked to gmail.com (the demo's case of the seed). */
  johan = user_warnings (f, JOHAN);
  g_assert_cmpstr (johan, ==, "private_domain linked_private");

  /* Saving a private address is allowed, and warned about; outside the
   * allowed domains too. */
  set_domains (f, "{\"allowed_email_domains\": [\"nordljus.se\"]}");
  patch_user_ok (f, ERIK, "{\"email\": \"erik.j@hotmail.se\"}");
  g_clear_pointer (&erik, g_free);
  erik = user_warnings (f, ERIK);
  g_assert_cmpstr (erik, ==, "private_domain outside_allowed_domains");

  /* The same address as a linked user's, in another case: both are told. */
  patch_user_ok (f, INGRID, "{\"email\": \"Karin.Persson@Nordljus.se\"}");
  ingrid = user_warnings (f, INGRID);
  g_assert_cmpstr (ingrid, ==, "duplicate");
  karin = user_warnings (f, KARIN);
  g_assert_cmpstr (karin, ==, "duplicate");

  /* The list's page writes the very same object as the user's own page. */
  listed = list_all_users (f, "q=ingrid.aberg", 50);
  g_assert_cmpuint (listed->len, ==, 1);
  single = get_user (f, INGRID, NULL);
  single_text = hrm_json_object_to_string (single);
  listed_text = hrm_json_object_to_string (g_ptr_array_index (listed, 0));
  g_assert_cmpstr (listed_text, ==, single_text);

  /* The warning goes with the address. */
  patch_user_ok (f, INGRID, "{\"email\": \"ingrid.aberg@nordljus.se\"}");
  g_clear_pointer (&ingrid, g_free);
  ingrid = user_warnings (f, INGRID);
  g_assert_cmpstr (ingrid, ==, "");
  g_clear_pointer (&karin, g_free);
  karin = user_warnings (f, KARIN);
  g_assert_cmpstr (karin, ==, "");
}

/* email_warning=linked_private lists exactly the users whose object has
 * the warning linked_private (the demo's 21 linked to free mail), in the
 * list's order, paged, and counted; anything else for it is a 400. */
static void
test_linked_private_filter (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) filtered = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  g_autoptr(HrmTestResponse) first = NULL;
  g_autoptr(HrmTestResponse) bad = NULL;

  SKIP_WITHOUT_SERVER (f);

  all = list_all_users (f, NULL, 200);
  for (guint i = 0; i < all->len; i++)
    {
      JsonObject *user = g_ptr_array_index (all, i);
      g_autofree char *codes = warning_codes (user);

      if (strstr (codes, "linked_private") != NULL)
        g_ptr_array_add (expected, user);
    }
  g_assert_cmpuint (expected->len, ==, 21);

  /* Small pages, so the cursor is walked with the filter too. */
  filtered = list_all_users (f, "email_warning=linked_private", 7);
  g_assert_cmpuint (filtered->len, ==, expected->len);
  for (guint i = 0; i < filtered->len; i++)
    g_assert_cmpint (hrm_test_json_get_int (g_ptr_array_index (filtered, i), "id"), ==,
                     hrm_test_json_get_int (g_ptr_array_index (expected, i), "id"));

  first = api (f, "GET", "/api/v1/users?email_warning=linked_private&limit=5", NULL);
  hrm_test_assert_status (first, 200);
  g_assert_cmpint (hrm_test_json_get_int (first->json, "total"), ==, 21);

  /* With another filter: Johan (enabled, linked to gmail.com) stays. */
  {
    g_autoptr(GPtrArray) johan = list_all_users (f, "email_warning=linked_private&q=johan.gustafsson",
                                                 50);

    g_assert_cmpuint (johan->len, ==, 1);
    g_assert_cmpint (hrm_test_json_get_int (g_ptr_array_index (johan, 0), "id"), ==, JOHAN);
  }

  bad = api (f, "GET", "/api/v1/users?email_warning=private_domain", NULL);
  hrm_test_assert_status (bad, 400);

  /* A bulk job's filter reads the same users (all linked: nobody is mailed). */
  {
    g_autoptr(HrmTestResponse) preview = NULL;
    g_autoptr(HrmTestResponse) refused = NULL;

    preview = api (f, "POST", "/api/v1/bulk-jobs",
                   "{\"action\": \"send_verification\", \"dry_run\": true,"
                   " \"filter\": {\"email_warning\": \"linked_private\"}}");
    hrm_test_assert_status (preview, 200);
    g_assert_cmpint (hrm_test_json_get_int (preview->json, "total"), ==, 21);
    g_assert_cmpint (hrm_test_json_get_int (preview->json, "will_run"), ==, 0);

    refused = api (f, "POST", "/api/v1/bulk-jobs",
                   "{\"action\": \"send_verification\", \"dry_run\": true,"
                   " \"filter\": {\"email_warning\": \"duplicate\"}}");
    hrm_test_assert_status (refused, 422);
    /* fields names the member by its path, one name with a dot. */
    g_assert_true (json_object_has_member (hrm_test_json_get_object (refused->json, "error.fields"),
                                           "filter.email_warning"));
  }
}

/* POST …/verification-email refuses what the domains rule out, and sends
 * to a private address. */
static void
test_verification_refusals (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(HrmTestResponse) outside = NULL;
  g_autoptr(HrmTestResponse) duplicate = NULL;
  g_autoptr(HrmTestResponse) private = NULL;
  g_autoptr(JsonObject) erik = NULL;
  g_autoptr(JsonObject) ingrid = NULL;
  g_autofree char *mail = NULL;

  SKIP_WITHOUT_SERVER (f);

  /* No allowed list: a private address gets its mail. */
  patch_user_ok (f, ERIK, "{\"email\": \"erik.j@hotmail.se\"}");
  private = post_verification (f, ERIK);
  hrm_test_assert_status (private, 202);
  mail = hrm_test_server_wait_for_mail (f->server, "erik.j@hotmail.se", MAIL_TIMEOUT_MS);
  g_assert_nonnull (mail);

  set_domains (f, "{\"allowed_email_domains\": [\"nordljus.se\"]}");
  patch_user_ok (f, INGRID, "{\"email\": \"ingrid@example.com\"}");
  outside = post_verification (f, INGRID);
  hrm_test_assert_status (outside, 422);
  g_assert_nonnull (hrm_test_response_error_field (outside, "email"));
  ingrid = get_user (f, INGRID, NULL);
  g_assert_cmpstr (hrm_test_json_get_string (ingrid, "connection.state"), ==, "not_linked");
  g_assert_cmpint (outbox_rows (f, INGRID), ==, 0);
  g_assert_false (has_event (f, INGRID, "verification_sent"));

  /* Karin is linked to her address: nobody else may link it. */
  patch_user_ok (f, INGRID, "{\"email\": \"karin.persson@nordljus.se\"}");
  duplicate = post_verification (f, INGRID);
  hrm_test_assert_status (duplicate, 409);
  g_assert_cmpstr (hrm_test_response_error_code (duplicate), ==, "conflict");
  g_assert_cmpint (outbox_rows (f, INGRID), ==, 0);

  g_assert_cmpuint (hrm_test_server_count_mail (f->server, "ingrid@example.com"), ==, 0);
  g_assert_cmpuint (hrm_test_server_count_mail (f->server, "karin.persson@nordljus.se"), ==, 0);
  erik = get_user (f, ERIK, NULL);
  g_assert_cmpstr (hrm_test_json_get_string (erik, "connection.state"), ==, "pending");
}

/* An address in a verified domain links at once, with no mail. */
static void
test_verified_domain (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(HrmTestResponse) r = NULL;
  g_autoptr(JsonObject) erik = NULL;
  const char *address;

  SKIP_WITHOUT_SERVER (f);

  set_domains (f, "{\"allowed_email_domains\": [\"nordljus.se\"],"
                  " \"verified_domains\": [\"nordljus.se\"]}");
  erik = get_user (f, ERIK, NULL);
  address = hrm_test_json_get_string (erik, "email");
  g_assert_true (g_str_has_suffix (address, "@nordljus.se"));

  r = post_verification (f, ERIK);
  hrm_test_assert_status (r, 200);
  g_assert_nonnull (hrm_test_response_get_header (r, "ETag"));
  g_assert_cmpstr (hrm_test_json_get_string (r->json, "connection.state"), ==, "linked");
  g_assert_cmpstr (hrm_test_json_get_string (r->json, "connection.email"), ==, address);
  g_assert_true (has_event (f, ERIK, "linked_verified_domain"));
  g_assert_cmpint (outbox_rows (f, ERIK), ==, 0);
  g_assert_cmpuint (hrm_test_server_count_mail (f->server, address), ==, 0);
}

static JsonObject *
wait_job_ended (Fixture *f,
                gint64   id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/bulk-jobs/%" G_GINT64_FORMAT, id);
  gint64 deadline = g_get_monotonic_time () + JOB_TIMEOUT_S * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(HrmTestResponse) r = api (f, "GET", path, NULL);
      const char *state;

      hrm_test_assert_status (r, 200);
      state = hrm_test_json_get_string (r->json, "state");
      if (g_str_equal (state, "done") || g_str_equal (state, "cancelled"))
        return json_object_ref (r->json);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
}

/* The outcome (or skip reason) of @user in job @id. */
static char *
item_result (Fixture *f,
             gint64   id,
             gint64   user)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/bulk-jobs/%" G_GINT64_FORMAT "/items?limit=200",
                                           id);
  g_autoptr(HrmTestResponse) r = api (f, "GET", path, NULL);
  JsonArray *items;

  hrm_test_assert_status (r, 200);
  items = hrm_test_json_get_array (r->json, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (hrm_test_json_get_int (item, "user.id") == user)
        return g_strdup (hrm_test_json_is_null (item, "reason")
                         ? hrm_test_json_get_string (item, "outcome")
                         : hrm_test_json_get_string (item, "reason"));
    }
  return NULL;
}

static gint64
run_job (Fixture    *f,
         const char *body)
{
  g_autoptr(HrmTestResponse) r = api (f, "POST", "/api/v1/bulk-jobs", body);
  g_autoptr(JsonObject) job = NULL;
  gint64 id;

  hrm_test_assert_status (r, 202);
  id = hrm_test_json_get_int (r->json, "id");
  job = wait_job_ended (f, id);
  g_assert_cmpstr (hrm_test_json_get_string (job, "state"), ==, "done");
  return id;
}

/* A bulk job cannot send what the single path refuses: the preview says
 * why, the run skips them, and nothing is queued for them. An address in
 * a verified domain is linked by the job, without a mail. */
static void
test_bulk (Fixture       *f,
           gconstpointer  data)
{
  const char *body = "{\"action\": \"send_verification\", \"user_ids\": [12, 4, 6]}";
  g_autoptr(HrmTestResponse) preview = NULL;
  g_autofree char *dry = NULL;
  g_autofree char *ingrid = NULL;
  g_autofree char *erik = NULL;
  g_autofree char *lars = NULL;
  g_autofree char *maria = NULL;
  g_autoptr(JsonObject) maria_now = NULL;
  g_autofree char *lars_mail = NULL;
  JsonArray *samples;
  gint64 id;
  gint64 maria_rows;

  SKIP_WITHOUT_SERVER (f);

  set_domains (f, "{\"allowed_email_domains\": [\"nordljus.se\"]}");
  patch_user_ok (f, INGRID, "{\"email\": \"ingrid@example.com\"}");
  patch_user_ok (f, ERIK, "{\"email\": \"karin.persson@nordljus.se\"}");

  dry = g_strdup ("{\"action\": \"send_verification\", \"user_ids\": [12, 4, 6], \"dry_run\": true}");
  preview = api (f, "POST", "/api/v1/bulk-jobs", dry);
  hrm_test_assert_status (preview, 200);
  g_assert_cmpint (hrm_test_json_get_int (preview->json, "total"), ==, 3);
  g_assert_cmpint (hrm_test_json_get_int (preview->json, "will_run"), ==, 1);
  g_assert_cmpint (hrm_test_json_get_int (preview->json, "skipped.outside_allowed_domains"), ==, 1);
  g_assert_cmpint (hrm_test_json_get_int (preview->json, "skipped.duplicate_of_linked"), ==, 1);
  samples = hrm_test_json_get_array (preview->json, "samples.outside_allowed_domains");
  g_assert_cmpuint (json_array_get_length (samples), ==, 1);
  g_assert_cmpint (hrm_test_json_get_int (json_array_get_object_element (samples, 0), "id"), ==,
                   INGRID);

  id = run_job (f, body);
  ingrid = item_result (f, id, INGRID);
  erik = item_result (f, id, ERIK);
  lars = item_result (f, id, LARS);
  g_assert_cmpstr (ingrid, ==, "outside_allowed_domains");
  g_assert_cmpstr (erik, ==, "duplicate_of_linked");
  g_assert_cmpstr (lars, ==, "succeeded");
  lars_mail = hrm_test_server_wait_for_mail (f->server, "lars.nilsson@nordljus.se", MAIL_TIMEOUT_MS);
  g_assert_nonnull (lars_mail);
  g_assert_cmpint (outbox_rows (f, INGRID), ==, 0);
  g_assert_cmpint (outbox_rows (f, ERIK), ==, 0);
  g_assert_cmpuint (hrm_test_server_count_mail (f->server, "ingrid@example.com"), ==, 0);
  g_assert_cmpuint (hrm_test_server_count_mail (f->server, "karin.persson@nordljus.se"), ==, 0);

  /* Maria's link still works, but her domain is now verified: the job
   * links her at once and mails nobody. */
  set_domains (f, "{\"verified_domains\": [\"nordljus.se\"]}");
  maria_rows = outbox_rows (f, MARIA);
  id = run_job (f, "{\"action\": \"send_verification\", \"user_ids\": [5]}");
  maria = item_result (f, id, MARIA);
  g_assert_cmpstr (maria, ==, "succeeded");
  maria_now = get_user (f, MARIA, NULL);
  g_assert_cmpstr (hrm_test_json_get_string (maria_now, "connection.state"), ==, "linked");
  g_assert_cmpint (outbox_rows (f, MARIA), ==, maria_rows);
  g_assert_true (has_event (f, MARIA, "linked_verified_domain"));
}

/* email_keys (schema 18) as counted again from users: each address in
 * lower case and how many users have it, saved or linked. */
#define EMAIL_KEYS_RECOUNT \
  "SELECT key, count(DISTINCT id) FROM" \
  " (SELECT id, lower (email) AS key FROM users WHERE coalesce (email, '') <> ''" \
  "  UNION ALL SELECT id, lower (conn_email) FROM users WHERE coalesce (conn_email, '') <> '')" \
  " GROUP BY key"

/* The triggers have kept email_keys exactly as a recount has it. */
static void
assert_email_keys (Fixture *f)
{
  g_assert_cmpint (db_query_int (f, "SELECT count(*) FROM email_keys"), >, 0);
  g_assert_cmpint (db_query_int (f, "SELECT"
                                    " (SELECT count(*) FROM (SELECT key, users FROM email_keys"
                                    "   EXCEPT " EMAIL_KEYS_RECOUNT "))"
                                    " + (SELECT count(*) FROM (" EMAIL_KEYS_RECOUNT
                                    "   EXCEPT SELECT key, users FROM email_keys))"), ==, 0);
}

/* A set_email bulk job of one row: @id's address becomes @email. */
static void
bulk_set_email (Fixture    *f,
                gint64      id,
                const char *email)
{
  g_autoptr(JsonObject) user = get_user (f, id, NULL);
  g_autofree char *body =
    g_strdup_printf ("{\"action\": \"set_email\", \"rows\": [{\"row\": 2, \"user_id\": \"%s\","
                     " \"email\": \"%s\"}]}", hrm_test_json_get_string (user, "user_id"), email);
  gint64 job = run_job (f, body);
  g_autofree char *outcome = item_result (f, job, id);

  g_assert_cmpstr (outcome, ==, "succeeded");
}

/* The duplicate warning is decided from email_keys, which triggers keep
 * through every write of an address: PATCH, a bulk set_email, linking,
 * deleting the connection; and not disturbed by the writes that leave the
 * addresses alone (employment, the organisation's settings). */
static void
test_duplicate_keys (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *erik = NULL;
  g_autofree char *karin = NULL;
  g_autofree char *ingrid = NULL;
  g_autofree char *path = NULL;

  SKIP_WITHOUT_SERVER (f);

  /* As the demo seed inserted them. */
  assert_email_keys (f);

  /* Karin's linked address, saved for Erik in another case. */
  patch_user_ok (f, ERIK, "{\"email\": \"Karin.Persson@Nordljus.SE\"}");
  assert_email_keys (f);
  erik = user_warnings (f, ERIK);
  karin = user_warnings (f, KARIN);
  g_assert_cmpstr (erik, ==, "duplicate");
  g_assert_cmpstr (karin, ==, "duplicate");

  /* An imported file gives Erik another address: neither is warned. */
  bulk_set_email (f, ERIK, "erik.new@nordljus.se");
  assert_email_keys (f);
  g_clear_pointer (&erik, g_free);
  g_clear_pointer (&karin, g_free);
  erik = user_warnings (f, ERIK);
  karin = user_warnings (f, KARIN);
  g_assert_cmpstr (erik, ==, "");
  g_assert_cmpstr (karin, ==, "");

  /* Ingrid is linked to an address that Erik then saves. */
  link_user (f, INGRID, "shared@nordljus.se");
  assert_email_keys (f);
  patch_user_ok (f, ERIK, "{\"email\": \"SHARED@nordljus.se\"}");
  assert_email_keys (f);
  g_clear_pointer (&erik, g_free);
  erik = user_warnings (f, ERIK);
  ingrid = user_warnings (f, INGRID);
  g_assert_cmpstr (erik, ==, "duplicate");
  g_assert_cmpstr (ingrid, ==, "duplicate");

  /* Writes that leave the addresses alone. */
  patch_user_ok (f, ERIK, "{\"employment_end_date\": \"2031-01-31\"}");
  set_domains (f, "{\"verified_domains\": [\"nordljus.se\"], \"unlink_leavers_after_days\": 3}");
  assert_email_keys (f);

  /* Ingrid's link goes; her saved address stays, so both are still told. */
  path = g_strdup_printf ("/api/v1/users/%d/connection", INGRID);
  {
    g_autoptr(HrmTestResponse) r = api (f, "DELETE", path, NULL);

    hrm_test_assert_status (r, 204);
  }
  assert_email_keys (f);
  g_clear_pointer (&erik, g_free);
  erik = user_warnings (f, ERIK);
  g_assert_cmpstr (erik, ==, "duplicate");

  /* Ingrid takes another address: Erik's is his alone again. */
  patch_user_ok (f, INGRID, "{\"email\": \"ingrid.new@nordljus.se\"}");
  assert_email_keys (f);
  g_clear_pointer (&erik, g_free);
  erik = user_warnings (f, ERIK);
  g_assert_cmpstr (erik, ==, "");
  g_assert_cmpint (db_query_int (f, "SELECT users FROM email_keys WHERE key = 'shared@nordljus.se'"),
                   ==, 1);
}

#ifdef HRM_TEST_HAVE_COLLATE
/* A page of the list finds each user's duplicates through the shared
 * addresses of email_keys (schema 17), then the lower-case email indexes
 * (schema 13): lookups, never a walk of the users. */
static void
test_duplicate_plan (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hrm-domains-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "hrm.db", NULL);
  g_autoptr(HrmDb) db = hrm_db_open (path, &error);
  g_autofree char *sql = _hrm_server_users_page_sql (0, FALSE, FALSE, FALSE, TRUE);
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  g_autoptr(GString) plan = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (hrm_db_get_handle (db), explain, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_string_append (plan, (const char *) sqlite3_column_text (stmt, 3));
      g_string_append_c (plan, '\n');
    }
  sqlite3_finalize (stmt);
  g_test_message ("%s", plan->str);

  g_assert_nonnull (strstr (plan->str, "SEARCH k USING INDEX email_keys_shared"));
  g_assert_nonnull (strstr (plan->str, "SEARCH d USING INDEX users_by_email_key"));
  g_assert_nonnull (strstr (plan->str, "SEARCH d USING INDEX users_by_conn_email_key"));
  g_assert_null (strstr (plan->str, "SCAN d"));

  g_clear_pointer (&db, hrm_db_close);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *file = g_strconcat (path, (const char *[]) { "", "-wal", "-shm" }[i], NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}
#endif

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TEST ("/domains/settings", test_settings);
  ADD_TEST ("/domains/settings/preconditions-and-permission", test_preconditions_and_permission);
  ADD_TEST ("/domains/settings/invalid", test_invalid);
  ADD_TEST ("/domains/warnings", test_warnings);
  ADD_TEST ("/domains/linked-private-filter", test_linked_private_filter);
  ADD_TEST ("/domains/verification/refusals", test_verification_refusals);
  ADD_TEST ("/domains/verification/verified-domain", test_verified_domain);
  g_test_add ("/domains/bulk", Fixture, NULL, setup_fast, test_bulk, fixture_teardown);
  g_test_add ("/domains/duplicate-keys", Fixture, NULL, setup_fast, test_duplicate_keys,
              fixture_teardown);
#ifdef HRM_TEST_HAVE_COLLATE
  g_test_add_func ("/domains/duplicate-plan", test_duplicate_plan);
#endif

  return g_test_run ();
}
