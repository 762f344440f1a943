/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "nb-layout.h"

G_BEGIN_DECLS

#define NB_TYPE_PDF (nb_pdf_get_type ())
G_DECLARE_FINAL_TYPE (NbPdf, nb_pdf, NB, PDF, GObject)

NbPdf     *nb_pdf_new          (NbLayout             *layout);
NbLayout  *nb_pdf_get_layout   (NbPdf                *self);
gboolean   nb_pdf_write        (NbPdf                *self,
                                const char           *path,
                                GCancellable         *cancellable,
                                GError              **error);
void       nb_pdf_write_async  (NbPdf                *self,
                                const char           *path,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data);
gboolean   nb_pdf_write_finish (NbPdf                *self,
                                GAsyncResult         *result,
                                GError              **error);

G_END_DECLS
