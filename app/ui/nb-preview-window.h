/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "nb-layout.h"

G_BEGIN_DECLS

#define NB_TYPE_PREVIEW_WINDOW (nb_preview_window_get_type ())
G_DECLARE_FINAL_TYPE (NbPreviewWindow, nb_preview_window, NB, PREVIEW_WINDOW, AdwWindow)

GtkWidget *nb_preview_window_new         (GtkWindow       *parent,
                                          NbLayout        *layout);
NbLayout  *nb_preview_window_get_layout  (NbPreviewWindow *self);
guint      nb_preview_window_get_n_pages (NbPreviewWindow *self);

G_END_DECLS
