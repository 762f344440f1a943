/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-pdf"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "nb-export.h"
#include "nb-layout-private.h"
#include "nb-pdf.h"
#include "nb-storage.h"

/**
 * NbPdf:
 *
 * Writes an #NbLayout as a PDF with cairo: A4 pages, document metadata,
 * an outline of the six sections, page labels matching the printed page
 * numbers and structure tags. cairo 1.16 loses the whole file on an unknown
 * or badly nested tag, writes a damaged file for tags outside a structure
 * element, and never resolves non-ASCII destination names, so everything
 * is wrapped in one "Document" element, only standard tags are used,
 * destinations have ASCII names, and the surface's status is checked after
 * finishing. cairo never writes the file itself: 1.16 hits an assertion
 * (and aborts the program) when its output fails halfway, as on a full
 * disk. The PDF is made in memory and then written atomically with
 * nb_storage_replace_contents (), which says why a write failed.
 */

struct _NbPdf
{
  GObject   parent_instance;

  NbLayout *layout;
};

G_DEFINE_FINAL_TYPE (NbPdf, nb_pdf, G_TYPE_OBJECT)

static void
nb_pdf_finalize (GObject *object)
{
  NbPdf *self = NB_PDF (object);

  g_clear_object (&self->layout);

  G_OBJECT_CLASS (nb_pdf_parent_class)->finalize (object);
}

static void
nb_pdf_class_init (NbPdfClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = nb_pdf_finalize;
}

static void
nb_pdf_init (NbPdf *self)
{
}

/**
 * nb_pdf_new:
 * @layout: a layout; nb_pdf_write () paginates it on A4
 *
 * Returns: (transfer full): a writer for @layout
 */
NbPdf *
nb_pdf_new (NbLayout *layout)
{
  NbPdf *self;

  g_return_val_if_fail (NB_IS_LAYOUT (layout), NULL);

  self = g_object_new (NB_TYPE_PDF, NULL);
  self->layout = g_object_ref (layout);
  return self;
}

/** nb_pdf_get_layout: Returns: (transfer none) */
NbLayout *
nb_pdf_get_layout (NbPdf *self)
{
  g_return_val_if_fail (NB_IS_PDF (self), NULL);

  return self->layout;
}

static void
set_metadata (NbLayout        *layout,
              cairo_surface_t *surface)
{
  GDateTime *date = nb_layout_get_creation_date (layout);
  g_autofree char *iso = g_date_time_format (date, "%Y-%m-%dT%H:%M:%S%:z");
  g_autofree char *subject = NULL;
  g_autofree char *keywords = NULL;
  g_autofree char *year = NULL;
  g_autoptr(GStrvBuilder) words = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;
  const char *agency = nb_layout_get_agency (layout);
  const char *basis = nb_layout_get_basis (layout);

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, nb_layout_get_title (layout));
  if (*agency != '\0')
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, agency);

  /* The report's kind and the format it follows; all words from the template. */
  if (basis != NULL && *basis != '\0')
    subject = g_strdup_printf ("%s（%s）", nb_layout_get_report_title (layout), basis);
  else
    subject = g_strdup (nb_layout_get_report_title (layout));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, subject);

  if (*agency != '\0')
    g_strv_builder_add (words, agency);
  if (nb_layout_get_year (layout) > 0)
    {
      year = g_strdup_printf ("%d", nb_layout_get_year (layout));
      g_strv_builder_add (words, year);
    }
  g_strv_builder_add (words, nb_layout_get_report_title (layout));
  list = g_strv_builder_end (words);
  keywords = g_strjoinv ("; ", list);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_KEYWORDS, keywords);

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Nianbao " PACKAGE_VERSION);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, iso);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, iso);
}

static void
add_outline (NbLayout        *layout,
             cairo_surface_t *surface)
{
  for (guint i = 0; i < nb_layout_get_n_sections (layout); i++)
    {
      const char *title, *dest;
      g_autofree char *link = NULL;

      if (!nb_layout_get_section (layout, i, &title, &dest, NULL, NULL))
        continue;
      link = g_strdup_printf ("dest='%s'", dest);
      cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT, title, link, 0);
    }
}

/* The PDF's bytes go to memory, which cannot fail the way a disk can. */
static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Returns: (transfer full): the whole PDF, or %NULL with @error set */
static GBytes *
render (NbPdf         *self,
        GCancellable  *cancellable,
        GError       **error)
{
  NbLayout *layout = self->layout;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double width, height;
  guint n_pages;
  gboolean cancelled = FALSE;

  nb_layout_get_page_size (layout, &width, &height);
  n_pages = nb_layout_get_n_pages (layout);

  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, width, height);
  cairo_pdf_surface_restrict_to_version (surface, CAIRO_PDF_VERSION_1_5);
  set_metadata (layout, surface);

  cr = cairo_create (surface);
  cairo_tag_begin (cr, "Document", NULL);
  for (guint page = 0; page < n_pages; page++)
    {
      g_autofree char *label = g_strdup_printf ("%u", page + 1);

      if (g_cancellable_is_cancelled (cancellable))
        {
          cancelled = TRUE;
          break;
        }
      /* The label the viewer shows is the number printed on the page. */
      cairo_pdf_surface_set_page_label (surface, label);
      _nb_layout_draw_page_tagged (layout, cr, page);
      cairo_show_page (cr);
    }
  cairo_tag_end (cr, "Document");
  if (!cancelled)
    add_outline (layout, surface);

  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (cancelled && g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, NB_EXPORT_ERROR, NB_EXPORT_ERROR_INTERNAL,
                   _("cairo could not make the PDF: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

/**
 * nb_pdf_write:
 * @path: the PDF to write; replaced only when everything succeeded
 *
 * Paginates the layout on A4 (unless it already is) and writes it. Safe to
 * call from a worker thread as long as nothing else uses the layout. When
 * the file cannot be written the error is %NB_EXPORT_ERROR_WRITE and its
 * message says why (a full disk, no permission…); @path is then untouched
 * and no temporary file is left behind.
 */
gboolean
nb_pdf_write (NbPdf         *self,
              const char    *path,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  double width = 0, height = 0;

  g_return_val_if_fail (NB_IS_PDF (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  nb_layout_get_page_size (self->layout, &width, &height);
  if ((nb_layout_get_n_pages (self->layout) == 0 ||
       G_APPROX_VALUE (width, NB_LAYOUT_A4_WIDTH, 0.01) == FALSE ||
       G_APPROX_VALUE (height, NB_LAYOUT_A4_HEIGHT, 0.01) == FALSE) &&
      !nb_layout_paginate (self->layout, NB_LAYOUT_A4_WIDTH, NB_LAYOUT_A4_HEIGHT, error))
    return FALSE;

  if ((pdf = render (self, cancellable, error)) == NULL)
    return FALSE;

  file = g_file_new_for_path (path);
  if (nb_storage_replace_contents (file, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf),
                                   cancellable, &local_error))
    return TRUE;

  /* Whoever exports sees export errors; the message already says why. */
  if (local_error->domain == NB_STORAGE_ERROR)
    g_set_error_literal (error, NB_EXPORT_ERROR, NB_EXPORT_ERROR_WRITE, local_error->message);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (nb_pdf_write (source_object, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * nb_pdf_write_async:
 *
 * Writes the PDF in a worker thread. The layout must not be used by anyone
 * else until the callback runs.
 */
void
nb_pdf_write_async (NbPdf               *self,
                    const char          *path,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (NB_IS_PDF (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, nb_pdf_write_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, write_thread);
}

gboolean
nb_pdf_write_finish (NbPdf         *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (NB_IS_PDF (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
