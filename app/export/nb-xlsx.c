/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nb-xlsx"

#include "config.h"

#include "nb-formats.h"
#include "nb-storage.h"
#include "nb-xlsx-private.h"

/*
 * The public side of the xlsx export. The workbook itself is written by
 * nb-xlsx-workbook.c, which needs libxlsxwriter: it lives in the formats
 * module, loaded on the first export (nb-formats.h says why).
 */

static gboolean
export_to (NbReport             *report,
           NbReport             *previous,
           const char           *path,
           const NbXlsxOptions  *options,
           GCancellable         *cancellable,
           GError              **error)
{
  __typeof__ (_nb_xlsx_write) *write_workbook = nb_formats_lookup ("_nb_xlsx_write", error);

  return write_workbook != NULL && write_workbook (report, previous, path, options, cancellable, error);
}

/**
 * nb_xlsx_export:
 * @report: the report
 * @previous: (nullable): last year's report, for the cross-year rules
 * @path: the workbook to write; replaced only when the export succeeds
 * @options: (nullable): export options
 * @error: return location for an error
 *
 * Writes @report as the workbook for the higher-level bureau. The
 * diagnostics on the 校验 sheet are those of nb_rules_check (). The file is
 * written to a temporary file beside @path and renamed at the end, so a
 * failure never leaves a half workbook and never touches an existing one.
 *
 * Returns: %TRUE on success
 */
gboolean
nb_xlsx_export (NbReport             *report,
                NbReport             *previous,
                const char           *path,
                const NbXlsxOptions  *options,
                GError              **error)
{
  g_return_val_if_fail (NB_IS_REPORT (report), FALSE);
  g_return_val_if_fail (previous == NULL || NB_IS_REPORT (previous), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return export_to (report, previous, path, options, NULL, error);
}

/* ---- Async ---- */

typedef struct
{
  NbReport      *report;
  NbReport      *previous;
  char          *path;
  NbXlsxOptions  options;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->report);
  g_clear_object (&job->previous);
  g_free (job->path);
  g_clear_pointer (&job->options.created, g_date_time_unref);
  g_clear_object (&job->options.aggregate);
  g_free (job);
}

/* The window keeps editing while the thread writes: the thread gets its own
 * copy of the report, made here on the caller's thread. */
static NbReport *
snapshot (NbReport  *report,
          GError   **error)
{
  gsize length = 0;
  g_autofree char *data = nb_storage_to_data (report, &length);

  return nb_storage_load_data (data, length, "snapshot", error);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!export_to (job->report, job->previous, job->path, &job->options, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * nb_xlsx_export_async:
 *
 * Runs nb_xlsx_export () in a thread on a copy of @report (and @previous)
 * taken now, so the caller may keep editing. Finish with
 * nb_xlsx_export_finish ().
 */
void
nb_xlsx_export_async (NbReport             *report,
                      NbReport             *previous,
                      const char           *path,
                      const NbXlsxOptions  *options,
                      GCancellable         *cancellable,
                      GAsyncReadyCallback   callback,
                      gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  ExportJob *job;

  g_return_if_fail (NB_IS_REPORT (report));
  g_return_if_fail (previous == NULL || NB_IS_REPORT (previous));
  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, nb_xlsx_export_async);

  job = g_new0 (ExportJob, 1);
  job->path = g_strdup (path);
  if (options != NULL && options->created != NULL)
    job->options.created = g_date_time_ref (options->created);
  if (options != NULL && options->aggregate != NULL)
    job->options.aggregate = g_object_ref (options->aggregate);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);

  if ((job->report = snapshot (report, &error)) == NULL ||
      (previous != NULL && (job->previous = snapshot (previous, &error)) == NULL))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_run_in_thread (task, export_thread);
}

gboolean
nb_xlsx_export_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == nb_xlsx_export_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
