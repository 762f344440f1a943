/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define NB_EXPORT_ERROR (nb_export_error_quark ())

typedef enum
{
  NB_EXPORT_ERROR_WRITE,     /* the target could not be written */
  NB_EXPORT_ERROR_FONT,      /* no usable CJK font */
  NB_EXPORT_ERROR_INTERNAL,  /* a library reported an error (cairo, libxlsxwriter) */
} NbExportError;

GQuark    nb_export_error_quark (void);

/* Exports write through a temporary file in the target's folder and rename
 * it at the end, so a failed export never leaves a half file and never
 * touches an existing one. Libraries that want a path (libxlsxwriter)
 * write to the path nb_export_begin () returns; the PDF is made in memory
 * and written with nb_storage_replace_contents (). */
char     *nb_export_begin       (const char  *target,
                                 GError     **error);
gboolean  nb_export_commit      (const char  *temp_path,
                                 const char  *target,
                                 GError     **error);
void      nb_export_abort       (const char  *temp_path);
/* Sets @error (NB_EXPORT_ERROR_WRITE) to say in words why writing @target
 * failed with @saved_errno: a full disk, no permission, a missing folder… */
void      nb_export_set_write_error (GError    **error,
                                     const char *target,
                                     int         saved_errno);

G_END_DECLS
