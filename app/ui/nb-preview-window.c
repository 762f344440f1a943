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
  gtk_widget_class_bind_template_child (widget_class, NbPreviewWindow, pages_box);

  gtk_widget_class_install_action (widget_class, "preview.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "preview.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "preview.print", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "preview.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "preview.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
nb_preview_window_init (NbPreviewWindow *self)
{
  self->zoom = 1.0;
  gtk_widget_init_template (GTK_WIDGET (self));
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

  self = g_object_new (NB_TYPE_PREVIEW_WINDOW,
                       "transient-for", parent,
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
