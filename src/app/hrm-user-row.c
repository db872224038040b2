/* hrm-user-row.c — one user in the users list
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-user-row"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-page-util.h"
#include "hrm-user-row.h"

struct _HrmUserRow
{
  GtkWidget   parent_instance;

  /* Widgets: the user's (build_user()), once the row first shows one */
  GtkWidget  *box;
  GtkLabel   *name_label;
  GtkLabel   *disabled_label;
  GtkLabel   *expired_label;
  GtkLabel   *leaving_label;   /* the link is to be removed (a leaver) */
  GtkLabel   *user_id_label;
  GtkLabel   *email_label;
  GtkImage   *state_image;
  GtkCheckButton *check_button;
  GtkLabel   *state_caption;
  /* the grey bars while the user loads (show_skeleton()) */
  GtkWidget  *skeleton;
  /* waiting to come into view before building the user's widgets (wait_for_view()) */
  GdkFrameClock *clock;
  gulong      layout_handler;

  /* Owned */
  HrmUser    *user;
  GSignalGroup *user_signals;  /* the row follows its user's notifications */
  char       *state_text;  /* the state in words: the state icon's tooltip */

  guint       selection_mode : 1;
  guint       setting_check : 1;  /* set_checked, not the administrator */
  guint       checked : 1;        /* while there is no check box yet */
};

G_DEFINE_FINAL_TYPE (HrmUserRow, hrm_user_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTION_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHECK_TOGGLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What a row says of its user, in words: for its widgets and for a screen
 * reader, which may read a row whose widgets are not built yet. */
typedef struct
{
  char       *name;
  const char *caption;     /* the state beside its icon: "Linked" */
  char       *state_text;  /* the state in full: "Linked as anna@example.com" */
  gboolean    expired;     /* the "Link expired" tag */
} Words;

static void
words_clear (Words *words)
{
  g_free (words->name);
  g_free (words->state_text);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Words, words_clear)

static void
describe (HrmUser   *user,
          GDateTime *now,
          Words     *words)
{
  const char *email;

  words->name = hrm_user_dup_display_name (user);
  if (words->name == NULL || *words->name == '\0')
    {
      g_free (words->name);
      words->name = g_strdup (_("Unnamed user"));
    }

  switch (hrm_user_get_connection_state (user))
    {
    case HRM_CONNECTION_LINKED:
      email = hrm_user_get_connection_email (user);
      words->caption = _("Linked");
      if (email != NULL && *email != '\0')
        words->state_text = g_strdup_printf (_("Linked as %s"), email);
      else
        words->state_text = g_strdup (_("Linked"));
      break;

    case HRM_CONNECTION_PENDING:
      /* Words, not only the icon: the list is where the administrator
       * looks for whom to chase. */
      words->caption = _("Pending");
      words->expired = hrm_user_get_expired (user) || hrm_user_is_pending_expired (user, now);
      if (hrm_user_is_pending_expired (user, now))
        words->state_text = g_strdup (_("Verification link expired: send a new one"));
      else
        words->state_text = g_strdup (_("Pending: waiting for the user to confirm the email"));
      break;

    case HRM_CONNECTION_NOT_LINKED:
    default:
      words->caption = _("Not linked");
      words->state_text = g_strdup (_("Not linked"));
      break;
    }
}

/* GTK 4.8's list item (the row's parent in a GtkListView) has no name of its
 * own and does not take its child's: it gets the row's. */
static void
set_accessible_name (HrmUserRow *self,
                     const char *name)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  if (parent != NULL && gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (parent))
                        == GTK_ACCESSIBLE_ROLE_LIST_ITEM)
    gtk_accessible_update_property (GTK_ACCESSIBLE (parent), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                    -1);
}

/* What a screen reader says for the row: "Anna Svensson, 10023, Not linked". */
static void
update_accessible_name (HrmUserRow *self,
                        GDateTime  *now,
                        Words      *words)
{
  g_autofree char *name = NULL;
  GString *extra = g_string_new (NULL);

  if (!hrm_user_get_enabled (self->user))
    g_string_append_printf (extra, ", %s", _("Disabled"));
  /* (The state says so already when the link expired while pending.) */
  if (words->expired && !hrm_user_is_pending_expired (self->user, now))
    g_string_append_printf (extra, ", %s", _("Link expired"));
  if (hrm_user_get_removal_scheduled_on (self->user) != NULL)
    g_string_append_printf (extra, ", %s", _("Leaving"));

  /* Translators: a user in the list as a screen reader says it: name, user-ID,
   * the state of the link ("Linked as …", "Not linked"), then tags such as
   * ", Disabled" */
  name = g_strdup_printf (_("%s, %s, %s%s"), words->name,
                          hrm_user_get_user_id (self->user) != NULL
                          ? hrm_user_get_user_id (self->user) : "",
                          words->state_text, extra->str);
  g_string_free (extra, TRUE);
  set_accessible_name (self, name);
}

/* A leaver's link is to be removed: the tag says so, its tooltip when. */
static void
update_leaving (HrmUserRow *self)
{
  const char *removal = hrm_user_get_removal_scheduled_on (self->user);
  g_autofree char *day = removal != NULL ? hrm_format_date (removal) : NULL;
  g_autofree char *tooltip = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->leaving_label), removal != NULL);
  if (day != NULL)
    /* Translators: %s is a date, e.g. "5 July 2026" */
    tooltip = g_strdup_printf (_("The link will be removed on %s"), day);
  hrm_widget_set_tooltip_text (GTK_WIDGET (self->leaving_label), tooltip);
}

static void
update_check (HrmUserRow *self,
              const char *name)
{
  g_autofree char *label = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->check_button), self->selection_mode);
  /* TRANSLATORS: the check box of a user's row in selection mode; %s is the name */
  label = g_strdup_printf (_("Select %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
on_check_toggled (HrmUserRow *self)
{
  self->checked = gtk_check_button_get_active (self->check_button);
  if (!self->setting_check)
    g_signal_emit (self, signals[CHECK_TOGGLED], 0);
}

/* The grey bars a row shows while its user is still loading. Scrolling
 * at a scrollbar's speed, GTK 4.8's list view builds up to 200 rows a frame,
 * nearly all of them for placeholders it drops again before their page
 * arrives: such a row is these three widgets and nothing else, and the
 * user's widgets are built when a user first arrives (bench/README.md,
 * "Scrolling"). The bars go when the user comes. */
static void
show_skeleton (HrmUserRow *self)
{
  static const struct { int width, height; } bars[] = { { 170, 12 }, { 230, 8 } };

  if (self->box != NULL)
    gtk_widget_set_visible (self->box, FALSE);
  if (self->skeleton != NULL)
    return;

  self->skeleton = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_name (self->skeleton, "skeleton");
  gtk_widget_set_valign (self->skeleton, GTK_ALIGN_CENTER);
  for (guint i = 0; i < G_N_ELEMENTS (bars); i++)
    {
      GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

      gtk_widget_set_halign (bar, GTK_ALIGN_START);
      gtk_widget_set_size_request (bar, bars[i].width, bars[i].height);
      gtk_widget_add_css_class (bar, "skeleton");
      gtk_box_append (GTK_BOX (self->skeleton), bar);
    }
  gtk_widget_set_parent (self->skeleton, GTK_WIDGET (self));
}

static void build_user (HrmUserRow *self);

static void
show_user (HrmUserRow *self)
{
  if (self->box == NULL)
    build_user (self);
  gtk_widget_set_visible (self->box, TRUE);
  g_clear_pointer (&self->skeleton, gtk_widget_unparent);
}

/* Whether the row is on screen: in its list view's visible area. A list
 * view keeps about 200 rows around what it shows; those off screen wait
 * for their widgets until they come into view. */
static gboolean
in_view (HrmUserRow *self)
{
  GtkWidget *view = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_LIST_VIEW);
  graphene_rect_t bounds;

  if (view == NULL)
    return TRUE;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self))
      || !gtk_widget_compute_bounds (GTK_WIDGET (self), view, &bounds)
      || bounds.size.height <= 0)
    return FALSE;
  return bounds.origin.y < gtk_widget_get_height (view)
         && bounds.origin.y + bounds.size.height > 0;
}

static void update (HrmUserRow *self);

static void
stop_waiting (HrmUserRow *self)
{
  /* (A frame clock that was disposed has dropped its handlers already.) */
  if (self->layout_handler != 0 && g_signal_handler_is_connected (self->clock,
                                                                  self->layout_handler))
    g_signal_handler_disconnect (self->clock, self->layout_handler);
  self->layout_handler = 0;
  g_clear_object (&self->clock);
}

/* After each layout, while waiting: once the list has put the row on screen
 * its user's widgets are built, and the frame clock lays the row out again
 * before it paints, so the frame shows the user, not the bars. */
static void
on_layout (GdkFrameClock *clock,
           HrmUserRow    *self)
{
  if (in_view (self))
    update (self);
}

static void
wait_for_view (HrmUserRow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  /* Not realized, realize() starts waiting. */
  if (clock == NULL || !gtk_widget_get_realized (GTK_WIDGET (self)) || self->layout_handler != 0)
    return;
  self->clock = g_object_ref (clock);
  self->layout_handler = g_signal_connect_after (clock, "layout", G_CALLBACK (on_layout), self);
  /* A layout to look after, when the user arrived between frames. */
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

/* Puts the user into the row's widgets. */
static void
fill (HrmUserRow *self,
      GDateTime  *now,
      Words      *words)
{
  const char *icon_name, *style_class;
  gboolean enabled;

  gtk_label_set_label (self->name_label, words->name);
  update_check (self, words->name);
  gtk_label_set_label (self->user_id_label, hrm_user_get_user_id (self->user));
  gtk_label_set_label (self->email_label, hrm_user_get_email (self->user));

  /* A disabled user's row is dimmed, with a "Disabled" tag that is not. */
  enabled = hrm_user_get_enabled (self->user);
  gtk_widget_set_visible (GTK_WIDGET (self->disabled_label), !enabled);
  if (enabled)
    gtk_widget_remove_css_class (GTK_WIDGET (self), "disabled-user");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "disabled-user");

  /* The same picture as the user page (hrm-page-util.c), with a word. */
  hrm_connection_look (self->user, now, &icon_name, &style_class);
  hrm_set_state_image (self->state_image, icon_name, style_class);
  gtk_label_set_label (self->state_caption, words->caption);
  gtk_widget_set_visible (GTK_WIDGET (self->expired_label), words->expired);

  update_leaving (self);
}

/* @build: build the user's widgets even off screen (the focus goes there). */
static void
update_full (HrmUserRow *self,
             gboolean    build)
{
  g_autoptr(GDateTime) now = NULL;
  g_auto(Words) words = { NULL, };

  if (self->user == NULL || hrm_user_get_id (self->user) == 0)
    {
      /* Nobody to select yet: the check box goes with the user's widgets. */
      stop_waiting (self);
      set_accessible_name (self, _("Loading"));
      show_skeleton (self);
      return;
    }

  now = g_date_time_new_now_utc ();
  describe (self->user, now, &words);
  /* The tooltip is made when asked for (query_tooltip): setting one asks the
   * X server where the pointer is, a round trip for every row on every update. */
  g_free (self->state_text);
  self->state_text = g_strdup (words.state_text);
  update_accessible_name (self, now, &words);

  if (self->box == NULL && !build && !in_view (self))
    {
      wait_for_view (self);
      return;
    }
  stop_waiting (self);
  show_user (self);
  fill (self, now, &words);
}

static void
update (HrmUserRow *self)
{
  update_full (self, FALSE);
}

static void
show_now (HrmUserRow *self)
{
  update_full (self, TRUE);
}

static gboolean
query_tooltip (GtkWidget  *widget,
               int         x,
               int         y,
               gboolean    keyboard,
               GtkTooltip *tooltip,
               HrmUserRow *self)
{
  const char *text = NULL;

  if (self->user == NULL || hrm_user_get_id (self->user) == 0)
    return FALSE;

  if (widget == GTK_WIDGET (self->state_image) || widget == GTK_WIDGET (self->state_caption))
    text = self->state_text;
  else if (widget == GTK_WIDGET (self->email_label))
    text = hrm_user_get_email (self->user);  /* the whole address, when ellipsized */

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/**
 * hrm_user_row_get_state_text:
 * The row's state in words, as its state icon's tooltip shows it.
 */
const char *
hrm_user_row_get_state_text (HrmUserRow *self)
{
  g_return_val_if_fail (HRM_IS_USER_ROW (self), NULL);

  return self->state_text;
}

GtkWidget *
hrm_user_row_new (void)
{
  return g_object_new (HRM_TYPE_USER_ROW, NULL);
}

void
hrm_user_row_set_user (HrmUserRow *self,
                       HrmUser    *user)
{
  g_return_if_fail (HRM_IS_USER_ROW (self));
  g_return_if_fail (user == NULL || HRM_IS_USER (user));

  if (self->user == user)
    return;

  g_set_object (&self->user, user);
  /* Placeholders fill in and saved users change: follow them. */
  g_signal_group_set_target (self->user_signals, user);

  update (self);
}

HrmUser *
hrm_user_row_get_user (HrmUserRow *self)
{
  g_return_val_if_fail (HRM_IS_USER_ROW (self), NULL);

  return self->user;
}

void
hrm_user_row_set_selection_mode (HrmUserRow *self,
                                 gboolean    selection_mode)
{
  g_return_if_fail (HRM_IS_USER_ROW (self));

  selection_mode = !!selection_mode;
  if (self->selection_mode == selection_mode)
    return;

  self->selection_mode = selection_mode;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION_MODE]);
}

gboolean
hrm_user_row_get_selection_mode (HrmUserRow *self)
{
  g_return_val_if_fail (HRM_IS_USER_ROW (self), FALSE);

  return self->selection_mode;
}

void
hrm_user_row_set_checked (HrmUserRow *self,
                          gboolean    checked)
{
  g_return_if_fail (HRM_IS_USER_ROW (self));

  self->checked = !!checked;
  if (self->check_button == NULL)
    return;
  self->setting_check = TRUE;
  gtk_check_button_set_active (self->check_button, checked);
  self->setting_check = FALSE;
}

gboolean
hrm_user_row_get_checked (HrmUserRow *self)
{
  g_return_val_if_fail (HRM_IS_USER_ROW (self), FALSE);

  return self->check_button != NULL ? gtk_check_button_get_active (self->check_button)
                                    : self->checked;
}

static void
hrm_user_row_realize (GtkWidget *widget)
{
  HrmUserRow *self = HRM_USER_ROW (widget);

  GTK_WIDGET_CLASS (hrm_user_row_parent_class)->realize (widget);
  if (self->box == NULL && self->user != NULL && hrm_user_get_id (self->user) != 0)
    wait_for_view (self);
}

static void
hrm_user_row_unrealize (GtkWidget *widget)
{
  stop_waiting (HRM_USER_ROW (widget));
  GTK_WIDGET_CLASS (hrm_user_row_parent_class)->unrealize (widget);
}

/**
 * hrm_user_row_build_ahead:
 * Builds the widgets for a user now, for a row that shows a placeholder
 * while there is time to spare (the first screenful, while the first page is
 * on its way): when the user arrives, only the labels are filled.
 */
void
hrm_user_row_build_ahead (HrmUserRow *self)
{
  g_return_if_fail (HRM_IS_USER_ROW (self));

  if (self->box == NULL)
    {
      build_user (self);
      gtk_widget_set_visible (self->box, self->skeleton == NULL);
    }
}

/* In selection mode the list item is not selectable and cannot take the
 * focus (GTK 4.8): the check box takes it instead, so the list's keyboard
 * navigation lands on something. */
static gboolean
hrm_user_row_grab_focus (GtkWidget *widget)
{
  HrmUserRow *self = HRM_USER_ROW (widget);

  /* The keyboard may land on a row before it comes into view. */
  if (self->box == NULL && self->user != NULL && hrm_user_get_id (self->user) != 0)
    show_now (self);
  if (self->check_button != NULL && gtk_widget_is_visible (GTK_WIDGET (self->check_button)))
    return gtk_widget_grab_focus (GTK_WIDGET (self->check_button));

  return GTK_WIDGET_CLASS (hrm_user_row_parent_class)->grab_focus (widget);
}

static void
hrm_user_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HrmUserRow *self = HRM_USER_ROW (object);

  switch (prop_id)
    {
    case PROP_SELECTION_MODE:
      g_value_set_boolean (value, self->selection_mode);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hrm_user_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  HrmUserRow *self = HRM_USER_ROW (object);

  switch (prop_id)
    {
    case PROP_SELECTION_MODE:
      hrm_user_row_set_selection_mode (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hrm_user_row_dispose (GObject *object)
{
  HrmUserRow *self = HRM_USER_ROW (object);

  /* The user outlives the row (it is the list's): stop following it. */
  if (self->user_signals != NULL)
    g_signal_group_set_target (self->user_signals, NULL);
  g_clear_object (&self->user_signals);
  stop_waiting (self);
  g_clear_object (&self->user);
  g_clear_pointer (&self->state_text, g_free);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->skeleton, gtk_widget_unparent);

  G_OBJECT_CLASS (hrm_user_row_parent_class)->dispose (object);
}

/* The height of a row that shows a user, as last measured. A row still
 * loading takes it too: rows keep their height when their users arrive, and
 * the list does not move under the pointer. */
static int user_height;

static void
hrm_user_row_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  HrmUserRow *self = HRM_USER_ROW (widget);
  GtkWidget *shown = self->skeleton != NULL ? self->skeleton : self->box;

  *minimum = *natural = 0;
  if (shown != NULL)
    gtk_widget_measure (shown, orientation, for_size, minimum, natural, NULL, NULL);
  if (orientation != GTK_ORIENTATION_VERTICAL)
    return;
  if (shown == self->box)
    user_height = *minimum;
  else
    {
      *minimum = MAX (*minimum, user_height);
      *natural = MAX (*natural, user_height);
    }
}

static void
hrm_user_row_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  HrmUserRow *self = HRM_USER_ROW (widget);

  if (self->skeleton != NULL)
    gtk_widget_allocate (self->skeleton, width, height, -1, NULL);
  if (self->box != NULL && gtk_widget_get_visible (self->box))
    gtk_widget_allocate (self->box, width, height, -1, NULL);
}

static void
hrm_user_row_class_init (HrmUserRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hrm_user_row_dispose;
  object_class->get_property = hrm_user_row_get_property;
  object_class->set_property = hrm_user_row_set_property;

  properties[PROP_SELECTION_MODE] =
    g_param_spec_boolean ("selection-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The administrator ticked or unticked the check box (not set_checked). */
  signals[CHECK_TOGGLED] =
    g_signal_new ("check-toggled",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  widget_class->grab_focus = hrm_user_row_grab_focus;
  widget_class->measure = hrm_user_row_measure;
  widget_class->realize = hrm_user_row_realize;
  widget_class->unrealize = hrm_user_row_unrealize;
  widget_class->size_allocate = hrm_user_row_size_allocate;
}

/* A label with @classes and the row widget's name @name. */
static GtkLabel *
new_label (const char         *name,
           const char * const *classes)
{
  return g_object_new (GTK_TYPE_LABEL,
                       "name", name,
                       "css-classes", classes,
                       NULL);
}

/* A tag beside the name, hidden until it applies. */
static GtkLabel *
new_tag (const char         *name,
         const char         *text,
         const char * const *classes)
{
  return g_object_new (GTK_TYPE_LABEL,
                       "name", name,
                       "label", text,
                       "visible", FALSE,
                       "valign", GTK_ALIGN_CENTER,
                       "css-classes", classes,
                       NULL);
}

/* The user's widgets, made here rather than from a template (GtkBuilder took
 * as long again as making them, bench/README.md), when the row first shows a
 * user. Each has its field's name as its widget name, for the tests and the
 * inspector.
 *
 *   box: check_button (selection mode)
 *        name_label disabled_label expired_label leaving_label
 *        user_id_label email_label                state_caption state_image */
static void
build_user (HrmUserRow *self)
{
  GtkWidget *user, *text, *name_line, *detail_line;

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  /* Only in selection mode, for a loaded user (hrm-users-pane.c keeps the selection). */
  self->check_button = g_object_new (GTK_TYPE_CHECK_BUTTON,
                                     "name", "check_button",
                                     "visible", self->selection_mode,
                                     "valign", GTK_ALIGN_CENTER,
                                     "active", self->checked,
                                     NULL);
  g_signal_connect_swapped (self->check_button, "toggled", G_CALLBACK (on_check_toggled), self);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->check_button));

  user = g_object_new (GTK_TYPE_BOX, "spacing", 12, "hexpand", TRUE, NULL);
  gtk_box_append (GTK_BOX (self->box), user);
  text = g_object_new (GTK_TYPE_BOX,
                       "orientation", GTK_ORIENTATION_VERTICAL,
                       "spacing", 3,
                       "hexpand", TRUE,
                       "valign", GTK_ALIGN_CENTER,
                       NULL);
  gtk_box_append (GTK_BOX (user), text);

  name_line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (text), name_line);
  self->name_label = new_label ("name_label", (const char *[]) { "user-name", NULL });
  gtk_label_set_xalign (self->name_label, 0);
  gtk_label_set_ellipsize (self->name_label, PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (name_line), GTK_WIDGET (self->name_label));
  /* TRANSLATORS: A tag beside the name of a user who may not sign in */
  self->disabled_label = new_tag ("disabled_label", _("Disabled"),
                                  (const char *[]) { "tag", "caption", NULL });
  gtk_box_append (GTK_BOX (name_line), GTK_WIDGET (self->disabled_label));
  /* TRANSLATORS: A tag beside the name of a user whose verification link has expired */
  self->expired_label = new_tag ("expired_label", _("Link expired"),
                                 (const char *[]) { "tag", "caption", "warning", NULL });
  gtk_box_append (GTK_BOX (name_line), GTK_WIDGET (self->expired_label));
  /* TRANSLATORS: A tag beside the name of a user whose employment ends: the
   * link is to be removed */
  self->leaving_label = new_tag ("leaving_label", _("Leaving"),
                                 (const char *[]) { "tag", "caption", NULL });
  gtk_box_append (GTK_BOX (name_line), GTK_WIDGET (self->leaving_label));

  detail_line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 9);
  gtk_box_append (GTK_BOX (text), detail_line);
  self->user_id_label = new_label ("user_id_label",
                                   (const char *[]) { "user-detail", "dim-label", "caption",
                                                      "numeric", NULL });
  gtk_label_set_xalign (self->user_id_label, 0);
  gtk_label_set_ellipsize (self->user_id_label, PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (self->user_id_label, 16);
  gtk_box_append (GTK_BOX (detail_line), GTK_WIDGET (self->user_id_label));
  self->email_label = new_label ("email_label",
                                 (const char *[]) { "user-detail", "dim-label", "caption", NULL });
  gtk_label_set_xalign (self->email_label, 0);
  gtk_label_set_ellipsize (self->email_label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->email_label), TRUE);
  gtk_box_append (GTK_BOX (detail_line), GTK_WIDGET (self->email_label));

  /* The state in words beside its icon, for those who do not read icons. */
  self->state_caption = new_label ("state_caption",
                                   (const char *[]) { "dim-label", "caption", NULL });
  gtk_widget_set_valign (GTK_WIDGET (self->state_caption), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (user), GTK_WIDGET (self->state_caption));
  self->state_image = g_object_new (GTK_TYPE_IMAGE,
                                    "name", "state_image",
                                    "valign", GTK_ALIGN_CENTER,
                                    "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                    "css-classes", (const char *[]) { "state-icon", NULL },
                                    NULL);
  gtk_box_append (GTK_BOX (user), GTK_WIDGET (self->state_image));

  gtk_widget_set_has_tooltip (GTK_WIDGET (self->state_image), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->state_caption), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->email_label), TRUE);
  g_signal_connect_object (self->state_image, "query-tooltip", G_CALLBACK (query_tooltip), self, 0);
  g_signal_connect_object (self->state_caption, "query-tooltip", G_CALLBACK (query_tooltip), self, 0);
  g_signal_connect_object (self->email_label, "query-tooltip", G_CALLBACK (query_tooltip), self, 0);
}

static void
hrm_user_row_init (HrmUserRow *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "user-row");
  self->user_signals = g_signal_group_new (HRM_TYPE_USER);
  /* Once per change, not once per property (a user arriving changes ten). */
  g_signal_group_connect_object (self->user_signals, "changed", G_CALLBACK (update), self,
                                 G_CONNECT_SWAPPED);
  update (self);
}
