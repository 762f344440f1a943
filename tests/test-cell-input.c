/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "nb-cell-input.h"

/* What a clerk types, and what the cell gets (rule R5). */
static const struct {
  const char *typed;
  NbCellKind  kind;
  gboolean    ok;
  gboolean    blank;
  const char *value;
} cases[] = {
  { "12", NB_CELL_KIND_COUNT, TRUE, FALSE, "12" },
  { "１２", NB_CELL_KIND_COUNT, TRUE, FALSE, "12" },           /* full-width from an IME */
  { " 7 ", NB_CELL_KIND_COUNT, TRUE, FALSE, "7" },
  { "　３　", NB_CELL_KIND_COUNT, TRUE, FALSE, "3" },          /* ideographic spaces */
  { "", NB_CELL_KIND_COUNT, TRUE, TRUE, NULL },
  { "   ", NB_CELL_KIND_COUNT, TRUE, TRUE, NULL },
  { "abc", NB_CELL_KIND_COUNT, FALSE, FALSE, NULL },
  { "12a", NB_CELL_KIND_COUNT, FALSE, FALSE, NULL },
  { "-3", NB_CELL_KIND_COUNT, FALSE, FALSE, NULL },            /* negative count */
  { "1.5", NB_CELL_KIND_COUNT, FALSE, FALSE, NULL },
  { "251000元", NB_CELL_KIND_AMOUNT, FALSE, FALSE, NULL },     /* a unit typed in */
  { "1,234", NB_CELL_KIND_COUNT, FALSE, FALSE, NULL },
  { "99999999999999999999", NB_CELL_KIND_COUNT, FALSE, FALSE, NULL },
  { "24252.311082", NB_CELL_KIND_AMOUNT, TRUE, FALSE, "24252.311082" },
  { "０．５", NB_CELL_KIND_AMOUNT, TRUE, FALSE, "0.5" },
  { "12。5", NB_CELL_KIND_AMOUNT, TRUE, FALSE, "12.5" },        /* "." in Chinese punctuation mode */
  { "1.1234567", NB_CELL_KIND_AMOUNT, FALSE, FALSE, NULL },    /* 7 decimals */
  { "-0.5", NB_CELL_KIND_AMOUNT, FALSE, FALSE, NULL },
  { "-4", NB_CELL_KIND_SIGNED, TRUE, FALSE, "-4" },            /* 2019 本年增/减 */
  { "－４", NB_CELL_KIND_SIGNED, TRUE, FALSE, "-4" },
  { "+3", NB_CELL_KIND_SIGNED, TRUE, FALSE, "3" },             /* an increase, signed */
  { "＋３", NB_CELL_KIND_SIGNED, TRUE, FALSE, "3" },
  { "3+", NB_CELL_KIND_SIGNED, FALSE, FALSE, NULL },
  { "+-3", NB_CELL_KIND_SIGNED, FALSE, FALSE, NULL },
  { "\xff\xfe", NB_CELL_KIND_COUNT, FALSE, FALSE, NULL },      /* invalid UTF-8 */
};

static void
test_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      NbDecimal d = NB_DECIMAL_INIT;
      gboolean blank = FALSE;
      g_autoptr(GError) error = NULL;
      gboolean ok;

      g_autofree char *shown = g_utf8_validate (cases[i].typed, -1, NULL) ? g_strdup (cases[i].typed)
                                                                          : g_strescape (cases[i].typed, NULL);

      g_test_message ("typed: %s", shown);
      ok = nb_cell_input_parse (cases[i].typed, cases[i].kind, &blank, &d, &error);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (!ok)
        {
          g_assert_nonnull (error);
          g_assert_cmpstr (error->message, !=, "");
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpint (blank, ==, cases[i].blank);
      if (cases[i].value != NULL)
        {
          g_autofree char *s = nb_decimal_to_string (&d);
          g_assert_cmpstr (s, ==, cases[i].value);
        }
    }
}

static void
test_unit_message (void)
{
  NbDecimal d;
  gboolean blank;
  g_autoptr(GError) error = NULL;

  g_assert_false (nb_cell_input_parse ("251000元", NB_CELL_KIND_AMOUNT, &blank, &d, &error));
  /* The message names the unit so the clerk knows what to remove, and,
   * amounts being in 万元, what 251000元 is in it: not 251000. */
  g_assert_nonnull (strstr (error->message, "元"));
  g_assert_nonnull (strstr (error->message, "万元"));
  g_assert_nonnull (strstr (error->message, "25.1"));
  g_clear_error (&error);

  /* A count with its unit: just the unit. */
  g_assert_false (nb_cell_input_parse ("12件", NB_CELL_KIND_COUNT, &blank, &d, &error));
  g_assert_nonnull (strstr (error->message, "“件”"));
  g_assert_null (strstr (error->message, "万元"));
}

/* Typed key by key, a count passes through "2." on the way to "2.5" and
 * "-" on the way to "-3": the refusal says what a count is, not that the
 * text is "not a number". */
static void
test_count_prefix_messages (void)
{
  NbDecimal d;
  gboolean blank;
  g_autoptr(GError) error = NULL;

  g_assert_false (nb_cell_input_parse ("2.", NB_CELL_KIND_COUNT, &blank, &d, &error));
  g_assert_nonnull (strstr (error->message, "whole number"));
  g_clear_error (&error);
  g_assert_false (nb_cell_input_parse (".", NB_CELL_KIND_COUNT, &blank, &d, &error));
  g_assert_nonnull (strstr (error->message, "whole number"));
  g_clear_error (&error);
  g_assert_false (nb_cell_input_parse ("-", NB_CELL_KIND_COUNT, &blank, &d, &error));
  g_assert_nonnull (strstr (error->message, "less than 0"));
  g_clear_error (&error);
  g_assert_false (nb_cell_input_parse ("-", NB_CELL_KIND_AMOUNT, &blank, &d, &error));
  g_assert_nonnull (strstr (error->message, "less than 0"));
  g_clear_error (&error);
  /* In an amount, "2." is on its way to 2.5 (the grid takes it as a
   * prefix); said as not a number only when nothing can follow. */
  g_assert_false (nb_cell_input_parse ("2.x", NB_CELL_KIND_AMOUNT, &blank, &d, &error));
  g_assert_null (strstr (error->message, "less than 0"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cell-input/cases", test_cases);
  g_test_add_func ("/cell-input/unit-message", test_unit_message);
  g_test_add_func ("/cell-input/count-prefix-messages", test_count_prefix_messages);
  return g_test_run ();
}
