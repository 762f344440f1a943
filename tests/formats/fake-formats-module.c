/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A formats module from "another version" of Nianbao, for test-formats. */
#include <gmodule.h>

G_MODULE_EXPORT const char *nb_formats_module_version (void);

G_MODULE_EXPORT const char *
nb_formats_module_version (void)
{
  return "0.0.0-another";
}
