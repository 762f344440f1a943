/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "nb-aggregate.h"
#include "nb-cli-private.h"
#include "nb-export.h"
#include "nb-storage.h"
#include "nb-xlsx.h"

/* `nianbao --aggregate OUT.nianbao FILE|FOLDER… [--agency NAME]
 * [--expected-agencies LIST.txt]`: sums many agencies' reports into OUT.
 * Exit 0: every input read, taken and clean, nobody missing; 1: OUT was
 * written but there is something to look at (a source with errors, an input
 * left out, an overflowing sum, a missing agency); 2: nothing was written. */

/* OUT is replaced only when it is a previous consolidation: with a shell
 * glob (`--aggregate *.nianbao`) the first agency's report would otherwise
 * be silently overwritten by the sum of the others. */
static gboolean
check_output (GFile  *out,
              GError **error)
{
  g_autoptr(NbReport) previous = NULL;
  g_autofree char *name = g_file_get_parse_name (out);

  if (!g_file_query_exists (out, NULL))
    return TRUE;
  if (g_file_query_file_type (out, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("%s is a folder; the output of --aggregate is a report file, named first"), name);
      return FALSE;
    }
  previous = nb_storage_load_file (out, NULL, NULL);
  if (previous != NULL && nb_aggregate_is_consolidated (previous))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               _("%s already exists and is not a consolidated report, so it was not overwritten; choose another output name or delete the file first"),
               name);
  return FALSE;
}

static void
print_sources (NbAggregate *aggregate)
{
  for (guint i = 0; i < nb_aggregate_get_n_sources (aggregate); i++)
    {
      guint n_errors = nb_aggregate_get_source_n_errors (aggregate, i);
      guint n_warnings = nb_aggregate_get_source_n_warnings (aggregate, i);
      GFile *file = nb_aggregate_get_source_file (aggregate, i);
      GPtrArray *diagnostics = nb_aggregate_get_source_diagnostics (aggregate, i);
      g_autofree char *name = file != NULL ? g_file_get_parse_name (file) : g_strdup ("-");
      g_autofree char *errors = NULL;
      g_autofree char *warnings = NULL;

      if (n_errors == 0)
        continue;
      errors = g_strdup_printf (ngettext ("%u error", "%u errors", n_errors), n_errors);
      warnings = g_strdup_printf (ngettext ("%u warning", "%u warnings", n_warnings), n_warnings);
      /* TRANSLATORS: agency (file): "2 errors", "1 warning" */
      g_print (_("%s (%s): %s, %s\n"), nb_aggregate_get_source_agency (aggregate, i), name,
               errors, warnings);
      for (guint d = 0; d < diagnostics->len; d++)
        {
          NbDiagnostic *diagnostic = g_ptr_array_index (diagnostics, d);
          g_autofree char *line = NULL;

          if (nb_diagnostic_get_severity (diagnostic) != NB_SEVERITY_ERROR)
            continue;
          line = nb_diagnostic_to_line (diagnostic);
          g_print ("  %s\n", line);
        }
    }
}

/* Inputs that could not be used are errors about files: standard error.
 * What the sums found is output, like the lines of --check. */
static void
print_notes (NbAggregate *aggregate)
{
  GListModel *notes = nb_aggregate_get_notes (aggregate);

  for (guint i = 0; i < g_list_model_get_n_items (notes); i++)
    {
      g_autoptr(NbDiagnostic) note = g_list_model_get_item (notes, i);
      const char *rule_id = nb_diagnostic_get_rule_id (note);

      if (g_str_equal (rule_id, NB_AGGREGATE_NOTE_UNREADABLE) ||
          g_str_equal (rule_id, NB_AGGREGATE_NOTE_REFUSED))
        g_printerr ("%s\n", nb_diagnostic_get_message (note));
      else
        {
          g_autofree char *line = nb_diagnostic_to_line (note);
          g_print ("%s\n", line);
        }
    }
}

int
nb_cli_aggregate (NbCliOptions *o)
{
  g_autoptr(GFile) out = g_file_new_for_commandline_arg (o->aggregate);
  g_autoptr(NbAggregate) aggregate = nb_aggregate_new ();
  g_autoptr(GListStore) inputs = g_list_store_new (G_TYPE_FILE);
  g_autoptr(GError) error = NULL;
  g_autofree char *out_name = g_file_get_parse_name (out);
  g_autofree char *xlsx_path = NULL;
  g_autofree char *xlsx_temp = NULL;
  guint n_sources;

  if (o->remaining == NULL || o->remaining[0] == NULL)
    {
      g_printerr (_("--aggregate needs the output file and at least one report file or folder\n"));
      return NB_CLI_EXIT_UNREADABLE;
    }
  for (guint i = 0; o->remaining[i] != NULL; i++)
    {
      g_autoptr(GFile) file = NULL;

      /* Unknown options pass through for GTK; here they are mistakes. */
      if (o->remaining[i][0] == '-' && o->remaining[i][1] != '\0')
        {
          g_printerr (_("Unknown option %s\n"), o->remaining[i]);
          return NB_CLI_EXIT_UNREADABLE;
        }
      file = g_file_new_for_commandline_arg (o->remaining[i]);
      if (g_file_equal (file, out))
        {
          g_printerr (_("%s is both the output and an input; nothing was written\n"), out_name);
          return NB_CLI_EXIT_UNREADABLE;
        }
      g_list_store_append (inputs, file);
    }
  if (!check_output (out, &error))
    {
      g_printerr ("%s\n", error->message);
      return NB_CLI_EXIT_UNREADABLE;
    }
  if (o->export_xlsx != NULL)
    {
      g_autoptr(GPtrArray) all = g_ptr_array_new ();

      g_ptr_array_add (all, o->aggregate);
      for (guint i = 0; o->remaining[i] != NULL; i++)
        g_ptr_array_add (all, o->remaining[i]);
      if (o->expected_agencies != NULL)
        g_ptr_array_add (all, o->expected_agencies);
      g_ptr_array_add (all, NULL);
      if ((xlsx_path = nb_cli_output_path (o->export_xlsx, FALSE, (const char * const *) all->pdata)) == NULL)
        return NB_CLI_EXIT_UNREADABLE;
    }

  if (o->expected_agencies != NULL)
    {
      g_autoptr(GFile) list_file = g_file_new_for_commandline_arg (o->expected_agencies);
      g_auto(GStrv) expected = nb_aggregate_load_agency_list (list_file, NULL, &error);

      if (expected == NULL)
        {
          g_printerr ("%s\n", error->message);
          return NB_CLI_EXIT_UNREADABLE;
        }
      nb_aggregate_set_expected_agencies (aggregate, (const char * const *) expected);
    }
  nb_aggregate_set_agency (aggregate, o->agency);
  nb_aggregate_exclude_file (aggregate, out);

  if (!nb_aggregate_add_files (aggregate, G_LIST_MODEL (inputs), NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return NB_CLI_EXIT_UNREADABLE;
    }

  print_sources (aggregate);
  print_notes (aggregate);

  n_sources = nb_aggregate_get_n_sources (aggregate);
  if (n_sources == 0)
    {
      g_printerr (_("No report could be consolidated; nothing was written\n"));
      return NB_CLI_EXIT_UNREADABLE;
    }
  /* --export-xlsx beside --aggregate: the bureau's workbook, with 明细.
   * Written beside its place first and put there only once the report is
   * saved, so that exit status 2 always means nothing was written (and an
   * older workbook there is kept). */
  if (xlsx_path != NULL)
    {
      NbXlsxOptions options = { NULL, aggregate };

      if ((xlsx_temp = nb_export_begin (xlsx_path, &error)) == NULL ||
          !nb_xlsx_export (nb_aggregate_get_result (aggregate), NULL, xlsx_temp, &options, &error))
        {
          g_printerr ("%s\n", error->message);
          nb_export_abort (xlsx_temp);
          return NB_CLI_EXIT_UNREADABLE;
        }
    }
  if (!nb_storage_save_file (nb_aggregate_get_result (aggregate), out, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      nb_export_abort (xlsx_temp);
      return NB_CLI_EXIT_UNREADABLE;
    }
  if (xlsx_temp != NULL && !nb_export_commit (xlsx_temp, xlsx_path, &error))
    {
      g_printerr (_("%s was written, but not the workbook: %s\n"), out_name, error->message);
      return NB_CLI_EXIT_UNREADABLE;
    }

  g_print (ngettext ("Consolidated %u report for %d into %s as “%s”\n",
                     "Consolidated %u reports for %d into %s as “%s”\n", n_sources),
           n_sources, nb_aggregate_get_year (aggregate), out_name,
           nb_aggregate_get_agency (aggregate));
  return nb_aggregate_is_clean (aggregate) ? NB_CLI_EXIT_CLEAN : NB_CLI_EXIT_PROBLEMS;
}
