/* hrm-user.c — an HRM user and its link to the identity provider
 *
 * The record as the API sends it. Objects are shared between the users list
 * and the user page; hrm_user_update_from() refreshes one in place so every
 * view bound to it follows.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-user"

#include <glib/gi18n-lib.h>

#include "hrm-email-domains.h"
#include "hrm-error.h"
#include "hrm-json.h"
#include "hrm-user.h"
#include "hrm-user-fields.h"

struct _HrmUser
{
  GObject             parent_instance;

  /* owned */
  gint64              id;
  char               *user_id;
  char               *alias_user_id;
  char               *signature;
  char               *card_tag_id;
  char               *external_reference;
  char               *first_name;
  char               *last_name;
  char               *email;
  guint               email_warnings;  /* HrmEmailWarnings, as the server said */
  gboolean            enabled;
  char               *employment_end_date;  /* YYYY-MM-DD, or NULL */
  HrmConnectionState  connection_state;
  char               *connection_email;
  GDateTime          *verified_at;
  char               *pending_email;
  GDateTime          *sent_at;
  GDateTime          *expires_at;
  gboolean            expired;      /* pending and the link has run out, as the server said */
  char               *delivery_state;  /* the latest verification mail's, or NULL */
  char               *delivery_error;
  GDateTime          *delivery_at;
  char               *removal_scheduled_on;  /* YYYY-MM-DD the link goes, or NULL */
  GDateTime          *updated_at;
  char               *etag;
};

G_DEFINE_FINAL_TYPE (HrmUser, hrm_user, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_USER_ID,
  PROP_ALIAS_USER_ID,
  PROP_SIGNATURE,
  PROP_CARD_TAG_ID,
  PROP_EXTERNAL_REFERENCE,
  PROP_FIRST_NAME,
  PROP_LAST_NAME,
  PROP_DISPLAY_NAME,
  PROP_EMAIL,
  PROP_EMAIL_WARNINGS,
  PROP_ENABLED,
  PROP_EMPLOYMENT_END_DATE,
  PROP_CONNECTION_STATE,
  PROP_CONNECTION_EMAIL,
  PROP_VERIFIED_AT,
  PROP_PENDING_EMAIL,
  PROP_SENT_AT,
  PROP_EXPIRES_AT,
  PROP_EXPIRED,
  PROP_DELIVERY_STATE,
  PROP_DELIVERY_ERROR,
  PROP_DELIVERY_AT,
  PROP_REMOVAL_SCHEDULED_ON,
  PROP_UPDATED_AT,
  PROP_ETAG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Where each member of the user object (hrm-user-fields.c) lives in the
 * record, and the property that follows it; the connection is read and
 * written by read_connection() and add_connection(). */
static const struct {
  gsize offset;
  guint prop;
} field_members[HRM_N_USER_FIELDS] = {
  [HRM_USER_FIELD_ID] = { G_STRUCT_OFFSET (HrmUser, id), PROP_ID },
  [HRM_USER_FIELD_USER_ID] = { G_STRUCT_OFFSET (HrmUser, user_id), PROP_USER_ID },
  [HRM_USER_FIELD_ALIAS_USER_ID] = { G_STRUCT_OFFSET (HrmUser, alias_user_id), PROP_ALIAS_USER_ID },
  [HRM_USER_FIELD_SIGNATURE] = { G_STRUCT_OFFSET (HrmUser, signature), PROP_SIGNATURE },
  [HRM_USER_FIELD_CARD_TAG_ID] = { G_STRUCT_OFFSET (HrmUser, card_tag_id), PROP_CARD_TAG_ID },
  [HRM_USER_FIELD_EXTERNAL_REFERENCE] = { G_STRUCT_OFFSET (HrmUser, external_reference),
                                          PROP_EXTERNAL_REFERENCE },
  [HRM_USER_FIELD_FIRST_NAME] = { G_STRUCT_OFFSET (HrmUser, first_name), PROP_FIRST_NAME },
  [HRM_USER_FIELD_LAST_NAME] = { G_STRUCT_OFFSET (HrmUser, last_name), PROP_LAST_NAME },
  [HRM_USER_FIELD_EMAIL] = { G_STRUCT_OFFSET (HrmUser, email), PROP_EMAIL },
  [HRM_USER_FIELD_EMAIL_WARNINGS] = { G_STRUCT_OFFSET (HrmUser, email_warnings), PROP_EMAIL_WARNINGS },
  [HRM_USER_FIELD_ENABLED] = { G_STRUCT_OFFSET (HrmUser, enabled), PROP_ENABLED },
  [HRM_USER_FIELD_EMPLOYMENT_END_DATE] = { G_STRUCT_OFFSET (HrmUser, employment_end_date),
                                           PROP_EMPLOYMENT_END_DATE },
  [HRM_USER_FIELD_CONNECTION] = { 0, PROP_0 },
  [HRM_USER_FIELD_UPDATED_AT] = { G_STRUCT_OFFSET (HrmUser, updated_at), PROP_UPDATED_AT },
};

#define FIELD_P(self, field) G_STRUCT_MEMBER_P ((self), field_members[(field)].offset)

static const char *state_names[] = { "not_linked", "pending", "linked" };

const char *
hrm_connection_state_to_string (HrmConnectionState state)
{
  g_return_val_if_fail (state <= HRM_CONNECTION_LINKED, NULL);
  return state_names[state];
}

gboolean
hrm_connection_state_from_string (const char         *text,
                                  HrmConnectionState *out_state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (text, state_names[i]) == 0)
      {
        *out_state = i;
        return TRUE;
      }
  return FALSE;
}

static void
hrm_user_finalize (GObject *object)
{
  HrmUser *self = (HrmUser *)object;

  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->alias_user_id, g_free);
  g_clear_pointer (&self->signature, g_free);
  g_clear_pointer (&self->card_tag_id, g_free);
  g_clear_pointer (&self->external_reference, g_free);
  g_clear_pointer (&self->first_name, g_free);
  g_clear_pointer (&self->last_name, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->employment_end_date, g_free);
  g_clear_pointer (&self->removal_scheduled_on, g_free);
  g_clear_pointer (&self->connection_email, g_free);
  g_clear_pointer (&self->verified_at, g_date_time_unref);
  g_clear_pointer (&self->pending_email, g_free);
  g_clear_pointer (&self->sent_at, g_date_time_unref);
  g_clear_pointer (&self->delivery_state, g_free);
  g_clear_pointer (&self->delivery_error, g_free);
  g_clear_pointer (&self->delivery_at, g_date_time_unref);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_clear_pointer (&self->etag, g_free);

  G_OBJECT_CLASS (hrm_user_parent_class)->finalize (object);
}

static void
hrm_user_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  HrmUser *self = HRM_USER (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_USER_ID: g_value_set_string (value, self->user_id); break;
    case PROP_ALIAS_USER_ID: g_value_set_string (value, self->alias_user_id); break;
    case PROP_SIGNATURE: g_value_set_string (value, self->signature); break;
    case PROP_CARD_TAG_ID: g_value_set_string (value, self->card_tag_id); break;
    case PROP_EXTERNAL_REFERENCE: g_value_set_string (value, self->external_reference); break;
    case PROP_FIRST_NAME: g_value_set_string (value, self->first_name); break;
    case PROP_LAST_NAME: g_value_set_string (value, self->last_name); break;
    case PROP_DISPLAY_NAME: g_value_take_string (value, hrm_user_dup_display_name (self)); break;
    case PROP_EMAIL: g_value_set_string (value, self->email); break;
    case PROP_EMAIL_WARNINGS: g_value_set_uint (value, self->email_warnings); break;
    case PROP_ENABLED: g_value_set_boolean (value, self->enabled); break;
    case PROP_EMPLOYMENT_END_DATE: g_value_set_string (value, self->employment_end_date); break;
    case PROP_REMOVAL_SCHEDULED_ON: g_value_set_string (value, self->removal_scheduled_on); break;
    case PROP_CONNECTION_STATE: g_value_set_enum (value, self->connection_state); break;
    case PROP_CONNECTION_EMAIL: g_value_set_string (value, self->connection_email); break;
    case PROP_VERIFIED_AT: g_value_set_boxed (value, self->verified_at); break;
    case PROP_PENDING_EMAIL: g_value_set_string (value, self->pending_email); break;
    case PROP_SENT_AT: g_value_set_boxed (value, self->sent_at); break;
    case PROP_EXPIRES_AT: g_value_set_boxed (value, self->expires_at); break;
    case PROP_EXPIRED: g_value_set_boolean (value, self->expired); break;
    case PROP_DELIVERY_STATE: g_value_set_string (value, self->delivery_state); break;
    case PROP_DELIVERY_ERROR: g_value_set_string (value, self->delivery_error); break;
    case PROP_DELIVERY_AT: g_value_set_boxed (value, self->delivery_at); break;
    case PROP_UPDATED_AT: g_value_set_boxed (value, self->updated_at); break;
    case PROP_ETAG: g_value_set_string (value, self->etag); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
datetime_property (const char *name)
{
  return g_param_spec_boxed (name, NULL, NULL, G_TYPE_DATE_TIME,
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

/* Every notification passes here: one call for each notify, or one for all
 * of those queued while notifications were frozen (hrm_user_update_from()). */
static void
hrm_user_dispatch_properties_changed (GObject     *object,
                                      guint        n_pspecs,
                                      GParamSpec **pspecs)
{
  G_OBJECT_CLASS (hrm_user_parent_class)->dispatch_properties_changed (object, n_pspecs, pspecs);
  g_signal_emit (object, signals[CHANGED], 0);
}

static void
hrm_user_class_init (HrmUserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hrm_user_finalize;
  object_class->get_property = hrm_user_get_property;
  object_class->dispatch_properties_changed = hrm_user_dispatch_properties_changed;

  /**
   * HrmUser::changed:
   * One or more properties changed: once after their notifications, and
   * once for a whole hrm_user_update_from(). For a view that shows many of
   * them and would rather redraw once than once per property (a list row).
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER_ID] = string_property ("user-id");
  properties[PROP_ALIAS_USER_ID] = string_property ("alias-user-id");
  properties[PROP_SIGNATURE] = string_property ("signature");
  properties[PROP_CARD_TAG_ID] = string_property ("card-tag-id");
  properties[PROP_EXTERNAL_REFERENCE] = string_property ("external-reference");
  properties[PROP_FIRST_NAME] = string_property ("first-name");
  properties[PROP_LAST_NAME] = string_property ("last-name");
  properties[PROP_DISPLAY_NAME] = string_property ("display-name");
  properties[PROP_EMAIL] = string_property ("email");
  /**
   * HrmUser:email-warnings:
   * What the server warns about the saved address (email_warnings), as
   * flags of #HrmEmailWarnings; hrm_email_warning_message() explains each.
   * 0 from a server that gives none.
   */
  properties[PROP_EMAIL_WARNINGS] =
    g_param_spec_uint ("email-warnings", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * HrmUser:employment-end-date:
   * The last day of employment, YYYY-MM-DD, or %NULL.
   */
  properties[PROP_EMPLOYMENT_END_DATE] = string_property ("employment-end-date");
  properties[PROP_CONNECTION_STATE] =
    g_param_spec_enum ("connection-state", NULL, NULL, HRM_TYPE_CONNECTION_STATE,
                       HRM_CONNECTION_NOT_LINKED, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTION_EMAIL] = string_property ("connection-email");
  properties[PROP_VERIFIED_AT] = datetime_property ("verified-at");
  properties[PROP_PENDING_EMAIL] = string_property ("pending-email");
  properties[PROP_SENT_AT] = datetime_property ("sent-at");
  properties[PROP_EXPIRES_AT] = datetime_property ("expires-at");
  /**
   * HrmUser:expired:
   * Whether the user is pending and the verification link has expired, at
   * the time the server answered (connection.expired).
   */
  properties[PROP_EXPIRED] =
    g_param_spec_boolean ("expired", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * HrmUser:delivery-state:
   * How the latest verification email went (connection.delivery.state):
   * "queued", "retrying", "sent", "failed", or %NULL when there was none
   * (or the server is older). HrmUser:delivery-error has the mail server's
   * words for the last failure, HrmUser:delivery-at when it happened.
   */
  properties[PROP_DELIVERY_STATE] = string_property ("delivery-state");
  properties[PROP_DELIVERY_ERROR] = string_property ("delivery-error");
  properties[PROP_DELIVERY_AT] = datetime_property ("delivery-at");
  /**
   * HrmUser:removal-scheduled-on:
   * The day the server's housekeeping will delete the link of a leaver
   * (connection.removal_scheduled_on), YYYY-MM-DD; %NULL when none is
   * scheduled (not linked or pending, or no end date).
   */
  properties[PROP_REMOVAL_SCHEDULED_ON] = string_property ("removal-scheduled-on");
  properties[PROP_UPDATED_AT] = datetime_property ("updated-at");
  properties[PROP_ETAG] = string_property ("etag");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hrm_user_init (HrmUser *self)
{
  self->enabled = TRUE;
}

HrmUser *
hrm_user_new (void)
{
  return g_object_new (HRM_TYPE_USER, NULL);
}

/**
 * hrm_user_new_from_json:
 * Builds a user from the API's user object, checking the type of every member.
 * Returns: (transfer full) (nullable): the user, or %NULL with @error set.
 */
/* Reads the connection object into @self. */
static gboolean
read_connection (HrmUser     *self,
                 JsonObject  *object,
                 const char  *member,
                 GError     **error)
{
  g_autofree char *state = NULL;
  JsonObject *connection;

  connection = hrm_json_get_object (object, member, FALSE, error);
  if (connection == NULL)
    return FALSE;

  if (!hrm_json_get_string (connection, "state", FALSE, &state, error))
    return FALSE;

  if (!hrm_connection_state_from_string (state, &self->connection_state))
    {
      g_set_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL, _("Unknown connection state “%s”"), state);
      return FALSE;
    }

  if (!hrm_json_get_string (connection, "email", TRUE, &self->connection_email, error)
      || !hrm_json_get_datetime (connection, "verified_at", &self->verified_at, error)
      || !hrm_json_get_string (connection, "pending_email", TRUE, &self->pending_email, error)
      || !hrm_json_get_datetime (connection, "sent_at", &self->sent_at, error)
      || !hrm_json_get_datetime (connection, "expires_at", &self->expires_at, error)
      || !hrm_json_get_string (connection, "removal_scheduled_on", TRUE,
                               &self->removal_scheduled_on, error))
    return FALSE;

  /* A server from before connection.delivery has none. */
  if (json_object_has_member (connection, "delivery")
      && !JSON_NODE_HOLDS_NULL (json_object_get_member (connection, "delivery")))
    {
      JsonObject *delivery = hrm_json_get_object (connection, "delivery", FALSE, error);

      if (delivery == NULL
          || !hrm_json_get_string (delivery, "state", FALSE, &self->delivery_state, error)
          || !hrm_json_get_string (delivery, "error", TRUE, &self->delivery_error, error)
          || !hrm_json_get_datetime (delivery, "at", &self->delivery_at, error))
        return FALSE;
    }

  /* A server from before connection.expired: judge by the link's expiry. */
  if (json_object_has_member (connection, "expired"))
    {
      if (!hrm_json_get_bool (connection, "expired", &self->expired, error))
        return FALSE;
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      self->expired = hrm_user_is_pending_expired (self, now);
    }

  return TRUE;
}

/* Reads email_warnings into flags; codes this version does not know are
 * left out, and a server from before email_warnings has none. */
static gboolean
read_email_warnings (HrmUser     *self,
                     JsonObject  *object,
                     const char  *member,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  self->email_warnings = 0;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    goto malformed;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *code = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element)
          || !hrm_json_get_string (json_node_get_object (element), "code", FALSE, &code, error))
        goto malformed;
      for (guint bit = 0; bit < HRM_N_EMAIL_WARNINGS; bit++)
        if (g_str_equal (code, hrm_email_warning_code (bit)))
          self->email_warnings |= 1u << bit;
    }
  return TRUE;

malformed:
  g_clear_error (error);
  g_set_error (error, HRM_ERROR, HRM_ERROR_PROTOCOL, _("The member “%s” is malformed"), member);
  return FALSE;
}

/* Reads one member of the user object into @self, checking its type. */
static gboolean
read_field (HrmUser         *self,
            JsonObject      *object,
            HrmUserFieldId   field,
            GError         **error)
{
  const HrmUserFieldInfo *info = hrm_user_field_get_info (field);

  switch (info->kind)
    {
    case HRM_USER_FIELD_KIND_INT:
      return hrm_json_get_int (object, info->json_name, FIELD_P (self, field), error);
    case HRM_USER_FIELD_KIND_STRING:
      return hrm_json_get_string (object, info->json_name, info->nullable, FIELD_P (self, field),
                                  error);
    case HRM_USER_FIELD_KIND_BOOLEAN:
      return hrm_json_get_bool (object, info->json_name, FIELD_P (self, field), error);
    case HRM_USER_FIELD_KIND_DATETIME:
      return hrm_json_get_datetime (object, info->json_name, FIELD_P (self, field), error);
    case HRM_USER_FIELD_KIND_CONNECTION:
      return read_connection (self, object, info->json_name, error);
    case HRM_USER_FIELD_KIND_EMAIL_WARNINGS:
      return read_email_warnings (self, object, info->json_name, error);
    default:
      g_assert_not_reached ();
    }
}

/**
 * hrm_user_new_from_json:
 * Builds a user from the API's user object, checking the type of every member.
 * Returns: (transfer full) (nullable): the user, or %NULL with @error set.
 */
HrmUser *
hrm_user_new_from_json (JsonObject  *object,
                        GError     **error)
{
  g_autoptr(HrmUser) self = hrm_user_new ();

  g_return_val_if_fail (object != NULL, NULL);

  for (guint i = 0; i < HRM_N_USER_FIELDS; i++)
    if (!read_field (self, object, i, error))
      return NULL;

  return g_steal_pointer (&self);
}

static void
add_connection (JsonBuilder *builder,
                HrmUser     *self)
{
  json_builder_begin_object (builder);
  hrm_json_builder_add_string (builder, "state", hrm_connection_state_to_string (self->connection_state));
  hrm_json_builder_add_string (builder, "email", self->connection_email);
  hrm_json_builder_add_datetime (builder, "verified_at", self->verified_at);
  hrm_json_builder_add_string (builder, "pending_email", self->pending_email);
  hrm_json_builder_add_datetime (builder, "sent_at", self->sent_at);
  hrm_json_builder_add_datetime (builder, "expires_at", self->expires_at);
  json_builder_set_member_name (builder, "expired");
  json_builder_add_boolean_value (builder, self->expired);
  hrm_json_builder_add_string (builder, "removal_scheduled_on", self->removal_scheduled_on);
  json_builder_set_member_name (builder, "delivery");
  if (self->delivery_state == NULL)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_object (builder);
      hrm_json_builder_add_string (builder, "state", self->delivery_state);
      hrm_json_builder_add_string (builder, "error", self->delivery_error);
      hrm_json_builder_add_datetime (builder, "at", self->delivery_at);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

/* email_warnings as the server writes it: one object per flag. */
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

/**
 * hrm_user_to_json:
 * The API's user object. The ETag is not part of it (it travels in a header).
 */
JsonNode *
hrm_user_to_json (HrmUser *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (HRM_IS_USER (self), NULL);

  json_builder_begin_object (builder);
  for (guint i = 0; i < HRM_N_USER_FIELDS; i++)
    {
      const HrmUserFieldInfo *info = hrm_user_field_get_info (i);

      switch (info->kind)
        {
        case HRM_USER_FIELD_KIND_INT:
          json_builder_set_member_name (builder, info->json_name);
          json_builder_add_int_value (builder, *(gint64 *) FIELD_P (self, i));
          break;
        case HRM_USER_FIELD_KIND_STRING:
          hrm_json_builder_add_string (builder, info->json_name, *(char **) FIELD_P (self, i));
          break;
        case HRM_USER_FIELD_KIND_BOOLEAN:
          json_builder_set_member_name (builder, info->json_name);
          json_builder_add_boolean_value (builder, *(gboolean *) FIELD_P (self, i));
          break;
        case HRM_USER_FIELD_KIND_DATETIME:
          hrm_json_builder_add_datetime (builder, info->json_name, *(GDateTime **) FIELD_P (self, i));
          break;
        case HRM_USER_FIELD_KIND_CONNECTION:
          json_builder_set_member_name (builder, info->json_name);
          add_connection (builder, self);
          break;
        case HRM_USER_FIELD_KIND_EMAIL_WARNINGS:
          json_builder_set_member_name (builder, info->json_name);
          add_email_warnings (builder, self->email_warnings);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
update_string (HrmUser     *self,
               char       **field,
               const char  *value,
               guint        prop)
{
  /* g_set_str() is GLib 2.76; Debian 12 has 2.74. */
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
update_datetime (HrmUser    *self,
                 GDateTime **field,
                 GDateTime  *value,
                 guint       prop)
{
  if (*field == value || (*field && value && g_date_time_equal (*field, value)))
    return;

  g_clear_pointer (field, g_date_time_unref);
  *field = value ? g_date_time_ref (value) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* Copies the connection's values from @other into @self, notifying each
 * property that changed. */
static void
update_connection (HrmUser *self,
                   HrmUser *other)
{
  if (self->connection_state != other->connection_state)
    {
      self->connection_state = other->connection_state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION_STATE]);
    }
  update_string (self, &self->connection_email, other->connection_email, PROP_CONNECTION_EMAIL);
  update_datetime (self, &self->verified_at, other->verified_at, PROP_VERIFIED_AT);
  update_string (self, &self->pending_email, other->pending_email, PROP_PENDING_EMAIL);
  update_datetime (self, &self->sent_at, other->sent_at, PROP_SENT_AT);
  update_datetime (self, &self->expires_at, other->expires_at, PROP_EXPIRES_AT);
  if (self->expired != other->expired)
    {
      self->expired = other->expired;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRED]);
    }
  update_string (self, &self->delivery_state, other->delivery_state, PROP_DELIVERY_STATE);
  update_string (self, &self->delivery_error, other->delivery_error, PROP_DELIVERY_ERROR);
  update_datetime (self, &self->delivery_at, other->delivery_at, PROP_DELIVERY_AT);
  update_string (self, &self->removal_scheduled_on, other->removal_scheduled_on,
                 PROP_REMOVAL_SCHEDULED_ON);
}

/* Copies one member of the user object from @other into @self. */
static void
update_field (HrmUser        *self,
              HrmUser        *other,
              HrmUserFieldId  field)
{
  guint prop = field_members[field].prop;

  switch (hrm_user_field_get_info (field)->kind)
    {
    case HRM_USER_FIELD_KIND_INT:
      if (*(gint64 *) FIELD_P (self, field) != *(gint64 *) FIELD_P (other, field))
        {
          *(gint64 *) FIELD_P (self, field) = *(gint64 *) FIELD_P (other, field);
          g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
        }
      break;
    case HRM_USER_FIELD_KIND_STRING:
      update_string (self, FIELD_P (self, field), *(char **) FIELD_P (other, field), prop);
      break;
    case HRM_USER_FIELD_KIND_BOOLEAN:
      if (*(gboolean *) FIELD_P (self, field) != *(gboolean *) FIELD_P (other, field))
        {
          *(gboolean *) FIELD_P (self, field) = *(gboolean *) FIELD_P (other, field);
          g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
        }
      break;
    case HRM_USER_FIELD_KIND_DATETIME:
      update_datetime (self, FIELD_P (self, field), *(GDateTime **) FIELD_P (other, field), prop);
      break;
    case HRM_USER_FIELD_KIND_CONNECTION:
      update_connection (self, other);
      break;
    case HRM_USER_FIELD_KIND_EMAIL_WARNINGS:
      if (self->email_warnings != other->email_warnings)
        {
          self->email_warnings = other->email_warnings;
          g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
        }
      break;
    default:
      g_assert_not_reached ();
    }
}

/**
 * hrm_user_update_from:
 * Copies @other's values into @self, notifying each property that changed.
 */
void
hrm_user_update_from (HrmUser *self,
                      HrmUser *other)
{
  gboolean name_changed;

  g_return_if_fail (HRM_IS_USER (self));
  g_return_if_fail (HRM_IS_USER (other));

  if (self == other)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  name_changed = g_strcmp0 (self->first_name, other->first_name) != 0
                 || g_strcmp0 (self->last_name, other->last_name) != 0;

  for (guint i = 0; i < HRM_N_USER_FIELDS; i++)
    update_field (self, other, i);
  if (name_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
  if (other->etag != NULL)
    update_string (self, &self->etag, other->etag, PROP_ETAG);

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * hrm_user_get_string:
 * The value of a string member of the user object (hrm-user-fields.c), as
 * the server sent it; %NULL for none. Lets a form walk the table of fields
 * instead of naming a getter per field.
 */
const char *
hrm_user_get_string (HrmUser        *self,
                     HrmUserFieldId  field)
{
  g_return_val_if_fail (HRM_IS_USER (self), NULL);
  g_return_val_if_fail (field < HRM_N_USER_FIELDS, NULL);
  g_return_val_if_fail (hrm_user_field_get_info (field)->kind == HRM_USER_FIELD_KIND_STRING, NULL);

  return *(char **) FIELD_P (self, field);
}

gint64 hrm_user_get_id (HrmUser *self) { g_return_val_if_fail (HRM_IS_USER (self), 0); return self->id; }

#define STRING_GETTER(field) \
  const char * \
  hrm_user_get_##field (HrmUser *self) \
  { \
    g_return_val_if_fail (HRM_IS_USER (self), NULL); \
    return self->field; \
  }

STRING_GETTER (user_id)
STRING_GETTER (alias_user_id)
STRING_GETTER (signature)
STRING_GETTER (card_tag_id)
STRING_GETTER (external_reference)
STRING_GETTER (first_name)
STRING_GETTER (last_name)
STRING_GETTER (email)
STRING_GETTER (connection_email)
STRING_GETTER (employment_end_date)
STRING_GETTER (removal_scheduled_on)
STRING_GETTER (pending_email)
STRING_GETTER (etag)

#undef STRING_GETTER

GDateTime *hrm_user_get_verified_at (HrmUser *self) { g_return_val_if_fail (HRM_IS_USER (self), NULL); return self->verified_at; }
GDateTime *hrm_user_get_sent_at (HrmUser *self) { g_return_val_if_fail (HRM_IS_USER (self), NULL); return self->sent_at; }
GDateTime *hrm_user_get_expires_at (HrmUser *self) { g_return_val_if_fail (HRM_IS_USER (self), NULL); return self->expires_at; }
guint hrm_user_get_email_warnings (HrmUser *self) { g_return_val_if_fail (HRM_IS_USER (self), 0); return self->email_warnings; }
GDateTime *hrm_user_get_updated_at (HrmUser *self) { g_return_val_if_fail (HRM_IS_USER (self), NULL); return self->updated_at; }
gboolean hrm_user_get_enabled (HrmUser *self) { g_return_val_if_fail (HRM_IS_USER (self), FALSE); return self->enabled; }

/**
 * hrm_user_get_delivery_state:
 * See HrmUser:delivery-state.
 */
const char *
hrm_user_get_delivery_state (HrmUser *self)
{
  g_return_val_if_fail (HRM_IS_USER (self), NULL);
  return self->delivery_state;
}

const char *
hrm_user_get_delivery_error (HrmUser *self)
{
  g_return_val_if_fail (HRM_IS_USER (self), NULL);
  return self->delivery_error;
}

GDateTime *
hrm_user_get_delivery_at (HrmUser *self)
{
  g_return_val_if_fail (HRM_IS_USER (self), NULL);
  return self->delivery_at;
}

/**
 * hrm_user_get_expired:
 * Whether the user is pending and its verification link had expired when the
 * server answered. The user's state stays %HRM_CONNECTION_PENDING.
 */
gboolean
hrm_user_get_expired (HrmUser *self)
{
  g_return_val_if_fail (HRM_IS_USER (self), FALSE);
  return self->expired;
}

HrmConnectionState
hrm_user_get_connection_state (HrmUser *self)
{
  g_return_val_if_fail (HRM_IS_USER (self), HRM_CONNECTION_NOT_LINKED);
  return self->connection_state;
}

/**
 * hrm_user_dup_display_name:
 * "First Last", or the User-ID when the user has no name.
 */
char *
hrm_user_dup_display_name (HrmUser *self)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (HRM_IS_USER (self), NULL);

  name = g_strstrip (g_strdup_printf ("%s %s", self->first_name ? self->first_name : "",
                                      self->last_name ? self->last_name : ""));
  if (name[0] == '\0')
    return g_strdup (self->user_id ? self->user_id : "");

  return g_steal_pointer (&name);
}

gboolean
hrm_user_is_pending_expired (HrmUser   *self,
                             GDateTime *now)
{
  g_return_val_if_fail (HRM_IS_USER (self), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  return self->connection_state == HRM_CONNECTION_PENDING
         && self->expires_at != NULL
         && g_date_time_compare (self->expires_at, now) <= 0;
}

void
hrm_user_set_etag (HrmUser    *self,
                   const char *etag)
{
  g_return_if_fail (HRM_IS_USER (self));
  update_string (self, &self->etag, etag, PROP_ETAG);
}
