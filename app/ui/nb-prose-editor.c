/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-prose-editor"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "nb-prose-editor.h"

/**
 * NbProseEditor:
 *
 * The editor of one prose section. The buffer shows the section's blocks,
 * one per line; what is typed goes into the report with
 * nb_report_set_section_text () (which keeps levels of unchanged lines and
 * guesses headings from their numbering), and the headings are shown from
 * the blocks' levels. The buffer's own undo is off: Ctrl+Z is the
 * document-wide undo of the report, and an undone edit comes back here
 * through the report's "changed" signal.
 */
struct _NbProseEditor
{
  GtkWidget      parent_instance;

  NbReport      *report;
  char          *section_id;
  gulong         changed_id;
  gboolean       syncing;      /* writing the model into the buffer */
  gboolean       updating_kind;

  /* Template widgets */
  GtkLabel      *title_label;
  GtkLabel      *hint_label;
  GtkDropDown   *kind_dropdown;
  GtkTextView   *text_view;
  GtkTextBuffer *buffer;
};

G_DEFINE_FINAL_TYPE (NbProseEditor, nb_prose_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_REPORT,
  PROP_SECTION_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *heading_tags[] = { NULL, "heading-1", "heading-2", "heading-3" };

static int
cursor_line (NbProseEditor *self)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, gtk_text_buffer_get_insert (self->buffer));
  return gtk_text_iter_get_line (&iter);
}

static void
update_kind_dropdown (NbProseEditor *self)
{
  int line = cursor_line (self);
  guint n_blocks = nb_report_get_n_blocks (self->report, self->section_id);
  guint level = 0;

  if (line >= 0 && (guint) line < n_blocks)
    level = nb_report_get_block (self->report, self->section_id, line)->level;

  self->updating_kind = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_dropdown), (guint) line < n_blocks);
  gtk_drop_down_set_selected (self->kind_dropdown, MIN (level, 3u));
  self->updating_kind = FALSE;
}

static void
apply_heading_tags (NbProseEditor *self)
{
  GtkTextIter start, end;
  guint n_blocks = nb_report_get_n_blocks (self->report, self->section_id);

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  for (guint level = 1; level <= 3; level++)
    gtk_text_buffer_remove_tag_by_name (self->buffer, heading_tags[level], &start, &end);

  for (guint i = 0; i < n_blocks; i++)
    {
      const NbBlock *block = nb_report_get_block (self->report, self->section_id, i);
      GtkTextIter line_start, line_end;

      if (block->level == 0 || block->level > 3)
        continue;
      if (!gtk_text_buffer_get_iter_at_line (self->buffer, &line_start, (int) i))
        break;
      line_end = line_start;
      if (!gtk_text_iter_ends_line (&line_end))
        gtk_text_iter_forward_to_line_end (&line_end);
      gtk_text_buffer_apply_tag_by_name (self->buffer, heading_tags[block->level],
                                         &line_start, &line_end);
    }
}

/* Show the model: when the text differs (an undo, a load), replace only the
 * part that changed, so the cursor and the scroll position stay put and the
 * view re-lays out only what moved. */
static void
sync_from_model (NbProseEditor *self)
{
  g_autofree char *model_text = nb_report_get_section_text (self->report, self->section_id);
  GtkTextIter start, end;
  g_autofree char *shown = NULL;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  shown = gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);

  if (!g_str_equal (shown, model_text))
    {
      const char *a = shown, *b = model_text;
      const char *a_end = shown + strlen (shown), *b_end = model_text + strlen (model_text);
      int prefix = 0, suffix = 0;
      GtkTextIter from, to;

      /* Common prefix and suffix, in characters. */
      while (*a != '\0' && *b != '\0' && g_utf8_get_char (a) == g_utf8_get_char (b))
        {
          a = g_utf8_next_char (a);
          b = g_utf8_next_char (b);
          prefix++;
        }
      while (a_end > a && b_end > b)
        {
          const char *pa = g_utf8_find_prev_char (a, a_end);
          const char *pb = g_utf8_find_prev_char (b, b_end);

          if (pa == NULL || pb == NULL || g_utf8_get_char (pa) != g_utf8_get_char (pb))
            break;
          a_end = pa;
          b_end = pb;
          suffix++;
        }

      self->syncing = TRUE;
      gtk_text_buffer_begin_irreversible_action (self->buffer);
      gtk_text_buffer_get_iter_at_offset (self->buffer, &from, prefix);
      gtk_text_buffer_get_iter_at_offset (self->buffer, &to, prefix + (int) g_utf8_strlen (a, a_end - a));
      gtk_text_buffer_delete (self->buffer, &from, &to);
      gtk_text_buffer_insert (self->buffer, &from, b, b_end - b);
      gtk_text_buffer_place_cursor (self->buffer, &from);
      gtk_text_buffer_end_irreversible_action (self->buffer);
      self->syncing = FALSE;
      (void) suffix;
    }

  apply_heading_tags (self);
  update_kind_dropdown (self);
}

/* Pasted text may break lines with "\r\n", "\r" or U+2028/U+2029, which
 * the buffer shows as line breaks too: turned into "\n" as they come in,
 * a buffer line stays a block, and the cursor ends after the paste (a
 * rewrite by the model afterwards would move it). */
static void
buffer_insert_text_cb (NbProseEditor *self,
                       GtkTextIter   *location,
                       const char    *text,
                       int            length,
                       GtkTextBuffer *buffer)
{
  g_autofree char *chunk = NULL;
  g_autofree char *clean = NULL;

  if (self->syncing)
    return;
  chunk = length < 0 ? g_strdup (text) : g_strndup (text, length);
  if (strpbrk (chunk, "\r\xe2") == NULL)
    return;
  clean = nb_text_normalize_line_breaks (chunk);
  if (g_str_equal (clean, chunk))
    return;
  g_signal_stop_emission_by_name (buffer, "insert-text");
  g_signal_handlers_block_by_func (buffer, buffer_insert_text_cb, self);
  gtk_text_buffer_insert (buffer, location, clean, -1);
  g_signal_handlers_unblock_by_func (buffer, buffer_insert_text_cb, self);
}

static void
buffer_changed_cb (NbProseEditor *self,
                   GtkTextBuffer *buffer)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (self->syncing)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  /* Emits "changed" back to us: the texts agree, so only the tags move. */
  nb_report_set_section_text (self->report, self->section_id, text);
  apply_heading_tags (self);
}

static void
cursor_moved_cb (NbProseEditor *self,
                 GParamSpec    *pspec,
                 GtkTextBuffer *buffer)
{
  update_kind_dropdown (self);
}

static void
kind_selected_cb (NbProseEditor *self,
                  GParamSpec    *pspec,
                  GtkDropDown   *dropdown)
{
  int line;
  guint level = gtk_drop_down_get_selected (dropdown);

  if (self->updating_kind || level == GTK_INVALID_LIST_POSITION)
    return;
  line = cursor_line (self);
  if (line < 0 || (guint) line >= nb_report_get_n_blocks (self->report, self->section_id))
    return;
  if (nb_report_get_block (self->report, self->section_id, line)->level != level)
    nb_report_set_block_level (self->report, self->section_id, line, MIN (level, 3u));
}

static void
report_changed_cb (NbProseEditor *self,
                   NbChangeKind   kind,
                   const char    *detail,
                   NbReport      *report)
{
  if ((kind == NB_CHANGE_SECTION && g_strcmp0 (detail, self->section_id) == 0) ||
      kind == NB_CHANGE_ALL)
    sync_from_model (self);
}

/* Ctrl+0 … Ctrl+3: the block at the cursor becomes a paragraph or a heading. */
static void
set_level_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  NbProseEditor *self = NB_PROSE_EDITOR (widget);

  gtk_drop_down_set_selected (self->kind_dropdown, (guint) g_variant_get_int32 (parameter));
}

static void
nb_prose_editor_constructed (GObject *object)
{
  NbProseEditor *self = NB_PROSE_EDITOR (object);
  NbTemplate *template;
  const NbTemplateSection *section;
  int index;

  G_OBJECT_CLASS (nb_prose_editor_parent_class)->constructed (object);

  g_assert (NB_IS_REPORT (self->report));
  template = nb_report_get_template (self->report);
  index = nb_template_lookup_section (template, self->section_id);
  g_return_if_fail (index >= 0);
  section = nb_template_get_section (template, index);

  if (section->title != NULL)
    gtk_label_set_text (self->title_label, section->title);
  else
    {
      gtk_label_set_text (self->title_label, _("Opening"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "report-text");
    }
  gtk_label_set_text (self->hint_label, section->hint != NULL ? section->hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), section->hint != NULL);

  gtk_text_buffer_set_enable_undo (self->buffer, FALSE);
  self->syncing = TRUE;
  {
    g_autofree char *text = nb_report_get_section_text (self->report, self->section_id);
    gtk_text_buffer_set_text (self->buffer, text, -1);
  }
  self->syncing = FALSE;
  {
    GtkTextIter start;
    gtk_text_buffer_get_start_iter (self->buffer, &start);
    gtk_text_buffer_place_cursor (self->buffer, &start);
  }
  apply_heading_tags (self);
  update_kind_dropdown (self);

  g_signal_connect_object (self->buffer, "insert-text", G_CALLBACK (buffer_insert_text_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->buffer, "changed", G_CALLBACK (buffer_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->buffer, "notify::cursor-position", G_CALLBACK (cursor_moved_cb), self,
                           G_CONNECT_SWAPPED);
  self->changed_id = g_signal_connect_object (self->report, "changed",
                                              G_CALLBACK (report_changed_cb), self,
                                              G_CONNECT_SWAPPED);
}

static gboolean
nb_prose_editor_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (NB_PROSE_EDITOR (widget)->text_view));
}

static void
nb_prose_editor_dispose (GObject *object)
{
  NbProseEditor *self = NB_PROSE_EDITOR (object);

  if (self->report != NULL)
    g_clear_signal_handler (&self->changed_id, self->report);
  {
    GtkWidget *child;

    /* Children without an id in the template are ours to unparent too. */
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  gtk_widget_dispose_template (GTK_WIDGET (self), NB_TYPE_PROSE_EDITOR);
  g_clear_object (&self->report);

  G_OBJECT_CLASS (nb_prose_editor_parent_class)->dispose (object);
}

static void
nb_prose_editor_finalize (GObject *object)
{
  NbProseEditor *self = NB_PROSE_EDITOR (object);

  g_free (self->section_id);

  G_OBJECT_CLASS (nb_prose_editor_parent_class)->finalize (object);
}

static void
nb_prose_editor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  NbProseEditor *self = NB_PROSE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_REPORT:
      g_value_set_object (value, self->report);
      break;
    case PROP_SECTION_ID:
      g_value_set_string (value, self->section_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nb_prose_editor_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  NbProseEditor *self = NB_PROSE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_REPORT:
      self->report = g_value_dup_object (value);
      break;
    case PROP_SECTION_ID:
      self->section_id = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nb_prose_editor_class_init (NbProseEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = nb_prose_editor_constructed;
  object_class->dispose = nb_prose_editor_dispose;
  object_class->finalize = nb_prose_editor_finalize;
  object_class->get_property = nb_prose_editor_get_property;
  object_class->set_property = nb_prose_editor_set_property;

  widget_class->grab_focus = nb_prose_editor_grab_focus;

  properties[PROP_REPORT] =
    g_param_spec_object ("report", NULL, NULL, NB_TYPE_REPORT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECTION_ID] =
    g_param_spec_string ("section-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/nianbao/Nianbao/ui/nb-prose-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, NbProseEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, NbProseEditor, hint_label);
  gtk_widget_class_bind_template_child (widget_class, NbProseEditor, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NbProseEditor, text_view);
  gtk_widget_class_bind_template_child (widget_class, NbProseEditor, buffer);
  gtk_widget_class_bind_template_callback (widget_class, kind_selected_cb);

  gtk_widget_class_install_action (widget_class, "prose.set-level", "i", set_level_action);
  for (int level = 0; level <= 3; level++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0 + level, GDK_CONTROL_MASK,
                                         "prose.set-level", "i", level);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "nb-prose-editor");
}

static void
nb_prose_editor_init (NbProseEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Headings as the document prints them: 一、 largest, 1. least. */
  gtk_text_buffer_create_tag (self->buffer, heading_tags[1],
                              "weight", PANGO_WEIGHT_BOLD, "scale", 1.2,
                              "pixels-above-lines", 8, NULL);
  gtk_text_buffer_create_tag (self->buffer, heading_tags[2],
                              "weight", PANGO_WEIGHT_BOLD, "scale", 1.1,
                              "pixels-above-lines", 6, NULL);
  gtk_text_buffer_create_tag (self->buffer, heading_tags[3],
                              "weight", PANGO_WEIGHT_SEMIBOLD,
                              "pixels-above-lines", 4, NULL);
}

/**
 * nb_prose_editor_new:
 * @section_id: a prose section of @report's template ("overview")
 *
 * Returns: (transfer floating): the editor of one prose section
 */
GtkWidget *
nb_prose_editor_new (NbReport   *report,
                     const char *section_id)
{
  g_return_val_if_fail (NB_IS_REPORT (report), NULL);
  g_return_val_if_fail (section_id != NULL, NULL);

  return g_object_new (NB_TYPE_PROSE_EDITOR,
                       "report", report,
                       "section-id", section_id,
                       NULL);
}

const char *
nb_prose_editor_get_section_id (NbProseEditor *self)
{
  g_return_val_if_fail (NB_IS_PROSE_EDITOR (self), NULL);
  return self->section_id;
}

/**
 * nb_prose_editor_get_text_view:
 *
 * Returns: (transfer none): the text view
 */
GtkTextView *
nb_prose_editor_get_text_view (NbProseEditor *self)
{
  g_return_val_if_fail (NB_IS_PROSE_EDITOR (self), NULL);
  return self->text_view;
}
