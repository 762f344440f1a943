/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "nb-font-warmup.h"
#include "nb-grid-editor.h"
#include "nb-meta-page.h"
#include "nb-prose-editor.h"
#include "nb-section-row.h"
#include "nb-storage.h"
#include "nb-window-private.h"

/**
 * NbWindow:
 *
 * Shows one report and routes edits to it: a sidebar of 基本信息 and the
 * sections with their problem counts, a page per section (prose or grid
 * editor, built from the template), the live problems panel, undo/redo of
 * the whole document, files, drafts and exports. The report, the rules and
 * the exporters do the work; the window only shows and routes.
 */

G_DEFINE_FINAL_TYPE (NbWindow, nb_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_DRAFTS,
  PROP_REPORT,
  PROP_FILE,
  PROP_SHOW_PROBLEMS,
  PROP_DRAWN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void       write_draft (NbWindow   *self);
static void       nb_window_realize   (GtkWidget *widget);
static void       nb_window_unrealize (GtkWidget *widget);
static GtkWidget *ensure_page (NbWindow   *self,
                               const char *page_id);

static gboolean
autosave_timeout_cb (gpointer user_data)
{
  NbWindow *self = user_data;

  self->autosave_id = 0;
  write_draft (self);
  return G_SOURCE_REMOVE;
}

/**
 * nb_window_get_busy:
 *
 * Returns: whether a save, export or import of this window is running (its
 *   Save, Export and Print wait until it ends)
 */
gboolean
nb_window_get_busy (NbWindow *self)
{
  g_return_val_if_fail (NB_IS_WINDOW (self), FALSE);
  return self->busy > 0;
}

gboolean
nb_window_get_modified (NbWindow *self)
{
  g_return_val_if_fail (NB_IS_WINDOW (self), FALSE);
  return self->report != NULL && (self->force_modified || nb_report_get_modified (self->report));
}

/* 东胜区统计局2023年政府信息公开工作年度报告: the title the report itself carries. */
static char *
report_title (NbReport *report)
{
  const char *agency = nb_report_get_meta (report, NB_META_AGENCY);
  const char *name = nb_template_get_report_title (nb_report_get_template (report));
  int year = nb_report_get_year (report);

  if (*agency == '\0' && year == 0)
    return NULL;
  if (year == 0)
    return g_strconcat (agency, name, NULL);
  return g_strdup_printf ("%s%d年%s", agency, year, name);
}

void
_nb_window_update_title (NbWindow *self)
{
  g_autofree char *title = report_title (self->report);
  g_autofree char *shown = NULL;
  g_autofree char *subtitle = NULL;

  /* The report's own title in the Chinese face; "Untitled Report" and the
   * file in the UI font. */
  if (title == NULL)
    {
      title = g_strdup (_("Untitled Report"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->window_title), "report-title");
    }
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->window_title), "report-title");
  shown = nb_window_get_modified (self) ? g_strconcat ("• ", title, NULL) : g_strdup (title);

  if (self->file != NULL)
    {
      g_autoptr(GFile) home = g_file_new_for_path (g_get_home_dir ());
      g_autofree char *relative = g_file_get_relative_path (home, self->file);
      g_autofree char *shown_relative = relative != NULL ? g_filename_display_name (relative) : NULL;

      subtitle = relative != NULL ? g_strconcat ("~/", shown_relative, NULL) : g_file_get_parse_name (self->file);
    }
  else
    subtitle = g_strdup (_("Not saved yet"));

  adw_window_title_set_title (self->window_title, shown);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), shown);
}

void
nb_window_show_toast (NbWindow   *self,
                      const char *message)
{
  AdwToast *toast;

  g_return_if_fail (NB_IS_WINDOW (self));

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * _nb_window_display_basename:
 *
 * Returns: (transfer full): @file's name to show, in UTF-8 whatever the
 *   bytes of the name (a zip made on Windows leaves GBK names)
 */
char *
_nb_window_display_basename (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *base = NULL;

  if (path != NULL)
    return g_filename_display_basename (path);
  base = g_file_get_basename (file);
  return base != NULL ? g_utf8_make_valid (base, -1) : g_file_get_parse_name (file);
}

void
_nb_window_show_error (NbWindow     *self,
                       const char   *heading,
                       const GError *error)
{
  GtkWidget *dialog;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Pages and sidebar ---- */

static void
update_counts (NbWindow *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *page_id;
      guint errors = 0, warnings = 0;

      if (!NB_IS_SECTION_ROW (child))
        continue;
      page_id = nb_section_row_get_page_id (NB_SECTION_ROW (child));
      nb_rules_count_for_section (self->rules, g_str_equal (page_id, NB_PAGE_META) ? NULL : page_id,
                                  &errors, &warnings);
      nb_section_row_set_counts (NB_SECTION_ROW (child), errors, warnings);
    }
}

static void
rules_changed_cb (NbWindow   *self,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GListModel *model)
{
  update_counts (self);
}

static GtkListBoxRow *
find_row (NbWindow   *self,
          const char *page_id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (NB_IS_SECTION_ROW (child) &&
        g_str_equal (nb_section_row_get_page_id (NB_SECTION_ROW (child)), page_id))
      return GTK_LIST_BOX_ROW (child);
  return NULL;
}

static void
sidebar_row_selected_cb (NbWindow      *self,
                         GtkListBoxRow *row,
                         GtkListBox    *list)
{
  if (row == NULL || !NB_IS_SECTION_ROW (row))
    return;
  ensure_page (self, nb_section_row_get_page_id (NB_SECTION_ROW (row)));
  gtk_stack_set_visible_child_name (self->stack, nb_section_row_get_page_id (NB_SECTION_ROW (row)));
  /* Shown over the page, the sections fold away once one is chosen; but
   * not while the arrows browse them (sidebar_row_activated_cb then). */
  if (adw_flap_get_folded (self->flap) && !gtk_widget_has_focus (GTK_WIDGET (row)))
    adw_flap_set_reveal_flap (self->flap, FALSE);
}

/* A section chosen (click, Enter, Space) from the sections shown over a
 * narrow window: they fold away, and the keyboard goes on in its page. */
static void
sidebar_row_activated_cb (NbWindow      *self,
                          GtkListBoxRow *row,
                          GtkListBox    *list)
{
  GtkWidget *page;

  if (!adw_flap_get_folded (self->flap) || !adw_flap_get_reveal_flap (self->flap))
    return;
  adw_flap_set_reveal_flap (self->flap, FALSE);
  page = gtk_stack_get_visible_child (self->stack);
  if (page != NULL)
    gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
}

/* Tab in the sidebar goes on to the page it shows, Shift+Tab back to the
 * header bar: not row by row through the sections, each one switching the
 * page (arrows do that). */
static gboolean
sidebar_key_pressed_cb (NbWindow              *self,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        GtkEventControllerKey *controller)
{
  GtkWidget *page;

  if (keyval != GDK_KEY_Tab && keyval != GDK_KEY_KP_Tab && keyval != GDK_KEY_ISO_Left_Tab)
    return GDK_EVENT_PROPAGATE;
  if ((state & GDK_SHIFT_MASK) != 0 || keyval == GDK_KEY_ISO_Left_Tab)
    return gtk_widget_child_focus (self->header_bar, GTK_DIR_TAB_BACKWARD);
  page = gtk_stack_get_visible_child (self->stack);
  return page != NULL && gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
}

static void
clear_pages (NbWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar))) != NULL)
    gtk_list_box_remove (self->sidebar, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->stack))) != NULL)
    gtk_stack_remove (self->stack, child);
  g_hash_table_remove_all (self->pages);
}

/* Pages are built when first shown: a window opens with only 基本信息
 * built, and a table's few hundred widgets cost nothing until it is
 * visited (or a problem, a test or a search asks for one of its cells). */
static GtkWidget *
ensure_page (NbWindow   *self,
             const char *page_id)
{
  NbTemplate *template = nb_report_get_template (self->report);
  GtkWidget *page = g_hash_table_lookup (self->pages, page_id);
  int index;

  if (page != NULL)
    return page;

  if (g_str_equal (page_id, NB_PAGE_META))
    {
      g_autofree char *previous_name = NULL;

      page = nb_meta_page_new (self->report);
      if (self->previous_file != NULL)
        previous_name = _nb_window_display_basename (self->previous_file);
      nb_meta_page_set_previous_name (NB_META_PAGE (page), previous_name);
    }
  else if ((index = nb_template_lookup_section (template, page_id)) >= 0)
    {
      const NbTemplateSection *section = nb_template_get_section (template, index);

      if (section->table_id != NULL)
        page = nb_grid_editor_new (self->report, self->rules, section->table_id);
      else
        page = nb_prose_editor_new (self->report, section->id);
    }
  else
    return NULL;

  gtk_widget_set_name (page, page_id);
  gtk_stack_add_named (self->stack, page, page_id);
  g_hash_table_insert (self->pages, g_strdup (page_id), page);
  return page;
}

static void
build_pages (NbWindow *self)
{
  NbTemplate *template = nb_report_get_template (self->report);

  clear_pages (self);

  gtk_list_box_append (self->sidebar, nb_section_row_new (NB_PAGE_META, _("Basic Information"), FALSE));
  for (guint i = 0; i < nb_template_get_n_sections (template); i++)
    {
      const NbTemplateSection *section = nb_template_get_section (template, i);

      gtk_list_box_append (self->sidebar,
                           nb_section_row_new (section->id,
                                               section->title != NULL ? section->title : _("Opening"),
                                               section->title != NULL));
    }

  ensure_page (self, NB_PAGE_META);
  gtk_list_box_select_row (self->sidebar, find_row (self, NB_PAGE_META));
  update_counts (self);
}

/* ---- The document ---- */

/* Drafts: written auto-save-delay seconds after the first unsaved change,
 * not pushed back by further typing, so nothing typed longer ago than the
 * delay is ever lost. */
static void
schedule_draft (NbWindow *self)
{
  if (self->autosave_id == 0 && !self->closed)
    {
      guint delay = nb_settings_get_auto_save_delay (self->settings);
      self->autosave_id = g_timeout_add (delay * 1000, autosave_timeout_cb, self);
    }
}

static void
report_changed_cb (NbWindow     *self,
                   NbChangeKind  kind,
                   const char   *detail,
                   NbReport     *report)
{
  if (kind == NB_CHANGE_META || kind == NB_CHANGE_ALL)
    _nb_window_update_title (self);
  schedule_draft (self);
}

/**
 * _nb_window_task_begin:
 *
 * A save, export, import or consolidation starts in a thread: the actions
 * that would start another wait for it, and the application is held, so
 * that closing the last window lets the work finish instead of ending the
 * process under it (GTK releases the application as the window goes).
 */
void
_nb_window_task_begin (NbWindow *self)
{
  GApplication *app = g_application_get_default ();

  self->busy++;
  if (app != NULL)
    g_application_hold (app);
  _nb_window_actions_update (self);
}

void
_nb_window_task_end (NbWindow *self)
{
  GApplication *app = g_application_get_default ();

  g_return_if_fail (self->busy > 0);
  self->busy--;
  _nb_window_actions_update (self);
  if (app != NULL)
    g_application_release (app);
}

/**
 * _nb_window_mark_unsaved:
 *
 * The document shown exists nowhere else yet (converted to another form,
 * imported, carried over, consolidated): it counts as modified until saved,
 * and gets a draft like any edit, though nothing was typed.
 */
void
_nb_window_mark_unsaved (NbWindow *self)
{
  self->force_modified = TRUE;
  _nb_window_update_title (self);
  _nb_window_actions_update (self);
  schedule_draft (self);
}

static void
report_state_cb (NbWindow   *self,
                 GParamSpec *pspec,
                 NbReport   *report)
{
  _nb_window_update_title (self);
  _nb_window_actions_update (self);
}

static void
disconnect_report (NbWindow *self)
{
  if (self->report != NULL)
    {
      g_clear_signal_handler (&self->report_changed_id, self->report);
      g_clear_signal_handler (&self->report_modified_id, self->report);
      g_clear_signal_handler (&self->report_undo_id, self->report);
      g_clear_signal_handler (&self->report_redo_id, self->report);
    }
  if (self->rules != NULL)
    g_clear_signal_handler (&self->rules_changed_id, self->rules);
}

void
_nb_window_set_file (NbWindow *self,
                     GFile    *file)
{
  g_set_object (&self->file, file);
  _nb_window_update_title (self);
}

/**
 * _nb_window_set_report:
 *
 * Shows @report (loaded from @file, or new when %NULL). The document shown
 * before is gone: the caller has saved it or the user discarded it.
 */
void
_nb_window_set_report (NbWindow *self,
                       NbReport *report,
                       GFile    *file)
{
  g_assert (NB_IS_REPORT (report));

  disconnect_report (self);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  _nb_window_discard_draft (self);
  self->force_modified = FALSE;

  g_set_object (&self->report, report);
  /* Another document: not the sum of a consolidation any more. */
  g_clear_object (&self->aggregate);
  g_clear_object (&self->rules);
  self->rules = nb_rules_new (report);
  g_set_object (&self->file, file);

  /* Last year's report only applies to the year after it. */
  if (self->previous != NULL &&
      (nb_report_get_year (self->previous) + 1 != nb_report_get_year (report) ||
       nb_report_get_year (report) == 0))
    {
      g_clear_object (&self->previous);
      g_clear_object (&self->previous_file);
    }
  nb_rules_set_previous (self->rules, self->previous);

  nb_problems_panel_set_rules (self->problems, self->rules);
  build_pages (self);

  self->report_changed_id = g_signal_connect_object (report, "changed",
                                                     G_CALLBACK (report_changed_cb), self,
                                                     G_CONNECT_SWAPPED);
  self->report_modified_id = g_signal_connect_object (report, "notify::modified",
                                                      G_CALLBACK (report_state_cb), self,
                                                      G_CONNECT_SWAPPED);
  self->report_undo_id = g_signal_connect_object (report, "notify::can-undo",
                                                  G_CALLBACK (report_state_cb), self,
                                                  G_CONNECT_SWAPPED);
  self->report_redo_id = g_signal_connect_object (report, "notify::can-redo",
                                                  G_CALLBACK (report_state_cb), self,
                                                  G_CONNECT_SWAPPED);
  self->rules_changed_id = g_signal_connect_object (self->rules, "items-changed",
                                                    G_CALLBACK (rules_changed_cb), self,
                                                    G_CONNECT_SWAPPED);

  _nb_window_update_title (self);
  _nb_window_actions_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
}

/**
 * nb_window_set_previous:
 * @previous: (nullable): last year's report, for the cross-year rules X1/X2
 * @file: (nullable): where @previous was read from
 */
void
nb_window_set_previous (NbWindow *self,
                        NbReport *previous,
                        GFile    *file)
{
  GtkWidget *meta;
  g_autofree char *name = NULL;

  g_return_if_fail (NB_IS_WINDOW (self));
  g_return_if_fail (previous == NULL || NB_IS_REPORT (previous));

  g_set_object (&self->previous, previous);
  if (previous == NULL)
    file = NULL;
  g_set_object (&self->previous_file, file);
  if (self->rules != NULL)
    nb_rules_set_previous (self->rules, previous);

  meta = g_hash_table_lookup (self->pages, NB_PAGE_META);
  if (self->previous_file != NULL)
    name = _nb_window_display_basename (self->previous_file);
  else if (previous != NULL)
    name = g_strdup (_("Chosen"));
  if (meta != NULL)
    nb_meta_page_set_previous_name (NB_META_PAGE (meta), name);
}

/* ---- Drafts ---- */

void
_nb_window_discard_draft (NbWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->draft_id == NULL)
    return;
  /* A write in flight removes its own draft when it lands (draft_written_cb). */
  if (!self->draft_writing && !nb_drafts_remove (self->drafts, self->draft_id, &error))
    g_warning ("Could not remove the draft %s: %s", self->draft_id, error->message);
  if (!self->draft_writing)
    g_clear_pointer (&self->draft_id, g_free);
}

static void
draft_written_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(NbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GApplication *app = g_application_get_default ();

  self->draft_writing = FALSE;

  if (!nb_drafts_write_finish (NB_DRAFTS (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !self->draft_error_shown)
    {
      g_autofree char *message = g_strdup_printf (_("Could not keep a draft: %s"), error->message);
      self->draft_error_shown = TRUE;
      if (!self->closed)
        nb_window_show_toast (self, message);
    }

  /* Saved, discarded or closed meanwhile: this draft must not outlive it. */
  if (self->closed || !nb_window_get_modified (self))
    _nb_window_discard_draft (self);
  else if (self->draft_again)
    {
      self->draft_again = FALSE;
      write_draft (self);
    }

  if (app != NULL)
    g_application_release (app);
}

static void
write_draft (NbWindow *self)
{
  g_autofree char *data = NULL;
  g_autofree char *title = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GApplication *app = g_application_get_default ();
  gsize length = 0;

  if (self->draft_writing)
    {
      self->draft_again = TRUE;
      return;
    }
  if (!nb_window_get_modified (self))
    {
      _nb_window_discard_draft (self);
      return;
    }

  if (self->draft_id == NULL)
    self->draft_id = nb_drafts_new_id ();
  data = nb_storage_to_data (self->report, &length);
  bytes = g_bytes_new_take (g_steal_pointer (&data), length);
  title = report_title (self->report);
  if (self->file != NULL)
    uri = g_file_get_uri (self->file);

  self->draft_writing = TRUE;
  /* Keep the process alive until the draft is on disk. */
  if (app != NULL)
    g_application_hold (app);
  nb_drafts_write_async (self->drafts, self->draft_id, bytes, uri,
                         title != NULL ? title : _("Untitled Report"),
                         NULL, draft_written_cb, g_object_ref (self));
}

/* Whether @file was written after @when (a draft's time). */
static gboolean
saved_after (GFile     *file,
             GDateTime *when)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GDateTime) modified = NULL;

  if (when == NULL)
    return FALSE;
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED "," G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info == NULL || (modified = g_file_info_get_modification_date_time (info)) == NULL)
    return FALSE;
  return g_date_time_compare (modified, when) > 0;
}

/**
 * nb_window_recover_draft:
 *
 * Shows a draft left behind by a Nianbao that stopped without saving; the
 * document keeps its file (unless the file was saved after the draft) and
 * counts as modified until it is saved.
 */
gboolean
nb_window_recover_draft (NbWindow           *self,
                         const NbDraftInfo  *draft,
                         GError            **error)
{
  g_autoptr(NbReport) report = NULL;
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (NB_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (draft != NULL, FALSE);

  report = nb_drafts_load (self->drafts, draft->id, error);
  if (report == NULL)
    return FALSE;
  if (!nb_drafts_claim (self->drafts, draft->id, error))
    return FALSE;

  if (draft->uri != NULL)
    file = g_file_new_for_uri (draft->uri);
  /* The file saved since (opened and saved again after a "Not Now"): the
   * draft is older work, and saving it there would replace the newer. It
   * comes back as a new document instead. */
  if (file != NULL && saved_after (file, draft->saved))
    {
      g_autofree char *name = _nb_window_display_basename (file);
      g_autofree char *message =
        g_strdup_printf (_("“%s” was saved after this draft was made: the draft opens as a new report, so that saving it does not replace the newer file"),
                         name);

      g_clear_object (&file);
      nb_window_show_toast (self, message);
    }
  _nb_window_set_report (self, report, file);
  self->draft_id = g_strdup (draft->id);
  self->force_modified = TRUE;
  _nb_window_update_title (self);
  _nb_window_actions_update (self);
  return TRUE;
}

/* ---- Navigation ---- */

gboolean
nb_window_show_page (NbWindow   *self,
                     const char *page_id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (NB_IS_WINDOW (self), FALSE);

  row = find_row (self, page_id);
  if (row == NULL)
    return FALSE;
  ensure_page (self, page_id);
  gtk_list_box_select_row (self->sidebar, row);
  gtk_stack_set_visible_child_name (self->stack, page_id);
  return TRUE;
}

const char *
nb_window_get_visible_page (NbWindow *self)
{
  g_return_val_if_fail (NB_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * nb_window_get_page:
 *
 * Returns: (transfer none) (nullable): the page of @page_id, built if it
 *   was not yet
 */
GtkWidget *
nb_window_get_page (NbWindow   *self,
                    const char *page_id)
{
  g_return_val_if_fail (NB_IS_WINDOW (self), NULL);
  g_return_val_if_fail (page_id != NULL, NULL);
  return ensure_page (self, page_id);
}

static NbGridEditor *
grid_of_cell (NbWindow *self,
              int       cell)
{
  const char *section_id;
  GtkWidget *page;

  if (cell < 0)
    return NULL;
  section_id = nb_template_get_cell_section (nb_report_get_template (self->report), (guint) cell);
  page = section_id != NULL ? nb_window_get_page (self, section_id) : NULL;
  return page != NULL && NB_IS_GRID_EDITOR (page) ? NB_GRID_EDITOR (page) : NULL;
}

/**
 * nb_window_get_cell_widget:
 *
 * Returns: (transfer none) (nullable): the text widget of @cell_id
 */
GtkWidget *
nb_window_get_cell_widget (NbWindow   *self,
                           const char *cell_id)
{
  int cell;
  NbGridEditor *grid;

  g_return_val_if_fail (NB_IS_WINDOW (self), NULL);

  cell = nb_template_lookup_cell (nb_report_get_template (self->report), cell_id);
  grid = grid_of_cell (self, cell);
  return grid != NULL ? nb_grid_editor_get_cell_widget (grid, (guint) cell) : NULL;
}

gboolean
nb_window_focus_cell (NbWindow   *self,
                      const char *cell_id)
{
  int cell;
  NbGridEditor *grid;

  g_return_val_if_fail (NB_IS_WINDOW (self), FALSE);

  cell = nb_template_lookup_cell (nb_report_get_template (self->report), cell_id);
  grid = grid_of_cell (self, cell);
  if (grid == NULL)
    return FALSE;
  nb_window_show_page (self, gtk_widget_get_name (GTK_WIDGET (grid)));
  return nb_grid_editor_focus_cell (grid, (guint) cell);
}

/**
 * nb_window_activate_diagnostic:
 *
 * Shows the section of @diagnostic and focuses its first cell (or the text
 * of a prose section).
 */
void
nb_window_activate_diagnostic (NbWindow     *self,
                               NbDiagnostic *diagnostic)
{
  const char *section_id = nb_diagnostic_get_section_id (diagnostic);
  const char * const *cells = nb_diagnostic_get_cells (diagnostic);
  NbTemplate *template = nb_report_get_template (self->report);
  int cell = (cells != NULL && cells[0] != NULL) ? nb_template_lookup_cell (template, cells[0]) : -1;
  GtkWidget *page;

  g_return_if_fail (NB_IS_WINDOW (self));

  if (section_id == NULL && cell >= 0)
    section_id = nb_template_get_cell_section (template, (guint) cell);
  if (section_id == NULL || nb_window_get_page (self, section_id) == NULL)
    section_id = NB_PAGE_META;

  nb_window_show_page (self, section_id);
  page = nb_window_get_page (self, section_id);
  if (NB_IS_GRID_EDITOR (page) && cell >= 0 &&
      nb_grid_editor_focus_cell (NB_GRID_EDITOR (page), (guint) cell))
    return;
  /* A 基本信息 field (M1, M2) is named meta.KEY. */
  if (NB_IS_META_PAGE (page) && cells != NULL && cells[0] != NULL && g_str_has_prefix (cells[0], "meta."))
    for (NbMetaField f = 0; f < NB_META_N_FIELDS; f++)
      if (g_str_equal (cells[0] + strlen ("meta."), nb_report_meta_field_key (f)) &&
          gtk_widget_grab_focus (nb_meta_page_get_field_row (NB_META_PAGE (page), f)))
        return;
  gtk_widget_grab_focus (page);
}

static void
diagnostic_activated_cb (NbWindow        *self,
                         NbDiagnostic    *diagnostic,
                         NbProblemsPanel *panel)
{
  nb_window_activate_diagnostic (self, diagnostic);
}

/* ---- Window ---- */

static gboolean
drop_cb (NbWindow      *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = g_value_get_boxed (value);
  if (files == NULL)
    return FALSE;
  _nb_window_open_with_prompt (self, files->data);
  return TRUE;
}

static void
save_window_state (NbWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  nb_settings_set_window_state (self->settings, width, height,
                                gtk_window_is_maximized (GTK_WINDOW (self)));
}

static void
close_confirmed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(NbWindow) self = user_data;

  if (_nb_window_confirm_discard_finish (self, result))
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

static gboolean
nb_window_close_request (GtkWindow *window)
{
  NbWindow *self = NB_WINDOW (window);

  if (!self->close_confirmed && nb_window_get_modified (self))
    {
      _nb_window_confirm_discard_async (self, close_confirmed_cb, g_object_ref (self));
      return TRUE;
    }

  save_window_state (self);
  self->closed = TRUE;
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  /* Saved or discarded: no draft may be offered back for it. */
  _nb_window_discard_draft (self);

  return GTK_WINDOW_CLASS (nb_window_parent_class)->close_request (window);
}

static void
nb_window_constructed (GObject *object)
{
  NbWindow *self = NB_WINDOW (object);
  g_autoptr(NbTemplate) template = NULL;
  g_autoptr(NbReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *last_year = NULL;
  int width, height;
  gboolean maximized;

  G_OBJECT_CLASS (nb_window_parent_class)->constructed (object);

  g_assert (NB_IS_SETTINGS (self->settings));
  if (self->drafts == NULL)
    self->drafts = nb_drafts_new (NULL);

  nb_settings_get_window_state (self->settings, &width, &height, &maximized);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (maximized)
    gtk_window_maximize (GTK_WINDOW (self));

  g_object_bind_property (self->settings, "show-problems", self, "show-problems",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  /* A window always shows a document: the one it was made for (already
   * read, so its pages are built once), or a blank one for last year, the
   * year reports are written for. */
  if (self->report != NULL)
    {
      g_autoptr(NbReport) given = g_steal_pointer (&self->report);
      g_autoptr(GFile) file = g_steal_pointer (&self->file);

      _nb_window_set_report (self, given, file);
      /* Reading the recent files (which can be large) waits for the first frame. */
      g_set_object (&self->recent_pending, file);
      return;
    }
  template = nb_template_load (NB_TEMPLATE_DEFAULT_ID, &error);
  if (template == NULL)
    g_error ("The built-in form template is missing: %s", error->message);
  report = nb_report_new (template);
  last_year = g_strdup_printf ("%d", g_date_time_get_year (now) - 1);
  nb_report_set_meta (report, NB_META_YEAR, last_year);
  nb_report_clear_history (report);
  _nb_window_set_report (self, report, NULL);
}

static void
nb_window_dispose (GObject *object)
{
  NbWindow *self = NB_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  disconnect_report (self);
  if (self->problems != NULL)
    nb_problems_panel_set_rules (self->problems, NULL);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  if (self->shortcuts_window != NULL)
    gtk_window_destroy (self->shortcuts_window);
  g_clear_object (&self->shortcuts_window);

  gtk_widget_dispose_template (GTK_WIDGET (self), NB_TYPE_WINDOW);

  g_clear_object (&self->rules);
  g_clear_object (&self->report);
  g_clear_object (&self->previous);
  g_clear_object (&self->previous_file);
  g_clear_object (&self->file);
  g_clear_object (&self->recent_pending);
  g_clear_object (&self->aggregate);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (nb_window_parent_class)->dispose (object);
}

static void
nb_window_finalize (GObject *object)
{
  NbWindow *self = NB_WINDOW (object);

  /* Kept until here: a draft write still in flight when the window closed
   * removes its draft when it lands (draft_written_cb). */
  g_clear_object (&self->drafts);
  g_free (self->draft_id);

  G_OBJECT_CLASS (nb_window_parent_class)->finalize (object);
}

static void
nb_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  NbWindow *self = NB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_DRAFTS:
      g_value_set_object (value, self->drafts);
      break;
    case PROP_REPORT:
      g_value_set_object (value, self->report);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_SHOW_PROBLEMS:
      g_value_set_boolean (value, self->show_problems);
      break;
    case PROP_DRAWN:
      g_value_set_boolean (value, self->drawn);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nb_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  NbWindow *self = NB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_DRAFTS:
      self->drafts = g_value_dup_object (value);
      break;
    case PROP_REPORT:
      self->report = g_value_dup_object (value);
      break;
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;
    case PROP_SHOW_PROBLEMS:
      if (self->show_problems != g_value_get_boolean (value))
        {
          self->show_problems = g_value_get_boolean (value);
          gtk_widget_set_visible (GTK_WIDGET (self->problems), self->show_problems);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The header bar's tooltips are set once the window has drawn its first
 * frame, not in nb-window.ui: GTK asks the X server where the pointer is
 * each time a tooltip is set on a visible widget (a round trip each; these
 * nine delayed the first frame by 5–8 ms under Xvfb), and nobody hovers a
 * button before it is drawn. */
static const struct
{
  const char *id;
  const char *tooltip;
  const char *label;      /* an icon-only button's name for screen readers */
  gboolean    has_field;  /* bound to a member of NbWindow already */
} header_tooltips[] = {
  { "sidebar_button", N_("Show or Hide the Sections (F9)"), N_("Show or Hide the Sections"), FALSE },
  { "open_button", N_("Open a Report (Ctrl+O)"), NULL, FALSE },
  { "undo_button", N_("Undo (Ctrl+Z)"), N_("Undo"), FALSE },
  { "redo_button", N_("Redo (Ctrl+Shift+Z)"), N_("Redo"), FALSE },
  { "primary_menu_button", N_("Main Menu"), N_("Main Menu"), TRUE },
  { "export_menu_button", N_("Export as PDF or XLSX"), NULL, TRUE },
  { "print_button", N_("Print (Ctrl+P)"), N_("Print"), FALSE },
  { "save_button", N_("Save the Report (Ctrl+S)"), NULL, FALSE },
  { "problems_button", N_("Show the Problems (F8)"), N_("Show the Problems"), FALSE },
};

static void
set_header_tooltips (NbWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (header_tooltips); i++)
    {
      GObject *button = gtk_widget_get_template_child (GTK_WIDGET (self), NB_TYPE_WINDOW,
                                                       header_tooltips[i].id);

      gtk_widget_set_tooltip_text (GTK_WIDGET (button), _(header_tooltips[i].tooltip));
      /* GTK 4.8 gives a tooltip only as a description: without a label a
       * screen reader says "button". */
      if (header_tooltips[i].label != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _(header_tooltips[i].label), -1);
    }
}

static void
nb_window_class_init (NbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = nb_window_constructed;
  object_class->dispose = nb_window_dispose;
  object_class->finalize = nb_window_finalize;
  object_class->get_property = nb_window_get_property;
  object_class->set_property = nb_window_set_property;

  window_class->close_request = nb_window_close_request;
  widget_class->realize = nb_window_realize;
  widget_class->unrealize = nb_window_unrealize;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, NB_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DRAFTS] =
    g_param_spec_object ("drafts", NULL, NULL, NB_TYPE_DRAFTS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The document to show first (with the file it was read from); a blank
   * report when not given. */
  properties[PROP_REPORT] =
    g_param_spec_object ("report", NULL, NULL, NB_TYPE_REPORT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_PROBLEMS] =
    g_param_spec_boolean ("show-problems", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether the window has painted its first frame: work that can wait
   * (recent files, the drafts left by a crash) waits for it. */
  properties[PROP_DRAWN] =
    g_param_spec_boolean ("drawn", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (NB_TYPE_PROBLEMS_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/nianbao/Nianbao/ui/nb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, NbWindow, window_title);
  for (guint i = 0; i < G_N_ELEMENTS (header_tooltips); i++)
    if (!header_tooltips[i].has_field)
      gtk_widget_class_bind_template_child_full (widget_class, header_tooltips[i].id, FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, NbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, NbWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, NbWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, NbWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, NbWindow, problems);
  gtk_widget_class_bind_template_child (widget_class, NbWindow, recent_menu);
  gtk_widget_class_bind_template_child (widget_class, NbWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, NbWindow, export_menu);
  gtk_widget_class_bind_template_child (widget_class, NbWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, NbWindow, export_menu_button);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_key_pressed_cb);
  gtk_widget_class_bind_template_child (widget_class, NbWindow, header_bar);
  gtk_widget_class_bind_template_callback (widget_class, diagnostic_activated_cb);

  _nb_window_class_actions_init (widget_class);
}

static void
recent_changed_cb (NbWindow         *self,
                   GtkRecentManager *manager)
{
  _nb_window_update_recent_menu (self);
}

static gboolean
drawn_idle_cb (gpointer user_data)
{
  NbWindow *self = user_data;
  g_autoptr(GFile) recent = g_steal_pointer (&self->recent_pending);

  if (self->closed || self->recent_menu == NULL)
    return G_SOURCE_REMOVE;

  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (recent_changed_cb), self, G_CONNECT_SWAPPED);
  if (recent != NULL)
    _nb_window_add_recent (self, recent);
  _nb_window_update_recent_menu (self);
  set_header_tooltips (self);

  self->drawn = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAWN]);
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (NbWindow      *self,
                GdkFrameClock *clock)
{
  g_clear_signal_handler (&self->after_paint_id, clock);
  g_idle_add_full (G_PRIORITY_LOW, drawn_idle_cb, g_object_ref (self), g_object_unref);
}

static void
nb_window_realize (GtkWidget *widget)
{
  NbWindow *self = NB_WINDOW (widget);

  GTK_WIDGET_CLASS (nb_window_parent_class)->realize (widget);

  if (!self->drawn && self->after_paint_id == 0)
    self->after_paint_id = g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                                                    G_CALLBACK (after_paint_cb), self,
                                                    G_CONNECT_SWAPPED);
}

static void
nb_window_unrealize (GtkWidget *widget)
{
  NbWindow *self = NB_WINDOW (widget);

  if (self->after_paint_id != 0)
    g_clear_signal_handler (&self->after_paint_id, gtk_widget_get_frame_clock (widget));

  GTK_WIDGET_CLASS (nb_window_parent_class)->unrealize (widget);
}

/* The menus' popovers are built when first opened, not with the window. */
static void
create_menu_popup_cb (GtkMenuButton *button,
                      gpointer       user_data)
{
  NbWindow *self = user_data;

  gtk_menu_button_set_menu_model (button, button == self->primary_menu_button ? self->primary_menu
                                                                             : self->export_menu);
}

static void
nb_window_init (NbWindow *self)
{
  GtkDropTarget *target;

  self->show_problems = TRUE;
  self->cancellable = g_cancellable_new ();
  self->pages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* The fonts loaded ahead in a thread, in place before the first widget
   * measures its text; this start's are written down for the next. */
  nb_font_warmup_finish ();
  nb_font_warmup_watch (GTK_WINDOW (self));
  gtk_widget_init_template (GTK_WIDGET (self));
  _nb_window_add_undo_shortcuts (self);
  gtk_menu_button_set_create_popup_func (self->primary_menu_button, create_menu_popup_cb, self, NULL);
  gtk_menu_button_set_create_popup_func (self->export_menu_button, create_menu_popup_cb, self, NULL);

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

/**
 * nb_window_new:
 * @settings: the application's settings
 * @drafts: (nullable): where drafts go, %NULL for the default folder
 *
 * Returns: (transfer full): a new window showing a blank report
 */
NbWindow *
nb_window_new (NbApplication *application,
               NbSettings    *settings,
               NbDrafts      *drafts)
{
  g_return_val_if_fail (application == NULL || NB_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (NB_IS_SETTINGS (settings), NULL);

  return g_object_new (NB_TYPE_WINDOW,
                       "application", application,
                       "settings", settings,
                       "drafts", drafts,
                       NULL);
}

/**
 * nb_window_new_for_report:
 * @report: the document to show
 * @file: (nullable): the file @report was read from
 *
 * Returns: (transfer full): a new window showing @report
 */
NbWindow *
nb_window_new_for_report (NbApplication *application,
                          NbSettings    *settings,
                          NbDrafts      *drafts,
                          NbReport      *report,
                          GFile         *file)
{
  g_return_val_if_fail (application == NULL || NB_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (NB_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (NB_IS_REPORT (report), NULL);

  return g_object_new (NB_TYPE_WINDOW,
                       "application", application,
                       "settings", settings,
                       "drafts", drafts,
                       "report", report,
                       "file", file,
                       NULL);
}

/**
 * nb_window_get_report:
 *
 * Returns: (transfer none): the report shown
 */
NbReport *
nb_window_get_report (NbWindow *self)
{
  g_return_val_if_fail (NB_IS_WINDOW (self), NULL);
  return self->report;
}

/**
 * nb_window_get_rules:
 *
 * Returns: (transfer none): the live diagnostics of the report shown
 */
NbRules *
nb_window_get_rules (NbWindow *self)
{
  g_return_val_if_fail (NB_IS_WINDOW (self), NULL);
  return self->rules;
}

/**
 * nb_window_get_file:
 *
 * Returns: (transfer none) (nullable): the file of the report, %NULL until saved
 */
GFile *
nb_window_get_file (NbWindow *self)
{
  g_return_val_if_fail (NB_IS_WINDOW (self), NULL);
  return self->file;
}

/**
 * nb_window_is_pristine:
 *
 * Returns: whether the window shows a blank, untouched report that opening
 *   a file may replace without asking
 */
gboolean
nb_window_is_pristine (NbWindow *self)
{
  g_return_val_if_fail (NB_IS_WINDOW (self), FALSE);
  return self->file == NULL && !nb_window_get_modified (self) && !nb_report_can_undo (self->report);
}

/**
 * nb_window_get_draft_id:
 *
 * Returns: (nullable): the id of the document's draft, once one was written
 */
const char *
nb_window_get_draft_id (NbWindow *self)
{
  g_return_val_if_fail (NB_IS_WINDOW (self), NULL);
  return self->draft_id;
}

/**
 * nb_window_get_drawn:
 *
 * Returns: whether the window has painted its first frame
 */
gboolean
nb_window_get_drawn (NbWindow *self)
{
  g_return_val_if_fail (NB_IS_WINDOW (self), FALSE);
  return self->drawn;
}
