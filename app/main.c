/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "nb-application.h"
#include "nb-cli.h"
#include "nb-formats.h"

/* Where the message catalogs are. NIANBAO_LOCALEDIR wins; a binary that runs from its build
 * tree uses the catalogs built there, so `build-aux/dev run` shows the current translation
 * without an install; an installed binary uses LOCALEDIR. */
static char *
nb_locale_dir (void)
{
  const char *env = g_getenv ("NIANBAO_LOCALEDIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (nb_formats_is_uninstalled () && g_file_test (BUILD_LOCALEDIR, G_FILE_TEST_IS_DIR))
    return g_strdup (BUILD_LOCALEDIR);
  return g_strdup (LOCALEDIR);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *locale_dir = nb_locale_dir ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return nb_cli_main (argc, argv, nb_application_run);
}
