/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "nb-types.h"

G_BEGIN_DECLS

#define NB_TEMPLATE_ERROR (nb_template_error_quark ())

typedef enum
{
  NB_TEMPLATE_ERROR_NOT_FOUND,
  NB_TEMPLATE_ERROR_INVALID,
} NbTemplateError;

/* The template every new report starts from. */
#define NB_TEMPLATE_DEFAULT_ID "gov-disclosure-2021"

typedef struct
{
  const char *id;        /* "overview" */
  const char *title;     /* "一、总体情况", NULL for the preamble */
  const char *table_id;  /* NULL for prose sections */
  const char *hint;      /* what the format asks the section to cover, may be NULL */
} NbTemplateSection;

typedef struct
{
  guint       index;     /* position in nb_template_get_cell () */
  const char *id;        /* "requests.result.withheld.state_secret.total" */
  const char *table_id;  /* "requests" */
  const char *row_id;    /* "result.withheld.state_secret", "" when the table has one unnamed row */
  const char *col_id;    /* "total", "reconsideration.upheld" */
  NbCellKind  kind;
  gboolean    is_total;  /* computed by an auto-total sum rule (R1, R2, R4) */
  const char *row_label; /* leaf row label, "" when none */
  const char *col_label; /* leaf column label */
  const char *row_path;  /* labels from the top of the row tree, joined by " / " */
  const char *col_path;  /* labels from the top of the column tree, joined by " / " */
  guint       grid_row;  /* position in the table's layout grid */
  guint       grid_col;
  guint       grid_col_span;
} NbTemplateCell;

typedef enum
{
  NB_GRID_CAPTION,        /* block caption merged across the table, "第二十条第（一）项" */
  NB_GRID_CORNER,         /* top-left header cell ("信息内容", the 勾稽关系 note) */
  NB_GRID_COLUMN_HEADER,
  NB_GRID_ROW_HEADER,
  NB_GRID_DATA,
} NbGridRole;

/* One cell of a table drawn like the official form: every span is explicit
 * so the grid editor, the PDF and the xlsx merge exactly the same cells. */
typedef struct
{
  NbGridRole  role;
  guint       row;
  guint       col;
  guint       row_span;
  guint       col_span;
  const char *text;       /* label; NULL for data cells */
  int         cell;       /* template cell index for NB_GRID_DATA, else -1 */
  guint       level;      /* depth in the row/column tree, 0 at the top */
} NbTemplateGridCell;

typedef struct
{
  const char               *id;
  const char               *section_id;
  guint                     n_rows;
  guint                     n_cols;
  guint                     n_label_cols;   /* leading columns holding row labels */
  guint                     n_grid_cells;
  const NbTemplateGridCell *grid_cells;     /* sorted by row, then column */
  /* Per grid row: TRUE for caption/header rows. A table split across pages
   * repeats the header rows of the block the page continues. */
  const gboolean           *row_is_header;
  const guint              *row_block;      /* block index of each grid row */
  guint                     n_blocks;
} NbTemplateTable;

#define NB_TYPE_TEMPLATE (nb_template_get_type ())
G_DECLARE_FINAL_TYPE (NbTemplate, nb_template, NB, TEMPLATE, GObject)

GQuark                    nb_template_error_quark       (void);

NbTemplate               *nb_template_load              (const char  *id,
                                                         GError     **error);
NbTemplate               *nb_template_new_from_data     (const char  *data,
                                                         gssize       length,
                                                         GError     **error);
const char * const       *nb_template_list_ids          (void);
const char               *nb_template_id_for_year       (int          year);
gboolean                  nb_template_is_for_year       (NbTemplate  *self,
                                                         int          year);

const char               *nb_template_get_id            (NbTemplate  *self);
const char               *nb_template_get_name          (NbTemplate  *self);
const char               *nb_template_get_report_title  (NbTemplate  *self);
const char               *nb_template_get_basis         (NbTemplate  *self);
const char               *nb_template_get_meta_label    (NbTemplate  *self,
                                                         NbMetaField  field);
const char               *nb_template_get_draft_mark    (NbTemplate  *self);

guint                     nb_template_get_n_sections    (NbTemplate  *self);
const NbTemplateSection  *nb_template_get_section       (NbTemplate  *self,
                                                         guint        index);
int                       nb_template_lookup_section    (NbTemplate  *self,
                                                         const char  *section_id);

guint                     nb_template_get_n_tables      (NbTemplate  *self);
const NbTemplateTable    *nb_template_get_table         (NbTemplate  *self,
                                                         guint        index);
const NbTemplateTable    *nb_template_lookup_table      (NbTemplate  *self,
                                                         const char  *table_id);

guint                     nb_template_get_n_cells       (NbTemplate  *self);
const NbTemplateCell     *nb_template_get_cell          (NbTemplate  *self,
                                                         guint        index);
int                       nb_template_lookup_cell       (NbTemplate  *self,
                                                         const char  *cell_id);
guint                    *nb_template_get_row_cells     (NbTemplate  *self,
                                                         const char  *table_id,
                                                         const char  *row_id,
                                                         guint       *n_cells);
const guint              *nb_template_get_total_parts   (NbTemplate  *self,
                                                         guint        cell,
                                                         guint       *n_parts);
const guint              *nb_template_get_other_total_parts (NbTemplate *self,
                                                             guint       cell,
                                                             guint      *n_parts);
const guint              *nb_template_get_total_order   (NbTemplate  *self,
                                                         guint       *n_totals);
char                     *nb_template_get_label_path    (NbTemplate  *self,
                                                         guint        cell);
const char               *nb_template_get_cell_section  (NbTemplate  *self,
                                                         guint        cell);

G_END_DECLS
