/* hrm-server-user.c — a user row of the server's store
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-server-user"

#include "config.h"

#include <string.h>
#include <time.h>

#include <glib/gi18n-lib.h>

#include "hrm-collate.h"
#include "hrm-email-domains.h"
#include "hrm-error.h"
#include "hrm-json.h"
#include "hrm-server-user.h"
#include "hrm-user-fields.h"

/* Where each member of the user object (hrm-user-fields.c) lives in a row;
 * times are seconds since the epoch, 0 for none. The connection is written
 * by add_connection() and append_connection(). */
static const gsize field_offsets[HRM_N_USER_FIELDS] = {
  [HRM_USER_FIELD_ID] = G_STRUCT_OFFSET (HrmServerUser, id),
  [HRM_USER_FIELD_USER_ID] = G_STRUCT_OFFSET (HrmServerUser, user_id),
  [HRM_USER_FIELD_ALIAS_USER_ID] = G_STRUCT_OFFSET (HrmServerUser, alias_user_id),
  [HRM_USER_FIELD_SIGNATURE] = G_STRUCT_OFFSET (HrmServerUser, signature),
  [HRM_USER_FIELD_CARD_TAG_ID] = G_STRUCT_OFFSET (HrmServerUser, card_tag_id),
  [HRM_USER_FIELD_EXTERNAL_REFERENCE] = G_STRUCT_OFFSET (HrmServerUser, external_reference),
  [HRM_USER_FIELD_FIRST_NAME] = G_STRUCT_OFFSET (HrmServerUser, first_name),
  [HRM_USER_FIELD_LAST_NAME] = G_STRUCT_OFFSET (HrmServerUser, last_name),
  [HRM_USER_FIELD_EMAIL] = G_STRUCT_OFFSET (HrmServerUser, email),
  [HRM_USER_FIELD_EMAIL_WARNINGS] = G_STRUCT_OFFSET (HrmServerUser, email_warnings),
  [HRM_USER_FIELD_ENABLED] = G_STRUCT_OFFSET (HrmServerUser, enabled),
  [HRM_USER_FIELD_EMPLOYMENT_END_DATE] = G_STRUCT_OFFSET (HrmServerUser, employment_end_date),
  [HRM_USER_FIELD_CONNECTION] = 0,
  [HRM_USER_FIELD_UPDATED_AT] = G_STRUCT_OFFSET (HrmServerUser, updated_at),
};

/**
 * hrm_server_user_field:
 * Where @user holds @field (for a string, a char *; a boolean, a gboolean;
 * a number or a time, a gint64); %NULL for the connection, which is not one
 * member of the row.
 */
gpointer
hrm_server_user_field (HrmServerUser  *user,
                       HrmUserFieldId  field)
{
  g_return_val_if_fail (field < HRM_N_USER_FIELDS, NULL);

  if (hrm_user_field_get_info (field)->kind == HRM_USER_FIELD_KIND_CONNECTION)
    return NULL;
  return G_STRUCT_MEMBER_P (user, field_offsets[field]);
}

#define FIELD_P(user, field) G_STRUCT_MEMBER_P ((user), field_offsets[(field)])

/* Decides the warnings about the saved address from the row: @duplicate as
 * HRM_SERVER_USER_DUPLICATE counts, the organisation's @allowed and
 * @verified domains separated by spaces (NULL for none). */
static void
set_email_warnings (HrmServerUser *user,
                    gint64         duplicate,
                    const char    *allowed,
                    const char    *verified)
{
  const char *domain = hrm_email_domain (user->email);
  const char *linked_domain = hrm_email_domain (user->conn_email);

  if (domain != NULL)
    {
      if (hrm_email_domain_is_private (domain))
        user->email_warnings |= HRM_EMAIL_WARNING_PRIVATE_DOMAIN;
      if (allowed != NULL && !hrm_email_domain_in_list (domain, allowed))
        user->email_warnings |= HRM_EMAIL_WARNING_OUTSIDE_ALLOWED;
      user->email_verified_domain = hrm_email_domain_in_list (domain, verified);
    }
  if (duplicate > 0)
    user->email_warnings |= HRM_EMAIL_WARNING_DUPLICATE;
  user->email_of_linked = duplicate == 2;
  if (hrm_server_user_is_linked (user) && hrm_email_domain_is_private (linked_domain))
    user->email_warnings |= HRM_EMAIL_WARNING_LINKED_PRIVATE;
}

HrmServerUser *
hrm_server_user_from_stmt (HrmStmt *stmt)
{
  HrmServerUser *user = g_new0 (HrmServerUser, 1);

  user->id = hrm_stmt_get_int (stmt, 0);
  user->user_id = hrm_stmt_dup_text (stmt, 1);
  user->alias_user_id = hrm_stmt_dup_text (stmt, 2);
  user->signature = hrm_stmt_dup_text (stmt, 3);
  user->card_tag_id = hrm_stmt_dup_text (stmt, 4);
  user->external_reference = hrm_stmt_dup_text (stmt, 5);
  user->first_name = hrm_stmt_dup_text (stmt, 6);
  user->last_name = hrm_stmt_dup_text (stmt, 7);
  user->email = hrm_stmt_dup_text (stmt, 8);
  user->enabled = hrm_stmt_get_int (stmt, 9) != 0;
  user->locale = hrm_stmt_dup_text (stmt, 10);
  user->conn_state = hrm_stmt_dup_text (stmt, 11);
  user->conn_email = hrm_stmt_dup_text (stmt, 12);
  user->verified_at = hrm_stmt_get_int (stmt, 13);
  user->pending_email = hrm_stmt_dup_text (stmt, 14);
  user->sent_at = hrm_stmt_get_int (stmt, 15);
  user->expires_at = hrm_stmt_get_int (stmt, 16);
  user->last_mail_at = hrm_stmt_get_int (stmt, 17);
  user->version = hrm_stmt_get_int (stmt, 18);
  user->updated_at = hrm_stmt_get_int (stmt, 19);
  user->has_password = hrm_stmt_get_int (stmt, 20) != 0;
  user->delivery_state = hrm_stmt_dup_text (stmt, 21);
  user->delivery_error = hrm_stmt_dup_text (stmt, 22);
  user->delivery_at = hrm_stmt_get_int (stmt, 23);
  set_email_warnings (user, hrm_stmt_get_int (stmt, 24), hrm_stmt_get_text (stmt, 25),
                      hrm_stmt_get_text (stmt, 26));
  user->employment_end_date = hrm_stmt_dup_text (stmt, 27);
  user->removal_scheduled_on = hrm_stmt_dup_text (stmt, 28);

  return user;
}

HrmServerUser *
hrm_server_user_load (HrmDb   *db,
                      gint64   id,
                      GError **error)
{
  g_autoptr(HrmStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  stmt = hrm_db_prepare (db, "SELECT " HRM_SERVER_USER_COLUMNS " FROM users WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;

  hrm_stmt_bind_int (stmt, 1, id);
  if (!hrm_stmt_step (stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error_literal (error, HRM_ERROR, HRM_ERROR_NOT_FOUND, _("There is no such user"));
      return NULL;
    }

  return hrm_server_user_from_stmt (stmt);
}

void
hrm_server_user_free (HrmServerUser *user)
{
  if (user == NULL)
    return;

  g_free (user->user_id);
  g_free (user->alias_user_id);
  g_free (user->signature);
  g_free (user->card_tag_id);
  g_free (user->external_reference);
  g_free (user->first_name);
  g_free (user->last_name);
  g_free (user->email);
  g_free (user->employment_end_date);
  g_free (user->removal_scheduled_on);
  g_free (user->locale);
  g_free (user->conn_state);
  g_free (user->conn_email);
  g_free (user->pending_email);
  g_free (user->delivery_state);
  g_free (user->delivery_error);
  g_free (user);
}

static void
add_time (JsonBuilder *builder,
          const char  *member,
          gint64       seconds)
{
  g_autoptr(GDateTime) time = seconds ? g_date_time_new_from_unix_utc (seconds) : NULL;

  hrm_json_builder_add_datetime (builder, member, time);
}

/* Whether @user is pending with a link that has run out at @now; as the
 * users list's connection=expired filter decides (hrm-server-users-query.c). */
gboolean
hrm_server_user_is_expired_at (const HrmServerUser *user,
                               gint64               now)
{
  return g_strcmp0 (user->conn_state, "pending") == 0 && user->expires_at <= now;
}

JsonNode *
hrm_server_user_to_json (const HrmServerUser *user)
{
  return hrm_server_user_to_json_at (user, hrm_db_now ());
}

static void
add_connection (JsonBuilder         *builder,
                const HrmServerUser *user,
                gint64               now)
{
  json_builder_begin_object (builder);
  hrm_json_builder_add_string (builder, "state", user->conn_state);
  hrm_json_builder_add_string (builder, "email", user->conn_email);
  add_time (builder, "verified_at", user->verified_at);
  hrm_json_builder_add_string (builder, "pending_email", user->pending_email);
  add_time (builder, "sent_at", user->sent_at);
  add_time (builder, "expires_at", user->expires_at);
  json_builder_set_member_name (builder, "expired");
  json_builder_add_boolean_value (builder, hrm_server_user_is_expired_at (user, now));
  hrm_json_builder_add_string (builder, "removal_scheduled_on", user->removal_scheduled_on);
  json_builder_set_member_name (builder, "delivery");
  if (user->delivery_state == NULL)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_object (builder);
      hrm_json_builder_add_string (builder, "state", user->delivery_state);
      hrm_json_builder_add_string (builder, "error", user->delivery_error);
      add_time (builder, "at", user->delivery_at);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

static void
add_email_warnings (JsonBuilder *builder,
                    guint        warnings)
{
  json_builder_begin_array (builder);
  for (guint bit = 0; bit < HRM_N_EMAIL_WARNINGS; bit++)
    if (warnings & (1u << bit))
      {
        json_builder_begin_object (builder);
        hrm_json_builder_add_string (builder, "code", hrm_email_warning_code (bit));
        hrm_json_builder_add_string (builder, "message", hrm_email_warning_message (bit));
        json_builder_end_object (builder);
      }
  json_builder_end_array (builder);
}

/* The API's user object, with connection.expired judged at @now (the time
 * of the request): its members as hrm-user-fields.c lists them. */
JsonNode *
hrm_server_user_to_json_at (const HrmServerUser *user,
                            gint64               now)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  for (guint i = 0; i < HRM_N_USER_FIELDS; i++)
    {
      const HrmUserFieldInfo *info = hrm_user_field_get_info (i);

      switch (info->kind)
        {
        case HRM_USER_FIELD_KIND_INT:
          json_builder_set_member_name (builder, info->json_name);
          json_builder_add_int_value (builder, *(const gint64 *) FIELD_P (user, i));
          break;
        case HRM_USER_FIELD_KIND_STRING:
          hrm_json_builder_add_string (builder, info->json_name, *(char * const *) FIELD_P (user, i));
          break;
        case HRM_USER_FIELD_KIND_BOOLEAN:
          json_builder_set_member_name (builder, info->json_name);
          json_builder_add_boolean_value (builder, *(const gboolean *) FIELD_P (user, i));
          break;
        case HRM_USER_FIELD_KIND_DATETIME:
          add_time (builder, info->json_name, *(const gint64 *) FIELD_P (user, i));
          break;
        case HRM_USER_FIELD_KIND_CONNECTION:
          json_builder_set_member_name (builder, info->json_name);
          add_connection (builder, user, now);
          break;
        case HRM_USER_FIELD_KIND_EMAIL_WARNINGS:
          json_builder_set_member_name (builder, info->json_name);
          add_email_warnings (builder, user->email_warnings);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Appends @text as a JSON string, or null for NULL: quotes, backslashes and
 * every control character escaped (RFC 8259), the rest as it is, in runs. */
static void
append_json_string (GString    *out,
                    const char *text)
{
  const char *run = text;

  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default: g_string_append_printf (out, "\\u%04x", c); break;
        }
    }
  g_string_append_len (out, run, strlen (run));
  g_string_append_c (out, '"');
}

/* ,"member": — JSON names need no escaping. */
static void
append_name (GString    *out,
             char        separator,
             const char *member)
{
  g_string_append_c (out, separator);
  g_string_append_c (out, '"');
  g_string_append (out, member);
  g_string_append_len (out, "\":", 2);
}

static void
append_member (GString    *out,
               const char *member,
               const char *text)
{
  append_name (out, ',', member);
  append_json_string (out, text);
}

static void
append_int (GString *out,
            gint64   value)
{
  char digits[24];
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;
  guint n = sizeof digits;

  do
    digits[--n] = '0' + magnitude % 10;
  while ((magnitude /= 10) != 0);
  if (value < 0)
    digits[--n] = '-';
  g_string_append_len (out, digits + n, sizeof digits - n);
}

/* Two digits of @value at @p. */
static void
put_2 (char *p,
       int   value)
{
  p[0] = '0' + value / 10;
  p[1] = '0' + value % 10;
}

/* The first second of the year 10000: hrm_datetime_to_iso8601() writes
 * four-digit years, and GDateTime ends before it. */
#define YEAR_10000 G_GINT64_CONSTANT (253402300800)

/* A time as hrm_datetime_to_iso8601() writes it (RFC 3339, UTC, seconds),
 * quoted; null for 0. Written by hand: formatting it through GDateTime and
 * printf for each of a page's ~200 times was a tenth of the first page's
 * cost (perf, bench/README.md). */
static void
append_time_value (GString *out,
                   gint64   seconds)
{
  struct tm tm;
  time_t t = (time_t) seconds;
  char text[] = "\"YYYY-MM-DDTHH:MM:SSZ\"";

  if (seconds == 0)
    {
      g_string_append_len (out, "null", 4);
      return;
    }
  /* Before 1970 or past 9999 (never stored), the slow way, which says null
   * where GDateTime cannot hold the time. */
  if (seconds < 0 || seconds >= YEAR_10000 || gmtime_r (&t, &tm) == NULL)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (seconds);
      g_autofree char *slow = hrm_datetime_to_iso8601 (time);

      append_json_string (out, slow);
      return;
    }

  put_2 (text + 1, (tm.tm_year + 1900) / 100);
  put_2 (text + 3, (tm.tm_year + 1900) % 100);
  put_2 (text + 6, tm.tm_mon + 1);
  put_2 (text + 9, tm.tm_mday);
  put_2 (text + 12, tm.tm_hour);
  put_2 (text + 15, tm.tm_min);
  put_2 (text + 18, tm.tm_sec);
  g_string_append_len (out, text, sizeof text - 1);
}

static void
append_time (GString    *out,
             const char *member,
             gint64      seconds)
{
  append_name (out, ',', member);
  append_time_value (out, seconds);
}

/* The connection object, as add_connection() builds it. */
static void
append_connection (GString             *out,
                   const HrmServerUser *user,
                   gint64               now)
{
  g_string_append (out, "{\"state\":");
  append_json_string (out, user->conn_state);
  append_member (out, "email", user->conn_email);
  append_time (out, "verified_at", user->verified_at);
  append_member (out, "pending_email", user->pending_email);
  append_time (out, "sent_at", user->sent_at);
  append_time (out, "expires_at", user->expires_at);
  g_string_append (out, hrm_server_user_is_expired_at (user, now) ? ",\"expired\":true"
                                                                  : ",\"expired\":false");
  append_member (out, "removal_scheduled_on", user->removal_scheduled_on);
  g_string_append (out, ",\"delivery\":");
  if (user->delivery_state == NULL)
    {
      g_string_append (out, "null}");
      return;
    }
  g_string_append (out, "{\"state\":");
  append_json_string (out, user->delivery_state);
  append_member (out, "error", user->delivery_error);
  append_time (out, "at", user->delivery_at);
  g_string_append (out, "}}");
}

/* email_warnings, as add_email_warnings() builds it. */
static void
append_email_warnings (GString *out,
                       guint    warnings)
{
  gboolean first = TRUE;

  g_string_append_c (out, '[');
  for (guint bit = 0; bit < HRM_N_EMAIL_WARNINGS; bit++)
    if (warnings & (1u << bit))
      {
        g_string_append (out, first ? "{\"code\":" : ",{\"code\":");
        append_json_string (out, hrm_email_warning_code (bit));
        append_member (out, "message", hrm_email_warning_message (bit));
        g_string_append_c (out, '}');
        first = FALSE;
      }
  g_string_append_c (out, ']');
}

/**
 * hrm_server_user_append_json:
 * Appends the object hrm_server_user_to_json_at() makes, written straight
 * into @out: a page of the users list holds up to 200 of them, and building
 * each as a tree of JsonNodes and hash tables to print it at once cost more
 * than reading the page from the database. The same members in the same
 * order, from the same table (hrm-user-fields.c); JSON names need no escaping.
 */
void
hrm_server_user_append_json (GString             *out,
                             const HrmServerUser *user,
                             gint64               now)
{
  for (guint i = 0; i < HRM_N_USER_FIELDS; i++)
    {
      const HrmUserFieldInfo *info = hrm_user_field_get_info (i);

      append_name (out, i == 0 ? '{' : ',', info->json_name);
      switch (info->kind)
        {
        case HRM_USER_FIELD_KIND_INT:
          append_int (out, *(const gint64 *) FIELD_P (user, i));
          break;
        case HRM_USER_FIELD_KIND_STRING:
          append_json_string (out, *(char * const *) FIELD_P (user, i));
          break;
        case HRM_USER_FIELD_KIND_BOOLEAN:
          g_string_append (out, *(const gboolean *) FIELD_P (user, i) ? "true" : "false");
          break;
        case HRM_USER_FIELD_KIND_DATETIME:
          append_time_value (out, *(const gint64 *) FIELD_P (user, i));
          break;
        case HRM_USER_FIELD_KIND_CONNECTION:
          append_connection (out, user, now);
          break;
        case HRM_USER_FIELD_KIND_EMAIL_WARNINGS:
          append_email_warnings (out, user->email_warnings);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  g_string_append_c (out, '}');
}

/* A strong validator: the row's version counter, quoted. */
char *
hrm_server_user_etag (const HrmServerUser *user)
{
  return g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", user->version);
}

char *
hrm_server_user_display_name (const HrmServerUser *user)
{
  g_autofree char *name = g_strdup_printf ("%s %s", user->first_name ? user->first_name : "",
                                           user->last_name ? user->last_name : "");

  g_strstrip (name);
  if (name[0] == '\0')
    return g_strdup (user->user_id);
  return g_steal_pointer (&name);
}

gboolean
hrm_server_user_is_linked (const HrmServerUser *user)
{
  return g_strcmp0 (user->conn_state, "linked") == 0;
}

/* Text folded for searching: without regard to case or to accents other
 * than those of å, ä, ö (hrm_collate_search_fold). */
char *
hrm_server_search_fold (const char *text)
{
  return hrm_collate_search_fold (text);
}

/* What the q= filter of the users list searches, one folded field per line
 * (users.search_text; the full-text indexes follow it by triggers). */
char *
hrm_server_user_search_text (const HrmServerUser *user)
{
  const char *fields[] = {
    user->first_name, user->last_name, user->user_id, user->alias_user_id, user->email,
    user->signature, user->card_tag_id, user->external_reference,
  };

  return hrm_db_search_text (fields, G_N_ELEMENTS (fields));
}

/**
 * hrm_server_user_bump:
 * After a change to a user row: new version (so its ETag changes), new
 * updated_at, and a fresh search text.
 */
gboolean
hrm_server_user_bump (HrmDb   *db,
                      gint64   id,
                      GError **error)
{
  g_autoptr(HrmServerUser) user = hrm_server_user_load (db, id, error);
  g_autofree char *search = NULL;
  g_autoptr(HrmStmt) stmt = NULL;

  if (user == NULL)
    return FALSE;

  search = hrm_server_user_search_text (user);
  stmt = hrm_db_prepare (db,
                         "UPDATE users SET version = version + 1, updated_at = ?, search_text = ?"
                         " WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  hrm_stmt_bind_int (stmt, 1, hrm_db_now ());
  hrm_stmt_bind_text (stmt, 2, search);
  hrm_stmt_bind_int (stmt, 3, id);
  return hrm_stmt_run (stmt, error);
}
