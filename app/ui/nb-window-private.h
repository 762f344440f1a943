/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "nb-aggregate.h"
#include "nb-problems-panel.h"
#include "nb-window.h"

G_BEGIN_DECLS

/* NbWindow is split by concern over nb-window.c (pages, title, drafts),
 * nb-window-actions.c (actions and shortcuts), nb-window-files.c (new, open,
 * save, the save-changes prompt), nb-window-import.c (published reports),
 * nb-window-consolidate.c (汇总) and nb-window-export.c (PDF, XLSX, print). */
struct _NbWindow
{
  AdwApplicationWindow  parent_instance;

  NbSettings           *settings;
  NbDrafts             *drafts;
  NbReport             *report;
  NbRules              *rules;
  NbReport             *previous;
  GFile                *previous_file;
  GFile                *file;
  GCancellable         *cancellable;
  GHashTable           *pages;            /* page id → page widget */
  GtkWindow            *shortcuts_window;

  char                 *draft_id;
  gboolean              force_modified;   /* recovered or carried over: unsaved until saved */
  gboolean              show_problems;
  gboolean              close_confirmed;
  gboolean              closed;
  guint                 busy;             /* saves, exports, imports running (_nb_window_task_begin ()) */
  guint                 autosave_id;
  gboolean              draft_writing;
  gboolean              draft_again;
  gboolean              draft_error_shown;
  gboolean              drawn;            /* the first frame is on screen */
  gulong                after_paint_id;
  GFile                *recent_pending;   /* added to the recent files once drawn */
  NbAggregate          *aggregate;        /* the consolidation the report shown is the sum of */
  gboolean              consolidating;

  gulong                report_changed_id;
  gulong                report_modified_id;
  gulong                report_undo_id;
  gulong                report_redo_id;
  gulong                rules_changed_id;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  AdwFlap              *flap;
  GtkListBox           *sidebar;
  GtkStack             *stack;
  NbProblemsPanel      *problems;
  GMenu                *recent_menu;
  GMenuModel           *primary_menu;
  GMenuModel           *export_menu;
  GtkWidget            *header_bar;
  GtkMenuButton        *primary_menu_button;
  GtkMenuButton        *export_menu_button;
};

/* nb-window.c */
void      _nb_window_set_report          (NbWindow      *self,
                                          NbReport      *report,
                                          GFile         *file);
void      _nb_window_set_file            (NbWindow      *self,
                                          GFile         *file);
void      _nb_window_update_title        (NbWindow      *self);
void      _nb_window_discard_draft       (NbWindow      *self);
void      _nb_window_mark_unsaved        (NbWindow      *self);

/* The document as it was when the user agreed to replace it (before a
 * file is read or imported); see _nb_window_replace_report (). */
typedef struct _NbDocMark NbDocMark;
typedef void (*NbReplaceDone) (NbWindow *self,
                               gboolean  replaced,
                               gpointer  data);
NbDocMark *_nb_window_mark_document      (NbWindow      *self);
void      _nb_doc_mark_free              (NbDocMark     *mark);
void      _nb_window_replace_report      (NbWindow      *self,
                                          const NbDocMark *mark,
                                          NbReport      *report,
                                          GFile         *file,
                                          NbReplaceDone  done,
                                          gpointer       data);
void      _nb_window_task_begin          (NbWindow      *self);
void      _nb_window_task_end            (NbWindow      *self);
char     *_nb_window_display_basename    (GFile         *file);
void      _nb_window_show_error          (NbWindow      *self,
                                          const char    *heading,
                                          const GError  *error);

/* nb-window-actions.c */
void      _nb_window_class_actions_init  (GtkWidgetClass *widget_class);
void      _nb_window_actions_update      (NbWindow      *self);
void      _nb_window_add_undo_shortcuts  (NbWindow      *self);

/* nb-window-files.c */
void      _nb_window_confirm_discard_async  (NbWindow            *self,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean  _nb_window_confirm_discard_finish (NbWindow            *self,
                                             GAsyncResult        *result);
void      _nb_window_new_document        (NbWindow      *self);
void      _nb_window_new_from_previous   (NbWindow      *self);
void      _nb_window_open_dialog         (NbWindow      *self);
void      _nb_window_open_with_prompt    (NbWindow      *self,
                                          GFile         *file);
void      _nb_window_save                (NbWindow      *self,
                                          gboolean       save_as);
void      _nb_window_choose_previous     (NbWindow      *self);
void      _nb_window_use_last_year       (NbWindow      *self,
                                          GFile         *file,
                                          gboolean       for_new);
void      _nb_window_change_template     (NbWindow      *self,
                                          const char    *template_id);
void      _nb_window_update_recent_menu  (NbWindow      *self);
void      _nb_window_add_recent          (NbWindow      *self,
                                          GFile         *file);
GFile    *_nb_window_chooser_folder      (NbWindow             *self,
                                          GtkFileChooserAction  action);
GtkFileChooserNative *_nb_window_file_chooser (NbWindow            *self,
                                               const char          *title,
                                               GtkFileChooserAction action,
                                               const char          *accept,
                                               const char          *filter_name,
                                               const char * const  *suffixes);

/* nb-window-import.c */
void      _nb_window_import              (NbWindow      *self);
void      _nb_window_import_paste        (NbWindow      *self);
void      _nb_window_import_file         (NbWindow      *self,
                                          GFile         *file);
void      _nb_window_show_imported       (NbWindow      *self,
                                          const NbDocMark *mark,
                                          NbReport      *report,
                                          GPtrArray     *notes);
void      _nb_window_show_import_notes   (NbWindow      *self,
                                          GPtrArray     *notes,
                                          gboolean       last_year);
NbReport *_nb_window_load_last_year      (const char    *data,
                                          gsize          length,
                                          const char    *name,
                                          GPtrArray    **notes,
                                          GError       **error);

/* nb-window-consolidate.c */
void      _nb_window_consolidate         (NbWindow      *self,
                                          GListModel    *files);
void      _nb_window_choose_consolidation (NbWindow     *self,
                                          gboolean       folder);
void      _nb_window_show_sources        (NbWindow      *self);

/* nb-window-export.c */
gboolean  _nb_window_can_export          (NbWindow      *self,
                                          const char    *kind);
void      _nb_window_export_pdf          (NbWindow      *self);
void      _nb_window_export_pdf_final    (NbWindow      *self,
                                          const char    *uri);
void      _nb_window_export_file         (NbWindow      *self,
                                          GFile         *file,
                                          const char    *kind);
void      _nb_window_export_xlsx         (NbWindow      *self);
void      _nb_window_print               (NbWindow      *self);
void      _nb_window_run_print           (NbWindow                *self,
                                          GtkPrintOperationAction  action);
void      _nb_window_print_preview       (NbWindow      *self);
gboolean  _nb_window_print_to_file       (NbWindow      *self,
                                          const char    *path,
                                          guint         *n_pages,
                                          GError       **error);

G_END_DECLS
