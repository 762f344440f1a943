/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-pdf"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib.h>
#include <glib/gstdio.h>

/* bench pdf: wall time of `nianbao --export-pdf` on the sample against
 * pdf-reference (a minimal pangocairo program drawing the same text and
 * ruled tables with the same fonts), each a fresh process as a user runs
 * it, alternated in the same run; medians. */

#define ROUNDS 9

static double
run_once (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, &status, &error))
    g_error ("%s: %s", argv[0], error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s", argv[0], error->message);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  const char *source = g_getenv ("NB_SOURCE_DIR");
  const char *build = g_getenv ("NB_BUILD_DIR");
  g_autofree char *sample = NULL;
  g_autofree char *nianbao = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-pdf-XXXXXX", NULL);
  g_autofree char *ours_pdf = g_build_filename (dir, "ours.pdf", NULL);
  g_autofree char *ref_pdf = g_build_filename (dir, "reference.pdf", NULL);
  double ours[ROUNDS], ref[ROUNDS];

  if (source == NULL || build == NULL)
    {
      fprintf (stderr, "bench-pdf: set NB_SOURCE_DIR and NB_BUILD_DIR (build-aux/dev bench does)\n");
      return 2;
    }
  sample = g_build_filename (source, "data", "samples", "dongsheng-tongjiju-2023.nianbao", NULL);
  nianbao = g_build_filename (build, "app", "nianbao", NULL);
  reference = g_build_filename (build, "tests", "bench", "export", "pdf-reference", NULL);

  {
    const char *ours_argv[] = { nianbao, "--export-pdf", ours_pdf, sample, NULL };
    const char *ref_argv[] = { reference, ref_pdf, sample, NULL };

    /* one warm-up each: the page cache and fontconfig's caches */
    run_once (ours_argv);
    run_once (ref_argv);
    for (guint i = 0; i < ROUNDS; i++)
      {
        ours[i] = run_once (ours_argv);
        ref[i] = run_once (ref_argv);
      }
  }
  qsort (ours, ROUNDS, sizeof (double), compare_doubles);
  qsort (ref, ROUNDS, sizeof (double), compare_doubles);
  printf ("bench pdf: ours %.1f ms, reference %.1f ms, ratio %.2f\n",
          ours[ROUNDS / 2], ref[ROUNDS / 2], ours[ROUNDS / 2] / ref[ROUNDS / 2]);

  g_unlink (ours_pdf);
  g_unlink (ref_pdf);
  g_rmdir (dir);
  return 0;
}
