/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "nb-report.h"

typedef struct
{
  guint n_changed;
  guint n_modified;
  guint n_can_undo;
  GPtrArray *details;
} Counter;

static void
changed_cb (NbReport     *report,
            NbChangeKind  kind,
            const char   *detail,
            Counter      *c)
{
  c->n_changed++;
  g_ptr_array_add (c->details, g_strdup (detail));
}

static void
notify_cb (NbReport   *report,
           GParamSpec *pspec,
           Counter    *c)
{
  if (g_str_equal (pspec->name, "modified"))
    c->n_modified++;
  else if (g_str_equal (pspec->name, "can-undo"))
    c->n_can_undo++;
}

static NbReport *
new_report (void)
{
  g_autoptr(NbTemplate) t = nb_template_load ("gov-disclosure-2021", NULL);
  return nb_report_new (t);
}

static guint
id (NbReport   *r,
    const char *cell_id)
{
  int i = nb_template_lookup_cell (nb_report_get_template (r), cell_id);
  g_assert_cmpint (i, >=, 0);
  return (guint) i;
}

static char *
value (NbReport   *r,
       const char *cell_id)
{
  return nb_report_format_value (r, id (r, cell_id));
}

static void
set (NbReport   *r,
     const char *cell_id,
     gint64      v)
{
  NbDecimal d = nb_decimal_from_int (v);
  g_autoptr(GError) error = NULL;

  g_assert_true (nb_report_set_value_by_id (r, cell_id, &d, &error));
  g_assert_no_error (error);
}

#define assert_value(r, cell, expected) \
  G_STMT_START { g_autofree char *v_ = value (r, cell); g_assert_cmpstr (v_, ==, expected); } G_STMT_END

static void
test_new_destroy (void)
{
  NbReport *r = new_report ();

  g_assert_true (nb_report_get_auto_totals (r));
  g_assert_false (nb_report_get_modified (r));
  g_assert_true (nb_report_is_blank (r, 0));
  g_assert_cmpstr (nb_report_get_meta (r, NB_META_AGENCY), ==, "");
  g_assert_cmpuint (nb_report_get_n_blocks (r, "overview"), ==, 0);
  g_assert_finalize_object (r);
}

static void
test_auto_totals_and_undo (void)
{
  g_autoptr(NbReport) r = new_report ();
  Counter c = { 0, 0, 0, g_ptr_array_new_with_free_func (g_free) };

  g_signal_connect (r, "changed", G_CALLBACK (changed_cb), &c);
  g_signal_connect (r, "notify", G_CALLBACK (notify_cb), &c);

  set (r, "requests.new.natural", 3);
  assert_value (r, "requests.new.natural", "3");
  assert_value (r, "requests.new.total", "3");
  /* Totals whose parts are all blank stay blank. */
  assert_value (r, "requests.carried.total", "");
  g_assert_true (nb_report_get_modified (r));
  g_assert_cmpuint (c.n_modified, ==, 1);
  g_assert_cmpuint (c.n_can_undo, ==, 1);
  /* One signal per changed value: the cell and its total. */
  g_assert_cmpuint (c.n_changed, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (c.details, 0), ==, "requests.new.natural");
  g_assert_cmpstr (g_ptr_array_index (c.details, 1), ==, "requests.new.total");

  set (r, "requests.result.withheld.security.legal", 2);
  assert_value (r, "requests.result.withheld.security.total", "2");
  assert_value (r, "requests.result.total.legal", "2");
  assert_value (r, "requests.result.total.total", "2");

  /* One undo step takes back the cell and every total it moved. */
  g_assert_true (nb_report_undo (r));
  assert_value (r, "requests.result.withheld.security.legal", "");
  assert_value (r, "requests.result.total.total", "");
  assert_value (r, "requests.new.total", "3");
  g_assert_true (nb_report_undo (r));
  assert_value (r, "requests.new.total", "");
  g_assert_false (nb_report_get_modified (r));
  g_assert_false (nb_report_can_undo (r));
  g_assert_true (nb_report_redo (r));
  assert_value (r, "requests.new.total", "3");
  g_assert_true (nb_report_get_modified (r));

  /* A new edit clears redo. */
  g_assert_true (nb_report_can_redo (r));
  set (r, "review.reconsideration.upheld", 1);
  g_assert_false (nb_report_can_redo (r));
  assert_value (r, "review.reconsideration.total", "1");

  g_ptr_array_unref (c.details);
}

static void
test_manual_totals (void)
{
  g_autoptr(NbReport) r = new_report ();

  nb_report_set_auto_totals (r, FALSE);
  set (r, "requests.new.natural", 3);
  assert_value (r, "requests.new.total", "");
  set (r, "requests.new.total", 5);
  assert_value (r, "requests.new.total", "5");

  /* What turning auto totals on would replace is counted beforehand (the
   * window asks first), without changing anything: the wrong typed total
   * counts one more than the right one. */
  g_assert_cmpuint (nb_report_count_changed_totals (r), >=, 1);
  assert_value (r, "requests.new.total", "5");
  set (r, "requests.new.total", 3);
  {
    guint with_right_total = nb_report_count_changed_totals (r);

    set (r, "requests.new.total", 5);
    g_assert_cmpuint (nb_report_count_changed_totals (r), ==, with_right_total + 1);
  }

  /* Turning auto totals on recomputes, undoably. */
  nb_report_set_auto_totals (r, TRUE);
  g_assert_cmpuint (nb_report_count_changed_totals (r), ==, 0);
  assert_value (r, "requests.new.total", "3");
  g_assert_true (nb_report_undo (r));
  g_assert_false (nb_report_get_auto_totals (r));
  assert_value (r, "requests.new.total", "5");
}

static void
test_saved_point (void)
{
  g_autoptr(NbReport) r = new_report ();

  set (r, "proactive.regulation.issued", 1);
  nb_report_set_saved (r);
  g_assert_false (nb_report_get_modified (r));
  set (r, "proactive.regulation.issued", 2);
  g_assert_true (nb_report_get_modified (r));
  nb_report_undo (r);
  g_assert_false (nb_report_get_modified (r));
  nb_report_undo (r);
  g_assert_true (nb_report_get_modified (r));
}

/* Edits that do not merge into one step: two cells in turn. */
static void
edit_in_turn (NbReport *r,
              guint     n,
              gint64    first)
{
  for (guint i = 0; i < n; i++)
    set (r, i % 2 == 0 ? "proactive.regulation.issued" : "requests.new.natural", first + i);
}

static guint
undo_all (NbReport *r)
{
  guint n = 0;

  while (nb_report_undo (r))
    n++;
  return n;
}

/* Past the undo limit the oldest steps are dropped; the saved point must
 * follow, or undoing everything would read as "unmodified" on a document
 * that differs from its file (and closing would not ask). */
static void
test_undo_limit (void)
{
  g_autoptr(NbReport) fresh = new_report ();
  g_autoptr(NbReport) saved = new_report ();

  /* Saved blank, then more edits than the limit: blank is out of reach. */
  edit_in_turn (fresh, 1005, 1);
  g_assert_cmpuint (undo_all (fresh), ==, 1000);
  g_assert_false (nb_report_is_blank (fresh, id (fresh, "proactive.regulation.issued")));
  g_assert_true (nb_report_get_modified (fresh));

  /* Saved after 10 edits, whose step is then dropped: undoing everything
   * comes back to exactly what was saved. */
  edit_in_turn (saved, 10, 1);
  nb_report_set_saved (saved);
  edit_in_turn (saved, 1000, 100);
  g_assert_true (nb_report_get_modified (saved));
  g_assert_cmpuint (undo_all (saved), ==, 1000);
  g_assert_false (nb_report_get_modified (saved));
  assert_value (saved, "proactive.regulation.issued", "9");
  assert_value (saved, "requests.new.natural", "10");
  g_assert_true (nb_report_redo (saved));
  g_assert_true (nb_report_get_modified (saved));
}

static void
test_invalid_values (void)
{
  g_autoptr(NbReport) r = new_report ();
  g_autoptr(GError) error = NULL;
  NbDecimal negative = nb_decimal_from_int (-1);
  NbDecimal fraction = { 15, 1 };

  g_assert_false (nb_report_set_value_by_id (r, "requests.new.natural", &negative, &error));
  g_assert_error (error, NB_REPORT_ERROR, NB_REPORT_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (nb_report_set_value_by_id (r, "requests.new.natural", &fraction, &error));
  g_assert_error (error, NB_REPORT_ERROR, NB_REPORT_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (nb_report_set_value_by_id (r, "requests.nope", &fraction, &error));
  g_assert_error (error, NB_REPORT_ERROR, NB_REPORT_ERROR_UNKNOWN_CELL);
  g_clear_error (&error);
  /* The model keeps its previous value and records nothing. */
  g_assert_true (nb_report_is_blank (r, id (r, "requests.new.natural")));
  g_assert_false (nb_report_can_undo (r));

  g_assert_true (nb_report_set_value_by_id (r, "proactive.fee.amount", &fraction, &error));
  assert_value (r, "proactive.fee.amount", "1.5");
  /* Back to blank. */
  g_assert_true (nb_report_set_value_by_id (r, "proactive.fee.amount", NULL, &error));
  g_assert_true (nb_report_is_blank (r, id (r, "proactive.fee.amount")));
}

/* Typing in one paragraph (with the Enter that opened it) is one undo
 * step; another paragraph is another, even without a pause, so one Ctrl+Z
 * never takes back more than the paragraph being typed. */
static void
test_prose_coalesce (void)
{
  const char *typed[] = {
    "一是", "一是加强培训。", "一是加强培训。\n", "一是加强培训。\n二是", "一是加强培训。\n二是完善制度。",
    "一是全面加强培训。\n二是完善制度。",
  };
  const char *after_undo[] = { "一是加强培训。\n二是完善制度。", "一是加强培训。", "" };
  g_autoptr(NbReport) r = new_report ();

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    nb_report_set_section_text (r, "problems", typed[i]);
  for (guint i = 0; i < G_N_ELEMENTS (after_undo); i++)
    {
      g_autofree char *text = NULL;

      g_assert_true (nb_report_undo (r));
      text = nb_report_get_section_text (r, "problems");
      g_assert_cmpstr (text, ==, after_undo[i]);
    }
  g_assert_false (nb_report_can_undo (r));
}

static void
test_meta_coalesce (void)
{
  g_autoptr(NbReport) r = new_report ();

  /* Typing a name character by character is one undo step. */
  nb_report_set_meta (r, NB_META_AGENCY, "东");
  nb_report_set_meta (r, NB_META_AGENCY, "东胜");
  nb_report_set_meta (r, NB_META_AGENCY, "东胜区统计局");
  nb_report_set_meta (r, NB_META_YEAR, "2023");
  g_assert_cmpint (nb_report_get_year (r), ==, 2023);
  nb_report_undo (r);
  g_assert_cmpstr (nb_report_get_meta (r, NB_META_YEAR), ==, "");
  g_assert_cmpstr (nb_report_get_meta (r, NB_META_AGENCY), ==, "东胜区统计局");
  nb_report_undo (r);
  g_assert_cmpstr (nb_report_get_meta (r, NB_META_AGENCY), ==, "");
  g_assert_false (nb_report_can_undo (r));
}

static void
test_cell_typing_coalesces (void)
{
  g_autoptr(NbReport) r = new_report ();

  /* What the grid sends while "123" is typed: one undo step. */
  set (r, "requests.new.natural", 1);
  set (r, "requests.new.natural", 12);
  set (r, "requests.new.natural", 123);
  assert_value (r, "requests.new.total", "123");
  set (r, "requests.new.legal", 4);
  assert_value (r, "requests.new.total", "127");

  g_assert_true (nb_report_undo (r));
  assert_value (r, "requests.new.legal", "");
  assert_value (r, "requests.new.natural", "123");
  assert_value (r, "requests.new.total", "123");
  g_assert_true (nb_report_undo (r));
  assert_value (r, "requests.new.natural", "");
  assert_value (r, "requests.new.total", "");
  g_assert_false (nb_report_can_undo (r));
  g_assert_false (nb_report_get_modified (r));

  /* Redo brings the whole typing back at once. */
  g_assert_true (nb_report_redo (r));
  assert_value (r, "requests.new.natural", "123");
  assert_value (r, "requests.new.total", "123");
}

static void
test_sections_text (void)
{
  g_autoptr(NbReport) r = new_report ();
  const char *text = "（一）主动公开方面\n2023年，我单位公开文件1件。\n1.加强培训\n一、总体情况";

  nb_report_set_section_text (r, "overview", text);
  g_assert_cmpuint (nb_report_get_n_blocks (r, "overview"), ==, 4);
  /* Windows, old Mac and Unicode paragraph breaks are breaks too. */
  nb_report_set_section_text (r, "other", "甲\r\n乙\r丙\xe2\x80\xa9丁\xe2\x80\xa8戊\n己");
  g_assert_cmpuint (nb_report_get_n_blocks (r, "other"), ==, 6);
  g_assert_cmpstr (nb_report_get_block (r, "other", 1)->text, ==, "乙");
  g_assert_cmpstr (nb_report_get_block (r, "other", 5)->text, ==, "己");
  g_assert_cmpuint (nb_report_get_block (r, "overview", 0)->level, ==, 2);
  g_assert_cmpuint (nb_report_get_block (r, "overview", 1)->level, ==, 0);
  g_assert_cmpuint (nb_report_get_block (r, "overview", 2)->level, ==, 3);
  g_assert_cmpuint (nb_report_get_block (r, "overview", 3)->level, ==, 1);

  /* A level toggled by hand survives further typing elsewhere. */
  nb_report_set_block_level (r, "overview", 2, 0);
  nb_report_set_section_text (r, "overview",
                              "（一）主动公开方面\n2023年，我单位公开文件2件。\n1.加强培训\n一、总体情况");
  g_assert_cmpuint (nb_report_get_block (r, "overview", 2)->level, ==, 0);

  {
    g_autofree char *back = nb_report_get_section_text (r, "overview");
    g_assert_cmpstr (back, ==, "（一）主动公开方面\n2023年，我单位公开文件2件。\n1.加强培训\n一、总体情况");
  }

  nb_report_set_section_text (r, "problems", "");
  g_assert_cmpuint (nb_report_get_n_blocks (r, "problems"), ==, 0);
}

/* Ctrl+0 right after typing a heading: undo takes back the level change
 * alone, not the line typed a moment before. */
static void
test_level_change_own_step (void)
{
  g_autoptr(NbReport) r = new_report ();

  nb_report_set_section_text (r, "other", "甲。");
  nb_report_set_section_text (r, "other", "甲。\n（六）其他工作");
  g_assert_cmpuint (nb_report_get_block (r, "other", 1)->level, ==, 2);
  nb_report_set_block_level (r, "other", 1, 0);
  g_assert_cmpuint (nb_report_get_block (r, "other", 1)->level, ==, 0);

  g_assert_true (nb_report_undo (r));
  g_assert_cmpuint (nb_report_get_n_blocks (r, "other"), ==, 2);
  g_assert_cmpstr (nb_report_get_block (r, "other", 1)->text, ==, "（六）其他工作");
  g_assert_cmpuint (nb_report_get_block (r, "other", 1)->level, ==, 2);

  /* Typing after a level change is a step of its own too. */
  g_assert_true (nb_report_redo (r));
  nb_report_set_section_text (r, "other", "甲。\n（六）其他工作情况");
  g_assert_true (nb_report_undo (r));
  g_assert_cmpstr (nb_report_get_block (r, "other", 1)->text, ==, "（六）其他工作");
  g_assert_cmpuint (nb_report_get_block (r, "other", 1)->level, ==, 0);
}

/* A level set by hand survives typing in its line, and lines typed around
 * it, even lines with the same text as another. */
static void
test_level_by_hand_kept (void)
{
  g_autoptr(NbReport) r = new_report ();

  nb_report_set_section_text (r, "other", "1.收到申请");
  g_assert_cmpuint (nb_report_get_block (r, "other", 0)->level, ==, 3);
  nb_report_set_block_level (r, "other", 0, 0);
  nb_report_set_section_text (r, "other", "1.收到申请情况");
  g_assert_cmpuint (nb_report_get_block (r, "other", 0)->level, ==, 0);

  nb_report_set_section_text (r, "problems", "工作概述\n无。");
  nb_report_set_block_level (r, "problems", 0, 1);
  nb_report_set_section_text (r, "problems", "工作概述一\n无。");
  g_assert_cmpuint (nb_report_get_block (r, "problems", 0)->level, ==, 1);
  nb_report_set_section_text (r, "problems", "无。\n工作概述一\n无。");
  g_assert_cmpuint (nb_report_get_block (r, "problems", 0)->level, ==, 0);
  g_assert_cmpuint (nb_report_get_block (r, "problems", 1)->level, ==, 1);
  g_assert_cmpuint (nb_report_get_block (r, "problems", 2)->level, ==, 0);

  /* A line whose level was guessed is guessed again as it changes. */
  nb_report_set_section_text (r, "overview", "一、总体情况");
  g_assert_cmpuint (nb_report_get_block (r, "overview", 0)->level, ==, 1);
  nb_report_set_section_text (r, "overview", "一、总体情况如下：全年公开文件1件。");
  g_assert_cmpuint (nb_report_get_block (r, "overview", 0)->level, ==, 0);
}

static void
test_guess_level (void)
{
  static const struct { const char *text; guint level; } cases[] = {
    { "一、总体情况", 1 },
    { "（三）政府信息管理方面", 2 },
    { "\t（一）主动公开方面", 2 },
    { "(一)主动公开方面", 2 },
    { "1.建立制度", 3 },
    { "（2）加强培训", 3 },
    { "1.本年共收到申请3件，全部按时办结。", 0 },
    { "一是完善制度，二是加强培训", 0 },
    { "2023年，我单位……", 0 },
    { "", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpuint (nb_block_guess_level (cases[i].text), ==, cases[i].level);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report/new-destroy", test_new_destroy);
  g_test_add_func ("/report/auto-totals-undo", test_auto_totals_and_undo);
  g_test_add_func ("/report/manual-totals", test_manual_totals);
  g_test_add_func ("/report/saved-point", test_saved_point);
  g_test_add_func ("/report/undo-limit", test_undo_limit);
  g_test_add_func ("/report/invalid-values", test_invalid_values);
  g_test_add_func ("/report/meta-coalesce", test_meta_coalesce);
  g_test_add_func ("/report/prose-coalesce", test_prose_coalesce);
  g_test_add_func ("/report/cell-typing", test_cell_typing_coalesces);
  g_test_add_func ("/report/sections-text", test_sections_text);
  g_test_add_func ("/report/guess-level", test_guess_level);
  g_test_add_func ("/report/level-change-own-step", test_level_change_own_step);
  g_test_add_func ("/report/level-by-hand-kept", test_level_by_hand_kept);
  return g_test_run ();
}
