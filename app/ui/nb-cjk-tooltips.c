/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-cjk-tooltips"

#include "config.h"

#include "nb-cjk-tooltips.h"

/* GTK 4.8 sizes a tooltip at the narrowest width its wrapping label allows.
 * Latin text only breaks at spaces, but Chinese may break after any
 * character, so a short Chinese tooltip came out one character per line
 * (主/菜/单). Short tooltips are therefore not wrapped at all; long ones
 * (the rule messages of a cell) wrap at a readable width. Also here, the
 * other app-wide tooltip rule: none over an open menu (popover_map_hook). */

#define SHORT_TOOLTIP_CHARS 40
#define LONG_TOOLTIP_WIDTH_CHARS 50

static void
tooltip_label_changed_cb (GtkLabel   *label,
                          GParamSpec *pspec,
                          gpointer    user_data)
{
  gboolean is_long = g_utf8_strlen (gtk_label_get_text (label), -1) > SHORT_TOOLTIP_CHARS;

  gtk_label_set_wrap (label, is_long);
  gtk_label_set_width_chars (label, is_long ? LONG_TOOLTIP_WIDTH_CHARS : -1);
}

/* Every label is realised once; the one inside a tooltip window is adjusted
 * then and on every later text change. */
static gboolean
label_realize_hook (GSignalInvocationHint *hint,
                    guint                  n_values,
                    const GValue          *values,
                    gpointer               user_data)
{
  GObject *object = g_value_get_object (&values[0]);
  GtkNative *native;

  if (!GTK_IS_LABEL (object) || g_object_get_data (object, "nb-cjk-tooltip") != NULL)
    return TRUE;
  native = gtk_widget_get_native (GTK_WIDGET (object));
  /* GtkTooltipWindow is private: it is known by its type name only. */
  if (native == NULL || !g_str_equal (G_OBJECT_TYPE_NAME (native), "GtkTooltipWindow"))
    return TRUE;

  g_object_set_data (object, "nb-cjk-tooltip", GINT_TO_POINTER (TRUE));
  g_signal_connect (object, "notify::label", G_CALLBACK (tooltip_label_changed_cb), NULL);
  tooltip_label_changed_cb (GTK_LABEL (object), NULL, NULL);
  return TRUE;
}

/* A menu button's tooltip, up when the button is clicked, stayed over the
 * menu's first item (Export's PDF): a clerk clicked the item under it. The
 * button has no tooltip while its popover is shown. */
static gboolean
popover_map_hook (GSignalInvocationHint *hint,
                  guint                  n_values,
                  const GValue          *values,
                  gpointer               user_data)
{
  GObject *object = g_value_get_object (&values[0]);
  gboolean mapped = GPOINTER_TO_INT (user_data);
  GtkWidget *button;

  if (!GTK_IS_POPOVER (object))
    return TRUE;
  button = gtk_widget_get_parent (GTK_WIDGET (object));
  if (!GTK_IS_MENU_BUTTON (button))
    return TRUE;
  if (mapped && gtk_widget_get_has_tooltip (button))
    {
      g_object_set_data (G_OBJECT (button), "nb-tooltip-held", GINT_TO_POINTER (TRUE));
      gtk_widget_set_has_tooltip (button, FALSE);
    }
  else if (!mapped && g_object_get_data (G_OBJECT (button), "nb-tooltip-held") != NULL)
    {
      g_object_set_data (G_OBJECT (button), "nb-tooltip-held", NULL);
      gtk_widget_set_has_tooltip (button, TRUE);
    }
  return TRUE;
}

/**
 * nb_cjk_tooltips_install:
 *
 * Call once, after gtk_init (in the application's startup).
 */
void
nb_cjk_tooltips_install (void)
{
  static gboolean installed;

  if (installed)
    return;
  installed = TRUE;
  /* The signal exists once the class does, maybe before any widget. */
  g_type_class_ref (GTK_TYPE_WIDGET);
  g_signal_add_emission_hook (g_signal_lookup ("realize", GTK_TYPE_WIDGET), 0,
                              label_realize_hook, NULL, NULL);
  g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0,
                              popover_map_hook, GINT_TO_POINTER (TRUE), NULL);
  g_signal_add_emission_hook (g_signal_lookup ("unmap", GTK_TYPE_WIDGET), 0,
                              popover_map_hook, GINT_TO_POINTER (FALSE), NULL);
}
