/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-cli-import"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "nb-cli-private.h"
#include "nb-import.h"
#include "nb-storage.h"

static NbReport *
import_stdin (GPtrArray **notes,
              GError    **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  guint8 buf[65536];
  size_t n;

  while ((n = fread (buf, 1, sizeof buf, stdin)) > 0)
    {
      if (bytes->len + n > NB_IMPORT_MAX_SIZE)
        {
          g_set_error (error, NB_IMPORT_ERROR, NB_IMPORT_ERROR_TOO_LARGE,
                       _("Standard input holds more than %d MB; a report is much smaller."),
                       NB_IMPORT_MAX_SIZE >> 20);
          return NULL;
        }
      g_byte_array_append (bytes, buf, (guint) n);
    }
  if (ferror (stdin))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Standard input cannot be read."));
      return NULL;
    }
  return nb_import_data ((const char *) bytes->data, bytes->len, _("standard input"), notes, error);
}

/* nianbao --import-text IN --output OUT
 *
 * IN is a published report: text copied from a web page or written by
 * `pdftotext -layout`, HTML, or .docx ("-" reads standard input). The notes
 * (cells not read, guesses, deviations from the format) go to standard
 * output, one per line. 0: every cell was read; 1: OUT was written with
 * notes to look at; 2: nothing usable was found, or OUT could not be
 * written, and nothing was written. */
int
nb_cli_import (NbCliOptions *o)
{
  g_autoptr(NbReport) report = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) output = NULL;
  g_autofree char *out = NULL;

  g_return_val_if_fail (o != NULL && o->import_text != NULL, NB_CLI_EXIT_UNREADABLE);

  if (o->output == NULL)
    {
      g_printerr (_("--import-text needs --output OUT, the report file to write\n"));
      return NB_CLI_EXIT_UNREADABLE;
    }
  if (o->remaining != NULL && g_strv_length (o->remaining) > 0)
    {
      g_printerr (_("--import-text reads one file; unexpected argument “%s”\n"), o->remaining[0]);
      return NB_CLI_EXIT_UNREADABLE;
    }

  {
    const char *inputs[] = { g_str_equal (o->import_text, "-") ? NULL : o->import_text, NULL };

    if ((out = nb_cli_output_path (o->output, TRUE, inputs)) == NULL)
      return NB_CLI_EXIT_UNREADABLE;
  }
  if (g_str_equal (o->import_text, "-"))
    report = import_stdin (&notes, &error);
  else
    {
      g_autoptr(GFile) input = g_file_new_for_commandline_arg (o->import_text);
      report = nb_import_file (input, &notes, &error);
    }
  if (report == NULL)
    {
      g_printerr ("%s\n", error->message);
      /* nb_import_file () refuses pipes and devices, which could be read
       * forever; a pipe's text comes in through standard input. */
      if (g_error_matches (error, NB_IMPORT_ERROR, NB_IMPORT_ERROR_UNSUPPORTED) &&
          g_file_test (o->import_text, G_FILE_TEST_EXISTS) &&
          !g_file_test (o->import_text, G_FILE_TEST_IS_REGULAR | G_FILE_TEST_IS_DIR))
        g_printerr (_("To import text from a pipe, use “-”: nianbao --import-text - --output OUT < PIPE\n"));
      return NB_CLI_EXIT_UNREADABLE;
    }

  for (guint i = 0; i < notes->len; i++)
    {
      g_autofree char *line = nb_import_note_to_line (g_ptr_array_index (notes, i));
      g_print ("%s\n", line);
    }

  output = g_file_new_for_commandline_arg (out);
  if (!nb_storage_save_file (report, output, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return NB_CLI_EXIT_UNREADABLE;
    }

  return nb_import_is_complete (report, notes) ? NB_CLI_EXIT_CLEAN : NB_CLI_EXIT_PROBLEMS;
}
