/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "nb-rules.h"

G_BEGIN_DECLS

#define NB_TYPE_PROBLEMS_PANEL (nb_problems_panel_get_type ())
G_DECLARE_FINAL_TYPE (NbProblemsPanel, nb_problems_panel, NB, PROBLEMS_PANEL, GtkWidget)

GtkWidget  *nb_problems_panel_new        (void);
NbRules    *nb_problems_panel_get_rules  (NbProblemsPanel *self);
void        nb_problems_panel_set_rules  (NbProblemsPanel *self,
                                          NbRules         *rules);
GtkListBox *nb_problems_panel_get_list   (NbProblemsPanel *self);

G_END_DECLS
