/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-diagnostic"

#include "config.h"

#include "nb-diagnostic.h"

struct _NbDiagnostic
{
  GObject     parent_instance;

  char       *rule_id;
  NbSeverity  severity;
  char       *section_id;
  char      **cells;
  char       *expected;
  char       *actual;
  char       *message;
};

G_DEFINE_FINAL_TYPE (NbDiagnostic, nb_diagnostic, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RULE_ID,
  PROP_SEVERITY,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
nb_diagnostic_finalize (GObject *object)
{
  NbDiagnostic *self = NB_DIAGNOSTIC (object);

  g_free (self->rule_id);
  g_free (self->section_id);
  g_strfreev (self->cells);
  g_free (self->expected);
  g_free (self->actual);
  g_free (self->message);

  G_OBJECT_CLASS (nb_diagnostic_parent_class)->finalize (object);
}

static void
nb_diagnostic_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  NbDiagnostic *self = NB_DIAGNOSTIC (object);

  switch (prop_id)
    {
    case PROP_RULE_ID:
      g_value_set_string (value, self->rule_id);
      break;
    case PROP_SEVERITY:
      g_value_set_int (value, self->severity);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nb_diagnostic_class_init (NbDiagnosticClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = nb_diagnostic_finalize;
  object_class->get_property = nb_diagnostic_get_property;

  /* Read-only: a diagnostic is a value; the rules replace it rather than edit it. */
  properties[PROP_RULE_ID] =
    g_param_spec_string ("rule-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEVERITY] =
    g_param_spec_int ("severity", NULL, NULL, 0, NB_SEVERITY_INFO, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
nb_diagnostic_init (NbDiagnostic *self)
{
}

/**
 * nb_diagnostic_new:
 * @cells: (array zero-terminated=1): the cell ids involved
 *
 * Returns: (transfer full): a new diagnostic
 */
NbDiagnostic *
nb_diagnostic_new (const char         *rule_id,
                   NbSeverity          severity,
                   const char         *section_id,
                   const char * const *cells,
                   const char         *expected,
                   const char         *actual,
                   const char         *message)
{
  NbDiagnostic *self;

  g_return_val_if_fail (rule_id != NULL && message != NULL, NULL);

  self = g_object_new (NB_TYPE_DIAGNOSTIC, NULL);
  self->rule_id = g_strdup (rule_id);
  self->severity = severity;
  self->section_id = g_strdup (section_id);
  self->cells = cells != NULL ? g_strdupv ((char **) cells) : g_new0 (char *, 1);
  self->expected = g_strdup (expected);
  self->actual = g_strdup (actual);
  self->message = g_strdup (message);
  return self;
}

const char *
nb_diagnostic_get_rule_id (NbDiagnostic *self)
{
  g_return_val_if_fail (NB_IS_DIAGNOSTIC (self), NULL);
  return self->rule_id;
}

NbSeverity
nb_diagnostic_get_severity (NbDiagnostic *self)
{
  g_return_val_if_fail (NB_IS_DIAGNOSTIC (self), NB_SEVERITY_ERROR);
  return self->severity;
}

const char *
nb_diagnostic_get_section_id (NbDiagnostic *self)
{
  g_return_val_if_fail (NB_IS_DIAGNOSTIC (self), NULL);
  return self->section_id;
}

const char * const *
nb_diagnostic_get_cells (NbDiagnostic *self)
{
  g_return_val_if_fail (NB_IS_DIAGNOSTIC (self), NULL);
  return (const char * const *) self->cells;
}

const char *
nb_diagnostic_get_expected (NbDiagnostic *self)
{
  g_return_val_if_fail (NB_IS_DIAGNOSTIC (self), NULL);
  return self->expected;
}

const char *
nb_diagnostic_get_actual (NbDiagnostic *self)
{
  g_return_val_if_fail (NB_IS_DIAGNOSTIC (self), NULL);
  return self->actual;
}

const char *
nb_diagnostic_get_message (NbDiagnostic *self)
{
  g_return_val_if_fail (NB_IS_DIAGNOSTIC (self), NULL);
  return self->message;
}

gboolean
nb_diagnostic_equal (NbDiagnostic *a,
                     NbDiagnostic *b)
{
  g_return_val_if_fail (NB_IS_DIAGNOSTIC (a) && NB_IS_DIAGNOSTIC (b), FALSE);

  return a->severity == b->severity &&
         g_str_equal (a->rule_id, b->rule_id) &&
         g_str_equal (a->message, b->message) &&
         g_strv_equal ((const char * const *) a->cells, (const char * const *) b->cells);
}

const char *
nb_severity_to_string (NbSeverity severity)
{
  switch (severity)
    {
    case NB_SEVERITY_ERROR:
      return "error";
    case NB_SEVERITY_WARNING:
      return "warning";
    case NB_SEVERITY_INFO:
    default:
      return "info";
    }
}

char *
nb_diagnostic_to_line (NbDiagnostic *self)
{
  g_autofree char *cells = NULL;

  g_return_val_if_fail (NB_IS_DIAGNOSTIC (self), NULL);

  cells = g_strjoinv (",", self->cells);
  return g_strdup_printf ("%s %s %s: %s", nb_severity_to_string (self->severity),
                          self->rule_id, *cells != '\0' ? cells : "-", self->message);
}
