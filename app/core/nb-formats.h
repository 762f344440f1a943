/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The formats module. The code that needs a large library — the xlsx
 * workbook (libxlsxwriter, which brings libcrypto), reading .docx and HTML
 * (libarchive, libxml2 and ICU) and drawing an SVG seal (librsvg) — is built
 * into a module, libnianbao-formats.so, loaded the first time one of them
 * is used. A program that links these libraries maps and relocates them
 * before main () on every start (about 10 ms, measured by bench startup),
 * though most sessions never export a workbook or import a .docx.
 *
 * The module's code calls back into the program (NbReport, NbTemplate…),
 * so every program that uses it links core and export whole and exports
 * their symbols (meson: nb_core_dep, nb_export_dep). Its entry points are
 * declared in the private headers of their modules and are only ever
 * reached through nb_formats_lookup ():
 *
 *   __typeof__ (_nb_xlsx_write) *write = nb_formats_lookup ("_nb_xlsx_write", error);
 */

#define NB_FORMATS_ERROR (nb_formats_error_quark ())

typedef enum
{
  NB_FORMATS_ERROR_MISSING,   /* the module is not there, or cannot be loaded */
  NB_FORMATS_ERROR_MISMATCH,  /* it is from another version of Nianbao */
} NbFormatsError;

GQuark    nb_formats_error_quark   (void);

/* Loads the module on first use (thread-safe; it then stays loaded) and
 * returns the function @symbol, or %NULL with @error set. */
gpointer  nb_formats_lookup        (const char  *symbol,
                                    GError     **error);

/* Where the module is looked for: $NIANBAO_FORMATS_MODULE if set, the
 * build tree's when the running program is in the build tree, else the
 * installed one. */
char     *nb_formats_get_path      (void);

/* TRUE when the running program is one built in the build tree (not an
 * installed one): it then uses the build tree's module and catalogs. */
gboolean  nb_formats_is_uninstalled (void);

G_END_DECLS
