/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-cli"

#include "config.h"

#include <stdio.h>
#include <sys/stat.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "nb-cli.h"
#include "nb-cli-private.h"
#include "nb-rules.h"
#include "nb-storage.h"

/* Exit codes of every command: documented in --help and README.md. */
enum {
  EXIT_CLEAN = 0,
  EXIT_PROBLEMS = 1,
  EXIT_UNREADABLE = 2,
};

typedef NbCliOptions Options;

static void
options_clear (Options *o)
{
  g_free (o->previous);
  g_free (o->export_xlsx);
  g_free (o->export_pdf);
  g_free (o->aggregate);
  g_free (o->expected_agencies);
  g_free (o->agency);
  g_free (o->import_text);
  g_free (o->output);
  g_strfreev (o->remaining);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static gboolean
same_file (GFile    *a,
           GFile    *b,
           GStatBuf *b_stat)
{
  g_autofree char *path = g_file_get_path (a);
  GStatBuf st;

  if (g_file_equal (a, b))
    return TRUE;
  /* Another name for it: a symbolic or hard link, ./x and x. */
  return b_stat != NULL && path != NULL && g_stat (path, &st) == 0 &&
         st.st_dev == b_stat->st_dev && st.st_ino == b_stat->st_ino;
}

/**
 * nb_cli_output_path:
 * @arg: the command's OUT argument (a path or a file: URI)
 * @is_report: whether OUT is a report file (--output, --aggregate); when
 *   not, a report already there is refused
 * @inputs: (nullable): the files the command reads
 *
 * Exports replace their OUT atomically, so OUT must not be one of the
 * command's inputs nor, for a PDF or a workbook, a report: a shell pattern
 * (`--export-pdf *.nianbao`) puts the first report in OUT's place.
 *
 * Returns: (transfer full) (nullable): the local path to write, or %NULL
 *   once the reason is printed
 */
char *
nb_cli_output_path (const char         *arg,
                    gboolean            is_report,
                    const char * const *inputs)
{
  g_autoptr(GFile) out = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  GStatBuf st;
  gboolean exists;

  if (arg == NULL || *arg == '\0')
    {
      g_printerr (_("No output file was given; nothing was written\n"));
      return NULL;
    }
  out = g_file_new_for_commandline_arg (arg);
  name = g_file_get_parse_name (out);
  if ((path = g_file_get_path (out)) == NULL)
    {
      g_printerr (_("%s: only a file on this computer can be written; nothing was written\n"), name);
      return NULL;
    }
  exists = g_stat (path, &st) == 0;
  for (guint i = 0; inputs != NULL && inputs[i] != NULL; i++)
    {
      g_autoptr(GFile) input = g_file_new_for_commandline_arg (inputs[i]);

      if (same_file (input, out, exists ? &st : NULL))
        {
          g_printerr (_("%s is both the output and an input; nothing was written\n"), name);
          return NULL;
        }
    }
  if (exists && !is_report && S_ISREG (st.st_mode))
    {
      g_autofree char *lower = g_utf8_strdown (path, -1);
      g_autoptr(NbReport) report = NULL;

      if (!g_str_has_suffix (lower, ".nianbao"))
        report = nb_storage_load_file (out, NULL, NULL);
      if (g_str_has_suffix (lower, ".nianbao") || report != NULL)
        {
          g_printerr (_("%s is a Nianbao report, so it was not overwritten; give the output file a name of its own\n"),
                      name);
          return NULL;
        }
    }
  return g_steal_pointer (&path);
}

static NbReport *
load_or_complain (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;
  NbReport *report = nb_storage_load_file (file, NULL, &error);

  if (report == NULL)
    g_printerr ("%s\n", error->message);
  return report;
}

static int
run_check (Options *o)
{
  g_autoptr(NbReport) report = NULL;
  g_autoptr(NbReport) previous = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  gboolean errors = FALSE;

  if (o->remaining == NULL || g_strv_length (o->remaining) != 1)
    {
      g_printerr (_("--check needs exactly one report file\n"));
      return EXIT_UNREADABLE;
    }
  if ((report = load_or_complain (o->remaining[0])) == NULL)
    return EXIT_UNREADABLE;
  if (o->previous != NULL && (previous = load_or_complain (o->previous)) == NULL)
    return EXIT_UNREADABLE;
  /* As the window says when last year's report is chosen: the cross-year
   * rules then compare figures of unrelated years. */
  if (previous != NULL && nb_report_get_year (report) != 0 && nb_report_get_year (previous) != 0 &&
      nb_report_get_year (previous) + 1 != nb_report_get_year (report))
    {
      g_autofree char *message =
        g_strdup_printf (_("That report is for %d, not for %d: its figures may not match"),
                         nb_report_get_year (previous), nb_report_get_year (report) - 1);
      g_printerr ("%s: %s\n", o->previous, message);
    }

  diagnostics = nb_rules_check (report, previous);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      NbDiagnostic *d = g_ptr_array_index (diagnostics, i);
      g_autofree char *line = nb_diagnostic_to_line (d);

      g_print ("%s\n", line);
      if (nb_diagnostic_get_severity (d) == NB_SEVERITY_ERROR)
        errors = TRUE;
    }
  return errors ? EXIT_PROBLEMS : EXIT_CLEAN;
}

static gboolean
has_command (Options *o)
{
  return o->check || o->import_text != NULL || o->aggregate != NULL ||
         o->export_pdf != NULL || o->export_xlsx != NULL;
}

/* One command at a time (--export-xlsx may come with --aggregate), and no
 * option the command would ignore: either would leave out something asked
 * for while exiting as if all was done. */
static gboolean
check_combination (Options *o)
{
  const struct {
    gboolean    given;
    const char *name;
  } commands[] = {
    { o->check, "--check" },
    { o->import_text != NULL, "--import-text" },
    { o->aggregate != NULL, "--aggregate" },
    { o->export_pdf != NULL, "--export-pdf" },
    { o->export_xlsx != NULL && o->aggregate == NULL, "--export-xlsx" },
  };
  const struct {
    gboolean    given;
    gboolean    allowed;
    const char *name;
    const char *with;
  } options[] = {
    { o->previous != NULL, o->check || (o->export_xlsx != NULL && o->aggregate == NULL),
      "--previous", "--check or --export-xlsx" },
    { o->final, o->export_pdf != NULL, "--final", "--export-pdf" },
    { o->agency != NULL, o->aggregate != NULL, "--agency", "--aggregate" },
    { o->expected_agencies != NULL, o->aggregate != NULL, "--expected-agencies", "--aggregate" },
    { o->output != NULL, o->import_text != NULL, "--output", "--import-text" },
  };
  const char *first = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (!commands[i].given)
        continue;
      if (first != NULL)
        {
          /* TRANSLATORS: the two commands given, e.g. --check and --export-pdf */
          g_printerr (_("%s and %s cannot be given together: run one command at a time\n"),
                      first, commands[i].name);
          return FALSE;
        }
      first = commands[i].name;
    }
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    if (options[i].given && !options[i].allowed)
      {
        /* TRANSLATORS: an option and the command(s) it belongs to */
        g_printerr (_("%s only goes with %s\n"), options[i].name, options[i].with);
        return FALSE;
      }
  return TRUE;
}

int
nb_cli_main (int              argc,
             char           **argv,
             NbCliWindowMain  window_main)
{
  g_auto(Options) o = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  const GOptionEntry entries[] = {
    { "check", 0, 0, G_OPTION_ARG_NONE, &o.check,
      N_("Check the sums and rules of FILE and print one problem per line; exit 0 when there are no errors, 1 when there are, 2 when FILE cannot be read"), NULL },
    { "previous", 0, 0, G_OPTION_ARG_FILENAME, &o.previous,
      N_("Last year's report, for the cross-year rules (with --check)"), N_("LAST-YEAR-FILE") },
    { "export-xlsx", 0, 0, G_OPTION_ARG_FILENAME, &o.export_xlsx,
      N_("Write FILE as an xlsx workbook for the higher-level bureau to OUT; exit 0 when the report is clean, 1 when it has errors, 2 when FILE cannot be read or OUT cannot be written (nothing is written then)"), N_("OUT") },
    { "export-pdf", 0, 0, G_OPTION_ARG_FILENAME, &o.export_pdf,
      N_("Write FILE as a PDF to sign, seal and file to OUT; exit 0 when the report is clean, 1 when it has errors (the pages then carry a 草稿 watermark unless --final is given), 2 when FILE cannot be read or OUT cannot be written (nothing is written then)"), N_("OUT") },
    { "final", 0, 0, G_OPTION_ARG_NONE, &o.final,
      N_("With --export-pdf: leave out the 草稿 (draft) watermark even if the report has errors"), NULL },
    { "aggregate", 0, 0, G_OPTION_ARG_FILENAME, &o.aggregate,
      N_("Consolidate (汇总) the reports FILE… (a folder means every .nianbao in it) into OUT, one report of the same form and year; exit 0 when every input is read and clean, 1 when OUT was written but inputs have errors or were left out, a sum overflowed or an expected agency is missing, 2 when no report could be read (nothing is written then)"), N_("OUT") },
    { "agency", 0, 0, G_OPTION_ARG_STRING, &o.agency,
      N_("With --aggregate: the consolidating office, written as the result's agency (default: the sources' common place name followed by 汇总)"), N_("NAME") },
    { "expected-agencies", 0, 0, G_OPTION_ARG_FILENAME, &o.expected_agencies,
      N_("With --aggregate: a text file with one agency name per line; the agencies that sent no report are listed"), N_("LIST") },
    { "import-text", 0, 0, G_OPTION_ARG_FILENAME, &o.import_text,
      N_("Read a published report (text copied from a web page or written by pdftotext -layout, HTML, or .docx) into the report file given by --output, printing what could not be read; exit 0 when every cell was read, 1 when the report was written with notes, 2 when nothing usable was found (nothing is written then)"), N_("IN") },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &o.output,
      N_("The report file --import-text writes"), N_("OUT") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o.remaining, NULL, N_("[FILE…]") },
    { NULL }
  };
  int n_args;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
    _("Author the annual government information disclosure report (政府信息公开工作年度报告).\n"
      "Without a command, FILE opens in the window."));
  g_option_context_set_description (context,
    _("Commands run without a display. Errors go to standard error; exit status 0 means\n"
      "clean, 1 means the report has errors, 2 means a file could not be read or written."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* GTK's own options (--display…) pass through to the window. */
  g_option_context_set_ignore_unknown_options (context, TRUE);

  args = g_strdupv (argv);
  n_args = argc;
  {
    char **parse_args = g_memdup2 (args, sizeof (char *) * (argc + 1));
    gboolean ok = g_option_context_parse (context, &n_args, &parse_args, &error);

    /* Unknown options stay for GTK's window; beside a command they are
     * mistakes (a misspelt --expected-agencies would check nothing). */
    for (int i = 1; ok && i < n_args && has_command (&o); i++)
      if (parse_args[i][0] == '-' && parse_args[i][1] != '\0')
        {
          g_printerr (_("Unknown option %s\n"), parse_args[i]);
          g_free (parse_args);
          return EXIT_UNREADABLE;
        }
    g_free (parse_args);
    if (!ok)
      {
        g_printerr ("%s\n", error->message);
        return EXIT_UNREADABLE;
      }
  }
  if (!check_combination (&o))
    return EXIT_UNREADABLE;

  if (o.import_text)
    return nb_cli_import (&o);
  if (o.check)
    return run_check (&o);
  if (o.aggregate)
    return nb_cli_aggregate (&o);
  if (o.export_pdf)
    return nb_cli_export_pdf (&o);
  if (o.export_xlsx)
    return nb_cli_export_xlsx (&o);

  return window_main (argc, argv);
}
