/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-drafts"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "nb-drafts.h"
#include "nb-storage.h"

/**
 * NbDrafts:
 *
 * Crash recovery. Every open document with unsaved changes has a draft,
 * `<id>.nianbao`, and a session file, `<id>.session`, in
 * `$XDG_DATA_HOME/nianbao/drafts/`. The session file says which document the
 * draft belongs to and which process owns it (pid, process start time and
 * boot id, so a recycled pid is never mistaken for the owner). A draft whose
 * owner is gone is an orphan: Nianbao stopped without saving, and the next
 * start offers it back.
 *
 * Both files are written atomically (temporary file, fsync, rename), the
 * session first: a kill at any moment leaves the previous draft or the new
 * one, never a torn one. Only GIO here, no GTK: the command line and tests
 * can use it without a display.
 */
struct _NbDrafts
{
  GObject  parent_instance;

  GFile   *dir;
};

G_DEFINE_FINAL_TYPE (NbDrafts, nb_drafts, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (NbDraftInfo, nb_draft_info, nb_draft_info_copy, nb_draft_info_free)

enum {
  PROP_0,
  PROP_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define SESSION_GROUP "Draft"

NbDraftInfo *
nb_draft_info_copy (const NbDraftInfo *info)
{
  NbDraftInfo *copy = g_new0 (NbDraftInfo, 1);

  copy->id = g_strdup (info->id);
  copy->uri = g_strdup (info->uri);
  copy->title = g_strdup (info->title);
  copy->saved = info->saved != NULL ? g_date_time_ref (info->saved) : NULL;
  return copy;
}

void
nb_draft_info_free (NbDraftInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info->uri);
  g_free (info->title);
  g_clear_pointer (&info->saved, g_date_time_unref);
  g_free (info);
}

/* The boot id tells a pid of this boot from one of a boot before. */
static char *
read_boot_id (void)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents ("/proc/sys/kernel/random/boot_id", &contents, NULL, NULL))
    return g_strdup ("");
  return g_strstrip (g_steal_pointer (&contents));
}

/* Field 22 of /proc/PID/stat: when the process started, in clock ticks
 * since boot. Together with the pid it names one process for good. */
static guint64
read_start_time (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_comm;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  /* The command name is in parentheses and may itself hold spaces or ')'. */
  after_comm = strrchr (contents, ')');
  if (after_comm == NULL)
    return 0;
  fields = g_strsplit (after_comm + 1, " ", -1);
  /* fields[0] is empty (the space after ')'), fields[1] is field 3 (state). */
  if (g_strv_length (fields) < 21)
    return 0;
  return g_ascii_strtoull (fields[20], NULL, 10);
}

static gboolean
owner_is_alive (GKeyFile *session)
{
  g_autofree char *boot_id = g_key_file_get_string (session, SESSION_GROUP, "boot-id", NULL);
  g_autofree char *our_boot_id = read_boot_id ();
  gint64 pid = g_key_file_get_int64 (session, SESSION_GROUP, "pid", NULL);
  guint64 start = g_key_file_get_uint64 (session, SESSION_GROUP, "start-time", NULL);

  if (pid <= 0 || boot_id == NULL || !g_str_equal (boot_id, our_boot_id))
    return FALSE;
  if (pid == getpid ())
    return TRUE;
  if (start != 0 && g_file_test ("/proc/self/stat", G_FILE_TEST_EXISTS))
    return read_start_time ((pid_t) pid) == start;
  return kill ((pid_t) pid, 0) == 0 || errno == EPERM;
}

static void
nb_drafts_finalize (GObject *object)
{
  NbDrafts *self = NB_DRAFTS (object);

  g_clear_object (&self->dir);

  G_OBJECT_CLASS (nb_drafts_parent_class)->finalize (object);
}

static void
nb_drafts_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  NbDrafts *self = NB_DRAFTS (object);

  switch (prop_id)
    {
    case PROP_DIR:
      g_value_set_object (value, self->dir);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nb_drafts_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  NbDrafts *self = NB_DRAFTS (object);

  switch (prop_id)
    {
    case PROP_DIR:
      self->dir = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nb_drafts_constructed (GObject *object)
{
  NbDrafts *self = NB_DRAFTS (object);

  G_OBJECT_CLASS (nb_drafts_parent_class)->constructed (object);

  if (self->dir == NULL)
    self->dir = g_file_new_build_filename (g_get_user_data_dir (), "nianbao", "drafts", NULL);
}

static void
nb_drafts_class_init (NbDraftsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = nb_drafts_constructed;
  object_class->finalize = nb_drafts_finalize;
  object_class->get_property = nb_drafts_get_property;
  object_class->set_property = nb_drafts_set_property;

  properties[PROP_DIR] =
    g_param_spec_object ("dir", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
nb_drafts_init (NbDrafts *self)
{
}

/**
 * nb_drafts_new:
 * @dir: (nullable): the folder of the drafts, %NULL for
 *   `$XDG_DATA_HOME/nianbao/drafts`
 *
 * Returns: (transfer full): a new #NbDrafts
 */
NbDrafts *
nb_drafts_new (GFile *dir)
{
  g_return_val_if_fail (dir == NULL || G_IS_FILE (dir), NULL);

  return g_object_new (NB_TYPE_DRAFTS, "dir", dir, NULL);
}

/**
 * nb_drafts_get_dir:
 *
 * Returns: (transfer none): the folder holding the drafts
 */
GFile *
nb_drafts_get_dir (NbDrafts *self)
{
  g_return_val_if_fail (NB_IS_DRAFTS (self), NULL);
  return self->dir;
}

/**
 * nb_drafts_new_id:
 *
 * Returns: (transfer full): a fresh draft id
 */
char *
nb_drafts_new_id (void)
{
  return g_uuid_string_random ();
}

static gboolean
id_is_valid (const char *id)
{
  return id != NULL && g_uuid_string_is_valid (id);
}

/**
 * nb_drafts_get_file:
 *
 * Returns: (transfer full): the draft file of @id
 */
GFile *
nb_drafts_get_file (NbDrafts   *self,
                    const char *id)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (NB_IS_DRAFTS (self), NULL);
  g_return_val_if_fail (id_is_valid (id), NULL);

  name = g_strconcat (id, ".nianbao", NULL);
  return g_file_get_child (self->dir, name);
}

static GFile *
get_session_file (NbDrafts   *self,
                  const char *id)
{
  g_autofree char *name = g_strconcat (id, ".session", NULL);

  return g_file_get_child (self->dir, name);
}

static gboolean
write_session (NbDrafts      *self,
               const char    *id,
               const char    *uri,
               const char    *title,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GKeyFile) session = g_key_file_new ();
  g_autoptr(GFile) file = get_session_file (self, id);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *boot_id = read_boot_id ();
  g_autofree char *saved = g_date_time_format_iso8601 (now);
  g_autofree char *data = NULL;
  gsize length;

  g_key_file_set_string (session, SESSION_GROUP, "uri", uri != NULL ? uri : "");
  g_key_file_set_string (session, SESSION_GROUP, "title", title != NULL ? title : "");
  g_key_file_set_string (session, SESSION_GROUP, "saved", saved);
  g_key_file_set_int64 (session, SESSION_GROUP, "pid", getpid ());
  g_key_file_set_uint64 (session, SESSION_GROUP, "start-time", read_start_time (getpid ()));
  g_key_file_set_string (session, SESSION_GROUP, "boot-id", boot_id);

  data = g_key_file_to_data (session, &length, NULL);
  return nb_storage_replace_contents (file, data, length, cancellable, error);
}

static gboolean
ensure_dir (NbDrafts  *self,
            GError   **error)
{
  g_autofree char *path = g_file_get_path (self->dir);
  int saved_errno;

  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Drafts need a local folder"));
      return FALSE;
    }
  if (g_mkdir_with_parents (path, 0700) == 0)
    return TRUE;

  saved_errno = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not create the drafts folder %s: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

/**
 * nb_drafts_write:
 * @uri: (nullable): the document's own file
 * @title: (nullable): a title to show when the draft is offered back
 *
 * Writes the draft @data of document @id and its session file, atomically.
 * Safe to call from a worker thread.
 */
gboolean
nb_drafts_write (NbDrafts      *self,
                 const char    *id,
                 const char    *data,
                 gsize          length,
                 const char    *uri,
                 const char    *title,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (NB_IS_DRAFTS (self), FALSE);
  g_return_val_if_fail (id_is_valid (id), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (!ensure_dir (self, error))
    return FALSE;
  if (!write_session (self, id, uri, title, cancellable, error))
    return FALSE;
  file = nb_drafts_get_file (self, id);
  return nb_storage_replace_contents (file, data, length, cancellable, error);
}

typedef struct
{
  char   *id;
  GBytes *data;
  char   *uri;
  char   *title;
} WriteData;

static void
write_data_free (WriteData *wd)
{
  g_free (wd->id);
  g_bytes_unref (wd->data);
  g_free (wd->uri);
  g_free (wd->title);
  g_free (wd);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *wd = task_data;
  GError *error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (wd->data, &length);

  if (nb_drafts_write (source_object, wd->id, data != NULL ? data : "", length,
                       wd->uri, wd->title, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * nb_drafts_write_async:
 *
 * nb_drafts_write () in a worker thread: the fsync never blocks typing.
 */
void
nb_drafts_write_async (NbDrafts            *self,
                       const char          *id,
                       GBytes              *data,
                       const char          *uri,
                       const char          *title,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteData *wd;

  g_return_if_fail (NB_IS_DRAFTS (self));
  g_return_if_fail (id_is_valid (id));
  g_return_if_fail (data != NULL);

  wd = g_new0 (WriteData, 1);
  wd->id = g_strdup (id);
  wd->data = g_bytes_ref (data);
  wd->uri = g_strdup (uri);
  wd->title = g_strdup (title);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, nb_drafts_write_async);
  g_task_set_task_data (task, wd, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread);
}

gboolean
nb_drafts_write_finish (NbDrafts      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (NB_IS_DRAFTS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
delete_if_exists (GFile   *file,
                  GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_file_delete (file, NULL, &local_error) ||
      g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/**
 * nb_drafts_remove:
 *
 * Deletes the draft of @id and its session file (after a real save, or when
 * the user discards the changes). A draft that does not exist is no error.
 */
gboolean
nb_drafts_remove (NbDrafts    *self,
                  const char  *id,
                  GError     **error)
{
  g_autoptr(GFile) draft = NULL;
  g_autoptr(GFile) session = NULL;

  g_return_val_if_fail (NB_IS_DRAFTS (self), FALSE);
  g_return_val_if_fail (id_is_valid (id), FALSE);

  draft = nb_drafts_get_file (self, id);
  session = get_session_file (self, id);
  /* The draft first: a session without a draft is never offered. */
  return delete_if_exists (draft, error) && delete_if_exists (session, error);
}

static gint
compare_saved (gconstpointer a,
               gconstpointer b)
{
  const NbDraftInfo *x = *(NbDraftInfo **) a;
  const NbDraftInfo *y = *(NbDraftInfo **) b;

  if (x->saved == NULL || y->saved == NULL)
    return (x->saved == NULL) - (y->saved == NULL);
  return g_date_time_compare (y->saved, x->saved);
}

/**
 * nb_drafts_list_orphans:
 *
 * The drafts whose owner process is gone, newest first. Session files left
 * without a draft by a dead owner are deleted on the way.
 *
 * Returns: (transfer full) (element-type NbDraftInfo): the orphaned drafts
 */
GPtrArray *
nb_drafts_list_orphans (NbDrafts *self)
{
  g_autoptr(GPtrArray) orphans = g_ptr_array_new_with_free_func ((GDestroyNotify) nb_draft_info_free);
  g_autofree char *path = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_val_if_fail (NB_IS_DRAFTS (self), NULL);

  path = g_file_get_path (self->dir);
  if (path == NULL || (dir = g_dir_open (path, 0, NULL)) == NULL)
    return g_steal_pointer (&orphans);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *id = NULL;
      g_autoptr(GFile) draft = NULL;
      g_autoptr(GFile) session_file = NULL;
      g_autofree char *session_path = NULL;
      g_autoptr(GKeyFile) session = g_key_file_new ();
      NbDraftInfo *info;
      g_autofree char *saved = NULL;

      if (!g_str_has_suffix (name, ".session"))
        continue;
      id = g_strndup (name, strlen (name) - strlen (".session"));
      if (!id_is_valid (id))
        continue;

      session_file = get_session_file (self, id);
      session_path = g_file_get_path (session_file);
      if (!g_key_file_load_from_file (session, session_path, G_KEY_FILE_NONE, NULL))
        continue;
      if (owner_is_alive (session))
        continue;

      draft = nb_drafts_get_file (self, id);
      if (!g_file_query_exists (draft, NULL))
        {
          /* Killed after the session file and before the first draft. */
          delete_if_exists (session_file, NULL);
          continue;
        }

      info = g_new0 (NbDraftInfo, 1);
      info->id = g_steal_pointer (&id);
      info->uri = g_key_file_get_string (session, SESSION_GROUP, "uri", NULL);
      if (info->uri != NULL && *info->uri == '\0')
        g_clear_pointer (&info->uri, g_free);
      info->title = g_key_file_get_string (session, SESSION_GROUP, "title", NULL);
      if (info->title == NULL)
        info->title = g_strdup ("");
      saved = g_key_file_get_string (session, SESSION_GROUP, "saved", NULL);
      if (saved != NULL)
        info->saved = g_date_time_new_from_iso8601 (saved, NULL);
      g_ptr_array_add (orphans, info);
    }

  g_ptr_array_sort (orphans, compare_saved);
  return g_steal_pointer (&orphans);
}

/**
 * nb_drafts_load:
 *
 * Returns: (transfer full) (nullable): the report of draft @id
 */
NbReport *
nb_drafts_load (NbDrafts    *self,
                const char  *id,
                GError     **error)
{
  g_autoptr(GFile) draft = NULL;

  g_return_val_if_fail (NB_IS_DRAFTS (self), NULL);
  g_return_val_if_fail (id_is_valid (id), NULL);

  draft = nb_drafts_get_file (self, id);
  return nb_storage_load_file (draft, NULL, error);
}

/**
 * nb_drafts_claim:
 *
 * Makes this process the owner of draft @id (after offering it back), so it
 * is no longer an orphan while this process runs.
 */
gboolean
nb_drafts_claim (NbDrafts    *self,
                 const char  *id,
                 GError     **error)
{
  g_autoptr(GFile) session_file = NULL;
  g_autofree char *session_path = NULL;
  g_autoptr(GKeyFile) session = g_key_file_new ();
  g_autofree char *uri = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (NB_IS_DRAFTS (self), FALSE);
  g_return_val_if_fail (id_is_valid (id), FALSE);

  session_file = get_session_file (self, id);
  session_path = g_file_get_path (session_file);
  if (session_path != NULL && g_key_file_load_from_file (session, session_path, G_KEY_FILE_NONE, NULL))
    {
      uri = g_key_file_get_string (session, SESSION_GROUP, "uri", NULL);
      title = g_key_file_get_string (session, SESSION_GROUP, "title", NULL);
    }
  if (!ensure_dir (self, error))
    return FALSE;
  return write_session (self, id, uri, title, NULL, error);
}
