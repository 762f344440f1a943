/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "nb-convert.h"
#include "nb-drafts.h"
#include "nb-grid-editor.h"
#include "nb-storage.h"
#include "nb-section-row.h"
#include "nb-ui-test.h"
#include "nb-window-private.h"

/* Files: save (atomic, in a thread), the "save changes?" prompt, a new
 * report from last year's, another form, drag and drop, and a file that
 * cannot be read. */

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Result;

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Result *r = user_data;

  r->ok = nb_window_save_finish (NB_WINDOW (object), result, &r->error);
  r->done = TRUE;
}

static void
type_into (NbWindow   *window,
           const char *cell_id,
           const char *text)
{
  g_assert_true (nb_window_focus_cell (window, cell_id));
  nb_ui_test_spin (30);
  nb_ui_test_type (text);
}

static gboolean
recent_lists (gpointer data)
{
  NbWindow *window = data;
  GMenuModel *menu = G_MENU_MODEL (window->recent_menu);

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET,
                                                                         G_VARIANT_TYPE_STRING);
      if (target != NULL && g_str_has_suffix (g_variant_get_string (target, NULL), "/save.nianbao"))
        return TRUE;
    }
  return FALSE;
}

static gboolean
recent_labels_shown (gpointer data)
{
  NbWindow *window = data;
  GMenuModel *menu = G_MENU_MODEL (window->recent_menu);
  guint n = 0;

  _nb_window_update_recent_menu (window);
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label) &&
          g_str_has_prefix (label, "东胜区__2023.nianbao — "))
        n++;
    }
  return n == 2;
}

/* Open Recent shows an underscore in a name as it is (a menu label's
 * underscore would mark a mnemonic), and the folder when two recent
 * reports have the same name. */
static void
test_recent_labels (void)
{
  NbWindow *window = nb_ui_test_open_window (NULL);
  const char *folders[] = { "recent-a", "recent-b" };

  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *dir = g_build_filename (nb_ui_test_tmpdir (), folders[i], NULL);
      g_autofree char *path = g_build_filename (dir, "东胜区_2023.nianbao", NULL);
      g_autofree char *sample = nb_ui_test_sample_path ();
      g_autofree char *contents = NULL;
      g_autofree char *uri = NULL;
      gsize length;

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_assert_true (g_file_get_contents (sample, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (path, contents, (gssize) length, NULL));
      uri = g_filename_to_uri (path, NULL, NULL);
      g_assert_true (gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri));
    }
  g_assert_true (nb_ui_test_wait (recent_labels_shown, window, 5000));
  nb_ui_test_close_window (window);
}

/* A report whose file name is not UTF-8 (GBK, from a zip made on Windows):
 * the window shows its name readably, with no invalid text handed to Pango
 * (a warning, fatal in the tests). */
static void
test_non_utf8_name (void)
{
  g_autofree char *sample = nb_ui_test_sample_path ();
  g_autofree char *path = g_build_filename (nb_ui_test_tmpdir (), "\xb6\xab\xca\xa4.nianbao", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *shown = NULL;
  NbWindow *window;
  gsize length;

  g_assert_true (g_file_get_contents (sample, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, (gssize) length, NULL));
  window = nb_ui_test_open_window (path);
  /* Its name also shows as last year's report in 基本信息. */
  nb_window_set_previous (window, nb_window_get_report (window), file);
  nb_ui_test_wait_drawn (GTK_WIDGET (window));
  g_assert_true (g_utf8_validate (adw_window_title_get_subtitle (window->window_title), -1, NULL));
  shown = _nb_window_display_basename (file);
  g_assert_true (g_utf8_validate (shown, -1, NULL));
  g_assert_true (g_str_has_suffix (shown, ".nianbao"));
  nb_window_show_page (window, "meta");
  nb_ui_test_wait_drawn (GTK_WIDGET (window));
  nb_ui_test_close_window (window);
}

static void
test_save (void)
{
  g_autofree char *path = nb_ui_test_copy_sample ("save.nianbao");
  g_autofree char *original = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(NbReport) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  NbWindow *window = nb_ui_test_open_window (path);
  Result r = { 0 };

  g_assert_true (g_file_get_contents (path, &original, NULL, NULL));
  type_into (window, "requests.new.natural", "6");
  g_assert_true (nb_window_get_modified (window));

  /* The file is untouched until saved. */
  {
    g_autofree char *now = NULL;
    g_assert_true (g_file_get_contents (path, &now, NULL, NULL));
    g_assert_cmpstr (now, ==, original);
  }

  nb_window_save_async (window, nb_window_get_file (window), NULL, saved_cb, &r);
  g_assert_true (nb_ui_test_wait (is_true, &r.done, 10000));
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_false (nb_window_get_modified (window));
  g_assert_false (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "• "));

  reloaded = nb_storage_load_file (file, NULL, &error);
  g_assert_no_error (error);
  value = nb_ui_test_value (reloaded, "requests.new.natural");
  g_assert_cmpstr (value, ==, "6");

  /* Saved files come back under Open Recent. */
  g_assert_true (nb_ui_test_wait (recent_lists, window, 5000));

  /* Saving into a folder that does not exist fails, says why, and leaves
   * the document modified and its file alone. */
  type_into (window, "requests.new.natural", "7");
  {
    g_autofree char *bad_path = g_build_filename (nb_ui_test_tmpdir (), "no-such-folder", "x.nianbao", NULL);
    g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
    Result r2 = { 0 };

    nb_window_save_async (window, bad, NULL, saved_cb, &r2);
    g_assert_true (nb_ui_test_wait (is_true, &r2.done, 10000));
    g_assert_false (r2.ok);
    g_assert_error (r2.error, NB_STORAGE_ERROR, NB_STORAGE_ERROR_WRITE);
    g_clear_error (&r2.error);
    g_assert_true (nb_window_get_modified (window));
    g_assert_true (g_file_equal (nb_window_get_file (window), file));
    g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));
  }

  nb_ui_test_close_window (window);
}

static gboolean
window_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Closing a modified report asks first: Cancel keeps it, Discard closes. */
static void
test_close_prompt (void)
{
  g_autofree char *path = nb_ui_test_copy_sample ("close.nianbao");
  NbWindow *window = nb_ui_test_open_window (path);
  AdwMessageDialog *dialog;
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  type_into (window, "requests.new.natural", "2");

  gtk_window_close (GTK_WINDOW (window));
  nb_ui_test_spin (200);
  dialog = nb_ui_test_find_dialog (GTK_WINDOW (window));
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "东胜区统计局2023年"));
  /* Escape is Cancel. */
  nb_ui_test_key (GDK_KEY_Escape, 0);
  nb_ui_test_spin (100);
  g_assert_nonnull (weak);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_null (nb_ui_test_find_dialog (GTK_WINDOW (window)));

  /* Discard by its mnemonic, as a clerk would: the window goes while its
   * dialog is still answering, and neither may touch the other freed. */
  gtk_window_close (GTK_WINDOW (window));
  nb_ui_test_spin (200);
  dialog = nb_ui_test_find_dialog (GTK_WINDOW (window));
  g_assert_nonnull (dialog);
  nb_ui_test_key (GDK_KEY_d, GDK_ALT_MASK);
  g_assert_true (nb_ui_test_wait (window_gone, &weak, 5000));
  nb_ui_test_spin (100);

  /* Discarded means discarded: the file is as it was. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(NbReport) reloaded = nb_storage_load_file (file, NULL, NULL);
    g_autofree char *value = nb_ui_test_value (reloaded, "requests.new.natural");
    g_assert_cmpstr (value, ==, "0");
  }
}

/* New from last year's report: meta and carried figures come over, last
 * year's report checks the carried figures (X1). */
static void
test_new_from_last_year (void)
{
  g_autofree char *sample = nb_ui_test_sample_path ();
  g_autoptr(GFile) file = g_file_new_for_path (sample);
  g_autoptr(NbReport) last = nb_storage_load_file (file, NULL, NULL);
  g_autoptr(NbReport) report = NULL;
  NbWindow *window;

  g_assert_nonnull (last);
  /* Give last year's carried-over column something to carry. */
  g_assert_true (nb_report_set_value_by_id (last, "requests.carried_next.natural",
                                            &(NbDecimal) { 4, 0 }, NULL));
  /* What is carried: tests/test-convert.c. Here: the window with it. */
  report = nb_convert_carry_over (last);

  window = nb_ui_test_open_window (NULL);
  _nb_window_set_report (window, report, NULL);
  nb_window_set_previous (window, last, file);
  nb_ui_test_spin (50);
  g_assert_false (nb_ui_test_has_rule (nb_window_get_rules (window), "X1", NULL));

  /* Typed over: X1 tells the carried figure from last year's. */
  type_into (window, "requests.carried.natural", "9");
  g_assert_true (nb_ui_test_has_rule (nb_window_get_rules (window), "X1", "requests.carried.natural"));
  nb_ui_test_close_window (window);
}

static gboolean
agency_is (gpointer data)
{
  NbWindow *window = data;

  return g_str_equal (nb_report_get_meta (nb_window_get_report (window), NB_META_AGENCY),
                      "青山区市场监督管理局");
}

/* New from last year's report, when last year's is the published report
 * (a Word file, a web page, text copied from one): it is imported in a
 * worker thread, and the same figures are carried over as from a .nianbao
 * file (tests/import/inputs/qingshan-2023.expected.json). */
static void
test_new_from_published (void)
{
  static const char * const inputs[] = { "qingshan-2023.docx", "qingshan-2023.html", "qingshan-2023.txt" };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *path = g_build_filename (g_getenv ("NB_SOURCE_DIR"), "tests", "import", "inputs",
                                                inputs[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      NbWindow *window = nb_ui_test_open_window (NULL);
      NbReport *report;
      AdwMessageDialog *dialog;
      static const struct { const char *cell; const char *value; } carried[] = {
        { "requests.carried.natural", "3" },
        { "requests.carried.commercial", "0" },
        { "requests.carried.legal", "1" },
        { "requests.carried.total", "4" },
        { "proactive.regulation.in_force", "3" },
        { "proactive.normative.in_force", "27" },
        { "requests.new.natural", "blank" },
      };

      g_test_message ("%s", inputs[i]);
      _nb_window_use_last_year (window, file, TRUE);
      g_assert_true (nb_ui_test_wait (agency_is, window, 30000));
      report = nb_window_get_report (window);

      g_assert_cmpstr (nb_report_get_meta (report, NB_META_YEAR), ==, "2024");
      g_assert_cmpstr (nb_report_get_meta (report, NB_META_PHONE), ==, "0472-5123456");
      for (guint c = 0; c < G_N_ELEMENTS (carried); c++)
        {
          g_autofree char *value = nb_ui_test_value (report, carried[c].cell);
          g_assert_cmpstr (value, ==, carried[c].value);
        }
      /* An unsaved new document, checked against last year's (X1/X2). */
      g_assert_null (nb_window_get_file (window));
      g_assert_true (nb_window_get_modified (window));
      g_assert_nonnull (window->previous);
      g_assert_true (g_file_equal (window->previous_file, file));
      g_assert_cmpint (nb_report_get_year (window->previous), ==, 2023);
      g_assert_false (nb_ui_test_has_rule (nb_window_get_rules (window), "X1", NULL));

      /* What the import had to say, if anything, is shown. */
      dialog = nb_ui_test_find_dialog (GTK_WINDOW (window));
      if (dialog != NULL)
        {
          g_test_message ("notes: %s", adw_message_dialog_get_body (dialog));
          g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Last Year’s Report Imported with Notes");
          adw_message_dialog_response (dialog, "close");
          gtk_window_close (GTK_WINDOW (dialog));
          nb_ui_test_spin (50);
        }
      type_into (window, "requests.carried.natural", "9");
      g_assert_true (nb_ui_test_has_rule (nb_window_get_rules (window), "X1", "requests.carried.natural"));
      window->close_confirmed = TRUE;
      nb_ui_test_close_window (window);
    }
}

static gboolean
year_is_2021 (gpointer data)
{
  return nb_report_get_year (nb_window_get_report (data)) == 2021;
}

/* From a 2020 report in the 2019 trial form, which has no 现行有效件数:
 * the 2021 report says that figure was not carried. */
static void
test_new_from_trial_form (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("NB_SOURCE_DIR"), "tests", "import", "inputs",
                                            "hexi-2020.html", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  NbWindow *window = nb_ui_test_open_window (NULL);
  AdwMessageDialog *dialog;

  _nb_window_use_last_year (window, file, TRUE);
  g_assert_true (nb_ui_test_wait (year_is_2021, window, 30000));
  g_assert_cmpstr (nb_template_get_id (nb_report_get_template (nb_window_get_report (window))), ==,
                   "gov-disclosure-2021");
  g_assert_nonnull (nb_ui_test_find_toast_label (GTK_WIDGET (window->toast_overlay), "现行有效件数"));
  dialog = nb_ui_test_find_dialog (GTK_WINDOW (window));
  if (dialog != NULL)
    {
      adw_message_dialog_response (dialog, "close");
      gtk_window_close (GTK_WINDOW (dialog));
      nb_ui_test_spin (50);
    }
  window->close_confirmed = TRUE;
  nb_ui_test_close_window (window);
}

/* Not a report at all: it says so, and the document shown stays. */
static void
test_new_from_unreadable (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("NB_SOURCE_DIR"), "tests", "import", "inputs",
                                            "not-a-report.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  NbWindow *window = nb_ui_test_open_window (NULL);
  NbReport *before = nb_window_get_report (window);
  AdwMessageDialog *dialog;

  _nb_window_use_last_year (window, file, TRUE);
  dialog = nb_ui_test_wait_dialog (GTK_WINDOW (window), 30000);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Could Not Open Last Year’s Report");
  g_assert_true (nb_window_get_report (window) == before);
  g_assert_null (window->previous);
  adw_message_dialog_response (dialog, "close");
  gtk_window_close (GTK_WINDOW (dialog));
  nb_ui_test_close_window (window);
}

static gboolean
is_recent (const char *uri)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  gboolean found = FALSE;

  for (GList *l = items; l != NULL; l = l->next)
    found = found || g_str_equal (gtk_recent_info_get_uri (l->data), uri);
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  return found;
}

static gboolean
is_drawn_and_recent (gpointer data)
{
  NbWindow *window = data;
  g_autofree char *uri = g_file_get_uri (nb_window_get_file (window));

  return nb_window_get_drawn (window) && is_recent (uri);
}

/* A window made for a report (as for one named on the command line) adds it
 * to the recent files only once its first frame is drawn. */
static void
test_recent_after_first_frame (void)
{
  g_autofree char *path = nb_ui_test_copy_sample ("recent-later.nianbao");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr(NbReport) report = nb_storage_load_file (file, NULL, NULL);
  NbApplication *app = nb_ui_test_app ();
  NbWindow *window = nb_window_new_for_report (app, nb_application_get_settings (app),
                                               nb_application_get_drafts (app), report, file);

  nb_ui_test_spin (50);
  g_assert_false (nb_window_get_drawn (window));
  g_assert_false (is_recent (uri));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (nb_ui_test_wait (is_drawn_and_recent, window, 5000));
  nb_ui_test_close_window (window);
}

static void
collect_header_tooltips (GtkWidget *widget,
                         GPtrArray *tooltips,
                         gboolean   in_header)
{
  in_header = in_header || ADW_IS_HEADER_BAR (widget);
  if (in_header && gtk_widget_get_tooltip_text (widget) != NULL &&
      !g_ptr_array_find_with_equal_func (tooltips, gtk_widget_get_tooltip_text (widget), g_str_equal, NULL))
    g_ptr_array_add (tooltips, g_strdup (gtk_widget_get_tooltip_text (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_header_tooltips (child, tooltips, in_header);
}

static gboolean
window_drawn (gpointer data)
{
  return nb_window_get_drawn (NB_WINDOW (data));
}

/* The header bar's buttons get their tooltips with the first frame, not
 * before it (setting one costs an X round trip: nb-window.c says why),
 * and every one of them gets its tooltip. */
static void
test_tooltips_after_first_frame (void)
{
  static const char *expected[] = {
    "Show or Hide the Sections (F9)", "Open a Report (Ctrl+O)", "Undo (Ctrl+Z)", "Redo (Ctrl+Shift+Z)",
    "Main Menu", "Export as PDF or XLSX", "Print (Ctrl+P)", "Save the Report (Ctrl+S)",
    "Show the Problems (F8)",
  };
  g_autofree char *path = nb_ui_test_copy_sample ("tooltips.nianbao");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(NbReport) report = nb_storage_load_file (file, NULL, NULL);
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) after = g_ptr_array_new_with_free_func (g_free);
  NbApplication *app = nb_ui_test_app ();
  NbWindow *window = nb_window_new_for_report (app, nb_application_get_settings (app),
                                               nb_application_get_drafts (app), report, file);

  collect_header_tooltips (GTK_WIDGET (window), before, FALSE);
  g_assert_cmpuint (before->len, ==, 0);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (nb_ui_test_wait (window_drawn, window, 5000));
  collect_header_tooltips (GTK_WIDGET (window), after, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (!g_ptr_array_find_with_equal_func (after, expected[i], g_str_equal, NULL))
      g_error ("no header button has the tooltip “%s”", expected[i]);
  g_assert_cmpuint (after->len, ==, G_N_ELEMENTS (expected));
  /* Named for screen readers as well: the header, 基本信息, the problems. */
  nb_ui_test_assert_buttons_named (GTK_WIDGET (window));
  nb_ui_test_close_window (window);
}

/* The 2019 form: the figures both forms share come along. */
static void
test_change_template (void)
{
  g_autofree char *path = nb_ui_test_copy_sample ("form.nianbao");
  NbWindow *window = nb_ui_test_open_window (path);
  AdwMessageDialog *dialog;
  NbReport *report;
  g_autofree char *penalty = NULL;

  g_autofree char *total_2021 = NULL;
  g_autofree char *total = NULL;
  g_autofree char *other = NULL;

  /* 三（六）其他处理 in the three rows of 2021, balanced by fewer disclosed. */
  {
    NbReport *r = nb_window_get_report (window);
    static const char *rows[] = { "no_correction", "no_fee", "other" };

    nb_report_begin_group (r);
    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        g_autofree char *id = g_strdup_printf ("requests.result.other.%s.natural", rows[i]);
        g_assert_true (nb_report_set_value_by_id (r, id, &(NbDecimal) { i + 1, 0 }, NULL));
      }
    g_assert_true (nb_report_set_value_by_id (r, "requests.new.natural", &(NbDecimal) { 6, 0 }, NULL));
    nb_report_end_group (r);
    total_2021 = nb_ui_test_value (r, "requests.result.total.total");
  }

  gtk_widget_activate_action (GTK_WIDGET (window), "win.change-template", "s", "gov-disclosure-2019");
  nb_ui_test_spin (200);
  dialog = nb_ui_test_find_dialog (GTK_WINDOW (window));
  g_assert_nonnull (dialog);
  /* The proactive figures 2019 counts otherwise have no place; 三（六）'s
   * three rows go into 2019's one, and the dialog says where. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "•"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "（六）其他处理"));
  adw_message_dialog_response (dialog, "convert");
  gtk_window_destroy (GTK_WINDOW (dialog));
  nb_ui_test_spin (100);

  report = nb_window_get_report (window);
  g_assert_cmpstr (nb_template_get_id (nb_report_get_template (report)), ==, "gov-disclosure-2019");
  penalty = nb_ui_test_value (report, "proactive.penalty.decisions");
  g_assert_cmpstr (penalty, ==, "5");
  other = nb_ui_test_value (report, "requests.result.other.natural");
  g_assert_cmpstr (other, ==, "6");
  total = nb_ui_test_value (report, "requests.result.total.total");
  g_assert_cmpstr (total, ==, total_2021);
  g_assert_true (nb_window_get_modified (window));
  g_assert_nonnull (nb_window_get_cell_widget (window, "proactive.procurement.items"));
  g_assert_cmpstr (nb_report_get_meta (report, NB_META_AGENCY), ==, "东胜区统计局");

  /* And back: 2019's one row goes to 3.其他; nothing of 三 is lost. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.change-template", "s", "gov-disclosure-2021");
  nb_ui_test_spin (200);
  dialog = nb_ui_test_find_dialog (GTK_WINDOW (window));
  g_assert_nonnull (dialog);
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), "收到和处理"
                         "政府信息公开申请情况 / （六）"));
  adw_message_dialog_response (dialog, "convert");
  gtk_window_destroy (GTK_WINDOW (dialog));
  nb_ui_test_spin (100);
  report = nb_window_get_report (window);
  g_clear_pointer (&other, g_free);
  other = nb_ui_test_value (report, "requests.result.other.other.natural");
  g_assert_cmpstr (other, ==, "6");
  g_clear_pointer (&total, g_free);
  total = nb_ui_test_value (report, "requests.result.total.total");
  g_assert_cmpstr (total, ==, total_2021);
  nb_ui_test_close_window (window);
}

static gboolean
has_draft (gpointer data)
{
  return nb_window_get_draft_id (data) != NULL;
}

static gboolean
drafted_in_2019 (gpointer data)
{
  NbWindow *window = data;
  NbApplication *app = nb_ui_test_app ();
  g_autoptr(GFile) draft = NULL;
  g_autoptr(NbReport) drafted = NULL;

  if (nb_window_get_draft_id (window) == NULL)
    return FALSE;
  draft = nb_drafts_get_file (nb_application_get_drafts (app), nb_window_get_draft_id (window));
  drafted = nb_storage_load_file (draft, NULL, NULL);
  return drafted != NULL &&
         g_str_equal (nb_template_get_id (nb_report_get_template (drafted)), "gov-disclosure-2019");
}

/* Converted, the document is unsaved though nothing was typed since: it
 * gets a draft (the one of the edits before is replaced, not just gone). */
static void
test_change_template_draft (void)
{
  NbApplication *app = nb_ui_test_app ();
  GSettings *settings = nb_settings_get_gsettings (nb_application_get_settings (app));
  g_autofree char *path = nb_ui_test_copy_sample ("form-draft.nianbao");
  NbWindow *window;
  AdwMessageDialog *dialog;
  g_autoptr(GFile) draft = NULL;
  g_autoptr(NbReport) drafted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  g_settings_set_uint (settings, "auto-save-delay", 1);
  window = nb_ui_test_open_window (path);
  type_into (window, "proactive.penalty.decisions", "7");
  g_assert_true (nb_ui_test_wait (has_draft, window, 4000));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.change-template", "s", "gov-disclosure-2019");
  dialog = nb_ui_test_wait_dialog (GTK_WINDOW (window), 2000);
  adw_message_dialog_response (dialog, "convert");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (nb_window_get_modified (window));
  g_assert_true (nb_ui_test_wait (drafted_in_2019, window, 4000));

  draft = nb_drafts_get_file (nb_application_get_drafts (app), nb_window_get_draft_id (window));
  drafted = nb_storage_load_file (draft, NULL, &error);
  g_assert_no_error (error);
  value = nb_ui_test_value (drafted, "proactive.penalty.decisions");
  g_assert_cmpstr (value, ==, "7");

  g_settings_reset (settings, "auto-save-delay");
  nb_ui_test_close_window (window);
}

static gboolean
shows_file (gpointer data)
{
  NbWindow *window = data;
  GFile *file = nb_window_get_file (window);
  g_autofree char *name = file != NULL ? g_file_get_basename (file) : NULL;

  return g_strcmp0 (name, "dropped.nianbao") == 0;
}

/* A report dropped on the window opens in it. */
static void
test_drop (void)
{
  g_autofree char *path = nb_ui_test_copy_sample ("dropped.nianbao");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  NbWindow *window = nb_ui_test_open_window (NULL);
  GtkDropTarget *target = NULL;
  GSList *files = g_slist_append (NULL, file);
  GValue value = G_VALUE_INIT;
  gboolean handled = FALSE;
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);
      if (GTK_IS_DROP_TARGET (c))
        target = GTK_DROP_TARGET (c);
    }
  g_assert_nonnull (target);

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, files);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &handled);
  g_value_unset (&value);
  g_slist_free (files);
  g_assert_true (handled);
  g_assert_true (nb_ui_test_wait (shows_file, window, 5000));
  g_assert_cmpstr (nb_report_get_meta (nb_window_get_report (window), NB_META_AGENCY), ==, "东胜区统计局");
  nb_ui_test_close_window (window);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Result *r = user_data;

  r->ok = nb_window_load_file_finish (NB_WINDOW (object), result, &r->error);
  r->done = TRUE;
}

/* A file that is not a report: refused with a reason, the document stays. */
static void
test_open_invalid (void)
{
  g_autofree char *path = nb_ui_test_copy_sample ("keep.nianbao");
  g_autofree char *bad_path = g_build_filename (nb_ui_test_tmpdir (), "bad.nianbao", NULL);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  NbWindow *window = nb_ui_test_open_window (path);
  NbReport *before = nb_window_get_report (window);
  Result r = { 0 };

  g_assert_true (g_file_set_contents (bad_path, "{\"format\": \"nianbao\", \"version\": 99}", -1, NULL));
  nb_window_load_file_async (window, bad, NULL, loaded_cb, &r);
  g_assert_true (nb_ui_test_wait (is_true, &r.done, 5000));
  g_assert_false (r.ok);
  g_assert_error (r.error, NB_STORAGE_ERROR, NB_STORAGE_ERROR_NEWER_VERSION);
  g_clear_error (&r.error);
  g_assert_true (nb_window_get_report (window) == before);
  nb_ui_test_close_window (window);
}

/* Feeds @data to a FIFO from a thread: the file arrives when the test says. */
typedef struct
{
  char *fifo;
  char *contents;
} Feed;

static gpointer
feed_thread (gpointer data)
{
  Feed *feed = data;

  /* Opening blocks until the window opens the FIFO for reading. */
  FILE *out = fopen (feed->fifo, "w");

  g_assert_nonnull (out);
  g_assert_cmpuint (fwrite (feed->contents, 1, strlen (feed->contents), out), ==, strlen (feed->contents));
  fclose (out);
  return NULL;
}

/* Typed while a report is being read (a slow share): the edit is not
 * replaced without asking. Cancel keeps it; asked again and discarded, the
 * report opens. */
static void
test_typed_while_opening (void)
{
  g_autofree char *path = nb_ui_test_copy_sample ("typing.nianbao");
  g_autofree char *sample = nb_ui_test_sample_path ();
  g_autofree char *contents = NULL;
  g_autofree char *other = NULL;
  NbWindow *window = nb_ui_test_open_window (path);
  NbReport *before = nb_window_get_report (window);

  g_assert_true (g_file_get_contents (sample, &contents, NULL, NULL));
  other = g_strdup (contents);
  /* The arriving report: another agency's. */
  {
    char *at = strstr (other, "东胜区统计局");
    g_assert_nonnull (at);
    memcpy (at, "东胜区财政局", strlen ("东胜区财政局"));
  }

  for (guint round = 0; round < 2; round++)
    {
      g_autofree char *fifo_path = g_strdup_printf ("%s/slow-%u.nianbao", nb_ui_test_tmpdir (), round);
      g_autoptr(GFile) fifo = g_file_new_for_path (fifo_path);
      Feed feed = { fifo_path, other };
      GThread *thread;
      AdwMessageDialog *dialog;
      Result r = { 0 };
      g_autofree char *typed = NULL;

      g_assert_cmpint (mkfifo (fifo_path, 0600), ==, 0);
      nb_window_load_file_async (window, fifo, NULL, loaded_cb, &r);
      /* Each round changes the document after the read started. */
      type_into (window, round == 0 ? "requests.new.natural" : "requests.new.commercial", "5");
      g_assert_true (nb_window_get_modified (window));

      thread = g_thread_new ("feed", feed_thread, &feed);
      dialog = nb_ui_test_wait_dialog (GTK_WINDOW (window), 20000);
      g_assert_nonnull (dialog);
      adw_message_dialog_response (dialog, round == 0 ? "cancel" : "discard");
      gtk_window_destroy (GTK_WINDOW (dialog));
      g_assert_true (nb_ui_test_wait (is_true, &r.done, 20000));
      g_thread_join (thread);

      if (round == 0)
        {
          g_assert_false (r.ok);
          g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          g_clear_error (&r.error);
          g_assert_true (nb_window_get_report (window) == before);
          typed = nb_ui_test_value (before, "requests.new.natural");
          g_assert_cmpstr (typed, ==, "5");
          g_assert_true (nb_window_get_modified (window));
        }
      else
        {
          g_assert_true (r.ok);
          g_assert_cmpstr (nb_report_get_meta (nb_window_get_report (window), NB_META_AGENCY), ==,
                           "东胜区财政局");
          g_assert_false (nb_window_get_modified (window));
        }
    }
  nb_ui_test_close_window (window);
}

static gboolean
report_replaced (gpointer data)
{
  NbWindow *window = data;

  return nb_window_get_file (window) == NULL && !window->busy &&
         g_str_equal (nb_report_get_meta (nb_window_get_report (window), NB_META_AGENCY), "东胜区统计局");
}

/* A published report (the web text of the sample) imports as a new,
 * unsaved document with its figures. */
static void
test_import (void)
{
  g_autofree char *source = g_build_filename (g_getenv ("NB_SOURCE_DIR"), "tests", "import", "inputs",
                                              "dongsheng-2023.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (source);
  NbWindow *window = nb_ui_test_open_window (NULL);
  g_autofree char *penalty = NULL;
  AdwMessageDialog *notes;

  _nb_window_import_file (window, file);
  g_assert_true (nb_ui_test_wait (report_replaced, window, 30000));
  penalty = nb_ui_test_value (nb_window_get_report (window), "proactive.penalty.decisions");
  g_assert_cmpstr (penalty, ==, "5");
  g_assert_true (nb_window_get_modified (window));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (nb_window_get_cell_widget (window, "proactive.penalty.decisions"))),
                   ==, "5");
  /* Notes, if any, are listed in a dialog; close it. */
  nb_ui_test_spin (100);
  notes = nb_ui_test_find_dialog (GTK_WINDOW (window));
  if (notes != NULL)
    gtk_window_destroy (GTK_WINDOW (notes));
  nb_ui_test_close_window (window);
}

/* New: a blank report for last year; an untouched document goes without asking. */
static void
test_new_document (void)
{
  g_autofree char *path = nb_ui_test_copy_sample ("new.nianbao");
  NbWindow *window = nb_ui_test_open_window (path);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  NbReport *report;

  nb_ui_test_key (GDK_KEY_n, GDK_CONTROL_MASK);
  nb_ui_test_spin (100);
  g_assert_null (nb_ui_test_find_dialog (GTK_WINDOW (window)));
  report = nb_window_get_report (window);
  g_assert_null (nb_window_get_file (window));
  g_assert_cmpstr (nb_report_get_meta (report, NB_META_AGENCY), ==, "");
  g_assert_cmpint (nb_report_get_year (report), ==, g_date_time_get_year (now) - 1);
  g_assert_true (nb_report_is_blank (report, 0));
  {
    g_autofree char *title = g_strdup_printf ("%d年政府信息公开工作年度报告", g_date_time_get_year (now) - 1);
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, title);
  }
  g_assert_false (nb_window_get_modified (window));
  nb_ui_test_close_window (window);
}

static GtkWidget *
sidebar_row (NbWindow   *window,
             const char *page_id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (window->sidebar));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (NB_IS_SECTION_ROW (row) && g_str_equal (nb_section_row_get_page_id (NB_SECTION_ROW (row)), page_id))
      return row;
  g_assert_not_reached ();
}

/* Tab from the sidebar goes into the page it shows, Shift+Tab back to the
 * header bar; neither walks the sections switching pages. */
static void
test_sidebar_tab (void)
{
  g_autofree char *path = nb_ui_test_copy_sample ("sidebar.nianbao");
  NbWindow *window = nb_ui_test_open_window (path);
  GtkWidget *focus;

  nb_window_show_page (window, "requests");
  nb_ui_test_wait_drawn (GTK_WIDGET (window));
  gtk_widget_grab_focus (sidebar_row (window, "requests"));
  nb_ui_test_spin (50);
  nb_ui_test_key (GDK_KEY_Tab, 0);
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_cmpstr (nb_window_get_visible_page (window), ==, "requests");
  g_assert_true (focus != NULL && gtk_widget_is_ancestor (focus, nb_window_get_page (window, "requests")));

  gtk_widget_grab_focus (sidebar_row (window, "requests"));
  nb_ui_test_spin (50);
  nb_ui_test_key (GDK_KEY_Tab, GDK_SHIFT_MASK);
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_cmpstr (nb_window_get_visible_page (window), ==, "requests");
  g_assert_true (focus != NULL && gtk_widget_get_ancestor (focus, ADW_TYPE_HEADER_BAR) != NULL);
  nb_ui_test_close_window (window);
}

/* The character after the mnemonic underscore, folded, or 0. */
static gunichar
mnemonic_of (const char *label)
{
  const char *u = label != NULL ? strchr (label, '_') : NULL;

  return u != NULL && u[1] != '\0' ? g_unichar_tolower (g_utf8_get_char (u + 1)) : 0;
}

/* The items of @menu and of its sections (not of its submenus: another menu). */
static void
collect_labels (GMenuModel *menu,
                GPtrArray  *labels)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      char *label = NULL;

      if (section != NULL)
        collect_labels (section, labels);
      else if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        g_ptr_array_add (labels, label);
    }
}

/* @msgid's translation in @po (a single-line entry), or NULL. */
static char *
po_lookup (const char *po,
           const char *msgid)
{
  g_autofree char *key = g_strdup_printf ("\nmsgid \"%s\"\nmsgstr \"", msgid);
  const char *at = strstr (po, key);
  const char *end;

  if (at == NULL)
    return NULL;
  at += strlen (key);
  end = strchr (at, '"');
  return end != NULL ? g_strndup (at, end - at) : NULL;
}

/* Within a menu no two items share a mnemonic, in English and in the
 * Chinese translation: Alt+letter would only reach the first. */
static void
test_menu_mnemonics (void)
{
  NbWindow *window = nb_ui_test_open_window (NULL);
  GMenuModel *menus[] = { window->primary_menu, window->export_menu };
  g_autofree char *po_path = g_build_filename (g_getenv ("NB_SOURCE_DIR"), "po", "zh_CN.po", NULL);
  g_autofree char *po = NULL;

  g_assert_true (g_file_get_contents (po_path, &po, NULL, NULL));
  for (guint m = 0; m < G_N_ELEMENTS (menus); m++)
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GHashTable) english = g_hash_table_new (NULL, NULL);
      g_autoptr(GHashTable) chinese = g_hash_table_new (NULL, NULL);

      collect_labels (menus[m], labels);
      g_assert_cmpuint (labels->len, >, 2);
      for (guint i = 0; i < labels->len; i++)
        {
          const char *label = g_ptr_array_index (labels, i);
          g_autofree char *translated = po_lookup (po, label);
          gunichar en = mnemonic_of (label);
          gunichar zh = mnemonic_of (translated);

          g_assert_nonnull (translated);
          if (en != 0)
            {
              if (g_hash_table_contains (english, GUINT_TO_POINTER (en)))
                g_error ("“%s” repeats the mnemonic of “%s”", label,
                         (char *) g_hash_table_lookup (english, GUINT_TO_POINTER (en)));
              g_hash_table_insert (english, GUINT_TO_POINTER (en), (gpointer) label);
            }
          if (zh != 0)
            {
              if (g_hash_table_contains (chinese, GUINT_TO_POINTER (zh)))
                g_error ("“%s” repeats a mnemonic of the menu in Chinese", translated);
              g_hash_table_add (chinese, GUINT_TO_POINTER (zh));
            }
        }
    }
  nb_ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  nb_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/files/save", test_save);
  g_test_add_func ("/ui/files/recent-labels", test_recent_labels);
  g_test_add_func ("/ui/files/non-utf8-name", test_non_utf8_name);
  g_test_add_func ("/ui/files/close-prompt", test_close_prompt);
  g_test_add_func ("/ui/files/new-from-last-year", test_new_from_last_year);
  g_test_add_func ("/ui/files/new-from-published-report", test_new_from_published);
  g_test_add_func ("/ui/files/new-from-unreadable", test_new_from_unreadable);
  g_test_add_func ("/ui/files/new-from-trial-form", test_new_from_trial_form);
  g_test_add_func ("/ui/files/recent-after-first-frame", test_recent_after_first_frame);
  g_test_add_func ("/ui/files/tooltips-after-first-frame", test_tooltips_after_first_frame);
  g_test_add_func ("/ui/files/change-template", test_change_template);
  g_test_add_func ("/ui/files/change-template-draft", test_change_template_draft);
  g_test_add_func ("/ui/files/drop", test_drop);
  g_test_add_func ("/ui/files/open-invalid", test_open_invalid);
  g_test_add_func ("/ui/files/typed-while-opening", test_typed_while_opening);
  g_test_add_func ("/ui/files/import", test_import);
  g_test_add_func ("/ui/files/new-document", test_new_document);
  g_test_add_func ("/ui/files/menu-mnemonics", test_menu_mnemonics);
  g_test_add_func ("/ui/files/sidebar-tab", test_sidebar_tab);

  return g_test_run ();
}
