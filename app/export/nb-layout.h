/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "nb-fonts.h"
#include "nb-report.h"

G_BEGIN_DECLS

/* A4 in points: what the PDF uses and what a print operation must set. */
#define NB_LAYOUT_A4_WIDTH  595.276
#define NB_LAYOUT_A4_HEIGHT 841.890

typedef enum
{
  NB_CONTACT_BEFORE,   /* after the preamble, before 一、 (the default) */
  NB_CONTACT_AFTER,    /* after 六、, before the signature */
  NB_CONTACT_NONE,
} NbContactPosition;

/**
 * NbLayoutOptions:
 * @final: %TRUE to leave out the 草稿 watermark even while the report has errors
 * @body_family: (nullable): preferred body (仿宋) family, %NULL for automatic
 * @heading_bold: set level-2 and level-3 headings (（一）, 1.) in bold, a local practice
 * @contact_position: where the contact details go
 * @creation_date: (nullable): the PDF creation date, and the 成文日期 when the
 *   report has none; %NULL for now
 * @seal_size_mm: printed width of the seal, 0 for the usual 42 mm
 * @fonts: (nullable): fonts to lay out with, %NULL for a new #NbFonts
 *
 * Initialise with nb_layout_options_init (); the layout copies what it needs.
 */
typedef struct
{
  gboolean           final;
  const char        *body_family;
  gboolean           heading_bold;
  NbContactPosition  contact_position;
  GDateTime         *creation_date;
  double             seal_size_mm;
  NbFonts           *fonts;
  /*< private >*/
  gpointer           padding[4];
} NbLayoutOptions;

#define NB_TYPE_LAYOUT (nb_layout_get_type ())
G_DECLARE_FINAL_TYPE (NbLayout, nb_layout, NB, LAYOUT, GObject)

void         nb_layout_options_init        (NbLayoutOptions        *options);
cairo_surface_t *nb_layout_decode_seal     (GBytes                 *seal,
                                            GError                **error);

NbLayout    *nb_layout_new                 (NbReport               *report,
                                            const NbLayoutOptions  *options);
gboolean     nb_layout_paginate            (NbLayout               *self,
                                            double                  page_width,
                                            double                  page_height,
                                            GError                **error);
guint        nb_layout_get_n_pages         (NbLayout               *self);
void         nb_layout_get_page_size       (NbLayout               *self,
                                            double                 *width,
                                            double                 *height);
void         nb_layout_draw_page           (NbLayout               *self,
                                            cairo_t                *cr,
                                            guint                   page);

gboolean     nb_layout_get_has_errors      (NbLayout               *self);
gboolean     nb_layout_get_draft           (NbLayout               *self);
const char  *nb_layout_get_title           (NbLayout               *self);
const char  *nb_layout_get_agency          (NbLayout               *self);
int          nb_layout_get_year            (NbLayout               *self);
const char  *nb_layout_get_report_title    (NbLayout               *self);
const char  *nb_layout_get_basis           (NbLayout               *self);
GDateTime   *nb_layout_get_creation_date   (NbLayout               *self);
NbFonts     *nb_layout_get_fonts           (NbLayout               *self);

guint        nb_layout_get_n_sections      (NbLayout               *self);
gboolean     nb_layout_get_section         (NbLayout               *self,
                                            guint                   index,
                                            const char            **title,
                                            const char            **dest_name,
                                            guint                  *page,
                                            double                 *y);

G_END_DECLS
