/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "nb-decimal.h"
#include "nb-template.h"
#include "nb-types.h"

G_BEGIN_DECLS

#define NB_REPORT_ERROR (nb_report_error_quark ())

typedef enum
{
  NB_REPORT_ERROR_INVALID_VALUE,  /* R5: wrong kind, negative, too many decimals */
  NB_REPORT_ERROR_UNKNOWN_CELL,
  NB_REPORT_ERROR_UNKNOWN_SECTION,
} NbReportError;

/* Headings are levels 1–3 (一、 / （一） / 1.); 0 is a paragraph. */
typedef struct
{
  guint  level;
  char  *text;
} NbBlock;

/* Signals: "changed" (NbChangeKind kind, const char *detail) once per changed
 * value; "edited" once per complete edit, undo or redo. */
#define NB_TYPE_REPORT (nb_report_get_type ())
G_DECLARE_FINAL_TYPE (NbReport, nb_report, NB, REPORT, GObject)

GQuark          nb_report_error_quark        (void);

NbReport       *nb_report_new                (NbTemplate       *template);
NbTemplate     *nb_report_get_template       (NbReport         *self);

/* Meta (单位名称, 年度, contact, 署名, 成文日期). Never NULL: "" when unset. */
const char     *nb_report_get_meta           (NbReport         *self,
                                              NbMetaField       field);
void            nb_report_set_meta           (NbReport         *self,
                                              NbMetaField       field,
                                              const char       *value);
int             nb_report_get_year           (NbReport         *self);
const char     *nb_report_meta_field_key     (NbMetaField       field);
GBytes         *nb_report_get_seal           (NbReport         *self);
void            nb_report_set_seal           (NbReport         *self,
                                              GBytes           *image);

/* Cells, by template cell index. A blank cell returns FALSE. */
gboolean        nb_report_get_value          (NbReport         *self,
                                              guint             cell,
                                              NbDecimal        *out);
gboolean        nb_report_is_blank           (NbReport         *self,
                                              guint             cell);
gboolean        nb_report_set_value          (NbReport         *self,
                                              guint             cell,
                                              const NbDecimal  *value,
                                              GError          **error);
gboolean        nb_report_set_value_by_id    (NbReport         *self,
                                              const char       *cell_id,
                                              const NbDecimal  *value,
                                              GError          **error);
char           *nb_report_format_value       (NbReport         *self,
                                              guint             cell);

/* Prose sections. */
guint           nb_report_get_n_blocks       (NbReport         *self,
                                              const char       *section_id);
const NbBlock  *nb_report_get_block          (NbReport         *self,
                                              const char       *section_id,
                                              guint             index);
void            nb_report_set_blocks         (NbReport         *self,
                                              const char       *section_id,
                                              const NbBlock    *blocks,
                                              guint             n_blocks);
char           *nb_report_get_section_text   (NbReport         *self,
                                              const char       *section_id);
void            nb_report_set_section_text   (NbReport         *self,
                                              const char       *section_id,
                                              const char       *text);
void            nb_report_set_block_level    (NbReport         *self,
                                              const char       *section_id,
                                              guint             index,
                                              guint             level);
guint           nb_block_guess_level         (const char       *text);
char           *nb_text_normalize_line_breaks (const char      *text);

/* Settings stored in the file. */
gboolean        nb_report_get_auto_totals    (NbReport         *self);
void            nb_report_set_auto_totals    (NbReport         *self,
                                              gboolean          auto_totals);
void            nb_report_recompute_totals   (NbReport         *self);
guint           nb_report_count_changed_totals (NbReport       *self);

/* Undo: every edit above is one step, or one group between begin/end. */
void            nb_report_begin_group        (NbReport         *self);
void            nb_report_end_group          (NbReport         *self);
gboolean        nb_report_can_undo           (NbReport         *self);
gboolean        nb_report_can_redo           (NbReport         *self);
gboolean        nb_report_undo               (NbReport         *self);
gboolean        nb_report_redo               (NbReport         *self);
void            nb_report_clear_history      (NbReport         *self);

/* Modified since the last nb_report_set_saved (); undoing back to that point clears it. */
gboolean        nb_report_get_modified       (NbReport         *self);
void            nb_report_set_saved          (NbReport         *self);
guint64         nb_report_get_revision       (NbReport         *self);

G_END_DECLS
