/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gmodule.h>

/* Built into the formats module only: nb_formats_lookup () refuses a
 * module from another version of Nianbao. */
G_MODULE_EXPORT const char *nb_formats_module_version (void);

G_MODULE_EXPORT const char *
nb_formats_module_version (void)
{
  return PACKAGE_VERSION;
}
