/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-import"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "nb-cell-input.h"
#include "nb-import-private.h"
#include "nb-report-private.h"

/*
 * Reading the tables.
 *
 * Published tables keep their cells apart in very different ways: an HTML
 * <tr>, a web copy's "text |" lines where merged cells leave bare "|", or the
 * space-aligned lines of `pdftotext -layout` where a long label wraps over
 * three lines, the numbers sit on the middle one, and the text of a merged
 * cell to the left ("三、本年度办理结果", one or two characters per line) is
 * interleaved with it. Rows cannot be trusted, so the import does not read
 * rows: it reads the tables' text as one stream of label text with "runs" of
 * numbers at positions in it, finds every row label of the form in that text
 * (in the form's order, tolerating typos, numbering styles and stray
 * characters), and gives each label the run printed inside its text or
 * right after it. Values are only taken where the count of printed numbers
 * fits the row; anything else is left blank and said.
 */

#define UNIT_NUMBERING 0xF0000u   /* + level * 0x100 + number: "（一）" is one unit */

#define MATCH_SCORE      2
#define MISMATCH_SCORE  (-1)
#define MISSING_SCORE   (-2)      /* a character of the label not in the text */
#define EXTRA_SCORE     (-1)      /* a character in the text not in the label */

#define FIND_THRESHOLD   0.6      /* share of a perfect match to accept a label */
#define VERSION_THRESHOLD 0.85
#define MAX_CANDIDATES   8

/* ------------------------------------------------------------------ notes */

void
_nb_import_add_note (GPtrArray        *notes,
                     NbImportNoteKind  kind,
                     const char       *section_id,
                     GPtrArray        *cell_ids,
                     const char       *format,
                     ...)
{
  NbImportNote *note;
  va_list args;

  if (notes == NULL)
    return;

  note = g_new0 (NbImportNote, 1);
  note->kind = kind;
  note->section_id = g_strdup (section_id);
  if (cell_ids != NULL && cell_ids->len > 0)
    {
      note->cell_ids = g_new0 (char *, cell_ids->len + 1);
      for (guint i = 0; i < cell_ids->len; i++)
        note->cell_ids[i] = g_strdup (g_ptr_array_index (cell_ids, i));
    }
  va_start (args, format);
  note->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (notes, note);
}

/* ------------------------------------------------------------------ units */

typedef struct
{
  gunichar c;
  guint    start;  /* byte range of the character it came from */
  guint    end;
} NChar;

/* Published labels that differ from the form's only in a common variant:
 * 其它 for 其他, 合计 for 总计, 〔七〕 or 【七】 for （七）. Folded on both
 * sides, the form's labels and the text, so they compare equal. */
static gunichar
fold_variant (gunichar c)
{
  switch (c)
    {
    case 0x5B83: /* 它 */
      return 0x4ED6; /* 他 */
    case 0x5408: /* 合 */
      return 0x603B; /* 总 */
    case 0x3014: /* 〔 */
    case 0x3010: /* 【 */
      return '(';
    case 0x3015: /* 〕 */
    case 0x3011: /* 】 */
      return ')';
    default:
      return c;
    }
}

static void
nchars_append (GArray     *out,
               const char *text,
               guint       base)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      const char *next = g_utf8_next_char (p);
      gunichar c = fold_variant (g_utf8_get_char (p));
      g_autofree char *norm = NULL;

      /* ASCII and the common Chinese characters are their own NFKC form. */
      if (c < 0x80 || (c >= 0x4E00 && c <= 0x9FFF))
        {
          NChar n = { g_unichar_tolower (c), base + (guint) (p - text), base + (guint) (next - text) };
          g_array_append_val (out, n);
          continue;
        }
      if ((norm = g_utf8_normalize (p, next - p, G_NORMALIZE_NFKC)) == NULL)
        continue;
      for (const char *q = norm; *q != '\0'; q = g_utf8_next_char (q))
        {
          NChar n = { g_unichar_tolower (g_utf8_get_char (q)), base + (guint) (p - text),
                      base + (guint) (next - text) };
          g_array_append_val (out, n);
        }
    }
}

static int
cjk_digit (gunichar c)
{
  static const gunichar digits[] = { 0x96F6 /* 零 */, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
                                     0x516D, 0x4E03, 0x516B, 0x4E5D };
  if (c == 0x3007) /* 〇 */
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (digits); i++)
    if (digits[i] == c)
      return (int) i;
  if (c == 0x5341) /* 十 */
    return 10;
  return -1;
}

/* "三" → 3, "十二" → 12, "二十" → 20: the numbering of rows and sections. */
static guint
cjk_number (const NChar *c,
            guint        n,
            int         *value)
{
  guint len = 0;
  int v = 0;
  int current = 0;

  while (len < n && len < 3 && cjk_digit (c[len].c) >= 0)
    {
      int d = cjk_digit (c[len].c);
      if (d == 10)
        {
          v += (current == 0 ? 1 : current) * 10;
          current = 0;
        }
      else
        current = d;
      len++;
    }
  *value = v + current;
  return len;
}

static guint
ascii_number (const NChar *c,
              guint        n,
              int         *value)
{
  guint len = 0;

  *value = 0;
  while (len < n && len < 3 && c[len].c < 128 && g_ascii_isdigit ((char) c[len].c))
    *value = *value * 10 + (int) (c[len++].c - '0');
  return len;
}

typedef struct
{
  GArray *units;  /* gunichar */
  GArray *start;  /* guint: byte where the unit's text starts */
  GArray *end;    /* guint: byte after it */
} Units;

static void
units_clear (Units *u)
{
  g_clear_pointer (&u->units, g_array_unref);
  g_clear_pointer (&u->start, g_array_unref);
  g_clear_pointer (&u->end, g_array_unref);
}

static void
units_init (Units *u)
{
  u->units = g_array_new (FALSE, FALSE, sizeof (gunichar));
  u->start = g_array_new (FALSE, FALSE, sizeof (guint));
  u->end = g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
units_push (Units    *u,
            gunichar  unit,
            guint     start,
            guint     end)
{
  g_array_append_val (u->units, unit);
  g_array_append_val (u->start, start);
  g_array_append_val (u->end, end);
}

/* Appends the units of @text, whose first byte is at @base. */
static void
units_append (Units      *u,
              const char *text,
              guint       base)
{
  g_autoptr(GArray) chars = g_array_new (FALSE, FALSE, sizeof (NChar));
  const NChar *c;
  guint n;

  nchars_append (chars, text, base);
  c = (const NChar *) chars->data;
  n = chars->len;

  for (guint i = 0; i < n;)
    {
      gboolean after_digit = i > 0 && (g_unichar_isdigit (c[i - 1].c) || c[i - 1].c == '.');
      gboolean after_cjk_digit = i > 0 && cjk_digit (c[i - 1].c) >= 0;
      int value;
      guint len;

      if (c[i].c == '(' && i + 1 < n)
        {
          if ((len = cjk_number (c + i + 1, n - i - 1, &value)) > 0 &&
              i + 1 + len < n && c[i + 1 + len].c == ')')
            {
              units_push (u, UNIT_NUMBERING + 0x200 + (guint) value, c[i].start, c[i + 1 + len].end);
              i += len + 2;
              continue;
            }
          if ((len = ascii_number (c + i + 1, n - i - 1, &value)) > 0 && len <= 2 &&
              i + 1 + len < n && c[i + 1 + len].c == ')')
            {
              units_push (u, UNIT_NUMBERING + 0x300 + (guint) value, c[i].start, c[i + 1 + len].end);
              i += len + 2;
              continue;
            }
        }
      else if (!after_cjk_digit && (len = cjk_number (c + i, n - i, &value)) > 0 &&
               i + len < n && (c[i + len].c == 0x3001 /* 、 */ || c[i + len].c == '.'))
        {
          units_push (u, UNIT_NUMBERING + 0x100 + (guint) value, c[i].start, c[i + len].end);
          i += len + 1;
          continue;
        }
      else if (!after_digit && (len = ascii_number (c + i, n - i, &value)) > 0 && len <= 2 &&
               i + len < n && (c[i + len].c == 0x3001 || c[i + len].c == '.') &&
               !(i + len + 1 < n && g_unichar_isdigit (c[i + len + 1].c)))
        {
          units_push (u, UNIT_NUMBERING + 0x300 + (guint) value, c[i].start, c[i + len].end);
          i += len + 1;
          continue;
        }

      if (g_unichar_isalnum (c[i].c))
        units_push (u, c[i].c, c[i].start, c[i].end);
      i++;
    }
}

GArray *
_nb_imp_units_new (const char *text)
{
  Units u;

  units_init (&u);
  units_append (&u, text, 0);
  g_clear_pointer (&u.start, g_array_unref);
  g_clear_pointer (&u.end, g_array_unref);
  return u.units;
}

int
_nb_imp_units_numbering (GArray *units)
{
  gunichar first;

  if (units->len == 0)
    return -1;
  first = g_array_index (units, gunichar, 0);
  return first >= UNIT_NUMBERING ? (int) (first & 0xFF) : -1;
}

/* ------------------------------------------------------------- alignment */

typedef struct
{
  guint  start;   /* units of the text the label covers */
  guint  end;
  double score;   /* share of a perfect match */
} Candidate;

static int
candidate_by_score (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = a, *y = b;
  return (x->score < y->score) - (x->score > y->score);
}

static int
candidate_by_start (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = a, *y = b;
  return (x->start > y->start) - (x->start < y->start);
}

/* Semi-global alignment: every unit of the label is matched, mistyped or
 * missing; the text may start and end anywhere, and may hold stray units
 * inside the label (the text of a neighbouring merged cell). Adds the best
 * non-overlapping placements scoring at least @threshold to @out. */
static void
find_label (const gunichar *label,
            guint           m,
            const gunichar *text,
            guint           n,
            double          threshold,
            GArray         *out)
{
  g_autofree int *prev = NULL;
  g_autofree int *cur = NULL;
  g_autofree guint *prev_start = NULL;
  g_autofree guint *cur_start = NULL;
  g_autoptr(GArray) found = NULL;
  int perfect = MATCH_SCORE * (int) m;

  if (m == 0 || n == 0)
    return;

  prev = g_new (int, n + 1);
  cur = g_new (int, n + 1);
  prev_start = g_new (guint, n + 1);
  cur_start = g_new (guint, n + 1);
  for (guint j = 0; j <= n; j++)
    {
      prev[j] = 0;
      prev_start[j] = j;
    }

  for (guint i = 1; i <= m; i++)
    {
      cur[0] = MISSING_SCORE * (int) i;
      cur_start[0] = 0;
      for (guint j = 1; j <= n; j++)
        {
          int diag = prev[j - 1] + (label[i - 1] == text[j - 1] ? MATCH_SCORE : MISMATCH_SCORE);
          int up = prev[j] + MISSING_SCORE;
          int left = cur[j - 1] + EXTRA_SCORE;

          if (diag >= up && diag >= left)
            {
              cur[j] = diag;
              cur_start[j] = prev_start[j - 1];
            }
          else if (up >= left)
            {
              cur[j] = up;
              cur_start[j] = prev_start[j];
            }
          else
            {
              cur[j] = left;
              cur_start[j] = cur_start[j - 1];
            }
        }
      {
        int *t = prev; prev = cur; cur = t;
      }
      {
        guint *t = prev_start; prev_start = cur_start; cur_start = t;
      }
    }

  /* prev now holds the last row: the score of the label ending at each j. */
  found = g_array_new (FALSE, FALSE, sizeof (Candidate));
  for (guint j = 1; j <= n; j++)
    {
      double score = (double) prev[j] / perfect;

      if (score < threshold)
        continue;
      if (prev[j] < prev[j - 1] || (j < n && prev[j] < prev[j + 1]))
        continue;
      {
        Candidate c = { prev_start[j], j, score };
        g_array_append_val (found, c);
      }
    }
  g_array_sort (found, candidate_by_score);
  for (guint k = 0; k < found->len && out->len < MAX_CANDIDATES; k++)
    {
      Candidate *c = &g_array_index (found, Candidate, k);
      gboolean overlaps = FALSE;

      for (guint o = 0; o < out->len && !overlaps; o++)
        {
          Candidate *d = &g_array_index (out, Candidate, o);
          overlaps = c->start < d->end && d->start < c->end;
        }
      if (!overlaps)
        g_array_append_val (out, *c);
    }
}

double
_nb_imp_units_find (GArray *label,
                    GArray *text)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Candidate));

  find_label ((const gunichar *) label->data, label->len,
              (const gunichar *) text->data, text->len, 0.0, found);
  return found->len > 0 ? g_array_index (found, Candidate, 0).score : 0.0;
}

/* TRUE when the label's units appear in order in the span: only stray text
 * in between, no typo. */
static gboolean
is_subsequence (GArray *label,
                GArray *text,
                guint   start,
                guint   end)
{
  guint i = 0;

  for (guint j = start; j < end && i < label->len; j++)
    if (g_array_index (text, gunichar, j) == g_array_index (label, gunichar, i))
      i++;
  return i == label->len;
}

/* ------------------------------------------------------------------ zone */

typedef enum
{
  VALUE_EMPTY,        /* an empty cell */
  VALUE_NUMBER,       /* digits, maybe signed or with a decimal point */
  VALUE_PLACEHOLDER,  /* "—", "/", "无": printed, but not a number */
} ValueKind;

typedef struct
{
  ValueKind  kind;
  char      *text;    /* as printed */
  char      *number;  /* the number to parse: "1,234" → "1234", "5件" → "5"; NULL if none */
  int        x;       /* column of its centre in layout text, -1 elsewhere */
} Value;

typedef struct
{
  guint      pos;      /* units of label text before it */
  GPtrArray *values;   /* Value* */
  gboolean   claimed;
} Run;

struct _NbImpZone
{
  Units      u;
  GString   *text;     /* the label text the units come from */
  GPtrArray *runs;     /* Run* */
  Run       *open;     /* the run new values extend; NULL after text or a row end */
};

static void
value_free (Value *v)
{
  g_free (v->text);
  g_free (v->number);
  g_free (v);
}

static void
run_free (Run *r)
{
  g_ptr_array_unref (r->values);
  g_free (r);
}

NbImpZone *
_nb_imp_zone_new (void)
{
  NbImpZone *z = g_new0 (NbImpZone, 1);

  units_init (&z->u);
  z->text = g_string_new (NULL);
  z->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) run_free);
  return z;
}

void
_nb_imp_zone_free (NbImpZone *zone)
{
  if (zone == NULL)
    return;
  units_clear (&zone->u);
  g_string_free (zone->text, TRUE);
  g_ptr_array_unref (zone->runs);
  g_free (zone);
}

guint
_nb_imp_zone_get_size (NbImpZone *zone)
{
  return zone->u.units->len;
}

static void
zone_add_text (NbImpZone  *z,
               const char *text)
{
  guint before = z->u.units->len;
  guint base;

  if (z->text->len > 0)
    g_string_append_c (z->text, ' ');
  base = (guint) z->text->len;
  g_string_append (z->text, text);
  units_append (&z->u, text, base);
  if (z->u.units->len > before)
    z->open = NULL;
}

static void
zone_add_value (NbImpZone  *z,
                ValueKind   kind,
                const char *text,
                const char *number,
                int         x)
{
  Value *v = g_new0 (Value, 1);

  if (z->open == NULL)
    {
      z->open = g_new0 (Run, 1);
      z->open->pos = z->u.units->len;
      z->open->values = g_ptr_array_new_with_free_func ((GDestroyNotify) value_free);
      g_ptr_array_add (z->runs, z->open);
    }
  v->kind = kind;
  v->text = g_strdup (text);
  v->number = g_strdup (number);
  v->x = x;
  g_ptr_array_add (z->open->values, v);
}


static gboolean
is_space (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x3000 || c == 0xA0;
}

/* "12", "-3", "+2", "0.5", "１２" → the ASCII number; NULL for anything else. */
static char *
plain_number (const char *text)
{
  g_autofree char *n = NULL;
  const char *p;
  gboolean digits = FALSE;

  /* "+2" in 本年增/减: the sign is no character of a typed number. */
  if (g_str_has_prefix (text, "+") || g_str_has_prefix (text, "＋"))
    text += g_str_has_prefix (text, "+") ? 1 : strlen ("＋");
  /* "1 2" is two numbers (or none), never twelve. */
  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (is_space (g_utf8_get_char (p)))
      return NULL;
  n = nb_cell_input_normalize (text);

  if (n == NULL || *n == '\0')
    return NULL;
  p = n;
  if (*p == '-')
    p++;
  for (; g_ascii_isdigit (*p); p++)
    digits = TRUE;
  if (*p == '.' && digits)
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return NULL;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p != '\0' || !digits)
    return NULL;
  return g_steal_pointer (&n);
}

static gboolean
is_placeholder (const char *text,
                gboolean    words)
{
  static const char *dashes[] = { "-", "—", "——", "－", "–", "/", "／", "\\", NULL };
  static const char *cell_words[] = { "无", "空", "/", "—", NULL };

  if (g_strv_contains (dashes, text))
    return TRUE;
  return !words && g_strv_contains (cell_words, text);
}

/* A number with a footnote mark after it: "24*", "24※", "24①", "24¹", "24注1". */
static GRegex *
marked_number_regex (void)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    g_once_init_leave (&regex,
                               g_regex_new ("^([0-9０-９]+(?:[.．][0-9０-９]+)?)\\s*"
                                            "(?:[*＊※\\x{2460}-\\x{2473}\\x{00B9}\\x{00B2}\\x{00B3}]+|注[0-9０-９]+)$",
                                            G_REGEX_OPTIMIZE, 0, NULL));
  return regex;
}

/* A table cell's text: "5件" and "1,234" are numbers as clerks print them. */
static ValueKind
classify_cell (const char  *text,
               char       **number)
{
  g_autofree char *plain = NULL;
  static const char *units[] = { "万元", "件", "个", "条", "项", "次", NULL };

  *number = NULL;
  if (*text == '\0')
    return VALUE_EMPTY;
  if ((plain = plain_number (text)) != NULL)
    {
      *number = g_steal_pointer (&plain);
      return VALUE_NUMBER;
    }
  for (guint i = 0; units[i] != NULL; i++)
    if (g_str_has_suffix (text, units[i]))
      {
        g_autofree char *head = g_strndup (text, strlen (text) - strlen (units[i]));
        if ((plain = plain_number (g_strstrip (head))) != NULL)
          {
            *number = g_steal_pointer (&plain);
            return VALUE_NUMBER;
          }
      }
  if ((strchr (text, ',') != NULL || strstr (text, "，") != NULL) &&
      g_regex_match_simple ("^[0-9]{1,3}((,|，)[0-9]{3})+(\\.[0-9]+)?$", text, 0, 0))
    {
      GString *digits = g_string_new (NULL);

      /* 1,532 or, typed with a Chinese input method, 1，532. */
      for (const char *p = text; *p != '\0'; p++)
        if (*p != ',' && !g_str_has_prefix (p, "，"))
          g_string_append_c (digits, *p);
        else if (*p != ',')
          p += strlen ("，") - 1;
      *number = g_string_free (digits, FALSE);
      return VALUE_NUMBER;
    }
  if (is_placeholder (text, FALSE))
    return VALUE_PLACEHOLDER;
  /* A footnote mark after the number ("24*", "24①", "24注1"): the number. */
  {
    g_autoptr(GMatchInfo) match = NULL;

    if (g_regex_match (marked_number_regex (), text, 0, &match))
      {
        g_autofree char *digits = g_match_info_fetch (match, 1);

        if ((plain = plain_number (digits)) != NULL)
          {
            *number = g_steal_pointer (&plain);
            return VALUE_NUMBER;
          }
      }
  }
  return (ValueKind) -1;
}

static void
zone_add_cell (NbImpZone  *z,
               const char *cell)
{
  g_autofree char *number = NULL;
  ValueKind kind = classify_cell (cell, &number);

  /* A number that cannot be read as printed ("251000元" where the form
   * wants 万元) still holds its column, or every number after it would
   * move one column left; it is noted and left blank. */
  if ((int) kind < 0 &&
      g_regex_match_simple ("^[0-9０-９][0-9０-９,，.．]*\\s*(万元|元|件|个|条|项|次)?$", cell, 0, 0))
    kind = VALUE_PLACEHOLDER;
  if ((int) kind < 0)
    zone_add_text (z, cell);
  else
    zone_add_value (z, kind, cell, number, -1);
}

/* A line of `pdftotext -layout` output (or any plain text line): words
 * separated by spaces; numbers are values at their column, the rest label
 * text. */
static void
zone_add_layout_line (NbImpZone  *z,
                      const char *line)
{
  g_autoptr(GString) label = g_string_new (NULL);
  const char *p = line;
  guint column = 0;
  guint n_values = 0;
  guint n_texts = 0;

  while (*p != '\0')
    {
      const char *word;
      guint word_column;
      g_autofree char *w = NULL;
      g_autofree char *number = NULL;

      while (*p != '\0' && is_space (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          column++;
        }
      if (*p == '\0')
        break;
      word = p;
      word_column = column;
      while (*p != '\0' && !is_space (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          column++;
        }
      w = g_strndup (word, p - word);

      /* "1,532" and "5件" are numbers here too, as in a table's cells; a
       * dash, but not a word such as 无, stands for an empty cell. */
      if (classify_cell (w, &number) != VALUE_NUMBER)
        g_clear_pointer (&number, g_free);
      if (number != NULL || is_placeholder (w, TRUE))
        {
          if (label->len > 0)
            {
              zone_add_text (z, label->str);
              g_string_truncate (label, 0);
              n_texts++;
            }
          zone_add_value (z, number != NULL ? VALUE_NUMBER : VALUE_PLACEHOLDER, w, number,
                          (int) (word_column + (column - word_column) / 2));
          n_values++;
        }
      else
        {
          if (label->len > 0)
            g_string_append_c (label, ' ');
          g_string_append (label, w);
        }
    }
  if (label->len > 0)
    {
      zone_add_text (z, label->str);
      n_texts++;
    }
  /* A line holding several numbers, or numbers and a label, is a table row:
   * its numbers never continue on the next line. A lone number may be one
   * cell of a copy that puts every cell on its own line. */
  if (n_values >= 2 || (n_values >= 1 && n_texts >= 1))
    z->open = NULL;
}

void
_nb_imp_zone_add_line (NbImpZone *zone,
                       NbImpLine *line,
                       gboolean   layout)
{
  switch (line->kind)
    {
    case NB_IMP_LINE_TEXT:
      if (layout)
        zone_add_layout_line (zone, line->text);
      else
        {
          g_autofree char *number = NULL;
          g_autofree char *stripped = g_strstrip (g_strdup (line->text));

          /* Outside PDF text a line is a paragraph or one cell. */
          if (strchr (stripped, ' ') != NULL || strchr (stripped, '\t') != NULL)
            zone_add_layout_line (zone, stripped);
          else
            zone_add_cell (zone, stripped);
        }
      break;
    case NB_IMP_LINE_ROW:
    case NB_IMP_LINE_CELLS:
      {
        gboolean all_empty = TRUE;

        for (guint i = 0; i < line->cells->len; i++)
          {
            const char *cell = g_ptr_array_index (line->cells, i);

            zone_add_cell (zone, cell);
            all_empty &= *cell == '\0';
          }
        /* A line of several bare "|" (a web copy's padding under merged
         * header cells) ends the run: the next line's numbers must not be
         * counted after its empty cells. One bare "|" may be a blank cell
         * of a copy with a cell per line. */
        if (line->kind == NB_IMP_LINE_ROW || (all_empty && line->cells->len >= 2))
          zone->open = NULL;
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* ------------------------------------------------------ form version */

static void
collect_header_labels (NbTemplate *t,
                       GPtrArray  *out)
{
  for (guint i = 0; i < nb_template_get_n_tables (t); i++)
    {
      const NbTemplateTable *table = nb_template_get_table (t, i);

      for (guint k = 0; k < table->n_grid_cells; k++)
        {
          const NbTemplateGridCell *g = &table->grid_cells[k];

          if (g->role != NB_GRID_DATA && g->text != NULL && *g->text != '\0' &&
              !g_ptr_array_find_with_equal_func (out, g->text, g_str_equal, NULL))
            g_ptr_array_add (out, (gpointer) g->text);
        }
    }
}

static gboolean
units_equal (GArray *a,
             GArray *b)
{
  return a->len == b->len && memcmp (a->data, b->data, a->len * sizeof (gunichar)) == 0;
}

/* How many labels only @t has are printed in the zone. */
static guint
count_unique_labels (NbImpZone  *zone,
                     NbTemplate *t,
                     NbTemplate *other)
{
  g_autoptr(GPtrArray) mine = g_ptr_array_new ();
  g_autoptr(GPtrArray) theirs = g_ptr_array_new ();
  g_autoptr(GPtrArray) their_units = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  guint count = 0;

  collect_header_labels (t, mine);
  collect_header_labels (other, theirs);
  for (guint i = 0; i < theirs->len; i++)
    g_ptr_array_add (their_units, _nb_imp_units_new (g_ptr_array_index (theirs, i)));

  for (guint i = 0; i < mine->len; i++)
    {
      g_autoptr(GArray) u = _nb_imp_units_new (g_ptr_array_index (mine, i));
      gboolean shared = FALSE;

      for (guint k = 0; k < their_units->len && !shared; k++)
        shared = units_equal (u, g_ptr_array_index (their_units, k));
      if (shared || u->len < 3)
        continue;
      if (_nb_imp_units_find (u, zone->u.units) >= VERSION_THRESHOLD)
        count++;
    }
  return count;
}

const char *
_nb_imp_zone_guess_template (NbImpZone  *zone,
                             NbTemplate *t2019,
                             NbTemplate *t2021)
{
  guint n2019 = count_unique_labels (zone, t2019, t2021);
  guint n2021 = count_unique_labels (zone, t2021, t2019);

  g_debug ("form labels found: 2019 %u, 2021 %u", n2019, n2021);
  if (n2019 > n2021)
    return nb_template_get_id (t2019);
  if (n2021 > n2019)
    return nb_template_get_id (t2021);
  return NULL;
}

/* ----------------------------------------------------------- rows */

typedef struct
{
  const char *table_id;
  const char *section_id;
  const char *row_id;
  const char *label;        /* leaf label; "" for a table's one unnamed row */
  char       *name;         /* for notes: "（三）不予公开 1.属于国家秘密" */
  char       *parent;       /* the label of the group above, NULL at the top */
  GArray     *units;
  guint      *cells;        /* template cell indices, in column order */
  guint       n_cells;
  GArray     *candidates;   /* Candidate */
  int         chosen;       /* index into candidates, -1 when not found */
  Run        *run;
} Row;

static void
row_clear (Row *r)
{
  g_free (r->name);
  g_free (r->parent);
  g_clear_pointer (&r->units, g_array_unref);
  g_free (r->cells);
  g_clear_pointer (&r->candidates, g_array_unref);
}

static GArray *
collect_rows (NbTemplate *t)
{
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (Row));

  g_array_set_clear_func (rows, (GDestroyNotify) row_clear);
  for (guint i = 0; i < nb_template_get_n_cells (t); i++)
    {
      const NbTemplateCell *c = nb_template_get_cell (t, i);
      Row r = { 0 };
      g_auto(GStrv) path = NULL;
      guint depth;

      if (rows->len > 0)
        {
          Row *last = &g_array_index (rows, Row, rows->len - 1);
          if (g_str_equal (last->table_id, c->table_id) && g_str_equal (last->row_id, c->row_id))
            continue;
        }
      r.table_id = c->table_id;
      r.section_id = nb_template_get_cell_section (t, i);
      r.row_id = c->row_id;
      r.label = c->row_label;
      path = g_strsplit (c->row_path, " / ", -1);
      depth = g_strv_length (path);
      if (depth >= 2)
        {
          r.parent = g_strdup (path[depth - 2]);
          r.name = g_strdup_printf ("%s %s", path[depth - 2], path[depth - 1]);
        }
      else
        {
          /* A table's one unnamed row is named by its section's heading. */
          int section = nb_template_lookup_section (t, r.section_id);
          const char *title = section >= 0 ? nb_template_get_section (t, section)->title : NULL;
          r.name = g_strdup (*c->row_label != '\0' ? c->row_label : title != NULL ? title : c->table_id);
        }
      r.units = _nb_imp_units_new (c->row_label);
      r.cells = nb_template_get_row_cells (t, c->table_id, c->row_id, &r.n_cells);
      r.candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
      r.chosen = -1;
      g_array_append_val (rows, r);
    }
  return rows;
}

static const Candidate *
row_span (Row *r)
{
  return r->chosen >= 0 ? &g_array_index (r->candidates, Candidate, r->chosen) : NULL;
}

/* Picks one placement per row (or none) so that the rows follow each other
 * in the form's order and the sum of match scores is highest. */
static void
choose_placements (GArray *rows)
{
  typedef struct { double total; int prev_row; int prev_cand; } Cell;
  g_autofree Cell **best = g_new0 (Cell *, rows->len);
  double top = 0;
  int top_row = -1, top_cand = -1;

  for (guint t = 0; t < rows->len; t++)
    {
      Row *r = &g_array_index (rows, Row, t);

      best[t] = g_new0 (Cell, MAX (r->candidates->len, 1));
      for (guint c = 0; c < r->candidates->len; c++)
        {
          Candidate *cand = &g_array_index (r->candidates, Candidate, c);
          Cell cell = { cand->score, -1, -1 };

          for (guint pt = 0; pt < t; pt++)
            {
              Row *pr = &g_array_index (rows, Row, pt);
              for (guint pc = 0; pc < pr->candidates->len; pc++)
                {
                  Candidate *pcand = &g_array_index (pr->candidates, Candidate, pc);
                  if (pcand->end <= cand->start && best[pt][pc].total + cand->score > cell.total)
                    {
                      cell.total = best[pt][pc].total + cand->score;
                      cell.prev_row = (int) pt;
                      cell.prev_cand = (int) pc;
                    }
                }
            }
          best[t][c] = cell;
          if (cell.total > top)
            {
              top = cell.total;
              top_row = (int) t;
              top_cand = (int) c;
            }
        }
    }

  while (top_row >= 0)
    {
      Row *r = &g_array_index (rows, Row, top_row);
      Cell cell = best[top_row][top_cand];

      r->chosen = top_cand;
      top_row = cell.prev_row;
      top_cand = cell.prev_cand;
    }
  for (guint t = 0; t < rows->len; t++)
    g_free (best[t]);
}

static guint
run_n_filled (Run *run)
{
  guint n = 0;

  for (guint i = 0; i < run->values->len; i++)
    if (((Value *) g_ptr_array_index (run->values, i))->kind != VALUE_EMPTY)
      n++;
  return n;
}

static gboolean
run_fits (Run   *run,
          guint  n_cells)
{
  return run->values->len == n_cells || run_n_filled (run) == n_cells;
}

/* The run printed inside the label's text (a wrapped label with its numbers
 * on a middle line), else the first one after it before @limit. */
static Run *
find_run (NbImpZone *zone,
          guint      start,
          guint      end,
          guint      limit,
          guint      n_cells)
{
  Run *inside = NULL;

  for (guint i = 0; i < zone->runs->len; i++)
    {
      Run *run = g_ptr_array_index (zone->runs, i);

      if (run->claimed)
        continue;
      if (run->pos > start && run->pos < end)
        {
          if (inside == NULL || (!run_fits (inside, n_cells) && run_fits (run, n_cells)))
            inside = run;
        }
    }
  if (inside != NULL)
    return inside;
  for (guint i = 0; i < zone->runs->len; i++)
    {
      Run *run = g_ptr_array_index (zone->runs, i);

      if (!run->claimed && run->pos >= end && run->pos <= limit)
        return run;
    }
  return NULL;
}

/* ---------------------------------------------------- values into cells */

typedef struct
{
  NbImpZone  *zone;
  NbReport   *report;
  NbTemplate *template;
  GPtrArray  *notes;
  guint       n_read;
} Reader;

static char *
cell_column_name (NbTemplate *t,
                  guint       cell)
{
  const NbTemplateCell *c = nb_template_get_cell (t, cell);
  g_auto(GStrv) path = g_strsplit (c->col_path, " / ", -1);
  guint depth = g_strv_length (path);

  /* "行政复议 结果维持" says more than "结果维持"; "申请人情况 自然人" does not. */
  if (depth >= 2 && g_strcmp0 (c->table_id, "review") == 0)
    return g_strdup_printf ("%s %s", path[depth - 2], path[depth - 1]);
  return g_strdup (c->col_label);
}

static GPtrArray *
row_cell_ids (Reader *rd,
              Row    *row)
{
  GPtrArray *ids = g_ptr_array_new ();

  for (guint i = 0; i < row->n_cells; i++)
    g_ptr_array_add (ids, (gpointer) nb_template_get_cell (rd->template, row->cells[i])->id);
  return ids;
}

static char *
join_values (Run *run)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < run->values->len; i++)
    {
      Value *v = g_ptr_array_index (run->values, i);
      if (s->len > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, v->kind == VALUE_EMPTY ? "_" : v->text);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Places a layout row that prints fewer numbers than it has columns (empty
 * cells print nothing) by the spacing of the numbers: a gap about twice the
 * others hides one column. Fills @slots (n_cells) with value indices or -1.
 * FALSE when the spacing does not say it clearly. */
static gboolean
place_by_spacing (Run   *run,
                  guint  n_cells,
                  int   *slots)
{
  guint n = run->values->len;
  g_autofree int *gaps = NULL;
  g_autofree int *sorted = NULL;
  guint missing = n_cells - n;
  guint placed = 0;
  double typical;

  if (n < 2 || missing == 0 || missing > n - 1)
    return FALSE;
  gaps = g_new (int, n - 1);
  sorted = g_new (int, n - 1);
  for (guint i = 0; i + 1 < n; i++)
    {
      Value *a = g_ptr_array_index (run->values, i);
      Value *b = g_ptr_array_index (run->values, i + 1);
      if (a->x < 0 || b->x < 0 || a->kind == VALUE_EMPTY || b->kind == VALUE_EMPTY)
        return FALSE;
      gaps[i] = sorted[i] = b->x - a->x;
    }
  /* The typical gap: the largest of the gaps that hide no column. */
  for (guint i = 0; i + 1 < n - 1; i++)
    for (guint k = i + 1; k < n - 1; k++)
      if (sorted[k] < sorted[i])
        {
          int t = sorted[i]; sorted[i] = sorted[k]; sorted[k] = t;
        }
  if (n - 1 <= missing)
    return FALSE;
  typical = sorted[n - 2 - missing];
  if (typical <= 0)
    return FALSE;

  for (guint i = 0; i < n_cells; i++)
    slots[i] = -1;
  slots[0] = 0;
  for (guint i = 0; i + 1 < n; i++)
    {
      double ratio = gaps[i] / typical;
      guint hidden = 0;

      if (ratio >= 1.5)
        {
          hidden = (guint) (ratio + 0.5) - 1;
          if (hidden == 0)
            return FALSE;
        }
      else if (ratio > 1.25)
        return FALSE;  /* neither clearly one column nor clearly more */
      placed += hidden + 1;
      if (placed >= n_cells)
        return FALSE;
      slots[placed] = (int) i + 1;
    }
  return placed == n_cells - 1;
}

static void
read_row_values (Reader *rd,
                 Row    *row)
{
  Run *run = row->run;
  guint n = run->values->len;
  guint filled = run_n_filled (run);
  g_autofree int *slots = g_new (int, row->n_cells);
  g_autoptr(GPtrArray) blank_ids = g_ptr_array_new ();
  g_autoptr(GString) blank_names = g_string_new (NULL);
  gboolean placed = FALSE;

  for (guint i = 0; i < row->n_cells; i++)
    slots[i] = -1;

  if (n == row->n_cells)
    {
      for (guint i = 0; i < n; i++)
        slots[i] = (int) i;
    }
  else if (filled == row->n_cells)
    {
      guint k = 0;
      for (guint i = 0; i < n; i++)
        if (((Value *) g_ptr_array_index (run->values, i))->kind != VALUE_EMPTY)
          slots[k++] = (int) i;
    }
  else if (n > row->n_cells && filled < row->n_cells)
    {
      /* A web copy pads each row with bare "|" up to the table's width:
       * empty cells after the row's own are padding. */
      gboolean tail_empty = TRUE;
      gboolean head_empty = TRUE;

      for (guint i = row->n_cells; i < n; i++)
        tail_empty &= ((Value *) g_ptr_array_index (run->values, i))->kind == VALUE_EMPTY;
      for (guint i = 0; i < n - row->n_cells; i++)
        head_empty &= ((Value *) g_ptr_array_index (run->values, i))->kind == VALUE_EMPTY;
      /* Empty at both ends: the padding could be either, and a guess would
       * move every figure into its neighbour's column. */
      if (tail_empty && !head_empty)
        for (guint i = 0; i < row->n_cells; i++)
          slots[i] = (int) i;
      else
        goto ambiguous;
    }
  else if (n < row->n_cells && place_by_spacing (run, row->n_cells, slots))
    placed = TRUE;
  else
    goto ambiguous;

  for (guint i = 0; i < row->n_cells; i++)
    {
      guint cell = row->cells[i];
      const NbTemplateCell *tc = nb_template_get_cell (rd->template, cell);
      Value *v = slots[i] >= 0 ? g_ptr_array_index (run->values, slots[i]) : NULL;
      g_autofree char *column = cell_column_name (rd->template, cell);
      g_autoptr(GError) error = NULL;
      gboolean blank = FALSE;
      NbDecimal value;

      if (v == NULL || v->kind == VALUE_EMPTY)
        {
          g_ptr_array_add (blank_ids, (gpointer) tc->id);
          if (blank_names->len > 0)
            g_string_append (blank_names, "、");
          g_string_append (blank_names, column);
          continue;
        }
      if (v->kind == VALUE_PLACEHOLDER)
        {
          g_autoptr(GPtrArray) ids = g_ptr_array_new ();
          g_ptr_array_add (ids, (gpointer) tc->id);
          _nb_import_add_note (rd->notes, NB_IMPORT_NOTE_NOT_READ, row->section_id, ids,
                               _("Row “%s”, column “%s”: “%s” is printed, not a number; left blank."),
                               row->name, column, v->text);
          continue;
        }
      if (!nb_cell_input_parse (v->number, tc->kind, &blank, &value, &error))
        {
          g_autoptr(GPtrArray) ids = g_ptr_array_new ();
          g_ptr_array_add (ids, (gpointer) tc->id);
          _nb_import_add_note (rd->notes, NB_IMPORT_NOTE_NOT_READ, row->section_id, ids,
                               _("Row “%s”, column “%s”: “%s” cannot be read (%s); left blank."),
                               row->name, column, v->text, error->message);
          continue;
        }
      if (!g_str_equal (v->number, v->text))
        {
          g_autoptr(GPtrArray) ids = g_ptr_array_new ();
          g_autofree char *shown = nb_decimal_to_string (&value);
          g_ptr_array_add (ids, (gpointer) tc->id);
          if (!(v->text[0] == '+' && g_str_equal (v->text + 1, v->number)))
            _nb_import_add_note (rd->notes, NB_IMPORT_NOTE_DEVIATION, row->section_id, ids,
                                 _("Row “%s”, column “%s”: “%s” read as %s."),
                                 row->name, column, v->text, shown);
        }
      _nb_report_load_value (rd->report, cell, &value);
      rd->n_read++;
    }

  if (blank_ids->len > 0)
    {
      if (placed)
        _nb_import_add_note (rd->notes, NB_IMPORT_NOTE_GUESSED, row->section_id, blank_ids,
                             _("Row “%s” prints %u numbers for %u columns: they were placed by their spacing, leaving %s blank. Please check this row."),
                             row->name, run_n_filled (run), row->n_cells, blank_names->str);
      else
        _nb_import_add_note (rd->notes, NB_IMPORT_NOTE_NOT_READ, row->section_id, blank_ids,
                             _("Row “%s”: %s printed empty; left blank."),
                             row->name, blank_names->str);
    }
  return;

ambiguous:
  {
    g_autoptr(GPtrArray) ids = row_cell_ids (rd, row);
    g_autofree char *printed = join_values (run);

    _nb_import_add_note (rd->notes, NB_IMPORT_NOTE_NOT_READ, row->section_id, ids,
                         _("Row “%s” prints %u values (%s) for %u columns; which value belongs to which column is unclear, so the row is left blank."),
                         row->name, n, printed, row->n_cells);
  }
}

static char *
quote_span (NbImpZone *zone,
            guint      start,
            guint      end)
{
  guint from = g_array_index (zone->u.start, guint, start);
  guint to = g_array_index (zone->u.end, guint, end - 1);

  return g_strndup (zone->text->str + from, to - from);
}

static char *
text_before (NbImpZone *zone,
             guint      pos)
{
  guint from = pos > 12 ? pos - 12 : 0;

  if (pos == 0)
    return g_strdup ("");
  return quote_span (zone, from, pos);
}

/* A group printed as one row: a 2021 report giving （六）其他处理 one line
 * as in the 2019 form. Its numbers go to the group's "其他" row, the only
 * one they can belong to without a breakdown; the others stay blank. */
static void
read_group_as_one_row (Reader *rd,
                       GArray *rows,
                       guint   first,
                       guint   last)
{
  Row *head = &g_array_index (rows, Row, first);
  Row *target = &g_array_index (rows, Row, last);
  g_autoptr(GArray) units = _nb_imp_units_new (head->parent);
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  guint lo = 0, hi = rd->zone->u.units->len;
  g_autoptr(GArray) other = _nb_imp_units_new ("其他");
  Run *run = NULL;
  Candidate *c = NULL;

  for (guint i = 0; i < first; i++)
    if (row_span (&g_array_index (rows, Row, i)) != NULL)
      lo = row_span (&g_array_index (rows, Row, i))->end;
  for (guint i = last + 1; i < rows->len && hi == rd->zone->u.units->len; i++)
    if (row_span (&g_array_index (rows, Row, i)) != NULL)
      hi = row_span (&g_array_index (rows, Row, i))->start;
  if (hi <= lo)
    return;

  find_label ((const gunichar *) units->data, units->len,
              (const gunichar *) rd->zone->u.units->data + lo, hi - lo, FIND_THRESHOLD, found);
  if (found->len == 0)
    return;
  c = &g_array_index (found, Candidate, 0);
  run = find_run (rd->zone, lo + c->start, lo + c->end, hi, target->n_cells);
  if (run == NULL)
    return;

  /* Only a catch-all row can take a group's numbers. */
  if (_nb_imp_units_find (other, target->units) < 1.0)
    return;

  run->claimed = TRUE;
  target->run = run;
  target->chosen = -2;  /* read, though its own label is not printed */
  for (guint i = first; i <= last; i++)
    {
      Row *r = &g_array_index (rows, Row, i);
      for (guint k = 0; k < r->n_cells; k++)
        g_ptr_array_add (ids, (gpointer) nb_template_get_cell (rd->template, r->cells[k])->id);
      if (r != target)
        r->chosen = -2;
    }
  _nb_import_add_note (rd->notes, NB_IMPORT_NOTE_GUESSED, head->section_id, ids,
                       _("“%s” is printed as one row (the 2019 form), not broken down into its %u rows: its numbers were put in “%s” and the other rows under it are left blank."),
                       head->parent, last - first + 1, target->label);
  read_row_values (rd, target);
}

/* The 2019 form's one （六）其他处理 row printed with the 2021 breakdown:
 * the numbers after the group label belong to its first sub-row only. */
static gboolean
printed_broken_down (Reader *rd,
                     Row    *row,
                     guint   limit)
{
  g_autoptr(NbTemplate) t2021 = NULL;
  const Candidate *span = row_span (row);
  guint found = 0;

  if (span == NULL || !g_str_equal (row->table_id, "requests") || !g_str_equal (row->row_id, "result.other"))
    return FALSE;
  if ((t2021 = nb_template_load ("gov-disclosure-2021", NULL)) == NULL)
    return FALSE;
  for (guint i = 0; i < nb_template_get_n_cells (t2021); i++)
    {
      const NbTemplateCell *c = nb_template_get_cell (t2021, i);
      g_autoptr(GArray) u = NULL;
      g_autoptr(GArray) slice = NULL;

      if (!g_str_has_prefix (c->row_id, "result.other.") || !g_str_equal (c->col_id, "natural"))
        continue;
      u = _nb_imp_units_new (c->row_label);
      slice = g_array_sized_new (FALSE, FALSE, sizeof (gunichar), limit - span->end);
      g_array_append_vals (slice, &g_array_index (rd->zone->u.units, gunichar, span->end), limit - span->end);
      if (u->len >= 4 && _nb_imp_units_find (u, slice) >= 0.8)
        found++;
    }
  return found >= 2;
}

guint
_nb_imp_zone_read_tables (NbImpZone *zone,
                          NbReport  *report,
                          GPtrArray *notes)
{
  Reader rd = { zone, report, nb_report_get_template (report), notes, 0 };
  g_autoptr(GArray) rows = collect_rows (rd.template);
  const gunichar *text = (const gunichar *) zone->u.units->data;
  guint n = zone->u.units->len;

  for (guint t = 0; t < rows->len; t++)
    {
      Row *r = &g_array_index (rows, Row, t);

      if (r->units->len > 0)
        find_label ((const gunichar *) r->units->data, r->units->len, text, n,
                    FIND_THRESHOLD, r->candidates);
      g_array_sort (r->candidates, candidate_by_start);
    }
  choose_placements (rows);

  /* Numbers for every row whose label was found. */
  for (guint t = 0; t < rows->len; t++)
    {
      Row *r = &g_array_index (rows, Row, t);
      const Candidate *span = row_span (r);
      guint limit = n;

      if (span == NULL)
        continue;
      for (guint k = t + 1; k < rows->len; k++)
        if (row_span (&g_array_index (rows, Row, k)) != NULL)
          {
            limit = row_span (&g_array_index (rows, Row, k))->start;
            break;
          }
      if (printed_broken_down (&rd, r, limit))
        {
          g_autoptr(GPtrArray) ids = row_cell_ids (&rd, r);
          _nb_import_add_note (notes, NB_IMPORT_NOTE_NOT_READ, r->section_id, ids,
                               _("“%s” is printed broken down into several rows (the 2021 form) while the report follows the 2019 form, which has one row: left blank."),
                               r->label);
          r->chosen = -2;
          continue;
        }
      r->run = find_run (zone, span->start, span->end, limit, r->n_cells);
      if (r->run != NULL)
        r->run->claimed = TRUE;
      if (!is_subsequence (r->units, zone->u.units, span->start, span->end))
        {
          g_autofree char *printed = quote_span (zone, span->start, span->end);
          g_autoptr(GPtrArray) ids = row_cell_ids (&rd, r);
          _nb_import_add_note (notes, NB_IMPORT_NOTE_DEVIATION, r->section_id, ids,
                               _("Row “%s” is printed as “%s”: read as that row."),
                               r->label, printed);
        }
    }

  /* Groups whose rows are not printed, but the group is, as one row. */
  for (guint t = 0; t < rows->len;)
    {
      Row *r = &g_array_index (rows, Row, t);
      guint last = t;
      gboolean any = FALSE;

      if (r->parent == NULL || r->units->len == 0)
        {
          t++;
          continue;
        }
      while (last + 1 < rows->len &&
             g_strcmp0 (g_array_index (rows, Row, last + 1).parent, r->parent) == 0 &&
             g_str_equal (g_array_index (rows, Row, last + 1).table_id, r->table_id))
        last++;
      for (guint k = t; k <= last; k++)
        any |= g_array_index (rows, Row, k).chosen != -1;
      if (!any && last > t)
        read_group_as_one_row (&rd, rows, t, last);
      t = last + 1;
    }

  /* A table's one unnamed row (四's numbers): the first fitting run after
   * the rows before it. */
  for (guint t = 0; t < rows->len; t++)
    {
      Row *r = &g_array_index (rows, Row, t);
      guint from = 0;

      if (r->units->len > 0)
        continue;
      for (guint k = 0; k < t; k++)
        {
          Row *p = &g_array_index (rows, Row, k);
          if (p->run != NULL && p->run->pos > from)
            from = p->run->pos;
          if (row_span (p) != NULL && row_span (p)->end > from)
            from = row_span (p)->end;
        }
      for (guint pass = 0; pass < 2 && r->run == NULL; pass++)
        for (guint i = 0; i < zone->runs->len; i++)
          {
            Run *run = g_ptr_array_index (zone->runs, i);
            if (run->claimed || run->pos < from || run_n_filled (run) == 0)
              continue;
            if (pass == 1 || run_fits (run, r->n_cells))
              {
                r->run = run;
                run->claimed = TRUE;
                r->chosen = -2;
                break;
              }
          }
    }

  /* A table none of whose rows is printed (an image, or left out) is one
   * note, not one per row. */
  for (guint t = 0; t < rows->len;)
    {
      Row *first = &g_array_index (rows, Row, t);
      g_autoptr(GPtrArray) ids = g_ptr_array_new ();
      gboolean any = FALSE;
      guint end = t;

      while (end < rows->len && g_str_equal (g_array_index (rows, Row, end).table_id, first->table_id))
        {
          Row *r = &g_array_index (rows, Row, end++);
          any |= r->run != NULL || r->chosen != -1;
          for (guint k = 0; k < r->n_cells; k++)
            g_ptr_array_add (ids, (gpointer) nb_template_get_cell (rd.template, r->cells[k])->id);
        }
      if (!any)
        {
          int section = nb_template_lookup_section (rd.template, first->section_id);
          const char *title = section >= 0 ? nb_template_get_section (rd.template, section)->title : NULL;

          _nb_import_add_note (notes, NB_IMPORT_NOTE_NOT_READ, first->section_id, ids,
                               _("The table of “%s” was not found (was it published as an image?); its %u cells are left blank."),
                               title != NULL ? title : first->table_id, ids->len);
          for (guint k = t; k < end; k++)
            g_array_index (rows, Row, k).chosen = -2;
        }
      t = end;
    }

  for (guint t = 0; t < rows->len; t++)
    {
      Row *r = &g_array_index (rows, Row, t);

      if (r->run != NULL)
        {
          if (r->chosen != -2 || r->units->len == 0)
            read_row_values (&rd, r);
        }
      else if (r->chosen == -1)
        {
          g_autoptr(GPtrArray) ids = row_cell_ids (&rd, r);
          _nb_import_add_note (notes, NB_IMPORT_NOTE_NOT_READ, r->section_id, ids,
                               _("Row “%s” was not found; its %u cells are left blank."),
                               r->name, r->n_cells);
        }
      else if (r->chosen >= 0)
        {
          g_autoptr(GPtrArray) ids = row_cell_ids (&rd, r);
          _nb_import_add_note (notes, NB_IMPORT_NOTE_NOT_READ, r->section_id, ids,
                               _("Row “%s” is printed without numbers; its %u cells are left blank."),
                               r->name, r->n_cells);
        }
    }

  /* Numbers nobody claimed: a row of the publication the form does not have. */
  for (guint i = 0; i < zone->runs->len; i++)
    {
      Run *run = g_ptr_array_index (zone->runs, i);
      g_autofree char *before = NULL;
      g_autofree char *printed = NULL;

      if (run->claimed || run_n_filled (run) == 0 || rd.n_read == 0)
        continue;
      before = text_before (zone, run->pos);
      printed = join_values (run);
      _nb_import_add_note (notes, NB_IMPORT_NOTE_NOT_READ, NULL, NULL,
                           _("The numbers “%s” after “%s” belong to no row of the form and were not imported."),
                           printed, before);
    }

  return rd.n_read;
}
