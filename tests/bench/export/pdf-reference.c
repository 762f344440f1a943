/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pdf-reference"

#include "config.h"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "nb-storage.h"

/* The reference for bench-pdf: the least a pangocairo program does to print
 * the same report with the same fonts — every paragraph shaped at 72 dpi and
 * drawn line by line onto A4 pages, every table a ruled grid with one layout
 * per cell — and nothing more (no grid, no keep-with-next, no tags, no
 * outline, no temporary file). Usage: pdf-reference OUT.pdf REPORT */

#define MM (72.0 / 25.4)
#define LEFT (28 * MM)
#define TOP (37 * MM)
#define WIDTH (156 * MM)
#define HEIGHT (225 * MM)
#define PITCH (HEIGHT / 22)

typedef struct
{
  cairo_t      *cr;
  PangoContext *context;
  double        y;
} Page;

static void
next_page (Page *p)
{
  cairo_show_page (p->cr);
  p->y = 0;
}

static void
paragraph (Page       *p,
           const char *text,
           const char *family,
           double      size,
           gboolean    bold)
{
  PangoLayout *layout = pango_layout_new (p->context);
  PangoFontDescription *desc = pango_font_description_new ();
  PangoLayoutIter *iter;

  pango_font_description_set_family (desc, family);
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (WIDTH * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_indent (layout, (int) (2 * size * PANGO_SCALE));
  pango_layout_set_text (layout, text, -1);

  iter = pango_layout_get_iter (layout);
  do
    {
      PangoRectangle logical;

      if (p->y + PITCH > HEIGHT)
        next_page (p);
      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      cairo_move_to (p->cr, LEFT + logical.x / PANGO_SCALE, TOP + p->y + PITCH * 0.7);
      pango_cairo_show_layout_line (p->cr, pango_layout_iter_get_line_readonly (iter));
      p->y += PITCH;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  pango_font_description_free (desc);
  g_object_unref (layout);
}

static void
table (Page                  *p,
       NbReport              *report,
       const NbTemplateTable *t)
{
  double col_w = WIDTH / t->n_cols, row_h = 16;
  PangoFontDescription *desc = pango_font_description_from_string ("Noto Serif CJK SC 9");
  guint page_row = 0;

  pango_font_description_set_absolute_size (desc, 9 * PANGO_SCALE);
  for (guint r = 0; r < t->n_rows; r++)
    {
      if (p->y + row_h > HEIGHT)
        {
          next_page (p);
          page_row = r;
        }
      for (guint i = 0; i < t->n_grid_cells; i++)
        {
          const NbTemplateGridCell *g = &t->grid_cells[i];
          g_autofree char *value = NULL;
          PangoLayout *layout;
          double x = LEFT + g->col * col_w, y = TOP + p->y;

          if (g->row != r && !(r == page_row && g->row < r && g->row + g->row_span > r))
            continue;
          value = g->role == NB_GRID_DATA ? nb_report_format_value (report, g->cell)
                                          : g_strdup (g->text);
          layout = pango_layout_new (p->context);
          pango_layout_set_font_description (layout, desc);
          pango_layout_set_width (layout, (int) ((col_w * g->col_span - 4) * PANGO_SCALE));
          pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
          pango_layout_set_text (layout, value, -1);
          cairo_move_to (p->cr, x + 2, y + 2);
          pango_cairo_show_layout (p->cr, layout);
          cairo_rectangle (p->cr, x, y, col_w * g->col_span, row_h * g->row_span);
          cairo_stroke (p->cr);
          g_object_unref (layout);
        }
      p->y += row_h;
    }
  pango_font_description_free (desc);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(NbReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  NbTemplate *template;
  cairo_surface_t *surface;
  PangoFontMap *font_map;
  cairo_font_options_t *options;
  Page p = { 0 };

  if (argc != 3)
    return 2;
  file = g_file_new_for_commandline_arg (argv[2]);
  if ((report = nb_storage_load_file (file, NULL, &error)) == NULL)
    return 2;
  template = nb_report_get_template (report);

  FcConfigAppFontAddDir (NULL, (const FcChar8 *) "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol");
  font_map = pango_cairo_font_map_new ();
  p.context = pango_font_map_create_context (font_map);
  pango_cairo_context_set_resolution (p.context, 72);
  pango_context_set_language (p.context, pango_language_from_string ("zh-cn"));
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (p.context, options);
  cairo_font_options_destroy (options);

  surface = cairo_pdf_surface_create (argv[1], 595.276, 841.89);
  p.cr = cairo_create (surface);
  cairo_set_line_width (p.cr, 0.5);

  title = g_strdup_printf ("%s%d年%s", nb_report_get_meta (report, NB_META_AGENCY),
                           nb_report_get_year (report), nb_template_get_report_title (template));
  paragraph (&p, title, "Noto Serif CJK SC", 22, TRUE);
  for (guint i = 0; i < nb_template_get_n_sections (template); i++)
    {
      const NbTemplateSection *s = nb_template_get_section (template, i);

      if (s->title != NULL)
        paragraph (&p, s->title, "Noto Sans CJK SC", 16, FALSE);
      for (guint b = 0; b < nb_report_get_n_blocks (report, s->id); b++)
        {
          const NbBlock *block = nb_report_get_block (report, s->id, b);

          paragraph (&p, block->text, block->level == 2 ? "FandolKai,Noto Serif CJK SC"
                                                        : "FandolFang,Noto Serif CJK SC", 16, FALSE);
        }
      if (s->table_id != NULL)
        table (&p, report, nb_template_lookup_table (template, s->table_id));
    }
  paragraph (&p, nb_report_get_meta (report, NB_META_AGENCY), "FandolFang", 16, FALSE);
  cairo_show_page (p.cr);

  cairo_destroy (p.cr);
  cairo_surface_finish (surface);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return 2;
  cairo_surface_destroy (surface);
  g_object_unref (p.context);
  g_object_unref (font_map);
  return 0;
}
