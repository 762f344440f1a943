/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-storage"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <limits.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "nb-report-private.h"
#include "nb-storage.h"

/* Deeper nesting than this is never a .nianbao file, and json-glib's
 * recursive parser must not be handed 200 000 levels. */
#define MAX_NESTING 32
/* A report has a few hundred cells and paragraphs. */
#define MAX_VALUES 100000

G_DEFINE_QUARK (nb-storage-error-quark, nb_storage_error)

static gboolean
fail (GError      **error,
      NbStorageError code,
      const char   *name,
      const char   *where,
      const char   *format,
      ...) G_GNUC_PRINTF (5, 6);

static gboolean
fail (GError       **error,
      NbStorageError code,
      const char    *name,
      const char    *where,
      const char    *format,
      ...)
{
  g_autofree char *what = NULL;
  g_autofree char *short_where = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  /* @where and @what can quote the file (a member name, a value): a
   * megabyte-long one must not fill the error dialog. */
  if (where != NULL && g_utf8_strlen (where, -1) > 80)
    {
      g_autofree char *head = g_utf8_substring (where, 0, 80);
      where = short_where = g_strconcat (head, "…", NULL);
    }
  if (g_utf8_strlen (what, -1) > 400)
    {
      g_autofree char *head = g_utf8_substring (what, 0, 400);
      g_free (what);
      what = g_strconcat (head, "…", NULL);
    }

  if (where != NULL)
    /* TRANSLATORS: file name, location inside the file ("cells.requests.new.total"), problem */
    g_set_error (error, NB_STORAGE_ERROR, code, _("%s: at “%s”: %s"), name, where, what);
  else
    g_set_error (error, NB_STORAGE_ERROR, code, "%s: %s", name, what);
  return FALSE;
}

/* The UTF-16 code unit of a "\uXXXX" escape at @p, or -1. */
static int
escape_unit (const char *p,
             gsize       avail)
{
  int unit = 0;

  if (avail < 6 || p[0] != '\\' || p[1] != 'u')
    return -1;
  for (guint k = 2; k < 6; k++)
    {
      int digit = g_ascii_xdigit_value (p[k]);
      if (digit < 0)
        return -1;
      unit = unit * 16 + digit;
    }
  return unit;
}

/* A member name as json-glib will see it: "\u0061" and "a" are the same
 * member. Names without escapes are taken as they are. */
static char *
decode_key (const char *quoted,
            gsize       length)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (memchr (quoted, '\\', length) == NULL)
    return g_strndup (quoted + 1, length - 2);
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, quoted, (gssize) length, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      json_node_get_value_type (root) != G_TYPE_STRING)
    /* Not a valid string: json-glib refuses the whole file anyway. */
    return g_strndup (quoted + 1, length - 2);
  return g_strdup (json_node_get_string (root));
}

/* A number token at @p as JSON writes it, its length in @consumed.
 * json-glib 1.6 reads numbers with GScanner: it takes 0x10 and 01, and
 * wraps whole numbers beyond 64 bits (-18446744073709551611 becomes 5), so
 * those never reach it. */
static gboolean
check_number (const char  *p,
              gsize        length,
              gsize       *consumed,
              const char  *name,
              const char  *where,
              GError     **error)
{
  gboolean negative = p[0] == '-';
  gboolean whole = TRUE;
  gsize i = negative ? 1 : 0;
  gsize first_digit = i;
  gsize n_digits;

  while (i < length && g_ascii_isdigit (p[i]))
    i++;
  n_digits = i - first_digit;
  if (n_digits > 0 && i < length && p[i] == '.')
    {
      gsize fraction = ++i;

      while (i < length && g_ascii_isdigit (p[i]))
        i++;
      whole = FALSE;
      if (i == fraction)
        n_digits = 0;
    }
  if (n_digits > 0 && i < length && (p[i] == 'e' || p[i] == 'E'))
    {
      gsize exponent;

      i++;
      if (i < length && (p[i] == '+' || p[i] == '-'))
        i++;
      exponent = i;
      while (i < length && g_ascii_isdigit (p[i]))
        i++;
      whole = FALSE;
      if (i == exponent)
        n_digits = 0;
    }
  /* What follows a number is a space, a comma or a closing bracket. */
  while (i < length && (g_ascii_isalnum (p[i]) || p[i] == '.' || p[i] == '+' || p[i] == '-'))
    {
      i++;
      n_digits = 0;
    }
  *consumed = i;

  if (n_digits == 0 || (p[first_digit] == '0' && first_digit + 1 < length && g_ascii_isdigit (p[first_digit + 1])))
    return fail (error, NB_STORAGE_ERROR_NOT_JSON, name, where,
                 _("the file is damaged: “%.*s” is not a number"), (int) MIN (i, 40), p);
  if (whole && (n_digits > 19 ||
                (n_digits == 19 && strncmp (p + first_digit, negative ? "9223372036854775808"
                                                                      : "9223372036854775807", 19) > 0)))
    return fail (error, NB_STORAGE_ERROR_INVALID, name, where,
                 _("the number %.*s is far too large for a report"), (int) MIN (i, 40), p);
  return TRUE;
}

/* Where the pre-scan is, as load errors name it ("cells.requests.new.natural",
 * "sections.overview[2].heading"); NULL at the top. */
static char *
scan_place (char * const    *names,
            const guint     *items,
            const gboolean  *in_object,
            guint            depth)
{
  GString *path = g_string_new (NULL);

  for (guint d = 1; d <= depth; d++)
    if (!in_object[d])
      g_string_append_printf (path, "[%u]", items[d]);
    else if (names[d] != NULL)
      g_string_append_printf (path, "%s%s", path->len > 0 ? "." : "", names[d]);
  if (path->len == 0)
    {
      g_string_free (path, TRUE);
      return NULL;
    }
  return g_string_free (path, FALSE);
}

/* One pass over the bytes before json-glib sees them: nesting depth, the
 * number of values, duplicate member names (json-glib keeps only the last
 * of duplicates, which would silently drop data) and a single top-level
 * value (json-glib 1.6 reads "0 {…}" as two documents and leaks the first
 * tree). */
static gboolean
prescan (const char  *data,
         gsize        length,
         const char  *name,
         GError     **error)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  gboolean ok = TRUE;
  gboolean in_object[MAX_NESTING + 1] = { FALSE };
  gboolean expect_key[MAX_NESTING + 1] = { FALSE };
  char *names[MAX_NESTING + 1] = { NULL };  /* the last member name at each depth */
  guint items[MAX_NESTING + 1] = { 0 };     /* the element being read in each array */
  guint depth = 0;
  gsize n_values = 0;
  gboolean top_started = FALSE;  /* a scalar at the top level is being read */
  gboolean top_done = FALSE;     /* the top-level value is complete */

  for (gsize i = 0; i < length && ok; i++)
    {
      char c = data[i];

      if (depth == 0 && !g_ascii_isspace (c))
        {
          if (top_done || (top_started && (c == '{' || c == '[' || c == '"')))
            {
              ok = fail (error, NB_STORAGE_ERROR_NOT_JSON, name, NULL,
                         _("the file is damaged: there is more data after the end of the report"));
              break;
            }
          if (c != '{' && c != '[' && c != '"')
            top_started = TRUE;
        }
      else if (depth == 0 && top_started)
        top_done = TRUE;

      if (c == '"')
        {
          gsize start = i++;

          while (i < length && data[i] != '"' && ok)
            {
              int unit = data[i] == '\\' ? escape_unit (data + i, length - i) : -1;

              if (unit >= 0xD800 && unit <= 0xDBFF &&
                  i + 6 < length && escape_unit (data + i + 6, length - i - 6) >= 0xDC00 &&
                  escape_unit (data + i + 6, length - i - 6) <= 0xDFFF)
                i += 12;  /* a surrogate pair: one character outside the BMP */
              else if (unit == 0)
                /* json-glib would end the text there: what follows it
                 * would be lost without a word. */
                ok = fail (error, NB_STORAGE_ERROR_NOT_JSON, name, NULL,
                           _("the file is damaged: a text contains a null character (“\\u0000”)"));
              else if (unit >= 0xD800 && unit <= 0xDFFF)
                /* json-glib turns a lone surrogate into bytes that are not
                 * UTF-8, which would reach the window and the PDF. */
                ok = fail (error, NB_STORAGE_ERROR_NOT_JSON, name, NULL,
                           _("the file is damaged: “%.6s” is half of a character"), data + i);
              else if (data[i] == '\\' && unit < 0 &&
                       (i + 1 >= length || strchr ("\"\\/bfnrt", data[i + 1]) == NULL ||
                        data[i + 1] == '\0'))
                /* json-glib 1.6 leaks memory on a bad escape. */
                ok = fail (error, NB_STORAGE_ERROR_NOT_JSON, name, NULL,
                           _("the file is damaged: a “\\” in a text is not followed by a valid escape"));
              else
                i += (data[i] == '\\') ? 2 : 1;
            }
          if (!ok)
            break;
          if (depth > 0 && in_object[depth] && expect_key[depth] && i < length)
            {
              g_autofree char *key = decode_key (data + start, i + 1 - start);
              GHashTable *set = g_ptr_array_index (keys, depth - 1);

              g_free (names[depth]);
              names[depth] = g_strdup (key);
              if (g_hash_table_contains (set, key))
                {
                  /* Named with its place: a second "text" in a section
                   * says nothing on its own. */
                  g_autofree char *where = scan_place (names, items, in_object, depth);

                  ok = fail (error, NB_STORAGE_ERROR_INVALID, name, where != NULL ? where : key,
                             _("the member appears twice; remove one copy"));
                }
              else
                g_hash_table_add (set, g_steal_pointer (&key));
              expect_key[depth] = FALSE;
            }
          top_done = top_done || depth == 0;
        }
      else if ((c == '{' || c == '[' || c == ',') && ++n_values > MAX_VALUES)
        /* json-glib would build a node for each: 30 million "0," fit in
         * the size limit and take gigabytes of memory. */
        ok = fail (error, NB_STORAGE_ERROR_NOT_NIANBAO, name, NULL,
                   _("the file holds far too many values to be a Nianbao report"));
      else if (c == '{' || c == '[')
        {
          if (++depth > MAX_NESTING)
            ok = fail (error, NB_STORAGE_ERROR_NOT_NIANBAO, name, NULL,
                       _("the data is nested too deeply to be a Nianbao report"));
          else
            {
              in_object[depth] = c == '{';
              expect_key[depth] = c == '{';
              g_clear_pointer (&names[depth], g_free);
              items[depth] = 0;
              g_ptr_array_add (keys, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL));
            }
        }
      else if (c == '}' || c == ']')
        {
          if (depth > 0)
            {
              depth--;
              g_ptr_array_remove_index (keys, keys->len - 1);
              top_done = depth == 0;
            }
        }
      else if (c == ',' && depth > 0 && in_object[depth])
        expect_key[depth] = TRUE;
      else if (c == ',' && depth > 0)
        items[depth]++;
      else if (c == '-' || g_ascii_isdigit (c))
        {
          g_autofree char *where = scan_place (names, items, in_object, depth);
          gsize consumed = 0;

          ok = check_number (data + i, length - i, &consumed, name, where, error);
          i += consumed - 1;
        }
    }

  for (guint d = 0; d <= MAX_NESTING; d++)
    g_free (names[d]);
  g_ptr_array_unref (keys);
  return ok;
}

/* Refuses a member not in @known: nothing in a file is dropped silently.
 * @where is the object's place ("settings"), NULL at the top. */
static gboolean
only_members (JsonObject         *obj,
              const char * const *known,
              const char         *name,
              const char         *where,
              GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      {
        g_autofree char *place = where != NULL ? g_strconcat (where, ".", l->data, NULL) : g_strdup (l->data);

        return fail (error, NB_STORAGE_ERROR_INVALID, name, place, _("unknown member"));
      }
  return TRUE;
}

static gboolean
is_integer_node (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
is_string_node (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
load_meta (NbReport   *report,
           JsonObject *meta,
           const char *name,
           GError    **error)
{
  g_autoptr(GList) members = json_object_get_members (meta);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *node = json_object_get_member (meta, key);
      g_autofree char *where = g_strconcat ("meta.", key, NULL);
      guint field;

      if (g_str_equal (key, "seal"))
        {
          JsonObject *seal;
          const char *data;
          g_autofree guchar *bytes = NULL;
          gsize size = 0;
          g_autoptr(GBytes) image = NULL;

          if (JSON_NODE_HOLDS_NULL (node))
            continue;
          if (!JSON_NODE_HOLDS_OBJECT (node))
            return fail (error, NB_STORAGE_ERROR_INVALID, name, where,
                         _("expected null or an object with the image data"));
          seal = json_node_get_object (node);
          if (!only_members (seal, (const char * const[]) { "data", NULL }, name, where, error))
            return FALSE;
          if (!json_object_has_member (seal, "data") ||
              !is_string_node (json_object_get_member (seal, "data")))
            return fail (error, NB_STORAGE_ERROR_INVALID, name, where,
                         _("the seal has no base64 “data”"));
          data = json_object_get_string_member (seal, "data");
          if (strlen (data) > NB_STORAGE_MAX_SEAL_SIZE * 4 / 3 + 4)
            return fail (error, NB_STORAGE_ERROR_INVALID, name, where, _("the seal image is too large"));
          bytes = g_base64_decode (data, &size);
          if (size == 0)
            return fail (error, NB_STORAGE_ERROR_INVALID, name, where, _("the seal image is empty"));
          image = g_bytes_new_take (g_steal_pointer (&bytes), size);
          _nb_report_load_seal (report, image);
          continue;
        }

      for (field = 0; field < NB_META_N_FIELDS; field++)
        if (g_str_equal (key, nb_report_meta_field_key (field)))
          break;
      if (field == NB_META_N_FIELDS)
        return fail (error, NB_STORAGE_ERROR_INVALID, name, where, _("unknown member"));

      if (JSON_NODE_HOLDS_NULL (node))
        continue;
      if (field == NB_META_YEAR && is_integer_node (node))
        {
          g_autofree char *year = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
          _nb_report_load_meta (report, field, year);
          continue;
        }
      if (!is_string_node (node))
        return fail (error, NB_STORAGE_ERROR_INVALID, name, where, _("expected a string"));
      _nb_report_load_meta (report, field, json_node_get_string (node));
    }
  return TRUE;
}

static gboolean
load_sections (NbReport   *report,
               JsonObject *sections,
               const char *name,
               GError    **error)
{
  NbTemplate *template = nb_report_get_template (report);
  g_autoptr(GList) members = json_object_get_members (sections);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *id = l->data;
      JsonNode *node = json_object_get_member (sections, id);
      g_autofree char *where = g_strconcat ("sections.", id, NULL);
      int index = nb_template_lookup_section (template, id);
      JsonArray *array;
      g_autoptr(GArray) blocks = g_array_new (FALSE, TRUE, sizeof (NbBlock));

      if (index < 0 || nb_template_get_section (template, index)->table_id != NULL)
        return fail (error, NB_STORAGE_ERROR_INVALID, name, where,
                     _("this form has no prose section of that name"));
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return fail (error, NB_STORAGE_ERROR_INVALID, name, where, _("expected a list of paragraphs"));

      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          g_autofree char *item_where = g_strdup_printf ("%s[%u]", where, i);
          JsonObject *obj;
          JsonNode *text, *heading;
          NbBlock block = { 0, NULL };

          if (!JSON_NODE_HOLDS_OBJECT (item))
            return fail (error, NB_STORAGE_ERROR_INVALID, name, item_where,
                         _("expected an object with “text”"));
          obj = json_node_get_object (item);
          text = json_object_get_member (obj, "text");
          heading = json_object_get_member (obj, "heading");
          if (text == NULL || !is_string_node (text))
            return fail (error, NB_STORAGE_ERROR_INVALID, name, item_where,
                         _("“text” must be a string"));
          if (heading != NULL && !JSON_NODE_HOLDS_NULL (heading))
            {
              if (!is_integer_node (heading) || json_node_get_int (heading) < 1 ||
                  json_node_get_int (heading) > 3)
                return fail (error, NB_STORAGE_ERROR_INVALID, name, item_where,
                             _("“heading” must be 1, 2 or 3"));
              block.level = (guint) json_node_get_int (heading);
            }
          if (json_object_get_size (obj) != (heading != NULL ? 2u : 1u))
            return fail (error, NB_STORAGE_ERROR_INVALID, name, item_where,
                         _("a paragraph has only “text” and “heading”"));
          block.text = (char *) json_node_get_string (text);
          g_array_append_val (blocks, block);
        }
      _nb_report_load_blocks (report, id, (NbBlock *) (gpointer) blocks->data, blocks->len);
    }
  return TRUE;
}

static gboolean
load_cells (NbReport   *report,
            JsonObject *cells,
            const char *name,
            GError    **error)
{
  NbTemplate *template = nb_report_get_template (report);
  g_autoptr(GList) members = json_object_get_members (cells);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *id = l->data;
      JsonNode *node = json_object_get_member (cells, id);
      g_autofree char *where = g_strconcat ("cells.", id, NULL);
      int index = nb_template_lookup_cell (template, id);
      const NbTemplateCell *cell;
      NbDecimal value;

      if (index < 0)
        return fail (error, NB_STORAGE_ERROR_UNKNOWN_CELL, name, where,
                     _("the form “%s” has no such cell"), nb_template_get_id (template));
      cell = nb_template_get_cell (template, index);

      if (JSON_NODE_HOLDS_NULL (node))
        continue;

      if (cell->kind == NB_CELL_KIND_AMOUNT)
        {
          g_autoptr(GError) parse_error = NULL;

          if (is_integer_node (node))
            value = nb_decimal_from_int (json_node_get_int (node));
          else if (!is_string_node (node))
            return fail (error, NB_STORAGE_ERROR_INVALID, name, where,
                         _("an amount must be written as a string such as \"12.5\""));
          else if (!nb_decimal_parse (json_node_get_string (node), &value, &parse_error))
            return fail (error, NB_STORAGE_ERROR_INVALID, name, where, "%s", parse_error->message);
          if (nb_decimal_is_negative (&value))
            return fail (error, NB_STORAGE_ERROR_INVALID, name, where,
                         _("an amount cannot be negative"));
        }
      else
        {
          if (!is_integer_node (node))
            return fail (error, NB_STORAGE_ERROR_INVALID, name, where,
                         _("expected a whole number or null"));
          value = nb_decimal_from_int (json_node_get_int (node));
          if (cell->kind == NB_CELL_KIND_COUNT && value.units < 0)
            return fail (error, NB_STORAGE_ERROR_INVALID, name, where,
                         _("a count cannot be negative (%lld)"), (long long) value.units);
        }
      _nb_report_load_value (report, (guint) index, &value);
    }
  return TRUE;
}

/**
 * nb_storage_load_data:
 * @length: length of @data, or -1 when NUL-terminated
 *
 * Returns: (transfer full): the report with an empty undo history, or %NULL
 *   with @error naming @name, the place in the file and the problem
 */
NbReport *
nb_storage_load_data (const char  *data,
                      gssize       length,
                      const char  *name,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(NbTemplate) template = NULL;
  g_autoptr(NbReport) report = NULL;
  JsonNode *root;
  JsonObject *obj;
  JsonNode *node;
  gint64 version;
  const char *format, *template_id;
  gsize len;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  len = length < 0 ? strlen (data) : (gsize) length;

  if (len == 0)
    {
      fail (error, NB_STORAGE_ERROR_NOT_JSON, name, NULL, _("the file is empty"));
      return NULL;
    }
  if (len > NB_STORAGE_MAX_FILE_SIZE)
    {
      fail (error, NB_STORAGE_ERROR_NOT_NIANBAO, name, NULL,
            _("the file is too large to be a Nianbao report"));
      return NULL;
    }
  /* Editors on Windows like to add a byte order mark. */
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      len -= 3;
    }
  if (memchr (data, '\0', len) != NULL || !g_utf8_validate (data, len, NULL))
    {
      fail (error, NB_STORAGE_ERROR_NOT_JSON, name, NULL,
            _("the file is not UTF-8 text: it is not a Nianbao report, or it is damaged"));
      return NULL;
    }
  /* Text that cannot be JSON (a published report copied from a web page,
   * its HTML): not a damaged report, which would start like one. */
  {
    gsize first = 0;

    while (first < len && g_ascii_isspace (data[first]))
      first++;
    if (first < len && strchr ("{[\"-0123456789tfn", data[first]) == NULL)
      {
        fail (error, NB_STORAGE_ERROR_NOT_NIANBAO, name, NULL,
              _("it is not a Nianbao report (a report file starts with “{”); a published report’s text or web page is read with Import (nianbao --import-text)"));
        return NULL;
      }
  }
  if (!prescan (data, len, name, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      /* json-glib quotes the bad token cut at a byte count, which can
       * split a Chinese character; the message goes to a dialog. */
      g_autofree char *detail = g_utf8_make_valid (local_error->message, -1);

      fail (error, NB_STORAGE_ERROR_NOT_JSON, name, NULL,
            _("the file is damaged or incomplete (%s)"), detail);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      fail (error, NB_STORAGE_ERROR_NOT_NIANBAO, name, NULL, _("this is not a Nianbao report"));
      return NULL;
    }
  obj = json_node_get_object (root);

  node = json_object_get_member (obj, "format");
  format = node != NULL && is_string_node (node) ? json_node_get_string (node) : NULL;
  if (g_strcmp0 (format, "nianbao") != 0)
    {
      fail (error, NB_STORAGE_ERROR_NOT_NIANBAO, name, NULL, _("this is not a Nianbao report"));
      return NULL;
    }

  node = json_object_get_member (obj, "version");
  if (node == NULL || !is_integer_node (node) || (version = json_node_get_int (node)) < 1)
    {
      fail (error, NB_STORAGE_ERROR_INVALID, name, "version", _("expected a version number"));
      return NULL;
    }
  if (version > NB_STORAGE_FORMAT_VERSION)
    {
      fail (error, NB_STORAGE_ERROR_NEWER_VERSION, name, NULL,
            _("the file was saved by a newer version of Nianbao (file format %lld; this version reads format %d). Please update Nianbao to open it."),
            (long long) version, NB_STORAGE_FORMAT_VERSION);
      return NULL;
    }

  node = json_object_get_member (obj, "template");
  template_id = node != NULL && is_string_node (node) ? json_node_get_string (node) : NULL;
  if (template_id == NULL)
    {
      fail (error, NB_STORAGE_ERROR_INVALID, name, "template", _("missing form template name"));
      return NULL;
    }
  template = nb_template_load (template_id, &local_error);
  if (template == NULL)
    {
      fail (error, NB_STORAGE_ERROR_UNKNOWN_TEMPLATE, name, "template",
            _("unknown form “%s”: it may need a newer version of Nianbao"), template_id);
      return NULL;
    }

  report = nb_report_new (template);

  if (!only_members (obj, (const char * const[]) { "format", "version", "template", "meta", "settings",
                                                   "sections", "cells", NULL },
                     name, NULL, error))
    return NULL;

  node = json_object_get_member (obj, "meta");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          fail (error, NB_STORAGE_ERROR_INVALID, name, "meta", _("expected an object"));
          return NULL;
        }
      if (!load_meta (report, json_node_get_object (node), name, error))
        return NULL;
    }

  node = json_object_get_member (obj, "settings");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      JsonNode *flag;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          fail (error, NB_STORAGE_ERROR_INVALID, name, "settings", _("expected an object"));
          return NULL;
        }
      if (!only_members (json_node_get_object (node), (const char * const[]) { "auto_totals", NULL },
                         name, "settings", error))
        return NULL;
      flag = json_object_get_member (json_node_get_object (node), "auto_totals");
      if (flag != NULL)
        {
          if (!JSON_NODE_HOLDS_VALUE (flag) || json_node_get_value_type (flag) != G_TYPE_BOOLEAN)
            {
              fail (error, NB_STORAGE_ERROR_INVALID, name, "settings.auto_totals",
                    _("expected true or false"));
              return NULL;
            }
          _nb_report_load_auto_totals (report, json_node_get_boolean (flag));
        }
    }

  node = json_object_get_member (obj, "sections");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          fail (error, NB_STORAGE_ERROR_INVALID, name, "sections", _("expected an object"));
          return NULL;
        }
      if (!load_sections (report, json_node_get_object (node), name, error))
        return NULL;
    }

  node = json_object_get_member (obj, "cells");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          fail (error, NB_STORAGE_ERROR_INVALID, name, "cells", _("expected an object"));
          return NULL;
        }
      if (!load_cells (report, json_node_get_object (node), name, error))
        return NULL;
    }

  nb_report_clear_history (report);
  return g_steal_pointer (&report);
}

/**
 * nb_storage_load_file:
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
NbReport *
nb_storage_load_file (GFile         *file,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFileInfo) info = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_parse_name (file);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, _("%s is a folder, not a report"), name);
      return NULL;
    }
  /* A device or a pipe (/dev/zero, a FIFO) would be read forever. */
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_SPECIAL)
    {
      fail (error, NB_STORAGE_ERROR_NOT_NIANBAO, name, NULL,
            _("this is a device or a pipe, not a report file"));
      return NULL;
    }
  if (g_file_info_get_size (info) > NB_STORAGE_MAX_FILE_SIZE)
    {
      fail (error, NB_STORAGE_ERROR_NOT_NIANBAO, name, NULL,
            _("the file is too large to be a Nianbao report"));
      return NULL;
    }
  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
    return NULL;
  return nb_storage_load_data (contents, (gssize) length, name, error);
}

static void
add_value (JsonBuilder          *builder,
           NbReport             *report,
           const NbTemplateCell *cell)
{
  NbDecimal value;

  if (!nb_report_get_value (report, cell->index, &value))
    json_builder_add_null_value (builder);
  else if (cell->kind == NB_CELL_KIND_AMOUNT)
    {
      g_autofree char *text = nb_decimal_to_string (&value);
      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_int_value (builder, value.units);
}

/**
 * nb_storage_to_data:
 *
 * Returns: (transfer full): the report as pretty-printed JSON
 */
char *
nb_storage_to_data (NbReport *report,
                    gsize    *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  NbTemplate *template;
  GBytes *seal;
  int year;

  g_return_val_if_fail (NB_IS_REPORT (report), NULL);

  template = nb_report_get_template (report);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "nianbao");
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, NB_STORAGE_FORMAT_VERSION);
  json_builder_set_member_name (builder, "template");
  json_builder_add_string_value (builder, nb_template_get_id (template));

  json_builder_set_member_name (builder, "meta");
  json_builder_begin_object (builder);
  year = nb_report_get_year (report);
  for (guint f = 0; f < NB_META_N_FIELDS; f++)
    {
      g_autofree char *year_text = g_strdup_printf ("%d", year);

      json_builder_set_member_name (builder, nb_report_meta_field_key (f));
      /* A plain year is a number; anything else typed is kept as text. */
      if (f == NB_META_YEAR && year != 0 && g_str_equal (year_text, nb_report_get_meta (report, f)))
        json_builder_add_int_value (builder, year);
      else
        json_builder_add_string_value (builder, nb_report_get_meta (report, f));
    }
  json_builder_set_member_name (builder, "seal");
  seal = nb_report_get_seal (report);
  if (seal == NULL)
    json_builder_add_null_value (builder);
  else
    {
      g_autofree char *b64 = g_base64_encode (g_bytes_get_data (seal, NULL), g_bytes_get_size (seal));
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "data");
      json_builder_add_string_value (builder, b64);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "settings");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "auto_totals");
  json_builder_add_boolean_value (builder, nb_report_get_auto_totals (report));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "sections");
  json_builder_begin_object (builder);
  for (guint s = 0; s < nb_template_get_n_sections (template); s++)
    {
      const NbTemplateSection *section = nb_template_get_section (template, s);
      guint n;

      if (section->table_id != NULL)
        continue;
      json_builder_set_member_name (builder, section->id);
      json_builder_begin_array (builder);
      n = nb_report_get_n_blocks (report, section->id);
      for (guint b = 0; b < n; b++)
        {
          const NbBlock *block = nb_report_get_block (report, section->id, b);

          json_builder_begin_object (builder);
          if (block->level > 0)
            {
              json_builder_set_member_name (builder, "heading");
              json_builder_add_int_value (builder, block->level);
            }
          json_builder_set_member_name (builder, "text");
          json_builder_add_string_value (builder, block->text);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "cells");
  json_builder_begin_object (builder);
  for (guint c = 0; c < nb_template_get_n_cells (template); c++)
    {
      const NbTemplateCell *cell = nb_template_get_cell (template, c);
      json_builder_set_member_name (builder, cell->id);
      add_value (builder, report, cell);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  {
    g_autofree char *text = json_generator_to_data (generator, NULL);
    char *with_newline = g_strconcat (text, "\n", NULL);
    if (length != NULL)
      *length = strlen (with_newline);
    return with_newline;
  }
}

/* Why a write failed, in words for the person who asked to save. */
static void
set_write_error (GError     **error,
                 GFile       *file,
                 int          saved_errno,
                 gboolean     existed)
{
  g_autofree char *name = g_file_get_parse_name (file);

  switch (saved_errno)
    {
    case ENOSPC:
    case EDQUOT:
      if (existed)
        g_set_error (error, NB_STORAGE_ERROR, NB_STORAGE_ERROR_WRITE,
                     _("Could not save %s: the disk is full. The previous version of the file is unchanged."),
                     name);
      else
        g_set_error (error, NB_STORAGE_ERROR, NB_STORAGE_ERROR_WRITE,
                     _("Could not save %s: the disk is full."), name);
      break;
    case EACCES:
    case EPERM:
    case EROFS:
      g_set_error (error, NB_STORAGE_ERROR, NB_STORAGE_ERROR_WRITE,
                   _("Could not save %s: you do not have permission to write there."), name);
      break;
    case ENOENT:
      g_set_error (error, NB_STORAGE_ERROR, NB_STORAGE_ERROR_WRITE,
                   _("Could not save %s: the folder does not exist."), name);
      break;
    case ENOTDIR:
      g_set_error (error, NB_STORAGE_ERROR, NB_STORAGE_ERROR_WRITE,
                   _("Could not save %s: part of the path is a file, not a folder."), name);
      break;
    case EISDIR:
      g_set_error (error, NB_STORAGE_ERROR, NB_STORAGE_ERROR_WRITE,
                   _("Could not save %s: it is a folder. Choose a file name."), name);
      break;
    case ENODEV:
      g_set_error (error, NB_STORAGE_ERROR, NB_STORAGE_ERROR_WRITE,
                   _("Could not save %s: it is a device or a pipe, not a file. Choose a file name."), name);
      break;
    default:
      g_set_error (error, NB_STORAGE_ERROR, NB_STORAGE_ERROR_WRITE,
                   _("Could not save %s: %s"), name, g_strerror (saved_errno));
      break;
    }
}

/* The file a save replaces: through a symbolic link, the file it points to. */
static char *
resolve_target (const char *path)
{
  char *target = realpath (path, NULL);
  g_autofree char *link = NULL;

  if (target != NULL)
    return target;
  /* A link to a file not there yet: the new file goes where it points, and
   * the link stays a link. */
  link = g_strdup (path);
  for (guint hops = 0; hops < 8; hops++)
    {
      g_autofree char *points_to = g_file_read_link (link, NULL);
      g_autofree char *dir = NULL;

      if (points_to == NULL)
        break;
      dir = g_path_get_dirname (link);
      g_free (link);
      link = g_path_is_absolute (points_to) ? g_steal_pointer (&points_to)
                                            : g_build_filename (dir, points_to, NULL);
    }
  return g_steal_pointer (&link);
}

int
nb_storage_temp_open (const char  *path,
                      char       **temp,
                      int         *fd,
                      gboolean    *existed)
{
  g_autofree char *target = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *hidden = NULL;
  g_autofree char *name = NULL;
  struct stat st;
  gboolean found;
  int out;

  g_return_val_if_fail (path != NULL && temp != NULL, EINVAL);

  target = resolve_target (path);
  found = stat (target, &st) == 0;
  if (existed != NULL)
    *existed = found;
  if (found && S_ISDIR (st.st_mode))
    return EISDIR;
  /* Renaming over a device or a pipe would replace it with a plain file
   * (as root, /dev/null itself). */
  if (found && !S_ISREG (st.st_mode))
    return ENODEV;
  /* A read-only file stays as it is, though the folder would let a rename
   * replace it: one we may not write, or one marked read-only for all
   * (which root could write, but the clerk meant to keep). */
  if (found && access (target, W_OK) != 0)
    return errno != 0 ? errno : EACCES;
  if (found && (st.st_mode & 0222) == 0)
    return EACCES;

  dir = g_path_get_dirname (target);
  base = g_path_get_basename (target);
  /* The temporary name adds 8 bytes: a name near the limit is cut, at a
   * character's start. */
  if (strlen (base) > NAME_MAX - 8)
    *g_utf8_find_prev_char (base, base + NAME_MAX - 8 + 1) = '\0';
  hidden = g_strdup_printf (".%s.XXXXXX", base);
  name = g_build_filename (dir, hidden, NULL);
  out = g_mkstemp_full (name, O_WRONLY | O_CLOEXEC, 0666);
  if (out < 0)
    return errno != 0 ? errno : EIO;
  /* Keep the old file's permissions (a private report stays private). */
  if (found)
    (void) fchmod (out, st.st_mode & 07777);

  if (fd != NULL)
    *fd = out;
  else
    close (out);
  *temp = g_steal_pointer (&name);
  return 0;
}

int
nb_storage_temp_commit (const char *temp,
                        const char *path)
{
  g_autofree char *target = NULL;
  g_autofree char *dir = NULL;
  int fd;

  g_return_val_if_fail (temp != NULL && path != NULL, EINVAL);

  target = resolve_target (path);
  fd = open (temp, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || fsync (fd) != 0)
    {
      int saved_errno = errno != 0 ? errno : EIO;

      if (fd >= 0)
        close (fd);
      g_unlink (temp);
      return saved_errno;
    }
  close (fd);
  if (rename (temp, target) != 0)
    {
      int saved_errno = errno != 0 ? errno : EIO;

      g_unlink (temp);
      return saved_errno;
    }

  /* The rename itself reaches the disk with the folder. */
  dir = g_path_get_dirname (target);
  fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0)
    {
      (void) fsync (fd);
      close (fd);
    }
  return 0;
}

/* Local files: a temporary file beside the target, written, synced and
 * renamed over it. GIO's g_file_replace_contents () is not used: when a
 * write fails (disk full) it drops the stream, and closing a replace stream
 * *commits* it, so the old file is replaced by the partial one; and a new
 * file is written in place, so a crash leaves half a file. */
static gboolean
replace_local (GFile         *file,
               const char    *path,
               const char    *data,
               gsize          length,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autofree char *temp = NULL;
  gboolean existed = FALSE;
  int fd = -1;
  int saved_errno;
  gsize done = 0;

  if ((saved_errno = nb_storage_temp_open (path, &temp, &fd, &existed)) != 0)
    {
      set_write_error (error, file, saved_errno, existed);
      return FALSE;
    }

  while (done < length)
    {
      ssize_t n;

      errno = 0;
      n = write (fd, data + done, MIN (length - done, (gsize) G_MAXSSIZE));
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        goto write_failed;
      done += (gsize) n;
    }
  if (close (fd) != 0)
    {
      fd = -1;
      goto write_failed;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_unlink (temp);
      return FALSE;
    }
  /* On failure the commit has removed the temporary file itself. */
  if ((saved_errno = nb_storage_temp_commit (temp, path)) != 0)
    {
      set_write_error (error, file, saved_errno, existed);
      return FALSE;
    }
  return TRUE;

write_failed:
  saved_errno = errno != 0 ? errno : EIO;
  if (fd >= 0)
    close (fd);
  g_unlink (temp);
  set_write_error (error, file, saved_errno, existed);
  return FALSE;
}

/* Other GFiles (network locations through GVfs): GIO writes the temporary
 * file. A failed write must not be committed, so the stream is closed with a
 * cancelled cancellable, which makes GIO delete its temporary file; a file
 * that did not exist before is written in place and removed again. */
static gboolean
replace_gio (GFile         *file,
             const char    *data,
             gsize          length,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GCancellable) abandon = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean existed = g_file_query_exists (file, cancellable);
  g_autofree char *name = NULL;

  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, &local_error);
  if (out != NULL &&
      g_output_stream_write_all (G_OUTPUT_STREAM (out), data, length, NULL, cancellable, &local_error))
    {
      if (g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, &local_error))
        return TRUE;
    }
  else if (out != NULL)
    {
      abandon = g_cancellable_new ();
      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (out), abandon, NULL);
    }
  if (out != NULL && !existed)
    g_file_delete (file, NULL, NULL);

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  name = g_file_get_parse_name (file);
  g_set_error (error, NB_STORAGE_ERROR, NB_STORAGE_ERROR_WRITE,
               _("Could not save %s: %s"), name, local_error->message);
  return FALSE;
}

/**
 * nb_storage_replace_contents:
 *
 * Atomically replaces @file: a temporary file in the same folder is
 * written, synced and renamed over the target, so the old file survives
 * any failure (or a crash) and no temporary file is left behind.
 */
gboolean
nb_storage_replace_contents (GFile         *file,
                             const char    *data,
                             gsize          length,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (data == NULL)
    data = "";
  path = g_file_is_native (file) ? g_file_get_path (file) : NULL;
  if (path != NULL)
    return replace_local (file, path, data, length, cancellable, error);
  return replace_gio (file, data, length, cancellable, error);
}

gboolean
nb_storage_save_file (NbReport      *report,
                      GFile         *file,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (NB_IS_REPORT (report), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  data = nb_storage_to_data (report, &length);
  return nb_storage_replace_contents (file, data, length, cancellable, error);
}
