/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench rules: one cell edit on the sample → auto totals → every rule re-run
 * by NbRules; median over 10 000 edits. Target: under 20 µs. */
#include "config.h"

#include <stdio.h>

#include "nb-rules.h"
#include "nb-storage.h"

#define N_EDITS 10000

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = g_build_filename (g_getenv ("NB_SOURCE_DIR") ? g_getenv ("NB_SOURCE_DIR") : ".",
                                            "data", "samples", "dongsheng-tongjiju-2023.nianbao", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(NbReport) report = nb_storage_load_file (file, NULL, &error);
  g_autoptr(NbRules) rules = NULL;
  g_autofree gint64 *times = g_new (gint64, N_EDITS);
  const char *cells[] = { "requests.new.natural", "requests.result.withheld.security.legal",
                          "review.litigation_direct.pending", "proactive.regulation.issued" };
  guint checksum = 0;

  if (report == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  rules = nb_rules_new (report);

  for (guint i = 0; i < N_EDITS; i++)
    {
      NbDecimal v = nb_decimal_from_int (i % 7);
      int cell = nb_template_lookup_cell (nb_report_get_template (report), cells[i % G_N_ELEMENTS (cells)]);
      gint64 start = g_get_monotonic_time ();

      nb_report_set_value (report, (guint) cell, &v, NULL);
      times[i] = g_get_monotonic_time () - start;
      checksum += nb_rules_get_n_errors (rules);
    }

  /* Microsecond clock: report the median with a finer estimate from the mean of the middle half. */
  qsort (times, N_EDITS, sizeof (gint64), compare_gint64);
  {
    double middle = 0;
    for (guint i = N_EDITS / 4; i < 3 * N_EDITS / 4; i++)
      middle += (double) times[i];
    middle /= N_EDITS / 2;
    printf ("bench rules: %.1f us (median %" G_GINT64_FORMAT " us, p99 %" G_GINT64_FORMAT " us, %u errors seen)\n",
            middle, times[N_EDITS / 2], times[N_EDITS * 99 / 100], checksum);
  }
  return 0;
}
