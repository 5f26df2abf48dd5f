/*
 * exporter.h - what `chainscope exporter` says about itself: its own
 * metrics (/metrics, Prometheus text format) and its small HTML page (/).
 * The probe metrics are metrics.h's.
 */
#ifndef CS_RENDER_EXPORTER_H
#define CS_RENDER_EXPORTER_H

#include "base/buf.h"

#include <stddef.h>
#include <stdint.h>

/* How a request ended, for chainscope_exporter_requests_total{outcome}. */
typedef enum {
	CS_EXP_PROBED = 0, /* /probe answered with the probe's metrics */
	CS_EXP_METRICS,	   /* /metrics */
	CS_EXP_PAGE,	   /* / */
	CS_EXP_BAD_TARGET, /* 400: a missing or malformed target or type */
	CS_EXP_FORBIDDEN,  /* 403: the target does not match --allow */
	CS_EXP_BUSY,	   /* 503: --max-probes probes were in flight */
	CS_EXP_NOT_FOUND,  /* 404 */
	CS_EXP_BAD_METHOD, /* 405: not GET or HEAD */
	CS_EXP_OUTCOMES
} cs_exporter_outcome;

/* "probed", "metrics", "page", "bad_target", "forbidden", "busy",
 * "not_found", "bad_method". */
const char *cs_exporter_outcome_str(cs_exporter_outcome o);

/* A snapshot of the exporter's counters. */
typedef struct {
	uint64_t requests[CS_EXP_OUTCOMES];
	unsigned in_flight, max_probes;
	uint64_t probe_errors; /* probes that could not run or be analyzed */
	size_t cache_entries, cache_bytes, cache_max_bytes;
	uint64_t cache_hits, cache_misses;
} cs_exporter_stats;

/* Append the exporter's own metrics, each family with HELP and TYPE. */
void cs_render_exporter_metrics(const cs_exporter_stats *s, cs_buf *out);

/* Append the HTML page of "/": a form for /probe, a link to /metrics, and
 * the --allow patterns (escaped) when there are any. */
void cs_render_exporter_page(const char *const *allow, size_t nallow, const char *version,
			     cs_buf *out);

#endif
