/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "nb-diagnostic.h"
#include "nb-report.h"

G_BEGIN_DECLS

#define NB_AGGREGATE_ERROR (nb_aggregate_error_quark ())

typedef enum
{
  NB_AGGREGATE_ERROR_TEMPLATE_MISMATCH,  /* another form than the other inputs */
  NB_AGGREGATE_ERROR_YEAR_MISMATCH,      /* another year than the other inputs */
  NB_AGGREGATE_ERROR_NO_YEAR,            /* the input has no 年度 */
  NB_AGGREGATE_ERROR_DUPLICATE,          /* the same file twice */
  NB_AGGREGATE_ERROR_EXCLUDED,           /* the file excluded with nb_aggregate_exclude_file () */
  NB_AGGREGATE_ERROR_EMPTY_FOLDER,       /* a folder without any .nianbao file */
  NB_AGGREGATE_ERROR_INVALID_LIST,       /* an expected-agency list that is not UTF-8 text */
} NbAggregateError;

/* Rule ids of the notes (nb_aggregate_get_notes ()): NbDiagnostic objects, so
 * the problems panel and `--check`-style lines show them like any other. */
#define NB_AGGREGATE_NOTE_UNREADABLE  "AGG-UNREADABLE"  /* error: an input could not be read */
#define NB_AGGREGATE_NOTE_REFUSED     "AGG-REFUSED"     /* error: other form/year, no year, empty folder */
#define NB_AGGREGATE_NOTE_DUPLICATE   "AGG-DUPLICATE"   /* warning: a file listed twice; error: an agency's figures counted twice */
#define NB_AGGREGATE_NOTE_NO_AGENCY   "AGG-NO-AGENCY"   /* warning: a source without 单位名称 */
#define NB_AGGREGATE_NOTE_NESTED      "AGG-NESTED"      /* warning: a consolidation left out (its agencies are all given on their own) */
#define NB_AGGREGATE_NOTE_BLANK       "AGG-BLANK"       /* warning: some sources left the cell blank */
#define NB_AGGREGATE_NOTE_OVERFLOW    "AGG-OVERFLOW"    /* error: the sum does not fit; the cell stays blank */
#define NB_AGGREGATE_NOTE_MISSING     "AGG-MISSING"     /* error: an expected agency sent no report */
#define NB_AGGREGATE_NOTE_UNEXPECTED  "AGG-UNEXPECTED"  /* warning: a source not on the expected list */

/**
 * NbAggregate:
 *
 * Consolidation (汇总) of many agencies' reports of one form and one year
 * into an ordinary #NbReport, cell by cell and exactly, plus the per-agency
 * breakdown (each source's report and its own diagnostics) and notes about
 * blanks, overflows, refused inputs and missing agencies.
 *
 * Configure it (agency, expected agencies, excluded output file), then add
 * inputs; the result and notes are computed on first use after the last
 * change. Not thread-safe: while nb_aggregate_add_files_async () runs, touch
 * the object only from its callback.
 */
#define NB_TYPE_AGGREGATE (nb_aggregate_get_type ())
G_DECLARE_FINAL_TYPE (NbAggregate, nb_aggregate, NB, AGGREGATE, GObject)

GQuark        nb_aggregate_error_quark             (void);

NbAggregate  *nb_aggregate_new                     (void);

/* The consolidating office, written as the result's 单位名称. NULL means the
 * default: the sources' common place name (their longest common prefix cut
 * after its last 省/市/区/县/旗/盟/州/镇/乡) followed by "汇总", or "汇总". */
const char   *nb_aggregate_get_agency              (NbAggregate          *self);
void          nb_aggregate_set_agency              (NbAggregate          *self,
                                                    const char           *agency);

/* Agencies that must send a report; absent ones become AGG-MISSING notes.
 * Names match ignoring whitespace and full-width/half-width forms. */
void                nb_aggregate_set_expected_agencies (NbAggregate          *self,
                                                        const char * const   *agencies);
const char * const *nb_aggregate_get_expected_agencies (NbAggregate          *self);
char              **nb_aggregate_parse_agency_list     (const char           *data,
                                                        gssize                length,
                                                        const char           *name,
                                                        GError              **error);
char              **nb_aggregate_load_agency_list      (GFile                *file,
                                                        GCancellable         *cancellable,
                                                        GError              **error);

/* Never read @file as an input (the output of the consolidation, so a run
 * into the folder it reads never counts its previous result). */
void          nb_aggregate_exclude_file            (NbAggregate          *self,
                                                    GFile                *file);

/* Inputs. */
gboolean      nb_aggregate_add_report              (NbAggregate          *self,
                                                    NbReport             *report,
                                                    GFile                *file,
                                                    GError              **error);
gboolean      nb_aggregate_add_files               (NbAggregate          *self,
                                                    GListModel           *files,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
void          nb_aggregate_add_files_async         (NbAggregate          *self,
                                                    GListModel           *files,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean      nb_aggregate_add_files_finish        (NbAggregate          *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* The consolidated report (NULL until a source was added). */
NbReport     *nb_aggregate_get_result              (NbAggregate          *self);
NbTemplate   *nb_aggregate_get_template            (NbAggregate          *self);
int           nb_aggregate_get_year                (NbAggregate          *self);
GListModel   *nb_aggregate_get_notes               (NbAggregate          *self);
GPtrArray    *nb_aggregate_dup_note_list           (NbAggregate          *self);
guint         nb_aggregate_get_n_blank             (NbAggregate          *self,
                                                    guint                 cell);
gboolean      nb_aggregate_get_overflowed          (NbAggregate          *self,
                                                    guint                 cell);
char        **nb_aggregate_get_missing_agencies    (NbAggregate          *self);
guint         nb_aggregate_get_n_rejected          (NbAggregate          *self);
gboolean      nb_aggregate_is_clean                (NbAggregate          *self);

/* The per-agency breakdown, in input order (a folder's files by name). */
guint         nb_aggregate_get_n_sources           (NbAggregate          *self);
const char   *nb_aggregate_get_source_agency       (NbAggregate          *self,
                                                    guint                 index);
GFile        *nb_aggregate_get_source_file         (NbAggregate          *self,
                                                    guint                 index);
NbReport     *nb_aggregate_get_source_report       (NbAggregate          *self,
                                                    guint                 index);
GPtrArray    *nb_aggregate_get_source_diagnostics  (NbAggregate          *self,
                                                    guint                 index);
guint         nb_aggregate_get_source_n_errors     (NbAggregate          *self,
                                                    guint                 index);
guint         nb_aggregate_get_source_n_warnings   (NbAggregate          *self,
                                                    guint                 index);

/* TRUE when @report was made by a consolidation (its preamble lists its sources). */
gboolean      nb_aggregate_is_consolidated         (NbReport             *report);

G_END_DECLS
