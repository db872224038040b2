/* test-users-patch.c — GET and PATCH /api/v1/users/{id}: ETags, merge patch,
 * every refusal, and that a refused request leaves the user as it was
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test"

#include <string.h>

#include "server-test.h"

/* Sends a PATCH that must fail with @status and @code, and checks nothing changed. */
static HrmTestResponse *
patch_refused (Fixture    *f,
               gint64      id,
               const char *etag,
               const char *content_type,
               const char *body,
               gssize      length,
               guint       status,
               const char *code)
{
  g_autofree char *before = user_snapshot (f, id);
  g_autofree char *after = NULL;
  HrmTestResponse *r;

  g_test_message ("PATCH %.200s", body ? body : "(no body)");
  r = patch_user (f, id, etag, content_type, body, length);
  hrm_test_assert_status (r, status);
  g_assert_cmpstr (hrm_test_response_error_code (r), ==, code);
  g_assert_nonnull (hrm_test_json_get_string (r->json, "error.message"));

  after = user_snapshot (f, id);
  g_assert_cmpstr (before, ==, after);

  return r;
}

static void
test_get_etag (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *etag = NULL;
  g_autofree char *etag2 = NULL;
  g_autoptr(JsonObject) user = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HrmUser) parsed = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  user = get_user (f, id, &etag);
  /* A strong entity tag: a quoted string. */
  g_assert_true (g_str_has_prefix (etag, "\""));
  g_assert_true (g_str_has_suffix (etag, "\""));
  g_assert_cmpuint (strlen (etag), >, 2);
  g_assert_cmpint (hrm_test_json_get_int (user, "id"), ==, id);

  parsed = hrm_user_new_from_json (user, &error);
  g_assert_no_error (error);

  again = get_user (f, id, &etag2);
  g_assert_cmpstr (etag, ==, etag2);
}

static void
test_patch_ok (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *etag = NULL;
  g_autofree char *etag_after = NULL;
  g_autoptr(JsonObject) user = NULL;
  g_autoptr(JsonObject) reread = NULL;
  g_autoptr(HrmTestResponse) r = NULL;
  g_autofree char *body = NULL;
  g_autofree char *reread_text = NULL;
  const char *new_etag;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  user = get_user (f, id, &etag);

  r = patch_user (f, id, etag, "application/merge-patch+json",
                  "{\"first_name\": \"Åsa\", \"last_name\": \"Öberg-Nilsson\","
                  " \"signature\": \"ÅÖN\", \"enabled\": false, \"email\": \"asa@example.com\"}", -1);
  hrm_test_assert_status (r, 200);
  new_etag = hrm_test_response_get_header (r, "ETag");
  g_assert_nonnull (new_etag);
  g_assert_cmpstr (new_etag, !=, etag);

  g_assert_cmpstr (hrm_test_json_get_string (r->json, "first_name"), ==, "Åsa");
  g_assert_cmpstr (hrm_test_json_get_string (r->json, "last_name"), ==, "Öberg-Nilsson");
  g_assert_cmpstr (hrm_test_json_get_string (r->json, "signature"), ==, "ÅÖN");
  g_assert_cmpstr (hrm_test_json_get_string (r->json, "email"), ==, "asa@example.com");
  g_assert_false (hrm_test_json_get_bool (r->json, "enabled"));
  /* Members not in the patch stay. */
  g_assert_cmpstr (hrm_test_json_get_string (r->json, "user_id"), ==,
                   hrm_test_json_get_string (user, "user_id"));
  g_assert_cmpstr (hrm_test_json_get_string (r->json, "card_tag_id"), ==,
                   hrm_test_json_get_string (user, "card_tag_id"));

  /* The change is stored: a new GET says the same, with the same new ETag. */
  reread = get_user (f, id, &etag_after);
  g_assert_cmpstr (etag_after, ==, new_etag);
  body = hrm_json_object_to_string (r->json);
  reread_text = hrm_json_object_to_string (reread);
  g_assert_cmpstr (body, ==, reread_text);
}

static void
test_patch_null_clears (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) user = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  patch_user_ok (f, id, "{\"alias_user_id\": \"ALIAS1\", \"external_reference\": \"EXT1\"}");
  patch_user_ok (f, id, "{\"alias_user_id\": null}");

  user = get_user (f, id, NULL);
  g_assert_true (hrm_test_json_is_null (user, "alias_user_id"));
  g_assert_cmpstr (hrm_test_json_get_string (user, "external_reference"), ==, "EXT1");
}

static void
test_patch_content_types (Fixture       *f,
                          gconstpointer  data)
{
  static const char *accepted[] = {
    "application/merge-patch+json",
    "application/json",
    "application/json; charset=utf-8",
    "Application/Merge-Patch+JSON",
  };
  static const char *refused[] = {
    "text/plain",
    "application/x-www-form-urlencoded",
    "application/json-patch+json",
    "application/xml",
  };
  gint64 id;

  SKIP_WITHOUT_SERVER (f);
  id = some_user_id (f, 0);

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autofree char *etag = NULL;
      g_autoptr(JsonObject) user = get_user (f, id, &etag);
      g_autofree char *body = g_strdup_printf ("{\"first_name\": \"Type%u\"}", i);
      g_autoptr(HrmTestResponse) r = patch_user (f, id, etag, accepted[i], body, -1);

      g_test_message ("Content-Type: %s", accepted[i]);
      hrm_test_assert_status (r, 200);
      {
        g_autofree char *expected = g_strdup_printf ("Type%u", i);
        g_assert_cmpstr (hrm_test_json_get_string (r->json, "first_name"), ==, expected);
      }
    }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *etag = NULL;
      g_autoptr(JsonObject) user = get_user (f, id, &etag);
      g_autoptr(HrmTestResponse) r =
        patch_refused (f, id, etag, refused[i], "{\"first_name\": \"Refused\"}", -1,
                       415, "unsupported_media_type");
    }
}

static void
test_if_match_required (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(HrmTestResponse) r = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  r = patch_refused (f, id, NULL, "application/merge-patch+json", "{\"first_name\": \"NoEtag\"}", -1,
                     428, "precondition_required");
}

static void
test_stale_etag (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *old_etag = NULL;
  g_autoptr(JsonObject) user = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  user = get_user (f, id, &old_etag);
  patch_user_ok (f, id, "{\"first_name\": \"Changed\"}");

  {
    g_autoptr(HrmTestResponse) r =
      patch_refused (f, id, old_etag, "application/merge-patch+json", "{\"last_name\": \"Lost\"}", -1,
                     412, "precondition_failed");
  }
  {
    g_autoptr(HrmTestResponse) r =
      patch_refused (f, id, "\"made-up\"", "application/merge-patch+json", "{\"last_name\": \"Lost\"}", -1,
                     412, "precondition_failed");
  }
}

static void
assert_field_refused (Fixture    *f,
                      gint64      id,
                      const char *body,
                      const char *field)
{
  g_autofree char *etag = NULL;
  g_autoptr(JsonObject) user = get_user (f, id, &etag);
  g_autoptr(HrmTestResponse) r =
    patch_refused (f, id, etag, "application/merge-patch+json", body, -1, 422, "invalid");
  const char *why = hrm_test_response_error_field (r, field);

  if (why == NULL)
    g_test_message ("no reason for “%s” in %s", field, r->text);
  g_assert_nonnull (why);
  g_assert_cmpstr (why, !=, "");
}

static void
test_unprocessable (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *other_user_id = NULL;
  g_autofree char *duplicate = NULL;
  g_autoptr(JsonObject) other = NULL;
  g_autofree char *long_text = g_strnfill (201, 'x');
  g_autofree char *too_long = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  other = get_user (f, some_user_id (f, 1), NULL);
  other_user_id = g_ascii_strup (hrm_test_json_get_string (other, "user_id"), -1);
  duplicate = g_strdup_printf ("{\"user_id\": \"%s\"}", other_user_id);
  too_long = g_strdup_printf ("{\"first_name\": \"%s\"}", long_text);

  assert_field_refused (f, id, "{\"user_id\": \"\"}", "user_id");
  assert_field_refused (f, id, "{\"user_id\": \"   \"}", "user_id");
  assert_field_refused (f, id, "{\"user_id\": null}", "user_id");
  assert_field_refused (f, id, "{\"user_id\": \" padded \"}", "user_id");
  /* Another user's User-ID, in other case. */
  assert_field_refused (f, id, duplicate, "user_id");
  assert_field_refused (f, id, "{\"user_id\": \"admin\"}", "user_id");
  assert_field_refused (f, id, "{\"email\": \"not-an-address\"}", "email");
  assert_field_refused (f, id, "{\"email\": \"anna@@example.com\"}", "email");
  assert_field_refused (f, id, "{\"email\": \"anna@example\"}", "email");
  assert_field_refused (f, id, "{\"first_name\": 42}", "first_name");
  assert_field_refused (f, id, "{\"last_name\": [\"a\"]}", "last_name");
  assert_field_refused (f, id, "{\"enabled\": \"yes\"}", "enabled");
  assert_field_refused (f, id, "{\"enabled\": null}", "enabled");
  assert_field_refused (f, id, "{\"signature\": {\"a\": 1}}", "signature");
  assert_field_refused (f, id, "{\"card_tag_id\": 7731}", "card_tag_id");
  assert_field_refused (f, id, too_long, "first_name");
  assert_field_refused (f, id, "{\"first_name\": \"line\\nbreak\"}", "first_name");
  assert_field_refused (f, id, "{\"favourite_colour\": \"blue\"}", "favourite_colour");
  assert_field_refused (f, id, "{\"id\": 12345}", "id");
  assert_field_refused (f, id, "{\"connection\": {\"state\": \"linked\"}}", "connection");
  assert_field_refused (f, id, "{\"updated_at\": \"2026-01-01T00:00:00Z\"}", "updated_at");

  /* One good and one bad member: nothing is applied, the bad one is named. */
  assert_field_refused (f, id, "{\"first_name\": \"Good\", \"email\": \"bad\"}", "email");

  /* Several bad members are all named. */
  {
    g_autofree char *etag = NULL;
    g_autoptr(JsonObject) user = get_user (f, id, &etag);
    g_autoptr(HrmTestResponse) r =
      patch_refused (f, id, etag, "application/merge-patch+json",
                     "{\"user_id\": \"\", \"email\": \"bad\"}", -1, 422, "invalid");

    g_assert_nonnull (hrm_test_response_error_field (r, "user_id"));
    g_assert_nonnull (hrm_test_response_error_field (r, "email"));
  }
}

static void
test_own_user_id_other_case (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(JsonObject) user = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *patch = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  /* Changing only the case of one's own User-ID is not a duplicate. */
  id = some_user_id (f, 0);
  user = get_user (f, id, NULL);
  upper = g_ascii_strup (hrm_test_json_get_string (user, "user_id"), -1);
  patch = g_strdup_printf ("{\"user_id\": \"%s\"}", upper);
  patch_user_ok (f, id, patch);
  after = get_user (f, id, NULL);
  g_assert_cmpstr (hrm_test_json_get_string (after, "user_id"), ==, upper);
}

static void
test_email_of_linked_user (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *etag = NULL;
  g_autoptr(JsonObject) user = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  link_user (f, id, "linked.patch@example.com");
  user = get_user (f, id, &etag);

  {
    g_autoptr(HrmTestResponse) r =
      patch_refused (f, id, etag, "application/merge-patch+json",
                     "{\"email\": \"someone.else@example.com\"}", -1, 409, "conflict");
  }
  {
    g_autoptr(HrmTestResponse) r =
      patch_refused (f, id, etag, "application/merge-patch+json", "{\"email\": null}", -1,
                     409, "conflict");
  }

  /* Other members of a linked user can change. */
  patch_user_ok (f, id, "{\"first_name\": \"StillEditable\"}");
}

static void
test_malformed_bodies (Fixture       *f,
                       gconstpointer  data)
{
  static const struct { const char *body; gssize length; } cases[] = {
    { "{\"first_name\": ", -1 },
    { "not json at all", -1 },
    { "[{\"first_name\": \"x\"}]", -1 },
    { "\"just a string\"", -1 },
    { "", 0 },
    { "{\"first_name\": \"\xff\xfe\"}", -1 },
    { "{\"first_name\": \"\xc3\x28\"}", -1 },
    { "{\"first_name\": \"a\0b\"}", 21 },
  };
  gint64 id;

  SKIP_WITHOUT_SERVER (f);
  id = some_user_id (f, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *etag = NULL;
      g_autoptr(JsonObject) user = get_user (f, id, &etag);
      g_autoptr(HrmTestResponse) r =
        patch_refused (f, id, etag, "application/merge-patch+json", cases[i].body, cases[i].length,
                       400, "bad_request");
    }
}

static void
test_body_too_large (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GString) body = g_string_new ("{\"first_name\": \"");
  g_autofree char *etag = NULL;
  g_autoptr(JsonObject) user = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  user = get_user (f, id, &etag);
  while (body->len < 1024 * 1024 + 16)
    g_string_append (body, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  g_string_append (body, "\"}");

  {
    g_autoptr(HrmTestResponse) r =
      patch_refused (f, id, etag, "application/merge-patch+json", body->str, body->len,
                     413, "payload_too_large");
  }

  /* The server still answers afterwards. */
  patch_user_ok (f, id, "{\"first_name\": \"AfterBigBody\"}");
}

static char *
repeat (const char *prefix,
        const char *unit,
        gsize       n,
        const char *middle,
        const char *close,
        const char *suffix)
{
  g_autoptr(GString) text = g_string_new (prefix);

  for (gsize i = 0; i < n; i++)
    g_string_append (text, unit);
  g_string_append (text, middle);
  for (gsize i = 0; i < n; i++)
    g_string_append (text, close);
  g_string_append (text, suffix);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A quote in a comment (or in single quotes) hid the brackets from the old
 * nesting pre-check, and json-glib recursed through them until the server's
 * stack overflowed. */
static void
test_nesting_bypass (Fixture       *f,
                     gconstpointer  data)
{
  const gsize n = 300 * 1000;
  g_autofree char *comment = repeat ("{\"first_name\": /*\"*/ ", "[", n, "", "]", " /*\"*/}");
  g_autofree char *quote = repeat ("{\"a\": '\"', \"first_name\": ", "[", n, "", "]", ", \"b\": '\"'}");
  const char *bodies[] = { comment, quote };
  gint64 id;

  SKIP_WITHOUT_SERVER (f);
  id = some_user_id (f, 0);

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *etag = NULL;
      g_autoptr(JsonObject) user = get_user (f, id, &etag);
      g_autoptr(HrmTestResponse) r =
        patch_refused (f, id, etag, "application/merge-patch+json", bodies[i], -1, 400, "bad_request");
    }

  /* Still alive, and still taking changes. */
  patch_user_ok (f, id, "{\"first_name\": \"AfterDeepBody\"}");
}

/* Only RFC 8259 JSON is read: what json-glib accepts besides is refused and
 * stores nothing. */
static void
test_not_strict_json (Fixture       *f,
                      gconstpointer  data)
{
  static const char *bodies[] = {
    "{\"first_name\": /* a comment */ \"Commented\"}",
    "{\"first_name\": \"Commented\"} // a comment",
    "{'first_name': 'Quoted'}",
    "{\"first_name\": 'Quoted'}",
    "{\"first_name\": \"Trailing\",}",
    "{\"first_name\": \"Twice\", \"first_name\": \"Again\"}",
    "{\"first_name\": \"\\x41\"}",
    "{\"first_name\": \"Tab\there\"}",
    "{\"first_name\": \"Two\"} {\"last_name\": \"Values\"}",
    "{\"first_name\": \"Ok\", \"n\": 01}",
    "{\"first_name\": \"Ok\", \"n\": 18446744073709551615}",
    "{\"first_name\": \"Ok\", \"n\": 1e999}",
    "{\"first_name\":\f\"Feed\"}",
  };
  gint64 id;

  SKIP_WITHOUT_SERVER (f);
  id = some_user_id (f, 0);

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *etag = NULL;
      g_autoptr(JsonObject) user = get_user (f, id, &etag);
      g_autoptr(HrmTestResponse) r =
        patch_refused (f, id, etag, "application/merge-patch+json", bodies[i], -1, 400, "bad_request");
    }
}

/* json-glib cut "a\u0000b" to "a" and made garbage of a lone surrogate:
 * both are 422 for the field, never stored. */
static void
test_nul_and_surrogates (Fixture       *f,
                         gconstpointer  data)
{
  static const char *bodies[] = {
    "{\"first_name\":\"a\\u0000b\"}",
    "{\"first_name\": \"\\u0000\"}",
    "{\"first_name\": \"\\ud800\"}",
    "{\"first_name\": \"\\udc00\"}",
    "{\"first_name\": \"x\\ud800y\"}",
    "{\"first_name\": \"\\ud800\\u0041\"}",
  };
  gint64 id;

  SKIP_WITHOUT_SERVER (f);
  id = some_user_id (f, 0);

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    assert_field_refused (f, id, bodies[i], "first_name");

  /* In a member name it is malformed. */
  {
    g_autofree char *etag = NULL;
    g_autoptr(JsonObject) user = get_user (f, id, &etag);
    g_autoptr(HrmTestResponse) r =
      patch_refused (f, id, etag, "application/merge-patch+json", "{\"first\\u0000name\": \"x\"}", -1,
                     400, "bad_request");
  }
}

typedef struct
{
  guint  pending;
  guint  status[2];
  GBytes *body[2];
} Race;

typedef struct
{
  Race        *race;
  guint        index;
  SoupMessage *msg;
} RaceEntrant;

static void
race_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  RaceEntrant *entrant = user_data;
  g_autoptr(GError) error = NULL;

  entrant->race->body[entrant->index] =
    soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  entrant->race->status[entrant->index] = soup_message_get_status (entrant->msg);
  entrant->race->pending--;
}

static void
test_concurrent_patches (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *etag = NULL;
  g_autoptr(JsonObject) user = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *bearer = NULL;
  SoupSession *sessions[2] = { NULL, NULL };
  SoupMessage *msgs[2] = { NULL, NULL };
  RaceEntrant entrants[2];
  Race race = { 0 };
  guint winner;
  g_autoptr(JsonObject) after = NULL;
  gint64 id;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  user = get_user (f, id, &etag);
  path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, id);
  uri = hrm_test_server_build_uri (f->server, path);
  bearer = g_strconcat ("Bearer ", f->admin_token, NULL);

  /* Both start from the same version; they go out together on two sessions. */
  race.pending = 2;
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"first_name\": \"Racer%u\"}", i);
      g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

      sessions[i] = hrm_test_session_new ();
      msgs[i] = soup_message_new ("PATCH", uri);
      soup_message_headers_append (soup_message_get_request_headers (msgs[i]), "Authorization", bearer);
      soup_message_headers_append (soup_message_get_request_headers (msgs[i]), "If-Match", etag);
      soup_message_set_request_body_from_bytes (msgs[i], "application/merge-patch+json", bytes);
      entrants[i] = (RaceEntrant) { &race, i, msgs[i] };
    }
  for (guint i = 0; i < 2; i++)
    soup_session_send_and_read_async (sessions[i], msgs[i], G_PRIORITY_DEFAULT, NULL,
                                      race_done, &entrants[i]);
  while (race.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  /* Exactly one wins; the other is told the user changed. */
  g_test_message ("statuses %u and %u", race.status[0], race.status[1]);
  g_assert_true ((race.status[0] == 200 && race.status[1] == 412)
                 || (race.status[0] == 412 && race.status[1] == 200));
  winner = race.status[0] == 200 ? 0 : 1;

  after = get_user (f, id, NULL);
  {
    g_autofree char *expected = g_strdup_printf ("Racer%u", winner);
    g_assert_cmpstr (hrm_test_json_get_string (after, "first_name"), ==, expected);
  }

  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&race.body[i], g_bytes_unref);
      g_clear_object (&msgs[i]);
      g_clear_object (&sessions[i]);
    }
}

/* Patches one member of user @id to @value (NULL: JSON null) and returns
 * the user as a fresh GET reads it. */
static JsonObject *
patch_member (Fixture    *f,
              gint64      id,
              const char *member,
              const char *value)
{
  g_autoptr(JsonObject) patch = json_object_new ();
  g_autofree char *body = NULL;

  if (value != NULL)
    json_object_set_string_member (patch, member, value);
  else
    json_object_set_null_member (patch, member);
  body = hrm_json_object_to_string (patch);
  g_test_message ("PATCH %s", body);
  patch_user_ok (f, id, body);
  return get_user (f, id, NULL);
}

/* Every field the table (hrm-user-fields.c) calls patchable can be changed
 * and reads back as the server normalised it, once; every member a GET
 * writes is in the table. */
static void
test_every_field (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonObject) user = NULL;
  g_autoptr(GList) members = NULL;
  gint64 id;
  gboolean enabled;

  SKIP_WITHOUT_SERVER (f);

  id = some_user_id (f, 0);
  for (guint i = 0; i < HRM_N_USER_FIELDS; i++)
    {
      const HrmUserFieldInfo *info = hrm_user_field_get_info (i);
      g_autofree char *value = NULL;
      g_autofree char *expected = NULL;
      g_autoptr(JsonObject) stored = NULL;

      if (!info->patchable || info->kind != HRM_USER_FIELD_KIND_STRING)
        continue;

      if (i == HRM_USER_FIELD_EMAIL)
        value = g_strdup ("  Field.Trip@Example.org \n");
      else if (i == HRM_USER_FIELD_EMPLOYMENT_END_DATE)
        value = g_strdup ("2026-06-30");  /* a date, or nothing (test-leavers.c) */
      else
        value = g_strdup_printf ("trip.%s.Å", info->json_name);
      expected = g_strdup (value);
      g_assert_true (hrm_user_field_check (i, &expected, NULL));
      stored = patch_member (f, id, info->json_name, value);
      g_assert_cmpstr (hrm_test_json_get_string (stored, info->json_name), ==, expected);

      if (info->nullable)
        {
          g_autoptr(JsonObject) cleared = patch_member (f, id, info->json_name, NULL);
          g_autofree char *none = NULL;

          g_assert_true (hrm_user_field_check (i, &none, NULL));
          if (none == NULL)
            g_assert_true (hrm_test_json_is_null (cleared, info->json_name));
          else
            g_assert_cmpstr (hrm_test_json_get_string (cleared, info->json_name), ==, none);
        }
    }

  /* The address is trimmed, its case kept. */
  user = patch_member (f, id, "email", "  Field.Trip@Example.org \n");
  g_assert_cmpstr (hrm_test_json_get_string (user, "email"), ==, "Field.Trip@Example.org");
  g_clear_pointer (&user, json_object_unref);

  user = get_user (f, id, NULL);
  enabled = hrm_test_json_get_bool (user, "enabled");
  patch_user_ok (f, id, enabled ? "{\"enabled\": false}" : "{\"enabled\": true}");
  g_clear_pointer (&user, json_object_unref);
  user = get_user (f, id, NULL);
  g_assert_cmpint (hrm_test_json_get_bool (user, "enabled"), ==, !enabled);

  members = json_object_get_members (user);
  g_assert_cmpuint (g_list_length (members), ==, HRM_N_USER_FIELDS);
  for (GList *l = members; l != NULL; l = l->next)
    g_assert_true (hrm_user_field_lookup (l->data, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TEST ("/server/users/get/etag", test_get_etag);
  ADD_TEST ("/server/users/patch/ok", test_patch_ok);
  ADD_TEST ("/server/users/patch/null-clears", test_patch_null_clears);
  ADD_TEST ("/server/users/patch/content-types", test_patch_content_types);
  ADD_TEST ("/server/users/patch/if-match-required", test_if_match_required);
  ADD_TEST ("/server/users/patch/stale-etag", test_stale_etag);
  ADD_TEST ("/server/users/patch/unprocessable", test_unprocessable);
  ADD_TEST ("/server/users/patch/own-user-id-other-case", test_own_user_id_other_case);
  ADD_TEST ("/server/users/patch/email-of-linked-user", test_email_of_linked_user);
  ADD_TEST ("/server/users/patch/malformed-bodies", test_malformed_bodies);
  ADD_TEST ("/server/users/patch/body-too-large", test_body_too_large);
  ADD_TEST ("/server/users/patch/nesting-bypass", test_nesting_bypass);
  ADD_TEST ("/server/users/patch/not-strict-json", test_not_strict_json);
  ADD_TEST ("/server/users/patch/nul-and-surrogates", test_nul_and_surrogates);
  ADD_TEST ("/server/users/patch/concurrent", test_concurrent_patches);
  ADD_TEST ("/server/users/patch/every-field", test_every_field);

  return g_test_run ();
}
