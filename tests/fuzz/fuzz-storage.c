/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the .nianbao loader (nb_storage_load_data).
 *
 * Any bytes must give a report or an NB_STORAGE_ERROR naming the file, and
 * a report that loads must survive a save/load round trip unchanged and a
 * run of every rule. */
#define G_LOG_DOMAIN "fuzz-storage"

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "nb-rules.h"
#include "nb-storage.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  nb_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NbReport) report = NULL;
  g_autoptr(NbReport) again = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *saved_again = NULL;
  gsize saved_length = 0;
  NbTemplate *template;

  /* Not NUL-terminated on purpose: the loader must respect the length. */
  report = nb_storage_load_data ((const char *) data, (gssize) size, "fuzz.nianbao", &error);
  if (report == NULL)
    {
      nb_fuzz_assert (error != NULL);
      nb_fuzz_assert (error->domain == NB_STORAGE_ERROR);
      nb_fuzz_assert (g_str_has_prefix (error->message, "fuzz.nianbao"));
      nb_fuzz_assert (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  nb_fuzz_assert (error == NULL);
  nb_fuzz_assert (!nb_report_can_undo (report));

  /* Whatever the escapes, the text that reaches the window and the PDF is UTF-8. */
  template = nb_report_get_template (report);
  for (guint f = 0; f < NB_META_N_FIELDS; f++)
    nb_fuzz_assert (g_utf8_validate (nb_report_get_meta (report, f), -1, NULL));
  for (guint s = 0; s < nb_template_get_n_sections (template); s++)
    {
      const char *id = nb_template_get_section (template, s)->id;

      for (guint b = 0; b < nb_report_get_n_blocks (report, id); b++)
        nb_fuzz_assert (g_utf8_validate (nb_report_get_block (report, id, b)->text, -1, NULL));
    }

  diagnostics = nb_rules_check (report, report);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      g_autofree char *line = nb_diagnostic_to_line (g_ptr_array_index (diagnostics, i));
      nb_fuzz_assert (g_utf8_validate (line, -1, NULL));
    }

  saved = nb_storage_to_data (report, &saved_length);
  nb_fuzz_assert (saved != NULL && strlen (saved) == saved_length);
  again = nb_storage_load_data (saved, (gssize) saved_length, "again.nianbao", &error);
  if (again == NULL)
    g_error ("a loaded report does not load after saving: %s\n%s", error->message, saved);
  saved_again = nb_storage_to_data (again, NULL);
  if (!g_str_equal (saved, saved_again))
    g_error ("save → load → save changed the file:\n%s\n---\n%s", saved, saved_again);
  return 0;
}
