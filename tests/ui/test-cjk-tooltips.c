/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A short Chinese tooltip shows on one line: GTK 4.8 otherwise wraps it
 * after every character (主/菜/单), see app/ui/nb-cjk-tooltips.c. */
#include "config.h"

#include "nb-cjk-tooltips.h"
#include "nb-ui-test.h"

static GtkLabel *tooltip_label;

static gboolean
capture_hook (GSignalInvocationHint *hint,
              guint                  n_values,
              const GValue          *values,
              gpointer               user_data)
{
  GObject *object = g_value_get_object (&values[0]);
  GtkNative *native;

  if (!GTK_IS_LABEL (object))
    return TRUE;
  native = gtk_widget_get_native (GTK_WIDGET (object));
  if (native != NULL && g_str_equal (G_OBJECT_TYPE_NAME (native), "GtkTooltipWindow"))
    tooltip_label = GTK_LABEL (object);
  return TRUE;
}

static gboolean
tooltip_shown (gpointer data)
{
  return tooltip_label != NULL && gtk_widget_get_mapped (GTK_WIDGET (tooltip_label)) &&
         g_strcmp0 (gtk_label_get_text (tooltip_label), data) == 0 &&
         gtk_widget_get_width (GTK_WIDGET (tooltip_label)) > 0;
}

/* @button with the tooltip @text, alone in a window, drawn, the pointer
 * over it. Returns the window. */
static GtkWidget *
show_tooltip_of (GtkWidget  *button,
                 const char *text)
{
  GtkWidget *window = gtk_window_new ();

  gtk_widget_set_tooltip_text (button, text);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  gtk_window_set_child (GTK_WINDOW (window), button);
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 300);
  gtk_window_present (GTK_WINDOW (window));
  nb_ui_test_wait_drawn (button);
  nb_ui_test_hover (button);
  return window;
}

static void
test_short_tooltip_one_line (void)
{
  const char *text = "导出为 PDF 文件";
  GtkWidget *window = show_tooltip_of (gtk_button_new_with_label ("X"), text);
  g_autoptr(PangoLayout) layout = NULL;
  int text_width, text_height;

  g_assert_true (nb_ui_test_wait (tooltip_shown, (gpointer) text, 5000));

  /* The label is as wide as the whole text, and one line high. */
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (tooltip_label), text);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (tooltip_label)), >=, text_width);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (tooltip_label)), <, 2 * text_height);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
tooltip_gone (gpointer data)
{
  return tooltip_label == NULL || !gtk_widget_get_mapped (GTK_WIDGET (tooltip_label));
}

/* A menu button's tooltip does not stay over its open menu, where the
 * first item is (a clerk clicked Export's XLSX meaning PDF); closed, the
 * button has its tooltip again. */
static void
test_menu_hides_tooltip (void)
{
  const char *text = "导出为 PDF 或 XLSX";
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *window;

  gtk_popover_set_child (GTK_POPOVER (popover), gtk_label_new ("导出为 PDF"));
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), "导出");
  window = show_tooltip_of (button, text);
  g_assert_true (nb_ui_test_wait (tooltip_shown, (gpointer) text, 5000));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  g_assert_true (nb_ui_test_wait (tooltip_gone, NULL, 5000));
  g_assert_false (gtk_widget_get_has_tooltip (button));

  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  nb_ui_test_spin (50);
  g_assert_true (gtk_widget_get_has_tooltip (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, text);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  nb_ui_test_init (&argc, &argv);
  nb_cjk_tooltips_install ();
  g_type_class_ref (GTK_TYPE_WIDGET);
  g_signal_add_emission_hook (g_signal_lookup ("realize", GTK_TYPE_WIDGET), 0, capture_hook, NULL, NULL);
  g_test_add_func ("/ui/tooltips/short-chinese-one-line", test_short_tooltip_one_line);
  g_test_add_func ("/ui/tooltips/menu-hides-tooltip", test_menu_hides_tooltip);
  return g_test_run ();
}
