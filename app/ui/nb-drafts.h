/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "nb-report.h"

G_BEGIN_DECLS

/**
 * NbDraftInfo:
 * @id: the draft's id (a UUID), also its file name
 * @uri: (nullable): the document's own file, %NULL when it was never saved
 * @title: the window title when the draft was written
 * @saved: (nullable): when the draft was written
 *
 * A draft left behind by a Nianbao that did not close properly.
 */
typedef struct
{
  char      *id;
  char      *uri;
  char      *title;
  GDateTime *saved;
} NbDraftInfo;

#define NB_TYPE_DRAFT_INFO (nb_draft_info_get_type ())
GType        nb_draft_info_get_type  (void) G_GNUC_CONST;
NbDraftInfo *nb_draft_info_copy      (const NbDraftInfo *info);
void         nb_draft_info_free      (NbDraftInfo       *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NbDraftInfo, nb_draft_info_free)

#define NB_TYPE_DRAFTS (nb_drafts_get_type ())
G_DECLARE_FINAL_TYPE (NbDrafts, nb_drafts, NB, DRAFTS, GObject)

NbDrafts   *nb_drafts_new           (GFile                *dir);
GFile      *nb_drafts_get_dir       (NbDrafts             *self);
char       *nb_drafts_new_id        (void);
GFile      *nb_drafts_get_file      (NbDrafts             *self,
                                     const char           *id);
gboolean    nb_drafts_write         (NbDrafts             *self,
                                     const char           *id,
                                     const char           *data,
                                     gsize                 length,
                                     const char           *uri,
                                     const char           *title,
                                     GCancellable         *cancellable,
                                     GError              **error);
void        nb_drafts_write_async   (NbDrafts             *self,
                                     const char           *id,
                                     GBytes               *data,
                                     const char           *uri,
                                     const char           *title,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
gboolean    nb_drafts_write_finish  (NbDrafts             *self,
                                     GAsyncResult         *result,
                                     GError              **error);
gboolean    nb_drafts_remove        (NbDrafts             *self,
                                     const char           *id,
                                     GError              **error);
GPtrArray  *nb_drafts_list_orphans  (NbDrafts             *self);
NbReport   *nb_drafts_load          (NbDrafts             *self,
                                     const char           *id,
                                     GError              **error);
gboolean    nb_drafts_claim         (NbDrafts             *self,
                                     const char           *id,
                                     GError              **error);

G_END_DECLS
