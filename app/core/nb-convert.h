/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "nb-report.h"
#include "nb-template.h"

G_BEGIN_DECLS

NbReport *nb_convert_new_blank   (void);
NbReport *nb_convert_carry_over  (NbReport   *last_year);
NbReport *nb_convert_to_template (NbReport   *report,
                                  NbTemplate *target,
                                  GPtrArray  *lost,
                                  GPtrArray  *moved);

G_END_DECLS
