/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench startup: from exec to the first painted frame of `nianbao` with the
 * sample report open, against startup-reference (a minimal GTK program
 * showing as many entries in a GtkGrid as Nianbao's window holds), the two
 * alternated in the same run; medians. Target: ours ≤ 1.5 × reference.
 *
 * Nianbao reports its first frame through its test hook
 * (NB_TEST_HOOK=first-frame: it prints the monotonic clock at the first
 * after-paint of its window, and the number of editable widgets in it).
 * Without a display the benchmark runs itself under xvfb-run. GSK_RENDERER
 * is cairo for both, as PLATFORM.md advises under Xvfb.
 *
 * A third program, startup-floor, shows the same entries in a bare
 * libadwaita window, alternated with the two: its line says how much of the
 * distance between ours and the reference libadwaita alone takes, and so
 * how much is left to Nianbao's own window. It is not part of the target. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <glib.h>
#include <errno.h>
#include <unistd.h>

#include <glib/gstdio.h>

#define WARMUP 2
/* Start-up times on a shared machine drift by tens of percent within
 * minutes: enough alternated pairs that one slow stretch does not decide
 * (with 15, repeated runs of this benchmark spread over ±0.08 in the
 * ratio; 40 triples take about 30 s). The ratio is the median of the
 * ratios of neighbouring starts, printed with its 95% interval. */
#define RUNS   40

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
quantile (GArray *times,
          double  q)
{
  g_array_sort (times, compare_double);
  return g_array_index (times, double, (guint) (q * (times->len - 1) + 0.5));
}

static double
median (GArray *times)
{
  return quantile (times, 0.5);
}

/* The 95% interval of the median of @values by the percentile bootstrap
 * (a fixed seed: the same figures give the same interval). */
static void
bootstrap_interval (GArray *values,
                    double *low,
                    double *high)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (9704);
  g_autoptr(GArray) medians = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sample = g_array_sized_new (FALSE, FALSE, sizeof (double), values->len);

  for (guint i = 0; i < 2000; i++)
    {
      double m;

      g_array_set_size (sample, 0);
      for (guint j = 0; j < values->len; j++)
        g_array_append_val (sample, g_array_index (values, double, g_rand_int_range (rand, 0, values->len)));
      m = median (sample);
      g_array_append_val (medians, m);
    }
  *low = quantile (medians, 0.025);
  *high = quantile (medians, 0.975);
}

/* Runs @argv, returns ms from spawn to the "first-frame USEC" it prints. */
static double
time_first_frame (const char * const *argv,
                  char              **env,
                  guint              *n_editables,
                  guint              *n_fonts)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 frame = 0;
  guint n = 0, fonts = 0;
  int status;
  const char *line;

  if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, &status, &error))
    g_error ("%s: %s", argv[0], error->message);
  line = out != NULL ? strstr (out, "first-frame ") : NULL;
  if (line == NULL || sscanf (line, "first-frame %" G_GINT64_FORMAT " %u %u", &frame, &n, &fonts) < 1)
    g_error ("%s printed no first frame (exit status %d): %s", argv[0], status, out != NULL ? out : "");
  if (n_editables != NULL && n > 0)
    *n_editables = n;
  if (n_fonts != NULL)
    *n_fonts = fonts;
  return (frame - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  const char *source = g_getenv ("NB_SOURCE_DIR");
  const char *build = g_getenv ("NB_BUILD_DIR");
  g_autofree char *nianbao = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *floor_program = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *schemas = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *data_home = NULL;
  g_autofree char *config_home = NULL;
  g_autofree char *cache_home = NULL;
  g_autofree char *count = NULL;
  g_auto(GStrv) env = NULL;
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) theirs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ratios = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_editables = 0;
  guint n_fonts = 0;
  double a, b, f, ratio, low, high;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("NB_BENCH_NO_XVFB") == NULL)
    {
      /* build-aux/dev bench runs benchmarks without a display. */
      const char *xvfb[] = { "xvfb-run", "-a", "-s", "-screen 0 1400x1000x24", argv[0], NULL };
      g_setenv ("NB_BENCH_NO_XVFB", "1", TRUE);
      execvp ("xvfb-run", (char **) xvfb);
      g_error ("bench startup needs a display, and xvfb-run failed to start: %s", g_strerror (errno));
    }

  if (source == NULL || build == NULL)
    g_error ("Set NB_SOURCE_DIR and NB_BUILD_DIR (build-aux/dev bench does)");
  nianbao = g_build_filename (build, "app", "nianbao", NULL);
  reference = g_build_filename (build, "tests", "bench", "ui", "startup-reference", NULL);
  floor_program = g_build_filename (build, "tests", "bench", "ui", "startup-floor", NULL);
  sample = g_build_filename (source, "data", "samples", "dongsheng-tongjiju-2023.nianbao", NULL);
  schemas = g_build_filename (build, "data", NULL);
  tmp = g_dir_make_tmp ("nianbao-bench-XXXXXX", NULL);
  data_home = g_build_filename (tmp, "data", NULL);
  config_home = g_build_filename (tmp, "config", NULL);
  cache_home = g_build_filename (tmp, "cache", NULL);

  env = g_get_environ ();
  env = g_environ_setenv (env, "GSK_RENDERER", "cairo", FALSE);
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "memory", TRUE);
  env = g_environ_setenv (env, "GSETTINGS_SCHEMA_DIR", schemas, TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", data_home, TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", config_home, TRUE);
  /* Its own cache: the warm-up starts write down the fonts to load ahead,
   * as any earlier start on the user's machine has. */
  env = g_environ_setenv (env, "XDG_CACHE_HOME", cache_home, TRUE);
  env = g_environ_setenv (env, "NB_TEST_HOOK", "first-frame", TRUE);

  {
    const char *ours_argv[] = { nianbao, sample, NULL };

    /* Warm-up: caches (fonts, shaders, the page cache) for both; and how
     * many entries the reference must show. */
    for (int i = 0; i < WARMUP; i++)
      time_first_frame (ours_argv, env, &n_editables, NULL);
    count = g_strdup_printf ("%u", n_editables);
    {
      const char *ref_argv[] = { reference, count, NULL };
      const char *floor_argv[] = { floor_program, count, NULL };

      for (int i = 0; i < WARMUP; i++)
        {
          time_first_frame (ref_argv, env, NULL, NULL);
          time_first_frame (floor_argv, env, NULL, NULL);
        }
      for (int i = 0; i < RUNS; i++)
        {
          double t = time_first_frame (ours_argv, env, NULL, &n_fonts);
          g_array_append_val (ours, t);
          t = time_first_frame (ref_argv, env, NULL, NULL);
          g_array_append_val (theirs, t);
          t = time_first_frame (floor_argv, env, NULL, NULL);
          g_array_append_val (floor_times, t);
        }
    }
  }

  /* Each start of ours is compared with the reference's start next to it:
   * the machine's drift, which moves both alike, cancels in the pair. */
  for (guint i = 0; i < ours->len; i++)
    {
      double r = g_array_index (ours, double, i) / g_array_index (theirs, double, i);
      g_array_append_val (ratios, r);
    }
  ratio = median (ratios);
  bootstrap_interval (ratios, &low, &high);

  a = median (ours);
  b = median (theirs);
  f = median (floor_times);
  printf ("bench startup: ours %.0f ms, reference %.0f ms, ratio %.2f\n", a, b, ratio);
  fprintf (stderr, "(%u editable widgets in both windows; %u fonts loaded ahead by Nianbao; %d runs each, alternated; ratio: the median "
           "of the %d paired ratios, 95%% interval %.2f–%.2f, ratio of the medians %.2f; "
           "quartiles: ours %.0f–%.0f ms, reference %.0f–%.0f ms)\n", n_editables, n_fonts, RUNS, RUNS,
           low, high, a / b,
           quantile (ours, 0.25), quantile (ours, 0.75), quantile (theirs, 0.25), quantile (theirs, 0.75));
  printf ("bench startup floor: a bare libadwaita window with the same entries %.0f ms, ratio %.2f "
          "(Nianbao beyond it: %.0f ms)\n", f, f / b, a - f);

  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp);
    if (system (cmd) != 0)
      g_warning ("Could not remove %s", tmp);
  }
  return 0;
}
