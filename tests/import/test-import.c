/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <json-glib/json-glib.h>

#include "nb-import-private.h"
#include "nb-rules.h"
#include "nb-storage.h"

/* The inputs (tests/import/inputs/) are one report written in every form an
 * agency publishes, made by make-inputs.py from its numbers; expected-*.json
 * come from those numbers, never from the importer. */

static char *
input_path (const char *name)
{
  return g_build_filename (g_getenv ("NB_SOURCE_DIR"), "tests", "import", "inputs", name, NULL);
}

static char *
read_input (const char *name,
            gsize      *length)
{
  g_autofree char *path = input_path (name);
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_file_get_contents (path, &data, length, &error);
  g_assert_no_error (error);
  return data;
}

static NbReport *
import_input (const char  *name,
              GPtrArray  **notes)
{
  g_autofree char *path = input_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  NbReport *report = nb_import_file (file, notes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_nonnull (*notes);
  return report;
}

static JsonObject *
load_expected (const char  *name,
               JsonParser **parser)
{
  g_autofree char *path = input_path (name);
  g_autoptr(GError) error = NULL;

  *parser = json_parser_new ();
  json_parser_load_from_file (*parser, path, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (*parser));
}

static gboolean
note_names (GPtrArray  *notes,
            const char *cell_id,
            guint       kinds)  /* bit mask of 1 << NbImportNoteKind */
{
  for (guint i = 0; i < notes->len; i++)
    {
      NbImportNote *note = g_ptr_array_index (notes, i);
      if ((kinds & (1u << note->kind)) && note->cell_ids != NULL &&
          g_strv_contains ((const char * const *) note->cell_ids, cell_id))
        return TRUE;
    }
  return FALSE;
}

#define NOT_READ_OR_GUESSED ((1u << NB_IMPORT_NOTE_NOT_READ) | (1u << NB_IMPORT_NOTE_GUESSED))

static void
print_notes (GPtrArray *notes)
{
  for (guint i = 0; i < notes->len; i++)
    {
      g_autofree char *line = nb_import_note_to_line (g_ptr_array_index (notes, i));
      g_test_message ("%s", line);
    }
}

/* Every cell as expected: null is blank, and a blank cell is always named
 * in a note (never silently empty, never silently 0). */
static void
assert_cells (NbReport   *report,
              JsonObject *cells,
              GPtrArray  *notes)
{
  NbTemplate *t = nb_report_get_template (report);
  g_autoptr(GList) members = json_object_get_members (cells);

  g_assert_cmpuint (g_list_length (members), ==, nb_template_get_n_cells (t));
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *id = l->data;
      JsonNode *node = json_object_get_member (cells, id);
      int cell = nb_template_lookup_cell (t, id);
      g_autofree char *got = NULL;

      g_assert_cmpint (cell, >=, 0);
      got = nb_report_format_value (report, cell);
      if (JSON_NODE_HOLDS_NULL (node))
        {
          if (!nb_report_is_blank (report, cell))
            g_error ("%s: expected blank, got %s", id, got);
          if (!note_names (notes, id, NOT_READ_OR_GUESSED))
            g_error ("%s is blank but no note names it", id);
        }
      else
        {
          g_autofree char *want = json_node_get_value_type (node) == G_TYPE_STRING
                                    ? g_strdup (json_node_get_string (node))
                                    : g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
          if (nb_report_is_blank (report, cell))
            g_error ("%s: expected %s, got blank", id, want);
          if (g_strcmp0 (got, want) != 0)
            g_error ("%s: expected %s, got %s", id, want, got);
        }
    }
}

static void
assert_meta (NbReport   *report,
             JsonObject *meta)
{
  static const struct { const char *key; NbMetaField field; } fields[] = {
    { "agency", NB_META_AGENCY }, { "phone", NB_META_PHONE }, { "address", NB_META_ADDRESS },
    { "postcode", NB_META_POSTCODE }, { "date", NB_META_DATE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_assert_cmpstr (nb_report_get_meta (report, fields[i].field), ==,
                     json_object_get_string_member (meta, fields[i].key));
  g_assert_cmpint (nb_report_get_year (report), ==, json_object_get_int_member (meta, "year"));
}

static void
assert_sections (NbReport   *report,
                 JsonObject *sections)
{
  g_autoptr(GList) members = json_object_get_members (sections);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *id = l->data;
      JsonArray *blocks = json_object_get_array_member (sections, id);

      for (guint b = 0; b < json_array_get_length (blocks); b++)
        {
          JsonObject *want = json_array_get_object_element (blocks, b);
          const NbBlock *got;

          if (b >= nb_report_get_n_blocks (report, id))
            g_error ("%s: block %u missing: %s", id, b, json_object_get_string_member (want, "text"));
          got = nb_report_get_block (report, id, b);
          g_assert_cmpstr (got->text, ==, json_object_get_string_member (want, "text"));
          g_assert_cmpuint (got->level, ==, json_object_get_int_member (want, "heading"));
        }
      g_assert_cmpuint (nb_report_get_n_blocks (report, id), ==, json_array_get_length (blocks));
    }
}

/* ------------------------------------------------- every published form */

typedef struct
{
  const char *input;
  const char *expected;
  gboolean    complete;
} FormCase;

static const FormCase form_cases[] = {
  /* 2023 in the 2021 form: an empty cell, mistyped labels ("预期", "制做"),
   * "1、" and "5．" numbering, straight quotes. */
  { "qingshan-2023.html", "qingshan-2023.expected.json", FALSE },
  { "qingshan-2023.docx", "qingshan-2023.expected.json", FALSE },
  { "qingshan-2023.txt", "qingshan-2023.expected.json", FALSE },
  { "qingshan-2023.tabs.txt", "qingshan-2023.expected.json", FALSE },
  /* pdftotext -layout of the page's PDF: wrapped labels, merged cells'
   * text interleaved, page breaks inside the requests table. */
  { "qingshan-2023.layout.txt", "qingshan-2023.expected.json", FALSE },
  { "qingshan-2023.numbered.layout.txt", "qingshan-2023.expected.json", FALSE },
  /* pdftotext -layout of the PDF Nianbao itself exports (nianbao --export-pdf). */
  { "qingshan-2023.nianbao-pdf.layout.txt", "qingshan-2023.expected.json", FALSE },
  /* 2022 in the 2021 form with （六）其他处理 printed as one row. */
  { "minzheng-2022-one-row-six.txt", "minzheng-2022-one-row-six.expected.json", FALSE },
  { "minzheng-2022-one-row-six.html", "minzheng-2022-one-row-six.expected.json", FALSE },
  { "minzheng-2022-one-row-six.layout.txt", "minzheng-2022-one-row-six.expected.json", FALSE },
  /* 2020 in the 2019 form: signed 本年增/减, （九） procurement, one-row （六）. */
  { "hexi-2020.html", "hexi-2020.expected.json", TRUE },
  { "hexi-2020.docx", "hexi-2020.expected.json", TRUE },
  { "hexi-2020.layout.txt", "hexi-2020.expected.json", TRUE },
};

static void
test_form (gconstpointer data)
{
  const FormCase *c = data;
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *expected = load_expected (c->expected, &parser);
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(NbReport) report = import_input (c->input, &notes);

  print_notes (notes);
  g_assert_cmpstr (nb_template_get_id (nb_report_get_template (report)), ==,
                   json_object_get_string_member (expected, "template"));
  assert_cells (report, json_object_get_object_member (expected, "cells"), notes);
  assert_meta (report, json_object_get_object_member (expected, "meta"));
  assert_sections (report, json_object_get_object_member (expected, "sections"));
  g_assert_cmpint (nb_import_is_complete (report, notes), ==, c->complete);
  /* A loader's result: nothing to undo, and it saves and loads back. */
  g_assert_false (nb_report_can_undo (report));
  {
    g_autofree char *saved = nb_storage_to_data (report, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(NbReport) back = nb_storage_load_data (saved, -1, c->input, &error);
    g_assert_no_error (error);
    g_assert_nonnull (back);
  }
}

/* The seed: the web copy of a real 2023 report, the sample made from it. */
static void
test_seed (void)
{
  g_autofree char *sample_path = g_build_filename (g_getenv ("NB_SOURCE_DIR"), "data", "samples",
                                                   "dongsheng-tongjiju-2023.nianbao", NULL);
  g_autoptr(GFile) sample_file = g_file_new_for_path (sample_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(NbReport) sample = nb_storage_load_file (sample_file, NULL, &error);
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(NbReport) report = import_input ("dongsheng-2023.txt", &notes);
  NbTemplate *t = nb_report_get_template (report);
  const char *sections[] = { "preamble", "overview", "problems", "other" };

  g_assert_no_error (error);
  print_notes (notes);
  g_assert_cmpstr (nb_template_get_id (t), ==, nb_template_get_id (nb_report_get_template (sample)));
  for (guint i = 0; i < nb_template_get_n_cells (t); i++)
    {
      g_autofree char *got = nb_report_format_value (report, i);
      g_autofree char *want = nb_report_format_value (sample, i);
      g_assert_false (nb_report_is_blank (report, i));
      if (g_strcmp0 (got, want) != 0)
        g_error ("%s: sample %s, imported %s", nb_template_get_cell (t, i)->id, want, got);
    }
  for (guint f = 0; f < NB_META_N_FIELDS; f++)
    g_assert_cmpstr (nb_report_get_meta (report, f), ==, nb_report_get_meta (sample, f));
  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    {
      g_assert_cmpuint (nb_report_get_n_blocks (report, sections[s]), ==,
                        nb_report_get_n_blocks (sample, sections[s]));
      for (guint b = 0; b < nb_report_get_n_blocks (sample, sections[s]); b++)
        {
          const NbBlock *got = nb_report_get_block (report, sections[s], b);
          const NbBlock *want = nb_report_get_block (sample, sections[s], b);
          g_assert_cmpstr (got->text, ==, want->text);
          g_assert_cmpuint (got->level, ==, want->level);
        }
    }
  g_assert_true (nb_import_is_complete (report, notes));
  /* The agency's "预期" for "逾期" is read faithfully, and said. */
  g_assert_true (note_names (notes, "requests.result.other.no_correction.natural", 1u << NB_IMPORT_NOTE_DEVIATION));
  g_assert_true (note_names (notes, "requests.result.other.no_fee.total", 1u << NB_IMPORT_NOTE_DEVIATION));
  g_assert_false (note_names (notes, "requests.new.natural", ~0u));
}

static void
test_deviations_noted (void)
{
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(NbReport) report = import_input ("qingshan-2023.html", &notes);
  guint deviation = 1u << NB_IMPORT_NOTE_DEVIATION;

  g_assert_true (note_names (notes, "requests.result.unavailable.needs_creation.natural", deviation));
  g_assert_true (note_names (notes, "requests.result.other.no_correction.natural", deviation));
  /* Numbering "1、"/"5．" and straight quotes are no deviation worth a note. */
  g_assert_false (note_names (notes, "requests.result.other.other.natural", ~0u));
  g_assert_false (note_names (notes, "requests.result.withheld.internal.natural", ~0u));
  g_assert_false (note_names (notes, "requests.result.withheld.security.natural", ~0u));
  /* The empty cell is a NOT_READ note naming it, and only it. */
  g_assert_true (note_names (notes, "requests.carried.research", 1u << NB_IMPORT_NOTE_NOT_READ));
  g_assert_false (note_names (notes, "requests.carried.natural", 1u << NB_IMPORT_NOTE_NOT_READ));
}

static void
test_one_row_six (void)
{
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(NbReport) report = import_input ("minzheng-2022-one-row-six.txt", &notes);
  NbTemplate *t = nb_report_get_template (report);
  NbDecimal v;

  g_assert_true (note_names (notes, "requests.result.other.other.total", 1u << NB_IMPORT_NOTE_GUESSED));
  g_assert_true (note_names (notes, "requests.result.other.no_fee.natural", 1u << NB_IMPORT_NOTE_GUESSED));
  g_assert_true (nb_report_get_value (report, nb_template_lookup_cell (t, "requests.result.other.other.total"), &v));
  g_assert_cmpint (v.units, ==, 2);
  g_assert_true (nb_report_is_blank (report, nb_template_lookup_cell (t, "requests.result.other.no_correction.total")));
}

/* A 2019-form report printing （六） in the three rows of 2021: which of
 * them its one row stands for is unknown, so it is left blank. */
static void
test_six_broken_down_in_2019 (void)
{
  g_autofree char *html = read_input ("hexi-2020.html", NULL);
  const char *label = strstr (html, "（六）其他处理");
  g_autoptr(GString) page = g_string_new (NULL);
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NbReport) report = NULL;
  const char *tr, *tr_end;
  const char *rows[] = { "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                         "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                         "3.其他" };

  g_assert_nonnull (label);
  tr = g_strrstr_len (html, label - html, "<tr>");
  tr_end = strstr (label, "</tr>") + strlen ("</tr>");
  g_string_append_len (page, html, tr - html);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_string_append (page, "<tr>");
      if (i == 0)
        g_string_append (page, "<td rowspan=\"3\">（六）其他处理</td>");
      g_string_append_printf (page, "<td>%s</td>", rows[i]);
      for (guint c = 0; c < 7; c++)
        g_string_append (page, "<td>1</td>");
      g_string_append (page, "</tr>");
    }
  g_string_append (page, tr_end);

  report = nb_import_text (page->str, -1, "six.html", &notes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (nb_template_get_id (nb_report_get_template (report)), ==, "gov-disclosure-2019");
  g_assert_true (nb_report_is_blank (report, nb_template_lookup_cell (nb_report_get_template (report),
                                                                      "requests.result.other.total")));
  g_assert_true (note_names (notes, "requests.result.other.total", 1u << NB_IMPORT_NOTE_NOT_READ));
}

/* ------------------------------------------------------ never invented */

static char *
replace_once (const char *text,
              const char *old,
              const char *new)
{
  const char *at = strstr (text, old);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, new, at + strlen (old));
}

typedef struct
{
  const char *old;
  const char *new;
  const char *cell;       /* the cell concerned */
  const char *value;      /* its value after import, NULL for blank */
  NbImportNoteKind kind;  /* the note naming it */
} EditCase;

/* Edits of the seed's web text, and what the import must make of them. */
static const EditCase edit_cases[] = {
  /* A dash is printed, not a number. */
  { "行政处罚 |\n5 |", "行政处罚 |\n— |", "proactive.penalty.decisions", NULL, NB_IMPORT_NOTE_NOT_READ },
  /* Thousands separators and units as clerks print them. */
  { "行政处罚 |\n5 |", "行政处罚 |\n1,234 |", "proactive.penalty.decisions", "1234", NB_IMPORT_NOTE_DEVIATION },
  { "行政处罚 |\n5 |", "行政处罚 |\n5件 |", "proactive.penalty.decisions", "5", NB_IMPORT_NOTE_DEVIATION },
  /* A unit of the wrong size is not read: 万元 is the cell's unit. */
  { "行政事业性收费 |\n0 |", "行政事业性收费 |\n251000元 |", "proactive.fee.amount", NULL, NB_IMPORT_NOTE_NOT_READ },
  /* Two numbers for three columns: which is which is unknown. */
  { "规章 |\n0 |\n0 |\n0 |", "规章 |\n0 |\n0 |", "proactive.regulation.repealed", NULL, NB_IMPORT_NOTE_NOT_READ },
  /* A count cannot be negative. */
  { "行政处罚 |\n5 |", "行政处罚 |\n-5 |", "proactive.penalty.decisions", NULL, NB_IMPORT_NOTE_NOT_READ },
  /* The row's label mistyped by one character is still that row. */
  { "2.重复申请 |", "2.重夏申请 |", "requests.result.rejected.duplicate.total", "0", NB_IMPORT_NOTE_DEVIATION },
  /* A label missing altogether: its row is blank, never shifted. */
  { "3.要求提供公开出版物 |", "|", "requests.result.rejected.publication.natural", NULL, NB_IMPORT_NOTE_NOT_READ },
  /* Numbering in another style is the same row, without a note. */
  { "(三)不予公开 |\n1.属于国家秘密 |", "(三)不予公开 |\n（1）属于国家秘密 |", "requests.result.withheld.state_secret.total", "0", -1 },
};

static void
test_edit (gconstpointer data)
{
  const EditCase *c = data;
  g_autofree char *seed = read_input ("dongsheng-2023.txt", NULL);
  g_autofree char *text = replace_once (seed, c->old, c->new);
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NbReport) report = nb_import_text (text, -1, "edited", &notes, &error);
  NbTemplate *t;
  int cell;

  g_assert_no_error (error);
  print_notes (notes);
  t = nb_report_get_template (report);
  cell = nb_template_lookup_cell (t, c->cell);
  g_assert_cmpint (cell, >=, 0);
  if (c->value == NULL)
    g_assert_true (nb_report_is_blank (report, cell));
  else
    {
      g_autofree char *got = nb_report_format_value (report, cell);
      g_assert_cmpstr (got, ==, c->value);
    }
  if ((int) c->kind >= 0)
    g_assert_true (note_names (notes, c->cell, 1u << c->kind));
  else
    g_assert_false (note_names (notes, c->cell, ~0u));
  g_assert_false (nb_import_is_complete (report, notes) && c->value == NULL);

  /* Whatever else happened, the other rows are untouched. */
  {
    g_autofree char *v = nb_report_format_value (report, nb_template_lookup_cell (t, "requests.new.total"));
    g_assert_cmpstr (v, ==, "0");
  }
}

/* Tables published as images: the prose is read, every cell is blank and
 * each table is named once. */
static void
test_tables_as_images (void)
{
  g_autofree char *html = read_input ("qingshan-2023.html", NULL);
  g_autoptr(GRegex) tables = g_regex_new ("<table.*?</table>", G_REGEX_DOTALL, 0, NULL);
  g_autofree char *page = g_regex_replace_literal (tables, html, -1, 0, "<p><img src=\"t.png\"></p>", 0, NULL);
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NbReport) report = nb_import_text (page, -1, "images.html", &notes, &error);
  NbTemplate *t;
  guint n_table_notes = 0;

  g_assert_no_error (error);
  t = nb_report_get_template (report);
  for (guint i = 0; i < nb_template_get_n_cells (t); i++)
    {
      g_assert_true (nb_report_is_blank (report, i));
      g_assert_true (note_names (notes, nb_template_get_cell (t, i)->id, 1u << NB_IMPORT_NOTE_NOT_READ));
    }
  for (guint i = 0; i < notes->len; i++)
    n_table_notes += ((NbImportNote *) g_ptr_array_index (notes, i))->cell_ids != NULL;
  g_assert_cmpuint (n_table_notes, ==, 3);
  g_assert_cmpuint (nb_report_get_n_blocks (report, "overview"), ==, 11);
  g_assert_cmpstr (nb_report_get_meta (report, NB_META_AGENCY), ==, "青山区市场监督管理局");
  g_assert_false (nb_import_is_complete (report, notes));
}

/* ------------------------------------------------ title and headings */

static const struct
{
  const char *title;
  const char *agency;
  int         year;
} title_cases[] = {
  { "青山区市场监督管理局2023年政府信息公开工作年度报告\n", "青山区市场监督管理局", 2023 },
  { "2022年度青山区市场监督管理局政府信息公开工作年度报告\n", "青山区市场监督管理局", 2022 },
  { "青山区市场监督管理局关于2021年度政府信息公开工作的年度报告\n", "青山区市场监督管理局", 2021 },
  { "青山区市场监督管理局\n2023年政府信息公开工作年度报告\n", "青山区市场监督管理局", 2023 },
  { "青山区 市场监督管理局 2023 年政府信息公开\n工作年度报告\n", "青山区市场监督管理局", 2023 },
  /* Typed with a Chinese input method. */
  { "青山区市场监督管理局２０２３年政府信息公开工作年度报告\n", "青山区市场监督管理局", 2023 },
  { "２０２２年度青山区市场监督管理局政府信息公开工作年度报告\n", "青山区市场监督管理局", 2022 },
};

/* Without a title, a year the text never names is not read: the report is
 * not complete (--import-text exits 1), though every cell was read. */
static void
test_year_not_read (void)
{
  g_autofree char *seed = read_input ("dongsheng-2023.txt", NULL);
  g_autoptr(GRegex) years = g_regex_new ("20[0-9]{2}\\s*年", 0, 0, NULL);
  g_autofree char *yearless = g_regex_replace (years, seed, -1, 0, "本年", 0, NULL);
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NbReport) report = nb_import_text (yearless, -1, "yearless", &notes, &error);
  gboolean noted = FALSE;

  g_assert_no_error (error);
  g_assert_cmpint (nb_report_get_year (report), ==, 0);
  for (guint n = 0; n < notes->len; n++)
    {
      NbImportNote *note = g_ptr_array_index (notes, n);
      noted = noted || (note->kind == NB_IMPORT_NOTE_NOT_READ && note->cell_ids == NULL);
    }
  g_assert_true (noted);
  g_assert_false (nb_import_is_complete (report, notes));
}

static void
test_titles (void)
{
  g_autofree char *seed = read_input ("dongsheng-2023.txt", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (title_cases); i++)
    {
      g_autofree char *text = g_strconcat (title_cases[i].title, seed, NULL);
      g_autoptr(GPtrArray) notes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(NbReport) report = nb_import_text (text, -1, "titled", &notes, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (nb_report_get_meta (report, NB_META_AGENCY), ==, title_cases[i].agency);
      g_assert_cmpint (nb_report_get_year (report), ==, title_cases[i].year);
      /* The title is no prose, and nothing was guessed. */
      g_assert_cmpuint (nb_report_get_n_blocks (report, "preamble"), ==, 0);
      for (guint n = 0; n < notes->len; n++)
        g_assert_cmpint (((NbImportNote *) g_ptr_array_index (notes, n))->kind, !=, NB_IMPORT_NOTE_GUESSED);
    }
}

/* Mistyped and renumbered headings still divide the sections. */
static void
test_headings (void)
{
  g_autofree char *seed = read_input ("dongsheng-2023.txt", NULL);
  g_autofree char *a = replace_once (seed, "一、总体情况", "一.总体请况");
  g_autofree char *b = replace_once (a, "五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题和改进情况");
  g_autofree char *c = replace_once (b, "六、其他需要报告的事项", "(六)其他需要报告事项");
  g_autofree char *d = replace_once (c, "二、主动公开政府信息情况", "二 主动公开政府信息情况");
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NbReport) report = nb_import_text (d, -1, "headings", &notes, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (nb_report_get_n_blocks (report, "overview"), ==, 11);
  g_assert_cmpuint (nb_report_get_n_blocks (report, "problems"), ==, 2);
  g_assert_cmpuint (nb_report_get_n_blocks (report, "other"), ==, 1);
  g_assert_true (nb_import_is_complete (report, notes));
}

/* --------------------------------------------------- not reports */

typedef struct
{
  const char    *name;
  const char    *data;
  gssize         length;
  NbImportError  code;
} BadCase;

static const BadCase bad_cases[] = {
  { "empty", "", 0, NB_IMPORT_ERROR_EMPTY },
  { "blank", " \n\t\n\u3000\n", -1, NB_IMPORT_ERROR_EMPTY },
  { "binary", "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0", 20, NB_IMPORT_ERROR_NOT_TEXT },
  { "pdf", "%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", -1, NB_IMPORT_ERROR_UNSUPPORTED },
  { "doc", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0", 12, NB_IMPORT_ERROR_UNSUPPORTED },
  { "zip damaged", "PK\x03\x04\x14\0\0\0\x08\0garbage", 17, NB_IMPORT_ERROR_CORRUPT },
  { "prose", "今天天气很好。\n我们去公园散步，看到了很多花。\n", -1, NB_IMPORT_ERROR_NOT_A_REPORT },
  { "web page", "<!DOCTYPE html><html><head><title>首页</title></head><body><div class=\"nav\">首页 | 新闻</div>"
                "<p>欢迎访问本网站。</p><table><tr><td>栏目</td><td>12</td></tr></table></body></html>", -1,
    NB_IMPORT_ERROR_NOT_A_REPORT },
  { "numbers", "1 2 3\n4 5 6\n7 8 9\n", -1, NB_IMPORT_ERROR_NOT_A_REPORT },
};

static void
test_not_a_report (gconstpointer data)
{
  const BadCase *c = data;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = c->length < 0 ? strlen (c->data) : (gsize) c->length;
  g_autoptr(NbReport) report = nb_import_data (c->data, length, c->name, &notes, &error);

  g_assert_error (error, NB_IMPORT_ERROR, (int) c->code);
  g_assert_null (report);
  g_assert_null (notes);
  /* The message names what was read, except where the data itself is at fault. */
  if (c->code != NB_IMPORT_ERROR_CORRUPT)
    g_assert_nonnull (strstr (error->message, c->name));
}

static void
test_not_a_report_files (void)
{
  const char *files[] = { "not-a-report.txt", "not-a-report.bin", "empty.txt" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = input_path (files[i]);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GPtrArray) notes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(NbReport) report = nb_import_file (file, &notes, &error);

      g_assert_null (report);
      g_assert_nonnull (error);
      g_assert_true (error->domain == NB_IMPORT_ERROR);
      g_assert_nonnull (strstr (error->message, files[i]));
    }
}

/* Random bytes and a truncated .docx never crash, and never give a report. */
static void
test_garbage (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (6);
  gsize length;
  g_autofree char *docx = read_input ("qingshan-2023.docx", &length);

  for (guint round = 0; round < 200; round++)
    {
      gsize n = g_rand_int_range (rand, 1, 4096);
      g_autofree char *data = g_malloc (n);
      g_autoptr(GError) error = NULL;
      g_autoptr(NbReport) report = NULL;

      for (gsize i = 0; i < n; i++)
        data[i] = (char) g_rand_int_range (rand, round % 2 ? 0x80 : 0, 256);
      report = nb_import_data (data, n, "random", NULL, &error);
      g_assert_null (report);
      g_assert_true (error->domain == NB_IMPORT_ERROR);
    }
  for (gsize cut = 100; cut < length; cut += length / 7)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NbReport) report = nb_import_data (docx, cut, "truncated.docx", NULL, &error);
      g_assert_null (report);
      g_assert_error (error, NB_IMPORT_ERROR, NB_IMPORT_ERROR_CORRUPT);
    }
}

/* A report without its title, with one endless line of prose: the year
 * and agency are guessed from the text in time linear in its length
 * (each start of a name used to be matched against the whole rest, an
 * hour for this; the suite's timeout catches a return of that). */
static void
test_long_line (void)
{
  g_autofree char *seed = read_input ("dongsheng-2023.txt", NULL);
  g_autoptr(GString) text = g_string_new (seed);
  g_autoptr(GError) error = NULL;
  g_autoptr(NbReport) report = NULL;
  const char *at = strstr (text->str, "六、其他需要报告的事项");

  g_assert_nonnull (at);
  {
    gsize pos = at - text->str;
    g_autoptr(GString) line = g_string_new (NULL);

    while (line->len < 1024 * 1024)
      g_string_append (line, "公开工作稳步推进");
    g_string_append_c (line, '\n');
    g_string_insert (text, pos, line->str);
  }
  report = nb_import_text (text->str, text->len, "long", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpstr (nb_report_get_meta (report, NB_META_AGENCY), ==, "东胜区统计局");
  g_assert_cmpint (nb_report_get_year (report), ==, 2023);
}

static char *
value_text (NbReport   *report,
            const char *cell_id)
{
  NbDecimal value;

  if (!nb_report_get_value (report, nb_template_lookup_cell (nb_report_get_template (report), cell_id), &value))
    return g_strdup ("blank");
  return nb_decimal_to_string (&value);
}

/* Blank cells at both ends of a row (zeros printed blank): the figures
 * are never moved into a neighbour's column. A web copy pads the last
 * header row with bare "|" before 四's figures; a spreadsheet copy keeps
 * a merged label's empty cells and blank cells at the end as tabs. */
static void
test_blank_ends (void)
{
  g_autofree char *seed = read_input ("dongsheng-2023.txt", NULL);
  g_autofree char *tabs = read_input ("qingshan-2023.tabs.txt", NULL);
  g_autoptr(GString) zeros = g_string_new ("|||||\n");
  g_autofree char *web = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 15; i++)
    g_string_append (zeros, "0 |\n");
  web = replace_once (seed, zeros->str,
                      "|||||\n1 |\n |\n |\n |\n1 |\n2 |\n |\n |\n |\n2 |\n |\n |\n |\n |\n |\n");
  {
    g_autoptr(GPtrArray) notes = NULL;
    g_autoptr(NbReport) report = nb_import_text (web, -1, "web", &notes, &error);
    static const struct { const char *id, *value; } expected[] = {
      { "review.reconsideration.upheld", "1" }, { "review.reconsideration.total", "1" },
      { "review.litigation_direct.upheld", "2" }, { "review.litigation_direct.total", "2" },
      { "review.litigation_after.upheld", "blank" }, { "review.litigation_after.total", "blank" },
    };

    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        g_autofree char *got = value_text (report, expected[i].id);
        g_assert_cmpstr (got, ==, expected[i].value);
      }
  }

  /* Blanks at the end of a tab-separated row: unclear, left blank and said. */
  {
    g_autofree char *text = replace_once (tabs, "一、本年新收政府信息公开申请数量\t24\t3\t0\t1\t3\t0\t31",
                                          "一、本年新收政府信息公开申请数量\t\t\t24\t3\t0\t1\t3\t\t");
    g_autoptr(GPtrArray) notes = NULL;
    g_autoptr(NbReport) report = nb_import_text (text, -1, "tabs", &notes, &error);
    g_autofree char *research = NULL;

    g_assert_no_error (error);
    research = value_text (report, "requests.new.research");
    g_assert_cmpstr (research, ==, "blank");
    g_assert_true (note_names (notes, "requests.new.natural", 1u << NB_IMPORT_NOTE_NOT_READ));
  }
  /* A merged label's empty cells alone: the figures are read in place. */
  {
    g_autofree char *text = replace_once (tabs, "一、本年新收政府信息公开申请数量\t24",
                                          "一、本年新收政府信息公开申请数量\t\t\t24");
    g_autoptr(NbReport) report = nb_import_text (text, -1, "tabs", NULL, &error);
    g_autofree char *natural = NULL;
    g_autofree char *total = NULL;

    g_assert_no_error (error);
    natural = value_text (report, "requests.new.natural");
    total = value_text (report, "requests.new.total");
    g_assert_cmpstr (natural, ==, "24");
    g_assert_cmpstr (total, ==, "31");
  }
}

/* Common variants of the form's labels are the form's rows: 合计 for 总计,
 * 其它 for 其他, 〔七〕 for （七）. */
static void
test_label_variants (void)
{
  g_autofree char *text = read_input ("qingshan-2023.txt", NULL);
  g_autofree char *a = replace_once (text, "(七)总计 |", "〔七〕合计 |");
  g_autofree char *b = replace_once (a, "3、其他 |", "3、其它 |");
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NbReport) report = nb_import_text (b, -1, "variants", &notes, &error);
  g_autofree char *total = NULL;
  g_autofree char *other = NULL;

  g_assert_no_error (error);
  total = value_text (report, "requests.result.total.total");
  other = value_text (report, "requests.result.other.other.commercial");
  g_assert_cmpstr (total, ==, "30");
  g_assert_cmpstr (other, ==, "1");
  g_assert_false (note_names (notes, "requests.result.total.total", 1u << NB_IMPORT_NOTE_NOT_READ));
}

static GBytes *
make_zip (const char *entry_name,
          const char *content)
{
  struct archive *a = archive_write_new ();
  struct archive_entry *e = archive_entry_new ();
  gsize size = 64 * 1024, used = 0;
  char *buf = g_malloc (size);

  archive_write_set_format_zip (a);
  g_assert_cmpint (archive_write_open_memory (a, buf, size, &used), ==, ARCHIVE_OK);
  archive_entry_set_pathname (e, entry_name);
  archive_entry_set_size (e, strlen (content));
  archive_entry_set_filetype (e, AE_IFREG);
  archive_entry_set_perm (e, 0644);
  archive_write_header (a, e);
  archive_write_data (a, content, strlen (content));
  archive_entry_free (e);
  archive_write_close (a);
  archive_write_free (a);
  return g_bytes_new_take (buf, used);
}

static void
test_docx_not_word (void)
{
  g_autoptr(GBytes) xlsx = make_zip ("xl/workbook.xml", "<workbook/>");
  g_autoptr(GBytes) broken = make_zip ("word/document.xml", "<w:document><w:body><w:p>");
  g_autoptr(GError) error = NULL;
  g_autoptr(NbReport) report = NULL;

  report = nb_import_data (g_bytes_get_data (xlsx, NULL), g_bytes_get_size (xlsx), "book.xlsx", NULL, &error);
  g_assert_null (report);
  g_assert_error (error, NB_IMPORT_ERROR, NB_IMPORT_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  report = nb_import_data (g_bytes_get_data (broken, NULL), g_bytes_get_size (broken), "broken.docx", NULL, &error);
  g_assert_null (report);
  g_assert_error (error, NB_IMPORT_ERROR, NB_IMPORT_ERROR_CORRUPT);
}

/* A GB18030 copy (what Notepad on a Chinese Windows saves) reads the same. */
static void
test_gb18030 (void)
{
  g_autofree char *seed = read_input ("dongsheng-2023.txt", NULL);
  gsize length;
  g_autofree char *gbk = g_convert (seed, -1, "GB18030", "UTF-8", NULL, &length, NULL);
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NbReport) report = NULL;

  g_assert_nonnull (gbk);
  g_assert_false (g_utf8_validate (gbk, length, NULL));
  report = nb_import_data (gbk, length, "gbk.txt", &notes, &error);
  g_assert_no_error (error);
  g_assert_true (nb_import_is_complete (report, notes));
  g_assert_cmpstr (nb_report_get_meta (report, NB_META_PHONE), ==, "0477-8380626");

  /* A page served as GB2312, saying so in its <meta>. */
  {
    g_autofree char *html = read_input ("hexi-2020.html", NULL);
    g_autofree char *declared = replace_once (html, "<meta charset=\"utf-8\">",
                                              "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">");
    g_autofree char *page = g_convert (declared, -1, "GB18030", "UTF-8", NULL, &length, NULL);
    g_autoptr(GPtrArray) page_notes = NULL;
    g_autoptr(NbReport) from_page = nb_import_data (page, length, "gb2312.html", &page_notes, &error);

    g_assert_no_error (error);
    g_assert_true (nb_import_is_complete (from_page, page_notes));
    g_assert_cmpstr (nb_report_get_meta (from_page, NB_META_AGENCY), ==, "河西县财政局");
  }
}

/* ------------------------------------------------- TX on imported prose */

static guint
count_tx (NbReport   *report,
          const char *cell_id,
          const char *quoted)
{
  g_autoptr(GPtrArray) diagnostics = nb_rules_check (report, NULL);
  guint n = 0;

  for (guint i = 0; i < diagnostics->len; i++)
    {
      NbDiagnostic *d = g_ptr_array_index (diagnostics, i);
      if (!g_str_equal (nb_diagnostic_get_rule_id (d), "TX"))
        continue;
      if (cell_id != NULL && !g_strv_contains (nb_diagnostic_get_cells (d), cell_id))
        continue;
      if (quoted != NULL && g_strcmp0 (nb_diagnostic_get_actual (d), quoted) != 0)
        continue;
      n++;
    }
  return n;
}

static void
test_tx (void)
{
  g_autofree char *seed = read_input ("dongsheng-2023.txt", NULL);
  g_autofree char *layout = read_input ("qingshan-2023.layout.txt", NULL);
  g_autoptr(GError) error = NULL;

  /* The example: the prose says 21 received, the table 0. */
  {
    g_autofree char *text = replace_once (seed, "无依申请公开事项件", "共受理政府信息公开申请21件");
    g_autoptr(NbReport) report = nb_import_text (text, -1, "tx", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (count_tx (report, "requests.new.total", "21"), ==, 1);
  }
  /* pdftotext writes "申请 31 件": the prose still reads as 31, matching. */
  {
    g_autoptr(NbReport) report = nb_import_text (layout, -1, "layout", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (count_tx (report, NULL, NULL), ==, 0);
  }
  {
    g_autofree char *text = replace_once (layout, "申请 31 件", "申请 32 件");
    g_autoptr(NbReport) report = nb_import_text (text, -1, "layout", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (count_tx (report, "requests.new.total", "32"), ==, 1);
  }
  /* "行政复议" ends a printed line and "3 件" starts the next: joined back. */
  {
    g_autofree char *text = replace_once (layout, "3 件，被提起行政诉讼", "4 件，被提起行政诉讼");
    g_autoptr(NbReport) report = nb_import_text (text, -1, "layout", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (count_tx (report, "review.reconsideration.total", "4"), ==, 1);
  }
  /* The 2020 report's prose says 3 carried over, its table 0. */
  {
    g_autoptr(GPtrArray) notes = NULL;
    g_autoptr(NbReport) report = import_input ("hexi-2020.docx", &notes);
    g_assert_cmpuint (count_tx (report, "requests.carried_next.total", "3"), ==, 1);
  }
}

/* pdftotext -layout keeps a thousands separator or a unit printed in a
 * cell ("1,532", "1532件"): still the number, not label text. */
static void
test_layout_number_forms (void)
{
  g_autofree char *layout = read_input ("qingshan-2023.layout.txt", NULL);
  static const char *forms[] = { "1,532", "1532件" };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *with = g_strdup_printf ("行政许可                       %s", forms[i]);
      g_autofree char *text = replace_once (layout, "行政许可                       1532", with);
      g_autoptr(GError) error = NULL;
      g_autoptr(NbReport) report = nb_import_text (text, -1, "layout", NULL, &error);
      g_autofree char *value = NULL;

      g_assert_no_error (error);
      value = nb_report_format_value (report, nb_template_lookup_cell (nb_report_get_template (report),
                                                                       "proactive.license.decisions"));
      g_assert_cmpstr (value, ==, "1532");
    }
}

/* Web-copy cells as clerks print them: a footnote mark, a full-width
 * thousands comma, a unit the form does not use. The number is read or
 * left blank with a note, and the numbers after it keep their columns. */
static void
test_marked_cells (void)
{
  g_autofree char *web = read_input ("qingshan-2023.txt", NULL);
  static const struct { const char *cell; const char *natural; } cases[] = {
    { "24* |", "24" },
    { "24① |", "24" },
    { "24注1 |", "24" },
    { "1，532 |", "1532" },
    { "251000元 |", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *with = g_strdup_printf ("\n%s\n", cases[i].cell);
      g_autofree char *text = replace_once (web, "\n24 |\n", with);
      g_autoptr(GError) error = NULL;
      g_autoptr(NbReport) report = NULL;
      NbTemplate *t;
      g_autofree char *natural = NULL, *commercial = NULL, *total = NULL;

      report = nb_import_text (text, -1, "web", NULL, &error);
      g_assert_no_error (error);
      t = nb_report_get_template (report);
      natural = nb_report_format_value (report, nb_template_lookup_cell (t, "requests.new.natural"));
      commercial = nb_report_format_value (report, nb_template_lookup_cell (t, "requests.new.commercial"));
      total = nb_report_format_value (report, nb_template_lookup_cell (t, "requests.new.total"));
      g_test_message ("%s", cases[i].cell);
      g_assert_cmpstr (natural, ==, cases[i].natural);
      g_assert_cmpstr (commercial, ==, "3");
      g_assert_cmpstr (total, ==, "31");
    }
}

/* ------------------------------------------------- label matching */

static void
test_units (void)
{
  const char *same[][2] = {
    { "1.属于国家秘密", "1、属于国家秘密" },
    { "1.属于国家秘密", "（1）属于国家秘密" },
    { "1.属于国家秘密", "1．属于 国家秘密" },
    { "（一）予以公开", "(一)予以公开" },
    { "三、本年度办理结果", "三.本年度办理结果" },
    { "3.危及“三安全一稳定”", "3.危及\"三安全一稳定\"" },
    { "（十二）其他", "(十二)其他" },
  };
  const char *different[][2] = {
    { "1.属于国家秘密", "2.属于国家秘密" },
    { "（一）予以公开", "一、予以公开" },
    { "3.其他", "其他" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autoptr(GArray) a = _nb_imp_units_new (same[i][0]);
      g_autoptr(GArray) b = _nb_imp_units_new (same[i][1]);
      g_assert_cmpuint (a->len, ==, b->len);
      g_assert_cmpmem (a->data, a->len * sizeof (gunichar), b->data, b->len * sizeof (gunichar));
    }
  for (guint i = 0; i < G_N_ELEMENTS (different); i++)
    {
      g_autoptr(GArray) a = _nb_imp_units_new (different[i][0]);
      g_autoptr(GArray) b = _nb_imp_units_new (different[i][1]);
      g_assert_cmpfloat (_nb_imp_units_find (a, b), <, 1.0);
    }

  {
    g_autoptr(GArray) label = _nb_imp_units_new ("2.没有现成信息需要另行制作");
    g_autoptr(GArray) typo = _nb_imp_units_new ("2.没有现成信息需要另行制做");
    g_autoptr(GArray) wrapped = _nb_imp_units_new ("度办 2.没有现成信息 法提 需要另行制作 供");
    g_autoptr(GArray) other = _nb_imp_units_new ("3.补正后申请内容仍不明确");
    double typo_score = _nb_imp_units_find (label, typo);

    g_assert_cmpfloat (typo_score, <, 1.0);
    g_assert_cmpfloat (typo_score, >=, 0.8);
    g_assert_cmpfloat (_nb_imp_units_find (label, wrapped), >=, 0.8);
    g_assert_cmpfloat (_nb_imp_units_find (label, other), <, 0.3);
  }
}

/* ------------------------------------------------------------ async */

static void
imported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

static void
test_async (void)
{
  g_autofree char *path = input_path ("hexi-2020.docx");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/report.docx");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) failed = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NbReport) report = NULL;

  nb_import_file_async (file, NULL, imported_cb, &result);
  nb_import_file_async (missing, NULL, imported_cb, &failed);
  while (result == NULL || failed == NULL)
    g_main_context_iteration (NULL, TRUE);

  report = nb_import_file_finish (result, &notes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (notes);
  g_assert_cmpstr (nb_report_get_meta (report, NB_META_AGENCY), ==, "河西县财政局");
  g_assert_null (nb_import_file_finish (failed, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import/seed", test_seed);
  for (guint i = 0; i < G_N_ELEMENTS (form_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/import/form/%s", form_cases[i].input);
      g_test_add_data_func (name, &form_cases[i], test_form);
    }
  g_test_add_func ("/import/deviations-noted", test_deviations_noted);
  g_test_add_func ("/import/tables-as-images", test_tables_as_images);
  g_test_add_func ("/import/titles", test_titles);
  g_test_add_func ("/import/year-not-read", test_year_not_read);
  g_test_add_func ("/import/headings", test_headings);
  g_test_add_func ("/import/one-row-six", test_one_row_six);
  g_test_add_func ("/import/six-broken-down-in-2019", test_six_broken_down_in_2019);
  for (guint i = 0; i < G_N_ELEMENTS (edit_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/import/never-invented/%u", i);
      g_test_add_data_func (name, &edit_cases[i], test_edit);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/import/not-a-report/%s", bad_cases[i].name);
      g_test_add_data_func (name, &bad_cases[i], test_not_a_report);
    }
  g_test_add_func ("/import/not-a-report/files", test_not_a_report_files);
  g_test_add_func ("/import/garbage", test_garbage);
  g_test_add_func ("/import/long-line", test_long_line);
  g_test_add_func ("/import/blank-ends", test_blank_ends);
  g_test_add_func ("/import/label-variants", test_label_variants);
  g_test_add_func ("/import/docx-not-word", test_docx_not_word);
  g_test_add_func ("/import/gb18030", test_gb18030);
  g_test_add_func ("/import/tx", test_tx);
  g_test_add_func ("/import/layout-number-forms", test_layout_number_forms);
  g_test_add_func ("/import/marked-cells", test_marked_cells);
  g_test_add_func ("/import/units", test_units);
  g_test_add_func ("/import/async", test_async);

  return g_test_run ();
}
