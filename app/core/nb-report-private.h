/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "nb-report.h"

G_BEGIN_DECLS

/* For loaders only: set state without undo steps, change signals or
 * recomputed totals, so that a loaded value is exactly the stored one. */
void _nb_report_load_value        (NbReport        *self,
                                   guint            cell,
                                   const NbDecimal *value);
void _nb_report_load_auto_totals  (NbReport        *self,
                                   gboolean         auto_totals);
void _nb_report_load_meta         (NbReport        *self,
                                   NbMetaField      field,
                                   const char      *value);
void _nb_report_load_seal         (NbReport        *self,
                                   GBytes          *image);
void _nb_report_load_blocks       (NbReport        *self,
                                   const char      *section_id,
                                   const NbBlock   *blocks,
                                   guint            n_blocks);

G_END_DECLS
