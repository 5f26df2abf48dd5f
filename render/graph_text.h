/*
 * graph_text.h - text for the graph's labels and tooltips (internal to the
 * graph renderer). Everything appended is escaped with cs_escape_dot, so it
 * is printable ASCII; "\n" and "\l" are Graphviz line breaks.
 */
#ifndef CS_RENDER_GRAPH_TEXT_H
#define CS_RENDER_GRAPH_TEXT_H

#include "analyze/analyze.h"
#include "base/buf.h"
#include "capture/capture.h"

/* Append a name in presentation format. */
void cs_gtext_name(cs_buf *b, const cs_name *n);

/* Append a record in presentation format and a line break. */
void cs_gtext_rr(cs_buf *b, const cs_rr *rr);

/* Append "servers: A B ..." and a line break; nothing when n is 0. */
void cs_gtext_servers(cs_buf *b, const char *const *sv, size_t n);

/* The state a signature's edge is drawn in: secure when valid, insecure
 * when its algorithm cannot be checked, bogus otherwise. */
cs_state cs_gtext_sig_state(cs_sig_status s);

/* Key tag and algorithm from an RRSIG's RDATA; both 0 when it is short. */
void cs_gtext_sig_tag(const cs_sig_eval *s, unsigned *tag, unsigned *alg);

/* Append a signature's tooltip: status, inception, expiration, the RRSIG
 * record and the servers of rs. */
void cs_gtext_sig_tooltip(cs_buf *b, const cs_rrset *rs, const cs_sig_eval *s);

/* Append raw text wrapped at width (words not split), each line escaped,
 * prefixed with indent and ended with "\l" (left-justified). */
void cs_gtext_wrap(cs_buf *out, const char *indent, const char *text, size_t width);

/* Append the title: query, verdict and counts, next break, time. */
void cs_gtext_title(cs_buf *b, const cs_analysis *a, const cs_capture *c);

#endif
