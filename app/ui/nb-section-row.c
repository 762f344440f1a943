/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-section-row"

#include "config.h"

#include <glib/gi18n.h>

#include "nb-section-row.h"

/**
 * NbSectionRow:
 *
 * A row of the sidebar: a page (基本信息 or one of the sections) with the
 * number of its errors and warnings as badges.
 */
struct _NbSectionRow
{
  GtkListBoxRow  parent_instance;

  char          *page_id;
  guint          n_errors;
  guint          n_warnings;

  /* Template widgets */
  GtkLabel      *title_label;
  GtkLabel      *errors_label;
  GtkLabel      *warnings_label;
};

G_DEFINE_FINAL_TYPE (NbSectionRow, nb_section_row, GTK_TYPE_LIST_BOX_ROW)

static void
nb_section_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), NB_TYPE_SECTION_ROW);

  G_OBJECT_CLASS (nb_section_row_parent_class)->dispose (object);
}

static void
nb_section_row_finalize (GObject *object)
{
  NbSectionRow *self = NB_SECTION_ROW (object);

  g_free (self->page_id);

  G_OBJECT_CLASS (nb_section_row_parent_class)->finalize (object);
}

/* The whole title, when it is ellipsized. */
static gboolean
title_query_tooltip_cb (NbSectionRow *self,
                        int           x,
                        int           y,
                        gboolean      keyboard_mode,
                        GtkTooltip   *tooltip,
                        GtkLabel     *label)
{
  if (!pango_layout_is_ellipsized (gtk_label_get_layout (label)))
    return FALSE;
  gtk_tooltip_set_text (tooltip, gtk_label_get_text (label));
  return TRUE;
}

static void
nb_section_row_class_init (NbSectionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nb_section_row_dispose;
  object_class->finalize = nb_section_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/nianbao/Nianbao/ui/nb-section-row.ui");
  gtk_widget_class_bind_template_child (widget_class, NbSectionRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, NbSectionRow, errors_label);
  gtk_widget_class_bind_template_child (widget_class, NbSectionRow, warnings_label);
  gtk_widget_class_bind_template_callback (widget_class, title_query_tooltip_cb);
}

static void
nb_section_row_init (NbSectionRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * nb_section_row_new:
 * @page_id: %NB_PAGE_META or a section id
 * @title: the row's title
 * @report_text: whether @title is the report's own Chinese (from the template)
 *
 * Returns: (transfer floating): a new sidebar row
 */
GtkWidget *
nb_section_row_new (const char *page_id,
                    const char *title,
                    gboolean    report_text)
{
  NbSectionRow *self;

  g_return_val_if_fail (page_id != NULL, NULL);
  g_return_val_if_fail (title != NULL, NULL);

  self = g_object_new (NB_TYPE_SECTION_ROW, NULL);
  self->page_id = g_strdup (page_id);
  gtk_widget_set_name (GTK_WIDGET (self), page_id);
  gtk_label_set_text (self->title_label, title);
  if (report_text)
    gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "report-text");
  return GTK_WIDGET (self);
}

const char *
nb_section_row_get_page_id (NbSectionRow *self)
{
  g_return_val_if_fail (NB_IS_SECTION_ROW (self), NULL);
  return self->page_id;
}

void
nb_section_row_set_counts (NbSectionRow *self,
                           guint         n_errors,
                           guint         n_warnings)
{
  g_autofree char *errors = NULL;
  g_autofree char *warnings = NULL;
  g_autofree char *errors_tip = NULL;
  g_autofree char *warnings_tip = NULL;

  g_return_if_fail (NB_IS_SECTION_ROW (self));

  /* Every edit re-counts every section: most counts stay as they were, and
   * a tooltip set costs a round trip to the X server. (0, 0) is how a row
   * starts: badges hidden. */
  if (n_errors == self->n_errors && n_warnings == self->n_warnings)
    return;
  self->n_errors = n_errors;
  self->n_warnings = n_warnings;
  errors = g_strdup_printf ("%u", n_errors);
  warnings = g_strdup_printf ("%u", n_warnings);
  errors_tip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors", n_errors),
                                n_errors);
  warnings_tip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", n_warnings),
                                  n_warnings);

  gtk_label_set_text (self->errors_label, errors);
  gtk_label_set_text (self->warnings_label, warnings);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->errors_label), errors_tip);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->warnings_label), warnings_tip);
  /* A screen reader says "4 errors", not a bare "4". */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->errors_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, errors_tip, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->warnings_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, warnings_tip, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->errors_label), n_errors > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_label), n_warnings > 0);
}

void
nb_section_row_get_counts (NbSectionRow *self,
                           guint        *n_errors,
                           guint        *n_warnings)
{
  g_return_if_fail (NB_IS_SECTION_ROW (self));

  if (n_errors != NULL)
    *n_errors = self->n_errors;
  if (n_warnings != NULL)
    *n_warnings = self->n_warnings;
}
