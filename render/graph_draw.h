/*
 * graph_draw.h - internal to the picture (graph.c, graph_panel.c): a small
 * drawing kit over cgraph, so that the files that decide what to draw call
 * no Graphviz function. graph_draw.c is the only file of chainscope that
 * calls cgraph and gvc.
 *
 * Every string from DNS data or a capture passes through cs_escape_dot
 * before it reaches an attribute; node ids are ours (ASCII, made of
 * indexes) so the output is the same for the same analysis.
 */
#ifndef CS_RENDER_GRAPH_DRAW_H
#define CS_RENDER_GRAPH_DRAW_H

#include "analyze/analyze.h"
#include "base/buf.h"
#include "capture/capture.h"

#include <stdbool.h>
#include <stddef.h>

/* cgraph's objects, opaque here. */
typedef struct Agraph_s gv_sub; /* the graph or a subgraph (cluster) */
typedef struct Agedge_s gv_edge;

/* A node we made, with what findings may name it by and its label. */
typedef struct {
	struct Agnode_s *n;
	char *id;      /* our id (the cgraph name) */
	char *subject; /* finding subject that marks it, or NULL */
	cs_buf label;  /* escaped label text, markers appended later */
	bool marked;
} gnode;

/* One picture being drawn. */
typedef struct {
	gv_sub *g;
	gv_sub **cl; /* one cluster per zone */
	cs_buf *cl_label;
	gnode *nodes;
	size_t n, cap;
	char **seen; /* edge keys already drawn */
	size_t nseen, capseen;
	bool all_signatures; /* draw redundant signature edges too */
	bool oom;
} gctx;

/* Set attribute k of a graph, subgraph, node (gnode->n) or edge to v (a
 * value ending in a backslash gets a space: cgraph would write it before
 * the closing quote). */
void gd_set(void *obj, const char *k, const char *v);

/* Colour and line style of state s (with basestyle, e.g. "rounded"), so
 * greyscale still tells the states apart. */
void gd_look(void *obj, cs_state s, const char *basestyle, bool edge);

/* True the first time key is seen: duplicate edges are drawn once. */
bool gd_first_time(gctx *x, const char *key);

/* A node with id in subgraph sub (subject: the finding subject that marks
 * it, or NULL), drawn as shape in state s's look; NULL when out of memory
 * (x->oom set). */
gnode *gd_node(gctx *x, gv_sub *sub, const char *id, const char *subject, cs_state s,
	       const char *shape, const char *basestyle);

/* The node with id, or NULL. */
gnode *gd_find(gctx *x, const char *id);

/* The id of a node. */
const char *gd_id(const gnode *n);

/* An edge t -> h in state s's look; NULL when either is NULL or out of
 * memory. */
gv_edge *gd_edge(gctx *x, gnode *t, gnode *h, cs_state s, const char *basestyle);

/* An invisible edge that only keeps t above h in the layout. */
void gd_layout_edge(gctx *x, gnode *t, gnode *h);

/* A subgraph of the picture named name (a cluster when it starts with
 * "cluster"); NULL when out of memory (x->oom set). */
gv_sub *gd_subgraph(gctx *x, const char *name);

/* Default node and edge attributes of the picture (fonts). */
void gd_defaults(gctx *x);

/* A plaintext node with id in sub whose label is a static HTML-like
 * table (never DNS data). */
void gd_html_node(gctx *x, gv_sub *sub, const char *id, const char *table);

/* Draw the analysis into x (graph.c): clusters, keys, DS, signatures,
 * answers, then the findings panel and legend (graph_panel.c). */
void cs_graph_build(gctx *x, const cs_analysis *a, const cs_capture *c);

/* The findings panel (and the markers on the nodes and clusters they
 * concern) and the legend, in one row under the chain (graph_panel.c). */
void cs_graph_panel(gctx *x, const cs_analysis *a);

#endif
