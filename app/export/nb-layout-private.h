/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "nb-layout.h"

G_BEGIN_DECLS

/* Draws @page with PDF structure tags (H1…, P, Table/TR/TH/TD) and a
 * destination at each section heading. Only for a cairo PDF surface, inside
 * an open "Document" tag: cairo 1.16 loses the file on any unknown tag. */
void  _nb_layout_draw_page_tagged  (NbLayout  *self,
                                    cairo_t   *cr,
                                    guint      page);

/* A seal drawn as SVG, rasterised at print resolution. In the formats
 * module (nb-layout-svg.c): call it through nb_formats_lookup (). */
cairo_surface_t *_nb_layout_render_svg (GBytes  *bytes,
                                        GError **error);

/* For the tests: how many table cells are drawn shorter than their text. */
guint _nb_layout_count_clipped_cells (NbLayout *self);

G_END_DECLS
