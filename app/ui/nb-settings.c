/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-settings"

#include "config.h"

#include <glib/gi18n.h>

#include "nb-settings.h"

/**
 * NbSettings:
 *
 * The application's preferences. Widgets get one as a construct property
 * instead of calling g_settings_new () themselves, so that tests run with
 * GSETTINGS_BACKEND=memory (or any GSettings they build) and no global state.
 */
struct _NbSettings
{
  GObject    parent_instance;

  GSettings *settings;
  gulong     changed_id;
};

G_DEFINE_FINAL_TYPE (NbSettings, nb_settings, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_GSETTINGS,
  PROP_AUTO_SAVE_DELAY,
  PROP_SHOW_PROBLEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
settings_changed_cb (NbSettings *self,
                     const char *key,
                     GSettings  *settings)
{
  if (g_str_equal (key, "auto-save-delay"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_SAVE_DELAY]);
  else if (g_str_equal (key, "show-problems"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_PROBLEMS]);
}

static void
nb_settings_constructed (GObject *object)
{
  NbSettings *self = NB_SETTINGS (object);

  G_OBJECT_CLASS (nb_settings_parent_class)->constructed (object);

  g_assert (G_IS_SETTINGS (self->settings));
  self->changed_id = g_signal_connect_object (self->settings, "changed",
                                              G_CALLBACK (settings_changed_cb), self,
                                              G_CONNECT_SWAPPED);
}

static void
nb_settings_dispose (GObject *object)
{
  NbSettings *self = NB_SETTINGS (object);

  g_clear_signal_handler (&self->changed_id, self->settings);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (nb_settings_parent_class)->dispose (object);
}

static void
nb_settings_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  NbSettings *self = NB_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_GSETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_AUTO_SAVE_DELAY:
      g_value_set_uint (value, nb_settings_get_auto_save_delay (self));
      break;
    case PROP_SHOW_PROBLEMS:
      g_value_set_boolean (value, nb_settings_get_show_problems (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nb_settings_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  NbSettings *self = NB_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_GSETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_SHOW_PROBLEMS:
      nb_settings_set_show_problems (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nb_settings_class_init (NbSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = nb_settings_constructed;
  object_class->dispose = nb_settings_dispose;
  object_class->get_property = nb_settings_get_property;
  object_class->set_property = nb_settings_set_property;

  properties[PROP_GSETTINGS] =
    g_param_spec_object ("gsettings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTO_SAVE_DELAY] =
    g_param_spec_uint ("auto-save-delay", NULL, NULL, 1, 600, 3,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_PROBLEMS] =
    g_param_spec_boolean ("show-problems", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
nb_settings_init (NbSettings *self)
{
}

/**
 * nb_settings_new:
 * @settings: a #GSettings of the schema io.github.nianbao.Nianbao
 *
 * Returns: (transfer full): a new #NbSettings wrapping @settings
 */
NbSettings *
nb_settings_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (NB_TYPE_SETTINGS, "gsettings", settings, NULL);
}

/**
 * nb_settings_new_default:
 *
 * The application's settings from the installed schema, or from the build
 * tree when Nianbao runs uninstalled.
 *
 * Returns: (transfer full) (nullable): the settings, or %NULL with @error set
 *   when the schema cannot be found
 */
NbSettings *
nb_settings_new_default (GError **error)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchemaSource) build_source = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, NB_SETTINGS_SCHEMA_ID, TRUE);

#ifdef NB_BUILD_SCHEMA_DIR
  if (schema == NULL &&
      g_file_test (NB_BUILD_SCHEMA_DIR "/gschemas.compiled", G_FILE_TEST_EXISTS))
    {
      build_source = g_settings_schema_source_new_from_directory (NB_BUILD_SCHEMA_DIR, source,
                                                                  FALSE, NULL);
      if (build_source != NULL)
        schema = g_settings_schema_source_lookup (build_source, NB_SETTINGS_SCHEMA_ID, TRUE);
    }
#endif

  if (schema == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The settings schema “%s” is not installed. Install Nianbao or set GSETTINGS_SCHEMA_DIR."),
                   NB_SETTINGS_SCHEMA_ID);
      return NULL;
    }

  settings = g_settings_new_full (schema, NULL, NULL);
  return nb_settings_new (settings);
}

/**
 * nb_settings_get_gsettings:
 *
 * Returns: (transfer none): the wrapped #GSettings, for g_settings_bind ()
 */
GSettings *
nb_settings_get_gsettings (NbSettings *self)
{
  g_return_val_if_fail (NB_IS_SETTINGS (self), NULL);
  return self->settings;
}

guint
nb_settings_get_auto_save_delay (NbSettings *self)
{
  g_return_val_if_fail (NB_IS_SETTINGS (self), 3);
  return MAX (1, g_settings_get_uint (self->settings, "auto-save-delay"));
}

gboolean
nb_settings_get_show_problems (NbSettings *self)
{
  g_return_val_if_fail (NB_IS_SETTINGS (self), TRUE);
  return g_settings_get_boolean (self->settings, "show-problems");
}

void
nb_settings_set_show_problems (NbSettings *self,
                               gboolean    show_problems)
{
  g_return_if_fail (NB_IS_SETTINGS (self));

  /* GSettings emits "changed", which notifies. */
  if (show_problems != nb_settings_get_show_problems (self))
    g_settings_set_boolean (self->settings, "show-problems", show_problems);
}

void
nb_settings_get_window_state (NbSettings *self,
                              int        *width,
                              int        *height,
                              gboolean   *maximized)
{
  g_return_if_fail (NB_IS_SETTINGS (self));

  if (width != NULL)
    *width = g_settings_get_int (self->settings, "window-width");
  if (height != NULL)
    *height = g_settings_get_int (self->settings, "window-height");
  if (maximized != NULL)
    *maximized = g_settings_get_boolean (self->settings, "window-maximized");
}

void
nb_settings_set_window_state (NbSettings *self,
                              int         width,
                              int         height,
                              gboolean    maximized)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) key_w = NULL;
  g_autoptr(GSettingsSchemaKey) key_h = NULL;
  g_autoptr(GVariant) vw = NULL;
  g_autoptr(GVariant) vh = NULL;

  g_return_if_fail (NB_IS_SETTINGS (self));

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  key_w = g_settings_schema_get_key (schema, "window-width");
  key_h = g_settings_schema_get_key (schema, "window-height");
  vw = g_variant_ref_sink (g_variant_new_int32 (width));
  vh = g_variant_ref_sink (g_variant_new_int32 (height));

  /* A size outside the schema's range would be a critical warning; a
   * maximized window keeps the size it had before being maximized. */
  g_settings_delay (self->settings);
  if (!maximized && g_settings_schema_key_range_check (key_w, vw))
    g_settings_set_int (self->settings, "window-width", width);
  if (!maximized && g_settings_schema_key_range_check (key_h, vh))
    g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  g_settings_apply (self->settings);
}

/**
 * nb_settings_dup_last_folder:
 *
 * Returns: (transfer full) (nullable): the folder last used in a file
 *   chooser, or %NULL
 */
GFile *
nb_settings_dup_last_folder (NbSettings *self)
{
  g_autofree char *uri = NULL;

  g_return_val_if_fail (NB_IS_SETTINGS (self), NULL);

  uri = g_settings_get_string (self->settings, "last-folder");
  if (uri == NULL || *uri == '\0')
    return NULL;
  return g_file_new_for_uri (uri);
}

void
nb_settings_set_last_folder (NbSettings *self,
                             GFile      *folder)
{
  g_autofree char *uri = NULL;

  g_return_if_fail (NB_IS_SETTINGS (self));
  g_return_if_fail (folder == NULL || G_IS_FILE (folder));

  uri = folder != NULL ? g_file_get_uri (folder) : g_strdup ("");
  g_settings_set_string (self->settings, "last-folder", uri);
}

/**
 * nb_settings_dup_previous_report:
 *
 * Returns: (transfer full) (nullable): last year's report as last chosen
 */
GFile *
nb_settings_dup_previous_report (NbSettings *self)
{
  g_autofree char *uri = NULL;

  g_return_val_if_fail (NB_IS_SETTINGS (self), NULL);

  uri = g_settings_get_string (self->settings, "recent-previous-report");
  if (uri == NULL || *uri == '\0')
    return NULL;
  return g_file_new_for_uri (uri);
}

void
nb_settings_set_previous_report (NbSettings *self,
                                 GFile      *file)
{
  g_autofree char *uri = NULL;

  g_return_if_fail (NB_IS_SETTINGS (self));

  uri = file != NULL ? g_file_get_uri (file) : g_strdup ("");
  g_settings_set_string (self->settings, "recent-previous-report", uri);
}
