/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-window"

#include "config.h"

#include <glib/gi18n.h>

#include "nb-import.h"
#include "nb-storage.h"
#include "nb-window-private.h"

/* Import a published report (web text, pdftotext output, HTML, .docx), from
 * a file or pasted: NbImport reads it in a worker thread, the result opens
 * as a new unsaved document, and what the import could not read or had to
 * guess is listed for the clerk to check. */

static const char * const import_suffixes[] = { "txt", "html", "htm", "docx", NULL };

static const char *
note_icon (NbImportNoteKind kind)
{
  switch (kind)
    {
    case NB_IMPORT_NOTE_NOT_READ:
      return "dialog-warning-symbolic";
    case NB_IMPORT_NOTE_GUESSED:
      return "dialog-question-symbolic";
    case NB_IMPORT_NOTE_DEVIATION:
    default:
      return "dialog-information-symbolic";
    }
}

/**
 * _nb_window_show_import_notes:
 * @last_year: the report imported is last year's (its figures carried over
 *   or compared with), not the document shown
 *
 * Lists what the import of a published report could not read or guessed.
 */
void
_nb_window_show_import_notes (NbWindow  *self,
                              GPtrArray *notes,
                              gboolean   last_year)
{
  GtkWidget *dialog;
  GtkWidget *scroller;
  GtkWidget *list;
  g_autofree char *body = NULL;

  if (notes == NULL || notes->len == 0)
    {
      nb_window_show_toast (self, _("Imported: every figure was read"));
      return;
    }

  if (last_year)
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Last year’s published report was read. Check this point: a figure that could not be read is blank, and is neither carried over nor compared.",
                                         "Last year’s published report was read. Check these %u points: figures that could not be read are blank, and are neither carried over nor compared.",
                                         notes->len),
                            notes->len);
  else
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The report was read. Check this point before you go on; cells that could not be read are blank.",
                                         "The report was read. Check these %u points before you go on; cells that could not be read are blank.",
                                         notes->len),
                            notes->len);
  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   last_year ? _("Last Year’s Report Imported with Notes") : _("Imported with Notes"),
                                   body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_OK"));

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < notes->len; i++)
    {
      NbImportNote *note = g_ptr_array_index (notes, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), note->message);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (note_icon (note->kind)));
      gtk_widget_add_css_class (row, "report-text");
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
imported_done (NbWindow *self,
               gboolean  replaced,
               gpointer  data)
{
  g_autoptr(GPtrArray) notes = data;

  if (!replaced)
    return;
  _nb_window_mark_unsaved (self);
  _nb_window_show_import_notes (self, notes, FALSE);
}

/**
 * _nb_window_show_imported:
 *
 * Shows an imported report as a new document: it has no file, and it is
 * modified until saved (what was read exists nowhere else yet).
 */
void
_nb_window_show_imported (NbWindow        *self,
                          const NbDocMark *mark,
                          NbReport        *report,
                          GPtrArray       *notes)
{
  _nb_window_replace_report (self, mark, report, NULL, imported_done,
                             notes != NULL ? g_ptr_array_ref (notes) : NULL);
}

/* A file being imported, and the document it is to replace. */
typedef struct
{
  NbWindow  *window;
  NbDocMark *mark;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_object_unref (data->window);
  _nb_doc_mark_free (data->mark);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportData, import_data_free)

static void
imported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ImportData) data = user_data;
  NbWindow *self = data->window;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NbReport) report = nb_import_file_finish (result, &notes, &error);

  _nb_window_task_end (self);
  if (report == NULL)
    {
      _nb_window_show_error (self, _("Could Not Import the Report"), error);
      return;
    }
  _nb_window_show_imported (self, data->mark, report, notes);
}

static void
import_confirmed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  NbWindow *self = NB_WINDOW (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GFile) folder = g_file_get_parent (file);
  ImportData *data;

  if (!_nb_window_confirm_discard_finish (self, result))
    return;
  if (folder != NULL)
    nb_settings_set_last_folder (self->settings, folder);
  data = g_new0 (ImportData, 1);
  data->window = g_object_ref (self);
  data->mark = _nb_window_mark_document (self);
  _nb_window_task_begin (self);
  nb_import_file_async (file, self->cancellable, imported_cb, data);
}

/**
 * _nb_window_import_file:
 *
 * Imports @file after asking to save the document shown, if modified.
 */
void
_nb_window_import_file (NbWindow *self,
                        GFile    *file)
{
  _nb_window_confirm_discard_async (self, import_confirmed_cb, g_object_ref (file));
}

static void
import_chooser_response_cb (GtkNativeDialog *chooser,
                            int              response,
                            gpointer         user_data)
{
  g_autoptr(NbWindow) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      _nb_window_import_file (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
_nb_window_import (NbWindow *self)
{
  GtkFileChooserNative *chooser;

  chooser = _nb_window_file_chooser (self, _("Import a Published Report"),
                                     GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"),
                                     _("Published reports (text, web page, Word)"), import_suffixes);
  g_signal_connect (chooser, "response", G_CALLBACK (import_chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- Pasted text ---- */

static void
import_text_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GPtrArray *notes = NULL;
  GError *error = NULL;
  NbReport *report = nb_import_text (task_data, -1, _("the pasted text"), &notes, &error);

  if (report == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_object_set_data_full (G_OBJECT (report), "nb-import-notes", notes, (GDestroyNotify) g_ptr_array_unref);
  g_task_return_pointer (task, report, g_object_unref);
}

static void
text_imported_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  NbWindow *self = NB_WINDOW (object);
  NbDocMark *mark = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(NbReport) report = g_task_propagate_pointer (G_TASK (result), &error);

  _nb_window_task_end (self);
  if (report == NULL)
    _nb_window_show_error (self, _("Could Not Import the Text"), error);
  else
    _nb_window_show_imported (self, mark, report, g_object_get_data (G_OBJECT (report), "nb-import-notes"));
  _nb_doc_mark_free (mark);
}

static void
paste_confirmed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  NbWindow *self = NB_WINDOW (object);
  g_autofree char *text = user_data;
  g_autoptr(GTask) task = NULL;

  if (!_nb_window_confirm_discard_finish (self, result))
    return;
  _nb_window_task_begin (self);
  task = g_task_new (self, self->cancellable, text_imported_cb, _nb_window_mark_document (self));
  g_task_set_source_tag (task, paste_confirmed_cb);
  g_task_set_task_data (task, g_steal_pointer (&text), g_free);
  g_task_run_in_thread (task, import_text_thread);
}

static void
paste_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   NbWindow         *self)
{
  GtkTextView *view = g_object_get_data (G_OBJECT (dialog), "nb-text-view");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;
  char *text;

  if (!g_str_equal (response, "import"))
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  _nb_window_confirm_discard_async (self, paste_confirmed_cb, text);
}

static void
paste_text_changed_cb (GtkTextBuffer    *buffer,
                       AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "import", gtk_text_buffer_get_char_count (buffer) > 0);
}

void
_nb_window_import_paste (NbWindow *self)
{
  GtkWidget *dialog;
  GtkWidget *scroller;
  GtkWidget *view;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Import Pasted Text"),
                                   _("Paste the report as copied from its web page, or the text of its PDF."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "import", _("_Import"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "import", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (view, "report-text");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Text of the published report"), -1);
  scroller = gtk_scrolled_window_new ();
  gtk_widget_set_size_request (scroller, 420, 260);
  gtk_widget_add_css_class (scroller, "card");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  g_object_set_data (G_OBJECT (dialog), "nb-text-view", view);

  g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                           G_CALLBACK (paste_text_changed_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (paste_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (view);
}

/**
 * _nb_window_load_last_year:
 * @notes: (out) (optional): what the import of a published report could
 *   not read or guessed (%NULL for a .nianbao file)
 *
 * Last year's report from @data: a .nianbao file, or a published report
 * (.txt, .html, .docx: imported) for "New from last year's report" and the
 * cross-year checks. Blocking: call it in a worker thread.
 */
NbReport *
_nb_window_load_last_year (const char  *data,
                           gsize        length,
                           const char  *name,
                           GPtrArray  **notes,
                           GError     **error)
{
  if (notes != NULL)
    *notes = NULL;
  if (g_str_has_suffix (name, ".nianbao"))
    return nb_storage_load_data (data, length, name, error);
  return nb_import_data (data, length, name, notes, error);
}
