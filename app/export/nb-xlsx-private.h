/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "nb-xlsx.h"

G_BEGIN_DECLS

/* In the formats module (nb-xlsx-workbook.c): call it through
 * nb_formats_lookup (), never directly. */
gboolean  _nb_xlsx_write  (NbReport             *report,
                           NbReport             *previous,
                           const char           *path,
                           const NbXlsxOptions  *options,
                           GCancellable         *cancellable,
                           GError              **error);

/* Whether @c takes a full em in the workbook's width estimates: East Asian
 * Wide, Fullwidth or Ambiguous. Most text measured is ASCII or CJK, decided
 * here without GLib's table searches (a twentieth of an export's time). */
static inline gboolean
_nb_xlsx_char_is_wide (gunichar c)
{
  if (c < 0x80)
    return FALSE;
  if ((c >= 0x4E00 && c <= 0x9FFF) ||    /* CJK Unified Ideographs */
      (c >= 0x3000 && c <= 0x303E) ||    /* CJK Symbols and Punctuation */
      (c >= 0xFF01 && c <= 0xFF60))      /* Fullwidth Forms */
    return TRUE;
  return g_unichar_iswide (c) || g_unichar_iswide_cjk (c);
}

G_END_DECLS
