/* test-swedish.c — a Swedish-speaking administrator gets the window in Swedish
 *
 * The real window under LC_ALL=sv_SE.UTF-8 and LANGUAGE=sv, with the build
 * tree's catalogue (po/sv.po compiled into the build dir's po/). Skipped when
 * the sv_SE.UTF-8 locale is not installed (build-aux/test.sh generates it).
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-test-swedish"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "hrm-ui-test.h"
#include "hrm-user-page-access.h"

/* Whether setlocale() took sv_SE.UTF-8. */
static gboolean have_swedish;

static gboolean
skip_without_swedish (void)
{
  const char *mo = HRM_BUILD_LOCALEDIR "/sv/LC_MESSAGES/" GETTEXT_PACKAGE ".mo";

  if (have_swedish)
    {
      if (!g_file_test (mo, G_FILE_TEST_IS_REGULAR))
        g_test_message ("%s was not built (meson compile first)", mo);
      g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));
      return FALSE;
    }

  g_test_skip ("The sv_SE.UTF-8 locale is not installed "
               "(localedef -i sv_SE -c -f UTF-8 sv_SE.UTF-8; build-aux/test.sh does it)");
  return TRUE;
}

/* "_Logga in" → "Logga in": what the administrator reads. */
static char *
without_mnemonic (const char *text)
{
  g_autoptr(GString) string = g_string_new (text);

  g_string_replace (string, "_", "", 0);
  return g_string_free (g_steal_pointer (&string), FALSE);
}

static gboolean
is_label (GtkWidget     *widget,
          gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static gboolean
is_any_label (GtkWidget     *widget,
              gconstpointer  data)
{
  return GTK_IS_LABEL (widget);
}

/* The sign-in page: its heading and its button. */
static void
test_swedish_sign_in (void)
{
  HrmWindow *window;
  GtkWidget *sign_in;
  GtkWidget *label;
  g_autofree char *button = NULL;

  if (skip_without_swedish ())
    return;

  window = hrm_ui_test_window_new ();
  sign_in = hrm_ui_test_child (_hrm_window_get_sign_in_page (window), HRM_TYPE_SIGN_IN_PAGE,
                               "sign_in_button");
  label = hrm_ui_test_find (sign_in, is_any_label, NULL);
  g_assert_nonnull (label);
  button = without_mnemonic (gtk_label_get_label (GTK_LABEL (label)));
  g_assert_cmpstr (button, ==, "Logga in");
  g_assert_nonnull (hrm_ui_test_find (GTK_WIDGET (_hrm_window_get_sign_in_page (window)), is_label,
                                      "Logga in i HRM"));
  g_assert_null (hrm_ui_test_find (GTK_WIDGET (_hrm_window_get_sign_in_page (window)), is_label,
                                   "Sign In to HRM"));

  hrm_ui_test_window_destroy (window);
}

static gboolean
is_row_titled_plain (GtkWidget     *widget,
                     gconstpointer  title)
{
  g_autofree char *plain = NULL;

  if (!ADW_IS_PREFERENCES_ROW (widget))
    return FALSE;

  plain = without_mnemonic (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));
  return g_strcmp0 (plain, title) == 0;
}

static char *
tab_title (HrmUserPage *page,
           const char  *name)
{
  GtkWidget *child = adw_view_stack_get_child_by_name (page->view_stack, name);
  AdwViewStackPage *stack_page = adw_view_stack_get_page (page->view_stack, child);

  return without_mnemonic (adw_view_stack_page_get_title (stack_page));
}

/* After signing in: the count under the search, the user page's rows and tabs. */
static void
test_swedish_user_page (void)
{
  g_autoptr(HrmTestServer) server = NULL;
  HrmWindow *window;
  HrmUserPage *page;
  HrmUserList *list;
  g_autofree char *authorisations = NULL;
  g_autofree char *general = NULL;
  g_autofree char *total = NULL;
  g_autofree char *placeholder = NULL;

  if (skip_without_swedish ())
    return;
  server = hrm_test_server_new_or_skip (TRUE);
  if (server == NULL)
    return;

  window = hrm_ui_test_window_new ();
  hrm_ui_test_sign_in (window, server, "admin");
  list = hrm_users_pane_get_list (window->users_pane);
  HRM_UI_WAIT_UNTIL (!hrm_user_list_get_loading (list));
  hrm_ui_test_spin (20);

  total = g_strdup_printf ("%u användare", hrm_user_list_get_total (list));
  g_assert_cmpstr (hrm_ui_test_label (window->users_pane, HRM_TYPE_USERS_PANE, "total_label"),
                   ==, total);
  g_object_get (hrm_ui_test_child (window->users_pane, HRM_TYPE_USERS_PANE, "search_entry"),
                "placeholder-text", &placeholder,
                NULL);
  g_assert_cmpstr (placeholder, ==, "Sök användare");

  hrm_users_pane_select_position (window->users_pane, 0);
  page = HRM_USER_PAGE (window->user_page);
  HRM_UI_WAIT_UNTIL (page->user != NULL && page->loaded);

  g_assert_nonnull (hrm_ui_test_find (window->user_page, is_row_titled_plain,
                                      "Användaren är aktiverad"));
  g_assert_null (hrm_ui_test_find (window->user_page, is_row_titled_plain,
                                   "User is enabled"));
  general = tab_title (page, "general");
  g_assert_cmpstr (general, ==, "Allmänt");
  authorisations = tab_title (page, "authorisations");
  g_assert_cmpstr (authorisations, ==, "Behörigheter");

  hrm_ui_test_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  /* Before GTK starts: it reads the locale once. */
  g_setenv ("LC_ALL", "sv_SE.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "sv", TRUE);
  have_swedish = setlocale (LC_ALL, "") != NULL;
  bindtextdomain (GETTEXT_PACKAGE, HRM_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  hrm_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/swedish/sign-in", test_swedish_sign_in);
  g_test_add_func ("/ui/swedish/user-page", test_swedish_user_page);

  return g_test_run ();
}
