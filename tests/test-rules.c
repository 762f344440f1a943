/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "nb-report-private.h"
#include "nb-rules.h"

/* Cell assignments: "id=value", "id=" for blank. Applied with auto totals
 * off, on top of a report whose every cell is 0 and whose agency, year and
 * required sections are filled in (which checks clean). */
typedef struct
{
  const char *name;
  const char *cells[8];
  const char *previous[4];     /* last year's report (all 0 plus these), NULL for none */
  const char *overview;        /* prose of 一、总体情况 */
  const char *expected[8];     /* "RULE first-cell-id" of every diagnostic, in order */
} Case;

static const Case cases[] = {
  { "clean", { NULL }, { NULL }, NULL, { NULL } },
  { "clean-with-previous", { NULL }, { "requests.carried_next.natural=0" }, NULL, { NULL } },
  { "R1 row total", { "requests.new.natural=3" }, { NULL }, NULL,
    { "R1 requests.new.total", "R3 requests.new.natural" } },
  { "R1 holds", { "requests.new.natural=3", "requests.new.total=3",
                  "requests.carried_next.natural=3", "requests.carried_next.total=3" }, { NULL }, NULL,
    { NULL } },
  { "R2 column total", { "requests.result.disclosed.natural=1", "requests.result.disclosed.total=1" },
    { NULL }, NULL,
    { "R2 requests.result.total.natural", "R2 requests.result.total.total" } },
  { "R3 balance", { "requests.new.research=1", "requests.new.total=1" }, { NULL }, NULL,
    { "R3 requests.new.research", "R3 requests.new.total" } },
  { "R4 review group", { "review.litigation_after.pending=2" }, { NULL }, NULL,
    { "R4 review.litigation_after.total" } },
  { "R6 blank", { "requests.carried.legal=" }, { NULL }, NULL,
    { "R6 requests.carried.legal" } },
  { "R6 blank counts as 0", { "requests.new.natural=", "requests.new.commercial=2", "requests.new.total=2",
                               "requests.carried_next.commercial=2", "requests.carried_next.total=2" },
    { NULL }, NULL, { "R6 requests.new.natural" } },
  { "X1 carried", { NULL }, { "requests.carried_next.natural=4", "requests.carried_next.total=4" }, NULL,
    { "X1 requests.carried.natural", "X1 requests.carried.total" } },
  { "X1 holds", { "requests.carried.natural=4", "requests.carried.total=4",
                  "requests.carried_next.natural=4", "requests.carried_next.total=4" },
    { "requests.carried_next.natural=4", "requests.carried_next.total=4" }, NULL, { NULL } },
  { "X2 in force", { NULL }, { "proactive.regulation.in_force=5" }, NULL,
    { "X2 proactive.regulation.in_force" } },
  { "X2 holds", { "proactive.normative.issued=2", "proactive.normative.repealed=1",
                  "proactive.normative.in_force=8" },
    { "proactive.normative.in_force=7" }, NULL, { NULL } },
  { "X3 issued", { "proactive.regulation.issued=2" }, { NULL }, NULL,
    { "X3 proactive.regulation.issued" } },
  { "TX prose", { NULL }, { NULL }, "2023年，本机关新收政府信息公开申请5件。",
    { "TX requests.new.total" } },
  { "TX prose full-width", { NULL }, { NULL }, "本年共新收申请５件，办结０件。",
    { "TX requests.new.total" } },
  { "TX prose received", { NULL }, { NULL }, "本年共收到政府信息公开申请5件。",
    { "TX requests.new.total" } },
  { "TX holds", { "requests.new.other=5", "requests.new.total=5",
                  "requests.carried_next.other=5", "requests.carried_next.total=5" }, { NULL },
    "本年新收政府信息公开申请5件。", { NULL } },
  /* Reviews and lawsuits are not requests: "收到行政复议申请" and "办结行政复议
   * 案件" are checked against 四, not against 新收 or 办结. */
  { "TX reviews are not requests", { "review.reconsideration.upheld=2", "review.reconsideration.total=2" },
    { NULL }, "本年度收到行政复议申请2件，全年办结行政复议案件2件。",
    { "S1 review.reconsideration.total" } },
  /* 现行有效 by row, each against its own row. */
  { "TX in force by row", { "proactive.regulation.in_force=2", "proactive.normative.in_force=3" }, { NULL },
    "现行有效规章2件、行政规范性文件3件。", { NULL } },
  { "TX in force by row, wrong", { "proactive.regulation.in_force=2", "proactive.normative.in_force=3" }, { NULL },
    "现行有效规章2件、行政规范性文件4件。", { "TX proactive.normative.in_force" } },
  { "TX in force of both rows", { "proactive.regulation.in_force=2", "proactive.normative.in_force=3" }, { NULL },
    "现行有效规章和行政规范性文件共6件。", { "TX proactive.regulation.in_force" } },
  { "TX in force in all", { "proactive.regulation.in_force=2", "proactive.normative.in_force=3" }, { NULL },
    "本机关现行有效文件5件。", { NULL } },
  { "S1 unusual", { "review.reconsideration.upheld=1", "review.reconsideration.total=1" }, { NULL }, NULL,
    { "S1 review.reconsideration.total" } },
  { "overflow", { "requests.new.natural=9223372036854775807", "requests.new.commercial=1" }, { NULL }, NULL,
    { "R1 requests.new.total", "R3 requests.new.natural", "R3 requests.new.commercial" } },
  { "huge but exact", { "requests.new.natural=9223372036854775806", "requests.new.total=9223372036854775806",
                        "requests.carried_next.natural=9223372036854775806",
                        "requests.carried_next.total=9223372036854775806" }, { NULL }, NULL, { NULL } },
  { "six decimals", { "proactive.fee.amount=24252.311082" }, { NULL }, NULL, { NULL } },
};

static NbReport *
make_report (NbTemplate         *t,
             const char * const *cells)
{
  NbReport *r = nb_report_new (t);

  nb_report_set_meta (r, NB_META_AGENCY, "东胜区统计局");
  /* A year of the form's own: the 2019 trial form was for 2019 and 2020 (F1). */
  nb_report_set_meta (r, NB_META_YEAR, nb_template_is_for_year (t, 2023) ? "2023" : "2020");
  nb_report_set_section_text (r, "overview", "今年以来，本机关认真落实条例。");
  nb_report_set_section_text (r, "problems", "一是公开的及时性不够。");
  nb_report_set_section_text (r, "other", "本年度未收取信息处理费。");
  nb_report_set_auto_totals (r, FALSE);
  for (guint i = 0; i < nb_template_get_n_cells (t); i++)
    {
      NbDecimal zero = NB_DECIMAL_INIT;
      g_assert_true (nb_report_set_value (r, i, &zero, NULL));
    }
  for (guint i = 0; cells[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (cells[i], "=", 2);
      NbDecimal d;
      g_autoptr(GError) error = NULL;

      if (*kv[1] == '\0')
        g_assert_true (nb_report_set_value_by_id (r, kv[0], NULL, &error));
      else
        {
          g_assert_true (nb_decimal_parse (kv[1], &d, NULL));
          g_assert_true (nb_report_set_value_by_id (r, kv[0], &d, &error));
        }
      g_assert_no_error (error);
    }
  return r;
}

static void
test_table (void)
{
  g_autoptr(NbTemplate) t = nb_template_load ("gov-disclosure-2021", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autoptr(NbReport) r = make_report (t, c->cells);
      g_autoptr(NbReport) prev = c->previous[0] != NULL ? make_report (t, c->previous) : NULL;
      g_autoptr(GPtrArray) diags = NULL;
      g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func (g_free);
      guint n_expected = 0;

      g_test_message ("case: %s", c->name);
      if (c->overview != NULL)
        nb_report_set_section_text (r, "overview", c->overview);

      diags = nb_rules_check (r, prev);
      for (guint d = 0; d < diags->len; d++)
        {
          NbDiagnostic *diag = g_ptr_array_index (diags, d);
          const char * const *ids = nb_diagnostic_get_cells (diag);

          g_assert_nonnull (ids[0]);
          g_assert_cmpstr (nb_diagnostic_get_message (diag), !=, "");
          g_assert_null (strchr (nb_diagnostic_get_message (diag), '{'));  /* no placeholder left */
          g_ptr_array_add (got, g_strdup_printf ("%s %s", nb_diagnostic_get_rule_id (diag), ids[0]));
        }
      while (c->expected[n_expected] != NULL)
        n_expected++;
      for (guint d = 0; d < got->len; d++)
        g_test_message ("  got %s", (char *) g_ptr_array_index (got, d));
      g_assert_cmpuint (got->len, ==, n_expected);
      for (guint d = 0; d < n_expected; d++)
        g_assert_cmpstr (g_ptr_array_index (got, d), ==, c->expected[d]);
    }
}

/* The first diagnostic of @rule_id in @found, or NULL. */
static NbDiagnostic *
first_of_rule (GPtrArray  *found,
               const char *rule_id)
{
  for (guint i = 0; i < found->len; i++)
    if (g_str_equal (nb_diagnostic_get_rule_id (g_ptr_array_index (found, i)), rule_id))
      return g_ptr_array_index (found, i);
  return NULL;
}

static void
test_messages (void)
{
  g_autoptr(NbTemplate) t = nb_template_load ("gov-disclosure-2021", NULL);
  const char *cells[] = { "requests.new.natural=3", "review.litigation_direct.upheld=2", NULL };
  const char *prev_cells[] = { "proactive.regulation.in_force=5", NULL };
  g_autoptr(NbReport) r = make_report (t, cells);
  g_autoptr(NbReport) prev = make_report (t, prev_cells);
  g_autoptr(GPtrArray) diags = nb_rules_check (r, prev);
  gboolean seen_r1 = FALSE, seen_r4 = FALSE, seen_x2 = FALSE;

  for (guint i = 0; i < diags->len; i++)
    {
      NbDiagnostic *d = g_ptr_array_index (diags, i);
      const char *m = nb_diagnostic_get_message (d);
      const char *rule = nb_diagnostic_get_rule_id (d);

      if (g_str_equal (rule, "R1"))
        {
          /* Names the row and shows expected and actual. */
          g_assert_nonnull (strstr (m, "一、本年新收政府信息公开申请数量"));
          g_assert_nonnull (strstr (m, "3"));
          g_assert_cmpstr (nb_diagnostic_get_expected (d), ==, "3");
          g_assert_cmpstr (nb_diagnostic_get_actual (d), ==, "0");
          g_assert_cmpint (nb_diagnostic_get_severity (d), ==, NB_SEVERITY_ERROR);
          g_assert_cmpstr (nb_diagnostic_get_section_id (d), ==, "requests");
          seen_r1 = TRUE;
        }
      else if (g_str_equal (rule, "R4"))
        {
          g_assert_nonnull (strstr (m, "未经复议直接起诉"));
          seen_r4 = TRUE;
        }
      else if (g_str_equal (rule, "X2"))
        {
          /* Shows last year's value next to this year's. */
          g_assert_nonnull (strstr (m, "上年 5 件"));
          g_assert_cmpint (nb_diagnostic_get_severity (d), ==, NB_SEVERITY_WARNING);
          seen_x2 = TRUE;
        }
    }
  g_assert_true (seen_r1 && seen_r4 && seen_x2);

  /* A blank total is named in the form's Chinese, whatever the UI language
   * (the suite runs in English). */
  {
    const char *blank_total[] = { "requests.new.natural=2", "requests.new.total=", NULL };
    g_autoptr(NbReport) b = make_report (t, blank_total);
    g_autoptr(GPtrArray) found = nb_rules_check (b, NULL);
    NbDiagnostic *d = first_of_rule (found, "R1");

    g_assert_nonnull (d);
    g_assert_cmpstr (nb_diagnostic_get_actual (d), ==, "未填写");
    g_assert_nonnull (strstr (nb_diagnostic_get_message (d), "未填写"));
  }

  /* F1: the form of the report's year. */
  {
    static const struct { const char *form; const char *year; gboolean warned; } forms[] = {
      { "gov-disclosure-2021", "2023", FALSE },
      { "gov-disclosure-2021", "2021", FALSE },
      { "gov-disclosure-2021", "2020", TRUE },
      { "gov-disclosure-2019", "2020", FALSE },
      { "gov-disclosure-2019", "2019", FALSE },
      { "gov-disclosure-2019", "2023", TRUE },
    };

    for (guint f = 0; f < G_N_ELEMENTS (forms); f++)
      {
        g_autoptr(NbTemplate) form = nb_template_load (forms[f].form, NULL);
        g_autoptr(NbReport) r2 = nb_report_new (form);
        g_autoptr(GPtrArray) found = NULL;
        NbDiagnostic *d;

        nb_report_set_meta (r2, NB_META_YEAR, forms[f].year);
        found = nb_rules_check (r2, NULL);
        d = first_of_rule (found, "F1");
        g_assert_cmpint (d != NULL, ==, forms[f].warned);
        if (d == NULL)
          continue;
        g_assert_cmpint (nb_diagnostic_get_severity (d), ==, NB_SEVERITY_WARNING);
        g_assert_cmpstr (nb_diagnostic_get_cells (d)[0], ==, "meta.year");
        g_assert_nonnull (strstr (nb_diagnostic_get_message (d), g_str_equal (forms[f].form, "gov-disclosure-2021")
                                                                  ? "2019 年试行格式" : "（2021 年格式）"));
      }
  }

  /* A blank in 四 names its group: 结果维持 is under each of them. */
  {
    const char *blank_review[] = { "review.reconsideration.upheld=", NULL };
    g_autoptr(NbReport) b = make_report (t, blank_review);
    g_autoptr(GPtrArray) found = nb_rules_check (b, NULL);
    NbDiagnostic *d = first_of_rule (found, "R6");

    g_assert_nonnull (d);
    g_assert_nonnull (strstr (nb_diagnostic_get_message (d), "（行政复议：结果维持）"));
  }
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *count)
{
  (*count)++;
}

static void
test_live (void)
{
  g_autoptr(NbTemplate) t = nb_template_load ("gov-disclosure-2021", NULL);
  const char *none[] = { NULL };
  g_autoptr(NbReport) r = make_report (t, none);
  NbRules *rules;
  guint n_changed = 0;
  guint errors = 0, warnings = 0;
  NbDecimal three = nb_decimal_from_int (3);
  int cell = nb_template_lookup_cell (t, "requests.new.natural");

  nb_report_set_auto_totals (r, TRUE);
  rules = nb_rules_new (r);
  g_signal_connect (rules, "items-changed", G_CALLBACK (items_changed_cb), &n_changed);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rules)), ==, 0);

  /* Auto totals keep R1 quiet; R3 fires in two columns. */
  nb_report_set_value (r, (guint) cell, &three, NULL);
  g_assert_cmpuint (nb_rules_get_n_errors (rules), ==, 2);
  g_assert_cmpint (nb_rules_get_cell_severity (rules, (guint) cell), ==, NB_SEVERITY_ERROR);
  nb_rules_count_for_section (rules, "requests", &errors, &warnings);
  g_assert_cmpuint (errors, ==, 2);
  nb_rules_count_for_section (rules, "review", &errors, &warnings);
  g_assert_cmpuint (errors, ==, 0);
  {
    g_autofree char *msgs = nb_rules_get_cell_messages (rules, (guint) cell);
    g_assert_nonnull (strstr (msgs, "第一项加第二项之和为 3"));
  }
  g_assert_cmpuint (n_changed, >=, 1);

  /* An edit that changes no diagnostic emits nothing. */
  n_changed = 0;
  nb_report_set_meta (r, NB_META_PHONE, "0477-1");
  g_assert_cmpuint (n_changed, ==, 0);

  nb_report_undo (r);
  nb_report_undo (r);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rules)), ==, 0);
  g_assert_cmpint (nb_rules_get_cell_severity (rules, (guint) cell), ==, -1);

  g_assert_finalize_object (rules);
}

/* R5 is enforced where values enter (tests/test-cell-input.c, test-report.c,
 * test-storage.c); the rules still catch a value that bypassed them. */
static void
test_r5 (void)
{
  g_autoptr(NbTemplate) t = nb_template_load ("gov-disclosure-2021", NULL);
  const char *none[] = { NULL };
  g_autoptr(NbReport) r = make_report (t, none);
  g_autoptr(GPtrArray) clean = nb_rules_check (r, NULL);
  g_autoptr(GPtrArray) diags = NULL;
  NbDecimal negative = nb_decimal_from_int (-2);
  NbDecimal fraction = { 25, 1 };
  gboolean seen_negative = FALSE, seen_fraction = FALSE;

  g_assert_cmpuint (clean->len, ==, 0);
  _nb_report_load_value (r, nb_template_lookup_cell (t, "proactive.license.decisions"), &negative);
  _nb_report_load_value (r, nb_template_lookup_cell (t, "review.reconsideration.other"), &fraction);
  diags = nb_rules_check (r, NULL);
  for (guint i = 0; i < diags->len; i++)
    {
      NbDiagnostic *d = g_ptr_array_index (diags, i);
      if (!g_str_equal (nb_diagnostic_get_rule_id (d), "R5"))
        continue;
      if (g_str_equal (nb_diagnostic_get_cells (d)[0], "proactive.license.decisions"))
        seen_negative = strstr (nb_diagnostic_get_message (d), "负数") != NULL;
      if (g_str_equal (nb_diagnostic_get_cells (d)[0], "review.reconsideration.other"))
        seen_fraction = strstr (nb_diagnostic_get_message (d), "整数") != NULL;
    }
  g_assert_true (seen_negative);
  g_assert_true (seen_fraction);
}

/* M1, M2: the title needs the agency and a year; they are 基本信息's
 * (no section) and name the field, in both forms. */
static void
test_meta (void)
{
  const char *forms[] = { "gov-disclosure-2021", "gov-disclosure-2019" };
  const struct {
    const char *agency, *year;
    const char *rule, *field, *quote;
  } meta_cases[] = {
    { "东胜区统计局", "2023", NULL, NULL, NULL },
    { "", "2023", "M1", "meta.agency", "单位名称未填写" },
    { "  ", "2023", "M1", "meta.agency", "单位名称未填写" },
    { "东胜区统计局", "", "M2", "meta.year", "年度未填写" },
    { "东胜区统计局", "2024年", "M2", "meta.year", "“2024年”不是年份" },
    { "东胜区统计局", "24", "M2", "meta.year", "“24”不是年份" },
  };

  for (guint f = 0; f < G_N_ELEMENTS (forms); f++)
    for (guint i = 0; i < G_N_ELEMENTS (meta_cases); i++)
      {
        g_autoptr(NbTemplate) t = nb_template_load (forms[f], NULL);
        const char *none[] = { NULL };
        g_autoptr(NbReport) r = make_report (t, none);
        g_autoptr(GPtrArray) diags = NULL;
        NbDiagnostic *d;

        g_test_message ("%s: agency “%s”, year “%s”", forms[f], meta_cases[i].agency, meta_cases[i].year);
        nb_report_set_meta (r, NB_META_AGENCY, meta_cases[i].agency);
        /* A year of the form's own (F1 is tested on its own). */
        nb_report_set_meta (r, NB_META_YEAR,
                            g_str_equal (meta_cases[i].year, "2023") && g_str_equal (forms[f], "gov-disclosure-2019")
                            ? "2020" : meta_cases[i].year);
        diags = nb_rules_check (r, NULL);
        if (meta_cases[i].rule == NULL)
          {
            g_assert_cmpuint (diags->len, ==, 0);
            continue;
          }
        g_assert_cmpuint (diags->len, ==, 1);
        d = g_ptr_array_index (diags, 0);
        g_assert_cmpstr (nb_diagnostic_get_rule_id (d), ==, meta_cases[i].rule);
        g_assert_cmpint (nb_diagnostic_get_severity (d), ==, NB_SEVERITY_WARNING);
        g_assert_null (nb_diagnostic_get_section_id (d));
        g_assert_cmpstr (nb_diagnostic_get_cells (d)[0], ==, meta_cases[i].field);
        g_assert_null (nb_diagnostic_get_cells (d)[1]);
        g_assert_nonnull (strstr (nb_diagnostic_get_message (d), meta_cases[i].quote));
        g_assert_null (strchr (nb_diagnostic_get_message (d), '{'));
      }
}

/* P1: 一、五 and 六 must have text (blank lines are none); the preamble
 * need not. The warning names the section and belongs to it. */
static void
test_written (void)
{
  const char *forms[] = { "gov-disclosure-2021", "gov-disclosure-2019" };

  for (guint f = 0; f < G_N_ELEMENTS (forms); f++)
    {
      g_autoptr(NbTemplate) t = nb_template_load (forms[f], NULL);
      const char *none[] = { NULL };
      g_autoptr(NbReport) r = make_report (t, none);
      g_autoptr(GPtrArray) clean = nb_rules_check (r, NULL);
      g_autoptr(GPtrArray) diags = NULL;
      NbDiagnostic *d;

      g_assert_cmpuint (clean->len, ==, 0);
      nb_report_set_section_text (r, "preamble", "");
      nb_report_set_section_text (r, "other", "\n  \n");
      diags = nb_rules_check (r, NULL);
      g_assert_cmpuint (diags->len, ==, 1);
      d = g_ptr_array_index (diags, 0);
      g_assert_cmpstr (nb_diagnostic_get_rule_id (d), ==, "P1");
      g_assert_cmpint (nb_diagnostic_get_severity (d), ==, NB_SEVERITY_WARNING);
      g_assert_cmpstr (nb_diagnostic_get_section_id (d), ==, "other");
      g_assert_true (g_str_has_prefix (nb_diagnostic_get_message (d), "六、其他需要报告的事项"));
      g_assert_null (strchr (nb_diagnostic_get_message (d), '{'));

      /* Headings alone (last year's, kept as a skeleton) are no text. */
      {
        NbBlock headings[] = { { 2, (char *) "（一）主动公开情况" }, { 2, (char *) "（二）依申请公开情况" } };
        g_autoptr(GPtrArray) skeleton = NULL;

        nb_report_set_blocks (r, "other", headings, G_N_ELEMENTS (headings));
        skeleton = nb_rules_check (r, NULL);
        g_assert_cmpuint (skeleton->len, ==, 1);
        d = g_ptr_array_index (skeleton, 0);
        g_assert_cmpstr (nb_diagnostic_get_rule_id (d), ==, "P1");
        g_assert_cmpstr (nb_diagnostic_get_section_id (d), ==, "other");
      }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rules/table", test_table);
  g_test_add_func ("/rules/messages", test_messages);
  g_test_add_func ("/rules/live", test_live);
  g_test_add_func ("/rules/r5", test_r5);
  g_test_add_func ("/rules/meta", test_meta);
  g_test_add_func ("/rules/written", test_written);
  return g_test_run ();
}
