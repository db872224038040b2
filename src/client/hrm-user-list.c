/* hrm-user-list.c — a GListModel over GET /api/v1/users that pages in lazily
 *
 * The model's length is the server's total as soon as the first page arrives,
 * so a list view's scrollbar is right from the start; rows not fetched yet are
 * placeholders (an HrmUser with id 0). Rows are fetched in pages of 100 by
 * position, kept in a sparse cache: a row asked for in a page that is not
 * there makes that page wanted. From an idle callback (never from inside
 * get_item(), which must not emit items-changed) the most recently wanted page
 * is fetched: continuing with the keyset cursor when the page before it is
 * loaded, else directly by offset= (a scrollbar dragged to the middle of
 * 100 000 users shows that page after one request, not after walking 500).
 * At most two requests are in flight and only the last few wanted pages are
 * remembered, so a fast scroll does not queue a request for every page it
 * passes; never one request per row.
 *
 * A row's object stays the same while its page comes and goes: a placeholder
 * handed out is filled in place (hrm_user_update_from) when its page
 * arrives, so a list view keeps the row widget bound to it and only its
 * labels change (GTK 4.8 builds a new row widget for every position in an
 * items-changed range). Only MAX_PAGES pages are kept: when another arrives
 * the loaded pages farthest from it are forgotten, except the objects someone
 * else still holds (a bound row, the user page); their ids stay for
 * hrm_user_list_dup_loaded_ids(), and the page is fetched again when a row
 * of it is asked for.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-user-list"

#include "hrm-user-list.h"

#define PAGE_SIZE 100
/* Want the next page too when a row this close to the end of its page is asked for. */
#define PREFETCH_ROWS 30
#define MAX_IN_FLIGHT 2
/* Wanted pages remembered (the rows a view shows span two pages at most). */
#define MAX_WANTS 4
/* Pages of users kept (the memory budget: about 1 MiB of users); page 0 always stays. */
#define MAX_PAGES 20

typedef struct
{
  HrmUserList  *self;         /* owned */
  GCancellable *cancellable;  /* owned */
  guint         page;
  guint         generation;
} PageRequest;

struct _HrmUserList
{
  GObject              parent_instance;

  /* owned */
  HrmClient           *client;
  char                *query;
  HrmConnectionFilter  connection_filter;
  HrmEnabledFilter     enabled_filter;
  gboolean             started;      /* constructed: a new query or filter starts over */
  GPtrArray           *items;        /* (element-type HrmUser): users, placeholders or NULL */
  GArray              *loaded;       /* (element-type gboolean) per page: its users are in items */
  GPtrArray           *end_cursors;  /* per page: next_cursor after it, or NULL */
  GPtrArray           *evicted_ids;  /* per page: (element-type gint64) GArray of a forgotten page, or NULL */
  GArray              *wants;        /* (element-type guint): pages wanted, most recent first */
  GPtrArray           *requests;     /* (element-type PageRequest): in flight, borrowed */
  GError              *error;
  HrmUser             *held;         /* shown elsewhere: never turned into another user */
  HrmUsersPage        *first_page;   /* read elsewhere, until constructed starts from it */

  /* state */
  guint                total;
  guint                generation;   /* bumped by every restart */
  guint                idle_id;
  guint                n_requests;   /* made so far, for tests */
  guint                n_loaded;     /* pages loaded */
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
  PROP_FIRST_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void fetch_wanted (HrmUserList *self);

static gboolean
page_is_loaded (HrmUserList *self,
                guint        page)
{
  return page < self->loaded->len && g_array_index (self->loaded, gboolean, page);
}

static gboolean
page_in_flight (HrmUserList *self,
                guint        page)
{
  for (guint i = 0; i < self->requests->len; i++)
    {
      PageRequest *request = g_ptr_array_index (self->requests, i);

      if (request->page == page)
        return TRUE;
    }
  return FALSE;
}

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
fetch_idle (gpointer user_data)
{
  HrmUserList *self = user_data;

  self->idle_id = 0;
  fetch_wanted (self);

  return G_SOURCE_REMOVE;
}

/* Remembers that @page is wanted: first (the row a view shows now) when
 * @urgent, else after the others (read-ahead). The oldest wants drop out. */
static void
want_page (HrmUserList *self,
           guint        page,
           gboolean     urgent)
{
  if (self->restarting || self->error != NULL || page_is_loaded (self, page)
      || page_in_flight (self, page) || (guint64) page * PAGE_SIZE >= self->items->len)
    return;

  for (guint i = 0; i < self->wants->len; i++)
    if (g_array_index (self->wants, guint, i) == page)
      {
        if (!urgent || i == 0)
          return;
        g_array_remove_index (self->wants, i);
        break;
      }

  if (urgent)
    g_array_prepend_val (self->wants, page);
  else
    g_array_append_val (self->wants, page);
  if (self->wants->len > MAX_WANTS)
    g_array_set_size (self->wants, MAX_WANTS);

  if (self->idle_id == 0)
    self->idle_id = g_idle_add (fetch_idle, self);
}

static gpointer
hrm_user_list_get_item (GListModel *model,
                        guint       position)
{
  HrmUserList *self = HRM_USER_LIST (model);
  guint page = position / PAGE_SIZE;
  HrmUser *user;

  if (position >= self->items->len)
    return NULL;

  if (!page_is_loaded (self, page))
    want_page (self, page, TRUE);
  else if (position % PAGE_SIZE >= PAGE_SIZE - PREFETCH_ROWS)
    want_page (self, page + 1, FALSE);

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
clear_ids (gpointer data)
{
  if (data != NULL)
    g_array_unref (data);
}

static void
page_request_free (PageRequest *request)
{
  g_clear_object (&request->cancellable);
  g_clear_object (&request->self);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PageRequest, page_request_free)

/* Sizes the model to @n rows (the cache of pages follows), without signals. */
static void
resize (HrmUserList *self,
        guint        n)
{
  guint pages = (n + PAGE_SIZE - 1) / PAGE_SIZE;

  for (guint p = pages; p < self->loaded->len; p++)
    if (g_array_index (self->loaded, gboolean, p))
      self->n_loaded--;
  g_ptr_array_set_size (self->items, n);
  g_array_set_size (self->loaded, pages);
  g_ptr_array_set_size (self->end_cursors, pages);
  g_ptr_array_set_size (self->evicted_ids, pages);
}

static void
forget_pages (HrmUserList *self)
{
  g_ptr_array_set_size (self->items, 0);
  g_array_set_size (self->loaded, 0);
  g_ptr_array_set_size (self->end_cursors, 0);
  g_ptr_array_set_size (self->evicted_ids, 0);
  g_array_set_size (self->wants, 0);
  self->n_loaded = 0;
}

/* Forgets the users of @page_index, but for the objects held elsewhere (a
 * row bound to one still shows it; the user page refreshes its own). */
static void
evict_page (HrmUserList *self,
            guint        page_index)
{
  guint first = page_index * PAGE_SIZE;
  guint last = MIN (first + PAGE_SIZE, self->items->len);
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), last - first);

  for (guint i = first; i < last; i++)
    {
      HrmUser *user = g_ptr_array_index (self->items, i);
      gint64 id;

      if (user == NULL)
        continue;
      id = hrm_user_get_id (user);
      if (id != 0)
        g_array_append_val (ids, id);
      if (g_atomic_int_get (&G_OBJECT (user)->ref_count) == 1)
        {
          g_object_unref (user);
          g_ptr_array_index (self->items, i) = NULL;
        }
    }
  g_array_index (self->loaded, gboolean, page_index) = FALSE;
  self->n_loaded--;
  g_clear_pointer (&g_ptr_array_index (self->evicted_ids, page_index), g_array_unref);
  g_ptr_array_index (self->evicted_ids, page_index) = ids;
}

/* Keeps at most MAX_PAGES pages: forgets those farthest from @near first. */
static void
evict_far_pages (HrmUserList *self,
                 guint        near)
{
  while (self->n_loaded > MAX_PAGES)
    {
      guint farthest = 0, distance = 0;

      for (guint p = 1; p < self->loaded->len; p++)
        {
          guint d = p > near ? p - near : near - p;

          if (g_array_index (self->loaded, gboolean, p) && d > distance)
            {
              farthest = p;
              distance = d;
            }
        }
      if (farthest == 0)
        break;
      g_debug ("Forgetting the users at %u", farthest * PAGE_SIZE);
      evict_page (self, farthest);
    }
}

/* Puts @page's users in place; sizes the model by what the server says. */
static void
store_page (HrmUserList  *self,
            guint         page_index,
            HrmUsersPage *page)
{
  guint first = page_index * PAGE_SIZE;
  guint k = page->items->len;
  guint old_n = self->items->len;
  guint new_n;

  /* After the last page the list ends where it does; before it, the server's
   * total sizes the model (at least one more row). */
  new_n = page->next_cursor == NULL || k == 0 ? first + k : MAX (page->total, first + k + 1);

  if (new_n > old_n)
    {
      resize (self, new_n);
      g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, new_n - old_n);
    }
  else if (new_n < old_n)
    {
      resize (self, new_n);
      g_list_model_items_changed (G_LIST_MODEL (self), new_n, old_n - new_n, 0);
    }

  if (k == 0)
    return;

  /* Rows nobody has asked for, placeholders and the same users kept from an
   * evicted page take their user without items-changed: a bound row widget
   * follows its object. Only a row that now holds another user is changed. */
  for (guint i = 0; i < k; i++)
    {
      HrmUser *user = g_ptr_array_index (page->items, i);
      HrmUser *slot = g_ptr_array_index (self->items, first + i);

      if (slot == NULL)
        g_ptr_array_index (self->items, first + i) = g_object_ref (user);
      else if (hrm_user_get_id (slot) == 0 || hrm_user_get_id (slot) == hrm_user_get_id (user))
        hrm_user_update_from (slot, user);
      else
        {
          g_ptr_array_index (self->items, first + i) = g_object_ref (user);
          g_object_unref (slot);
          g_list_model_items_changed (G_LIST_MODEL (self), first + i, 1, 1);
        }
    }
  if (!g_array_index (self->loaded, gboolean, page_index))
    self->n_loaded++;
  g_array_index (self->loaded, gboolean, page_index) = TRUE;
  g_clear_pointer (&g_ptr_array_index (self->evicted_ids, page_index), g_array_unref);
  g_free (g_ptr_array_index (self->end_cursors, page_index));
  g_ptr_array_index (self->end_cursors, page_index) = g_steal_pointer (&page->next_cursor);

  evict_far_pages (self, page_index);
}

static gboolean
held_elsewhere (HrmUserList *self,
                HrmUser     *user)
{
  return g_atomic_int_get (&G_OBJECT (user)->ref_count) > 1;
}

/* A new query's first page: the rows become the new users in place wherever
 * that is safe, so a list view keeps its row widgets (it has up to 200 of
 * them, each built from a template) and only their labels change:
 *  - an object nobody else holds is simply dropped or replaced (no one can
 *    tell, so no items-changed);
 *  - an object bound to a row becomes the new user at its position, or a
 *    placeholder past the first page (its page is wanted, it fills in place);
 *  - the held user (the user page shows it, hrm_user_list_hold_user()) is
 *    never turned into someone else: its position gets a new object and
 *    items-changed, as does every position the length change adds or drops. */
static void
replace_all (HrmUserList  *self,
             HrmUsersPage *page)
{
  guint k = page->items->len;
  guint new_n = page->next_cursor == NULL ? k : MAX (page->total, k + 1);
  guint old_n = self->items->len;
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) refill = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(HrmUser) blank = NULL;

  g_array_set_size (self->wants, 0);
  g_array_set_size (self->loaded, 0);
  g_ptr_array_set_size (self->end_cursors, 0);
  g_ptr_array_set_size (self->evicted_ids, 0);
  self->n_loaded = 0;

  for (guint i = 0; i < MIN (old_n, new_n); i++)
    {
      HrmUser *slot = g_ptr_array_index (self->items, i);
      HrmUser *user = i < k ? g_ptr_array_index (page->items, i) : NULL;

      if (slot == NULL)
        {
          g_ptr_array_index (self->items, i) = user ? g_object_ref (user) : NULL;
        }
      else if (user != NULL && hrm_user_get_id (slot) == hrm_user_get_id (user))
        {
          hrm_user_update_from (slot, user);
        }
      else if (!held_elsewhere (self, slot))
        {
          g_ptr_array_index (self->items, i) = user ? g_object_ref (user) : NULL;
          g_object_unref (slot);
        }
      else if (slot == self->held)
        {
          g_ptr_array_index (self->items, i) = user ? g_object_ref (user) : NULL;
          g_object_unref (slot);
          g_array_append_val (changed, i);
        }
      else if (user != NULL)
        {
          hrm_user_update_from (slot, user);
        }
      else if (hrm_user_get_id (slot) != 0)
        {
          if (blank == NULL)
            blank = hrm_user_new ();
          hrm_user_update_from (slot, blank);
          g_array_append_val (refill, i);
        }
      else
        g_array_append_val (refill, i);
    }

  /* The rows past the old end, and the cache's size. */
  resize (self, new_n);
  for (guint i = old_n; i < k; i++)
    g_ptr_array_index (self->items, i) = g_object_ref (g_ptr_array_index (page->items, i));
  if (k > 0)
    {
      g_array_index (self->loaded, gboolean, 0) = TRUE;
      self->n_loaded = 1;
      g_ptr_array_index (self->end_cursors, 0) = g_steal_pointer (&page->next_cursor);
    }

  if (new_n < old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), new_n, old_n - new_n, 0);
  else if (new_n > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, new_n - old_n);
  for (guint i = 0; i < changed->len; i++)
    {
      guint position = g_array_index (changed, guint, i);

      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
    }

  /* Rows showing a placeholder now: their pages, as a view would ask. */
  for (guint i = 0; i < refill->len; i++)
    want_page (self, g_array_index (refill, guint, i) / PAGE_SIZE, FALSE);
}

static void
on_page (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(PageRequest) request = user_data;
  HrmUserList *self = request->self;
  g_autoptr(HrmUsersPage) page = NULL;
  g_autoptr(GError) error = NULL;
  guint old_n;

  page = hrm_client_list_users_finish (HRM_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || request->generation != self->generation)
    return;

  g_ptr_array_remove_fast (self->requests, request);
  old_n = self->items->len;

  if (page == NULL)
    {
      g_debug ("Loading users failed: %s", error->message);
      if (self->restarting)
        {
          self->restarting = FALSE;
          forget_pages (self);
          if (old_n != 0)
            g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
          set_total (self, 0);
        }
      g_array_set_size (self->wants, 0);
      set_error (self, error);
      set_loading (self, self->requests->len > 0);
      return;
    }

  g_debug ("Loaded %u users at %u of %u", page->items->len, request->page * PAGE_SIZE,
           page->total);

  if (self->restarting)
    {
      self->restarting = FALSE;
      replace_all (self, page);
    }
  else
    store_page (self, request->page, page);

  set_total (self, self->items->len);
  set_error (self, NULL);
  set_loading (self, self->requests->len > 0);

  fetch_wanted (self);
}

static void
start_request (HrmUserList *self,
               guint        page)
{
  PageRequest *request = g_new0 (PageRequest, 1);
  const char *cursor = NULL;

  request->self = g_object_ref (self);
  request->cancellable = g_cancellable_new ();
  request->page = page;
  request->generation = self->generation;
  g_ptr_array_add (self->requests, request);
  self->n_requests++;
  set_loading (self, TRUE);

  if (page > 0 && page - 1 < self->end_cursors->len)
    cursor = g_ptr_array_index (self->end_cursors, page - 1);

  g_debug ("Fetching users at %u (%s)", page * PAGE_SIZE, page == 0 ? "first page"
           : cursor != NULL ? "cursor" : "offset");
  if (page == 0 || cursor != NULL)
    hrm_client_list_users_async (self->client, self->query, self->connection_filter,
                                 self->enabled_filter, cursor, PAGE_SIZE, request->cancellable,
                                 on_page, request);
  else
    hrm_client_list_users_at_async (self->client, self->query, self->connection_filter,
                                    self->enabled_filter, page * PAGE_SIZE, PAGE_SIZE,
                                    request->cancellable, on_page, request);
}

/* Starts requests for the most recently wanted pages, as far as the limit of
 * requests in flight allows. */
static void
fetch_wanted (HrmUserList *self)
{
  while (self->requests->len < MAX_IN_FLIGHT && self->wants->len > 0
         && !self->restarting && self->error == NULL)
    {
      guint page = g_array_index (self->wants, guint, 0);

      g_array_remove_index (self->wants, 0);
      if (page_is_loaded (self, page) || page_in_flight (self, page)
          || (guint64) page * PAGE_SIZE >= self->items->len)
        continue;
      start_request (self, page);
    }
}

static void
cancel_requests (HrmUserList *self)
{
  for (guint i = 0; i < self->requests->len; i++)
    {
      PageRequest *request = g_ptr_array_index (self->requests, i);

      g_cancellable_cancel (request->cancellable);
    }
  g_ptr_array_set_size (self->requests, 0);
}

/* Starts over from the first page. The rows already shown stay until it arrives. */
static void
restart (HrmUserList *self)
{
  self->generation++;
  cancel_requests (self);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_array_set_size (self->wants, 0);
  set_error (self, NULL);

  self->restarting = TRUE;
  start_request (self, 0);
}

/* ---- GObject ------------------------------------------------------------- */

static void
hrm_user_list_constructed (GObject *object)
{
  HrmUserList *self = HRM_USER_LIST (object);

  G_OBJECT_CLASS (hrm_user_list_parent_class)->constructed (object);

  g_assert (HRM_IS_CLIENT (self->client));
  self->started = TRUE;
  if (self->first_page != NULL)
    {
      g_autoptr(HrmUsersPage) page = g_steal_pointer (&self->first_page);

      /* As if its request had just answered. */
      replace_all (self, page);
      set_total (self, self->items->len);
      return;
    }
  restart (self);
}

static void
hrm_user_list_dispose (GObject *object)
{
  HrmUserList *self = (HrmUserList *)object;

  self->generation++;
  if (self->requests != NULL)
    cancel_requests (self);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (hrm_user_list_parent_class)->dispose (object);
}

static void
hrm_user_list_finalize (GObject *object)
{
  HrmUserList *self = (HrmUserList *)object;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->loaded, g_array_unref);
  g_clear_pointer (&self->end_cursors, g_ptr_array_unref);
  g_clear_pointer (&self->evicted_ids, g_ptr_array_unref);
  g_clear_pointer (&self->wants, g_array_unref);
  g_clear_pointer (&self->requests, g_ptr_array_unref);
  g_clear_pointer (&self->query, g_free);
  g_clear_error (&self->error);
  g_clear_object (&self->held);

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
    case PROP_FIRST_PAGE: self->first_page = g_value_get_pointer (value); break;
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
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  properties[PROP_ENABLED_FILTER] =
    g_param_spec_enum ("enabled-filter", NULL, NULL, HRM_TYPE_ENABLED_FILTER,
                       HRM_ENABLED_FILTER_ALL,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL] =
    g_param_spec_uint ("total", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* (transfer full): hrm_user_list_new_from_first_page() */
  properties[PROP_FIRST_PAGE] =
    g_param_spec_pointer ("first-page", NULL, NULL,
                          G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hrm_user_list_init (HrmUserList *self)
{
  self->items = g_ptr_array_new_with_free_func (clear_slot);
  self->loaded = g_array_new (FALSE, TRUE, sizeof (gboolean));
  self->end_cursors = g_ptr_array_new_with_free_func (g_free);
  self->evicted_ids = g_ptr_array_new_with_free_func (clear_ids);
  self->wants = g_array_new (FALSE, FALSE, sizeof (guint));
  self->requests = g_ptr_array_new ();
}

/* ---- public -------------------------------------------------------------- */

/**
 * hrm_user_list_fetch_first_page_async:
 * Reads the first page of the list hrm_user_list_new_filtered() would make,
 * with @client, which may be another than the list's: the session resume
 * reads it in its thread while the window is built, and the window's list
 * starts from it (hrm_user_list_new_from_first_page()).
 */
void
hrm_user_list_fetch_first_page_async (HrmClient           *client,
                                      HrmConnectionFilter  connection_filter,
                                      HrmEnabledFilter     enabled_filter,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (HRM_IS_CLIENT (client));

  hrm_client_list_users_async (client, NULL, connection_filter, enabled_filter, NULL, PAGE_SIZE,
                               cancellable, callback, user_data);
}

HrmUsersPage *
hrm_user_list_fetch_first_page_finish (HrmClient     *client,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return hrm_client_list_users_finish (client, result, error);
}

/**
 * hrm_user_list_new_from_first_page:
 * @page: (transfer full): from hrm_user_list_fetch_first_page_finish() with
 *   the same filters
 * A list of @client's users that starts with @page, without asking for it.
 */
HrmUserList *
hrm_user_list_new_from_first_page (HrmClient           *client,
                                   HrmConnectionFilter  connection_filter,
                                   HrmEnabledFilter     enabled_filter,
                                   HrmUsersPage        *page)
{
  g_return_val_if_fail (HRM_IS_CLIENT (client), NULL);
  g_return_val_if_fail (connection_filter <= HRM_CONNECTION_FILTER_LINKED_PRIVATE, NULL);
  g_return_val_if_fail (enabled_filter <= HRM_ENABLED_FILTER_DISABLED, NULL);
  g_return_val_if_fail (page != NULL, NULL);

  return g_object_new (HRM_TYPE_USER_LIST,
                       "client", client,
                       "connection-filter", connection_filter,
                       "enabled-filter", enabled_filter,
                       "first-page", page,
                       NULL);
}

HrmUserList *
hrm_user_list_new (HrmClient *client)
{
  g_return_val_if_fail (HRM_IS_CLIENT (client), NULL);

  return g_object_new (HRM_TYPE_USER_LIST, "client", client, NULL);
}

/* The same, listing only the users that pass the filters from the start. */
HrmUserList *
hrm_user_list_new_filtered (HrmClient           *client,
                            HrmConnectionFilter  connection_filter,
                            HrmEnabledFilter     enabled_filter)
{
  g_return_val_if_fail (HRM_IS_CLIENT (client), NULL);
  g_return_val_if_fail (connection_filter <= HRM_CONNECTION_FILTER_LINKED_PRIVATE, NULL);
  g_return_val_if_fail (enabled_filter <= HRM_ENABLED_FILTER_DISABLED, NULL);

  return g_object_new (HRM_TYPE_USER_LIST,
                       "client", client,
                       "connection-filter", connection_filter,
                       "enabled-filter", enabled_filter,
                       NULL);
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

  if (self->started)
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
  g_return_if_fail (filter <= HRM_CONNECTION_FILTER_LINKED_PRIVATE);

  if (self->connection_filter == filter)
    return;

  self->connection_filter = filter;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION_FILTER]);

  if (self->started)
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

  if (self->started)
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

/**
 * hrm_user_list_dup_loaded_ids:
 * The ids of the users whose pages have arrived, in the list's order
 * ("select all" of what the administrator has seen). Unlike get_item() it
 * never wants a page: it makes no request.
 * Returns: (transfer full) (element-type gint64)
 */
GArray *
hrm_user_list_dup_loaded_ids (HrmUserList *self)
{
  GArray *ids;

  g_return_val_if_fail (HRM_IS_USER_LIST (self), NULL);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < self->items->len; i++)
    {
      HrmUser *user = g_ptr_array_index (self->items, i);
      GArray *evicted = i % PAGE_SIZE == 0 ? g_ptr_array_index (self->evicted_ids, i / PAGE_SIZE)
                                           : NULL;
      gint64 id;

      /* A page forgotten to save memory was still seen. */
      if (evicted != NULL)
        g_array_append_vals (ids, evicted->data, evicted->len);
      if (!page_is_loaded (self, i / PAGE_SIZE) || user == NULL)
        continue;
      id = hrm_user_get_id (user);
      if (id != 0)
        g_array_append_val (ids, id);
    }

  return ids;
}

/**
 * hrm_user_list_hold_user:
 * @user: (nullable): the object another view shows (the user page), or %NULL
 *
 * A new query refills the rows' objects in place (row widgets stay); the
 * held one is never turned into another user: its row gets a new object.
 */
void
hrm_user_list_hold_user (HrmUserList *self,
                         HrmUser     *user)
{
  g_return_if_fail (HRM_IS_USER_LIST (self));
  g_return_if_fail (user == NULL || HRM_IS_USER (user));

  g_set_object (&self->held, user);
}

/**
 * hrm_user_list_adopt_rows:
 * @rows: (element-type HrmUser): placeholders (users with id 0) a view has
 *   shown while the list did not exist yet
 *
 * Makes the placeholders of @rows the list's objects at the same positions,
 * filled in place with the users there (hrm_user_update_from()). A list view
 * that showed @rows and is then given the list keeps its row widgets: GTK
 * 4.8 builds a new one only where the object at a position changes.
 *
 * For a list no view has yet: an object someone else holds stays.
 */
void
hrm_user_list_adopt_rows (HrmUserList *self,
                          GListModel  *rows)
{
  guint n;

  g_return_if_fail (HRM_IS_USER_LIST (self));
  g_return_if_fail (G_IS_LIST_MODEL (rows));

  n = MIN (g_list_model_get_n_items (rows), self->items->len);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HrmUser) row = g_list_model_get_item (rows, i);
      HrmUser *slot = g_ptr_array_index (self->items, i);

      if (!HRM_IS_USER (row) || hrm_user_get_id (row) != 0 || row == slot)
        continue;
      if (slot != NULL && held_elsewhere (self, slot))
        continue;
      if (slot != NULL)
        hrm_user_update_from (row, slot);
      g_ptr_array_index (self->items, i) = g_object_ref (row);
      g_clear_object (&slot);
    }
}

/**
 * hrm_user_list_get_n_loaded_pages:
 * How many pages of users the list keeps now (for tests: memory stays bounded).
 */
guint
hrm_user_list_get_n_loaded_pages (HrmUserList *self)
{
  g_return_val_if_fail (HRM_IS_USER_LIST (self), 0);
  return self->n_loaded;
}

void
hrm_user_list_update_user (HrmUserList *self,
                           HrmUser     *user)
{
  g_return_if_fail (HRM_IS_USER_LIST (self));
  g_return_if_fail (HRM_IS_USER (user));

  for (guint i = 0; i < self->items->len; i++)
    {
      HrmUser *row = g_ptr_array_index (self->items, i);

      if (row != NULL && hrm_user_get_id (row) != 0
          && hrm_user_get_id (row) == hrm_user_get_id (user))
        {
          hrm_user_update_from (row, user);
          return;
        }
    }
}

/**
 * hrm_user_list_get_n_requests:
 * How many requests for pages the list has made so far (for tests: a jump is
 * one request, scrolling never one per row).
 */
guint
hrm_user_list_get_n_requests (HrmUserList *self)
{
  g_return_val_if_fail (HRM_IS_USER_LIST (self), 0);
  return self->n_requests;
}
