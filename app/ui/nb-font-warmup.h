/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void   nb_font_warmup_start     (void);
void   nb_font_warmup_finish    (void);
void   nb_font_warmup_watch     (GtkWindow *window);
guint  nb_font_warmup_get_count (void);
char  *nb_font_warmup_get_path  (void);

G_END_DECLS
