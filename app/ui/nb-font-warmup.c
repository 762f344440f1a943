/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-font-warmup"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "nb-font-warmup.h"

/* Loading a font is most of the cost of a window's first text: fontconfig
 * sorts the fonts for each description, FreeType opens the face (the CJK
 * faces are 20 MB collections), HarfBuzz reads its tables, Pango measures
 * it. On the main thread that comes after the display is open, during the
 * first frame's measuring (about 15 ms of it with the report's Chinese).
 * So the first window's fonts are written down after its first frame, and
 * the next start loads them in a thread of its own while GTK opens the
 * display and sets up GL, into a font map that becomes the main thread's
 * default before the first window is built (the map is then only used
 * there: Pango's font maps are not shared between threads).
 *
 * What is written down is what GTK gave the widgets: each font description
 * with its language, resolution and font options (a font loaded with other
 * options is another font), and the characters drawn with it, so that the
 * glyphs are in cairo's cache too. A description the next start does not
 * use only costs the thread's time. */

#define MAX_FONTS 32
#define MAX_CHARS 600
#define WRAP_WIDTH 640
#define MAX_SIZE 200        /* px: a font that large is no UI's */
#define MAX_FILE_SIZE 65536

#define IN_RANGE(value, low, high) ((value) >= (int) (low) && (value) <= (int) (high))
#define VERSION 1

static GThread *thread;
static PangoFontMap *warmed_map;   /* not owned: the main thread's default holds it */
static guint n_warmed;
static gint stop;                  /* atomic: the first window waits, no more fonts */
static char *loaded_contents;
static gboolean watching;

char *
nb_font_warmup_get_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "nianbao", "first-frame-fonts.ini", NULL);
}

/* What a warmed font was loaded with. */
typedef struct {
  const char *description;
  const char *language;
  double      resolution;
  gint       *options;    /* antialias, hint style, hint metrics, subpixel order */
  gsize       n_options;
  const char *text;
} Font;

static gboolean
warm_font (PangoFontMap *map,
           const Font   *font)
{
  g_autoptr(PangoFontDescription) description = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  PangoContext *context;
  PangoLanguage *language;
  cairo_font_options_t *options;
  cairo_surface_t *surface;
  cairo_t *cr;
  int width, height;
  double size;

  /* Written so that NaN fails too. */
  if (font->n_options != 4 || !(font->resolution >= 10 && font->resolution <= 1000) ||
      !IN_RANGE (font->options[0], CAIRO_ANTIALIAS_DEFAULT, CAIRO_ANTIALIAS_BEST) ||
      !IN_RANGE (font->options[1], CAIRO_HINT_STYLE_DEFAULT, CAIRO_HINT_STYLE_FULL) ||
      !IN_RANGE (font->options[2], CAIRO_HINT_METRICS_DEFAULT, CAIRO_HINT_METRICS_ON) ||
      !IN_RANGE (font->options[3], CAIRO_SUBPIXEL_ORDER_DEFAULT, CAIRO_SUBPIXEL_ORDER_VBGR))
    return FALSE;
  description = pango_font_description_from_string (font->description);
  size = pango_font_description_get_size (description) / (double) PANGO_SCALE;
  if (!pango_font_description_get_size_is_absolute (description))
    size *= font->resolution / 72;
  if (!(size > 0 && size <= MAX_SIZE))
    return FALSE;
  language = pango_language_from_string (font->language);

  context = pango_font_map_create_context (map);
  options = cairo_font_options_create ();
  cairo_font_options_set_antialias (options, font->options[0]);
  cairo_font_options_set_hint_style (options, font->options[1]);
  cairo_font_options_set_hint_metrics (options, font->options[2]);
  cairo_font_options_set_subpixel_order (options, font->options[3]);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_cairo_context_set_resolution (context, font->resolution);
  pango_context_set_language (context, language);
  pango_context_set_font_description (context, description);

  /* Entries ask for the metrics (their width in characters). */
  pango_font_metrics_unref (pango_context_get_metrics (context, description, language));

  layout = pango_layout_new (context);
  pango_layout_set_text (layout, font->text, -1);
  pango_layout_set_width (layout, WRAP_WIDTH * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_CHAR);
  pango_layout_get_pixel_size (layout, &width, &height);

  /* Drawn where it is seen: cairo makes a glyph's image only for what is
   * inside the surface. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_A8, MAX (width, 1), MAX (height, 1));
  cr = cairo_create (surface);
  pango_cairo_show_layout (cr, layout);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  g_object_unref (context);
  return TRUE;
}

/* A regular file only: a FIFO would block the open, a device such as
 * /dev/zero would never end, and the first window waits for this thread. */
static char *
read_cache (const char *path,
            gsize      *length)
{
  g_autofree char *contents = NULL;
  struct stat info;
  gssize n;
  int fd;

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
  if (fd < 0)
    return NULL;
  if (fstat (fd, &info) != 0 || !S_ISREG (info.st_mode) || info.st_size > MAX_FILE_SIZE)
    {
      close (fd);
      return NULL;
    }
  contents = g_malloc (MAX_FILE_SIZE + 1);
  do
    n = read (fd, contents, MAX_FILE_SIZE + 1);
  while (n < 0 && errno == EINTR);
  close (fd);
  if (n < 0 || n > MAX_FILE_SIZE)
    return NULL;
  contents[n] = '\0';
  *length = n;
  return g_steal_pointer (&contents);
}

static gpointer
warmup_thread (gpointer data)
{
  g_autofree char *path = data;
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_auto(GStrv) groups = NULL;
  PangoFontMap *map = pango_cairo_font_map_new ();
  gsize length;

  /* Absent the first time, or unreadable: nothing to warm. A cache, so any
   * surprise in it only means it is rewritten after this start. */
  loaded_contents = read_cache (path, &length);
  if (loaded_contents == NULL ||
      !g_key_file_load_from_data (file, loaded_contents, length, G_KEY_FILE_NONE, NULL) ||
      g_key_file_get_integer (file, "Warmup", "Version", NULL) != VERSION)
    return map;

  groups = g_key_file_get_groups (file, NULL);
  /* Once the first window is waiting, a font loaded here costs it as much
   * as one it loads itself: stop. */
  for (guint i = 0; groups[i] != NULL && n_warmed < MAX_FONTS && !g_atomic_int_get (&stop); i++)
    {
      g_autofree char *description = NULL;
      g_autofree char *language = NULL;
      g_autofree char *text = NULL;
      g_autofree gint *options = NULL;
      Font font = { 0 };

      if (!g_str_has_prefix (groups[i], "Font "))
        continue;
      description = g_key_file_get_string (file, groups[i], "Description", NULL);
      language = g_key_file_get_string (file, groups[i], "Language", NULL);
      text = g_key_file_get_string (file, groups[i], "Text", NULL);
      options = g_key_file_get_integer_list (file, groups[i], "Options", &font.n_options, NULL);
      font.resolution = g_key_file_get_double (file, groups[i], "Resolution", NULL);
      if (description == NULL || language == NULL || text == NULL || options == NULL ||
          !g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) > MAX_CHARS)
        continue;
      font.description = description;
      font.language = language;
      font.options = options;
      font.text = text;
      if (warm_font (map, &font))
        n_warmed++;
    }
  return map;
}

/**
 * nb_font_warmup_start:
 *
 * Starts loading, in a thread, the fonts the last start's first window
 * drew with. Call once, before gtk_init; the thread must be finished with
 * nb_font_warmup_finish () before the first widget is made.
 */
void
nb_font_warmup_start (void)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (thread == NULL);
  thread = g_thread_try_new ("nb-font-warmup", warmup_thread, nb_font_warmup_get_path (), &error);
  if (thread == NULL)
    g_debug ("No font warm-up: %s", error->message);
}

/**
 * nb_font_warmup_finish:
 *
 * Waits for the warm-up, if one was started, and makes its font map the
 * main thread's default, which GTK's widgets then use. Call on the main
 * thread; later calls do nothing.
 */
void
nb_font_warmup_finish (void)
{
  PangoFontMap *map;

  if (thread == NULL)
    return;
  g_atomic_int_set (&stop, TRUE);
  map = g_thread_join (g_steal_pointer (&thread));
  pango_cairo_font_map_set_default (PANGO_CAIRO_FONT_MAP (map));
  warmed_map = map;
  g_object_unref (map);
  watching = TRUE;
}

/**
 * nb_font_warmup_get_count:
 *
 * Returns: how many fonts this start loaded ahead into the font map the
 *   main thread's widgets use (0 when that is not the warmed map)
 */
guint
nb_font_warmup_get_count (void)
{
  if (warmed_map == NULL || PANGO_FONT_MAP (pango_cairo_font_map_get_default ()) != warmed_map)
    return 0;
  return n_warmed;
}

/* ---- Writing down the first frame's fonts ---- */

typedef struct {
  char    *description;
  char    *language;
  double   resolution;
  int      options[4];
  GString *text;
} Seen;

static void
seen_free (gpointer data)
{
  Seen *seen = data;

  g_free (seen->description);
  g_free (seen->language);
  g_string_free (seen->text, TRUE);
  g_free (seen);
}

static void
add_text (GHashTable   *seen_fonts,
          PangoContext *context,
          const char   *text)
{
  const cairo_font_options_t *options = pango_cairo_context_get_font_options (context);
  const PangoFontDescription *description = pango_context_get_font_description (context);
  g_autofree char *key = NULL;
  g_autofree char *description_string = NULL;
  Seen *seen;
  int values[4] = { 0 };

  if (description == NULL || text == NULL || *text == '\0')
    return;
  if (options != NULL)
    {
      values[0] = cairo_font_options_get_antialias (options);
      values[1] = cairo_font_options_get_hint_style (options);
      values[2] = cairo_font_options_get_hint_metrics (options);
      values[3] = cairo_font_options_get_subpixel_order (options);
    }
  description_string = pango_font_description_to_string (description);
  key = g_strdup_printf ("%s|%s|%g|%d %d %d %d", description_string,
                         pango_language_to_string (pango_context_get_language (context)),
                         pango_cairo_context_get_resolution (context),
                         values[0], values[1], values[2], values[3]);
  seen = g_hash_table_lookup (seen_fonts, key);
  if (seen == NULL)
    {
      if (g_hash_table_size (seen_fonts) >= MAX_FONTS)
        return;
      seen = g_new0 (Seen, 1);
      seen->description = g_steal_pointer (&description_string);
      seen->language = g_strdup (pango_language_to_string (pango_context_get_language (context)));
      seen->resolution = pango_cairo_context_get_resolution (context);
      memcpy (seen->options, values, sizeof values);
      seen->text = g_string_new (NULL);
      g_hash_table_insert (seen_fonts, g_steal_pointer (&key), seen);
    }

  /* Each character once: the glyphs, not the words, are what is cached. */
  for (const char *p = text; *p != '\0' && g_utf8_strlen (seen->text->str, -1) < MAX_CHARS;
       p = g_utf8_next_char (p))
    {
      char utf8[7] = { 0 };

      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        continue;
      g_unichar_to_utf8 (g_utf8_get_char (p), utf8);
      if (strstr (seen->text->str, utf8) == NULL)
        g_string_append (seen->text, utf8);
    }
}

/* The text of every label and entry on screen, by the font it is drawn in. */
static void
collect (GtkWidget  *widget,
         GHashTable *seen_fonts)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    add_text (seen_fonts, gtk_widget_get_pango_context (widget),
              gtk_label_get_text (GTK_LABEL (widget)));
  else if (GTK_IS_TEXT (widget))
    add_text (seen_fonts, gtk_widget_get_pango_context (widget),
              gtk_editable_get_text (GTK_EDITABLE (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, seen_fonts);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static int
compare_characters (gconstpointer a,
                    gconstpointer b)
{
  gunichar x = *(const gunichar *) a, y = *(const gunichar *) b;

  return (x > y) - (x < y);
}

/* The characters in code point order: the set the glyph cache needs, not
 * the report's text in the order it was written. */
static char *
sorted_characters (const char *text)
{
  glong n;
  g_autofree gunichar *characters = g_utf8_to_ucs4_fast (text, -1, &n);

  qsort (characters, n, sizeof *characters, compare_characters);
  return g_ucs4_to_utf8 (characters, n, NULL, NULL, NULL);
}

static gboolean
record_idle_cb (gpointer data)
{
  g_autoptr(GtkWidget) window = data;
  g_autoptr(GHashTable) seen_fonts = NULL;
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree gpointer *keys = NULL;
  guint n_keys;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *path = nb_font_warmup_get_path ();
  g_autofree char *dir = g_path_get_dirname (path);

  seen_fonts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, seen_free);
  collect (window, seen_fonts);
  /* Closed before it was drawn: nothing learnt. */
  if (g_hash_table_size (seen_fonts) == 0)
    return G_SOURCE_REMOVE;
  keys = g_hash_table_get_keys_as_array (seen_fonts, &n_keys);
  qsort (keys, n_keys, sizeof *keys, compare_strings);

  g_key_file_set_integer (file, "Warmup", "Version", VERSION);
  for (guint i = 0; i < n_keys; i++)
    {
      Seen *seen = g_hash_table_lookup (seen_fonts, keys[i]);
      g_autofree char *group = g_strdup_printf ("Font %u", i);
      g_autofree char *text = sorted_characters (seen->text->str);

      g_key_file_set_string (file, group, "Description", seen->description);
      g_key_file_set_string (file, group, "Language", seen->language);
      g_key_file_set_double (file, group, "Resolution", seen->resolution);
      g_key_file_set_integer_list (file, group, "Options", seen->options, 4);
      g_key_file_set_string (file, group, "Text", text);
    }
  contents = g_key_file_to_data (file, NULL, NULL);

  /* Rewritten only when the first frame changed; readable by the user
   * only, since the characters are the report's. */
  if (g_strcmp0 (contents, loaded_contents) == 0)
    return G_SOURCE_REMOVE;
  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_debug ("Could not create %s: %s", dir, g_strerror (errno));
  else if (!g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                      &error))
    g_debug ("Could not write the fonts to warm up: %s", error->message);
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                GtkWidget     *window)
{
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, window);
  /* Before anything of lower priority, such as the test hook's quitting. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, record_idle_cb, g_object_ref (window), NULL);
}

static void
realize_cb (GtkWidget *window,
            gpointer   user_data)
{
  g_signal_handlers_disconnect_by_func (window, realize_cb, user_data);
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (after_paint_cb), window, 0);
}

/**
 * nb_font_warmup_watch:
 * @window: a window about to be shown
 *
 * Writes down the fonts of @window's first frame for the next start, when
 * @window is the first one of a start that warmed up (or could have).
 */
void
nb_font_warmup_watch (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

  if (!watching)
    return;
  watching = FALSE;
  g_signal_connect (window, "realize", G_CALLBACK (realize_cb), NULL);
}
