/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "nb-meta-page.h"
#include "nb-prose-editor.h"
#include "nb-ui-test.h"

/* One undo history for the whole document: an edit of the meta, a cell and
 * a paragraph, undone in reverse order with Ctrl+Z and redone with
 * Ctrl+Shift+Z, whichever widget has the focus, each on its page. */

typedef struct
{
  NbWindow   *window;
  const char *agency;
  const char *natural;
} Expected;

static gboolean
state_reached (gpointer data)
{
  Expected *e = data;
  NbReport *report = nb_window_get_report (e->window);
  g_autofree char *value = nb_ui_test_value (report, "requests.new.natural");

  return g_str_equal (nb_report_get_meta (report, NB_META_AGENCY), e->agency) &&
         g_str_equal (value, e->natural);
}

static void
assert_state (NbWindow   *window,
              const char *agency,
              const char *natural,
              const char *first_word)
{
  NbReport *report = nb_window_get_report (window);
  Expected expected = { window, agency, natural };
  g_autofree char *value = NULL;
  GtkWidget *row = nb_meta_page_get_field_row (NB_META_PAGE (nb_window_get_page (window, "meta")),
                                               NB_META_AGENCY);
  GtkWidget *cell = nb_window_get_cell_widget (window, "requests.new.natural");

  /* Key events travel through the X server: a slow build (sanitizers) may
   * need more than the fixed pause after typing. */
  nb_ui_test_wait (state_reached, &expected, 3000);
  value = nb_ui_test_value (report, "requests.new.natural");

  /* The model … */
  g_assert_cmpstr (nb_report_get_meta (report, NB_META_AGENCY), ==, agency);
  g_assert_cmpstr (value, ==, natural);
  g_assert_true (g_str_has_prefix (nb_report_get_block (report, "overview", 0)->text, first_word));
  /* … and what the widgets show. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, agency);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cell)), ==, natural);
}

static void
test_document_wide (void)
{
  g_autofree char *path = nb_ui_test_copy_sample ("undo.nianbao");
  NbWindow *window = nb_ui_test_open_window (path);
  GtkWidget *agency_row;
  GtkTextView *view;

  agency_row = nb_meta_page_get_field_row (NB_META_PAGE (nb_window_get_page (window, "meta")),
                                           NB_META_AGENCY);
  assert_state (window, "东胜区统计局", "0", "今年以来");

  /* 1. The agency, typed on 基本信息. */
  gtk_widget_grab_focus (agency_row);
  nb_ui_test_key (GDK_KEY_End, 0);
  nb_ui_test_type ("办公室");
  assert_state (window, "东胜区统计局办公室", "0", "今年以来");
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), "东胜区统计局办公室2023年"));

  /* 2. A cell. */
  g_assert_true (nb_window_focus_cell (window, "requests.new.natural"));
  nb_ui_test_type ("4");
  assert_state (window, "东胜区统计局办公室", "4", "今年以来");

  /* 3. A paragraph. */
  nb_window_show_page (window, "overview");
  view = nb_prose_editor_get_text_view (NB_PROSE_EDITOR (nb_window_get_page (window, "overview")));
  gtk_widget_grab_focus (GTK_WIDGET (view));
  nb_ui_test_key (GDK_KEY_Home, GDK_CONTROL_MASK);
  nb_ui_test_type ("全年");
  assert_state (window, "东胜区统计局办公室", "4", "全年今年以来");

  /* Undo from the text view: the paragraph, then the cell, then the agency,
   * each on its page, shown. */
  nb_ui_test_key (GDK_KEY_z, GDK_CONTROL_MASK);
  assert_state (window, "东胜区统计局办公室", "4", "今年以来");
  g_assert_cmpstr (nb_window_get_visible_page (window), ==, "overview");
  nb_ui_test_key (GDK_KEY_z, GDK_CONTROL_MASK);
  assert_state (window, "东胜区统计局办公室", "0", "今年以来");
  g_assert_cmpstr (nb_window_get_visible_page (window), ==, "requests");
  nb_ui_test_key (GDK_KEY_z, GDK_CONTROL_MASK);
  assert_state (window, "东胜区统计局", "0", "今年以来");
  g_assert_cmpstr (nb_window_get_visible_page (window), ==, "meta");
  g_assert_false (nb_window_get_modified (window));

  /* Redo, with the focus in the agency row this time. */
  gtk_widget_grab_focus (agency_row);
  nb_ui_test_spin (50);
  nb_ui_test_key (GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  assert_state (window, "东胜区统计局办公室", "0", "今年以来");
  nb_ui_test_key (GDK_KEY_y, GDK_CONTROL_MASK);
  assert_state (window, "东胜区统计局办公室", "4", "今年以来");
  g_assert_cmpstr (nb_window_get_visible_page (window), ==, "requests");
  nb_ui_test_key (GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  assert_state (window, "东胜区统计局办公室", "4", "全年今年以来");
  g_assert_cmpstr (nb_window_get_visible_page (window), ==, "overview");
  g_assert_true (nb_window_get_modified (window));

  nb_ui_test_close_window (window);
}

static void
assert_cells (NbWindow   *window,
              const char *natural,
              const char *commercial,
              gint64      total)
{
  NbReport *report = nb_window_get_report (window);
  g_autofree char *value = nb_ui_test_value (report, "requests.new.natural");
  g_autofree char *value2 = nb_ui_test_value (report, "requests.new.commercial");
  g_autofree char *sum = nb_ui_test_value (report, "requests.new.total");
  g_autofree char *expected_total = g_strdup_printf ("%" G_GINT64_FORMAT, total);

  g_assert_cmpstr (value, ==, natural);
  g_assert_cmpstr (value2, ==, commercial);
  g_assert_cmpstr (sum, ==, expected_total);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (nb_window_get_cell_widget (window, "requests.new.natural"))),
                   ==, natural);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (nb_window_get_cell_widget (window, "requests.new.total"))),
                   ==, expected_total);
}

/* "123" typed into one cell is one undo step, not three; the next cell
 * typed into is a step of its own. */
static void
test_typed_number (void)
{
  g_autofree char *path = nb_ui_test_copy_sample ("undo-number.nianbao");
  NbWindow *window = nb_ui_test_open_window (path);
  NbReport *report = nb_window_get_report (window);
  g_autofree char *before = nb_ui_test_value (report, "requests.new.total");
  gint64 total = g_ascii_strtoll (before, NULL, 10);

  assert_cells (window, "0", "0", total);
  g_assert_true (nb_window_focus_cell (window, "requests.new.natural"));
  nb_ui_test_spin (30);
  nb_ui_test_type ("123");
  assert_cells (window, "123", "0", total + 123);
  nb_ui_test_key (GDK_KEY_Tab, 0);
  nb_ui_test_type ("5");
  assert_cells (window, "123", "5", total + 128);

  /* Back: the 5, then the whole 123 at once. */
  nb_ui_test_key (GDK_KEY_z, GDK_CONTROL_MASK);
  assert_cells (window, "123", "0", total + 123);
  nb_ui_test_key (GDK_KEY_z, GDK_CONTROL_MASK);
  assert_cells (window, "0", "0", total);
  g_assert_false (nb_report_can_undo (report));
  g_assert_false (nb_window_get_modified (window));

  /* And forward again, also in one step. */
  nb_ui_test_key (GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  assert_cells (window, "123", "0", total + 123);

  nb_ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  nb_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/undo/document-wide", test_document_wide);
  g_test_add_func ("/ui/undo/typed-number", test_typed_number);

  return g_test_run ();
}
