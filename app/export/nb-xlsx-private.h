/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "nb-xlsx.h"

G_BEGIN_DECLS

/* In the formats module (nb-xlsx-workbook.c): call it through
 * nb_formats_lookup (), never directly. */
gboolean  _nb_xlsx_write  (NbReport             *report,
                           NbReport             *previous,
                           const char           *path,
                           const NbXlsxOptions  *options,
                           GCancellable         *cancellable,
                           GError              **error);

G_END_DECLS
