/*
 * an_delegation.h - internal to the analyzer: the DS link from a parent to
 * a child (RFC 4035 §5.2): which DS RRset the parent serves and proves,
 * which keys each DS matches, and the DS findings.
 */
#ifndef CS_AN_DELEGATION_H
#define CS_AN_DELEGATION_H

#include "analyze/an_ctx.h"

/* The DS records a zone's keys are checked against. */
typedef struct {
	const cs_rr **ds;
	size_t nds;
	bool secure; /* from a secure DS RRset, or from --ds over a secure parent */
} an_ds_choice;

/* Look at the parent's DS answers for z (or the --ds overrides) and set
 * z->delegation, z->ds and z->ds_proven_absent. Returns the DS set the
 * child's keys are to be checked against (empty unless secure). */
an_ds_choice an_eval_delegation(ctx *x, cs_zone *z);

/* Link each DS record the zone's keys are checked against (used), and
 * every other DS its parent serves, to the keys it matches by tag,
 * algorithm and digest (z->ds_links). Keys must be collected first. */
void an_link_ds(ctx *x, cs_zone *z, const cs_rr *const *ds, size_t nds);

/* an_link_ds, then set key->ds_match for the keys the DS set leads to and
 * report DS problems. Returns how many DS of the set validators can use. */
size_t an_match_ds(ctx *x, cs_zone *z, const cs_rr *const *ds, size_t nds);

/* "zone IN DS tag alg 2 digest" for each SEP key of z ("; "-separated), or
 * NULL when it has none. */
const char *an_suggested_ds(ctx *x, const cs_zone *z);

#endif
