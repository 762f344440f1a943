/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-application"

#include "config.h"

#include <glib/gi18n.h>

#include "nb-application.h"
#include "nb-cjk-tooltips.h"
#include "nb-font-warmup.h"
#include "nb-test-hook.h"
#include "nb-ui-resources.h"
#include "nb-storage.h"
#include "nb-window-private.h"

/**
 * NbApplication:
 *
 * Windows, app-wide actions, and crash recovery: at start, drafts left by a
 * Nianbao that stopped without saving are offered back.
 */
struct _NbApplication
{
  AdwApplication  parent_instance;

  NbSettings     *settings;
  NbDrafts       *drafts;
  gboolean        recovery_checked;
  GtkWidget      *recovery_dialog;
  GPtrArray      *recovery_drafts;
  GPtrArray      *prefetches;      /* Prefetch: reports read while GTK starts */
};

/* A report named on the command line is read in a worker thread from the
 * start, while GTK initialises on the main thread, not after it. */
typedef struct
{
  GFile    *file;
  gboolean  wanted;   /* open () asked for it: its window is made when read */
} Prefetch;

static void
prefetch_free (Prefetch *prefetch)
{
  g_object_unref (prefetch->file);
  g_free (prefetch);
}

G_DEFINE_FINAL_TYPE (NbApplication, nb_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_DRAFTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
nb_ui_register_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      nb_ui_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

static void
load_icon_theme_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  /* Any lookup reads the theme again, under the theme's own lock. */
  gtk_icon_theme_has_icon (task_data, "open-menu-symbolic");
  g_task_return_boolean (task, TRUE);
}

static NbWindow *
new_window (NbApplication *self)
{
  return nb_window_new (self, self->settings, self->drafts);
}

/* A window that may take a document: the active one when it shows a blank,
 * untouched report, otherwise a new one. */
static NbWindow *
window_for_document (NbApplication *self)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (NB_IS_WINDOW (active) && nb_window_is_pristine (NB_WINDOW (active)))
    return NB_WINDOW (active);
  return new_window (self);
}

/* ---- Recovery ---- */

static void
recovery_response_cb (NbApplication    *self,
                      const char       *response,
                      AdwMessageDialog *dialog)
{
  g_autoptr(GPtrArray) drafts = g_steal_pointer (&self->recovery_drafts);

  self->recovery_dialog = NULL;
  if (drafts == NULL)
    return;

  if (g_str_equal (response, "recover"))
    {
      for (guint i = 0; i < drafts->len; i++)
        {
          NbDraftInfo *draft = g_ptr_array_index (drafts, i);
          NbWindow *window = window_for_document (self);
          g_autoptr(GError) error = NULL;

          if (!nb_window_recover_draft (window, draft, &error))
            {
              g_autofree char *message = g_strdup_printf (_("Could not recover “%s”: %s"),
                                                          draft->title, error->message);
              nb_window_show_toast (window, message);
            }
          else
            nb_window_show_toast (window, _("Recovered the changes that were not saved"));
          gtk_window_present (GTK_WINDOW (window));
        }
    }
  else if (g_str_equal (response, "discard"))
    {
      for (guint i = 0; i < drafts->len; i++)
        {
          NbDraftInfo *draft = g_ptr_array_index (drafts, i);
          g_autoptr(GError) error = NULL;

          if (!nb_drafts_remove (self->drafts, draft->id, &error))
            g_warning ("Could not remove the draft %s: %s", draft->id, error->message);
        }
    }
  /* "later": the drafts stay and are offered at the next start. */
}

static GtkWidget *
draft_row (const NbDraftInfo *draft)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *where = NULL;
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 *draft->title != '\0' ? draft->title : _("Untitled Report"));
  if (draft->uri != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (draft->uri);
      where = g_file_get_parse_name (file);
    }
  else
    where = g_strdup (_("Never saved"));
  if (draft->saved != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (draft->saved);
      when = g_date_time_format (local, "%Y-%m-%d %H:%M");
      /* Translators: "FILE · last changed TIME" */
      subtitle = g_strdup_printf (_("%s · last changed %s"), where, when);
    }
  else
    subtitle = g_steal_pointer (&where);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  /* The report's title in the Chinese face; the file and time in the UI's. */
  if (*draft->title != '\0')
    gtk_widget_add_css_class (row, "report-title");
  return row;
}

/**
 * nb_application_check_recovery:
 *
 * Once per run: offers back every draft whose Nianbao stopped without
 * saving it.
 */
void
nb_application_check_recovery (NbApplication *self)
{
  g_autoptr(GPtrArray) drafts = NULL;
  GtkWindow *parent;
  GtkWidget *dialog;
  GtkWidget *list;
  g_autofree char *body = NULL;

  g_return_if_fail (NB_IS_APPLICATION (self));

  if (self->recovery_checked)
    return;
  self->recovery_checked = TRUE;

  drafts = nb_drafts_list_orphans (self->drafts);
  if (drafts->len == 0)
    return;

  parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Nianbao stopped before this report was saved. Its changes were kept as a draft.",
                                       "Nianbao stopped before these %u reports were saved. Their changes were kept as drafts.",
                                       drafts->len),
                          drafts->len);
  dialog = adw_message_dialog_new (parent, _("Recover Unsaved Changes?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "discard", _("_Discard"),
                                    "later", _("_Not Now"),
                                    "recover", _("_Recover"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "recover",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "recover");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < drafts->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (list), draft_row (g_ptr_array_index (drafts, i)));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);

  self->recovery_drafts = g_steal_pointer (&drafts);
  self->recovery_dialog = dialog;
  g_signal_connect_object (dialog, "response", G_CALLBACK (recovery_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
check_recovery_idle_cb (gpointer user_data)
{
  nb_application_check_recovery (NB_APPLICATION (user_data));
  return G_SOURCE_REMOVE;
}

static void schedule_recovery_check (NbApplication *self);

static void
window_drawn_cb (NbApplication *self,
                 GParamSpec    *pspec,
                 NbWindow      *window)
{
  g_signal_handlers_disconnect_by_func (window, window_drawn_cb, self);
  schedule_recovery_check (self);
}

/* Reading the drafts folder waits until the window has drawn its first
 * frame: the report asked for comes first. */
static void
schedule_recovery_check (NbApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (self->recovery_checked)
    return;
  if (NB_IS_WINDOW (window) && !nb_window_get_drawn (NB_WINDOW (window)))
    {
      g_signal_handlers_disconnect_by_func (window, window_drawn_cb, self);
      g_signal_connect_object (window, "notify::drawn", G_CALLBACK (window_drawn_cb), self,
                               G_CONNECT_SWAPPED);
      return;
    }
  g_idle_add_full (G_PRIORITY_LOW, check_recovery_idle_cb, g_object_ref (self), g_object_unref);
}

/* ---- App actions ---- */

static void
new_window_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (new_window (NB_APPLICATION (user_data))));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  NbApplication *self = user_data;
  const char *developers[] = { _("The Nianbao developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Nianbao"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Nianbao developers"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "comments", _("Write the annual government information disclosure report (政府信息公开工作年度报告) in the national format, check its sums, and export it as a PDF to sign and file and as a workbook for the higher-level bureau."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  NbApplication *self = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Each window asks about its own unsaved changes. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (windows);
}

static const GActionEntry app_actions[] = {
  { "new-window", new_window_action },
  { "about", about_action },
  { "quit", quit_action },
};

/* ---- GApplication ---- */

static void
nb_application_startup (GApplication *app)
{
  NbApplication *self = NB_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_window_accels[] = { "<Control><Shift>n", NULL };

  nb_ui_register_resources ();
  g_set_application_name (_("Nianbao"));

  /* libadwaita first, then GtkApplication's start-up (which finds it done).
   * Each makes the display's icon theme, which starts reading the theme in
   * a thread under the theme's lock, and adds its resource path, which
   * takes that lock. GtkApplication goes first by itself: libadwaita's path
   * then comes a moment later, waits on the main thread for the whole read
   * (8 to 12 ms at every start, measured) and throws it away. Made by
   * libadwaita, the theme has its path a moment after it is made, before
   * the thread takes the lock as long as no idle thread of GLib's pool is
   * there to start the read at once (see prefetch_report ()). */
  adw_init ();
  G_APPLICATION_CLASS (nb_application_parent_class)->startup (app);
  nb_cjk_tooltips_install ();

  /* GtkApplication's icon path has since made the theme read again: the
   * next lookup would do it on the main thread, while the first frame
   * waits. Read it here, in a thread, while the window is being built
   * (GtkIconTheme lookups are thread-safe). */
  {
    g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

    g_task_set_task_data (task, g_object_ref (gtk_icon_theme_get_for_display (gdk_display_get_default ())),
                          g_object_unref);
    g_task_run_in_thread (task, load_icon_theme_thread);
  }

  gtk_window_set_default_icon_name (APP_ID);
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-window", new_window_accels);

  if (self->settings == NULL)
    {
      g_autoptr(GError) error = NULL;

      self->settings = nb_settings_new_default (&error);
      if (self->settings == NULL)
        {
          g_printerr ("%s\n", error->message);
          return;
        }
    }
  if (self->drafts == NULL)
    self->drafts = nb_drafts_new (NULL);

  nb_test_hook_install (self);
}

static void
nb_application_activate (GApplication *app)
{
  NbApplication *self = NB_APPLICATION (app);
  GtkWindow *window;

  if (self->settings == NULL)
    return;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (new_window (self));
  gtk_window_present (window);
  schedule_recovery_check (self);
}

static void
report_read_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  NbReport *report = nb_storage_load_file (task_data, cancellable, &error);

  if (report != NULL)
    g_task_return_pointer (task, report, g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
show_read_report (NbApplication *self,
                  GFile         *file,
                  NbReport      *report,
                  const GError  *error)
{
  NbWindow *window;

  if (report != NULL)
    window = nb_window_new_for_report (self, self->settings, self->drafts, report, file);
  else
    {
      /* A window all the same, saying why the file could not be shown. */
      window = new_window (self);
      _nb_window_show_error (window, _("Could Not Open the Report"), error);
    }
  gtk_window_present (GTK_WINDOW (window));
  schedule_recovery_check (self);
}

static void
report_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  NbApplication *self = NB_APPLICATION (object);
  GFile *file = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(NbReport) report = g_task_propagate_pointer (G_TASK (result), &error);

  show_read_report (self, file, report, error);
  g_application_release (G_APPLICATION (self));
}

static void
prefetch_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  NbApplication *self = NB_APPLICATION (object);
  Prefetch *prefetch = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(NbReport) report = g_task_propagate_pointer (G_TASK (result), &error);

  /* open () has run by now (before the main loop, which runs this): a file
   * it did not ask for is dropped. */
  if (prefetch->wanted)
    {
      show_read_report (self, prefetch->file, report, error);
      g_application_release (G_APPLICATION (self));
    }
  g_ptr_array_remove (self->prefetches, prefetch);
}

/* A report named on the command line is read in a thread of its own, not in
 * GLib's shared pool: a pool thread left idle after the read would take up
 * the icon theme's read at libadwaita's start before libadwaita has added
 * its path, and the main thread would wait for that read (10 ms, in 2
 * starts of 12 with a report named, never without one). */
static gpointer
prefetch_thread (gpointer data)
{
  g_autoptr(GTask) task = data;

  report_read_thread (task, g_task_get_source_object (task), g_task_get_task_data (task), NULL);
  return NULL;
}

static void
prefetch_report (NbApplication *self,
                 const char    *arg)
{
  g_autoptr(GTask) task = NULL;
  Prefetch *prefetch = g_new0 (Prefetch, 1);

  prefetch->file = g_file_new_for_commandline_arg (arg);
  if (self->prefetches == NULL)
    self->prefetches = g_ptr_array_new_with_free_func ((GDestroyNotify) prefetch_free);
  g_ptr_array_add (self->prefetches, prefetch);

  task = g_task_new (self, NULL, prefetch_read_cb, prefetch);
  g_task_set_source_tag (task, prefetch_report);
  g_task_set_task_data (task, g_object_ref (prefetch->file), g_object_unref);
  {
    g_autoptr(GError) error = NULL;
    GThread *thread = g_thread_try_new ("nb-read", prefetch_thread, g_object_ref (task), &error);

    if (thread != NULL)
      g_thread_unref (thread);
    else
      {
        g_object_unref (task);
        g_task_run_in_thread (task, report_read_thread);
      }
  }
}

/* A report given on the command line: read first (off the main thread),
 * then a window made for it, so its pages are built once. */
static void
open_in_new_window (NbApplication *self,
                    GFile         *file)
{
  g_autoptr(GTask) task = NULL;

  g_application_hold (G_APPLICATION (self));

  /* Already being read since the start? */
  for (guint i = 0; self->prefetches != NULL && i < self->prefetches->len; i++)
    {
      Prefetch *prefetch = g_ptr_array_index (self->prefetches, i);

      if (!prefetch->wanted && g_file_equal (prefetch->file, file))
        {
          prefetch->wanted = TRUE;
          return;
        }
    }

  task = g_task_new (self, NULL, report_read_cb, NULL);
  g_task_set_source_tag (task, open_in_new_window);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, report_read_thread);
}

static void
nb_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  NbApplication *self = NB_APPLICATION (app);

  if (self->settings == NULL)
    return;

  for (int i = 0; i < n_files; i++)
    {
      NbWindow *window = NULL;

      /* A report already open is brought forward, not opened twice. */
      for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
        if (NB_IS_WINDOW (l->data) && nb_window_get_file (l->data) != NULL &&
            g_file_equal (nb_window_get_file (l->data), files[i]))
          window = l->data;

      if (window == NULL)
        {
          GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app));

          if (NB_IS_WINDOW (active) && nb_window_is_pristine (NB_WINDOW (active)))
            {
              nb_window_open (NB_WINDOW (active), files[i]);
              window = NB_WINDOW (active);
            }
          else
            {
              open_in_new_window (self, files[i]);
              continue;
            }
        }
      gtk_window_present (GTK_WINDOW (window));
    }
  if (gtk_application_get_active_window (GTK_APPLICATION (app)) != NULL)
    schedule_recovery_check (self);
}

/* The files GApplication will open: the arguments that are not options. */
static gboolean
nb_application_local_command_line (GApplication   *app,
                                   char         ***arguments,
                                   int            *exit_status)
{
  NbApplication *self = NB_APPLICATION (app);
  char **argv = *arguments;
  gboolean options_done = FALSE;
  guint n = 0;

  for (guint i = 1; argv[i] != NULL && n < 8; i++)
    {
      if (!options_done && g_str_equal (argv[i], "--"))
        options_done = TRUE;
      else if (options_done || argv[i][0] != '-')
        {
          prefetch_report (self, argv[i]);
          n++;
        }
    }

  return G_APPLICATION_CLASS (nb_application_parent_class)->local_command_line (app, arguments,
                                                                                exit_status);
}

static void
nb_application_dispose (GObject *object)
{
  NbApplication *self = NB_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->drafts);
  g_clear_pointer (&self->recovery_drafts, g_ptr_array_unref);
  g_clear_pointer (&self->prefetches, g_ptr_array_unref);

  G_OBJECT_CLASS (nb_application_parent_class)->dispose (object);
}

static void
nb_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  NbApplication *self = NB_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_DRAFTS:
      g_value_set_object (value, self->drafts);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nb_application_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  NbApplication *self = NB_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_DRAFTS:
      self->drafts = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nb_application_class_init (NbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = nb_application_dispose;
  object_class->get_property = nb_application_get_property;
  object_class->set_property = nb_application_set_property;

  app_class->startup = nb_application_startup;
  app_class->activate = nb_application_activate;
  app_class->open = nb_application_open;
  app_class->local_command_line = nb_application_local_command_line;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, NB_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DRAFTS] =
    g_param_spec_object ("drafts", NULL, NULL, NB_TYPE_DRAFTS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
nb_application_init (NbApplication *self)
{
}

/**
 * nb_application_new:
 * @settings: (nullable): the settings, %NULL for the installed schema's
 * @drafts: (nullable): where drafts go, %NULL for the default folder
 *
 * Returns: (transfer full): the application
 */
NbApplication *
nb_application_new (NbSettings *settings,
                    NbDrafts   *drafts)
{
  return g_object_new (NB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/nianbao/Nianbao",
                       "settings", settings,
                       "drafts", drafts,
                       NULL);
}

/* libadwaita brings its own stylesheet and sets GTK's theme to an empty one
 * (Adwaita-empty), but only after GTK has read and parsed its default theme
 * for the display, which is then thrown away (about 10 ms at each start).
 * GTK_THEME names the theme GTK reads first; it is unset as soon as the
 * display is open, before libadwaita starts (libadwaita leaves its
 * stylesheet out when GTK_THEME is set), so the window looks the same. A
 * GTK_THEME the user set is left alone. */
static gboolean theme_preset;

static void
display_opened_cb (GdkDisplayManager *manager,
                   GdkDisplay        *display,
                   gpointer           user_data)
{
  g_signal_handlers_disconnect_by_func (manager, display_opened_cb, user_data);
  if (!theme_preset)
    return;
  gtk_settings_get_for_display (display);
  g_unsetenv ("GTK_THEME");
  theme_preset = FALSE;
}

static void
preset_empty_theme (void)
{
  if (g_getenv ("GTK_THEME") != NULL)
    return;
  /* Before any thread runs: setenv is not thread-safe. */
  g_setenv ("GTK_THEME", "Adwaita-empty", TRUE);
  theme_preset = TRUE;
  g_signal_connect (gdk_display_manager_get (), "display-opened", G_CALLBACK (display_opened_cb), NULL);
}

int
nb_application_run (int    argc,
                    char **argv)
{
  g_autoptr(NbApplication) app = NULL;

  preset_empty_theme ();
  /* After preset_empty_theme (): it sets the environment. */
  nb_font_warmup_start ();
  app = nb_application_new (NULL, NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}

/**
 * nb_application_get_settings:
 *
 * Returns: (transfer none) (nullable): the settings, once started
 */
NbSettings *
nb_application_get_settings (NbApplication *self)
{
  g_return_val_if_fail (NB_IS_APPLICATION (self), NULL);
  return self->settings;
}

/**
 * nb_application_get_drafts:
 *
 * Returns: (transfer none) (nullable): the drafts, once started
 */
NbDrafts *
nb_application_get_drafts (NbApplication *self)
{
  g_return_val_if_fail (NB_IS_APPLICATION (self), NULL);
  return self->drafts;
}

/**
 * nb_application_get_recovery_dialog:
 *
 * Returns: (transfer none) (nullable): the dialog offering drafts back, while shown
 */
GtkWidget *
nb_application_get_recovery_dialog (NbApplication *self)
{
  g_return_val_if_fail (NB_IS_APPLICATION (self), NULL);
  return self->recovery_dialog;
}

gboolean
nb_application_get_recovery_checked (NbApplication *self)
{
  g_return_val_if_fail (NB_IS_APPLICATION (self), FALSE);
  return self->recovery_checked;
}
