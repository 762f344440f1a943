/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "nb-export.h"
#include "nb-rules.h"
#include "nb-storage.h"
#include "nb-xlsx.h"
#include "nb-xlsx-private.h"

/* The checkers read the workbook back with openpyxl and compare it with an
 * expectation this program writes from the model (template, report,
 * nb_rules_check), never from the exporter. */

static char *tmp_dir;

static char *
source_path (const char *first,
             ...)
{
  va_list args;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *p;

  g_ptr_array_add (parts, (gpointer) g_getenv ("NB_SOURCE_DIR"));
  va_start (args, first);
  for (p = first; p != NULL; p = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) p);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

static NbReport *
load_report (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  NbReport *r = nb_storage_load_file (file, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

static NbReport *
load_sample (void)
{
  g_autofree char *path = source_path ("data", "samples", "dongsheng-tongjiju-2023.nianbao", NULL);
  return load_report (path);
}

static NbReport *
load_mixed (void)
{
  g_autofree char *path = source_path ("tests", "export", "golden", "xlsx", "mixed.nianbao", NULL);
  return load_report (path);
}

static GDateTime *
fixed_date (void)
{
  return g_date_time_new_utc (2024, 1, 5, 8, 0, 0);
}

static char *
tmp_file (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every file in @dir, so a test can assert nothing else was left behind. */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static char *
fresh_dir (const char *name)
{
  char *dir = g_build_filename (tmp_dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return dir;
}

/* ---- Expectation ---- */

static const char *
role_name (NbGridRole role)
{
  switch (role)
    {
    case NB_GRID_CAPTION: return "caption";
    case NB_GRID_CORNER: return "corner";
    case NB_GRID_COLUMN_HEADER: return "column_header";
    case NB_GRID_ROW_HEADER: return "row_header";
    case NB_GRID_DATA: return "data";
    default: g_assert_not_reached ();
    }
}

static const char *
kind_name (NbCellKind kind)
{
  switch (kind)
    {
    case NB_CELL_KIND_COUNT: return "count";
    case NB_CELL_KIND_SIGNED: return "signed";
    case NB_CELL_KIND_AMOUNT: return "amount";
    default: g_assert_not_reached ();
    }
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
write_expectation (NbReport   *report,
                   NbReport   *previous,
                   const char *path)
{
  NbTemplate *t = nb_report_get_template (report);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) diagnostics = nb_rules_check (report, previous);
  g_autoptr(GError) error = NULL;

  json_builder_begin_object (b);
  add_string (b, "template", nb_template_get_id (t));
  add_string (b, "report_title", nb_template_get_report_title (t));
  add_string (b, "template_name", nb_template_get_name (t));
  json_builder_set_member_name (b, "year");
  json_builder_add_int_value (b, nb_report_get_year (report));
  add_string (b, "created", "2024-01-05T08:00:00Z");

  json_builder_set_member_name (b, "meta");
  json_builder_begin_array (b);
  for (guint f = 0; f < NB_META_N_FIELDS; f++)
    {
      json_builder_begin_object (b);
      add_string (b, "key", nb_report_meta_field_key (f));
      add_string (b, "label", nb_template_get_meta_label (t, f));
      add_string (b, "value", nb_report_get_meta (report, f));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "cells");
  json_builder_begin_array (b);
  for (guint c = 0; c < nb_template_get_n_cells (t); c++)
    {
      const NbTemplateCell *tc = nb_template_get_cell (t, c);
      g_autofree char *label_path = nb_template_get_label_path (t, c);
      guint n_parts = 0;
      const guint *parts = nb_template_get_total_parts (t, c, &n_parts);
      NbDecimal value;
      gboolean blank = !nb_report_get_value (report, c, &value);

      json_builder_begin_object (b);
      add_string (b, "id", tc->id);
      add_string (b, "kind", kind_name (tc->kind));
      add_string (b, "label_path", label_path);
      add_string (b, "row_label", tc->row_label);
      add_string (b, "col_label", tc->col_label);
      if (blank)
        add_string (b, "value", NULL);
      else
        {
          g_autofree char *text = nb_decimal_to_string (&value);
          add_string (b, "value", text);
        }
      json_builder_set_member_name (b, "parts");
      if (parts == NULL)
        json_builder_add_null_value (b);
      else
        {
          NbDecimal sum = NB_DECIMAL_INIT;

          json_builder_begin_array (b);
          for (guint i = 0; i < n_parts; i++)
            {
              NbDecimal v;

              json_builder_add_string_value (b, nb_template_get_cell (t, parts[i])->id);
              nb_report_get_value (report, parts[i], &v);
              g_assert_true (nb_decimal_add (&sum, &v, &sum));
            }
          json_builder_end_array (b);
          /* （七）总计 / 总计 also equals its column. */
          {
            guint n_other = 0;
            const guint *other = nb_template_get_other_total_parts (t, c, &n_other);
            NbDecimal other_sum = NB_DECIMAL_INIT;

            json_builder_set_member_name (b, "other_parts");
            json_builder_begin_array (b);
            for (guint i = 0; other != NULL && i < n_other; i++)
              {
                NbDecimal v;

                json_builder_add_string_value (b, nb_template_get_cell (t, other[i])->id);
                nb_report_get_value (report, other[i], &v);
                g_assert_true (nb_decimal_add (&other_sum, &v, &other_sum));
              }
            json_builder_end_array (b);
            json_builder_set_member_name (b, "agrees");
            json_builder_add_boolean_value (b, !blank && nb_decimal_equal (&sum, &value) &&
                                               (other == NULL || nb_decimal_equal (&other_sum, &value)));
          }
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "tables");
  json_builder_begin_array (b);
  for (guint s = 0; s < nb_template_get_n_sections (t); s++)
    {
      const NbTemplateSection *section = nb_template_get_section (t, s);
      const NbTemplateTable *table;
      guint n_header = 0;

      if (section->table_id == NULL)
        continue;
      table = nb_template_lookup_table (t, section->table_id);
      while (n_header < table->n_rows && table->row_is_header[n_header])
        n_header++;
      json_builder_begin_object (b);
      add_string (b, "id", table->id);
      add_string (b, "title", section->title);
      json_builder_set_member_name (b, "n_rows");
      json_builder_add_int_value (b, table->n_rows);
      json_builder_set_member_name (b, "n_leading_header_rows");
      json_builder_add_int_value (b, n_header);
      json_builder_set_member_name (b, "grid");
      json_builder_begin_array (b);
      for (guint g = 0; g < table->n_grid_cells; g++)
        {
          const NbTemplateGridCell *gc = &table->grid_cells[g];

          json_builder_begin_object (b);
          add_string (b, "role", role_name (gc->role));
          json_builder_set_member_name (b, "row");
          json_builder_add_int_value (b, gc->row);
          json_builder_set_member_name (b, "col");
          json_builder_add_int_value (b, gc->col);
          json_builder_set_member_name (b, "row_span");
          json_builder_add_int_value (b, gc->row_span);
          json_builder_set_member_name (b, "col_span");
          json_builder_add_int_value (b, gc->col_span);
          add_string (b, "text", gc->text);
          add_string (b, "cell", gc->cell >= 0 ? nb_template_get_cell (t, gc->cell)->id : NULL);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "prose");
  json_builder_begin_array (b);
  for (guint s = 0; s < nb_template_get_n_sections (t); s++)
    {
      const NbTemplateSection *section = nb_template_get_section (t, s);

      if (section->table_id != NULL)
        continue;
      json_builder_begin_object (b);
      add_string (b, "title", section->title);
      json_builder_set_member_name (b, "blocks");
      json_builder_begin_array (b);
      for (guint i = 0; i < nb_report_get_n_blocks (report, section->id); i++)
        json_builder_add_string_value (b, nb_report_get_block (report, section->id, i)->text);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "diagnostics");
  json_builder_begin_array (b);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      NbDiagnostic *d = g_ptr_array_index (diagnostics, i);
      const char * const *cells = nb_diagnostic_get_cells (d);

      json_builder_begin_object (b);
      add_string (b, "rule", nb_diagnostic_get_rule_id (d));
      add_string (b, "severity", nb_severity_to_string (nb_diagnostic_get_severity (d)));
      add_string (b, "message", nb_diagnostic_get_message (d));
      json_builder_set_member_name (b, "cells");
      json_builder_begin_array (b);
      for (guint k = 0; cells != NULL && cells[k] != NULL; k++)
        json_builder_add_string_value (b, cells[k]);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json_generator_to_file (gen, path, &error);
  g_assert_no_error (error);
}

/* ---- Running the Python checkers ---- */

static void
run_python (const char * const *args,
            int                  expected_status)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) "/usr/bin/python3");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (out != NULL && *out != '\0')
    g_test_message ("%s", out);
  if (err != NULL && *err != '\0')
    g_test_message ("%s", err);
  g_assert_true (g_spawn_check_wait_status (status, NULL) == (expected_status == 0));
  if (expected_status != 0)
    g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == expected_status);
}

static void
read_back (NbReport   *report,
           NbReport   *previous,
           const char *xlsx,
           const char *name)
{
  g_autofree char *checker = source_path ("tests", "export", "check-xlsx.py", NULL);
  g_autofree char *expect_name = g_strconcat (name, ".json", NULL);
  g_autofree char *expect = tmp_file (expect_name);
  const char *args[] = { checker, xlsx, expect, NULL };

  write_expectation (report, previous, expect);
  run_python (args, 0);
}

static void
export_fixed (NbReport   *report,
              NbReport   *previous,
              const char *path)
{
  g_autoptr(GDateTime) created = fixed_date ();
  NbXlsxOptions options = { .created = created };
  g_autoptr(GError) error = NULL;

  g_assert_true (nb_xlsx_export (report, previous, path, &options, &error));
  g_assert_no_error (error);
}

/* ---- Tests ---- */

static void
test_sample_read_back (void)
{
  g_autoptr(NbReport) report = load_sample ();
  g_autofree char *dir = fresh_dir ("sample");
  g_autofree char *path = g_build_filename (dir, "sample.xlsx", NULL);
  g_autofree char *listing = NULL;

  export_fixed (report, NULL, path);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "sample.xlsx");  /* no temporary file left */
  read_back (report, NULL, path, "sample");
}

static void
test_mixed_read_back (void)
{
  g_autoptr(NbReport) report = load_mixed ();
  g_autoptr(GPtrArray) diagnostics = nb_rules_check (report, NULL);
  g_autofree char *path = tmp_file ("mixed.xlsx");
  NbTemplate *t = nb_report_get_template (report);

  /* The fixture is what it claims to be: a total as published that
   * disagrees with its parts, blanks, the fee with six decimals, errors. */
  g_assert_true (nb_report_is_blank (report, nb_template_lookup_cell (t, "requests.new.legal")));
  {
    g_autofree char *fee = nb_report_format_value (report, nb_template_lookup_cell (t, "proactive.fee.amount"));
    g_assert_cmpstr (fee, ==, "24252.311082");
  }
  g_assert_cmpuint (diagnostics->len, >, 0);

  export_fixed (report, NULL, path);
  read_back (report, NULL, path, "mixed");
}

static void
test_golden (void)
{
  g_autoptr(NbReport) report = load_mixed ();
  g_autofree char *path = tmp_file ("golden.xlsx");
  g_autofree char *checker = source_path ("tests", "export", "check-xlsx-golden.py", NULL);
  g_autofree char *reference = source_path ("tests", "export", "golden", "xlsx", "mixed.xlsx", NULL);
  const char *args[] = { checker, path, reference, NULL };

  export_fixed (report, NULL, path);
  run_python (args, 0);
}

/* With a fixed creation time, the same report gives the same bytes. */
static void
test_deterministic (void)
{
  g_autoptr(NbReport) report = load_mixed ();
  g_autofree char *a = tmp_file ("det-a.xlsx");
  g_autofree char *b = tmp_file ("det-b.xlsx");
  g_autofree char *data_a = NULL, *data_b = NULL;
  gsize len_a = 0, len_b = 0;

  export_fixed (report, NULL, a);
  g_usleep (G_USEC_PER_SEC * 11 / 10);  /* a clock tick must not show */
  export_fixed (report, NULL, b);
  g_assert_true (g_file_get_contents (a, &data_a, &len_a, NULL));
  g_assert_true (g_file_get_contents (b, &data_b, &len_b, NULL));
  g_assert_cmpmem (data_a, len_a, data_b, len_b);
}

/* Same layout code, another form: the 2019 trial template has a ninth
 * block, signed counts and a one-row （六）. */
/* A user whose numbers are written with a decimal comma: the workbook must
 * still hold 24252.311082, not 24252,311082 (which LibreOffice reads as
 * 24252). The locale is compiled into a temporary folder, so the test needs
 * no root; without localedef and the de_DE source it is skipped. */
static void
test_comma_locale (void)
{
  g_autoptr(NbReport) report = load_mixed ();
  g_autofree char *locales = fresh_dir ("locales");
  g_autofree char *compiled = g_build_filename (locales, "de_DE.UTF-8", NULL);
  g_autofree char *path = tmp_file ("comma.xlsx");
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  const char *argv[] = { "localedef", "-i", "de_DE", "-f", "UTF-8", compiled, NULL };
  char shown[16];
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                     G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL) ||
      !g_file_test (compiled, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("localedef or the de_DE locale source is missing");
      return;
    }
  g_setenv ("LOCPATH", locales, TRUE);
  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL)
    {
      g_unsetenv ("LOCPATH");
      g_test_skip ("the de_DE.UTF-8 locale could not be loaded");
      return;
    }
  /* The premise: printf now writes a comma. */
  g_snprintf (shown, sizeof shown, "%.1f", 1.5);
  g_assert_cmpstr (shown, ==, "1,5");

  export_fixed (report, NULL, path);

  setlocale (LC_NUMERIC, saved);
  g_unsetenv ("LOCPATH");
  read_back (report, NULL, path, "comma");
}

/* （七）总计 / 总计 totals both its row and its column: as published
 * (compute totals off) it agrees with its row but not with its column, so
 * it is kept as typed and highlighted, not turned into the row's SUM. */
static void
test_grand_total (void)
{
  g_autoptr(NbReport) report = load_sample ();
  g_autofree char *path = tmp_file ("grand-total.xlsx");
  NbDecimal five = nb_decimal_from_int (5);
  g_autoptr(GError) error = NULL;

  nb_report_set_auto_totals (report, FALSE);
  g_assert_true (nb_report_set_value_by_id (report, "requests.result.total.natural", &five, &error));
  g_assert_true (nb_report_set_value_by_id (report, "requests.result.total.total", &five, &error));
  g_assert_no_error (error);

  export_fixed (report, NULL, path);
  read_back (report, NULL, path, "grand-total");
}

static void
test_template_2019 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NbTemplate) t = nb_template_load ("gov-disclosure-2019", &error);
  g_autoptr(NbReport) report = NULL;
  g_autofree char *path = tmp_file ("t2019.xlsx");
  guint n;

  g_assert_no_error (error);
  report = nb_report_new (t);
  nb_report_set_meta (report, NB_META_AGENCY, "某县交通运输局");
  nb_report_set_meta (report, NB_META_YEAR, "2020");
  n = nb_template_get_n_cells (t);
  /* Every other cell filled: blanks and values side by side, totals auto. */
  for (guint c = 0; c < n; c += 2)
    {
      const NbTemplateCell *tc = nb_template_get_cell (t, c);
      NbDecimal v = nb_decimal_from_int ((gint64) (c % 7));

      if (tc->is_total)
        continue;
      if (tc->kind == NB_CELL_KIND_SIGNED)
        v = nb_decimal_from_int (-(gint64) (c % 5));
      else if (tc->kind == NB_CELL_KIND_AMOUNT)
        g_assert_true (nb_decimal_parse ("12.5", &v, NULL));
      g_assert_true (nb_report_set_value (report, c, &v, &error));
      g_assert_no_error (error);
    }

  export_fixed (report, NULL, path);
  read_back (report, NULL, path, "t2019");
}

static void
test_long_agency (void)
{
  g_autoptr(NbReport) report = load_sample ();
  g_autoptr(GString) agency = g_string_new ("A&B ");
  g_autofree char *path = tmp_file ("long.xlsx");

  while (g_utf8_strlen (agency->str, -1) < 300)
    g_string_append (agency, "内蒙古自治区鄂尔多斯市东胜区统计局");
  nb_report_set_meta (report, NB_META_AGENCY, agency->str);

  export_fixed (report, NULL, path);
  read_back (report, NULL, path, "long");
}

static void
test_previous (void)
{
  g_autoptr(NbReport) report = load_mixed ();
  g_autoptr(NbReport) previous = load_sample ();
  g_autoptr(GPtrArray) with = nb_rules_check (report, previous);
  g_autoptr(GPtrArray) without = nb_rules_check (report, NULL);
  g_autofree char *path = tmp_file ("previous.xlsx");

  /* Last year's report adds cross-year diagnostics to the 校验 sheet. */
  g_assert_cmpuint (with->len, >, without->len);
  export_fixed (report, previous, path);
  read_back (report, previous, path, "previous");
}

static void
test_write_errors (void)
{
  g_autoptr(NbReport) report = load_sample ();
  g_autofree char *dir = fresh_dir ("errors");
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "out.xlsx", NULL);
  g_autofree char *folder = g_build_filename (dir, "a-folder", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (nb_xlsx_export (report, NULL, missing, NULL, &error));
  g_assert_error (error, NB_EXPORT_ERROR, NB_EXPORT_ERROR_WRITE);
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_false (nb_xlsx_export (report, NULL, folder, NULL, &error));
  g_assert_error (error, NB_EXPORT_ERROR, NB_EXPORT_ERROR_WRITE);
  g_clear_error (&error);

  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "a-folder");

  /* A read-only folder: the old workbook stays as it was. Root writes
   * anywhere, so this part needs an ordinary user. */
  if (geteuid () != 0)
    {
      g_autofree char *ro = fresh_dir ("read-only");
      g_autofree char *old = g_build_filename (ro, "old.xlsx", NULL);
      g_autofree char *contents = NULL;
      g_autofree char *ro_listing = NULL;

      g_assert_true (g_file_set_contents (old, "old", -1, NULL));
      g_assert_cmpint (g_chmod (ro, 0555), ==, 0);
      g_assert_false (nb_xlsx_export (report, NULL, old, NULL, &error));
      g_assert_error (error, NB_EXPORT_ERROR, NB_EXPORT_ERROR_WRITE);
      g_assert_true (g_file_get_contents (old, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, "old");
      ro_listing = list_dir (ro);
      g_assert_cmpstr (ro_listing, ==, "old.xlsx");
      g_chmod (ro, 0755);
    }
}

/* An existing workbook is replaced whole, only once the new one is done. */
static void
test_replace (void)
{
  g_autoptr(NbReport) report = load_mixed ();
  g_autofree char *dir = fresh_dir ("replace");
  g_autofree char *path = g_build_filename (dir, "out.xlsx", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;
  gsize length = 0;

  g_assert_true (g_file_set_contents (path, "not a workbook", -1, NULL));
  export_fixed (report, NULL, path);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 4);
  g_assert_cmpmem (contents, 4, "PK\003\004", 4);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "out.xlsx");
}

/* Like a save: through a symbolic link the file it points to is replaced
 * (the link stays), the old file's permissions are kept, and nothing but
 * the two names is left in the folder. */
static void
test_replace_through_link (void)
{
  g_autoptr(NbReport) report = load_mixed ();
  g_autofree char *dir = fresh_dir ("replace-link");
  g_autofree char *real = g_build_filename (dir, "real.xlsx", NULL);
  g_autofree char *link = g_build_filename (dir, "link.xlsx", NULL);
  g_autofree char *target = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;
  GStatBuf st;
  gsize length = 0;

  g_assert_true (g_file_set_contents (real, "not a workbook", -1, NULL));
  g_assert_cmpint (g_chmod (real, 0600), ==, 0);
  g_assert_cmpint (symlink ("real.xlsx", link), ==, 0);

  export_fixed (report, NULL, link);

  target = g_file_read_link (link, NULL);
  g_assert_cmpstr (target, ==, "real.xlsx");
  g_assert_true (g_file_get_contents (real, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 4);
  g_assert_cmpmem (contents, 4, "PK\003\004", 4);
  g_assert_cmpint (g_stat (real, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "link.xlsx real.xlsx");
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} AsyncResult;

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncResult *r = user_data;

  r->ok = nb_xlsx_export_finish (result, &r->error);
  r->done = TRUE;
}

static void
test_async (void)
{
  g_autoptr(NbReport) report = load_mixed ();
  g_autoptr(NbReport) expected = load_mixed ();
  g_autoptr(GDateTime) created = fixed_date ();
  NbXlsxOptions options = { .created = created };
  g_autofree char *path = tmp_file ("async.xlsx");
  AsyncResult r = { 0 };
  NbTemplate *t = nb_report_get_template (report);
  NbDecimal v = nb_decimal_from_int (999);

  nb_xlsx_export_async (report, NULL, path, &options, NULL, async_done_cb, &r);
  /* Edits after the call do not reach the workbook being written. */
  g_assert_true (nb_report_set_value (report, nb_template_lookup_cell (t, "requests.new.natural"), &v, NULL));
  nb_report_set_meta (report, NB_META_AGENCY, "改过的单位");
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);

  read_back (expected, NULL, path, "async");
}

static void
test_async_cancelled (void)
{
  g_autoptr(NbReport) report = load_sample ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *dir = fresh_dir ("cancelled");
  g_autofree char *path = g_build_filename (dir, "out.xlsx", NULL);
  g_autofree char *listing = NULL;
  AsyncResult r = { 0 };

  g_cancellable_cancel (cancellable);
  nb_xlsx_export_async (report, NULL, path, NULL, cancellable, async_done_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (r.ok);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "");  /* a cancelled export writes nothing */
}

/* ---- The command line ---- */

static int
run_nianbao (const char * const *args,
             char              **err_out)
{
  const char *exe = g_getenv ("NIANBAO");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_nonnull (exe);
  g_ptr_array_add (argv, (gpointer) exe);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, err_out, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_cli (void)
{
  g_autofree char *dir = fresh_dir ("cli");
  g_autofree char *sample = source_path ("data", "samples", "dongsheng-tongjiju-2023.nianbao", NULL);
  g_autofree char *mixed = source_path ("tests", "export", "golden", "xlsx", "mixed.nianbao", NULL);
  g_autofree char *clean_out = g_build_filename (dir, "clean.xlsx", NULL);
  g_autofree char *errors_out = g_build_filename (dir, "errors.xlsx", NULL);
  g_autofree char *bad_in = g_build_filename (dir, "bad.nianbao", NULL);
  g_autofree char *bad_out = g_build_filename (dir, "bad.xlsx", NULL);
  g_autofree char *missing_out = g_build_filename (dir, "nope", "out.xlsx", NULL);
  g_autofree char *err = NULL;
  g_autofree char *listing = NULL;

  {
    const char *args[] = { "--export-xlsx", clean_out, sample, NULL };
    g_assert_cmpint (run_nianbao (args, NULL), ==, 0);
    g_assert_true (g_file_test (clean_out, G_FILE_TEST_IS_REGULAR));
  }
  {
    const char *args[] = { "--export-xlsx", errors_out, mixed, NULL };
    g_assert_cmpint (run_nianbao (args, &err), ==, 1);
    g_assert_true (g_file_test (errors_out, G_FILE_TEST_IS_REGULAR));
    g_assert_nonnull (strstr (err, "errors.xlsx"));
    g_clear_pointer (&err, g_free);
  }
  {
    /* With last year's report the cross-year rules run too. */
    const char *args[] = { "--export-xlsx", errors_out, mixed, "--previous", sample, NULL };
    g_assert_cmpint (run_nianbao (args, NULL), ==, 1);
  }
  {
    const char *args[] = { "--export-xlsx", bad_out, bad_in, NULL };
    g_assert_true (g_file_set_contents (bad_in, "{\"format\": \"nianbao\", \"version\": 1", -1, NULL));
    g_assert_cmpint (run_nianbao (args, &err), ==, 2);
    g_assert_cmpstr (err, !=, "");
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "--export-xlsx", missing_out, sample, NULL };
    g_assert_cmpint (run_nianbao (args, &err), ==, 2);
    g_assert_nonnull (strstr (err, "out.xlsx"));
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "--export-xlsx", bad_out, NULL };
    g_assert_cmpint (run_nianbao (args, NULL), ==, 2);
  }
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "bad.nianbao clean.xlsx errors.xlsx");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          g_chmod (child, 0755);
          remove_tree (child);
        }
    }
  g_remove (path);
}

/* The width estimate's shortcut classifies every code point as GLib does:
 * East Asian Wide, Fullwidth or Ambiguous is one em, the rest half. */
static void
test_char_width (void)
{
  for (gunichar c = 0; c <= 0x10FFFF; c++)
    {
      gboolean glib = g_unichar_iswide (c) || g_unichar_iswide_cjk (c);

      if (_nb_xlsx_char_is_wide (c) != glib)
        g_error ("U+%04X: %d, GLib says %d", c, _nb_xlsx_char_is_wide (c), glib);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("nb-xlsx-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/xlsx/char-width", test_char_width);
  g_test_add_func ("/xlsx/sample/read-back", test_sample_read_back);
  g_test_add_func ("/xlsx/mixed/read-back", test_mixed_read_back);
  g_test_add_func ("/xlsx/mixed/golden", test_golden);
  g_test_add_func ("/xlsx/deterministic", test_deterministic);
  g_test_add_func ("/xlsx/comma-locale", test_comma_locale);
  g_test_add_func ("/xlsx/grand-total", test_grand_total);
  g_test_add_func ("/xlsx/template-2019", test_template_2019);
  g_test_add_func ("/xlsx/long-agency", test_long_agency);
  g_test_add_func ("/xlsx/previous", test_previous);
  g_test_add_func ("/xlsx/write-errors", test_write_errors);
  g_test_add_func ("/xlsx/replace", test_replace);
  g_test_add_func ("/xlsx/replace-through-link", test_replace_through_link);
  g_test_add_func ("/xlsx/async", test_async);
  g_test_add_func ("/xlsx/async-cancelled", test_async_cancelled);
  g_test_add_func ("/xlsx/cli", test_cli);

  status = g_test_run ();
  if (g_getenv ("NB_KEEP_TMP") == NULL)
    remove_tree (tmp_dir);
  else
    g_printerr ("# kept %s\n", tmp_dir);
  g_free (tmp_dir);
  return status;
}
