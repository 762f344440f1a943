/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Most digits after the decimal point we keep (published fees print up to 6). */
#define NB_DECIMAL_MAX_SCALE 6

/**
 * NbDecimal:
 * @units: the value times 10^@scale
 * @scale: digits after the decimal point, as typed (0 for counts)
 *
 * An exact fixed-point decimal. Counts are decimals with scale 0, so one
 * type carries every cell value; "24252.311082" keeps all six digits and
 * "1.50" keeps its trailing zero when written back.
 */
typedef struct
{
  gint64 units;
  guint8 scale;
} NbDecimal;

#define NB_DECIMAL_INIT { 0, 0 }

static inline NbDecimal
nb_decimal_from_int (gint64 v)
{
  NbDecimal d = { v, 0 };
  return d;
}

gboolean  nb_decimal_parse        (const char      *text,
                                   NbDecimal       *out,
                                   GError         **error);
char     *nb_decimal_to_string    (const NbDecimal *d);
gboolean  nb_decimal_add          (const NbDecimal *a,
                                   const NbDecimal *b,
                                   NbDecimal       *out);
gboolean  nb_decimal_sub          (const NbDecimal *a,
                                   const NbDecimal *b,
                                   NbDecimal       *out);
int       nb_decimal_compare      (const NbDecimal *a,
                                   const NbDecimal *b);
gboolean  nb_decimal_equal        (const NbDecimal *a,
                                   const NbDecimal *b);
gboolean  nb_decimal_is_negative  (const NbDecimal *d);
gboolean  nb_decimal_is_zero      (const NbDecimal *d);
gboolean  nb_decimal_rescale      (const NbDecimal *d,
                                   guint            scale,
                                   NbDecimal       *out);
/* For display/export only (xlsx cached numbers), never for arithmetic. */
double    nb_decimal_to_double    (const NbDecimal *d);

G_END_DECLS
