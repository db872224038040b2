/* hrm-user-row.c — one user in the users list
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-user-row"

#include "config.h"

#include <glib/gi18n.h>

#include "hrm-a11y.h"
#include "hrm-page-util.h"
#include "hrm-user-row.h"

struct _HrmUserRow
{
  GtkWidget   parent_instance;

  /* Widgets (build()) */
  GtkWidget  *box;
  GtkStack   *stack;
  GtkLabel   *name_label;
  GtkLabel   *disabled_label;
  GtkLabel   *expired_label;
  GtkLabel   *leaving_label;   /* the link is to be removed (a leaver) */
  GtkLabel   *user_id_label;
  GtkLabel   *email_label;
  GtkImage   *state_image;
  GtkCheckButton *check_button;
  GtkLabel   *state_caption;

  /* Owned */
  HrmUser    *user;
  GSignalGroup *user_signals;  /* the row follows its user's notifications */
  char       *state_text;  /* the state in words: the state icon's tooltip */

  guint       selection_mode : 1;
  guint       setting_check : 1;  /* set_checked, not the administrator */
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

static void
set_state (HrmUserRow *self,
           GDateTime  *now,
           const char *caption,
           const char *label)
{
  const char *icon_name, *style_class;

  /* The same picture as the user page (hrm-page-util.c), with a word. */
  hrm_connection_look (self->user, now, &icon_name, &style_class);
  hrm_set_state_image (self->state_image, icon_name, style_class);
  gtk_label_set_label (self->state_caption, caption);
  /* The tooltip is made when asked for (query_tooltip): setting one asks the
   * X server where the pointer is, a round trip for every row on every update. */
  g_free (self->state_text);
  self->state_text = g_strdup (label);
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
update_accessible_name (HrmUserRow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *name = NULL;
  GString *extra = g_string_new (NULL);

  if (gtk_widget_get_visible (GTK_WIDGET (self->disabled_label)))
    g_string_append_printf (extra, ", %s", gtk_label_get_label (self->disabled_label));
  /* (The state says so already when the link expired while pending.) */
  if (gtk_widget_get_visible (GTK_WIDGET (self->expired_label))
      && !hrm_user_is_pending_expired (self->user, now))
    g_string_append_printf (extra, ", %s", gtk_label_get_label (self->expired_label));
  if (gtk_widget_get_visible (GTK_WIDGET (self->leaving_label)))
    g_string_append_printf (extra, ", %s", gtk_label_get_label (self->leaving_label));

  /* Translators: a user in the list as a screen reader says it: name, user-ID,
   * the state of the link ("Linked as …", "Not linked"), then tags such as
   * ", Disabled" */
  name = g_strdup_printf (_("%s, %s, %s%s"),
                          gtk_label_get_label (self->name_label),
                          gtk_label_get_label (self->user_id_label),
                          self->state_text,
                          extra->str);
  g_string_free (extra, TRUE);
  set_accessible_name (self, name);
}

static void
update_state (HrmUserRow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *label = NULL;
  const char *email;

  gtk_widget_set_visible (GTK_WIDGET (self->expired_label), FALSE);

  switch (hrm_user_get_connection_state (self->user))
    {
    case HRM_CONNECTION_LINKED:
      email = hrm_user_get_connection_email (self->user);
      if (email != NULL && *email != '\0')
        label = g_strdup_printf (_("Linked as %s"), email);
      else
        label = g_strdup (_("Linked"));
      set_state (self, now, _("Linked"), label);
      break;

    case HRM_CONNECTION_PENDING:
      /* Words, not only the icon: the list is where the administrator
       * looks for whom to chase. */
      gtk_widget_set_visible (GTK_WIDGET (self->expired_label),
                              hrm_user_get_expired (self->user)
                              || hrm_user_is_pending_expired (self->user, now));
      if (hrm_user_is_pending_expired (self->user, now))
        set_state (self, now, _("Pending"),
                   _("Verification link expired: send a new one"));
      else
        set_state (self, now, _("Pending"),
                   _("Pending: waiting for the user to confirm the email"));
      break;

    case HRM_CONNECTION_NOT_LINKED:
    default:
      set_state (self, now, _("Not linked"), _("Not linked"));
      break;
    }
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
  if (!self->setting_check)
    g_signal_emit (self, signals[CHECK_TOGGLED], 0);
}

/* The grey bars a row shows while its user is still loading. A list view
 * keeps about 200 rows and most of them show a user: the bars are built when
 * a row needs them and dropped when its user arrives, rather than kept in
 * every row (bench/README.md, app-perf.sh: what a row costs). The stack is
 * vertically homogeneous, so the row's height does not change either way. */
static void
show_skeleton (HrmUserRow *self)
{
  static const struct { int width, height; } bars[] = { { 170, 12 }, { 230, 8 } };
  GtkWidget *skeleton = gtk_stack_get_child_by_name (self->stack, "skeleton");

  if (skeleton == NULL)
    {
      skeleton = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
      gtk_widget_set_valign (skeleton, GTK_ALIGN_CENTER);
      for (guint i = 0; i < G_N_ELEMENTS (bars); i++)
        {
          GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

          gtk_widget_set_halign (bar, GTK_ALIGN_START);
          gtk_widget_set_size_request (bar, bars[i].width, bars[i].height);
          gtk_widget_add_css_class (bar, "skeleton");
          gtk_box_append (GTK_BOX (skeleton), bar);
        }
      gtk_stack_add_named (self->stack, skeleton, "skeleton");
    }
  gtk_stack_set_visible_child (self->stack, skeleton);
}

static void
show_user (HrmUserRow *self)
{
  GtkWidget *skeleton = gtk_stack_get_child_by_name (self->stack, "skeleton");

  gtk_stack_set_visible_child_name (self->stack, "user");
  if (skeleton != NULL)
    gtk_stack_remove (self->stack, skeleton);
}

static void
update (HrmUserRow *self)
{
  g_autofree char *name = NULL;
  const char *email;
  gboolean enabled;

  if (self->user == NULL || hrm_user_get_id (self->user) == 0)
    {
      /* Nobody to select yet. */
      gtk_widget_set_visible (GTK_WIDGET (self->check_button), FALSE);
      set_accessible_name (self, _("Loading"));
      show_skeleton (self);
      return;
    }

  name = hrm_user_dup_display_name (self->user);
  if (name == NULL || *name == '\0')
    {
      g_free (name);
      name = g_strdup (_("Unnamed user"));
    }
  gtk_label_set_label (self->name_label, name);
  update_check (self, name);
  gtk_label_set_label (self->user_id_label, hrm_user_get_user_id (self->user));

  email = hrm_user_get_email (self->user);
  gtk_label_set_label (self->email_label, email);

  /* A disabled user's row is dimmed, with a "Disabled" tag that is not. */
  enabled = hrm_user_get_enabled (self->user);
  gtk_widget_set_visible (GTK_WIDGET (self->disabled_label), !enabled);
  if (enabled)
    gtk_widget_remove_css_class (GTK_WIDGET (self), "disabled-user");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "disabled-user");

  update_state (self);
  update_leaving (self);
  update_accessible_name (self);
  show_user (self);
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

  self->setting_check = TRUE;
  gtk_check_button_set_active (self->check_button, checked);
  self->setting_check = FALSE;
}

gboolean
hrm_user_row_get_checked (HrmUserRow *self)
{
  g_return_val_if_fail (HRM_IS_USER_ROW (self), FALSE);

  return gtk_check_button_get_active (self->check_button);
}

/* In selection mode the list item is not selectable and cannot take the
 * focus (GTK 4.8): the check box takes it instead, so the list's keyboard
 * navigation lands on something. */
static gboolean
hrm_user_row_grab_focus (GtkWidget *widget)
{
  HrmUserRow *self = HRM_USER_ROW (widget);

  if (gtk_widget_get_visible (GTK_WIDGET (self->check_button)))
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
  g_clear_object (&self->user);
  g_clear_pointer (&self->state_text, g_free);

  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (hrm_user_row_parent_class)->dispose (object);
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

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
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

/* The row's widgets, made here rather than from a template: the first frame
 * builds a screenful of rows, scrolling builds up to 200, and GtkBuilder took
 * as long again as making the widgets (bench/README.md). Each has its field's
 * name as its widget name, for the tests and the inspector.
 *
 *   box: check_button (selection mode) | stack
 *     "user": name_label disabled_label expired_label leaving_label
 *             user_id_label email_label          state_caption state_image
 *     "skeleton": while the user loads (show_skeleton()) */
static void
build (HrmUserRow *self)
{
  GtkWidget *user, *text, *name_line, *detail_line;

  gtk_widget_add_css_class (GTK_WIDGET (self), "user-row");
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  /* Only in selection mode, for a loaded user (hrm-users-pane.c keeps the selection). */
  self->check_button = g_object_new (GTK_TYPE_CHECK_BUTTON,
                                     "name", "check_button",
                                     "visible", FALSE,
                                     "valign", GTK_ALIGN_CENTER,
                                     NULL);
  g_signal_connect_swapped (self->check_button, "toggled", G_CALLBACK (on_check_toggled), self);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->check_button));

  self->stack = g_object_new (GTK_TYPE_STACK,
                              "name", "stack",
                              "hexpand", TRUE,
                              "vhomogeneous", TRUE,
                              "hhomogeneous", FALSE,
                              NULL);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->stack));

  user = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_stack_add_named (self->stack, user, "user");
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
}

static void
hrm_user_row_init (HrmUserRow *self)
{
  build (self);
  hrm_a11y_hide_unseen_pages (GTK_WIDGET (self->stack));
  self->user_signals = g_signal_group_new (HRM_TYPE_USER);
  g_signal_group_connect_object (self->user_signals, "notify", G_CALLBACK (update), self,
                                 G_CONNECT_SWAPPED);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->state_image), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->state_caption), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->email_label), TRUE);
  g_signal_connect_object (self->state_image, "query-tooltip", G_CALLBACK (query_tooltip), self, 0);
  g_signal_connect_object (self->state_caption, "query-tooltip", G_CALLBACK (query_tooltip), self, 0);
  g_signal_connect_object (self->email_label, "query-tooltip", G_CALLBACK (query_tooltip), self, 0);
  update (self);
}
