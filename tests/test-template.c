/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "nb-template.h"

/* Transcribed from FORMAT.md: the cell ids are part of the file format. */
static const char *request_rows[] = {
  "new", "carried", "result.disclosed", "result.partial",
  "result.withheld.state_secret", "result.withheld.prohibited", "result.withheld.security",
  "result.withheld.third_party", "result.withheld.internal", "result.withheld.process",
  "result.withheld.enforcement", "result.withheld.inquiry",
  "result.unavailable.not_held", "result.unavailable.needs_creation", "result.unavailable.unclear",
  "result.rejected.petition", "result.rejected.duplicate", "result.rejected.publication",
  "result.rejected.excessive", "result.rejected.confirmation",
  "result.other.no_correction", "result.other.no_fee", "result.other.other",
  "result.total", "carried_next",
};

static const char *request_labels[] = {
  "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量",
  "（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
  "1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
  "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
  "7.属于行政执法案卷", "8.属于行政查询事项",
  "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确",
  "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
  "5.要求行政机关确认或重新出具已获取信息",
  "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
  "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
  "3.其他", "（七）总计", "四、结转下年度继续办理",
};

static const char *request_cols[] = { "natural", "commercial", "research", "nonprofit", "legal", "other", "total" };
static const char *request_col_labels[] = { "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计" };

static const struct { const char *id; const char *row_label; const char *col_label; const char *kind; } proactive[] = {
  { "proactive.regulation.issued", "规章", "本年制发件数", "count" },
  { "proactive.regulation.repealed", "规章", "本年废止件数", "count" },
  { "proactive.regulation.in_force", "规章", "现行有效件数", "count" },
  { "proactive.normative.issued", "行政规范性文件", "本年制发件数", "count" },
  { "proactive.normative.repealed", "行政规范性文件", "本年废止件数", "count" },
  { "proactive.normative.in_force", "行政规范性文件", "现行有效件数", "count" },
  { "proactive.license.decisions", "行政许可", "本年处理决定数量", "count" },
  { "proactive.penalty.decisions", "行政处罚", "本年处理决定数量", "count" },
  { "proactive.coercion.decisions", "行政强制", "本年处理决定数量", "count" },
  { "proactive.fee.amount", "行政事业性收费", "本年收费金额（单位：万元）", "amount" },
};

static const char *review_groups[] = { "reconsideration", "litigation_direct", "litigation_after" };
static const char *review_cols[] = { "upheld", "corrected", "other", "pending", "total" };
static const char *review_col_labels[] = { "结果维持", "结果纠正", "其他结果", "尚未审结", "总计" };

static const NbTemplateCell *
cell (NbTemplate *t,
      const char *id)
{
  int i = nb_template_lookup_cell (t, id);

  if (i < 0)
    g_error ("missing cell %s", id);
  return nb_template_get_cell (t, (guint) i);
}

static void
test_cells_2021 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NbTemplate) t = nb_template_load ("gov-disclosure-2021", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (nb_template_get_n_cells (t), ==, 200);

  for (guint i = 0; i < G_N_ELEMENTS (proactive); i++)
    {
      const NbTemplateCell *c = cell (t, proactive[i].id);
      g_assert_cmpstr (c->row_label, ==, proactive[i].row_label);
      g_assert_cmpstr (c->col_label, ==, proactive[i].col_label);
      g_assert_cmpint (c->kind, ==, g_str_equal (proactive[i].kind, "amount") ? NB_CELL_KIND_AMOUNT
                                                                               : NB_CELL_KIND_COUNT);
    }

  for (guint r = 0; r < G_N_ELEMENTS (request_rows); r++)
    for (guint c = 0; c < G_N_ELEMENTS (request_cols); c++)
      {
        g_autofree char *id = g_strdup_printf ("requests.%s.%s", request_rows[r], request_cols[c]);
        const NbTemplateCell *x = cell (t, id);
        g_assert_cmpstr (x->row_label, ==, request_labels[r]);
        g_assert_cmpstr (x->col_label, ==, request_col_labels[c]);
        g_assert_cmpint (x->kind, ==, NB_CELL_KIND_COUNT);
      }

  for (guint g = 0; g < G_N_ELEMENTS (review_groups); g++)
    for (guint c = 0; c < G_N_ELEMENTS (review_cols); c++)
      {
        g_autofree char *id = g_strdup_printf ("review.%s.%s", review_groups[g], review_cols[c]);
        g_assert_cmpstr (cell (t, id)->col_label, ==, review_col_labels[c]);
      }

  g_assert_cmpstr (nb_template_get_meta_label (t, NB_META_PHONE), ==, "联系电话");
  g_assert_cmpstr (nb_template_get_meta_label (t, NB_META_DATE), ==, "成文日期");
  g_assert_cmpstr (nb_template_get_draft_mark (t), ==, "草稿");
  g_assert_cmpstr (cell (t, "requests.result.withheld.state_secret.total")->row_path, ==,
                   "三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密");
  g_assert_cmpstr (cell (t, "requests.new.commercial")->col_path, ==,
                   "申请人情况 / 法人或其他组织 / 商业企业");
  g_assert_cmpstr (cell (t, "review.litigation_after.pending")->col_path, ==,
                   "行政诉讼 / 复议后起诉 / 尚未审结");
}

static void
test_sections (void)
{
  static const char *ids[] = { "preamble", "overview", "proactive", "requests", "review", "problems", "other" };
  static const char *titles[] = { NULL, "一、总体情况", "二、主动公开政府信息情况",
                                  "三、收到和处理政府信息公开申请情况",
                                  "四、政府信息公开行政复议、行政诉讼情况",
                                  "五、存在的主要问题及改进情况", "六、其他需要报告的事项" };
  g_autoptr(NbTemplate) t = nb_template_load ("gov-disclosure-2021", NULL);

  g_assert_cmpuint (nb_template_get_n_sections (t), ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      const NbTemplateSection *s = nb_template_get_section (t, i);
      g_assert_cmpstr (s->id, ==, ids[i]);
      g_assert_cmpstr (s->title, ==, titles[i]);
      g_assert_cmpint (s->table_id != NULL, ==, i >= 2 && i <= 4);
    }
}

static const NbTemplateGridCell *
find_grid (const NbTemplateTable *table,
           const char            *text)
{
  for (guint i = 0; i < table->n_grid_cells; i++)
    if (g_strcmp0 (table->grid_cells[i].text, text) == 0)
      return &table->grid_cells[i];
  g_error ("no grid cell “%s” in %s", text, table->id);
  return NULL;
}

/* The merged cells of the official tables, as FORMAT.md describes them. */
static void
test_layout (void)
{
  g_autoptr(NbTemplate) t = nb_template_load ("gov-disclosure-2021", NULL);
  const NbTemplateTable *req = nb_template_lookup_table (t, "requests");
  const NbTemplateTable *rev = nb_template_lookup_table (t, "review");
  const NbTemplateTable *pro = nb_template_lookup_table (t, "proactive");
  const NbTemplateGridCell *g;

  g_assert_cmpuint (req->n_cols, ==, 10);
  g_assert_cmpuint (req->n_label_cols, ==, 3);
  g_assert_cmpuint (req->n_rows, ==, 3 + 25);
  g = find_grid (req, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）");
  g_assert_cmpint (g->role, ==, NB_GRID_CORNER);
  g_assert_cmpuint (g->row_span, ==, 3);
  g_assert_cmpuint (g->col_span, ==, 3);
  g = find_grid (req, "申请人情况");
  g_assert_cmpuint (g->col_span, ==, 7);
  g = find_grid (req, "自然人");
  g_assert_cmpuint (g->row_span, ==, 2);
  g = find_grid (req, "法人或其他组织");
  g_assert_cmpuint (g->col_span, ==, 5);
  g = find_grid (req, "三、本年度办理结果");
  g_assert_cmpuint (g->row_span, ==, 22);
  g = find_grid (req, "（三）不予公开");
  g_assert_cmpuint (g->row_span, ==, 8);
  g = find_grid (req, "（一）予以公开");
  g_assert_cmpuint (g->col_span, ==, 2);
  g = find_grid (req, "一、本年新收政府信息公开申请数量");
  g_assert_cmpuint (g->col_span, ==, 3);
  g_assert_true (req->row_is_header[0] && req->row_is_header[2] && !req->row_is_header[3]);

  g_assert_cmpuint (rev->n_cols, ==, 15);
  g_assert_cmpuint (rev->n_label_cols, ==, 0);
  g = find_grid (rev, "行政复议");
  g_assert_cmpuint (g->col_span, ==, 5);
  g = find_grid (rev, "行政诉讼");
  g_assert_cmpuint (g->col_span, ==, 10);
  g = find_grid (rev, "未经复议直接起诉");
  g_assert_cmpuint (g->col_span, ==, 5);

  g_assert_cmpuint (pro->n_cols, ==, 4);
  g_assert_cmpuint (pro->n_blocks, ==, 4);
  g = find_grid (pro, "第二十条第（八）项");
  g_assert_cmpint (g->role, ==, NB_GRID_CAPTION);
  g_assert_cmpuint (g->col_span, ==, 4);
  g = find_grid (pro, "本年收费金额（单位：万元）");
  g_assert_cmpuint (g->col_span, ==, 3);
  /* The fee cell spans the three value columns. */
  g_assert_cmpuint (cell (t, "proactive.fee.amount")->grid_col_span, ==, 3);
}

static void
test_questions (void)
{
  g_autoptr(NbTemplate) t = nb_template_load ("gov-disclosure-2021", NULL);
  guint n = 0;
  g_autofree guint *row = nb_template_get_row_cells (t, "requests", "new", &n);
  const guint *parts;
  g_autofree char *path = NULL;
  guint n_totals = 0;
  const guint *order;
  int pos_leaf = -1, pos_grand = -1;

  g_assert_cmpuint (n, ==, 7);
  g_assert_cmpstr (nb_template_get_cell (t, row[0])->id, ==, "requests.new.natural");

  g_assert_true (cell (t, "requests.new.total")->is_total);
  parts = nb_template_get_total_parts (t, cell (t, "requests.new.total")->index, &n);
  g_assert_cmpuint (n, ==, 6);
  parts = nb_template_get_total_parts (t, cell (t, "requests.result.total.natural")->index, &n);
  g_assert_cmpuint (n, ==, 21);  /* the leaves of 三 other than （七）总计 */
  g_assert_true (cell (t, "review.reconsideration.total")->is_total);
  g_assert_false (cell (t, "requests.new.natural")->is_total);
  g_assert_null (nb_template_get_total_parts (t, cell (t, "requests.new.natural")->index, &n));
  (void) parts;

  /* The grand total comes after the column totals it sums. */
  order = nb_template_get_total_order (t, &n_totals);
  for (guint i = 0; i < n_totals; i++)
    {
      if (order[i] == cell (t, "requests.result.total.natural")->index)
        pos_leaf = (int) i;
      if (order[i] == cell (t, "requests.result.total.total")->index)
        pos_grand = (int) i;
    }
  g_assert_cmpint (pos_leaf, >=, 0);
  g_assert_cmpint (pos_grand, >, pos_leaf);

  path = nb_template_get_label_path (t, cell (t, "proactive.fee.amount")->index);
  g_assert_cmpstr (path, ==, "二、主动公开政府信息情况 / 第二十条第（八）项 / 行政事业性收费 / 本年收费金额（单位：万元）");
  g_assert_cmpstr (nb_template_get_cell_section (t, cell (t, "review.reconsideration.upheld")->index), ==, "review");
}

static void
test_2019 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NbTemplate) t = nb_template_load ("gov-disclosure-2019", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (nb_template_get_n_cells (t), ==, 22 + 23 * 7 + 15);
  g_assert_cmpstr (cell (t, "proactive.regulation.made")->col_label, ==, "本年新制作数量");
  g_assert_cmpstr (cell (t, "proactive.normative.public_total")->row_label, ==, "规范性文件");
  g_assert_cmpint (cell (t, "proactive.license.change")->kind, ==, NB_CELL_KIND_SIGNED);
  g_assert_cmpint (cell (t, "proactive.procurement.amount")->kind, ==, NB_CELL_KIND_AMOUNT);
  g_assert_cmpstr (cell (t, "requests.result.other.total")->row_label, ==, "（六）其他处理");
  g_assert_cmpint (nb_template_lookup_cell (t, "requests.result.other.no_fee.total"), ==, -1);
}

/* The members every template has, then its sections, tables and rules. */
#define HEAD \
  "{\"format\": \"nianbao-template\", \"version\": 1, \"id\": \"x\", \"name\": \"x\", \"report_title\": \"x\"," \
  " \"meta_labels\": {\"agency\": \"a\", \"year\": \"y\", \"phone\": \"p\", \"address\": \"d\"," \
  " \"postcode\": \"c\", \"signer\": \"s\", \"date\": \"t\"}, \"draft_mark\": \"d\","
#define TABLE(columns) \
  " \"sections\": [{\"id\": \"s\", \"kind\": \"table\", \"table\": \"t\"}]," \
  " \"tables\": [{\"id\": \"t\", \"blocks\": [{\"columns\": [" columns "]," \
  " \"rows\": [{\"id\": \"r\", \"label\": \"R\"}]}]}],"
#define COLUMN_A "{\"id\": \"a\", \"label\": \"A\"}"
#define COLUMNS_AB "{\"id\": \"a\", \"label\": \"A\"}, {\"id\": \"b\", \"label\": \"B\"}"

static void
test_invalid (void)
{
  /* Each bad template and the place its error names (the rule's id), so
   * that it is refused for its own flaw, not an earlier one. */
  static const struct {
    const char *json;
    const char *where;
  } bad[] = {
    { "", NULL },
    { "not json", NULL },
    { "[]", NULL },
    { "{\"format\": \"nianbao-template\", \"version\": 2}", NULL },
    /* No meta_labels. */
    { "{\"format\": \"nianbao-template\", \"version\": 1, \"id\": \"x\", \"name\": \"x\", \"report_title\": \"x\","
      " \"draft_mark\": \"d\"," TABLE (COLUMN_A) " \"rules\": []}", "meta_labels" },
    /* A section of a table that does not exist. */
    { HEAD " \"sections\": [{\"id\": \"s\", \"kind\": \"table\", \"table\": \"nope\"}], \"tables\": [],"
      " \"rules\": []}", "s" },
    /* A sum over a cell that does not exist. */
    { HEAD TABLE (COLUMN_A)
      " \"rules\": [{\"id\": \"R1\", \"severity\": \"error\", \"kind\": \"sum\", \"table\": \"t\","
      " \"total\": \"r.a\", \"parts\": [\"r.nope\"], \"message\": \"m\"}]}", "R1" },
    /* Two computed totals that compute each other. */
    { HEAD TABLE (COLUMNS_AB)
      " \"rules\": [{\"id\": \"C1\", \"severity\": \"error\", \"kind\": \"sum\", \"table\": \"t\", \"auto\": true,"
      " \"total\": \"r.a\", \"parts\": [\"r.b\"], \"message\": \"m\"},"
      " {\"id\": \"C2\", \"severity\": \"error\", \"kind\": \"sum\", \"table\": \"t\", \"auto\": true,"
      " \"total\": \"r.b\", \"parts\": [\"r.a\"], \"message\": \"m\"}]}", "t.r.a" },
    /* A 基本信息 rule about no field, or one that does not exist. */
    { HEAD TABLE (COLUMN_A)
      " \"rules\": [{\"id\": \"M1\", \"severity\": \"warning\", \"kind\": \"meta\", \"message\": \"m\"}]}", "M1" },
    { HEAD TABLE (COLUMN_A)
      " \"rules\": [{\"id\": \"M1\", \"severity\": \"warning\", \"kind\": \"meta\", \"field\": \"mayor\","
      " \"message\": \"m\"}]}", "M1" },
  };
  static const char *good[] = {
    HEAD TABLE (COLUMN_A) " \"rules\": []}",
    HEAD TABLE (COLUMNS_AB)
    " \"rules\": [{\"id\": \"R1\", \"severity\": \"error\", \"kind\": \"sum\", \"table\": \"t\","
    " \"total\": \"r.a\", \"parts\": [\"r.b\"], \"message\": \"m\"},"
    " {\"id\": \"M1\", \"severity\": \"warning\", \"kind\": \"meta\", \"field\": \"agency\", \"message\": \"m\"}]}",
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(NbTemplate) t = nb_template_new_from_data (good[i], -1, &error);

      g_assert_no_error (error);
      g_assert_nonnull (t);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(NbTemplate) t = NULL;
      g_autofree char *at = NULL;

      g_clear_error (&error);
      t = nb_template_new_from_data (bad[i].json, -1, &error);
      g_assert_null (t);
      g_assert_error (error, NB_TEMPLATE_ERROR, NB_TEMPLATE_ERROR_INVALID);
      g_test_message ("%s", error->message);
      if (bad[i].where != NULL)
        {
          at = g_strdup_printf (" at %s", bad[i].where);
          g_assert_nonnull (strstr (error->message, at));
        }
    }

  g_clear_error (&error);
  g_assert_null (nb_template_load ("gov-disclosure-2035", &error));
  g_assert_error (error, NB_TEMPLATE_ERROR, NB_TEMPLATE_ERROR_NOT_FOUND);
}

static void
test_new_destroy (void)
{
  g_autoptr(GBytes) bytes = NULL;
  NbTemplate *t;

  bytes = g_resources_lookup_data ("/io/github/nianbao/Nianbao/templates/gov-disclosure-2021.json", 0, NULL);
  if (bytes == NULL)
    {
      /* Registered lazily by nb_template_load (). */
      g_autoptr(NbTemplate) any = nb_template_load ("gov-disclosure-2021", NULL);
      bytes = g_resources_lookup_data ("/io/github/nianbao/Nianbao/templates/gov-disclosure-2021.json", 0, NULL);
    }
  t = nb_template_new_from_data (g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), NULL);
  g_assert_nonnull (t);
  g_assert_finalize_object (t);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/template/cells-2021", test_cells_2021);
  g_test_add_func ("/template/sections", test_sections);
  g_test_add_func ("/template/layout", test_layout);
  g_test_add_func ("/template/questions", test_questions);
  g_test_add_func ("/template/2019", test_2019);
  g_test_add_func ("/template/invalid", test_invalid);
  g_test_add_func ("/template/new-destroy", test_new_destroy);
  return g_test_run ();
}
