/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-cell-input"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "nb-cell-input.h"

/* Map what a Chinese input method produces to ASCII: full-width digits
 * U+FF10–FF19, full-width point/minus, the ideographic full stop used as a
 * decimal point. Returns 0 for anything else. */
static gunichar
fold_char (gunichar c)
{
  if (c >= '0' && c <= '9')
    return c;
  if (c >= 0xFF10 && c <= 0xFF19)
    return '0' + (c - 0xFF10);
  switch (c)
    {
    case '.':
    case 0xFF0E: /* ． */
    case 0x3002: /* 。, what "." types in Chinese punctuation mode */
      return '.';
    case '-':
    case 0xFF0D: /* － */
    case 0x2212: /* − */
      return '-';
    default:
      return 0;
    }
}

char *
nb_cell_input_normalize (const char *text)
{
  g_autoptr(GString) s = g_string_new (NULL);
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    return NULL;

  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gunichar folded;

      if (g_unichar_isspace (c) || c == 0x3000)
        continue;
      /* A leading plus sign before a digit ("+3" for an increase) says
       * nothing more. */
      if ((c == '+' || c == 0xFF0B) && s->len == 0)
        {
          gunichar next = fold_char (g_utf8_get_char (g_utf8_next_char (p)));

          if (next >= '0' && next <= '9')
            continue;
          return NULL;
        }
      folded = fold_char (c);
      if (folded == 0)
        return NULL;
      g_string_append_c (s, (char) folded);
    }

  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
has_unit (const char *text,
          const char **unit)
{
  static const char *units[] = { "万元", "元", "件", "个", "条", "项", "次", "人", "篇", NULL };

  for (guint i = 0; units[i] != NULL; i++)
    if (strstr (text, units[i]) != NULL)
      {
        *unit = units[i];
        return TRUE;
      }
  return FALSE;
}

/* "251000元" in 万元 ("25.1"), or NULL when the rest is not a number or
 * would need more than six decimals. */
static char *
yuan_in_wan (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "元", 2);
  g_autofree char *ascii = nb_cell_input_normalize (parts[0]);
  NbDecimal value;

  if (ascii == NULL || *ascii == '\0' || (parts[1] != NULL && *g_strstrip (parts[1]) != '\0') ||
      !nb_decimal_parse (ascii, &value, NULL) || value.scale + 4 > NB_DECIMAL_MAX_SCALE)
    return NULL;
  value.scale += 4;
  {
    g_autofree char *shown = nb_decimal_to_string (&value);
    char *end = shown + strlen (shown);

    /* 25.1000 → 25.1: the digits the division added say nothing. */
    if (strchr (shown, '.') != NULL)
      {
        while (end > shown && end[-1] == '0')
          *--end = '\0';
        if (end > shown && end[-1] == '.')
          *--end = '\0';
      }
    return g_steal_pointer (&shown);
  }
}

gboolean
nb_cell_input_parse (const char  *text,
                     NbCellKind   kind,
                     gboolean    *blank,
                     NbDecimal   *out,
                     GError     **error)
{
  g_autofree char *ascii = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *unit = NULL;
  NbDecimal value;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (blank != NULL && out != NULL, FALSE);

  *blank = FALSE;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_INVALID,
                           _("The text is not valid UTF-8"));
      return FALSE;
    }

  ascii = nb_cell_input_normalize (text);
  if (ascii == NULL)
    {
      g_autofree char *in_wan = NULL;

      /* Amounts are reported in 万元: "251000元" typed as 251000 would be
       * ten thousand times too much. */
      if (has_unit (text, &unit) && kind == NB_CELL_KIND_AMOUNT && g_str_equal (unit, "元") &&
          (in_wan = yuan_in_wan (text)) != NULL)
        g_set_error (error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_INVALID,
                     _("Type the number only, in the unit of the column heading: in 万元, “%s” is %s"),
                     text, in_wan);
      else if (unit != NULL)
        g_set_error (error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_INVALID,
                     _("Type the number only, without the unit “%s”"), unit);
      else if (strchr (text, ',') != NULL || strstr (text, "，") != NULL)
        g_set_error_literal (error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_INVALID,
                             _("Type the number without thousands separators"));
      else if (kind == NB_CELL_KIND_AMOUNT)
        g_set_error (error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_INVALID,
                     _("“%s” is not an amount: type digits with at most one decimal point"), text);
      else
        g_set_error (error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_INVALID,
                     _("“%s” is not a whole number: type digits only"), text);
      return FALSE;
    }

  if (*ascii == '\0')
    {
      *blank = TRUE;
      return TRUE;
    }

  if (!nb_decimal_parse (ascii, &value, &local_error))
    {
      if (g_error_matches (local_error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
        g_set_error (error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS,
                     _("“%s” is too large"), text);
      else if (kind == NB_CELL_KIND_AMOUNT && strchr (ascii, '.') != NULL &&
               strlen (strchr (ascii, '.') + 1) > NB_DECIMAL_MAX_SCALE &&
               strchr (strchr (ascii, '.') + 1, '.') == NULL)
        g_set_error (error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_INVALID,
                     _("An amount has at most %d digits after the decimal point"),
                     NB_DECIMAL_MAX_SCALE);
      /* What a count refuses on the way to "2.5" or "-3": said as such. */
      else if (kind != NB_CELL_KIND_AMOUNT && strchr (ascii, '.') != NULL)
        g_set_error (error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_INVALID,
                     _("“%s” is not a whole number: counts have no decimals"), text);
      else if (kind != NB_CELL_KIND_SIGNED && ascii[0] == '-')
        g_set_error (error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS,
                     _("No minus sign: this cell cannot be less than 0"));
      else
        g_set_error (error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_INVALID,
                     _("“%s” is not a number"), text);
      return FALSE;
    }

  if (kind != NB_CELL_KIND_AMOUNT && value.scale > 0)
    {
      g_set_error (error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_INVALID,
                   _("“%s” is not a whole number: counts have no decimals"), text);
      return FALSE;
    }

  if (kind != NB_CELL_KIND_SIGNED && nb_decimal_is_negative (&value))
    {
      g_set_error (error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS,
                   _("“%s” is negative: this cell cannot be less than 0"), text);
      return FALSE;
    }

  /* "-0" is just 0. */
  if (value.units == 0)
    value.units = 0;

  *out = value;
  return TRUE;
}
