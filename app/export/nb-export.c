/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-export"

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "nb-export.h"
#include "nb-storage.h"

G_DEFINE_QUARK (nb-export-error-quark, nb_export_error)

/**
 * nb_export_set_write_error:
 *
 * For libraries that only report "a write failed" (libxlsxwriter's
 * ZIP_ERRNO): the errno they leave behind says why, in the same words as
 * nb_export_begin () and nb_export_commit () use.
 */
void
nb_export_set_write_error (GError    **error,
                           const char *target,
                           int         saved_errno)
{
  g_autofree char *display = NULL;

  g_return_if_fail (target != NULL);

  display = g_filename_display_name (target);
  if (saved_errno == 0)
    saved_errno = EIO;  /* never "Could not write …: Success" */
  if (saved_errno == ENOSPC || saved_errno == EDQUOT)
    g_set_error (error, NB_EXPORT_ERROR, NB_EXPORT_ERROR_WRITE,
                 _("Could not write %s: the disk is full"), display);
  else if (saved_errno == EACCES || saved_errno == EPERM || saved_errno == EROFS)
    g_set_error (error, NB_EXPORT_ERROR, NB_EXPORT_ERROR_WRITE,
                 _("Could not write %s: you do not have permission to write there"), display);
  else if (saved_errno == ENOENT || saved_errno == ENOTDIR)
    g_set_error (error, NB_EXPORT_ERROR, NB_EXPORT_ERROR_WRITE,
                 _("Could not write %s: the folder does not exist"), display);
  else if (saved_errno == EISDIR)
    g_set_error (error, NB_EXPORT_ERROR, NB_EXPORT_ERROR_WRITE,
                 _("Could not write %s: it is a folder"), display);
  else if (saved_errno == ENODEV)
    g_set_error (error, NB_EXPORT_ERROR, NB_EXPORT_ERROR_WRITE,
                 _("Could not write %s: it is a device or a pipe, not a file"), display);
  else
    g_set_error (error, NB_EXPORT_ERROR, NB_EXPORT_ERROR_WRITE,
                 _("Could not write %s: %s"), display, g_strerror (saved_errno));
}

/**
 * nb_export_begin:
 *
 * The same atomic replacement as a save (nb_storage_temp_open ()): through
 * a symbolic link, the file it points to is replaced, and its permissions
 * are kept.
 *
 * Returns: (transfer full): the path of a new, empty temporary file beside
 *   @target, or %NULL with @error set
 */
char *
nb_export_begin (const char  *target,
                 GError     **error)
{
  char *temp = NULL;
  int saved_errno;

  g_return_val_if_fail (target != NULL, NULL);

  if ((saved_errno = nb_storage_temp_open (target, &temp, NULL, NULL)) != 0)
    {
      nb_export_set_write_error (error, target, saved_errno);
      return NULL;
    }
  return temp;
}

/**
 * nb_export_commit:
 *
 * Syncs the finished temporary file, renames it over @target and syncs the
 * folder (nb_storage_temp_commit ()). On failure the temporary file is
 * removed and @target is untouched.
 */
gboolean
nb_export_commit (const char  *temp_path,
                  const char  *target,
                  GError     **error)
{
  int saved_errno;

  g_return_val_if_fail (temp_path != NULL && target != NULL, FALSE);

  if ((saved_errno = nb_storage_temp_commit (temp_path, target)) != 0)
    {
      nb_export_set_write_error (error, target, saved_errno);
      return FALSE;
    }
  return TRUE;
}

void
nb_export_abort (const char *temp_path)
{
  if (temp_path != NULL)
    g_unlink (temp_path);
}
