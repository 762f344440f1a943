/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "nb-decimal.h"

static void
test_parse_format (void)
{
  static const struct { const char *in; gint64 units; guint scale; const char *out; } cases[] = {
    { "0", 0, 0, "0" },
    { "24252.311082", 24252311082, 6, "24252.311082" },
    { "1.50", 150, 2, "1.50" },
    { "-7", -7, 0, "-7" },
    { "9223372036854775807", G_MAXINT64, 0, "9223372036854775807" },
    { "0.000001", 1, 6, "0.000001" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      NbDecimal d;
      g_autoptr(GError) error = NULL;
      g_autofree char *s = NULL;

      g_assert_true (nb_decimal_parse (cases[i].in, &d, &error));
      g_assert_no_error (error);
      g_assert_cmpint (d.units, ==, cases[i].units);
      g_assert_cmpuint (d.scale, ==, cases[i].scale);
      s = nb_decimal_to_string (&d);
      g_assert_cmpstr (s, ==, cases[i].out);
    }
}

static void
test_parse_invalid (void)
{
  static const char *bad[] = {
    "", "-", ".", "1.", ".5", "1.2.3", "1e5", "abc", " 1", "1.1234567",
    "9223372036854775808", "99999999999999999999", "+1", "１２",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      NbDecimal d;
      g_autoptr(GError) error = NULL;

      g_assert_false (nb_decimal_parse (bad[i], &d, &error));
      g_assert_nonnull (error);
    }
}

static void
test_arithmetic (void)
{
  NbDecimal a, b, sum, diff;
  g_autofree char *s = NULL;
  g_autofree char *t = NULL;
  NbDecimal max = nb_decimal_from_int (G_MAXINT64);
  NbDecimal one = nb_decimal_from_int (1);

  g_assert_true (nb_decimal_parse ("0.1", &a, NULL));
  g_assert_true (nb_decimal_parse ("0.2", &b, NULL));
  g_assert_true (nb_decimal_add (&a, &b, &sum));
  s = nb_decimal_to_string (&sum);
  g_assert_cmpstr (s, ==, "0.3");  /* exact, unlike double */

  g_assert_true (nb_decimal_parse ("24252.311082", &a, NULL));
  g_assert_true (nb_decimal_parse ("0.5", &b, NULL));
  g_assert_true (nb_decimal_sub (&a, &b, &diff));
  t = nb_decimal_to_string (&diff);
  g_assert_cmpstr (t, ==, "24251.811082");

  /* Overflow is reported, never wrapped. */
  g_assert_false (nb_decimal_add (&max, &one, &sum));
  g_assert_true (nb_decimal_parse ("9223372036854.775807", &a, NULL));
  g_assert_false (nb_decimal_add (&a, &max, &sum));

  /* Comparison across scales never overflows. */
  g_assert_true (nb_decimal_parse ("1.000000", &a, NULL));
  g_assert_true (nb_decimal_equal (&a, &one));
  g_assert_cmpint (nb_decimal_compare (&max, &a), >, 0);
  g_assert_true (nb_decimal_parse ("-0.5", &b, NULL));
  g_assert_cmpint (nb_decimal_compare (&b, &a), <, 0);
  g_assert_true (nb_decimal_is_negative (&b));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/decimal/parse-format", test_parse_format);
  g_test_add_func ("/decimal/parse-invalid", test_parse_invalid);
  g_test_add_func ("/decimal/arithmetic", test_arithmetic);
  return g_test_run ();
}
