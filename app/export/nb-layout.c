/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-layout"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "nb-export.h"
#include "nb-formats.h"
#include "nb-layout-private.h"
#include "nb-rules.h"

/**
 * NbLayout:
 *
 * The report laid out as an official document (GB/T 9704-2012): a copy of
 * the report taken at nb_layout_new (), so an export thread can paginate
 * and draw it while the user goes on editing; pages made once per page size
 * by nb_layout_paginate (); any page drawn on any cairo context, in points,
 * with (0, 0) at the page's top-left corner.
 *
 * Text sits on a fixed grid of 22 lines of 28 characters in the type area.
 * Paragraphs are shaped once at the type-area width and drawn line by line,
 * so a paragraph can break across pages without being shaped again. Tables
 * are drawn from the template's layout grid, never from per-table code.
 */

#define MM (72.0 / 25.4)

/* GB/T 9704-2012: A4, top margin 37 mm, left 28 mm, type area 156 × 225 mm. */
#define AREA_W         (156.0 * MM)
#define AREA_H         (225.0 * MM)
#define A4_LEFT        (28.0 * MM)
#define A4_TOP         (37.0 * MM)
#define N_LINES        22
#define N_CHARS        28
#define PITCH          (AREA_H / N_LINES)      /* 28.99 pt */
#define CHAR_PITCH     (AREA_W / N_CHARS)      /* 15.79 pt */

#define TITLE_SIZE     22.0   /* 二号 */
#define BODY_SIZE      16.0   /* 三号 */
#define PAGENO_SIZE    14.0   /* 四号 */
#define PAGENO_GAP     (7.0 * MM)
#define SEAL_SIZE_MM   42.0

/* Where the middle of a CJK em box (≈ 0.38 em above the baseline) sits
 * in its line, so every face lands on the same grid. */
#define EM_MIDDLE      0.38

/* Tables: smaller sizes tried in turn until the grid fits the width. */
static const double table_sizes[] = { 10.5, 9.0, 7.5, 6.5 };
/* The smallest a number in a squeezed table is set in. */
#define MIN_NUMBER_SIZE 4.5
#define CELL_HPAD      3.0
#define CELL_VPAD      2.5
#define RULE_WIDTH     0.5
#define FRAME_WIDTH    0.75

#define EPS            0.01

/* The date's "年" of the title; every other word printed comes from the
 * template, and the document is Chinese whatever the UI language. */
#define YEAR_SUFFIX    "年"

/* The order of the contact line; the labels are the template's. */
static const NbMetaField contact_fields[] = {
  NB_META_ADDRESS,
  NB_META_POSTCODE,
  NB_META_PHONE,
};

typedef struct
{
  guint  level;
  char  *text;
} Block;

typedef struct
{
  char                  *id;
  char                  *title;     /* NULL for the preamble */
  const NbTemplateTable *table;
  GArray                *blocks;    /* Block */
  /* where the heading landed */
  char                  *dest;
  guint                  page;
  double                 y;
  gboolean               placed;
} Section;

/* A paragraph, heading or the title: shaped once, drawn line by line. */
typedef struct
{
  PangoLayout *layout;
  const char  *tag;          /* PDF structure tag */
  double       size;
  guint        n_lines;
  double      *line_x;       /* x of each line relative to the type area */
  gboolean     keep_with_next;
  int          section;      /* index of the section this heads, -1 */
} TextBlock;

typedef struct
{
  const NbTemplateTable  *table;
  double                  size;
  double                 *col_x;     /* n_cols + 1, from the type area's left */
  double                 *row_h;     /* n_rows */
  PangoLayout           **cells;     /* one per grid cell, NULL when empty */
  double                 *cell_h;
} TableBlock;

typedef enum
{
  FLOW_TEXT,
  FLOW_TABLE,
  FLOW_BLANK,   /* one empty grid line, dropped at the top of a page */
} FlowKind;

typedef struct
{
  FlowKind    kind;
  TextBlock  *text;
  TableBlock *table;
} FlowItem;

typedef enum
{
  OP_LINE,
  OP_TABLE,
  OP_SEAL,
} OpKind;

typedef struct
{
  OpKind      kind;
  guint       elem;       /* ops of one element share one structure tag per page */
  const char *tag;
  double      x;
  double      y;          /* top of the line / table / seal, from the type area's top */
  /* OP_LINE */
  TextBlock  *text;
  guint       line;
  double      size;
  int         section;    /* a section heading's first line: the outline's destination */
  /* OP_TABLE: repeated header rows [h0, h1) then body rows [r0, r1) */
  TableBlock *table;
  guint       h0, h1, r0, r1;
} Op;

typedef struct
{
  GArray *ops;     /* Op */
  double  pitch;   /* line pitch of this page; tighter on a squeezed last page */
} Page;

struct _NbLayout
{
  GObject            parent_instance;

  /* the copy of the report */
  NbTemplate        *template;
  char              *title;
  char              *agency;
  int                year;
  char              *meta[NB_META_N_FIELDS];
  GBytes            *seal;
  GPtrArray         *sections;      /* Section */
  GPtrArray         *values;        /* formatted value per template cell */
  gboolean           has_errors;

  /* options */
  gboolean           final;
  char              *body_family;
  gboolean           heading_bold;
  NbContactPosition  contact_position;
  GDateTime         *creation_date;
  double             seal_size;
  NbFonts           *fonts;

  /* the pages */
  PangoContext      *context;
  double             page_w, page_h;
  double             area_x, area_y;
  GPtrArray         *text_blocks;   /* TextBlock */
  GPtrArray         *table_blocks;  /* TableBlock */
  GArray            *flow;          /* FlowItem */
  GPtrArray         *pages;         /* Page */
  cairo_surface_t   *seal_image;
  TextBlock         *sig_name;
  TextBlock         *sig_date;
  PangoLayout       *watermark;
  gboolean           paginated;
};

G_DEFINE_FINAL_TYPE (NbLayout, nb_layout, G_TYPE_OBJECT)

static void
block_clear (gpointer data)
{
  Block *b = data;

  g_free (b->text);
}

static void
section_free (gpointer data)
{
  Section *s = data;

  g_free (s->id);
  g_free (s->title);
  g_free (s->dest);
  g_array_unref (s->blocks);
  g_free (s);
}

static void
text_block_free (gpointer data)
{
  TextBlock *t = data;

  g_clear_object (&t->layout);
  g_free (t->line_x);
  g_free (t);
}

static void
table_block_free (gpointer data)
{
  TableBlock *t = data;

  for (guint i = 0; i < t->table->n_grid_cells; i++)
    g_clear_object (&t->cells[i]);
  g_free (t->cells);
  g_free (t->cell_h);
  g_free (t->col_x);
  g_free (t->row_h);
  g_free (t);
}

static void
page_free (gpointer data)
{
  Page *page = data;

  g_array_unref (page->ops);
  g_free (page);
}

static void
clear_pages (NbLayout *self)
{
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->flow, g_array_unref);
  g_clear_pointer (&self->text_blocks, g_ptr_array_unref);
  g_clear_pointer (&self->table_blocks, g_ptr_array_unref);
  g_clear_pointer (&self->seal_image, cairo_surface_destroy);
  g_clear_pointer (&self->sig_name, text_block_free);
  g_clear_pointer (&self->sig_date, text_block_free);
  g_clear_object (&self->watermark);
  self->paginated = FALSE;
}

static void
nb_layout_finalize (GObject *object)
{
  NbLayout *self = NB_LAYOUT (object);

  clear_pages (self);
  g_clear_object (&self->context);
  g_clear_object (&self->template);
  g_clear_object (&self->fonts);
  g_clear_pointer (&self->creation_date, g_date_time_unref);
  g_clear_pointer (&self->seal, g_bytes_unref);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_ptr_array_unref);
  g_free (self->title);
  g_free (self->agency);
  g_free (self->body_family);
  for (guint i = 0; i < NB_META_N_FIELDS; i++)
    g_free (self->meta[i]);

  G_OBJECT_CLASS (nb_layout_parent_class)->finalize (object);
}

static void
nb_layout_class_init (NbLayoutClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = nb_layout_finalize;
}

static void
nb_layout_init (NbLayout *self)
{
}

/**
 * nb_layout_options_init:
 *
 * Sets the defaults: a draft watermark while errors remain, automatic fonts,
 * regular headings, contact details before the body, creation date now.
 */
void
nb_layout_options_init (NbLayoutOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->contact_position = NB_CONTACT_BEFORE;
}

/* Text as a clerk typed it: the layout indents paragraphs itself, so leading
 * (full-width) spaces would indent them twice. */
static char *
clean_text (const char *text)
{
  const char *p = text;
  GString *out;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0x3000)
        break;
      p = g_utf8_next_char (p);
    }
  out = g_string_new (p);
  while (out->len > 0)
    {
      const char *last = g_utf8_find_prev_char (out->str, out->str + out->len);
      gunichar c = g_utf8_get_char (last);

      if (!g_unichar_isspace (c) && c != 0x3000)
        break;
      g_string_truncate (out, last - out->str);
    }
  return g_string_free (out, FALSE);
}

/**
 * nb_layout_new:
 * @report: the report; it is copied, later edits do not reach this layout
 * @options: (nullable): options, %NULL for the defaults
 *
 * Returns: (transfer full): a layout to paginate with nb_layout_paginate ()
 */
NbLayout *
nb_layout_new (NbReport              *report,
               const NbLayoutOptions *options)
{
  NbLayoutOptions defaults;
  NbLayout *self;
  NbTemplate *template;
  g_autoptr(GPtrArray) diagnostics = NULL;
  const char *report_title;

  g_return_val_if_fail (NB_IS_REPORT (report), NULL);

  if (options == NULL)
    {
      nb_layout_options_init (&defaults);
      options = &defaults;
    }

  self = g_object_new (NB_TYPE_LAYOUT, NULL);
  template = nb_report_get_template (report);
  self->template = g_object_ref (template);

  for (guint i = 0; i < NB_META_N_FIELDS; i++)
    self->meta[i] = g_strstrip (g_strdup (nb_report_get_meta (report, i)));
  self->agency = g_strdup (self->meta[NB_META_AGENCY]);
  self->year = nb_report_get_year (report);
  report_title = nb_template_get_report_title (template);
  if (self->year > 0)
    self->title = g_strdup_printf ("%s%d%s%s", self->agency, self->year, YEAR_SUFFIX, report_title);
  else
    self->title = g_strconcat (self->agency, report_title, NULL);
  if (nb_report_get_seal (report) != NULL)
    self->seal = g_bytes_ref (nb_report_get_seal (report));

  self->sections = g_ptr_array_new_with_free_func (section_free);
  for (guint i = 0; i < nb_template_get_n_sections (template); i++)
    {
      const NbTemplateSection *ts = nb_template_get_section (template, i);
      Section *s = g_new0 (Section, 1);
      guint n = nb_report_get_n_blocks (report, ts->id);

      s->id = g_strdup (ts->id);
      s->title = g_strdup (ts->title);
      s->table = ts->table_id != NULL ? nb_template_lookup_table (template, ts->table_id) : NULL;
      /* ASCII names: cairo 1.16 never resolves a non-ASCII destination. */
      s->dest = g_strdup_printf ("sec-%s", ts->id);
      s->blocks = g_array_new (FALSE, TRUE, sizeof (Block));
      g_array_set_clear_func (s->blocks, block_clear);
      for (guint b = 0; b < n; b++)
        {
          const NbBlock *nb = nb_report_get_block (report, ts->id, b);
          Block copy = { nb->level, clean_text (nb->text) };

          if (copy.text[0] == '\0')
            {
              g_free (copy.text);
              continue;
            }
          g_array_append_val (s->blocks, copy);
        }
      g_ptr_array_add (self->sections, s);
    }

  self->values = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < nb_template_get_n_cells (template); i++)
    g_ptr_array_add (self->values, nb_report_format_value (report, i));

  diagnostics = nb_rules_check (report, NULL);
  for (guint i = 0; i < diagnostics->len; i++)
    if (nb_diagnostic_get_severity (g_ptr_array_index (diagnostics, i)) == NB_SEVERITY_ERROR)
      self->has_errors = TRUE;

  self->final = options->final;
  self->body_family = g_strdup (options->body_family);
  self->heading_bold = options->heading_bold;
  self->contact_position = options->contact_position;
  self->creation_date = options->creation_date != NULL
                          ? g_date_time_ref (options->creation_date)
                          : g_date_time_new_now_local ();
  self->seal_size = (options->seal_size_mm > 0 ? options->seal_size_mm : SEAL_SIZE_MM) * MM;
  self->fonts = options->fonts != NULL ? g_object_ref (options->fonts) : nb_fonts_new ();

  return self;
}

/* ---- Shaping ---- */

static PangoContext *
create_context (NbLayout *self)
{
  PangoContext *context = pango_font_map_create_context (nb_fonts_get_font_map (self->fonts));
  cairo_font_options_t *font_options = cairo_font_options_create ();

  /* Points, not pango's 96 dpi; unhinted metrics so the page is the same on
   * paper, in the PDF and in the preview at any zoom. */
  pango_cairo_context_set_resolution (context, 72.0);
  cairo_font_options_set_hint_style (font_options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (font_options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context, font_options);
  cairo_font_options_destroy (font_options);
  pango_context_set_round_glyph_positions (context, FALSE);
  /* Without zh-cn fontconfig picks Japanese glyph forms or a Hei face. */
  pango_context_set_language (context, pango_language_from_string ("zh-cn"));
  pango_context_set_base_dir (context, PANGO_DIRECTION_LTR);
  return context;
}

static PangoFontDescription *
describe (NbLayout   *self,
          NbFontRole  role,
          double      size,
          gboolean    bold)
{
  PangoFontDescription *desc = nb_fonts_describe (self->fonts, role, size);

  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  return desc;
}

static PangoLayout *
make_layout (NbLayout   *self,
             const char *text,
             NbFontRole  role,
             double      size,
             gboolean    bold,
             double      width)
{
  PangoLayout *layout = pango_layout_new (self->context);
  g_autoptr(PangoFontDescription) desc = describe (self, role, size, bold);

  pango_layout_set_font_description (layout, desc);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) floor (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* The widest a signature line may be: the line less the two characters the
 * name keeps from the right edge (GB/T 9704 7.3.5.2). A longer agency name
 * (中共某某区委员会办公室（某某区人民政府办公室）) wraps. */
#define SIGNATURE_W (AREA_W - 2 * CHAR_PITCH)

typedef enum
{
  STYLE_PARAGRAPH,
  STYLE_HEADING1,
  STYLE_HEADING2,
  STYLE_HEADING3,
  STYLE_TITLE,
  STYLE_RIGHT,      /* the signature lines: placed by hand, wrapped only past SIGNATURE_W */
} TextStyle;

static TextBlock *
text_block_new (NbLayout   *self,
                const char *text,
                TextStyle   style)
{
  TextBlock *t = g_new0 (TextBlock, 1);
  PangoAttrList *attrs = pango_attr_list_new ();
  PangoLayoutIter *iter;
  NbFontRole role = NB_FONT_ROLE_BODY;
  gboolean bold = FALSE;
  double size = BODY_SIZE;
  guint i = 0;

  switch (style)
    {
    case STYLE_TITLE:
      role = NB_FONT_ROLE_TITLE;
      size = TITLE_SIZE;
      t->tag = "H1";
      break;
    case STYLE_HEADING1:
      role = NB_FONT_ROLE_HEI;
      t->tag = "H2";
      break;
    case STYLE_HEADING2:
      role = NB_FONT_ROLE_KAI;
      bold = self->heading_bold;
      t->tag = "H3";
      break;
    case STYLE_HEADING3:
      bold = self->heading_bold;
      t->tag = "H4";
      break;
    case STYLE_PARAGRAPH:
    case STYLE_RIGHT:
    default:
      t->tag = "P";
      break;
    }

  t->size = size;
  t->section = -1;
  t->keep_with_next = style == STYLE_HEADING1 || style == STYLE_HEADING2 ||
                      style == STYLE_HEADING3 || style == STYLE_TITLE;
  t->layout = make_layout (self, text, role, size, bold, style == STYLE_RIGHT ? SIGNATURE_W : AREA_W);

  if (size == BODY_SIZE)
    {
      /* 28 × 16 pt is wider than the 156 mm line: tighten every character by
       * a fifth of a point (rounded down, or lines wrap at 27). */
      int spacing = (int) floor ((CHAR_PITCH - BODY_SIZE) * PANGO_SCALE);
      pango_attr_list_insert (attrs, pango_attr_letter_spacing_new (spacing));
    }
  pango_layout_set_attributes (t->layout, attrs);
  pango_attr_list_unref (attrs);

  if (style == STYLE_TITLE)
    pango_layout_set_alignment (t->layout, PANGO_ALIGN_CENTER);
  else if (style != STYLE_RIGHT)
    {
      /* Two characters of first-line indent; continuation lines flush left. */
      pango_layout_set_indent (t->layout, (int) (2 * CHAR_PITCH * PANGO_SCALE));
      if (style == STYLE_PARAGRAPH)
        pango_layout_set_justify (t->layout, TRUE);
    }

  t->n_lines = pango_layout_get_line_count (t->layout);
  t->line_x = g_new0 (double, t->n_lines);
  /* pango_cairo_show_layout_line () ignores indent and alignment: keep the
   * x of every line from the layout's own extents. */
  iter = pango_layout_get_iter (t->layout);
  do
    {
      PangoRectangle logical;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      if (i < t->n_lines)
        t->line_x[i++] = (double) logical.x / PANGO_SCALE;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  /* Signature lines are owned by the layout itself, not the flow. */
  if (style != STYLE_RIGHT)
    g_ptr_array_add (self->text_blocks, t);
  return t;
}

static double
text_width (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.width / PANGO_SCALE;
}

static double
text_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

/* ---- Tables ---- */

static const char *
grid_cell_text (NbLayout                 *self,
                const NbTemplateGridCell *g)
{
  if (g->role == NB_GRID_DATA)
    return g->cell >= 0 && (guint) g->cell < self->values->len
             ? g_ptr_array_index (self->values, g->cell) : "";
  return g->text != NULL ? g->text : "";
}

/* Length in bytes of a label's numbering: "（三）", "三、", "1.". */
static gsize
numbering_length (const char *text)
{
  static GRegex *regex;
  g_autoptr(GMatchInfo) match = NULL;
  int end = 0;

  if (g_once_init_enter (&regex))
    g_once_init_leave (&regex, g_regex_new ("^(（[一二三四五六七八九十0-9]{1,3}）|"
                                            "[一二三四五六七八九十]{1,3}、|[0-9]{1,2}[.．、])",
                                            G_REGEX_OPTIMIZE, 0, NULL));
  if (!g_regex_match (regex, text, 0, &match) || !g_match_info_fetch_pos (match, 0, NULL, &end))
    return 0;
  return (gsize) end;
}

static double
probe_width (PangoLayout *probe,
             const char  *text,
             int          length)
{
  pango_layout_set_text (probe, text, length);
  return text_width (probe);
}

/* The narrowest a cell may be: a whole number; a label's numbering
 * (“（三）” is never split); a short heading such as 自然人 whole; otherwise
 * two characters. */
static double
cell_min_width (PangoLayout              *probe,
                const NbTemplateGridCell *g,
                const char               *text,
                double                    natural,
                double                    size)
{
  gsize prefix;

  if (g->role == NB_GRID_DATA)
    return natural;
  if (g->role == NB_GRID_COLUMN_HEADER && g_utf8_strlen (text, -1) <= 3)
    return natural;
  prefix = numbering_length (text);
  if (prefix > 0)
    return MAX (MIN (natural, 2 * size), probe_width (probe, text, (int) prefix));
  return MIN (natural, 2 * size);
}

/* What a cell would like: its text on one line, except labels merged down
 * over several rows, which can wrap inside their height. */
static double
cell_pref_width (const NbTemplateGridCell *g,
                 double                    min,
                 double                    natural,
                 double                    size)
{
  if (g->row_span > 1 && g->role == NB_GRID_ROW_HEADER)
    return MAX (min, MIN (natural, 4 * size));
  if (g->row_span > 1 && g->role == NB_GRID_COLUMN_HEADER)
    return MAX (min, natural / 2);
  return MAX (min, natural);
}

static gboolean
table_columns (NbLayout              *self,
               const NbTemplateTable *table,
               double                 size,
               double                *col_w)
{
  g_autofree double *min_w = g_new0 (double, table->n_cols);
  g_autofree double *pref_w = g_new0 (double, table->n_cols);
  g_autoptr(PangoFontDescription) desc = describe (self, NB_FONT_ROLE_SONG, size, FALSE);
  g_autoptr(PangoLayout) probe = pango_layout_new (self->context);
  double sum_min = 0, sum_pref = 0;

  pango_layout_set_font_description (probe, desc);
  for (guint c = 0; c < table->n_cols; c++)
    min_w[c] = pref_w[c] = size + 2 * CELL_HPAD;

  for (guint i = 0; i < table->n_grid_cells; i++)
    {
      const NbTemplateGridCell *g = &table->grid_cells[i];
      const char *text = grid_cell_text (self, g);
      double natural, min;

      if (g->col_span != 1)
        continue;
      natural = probe_width (probe, text, -1);
      min = cell_min_width (probe, g, text, natural, size);
      min_w[g->col] = MAX (min_w[g->col], min + 2 * CELL_HPAD);
      pref_w[g->col] = MAX (pref_w[g->col], cell_pref_width (g, min, natural, size) + 2 * CELL_HPAD);
    }

  /* A merged data cell (本年处理决定数量 over three columns) needs its
   * number to fit across the columns it spans. */
  for (guint i = 0; i < table->n_grid_cells; i++)
    {
      const NbTemplateGridCell *g = &table->grid_cells[i];
      double natural, have = 0;

      if (g->col_span < 2 || g->role != NB_GRID_DATA)
        continue;
      pango_layout_set_text (probe, grid_cell_text (self, g), -1);
      natural = text_width (probe) + 2 * CELL_HPAD;
      for (guint c = g->col; c < g->col + g->col_span; c++)
        have += min_w[c];
      if (have < natural)
        for (guint c = g->col; c < g->col + g->col_span; c++)
          min_w[c] += (natural - have) / g->col_span;
    }

  for (guint c = 0; c < table->n_cols; c++)
    {
      pref_w[c] = MAX (pref_w[c], min_w[c]);
      sum_min += min_w[c];
      sum_pref += pref_w[c];
    }
  if (sum_min > AREA_W + EPS)
    return FALSE;

  /* The automatic table layout of CSS: from the minimum towards the
   * preferred widths, then any room left shared in proportion. */
  for (guint c = 0; c < table->n_cols; c++)
    {
      if (sum_pref <= AREA_W)
        col_w[c] = pref_w[c] + (AREA_W - sum_pref) * pref_w[c] / sum_pref;
      else
        col_w[c] = min_w[c] + (pref_w[c] - min_w[c]) * (AREA_W - sum_min) / (sum_pref - sum_min);
    }
  return TRUE;
}

static TableBlock *
table_block_build (NbLayout              *self,
                   const NbTemplateTable *table,
                   double                 size,
                   const double          *col_w)
{
  TableBlock *t = g_new0 (TableBlock, 1);
  double line_h;

  t->table = table;
  t->size = size;

  t->col_x = g_new0 (double, table->n_cols + 1);
  for (guint c = 0; c < table->n_cols; c++)
    t->col_x[c + 1] = t->col_x[c] + col_w[c];
  /* Rounding must not make the frame stick out of the type area. */
  t->col_x[table->n_cols] = AREA_W;

  t->cells = g_new0 (PangoLayout *, table->n_grid_cells);
  t->cell_h = g_new0 (double, table->n_grid_cells);
  t->row_h = g_new0 (double, table->n_rows);

  {
    g_autoptr(PangoLayout) probe = make_layout (self, "国", NB_FONT_ROLE_SONG, t->size, FALSE, -1);
    line_h = text_height (probe);
  }
  for (guint r = 0; r < table->n_rows; r++)
    t->row_h[r] = line_h + 2 * CELL_VPAD;

  for (guint i = 0; i < table->n_grid_cells; i++)
    {
      const NbTemplateGridCell *g = &table->grid_cells[i];
      const char *text = grid_cell_text (self, g);
      double w = t->col_x[g->col + g->col_span] - t->col_x[g->col] - 2 * CELL_HPAD;
      PangoLayout *layout;

      if (*text == '\0')
        continue;
      layout = make_layout (self, text, NB_FONT_ROLE_SONG, t->size, FALSE, w);
      if (g->role == NB_GRID_DATA && pango_layout_get_line_count (layout) > 1)
        {
          /* Squeezed columns (seven-digit counts in the 15 columns of 四):
           * a number in a smaller size on one line, never split over two,
           * which reads as two numbers. */
          g_autoptr(PangoLayout) line = make_layout (self, text, NB_FONT_ROLE_SONG, t->size, FALSE, -1);
          double fit = floor (10 * t->size * w / text_width (line)) / 10;

          /* Glyph advances do not scale exactly with the size: step down
           * until the number is really on one line. */
          for (; fit >= MIN_NUMBER_SIZE; fit -= 0.1)
            {
              g_object_unref (layout);
              layout = make_layout (self, text, NB_FONT_ROLE_SONG, fit, FALSE, w);
              if (pango_layout_get_line_count (layout) == 1)
                break;
            }
        }
      if (g->role == NB_GRID_ROW_HEADER && g->row_span > 1 && numbering_length (text) > 0 &&
          pango_layout_get_line_count (layout) > 1)
        {
          /* A merged label that wraps anyway keeps its numbering on a line
           * of its own, as on the printed form: “（三）” over “不予公开”. */
          gsize prefix = numbering_length (text);
          g_autofree char *split = g_strdup_printf ("%.*s\n%s", (int) prefix, text, text + prefix);

          pango_layout_set_text (layout, split, -1);
        }
      switch (g->role)
        {
        case NB_GRID_DATA:
          pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
          break;
        case NB_GRID_ROW_HEADER:
          pango_layout_set_alignment (layout, PANGO_ALIGN_LEFT);
          break;
        case NB_GRID_CORNER:
          /* The 勾稽关系 note is a sentence; 信息内容 is a heading. */
          pango_layout_set_alignment (layout, g_utf8_strlen (text, -1) > 8 ? PANGO_ALIGN_LEFT
                                                                          : PANGO_ALIGN_CENTER);
          break;
        case NB_GRID_CAPTION:
        case NB_GRID_COLUMN_HEADER:
        default:
          pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
          break;
        }
      t->cells[i] = layout;
      t->cell_h[i] = text_height (layout);
      if (g->row_span == 1)
        t->row_h[g->row] = MAX (t->row_h[g->row], t->cell_h[i] + 2 * CELL_VPAD);
    }

  /* A merged cell taller than its rows stretches them evenly. */
  for (guint i = 0; i < table->n_grid_cells; i++)
    {
      const NbTemplateGridCell *g = &table->grid_cells[i];
      double have = 0, need = t->cell_h[i] + 2 * CELL_VPAD;

      if (g->row_span < 2 || t->cells[i] == NULL)
        continue;
      for (guint r = g->row; r < g->row + g->row_span; r++)
        have += t->row_h[r];
      if (have < need)
        for (guint r = g->row; r < g->row + g->row_span; r++)
          t->row_h[r] += (need - have) / g->row_span;
    }
  return t;
}

static double
table_height (TableBlock *t)
{
  double h = 0;

  for (guint r = 0; r < t->table->n_rows; r++)
    h += t->row_h[r];
  return h;
}

/* The largest of the table sizes at which the grid fits the width, and the
 * whole table one page when some size allows it. */
static TableBlock *
table_block_new (NbLayout              *self,
                 const NbTemplateTable *table)
{
  g_autofree double *col_w = g_new0 (double, table->n_cols);
  TableBlock *best = NULL;

  for (guint s = 0; s < G_N_ELEMENTS (table_sizes); s++)
    {
      TableBlock *t;

      if (!table_columns (self, table, table_sizes[s], col_w))
        continue;
      t = table_block_build (self, table, table_sizes[s], col_w);
      if (table_height (t) <= AREA_H)
        {
          g_clear_pointer (&best, table_block_free);
          best = t;
          break;
        }
      if (best == NULL)
        best = t;
      else
        table_block_free (t);
    }

  if (best == NULL)
    {
      /* Even the smallest size is too wide: squeeze it evenly and let the
       * numbers wrap rather than run out of the page. */
      for (guint c = 0; c < table->n_cols; c++)
        col_w[c] = AREA_W / table->n_cols;
      best = table_block_build (self, table, table_sizes[G_N_ELEMENTS (table_sizes) - 1], col_w);
    }

  g_ptr_array_add (self->table_blocks, best);
  return best;
}

/* ---- The flow ---- */

static void
flow_add_text (NbLayout  *self,
               TextBlock *text)
{
  FlowItem item = { FLOW_TEXT, text, NULL };

  g_array_append_val (self->flow, item);
}

static void
flow_add_blank (NbLayout *self)
{
  FlowItem item = { FLOW_BLANK, NULL, NULL };

  g_array_append_val (self->flow, item);
}

static void
flow_add_table (NbLayout   *self,
                TableBlock *table)
{
  FlowItem item = { FLOW_TABLE, NULL, table };

  g_array_append_val (self->flow, item);
}

static char *format_date (const char *text,
                          GDateTime  *fallback);

static char *
contact_text (NbTemplate  *template,
              char       **meta)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (contact_fields); i++)
    {
      const char *value = meta[contact_fields[i]];

      if (*value == '\0')
        continue;
      if (text->len > 0)
        g_string_append (text, "；");
      g_string_append_printf (text, "%s：%s",
                              nb_template_get_meta_label (template, contact_fields[i]), value);
    }
  if (text->len == 0)
    return NULL;
  g_string_append (text, "。");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Who signs: the signer given, else the agency. */
static const char *
signature_name (char **meta)
{
  return *meta[NB_META_SIGNER] != '\0' ? meta[NB_META_SIGNER] : meta[NB_META_AGENCY];
}

/* The paragraph of contact details, the signature's name and its date as
 * the PDF prints them, for the workbook's 文字 sheet. */
void
_nb_layout_get_closing_text (NbReport   *report,
                             char      **contact,
                             char      **name,
                             char      **date)
{
  char *meta[NB_META_N_FIELDS];
  const char *signer;

  for (guint i = 0; i < NB_META_N_FIELDS; i++)
    meta[i] = g_strstrip (g_strdup (nb_report_get_meta (report, i)));
  signer = signature_name (meta);
  *contact = contact_text (nb_report_get_template (report), meta);
  *name = *signer != '\0' ? g_strdup (signer) : NULL;
  *date = *meta[NB_META_DATE] != '\0' ? format_date (meta[NB_META_DATE], NULL) : NULL;
  for (guint i = 0; i < NB_META_N_FIELDS; i++)
    g_free (meta[i]);
}

static void
flow_add_contact (NbLayout *self)
{
  g_autofree char *text = contact_text (self->template, self->meta);

  if (text != NULL)
    flow_add_text (self, text_block_new (self, text, STYLE_PARAGRAPH));
}

/* Where the title may break (GB/T 9704 7.3.1: lines keep words whole):
 * after a unit of the agency's name (…市 / …区 / …委员会 / …局), before the
 * year, and before the report's name; never inside a word such as 市场. */
static GArray *
title_breaks (NbLayout *self)
{
  static const char units[] = "省市区县旗州盟乡镇局厅委会院办室处所站队心府部署司科馆";
  const char *report_title = nb_template_get_report_title (self->template);
  gsize agency_len = strlen (self->agency);
  GArray *breaks = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize at;

  for (const char *p = self->agency; *p != '\0'; p = g_utf8_next_char (p))
    {
      const char *next = g_utf8_next_char (p);
      char unit[8] = { 0 };

      memcpy (unit, p, MIN ((gsize) (next - p), sizeof unit - 1));
      if (*next != '\0' && strstr (units, unit) != NULL && !g_str_has_prefix (next, "场"))
        {
          at = (gsize) (next - self->agency);
          g_array_append_val (breaks, at);
        }
    }
  if (agency_len > 0 && g_str_has_prefix (self->title, self->agency))
    g_array_append_val (breaks, agency_len);
  if (g_str_has_suffix (self->title, report_title) && strlen (self->title) > strlen (report_title))
    {
      at = strlen (self->title) - strlen (report_title);
      g_array_append_val (breaks, at);
    }
  return breaks;
}

/* The title on one line when it fits; otherwise each line as long as fits,
 * broken only where title_breaks () allows: the agency and year on the
 * first line and the report's name on the second, as published reports
 * do, and a long agency's name at one of its units. */
static char *
title_text (NbLayout *self)
{
  g_autoptr(GArray) breaks = title_breaks (self);
  g_autoptr(GString) text = g_string_new (NULL);
  gsize start = 0, len = strlen (self->title);

  while (start < len)
    {
      g_autofree char *rest = g_strdup (self->title + start);
      g_autoptr(PangoLayout) probe = make_layout (self, rest, NB_FONT_ROLE_TITLE, TITLE_SIZE, FALSE, -1);
      gsize best = 0;

      if (text_width (probe) <= AREA_W)
        {
          g_string_append (text, rest);
          break;
        }
      for (guint i = 0; i < breaks->len; i++)
        {
          gsize at = g_array_index (breaks, gsize, i);
          g_autofree char *line = NULL;
          g_autoptr(PangoLayout) part = NULL;

          if (at <= start || at <= best)
            continue;
          line = g_strndup (self->title + start, at - start);
          part = make_layout (self, line, NB_FONT_ROLE_TITLE, TITLE_SIZE, FALSE, -1);
          if (text_width (part) <= AREA_W)
            best = at;
        }
      /* No allowed break fits: the rest wraps where Pango finds room. */
      if (best == 0)
        {
          g_string_append (text, rest);
          break;
        }
      g_string_append_len (text, self->title + start, (gssize) (best - start));
      g_string_append_c (text, '\n');
      start = best;
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
build_flow (NbLayout *self)
{
  g_autofree char *title = title_text (self);

  flow_add_text (self, text_block_new (self, title, STYLE_TITLE));
  flow_add_blank (self);

  for (guint i = 0; i < self->sections->len; i++)
    {
      Section *s = g_ptr_array_index (self->sections, i);

      s->placed = FALSE;
      if (s->title != NULL)
        {
          TextBlock *heading;

          /* The preamble precedes the contact details, the sections follow. */
          if (self->contact_position == NB_CONTACT_BEFORE &&
              (i == 0 || ((Section *) g_ptr_array_index (self->sections, i - 1))->title == NULL))
            flow_add_contact (self);

          heading = text_block_new (self, s->title, STYLE_HEADING1);
          heading->section = (int) i;
          flow_add_text (self, heading);
        }

      for (guint b = 0; b < s->blocks->len; b++)
        {
          Block *block = &g_array_index (s->blocks, Block, b);
          TextStyle style = block->level == 1 ? STYLE_HEADING1
                          : block->level == 2 ? STYLE_HEADING2
                          : block->level == 3 ? STYLE_HEADING3
                          : STYLE_PARAGRAPH;

          flow_add_text (self, text_block_new (self, block->text, style));
        }

      if (s->table != NULL)
        flow_add_table (self, table_block_new (self, s->table));
    }

  if (self->contact_position == NB_CONTACT_AFTER)
    flow_add_contact (self);
}

/* ---- Pagination ---- */

typedef struct
{
  NbLayout *self;
  Page     *page;
  double    y;             /* from the type area's top */
  guint     unit;          /* running count of lines and table rows placed */
  guint     break_before;  /* force a page break before this unit */
  guint     elem;
} Pager;

static void
pager_new_page (Pager *p)
{
  Page *page = g_new0 (Page, 1);

  page->ops = g_array_new (FALSE, TRUE, sizeof (Op));
  page->pitch = PITCH;
  g_ptr_array_add (p->self->pages, page);
  p->page = page;
  p->y = 0;
}

static void
pager_snap (Pager *p)
{
  p->y = ceil (p->y / PITCH - EPS) * PITCH;
}

static gboolean
pager_fits (Pager  *p,
            double  height)
{
  return p->y + height <= AREA_H + EPS;
}

static gboolean
pager_page_empty (Pager *p)
{
  return p->page->ops->len == 0;
}

static double
table_header_group (TableBlock *t,
                    guint       r,
                    guint      *end)
{
  double h = 0;

  /* Header rows and the first data row under them stay together. */
  while (r < t->table->n_rows && t->table->row_is_header[r])
    h += t->row_h[r++];
  if (r < t->table->n_rows)
    h += t->row_h[r++];
  if (end != NULL)
    *end = r;
  return h;
}

/* Whether the table may break before row @k: not within the first three
 * rows of a label merged down over several (no page ends with “三、” alone
 * in a sliver of its cell), and not where either part of a merged label
 * would be shorter than its text, which is drawn again on the next page. */
static gboolean
table_may_break_before (TableBlock *t,
                        guint       k)
{
  const NbTemplateTable *table = t->table;

  for (guint i = 0; i < table->n_grid_cells; i++)
    {
      const NbTemplateGridCell *g = &table->grid_cells[i];
      double need = t->cells[i] != NULL ? t->cell_h[i] + 2 * CELL_VPAD : 0;
      double above = 0, below = 0;

      if (g->row_span < 2 || k <= g->row || k >= g->row + g->row_span)
        continue;
      if (k - g->row < 3)
        return FALSE;
      for (guint r = g->row; r < k; r++)
        above += t->row_h[r];
      for (guint r = k; r < g->row + g->row_span; r++)
        below += t->row_h[r];
      if (above + EPS < need || below + EPS < need)
        return FALSE;
    }
  return TRUE;
}

/* Height of row @r and the rows that must stay with it on its page: up to
 * the next row the table may break before. */
static double
table_keep_group (TableBlock *t,
                  guint       r)
{
  const NbTemplateTable *table = t->table;
  guint end = r + 1;
  double h = 0;

  while (end < table->n_rows && !table_may_break_before (t, end))
    end++;
  for (guint k = r; k < end; k++)
    h += t->row_h[k];
  return h;
}

static double table_height (TableBlock *t);

/* A table that fits on a page but not in what is left of this one starts a
 * new page when less than half of it would stay here: three rows and then a
 * break look like a mistake; a long table simply continues. */
static gboolean
table_moves_whole (TableBlock *t,
                   double      y)
{
  double h = table_height (t);

  return y > EPS && h <= AREA_H && y + h > AREA_H + EPS && AREA_H - y < h / 2;
}

/* Height the next item needs on the same page as a heading before it,
 * which would end at @y. */
static double
flow_need_after (NbLayout *self,
                 guint     index,
                 double    y)
{
  double need = 0;

  for (guint i = index; i < self->flow->len; i++)
    {
      FlowItem *item = &g_array_index (self->flow, FlowItem, i);

      if (item->kind == FLOW_BLANK)
        continue;
      if (item->kind == FLOW_TABLE)
        {
          double top = ceil ((y + need) / PITCH - EPS) * PITCH;

          if (table_moves_whole (item->table, top))
            return need + table_height (item->table);
          return need + table_header_group (item->table, 0, NULL);
        }
      if (item->text->keep_with_next)
        {
          need += item->text->n_lines * PITCH;
          continue;
        }
      return need + MIN (item->text->n_lines, 2) * PITCH;
    }
  return need;
}

static void
place_text (Pager     *p,
            TextBlock *t,
            guint      index)
{
  NbLayout *self = p->self;
  guint elem = ++p->elem;

  pager_snap (p);
  for (guint i = 0; i < t->n_lines; i++)
    {
      Op op = { OP_LINE };
      double need = PITCH;

      if (i == 0 && t->keep_with_next)
        {
          need = t->n_lines * PITCH + flow_need_after (self, index + 1, p->y + t->n_lines * PITCH);
          /* The lines moved over with the signature begin just after this
           * heading: it goes with them, not alone at the foot of the page. */
          if (p->break_before > p->unit && p->break_before <= p->unit + t->n_lines)
            p->break_before = p->unit;
        }
      if (!pager_page_empty (p) &&
          (p->unit == p->break_before || !pager_fits (p, need)))
        {
          pager_new_page (p);
          elem = ++p->elem;
        }

      op.elem = elem;
      op.tag = t->tag;
      op.text = t;
      op.line = i;
      op.size = t->size;
      op.x = t->line_x[i];
      op.y = p->y;
      op.section = i == 0 ? t->section : -1;
      g_array_append_val (p->page->ops, op);

      if (op.section >= 0)
        {
          Section *s = g_ptr_array_index (self->sections, op.section);

          s->page = self->pages->len - 1;
          s->y = self->area_y + p->y;
          s->placed = TRUE;
        }
      p->y += PITCH;
      p->unit++;
    }
}

static Op *
table_op_new (Pager      *p,
              TableBlock *t,
              guint       h0,
              guint       h1,
              guint       r0)
{
  Op op = { OP_TABLE };

  op.elem = ++p->elem;
  op.tag = "Table";
  op.table = t;
  op.y = p->y;
  op.h0 = h0;
  op.h1 = h1;
  op.r0 = op.r1 = r0;
  op.section = -1;
  g_array_append_val (p->page->ops, op);
  for (guint r = h0; r < h1; r++)
    p->y += t->row_h[r];
  return &g_array_index (p->page->ops, Op, p->page->ops->len - 1);
}

static void
place_table (Pager      *p,
             TableBlock *t)
{
  const NbTemplateTable *table = t->table;
  Op *op = NULL;
  guint r = 0;

  pager_snap (p);
  if (table_moves_whole (t, p->y) && !pager_page_empty (p))
    pager_new_page (p);
  while (r < table->n_rows)
    {
      double need = table->row_is_header[r] ? table_header_group (t, r, NULL)
                                            : table_keep_group (t, r);
      gboolean fresh = op == NULL ? pager_page_empty (p) : op->r1 == op->r0 && op->h1 == op->h0;

      if (!fresh && (p->unit == p->break_before || !pager_fits (p, need)))
        {
          guint h0 = 0, h1 = 0;

          pager_new_page (p);
          if (!table->row_is_header[r])
            {
              /* Repeat the header rows of the block this page continues. */
              guint block = table->row_block[r];

              for (h0 = 0; h0 < table->n_rows; h0++)
                if (table->row_block[h0] == block && table->row_is_header[h0])
                  break;
              for (h1 = h0; h1 < table->n_rows && table->row_block[h1] == block &&
                            table->row_is_header[h1]; h1++)
                ;
            }
          op = table_op_new (p, t, h0, h1, r);
        }
      else if (op == NULL)
        op = table_op_new (p, t, 0, 0, r);

      op->r1 = r + 1;
      p->y += t->row_h[r];
      p->unit++;
      r++;
    }
  /* A little air below the frame before text goes back on the grid. */
  p->y += PITCH / 4;
}

/* ---- Signature block and seal ---- */

static char *
format_date (const char *text,
             GDateTime  *fallback)
{
  int y = 0, m = 0, d = 0;

  if (text != NULL && *text != '\0')
    {
      /* 2024-01-05, 2024/1/5, 2024.01.05 and 2024年01月05日 all print as
       * 2024年1月5日 (GB/T 9704: no leading zeros); anything else as typed. */
      g_auto(GStrv) parts = g_regex_split_simple ("[-/.年月日]", text, 0, 0);
      guint n = g_strv_length (parts);

      if ((n == 3 || (n == 4 && parts[3][0] == '\0')) &&
          sscanf (parts[0], "%d", &y) == 1 && sscanf (parts[1], "%d", &m) == 1 &&
          sscanf (parts[2], "%d", &d) == 1 && g_date_valid_dmy (d, m, y))
        return g_strdup_printf ("%d年%d月%d日", y, m, d);
      return g_strdup (text);
    }
  return g_strdup_printf ("%d年%d月%d日", g_date_time_get_year (fallback),
                          g_date_time_get_month (fallback),
                          g_date_time_get_day_of_month (fallback));
}

static cairo_status_t
read_bytes (void          *closure,
            unsigned char *data,
            unsigned int   length)
{
  GInputStream *stream = closure;
  gsize got = 0;

  if (!g_input_stream_read_all (stream, data, length, &got, NULL, NULL) || got != length)
    return CAIRO_STATUS_READ_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
looks_like_svg (const guchar *data,
                gsize         size)
{
  return size > 0 && g_strstr_len ((const char *) data, MIN (size, 4096), "<svg") != NULL;
}

/* A seal is printed 42 mm wide: 4096 pixels is over 2400 dpi. Larger, a
 * PNG takes seconds and gigabytes to decode at every export. */
#define SEAL_MAX_PIXELS 4096

/**
 * nb_layout_decode_seal:
 * @seal: the seal image's bytes (PNG or SVG)
 *
 * Decodes @seal as the PDF and the printout draw it. Refuses what is not a
 * PNG or an SVG, what cannot be read, and a PNG of more than 4096 pixels a
 * side.
 *
 * Returns: (transfer full) (nullable): an image surface, or %NULL with
 *   @error set
 */
cairo_surface_t *
nb_layout_decode_seal (GBytes  *seal,
                       GError **error)
{
  static const guchar png_magic[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(GInputStream) stream = NULL;
  cairo_surface_t *image;
  gsize size;
  const guchar *data;

  g_return_val_if_fail (seal != NULL, NULL);

  data = g_bytes_get_data (seal, &size);
  if (size >= sizeof png_magic && memcmp (data, png_magic, sizeof png_magic) == 0)
    {
      /* The IHDR chunk comes first: width and height, big-endian. */
      if (size >= 24)
        {
          guint32 width = (guint32) data[16] << 24 | (guint32) data[17] << 16 | (guint32) data[18] << 8 | data[19];
          guint32 height = (guint32) data[20] << 24 | (guint32) data[21] << 16 | (guint32) data[22] << 8 | data[23];

          if (width > SEAL_MAX_PIXELS || height > SEAL_MAX_PIXELS)
            {
              g_set_error (error, NB_EXPORT_ERROR, NB_EXPORT_ERROR_INTERNAL,
                           _("The seal image is %u × %u pixels; at most %u × %u are used. Set the seal again from a smaller image."),
                           width, height, SEAL_MAX_PIXELS, SEAL_MAX_PIXELS);
              return NULL;
            }
        }
      stream = g_memory_input_stream_new_from_bytes (seal);
      image = cairo_image_surface_create_from_png_stream (read_bytes, stream);
    }
  else if (looks_like_svg (data, size))
    {
      __typeof__ (_nb_layout_render_svg) *render_svg = nb_formats_lookup ("_nb_layout_render_svg", error);

      image = render_svg != NULL ? render_svg (seal, error) : NULL;
      if (image == NULL)
        return NULL;
    }
  else
    {
      g_set_error_literal (error, NB_EXPORT_ERROR, NB_EXPORT_ERROR_INTERNAL,
                           _("The seal image is neither PNG nor SVG. Set the seal again from a PNG or SVG file."));
      return NULL;
    }
  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS ||
      cairo_image_surface_get_width (image) < 1 || cairo_image_surface_get_height (image) < 1)
    {
      g_set_error (error, NB_EXPORT_ERROR, NB_EXPORT_ERROR_INTERNAL,
                   _("The seal image could not be read: %s"),
                   cairo_status_to_string (cairo_surface_status (image)));
      cairo_surface_destroy (image);
      return NULL;
    }
  return image;
}

static gboolean
load_seal (NbLayout  *self,
           GError   **error)
{
  if (self->seal == NULL)
    return TRUE;
  self->seal_image = nb_layout_decode_seal (self->seal, error);
  return self->seal_image != NULL;
}

static double
seal_height (NbLayout *self)
{
  return self->seal_size * cairo_image_surface_get_height (self->seal_image) /
         cairo_image_surface_get_width (self->seal_image);
}

/* Grid lines the signature needs below the last line of text: without a
 * seal a blank line, the name and the date; with one, two blank lines so
 * the seal's top comes within a line of the text and the name and date sit
 * just below its centre. */
static guint
signature_lines (NbLayout *self)
{
  guint lines = self->seal_image != NULL ? 4 : 3;

  if (self->sig_name == NULL)
    lines--;
  else
    lines += self->sig_name->n_lines - 1;
  return lines;
}

/* The width of one line of a signature block. */
static double
line_width (TextBlock *t,
            guint      line)
{
  PangoRectangle logical;

  pango_layout_line_get_extents (pango_layout_get_line_readonly (t->layout, (int) line), NULL, &logical);
  return (double) logical.width / PANGO_SCALE;
}

static double
block_width (TextBlock *t)
{
  double width = 0;

  for (guint i = 0; i < t->n_lines; i++)
    width = MAX (width, line_width (t, i));
  return width;
}

static void
add_line_op (Pager     *p,
             TextBlock *t,
             guint      line,
             double     x,
             double     y)
{
  Op op = { OP_LINE };

  op.elem = ++p->elem;
  op.tag = "P";
  op.text = t;
  op.line = line;
  op.size = t->size;
  op.x = x;
  op.y = y;
  op.section = -1;
  g_array_append_val (p->page->ops, op);
}

static void
place_signature (Pager *p,
                 double pitch)
{
  NbLayout *self = p->self;
  TextBlock *name = self->sig_name;
  double date_w = block_width (self->sig_date);
  guint n_name = name != NULL ? name->n_lines : 0;
  double right = AREA_W;
  double y = p->y;

  if (self->seal_image != NULL)
    {
      /* GB/T 9704 7.3.5.1: date four characters from the right, the name
       * centred above it, the seal centred over both. */
      double date_x = MAX (0, right - 4 * CHAR_PITCH - date_w);
      double centre = date_x + date_w / 2;
      double seal_h = seal_height (self);
      Op op = { OP_SEAL };
      double name_y = y + (name != NULL ? 2 : 1) * pitch;
      double date_y = name_y + n_name * pitch;

      /* Each line of a long name centred too, but kept on the page. */
      for (guint i = 0; i < n_name; i++)
        add_line_op (p, name, i, CLAMP (centre - line_width (name, i) / 2, 0, right - line_width (name, i)),
                     name_y + i * pitch);
      add_line_op (p, self->sig_date, 0, date_x, date_y);

      op.elem = ++p->elem;
      op.tag = "Figure";
      op.x = centre - self->seal_size / 2;
      /* Its centre a little above the name's line: name and date below the
       * middle. A name of several lines pushes the date down: the seal
       * goes as low as still presses the date (7.3.5.1), its top within a
       * line of the text. */
      op.y = CLAMP (MAX (name_y + 0.25 * pitch - seal_h / 2, date_y + pitch - seal_h), y, y + pitch);
      op.section = -1;
      g_array_append_val (p->page->ops, op);
    }
  else
    {
      /* GB/T 9704 7.3.5.2: a blank line, the name two characters from the
       * right, the date below it two characters further right; a date longer
       * than that moves both left so it still ends two characters in. A name
       * of several lines ends each line there; the date goes under its last. */
      double name_right = right - 2 * CHAR_PITCH;
      double last_w = n_name > 0 ? line_width (name, n_name - 1) : 0;
      double date_x = name_right - last_w + 2 * CHAR_PITCH;
      double name_y = y + pitch;

      if (name == NULL || date_x + date_w > right - 2 * CHAR_PITCH)
        {
          date_x = MAX (0, right - 2 * CHAR_PITCH - date_w);
          if (n_name == 1)
            name_right = MIN (name_right, date_x - 2 * CHAR_PITCH + last_w);
        }
      for (guint i = 0; i < n_name; i++)
        add_line_op (p, name, i, MAX (0, name_right - line_width (name, i)), name_y + i * pitch);
      add_line_op (p, self->sig_date, 0, date_x, name_y + n_name * pitch);
    }
}

static guint
count_units (Page *page)
{
  guint n = 0;

  for (guint i = 0; i < page->ops->len; i++)
    {
      Op *op = &g_array_index (page->ops, Op, i);

      n += op->kind == OP_LINE ? 1 : op->kind == OP_TABLE ? op->r1 - op->r0 : 0;
    }
  return n;
}

static gboolean
page_has_table (Page *page)
{
  for (guint i = 0; i < page->ops->len; i++)
    if (g_array_index (page->ops, Op, i).kind == OP_TABLE)
      return TRUE;
  return FALSE;
}

/* Lays the flow out; returns FALSE when the signature did not fit under
 * the last text, with *retry_unit the unit to start a new page at. */
static gboolean
run_pages (NbLayout *self,
           guint     break_before,
           gboolean  last_chance,
           guint    *retry_unit)
{
  Pager p = { self, NULL, 0, 0, break_before, 0 };
  guint lines;
  guint units;

  g_clear_pointer (&self->pages, g_ptr_array_unref);
  self->pages = g_ptr_array_new_with_free_func (page_free);
  pager_new_page (&p);

  for (guint i = 0; i < self->flow->len; i++)
    {
      FlowItem *item = &g_array_index (self->flow, FlowItem, i);

      switch (item->kind)
        {
        case FLOW_BLANK:
          if (!pager_page_empty (&p))
            {
              pager_snap (&p);
              p.y += PITCH;
            }
          break;
        case FLOW_TEXT:
          place_text (&p, item->text, i);
          break;
        case FLOW_TABLE:
          place_table (&p, item->table);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  pager_snap (&p);
  lines = signature_lines (self);
  if (pager_fits (&p, lines * PITCH))
    {
      place_signature (&p, PITCH);
      return TRUE;
    }

  /* The signature must share its page with text (此页无正文 is not
   * allowed). A page of text short by a line or two gets a tighter pitch. */
  units = count_units (p.page);
  if (!page_has_table (p.page) && p.y / PITCH + lines <= N_LINES + 2)
    {
      double used = p.y / PITCH;
      double pitch = AREA_H / (used + lines);
      double f = pitch / PITCH;

      for (guint i = 0; i < p.page->ops->len; i++)
        g_array_index (p.page->ops, Op, i).y *= f;
      p.page->pitch = pitch;
      p.y = used * pitch;
      place_signature (&p, pitch);
      return TRUE;
    }

  /* Otherwise the last two lines (or rows) go over with the signature. */
  *retry_unit = p.unit >= 2 && units >= 3 ? p.unit - 2 : G_MAXUINT;
  if (*retry_unit == G_MAXUINT || last_chance)
    {
      /* Too little on the page to move: the signature goes on a page of
       * its own only when nothing else is possible. */
      pager_new_page (&p);
      place_signature (&p, PITCH);
      return TRUE;
    }
  return FALSE;
}

static gboolean
make_signature (NbLayout  *self,
                GError   **error)
{
  g_autofree char *date = format_date (self->meta[NB_META_DATE], self->creation_date);
  const char *name = signature_name (self->meta);

  if (!load_seal (self, error))
    return FALSE;
  self->sig_date = text_block_new (self, date, STYLE_RIGHT);
  if (*name != '\0')
    self->sig_name = text_block_new (self, name, STYLE_RIGHT);
  return TRUE;
}

/**
 * nb_layout_paginate:
 * @page_width: in points (%NB_LAYOUT_A4_WIDTH)
 * @page_height: in points (%NB_LAYOUT_A4_HEIGHT)
 *
 * Lays the report out on pages of this size: the GB/T 9704 type area
 * (156 × 225 mm) placed as on A4, centred on other sizes. Fails when no
 * Chinese font is installed, the seal image cannot be read, or the page is
 * smaller than the type area.
 */
gboolean
nb_layout_paginate (NbLayout  *self,
                    double     page_width,
                    double     page_height,
                    GError   **error)
{
  guint retry = G_MAXUINT;

  g_return_val_if_fail (NB_IS_LAYOUT (self), FALSE);

  clear_pages (self);
  if (page_width < AREA_W + 20 * MM || page_height < AREA_H + 40 * MM)
    {
      g_set_error (error, NB_EXPORT_ERROR, NB_EXPORT_ERROR_INTERNAL,
                   _("The page (%.0f × %.0f mm) is too small for the 156 × 225 mm type area of an official document"),
                   page_width / MM, page_height / MM);
      return FALSE;
    }

  nb_fonts_set_preference (self->fonts, NB_FONT_ROLE_BODY, self->body_family);
  if (!nb_fonts_resolve (self->fonts, error))
    return FALSE;
  if (self->context == NULL)
    self->context = create_context (self);

  self->page_w = page_width;
  self->page_h = page_height;
  self->area_x = (page_width - NB_LAYOUT_A4_WIDTH) / 2 + A4_LEFT;
  self->area_y = (page_height - NB_LAYOUT_A4_HEIGHT) / 2 + A4_TOP;

  self->text_blocks = g_ptr_array_new_with_free_func (text_block_free);
  self->table_blocks = g_ptr_array_new_with_free_func (table_block_free);
  self->flow = g_array_new (FALSE, TRUE, sizeof (FlowItem));

  if (!make_signature (self, error))
    {
      clear_pages (self);
      return FALSE;
    }
  build_flow (self);

  if (!run_pages (self, G_MAXUINT, FALSE, &retry))
    run_pages (self, retry, TRUE, &retry);

  self->watermark = make_layout (self, nb_template_get_draft_mark (self->template), NB_FONT_ROLE_HEI, 160, FALSE, -1);
  self->paginated = TRUE;
  return TRUE;
}

guint
nb_layout_get_n_pages (NbLayout *self)
{
  g_return_val_if_fail (NB_IS_LAYOUT (self), 0);

  return self->paginated ? self->pages->len : 0;
}

void
nb_layout_get_page_size (NbLayout *self,
                         double   *width,
                         double   *height)
{
  g_return_if_fail (NB_IS_LAYOUT (self));

  if (width != NULL)
    *width = self->page_w;
  if (height != NULL)
    *height = self->page_h;
}

/* ---- Drawing ---- */

static void
tag_begin (cairo_t    *cr,
           gboolean    tagged,
           const char *tag)
{
  if (tagged)
    cairo_tag_begin (cr, tag, NULL);
}

static void
tag_end (cairo_t    *cr,
         gboolean    tagged,
         const char *tag)
{
  if (tagged)
    cairo_tag_end (cr, tag);
}

static void
draw_line (NbLayout *self,
           cairo_t  *cr,
           Page     *page,
           Op       *op,
           gboolean  tagged)
{
  PangoLayoutLine *line = pango_layout_get_line_readonly (op->text->layout, op->line);
  double baseline = self->area_y + op->y + page->pitch / 2 + EM_MIDDLE * op->size;

  if (tagged && op->section >= 0)
    {
      Section *s = g_ptr_array_index (self->sections, op->section);
      g_autofree char *attrs = g_strdup_printf ("name='%s'", s->dest);

      cairo_tag_begin (cr, CAIRO_TAG_DEST, attrs);
      cairo_move_to (cr, self->area_x + op->x, baseline);
      pango_cairo_show_layout_line (cr, line);
      cairo_tag_end (cr, CAIRO_TAG_DEST);
      return;
    }
  cairo_move_to (cr, self->area_x + op->x, baseline);
  pango_cairo_show_layout_line (cr, line);
}

static double
row_top (TableBlock *t,
         Op         *op,
         guint       row)
{
  double y = op->y;

  for (guint r = op->h0; r < op->h1; r++)
    {
      if (r == row)
        return y;
      y += t->row_h[r];
    }
  for (guint r = op->r0; r < op->r1; r++)
    {
      if (r == row)
        return y;
      y += t->row_h[r];
    }
  return y;
}

/* Draws the cells of @table that start in, or run into, rows [r0, r1) as
 * they appear on this page; a label merged down across a page break is
 * drawn again on the new page. */
static void
draw_table_rows (NbLayout   *self,
                 cairo_t    *cr,
                 Op         *op,
                 guint       r0,
                 guint       r1,
                 gboolean    tagged)
{
  TableBlock *t = op->table;
  const NbTemplateTable *table = t->table;
  double x0 = self->area_x, y0 = self->area_y;

  for (guint r = r0; r < r1; r++)
    {
      tag_begin (cr, tagged, "TR");
      for (guint i = 0; i < table->n_grid_cells; i++)
        {
          const NbTemplateGridCell *g = &table->grid_cells[i];
          guint first = MAX (g->row, r0);
          guint last = MIN (g->row + g->row_span, r1);
          double x, y, w, h = 0;
          const char *tag = g->role == NB_GRID_DATA ? "TD" : "TH";

          if (first != r || first >= last)
            continue;
          for (guint k = first; k < last; k++)
            h += t->row_h[k];
          x = x0 + t->col_x[g->col];
          w = t->col_x[g->col + g->col_span] - t->col_x[g->col];
          y = y0 + row_top (t, op, first);

          tag_begin (cr, tagged, tag);
          if (t->cells[i] != NULL)
            {
              double ty = y + MAX (CELL_VPAD, (h - t->cell_h[i]) / 2);

              cairo_save (cr);
              cairo_rectangle (cr, x, y, w, h);
              cairo_clip (cr);
              cairo_move_to (cr, x + CELL_HPAD, ty);
              pango_cairo_show_layout (cr, t->cells[i]);
              cairo_restore (cr);
            }
          tag_end (cr, tagged, tag);

          cairo_rectangle (cr, x, y, w, h);
          cairo_set_line_width (cr, RULE_WIDTH);
          cairo_stroke (cr);
        }
      tag_end (cr, tagged, "TR");
    }
}

/* The seal's and the date's tops and bottoms on the last page, from the
 * type area's top; FALSE without a seal. */
gboolean
_nb_layout_get_seal_and_date (NbLayout *self,
                              double   *seal_top,
                              double   *seal_bottom,
                              double   *date_top,
                              double   *date_bottom)
{
  Page *page;
  gboolean found = FALSE;

  g_return_val_if_fail (NB_IS_LAYOUT (self), FALSE);

  if (self->pages == NULL || self->pages->len == 0 || self->seal_image == NULL)
    return FALSE;
  page = g_ptr_array_index (self->pages, self->pages->len - 1);
  for (guint o = 0; o < page->ops->len; o++)
    {
      Op *op = &g_array_index (page->ops, Op, o);

      if (op->kind == OP_SEAL)
        {
          *seal_top = op->y;
          *seal_bottom = op->y + seal_height (self);
          found = TRUE;
        }
      else if (op->kind == OP_LINE && op->text == self->sig_date)
        {
          *date_top = op->y;
          *date_bottom = op->y + page->pitch;
        }
    }
  return found;
}

/* Cells whose text is taller than the part of them on a page: a merged
 * label cut by a page break too close to one of its ends. */
guint
_nb_layout_count_clipped_cells (NbLayout *self)
{
  guint n = 0;

  g_return_val_if_fail (NB_IS_LAYOUT (self), 0);

  for (guint p = 0; p < self->pages->len; p++)
    {
      Page *page = g_ptr_array_index (self->pages, p);

      for (guint o = 0; o < page->ops->len; o++)
        {
          Op *op = &g_array_index (page->ops, Op, o);
          const NbTemplateTable *table;

          if (op->kind != OP_TABLE)
            continue;
          table = op->table->table;
          for (guint i = 0; i < table->n_grid_cells; i++)
            {
              const NbTemplateGridCell *g = &table->grid_cells[i];
              guint first = MAX (g->row, op->r0);
              guint last = MIN (g->row + g->row_span, op->r1);
              double h = 0;

              if (first >= last || op->table->cells[i] == NULL)
                continue;
              for (guint k = first; k < last; k++)
                h += op->table->row_h[k];
              if (h + EPS < op->table->cell_h[i] + CELL_VPAD)
                n++;
            }
        }
    }
  return n;
}

static void
draw_table (NbLayout *self,
            cairo_t  *cr,
            Op       *op,
            gboolean  tagged)
{
  TableBlock *t = op->table;
  double h = 0;

  if (op->h1 > op->h0)
    draw_table_rows (self, cr, op, op->h0, op->h1, tagged);
  draw_table_rows (self, cr, op, op->r0, op->r1, tagged);

  for (guint r = op->h0; r < op->h1; r++)
    h += t->row_h[r];
  for (guint r = op->r0; r < op->r1; r++)
    h += t->row_h[r];
  cairo_rectangle (cr, self->area_x, self->area_y + op->y, AREA_W, h);
  cairo_set_line_width (cr, FRAME_WIDTH);
  cairo_stroke (cr);
}

static void
draw_seal (NbLayout *self,
           cairo_t  *cr,
           Op       *op)
{
  double scale = self->seal_size / cairo_image_surface_get_width (self->seal_image);

  cairo_save (cr);
  cairo_translate (cr, self->area_x + op->x, self->area_y + op->y);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, self->seal_image, 0, 0);
  /* Red ink over black text: multiply keeps the text readable through it. */
  cairo_set_operator (cr, CAIRO_OPERATOR_MULTIPLY);
  cairo_paint (cr);
  cairo_restore (cr);
}

static void
draw_page_number (NbLayout *self,
                  cairo_t  *cr,
                  guint     page)
{
  g_autofree char *text = g_strdup_printf ("— %u —", page + 1);
  g_autoptr(PangoLayout) layout = make_layout (self, text, NB_FONT_ROLE_SONG, PAGENO_SIZE,
                                               FALSE, -1);
  PangoLayoutLine *line = pango_layout_get_line_readonly (layout, 0);
  double w = text_width (layout);
  /* The dashes 7 mm below the type area; one character in from the right
   * edge on odd pages, from the left on even ones. */
  double baseline = self->area_y + AREA_H + PAGENO_GAP + EM_MIDDLE * PAGENO_SIZE;
  double x = page % 2 == 0 ? self->area_x + AREA_W - PAGENO_SIZE - w
                           : self->area_x + PAGENO_SIZE;

  cairo_move_to (cr, x, baseline);
  pango_cairo_show_layout_line (cr, line);
}

static void
draw_watermark (NbLayout *self,
                cairo_t  *cr)
{
  PangoRectangle ink;

  pango_layout_get_extents (self->watermark, &ink, NULL);
  cairo_save (cr);
  cairo_translate (cr, self->page_w / 2, self->page_h / 2);
  cairo_rotate (cr, -G_PI / 6);
  cairo_set_source_rgba (cr, 0.55, 0.55, 0.55, 0.28);
  cairo_move_to (cr, -(ink.x + ink.width / 2.0) / PANGO_SCALE,
                 -(ink.y + ink.height / 2.0) / PANGO_SCALE);
  pango_cairo_show_layout (cr, self->watermark);
  cairo_restore (cr);
}

static void
draw_page (NbLayout *self,
           cairo_t  *cr,
           guint     index,
           gboolean  tagged)
{
  Page *page = g_ptr_array_index (self->pages, index);
  const char *open_tag = NULL;
  guint open_elem = 0;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);

  for (guint i = 0; i < page->ops->len; i++)
    {
      Op *op = &g_array_index (page->ops, Op, i);

      /* One structure element per paragraph (or table) and page. */
      if (open_tag != NULL && op->elem != open_elem)
        {
          tag_end (cr, tagged, open_tag);
          open_tag = NULL;
        }
      if (open_tag == NULL)
        {
          tag_begin (cr, tagged, op->tag);
          open_tag = op->tag;
          open_elem = op->elem;
        }

      switch (op->kind)
        {
        case OP_LINE:
          draw_line (self, cr, page, op, tagged);
          break;
        case OP_TABLE:
          draw_table (self, cr, op, tagged);
          break;
        case OP_SEAL:
          draw_seal (self, cr, op);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  if (open_tag != NULL)
    tag_end (cr, tagged, open_tag);

  draw_page_number (self, cr, index);
  if (nb_layout_get_draft (self))
    draw_watermark (self, cr);
  cairo_restore (cr);
}

/**
 * nb_layout_draw_page:
 * @cr: any cairo context, in points with (0, 0) at the page's top-left
 * @page: 0-based
 *
 * Draws one page (no background: the paper is white). The layout's font
 * options are unhinted, so the page looks the same at any scale.
 */
void
nb_layout_draw_page (NbLayout *self,
                     cairo_t  *cr,
                     guint     page)
{
  g_return_if_fail (NB_IS_LAYOUT (self));
  g_return_if_fail (self->paginated);
  g_return_if_fail (page < self->pages->len);

  draw_page (self, cr, page, FALSE);
}

void
_nb_layout_draw_page_tagged (NbLayout *self,
                             cairo_t  *cr,
                             guint     page)
{
  g_return_if_fail (NB_IS_LAYOUT (self));
  g_return_if_fail (self->paginated);
  g_return_if_fail (page < self->pages->len);

  draw_page (self, cr, page, TRUE);
}

/* ---- Properties ---- */

/** nb_layout_get_has_errors: Returns: whether the rules found errors */
gboolean
nb_layout_get_has_errors (NbLayout *self)
{
  g_return_val_if_fail (NB_IS_LAYOUT (self), FALSE);

  return self->has_errors;
}

/** nb_layout_get_draft: Returns: whether pages carry the 草稿 watermark */
gboolean
nb_layout_get_draft (NbLayout *self)
{
  g_return_val_if_fail (NB_IS_LAYOUT (self), FALSE);

  return self->has_errors && !self->final;
}

/** nb_layout_get_title: Returns: "{agency}{year}年政府信息公开工作年度报告" */
const char *
nb_layout_get_title (NbLayout *self)
{
  g_return_val_if_fail (NB_IS_LAYOUT (self), NULL);

  return self->title;
}

const char *
nb_layout_get_agency (NbLayout *self)
{
  g_return_val_if_fail (NB_IS_LAYOUT (self), NULL);

  return self->agency;
}

int
nb_layout_get_year (NbLayout *self)
{
  g_return_val_if_fail (NB_IS_LAYOUT (self), 0);

  return self->year;
}

const char *
nb_layout_get_report_title (NbLayout *self)
{
  g_return_val_if_fail (NB_IS_LAYOUT (self), NULL);

  return nb_template_get_report_title (self->template);
}

const char *
nb_layout_get_basis (NbLayout *self)
{
  g_return_val_if_fail (NB_IS_LAYOUT (self), NULL);

  return nb_template_get_basis (self->template);
}

/** nb_layout_get_creation_date: Returns: (transfer none) */
GDateTime *
nb_layout_get_creation_date (NbLayout *self)
{
  g_return_val_if_fail (NB_IS_LAYOUT (self), NULL);

  return self->creation_date;
}

/** nb_layout_get_fonts: Returns: (transfer none) */
NbFonts *
nb_layout_get_fonts (NbLayout *self)
{
  g_return_val_if_fail (NB_IS_LAYOUT (self), NULL);

  return self->fonts;
}

/** nb_layout_get_n_sections: Returns: the number of headed sections (the outline) */
guint
nb_layout_get_n_sections (NbLayout *self)
{
  guint n = 0;

  g_return_val_if_fail (NB_IS_LAYOUT (self), 0);

  for (guint i = 0; i < self->sections->len; i++)
    if (((Section *) g_ptr_array_index (self->sections, i))->title != NULL)
      n++;
  return n;
}

/**
 * nb_layout_get_section:
 * @index: among the headed sections (一、 is 0)
 * @title: (out) (optional) (transfer none): "一、总体情况"
 * @dest_name: (out) (optional) (transfer none): an ASCII name, "sec-overview"
 * @page: (out) (optional): 0-based page of the heading
 * @y: (out) (optional): top of the heading's line, in points from the page's top
 *
 * Returns: %FALSE when @index is out of range or the layout is not paginated
 */
gboolean
nb_layout_get_section (NbLayout    *self,
                       guint        index,
                       const char **title,
                       const char **dest_name,
                       guint       *page,
                       double      *y)
{
  g_return_val_if_fail (NB_IS_LAYOUT (self), FALSE);

  if (!self->paginated)
    return FALSE;
  for (guint i = 0; i < self->sections->len; i++)
    {
      Section *s = g_ptr_array_index (self->sections, i);

      if (s->title == NULL || index-- > 0)
        continue;
      if (!s->placed)
        return FALSE;
      if (title != NULL)
        *title = s->title;
      if (dest_name != NULL)
        *dest_name = s->dest;
      if (page != NULL)
        *page = s->page;
      if (y != NULL)
        *y = s->y;
      return TRUE;
    }
  return FALSE;
}
