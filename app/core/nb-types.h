/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _NbTemplate   NbTemplate;
typedef struct _NbReport     NbReport;
typedef struct _NbDiagnostic NbDiagnostic;
typedef struct _NbRules      NbRules;

typedef enum
{
  NB_CELL_KIND_COUNT,   /* integer >= 0 */
  NB_CELL_KIND_SIGNED,  /* integer, may be negative (2019 本年增/减) */
  NB_CELL_KIND_AMOUNT,  /* decimal >= 0, up to NB_DECIMAL_MAX_SCALE places */
} NbCellKind;

typedef enum
{
  NB_SEVERITY_ERROR,
  NB_SEVERITY_WARNING,
  NB_SEVERITY_INFO,
} NbSeverity;

typedef enum
{
  NB_META_AGENCY,
  NB_META_YEAR,
  NB_META_PHONE,
  NB_META_ADDRESS,
  NB_META_POSTCODE,
  NB_META_SIGNER,
  NB_META_DATE,
  NB_META_N_FIELDS
} NbMetaField;

typedef enum
{
  NB_CHANGE_CELL,
  NB_CHANGE_SECTION,
  NB_CHANGE_META,
  NB_CHANGE_SEAL,
  NB_CHANGE_SETTINGS,
  NB_CHANGE_ALL,
} NbChangeKind;

G_END_DECLS
