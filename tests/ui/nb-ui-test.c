/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-ui-test"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include "nb-problems-panel.h"
#include "nb-ui-test.h"
#include "nb-window-private.h"

static char *tmpdir;
static NbApplication *app;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static void
cleanup (void)
{
  if (tmpdir != NULL)
    remove_tree (tmpdir);
}

void
nb_ui_test_init (int    *argc,
                 char ***argv)
{
  g_autofree char *data = NULL;
  g_autofree char *config = NULL;
  g_autofree char *cache = NULL;

  /* A private $XDG_DATA_HOME (drafts, recent files), config and cache per run:
   * tests never touch the user's. */
  tmpdir = g_dir_make_tmp ("nianbao-ui-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);
  atexit (cleanup);
  data = g_build_filename (tmpdir, "data", NULL);
  config = g_build_filename (tmpdir, "config", NULL);
  cache = g_build_filename (tmpdir, "cache", NULL);
  g_mkdir_with_parents (data, 0700);
  g_mkdir_with_parents (config, 0700);
  g_mkdir_with_parents (cache, 0700);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  /* GTK's test accessibility backend: no AT-SPI bus to wait for, and what
   * a screen reader would be told can be checked. */
  g_setenv ("GTK_A11Y", "test", FALSE);
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  /* GTK's own input method (Ctrl+Shift+U, dead keys), whatever the machine
   * has: what the grid must let through is tested against it. */
  g_setenv ("GTK_IM_MODULE", "gtk-im-context-simple", TRUE);

  g_test_init (argc, argv, NULL);

  if (g_getenv ("DISPLAY") == NULL || !gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      exit (77);
    }
  /* No animations; no blinking cursor: GTK 4.8's GtkText now and then warns
   * "unexpected blinking selection" or "Trying to snapshot GtkGizmo without
   * a current allocation" from its blink timer when the focus lands on a
   * selected entry, which G_DEBUG=fatal-warnings would turn into a crash of
   * an otherwise passing test. */
  g_object_set (gtk_settings_get_default (),
                "gtk-enable-animations", FALSE,
                "gtk-cursor-blink", FALSE,
                NULL);
}

const char *
nb_ui_test_tmpdir (void)
{
  return tmpdir;
}

char *
nb_ui_test_sample_path (void)
{
  const char *source = g_getenv ("NB_SOURCE_DIR");

  g_assert_nonnull (source);
  return g_build_filename (source, "data", "samples", "dongsheng-tongjiju-2023.nianbao", NULL);
}

/* A copy of the sample in the test's own folder, so saving never touches the original. */
char *
nb_ui_test_copy_sample (const char *name)
{
  g_autofree char *sample = nb_ui_test_sample_path ();
  g_autofree char *contents = NULL;
  char *path = g_build_filename (tmpdir, name, NULL);
  gsize length;

  g_assert_true (g_file_get_contents (sample, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  return path;
}

NbApplication *
nb_ui_test_app (void)
{
  if (app == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NbSettings) settings = nb_settings_new_default (&error);
      g_autofree char *drafts_path = g_build_filename (tmpdir, "data", "nianbao", "drafts", NULL);
      g_autoptr(GFile) drafts_dir = g_file_new_for_path (drafts_path);
      g_autoptr(NbDrafts) drafts = nb_drafts_new (drafts_dir);

      g_assert_no_error (error);
      app = nb_application_new (settings, drafts);
      g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
      g_assert_no_error (error);
    }
  return app;
}

void
nb_ui_test_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

gboolean
nb_ui_test_wait (gboolean (*condition) (gpointer data),
                 gpointer   data,
                 guint      timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return TRUE;
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (nb_window_load_file_finish (NB_WINDOW (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
is_drawn (gpointer data)
{
  GtkWidget *widget = data;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  return gtk_widget_get_mapped (widget) && clock != NULL &&
         gdk_frame_clock_get_frame_counter (clock) >= 1;
}

void
nb_ui_test_wait_drawn (GtkWidget *widget)
{
  g_assert_true (nb_ui_test_wait (is_drawn, widget, 10000));
  nb_ui_test_spin (50);
}

static gboolean
is_active (gpointer data)
{
  return gtk_window_is_active (GTK_WINDOW (data));
}

/* A window showing @path (or a blank report for NULL), mapped, drawn and
 * focused, ready for keys. */
NbWindow *
nb_ui_test_open_window (const char *path)
{
  NbApplication *application = nb_ui_test_app ();
  NbWindow *window = nb_window_new (application, nb_application_get_settings (application),
                                    nb_application_get_drafts (application));

  if (path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      gboolean done = FALSE;

      nb_window_load_file_async (window, file, NULL, loaded_cb, &done);
      g_assert_true (nb_ui_test_wait (is_true, &done, 10000));
    }
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  gtk_window_present (GTK_WINDOW (window));
  nb_ui_test_wait_drawn (GTK_WIDGET (window));
  g_assert_true (nb_ui_test_wait (is_active, window, 5000));
  return window;
}

void
nb_ui_test_close_window (NbWindow *window)
{
  /* Tests end without saving, as if the prompt was answered Discard: no
   * draft is left for the next test. */
  window->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (window));
  nb_ui_test_spin (50);
}

/* ---- Keys ---- */

static Display *
xdisplay (void)
{
  GdkDisplay *display = gdk_display_get_default ();

  g_assert_true (GDK_IS_X11_DISPLAY (display));
  return gdk_x11_display_get_xdisplay (display);
}

/* A keycode for @keysym: the keyboard's own, or one spare keycode mapped to
 * it for the moment, the way xdotool types characters the layout lacks
 * (１２, 中文). Always the same spare one: the X server outlives a test. */
static KeyCode
keycode_for (Display *d,
             KeySym   keysym)
{
  static KeyCode scratch = 0;
  KeyCode code = XKeysymToKeycode (d, keysym);
  KeySym syms[2] = { keysym, keysym };

  if (code != 0)
    return code;

  if (scratch == 0)
    {
      int min, max, per;
      KeySym *map;

      XDisplayKeycodes (d, &min, &max);
      map = XGetKeyboardMapping (d, (KeyCode) min, max - min + 1, &per);
      for (int k = max; k >= min && scratch == 0; k--)
        {
          gboolean empty = TRUE;
          for (int i = 0; i < per; i++)
            if (map[(k - min) * per + i] != NoSymbol)
              empty = FALSE;
          if (empty)
            scratch = (KeyCode) k;
        }
      XFree (map);
      /* None empty (an earlier test took them): take the last keycode. */
      if (scratch == 0)
        scratch = (KeyCode) max;
    }

  XChangeKeyboardMapping (d, scratch, 2, syms, 1);
  XSync (d, False);
  /* Let GDK see the MappingNotify before the key arrives. */
  nb_ui_test_spin (60);
  return scratch;
}

static void
send_key (Display *d,
          KeyCode  code,
          gboolean press)
{
  XTestFakeKeyEvent (d, code, press, CurrentTime);
}

void
nb_ui_test_key (guint           keyval,
                GdkModifierType mods)
{
  Display *d = xdisplay ();
  KeyCode code = keycode_for (d, keyval);
  KeyCode shift = XKeysymToKeycode (d, XK_Shift_L);
  KeyCode control = XKeysymToKeycode (d, XK_Control_L);
  KeyCode alt = XKeysymToKeycode (d, XK_Alt_L);

  if (mods & GDK_CONTROL_MASK)
    send_key (d, control, TRUE);
  if (mods & GDK_SHIFT_MASK)
    send_key (d, shift, TRUE);
  if (mods & GDK_ALT_MASK)
    send_key (d, alt, TRUE);
  send_key (d, code, TRUE);
  send_key (d, code, FALSE);
  if (mods & GDK_ALT_MASK)
    send_key (d, alt, FALSE);
  if (mods & GDK_SHIFT_MASK)
    send_key (d, shift, FALSE);
  if (mods & GDK_CONTROL_MASK)
    send_key (d, control, FALSE);
  XSync (d, False);
  nb_ui_test_spin (40);
}

void
nb_ui_test_type (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint keyval = gdk_unicode_to_keyval (c);

      nb_ui_test_key (keyval, 0);
    }
}

/* ---- Model ---- */

char *
nb_ui_test_value (NbReport   *report,
                  const char *cell_id)
{
  int cell = nb_template_lookup_cell (nb_report_get_template (report), cell_id);

  g_assert_cmpint (cell, >=, 0);
  if (nb_report_is_blank (report, (guint) cell))
    return g_strdup ("blank");
  return nb_report_format_value (report, (guint) cell);
}

static gboolean
diagnostic_matches (NbDiagnostic *d,
                    const char   *rule_id,
                    const char   *cell_id)
{
  return g_str_equal (nb_diagnostic_get_rule_id (d), rule_id) &&
         (cell_id == NULL || g_strv_contains (nb_diagnostic_get_cells (d), cell_id));
}

gboolean
nb_ui_test_has_rule (NbRules    *rules,
                     const char *rule_id,
                     const char *cell_id)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (rules)); i++)
    {
      g_autoptr(NbDiagnostic) d = g_list_model_get_item (G_LIST_MODEL (rules), i);
      if (diagnostic_matches (d, rule_id, cell_id))
        return TRUE;
    }
  return FALSE;
}

/* The row of the problems panel showing a diagnostic of @rule_id naming @cell_id. */
GtkWidget *
nb_ui_test_find_problem_row (NbWindow   *window,
                             const char *rule_id,
                             const char *cell_id)
{
  GtkListBox *list = nb_problems_panel_get_list (window->problems);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      NbDiagnostic *d = g_object_get_data (G_OBJECT (row), "nb-diagnostic");

      if (d != NULL && diagnostic_matches (d, rule_id, cell_id) && gtk_widget_get_mapped (row))
        return row;
    }
  return NULL;
}

/* The pointer moved to the middle of @widget, through the X server. */
void
nb_ui_test_hover (GtkWidget *widget)
{
  Display *d = xdisplay ();
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = gtk_native_get_surface (native);
  graphene_point_t point;
  double nx, ny;
  int rx, ry;
  Window child;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0,
                                                                 gtk_widget_get_height (widget) / 2.0),
                                           &point));
  gtk_native_get_surface_transform (native, &nx, &ny);
  XTranslateCoordinates (d, gdk_x11_surface_get_xid (surface), DefaultRootWindow (d),
                         (int) (point.x + nx), (int) (point.y + ny), &rx, &ry, &child);
  XTestFakeMotionEvent (d, -1, rx, ry, CurrentTime);
  XSync (d, False);
  nb_ui_test_spin (80);
}

/* A pointer click in the middle of @widget, through the X server. */
void
nb_ui_test_click (GtkWidget *widget)
{
  Display *d = xdisplay ();
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = gtk_native_get_surface (native);
  graphene_point_t point;
  double nx, ny;
  int rx, ry;
  Window child;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0,
                                                                 gtk_widget_get_height (widget) / 2.0),
                                           &point));
  gtk_native_get_surface_transform (native, &nx, &ny);
  XTranslateCoordinates (d, gdk_x11_surface_get_xid (surface), DefaultRootWindow (d),
                         (int) (point.x + nx), (int) (point.y + ny), &rx, &ry, &child);
  XTestFakeMotionEvent (d, -1, rx, ry, CurrentTime);
  XTestFakeButtonEvent (d, 1, True, CurrentTime);
  XTestFakeButtonEvent (d, 1, False, CurrentTime);
  XSync (d, False);
  nb_ui_test_spin (80);
}

AdwMessageDialog *
nb_ui_test_find_dialog (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)) &&
          (parent == NULL || gtk_window_get_transient_for (w) == parent))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return nb_ui_test_find_dialog (GTK_WINDOW (data)) != NULL;
}

/* Waits up to @timeout_ms for a message dialog over @parent; returns it. */
AdwMessageDialog *
nb_ui_test_wait_dialog (GtkWindow *parent,
                        guint      timeout_ms)
{
  g_assert_true (nb_ui_test_wait (dialog_shown, parent, timeout_ms));
  return nb_ui_test_find_dialog (parent);
}

GtkWidget *
nb_ui_test_find (GtkWidget     *widget,
                 NbUiTestMatch  match,
                 gconstpointer  data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (match (child, data))
        return child;
      if ((found = nb_ui_test_find (child, match, data)) != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GType       type;
  const char *css_class;
} TypeAndClass;

static gboolean
has_type_and_class (GtkWidget     *widget,
                    gconstpointer  data)
{
  const TypeAndClass *wanted = data;

  return G_TYPE_CHECK_INSTANCE_TYPE (widget, wanted->type) &&
         (wanted->css_class == NULL || gtk_widget_has_css_class (widget, wanted->css_class));
}

GtkWidget *
nb_ui_test_find_descendant (GtkWidget  *widget,
                            GType       type,
                            const char *css_class)
{
  return nb_ui_test_find (widget, has_type_and_class, &(TypeAndClass) { type, css_class });
}

static gboolean
toast_label_contains (GtkWidget     *widget,
                      gconstpointer  text)
{
  GtkWidget *toast = widget;

  while (toast != NULL && !g_str_equal (gtk_widget_get_css_name (toast), "toast"))
    toast = gtk_widget_get_parent (toast);
  return toast != NULL && GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL;
}

GtkWidget *
nb_ui_test_find_toast_label (GtkWidget  *root,
                             const char *text)
{
  return nb_ui_test_find (root, toast_label_contains, text);
}

static guint
assert_buttons_named (GtkWidget *widget)
{
  const char *icon = NULL;
  guint n = 0;

  if (GTK_IS_WINDOW_CONTROLS (widget) || !gtk_widget_get_visible (widget))
    return 0;
  if (GTK_IS_MENU_BUTTON (widget))
    icon = gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget));
  else if (GTK_IS_BUTTON (widget) && !GTK_IS_MENU_BUTTON (gtk_widget_get_parent (widget)))
    icon = gtk_button_get_icon_name (GTK_BUTTON (widget));
  if (icon != NULL)
    {
      if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
        g_error ("the %s button (%s) has no accessible label", icon, G_OBJECT_TYPE_NAME (widget));
      /* And sighted users hovering it are told what it does. */
      if (gtk_widget_get_tooltip_text (widget) == NULL)
        g_error ("the %s button (%s) has no tooltip", icon, G_OBJECT_TYPE_NAME (widget));
      n++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += assert_buttons_named (child);
  return n;
}

void
nb_ui_test_assert_buttons_named (GtkWidget *root)
{
  /* Something was checked: a tree without icon buttons proves nothing. */
  g_assert_cmpuint (assert_buttons_named (root), >, 0);
}

gboolean
nb_ui_test_in_chinese_face (GtkWidget *widget)
{
  PangoContext *context;
  const char *family;

  g_assert_nonnull (widget);
  context = gtk_widget_get_pango_context (widget);
  family = pango_font_description_get_family (pango_context_get_font_description (context));
  return family != NULL && g_str_has_prefix (family, "Noto Sans CJK SC");
}
