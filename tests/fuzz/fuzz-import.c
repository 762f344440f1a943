/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the importer of published reports (nb_import_data):
 * text copied from a web page or from pdftotext, HTML and .docx, sniffed
 * from the bytes.
 *
 * Any bytes must give a report or an NB_IMPORT_ERROR; the notes must be
 * readable, and an imported report must save and load back unchanged. */
#define G_LOG_DOMAIN "fuzz-import"

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "nb-formats.h"
#include "nb-import.h"
#include "nb-storage.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;

  nb_fuzz_init ();
  /* HTML and .docx are read by the formats module: load it before the
   * first input, so libFuzzer counts its coverage from the start. */
  if (nb_formats_lookup ("_nb_import_read_html", &error) == NULL)
    g_error ("%s", error->message);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(NbReport) report = NULL;
  g_autoptr(NbReport) again = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *saved_again = NULL;
  gsize saved_length = 0;

  report = nb_import_data ((const char *) data, size, "fuzz.txt", &notes, &error);
  if (report == NULL)
    {
      nb_fuzz_assert (error != NULL && error->domain == NB_IMPORT_ERROR);
      nb_fuzz_assert (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  nb_fuzz_assert (error == NULL);
  nb_fuzz_assert (notes != NULL);

  for (guint i = 0; i < notes->len; i++)
    {
      NbImportNote *note = g_ptr_array_index (notes, i);
      g_autofree char *line = nb_import_note_to_line (note);

      nb_fuzz_assert (note->message != NULL && g_utf8_validate (note->message, -1, NULL));
      nb_fuzz_assert (g_utf8_validate (line, -1, NULL));
    }
  (void) nb_import_is_complete (report, notes);

  /* What the window would save must load back as it was. */
  saved = nb_storage_to_data (report, &saved_length);
  again = nb_storage_load_data (saved, (gssize) saved_length, "imported.nianbao", &error);
  if (again == NULL)
    g_error ("an imported report does not load after saving: %s\n%s", error->message, saved);
  saved_again = nb_storage_to_data (again, NULL);
  if (!g_str_equal (saved, saved_again))
    g_error ("import → save → load → save changed the file:\n%s\n---\n%s", saved, saved_again);
  return 0;
}
