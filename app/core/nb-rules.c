/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-rules"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "nb-rules.h"
#include "nb-template-private.h"

/* A number quoted in the prose, found once per prose change (regexes are the
 * expensive part of a check; cell edits only compare against these). */
typedef struct
{
  const NbRule *rule;
  guint         pattern;
  NbDecimal     quoted;
  char         *quote;
  char         *section_id;
} ProseMatch;

static void
prose_match_free (ProseMatch *m)
{
  g_free (m->quote);
  g_free (m->section_id);
  g_free (m);
}

typedef struct
{
  NbReport   *report;
  NbReport   *previous;
  NbTemplate *template;
  GPtrArray  *out;
  GPtrArray  *prose;  /* ProseMatch*, or NULL to scan now */
  /* Every value read once per evaluation (a blank reads as 0): the sums
   * below touch about a thousand cells per keystroke. */
  NbDecimal  *values;
  gboolean   *blank;
} Context;

static inline NbDecimal
value_of (Context *ctx,
          guint    cell)
{
  return ctx->values[cell];
}

static inline gboolean
is_blank (Context *ctx,
          guint    cell)
{
  return ctx->blank[cell];
}

static gboolean
sum_cells (Context     *ctx,
           const guint *cells,
           guint        n,
           NbDecimal   *out)
{
  NbDecimal sum = NB_DECIMAL_INIT;

  for (guint i = 0; i < n; i++)
    if (!nb_decimal_add (&sum, &ctx->values[cells[i]], &sum))
      return FALSE;
  *out = sum;
  return TRUE;
}

static char *
format_message (const char *template,
                const char *label,
                const char *expected,
                const char *actual,
                const char *const *extra)
{
  g_autoptr(GString) s = g_string_new (template);

  g_string_replace (s, "{row_label}", label, 0);
  g_string_replace (s, "{col_label}", label, 0);
  g_string_replace (s, "{group_label}", label, 0);
  g_string_replace (s, "{cell_label}", label, 0);
  g_string_replace (s, "{expected}", expected != NULL ? expected : "", 0);
  g_string_replace (s, "{actual}", actual != NULL ? actual : "", 0);
  for (guint i = 0; extra != NULL && extra[i] != NULL && extra[i + 1] != NULL; i += 2)
    g_string_replace (s, extra[i], extra[i + 1], 0);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
add_diagnostic (Context              *ctx,
                const NbRule         *rule,
                const char           *section_id,
                GPtrArray            *cells,
                const char           *expected,
                const char           *actual,
                const char           *message)
{
  g_ptr_array_add (cells, NULL);
  g_ptr_array_add (ctx->out,
                   nb_diagnostic_new (rule->id, rule->severity, section_id,
                                      (const char * const *) cells->pdata,
                                      expected, actual, message));
}

static GPtrArray *
cell_ids (NbTemplate  *template,
          int          first,
          const guint *a,
          guint        n_a,
          const guint *b,
          guint        n_b)
{
  GPtrArray *ids = g_ptr_array_new ();

  if (first >= 0)
    g_ptr_array_add (ids, (gpointer) nb_template_get_cell (template, first)->id);
  for (guint i = 0; i < n_a; i++)
    g_ptr_array_add (ids, (gpointer) nb_template_get_cell (template, a[i])->id);
  for (guint i = 0; i < n_b; i++)
    g_ptr_array_add (ids, (gpointer) nb_template_get_cell (template, b[i])->id);
  return ids;
}

/* What a blank cell is called in a rule's message: the messages quote the
 * form and are Chinese whatever the UI language. */
#define BLANK_VALUE "未填写"

static void
report_overflow (Context              *ctx,
                 const NbRule         *rule,
                 const NbRuleInstance *inst)
{
  g_autoptr(GPtrArray) ids = cell_ids (ctx->template, inst->target, inst->left, inst->n_left,
                                       inst->right, inst->n_right);
  /* Stays Chinese like the template's own messages: it is about the report. */
  g_autofree char *message = g_strdup_printf ("%s：数值之和超出可计算的范围，请检查是否误输入了过大的数",
                                              inst->label);

  add_diagnostic (ctx, rule, inst->section_id, ids, NULL, NULL, message);
}

static void
eval_sum (Context              *ctx,
          const NbRule         *rule,
          const NbRuleInstance *inst)
{
  NbDecimal sum, total;
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GPtrArray) ids = NULL;

  if (!sum_cells (ctx, inst->left, inst->n_left, &sum))
    {
      report_overflow (ctx, rule, inst);
      return;
    }
  total = value_of (ctx, (guint) inst->target);
  if (nb_decimal_equal (&sum, &total))
    return;

  expected = nb_decimal_to_string (&sum);
  actual = is_blank (ctx, (guint) inst->target) ? g_strdup (BLANK_VALUE)
                                                                 : nb_decimal_to_string (&total);
  message = format_message (rule->message, inst->label, expected, actual, NULL);
  ids = cell_ids (ctx->template, inst->target, inst->left, inst->n_left, NULL, 0);
  add_diagnostic (ctx, rule, inst->section_id, ids, expected, actual, message);
}

static void
eval_balance (Context              *ctx,
              const NbRule         *rule,
              const NbRuleInstance *inst)
{
  NbDecimal left, right;
  int cmp;
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GPtrArray) ids = NULL;

  if (!sum_cells (ctx, inst->left, inst->n_left, &left) ||
      !sum_cells (ctx, inst->right, inst->n_right, &right))
    {
      report_overflow (ctx, rule, inst);
      return;
    }
  cmp = nb_decimal_compare (&left, &right);
  if (rule->kind == NB_RULE_BALANCE ? cmp == 0 : cmp <= 0)
    return;

  /* For "≤" the message reads: left {actual} exceeds right {expected}. */
  expected = nb_decimal_to_string (rule->kind == NB_RULE_BALANCE ? &left : &right);
  actual = nb_decimal_to_string (rule->kind == NB_RULE_BALANCE ? &right : &left);
  message = format_message (rule->message, inst->label, expected, actual, NULL);
  ids = cell_ids (ctx->template, -1, inst->left, inst->n_left, inst->right, inst->n_right);
  add_diagnostic (ctx, rule, inst->section_id, ids, expected, actual, message);
}

static void
eval_previous (Context              *ctx,
               const NbRule         *rule,
               const NbRuleInstance *inst)
{
  NbTemplate *prev_template;
  int prev_cell;
  NbDecimal prev, expected_value, actual_value, plus, minus;
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *previous = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  const char *extra[3];

  if (ctx->previous == NULL)
    return;
  prev_template = nb_report_get_template (ctx->previous);
  prev_cell = nb_template_lookup_cell (prev_template, inst->previous_id);
  /* Last year's form may lack the cell (2019 → 2021): nothing to compare. */
  if (prev_cell < 0 || !nb_report_get_value (ctx->previous, (guint) prev_cell, &prev))
    return;

  if (!sum_cells (ctx, inst->left, inst->n_left, &plus) ||
      !sum_cells (ctx, inst->right, inst->n_right, &minus) ||
      !nb_decimal_add (&prev, &plus, &expected_value) ||
      !nb_decimal_sub (&expected_value, &minus, &expected_value))
    {
      report_overflow (ctx, rule, inst);
      return;
    }
  actual_value = value_of (ctx, (guint) inst->target);
  if (nb_decimal_equal (&expected_value, &actual_value))
    return;

  expected = nb_decimal_to_string (&expected_value);
  actual = is_blank (ctx, (guint) inst->target) ? g_strdup (BLANK_VALUE)
                                                                 : nb_decimal_to_string (&actual_value);
  previous = nb_decimal_to_string (&prev);
  extra[0] = "{previous}";
  extra[1] = previous;
  extra[2] = NULL;
  message = format_message (rule->message, inst->label, expected, actual, extra);
  ids = cell_ids (ctx->template, inst->target, inst->left, inst->n_left, inst->right, inst->n_right);
  add_diagnostic (ctx, rule, inst->section_id, ids, expected, actual, message);
}

static void
eval_unusual (Context              *ctx,
              const NbRule         *rule,
              const NbRuleInstance *inst)
{
  NbDecimal any, zero_side;
  g_autofree char *actual = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GPtrArray) ids = NULL;

  if (!sum_cells (ctx, inst->left, inst->n_left, &any) ||
      !sum_cells (ctx, inst->right, inst->n_right, &zero_side))
    return;  /* an overflow here is already reported by the sum rules */
  if (nb_decimal_is_zero (&any) || !nb_decimal_is_zero (&zero_side))
    return;

  actual = nb_decimal_to_string (&any);
  message = format_message (rule->message, inst->label, NULL, actual, NULL);
  ids = cell_ids (ctx->template, -1, inst->left, inst->n_left, inst->right, inst->n_right);
  add_diagnostic (ctx, rule, nb_template_get_cell_section (ctx->template, inst->left[0]),
                  ids, NULL, actual, message);
}

static void
eval_blank (Context              *ctx,
            const NbRule         *rule,
            const NbRuleInstance *inst)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GString) cols = NULL;
  g_autofree char *count = NULL;
  g_autofree char *message = NULL;
  g_autofree char *last_group = NULL;
  const char *extra[5];
  guint i;

  /* Most rows have no blank: find out before allocating anything. */
  for (i = 0; i < inst->n_left && !is_blank (ctx, inst->left[i]); i++)
    ;
  if (i == inst->n_left)
    return;

  ids = g_ptr_array_new ();
  cols = g_string_new (NULL);
  for (i = 0; i < inst->n_left; i++)
    {
      const NbTemplateCell *c;
      g_autofree char *group = NULL;

      if (!is_blank (ctx, inst->left[i]))
        continue;
      c = nb_template_get_cell (ctx->template, inst->left[i]);
      g_ptr_array_add (ids, (gpointer) c->id);
      /* In 四 the columns repeat under each group (行政复议, 行政诉讼 /
       * 复议后起诉…): each run of one group is named once,
       * "行政复议：结果维持、总计；行政诉讼 / 复议后起诉：其他结果". */
      if (strchr (c->col_id, '.') != NULL && strlen (c->col_path) > strlen (c->col_label) + 3)
        group = g_strndup (c->col_path, strlen (c->col_path) - strlen (c->col_label) - 3);
      if (g_strcmp0 (group, last_group) != 0)
        {
          if (cols->len > 0)
            g_string_append (cols, "；");
          if (group != NULL)
            g_string_append_printf (cols, "%s：", group);
          g_free (last_group);
          last_group = g_steal_pointer (&group);
        }
      else if (cols->len > 0)
        g_string_append (cols, "、");
      g_string_append (cols, c->col_label);
    }
  if (ids->len == 0)
    return;

  count = g_strdup_printf ("%u", ids->len);
  extra[0] = "{count}";
  extra[1] = count;
  extra[2] = "{cols}";
  extra[3] = cols->str;
  extra[4] = NULL;
  message = format_message (rule->message, inst->label, NULL, NULL, extra);
  add_diagnostic (ctx, rule, inst->section_id, ids, NULL, NULL, message);
}

/* R5 is enforced where values enter (the cell input parser, the report's
 * setter and the file loader); this re-checks every stored value so that a
 * report built by other code can never pass with an impossible value. */
static void
eval_valid (Context      *ctx,
            const NbRule *rule)
{
  guint n = nb_template_get_n_cells (ctx->template);

  for (guint i = 0; i < n; i++)
    {
      const NbTemplateCell *c = nb_template_get_cell (ctx->template, i);
      NbDecimal v;
      const char *reason = NULL;
      g_autofree char *label = NULL;
      g_autofree char *actual = NULL;
      g_autofree char *message = NULL;
      g_autoptr(GPtrArray) ids = NULL;
      const char *extra[3];

      if (is_blank (ctx, i))
        continue;
      v = value_of (ctx, i);
      if (c->kind != NB_CELL_KIND_SIGNED && v.units < 0)
        reason = "不能为负数";
      else if (c->kind != NB_CELL_KIND_AMOUNT && v.scale > 0)
        reason = "应为整数";
      if (reason == NULL)
        continue;

      label = nb_template_get_label_path (ctx->template, i);
      actual = nb_decimal_to_string (&v);
      extra[0] = "{reason}";
      extra[1] = reason;
      extra[2] = NULL;
      message = format_message (rule->message, label, NULL, actual, extra);
      ids = cell_ids (ctx->template, (int) i, NULL, 0, NULL, 0);
      add_diagnostic (ctx, rule, nb_template_get_cell_section (ctx->template, i), ids, NULL,
                      actual, message);
    }
}

/* M1, M2: the title needs the agency and the year, the signature the
 * agency. The diagnostic has no section (it is 基本信息's) and names the
 * field as meta.KEY. */
static void
eval_meta (Context      *ctx,
           const NbRule *rule)
{
  const char *text = nb_report_get_meta (ctx->report, rule->meta_field);
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autofree char *reason = NULL;
  g_autofree char *id = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  const char *extra[3];

  if (*trimmed == '\0')
    reason = g_strdup (BLANK_VALUE);
  else if (rule->meta_field == NB_META_YEAR && nb_report_get_year (ctx->report) == 0)
    reason = g_strdup_printf ("“%s”不是年份", text);
  else
    return;

  id = g_strconcat ("meta.", nb_report_meta_field_key (rule->meta_field), NULL);
  g_ptr_array_add (ids, id);
  extra[0] = "{reason}";
  extra[1] = reason;
  extra[2] = NULL;
  message = format_message (rule->message, "", NULL, trimmed, extra);
  add_diagnostic (ctx, rule, NULL, ids, NULL, *trimmed != '\0' ? trimmed : NULL, message);
}

/* F1: a report uses the form of its year (the 2019 trial form for 2019
 * and 2020, the 2021 form after): evaluators mark an outdated layout. */
static void
eval_form (Context      *ctx,
           const NbRule *rule)
{
  int year = nb_report_get_year (ctx->report);
  g_autoptr(NbTemplate) expected = NULL;
  g_autofree char *year_text = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  const char *extra[7];

  if (year == 0 || nb_template_is_for_year (ctx->template, year) ||
      (expected = nb_template_load (nb_template_id_for_year (year), NULL)) == NULL ||
      expected == ctx->template)
    return;

  year_text = g_strdup_printf ("%d", year);
  extra[0] = "{year}";
  extra[1] = year_text;
  extra[2] = "{form}";
  extra[3] = nb_template_get_name (expected);
  extra[4] = "{current}";
  extra[5] = nb_template_get_name (ctx->template);
  extra[6] = NULL;
  message = format_message (rule->message, "", NULL, NULL, extra);
  ids = g_ptr_array_new ();
  g_ptr_array_add (ids, (gpointer) "meta.year");
  add_diagnostic (ctx, rule, NULL, ids, NULL, NULL, message);
}

/* P1: the sections every report must write (总体情况, 存在的主要问题,
 * 其他需要报告的事项): one with no body text is noted under its title.
 * Headings alone are none: new from last year's report keeps last year's
 * headings as a skeleton, and left so the PDF would print an empty 一. */
static void
eval_written (Context      *ctx,
              const NbRule *rule)
{
  for (guint s = 0; rule->sections[s] != NULL; s++)
    {
      guint n_blocks = nb_report_get_n_blocks (ctx->report, rule->sections[s]);
      gboolean written = FALSE;
      int index;
      const char *title;
      g_autofree char *message = NULL;
      g_autoptr(GPtrArray) ids = NULL;
      const char *extra[3];

      for (guint b = 0; b < n_blocks && !written; b++)
        {
          const NbBlock *block = nb_report_get_block (ctx->report, rule->sections[s], b);
          g_autofree char *text = g_strstrip (g_strdup (block->text));

          written = block->level == 0 && *text != '\0';
        }
      if (written)
        continue;
      index = nb_template_lookup_section (ctx->template, rule->sections[s]);
      title = index >= 0 ? nb_template_get_section (ctx->template, (guint) index)->title : NULL;
      extra[0] = "{section}";
      extra[1] = title != NULL ? title : rule->sections[s];
      extra[2] = NULL;
      message = format_message (rule->message, "", NULL, NULL, extra);
      ids = g_ptr_array_new ();
      add_diagnostic (ctx, rule, rule->sections[s], ids, NULL, NULL, message);
    }
}

static gboolean
parse_quoted_number (const char *digits,
                     NbDecimal  *out)
{
  g_autoptr(GString) ascii = g_string_new (NULL);

  for (const char *p = digits; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c >= 0xFF10 && c <= 0xFF19)
        c = '0' + (c - 0xFF10);
      if (c < '0' || c > '9')
        return FALSE;
      g_string_append_c (ascii, (char) c);
    }
  return nb_decimal_parse (ascii->str, out, NULL);
}

static void
scan_prose (NbReport     *report,
            const NbRule *rule,
            GPtrArray    *matches)
{
  for (guint s = 0; rule->sections[s] != NULL; s++)
    {
      guint n_blocks = nb_report_get_n_blocks (report, rule->sections[s]);

      for (guint b = 0; b < n_blocks; b++)
        {
          const NbBlock *block = nb_report_get_block (report, rule->sections[s], b);

          for (guint p = 0; p < rule->n_patterns; p++)
            {
              g_autoptr(GMatchInfo) info = NULL;

              g_regex_match (rule->patterns[p].regex, block->text, 0, &info);
              while (g_match_info_matches (info))
                {
                  g_autofree char *digits = g_match_info_fetch (info, 1);
                  ProseMatch *m;
                  NbDecimal quoted;

                  if (digits != NULL && parse_quoted_number (digits, &quoted))
                    {
                      m = g_new0 (ProseMatch, 1);
                      m->rule = rule;
                      m->pattern = p;
                      m->quoted = quoted;
                      m->quote = g_match_info_fetch (info, 0);
                      m->section_id = g_strdup (rule->sections[s]);
                      g_ptr_array_add (matches, m);
                    }
                  g_match_info_next (info, NULL);
                }
            }
        }
    }
}

static void
eval_prose_matches (Context      *ctx,
                    const NbRule *rule,
                    GPtrArray    *matches)
{
  for (guint i = 0; i < matches->len; i++)
    {
      ProseMatch *m = g_ptr_array_index (matches, i);
      const NbProsePattern *pat;
      NbDecimal table_value;
      g_autofree char *expected = NULL;
      g_autofree char *actual = NULL;
      g_autofree char *message = NULL;
      g_autoptr(GPtrArray) ids = NULL;
      const char *extra[3];

      if (m->rule != rule)
        continue;
      pat = &rule->patterns[m->pattern];
      if (!sum_cells (ctx, pat->cells, pat->n_cells, &table_value) ||
          nb_decimal_equal (&table_value, &m->quoted))
        continue;

      expected = nb_decimal_to_string (&table_value);
      actual = nb_decimal_to_string (&m->quoted);
      extra[0] = "{quote}";
      extra[1] = m->quote;
      extra[2] = NULL;
      message = format_message (rule->message, "", expected, actual, extra);
      ids = cell_ids (ctx->template, -1, pat->cells, pat->n_cells, NULL, 0);
      add_diagnostic (ctx, rule, m->section_id, ids, expected, actual, message);
    }
}

static void
evaluate (Context *ctx)
{
  guint n_rules = _nb_template_get_n_rules (ctx->template);
  guint n_cells = nb_template_get_n_cells (ctx->template);
  g_autofree NbDecimal *values = g_new (NbDecimal, n_cells);
  g_autofree gboolean *blank = g_new (gboolean, n_cells);

  for (guint i = 0; i < n_cells; i++)
    blank[i] = !nb_report_get_value (ctx->report, i, &values[i]);
  ctx->values = values;
  ctx->blank = blank;

  for (guint r = 0; r < n_rules; r++)
    {
      const NbRule *rule = _nb_template_get_rule (ctx->template, r);

      switch (rule->kind)
        {
        case NB_RULE_SUM:
          for (guint i = 0; i < rule->n_instances; i++)
            eval_sum (ctx, rule, &rule->instances[i]);
          break;
        case NB_RULE_BALANCE:
        case NB_RULE_LE:
          for (guint i = 0; i < rule->n_instances; i++)
            eval_balance (ctx, rule, &rule->instances[i]);
          break;
        case NB_RULE_PREVIOUS:
          for (guint i = 0; i < rule->n_instances; i++)
            eval_previous (ctx, rule, &rule->instances[i]);
          break;
        case NB_RULE_UNUSUAL:
          for (guint i = 0; i < rule->n_instances; i++)
            eval_unusual (ctx, rule, &rule->instances[i]);
          break;
        case NB_RULE_BLANK:
          for (guint i = 0; i < rule->n_instances; i++)
            eval_blank (ctx, rule, &rule->instances[i]);
          break;
        case NB_RULE_VALID:
          eval_valid (ctx, rule);
          break;
        case NB_RULE_META:
          eval_meta (ctx, rule);
          break;
        case NB_RULE_WRITTEN:
          eval_written (ctx, rule);
          break;
        case NB_RULE_FORM:
          eval_form (ctx, rule);
          break;
        case NB_RULE_PROSE:
          if (ctx->prose != NULL)
            eval_prose_matches (ctx, rule, ctx->prose);
          else
            {
              g_autoptr(GPtrArray) matches =
                g_ptr_array_new_with_free_func ((GDestroyNotify) prose_match_free);
              scan_prose (ctx->report, rule, matches);
              eval_prose_matches (ctx, rule, matches);
            }
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

GPtrArray *
nb_rules_check (NbReport *report,
                NbReport *previous)
{
  Context ctx = { 0 };

  g_return_val_if_fail (NB_IS_REPORT (report), NULL);
  g_return_val_if_fail (previous == NULL || NB_IS_REPORT (previous), NULL);

  ctx.report = report;
  ctx.previous = previous;
  ctx.template = nb_report_get_template (report);
  ctx.out = g_ptr_array_new_with_free_func (g_object_unref);
  evaluate (&ctx);
  return ctx.out;
}

/* ---- NbRules: the live list ---- */

struct _NbRules
{
  GObject     parent_instance;

  NbReport   *report;
  NbReport   *previous;
  GPtrArray  *items;         /* NbDiagnostic* */
  GPtrArray  *prose;         /* ProseMatch*, NULL when stale */
  int        *cell_severity; /* per cell, -1 none */
  guint       n_errors;
  guint       n_warnings;
  gulong      changed_id;
  gulong      edited_id;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (NbRules, nb_rules, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_REPORT,
  PROP_PREVIOUS,
  PROP_N_ERRORS,
  PROP_N_WARNINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
nb_rules_get_item_type (GListModel *model)
{
  return NB_TYPE_DIAGNOSTIC;
}

static guint
nb_rules_get_n_items (GListModel *model)
{
  return NB_RULES (model)->items->len;
}

static gpointer
nb_rules_get_item (GListModel *model,
                   guint       position)
{
  NbRules *self = NB_RULES (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = nb_rules_get_item_type;
  iface->get_n_items = nb_rules_get_n_items;
  iface->get_item = nb_rules_get_item;
}

static void
report_changed_cb (NbRules      *self,
                   NbChangeKind  kind,
                   const char   *detail,
                   NbReport     *report)
{
  if (kind == NB_CHANGE_SECTION || kind == NB_CHANGE_ALL)
    g_clear_pointer (&self->prose, g_ptr_array_unref);
}

static void
report_edited_cb (NbRules  *self,
                  NbReport *report)
{
  nb_rules_update (self);
}

static void
nb_rules_dispose (GObject *object)
{
  NbRules *self = NB_RULES (object);

  g_clear_signal_handler (&self->changed_id, self->report);
  g_clear_signal_handler (&self->edited_id, self->report);
  g_clear_object (&self->report);
  g_clear_object (&self->previous);

  G_OBJECT_CLASS (nb_rules_parent_class)->dispose (object);
}

static void
nb_rules_finalize (GObject *object)
{
  NbRules *self = NB_RULES (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->prose, g_ptr_array_unref);
  g_free (self->cell_severity);

  G_OBJECT_CLASS (nb_rules_parent_class)->finalize (object);
}

static void
nb_rules_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  NbRules *self = NB_RULES (object);

  switch (prop_id)
    {
    case PROP_REPORT:
      g_value_set_object (value, self->report);
      break;
    case PROP_PREVIOUS:
      g_value_set_object (value, self->previous);
      break;
    case PROP_N_ERRORS:
      g_value_set_uint (value, self->n_errors);
      break;
    case PROP_N_WARNINGS:
      g_value_set_uint (value, self->n_warnings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nb_rules_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  NbRules *self = NB_RULES (object);

  switch (prop_id)
    {
    case PROP_REPORT:
      self->report = g_value_dup_object (value);
      break;
    case PROP_PREVIOUS:
      nb_rules_set_previous (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nb_rules_constructed (GObject *object)
{
  NbRules *self = NB_RULES (object);

  G_OBJECT_CLASS (nb_rules_parent_class)->constructed (object);

  g_assert (NB_IS_REPORT (self->report));
  self->cell_severity = g_new (int, nb_template_get_n_cells (nb_report_get_template (self->report)));
  /* Fix from the window work (issue 3): nb_rules_update () returns early
   * when the first evaluation finds nothing, so without this every cell of a
   * clean report read as an error (0 = NB_SEVERITY_ERROR). */
  for (guint i = 0; i < nb_template_get_n_cells (nb_report_get_template (self->report)); i++)
    self->cell_severity[i] = -1;
  self->changed_id = g_signal_connect_object (self->report, "changed",
                                              G_CALLBACK (report_changed_cb), self,
                                              G_CONNECT_SWAPPED);
  self->edited_id = g_signal_connect_object (self->report, "edited",
                                             G_CALLBACK (report_edited_cb), self,
                                             G_CONNECT_SWAPPED);
  nb_rules_update (self);
}

static void
nb_rules_class_init (NbRulesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = nb_rules_constructed;
  object_class->dispose = nb_rules_dispose;
  object_class->finalize = nb_rules_finalize;
  object_class->get_property = nb_rules_get_property;
  object_class->set_property = nb_rules_set_property;

  properties[PROP_REPORT] =
    g_param_spec_object ("report", NULL, NULL, NB_TYPE_REPORT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREVIOUS] =
    g_param_spec_object ("previous", NULL, NULL, NB_TYPE_REPORT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ERRORS] =
    g_param_spec_uint ("n-errors", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_WARNINGS] =
    g_param_spec_uint ("n-warnings", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
nb_rules_init (NbRules *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * nb_rules_new:
 *
 * Returns: (transfer full): the live diagnostics of @report
 */
NbRules *
nb_rules_new (NbReport *report)
{
  g_return_val_if_fail (NB_IS_REPORT (report), NULL);
  return g_object_new (NB_TYPE_RULES, "report", report, NULL);
}

NbReport *
nb_rules_get_report (NbRules *self)
{
  g_return_val_if_fail (NB_IS_RULES (self), NULL);
  return self->report;
}

NbReport *
nb_rules_get_previous (NbRules *self)
{
  g_return_val_if_fail (NB_IS_RULES (self), NULL);
  return self->previous;
}

void
nb_rules_set_previous (NbRules  *self,
                       NbReport *previous)
{
  g_return_if_fail (NB_IS_RULES (self));
  g_return_if_fail (previous == NULL || NB_IS_REPORT (previous));

  if (g_set_object (&self->previous, previous))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIOUS]);
      if (self->report != NULL)
        nb_rules_update (self);
    }
}

static gboolean
same_items (GPtrArray *a,
            GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!nb_diagnostic_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

/**
 * nb_rules_update:
 *
 * Re-runs every rule now. Called on every change of the report; emits
 * items-changed only when the list differs.
 */
void
nb_rules_update (NbRules *self)
{
  Context ctx = { 0 };
  NbTemplate *template;
  guint n_cells, old_len;
  guint n_errors = 0, n_warnings = 0;
  g_autoptr(GPtrArray) old = NULL;

  g_return_if_fail (NB_IS_RULES (self));

  template = nb_report_get_template (self->report);
  if (self->prose == NULL)
    {
      guint n_rules = _nb_template_get_n_rules (template);

      self->prose = g_ptr_array_new_with_free_func ((GDestroyNotify) prose_match_free);
      for (guint r = 0; r < n_rules; r++)
        {
          const NbRule *rule = _nb_template_get_rule (template, r);
          if (rule->kind == NB_RULE_PROSE)
            scan_prose (self->report, rule, self->prose);
        }
    }

  ctx.report = self->report;
  ctx.previous = self->previous;
  ctx.template = template;
  ctx.prose = self->prose;
  ctx.out = g_ptr_array_new_with_free_func (g_object_unref);
  evaluate (&ctx);

  if (same_items (self->items, ctx.out))
    {
      g_ptr_array_unref (ctx.out);
      return;
    }

  old = g_steal_pointer (&self->items);
  old_len = old->len;
  self->items = ctx.out;

  n_cells = nb_template_get_n_cells (template);
  for (guint i = 0; i < n_cells; i++)
    self->cell_severity[i] = -1;
  for (guint i = 0; i < self->items->len; i++)
    {
      NbDiagnostic *d = g_ptr_array_index (self->items, i);
      NbSeverity severity = nb_diagnostic_get_severity (d);
      const char * const *cells = nb_diagnostic_get_cells (d);

      if (severity == NB_SEVERITY_ERROR)
        n_errors++;
      else if (severity == NB_SEVERITY_WARNING)
        n_warnings++;
      for (guint c = 0; cells[c] != NULL; c++)
        {
          int index = nb_template_lookup_cell (template, cells[c]);
          if (index >= 0 && (self->cell_severity[index] < 0 ||
                             (int) severity < self->cell_severity[index]))
            self->cell_severity[index] = (int) severity;
        }
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (n_errors != self->n_errors)
    {
      self->n_errors = n_errors;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ERRORS]);
    }
  if (n_warnings != self->n_warnings)
    {
      self->n_warnings = n_warnings;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WARNINGS]);
    }
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->items->len);
  g_object_thaw_notify (G_OBJECT (self));
}

guint
nb_rules_get_n_errors (NbRules *self)
{
  g_return_val_if_fail (NB_IS_RULES (self), 0);
  return self->n_errors;
}

guint
nb_rules_get_n_warnings (NbRules *self)
{
  g_return_val_if_fail (NB_IS_RULES (self), 0);
  return self->n_warnings;
}

void
nb_rules_count_for_section (NbRules    *self,
                            const char *section_id,
                            guint      *n_errors,
                            guint      *n_warnings)
{
  guint errors = 0, warnings = 0;

  g_return_if_fail (NB_IS_RULES (self));

  for (guint i = 0; i < self->items->len; i++)
    {
      NbDiagnostic *d = g_ptr_array_index (self->items, i);
      if (g_strcmp0 (nb_diagnostic_get_section_id (d), section_id) != 0)
        continue;
      if (nb_diagnostic_get_severity (d) == NB_SEVERITY_ERROR)
        errors++;
      else if (nb_diagnostic_get_severity (d) == NB_SEVERITY_WARNING)
        warnings++;
    }
  if (n_errors != NULL)
    *n_errors = errors;
  if (n_warnings != NULL)
    *n_warnings = warnings;
}

int
nb_rules_get_cell_severity (NbRules *self,
                            guint    cell)
{
  g_return_val_if_fail (NB_IS_RULES (self), -1);
  g_return_val_if_fail (cell < nb_template_get_n_cells (nb_report_get_template (self->report)), -1);
  return self->cell_severity[cell];
}

char *
nb_rules_get_cell_messages (NbRules *self,
                            guint    cell)
{
  const char *id;
  g_autoptr(GString) s = NULL;

  g_return_val_if_fail (NB_IS_RULES (self), NULL);

  if (self->cell_severity[cell] < 0)
    return NULL;
  id = nb_template_get_cell (nb_report_get_template (self->report), cell)->id;
  s = g_string_new (NULL);
  for (guint i = 0; i < self->items->len; i++)
    {
      NbDiagnostic *d = g_ptr_array_index (self->items, i);
      if (!g_strv_contains (nb_diagnostic_get_cells (d), id))
        continue;
      if (s->len > 0)
        g_string_append_c (s, '\n');
      g_string_append (s, nb_diagnostic_get_message (d));
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}
