/* hrm-test-http.h — synchronous HTTP for tests
 *
 * Tests send requests on their own SoupSession with soup_session_send_and_read()
 * (blocking is fine in a test, never in the programs):
 *
 *   g_autoptr(SoupSession) session = hrm_test_session_new ();
 *   g_autoptr(HrmTestResponse) r =
 *     hrm_test_http (session, "PATCH", uri, "application/merge-patch+json",
 *                    "{\"first_name\": \"Anna\"}", -1,
 *                    "Authorization", bearer, "If-Match", etag, NULL);
 *   g_assert_cmpuint (r->status, ==, 200);
 *   g_assert_cmpstr (hrm_test_json_get_string (r->json, "first_name"), ==, "Anna");
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  guint               status;   /* HTTP status; 0 when the request failed (see error) */
  SoupMessageHeaders *headers;  /* response headers (owned reference) */
  GBytes             *body;     /* raw body, never NULL (may be empty) */
  char               *text;     /* body as a NUL-terminated string */
  JsonObject         *json;     /* body parsed as a JSON object, or NULL */
  GError             *error;    /* transport error, when status is 0 */
} HrmTestResponse;

void             hrm_test_response_free        (HrmTestResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HrmTestResponse, hrm_test_response_free)

/* A session with a 30 s timeout and no proxy. */
SoupSession     *hrm_test_session_new          (void);
/* The same, with requests sent from @local_ip ("127.0.0.2"): all of
 * 127.0.0.0/8 is loopback on Linux, so tests can act as several clients. */
SoupSession     *hrm_test_session_new_from     (const char      *local_ip);
/* The same, trusting only the certificates in PEM file @ca_file. */
SoupSession     *hrm_test_session_new_trusting (const char      *ca_file);

/* Sends @method @uri with @body (@body_length bytes, or -1 for strlen; NULL
 * for none) of @content_type, plus %NULL-terminated header name/value pairs.
 * Never fails the test itself: check ->status. */
HrmTestResponse *hrm_test_http                 (SoupSession     *session,
                                                const char      *method,
                                                const char      *uri,
                                                const char      *content_type,
                                                const char      *body,
                                                gssize           body_length,
                                                ...) G_GNUC_NULL_TERMINATED;
HrmTestResponse *hrm_test_http_v               (SoupSession     *session,
                                                const char      *method,
                                                const char      *uri,
                                                const char      *content_type,
                                                const char      *body,
                                                gssize           body_length,
                                                va_list          headers);

/* An API call: @base_uri + @path, "Authorization: Bearer @token" when @token
 * is set, @json_body as application/json when set, plus %NULL-terminated
 * header name/value pairs. */
HrmTestResponse *hrm_test_api                  (SoupSession     *session,
                                                const char      *base_uri,
                                                const char      *token,
                                                const char      *method,
                                                const char      *path,
                                                const char      *json_body,
                                                ...) G_GNUC_NULL_TERMINATED;

/* A form POST (application/x-www-form-urlencoded) of %NULL-terminated
 * name/value pairs to @base_uri + @path. */
HrmTestResponse *hrm_test_post_form            (SoupSession     *session,
                                                const char      *base_uri,
                                                const char      *path,
                                                ...) G_GNUC_NULL_TERMINATED;

/* Sends @msg without waiting; when the answer is in (spin the thread-default
 * main context), *@out (which must be %NULL) is set to it. Keep @out alive
 * until then. */
void             hrm_test_send_async           (SoupSession      *session,
                                                SoupMessage      *msg,
                                                HrmTestResponse **out);
/* A form POST to @uri of %NULL-terminated name/value pairs, not yet sent. */
SoupMessage     *hrm_test_form_message         (const char      *uri,
                                                ...) G_GNUC_NULL_TERMINATED;

const char      *hrm_test_response_get_header  (HrmTestResponse *response,
                                                const char      *name);

/* The API error code of an error body ({"error": {"code": …}}), or NULL. */
const char      *hrm_test_response_error_code  (HrmTestResponse *response);
/* The reason given for field @name in an error body's "fields", or NULL. */
const char      *hrm_test_response_error_field (HrmTestResponse *response,
                                                const char      *name);

/* Lenient JSON lookups for assertions: NULL / -1 / FALSE when missing or of
 * another type. A member path may be dotted: "connection.state". */
const char      *hrm_test_json_get_string      (JsonObject      *object,
                                                const char      *path);
gint64           hrm_test_json_get_int         (JsonObject      *object,
                                                const char      *path);
gboolean         hrm_test_json_get_bool        (JsonObject      *object,
                                                const char      *path);
gboolean         hrm_test_json_is_null         (JsonObject      *object,
                                                const char      *path);
JsonArray       *hrm_test_json_get_array       (JsonObject      *object,
                                                const char      *path);
JsonObject      *hrm_test_json_get_object      (JsonObject      *object,
                                                const char      *path);

/* Asserts the status, printing the body when it differs. */
#define hrm_test_assert_status(response, expected)                                  \
  G_STMT_START {                                                                    \
    HrmTestResponse *hrm_r_ = (response);                                           \
    if (hrm_r_->status != (guint) (expected))                                       \
      g_test_message ("unexpected response body: %s",                               \
                      hrm_r_->error ? hrm_r_->error->message : hrm_r_->text);       \
    g_assert_cmpuint (hrm_r_->status, ==, (expected));                              \
  } G_STMT_END

G_END_DECLS
