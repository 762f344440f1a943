/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-xlsx"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <xlsxwriter.h>

#include "nb-export.h"
#include "nb-rules.h"
#include "nb-storage.h"
#include "nb-layout-private.h"
#include "nb-xlsx-private.h"

/*
 * The workbook the higher-level bureau receives:
 *
 *   报表  the three tables laid out from NbTemplateTable.grid_cells (the same
 *         merges as the window and the PDF), totals as SUM formulas with
 *         their cached results (locked), input cells unlocked and validated;
 *   文字  the prose sections;
 *   数据  one row per cell id, for stacking many agencies' workbooks;
 *   校验  the diagnostics of nb_rules_check ().
 *
 * The Chinese words written into the workbook (sheet names, column
 * headings, severities) are part of the workbook format a bureau's scripts
 * read, so they are constants and never translated; the form's own labels
 * come from the template.
 *
 * libxlsxwriter has no autofit: column widths and row heights are computed
 * here from the text. Widths are in Excel character units: one unit is the
 * width of "0" in the default font, 7 px, and a column of w units is
 * w × 7 + 5 px wide. A CJK glyph at 10.5 pt is 14 px, two units.
 */

#define FONT_SONG  "宋体"
#define FONT_HEI   "黑体"
#define FONT_KAI   "楷体"

#define TABLE_PT   10.5   /* 五号, the size of printed form tables */
#define PROSE_PT   12.0   /* 小四 */
#define TITLE_PT   16.0
#define HEADING_PT 12.0

/* Narrowest base column of the 报表 sheet: two CJK characters a line in the
 * review table's fifteen columns, which is how the printed form wraps them,
 * and fifteen of them fit the width of A4 portrait without shrinking. */
#define MIN_BASE_UNITS 5.8
/* The widest a row label column asks for before its text wraps. */
#define LABEL_CAP_UNITS 40.0
/* Data columns ask for this much before the allocation of base columns. */
#define DATA_UNITS 10.0

#define PROSE_UNITS 80.0
/* Excel caps a row at 409 pt; a longer paragraph continues in the next row. */
#define MAX_ROW_PT 400.0

#define COLOR_TOTAL_FILL    0xF2F2F2
#define COLOR_MISMATCH_FILL 0xFFC7CE
#define COLOR_MISMATCH_TEXT 0x9C0006
#define COLOR_HEADER_FILL   0xDDEBF7
#define COLOR_ERROR_TEXT    0xC00000

/* A4 portrait with half-inch side margins leaves 523 pt = 697 px. */
#define MARGIN_SIDE   0.5
#define MARGIN_TOP    0.75
#define MARGIN_BOTTOM 0.75

/* ---- Errors ---- */

static gboolean
lxw_check (lxw_error   err,
           const char *what,
           GError    **error)
{
  if (err == LXW_NO_ERROR)
    return TRUE;
  g_set_error (error, NB_EXPORT_ERROR, NB_EXPORT_ERROR_INTERNAL,
               _("Could not build the workbook (%s): %s"), what, lxw_strerror (err));
  return FALSE;
}

#define CHECK(call, what) \
  G_STMT_START { if (!lxw_check ((call), (what), error)) return FALSE; } G_STMT_END

/* ---- Measuring text ---- */

static double
char_px (gunichar c,
         double   pt)
{
  double em = pt * 96.0 / 72.0;

  return _nb_xlsx_char_is_wide (c) ? em : em * 0.5;
}

static double
text_px (const char *text,
         double      pt)
{
  double px = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    px += char_px (g_utf8_get_char (p), pt);
  return px;
}

/* Text width in column units at @pt (a unit is 7 px). */
static double
text_units (const char *text,
            double      pt)
{
  return text_px (text, pt) / 7.0;
}

static double
units_to_px (double units)
{
  return (double) (int) (units * 7.0 + 5.0);
}

/* The width text wraps at in a cell @avail_px wide, with the cell's
 * padding and some slack. */
static double
wrap_px (double avail_px,
         double pt)
{
  return MAX (avail_px * 0.94 - 4.0, pt * 96.0 / 72.0);
}

/* Lines a wrapped cell of @avail_px needs. Excel and LibreOffice break CJK
 * text between any two characters; a little slack makes the estimate err
 * towards one line too many rather than a clipped one. */
static guint
count_lines (const char *text,
             double      avail_px,
             double      pt)
{
  guint lines = 1;
  double x = 0;

  avail_px = wrap_px (avail_px, pt);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      double w;

      if (c == '\n')
        {
          lines++;
          x = 0;
          continue;
        }
      w = char_px (c, pt);
      if (x > 0 && x + w > avail_px)
        {
          lines++;
          x = 0;
        }
      x += w;
    }
  return lines;
}

static double
line_pt (double pt)
{
  return pt * 1.4;
}

static double
height_for_lines (guint  lines,
                  double pt)
{
  return lines * line_pt (pt) + 4.0;
}

/* ---- Merges ---- */

/* libxlsxwriter accepts overlapping merged ranges silently and Excel then
 * "repairs" the file, so every merge of a sheet goes through this map. */
typedef struct
{
  guint       n_cols;
  GByteArray *used;
} MergeMap;

static void
merge_map_init (MergeMap *map,
                guint     n_cols)
{
  map->n_cols = n_cols;
  map->used = g_byte_array_new ();
}

static void
merge_map_clear (MergeMap *map)
{
  g_clear_pointer (&map->used, g_byte_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MergeMap, merge_map_clear)

static gboolean
merge_map_claim (MergeMap *map,
                 guint     r1,
                 guint     c1,
                 guint     r2,
                 guint     c2,
                 GError  **error)
{
  guint need = (r2 + 1) * map->n_cols;

  g_assert (c2 < map->n_cols);
  if (map->used->len < need)
    {
      guint old = map->used->len;
      g_byte_array_set_size (map->used, need);
      memset (map->used->data + old, 0, need - old);
    }
  for (guint r = r1; r <= r2; r++)
    for (guint c = c1; c <= c2; c++)
      if (map->used->data[r * map->n_cols + c])
        {
          g_set_error (error, NB_EXPORT_ERROR, NB_EXPORT_ERROR_INTERNAL,
                       _("Could not build the workbook: the form template has overlapping cells at row %u, column %u"),
                       r + 1, c + 1);
          return FALSE;
        }
  for (guint r = r1; r <= r2; r++)
    memset (map->used->data + r * map->n_cols + c1, 1, c2 - c1 + 1);
  return TRUE;
}

/* ---- The export ---- */

typedef struct
{
  guint row;
  guint col;       /* first sheet column */
  guint last_col;  /* last sheet column (a data cell may span several) */
} CellPos;

typedef struct
{
  guint  r1, r2;
  double pt;       /* height the content needs over rows r1..r2 */
} HeightNeed;

typedef struct
{
  NbReport       *report;
  NbTemplate     *template;
  GPtrArray      *diagnostics;
  GDateTime      *created;
  NbAggregate    *aggregate;   /* nullable: adds the 明细 sheet */

  lxw_workbook   *workbook;
  GHashTable     *formats;     /* key → lxw_format* (owned by the workbook) */

  /* 报表 layout */
  guint           n_base;      /* sheet columns of the 报表 sheet */
  double          base_units;  /* their width */
  guint         **col_start;   /* per table: grid column boundary → sheet column */
  guint          *table_top;   /* per table: sheet row of grid row 0 */
  guint           n_form_rows;
  double         *row_pt;
  CellPos        *cells;       /* per template cell */
  guint           repeat_first;
  guint           repeat_last;
  gboolean        has_repeat;
  guint           break_row;

  char           *title;       /* 东胜区统计局2023年政府信息公开工作年度报告 */
} Export;

static void
export_clear (Export *x)
{
  guint n_tables = x->template != NULL ? nb_template_get_n_tables (x->template) : 0;

  if (x->col_start != NULL)
    for (guint t = 0; t < n_tables; t++)
      g_free (x->col_start[t]);
  g_clear_pointer (&x->col_start, g_free);
  g_clear_pointer (&x->table_top, g_free);
  g_clear_pointer (&x->row_pt, g_free);
  g_clear_pointer (&x->cells, g_free);
  g_clear_pointer (&x->title, g_free);
  g_clear_pointer (&x->formats, g_hash_table_unref);
  g_clear_pointer (&x->diagnostics, g_ptr_array_unref);
  g_clear_pointer (&x->created, g_date_time_unref);
  g_clear_object (&x->aggregate);
}

/* ---- Formats ---- */

typedef enum
{
  STYLE_TITLE,
  STYLE_HEADING,
  STYLE_CAPTION,
  STYLE_HEADER,
  STYLE_ROW_LABEL,
  STYLE_ROW_GROUP,
  STYLE_DATA,
  STYLE_TOTAL,        /* a total that agrees: its SUM formula, locked */
  STYLE_TOTAL_BLANK,  /* a total left blank: to be filled in */
  STYLE_MISMATCH,     /* a typed total that disagrees: to be corrected */
  STYLE_CF_MISMATCH,
  STYLE_PROSE_TITLE,
  STYLE_PROSE_SECTION,
  STYLE_PROSE_H1,
  STYLE_PROSE_H2,
  STYLE_PROSE_H3,
  STYLE_PROSE_TEXT,
  STYLE_PROSE_SIGN,
  STYLE_LIST_HEADER,
  STYLE_LIST_TEXT,
  STYLE_LIST_WRAP,
  STYLE_LIST_ERROR,
  STYLE_LIST_VALUE,
} Style;

/* Number format of a data cell: counts are whole numbers; an amount keeps
 * exactly the digits typed ("24252.311082", "1.50"); a blank amount is
 * General so whatever someone types later shows as typed. */
static const char *
number_format (const NbTemplateCell *cell,
               const NbDecimal      *value)
{
  static const char *const scaled[] = {
    "0", "0.0", "0.00", "0.000", "0.0000", "0.00000", "0.000000",
  };

  if (cell == NULL)
    return NULL;
  if (cell->kind != NB_CELL_KIND_AMOUNT)
    return "0";
  if (value == NULL)
    return "General";
  return scaled[MIN (value->scale, G_N_ELEMENTS (scaled) - 1)];
}

static lxw_format *
get_format (Export     *x,
            Style       style,
            const char *num_format)
{
  g_autofree char *key = g_strdup_printf ("%d/%s", style, num_format != NULL ? num_format : "");
  lxw_format *f = g_hash_table_lookup (x->formats, key);

  if (f != NULL)
    return f;

  f = workbook_add_format (x->workbook);
  g_hash_table_insert (x->formats, g_steal_pointer (&key), f);
  if (style == STYLE_CF_MISMATCH)
    {
      /* A conditional format carries only what it changes. */
      format_set_bg_color (f, COLOR_MISMATCH_FILL);
      format_set_font_color (f, COLOR_MISMATCH_TEXT);
      return f;
    }

  format_set_font_name (f, FONT_SONG);
  format_set_font_size (f, TABLE_PT);
  format_set_align (f, LXW_ALIGN_VERTICAL_CENTER);

  switch (style)
    {
    case STYLE_TITLE:
      format_set_font_size (f, TITLE_PT);
      format_set_bold (f);
      format_set_align (f, LXW_ALIGN_CENTER);
      format_set_text_wrap (f);
      break;
    case STYLE_HEADING:
      format_set_font_name (f, FONT_HEI);
      format_set_font_size (f, HEADING_PT);
      format_set_align (f, LXW_ALIGN_LEFT);
      break;
    case STYLE_CAPTION:
    case STYLE_HEADER:
    case STYLE_ROW_GROUP:
      format_set_align (f, LXW_ALIGN_CENTER);
      format_set_text_wrap (f);
      format_set_border (f, LXW_BORDER_THIN);
      break;
    case STYLE_ROW_LABEL:
      format_set_align (f, LXW_ALIGN_LEFT);
      format_set_indent (f, 1);
      format_set_text_wrap (f);
      format_set_border (f, LXW_BORDER_THIN);
      break;
    case STYLE_DATA:
    case STYLE_TOTAL:
    case STYLE_TOTAL_BLANK:
    case STYLE_MISMATCH:
      format_set_align (f, LXW_ALIGN_CENTER);
      format_set_border (f, LXW_BORDER_THIN);
      /* Like the window's computed totals, a SUM formula is not typed over:
       * the sheet's protection keeps it, yet anyone may unprotect. */
      if (style != STYLE_TOTAL)
        format_set_unlocked (f);
      if (style == STYLE_TOTAL || style == STYLE_TOTAL_BLANK)
        format_set_bg_color (f, COLOR_TOTAL_FILL);
      else if (style == STYLE_MISMATCH)
        {
          format_set_bg_color (f, COLOR_MISMATCH_FILL);
          format_set_font_color (f, COLOR_MISMATCH_TEXT);
          format_set_bold (f);
        }
      break;
    case STYLE_PROSE_TITLE:
      format_set_font_size (f, TITLE_PT);
      format_set_bold (f);
      format_set_align (f, LXW_ALIGN_CENTER);
      format_set_text_wrap (f);
      break;
    case STYLE_PROSE_SECTION:
    case STYLE_PROSE_H1:
      format_set_font_name (f, FONT_HEI);
      format_set_font_size (f, style == STYLE_PROSE_SECTION ? 14.0 : PROSE_PT);
      format_set_text_wrap (f);
      break;
    case STYLE_PROSE_H2:
      format_set_font_name (f, FONT_KAI);
      format_set_font_size (f, PROSE_PT);
      format_set_bold (f);
      format_set_text_wrap (f);
      break;
    case STYLE_PROSE_H3:
      format_set_font_size (f, PROSE_PT);
      format_set_bold (f);
      format_set_text_wrap (f);
      break;
    case STYLE_PROSE_TEXT:
      format_set_font_size (f, PROSE_PT);
      format_set_align (f, LXW_ALIGN_VERTICAL_TOP);
      format_set_text_wrap (f);
      break;
    case STYLE_PROSE_SIGN:
      format_set_font_size (f, PROSE_PT);
      format_set_align (f, LXW_ALIGN_RIGHT);
      break;
    case STYLE_LIST_HEADER:
      format_set_bold (f);
      format_set_bg_color (f, COLOR_HEADER_FILL);
      format_set_border (f, LXW_BORDER_THIN);
      break;
    case STYLE_LIST_TEXT:
    case STYLE_LIST_VALUE:
      break;
    case STYLE_LIST_WRAP:
      format_set_text_wrap (f);
      break;
    case STYLE_LIST_ERROR:
      format_set_font_color (f, COLOR_ERROR_TEXT);
      break;
    default:
      g_assert_not_reached ();
    }
  if (num_format != NULL)
    format_set_num_format (f, num_format);
  return f;
}

/* ---- Writing helpers ---- */

static char *
range_ref (guint r1,
           guint c1,
           guint r2,
           guint c2)
{
  char a[LXW_MAX_CELL_NAME_LENGTH], b[LXW_MAX_CELL_NAME_LENGTH];

  lxw_rowcol_to_cell_abs (a, r1, c1, TRUE, TRUE);
  if (r1 == r2 && c1 == c2)
    return g_strdup (a);
  lxw_rowcol_to_cell_abs (b, r2, c2, TRUE, TRUE);
  return g_strdup_printf ("%s:%s", a, b);
}

/* Writes @text into r1..r2 × c1..c2, merging when the range has more than
 * one cell (libxlsxwriter refuses single-cell merges). */
static gboolean
write_label (lxw_worksheet *ws,
             MergeMap      *map,
             guint          r1,
             guint          c1,
             guint          r2,
             guint          c2,
             const char    *text,
             lxw_format    *format,
             GError       **error)
{
  if (!merge_map_claim (map, r1, c1, r2, c2, error))
    return FALSE;
  if (r1 == r2 && c1 == c2)
    {
      if (text == NULL || *text == '\0')
        CHECK (worksheet_write_blank (ws, r1, c1, format), "write_blank");
      else
        CHECK (worksheet_write_string (ws, r1, c1, text, format), "write_string");
      return TRUE;
    }
  CHECK (worksheet_merge_range (ws, r1, c1, r2, c2, text != NULL ? text : "", format),
         "merge_range");
  return TRUE;
}

/* Header and footer strings: "&" is a code there, and Excel refuses more
 * than 255 characters. */
static char *
header_escape (const char *text,
               glong       max_chars)
{
  g_autoptr(GString) s = g_string_new (NULL);
  glong n = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' || c == '\r' || c == '\t')
        c = ' ';
      if (n + (c == '&' ? 2 : 1) > max_chars)
        {
          g_string_append_unichar (s, 0x2026);
          break;
        }
      if (c == '&')
        {
          g_string_append (s, "&&");
          n += 2;
        }
      else
        {
          g_string_append_unichar (s, c);
          n += 1;
        }
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
print_setup (Export        *x,
             lxw_worksheet *ws,
             gboolean       landscape,
             GError       **error)
{
  const char *agency = nb_report_get_meta (x->report, NB_META_AGENCY);
  const char *report_title = nb_template_get_report_title (x->template);
  int year = nb_report_get_year (x->report);
  g_autofree char *year_title = year > 0 ? g_strdup_printf ("%d年%s", year, report_title)
                                         : g_strdup (report_title);
  g_autofree char *right = header_escape (year_title, 110);
  g_autofree char *left = NULL;
  g_autofree char *header = NULL;

  /* Agency on the left, year and report on the right; "&L" + agency +
   * "&R" + the rest stay within Excel's 255 characters. */
  left = header_escape (agency, 255 - 4 - g_utf8_strlen (right, -1) - 1);
  header = g_strdup_printf ("&L%s&R%s", left, right);

  worksheet_set_paper (ws, 9);  /* A4 */
  if (landscape)
    worksheet_set_landscape (ws);
  else
    worksheet_set_portrait (ws);
  worksheet_set_margins (ws, MARGIN_SIDE, MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM);
  worksheet_fit_to_pages (ws, 1, 0);
  worksheet_center_horizontally (ws);
  CHECK (worksheet_set_header (ws, header), "set_header");
  CHECK (worksheet_set_footer (ws, "&C第 &P 页，共 &N 页"), "set_footer");
  return TRUE;
}

/* ---- 报表: layout ---- */

/* Desired width in units of each label column of @table, from the labels
 * that sit in that column alone. */
static double
label_column_units (const NbTemplateTable *table,
                    guint                  col)
{
  double units = 4.0;

  for (guint i = 0; i < table->n_grid_cells; i++)
    {
      const NbTemplateGridCell *g = &table->grid_cells[i];
      double want;

      if (g->col != col || g->col_span != 1 || g->text == NULL ||
          (g->role != NB_GRID_ROW_HEADER && g->role != NB_GRID_CORNER))
        continue;
      want = text_units (g->text, TABLE_PT) + 2.0;
      /* A group label merged down over several rows stacks its characters;
       * four to a line reads well and keeps the column narrow. */
      if (g->row_span > 1)
        want = MIN (want, text_units ("四个汉字", TABLE_PT) + 1.0);
      units = MAX (units, MIN (want, LABEL_CAP_UNITS));
    }
  return units;
}

/* Spreads @n_base sheet columns over the grid columns of @table: every data
 * column gets the same count, the label columns share the rest in
 * proportion to their text. Returns the n_cols + 1 boundaries. */
static guint *
allocate_columns (const NbTemplateTable *table,
                  guint                  n_base)
{
  guint n_cols = table->n_cols;
  guint n_label = MIN (table->n_label_cols, n_cols);
  guint n_data = n_cols - n_label;
  g_autofree double *want = g_new0 (double, MAX (n_label, 1));
  g_autofree guint *count = g_new0 (guint, n_cols);
  guint *start = g_new0 (guint, n_cols + 1);
  double label_total = 0;
  guint per_data = 0, used = 0;

  g_assert (n_cols <= n_base);

  for (guint c = 0; c < n_label; c++)
    {
      want[c] = label_column_units (table, c);
      label_total += want[c];
    }

  if (n_data > 0)
    {
      double share = n_data * DATA_UNITS / (n_data * DATA_UNITS + label_total);
      guint most = (n_base - n_label) / n_data;

      per_data = (guint) (share * n_base / n_data + 0.5);
      per_data = CLAMP (per_data, 1, most);
      for (guint c = n_label; c < n_cols; c++)
        count[c] = per_data;
      used = per_data * n_data;
    }

  if (n_label > 0)
    {
      guint left = n_base - used;
      guint given = 0;

      /* Floors first (at least one each), then the remainder by largest
       * fraction: the widest label column wins ties. */
      for (guint c = 0; c < n_label; c++)
        {
          double ideal = want[c] / label_total * left;
          count[c] = MAX (1, (guint) ideal);
          given += count[c];
        }
      while (given > left)
        {
          guint widest = 0;
          for (guint c = 1; c < n_label; c++)
            if (count[c] > count[widest])
              widest = c;
          g_assert (count[widest] > 1);
          count[widest]--;
          given--;
        }
      while (given < left)
        {
          guint best = 0;
          double best_frac = -G_MAXDOUBLE;
          for (guint c = 0; c < n_label; c++)
            {
              double frac = want[c] / label_total * left - count[c];
              if (frac > best_frac + 1e-9 ||
                  (ABS (frac - best_frac) <= 1e-9 && want[c] > want[best]))
                {
                  best = c;
                  best_frac = frac;
                }
            }
          count[best]++;
          given++;
        }
      used += given;
    }
  else if (n_data > 0)
    {
      /* No label columns: the last data columns absorb what is left. */
      for (guint i = 0; used < n_base; i = (i + 1) % n_data)
        {
          count[n_cols - 1 - i]++;
          used++;
        }
    }

  g_assert (used == n_base);
  for (guint c = 0; c < n_cols; c++)
    start[c + 1] = start[c] + count[c];
  return start;
}

static gboolean
sum_agrees (Export      *x,
            guint        cell,
            const guint *parts,
            guint        n_parts,
            NbDecimal   *sum_out)
{
  NbDecimal sum = NB_DECIMAL_INIT, value;

  g_assert (parts != NULL);
  for (guint i = 0; i < n_parts; i++)
    {
      NbDecimal v;
      nb_report_get_value (x->report, parts[i], &v);  /* blank counts as 0 */
      if (!nb_decimal_add (&sum, &v, &sum))
        return FALSE;
    }
  if (sum_out != NULL)
    *sum_out = sum;
  if (!nb_report_get_value (x->report, cell, &value))
    return FALSE;
  return nb_decimal_equal (&sum, &value);
}

/* Whether a total equals its parts; (七）总计 / 总计 must equal both its
 * row and its column. */
static gboolean
total_agrees (Export    *x,
              guint      cell,
              NbDecimal *sum_out)
{
  guint n_parts = 0, n_other = 0;
  const guint *parts = nb_template_get_total_parts (x->template, cell, &n_parts);
  const guint *other = nb_template_get_other_total_parts (x->template, cell, &n_other);

  return sum_agrees (x, cell, parts, n_parts, sum_out) &&
         (other == NULL || sum_agrees (x, cell, other, n_other, NULL));
}

static void
need_height (GArray *needs,
             guint   r1,
             guint   r2,
             double  pt)
{
  HeightNeed n = { r1, r2, pt };

  g_array_append_val (needs, n);
}

static int
compare_needs (gconstpointer a,
               gconstpointer b)
{
  const HeightNeed *x = a, *y = b;
  guint sx = x->r2 - x->r1, sy = y->r2 - y->r1;

  return sx < sy ? -1 : sx > sy ? 1 : 0;
}

static double
span_px (Export *x,
         guint   c1,
         guint   c2)
{
  return (c2 - c1 + 1) * units_to_px (x->base_units);
}

/* Lays the 报表 sheet out: which sheet columns each grid column covers,
 * where every table and cell lands, and how tall each row must be. */
static void
layout_form (Export *x)
{
  NbTemplate *t = x->template;
  guint n_tables = nb_template_get_n_tables (t);
  guint n_sections = nb_template_get_n_sections (t);
  g_autoptr(GArray) needs = g_array_new (FALSE, FALSE, sizeof (HeightNeed));
  guint row = 0;
  guint longest = 0, longest_rows = 0;

  x->n_base = 1;
  for (guint i = 0; i < n_tables; i++)
    x->n_base = MAX (x->n_base, nb_template_get_table (t, i)->n_cols);

  x->col_start = g_new0 (guint *, n_tables);
  x->table_top = g_new0 (guint, n_tables);
  x->cells = g_new0 (CellPos, nb_template_get_n_cells (t));

  /* Base width: the minimum, or wider when a value needs it. */
  x->base_units = MIN_BASE_UNITS;
  for (guint i = 0; i < n_tables; i++)
    {
      const NbTemplateTable *table = nb_template_get_table (t, i);

      x->col_start[i] = allocate_columns (table, x->n_base);
      for (guint g = 0; g < table->n_grid_cells; g++)
        {
          const NbTemplateGridCell *gc = &table->grid_cells[g];
          g_autofree char *text = NULL;
          guint span;

          if (gc->role != NB_GRID_DATA)
            continue;
          text = nb_report_format_value (x->report, gc->cell);
          span = x->col_start[i][gc->col + gc->col_span] - x->col_start[i][gc->col];
          x->base_units = MAX (x->base_units, (text_units (text, TABLE_PT) + 2.0) / span);
        }
    }

  /* Title row, a thin gap, then each table section: heading, grid, gap. */
  need_height (needs, row, row, height_for_lines (count_lines (x->title, span_px (x, 0, x->n_base - 1), TITLE_PT), TITLE_PT) + 6);
  row++;
  need_height (needs, row, row, 6);
  row++;

  for (guint s = 0; s < n_sections; s++)
    {
      const NbTemplateSection *section = nb_template_get_section (t, s);
      const NbTemplateTable *table;
      guint ti;

      if (section->table_id == NULL)
        continue;
      table = nb_template_lookup_table (t, section->table_id);
      for (ti = 0; ti < n_tables && nb_template_get_table (t, ti) != table; ti++)
        ;
      g_assert (ti < n_tables);

      need_height (needs, row, row, height_for_lines (1, HEADING_PT) + 8);
      row++;
      x->table_top[ti] = row;
      if (table->n_rows > longest_rows)
        {
          longest = ti;
          longest_rows = table->n_rows;
        }

      for (guint r = 0; r < table->n_rows; r++)
        need_height (needs, row + r, row + r, height_for_lines (1, TABLE_PT));

      for (guint g = 0; g < table->n_grid_cells; g++)
        {
          const NbTemplateGridCell *gc = &table->grid_cells[g];
          guint c1 = x->col_start[ti][gc->col];
          guint c2 = x->col_start[ti][gc->col + gc->col_span] - 1;
          guint r1 = row + gc->row, r2 = r1 + gc->row_span - 1;

          if (gc->role == NB_GRID_DATA)
            {
              x->cells[gc->cell].row = r1;
              x->cells[gc->cell].col = c1;
              x->cells[gc->cell].last_col = c2;
            }
          else if (gc->text != NULL)
            {
              guint lines = count_lines (gc->text, span_px (x, c1, c2), TABLE_PT);
              need_height (needs, r1, r2, height_for_lines (lines, TABLE_PT));
            }
        }
      row += table->n_rows;
      need_height (needs, row, row, 10);
      row++;
    }

  x->n_form_rows = row;
  x->row_pt = g_new0 (double, row);

  /* Single rows first, then merged cells from the shortest span up; a
   * merged label that needs more room spreads it over its rows. */
  g_array_sort (needs, compare_needs);
  for (guint i = 0; i < needs->len; i++)
    {
      HeightNeed *n = &g_array_index (needs, HeightNeed, i);
      double have = 0;

      if (n->r1 == n->r2)
        {
          x->row_pt[n->r1] = MAX (x->row_pt[n->r1], n->pt);
          continue;
        }
      for (guint r = n->r1; r <= n->r2; r++)
        have += x->row_pt[r];
      if (have < n->pt)
        {
          double extra = (n->pt - have) / (n->r2 - n->r1 + 1);
          for (guint r = n->r1; r <= n->r2; r++)
            x->row_pt[r] += extra;
        }
    }
  for (guint r = 0; r < row; r++)
    x->row_pt[r] = MIN (409.0, (double) (int) (x->row_pt[r] * 4.0 + 0.999) / 4.0);

  /* The longest table starts a page, and its header rows repeat on the
   * pages it continues on. */
  if (longest_rows > 0)
    {
      const NbTemplateTable *table = nb_template_get_table (t, longest);
      guint n_header = 0;

      while (n_header < table->n_rows && table->row_is_header[n_header])
        n_header++;
      if (n_header > 0)
        {
          x->has_repeat = TRUE;
          x->repeat_first = x->table_top[longest];
          x->repeat_last = x->table_top[longest] + n_header - 1;
        }
      /* Its section heading is the row above. */
      x->break_row = x->table_top[longest] - 1;
    }
}

/* "$B$5:$G$5,$B$9": the parts of a total, adjacent cells joined in ranges. */
static char *
sum_arguments (Export      *x,
               const guint *parts,
               guint        n_parts)
{
  g_autoptr(GString) s = g_string_new (NULL);
  guint i = 0;

  while (i < n_parts)
    {
      const CellPos *first = &x->cells[parts[i]];
      const CellPos *last = first;
      guint j = i + 1;
      g_autofree char *ref = NULL;

      while (j < n_parts)
        {
          const CellPos *next = &x->cells[parts[j]];
          gboolean right = next->row == last->row && next->col == last->last_col + 1 &&
                           first->row == last->row;
          gboolean below = next->col == last->col && next->row == last->row + 1 &&
                           first->col == last->col && next->last_col == first->last_col;
          if (!right && !below)
            break;
          last = next;
          j++;
        }
      ref = range_ref (first->row, first->col, last->row, last->col);
      if (s->len > 0)
        g_string_append_c (s, ',');
      g_string_append (s, ref);
      i = j;
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
write_data_cell (Export        *x,
                 lxw_worksheet *ws,
                 MergeMap      *map,
                 guint          cell,
                 GError       **error)
{
  const NbTemplateCell *tc = nb_template_get_cell (x->template, cell);
  const CellPos *pos = &x->cells[cell];
  NbDecimal value;
  gboolean blank = !nb_report_get_value (x->report, cell, &value);
  const char *num = number_format (tc, blank ? NULL : &value);
  guint n_parts = 0;
  const guint *parts = nb_template_get_total_parts (x->template, cell, &n_parts);
  lxw_format *f;

  if (!merge_map_claim (map, pos->row, pos->col, pos->row, pos->last_col, error))
    return FALSE;

  if (parts == NULL)
    f = get_format (x, STYLE_DATA, num);
  else if (blank)
    f = get_format (x, STYLE_TOTAL_BLANK, num);
  else if (total_agrees (x, cell, NULL))
    f = get_format (x, STYLE_TOTAL, num);
  else
    f = get_format (x, STYLE_MISMATCH, num);

  if (pos->last_col > pos->col)
    CHECK (worksheet_merge_range (ws, pos->row, pos->col, pos->row, pos->last_col, "", f),
           "merge_range");

  if (blank)
    {
      /* Blank stays blank: "not filled in" is not 0. */
      CHECK (worksheet_write_blank (ws, pos->row, pos->col, f), "write_blank");
    }
  else if (parts != NULL && total_agrees (x, cell, NULL))
    {
      g_autofree char *args = sum_arguments (x, parts, n_parts);
      g_autofree char *formula = g_strdup_printf ("=SUM(%s)", args);

      /* The cached result matters: LibreOffice and most viewers show it
       * instead of recalculating. */
      CHECK (worksheet_write_formula_num (ws, pos->row, pos->col, formula, f,
                                          nb_decimal_to_double (&value)),
             "write_formula_num");
    }
  else
    {
      /* A total that disagrees with its parts (an imported report as
       * published) keeps its typed value, highlighted. */
      CHECK (worksheet_write_number (ws, pos->row, pos->col, nb_decimal_to_double (&value), f),
             "write_number");
    }

  if (parts != NULL)
    {
      /* Marks the total again whenever an edit makes it disagree (with its
       * row or its column, for a total of both). */
      g_autofree char *self_ref = range_ref (pos->row, pos->col, pos->row, pos->col);
      g_autofree char *args = sum_arguments (x, parts, n_parts);
      guint n_other = 0;
      const guint *other = nb_template_get_other_total_parts (x->template, cell, &n_other);
      g_autofree char *other_args = other != NULL ? sum_arguments (x, other, n_other) : NULL;
      g_autofree char *rule = other == NULL
        ? g_strdup_printf ("=ROUND(%s-SUM(%s),6)<>0", self_ref, args)
        : g_strdup_printf ("=OR(ROUND(%s-SUM(%s),6)<>0,ROUND(%s-SUM(%s),6)<>0)",
                           self_ref, args, self_ref, other_args);
      lxw_conditional_format cf = { 0 };

      cf.type = LXW_CONDITIONAL_TYPE_FORMULA;
      cf.value_string = rule;
      cf.format = get_format (x, STYLE_CF_MISMATCH, NULL);
      CHECK (worksheet_conditional_format_range (ws, pos->row, pos->col, pos->row, pos->last_col, &cf),
             "conditional_format");
    }
  return TRUE;
}

/* One validation per run of same-kind cells in a row keeps the list short. */
static gboolean
write_validations (Export        *x,
                   lxw_worksheet *ws,
                   GError       **error)
{
  guint n_cells = nb_template_get_n_cells (x->template);
  guint i = 0;

  while (i < n_cells)
    {
      const NbTemplateCell *first = nb_template_get_cell (x->template, i);
      const CellPos *start = &x->cells[i];
      const CellPos *end = start;
      guint j = i + 1;
      lxw_data_validation dv = { 0 };
      g_autofree char *amount_message = NULL;

      while (j < n_cells)
        {
          const NbTemplateCell *next = nb_template_get_cell (x->template, j);
          const CellPos *np = &x->cells[j];

          if (next->kind != first->kind || np->row != end->row || np->col != end->last_col + 1)
            break;
          end = np;
          j++;
        }

      dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
      dv.error_title = (char *) "数值无效";
      switch (first->kind)
        {
        case NB_CELL_KIND_COUNT:
          dv.validate = LXW_VALIDATION_TYPE_INTEGER;
          dv.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
          dv.value_number = 0;
          dv.error_message = (char *) "请填写不小于 0 的整数（件数）。";
          break;
        case NB_CELL_KIND_AMOUNT:
          dv.validate = LXW_VALIDATION_TYPE_DECIMAL;
          dv.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
          dv.value_number = 0;
          /* The unit is the column's own ("本年收费金额（单位：万元）"); the
           * 2019 form's 采购总金额 names none. */
          {
            const char *unit = strstr (first->col_label, "单位：");
            const char *close = unit != NULL ? strstr (unit, "）") : NULL;

            amount_message = close != NULL
              ? g_strdup_printf ("请填写不小于 0 的数（%.*s）。", (int) (close - unit), unit)
              : g_strdup ("请填写不小于 0 的数。");
          }
          dv.error_message = amount_message;
          break;
        case NB_CELL_KIND_SIGNED:
        default:
          dv.validate = LXW_VALIDATION_TYPE_INTEGER;
          dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
          dv.minimum_number = -1e15;
          dv.maximum_number = 1e15;
          dv.error_message = (char *) "请填写整数（可以为负数）。";
          break;
        }
      CHECK (worksheet_data_validation_range (ws, start->row, start->col, end->row, end->last_col, &dv),
             "data_validation");
      i = j;
    }
  return TRUE;
}

static gboolean
write_form_sheet (Export  *x,
                  GError **error)
{
  NbTemplate *t = x->template;
  lxw_worksheet *ws = workbook_add_worksheet (x->workbook, NB_XLSX_SHEET_FORM);
  guint n_tables = nb_template_get_n_tables (t);
  guint n_cells = nb_template_get_n_cells (t);
  guint last_col;
  g_auto(MergeMap) map = { 0 };
  lxw_protection protection = { 0 };
  lxw_row_t breaks[2] = { 0, 0 };

  if (ws == NULL)
    return lxw_check (LXW_ERROR_MEMORY_MALLOC_FAILED, "add_worksheet", error);

  layout_form (x);
  last_col = x->n_base - 1;
  merge_map_init (&map, x->n_base);

  CHECK (worksheet_set_column (ws, 0, last_col, x->base_units, NULL), "set_column");
  for (guint r = 0; r < x->n_form_rows; r++)
    CHECK (worksheet_set_row (ws, r, x->row_pt[r], NULL), "set_row");

  if (!write_label (ws, &map, 0, 0, 0, last_col, x->title, get_format (x, STYLE_TITLE, NULL), error))
    return FALSE;

  for (guint s = 0; s < nb_template_get_n_sections (t); s++)
    {
      const NbTemplateSection *section = nb_template_get_section (t, s);
      const NbTemplateTable *table;
      guint ti;

      if (section->table_id == NULL)
        continue;
      table = nb_template_lookup_table (t, section->table_id);
      for (ti = 0; ti < n_tables && nb_template_get_table (t, ti) != table; ti++)
        ;

      if (!write_label (ws, &map, x->table_top[ti] - 1, 0, x->table_top[ti] - 1, last_col,
                        section->title, get_format (x, STYLE_HEADING, NULL), error))
        return FALSE;

      for (guint g = 0; g < table->n_grid_cells; g++)
        {
          const NbTemplateGridCell *gc = &table->grid_cells[g];
          guint c1 = x->col_start[ti][gc->col];
          guint c2 = x->col_start[ti][gc->col + gc->col_span] - 1;
          guint r1 = x->table_top[ti] + gc->row, r2 = r1 + gc->row_span - 1;
          Style style;

          switch (gc->role)
            {
            case NB_GRID_DATA:
              if (!write_data_cell (x, ws, &map, gc->cell, error))
                return FALSE;
              continue;
            case NB_GRID_CAPTION:
              style = STYLE_CAPTION;
              break;
            case NB_GRID_ROW_HEADER:
              style = gc->row_span > 1 ? STYLE_ROW_GROUP : STYLE_ROW_LABEL;
              break;
            case NB_GRID_CORNER:
            case NB_GRID_COLUMN_HEADER:
            default:
              style = STYLE_HEADER;
              break;
            }
          if (!write_label (ws, &map, r1, c1, r2, c2, gc->text, get_format (x, style, NULL), error))
            return FALSE;
        }
    }

  if (!write_validations (x, ws, error))
    return FALSE;

  /* Every data cell is reachable by its id (=requests.new.total), which is
   * what a bureau's formulas and our read-back tests rely on rather than
   * the layout. */
  for (guint c = 0; c < n_cells; c++)
    {
      const CellPos *pos = &x->cells[c];
      g_autofree char *ref = range_ref (pos->row, pos->col, pos->row, pos->col);
      g_autofree char *target = g_strdup_printf ("='%s'!%s", NB_XLSX_SHEET_FORM, ref);

      CHECK (workbook_define_name (x->workbook, nb_template_get_cell (t, c)->id, target),
             "define_name");
    }

  if (!print_setup (x, ws, FALSE, error))
    return FALSE;
  worksheet_gridlines (ws, LXW_HIDE_ALL_GRIDLINES);
  CHECK (worksheet_print_area (ws, 0, 0, x->n_form_rows - 1, last_col), "print_area");
  if (x->has_repeat)
    CHECK (worksheet_repeat_rows (ws, x->repeat_first, x->repeat_last), "repeat_rows");
  if (x->break_row > 2)
    {
      breaks[0] = x->break_row;
      CHECK (worksheet_set_h_pagebreaks (ws, breaks), "pagebreaks");
    }

  /* Labels locked, inputs unlocked, no password: the form cannot be broken
   * by accident, yet anyone may unprotect it. Resizing stays allowed. */
  protection.format_columns = 1;
  protection.format_rows = 1;
  worksheet_protect (ws, NULL, &protection);
  worksheet_activate (ws);
  return TRUE;
}

/* ---- 文字 ---- */

static gboolean
is_sentence_end (gunichar c)
{
  return c == 0x3002 || c == 0xFF1B || c == 0xFF01 || c == 0xFF1F || c == '\n';  /* 。；！？ */
}

/* Splits a paragraph too tall for one row, at sentence ends where it can,
 * so that each piece stays under Excel's row height limit. One pass: the
 * walk only goes back to the last sentence end of the current piece. */
static GPtrArray *
split_paragraph (const char *text,
                 double      avail_px,
                 double      pt)
{
  GPtrArray *pieces = g_ptr_array_new_with_free_func (g_free);
  guint max_lines = (guint) ((MAX_ROW_PT - 4.0) / line_pt (pt));
  double avail = wrap_px (avail_px, pt);
  const char *start = text, *p = text, *sentence = NULL;
  guint lines = 1;
  double x = 0;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      if (c == '\n')
        {
          lines++;
          x = 0;
        }
      else
        {
          double w = char_px (c, pt);

          if (x > 0 && x + w > avail)
            {
              lines++;
              x = 0;
            }
          x += w;
        }

      if (lines > max_lines)
        {
          const char *cut = sentence != NULL ? sentence : p;

          if (cut == start)
            cut = next;  /* never an empty piece */

          g_ptr_array_add (pieces, g_strndup (start, cut - start));
          start = p = cut;
          sentence = NULL;
          lines = 1;
          x = 0;
          continue;
        }
      if (is_sentence_end (c))
        sentence = next;
      p = next;
    }
  if (*start != '\0' || pieces->len == 0)
    g_ptr_array_add (pieces, g_strdup (start));
  return pieces;
}

static gboolean
write_prose_row (Export        *x,
                 lxw_worksheet *ws,
                 guint         *row,
                 const char    *text,
                 Style          style,
                 double         pt,
                 double         gap,
                 GError       **error)
{
  double avail = units_to_px (PROSE_UNITS);
  g_autoptr(GPtrArray) pieces = split_paragraph (text, avail, pt);
  lxw_format *f = get_format (x, style, NULL);

  for (guint i = 0; i < pieces->len; i++)
    {
      const char *piece = g_ptr_array_index (pieces, i);
      guint lines = count_lines (piece, avail, pt);
      double height = height_for_lines (lines, pt) + (i == 0 ? gap : 0);

      CHECK (worksheet_set_row (ws, *row, MIN (409.0, height), f), "set_row");
      CHECK (worksheet_write_string (ws, *row, 0, piece, f), "write_string");
      (*row)++;
    }
  return TRUE;
}

static gboolean
write_prose_sheet (Export  *x,
                   GError **error)
{
  NbTemplate *t = x->template;
  lxw_worksheet *ws = workbook_add_worksheet (x->workbook, NB_XLSX_SHEET_PROSE);
  guint row = 0;
  g_autofree char *contact = NULL;
  g_autofree char *signer = NULL;
  g_autofree char *date = NULL;

  if (ws == NULL)
    return lxw_check (LXW_ERROR_MEMORY_MALLOC_FAILED, "add_worksheet", error);

  _nb_layout_get_closing_text (x->report, &contact, &signer, &date);
  CHECK (worksheet_set_column (ws, 0, 0, PROSE_UNITS, NULL), "set_column");
  if (!write_prose_row (x, ws, &row, x->title, STYLE_PROSE_TITLE, TITLE_PT, 10, error))
    return FALSE;

  for (guint s = 0; s < nb_template_get_n_sections (t); s++)
    {
      const NbTemplateSection *section = nb_template_get_section (t, s);
      guint n_blocks;

      if (section->table_id != NULL)
        continue;
      n_blocks = nb_report_get_n_blocks (x->report, section->id);
      if (section->title != NULL &&
          !write_prose_row (x, ws, &row, section->title, STYLE_PROSE_SECTION, 14.0, 10, error))
        return FALSE;
      for (guint b = 0; b < n_blocks; b++)
        {
          const NbBlock *block = nb_report_get_block (x->report, section->id, b);
          Style style = block->level == 1 ? STYLE_PROSE_H1 :
                        block->level == 2 ? STYLE_PROSE_H2 :
                        block->level == 3 ? STYLE_PROSE_H3 : STYLE_PROSE_TEXT;

          if (!write_prose_row (x, ws, &row, block->text, style, PROSE_PT, 4, error))
            return FALSE;
        }
    }

  /* The contact details, the name and the date as the PDF prints them. */
  if (contact != NULL &&
      !write_prose_row (x, ws, &row, contact, STYLE_PROSE_TEXT, PROSE_PT, 10, error))
    return FALSE;
  if (signer != NULL &&
      !write_prose_row (x, ws, &row, signer, STYLE_PROSE_SIGN, PROSE_PT, 24, error))
    return FALSE;
  if (date != NULL &&
      !write_prose_row (x, ws, &row, date, STYLE_PROSE_SIGN, PROSE_PT, 0, error))
    return FALSE;

  if (!print_setup (x, ws, FALSE, error))
    return FALSE;
  worksheet_gridlines (ws, LXW_HIDE_ALL_GRIDLINES);
  return TRUE;
}

/* ---- 数据 ---- */

/* Widths from the longest text of each column, within limits. */
static void
widen (double     *width,
       const char *text,
       double      cap)
{
  *width = MAX (*width, MIN (text_units (text, TABLE_PT) + 2.0, cap));
}

static gboolean
write_data_sheet (Export  *x,
                  GError **error)
{
  static const char *const headings[] = { "单元格编号", "表", "行", "列", "数值" };
  NbTemplate *t = x->template;
  lxw_worksheet *ws = workbook_add_worksheet (x->workbook, NB_XLSX_SHEET_DATA);
  guint n_cells = nb_template_get_n_cells (t);
  lxw_format *head = get_format (x, STYLE_LIST_HEADER, NULL);
  lxw_format *text = get_format (x, STYLE_LIST_TEXT, NULL);
  double widths[9] = { 0 };
  g_autoptr(GHashTable) captions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (ws == NULL)
    return lxw_check (LXW_ERROR_MEMORY_MALLOC_FAILED, "add_worksheet", error);

  /* Block captions ("第二十条第（一）项") belong to the table path. */
  for (guint i = 0; i < nb_template_get_n_tables (t); i++)
    {
      const NbTemplateTable *table = nb_template_get_table (t, i);

      for (guint g = 0; g < table->n_grid_cells; g++)
        if (table->grid_cells[g].role == NB_GRID_CAPTION)
          g_hash_table_insert (captions,
                               g_strdup_printf ("%s/%u", table->id,
                                                table->row_block[table->grid_cells[g].row]),
                               (gpointer) table->grid_cells[g].text);
    }

  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    {
      CHECK (worksheet_write_string (ws, 0, i, headings[i], head), "write_string");
      widen (&widths[i], headings[i], 80);
    }

  for (guint c = 0; c < n_cells; c++)
    {
      const NbTemplateCell *tc = nb_template_get_cell (t, c);
      const NbTemplateTable *table = nb_template_lookup_table (t, tc->table_id);
      int s = nb_template_lookup_section (t, table->section_id);
      const char *section_title = s >= 0 ? nb_template_get_section (t, s)->title : NULL;
      g_autofree char *key = g_strdup_printf ("%s/%u", table->id, table->row_block[tc->grid_row]);
      const char *caption = g_hash_table_lookup (captions, key);
      g_autofree char *table_path = NULL;
      NbDecimal value;
      guint row = c + 1;

      if (section_title == NULL)
        section_title = table->id;
      table_path = caption != NULL ? g_strdup_printf ("%s / %s", section_title, caption)
                                   : g_strdup (section_title);

      CHECK (worksheet_write_string (ws, row, 0, tc->id, text), "write_string");
      CHECK (worksheet_write_string (ws, row, 1, table_path, text), "write_string");
      CHECK (worksheet_write_string (ws, row, 2, tc->row_path, text), "write_string");
      CHECK (worksheet_write_string (ws, row, 3, tc->col_path, text), "write_string");
      if (nb_report_get_value (x->report, c, &value))
        CHECK (worksheet_write_number (ws, row, 4, nb_decimal_to_double (&value),
                                       get_format (x, STYLE_LIST_VALUE, number_format (tc, &value))),
               "write_number");
      widen (&widths[0], tc->id, 60);
      widen (&widths[1], table_path, 60);
      widen (&widths[2], tc->row_path, 80);
      widen (&widths[3], tc->col_path, 60);
    }
  widen (&widths[4], "24252.311082", 30);

  /* The meta in a second block beside the cells: stacking the first five
   * columns of many workbooks never mixes the two. */
  CHECK (worksheet_write_string (ws, 0, 6, "字段", head), "write_string");
  CHECK (worksheet_write_string (ws, 0, 7, "项目", head), "write_string");
  CHECK (worksheet_write_string (ws, 0, 8, "内容", head), "write_string");
  for (guint f = 0; f <= NB_META_N_FIELDS; f++)
    {
      const char *key = f < NB_META_N_FIELDS ? nb_report_meta_field_key (f) : "template";
      const char *label = f < NB_META_N_FIELDS ? nb_template_get_meta_label (t, f) : "模板";
      const char *value = f < NB_META_N_FIELDS ? nb_report_get_meta (x->report, f)
                                               : nb_template_get_id (t);

      CHECK (worksheet_write_string (ws, f + 1, 6, key, text), "write_string");
      CHECK (worksheet_write_string (ws, f + 1, 7, label, text), "write_string");
      if (f == NB_META_YEAR && nb_report_get_year (x->report) > 0)
        CHECK (worksheet_write_number (ws, f + 1, 8, nb_report_get_year (x->report),
                                       get_format (x, STYLE_LIST_VALUE, "0")),
               "write_number");
      else if (*value != '\0')
        CHECK (worksheet_write_string (ws, f + 1, 8, value, text), "write_string");
      widen (&widths[6], key, 20);
      widen (&widths[7], label, 20);
      widen (&widths[8], value, 60);
    }
  widen (&widths[8], "内容", 60);

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    CHECK (worksheet_set_column (ws, i, i, i == 5 ? 3 : widths[i], NULL), "set_column");

  worksheet_freeze_panes (ws, 1, 0);
  CHECK (worksheet_autofilter (ws, 0, 0, n_cells, 4), "autofilter");
  return print_setup (x, ws, TRUE, error);
}

/* ---- 明细: one row per source agency, one column per cell id, so the
 * bureau can sort and filter the consolidation. ---- */

static gboolean
write_breakdown_sheet (Export  *x,
                       GError **error)
{
  static const char *const headings[] = { "单位名称", "文件", "错误数", "警告数" };
  NbTemplate *t = x->template;
  guint n_cells = nb_template_get_n_cells (t);
  guint n_sources = nb_aggregate_get_n_sources (x->aggregate);
  guint n_fixed = G_N_ELEMENTS (headings);
  lxw_worksheet *ws = workbook_add_worksheet (x->workbook, NB_XLSX_SHEET_BREAKDOWN);
  lxw_format *head = get_format (x, STYLE_LIST_HEADER, NULL);
  lxw_format *text = get_format (x, STYLE_LIST_TEXT, NULL);
  double agency_width = 10, file_width = 8;

  if (ws == NULL)
    return lxw_check (LXW_ERROR_MEMORY_MALLOC_FAILED, "add_worksheet", error);

  for (guint i = 0; i < n_fixed; i++)
    CHECK (worksheet_write_string (ws, 0, i, headings[i], head), "write_string");
  for (guint c = 0; c < n_cells; c++)
    CHECK (worksheet_write_string (ws, 0, n_fixed + c, nb_template_get_cell (t, c)->id, head),
           "write_string");

  for (guint i = 0; i < n_sources; i++)
    {
      NbReport *source = nb_aggregate_get_source_report (x->aggregate, i);
      GFile *file = nb_aggregate_get_source_file (x->aggregate, i);
      g_autofree char *file_name = file != NULL ? g_file_get_parse_name (file) : g_strdup ("");
      const char *agency = nb_aggregate_get_source_agency (x->aggregate, i);
      guint row = i + 1;

      CHECK (worksheet_write_string (ws, row, 0, agency, text), "write_string");
      if (*file_name != '\0')
        CHECK (worksheet_write_string (ws, row, 1, file_name, text), "write_string");
      CHECK (worksheet_write_number (ws, row, 2, nb_aggregate_get_source_n_errors (x->aggregate, i),
                                     get_format (x, STYLE_LIST_VALUE, "0")), "write_number");
      CHECK (worksheet_write_number (ws, row, 3, nb_aggregate_get_source_n_warnings (x->aggregate, i),
                                     get_format (x, STYLE_LIST_VALUE, "0")), "write_number");
      for (guint c = 0; c < n_cells; c++)
        {
          NbDecimal value;

          /* A blank stays blank: never a silent 0. */
          if (!nb_report_get_value (source, c, &value))
            continue;
          CHECK (worksheet_write_number (ws, row, n_fixed + c, nb_decimal_to_double (&value),
                                         get_format (x, STYLE_LIST_VALUE,
                                                     number_format (nb_template_get_cell (t, c), &value))),
                 "write_number");
        }
      widen (&agency_width, agency, 40);
      widen (&file_width, file_name, 60);
    }

  CHECK (worksheet_set_column (ws, 0, 0, agency_width, NULL), "set_column");
  CHECK (worksheet_set_column (ws, 1, 1, file_width, NULL), "set_column");
  CHECK (worksheet_set_column (ws, 2, 3, 7, NULL), "set_column");
  CHECK (worksheet_set_column (ws, n_fixed, n_fixed + n_cells - 1, 12, NULL), "set_column");
  worksheet_freeze_panes (ws, 1, 1);
  CHECK (worksheet_autofilter (ws, 0, 0, MAX (n_sources, 1), n_fixed + n_cells - 1), "autofilter");
  return print_setup (x, ws, TRUE, error);
}

/* ---- 校验 ---- */

static const char *
severity_word (NbSeverity severity)
{
  switch (severity)
    {
    case NB_SEVERITY_ERROR:
      return "错误";
    case NB_SEVERITY_WARNING:
      return "警告";
    case NB_SEVERITY_INFO:
    default:
      return "提示";
    }
}

static gboolean
write_diagnostics_sheet (Export  *x,
                         GError **error)
{
  static const char *const headings[] = { "规则", "级别", "单元格", "应为", "实为", "说明" };
  lxw_worksheet *ws = workbook_add_worksheet (x->workbook, NB_XLSX_SHEET_DIAGNOSTICS);
  lxw_format *head = get_format (x, STYLE_LIST_HEADER, NULL);
  double widths[G_N_ELEMENTS (headings)] = { 0 };
  const double message_units = 70.0;
  /* A consolidation's workbook also lists what the consolidation found
   * (an agency missing, a blank counted as 0…): 校验 must not say all is
   * well when --aggregate did not. */
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  if (ws == NULL)
    return lxw_check (LXW_ERROR_MEMORY_MALLOC_FAILED, "add_worksheet", error);

  for (guint i = 0; i < x->diagnostics->len; i++)
    g_ptr_array_add (rows, g_object_ref (g_ptr_array_index (x->diagnostics, i)));
  if (x->aggregate != NULL)
    {
      g_autoptr(GPtrArray) notes = nb_aggregate_dup_note_list (x->aggregate);

      for (guint i = 0; i < notes->len; i++)
        g_ptr_array_add (rows, g_object_ref (g_ptr_array_index (notes, i)));
    }

  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    {
      CHECK (worksheet_write_string (ws, 0, i, headings[i], head), "write_string");
      widen (&widths[i], headings[i], 60);
    }

  for (guint i = 0; i < rows->len; i++)
    {
      NbDiagnostic *d = g_ptr_array_index (rows, i);
      const char * const *ids = nb_diagnostic_get_cells (d);
      g_autofree char *cells = ids != NULL ? g_strjoinv (", ", (char **) ids) : g_strdup ("");
      gboolean is_error = nb_diagnostic_get_severity (d) == NB_SEVERITY_ERROR;
      lxw_format *f = get_format (x, is_error ? STYLE_LIST_ERROR : STYLE_LIST_TEXT, NULL);
      lxw_format *wrap = get_format (x, STYLE_LIST_WRAP, NULL);
      const char *fields[] = {
        nb_diagnostic_get_rule_id (d),
        severity_word (nb_diagnostic_get_severity (d)),
        cells,
        nb_diagnostic_get_expected (d),
        nb_diagnostic_get_actual (d),
        nb_diagnostic_get_message (d),
      };
      guint lines = 1;

      for (guint k = 0; k < G_N_ELEMENTS (fields); k++)
        {
          if (fields[k] != NULL && *fields[k] != '\0')
            CHECK (worksheet_write_string (ws, i + 1, k, fields[k], k >= 2 ? wrap : f),
                   "write_string");
          if (fields[k] != NULL && k < 5)
            widen (&widths[k], fields[k], 50);
        }
      lines = MAX (count_lines (fields[5], units_to_px (message_units), TABLE_PT),
                   count_lines (cells, units_to_px (widths[2]), TABLE_PT));
      CHECK (worksheet_set_row (ws, i + 1, height_for_lines (lines, TABLE_PT), NULL), "set_row");
    }
  widths[5] = message_units;

  if (rows->len == 0)
    CHECK (worksheet_write_string (ws, 1, 0, "校验通过：未发现问题。", get_format (x, STYLE_LIST_TEXT, NULL)),
           "write_string");

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    CHECK (worksheet_set_column (ws, i, i, widths[i], NULL), "set_column");
  worksheet_freeze_panes (ws, 1, 0);
  return print_setup (x, ws, TRUE, error);
}

/* ---- Workbook ---- */

static char *
make_title (NbReport *report)
{
  int year = nb_report_get_year (report);
  const char *agency = nb_report_get_meta (report, NB_META_AGENCY);
  const char *name = nb_template_get_report_title (nb_report_get_template (report));

  if (year > 0)
    return g_strdup_printf ("%s%d年%s", agency, year, name);
  return g_strdup_printf ("%s%s", agency, name);
}

static gboolean
set_properties (Export  *x,
                GError **error)
{
  const char *agency = nb_report_get_meta (x->report, NB_META_AGENCY);
  const char *signer = nb_report_get_meta (x->report, NB_META_SIGNER);
  lxw_doc_properties props = { 0 };
  int year = nb_report_get_year (x->report);

  props.title = x->title;
  props.subject = (char *) nb_template_get_name (x->template);
  props.author = (char *) (*signer != '\0' ? signer : agency);
  props.company = (char *) agency;
  props.created = (time_t) g_date_time_to_unix (x->created);
  CHECK (workbook_set_properties (x->workbook, &props), "set_properties");
  if (year > 0)
    CHECK (workbook_set_custom_property_integer (x->workbook, "year", year), "custom_property");
  CHECK (workbook_set_custom_property_string (x->workbook, "template",
                                              nb_template_get_id (x->template)),
         "custom_property");
  return TRUE;
}

static gboolean
build_workbook (Export  *x,
                GError **error)
{
  return set_properties (x, error) &&
         write_form_sheet (x, error) &&
         write_prose_sheet (x, error) &&
         write_data_sheet (x, error) &&
         (x->aggregate == NULL || write_breakdown_sheet (x, error)) &&
         write_diagnostics_sheet (x, error);
}

static gboolean
write_xlsx (NbReport             *report,
            NbReport             *previous,
            const char           *path,
            const NbXlsxOptions  *options,
            GCancellable         *cancellable,
            GError              **error)
{
  Export x = { 0 };
  g_autofree char *temp = NULL;
  lxw_error err;
  int saved_errno;
  gboolean ok;

  if ((temp = nb_export_begin (path, error)) == NULL)
    return FALSE;

  x.report = report;
  x.template = nb_report_get_template (report);
  x.diagnostics = nb_rules_check (report, previous);
  x.created = options != NULL && options->created != NULL ? g_date_time_ref (options->created)
                                                          : g_date_time_new_now_utc ();
  x.aggregate = options != NULL && options->aggregate != NULL ? g_object_ref (options->aggregate) : NULL;
  x.formats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  x.title = make_title (report);

  x.workbook = workbook_new (temp);
  if (x.workbook == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, NB_EXPORT_ERROR, NB_EXPORT_ERROR_WRITE,
                   _("Could not write %s: the workbook could not be created"), display);
      nb_export_abort (temp);
      export_clear (&x);
      return FALSE;
    }

  ok = build_workbook (&x, error);
  if (!ok)
    {
      lxw_workbook_free (x.workbook);
      nb_export_abort (temp);
      export_clear (&x);
      return FALSE;
    }

  /* workbook_close () writes the zip and frees the workbook either way. */
  errno = 0;
  err = workbook_close (x.workbook);
  saved_errno = errno;
  x.workbook = NULL;
  export_clear (&x);
  if (err != LXW_NO_ERROR)
    {
      /* A failed write (a full disk) comes back as ZIP_ERRNO or as a
       * temporary file error; errno says what happened, in words the
       * person exporting understands. */
      if (saved_errno != 0 &&
          (err == LXW_ERROR_CREATING_XLSX_FILE || err == LXW_ERROR_CREATING_TMPFILE ||
           err == LXW_ERROR_READING_TMPFILE || err == LXW_ERROR_ZIP_FILE_OPERATION ||
           err == LXW_ERROR_ZIP_FILE_ADD || err == LXW_ERROR_ZIP_CLOSE))
        nb_export_set_write_error (error, path, saved_errno);
      else
        {
          g_autofree char *display = g_filename_display_name (path);
          g_set_error (error, NB_EXPORT_ERROR, NB_EXPORT_ERROR_WRITE,
                       _("Could not write %s: %s"), display, lxw_strerror (err));
        }
      nb_export_abort (temp);
      return FALSE;
    }
  /* Cancelled while writing: the old file stays, the new one goes. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      nb_export_abort (temp);
      return FALSE;
    }
  return nb_export_commit (temp, path, error);
}

/* The whole export, in the formats module (see nb-formats.h); its callers
 * are nb_xlsx_export () and nb_xlsx_export_async (). libxlsxwriter prints
 * numbers, widths and margins with printf: under a locale with a decimal
 * comma (de_DE, fr_FR, ru_RU…) it would write <v>24252,311082</v>, which
 * LibreOffice reads as 24252 and openpyxl refuses. So this thread writes
 * with C numbers; messages keep the user's language. */
gboolean
_nb_xlsx_write (NbReport             *report,
                NbReport             *previous,
                const char           *path,
                const NbXlsxOptions  *options,
                GCancellable         *cancellable,
                GError              **error)
{
  locale_t base = duplocale (LC_GLOBAL_LOCALE);
  locale_t c_numbers = base != (locale_t) 0 ? newlocale (LC_NUMERIC_MASK, "C", base) : (locale_t) 0;
  locale_t old = (locale_t) 0;
  gboolean ok;

  if (c_numbers != (locale_t) 0)
    old = uselocale (c_numbers);
  else if (base != (locale_t) 0)
    freelocale (base);

  ok = write_xlsx (report, previous, path, options, cancellable, error);

  if (c_numbers != (locale_t) 0)
    {
      uselocale (old);
      freelocale (c_numbers);
    }
  return ok;
}
