/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "nb-report.h"
#include "nb-rules.h"

G_BEGIN_DECLS

#define NB_TYPE_GRID_EDITOR (nb_grid_editor_get_type ())
G_DECLARE_FINAL_TYPE (NbGridEditor, nb_grid_editor, NB, GRID_EDITOR, GtkWidget)

GtkWidget  *nb_grid_editor_new                (NbReport      *report,
                                               NbRules       *rules,
                                               const char    *table_id);
NbReport   *nb_grid_editor_get_report         (NbGridEditor  *self);
const char *nb_grid_editor_get_table_id       (NbGridEditor  *self);
GtkWidget  *nb_grid_editor_get_cell_widget    (NbGridEditor  *self,
                                               guint          cell);
gboolean    nb_grid_editor_focus_cell         (NbGridEditor  *self,
                                               guint          cell);
int         nb_grid_editor_get_focused_cell   (NbGridEditor  *self);
const char *nb_grid_editor_get_refusal        (NbGridEditor  *self);
const char *nb_grid_editor_get_hint           (NbGridEditor  *self);
void        nb_grid_editor_commit             (NbGridEditor  *self);

G_END_DECLS
