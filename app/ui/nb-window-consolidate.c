/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-window"

#include "config.h"

#include <glib/gi18n.h>

#include "nb-aggregate.h"
#include "nb-window-private.h"

/* Consolidation (汇总) for a bureau: the reports of its agencies (chosen
 * files, or every .nianbao in a folder) are read, checked and summed by
 * NbAggregate in a worker thread. The sum opens as a new, unsaved document
 * in a window of its own, with a dialog that lists every source and its
 * problems, and the notes of the consolidation (refused and unreadable
 * files, blanks, overflows). Its XLSX export adds the 明细 sheet. */

typedef struct
{
  NbWindow    *window;
  NbAggregate *aggregate;
  AdwToast    *toast;      /* "Consolidating…", dismissed when done */
  GApplication *app;
} ConsolidateData;

static void
consolidate_data_free (ConsolidateData *data)
{
  g_object_unref (data->window);
  g_object_unref (data->aggregate);
  g_clear_object (&data->toast);
  /* Held while reading: the window may close meanwhile (see
   * _nb_window_task_begin ()), the sum still opens in its own window. */
  if (data->app != NULL)
    {
      g_application_release (data->app);
      g_object_unref (data->app);
    }
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConsolidateData, consolidate_data_free)

static const char *
severity_icon (NbSeverity severity)
{
  switch (severity)
    {
    case NB_SEVERITY_ERROR:
      return "dialog-error-symbolic";
    case NB_SEVERITY_WARNING:
      return "dialog-warning-symbolic";
    case NB_SEVERITY_INFO:
    default:
      return "dialog-information-symbolic";
    }
}

/* "2 errors, 1 warning", "1 warning", "No problems". */
static char *
problems_text (guint n_errors,
               guint n_warnings)
{
  g_autofree char *errors = NULL;
  g_autofree char *warnings = NULL;

  if (n_errors == 0 && n_warnings == 0)
    return g_strdup (_("No problems"));
  errors = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors", n_errors), n_errors);
  warnings = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", n_warnings),
                              n_warnings);
  if (n_warnings == 0)
    return g_steal_pointer (&errors);
  if (n_errors == 0)
    return g_steal_pointer (&warnings);
  /* Translators: "2 errors, 1 warning" */
  return g_strdup_printf (_("%s, %s"), errors, warnings);
}

static GtkWidget *
list_heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

static GtkWidget *
boxed_list (const char *accessible_label)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_label, -1);
  return list;
}

static GtkWidget *
source_row (NbAggregate *aggregate,
            guint        index)
{
  const char *agency = nb_aggregate_get_source_agency (aggregate, index);
  GFile *file = nb_aggregate_get_source_file (aggregate, index);
  guint n_errors = nb_aggregate_get_source_n_errors (aggregate, index);
  guint n_warnings = nb_aggregate_get_source_n_warnings (aggregate, index);
  g_autofree char *name = file != NULL ? _nb_window_display_basename (file) : NULL;
  g_autofree char *problems = problems_text (n_errors, n_warnings);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (problems);

  /* Agencies' names and file names, not markup (a name may hold "&"). */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 agency != NULL && *agency != '\0' ? agency : _("Agency not given"));
  if (name != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), name);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  /* The agency in the Chinese face; the file name and the count in the UI's. */
  if (agency != NULL && *agency != '\0')
    gtk_widget_add_css_class (row, "report-title");

  gtk_widget_add_css_class (label, "nb-problem-count");
  gtk_widget_add_css_class (label, n_errors > 0 ? "error" : n_warnings > 0 ? "warning" : "dim-label");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static GtkWidget *
note_row (NbDiagnostic *note)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (severity_icon (nb_diagnostic_get_severity (note)));

  /* Messages quote file names and errors: not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), nb_diagnostic_get_message (note));
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 4);
  gtk_widget_add_css_class (row, "report-text");
  if (nb_diagnostic_get_severity (note) == NB_SEVERITY_ERROR)
    gtk_widget_add_css_class (icon, "error");
  else if (nb_diagnostic_get_severity (note) == NB_SEVERITY_WARNING)
    gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

/* The sources and the notes, for the extra child of a message dialog. */
static GtkWidget *
sources_view (NbAggregate *aggregate)
{
  GListModel *notes = nb_aggregate_get_notes (aggregate);
  guint n_sources = nb_aggregate_get_n_sources (aggregate);
  guint n_notes = g_list_model_get_n_items (notes);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scroller;

  if (n_sources > 0)
    {
      GtkWidget *list = boxed_list (_("Sources"));

      gtk_box_append (GTK_BOX (box), list_heading (_("Sources")));
      for (guint i = 0; i < n_sources; i++)
        gtk_list_box_append (GTK_LIST_BOX (list), source_row (aggregate, i));
      gtk_box_append (GTK_BOX (box), list);
    }
  if (n_notes > 0)
    {
      GtkWidget *list = boxed_list (_("Notes"));

      gtk_box_append (GTK_BOX (box), list_heading (_("Notes")));
      for (guint i = 0; i < n_notes; i++)
        {
          g_autoptr(NbDiagnostic) note = g_list_model_get_item (notes, i);
          gtk_list_box_append (GTK_LIST_BOX (list), note_row (note));
        }
      gtk_box_append (GTK_BOX (box), list);
    }

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  /* The message dialog gives its extra child little more than its minimum:
   * room for a few rows, the rest scrolls. */
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller),
                                              MIN (360, 64 * (n_sources + n_notes) + 40));
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 480);
  gtk_widget_set_size_request (scroller, 480, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  return scroller;
}

static guint
count_with_errors (NbAggregate *aggregate)
{
  guint n = 0;

  for (guint i = 0; i < nb_aggregate_get_n_sources (aggregate); i++)
    if (nb_aggregate_get_source_n_errors (aggregate, i) > 0)
      n++;
  return n;
}

/**
 * _nb_window_show_sources:
 *
 * Lists the sources of the consolidated report shown, each with its
 * problem counts, and the notes of the consolidation.
 */
void
_nb_window_show_sources (NbWindow *self)
{
  NbAggregate *aggregate = self->aggregate;
  g_autofree char *heading = NULL;
  g_autofree char *summed = NULL;
  g_autofree char *body = NULL;
  guint n_sources, n_bad;
  GtkWidget *dialog;

  if (aggregate == NULL)
    return;

  n_sources = nb_aggregate_get_n_sources (aggregate);
  n_bad = count_with_errors (aggregate);
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Report Consolidated",
                                          "%u Reports Consolidated", n_sources),
                             n_sources);
  summed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The figures of %u report for %d are summed in this new report.",
                                         "The figures of %u reports for %d are summed in this new report.",
                                         n_sources),
                            n_sources, nb_aggregate_get_year (aggregate));
  if (n_bad > 0)
    {
      g_autofree char *bad = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "%u of them has errors: the sums are not right until it is corrected and consolidated again.",
                                                           "%u of them have errors: the sums are not right until they are corrected and consolidated again.",
                                                           n_bad),
                                              n_bad);
      /* Translators: two sentences, one after the other (drop the space in Chinese) */
      body = g_strdup_printf (_("%s %s"), summed, bad);
    }
  else
    body = g_steal_pointer (&summed);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), sources_view (aggregate));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Nothing could be summed: every input was unreadable or refused. */
static void
show_nothing_read (NbWindow    *self,
                   NbAggregate *aggregate)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Nothing to Consolidate"),
                                   _("None of the chosen files is a report that can be summed."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  if (g_list_model_get_n_items (nb_aggregate_get_notes (aggregate)) > 0)
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), sources_view (aggregate));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
consolidated_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ConsolidateData) data = user_data;
  NbWindow *self = data->window;
  g_autoptr(GError) error = NULL;
  GtkApplication *application;
  NbReport *report;
  NbWindow *window;

  self->consolidating = FALSE;
  _nb_window_actions_update (self);
  adw_toast_dismiss (data->toast);

  if (!nb_aggregate_add_files_finish (data->aggregate, result, &error))
    {
      if (!self->closed)
        _nb_window_show_error (self, _("Could Not Consolidate the Reports"), error);
      return;
    }

  report = nb_aggregate_get_result (data->aggregate);
  if (report == NULL)
    {
      if (!self->closed)
        show_nothing_read (self, data->aggregate);
      return;
    }

  /* A document of its own, beside the one shown: the sum exists nowhere
   * else yet, so it is unsaved until saved. */
  /* From the application held, not the window's: the window the clerk
   * started from may have been closed meanwhile. */
  application = GTK_IS_APPLICATION (data->app) ? GTK_APPLICATION (data->app)
                                               : gtk_window_get_application (GTK_WINDOW (self));
  window = nb_window_new_for_report (NB_IS_APPLICATION (application) ? NB_APPLICATION (application) : NULL,
                                     self->settings, self->drafts, report, NULL);
  g_set_object (&window->aggregate, data->aggregate);
  _nb_window_mark_unsaved (window);
  gtk_window_present (GTK_WINDOW (window));
  _nb_window_show_sources (window);
}

/**
 * _nb_window_consolidate:
 * @files: (element-type GFile): reports, or folders meaning every .nianbao in them
 *
 * Sums @files in a worker thread; the result opens in a new window. What
 * the file chooser calls, and the tests.
 */
void
_nb_window_consolidate (NbWindow   *self,
                        GListModel *files)
{
  ConsolidateData *data;
  guint n = g_list_model_get_n_items (files);

  if (n == 0 || self->consolidating)
    return;

  data = g_new0 (ConsolidateData, 1);
  data->window = g_object_ref (self);
  data->aggregate = nb_aggregate_new ();
  self->consolidating = TRUE;
  _nb_window_actions_update (self);
  if ((data->app = g_application_get_default ()) != NULL)
    {
      g_object_ref (data->app);
      g_application_hold (data->app);
    }
  data->toast = adw_toast_new (_("Consolidating the reports…"));
  adw_toast_set_timeout (data->toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (data->toast));
  /* Not the window's cancellable: closing the window does not stop the
   * consolidation, whose sum opens in a window of its own. */
  nb_aggregate_add_files_async (data->aggregate, files, NULL, consolidated_cb, data);
}

static void
consolidate_chooser_response_cb (GtkNativeDialog *chooser,
                                 int              response,
                                 gpointer         user_data)
{
  g_autoptr(NbWindow) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GFile) first = g_list_model_get_item (files, 0);
      g_autoptr(GFile) folder = NULL;

      if (first != NULL)
        {
          gboolean chose_folder =
            gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER;

          /* A chosen folder is remembered itself, chosen files by theirs. */
          folder = chose_folder ? g_object_ref (first) : g_file_get_parent (first);
          if (folder != NULL)
            nb_settings_set_last_folder (self->settings, folder);
        }
      _nb_window_consolidate (self, files);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

/**
 * _nb_window_choose_consolidation:
 * @folder: choose one folder (every .nianbao in it) rather than files
 *
 * GTK 4.8's file chooser picks files or a folder, not both: two menu items.
 */
void
_nb_window_choose_consolidation (NbWindow *self,
                                 gboolean  folder)
{
  static const char * const suffixes[] = { "nianbao", NULL };
  GtkFileChooserNative *chooser;

  if (folder)
    chooser = _nb_window_file_chooser (self, _("Consolidate the Reports in a Folder"),
                                       GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Consolidate"),
                                       NULL, NULL);
  else
    {
      chooser = _nb_window_file_chooser (self, _("Choose the Reports to Consolidate"),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Consolidate"),
                                         _("Nianbao reports"), suffixes);
      gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
    }
  g_signal_connect (chooser, "response", G_CALLBACK (consolidate_chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
