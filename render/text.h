/*
 * text.h - the terminal report of `chainscope check`: the chain from the
 * root down, each link with its state, findings under the link they belong
 * to with the fix beneath each, and a one-line verdict with the next break.
 * Readable in 80 columns and without colour.
 */
#ifndef CS_RENDER_TEXT_H
#define CS_RENDER_TEXT_H

#include "analyze/analyze.h"
#include "base/buf.h"
#include "capture/capture.h"

#include <stdbool.h>

typedef struct {
	bool colour;  /* ANSI SGR sequences (the state is always spelled out too) */
	bool verbose; /* every server address on its own line; by default the
			 addresses that dissent are listed and the others
			 counted on one line ("26 addresses (13 servers): all
			 secure") */
} cs_text_opts;

/* Append the report to out; o NULL means the defaults. */
void cs_render_text(const cs_analysis *a, const cs_capture *c, const cs_text_opts *o, cs_buf *out);

#endif
