/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "nb-application.h"
#include "nb-drafts.h"
#include "nb-report.h"
#include "nb-rules.h"
#include "nb-settings.h"

G_BEGIN_DECLS

#define NB_TYPE_WINDOW (nb_window_get_type ())
G_DECLARE_FINAL_TYPE (NbWindow, nb_window, NB, WINDOW, AdwApplicationWindow)

NbWindow   *nb_window_new                (NbApplication        *application,
                                          NbSettings           *settings,
                                          NbDrafts             *drafts);
NbWindow   *nb_window_new_for_report     (NbApplication        *application,
                                          NbSettings           *settings,
                                          NbDrafts             *drafts,
                                          NbReport             *report,
                                          GFile                *file);
NbReport   *nb_window_get_report         (NbWindow             *self);
NbRules    *nb_window_get_rules          (NbWindow             *self);
GFile      *nb_window_get_file           (NbWindow             *self);
gboolean    nb_window_get_modified       (NbWindow             *self);
gboolean    nb_window_get_busy           (NbWindow             *self);
gboolean    nb_window_is_pristine        (NbWindow             *self);
const char *nb_window_get_draft_id       (NbWindow             *self);
gboolean    nb_window_get_drawn          (NbWindow             *self);

void        nb_window_load_file_async    (NbWindow             *self,
                                          GFile                *file,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean    nb_window_load_file_finish   (NbWindow             *self,
                                          GAsyncResult         *result,
                                          GError              **error);
void        nb_window_open               (NbWindow             *self,
                                          GFile                *file);
void        nb_window_save_async         (NbWindow             *self,
                                          GFile                *file,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean    nb_window_save_finish        (NbWindow             *self,
                                          GAsyncResult         *result,
                                          GError              **error);
gboolean    nb_window_recover_draft      (NbWindow             *self,
                                          const NbDraftInfo    *draft,
                                          GError              **error);
void        nb_window_set_previous       (NbWindow             *self,
                                          NbReport             *previous,
                                          GFile                *file);

gboolean    nb_window_show_page          (NbWindow             *self,
                                          const char           *page_id);
const char *nb_window_get_visible_page   (NbWindow             *self);
GtkWidget  *nb_window_get_page           (NbWindow             *self,
                                          const char           *page_id);
GtkWidget  *nb_window_get_cell_widget    (NbWindow             *self,
                                          const char           *cell_id);
gboolean    nb_window_focus_cell         (NbWindow             *self,
                                          const char           *cell_id);
void        nb_window_activate_diagnostic (NbWindow            *self,
                                          NbDiagnostic         *diagnostic);
void        nb_window_show_toast         (NbWindow             *self,
                                          const char           *message);

G_END_DECLS
