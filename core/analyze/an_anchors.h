/*
 * an_anchors.h - internal to the analyzer: trust anchors. Where they come
 * from (the options' text or the capture's lines, each with its source),
 * which keys each leads to, and the zone's state from them (RFC 4035 §5):
 * an anchor is not a parent's DS, so its findings speak of the anchor file,
 * never of a registrar.
 */
#ifndef CS_AN_ANCHORS_H
#define CS_AN_ANCHORS_H

#include "analyze/an_ctx.h"

/* Parse the trust anchors (the options' or the capture's, with their
 * sources) and the --ds overrides into x->anchors, x->anchor_src,
 * x->a->anchor_sources and x->overrides. CS_OK, CS_ENOMEM, or
 * CS_ESYNTAX/CS_ERDATA with errmsg naming the anchor or override. */
cs_err an_parse_anchors(ctx *x, char *errmsg, size_t errlen);

/* How many trust anchors zone name has. */
size_t an_anchor_count(const ctx *x, const cs_name *name);

/* A zone with trust anchors: link each anchor to the keys it leads to
 * (z->anchors, key->anchored and ds_match, z->ds_links for DS anchors),
 * validate the DNSKEY RRset variants from the anchored keys, and report
 * TRUST_ANCHOR_NO_MATCH (no anchor leads to a key that signs the DNSKEY
 * RRset) or TRUST_ANCHOR_UNUSED (one does not, while another does). */
void an_eval_anchors(ctx *x, cs_zone *z);

#endif
