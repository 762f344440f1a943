/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "nb-report.h"

G_BEGIN_DECLS

#define NB_STORAGE_ERROR (nb_storage_error_quark ())

typedef enum
{
  NB_STORAGE_ERROR_NOT_JSON,          /* not JSON at all, or truncated */
  NB_STORAGE_ERROR_NOT_NIANBAO,       /* JSON, but not a .nianbao document */
  NB_STORAGE_ERROR_NEWER_VERSION,
  NB_STORAGE_ERROR_UNKNOWN_TEMPLATE,
  NB_STORAGE_ERROR_INVALID,           /* a member has the wrong type or value */
  NB_STORAGE_ERROR_UNKNOWN_CELL,
  NB_STORAGE_ERROR_WRITE,
} NbStorageError;

#define NB_STORAGE_FORMAT_VERSION 1
#define NB_STORAGE_MAX_FILE_SIZE (64 * 1024 * 1024)
/* A larger seal image is refused when read, so also when chosen. */
#define NB_STORAGE_MAX_SEAL_SIZE (8 * 1024 * 1024)

GQuark     nb_storage_error_quark   (void);

/* @name is used in messages only (the file's display name). */
NbReport  *nb_storage_load_data     (const char    *data,
                                     gssize         length,
                                     const char    *name,
                                     GError       **error);
NbReport  *nb_storage_load_file     (GFile         *file,
                                     GCancellable  *cancellable,
                                     GError       **error);
char      *nb_storage_to_data       (NbReport      *report,
                                     gsize         *length);
/* Atomic: a temporary file in the same folder, fsync, rename. On failure the
 * old file is untouched and no temporary file is left behind. */
gboolean   nb_storage_save_file     (NbReport      *report,
                                     GFile         *file,
                                     GCancellable  *cancellable,
                                     GError       **error);
/* The same atomic write for any bytes (drafts, the PDF). */
gboolean   nb_storage_replace_contents (GFile         *file,
                                        const char    *data,
                                        gsize          length,
                                        GCancellable  *cancellable,
                                        GError       **error);

/* The same replacement in two steps, for a writer that needs a path of its
 * own (libxlsxwriter). nb_storage_temp_open () makes an empty temporary
 * file beside @path (beside the file a symbolic link points to), with the
 * permissions of the file it will replace; the caller writes it, then
 * nb_storage_temp_commit () syncs it, renames it over @path's file and syncs
 * the folder. Each returns 0 or the errno that stopped it; on failure the
 * temporary file is removed and the old file is untouched. @fd (optional)
 * receives the temporary file open for writing, else it is closed. A
 * folder at @path gives EISDIR, a device or a pipe ENODEV. */
int        nb_storage_temp_open     (const char    *path,
                                     char         **temp,
                                     int           *fd,
                                     gboolean      *existed);
int        nb_storage_temp_commit   (const char    *temp,
                                     const char    *path);

G_END_DECLS
