/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "nb-types.h"

G_BEGIN_DECLS

#define NB_TYPE_DIAGNOSTIC (nb_diagnostic_get_type ())
G_DECLARE_FINAL_TYPE (NbDiagnostic, nb_diagnostic, NB, DIAGNOSTIC, GObject)

NbDiagnostic       *nb_diagnostic_new              (const char          *rule_id,
                                                    NbSeverity           severity,
                                                    const char          *section_id,
                                                    const char * const  *cells,
                                                    const char          *expected,
                                                    const char          *actual,
                                                    const char          *message);
const char         *nb_diagnostic_get_rule_id      (NbDiagnostic        *self);
NbSeverity          nb_diagnostic_get_severity     (NbDiagnostic        *self);
const char         *nb_diagnostic_get_section_id   (NbDiagnostic        *self);
/* The cell ids involved; the first is the one to mark and focus. */
const char * const *nb_diagnostic_get_cells        (NbDiagnostic        *self);
const char         *nb_diagnostic_get_expected     (NbDiagnostic        *self);
const char         *nb_diagnostic_get_actual       (NbDiagnostic        *self);
const char         *nb_diagnostic_get_message      (NbDiagnostic        *self);
gboolean            nb_diagnostic_equal            (NbDiagnostic        *a,
                                                    NbDiagnostic        *b);
const char         *nb_severity_to_string          (NbSeverity           severity);
/* "error R1 requests.new.total: message", the --check line */
char               *nb_diagnostic_to_line          (NbDiagnostic        *self);

G_END_DECLS
