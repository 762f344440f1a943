/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-cli-xlsx"

#include "config.h"

#include <glib/gi18n.h>

#include "nb-cli-private.h"
#include "nb-rules.h"
#include "nb-storage.h"
#include "nb-xlsx.h"

static NbReport *
load_report (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;
  NbReport *report = nb_storage_load_file (file, NULL, &error);

  if (report == NULL)
    g_printerr ("%s\n", error->message);
  return report;
}

/* nianbao --export-xlsx OUT FILE [--previous LAST-YEAR-FILE]
 *
 * 0: written and the report has no errors; 1: written, but the report has
 * errors (listed on the workbook's 校验 sheet); 2: FILE could not be read or
 * OUT could not be written, and nothing was written. */
int
nb_cli_export_xlsx (NbCliOptions *o)
{
  g_autoptr(NbReport) report = NULL;
  g_autoptr(NbReport) previous = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  guint n_errors = 0;

  g_return_val_if_fail (o != NULL && o->export_xlsx != NULL, NB_CLI_EXIT_UNREADABLE);

  if (o->remaining == NULL || g_strv_length (o->remaining) != 1)
    {
      g_printerr (_("--export-xlsx needs exactly one report file\n"));
      return NB_CLI_EXIT_UNREADABLE;
    }
  {
    const char *inputs[] = { o->remaining[0], o->previous, NULL };

    if ((out = nb_cli_output_path (o->export_xlsx, FALSE, inputs)) == NULL)
      return NB_CLI_EXIT_UNREADABLE;
  }
  if ((report = load_report (o->remaining[0])) == NULL)
    return NB_CLI_EXIT_UNREADABLE;
  if (o->previous != NULL && (previous = load_report (o->previous)) == NULL)
    return NB_CLI_EXIT_UNREADABLE;

  if (!nb_xlsx_export (report, previous, out, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return NB_CLI_EXIT_UNREADABLE;
    }

  diagnostics = nb_rules_check (report, previous);
  for (guint i = 0; i < diagnostics->len; i++)
    if (nb_diagnostic_get_severity (g_ptr_array_index (diagnostics, i)) == NB_SEVERITY_ERROR)
      n_errors++;
  if (n_errors > 0)
    {
      g_autofree char *display = g_filename_display_name (out);
      g_printerr (ngettext ("%s written; the report has %u error (see its 校验 sheet)\n",
                            "%s written; the report has %u errors (see its 校验 sheet)\n",
                            n_errors),
                  display, n_errors);
      return NB_CLI_EXIT_PROBLEMS;
    }
  return NB_CLI_EXIT_CLEAN;
}
