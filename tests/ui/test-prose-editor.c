/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "nb-prose-editor.h"
#include "nb-ui-test.h"

/* The prose editor: typing goes into the report's blocks, numbered lines
 * become headings, a block's kind can be changed, and undo is the
 * document's. */

static NbWindow *window;
static NbReport *report;
static GtkTextView *view;

static void
setup_section (const char *section_id)
{
  g_autofree char *path = nb_ui_test_copy_sample ("prose.nianbao");

  window = nb_ui_test_open_window (path);
  report = nb_window_get_report (window);
  nb_window_show_page (window, section_id);
  nb_ui_test_wait_drawn (GTK_WIDGET (window));
  view = nb_prose_editor_get_text_view (NB_PROSE_EDITOR (nb_window_get_page (window, section_id)));
  gtk_widget_grab_focus (GTK_WIDGET (view));
  nb_ui_test_spin (50);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (view)));
}

static void
setup (void)
{
  setup_section ("overview");
}

static void
teardown (void)
{
  nb_ui_test_close_window (window);
}

static char *
buffer_text (void)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
line_has_tag (int         line,
              const char *tag_name)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), tag_name);
  GtkTextIter iter;

  g_assert_nonnull (tag);
  g_assert_true (gtk_text_buffer_get_iter_at_line (buffer, &iter, line));
  return gtk_text_iter_has_tag (&iter, tag);
}

/* Edit a paragraph: the block changes, the others stay; undo puts it back. */
static void
test_edit_paragraph (void)
{
  g_autofree char *before = NULL;
  g_autofree char *first_before = NULL;
  g_autofree char *after = NULL;
  guint n_blocks;

  setup ();
  before = buffer_text ();
  n_blocks = nb_report_get_n_blocks (report, "overview");
  first_before = g_strdup (nb_report_get_block (report, "overview", 0)->text);

  /* The cursor at the end of the first paragraph, as a click there puts it
   * (End stops at the end of the wrapped display line). */
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
    GtkTextIter iter;

    gtk_text_buffer_get_iter_at_line (buffer, &iter, 0);
    gtk_text_iter_forward_to_line_end (&iter);
    gtk_text_buffer_place_cursor (buffer, &iter);
  }
  nb_ui_test_type ("另有2件。");

  after = g_strconcat (first_before, "另有2件。", NULL);
  g_assert_cmpstr (nb_report_get_block (report, "overview", 0)->text, ==, after);
  g_assert_cmpuint (nb_report_get_block (report, "overview", 0)->level, ==, 0);
  g_assert_cmpuint (nb_report_get_n_blocks (report, "overview"), ==, n_blocks);
  g_assert_cmpuint (nb_report_get_block (report, "overview", 1)->level, ==, 2);
  g_assert_true (nb_window_get_modified (window));

  nb_ui_test_key (GDK_KEY_z, GDK_CONTROL_MASK);
  g_assert_cmpstr (nb_report_get_block (report, "overview", 0)->text, ==, first_before);
  {
    g_autofree char *shown = buffer_text ();
    g_assert_cmpstr (shown, ==, before);
  }
  g_assert_false (nb_window_get_modified (window));
  teardown ();
}

static void
cursor_to_end (void)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
}

/* What Ctrl+V inserts once the clipboard has answered (GTK 4.8 inserts
 * the clipboard's text interactively at the cursor). Not through the X
 * clipboard itself: on the third window of a run GTK 4.8 then warns about
 * snapshotting an unallocated gizmo, which the suite counts as a failure. */
static void
paste (const char *text)
{
  g_assert_true (gtk_text_buffer_insert_interactive_at_cursor (gtk_text_view_get_buffer (view), text, -1, TRUE));
  nb_ui_test_spin (100);
}

/* Text from Word, WPS or a Windows clipboard breaks lines with "\r\n", "\r"
 * or U+2029: each becomes a paragraph, the cursor ends after the paste,
 * and a buffer line stays a block. */
static void
test_paste_line_breaks (void)
{
  GtkTextBuffer *buffer;
  guint n_blocks;
  g_autofree char *shown = NULL;

  /* 前言: empty in the sample, short enough that nothing scrolls. */
  setup_section ("preamble");
  buffer = gtk_text_view_get_buffer (view);
  n_blocks = nb_report_get_n_blocks (report, "preamble");

  cursor_to_end ();
  paste ("\r\n甲行\r\n乙行\r\n丙行");
  nb_ui_test_type ("xy");
  g_assert_cmpuint (nb_report_get_n_blocks (report, "preamble"), ==, MAX (n_blocks, 1) + 3);
  n_blocks = nb_report_get_n_blocks (report, "preamble");
  g_assert_cmpstr (nb_report_get_block (report, "preamble", n_blocks - 1)->text, ==, "丙行xy");
  g_assert_cmpstr (nb_report_get_block (report, "preamble", n_blocks - 2)->text, ==, "乙行");

  cursor_to_end ();
  paste ("\r甲\r乙\xe2\x80\xa9（六）丙");
  g_assert_cmpuint (nb_report_get_n_blocks (report, "preamble"), ==, n_blocks + 3);
  n_blocks += 3;
  g_assert_cmpint (gtk_text_buffer_get_line_count (buffer), ==, (int) n_blocks);
  shown = buffer_text ();
  g_assert_null (strchr (shown, '\r'));
  /* The heading is where its line is. */
  g_assert_cmpuint (nb_report_get_block (report, "preamble", n_blocks - 1)->level, ==, 2);
  g_assert_true (line_has_tag ((int) n_blocks - 1, "heading-2"));
  teardown ();
}

/* A new numbered line without a sentence end is a heading; Ctrl+0 makes it
 * a paragraph, and undo makes it a heading again. */
static void
test_heading (void)
{
  guint last;
  GtkDropDown *dropdown = NULL;

  setup ();
  nb_ui_test_key (GDK_KEY_End, GDK_CONTROL_MASK);
  nb_ui_test_key (GDK_KEY_Return, 0);
  nb_ui_test_type ("（六）其他工作");

  last = nb_report_get_n_blocks (report, "overview") - 1;
  g_assert_cmpstr (nb_report_get_block (report, "overview", last)->text, ==, "（六）其他工作");
  g_assert_cmpuint (nb_report_get_block (report, "overview", last)->level, ==, 2);
  g_assert_true (line_has_tag ((int) last, "heading-2"));

  for (GtkWidget *w = gtk_widget_get_parent (GTK_WIDGET (view)); w != NULL && dropdown == NULL;
       w = gtk_widget_get_parent (w))
    if (NB_IS_PROSE_EDITOR (w))
      {
        GtkWidget *box = gtk_widget_get_first_child (w);
        GtkWidget *header = gtk_widget_get_first_child (box);
        GtkWidget *toolbar = gtk_widget_get_last_child (header);
        dropdown = GTK_DROP_DOWN (gtk_widget_get_last_child (toolbar));
      }
  g_assert_nonnull (dropdown);
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 2);

  /* Past the typing's undo step, so the change of kind is its own. */
  nb_ui_test_spin (1700);
  nb_ui_test_key (GDK_KEY_0, GDK_CONTROL_MASK);
  g_assert_cmpuint (nb_report_get_block (report, "overview", last)->level, ==, 0);
  g_assert_false (line_has_tag ((int) last, "heading-2"));
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 0);

  nb_ui_test_key (GDK_KEY_z, GDK_CONTROL_MASK);
  g_assert_cmpuint (nb_report_get_block (report, "overview", last)->level, ==, 2);
  g_assert_true (line_has_tag ((int) last, "heading-2"));

  /* A numbered sentence stays a paragraph. */
  nb_ui_test_key (GDK_KEY_End, GDK_CONTROL_MASK);
  nb_ui_test_key (GDK_KEY_Return, 0);
  nb_ui_test_type ("1.全年办理申请3件。");
  last = nb_report_get_n_blocks (report, "overview") - 1;
  g_assert_cmpuint (nb_report_get_block (report, "overview", last)->level, ==, 0);
  teardown ();
}

/* Tab moves on to the next control, as in a form; it types nothing. */
static void
test_tab_moves_on (void)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  setup ();
  before = buffer_text ();
  cursor_to_end ();
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (view)));
  nb_ui_test_key (GDK_KEY_Tab, 0);
  after = buffer_text ();
  g_assert_cmpstr (after, ==, before);
  g_assert_null (strchr (after, '\t'));
  g_assert_false (gtk_widget_has_focus (GTK_WIDGET (view)));
  g_assert_false (nb_window_get_modified (window));
  teardown ();
}

int
main (int   argc,
      char *argv[])
{
  nb_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/prose/edit-paragraph", test_edit_paragraph);
  g_test_add_func ("/ui/prose/heading", test_heading);
  g_test_add_func ("/ui/prose/paste-line-breaks", test_paste_line_breaks);
  g_test_add_func ("/ui/prose/tab-moves-on", test_tab_moves_on);

  return g_test_run ();
}
