/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "nb-application.h"
#include "nb-cli.h"

/* Where the message catalogs are. NIANBAO_LOCALEDIR wins; a binary that runs from its build
 * tree uses the catalogs built there, so `build-aux/dev run` shows the current translation
 * without an install; an installed binary uses LOCALEDIR. */
static char *
nb_locale_dir (void)
{
  const char *env = g_getenv ("NIANBAO_LOCALEDIR");
  g_autofree char *exe = NULL;
  g_autofree char *build_root = NULL;
  g_autofree char *prefix = NULL;

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  /* /proc/self/exe has its symbolic links resolved, so resolve the build root's too. */
  exe = g_file_read_link ("/proc/self/exe", NULL);
  build_root = realpath (BUILD_ROOT, NULL);
  if (build_root != NULL)
    prefix = g_strconcat (build_root, G_DIR_SEPARATOR_S, NULL);
  if (exe != NULL && prefix != NULL && g_str_has_prefix (exe, prefix) &&
      g_file_test (BUILD_LOCALEDIR, G_FILE_TEST_IS_DIR))
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
