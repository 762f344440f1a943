/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "nb-layout.h"
#include "nb-pdf.h"
#include "nb-preview-window.h"
#include "nb-window-private.h"
#include "nb-xlsx.h"

/* PDF, XLSX, print and print preview. The exporters read a copy of the
 * report taken on this thread (NbLayout and nb_xlsx_export_async copy it),
 * so the clerk keeps typing while a GTask thread writes the file. */

gboolean
_nb_window_can_export (NbWindow   *self,
                       const char *kind)
{
  /* PDF, XLSX, print and preview are all built in (app/export). */
  return TRUE;
}

static void
layout_options_from_settings (NbWindow        *self,
                              NbLayoutOptions *options,
                              char           **body_family)
{
  GSettings *settings = nb_settings_get_gsettings (self->settings);
  g_autofree char *contact = g_settings_get_string (settings, "pdf-contact-position");

  nb_layout_options_init (options);
  *body_family = g_settings_get_string (settings, "pdf-body-font");
  options->body_family = (*body_family != NULL && **body_family != '\0') ? *body_family : NULL;
  options->heading_bold = g_settings_get_boolean (settings, "pdf-heading-bold");
  if (g_str_equal (contact, "after"))
    options->contact_position = NB_CONTACT_AFTER;
  else if (g_str_equal (contact, "none"))
    options->contact_position = NB_CONTACT_NONE;
  else
    options->contact_position = NB_CONTACT_BEFORE;
}

static NbLayout *
new_layout (NbWindow *self,
            gboolean  final)
{
  NbLayoutOptions options;
  g_autofree char *body_family = NULL;

  layout_options_from_settings (self, &options, &body_family);
  options.final = final;
  return nb_layout_new (self->report, &options);
}

static char *
suggested_name (NbWindow   *self,
                const char *suffix)
{
  g_autofree char *base = NULL;

  if (self->file != NULL)
    {
      g_autofree char *name = _nb_window_display_basename (self->file);
      char *dot = strrchr (name, '.');

      if (dot != NULL)
        *dot = '\0';
      base = g_steal_pointer (&name);
    }
  else
    {
      const char *agency = nb_report_get_meta (self->report, NB_META_AGENCY);
      int year = nb_report_get_year (self->report);

      if (*agency != '\0' && year > 0)
        base = g_strdup_printf ("%s%d年%s", agency, year,
                                nb_template_get_report_title (nb_report_get_template (self->report)));
      else
        base = g_strdup (_("report"));
    }
  /* Names become file names: no path separators. */
  g_strdelimit (base, "/\\", '_');
  return g_strconcat (base, ".", suffix, NULL);
}

/* A PDF made while the report has errors carries the form's draft mark on
 * every page: said with the toast, which also offers the copy without it
 * (the command line's --final), for a report whose published figures do
 * not add up and must be printed as they are. */
static void
exported (NbWindow     *self,
          GFile        *file,
          const char   *draft_mark,
          const GError *error)
{
  g_autofree char *name = NULL;

  _nb_window_task_end (self);
  if (error != NULL)
    {
      _nb_window_show_error (self, _("Could Not Export the Report"), error);
      return;
    }
  name = _nb_window_display_basename (file);
  if (draft_mark != NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("Exported “%s” as a draft: the report still has errors, so every page is marked “%s”"),
                         name, draft_mark);
      g_autofree char *uri = g_file_get_uri (file);
      AdwToast *toast = adw_toast_new (message);

      adw_toast_set_button_label (toast, _("Export _Without Mark"));
      adw_toast_set_action_name (toast, "win.export-pdf-final");
      adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
      adw_toast_set_timeout (toast, 10);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("Exported “%s”"), name);

      nb_window_show_toast (self, message);
    }
}

/* ---- PDF ---- */

typedef struct
{
  NbWindow *window;
  GFile    *file;
  char     *draft_mark;  /* PDF: the watermark its pages carry, or NULL */
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_object_unref (data->window);
  g_object_unref (data->file);
  g_free (data->draft_mark);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportData, export_data_free)

static void
pdf_written_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ExportData) data = user_data;
  g_autoptr(GError) error = NULL;

  nb_pdf_write_finish (NB_PDF (object), result, &error);
  exported (data->window, data->file, data->draft_mark, error);
}

/* What both exports do first: refuse a file with no local path (the
 * writers take a path), remember the folder, mark the window busy.
 * Returns: (transfer full) (nullable): the data for the callback, %NULL if
 *   refused (the error is shown). */
static ExportData *
begin_export (NbWindow  *self,
              GFile     *file,
              char     **path)
{
  g_autoptr(GFile) folder = g_file_get_parent (file);
  ExportData *data;

  *path = g_file_get_path (file);
  if (*path == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                                     _("Exports can only be written to a local folder"));
      _nb_window_show_error (self, _("Could Not Export the Report"), error);
      return NULL;
    }
  if (folder != NULL)
    nb_settings_set_last_folder (self->settings, folder);

  data = g_new0 (ExportData, 1);
  data->window = g_object_ref (self);
  data->file = g_object_ref (file);
  _nb_window_task_begin (self);
  return data;
}

static void
export_pdf_to (NbWindow *self,
               GFile    *file,
               gboolean  final)
{
  g_autofree char *path = NULL;
  ExportData *data = begin_export (self, file, &path);

  if (data == NULL)
    return;

  {
    g_autoptr(NbLayout) layout = new_layout (self, final);
    g_autoptr(NbPdf) pdf = nb_pdf_new (layout);

    if (nb_layout_get_draft (layout))
      data->draft_mark = g_strdup (nb_template_get_draft_mark (nb_report_get_template (self->report)));
    nb_pdf_write_async (pdf, path, self->cancellable, pdf_written_cb, data);
  }
}

/**
 * _nb_window_export_pdf_final:
 * @uri: where the PDF goes
 *
 * Exports the PDF without the draft mark, errors or not.
 */
void
_nb_window_export_pdf_final (NbWindow   *self,
                             const char *uri)
{
  g_autoptr(GFile) file = g_file_new_for_uri (uri);

  export_pdf_to (self, file, TRUE);
}

static void
xlsx_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ExportData) data = user_data;
  g_autoptr(GError) error = NULL;

  nb_xlsx_export_finish (result, &error);
  exported (data->window, data->file, NULL, error);
}

static void
export_xlsx_to (NbWindow *self,
                GFile    *file)
{
  g_autofree char *path = NULL;
  NbXlsxOptions options = { 0 };
  ExportData *data = begin_export (self, file, &path);

  if (data == NULL)
    return;
  /* A consolidated report gets the 明细 sheet: every source's values. */
  options.aggregate = self->aggregate;
  nb_xlsx_export_async (self->report, self->previous, path, self->aggregate != NULL ? &options : NULL,
                        self->cancellable, xlsx_written_cb, data);
}

/**
 * _nb_window_export_file:
 * @kind: "pdf" or "xlsx"
 *
 * Exports to @file in a worker thread; a toast says when it is done.
 */
void
_nb_window_export_file (NbWindow   *self,
                        GFile      *file,
                        const char *kind)
{
  if (g_str_equal (kind, "pdf"))
    export_pdf_to (self, file, FALSE);
  else
    export_xlsx_to (self, file);
}

static void
export_chooser_response_cb (GtkNativeDialog *chooser,
                            int              response,
                            gpointer         user_data)
{
  g_autoptr(NbWindow) self = user_data;
  const char *kind = g_object_get_data (G_OBJECT (chooser), "nb-kind");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      _nb_window_export_file (self, file, kind);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
choose_export_file (NbWindow   *self,
                    const char *kind)
{
  static const char * const pdf_suffixes[] = { "pdf", NULL };
  static const char * const xlsx_suffixes[] = { "xlsx", NULL };
  gboolean pdf = g_str_equal (kind, "pdf");
  g_autofree char *name = suggested_name (self, kind);
  GtkFileChooserNative *chooser;

  chooser = _nb_window_file_chooser (self,
                                     pdf ? _("Export as PDF") : _("Export as XLSX"),
                                     GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                     pdf ? _("PDF documents") : _("Excel workbooks"),
                                     pdf ? pdf_suffixes : xlsx_suffixes);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "nb-kind", g_strdup (kind), g_free);
  g_signal_connect (chooser, "response", G_CALLBACK (export_chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
_nb_window_export_pdf (NbWindow *self)
{
  choose_export_file (self, "pdf");
}

void
_nb_window_export_xlsx (NbWindow *self)
{
  choose_export_file (self, "xlsx");
}

/* ---- Print and preview ---- */

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                NbLayout          *layout)
{
  g_autoptr(GError) error = NULL;

  if (!nb_layout_paginate (layout, gtk_print_context_get_width (context),
                           gtk_print_context_get_height (context), &error))
    {
      g_object_set_data_full (G_OBJECT (operation), "nb-error", g_steal_pointer (&error),
                              (GDestroyNotify) g_error_free);
      gtk_print_operation_cancel (operation);
      return;
    }
  gtk_print_operation_set_n_pages (operation, (int) nb_layout_get_n_pages (layout));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              NbLayout          *layout)
{
  nb_layout_draw_page (layout, gtk_print_context_get_cairo_context (context), (guint) page);
}

/* A4 set explicitly (GTK's default paper follows LC_PAPER, Letter in the
 * US), full page, in points: the layout applies the GB/T 9704 margins. */
static GtkPrintOperation *
new_print_operation (NbWindow *self,
                     NbLayout *layout)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, nb_layout_get_title (layout));
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect_object (operation, "begin-print", G_CALLBACK (begin_print_cb), layout, 0);
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (draw_page_cb), layout, 0);
  return operation;
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               NbWindow                *self)
{
  GError *layout_error = g_object_get_data (G_OBJECT (operation), "nb-error");
  g_autoptr(GError) error = NULL;

  _nb_window_task_end (self);
  if (self->closed)
    ;
  else if (layout_error != NULL)
    _nb_window_show_error (self, _("Could Not Print the Report"), layout_error);
  else if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      _nb_window_show_error (self, _("Could Not Print the Report"), error);
    }
  g_object_unref (operation);
}

static void
unref_window (gpointer  data,
              GClosure *closure)
{
  g_object_unref (data);
}

typedef struct
{
  GtkPrintOperationPreview *preview;
  NbWindow                 *window;
} PreviewEnd;

static gboolean
end_preview_idle_cb (gpointer data)
{
  PreviewEnd *end = data;

  gtk_print_operation_preview_end_preview (end->preview);
  if (!end->window->closed)
    _nb_window_print_preview (end->window);
  g_object_unref (end->preview);
  g_object_unref (end->window);
  g_free (end);
  return G_SOURCE_REMOVE;
}

static void
preview_ready_cb (GtkPrintOperationPreview *preview,
                  GtkPrintContext          *context,
                  NbWindow                 *self)
{
  PreviewEnd *end = g_new0 (PreviewEnd, 1);

  end->preview = g_object_ref (preview);
  end->window = g_object_ref (self);
  g_idle_add (end_preview_idle_cb, end);
}

/* The print dialog's Preview opens the window's own preview (the pages as
 * the PDF has them) rather than GTK's default, an external viewer, which
 * does nothing where none is installed. */
static gboolean
print_preview_cb (GtkPrintOperation        *operation,
                  GtkPrintOperationPreview *preview,
                  GtkPrintContext          *context,
                  GtkWindow                *parent,
                  NbWindow                 *self)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);

  /* GTK paginates before "ready" and wants a context for it; nothing is
   * drawn on this one. */
  gtk_print_context_set_cairo_context (context, cr, 72, 72);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_signal_connect (preview, "ready", G_CALLBACK (preview_ready_cb), self);
  return TRUE;
}

/**
 * _nb_window_run_print:
 * @action: how to start: the print dialog, or its preview straight away
 *
 * Prints through GTK's print operation, asynchronously.
 */
void
_nb_window_run_print (NbWindow                *self,
                      GtkPrintOperationAction  action)
{
  g_autoptr(NbLayout) layout = new_layout (self, FALSE);
  GtkPrintOperation *operation = new_print_operation (self, layout);
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  /* The layout lives as long as the operation. */
  g_object_set_data_full (G_OBJECT (operation), "nb-layout", g_object_ref (layout), g_object_unref);
  gtk_print_operation_set_allow_async (operation, TRUE);
  /* Not cut when the window closes: a job still spooling must release the
   * application and the operation all the same. */
  g_signal_connect_data (operation, "done", G_CALLBACK (print_done_cb), g_object_ref (self),
                         unref_window, 0);
  /* self lives as long as the operation: "done" holds a reference. */
  g_signal_connect (operation, "preview", G_CALLBACK (print_preview_cb), self);

  _nb_window_task_begin (self);
  result = gtk_print_operation_run (operation, action, GTK_WINDOW (self), &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      _nb_window_task_end (self);
      _nb_window_show_error (self, _("Could Not Print the Report"), error);
    }
}

void
_nb_window_print (NbWindow *self)
{
  _nb_window_run_print (self, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG);
}

/**
 * _nb_window_print_to_file:
 *
 * Runs the print operation without a dialog, into a PDF at @path: the same
 * path as printing, for tests and for checking what the printer receives.
 */
gboolean
_nb_window_print_to_file (NbWindow    *self,
                          const char  *path,
                          guint       *n_pages,
                          GError     **error)
{
  g_autoptr(NbLayout) layout = new_layout (self, FALSE);
  g_autoptr(GtkPrintOperation) operation = new_print_operation (self, layout);
  GError *layout_error;
  GtkPrintOperationResult result;

  gtk_print_operation_set_export_filename (operation, path);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT,
                                    GTK_WINDOW (self), error);
  layout_error = g_object_get_data (G_OBJECT (operation), "nb-error");
  if (layout_error != NULL)
    {
      g_propagate_error (error, g_error_copy (layout_error));
      return FALSE;
    }
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    return FALSE;
  if (n_pages != NULL)
    *n_pages = nb_layout_get_n_pages (layout);
  return TRUE;
}

static void
paginate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  NbLayout *layout = task_data;
  GError *error = NULL;

  if (nb_layout_paginate (layout, NB_LAYOUT_A4_WIDTH, NB_LAYOUT_A4_HEIGHT, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
paginated_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  NbWindow *self = NB_WINDOW (object);
  NbLayout *layout = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  _nb_window_task_end (self);
  if (self->closed)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      _nb_window_show_error (self, _("Could Not Lay Out the Report"), error);
      return;
    }
  gtk_window_present (GTK_WINDOW (nb_preview_window_new (GTK_WINDOW (self), layout)));
}

void
_nb_window_print_preview (NbWindow *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, paginated_cb, NULL);

  _nb_window_task_begin (self);
  g_task_set_source_tag (task, _nb_window_print_preview);
  g_task_set_task_data (task, new_layout (self, FALSE), g_object_unref);
  g_task_run_in_thread (task, paginate_thread);
}
