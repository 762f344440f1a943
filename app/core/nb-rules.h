/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "nb-diagnostic.h"
#include "nb-report.h"

G_BEGIN_DECLS

/* Evaluate every rule of the report's template once. @previous (last year's
 * report, may be NULL) enables the cross-year rules X1 and X2.
 * Returns: (transfer full) (element-type NbDiagnostic) */
GPtrArray *nb_rules_check (NbReport *report,
                           NbReport *previous);

/**
 * NbRules:
 *
 * The live diagnostics of one report: a #GListModel of #NbDiagnostic that
 * re-runs the rules on every change of the report and only emits
 * items-changed where the list really changed.
 */
#define NB_TYPE_RULES (nb_rules_get_type ())
G_DECLARE_FINAL_TYPE (NbRules, nb_rules, NB, RULES, GObject)

NbRules    *nb_rules_new                  (NbReport    *report);
NbReport   *nb_rules_get_report           (NbRules     *self);
NbReport   *nb_rules_get_previous         (NbRules     *self);
void        nb_rules_set_previous         (NbRules     *self,
                                           NbReport    *previous);
void        nb_rules_update               (NbRules     *self);
guint       nb_rules_get_n_errors         (NbRules     *self);
guint       nb_rules_get_n_warnings       (NbRules     *self);
void        nb_rules_count_for_section    (NbRules     *self,
                                           const char  *section_id,
                                           guint       *n_errors,
                                           guint       *n_warnings);
/* Worst severity of the diagnostics naming @cell, or -1 when none. */
int         nb_rules_get_cell_severity    (NbRules     *self,
                                           guint        cell);
/* Messages of the diagnostics naming @cell joined by newlines, or NULL. */
char       *nb_rules_get_cell_messages    (NbRules     *self,
                                           guint        cell);

G_END_DECLS
