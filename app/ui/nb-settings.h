/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define NB_SETTINGS_SCHEMA_ID "io.github.nianbao.Nianbao"

#define NB_TYPE_SETTINGS (nb_settings_get_type ())
G_DECLARE_FINAL_TYPE (NbSettings, nb_settings, NB, SETTINGS, GObject)

NbSettings *nb_settings_new                   (GSettings   *settings);
NbSettings *nb_settings_new_default           (GError     **error);
GSettings  *nb_settings_get_gsettings         (NbSettings  *self);

guint       nb_settings_get_auto_save_delay   (NbSettings  *self);
gboolean    nb_settings_get_show_problems     (NbSettings  *self);
void        nb_settings_set_show_problems     (NbSettings  *self,
                                               gboolean     show_problems);
void        nb_settings_get_window_state      (NbSettings  *self,
                                               int         *width,
                                               int         *height,
                                               gboolean    *maximized);
void        nb_settings_set_window_state      (NbSettings  *self,
                                               int          width,
                                               int          height,
                                               gboolean     maximized);
GFile      *nb_settings_dup_last_folder       (NbSettings  *self);
void        nb_settings_set_last_folder       (NbSettings  *self,
                                               GFile       *folder);
GFile      *nb_settings_dup_previous_report   (NbSettings  *self);
void        nb_settings_set_previous_report   (NbSettings  *self,
                                               GFile       *file);

G_END_DECLS
