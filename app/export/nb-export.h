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
 * touches an existing one. Libraries that want a path (libxlsxwriter, cairo)
 * write to the path nb_export_begin () returns. */
char     *nb_export_begin       (const char  *target,
                                 GError     **error);
gboolean  nb_export_commit      (const char  *temp_path,
                                 const char  *target,
                                 GError     **error);
void      nb_export_abort       (const char  *temp_path);

G_END_DECLS
