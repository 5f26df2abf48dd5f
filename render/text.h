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

/* Append the report to out; colour adds ANSI SGR sequences (the state is
 * always spelled out too). */
void cs_render_text(const cs_analysis *a, const cs_capture *c, bool colour, cs_buf *out);

#endif
