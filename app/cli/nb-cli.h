/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs the window when the command line asks for no command-line action. */
typedef int (*NbCliWindowMain) (int    argc,
                                char **argv);

int nb_cli_main (int              argc,
                 char           **argv,
                 NbCliWindowMain  window_main);

G_END_DECLS
