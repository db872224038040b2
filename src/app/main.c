/* main.c — the hrm-users program
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-users"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "hrm-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HrmApplication) app = NULL;
  /* HRM_LOCALEDIR: the build tree's po/ (LANGUAGE=sv without installing). */
  const char *localedir = g_getenv ("HRM_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = hrm_application_new (APPLICATION_ID);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
