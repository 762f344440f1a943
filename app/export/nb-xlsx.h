/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "nb-aggregate.h"
#include "nb-report.h"

G_BEGIN_DECLS

/**
 * NbXlsxOptions:
 * @created: (nullable): the creation time written to the workbook
 *   properties; %NULL means now. Tests fix it so two exports of the same
 *   report give the same XML.
 *
 * @aggregate: (nullable): for a consolidated report, the consolidation
 *   it came from: a 明细 sheet then lists every source agency's values
 *   (one row per agency, one column per cell id). Call
 *   nb_aggregate_get_result () before an async export; the thread only reads.
 *
 * Options of nb_xlsx_export (). Zero-initialise and set what you need;
 * a %NULL options pointer means all defaults.
 */
typedef struct
{
  GDateTime   *created;
  NbAggregate *aggregate;
} NbXlsxOptions;

/* The four sheets of the workbook, in order. Their names are part of the
 * workbook format the bureau relies on, so they are never translated. */
#define NB_XLSX_SHEET_FORM        "报表"
#define NB_XLSX_SHEET_PROSE       "文字"
#define NB_XLSX_SHEET_DATA        "数据"
#define NB_XLSX_SHEET_DIAGNOSTICS "校验"
/* Only in the workbook of a consolidated report, after 数据. */
#define NB_XLSX_SHEET_BREAKDOWN   "明细"

gboolean  nb_xlsx_export         (NbReport             *report,
                                  NbReport             *previous,
                                  const char           *path,
                                  const NbXlsxOptions  *options,
                                  GError              **error);

void      nb_xlsx_export_async   (NbReport             *report,
                                  NbReport             *previous,
                                  const char           *path,
                                  const NbXlsxOptions  *options,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
gboolean  nb_xlsx_export_finish  (GAsyncResult         *result,
                                  GError              **error);

G_END_DECLS
