/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "nb-export.h"

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
  else
    g_set_error (error, NB_EXPORT_ERROR, NB_EXPORT_ERROR_WRITE,
                 _("Could not write %s: %s"), display, g_strerror (saved_errno));
}

/**
 * nb_export_begin:
 *
 * Returns: (transfer full): the path of a new, empty temporary file beside
 *   @target, or %NULL with @error set
 */
char *
nb_export_begin (const char  *target,
                 GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *temp = NULL;
  int fd;

  g_return_val_if_fail (target != NULL, NULL);

  if (g_file_test (target, G_FILE_TEST_IS_DIR))
    {
      nb_export_set_write_error (error, target, EISDIR);
      return NULL;
    }

  dir = g_path_get_dirname (target);
  base = g_path_get_basename (target);
  temp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (temp, O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      nb_export_set_write_error (error, target, errno);
      return NULL;
    }
  close (fd);
  return g_steal_pointer (&temp);
}

/**
 * nb_export_commit:
 *
 * Syncs the finished temporary file and renames it over @target. On failure
 * the temporary file is removed and @target is untouched.
 */
gboolean
nb_export_commit (const char  *temp_path,
                  const char  *target,
                  GError     **error)
{
  int fd;

  g_return_val_if_fail (temp_path != NULL && target != NULL, FALSE);

  fd = g_open (temp_path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fsync (fd) != 0)
    {
      int saved_errno = errno;
      if (fd >= 0)
        close (fd);
      nb_export_abort (temp_path);
      nb_export_set_write_error (error, target, saved_errno);
      return FALSE;
    }
  close (fd);

  if (g_rename (temp_path, target) != 0)
    {
      int saved_errno = errno;
      nb_export_abort (temp_path);
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
