/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-preview-window"

#include "config.h"

#include <glib/gi18n.h>

#include "nb-preview-window.h"
#include "nb-window.h"

/**
 * NbPreviewWindow:
 *
 * The pages as they will print, drawn by the same #NbLayout as the PDF and
 * the print operation. GTK's own print preview needs an external viewer
 * (evince), which a clerk's computer may lack: this one needs nothing.
 */
struct _NbPreviewWindow
{
  AdwWindow       parent_instance;

  NbLayout       *layout;
  double          zoom;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkScrolledWindow *scroller;
  GtkBox         *pages_box;
};

G_DEFINE_FINAL_TYPE (NbPreviewWindow, nb_preview_window, ADW_TYPE_WINDOW)

#define ZOOM_MIN 0.5
#define ZOOM_MAX 2.0
#define ZOOM_STEP 0.25

static void
draw_page_cb (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  NbPreviewWindow *self = user_data;
  guint page = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (area), "nb-page"));
  double page_w, page_h;

  nb_layout_get_page_size (self->layout, &page_w, &page_h);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, width / page_w, height / page_h);
  nb_layout_draw_page (self->layout, cr, page);
}

static void
apply_zoom (NbPreviewWindow *self)
{
  double page_w, page_h;

  nb_layout_get_page_size (self->layout, &page_w, &page_h);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->pages_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (child), (int) (page_w * self->zoom));
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (child), (int) (page_h * self->zoom));
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.zoom-in", self->zoom < ZOOM_MAX);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.zoom-out", self->zoom > ZOOM_MIN);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  NbPreviewWindow *self = NB_PREVIEW_WINDOW (widget);

  if (g_str_equal (action_name, "preview.zoom-in"))
    self->zoom = MIN (ZOOM_MAX, self->zoom + ZOOM_STEP);
  else
    self->zoom = MAX (ZOOM_MIN, self->zoom - ZOOM_STEP);
  apply_zoom (self);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (widget));

  /* While the window saves or exports, its Print is off: this one stays
   * open rather than close with nothing printed. */
  if (!NB_IS_WINDOW (parent) || nb_window_get_busy (NB_WINDOW (parent)) ||
      !gtk_widget_activate_action (GTK_WIDGET (parent), "win.print", NULL))
    {
      gtk_widget_error_bell (widget);
      return;
    }
  gtk_window_close (GTK_WINDOW (widget));
}

/* Paging through the preview from the keyboard: "page-down", "page-up",
 * "down", "up", "start" or "end". */
static void
scroll_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  NbPreviewWindow *self = NB_PREVIEW_WINDOW (widget);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  const char *where = g_variant_get_string (parameter, NULL);
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);
  /* A page less a few lines, so the eye keeps its place. */
  double page_step = MAX (page - 48, page / 2);
  double line_step = 48;

  if (g_str_equal (where, "page-down"))
    value += page_step;
  else if (g_str_equal (where, "page-up"))
    value -= page_step;
  else if (g_str_equal (where, "down"))
    value += line_step;
  else if (g_str_equal (where, "up"))
    value -= line_step;
  else if (g_str_equal (where, "start"))
    value = gtk_adjustment_get_lower (adjustment);
  else if (g_str_equal (where, "end"))
    value = gtk_adjustment_get_upper (adjustment);
  gtk_adjustment_set_value (adjustment, value);
}

static void
build_pages (NbPreviewWindow *self)
{
  guint n_pages = nb_layout_get_n_pages (self->layout);
  g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page", "%u pages", n_pages),
                                               n_pages);

  adw_window_title_set_subtitle (self->window_title, subtitle);
  for (guint i = 0; i < n_pages; i++)
    {
      GtkWidget *area = gtk_drawing_area_new ();
      g_autofree char *label = g_strdup_printf (_("Page %u"), i + 1);

      g_object_set_data (G_OBJECT (area), "nb-page", GUINT_TO_POINTER (i));
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_page_cb, self, NULL);
      gtk_widget_set_halign (area, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (area, "nb-page");
      gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_box_append (self->pages_box, area);
    }
  apply_zoom (self);
}

static void
nb_preview_window_dispose (GObject *object)
{
  NbPreviewWindow *self = NB_PREVIEW_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), NB_TYPE_PREVIEW_WINDOW);
  g_clear_object (&self->layout);

  G_OBJECT_CLASS (nb_preview_window_parent_class)->dispose (object);
}

static void
nb_preview_window_class_init (NbPreviewWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nb_preview_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/nianbao/Nianbao/ui/nb-preview-window.ui");
  gtk_widget_class_bind_template_child (widget_class, NbPreviewWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, NbPreviewWindow, scroller);
  gtk_widget_class_bind_template_child (widget_class, NbPreviewWindow, pages_box);

  gtk_widget_class_install_action (widget_class, "preview.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "preview.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "preview.print", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "preview.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "preview.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_install_action (widget_class, "preview.scroll", "s", scroll_action);
  {
    static const struct
    {
      guint           key;
      GdkModifierType mods;
      const char     *where;
    } keys[] = {
      { GDK_KEY_Page_Down, 0, "page-down" },
      { GDK_KEY_KP_Page_Down, 0, "page-down" },
      { GDK_KEY_Page_Up, 0, "page-up" },
      { GDK_KEY_KP_Page_Up, 0, "page-up" },
      { GDK_KEY_Home, 0, "start" },
      { GDK_KEY_Home, GDK_CONTROL_MASK, "start" },
      { GDK_KEY_End, 0, "end" },
      { GDK_KEY_End, GDK_CONTROL_MASK, "end" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      gtk_widget_class_add_binding_action (widget_class, keys[i].key, keys[i].mods,
                                           "preview.scroll", "s", keys[i].where);
  }
}

static void
nb_preview_window_init (NbPreviewWindow *self)
{
  self->zoom = 1.0;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->scroller));

  /* Space and the arrows scroll while the pages have the focus; elsewhere
   * they press a button or move the focus, and GtkWindow's own bindings for
   * them would come first. */
  {
    GtkEventController *keys = gtk_shortcut_controller_new ();
    static const struct
    {
      guint           key;
      GdkModifierType mods;
      const char     *where;
    } page_keys[] = {
      { GDK_KEY_space, 0, "page-down" },
      { GDK_KEY_space, GDK_SHIFT_MASK, "page-up" },
      { GDK_KEY_Down, 0, "down" },
      { GDK_KEY_KP_Down, 0, "down" },
      { GDK_KEY_Up, 0, "up" },
      { GDK_KEY_KP_Up, 0, "up" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (page_keys); i++)
      {
        GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (page_keys[i].key, page_keys[i].mods),
                                                  gtk_named_action_new ("preview.scroll"));

        gtk_shortcut_set_arguments (shortcut, g_variant_new_string (page_keys[i].where));
        gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys), shortcut);
      }
    gtk_widget_add_controller (GTK_WIDGET (self->scroller), keys);
  }
}

/**
 * nb_preview_window_new:
 * @layout: a paginated layout
 *
 * Returns: (transfer floating): a window showing every page of @layout,
 *   modal for @parent (the report does not change while it shows it)
 */
GtkWidget *
nb_preview_window_new (GtkWindow *parent,
                       NbLayout  *layout)
{
  NbPreviewWindow *self;

  g_return_val_if_fail (NB_IS_LAYOUT (layout), NULL);

  /* Closed with its report's window, not left behind without it. */
  self = g_object_new (NB_TYPE_PREVIEW_WINDOW,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       NULL);
  self->layout = g_object_ref (layout);
  adw_window_title_set_title (self->window_title, nb_layout_get_title (layout));
  build_pages (self);
  return GTK_WIDGET (self);
}

/**
 * nb_preview_window_get_layout:
 *
 * Returns: (transfer none): the layout shown
 */
NbLayout *
nb_preview_window_get_layout (NbPreviewWindow *self)
{
  g_return_val_if_fail (NB_IS_PREVIEW_WINDOW (self), NULL);
  return self->layout;
}

guint
nb_preview_window_get_n_pages (NbPreviewWindow *self)
{
  guint n = 0;

  g_return_val_if_fail (NB_IS_PREVIEW_WINDOW (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->pages_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}
