/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-application"

#include "config.h"

#include <glib/gi18n.h>

#include "nb-application.h"
#include "nb-window.h"

struct _NbApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (NbApplication, nb_application, ADW_TYPE_APPLICATION)

static void
nb_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (nb_window_new (NB_APPLICATION (app)));
  gtk_window_present (window);
}

static void
nb_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      NbWindow *window = nb_window_new (NB_APPLICATION (app));
      nb_window_open (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
nb_application_class_init (NbApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = nb_application_activate;
  app_class->open = nb_application_open;
}

static void
nb_application_init (NbApplication *self)
{
}

NbApplication *
nb_application_new (void)
{
  return g_object_new (NB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       NULL);
}

int
nb_application_run (int    argc,
                    char **argv)
{
  g_autoptr(NbApplication) app = nb_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
