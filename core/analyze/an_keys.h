/*
 * an_keys.h - internal to the analyzer: trust anchors, a zone's keys (the
 * union over its servers' DNSKEY RRsets) and the validation of its DNSKEY
 * RRset from the DS or anchor (RFC 4035 §5.2).
 */
#ifndef CS_AN_KEYS_H
#define CS_AN_KEYS_H

#include "analyze/an_ctx.h"

/* Parse the trust anchors (the options' or the capture's) and the --ds
 * overrides into x->anchors and x->overrides. CS_OK, CS_ENOMEM, or
 * CS_ESYNTAX/CS_ERDATA with errmsg naming the anchor or override. */
cs_err an_parse_anchors(ctx *x, char *errmsg, size_t errlen);

/* The zone's DNSKEY variants and the union of its keys (z->dnskey,
 * z->keys). */
void an_collect_keys(ctx *x, cs_zone *z);

/* Algorithm, key size and key tag collision findings for a signed zone. */
void an_key_findings(ctx *x, cs_zone *z);

/* Validate the zone's DNSKEY RRset variants against the DS set (or, when
 * from_anchor_keys, the keys the anchors name): sets z->state, the keys'
 * trusted/signs_dnskey flags and the servers' states. */
void an_eval_dnskeys(ctx *x, cs_zone *z, const cs_rr *const *ds, size_t nds, bool from_anchor_keys);

#endif
