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

/* What the PDF prints after the sections (contact details, unless empty;
 * the signature's name, the agency when no signer is given; the date as
 * 2024年1月5日, %NULL when none is given). */
void  _nb_layout_get_closing_text  (NbReport   *report,
                                    char      **contact,
                                    char      **name,
                                    char      **date);

/* For the tests: how many table cells are drawn shorter than their text;
 * where the seal and the date are on the last page. */
guint    _nb_layout_count_clipped_cells (NbLayout *self);
gboolean _nb_layout_get_seal_and_date   (NbLayout *self,
                                         double   *seal_top,
                                         double   *seal_bottom,
                                         double   *date_top,
                                         double   *date_bottom);

G_END_DECLS
