/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "nb-report.h"

G_BEGIN_DECLS

#define NB_TYPE_META_PAGE (nb_meta_page_get_type ())
G_DECLARE_FINAL_TYPE (NbMetaPage, nb_meta_page, NB, META_PAGE, AdwPreferencesPage)

GtkWidget *nb_meta_page_new                (NbReport    *report);
NbReport  *nb_meta_page_get_report         (NbMetaPage  *self);
GtkWidget *nb_meta_page_get_field_row      (NbMetaPage  *self,
                                            NbMetaField  field);
void       nb_meta_page_load_seal          (NbMetaPage  *self,
                                            GFile       *file);
void       nb_meta_page_set_previous_name  (NbMetaPage  *self,
                                            const char  *name);

G_END_DECLS
