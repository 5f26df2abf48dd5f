/*
 * nsec.c - proofs with NSEC records (RFC 4035 §5.4, RFC 6840 §4).
 */
#include "dnssec/denial_rules.h"

#include "base/codec.h"
#include "dnssec/crypto.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

/* RFC 4034 §6.1 order; the last NSEC (next name not after its owner: the
 * apex, or the owner itself in a one-name zone) covers everything after
 * its owner. */
static bool nsec_covers(const nsec_rec *r, const cs_name *name)
{
	int lo = cs_name_canon_cmp(r->owner, name);
	int hi = cs_name_canon_cmp(name, &r->v.next);
	if (cs_name_canon_cmp(r->owner, &r->v.next) < 0)
		return lo < 0 && hi < 0;
	return lo < 0 || hi < 0;
}

static bool nsec_cut_above(const nsec_rec *r, const cs_name *name)
{
	return dn_strictly_below(name, r->owner) && dn_is_cut(r->v.bitmap, r->v.bitmap_len);
}

static const nsec_rec *nsec_match(const dn_ctx *c, const cs_name *name)
{
	for (size_t i = 0; i < c->n_nsec; i++)
		if (cs_name_equal(c->nsec[i].owner, name))
			return &c->nsec[i];
	return NULL;
}

/* The record covering name; one that does not violate the ancestor
 * delegation rule is preferred when several do. */
static const nsec_rec *nsec_cover(const dn_ctx *c, const cs_name *name)
{
	const nsec_rec *cut = NULL;
	for (size_t i = 0; i < c->n_nsec; i++) {
		const nsec_rec *r = &c->nsec[i];
		if (!nsec_covers(r, name))
			continue;
		if (!nsec_cut_above(r, name))
			return r;
		if (cut == NULL)
			cut = r;
	}
	return cut;
}

/* RFC 4035 §5.4: the closest encloser is the longest ancestor qname shares
 * with the owner or the next name of the NSEC covering it. Callers ensure
 * qname is below the apex; the result lies between the two. */
static unsigned nsec_ce_labels(const dn_ctx *c, const nsec_rec *r)
{
	unsigned a = dn_common_labels(c->qname, r->owner);
	unsigned b = dn_common_labels(c->qname, &r->v.next);
	unsigned k = a > b ? a : b;
	if (k >= c->qlabels) /* only with a broken chain */
		k = c->qlabels - 1;
	return k < c->zlabels ? c->zlabels : k;
}

/* Shared checks of the NSEC covering qname: the ancestor delegation rule,
 * and "the next name lies below qname" (qname is an empty non-terminal). */
static cs_proof_status nsec_cover_qname(const dn_ctx *c, cs_proof *p, const nsec_rec **out,
					bool *ent)
{
	char b1[CS_NAME_TEXT_MAX], b2[CS_NAME_TEXT_MAX], b3[CS_NAME_TEXT_MAX];
	const nsec_rec *r = nsec_cover(c, c->qname);
	*out = r;
	*ent = false;
	if (r == NULL)
		return dn_verdict(p, CS_PROOF_NOT_COVERING, "no NSEC record matches or covers %s",
				  dn_name(c->qname, b1));
	p->cover_name = r->index;
	if (nsec_cut_above(r, c->qname))
		return dn_verdict(p, CS_PROOF_ANCESTOR_DELEGATION,
				  "the NSEC at %s covers %s, but %s is a zone cut (NS without SOA, "
				  "or DNAME): it cannot deny names below it (RFC 6840 section 4.1)",
				  dn_name(r->owner, b1), dn_name(c->qname, b2),
				  dn_name(r->owner, b3));
	*ent = dn_strictly_below(&r->v.next, c->qname);
	return CS_PROOF_OK;
}

static cs_proof_status nsec_nxdomain(const dn_ctx *c, cs_proof *p)
{
	char b1[CS_NAME_TEXT_MAX], b2[CS_NAME_TEXT_MAX], b3[CS_NAME_TEXT_MAX];
	char b4[CS_NAME_TEXT_MAX], b5[CS_NAME_TEXT_MAX];
	const nsec_rec *m = nsec_match(c, c->qname);
	if (m != NULL || c->qlabels == c->zlabels) {
		p->match = m != NULL ? m->index : -1;
		return dn_verdict(p, CS_PROOF_NOT_COVERING,
				  "%s exists (it owns an NSEC record, or is the zone apex), so it "
				  "cannot be NXDOMAIN",
				  dn_name(c->qname, b1));
	}
	const nsec_rec *r;
	bool ent;
	cs_proof_status st = nsec_cover_qname(c, p, &r, &ent);
	if (st != CS_PROOF_OK)
		return st;
	if (ent)
		return dn_verdict(
		    p, CS_PROOF_NOT_COVERING,
		    "%s is an empty non-terminal (the NSEC at %s points to %s below it): "
		    "it exists, so the answer should be NODATA, not NXDOMAIN",
		    dn_name(c->qname, b1), dn_name(r->owner, b2), dn_name(&r->v.next, b3));
	dn_set_names(c, p, nsec_ce_labels(c, r));

	const nsec_rec *wm = nsec_match(c, &p->wildcard);
	if (wm != NULL) {
		p->cover_wildcard = wm->index;
		return dn_verdict(
		    p, CS_PROOF_WILDCARD_GAP,
		    "the wildcard %s exists (an NSEC is owned by it), so %s should have "
		    "been synthesised from it",
		    dn_name(&p->wildcard, b1), dn_name(c->qname, b2));
	}
	const nsec_rec *w = nsec_cover(c, &p->wildcard);
	if (w == NULL)
		return dn_verdict(
		    p, CS_PROOF_WILDCARD_GAP,
		    "%s is covered by the NSEC at %s, but no NSEC covers the wildcard %s "
		    "at its closest encloser",
		    dn_name(c->qname, b1), dn_name(r->owner, b2), dn_name(&p->wildcard, b3));
	p->cover_wildcard = w->index;
	if (nsec_cut_above(w, &p->wildcard))
		return dn_verdict(
		    p, CS_PROOF_ANCESTOR_DELEGATION,
		    "the NSEC at %s is a zone cut and cannot deny the wildcard %s below it",
		    dn_name(w->owner, b1), dn_name(&p->wildcard, b2));
	if (dn_strictly_below(&w->v.next, &p->wildcard))
		return dn_verdict(p, CS_PROOF_WILDCARD_GAP,
				  "the wildcard %s is an empty non-terminal (names exist below it)",
				  dn_name(&p->wildcard, b1));
	return dn_verdict(
	    p, CS_PROOF_OK,
	    "%s does not exist: the NSEC %s -> %s covers it, and the NSEC at %s covers "
	    "the wildcard %s",
	    dn_name(c->qname, b1), dn_name(r->owner, b2), dn_name(&r->v.next, b3),
	    dn_name(w->owner, b4), dn_name(&p->wildcard, b5));
}

static cs_proof_status nsec_nodata(const dn_ctx *c, cs_proof *p)
{
	char b1[CS_NAME_TEXT_MAX], b2[CS_NAME_TEXT_MAX], b3[CS_NAME_TEXT_MAX], t[16];
	const char *tn = cs_rrtype_str(c->qtype, t);
	const nsec_rec *m = nsec_match(c, c->qname);
	if (m != NULL) {
		p->match = m->index;
		cs_proof_status st =
		    dn_nodata_bitmap(c, p, m->v.bitmap, m->v.bitmap_len, c->qname, "NSEC", true);
		if (st != CS_PROOF_OK)
			return st;
		return dn_verdict(
		    p, CS_PROOF_OK,
		    "%s exists without %s: its NSEC record lists neither %s nor CNAME",
		    dn_name(c->qname, b1), tn, tn);
	}
	if (c->qlabels == c->zlabels)
		return dn_verdict(p, CS_PROOF_NOT_COVERING,
				  "no NSEC record is owned by the apex %s", dn_name(c->qname, b1));
	const nsec_rec *r;
	bool ent;
	cs_proof_status st = nsec_cover_qname(c, p, &r, &ent);
	if (st != CS_PROOF_OK)
		return st;
	if (ent)
		return dn_verdict(
		    p, CS_PROOF_OK,
		    "%s is an empty non-terminal without data: the NSEC %s -> %s shows "
		    "names below it and none at it",
		    dn_name(c->qname, b1), dn_name(r->owner, b2), dn_name(&r->v.next, b3));
	dn_set_names(c, p, nsec_ce_labels(c, r));
	const nsec_rec *w = nsec_match(c, &p->wildcard);
	if (w == NULL)
		return dn_verdict(
		    p, CS_PROOF_WILDCARD_GAP,
		    "%s does not exist (the NSEC at %s covers it) and no NSEC matches the "
		    "wildcard %s: that proves NXDOMAIN, not NODATA",
		    dn_name(c->qname, b1), dn_name(r->owner, b2), dn_name(&p->wildcard, b3));
	p->cover_wildcard = w->index;
	st = dn_nodata_bitmap(c, p, w->v.bitmap, w->v.bitmap_len, &p->wildcard, "NSEC", false);
	if (st != CS_PROOF_OK)
		return st;
	return dn_verdict(
	    p, CS_PROOF_OK,
	    "wildcard NODATA: %s is covered by the NSEC at %s and the wildcard %s has "
	    "no %s",
	    dn_name(c->qname, b1), dn_name(r->owner, b2), dn_name(&p->wildcard, b3), tn);
}

static cs_proof_status nsec_no_ds(const dn_ctx *c, cs_proof *p)
{
	char b1[CS_NAME_TEXT_MAX], b2[CS_NAME_TEXT_MAX];
	const nsec_rec *m = nsec_match(c, c->qname);
	if (m == NULL) {
		const nsec_rec *r = nsec_cover(c, c->qname);
		if (r != NULL) {
			p->cover_name = r->index;
			return dn_verdict(
			    p, CS_PROOF_NOT_COVERING,
			    "the NSEC at %s covers %s, so it is no delegation at all; an "
			    "insecure delegation needs the NSEC owned by %s",
			    dn_name(r->owner, b1), dn_name(c->qname, b2), dn_name(c->qname, b2));
		}
		return dn_verdict(p, CS_PROOF_NOT_COVERING, "no NSEC record is owned by %s",
				  dn_name(c->qname, b1));
	}
	p->match = m->index;
	return dn_unsigned_delegation(c, p, m->v.bitmap, m->v.bitmap_len, "NSEC");
}

static cs_proof_status nsec_wildcard(const dn_ctx *c, cs_proof *p)
{
	char b1[CS_NAME_TEXT_MAX], b2[CS_NAME_TEXT_MAX], b3[CS_NAME_TEXT_MAX];
	char b4[CS_NAME_TEXT_MAX], b5[CS_NAME_TEXT_MAX];
	unsigned want = c->rrsig_labels;
	dn_set_names(c, p, want);
	const nsec_rec *m = nsec_match(c, c->qname);
	if (m != NULL) {
		p->match = m->index;
		return dn_verdict(
		    p, CS_PROOF_NOT_COVERING,
		    "%s exists (an NSEC is owned by it), so the answer must not come from "
		    "the wildcard %s",
		    dn_name(c->qname, b1), dn_name(&p->wildcard, b2));
	}
	const nsec_rec *r;
	bool ent;
	cs_proof_status st = nsec_cover_qname(c, p, &r, &ent);
	if (st != CS_PROOF_OK)
		return st;
	if (ent)
		return dn_verdict(
		    p, CS_PROOF_NOT_COVERING,
		    "%s is an empty non-terminal (the NSEC at %s points below it), so no "
		    "wildcard applies to it",
		    dn_name(c->qname, b1), dn_name(r->owner, b2));
	unsigned got = nsec_ce_labels(c, r);
	if (got > want) {
		cs_name closer;
		cs_name_suffix(c->qname, got, &closer);
		return dn_verdict(p, CS_PROOF_NOT_COVERING,
				  "the NSEC %s -> %s shows that %s exists, closer to %s than the "
				  "wildcard %s",
				  dn_name(r->owner, b1), dn_name(&r->v.next, b2),
				  dn_name(&closer, b3), dn_name(c->qname, b4),
				  dn_name(&p->wildcard, b5));
	}
	if (got < want)
		return dn_verdict(
		    p, CS_PROOF_NOT_COVERING,
		    "the NSEC %s -> %s also covers %s, so the wildcard %s cannot exist",
		    dn_name(r->owner, b1), dn_name(&r->v.next, b2),
		    dn_name(&p->closest_encloser, b3), dn_name(&p->wildcard, b4));
	return dn_verdict(
	    p, CS_PROOF_OK,
	    "%s does not exist (the NSEC %s -> %s covers it), so the answer was rightly "
	    "synthesised from %s",
	    dn_name(c->qname, b1), dn_name(r->owner, b2), dn_name(&r->v.next, b3),
	    dn_name(&p->wildcard, b4));
}

cs_proof_status dn_nsec_check(const dn_ctx *c, cs_claim claim, cs_proof *p)
{
	switch (claim) {
	case CS_CLAIM_NXDOMAIN:
		return nsec_nxdomain(c, p);
	case CS_CLAIM_NODATA:
		return nsec_nodata(c, p);
	case CS_CLAIM_NO_DS:
		return nsec_no_ds(c, p);
	case CS_CLAIM_WILDCARD:
		return nsec_wildcard(c, p);
	}
	return dn_verdict(p, CS_PROOF_BAD_QUERY, "unknown claim");
}
