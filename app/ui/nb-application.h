/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "nb-drafts.h"
#include "nb-settings.h"

G_BEGIN_DECLS

#define NB_TYPE_APPLICATION (nb_application_get_type ())
G_DECLARE_FINAL_TYPE (NbApplication, nb_application, NB, APPLICATION, AdwApplication)

NbApplication *nb_application_new                  (NbSettings    *settings,
                                                    NbDrafts      *drafts);
int            nb_application_run                  (int            argc,
                                                    char         **argv);
NbSettings    *nb_application_get_settings         (NbApplication *self);
NbDrafts      *nb_application_get_drafts           (NbApplication *self);
GtkWidget     *nb_application_get_recovery_dialog  (NbApplication *self);
gboolean       nb_application_get_recovery_checked (NbApplication *self);
void           nb_application_check_recovery       (NbApplication *self);

/* Registers the window's resources (templates, style, shortcuts) once. */
void           nb_ui_register_resources            (void);

G_END_DECLS
