/*
 * batch_metrics.h - `batch --metrics FILE`: every name's metrics (the same
 * as the exporter's /probe, with name and type labels) in one file for
 * node_exporter's textfile collector. Samples are gathered per metric
 * family in temporary files while the names finish, so memory does not grow
 * with the list; at the end FILE is written whole and renamed into place
 * (a scrape never sees a partial file).
 */
#ifndef CS_CMD_BATCH_METRICS_H
#define CS_CMD_BATCH_METRICS_H

#include "analyze/analyze.h"
#include "capture/capture.h"
#include "dns/name.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct batch_metrics batch_metrics;

/* Start gathering for path; the temporary file beside it is created now so
 * that an unwritable directory fails before the run. NULL (message printed)
 * on failure. */
batch_metrics *batch_metrics_new(const char *path);

/* Add one name's samples; an is NULL when its probe or analysis failed,
 * cap when the probe failed. Thread-safe; m NULL: nothing. */
void batch_metrics_add(batch_metrics *m, const cs_name *name, uint16_t type, const cs_analysis *an,
		       const cs_capture *cap, double duration_s);

/* Write the file and rename it into place (write false: remove the
 * temporary file only). Frees *m and clears it; accepts NULL. Returns false
 * (message printed) when the file could not be written. */
bool batch_metrics_finish(batch_metrics **m, bool write);

#endif
