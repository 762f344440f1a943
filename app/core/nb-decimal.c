/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-decimal"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "nb-decimal.h"

static const gint64 pow10_table[] = {
  1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
};

/**
 * nb_decimal_parse:
 * @text: ASCII digits with an optional leading '-' and one '.'
 * @out: (out): the value, with the scale as typed
 *
 * Strict parser for stored values; what a user types goes through
 * nb_cell_input_parse () first.
 */
gboolean
nb_decimal_parse (const char  *text,
                  NbDecimal   *out,
                  GError     **error)
{
  const char *p = text;
  gboolean negative = FALSE;
  gboolean seen_point = FALSE;
  guint n_digits = 0;
  guint scale = 0;
  gint64 units = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  /* Canonical form only: a digit before any point (".5" is refused). */
  if (*p < '0' || *p > '9')
    goto invalid;

  for (; *p != '\0'; p++)
    {
      if (*p == '.')
        {
          if (seen_point)
            goto invalid;
          seen_point = TRUE;
          continue;
        }
      if (*p < '0' || *p > '9')
        goto invalid;

      n_digits++;
      if (seen_point)
        {
          if (++scale > NB_DECIMAL_MAX_SCALE)
            {
              g_set_error (error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_INVALID,
                           _("“%s” has more than %d digits after the decimal point"),
                           text, NB_DECIMAL_MAX_SCALE);
              return FALSE;
            }
        }
      if (__builtin_mul_overflow (units, 10, &units) ||
          __builtin_add_overflow (units, *p - '0', &units))
        {
          g_set_error (error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS,
                       _("“%s” is too large"), text);
          return FALSE;
        }
    }

  if (n_digits == 0 || (seen_point && scale == 0))
    goto invalid;

  out->units = negative ? -units : units;
  out->scale = scale;
  return TRUE;

invalid:
  g_set_error (error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_INVALID,
               _("“%s” is not a number"), text);
  return FALSE;
}

char *
nb_decimal_to_string (const NbDecimal *d)
{
  guint64 magnitude;
  guint64 whole;
  guint64 frac;

  g_return_val_if_fail (d != NULL && d->scale <= NB_DECIMAL_MAX_SCALE, NULL);

  /* Careful with G_MININT64: negate in unsigned arithmetic. */
  magnitude = d->units < 0 ? (guint64) 0 - (guint64) d->units : (guint64) d->units;
  if (d->scale == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT, d->units < 0 ? "-" : "", magnitude);

  whole = magnitude / (guint64) pow10_table[d->scale];
  frac = magnitude % (guint64) pow10_table[d->scale];
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT,
                          d->units < 0 ? "-" : "", whole, (int) d->scale, frac);
}

gboolean
nb_decimal_rescale (const NbDecimal *d,
                    guint            scale,
                    NbDecimal       *out)
{
  gint64 units;

  g_return_val_if_fail (d != NULL && out != NULL, FALSE);
  g_return_val_if_fail (scale <= NB_DECIMAL_MAX_SCALE && d->scale <= scale, FALSE);

  if (__builtin_mul_overflow (d->units, pow10_table[scale - d->scale], &units))
    return FALSE;
  out->units = units;
  out->scale = scale;
  return TRUE;
}

static gboolean
align (const NbDecimal *a,
       const NbDecimal *b,
       NbDecimal       *a_out,
       NbDecimal       *b_out)
{
  guint scale = MAX (a->scale, b->scale);

  return nb_decimal_rescale (a, scale, a_out) && nb_decimal_rescale (b, scale, b_out);
}

/* Returns FALSE on overflow, leaving @out untouched. */
gboolean
nb_decimal_add (const NbDecimal *a,
                const NbDecimal *b,
                NbDecimal       *out)
{
  NbDecimal x, y;
  gint64 sum;

  /* The common case (counts, scale 0) needs no rescaling: it runs for every
   * part of every sum on each keystroke. */
  if (a->scale == b->scale)
    {
      if (__builtin_add_overflow (a->units, b->units, &sum))
        return FALSE;
      out->units = sum;
      out->scale = a->scale;
      return TRUE;
    }
  if (!align (a, b, &x, &y) || __builtin_add_overflow (x.units, y.units, &sum))
    return FALSE;
  out->units = sum;
  out->scale = x.scale;
  return TRUE;
}

gboolean
nb_decimal_sub (const NbDecimal *a,
                const NbDecimal *b,
                NbDecimal       *out)
{
  NbDecimal x, y;
  gint64 diff;

  if (!align (a, b, &x, &y) || __builtin_sub_overflow (x.units, y.units, &diff))
    return FALSE;
  out->units = diff;
  out->scale = x.scale;
  return TRUE;
}

int
nb_decimal_compare (const NbDecimal *a,
                    const NbDecimal *b)
{
  /* 128-bit so that comparing never overflows whatever the scales. */
  G_GNUC_EXTENSION __int128 x = (__int128) a->units * pow10_table[NB_DECIMAL_MAX_SCALE - MIN (a->scale, NB_DECIMAL_MAX_SCALE)];
  G_GNUC_EXTENSION __int128 y = (__int128) b->units * pow10_table[NB_DECIMAL_MAX_SCALE - MIN (b->scale, NB_DECIMAL_MAX_SCALE)];

  return x < y ? -1 : x > y ? 1 : 0;
}

gboolean
nb_decimal_equal (const NbDecimal *a,
                  const NbDecimal *b)
{
  return nb_decimal_compare (a, b) == 0;
}

gboolean
nb_decimal_is_negative (const NbDecimal *d)
{
  return d->units < 0;
}

gboolean
nb_decimal_is_zero (const NbDecimal *d)
{
  return d->units == 0;
}

double
nb_decimal_to_double (const NbDecimal *d)
{
  return (double) d->units / (double) pow10_table[d->scale];
}
