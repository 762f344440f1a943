/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "nb-convert.h"
#include "nb-storage.h"

/* Reports made from others (app/core/nb-convert.c): the blank one, this
 * year's from last year's, and a report in the other form. */

static NbReport *
load_sample (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("NB_SOURCE_DIR"), "data", "samples",
                                            "dongsheng-tongjiju-2023.nianbao", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  NbReport *report = nb_storage_load_file (file, NULL, &error);

  g_assert_no_error (error);
  return report;
}

static char *
value (NbReport   *report,
       const char *cell_id)
{
  int cell = nb_template_lookup_cell (nb_report_get_template (report), cell_id);

  g_assert_cmpint (cell, >=, 0);
  if (nb_report_is_blank (report, (guint) cell))
    return g_strdup ("blank");
  return nb_report_format_value (report, (guint) cell);
}

static void
set (NbReport   *report,
     const char *cell_id,
     gint64      units)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (nb_report_set_value_by_id (report, cell_id, &(NbDecimal) { units, 0 }, &error));
  g_assert_no_error (error);
}

static void
test_blank (void)
{
  g_autoptr(NbReport) report = nb_convert_new_blank ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_assert_cmpstr (nb_template_get_id (nb_report_get_template (report)), ==, NB_TEMPLATE_DEFAULT_ID);
  g_assert_cmpint (nb_report_get_year (report), ==, g_date_time_get_year (now) - 1);
  g_assert_cmpstr (nb_report_get_meta (report, NB_META_AGENCY), ==, "");
  g_assert_false (nb_report_can_undo (report));
}

static void
test_carry_over (void)
{
  g_autoptr(NbReport) last = load_sample ();
  g_autoptr(NbReport) report = NULL;
  NbTemplate *template;

  /* Something for last year's carried-over column to carry. */
  set (last, "requests.carried_next.natural", 4);
  report = nb_convert_carry_over (last);
  template = nb_report_get_template (report);

  g_assert_cmpstr (nb_report_get_meta (report, NB_META_AGENCY), ==, "东胜区统计局");
  g_assert_cmpstr (nb_report_get_meta (report, NB_META_YEAR), ==, "2024");
  g_assert_cmpstr (nb_report_get_meta (report, NB_META_PHONE), ==, "0477-8380626");
  g_assert_cmpstr (nb_report_get_meta (report, NB_META_DATE), ==, "");
  g_assert_cmpstr (nb_template_get_id (template), ==, "gov-disclosure-2021");
  for (guint i = 0; i < nb_template_get_n_cells (template); i++)
    {
      const NbTemplateCell *cell = nb_template_get_cell (template, i);
      g_autofree char *got = value (report, cell->id);

      if (g_str_equal (cell->row_id, "carried"))
        {
          g_autofree char *from = g_strdup_printf ("requests.carried_next.%s", cell->col_id);
          g_autofree char *expected = value (last, from);
          g_assert_cmpstr (got, ==, expected);
        }
      else if (g_str_equal (cell->col_id, "in_force"))
        {
          g_autofree char *expected = value (last, cell->id);
          g_assert_cmpstr (got, ==, expected);
        }
      else if (!cell->is_total)
        g_assert_cmpstr (got, ==, "blank");
    }
  /* Headings kept as a skeleton, last year's sentences not. */
  g_assert_cmpuint (nb_report_get_n_blocks (report, "overview"), >, 0);
  for (guint b = 0; b < nb_report_get_n_blocks (report, "overview"); b++)
    g_assert_cmpuint (nb_report_get_block (report, "overview", b)->level, >, 0);
  g_assert_false (nb_report_can_undo (report));
}

/* A heading naming last year names this year; a 2019 report goes on in the
 * 2019 trial form (2020's reports used it), a 2020 one in 2021's. */
static void
test_carry_over_form (void)
{
  g_autoptr(NbTemplate) trial = nb_template_load ("gov-disclosure-2019", NULL);
  NbBlock heading = { 2, NULL };

  for (int y = 2019; y <= 2020; y++)
    {
      g_autoptr(NbReport) old = nb_report_new (trial);
      g_autoptr(NbReport) next = NULL;
      g_autofree char *year = g_strdup_printf ("%d", y);
      g_autofree char *text = g_strdup_printf ("（一）%d年主动公开情况", y);
      g_autofree char *expected = g_strdup_printf ("（一）%d年主动公开情况", y + 1);

      nb_report_set_meta (old, NB_META_YEAR, year);
      heading.text = text;
      nb_report_set_blocks (old, "overview", &heading, 1);
      next = nb_convert_carry_over (old);
      g_assert_cmpint (nb_report_get_year (next), ==, y + 1);
      g_assert_cmpstr (nb_template_get_id (nb_report_get_template (next)), ==,
                       y == 2019 ? "gov-disclosure-2019" : "gov-disclosure-2021");
      g_assert_cmpstr (nb_report_get_block (next, "overview", 0)->text, ==, expected);
    }
}

/* Last year's total of 结转下年度 was typed wrong (auto totals off): this
 * year's computed 上年结转 total is the sum of its parts all the same. */
static void
test_carry_over_wrong_total (void)
{
  g_autoptr(NbReport) wrong = load_sample ();
  g_autoptr(NbReport) carried = NULL;
  g_autofree char *total = NULL;

  nb_report_set_auto_totals (wrong, FALSE);
  set (wrong, "requests.carried_next.natural", 4);
  set (wrong, "requests.carried_next.total", 124);
  carried = nb_convert_carry_over (wrong);
  g_assert_true (nb_report_get_auto_totals (carried));
  total = value (carried, "requests.carried.total");
  g_assert_cmpstr (total, ==, "4");
  g_assert_false (nb_report_can_undo (carried));
}

static gboolean
contains (GPtrArray  *paths,
          const char *part)
{
  for (guint i = 0; i < paths->len; i++)
    if (strstr (g_ptr_array_index (paths, i), part) != NULL)
      return TRUE;
  return FALSE;
}

/* 2021 → 2019 → 2021: what both forms have comes along, 三（六）其他处理's
 * three rows become 2019's one and back into 3.其他, the rest is listed. */
static void
test_to_template (void)
{
  g_autoptr(NbReport) report = load_sample ();
  g_autoptr(NbTemplate) trial = nb_template_load ("gov-disclosure-2019", NULL);
  g_autoptr(NbTemplate) current = nb_template_load ("gov-disclosure-2021", NULL);
  g_autoptr(GPtrArray) lost = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) moved = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(NbReport) old_form = NULL;
  g_autoptr(NbReport) back = NULL;
  g_autofree char *total = NULL;
  static const char *rows[] = { "no_correction", "no_fee", "other" };

  nb_report_begin_group (report);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *id = g_strdup_printf ("requests.result.other.%s.natural", rows[i]);
      set (report, id, i + 1);
    }
  set (report, "requests.new.natural", 6);
  nb_report_end_group (report);
  total = value (report, "requests.result.total.total");

  old_form = nb_convert_to_template (report, trial, lost, moved);
  g_assert_cmpstr (nb_template_get_id (nb_report_get_template (old_form)), ==, "gov-disclosure-2019");
  {
    g_autofree char *other = value (old_form, "requests.result.other.natural");
    g_autofree char *old_total = value (old_form, "requests.result.total.total");
    g_autofree char *penalty = value (old_form, "proactive.penalty.decisions");
    g_autofree char *expected_penalty = value (report, "proactive.penalty.decisions");

    g_assert_cmpstr (other, ==, "6");
    g_assert_cmpstr (old_total, ==, total);
    g_assert_cmpstr (penalty, ==, expected_penalty);
  }
  g_assert_true (contains (moved, "（六）其他处理"));
  g_assert_cmpuint (lost->len, >, 0);
  g_assert_false (contains (lost, "（六）"));
  g_assert_cmpstr (nb_report_get_meta (old_form, NB_META_AGENCY), ==, "东胜区统计局");
  g_assert_cmpuint (nb_report_get_n_blocks (old_form, "overview"), ==,
                    nb_report_get_n_blocks (report, "overview"));
  g_assert_cmpstr (nb_report_get_block (old_form, "overview", 0)->text, ==,
                   nb_report_get_block (report, "overview", 0)->text);
  g_assert_cmpint (nb_report_get_auto_totals (old_form), ==, nb_report_get_auto_totals (report));
  g_assert_false (nb_report_can_undo (old_form));

  g_ptr_array_set_size (lost, 0);
  g_ptr_array_set_size (moved, 0);
  back = nb_convert_to_template (old_form, current, lost, moved);
  {
    g_autofree char *other = value (back, "requests.result.other.other.natural");
    g_autofree char *back_total = value (back, "requests.result.total.total");

    g_assert_cmpstr (other, ==, "6");
    g_assert_cmpstr (back_total, ==, total);
  }
  g_assert_false (contains (lost, "收到和处理"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/convert/blank", test_blank);
  g_test_add_func ("/convert/carry-over", test_carry_over);
  g_test_add_func ("/convert/carry-over-form", test_carry_over_form);
  g_test_add_func ("/convert/carry-over-wrong-total", test_carry_over_wrong_total);
  g_test_add_func ("/convert/to-template", test_to_template);
  return g_test_run ();
}
