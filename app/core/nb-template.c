/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-template"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "nb-report.h"
#include "nb-template-private.h"
#include "nb-templates-resources.h"

#define TEMPLATE_RESOURCE_PATH "/io/github/nianbao/Nianbao/templates/"
#define MAX_TREE_DEPTH 8
#define MAX_CELLS 4096
/* The deepest template (a tree of MAX_TREE_DEPTH levels) nests about 25 deep. */
#define MAX_JSON_DEPTH 64

typedef struct
{
  NbTemplateTable  pub;
  GArray          *grid;           /* NbTemplateGridCell */
  GArray          *row_is_header;  /* gboolean */
  GArray          *row_block;      /* guint */
  GPtrArray       *row_nodes;      /* RowInfo*, leaf rows in order */
  GPtrArray       *col_nodes;      /* ColInfo*, leaf columns of every block */
  GPtrArray       *groups;         /* ColInfo*, inner column nodes with an id */
} TableData;

typedef struct
{
  char  *id;      /* full row id, "result.withheld.state_secret" */
  char  *path;    /* labels joined by " / " */
  char  *label;
  char  *parent;  /* full id of the parent row, or NULL */
  guint  block;
} RowInfo;

typedef struct
{
  char       *id;     /* full column id, "reconsideration.upheld" */
  char       *path;
  char       *label;
  guint       span;
  NbCellKind  kind;
} ColInfo;

struct _NbTemplate
{
  GObject       parent_instance;

  char         *id;
  char         *name;
  char         *report_title;
  char         *basis;
  int           first_year;     /* the first report year of the form, 0 unknown */
  int           last_year;      /* the last, 0 while in force */
  char         *meta_labels[NB_META_N_FIELDS];
  char         *draft_mark;
  GStringChunk *strings;
  GArray       *sections;       /* NbTemplateSection */
  GPtrArray    *tables;         /* TableData* */
  GArray       *cells;          /* NbTemplateCell */
  GPtrArray    *cell_captions;  /* const char*, block caption per cell or NULL */
  GHashTable   *cell_index;     /* id → index + 1 */
  GPtrArray    *rules;          /* NbRule* */
  GPtrArray    *total_parts;    /* per cell: GArray of guint, or NULL */
  GPtrArray    *other_parts;    /* per cell: the second sum a total must equal, or NULL */
  GArray       *total_order;
};

G_DEFINE_FINAL_TYPE (NbTemplate, nb_template, G_TYPE_OBJECT)

G_DEFINE_QUARK (nb-template-error-quark, nb_template_error)

static void
row_info_free (RowInfo *info)
{
  g_free (info->id);
  g_free (info->path);
  g_free (info->label);
  g_free (info->parent);
  g_free (info);
}

static void
col_info_free (ColInfo *info)
{
  g_free (info->id);
  g_free (info->path);
  g_free (info->label);
  g_free (info);
}

static void
table_data_free (TableData *table)
{
  g_array_unref (table->grid);
  g_array_unref (table->row_is_header);
  g_array_unref (table->row_block);
  g_ptr_array_unref (table->row_nodes);
  g_ptr_array_unref (table->col_nodes);
  g_ptr_array_unref (table->groups);
  g_free (table);
}

static void
parts_free (GArray *parts)
{
  if (parts != NULL)
    g_array_unref (parts);
}

static void
rule_free (NbRule *rule)
{
  for (guint i = 0; i < rule->n_instances; i++)
    {
      g_free (rule->instances[i].left);
      g_free (rule->instances[i].right);
      g_free (rule->instances[i].previous_id);
      g_free (rule->instances[i].label);
      g_free (rule->instances[i].section_id);
    }
  for (guint i = 0; i < rule->n_patterns; i++)
    {
      g_clear_pointer (&rule->patterns[i].regex, g_regex_unref);
      g_free (rule->patterns[i].cells);
    }
  g_free (rule->instances);
  g_free (rule->patterns);
  g_strfreev (rule->sections);
  g_free (rule->id);
  g_free (rule->message);
  g_free (rule->description);
  g_free (rule);
}

static void
nb_template_finalize (GObject *object)
{
  NbTemplate *self = NB_TEMPLATE (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->report_title);
  g_free (self->basis);
  for (guint i = 0; i < NB_META_N_FIELDS; i++)
    g_free (self->meta_labels[i]);
  g_free (self->draft_mark);
  g_clear_pointer (&self->sections, g_array_unref);
  g_clear_pointer (&self->tables, g_ptr_array_unref);
  g_clear_pointer (&self->cells, g_array_unref);
  g_clear_pointer (&self->cell_captions, g_ptr_array_unref);
  g_clear_pointer (&self->cell_index, g_hash_table_unref);
  g_clear_pointer (&self->rules, g_ptr_array_unref);
  g_clear_pointer (&self->total_parts, g_ptr_array_unref);
  g_clear_pointer (&self->other_parts, g_ptr_array_unref);
  g_clear_pointer (&self->total_order, g_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);

  G_OBJECT_CLASS (nb_template_parent_class)->finalize (object);
}

static void
nb_template_class_init (NbTemplateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = nb_template_finalize;
}

static void
nb_template_init (NbTemplate *self)
{
  self->strings = g_string_chunk_new (4096);
  self->sections = g_array_new (FALSE, TRUE, sizeof (NbTemplateSection));
  self->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) table_data_free);
  self->cells = g_array_new (FALSE, TRUE, sizeof (NbTemplateCell));
  self->cell_captions = g_ptr_array_new ();
  self->cell_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
  self->total_parts = g_ptr_array_new_with_free_func ((GDestroyNotify) parts_free);
  self->other_parts = g_ptr_array_new_with_free_func ((GDestroyNotify) parts_free);
  self->total_order = g_array_new (FALSE, FALSE, sizeof (guint));
}

static const char *
intern (NbTemplate *self,
        const char *s)
{
  return s != NULL ? g_string_chunk_insert_const (self->strings, s) : NULL;
}

/* ---- JSON helpers: every failure names where in the template it is. ---- */

static gboolean
invalid (GError    **error,
         const char *where,
         const char *what)
{
  /* The first problem wins: an optional member of the wrong type sets the
   * error and parsing goes on (nb_template_new_from_data () checks). */
  if (error != NULL && *error != NULL)
    return FALSE;
  g_set_error (error, NB_TEMPLATE_ERROR, NB_TEMPLATE_ERROR_INVALID,
               _("Invalid form template at %s: %s"), where, what);
  return FALSE;
}

static const char *
get_string (JsonObject *obj,
            const char *member,
            gboolean    required,
            const char *where,
            GError    **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_autofree char *msg = g_strdup_printf (_("missing “%s”"), member);
          invalid (error, where, msg);
        }
      return NULL;
    }
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *msg = g_strdup_printf (_("“%s” must be a string"), member);
      invalid (error, where, msg);
      return NULL;
    }
  return json_node_get_string (node);
}

static JsonArray *
get_array (JsonObject *obj,
           const char *member,
           gboolean    required,
           const char *where,
           GError    **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_autofree char *msg = g_strdup_printf (_("missing “%s”"), member);
          invalid (error, where, msg);
        }
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *msg = g_strdup_printf (_("“%s” must be an array"), member);
      invalid (error, where, msg);
      return NULL;
    }
  return json_node_get_array (node);
}

static JsonObject *
element_object (JsonArray  *array,
                guint       i,
                const char *where,
                GError    **error)
{
  JsonNode *node = json_array_get_element (array, i);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, where, _("expected an object"));
      return NULL;
    }
  return json_node_get_object (node);
}

/* json_array_get_string_element () is a critical on an object or array
 * element; a template must only be refused. */
static const char *
string_element (JsonArray *array,
                guint      i)
{
  JsonNode *node = json_array_get_element (array, i);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static char *
join_path (const char *prefix,
           const char *part,
           const char *sep)
{
  if (prefix == NULL || *prefix == '\0')
    return g_strdup (part != NULL ? part : "");
  if (part == NULL || *part == '\0')
    return g_strdup (prefix);
  return g_strconcat (prefix, sep, part, NULL);
}

/* ---- Table layout ---- */

typedef struct
{
  NbTemplate *self;
  TableData  *table;
  const char *table_id;
  guint       block;
  guint       header_top;
  guint       header_depth;
  guint       label_cols;
  guint       next_col;
  guint       next_row;
  GPtrArray  *leaf_cols;   /* ColInfo* of this block */
  GPtrArray  *leaf_rows;   /* RowInfo* of this block */
} BlockBuilder;

static void
add_grid_cell (TableData  *table,
               NbGridRole  role,
               guint       row,
               guint       col,
               guint       row_span,
               guint       col_span,
               const char *text,
               int         cell,
               guint       level)
{
  NbTemplateGridCell g = { role, row, col, row_span, col_span, text, cell, level };

  g_array_append_val (table->grid, g);
}

static gboolean
tree_depth (JsonArray  *nodes,
            guint       depth,
            guint      *max_depth,
            const char *where,
            GError    **error)
{
  if (depth > MAX_TREE_DEPTH)
    return invalid (error, where, _("tree too deep"));
  if (json_array_get_length (nodes) == 0)
    return invalid (error, where, _("empty list"));

  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      JsonObject *obj = element_object (nodes, i, where, error);
      JsonArray *children;

      if (obj == NULL)
        return FALSE;
      if (json_object_has_member (obj, "children"))
        {
          if ((children = get_array (obj, "children", TRUE, where, error)) == NULL)
            return FALSE;
          if (!tree_depth (children, depth + 1, max_depth, where, error))
            return FALSE;
        }
      else
        *max_depth = MAX (*max_depth, depth + 1);
    }
  return TRUE;
}

static gboolean
parse_kind (const char *s,
            NbCellKind *kind)
{
  if (s == NULL || g_str_equal (s, "count"))
    *kind = NB_CELL_KIND_COUNT;
  else if (g_str_equal (s, "signed"))
    *kind = NB_CELL_KIND_SIGNED;
  else if (g_str_equal (s, "amount"))
    *kind = NB_CELL_KIND_AMOUNT;
  else
    return FALSE;
  return TRUE;
}

/* Lays out the column tree; returns the number of grid columns used. */
static gboolean
build_columns (BlockBuilder *b,
               JsonArray    *nodes,
               guint         depth,
               const char   *id_prefix,
               const char   *path_prefix,
               NbCellKind    inherited_kind,
               guint        *width,
               GError      **error)
{
  const char *where = b->table_id;

  *width = 0;
  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      JsonObject *obj = element_object (nodes, i, where, error);
      const char *id, *label;
      g_autofree char *full_id = NULL;
      g_autofree char *path = NULL;
      guint col = b->next_col;
      guint node_width;
      NbCellKind kind = inherited_kind;

      if (obj == NULL)
        return FALSE;
      id = get_string (obj, "id", FALSE, where, error);
      label = get_string (obj, "label", TRUE, where, error);
      if (label == NULL)
        return FALSE;
      if (json_object_has_member (obj, "kind") &&
          !parse_kind (get_string (obj, "kind", TRUE, where, error), &kind))
        return invalid (error, where, _("unknown cell kind"));

      full_id = join_path (id_prefix, id, ".");
      path = join_path (path_prefix, label, " / ");

      if (json_object_has_member (obj, "children"))
        {
          JsonArray *children = get_array (obj, "children", TRUE, where, error);
          ColInfo *group;

          if (children == NULL ||
              !build_columns (b, children, depth + 1, full_id, path, kind, &node_width, error))
            return FALSE;
          add_grid_cell (b->table, NB_GRID_COLUMN_HEADER, b->header_top + depth, col,
                         1, node_width, intern (b->self, label), -1, depth);
          if (id != NULL)
            {
              group = g_new0 (ColInfo, 1);
              group->id = g_strdup (full_id);
              group->path = g_strdup (path);
              group->label = g_strdup (label);
              g_ptr_array_add (b->table->groups, group);
            }
        }
      else
        {
          ColInfo *leaf;
          gint64 span = 1;

          if (id == NULL)
            return invalid (error, where, _("a leaf column needs an “id”"));
          if (json_object_has_member (obj, "span"))
            {
              JsonNode *node = json_object_get_member (obj, "span");
              span = json_node_get_value_type (node) == G_TYPE_INT64 ? json_node_get_int (node) : 0;
            }
          if (span < 1 || span > 16)
            return invalid (error, where, _("“span” must be between 1 and 16"));
          node_width = (guint) span;
          add_grid_cell (b->table, NB_GRID_COLUMN_HEADER, b->header_top + depth, col,
                         b->header_depth - depth, node_width, intern (b->self, label), -1, depth);
          leaf = g_new0 (ColInfo, 1);
          leaf->id = g_strdup (full_id);
          leaf->path = g_strdup (path);
          leaf->label = g_strdup (label);
          leaf->span = node_width;
          leaf->kind = kind;
          g_ptr_array_add (b->leaf_cols, leaf);
          g_ptr_array_add (b->table->col_nodes, leaf);
          b->next_col += node_width;
        }
      *width += node_width;
    }
  return TRUE;
}

static gboolean
build_rows (BlockBuilder *b,
            JsonArray    *nodes,
            guint         depth,
            const char   *id_prefix,
            const char   *path_prefix,
            guint        *height,
            GError      **error)
{
  const char *where = b->table_id;

  *height = 0;
  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      JsonObject *obj = element_object (nodes, i, where, error);
      const char *id, *label;
      g_autofree char *full_id = NULL;
      g_autofree char *path = NULL;
      guint row = b->next_row;
      guint node_height;

      if (obj == NULL)
        return FALSE;
      id = get_string (obj, "id", FALSE, where, error);
      label = get_string (obj, "label", FALSE, where, error);
      if (id == NULL || (label == NULL && b->label_cols > 0))
        return invalid (error, where, _("every row needs an “id” and a “label”"));

      full_id = join_path (id_prefix, id, ".");
      path = join_path (path_prefix, label, " / ");

      if (json_object_has_member (obj, "children"))
        {
          JsonArray *children = get_array (obj, "children", TRUE, where, error);

          if (children == NULL ||
              !build_rows (b, children, depth + 1, full_id, path, &node_height, error))
            return FALSE;
          add_grid_cell (b->table, NB_GRID_ROW_HEADER, row, depth, node_height, 1,
                         intern (b->self, label), -1, depth);
        }
      else
        {
          RowInfo *leaf = g_new0 (RowInfo, 1);

          leaf->id = g_strdup (full_id);
          leaf->path = g_strdup (path);
          leaf->label = g_strdup (label != NULL ? label : "");
          leaf->parent = id_prefix != NULL && *id_prefix != '\0' ? g_strdup (id_prefix) : NULL;
          leaf->block = b->block;
          g_ptr_array_add (b->leaf_rows, leaf);
          g_ptr_array_add (b->table->row_nodes, leaf);
          if (b->label_cols > 0)
            add_grid_cell (b->table, NB_GRID_ROW_HEADER, row, depth, 1, b->label_cols - depth,
                           intern (b->self, label), -1, depth);
          node_height = 1;
          b->next_row++;
        }
      *height += node_height;
    }
  return TRUE;
}

static gboolean
add_cell (NbTemplate   *self,
          BlockBuilder *b,
          RowInfo      *row,
          ColInfo      *col,
          const char   *caption,
          guint         grid_row,
          guint         grid_col,
          GError      **error)
{
  NbTemplateCell cell = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *with_row = join_path (b->table_id, row->id, ".");
  guint index = self->cells->len;

  id = join_path (with_row, col->id, ".");
  if (g_hash_table_contains (self->cell_index, id))
    return invalid (error, id, _("duplicate cell id"));
  if (index >= MAX_CELLS)
    return invalid (error, id, _("too many cells"));

  cell.index = index;
  cell.id = intern (self, id);
  cell.table_id = intern (self, b->table_id);
  cell.row_id = intern (self, row->id);
  cell.col_id = intern (self, col->id);
  cell.kind = col->kind;
  cell.row_label = intern (self, row->label);
  cell.col_label = intern (self, col->label);
  cell.row_path = intern (self, row->path);
  cell.col_path = intern (self, col->path);
  cell.grid_row = grid_row;
  cell.grid_col = grid_col;
  cell.grid_col_span = col->span;
  g_array_append_val (self->cells, cell);
  g_ptr_array_add (self->cell_captions, (gpointer) intern (self, caption));
  g_hash_table_insert (self->cell_index, (gpointer) cell.id, GUINT_TO_POINTER (index + 1));
  return TRUE;
}

static gboolean
build_block (NbTemplate  *self,
             TableData   *table,
             const char  *table_id,
             guint        block_index,
             JsonObject  *obj,
             guint       *top_row,
             guint       *table_width,
             GError     **error)
{
  BlockBuilder b = { 0 };
  g_autoptr(GPtrArray) leaf_cols = g_ptr_array_new ();
  g_autoptr(GPtrArray) leaf_rows = g_ptr_array_new ();
  JsonArray *columns, *rows;
  const char *caption, *corner;
  guint header_depth = 0, row_depth = 0;
  guint width, height;
  guint first_data_row;
  guint block_width;

  caption = get_string (obj, "caption", FALSE, table_id, error);
  corner = get_string (obj, "corner", FALSE, table_id, error);
  if ((columns = get_array (obj, "columns", TRUE, table_id, error)) == NULL ||
      (rows = get_array (obj, "rows", TRUE, table_id, error)) == NULL)
    return FALSE;
  if (!tree_depth (columns, 0, &header_depth, table_id, error) ||
      !tree_depth (rows, 0, &row_depth, table_id, error))
    return FALSE;

  b.self = self;
  b.table = table;
  b.table_id = table_id;
  b.block = block_index;
  b.leaf_cols = leaf_cols;
  b.leaf_rows = leaf_rows;
  b.header_depth = header_depth;

  /* A single unlabelled row (the review table) needs no label column. */
  b.label_cols = row_depth;
  if (json_array_get_length (rows) == 1)
    {
      JsonObject *only = json_array_get_object_element (rows, 0);
      if (only != NULL && !json_object_has_member (only, "label") &&
          !json_object_has_member (only, "children"))
        b.label_cols = 0;
    }

  if (caption != NULL)
    (*top_row)++;
  b.header_top = *top_row;
  b.next_col = b.label_cols;
  if (!build_columns (&b, columns, 0, NULL, NULL, NB_CELL_KIND_COUNT, &width, error))
    return FALSE;
  block_width = b.label_cols + width;
  if (*table_width == 0)
    *table_width = block_width;
  else if (*table_width != block_width)
    return invalid (error, table_id, _("blocks of a table must have the same width"));

  if (caption != NULL)
    add_grid_cell (table, NB_GRID_CAPTION, b.header_top - 1, 0, 1, block_width,
                   intern (self, caption), -1, 0);
  if (b.label_cols > 0)
    add_grid_cell (table, NB_GRID_CORNER, b.header_top, 0, header_depth, b.label_cols,
                   intern (self, corner != NULL ? corner : ""), -1, 0);

  first_data_row = b.header_top + header_depth;
  b.next_row = first_data_row;
  if (!build_rows (&b, rows, 0, NULL, NULL, &height, error))
    return FALSE;

  for (guint r = 0; r < leaf_rows->len; r++)
    {
      guint col = b.label_cols;

      for (guint c = 0; c < leaf_cols->len; c++)
        {
          ColInfo *ci = g_ptr_array_index (leaf_cols, c);
          guint cell_index = self->cells->len;

          if (!add_cell (self, &b, g_ptr_array_index (leaf_rows, r), ci, caption,
                         first_data_row + r, col, error))
            return FALSE;
          add_grid_cell (table, NB_GRID_DATA, first_data_row + r, col, 1, ci->span,
                         NULL, (int) cell_index, 0);
          col += ci->span;
        }
    }

  for (guint r = (caption != NULL ? b.header_top - 1 : b.header_top); r < b.next_row; r++)
    {
      gboolean is_header = r < first_data_row;
      g_array_append_val (table->row_is_header, is_header);
      g_array_append_val (table->row_block, block_index);
    }
  *top_row = b.next_row;
  return TRUE;
}

static int
compare_grid_cells (gconstpointer a,
                    gconstpointer b)
{
  const NbTemplateGridCell *x = a, *y = b;

  if (x->row != y->row)
    return x->row < y->row ? -1 : 1;
  return x->col < y->col ? -1 : x->col > y->col ? 1 : 0;
}

static gboolean
parse_table (NbTemplate  *self,
             JsonObject  *obj,
             GError     **error)
{
  TableData *table;
  JsonArray *blocks;
  const char *id;
  guint top = 0, width = 0;

  if ((id = get_string (obj, "id", TRUE, "tables", error)) == NULL ||
      (blocks = get_array (obj, "blocks", TRUE, id, error)) == NULL)
    return FALSE;
  if (json_array_get_length (blocks) == 0)
    return invalid (error, id, _("a table needs at least one block"));
  if (nb_template_lookup_table (self, id) != NULL)
    return invalid (error, id, _("duplicate table id"));

  table = g_new0 (TableData, 1);
  table->pub.id = intern (self, id);
  table->grid = g_array_new (FALSE, TRUE, sizeof (NbTemplateGridCell));
  table->row_is_header = g_array_new (FALSE, TRUE, sizeof (gboolean));
  table->row_block = g_array_new (FALSE, TRUE, sizeof (guint));
  table->row_nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) row_info_free);
  table->col_nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) col_info_free);
  table->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) col_info_free);
  g_ptr_array_add (self->tables, table);

  for (guint i = 0; i < json_array_get_length (blocks); i++)
    {
      JsonObject *block = element_object (blocks, i, id, error);

      if (block == NULL || !build_block (self, table, id, i, block, &top, &width, error))
        return FALSE;
    }

  g_array_sort (table->grid, compare_grid_cells);
  table->pub.n_rows = top;
  table->pub.n_cols = width;
  table->pub.n_blocks = json_array_get_length (blocks);
  table->pub.n_grid_cells = table->grid->len;
  table->pub.grid_cells = (const NbTemplateGridCell *) (gpointer) table->grid->data;
  table->pub.row_is_header = (const gboolean *) (gpointer) table->row_is_header->data;
  table->pub.row_block = (const guint *) (gpointer) table->row_block->data;
  for (guint i = 0; i < table->grid->len; i++)
    {
      const NbTemplateGridCell *g = &table->pub.grid_cells[i];
      if (g->role == NB_GRID_ROW_HEADER || g->role == NB_GRID_CORNER)
        table->pub.n_label_cols = MAX (table->pub.n_label_cols, g->col + g->col_span);
    }
  return TRUE;
}

/* ---- Rules ---- */

typedef struct
{
  const char *name;   /* placeholder, "row", "col" or "each" */
  const char *value;  /* its id */
  const char *label;
} Binding;

static char *
substitute (const char    *pattern,
            const Binding *binding)
{
  g_autofree char *key = g_strdup_printf ("{%s}", binding->name);
  g_auto(GStrv) parts = g_strsplit (pattern, key, -1);
  g_autofree char *joined = g_strjoinv (binding->value, parts);
  g_auto(GStrv) dots = NULL;
  g_autoptr(GString) clean = g_string_new (NULL);

  /* An empty row id ("review" has one unnamed row) leaves no empty segment. */
  dots = g_strsplit (joined, ".", -1);
  for (guint i = 0; dots[i] != NULL; i++)
    {
      if (*dots[i] == '\0')
        continue;
      if (clean->len > 0)
        g_string_append_c (clean, '.');
      g_string_append (clean, dots[i]);
    }
  return g_string_free (g_steal_pointer (&clean), FALSE);
}

static gboolean
resolve_cell (NbTemplate    *self,
              const char    *table_id,
              const char    *pattern,
              const Binding *binding,
              guint         *out,
              const char    *rule_id,
              GError       **error)
{
  g_autofree char *relative = binding != NULL ? substitute (pattern, binding) : g_strdup (pattern);
  g_autofree char *full = table_id != NULL ? g_strconcat (table_id, ".", relative, NULL)
                                           : g_strdup (relative);
  int index = nb_template_lookup_cell (self, full);

  if (index < 0)
    {
      g_autofree char *msg = g_strdup_printf (_("unknown cell “%s”"), full);
      return invalid (error, rule_id, msg);
    }
  *out = (guint) index;
  return TRUE;
}

static gboolean
resolve_list (NbTemplate    *self,
              const char    *table_id,
              JsonArray     *patterns,
              const Binding *binding,
              guint        **out,
              guint         *n_out,
              const char    *rule_id,
              GError       **error)
{
  guint n = patterns != NULL ? json_array_get_length (patterns) : 0;
  g_autofree guint *cells = g_new0 (guint, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      const char *p = string_element (patterns, i);
      if (p == NULL)
        return invalid (error, rule_id, _("cell patterns must be strings"));
      if (!resolve_cell (self, table_id, p, binding, &cells[i], rule_id, error))
        return FALSE;
    }
  *out = g_steal_pointer (&cells);
  *n_out = n;
  return TRUE;
}

/* "parts": {"rows_under": "result", "except": [...], "pattern": "{leaf}.{col}"} */
static gboolean
resolve_rows_under (NbTemplate    *self,
                    TableData     *table,
                    JsonObject    *spec,
                    const Binding *binding,
                    guint        **out,
                    guint         *n_out,
                    const char    *rule_id,
                    GError       **error)
{
  const char *under = get_string (spec, "rows_under", TRUE, rule_id, error);
  const char *pattern = get_string (spec, "pattern", TRUE, rule_id, error);
  JsonArray *except = get_array (spec, "except", FALSE, rule_id, error);
  g_autoptr(GArray) cells = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *prefix = NULL;

  if (under == NULL || pattern == NULL)
    return FALSE;
  prefix = g_strconcat (under, ".", NULL);

  for (guint r = 0; r < table->row_nodes->len; r++)
    {
      RowInfo *row = g_ptr_array_index (table->row_nodes, r);
      gboolean skip = FALSE;
      g_autofree char *with_leaf = NULL;
      Binding leaf = { "leaf", row->id, row->label };
      guint cell;

      if (!g_str_has_prefix (row->id, prefix))
        continue;
      for (guint e = 0; except != NULL && e < json_array_get_length (except); e++)
        if (g_strcmp0 (string_element (except, e), row->id) == 0)
          skip = TRUE;
      if (skip)
        continue;

      with_leaf = substitute (pattern, &leaf);
      if (!resolve_cell (self, table->pub.id, with_leaf, binding, &cell, rule_id, error))
        return FALSE;
      g_array_append_val (cells, cell);
    }
  if (cells->len == 0)
    return invalid (error, rule_id, _("“rows_under” matches no row"));
  *n_out = cells->len;
  *out = (guint *) (gpointer) g_array_free (g_steal_pointer (&cells), FALSE);
  return TRUE;
}

static gboolean
resolve_parts (NbTemplate    *self,
               TableData     *table,
               JsonObject    *rule_obj,
               const char    *member,
               const Binding *binding,
               guint        **out,
               guint         *n_out,
               const char    *rule_id,
               GError       **error)
{
  JsonNode *node = json_object_get_member (rule_obj, member);

  *out = NULL;
  *n_out = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_OBJECT (node))
    return resolve_rows_under (self, table, json_node_get_object (node), binding, out, n_out,
                               rule_id, error);
  if (JSON_NODE_HOLDS_ARRAY (node))
    return resolve_list (self, table != NULL ? table->pub.id : NULL, json_node_get_array (node),
                         binding, out, n_out, rule_id, error);
  return invalid (error, rule_id, _("cell lists must be arrays"));
}

static const char *
label_for_each (TableData  *table,
                const char *value)
{
  for (guint i = 0; i < table->row_nodes->len; i++)
    {
      RowInfo *row = g_ptr_array_index (table->row_nodes, i);
      if (g_str_equal (row->id, value))
        return row->path;
    }
  for (guint i = 0; i < table->groups->len; i++)
    {
      ColInfo *col = g_ptr_array_index (table->groups, i);
      if (g_str_equal (col->id, value))
        return col->path;
    }
  for (guint i = 0; i < table->col_nodes->len; i++)
    {
      ColInfo *col = g_ptr_array_index (table->col_nodes, i);
      if (g_str_equal (col->id, value))
        return col->path;
    }
  return value;
}

/* Column labels in messages without a heading shared by every column
 * ("申请人情况 / 自然人" reads as "自然人"). */
static const char *
column_message_label (TableData *table,
                      ColInfo   *col)
{
  const char *sep = strstr (col->path, " / ");
  gsize root_len;

  if (sep == NULL)
    return col->path;
  root_len = (gsize) (sep - col->path);
  for (guint i = 0; i < table->col_nodes->len; i++)
    {
      ColInfo *other = g_ptr_array_index (table->col_nodes, i);
      if (strncmp (other->path, col->path, root_len) != 0 ||
          strncmp (other->path + root_len, " / ", 3) != 0)
        return col->path;
    }
  return sep + 3;
}

static const char *
section_of_table (NbTemplate *self,
                  const char *table_id)
{
  for (guint i = 0; i < self->sections->len; i++)
    {
      NbTemplateSection *s = &g_array_index (self->sections, NbTemplateSection, i);
      if (g_strcmp0 (s->table_id, table_id) == 0)
        return s->id;
    }
  return NULL;
}

static gboolean
compile_instance (NbTemplate     *self,
                  NbRule         *rule,
                  TableData      *table,
                  JsonObject     *obj,
                  const Binding  *binding,
                  NbRuleInstance *inst,
                  GError        **error)
{
  const char *table_id = table != NULL ? table->pub.id : NULL;
  const char *target;
  guint cell;

  inst->target = -1;
  inst->label = g_strdup (binding != NULL ? binding->label : "");
  inst->section_id = g_strdup (table_id != NULL ? section_of_table (self, table_id) : NULL);

  switch (rule->kind)
    {
    case NB_RULE_SUM:
      if ((target = get_string (obj, "total", TRUE, rule->id, error)) == NULL ||
          !resolve_cell (self, table_id, target, binding, &cell, rule->id, error))
        return FALSE;
      inst->target = (int) cell;
      if (!resolve_parts (self, table, obj, "parts", binding, &inst->left, &inst->n_left,
                          rule->id, error))
        return FALSE;
      /* A total of nothing would be a constant 0 that no cell can change. */
      if (inst->n_left == 0)
        return invalid (error, rule->id, _("a sum needs at least one part"));
      return TRUE;

    case NB_RULE_BALANCE:
    case NB_RULE_LE:
      return resolve_parts (self, table, obj, "left", binding, &inst->left, &inst->n_left,
                            rule->id, error) &&
             resolve_parts (self, table, obj, "right", binding, &inst->right, &inst->n_right,
                            rule->id, error);

    case NB_RULE_PREVIOUS:
      {
        const char *previous;
        g_autofree char *relative = NULL;

        if ((target = get_string (obj, "cell", TRUE, rule->id, error)) == NULL ||
            (previous = get_string (obj, "previous", TRUE, rule->id, error)) == NULL ||
            !resolve_cell (self, table_id, target, binding, &cell, rule->id, error))
          return FALSE;
        inst->target = (int) cell;
        relative = binding != NULL ? substitute (previous, binding) : g_strdup (previous);
        inst->previous_id = g_strconcat (table_id, ".", relative, NULL);
        return resolve_parts (self, table, obj, "plus", binding, &inst->left, &inst->n_left,
                              rule->id, error) &&
               resolve_parts (self, table, obj, "minus", binding, &inst->right, &inst->n_right,
                              rule->id, error);
      }

    case NB_RULE_UNUSUAL:
      return resolve_parts (self, NULL, obj, "cells", binding, &inst->left, &inst->n_left,
                            rule->id, error) &&
             resolve_parts (self, NULL, obj, "while_zero", binding, &inst->right, &inst->n_right,
                            rule->id, error);

    case NB_RULE_VALID:
    case NB_RULE_BLANK:
    case NB_RULE_PROSE:
    case NB_RULE_META:
    case NB_RULE_WRITTEN:
    case NB_RULE_FORM:
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

/* "field": the 基本信息 key the rule asks for (agency, year, …). */
static gboolean
compile_meta (NbRule      *rule,
              JsonObject  *obj,
              GError     **error)
{
  const char *field = get_string (obj, "field", TRUE, rule->id, error);

  if (field == NULL)
    return FALSE;
  for (NbMetaField f = 0; f < NB_META_N_FIELDS; f++)
    if (g_str_equal (field, nb_report_meta_field_key (f)))
      {
        rule->meta_field = f;
        return TRUE;
      }
  return invalid (error, rule->id, _("unknown field"));
}

/* "sections": prose sections of this template. */
static gboolean
compile_sections (NbTemplate  *self,
                  NbRule      *rule,
                  JsonObject  *obj,
                  GError     **error)
{
  JsonArray *sections = get_array (obj, "sections", TRUE, rule->id, error);

  if (sections == NULL)
    return FALSE;
  rule->sections = g_new0 (char *, json_array_get_length (sections) + 1);
  for (guint i = 0; i < json_array_get_length (sections); i++)
    {
      const char *s = string_element (sections, i);
      int index = s != NULL ? nb_template_lookup_section (self, s) : -1;

      if (index < 0 || nb_template_get_section (self, (guint) index)->table_id != NULL)
        return invalid (error, rule->id, _("unknown section"));
      rule->sections[i] = g_strdup (s);
    }
  return TRUE;
}

static gboolean
compile_prose (NbTemplate  *self,
               NbRule      *rule,
               JsonObject  *obj,
               GError     **error)
{
  JsonArray *patterns = get_array (obj, "patterns", TRUE, rule->id, error);

  if (patterns == NULL || !compile_sections (self, rule, obj, error))
    return FALSE;

  rule->n_patterns = json_array_get_length (patterns);
  rule->patterns = g_new0 (NbProsePattern, rule->n_patterns);
  for (guint i = 0; i < rule->n_patterns; i++)
    {
      JsonObject *p = element_object (patterns, i, rule->id, error);
      NbProsePattern *pat = &rule->patterns[i];
      const char *regex;
      g_autoptr(GError) regex_error = NULL;

      if (p == NULL || (regex = get_string (p, "regex", TRUE, rule->id, error)) == NULL)
        return FALSE;
      pat->regex = g_regex_new (regex, G_REGEX_OPTIMIZE, 0, &regex_error);
      if (pat->regex == NULL)
        return invalid (error, rule->id, regex_error->message);
      if (g_regex_get_capture_count (pat->regex) < 1)
        return invalid (error, rule->id, _("a prose pattern needs one capture group"));

      if (json_object_has_member (p, "cell"))
        {
          const char *cell_id = get_string (p, "cell", TRUE, rule->id, error);
          int index = cell_id != NULL ? nb_template_lookup_cell (self, cell_id) : -1;
          if (index < 0)
            return invalid (error, rule->id, _("unknown cell in a prose pattern"));
          pat->cells = g_new (guint, 1);
          pat->cells[0] = (guint) index;
          pat->n_cells = 1;
        }
      else if (!resolve_parts (self, NULL, p, "cells", NULL, &pat->cells, &pat->n_cells,
                               rule->id, error))
        return FALSE;
      if (pat->n_cells == 0)
        return invalid (error, rule->id, _("a prose pattern needs cells"));
    }
  return TRUE;
}

static gboolean
compile_blank (NbTemplate *self,
               NbRule     *rule)
{
  GArray *instances = g_array_new (FALSE, TRUE, sizeof (NbRuleInstance));

  for (guint t = 0; t < self->tables->len; t++)
    {
      TableData *table = g_ptr_array_index (self->tables, t);

      for (guint r = 0; r < table->row_nodes->len; r++)
        {
          RowInfo *row = g_ptr_array_index (table->row_nodes, r);
          NbRuleInstance inst = { -1 };
          guint n = 0;
          g_autofree guint *cells = nb_template_get_row_cells (self, table->pub.id, row->id, &n);

          const char *section_id = table->pub.section_id;
          int s = nb_template_lookup_section (self, section_id);
          const char *title = g_array_index (self->sections, NbTemplateSection, s).title;

          inst.left = g_steal_pointer (&cells);
          inst.n_left = n;
          /* The review table's one row has no label: name the section instead. */
          inst.label = *row->path != '\0' ? g_strdup (row->path) : g_strdup (title);
          inst.section_id = g_strdup (section_id);
          g_array_append_val (instances, inst);
        }
    }
  rule->n_instances = instances->len;
  rule->instances = (NbRuleInstance *) (gpointer) g_array_free (instances, FALSE);
  return TRUE;
}

static gboolean
parse_rule (NbTemplate  *self,
            JsonObject  *obj,
            GError     **error)
{
  NbRule *rule = g_new0 (NbRule, 1);
  const char *id, *severity, *kind, *message, *table_id;
  TableData *table = NULL;
  JsonNode *each;
  GArray *instances;
  gboolean ok = TRUE;

  g_ptr_array_add (self->rules, rule);

  if ((id = get_string (obj, "id", TRUE, "rules", error)) == NULL)
    return FALSE;
  rule->id = g_strdup (id);
  if ((severity = get_string (obj, "severity", TRUE, id, error)) == NULL ||
      (kind = get_string (obj, "kind", TRUE, id, error)) == NULL ||
      (message = get_string (obj, "message", TRUE, id, error)) == NULL)
    return FALSE;
  rule->message = g_strdup (message);
  rule->description = g_strdup (get_string (obj, "description", FALSE, id, error));

  if (g_str_equal (severity, "error"))
    rule->severity = NB_SEVERITY_ERROR;
  else if (g_str_equal (severity, "warning"))
    rule->severity = NB_SEVERITY_WARNING;
  else if (g_str_equal (severity, "info"))
    rule->severity = NB_SEVERITY_INFO;
  else
    return invalid (error, id, _("unknown severity"));

  if (g_str_equal (kind, "sum"))
    rule->kind = NB_RULE_SUM;
  else if (g_str_equal (kind, "balance"))
    rule->kind = NB_RULE_BALANCE;
  else if (g_str_equal (kind, "le"))
    rule->kind = NB_RULE_LE;
  else if (g_str_equal (kind, "previous"))
    rule->kind = NB_RULE_PREVIOUS;
  else if (g_str_equal (kind, "valid"))
    rule->kind = NB_RULE_VALID;
  else if (g_str_equal (kind, "blank"))
    rule->kind = NB_RULE_BLANK;
  else if (g_str_equal (kind, "prose"))
    rule->kind = NB_RULE_PROSE;
  else if (g_str_equal (kind, "unusual"))
    rule->kind = NB_RULE_UNUSUAL;
  else if (g_str_equal (kind, "meta"))
    rule->kind = NB_RULE_META;
  else if (g_str_equal (kind, "written"))
    rule->kind = NB_RULE_WRITTEN;
  else if (g_str_equal (kind, "form"))
    rule->kind = NB_RULE_FORM;
  else
    return invalid (error, id, _("unknown rule kind"));

  if (json_object_has_member (obj, "auto"))
    {
      JsonNode *node = json_object_get_member (obj, "auto");

      if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return invalid (error, id, _("“auto” must be true or false"));
      rule->auto_total = json_node_get_boolean (node);
    }

  switch (rule->kind)
    {
    case NB_RULE_VALID:
      return TRUE;
    case NB_RULE_BLANK:
      return compile_blank (self, rule);
    case NB_RULE_PROSE:
      return compile_prose (self, rule, obj, error);
    case NB_RULE_META:
      return compile_meta (rule, obj, error);
    case NB_RULE_WRITTEN:
      return compile_sections (self, rule, obj, error);
    case NB_RULE_FORM:
      return TRUE;
    case NB_RULE_SUM:
    case NB_RULE_BALANCE:
    case NB_RULE_LE:
    case NB_RULE_PREVIOUS:
    case NB_RULE_UNUSUAL:
    default:
      break;
    }

  table_id = get_string (obj, "table", FALSE, id, error);
  if (table_id != NULL)
    {
      const NbTemplateTable *pub = nb_template_lookup_table (self, table_id);
      if (pub == NULL)
        return invalid (error, id, _("unknown table"));
      table = (TableData *) pub;
    }
  else if (rule->kind != NB_RULE_UNUSUAL)
    return invalid (error, id, _("missing “table”"));

  instances = g_array_new (FALSE, TRUE, sizeof (NbRuleInstance));
  each = json_object_get_member (obj, "each");
  if (each == NULL)
    {
      NbRuleInstance inst = { -1 };
      ok = compile_instance (self, rule, table, obj, NULL, &inst, error);
      g_array_append_val (instances, inst);
    }
  else if (JSON_NODE_HOLDS_VALUE (each) && json_node_get_value_type (each) == G_TYPE_STRING &&
           table != NULL)
    {
      const char *what = json_node_get_string (each);
      gboolean rows = g_str_equal (what, "row");

      if (!rows && !g_str_equal (what, "column"))
        {
          ok = invalid (error, id, _("“each” must be “row”, “column” or a list"));
          goto out;
        }
      for (guint i = 0; i < (rows ? table->row_nodes->len : table->col_nodes->len); i++)
        {
          NbRuleInstance inst = { -1 };
          Binding binding;

          if (rows)
            {
              RowInfo *row = g_ptr_array_index (table->row_nodes, i);
              binding = (Binding) { "row", row->id, row->path };
            }
          else
            {
              ColInfo *col = g_ptr_array_index (table->col_nodes, i);
              binding = (Binding) { "col", col->id, column_message_label (table, col) };
            }
          /* Rows without the pattern's cells (other blocks) are skipped. */
          ok = compile_instance (self, rule, table, obj, &binding, &inst, error);
          g_array_append_val (instances, inst);
          if (!ok)
            goto out;
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (each) && table != NULL)
    {
      JsonArray *values = json_node_get_array (each);

      for (guint i = 0; i < json_array_get_length (values); i++)
        {
          const char *value = string_element (values, i);
          NbRuleInstance inst = { -1 };
          Binding binding;

          if (value == NULL)
            {
              ok = invalid (error, id, _("“each” values must be strings"));
              goto out;
            }
          binding = (Binding) { "each", value, label_for_each (table, value) };
          ok = compile_instance (self, rule, table, obj, &binding, &inst, error);
          g_array_append_val (instances, inst);
          if (!ok)
            goto out;
        }
    }
  else
    ok = invalid (error, id, _("“each” must be “row”, “column” or a list"));

out:
  rule->n_instances = instances->len;
  rule->instances = (NbRuleInstance *) (gpointer) g_array_free (instances, FALSE);
  return ok;
}

/* ---- Auto totals: which parts make each total, in an order where a total
 * that sums other totals comes after them. ---- */

static gboolean
visit_total (NbTemplate *self,
             guint       cell,
             guint8     *state,
             GError    **error)
{
  GArray *parts = g_ptr_array_index (self->total_parts, cell);

  if (parts == NULL || state[cell] == 2)
    return TRUE;
  if (state[cell] == 1)
    return invalid (error, g_array_index (self->cells, NbTemplateCell, cell).id,
                    _("totals depend on each other in a cycle"));
  state[cell] = 1;
  for (guint i = 0; i < parts->len; i++)
    if (!visit_total (self, g_array_index (parts, guint, i), state, error))
      return FALSE;
  state[cell] = 2;
  g_array_append_val (self->total_order, cell);
  return TRUE;
}

static gboolean
compute_totals (NbTemplate  *self,
                GError     **error)
{
  g_autofree guint8 *state = g_new0 (guint8, self->cells->len);

  g_ptr_array_set_size (self->total_parts, self->cells->len);
  g_ptr_array_set_size (self->other_parts, self->cells->len);
  for (guint r = 0; r < self->rules->len; r++)
    {
      NbRule *rule = g_ptr_array_index (self->rules, r);

      if (rule->kind != NB_RULE_SUM || !rule->auto_total)
        continue;
      for (guint i = 0; i < rule->n_instances; i++)
        {
          NbRuleInstance *inst = &rule->instances[i];
          GArray *parts;

          /* A cell that totals both a row and a column (（七）总计 / 总计) is
           * defined by the first rule; the other one checks it. */
          parts = g_array_sized_new (FALSE, FALSE, sizeof (guint), inst->n_left);
          g_array_append_vals (parts, inst->left, inst->n_left);
          if (g_ptr_array_index (self->total_parts, inst->target) != NULL)
            {
              if (g_ptr_array_index (self->other_parts, inst->target) == NULL)
                g_ptr_array_index (self->other_parts, inst->target) = parts;
              else
                g_array_unref (parts);
              continue;
            }
          g_ptr_array_index (self->total_parts, inst->target) = parts;
          g_array_index (self->cells, NbTemplateCell, inst->target).is_total = TRUE;
        }
    }
  for (guint c = 0; c < self->cells->len; c++)
    if (!visit_total (self, c, state, error))
      return FALSE;
  return TRUE;
}

/* The form's own words for the meta fields (联系电话…): exporters print
 * them, so they come from the template like every other label. */
static gboolean
parse_meta_labels (NbTemplate  *self,
                   JsonObject  *obj,
                   GError     **error)
{
  static const char *keys[NB_META_N_FIELDS] = {
    "agency", "year", "phone", "address", "postcode", "signer", "date",
  };
  JsonNode *node = json_object_get_member (obj, "meta_labels");
  JsonObject *labels;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "meta_labels", _("expected an object"));
  labels = json_node_get_object (node);
  for (guint i = 0; i < NB_META_N_FIELDS; i++)
    {
      const char *label = get_string (labels, keys[i], TRUE, "meta_labels", error);
      if (label == NULL)
        return FALSE;
      self->meta_labels[i] = g_strdup (label);
    }
  return TRUE;
}

static gboolean
parse_template (NbTemplate  *self,
                JsonNode    *root,
                GError     **error)
{
  JsonObject *obj;
  JsonArray *sections, *tables, *rules;
  const char *format;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return invalid (error, "/", _("expected an object"));
  obj = json_node_get_object (root);

  format = get_string (obj, "format", TRUE, "/", error);
  if (format == NULL)
    return FALSE;
  if (!g_str_equal (format, "nianbao-template"))
    return invalid (error, "/", _("not a Nianbao form template"));
  if (!json_object_has_member (obj, "version") ||
      json_node_get_value_type (json_object_get_member (obj, "version")) != G_TYPE_INT64 ||
      json_object_get_int_member (obj, "version") != 1)
    return invalid (error, "/", _("unsupported template version"));

  if ((self->id = g_strdup (get_string (obj, "id", TRUE, "/", error))) == NULL ||
      (self->name = g_strdup (get_string (obj, "name", TRUE, "/", error))) == NULL ||
      (self->report_title = g_strdup (get_string (obj, "report_title", TRUE, "/", error))) == NULL)
    return FALSE;
  self->basis = g_strdup (get_string (obj, "basis", FALSE, "/", error));
  /* The report years the form is for (last_year null: still in force). */
  for (guint i = 0; i < 2; i++)
    {
      const char *member = i == 0 ? "first_year" : "last_year";
      JsonNode *node = json_object_get_member (obj, member);
      int *year = i == 0 ? &self->first_year : &self->last_year;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      if (json_node_get_value_type (node) != G_TYPE_INT64)
        return invalid (error, member, _("not a year"));
      *year = (int) json_object_get_int_member (obj, member);
    }
  if (!parse_meta_labels (self, obj, error))
    return FALSE;
  self->draft_mark = g_strdup (get_string (obj, "draft_mark", TRUE, "/", error));
  if (self->draft_mark == NULL)
    return FALSE;

  if ((sections = get_array (obj, "sections", TRUE, "/", error)) == NULL ||
      (tables = get_array (obj, "tables", TRUE, "/", error)) == NULL ||
      (rules = get_array (obj, "rules", TRUE, "/", error)) == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (tables); i++)
    {
      JsonObject *t = element_object (tables, i, "tables", error);
      if (t == NULL || !parse_table (self, t, error))
        return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (sections); i++)
    {
      JsonObject *s = element_object (sections, i, "sections", error);
      NbTemplateSection section = { 0 };
      const char *kind;

      if (s == NULL ||
          (section.id = intern (self, get_string (s, "id", TRUE, "sections", error))) == NULL ||
          (kind = get_string (s, "kind", TRUE, section.id, error)) == NULL)
        return FALSE;
      if (nb_template_lookup_section (self, section.id) >= 0)
        return invalid (error, section.id, _("duplicate section id"));
      section.title = intern (self, get_string (s, "title", FALSE, section.id, error));
      section.hint = intern (self, get_string (s, "hint", FALSE, section.id, error));
      if (g_str_equal (kind, "table"))
        {
          const char *table_id = get_string (s, "table", TRUE, section.id, error);
          TableData *table;

          if (table_id == NULL)
            return FALSE;
          table = (TableData *) nb_template_lookup_table (self, table_id);
          if (table == NULL)
            return invalid (error, section.id, _("unknown table"));
          section.table_id = table->pub.id;
          table->pub.section_id = section.id;
        }
      else if (!g_str_equal (kind, "prose"))
        return invalid (error, section.id, _("unknown section kind"));
      g_array_append_val (self->sections, section);
    }

  for (guint t = 0; t < self->tables->len; t++)
    if (((TableData *) g_ptr_array_index (self->tables, t))->pub.section_id == NULL)
      return invalid (error, ((TableData *) g_ptr_array_index (self->tables, t))->pub.id,
                      _("table not placed in any section"));

  for (guint i = 0; i < json_array_get_length (rules); i++)
    {
      JsonObject *r = element_object (rules, i, "rules", error);
      if (r == NULL || !parse_rule (self, r, error))
        return FALSE;
    }

  return compute_totals (self, error);
}

/* json-glib 1.6 parses recursively (a deep enough nesting overflows the
 * stack) and reads "0 {…}" as two documents, leaking the first: refuse
 * both before it sees the data. */
static gboolean
check_shape (const char  *data,
             gsize        length,
             GError     **error)
{
  guint depth = 0;
  gboolean done = FALSE;

  if (!g_utf8_validate (data, (gssize) length, NULL))
    return invalid (error, "/", _("not UTF-8 text"));

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (g_ascii_isspace (c))
        continue;
      if (done || (depth == 0 && c != '{'))
        return invalid (error, "/", _("expected one JSON object"));
      if (c == '"')
        while (++i < length && data[i] != '"')
          {
            /* json-glib turns "\uD800" into bytes that are not UTF-8; our
             * templates write every character as it is. */
            if (data[i] == '\\' && i + 3 < length && data[i + 1] == 'u' &&
                (data[i + 2] == 'd' || data[i + 2] == 'D') && g_ascii_xdigit_value (data[i + 3]) >= 8)
              return invalid (error, "/", _("surrogate escapes are not allowed"));
            i += data[i] == '\\';
          }
      else if (c == '{' || c == '[')
        {
          if (++depth > MAX_JSON_DEPTH)
            return invalid (error, "/", _("nested too deeply"));
        }
      else if (c == '}' || c == ']')
        done = --depth == 0;
    }
  return TRUE;
}

/**
 * nb_template_new_from_data:
 *
 * Parses and validates a template. Used for the built-in templates and by
 * the template fuzzer; any problem is a #NB_TEMPLATE_ERROR_INVALID.
 *
 * Returns: (transfer full): the template, or %NULL with @error set
 */
NbTemplate *
nb_template_new_from_data (const char  *data,
                           gssize       length,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(NbTemplate) self = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  if (!check_shape (data, length < 0 ? strlen (data) : (gsize) length, error))
    return NULL;
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      /* json-glib may cut a multi-byte character when it quotes the bad token. */
      g_autofree char *detail = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, NB_TEMPLATE_ERROR, NB_TEMPLATE_ERROR_INVALID,
                   _("Invalid form template: %s"), detail);
      return NULL;
    }

  self = g_object_new (NB_TYPE_TEMPLATE, NULL);
  if (!parse_template (self, json_parser_get_root (parser), &local_error) || local_error != NULL)
    {
      if (local_error == NULL)
        invalid (&local_error, "/", _("unreadable template"));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&self);
}

static const char * const template_ids[] = {
  "gov-disclosure-2021",
  "gov-disclosure-2019",
  NULL
};

const char * const *
nb_template_list_ids (void)
{
  return template_ids;
}

/**
 * nb_template_load:
 * @id: a template id such as "gov-disclosure-2021"
 *
 * Templates are immutable, so each one is parsed once per process and shared.
 *
 * Returns: (transfer full): the template, or %NULL with @error set
 */
NbTemplate *
nb_template_load (const char  *id,
                  GError     **error)
{
  static GHashTable *cache;
  G_LOCK_DEFINE_STATIC (cache);
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  NbTemplate *self;

  g_return_val_if_fail (id != NULL, NULL);

  if (!g_strv_contains (template_ids, id))
    {
      g_set_error (error, NB_TEMPLATE_ERROR, NB_TEMPLATE_ERROR_NOT_FOUND,
                   _("Unknown form template “%s”"), id);
      return NULL;
    }

  G_LOCK (cache);
  if (cache == NULL)
    {
      g_resources_register (nb_templates_get_resource ());
      cache = g_hash_table_new (g_str_hash, g_str_equal);
    }
  self = g_hash_table_lookup (cache, id);
  if (self != NULL)
    {
      g_object_ref (self);
      G_UNLOCK (cache);
      return self;
    }

  path = g_strconcat (TEMPLATE_RESOURCE_PATH, id, ".json", NULL);
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    {
      G_UNLOCK (cache);
      return NULL;
    }
  self = nb_template_new_from_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
  if (self != NULL)
    /* The cache keeps its reference for the life of the process. */
    g_hash_table_insert (cache, (gpointer) nb_template_get_id (self), g_object_ref (self));
  G_UNLOCK (cache);
  return self;
}

const char *
nb_template_get_id (NbTemplate *self)
{
  g_return_val_if_fail (NB_IS_TEMPLATE (self), NULL);
  return self->id;
}

const char *
nb_template_get_name (NbTemplate *self)
{
  g_return_val_if_fail (NB_IS_TEMPLATE (self), NULL);
  return self->name;
}

const char *
nb_template_get_report_title (NbTemplate *self)
{
  g_return_val_if_fail (NB_IS_TEMPLATE (self), NULL);
  return self->report_title;
}

/**
 * nb_template_id_for_year:
 * @year: a report year
 *
 * Returns: the id of the form reports for @year use (the 2019 trial form for
 *   2019 and 2020), the current form for any other year
 */
/**
 * nb_template_is_for_year:
 *
 * Returns: whether reports for @year use this form (%TRUE when the form
 *   does not say which years it is for)
 */
gboolean
nb_template_is_for_year (NbTemplate *self,
                         int         year)
{
  g_return_val_if_fail (NB_IS_TEMPLATE (self), FALSE);

  return self->first_year == 0 ||
         (year >= self->first_year && (self->last_year == 0 || year <= self->last_year));
}

const char *
nb_template_id_for_year (int year)
{
  for (guint i = 0; template_ids[i] != NULL; i++)
    {
      g_autoptr(NbTemplate) template = nb_template_load (template_ids[i], NULL);

      if (template != NULL && template->first_year > 0 && nb_template_is_for_year (template, year))
        return template_ids[i];
    }
  return NB_TEMPLATE_DEFAULT_ID;
}

const char *
nb_template_get_basis (NbTemplate *self)
{
  g_return_val_if_fail (NB_IS_TEMPLATE (self), NULL);
  return self->basis;
}

/**
 * nb_template_get_meta_label:
 *
 * Returns: the form's label of a meta field, e.g. "联系电话"
 */
const char *
nb_template_get_meta_label (NbTemplate  *self,
                            NbMetaField  field)
{
  g_return_val_if_fail (NB_IS_TEMPLATE (self), NULL);
  g_return_val_if_fail (field < NB_META_N_FIELDS, NULL);
  return self->meta_labels[field];
}

/* The word stamped across a draft's pages ("草稿"). */
const char *
nb_template_get_draft_mark (NbTemplate *self)
{
  g_return_val_if_fail (NB_IS_TEMPLATE (self), NULL);
  return self->draft_mark;
}

guint
nb_template_get_n_sections (NbTemplate *self)
{
  g_return_val_if_fail (NB_IS_TEMPLATE (self), 0);
  return self->sections->len;
}

const NbTemplateSection *
nb_template_get_section (NbTemplate *self,
                         guint       index)
{
  g_return_val_if_fail (NB_IS_TEMPLATE (self), NULL);
  g_return_val_if_fail (index < self->sections->len, NULL);
  return &g_array_index (self->sections, NbTemplateSection, index);
}

int
nb_template_lookup_section (NbTemplate *self,
                            const char *section_id)
{
  g_return_val_if_fail (NB_IS_TEMPLATE (self), -1);

  for (guint i = 0; section_id != NULL && i < self->sections->len; i++)
    if (g_str_equal (g_array_index (self->sections, NbTemplateSection, i).id, section_id))
      return (int) i;
  return -1;
}

guint
nb_template_get_n_tables (NbTemplate *self)
{
  g_return_val_if_fail (NB_IS_TEMPLATE (self), 0);
  return self->tables->len;
}

const NbTemplateTable *
nb_template_get_table (NbTemplate *self,
                       guint       index)
{
  g_return_val_if_fail (NB_IS_TEMPLATE (self), NULL);
  g_return_val_if_fail (index < self->tables->len, NULL);
  return &((TableData *) g_ptr_array_index (self->tables, index))->pub;
}

const NbTemplateTable *
nb_template_lookup_table (NbTemplate *self,
                          const char *table_id)
{
  g_return_val_if_fail (NB_IS_TEMPLATE (self), NULL);

  for (guint i = 0; table_id != NULL && i < self->tables->len; i++)
    {
      TableData *t = g_ptr_array_index (self->tables, i);
      if (t->pub.id != NULL && g_str_equal (t->pub.id, table_id))
        return &t->pub;
    }
  return NULL;
}

guint
nb_template_get_n_cells (NbTemplate *self)
{
  g_return_val_if_fail (NB_IS_TEMPLATE (self), 0);
  return self->cells->len;
}

const NbTemplateCell *
nb_template_get_cell (NbTemplate *self,
                      guint       index)
{
  g_return_val_if_fail (NB_IS_TEMPLATE (self), NULL);
  g_return_val_if_fail (index < self->cells->len, NULL);
  return &g_array_index (self->cells, NbTemplateCell, index);
}

int
nb_template_lookup_cell (NbTemplate *self,
                         const char *cell_id)
{
  g_return_val_if_fail (NB_IS_TEMPLATE (self), -1);
  g_return_val_if_fail (cell_id != NULL, -1);
  return GPOINTER_TO_INT (g_hash_table_lookup (self->cell_index, cell_id)) - 1;
}

/**
 * nb_template_get_row_cells:
 *
 * Returns: (transfer full) (array length=n_cells): the cells of one row, left to right
 */
guint *
nb_template_get_row_cells (NbTemplate *self,
                           const char *table_id,
                           const char *row_id,
                           guint      *n_cells)
{
  g_autoptr(GArray) cells = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_val_if_fail (NB_IS_TEMPLATE (self), NULL);
  g_return_val_if_fail (table_id != NULL && row_id != NULL && n_cells != NULL, NULL);

  for (guint i = 0; i < self->cells->len; i++)
    {
      NbTemplateCell *c = &g_array_index (self->cells, NbTemplateCell, i);
      if (g_str_equal (c->table_id, table_id) && g_str_equal (c->row_id, row_id))
        g_array_append_val (cells, i);
    }
  *n_cells = cells->len;
  return (guint *) (gpointer) g_array_free (g_steal_pointer (&cells), FALSE);
}

/**
 * nb_template_get_total_parts:
 *
 * Returns: (transfer none) (nullable): the cells an auto total sums, or %NULL
 *   when @cell is not a total
 */
const guint *
nb_template_get_total_parts (NbTemplate *self,
                             guint       cell,
                             guint      *n_parts)
{
  GArray *parts;

  g_return_val_if_fail (NB_IS_TEMPLATE (self), NULL);
  g_return_val_if_fail (cell < self->cells->len, NULL);

  parts = g_ptr_array_index (self->total_parts, cell);
  if (n_parts != NULL)
    *n_parts = parts != NULL ? parts->len : 0;
  return parts != NULL ? (const guint *) (gpointer) parts->data : NULL;
}

/**
 * nb_template_get_other_total_parts:
 *
 * Returns: (transfer none) (nullable): for a total of both a row and a
 *   column (（七）总计 / 总计), the cells of the second sum it must equal;
 *   %NULL for every other cell
 */
const guint *
nb_template_get_other_total_parts (NbTemplate *self,
                                   guint       cell,
                                   guint      *n_parts)
{
  GArray *parts;

  g_return_val_if_fail (NB_IS_TEMPLATE (self), NULL);
  g_return_val_if_fail (cell < self->cells->len, NULL);

  parts = g_ptr_array_index (self->other_parts, cell);
  if (n_parts != NULL)
    *n_parts = parts != NULL ? parts->len : 0;
  return parts != NULL ? (const guint *) (gpointer) parts->data : NULL;
}

const guint *
nb_template_get_total_order (NbTemplate *self,
                             guint      *n_totals)
{
  g_return_val_if_fail (NB_IS_TEMPLATE (self), NULL);
  *n_totals = self->total_order->len;
  return (const guint *) (gpointer) self->total_order->data;
}

/**
 * nb_template_get_label_path:
 *
 * Returns: (transfer full): "三、收到和处理政府信息公开申请情况 / 一、本年新收… / 自然人"
 */
char *
nb_template_get_label_path (NbTemplate *self,
                            guint       cell)
{
  const NbTemplateCell *c;
  const char *section_id;
  const char *caption;
  int s;
  g_autoptr(GString) path = g_string_new (NULL);

  g_return_val_if_fail (NB_IS_TEMPLATE (self), NULL);
  g_return_val_if_fail (cell < self->cells->len, NULL);

  c = nb_template_get_cell (self, cell);
  section_id = nb_template_get_cell_section (self, cell);
  s = nb_template_lookup_section (self, section_id);
  if (s >= 0 && nb_template_get_section (self, s)->title != NULL)
    g_string_append (path, nb_template_get_section (self, s)->title);
  caption = _nb_template_get_cell_caption (self, cell);
  if (caption != NULL)
    g_string_append_printf (path, " / %s", caption);
  if (*c->row_path != '\0')
    g_string_append_printf (path, " / %s", c->row_path);
  g_string_append_printf (path, " / %s", c->col_path);
  return g_string_free (g_steal_pointer (&path), FALSE);
}

const char *
nb_template_get_cell_section (NbTemplate *self,
                              guint       cell)
{
  g_return_val_if_fail (NB_IS_TEMPLATE (self), NULL);
  g_return_val_if_fail (cell < self->cells->len, NULL);
  return nb_template_lookup_table (self, nb_template_get_cell (self, cell)->table_id)->section_id;
}

guint
_nb_template_get_n_rules (NbTemplate *self)
{
  return self->rules->len;
}

const NbRule *
_nb_template_get_rule (NbTemplate *self,
                       guint       index)
{
  g_assert (index < self->rules->len);
  return g_ptr_array_index (self->rules, index);
}

const char *
_nb_template_get_cell_caption (NbTemplate *self,
                               guint       cell)
{
  g_assert (cell < self->cell_captions->len);
  return g_ptr_array_index (self->cell_captions, cell);
}
