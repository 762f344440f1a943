/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "nb-cli-private.h"
#include "nb-layout.h"
#include "nb-pdf.h"
#include "nb-storage.h"

/* SOURCE_DATE_EPOCH (the reproducible-builds convention) fixes the creation
 * date, so the same report gives the same PDF in tests and archives. */
static GDateTime *
creation_date (void)
{
  const char *epoch = g_getenv ("SOURCE_DATE_EPOCH");
  gint64 seconds;

  if (epoch != NULL && g_ascii_string_to_signed (epoch, 10, 0, G_MAXINT64, &seconds, NULL))
    return g_date_time_new_from_unix_utc (seconds);
  return g_date_time_new_now_local ();
}

/* nianbao --export-pdf OUT FILE [--final] */
int
nb_cli_export_pdf (NbCliOptions *o)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(NbReport) report = NULL;
  g_autoptr(NbLayout) layout = NULL;
  g_autoptr(NbPdf) pdf = NULL;
  g_autoptr(GDateTime) date = creation_date ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  NbLayoutOptions options;

  if (o->remaining == NULL || g_strv_length (o->remaining) != 1)
    {
      g_printerr (_("--export-pdf needs exactly one report file\n"));
      return NB_CLI_EXIT_UNREADABLE;
    }

  if ((out = nb_cli_output_path (o->export_pdf, FALSE, (const char * const *) o->remaining)) == NULL)
    return NB_CLI_EXIT_UNREADABLE;
  file = g_file_new_for_commandline_arg (o->remaining[0]);
  if ((report = nb_storage_load_file (file, NULL, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return NB_CLI_EXIT_UNREADABLE;
    }

  nb_layout_options_init (&options);
  options.final = o->final;
  options.creation_date = date;
  layout = nb_layout_new (report, &options);
  pdf = nb_pdf_new (layout);
  if (!nb_pdf_write (pdf, out, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return NB_CLI_EXIT_UNREADABLE;
    }

  if (nb_layout_get_has_errors (layout))
    {
      g_printerr (_("The report has errors (see nianbao --check); the PDF was written%s\n"),
                  nb_layout_get_draft (layout) ? _(" with a 草稿 (draft) watermark") : "");
      return NB_CLI_EXIT_PROBLEMS;
    }
  return NB_CLI_EXIT_CLEAN;
}
