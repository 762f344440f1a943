/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-meta-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "nb-cell-input.h"
#include "nb-layout.h"
#include "nb-meta-page.h"
#include "nb-storage.h"

/**
 * NbMetaPage:
 *
 * 基本信息: the report's meta (agency, year, contact, signature, date, seal),
 * its form (2021 or 2019 template) and whether totals are computed. Every
 * row writes into the report as it is typed and shows the report when it
 * changes (undo, load).
 */
struct _NbMetaPage
{
  AdwPreferencesPage  parent_instance;

  NbReport           *report;
  gulong              changed_id;
  GBinding           *auto_totals_binding;
  gboolean            syncing;
  GtkFileChooserNative *chooser;

  /* Template widgets */
  AdwEntryRow        *agency_row;
  AdwEntryRow        *year_row;
  AdwEntryRow        *phone_row;
  AdwEntryRow        *address_row;
  AdwEntryRow        *postcode_row;
  AdwEntryRow        *signer_row;
  AdwEntryRow        *date_row;
  GtkMenuButton      *calendar_button;
  AdwActionRow       *template_row;
  GtkMenuButton      *template_button;
  GtkSwitch          *auto_totals_switch;
  AdwActionRow       *previous_row;
  AdwActionRow       *seal_row;
  GtkPicture         *seal_picture;
  GtkButton          *seal_remove_button;
};

G_DEFINE_FINAL_TYPE (NbMetaPage, nb_meta_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_REPORT,
  PROP_FORM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static AdwEntryRow *
row_for_field (NbMetaPage  *self,
               NbMetaField  field)
{
  switch (field)
    {
    case NB_META_AGENCY:   return self->agency_row;
    case NB_META_YEAR:     return self->year_row;
    case NB_META_PHONE:    return self->phone_row;
    case NB_META_ADDRESS:  return self->address_row;
    case NB_META_POSTCODE: return self->postcode_row;
    case NB_META_SIGNER:   return self->signer_row;
    case NB_META_DATE:     return self->date_row;
    case NB_META_N_FIELDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
show_message (NbMetaPage *self,
              const char *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-message", "s", message);
}

static void
sync_year_error (NbMetaPage *self)
{
  const char *year = nb_report_get_meta (self->report, NB_META_YEAR);

  /* Red alone says nothing: the tooltip says what a year looks like. */
  if (*year != '\0' && nb_report_get_year (self->report) == 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->year_row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->year_row), _("Write the year in four digits, such as 2023"));
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->year_row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->year_row), NULL);
    }
}

static void
sync_field (NbMetaPage  *self,
            NbMetaField  field)
{
  AdwEntryRow *row = row_for_field (self, field);
  const char *value = nb_report_get_meta (self->report, field);

  if (!g_str_equal (gtk_editable_get_text (GTK_EDITABLE (row)), value))
    {
      self->syncing = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (row), value);
      self->syncing = FALSE;
    }
  if (field == NB_META_YEAR)
    sync_year_error (self);
}

static void
decode_seal_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  cairo_surface_t *image = nb_layout_decode_seal (task_data, &error);

  if (image == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  cairo_surface_destroy (image);
  g_task_return_boolean (task, TRUE);
}

/* A seal read from a file may not be an image the PDF can use (damaged, or
 * more pixels than it takes): said on its row now, not first at export. */
static void
seal_checked_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  NbMetaPage *self = NB_META_PAGE (object);
  g_autoptr(GError) error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error) || self->report == NULL ||
      nb_report_get_seal (self->report) != g_task_get_task_data (G_TASK (result)))
    return;
  adw_action_row_set_subtitle (self->seal_row, error->message);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->seal_row), error->message);
  gtk_widget_add_css_class (GTK_WIDGET (self->seal_row), "seal-damaged");
}

static void
sync_seal (NbMetaPage *self)
{
  GBytes *seal = nb_report_get_seal (self->report);
  g_autoptr(GdkTexture) texture = NULL;

  if (seal != NULL)
    texture = gdk_texture_new_from_bytes (seal, NULL);
  gtk_picture_set_paintable (self->seal_picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->seal_picture), texture != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->seal_remove_button), seal != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->seal_row), "seal-damaged");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->seal_row), NULL);
  /* Short: what it does is the group's footnote. */
  if (seal == NULL)
    adw_action_row_set_subtitle (self->seal_row, C_("seal image", "None"));
  else if (texture == NULL)
    adw_action_row_set_subtitle (self->seal_row, _("Set (the image cannot be previewed)"));
  else
    adw_action_row_set_subtitle (self->seal_row, NULL);

  if (seal != NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, seal_checked_cb, NULL);

      g_task_set_task_data (task, g_bytes_ref (seal), (GDestroyNotify) g_bytes_unref);
      g_task_run_in_thread (task, decode_seal_thread);
    }
}

static void
compute_totals_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            NbMetaPage       *self)
{
  if (self->report != NULL && g_str_equal (response, "compute"))
    {
      nb_report_set_auto_totals (self->report, TRUE);
      /* The switch moved already; its state waited for this answer. */
      gtk_switch_set_state (self->auto_totals_switch, TRUE);
    }
  else if (self->report != NULL)
    gtk_switch_set_active (self->auto_totals_switch, nb_report_get_auto_totals (self->report));
}

/* Turning Compute Totals on replaces every typed total by the sum of its
 * parts. Totals typed as published that do not add up would change
 * silently (and turning it off again does not bring them back), so the
 * clerk is asked first, told how many. */
static gboolean
auto_totals_state_set_cb (NbMetaPage *self,
                          gboolean    state,
                          GtkSwitch  *sw)
{
  GtkWidget *dialog;
  GtkRoot *root;
  g_autofree char *body = NULL;
  guint n;

  if (self->report == NULL || state == nb_report_get_auto_totals (self->report))
    return FALSE;
  n = state ? nb_report_count_changed_totals (self->report) : 0;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (n == 0 || !GTK_IS_WINDOW (root))
    {
      nb_report_set_auto_totals (self->report, state);
      return FALSE;
    }

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u total typed in differs from the sum of its parts and will be replaced by the sum. Undo brings it back.",
                                       "%u totals typed in differ from the sums of their parts and will be replaced by the sums. Undo brings them back.",
                                       n),
                          n);
  dialog = adw_message_dialog_new (GTK_WINDOW (root), _("Compute the Totals?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Typed Totals"),
                                    "compute", _("_Compute Totals"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "compute",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  /* Not a reference: closing the window destroys the dialog unanswered. */
  g_signal_connect_object (dialog, "response", G_CALLBACK (compute_totals_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  /* The switch waits for the answer. */
  return TRUE;
}

static void
sync_template (NbMetaPage *self)
{
  adw_action_row_set_subtitle (self->template_row,
                               nb_template_get_name (nb_report_get_template (self->report)));
}

static void
report_changed_cb (NbMetaPage   *self,
                   NbChangeKind  kind,
                   const char   *detail,
                   NbReport     *report)
{
  if (kind == NB_CHANGE_META || kind == NB_CHANGE_ALL)
    for (NbMetaField f = 0; f < NB_META_N_FIELDS; f++)
      if (kind == NB_CHANGE_ALL || g_strcmp0 (detail, nb_report_meta_field_key (f)) == 0)
        sync_field (self, f);
  if (kind == NB_CHANGE_SEAL || kind == NB_CHANGE_ALL)
    sync_seal (self);
  if (kind == NB_CHANGE_ALL)
    {
      sync_template (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORM]);
    }
}

static void
row_changed_cb (NbMetaPage  *self,
                GtkEditable *editable)
{
  if (self->syncing)
    return;
  for (NbMetaField f = 0; f < NB_META_N_FIELDS; f++)
    if (GTK_EDITABLE (row_for_field (self, f)) == editable)
      {
        /* A year typed with a Chinese input method (２０２３) becomes 2023,
         * as in the tables; setting the text comes back here. */
        if (f == NB_META_YEAR)
          {
            g_autofree char *ascii = nb_cell_input_normalize (gtk_editable_get_text (editable));

            if (ascii != NULL && !g_str_equal (ascii, gtk_editable_get_text (editable)))
              {
                gtk_editable_set_text (editable, ascii);
                gtk_editable_set_position (editable, -1);
                return;
              }
          }
        nb_report_set_meta (self->report, f, gtk_editable_get_text (editable));
        if (f == NB_META_YEAR)
          sync_year_error (self);
      }
}

/* meta.form, a property action: its state is the report's form, so the
 * menu marks it. Choosing another asks the window to convert the document
 * (it rebuilds this page); until it does, or if the user cancels, the form
 * and its mark stay. */
static void
set_form (NbMetaPage *self,
          const char *id)
{
  if (id == NULL || g_str_equal (id, nb_template_get_id (nb_report_get_template (self->report))))
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.change-template", "s", id);
}

/* The forms' menu is made when it is first opened: naming each form means
 * reading its template, which the first frame need not wait for. */
static void
create_form_menu_cb (GtkMenuButton *button,
                     gpointer       user_data)
{
  NbMetaPage *self = user_data;
  g_autoptr(GMenu) menu = g_menu_new ();
  const char * const *ids = nb_template_list_ids ();
  NbTemplate *own = nb_report_get_template (self->report);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(NbTemplate) template = NULL;
      g_autoptr(GMenuItem) item = NULL;

      if (g_str_equal (ids[i], nb_template_get_id (own)))
        template = g_object_ref (own);
      else
        template = nb_template_load (ids[i], NULL);
      if (template == NULL)
        continue;
      item = g_menu_item_new (nb_template_get_name (template), NULL);
      g_menu_item_set_action_and_target (item, "meta.form", "s", ids[i]);
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

static void
calendar_day_selected_cb (NbMetaPage  *self,
                          GtkCalendar *calendar)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  /* 成文日期 as official documents print it: 2024年1月5日, no leading zeros. */
  g_autofree char *text = g_strdup_printf ("%d年%d月%d日",
                                           g_date_time_get_year (date),
                                           g_date_time_get_month (date),
                                           g_date_time_get_day_of_month (date));

  gtk_editable_set_text (GTK_EDITABLE (self->date_row), text);
  gtk_menu_button_popdown (self->calendar_button);
}

/* The calendar is made when first opened: a page that opens on every start
 * need not build forty-two day buttons nobody may press. */
static void
create_calendar_cb (GtkMenuButton *button,
                    gpointer       user_data)
{
  NbMetaPage *self = NB_META_PAGE (user_data);
  GtkWidget *popover;
  GtkWidget *calendar;

  if (gtk_menu_button_get_popover (button) != NULL)
    return;
  popover = gtk_popover_new ();
  calendar = gtk_calendar_new ();
  g_signal_connect_object (calendar, "day-selected", G_CALLBACK (calendar_day_selected_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  gtk_menu_button_set_popover (button, popover);
}

static void
seal_decoded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  NbMetaPage *self = NB_META_PAGE (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_message (self, error->message);
      return;
    }
  if (self->report != NULL)
    nb_report_set_seal (self->report, g_task_get_task_data (G_TASK (result)));
}

static void
seal_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(NbMetaPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);

  if (bytes == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not read the seal image: %s"), error->message);
      show_message (self, message);
      return;
    }
  /* Saved, a larger one could not be opened again. */
  if (g_bytes_get_size (bytes) > NB_STORAGE_MAX_SEAL_SIZE)
    {
      g_autofree char *size = g_format_size (g_bytes_get_size (bytes));
      g_autofree char *limit = g_format_size (NB_STORAGE_MAX_SEAL_SIZE);
      g_autofree char *message =
        g_strdup_printf (_("The seal image is too large (%s): choose one of at most %s, such as a scan at a lower resolution"),
                         size, limit);

      show_message (self, message);
      return;
    }
  /* Decoded as the PDF will decode it (a PNG or an SVG that can be read,
   * not too many pixels), in a thread: an SVG takes a while. */
  {
    g_autoptr(GTask) task = g_task_new (self, NULL, seal_decoded_cb, NULL);

    g_task_set_task_data (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
    g_task_run_in_thread (task, decode_seal_thread);
  }
}

static void
chooser_response_cb (NbMetaPage           *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      nb_meta_page_load_seal (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
choose_seal_cb (NbMetaPage *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_file_filter_set_name (filter, _("PNG or SVG images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/svg+xml");
  gtk_file_filter_add_suffix (filter, "png");
  gtk_file_filter_add_suffix (filter, "svg");

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Choose the Seal Image"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Choose"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
remove_seal_cb (NbMetaPage *self)
{
  nb_report_set_seal (self->report, NULL);
}

static void
nb_meta_page_constructed (GObject *object)
{
  NbMetaPage *self = NB_META_PAGE (object);

  G_OBJECT_CLASS (nb_meta_page_parent_class)->constructed (object);

  g_assert (NB_IS_REPORT (self->report));

  sync_template (self);
  gtk_menu_button_set_create_popup_func (self->template_button, create_form_menu_cb, self, NULL);

  for (NbMetaField f = 0; f < NB_META_N_FIELDS; f++)
    {
      /* Ctrl+Z is the document's undo, not the entry's own. */
      gtk_editable_set_enable_undo (GTK_EDITABLE (row_for_field (self, f)), FALSE);
      sync_field (self, f);
      g_signal_connect_object (row_for_field (self, f), "changed", G_CALLBACK (row_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  sync_seal (self);
  gtk_menu_button_set_create_popup_func (self->calendar_button, create_calendar_cb, self, NULL);

  /* One way: the switch's own changes go through auto_totals_state_set_cb. */
  self->auto_totals_binding = g_object_bind_property (self->report, "auto-totals",
                                                      self->auto_totals_switch, "active",
                                                      G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->auto_totals_switch, "state-set", G_CALLBACK (auto_totals_state_set_cb),
                           self, G_CONNECT_SWAPPED);
  self->changed_id = g_signal_connect_object (self->report, "changed",
                                              G_CALLBACK (report_changed_cb), self,
                                              G_CONNECT_SWAPPED);
}

static void
nb_meta_page_dispose (GObject *object)
{
  NbMetaPage *self = NB_META_PAGE (object);

  if (self->report != NULL)
    g_clear_signal_handler (&self->changed_id, self->report);
  g_clear_pointer (&self->auto_totals_binding, g_binding_unbind);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), NB_TYPE_META_PAGE);
  g_clear_object (&self->report);

  G_OBJECT_CLASS (nb_meta_page_parent_class)->dispose (object);
}

static void
nb_meta_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  NbMetaPage *self = NB_META_PAGE (object);

  switch (prop_id)
    {
    case PROP_REPORT:
      g_value_set_object (value, self->report);
      break;
    case PROP_FORM:
      g_value_set_string (value, self->report != NULL ? nb_template_get_id (nb_report_get_template (self->report))
                                                      : NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nb_meta_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  NbMetaPage *self = NB_META_PAGE (object);

  switch (prop_id)
    {
    case PROP_REPORT:
      self->report = g_value_dup_object (value);
      break;
    case PROP_FORM:
      set_form (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nb_meta_page_class_init (NbMetaPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = nb_meta_page_constructed;
  object_class->dispose = nb_meta_page_dispose;
  object_class->get_property = nb_meta_page_get_property;
  object_class->set_property = nb_meta_page_set_property;

  properties[PROP_REPORT] =
    g_param_spec_object ("report", NULL, NULL, NB_TYPE_REPORT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The id of the report's form (template); setting it asks to convert. */
  properties[PROP_FORM] =
    g_param_spec_string ("form", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_install_property_action (widget_class, "meta.form", "form");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/nianbao/Nianbao/ui/nb-meta-page.ui");
  gtk_widget_class_bind_template_child (widget_class, NbMetaPage, agency_row);
  gtk_widget_class_bind_template_child (widget_class, NbMetaPage, year_row);
  gtk_widget_class_bind_template_child (widget_class, NbMetaPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, NbMetaPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, NbMetaPage, postcode_row);
  gtk_widget_class_bind_template_child (widget_class, NbMetaPage, signer_row);
  gtk_widget_class_bind_template_child (widget_class, NbMetaPage, date_row);
  gtk_widget_class_bind_template_child (widget_class, NbMetaPage, calendar_button);
  gtk_widget_class_bind_template_child (widget_class, NbMetaPage, template_row);
  gtk_widget_class_bind_template_child (widget_class, NbMetaPage, template_button);
  gtk_widget_class_bind_template_child (widget_class, NbMetaPage, auto_totals_switch);
  gtk_widget_class_bind_template_child (widget_class, NbMetaPage, previous_row);
  gtk_widget_class_bind_template_child (widget_class, NbMetaPage, seal_row);
  gtk_widget_class_bind_template_child (widget_class, NbMetaPage, seal_picture);
  gtk_widget_class_bind_template_child (widget_class, NbMetaPage, seal_remove_button);
  gtk_widget_class_bind_template_callback (widget_class, choose_seal_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_seal_cb);
}

static void
nb_meta_page_init (NbMetaPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * nb_meta_page_new:
 *
 * Returns: (transfer floating): the 基本信息 page of @report
 */
GtkWidget *
nb_meta_page_new (NbReport *report)
{
  g_return_val_if_fail (NB_IS_REPORT (report), NULL);

  return g_object_new (NB_TYPE_META_PAGE, "report", report, NULL);
}

NbReport *
nb_meta_page_get_report (NbMetaPage *self)
{
  g_return_val_if_fail (NB_IS_META_PAGE (self), NULL);
  return self->report;
}

/**
 * nb_meta_page_get_field_row:
 *
 * Returns: (transfer none): the #AdwEntryRow editing @field
 */
GtkWidget *
nb_meta_page_get_field_row (NbMetaPage  *self,
                            NbMetaField  field)
{
  g_return_val_if_fail (NB_IS_META_PAGE (self), NULL);
  g_return_val_if_fail (field < NB_META_N_FIELDS, NULL);
  return GTK_WIDGET (row_for_field (self, field));
}

/**
 * nb_meta_page_load_seal:
 *
 * Reads @file (chosen for the seal) and makes it the report's seal, or says
 * why not: not a PNG or SVG image, too large to be saved and read again.
 */
void
nb_meta_page_load_seal (NbMetaPage *self,
                        GFile      *file)
{
  g_return_if_fail (NB_IS_META_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  g_file_load_bytes_async (file, NULL, seal_loaded_cb, g_object_ref (self));
}

/**
 * nb_meta_page_set_previous_name:
 * @name: (nullable): the display name of last year's report, %NULL for none
 */
void
nb_meta_page_set_previous_name (NbMetaPage *self,
                                const char *name)
{
  g_return_if_fail (NB_IS_META_PAGE (self));

  adw_action_row_set_subtitle (self->previous_row,
                               name != NULL ? name : _("None chosen"));
}
