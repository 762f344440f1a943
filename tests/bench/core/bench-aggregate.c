/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench aggregate: consolidate 10, 100 and 1 000 report files from a folder
 * (read + parse + check every source + sum every cell), median of a few runs
 * each. The figure is the 1 000-report time; target under 2 s. The growth
 * from 10 to 1 000 follows on the same line. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "nb-aggregate.h"
#include "nb-storage.h"

static const guint sizes[] = { 10, 100, 1000 };
static const guint runs[] = { 7, 5, 3 };

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
set_int (NbReport   *r,
         const char *id,
         gint64      v)
{
  NbDecimal d = nb_decimal_from_int (v);
  g_autoptr(GError) error = NULL;

  if (!nb_report_set_value_by_id (r, id, &d, &error))
    g_error ("%s", error->message);
}

/* @n files of the sample under other names and values (clean, so the rules
 * take their usual path), in a new folder. */
static char *
write_reports (const char *sample,
               gsize       length,
               guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nb-bench-aggregate-XXXXXX", &error);

  if (dir == NULL)
    g_error ("%s", error->message);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NbReport) r = nb_storage_load_data (sample, length, "sample", &error);
      g_autofree char *agency = g_strdup_printf ("东胜区第%u单位", i);
      g_autofree char *name = g_strdup_printf ("%04u.nianbao", i);
      g_autoptr(GFile) file = NULL;
      NbDecimal fee = { (gint64) i * 1000003 % 999999937, 6 };

      g_assert_nonnull (r);
      nb_report_set_meta (r, NB_META_AGENCY, agency);
      set_int (r, "proactive.license.decisions", i % 97);
      set_int (r, "proactive.penalty.decisions", i % 13);
      set_int (r, "requests.new.natural", i % 7);
      set_int (r, "requests.result.disclosed.natural", i % 7);
      g_assert_true (nb_report_set_value_by_id (r, "proactive.fee.amount", &fee, NULL));
      file = g_file_new_build_filename (dir, name, NULL);
      if (!nb_storage_save_file (r, file, NULL, &error))
        g_error ("%s", error->message);
    }
  return g_steal_pointer (&dir);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (dir);
}

/* Milliseconds to consolidate the folder once. */
static double
consolidate (const char *dir,
             guint       expected)
{
  g_autoptr(NbAggregate) aggregate = nb_aggregate_new ();
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  gint64 start, end;

  g_list_store_append (files, folder);
  start = g_get_monotonic_time ();
  if (!nb_aggregate_add_files (aggregate, G_LIST_MODEL (files), NULL, NULL) ||
      nb_aggregate_get_result (aggregate) == NULL)
    g_error ("consolidation failed");
  end = g_get_monotonic_time ();

  if (nb_aggregate_get_n_sources (aggregate) != expected || !nb_aggregate_is_clean (aggregate))
    g_error ("expected %u clean sources, got %u", expected, nb_aggregate_get_n_sources (aggregate));
  return (end - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = g_build_filename (g_getenv ("NB_SOURCE_DIR") ? g_getenv ("NB_SOURCE_DIR") : ".",
                                            "data", "samples", "dongsheng-tongjiju-2023.nianbao", NULL);
  g_autofree char *sample = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  double medians[G_N_ELEMENTS (sizes)];

  if (!g_file_get_contents (path, &sample, &length, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autofree char *dir = write_reports (sample, length, sizes[s]);
      double times[8];

      consolidate (dir, sizes[s]);  /* warm the page cache and the template */
      for (guint r = 0; r < runs[s]; r++)
        times[r] = consolidate (dir, sizes[s]);
      qsort (times, runs[s], sizeof (double), compare_double);
      medians[s] = times[runs[s] / 2];
      remove_dir (dir);
    }

  printf ("bench aggregate: %.0f ms (1000 reports; 10: %.1f ms, 100: %.1f ms, 1000: %.0f ms; "
          "%.2f ms per report at 1000, x%.1f from 100 to 1000)\n",
          medians[2], medians[0], medians[1], medians[2], medians[2] / 1000.0,
          medians[2] / medians[1]);
  return 0;
}
