/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-layout"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <librsvg/rsvg.h>

#include "nb-export.h"
#include "nb-layout-private.h"

/* In the formats module (nb-formats.h): librsvg is a large library that
 * only a seal drawn as SVG needs. */

/* An SVG seal is rasterised once, at a size fine enough for print
 * (42 mm at about 600 dpi), so the rest of the layout handles one kind. */
#define SVG_SEAL_PIXELS 1000

cairo_surface_t *
_nb_layout_render_svg (GBytes  *bytes,
                       GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GObject) handle_object = NULL;
  RsvgHandle *handle;
  RsvgRectangle viewport = { 0, 0, SVG_SEAL_PIXELS, SVG_SEAL_PIXELS };
  cairo_surface_t *image;
  cairo_t *cr;
  gboolean ok;
  gdouble w = 0, h = 0;

  /* librsvg 2.54 has no autoptr for its handle: hold it as a GObject. */
  handle = rsvg_handle_new_from_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                      &local_error);
  handle_object = G_OBJECT (handle);
  if (handle == NULL)
    {
      g_set_error (error, NB_EXPORT_ERROR, NB_EXPORT_ERROR_INTERNAL,
                   _("The seal image could not be read: %s"), local_error->message);
      return NULL;
    }
  /* Keep the drawing's proportions: the viewport follows its aspect ratio. */
  if (rsvg_handle_get_intrinsic_size_in_pixels (handle, &w, &h) && w > 0 && h > 0)
    viewport.height = SVG_SEAL_PIXELS * h / w;
  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, SVG_SEAL_PIXELS, (int) viewport.height);
  cr = cairo_create (image);
  ok = rsvg_handle_render_document (handle, cr, &viewport, &local_error);
  cairo_destroy (cr);
  if (!ok || cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, NB_EXPORT_ERROR, NB_EXPORT_ERROR_INTERNAL,
                   _("The seal image could not be read: %s"),
                   local_error != NULL ? local_error->message
                                       : cairo_status_to_string (cairo_surface_status (image)));
      cairo_surface_destroy (image);
      return NULL;
    }
  return image;
}
