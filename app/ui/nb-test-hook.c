/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-test-hook"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <gio/gunixinputstream.h>

#include "nb-font-warmup.h"
#include "nb-grid-editor.h"
#include "nb-test-hook.h"
#include "nb-window.h"
#include "nb-window-private.h"

/**
 * The test hook: lets a test drive the real `nianbao` binary, which it
 * must do for what only a separate process can show (a kill -9 and a
 * restart; the time from exec to the first frame). Off unless the
 * environment variable NB_TEST_HOOK is set:
 *
 * - `NB_TEST_HOOK=first-frame`: print `first-frame USEC N WARMED` (the
 *   monotonic clock, the number of editable widgets in the window, the
 *   fonts loaded ahead) when the first window has painted its first frame,
 *   then quit once the idle work after it is done.
 * - `NB_TEST_HOOK=stdin`: read commands from standard input, one per line,
 *   and answer each with one line (or a few) on standard output:
 *   `focus CELL` shows the cell's section and gives the cell the keyboard
 *   focus (the test then types with real key events through the X server),
 *   `print CELL` prints the model's value and what the cell shows,
 *   `ready` waits until the window has drawn, `show PAGE` shows a page (meta or a section id), `resize W H` sizes the
 *   window (for screenshots),
 *   `recovery` waits for the start-up check and lists the drafts offered back,
 *   `respond ID` answers the recovery dialog, `export PATH` exports the
 *   report to PATH (.pdf or .xlsx) as the Export menu does after its file
 *   chooser, `close` closes the window as its close button does, `quit`
 *   stops without saving.
 *
 * It reads, shows, exports and closes; it never edits the report: every
 * edit in a test goes through the widgets.
 */

typedef struct
{
  NbApplication    *app;
  GDataInputStream *input;
  GCancellable     *cancellable;
  char             *pending;     /* a command waiting for the app to be ready */
  guint             retry_id;
  guint             tries;
} Hook;

static void read_next (Hook *hook);

static void
say (const char *format,
     ...) G_GNUC_PRINTF (1, 2);

static void
say (const char *format,
     ...)
{
  va_list args;

  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  putchar ('\n');
  fflush (stdout);
}

static NbWindow *
active_window (Hook *hook)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (hook->app));

  if (NB_IS_WINDOW (window))
    return NB_WINDOW (window);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (hook->app)); l != NULL; l = l->next)
    if (NB_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

/* TRUE when done, FALSE to try again a little later. */
static gboolean
run_command (Hook       *hook,
             const char *line)
{
  g_auto(GStrv) argv = g_strsplit (line, " ", 2);
  const char *verb = argv[0] != NULL ? argv[0] : "";
  const char *arg = argv[0] != NULL && argv[1] != NULL ? argv[1] : "";
  NbWindow *window = active_window (hook);

  if (g_str_equal (verb, "quit"))
    {
      say ("ok quit");
      g_application_quit (G_APPLICATION (hook->app));
      return TRUE;
    }

  if (g_str_equal (verb, "recovery"))
    {
      GtkWidget *dialog = nb_application_get_recovery_dialog (hook->app);

      if (!nb_application_get_recovery_checked (hook->app))
        return FALSE;
      if (dialog == NULL)
        {
          say ("recovery none");
          return TRUE;
        }
      say ("recovery %s", adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
      for (GtkWidget *list = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog)),
                     *row = list != NULL ? gtk_widget_get_first_child (list) : NULL;
           row != NULL;
           row = gtk_widget_get_next_sibling (row))
        if (ADW_IS_ACTION_ROW (row))
          say ("draft\t%s\t%s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
               adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
      say ("end");
      return TRUE;
    }

  if (g_str_equal (verb, "respond"))
    {
      GtkWidget *dialog = nb_application_get_recovery_dialog (hook->app);

      if (dialog == NULL)
        {
          say ("error no dialog");
          return TRUE;
        }
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), arg);
      gtk_window_close (GTK_WINDOW (dialog));
      say ("ok respond %s", arg);
      return TRUE;
    }

  if (window == NULL || !gtk_widget_get_mapped (GTK_WIDGET (window)))
    return FALSE;

  if (g_str_equal (verb, "ready"))
    {
      /* Mapped, laid out and drawn at least once, and nothing queued. */
      if (gtk_widget_get_mapped (GTK_WIDGET (window)) &&
          gdk_frame_clock_get_frame_counter (gtk_widget_get_frame_clock (GTK_WIDGET (window))) >= 1 &&
          !g_main_context_pending (NULL))
        {
          say ("ok ready");
          return TRUE;
        }
      return FALSE;
    }

  if (g_str_equal (verb, "show"))
    {
      if (!nb_window_show_page (window, arg))
        say ("error no page %s", arg);
      else
        say ("ok show %s", arg);
      return TRUE;
    }

  if (g_str_equal (verb, "resize"))
    {
      int width = 0, height = 0;

      if (sscanf (arg, "%d %d", &width, &height) != 2 || width <= 0 || height <= 0)
        say ("error resize needs WIDTH HEIGHT");
      else
        {
          gtk_window_set_default_size (GTK_WINDOW (window), width, height);
          say ("ok resize %d %d", width, height);
        }
      return TRUE;
    }

  if (g_str_equal (verb, "focus"))
    {
      GtkWidget *cell = nb_window_get_cell_widget (window, arg);

      if (cell == NULL)
        {
          say ("error no cell %s", arg);
          return TRUE;
        }
      gtk_window_present (GTK_WINDOW (window));
      nb_window_focus_cell (window, arg);
      if (!gtk_widget_has_focus (cell) || !gtk_window_is_active (GTK_WINDOW (window)))
        return FALSE;
      say ("ok focus %s", arg);
      return TRUE;
    }

  if (g_str_equal (verb, "print"))
    {
      NbReport *report = nb_window_get_report (window);
      int index = nb_template_lookup_cell (nb_report_get_template (report), arg);
      GtkWidget *cell = nb_window_get_cell_widget (window, arg);
      g_autofree char *value = NULL;

      if (index < 0 || cell == NULL)
        {
          say ("error no cell %s", arg);
          return TRUE;
        }
      value = nb_report_is_blank (report, (guint) index) ? g_strdup ("blank")
                                                          : nb_report_format_value (report, (guint) index);
      say ("cell %s model=%s shown=%s modified=%d title=%s", arg, value,
           gtk_editable_get_text (GTK_EDITABLE (cell)), nb_window_get_modified (window),
           gtk_window_get_title (GTK_WINDOW (window)));
      return TRUE;
    }

  if (g_str_equal (verb, "export"))
    {
      g_autoptr(GFile) file = g_file_new_for_path (arg);

      if (!g_str_has_suffix (arg, ".pdf") && !g_str_has_suffix (arg, ".xlsx"))
        say ("error export needs a .pdf or .xlsx path");
      else
        {
          /* What the Export menu does once its file chooser answers. */
          _nb_window_export_file (window, file, g_str_has_suffix (arg, ".pdf") ? "pdf" : "xlsx");
          say ("ok export %s", arg);
        }
      return TRUE;
    }

  if (g_str_equal (verb, "close"))
    {
      /* The close button: asks first when there are unsaved changes. */
      gtk_window_close (GTK_WINDOW (window));
      say ("ok close");
      return TRUE;
    }

  say ("error unknown command %s", verb);
  return TRUE;
}

static gboolean
retry_cb (gpointer user_data)
{
  Hook *hook = user_data;

  hook->retry_id = 0;
  if (!run_command (hook, hook->pending))
    {
      /* Give up after 20 s: the test then fails on the answer it lacks. */
      if (++hook->tries < 400)
        {
          hook->retry_id = g_timeout_add (50, retry_cb, hook);
          return G_SOURCE_REMOVE;
        }
      say ("error timeout %s", hook->pending);
    }
  g_clear_pointer (&hook->pending, g_free);
  read_next (hook);
  return G_SOURCE_REMOVE;
}

static void
line_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Hook *hook = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object),
                                                                   result, NULL, &error);

  if (line == NULL)
    return; /* end of input or an error: the test is gone */

  g_strstrip (line);
  hook->pending = g_steal_pointer (&line);
  hook->tries = 0;
  retry_cb (hook);
}

static void
read_next (Hook *hook)
{
  g_data_input_stream_read_line_async (hook->input, G_PRIORITY_DEFAULT, hook->cancellable,
                                       line_read_cb, hook);
}

static gboolean
quit_idle_cb (gpointer data)
{
  g_application_quit (data);
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                NbApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  guint n_editables = 0;
  GtkWidget *widget;

  /* The first frame that shows the report asked for on the command line,
   * not the blank one drawn while it is read. */
  if (g_object_get_data (G_OBJECT (app), "nb-test-wants-file") != NULL &&
      (!NB_IS_WINDOW (window) || nb_window_get_file (NB_WINDOW (window)) == NULL))
    return;
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, app);

  /* Count what the reference program must show to be comparable. */
  for (widget = GTK_WIDGET (window); widget != NULL; )
    {
      if (GTK_IS_TEXT (widget) || GTK_IS_TEXT_VIEW (widget))
        n_editables++;
      if (gtk_widget_get_first_child (widget) != NULL)
        widget = gtk_widget_get_first_child (widget);
      else
        {
          while (widget != NULL && widget != GTK_WIDGET (window) &&
                 gtk_widget_get_next_sibling (widget) == NULL)
            widget = gtk_widget_get_parent (widget);
          widget = (widget == NULL || widget == GTK_WIDGET (window)) ? NULL
                                                                     : gtk_widget_get_next_sibling (widget);
        }
    }
  say ("first-frame %" G_GINT64_FORMAT " %u %u", g_get_monotonic_time (), n_editables,
       nb_font_warmup_get_count ());
  /* After what runs at idle once the window is shown (the fonts written
   * down for the next start): the time is taken already. */
  g_idle_add_full (G_PRIORITY_LOW, quit_idle_cb, g_object_ref (app), g_object_unref);
}

static void
window_realized_cb (GtkWidget     *window,
                    NbApplication *app)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), app);
}

static void
window_added_cb (GtkApplication *gtk_app,
                 GtkWindow      *window,
                 gpointer        user_data)
{
  g_signal_handlers_disconnect_by_func (gtk_app, window_added_cb, user_data);
  g_signal_connect (window, "realize", G_CALLBACK (window_realized_cb), gtk_app);
}

static void
open_cb (GApplication  *app,
         GFile        **files,
         int            n_files,
         const char    *hint)
{
  g_object_set_data (G_OBJECT (app), "nb-test-wants-file", GINT_TO_POINTER (1));
}

void
nb_test_hook_install (NbApplication *app)
{
  const char *mode = g_getenv ("NB_TEST_HOOK");

  if (mode == NULL || *mode == '\0')
    return;

  if (g_str_equal (mode, "first-frame"))
    {
      g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);
      g_signal_connect (app, "open", G_CALLBACK (open_cb), NULL);
    }
  else if (g_str_equal (mode, "stdin"))
    {
      Hook *hook = g_new0 (Hook, 1);
      g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);

      hook->app = app;
      hook->input = g_data_input_stream_new (in);
      hook->cancellable = g_cancellable_new ();
      /* Lives as long as the process. */
      read_next (hook);
    }
  else
    g_warning ("Unknown NB_TEST_HOOK mode “%s”", mode);
}
