/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench xlsx: the export time of the sample report (nb_xlsx_export: rules,
 * layout, formats, merges, validation, names, conditional formats, the four
 * sheets, temporary file + fsync + rename) against a minimal libxlsxwriter
 * program that writes the same cells (labels, values, prose, data rows,
 * diagnostics) with no formats, merges or anything else. The two alternate
 * in the same run; medians. Target: ours ≤ 2 × reference.
 *
 *   bench-xlsx                    run the benchmark
 *   bench-xlsx --reference OUT    only write the reference workbook to OUT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "nb-rules.h"
#include "nb-storage.h"
#include "nb-xlsx.h"

#define WARMUP 2
/* An export takes a few milliseconds and single ones vary by a third
 * (page cache, fsync): with 15 of each the ratio moved between 1.6 and 1.95
 * from run to run; 41 take half a second. */
#define RUNS   41

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (GArray *times)
{
  g_array_sort (times, compare_double);
  return g_array_index (times, double, times->len / 2);
}

/* The minimal program: the same cells, plain. */
static void
reference_export (NbReport   *report,
                  const char *path)
{
  NbTemplate *t = nb_report_get_template (report);
  g_autoptr(GPtrArray) diagnostics = nb_rules_check (report, NULL);
  lxw_workbook *wb = workbook_new (path);
  lxw_worksheet *form = workbook_add_worksheet (wb, "报表");
  lxw_worksheet *prose = workbook_add_worksheet (wb, "文字");
  lxw_worksheet *data = workbook_add_worksheet (wb, "数据");
  lxw_worksheet *checks = workbook_add_worksheet (wb, "校验");
  guint top = 1, row = 0;
  lxw_error err;

  worksheet_write_string (form, 0, 0, nb_template_get_report_title (t), NULL);
  for (guint i = 0; i < nb_template_get_n_tables (t); i++)
    {
      const NbTemplateTable *table = nb_template_get_table (t, i);

      for (guint g = 0; g < table->n_grid_cells; g++)
        {
          const NbTemplateGridCell *gc = &table->grid_cells[g];
          NbDecimal v;

          if (gc->text != NULL)
            worksheet_write_string (form, top + gc->row, gc->col, gc->text, NULL);
          else if (gc->cell >= 0 && nb_report_get_value (report, gc->cell, &v))
            worksheet_write_number (form, top + gc->row, gc->col, nb_decimal_to_double (&v), NULL);
        }
      top += table->n_rows + 1;
    }

  for (guint s = 0; s < nb_template_get_n_sections (t); s++)
    {
      const NbTemplateSection *section = nb_template_get_section (t, s);

      if (section->table_id != NULL)
        continue;
      if (section->title != NULL)
        worksheet_write_string (prose, row++, 0, section->title, NULL);
      for (guint b = 0; b < nb_report_get_n_blocks (report, section->id); b++)
        worksheet_write_string (prose, row++, 0, nb_report_get_block (report, section->id, b)->text, NULL);
    }

  for (guint c = 0; c < nb_template_get_n_cells (t); c++)
    {
      const NbTemplateCell *tc = nb_template_get_cell (t, c);
      g_autofree char *path_text = nb_template_get_label_path (t, c);
      NbDecimal v;

      worksheet_write_string (data, c + 1, 0, tc->id, NULL);
      worksheet_write_string (data, c + 1, 1, path_text, NULL);
      worksheet_write_string (data, c + 1, 2, tc->row_path, NULL);
      worksheet_write_string (data, c + 1, 3, tc->col_path, NULL);
      if (nb_report_get_value (report, c, &v))
        worksheet_write_number (data, c + 1, 4, nb_decimal_to_double (&v), NULL);
    }
  for (guint f = 0; f < NB_META_N_FIELDS; f++)
    worksheet_write_string (data, f + 1, 6, nb_report_get_meta (report, f), NULL);

  for (guint i = 0; i < diagnostics->len; i++)
    worksheet_write_string (checks, i + 1, 0,
                            nb_diagnostic_get_message (g_ptr_array_index (diagnostics, i)), NULL);
  if (diagnostics->len == 0)
    worksheet_write_string (checks, 1, 0, "校验通过", NULL);

  if ((err = workbook_close (wb)) != LXW_NO_ERROR)
    g_error ("reference: %s", lxw_strerror (err));
}

static double
time_ours (NbReport   *report,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  if (!nb_xlsx_export (report, NULL, path, NULL, &error))
    g_error ("%s", error->message);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
time_reference (NbReport   *report,
                const char *path)
{
  gint64 start = g_get_monotonic_time ();

  reference_export (report, path);
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  const char *source = g_getenv ("NB_SOURCE_DIR") != NULL ? g_getenv ("NB_SOURCE_DIR") : ".";
  g_autofree char *sample = g_build_filename (source, "data", "samples",
                                              "dongsheng-tongjiju-2023.nianbao", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (sample);
  g_autoptr(GError) error = NULL;
  g_autoptr(NbReport) report = nb_storage_load_file (file, NULL, &error);
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) reference = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *ours_path = NULL, *reference_path = NULL;
  double a, b;

  if (report == NULL)
    g_error ("%s", error->message);

  if (argc == 3 && g_str_equal (argv[1], "--reference"))
    {
      reference_export (report, argv[2]);
      return 0;
    }

  dir = g_dir_make_tmp ("nb-bench-xlsx-XXXXXX", &error);
  if (dir == NULL)
    g_error ("%s", error->message);
  ours_path = g_build_filename (dir, "ours.xlsx", NULL);
  reference_path = g_build_filename (dir, "reference.xlsx", NULL);

  for (guint i = 0; i < WARMUP + RUNS; i++)
    {
      /* Alternate which goes first, so neither always finds a warm cache. */
      if (i % 2 == 0)
        {
          a = time_ours (report, ours_path);
          b = time_reference (report, reference_path);
        }
      else
        {
          b = time_reference (report, reference_path);
          a = time_ours (report, ours_path);
        }
      if (i >= WARMUP)
        {
          g_array_append_val (ours, a);
          g_array_append_val (reference, b);
        }
    }

  a = median (ours);
  b = median (reference);
  g_remove (ours_path);
  g_remove (reference_path);
  g_rmdir (dir);

  printf ("bench xlsx: ours %.2f ms, reference %.2f ms, ratio %.2f\n", a, b, a / b);
  return 0;
}
