/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The reference of bench-startup: a minimal GTK 4 program that shows N
 * GtkEntry in a GtkGrid (in a scrolled window of Nianbao's default size)
 * and prints `first-frame USEC` (the monotonic clock) when its first frame
 * is painted, then quits. No libadwaita, no model, no file.
 *
 * Built a second time with NB_STARTUP_FLOOR as startup-floor: the same
 * entries in a bare libadwaita window (adw_init, AdwWindow). Not the
 * target's reference; bench-startup prints it to show how much of the
 * distance to the reference libadwaita itself takes. */
#include <stdio.h>
#include <stdlib.h>

#include <gtk/gtk.h>
#ifdef NB_STARTUP_FLOOR
#include <adwaita.h>
#endif

static gboolean done;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  if (done)
    return;
  done = TRUE;
  printf ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
}

static void
realize_cb (GtkWidget *window,
            gpointer   user_data)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint_cb), NULL);
}

int
main (int   argc,
      char *argv[])
{
  int n = argc > 1 ? atoi (argv[1]) : 200;
  GtkWidget *window, *scroller, *grid;

  gtk_init ();
#ifdef NB_STARTUP_FLOOR
  adw_init ();
  window = adw_window_new ();
#else
  window = gtk_window_new ();
#endif
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  scroller = gtk_scrolled_window_new ();
  grid = gtk_grid_new ();
  for (int i = 0; i < n; i++)
    {
      GtkWidget *entry = gtk_entry_new ();
      gtk_editable_set_text (GTK_EDITABLE (entry), "0");
      gtk_editable_set_width_chars (GTK_EDITABLE (entry), 6);
      gtk_grid_attach (GTK_GRID (grid), entry, i % 8, i / 8, 1, 1);
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), grid);
#ifdef NB_STARTUP_FLOOR
  adw_window_set_content (ADW_WINDOW (window), scroller);
#else
  gtk_window_set_child (GTK_WINDOW (window), scroller);
#endif
  g_signal_connect (window, "realize", G_CALLBACK (realize_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));

  while (!done)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}
