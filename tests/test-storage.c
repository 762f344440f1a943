/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "nb-rules.h"
#include "nb-storage.h"

static char *
sample_path (void)
{
  return g_build_filename (g_getenv ("NB_SOURCE_DIR"), "data", "samples",
                           "dongsheng-tongjiju-2023.nianbao", NULL);
}

static NbReport *
load_sample (void)
{
  g_autofree char *path = sample_path ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  NbReport *r = nb_storage_load_file (file, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

static void
test_sample (void)
{
  g_autoptr(NbReport) r = load_sample ();
  g_autoptr(GPtrArray) diags = nb_rules_check (r, NULL);
  NbTemplate *t = nb_report_get_template (r);

  g_assert_cmpstr (nb_report_get_meta (r, NB_META_AGENCY), ==, "东胜区统计局");
  g_assert_cmpint (nb_report_get_year (r), ==, 2023);
  g_assert_cmpstr (nb_report_get_meta (r, NB_META_PHONE), ==, "0477-8380626");
  g_assert_cmpstr (nb_report_get_meta (r, NB_META_ADDRESS), ==, "东胜区党政大楼352室");
  g_assert_cmpstr (nb_report_get_meta (r, NB_META_POSTCODE), ==, "017000");
  g_assert_cmpuint (diags->len, ==, 0);  /* the sample checks clean */
  g_assert_false (nb_report_get_modified (r));
  g_assert_false (nb_report_can_undo (r));
  for (guint i = 0; i < nb_template_get_n_cells (t); i++)
    g_assert_false (nb_report_is_blank (r, i));
  {
    g_autofree char *v = nb_report_format_value (r, nb_template_lookup_cell (t, "proactive.penalty.decisions"));
    g_assert_cmpstr (v, ==, "5");
  }
  g_assert_cmpuint (nb_report_get_n_blocks (r, "overview"), ==, 11);
  g_assert_cmpuint (nb_report_get_block (r, "overview", 1)->level, ==, 2);
}

static void
test_round_trip (void)
{
  g_autoptr(NbReport) r = load_sample ();
  g_autoptr(NbReport) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *again = NULL;
  NbDecimal fee;
  NbTemplate *t = nb_report_get_template (r);
  g_autoptr(GBytes) seal = g_bytes_new_static ("\x89PNG\r\n\x1a\n", 8);

  g_assert_true (nb_decimal_parse ("24252.311082", &fee, NULL));
  g_assert_true (nb_report_set_value_by_id (r, "proactive.fee.amount", &fee, NULL));
  g_assert_true (nb_report_set_value_by_id (r, "requests.carried.legal", NULL, NULL));
  nb_report_set_seal (r, seal);
  nb_report_set_meta (r, NB_META_DATE, "2024-01-05");
  nb_report_set_auto_totals (r, FALSE);

  data = nb_storage_to_data (r, NULL);
  g_assert_nonnull (strstr (data, "\"proactive.fee.amount\" : \"24252.311082\""));
  g_assert_nonnull (strstr (data, "\"requests.carried.legal\" : null"));
  g_assert_nonnull (strstr (data, "\"version\" : 1"));
  back = nb_storage_load_data (data, -1, "round-trip", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < nb_template_get_n_cells (t); i++)
    {
      g_autofree char *a = nb_report_format_value (r, i);
      g_autofree char *b = nb_report_format_value (back, i);
      g_assert_cmpstr (a, ==, b);
      g_assert_cmpint (nb_report_is_blank (r, i), ==, nb_report_is_blank (back, i));
    }
  for (guint f = 0; f < NB_META_N_FIELDS; f++)
    g_assert_cmpstr (nb_report_get_meta (r, f), ==, nb_report_get_meta (back, f));
  g_assert_true (g_bytes_equal (nb_report_get_seal (back), seal));
  g_assert_false (nb_report_get_auto_totals (back));
  again = nb_storage_to_data (back, NULL);
  g_assert_cmpstr (data, ==, again);
}

static void
test_totals_kept (void)
{
  g_autofree char *path = sample_path ();
  g_autofree char *text = NULL;
  g_autoptr(GString) edited = NULL;
  g_autoptr(NbReport) r = NULL;
  g_autoptr(GPtrArray) diags = NULL;
  g_autofree char *total = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  edited = g_string_new (text);
  /* A published report whose total disagrees with its parts. */
  g_assert_cmpuint (g_string_replace (edited, "\"requests.new.natural\": 0", "\"requests.new.natural\": 4", 1), ==, 1);
  r = nb_storage_load_data (edited->str, -1, "edited", NULL);
  g_assert_nonnull (r);
  total = nb_report_format_value (r, nb_template_lookup_cell (nb_report_get_template (r), "requests.new.total"));
  g_assert_cmpstr (total, ==, "0");  /* not silently recomputed */
  diags = nb_rules_check (r, NULL);
  g_assert_cmpstr (nb_diagnostic_get_rule_id (g_ptr_array_index (diags, 0)), ==, "R1");
}

static const struct {
  const char *name;
  const char *data;
  int         code;
  const char *mentions;
} bad_files[] = {
  { "empty", "", NB_STORAGE_ERROR_NOT_JSON, NULL },
  { "not json", "hello", NB_STORAGE_ERROR_NOT_NIANBAO, "not a Nianbao report" },
  { "published text", "东胜区统计局2023年政府信息公开工作年度报告\n联系电话：0477-8380626", NB_STORAGE_ERROR_NOT_NIANBAO,
    "--import-text" },
  { "web page", "<!DOCTYPE html><html><body>报告</body></html>", NB_STORAGE_ERROR_NOT_NIANBAO, "not a Nianbao report" },
  { "truncated", "{\"format\": \"nianbao\", \"version\": 1, \"cells\": {\"requests.new.natural\": 1", NB_STORAGE_ERROR_NOT_JSON, NULL },
  { "nul bytes", "{\"format\"\0: 1}", NB_STORAGE_ERROR_NOT_JSON, NULL },
  /* json-glib would cut the text at it, and what follows would be lost. */
  { "escaped nul in a text", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", "
    "\"meta\": {\"agency\": \"东胜\\u0000区统计局\"}}", NB_STORAGE_ERROR_NOT_JSON, "null character" },
  { "escaped nul in a cell id", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", "
    "\"cells\": {\"requests.new.natural\\u0000x\": 5}}", NB_STORAGE_ERROR_NOT_JSON, "null character" },
  { "invalid utf-8", "{\"format\": \"\xff\xfe\"}", NB_STORAGE_ERROR_NOT_JSON, NULL },
  { "array", "[1, 2]", NB_STORAGE_ERROR_NOT_NIANBAO, NULL },
  { "other json", "{\"name\": \"x\"}", NB_STORAGE_ERROR_NOT_NIANBAO, NULL },
  { "newer", "{\"format\": \"nianbao\", \"version\": 7, \"template\": \"gov-disclosure-2099\"}", NB_STORAGE_ERROR_NEWER_VERSION, "7" },
  { "unknown template", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2099\"}", NB_STORAGE_ERROR_UNKNOWN_TEMPLATE, "gov-disclosure-2099" },
  { "unknown cell", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", \"cells\": {\"requests.new.alien\": 1}}", NB_STORAGE_ERROR_UNKNOWN_CELL, "requests.new.alien" },
  { "negative", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", \"cells\": {\"requests.new.natural\": -3}}", NB_STORAGE_ERROR_INVALID, "requests.new.natural" },
  { "float count", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", \"cells\": {\"requests.new.natural\": 1.5}}", NB_STORAGE_ERROR_INVALID, "requests.new.natural" },
  { "string count", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", \"cells\": {\"requests.new.natural\": \"3\"}}", NB_STORAGE_ERROR_INVALID, "requests.new.natural" },
  { "object count", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", \"cells\": {\"requests.new.natural\": {}}}", NB_STORAGE_ERROR_INVALID, "requests.new.natural" },
  { "count wrapped past 64 bits", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", \"cells\": {\"requests.new.natural\": -18446744073709551611}}", NB_STORAGE_ERROR_INVALID, "at “cells.requests.new.natural”: the number -18446744073709551611 is far too large" },
  { "count just below the 64-bit range", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", \"cells\": {\"requests.new.natural\": -9223372036854775809}}", NB_STORAGE_ERROR_INVALID, "far too large" },
  { "count just above the 64-bit range", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", \"cells\": {\"requests.new.natural\": 9223372036854775808}}", NB_STORAGE_ERROR_INVALID, "far too large" },
  { "hexadecimal count", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", \"cells\": {\"requests.new.natural\": 0x10}}", NB_STORAGE_ERROR_NOT_JSON, "0x10" },
  { "leading zero", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", \"cells\": {\"requests.new.natural\": 01}}", NB_STORAGE_ERROR_NOT_JSON, "01" },
  { "bare minus", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", \"cells\": {\"requests.new.natural\": -}}", NB_STORAGE_ERROR_NOT_JSON, "not a number" },
  { "hexadecimal heading", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", \"sections\": {\"overview\": [{\"text\": \"a\"}, {\"heading\": 0x1, \"text\": \"b\"}]}}", NB_STORAGE_ERROR_NOT_JSON, "at “sections.overview[1].heading”" },
  { "dot without digits", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", \"cells\": {\"requests.new.natural\": 1.}}", NB_STORAGE_ERROR_NOT_JSON, "not a number" },
  { "float amount", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", \"cells\": {\"proactive.fee.amount\": 0.1}}", NB_STORAGE_ERROR_INVALID, "proactive.fee.amount" },
  { "bad amount", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", \"cells\": {\"proactive.fee.amount\": \"1.2.3\"}}", NB_STORAGE_ERROR_INVALID, "proactive.fee.amount" },
  { "cells not object", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", \"cells\": []}", NB_STORAGE_ERROR_INVALID, "cells" },
  { "bad heading", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", \"sections\": {\"overview\": [{\"heading\": 9, \"text\": \"x\"}]}}", NB_STORAGE_ERROR_INVALID, "sections.overview[0]" },
  { "unknown section", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", \"sections\": {\"epilogue\": []}}", NB_STORAGE_ERROR_INVALID, "epilogue" },
  { "duplicate key", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", \"cells\": {\"requests.new.natural\": 1, \"requests.new.natural\": 2}}", NB_STORAGE_ERROR_INVALID, "cells.requests.new.natural" },
  { "duplicate key in a block", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", "
    "\"sections\": {\"other\": [{\"text\": \"a\", \"text\": \"b\"}]}}", NB_STORAGE_ERROR_INVALID, "sections.other[0].text" },
  { "unknown member", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", \"extra\": 1}", NB_STORAGE_ERROR_INVALID, "extra" },
  { "unknown setting", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", \"settings\": {\"auto_total\": false}}", NB_STORAGE_ERROR_INVALID, "settings.auto_total" },
  { "unknown member of the seal", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", \"meta\": {\"seal\": {\"data\": \"iVBORw0KGgo=\", \"mime\": \"image/png\"}}}", NB_STORAGE_ERROR_INVALID, "meta.seal.mime" },
  { "version string", "{\"format\": \"nianbao\", \"version\": \"1\", \"template\": \"gov-disclosure-2021\"}", NB_STORAGE_ERROR_INVALID, "version" },
  /* Found by tests/fuzz (fuzz-storage); see tests/fuzz/corpus/storage/. */
  { "json error splits a character", "{\"\":\"今喹锿府信息上报平台\"", NB_STORAGE_ERROR_NOT_JSON, "damaged" },
  { "duplicate key written with an escape", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", \"cells\": {\"requests.new.natural\": 1, \"\\u0072equests.new.natural\": 2}}", NB_STORAGE_ERROR_INVALID, "twice" },
  { "lone surrogate", "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", \"meta\": {\"agency\": \"\\ud800\"}}", NB_STORAGE_ERROR_NOT_JSON, "\\ud800" },
  { "bad escape", "{\"format\": \"nianbao\", \"version\": 1, \"meta\": {\"agency\": \"a\\x41\"}}", NB_STORAGE_ERROR_NOT_JSON, "escape" },
  { "scalar before the object", "0{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\"}", NB_STORAGE_ERROR_NOT_JSON, "after the end" },
  { "two objects", "{\"format\": \"nianbao\"} {\"format\": \"nianbao\"}", NB_STORAGE_ERROR_NOT_JSON, "after the end" },
};

static void
test_bad_files (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NbReport) r = NULL;
      gsize len = bad_files[i].data[0] == '\0' ? 0 : strlen (bad_files[i].data);

      if (g_str_equal (bad_files[i].name, "nul bytes"))
        len = 14;
      g_test_message ("bad file: %s", bad_files[i].name);
      r = nb_storage_load_data (bad_files[i].data, (gssize) len, "bad.nianbao", &error);
      g_assert_null (r);
      g_assert_error (error, NB_STORAGE_ERROR, bad_files[i].code);
      g_assert_true (g_str_has_prefix (error->message, "bad.nianbao"));
      /* The message goes to a dialog: never a split character. */
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      if (bad_files[i].mentions != NULL)
        g_assert_nonnull (strstr (error->message, bad_files[i].mentions));
    }
}

/* The edges of what check_number () lets through still load. */
static void
test_number_edges (void)
{
  const char *data = "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", "
                     "\"cells\": {\"requests.new.natural\": 9223372036854775807, \"requests.new.commercial\": 0, "
                     "\"requests.new.research\": 1E0}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(NbReport) r = nb_storage_load_data (data, -1, "edges.nianbao", &error);
  NbTemplate *t;
  g_autofree char *big = NULL;

  /* 1E0 is a JSON number, but not a whole one: refused as a count, by the
   * loader, not as damage. */
  g_assert_null (r);
  g_assert_error (error, NB_STORAGE_ERROR, NB_STORAGE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "requests.new.research"));
  g_clear_error (&error);

  data = "{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\", "
         "\"cells\": {\"requests.new.natural\": 9223372036854775807, \"requests.new.commercial\": 0}}";
  r = nb_storage_load_data (data, -1, "edges.nianbao", &error);
  g_assert_no_error (error);
  t = nb_report_get_template (r);
  big = nb_report_format_value (r, nb_template_lookup_cell (t, "requests.new.natural"));
  g_assert_cmpstr (big, ==, "9223372036854775807");
}

static void
test_too_many_values (void)
{
  g_autoptr(GString) many = g_string_new ("{\"format\": \"nianbao\", \"version\": 1, \"x\": [");
  g_autoptr(GError) error = NULL;
  g_autoptr(NbReport) r = NULL;

  for (guint i = 0; i < 200000; i++)
    g_string_append (many, "0,");
  g_string_append (many, "0]}");
  r = nb_storage_load_data (many->str, (gssize) many->len, "many", &error);
  g_assert_null (r);
  g_assert_error (error, NB_STORAGE_ERROR, NB_STORAGE_ERROR_NOT_NIANBAO);
}

/* A device or a pipe would be read forever. */
static void
test_special_file (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/dev/zero");
  g_autoptr(GError) error = NULL;
  g_autoptr(NbReport) r = nb_storage_load_file (file, NULL, &error);

  g_assert_null (r);
  g_assert_error (error, NB_STORAGE_ERROR, NB_STORAGE_ERROR_NOT_NIANBAO);
}

static void
test_deep_nesting (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(NbReport) r = NULL;

  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  r = nb_storage_load_data (deep->str, (gssize) deep->len, "deep", &error);
  g_assert_null (r);
  g_assert_error (error, NB_STORAGE_ERROR, NB_STORAGE_ERROR_NOT_NIANBAO);
}

static void
test_bom (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NbReport) r =
    nb_storage_load_data ("\xEF\xBB\xBF{\"format\": \"nianbao\", \"version\": 1, \"template\": \"gov-disclosure-2021\"}",
                          -1, "bom", &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
}

static void
test_atomic_save (void)
{
  g_autoptr(NbReport) r = load_sample ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nb-storage-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "report.nianbao", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "report.nianbao", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GDir) listing = NULL;
  guint n_entries = 0;

  g_assert_true (nb_storage_save_file (r, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));

  g_assert_false (nb_storage_save_file (r, missing_file, NULL, &error));
  g_assert_error (error, NB_STORAGE_ERROR, NB_STORAGE_ERROR_WRITE);
  g_clear_error (&error);

  /* A read-only folder: the save fails and the old file is untouched. */
  if (geteuid () != 0)
    {
      nb_report_set_meta (r, NB_META_AGENCY, "改过的名称");
      g_assert_cmpint (g_chmod (dir, 0500), ==, 0);
      g_assert_false (nb_storage_save_file (r, file, NULL, &error));
      g_assert_error (error, NB_STORAGE_ERROR, NB_STORAGE_ERROR_WRITE);
      g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
      g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
      g_assert_cmpstr (before, ==, after);
    }

  /* A file marked read-only is not replaced, though its folder would let
   * a rename do it (also for root, who may write anything). */
  nb_report_set_meta (r, NB_META_AGENCY, "改过的名称");
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  g_assert_false (nb_storage_save_file (r, file, NULL, &error));
  g_assert_error (error, NB_STORAGE_ERROR, NB_STORAGE_ERROR_WRITE);
  g_clear_error (&error);
  g_clear_pointer (&after, g_free);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);

  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    n_entries++;
  g_assert_cmpuint (n_entries, ==, 1);  /* no temporary file left behind */

  g_unlink (path);
  g_rmdir (dir);
}

/* A name near the file system's limit saves (the temporary name beside
 * it is shorter), and a link to a file not there yet gets the file where
 * it points, staying a link. */
static void
test_save_names (void)
{
  g_autoptr(NbReport) r = load_sample ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nb-storage-XXXXXX", NULL);
  g_autoptr(GString) name = g_string_new (NULL);
  g_autofree char *long_path = NULL;
  g_autofree char *link_path = g_build_filename (dir, "link.nianbao", NULL);
  g_autofree char *real_path = g_build_filename (dir, "real.nianbao", NULL);
  g_autoptr(GFile) long_file = NULL;
  g_autoptr(GFile) link_file = g_file_new_for_path (link_path);
  g_autoptr(GDir) listing = NULL;
  guint n_entries = 0;

  while (name->len + strlen ("东") + strlen (".nianbao") <= 255)
    g_string_append (name, "东");
  g_string_append (name, ".nianbao");
  long_path = g_build_filename (dir, name->str, NULL);
  long_file = g_file_new_for_path (long_path);
  g_assert_true (nb_storage_save_file (r, long_file, NULL, &error));
  g_assert_no_error (error);
  /* Again, over the file now there. */
  g_assert_true (nb_storage_save_file (r, long_file, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (symlink ("real.nianbao", link_path), ==, 0);
  g_assert_true (nb_storage_save_file (r, link_file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (link_path, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_test (real_path, G_FILE_TEST_IS_REGULAR));

  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    n_entries++;
  g_assert_cmpuint (n_entries, ==, 3);  /* no temporary file left behind */
  g_unlink (long_path);
  g_unlink (link_path);
  g_unlink (real_path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/storage/sample", test_sample);
  g_test_add_func ("/storage/round-trip", test_round_trip);
  g_test_add_func ("/storage/totals-kept", test_totals_kept);
  g_test_add_func ("/storage/bad-files", test_bad_files);
  g_test_add_func ("/storage/deep-nesting", test_deep_nesting);
  g_test_add_func ("/storage/number-edges", test_number_edges);
  g_test_add_func ("/storage/too-many-values", test_too_many_values);
  g_test_add_func ("/storage/special-file", test_special_file);
  g_test_add_func ("/storage/bom", test_bom);
  g_test_add_func ("/storage/atomic-save", test_atomic_save);
  g_test_add_func ("/storage/save-names", test_save_names);
  return g_test_run ();
}
