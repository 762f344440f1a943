/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-aggregate"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "nb-aggregate.h"
#include "nb-report-private.h"
#include "nb-rules.h"
#include "nb-storage.h"

#define FILE_SUFFIX ".nianbao"

/* How many agencies a note names before it says "…". */
#define MAX_NAMES_IN_NOTE 5

/* The result's preamble starts with this sentence. It is report text, which
 * is always Chinese whatever the UI language, so it is not translatable; it
 * is also how a consolidated report is recognised (nested consolidations,
 * and the command line's refusal to overwrite an ordinary report). */
#define SOURCES_MARKER "本报告汇总以下"
#define DEFAULT_AGENCY_SUFFIX "汇总"
/* Characters that end a place name (自治区, 自治州 and 自治县 end in one too). */
#define PLACE_SUFFIXES "省市区县旗盟州镇乡"
/* Words that start an office's own name with one of those characters: in
 * 东胜区市场监督管理局 the 市 begins 市场, it does not end a place. */
static const char * const unit_words[] = {
  "市场", "市政", "市容", "市民", "市直", "市属", "区域", "县域", "乡村", "乡镇", "镇村",
};

typedef struct
{
  NbReport  *report;
  GFile     *file;        /* NULL when added from memory */
  char      *agency;      /* shown name: 单位名称, else the file name */
  gboolean   has_agency;  /* FALSE when @agency is a stand-in */
  char      *key;         /* @agency normalised for matching */
  char     **covers;      /* a consolidation: the keys of the agencies it sums; else NULL */
  gboolean   redundant;   /* a consolidation whose agencies are all given on their own */
  GPtrArray *diagnostics;
  guint      n_errors;
  guint      n_warnings;
} Source;

struct _NbAggregate
{
  GObject      parent_instance;

  char        *agency;       /* as set, NULL for the default */
  char       **expected;     /* NULL when no list was given */
  GHashTable  *excluded;     /* file_key () set */
  GHashTable  *seen;         /* file_key () set of the inputs already taken */

  NbTemplate  *template;     /* fixed by the first accepted input */
  int          year;
  GPtrArray   *taken;        /* Source*: every input accepted */
  GPtrArray   *sources;      /* Source* of @taken that are counted (not redundant) */
  gboolean     counted_dirty;
  GPtrArray   *input_notes;  /* NbDiagnostic*: refused, unreadable, duplicate inputs */
  guint        n_rejected;

  /* Computed on first use after a change. */
  gboolean     dirty;
  NbReport    *result;
  GPtrArray   *note_list;    /* NbDiagnostic* */
  GListStore  *notes;        /* @note_list for the caller's thread: see get_notes () */
  gboolean     notes_stale;
  guint       *n_blank;      /* per cell */
  gboolean    *overflowed;   /* per cell */
  char       **missing;
  char        *default_agency;
};

G_DEFINE_FINAL_TYPE (NbAggregate, nb_aggregate, G_TYPE_OBJECT)

G_DEFINE_QUARK (nb-aggregate-error-quark, nb_aggregate_error)

enum {
  PROP_0,
  PROP_AGENCY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
source_free (Source *source)
{
  g_clear_object (&source->report);
  g_clear_object (&source->file);
  g_free (source->agency);
  g_free (source->key);
  g_strfreev (source->covers);
  g_clear_pointer (&source->diagnostics, g_ptr_array_unref);
  g_free (source);
}

static void
nb_aggregate_finalize (GObject *object)
{
  NbAggregate *self = NB_AGGREGATE (object);

  g_free (self->agency);
  g_strfreev (self->expected);
  g_hash_table_unref (self->excluded);
  g_hash_table_unref (self->seen);
  g_clear_object (&self->template);
  g_ptr_array_unref (self->sources);
  g_ptr_array_unref (self->taken);
  g_ptr_array_unref (self->input_notes);
  g_clear_object (&self->result);
  g_clear_pointer (&self->note_list, g_ptr_array_unref);
  g_clear_object (&self->notes);
  g_free (self->n_blank);
  g_free (self->overflowed);
  g_strfreev (self->missing);
  g_free (self->default_agency);

  G_OBJECT_CLASS (nb_aggregate_parent_class)->finalize (object);
}

static void
nb_aggregate_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  NbAggregate *self = NB_AGGREGATE (object);

  switch (prop_id)
    {
    case PROP_AGENCY:
      g_value_set_string (value, nb_aggregate_get_agency (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nb_aggregate_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  NbAggregate *self = NB_AGGREGATE (object);

  switch (prop_id)
    {
    case PROP_AGENCY:
      nb_aggregate_set_agency (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nb_aggregate_class_init (NbAggregateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = nb_aggregate_finalize;
  object_class->get_property = nb_aggregate_get_property;
  object_class->set_property = nb_aggregate_set_property;

  /**
   * NbAggregate:agency:
   *
   * The consolidating office written as the result's 单位名称; reading it
   * gives the default name while none was set.
   */
  properties[PROP_AGENCY] =
    g_param_spec_string ("agency", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
nb_aggregate_init (NbAggregate *self)
{
  self->excluded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->taken = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);
  self->sources = g_ptr_array_new ();
  self->counted_dirty = TRUE;
  self->input_notes = g_ptr_array_new_with_free_func (g_object_unref);
  self->notes = g_list_store_new (NB_TYPE_DIAGNOSTIC);
  self->dirty = TRUE;
}

/**
 * nb_aggregate_new:
 *
 * Returns: (transfer full): an empty consolidation
 */
NbAggregate *
nb_aggregate_new (void)
{
  return g_object_new (NB_TYPE_AGGREGATE, NULL);
}

/* ---- names ---------------------------------------------------------------- */

/* Agencies type their names by hand: "东胜区 统计局" and "东胜区统计局", or
 * full-width and half-width brackets, are the same agency. */
static char *
agency_key (const char *name)
{
  g_autofree char *nfkc = g_utf8_normalize (name, -1, G_NORMALIZE_ALL_COMPOSE);
  GString *key = g_string_new (NULL);

  if (nfkc == NULL)
    return g_string_free (key, FALSE);
  for (const char *p = nfkc; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0xFEFF && c != 0x200B)
        g_string_append_unichar (key, c);
    }
  return g_string_free (key, FALSE);
}

/* g_strstrip () only knows ASCII spaces; lists typed in a Chinese editor
 * carry U+3000 too. Returns a new string. */
static char *
strip_unicode (const char *text)
{
  const char *start = text;
  const char *end = text + strlen (text);

  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);
      gunichar c = g_utf8_get_char (prev);

      if (!g_unichar_isspace (c) && c != 0xFEFF)
        break;
      end = prev;
    }
  return g_strndup (start, end - start);
}

static char *
display_name (GFile *file)
{
  return file != NULL ? g_file_get_parse_name (file) : NULL;
}

/* "东胜区统计局, 东胜区财政局, …": for notes, which must stay readable with
 * a thousand agencies. */
static char *
join_names (GPtrArray *names)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < names->len && i < MAX_NAMES_IN_NOTE; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, g_ptr_array_index (names, i));
    }
  if (names->len > MAX_NAMES_IN_NOTE)
    g_string_append (s, ", …");
  return g_string_free (s, FALSE);
}

static gboolean
starts_unit_word (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (unit_words); i++)
    if (g_str_has_prefix (text, unit_words[i]))
      return TRUE;
  return FALSE;
}

static void ensure_counted (NbAggregate *self);

static char *
default_agency (NbAggregate *self)
{
  const char *first = NULL;
  gsize prefix_len = 0;
  const char *cut = NULL;

  ensure_counted (self);
  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);
      const char *a, *b;

      if (!source->has_agency)
        continue;
      if (first == NULL)
        {
          first = source->agency;
          prefix_len = strlen (first);
          continue;
        }
      /* Compare whole characters so the prefix never ends inside one. */
      a = first;
      b = source->agency;
      while ((gsize) (a - first) < prefix_len && *b != '\0')
        {
          const char *na = g_utf8_next_char (a);
          const char *nb = g_utf8_next_char (b);

          if (na - a != nb - b || memcmp (a, b, na - a) != 0)
            break;
          a = na;
          b = nb;
        }
      prefix_len = a - first;
    }

  /* "东胜区统计局" and "东胜区统筹办" share "东胜区统": keep the place name
   * only, segment by segment (鄂尔多斯市 东胜区), and stop where a place
   * character starts a word of the office's own name (东胜区 市场…). */
  for (const char *p = first, *segment = first;
       p != NULL && (gsize) (p - first) < prefix_len;
       p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_utf8_strchr (PLACE_SUFFIXES, -1, c) == NULL)
        continue;
      if (p == segment && starts_unit_word (p))
        break;
      cut = segment = g_utf8_next_char (p);
    }
  if (cut == NULL)
    return g_strdup (DEFAULT_AGENCY_SUFFIX);
  return g_strdup_printf ("%.*s%s", (int) (cut - first), first, DEFAULT_AGENCY_SUFFIX);
}

/* ---- configuration -------------------------------------------------------- */

static void
invalidate (NbAggregate *self)
{
  self->dirty = TRUE;
  self->counted_dirty = TRUE;
}

/**
 * nb_aggregate_get_agency:
 *
 * Returns: (transfer none): the consolidating office: the name set, or the
 *   default derived from the sources
 */
const char *
nb_aggregate_get_agency (NbAggregate *self)
{
  g_return_val_if_fail (NB_IS_AGGREGATE (self), NULL);

  if (self->agency != NULL)
    return self->agency;
  {
    g_autofree char *name = default_agency (self);

    /* Keep the string returned before while it is still right. */
    if (g_strcmp0 (name, self->default_agency) != 0)
      {
        g_free (self->default_agency);
        self->default_agency = g_steal_pointer (&name);
      }
  }
  return self->default_agency;
}

/**
 * nb_aggregate_set_agency:
 * @agency: (nullable): the consolidating office, or %NULL for the default
 *
 * The result is rebuilt (as a new #NbReport) on next use.
 */
void
nb_aggregate_set_agency (NbAggregate *self,
                         const char  *agency)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (NB_IS_AGGREGATE (self));

  stripped = agency != NULL ? strip_unicode (agency) : NULL;
  if (stripped != NULL && *stripped == '\0')
    g_clear_pointer (&stripped, g_free);
  if (g_strcmp0 (stripped, self->agency) == 0)
    return;
  g_free (self->agency);
  self->agency = g_steal_pointer (&stripped);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENCY]);
}

/**
 * nb_aggregate_set_expected_agencies:
 * @agencies: (nullable) (array zero-terminated=1): the agencies that must
 *   send a report, or %NULL for no check
 */
void
nb_aggregate_set_expected_agencies (NbAggregate        *self,
                                    const char * const *agencies)
{
  g_return_if_fail (NB_IS_AGGREGATE (self));

  g_strfreev (self->expected);
  self->expected = g_strdupv ((char **) agencies);
  invalidate (self);
}

/**
 * nb_aggregate_get_expected_agencies:
 *
 * Returns: (transfer none) (nullable): the expected agencies, %NULL when not set
 */
const char * const *
nb_aggregate_get_expected_agencies (NbAggregate *self)
{
  g_return_val_if_fail (NB_IS_AGGREGATE (self), NULL);
  return (const char * const *) self->expected;
}

/**
 * nb_aggregate_parse_agency_list:
 * @length: length of @data, or -1 when NUL-terminated
 * @name: the list's file name, for messages
 *
 * One agency per line; blank lines and lines starting with "#" are skipped,
 * repeated names are kept once. UTF-8, or GB18030 (what Notepad on a Chinese
 * Windows saves as "ANSI").
 *
 * Returns: (transfer full) (array zero-terminated=1): the names, or %NULL
 *   with @error set when the text is not readable or names nobody
 */
char **
nb_aggregate_parse_agency_list (const char  *data,
                                gssize       length,
                                const char  *name,
                                GError     **error)
{
  g_autofree char *converted = NULL;
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) names = NULL;
  gsize len;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  len = length < 0 ? strlen (data) : (gsize) length;
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      len -= 3;
    }
  /* Not text (a PDF), or a report given in the list's place (JSON): its
   * lines are no agencies. */
  {
    gsize first = 0;

    while (first < len && g_ascii_isspace (data[first]))
      first++;
    if (memchr (data, '\0', len) != NULL || (first < len && (data[first] == '{' || data[first] == '[')))
      {
        g_set_error (error, NB_AGGREGATE_ERROR, NB_AGGREGATE_ERROR_INVALID_LIST,
                     _("%s is not a text file with one agency name per line"), name);
        return NULL;
      }
  }
  if (g_utf8_validate (data, len, NULL))
    converted = g_strndup (data, len);
  else if ((converted = g_convert (data, len, "UTF-8", "GB18030", NULL, NULL, NULL)) == NULL)
    {
      g_set_error (error, NB_AGGREGATE_ERROR, NB_AGGREGATE_ERROR_INVALID_LIST,
                   _("%s is neither UTF-8 nor GB18030 text; save it as UTF-8 text with one agency name per line"),
                   name);
      return NULL;
    }

  lines = g_strsplit (converted, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = strip_unicode (lines[i]);
      g_autofree char *key = NULL;

      if (*line == '\0' || *line == '#')
        continue;
      key = agency_key (line);
      if (*key == '\0' || g_hash_table_contains (keys, key))
        continue;
      g_hash_table_add (keys, g_steal_pointer (&key));
      g_strv_builder_add (builder, line);
    }

  names = g_strv_builder_end (builder);
  if (names[0] == NULL)
    {
      g_set_error (error, NB_AGGREGATE_ERROR, NB_AGGREGATE_ERROR_INVALID_LIST,
                   _("%s names no agency: write one agency name per line"), name);
      return NULL;
    }
  return g_steal_pointer (&names);
}

/**
 * nb_aggregate_load_agency_list:
 *
 * Reads @file with nb_aggregate_parse_agency_list ().
 *
 * Returns: (transfer full) (array zero-terminated=1): the names, or %NULL
 *   with @error set
 */
char **
nb_aggregate_load_agency_list (GFile         *file,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
    return NULL;
  name = g_file_get_parse_name (file);
  return nb_aggregate_parse_agency_list (contents, (gssize) length, name, error);
}

/* Which file @file is, as the keys of excluded, seen and listed: its device
 * and inode when it exists, so that a symbolic link, a hard link or a second
 * path to the folder is the same file, not another agency's report; its
 * address otherwise (an output not written yet). */
static char *
file_key (GFile *file)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_ID_FILE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);
  const char *id = info != NULL ? g_file_info_get_attribute_string (info, G_FILE_ATTRIBUTE_ID_FILE) : NULL;
  g_autofree char *uri = NULL;

  if (id != NULL)
    return g_strconcat ("id:", id, NULL);
  uri = g_file_get_uri (file);
  return g_strconcat ("uri:", uri, NULL);
}

void
nb_aggregate_exclude_file (NbAggregate *self,
                           GFile       *file)
{
  g_return_if_fail (NB_IS_AGGREGATE (self));
  g_return_if_fail (G_IS_FILE (file));

  g_hash_table_add (self->excluded, file_key (file));
}

/* ---- inputs --------------------------------------------------------------- */

static void
add_input_note (NbAggregate *self,
                const char  *rule_id,
                NbSeverity   severity,
                const char  *message)
{
  g_ptr_array_add (self->input_notes,
                   nb_diagnostic_new (rule_id, severity, NULL, NULL, NULL, NULL, message));
  if (severity == NB_SEVERITY_ERROR)
    self->n_rejected++;
  invalidate (self);
}

/* Records a refusal as a note and returns it as @error too. */
static gboolean
refuse (NbAggregate     *self,
        GError         **error,
        const char      *rule_id,
        NbSeverity       severity,
        NbAggregateError code,
        const char      *format,
        ...) G_GNUC_PRINTF (6, 7);

static gboolean
refuse (NbAggregate     *self,
        GError         **error,
        const char      *rule_id,
        NbSeverity       severity,
        NbAggregateError code,
        const char      *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  add_input_note (self, rule_id, severity, message);
  g_set_error_literal (error, NB_AGGREGATE_ERROR, code, message);
  return FALSE;
}

/* Excluded and repeated inputs: taken neither as sources nor as problems. */
static gboolean
check_file (NbAggregate  *self,
            GFile        *file,
            const char   *label,
            GError      **error)
{
  g_autofree char *key = file != NULL ? file_key (file) : NULL;

  if (key != NULL && g_hash_table_contains (self->excluded, key))
    return refuse (self, error, NB_AGGREGATE_NOTE_DUPLICATE, NB_SEVERITY_INFO,
                   NB_AGGREGATE_ERROR_EXCLUDED,
                   _("%s is the output of this consolidation, so it is not read as an input"), label);
  if (key != NULL && g_hash_table_contains (self->seen, key))
    return refuse (self, error, NB_AGGREGATE_NOTE_DUPLICATE, NB_SEVERITY_WARNING,
                   NB_AGGREGATE_ERROR_DUPLICATE,
                   _("%s is listed more than once; it is counted once"), label);
  return TRUE;
}

static gboolean
check_input (NbAggregate  *self,
             NbReport     *report,
             GFile        *file,
             GError      **error)
{
  g_autofree char *name = display_name (file);
  NbTemplate *template = nb_report_get_template (report);
  int year = nb_report_get_year (report);
  const char *label;

  label = name != NULL ? name : nb_report_get_meta (report, NB_META_AGENCY);
  if (*label == '\0')
    label = _("A report");

  if (!check_file (self, file, label, error))
    return FALSE;
  if (year == 0)
    return refuse (self, error, NB_AGGREGATE_NOTE_REFUSED, NB_SEVERITY_ERROR,
                   NB_AGGREGATE_ERROR_NO_YEAR,
                   _("%s was left out: it has no year, so it cannot be added to a year’s consolidation"),
                   label);
  if (self->template != NULL &&
      !g_str_equal (nb_template_get_id (template), nb_template_get_id (self->template)))
    return refuse (self, error, NB_AGGREGATE_NOTE_REFUSED, NB_SEVERITY_ERROR,
                   NB_AGGREGATE_ERROR_TEMPLATE_MISMATCH,
                   _("%s was left out: it uses the form “%s”, but the consolidation uses “%s”"),
                   label, nb_template_get_name (template), nb_template_get_name (self->template));
  if (self->template != NULL && year != self->year)
    return refuse (self, error, NB_AGGREGATE_NOTE_REFUSED, NB_SEVERITY_ERROR,
                   NB_AGGREGATE_ERROR_YEAR_MISMATCH,
                   _("%s was left out: it is the report for %d, but the consolidation is for %d"),
                   label, year, self->year);
  return TRUE;
}

/* The keys of the agencies a consolidated report lists in its preamble
 * (see sources_paragraph ()), NULL for any other report. */
static char **
consolidated_agencies (NbReport *report)
{
  g_autoptr(GStrvBuilder) keys = NULL;
  g_auto(GStrv) names = NULL;
  const char *text, *start, *end;

  if (!nb_aggregate_is_consolidated (report))
    return NULL;
  text = nb_report_get_block (report, "preamble", 0)->text;
  start = strstr (text, "：");
  end = g_strrstr (text, "。");
  if (start == NULL || end == NULL || end < start)
    return NULL;
  start += strlen ("：");
  {
    g_autofree char *list = g_strndup (start, end - start);

    names = g_strsplit (list, "、", -1);
  }
  keys = g_strv_builder_new ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *key = agency_key (names[i]);

      if (*key != '\0')
        g_strv_builder_add (keys, key);
    }
  return g_strv_builder_end (keys);
}

/* A consolidation is left out when every agency it sums is also given on
 * its own: summing both would count them twice (a folder consolidated
 * again, with the earlier result saved in it). */
static void
ensure_counted (NbAggregate *self)
{
  g_autoptr(GHashTable) ordinary = NULL;

  if (!self->counted_dirty)
    return;
  self->counted_dirty = FALSE;

  ordinary = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < self->taken->len; i++)
    {
      Source *source = g_ptr_array_index (self->taken, i);

      if (source->covers == NULL)
        g_hash_table_add (ordinary, source->key);
    }

  g_ptr_array_set_size (self->sources, 0);
  for (guint i = 0; i < self->taken->len; i++)
    {
      Source *source = g_ptr_array_index (self->taken, i);

      source->redundant = source->covers != NULL && source->covers[0] != NULL;
      for (guint k = 0; source->redundant && source->covers[k] != NULL; k++)
        source->redundant = g_hash_table_contains (ordinary, source->covers[k]);
      if (!source->redundant)
        g_ptr_array_add (self->sources, source);
    }
}

static void
take_source (NbAggregate *self,
             NbReport    *report,
             GFile       *file)
{
  Source *source = g_new0 (Source, 1);
  g_autofree char *agency = strip_unicode (nb_report_get_meta (report, NB_META_AGENCY));

  if (self->template == NULL)
    {
      self->template = g_object_ref (nb_report_get_template (report));
      self->year = nb_report_get_year (report);
    }
  if (file != NULL)
    g_hash_table_add (self->seen, file_key (file));

  source->report = g_object_ref (report);
  source->file = file != NULL ? g_object_ref (file) : NULL;
  source->has_agency = *agency != '\0';
  if (source->has_agency)
    source->agency = g_steal_pointer (&agency);
  else if (file != NULL)
    {
      g_autofree char *base = g_file_get_basename (file);

      if (g_str_has_suffix (base, FILE_SUFFIX) && strlen (base) > strlen (FILE_SUFFIX))
        base[strlen (base) - strlen (FILE_SUFFIX)] = '\0';
      source->agency = g_filename_display_name (base);
    }
  else
    /* TRANSLATORS: stands in for a missing agency name; %u is the position in the list */
    source->agency = g_strdup_printf (_("Report %u"), self->taken->len + 1);
  source->key = agency_key (source->agency);
  source->covers = consolidated_agencies (report);

  source->diagnostics = nb_rules_check (report, NULL);
  for (guint i = 0; i < source->diagnostics->len; i++)
    {
      NbSeverity severity = nb_diagnostic_get_severity (g_ptr_array_index (source->diagnostics, i));

      if (severity == NB_SEVERITY_ERROR)
        source->n_errors++;
      else if (severity == NB_SEVERITY_WARNING)
        source->n_warnings++;
    }

  g_ptr_array_add (self->taken, source);
  invalidate (self);
}

/**
 * nb_aggregate_add_report:
 * @report: a report; the aggregate keeps a reference and never changes it
 * @file: (nullable): where @report was read from, for messages and the breakdown
 *
 * The first report fixes the form and the year. A report of another form or
 * year, without a year, or from a file already added is refused: it is left
 * out, recorded as a note, and returned as @error. A consolidated report
 * whose agencies are all added on their own as well is taken but not
 * counted (an AGG-NESTED note says so; it is not among the sources).
 *
 * Returns: %TRUE when @report was added
 */
gboolean
nb_aggregate_add_report (NbAggregate  *self,
                         NbReport     *report,
                         GFile        *file,
                         GError      **error)
{
  g_return_val_if_fail (NB_IS_AGGREGATE (self), FALSE);
  g_return_val_if_fail (NB_IS_REPORT (report), FALSE);
  g_return_val_if_fail (file == NULL || G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_input (self, report, file, error))
    return FALSE;
  take_source (self, report, file);
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* A folder's *.nianbao files sorted by name (hidden ones are editors' and
 * other programs' temporary files), appended to @out. */
static gboolean
expand_folder (NbAggregate   *self,
               GFile         *folder,
               GPtrArray     *out,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *folder_name = g_file_get_parse_name (folder);
  GFileInfo *info;

  children = g_file_enumerate_children (folder,
                                        G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  while (children != NULL &&
         (info = g_file_enumerator_next_file (children, cancellable, &local_error)) != NULL)
    {
      const char *name = g_file_info_get_name (info);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR &&
          g_str_has_suffix (name, FILE_SUFFIX) && name[0] != '.')
        g_ptr_array_add (names, g_strdup (name));
      g_object_unref (info);
    }

  if (local_error != NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      add_input_note (self, NB_AGGREGATE_NOTE_UNREADABLE, NB_SEVERITY_ERROR, local_error->message);
      return TRUE;
    }
  if (names->len == 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("The folder %s holds no %s files"), folder_name, FILE_SUFFIX);
      add_input_note (self, NB_AGGREGATE_NOTE_REFUSED, NB_SEVERITY_ERROR, message);
      return TRUE;
    }

  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (out, g_file_get_child (folder, g_ptr_array_index (names, i)));
  return TRUE;
}

typedef struct
{
  GFile    *file;
  NbReport *report;
  int       year;
} Loaded;

static void
loaded_clear (Loaded *loaded)
{
  g_clear_object (&loaded->file);
  g_clear_object (&loaded->report);
}

static gboolean
add_files (NbAggregate   *self,
           GPtrArray     *files,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) loaded = g_array_new (FALSE, TRUE, sizeof (Loaded));
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_array_set_clear_func (loaded, (GDestroyNotify) loaded_clear);

  for (guint i = 0; i < files->len; i++)
    {
      GFile *file = g_ptr_array_index (files, i);

      if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, cancellable) == G_FILE_TYPE_DIRECTORY)
        {
          if (!expand_folder (self, file, inputs, cancellable, error))
            return FALSE;
        }
      else
        g_ptr_array_add (inputs, g_object_ref (file));
    }

  for (guint i = 0; i < inputs->len; i++)
    {
      GFile *file = g_ptr_array_index (inputs, i);
      g_autofree char *key = file_key (file);
      g_autoptr(GError) local_error = NULL;
      Loaded item = { g_object_ref (file), NULL, 0 };

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          loaded_clear (&item);
          return FALSE;
        }
      /* Excluded and repeated files are never read (the output may not
       * even exist yet); check_file () below notes them. */
      if (!g_hash_table_contains (self->excluded, key) && !g_hash_table_contains (self->seen, key) &&
          !g_hash_table_contains (listed, key))
        {
          g_hash_table_add (listed, g_steal_pointer (&key));
          item.report = nb_storage_load_file (file, cancellable, &local_error);
          if (item.report == NULL)
            {
              loaded_clear (&item);
              if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  return FALSE;
                }
              add_input_note (self, NB_AGGREGATE_NOTE_UNREADABLE, NB_SEVERITY_ERROR,
                              local_error->message);
              continue;
            }
          item.year = nb_report_get_year (item.report);
        }
      g_array_append_val (loaded, item);
    }

  /* Nothing fixed the form and year yet: take those of most inputs (the
   * first in a tie), so one stray file of last year does not turn every
   * other input away just because it was listed first. */
  if (self->template == NULL)
    {
      /* A few distinct (form, year) pairs at most: a linear list will do. */
      g_autoptr(GArray) pairs = g_array_new (FALSE, TRUE, sizeof (Loaded));
      g_autoptr(GArray) counts = g_array_new (FALSE, TRUE, sizeof (guint));
      guint best = G_MAXUINT;

      for (guint i = 0; i < loaded->len; i++)
        {
          Loaded *item = &g_array_index (loaded, Loaded, i);
          guint p;

          if (item->report == NULL || item->year == 0)
            continue;
          for (p = 0; p < pairs->len; p++)
            {
              Loaded *pair = &g_array_index (pairs, Loaded, p);

              if (pair->year == item->year &&
                  nb_report_get_template (pair->report) == nb_report_get_template (item->report))
                break;
            }
          if (p == pairs->len)
            {
              Loaded pair = { NULL, item->report, item->year };
              guint zero = 0;

              g_array_append_val (pairs, pair);
              g_array_append_val (counts, zero);
            }
          g_array_index (counts, guint, p)++;
        }
      /* Pairs are in order of first appearance: a tie goes to the earlier. */
      for (guint p = 0; p < pairs->len; p++)
        if (best == G_MAXUINT || g_array_index (counts, guint, p) > g_array_index (counts, guint, best))
          best = p;
      if (best != G_MAXUINT)
        {
          Loaded *pair = &g_array_index (pairs, Loaded, best);

          self->template = g_object_ref (nb_report_get_template (pair->report));
          self->year = pair->year;
        }
    }

  for (guint i = 0; i < loaded->len; i++)
    {
      Loaded *item = &g_array_index (loaded, Loaded, i);

      if (item->report == NULL)
        {
          g_autofree char *name = g_file_get_parse_name (item->file);

          /* Excluded, or listed twice: a note only. A file repeated in this
           * very list is not in self->seen when its first copy was refused. */
          if (check_file (self, item->file, name, NULL))
            {
              g_autofree char *m = g_strdup_printf (_("%s is listed more than once"), name);
              add_input_note (self, NB_AGGREGATE_NOTE_DUPLICATE, NB_SEVERITY_WARNING, m);
            }
          continue;
        }
      if (check_input (self, item->report, item->file, NULL))
        take_source (self, item->report, item->file);
    }
  return TRUE;
}

static GPtrArray *
files_from_model (GListModel *files)
{
  guint n = g_list_model_get_n_items (files);
  GPtrArray *array = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      GObject *item = g_list_model_get_item (files, i);

      if (G_IS_FILE (item))
        g_ptr_array_add (array, item);
      else
        {
          g_critical ("%s: item %u is not a GFile", G_STRFUNC, i);
          g_clear_object (&item);
        }
    }
  return array;
}

/**
 * nb_aggregate_add_files:
 * @files: (element-type GFile): reports, and folders standing for every
 *   .nianbao file in them
 *
 * Reads and adds every input. Unreadable and refused inputs become notes
 * (nb_aggregate_get_n_rejected ()); when nothing was added before, the form
 * and year are those of most inputs. Blocks: use the async version in a
 * window.
 *
 * Returns: %FALSE only when cancelled
 */
gboolean
nb_aggregate_add_files (NbAggregate   *self,
                        GListModel    *files,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GPtrArray) array = NULL;

  g_return_val_if_fail (NB_IS_AGGREGATE (self), FALSE);
  g_return_val_if_fail (G_IS_LIST_MODEL (files), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  array = files_from_model (files);
  return add_files (self, array, cancellable, error);
}

static void
add_files_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  NbAggregate *self = source_object;
  GError *error = NULL;

  if (!add_files (self, task_data, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* The sums too, so the callback in the main thread only reads. */
  nb_aggregate_get_result (self);
  g_task_return_boolean (task, TRUE);
}

/**
 * nb_aggregate_add_files_async:
 * @files: (element-type GFile): as for nb_aggregate_add_files ()
 *
 * Reads, checks and sums in a worker thread; do not use @self until
 * @callback runs.
 */
void
nb_aggregate_add_files_async (NbAggregate         *self,
                              GListModel          *files,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (NB_IS_AGGREGATE (self));
  g_return_if_fail (G_IS_LIST_MODEL (files));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, nb_aggregate_add_files_async);
  g_task_set_task_data (task, files_from_model (files), (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, add_files_thread);
}

gboolean
nb_aggregate_add_files_finish (NbAggregate   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (NB_IS_AGGREGATE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == nb_aggregate_add_files_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- the sums ------------------------------------------------------------- */

static NbDiagnostic *
cell_note (NbAggregate *self,
           const char  *rule_id,
           NbSeverity   severity,
           guint        cell,
           const char  *actual,
           const char  *message)
{
  const char *cells[] = { nb_template_get_cell (self->template, cell)->id, NULL };

  return nb_diagnostic_new (rule_id, severity, nb_template_get_cell_section (self->template, cell),
                            cells, NULL, actual, message);
}

static NbDiagnostic *
plain_note (const char *rule_id,
            NbSeverity  severity,
            const char *message)
{
  return nb_diagnostic_new (rule_id, severity, NULL, NULL, NULL, NULL, message);
}

static char *
source_label (Source *source)
{
  g_autofree char *name = display_name (source->file);

  return name != NULL ? g_strdup_printf ("%s (%s)", source->agency, name) : g_strdup (source->agency);
}

static void
note_sources (NbAggregate *self,
              GPtrArray   *notes)
{
  /* agency key → the counted sources that hold its figures */
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                        (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();

  for (guint i = 0; i < self->taken->len; i++)
    {
      Source *source = g_ptr_array_index (self->taken, i);
      g_autofree char *label = source_label (source);

      if (source->redundant)
        {
          g_autofree char *m =
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%s was left out: it is a consolidation of %u report that is also given here on its own",
                                          "%s was left out: it is a consolidation of %u reports that are all given here on their own",
                                          g_strv_length (source->covers)),
                             label, g_strv_length (source->covers));
          g_ptr_array_add (notes, plain_note (NB_AGGREGATE_NOTE_NESTED, NB_SEVERITY_WARNING, m));
          continue;
        }
      if (!source->has_agency)
        {
          g_autofree char *name = display_name (source->file);
          g_autofree char *m = g_strdup_printf (_("%s has no agency name; it is listed as “%s”"),
                                                name != NULL ? name : source->agency,
                                                source->agency);
          g_ptr_array_add (notes, plain_note (NB_AGGREGATE_NOTE_NO_AGENCY, NB_SEVERITY_WARNING, m));
        }
      if (nb_aggregate_is_consolidated (source->report) && source->covers == NULL)
        {
          g_autofree char *m =
            g_strdup_printf (_("%s is itself a consolidated report: make sure its sources are not also counted on their own"),
                             label);
          g_ptr_array_add (notes, plain_note (NB_AGGREGATE_NOTE_NESTED, NB_SEVERITY_WARNING, m));
        }

      for (guint k = 0; source->covers != NULL ? source->covers[k] != NULL : k == 0; k++)
        {
          char *key = source->covers != NULL ? source->covers[k] : source->key;
          GPtrArray *holders = g_hash_table_lookup (by_key, key);

          if (holders == NULL)
            {
              holders = g_ptr_array_new ();
              g_hash_table_insert (by_key, key, holders);
              g_ptr_array_add (keys, key);
            }
          if (holders->len == 0 || g_ptr_array_index (holders, holders->len - 1) != source)
            g_ptr_array_add (holders, source);
        }
    }

  /* An agency whose figures are in the sum more than once: an error, once
   * per agency, in order of first appearance. Which copy is right only the
   * clerk can tell. */
  for (guint i = 0; i < keys->len; i++)
    {
      GPtrArray *holders = g_hash_table_lookup (by_key, g_ptr_array_index (keys, i));
      Source *first = g_ptr_array_index (holders, 0);
      g_autoptr(GPtrArray) labels = NULL;
      g_autofree char *list = NULL;
      g_autofree char *m = NULL;
      gboolean nested = FALSE;

      if (holders->len < 2)
        continue;
      labels = g_ptr_array_new_with_free_func (g_free);
      for (guint j = 0; j < holders->len; j++)
        {
          Source *holder = g_ptr_array_index (holders, j);

          nested |= holder->covers != NULL;
          g_ptr_array_add (labels, holder->file != NULL ? g_file_get_parse_name (holder->file)
                                                        : g_strdup (holder->agency));
        }
      list = join_names (labels);
      if (!nested)
        m = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%s sent %u report (%s): all are counted; leave out all but one",
                                          "%s sent %u reports (%s): all are counted; leave out all but one",
                                          holders->len),
                             first->agency, holders->len, list);
      else
        m = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "The figures of %s are counted %u time, in %s; leave out all but one",
                                          "The figures of %s are counted %u times, in %s; leave out all but one",
                                          holders->len),
                             (const char *) g_ptr_array_index (keys, i), holders->len, list);
      g_ptr_array_add (notes, plain_note (NB_AGGREGATE_NOTE_DUPLICATE, NB_SEVERITY_ERROR, m));
    }
}

static void
note_expected (NbAggregate *self,
               GPtrArray   *notes)
{
  g_autoptr(GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GStrvBuilder) missing = g_strv_builder_new ();

  g_clear_pointer (&self->missing, g_strfreev);
  /* A consolidation among the sources brings the agencies it sums. */
  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      g_hash_table_add (present, source->key);
      for (guint k = 0; source->covers != NULL && source->covers[k] != NULL; k++)
        g_hash_table_add (present, source->covers[k]);
    }

  for (guint i = 0; self->expected != NULL && self->expected[i] != NULL; i++)
    {
      char *key = agency_key (self->expected[i]);

      if (!g_hash_table_contains (present, key))
        {
          g_autofree char *m =
            g_strdup_printf (_("%s is on the list of expected agencies but sent no report"),
                             self->expected[i]);
          g_strv_builder_add (missing, self->expected[i]);
          g_ptr_array_add (notes, plain_note (NB_AGGREGATE_NOTE_MISSING, NB_SEVERITY_ERROR, m));
        }
      g_hash_table_add (expected, key);
    }

  for (guint i = 0; self->expected != NULL && i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);
      g_autofree char *m = NULL;

      if (g_hash_table_contains (expected, source->key) || source->covers != NULL)
        continue;
      m = g_strdup_printf (_("%s sent a report but is not on the list of expected agencies"),
                           source->agency);
      g_ptr_array_add (notes, plain_note (NB_AGGREGATE_NOTE_UNEXPECTED, NB_SEVERITY_WARNING, m));
    }
  self->missing = g_strv_builder_end (missing);
}

/* Sums every cell of every source into @result. A sum that overflows stays
 * blank (never wraps); a cell blank everywhere stays blank; a cell blank in
 * some sources is summed over the others and noted. */
static void
sum_cells (NbAggregate *self,
           NbReport    *result,
           GPtrArray   *notes)
{
  guint n_cells = nb_template_get_n_cells (self->template);
  guint n_sources = self->sources->len;

  for (guint c = 0; c < n_cells; c++)
    {
      NbDecimal sum = NB_DECIMAL_INIT;
      gboolean any = FALSE;
      gboolean overflow = FALSE;
      guint n_blank = 0;

      for (guint s = 0; s < n_sources; s++)
        {
          Source *source = g_ptr_array_index (self->sources, s);
          NbDecimal value;

          if (!nb_report_get_value (source->report, c, &value))
            {
              n_blank++;
              continue;
            }
          any = TRUE;
          if (!overflow && !nb_decimal_add (&sum, &value, &sum))
            overflow = TRUE;
        }

      self->n_blank[c] = n_blank;
      self->overflowed[c] = overflow;

      if (overflow)
        {
          g_ptr_array_add (notes, cell_note (self, NB_AGGREGATE_NOTE_OVERFLOW, NB_SEVERITY_ERROR, c, NULL,
                                             _("The sum is too large to be held exactly; the cell is left blank")));
          continue;
        }
      if (!any)
        {
          if (n_sources > 0)
            {
              g_autofree char *m =
                g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "The only report left this blank, so the sum is blank too",
                                              "All %u reports left this blank, so the sum is blank too",
                                              n_sources),
                                 n_sources);
              g_ptr_array_add (notes, cell_note (self, NB_AGGREGATE_NOTE_BLANK, NB_SEVERITY_WARNING,
                                                 c, NULL, m));
            }
          continue;
        }

      _nb_report_load_value (result, c, &sum);
      if (n_blank > 0)
        {
          g_autoptr(GPtrArray) names = g_ptr_array_new ();
          g_autofree char *list = NULL;
          g_autofree char *actual = nb_decimal_to_string (&sum);
          g_autofree char *m = NULL;

          for (guint s = 0; s < n_sources; s++)
            {
              Source *source = g_ptr_array_index (self->sources, s);
              if (nb_report_is_blank (source->report, c))
                g_ptr_array_add (names, source->agency);
            }
          list = join_names (names);
          /* TRANSLATORS: "3 of 20 reports left this blank (东胜区统计局, …); the sum counts them as 0" */
          m = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u of %u reports left this blank (%s); the sum counts it as 0",
                                            "%u of %u reports left this blank (%s); the sum counts them as 0",
                                            n_blank),
                               n_blank, n_sources, list);
          g_ptr_array_add (notes, cell_note (self, NB_AGGREGATE_NOTE_BLANK, NB_SEVERITY_WARNING,
                                             c, actual, m));
        }
    }
}

static char *
sources_paragraph (NbAggregate *self)
{
  GString *s = g_string_new (NULL);

  /* Report text, always Chinese (see SOURCES_MARKER). */
  g_string_append_printf (s, SOURCES_MARKER "%u个单位报送的%d年度政府信息公开工作年度报告：",
                          self->sources->len, self->year);
  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      if (i > 0)
        g_string_append (s, "、");
      g_string_append (s, source->agency);
    }
  g_string_append (s, "。");
  return g_string_free (s, FALSE);
}

static void
ensure_built (NbAggregate *self)
{
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(NbReport) result = NULL;

  if (!self->dirty)
    return;
  self->dirty = FALSE;
  ensure_counted (self);

  for (guint i = 0; i < self->input_notes->len; i++)
    g_ptr_array_add (notes, g_object_ref (g_ptr_array_index (self->input_notes, i)));

  g_clear_pointer (&self->n_blank, g_free);
  g_clear_pointer (&self->overflowed, g_free);
  if (self->template != NULL && self->sources->len > 0)
    {
      guint n_cells = nb_template_get_n_cells (self->template);
      g_autofree char *year = g_strdup_printf ("%d", self->year);
      g_autofree char *paragraph = sources_paragraph (self);
      NbBlock block = { 0, paragraph };

      self->n_blank = g_new0 (guint, n_cells);
      self->overflowed = g_new0 (gboolean, n_cells);
      note_sources (self, notes);

      result = nb_report_new (self->template);
      /* The totals are the sums of the sources' totals, kept as reported so
       * that a source's wrong total shows in the consolidated checks instead
       * of being recomputed away by the first edit. */
      _nb_report_load_auto_totals (result, FALSE);
      _nb_report_load_meta (result, NB_META_AGENCY, nb_aggregate_get_agency (self));
      _nb_report_load_meta (result, NB_META_YEAR, year);
      if (nb_template_lookup_section (self->template, "preamble") >= 0)
        _nb_report_load_blocks (result, "preamble", &block, 1);
      sum_cells (self, result, notes);
      nb_report_clear_history (result);
    }
  note_expected (self, notes);

  g_set_object (&self->result, result);
  g_clear_pointer (&self->note_list, g_ptr_array_unref);
  self->note_list = g_steal_pointer (&notes);
  self->notes_stale = TRUE;
}

/* ---- results -------------------------------------------------------------- */

/**
 * nb_aggregate_get_result:
 *
 * The consolidated report: every cell the exact sum of the sources (see the
 * notes for blanks and overflows), 单位名称 the consolidating office, the
 * year of the sources, a preamble paragraph listing the sources, auto totals
 * off. A new object after each change of the aggregate.
 *
 * Returns: (transfer none) (nullable): the report, %NULL without sources
 */
NbReport *
nb_aggregate_get_result (NbAggregate *self)
{
  g_return_val_if_fail (NB_IS_AGGREGATE (self), NULL);

  ensure_built (self);
  return self->result;
}

/**
 * nb_aggregate_get_template:
 *
 * Returns: (transfer none) (nullable): the form of the sources
 */
NbTemplate *
nb_aggregate_get_template (NbAggregate *self)
{
  g_return_val_if_fail (NB_IS_AGGREGATE (self), NULL);
  return self->template;
}

/* The year of the sources, 0 before the first. */
int
nb_aggregate_get_year (NbAggregate *self)
{
  g_return_val_if_fail (NB_IS_AGGREGATE (self), 0);
  return self->year;
}

/**
 * nb_aggregate_get_notes:
 *
 * Refused and unreadable inputs, then notes about sources (consolidations
 * left out, no agency name, an agency counted twice), then per cell (blanks,
 * overflows) in form order, then missing and unexpected agencies.
 *
 * Returns: (transfer none): a list model of #NbDiagnostic
 */
GListModel *
nb_aggregate_get_notes (NbAggregate *self)
{
  g_return_val_if_fail (NB_IS_AGGREGATE (self), NULL);

  ensure_built (self);
  /* The model changes (items-changed) only here, in the caller's thread,
   * never in the worker thread of nb_aggregate_add_files_async (). */
  if (self->notes_stale)
    {
      self->notes_stale = FALSE;
      g_list_store_splice (self->notes, 0, g_list_model_get_n_items (G_LIST_MODEL (self->notes)),
                           self->note_list->pdata, self->note_list->len);
    }
  return G_LIST_MODEL (self->notes);
}

/**
 * nb_aggregate_dup_note_list:
 *
 * The notes of nb_aggregate_get_notes (), for a writer in a worker thread
 * (the list model belongs to its caller's thread).
 *
 * Returns: (transfer container) (element-type NbDiagnostic): the notes
 */
GPtrArray *
nb_aggregate_dup_note_list (NbAggregate *self)
{
  GPtrArray *notes;

  g_return_val_if_fail (NB_IS_AGGREGATE (self), NULL);

  ensure_built (self);
  notes = g_ptr_array_new_full (self->note_list->len, g_object_unref);
  for (guint i = 0; i < self->note_list->len; i++)
    g_ptr_array_add (notes, g_object_ref (g_ptr_array_index (self->note_list, i)));
  return notes;
}

/* How many sources left @cell blank. */
guint
nb_aggregate_get_n_blank (NbAggregate *self,
                          guint        cell)
{
  g_return_val_if_fail (NB_IS_AGGREGATE (self), 0);

  ensure_built (self);
  if (self->n_blank == NULL)
    return 0;
  g_return_val_if_fail (cell < nb_template_get_n_cells (self->template), 0);
  return self->n_blank[cell];
}

/* TRUE when the sum of @cell did not fit (the result's cell is blank). */
gboolean
nb_aggregate_get_overflowed (NbAggregate *self,
                             guint        cell)
{
  g_return_val_if_fail (NB_IS_AGGREGATE (self), FALSE);

  ensure_built (self);
  if (self->overflowed == NULL)
    return FALSE;
  g_return_val_if_fail (cell < nb_template_get_n_cells (self->template), FALSE);
  return self->overflowed[cell];
}

/**
 * nb_aggregate_get_missing_agencies:
 *
 * Returns: (transfer full) (array zero-terminated=1): the expected agencies
 *   that sent no report, as written in the list; empty without a list
 */
char **
nb_aggregate_get_missing_agencies (NbAggregate *self)
{
  g_return_val_if_fail (NB_IS_AGGREGATE (self), NULL);

  ensure_built (self);
  return g_strdupv (self->missing);
}

/* Inputs left out: unreadable, another form or year, no year, empty folder. */
guint
nb_aggregate_get_n_rejected (NbAggregate *self)
{
  g_return_val_if_fail (NB_IS_AGGREGATE (self), 0);
  return self->n_rejected;
}

/**
 * nb_aggregate_is_clean:
 *
 * Returns: %TRUE when there is at least one source, every input was read and
 *   taken, no source has errors, no sum overflowed and no expected agency is
 *   missing (warnings such as blanks do not count)
 */
gboolean
nb_aggregate_is_clean (NbAggregate *self)
{
  g_return_val_if_fail (NB_IS_AGGREGATE (self), FALSE);

  ensure_built (self);
  if (self->sources->len == 0)
    return FALSE;
  for (guint i = 0; i < self->sources->len; i++)
    if (((Source *) g_ptr_array_index (self->sources, i))->n_errors > 0)
      return FALSE;
  for (guint i = 0; i < self->note_list->len; i++)
    if (nb_diagnostic_get_severity (g_ptr_array_index (self->note_list, i)) == NB_SEVERITY_ERROR)
      return FALSE;
  return TRUE;
}

guint
nb_aggregate_get_n_sources (NbAggregate *self)
{
  g_return_val_if_fail (NB_IS_AGGREGATE (self), 0);
  ensure_counted (self);
  return self->sources->len;
}

static Source *
get_source (NbAggregate *self,
            guint        index)
{
  ensure_counted (self);
  return index < self->sources->len ? g_ptr_array_index (self->sources, index) : NULL;
}

/**
 * nb_aggregate_get_source_agency:
 *
 * Returns: (transfer none): the source's 单位名称, or when it has none its
 *   file name without ".nianbao" (an AGG-NO-AGENCY note says so)
 */
const char *
nb_aggregate_get_source_agency (NbAggregate *self,
                                guint        index)
{
  g_return_val_if_fail (NB_IS_AGGREGATE (self), NULL);
  g_return_val_if_fail (index < nb_aggregate_get_n_sources (self), NULL);
  return get_source (self, index)->agency;
}

/**
 * nb_aggregate_get_source_file:
 *
 * Returns: (transfer none) (nullable): where the source was read from
 */
GFile *
nb_aggregate_get_source_file (NbAggregate *self,
                              guint        index)
{
  g_return_val_if_fail (NB_IS_AGGREGATE (self), NULL);
  g_return_val_if_fail (index < nb_aggregate_get_n_sources (self), NULL);
  return get_source (self, index)->file;
}

/**
 * nb_aggregate_get_source_report:
 *
 * Returns: (transfer none): the source's report: its own value of every cell
 */
NbReport *
nb_aggregate_get_source_report (NbAggregate *self,
                                guint        index)
{
  g_return_val_if_fail (NB_IS_AGGREGATE (self), NULL);
  g_return_val_if_fail (index < nb_aggregate_get_n_sources (self), NULL);
  return get_source (self, index)->report;
}

/**
 * nb_aggregate_get_source_diagnostics:
 *
 * Returns: (transfer none) (element-type NbDiagnostic): the source's own
 *   diagnostics (nb_rules_check () when it was added)
 */
GPtrArray *
nb_aggregate_get_source_diagnostics (NbAggregate *self,
                                     guint        index)
{
  g_return_val_if_fail (NB_IS_AGGREGATE (self), NULL);
  g_return_val_if_fail (index < nb_aggregate_get_n_sources (self), NULL);
  return get_source (self, index)->diagnostics;
}

guint
nb_aggregate_get_source_n_errors (NbAggregate *self,
                                  guint        index)
{
  g_return_val_if_fail (NB_IS_AGGREGATE (self), 0);
  g_return_val_if_fail (index < nb_aggregate_get_n_sources (self), 0);
  return get_source (self, index)->n_errors;
}

guint
nb_aggregate_get_source_n_warnings (NbAggregate *self,
                                    guint        index)
{
  g_return_val_if_fail (NB_IS_AGGREGATE (self), 0);
  g_return_val_if_fail (index < nb_aggregate_get_n_sources (self), 0);
  return get_source (self, index)->n_warnings;
}

gboolean
nb_aggregate_is_consolidated (NbReport *report)
{
  const NbBlock *first;

  g_return_val_if_fail (NB_IS_REPORT (report), FALSE);

  if (nb_report_get_n_blocks (report, "preamble") == 0)
    return FALSE;
  first = nb_report_get_block (report, "preamble", 0);
  return g_str_has_prefix (first->text, SOURCES_MARKER);
}
