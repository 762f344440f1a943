/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "nb-application.h"
#include "nb-window.h"

G_BEGIN_DECLS

/* Shared by the UI tests: a real window on the X display (Xvfb under
 * `meson test`), driven with real key events through the X server (XTest),
 * as a clerk at a keyboard would. */

void           nb_ui_test_init          (int          *argc,
                                         char       ***argv);
const char    *nb_ui_test_tmpdir        (void);
char          *nb_ui_test_sample_path   (void);
char          *nb_ui_test_copy_sample   (const char   *name);
NbApplication *nb_ui_test_app           (void);
NbWindow      *nb_ui_test_open_window   (const char   *path);
void           nb_ui_test_close_window  (NbWindow     *window);
void           nb_ui_test_spin          (guint         ms);
gboolean       nb_ui_test_wait          (gboolean    (*condition) (gpointer data),
                                         gpointer      data,
                                         guint         timeout_ms);
void           nb_ui_test_wait_drawn    (GtkWidget    *widget);

/* Keys, through the X server to whatever has the focus. */
void           nb_ui_test_key           (guint         keyval,
                                         GdkModifierType mods);
void           nb_ui_test_type          (const char   *text);

/* The model, read by cell id. "blank" for a blank cell. */
char          *nb_ui_test_value         (NbReport     *report,
                                         const char   *cell_id);
gboolean       nb_ui_test_has_rule      (NbRules      *rules,
                                         const char   *rule_id,
                                         const char   *cell_id);
GtkWidget     *nb_ui_test_find_problem_row (NbWindow  *window,
                                            const char *rule_id,
                                            const char *cell_id);
void           nb_ui_test_click         (GtkWidget    *widget);
void           nb_ui_test_hover         (GtkWidget    *widget);
AdwMessageDialog *nb_ui_test_find_dialog (GtkWindow   *parent);
AdwMessageDialog *nb_ui_test_wait_dialog (GtkWindow   *parent,
                                          guint        timeout_ms);
typedef gboolean (*NbUiTestMatch) (GtkWidget     *widget,
                                   gconstpointer  data);

/* The first descendant of @widget, depth first, that @match accepts. */
GtkWidget     *nb_ui_test_find          (GtkWidget     *widget,
                                         NbUiTestMatch  match,
                                         gconstpointer  data);
/* The first descendant of @widget of @type (with @css_class unless NULL). */
GtkWidget     *nb_ui_test_find_descendant (GtkWidget  *widget,
                                           GType       type,
                                           const char *css_class);
/* Every icon-only button under @root (not GTK's window controls) has an
 * accessible label (a screen reader would otherwise say "button") and a
 * tooltip. */
void           nb_ui_test_assert_buttons_named (GtkWidget *root);
/* A label inside a toast under @root that contains @text (a label
 * elsewhere, a problem in the panel say, does not count), or NULL. */
GtkWidget     *nb_ui_test_find_toast_label (GtkWidget  *root,
                                            const char *text);
/* Whether @widget's text is set in the report's Simplified Chinese face. */
gboolean       nb_ui_test_in_chinese_face (GtkWidget  *widget);

G_END_DECLS
