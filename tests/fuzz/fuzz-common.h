/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <glib.h>

/* The libFuzzer entry points; replay.c calls them the same way. */
int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* GLib ends a fatal message with a breakpoint (SIGTRAP), which libFuzzer
 * does not catch: abort () instead, so the input is saved. */
static inline GLogWriterOutput
nb_fuzz_log_writer (GLogLevelFlags   log_level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  /* g_log_writer_default () would itself end fatal messages with a trap. */
  if (log_level & (G_LOG_FLAG_FATAL | G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
      abort ();
    }
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* A critical or a warning is a programming error reached from input data
 * (a g_return_if_fail () that the input could trigger): make it a crash so
 * the fuzzer records the input. */
static inline void
nb_fuzz_init (void)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_log_set_writer_func (nb_fuzz_log_writer, NULL, NULL);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
}

/* Checks that hold even in builds with assertions disabled. */
#define nb_fuzz_assert(expr)                                                   \
  G_STMT_START {                                                               \
    if G_LIKELY (expr) ;                                                       \
    else                                                                       \
      g_error ("%s:%d: fuzz invariant failed: %s", __FILE__, __LINE__, #expr); \
  } G_STMT_END
