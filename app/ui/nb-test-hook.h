/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "nb-application.h"

G_BEGIN_DECLS

void nb_test_hook_install (NbApplication *app);

G_END_DECLS
