/*
 * graph.h - the chain of trust as a picture: a Graphviz graph built in
 * process with cgraph and laid out with gvc (conventions and legend in
 * docs/graph.md). Every cgraph/gvc call of chainscope is in graph.c.
 */
#ifndef CS_RENDER_GRAPH_H
#define CS_RENDER_GRAPH_H

#include "analyze/analyze.h"
#include "base/error.h"
#include "capture/capture.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* How much to draw. */
typedef struct {
	/* Every signature edge; by default a valid signature that adds nothing
	 * is left out (a ZSK's over the DNSKEY RRset when a KSK's is valid, a
	 * KSK's over data a ZSK validly signs), as DNSViz does. */
	bool all_signatures;
} cs_graph_opts;

/* Graphviz's context. Graphviz 2.42 keeps text-layout state between
 * contexts (a second context after one is freed reads freed memory), so a
 * program makes one and lays out every picture with it. */
typedef struct cs_graphviz cs_graphviz;

/* A new context; NULL when out of memory or Graphviz cannot start. */
cs_graphviz *cs_graphviz_new(void);

/* Free it; accepts NULL, clears *g. */
void cs_graphviz_free(cs_graphviz **g);

/* Write the graph of analysis a (of capture c) to out in format "dot" (the
 * graph before layout, as cgraph writes it), "svg" or "png" (laid out with
 * dot, in context gv). opts NULL means the defaults. The same analysis
 * always gives the same bytes for dot and svg. Returns CS_OK; CS_EINVAL
 * when format is not one of these or the Graphviz plugin for it is
 * missing; CS_ENOMEM; CS_EIO when Graphviz fails to lay out or write. On
 * error errmsg says why (Graphviz's own message when it has one); out may
 * then hold part of the output. Not thread-safe (Graphviz's error hook is
 * global). */
cs_err cs_render_graph(cs_graphviz *gv, const cs_analysis *a, const cs_capture *c,
		       const char *format, const cs_graph_opts *opts, FILE *out, char *errmsg,
		       size_t errlen);

/* The Graphviz version this process runs with (what libgvc reports), in
 * buf; "unknown" when it cannot tell. */
void cs_graph_graphviz_version(char *buf, size_t len);

#endif
