/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "nb-report.h"

G_BEGIN_DECLS

#define NB_IMPORT_ERROR (nb_import_error_quark ())

typedef enum
{
  NB_IMPORT_ERROR_EMPTY,          /* an empty file or blank text */
  NB_IMPORT_ERROR_NOT_TEXT,       /* binary data, or text in an unknown encoding */
  NB_IMPORT_ERROR_UNSUPPORTED,    /* a PDF, a legacy .doc, a spreadsheet… (says what to do) */
  NB_IMPORT_ERROR_CORRUPT,        /* a .docx or HTML file that cannot be read */
  NB_IMPORT_ERROR_TOO_LARGE,
  NB_IMPORT_ERROR_NOT_A_REPORT,   /* readable, but neither its tables nor its sections were found */
} NbImportError;

/* Larger inputs are refused: a published report is well under 1 MB of text. */
#define NB_IMPORT_MAX_SIZE (32 * 1024 * 1024)

typedef enum
{
  NB_IMPORT_NOTE_NOT_READ,    /* cells left blank: not found, not a number, or ambiguous */
  NB_IMPORT_NOTE_GUESSED,     /* a judgement to check: a value placed by reasoning, a guessed agency or year */
  NB_IMPORT_NOTE_DEVIATION,   /* the publication differs from the format (a mistyped label…), read faithfully */
} NbImportNoteKind;

/**
 * NbImportNote:
 * @kind: what the note is about
 * @section_id: (nullable): the section concerned ("requests"), if any
 * @cell_ids: (nullable) (array zero-terminated=1): the cells concerned, if any
 * @message: one sentence in the UI language naming the rows and cells concerned
 *
 * What the import could not read, guessed, or found different from the format.
 */
typedef struct
{
  NbImportNoteKind   kind;
  char              *section_id;
  char             **cell_ids;
  char              *message;
} NbImportNote;

GQuark        nb_import_error_quark    (void);

void          nb_import_note_free      (NbImportNote   *note);
/* "not-read requests.new.legal: …" — the kind, the cells (if any), the message. */
char         *nb_import_note_to_line   (const NbImportNote *note);
const char   *nb_import_note_kind_to_string (NbImportNoteKind kind);

/* A published report (.txt as copied from a web page or written by
 * `pdftotext -layout`, .html, .docx; sniffed from the content, not the name)
 * read into a new report of the right form (2019 or 2021). @notes (optional)
 * receives a GPtrArray of NbImportNote*. No number is ever invented: a cell
 * that cannot be read stays blank and is listed in a note. NULL with
 * NB_IMPORT_ERROR_NOT_A_REPORT when nothing usable is found. Blocking: run it
 * in a thread (nb_import_file_async) from the window. */
NbReport     *nb_import_file           (GFile          *file,
                                        GPtrArray     **notes,
                                        GError        **error);
/* The same for bytes already read (any supported format); @name is used in messages. */
NbReport     *nb_import_data           (const char     *data,
                                        gsize           length,
                                        const char     *name,
                                        GPtrArray     **notes,
                                        GError        **error);
/* Pasted text (UTF-8): web text or pdftotext output, or HTML. */
NbReport     *nb_import_text           (const char     *text,
                                        gssize          length,
                                        const char     *name,
                                        GPtrArray     **notes,
                                        GError        **error);

void          nb_import_file_async     (GFile               *file,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
NbReport     *nb_import_file_finish    (GAsyncResult        *result,
                                        GPtrArray          **notes,
                                        GError             **error);

/* TRUE when every cell of @report was read (none blank, no NOT_READ note,
 * about cells or 基本信息, and no GUESSED note about cells):
 * `nianbao --import-text` then exits 0. */
gboolean      nb_import_is_complete    (NbReport       *report,
                                        GPtrArray      *notes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NbImportNote, nb_import_note_free)

G_END_DECLS
