/*
 * json.h - the machine-readable result of `chainscope check --json`
 * (schema in docs/check-json.md, version CS_CHECK_JSON_VERSION).
 */
#ifndef CS_RENDER_JSON_H
#define CS_RENDER_JSON_H

#include "analyze/analyze.h"
#include "capture/capture.h"

#define CS_CHECK_JSON_VERSION 1

/* The result as a JSON text (malloc'd, caller frees); NULL when out of
 * memory. Strings are ASCII with JSON escapes. */
char *cs_render_json(const cs_analysis *a, const cs_capture *c);

/* The same document on one line, without a newline (JSON Lines: `batch`).
 * Caller frees; NULL when out of memory. */
char *cs_render_json_line(const cs_analysis *a, const cs_capture *c);

#endif
