/* hrm-user-list.c — a GListModel over GET /api/v1/users that pages in lazily
 *
 * The model's length is the server's total as soon as the first page arrives,
 * so a list view's scrollbar is right from the start; rows not fetched yet are
 * placeholders (an HrmUser with id 0). Asking for a row near the end of what
 * has been fetched schedules the next page (keyset cursor, 100 rows a page) from
 * an idle callback: at most one request is in flight, never one per row, and
 * items-changed is never emitted from inside get_item().
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-user-list"

#include "hrm-user-list.h"

#define PAGE_SIZE 100
/* Fetch the next page when a row this close to the end of the loaded range is asked for. */
#define PREFETCH_ROWS 30

struct _HrmUserList
{
  GObject              parent_instance;

  /* owned */
  HrmClient           *client;
  char                *query;
  HrmConnectionFilter  connection_filter;
  HrmEnabledFilter     enabled_filter;
  GPtrArray           *items;        /* (element-type HrmUser): loaded users, then placeholders or NULL */
  char                *next_cursor;  /* NULL when the last page is in */
  GCancellable        *cancellable;  /* of the request in flight */
  GError              *error;

  /* state */
  guint                loaded;       /* rows [0, loaded) are real users */
  guint                total;
  guint                wanted;       /* one past the furthest row asked for */
  guint                idle_id;
  gboolean             loading;
  gboolean             restarting;   /* the first page of a new query is on its way */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HrmUserList, hrm_user_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_QUERY,
  PROP_CONNECTION_FILTER,
  PROP_ENABLED_FILTER,
  PROP_TOTAL,
  PROP_LOADING,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void fetch_page (HrmUserList *self);

/* ---- GListModel ---------------------------------------------------------- */

static GType
hrm_user_list_get_item_type (GListModel *model)
{
  return HRM_TYPE_USER;
}

static guint
hrm_user_list_get_n_items (GListModel *model)
{
  return HRM_USER_LIST (model)->items->len;
}

static gboolean
fetch_next_idle (gpointer user_data)
{
  HrmUserList *self = user_data;

  self->idle_id = 0;
  if (!self->loading && self->next_cursor != NULL && self->error == NULL)
    fetch_page (self);

  return G_SOURCE_REMOVE;
}

static void
maybe_fetch_next (HrmUserList *self)
{
  if (self->loading || self->restarting || self->idle_id != 0 || self->error != NULL
      || self->next_cursor == NULL)
    return;

  if (self->wanted + PREFETCH_ROWS <= self->loaded)
    return;

  self->idle_id = g_idle_add (fetch_next_idle, self);
}

static gpointer
hrm_user_list_get_item (GListModel *model,
                        guint       position)
{
  HrmUserList *self = HRM_USER_LIST (model);
  HrmUser *user;

  if (position >= self->items->len)
    return NULL;

  self->wanted = MAX (self->wanted, position + 1);
  maybe_fetch_next (self);

  user = g_ptr_array_index (self->items, position);
  if (user == NULL)
    {
      user = hrm_user_new ();
      g_ptr_array_index (self->items, position) = user;
    }

  return g_object_ref (user);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = hrm_user_list_get_item_type;
  iface->get_n_items = hrm_user_list_get_n_items;
  iface->get_item = hrm_user_list_get_item;
}

/* ---- paging -------------------------------------------------------------- */

static void
set_loading (HrmUserList *self,
             gboolean     loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_error (HrmUserList  *self,
           const GError *error)
{
  if (self->error == NULL && error == NULL)
    return;

  g_clear_error (&self->error);
  self->error = error ? g_error_copy (error) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_total (HrmUserList *self,
           guint        total)
{
  if (self->total == total)
    return;

  self->total = total;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
}

static void
clear_slot (gpointer data)
{
  if (data != NULL)
    g_object_unref (data);
}

static void
on_page (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(HrmUserList) self = user_data;
  g_autoptr(HrmUsersPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gboolean was_restarting;
  guint old_n, first, k, new_n;

  page = hrm_client_list_users_finish (HRM_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  old_n = self->items->len;

  if (page == NULL)
    {
      g_debug ("Loading users failed: %s", error->message);
      if (self->restarting)
        {
          self->restarting = FALSE;
          self->loaded = 0;
          g_ptr_array_set_size (self->items, 0);
          if (old_n != 0)
            g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
          set_total (self, 0);
        }
      set_error (self, error);
      set_loading (self, FALSE);
      return;
    }

  was_restarting = self->restarting;
  if (self->restarting)
    {
      self->restarting = FALSE;
      self->loaded = 0;
      g_ptr_array_set_size (self->items, 0);
    }

  first = self->loaded;
  k = page->items->len;
  g_free (self->next_cursor);
  /* An empty page cannot lead anywhere: treat it as the end. */
  self->next_cursor = k > 0 ? g_steal_pointer (&page->next_cursor) : NULL;

  if (self->items->len < first + k)
    g_ptr_array_set_size (self->items, first + k);
  for (guint i = 0; i < k; i++)
    {
      clear_slot (g_ptr_array_index (self->items, first + i));
      g_ptr_array_index (self->items, first + i) = g_object_ref (g_ptr_array_index (page->items, i));
    }
  self->loaded = first + k;

  /* While more pages follow, the server's total sizes the model (at least one more row). */
  new_n = self->next_cursor == NULL ? self->loaded : MAX (page->total, self->loaded + 1);
  g_ptr_array_set_size (self->items, new_n);

  g_debug ("Loaded %u users (%u of %u)", k, self->loaded, page->total);

  if (was_restarting)
    {
      if (old_n != 0 || new_n != 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, new_n);
    }
  else if (old_n == new_n)
    g_list_model_items_changed (G_LIST_MODEL (self), first, k, k);
  else
    g_list_model_items_changed (G_LIST_MODEL (self), first, old_n - first, new_n - first);

  set_total (self, self->next_cursor == NULL ? self->loaded : page->total);
  set_error (self, NULL);
  set_loading (self, FALSE);

  maybe_fetch_next (self);
}

static void
fetch_page (HrmUserList *self)
{
  g_assert (self->cancellable == NULL);

  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  hrm_client_list_users_async (self->client, self->query, self->connection_filter,
                               self->enabled_filter, self->restarting ? NULL : self->next_cursor,
                               PAGE_SIZE, self->cancellable, on_page, g_object_ref (self));
}

/* Starts over from the first page. The rows already shown stay until it arrives. */
static void
restart (HrmUserList *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_pointer (&self->next_cursor, g_free);
  set_error (self, NULL);

  self->restarting = TRUE;
  self->wanted = 0;
  fetch_page (self);
}

/* ---- GObject ------------------------------------------------------------- */

static void
hrm_user_list_constructed (GObject *object)
{
  HrmUserList *self = HRM_USER_LIST (object);

  G_OBJECT_CLASS (hrm_user_list_parent_class)->constructed (object);

  g_assert (HRM_IS_CLIENT (self->client));
  restart (self);
}

static void
hrm_user_list_dispose (GObject *object)
{
  HrmUserList *self = (HrmUserList *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (hrm_user_list_parent_class)->dispose (object);
}

static void
hrm_user_list_finalize (GObject *object)
{
  HrmUserList *self = (HrmUserList *)object;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->next_cursor, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (hrm_user_list_parent_class)->finalize (object);
}

static void
hrm_user_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HrmUserList *self = HRM_USER_LIST (object);

  switch (prop_id)
    {
    case PROP_CLIENT: g_value_set_object (value, self->client); break;
    case PROP_QUERY: g_value_set_string (value, self->query); break;
    case PROP_CONNECTION_FILTER: g_value_set_enum (value, self->connection_filter); break;
    case PROP_ENABLED_FILTER: g_value_set_enum (value, self->enabled_filter); break;
    case PROP_TOTAL: g_value_set_uint (value, self->total); break;
    case PROP_LOADING: g_value_set_boolean (value, self->loading); break;
    case PROP_ERROR: g_value_set_boxed (value, self->error); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hrm_user_list_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  HrmUserList *self = HRM_USER_LIST (object);

  switch (prop_id)
    {
    case PROP_CLIENT: self->client = g_value_dup_object (value); break;
    case PROP_QUERY: hrm_user_list_set_query (self, g_value_get_string (value)); break;
    case PROP_CONNECTION_FILTER: hrm_user_list_set_connection_filter (self, g_value_get_enum (value)); break;
    case PROP_ENABLED_FILTER: hrm_user_list_set_enabled_filter (self, g_value_get_enum (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hrm_user_list_class_init (HrmUserListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = hrm_user_list_constructed;
  object_class->dispose = hrm_user_list_dispose;
  object_class->finalize = hrm_user_list_finalize;
  object_class->get_property = hrm_user_list_get_property;
  object_class->set_property = hrm_user_list_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, HRM_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUERY] =
    g_param_spec_string ("query", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTION_FILTER] =
    g_param_spec_enum ("connection-filter", NULL, NULL, HRM_TYPE_CONNECTION_FILTER,
                       HRM_CONNECTION_FILTER_ALL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENABLED_FILTER] =
    g_param_spec_enum ("enabled-filter", NULL, NULL, HRM_TYPE_ENABLED_FILTER,
                       HRM_ENABLED_FILTER_ALL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL] =
    g_param_spec_uint ("total", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hrm_user_list_init (HrmUserList *self)
{
  self->items = g_ptr_array_new_with_free_func (clear_slot);
}

/* ---- public -------------------------------------------------------------- */

HrmUserList *
hrm_user_list_new (HrmClient *client)
{
  g_return_val_if_fail (HRM_IS_CLIENT (client), NULL);

  return g_object_new (HRM_TYPE_USER_LIST, "client", client, NULL);
}

void
hrm_user_list_set_query (HrmUserList *self,
                         const char  *query)
{
  g_return_if_fail (HRM_IS_USER_LIST (self));

  if (query != NULL && query[0] == '\0')
    query = NULL;

  if (g_strcmp0 (self->query, query) == 0)
    return;

  g_free (self->query);
  self->query = g_strdup (query);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);

  if (self->client != NULL)
    restart (self);
}

const char *
hrm_user_list_get_query (HrmUserList *self)
{
  g_return_val_if_fail (HRM_IS_USER_LIST (self), NULL);
  return self->query;
}

void
hrm_user_list_set_connection_filter (HrmUserList         *self,
                                     HrmConnectionFilter  filter)
{
  g_return_if_fail (HRM_IS_USER_LIST (self));
  g_return_if_fail (filter <= HRM_CONNECTION_FILTER_LINKED);

  if (self->connection_filter == filter)
    return;

  self->connection_filter = filter;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION_FILTER]);

  if (self->client != NULL)
    restart (self);
}

HrmConnectionFilter
hrm_user_list_get_connection_filter (HrmUserList *self)
{
  g_return_val_if_fail (HRM_IS_USER_LIST (self), HRM_CONNECTION_FILTER_ALL);
  return self->connection_filter;
}

void
hrm_user_list_set_enabled_filter (HrmUserList      *self,
                                  HrmEnabledFilter  filter)
{
  g_return_if_fail (HRM_IS_USER_LIST (self));
  g_return_if_fail (filter <= HRM_ENABLED_FILTER_DISABLED);

  if (self->enabled_filter == filter)
    return;

  self->enabled_filter = filter;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED_FILTER]);

  if (self->client != NULL)
    restart (self);
}

HrmEnabledFilter
hrm_user_list_get_enabled_filter (HrmUserList *self)
{
  g_return_val_if_fail (HRM_IS_USER_LIST (self), HRM_ENABLED_FILTER_ALL);
  return self->enabled_filter;
}

guint
hrm_user_list_get_total (HrmUserList *self)
{
  g_return_val_if_fail (HRM_IS_USER_LIST (self), 0);
  return self->total;
}

gboolean
hrm_user_list_get_loading (HrmUserList *self)
{
  g_return_val_if_fail (HRM_IS_USER_LIST (self), FALSE);
  return self->loading;
}

const GError *
hrm_user_list_get_error (HrmUserList *self)
{
  g_return_val_if_fail (HRM_IS_USER_LIST (self), NULL);
  return self->error;
}

void
hrm_user_list_reload (HrmUserList *self)
{
  g_return_if_fail (HRM_IS_USER_LIST (self));
  restart (self);
}

void
hrm_user_list_update_user (HrmUserList *self,
                           HrmUser     *user)
{
  g_return_if_fail (HRM_IS_USER_LIST (self));
  g_return_if_fail (HRM_IS_USER (user));

  for (guint i = 0; i < self->loaded; i++)
    {
      HrmUser *row = g_ptr_array_index (self->items, i);

      if (hrm_user_get_id (row) == hrm_user_get_id (user))
        {
          hrm_user_update_from (row, user);
          return;
        }
    }
}
