/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "nb-drafts.h"
#include "nb-storage.h"
#include "nb-ui-test.h"
#include "nb-window-private.h"

/* Drafts in the running app: written auto-save-delay seconds after a change,
 * removed by a real save, and offered back at start when their Nianbao
 * stopped without saving. (test-recovery does the same with kill -9.) */

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static gboolean
file_missing (gpointer data)
{
  return !g_file_test (data, G_FILE_TEST_EXISTS);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (nb_window_save_finish (NB_WINDOW (object), result, &error));
  *(gboolean *) user_data = TRUE;
}

static void
test_autosave (void)
{
  NbApplication *app = nb_ui_test_app ();
  NbDrafts *drafts = nb_application_get_drafts (app);
  g_autofree char *path = nb_ui_test_copy_sample ("autosave.nianbao");
  NbWindow *window;
  g_autoptr(GFile) draft = NULL;
  g_autofree char *draft_path = NULL;
  g_autoptr(NbReport) drafted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  gint64 typed_at;
  gboolean saved = FALSE;

  g_settings_set_uint (nb_settings_get_gsettings (nb_application_get_settings (app)), "auto-save-delay", 1);
  window = nb_ui_test_open_window (path);
  g_assert_null (nb_window_get_draft_id (window));

  g_assert_true (nb_window_focus_cell (window, "requests.new.natural"));
  nb_ui_test_spin (30);
  nb_ui_test_type ("8");
  typed_at = g_get_monotonic_time ();
  g_assert_null (nb_window_get_draft_id (window));

  /* Keep typing: the draft is not pushed back by it. */
  nb_ui_test_spin (500);
  nb_ui_test_type ("1");
  while (nb_window_get_draft_id (window) == NULL && g_get_monotonic_time () - typed_at < 3 * G_USEC_PER_SEC)
    nb_ui_test_spin (20);
  g_assert_nonnull (nb_window_get_draft_id (window));
  g_assert_cmpint (g_get_monotonic_time () - typed_at, <, 1600 * G_TIME_SPAN_MILLISECOND);

  draft = nb_drafts_get_file (drafts, nb_window_get_draft_id (window));
  draft_path = g_file_get_path (draft);
  g_assert_true (nb_ui_test_wait (file_exists, draft_path, 3000));
  nb_ui_test_spin (1500);
  drafted = nb_storage_load_file (draft, NULL, &error);
  g_assert_no_error (error);
  value = nb_ui_test_value (drafted, "requests.new.natural");
  g_assert_cmpstr (value, ==, "81");

  /* Ours, alive: not an orphan. */
  {
    g_autoptr(GPtrArray) orphans = nb_drafts_list_orphans (drafts);
    g_assert_cmpuint (orphans->len, ==, 0);
  }

  /* A real save removes the draft. */
  nb_window_save_async (window, nb_window_get_file (window), NULL, saved_cb, &saved);
  g_assert_true (nb_ui_test_wait (is_true, &saved, 5000));
  g_assert_true (nb_ui_test_wait (file_missing, draft_path, 3000));
  g_assert_null (nb_window_get_draft_id (window));

  g_settings_reset (nb_settings_get_gsettings (nb_application_get_settings (app)), "auto-save-delay");
  nb_ui_test_close_window (window);
}

/* A draft whose process is gone: rewrite its session file with the pid of
 * a process that has exited. */
static void
orphan (NbDrafts   *drafts,
        const char *id)
{
  g_autofree char *name = g_strconcat (id, ".session", NULL);
  g_autoptr(GFile) session_file = g_file_get_child (nb_drafts_get_dir (drafts), name);
  g_autofree char *session_path = g_file_get_path (session_file);
  g_autoptr(GKeyFile) session = g_key_file_new ();
  GPid child;
  const char *argv[] = { "/bin/true", NULL };
  int status;

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &child, NULL));
  waitpid (child, &status, 0);
  g_assert_true (g_key_file_load_from_file (session, session_path, G_KEY_FILE_KEEP_COMMENTS, NULL));
  g_key_file_set_int64 (session, "Draft", "pid", child);
  g_assert_true (g_key_file_save_to_file (session, session_path, NULL));
}

static gboolean
dialog_shown (gpointer data)
{
  return nb_application_get_recovery_dialog (data) != NULL;
}

static void
test_recovery_dialog (void)
{
  NbApplication *app = nb_ui_test_app ();
  NbDrafts *drafts = nb_application_get_drafts (app);
  g_autofree char *path = nb_ui_test_copy_sample ("crashed.nianbao");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr(NbReport) report = nb_storage_load_file (file, NULL, NULL);
  g_autofree char *id = nb_drafts_new_id ();
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  NbWindow *host = nb_ui_test_open_window (NULL);
  NbWindow *recovered = NULL;
  GtkWidget *dialog;
  gsize length;

  g_assert_true (nb_report_set_value_by_id (report, "requests.new.legal", &(NbDecimal) { 2, 0 }, NULL));
  data = nb_storage_to_data (report, &length);
  g_assert_true (nb_drafts_write (drafts, id, data, length, uri, "东胜区统计局2023年政府信息公开工作年度报告",
                                  NULL, &error));
  g_assert_no_error (error);
  orphan (drafts, id);

  nb_application_check_recovery (app);
  g_assert_true (nb_ui_test_wait (dialog_shown, app, 3000));
  dialog = nb_application_get_recovery_dialog (app);
  {
    GtkWidget *list = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
    GtkWidget *row = gtk_widget_get_first_child (list);

    g_assert_true (ADW_IS_ACTION_ROW (row));
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                     "东胜区统计局2023年政府信息公开工作年度报告");
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "crashed.nianbao"));
    /* The report's title in the Chinese face, the file and time in the UI's. */
    g_assert_true (nb_ui_test_in_chinese_face (nb_ui_test_find_descendant (row, GTK_TYPE_LABEL, "title")));
    g_assert_false (nb_ui_test_in_chinese_face (nb_ui_test_find_descendant (row, GTK_TYPE_LABEL, "subtitle")));
    g_assert_null (gtk_widget_get_next_sibling (row));
  }

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "recover");
  gtk_window_destroy (GTK_WINDOW (dialog));
  nb_ui_test_spin (100);

  /* Into the blank window that was there, with its file and unsaved. */
  recovered = host;
  {
    g_autofree char *value = nb_ui_test_value (nb_window_get_report (recovered), "requests.new.legal");
    g_assert_cmpstr (value, ==, "2");
  }
  g_assert_true (nb_window_get_modified (recovered));
  g_assert_true (g_file_equal (nb_window_get_file (recovered), file));
  g_assert_cmpstr (nb_window_get_draft_id (recovered), ==, id);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (nb_window_get_cell_widget (recovered, "requests.new.legal"))),
                   ==, "2");
  /* Claimed by this process: no longer an orphan. */
  {
    g_autoptr(GPtrArray) orphans = nb_drafts_list_orphans (drafts);
    g_assert_cmpuint (orphans->len, ==, 0);
  }

  /* Closing without saving (the prompt answered Discard) removes it. */
  {
    g_autoptr(GFile) draft = nb_drafts_get_file (drafts, id);
    g_autofree char *draft_path = g_file_get_path (draft);

    nb_ui_test_close_window (recovered);
    g_assert_false (g_file_test (draft_path, G_FILE_TEST_EXISTS));
  }
}

/* A draft of a file saved since (the clerk answered Not Now, opened the file
 * and saved newer work): recovered, it comes back as a new report, so that
 * saving it cannot replace the newer file. */
static void
test_stale_draft (void)
{
  NbDrafts *drafts = nb_application_get_drafts (nb_ui_test_app ());
  g_autofree char *path = nb_ui_test_copy_sample ("stale.nianbao");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr(NbReport) report = nb_storage_load_file (file, NULL, NULL);
  g_autofree char *id = nb_drafts_new_id ();
  g_autofree char *data = NULL;
  g_autofree char *newer = NULL;
  g_autoptr(GPtrArray) orphans = NULL;
  g_autoptr(GError) error = NULL;
  NbDraftInfo *draft = NULL;
  NbWindow *window;
  gsize length;

  g_assert_true (nb_report_set_value_by_id (report, "requests.new.legal", &(NbDecimal) { 2, 0 }, NULL));
  data = nb_storage_to_data (report, &length);
  g_assert_true (nb_drafts_write (drafts, id, data, length, uri, "T", NULL, &error));
  g_assert_no_error (error);
  orphan (drafts, id);
  /* Saved afterwards, elsewhere. */
  g_usleep (20000);
  g_assert_true (g_file_get_contents (path, &newer, &length, NULL));
  g_assert_true (g_file_set_contents (path, newer, (gssize) length, NULL));

  orphans = nb_drafts_list_orphans (drafts);
  for (guint i = 0; i < orphans->len; i++)
    if (g_str_equal (((NbDraftInfo *) g_ptr_array_index (orphans, i))->id, id))
      draft = g_ptr_array_index (orphans, i);
  g_assert_nonnull (draft);
  window = nb_ui_test_open_window (NULL);
  g_assert_true (nb_window_recover_draft (window, draft, &error));
  g_assert_no_error (error);
  {
    g_autofree char *value = nb_ui_test_value (nb_window_get_report (window), "requests.new.legal");
    g_assert_cmpstr (value, ==, "2");
  }
  g_assert_null (nb_window_get_file (window));
  g_assert_true (nb_window_get_modified (window));
  nb_ui_test_close_window (window);
}

/* Session files alone (killed before the first draft) are cleaned up, never offered. */
static void
test_session_without_draft (void)
{
  NbDrafts *drafts = nb_application_get_drafts (nb_ui_test_app ());
  g_autofree char *id = nb_drafts_new_id ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) draft = NULL;
  g_autoptr(GPtrArray) orphans = NULL;

  g_assert_true (nb_drafts_write (drafts, id, "{}", 2, NULL, "x", NULL, &error));
  draft = nb_drafts_get_file (drafts, id);
  g_assert_true (g_file_delete (draft, NULL, NULL));
  orphan (drafts, id);

  orphans = nb_drafts_list_orphans (drafts);
  g_assert_cmpuint (orphans->len, ==, 0);
  {
    g_autofree char *name = g_strconcat (id, ".session", NULL);
    g_autoptr(GFile) session = g_file_get_child (nb_drafts_get_dir (drafts), name);
    g_assert_false (g_file_query_exists (session, NULL));
  }
}

int
main (int   argc,
      char *argv[])
{
  nb_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/drafts/autosave", test_autosave);
  g_test_add_func ("/ui/drafts/recovery-dialog", test_recovery_dialog);
  g_test_add_func ("/ui/drafts/stale-draft", test_stale_draft);
  g_test_add_func ("/ui/drafts/session-without-draft", test_session_without_draft);

  return g_test_run ();
}
