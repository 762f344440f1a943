/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-report"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "nb-report-private.h"

/* Typing in one field or paragraph within this time is one undo step. */
#define COALESCE_USEC (1500 * G_TIME_SPAN_MILLISECOND)
/* Typing without a pause still makes a step at least this often. */
#define COALESCE_MAX_USEC (10 * G_TIME_SPAN_SECOND)
#define MAX_UNDO_STEPS 1000

typedef struct
{
  gboolean  set;
  NbDecimal value;
} CellValue;

typedef enum
{
  CHANGE_CELL,
  CHANGE_META,
  CHANGE_SEAL,
  CHANGE_SECTION,
  CHANGE_AUTO_TOTALS,
} ChangeType;

typedef struct
{
  ChangeType  type;
  guint       index;        /* cell or meta field */
  char       *section_id;
  CellValue   old_cell;
  CellValue   new_cell;
  char       *old_text;
  char       *new_text;
  GBytes     *old_bytes;
  GBytes     *new_bytes;
  GArray     *old_blocks;
  GArray     *new_blocks;
  gboolean    old_flag;
  gboolean    new_flag;
} Change;

typedef struct
{
  guint64    serial;
  gint64     time;       /* of the newest change merged in */
  gint64     start;      /* of the first */
  GPtrArray *changes;
} Step;

struct _NbReport
{
  GObject     parent_instance;

  NbTemplate *template;
  char       *meta[NB_META_N_FIELDS];
  GBytes     *seal;
  CellValue  *cells;
  guint       n_cells;
  GHashTable *sections;      /* section id → GArray of NbBlock */
  gboolean    auto_totals;

  GQueue      undo;          /* Step*, newest at the head */
  GQueue      redo;
  Step       *group;
  guint       group_depth;
  guint64     next_serial;
  guint64     saved_serial;
  guint64     revision;
  gboolean    modified;
};

G_DEFINE_FINAL_TYPE (NbReport, nb_report, G_TYPE_OBJECT)

G_DEFINE_QUARK (nb-report-error-quark, nb_report_error)

enum {
  PROP_0,
  PROP_TEMPLATE,
  PROP_AUTO_TOTALS,
  PROP_MODIFIED,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

enum {
  CHANGED,
  EDITED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *meta_keys[NB_META_N_FIELDS] = {
  "agency", "year", "phone", "address", "postcode", "signer", "date",
};

static void
block_clear (NbBlock *block)
{
  g_clear_pointer (&block->text, g_free);
}

static GArray *
blocks_new (void)
{
  GArray *blocks = g_array_new (FALSE, TRUE, sizeof (NbBlock));

  g_array_set_clear_func (blocks, (GDestroyNotify) block_clear);
  return blocks;
}

static GArray *
blocks_copy (const NbBlock *src,
             guint          n)
{
  GArray *blocks = blocks_new ();

  for (guint i = 0; i < n; i++)
    {
      NbBlock b = { MIN (src[i].level, 3), g_strdup (src[i].text != NULL ? src[i].text : "") };
      g_array_append_val (blocks, b);
    }
  return blocks;
}

static gboolean
blocks_equal (GArray *a,
              GArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      NbBlock *x = &g_array_index (a, NbBlock, i);
      NbBlock *y = &g_array_index (b, NbBlock, i);
      if (x->level != y->level || g_strcmp0 (x->text, y->text) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
change_free (Change *change)
{
  g_free (change->section_id);
  g_free (change->old_text);
  g_free (change->new_text);
  g_clear_pointer (&change->old_bytes, g_bytes_unref);
  g_clear_pointer (&change->new_bytes, g_bytes_unref);
  g_clear_pointer (&change->old_blocks, g_array_unref);
  g_clear_pointer (&change->new_blocks, g_array_unref);
  g_free (change);
}

static void
step_free (Step *step)
{
  g_ptr_array_unref (step->changes);
  g_free (step);
}

static Step *
step_new (NbReport *self)
{
  Step *step = g_new0 (Step, 1);

  step->serial = ++self->next_serial;
  step->time = step->start = g_get_monotonic_time ();
  step->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  return step;
}

static guint64
top_serial (NbReport *self)
{
  Step *top = g_queue_peek_head (&self->undo);

  return top != NULL ? top->serial : 0;
}

/* Drops the oldest steps beyond MAX_UNDO_STEPS. An empty undo queue stands
 * for the state before the oldest step (serial 0), so the saved point moves
 * with it: saved right after the dropped step, it is now that bottom state;
 * saved before it, it can no longer be reached by undoing, and the document
 * must not read as unmodified once everything is undone. */
static void
trim_undo (NbReport *self)
{
  while (g_queue_get_length (&self->undo) > MAX_UNDO_STEPS)
    {
      Step *oldest = g_queue_pop_tail (&self->undo);

      if (self->saved_serial == oldest->serial)
        self->saved_serial = 0;
      else if (self->saved_serial == 0)
        self->saved_serial = G_MAXUINT64;
      step_free (oldest);
    }
}

static void
update_state (NbReport *self,
              gboolean  could_undo,
              gboolean  could_redo)
{
  gboolean modified = top_serial (self) != self->saved_serial;

  if (modified != self->modified)
    {
      self->modified = modified;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
  if (could_undo != nb_report_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != nb_report_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
  g_signal_emit (self, signals[EDITED], 0);
}

static void
emit_changed (NbReport     *self,
              NbChangeKind  kind,
              const char   *detail)
{
  self->revision++;
  g_signal_emit (self, signals[CHANGED], 0, kind, detail);
}

/* Apply one side of a change and tell listeners. */
static void
apply_change (NbReport *self,
              Change   *change,
              gboolean  forward)
{
  switch (change->type)
    {
    case CHANGE_CELL:
      self->cells[change->index] = forward ? change->new_cell : change->old_cell;
      emit_changed (self, NB_CHANGE_CELL,
                    nb_template_get_cell (self->template, change->index)->id);
      break;

    case CHANGE_META:
      g_free (self->meta[change->index]);
      self->meta[change->index] = g_strdup (forward ? change->new_text : change->old_text);
      emit_changed (self, NB_CHANGE_META, meta_keys[change->index]);
      break;

    case CHANGE_SEAL:
      g_clear_pointer (&self->seal, g_bytes_unref);
      if ((forward ? change->new_bytes : change->old_bytes) != NULL)
        self->seal = g_bytes_ref (forward ? change->new_bytes : change->old_bytes);
      emit_changed (self, NB_CHANGE_SEAL, "seal");
      break;

    case CHANGE_SECTION:
      {
        GArray *src = forward ? change->new_blocks : change->old_blocks;
        g_hash_table_replace (self->sections, g_strdup (change->section_id),
                              blocks_copy ((NbBlock *) (gpointer) src->data, src->len));
        emit_changed (self, NB_CHANGE_SECTION, change->section_id);
      }
      break;

    case CHANGE_AUTO_TOTALS:
      self->auto_totals = forward ? change->new_flag : change->old_flag;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_TOTALS]);
      emit_changed (self, NB_CHANGE_SETTINGS, "auto_totals");
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Can @change be merged into the newest undo step (typing in one place)? */
/* A section change that only turns a line into a heading or back (the
 * same texts): its own undo step, never merged with the typing around it. */
static gboolean
levels_only (Change *change)
{
  if (change->type != CHANGE_SECTION || change->old_blocks->len != change->new_blocks->len)
    return FALSE;
  for (guint i = 0; i < change->new_blocks->len; i++)
    if (g_strcmp0 (g_array_index (change->old_blocks, NbBlock, i).text,
                   g_array_index (change->new_blocks, NbBlock, i).text) != 0)
      return FALSE;
  return TRUE;
}

static gboolean
same_block (NbBlock *a,
            NbBlock *b)
{
  return a->level == b->level && g_strcmp0 (a->text, b->text) == 0;
}

/* The one paragraph @change edits, when it neither adds nor removes any;
 * -1 otherwise (Enter, a paste of lines, a deletion across paragraphs). */
static int
edited_block (Change *change)
{
  int found = -1;

  if (change->old_blocks->len != change->new_blocks->len)
    return -1;
  for (guint i = 0; i < change->new_blocks->len; i++)
    {
      if (same_block (&g_array_index (change->old_blocks, NbBlock, i),
                      &g_array_index (change->new_blocks, NbBlock, i)))
        continue;
      if (found >= 0)
        return -1;
      found = (int) i;
    }
  return found;
}

/* The paragraph typing goes on in after @change: the one it edits, or the
 * one it opened (Enter, the first paragraph of an empty section); -1 when
 * it is neither. */
static int
focus_block (Change *change)
{
  GArray *old = change->old_blocks, *new = change->new_blocks;
  guint p = 0, q = 0;

  if (new->len == old->len)
    return edited_block (change);
  if (new->len != old->len + 1)
    return -1;
  while (p < old->len && same_block (&g_array_index (old, NbBlock, p), &g_array_index (new, NbBlock, p)))
    p++;
  while (q < old->len - p &&
         same_block (&g_array_index (old, NbBlock, old->len - 1 - q), &g_array_index (new, NbBlock, new->len - 1 - q)))
    q++;
  return (int) (new->len - q - 1);
}

static gboolean
can_coalesce (NbReport *self,
              Change   *change)
{
  Step *top = g_queue_peek_head (&self->undo);
  gint64 now = g_get_monotonic_time ();
  Change *last;

  if (top == NULL || self->group != NULL || top->changes->len != 1 ||
      top->serial == self->saved_serial ||
      now - top->time > COALESCE_USEC || now - top->start > COALESCE_MAX_USEC)
    return FALSE;
  last = g_ptr_array_index (top->changes, 0);
  if (last->type != change->type)
    return FALSE;
  if (change->type == CHANGE_META)
    return last->index == change->index;
  /* Typing within one paragraph (with the Enter that opened it): another
   * paragraph is another step, so one Ctrl+Z never takes back minutes of
   * text. */
  if (change->type == CHANGE_SECTION)
    return g_str_equal (last->section_id, change->section_id) &&
           !levels_only (change) && !levels_only (last) &&
           edited_block (change) >= 0 && edited_block (change) == focus_block (last);
  return FALSE;
}

static void
record_change (NbReport *self,
               Change   *change)
{
  gboolean could_undo = nb_report_can_undo (self);
  gboolean could_redo = nb_report_can_redo (self);
  Step *top;

  apply_change (self, change, TRUE);

  g_queue_clear_full (&self->redo, (GDestroyNotify) step_free);

  if (self->group != NULL)
    {
      g_ptr_array_add (self->group->changes, change);
      return;
    }

  if (can_coalesce (self, change))
    {
      Change *last;

      top = g_queue_peek_head (&self->undo);
      last = g_ptr_array_index (top->changes, 0);
      /* Keep the oldest "old", take the newest "new". */
      if (change->type == CHANGE_META)
        {
          g_free (last->new_text);
          last->new_text = g_steal_pointer (&change->new_text);
        }
      else
        {
          g_array_unref (last->new_blocks);
          last->new_blocks = g_steal_pointer (&change->new_blocks);
        }
      top->time = g_get_monotonic_time ();
      change_free (change);
    }
  else
    {
      top = step_new (self);
      g_ptr_array_add (top->changes, change);
      g_queue_push_head (&self->undo, top);
      trim_undo (self);
    }

  update_state (self, could_undo, could_redo);
}

static void
nb_report_dispose (GObject *object)
{
  NbReport *self = NB_REPORT (object);

  g_queue_clear_full (&self->undo, (GDestroyNotify) step_free);
  g_queue_clear_full (&self->redo, (GDestroyNotify) step_free);
  g_clear_pointer (&self->group, step_free);

  G_OBJECT_CLASS (nb_report_parent_class)->dispose (object);
}

static void
nb_report_finalize (GObject *object)
{
  NbReport *self = NB_REPORT (object);

  for (guint i = 0; i < NB_META_N_FIELDS; i++)
    g_free (self->meta[i]);
  g_clear_pointer (&self->seal, g_bytes_unref);
  g_free (self->cells);
  g_clear_pointer (&self->sections, g_hash_table_unref);
  g_clear_object (&self->template);

  G_OBJECT_CLASS (nb_report_parent_class)->finalize (object);
}

static void
nb_report_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  NbReport *self = NB_REPORT (object);

  switch (prop_id)
    {
    case PROP_TEMPLATE:
      g_value_set_object (value, self->template);
      break;
    case PROP_AUTO_TOTALS:
      g_value_set_boolean (value, self->auto_totals);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, nb_report_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, nb_report_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nb_report_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  NbReport *self = NB_REPORT (object);

  switch (prop_id)
    {
    case PROP_TEMPLATE:
      self->template = g_value_dup_object (value);
      break;
    case PROP_AUTO_TOTALS:
      nb_report_set_auto_totals (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nb_report_constructed (GObject *object)
{
  NbReport *self = NB_REPORT (object);

  G_OBJECT_CLASS (nb_report_parent_class)->constructed (object);

  g_assert (NB_IS_TEMPLATE (self->template));
  self->n_cells = nb_template_get_n_cells (self->template);
  self->cells = g_new0 (CellValue, self->n_cells);
  for (guint i = 0; i < nb_template_get_n_sections (self->template); i++)
    {
      const NbTemplateSection *s = nb_template_get_section (self->template, i);
      if (s->table_id == NULL)
        g_hash_table_insert (self->sections, g_strdup (s->id), blocks_new ());
    }
}

static void
nb_report_class_init (NbReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = nb_report_constructed;
  object_class->dispose = nb_report_dispose;
  object_class->finalize = nb_report_finalize;
  object_class->get_property = nb_report_get_property;
  object_class->set_property = nb_report_set_property;

  properties[PROP_TEMPLATE] =
    g_param_spec_object ("template", NULL, NULL, NB_TYPE_TEMPLATE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTO_TOTALS] =
    g_param_spec_boolean ("auto-totals", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * NbReport::changed:
   * @kind: an #NbChangeKind
   * @detail: the cell id, section id or meta key that changed
   *
   * Emitted once per changed value, also for totals recomputed and for undo/redo.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);

  /**
   * NbReport::edited:
   *
   * Emitted once after each complete edit, undo or redo, after all its
   * #NbReport::changed emissions: listeners that recompute everything (the
   * rules) do it once per edit rather than once per changed value.
   */
  signals[EDITED] =
    g_signal_new ("edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
nb_report_init (NbReport *self)
{
  self->sections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_array_unref);
  self->auto_totals = TRUE;
  for (guint i = 0; i < NB_META_N_FIELDS; i++)
    self->meta[i] = g_strdup ("");
}

/**
 * nb_report_new:
 *
 * Returns: (transfer full): an empty report: every cell blank, auto totals on
 */
NbReport *
nb_report_new (NbTemplate *template)
{
  g_return_val_if_fail (NB_IS_TEMPLATE (template), NULL);

  return g_object_new (NB_TYPE_REPORT, "template", template, NULL);
}

NbTemplate *
nb_report_get_template (NbReport *self)
{
  g_return_val_if_fail (NB_IS_REPORT (self), NULL);
  return self->template;
}

const char *
nb_report_meta_field_key (NbMetaField field)
{
  g_return_val_if_fail (field < NB_META_N_FIELDS, NULL);
  return meta_keys[field];
}

const char *
nb_report_get_meta (NbReport    *self,
                    NbMetaField  field)
{
  g_return_val_if_fail (NB_IS_REPORT (self), NULL);
  g_return_val_if_fail (field < NB_META_N_FIELDS, NULL);
  return self->meta[field];
}

void
nb_report_set_meta (NbReport    *self,
                    NbMetaField  field,
                    const char  *value)
{
  Change *change;

  g_return_if_fail (NB_IS_REPORT (self));
  g_return_if_fail (field < NB_META_N_FIELDS);

  if (value == NULL)
    value = "";
  if (g_str_equal (self->meta[field], value))
    return;

  change = g_new0 (Change, 1);
  change->type = CHANGE_META;
  change->index = field;
  change->old_text = g_strdup (self->meta[field]);
  change->new_text = g_strdup (value);
  record_change (self, change);
}

int
nb_report_get_year (NbReport *self)
{
  gint64 year = 0;

  g_return_val_if_fail (NB_IS_REPORT (self), 0);

  if (!g_ascii_string_to_signed (self->meta[NB_META_YEAR], 10, 1900, 9999, &year, NULL))
    return 0;
  return (int) year;
}

/**
 * nb_report_get_seal:
 *
 * Returns: (transfer none) (nullable): the seal image (PNG or SVG bytes)
 */
GBytes *
nb_report_get_seal (NbReport *self)
{
  g_return_val_if_fail (NB_IS_REPORT (self), NULL);
  return self->seal;
}

void
nb_report_set_seal (NbReport *self,
                    GBytes   *image)
{
  Change *change;

  g_return_if_fail (NB_IS_REPORT (self));

  if (image == self->seal || (image != NULL && self->seal != NULL && g_bytes_equal (image, self->seal)))
    return;

  change = g_new0 (Change, 1);
  change->type = CHANGE_SEAL;
  change->old_bytes = self->seal != NULL ? g_bytes_ref (self->seal) : NULL;
  change->new_bytes = image != NULL ? g_bytes_ref (image) : NULL;
  record_change (self, change);
}

gboolean
nb_report_get_value (NbReport  *self,
                     guint      cell,
                     NbDecimal *out)
{
  g_return_val_if_fail (NB_IS_REPORT (self), FALSE);
  g_return_val_if_fail (cell < self->n_cells, FALSE);

  if (!self->cells[cell].set)
    {
      if (out != NULL)
        *out = (NbDecimal) NB_DECIMAL_INIT;
      return FALSE;
    }
  if (out != NULL)
    *out = self->cells[cell].value;
  return TRUE;
}

gboolean
nb_report_is_blank (NbReport *self,
                    guint     cell)
{
  g_return_val_if_fail (NB_IS_REPORT (self), TRUE);
  g_return_val_if_fail (cell < self->n_cells, TRUE);
  return !self->cells[cell].set;
}

static gboolean
check_kind (NbReport         *self,
            guint             cell,
            const NbDecimal  *value,
            GError          **error)
{
  const NbTemplateCell *c = nb_template_get_cell (self->template, cell);

  if (value->scale > NB_DECIMAL_MAX_SCALE ||
      (c->kind != NB_CELL_KIND_AMOUNT && value->scale != 0))
    {
      g_set_error (error, NB_REPORT_ERROR, NB_REPORT_ERROR_INVALID_VALUE,
                   _("%s must be a whole number"), c->id);
      return FALSE;
    }
  if (c->kind != NB_CELL_KIND_SIGNED && value->units < 0)
    {
      g_set_error (error, NB_REPORT_ERROR, NB_REPORT_ERROR_INVALID_VALUE,
                   _("%s cannot be negative"), c->id);
      return FALSE;
    }
  return TRUE;
}

static void
queue_cell_change (NbReport        *self,
                   guint            cell,
                   const CellValue *value)
{
  Change *change;
  CellValue *old = &self->cells[cell];

  if (old->set == value->set &&
      (!old->set || (old->value.units == value->value.units && old->value.scale == value->value.scale)))
    return;

  change = g_new0 (Change, 1);
  change->type = CHANGE_CELL;
  change->index = cell;
  change->old_cell = *old;
  change->new_cell = *value;
  record_change (self, change);
}

/* The totals computed into @cells (a copy of the report's), in the
 * template's dependency order; a total whose parts are all blank is blank,
 * and one whose sum overflows keeps its value (the rules report the
 * overflow). */
static void
compute_totals_into (NbReport  *self,
                     CellValue *cells)
{
  guint n_totals;
  const guint *order = nb_template_get_total_order (self->template, &n_totals);

  for (guint i = 0; i < n_totals; i++)
    {
      guint n_parts;
      const guint *parts = nb_template_get_total_parts (self->template, order[i], &n_parts);
      CellValue sum = { FALSE, NB_DECIMAL_INIT };
      gboolean overflow = FALSE;

      for (guint p = 0; p < n_parts; p++)
        {
          const CellValue *part = &cells[parts[p]];
          if (!part->set)
            continue;
          if (!nb_decimal_add (&sum.value, &part->value, &sum.value))
            overflow = TRUE;
          sum.set = TRUE;
        }
      if (!overflow)
        cells[order[i]] = sum;
    }
}

static gboolean
cell_values_equal (const CellValue *a,
                   const CellValue *b)
{
  return a->set == b->set &&
         (!a->set || (a->value.units == b->value.units && a->value.scale == b->value.scale));
}

static void
recompute_totals (NbReport *self)
{
  g_autofree CellValue *cells = g_memdup2 (self->cells, self->n_cells * sizeof (CellValue));
  guint n_totals;
  const guint *order = nb_template_get_total_order (self->template, &n_totals);

  compute_totals_into (self, cells);
  for (guint i = 0; i < n_totals; i++)
    queue_cell_change (self, order[i], &cells[order[i]]);
}

/**
 * nb_report_count_changed_totals:
 *
 * How many totals computing them (turning auto totals on) would change:
 * typed totals that differ from the sum of their parts.
 *
 * Returns: the number of total cells whose value would change
 */
guint
nb_report_count_changed_totals (NbReport *self)
{
  g_autofree CellValue *cells = NULL;
  guint n_totals, n = 0;
  const guint *order;

  g_return_val_if_fail (NB_IS_REPORT (self), 0);

  cells = g_memdup2 (self->cells, self->n_cells * sizeof (CellValue));
  order = nb_template_get_total_order (self->template, &n_totals);
  compute_totals_into (self, cells);
  for (guint i = 0; i < n_totals; i++)
    n += !cell_values_equal (&cells[order[i]], &self->cells[order[i]]);
  return n;
}

/**
 * nb_report_set_value:
 * @value: (nullable): the new value, or %NULL for a blank cell
 *
 * One undo step. With auto totals on, totals depending on @cell are
 * recomputed in the same step.
 */
gboolean
nb_report_set_value (NbReport         *self,
                     guint             cell,
                     const NbDecimal  *value,
                     GError          **error)
{
  CellValue v = { FALSE, NB_DECIMAL_INIT };

  g_return_val_if_fail (NB_IS_REPORT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (cell >= self->n_cells)
    {
      g_set_error (error, NB_REPORT_ERROR, NB_REPORT_ERROR_UNKNOWN_CELL,
                   _("No cell number %u in this form"), cell);
      return FALSE;
    }
  if (value != NULL)
    {
      if (!check_kind (self, cell, value, error))
        return FALSE;
      v.set = TRUE;
      v.value = *value;
    }

  nb_report_begin_group (self);
  queue_cell_change (self, cell, &v);
  if (self->auto_totals && !nb_template_get_cell (self->template, cell)->is_total)
    recompute_totals (self);
  nb_report_end_group (self);
  return TRUE;
}

gboolean
nb_report_set_value_by_id (NbReport         *self,
                           const char       *cell_id,
                           const NbDecimal  *value,
                           GError          **error)
{
  int cell;

  g_return_val_if_fail (NB_IS_REPORT (self), FALSE);
  g_return_val_if_fail (cell_id != NULL, FALSE);

  cell = nb_template_lookup_cell (self->template, cell_id);
  if (cell < 0)
    {
      g_set_error (error, NB_REPORT_ERROR, NB_REPORT_ERROR_UNKNOWN_CELL,
                   _("Unknown cell “%s”"), cell_id);
      return FALSE;
    }
  return nb_report_set_value (self, (guint) cell, value, error);
}

/**
 * nb_report_format_value:
 *
 * Returns: (transfer full): the value as typed ("24252.311082"), "" when blank
 */
char *
nb_report_format_value (NbReport *self,
                        guint     cell)
{
  g_return_val_if_fail (NB_IS_REPORT (self), NULL);
  g_return_val_if_fail (cell < self->n_cells, NULL);

  if (!self->cells[cell].set)
    return g_strdup ("");
  return nb_decimal_to_string (&self->cells[cell].value);
}

static GArray *
get_blocks (NbReport   *self,
            const char *section_id)
{
  return section_id != NULL ? g_hash_table_lookup (self->sections, section_id) : NULL;
}

guint
nb_report_get_n_blocks (NbReport   *self,
                        const char *section_id)
{
  GArray *blocks;

  g_return_val_if_fail (NB_IS_REPORT (self), 0);

  blocks = get_blocks (self, section_id);
  return blocks != NULL ? blocks->len : 0;
}

const NbBlock *
nb_report_get_block (NbReport   *self,
                     const char *section_id,
                     guint       index)
{
  GArray *blocks;

  g_return_val_if_fail (NB_IS_REPORT (self), NULL);

  blocks = get_blocks (self, section_id);
  g_return_val_if_fail (blocks != NULL && index < blocks->len, NULL);
  return &g_array_index (blocks, NbBlock, index);
}

/**
 * nb_report_set_blocks:
 * @blocks: (array length=n_blocks): the new content of a prose section
 *
 * Replaces the section; one undo step (consecutive edits of one section
 * while typing coalesce into one step).
 */
void
nb_report_set_blocks (NbReport      *self,
                      const char    *section_id,
                      const NbBlock *blocks,
                      guint          n_blocks)
{
  GArray *old;
  g_autoptr(GArray) new_blocks = NULL;
  Change *change;

  g_return_if_fail (NB_IS_REPORT (self));
  g_return_if_fail (blocks != NULL || n_blocks == 0);

  old = get_blocks (self, section_id);
  g_return_if_fail (old != NULL);

  new_blocks = blocks_copy (blocks, n_blocks);
  if (blocks_equal (old, new_blocks))
    return;

  change = g_new0 (Change, 1);
  change->type = CHANGE_SECTION;
  change->section_id = g_strdup (section_id);
  change->old_blocks = blocks_copy ((NbBlock *) (gpointer) old->data, old->len);
  change->new_blocks = g_steal_pointer (&new_blocks);
  record_change (self, change);
}

char *
nb_report_get_section_text (NbReport   *self,
                            const char *section_id)
{
  GArray *blocks;
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (NB_IS_REPORT (self), NULL);

  blocks = get_blocks (self, section_id);
  g_return_val_if_fail (blocks != NULL, NULL);

  for (guint i = 0; i < blocks->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, g_array_index (blocks, NbBlock, i).text);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
starts_with_cjk_numeral (const char  *p,
                         const char **after)
{
  static const char *numerals = "一二三四五六七八九十";
  const char *q = p;
  guint n = 0;

  while (*q != '\0')
    {
      gunichar c = g_utf8_get_char (q);
      char buf[8] = { 0 };

      g_unichar_to_utf8 (c, buf);
      if (strstr (numerals, buf) == NULL)
        break;
      q = g_utf8_next_char (q);
      n++;
    }
  *after = q;
  return n > 0 && n <= 3;
}

static gboolean
starts_with_digits (const char  *p,
                    const char **after)
{
  const char *q = p;
  guint n = 0;

  while (*q != '\0')
    {
      gunichar c = g_utf8_get_char (q);
      if (!(c >= '0' && c <= '9') && !(c >= 0xFF10 && c <= 0xFF19))
        break;
      q = g_utf8_next_char (q);
      n++;
    }
  *after = q;
  return n > 0 && n <= 2;
}

/**
 * nb_text_normalize_line_breaks:
 *
 * Text from Word, WPS or a Windows clipboard ends lines with "\r\n", "\r"
 * or U+2028/U+2029, each a line break as GtkTextBuffer shows it.
 *
 * Returns: (transfer full): @text with every one of them written "\n"
 */
char *
nb_text_normalize_line_breaks (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\r')
        {
          g_string_append_c (out, '\n');
          if (p[1] == '\n')
            p++;
        }
      else if (g_str_has_prefix (p, "\xe2\x80\xa8") || g_str_has_prefix (p, "\xe2\x80\xa9"))
        {
          g_string_append_c (out, '\n');
          p += 2;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/**
 * nb_block_guess_level:
 *
 * A line that starts with the numbering of the official style ("一、",
 * "（一）", "1." or "（1）") and does not read as a sentence (no 。 and short)
 * is a heading.
 *
 * Returns: 1–3 for a heading, 0 for a paragraph
 */
guint
nb_block_guess_level (const char *text)
{
  const char *p = text;
  const char *rest;
  guint level = 0;
  glong length;

  g_return_val_if_fail (text != NULL, 0);

  while (*p == ' ' || *p == '\t' || g_str_has_prefix (p, "　"))
    p += (*p == ' ' || *p == '\t') ? 1 : strlen ("　");

  if (starts_with_cjk_numeral (p, &rest) && g_str_has_prefix (rest, "、"))
    level = 1;
  else if ((g_str_has_prefix (p, "（") || g_str_has_prefix (p, "(")))
    {
      const char *inner = p + (*p == '(' ? 1 : strlen ("（"));
      if (starts_with_cjk_numeral (inner, &rest) &&
          (g_str_has_prefix (rest, "）") || g_str_has_prefix (rest, ")")))
        level = 2;
      else if (starts_with_digits (inner, &rest) &&
               (g_str_has_prefix (rest, "）") || g_str_has_prefix (rest, ")")))
        level = 3;
    }
  else if (starts_with_digits (p, &rest) &&
           (g_str_has_prefix (rest, ".") || g_str_has_prefix (rest, "．") ||
            g_str_has_prefix (rest, "、")) &&
           !g_ascii_isdigit (rest[1]))
    level = 3;

  if (level == 0)
    return 0;

  /* A numbered sentence ("1.本年共……。") is a paragraph, not a heading. */
  length = g_utf8_strlen (p, -1);
  if (strstr (p, "。") != NULL || length > 40)
    return 0;
  return level;
}

/**
 * nb_report_set_section_text:
 *
 * Splits @text into one block per line. Lines already present keep the
 * level they had, and so does a line edited in place whose level was set by
 * hand (a heading toggled by hand survives further typing); other new or
 * edited lines get nb_block_guess_level ().
 */
void
nb_report_set_section_text (NbReport   *self,
                            const char *section_id,
                            const char *text)
{
  GArray *old;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GArray) blocks = NULL;
  guint n, prefix = 0, suffix = 0, scan;

  g_return_if_fail (NB_IS_REPORT (self));
  g_return_if_fail (text != NULL);

  old = get_blocks (self, section_id);
  g_return_if_fail (old != NULL);

  {
    g_autofree char *clean = nb_text_normalize_line_breaks (text);
    lines = g_strsplit (clean, "\n", -1);
  }
  n = g_strv_length (lines);

  /* The lines before and after the edit are the same lines, by position
   * (not by text: short lines such as "无。" repeat). */
  while (prefix < n && prefix < old->len &&
         g_str_equal (lines[prefix], g_array_index (old, NbBlock, prefix).text))
    prefix++;
  while (suffix < n - prefix && suffix < old->len - prefix &&
         g_str_equal (lines[n - 1 - suffix], g_array_index (old, NbBlock, old->len - 1 - suffix).text))
    suffix++;

  blocks = blocks_new ();
  scan = prefix;
  for (guint i = 0; i < n; i++)
    {
      NbBlock block = { 0, g_strdup (lines[i]) };

      if (i < prefix)
        block.level = g_array_index (old, NbBlock, i).level;
      else if (i >= n - suffix)
        block.level = g_array_index (old, NbBlock, old->len - (n - i)).level;
      else if (n - suffix - prefix == old->len - suffix - prefix)
        {
          /* Edited in place: a level set by hand (not the one its old text
           * would be guessed) stays; otherwise the new text decides. */
          NbBlock *o = &g_array_index (old, NbBlock, i);

          block.level = o->level != nb_block_guess_level (o->text) ? o->level
                                                                 : nb_block_guess_level (block.text);
        }
      else
        {
          /* Lines added or removed: a line met again keeps its level. */
          gboolean found = FALSE;

          for (guint j = scan; j < old->len - suffix; j++)
            {
              NbBlock *o = &g_array_index (old, NbBlock, j);

              if (g_str_equal (o->text, block.text))
                {
                  block.level = o->level;
                  scan = j + 1;
                  found = TRUE;
                  break;
                }
            }
          if (!found)
            block.level = nb_block_guess_level (block.text);
        }
      g_array_append_val (blocks, block);
    }

  /* An empty editor is an empty section, not one empty paragraph. */
  if (blocks->len == 1 && *g_array_index (blocks, NbBlock, 0).text == '\0')
    g_array_set_size (blocks, 0);

  nb_report_set_blocks (self, section_id, (NbBlock *) (gpointer) blocks->data, blocks->len);
}

void
nb_report_set_block_level (NbReport   *self,
                           const char *section_id,
                           guint       index,
                           guint       level)
{
  GArray *old;
  g_autoptr(GArray) blocks = NULL;

  g_return_if_fail (NB_IS_REPORT (self));
  g_return_if_fail (level <= 3);

  old = get_blocks (self, section_id);
  g_return_if_fail (old != NULL && index < old->len);

  blocks = blocks_copy ((NbBlock *) (gpointer) old->data, old->len);
  g_array_index (blocks, NbBlock, index).level = level;
  nb_report_begin_group (self);
  nb_report_set_blocks (self, section_id, (NbBlock *) (gpointer) blocks->data, blocks->len);
  nb_report_end_group (self);
}

gboolean
nb_report_get_auto_totals (NbReport *self)
{
  g_return_val_if_fail (NB_IS_REPORT (self), FALSE);
  return self->auto_totals;
}

/**
 * nb_report_set_auto_totals:
 *
 * Turning auto totals on recomputes every total, in the same undo step.
 */
void
nb_report_set_auto_totals (NbReport *self,
                           gboolean  auto_totals)
{
  Change *change;

  g_return_if_fail (NB_IS_REPORT (self));

  auto_totals = !!auto_totals;
  if (auto_totals == self->auto_totals)
    return;

  nb_report_begin_group (self);
  change = g_new0 (Change, 1);
  change->type = CHANGE_AUTO_TOTALS;
  change->old_flag = self->auto_totals;
  change->new_flag = auto_totals;
  record_change (self, change);
  if (auto_totals)
    recompute_totals (self);
  nb_report_end_group (self);
}

void
nb_report_recompute_totals (NbReport *self)
{
  g_return_if_fail (NB_IS_REPORT (self));

  nb_report_begin_group (self);
  recompute_totals (self);
  nb_report_end_group (self);
}

/* Typing "123" into one cell is three edits (each with its totals) but one
 * undo step: merge @step into the newest step when both start with the same
 * cell, soon after it. The newest step keeps its old values and takes the
 * new ones; changes of other cells (totals) are matched the same way. */
static gboolean
merge_cell_typing (NbReport *self,
                   Step     *step)
{
  Step *top = g_queue_peek_head (&self->undo);
  Change *first, *top_first;

  if (top == NULL || top->serial == self->saved_serial ||
      g_get_monotonic_time () - top->time > COALESCE_USEC ||
      g_get_monotonic_time () - top->start > COALESCE_MAX_USEC)
    return FALSE;
  first = g_ptr_array_index (step->changes, 0);
  top_first = g_ptr_array_index (top->changes, 0);
  if (first->type != CHANGE_CELL || top_first->type != CHANGE_CELL ||
      first->index != top_first->index)
    return FALSE;
  for (guint i = 0; i < step->changes->len; i++)
    if (((Change *) g_ptr_array_index (step->changes, i))->type != CHANGE_CELL)
      return FALSE;

  while (step->changes->len > 0)
    {
      Change *change = g_ptr_array_steal_index (step->changes, 0);
      gboolean merged = FALSE;

      for (guint j = 0; j < top->changes->len && !merged; j++)
        {
          Change *old = g_ptr_array_index (top->changes, j);
          if (old->type == CHANGE_CELL && old->index == change->index)
            {
              old->new_cell = change->new_cell;
              merged = TRUE;
            }
        }
      if (merged)
        change_free (change);
      else
        g_ptr_array_add (top->changes, change);
    }
  top->time = g_get_monotonic_time ();
  return TRUE;
}

void
nb_report_begin_group (NbReport *self)
{
  g_return_if_fail (NB_IS_REPORT (self));

  if (self->group_depth++ == 0)
    self->group = step_new (self);
}

void
nb_report_end_group (NbReport *self)
{
  gboolean could_undo, could_redo;
  Step *step;

  g_return_if_fail (NB_IS_REPORT (self));
  g_return_if_fail (self->group_depth > 0);

  if (--self->group_depth > 0)
    return;

  step = g_steal_pointer (&self->group);
  if (step->changes->len == 0)
    {
      step_free (step);
      return;
    }

  could_undo = nb_report_can_undo (self);
  could_redo = nb_report_can_redo (self);

  /* A group of one text change may still coalesce with the step before. */
  if (step->changes->len == 1)
    {
      Change *only = g_ptr_array_index (step->changes, 0);
      if ((only->type == CHANGE_META || only->type == CHANGE_SECTION) && can_coalesce (self, only))
        {
          Step *top = g_queue_peek_head (&self->undo);
          Change *last = g_ptr_array_index (top->changes, 0);

          if (only->type == CHANGE_META)
            {
              g_free (last->new_text);
              last->new_text = g_steal_pointer (&only->new_text);
            }
          else
            {
              g_array_unref (last->new_blocks);
              last->new_blocks = g_steal_pointer (&only->new_blocks);
            }
          top->time = g_get_monotonic_time ();
          step_free (step);
          update_state (self, could_undo, could_redo);
          return;
        }
    }

  if (merge_cell_typing (self, step))
    {
      step_free (step);
      update_state (self, could_undo, could_redo);
      return;
    }

  g_queue_push_head (&self->undo, step);
  trim_undo (self);
  update_state (self, could_undo, could_redo);
}

gboolean
nb_report_can_undo (NbReport *self)
{
  g_return_val_if_fail (NB_IS_REPORT (self), FALSE);
  return !g_queue_is_empty (&self->undo);
}

gboolean
nb_report_can_redo (NbReport *self)
{
  g_return_val_if_fail (NB_IS_REPORT (self), FALSE);
  return !g_queue_is_empty (&self->redo);
}

gboolean
nb_report_undo (NbReport *self)
{
  gboolean could_undo, could_redo;
  Step *step;

  g_return_val_if_fail (NB_IS_REPORT (self), FALSE);
  g_return_val_if_fail (self->group == NULL, FALSE);

  if (g_queue_is_empty (&self->undo))
    return FALSE;

  could_undo = nb_report_can_undo (self);
  could_redo = nb_report_can_redo (self);
  step = g_queue_pop_head (&self->undo);
  for (guint i = step->changes->len; i > 0; i--)
    apply_change (self, g_ptr_array_index (step->changes, i - 1), FALSE);
  g_queue_push_head (&self->redo, step);
  update_state (self, could_undo, could_redo);
  return TRUE;
}

gboolean
nb_report_redo (NbReport *self)
{
  gboolean could_undo, could_redo;
  Step *step;

  g_return_val_if_fail (NB_IS_REPORT (self), FALSE);
  g_return_val_if_fail (self->group == NULL, FALSE);

  if (g_queue_is_empty (&self->redo))
    return FALSE;

  could_undo = nb_report_can_undo (self);
  could_redo = nb_report_can_redo (self);
  step = g_queue_pop_head (&self->redo);
  for (guint i = 0; i < step->changes->len; i++)
    apply_change (self, g_ptr_array_index (step->changes, i), TRUE);
  /* Never coalesce into a step that was undone and redone. */
  step->time = 0;
  g_queue_push_head (&self->undo, step);
  update_state (self, could_undo, could_redo);
  return TRUE;
}

/**
 * nb_report_clear_history:
 *
 * Forget undo/redo (after loading a file) and mark the report unmodified.
 */
void
nb_report_clear_history (NbReport *self)
{
  gboolean could_undo, could_redo;

  g_return_if_fail (NB_IS_REPORT (self));

  could_undo = nb_report_can_undo (self);
  could_redo = nb_report_can_redo (self);
  g_queue_clear_full (&self->undo, (GDestroyNotify) step_free);
  g_queue_clear_full (&self->redo, (GDestroyNotify) step_free);
  self->saved_serial = 0;
  update_state (self, could_undo, could_redo);
}

gboolean
nb_report_get_modified (NbReport *self)
{
  g_return_val_if_fail (NB_IS_REPORT (self), FALSE);
  return self->modified;
}

void
nb_report_set_saved (NbReport *self)
{
  g_return_if_fail (NB_IS_REPORT (self));

  self->saved_serial = top_serial (self);
  update_state (self, nb_report_can_undo (self), nb_report_can_redo (self));
}

guint64
nb_report_get_revision (NbReport *self)
{
  g_return_val_if_fail (NB_IS_REPORT (self), 0);
  return self->revision;
}

void
_nb_report_load_value (NbReport        *self,
                       guint            cell,
                       const NbDecimal *value)
{
  g_assert (cell < self->n_cells);
  self->cells[cell].set = value != NULL;
  self->cells[cell].value = value != NULL ? *value : (NbDecimal) NB_DECIMAL_INIT;
}

void
_nb_report_load_auto_totals (NbReport *self,
                             gboolean  auto_totals)
{
  self->auto_totals = !!auto_totals;
}

void
_nb_report_load_meta (NbReport    *self,
                      NbMetaField  field,
                      const char  *value)
{
  g_assert (field < NB_META_N_FIELDS);
  g_free (self->meta[field]);
  self->meta[field] = g_strdup (value != NULL ? value : "");
}

void
_nb_report_load_seal (NbReport *self,
                      GBytes   *image)
{
  g_clear_pointer (&self->seal, g_bytes_unref);
  self->seal = image != NULL ? g_bytes_ref (image) : NULL;
}

void
_nb_report_load_blocks (NbReport      *self,
                        const char    *section_id,
                        const NbBlock *blocks,
                        guint          n_blocks)
{
  g_assert (g_hash_table_contains (self->sections, section_id));
  g_hash_table_replace (self->sections, g_strdup (section_id), blocks_copy (blocks, n_blocks));
}
