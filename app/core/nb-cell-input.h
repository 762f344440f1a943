/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "nb-decimal.h"
#include "nb-types.h"

G_BEGIN_DECLS

/* What a user types into a cell: ASCII or full-width digits (１２ from a
 * Chinese input method), surrounding spaces, a decimal point for amounts, a
 * minus for signed counts. Empty text is a blank cell (*blank = TRUE).
 * Anything else (letters, units like "251000元", "1,234", negatives in a
 * count) fails with a message in the UI language saying why (rule R5). */
gboolean nb_cell_input_parse (const char  *text,
                              NbCellKind   kind,
                              gboolean    *blank,
                              NbDecimal   *out,
                              GError     **error);

/* Replace full-width digits, point and minus by ASCII; NULL when @text holds
 * a character that can never be part of a number. */
char    *nb_cell_input_normalize (const char *text);

G_END_DECLS
