/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes of every command: documented in --help. */
enum {
  NB_CLI_EXIT_CLEAN = 0,
  NB_CLI_EXIT_PROBLEMS = 1,
  NB_CLI_EXIT_UNREADABLE = 2,
};

/* The parsed command line, shared by the commands in nb-cli-*.c. */
typedef struct
{
  gboolean   check;
  char      *previous;
  char      *export_xlsx;
  char      *export_pdf;
  gboolean   final;
  char      *aggregate;
  char      *expected_agencies;
  char      *agency;
  char      *import_text;
  char      *output;
  char     **remaining;
} NbCliOptions;

char *nb_cli_output_path (const char         *arg,
                          gboolean            is_report,
                          const char * const *inputs);

int nb_cli_export_xlsx (NbCliOptions *o);
int nb_cli_export_pdf (NbCliOptions *o);
int nb_cli_aggregate (NbCliOptions *o);
int nb_cli_import (NbCliOptions *o);

G_END_DECLS
