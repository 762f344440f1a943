/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-fonts"

#include "config.h"

#include <string.h>

#include <fontconfig/fontconfig.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "nb-export.h"
#include "nb-fonts.h"

/**
 * NbFonts:
 *
 * Chooses one family per typographic role through fontconfig: the official
 * fonts of office desktops when they are installed, then the free ones Debian
 * ships. Every family handed to pango is one that is really installed,
 * because fontconfig quietly answers a request for a missing 仿宋_GB2312 with
 * DejaVu Sans or a Hei face. The rest of the list is the per-character
 * fallback, so a rare character (镕堃昇) outside GB2312 never shows as a box.
 */

typedef struct
{
  const char *family;
  gboolean    bold;      /* the face to use when this family is the role's primary */
} Candidate;

/* Official families first (as named on Windows/WPS office desktops, then the
 * Founder and Sinotype names), then the free ones. */
static const Candidate title_candidates[] = {
  { "方正小标宋简体", FALSE }, { "方正小标宋_GBK", FALSE }, { "FZXiaoBiaoSong-B05S", FALSE },
  { "FZXiaoBiaoSong-B05", FALSE }, { "华文中宋", FALSE }, { "STZhongsong", FALSE },
  /* The bold Song faces are the nearest free relatives of 小标宋. */
  { "Noto Serif CJK SC", TRUE }, { "FandolSong", TRUE },
  { NULL, FALSE }
};
static const Candidate body_candidates[] = {
  { "仿宋_GB2312", FALSE }, { "FangSong_GB2312", FALSE }, { "仿宋", FALSE }, { "FangSong", FALSE },
  { "方正仿宋_GBK", FALSE }, { "方正仿宋简体", FALSE }, { "华文仿宋", FALSE }, { "STFangsong", FALSE },
  { "FandolFang", FALSE },
  { NULL, FALSE }
};
static const Candidate hei_candidates[] = {
  { "黑体", FALSE }, { "SimHei", FALSE }, { "方正黑体_GBK", FALSE }, { "方正黑体简体", FALSE },
  { "华文黑体", FALSE }, { "STHeiti", FALSE },
  { "Noto Sans CJK SC", FALSE }, { "FandolHei", FALSE },
  { NULL, FALSE }
};
static const Candidate kai_candidates[] = {
  { "楷体_GB2312", FALSE }, { "KaiTi_GB2312", FALSE }, { "楷体", FALSE }, { "KaiTi", FALSE },
  { "方正楷体_GBK", FALSE }, { "方正楷体简体", FALSE }, { "华文楷体", FALSE }, { "STKaiti", FALSE },
  { "FandolKai", FALSE }, { "AR PL UKai CN", FALSE },
  { NULL, FALSE }
};
static const Candidate song_candidates[] = {
  { "宋体", FALSE }, { "SimSun", FALSE }, { "NSimSun", FALSE }, { "方正书宋_GBK", FALSE },
  { "华文宋体", FALSE }, { "STSong", FALSE },
  { "Noto Serif CJK SC", FALSE }, { "FandolSong", FALSE },
  { NULL, FALSE }
};

static const Candidate *role_candidates[NB_FONT_N_ROLES] = {
  title_candidates, body_candidates, hei_candidates, kai_candidates, song_candidates,
};

/* Complete CJK families every role falls back to, per character. */
static const char *fallback_families[] = {
  "Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UKai CN",
};

/* Where texlive-lang-chinese installs the Fandol fonts, which fontconfig does not scan. */
static const char *fandol_dirs[] = {
  "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol",
  "/usr/share/texmf/fonts/opentype/public/fandol",
  "/usr/local/share/texmf/fonts/opentype/public/fandol",
};

struct _NbFonts
{
  GObject        parent_instance;

  PangoFontMap  *font_map;
  char          *preference[NB_FONT_N_ROLES];
  char          *primary[NB_FONT_N_ROLES];
  gboolean       bold[NB_FONT_N_ROLES];
  char          *family_list[NB_FONT_N_ROLES];
  gboolean       resolved;
};

G_DEFINE_FINAL_TYPE (NbFonts, nb_fonts, G_TYPE_OBJECT)

static char *
find_fandol_dir (void)
{
  g_autofree char *out = NULL;
  g_autofree char *kpsewhich = g_find_program_in_path ("kpsewhich");
  const char *argv[] = { "kpsewhich", "FandolFang-Regular.otf", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (fandol_dirs); i++)
    {
      g_autofree char *probe = g_build_filename (fandol_dirs[i], "FandolFang-Regular.otf", NULL);

      if (g_file_test (probe, G_FILE_TEST_IS_REGULAR))
        return g_strdup (fandol_dirs[i]);
    }

  /* A TeX installation elsewhere (TeX Live from upstream) knows its own tree. */
  if (kpsewhich != NULL &&
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, &out, NULL, NULL, NULL) &&
      out != NULL && *g_strstrip (out) != '\0')
    return g_path_get_dirname (out);
  return NULL;
}

static gpointer
register_once (gpointer data)
{
  g_autofree char *dir = find_fandol_dir ();

  if (!FcInit ())
    g_warning ("fontconfig could not be initialised");
  /* fontconfig caches the scan of an application font folder, so after the
   * first run this costs well under a millisecond. */
  if (dir != NULL && !FcConfigAppFontAddDir (NULL, (const FcChar8 *) dir))
    g_debug ("Could not add the Fandol fonts in %s", dir);
  return NULL;
}

/**
 * nb_fonts_register_app_fonts:
 *
 * Makes the Fandol fonts of texlive-lang-chinese known to fontconfig's
 * current configuration, once per process. Call it before the first pango
 * font map is created (the window does it at start-up, so its print preview
 * sees the same fonts as the PDF).
 */
void
nb_fonts_register_app_fonts (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, register_once, NULL);
}

static gboolean
family_installed (const char *family)
{
  FcPattern *pattern;
  FcObjectSet *os;
  FcFontSet *set;
  gboolean found = FALSE;

  pattern = FcPatternCreate ();
  FcPatternAddString (pattern, FC_FAMILY, (const FcChar8 *) family);
  os = FcObjectSetBuild (FC_FAMILY, FC_FILE, NULL);
  set = FcFontList (NULL, pattern, os);
  if (set != NULL)
    {
      /* Only fonts whose files pango and cairo can embed (no Type 1/bitmaps). */
      for (int i = 0; i < set->nfont && !found; i++)
        {
          FcChar8 *file = NULL;

          if (FcPatternGetString (set->fonts[i], FC_FILE, 0, &file) == FcResultMatch)
            found = g_str_has_suffix ((const char *) file, ".otf") ||
                    g_str_has_suffix ((const char *) file, ".ttf") ||
                    g_str_has_suffix ((const char *) file, ".ttc") ||
                    g_str_has_suffix ((const char *) file, ".OTF") ||
                    g_str_has_suffix ((const char *) file, ".TTF") ||
                    g_str_has_suffix ((const char *) file, ".TTC");
        }
      FcFontSetDestroy (set);
    }
  FcObjectSetDestroy (os);
  FcPatternDestroy (pattern);
  return found;
}

/* Any installed family that covers Simplified Chinese, for a machine with
 * none of the candidates; NULL when there is no CJK font at all. */
static char *
any_chinese_family (void)
{
  FcPattern *pattern = FcNameParse ((const FcChar8 *) ":lang=zh-cn");
  FcObjectSet *os = FcObjectSetBuild (FC_FAMILY, NULL);
  FcFontSet *set = FcFontList (NULL, pattern, os);
  char *family = NULL;

  if (set != NULL)
    {
      for (int i = 0; i < set->nfont && family == NULL; i++)
        {
          FcChar8 *name = NULL;

          if (FcPatternGetString (set->fonts[i], FC_FAMILY, 0, &name) == FcResultMatch &&
              family_installed ((const char *) name))
            family = g_strdup ((const char *) name);
        }
      FcFontSetDestroy (set);
    }
  FcObjectSetDestroy (os);
  FcPatternDestroy (pattern);
  return family;
}

/**
 * nb_fonts_list_candidates:
 *
 * Returns: (transfer full): the installed families that can serve @role,
 *   best first, for a preference chooser
 */
char **
nb_fonts_list_candidates (NbFontRole role)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (role < NB_FONT_N_ROLES, NULL);

  nb_fonts_register_app_fonts ();
  for (const Candidate *c = role_candidates[role]; c->family != NULL; c++)
    if (family_installed (c->family))
      g_strv_builder_add (builder, c->family);
  return g_strv_builder_end (builder);
}

static void
nb_fonts_finalize (GObject *object)
{
  NbFonts *self = NB_FONTS (object);

  g_clear_object (&self->font_map);
  for (guint i = 0; i < NB_FONT_N_ROLES; i++)
    {
      g_free (self->preference[i]);
      g_free (self->primary[i]);
      g_free (self->family_list[i]);
    }

  G_OBJECT_CLASS (nb_fonts_parent_class)->finalize (object);
}

static void
nb_fonts_class_init (NbFontsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = nb_fonts_finalize;
}

static void
nb_fonts_init (NbFonts *self)
{
}

/**
 * nb_fonts_new:
 *
 * Each #NbFonts has its own pango font map, so a layout drawn in an export
 * thread never shares pango objects with the window.
 */
NbFonts *
nb_fonts_new (void)
{
  nb_fonts_register_app_fonts ();
  return g_object_new (NB_TYPE_FONTS, NULL);
}

/**
 * nb_fonts_set_preference:
 * @family: (nullable): a family to put first for @role, or %NULL for automatic
 *
 * A preferred family that is not installed is passed over (the document
 * still prints, with the automatic choice).
 */
void
nb_fonts_set_preference (NbFonts    *self,
                         NbFontRole  role,
                         const char *family)
{
  g_return_if_fail (NB_IS_FONTS (self));
  g_return_if_fail (role < NB_FONT_N_ROLES);

  g_free (self->preference[role]);
  self->preference[role] = family != NULL && *family != '\0' ? g_strdup (family) : NULL;
  self->resolved = FALSE;
}

static void
append_family (GString    *list,
               GHashTable *seen,
               const char *family)
{
  if (g_hash_table_contains (seen, family))
    return;
  g_hash_table_add (seen, (gpointer) family);
  if (list->len > 0)
    g_string_append_c (list, ',');
  g_string_append (list, family);
}

/**
 * nb_fonts_resolve:
 *
 * Chooses the families of every role. Fails with %NB_EXPORT_ERROR_FONT when
 * the machine has no font for Simplified Chinese at all.
 */
gboolean
nb_fonts_resolve (NbFonts  *self,
                  GError  **error)
{
  g_autofree char *any = NULL;
  gboolean installed[G_N_ELEMENTS (fallback_families)];

  g_return_val_if_fail (NB_IS_FONTS (self), FALSE);

  if (self->resolved)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (fallback_families); i++)
    installed[i] = family_installed (fallback_families[i]);

  for (guint role = 0; role < NB_FONT_N_ROLES; role++)
    {
      g_autoptr(GString) list = g_string_new (NULL);
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      const char *primary = NULL;
      gboolean bold = FALSE;

      if (self->preference[role] != NULL)
        {
          if (family_installed (self->preference[role]))
            primary = self->preference[role];
          else
            g_debug ("Preferred font “%s” is not installed", self->preference[role]);
        }
      for (const Candidate *c = role_candidates[role]; c->family != NULL; c++)
        {
          if (!family_installed (c->family))
            continue;
          if (primary == NULL)
            {
              primary = c->family;
              bold = c->bold;
            }
          else if (g_str_equal (primary, c->family))
            bold = c->bold;
          append_family (list, seen, c->family);
        }
      for (guint i = 0; i < G_N_ELEMENTS (fallback_families); i++)
        if (installed[i])
          append_family (list, seen, fallback_families[i]);

      if (primary == NULL)
        {
          if (any == NULL && (any = any_chinese_family ()) == NULL)
            {
              g_set_error_literal (error, NB_EXPORT_ERROR, NB_EXPORT_ERROR_FONT,
                                   _("No font for Simplified Chinese is installed. Install "
                                     "fonts-noto-cjk or texlive-lang-chinese."));
              return FALSE;
            }
          primary = any;
          append_family (list, seen, any);
        }

      /* The primary goes first, whatever its rank among the candidates. */
      g_free (self->primary[role]);
      self->primary[role] = g_strdup (primary);
      self->bold[role] = bold;
      g_free (self->family_list[role]);
      if (g_str_has_prefix (list->str, primary) &&
          (list->str[strlen (primary)] == ',' || list->str[strlen (primary)] == '\0'))
        self->family_list[role] = g_strdup (list->str);
      else
        self->family_list[role] = g_strdup_printf ("%s,%s", primary, list->str);
    }

  self->resolved = TRUE;
  return TRUE;
}

/**
 * nb_fonts_get_font_map:
 *
 * Returns: (transfer none): the font map layouts are made with
 */
PangoFontMap *
nb_fonts_get_font_map (NbFonts *self)
{
  g_return_val_if_fail (NB_IS_FONTS (self), NULL);

  if (self->font_map == NULL)
    self->font_map = pango_cairo_font_map_new ();
  return self->font_map;
}

/**
 * nb_fonts_get_family:
 *
 * Returns: (nullable): the family chosen for @role, %NULL before
 *   nb_fonts_resolve () succeeded
 */
const char *
nb_fonts_get_family (NbFonts    *self,
                     NbFontRole  role)
{
  g_return_val_if_fail (NB_IS_FONTS (self), NULL);
  g_return_val_if_fail (role < NB_FONT_N_ROLES, NULL);

  return self->primary[role];
}

/**
 * nb_fonts_describe:
 *
 * Returns: (transfer full): a description of @role at @size_pt points with
 *   the whole fallback list as its family; call nb_fonts_resolve () first
 */
PangoFontDescription *
nb_fonts_describe (NbFonts    *self,
                   NbFontRole  role,
                   double      size_pt)
{
  PangoFontDescription *desc;

  g_return_val_if_fail (NB_IS_FONTS (self), NULL);
  g_return_val_if_fail (role < NB_FONT_N_ROLES, NULL);
  g_return_val_if_fail (self->resolved, NULL);

  desc = pango_font_description_new ();
  pango_font_description_set_family (desc, self->family_list[role]);
  pango_font_description_set_weight (desc, self->bold[role] ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size (desc, size_pt * PANGO_SCALE);
  return desc;
}
