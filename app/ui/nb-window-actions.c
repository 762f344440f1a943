/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-window"

#include "config.h"

#include <glib/gi18n.h>

#include "nb-section-row.h"
#include "nb-window-private.h"

/* The window's actions and their shortcuts, in one place. Enabled states
 * are all set by _nb_window_actions_update (). */

/* The page of what an undo or redo changes first: a cell's table, a
 * section, or 基本信息 for its fields, the seal and the settings. */
static void
undone_changed_cb (NbReport      *report,
                   NbChangeKind   kind,
                   const char    *detail,
                   char         **page)
{
  NbTemplate *template = nb_report_get_template (report);
  int cell;

  if (*page != NULL)
    return;
  switch (kind)
    {
    case NB_CHANGE_CELL:
      if ((cell = nb_template_lookup_cell (template, detail)) >= 0)
        *page = g_strdup (nb_template_get_cell_section (template, (guint) cell));
      break;
    case NB_CHANGE_SECTION:
      *page = g_strdup (detail);
      break;
    case NB_CHANGE_META:
    case NB_CHANGE_SEAL:
    case NB_CHANGE_SETTINGS:
      *page = g_strdup (NB_PAGE_META);
      break;
    case NB_CHANGE_ALL:
    default:
      break;
    }
}

/* Undo and redo bring what they change into view: undone out of sight,
 * a change would send the clerk to press Ctrl+Z again, blind. */
static void
undo_or_redo (NbWindow *self,
              gboolean  undo)
{
  g_autofree char *page = NULL;
  gulong id = g_signal_connect (self->report, "changed", G_CALLBACK (undone_changed_cb), &page);

  if (undo)
    nb_report_undo (self->report);
  else
    nb_report_redo (self->report);
  g_signal_handler_disconnect (self->report, id);
  if (page != NULL && g_strcmp0 (page, nb_window_get_visible_page (self)) != 0)
    nb_window_show_page (self, page);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  undo_or_redo (NB_WINDOW (widget), TRUE);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  undo_or_redo (NB_WINDOW (widget), FALSE);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  _nb_window_new_document (NB_WINDOW (widget));
}

static void
new_from_previous_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  _nb_window_new_from_previous (NB_WINDOW (widget));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _nb_window_open_dialog (NB_WINDOW (widget));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  _nb_window_open_with_prompt (NB_WINDOW (widget), file);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _nb_window_save (NB_WINDOW (widget), FALSE);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  _nb_window_save (NB_WINDOW (widget), TRUE);
}

static void
set_previous_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  _nb_window_choose_previous (NB_WINDOW (widget));
}

static void
change_template_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  _nb_window_change_template (NB_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  _nb_window_export_pdf (NB_WINDOW (widget));
}

static void
export_pdf_final_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  _nb_window_export_pdf_final (NB_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
export_xlsx_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  _nb_window_export_xlsx (NB_WINDOW (widget));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  _nb_window_print (NB_WINDOW (widget));
}

static void
print_preview_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  _nb_window_print_preview (NB_WINDOW (widget));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _nb_window_import (NB_WINDOW (widget));
}

static void
import_paste_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  _nb_window_import_paste (NB_WINDOW (widget));
}

static void
consolidate_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  _nb_window_choose_consolidation (NB_WINDOW (widget), FALSE);
}

static void
consolidate_folder_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  _nb_window_choose_consolidation (NB_WINDOW (widget), TRUE);
}

static void
show_sources_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  _nb_window_show_sources (NB_WINDOW (widget));
}

static void
show_message_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  nb_window_show_toast (NB_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  NbWindow *self = NB_WINDOW (widget);
  int index = g_variant_get_int32 (parameter);
  int i = 0;

  /* Alt+1 … Alt+8: the n-th row of the sidebar. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar));
       child != NULL;
       child = gtk_widget_get_next_sibling (child), i++)
    if (i == index)
      {
        gtk_list_box_select_row (self->sidebar, GTK_LIST_BOX_ROW (child));
        gtk_widget_grab_focus (gtk_stack_get_visible_child (self->stack));
        return;
      }
}

/* The shortcuts window (resources/gtk/help-overlay.ui), built on first use
 * rather than with every window (see resources/nianbao.gresource.xml). */
static void
show_shortcuts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  NbWindow *self = NB_WINDOW (widget);

  if (self->shortcuts_window == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/io/github/nianbao/Nianbao/ui/help-overlay.ui");

      self->shortcuts_window = GTK_WINDOW (g_object_ref (gtk_builder_get_object (builder, "help_overlay")));
      gtk_window_set_hide_on_close (self->shortcuts_window, TRUE);
      gtk_window_set_transient_for (self->shortcuts_window, GTK_WINDOW (self));
    }
  gtk_window_present (self->shortcuts_window);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  NbWindow *self = NB_WINDOW (widget);

  /* Folded, the sections show over the page; beside it, hidden they give
   * the page the window's width. */
  gboolean reveal = !adw_flap_get_reveal_flap (self->flap);

  adw_flap_set_reveal_flap (self->flap, reveal);
  /* Shown over the page from the keyboard, the sections take the focus:
   * otherwise keys go on into the cell hidden under them. */
  if (reveal && adw_flap_get_folded (self->flap))
    {
      GtkListBoxRow *row = gtk_list_box_get_selected_row (self->sidebar);

      if (row != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (row));
      else
        gtk_widget_child_focus (GTK_WIDGET (self->sidebar), GTK_DIR_TAB_FORWARD);
    }
}

void
_nb_window_actions_update (NbWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_report = self->report != NULL;

  gtk_widget_action_set_enabled (widget, "win.undo", has_report && nb_report_can_undo (self->report));
  gtk_widget_action_set_enabled (widget, "win.redo", has_report && nb_report_can_redo (self->report));
  gtk_widget_action_set_enabled (widget, "win.save", has_report && !self->busy);
  gtk_widget_action_set_enabled (widget, "win.save-as", has_report && !self->busy);
  gtk_widget_action_set_enabled (widget, "win.export-pdf",
                                 has_report && !self->busy && _nb_window_can_export (self, "pdf"));
  /* The draft toast's button: like Export, it waits for the work under way. */
  gtk_widget_action_set_enabled (widget, "win.export-pdf-final", has_report && !self->busy);
  gtk_widget_action_set_enabled (widget, "win.export-xlsx",
                                 has_report && !self->busy && _nb_window_can_export (self, "xlsx"));
  gtk_widget_action_set_enabled (widget, "win.print",
                                 has_report && !self->busy && _nb_window_can_export (self, "print"));
  gtk_widget_action_set_enabled (widget, "win.print-preview",
                                 has_report && !self->busy && _nb_window_can_export (self, "preview"));
  gtk_widget_action_set_enabled (widget, "win.import", !self->busy);
  gtk_widget_action_set_enabled (widget, "win.import-paste", !self->busy);
  gtk_widget_action_set_enabled (widget, "win.consolidate", !self->consolidating);
  gtk_widget_action_set_enabled (widget, "win.consolidate-folder", !self->consolidating);
  gtk_widget_action_set_enabled (widget, "win.show-sources", self->aggregate != NULL);
}

void
_nb_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "win.new-from-previous", NULL, new_from_previous_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.set-previous", NULL, set_previous_action);
  gtk_widget_class_install_action (widget_class, "win.change-template", "s", change_template_action);
  gtk_widget_class_install_action (widget_class, "win.export-pdf", NULL, export_pdf_action);
  gtk_widget_class_install_action (widget_class, "win.export-pdf-final", "s", export_pdf_final_action);
  gtk_widget_class_install_action (widget_class, "win.export-xlsx", NULL, export_xlsx_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "win.print-preview", NULL, print_preview_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.import-paste", NULL, import_paste_action);
  gtk_widget_class_install_action (widget_class, "win.consolidate", NULL, consolidate_action);
  gtk_widget_class_install_action (widget_class, "win.consolidate-folder", NULL, consolidate_folder_action);
  gtk_widget_class_install_action (widget_class, "win.show-sources", NULL, show_sources_action);
  gtk_widget_class_install_action (widget_class, "win.show-message", "s", show_message_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "i", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "win.show-shortcuts", NULL, show_shortcuts_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);
  gtk_widget_class_install_property_action (widget_class, "win.show-problems", "show-problems");

  /* Undo and redo are in _nb_window_add_undo_shortcuts (): they must come
   * before the focused text widget's own Ctrl+Z. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_S, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export-pdf", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.export-xlsx", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_E, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.export-xlsx", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "win.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, 0, "win.show-problems", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_question, GDK_CONTROL_MASK, "win.show-shortcuts", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_question, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.show-shortcuts", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
  for (int i = 0; i < 8; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK, "win.show-page", "i", i);
}

/* Ctrl+Z is the document's undo wherever the focus is: a controller in the
 * capture phase, ahead of GtkText and GtkTextView, whose own Ctrl+Z would
 * otherwise take the key even with their undo turned off. */
void
_nb_window_add_undo_shortcuts (NbWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  static const struct {
    guint keyval;
    GdkModifierType mods;
    const char *action;
  } shortcuts[] = {
    { GDK_KEY_z, GDK_CONTROL_MASK, "win.undo" },
    { GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo" },
    { GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo" },
    { GDK_KEY_y, GDK_CONTROL_MASK, "win.redo" },
  };

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (controller, "nb-undo-shortcuts");
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (shortcuts[i].keyval,
                                                                                    shortcuts[i].mods),
                                                            gtk_named_action_new (shortcuts[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}
