/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "nb-settings.h"
#include "nb-storage.h"
#include "nb-ui-test.h"

/* Crash recovery with the real program ($NIANBAO): type into a cell with
 * real key events, wait the auto-save delay, kill -9, start again, and find
 * the edit offered back and recovered. The program's test hook
 * (NB_TEST_HOOK=stdin, see app/ui/nb-test-hook.c) only reports state and
 * answers the recovery dialog; the typing goes through the X server. */

typedef struct
{
  GPid  pid;
  int   in;
  int   out;
  GString *buffer;
} App;

static App *
app_start (const char *file)
{
  const char *nianbao = g_getenv ("NIANBAO");
  const char *argv[] = { nianbao, file, NULL };
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  App *app = g_new0 (App, 1);

  g_assert_nonnull (nianbao);
  env = g_environ_setenv (env, "NB_TEST_HOOK", "stdin", TRUE);
  env = g_environ_setenv (env, "GSK_RENDERER", "cairo", TRUE);
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &app->pid, &app->in, &app->out, NULL, &error));
  g_assert_no_error (error);
  app->buffer = g_string_new (NULL);
  return app;
}

static void
app_free (App *app)
{
  close (app->in);
  close (app->out);
  g_string_free (app->buffer, TRUE);
  g_spawn_close_pid (app->pid);
  g_free (app);
}

static char *
app_read_line (App   *app,
               guint  timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  for (;;)
    {
      char *newline = strchr (app->buffer->str, '\n');
      struct pollfd pfd = { app->out, POLLIN, 0 };
      char chunk[512];
      ssize_t n;
      int left = (int) ((end - g_get_monotonic_time ()) / 1000);

      if (newline != NULL)
        {
          char *line = g_strndup (app->buffer->str, newline - app->buffer->str);
          g_string_erase (app->buffer, 0, newline - app->buffer->str + 1);
          g_test_message ("app: %s", line);
          return line;
        }
      if (left <= 0)
        g_error ("No answer from %s within %u ms", g_getenv ("NIANBAO"), timeout_ms);
      /* Our own main loop runs too: XTest keys are ours to flush. */
      if (poll (&pfd, 1, MIN (left, 50)) <= 0)
        {
          nb_ui_test_spin (1);
          continue;
        }
      n = read (app->out, chunk, sizeof chunk);
      if (n <= 0)
        g_error ("%s closed its output", g_getenv ("NIANBAO"));
      g_string_append_len (app->buffer, chunk, n);
    }
}

static char *
app_ask (App        *app,
         const char *command)
{
  g_autofree char *line = g_strconcat (command, "\n", NULL);

  g_assert_cmpint (write (app->in, line, strlen (line)), ==, (gssize) strlen (line));
  return app_read_line (app, 30000);
}

static char *
draft_files (const char *suffix)
{
  g_autofree char *dir_path = g_build_filename (g_get_user_data_dir (), "nianbao", "drafts", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GString) names = g_string_new (NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, suffix))
      {
        if (names->len > 0)
          g_string_append_c (names, ' ');
        g_string_append (names, name);
      }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
test_kill_and_recover (void)
{
  g_autofree char *path = nb_ui_test_copy_sample ("crash.nianbao");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr(NbSettings) settings = nb_settings_new_default (NULL);
  guint delay = nb_settings_get_auto_save_delay (settings);
  App *app;
  char *line;
  g_autofree char *drafts = NULL;
  int status;

  /* 1. Start on the report, type 3 into 一、本年新收 / 自然人. */
  app = app_start (path);
  g_free (app_ask (app, "ready"));
  line = app_ask (app, "focus requests.new.natural");
  g_assert_cmpstr (line, ==, "ok focus requests.new.natural");
  g_free (line);
  nb_ui_test_type ("3");
  nb_ui_test_key (GDK_KEY_Tab, 0);
  for (int tries = 0; ; tries++)
    {
      line = app_ask (app, "print requests.new.natural");
      if (g_str_has_prefix (line, "cell requests.new.natural model=3 shown=3 modified=1"))
        break;
      g_assert_cmpint (tries, <, 50);
      g_free (line);
      nb_ui_test_spin (100);
    }
  g_free (line);

  /* 2. Nothing typed more than the delay ago may be lost: wait the delay
   * (plus time for the write), then kill -9. */
  nb_ui_test_spin (delay * 1000 + 1000);
  g_assert_cmpint (kill (app->pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (app->pid, &status, 0), ==, app->pid);
  g_assert_true (WIFSIGNALED (status));
  app_free (app);

  /* The draft is on disk, the report's own file untouched. */
  drafts = draft_files (".nianbao");
  g_assert_cmpstr (drafts, !=, "");
  g_assert_null (strchr (drafts, ' '));
  {
    g_autofree char *draft_path = g_build_filename (g_get_user_data_dir (), "nianbao", "drafts", drafts, NULL);
    g_autoptr(GFile) draft = g_file_new_for_path (draft_path);
    g_autoptr(NbReport) drafted = nb_storage_load_file (draft, NULL, NULL);
    g_autoptr(NbReport) original = nb_storage_load_file (file, NULL, NULL);
    g_autofree char *value = nb_ui_test_value (drafted, "requests.new.natural");
    g_autofree char *kept = nb_ui_test_value (original, "requests.new.natural");

    g_assert_cmpstr (value, ==, "3");
    g_assert_cmpstr (kept, ==, "0");
  }

  /* 3. Start again, without a file: the draft is offered back. */
  app = app_start (NULL);
  line = app_ask (app, "recovery");
  g_assert_true (g_str_has_prefix (line, "recovery "));
  g_assert_cmpstr (line, !=, "recovery none");
  g_free (line);
  line = app_read_line (app, 5000);
  g_assert_true (g_str_has_prefix (line, "draft\t东胜区统计局2023年政府信息公开工作年度报告\t"));
  g_assert_nonnull (strstr (line, "crash.nianbao"));
  g_free (line);
  line = app_read_line (app, 5000);
  g_assert_cmpstr (line, ==, "end");
  g_free (line);

  line = app_ask (app, "respond recover");
  g_assert_cmpstr (line, ==, "ok respond recover");
  g_free (line);
  line = app_ask (app, "print requests.new.natural");
  g_assert_true (g_str_has_prefix (line, "cell requests.new.natural model=3 shown=3 modified=1 title=• 东胜区统计局2023年"));
  g_free (line);

  line = app_ask (app, "quit");
  g_assert_cmpstr (line, ==, "ok quit");
  g_free (line);
  g_assert_cmpint (waitpid (app->pid, &status, 0), ==, app->pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  app_free (app);
  (void) uri;
}

/* After a clean run there is nothing to recover. */
static void
test_nothing_to_recover (void)
{
  g_autofree char *path = nb_ui_test_copy_sample ("clean.nianbao");
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "nianbao", "drafts", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  App *app;
  char *line;
  int status;

  /* Whatever the test before left behind goes. */
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_unlink (p);
    }

  app = app_start (path);
  line = app_ask (app, "recovery");
  g_assert_cmpstr (line, ==, "recovery none");
  g_free (line);
  line = app_ask (app, "quit");
  g_free (line);
  waitpid (app->pid, &status, 0);
  app_free (app);
}

/* Closing the last window while an export is written: the export is
 * finished before the program ends (GTK lets the application go with its
 * last window; the running work holds it). */
static void
test_close_during_export (void)
{
  g_autofree char *path = nb_ui_test_copy_sample ("closing.nianbao");
  g_autofree char *xlsx = g_build_filename (nb_ui_test_tmpdir (), "closing.xlsx", NULL);
  g_autofree char *pdf = g_build_filename (nb_ui_test_tmpdir (), "closing.pdf", NULL);
  g_autofree char *export_xlsx = g_strconcat ("export ", xlsx, NULL);
  g_autofree char *export_pdf = g_strconcat ("export ", pdf, NULL);
  g_autofree char *head = NULL;
  App *app;
  char *line;
  int status = 0;
  gsize length = 0;
  gint64 end;

  app = app_start (path);
  g_free (app_ask (app, "ready"));
  line = app_ask (app, export_xlsx);
  g_assert_true (g_str_has_prefix (line, "ok export "));
  g_free (line);
  line = app_ask (app, export_pdf);
  g_assert_true (g_str_has_prefix (line, "ok export "));
  g_free (line);
  line = app_ask (app, "close");
  g_assert_cmpstr (line, ==, "ok close");
  g_free (line);

  /* It ends by itself, once both are written. */
  end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (waitpid (app->pid, &status, WNOHANG) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_usleep (20 * 1000);
    }
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  app_free (app);

  /* Whole: a PDF ends with its %%EOF marker. */
  g_assert_true (g_file_get_contents (pdf, &head, &length, NULL));
  g_assert_true (g_str_has_prefix (head, "%PDF-"));
  g_assert_cmpuint (length, >, 1000);
  g_assert_nonnull (g_strstr_len (head + length - 64, 64, "%%EOF"));
  g_clear_pointer (&head, g_free);
  g_assert_true (g_file_get_contents (xlsx, &head, NULL, NULL));
  g_assert_true (g_str_has_prefix (head, "PK"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *gtk_config = NULL;

  nb_ui_test_init (&argc, &argv);

  /* The program under test gets the same GTK 4.8 workaround as the other
   * UI tests (see nb_ui_test_init): no blinking cursor. */
  gtk_config = g_build_filename (g_get_user_config_dir (), "gtk-4.0", NULL);
  g_mkdir_with_parents (gtk_config, 0700);
  {
    g_autofree char *ini = g_build_filename (gtk_config, "settings.ini", NULL);
    g_assert_true (g_file_set_contents (ini, "[Settings]\ngtk-cursor-blink=false\n", -1, NULL));
  }

  g_test_add_func ("/ui/recovery/kill-and-recover", test_kill_and_recover);
  g_test_add_func ("/ui/recovery/nothing-to-recover", test_nothing_to_recover);
  g_test_add_func ("/ui/recovery/close-during-export", test_close_during_export);

  return g_test_run ();
}
