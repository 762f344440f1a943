/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "nb-convert.h"
#include "nb-section-row.h"
#include "nb-storage.h"
#include "nb-window-private.h"

/* New, open, save, last year's report, the form, recent files and the
 * "save changes?" prompt. Loading and saving run off the main thread; the
 * document is serialised on it, so a save is a snapshot of one moment. */

#define NIANBAO_MIME_TYPE "application/x-nianbao"

static const char * const nianbao_suffixes[] = { "nianbao", NULL };
/* Last year's report may be a published one (imported on the way). */
static const char * const last_year_suffixes[] = { "nianbao", "txt", "html", "htm", "docx", NULL };

/**
 * _nb_window_chooser_folder:
 *
 * Saved or exported, a report goes next to its file, as the clerk keeps a
 * year's files together; opened, it comes from where the last file came.
 *
 * Returns: (transfer full) (nullable): the folder a file chooser for
 *   @action starts in
 */
GFile *
_nb_window_chooser_folder (NbWindow             *self,
                           GtkFileChooserAction  action)
{
  g_autoptr(GFile) folder = NULL;

  if (action == GTK_FILE_CHOOSER_ACTION_SAVE && self->file != NULL)
    folder = g_file_get_parent (self->file);
  if (folder == NULL || !g_file_query_exists (folder, NULL))
    {
      g_clear_object (&folder);
      folder = nb_settings_dup_last_folder (self->settings);
    }
  if ((folder == NULL || !g_file_query_exists (folder, NULL)) && self->file != NULL)
    {
      g_clear_object (&folder);
      folder = g_file_get_parent (self->file);
    }
  if (folder != NULL && !g_file_query_exists (folder, NULL))
    g_clear_object (&folder);
  return g_steal_pointer (&folder);
}

GtkFileChooserNative *
_nb_window_file_chooser (NbWindow             *self,
                         const char           *title,
                         GtkFileChooserAction  action,
                         const char           *accept,
                         const char           *filter_name,
                         const char * const   *suffixes)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GFile) folder = _nb_window_chooser_folder (self, action);

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  if (filter_name != NULL && suffixes != NULL)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
      g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, filter_name);
      for (guint i = 0; suffixes[i] != NULL; i++)
        gtk_file_filter_add_suffix (filter, suffixes[i]);
      if (g_strv_contains (suffixes, "nianbao"))
        gtk_file_filter_add_mime_type (filter, NIANBAO_MIME_TYPE);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

      gtk_file_filter_set_name (all, _("All files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
      gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), filter);
    }

  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  return chooser;
}

static void
remember_folder (NbWindow *self,
                 GFile    *file)
{
  g_autoptr(GFile) folder = g_file_get_parent (file);

  if (folder != NULL)
    nb_settings_set_last_folder (self->settings, folder);
}

void
_nb_window_add_recent (NbWindow *self,
                       GFile    *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  GtkRecentData data = { 0 };

  data.mime_type = (char *) NIANBAO_MIME_TYPE;
  data.app_name = (char *) g_get_application_name ();
  data.app_exec = (char *) "nianbao %u";
  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

static gint
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GtkRecentInfo *x = *(GtkRecentInfo **) a;
  GtkRecentInfo *y = *(GtkRecentInfo **) b;

  return g_date_time_compare (gtk_recent_info_get_modified (y), gtk_recent_info_get_modified (x));
}

/* The file's name, and its folder when another recent report has the same
 * name. */
static char *
recent_label (GtkRecentInfo *info,
              gboolean       ambiguous)
{
  GString *label = g_string_new (gtk_recent_info_get_display_name (info));

  if (ambiguous)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (gtk_recent_info_get_uri (info));
      g_autoptr(GFile) parent = g_file_get_parent (file);

      if (parent != NULL)
        {
          g_autofree char *folder = g_file_get_parse_name (parent);
          /* TRANSLATORS: a recent file's name and its folder */
          g_string_append_printf (label, _(" — %s"), folder);
        }
    }
  /* In a menu an underscore marks the mnemonic: doubled, it is shown. */
  g_string_replace (label, "_", "__", 0);
  return g_string_free (label, FALSE);
}

void
_nb_window_update_recent_menu (NbWindow *self)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  g_autoptr(GPtrArray) reports = g_ptr_array_new ();
  guint shown = 0;

  g_menu_remove_all (self->recent_menu);

  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;

      if ((g_strcmp0 (gtk_recent_info_get_mime_type (info), NIANBAO_MIME_TYPE) == 0 ||
           g_str_has_suffix (gtk_recent_info_get_uri (info), ".nianbao")) &&
          gtk_recent_info_exists (info))
        g_ptr_array_add (reports, info);
    }
  g_ptr_array_sort (reports, compare_recent);

  for (guint i = 0; i < reports->len && shown < 10; i++, shown++)
    {
      GtkRecentInfo *info = g_ptr_array_index (reports, i);
      gboolean ambiguous = FALSE;
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;

      for (guint j = 0; j < reports->len && j < 10 && !ambiguous; j++)
        ambiguous = j != i && g_str_equal (gtk_recent_info_get_display_name (info),
                                           gtk_recent_info_get_display_name (g_ptr_array_index (reports, j)));
      label = recent_label (info, ambiguous);
      item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "win.open-recent", "s", gtk_recent_info_get_uri (info));
      g_menu_append_item (self->recent_menu, item);
    }
  if (shown == 0)
    g_menu_append (self->recent_menu, _("No Recent Reports"), "win.no-recent");

  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

/* ---- Save ---- */

typedef struct
{
  GFile   *file;
  GBytes  *data;
  guint64  revision;
} SaveData;

static void
save_data_free (SaveData *sd)
{
  g_object_unref (sd->file);
  g_bytes_unref (sd->data);
  g_free (sd);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *sd = task_data;
  GError *error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (sd->data, &length);

  if (nb_storage_replace_contents (sd->file, data, length, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  NbWindow *self = NB_WINDOW (object);
  g_autoptr(GTask) outer = user_data;
  SaveData *sd = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  _nb_window_task_end (self);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }

  /* Typed meanwhile: what is on disk is older than the document, so it
   * stays modified (and its draft stays). */
  if (nb_report_get_revision (self->report) == sd->revision)
    {
      nb_report_set_saved (self->report);
      self->force_modified = FALSE;
      _nb_window_discard_draft (self);
    }
  _nb_window_set_file (self, sd->file);
  _nb_window_add_recent (self, sd->file);
  remember_folder (self, sd->file);
  _nb_window_actions_update (self);
  g_task_return_boolean (outer, TRUE);
}

/**
 * nb_window_save_async:
 * @file: where to save; the document's file from then on
 *
 * Saves atomically (temporary file, fsync, rename) in a worker thread. On
 * success the document is unmodified (unless edited meanwhile) and its
 * draft is removed.
 */
void
nb_window_save_async (NbWindow            *self,
                      GFile               *file,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *outer;
  g_autoptr(GTask) inner = NULL;
  SaveData *sd;
  char *data;
  gsize length = 0;

  g_return_if_fail (NB_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, nb_window_save_async);

  data = nb_storage_to_data (self->report, &length);
  sd = g_new0 (SaveData, 1);
  sd->file = g_object_ref (file);
  sd->data = g_bytes_new_take (data, length);
  sd->revision = nb_report_get_revision (self->report);

  _nb_window_task_begin (self);

  inner = g_task_new (self, cancellable, saved_cb, outer);
  g_task_set_task_data (inner, sd, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (inner, save_thread);
}

gboolean
nb_window_save_finish (NbWindow      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (NB_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
interactive_saved_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  NbWindow *self = NB_WINDOW (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!nb_window_save_finish (self, result, &error))
    {
      _nb_window_show_error (self, _("Could Not Save the Report"), error);
      g_task_return_boolean (task, FALSE);
      return;
    }
  nb_window_show_toast (self, _("Saved"));
  g_task_return_boolean (task, TRUE);
}

static GFile *
with_suffix (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GFile) parent = NULL;
  g_autofree char *named = NULL;

  if (name == NULL || g_str_has_suffix (name, ".nianbao") || strchr (name, '.') != NULL)
    return g_object_ref (file);
  parent = g_file_get_parent (file);
  named = g_strconcat (name, ".nianbao", NULL);
  return parent != NULL ? g_file_get_child (parent, named) : g_object_ref (file);
}

static void
save_chooser_response_cb (GtkNativeDialog *chooser,
                          int              response,
                          gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;
  NbWindow *self = g_task_get_source_object (task);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GFile) file = with_suffix (chosen);

      nb_window_save_async (self, file, self->cancellable, interactive_saved_cb, g_object_ref (task));
    }
  else
    g_task_return_boolean (task, FALSE);

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static char *
suggested_file_name (NbWindow *self)
{
  const char *agency = nb_report_get_meta (self->report, NB_META_AGENCY);
  int year = nb_report_get_year (self->report);
  g_autofree char *base = NULL;

  if (*agency != '\0' && year > 0)
    base = g_strdup_printf ("%s%d年%s", agency, year,
                            nb_template_get_report_title (nb_report_get_template (self->report)));
  else
    base = g_strdup (_("report"));
  g_strdelimit (base, "/\\", '_');
  return g_strconcat (base, ".nianbao", NULL);
}

/* Save, asking for a file when there is none (or for Save As): TRUE when saved. */
static void
save_interactive_async (NbWindow            *self,
                        gboolean             save_as,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task = g_task_new (self, NULL, callback, user_data);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (!save_as && self->file != NULL)
    {
      nb_window_save_async (self, self->file, self->cancellable, interactive_saved_cb, task);
      return;
    }

  chooser = _nb_window_file_chooser (self, save_as ? _("Save As") : _("Save the Report"),
                                     GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                     _("Nianbao reports"), nianbao_suffixes);
  if (self->file != NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (self->file);

      name = _nb_window_display_basename (self->file);
      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  else
    name = suggested_file_name (self);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (save_chooser_response_cb), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
ignore_result_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_task_propagate_boolean (G_TASK (result), NULL);
}

void
_nb_window_save (NbWindow *self,
                 gboolean  save_as)
{
  save_interactive_async (self, save_as, ignore_result_cb, NULL);
}

/* ---- "Save changes?" ---- */

static void
prompt_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  g_task_return_boolean (task, g_task_propagate_boolean (G_TASK (result), NULL));
}

static void
prompt_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  g_autoptr(GTask) task = user_data;
  NbWindow *self = g_task_get_source_object (task);

  if (g_str_equal (response, "save"))
    save_interactive_async (self, FALSE, prompt_saved_cb, g_object_ref (task));
  else
    g_task_return_boolean (task, g_str_equal (response, "discard"));
}

/**
 * _nb_window_confirm_discard_async:
 *
 * Before the document goes away (close, open, new): when it is modified,
 * asks to save it. Finishes with %TRUE when the caller may go on (saved, or
 * the user chose to discard), %FALSE when the user cancelled.
 */
void
_nb_window_confirm_discard_async (NbWindow            *self,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task = g_task_new (self, NULL, callback, user_data);
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  g_task_set_source_tag (task, _nb_window_confirm_discard_async);

  if (!nb_window_get_modified (self))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  title = g_strdup (gtk_window_get_title (GTK_WINDOW (self)));
  if (g_str_has_prefix (title, "• "))
    memmove (title, title + strlen ("• "), strlen (title + strlen ("• ")) + 1);
  body = g_strdup_printf (_("“%s” has changes that are not saved. Changes that are not saved will be lost."),
                          title);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"), body);
  /* Discard closes the window from inside the dialog's response; the dialog
   * then lets go of its parent, which must still be there. */
  g_object_set_data_full (G_OBJECT (dialog), "nb-parent", g_object_ref (self), g_object_unref);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (prompt_response_cb), task);
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
_nb_window_confirm_discard_finish (NbWindow     *self,
                                   GAsyncResult *result)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), NULL);
}

/* ---- Replacing the document ---- */

struct _NbDocMark
{
  NbReport *report;
  guint64   revision;
  gboolean  force_modified;
};

/**
 * _nb_window_mark_document:
 *
 * Taken when the user has agreed to replace the document (nothing to save,
 * or Discard), before the new one is read in a thread.
 */
NbDocMark *
_nb_window_mark_document (NbWindow *self)
{
  NbDocMark *mark = g_new0 (NbDocMark, 1);

  mark->report = self->report != NULL ? g_object_ref (self->report) : NULL;
  mark->revision = self->report != NULL ? nb_report_get_revision (self->report) : 0;
  mark->force_modified = self->force_modified;
  return mark;
}

void
_nb_doc_mark_free (NbDocMark *mark)
{
  if (mark == NULL)
    return;
  g_clear_object (&mark->report);
  g_free (mark);
}

typedef struct
{
  NbReport      *report;
  GFile         *file;
  NbReplaceDone  done;
  gpointer       data;
} Replace;

static void
replace_confirmed_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  NbWindow *self = NB_WINDOW (object);
  Replace *replace = user_data;
  gboolean replaced = _nb_window_confirm_discard_finish (self, result) && !self->closed;

  if (replaced)
    _nb_window_set_report (self, replace->report, replace->file);
  replace->done (self, replaced, replace->data);
  g_object_unref (replace->report);
  g_clear_object (&replace->file);
  g_free (replace);
}

/**
 * _nb_window_replace_report:
 * @mark: (nullable): the document when the user agreed to replace it;
 *   %NULL when it may be replaced as it is now
 * @done: called once @report is shown (@replaced TRUE) or not
 *
 * Shows @report (read from @file) in place of the document. The editors
 * stay editable while a file is read: anything typed meanwhile is asked
 * about again, never dropped with its draft.
 */
void
_nb_window_replace_report (NbWindow        *self,
                           const NbDocMark *mark,
                           NbReport        *report,
                           GFile           *file,
                           NbReplaceDone    done,
                           gpointer         data)
{
  Replace *replace;

  if (self->closed)
    {
      done (self, FALSE, data);
      return;
    }
  if (mark == NULL ||
      (self->report == mark->report && nb_report_get_revision (self->report) == mark->revision &&
       self->force_modified == mark->force_modified))
    {
      _nb_window_set_report (self, report, file);
      done (self, TRUE, data);
      return;
    }

  replace = g_new0 (Replace, 1);
  replace->report = g_object_ref (report);
  replace->file = file != NULL ? g_object_ref (file) : NULL;
  replace->done = done;
  replace->data = data;
  _nb_window_confirm_discard_async (self, replace_confirmed_cb, replace);
}

/* ---- Last year's report ---- */

/* Last year's report: a .nianbao file, or a published report imported;
 * read and parsed in a worker thread (an import can take a while). */
typedef struct
{
  NbReport  *report;
  GPtrArray *notes;     /* nullable: the import's notes */
} LastYear;

static void
last_year_free (LastYear *last_year)
{
  g_clear_object (&last_year->report);
  g_clear_pointer (&last_year->notes, g_ptr_array_unref);
  g_free (last_year);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LastYear, last_year_free)

static void
last_year_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  g_autoptr(LastYear) last_year = g_new0 (LastYear, 1);
  GError *error = NULL;
  gsize length;

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  name = _nb_window_display_basename (file);
  last_year->report = _nb_window_load_last_year (contents, length, name, &last_year->notes, &error);
  if (last_year->report == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&last_year), (GDestroyNotify) last_year_free);
}

static void
load_last_year_async (NbWindow            *self,
                      GFile               *file,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, callback, user_data);

  g_task_set_source_tag (task, load_last_year_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, last_year_thread);
}

static LastYear *
load_last_year_finish (NbWindow      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Open ---- */

static void
previous_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  NbWindow *self = NB_WINDOW (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(LastYear) last_year = load_last_year_finish (self, result, NULL);

  /* Only last year's report of the same agency: anything else would raise
   * false alarms in X1/X2. */
  if (last_year == NULL || self->closed || self->previous != NULL ||
      nb_report_get_year (last_year->report) + 1 != nb_report_get_year (self->report) ||
      !g_str_equal (nb_report_get_meta (last_year->report, NB_META_AGENCY),
                    nb_report_get_meta (self->report, NB_META_AGENCY)))
    return;
  nb_window_set_previous (self, last_year->report, file);
}

/* The last "previous year" chosen, when it fits the report just opened. */
static void
restore_previous (NbWindow *self)
{
  g_autoptr(GFile) file = nb_settings_dup_previous_report (self->settings);

  if (file == NULL || self->previous != NULL || nb_report_get_year (self->report) == 0 ||
      (self->file != NULL && g_file_equal (file, self->file)))
    return;
  load_last_year_async (self, file, previous_loaded_cb, g_object_ref (file));
}

static void
loaded_done (NbWindow *self,
             gboolean  replaced,
             gpointer  data)
{
  g_autoptr(GTask) task = data;

  if (!replaced)
    {
      /* Kept what was typed while the file was read, as the user chose. */
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               _("The report was not opened"));
      return;
    }
  _nb_window_add_recent (self, self->file);
  remember_folder (self, self->file);
  restore_previous (self);
  g_task_return_boolean (task, TRUE);
}

static void
contents_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  NbWindow *self = g_task_get_source_object (task);
  GFile *file = G_FILE (object);
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  g_autoptr(NbReport) report = NULL;
  const NbDocMark *mark;
  GError *error = NULL;
  gsize length;

  if (!g_file_load_contents_finish (file, result, &contents, &length, NULL, &error))
    {
      g_autofree char *display = g_file_get_parse_name (file);
      GError *wrapped = g_error_new (error->domain, error->code, _("Could not read %s: %s"),
                                     display, error->message);
      g_error_free (error);
      g_task_return_error (task, wrapped);
      return;
    }

  name = _nb_window_display_basename (file);
  report = nb_storage_load_data (contents, length, name, &error);
  if (report == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  mark = g_task_get_task_data (task);
  _nb_window_replace_report (self, mark, report, file, loaded_done, g_steal_pointer (&task));
}

/**
 * nb_window_load_file_async:
 *
 * Reads @file (off the main thread) and shows it, replacing the document
 * without asking: callers ask first (_nb_window_open_with_prompt ()).
 */
void
nb_window_load_file_async (NbWindow            *self,
                           GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (NB_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, nb_window_load_file_async);
  g_task_set_task_data (task, _nb_window_mark_document (self), (GDestroyNotify) _nb_doc_mark_free);
  g_file_load_contents_async (file, cancellable, contents_loaded_cb, task);
}

gboolean
nb_window_load_file_finish (NbWindow      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (NB_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  NbWindow *self = NB_WINDOW (object);
  g_autoptr(GError) error = NULL;

  if (!nb_window_load_file_finish (self, result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _nb_window_show_error (self, _("Could Not Open the Report"), error);
}

/**
 * nb_window_open:
 *
 * Shows @file in this window; a file that cannot be read leaves the
 * document as it was and says why.
 */
void
nb_window_open (NbWindow *self,
                GFile    *file)
{
  g_return_if_fail (NB_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  nb_window_load_file_async (self, file, self->cancellable, opened_cb, NULL);
}

static void
open_confirmed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  NbWindow *self = NB_WINDOW (object);
  g_autoptr(GFile) file = user_data;

  if (_nb_window_confirm_discard_finish (self, result))
    nb_window_open (self, file);
}

void
_nb_window_open_with_prompt (NbWindow *self,
                             GFile    *file)
{
  _nb_window_confirm_discard_async (self, open_confirmed_cb, g_object_ref (file));
}

static void
open_chooser_response_cb (GtkNativeDialog *chooser,
                          int              response,
                          gpointer         user_data)
{
  g_autoptr(NbWindow) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      _nb_window_open_with_prompt (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
_nb_window_open_dialog (NbWindow *self)
{
  GtkFileChooserNative *chooser;

  chooser = _nb_window_file_chooser (self, _("Open a Report"), GTK_FILE_CHOOSER_ACTION_OPEN,
                                     _("_Open"), _("Nianbao reports"), nianbao_suffixes);
  g_signal_connect (chooser, "response", G_CALLBACK (open_chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- New ---- */

static void
new_confirmed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  NbWindow *self = NB_WINDOW (object);
  g_autoptr(NbReport) report = NULL;

  if (!_nb_window_confirm_discard_finish (self, result))
    return;
  report = nb_convert_new_blank ();
  _nb_window_set_report (self, report, NULL);
}

void
_nb_window_new_document (NbWindow *self)
{
  _nb_window_confirm_discard_async (self, new_confirmed_cb, NULL);
}

typedef struct
{
  GFile     *file;
  gboolean   for_new;   /* new from last year, or just compare */
  NbDocMark *mark;      /* for_new: the document it replaces */
  LastYear  *last_year; /* once read */
} PreviousData;

static void
previous_data_free (PreviousData *pd)
{
  g_clear_object (&pd->file);
  _nb_doc_mark_free (pd->mark);
  g_clear_pointer (&pd->last_year, last_year_free);
  g_free (pd);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PreviousData, previous_data_free)

#define IN_FORCE_CELL "proactive.regulation.in_force"

static void
carried_over_done (NbWindow *self,
                   gboolean  replaced,
                   gpointer  data)
{
  g_autoptr(PreviousData) pd = data;

  if (!replaced)
    return;
  nb_window_set_previous (self, pd->last_year->report, pd->file);
  /* Carried-over figures exist nowhere else yet. */
  _nb_window_mark_unsaved (self);
  /* The 2019 trial form has no 现行有效件数: the clerk types it. */
  if (nb_template_lookup_cell (nb_report_get_template (self->report), IN_FORCE_CELL) >= 0 &&
      nb_template_lookup_cell (nb_report_get_template (pd->last_year->report), IN_FORCE_CELL) < 0)
    nb_window_show_toast (self, _("Started from last year’s report: carried-over figures are filled in, but not 现行有效件数, which last year’s form does not have"));
  else
    nb_window_show_toast (self, _("Started from last year’s report: carried-over figures are filled in"));
  /* Imported from a published report: which carried-over figures it left out. */
  if (pd->last_year->notes != NULL && pd->last_year->notes->len > 0)
    _nb_window_show_import_notes (self, pd->last_year->notes, TRUE);
}

static void
chosen_previous_loaded_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  NbWindow *self = NB_WINDOW (object);
  g_autoptr(PreviousData) pd = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LastYear) last_year = load_last_year_finish (self, result, &error);

  if (self->closed)
    return;
  if (last_year == NULL)
    {
      _nb_window_show_error (self, _("Could Not Open Last Year’s Report"), error);
      return;
    }

  nb_settings_set_previous_report (self->settings, pd->file);
  remember_folder (self, pd->file);

  if (pd->for_new)
    {
      g_autoptr(NbReport) report = nb_convert_carry_over (last_year->report);
      const NbDocMark *mark = pd->mark;

      pd->last_year = g_steal_pointer (&last_year);
      _nb_window_replace_report (self, mark, report, NULL, carried_over_done, g_steal_pointer (&pd));
      return;
    }
  else
    {
      int year = nb_report_get_year (self->report);

      nb_window_set_previous (self, last_year->report, pd->file);
      if (year != 0 && nb_report_get_year (last_year->report) + 1 != year)
        {
          g_autofree char *message =
            g_strdup_printf (_("That report is for %d, not for %d: its figures may not match"),
                             nb_report_get_year (last_year->report), year - 1);
          nb_window_show_toast (self, message);
        }
    }

  /* A published report was imported: what it could not read is blank, and
   * the clerk should know which carried-over figures that leaves out. */
  if (last_year->notes != NULL && last_year->notes->len > 0)
    _nb_window_show_import_notes (self, last_year->notes, TRUE);
}

/**
 * _nb_window_use_last_year:
 * @file: last year's report: a .nianbao file, or a published report
 *   (.txt, .html, .docx) that is imported
 * @for_new: start this year's report from it (New from Last Year's Report),
 *   rather than only compare with it (rules X1/X2)
 *
 * What the file chooser calls once a file is chosen; the tests too.
 */
void
_nb_window_use_last_year (NbWindow *self,
                          GFile    *file,
                          gboolean  for_new)
{
  PreviousData *pd = g_new0 (PreviousData, 1);

  pd->file = g_object_ref (file);
  pd->for_new = for_new;
  if (for_new)
    pd->mark = _nb_window_mark_document (self);
  load_last_year_async (self, file, chosen_previous_loaded_cb, pd);
}

static void
previous_chooser_response_cb (GtkNativeDialog *chooser,
                              int              response,
                              gpointer         user_data)
{
  g_autoptr(NbWindow) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      gboolean for_new = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "nb-for-new"));

      _nb_window_use_last_year (self, file, for_new);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
choose_previous (NbWindow *self,
                 gboolean  for_new)
{
  GtkFileChooserNative *chooser;

  chooser = _nb_window_file_chooser (self, _("Choose Last Year’s Report"), GTK_FILE_CHOOSER_ACTION_OPEN,
                                     _("_Choose"), _("Reports (Nianbao or published)"),
                                     last_year_suffixes);
  g_object_set_data (G_OBJECT (chooser), "nb-for-new", GINT_TO_POINTER (for_new));
  g_signal_connect (chooser, "response", G_CALLBACK (previous_chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
new_from_previous_confirmed_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  NbWindow *self = NB_WINDOW (object);

  if (_nb_window_confirm_discard_finish (self, result))
    choose_previous (self, TRUE);
}

void
_nb_window_new_from_previous (NbWindow *self)
{
  _nb_window_confirm_discard_async (self, new_from_previous_confirmed_cb, NULL);
}

void
_nb_window_choose_previous (NbWindow *self)
{
  choose_previous (self, FALSE);
}

/* ---- The form (2021 / 2019) ---- */

typedef struct
{
  NbWindow *window;
  NbReport *converted;
} ConvertData;

static void
convert_data_free (ConvertData *cd)
{
  g_object_unref (cd->window);
  g_object_unref (cd->converted);
  g_free (cd);
}

static void
apply_conversion (NbWindow *self,
                  NbReport *converted)
{
  g_autoptr(GFile) file = self->file != NULL ? g_object_ref (self->file) : NULL;
  g_autofree char *message = NULL;

  _nb_window_set_report (self, converted, file);
  /* The file on disk is still in the old form. */
  _nb_window_mark_unsaved (self);
  message = g_strdup_printf (_("The report now uses the form of %s"),
                             nb_template_get_basis (nb_report_get_template (converted)));
  nb_window_show_toast (self, message);
  nb_window_show_page (self, NB_PAGE_META);
}

static void
convert_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  ConvertData *cd = user_data;

  if (g_str_equal (response, "convert"))
    apply_conversion (cd->window, cd->converted);
  convert_data_free (cd);
}

void
_nb_window_change_template (NbWindow   *self,
                            const char *template_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NbTemplate) target = nb_template_load (template_id, &error);
  g_autoptr(GPtrArray) lost = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) moved = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) body = g_string_new (NULL);
  ConvertData *cd;
  GtkWidget *dialog;

  if (target == NULL)
    {
      _nb_window_show_error (self, _("Could Not Change the Form"), error);
      return;
    }
  if (g_str_equal (template_id, nb_template_get_id (nb_report_get_template (self->report))))
    return;

  cd = g_new0 (ConvertData, 1);
  cd->window = g_object_ref (self);
  cd->converted = nb_convert_to_template (self->report, target, lost, moved);

  g_string_append_printf (body, _("The report will use the form of %s. Figures are kept where both forms have the same cell."),
                          nb_template_get_basis (target));
  for (guint i = 0; i < moved->len; i++)
    {
      g_string_append (body, "\n\n");
      g_string_append_printf (body, _("Figures of a row the two forms divide differently are kept in “%s”."),
                              (char *) g_ptr_array_index (moved, i));
    }
  if (lost->len > 0)
    {
      g_string_append (body, "\n\n");
      g_string_append_printf (body,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u figure has no place in that form and will be dropped:",
                                           "%u figures have no place in that form and will be dropped:",
                                           lost->len),
                              lost->len);
      for (guint i = 0; i < lost->len && i < 8; i++)
        g_string_append_printf (body, "\n• %s", (char *) g_ptr_array_index (lost, i));
      if (lost->len > 8)
        g_string_append (body, "\n• …");
    }
  g_string_append (body, "\n\n");
  g_string_append (body, _("This cannot be undone with Undo."));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Change the Form?"), body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "convert", _("C_hange Form"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "convert",
                                              lost->len > 0 ? ADW_RESPONSE_DESTRUCTIVE
                                                            : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (convert_response_cb), cd);
  gtk_window_present (GTK_WINDOW (dialog));
}
