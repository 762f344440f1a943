/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-grid-editor"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "nb-cell-input.h"
#include "nb-grid-editor.h"

/* How long a refused keystroke's message stays up. */
#define REFUSAL_TIMEOUT_MS 4000

/**
 * NbGridEditor:
 *
 * One table of the form, built from the template's layout grid only
 * (NbTemplateTable.grid_cells: spans, roles, levels), so a new revision of
 * the national format needs no C. One GtkText per data cell; what is typed
 * is filtered and parsed with nb_cell_input_parse () and goes straight into
 * the NbReport. The text widgets show the model and never hold a number of
 * their own: every change of the report is written back into them.
 */

typedef struct
{
  guint       cell;        /* template cell index */
  GtkWidget  *text;        /* GtkText */
  guint       row;
  guint       col;
  guint       row_span;
  guint       col_span;
  int         severity;    /* what the cell shows: the worst severity naming it, -1 for none */
  char       *messages;    /* and the messages in its tooltip */
  int         up;          /* neighbours: indexes into self->cells, -1 for none */
  int         down;
  int         left;
  int         right;
} Cell;

struct _NbGridEditor
{
  GtkWidget              parent_instance;

  NbReport              *report;
  NbRules               *rules;
  char                  *table_id;
  const NbTemplateTable *table;

  GArray                *cells;          /* Cell, in the template's row-major order */
  int                   *cell_index;     /* template cell → index in cells, or -1 */
  guint                  n_template_cells;

  gulong                 report_changed_id;
  gulong                 auto_totals_id;
  gulong                 items_changed_id;
  gulong                 focus_id;
  GtkWidget             *focus_root;
  int                    focused;        /* index in cells, -1 */
  guint                  scroll_tick_id; /* waits for the focused cell's allocation */

  /* What is typed reaches the model in a high-priority idle right after
   * the key event: GtkText deletes a selection and inserts the new text as
   * two changes, which must be one edit (one undo step, never a blank in
   * between). A refused insertion puts back the text the same key event
   * deleted. */
  guint                  commit_id;
  int                    commit_index;   /* index in cells, -1 */
  char                  *text_before_delete;
  int                    deleted_start;  /* the selection that deletion took */
  int                    deleted_end;

  /* After a refused keystroke over a selection: GtkText puts the cursor
   * where its insertion would have gone once the signal returns, so the
   * selection is given back after the key event. Otherwise the next digit
   * would go in front of the number kept: 35, "-" refused, "8" → 835. */
  guint                  reselect_id;
  int                    reselect_index;

  /* The cell whose input method has a sequence under way (Ctrl+Shift+U
   * ff11, a dead key, a compose key): its keys are the method's. */
  GtkWidget             *preedit_text;

  guint                  refusal_timeout_id;
  char                  *refusal;

  /* Template widgets */
  GtkWidget             *scroller;
  GtkViewport           *viewport;
  GtkLabel              *title_label;
  GtkLabel              *hint_label;
  GtkGrid               *grid;
  GtkPopover            *refusal_popover;
  GtkLabel              *refusal_label;
};

G_DEFINE_FINAL_TYPE (NbGridEditor, nb_grid_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_REPORT,
  PROP_RULES,
  PROP_TABLE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void text_insert_text_cb (NbGridEditor *self,
                                 const char   *new_text,
                                 int           length,
                                 int          *position,
                                 GtkEditable  *editable);
static void text_delete_text_cb (NbGridEditor *self,
                                 int           start_pos,
                                 int           end_pos,
                                 GtkEditable  *editable);
static void text_changed_cb     (NbGridEditor *self,
                                 GtkEditable  *editable);

static Cell *
get_cell (NbGridEditor *self,
          int           index)
{
  g_assert (index >= 0 && (guint) index < self->cells->len);
  return &g_array_index (self->cells, Cell, index);
}

static int
index_of_widget (NbGridEditor *self,
                 GtkWidget    *widget)
{
  gpointer data;

  if (widget == NULL || !GTK_IS_TEXT (widget))
    return -1;
  if (gtk_widget_get_parent (widget) != GTK_WIDGET (self->grid))
    return -1;
  data = g_object_get_data (G_OBJECT (widget), "nb-cell-index");
  return GPOINTER_TO_INT (data) - 1;
}

static const NbTemplateCell *
template_cell (NbGridEditor *self,
               Cell         *c)
{
  return nb_template_get_cell (nb_report_get_template (self->report), c->cell);
}

static gboolean
cell_is_computed (NbGridEditor *self,
                  Cell         *c)
{
  return template_cell (self, c)->is_total && nb_report_get_auto_totals (self->report);
}

static void
block_text_handlers (NbGridEditor *self,
                     Cell         *c)
{
  g_signal_handlers_block_by_func (c->text, text_insert_text_cb, self);
  g_signal_handlers_block_by_func (c->text, text_delete_text_cb, self);
  g_signal_handlers_block_by_func (c->text, text_changed_cb, self);
}

static void
unblock_text_handlers (NbGridEditor *self,
                       Cell         *c)
{
  g_signal_handlers_unblock_by_func (c->text, text_insert_text_cb, self);
  g_signal_handlers_unblock_by_func (c->text, text_delete_text_cb, self);
  g_signal_handlers_unblock_by_func (c->text, text_changed_cb, self);
}

static void
set_text_silently (NbGridEditor *self,
                   Cell         *c,
                   const char   *text)
{
  block_text_handlers (self, c);
  gtk_editable_set_text (GTK_EDITABLE (c->text), text);
  unblock_text_handlers (self, c);
}

/* A cell's text as a value. An amount being typed may read "12." or ".5":
 * they mean 12 and 0.5, and are committed as such (left as they are, they
 * would be lost when the cell loses the focus). */
static gboolean
parse_cell_text (NbGridEditor *self,
                 Cell         *c,
                 const char   *text,
                 gboolean     *blank,
                 NbDecimal    *value)
{
  NbCellKind kind = template_cell (self, c)->kind;
  g_autofree char *ascii = NULL;
  g_autofree char *completed = NULL;

  if (nb_cell_input_parse (text, kind, blank, value, NULL))
    return TRUE;
  if (kind != NB_CELL_KIND_AMOUNT || (ascii = nb_cell_input_normalize (text)) == NULL ||
      g_str_equal (ascii, "."))
    return FALSE;
  if (g_str_has_suffix (ascii, "."))
    completed = g_strndup (ascii, strlen (ascii) - 1);
  else if (ascii[0] == '.')
    completed = g_strconcat ("0", ascii, NULL);
  else
    return FALSE;
  return nb_cell_input_parse (completed, kind, blank, value, NULL);
}

/* Does what the widget shows mean the model's value? "12." and "012" mean
 * 12 while the user is still typing: leave them alone. */
static gboolean
text_shows_model (NbGridEditor *self,
                  Cell         *c)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (c->text));
  gboolean blank = FALSE;
  NbDecimal shown = NB_DECIMAL_INIT;
  NbDecimal value = NB_DECIMAL_INIT;
  gboolean has_value = nb_report_get_value (self->report, c->cell, &value);

  if (!parse_cell_text (self, c, text, &blank, &shown))
    return FALSE;
  if (blank || !has_value)
    return blank && !has_value;
  return shown.units == value.units && shown.scale == value.scale;
}

static void
sync_cell_text (NbGridEditor *self,
                Cell         *c,
                gboolean      force)
{
  g_autofree char *formatted = NULL;

  if (!force && text_shows_model (self, c))
    return;
  formatted = nb_report_format_value (self->report, c->cell);
  if (!g_str_equal (formatted, gtk_editable_get_text (GTK_EDITABLE (c->text))))
    set_text_silently (self, c, formatted);
}

static void
sync_cell_editable (NbGridEditor *self,
                    Cell         *c)
{
  gboolean computed = cell_is_computed (self, c);

  gtk_editable_set_editable (GTK_EDITABLE (c->text), !computed);
  if (computed)
    gtk_widget_add_css_class (c->text, "computed");
  else
    gtk_widget_remove_css_class (c->text, "computed");
}

/* Mark a cell in a diagnostic: a class for the colour, the messages in its
 * tooltip under the cell's labels. Only cells whose marks change are
 * touched, so a keystroke restyles a handful of widgets, not two hundred. */
static void
sync_cell_marks (NbGridEditor *self,
                 Cell         *c,
                 gboolean      force)
{
  int severity = nb_rules_get_cell_severity (self->rules, c->cell);
  g_autofree char *messages = severity >= 0 ? nb_rules_get_cell_messages (self->rules, c->cell) : NULL;
  g_autofree char *path = NULL;
  g_autofree char *tooltip = NULL;

  if (!force && severity == c->severity && g_strcmp0 (messages, c->messages) == 0)
    return;

  if (severity != c->severity || force)
    {
      gtk_widget_remove_css_class (c->text, "error");
      gtk_widget_remove_css_class (c->text, "warning");
      if (severity == NB_SEVERITY_ERROR)
        gtk_widget_add_css_class (c->text, "error");
      else if (severity == NB_SEVERITY_WARNING)
        gtk_widget_add_css_class (c->text, "warning");
      /* Red is not seen by everyone: the cell says it is wrong, and why. */
      gtk_accessible_update_state (GTK_ACCESSIBLE (c->text), GTK_ACCESSIBLE_STATE_INVALID,
                                   severity == NB_SEVERITY_ERROR ? GTK_ACCESSIBLE_INVALID_TRUE
                                                                 : GTK_ACCESSIBLE_INVALID_FALSE,
                                   -1);
    }
  if (messages != NULL && g_strcmp0 (messages, c->messages) != 0)
    gtk_accessible_update_property (GTK_ACCESSIBLE (c->text), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, messages, -1);
  else if (messages == NULL && c->messages != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (c->text), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  path = nb_template_get_label_path (nb_report_get_template (self->report), c->cell);
  /* The labels and messages are the report's Chinese: tagged zh-cn so the
   * tooltip picks Simplified Chinese glyphs whatever the UI language. */
  if (messages != NULL)
    tooltip = g_markup_printf_escaped ("<span lang=\"zh-cn\">%s\n\n<b>%s</b></span>", path, messages);
  else
    tooltip = g_markup_printf_escaped ("<span lang=\"zh-cn\">%s</span>", path);
  gtk_widget_set_tooltip_markup (c->text, tooltip);

  c->severity = severity;
  g_free (c->messages);
  c->messages = g_steal_pointer (&messages);
}

static void
sync_all_marks (NbGridEditor *self,
                gboolean      force)
{
  for (guint i = 0; i < self->cells->len; i++)
    sync_cell_marks (self, get_cell (self, i), force);
}

/* What the cells' looks mean: totals (bold, grey when computed), and the
 * pale yellow of R6's empty cells, which on a new report is most of the
 * table and must not pass for totals. A table without totals (二) only
 * has the second. */
static void
sync_hint (NbGridEditor *self)
{
  gboolean has_totals = FALSE;

  for (guint i = 0; i < self->cells->len && !has_totals; i++)
    has_totals = template_cell (self, get_cell (self, i))->is_total;

  if (!has_totals)
    gtk_label_set_text (self->hint_label,
                        _("Pale yellow cells are still empty: an empty cell is not 0, type 0 where there is none."));
  else if (nb_report_get_auto_totals (self->report))
    gtk_label_set_text (self->hint_label,
                        _("Totals are in bold on grey: they are computed from their parts and cannot be typed in (turn off “Compute totals” on the Basic Information page to type them). Pale yellow cells are still empty: an empty cell is not 0, type 0 where there is none."));
  else
    gtk_label_set_text (self->hint_label,
                        _("Totals are in bold: type them as published; they are checked against their parts. Pale yellow cells are still empty: an empty cell is not 0, type 0 where there is none."));
}

static void
hide_refusal (NbGridEditor *self)
{
  g_clear_handle_id (&self->refusal_timeout_id, g_source_remove);
  g_clear_pointer (&self->refusal, g_free);
  if (gtk_widget_get_visible (GTK_WIDGET (self->refusal_popover)))
    gtk_popover_popdown (self->refusal_popover);
}

static gboolean
refusal_timeout_cb (gpointer user_data)
{
  NbGridEditor *self = user_data;

  self->refusal_timeout_id = 0;
  hide_refusal (self);
  return G_SOURCE_REMOVE;
}

static void
show_refusal (NbGridEditor *self,
              Cell         *c,
              const char   *message)
{
  graphene_rect_t bounds;

  g_clear_handle_id (&self->refusal_timeout_id, g_source_remove);
  g_free (self->refusal);
  self->refusal = g_strdup (message);
  gtk_label_set_text (self->refusal_label, message);

  if (gtk_widget_compute_bounds (c->text, GTK_WIDGET (self), &bounds))
    {
      GdkRectangle rect = {
        (int) bounds.origin.x, (int) bounds.origin.y,
        (int) bounds.size.width, (int) bounds.size.height
      };
      gtk_popover_set_pointing_to (self->refusal_popover, &rect);
    }
  gtk_popover_popup (self->refusal_popover);
  gtk_widget_error_bell (c->text);
  self->refusal_timeout_id = g_timeout_add (REFUSAL_TIMEOUT_MS, refusal_timeout_cb, self);
}

/* A text that is not a number yet but may become one with more typing. */
static gboolean
is_number_prefix (const char *ascii,
                  NbCellKind  kind)
{
  gboolean blank;
  NbDecimal value;
  g_autofree char *completed = NULL;

  if (kind == NB_CELL_KIND_SIGNED && g_str_equal (ascii, "-"))
    return TRUE;
  if (kind != NB_CELL_KIND_AMOUNT)
    return FALSE;
  if (g_str_equal (ascii, "."))
    return TRUE;
  if (g_str_has_suffix (ascii, "."))
    completed = g_strconcat (ascii, "0", NULL);
  else if (ascii[0] == '.')
    completed = g_strconcat ("0", ascii, NULL);
  else
    return FALSE;
  return nb_cell_input_parse (completed, kind, &blank, &value, NULL);
}

static void
commit (NbGridEditor *self,
        Cell         *c)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (c->text));
  gboolean blank = FALSE;
  NbDecimal value = NB_DECIMAL_INIT;
  NbDecimal old = NB_DECIMAL_INIT;
  gboolean had_value;
  g_autoptr(GError) error = NULL;

  if (!parse_cell_text (self, c, text, &blank, &value))
    return; /* a prefix such as "." or "-": wait for more */

  had_value = nb_report_get_value (self->report, c->cell, &old);
  if (blank ? !had_value : (had_value && nb_decimal_equal (&old, &value) && old.scale == value.scale))
    return;

  if (!nb_report_set_value (self->report, c->cell, blank ? NULL : &value, &error))
    show_refusal (self, c, error->message);
}

static void
flush_commit (NbGridEditor *self)
{
  int index = self->commit_index;

  g_clear_handle_id (&self->commit_id, g_source_remove);
  self->commit_index = -1;
  g_clear_pointer (&self->text_before_delete, g_free);
  if (index >= 0 && (guint) index < self->cells->len)
    commit (self, get_cell (self, index));
}

static gboolean
commit_idle_cb (gpointer user_data)
{
  NbGridEditor *self = user_data;

  self->commit_id = 0;
  flush_commit (self);
  return G_SOURCE_REMOVE;
}

static gboolean
reselect_idle_cb (gpointer user_data)
{
  NbGridEditor *self = user_data;

  self->reselect_id = 0;
  if (self->reselect_index >= 0 && self->reselect_index == self->focused &&
      (guint) self->reselect_index < self->cells->len)
    gtk_editable_select_region (GTK_EDITABLE (get_cell (self, self->reselect_index)->text),
                                self->deleted_start, self->deleted_end);
  return G_SOURCE_REMOVE;
}

static void
refuse (NbGridEditor *self,
        Cell         *c,
        GtkEditable  *editable,
        const char   *message)
{
  g_signal_stop_emission_by_name (editable, "insert-text");
  /* Typing over a selection deleted it already, in this same key event:
   * put it back, so the cell and the model keep their value, and the
   * selection with it, so the next key replaces it again. */
  if (self->text_before_delete != NULL)
    {
      g_autofree char *restore = g_steal_pointer (&self->text_before_delete);

      set_text_silently (self, c, restore);
      gtk_editable_select_region (editable, self->deleted_start, self->deleted_end);
      self->reselect_index = index_of_widget (self, GTK_WIDGET (editable));
      if (self->reselect_id == 0)
        self->reselect_id = g_idle_add_full (G_PRIORITY_HIGH, reselect_idle_cb, self, NULL);
      if (self->commit_index == index_of_widget (self, GTK_WIDGET (editable)))
        {
          g_clear_handle_id (&self->commit_id, g_source_remove);
          self->commit_index = -1;
        }
    }
  show_refusal (self, c, message);
}

/* @text with the characters from offset @start to @end replaced by
 * @inserted: what a cell would read after a key, a paste or a commit. */
static char *
replace_range (const char *text,
               int         start,
               int         end,
               const char *inserted)
{
  int n_chars = (int) g_utf8_strlen (text, -1);
  int first = CLAMP (start, 0, n_chars);
  const char *from = g_utf8_offset_to_pointer (text, first);
  const char *to = g_utf8_offset_to_pointer (text, CLAMP (end, first, n_chars));

  return g_strdup_printf ("%.*s%s%s", (int) (from - text), text, inserted, to);
}

/* Why @inserted, typed or pasted into a cell of @kind whose text then reads
 * @candidate, is refused; NULL when it is taken (a number, or on its way to
 * one, such as "." or "-"). */
static char *
refusal_for (NbCellKind  kind,
             const char *inserted,
             const char *candidate)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (inserted));
  g_autofree char *ascii = NULL;
  g_autofree char *candidate_ascii = NULL;
  g_autoptr(GError) error = NULL;
  gboolean blank;
  NbDecimal value;

  /* Cells copied from a spreadsheet come as "12\t34\n56": one cell takes
   * one number, not their digits run together. */
  if (strpbrk (trimmed, "\t\r\n") != NULL)
    return g_strdup (_("Paste one number per cell"));
  /* Not quoted back: a control character (an input method's by-code entry
   * gone wrong) shows as nothing between the quotes. */
  for (const char *p = inserted; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)) && !g_unichar_isspace (g_utf8_get_char (p)))
      return g_strdup (_("Only numbers can be typed here"));
  ascii = nb_cell_input_normalize (inserted);
  if (ascii == NULL)
    {
      /* Never part of a number: say why in the words of R5. */
      nb_cell_input_parse (inserted, kind, &blank, &value, &error);
      return g_strdup (error != NULL ? error->message : _("Only numbers can be typed here"));
    }
  candidate_ascii = nb_cell_input_normalize (candidate);
  if (candidate_ascii != NULL &&
      (nb_cell_input_parse (candidate, kind, &blank, &value, &error) ||
       is_number_prefix (candidate_ascii, kind)))
    return NULL;
  return g_strdup (error != NULL ? error->message : _("Only numbers can be typed here"));
}

/* Typed, a key that would be refused is stopped before GtkText sees it:
 * the cell keeps its text, its selection and its cursor, so the next digit
 * replaces a selected number as it would have ("35", "-" refused, "8" is
 * 8, never 835). */
static gboolean
refuse_key (NbGridEditor    *self,
            Cell            *c,
            guint            keyval,
            GdkModifierType  state)
{
  gunichar ch = gdk_keyval_to_unicode (keyval);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (c->text));
  g_autofree char *message = NULL;
  g_autofree char *candidate = NULL;
  char typed[7] = { 0 };
  int start, end;

  /* Keys inside an input method's sequence ("f" of Ctrl+Shift+U ff11)
   * are not typed text; what the method commits goes through insert-text. */
  if (self->preedit_text == c->text)
    return FALSE;
  if (ch == 0 || g_unichar_iscntrl (ch) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0 ||
      !gtk_editable_get_editable (GTK_EDITABLE (c->text)))
    return FALSE;
  g_unichar_to_utf8 (ch, typed);
  if (!gtk_editable_get_selection_bounds (GTK_EDITABLE (c->text), &start, &end))
    {
      start = end = gtk_editable_get_position (GTK_EDITABLE (c->text));
      /* Insert pressed: the key replaces the character after the cursor. */
      if (gtk_text_get_overwrite_mode (GTK_TEXT (c->text)) && end < (int) g_utf8_strlen (text, -1))
        end++;
    }
  candidate = replace_range (text, start, end, typed);
  message = refusal_for (template_cell (self, c)->kind, typed, candidate);
  if (message == NULL)
    return FALSE;
  flush_commit (self);
  show_refusal (self, c, message);
  return TRUE;
}

static void
text_insert_text_cb (NbGridEditor *self,
                     const char   *new_text,
                     int           length,
                     int          *position,
                     GtkEditable  *editable)
{
  int index = index_of_widget (self, GTK_WIDGET (editable));
  Cell *c;
  g_autofree char *chunk = NULL;
  g_autofree char *ascii = NULL;
  g_autofree char *candidate = NULL;
  g_autofree char *message = NULL;

  g_return_if_fail (index >= 0);
  c = get_cell (self, index);

  /* What reaches here is pasted, or committed by an input method. */
  chunk = length < 0 ? g_strdup (new_text) : g_strndup (new_text, length);
  candidate = replace_range (gtk_editable_get_text (editable), *position, *position, chunk);
  message = refusal_for (template_cell (self, c)->kind, chunk, candidate);
  if (message != NULL)
    {
      refuse (self, c, editable, message);
      return;
    }

  /* An earlier refusal's message stays up for its time: typed quickly,
   * "2.5" in a count becomes 25, and the message is what says why. */

  /* Full-width digits from a Chinese input method become ASCII digits. */
  ascii = nb_cell_input_normalize (chunk);
  if (!g_str_equal (ascii, chunk))
    {
      g_signal_stop_emission_by_name (editable, "insert-text");
      g_signal_handlers_block_by_func (editable, text_insert_text_cb, self);
      gtk_editable_insert_text (editable, ascii, -1, position);
      g_signal_handlers_unblock_by_func (editable, text_insert_text_cb, self);
    }
}

static void
text_delete_text_cb (NbGridEditor *self,
                     int           start_pos,
                     int           end_pos,
                     GtkEditable  *editable)
{
  /* The first deletion of this key event: what to put back on refusal. */
  if (self->text_before_delete == NULL)
    {
      self->text_before_delete = g_strdup (gtk_editable_get_text (editable));
      self->deleted_start = MIN (start_pos, end_pos);
      self->deleted_end = end_pos < 0 ? -1 : MAX (start_pos, end_pos);
    }
}

/* Pasting over a selection: checked before GtkText deletes the selection,
 * as typed keys are (GtkText collapses a selection given back after its
 * paste, and X's PRIMARY churn races one given back later): refused, the
 * cell keeps text, selection and cursor. */
typedef struct
{
  NbGridEditor *self;
  GtkWidget    *text;
} Paste;

static void
paste_received_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Paste *paste = user_data;
  NbGridEditor *self = paste->self;
  GtkEditable *editable = GTK_EDITABLE (paste->text);
  g_autofree char *pasted = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  int index = index_of_widget (self, paste->text);

  if (pasted != NULL && index >= 0 && gtk_editable_get_editable (editable))
    {
      Cell *c = get_cell (self, index);
      g_autofree char *candidate = NULL;
      g_autofree char *message = NULL;
      int start, end;

      if (!gtk_editable_get_selection_bounds (editable, &start, &end))
        start = end = gtk_editable_get_position (editable);
      candidate = replace_range (gtk_editable_get_text (editable), start, end, pasted);
      message = refusal_for (template_cell (self, c)->kind, pasted, candidate);
      if (message != NULL)
        {
          flush_commit (self);
          show_refusal (self, c, message);
        }
      else
        {
          int pos;

          gtk_editable_delete_selection (editable);
          pos = gtk_editable_get_position (editable);
          gtk_editable_insert_text (editable, pasted, -1, &pos);
          gtk_editable_set_position (editable, pos);
        }
    }
  g_object_unref (paste->text);
  g_object_unref (paste->self);
  g_free (paste);
}

static void
text_paste_clipboard_cb (NbGridEditor *self,
                         GtkWidget    *text)
{
  Paste *paste = g_new0 (Paste, 1);

  g_signal_stop_emission_by_name (text, "paste-clipboard");
  paste->self = g_object_ref (self);
  paste->text = g_object_ref (text);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (text), NULL, paste_received_cb, paste);
}

static void
text_preedit_changed_cb (NbGridEditor *self,
                         const char   *preedit,
                         GtkWidget    *text)
{
  if (preedit != NULL && preedit[0] != '\0')
    self->preedit_text = text;
  else if (self->preedit_text == text)
    self->preedit_text = NULL;
}

static void
text_changed_cb (NbGridEditor *self,
                 GtkEditable  *editable)
{
  int index = index_of_widget (self, GTK_WIDGET (editable));

  g_return_if_fail (index >= 0);

  if (self->commit_index >= 0 && self->commit_index != index)
    flush_commit (self);
  self->commit_index = index;
  if (self->commit_id == 0)
    self->commit_id = g_idle_add_full (G_PRIORITY_HIGH, commit_idle_cb, self, NULL);
}

static void
report_changed_cb (NbGridEditor *self,
                   NbChangeKind  kind,
                   const char   *detail,
                   NbReport     *report)
{
  if (kind == NB_CHANGE_CELL)
    {
      int cell = nb_template_lookup_cell (nb_report_get_template (report), detail);

      if (cell >= 0 && self->cell_index[cell] >= 0 && self->cell_index[cell] != self->commit_index)
        sync_cell_text (self, get_cell (self, self->cell_index[cell]), FALSE);
    }
  else if (kind == NB_CHANGE_ALL)
    {
      for (guint i = 0; i < self->cells->len; i++)
        sync_cell_text (self, get_cell (self, i), TRUE);
    }
}

static void
auto_totals_changed_cb (NbGridEditor *self,
                        GParamSpec   *pspec,
                        NbReport     *report)
{
  for (guint i = 0; i < self->cells->len; i++)
    sync_cell_editable (self, get_cell (self, i));
  sync_hint (self);
}

static void
rules_items_changed_cb (NbGridEditor *self,
                        guint         position,
                        guint         removed,
                        guint         added,
                        GListModel   *model)
{
  sync_all_marks (self, FALSE);
}

/* Moves @adjustment the least that shows [pos, pos + size], with a margin. */
static void
reveal_range (GtkAdjustment *adjustment,
              double         pos,
              double         size)
{
  const double margin = 12;
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);

  if (pos - margin < value)
    gtk_adjustment_set_value (adjustment, pos - margin);
  else if (pos + size + margin > value + page)
    gtk_adjustment_set_value (adjustment, MIN (pos - margin, pos + size + margin - page));
}

/* Scrolls the focused cell into view; FALSE while it is not laid out yet
 * (its page was only just shown). */
static gboolean
reveal_focused (NbGridEditor *self)
{
  GtkAdjustment *h = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->viewport));
  GtkAdjustment *v = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->viewport));
  GtkWidget *text;
  graphene_rect_t bounds;

  if (self->focused < 0 || (guint) self->focused >= self->cells->len)
    return TRUE;
  text = get_cell (self, self->focused)->text;
  if (!gtk_widget_get_mapped (text) || gtk_widget_get_width (text) == 0 ||
      gtk_adjustment_get_page_size (h) <= 0 ||
      !gtk_widget_compute_bounds (text, GTK_WIDGET (self->viewport), &bounds))
    return FALSE;
  /* In the viewport's coordinates, the adjustments' values from the top left. */
  reveal_range (h, gtk_adjustment_get_value (h) + bounds.origin.x, bounds.size.width);
  reveal_range (v, gtk_adjustment_get_value (v) + bounds.origin.y, bounds.size.height);
  return TRUE;
}

static gboolean
reveal_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  NbGridEditor *self = NB_GRID_EDITOR (widget);

  if (!reveal_focused (self))
    return G_SOURCE_CONTINUE;
  self->scroll_tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
focus_widget_changed_cb (NbGridEditor *self,
                         GParamSpec   *pspec,
                         GtkWindow    *window)
{
  int now = index_of_widget (self, gtk_window_get_focus (window));

  if (now == self->focused)
    return;
  flush_commit (self);
  /* Leaving a cell: show what the model holds ("12." becomes "12"). */
  if (self->focused >= 0 && (guint) self->focused < self->cells->len)
    sync_cell_text (self, get_cell (self, self->focused), TRUE);
  self->focused = now;
  hide_refusal (self);
  g_clear_pointer (&self->text_before_delete, g_free);
  if (now >= 0 && !reveal_focused (self) && self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), reveal_tick_cb, NULL, NULL);
}

static void
focus_cell_index (NbGridEditor *self,
                  int           index)
{
  if (index < 0)
    return;
  gtk_widget_grab_focus (get_cell (self, index)->text);
}

/* The cell GTK's own Tab leaves the table from: the last in reading order
 * (bottom row, rightmost) for Tab, the first for Shift+Tab. */
static int
edge_cell (NbGridEditor *self,
           int           step)
{
  int edge = -1;

  for (guint i = 0; i < self->cells->len; i++)
    {
      Cell *c = get_cell (self, i);
      Cell *e = edge >= 0 ? get_cell (self, edge) : NULL;
      gboolean later = e == NULL || c->row > e->row || (c->row == e->row && c->col > e->col);

      if (e == NULL || (step > 0) == later)
        edge = (int) i;
    }
  return edge;
}

static int
next_editable (NbGridEditor *self,
               int           from,
               int           step)
{
  for (int i = from + step; i >= 0 && (guint) i < self->cells->len; i += step)
    if (!cell_is_computed (self, get_cell (self, i)))
      return i;
  return -1;
}

/* Spreadsheet keys: Tab/Shift+Tab to the next/previous cell that can be
 * typed in, Enter/Shift+Enter and the arrows to the neighbour cell (Left and
 * Right only from the ends of the text, so the cursor can still move). */
static gboolean
key_pressed_cb (NbGridEditor          *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  int index = index_of_widget (self, focus);
  GdkModifierType mods = state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK | GDK_ALT_MASK);
  Cell *c;
  int target = -1;
  int pos, start, end;
  int n_chars;

  if (index < 0)
    return FALSE;
  c = get_cell (self, index);

  switch (keyval)
    {
    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
    case GDK_KEY_ISO_Left_Tab:
      if (mods & (GDK_CONTROL_MASK | GDK_ALT_MASK))
        return FALSE;
      {
        int step = (keyval == GDK_KEY_ISO_Left_Tab || (mods & GDK_SHIFT_MASK)) ? -1 : 1;
        int edge = edge_cell (self, step);

        target = next_editable (self, index, step);
        /* Past the last cell that can be typed in: out of the table, not
         * onto a computed total after it. GTK's own Tab leaves from the
         * table's edge cell. */
        if (target < 0 && index != edge)
          {
            flush_commit (self);
            focus_cell_index (self, edge);
            return FALSE;
          }
      }
      break;

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      if (mods & (GDK_CONTROL_MASK | GDK_ALT_MASK))
        return FALSE;
      target = (mods & GDK_SHIFT_MASK) ? c->up : c->down;
      if (target < 0)
        return TRUE;
      break;

    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      if (mods != 0)
        return FALSE;
      target = c->up;
      if (target < 0)
        return TRUE;
      break;

    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      if (mods != 0)
        return FALSE;
      target = c->down;
      if (target < 0)
        return TRUE;
      break;

    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      if (mods != 0)
        return FALSE;
      pos = gtk_editable_get_position (GTK_EDITABLE (c->text));
      n_chars = (int) g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (c->text)), -1);
      if (gtk_editable_get_selection_bounds (GTK_EDITABLE (c->text), &start, &end) &&
          !(start == 0 && end == n_chars))
        return FALSE;
      if (keyval == GDK_KEY_Left || keyval == GDK_KEY_KP_Left)
        {
          if (pos > 0 && start != end)
            pos = 0;
          if (pos > 0)
            return FALSE;
          target = c->left;
        }
      else
        {
          if (pos < n_chars && start != end)
            pos = n_chars;
          if (pos < n_chars)
            return FALSE;
          target = c->right;
        }
      if (target < 0)
        return FALSE;
      break;

    case GDK_KEY_Escape:
      /* Put back what the model holds, like a spreadsheet cancelling an edit. */
      flush_commit (self);
      if (text_shows_model (self, c))
        return FALSE;
      sync_cell_text (self, c, TRUE);
      gtk_editable_select_region (GTK_EDITABLE (c->text), 0, -1);
      return TRUE;

    default:
      return refuse_key (self, c, keyval, state);
    }

  if (target < 0)
    return FALSE;
  flush_commit (self);
  focus_cell_index (self, target);
  return TRUE;
}

static gboolean
ranges_overlap (guint a, guint a_span, guint b, guint b_span)
{
  return a < b + b_span && b < a + a_span;
}

static void
compute_neighbours (NbGridEditor *self)
{
  for (guint i = 0; i < self->cells->len; i++)
    {
      Cell *a = get_cell (self, i);

      a->up = a->down = a->left = a->right = -1;
      for (guint j = 0; j < self->cells->len; j++)
        {
          Cell *b = get_cell (self, j);

          if (i == j)
            continue;
          if (ranges_overlap (a->col, a->col_span, b->col, b->col_span))
            {
              if (b->row + b->row_span <= a->row &&
                  (a->up < 0 || b->row > get_cell (self, a->up)->row))
                a->up = j;
              if (b->row >= a->row + a->row_span &&
                  (a->down < 0 || b->row < get_cell (self, a->down)->row))
                a->down = j;
            }
          if (ranges_overlap (a->row, a->row_span, b->row, b->row_span))
            {
              if (b->col + b->col_span <= a->col &&
                  (a->left < 0 || b->col > get_cell (self, a->left)->col))
                a->left = j;
              if (b->col >= a->col + a->col_span &&
                  (a->right < 0 || b->col < get_cell (self, a->right)->col))
                a->right = j;
            }
        }
    }
}

/* Width of @text in "chars" as GTK counts them for width-chars (about a
 * digit's width); a Chinese character is @wide of them. */
static double
text_width_chars (const char *text,
                  double      wide)
{
  double width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    width += g_unichar_iswide (g_utf8_get_char (p)) ? wide : 1.0;
  return width;
}

/* How many of GTK's "chars" a Chinese character takes in the grid's font:
 * it depends on the font and the UI language (about 1.7 under English, 1
 * under Chinese, where the approximate character is itself a Chinese one). */
static double
measure_wide_ratio (GtkWidget *widget)
{
  PangoContext *context = gtk_widget_get_pango_context (widget);
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
  g_autoptr(PangoLayout) layout = pango_layout_new (context);
  int unit = MAX (pango_font_metrics_get_approximate_char_width (metrics),
                  pango_font_metrics_get_approximate_digit_width (metrics));
  int width = 0;

  pango_font_metrics_unref (metrics);
  /* Ten characters, so rounding does not matter. */
  pango_layout_set_text (layout, "政府信息公开工作年度报", -1);
  pango_layout_get_size (layout, &width, NULL);
  if (unit <= 0 || width <= 0)
    return 1.7;
  return (width / 10.0) / unit;
}

/* A label at most @limit_cjk Chinese characters wide that wraps into lines
 * of about equal length ("社会公益" / "组织", not a last line of one
 * character), and whose minimum keeps a squeezed table from wrapping it a
 * character or two per line. */
static void
set_label_width (GtkLabel *label,
                 double    width,
                 double    limit_cjk,
                 double    wide)
{
  int limit = MAX (1, (int) floor (limit_cjk * wide));
  int lines = MAX (1, (int) ceil ((width - 0.2 * wide) / limit));
  /* A little room for bold headers, wider than the regular text measured. */
  int per_line = (int) ceil (width / MAX (lines, 1) + 0.1 * wide);

  per_line = MIN (per_line, limit);
  gtk_label_set_width_chars (label, per_line);
  gtk_label_set_max_width_chars (label, per_line);
}

static GtkWidget *
make_label (const NbTemplateGridCell *g,
            gboolean                  compact,
            double                    wide)
{
  GtkWidget *label = gtk_label_new (g->text);
  GtkLabel *l = GTK_LABEL (label);
  g_autofree char *level_class = g_strdup_printf ("level-%u", MIN (g->level, 3u));
  double width = text_width_chars (g->text, wide);

  gtk_label_set_wrap (l, TRUE);
  gtk_label_set_wrap_mode (l, PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, "nb-grid-cell");
  gtk_widget_add_css_class (label, level_class);

  /* Widths come from the roles and spans of the layout grid, never from the
   * table: a header gets up to five Chinese characters per column it spans
   * (two in a table with many columns, such as 四's fifteen), a row label
   * spanning many rows (三、本年度办理结果) is a narrow group label, other
   * row labels wrap past fourteen characters. Labels wrap; they are never
   * cut short. */
  switch (g->role)
    {
    case NB_GRID_CAPTION:
      gtk_label_set_xalign (l, 0.0);
      gtk_widget_add_css_class (label, "caption");
      break;
    case NB_GRID_CORNER:
      gtk_label_set_justify (l, GTK_JUSTIFY_CENTER);
      set_label_width (l, width, 4.7 * MAX (1u, g->col_span), wide);
      gtk_widget_add_css_class (label, "corner");
      break;
    case NB_GRID_COLUMN_HEADER:
      {
        /* Short and centred: broken by hand into lines of equal length
         * ("结果" / "维持"), since a label wraps at the width of its column,
         * which its data cells may make wider than the line it asks for. */
        double limit = (compact ? 2.4 : 5.9) * MAX (1u, g->col_span) * wide;
        /* The measured character width is an average: a little tolerance. */
        int lines = MAX (1, (int) ceil ((width - 0.2 * wide) / limit));

        if (lines > 1)
          {
            glong n = g_utf8_strlen (g->text, -1);
            glong per_line = (n + lines - 1) / lines;
            g_autoptr(GString) broken = g_string_new (NULL);
            const char *p = g->text;

            for (glong i = 0; i < n; i++, p = g_utf8_next_char (p))
              {
                if (i > 0 && i % per_line == 0)
                  g_string_append_c (broken, '\n');
                g_string_append_len (broken, p, g_utf8_next_char (p) - p);
              }
            gtk_label_set_text (l, broken->str);
          }
        gtk_label_set_wrap (l, FALSE);
        gtk_label_set_justify (l, GTK_JUSTIFY_CENTER);
        gtk_widget_add_css_class (label, "column-header");
      }
      break;
    case NB_GRID_ROW_HEADER:
      gtk_label_set_xalign (l, 0.0);
      if (g->row_span > 3)
        {
          set_label_width (l, width, 3.5, wide);
          gtk_label_set_justify (l, GTK_JUSTIFY_CENTER);
          gtk_label_set_xalign (l, 0.5);
        }
      else
        set_label_width (l, width, 12.5, wide);
      gtk_widget_add_css_class (label, "row-header");
      break;
    case NB_GRID_DATA:
    default:
      g_assert_not_reached ();
    }
  return label;
}

static void
build_grid (NbGridEditor *self)
{
  NbTemplate *template = nb_report_get_template (self->report);
  int section;
  gboolean compact;
  double wide = measure_wide_ratio (GTK_WIDGET (self->grid));

  self->table = nb_template_lookup_table (template, self->table_id);
  g_return_if_fail (self->table != NULL);
  /* Many value columns side by side: narrower columns, so the table fits a
   * window without scrolling sideways. */
  compact = self->table->n_cols - self->table->n_label_cols > 10;
  if (compact)
    gtk_widget_add_css_class (GTK_WIDGET (self->grid), "compact");

  section = nb_template_lookup_section (template, self->table->section_id);
  if (section >= 0 && nb_template_get_section (template, section)->title != NULL)
    gtk_label_set_text (self->title_label, nb_template_get_section (template, section)->title);

  self->n_template_cells = nb_template_get_n_cells (template);
  self->cell_index = g_new (int, self->n_template_cells);
  for (guint i = 0; i < self->n_template_cells; i++)
    self->cell_index[i] = -1;

  for (guint i = 0; i < self->table->n_grid_cells; i++)
    {
      const NbTemplateGridCell *g = &self->table->grid_cells[i];
      GtkWidget *widget;

      if (g->role == NB_GRID_DATA)
        {
          const NbTemplateCell *tc = nb_template_get_cell (template, g->cell);
          Cell c = { 0 };
          g_autofree char *path = nb_template_get_label_path (template, g->cell);

          widget = gtk_text_new ();
          gtk_widget_add_css_class (widget, "nb-grid-cell");
          gtk_widget_add_css_class (widget, "nb-cell");
          gtk_widget_set_hexpand (widget, FALSE);
          gtk_editable_set_alignment (GTK_EDITABLE (widget), 1.0);
          gtk_editable_set_enable_undo (GTK_EDITABLE (widget), FALSE);
          /* Widths in style.css (em): width-chars counts the UI language's
           * average character, a Chinese one under zh_CN. */
          gtk_editable_set_width_chars (GTK_EDITABLE (widget), 1);
          if (tc->kind == NB_CELL_KIND_AMOUNT)
            gtk_widget_add_css_class (widget, "amount");
          gtk_text_set_input_purpose (GTK_TEXT (widget),
                                      tc->kind == NB_CELL_KIND_COUNT ? GTK_INPUT_PURPOSE_DIGITS
                                                                     : GTK_INPUT_PURPOSE_NUMBER);
          if (tc->is_total)
            gtk_widget_add_css_class (widget, "total");
          gtk_widget_set_name (widget, tc->id);
          gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, path,
                                          -1);

          c.cell = (guint) g->cell;
          c.text = widget;
          c.severity = -1;
          c.row = g->row;
          c.col = g->col;
          c.row_span = MAX (1u, g->row_span);
          c.col_span = MAX (1u, g->col_span);
          g_array_append_val (self->cells, c);
          self->cell_index[g->cell] = (int) self->cells->len - 1;
          g_object_set_data (G_OBJECT (widget), "nb-cell-index",
                             GINT_TO_POINTER ((int) self->cells->len));

          g_signal_connect_swapped (widget, "insert-text", G_CALLBACK (text_insert_text_cb), self);
          g_signal_connect_swapped (widget, "delete-text", G_CALLBACK (text_delete_text_cb), self);
          g_signal_connect_swapped (widget, "changed", G_CALLBACK (text_changed_cb), self);
          g_signal_connect_swapped (widget, "preedit-changed", G_CALLBACK (text_preedit_changed_cb), self);
          g_signal_connect_swapped (widget, "paste-clipboard", G_CALLBACK (text_paste_clipboard_cb), self);
        }
      else
        widget = make_label (g, compact, wide);

      gtk_grid_attach (self->grid, widget, (int) g->col, (int) g->row,
                       (int) MAX (1u, g->col_span), (int) MAX (1u, g->row_span));
    }

  compute_neighbours (self);

  for (guint i = 0; i < self->cells->len; i++)
    {
      Cell *c = get_cell (self, i);
      sync_cell_text (self, c, TRUE);
      sync_cell_editable (self, c);
    }
  sync_all_marks (self, TRUE);
  sync_hint (self);
}

static void
nb_grid_editor_root (GtkWidget *widget)
{
  NbGridEditor *self = NB_GRID_EDITOR (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (nb_grid_editor_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    {
      self->focus_root = GTK_WIDGET (root);
      self->focus_id = g_signal_connect_object (root, "notify::focus-widget",
                                                G_CALLBACK (focus_widget_changed_cb), self,
                                                G_CONNECT_SWAPPED);
    }
}

static void
nb_grid_editor_unroot (GtkWidget *widget)
{
  NbGridEditor *self = NB_GRID_EDITOR (widget);

  if (self->focus_root != NULL)
    g_clear_signal_handler (&self->focus_id, self->focus_root);
  self->focus_root = NULL;
  self->focused = -1;

  GTK_WIDGET_CLASS (nb_grid_editor_parent_class)->unroot (widget);
}

static void
nb_grid_editor_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  NbGridEditor *self = NB_GRID_EDITOR (widget);

  gtk_widget_measure (self->scroller, orientation, for_size, minimum, natural, NULL, NULL);
}

static void
nb_grid_editor_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  NbGridEditor *self = NB_GRID_EDITOR (widget);

  gtk_widget_allocate (self->scroller, width, height, baseline, NULL);
  /* The refusal popover is our child: it needs a present () per allocation. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->refusal_popover)))
    gtk_popover_present (self->refusal_popover);
}

static gboolean
nb_grid_editor_grab_focus (GtkWidget *widget)
{
  NbGridEditor *self = NB_GRID_EDITOR (widget);
  int first = next_editable (self, -1, 1);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  /* Shift+Tab out of a cell: GTK offers the focus to the editor itself on
   * its way out, which must let it go on rather than take it back to the
   * first cell. */
  if (first < 0 || (focus != NULL && gtk_widget_is_ancestor (focus, widget)))
    return GTK_WIDGET_CLASS (nb_grid_editor_parent_class)->grab_focus (widget);
  return gtk_widget_grab_focus (get_cell (self, first)->text);
}

static void
nb_grid_editor_constructed (GObject *object)
{
  NbGridEditor *self = NB_GRID_EDITOR (object);

  G_OBJECT_CLASS (nb_grid_editor_parent_class)->constructed (object);

  g_assert (NB_IS_REPORT (self->report));
  g_assert (NB_IS_RULES (self->rules));
  g_assert (self->table_id != NULL);

  build_grid (self);

  self->report_changed_id = g_signal_connect_object (self->report, "changed",
                                                     G_CALLBACK (report_changed_cb), self,
                                                     G_CONNECT_SWAPPED);
  self->auto_totals_id = g_signal_connect_object (self->report, "notify::auto-totals",
                                                  G_CALLBACK (auto_totals_changed_cb), self,
                                                  G_CONNECT_SWAPPED);
  self->items_changed_id = g_signal_connect_object (self->rules, "items-changed",
                                                    G_CALLBACK (rules_items_changed_cb), self,
                                                    G_CONNECT_SWAPPED);
}

static void
nb_grid_editor_dispose (GObject *object)
{
  NbGridEditor *self = NB_GRID_EDITOR (object);

  g_clear_handle_id (&self->refusal_timeout_id, g_source_remove);
  g_clear_handle_id (&self->commit_id, g_source_remove);
  g_clear_handle_id (&self->reselect_id, g_source_remove);
  if (self->scroll_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
      self->scroll_tick_id = 0;
    }
  if (self->report != NULL)
    {
      g_clear_signal_handler (&self->report_changed_id, self->report);
      g_clear_signal_handler (&self->auto_totals_id, self->report);
    }
  if (self->rules != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->rules);

  {
    GtkWidget *child;

    /* Children without an id in the template are ours to unparent too. */
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  gtk_widget_dispose_template (GTK_WIDGET (self), NB_TYPE_GRID_EDITOR);

  g_clear_object (&self->report);
  g_clear_object (&self->rules);

  G_OBJECT_CLASS (nb_grid_editor_parent_class)->dispose (object);
}

static void
nb_grid_editor_finalize (GObject *object)
{
  NbGridEditor *self = NB_GRID_EDITOR (object);

  for (guint i = 0; self->cells != NULL && i < self->cells->len; i++)
    g_free (get_cell (self, i)->messages);
  g_clear_pointer (&self->cells, g_array_unref);
  g_free (self->cell_index);
  g_free (self->table_id);
  g_free (self->text_before_delete);
  g_free (self->refusal);

  G_OBJECT_CLASS (nb_grid_editor_parent_class)->finalize (object);
}

static void
nb_grid_editor_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  NbGridEditor *self = NB_GRID_EDITOR (object);

  switch (prop_id)
    {
    case PROP_REPORT:
      g_value_set_object (value, self->report);
      break;
    case PROP_RULES:
      g_value_set_object (value, self->rules);
      break;
    case PROP_TABLE_ID:
      g_value_set_string (value, self->table_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nb_grid_editor_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  NbGridEditor *self = NB_GRID_EDITOR (object);

  switch (prop_id)
    {
    case PROP_REPORT:
      self->report = g_value_dup_object (value);
      break;
    case PROP_RULES:
      self->rules = g_value_dup_object (value);
      break;
    case PROP_TABLE_ID:
      self->table_id = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nb_grid_editor_class_init (NbGridEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = nb_grid_editor_constructed;
  object_class->dispose = nb_grid_editor_dispose;
  object_class->finalize = nb_grid_editor_finalize;
  object_class->get_property = nb_grid_editor_get_property;
  object_class->set_property = nb_grid_editor_set_property;

  widget_class->root = nb_grid_editor_root;
  widget_class->unroot = nb_grid_editor_unroot;
  widget_class->measure = nb_grid_editor_measure;
  widget_class->size_allocate = nb_grid_editor_size_allocate;
  widget_class->grab_focus = nb_grid_editor_grab_focus;

  properties[PROP_REPORT] =
    g_param_spec_object ("report", NULL, NULL, NB_TYPE_REPORT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RULES] =
    g_param_spec_object ("rules", NULL, NULL, NB_TYPE_RULES,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TABLE_ID] =
    g_param_spec_string ("table-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/nianbao/Nianbao/ui/nb-grid-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, NbGridEditor, scroller);
  gtk_widget_class_bind_template_child (widget_class, NbGridEditor, viewport);
  gtk_widget_class_bind_template_child (widget_class, NbGridEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, NbGridEditor, hint_label);
  gtk_widget_class_bind_template_child (widget_class, NbGridEditor, grid);
  gtk_widget_class_bind_template_child (widget_class, NbGridEditor, refusal_popover);
  gtk_widget_class_bind_template_child (widget_class, NbGridEditor, refusal_label);
  gtk_widget_class_bind_template_callback (widget_class, key_pressed_cb);

  gtk_widget_class_set_css_name (widget_class, "nb-grid-editor");
}

static void
nb_grid_editor_init (NbGridEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cells = g_array_new (FALSE, TRUE, sizeof (Cell));
  self->focused = -1;
  self->commit_index = -1;
}

/**
 * nb_grid_editor_new:
 * @table_id: a table of @report's template ("requests")
 *
 * Returns: (transfer floating): the editor of one table
 */
GtkWidget *
nb_grid_editor_new (NbReport   *report,
                    NbRules    *rules,
                    const char *table_id)
{
  g_return_val_if_fail (NB_IS_REPORT (report), NULL);
  g_return_val_if_fail (NB_IS_RULES (rules), NULL);
  g_return_val_if_fail (table_id != NULL, NULL);

  return g_object_new (NB_TYPE_GRID_EDITOR,
                       "report", report,
                       "rules", rules,
                       "table-id", table_id,
                       NULL);
}

NbReport *
nb_grid_editor_get_report (NbGridEditor *self)
{
  g_return_val_if_fail (NB_IS_GRID_EDITOR (self), NULL);
  return self->report;
}

const char *
nb_grid_editor_get_table_id (NbGridEditor *self)
{
  g_return_val_if_fail (NB_IS_GRID_EDITOR (self), NULL);
  return self->table_id;
}

/**
 * nb_grid_editor_get_cell_widget:
 * @cell: a template cell index
 *
 * Returns: (transfer none) (nullable): the #GtkText of @cell, or %NULL when
 *   @cell is not in this table
 */
GtkWidget *
nb_grid_editor_get_cell_widget (NbGridEditor *self,
                                guint         cell)
{
  g_return_val_if_fail (NB_IS_GRID_EDITOR (self), NULL);

  if (cell >= self->n_template_cells || self->cell_index[cell] < 0)
    return NULL;
  return get_cell (self, self->cell_index[cell])->text;
}

gboolean
nb_grid_editor_focus_cell (NbGridEditor *self,
                           guint         cell)
{
  GtkWidget *text;

  g_return_val_if_fail (NB_IS_GRID_EDITOR (self), FALSE);

  text = nb_grid_editor_get_cell_widget (self, cell);
  return text != NULL && gtk_widget_grab_focus (text);
}

/**
 * nb_grid_editor_get_focused_cell:
 *
 * Returns: the template index of the cell with the keyboard focus, or -1
 */
int
nb_grid_editor_get_focused_cell (NbGridEditor *self)
{
  GtkRoot *root;
  int index;

  g_return_val_if_fail (NB_IS_GRID_EDITOR (self), -1);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (root == NULL)
    return -1;
  index = index_of_widget (self, gtk_root_get_focus (root));
  return index < 0 ? -1 : (int) get_cell (self, index)->cell;
}

/**
 * nb_grid_editor_get_hint:
 *
 * Returns: the note above the table on what its cells' looks mean
 */
const char *
nb_grid_editor_get_hint (NbGridEditor *self)
{
  g_return_val_if_fail (NB_IS_GRID_EDITOR (self), NULL);
  return gtk_label_get_text (self->hint_label);
}

/**
 * nb_grid_editor_get_refusal:
 *
 * Returns: (nullable): the message shown for the input refused last, while
 *   it is on screen
 */
const char *
nb_grid_editor_get_refusal (NbGridEditor *self)
{
  g_return_val_if_fail (NB_IS_GRID_EDITOR (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->refusal_popover)))
    return NULL;
  return self->refusal;
}

/**
 * nb_grid_editor_commit:
 *
 * Sends what was typed into the report now rather than right after the key
 * event (for callers that read the report at once).
 */
void
nb_grid_editor_commit (NbGridEditor *self)
{
  g_return_if_fail (NB_IS_GRID_EDITOR (self));
  flush_commit (self);
}
