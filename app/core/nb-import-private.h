/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "nb-import.h"
#include "nb-template.h"

G_BEGIN_DECLS

/* Every input form is first turned into a list of lines: text (a paragraph,
 * a heading, or a line of `pdftotext -layout` output with its column
 * spacing kept) or table cells. The rest of the import never looks at the
 * input format again. */
typedef enum
{
  NB_IMP_LINE_TEXT,   /* text as printed */
  NB_IMP_LINE_ROW,    /* one table row: the cells of an HTML/docx <tr>, or a tab-separated line */
  NB_IMP_LINE_CELLS,  /* cells whose row is unknown: a web copy's "text |" lines */
} NbImpLineKind;

typedef struct
{
  NbImpLineKind  kind;
  char          *text;   /* NB_IMP_LINE_TEXT */
  GPtrArray     *cells;  /* char*, trimmed; "" for an empty cell */
} NbImpLine;

typedef struct
{
  GPtrArray *lines;      /* NbImpLine* */
  gboolean   wrapped;    /* text lines are printed lines (PDF text): paragraphs span several */
  char      *title_hint; /* an HTML <title>, used when the body has no title line */
} NbImpDoc;

NbImpDoc  *_nb_imp_doc_new            (void);
void       _nb_imp_doc_free           (NbImpDoc   *doc);
void       _nb_imp_doc_add_text       (NbImpDoc   *doc,
                                       const char *text);
void       _nb_imp_doc_add_cells      (NbImpDoc   *doc,
                                       NbImpLineKind kind,
                                       GPtrArray  *cells);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NbImpDoc, _nb_imp_doc_free)

/* nb-import-markup.c, in the formats module: call them through
 * nb_formats_lookup (), never directly. */
NbImpDoc  *_nb_import_read_html       (const char *data,
                                       gsize       length,
                                       GError    **error);
NbImpDoc  *_nb_import_read_docx       (const char *data,
                                       gsize       length,
                                       GError    **error);

/* nb-import-table.c */
void       _nb_import_add_note        (GPtrArray        *notes,
                                       NbImportNoteKind  kind,
                                       const char       *section_id,
                                       GPtrArray        *cell_ids,
                                       const char       *format,
                                       ...) G_GNUC_PRINTF (5, 6);

/* Canonical form for comparing labels: NFKC, numbering ("1、", "（1）",
 * "1．" → one unit per level and number), no punctuation or spaces. */
GArray    *_nb_imp_units_new          (const char *text);
/* The number of the numbering @units start with ("（六）", "6." → 6), or -1. */
int        _nb_imp_units_numbering    (GArray     *units);
/* Best placement of @label's units inside @text's, as a share of a perfect
 * match (1.0); a typo costs a little, missing characters more. */
double     _nb_imp_units_find         (GArray     *label,
                                       GArray     *text);

typedef struct _NbImpZone NbImpZone;

NbImpZone *_nb_imp_zone_new           (void);
void       _nb_imp_zone_free          (NbImpZone  *zone);
void       _nb_imp_zone_add_line      (NbImpZone  *zone,
                                       NbImpLine  *line,
                                       gboolean    layout);
/* Characters of label text: the tables of a report hold a few thousand. */
#define NB_IMP_ZONE_MAX_SIZE 200000
guint      _nb_imp_zone_get_size      (NbImpZone  *zone);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NbImpZone, _nb_imp_zone_free)

/* Which form the tables follow: "gov-disclosure-2019" or "-2021", from the
 * labels only one of them has; NULL when the tables say nothing. */
const char *_nb_imp_zone_guess_template (NbImpZone *zone,
                                         NbTemplate *t2019,
                                         NbTemplate *t2021);
/* Reads every table cell of @report's template from @zone into @report,
 * adding notes. Returns the number of cells read. */
guint      _nb_imp_zone_read_tables   (NbImpZone  *zone,
                                       NbReport   *report,
                                       GPtrArray  *notes);

G_END_DECLS
