/* SPDX-License-Identifier: GPL-3.0-or-later */
/* NbAggregate: exact sums of many reports, refusals, breakdown, notes. The
 * inputs are the sample report with varied values set through the core API;
 * expected sums are computed here in 128-bit integers at six decimals,
 * independently of NbDecimal. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "nb-aggregate.h"
#include "nb-rules.h"
#include "nb-storage.h"

static char *sample_data;
static gsize sample_length;

static NbReport *
load_sample (void)
{
  g_autoptr(GError) error = NULL;
  NbReport *r = nb_storage_load_data (sample_data, sample_length, "sample", &error);

  g_assert_no_error (error);
  return r;
}

static void
set (NbReport   *r,
     const char *id,
     const char *text)
{
  g_autoptr(GError) error = NULL;
  NbDecimal d;

  if (text == NULL)
    g_assert_true (nb_report_set_value_by_id (r, id, NULL, &error));
  else
    {
      g_assert_true (nb_decimal_parse (text, &d, &error));
      g_assert_true (nb_report_set_value_by_id (r, id, &d, &error));
    }
  g_assert_no_error (error);
}

static void
set_int (NbReport   *r,
         const char *id,
         gint64      v)
{
  g_autoptr(GError) error = NULL;
  NbDecimal d = nb_decimal_from_int (v);

  g_assert_true (nb_report_set_value_by_id (r, id, &d, &error));
  g_assert_no_error (error);
}

/* A report that checks without errors, with every value drawn from @seed:
 * each application of a column lands in one leaf of 三 or in 结转下年度, so
 * R1–R3 hold; totals come from auto totals; the fee has 0–6 decimals. */
static NbReport *
make_report (guint32     seed,
             const char *agency,
             int         year)
{
  NbReport *r = load_sample ();
  NbTemplate *t = nb_report_get_template (r);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree char *year_text = g_strdup_printf ("%d", year);
  static const char *cols[] = { "natural", "commercial", "research", "nonprofit", "legal", "other" };

  nb_report_begin_group (r);
  nb_report_set_meta (r, NB_META_AGENCY, agency);
  nb_report_set_meta (r, NB_META_YEAR, year_text);

  for (guint i = 0; i < nb_template_get_n_cells (t); i++)
    {
      const NbTemplateCell *c = nb_template_get_cell (t, i);
      NbDecimal d;

      if (c->is_total || g_str_equal (c->table_id, "requests"))
        continue;
      if (c->kind == NB_CELL_KIND_AMOUNT)
        {
          guint scale = g_rand_int_range (rand, 0, 7);
          d.units = g_rand_int_range (rand, 0, 1000000000);
          d.scale = scale;
        }
      else
        d = nb_decimal_from_int (g_rand_int_range (rand, 0, 1000));
      g_assert_true (nb_report_set_value (r, i, &d, NULL));
    }

  for (guint c = 0; c < G_N_ELEMENTS (cols); c++)
    {
      g_autoptr(GArray) buckets = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autofree gint64 *counts = NULL;
      gint64 new_ = g_rand_int_range (rand, 0, 40);
      gint64 carried = g_rand_int_range (rand, 0, 8);
      g_autofree char *new_id = g_strdup_printf ("requests.new.%s", cols[c]);
      g_autofree char *carried_id = g_strdup_printf ("requests.carried.%s", cols[c]);

      /* The leaves of 三 plus 结转下年度 in this column. */
      for (guint i = 0; i < nb_template_get_n_cells (t); i++)
        {
          const NbTemplateCell *cell = nb_template_get_cell (t, i);

          if (g_str_equal (cell->table_id, "requests") && g_str_equal (cell->col_id, cols[c]) &&
              !cell->is_total &&
              (g_str_has_prefix (cell->row_id, "result.") || g_str_equal (cell->row_id, "carried_next")))
            g_array_append_val (buckets, i);
        }
      g_assert_cmpuint (buckets->len, ==, 22);  /* 21 leaves of 三, 结转下年度 */
      counts = g_new0 (gint64, buckets->len);
      for (gint64 k = 0; k < new_ + carried; k++)
        counts[g_rand_int_range (rand, 0, buckets->len)]++;

      set_int (r, new_id, new_);
      set_int (r, carried_id, carried);
      for (guint b = 0; b < buckets->len; b++)
        {
          NbDecimal d = nb_decimal_from_int (counts[b]);
          g_assert_true (nb_report_set_value (r, g_array_index (buckets, guint, b), &d, NULL));
        }
    }
  nb_report_end_group (r);

  {
    g_autoptr(GPtrArray) diags = nb_rules_check (r, NULL);
    for (guint i = 0; i < diags->len; i++)
      g_assert_cmpint (nb_diagnostic_get_severity (g_ptr_array_index (diags, i)), !=, NB_SEVERITY_ERROR);
  }
  return r;
}

/* value × 10^(6 − scale): every value at six decimals, in 128 bits. */
static __int128
micro (const NbDecimal *d)
{
  __int128 v = d->units;

  for (guint s = d->scale; s < 6; s++)
    v *= 10;
  return v;
}

static guint
count_notes (NbAggregate *agg,
             const char  *rule_id,
             const char  *cell_id)
{
  GListModel *notes = nb_aggregate_get_notes (agg);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (notes); i++)
    {
      g_autoptr(NbDiagnostic) d = g_list_model_get_item (notes, i);
      const char * const *cells = nb_diagnostic_get_cells (d);

      if (g_str_equal (nb_diagnostic_get_rule_id (d), rule_id) &&
          (cell_id == NULL || (cells[0] != NULL && g_str_equal (cells[0], cell_id))))
        n++;
    }
  return n;
}

static NbDiagnostic *
find_note (NbAggregate *agg,
           const char  *rule_id,
           const char  *cell_id)
{
  GListModel *notes = nb_aggregate_get_notes (agg);

  for (guint i = 0; i < g_list_model_get_n_items (notes); i++)
    {
      g_autoptr(NbDiagnostic) d = g_list_model_get_item (notes, i);
      const char * const *cells = nb_diagnostic_get_cells (d);

      if (g_str_equal (nb_diagnostic_get_rule_id (d), rule_id) &&
          (cell_id == NULL || (cells[0] != NULL && g_str_equal (cells[0], cell_id))))
        return d;  /* the model keeps it alive */
    }
  return NULL;
}

static char *
value_of (NbReport   *r,
          const char *id)
{
  return nb_report_format_value (r, nb_template_lookup_cell (nb_report_get_template (r), id));
}

static const char *agencies[] = {
  "东胜区统计局", "东胜区财政局", "东胜区教育局", "东胜区卫生健康委员会",
  "东胜区民政局", "东胜区交通运输局", "东胜区诃额伦街道办事处",
};

static void
test_new_destroy (void)
{
  NbAggregate *agg = nb_aggregate_new ();

  g_assert_cmpuint (nb_aggregate_get_n_sources (agg), ==, 0);
  g_assert_null (nb_aggregate_get_result (agg));
  g_assert_false (nb_aggregate_is_clean (agg));
  g_assert_cmpstr (nb_aggregate_get_agency (agg), ==, "汇总");
  g_assert_finalize_object (agg);
}

static void
test_sum_exact (void)
{
  g_autoptr(NbAggregate) agg = nb_aggregate_new ();
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_object_unref);
  NbReport *result;
  NbTemplate *t;
  g_autoptr(GPtrArray) diags = NULL;
  guint n_nonzero = 0;

  /* Six-decimal fees summed with fewer decimals and none. */
  static const char *fees[] = { "24252.311082", "0.5", "17", "0.000001", "1.10", "99999.999999", "0" };

  G_STATIC_ASSERT (G_N_ELEMENTS (fees) == G_N_ELEMENTS (agencies));
  for (guint i = 0; i < G_N_ELEMENTS (agencies); i++)
    {
      NbReport *r = make_report (1000 + i, agencies[i], 2023);
      g_autoptr(GError) error = NULL;

      set (r, "proactive.fee.amount", fees[i]);
      g_assert_true (nb_aggregate_add_report (agg, r, NULL, &error));
      g_assert_no_error (error);
      g_ptr_array_add (inputs, r);
    }
  result = nb_aggregate_get_result (agg);
  t = nb_report_get_template (result);

  g_assert_cmpuint (nb_aggregate_get_n_sources (agg), ==, G_N_ELEMENTS (agencies));
  for (guint c = 0; c < nb_template_get_n_cells (t); c++)
    {
      __int128 expected = 0;
      NbDecimal got;

      for (guint i = 0; i < inputs->len; i++)
        {
          NbDecimal v;
          g_assert_true (nb_report_get_value (g_ptr_array_index (inputs, i), c, &v));
          expected += micro (&v);
        }
      g_assert_true (nb_report_get_value (result, c, &got));
      if (expected != micro (&got))
        g_error ("%s: sum %s is wrong", nb_template_get_cell (t, c)->id,
                 nb_report_format_value (result, c));
      if (expected != 0)
        n_nonzero++;
      if (nb_template_get_cell (t, c)->kind != NB_CELL_KIND_AMOUNT)
        g_assert_cmpuint (got.scale, ==, 0);
    }
  g_assert_cmpuint (n_nonzero, >, 150);  /* the inputs really vary */
  {
    g_autofree char *fee = value_of (result, "proactive.fee.amount");
    g_assert_cmpstr (fee, ==, "124270.911082");
  }

  /* The result is an ordinary report that checks clean like its sources. */
  diags = nb_rules_check (result, NULL);
  for (guint i = 0; i < diags->len; i++)
    g_assert_cmpint (nb_diagnostic_get_severity (g_ptr_array_index (diags, i)), !=, NB_SEVERITY_ERROR);
  g_assert_cmpuint (g_list_model_get_n_items (nb_aggregate_get_notes (agg)), ==, 0);
  g_assert_true (nb_aggregate_is_clean (agg));
  g_assert_cmpint (nb_report_get_year (result), ==, 2023);
  g_assert_cmpstr (nb_report_get_meta (result, NB_META_AGENCY), ==, "东胜区汇总");
  g_assert_cmpstr (nb_template_get_id (t), ==, "gov-disclosure-2021");
  g_assert_false (nb_report_get_auto_totals (result));
  g_assert_false (nb_report_can_undo (result));

  /* And survives a save and a load unchanged. */
  {
    g_autofree char *data = nb_storage_to_data (result, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(NbReport) back = nb_storage_load_data (data, -1, "result", &error);

    g_assert_no_error (error);
    for (guint c = 0; c < nb_template_get_n_cells (t); c++)
      {
        g_autofree char *a = nb_report_format_value (result, c);
        g_autofree char *b = nb_report_format_value (back, c);
        g_assert_cmpstr (a, ==, b);
      }
    g_assert_true (nb_aggregate_is_consolidated (back));
  }
}

static void
test_breakdown (void)
{
  g_autoptr(NbAggregate) agg = nb_aggregate_new ();
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_object_unref);
  const NbBlock *preamble;
  NbReport *result;

  for (guint i = 0; i < G_N_ELEMENTS (agencies); i++)
    {
      g_autofree char *path = g_strdup_printf ("/reports/%02u.nianbao", i);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      NbReport *r = make_report (2000 + i, agencies[i], 2023);

      if (i == 3)
        {
          /* One agency's totals do not add up: its own error, counted in its row. */
          nb_report_set_auto_totals (r, FALSE);
          set_int (r, "requests.new.total", 999);
        }
      g_assert_true (nb_aggregate_add_report (agg, r, file, NULL));
      g_ptr_array_add (inputs, r);
    }

  g_assert_cmpuint (nb_aggregate_get_n_sources (agg), ==, G_N_ELEMENTS (agencies));
  for (guint i = 0; i < G_N_ELEMENTS (agencies); i++)
    {
      g_autofree char *path = g_strdup_printf ("/reports/%02u.nianbao", i);
      g_autofree char *file_path = g_file_get_path (nb_aggregate_get_source_file (agg, i));

      g_assert_cmpstr (nb_aggregate_get_source_agency (agg, i), ==, agencies[i]);
      g_assert_cmpstr (file_path, ==, path);
      g_assert_true (nb_aggregate_get_source_report (agg, i) == g_ptr_array_index (inputs, i));
      if (i == 3)
        {
          GPtrArray *d = nb_aggregate_get_source_diagnostics (agg, i);

          g_assert_cmpuint (nb_aggregate_get_source_n_errors (agg, i), >=, 1);
          g_assert_cmpuint (d->len, >=, nb_aggregate_get_source_n_errors (agg, i));
          g_assert_cmpstr (nb_diagnostic_get_rule_id (g_ptr_array_index (d, 0)), ==, "R1");
        }
      else
        g_assert_cmpuint (nb_aggregate_get_source_n_errors (agg, i), ==, 0);
    }
  g_assert_false (nb_aggregate_is_clean (agg));

  /* The result names every source in its preamble, and carries the error on. */
  result = nb_aggregate_get_result (agg);
  g_assert_cmpuint (nb_report_get_n_blocks (result, "preamble"), ==, 1);
  preamble = nb_report_get_block (result, "preamble", 0);
  g_assert_cmpuint (preamble->level, ==, 0);
  g_assert_true (g_str_has_prefix (preamble->text, "本报告汇总以下7个单位报送的2023年度"));
  for (guint i = 0; i < G_N_ELEMENTS (agencies); i++)
    g_assert_nonnull (strstr (preamble->text, agencies[i]));
  g_assert_true (nb_aggregate_is_consolidated (result));
  g_assert_false (nb_aggregate_is_consolidated (g_ptr_array_index (inputs, 0)));
  {
    g_autoptr(GPtrArray) diags = nb_rules_check (result, NULL);
    gboolean r1 = FALSE;
    for (guint i = 0; i < diags->len; i++)
      r1 |= g_str_equal (nb_diagnostic_get_rule_id (g_ptr_array_index (diags, i)), "R1");
    g_assert_true (r1);
  }

  /* A consolidation fed back in beside its own sources (a folder
   * consolidated again with the earlier result saved in it) is left out:
   * counted, it would double every figure. */
  {
    g_autoptr(NbReport) earlier = g_object_ref (result);
    g_autoptr(GFile) earlier_file = g_file_new_for_path ("/reports/汇总.nianbao");
    g_autofree char *before = nb_report_format_value (earlier, nb_template_lookup_cell (nb_report_get_template (earlier),
                                                                                         "requests.new.total"));
    NbDiagnostic *note;

    g_assert_true (nb_aggregate_add_report (agg, earlier, earlier_file, NULL));
    g_assert_cmpuint (nb_aggregate_get_n_sources (agg), ==, G_N_ELEMENTS (agencies));
    g_assert_cmpuint (count_notes (agg, NB_AGGREGATE_NOTE_NESTED, NULL), ==, 1);
    note = find_note (agg, NB_AGGREGATE_NOTE_NESTED, NULL);
    g_assert_cmpint (nb_diagnostic_get_severity (note), ==, NB_SEVERITY_WARNING);
    g_assert_nonnull (strstr (nb_diagnostic_get_message (note), "/reports/汇总.nianbao"));
    g_assert_nonnull (strstr (nb_diagnostic_get_message (note), "left out"));
    g_assert_cmpuint (count_notes (agg, NB_AGGREGATE_NOTE_DUPLICATE, NULL), ==, 0);
    result = nb_aggregate_get_result (agg);
    {
      g_autofree char *after = nb_report_format_value (result, nb_template_lookup_cell (nb_report_get_template (result),
                                                                                          "requests.new.total"));
      g_assert_cmpstr (after, ==, before);
    }
  }
}

/* A consolidation that sums some of the agencies also given on their own
 * cannot be left out without losing the others: the agencies counted twice
 * are errors, named with the files that hold them. */
static void
test_nested_overlap (void)
{
  g_autoptr(NbAggregate) district = nb_aggregate_new ();
  g_autoptr(NbAggregate) city = nb_aggregate_new ();
  g_autoptr(NbReport) a = make_report (61, "东胜区统计局", 2023);
  g_autoptr(NbReport) b = make_report (62, "东胜区财政局", 2023);
  g_autoptr(NbReport) c = make_report (63, "康巴什区统计局", 2023);
  g_autoptr(GFile) fa = g_file_new_for_path ("/reports/a.nianbao");
  g_autoptr(GFile) fc = g_file_new_for_path ("/reports/c.nianbao");
  g_autoptr(GFile) fd = g_file_new_for_path ("/reports/东胜区汇总.nianbao");
  NbDiagnostic *note;
  NbReport *sum;

  g_assert_true (nb_aggregate_add_report (district, a, NULL, NULL));
  g_assert_true (nb_aggregate_add_report (district, b, NULL, NULL));
  sum = nb_aggregate_get_result (district);
  g_assert_true (nb_aggregate_is_clean (district));

  /* A city summing a district's consolidation and another district's
   * report: nothing twice, clean. */
  g_assert_true (nb_aggregate_add_report (city, sum, fd, NULL));
  g_assert_true (nb_aggregate_add_report (city, c, fc, NULL));
  g_assert_cmpuint (nb_aggregate_get_n_sources (city), ==, 2);
  g_assert_cmpuint (count_notes (city, NB_AGGREGATE_NOTE_NESTED, NULL), ==, 0);
  g_assert_true (nb_aggregate_is_clean (city));

  /* One of the district's agencies again on its own: counted twice. */
  g_assert_true (nb_aggregate_add_report (city, a, fa, NULL));
  g_assert_cmpuint (nb_aggregate_get_n_sources (city), ==, 3);
  g_assert_cmpuint (count_notes (city, NB_AGGREGATE_NOTE_DUPLICATE, NULL), ==, 1);
  note = find_note (city, NB_AGGREGATE_NOTE_DUPLICATE, NULL);
  g_assert_cmpint (nb_diagnostic_get_severity (note), ==, NB_SEVERITY_ERROR);
  g_assert_cmpstr (nb_diagnostic_get_message (note), ==,
                   "The figures of 东胜区统计局 are counted 2 times, in /reports/东胜区汇总.nianbao, "
                   "/reports/a.nianbao; leave out all but one");
  g_assert_false (nb_aggregate_is_clean (city));
}

static void
test_refuse_template (void)
{
  g_autoptr(NbAggregate) agg = nb_aggregate_new ();
  g_autoptr(NbReport) a = make_report (1, "东胜区统计局", 2023);
  g_autoptr(NbReport) b = make_report (2, "东胜区财政局", 2023);
  g_autoptr(NbTemplate) old_form = nb_template_load ("gov-disclosure-2019", NULL);
  g_autoptr(NbReport) old = nb_report_new (old_form);
  g_autoptr(GFile) old_file = g_file_new_for_path ("/reports/old-form.nianbao");
  g_autoptr(GError) error = NULL;
  NbDiagnostic *note;
  g_autofree char *penalty = NULL;
  g_autofree char *expected = NULL;
  NbDecimal pa, pb;

  nb_report_set_meta (old, NB_META_AGENCY, "东胜区教育局");
  nb_report_set_meta (old, NB_META_YEAR, "2023");

  g_assert_true (nb_aggregate_add_report (agg, a, NULL, NULL));
  g_assert_false (nb_aggregate_add_report (agg, old, old_file, &error));
  g_assert_error (error, NB_AGGREGATE_ERROR, NB_AGGREGATE_ERROR_TEMPLATE_MISMATCH);
  g_assert_nonnull (strstr (error->message, "old-form.nianbao"));
  g_assert_true (nb_aggregate_add_report (agg, b, NULL, NULL));

  g_assert_cmpuint (nb_aggregate_get_n_sources (agg), ==, 2);
  g_assert_cmpuint (nb_aggregate_get_n_rejected (agg), ==, 1);
  note = find_note (agg, NB_AGGREGATE_NOTE_REFUSED, NULL);
  g_assert_nonnull (note);
  g_assert_cmpint (nb_diagnostic_get_severity (note), ==, NB_SEVERITY_ERROR);
  g_assert_cmpstr (nb_diagnostic_get_message (note), ==, error->message);
  g_assert_false (nb_aggregate_is_clean (agg));

  /* The refused report added nothing. */
  nb_report_get_value (a, nb_template_lookup_cell (nb_report_get_template (a), "proactive.penalty.decisions"), &pa);
  nb_report_get_value (b, nb_template_lookup_cell (nb_report_get_template (b), "proactive.penalty.decisions"), &pb);
  penalty = value_of (nb_aggregate_get_result (agg), "proactive.penalty.decisions");
  expected = g_strdup_printf ("%" G_GINT64_FORMAT, pa.units + pb.units);
  g_assert_cmpstr (penalty, ==, expected);
}

static void
test_refuse_year (void)
{
  g_autoptr(NbAggregate) agg = nb_aggregate_new ();
  g_autoptr(NbReport) a = make_report (1, "东胜区统计局", 2023);
  g_autoptr(NbReport) last_year = make_report (2, "东胜区财政局", 2022);
  g_autoptr(NbReport) no_year = make_report (3, "东胜区教育局", 2023);
  g_autoptr(GFile) file = g_file_new_for_path ("/reports/财政局-2022.nianbao");
  g_autoptr(GError) error = NULL;

  nb_report_set_meta (no_year, NB_META_YEAR, "");

  g_assert_true (nb_aggregate_add_report (agg, a, NULL, NULL));
  g_assert_false (nb_aggregate_add_report (agg, last_year, file, &error));
  g_assert_error (error, NB_AGGREGATE_ERROR, NB_AGGREGATE_ERROR_YEAR_MISMATCH);
  g_assert_nonnull (strstr (error->message, "财政局-2022.nianbao"));
  g_assert_nonnull (strstr (error->message, "2022"));
  g_clear_error (&error);
  g_assert_false (nb_aggregate_add_report (agg, no_year, NULL, &error));
  g_assert_error (error, NB_AGGREGATE_ERROR, NB_AGGREGATE_ERROR_NO_YEAR);
  g_assert_nonnull (strstr (error->message, "东胜区教育局"));

  g_assert_cmpuint (nb_aggregate_get_n_sources (agg), ==, 1);
  g_assert_cmpuint (nb_aggregate_get_n_rejected (agg), ==, 2);
  g_assert_cmpuint (count_notes (agg, NB_AGGREGATE_NOTE_REFUSED, NULL), ==, 2);
  g_assert_cmpint (nb_aggregate_get_year (agg), ==, 2023);
}

static void
test_blank (void)
{
  g_autoptr(NbAggregate) agg = nb_aggregate_new ();
  g_autoptr(NbReport) a = make_report (11, "东胜区统计局", 2023);
  g_autoptr(NbReport) b = make_report (12, "东胜区财政局", 2023);
  g_autoptr(NbReport) c = make_report (13, "东胜区教育局", 2023);
  NbReport *result;
  NbTemplate *t;
  NbDiagnostic *note;
  NbDecimal va, vb, vc, sum;
  int cell;

  /* Blank in one: the others are summed and the note says so. */
  set (a, "proactive.license.decisions", NULL);
  set_int (b, "proactive.license.decisions", 40);
  set_int (c, "proactive.license.decisions", 2);
  /* Blank in every report: the sum stays blank. */
  set (a, "review.reconsideration.pending", NULL);
  set (b, "review.reconsideration.pending", NULL);
  set (c, "review.reconsideration.pending", NULL);
  g_assert_true (nb_aggregate_add_report (agg, a, NULL, NULL));
  g_assert_true (nb_aggregate_add_report (agg, b, NULL, NULL));
  g_assert_true (nb_aggregate_add_report (agg, c, NULL, NULL));

  result = nb_aggregate_get_result (agg);
  t = nb_report_get_template (result);
  cell = nb_template_lookup_cell (t, "proactive.license.decisions");
  g_assert_true (nb_report_get_value (result, cell, &sum));
  g_assert_cmpint (sum.units, ==, 42);
  g_assert_cmpuint (nb_aggregate_get_n_blank (agg, cell), ==, 1);
  note = find_note (agg, NB_AGGREGATE_NOTE_BLANK, "proactive.license.decisions");
  g_assert_nonnull (note);
  g_assert_cmpint (nb_diagnostic_get_severity (note), ==, NB_SEVERITY_WARNING);
  g_assert_cmpstr (nb_diagnostic_get_section_id (note), ==, "proactive");
  g_assert_cmpstr (nb_diagnostic_get_message (note), ==,
                   "1 of 3 reports left this blank (东胜区统计局); the sum counts it as 0");
  g_assert_cmpstr (nb_diagnostic_get_actual (note), ==, "42");

  cell = nb_template_lookup_cell (t, "review.reconsideration.pending");
  g_assert_true (nb_report_is_blank (result, cell));
  g_assert_cmpuint (nb_aggregate_get_n_blank (agg, cell), ==, 3);
  note = find_note (agg, NB_AGGREGATE_NOTE_BLANK, "review.reconsideration.pending");
  g_assert_nonnull (note);
  g_assert_cmpstr (nb_diagnostic_get_message (note), ==,
                   "All 3 reports left this blank, so the sum is blank too");

  /* Its total is not blank (auto totals sum the other parts): summed as usual. */
  nb_report_get_value (a, nb_template_lookup_cell (t, "review.reconsideration.total"), &va);
  nb_report_get_value (b, nb_template_lookup_cell (t, "review.reconsideration.total"), &vb);
  nb_report_get_value (c, nb_template_lookup_cell (t, "review.reconsideration.total"), &vc);
  g_assert_true (nb_report_get_value (result, nb_template_lookup_cell (t, "review.reconsideration.total"), &sum));
  g_assert_cmpint (sum.units, ==, va.units + vb.units + vc.units);

  /* Blanks are warnings: the consolidation is still clean. */
  g_assert_true (nb_aggregate_is_clean (agg));
  g_assert_cmpuint (count_notes (agg, NB_AGGREGATE_NOTE_BLANK, NULL), ==, 2);
}

static void
test_blank_many (void)
{
  g_autoptr(NbAggregate) agg = nb_aggregate_new ();
  NbDiagnostic *note;

  for (guint i = 0; i < G_N_ELEMENTS (agencies); i++)
    {
      g_autoptr(NbReport) r = make_report (300 + i, agencies[i], 2023);

      if (i != 2)
        set (r, "proactive.fee.amount", NULL);
      g_assert_true (nb_aggregate_add_report (agg, r, NULL, NULL));
    }
  note = find_note (agg, NB_AGGREGATE_NOTE_BLANK, "proactive.fee.amount");
  g_assert_nonnull (note);
  /* Five names at most, then "…": a thousand agencies stay readable. */
  g_assert_cmpstr (nb_diagnostic_get_message (note), ==,
                   "6 of 7 reports left this blank (东胜区统计局, 东胜区财政局, 东胜区卫生健康委员会, 东胜区民政局, 东胜区交通运输局, …); the sum counts them as 0");
}

static void
test_overflow (void)
{
  g_autoptr(NbAggregate) agg = nb_aggregate_new ();
  g_autoptr(NbReport) a = make_report (21, "东胜区统计局", 2023);
  g_autoptr(NbReport) b = make_report (22, "东胜区财政局", 2023);
  NbReport *result;
  NbTemplate *t;
  NbDiagnostic *note;
  NbDecimal sum;
  int cell;

  set_int (a, "proactive.license.decisions", G_MAXINT64 - 5);
  set_int (b, "proactive.license.decisions", 6);
  set (a, "proactive.fee.amount", "9223372036854.775807");
  set (b, "proactive.fee.amount", "0.000001");
  /* Exactly the largest value is no overflow. */
  set_int (a, "proactive.coercion.decisions", G_MAXINT64 - 5);
  set_int (b, "proactive.coercion.decisions", 5);
  g_assert_true (nb_aggregate_add_report (agg, a, NULL, NULL));
  g_assert_true (nb_aggregate_add_report (agg, b, NULL, NULL));

  result = nb_aggregate_get_result (agg);
  t = nb_report_get_template (result);

  cell = nb_template_lookup_cell (t, "proactive.license.decisions");
  g_assert_true (nb_report_is_blank (result, cell));  /* never wrapped to a negative number */
  g_assert_true (nb_aggregate_get_overflowed (agg, cell));
  note = find_note (agg, NB_AGGREGATE_NOTE_OVERFLOW, "proactive.license.decisions");
  g_assert_nonnull (note);
  g_assert_cmpint (nb_diagnostic_get_severity (note), ==, NB_SEVERITY_ERROR);

  cell = nb_template_lookup_cell (t, "proactive.fee.amount");
  g_assert_true (nb_report_is_blank (result, cell));
  g_assert_nonnull (find_note (agg, NB_AGGREGATE_NOTE_OVERFLOW, "proactive.fee.amount"));

  cell = nb_template_lookup_cell (t, "proactive.coercion.decisions");
  g_assert_true (nb_report_get_value (result, cell, &sum));
  g_assert_cmpint (sum.units, ==, G_MAXINT64);
  g_assert_false (nb_aggregate_get_overflowed (agg, cell));

  g_assert_cmpuint (count_notes (agg, NB_AGGREGATE_NOTE_OVERFLOW, NULL), ==, 2);
  g_assert_false (nb_aggregate_is_clean (agg));
}

static void
test_expected (void)
{
  g_autoptr(NbAggregate) agg = nb_aggregate_new ();
  g_autoptr(GError) error = NULL;
  const char *list = "\xEF\xBB\xBF# 东胜区的部门\n东胜区统计局\r\n  东胜区 财政局\u3000\n\n东胜区教育局\n东胜区统计局\n"
                     "东胜区卫生健康委员会（疾控）\n";
  g_auto(GStrv) names = nb_aggregate_parse_agency_list (list, -1, "list.txt", &error);
  g_auto(GStrv) missing = NULL;
  NbDiagnostic *note;

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 4);
  g_assert_cmpstr (names[0], ==, "东胜区统计局");
  g_assert_cmpstr (names[1], ==, "东胜区 财政局");
  g_assert_cmpstr (names[2], ==, "东胜区教育局");

  nb_aggregate_set_expected_agencies (agg, (const char * const *) names);
  {
    g_autoptr(NbReport) a = make_report (31, "东胜区统计局", 2023);
    g_autoptr(NbReport) b = make_report (32, "东胜区财政局", 2023);
    g_autoptr(NbReport) c = make_report (33, "东胜区卫生健康委员会(疾控)", 2023);
    g_autoptr(NbReport) d = make_report (34, "东胜区民政局", 2023);

    g_assert_true (nb_aggregate_add_report (agg, a, NULL, NULL));
    g_assert_true (nb_aggregate_add_report (agg, b, NULL, NULL));
    g_assert_true (nb_aggregate_add_report (agg, c, NULL, NULL));
    g_assert_true (nb_aggregate_add_report (agg, d, NULL, NULL));
  }

  missing = nb_aggregate_get_missing_agencies (agg);
  g_assert_cmpuint (g_strv_length (missing), ==, 1);
  g_assert_cmpstr (missing[0], ==, "东胜区教育局");
  note = find_note (agg, NB_AGGREGATE_NOTE_MISSING, NULL);
  g_assert_nonnull (note);
  g_assert_cmpint (nb_diagnostic_get_severity (note), ==, NB_SEVERITY_ERROR);
  g_assert_nonnull (strstr (nb_diagnostic_get_message (note), "东胜区教育局"));
  note = find_note (agg, NB_AGGREGATE_NOTE_UNEXPECTED, NULL);
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (nb_diagnostic_get_message (note), "东胜区民政局"));
  g_assert_false (nb_aggregate_is_clean (agg));

  /* Without the list nobody is missing. */
  nb_aggregate_set_expected_agencies (agg, NULL);
  g_clear_pointer (&missing, g_strfreev);
  missing = nb_aggregate_get_missing_agencies (agg);
  g_assert_cmpuint (g_strv_length (missing), ==, 0);
  g_assert_true (nb_aggregate_is_clean (agg));
}

static void
test_agency_list_encodings (void)
{
  g_autoptr(GError) error = NULL;
  const char *utf8 = "东胜区统计局\n东胜区财政局\n";
  g_autofree char *gbk = g_convert (utf8, -1, "GB18030", "UTF-8", NULL, NULL, NULL);
  g_auto(GStrv) names = NULL;

  g_assert_nonnull (gbk);
  g_assert_false (g_utf8_validate (gbk, -1, NULL));
  names = nb_aggregate_parse_agency_list (gbk, -1, "ansi.txt", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[1], ==, "东胜区财政局");

  g_assert_null (nb_aggregate_parse_agency_list ("\n# nobody\n  \n", -1, "empty.txt", &error));
  g_assert_error (error, NB_AGGREGATE_ERROR, NB_AGGREGATE_ERROR_INVALID_LIST);
  g_assert_nonnull (strstr (error->message, "empty.txt"));
  g_clear_error (&error);
  g_assert_null (nb_aggregate_parse_agency_list ("a\0b", 3, "binary.txt", &error));
  g_assert_error (error, NB_AGGREGATE_ERROR, NB_AGGREGATE_ERROR_INVALID_LIST);
  g_clear_error (&error);
  /* A report given in the list's place. */
  g_assert_null (nb_aggregate_parse_agency_list ("{\n  \"format\": \"nianbao\",\n  \"version\": 1\n}\n", -1,
                                                 "report.nianbao", &error));
  g_assert_error (error, NB_AGGREGATE_ERROR, NB_AGGREGATE_ERROR_INVALID_LIST);
}

static void
agency_notified_cb (GObject    *object,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_agency (void)
{
  g_autoptr(NbAggregate) agg = nb_aggregate_new ();
  g_autoptr(NbReport) a = make_report (41, "鄂尔多斯市东胜区统计局", 2023);
  g_autoptr(NbReport) b = make_report (42, "鄂尔多斯市东胜区统筹办", 2023);
  g_autoptr(NbReport) c = make_report (43, "", 2023);
  g_autoptr(GFile) c_file = g_file_new_for_path ("/reports/某单位.nianbao");
  guint notified = 0;
  NbReport *first_result;

  g_signal_connect (agg, "notify::agency", G_CALLBACK (agency_notified_cb), &notified);
  g_assert_true (nb_aggregate_add_report (agg, a, NULL, NULL));
  g_assert_cmpstr (nb_aggregate_get_agency (agg), ==, "鄂尔多斯市东胜区汇总");
  g_assert_true (nb_aggregate_add_report (agg, b, NULL, NULL));
  /* The common prefix 鄂尔多斯市东胜区统 is cut back to the place name. */
  g_assert_cmpstr (nb_aggregate_get_agency (agg), ==, "鄂尔多斯市东胜区汇总");
  /* A source without a name is listed under its file name and noted. */
  g_assert_true (nb_aggregate_add_report (agg, c, c_file, NULL));
  g_assert_cmpstr (nb_aggregate_get_source_agency (agg, 2), ==, "某单位");
  g_assert_cmpuint (count_notes (agg, NB_AGGREGATE_NOTE_NO_AGENCY, NULL), ==, 1);
  g_assert_cmpstr (nb_aggregate_get_agency (agg), ==, "鄂尔多斯市东胜区汇总");
  first_result = nb_aggregate_get_result (agg);
  g_assert_cmpstr (nb_report_get_meta (first_result, NB_META_AGENCY), ==, "鄂尔多斯市东胜区汇总");

  nb_aggregate_set_agency (agg, " 东胜区人民政府办公室 ");
  nb_aggregate_set_agency (agg, "东胜区人民政府办公室");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (nb_report_get_meta (nb_aggregate_get_result (agg), NB_META_AGENCY), ==,
                   "东胜区人民政府办公室");
  nb_aggregate_set_agency (agg, NULL);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpstr (nb_report_get_meta (nb_aggregate_get_result (agg), NB_META_AGENCY), ==,
                   "鄂尔多斯市东胜区汇总");

  /* A place character that starts the office's own name is not a place:
   * 东胜区市场监督管理局 is in 东胜区, not in a 东胜区市. */
  {
    static const struct { const char *a, *b, *expected; } cases[] = {
      { "东胜区市场监督管理局", "东胜区市政管理局", "东胜区汇总" },
      { "东胜区市场监督管理局", NULL, "东胜区汇总" },
      { "达拉特旗市场监督管理局", "达拉特旗市场监督管理局稽查大队", "达拉特旗汇总" },
      { "东胜区乡村振兴局", NULL, "东胜区汇总" },
      { "杭州市统计局", "杭州市财政局", "杭州市汇总" },
      { "鄂尔多斯市东胜区统计局", "鄂尔多斯市康巴什区统计局", "鄂尔多斯市汇总" },
      { "内蒙古自治区统计局", NULL, "内蒙古自治区汇总" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(NbAggregate) other = nb_aggregate_new ();
        g_autoptr(NbReport) x = make_report (46, cases[i].a, 2023);
        g_autoptr(NbReport) y = cases[i].b != NULL ? make_report (47, cases[i].b, 2023) : NULL;

        nb_aggregate_add_report (other, x, NULL, NULL);
        if (y != NULL)
          nb_aggregate_add_report (other, y, NULL, NULL);
        g_assert_cmpstr (nb_aggregate_get_agency (other), ==, cases[i].expected);
      }
  }

  /* Names without any place: just 汇总. */
  {
    g_autoptr(NbAggregate) other = nb_aggregate_new ();
    g_autoptr(NbReport) x = make_report (44, "统计局", 2023);
    g_autoptr(NbReport) y = make_report (45, "财政局", 2023);

    nb_aggregate_add_report (other, x, NULL, NULL);
    nb_aggregate_add_report (other, y, NULL, NULL);
    g_assert_cmpstr (nb_aggregate_get_agency (other), ==, "汇总");
  }
}

static void
test_duplicate_agency (void)
{
  g_autoptr(NbAggregate) agg = nb_aggregate_new ();
  g_autoptr(NbReport) a = make_report (51, "东胜区统计局", 2023);
  g_autoptr(NbReport) b = make_report (52, "东胜区 统计局", 2023);
  g_autoptr(GFile) fa = g_file_new_for_path ("/reports/a.nianbao");
  g_autoptr(GFile) fb = g_file_new_for_path ("/reports/b.nianbao");
  g_autoptr(GError) error = NULL;
  NbDiagnostic *note;

  g_assert_true (nb_aggregate_add_report (agg, a, fa, NULL));
  g_assert_true (nb_aggregate_add_report (agg, b, fb, NULL));
  /* The same file again is counted once. */
  g_assert_false (nb_aggregate_add_report (agg, a, fa, &error));
  g_assert_error (error, NB_AGGREGATE_ERROR, NB_AGGREGATE_ERROR_DUPLICATE);
  g_assert_cmpuint (nb_aggregate_get_n_sources (agg), ==, 2);
  g_assert_cmpuint (nb_aggregate_get_n_rejected (agg), ==, 0);

  g_assert_cmpuint (count_notes (agg, NB_AGGREGATE_NOTE_DUPLICATE, NULL), ==, 2);
  note = g_list_model_get_item (nb_aggregate_get_notes (agg), 1);
  g_assert_cmpstr (nb_diagnostic_get_message (note), ==,
                   "东胜区统计局 sent 2 reports (/reports/a.nianbao, /reports/b.nianbao): "
                   "all are counted; leave out all but one");
  /* Its figures are in the sum twice (a corrected copy beside the first,
   * say): only the clerk can tell which is right. */
  g_assert_cmpint (nb_diagnostic_get_severity (note), ==, NB_SEVERITY_ERROR);
  g_object_unref (note);
  g_assert_false (nb_aggregate_is_clean (agg));
}

/* ---- from files ------------------------------------------------------------ */

static char *
write_report (const char *dir,
              const char *name,
              NbReport   *r)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (nb_storage_save_file (r, file, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (dir);
}

static void
test_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("nb-aggregate-XXXXXX", NULL);
  g_autoptr(NbAggregate) agg = nb_aggregate_new ();
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GFile) out = g_file_get_child (folder, "result.nianbao");
  g_autofree char *p_b = NULL;
  g_autoptr(GFile) f_b = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *notes;
  guint n_unreadable = 0, n_refused = 0, n_duplicate = 0, n_excluded = 0;

  /* Last year's report sorts first, but most files are for 2023. */
  {
    g_autoptr(NbReport) old = make_report (60, "东胜区民政局", 2022);
    g_autoptr(NbReport) a = make_report (61, "东胜区统计局", 2023);
    g_autoptr(NbReport) b = make_report (62, "东胜区财政局", 2023);
    g_autoptr(NbReport) c = make_report (63, "东胜区教育局", 2023);
    g_autofree char *p_old = write_report (dir, "0-民政局-2022.nianbao", old);
    g_autofree char *p_a = write_report (dir, "1-统计局.nianbao", a);
    g_autofree char *p_c = write_report (dir, "3-教育局.nianbao", c);
    g_autofree char *p_hidden = write_report (dir, ".hidden.nianbao", c);
    g_autofree char *p_txt = g_build_filename (dir, "readme.txt", NULL);
    g_autofree char *p_bad = g_build_filename (dir, "2-坏.nianbao", NULL);
    g_autofree char *p_out = write_report (dir, "result.nianbao", a);  /* a stale output */

    p_b = write_report (dir, "2-财政局.nianbao", b);
    g_assert_true (g_file_set_contents (p_txt, "not a report", -1, NULL));
    g_assert_true (g_file_set_contents (p_bad, "{\"format\": \"nianbao\", \"ver", -1, NULL));
  }
  f_b = g_file_new_for_path (p_b);

  g_list_store_append (files, folder);
  g_list_store_append (files, f_b);  /* also in the folder: counted once */
  nb_aggregate_exclude_file (agg, out);
  g_assert_true (nb_aggregate_add_files (agg, G_LIST_MODEL (files), NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (nb_aggregate_get_year (agg), ==, 2023);
  g_assert_cmpuint (nb_aggregate_get_n_sources (agg), ==, 3);
  g_assert_cmpstr (nb_aggregate_get_source_agency (agg, 0), ==, "东胜区统计局");
  g_assert_cmpstr (nb_aggregate_get_source_agency (agg, 1), ==, "东胜区财政局");
  g_assert_cmpstr (nb_aggregate_get_source_agency (agg, 2), ==, "东胜区教育局");
  g_assert_cmpuint (nb_aggregate_get_n_rejected (agg), ==, 2);

  notes = nb_aggregate_get_notes (agg);
  for (guint i = 0; i < g_list_model_get_n_items (notes); i++)
    {
      g_autoptr(NbDiagnostic) d = g_list_model_get_item (notes, i);
      const char *id = nb_diagnostic_get_rule_id (d);
      const char *m = nb_diagnostic_get_message (d);

      if (g_str_equal (id, NB_AGGREGATE_NOTE_UNREADABLE))
        {
          n_unreadable++;
          g_assert_nonnull (strstr (m, "2-坏.nianbao"));
        }
      else if (g_str_equal (id, NB_AGGREGATE_NOTE_REFUSED))
        {
          n_refused++;
          g_assert_nonnull (strstr (m, "0-民政局-2022.nianbao"));
          g_assert_nonnull (strstr (m, "2022"));
        }
      else if (g_str_equal (id, NB_AGGREGATE_NOTE_DUPLICATE) &&
               nb_diagnostic_get_severity (d) == NB_SEVERITY_INFO)
        {
          n_excluded++;
          g_assert_nonnull (strstr (m, "result.nianbao"));
        }
      else if (g_str_equal (id, NB_AGGREGATE_NOTE_DUPLICATE))
        {
          n_duplicate++;
          g_assert_nonnull (strstr (m, "2-财政局.nianbao"));
        }
    }
  g_assert_cmpuint (n_unreadable, ==, 1);
  g_assert_cmpuint (n_refused, ==, 1);
  g_assert_cmpuint (n_duplicate, ==, 1);
  g_assert_cmpuint (n_excluded, ==, 1);
  g_assert_false (nb_aggregate_is_clean (agg));

  {
    g_autofree char *data = nb_storage_to_data (nb_aggregate_get_result (agg), NULL);
    g_assert_nonnull (strstr (data, "本报告汇总以下3个单位报送的2023年度"));
  }

  /* An empty folder is a refused input. */
  {
    g_autofree char *empty = g_dir_make_tmp ("nb-aggregate-empty-XXXXXX", NULL);
    g_autoptr(GFile) empty_folder = g_file_new_for_path (empty);
    g_autoptr(NbAggregate) none = nb_aggregate_new ();
    g_autoptr(GListStore) list = g_list_store_new (G_TYPE_FILE);

    g_list_store_append (list, empty_folder);
    g_assert_true (nb_aggregate_add_files (none, G_LIST_MODEL (list), NULL, NULL));
    g_assert_cmpuint (nb_aggregate_get_n_sources (none), ==, 0);
    g_assert_cmpuint (nb_aggregate_get_n_rejected (none), ==, 1);
    g_assert_null (nb_aggregate_get_result (none));
    g_assert_nonnull (find_note (none, NB_AGGREGATE_NOTE_REFUSED, NULL));
    g_rmdir (empty);
  }

  remove_dir (dir);
}

static void
added_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = nb_aggregate_add_files_finish (NB_AGGREGATE (object), result, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  g_main_loop_quit (user_data);
}

static void
cancelled_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (nb_aggregate_add_files_finish (NB_AGGREGATE (object), result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_main_loop_quit (user_data);
}

static void
test_async (void)
{
  g_autofree char *dir = g_dir_make_tmp ("nb-aggregate-async-XXXXXX", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);
  g_autoptr(NbAggregate) agg = nb_aggregate_new ();
  g_autoptr(NbAggregate) sync = nb_aggregate_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  NbTemplate *t;

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("%02u.nianbao", i);
      g_autofree char *agency = g_strdup_printf ("东胜区第%u局", i);
      g_autoptr(NbReport) r = make_report (70 + i, agency, 2023);
      g_autofree char *path = write_report (dir, name, r);
    }
  g_list_store_append (files, folder);

  nb_aggregate_add_files_async (agg, G_LIST_MODEL (files), NULL, added_cb, loop);
  g_main_loop_run (loop);
  g_assert_true (nb_aggregate_add_files (sync, G_LIST_MODEL (files), NULL, NULL));

  g_assert_cmpuint (nb_aggregate_get_n_sources (agg), ==, 20);
  t = nb_aggregate_get_template (agg);
  for (guint c = 0; c < nb_template_get_n_cells (t); c++)
    {
      g_autofree char *a = nb_report_format_value (nb_aggregate_get_result (agg), c);
      g_autofree char *b = nb_report_format_value (nb_aggregate_get_result (sync), c);
      g_assert_cmpstr (a, ==, b);
    }
  g_assert_true (nb_aggregate_is_clean (agg));

  /* Cancelled before it starts: nothing is added. */
  {
    g_autoptr(NbAggregate) stopped = nb_aggregate_new ();
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    g_cancellable_cancel (cancellable);
    nb_aggregate_add_files_async (stopped, G_LIST_MODEL (files), cancellable, cancelled_cb, loop);
    g_main_loop_run (loop);
    g_assert_cmpuint (nb_aggregate_get_n_sources (stopped), ==, 0);
  }

  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = g_build_filename (g_getenv ("NB_SOURCE_DIR"), "data", "samples",
                                            "dongsheng-tongjiju-2023.nianbao", NULL);
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_true (g_file_get_contents (path, &sample_data, &sample_length, NULL));

  g_test_add_func ("/aggregate/new-destroy", test_new_destroy);
  g_test_add_func ("/aggregate/sum-exact", test_sum_exact);
  g_test_add_func ("/aggregate/breakdown", test_breakdown);
  g_test_add_func ("/aggregate/refuse-template", test_refuse_template);
  g_test_add_func ("/aggregate/refuse-year", test_refuse_year);
  g_test_add_func ("/aggregate/blank", test_blank);
  g_test_add_func ("/aggregate/blank-many", test_blank_many);
  g_test_add_func ("/aggregate/overflow", test_overflow);
  g_test_add_func ("/aggregate/expected", test_expected);
  g_test_add_func ("/aggregate/agency-list-encodings", test_agency_list_encodings);
  g_test_add_func ("/aggregate/agency", test_agency);
  g_test_add_func ("/aggregate/duplicate-agency", test_duplicate_agency);
  g_test_add_func ("/aggregate/nested-overlap", test_nested_overlap);
  g_test_add_func ("/aggregate/files", test_files);
  g_test_add_func ("/aggregate/async", test_async);

  status = g_test_run ();
  g_free (sample_data);
  return status;
}
