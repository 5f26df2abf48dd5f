/*
 * output.h - writing reports to files: atomically (a temporary file in the
 * same directory, renamed over the target on success), so a failed render
 * never leaves a partial file. Shared by check and tui.
 */
#ifndef CS_CMD_OUTPUT_H
#define CS_CMD_OUTPUT_H

#include "analyze/analyze.h"
#include "capture/capture.h"
#include "graph.h"

#include <stdbool.h>

/* What a command needs to write pictures: the picture options and the one
 * Graphviz context of the process (made at the first picture). */
typedef struct {
	cs_graph_opts opts;
	cs_graphviz *gv;
} cmd_reporter;

/* Free the reporter's Graphviz context (the options stay); accepts a
 * reporter that never drew. */
void cmd_reporter_free(cmd_reporter *r);

/* Write the report of an (of cap) in format "dot", "svg", "png" or "html"
 * to path ("-": stdout). Returns false after printing a message naming the
 * option and the file on failure; no partial file is left behind. */
bool cmd_write_report(cmd_reporter *r, const cs_analysis *an, const cs_capture *cap,
		      const char *format, const char *path);

#endif
