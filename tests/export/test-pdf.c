/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-pdf"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "nb-fonts.h"
#include "nb-layout.h"
#include "nb-layout-private.h"
#include "nb-pdf.h"
#include "nb-storage.h"

/* PDF export: the layout API directly, and `nianbao --export-pdf` checked
 * with poppler (pdfinfo, pdffonts, pdftotext) and qpdf. */

#define MM (72.0 / 25.4)
#define EPOCH "1700000000"

static char *tmpdir;

static char *
sample_path (void)
{
  return g_build_filename (g_getenv ("NB_SOURCE_DIR"), "data", "samples",
                           "dongsheng-tongjiju-2023.nianbao", NULL);
}

static NbReport *
load_sample (void)
{
  g_autofree char *path = sample_path ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  NbReport *report = nb_storage_load_file (file, NULL, &error);

  g_assert_no_error (error);
  return report;
}

static char *
save_report (NbReport   *report,
             const char *name)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  nb_storage_save_file (report, file, NULL, &error);
  g_assert_no_error (error);
  return path;
}

/* Runs a command; returns its exit status and its standard output. */
static int
run (char        **out,
     const char   *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *err = NULL;
  int status = 0;
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  env = g_environ_setenv (env, "SOURCE_DATE_EPOCH", EPOCH, TRUE);
  g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_SEARCH_PATH, NULL, NULL,
                out, &err, &status, &error);
  g_assert_no_error (error);
  if (err != NULL && *err != '\0')
    g_test_message ("%s: %s", first, err);
  if (!WIFEXITED (status))
    g_error ("%s did not exit normally", first);
  return WEXITSTATUS (status);
}

static int
export_pdf (const char *out,
            const char *report,
            gboolean    final)
{
  const char *nianbao = g_getenv ("NIANBAO");

  if (final)
    return run (NULL, nianbao, "--export-pdf", out, "--final", report, NULL);
  return run (NULL, nianbao, "--export-pdf", out, report, NULL);
}

/* pdftotext in content order, whitespace removed: what a reader copies. */
static char *
pdf_text (const char *pdf)
{
  g_autofree char *out = NULL;
  GString *flat = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (run (&out, "pdftotext", "-raw", "-enc", "UTF-8", pdf, "-", NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      /* page numbers interrupt a paragraph that crosses a page */
      if (g_regex_match_simple ("^\\f?— [0-9]+ —$", lines[i], 0, 0))
        continue;
      for (const char *p = lines[i]; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (!g_unichar_isspace (c) && c != '\f')
            g_string_append_unichar (flat, c);
        }
    }
  return g_string_free (flat, FALSE);
}

static char *
pdf_lines (const char *pdf)
{
  char *out = NULL;

  g_assert_cmpint (run (&out, "pdftotext", "-raw", "-enc", "UTF-8", pdf, "-", NULL), ==, 0);
  return out;
}

static char *
strip_spaces (const char *text)
{
  GString *flat = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_unichar (flat, g_utf8_get_char (p));
  return g_string_free (flat, FALSE);
}

static char *
pdfinfo_field (const char *info,
               const char *key)
{
  g_auto(GStrv) lines = g_strsplit (info, "\n", -1);
  g_autofree char *prefix = g_strconcat (key, ":", NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return g_strstrip (g_strdup (lines[i] + strlen (prefix)));
  return NULL;
}

static void
assert_fonts_embedded (const char *pdf)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_fonts = 0;

  g_assert_cmpint (run (&out, "pdffonts", pdf, NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_regex_split_simple ("\\s+", g_strstrip (lines[i]), 0, 0);
      guint n = g_strv_length (fields);

      if (n < 6)
        continue;
      /* name type… emb sub uni object ID */
      if (g_strcmp0 (fields[n - 5], "yes") != 0)
        g_error ("font not embedded: %s", lines[i]);
      n_fonts++;
    }
  g_assert_cmpuint (n_fonts, >=, 3);
}

static void
assert_qpdf_clean (const char *pdf)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (run (&out, "qpdf", "--check", pdf, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "No syntax or stream encoding errors"));
}

/* ---- The layout API ---- */

static void
test_layout_new_destroy (void)
{
  g_autoptr(NbReport) report = load_sample ();
  g_autoptr(GError) error = NULL;
  NbLayout *layout = nb_layout_new (report, NULL);

  g_assert_true (nb_layout_paginate (layout, NB_LAYOUT_A4_WIDTH, NB_LAYOUT_A4_HEIGHT, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (nb_layout_get_n_pages (layout), >=, 4);
  g_assert_cmpstr (nb_layout_get_title (layout), ==, "东胜区统计局2023年政府信息公开工作年度报告");
  g_assert_false (nb_layout_get_has_errors (layout));
  g_assert_false (nb_layout_get_draft (layout));
  g_assert_finalize_object (layout);
}

static void
test_layout_sections (void)
{
  g_autoptr(NbReport) report = load_sample ();
  g_autoptr(NbLayout) layout = nb_layout_new (report, NULL);
  NbTemplate *template = nb_report_get_template (report);
  guint last_page = 0, n = 0;
  double bottom = (NB_LAYOUT_A4_HEIGHT - 35 * MM);

  g_assert_true (nb_layout_paginate (layout, NB_LAYOUT_A4_WIDTH, NB_LAYOUT_A4_HEIGHT, NULL));
  g_assert_cmpuint (nb_layout_get_n_sections (layout), ==, 6);
  for (guint i = 0; i < nb_template_get_n_sections (template); i++)
    {
      const NbTemplateSection *ts = nb_template_get_section (template, i);
      const char *title, *dest;
      guint page;
      double y;

      if (ts->title == NULL)
        continue;
      g_assert_true (nb_layout_get_section (layout, n++, &title, &dest, &page, &y));
      g_assert_cmpstr (title, ==, ts->title);
      /* cairo 1.16 resolves ASCII destination names only */
      for (const char *p = dest; *p != '\0'; p++)
        g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
      g_assert_cmpuint (page, >=, last_page);
      g_assert_cmpuint (page, <, nb_layout_get_n_pages (layout));
      /* a heading is never the last line of its page */
      g_assert_cmpfloat (y, >=, 37 * MM - 0.01);
      g_assert_cmpfloat (y + 2 * 28.99, <=, bottom + 0.1);
      last_page = page;
    }
  g_assert_false (nb_layout_get_section (layout, 6, NULL, NULL, NULL, NULL));
}

static void
test_layout_draft (void)
{
  g_autoptr(NbReport) report = load_sample ();
  g_autoptr(NbLayout) clean = nb_layout_new (report, NULL);
  g_autoptr(NbLayout) draft = NULL;
  g_autoptr(NbLayout) final = NULL;
  NbLayoutOptions options;

  g_assert_false (nb_layout_get_draft (clean));
  g_assert_true (nb_report_set_value_by_id (report, "requests.new.natural",
                                            &(NbDecimal) { 3, 0 }, NULL));
  /* the layout is a copy: the clean one stays clean */
  g_assert_false (nb_layout_get_has_errors (clean));

  draft = nb_layout_new (report, NULL);
  g_assert_true (nb_layout_get_has_errors (draft));
  g_assert_true (nb_layout_get_draft (draft));

  nb_layout_options_init (&options);
  options.final = TRUE;
  final = nb_layout_new (report, &options);
  g_assert_true (nb_layout_get_has_errors (final));
  g_assert_false (nb_layout_get_draft (final));
}

/* Rare characters outside GB2312 fall back to a font that has them. */
static void
test_fonts_fallback (void)
{
  g_autoptr(NbFonts) fonts = nb_fonts_new ();
  g_autoptr(GError) error = NULL;
  PangoContext *context;

  g_assert_true (nb_fonts_resolve (fonts, &error));
  g_assert_no_error (error);
  context = pango_font_map_create_context (nb_fonts_get_font_map (fonts));
  pango_context_set_language (context, pango_language_from_string ("zh-cn"));

  for (guint role = 0; role < NB_FONT_N_ROLES; role++)
    {
      g_autoptr(PangoLayout) layout = pango_layout_new (context);
      g_autoptr(PangoFontDescription) desc = nb_fonts_describe (fonts, role, 16);

      g_assert_nonnull (nb_fonts_get_family (fonts, role));
      pango_layout_set_font_description (layout, desc);
      pango_layout_set_text (layout, "朱镕基、王堃、李昇：政府信息公开（2023年）", -1);
      g_assert_cmpint (pango_layout_get_unknown_glyphs_count (layout), ==, 0);
    }
  g_object_unref (context);
  /* Debian's free faces, registered from texlive-lang-chinese */
  g_assert_cmpstr (nb_fonts_get_family (fonts, NB_FONT_ROLE_BODY), ==, "FandolFang");
  g_assert_cmpstr (nb_fonts_get_family (fonts, NB_FONT_ROLE_KAI), ==, "FandolKai");
}

static void
test_fonts_preference (void)
{
  g_autoptr(NbFonts) fonts = nb_fonts_new ();
  g_auto(GStrv) candidates = nb_fonts_list_candidates (NB_FONT_ROLE_BODY);

  g_assert_nonnull (candidates);
  g_assert_true (g_strv_contains ((const char * const *) candidates, "FandolFang"));

  nb_fonts_set_preference (fonts, NB_FONT_ROLE_BODY, "Noto Serif CJK SC");
  g_assert_true (nb_fonts_resolve (fonts, NULL));
  g_assert_cmpstr (nb_fonts_get_family (fonts, NB_FONT_ROLE_BODY), ==, "Noto Serif CJK SC");

  /* a family that is not installed is passed over */
  nb_fonts_set_preference (fonts, NB_FONT_ROLE_BODY, "No Such Font Family");
  g_assert_true (nb_fonts_resolve (fonts, NULL));
  g_assert_cmpstr (nb_fonts_get_family (fonts, NB_FONT_ROLE_BODY), ==, "FandolFang");
}

static gboolean
column_blank (cairo_surface_t *image,
              int              x0,
              int              x1,
              int              y0,
              int              y1)
{
  int stride = cairo_image_surface_get_stride (image);
  const guchar *data = cairo_image_surface_get_data (image);

  for (int y = MAX (y0, 0); y < y1 && y < cairo_image_surface_get_height (image); y++)
    for (int x = MAX (x0, 0); x < x1 && x < cairo_image_surface_get_width (image); x++)
      if (((const guint32 *) (gconstpointer) (data + y * stride))[x] != 0xffffffff)
        return FALSE;
  return TRUE;
}

/* Everything but the page number stays inside the GB/T 9704 type area:
 * 28 mm from the left, 37 mm from the top, 156 × 225 mm. */
static void
test_layout_margins (void)
{
  g_autoptr(NbReport) report = load_sample ();
  g_autoptr(NbLayout) layout = nb_layout_new (report, NULL);
  const double scale = 2.0;
  int w = (int) ceil (NB_LAYOUT_A4_WIDTH * scale), h = (int) ceil (NB_LAYOUT_A4_HEIGHT * scale);
  int left = (int) floor (28 * MM * scale) - 1, right = (int) ceil ((28 + 156) * MM * scale) + 1;
  int top = (int) floor (37 * MM * scale) - 1, bottom = (int) ceil ((37 + 225) * MM * scale) + 1;

  g_assert_true (nb_layout_paginate (layout, NB_LAYOUT_A4_WIDTH, NB_LAYOUT_A4_HEIGHT, NULL));
  for (guint page = 0; page < nb_layout_get_n_pages (layout); page++)
    {
      cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
      cairo_t *cr = cairo_create (image);

      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_scale (cr, scale, scale);
      nb_layout_draw_page (layout, cr, page);
      cairo_destroy (cr);
      cairo_surface_flush (image);

      g_assert_true (column_blank (image, 0, left, 0, h));
      g_assert_true (column_blank (image, right, w, 0, h));
      g_assert_true (column_blank (image, 0, w, 0, top));
      /* the page number: 7 mm below the type area, right on odd pages */
      g_assert_true (column_blank (image, 0, w, bottom, bottom + (int) (5 * MM * scale)));
      g_assert_false (column_blank (image, 0, w, bottom, h));
      if (page % 2 == 0)
        g_assert_true (column_blank (image, 0, w / 2, bottom, h));
      else
        g_assert_true (column_blank (image, w / 2, w, bottom, h));
      g_assert_false (column_blank (image, left, right, top, bottom));
      cairo_surface_destroy (image);
    }
}

/* ---- nianbao --export-pdf ---- */

static void
test_cli_sample (void)
{
  g_autofree char *sample = sample_path ();
  g_autofree char *pdf = g_build_filename (tmpdir, "sample.pdf", NULL);
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autofree char *outline = NULL;
  g_autofree char *field = NULL;
  g_autoptr(NbReport) report = load_sample ();
  NbTemplate *template = nb_report_get_template (report);
  gint64 pages = 0;

  g_assert_cmpint (export_pdf (pdf, sample, FALSE), ==, 0);

  g_assert_cmpint (run (&info, "pdfinfo", pdf, NULL), ==, 0);
  field = pdfinfo_field (info, "Page size");
  g_assert_true (g_str_has_prefix (field, "595.276 x 841.89"));
  g_clear_pointer (&field, g_free);
  field = pdfinfo_field (info, "Pages");
  pages = g_ascii_strtoll (field, NULL, 10);
  g_assert_cmpint (pages, >=, 4);
  g_assert_cmpint (pages, <=, 8);
  g_clear_pointer (&field, g_free);
  field = pdfinfo_field (info, "Title");
  g_assert_cmpstr (field, ==, "东胜区统计局2023年政府信息公开工作年度报告");
  g_clear_pointer (&field, g_free);
  field = pdfinfo_field (info, "Author");
  g_assert_cmpstr (field, ==, "东胜区统计局");
  g_clear_pointer (&field, g_free);
  field = pdfinfo_field (info, "Subject");
  g_assert_nonnull (strstr (field, "政府信息公开工作年度报告"));
  g_clear_pointer (&field, g_free);
  field = pdfinfo_field (info, "Keywords");
  g_assert_nonnull (strstr (field, "2023"));
  g_clear_pointer (&field, g_free);
  field = pdfinfo_field (info, "Creator");
  g_assert_true (g_str_has_prefix (field, "Nianbao"));
  g_clear_pointer (&field, g_free);
  field = pdfinfo_field (info, "CreationDate");
  g_assert_nonnull (strstr (field, "Nov 14 22:13:20 2023"));
  g_clear_pointer (&field, g_free);
  field = pdfinfo_field (info, "Tagged");
  g_assert_cmpstr (field, ==, "yes");

  assert_fonts_embedded (pdf);
  assert_qpdf_clean (pdf);

  /* the outline: the six sections, in order, each to its page */
  g_assert_cmpint (run (&outline, "qpdf", "--json", "--json-key=outlines", pdf, NULL), ==, 0);
  {
    const char *at = outline;

    for (guint i = 0; i < nb_template_get_n_sections (template); i++)
      {
        const NbTemplateSection *ts = nb_template_get_section (template, i);
        g_autofree char *quoted = NULL;

        if (ts->title == NULL)
          continue;
        quoted = g_strdup_printf ("\"title\": \"%s\"", ts->title);
        at = strstr (at, quoted);
        g_assert_nonnull (at);
      }
    g_assert_null (strstr (outline, "\"destpageposfrom1\": null"));
  }

  /* every heading, every label of every table, the prose */
  text = pdf_text (pdf);
  g_assert_null (strstr (text, "草稿"));
  g_assert_nonnull (strstr (text, "东胜区统计局2023年政府信息公开工作年度报告"));
  g_assert_nonnull (strstr (text, "联系电话：0477-8380626"));
  for (guint i = 0; i < nb_template_get_n_sections (template); i++)
    {
      const NbTemplateSection *ts = nb_template_get_section (template, i);

      if (ts->title != NULL)
        g_assert_nonnull (strstr (text, ts->title));
      /* paragraph by paragraph: each is a contiguous run of the text */
      for (guint b = 0; b < nb_report_get_n_blocks (report, ts->id); b++)
        {
          g_autofree char *block = strip_spaces (nb_report_get_block (report, ts->id, b)->text);
          g_assert_nonnull (strstr (text, block));
        }
    }
  for (guint t = 0; t < nb_template_get_n_tables (template); t++)
    {
      const NbTemplateTable *table = nb_template_get_table (template, t);

      for (guint i = 0; i < table->n_grid_cells; i++)
        if (table->grid_cells[i].text != NULL)
          {
            g_autofree char *label = strip_spaces (table->grid_cells[i].text);

            if (strstr (text, label) == NULL)
              g_error ("table label missing from the PDF text: %s", label);
          }
    }
  /* the signature: the agency and the date (today's when none is set) */
  g_assert_nonnull (strstr (text, "东胜区统计局2023年11月14日"));
}

/* Every number of every table reaches the page, right where it belongs. */
static void
test_cli_numbers (void)
{
  g_autoptr(NbReport) report = load_sample ();
  NbTemplate *template = nb_report_get_template (report);
  g_autofree char *path = NULL;
  g_autofree char *pdf = g_build_filename (tmpdir, "numbers.pdf", NULL);
  g_autofree char *lines = NULL;
  g_auto(GStrv) tokens = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  nb_report_set_auto_totals (report, FALSE);
  for (guint i = 0; i < nb_template_get_n_cells (template); i++)
    {
      const NbTemplateCell *cell = nb_template_get_cell (template, i);
      NbDecimal value = { 1000 + i * 7, 0 };

      if (cell->kind == NB_CELL_KIND_AMOUNT)
        value = (NbDecimal) { 24252311082 + i, 6 };
      g_assert_true (nb_report_set_value (report, i, &value, NULL));
    }
  path = save_report (report, "numbers.nianbao");

  /* the sums no longer hold: written, with exit status 1 and a watermark */
  g_assert_cmpint (export_pdf (pdf, path, FALSE), ==, 1);
  lines = pdf_lines (pdf);
  tokens = g_regex_split_simple ("\\s+", lines, 0, 0);
  for (guint i = 0; tokens[i] != NULL; i++)
    g_hash_table_add (seen, tokens[i]);
  for (guint i = 0; i < nb_template_get_n_cells (template); i++)
    {
      g_autofree char *value = nb_report_format_value (report, i);

      if (!g_hash_table_contains (seen, value))
        g_error ("value %s of %s missing from the PDF", value,
                 nb_template_get_cell (template, i)->id);
    }
  g_assert_true (g_hash_table_contains (seen, "24252.311091"));
  assert_qpdf_clean (pdf);
}

static void
test_cli_draft (void)
{
  g_autoptr(NbReport) report = load_sample ();
  g_autofree char *path = NULL;
  g_autofree char *draft = g_build_filename (tmpdir, "draft.pdf", NULL);
  g_autofree char *final = g_build_filename (tmpdir, "final.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  g_autofree char *pages = NULL;
  const char *at;
  guint n = 0;

  g_assert_true (nb_report_set_value_by_id (report, "requests.new.natural",
                                            &(NbDecimal) { 3, 0 }, NULL));
  path = save_report (report, "draft.nianbao");

  g_assert_cmpint (export_pdf (draft, path, FALSE), ==, 1);
  text = pdf_text (draft);
  /* on every page */
  for (at = text; (at = strstr (at, "草稿")) != NULL; at++)
    n++;
  g_assert_cmpint (run (&info, "pdfinfo", draft, NULL), ==, 0);
  pages = pdfinfo_field (info, "Pages");
  g_assert_cmpuint (n, ==, g_ascii_strtoull (pages, NULL, 10));
  assert_qpdf_clean (draft);
  g_clear_pointer (&text, g_free);

  /* --final: the user's explicit choice, still exit status 1 */
  g_assert_cmpint (export_pdf (final, path, TRUE), ==, 1);
  text = pdf_text (final);
  g_assert_null (strstr (text, "草稿"));
  g_assert_true (g_file_test (final, G_FILE_TEST_IS_REGULAR));
}

/* A long document: 40 paragraphs under headings, nothing lost or doubled. */
static void
test_cli_long (void)
{
  g_autoptr(NbReport) report = load_sample ();
  g_autoptr(GString) section = g_string_new (NULL);
  g_autoptr(NbLayout) layout = NULL;
  g_autofree char *path = NULL;
  g_autofree char *pdf = g_build_filename (tmpdir, "long.pdf", NULL);
  g_autofree char *text = NULL;
  guint n_blocks;

  for (guint i = 0; i < 40; i++)
    {
      if (i % 8 == 0)
        g_string_append_printf (section, "（%s）第%u组工作\n",
                                (const char *[]) { "一", "二", "三", "四", "五" }[i / 8], i / 8 + 1);
      g_string_append_printf (section, "第%u段：", i + 1);
      for (guint k = 0; k < 3 + i % 9; k++)
        g_string_append_printf (section, "本单位认真落实政府信息公开条例第%u条要求，", k + i);
      g_string_append (section, "全年工作稳步推进。\n");
    }
  g_string_truncate (section, section->len - 1);
  nb_report_set_section_text (report, "problems", section->str);
  n_blocks = nb_report_get_n_blocks (report, "problems");
  g_assert_cmpuint (n_blocks, ==, 45);
  path = save_report (report, "long.nianbao");

  g_assert_cmpint (export_pdf (pdf, path, FALSE), ==, 0);
  assert_qpdf_clean (pdf);
  text = pdf_text (pdf);
  for (guint b = 0; b < n_blocks; b++)
    {
      g_autofree char *block = strip_spaces (nb_report_get_block (report, "problems", b)->text);
      const char *at = strstr (text, block);

      if (at == NULL)
        g_error ("paragraph %u lost: %s", b, block);
      /* …and only once */
      g_assert_null (strstr (at + 1, block));
    }

  /* section headings are never the last line of a page */
  layout = nb_layout_new (report, NULL);
  g_assert_true (nb_layout_paginate (layout, NB_LAYOUT_A4_WIDTH, NB_LAYOUT_A4_HEIGHT, NULL));
  g_assert_cmpuint (nb_layout_get_n_pages (layout), >=, 10);
  for (guint i = 0; i < nb_layout_get_n_sections (layout); i++)
    {
      double y;

      g_assert_true (nb_layout_get_section (layout, i, NULL, NULL, NULL, &y));
      g_assert_cmpfloat (y + 2 * 28.99, <=, NB_LAYOUT_A4_HEIGHT - 35 * MM + 0.1);
    }
}

/* 28 characters on a full line of 16 pt text, first lines indented by two. */
static void
test_cli_line_length (void)
{
  g_autoptr(NbReport) report = load_sample ();
  g_autoptr(GString) paragraph = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *pdf = g_build_filename (tmpdir, "lines.pdf", NULL);
  g_autofree char *lines = NULL;
  g_auto(GStrv) split = NULL;
  gboolean found = FALSE;

  for (guint i = 0; i < 90; i++)
    g_string_append (paragraph, "国");
  nb_report_set_section_text (report, "other", paragraph->str);
  path = save_report (report, "lines.nianbao");
  g_assert_cmpint (export_pdf (pdf, path, FALSE), ==, 0);

  lines = pdf_lines (pdf);
  split = g_strsplit (lines, "\n", -1);
  for (guint i = 0; split[i + 3] != NULL; i++)
    {
      g_autofree char *a = strip_spaces (split[i]);

      if (g_str_has_prefix (a, "国国国") && g_utf8_strlen (a, -1) != 90)
        {
          g_autofree char *b = strip_spaces (split[i + 1]);
          g_autofree char *c = strip_spaces (split[i + 2]);
          g_autofree char *d = strip_spaces (split[i + 3]);

          g_assert_cmpint (g_utf8_strlen (a, -1), ==, 26);
          g_assert_cmpint (g_utf8_strlen (b, -1), ==, 28);
          g_assert_cmpint (g_utf8_strlen (c, -1), ==, 28);
          g_assert_cmpint (g_utf8_strlen (d, -1), ==, 8);
          found = TRUE;
          break;
        }
    }
  g_assert_true (found);
}

/* The signature never stands on a page of its own (此页无正文 is not
 * allowed), wherever the text happens to end. */
static void
test_signature_never_alone (void)
{
  g_autoptr(NbReport) report = load_sample ();
  g_autofree char *pdf = g_build_filename (tmpdir, "alone.pdf", NULL);

  for (guint lines = 1; lines <= 23; lines++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(NbLayout) layout = NULL;
      g_autoptr(NbPdf) writer = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *page_no = NULL;
      g_autofree char *out = NULL;
      g_autofree char *flat = NULL;
      guint n_pages;

      /* one more line of text each round: 26 characters, then 28 a line */
      for (guint i = 0; i < 26 + (lines - 1) * 28; i++)
        g_string_append (text, i % 28 == 27 ? "。" : "文");
      nb_report_set_section_text (report, "other", text->str);
      layout = nb_layout_new (report, NULL);
      writer = nb_pdf_new (layout);
      g_assert_true (nb_pdf_write (writer, pdf, NULL, &error));
      g_assert_no_error (error);

      n_pages = nb_layout_get_n_pages (layout);
      page_no = g_strdup_printf ("%u", n_pages);
      g_assert_cmpint (run (&out, "pdftotext", "-raw", "-f", page_no, "-l", page_no, pdf, "-", NULL), ==, 0);
      flat = strip_spaces (out);
      /* the last page has body text above the agency and the date */
      if (strstr (flat, "文") == NULL && strstr (flat, "。") == NULL)
        g_error ("with %u lines the signature stands alone on page %u: %s", lines, n_pages, flat);
      g_assert_nonnull (strstr (flat, "东胜区统计局"));
    }
}

/* When the last lines go over with the signature and they are the text
 * under a heading (六、其他需要报告的事项), the heading goes with them: never
 * alone at the foot of a page. */
/* Wherever a page break falls in a table, a label merged down its rows
 * keeps room for its text on both pages (三's 本年度办理结果 and 不予公开,
 * …): the overview grows line by line, so that 二 and 三 start lower and
 * lower on their pages. */
static void
test_merged_labels_whole (void)
{
  g_autoptr(NbReport) report = load_sample ();
  g_autofree char *overview = nb_report_get_section_text (report, "overview");
  guint clipped = 0, broken = 0;

  for (guint extra = 0; extra < 48; extra++)
    {
      g_autoptr(GString) text = g_string_new (overview);
      g_autoptr(NbLayout) layout = NULL;
      g_autoptr(GError) error = NULL;
      guint n;

      for (guint i = 0; i < extra; i++)
        g_string_append (text, "\n测");
      nb_report_set_section_text (report, "overview", text->str);
      layout = nb_layout_new (report, NULL);
      g_assert_true (nb_layout_paginate (layout, NB_LAYOUT_A4_WIDTH, NB_LAYOUT_A4_HEIGHT, &error));
      g_assert_no_error (error);
      n = _nb_layout_count_clipped_cells (layout);
      if (n > 0)
        g_test_message ("%u more lines: %u cells clipped", extra, n);
      clipped += n;
      broken += nb_layout_get_n_pages (layout) > 6;
    }
  g_assert_cmpuint (broken, >, 0);
  g_assert_cmpuint (clipped, ==, 0);
}

/* A title too long for one line breaks only between the units of the
 * agency's name, before the year or before the report's name (GB/T 9704
 * 7.3.1: words kept whole), never inside 市场 nor leaving 2023年 alone. */
static void
test_long_titles (void)
{
  static const struct {
    const char *agency;
    const char *lines[4];
  } cases[] = {
    { "鄂尔多斯市东胜区卫生健康委员会综合监督执法局",
      { "鄂尔多斯市东胜区卫生健康委员会", "综合监督执法局2023年", "政府信息公开工作年度报告", NULL } },
    { "内蒙古自治区鄂尔多斯市东胜区教育体育局",
      { "内蒙古自治区鄂尔多斯市东胜区教育体育局", "2023年政府信息公开工作年度报告", NULL } },
    { "鄂尔多斯市东胜区市场监督管理局综合行政执法大队",
      { "鄂尔多斯市东胜区市场监督管理局", "综合行政执法大队2023年", "政府信息公开工作年度报告", NULL } },
    { "东胜区统计局", { "东胜区统计局2023年", "政府信息公开工作年度报告", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(NbReport) report = load_sample ();
      g_autofree char *pdf = g_build_filename (tmpdir, "title.pdf", NULL);
      g_autoptr(NbLayout) layout = NULL;
      g_autoptr(NbPdf) writer = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_auto(GStrv) lines = NULL;

      nb_report_set_meta (report, NB_META_AGENCY, cases[i].agency);
      layout = nb_layout_new (report, NULL);
      writer = nb_pdf_new (layout);
      g_assert_true (nb_pdf_write (writer, pdf, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (run (&out, "pdftotext", "-raw", "-f", "1", "-l", "1", pdf, "-", NULL), ==, 0);
      lines = g_strsplit (out, "\n", -1);
      for (guint l = 0; cases[i].lines[l] != NULL; l++)
        {
          g_autofree char *flat = strip_spaces (lines[l]);
          g_assert_cmpstr (flat, ==, cases[i].lines[l]);
        }
    }
}

static void
test_heading_not_orphaned (void)
{
  g_autoptr(NbReport) report = load_sample ();
  g_autofree char *pdf = g_build_filename (tmpdir, "orphan.pdf", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(NbLayout) layout = NULL;
  g_autoptr(NbPdf) writer = NULL;
  g_autoptr(GError) error = NULL;
  guint found = 0;

  /* 五's second paragraph 19 lines longer: the page then ends just at 六. */
  g_string_append_printf (text, "%s\n", nb_report_get_block (report, "problems", 0)->text);
  for (guint i = 0; i < 28 * 19; i++)
    g_string_append (text, "测");
  g_string_append (text, nb_report_get_block (report, "problems", 1)->text);
  nb_report_set_section_text (report, "problems", text->str);

  layout = nb_layout_new (report, NULL);
  writer = nb_pdf_new (layout);
  g_assert_true (nb_pdf_write (writer, pdf, NULL, &error));
  g_assert_no_error (error);
  for (guint page = 1; page <= nb_layout_get_n_pages (layout); page++)
    {
      g_autofree char *number = g_strdup_printf ("%u", page);
      g_autofree char *out = NULL;
      g_autofree char *flat = NULL;

      g_assert_cmpint (run (&out, "pdftotext", "-raw", "-f", number, "-l", number, pdf, "-", NULL), ==, 0);
      flat = strip_spaces (out);
      if (strstr (flat, "六、其他需要报告的事项") == NULL)
        continue;
      found = page;
      if (strstr (flat, "根据《政府信息公开信息处理费管理办法》") == NULL)
        g_error ("page %u ends with the heading 六 alone: %s", page, flat);
    }
  g_assert_cmpuint (found, >, 0);
}

/* Six- and seven-digit counts in every cell of the 15-column 行政复议/诉讼
 * table (seven and eight digits in its totals; at seven the columns no
 * longer fit at the smallest table size): each number stays on one line,
 * never "88888" over "8", which a reader would take for two numbers. */
static void
test_wide_numbers (void)
{
  static const char *rows[] = { "reconsideration", "litigation_direct", "litigation_after" };
  static const char *cols[] = { "upheld", "corrected", "other", "pending" };
  static const struct {
    gint64      part;
    const char *part_text;
    const char *total_text;
  } sizes[] = {
    { 888888, "888888", "3555552" },
    { 8888888, "8888888", "35555552" },
    /* Narrow 1s: its size must be checked, not only computed. */
    { 18615701, "18615701", "74462804" },
  };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(NbReport) report = load_sample ();
      g_autofree char *pdf = g_build_filename (tmpdir, "wide.pdf", NULL);
      g_autoptr(NbLayout) layout = NULL;
      g_autoptr(NbPdf) writer = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_auto(GStrv) words = NULL;
      NbDecimal big = nb_decimal_from_int (sizes[s].part);
      guint n_parts = 0, n_totals = 0;

      for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
        for (guint c = 0; c < G_N_ELEMENTS (cols); c++)
          {
            g_autofree char *id = g_strdup_printf ("review.%s.%s", rows[r], cols[c]);
            g_assert_true (nb_report_set_value_by_id (report, id, &big, &error));
            g_assert_no_error (error);
          }
      layout = nb_layout_new (report, NULL);
      writer = nb_pdf_new (layout);
      g_assert_true (nb_pdf_write (writer, pdf, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (run (&out, "pdftotext", "-layout", pdf, "-", NULL), ==, 0);
      words = g_regex_split_simple ("\\s+", out, 0, 0);
      for (guint i = 0; words[i] != NULL; i++)
        {
          n_parts += g_str_equal (words[i], sizes[s].part_text);
          n_totals += g_str_equal (words[i], sizes[s].total_text);
          /* A piece of a split number: the start of one, shorter. */
          if (*words[i] != '\0' && g_str_has_prefix (sizes[s].part_text, words[i]))
            g_assert_cmpstr (words[i], ==, sizes[s].part_text);
        }
      g_assert_cmpuint (n_parts, ==, 12);
      g_assert_cmpuint (n_totals, ==, 3);
    }
}

static void
write_png (const char *path)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 200);
  cairo_t *cr = cairo_create (image);

  cairo_set_source_rgb (cr, 0.85, 0, 0);
  cairo_set_line_width (cr, 8);
  cairo_arc (cr, 100, 100, 92, 0, 2 * G_PI);
  cairo_stroke (cr);
  cairo_arc (cr, 100, 100, 20, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (image, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (image);
}

/* A long agency name signs the report (中共…委员会办公室（…人民政府办公室）,
 * 33 characters; a signer of 50): every word of the last page stays inside
 * the 156 mm type area (28 mm from the left edge), the name is all there,
 * with and without a seal, and the seal still covers the date. */
static void
test_long_signature (void)
{
  static const char *agency = "中共鄂尔多斯市东胜区委员会办公室（鄂尔多斯市东胜区人民政府办公室）";
  static const char *signer = "鄂尔多斯市东胜区人民政府办公室政务公开科与东胜区统计局政府信息公开工作领导小组办公室联合";
  const double left = 28.0 * 72 / 25.4, right = left + 156.0 * 72 / 25.4;
  g_autofree char *png = g_build_filename (tmpdir, "long-seal.png", NULL);
  g_autoptr(GRegex) word = g_regex_new ("<word xMin=\"([0-9.]+)\" yMin=\"[0-9.]+\" xMax=\"([0-9.]+)\"",
                                        0, 0, NULL);

  write_png (png);
  for (guint round = 0; round < 4; round++)
    {
      g_autoptr(NbReport) report = load_sample ();
      g_autofree char *pdf = g_strdup_printf ("%s/long-signature-%u.pdf", tmpdir, round);
      g_autoptr(NbLayout) layout = NULL;
      g_autoptr(NbPdf) writer = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *page_no = NULL;
      g_autofree char *boxes = NULL;
      g_autofree char *out = NULL;
      g_autofree char *flat = NULL;
      const char *name = round < 2 ? agency : signer;

      nb_report_set_meta (report, NB_META_AGENCY, agency);
      nb_report_set_meta (report, NB_META_SIGNER, round < 2 ? "" : signer);
      nb_report_set_meta (report, NB_META_DATE, "2024-12-25");
      if (round % 2 == 1)
        {
          g_autofree char *data = NULL;
          gsize length;

          g_assert_true (g_file_get_contents (png, &data, &length, NULL));
          nb_report_set_seal (report, g_bytes_new_take (g_steal_pointer (&data), length));
        }
      layout = nb_layout_new (report, NULL);
      writer = nb_pdf_new (layout);
      g_assert_true (nb_pdf_write (writer, pdf, NULL, &error));
      g_assert_no_error (error);

      page_no = g_strdup_printf ("%u", nb_layout_get_n_pages (layout));
      g_assert_cmpint (run (&boxes, "pdftotext", "-bbox", "-f", page_no, "-l", page_no, pdf, "-", NULL), ==, 0);
      g_regex_match (word, boxes, 0, &match);
      g_assert_true (g_match_info_matches (match));
      while (g_match_info_matches (match))
        {
          g_autofree char *x0 = g_match_info_fetch (match, 1);
          g_autofree char *x1 = g_match_info_fetch (match, 2);

          if (g_ascii_strtod (x0, NULL) < left - 0.5 || g_ascii_strtod (x1, NULL) > right + 0.5)
            g_error ("round %u: a word runs out of the type area (%s–%s pt, area %.1f–%.1f)",
                     round, x0, x1, left, right);
          g_match_info_next (match, NULL);
        }
      g_assert_cmpint (run (&out, "pdftotext", "-raw", "-f", page_no, "-l", page_no, pdf, "-", NULL), ==, 0);
      flat = strip_spaces (out);
      g_assert_nonnull (strstr (flat, name));
      g_assert_nonnull (strstr (flat, "2024年12月25日"));
      /* The seal presses the date too (GB/T 9704 7.3.5.1), however many
       * lines the name takes. */
      if (round % 2 == 1)
        {
          double seal_top = 0, seal_bottom = 0, date_top = 0, date_bottom = 0;

          g_assert_true (_nb_layout_get_seal_and_date (layout, &seal_top, &seal_bottom, &date_top, &date_bottom));
          if (seal_top > date_top || seal_bottom < date_bottom - 0.5)
            g_error ("round %u: the seal (%.1f–%.1f pt) does not cover the date (%.1f–%.1f pt)",
                     round, seal_top, seal_bottom, date_top, date_bottom);
        }
    }
}

#define SVG_SEAL "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"200\">" \
  "<circle cx=\"100\" cy=\"100\" r=\"90\" fill=\"none\" stroke=\"#d00\" stroke-width=\"8\"/></svg>"

static void
test_cli_seal (void)
{
  g_autoptr(NbReport) report = load_sample ();
  g_autofree char *png = g_build_filename (tmpdir, "seal.png", NULL);
  g_autofree char *bad = NULL;
  g_autofree char *path = NULL;
  g_autofree char *pdf = g_build_filename (tmpdir, "seal.pdf", NULL);
  g_autofree char *images = NULL;
  g_autofree char *text = NULL;
  g_autofree char *data = NULL;
  gsize length;

  write_png (png);
  g_assert_true (g_file_get_contents (png, &data, &length, NULL));
  nb_report_set_seal (report, g_bytes_new_take (g_steal_pointer (&data), length));
  nb_report_set_meta (report, NB_META_DATE, "2024-01-05");
  nb_report_set_meta (report, NB_META_SIGNER, "东胜区统计局办公室");
  path = save_report (report, "seal.nianbao");

  g_assert_cmpint (export_pdf (pdf, path, FALSE), ==, 0);
  assert_qpdf_clean (pdf);
  g_assert_cmpint (run (&images, "pdfimages", "-list", pdf, NULL), ==, 0);
  g_assert_nonnull (strstr (images, "image"));
  text = pdf_text (pdf);
  /* GB/T 9704 dates: no leading zeros */
  g_assert_nonnull (strstr (text, "东胜区统计局办公室2024年1月5日"));

  /* an SVG seal is drawn as well */
  g_unlink (pdf);
  g_clear_pointer (&images, g_free);
  nb_report_set_seal (report, g_bytes_new_static (SVG_SEAL, strlen (SVG_SEAL)));
  g_free (path);
  path = save_report (report, "svg-seal.nianbao");
  g_assert_cmpint (export_pdf (pdf, path, FALSE), ==, 0);
  assert_qpdf_clean (pdf);
  g_assert_cmpint (run (&images, "pdfimages", "-list", pdf, NULL), ==, 0);
  g_assert_nonnull (strstr (images, "image"));

  /* a seal that is neither PNG nor SVG, or a broken SVG: refused, nothing written */
  g_unlink (pdf);
  nb_report_set_seal (report, g_bytes_new_static ("GIF89a", 6));
  bad = save_report (report, "bad-seal.nianbao");
  g_assert_cmpint (export_pdf (pdf, bad, FALSE), ==, 2);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_free (bad);
  nb_report_set_seal (report, g_bytes_new_static ("<svg><circle", 12));
  bad = save_report (report, "broken-svg-seal.nianbao");
  g_assert_cmpint (export_pdf (pdf, bad, FALSE), ==, 2);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

static void
test_cli_failures (void)
{
  g_autofree char *sample = sample_path ();
  g_autofree char *pdf = g_build_filename (tmpdir, "kept.pdf", NULL);
  g_autofree char *missing = g_build_filename (tmpdir, "no-such.nianbao", NULL);
  g_autofree char *nodir = g_build_filename (tmpdir, "no-such-folder", "out.pdf", NULL);
  g_autofree char *garbage = g_build_filename (tmpdir, "garbage.nianbao", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_assert_true (g_file_set_contents (pdf, "old", -1, NULL));
  g_assert_true (g_file_set_contents (garbage, "{\"format\": \"nianbao\", \"vers", -1, NULL));

  /* unreadable input: exit 2, the old file untouched */
  g_assert_cmpint (export_pdf (pdf, missing, FALSE), ==, 2);
  g_assert_cmpint (export_pdf (pdf, garbage, FALSE), ==, 2);
  g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");

  /* unwritable target */
  g_assert_cmpint (export_pdf (nodir, sample, FALSE), ==, 2);
  g_assert_cmpint (export_pdf (tmpdir, sample, FALSE), ==, 2);

  /* no command-line misuse either */
  g_assert_cmpint (run (NULL, g_getenv ("NIANBAO"), "--export-pdf", pdf, NULL), ==, 2);

  /* and no temporary file left behind */
  dir = g_dir_open (tmpdir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_false (g_str_has_prefix (name, ".kept.pdf") || g_str_has_prefix (name, ".out.pdf"));

  /* it still works after all that, replacing the old file */
  g_assert_cmpint (export_pdf (pdf, sample, FALSE), ==, 0);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-1.5"));
}

/* The API the window prints and writes with, in a worker thread. */
static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError **error = user_data;

  nb_pdf_write_finish (NB_PDF (source), result, error);
  *(gboolean *) g_object_get_data (source, "done") = TRUE;
}

static void
test_pdf_async (void)
{
  g_autoptr(NbReport) report = load_sample ();
  g_autoptr(NbLayout) layout = nb_layout_new (report, NULL);
  g_autoptr(NbPdf) pdf = nb_pdf_new (layout);
  g_autofree char *path = g_build_filename (tmpdir, "async.pdf", NULL);
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  g_object_set_data (G_OBJECT (pdf), "done", &done);
  nb_pdf_write_async (pdf, path, NULL, write_done_cb, &error);
  /* the report can change meanwhile: the layout has its own copy */
  nb_report_set_meta (report, NB_META_AGENCY, "别的单位");
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (error);
  assert_qpdf_clean (path);
  {
    g_autofree char *text = pdf_text (path);
    g_assert_nonnull (strstr (text, "东胜区统计局2023年"));
    g_assert_null (strstr (text, "别的单位"));
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("test-pdf-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  g_test_add_func ("/pdf/layout/new-destroy", test_layout_new_destroy);
  g_test_add_func ("/pdf/layout/sections", test_layout_sections);
  g_test_add_func ("/pdf/layout/draft", test_layout_draft);
  g_test_add_func ("/pdf/layout/margins", test_layout_margins);
  g_test_add_func ("/pdf/fonts/fallback", test_fonts_fallback);
  g_test_add_func ("/pdf/fonts/preference", test_fonts_preference);
  g_test_add_func ("/pdf/layout/signature-never-alone", test_signature_never_alone);
  g_test_add_func ("/pdf/layout/heading-not-orphaned", test_heading_not_orphaned);
  g_test_add_func ("/pdf/layout/merged-labels-whole", test_merged_labels_whole);
  g_test_add_func ("/pdf/layout/long-titles", test_long_titles);
  g_test_add_func ("/pdf/layout/wide-numbers", test_wide_numbers);
  g_test_add_func ("/pdf/cli/sample", test_cli_sample);
  g_test_add_func ("/pdf/cli/numbers", test_cli_numbers);
  g_test_add_func ("/pdf/cli/draft", test_cli_draft);
  g_test_add_func ("/pdf/cli/long", test_cli_long);
  g_test_add_func ("/pdf/cli/line-length", test_cli_line_length);
  g_test_add_func ("/pdf/cli/seal", test_cli_seal);
  g_test_add_func ("/pdf/layout/long-signature", test_long_signature);
  g_test_add_func ("/pdf/cli/failures", test_cli_failures);
  g_test_add_func ("/pdf/async", test_pdf_async);

  status = g_test_run ();

  {
    g_autoptr(GFile) dir = g_file_new_for_path (tmpdir);
    g_autoptr(GFileEnumerator) children =
      g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME, 0, NULL, NULL);
    GFileInfo *info;

    while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
      {
        g_autofree char *child = g_build_filename (tmpdir, g_file_info_get_name (info), NULL);
        g_unlink (child);
        g_object_unref (info);
      }
    g_rmdir (tmpdir);
  }
  g_free (tmpdir);
  return status;
}
