/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "nb-ui-test.h"

/* The fonts of the first frame, loaded ahead at the next start (see
 * app/ui/nb-font-warmup.c), with the real program ($NIANBAO): its test
 * hook prints `first-frame USEC EDITABLES WARMED` once the report is drawn,
 * WARMED being the fonts loaded ahead into the font map its widgets use. */

static char *
cache_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "nianbao", "first-frame-fonts.ini", NULL);
}

/* Starts the program on the sample, returns how many fonts it had loaded
 * ahead when its first frame was drawn. */
static guint
start_once (void)
{
  g_autofree char *sample = g_build_filename (g_getenv ("NB_SOURCE_DIR"), "data", "samples",
                                              "dongsheng-tongjiju-2023.nianbao", NULL);
  const char *argv[] = { g_getenv ("NIANBAO"), sample, NULL };
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *line;
  gint64 frame;
  guint editables, warmed = G_MAXUINT;
  int status;

  g_assert_nonnull (argv[0]);
  env = g_environ_setenv (env, "NB_TEST_HOOK", "first-frame", TRUE);
  env = g_environ_setenv (env, "GSK_RENDERER", "cairo", TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("stdout: %s\nstderr: %s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* Nothing said about the cache, whatever state it is in. */
  g_assert_cmpstr (err, ==, "");
  line = strstr (out, "first-frame ");
  g_assert_nonnull (line);
  g_assert_cmpint (sscanf (line, "first-frame %" G_GINT64_FORMAT " %u %u", &frame, &editables, &warmed), ==, 3);
  return warmed;
}

static GKeyFile *
load_cache (void)
{
  g_autofree char *path = cache_path ();
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&file);
}

static void
reset_cache (void)
{
  g_autofree char *path = cache_path ();

  g_unlink (path);
}

/* The first start writes down its fonts (the report's Chinese among them,
 * with the characters drawn); the second loads every one of them ahead. */
static void
test_second_start (void)
{
  g_autoptr(GKeyFile) file = NULL;
  g_auto(GStrv) groups = NULL;
  gboolean cjk_found = FALSE;
  guint n_fonts = 0, warmed;

  reset_cache ();
  g_assert_cmpuint (start_once (), ==, 0);

  file = load_cache ();
  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *description = NULL;
      g_autofree char *text = NULL;

      if (!g_str_has_prefix (groups[i], "Font "))
        continue;
      n_fonts++;
      description = g_key_file_get_string (file, groups[i], "Description", NULL);
      text = g_key_file_get_string (file, groups[i], "Text", NULL);
      g_assert_nonnull (description);
      g_assert_nonnull (text);
      /* The agency's name, in the report's face (style.css). */
      if (strstr (description, "Noto Sans CJK SC") != NULL && strstr (text, "东") != NULL &&
          strstr (text, "胜") != NULL)
        cjk_found = TRUE;
      /* A set of characters in code point order, not the report's text. */
      for (const char *p = text; *p != '\0' && *g_utf8_next_char (p) != '\0'; p = g_utf8_next_char (p))
        g_assert_cmpuint (g_utf8_get_char (p), <, g_utf8_get_char (g_utf8_next_char (p)));
    }
  g_assert_true (cjk_found);
  g_assert_cmpuint (n_fonts, >, 1);

  /* The report's characters, for the user's eyes only. */
  {
    g_autofree char *path = cache_path ();
    GStatBuf info;

    g_assert_cmpint (g_stat (path, &info), ==, 0);
    g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  }

  /* Every font when the thread is done before the window needs them, as
   * on any machine; fewer if the window came first (it does not wait). */
  warmed = start_once ();
  g_assert_cmpuint (warmed, >=, 1);
  g_assert_cmpuint (warmed, <=, n_fonts);
}

/* A damaged cache is not an error: what can be used is, the rest is
 * skipped, and the file is written again whole. */
static void
test_damaged_cache (void)
{
  g_autofree char *path = cache_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *long_text = g_strnfill (5000, 'x');
  g_autofree char *damaged = NULL;
  g_autoptr(GKeyFile) file = NULL;

  reset_cache ();
  g_mkdir_with_parents (dir, 0700);
  g_assert_true (g_file_set_contents (path, "\xff\xfe not a key file \x01", -1, NULL));
  g_assert_cmpuint (start_once (), ==, 0);
  file = load_cache ();
  g_assert_cmpint (g_key_file_get_integer (file, "Warmup", "Version", NULL), ==, 1);

  /* One usable font among bad ones. */
  damaged = g_strdup_printf ("[Warmup]\nVersion=1\n\n"
                             "[Font 0]\nDescription=Sans 13px\nLanguage=c\nResolution=96\nOptions=2;3;1;0;\nText=Ab\n\n"
                             "[Font 1]\nDescription=Sans 13px\nLanguage=c\nResolution=-4\nOptions=2;3;1;0;\nText=Ab\n\n"
                             "[Font 2]\nDescription=Sans 13px\nLanguage=c\nResolution=96\nOptions=2;x;1;0;\nText=Ab\n\n"
                             "[Font 3]\nDescription=Sans 13px\nLanguage=c\nResolution=96\nOptions=2;3;\nText=Ab\n\n"
                             "[Font 4]\nDescription=Sans 13px\nLanguage=c\nResolution=96\nOptions=2;3;1;0;\nText=%s\n\n"
                             "[Font 5]\nLanguage=c\nResolution=96\nOptions=2;3;1;0;\nText=Ab\n\n"
                             "[Font 6]\nDescription=Sans 90000px\nLanguage=c\nResolution=96\nOptions=2;3;1;0;\nText=Ab\n\n"
                             "[Font 7]\nDescription=Sans 13px\nLanguage=c\nResolution=96\nOptions=99;3;1;0;\nText=Ab\n",
                             long_text);
  g_assert_true (g_file_set_contents (path, damaged, -1, NULL));
  g_assert_cmpuint (start_once (), ==, 1);

  /* NaN passes `< 10 || > 1000`. */
  g_assert_true (g_file_set_contents (path, "[Warmup]\nVersion=1\n\n[Font 0]\nDescription=Sans 13\n"
                                      "Language=c\nResolution=nan\nOptions=2;3;1;0;\nText=Ab\n", -1, NULL));
  g_assert_cmpuint (start_once (), ==, 0);

  /* Not a regular file: a FIFO would block the start for ever. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  g_assert_cmpuint (start_once (), ==, 0);

  /* From a newer version: not read. */
  g_assert_true (g_file_set_contents (path, "[Warmup]\nVersion=2\n\n[Font 0]\nDescription=Sans 13px\n"
                                      "Language=c\nResolution=96\nOptions=2;3;1;0;\nText=Ab\n", -1, NULL));
  g_assert_cmpuint (start_once (), ==, 0);
}

/* A cache folder that cannot be made (a file is in its place; a folder
 * without write permission would not stop root): the program starts all
 * the same, and says nothing. */
static void
test_unwritable_cache (void)
{
  g_autofree char *path = cache_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *contents = NULL;

  reset_cache ();
  g_rmdir (dir);
  g_assert_true (g_file_set_contents (dir, "in the way", -1, NULL));
  g_assert_cmpuint (start_once (), ==, 0);
  g_assert_true (g_file_get_contents (dir, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "in the way");
  g_unlink (dir);
}

int
main (int   argc,
      char *argv[])
{
  nb_ui_test_init (&argc, &argv);

  g_test_add_func ("/font-warmup/second-start", test_second_start);
  g_test_add_func ("/font-warmup/damaged-cache", test_damaged_cache);
  g_test_add_func ("/font-warmup/unwritable-cache", test_unwritable_cache);
  return g_test_run ();
}
