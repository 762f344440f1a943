/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-window"

#include "config.h"

#include <glib/gi18n.h>

#include "nb-storage.h"
#include "nb-window.h"

/* First cut: shows the loaded report's title. The editor comes with issue 3. */
struct _NbWindow
{
  AdwApplicationWindow  parent_instance;

  NbReport             *report;
  AdwStatusPage        *status;
};

G_DEFINE_FINAL_TYPE (NbWindow, nb_window, ADW_TYPE_APPLICATION_WINDOW)

static void
nb_window_dispose (GObject *object)
{
  NbWindow *self = NB_WINDOW (object);

  g_clear_object (&self->report);
  G_OBJECT_CLASS (nb_window_parent_class)->dispose (object);
}

static void
nb_window_class_init (NbWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = nb_window_dispose;
}

static void
nb_window_init (NbWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->status = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_title (self->status, _("Nianbao"));
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->status), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), box);
  gtk_window_set_default_size (GTK_WINDOW (self), 1000, 700);
}

NbWindow *
nb_window_new (NbApplication *application)
{
  return g_object_new (NB_TYPE_WINDOW, "application", application, NULL);
}

void
nb_window_open (NbWindow *self,
                GFile    *file)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->report);
  self->report = nb_storage_load_file (file, NULL, &error);
  if (self->report == NULL)
    adw_status_page_set_description (self->status, error->message);
  else
    adw_status_page_set_description (self->status, nb_report_get_meta (self->report, NB_META_AGENCY));
}
