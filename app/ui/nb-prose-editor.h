/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "nb-report.h"

G_BEGIN_DECLS

#define NB_TYPE_PROSE_EDITOR (nb_prose_editor_get_type ())
G_DECLARE_FINAL_TYPE (NbProseEditor, nb_prose_editor, NB, PROSE_EDITOR, GtkWidget)

GtkWidget   *nb_prose_editor_new             (NbReport      *report,
                                              const char    *section_id);
const char  *nb_prose_editor_get_section_id  (NbProseEditor *self);
GtkTextView *nb_prose_editor_get_text_view   (NbProseEditor *self);

G_END_DECLS
