/*
 * output.h - writing reports to files: atomically (a temporary file in the
 * same directory, renamed over the target on success), so a failed render
 * never leaves a partial file. Shared by check, tui and batch.
 */
#ifndef CS_CMD_OUTPUT_H
#define CS_CMD_OUTPUT_H

#include "analyze.h"
#include "capture.h"
#include "graph.h"

#include <stdbool.h>

/* Write the report of an (of cap) in format "dot", "svg", "png" or "html"
 * to path ("-": stdout). Returns false after printing a message naming the
 * option and the file on failure; no partial file is left behind. */
bool cmd_write_report(const cs_analysis *an, const cs_capture *cap, const char *format,
		      const char *path);

/* cmd_write_report with picture options (NULL: defaults). */
bool cmd_write_report_opts(const cs_analysis *an, const cs_capture *cap, const char *format,
			   const char *path, const cs_graph_opts *opts);

#endif
