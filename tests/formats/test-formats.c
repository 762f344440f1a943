/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The formats module (app/core/nb-formats.h): found and used from the build
 * tree; a missing or foreign module is a clear error that loses nothing;
 * and the program itself no longer loads the large libraries at start. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "nb-formats.h"
#include "nb-import.h"
#include "nb-layout-private.h"
#include "nb-storage.h"
#include "nb-xlsx-private.h"

static const char *entry_points[] = {
  "_nb_xlsx_write",
  "_nb_import_read_html",
  "_nb_import_read_docx",
  "_nb_layout_render_svg",
};

static NbReport *
load_sample (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("NB_SOURCE_DIR"), "data", "samples",
                                            "dongsheng-tongjiju-2023.nianbao", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  NbReport *report = nb_storage_load_file (file, NULL, &error);

  g_assert_no_error (error);
  return report;
}

static void
test_found (void)
{
  g_autofree char *path = nb_formats_get_path ();

  /* A test program is in the build tree: the build tree's module. */
  g_assert_true (nb_formats_is_uninstalled ());
  g_assert_cmpstr (path, ==, BUILD_FORMATS_MODULE);
  for (guint i = 0; i < G_N_ELEMENTS (entry_points); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (nb_formats_lookup (entry_points[i], &error));
      g_assert_no_error (error);
    }
}

static void
test_unknown_symbol (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (nb_formats_lookup ("_nb_no_such_function", &error));
  g_assert_error (error, NB_FORMATS_ERROR, NB_FORMATS_ERROR_MISMATCH);
  g_assert_nonnull (strstr (error->message, "_nb_no_such_function"));
}

/* Each case below loads (or fails to load) a module: the first load stays
 * for the life of the process, so each runs in a subprocess. */
static void
test_missing (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;

      g_setenv ("NIANBAO_FORMATS_MODULE", "/nonexistent/libnianbao-formats.so", TRUE);
      g_assert_null (nb_formats_lookup ("_nb_xlsx_write", &error));
      g_assert_error (error, NB_FORMATS_ERROR, NB_FORMATS_ERROR_MISSING);
      g_assert_nonnull (strstr (error->message, "/nonexistent/libnianbao-formats.so"));
      g_assert_nonnull (strstr (error->message, "Reinstall"));
      /* The file may come back: the next call tries again. */
      g_clear_error (&error);
      g_setenv ("NIANBAO_FORMATS_MODULE", BUILD_FORMATS_MODULE, TRUE);
      g_assert_nonnull (nb_formats_lookup ("_nb_xlsx_write", &error));
      g_assert_no_error (error);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_other_version (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;

      g_setenv ("NIANBAO_FORMATS_MODULE", NB_FAKE_FORMATS_MODULE, TRUE);
      g_assert_null (nb_formats_lookup ("_nb_xlsx_write", &error));
      g_assert_error (error, NB_FORMATS_ERROR, NB_FORMATS_ERROR_MISMATCH);
      g_assert_nonnull (strstr (error->message, "0.0.0-another"));
      g_assert_nonnull (strstr (error->message, PACKAGE_VERSION));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Without the module: the workbook export fails with the reason and never
 * touches the file already there; a .docx import fails the same way; plain
 * text still imports and the PDF still exports (they need no module). */
static void
test_without_module (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(NbReport) report = load_sample ();
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = g_dir_make_tmp ("nb-formats-XXXXXX", NULL);
      g_autofree char *xlsx = g_build_filename (dir, "report.xlsx", NULL);
      g_autofree char *contents = NULL;
      g_autoptr(NbReport) imported = NULL;
      static const char docx_magic[] = "PK\x03\x04 and the rest of a .docx";
      static const char text[] = "一、总体情况\n东胜区统计局2023年政府信息公开工作年度报告\n";

      g_setenv ("NIANBAO_FORMATS_MODULE", "/nonexistent/libnianbao-formats.so", TRUE);
      g_assert_true (g_file_set_contents (xlsx, "the old workbook", -1, NULL));
      g_assert_false (nb_xlsx_export (report, NULL, xlsx, NULL, &error));
      g_assert_error (error, NB_FORMATS_ERROR, NB_FORMATS_ERROR_MISSING);
      g_assert_true (g_file_get_contents (xlsx, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, "the old workbook");
      g_clear_error (&error);

      g_assert_null (nb_import_data (docx_magic, sizeof docx_magic - 1, "a.docx", NULL, &error));
      g_assert_error (error, NB_FORMATS_ERROR, NB_FORMATS_ERROR_MISSING);
      g_clear_error (&error);

      imported = nb_import_text (text, -1, "pasted", NULL, &error);
      /* Whatever the importer makes of so little, it is not a module error. */
      g_assert_true (imported != NULL || error->domain != NB_FORMATS_ERROR);

      g_unlink (xlsx);
      g_rmdir (dir);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* The point of the module: `nianbao` starts without mapping these. */
static void
test_program_needs (void)
{
  g_autofree char *out = NULL;
  g_autofree char *command = g_strdup_printf ("readelf -d '%s'", g_getenv ("NIANBAO"));
  g_autoptr(GError) error = NULL;
  int status = 0;
  static const char *heavy[] = { "libxlsxwriter", "librsvg", "libarchive", "libxml2" };

  g_assert_true (g_spawn_command_line_sync (command, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "(NEEDED)"));
  g_assert_nonnull (strstr (out, "libgtk-4"));
  for (guint i = 0; i < G_N_ELEMENTS (heavy); i++)
    if (strstr (out, heavy[i]) != NULL)
      g_error ("nianbao links %s at start; it belongs in the formats module", heavy[i]);

  /* And the module itself is the one that brings them. */
  g_clear_pointer (&out, g_free);
  g_free (command);
  command = g_strdup_printf ("readelf -d '%s'", BUILD_FORMATS_MODULE);
  g_assert_true (g_spawn_command_line_sync (command, &out, NULL, &status, &error));
  for (guint i = 0; i < G_N_ELEMENTS (heavy); i++)
    g_assert_nonnull (strstr (out, heavy[i]));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/formats/found", test_found);
  g_test_add_func ("/formats/unknown-symbol", test_unknown_symbol);
  g_test_add_func ("/formats/missing", test_missing);
  g_test_add_func ("/formats/other-version", test_other_version);
  g_test_add_func ("/formats/without-module", test_without_module);
  g_test_add_func ("/formats/program-needs", test_program_needs);
  return g_test_run ();
}
