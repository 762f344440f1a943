/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pango.h>

G_BEGIN_DECLS

/* The typefaces an official document uses, by role (GB/T 9704-2012). */
typedef enum
{
  NB_FONT_ROLE_TITLE,    /* 小标宋: the title */
  NB_FONT_ROLE_BODY,     /* 仿宋: body text, level-3 headings */
  NB_FONT_ROLE_HEI,      /* 黑体: level-1 headings, the 草稿 watermark */
  NB_FONT_ROLE_KAI,      /* 楷体: level-2 headings */
  NB_FONT_ROLE_SONG,     /* 宋体: page numbers, tables */
  NB_FONT_N_ROLES
} NbFontRole;

#define NB_TYPE_FONTS (nb_fonts_get_type ())
G_DECLARE_FINAL_TYPE (NbFonts, nb_fonts, NB, FONTS, GObject)

void                   nb_fonts_register_app_fonts (void);
char                 **nb_fonts_list_candidates    (NbFontRole   role);

NbFonts               *nb_fonts_new                (void);
void                   nb_fonts_set_preference     (NbFonts     *self,
                                                    NbFontRole   role,
                                                    const char  *family);
gboolean               nb_fonts_resolve            (NbFonts     *self,
                                                    GError     **error);
PangoFontMap          *nb_fonts_get_font_map       (NbFonts     *self);
const char            *nb_fonts_get_family         (NbFonts     *self,
                                                    NbFontRole   role);
PangoFontDescription  *nb_fonts_describe           (NbFonts     *self,
                                                    NbFontRole   role,
                                                    double       size_pt);

G_END_DECLS
