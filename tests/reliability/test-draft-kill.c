/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Issue 7: a kill at any moment during a draft write leaves the previous
 * draft or the new one, never a corrupt one. A writer process rewrites one
 * draft in a loop, alternating two versions; it is killed with SIGKILL at
 * random moments and the draft is loaded after every kill. */
#include "config.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "nb-drafts.h"
#include "nb-storage.h"

#define DRAFT_ID "0b8d7c5e-3f1a-4c2e-9a7b-5d6e8f901234"
#define N_KILLS 60

static char *
sample_data (gboolean variant,
             gsize   *length)
{
  g_autofree char *path = g_build_filename (g_getenv ("NB_SOURCE_DIR"), "data", "samples",
                                            "dongsheng-tongjiju-2023.nianbao", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(NbReport) report = nb_storage_load_file (file, NULL, NULL);
  g_autoptr(GString) long_text = g_string_new (NULL);
  NbBlock block = { 0, NULL };

  g_assert_nonnull (report);
  /* Half a megabyte, so that a write takes long enough to be interrupted. */
  for (guint i = 0; i < 12000; i++)
    g_string_append (long_text, variant ? "乙方案的段落文字，" : "甲方案的段落文字，");
  block.text = long_text->str;
  nb_report_set_blocks (report, "other", &block, 1);
  return nb_storage_to_data (report, length);
}

static int
run_writer (const char *dir_path)
{
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  g_autoptr(NbDrafts) drafts = nb_drafts_new (dir);
  gsize len_a, len_b;
  g_autofree char *a = sample_data (FALSE, &len_a);
  g_autofree char *b = sample_data (TRUE, &len_b);

  for (guint i = 0;; i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean odd = i % 2;

      if (!nb_drafts_write (drafts, DRAFT_ID, odd ? b : a, odd ? len_b : len_a,
                            NULL, "kill test", NULL, &error))
        g_error ("writer: %s", error->message);
      /* Tell the parent a first draft exists. */
      if (i == 0)
        {
          g_print ("ready\n");
          fflush (stdout);
        }
    }
  return 0;
}

static void
test_kill_loop (gconstpointer argv0)
{
  g_autofree char *dir_path = g_dir_make_tmp ("nb-draft-kill-XXXXXX", NULL);
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  g_autoptr(NbDrafts) drafts = nb_drafts_new (dir);
  gsize len_a, len_b;
  g_autofree char *a = sample_data (FALSE, &len_a);
  g_autofree char *b = sample_data (TRUE, &len_b);
  GRand *rand = g_rand_new_with_seed (20261128);
  guint saw_a = 0, saw_b = 0;

  for (guint k = 0; k < N_KILLS; k++)
    {
      const char *argv[] = { argv0, "--writer", dir_path, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(NbReport) loaded = NULL;
      g_autofree char *again = NULL;
      GPid pid;
      int out_fd, status;
      char buf[8];

      g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                               NULL, NULL, &pid, NULL, &out_fd, NULL, &error));
      g_assert_no_error (error);
      /* Wait for the first complete draft, then kill at a random moment. */
      g_assert_cmpint (read (out_fd, buf, 6), ==, 6);
      close (out_fd);
      g_usleep (g_rand_int_range (rand, 0, 40000));
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));
      g_spawn_close_pid (pid);

      loaded = nb_drafts_load (drafts, DRAFT_ID, &error);
      g_assert_no_error (error);
      g_assert_nonnull (loaded);
      again = nb_storage_to_data (loaded, NULL);
      if (g_str_equal (again, a))
        saw_a++;
      else if (g_str_equal (again, b))
        saw_b++;
      else
        g_assert_not_reached ();  /* a draft that is neither version */
    }
  g_test_message ("%u kills: %u times the first version, %u times the second", N_KILLS, saw_a, saw_b);
  /* The kills really landed at different points of the loop. */
  g_assert_cmpuint (saw_a, >, 0);
  g_assert_cmpuint (saw_b, >, 0);

  g_rand_free (rand);
  {
    g_autoptr(GDir) listing = g_dir_open (dir_path, 0, NULL);
    const char *name;
    while ((name = g_dir_read_name (listing)) != NULL)
      {
        g_autofree char *p = g_build_filename (dir_path, name, NULL);
        g_unlink (p);
      }
  }
  g_rmdir (dir_path);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--writer"))
    return run_writer (argv[2]);

  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/reliability/draft-kill-loop", argv[0], test_kill_loop);
  return g_test_run ();
}
