/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "nb-grid-editor.h"
#include "nb-meta-page.h"
#include "nb-section-row.h"
#include "nb-ui-test.h"
#include "nb-window-private.h"

/* The grid editor as a clerk uses it: type into cells, see totals and
 * problems follow, go to a problem, undo, and get refused for what is not a
 * number. Keys go through the X server (XTest). */

static NbWindow *window;
static NbReport *report;
static NbRules *rules;

static void
setup (void)
{
  g_autofree char *path = nb_ui_test_copy_sample ("grid.nianbao");

  window = nb_ui_test_open_window (path);
  report = nb_window_get_report (window);
  rules = nb_window_get_rules (window);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rules)), ==, 0);
}

static void
teardown (void)
{
  nb_ui_test_close_window (window);
  window = NULL;
}

static GtkWidget *
cell (const char *id)
{
  GtkWidget *widget = nb_window_get_cell_widget (window, id);

  g_assert_nonnull (widget);
  return widget;
}

static void
assert_value (const char *id,
              const char *expected)
{
  g_autofree char *value = nb_ui_test_value (report, id);

  g_assert_cmpstr (value, ==, expected);
}

static void
focus (const char *id)
{
  g_assert_true (nb_window_focus_cell (window, id));
  nb_ui_test_spin (50);
  g_assert_true (gtk_widget_has_focus (cell (id)));
}

static NbGridEditor *
grid (const char *table)
{
  return NB_GRID_EDITOR (nb_window_get_page (window, table));
}

/* Type 3 into 一、本年新收 / 自然人: the total follows, R3 appears, the
 * problem leads back to the cell, and undo makes the report clean again. */
static void
test_type_problem_undo (void)
{
  GtkWidget *natural, *total, *row;
  NbSectionRow *sidebar_row;

  setup ();
  nb_window_show_page (window, "requests");
  nb_ui_test_wait_drawn (GTK_WIDGET (window));
  natural = cell ("requests.new.natural");
  total = cell ("requests.new.total");

  /* A click puts the cursor in the cell; select what it holds and type. */
  nb_ui_test_click (natural);
  g_assert_true (gtk_widget_has_focus (natural));
  nb_ui_test_key (GDK_KEY_a, GDK_CONTROL_MASK);
  nb_ui_test_type ("3");

  assert_value ("requests.new.natural", "3");
  assert_value ("requests.new.total", "3");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (natural)), ==, "3");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (total)), ==, "3");
  g_assert_true (nb_ui_test_has_rule (rules, "R3", "requests.new.natural"));
  g_assert_true (gtk_widget_has_css_class (natural, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (natural), "一、本年新收"));
  /* Told to a screen reader too: wrong, and the rule. */
  gtk_test_accessible_assert_state (natural, GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (natural), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  g_assert_true (nb_window_get_modified (window));
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "• "));

  /* The sidebar counts the section's errors. */
  sidebar_row = NB_SECTION_ROW (gtk_widget_get_first_child (GTK_WIDGET (window->sidebar)));
  while (!g_str_equal (nb_section_row_get_page_id (sidebar_row), "requests"))
    sidebar_row = NB_SECTION_ROW (gtk_widget_get_next_sibling (GTK_WIDGET (sidebar_row)));
  {
    guint errors = 0, warnings = 0;
    GtkWidget *badge = nb_ui_test_find_descendant (GTK_WIDGET (sidebar_row), GTK_TYPE_LABEL, "error");
    g_autofree char *said = NULL;

    nb_section_row_get_counts (sidebar_row, &errors, &warnings);
    g_assert_cmpuint (errors, >=, 2); /* R3 for 自然人 and for 总计 */
    /* The badge is read as "N errors", not a bare number. */
    said = g_strdup_printf ("%u errors", errors);
    gtk_test_accessible_assert_property (badge, GTK_ACCESSIBLE_PROPERTY_LABEL, said);
  }

  /* Somewhere else, then activate the problem: back to the cell. */
  nb_window_show_page (window, "meta");
  nb_ui_test_wait_drawn (GTK_WIDGET (window));
  g_assert_false (gtk_widget_has_focus (natural));
  row = nb_ui_test_find_problem_row (window, "R3", "requests.new.natural");
  g_assert_nonnull (row);
  nb_ui_test_click (row);
  g_assert_cmpstr (nb_window_get_visible_page (window), ==, "requests");
  g_assert_true (gtk_widget_has_focus (natural));
  g_assert_cmpint (nb_grid_editor_get_focused_cell (grid ("requests")), ==,
                   nb_template_lookup_cell (nb_report_get_template (report), "requests.new.natural"));

  /* Ctrl+Z in the cell: the document's undo, one step for value and total. */
  nb_ui_test_key (GDK_KEY_z, GDK_CONTROL_MASK);

  assert_value ("requests.new.natural", "0");
  assert_value ("requests.new.total", "0");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (natural)), ==, "0");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rules)), ==, 0);
  g_assert_null (nb_ui_test_find_problem_row (window, "R3", NULL));
  g_assert_false (gtk_widget_has_css_class (natural, "error"));
  gtk_test_accessible_assert_state (natural, GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_FALSE);
  g_assert_false (nb_window_get_modified (window));

  /* And Ctrl+Shift+Z brings it back. */
  nb_ui_test_key (GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  assert_value ("requests.new.natural", "3");
  g_assert_true (nb_ui_test_has_rule (rules, "R3", "requests.new.natural"));
  teardown ();
}

/* "abc" is refused key by key with a visible message; the model and the
 * undo history stay as they were. */
static void
test_refuse_letters (void)
{
  GtkWidget *natural;
  NbGridEditor *editor;

  setup ();
  natural = cell ("requests.new.natural");
  editor = grid ("requests");
  focus ("requests.new.natural");

  nb_ui_test_type ("abc");
  assert_value ("requests.new.natural", "0");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (natural)), ==, "0");
  g_assert_false (nb_report_can_undo (report));
  g_assert_nonnull (nb_grid_editor_get_refusal (editor));
  g_assert_nonnull (strstr (nb_grid_editor_get_refusal (editor), "c"));

  /* A unit typed after a number: refused, the number stays. */
  nb_ui_test_key (GDK_KEY_End, 0);
  nb_ui_test_type ("5元");
  assert_value ("requests.new.natural", "5");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (natural)), ==, "05");
  g_assert_nonnull (strstr (nb_grid_editor_get_refusal (editor), "元"));

  /* A count has no decimal point and no minus. */
  nb_ui_test_type (".");
  nb_ui_test_type ("-");
  assert_value ("requests.new.natural", "5");

  /* Leaving the cell shows the model's own writing of the number. */
  nb_ui_test_key (GDK_KEY_Tab, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (natural)), ==, "5");
  g_assert_null (nb_grid_editor_get_refusal (editor));
  teardown ();
}

static gboolean
text_is_selected (gpointer data)
{
  int start, end;

  return gtk_editable_get_selection_bounds (GTK_EDITABLE (data), &start, &end) && start == 0 &&
         end == (int) g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (data)), -1);
}

/* A key refused over a selection gives the selection back: the next digit
 * replaces the number, not goes in front of it (35, "-", "8" was 835;
 * "x", "7" over the 5 of 35 was 735). Typed quickly, "2.5" in a count is
 * 25, and the refusal of "." stays up to say why. */
static void
test_refused_over_selection (void)
{
  GtkWidget *research;
  NbGridEditor *editor;

  setup ();
  research = cell ("requests.new.research");
  editor = grid ("requests");
  g_assert_true (nb_report_set_value_by_id (report, "requests.new.research", &(NbDecimal) { 35, 0 }, NULL));
  focus ("requests.new.research");

  gtk_editable_select_region (GTK_EDITABLE (research), 0, -1);
  nb_ui_test_type ("-");
  assert_value ("requests.new.research", "35");
  g_assert_true (nb_ui_test_wait (text_is_selected, research, 2000));
  g_assert_nonnull (strstr (nb_grid_editor_get_refusal (editor), "less than 0"));
  nb_ui_test_type ("8");
  assert_value ("requests.new.research", "8");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (research)), ==, "8");

  nb_ui_test_key (GDK_KEY_a, GDK_CONTROL_MASK);
  nb_ui_test_type ("35");
  assert_value ("requests.new.research", "35");
  gtk_editable_select_region (GTK_EDITABLE (research), 1, 2);
  nb_ui_test_type ("x");
  nb_ui_test_type ("7");
  assert_value ("requests.new.research", "37");

  nb_ui_test_key (GDK_KEY_a, GDK_CONTROL_MASK);
  nb_ui_test_type ("2.5");
  assert_value ("requests.new.research", "25");
  g_assert_nonnull (nb_grid_editor_get_refusal (editor));
  g_assert_nonnull (strstr (nb_grid_editor_get_refusal (editor), "whole number"));

  /* Pasted over the selection and refused: the same. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (research), "-5");
  nb_ui_test_key (GDK_KEY_a, GDK_CONTROL_MASK);
  nb_ui_test_key (GDK_KEY_v, GDK_CONTROL_MASK);
  nb_ui_test_spin (100);
  assert_value ("requests.new.research", "25");
  g_assert_true (nb_ui_test_wait (text_is_selected, research, 2000));
  nb_ui_test_type ("9");
  assert_value ("requests.new.research", "9");

  /* An input method's keys are its own: Ctrl+Shift+U ff12 Space is a
   * full-width 2, taken as 2 (the f would be refused if typed). */
  nb_ui_test_key (GDK_KEY_u, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  nb_ui_test_type ("ff12");
  nb_ui_test_key (GDK_KEY_space, 0);
  assert_value ("requests.new.research", "92");

  /* Ctrl+Shift+U 12: a control character, refused without being quoted
   * back (it would show as nothing between the quotes). */
  nb_ui_test_key (GDK_KEY_u, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  nb_ui_test_type ("12");
  nb_ui_test_key (GDK_KEY_space, 0);
  assert_value ("requests.new.research", "92");
  g_assert_cmpstr (nb_grid_editor_get_refusal (editor), ==, "Only numbers can be typed here");
  teardown ();
}

static gboolean
is_sidebar_button (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_TOGGLE_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "sidebar-show-symbolic") == 0;
}

static gboolean
is_folded (gpointer data)
{
  return adw_flap_get_folded (data);
}

static gboolean
is_unfolded (gpointer data)
{
  return !adw_flap_get_folded (data);
}

/* A narrow window folds the sections away, so a table keeps its row labels
 * in sight; F9 (or the sections button) shows them over the page, choosing
 * one hides them again. In a wide window F9 hides and shows them too. */
static void
test_narrow_window (void)
{
  AdwFlap *flap;
  GtkWidget *button;

  setup ();
  flap = window->flap;
  button = nb_ui_test_find (GTK_WIDGET (window), is_sidebar_button, NULL);
  g_assert_nonnull (button);
  g_assert_true (nb_ui_test_wait (is_unfolded, flap, 2000));
  g_assert_true (adw_flap_get_reveal_flap (flap));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));

  gtk_window_set_default_size (GTK_WINDOW (window), 780, 600);
  g_assert_true (nb_ui_test_wait (is_folded, flap, 5000));
  g_assert_false (adw_flap_get_reveal_flap (flap));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));

  nb_ui_test_key (GDK_KEY_F9, 0);
  g_assert_true (adw_flap_get_reveal_flap (flap));
  nb_window_show_page (window, "requests");
  nb_ui_test_spin (50);
  g_assert_false (adw_flap_get_reveal_flap (flap));

  /* From the keyboard: F9 gives the sections the focus, the arrows browse
   * them (they stay shown), Enter chooses one and goes into its page. */
  focus ("requests.new.natural");
  nb_ui_test_key (GDK_KEY_F9, 0);
  g_assert_true (adw_flap_get_reveal_flap (flap));
  g_assert_true (GTK_IS_LIST_BOX_ROW (gtk_root_get_focus (GTK_ROOT (window))));
  nb_ui_test_key (GDK_KEY_Down, 0);
  g_assert_true (adw_flap_get_reveal_flap (flap));
  nb_ui_test_key (GDK_KEY_Return, 0);
  g_assert_false (adw_flap_get_reveal_flap (flap));
  g_assert_false (GTK_IS_LIST_BOX_ROW (gtk_root_get_focus (GTK_ROOT (window))));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         gtk_stack_get_visible_child (window->stack)));

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  g_assert_true (nb_ui_test_wait (is_unfolded, flap, 5000));
  g_assert_true (adw_flap_get_reveal_flap (flap));
  nb_ui_test_key (GDK_KEY_F9, 0);
  g_assert_false (adw_flap_get_reveal_flap (flap));
  nb_ui_test_key (GDK_KEY_F9, 0);
  g_assert_true (adw_flap_get_reveal_flap (flap));
  teardown ();
}

/* The note above a table says what its cells' looks mean: the totals, and
 * the pale yellow of empty cells (most of a new report's table), which must
 * not pass for totals; 二 has no totals, and says nothing of them. */
static void
test_hint (void)
{
  const char *requests, *proactive;

  setup ();
  nb_window_show_page (window, "proactive");
  nb_window_show_page (window, "requests");
  nb_ui_test_spin (50);
  requests = nb_grid_editor_get_hint (grid ("requests"));
  proactive = nb_grid_editor_get_hint (grid ("proactive"));
  g_assert_nonnull (strstr (requests, "Totals"));
  g_assert_nonnull (strstr (requests, "empty"));
  g_assert_null (strstr (proactive, "Totals"));
  g_assert_nonnull (strstr (proactive, "empty"));

  nb_report_set_auto_totals (report, FALSE);
  requests = nb_grid_editor_get_hint (grid ("requests"));
  g_assert_nonnull (strstr (requests, "as published"));
  g_assert_nonnull (strstr (requests, "empty"));
  teardown ();
}

/* Cells copied from a spreadsheet and pasted into one cell: refused with a
 * message, not run together into 123456. One number with a line break
 * after it (copied with its cell) is taken. */
static void
test_paste_several (void)
{
  GtkWidget *natural;
  NbGridEditor *editor;

  setup ();
  natural = cell ("requests.new.natural");
  editor = grid ("requests");
  focus ("requests.new.natural");
  gtk_editable_select_region (GTK_EDITABLE (natural), 0, -1);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (natural), "12\t34\n56\n");
  nb_ui_test_key (GDK_KEY_v, GDK_CONTROL_MASK);
  nb_ui_test_spin (200);
  assert_value ("requests.new.natural", "0");
  g_assert_false (nb_report_can_undo (report));
  g_assert_nonnull (nb_grid_editor_get_refusal (editor));

  gdk_clipboard_set_text (gtk_widget_get_clipboard (natural), "42\n");
  gtk_editable_select_region (GTK_EDITABLE (natural), 0, -1);
  nb_ui_test_key (GDK_KEY_v, GDK_CONTROL_MASK);
  nb_ui_test_spin (200);
  assert_value ("requests.new.natural", "42");
  teardown ();
}

/* Full-width digits from a Chinese input method become a number. */
static void
test_full_width_digits (void)
{
  setup ();
  focus ("requests.carried.natural");
  nb_ui_test_type ("１２");
  assert_value ("requests.carried.natural", "12");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cell ("requests.carried.natural"))), ==, "12");
  assert_value ("requests.carried.total", "12");
  teardown ();
}

/* Amounts take up to six decimals, kept exactly as typed. */
static void
test_amount (void)
{
  setup ();
  focus ("proactive.fee.amount");
  nb_ui_test_type ("24252.311082");
  assert_value ("proactive.fee.amount", "24252.311082");
  nb_ui_test_type ("9");
  assert_value ("proactive.fee.amount", "24252.311082");
  g_assert_nonnull (nb_grid_editor_get_refusal (grid ("proactive")));

  /* Emptied, the cell is blank (R6 warns), not 0. */
  nb_ui_test_key (GDK_KEY_a, GDK_CONTROL_MASK);
  nb_ui_test_key (GDK_KEY_BackSpace, 0);
  assert_value ("proactive.fee.amount", "blank");
  g_assert_true (nb_ui_test_has_rule (rules, "R6", "proactive.fee.amount"));
  g_assert_true (gtk_widget_has_css_class (cell ("proactive.fee.amount"), "warning"));

  /* Insert pressed (overwrite): "." typed over the "." of 1.5 is taken,
   * not refused as "1..5"; then 7 over the 5. */
  nb_ui_test_key (GDK_KEY_a, GDK_CONTROL_MASK);
  nb_ui_test_type ("1.5");
  nb_ui_test_key (GDK_KEY_Home, 0);
  nb_ui_test_key (GDK_KEY_Right, 0);
  nb_ui_test_key (GDK_KEY_Insert, 0);
  g_assert_true (gtk_text_get_overwrite_mode (GTK_TEXT (cell ("proactive.fee.amount"))));
  nb_ui_test_type (".7");
  nb_ui_test_key (GDK_KEY_Insert, 0);
  assert_value ("proactive.fee.amount", "1.7");
  nb_ui_test_key (GDK_KEY_a, GDK_CONTROL_MASK);
  nb_ui_test_key (GDK_KEY_BackSpace, 0);

  /* ".5" is 0.5, and "12." left by deleting the last digit is 12: both
   * reach the model, and leaving the cell keeps them. */
  nb_ui_test_type (".5");
  nb_ui_test_key (GDK_KEY_Tab, 0);
  assert_value ("proactive.fee.amount", "0.5");
  focus ("proactive.fee.amount");
  nb_ui_test_key (GDK_KEY_a, GDK_CONTROL_MASK);
  nb_ui_test_type ("12.5");
  nb_ui_test_key (GDK_KEY_End, 0);
  nb_ui_test_key (GDK_KEY_BackSpace, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cell ("proactive.fee.amount"))), ==, "12.");
  nb_ui_test_key (GDK_KEY_Tab, 0);
  assert_value ("proactive.fee.amount", "12");
  teardown ();
}

static gboolean
focus_in_grid (NbGridEditor *editor)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (editor));
}

/* Tab, Shift+Tab, arrows and Enter move as in a spreadsheet; Tab skips
 * computed totals; both Tabs leave the table from its ends. */
static void
test_navigation (void)
{
  setup ();
  /* Tab past the last cell that can be typed in leaves the table, not onto
   * the computed total after it. */
  focus ("requests.carried_next.other");
  nb_ui_test_key (GDK_KEY_Tab, 0);
  nb_ui_test_spin (50);
  g_assert_false (focus_in_grid (grid ("requests")));
  /* Shift+Tab before the first one leaves it too, backwards. */
  focus ("requests.new.natural");
  nb_ui_test_key (GDK_KEY_Tab, GDK_SHIFT_MASK);
  nb_ui_test_spin (50);
  g_assert_false (focus_in_grid (grid ("requests")));

  focus ("requests.new.natural");

  nb_ui_test_key (GDK_KEY_Tab, 0);
  g_assert_true (gtk_widget_has_focus (cell ("requests.new.commercial")));
  nb_ui_test_key (GDK_KEY_Tab, GDK_SHIFT_MASK);
  g_assert_true (gtk_widget_has_focus (cell ("requests.new.natural")));
  nb_ui_test_key (GDK_KEY_Down, 0);
  g_assert_true (gtk_widget_has_focus (cell ("requests.carried.natural")));
  nb_ui_test_key (GDK_KEY_Return, 0);
  g_assert_true (gtk_widget_has_focus (cell ("requests.result.disclosed.natural")));
  nb_ui_test_key (GDK_KEY_Up, 0);
  g_assert_true (gtk_widget_has_focus (cell ("requests.carried.natural")));
  nb_ui_test_key (GDK_KEY_Right, 0);
  g_assert_true (gtk_widget_has_focus (cell ("requests.carried.commercial")));
  nb_ui_test_key (GDK_KEY_Left, 0);
  g_assert_true (gtk_widget_has_focus (cell ("requests.carried.natural")));

  focus ("requests.new.other");
  nb_ui_test_key (GDK_KEY_Tab, 0);
  g_assert_true (gtk_widget_has_focus (cell ("requests.carried.natural")));
  /* Arrows do reach a computed total, to read it. */
  focus ("requests.new.other");
  nb_ui_test_key (GDK_KEY_Right, 0);
  g_assert_true (gtk_widget_has_focus (cell ("requests.new.total")));
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (cell ("requests.new.total"))));
  teardown ();
}

/* Whether all of @data (a cell) is inside its table's visible area. */
static gboolean
in_view (gpointer data)
{
  GtkWidget *text = data;
  GtkWidget *viewport = gtk_widget_get_ancestor (text, GTK_TYPE_VIEWPORT);
  graphene_rect_t b;

  return gtk_widget_compute_bounds (text, viewport, &b) &&
         b.origin.x >= 0 && b.origin.x + b.size.width <= gtk_widget_get_width (viewport) &&
         b.origin.y >= 0 && b.origin.y + b.size.height <= gtk_widget_get_height (viewport);
}

/* The focused cell is always scrolled into view: by arrows, by Tab, and
 * when a problem leads to it from another page. */
static void
test_scroll_to_focus (void)
{
  setup ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  nb_window_show_page (window, "requests");
  nb_ui_test_wait_drawn (GTK_WIDGET (window));
  nb_ui_test_wait_drawn (GTK_WIDGET (window));
  /* The window is narrower and shorter than table 三. */
  g_assert_false (in_view (cell ("requests.new.total")));
  g_assert_false (in_view (cell ("requests.carried_next.other")));

  focus ("requests.new.other");
  nb_ui_test_key (GDK_KEY_Right, 0);
  g_assert_true (gtk_widget_has_focus (cell ("requests.new.total")));
  g_assert_true (nb_ui_test_wait (in_view, cell ("requests.new.total"), 2000));
  focus ("requests.new.natural");
  g_assert_true (nb_ui_test_wait (in_view, cell ("requests.new.natural"), 2000));

  for (guint i = 0; i < 40 && !gtk_widget_has_focus (cell ("requests.carried_next.natural")); i++)
    nb_ui_test_key (GDK_KEY_Down, 0);
  g_assert_true (gtk_widget_has_focus (cell ("requests.carried_next.natural")));
  g_assert_true (nb_ui_test_wait (in_view, cell ("requests.carried_next.natural"), 2000));

  /* From another page, as activating a problem does. */
  nb_window_show_page (window, "meta");
  nb_ui_test_wait_drawn (GTK_WIDGET (window));
  focus ("requests.new.total");
  g_assert_true (nb_ui_test_wait (in_view, cell ("requests.new.total"), 2000));
  teardown ();
}

/* With auto totals off a total is typed and checked; on again, computed. */
static void
test_auto_totals (void)
{
  GtkWidget *total;
  GtkWidget *meta;
  GtkSwitch *toggle;

  setup ();
  total = cell ("requests.new.total");
  g_assert_true (gtk_widget_has_css_class (total, "total"));
  g_assert_true (gtk_widget_has_css_class (total, "computed"));
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (total)));

  /* The switch on 基本信息, clicked. */
  nb_window_show_page (window, "meta");
  nb_ui_test_wait_drawn (GTK_WIDGET (window));
  meta = nb_window_get_page (window, "meta");
  toggle = NULL;
  for (GtkWidget *w = meta; w != NULL; )
    {
      if (GTK_IS_SWITCH (w))
        {
          toggle = GTK_SWITCH (w);
          break;
        }
      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != meta && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = w == meta ? NULL : gtk_widget_get_next_sibling (w);
        }
    }
  g_assert_nonnull (toggle);
  g_assert_true (gtk_switch_get_active (toggle));
  nb_ui_test_click (GTK_WIDGET (toggle));
  g_assert_false (nb_report_get_auto_totals (report));

  g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (total)));
  g_assert_false (gtk_widget_has_css_class (total, "computed"));
  g_assert_true (gtk_widget_has_css_class (total, "total"));

  /* Typed by hand and wrong: R1 says so, and the row's parts are untouched. */
  focus ("requests.new.total");
  nb_ui_test_type ("7");
  assert_value ("requests.new.total", "7");
  g_assert_true (nb_ui_test_has_rule (rules, "R1", "requests.new.total"));
  g_assert_true (gtk_widget_has_css_class (total, "error"));

  /* On again: the wrong total would be replaced, so it asks first; then
   * computed from the parts, read-only, R1 gone. */
  nb_window_show_page (window, "meta");
  nb_ui_test_wait_drawn (GTK_WIDGET (window));
  nb_ui_test_click (GTK_WIDGET (toggle));
  {
    AdwMessageDialog *dialog = nb_ui_test_wait_dialog (GTK_WINDOW (window), 5000);

    g_assert_false (nb_report_get_auto_totals (report));
    adw_message_dialog_response (dialog, "compute");
    gtk_window_destroy (GTK_WINDOW (dialog));
    nb_ui_test_spin (50);
  }
  g_assert_true (nb_report_get_auto_totals (report));
  assert_value ("requests.new.total", "0");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (total)), ==, "0");
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (total)));
  g_assert_false (nb_ui_test_has_rule (rules, "R1", NULL));
  teardown ();
}

/* Every table is the template's layout grid, cell for cell and span for
 * span, and no label is cut short. */
static void
test_layout_from_template (void)
{
  NbTemplate *template;

  setup ();
  template = nb_report_get_template (report);
  for (guint t = 0; t < nb_template_get_n_tables (template); t++)
    {
      const NbTemplateTable *table = nb_template_get_table (template, t);
      NbGridEditor *editor = grid (table->section_id);
      GtkGrid *gtk_grid = NULL;
      guint n_children = 0;

      nb_window_show_page (window, table->section_id);
      nb_ui_test_wait_drawn (GTK_WIDGET (window));

      for (guint i = 0; i < table->n_grid_cells; i++)
        {
          const NbTemplateGridCell *g = &table->grid_cells[i];
          GtkWidget *widget;
          int column, row, width, height;

          if (g->role == NB_GRID_DATA)
            widget = nb_grid_editor_get_cell_widget (editor, (guint) g->cell);
          else
            {
              widget = NULL;
              gtk_grid = GTK_GRID (gtk_widget_get_parent (nb_grid_editor_get_cell_widget (
                editor, (guint) table->grid_cells[table->n_grid_cells - 1].cell)));
              widget = gtk_grid_get_child_at (gtk_grid, (int) g->col, (int) g->row);
              g_assert_true (GTK_IS_LABEL (widget));
              /* The template's words, maybe broken into lines. */
              {
                g_auto(GStrv) lines = g_strsplit (gtk_label_get_text (GTK_LABEL (widget)), "\n", -1);
                g_autofree char *joined = g_strjoinv ("", lines);
                g_assert_cmpstr (joined, ==, g->text);
              }
              /* Wrapped, never ellipsized, and the laid-out text fits the
               * room the label was given: nothing is cut off. */
              {
                PangoLayout *layout = gtk_label_get_layout (GTK_LABEL (widget));
                int text_w, text_h;

                g_assert_false (pango_layout_is_ellipsized (layout));
                pango_layout_get_pixel_size (layout, &text_w, &text_h);
                g_assert_cmpint (text_w, <=, gtk_widget_get_width (widget));
                g_assert_cmpint (text_h, <=, gtk_widget_get_height (widget));
              }
            }
          g_assert_nonnull (widget);
          gtk_grid = GTK_GRID (gtk_widget_get_parent (widget));
          gtk_grid_query_child (gtk_grid, widget, &column, &row, &width, &height);
          g_assert_cmpint (column, ==, (int) g->col);
          g_assert_cmpint (row, ==, (int) g->row);
          g_assert_cmpint (width, ==, (int) MAX (1u, g->col_span));
          g_assert_cmpint (height, ==, (int) MAX (1u, g->row_span));
        }
      for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (gtk_grid)); c != NULL;
           c = gtk_widget_get_next_sibling (c))
        n_children++;
      g_assert_cmpuint (n_children, ==, table->n_grid_cells);
    }
  teardown ();
}

int
main (int   argc,
      char *argv[])
{
  nb_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/grid/type-problem-undo", test_type_problem_undo);
  g_test_add_func ("/ui/grid/refuse-letters", test_refuse_letters);
  g_test_add_func ("/ui/grid/refused-over-selection", test_refused_over_selection);
  g_test_add_func ("/ui/grid/narrow-window", test_narrow_window);
  g_test_add_func ("/ui/grid/hint", test_hint);
  g_test_add_func ("/ui/grid/paste-several", test_paste_several);
  g_test_add_func ("/ui/grid/full-width-digits", test_full_width_digits);
  g_test_add_func ("/ui/grid/amount", test_amount);
  g_test_add_func ("/ui/grid/navigation", test_navigation);
  g_test_add_func ("/ui/grid/scroll-to-focus", test_scroll_to_focus);
  g_test_add_func ("/ui/grid/auto-totals", test_auto_totals);
  g_test_add_func ("/ui/grid/layout-from-template", test_layout_from_template);

  return g_test_run ();
}
