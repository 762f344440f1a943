/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench import: a published report read into a report, median over 30 runs of
 * each form: the `pdftotext -layout` text of its PDF (the hardest: wrapped
 * labels, merged cells' text interleaved), its web page, its .docx. Target:
 * well under the 100 ms a user notices after choosing a file. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "nb-import.h"

#define N_RUNS 30

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

/* Median import time in ms; the number of cells read goes to @n_read. */
static double
time_import (const char *name,
             guint      *n_read)
{
  g_autofree char *path = g_build_filename (g_getenv ("NB_SOURCE_DIR") ? g_getenv ("NB_SOURCE_DIR") : ".",
                                            "tests", "import", "inputs", name, NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gint64 times[N_RUNS];
  gsize length;

  if (!g_file_get_contents (path, &data, &length, &error))
    {
      g_printerr ("%s\n", error->message);
      exit (1);
    }
  for (guint i = 0; i < N_RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(NbReport) report = nb_import_data (data, length, name, NULL, &error);

      times[i] = g_get_monotonic_time () - start;
      if (report == NULL)
        {
          g_printerr ("%s\n", error->message);
          exit (1);
        }
      *n_read = 0;
      for (guint c = 0; c < nb_template_get_n_cells (nb_report_get_template (report)); c++)
        *n_read += !nb_report_is_blank (report, c);
    }
  qsort (times, N_RUNS, sizeof (gint64), compare_gint64);
  return times[N_RUNS / 2] / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  guint n_layout, n_html, n_docx;
  double layout = time_import ("qingshan-2023.layout.txt", &n_layout);
  double html = time_import ("qingshan-2023.html", &n_html);
  double docx = time_import ("qingshan-2023.docx", &n_docx);

  printf ("bench import: %.2f ms (pdftotext -layout text, %u cells read; HTML %.2f ms, %u cells; .docx %.2f ms, %u cells)\n",
          layout, n_layout, html, n_html, docx, n_docx);
  return 0;
}
