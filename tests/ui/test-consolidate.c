/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "nb-storage.h"
#include "nb-ui-test.h"
#include "nb-window-private.h"

/* Consolidation (汇总) from the window: the files (or the folder) the
 * chooser returns are summed in a worker thread, the sum opens as a new
 * unsaved document in its own window, a dialog lists the sources with their
 * problem counts and the notes, and the XLSX export of that window has the
 * 明细 sheet. The chooser itself cannot be driven under Xvfb: the tests call
 * what its response calls, _nb_window_consolidate (). */

typedef struct
{
  const char *name;
  const char *agency;
  gint64      natural;   /* 一、本年新收 / 自然人 */
  gboolean    broken;    /* a total that is not the sum of its parts (R3) */
} Source;

static const Source sources[] = {
  { "a-tongjiju.nianbao", "青山区统计局", 2, FALSE },
  { "b-minzhengju.nianbao", "青山区民政局", 5, FALSE },
  { "c-shuiwuju.nianbao", "青山区水务局", 7, TRUE },
};

static gint64
value_of (NbReport   *report,
          const char *cell_id)
{
  NbDecimal value = NB_DECIMAL_INIT;

  nb_report_get_value (report, nb_template_lookup_cell (nb_report_get_template (report), cell_id), &value);
  return value.units;
}

static void
add_to (NbReport   *report,
        const char *cell_id,
        gint64      delta)
{
  NbDecimal value = { value_of (report, cell_id) + delta, 0 };

  g_assert_true (nb_report_set_value_by_id (report, cell_id, &value, NULL));
}

/* A cell of the sample, as every source starts from it. */
static gint64
sample_value (const char *cell_id)
{
  g_autofree char *sample = nb_ui_test_sample_path ();
  g_autoptr(GFile) file = g_file_new_for_path (sample);
  g_autoptr(NbReport) report = nb_storage_load_file (file, NULL, NULL);

  g_assert_nonnull (report);
  return value_of (report, cell_id);
}

/* The sources in @dir (created), plus a file that is not a report. */
static GListStore *
write_sources (const char *dir)
{
  GListStore *files = g_list_store_new (G_TYPE_FILE);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autofree char *sample = nb_ui_test_sample_path ();
      g_autoptr(GFile) from = g_file_new_for_path (sample);
      g_autoptr(NbReport) report = nb_storage_load_file (from, NULL, NULL);
      g_autofree char *path = g_build_filename (dir, sources[i].name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (report);
      nb_report_set_meta (report, NB_META_AGENCY, sources[i].agency);
      /* More requests, and as many more disclosed: the report stays balanced. */
      add_to (report, "requests.new.natural", sources[i].natural);
      add_to (report, "requests.result.disclosed.natural", sources[i].natural);
      if (sources[i].broken)
        {
          NbDecimal total;

          nb_report_set_auto_totals (report, FALSE);
          g_assert_true (nb_report_get_value (report,
                                              nb_template_lookup_cell (nb_report_get_template (report),
                                                                       "requests.new.total"),
                                              &total));
          total.units += 100;
          g_assert_true (nb_report_set_value_by_id (report, "requests.new.total", &total, NULL));
        }
      g_assert_true (nb_storage_save_file (report, file, NULL, &error));
      g_assert_no_error (error);
      g_list_store_append (files, file);
    }
  {
    g_autofree char *path = g_build_filename (dir, "d-broken.nianbao", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);

    g_assert_true (g_file_set_contents (path, "{ not a report", -1, NULL));
    g_list_store_append (files, file);
  }
  return files;
}

static NbWindow *
find_consolidated (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (nb_ui_test_app ())); l != NULL; l = l->next)
    if (NB_IS_WINDOW (l->data) && NB_WINDOW (l->data)->aggregate != NULL &&
        gtk_widget_get_mapped (GTK_WIDGET (l->data)))
      return l->data;
  return NULL;
}

static gboolean
consolidated_shown (gpointer data)
{
  NbWindow *window = find_consolidated ();

  return window != NULL && nb_ui_test_find_dialog (GTK_WINDOW (window)) != NULL;
}

static gboolean
not_busy (gpointer data)
{
  return !NB_WINDOW (data)->busy;
}

static void
find_count_label (GtkWidget  *widget,
                  GString    *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, "nb-problem-count"))
        g_string_append_printf (out, "[%s]%s",
                                gtk_widget_has_css_class (child, "error") ? "error" :
                                gtk_widget_has_css_class (child, "warning") ? "warning" : "none",
                                gtk_label_get_text (GTK_LABEL (child)));
      find_count_label (child, out);
    }
}

/* The rows of the dialog's lists: "title\tsubtitle\t[severity]problems" per row. */
static void
collect_rows (GtkWidget *widget,
              GString   *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (ADW_IS_ACTION_ROW (child))
        {
          const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (child));
          g_autoptr(GString) count = g_string_new (NULL);

          find_count_label (child, count);
          g_string_append_printf (out, "%s\t%s\t%s\n",
                                  adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)),
                                  subtitle != NULL ? subtitle : "", count->str);
        }
      else
        collect_rows (child, out);
    }
}

/* Each source row: the agency in the Chinese face, the file name and the
 * problem count in the UI font. Returns how many rows were checked. */
static guint
check_source_faces (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *count = ADW_IS_ACTION_ROW (child)
        ? nb_ui_test_find_descendant (child, GTK_TYPE_LABEL, "nb-problem-count") : NULL;

      if (count != NULL)
        {
          g_assert_true (nb_ui_test_in_chinese_face (nb_ui_test_find_descendant (child, GTK_TYPE_LABEL, "title")));
          g_assert_false (nb_ui_test_in_chinese_face (nb_ui_test_find_descendant (child, GTK_TYPE_LABEL, "subtitle")));
          g_assert_false (nb_ui_test_in_chinese_face (count));
          n++;
        }
      else
        n += check_source_faces (child);
    }
  return n;
}

static char *
run_python (const char *script,
            const char *arg)
{
  const char *argv[] = { "/usr/bin/python3", "-c", script, arg, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("python: %s", err);
  return g_steal_pointer (&out);
}

static void
check_consolidated (NbWindow *from,
                    gboolean  with_xlsx)
{
  NbWindow *window = find_consolidated ();
  NbReport *report;
  AdwMessageDialog *dialog;
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autofree char *natural = NULL;
  g_autofree char *total = NULL;
  g_autofree char *expected = NULL;

  g_assert_nonnull (window);
  g_assert_true (window != from);
  report = nb_window_get_report (window);

  /* The sums, in a new unsaved document. */
  natural = nb_ui_test_value (report, "requests.new.natural");
  expected = g_strdup_printf ("%" G_GINT64_FORMAT, 3 * sample_value ("requests.new.natural") + 2 + 5 + 7);
  g_assert_cmpstr (natural, ==, expected);
  g_clear_pointer (&expected, g_free);
  /* A wrong total is summed as reported: the consolidation shows it. */
  total = nb_ui_test_value (report, "requests.new.total");
  expected = g_strdup_printf ("%" G_GINT64_FORMAT, 3 * sample_value ("requests.new.total") + 2 + 5 + 7 + 100);
  g_assert_cmpstr (total, ==, expected);
  g_assert_null (nb_window_get_file (window));
  g_assert_true (nb_window_get_modified (window));
  g_assert_cmpint (nb_report_get_year (report), ==, 2023);
  g_assert_true (g_str_has_suffix (nb_report_get_meta (report, NB_META_AGENCY), "汇总"));
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), "汇总"));

  /* The sources, each with its problems, and the note about the file that
   * is not a report. */
  dialog = nb_ui_test_find_dialog (GTK_WINDOW (window));
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "3"));
  collect_rows (adw_message_dialog_get_extra_child (dialog), rows);
  g_test_message ("%s", rows->str);
  g_assert_cmpuint (check_source_faces (adw_message_dialog_get_extra_child (dialog)), ==, 3);
  g_assert_nonnull (strstr (rows->str, "青山区统计局\ta-tongjiju.nianbao\t[none]No problems\n"));
  g_assert_nonnull (strstr (rows->str, "青山区民政局\tb-minzhengju.nianbao\t[none]No problems\n"));
  g_assert_nonnull (strstr (rows->str, "青山区水务局\tc-shuiwuju.nianbao\t[error]"));
  {
    NbAggregate *aggregate = window->aggregate;
    g_autofree char *errors = g_strdup_printf ("[error]%u error", nb_aggregate_get_source_n_errors (aggregate, 2));

    g_assert_cmpuint (nb_aggregate_get_source_n_errors (aggregate, 2), >, 0);
    g_assert_nonnull (strstr (rows->str, errors));
  }
  g_assert_nonnull (strstr (rows->str, "d-broken.nianbao"));

  /* Shown again from the menu. */
  adw_message_dialog_response (dialog, "close");
  gtk_window_close (GTK_WINDOW (dialog));
  nb_ui_test_spin (50);
  g_assert_null (nb_ui_test_find_dialog (GTK_WINDOW (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sources", NULL));
  nb_ui_test_spin (50);
  dialog = nb_ui_test_find_dialog (GTK_WINDOW (window));
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "close");
  gtk_window_close (GTK_WINDOW (dialog));

  if (with_xlsx)
    {
      g_autofree char *path = g_build_filename (nb_ui_test_tmpdir (), "consolidated.xlsx", NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autofree char *out = NULL;
      static const char script[] =
        "import sys, openpyxl\n"
        "wb = openpyxl.load_workbook(sys.argv[1])\n"
        "ws = wb['明细']\n"
        "head = [c.value for c in ws[1]]\n"
        "col = head.index('requests.new.natural') + 1\n"
        "for r in ws.iter_rows(min_row=2):\n"
        "    print(r[0].value, r[2].value, r[col - 1].value)\n";

      _nb_window_export_file (window, file, "xlsx");
      g_assert_true (nb_ui_test_wait (not_busy, window, 60000));
      out = run_python (script, path);
      g_test_message ("%s", out);
      {
        g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
        gint64 n0 = sample_value ("requests.new.natural");
        g_autofree char *a = g_strdup_printf ("青山区统计局 0 %" G_GINT64_FORMAT, n0 + 2);
        g_autofree char *b = g_strdup_printf ("青山区民政局 0 %" G_GINT64_FORMAT, n0 + 5);
        g_autofree char *c = g_strdup_printf ("青山区水务局 %u %" G_GINT64_FORMAT,
                                              nb_aggregate_get_source_n_errors (window->aggregate, 2), n0 + 7);

        g_assert_cmpuint (g_strv_length (lines), ==, 4);   /* three agencies and the last newline */
        g_assert_cmpstr (lines[0], ==, a);
        g_assert_cmpstr (lines[1], ==, b);
        g_assert_cmpstr (lines[2], ==, c);
      }
    }

  window->close_confirmed = TRUE;
  nb_ui_test_close_window (window);
}

static void
test_consolidate_files (void)
{
  g_autofree char *dir = g_build_filename (nb_ui_test_tmpdir (), "files", NULL);
  g_autoptr(GListStore) files = write_sources (dir);
  NbWindow *window = nb_ui_test_open_window (NULL);

  _nb_window_consolidate (window, G_LIST_MODEL (files));
  /* In a thread: the window stays usable, and says so. */
  g_assert_true (window->consolidating);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window)));
  g_assert_true (nb_ui_test_wait (consolidated_shown, NULL, 60000));
  g_assert_false (window->consolidating);
  /* The window it was started from keeps its own document. */
  g_assert_null (window->aggregate);
  g_assert_true (nb_window_is_pristine (window));

  check_consolidated (window, TRUE);
  nb_ui_test_close_window (window);
}

static void
test_consolidate_folder (void)
{
  g_autofree char *dir = g_build_filename (nb_ui_test_tmpdir (), "folder", NULL);
  g_autoptr(GListStore) written = write_sources (dir);
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  NbWindow *window = nb_ui_test_open_window (NULL);

  g_list_store_append (files, folder);
  _nb_window_consolidate (window, G_LIST_MODEL (files));
  g_assert_true (nb_ui_test_wait (consolidated_shown, NULL, 60000));
  check_consolidated (window, FALSE);
  nb_ui_test_close_window (window);
}

/* The window it was started from closed while the reports are read: the
 * sum still opens, in a window of its own. */
static void
test_consolidate_window_closed (void)
{
  g_autofree char *dir = g_build_filename (nb_ui_test_tmpdir (), "closed", NULL);
  g_autoptr(GListStore) files = write_sources (dir);
  NbWindow *window = nb_ui_test_open_window (NULL);
  NbWindow *consolidated;

  _nb_window_consolidate (window, G_LIST_MODEL (files));
  g_assert_true (window->consolidating);
  nb_ui_test_close_window (window);
  g_assert_true (nb_ui_test_wait (consolidated_shown, NULL, 60000));
  consolidated = find_consolidated ();
  {
    g_autofree char *natural = nb_ui_test_value (nb_window_get_report (consolidated), "requests.new.natural");
    g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                 3 * sample_value ("requests.new.natural") + 2 + 5 + 7);

    g_assert_cmpstr (natural, ==, expected);
  }
  g_assert_cmpuint (nb_aggregate_get_n_sources (consolidated->aggregate), ==, G_N_ELEMENTS (sources));
  g_assert_true (gtk_window_get_application (GTK_WINDOW (consolidated)) == GTK_APPLICATION (nb_ui_test_app ()));
  adw_message_dialog_response (nb_ui_test_find_dialog (GTK_WINDOW (consolidated)), "close");
  consolidated->close_confirmed = TRUE;
  nb_ui_test_close_window (consolidated);
}

/* Nothing readable: a dialog says so, and no window opens. */
static void
test_consolidate_nothing (void)
{
  g_autofree char *path = g_build_filename (nb_ui_test_tmpdir (), "junk.nianbao", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);
  NbWindow *window = nb_ui_test_open_window (NULL);
  AdwMessageDialog *dialog;

  g_assert_true (g_file_set_contents (path, "junk", -1, NULL));
  g_list_store_append (files, file);
  _nb_window_consolidate (window, G_LIST_MODEL (files));
  dialog = nb_ui_test_wait_dialog (GTK_WINDOW (window), 60000);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "None of the chosen files"));
  /* The unreadable file is named. */
  {
    g_autoptr(GString) rows = g_string_new (NULL);

    collect_rows (adw_message_dialog_get_extra_child (dialog), rows);
    g_assert_nonnull (strstr (rows->str, "junk.nianbao"));
  }
  g_assert_null (find_consolidated ());
  adw_message_dialog_response (dialog, "close");
  gtk_window_close (GTK_WINDOW (dialog));
  nb_ui_test_close_window (window);
}

static gboolean
menu_has_action (GMenuModel *menu,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *name = NULL;
      GMenuModel *link;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_str_equal (name, action))
        return TRUE;
      if ((link = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION)) != NULL)
        {
          gboolean found = menu_has_action (link, action);
          g_object_unref (link);
          if (found)
            return TRUE;
        }
    }
  return FALSE;
}

/* The primary menu (its popover built when first opened) offers both. */
static void
test_consolidate_menu (void)
{
  NbWindow *window = nb_ui_test_open_window (NULL);
  GtkPopover *popover;

  g_assert_null (gtk_menu_button_get_popover (window->primary_menu_button));
  gtk_menu_button_popup (window->primary_menu_button);
  nb_ui_test_spin (100);
  popover = gtk_menu_button_get_popover (window->primary_menu_button);
  g_assert_true (GTK_IS_POPOVER_MENU (popover));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_true (menu_has_action (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (popover)),
                                  "win.consolidate"));
  g_assert_true (menu_has_action (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (popover)),
                                  "win.consolidate-folder"));
  /* Only a consolidated report has sources to show. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sources", NULL) &&
                  nb_ui_test_find_dialog (GTK_WINDOW (window)) != NULL);
  gtk_menu_button_popdown (window->primary_menu_button);
  nb_ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  nb_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/consolidate/menu", test_consolidate_menu);
  g_test_add_func ("/ui/consolidate/files", test_consolidate_files);
  g_test_add_func ("/ui/consolidate/folder", test_consolidate_folder);
  g_test_add_func ("/ui/consolidate/nothing", test_consolidate_nothing);
  g_test_add_func ("/ui/consolidate/window-closed", test_consolidate_window_closed);

  return g_test_run ();
}
