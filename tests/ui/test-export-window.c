/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "nb-layout.h"
#include "nb-preview-window.h"
#include "nb-ui-test.h"
#include "nb-window-private.h"

/* Exports from the window: PDF and XLSX in a worker thread with a toast,
 * printing through GtkPrintOperation (into a file, no dialog), and the
 * in-app print preview. What is drawn is NbLayout's; its own tests check it. */

static char *
run (const char *program,
     const char *arg)
{
  const char *argv[] = { program, arg, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, &error))
    g_error ("%s: %s", program, error->message);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static guint
pdf_pages (const char *path)
{
  g_autofree char *info = run ("pdfinfo", path);
  const char *pages = strstr (info, "Pages:");

  g_assert_nonnull (pages);
  return (guint) g_ascii_strtoull (pages + strlen ("Pages:"), NULL, 10);
}

static gboolean
not_busy (gpointer data)
{
  return !NB_WINDOW (data)->busy;
}

static GtkPrintOperation *done_operation;
static gboolean done_seen;

static gboolean
done_hook (GSignalInvocationHint *hint,
           guint                  n_values,
           const GValue          *values,
           gpointer               data)
{
  done_seen = TRUE;
  done_operation = g_value_get_object (&values[0]);
  g_object_add_weak_pointer (G_OBJECT (done_operation), (gpointer *) &done_operation);
  return FALSE;
}

static GtkWidget *
find_print_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (GTK_IS_DIALOG (w) && gtk_widget_get_mapped (GTK_WIDGET (w)))
        return GTK_WIDGET (w);
    }
  return NULL;
}

static gboolean
print_dialog_shown (gpointer data)
{
  return find_print_dialog () != NULL;
}

static gboolean
operation_done (gpointer data)
{
  return done_seen;
}

static gboolean
operation_gone (gpointer data)
{
  return done_operation == NULL;
}

/* The window closed while its print job runs (the clerk presses Print and
 * closes): when the job ends, the operation is still finished off and the
 * window let go, instead of holding the application for ever. */
static void
test_print_close_window (void)
{
  g_autofree char *path = nb_ui_test_copy_sample ("print-close.nianbao");
  NbWindow *window = nb_ui_test_open_window (path);
  GtkWidget *dialog;

  /* Once: the hook returns FALSE. */
  g_signal_add_emission_hook (g_signal_lookup ("done", GTK_TYPE_PRINT_OPERATION), 0, done_hook, NULL, NULL);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.print", NULL);
  g_assert_true (nb_ui_test_wait (print_dialog_shown, NULL, 20000));
  dialog = find_print_dialog ();
  nb_ui_test_close_window (window);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_assert_true (nb_ui_test_wait (operation_done, NULL, 5000));
  g_assert_true (nb_ui_test_wait (operation_gone, NULL, 5000));
  g_assert_null (window);
}

static void
test_print_operation (void)
{
  g_autofree char *path = nb_ui_test_copy_sample ("print.nianbao");
  g_autofree char *pdf = g_build_filename (nb_ui_test_tmpdir (), "printed.pdf", NULL);
  NbWindow *window = nb_ui_test_open_window (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  guint n_pages = 0;

  g_assert_true (_nb_window_print_to_file (window, pdf, &n_pages, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_pages, >=, 3);
  g_assert_cmpuint (pdf_pages (pdf), ==, n_pages);
  /* A4 whatever the locale's paper. */
  info = run ("pdfinfo", pdf);
  g_assert_nonnull (strstr (info, "595.") );
  g_assert_nonnull (strstr (info, "841."));
  {
    const char *argv[] = { "pdftotext", pdf, "-", NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &text, NULL, NULL, NULL));
    g_assert_nonnull (strstr (text, "政府信息公开工作年度报告"));
  }
  nb_ui_test_close_window (window);
}

static void
test_export_files (void)
{
  g_autofree char *path = nb_ui_test_copy_sample ("export.nianbao");
  g_autofree char *pdf_path = g_build_filename (nb_ui_test_tmpdir (), "export.pdf", NULL);
  g_autofree char *xlsx_path = g_build_filename (nb_ui_test_tmpdir (), "export.xlsx", NULL);
  g_autoptr(GFile) pdf = g_file_new_for_path (pdf_path);
  g_autoptr(GFile) xlsx = g_file_new_for_path (xlsx_path);
  g_autofree char *contents = NULL;
  NbWindow *window = nb_ui_test_open_window (path);
  gsize length;

  _nb_window_export_file (window, pdf, "pdf");
  /* The window stays usable: the export runs in a thread. */
  g_assert_true (window->busy);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window)));
  g_assert_true (nb_ui_test_wait (not_busy, window, 60000));
  g_assert_true (g_file_get_contents (pdf_path, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  {
    g_autofree char *pdftext = NULL;
    const char *argv[] = { "pdftotext", pdf_path, "-", NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &pdftext, NULL, NULL, NULL));
    g_assert_nonnull (strstr (pdftext, "东胜区统计局"));
  }
  g_clear_pointer (&contents, g_free);

  _nb_window_export_file (window, xlsx, "xlsx");
  g_assert_true (nb_ui_test_wait (not_busy, window, 60000));
  g_assert_true (g_file_get_contents (xlsx_path, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "PK"));
  nb_ui_test_close_window (window);
}

static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-raw", "-enc", "UTF-8", path, "-", NULL };
  char *text = NULL;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &text, NULL, NULL, NULL));
  return text;
}

static gboolean
has_draft_toast (gpointer data)
{
  return nb_ui_test_find_toast_label (GTK_WIDGET (NB_WINDOW (data)->toast_overlay), "as a draft") != NULL;
}

/* A report with errors exports as a draft, every page marked 草稿: the
 * toast says so (the window otherwise only said "Exported") and offers the
 * copy without the mark, as the command line's --final. */
static void
test_export_draft (void)
{
  g_autofree char *path = nb_ui_test_copy_sample ("draft.nianbao");
  g_autofree char *pdf_path = g_build_filename (nb_ui_test_tmpdir (), "draft.pdf", NULL);
  g_autoptr(GFile) pdf = g_file_new_for_path (pdf_path);
  g_autofree char *uri = g_file_get_uri (pdf);
  g_autofree char *draft_text = NULL;
  g_autofree char *final_text = NULL;
  NbWindow *window = nb_ui_test_open_window (path);

  nb_report_set_auto_totals (nb_window_get_report (window), FALSE);
  g_assert_true (nb_report_set_value_by_id (nb_window_get_report (window), "requests.new.natural",
                                            &(NbDecimal) { 3, 0 }, NULL));
  _nb_window_export_file (window, pdf, "pdf");
  /* Like Export, the toast's button waits for the work under way: no
   * second export alongside. */
  g_assert_cmpuint (window->busy, ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-pdf-final", "s", uri);
  g_assert_cmpuint (window->busy, ==, 1);
  g_assert_true (nb_ui_test_wait (not_busy, window, 60000));
  g_assert_true (nb_ui_test_wait (has_draft_toast, window, 5000));
  g_assert_nonnull (nb_ui_test_find_toast_label (GTK_WIDGET (window->toast_overlay), "草稿"));
  draft_text = pdf_text (pdf_path);
  g_assert_nonnull (strstr (draft_text, "草稿"));

  /* The toast's button. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-pdf-final", "s", uri));
  g_assert_true (nb_ui_test_wait (not_busy, window, 60000));
  final_text = pdf_text (pdf_path);
  g_assert_null (strstr (final_text, "草稿"));
  g_assert_nonnull (strstr (final_text, "东胜区统计局"));
  nb_ui_test_close_window (window);
}

/* Exported (or saved as), a report goes next to its own file, not to the
 * folder of whatever was opened last, nor the program's working folder. */
static void
test_export_folder (void)
{
  g_autofree char *dir = g_build_filename (nb_ui_test_tmpdir (), "年报", NULL);
  g_autofree char *other = g_build_filename (nb_ui_test_tmpdir (), "elsewhere", NULL);
  g_autofree char *path = NULL;
  g_autofree char *sample = nb_ui_test_sample_path ();
  g_autoptr(GFile) dir_file = g_file_new_for_path (dir);
  g_autoptr(GFile) other_file = g_file_new_for_path (other);
  g_autoptr(GFile) shown = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  NbWindow *window;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (other, 0700), ==, 0);
  path = g_build_filename (dir, "folder.nianbao", NULL);
  g_assert_true (g_file_get_contents (sample, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, (gssize) length, NULL));
  window = nb_ui_test_open_window (path);
  nb_settings_set_last_folder (window->settings, other_file);

  shown = _nb_window_chooser_folder (window, GTK_FILE_CHOOSER_ACTION_SAVE);
  g_assert_nonnull (shown);
  g_assert_true (g_file_equal (shown, dir_file));
  g_clear_object (&shown);

  /* Opening still starts where the last file came from. */
  shown = _nb_window_chooser_folder (window, GTK_FILE_CHOOSER_ACTION_OPEN);
  g_assert_nonnull (shown);
  g_assert_true (g_file_equal (shown, other_file));
  nb_ui_test_close_window (window);
}

static gboolean
dialog_gone (gpointer data)
{
  return nb_ui_test_find_dialog (GTK_WINDOW (data)) == NULL;
}

/* A file with no local path (a remote location picked in the file chooser)
 * is refused with a message before anything starts: the window is not left
 * busy and its folder is not remembered as the next export's. */
static void
test_export_not_local (void)
{
  g_autofree char *path = nb_ui_test_copy_sample ("remote.nianbao");
  g_autoptr(GFile) remote = g_file_new_for_uri ("sftp://example.invalid/reports/remote.pdf");
  NbWindow *window = nb_ui_test_open_window (path);
  g_autoptr(GFile) folder_before = nb_settings_dup_last_folder (window->settings);
  const char * const kinds[] = { "pdf", "xlsx" };

  /* Otherwise this would test nothing. */
  g_assert_null (g_file_peek_path (remote));

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GFile) folder_after = NULL;
      AdwMessageDialog *dialog;

      _nb_window_export_file (window, remote, kinds[i]);
      g_assert_false (window->busy);
      dialog = nb_ui_test_wait_dialog (GTK_WINDOW (window), 30000);
      g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Could Not Export the Report");
      g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                       "Exports can only be written to a local folder");
      adw_message_dialog_response (dialog, "close");
      gtk_window_close (GTK_WINDOW (dialog));
      g_assert_true (nb_ui_test_wait (dialog_gone, window, 30000));

      folder_after = nb_settings_dup_last_folder (window->settings);
      g_assert_true (folder_before == NULL ? folder_after == NULL
                                           : folder_after != NULL && g_file_equal (folder_before, folder_after));
    }
  nb_ui_test_close_window (window);
}

static NbPreviewWindow *
find_preview (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
      if (NB_IS_PREVIEW_WINDOW (w))
        return NB_PREVIEW_WINDOW (w);
    }
  return NULL;
}

static gboolean
preview_shown (gpointer data)
{
  return find_preview () != NULL;
}

/* The print dialog's Preview (here the print operation started on its
 * preview, as the dialog's button does) opens the window's own preview,
 * not an external viewer, which did nothing where none is installed; the
 * print operation ends, the window is not left busy. */
static void
test_print_dialog_preview (void)
{
  g_autofree char *path = nb_ui_test_copy_sample ("print-preview.nianbao");
  NbWindow *window = nb_ui_test_open_window (path);
  NbPreviewWindow *preview;

  g_assert_null (find_preview ());
  _nb_window_run_print (window, GTK_PRINT_OPERATION_ACTION_PREVIEW);
  g_assert_true (nb_ui_test_wait (preview_shown, NULL, 60000));
  preview = find_preview ();
  g_assert_cmpuint (nb_preview_window_get_n_pages (preview), >=, 3);
  g_assert_true (nb_ui_test_wait (not_busy, window, 60000));

  /* Closed with the report's window, not left behind without it. */
  nb_ui_test_close_window (window);
  g_assert_null (find_preview ());
}

static void
test_preview (void)
{
  g_autofree char *path = nb_ui_test_copy_sample ("preview.nianbao");
  NbWindow *window = nb_ui_test_open_window (path);
  NbPreviewWindow *preview;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.print-preview", NULL);
  g_assert_true (nb_ui_test_wait (preview_shown, NULL, 60000));
  preview = find_preview ();
  g_assert_cmpuint (nb_preview_window_get_n_pages (preview), ==,
                    nb_layout_get_n_pages (nb_preview_window_get_layout (preview)));
  g_assert_cmpuint (nb_preview_window_get_n_pages (preview), >=, 3);
  nb_ui_test_wait_drawn (GTK_WIDGET (preview));
  nb_ui_test_assert_buttons_named (GTK_WIDGET (preview));
  /* The report cannot change under it. */
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (preview)));

  /* Paged through from the keyboard: the pages have the focus, not the
   * first header button (Space would zoom out). */
  {
    GtkWidget *scroller = nb_ui_test_find_descendant (GTK_WIDGET (preview), GTK_TYPE_SCROLLED_WINDOW, NULL);
    GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
    GtkDrawingArea *page = GTK_DRAWING_AREA (nb_ui_test_find_descendant (GTK_WIDGET (preview),
                                                                         GTK_TYPE_DRAWING_AREA, NULL));
    int width_before = gtk_drawing_area_get_content_width (page);
    double after_page;

    g_assert_true (gtk_window_get_focus (GTK_WINDOW (preview)) == scroller);
    g_assert_cmpfloat (gtk_adjustment_get_value (v), ==, 0);
    nb_ui_test_key (GDK_KEY_Page_Down, 0);
    after_page = gtk_adjustment_get_value (v);
    g_assert_cmpfloat (after_page, >, gtk_adjustment_get_page_size (v) / 2);
    nb_ui_test_key (GDK_KEY_space, 0);
    g_assert_cmpfloat (gtk_adjustment_get_value (v), >, after_page);
    g_assert_cmpint (gtk_drawing_area_get_content_width (page), ==, width_before);
    after_page = gtk_adjustment_get_value (v);
    nb_ui_test_key (GDK_KEY_Up, 0);
    g_assert_cmpfloat (gtk_adjustment_get_value (v), <, after_page);
    nb_ui_test_key (GDK_KEY_End, 0);
    g_assert_cmpfloat (gtk_adjustment_get_value (v), ==,
                       gtk_adjustment_get_upper (v) - gtk_adjustment_get_page_size (v));
    nb_ui_test_key (GDK_KEY_Home, 0);
    g_assert_cmpfloat (gtk_adjustment_get_value (v), ==, 0);
  }
  /* Print while the window is busy (an export running): the preview stays,
   * nothing is lost silently. */
  _nb_window_task_begin (window);
  gtk_widget_activate_action (GTK_WIDGET (preview), "preview.print", NULL);
  nb_ui_test_spin (200);
  g_assert_true (find_preview () == preview);
  _nb_window_task_end (window);
  gtk_window_destroy (GTK_WINDOW (preview));
  nb_ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  nb_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/export/print-operation", test_print_operation);
  g_test_add_func ("/ui/export/print-close-window", test_print_close_window);
  g_test_add_func ("/ui/export/files", test_export_files);
  g_test_add_func ("/ui/export/draft", test_export_draft);
  g_test_add_func ("/ui/export/folder", test_export_folder);
  g_test_add_func ("/ui/export/not-local", test_export_not_local);
  g_test_add_func ("/ui/export/preview", test_preview);
  g_test_add_func ("/ui/export/print-dialog-preview", test_print_dialog_preview);

  return g_test_run ();
}
