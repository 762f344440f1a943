/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: what a user types into a cell (nb_cell_input_parse),
 * for every cell kind, and the decimal arithmetic behind it. */
#define G_LOG_DOMAIN "fuzz-cell-input"

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "nb-cell-input.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  nb_fuzz_init ();
  return 0;
}

static void
check_kind (const char *text,
            NbCellKind  kind)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;
  gboolean blank = TRUE;
  NbDecimal value = { 0x5a5a, 0x5a };
  NbDecimal reparsed, sum, diff, zero = NB_DECIMAL_INIT;

  if (!nb_cell_input_parse (text, kind, &blank, &value, &error))
    {
      /* Refused with a message for the user, and nothing else changed. */
      nb_fuzz_assert (error != NULL && error->domain == G_NUMBER_PARSER_ERROR);
      nb_fuzz_assert (error->message[0] != '\0');
      nb_fuzz_assert (g_utf8_validate (error->message, -1, NULL));
      nb_fuzz_assert (value.units == 0x5a5a && value.scale == 0x5a);
      return;
    }
  nb_fuzz_assert (error == NULL);
  if (blank)
    return;

  nb_fuzz_assert (value.scale <= NB_DECIMAL_MAX_SCALE);
  switch (kind)
    {
    case NB_CELL_KIND_COUNT:
      nb_fuzz_assert (value.scale == 0 && value.units >= 0);
      break;
    case NB_CELL_KIND_SIGNED:
      nb_fuzz_assert (value.scale == 0);
      break;
    case NB_CELL_KIND_AMOUNT:
      nb_fuzz_assert (value.units >= 0);
      break;
    default:
      g_assert_not_reached ();
    }

  /* What is stored in the file parses back to the same value and scale. */
  printed = nb_decimal_to_string (&value);
  if (!nb_decimal_parse (printed, &reparsed, &error))
    g_error ("“%s” was accepted as “%s”, which does not parse: %s", text, printed, error->message);
  nb_fuzz_assert (reparsed.units == value.units && reparsed.scale == value.scale);

  /* Arithmetic never overflows silently. */
  nb_fuzz_assert (nb_decimal_compare (&value, &reparsed) == 0);
  nb_fuzz_assert (nb_decimal_add (&value, &zero, &sum) && nb_decimal_equal (&sum, &value));
  if (nb_decimal_add (&value, &value, &sum))
    nb_fuzz_assert (nb_decimal_compare (&sum, &value) == (value.units > 0 ? 1 : value.units < 0 ? -1 : 0));
  if (nb_decimal_sub (&value, &value, &diff))
    nb_fuzz_assert (nb_decimal_is_zero (&diff));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *normal = NULL;

  check_kind (text, NB_CELL_KIND_COUNT);
  check_kind (text, NB_CELL_KIND_SIGNED);
  check_kind (text, NB_CELL_KIND_AMOUNT);

  if (g_utf8_validate (text, -1, NULL))
    {
      normal = nb_cell_input_normalize (text);
      nb_fuzz_assert (normal == NULL || g_str_is_ascii (normal));
    }
  return 0;
}
