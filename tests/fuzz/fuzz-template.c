/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the form template loader (nb_template_new_from_data).
 *
 * A template that loads must give a layout grid that the grid editor, the
 * PDF and the xlsx can use without checks of their own (every grid cell in
 * bounds, the table tiled exactly once), a report that can be filled, and
 * auto totals that add up. */
#define G_LOG_DOMAIN "fuzz-template"

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "nb-report.h"
#include "nb-rules.h"
#include "nb-template.h"

/* Larger grids are still checked cell by cell, only not for overlaps. */
#define MAX_CHECKED_GRID (1u << 20)

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  nb_fuzz_init ();
  return 0;
}

static void
check_table (NbTemplate            *template,
             const NbTemplateTable *table)
{
  g_autofree guint8 *covered = NULL;
  gsize area = (gsize) table->n_rows * table->n_cols;

  nb_fuzz_assert (table->id != NULL && table->section_id != NULL);
  nb_fuzz_assert (nb_template_lookup_table (template, table->id) == table);
  nb_fuzz_assert (table->n_label_cols <= table->n_cols);
  nb_fuzz_assert (table->n_blocks >= 1);
  for (guint r = 0; r < table->n_rows; r++)
    nb_fuzz_assert (table->row_block[r] < table->n_blocks);

  if (area <= MAX_CHECKED_GRID)
    covered = g_new0 (guint8, MAX (area, 1));

  for (guint i = 0; i < table->n_grid_cells; i++)
    {
      const NbTemplateGridCell *g = &table->grid_cells[i];

      nb_fuzz_assert (g->row_span >= 1 && g->col_span >= 1);
      nb_fuzz_assert (g->row < table->n_rows && g->row_span <= table->n_rows - g->row);
      nb_fuzz_assert (g->col < table->n_cols && g->col_span <= table->n_cols - g->col);
      if (i > 0)
        {
          const NbTemplateGridCell *p = &table->grid_cells[i - 1];
          nb_fuzz_assert (p->row < g->row || (p->row == g->row && p->col < g->col));
        }
      if (g->role == NB_GRID_DATA)
        {
          const NbTemplateCell *cell;

          nb_fuzz_assert (g->cell >= 0 && (guint) g->cell < nb_template_get_n_cells (template));
          cell = nb_template_get_cell (template, (guint) g->cell);
          nb_fuzz_assert (g_str_equal (cell->table_id, table->id));
          nb_fuzz_assert (cell->grid_row == g->row && cell->grid_col == g->col);
          nb_fuzz_assert (cell->grid_col_span == g->col_span && g->row_span == 1);
          nb_fuzz_assert (!table->row_is_header[g->row]);
        }
      else
        nb_fuzz_assert (g->cell == -1 && g->text != NULL && g_utf8_validate (g->text, -1, NULL));

      if (covered != NULL)
        for (guint r = g->row; r < g->row + g->row_span; r++)
          for (guint c = g->col; c < g->col + g->col_span; c++)
            {
              gsize at = (gsize) r * table->n_cols + c;
              if (covered[at]++ != 0)
                g_error ("table %s: grid position %u,%u is covered twice", table->id, r, c);
            }
    }

  for (gsize at = 0; covered != NULL && at < area; at++)
    if (covered[at] != 1)
      g_error ("table %s: grid position %u,%u is not covered", table->id,
               (guint) (at / table->n_cols), (guint) (at % table->n_cols));
}

static void
fill_and_total (NbTemplate *template)
{
  g_autoptr(NbReport) report = nb_report_new (template);
  g_autoptr(GPtrArray) diagnostics = NULL;
  guint n_cells = nb_template_get_n_cells (template);
  const guint *order;
  guint n_totals;

  /* One total recomputation for the whole fill, not one per cell. */
  nb_report_set_auto_totals (report, FALSE);
  for (guint c = 0; c < n_cells; c++)
    {
      g_autoptr(GError) error = NULL;
      NbDecimal value = nb_decimal_from_int ((gint64) (c % 7) + 1);

      if (!nb_report_set_value (report, c, &value, &error))
        g_error ("cell %s refuses %d: %s", nb_template_get_cell (template, c)->id,
                 (int) value.units, error->message);
    }
  nb_report_set_auto_totals (report, TRUE);

  order = nb_template_get_total_order (template, &n_totals);
  for (guint t = 0; t < n_totals; t++)
    {
      guint n_parts;
      const guint *parts = nb_template_get_total_parts (template, order[t], &n_parts);
      NbDecimal sum = NB_DECIMAL_INIT, total, part;
      gboolean overflow = FALSE;

      nb_fuzz_assert (parts != NULL);
      nb_fuzz_assert (nb_template_get_cell (template, order[t])->is_total);
      for (guint p = 0; p < n_parts && !overflow; p++)
        {
          nb_fuzz_assert (parts[p] < n_cells);
          if (nb_report_get_value (report, parts[p], &part))
            overflow = !nb_decimal_add (&sum, &part, &sum);
        }
      if (!overflow && nb_report_get_value (report, order[t], &total))
        nb_fuzz_assert (nb_decimal_equal (&total, &sum));
    }

  diagnostics = nb_rules_check (report, report);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      g_autofree char *line = nb_diagnostic_to_line (g_ptr_array_index (diagnostics, i));
      nb_fuzz_assert (g_utf8_validate (line, -1, NULL));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NbTemplate) template = NULL;

  template = nb_template_new_from_data ((const char *) data, (gssize) size, &error);
  if (template == NULL)
    {
      nb_fuzz_assert (error != NULL && error->domain == NB_TEMPLATE_ERROR);
      nb_fuzz_assert (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }

  nb_fuzz_assert (nb_template_get_id (template) != NULL);
  for (guint s = 0; s < nb_template_get_n_sections (template); s++)
    {
      const NbTemplateSection *section = nb_template_get_section (template, s);
      nb_fuzz_assert (nb_template_lookup_section (template, section->id) == (int) s);
      if (section->table_id != NULL)
        nb_fuzz_assert (nb_template_lookup_table (template, section->table_id) != NULL);
    }
  for (guint t = 0; t < nb_template_get_n_tables (template); t++)
    check_table (template, nb_template_get_table (template, t));
  for (guint c = 0; c < nb_template_get_n_cells (template); c++)
    {
      const NbTemplateCell *cell = nb_template_get_cell (template, c);
      g_autofree char *path = nb_template_get_label_path (template, c);

      nb_fuzz_assert (g_utf8_validate (path, -1, NULL));
      nb_fuzz_assert (cell->index == c);
      nb_fuzz_assert (nb_template_lookup_cell (template, cell->id) == (int) c);
      nb_fuzz_assert (nb_template_get_cell_section (template, c) != NULL);
    }
  fill_and_total (template);
  return 0;
}
