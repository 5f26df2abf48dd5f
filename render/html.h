/*
 * html.h - the report an operator sends: one self-contained HTML file (no
 * external script, style sheet, font or image) with the verdict, the chain
 * as an inline SVG picture, the findings with their fixes, and the state of
 * every server of every zone. Opens offline in any browser; well-formed
 * XML, so xmllint can check it.
 */
#ifndef CS_RENDER_HTML_H
#define CS_RENDER_HTML_H

#include "analyze/analyze.h"
#include "base/error.h"
#include "capture/capture.h"
#include "graph.h"

#include <stddef.h>
#include <stdio.h>

/* Write the HTML report of analysis a (of capture c) to out, the picture
 * laid out in Graphviz context gv with opts (NULL: defaults). The same
 * analysis always gives the same bytes. Returns CS_OK, CS_ENOMEM, or CS_EIO
 * when the picture cannot be laid out or out cannot be written (errmsg says
 * why). Not thread-safe (it draws the picture with cs_render_graph). */
cs_err cs_render_html(cs_graphviz *gv, const cs_analysis *a, const cs_capture *c,
		      const cs_graph_opts *opts, FILE *out, char *errmsg, size_t errlen);

#endif
