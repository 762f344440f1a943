/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-problems-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "nb-problems-panel.h"

/**
 * NbProblemsPanel:
 *
 * Lists the live diagnostics of the report (the #NbRules list model) with
 * their severity; activating one emits #NbProblemsPanel::diagnostic-activated
 * so the window can show its section and focus its cell.
 */
struct _NbProblemsPanel
{
  GtkWidget   parent_instance;

  NbRules    *rules;
  gulong      counts_id[2];

  /* Template widgets */
  GtkLabel   *summary_label;
  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (NbProblemsPanel, nb_problems_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RULES,
  N_PROPS
};

enum {
  DIAGNOSTIC_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
severity_icon (NbSeverity severity)
{
  switch (severity)
    {
    case NB_SEVERITY_ERROR:
      return "dialog-error-symbolic";
    case NB_SEVERITY_WARNING:
      return "dialog-warning-symbolic";
    case NB_SEVERITY_INFO:
    default:
      return "dialog-information-symbolic";
    }
}

static const char *
severity_name (NbSeverity severity)
{
  switch (severity)
    {
    case NB_SEVERITY_ERROR:
      return _("Error");
    case NB_SEVERITY_WARNING:
      return _("Warning");
    case NB_SEVERITY_INFO:
    default:
      return _("Note");
    }
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  NbDiagnostic *diagnostic = item;
  NbSeverity severity = nb_diagnostic_get_severity (diagnostic);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *icon = gtk_image_new_from_icon_name (severity_icon (severity));
  GtkWidget *message = gtk_label_new (nb_diagnostic_get_message (diagnostic));
  GtkWidget *rule = gtk_label_new (nb_diagnostic_get_rule_id (diagnostic));
  g_autofree char *a11y = g_strdup_printf ("%s %s: %s", severity_name (severity),
                                           nb_diagnostic_get_rule_id (diagnostic),
                                           nb_diagnostic_get_message (diagnostic));

  gtk_widget_set_tooltip_text (icon, severity_name (severity));
  gtk_widget_add_css_class (icon, severity == NB_SEVERITY_ERROR ? "error" :
                                  severity == NB_SEVERITY_WARNING ? "warning" : "accent");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);

  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (message), 0.0);
  gtk_widget_set_hexpand (message, TRUE);
  gtk_widget_add_css_class (message, "report-text");

  gtk_widget_set_valign (rule, GTK_ALIGN_START);
  gtk_widget_add_css_class (rule, "dim-label");
  gtk_widget_add_css_class (rule, "numeric");

  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), message);
  gtk_box_append (GTK_BOX (box), rule);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  g_object_set_data_full (G_OBJECT (row), "nb-diagnostic", g_object_ref (diagnostic), g_object_unref);
  return row;
}

static void
update_summary (NbProblemsPanel *self)
{
  guint errors = 0, warnings = 0;
  g_autofree char *e = NULL;
  g_autofree char *w = NULL;
  g_autofree char *text = NULL;

  if (self->rules != NULL)
    {
      errors = nb_rules_get_n_errors (self->rules);
      warnings = nb_rules_get_n_warnings (self->rules);
    }
  if (errors == 0 && warnings == 0)
    {
      gtk_label_set_text (self->summary_label, _("None"));
      return;
    }
  e = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors", errors), errors);
  w = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", warnings), warnings);
  /* Translators: "2 errors, 1 warning" */
  text = g_strdup_printf (_("%s, %s"), e, w);
  gtk_label_set_text (self->summary_label, text);
}

static void
counts_changed_cb (NbProblemsPanel *self)
{
  update_summary (self);
}

static void
row_activated_cb (NbProblemsPanel *self,
                  GtkListBoxRow   *row,
                  GtkListBox      *list)
{
  NbDiagnostic *diagnostic = g_object_get_data (G_OBJECT (row), "nb-diagnostic");

  if (diagnostic != NULL)
    g_signal_emit (self, signals[DIAGNOSTIC_ACTIVATED], 0, diagnostic);
}

static void
nb_problems_panel_dispose (GObject *object)
{
  NbProblemsPanel *self = NB_PROBLEMS_PANEL (object);

  nb_problems_panel_set_rules (self, NULL);
  {
    GtkWidget *child;

    /* Children without an id in the template are ours to unparent too. */
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  gtk_widget_dispose_template (GTK_WIDGET (self), NB_TYPE_PROBLEMS_PANEL);

  G_OBJECT_CLASS (nb_problems_panel_parent_class)->dispose (object);
}

static void
nb_problems_panel_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  NbProblemsPanel *self = NB_PROBLEMS_PANEL (object);

  switch (prop_id)
    {
    case PROP_RULES:
      g_value_set_object (value, self->rules);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nb_problems_panel_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  NbProblemsPanel *self = NB_PROBLEMS_PANEL (object);

  switch (prop_id)
    {
    case PROP_RULES:
      nb_problems_panel_set_rules (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nb_problems_panel_class_init (NbProblemsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nb_problems_panel_dispose;
  object_class->get_property = nb_problems_panel_get_property;
  object_class->set_property = nb_problems_panel_set_property;

  properties[PROP_RULES] =
    g_param_spec_object ("rules", NULL, NULL, NB_TYPE_RULES,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * NbProblemsPanel::diagnostic-activated:
   * @diagnostic: the #NbDiagnostic the user activated
   */
  signals[DIAGNOSTIC_ACTIVATED] =
    g_signal_new ("diagnostic-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, NB_TYPE_DIAGNOSTIC);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/nianbao/Nianbao/ui/nb-problems-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, NbProblemsPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, NbProblemsPanel, list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "nb-problems-panel");
}

static void
nb_problems_panel_init (NbProblemsPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_summary (self);
}

GtkWidget *
nb_problems_panel_new (void)
{
  return g_object_new (NB_TYPE_PROBLEMS_PANEL, NULL);
}

/**
 * nb_problems_panel_get_rules:
 *
 * Returns: (transfer none) (nullable): the diagnostics shown
 */
NbRules *
nb_problems_panel_get_rules (NbProblemsPanel *self)
{
  g_return_val_if_fail (NB_IS_PROBLEMS_PANEL (self), NULL);
  return self->rules;
}

void
nb_problems_panel_set_rules (NbProblemsPanel *self,
                             NbRules         *rules)
{
  g_return_if_fail (NB_IS_PROBLEMS_PANEL (self));
  g_return_if_fail (rules == NULL || NB_IS_RULES (rules));

  if (self->rules == rules)
    return;

  if (self->rules != NULL)
    {
      g_clear_signal_handler (&self->counts_id[0], self->rules);
      g_clear_signal_handler (&self->counts_id[1], self->rules);
    }
  g_set_object (&self->rules, rules);
  if (self->list != NULL)
    gtk_list_box_bind_model (self->list, G_LIST_MODEL (rules), rules != NULL ? create_row : NULL,
                             NULL, NULL);
  if (rules != NULL)
    {
      self->counts_id[0] = g_signal_connect_object (rules, "notify::n-errors",
                                                    G_CALLBACK (counts_changed_cb), self,
                                                    G_CONNECT_SWAPPED);
      self->counts_id[1] = g_signal_connect_object (rules, "notify::n-warnings",
                                                    G_CALLBACK (counts_changed_cb), self,
                                                    G_CONNECT_SWAPPED);
    }
  update_summary (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RULES]);
}

/**
 * nb_problems_panel_get_list:
 *
 * Returns: (transfer none): the list of diagnostics, one row each
 */
GtkListBox *
nb_problems_panel_get_list (NbProblemsPanel *self)
{
  g_return_val_if_fail (NB_IS_PROBLEMS_PANEL (self), NULL);
  return self->list;
}
