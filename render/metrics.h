/*
 * metrics.h - chainscope's results in the Prometheus text exposition format
 * (version 0.0.4): the answer of the exporter's /probe and the file of
 * `batch --metrics` (node_exporter's textfile collector). Every metric
 * family has its HELP and TYPE lines; label values are escaped as the
 * format requires. docs/monitoring.md lists the metrics.
 */
#ifndef CS_RENDER_METRICS_H
#define CS_RENDER_METRICS_H

#include "analyze/analyze.h"
#include "base/buf.h"
#include "capture/capture.h"

#include <stdint.h>

/* One probe as the metrics see it. */
typedef struct {
	const cs_analysis *an; /* NULL when the probe or the analysis failed */
	const cs_capture *cap; /* NULL when the probe failed */
	double duration_s;     /* probe and analysis, wall time */
} cs_metrics_probe;

/* The number of metric families; families are numbered 0..n-1 in the order
 * they are written. */
#define CS_METRICS_FAMILIES 9

/* Append the HELP and TYPE lines of family f. */
void cs_metrics_header(unsigned f, cs_buf *out);

/* Append family f's samples for one probe (possibly none, e.g. no next
 * break). labels: label pairs written first in every sample, already in
 * the format (`name="x.",type="A"`), or NULL. */
void cs_metrics_samples(unsigned f, const cs_metrics_probe *p, const char *labels, cs_buf *out);

/* Append every family that has samples for the probe, each with its HELP
 * and TYPE lines: the exporter's /probe answer. */
void cs_render_metrics(const cs_metrics_probe *p, const char *labels, cs_buf *out);

/* Append s as a label value (without the quotes): backslash, double quote
 * and newline escaped as \\, \" and \n. */
void cs_metrics_escape_label(cs_buf *out, const char *s);

/* Append the labels of a query, name="NAME",type="TYPE" (the name in
 * presentation format, escaped), for cs_metrics_samples. */
void cs_metrics_query_labels(cs_buf *out, const cs_name *name, uint16_t type);

/* Sums over the chain's zones of their server summaries: addresses and
 * those failing (a cold-cache validator asking them does worse than at the
 * zone's best). */
void cs_metrics_servers(const cs_analysis *a, size_t *addresses, size_t *failing);

#endif
