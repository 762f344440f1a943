/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "nb-meta-page.h"
#include "nb-section-row.h"
#include "nb-storage.h"
#include "nb-ui-test.h"
#include "nb-window-private.h"

/* 基本信息 and the window around the pages: the title follows the agency
 * and year, a bad year is marked, and the shortcuts window, the about
 * window, the problems panel and the sidebar keys work. */

static NbWindow *
open_sample (void)
{
  g_autofree char *path = nb_ui_test_copy_sample ("meta.nianbao");
  return nb_ui_test_open_window (path);
}

static GtkWidget *
row (NbWindow    *window,
     NbMetaField  field)
{
  return nb_meta_page_get_field_row (NB_META_PAGE (nb_window_get_page (window, "meta")), field);
}

static void
test_title (void)
{
  NbWindow *window = open_sample ();
  NbReport *report = nb_window_get_report (window);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==,
                   "东胜区统计局2023年政府信息公开工作年度报告");
  /* The report's title in the Chinese face, the file under it in the UI's. */
  g_assert_true (nb_ui_test_in_chinese_face (nb_ui_test_find_descendant (GTK_WIDGET (window->window_title),
                                                                          GTK_TYPE_LABEL, "title")));
  g_assert_false (nb_ui_test_in_chinese_face (nb_ui_test_find_descendant (GTK_WIDGET (window->window_title),
                                                                           GTK_TYPE_LABEL, "subtitle")));

  gtk_widget_grab_focus (row (window, NB_META_YEAR));
  nb_ui_test_key (GDK_KEY_a, GDK_CONTROL_MASK);
  nb_ui_test_type ("2024");
  g_assert_cmpstr (nb_report_get_meta (report, NB_META_YEAR), ==, "2024");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==,
                   "• 东胜区统计局2024年政府信息公开工作年度报告");
  g_assert_false (gtk_widget_has_css_class (row (window, NB_META_YEAR), "error"));

  /* Typed with a Chinese input method: full-width digits become the year. */
  nb_ui_test_key (GDK_KEY_a, GDK_CONTROL_MASK);
  nb_ui_test_type ("２０２５");
  g_assert_cmpstr (nb_report_get_meta (report, NB_META_YEAR), ==, "2025");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (window, NB_META_YEAR))), ==, "2025");
  g_assert_cmpint (nb_report_get_year (report), ==, 2025);
  g_assert_false (gtk_widget_has_css_class (row (window, NB_META_YEAR), "error"));
  g_assert_null (gtk_widget_get_tooltip_text (row (window, NB_META_YEAR)));
  nb_ui_test_key (GDK_KEY_a, GDK_CONTROL_MASK);
  nb_ui_test_type ("2024");

  /* Not a year: marked, and the title does without it. */
  nb_ui_test_type ("年");
  g_assert_cmpstr (nb_report_get_meta (report, NB_META_YEAR), ==, "2024年");
  g_assert_true (gtk_widget_has_css_class (row (window, NB_META_YEAR), "error"));
  g_assert_nonnull (gtk_widget_get_tooltip_text (row (window, NB_META_YEAR)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==,
                   "• 东胜区统计局政府信息公开工作年度报告");

  /* Contact details go into the model as typed. */
  gtk_widget_grab_focus (row (window, NB_META_PHONE));
  nb_ui_test_key (GDK_KEY_a, GDK_CONTROL_MASK);
  nb_ui_test_type ("0477-1234567");
  g_assert_cmpstr (nb_report_get_meta (report, NB_META_PHONE), ==, "0477-1234567");

  nb_ui_test_close_window (window);
}

static gboolean
popover_mapped (gpointer data)
{
  GtkWidget *popover = nb_ui_test_find_descendant (data, GTK_TYPE_POPOVER, NULL);
  GtkWidget *label = popover != NULL ? nb_ui_test_find_descendant (popover, GTK_TYPE_LABEL, NULL) : NULL;

  /* Laid out, so that it can be clicked. */
  return label != NULL && gtk_widget_get_mapped (popover) && gtk_widget_get_width (label) > 0;
}

static gboolean
title_in_ui_face (gpointer data)
{
  NbWindow *window = data;

  return !nb_ui_test_in_chinese_face (nb_ui_test_find_descendant (GTK_WIDGET (window->window_title),
                                                                   GTK_TYPE_LABEL, "title"));
}

/* In 基本信息 the values are the report's Chinese, in the Chinese face;
 * the rows' titles are the UI's, in the UI font like every other row's. */
static void
test_fonts (void)
{
  NbWindow *window = open_sample ();
  GtkWidget *page = nb_window_get_page (window, "meta");
  const NbMetaField chinese[] = { NB_META_AGENCY, NB_META_ADDRESS, NB_META_SIGNER, NB_META_DATE };
  GtkWidget *form;
  GtkWidget *popover;

  for (guint i = 0; i < G_N_ELEMENTS (chinese); i++)
    {
      GtkWidget *r = row (window, chinese[i]);

      g_assert_true (nb_ui_test_in_chinese_face (nb_ui_test_find_descendant (r, GTK_TYPE_TEXT, NULL)));
      /* AdwEntryRow's caption over the value, and its title when empty. */
      g_assert_false (nb_ui_test_in_chinese_face (nb_ui_test_find_descendant (r, GTK_TYPE_LABEL, "subtitle")));
      g_assert_false (nb_ui_test_in_chinese_face (nb_ui_test_find_descendant (r, GTK_TYPE_LABEL, "title")));
    }
  g_assert_false (nb_ui_test_in_chinese_face (nb_ui_test_find_descendant (row (window, NB_META_YEAR), GTK_TYPE_TEXT, NULL)));

  form = nb_ui_test_find_descendant (page, ADW_TYPE_ACTION_ROW, "report-form");
  g_assert_false (nb_ui_test_in_chinese_face (nb_ui_test_find_descendant (form, GTK_TYPE_LABEL, "title")));
  g_assert_true (nb_ui_test_in_chinese_face (nb_ui_test_find_descendant (form, GTK_TYPE_LABEL, "subtitle")));
  /* The forms to choose from, too. */
  gtk_widget_activate (form);
  g_assert_true (nb_ui_test_wait (popover_mapped, form, 30000));
  popover = nb_ui_test_find_descendant (form, GTK_TYPE_POPOVER, NULL);
  g_assert_true (nb_ui_test_in_chinese_face (nb_ui_test_find_descendant (popover, GTK_TYPE_LABEL, NULL)));
  gtk_popover_popdown (GTK_POPOVER (popover));
  nb_ui_test_close_window (window);

  /* A report with neither agency nor year is "Untitled Report", the UI's. */
  window = nb_ui_test_open_window (NULL);
  nb_report_set_meta (nb_window_get_report (window), NB_META_YEAR, "");
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), "Untitled Report"));
  /* The style follows at a frame of its own: a slow build (sanitizers)
   * may need more than the first. */
  g_assert_true (nb_ui_test_wait (title_in_ui_face, window, 3000));
  nb_ui_test_close_window (window);
}

static gboolean
label_is (GtkWidget     *widget,
          gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_str_equal (gtk_label_get_label (GTK_LABEL (widget)), text);
}

/* The menu item (the label's button) of @name in the open forms' menu. */
static GtkWidget *
form_item (GtkWidget  *form,
           const char *name)
{
  GtkWidget *popover = nb_ui_test_find_descendant (form, GTK_TYPE_POPOVER, NULL);
  GtkWidget *label = popover != NULL ? nb_ui_test_find (popover, label_is, name) : NULL;

  g_assert_nonnull (label);
  return gtk_widget_get_parent (label);
}

static gboolean
is_checked_radio (GtkWidget     *widget,
                  gconstpointer  data)
{
  return g_str_equal (gtk_widget_get_css_name (widget), "radio") &&
         (gtk_widget_get_state_flags (widget) & GTK_STATE_FLAG_CHECKED) != 0;
}

/* Whether the menu marks @item as the current choice (its radio). */
static gboolean
item_checked (GtkWidget *item)
{
  return nb_ui_test_find (item, is_checked_radio, NULL) != NULL;
}

static const char *
form_subtitle (NbWindow *window)
{
  GtkWidget *form = nb_ui_test_find_descendant (nb_window_get_page (window, "meta"),
                                                ADW_TYPE_ACTION_ROW, "report-form");

  return adw_action_row_get_subtitle (ADW_ACTION_ROW (form));
}

/* The form row names the report's form; its menu, made when first opened,
 * lists every form with the report's marked, and choosing another asks to
 * convert: cancelled, nothing changes; accepted, the report is in the
 * other form and the row says so. */
static void
test_form_menu (void)
{
  NbWindow *window = open_sample ();
  NbReport *report = nb_window_get_report (window);
  g_autoptr(NbTemplate) form_2019 = nb_template_load ("gov-disclosure-2019", NULL);
  g_autofree char *name_2021 = g_strdup (nb_template_get_name (nb_report_get_template (report)));
  GtkWidget *form = nb_ui_test_find_descendant (nb_window_get_page (window, "meta"),
                                                ADW_TYPE_ACTION_ROW, "report-form");
  GtkMenuButton *button = GTK_MENU_BUTTON (nb_ui_test_find_descendant (form, GTK_TYPE_MENU_BUTTON, NULL));
  AdwMessageDialog *dialog;

  g_assert_nonnull (form_2019);
  g_assert_cmpstr (nb_template_get_id (nb_report_get_template (report)), ==, "gov-disclosure-2021");
  g_assert_cmpstr (form_subtitle (window), ==, name_2021);
  g_assert_null (gtk_menu_button_get_menu_model (button));

  nb_ui_test_wait_drawn (GTK_WIDGET (window));
  nb_ui_test_click (form);
  g_assert_true (nb_ui_test_wait (popover_mapped, form, 30000));
  g_assert_nonnull (gtk_menu_button_get_menu_model (button));
  g_assert_true (item_checked (form_item (form, name_2021)));
  g_assert_false (item_checked (form_item (form, nb_template_get_name (form_2019))));

  nb_ui_test_click (form_item (form, nb_template_get_name (form_2019)));
  dialog = nb_ui_test_wait_dialog (GTK_WINDOW (window), 2000);
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  nb_ui_test_spin (100);
  g_assert_cmpstr (nb_template_get_id (nb_report_get_template (report)), ==, "gov-disclosure-2021");
  g_assert_cmpstr (form_subtitle (window), ==, name_2021);
  g_assert_false (nb_window_get_modified (window));

  nb_ui_test_click (form);
  g_assert_true (nb_ui_test_wait (popover_mapped, form, 30000));
  g_assert_true (item_checked (form_item (form, name_2021)));
  nb_ui_test_click (form_item (form, nb_template_get_name (form_2019)));
  dialog = nb_ui_test_wait_dialog (GTK_WINDOW (window), 2000);
  adw_message_dialog_response (dialog, "convert");
  gtk_window_destroy (GTK_WINDOW (dialog));
  nb_ui_test_spin (100);
  report = nb_window_get_report (window);
  g_assert_cmpstr (nb_template_get_id (nb_report_get_template (report)), ==, "gov-disclosure-2019");
  g_assert_cmpstr (form_subtitle (window), ==, nb_template_get_name (form_2019));
  g_assert_true (nb_window_get_modified (window));

  nb_ui_test_close_window (window);
}

static void
meta_counts (NbWindow *window,
             guint    *errors,
             guint    *warnings)
{
  GtkWidget *first = gtk_widget_get_first_child (GTK_WIDGET (window->sidebar));

  g_assert_cmpstr (nb_section_row_get_page_id (NB_SECTION_ROW (first)), ==, "meta");
  nb_section_row_get_counts (NB_SECTION_ROW (first), errors, warnings);
}

/* Without an agency (M1) the report has no title nor signature: a warning
 * counted on 基本信息; activating it goes to the agency's row. */
static void
test_required_fields (void)
{
  NbWindow *window = open_sample ();
  NbReport *report = nb_window_get_report (window);
  GtkWidget *problem;
  guint errors = 0, warnings = 0;

  meta_counts (window, &errors, &warnings);
  g_assert_cmpuint (warnings, ==, 0);

  gtk_widget_grab_focus (row (window, NB_META_AGENCY));
  nb_ui_test_key (GDK_KEY_a, GDK_CONTROL_MASK);
  nb_ui_test_key (GDK_KEY_Delete, 0);
  g_assert_cmpstr (nb_report_get_meta (report, NB_META_AGENCY), ==, "");
  meta_counts (window, &errors, &warnings);
  g_assert_cmpuint (errors, ==, 0);
  g_assert_cmpuint (warnings, ==, 1);

  nb_window_show_page (window, "requests");
  nb_ui_test_wait_drawn (GTK_WIDGET (window));
  problem = nb_ui_test_find_problem_row (window, "M1", "meta.agency");
  g_assert_nonnull (problem);
  nb_ui_test_click (problem);
  g_assert_cmpstr (nb_window_get_visible_page (window), ==, "meta");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), row (window, NB_META_AGENCY)));

  nb_ui_test_type ("东胜区统计局");
  g_assert_null (nb_ui_test_find_problem_row (window, "M1", NULL));
  meta_counts (window, &errors, &warnings);
  g_assert_cmpuint (warnings, ==, 0);
  nb_ui_test_close_window (window);
}

static gboolean
seal_set (gpointer data)
{
  return nb_report_get_seal (data) != NULL;
}

static const char *toast_text;

static gboolean
toast_says (gpointer data)
{
  NbWindow *window = data;

  return nb_ui_test_find_toast_label (GTK_WIDGET (window->toast_overlay), toast_text) != NULL;
}

static gboolean
css_name_is (GtkWidget     *widget,
             gconstpointer  name)
{
  return g_str_equal (gtk_widget_get_css_name (widget), name);
}

/* Chooses @data (of @size bytes) as the seal; with @refusal, waits for a
 * toast saying it and checks no seal was set. */
static void
choose_seal (NbWindow   *window,
             const char *name,
             const char *data,
             gsize       size,
             const char *refusal)
{
  NbMetaPage *page = NB_META_PAGE (nb_window_get_page (window, "meta"));
  g_autofree char *path = g_build_filename (nb_ui_test_tmpdir (), name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, data, (gssize) size, &error));
  g_assert_no_error (error);
  nb_meta_page_load_seal (page, file);
  if (refusal == NULL)
    return;
  toast_text = refusal;
  g_assert_true (nb_ui_test_wait (toast_says, window, 5000));
  g_assert_null (nb_report_get_seal (nb_window_get_report (window)));
  /* Dismissed, so that the next toast shows at once. */
  {
    GtkWidget *toast = nb_ui_test_find (GTK_WIDGET (window->toast_overlay), css_name_is, "toast");
    GtkWidget *close = toast != NULL ? nb_ui_test_find_descendant (toast, GTK_TYPE_BUTTON, NULL) : NULL;

    g_assert_nonnull (close);
    g_signal_emit_by_name (close, "clicked");
  }
}

/* A seal image is taken when it can be saved, read again and printed: a
 * PNG or an SVG (also one whose 4096th byte is inside a Chinese character)
 * of at most 8 MiB and 4096 pixels a side. Anything else is refused with
 * the reason, and the report keeps no seal. */
static void
test_seal_choice (void)
{
  static const char big_ihdr[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x3e\x80\0\0\x3e\x80\x08\x06\0\0\0";
  NbWindow *window = open_sample ();
  NbReport *report = nb_window_get_report (window);
  g_autoptr(GString) svg = g_string_new ("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\">");
  gsize big_size = NB_STORAGE_MAX_SEAL_SIZE + 1;
  g_autofree char *big = g_malloc0 (big_size);

  g_assert_null (nb_report_get_seal (report));

  memcpy (big, "\x89PNG\r\n\x1a\n", 8);
  choose_seal (window, "big.png", big, big_size, "too large");
  choose_seal (window, "huge.png", big_ihdr, sizeof big_ihdr - 1, "16000 × 16000");
  choose_seal (window, "corrupt.png", "\x89PNG\r\n\x1a\nnot really", 18, "could not be read: error while reading");
  choose_seal (window, "broken.svg", "<svg><circle", 12, "XML parse error");
  choose_seal (window, "text.txt", "印章", strlen ("印章"), "neither PNG nor SVG");

  /* An SVG whose first 4096 bytes end inside a character. */
  while (svg->len < 4095)
    g_string_append (svg, "<!-- x -->");
  g_string_truncate (svg, 4095);
  g_string_append (svg, "<!-- 东胜区统计局 --><circle cx=\"50\" cy=\"50\" r=\"40\" fill=\"red\"/></svg>");
  choose_seal (window, "seal.svg", svg->str, svg->len, NULL);
  g_assert_true (nb_ui_test_wait (seal_set, report, 5000));
  nb_ui_test_close_window (window);
}

/* Compute Totals turned on over totals typed as published that do not add
 * up: asked first, with how many; kept, nothing changes; computed, they
 * are replaced (and Undo brings them back). Totals that add up: no
 * question. */
static void
test_compute_totals_asks (void)
{
  NbWindow *window = open_sample ();
  NbReport *report = nb_window_get_report (window);
  GtkSwitch *sw = GTK_SWITCH (nb_ui_test_find_descendant (nb_window_get_page (window, "meta"),
                                                          GTK_TYPE_SWITCH, NULL));
  AdwMessageDialog *dialog;
  g_autofree char *typed = NULL;
  g_autofree char *computed = NULL;

  g_assert_nonnull (sw);
  gtk_switch_set_active (sw, FALSE);
  g_assert_false (nb_report_get_auto_totals (report));
  g_assert_true (nb_report_set_value_by_id (report, "requests.new.total", &(NbDecimal) { 1500, 0 }, NULL));

  gtk_switch_set_active (sw, TRUE);
  dialog = nb_ui_test_wait_dialog (GTK_WINDOW (window), 5000);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "1 total"));
  g_assert_false (nb_report_get_auto_totals (report));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  nb_ui_test_spin (50);
  g_assert_false (nb_report_get_auto_totals (report));
  g_assert_false (gtk_switch_get_active (sw));
  typed = nb_ui_test_value (report, "requests.new.total");
  g_assert_cmpstr (typed, ==, "1500");

  gtk_switch_set_active (sw, TRUE);
  dialog = nb_ui_test_wait_dialog (GTK_WINDOW (window), 5000);
  adw_message_dialog_response (dialog, "compute");
  gtk_window_destroy (GTK_WINDOW (dialog));
  nb_ui_test_spin (50);
  g_assert_true (nb_report_get_auto_totals (report));
  g_assert_true (gtk_switch_get_state (sw));
  computed = nb_ui_test_value (report, "requests.new.total");
  g_assert_cmpstr (computed, !=, "1500");

  /* Off and on again: every total adds up now, nothing to ask. */
  gtk_switch_set_active (sw, FALSE);
  gtk_switch_set_active (sw, TRUE);
  nb_ui_test_spin (50);
  g_assert_null (nb_ui_test_find_dialog (GTK_WINDOW (window)));
  g_assert_true (nb_report_get_auto_totals (report));
  nb_ui_test_close_window (window);
}

static void
finalized_cb (gpointer  data,
              GObject  *object)
{
  *(gboolean *) data = TRUE;
}

/* The window closed while Compute Totals asks: the question goes with it,
 * and so do the page and the report (the dialog held them for ever). */
static void
test_compute_totals_close (void)
{
  NbWindow *window = open_sample ();
  NbReport *report = nb_window_get_report (window);
  GtkSwitch *sw = GTK_SWITCH (nb_ui_test_find_descendant (nb_window_get_page (window, "meta"),
                                                          GTK_TYPE_SWITCH, NULL));
  gboolean page_gone = FALSE, report_gone = FALSE;

  gtk_switch_set_active (sw, FALSE);
  g_assert_true (nb_report_set_value_by_id (report, "requests.new.total", &(NbDecimal) { 1500, 0 }, NULL));
  g_object_weak_ref (G_OBJECT (nb_window_get_page (window, "meta")), finalized_cb, &page_gone);
  g_object_weak_ref (G_OBJECT (report), finalized_cb, &report_gone);
  gtk_switch_set_active (sw, TRUE);
  g_assert_nonnull (nb_ui_test_wait_dialog (GTK_WINDOW (window), 5000));
  nb_ui_test_close_window (window);
  nb_ui_test_spin (300);
  g_assert_true (page_gone);
  g_assert_true (report_gone);
}

static gboolean
is_seal_row (GtkWidget     *widget,
             gconstpointer  data)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), "Seal Image") == 0;
}

static gboolean
row_says_damaged (gpointer data)
{
  const char *subtitle = adw_action_row_get_subtitle (data);

  return subtitle != NULL && strstr (subtitle, "neither PNG nor SVG") != NULL;
}

/* A report file whose seal is not an image (written by something else, or
 * damaged): its row says so when the report is opened, not first when the
 * PDF is made; a good seal chosen then clears it. */
static void
test_seal_damaged_in_file (void)
{
  g_autofree char *path = nb_ui_test_copy_sample ("damaged-seal.nianbao");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(NbReport) report = nb_storage_load_file (file, NULL, NULL);
  g_autoptr(GBytes) text = g_bytes_new_static ("印章", strlen ("印章"));
  g_autoptr(GError) error = NULL;
  NbWindow *window;
  GtkWidget *row;

  g_assert_nonnull (report);
  nb_report_set_seal (report, text);
  g_assert_true (nb_storage_save_file (report, file, NULL, &error));
  g_assert_no_error (error);

  window = nb_ui_test_open_window (path);
  row = nb_ui_test_find (nb_window_get_page (window, "meta"), is_seal_row, NULL);
  g_assert_nonnull (row);
  g_assert_true (nb_ui_test_wait (row_says_damaged, row, 5000));
  g_assert_true (gtk_widget_has_css_class (row, "seal-damaged"));

  /* Removed: the row is plain again. */
  nb_report_set_seal (nb_window_get_report (window), NULL);
  g_assert_false (gtk_widget_has_css_class (row, "seal-damaged"));
  g_assert_false (row_says_damaged (row));
  nb_ui_test_close_window (window);
}

static gboolean
has_toplevel_of_type (gpointer data)
{
  GType type = GPOINTER_TO_SIZE (data);
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_mapped (GTK_WIDGET (w)))
        return TRUE;
    }
  return FALSE;
}

static void
close_toplevels_of_type (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i - 1);
      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
        gtk_window_destroy (GTK_WINDOW (w));
    }
}

/* Ctrl+? opens the shortcuts window (resources/gtk/help-overlay.ui). */
static void
test_shortcuts_window (void)
{
  NbWindow *window = open_sample ();

  nb_ui_test_key (GDK_KEY_question, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  g_assert_true (nb_ui_test_wait (has_toplevel_of_type, GSIZE_TO_POINTER (GTK_TYPE_SHORTCUTS_WINDOW), 5000));
  close_toplevels_of_type (GTK_TYPE_SHORTCUTS_WINDOW);

  g_action_group_activate_action (G_ACTION_GROUP (nb_ui_test_app ()), "about", NULL);
  g_assert_true (nb_ui_test_wait (has_toplevel_of_type, GSIZE_TO_POINTER (ADW_TYPE_ABOUT_WINDOW), 5000));
  close_toplevels_of_type (ADW_TYPE_ABOUT_WINDOW);

  nb_ui_test_close_window (window);
}

/* F8 hides and shows the problems, remembered in the settings; Alt+N goes
 * to the N-th page of the sidebar. */
static void
test_panel_and_pages (void)
{
  NbWindow *window = open_sample ();
  NbSettings *settings = nb_application_get_settings (nb_ui_test_app ());

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->problems)));
  nb_ui_test_key (GDK_KEY_F8, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->problems)));
  g_assert_false (nb_settings_get_show_problems (settings));
  nb_ui_test_key (GDK_KEY_F8, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->problems)));
  g_assert_true (nb_settings_get_show_problems (settings));

  nb_ui_test_key (GDK_KEY_5, GDK_ALT_MASK);
  g_assert_cmpstr (nb_window_get_visible_page (window), ==, "requests");
  nb_ui_test_key (GDK_KEY_1, GDK_ALT_MASK);
  g_assert_cmpstr (nb_window_get_visible_page (window), ==, "meta");

  /* The size is remembered for the next window. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1111, 777);
  nb_ui_test_spin (100);
  nb_ui_test_close_window (window);
  {
    int width, height;
    gboolean maximized;

    nb_settings_get_window_state (settings, &width, &height, &maximized);
    g_assert_cmpint (width, ==, 1111);
    g_assert_cmpint (height, ==, 777);
    g_assert_false (maximized);
  }
}

/* Counts the page's border nodes, and those whose four sides differ in
 * colour: GSK's cairo renderer paints those through a mesh gradient
 * (libadwaita's boxed-list separators, about 1 ms each at start-up) where
 * one colour is a plain fill. style.css gives the separators one colour. */
static void
count_borders (GskRenderNode *node,
               guint         *n_borders,
               guint         *n_mixed)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_BORDER_NODE:
      {
        const GdkRGBA *colors = gsk_border_node_get_colors (node);

        (*n_borders)++;
        if (!gdk_rgba_equal (&colors[0], &colors[1]) || !gdk_rgba_equal (&colors[0], &colors[2]) ||
            !gdk_rgba_equal (&colors[0], &colors[3]))
          (*n_mixed)++;
      }
      break;
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        count_borders (gsk_container_node_get_child (node, i), n_borders, n_mixed);
      break;
    case GSK_TRANSFORM_NODE:
      count_borders (gsk_transform_node_get_child (node), n_borders, n_mixed);
      break;
    case GSK_CLIP_NODE:
      count_borders (gsk_clip_node_get_child (node), n_borders, n_mixed);
      break;
    case GSK_ROUNDED_CLIP_NODE:
      count_borders (gsk_rounded_clip_node_get_child (node), n_borders, n_mixed);
      break;
    case GSK_OPACITY_NODE:
      count_borders (gsk_opacity_node_get_child (node), n_borders, n_mixed);
      break;
    case GSK_COLOR_MATRIX_NODE:
      count_borders (gsk_color_matrix_node_get_child (node), n_borders, n_mixed);
      break;
    case GSK_SHADOW_NODE:
      count_borders (gsk_shadow_node_get_child (node), n_borders, n_mixed);
      break;
    case GSK_DEBUG_NODE:
      count_borders (gsk_debug_node_get_child (node), n_borders, n_mixed);
      break;
    default:
      break;
    }
}

/* Rows of the page's boxed lists but the last of each: the separators. */
static guint
count_separators (GtkWidget *widget)
{
  guint n = 0;

  if (GTK_IS_LIST_BOX (widget) && gtk_widget_has_css_class (widget, "boxed-list"))
    {
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        n += gtk_widget_get_visible (child) ? 1 : 0;
      return n > 0 ? n - 1 : 0;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_separators (child);
  return n;
}

static void
test_plain_borders (void)
{
  NbWindow *window = open_sample ();
  GtkWidget *page = nb_window_get_page (window, "meta");
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (page);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  guint n_borders = 0, n_mixed = 0;

  nb_ui_test_wait_drawn (page);
  g_assert_cmpuint (count_separators (page), >=, 4);
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (page), gtk_widget_get_height (page));
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  count_borders (node, &n_borders, &n_mixed);
  /* At least the separators between the rows of each group. */
  g_assert_cmpuint (n_borders, >=, count_separators (page));
  g_assert_cmpuint (n_mixed, ==, 0);

  nb_ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  nb_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/meta/title-and-fields", test_title);
  g_test_add_func ("/ui/meta/plain-borders", test_plain_borders);
  g_test_add_func ("/ui/meta/fonts", test_fonts);
  g_test_add_func ("/ui/meta/form-menu", test_form_menu);
  g_test_add_func ("/ui/meta/required-fields", test_required_fields);
  g_test_add_func ("/ui/meta/seal-choice", test_seal_choice);
  g_test_add_func ("/ui/meta/seal-damaged-in-file", test_seal_damaged_in_file);
  g_test_add_func ("/ui/meta/compute-totals-asks", test_compute_totals_asks);
  g_test_add_func ("/ui/meta/compute-totals-close", test_compute_totals_close);
  g_test_add_func ("/ui/window/shortcuts-and-about", test_shortcuts_window);
  g_test_add_func ("/ui/window/panel-and-pages", test_panel_and_pages);

  return g_test_run ();
}
