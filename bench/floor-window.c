/* floor-window.c — the floor of HRM Users' populated first frame for bench/app-perf.sh
 *
 * What the populated window is made of, and nothing of HRM Users' code:
 * an AdwApplicationWindow at the app's default size (1100 × 760) with the same
 * top-level widgets — a toast overlay, a stack, a leaflet with the users pane
 * (header bar with title, subtitle and menu button; the provisioning
 * overview — its percentage, bar, five parts in a flow box and two send
 * buttons —; search entry and two filter drop-downs; the count with its
 * buttons; a GtkListView in a scrolled window) beside the user pane (header
 * bar, the empty state's status page) — and 17 static rows built like
 * HrmUserRow (name, user-ID and email labels, a state caption and icon). No
 * network, no keyring, no template: the rows are there when the window is
 * presented, so its first frame is the populated one. The status page's
 * icon is a PNG, as HRM Users' is (FLOOR_AVATAR_PNG, the build's copy; an
 * Adwaita icon at that size would be an SVG and load librsvg). Reports it
 * the way HRM Users' bench hook does (src/app/hrm-bench.c):
 *   hrm-bench first-frame MICROSECONDS      (g_get_monotonic_time, on stderr)
 * and then stays open until it is killed (for its idle RSS).
 *
 * Built with -DFLOOR_DATA it is the floor of the keyring resume: the same
 * window, whose first frame waits for what a resumed start must fetch before
 * it can show users, fetched with the libraries HRM Users uses and no more
 * work than the exchange needs. From GApplication's startup, a thread of its
 * own (as HRM Users' resume) reads a refresh token from the keyring
 * (libsecret), exchanges it at the server's /oauth/token (libsoup), asks for
 * the four things the first frame shows at once — the account, the
 * organisation, the provisioning summary and the first page of 100 users —
 * and parses them (json-glib); the main thread puts a screenful of names in
 * the list, the organisation and the counts in their labels, and presents
 * the window. The rotated token is stored after that, off the first frame's
 * path. It prints "hrm-bench data MICROSECONDS" when the data reaches the
 * main thread.
 * FLOOR_SERVER is the server's address; "floor-resume --setup PASSWORD-FILE"
 * signs in as admin once (the password grant) and stores the first token.
 *
 * Build: cc bench/floor-window.c $(pkg-config --cflags --libs libadwaita-1) -o floor-window
 *        cc -DFLOOR_DATA bench/floor-window.c $(pkg-config --cflags --libs libadwaita-1 \
 *           libsoup-3.0 libsecret-1 json-glib-1.0) -o floor-resume
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <adwaita.h>

#include "first-frame.h"

/* What HRM Users binds for its first frame at this window size (hrm-users-pane.c) */
#define N_ROWS 17

static const char css[] =
  ".user-name { font-weight: 600; }"
  ".part-button { padding: 2px 6px; font-weight: normal; }"
  ".part-dot { min-width: 10px; min-height: 10px; border-radius: 999px;"
  "  background-color: #3584e4; }";

static const char *const parts[] = { "Linked", "Pending", "Expired", "Not linked", "No email" };

static const char window_ui[] =
  "<interface>"
  " <object class='AdwToastOverlay' id='content'>"
  "  <child><object class='GtkStack'>"
  "   <child><object class='GtkStackPage'><property name='name'>main</property>"
  "    <property name='child'><object class='AdwLeaflet'>"
  "     <property name='can-unfold'>True</property>"
  "     <child><object class='GtkBox'>"
  "      <property name='orientation'>vertical</property>"
  "      <property name='width-request'>360</property>"
  "      <child><object class='AdwHeaderBar'>"
  "       <property name='show-end-title-buttons'>False</property>"
  "       <property name='title-widget'><object class='AdwWindowTitle' id='title'>"
  "        <property name='title'>Users</property><property name='subtitle'>Organisation</property>"
  "       </object></property>"
  "       <child type='end'><object class='GtkMenuButton'>"
  "        <property name='icon-name'>open-menu-symbolic</property></object></child>"
  "      </object></child>"
  "      <child><object class='GtkBox'>"
  "       <property name='orientation'>vertical</property><property name='spacing'>6</property>"
  "       <property name='margin-start'>12</property><property name='margin-end'>12</property>"
  "       <property name='margin-top'>12</property>"
  "       <child><object class='GtkBox'><property name='spacing'>12</property>"
  "        <child><object class='GtkLabel' id='linked'><property name='label'>34 % linked</property>"
  "         <property name='xalign'>0</property><property name='hexpand'>True</property>"
  "         <style><class name='heading'/><class name='numeric'/></style></object></child>"
  "        <child><object class='GtkLabel'><property name='label'>657 of 1889 enabled users</property>"
  "         <property name='ellipsize'>start</property>"
  "         <style><class name='dim-label'/><class name='caption'/><class name='numeric'/></style>"
  "        </object></child>"
  "       </object></child>"
  "       <child><object class='GtkDrawingArea' id='bar'>"
  "        <property name='content-height'>10</property></object></child>"
  "       <child><object class='GtkFlowBox' id='parts'><property name='selection-mode'>none</property>"
  "        <property name='min-children-per-line'>2</property>"
  "        <property name='max-children-per-line'>5</property></object></child>"
  "       <child><object class='GtkButton'>"
  "        <property name='label'>Send to all not linked with email (330)</property></object></child>"
  "       <child><object class='GtkButton'>"
  "        <property name='label'>Resend expired (145)</property></object></child>"
  "      </object></child>"
  "      <child><object class='GtkBox'>"
  "       <property name='orientation'>vertical</property><property name='spacing'>6</property>"
  "       <property name='margin-start'>6</property><property name='margin-end'>6</property>"
  "       <property name='margin-top'>6</property><property name='margin-bottom'>6</property>"
  "       <child><object class='GtkSearchEntry'>"
  "        <property name='placeholder-text'>Search users</property></object></child>"
  "       <child><object class='GtkBox'><property name='spacing'>6</property>"
  "        <child><object class='GtkDropDown'><property name='hexpand'>True</property>"
  "         <property name='model'><object class='GtkStringList'><items>"
  "          <item>Any connection</item><item>Linked</item><item>Pending</item></items>"
  "         </object></property></object></child>"
  "        <child><object class='GtkDropDown'><property name='hexpand'>True</property>"
  "         <property name='model'><object class='GtkStringList'><items>"
  "          <item>Enabled or not</item><item>Enabled</item><item>Disabled</item></items>"
  "         </object></property></object></child>"
  "       </object></child>"
  "       <child><object class='GtkBox'><property name='spacing'>6</property>"
  "        <child><object class='GtkLabel' id='count'><property name='label'>2000 users</property>"
  "         <property name='xalign'>0</property><property name='hexpand'>True</property>"
  "         <property name='ellipsize'>end</property>"
  "         <style><class name='dim-label'/><class name='caption'/><class name='numeric'/></style>"
  "        </object></child>"
  "        <child><object class='GtkButton'><property name='label'>Send verification email…</property>"
  "         <style><class name='flat'/><class name='caption'/></style></object></child>"
  "        <child><object class='GtkMenuButton'><property name='icon-name'>view-more-symbolic</property>"
  "         <style><class name='flat'/></style></object></child>"
  "        <child><object class='GtkToggleButton'>"
  "         <property name='icon-name'>selection-mode-symbolic</property>"
  "         <style><class name='flat'/></style></object></child>"
  "       </object></child>"
  "      </object></child>"
  "      <child><object class='GtkScrolledWindow'>"
  "       <property name='vexpand'>True</property>"
  "       <property name='hscrollbar-policy'>never</property>"
  "       <property name='child'><object class='GtkListView' id='list_view'>"
  "        <style><class name='navigation-sidebar'/></style>"
  "       </object></property>"
  "      </object></child>"
  "     </object></child>"
  "     <child><object class='AdwLeafletPage'><property name='navigatable'>False</property>"
  "      <property name='child'><object class='GtkSeparator'/></property></object></child>"
  "     <child><object class='GtkBox'>"
  "      <property name='orientation'>vertical</property><property name='hexpand'>True</property>"
  "      <child><object class='AdwHeaderBar'>"
  "       <property name='title-widget'><object class='AdwWindowTitle'/></property>"
  "      </object></child>"
  "      <child><object class='AdwStatusPage' id='status_page'>"
  "       <property name='vexpand'>True</property>"
  "       <property name='title'>Select a user</property>"
  "       <property name='description'>Choose a user in the list to see and change their details, "
  "their link to the identity provider and their roles.</property>"
  "      </object></child>"
  "     </object></child>"
  "    </object></property>"
  "   </object></child>"
  "  </object></child>"
  " </object>"
  "</interface>";

/* One row, built like HrmUserRow (hrm-user-row.c): two lines of labels and a
 * state caption with its icon. */
static const char row_ui[] =
  "<interface>"
  " <template class='GtkListItem'>"
  "  <property name='child'><object class='GtkBox'>"
  "   <property name='spacing'>12</property>"
  "   <child><object class='GtkBox'>"
  "    <property name='orientation'>vertical</property><property name='spacing'>3</property>"
  "    <property name='hexpand'>True</property><property name='valign'>center</property>"
  "    <child><object class='GtkBox'><property name='spacing'>6</property>"
  "     <child><object class='GtkLabel'><property name='xalign'>0</property>"
  "      <property name='ellipsize'>end</property><style><class name='user-name'/></style>"
  "      <binding name='label'><lookup name='string' type='GtkStringObject'>"
  "       <lookup name='item'>GtkListItem</lookup></lookup></binding>"
  "     </object></child>"
  "    </object></child>"
  "    <child><object class='GtkBox'><property name='spacing'>6</property>"
  "     <child><object class='GtkLabel'><property name='xalign'>0</property>"
  "      <property name='label'>user.name</property>"
  "      <style><class name='caption'/><class name='dim-label'/></style></object></child>"
  "     <child><object class='GtkLabel'><property name='xalign'>0</property>"
  "      <property name='ellipsize'>end</property>"
  "      <property name='label'>user.name@example.com</property>"
  "      <style><class name='caption'/><class name='dim-label'/></style></object></child>"
  "    </object></child>"
  "   </object></child>"
  "   <child><object class='GtkBox'><property name='spacing'>6</property>"
  "    <child><object class='GtkLabel'><property name='label'>Not linked</property>"
  "     <style><class name='caption'/></style></object></child>"
  "    <child><object class='GtkImage'>"
  "     <property name='icon-name'>emblem-ok-symbolic</property></object></child>"
  "   </object></child>"
  "  </object></property>"
  " </template>"
  "</interface>";

static void
draw_bar (GtkDrawingArea *area,
          cairo_t        *cr,
          int             width,
          int             height,
          gpointer        user_data)
{
  double radius = height / 2.0;

  cairo_new_sub_path (cr);
  cairo_arc (cr, radius, radius, radius, G_PI / 2, 3 * G_PI / 2);
  cairo_arc (cr, width - radius, radius, radius, 3 * G_PI / 2, G_PI / 2);
  cairo_close_path (cr);
  cairo_clip (cr);
  for (int part = 0; part < 5; part++)
    {
      cairo_set_source_rgb (cr, 0.2 * part, 0.5, 1.0 - 0.2 * part);
      cairo_rectangle (cr, width * part / 5.0, 0, width / 5.0, height);
      cairo_fill (cr);
    }
}

/* The overview's parts: a dot, the name and the count, as flat buttons. */
static void
add_parts (GtkFlowBox *flow_box)
{
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      GtkWidget *button = gtk_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      GtkWidget *count = gtk_label_new ("123");

      gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (dot, "part-dot");
      gtk_widget_add_css_class (count, "heading");
      gtk_widget_add_css_class (count, "numeric");
      gtk_box_append (GTK_BOX (box), dot);
      gtk_box_append (GTK_BOX (box), gtk_label_new (parts[i]));
      gtk_box_append (GTK_BOX (box), count);
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "part-button");
      gtk_flow_box_append (flow_box, button);
    }
}

/* The window, built in activate */
static GtkBuilder *floor_builder;
static GtkWidget *floor_window;

#ifdef FLOOR_DATA
#include <libsoup/soup.h>
#include <libsecret/secret.h>
#include <json-glib/json-glib.h>

static const SecretSchema floor_schema = {
  "io.github.hrmusers.BenchFloor.RefreshToken", SECRET_SCHEMA_NONE,
  { { "server", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } },
  0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

/* What the thread fetches, for the main thread */
typedef struct {
  char       *server;
  char       *refresh_token;
  char       *access_token;
  GPtrArray  *names;
  char       *organisation;
  gint64      total;
  gint64      linked;
  int         pending;
} FloorData;

static FloorData floor_data;

static void
die (const char *what,
     GError     *error)
{
  fprintf (stderr, "floor-resume: %s: %s\n", what, error ? error->message : "unexpected answer");
  exit (1);
}

static JsonObject *
parse_object (GBytes     *bytes,
              const char *what)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), &error))
    die (what, error);
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    die (what, NULL);
  return json_object_ref (json_node_get_object (root));
}

/* POST /oauth/token with @form (taken); keeps the two tokens. */
static void
exchange (SoupSession *session,
          char        *form)
{
  g_autofree char *uri = g_strconcat (floor_data.server, "/oauth/token", NULL);
  g_autoptr(SoupMessage) message = soup_message_new_from_encoded_form ("POST", uri, form);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read (session, message, NULL, &error);
  g_autoptr(JsonObject) tokens = NULL;

  if (bytes == NULL)
    die ("token", error);
  if (soup_message_get_status (message) != SOUP_STATUS_OK)
    die ("token", NULL);
  tokens = parse_object (bytes, "token");
  g_free (floor_data.access_token);
  g_free (floor_data.refresh_token);
  floor_data.access_token = g_strdup (json_object_get_string_member (tokens, "access_token"));
  floor_data.refresh_token = g_strdup (json_object_get_string_member (tokens, "refresh_token"));
}

static void
store_token (void)
{
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_sync (&floor_schema, SECRET_COLLECTION_DEFAULT, "HRM Users bench floor",
                                   floor_data.refresh_token, NULL, &error,
                                   "server", floor_data.server, NULL))
    die ("keyring", error);
}

static void
on_answer (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  const char *what = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                               &error);
  g_autoptr(JsonObject) object = NULL;

  if (bytes == NULL)
    die (what, error);
  if (soup_message_get_status (message) != SOUP_STATUS_OK)
    die (what, NULL);
  object = parse_object (bytes, what);
  if (g_str_equal (what, "users"))
    {
      JsonArray *items = json_object_get_array_member (object, "items");

      floor_data.names = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *user = json_array_get_object_element (items, i);

          g_ptr_array_add (floor_data.names,
                           g_strdup_printf ("%s %s",
                                            json_object_get_string_member (user, "first_name"),
                                            json_object_get_string_member (user, "last_name")));
        }
      g_ptr_array_add (floor_data.names, NULL);
    }
  else if (g_str_equal (what, "organisation"))
    floor_data.organisation = g_strdup (json_object_get_string_member (object, "name"));
  else if (g_str_equal (what, "summary"))
    {
      floor_data.total = json_object_get_int_member (object, "total");
      floor_data.linked = json_object_get_int_member (object, "linked");
    }
  floor_data.pending--;
}

static void
ask (SoupSession *session,
     const char  *path,
     const char  *what)
{
  g_autofree char *uri = g_strconcat (floor_data.server, path, NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", floor_data.access_token, NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", uri);

  soup_message_headers_append (soup_message_get_request_headers (message), "Authorization",
                               authorization);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, on_answer,
                                    (gpointer) what);
  floor_data.pending++;
}

static gboolean floor_data_in;

static void show_data (void);

static gboolean
data_arrived (gpointer user_data)
{
  fprintf (stderr, "hrm-bench data %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  floor_data_in = TRUE;
  if (floor_window != NULL)
    show_data ();
  return G_SOURCE_REMOVE;
}

static gpointer
fetch_thread (gpointer user_data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", 30, NULL);

  token = secret_password_lookup_sync (&floor_schema, NULL, &error,
                                       "server", floor_data.server, NULL);
  if (token == NULL)
    die ("keyring (run --setup first)", error);
  exchange (session, soup_form_encode ("grant_type", "refresh_token",
                                       "refresh_token", token, NULL));
  secret_password_free (token);

  ask (session, "/api/v1/me", "me");
  ask (session, "/api/v1/organisation", "organisation");
  ask (session, "/api/v1/provisioning/summary", "summary");
  ask (session, "/api/v1/users?limit=100", "users");
  while (floor_data.pending > 0)
    g_main_context_iteration (context, TRUE);
  g_main_context_invoke (NULL, data_arrived, NULL);

  /* Off the first frame's path: the next start needs the rotated token. */
  store_token ();
  g_clear_object (&session);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
on_startup (GApplication *app)
{
  g_thread_unref (g_thread_new ("floor-fetch", fetch_thread, NULL));
}

/* --setup PASSWORD-FILE: the first token, from a password sign-in */
static int
setup (const char *password_file)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  if (!g_file_get_contents (password_file, &password, NULL, &error))
    die ("password file", error);
  g_strchomp (password);
  exchange (session, soup_form_encode ("grant_type", "password", "username", "admin",
                                       "password", password, NULL));
  store_token ();
  return 0;
}
#endif

/* Presents the window: at once for the static floor, with the data in for
 * the resume's floor. */
static void
show_data (void)
{
  GtkStringList *names = GTK_STRING_LIST (gtk_builder_get_object (floor_builder, "names"));

#ifdef FLOOR_DATA
  g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT " users", floor_data.total);
  g_autofree char *linked = g_strdup_printf ("%" G_GINT64_FORMAT " %% linked",
                                             floor_data.total > 0
                                             ? 100 * floor_data.linked / floor_data.total : 0);

  /* A screenful, as HRM Users' list shows first: GTK 4.8's list view builds a
   * row for each of up to 200 items around its anchor. */
  if (floor_data.names->len > N_ROWS + 1)
    {
      g_free (floor_data.names->pdata[N_ROWS]);
      floor_data.names->pdata[N_ROWS] = NULL;
    }
  gtk_string_list_splice (names, 0, 0, (const char *const *) floor_data.names->pdata);
  adw_window_title_set_subtitle (ADW_WINDOW_TITLE (gtk_builder_get_object (floor_builder,
                                                                           "title")),
                                 floor_data.organisation);
  gtk_label_set_label (GTK_LABEL (gtk_builder_get_object (floor_builder, "count")), count);
  gtk_label_set_label (GTK_LABEL (gtk_builder_get_object (floor_builder, "linked")), linked);
#else
  for (int i = 0; i < N_ROWS; i++)
    {
      g_autofree char *name = g_strdup_printf ("User number %d", i + 1);

      gtk_string_list_append (names, name);
    }
#endif
  report_first_frame (floor_window);
  gtk_window_present (GTK_WINDOW (floor_window));
}

static void
on_activate (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkBuilder *builder = gtk_builder_new_from_string (window_ui, -1);
  g_autoptr(GBytes) row = g_bytes_new_static (row_ui, sizeof row_ui - 1);
  GtkStringList *names = gtk_string_list_new (NULL);
  GtkListItemFactory *factory = gtk_builder_list_item_factory_new_from_bytes (NULL, row);
  GtkListView *list_view = GTK_LIST_VIEW (gtk_builder_get_object (builder, "list_view"));
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  const char *avatar = g_getenv ("FLOOR_AVATAR_PNG");

  gtk_css_provider_load_from_data (provider, css, -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (gtk_builder_get_object (builder, "bar")),
                                  draw_bar, NULL, NULL);
  add_parts (GTK_FLOW_BOX (gtk_builder_get_object (builder, "parts")));
  if (avatar != NULL)
    {
      g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (avatar, NULL);

      adw_status_page_set_paintable (ADW_STATUS_PAGE (gtk_builder_get_object (builder,
                                                                              "status_page")),
                                     GDK_PAINTABLE (texture));
    }

  gtk_builder_expose_object (builder, "names", G_OBJECT (names));
  gtk_list_view_set_factory (list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (list_view,
                           GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (names))));

  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window),
                                      GTK_WIDGET (gtk_builder_get_object (builder, "content")));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  floor_builder = builder;
  floor_window = window;
#ifdef FLOOR_DATA
  if (!floor_data_in)
    return;
#endif
  show_data ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.hrmusers.BenchFloor",
                                                       G_APPLICATION_NON_UNIQUE);

#ifdef FLOOR_DATA
  floor_data.server = g_strdup (g_getenv ("FLOOR_SERVER"));
  if (floor_data.server == NULL)
    {
      fprintf (stderr, "floor-resume: FLOOR_SERVER is not set\n");
      return 1;
    }
  if (argc == 3 && g_str_equal (argv[1], "--setup"))
    return setup (argv[2]);
  g_signal_connect (app, "startup", G_CALLBACK (on_startup), NULL);
#endif
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
