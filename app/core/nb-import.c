/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-import"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "nb-formats.h"
#include "nb-import-private.h"
#include "nb-report-private.h"
#include "nb-template.h"

/*
 * NbImport: a published report (web text, `pdftotext -layout` text, HTML,
 * .docx) into a report of the right form.
 *
 * The input is turned into lines (text lines or table cells) by the reader
 * of its format; then, the same for every format: the section headings are
 * found (tolerating typos and numbering styles), the title gives the agency
 * and the year, contact lines and the signature give the rest of the meta,
 * the prose between headings becomes blocks, and the table sections go to
 * nb-import-table.c, which reads the cells by their row labels.
 */

G_DEFINE_QUARK (nb-import-error-quark, nb_import_error)

#define HEADING_THRESHOLD          0.75
#define NUMBERED_HEADING_THRESHOLD 0.6   /* the line starts with the section's number */
#define TITLE_MAX_CHARS   80

/* ------------------------------------------------------------------ notes */

void
nb_import_note_free (NbImportNote *note)
{
  if (note == NULL)
    return;
  g_free (note->section_id);
  g_strfreev (note->cell_ids);
  g_free (note->message);
  g_free (note);
}

const char *
nb_import_note_kind_to_string (NbImportNoteKind kind)
{
  switch (kind)
    {
    case NB_IMPORT_NOTE_NOT_READ:
      return "not-read";
    case NB_IMPORT_NOTE_GUESSED:
      return "guessed";
    case NB_IMPORT_NOTE_DEVIATION:
      return "deviation";
    default:
      g_return_val_if_reached ("note");
    }
}

char *
nb_import_note_to_line (const NbImportNote *note)
{
  g_autofree char *cells = NULL;

  g_return_val_if_fail (note != NULL, NULL);

  if (note->cell_ids != NULL)
    {
      /* A whole table row is named by its first cell and a count. */
      guint n = g_strv_length (note->cell_ids);
      cells = n > 3 ? g_strdup_printf ("%s,… (%u)", note->cell_ids[0], n)
                    : g_strjoinv (",", note->cell_ids);
    }
  if (cells != NULL)
    return g_strdup_printf ("%s %s: %s", nb_import_note_kind_to_string (note->kind), cells, note->message);
  return g_strdup_printf ("%s: %s", nb_import_note_kind_to_string (note->kind), note->message);
}

gboolean
nb_import_is_complete (NbReport  *report,
                       GPtrArray *notes)
{
  NbTemplate *t;

  g_return_val_if_fail (NB_IS_REPORT (report), FALSE);

  t = nb_report_get_template (report);
  for (guint i = 0; i < nb_template_get_n_cells (t); i++)
    if (nb_report_is_blank (report, i))
      return FALSE;
  /* A cell guessed, or anything not read (a cell, or a 基本信息 field such
   * as the year): the clerk has to look. */
  for (guint i = 0; notes != NULL && i < notes->len; i++)
    {
      NbImportNote *note = g_ptr_array_index (notes, i);
      if (note->kind == NB_IMPORT_NOTE_NOT_READ ||
          (note->kind != NB_IMPORT_NOTE_DEVIATION && note->cell_ids != NULL))
        return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ lines */

static void
line_free (NbImpLine *line)
{
  g_free (line->text);
  g_clear_pointer (&line->cells, g_ptr_array_unref);
  g_free (line);
}

NbImpDoc *
_nb_imp_doc_new (void)
{
  NbImpDoc *doc = g_new0 (NbImpDoc, 1);

  doc->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
  return doc;
}

void
_nb_imp_doc_free (NbImpDoc *doc)
{
  if (doc == NULL)
    return;
  g_ptr_array_unref (doc->lines);
  g_free (doc->title_hint);
  g_free (doc);
}

void
_nb_imp_doc_add_text (NbImpDoc   *doc,
                      const char *text)
{
  NbImpLine *line = g_new0 (NbImpLine, 1);

  line->kind = NB_IMP_LINE_TEXT;
  line->text = g_strdup (text);
  g_ptr_array_add (doc->lines, line);
}

/* Takes @cells. */
void
_nb_imp_doc_add_cells (NbImpDoc      *doc,
                       NbImpLineKind  kind,
                       GPtrArray     *cells)
{
  NbImpLine *line = g_new0 (NbImpLine, 1);

  line->kind = kind;
  line->cells = cells;
  g_ptr_array_add (doc->lines, line);
}

/* ------------------------------------------------------------- text input */

static gboolean
is_wide (gunichar c)
{
  return g_unichar_iswide (c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF) ||
         c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 || c == 0x2014 || c == 0x2026;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!g_unichar_isspace (c) && c != 0x3000 && c != 0xA0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_strip_space (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x3000 || c == 0xA0;
}

static gboolean
is_space_not_tab (gunichar c)
{
  return c != '\t' && is_strip_space (c);
}

/* @text without what @is_space accepts at either end. */
static char *
strip_where (const char *text,
             gboolean  (*is_space) (gunichar c))
{
  const char *start = text;
  const char *end = text + strlen (text);

  while (*start != '\0' && is_space (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (end > start)
    {
      const char *prev = g_utf8_find_prev_char (start, end);

      if (prev == NULL || !is_space (g_utf8_get_char (prev)))
        break;
      end = prev;
    }
  return g_strndup (start, end - start);
}

/* A copy of @text without the spaces around it, no-break and full-width
 * spaces included. */
static char *
strip_spaces (const char *text)
{
  return strip_where (text, is_strip_space);
}

/* strip_spaces () that leaves tabs in place. */
static char *
strip_spaces_keep_tabs (const char *text)
{
  return strip_where (text, is_space_not_tab);
}

static gboolean
is_page_number (const char *line,
                gboolean    bare_number)
{
  static GRegex *dashed, *bare;

  if (g_once_init_enter (&dashed))
    {
      GRegex *d = g_regex_new ("^\\s*(?:[-—–－~]\\s*[0-9]{1,3}\\s*[-—–－~]"
                               "|第\\s*[0-9]{1,3}\\s*页(?:\\s*[,，/]?\\s*共\\s*[0-9]{1,3}\\s*页)?"
                               "|[0-9]{1,3}\\s*/\\s*[0-9]{1,3})\\s*$", 0, 0, NULL);
      bare = g_regex_new ("^\\s*[0-9]{1,3}\\s*$", 0, 0, NULL);
      g_once_init_leave (&dashed, d);
    }
  return g_regex_match (dashed, line, 0, NULL) || (bare_number && g_regex_match (bare, line, 0, NULL));
}

static GPtrArray *
split_pipes (const char *line)
{
  g_auto(GStrv) parts = g_strsplit (line, "|", -1);
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);
  guint n = g_strv_length (parts);

  /* "text |" → one cell; the piece after the last "|" is nothing. */
  for (guint i = 0; i + 1 < n; i++)
    g_ptr_array_add (cells, strip_spaces (parts[i]));
  return cells;
}

static NbImpDoc *
read_text (const char *text)
{
  g_autoptr(NbImpDoc) doc = _nb_imp_doc_new ();
  g_auto(GStrv) pages = NULL;
  guint n_lines = 0, n_spaced = 0;
  g_autoptr(GRegex) spaced = g_regex_new ("\\S {3,}\\S", 0, 0, NULL);
  g_autoptr(GHashTable) page_heads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean form_feeds = strchr (text, '\f') != NULL;

  /* A PDF's text: printed lines, with page breaks. */
  {
    g_auto(GStrv) all = g_strsplit_set (text, "\n\f", -1);
    for (guint i = 0; all[i] != NULL; i++)
      if (!is_blank (all[i]))
        {
          n_lines++;
          if (g_regex_match (spaced, all[i], 0, NULL))
            n_spaced++;
        }
  }
  doc->wrapped = form_feeds || n_spaced >= MAX (3, n_lines / 10);

  /* The first line of each page, when it repeats, is a running header. */
  pages = g_strsplit (text, "\f", -1);
  for (guint p = 1; pages[p] != NULL; p++)
    {
      g_auto(GStrv) lines = g_strsplit (pages[p], "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (!is_blank (lines[i]))
          {
            char *key = g_strstrip (g_strdup (lines[i]));
            g_hash_table_insert (page_heads, key,
                                 GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (page_heads, key)) + 1));
            break;
          }
    }

  for (guint p = 0; pages[p] != NULL; p++)
    {
      g_auto(GStrv) lines = NULL;
      int first = -1, last = -1;

      g_strdelimit (pages[p], "\r", '\n');
      lines = g_strsplit (pages[p], "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (!is_blank (lines[i]))
          {
            if (first < 0)
              first = (int) i;
            last = (int) i;
          }

      for (guint i = 0; lines[i] != NULL; i++)
        {
          char *line = lines[i];
          g_autofree char *stripped = NULL;
          g_autofree char *tabbed = NULL;
          gboolean page_edge = form_feeds && ((int) i == first || (int) i == last);

          /* Cells copied from a spreadsheet: the tabs at either end are
           * empty cells (a merged label, blanks at the end of a row), not
           * space to strip, or the figures would shift. */
          if (strchr (line, '\t') != NULL)
            tabbed = strip_spaces_keep_tabs (line);
          g_strchomp (line);
          if (is_blank (line))
            continue;
          stripped = strip_spaces (line);
          if (is_page_number (line, page_edge))
            continue;
          if (p > 0 && (int) i == first &&
              GPOINTER_TO_UINT (g_hash_table_lookup (page_heads, stripped)) >= 2)
            continue;

          if (g_str_has_suffix (stripped, "|"))
            _nb_imp_doc_add_cells (doc, NB_IMP_LINE_CELLS, split_pipes (stripped));
          else if (!doc->wrapped && strchr (stripped, '\t') != NULL)
            {
              g_auto(GStrv) parts = g_strsplit (tabbed != NULL ? tabbed : stripped, "\t", -1);
              GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);
              for (guint k = 0; parts[k] != NULL; k++)
                g_ptr_array_add (cells, strip_spaces (parts[k]));
              _nb_imp_doc_add_cells (doc, NB_IMP_LINE_ROW, cells);
            }
          else
            _nb_imp_doc_add_text (doc, doc->wrapped ? line : stripped);
        }
    }
  return g_steal_pointer (&doc);
}

/* ---------------------------------------------------------- prose text */

/* Half-width punctuation typed in Chinese text (web copies keep it) becomes
 * the full-width form the format uses; PDF text loses the spaces pdftotext
 * puts where the font changes ("2023 年"). */
static char *
clean_prose (const char *text,
             gboolean    wrapped)
{
  static const struct { gunichar half; gunichar full; } punct[] = {
    { ',', 0xFF0C }, { ':', 0xFF1A }, { ';', 0xFF1B }, { '(', 0xFF08 }, { ')', 0xFF09 },
    { '?', 0xFF1F }, { '!', 0xFF01 },
  };
  g_autoptr(GArray) chars = g_array_new (FALSE, FALSE, sizeof (gunichar));
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == 0xA0 || c == '\t')
        c = ' ';
      g_array_append_val (chars, c);
    }

  for (guint i = 0; i < chars->len; i++)
    {
      gunichar c = g_array_index (chars, gunichar, i);
      gunichar before = i > 0 ? g_array_index (chars, gunichar, i - 1) : 0;
      gunichar after = i + 1 < chars->len ? g_array_index (chars, gunichar, i + 1) : 0;

      if (c == ' ' && wrapped)
        {
          guint j = i;
          while (j < chars->len && g_array_index (chars, gunichar, j) == ' ')
            j++;
          after = j < chars->len ? g_array_index (chars, gunichar, j) : 0;
          if (is_wide (before) || is_wide (after))
            {
              i = j - 1;
              continue;
            }
        }
      for (guint k = 0; k < G_N_ELEMENTS (punct); k++)
        if (c == punct[k].half && (is_wide (before) || is_wide (after)))
          {
            c = punct[k].full;
            break;
          }
      g_string_append_unichar (out, c);
    }

  /* Indentation typed as spaces or full-width spaces. */
  {
    const char *start = out->str;
    while (*start == ' ' || g_str_has_prefix (start, "\u3000"))
      start += *start == ' ' ? 1 : strlen ("\u3000");
    return g_strchomp (g_strdup (start));
  }
}

static gboolean
is_web_furniture (const char *line)
{
  static GRegex *re;

  if (g_once_init_enter (&re))
    {
      GRegex *r = g_regex_new ("打印本页|关闭窗口|【\\s*打印\\s*】|【\\s*关闭\\s*】|版权所有|ICP\\s*备|"
                               "网站标识码|主办单位[:：]|承办单位[:：]|技术支持[:：]|公网安备|网站地图|"
                               "扫一扫|分享到|发布时间[:：]|发布日期[:：]|浏览次数|访问次数|阅读次数|"
                               "字体[:：]|字号[:：]|当前位置[:：]|您现在的位置|^来源[:：]|"
                               "^(【[^】]*】\\s*)+$|^上一篇|^下一篇|^相关链接",
                               0, 0, NULL);
      g_once_init_leave (&re, r);
    }
  return g_regex_match (re, line, 0, NULL);
}

/* "2024年1月19日" or "二〇二四年一月十九日" → "2024-01-19"; NULL otherwise. */
static char *
parse_date_line (const char *line)
{
  static const char *digits[] = { "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "零", "○", "О", NULL };
  g_autoptr(GString) ascii = g_string_new (NULL);
  static GRegex *re;
  g_autoptr(GMatchInfo) info = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (line));
  const char *p;
  int y, m, d;

  if (g_once_init_enter (&re))
    {
      GRegex *r = g_regex_new ("^[（(]?\\s*([0-9]{4})\\s*年\\s*([0-9]{1,2})\\s*月\\s*([0-9]{1,2})\\s*日\\s*[)）]?$",
                               0, 0, NULL);
      g_once_init_leave (&re, r);
    }
  if (strstr (stripped, "年") == NULL || strstr (stripped, "日") == NULL ||
      g_utf8_strlen (stripped, 40) >= 40)
    return NULL;

  /* Chinese numerals: 〇一二… are digits in the year; 十 in month and day. */
  for (p = stripped; *p != '\0';)
    {
      gboolean done = FALSE;
      for (guint k = 0; digits[k] != NULL && !done; k++)
        if (g_str_has_prefix (p, digits[k]))
          {
            int v = k <= 9 ? (int) k : k == 10 ? 10 : 0;
            if (v == 10)
              {
                /* 十 → 1x (start), x0 (end), or nothing between digits. */
                gboolean prev_digit = ascii->len > 0 && g_ascii_isdigit (ascii->str[ascii->len - 1]);
                const char *next = p + strlen (digits[k]);
                gboolean next_digit = FALSE;
                for (guint j = 1; j <= 9; j++)
                  next_digit |= g_str_has_prefix (next, digits[j]);
                if (!prev_digit)
                  g_string_append_c (ascii, '1');
                if (!next_digit)
                  g_string_append_c (ascii, '0');
              }
            else
              g_string_append_c (ascii, (char) ('0' + v));
            p += strlen (digits[k]);
            done = TRUE;
          }
      if (!done)
        {
          const char *next = g_utf8_next_char (p);
          g_string_append_len (ascii, p, next - p);
          p = next;
        }
    }

  if (!g_regex_match (re, ascii->str, 0, &info))
    return NULL;
  {
    g_autofree char *ys = g_match_info_fetch (info, 1);
    g_autofree char *ms = g_match_info_fetch (info, 2);
    g_autofree char *ds = g_match_info_fetch (info, 3);
    y = atoi (ys);
    m = atoi (ms);
    d = atoi (ds);
  }
  if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

/* ------------------------------------------------------------ analysis */

typedef enum
{
  LINE_PROSE,      /* kept as prose of the region it is in */
  LINE_DROPPED,    /* title, contact line, signature, page furniture */
} LineUse;

typedef struct
{
  NbImpDoc    *doc;
  NbTemplate  *template;
  NbReport    *report;
  GPtrArray   *notes;
  LineUse     *use;           /* per line */
  int          heading[8];    /* line of each section's heading, -1 when not found; [0] unused */
  int          title_line;
  int          end_line;      /* the report's text ends before this line */
  char        *meta[NB_META_N_FIELDS];
  guint        n_headings;
} Import;

static void
import_clear (Import *im)
{
  g_free (im->use);
  for (guint i = 0; i < NB_META_N_FIELDS; i++)
    g_free (im->meta[i]);
}

static NbImpLine *
line_at (Import *im,
         int     i)
{
  return g_ptr_array_index (im->doc->lines, i);
}

static gboolean
is_text (Import *im,
         int     i)
{
  return line_at (im, i)->kind == NB_IMP_LINE_TEXT;
}

static guint
n_units (const char *text)
{
  g_autoptr(GArray) u = _nb_imp_units_new (text);
  return u->len;
}

/* Headings in the form's order; a mistyped or renumbered heading still
 * counts, a long line (prose mentioning the words) does not. */
static void
find_headings (Import *im)
{
  guint n_sections = nb_template_get_n_sections (im->template);
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  guint next = 1;

  for (guint k = 0; k < G_N_ELEMENTS (im->heading); k++)
    im->heading[k] = -1;
  for (guint k = 0; k < n_sections; k++)
    {
      const char *title = nb_template_get_section (im->template, k)->title;
      g_ptr_array_add (titles, _nb_imp_units_new (title != NULL ? title : ""));
    }

  for (guint i = 0; i < im->doc->lines->len && next < n_sections; i++)
    {
      g_autoptr(GArray) units = NULL;
      double best = 0;
      int best_k = -1;

      /* A heading is short: do not even normalise long lines. */
      if (!is_text (im, i) || g_utf8_strlen (line_at (im, i)->text, 200) >= 200)
        continue;
      units = _nb_imp_units_new (line_at (im, i)->text);
      if (units->len < 2)
        continue;
      for (guint k = next; k < n_sections; k++)
        {
          GArray *title = g_ptr_array_index (titles, k);
          gboolean numbered = _nb_imp_units_numbering (units) == (int) k;
          double score;

          /* A heading is mostly its title: a sentence naming it is not. Words
           * added to a numbered heading ("五、政府信息公开工作存在的…") make
           * it longer, but never as long as a printed line of prose. */
          if (title->len == 0 ||
              units->len > title->len + (numbered ? MAX (8, title->len) : MAX (4, title->len / 2)))
            continue;
          score = _nb_imp_units_find (title, units);
          if (score >= (numbered ? NUMBERED_HEADING_THRESHOLD : HEADING_THRESHOLD) && score > best)
            {
              best = score;
              best_k = (int) k;
            }
        }
      if (best_k >= 0)
        {
          g_debug ("heading %d (%.2f): %s", best_k, best, line_at (im, i)->text);
          im->heading[best_k] = (int) i;
          im->use[i] = LINE_DROPPED;
          im->n_headings++;
          next = (guint) best_k + 1;
        }
    }
}

static int
first_heading (Import *im)
{
  for (guint k = 1; k < G_N_ELEMENTS (im->heading); k++)
    if (im->heading[k] >= 0)
      return im->heading[k];
  return -1;
}

/* The line after which section @k ends: the next heading found. */
static int
section_end (Import *im,
             guint   k)
{
  for (guint j = k + 1; j < G_N_ELEMENTS (im->heading); j++)
    if (im->heading[j] >= 0)
      return im->heading[j];
  return im->end_line;
}

/* "青山区市场监督管理局2023年政府信息公开工作年度报告" → agency and year; on
 * success *@agency (freed first) may be "" when the title names none. */
/* Full-width digits (２０２３, typed with a Chinese input method) as ASCII,
 * for the years of the title and of the text. */
static char *
fold_digits (const char *text)
{
  GString *s = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0xFF10 && c <= 0xFF19)
        g_string_append_c (s, (char) ('0' + (c - 0xFF10)));
      else
        g_string_append_unichar (s, c);
    }
  return g_string_free (s, FALSE);
}

static gboolean
parse_title (const char  *original,
             char       **agency,
             int         *year)
{
  g_autofree char *text = fold_digits (original);
  g_autoptr(GRegex) lead = NULL;
  g_autoptr(GRegex) trail = NULL;
  g_autoptr(GMatchInfo) info = NULL;
  g_autofree char *found_agency = NULL;
  g_autofree char *found_year = NULL;

  if (strstr (text, "政府信息公开") == NULL ||
      (strstr (text, "报告") == NULL && strstr (text, "年报") == NULL) ||
      g_utf8_strlen (text, -1) > TITLE_MAX_CHARS || strstr (text, "。") != NULL)
    return FALSE;

  lead = g_regex_new ("^(.*?)(?:关于)?\\s*([0-9]{4})\\s*年度?\\s*(?:的)?\\s*政府信息公开", 0, 0, NULL);
  trail = g_regex_new ("^\\s*([0-9]{4})\\s*年度?\\s*(.*?)\\s*(?:关于)?政府信息公开", 0, 0, NULL);

  if (g_regex_match (trail, text, 0, &info))
    {
      found_year = g_match_info_fetch (info, 1);
      found_agency = g_match_info_fetch (info, 2);
    }
  else
    {
      g_clear_pointer (&info, g_match_info_free);
      if (!g_regex_match (lead, text, 0, &info))
        return FALSE;
      found_agency = g_match_info_fetch (info, 1);
      found_year = g_match_info_fetch (info, 2);
    }

  if (atoi (found_year) < 1990 || atoi (found_year) > 2200)
    return FALSE;
  *year = atoi (found_year);
  g_free (*agency);
  {
    /* "青山区 市场监督管理局" in PDF text, quotes and brackets around names. */
    g_autoptr(GString) a = g_string_new (NULL);
    for (const char *p = found_agency; *p != '\0'; p = g_utf8_next_char (p))
      {
        gunichar c = g_utf8_get_char (p);
        if (!g_unichar_isspace (c) && c != 0x3000 && c != 0xA0 && c != 0x300A && c != 0x300B)
          g_string_append_unichar (a, c);
      }
    *agency = g_string_free (g_steal_pointer (&a), FALSE);
  }
  return TRUE;
}

static void
find_title (Import *im)
{
  int limit = first_heading (im);
  g_autofree char *agency = NULL;
  int year = 0;

  if (limit < 0)
    limit = MIN ((int) im->doc->lines->len, 40);

  im->title_line = -1;
  for (int i = limit - 1; i >= 0 && im->title_line < 0; i--)
    {
      g_autofree char *one = NULL;

      if (!is_text (im, i))
        continue;
      one = clean_prose (line_at (im, i)->text, TRUE);
      if (parse_title (one, &agency, &year))
        {
          im->title_line = i;
          /* "青山区市场监督管理局" on a line of its own above "2023年政府信息…". */
          if (*agency == '\0' && i > 0 && is_text (im, i - 1))
            {
              g_autofree char *above = clean_prose (line_at (im, i - 1)->text, TRUE);
              g_autofree char *two = g_strconcat (above, one, NULL);
              g_autofree char *two_agency = NULL;
              int two_year;

              if (g_utf8_strlen (above, -1) <= 30 && parse_title (two, &two_agency, &two_year) &&
                  *two_agency != '\0')
                {
                  g_free (agency);
                  agency = g_steal_pointer (&two_agency);
                  im->use[i - 1] = LINE_DROPPED;
                }
            }
        }
      else if (i + 1 < limit && is_text (im, i + 1))
        {
          /* A title wrapped over two lines. */
          g_autofree char *next = clean_prose (line_at (im, i + 1)->text, TRUE);
          g_autofree char *two = g_strconcat (one, next, NULL);
          if (parse_title (two, &agency, &year))
            {
              im->title_line = i + 1;
              im->use[i] = LINE_DROPPED;
            }
        }
    }

  if (im->title_line >= 0)
    im->use[im->title_line] = LINE_DROPPED;
  else if (im->doc->title_hint != NULL)
    {
      g_autofree char *hint = clean_prose (im->doc->title_hint, TRUE);
      if (!parse_title (hint, &agency, &year))
        return;
    }
  else
    return;

  if (*agency != '\0')
    im->meta[NB_META_AGENCY] = g_steal_pointer (&agency);
  im->meta[NB_META_YEAR] = g_strdup_printf ("%d", year);
}

typedef struct
{
  NbMetaField  field;
  const char  *pattern;
} ContactPattern;

/* Contact details, anywhere outside the tables. TRUE when @raw holds
 * nothing else (it is then no prose); a sentence quoting a phone number is. */
static gboolean
find_contacts (Import     *im,
               const char *raw)
{
  static const ContactPattern patterns[] = {
    { NB_META_PHONE, "(?:联系电话|咨询电话|办公电话|电话号码|联系方式|电话)\\s*[:：]?\\s*"
                     "([0-9０-９][0-9０-９\\-－—–()（）]*[0-9０-９](?:\\s*[、,，/或]\\s*[0-9０-９][0-9０-９\\-－—–()（）]*[0-9０-９])*)" },
    { NB_META_POSTCODE, "(?:邮政编码|邮编)\\s*[:：]?\\s*([0-9０-９]{6})" },
    { NB_META_ADDRESS, "(?:联系地址|通讯地址|通信地址|办公地址|单位地址|地址)\\s*[:：]\\s*"
                       "([^，。；;,\\s]+?)(?=\\s*(?:[，。；;,）)]|邮政编码|邮编|联系电话|电话|$))" },
  };
  static GRegex *regexes[G_N_ELEMENTS (patterns)];
  g_autofree char *text = NULL;
  g_autofree char *rest = NULL;

  if (strstr (raw, "电话") == NULL && strstr (raw, "地址") == NULL && strstr (raw, "邮") == NULL &&
      strstr (raw, "联系方式") == NULL)
    return FALSE;
  if (g_once_init_enter (&regexes[0]))
    {
      for (guint k = 1; k < G_N_ELEMENTS (patterns); k++)
        regexes[k] = g_regex_new (patterns[k].pattern, 0, 0, NULL);
      g_once_init_leave (&regexes[0], g_regex_new (patterns[0].pattern, 0, 0, NULL));
    }
  text = clean_prose (raw, TRUE);
  rest = g_strdup (text);

  for (guint k = 0; k < G_N_ELEMENTS (patterns); k++)
    {
      GRegex *re = regexes[k];
      g_autoptr(GMatchInfo) info = NULL;

      if (!g_regex_match (re, text, 0, &info))
        continue;
      if (im->meta[patterns[k].field] == NULL)
        {
          g_autofree char *value = g_match_info_fetch (info, 1);
          g_autoptr(GString) v = g_string_new (NULL);

          for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
            {
              gunichar c = g_utf8_get_char (p);
              if (c >= 0xFF10 && c <= 0xFF19)
                c = '0' + (c - 0xFF10);
              else if (c == 0xFF0D)
                c = '-';
              g_string_append_unichar (v, c);
            }
          im->meta[patterns[k].field] = g_string_free (g_steal_pointer (&v), FALSE);
        }
      {
        g_autofree char *removed = g_regex_replace_literal (re, rest, -1, 0, "", 0, NULL);
        g_free (rest);
        rest = g_steal_pointer (&removed);
      }
    }

  return !g_str_equal (rest, text) && n_units (rest) == 0;
}

/* The signature block closes the report: the agency's name above the date.
 * Whatever follows the date is the web page's footer. */
static void
find_signature (Import *im)
{
  int from = first_heading (im);

  int last = (int) im->doc->lines->len - 1;

  im->end_line = (int) im->doc->lines->len;
  /* The date is among the last lines, before at most a web page's footer. */
  for (int i = last; i > from && i >= 0 && i > last - 60; i--)
    {
      g_autofree char *date = NULL;
      g_autofree char *text = NULL;

      if (!is_text (im, i))
        break;
      text = clean_prose (line_at (im, i)->text, TRUE);
      if ((date = parse_date_line (text)) == NULL)
        continue;

      im->meta[NB_META_DATE] = g_steal_pointer (&date);
      im->use[i] = LINE_DROPPED;
      im->end_line = i;
      for (int j = i - 1; j > from; j--)
        {
          g_autofree char *signer = NULL;

          if (!is_text (im, j) || im->use[j] == LINE_DROPPED)
            continue;
          signer = clean_prose (line_at (im, j)->text, TRUE);
          if (g_utf8_strlen (signer, -1) <= 30 && n_units (signer) >= 2 &&
              strstr (signer, "。") == NULL && strstr (signer, "，") == NULL &&
              strstr (signer, "：") == NULL)
            {
              im->meta[NB_META_SIGNER] = g_steal_pointer (&signer);
              im->use[j] = LINE_DROPPED;
              im->end_line = j;
            }
          break;
        }
      return;
    }
}

/* No title: the year most often written "20xx年" and the agency named most
 * often (an organisation's name repeated in its own report). Both are
 * guesses, and said so. */
#define GUESS_TEXT_MAX (256 * 1024)

static void
guess_meta_from_text (Import *im)
{
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GRegex) years = g_regex_new ("(20[0-9]{2})\\s*年(?!\\s*[0-9]{1,2}\\s*月)", 0, 0, NULL);
  g_autoptr(GRegex) agencies = g_regex_new ("\\p{Han}{2,16}?(?:人民政府办公室|人民政府|委员会|办公室|管委会|街道办事处|局|厅|委|院|署|中心|办)", 0, 0, NULL);
  g_autoptr(GMatchInfo) info = NULL;
  int best_year = 0;
  guint best_count = 0;

  /* A report's own text; not the megabytes of a mistaken input (nor of
   * one endless line). */
  for (guint i = 0; i < im->doc->lines->len && all->len < GUESS_TEXT_MAX; i++)
    if (is_text (im, i))
      {
        g_autofree char *folded = fold_digits (line_at (im, i)->text);

        g_string_append (all, folded);
        g_string_append_c (all, '\n');
      }
  if (all->len > GUESS_TEXT_MAX)
    g_string_truncate (all, g_utf8_find_prev_char (all->str, all->str + GUESS_TEXT_MAX + 1) - all->str);

  if (im->meta[NB_META_YEAR] == NULL)
    {
      g_regex_match (years, all->str, 0, &info);
      while (g_match_info_matches (info))
        {
          g_autofree char *y = g_match_info_fetch (info, 1);
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, y)) + 1;
          if (n > best_count || (n == best_count && atoi (y) > best_year))
            {
              best_count = n;
              best_year = atoi (y);
            }
          g_hash_table_insert (counts, g_steal_pointer (&y), GUINT_TO_POINTER (n));
          g_match_info_next (info, NULL);
        }
      g_clear_pointer (&info, g_match_info_free);
      if (best_year > 0)
        {
          im->meta[NB_META_YEAR] = g_strdup_printf ("%d", best_year);
          _nb_import_add_note (im->notes, NB_IMPORT_NOTE_GUESSED, NULL, NULL,
                               _("No title naming the year was found: the year %d, the one the text mentions most, was assumed."),
                               best_year);
        }
      else
        _nb_import_add_note (im->notes, NB_IMPORT_NOTE_NOT_READ, NULL, NULL,
                             _("No title naming the year was found, and the text names no year."));
    }

  if (im->meta[NB_META_AGENCY] == NULL)
    {
      g_autofree char *best = NULL;
      guint best_score = 0;
      g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      /* Every name ending in an organisation word, from each start. A name
       * is at most 23 characters: the match looks no further, or every
       * start would cost the length of the text. */
      for (const char *p = all->str; *p != '\0'; p = g_utf8_next_char (p))
        {
          const char *end = p;

          for (guint n = 0; n < 24 && *end != '\0'; n++)
            end = g_utf8_next_char (end);
          if (!g_regex_match_full (agencies, p, end - p, 0, G_REGEX_MATCH_ANCHORED | G_REGEX_MATCH_NOTEMPTY,
                                   &info, NULL))
            {
              g_clear_pointer (&info, g_match_info_free);
              continue;
            }
          {
            g_autofree char *name = g_match_info_fetch (info, 0);
            guint count = 0;
            guint len = (guint) g_utf8_strlen (name, -1);

            /* Counted once per name. */
            if (g_hash_table_contains (seen, name))
              {
                g_clear_pointer (&info, g_match_info_free);
                continue;
              }
            g_hash_table_add (seen, g_strdup (name));
            for (const char *q = strstr (all->str, name); q != NULL; q = strstr (q + 1, name))
              count++;
            if (count >= 2 && len >= 4 && count * len > best_score)
              {
                best_score = count * len;
                g_free (best);
                best = g_steal_pointer (&name);
              }
          }
          g_clear_pointer (&info, g_match_info_free);
        }
      if (best != NULL)
        {
          _nb_import_add_note (im->notes, NB_IMPORT_NOTE_GUESSED, NULL, NULL,
                               _("No title naming the agency was found: “%s”, the organisation the text names most, was assumed."),
                               best);
          im->meta[NB_META_AGENCY] = g_steal_pointer (&best);
        }
      else
        _nb_import_add_note (im->notes, NB_IMPORT_NOTE_NOT_READ, NULL, NULL,
                             _("No title naming the agency was found."));
    }
}

/* ----------------------------------------------------------- prose */

typedef struct
{
  char *text;
  guint indent;
  guint width;
} PrintedLine;

static void
printed_line_clear (PrintedLine *l)
{
  g_free (l->text);
}

/* Printed width in half-em units: Chinese characters take two, digits and
 * letters one, and the spaces pdftotext puts beside Chinese text (where the
 * font changes) none. */
static void
measure (const char *text,
         guint      *indent,
         guint      *width)
{
  const char *p = text;
  gunichar before = 0;

  *indent = 0;
  while (*p == ' ' || g_str_has_prefix (p, "\u3000"))
    {
      *indent += *p == ' ' ? 1 : 2;
      p += *p == ' ' ? 1 : strlen ("\u3000");
    }
  *width = *indent;
  for (; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ')
        {
          gunichar after = g_utf8_get_char (g_utf8_next_char (p));
          if (!is_wide (before) && !is_wide (after))
            *width += 1;
        }
      else
        *width += is_wide (c) ? 2 : 1;
      before = c;
    }
}

static void
add_block (Import     *im,
           GArray     *blocks,
           const char *text)
{
  NbBlock b;

  if (*text == '\0' || find_contacts (im, text))
    return;
  b.text = g_strdup (text);
  b.level = nb_block_guess_level (text);
  g_array_append_val (blocks, b);
}

/* Printed lines back into paragraphs: a line that is indented, reads as a
 * heading, or follows a short line starts a new one. */
static void
join_printed (Import *im,
              GArray *lines,
              guint   full_width,
              guint   margin,
              gboolean indented,
              GArray *blocks)
{
  g_autoptr(GString) para = g_string_new (NULL);
  guint prev_width = 0;

  for (guint i = 0; i < lines->len; i++)
    {
      PrintedLine *l = &g_array_index (lines, PrintedLine, i);
      g_autofree char *text = clean_prose (l->text, TRUE);
      gboolean heading = nb_block_guess_level (text) > 0;
      gboolean starts = para->len == 0 || heading ||
                        (indented && l->indent >= margin + 2) ||
                        prev_width + MAX (3u, full_width / 10) < full_width;

      if (starts && para->len > 0)
        {
          add_block (im, blocks, para->str);
          g_string_truncate (para, 0);
        }
      if (para->len > 0 && g_ascii_isalnum (para->str[para->len - 1]) && g_ascii_isalnum (text[0]))
        g_string_append_c (para, ' ');
      g_string_append (para, text);
      prev_width = l->width;
      if (heading)
        {
          add_block (im, blocks, para->str);
          g_string_truncate (para, 0);
          prev_width = full_width;
        }
    }
  if (para->len > 0)
    add_block (im, blocks, para->str);
}

static void
blocks_clear (NbBlock *b)
{
  g_free (b->text);
}

static void
read_prose (Import *im)
{
  guint n_sections = nb_template_get_n_sections (im->template);
  guint full_width = 0, margin = G_MAXUINT, n_indented = 0;

  /* The page's text width and left margin, from every prose line. */
  if (im->doc->wrapped)
    for (guint i = 0; i < im->doc->lines->len; i++)
      if (is_text (im, i) && im->use[i] == LINE_PROSE)
        {
          guint indent, width;
          measure (line_at (im, i)->text, &indent, &width);
          if (width - indent >= 20)
            {
              full_width = MAX (full_width, width);
              margin = MIN (margin, indent);
            }
        }
  if (margin == G_MAXUINT)
    margin = 0;

  for (guint k = 0; k < n_sections; k++)
    {
      const NbTemplateSection *s = nb_template_get_section (im->template, k);
      g_autoptr(GArray) blocks = g_array_new (FALSE, TRUE, sizeof (NbBlock));
      g_autoptr(GArray) printed = g_array_new (FALSE, TRUE, sizeof (PrintedLine));
      int from, to;

      g_array_set_clear_func (blocks, (GDestroyNotify) blocks_clear);
      g_array_set_clear_func (printed, (GDestroyNotify) printed_line_clear);
      if (s->table_id != NULL)
        continue;
      if (k == 0)
        {
          from = im->title_line + 1;
          to = first_heading (im) >= 0 ? first_heading (im) : im->end_line;
        }
      else
        {
          if (im->heading[k] < 0)
            continue;
          from = im->heading[k] + 1;
          to = section_end (im, k);
        }

      for (int i = from; i < to && i < im->end_line; i++)
        {
          const char *text;

          if (!is_text (im, i) || im->use[i] != LINE_PROSE)
            continue;
          text = line_at (im, i)->text;
          /* Before the first heading without a title, only sentences: the
           * rest is the page's navigation. */
          if (k == 0 && im->title_line < 0 && strstr (text, "。") == NULL)
            continue;
          if (im->doc->wrapped)
            {
              PrintedLine l = { g_strdup (text), 0, 0 };
              measure (text, &l.indent, &l.width);
              if (l.indent >= margin + 2)
                n_indented++;
              g_array_append_val (printed, l);
            }
          else
            {
              g_autofree char *clean = clean_prose (text, FALSE);
              add_block (im, blocks, clean);
            }
        }
      if (im->doc->wrapped)
        join_printed (im, printed, full_width, margin, n_indented >= 2, blocks);

      _nb_report_load_blocks (im->report, s->id, (const NbBlock *) blocks->data, blocks->len);
    }
}

/* ------------------------------------------------------------- tables */

static NbImpZone *
build_zone (Import *im)
{
  NbImpZone *zone = _nb_imp_zone_new ();
  guint n_sections = nb_template_get_n_sections (im->template);
  gboolean any_table_heading = FALSE;
  g_autofree gboolean *in_tables = g_new0 (gboolean, im->doc->lines->len + 1);

  for (guint k = 1; k < n_sections; k++)
    {
      const NbTemplateSection *s = nb_template_get_section (im->template, k);
      if (s->table_id == NULL || im->heading[k] < 0)
        continue;
      any_table_heading = TRUE;
      for (int i = im->heading[k] + 1; i < section_end (im, k); i++)
        in_tables[i] = TRUE;
    }

  for (guint i = 0; i < im->doc->lines->len; i++)
    {
      NbImpLine *line = line_at (im, i);

      /* Without table headings, any line could be a table's; sentences are not. */
      if (line->kind != NB_IMP_LINE_TEXT || in_tables[i] ||
          (!any_table_heading && im->use[i] == LINE_PROSE && strstr (line->text, "。") == NULL))
        {
          if (_nb_imp_zone_get_size (zone) > NB_IMP_ZONE_MAX_SIZE)
            {
              _nb_import_add_note (im->notes, NB_IMPORT_NOTE_NOT_READ, NULL, NULL,
                                   _("The tables’ text is far longer than a report’s; only its beginning was read."));
              break;
            }
          _nb_imp_zone_add_line (zone, line, im->doc->wrapped);
          if (line->kind == NB_IMP_LINE_TEXT)
            im->use[i] = LINE_DROPPED;
        }
    }
  return zone;
}

/* -------------------------------------------------------------- import */

static NbReport *
import_doc (NbImpDoc    *doc,
            const char  *name,
            GPtrArray   *notes,
            GError     **error)
{
  Import im = { 0 };
  g_autoptr(NbTemplate) t2019 = NULL;
  g_autoptr(NbTemplate) t2021 = NULL;
  g_autoptr(NbImpZone) zone = NULL;
  g_autoptr(NbReport) report = NULL;
  const char *template_id;
  guint n_read;
  int year;

  if ((t2019 = nb_template_load ("gov-disclosure-2019", error)) == NULL ||
      (t2021 = nb_template_load ("gov-disclosure-2021", error)) == NULL)
    return NULL;

  im.doc = doc;
  im.notes = notes;
  im.template = t2021;  /* both forms have the same sections */
  im.use = g_new0 (LineUse, doc->lines->len + 1);
  im.title_line = -1;
  im.end_line = (int) doc->lines->len;

  find_headings (&im);
  find_signature (&im);
  find_title (&im);
  for (int i = 0; i < im.end_line; i++)
    if (is_text (&im, i) && im.use[i] == LINE_PROSE)
      {
        if (is_web_furniture (line_at (&im, i)->text))
          im.use[i] = LINE_DROPPED;
        else if (find_contacts (&im, line_at (&im, i)->text) && !doc->wrapped)
          im.use[i] = LINE_DROPPED;  /* printed lines are judged once joined */
      }

  zone = build_zone (&im);

  /* The form: by the tables' own headers, else by the year. */
  template_id = _nb_imp_zone_guess_template (zone, t2019, t2021);
  year = im.meta[NB_META_YEAR] != NULL ? atoi (im.meta[NB_META_YEAR]) : 0;
  if (template_id == NULL)
    {
      template_id = year > 0 && year < 2021 ? "gov-disclosure-2019" : "gov-disclosure-2021";
      if (im.n_headings > 0)
        _nb_import_add_note (notes, NB_IMPORT_NOTE_GUESSED, NULL, NULL,
                             _("The tables do not show which form the report follows: the %s form was assumed."),
                             year > 0 && year < 2021 ? "2019" : "2021");
    }
  else if (year >= 2021 && g_str_equal (template_id, "gov-disclosure-2019"))
    _nb_import_add_note (notes, NB_IMPORT_NOTE_DEVIATION, NULL, NULL,
                         _("The report is for %d but its tables follow the 2019 form, replaced in 2021; it was read in the 2019 form."),
                         year);
  im.template = g_str_equal (template_id, "gov-disclosure-2019") ? t2019 : t2021;

  report = nb_report_new (im.template);
  im.report = report;
  n_read = _nb_imp_zone_read_tables (zone, report, notes);

  if (n_read == 0 && im.n_headings < 2)
    {
      import_clear (&im);
      g_set_error (error, NB_IMPORT_ERROR, NB_IMPORT_ERROR_NOT_A_REPORT,
                   _("“%s” does not look like a government information disclosure report: neither its section headings nor its tables were found."),
                   name);
      return NULL;
    }

  if (im.meta[NB_META_AGENCY] == NULL || im.meta[NB_META_YEAR] == NULL)
    guess_meta_from_text (&im);
  for (guint f = 0; f < NB_META_N_FIELDS; f++)
    if (im.meta[f] != NULL)
      _nb_report_load_meta (report, f, im.meta[f]);

  for (guint k = 1; k < nb_template_get_n_sections (im.template); k++)
    if (im.heading[k] < 0)
      {
        const NbTemplateSection *s = nb_template_get_section (im.template, k);
        _nb_import_add_note (notes, NB_IMPORT_NOTE_NOT_READ, s->id, NULL,
                             _("The heading “%s” was not found; the text under it went to the section before."),
                             s->title);
      }

  read_prose (&im);
  import_clear (&im);
  return g_steal_pointer (&report);
}

/* ------------------------------------------------------------- entry */

typedef enum
{
  FORMAT_TEXT,
  FORMAT_HTML,
  FORMAT_DOCX,
} Format;

static gboolean
looks_like_html (const char *data,
                 gsize       length)
{
  g_autofree char *head = g_ascii_strdown (data, MIN (length, 2048));
  const char *p = head;

  while (g_ascii_isspace (*p))
    p++;
  if (*p != '<')
    return FALSE;
  return strstr (head, "<html") != NULL || strstr (head, "<!doctype html") != NULL ||
         strstr (head, "<body") != NULL || strstr (head, "<table") != NULL ||
         strstr (head, "<p") != NULL || strstr (head, "<div") != NULL ||
         strstr (head, "<meta") != NULL || strstr (head, "<head") != NULL;
}

/* Bytes → UTF-8 text: UTF-8 (with or without BOM), UTF-16 with a BOM, or
 * GB18030/GBK, which many Chinese sites and Windows editors still write. */
static char *
decode_text (const char  *data,
             gsize        length,
             const char  *name,
             GError     **error)
{
  g_autofree char *text = NULL;
  gsize n_controls = 0, n_chars = 0;
  const char *valid_end = NULL;

  /* An empty file may come as NULL: memchr () and friends must not see it. */
  if (data == NULL || length == 0)
    {
      data = "";
      length = 0;
    }

  if (length >= 2 && ((guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE))
    text = g_convert (data + 2, length - 2, "UTF-8", "UTF-16LE", NULL, NULL, NULL);
  else if (length >= 2 && ((guchar) data[0] == 0xFE && (guchar) data[1] == 0xFF))
    text = g_convert (data + 2, length - 2, "UTF-8", "UTF-16BE", NULL, NULL, NULL);
  else if (memchr (data, '\0', length) != NULL)
    text = NULL;
  else if (g_utf8_validate (data, length, &valid_end) ||
           /* Cut in the middle of its last character (a truncated download). */
           g_utf8_get_char_validated (valid_end, data + length - valid_end) == (gunichar) -2)
    {
      gsize skip = length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
      text = g_strndup (data + skip, valid_end - data - skip);
    }
  else
    text = g_convert (data, length, "UTF-8", "GB18030", NULL, NULL, NULL);

  if (text != NULL)
    for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
      {
        gunichar c = g_utf8_get_char (p);
        n_chars++;
        if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') || c == 0xFFFD ||
            (c >= 0x7F && c < 0xA0) || (c >= 0xE000 && c <= 0xF8FF))
          n_controls++;
      }

  /* Binary data decodes as GB18030 more often than not: refuse text full
   * of control and private-use characters. */
  if (text == NULL || n_controls > n_chars / 100 + 1)
    {
      g_set_error (error, NB_IMPORT_ERROR, NB_IMPORT_ERROR_NOT_TEXT,
                   _("“%s” is not text, HTML or a .docx document."), name);
      return NULL;
    }
  return g_steal_pointer (&text);
}

NbReport *
nb_import_data (const char  *data,
                gsize        length,
                const char  *name,
                GPtrArray  **notes,
                GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) nb_import_note_free);
  g_autoptr(NbImpDoc) doc = NULL;
  g_autofree char *text = NULL;
  NbReport *report;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (name == NULL)
    name = _("the text");
  if (length > NB_IMPORT_MAX_SIZE)
    {
      g_set_error (error, NB_IMPORT_ERROR, NB_IMPORT_ERROR_TOO_LARGE,
                   _("“%s” is larger than %d MB; a report is much smaller."), name, NB_IMPORT_MAX_SIZE >> 20);
      return NULL;
    }

  if (length >= 4 && memcmp (data, "PK\x03\x04", 4) == 0)
    {
      __typeof__ (_nb_import_read_docx) *read_docx = nb_formats_lookup ("_nb_import_read_docx", error);

      if (read_docx == NULL || (doc = read_docx (data, length, error)) == NULL)
        return NULL;
    }
  else if (length >= 5 && memcmp (data, "%PDF-", 5) == 0)
    {
      g_set_error (error, NB_IMPORT_ERROR, NB_IMPORT_ERROR_UNSUPPORTED,
                   _("“%s” is a PDF. Extract its text with “pdftotext -layout” and import the text file."), name);
      return NULL;
    }
  else if (length >= 4 && memcmp (data, "\xd0\xcf\x11\xe0", 4) == 0)
    {
      g_set_error (error, NB_IMPORT_ERROR, NB_IMPORT_ERROR_UNSUPPORTED,
                   _("“%s” is an old Office document (.doc, .xls or .wps). Save it as .docx, or copy its text, and import that."), name);
      return NULL;
    }
  else
    {
      if ((text = decode_text (data, length, name, error)) == NULL)
        return NULL;
      if (is_blank (text))
        {
          g_set_error (error, NB_IMPORT_ERROR, NB_IMPORT_ERROR_EMPTY, _("“%s” is empty."), name);
          return NULL;
        }
      if (looks_like_html (text, strlen (text)))
        {
          __typeof__ (_nb_import_read_html) *read_html = nb_formats_lookup ("_nb_import_read_html", error);

          doc = read_html != NULL ? read_html (text, strlen (text), error) : NULL;
        }
      else
        doc = read_text (text);
      if (doc == NULL)
        return NULL;
    }

  if (doc->lines->len == 0)
    {
      g_set_error (error, NB_IMPORT_ERROR, NB_IMPORT_ERROR_EMPTY, _("“%s” holds no text."), name);
      return NULL;
    }

  report = import_doc (doc, name, list, error);
  if (report != NULL && notes != NULL)
    *notes = g_steal_pointer (&list);
  return report;
}

NbReport *
nb_import_text (const char  *text,
                gssize       length,
                const char  *name,
                GPtrArray  **notes,
                GError     **error)
{
  g_return_val_if_fail (text != NULL, NULL);

  return nb_import_data (text, length < 0 ? strlen (text) : (gsize) length, name, notes, error);
}

/* Reads at most NB_IMPORT_MAX_SIZE bytes: the size asked for before can be
 * wrong (a file still growing, a file system that reports 0). */
static GBytes *
read_bounded (GFile       *file,
              goffset      size_hint,
              const char  *name,
              GError     **error)
{
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GByteArray) bytes = NULL;
  g_autofree guint8 *buf = NULL;
  const gsize chunk = 64 * 1024;

  if ((in = g_file_read (file, NULL, error)) == NULL)
    return NULL;
  bytes = g_byte_array_sized_new ((guint) CLAMP (size_hint, 0, NB_IMPORT_MAX_SIZE));
  buf = g_malloc (chunk);
  for (;;)
    {
      gsize n = 0;

      if (!g_input_stream_read_all (G_INPUT_STREAM (in), buf, chunk, &n, NULL, error))
        return NULL;
      if (n == 0)
        break;
      if (bytes->len + n > NB_IMPORT_MAX_SIZE)
        {
          g_set_error (error, NB_IMPORT_ERROR, NB_IMPORT_ERROR_TOO_LARGE,
                       _("“%s” is larger than %d MB; a report is much smaller."), name, NB_IMPORT_MAX_SIZE >> 20);
          return NULL;
        }
      g_byte_array_append (bytes, buf, (guint) n);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

NbReport *
nb_import_file (GFile      *file,
                GPtrArray **notes,
                GError    **error)
{
  g_autoptr(GBytes) data = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFileInfo) info = NULL;
  goffset size = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_file_get_parse_name (file);
  /* Without the information g_file_read () below says what is wrong (no
   * such file, no permission) in GIO's words. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info != NULL)
    {
      GFileType type = g_file_info_get_file_type (info);

      if (type == G_FILE_TYPE_DIRECTORY)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                       _("“%s” is a folder, not a report."), name);
          return NULL;
        }
      /* A device or a pipe (/dev/zero, a FIFO) would be read forever, or
       * wait forever for a writer. */
      if (type == G_FILE_TYPE_SPECIAL)
        {
          g_set_error (error, NB_IMPORT_ERROR, NB_IMPORT_ERROR_UNSUPPORTED,
                       _("“%s” is a device or a pipe, not a file."), name);
          return NULL;
        }
      size = g_file_info_get_size (info);
      if (size > NB_IMPORT_MAX_SIZE)
        {
          g_set_error (error, NB_IMPORT_ERROR, NB_IMPORT_ERROR_TOO_LARGE,
                       _("“%s” is larger than %d MB; a report is much smaller."), name, NB_IMPORT_MAX_SIZE >> 20);
          return NULL;
        }
    }
  if ((data = read_bounded (file, size, name, error)) == NULL)
    return NULL;
  return nb_import_data (g_bytes_get_data (data, NULL), g_bytes_get_size (data), name, notes, error);
}

typedef struct
{
  NbReport  *report;
  GPtrArray *notes;
} ImportResult;

static void
import_result_free (ImportResult *r)
{
  g_clear_object (&r->report);
  g_clear_pointer (&r->notes, g_ptr_array_unref);
  g_free (r);
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  ImportResult *result = g_new0 (ImportResult, 1);
  GError *error = NULL;

  result->report = nb_import_file (G_FILE (data), &result->notes, &error);
  if (result->report == NULL)
    {
      import_result_free (result);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) import_result_free);
}

void
nb_import_file_async (GFile               *file,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, nb_import_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, import_thread);
}

NbReport *
nb_import_file_finish (GAsyncResult  *result,
                       GPtrArray    **notes,
                       GError       **error)
{
  ImportResult *r;
  NbReport *report;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if ((r = g_task_propagate_pointer (G_TASK (result), error)) == NULL)
    return NULL;
  report = g_steal_pointer (&r->report);
  if (notes != NULL)
    *notes = g_steal_pointer (&r->notes);
  import_result_free (r);
  return report;
}
