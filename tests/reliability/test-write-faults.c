/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Faults while saving: a full disk (a small tmpfs mounted in a private mount
 * namespace), a missing folder, a file where a folder should be, a folder
 * where the file should be, no permission. Every time the old file is
 * untouched, no temporary file is left and the message says why. */
#define G_LOG_DOMAIN "test-write-faults"
#define _GNU_SOURCE  /* unshare (), CLONE_NEWNS */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "nb-storage.h"

/* Room for the sample (15 kB) several times over, small enough to fill fast. */
#define TMPFS_OPTIONS "size=256k,mode=0755"

/* Set by main () before GLib starts any thread: unshare () needs that. */
static gboolean can_mount;
static const char *cannot_mount_reason = "mounting a tmpfs needs root (CI runs as root)";

static NbReport *
load_sample (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("NB_SOURCE_DIR"), "data", "samples",
                                            "dongsheng-tongjiju-2023.nianbao", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  NbReport *report = nb_storage_load_file (file, NULL, &error);

  g_assert_no_error (error);
  return report;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  /* g_ptr_array_sort () passes pointers to the elements. */
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names in @dir, sorted and joined by spaces: shows any leftover. */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, (gpointer) name);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static char *
read_all (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static void
save_ok (NbReport   *report,
         const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (nb_storage_save_file (report, file, NULL, &error));
  g_assert_no_error (error);
}

/* Saves @report to @path, which must fail with NB_STORAGE_ERROR_WRITE and
 * a message holding @says. */
static void
save_fails (NbReport   *report,
            const char *path,
            const char *says)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_false (nb_storage_save_file (report, file, NULL, &error));
  g_assert_error (error, NB_STORAGE_ERROR, NB_STORAGE_ERROR_WRITE);
  g_test_message ("message: %s", error->message);
  g_assert_nonnull (strstr (error->message, says));
  g_assert_nonnull (strstr (error->message, path));
}

/* Fills the file system of @dir, then frees @leave bytes again. */
static void
fill_disk (const char *dir,
           gsize       leave)
{
  g_autofree char *filler = g_build_filename (dir, "filler", NULL);
  char block[4096];
  off_t written = 0;
  int fd = g_open (filler, O_WRONLY | O_CREAT | O_TRUNC, 0644);

  g_assert_cmpint (fd, >=, 0);
  memset (block, 'f', sizeof block);
  for (;;)
    {
      ssize_t n = write (fd, block, sizeof block);
      if (n <= 0)
        {
          g_assert_cmpint (errno, ==, ENOSPC);
          break;
        }
      written += n;
    }
  g_assert_cmpint (written, >, (off_t) leave);
  g_assert_cmpint (ftruncate (fd, written - (off_t) leave), ==, 0);
  g_assert_cmpint (fsync (fd), ==, 0);
  close (fd);
}

/* A private tmpfs; NULL when mounting is impossible. */
static char *
mount_tmpfs (void)
{
  g_autofree char *dir = NULL;

  if (!can_mount)
    return NULL;
  dir = g_dir_make_tmp ("nb-full-disk-XXXXXX", NULL);
  g_assert_nonnull (dir);
  if (mount ("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, TMPFS_OPTIONS) != 0)
    {
      cannot_mount_reason = g_strerror (errno);
      g_rmdir (dir);
      return NULL;
    }
  return g_steal_pointer (&dir);
}

static void
unmount_tmpfs (char *dir)
{
  g_assert_cmpint (umount2 (dir, MNT_DETACH), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_free (dir);
}

static void
test_full_disk_existing (void)
{
  g_autoptr(NbReport) report = load_sample ();
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *listing = NULL;
  char *dir = mount_tmpfs ();

  if (dir == NULL)
    {
      g_test_skip (cannot_mount_reason);
      return;
    }
  path = g_build_filename (dir, "report.nianbao", NULL);
  save_ok (report, path);
  before = read_all (path);

  /* Room for part of the new file only: the write fails half-way. */
  fill_disk (dir, 8192);
  nb_report_set_meta (report, NB_META_AGENCY, "改过的单位名称");
  save_fails (report, path, "disk is full");

  after = read_all (path);
  g_assert_cmpstr (after, ==, before);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "filler report.nianbao");
  unmount_tmpfs (dir);
}

static void
test_full_disk_new (void)
{
  g_autoptr(NbReport) report = load_sample ();
  g_autofree char *path = NULL;
  g_autofree char *filler = NULL;
  g_autofree char *listing = NULL;
  char *dir = mount_tmpfs ();

  if (dir == NULL)
    {
      g_test_skip (cannot_mount_reason);
      return;
    }
  path = g_build_filename (dir, "new.nianbao", NULL);
  filler = g_build_filename (dir, "filler", NULL);
  fill_disk (dir, 4096);
  save_fails (report, path, "disk is full");
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "filler");

  /* Once there is room again the same save works. */
  g_assert_cmpint (g_unlink (filler), ==, 0);
  save_ok (report, path);
  g_clear_pointer (&listing, g_free);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "new.nianbao");
  unmount_tmpfs (dir);
}

static void
test_missing_folder (void)
{
  g_autoptr(NbReport) report = load_sample ();
  g_autofree char *dir = g_dir_make_tmp ("nb-write-faults-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "no-such-folder", "report.nianbao", NULL);
  g_autofree char *listing = NULL;

  save_fails (report, path, "folder does not exist");
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "");
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_parent_is_file (void)
{
  g_autoptr(NbReport) report = load_sample ();
  g_autofree char *dir = g_dir_make_tmp ("nb-write-faults-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *path = g_build_filename (file, "report.nianbao", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;

  g_assert_true (g_file_set_contents (file, "笔记", -1, NULL));
  save_fails (report, path, "is a file, not a folder");
  contents = read_all (file);
  g_assert_cmpstr (contents, ==, "笔记");
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "notes.txt");
  g_assert_cmpint (g_unlink (file), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_target_is_folder (void)
{
  g_autoptr(NbReport) report = load_sample ();
  g_autofree char *dir = g_dir_make_tmp ("nb-write-faults-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "report.nianbao", NULL);
  g_autofree char *inside = g_build_filename (path, "keep.txt", NULL);
  g_autofree char *listing = NULL;
  g_autofree char *listing_inside = NULL;

  g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
  g_assert_true (g_file_set_contents (inside, "x", -1, NULL));
  save_fails (report, path, "it is a folder");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "report.nianbao");
  listing_inside = list_dir (path);
  g_assert_cmpstr (listing_inside, ==, "keep.txt");
  g_assert_cmpint (g_unlink (inside), ==, 0);
  g_assert_cmpint (g_rmdir (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Run the failing save as an ordinary user: root may write anywhere. */
static gboolean
save_as_nobody (NbReport   *report,
                const char *path,
                const char *says)
{
  pid_t pid;
  int status = 0;

  if (geteuid () != 0)
    {
      save_fails (report, path, says);
      return TRUE;
    }

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;

      if (setgroups (0, NULL) != 0 || setgid (65534) != 0 || setuid (65534) != 0)
        _exit (77);
      if (nb_storage_save_file (report, file, NULL, &error))
        _exit (1);
      if (!g_error_matches (error, NB_STORAGE_ERROR, NB_STORAGE_ERROR_WRITE) ||
          strstr (error->message, says) == NULL)
        _exit (2);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) == 77)
    return FALSE;
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  return TRUE;
}

static void
test_no_permission (void)
{
  g_autoptr(NbReport) report = load_sample ();
  g_autofree char *dir = g_dir_make_tmp ("nb-write-faults-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "report.nianbao", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *listing = NULL;
  gboolean ran;

  save_ok (report, path);
  before = read_all (path);
  nb_report_set_meta (report, NB_META_AGENCY, "改过的单位名称");

  /* A read-only folder that others may enter. */
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  ran = save_as_nobody (report, path, "permission");
  g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
  if (!ran)
    {
      g_test_skip ("cannot drop root privileges here");
      return;
    }

  after = read_all (path);
  g_assert_cmpstr (after, ==, before);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "report.nianbao");
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A save to a good place works, keeps the permissions and loads back. */
static void
test_good_save (void)
{
  g_autoptr(NbReport) report = load_sample ();
  g_autoptr(NbReport) back = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nb-write-faults-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "report.nianbao", NULL);
  g_autofree char *link_path = g_build_filename (dir, "link.nianbao", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  struct stat st;

  save_ok (report, path);
  /* Saving over a private file keeps it private. */
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  nb_report_set_meta (report, NB_META_AGENCY, "改过的单位名称");
  save_ok (report, path);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  back = nb_storage_load_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (nb_report_get_meta (back, NB_META_AGENCY), ==, "改过的单位名称");

  /* Saving through a symbolic link updates the file it points to. */
  g_assert_cmpint (symlink ("report.nianbao", link_path), ==, 0);
  nb_report_set_meta (report, NB_META_AGENCY, "第三个名称");
  save_ok (report, link_path);
  g_assert_true (g_file_test (link_path, G_FILE_TEST_IS_SYMLINK));
  g_clear_object (&back);
  back = nb_storage_load_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (nb_report_get_meta (back, NB_META_AGENCY), ==, "第三个名称");
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "link.nianbao report.nianbao");

  g_assert_cmpint (g_unlink (link_path), ==, 0);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  /* A mount namespace of our own: the tmpfs vanishes with the process,
   * whatever happens, and nobody else sees it. */
  if (geteuid () == 0)
    {
      if (unshare (CLONE_NEWNS) == 0 && mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0)
        can_mount = TRUE;
      else
        cannot_mount_reason = "cannot create a private mount namespace here";
    }

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/write-faults/full-disk/existing-file", test_full_disk_existing);
  g_test_add_func ("/write-faults/full-disk/new-file", test_full_disk_new);
  g_test_add_func ("/write-faults/missing-folder", test_missing_folder);
  g_test_add_func ("/write-faults/parent-is-file", test_parent_is_file);
  g_test_add_func ("/write-faults/target-is-folder", test_target_is_folder);
  g_test_add_func ("/write-faults/no-permission", test_no_permission);
  g_test_add_func ("/write-faults/good-save", test_good_save);
  return g_test_run ();
}
