/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The page id of the 基本信息 page in the sidebar and the page stack. */
#define NB_PAGE_META "meta"

#define NB_TYPE_SECTION_ROW (nb_section_row_get_type ())
G_DECLARE_FINAL_TYPE (NbSectionRow, nb_section_row, NB, SECTION_ROW, GtkListBoxRow)

GtkWidget  *nb_section_row_new          (const char   *page_id,
                                         const char   *title,
                                         gboolean      report_text);
const char *nb_section_row_get_page_id  (NbSectionRow *self);
void        nb_section_row_set_counts   (NbSectionRow *self,
                                         guint         n_errors,
                                         guint         n_warnings);
void        nb_section_row_get_counts   (NbSectionRow *self,
                                         guint        *n_errors,
                                         guint        *n_warnings);

G_END_DECLS
