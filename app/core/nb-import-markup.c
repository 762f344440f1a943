/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-import"

#include "config.h"

#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "nb-import-private.h"

/* HTML pages and .docx documents: both are XML trees of paragraphs and
 * tables, turned here into the import's lines (nb-import-private.h). */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

/* The part of a .docx holding the text; a report's is well under this. */
#define DOCX_MAX_PART (64 * 1024 * 1024)

static gboolean
is_wide (gunichar c)
{
  return g_unichar_iswide (c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF);
}

/* HTML whitespace rules: runs collapse to one space, except that a line
 * break of the source between two Chinese characters is no space at all. */
static char *
collapse_spaces (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0xA0)
        {
          gboolean newline = FALSE;
          gunichar before = 0, after;
          const char *q = p;

          while (*q != '\0' && (g_unichar_isspace (g_utf8_get_char (q)) || g_utf8_get_char (q) == 0xA0))
            {
              newline |= *q == '\n' || *q == '\r';
              q = g_utf8_next_char (q);
            }
          after = g_utf8_get_char (q);
          if (out->len > 0)
            before = g_utf8_get_char (g_utf8_find_prev_char (out->str, out->str + out->len));
          if (out->len > 0 && *q != '\0' && !(newline && is_wide (before) && is_wide (after)))
            g_string_append_c (out, ' ');
          p = q;
          continue;
        }
      g_string_append_unichar (out, c);
      p = g_utf8_next_char (p);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------ HTML */

typedef struct
{
  NbImpDoc *doc;
  GString  *line;
} HtmlWalker;

static const char *html_blocks[] = {
  "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
  "section", "article", "header", "footer", "nav", "aside", "main", "blockquote", "pre",
  "center", "form", "fieldset", "figure", "figcaption", "address", "hr", "caption",
  "tr", "td", "th", "tbody", "thead", "tfoot", "table", "body", "html", NULL
};

static const char *html_skipped[] = {
  "script", "style", "head", "noscript", "template", "select", "option", "iframe",
  "object", "embed", "svg", "button", "textarea", "input", NULL
};

static void
html_flush (HtmlWalker *w)
{
  g_autofree char *text = collapse_spaces (w->line->str);

  g_strstrip (text);
  if (*text != '\0')
    _nb_imp_doc_add_text (w->doc, text);
  g_string_truncate (w->line, 0);
}

static gboolean
html_is (xmlNode    *node,
         const char *name)
{
  return node->type == XML_ELEMENT_NODE && g_ascii_strcasecmp ((const char *) node->name, name) == 0;
}

static void html_walk (HtmlWalker *w, xmlNode *node);

/* The text of a cell on one line (its paragraphs joined by a space). */
static void
html_cell_text (xmlNode *node,
                GString *out)
{
  for (xmlNode *n = node->children; n != NULL; n = n->next)
    {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        g_string_append (out, (const char *) n->content);
      else if (n->type == XML_ELEMENT_NODE)
        {
          if (g_strv_contains (html_skipped, (const char *) n->name))
            continue;
          if (html_is (n, "br") || g_strv_contains (html_blocks, (const char *) n->name))
            g_string_append_c (out, '\n');
          html_cell_text (n, out);
          if (g_strv_contains (html_blocks, (const char *) n->name))
            g_string_append_c (out, '\n');
        }
    }
}

static void
html_collect (xmlNode    *node,
              const char *name,
              gboolean    nested,
              GPtrArray  *out)
{
  for (xmlNode *n = node->children; n != NULL; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (html_is (n, name))
        g_ptr_array_add (out, n);
      else if (!html_is (n, "table") || nested)
        html_collect (n, name, nested, out);
    }
}

/* A table used to lay the page out (a nested table, or a single cell)
 * holds paragraphs, not a form's cells. */
static gboolean
html_is_layout_table (xmlNode *table)
{
  g_autoptr(GPtrArray) nested = g_ptr_array_new ();
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();

  html_collect (table, "table", TRUE, nested);
  if (nested->len > 0)
    return TRUE;
  html_collect (table, "td", FALSE, cells);
  html_collect (table, "th", FALSE, cells);
  return cells->len <= 1;
}

static void
html_table (HtmlWalker *w,
            xmlNode    *table)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  html_collect (table, "tr", FALSE, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      xmlNode *tr = g_ptr_array_index (rows, i);
      GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);

      for (xmlNode *td = tr->children; td != NULL; td = td->next)
        {
          g_autoptr(GString) text = NULL;
          char *cell;

          if (!html_is (td, "td") && !html_is (td, "th"))
            continue;
          text = g_string_new (NULL);
          html_cell_text (td, text);
          cell = collapse_spaces (text->str);
          g_ptr_array_add (cells, g_strstrip (cell));
        }
      if (cells->len > 0)
        _nb_imp_doc_add_cells (w->doc, NB_IMP_LINE_ROW, cells);
      else
        g_ptr_array_unref (cells);
    }
}

static void
html_walk (HtmlWalker *w,
           xmlNode    *node)
{
  for (xmlNode *n = node->children; n != NULL; n = n->next)
    {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        {
          g_string_append (w->line, (const char *) n->content);
          continue;
        }
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (g_strv_contains (html_skipped, (const char *) n->name))
        continue;
      if (html_is (n, "br"))
        {
          html_flush (w);
          continue;
        }
      if (html_is (n, "table") && !html_is_layout_table (n))
        {
          html_flush (w);
          html_table (w, n);
          continue;
        }
      if (g_strv_contains (html_blocks, (const char *) n->name))
        {
          html_flush (w);
          html_walk (w, n);
          html_flush (w);
        }
      else
        html_walk (w, n);
    }
}

static xmlNode *
html_find (xmlNode    *node,
           const char *name)
{
  for (xmlNode *n = node; n != NULL; n = n->next)
    {
      xmlNode *found;

      if (html_is (n, name))
        return n;
      if (n->children != NULL && (found = html_find (n->children, name)) != NULL)
        return found;
    }
  return NULL;
}

/* The page's declared charset, when the bytes are not UTF-8. */
static char *
html_declared_charset (const char *data,
                       gsize       length)
{
  g_autofree char *head = g_strndup (data, MIN (length, 4096));
  g_autoptr(GRegex) re = g_regex_new ("charset\\s*=\\s*[\"']?([A-Za-z0-9_-]+)", G_REGEX_CASELESS | G_REGEX_RAW, 0, NULL);
  g_autoptr(GMatchInfo) info = NULL;

  for (gsize i = 0; i < strlen (head); i++)
    if ((guchar) head[i] >= 0x80)
      head[i] = ' ';
  if (g_regex_match (re, head, 0, &info))
    return g_match_info_fetch (info, 1);
  return NULL;
}

NbImpDoc *
_nb_import_read_html (const char  *data,
                      gsize        length,
                      GError     **error)
{
  g_autoptr(NbImpDoc) doc = _nb_imp_doc_new ();
  g_autoptr(xmlDoc) tree = NULL;
  g_autofree char *converted = NULL;
  g_autofree char *charset = NULL;
  const char *encoding = "UTF-8";
  HtmlWalker w = { doc, NULL };
  xmlNode *root, *title, *body;
  int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                HTML_PARSE_NONET | HTML_PARSE_COMPACT;

  if (length > G_MAXINT)
    {
      g_set_error (error, NB_IMPORT_ERROR, NB_IMPORT_ERROR_TOO_LARGE, _("The page is too large."));
      return NULL;
    }
  if (!g_utf8_validate (data, length, NULL))
    {
      /* Many government sites still serve GB2312/GBK pages. */
      charset = html_declared_charset (data, length);
      converted = g_convert (data, length, "UTF-8", charset != NULL ? charset : "GB18030",
                             NULL, &length, NULL);
      if (converted == NULL)
        {
          g_set_error (error, NB_IMPORT_ERROR, NB_IMPORT_ERROR_NOT_TEXT,
                       _("The page is neither UTF-8 nor in its declared character set (%s)."),
                       charset != NULL ? charset : "GB18030");
          return NULL;
        }
      data = converted;
    }

  tree = htmlReadMemory (data, (int) length, NULL, encoding, options);
  if (tree == NULL || (root = xmlDocGetRootElement (tree)) == NULL)
    {
      g_set_error (error, NB_IMPORT_ERROR, NB_IMPORT_ERROR_CORRUPT, _("The page cannot be read as HTML."));
      return NULL;
    }

  if ((title = html_find (root, "title")) != NULL)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      html_cell_text (title, text);
      doc->title_hint = g_strstrip (collapse_spaces (text->str));
    }

  w.line = g_string_new (NULL);
  body = html_find (root, "body");
  html_walk (&w, body != NULL ? body : root);
  html_flush (&w);
  g_string_free (w.line, TRUE);
  return g_steal_pointer (&doc);
}

/* ------------------------------------------------------------------ docx */

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

static gboolean
w_is (xmlNode    *node,
      const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         g_strcmp0 ((const char *) node->ns->href, W_NS) == 0 &&
         g_str_equal ((const char *) node->name, name);
}

/* Word writes a text box twice: as DrawingML (mc:Choice) and as VML for
 * older readers (mc:Fallback). Read it once. */
static gboolean
is_fallback (xmlNode *node)
{
  return node->type == XML_ELEMENT_NODE && g_str_equal ((const char *) node->name, "Fallback");
}

static xmlNode *
w_child (xmlNode    *node,
         const char *name)
{
  for (xmlNode *n = node->children; n != NULL; n = n->next)
    if (w_is (n, name))
      return n;
  return NULL;
}

/* The text of a paragraph or anything holding runs; a manual line break
 * becomes "\n" (the caller splits or joins). Deleted text and field codes
 * are not text. */
static void
w_text (xmlNode *node,
        GString *out)
{
  for (xmlNode *n = node->children; n != NULL; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (w_is (n, "t"))
        {
          g_autofree char *t = (char *) xmlNodeGetContent (n);
          if (t != NULL)
            g_string_append (out, t);
        }
      else if (w_is (n, "tab"))
        g_string_append_c (out, '\t');
      else if (w_is (n, "br") || w_is (n, "cr"))
        g_string_append_c (out, '\n');
      else if (w_is (n, "p"))
        {
          if (out->len > 0)
            g_string_append_c (out, '\n');
          w_text (n, out);
        }
      else if (w_is (n, "del") || w_is (n, "delText") || w_is (n, "instrText") ||
               w_is (n, "rPr") || w_is (n, "pPr") || w_is (n, "tcPr") || w_is (n, "tblPr") ||
               is_fallback (n))
        continue;
      else
        w_text (n, out);
    }
}

static void
w_add_paragraph (NbImpDoc *doc,
                 xmlNode  *p)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;

  w_text (p, text);
  lines = g_strsplit (text->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strdelimit (lines[i], "\t", ' ');
      g_strstrip (lines[i]);
      if (*lines[i] != '\0')
        _nb_imp_doc_add_text (doc, lines[i]);
    }
}

/* A cell continuing a vertical merge is the merged cell's lower part: it
 * holds nothing, like the cells an HTML rowspan leaves out. */
static gboolean
w_is_merge_continuation (xmlNode *tc)
{
  xmlNode *pr = w_child (tc, "tcPr");
  xmlNode *merge = pr != NULL ? w_child (pr, "vMerge") : NULL;
  g_autofree char *val = NULL;

  if (merge == NULL)
    return FALSE;
  val = (char *) xmlGetNsProp (merge, (const xmlChar *) "val", (const xmlChar *) W_NS);
  return val == NULL || g_strcmp0 (val, "continue") == 0;
}

static void
w_add_table (NbImpDoc *doc,
             xmlNode  *tbl)
{
  for (xmlNode *tr = tbl->children; tr != NULL; tr = tr->next)
    {
      GPtrArray *cells;

      if (!w_is (tr, "tr"))
        continue;
      cells = g_ptr_array_new_with_free_func (g_free);
      for (xmlNode *tc = tr->children; tc != NULL; tc = tc->next)
        {
          g_autoptr(GString) text = NULL;
          char *cell;

          if (w_is (tc, "sdt"))
            tc = w_child (tc, "sdtContent") != NULL ? w_child (w_child (tc, "sdtContent"), "tc") : NULL;
          if (tc == NULL)
            break;
          if (!w_is (tc, "tc") || w_is_merge_continuation (tc))
            continue;
          text = g_string_new (NULL);
          w_text (tc, text);
          g_strdelimit (text->str, "\n\t", ' ');
          cell = collapse_spaces (text->str);
          g_ptr_array_add (cells, g_strstrip (cell));
        }
      if (cells->len > 0)
        _nb_imp_doc_add_cells (doc, NB_IMP_LINE_ROW, cells);
      else
        g_ptr_array_unref (cells);
    }
}

static void
w_walk (NbImpDoc *doc,
        xmlNode  *node)
{
  for (xmlNode *n = node->children; n != NULL; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (w_is (n, "p"))
        w_add_paragraph (doc, n);
      else if (w_is (n, "tbl"))
        w_add_table (doc, n);
      else if (!w_is (n, "sectPr") && !is_fallback (n))
        w_walk (doc, n);  /* content controls, custom XML, inserted text */
    }
}

static GBytes *
docx_read_part (const char  *data,
                gsize        length,
                const char  *part,
                GError     **error)
{
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  GBytes *result = NULL;
  gboolean zip = FALSE;
  int r;

  archive_read_support_format_zip (a);
  if (archive_read_open_memory (a, data, length) != ARCHIVE_OK)
    goto out;
  while ((r = archive_read_next_header (a, &entry)) == ARCHIVE_OK)
    {
      zip = TRUE;
      if (g_strcmp0 (archive_entry_pathname (entry), part) == 0)
        {
          g_autoptr(GByteArray) bytes = g_byte_array_new ();
          char buf[65536];
          la_ssize_t n;

          while ((n = archive_read_data (a, buf, sizeof buf)) > 0)
            {
              if (bytes->len + (gsize) n > DOCX_MAX_PART)
                {
                  g_set_error (error, NB_IMPORT_ERROR, NB_IMPORT_ERROR_TOO_LARGE,
                               _("The document’s text part is larger than %d MB."), DOCX_MAX_PART >> 20);
                  goto out;
                }
              g_byte_array_append (bytes, (const guint8 *) buf, (guint) n);
            }
          if (n < 0)
            {
              g_set_error (error, NB_IMPORT_ERROR, NB_IMPORT_ERROR_CORRUPT,
                           _("The .docx document is damaged: %s"), archive_error_string (a));
              goto out;
            }
          result = g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
          goto out;
        }
      archive_read_data_skip (a);
    }
  if (r != ARCHIVE_EOF)
    g_set_error (error, NB_IMPORT_ERROR, NB_IMPORT_ERROR_CORRUPT,
                 _("The .docx document is damaged: %s"),
                 archive_error_string (a) != NULL ? archive_error_string (a) : _("not a zip archive"));
  else
    g_set_error (error, NB_IMPORT_ERROR, zip ? NB_IMPORT_ERROR_UNSUPPORTED : NB_IMPORT_ERROR_CORRUPT,
                 zip ? _("This zip archive is not a Word document (.docx): it has no word/document.xml.")
                     : _("The .docx document is damaged: not a zip archive"));

out:
  archive_read_free (a);
  return result;
}

NbImpDoc *
_nb_import_read_docx (const char  *data,
                      gsize        length,
                      GError     **error)
{
  g_autoptr(NbImpDoc) doc = _nb_imp_doc_new ();
  g_autoptr(GBytes) part = NULL;
  g_autoptr(xmlDoc) tree = NULL;
  xmlNode *root, *body;
  gsize size;
  const char *xml;

  if ((part = docx_read_part (data, length, "word/document.xml", error)) == NULL)
    return NULL;
  xml = g_bytes_get_data (part, &size);
  /* No network, no entity expansion: the document is untrusted input. */
  tree = xmlReadMemory (xml, (int) size, "document.xml", NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (tree == NULL || (root = xmlDocGetRootElement (tree)) == NULL ||
      (body = w_child (root, "body")) == NULL)
    {
      g_set_error (error, NB_IMPORT_ERROR, NB_IMPORT_ERROR_CORRUPT,
                   _("The .docx document is damaged: its text is not readable XML."));
      return NULL;
    }
  w_walk (doc, body);
  return g_steal_pointer (&doc);
}
