/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-formats"

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>
#include <gmodule.h>

#include "nb-formats.h"

/* The module says which version it is from; the program refuses another. */
#define VERSION_SYMBOL "nb_formats_module_version"

G_DEFINE_QUARK (nb-formats-error-quark, nb_formats_error)

gboolean
nb_formats_is_uninstalled (void)
{
  static gsize result = 0;

  if (g_once_init_enter (&result))
    {
      /* /proc/self/exe has its symbolic links resolved, so resolve the build root's too. */
      g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
      g_autofree char *build_root = realpath (BUILD_ROOT, NULL);
      g_autofree char *prefix = build_root != NULL ? g_strconcat (build_root, G_DIR_SEPARATOR_S, NULL) : NULL;

      g_once_init_leave (&result, exe != NULL && prefix != NULL && g_str_has_prefix (exe, prefix) ? 2 : 1);
    }
  return result == 2;
}

char *
nb_formats_get_path (void)
{
  const char *env = g_getenv ("NIANBAO_FORMATS_MODULE");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (nb_formats_is_uninstalled ())
    return g_strdup (BUILD_FORMATS_MODULE);
  return g_strdup (FORMATS_MODULE);
}

static GModule *
open_module (GError **error)
{
  g_autofree char *path = nb_formats_get_path ();
  g_autofree char *display = g_filename_display_name (path);
  const char *(*version) (void) = NULL;
  GModule *module;

  module = g_module_open (path, G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      /* GModule's message names the file and says why. */
      g_set_error (error, NB_FORMATS_ERROR, NB_FORMATS_ERROR_MISSING,
                   _("Nianbao’s file-format module could not be loaded (%s). Reinstall Nianbao."),
                   g_module_error ());
      return NULL;
    }
  if (!g_module_symbol (module, VERSION_SYMBOL, (gpointer *) &version) || version == NULL ||
      g_strcmp0 (version (), PACKAGE_VERSION) != 0)
    {
      g_set_error (error, NB_FORMATS_ERROR, NB_FORMATS_ERROR_MISMATCH,
                   _("Nianbao’s file-format module %s is from another version of Nianbao (%s, not %s). Reinstall Nianbao."),
                   display, version != NULL ? version () : "?", PACKAGE_VERSION);
      g_module_close (module);
      return NULL;
    }
  g_module_make_resident (module);
  return module;
}

gpointer
nb_formats_lookup (const char  *symbol,
                   GError     **error)
{
  static GMutex lock;
  static GModule *module;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  gpointer function = NULL;

  g_return_val_if_fail (symbol != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A failed load is tried again next time: the file may be back. */
  if (module == NULL && (module = open_module (error)) == NULL)
    return NULL;
  if (!g_module_symbol (module, symbol, &function) || function == NULL)
    {
      g_set_error (error, NB_FORMATS_ERROR, NB_FORMATS_ERROR_MISMATCH,
                   _("Nianbao’s file-format module has no “%s”. Reinstall Nianbao."), symbol);
      return NULL;
    }
  return function;
}
