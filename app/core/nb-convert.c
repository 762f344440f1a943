/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-convert"

#include "config.h"

#include <string.h>

#include "nb-convert.h"

/* A report made from another: the blank one of a new document, this year's
 * from last year's, and the same report in the other form (2019 / 2021). */

/**
 * nb_convert_new_blank:
 *
 * A blank report in the default form, for last year (the year a report
 * written now is about).
 *
 * Returns: (transfer full): the report
 */
NbReport *
nb_convert_new_blank (void)
{
  g_autoptr(NbTemplate) template = nb_template_load (NB_TEMPLATE_DEFAULT_ID, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *year = g_strdup_printf ("%d", g_date_time_get_year (now) - 1);
  NbReport *report;

  g_assert (template != NULL);
  report = nb_report_new (template);
  nb_report_set_meta (report, NB_META_YEAR, year);
  nb_report_clear_history (report);
  return report;
}

static void
copy_cell (NbReport   *to,
           const char *to_id,
           NbReport   *from,
           const char *from_id)
{
  int src = nb_template_lookup_cell (nb_report_get_template (from), from_id);
  NbDecimal value;

  if (src >= 0 && nb_template_lookup_cell (nb_report_get_template (to), to_id) >= 0 &&
      nb_report_get_value (from, (guint) src, &value))
    nb_report_set_value_by_id (to, to_id, &value, NULL);
}

static char *
replace_all (const char *text,
             const char *from,
             const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);

  return g_strjoinv (to, parts);
}

/**
 * nb_convert_carry_over:
 * @last_year: last year's report
 *
 * This year's report started from last year's, in the form of this year
 * (nb_template_id_for_year ()): the
 * meta (the year plus one, no date), the seal, the prose headings as a
 * skeleton (copying last year's text is what evaluators mark down; last
 * year's year in them becomes this year's), 上年结转
 * from last year's 结转下年度继续办理 (rule X1) and 现行有效件数 carried
 * (rule X2). Everything else starts blank.
 *
 * Returns: (transfer full): this year's report
 */
NbReport *
nb_convert_carry_over (NbReport *last_year)
{
  int year = nb_report_get_year (last_year);
  /* The form of this year's report: a 2019 report goes on in the trial
   * form, which 2020's reports still used. */
  g_autoptr(NbTemplate) form = year > 0 ? nb_template_load (nb_template_id_for_year (year + 1), NULL) : NULL;
  g_autoptr(NbReport) report = form != NULL ? nb_report_new (form) : nb_convert_new_blank ();
  NbTemplate *template = nb_report_get_template (report);
  g_autofree char *last_year_mark = g_strdup_printf ("%d年", year);
  g_autofree char *this_year_mark = g_strdup_printf ("%d年", year + 1);
  static const NbMetaField copied[] = {
    NB_META_AGENCY, NB_META_PHONE, NB_META_ADDRESS, NB_META_POSTCODE, NB_META_SIGNER,
  };

  for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
    nb_report_set_meta (report, copied[i], nb_report_get_meta (last_year, copied[i]));
  if (year > 0)
    {
      g_autofree char *this_year = g_strdup_printf ("%d", year + 1);
      nb_report_set_meta (report, NB_META_YEAR, this_year);
    }
  nb_report_set_seal (report, nb_report_get_seal (last_year));

  for (guint i = 0; i < nb_template_get_n_sections (template); i++)
    {
      const NbTemplateSection *section = nb_template_get_section (template, i);
      g_autoptr(GArray) headings = NULL;
      guint n;

      if (section->table_id != NULL ||
          nb_template_lookup_section (nb_report_get_template (last_year), section->id) < 0)
        continue;
      n = nb_report_get_n_blocks (last_year, section->id);
      headings = g_array_new (FALSE, FALSE, sizeof (NbBlock));
      for (guint b = 0; b < n; b++)
        {
          const NbBlock *block = nb_report_get_block (last_year, section->id, b);

          /* "（一）2023年主动公开情况" is this year's heading in 2024. */
          if (block->level > 0)
            {
              NbBlock heading = { block->level, year > 0 ? replace_all (block->text, last_year_mark, this_year_mark)
                                                         : g_strdup (block->text) };

              g_array_append_val (headings, heading);
            }
        }
      if (headings->len > 0)
        nb_report_set_blocks (report, section->id, (NbBlock *) (gpointer) headings->data, headings->len);
      for (guint b = 0; b < headings->len; b++)
        g_free (g_array_index (headings, NbBlock, b).text);
    }

  /* The cross-year figures of FORMAT.md rules X1 and X2. */
  for (guint i = 0; i < nb_template_get_n_cells (template); i++)
    {
      const NbTemplateCell *cell = nb_template_get_cell (template, i);

      if (g_str_equal (cell->table_id, "requests") && g_str_equal (cell->row_id, "carried"))
        {
          g_autofree char *from = g_strdup_printf ("requests.carried_next.%s", cell->col_id);
          copy_cell (report, cell->id, last_year, from);
        }
      else if (g_str_equal (cell->table_id, "proactive") && g_str_equal (cell->col_id, "in_force"))
        copy_cell (report, cell->id, last_year, cell->id);
    }
  /* Last year's totals may have been typed wrong: this year's are computed. */
  if (nb_report_get_auto_totals (report))
    nb_report_recompute_totals (report);

  nb_report_clear_history (report);
  return g_steal_pointer (&report);
}

/* 三（六）其他处理 is one row in the 2019 form and three in 2021
 * (FORMAT.md): the one row goes to 2021's 3.其他, the three are added into
 * 2019's one. Returns the cell of @target that takes source cell @id, or -1. */
#define OTHER_ROW "requests.result.other"

static int
moved_cell (NbTemplate *target,
            const char *id)
{
  const char *col = strrchr (id, '.');
  g_autofree char *row = NULL;
  g_autofree char *to = NULL;

  if (col == NULL || !g_str_has_prefix (id, OTHER_ROW "."))
    return -1;
  row = g_strndup (id, col - id);
  if (g_str_equal (row, OTHER_ROW))
    to = g_strconcat (OTHER_ROW ".other", col, NULL);
  else
    to = g_strconcat (OTHER_ROW, col, NULL);
  return nb_template_lookup_cell (target, to);
}

/**
 * nb_convert_to_template:
 * @report: a report
 * @target: the form it is to use
 * @lost: (element-type utf8): gets the label path of every figure that has
 *   no place in @target
 * @moved: (element-type utf8): gets the rows (label paths) that took the
 *   figures of a row @target divides differently
 *
 * The same document in another form: meta, seal, prose and every figure
 * whose cell id exists in both, or that moves to a row of another name.
 * Totals are not recomputed: they are figures like the others.
 *
 * Returns: (transfer full): the report in @target's form
 */
NbReport *
nb_convert_to_template (NbReport   *report,
                        NbTemplate *target,
                        GPtrArray  *lost,
                        GPtrArray  *moved)
{
  NbTemplate *source = nb_report_get_template (report);
  g_autoptr(NbReport) converted = nb_report_new (target);

  nb_report_set_auto_totals (converted, FALSE);
  for (NbMetaField f = 0; f < NB_META_N_FIELDS; f++)
    nb_report_set_meta (converted, f, nb_report_get_meta (report, f));
  nb_report_set_seal (converted, nb_report_get_seal (report));

  for (guint i = 0; i < nb_template_get_n_sections (target); i++)
    {
      const NbTemplateSection *section = nb_template_get_section (target, i);
      int old = nb_template_lookup_section (source, section->id);
      g_autoptr(GArray) blocks = NULL;
      guint n;

      if (section->table_id != NULL || old < 0 || nb_template_get_section (source, old)->table_id != NULL)
        continue;
      n = nb_report_get_n_blocks (report, section->id);
      blocks = g_array_new (FALSE, FALSE, sizeof (NbBlock));
      for (guint b = 0; b < n; b++)
        g_array_append_val (blocks, *nb_report_get_block (report, section->id, b));
      nb_report_set_blocks (converted, section->id, (NbBlock *) (gpointer) blocks->data, blocks->len);
    }

  for (guint i = 0; i < nb_template_get_n_cells (source); i++)
    {
      const NbTemplateCell *cell = nb_template_get_cell (source, i);
      NbDecimal value;

      if (!nb_report_get_value (report, i, &value))
        continue;
      if (nb_template_lookup_cell (target, cell->id) >= 0)
        {
          /* Refused there (a negative 本年增/减 in a form without signs). */
          if (!nb_report_set_value_by_id (converted, cell->id, &value, NULL))
            g_ptr_array_add (lost, nb_template_get_label_path (source, i));
        }
      else
        {
          int to = moved_cell (target, cell->id);
          NbDecimal sum;

          if (to < 0)
            {
              g_ptr_array_add (lost, nb_template_get_label_path (source, i));
              continue;
            }
          if (nb_report_get_value (converted, to, &sum) && !nb_decimal_add (&sum, &value, &value))
            {
              g_ptr_array_add (lost, nb_template_get_label_path (source, i));
              continue;
            }
          if (!nb_report_set_value (converted, to, &value, NULL))
            {
              g_ptr_array_add (lost, nb_template_get_label_path (source, i));
              continue;
            }
          {
            g_autofree char *path = nb_template_get_label_path (target, to);
            /* The row, without its column. */
            char *column = g_strrstr (path, " / ");

            if (column != NULL)
              *column = '\0';
            if (!g_ptr_array_find_with_equal_func (moved, path, g_str_equal, NULL))
              g_ptr_array_add (moved, g_steal_pointer (&path));
          }
        }
    }

  nb_report_set_auto_totals (converted, nb_report_get_auto_totals (report));
  nb_report_clear_history (converted);
  return g_steal_pointer (&converted);
}

