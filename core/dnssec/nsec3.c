/*
 * nsec3.c - proofs with NSEC3 records (RFC 5155 §8, RFC 9276): hashes of
 * qname's ancestors and of the wildcard are cached by label count in the
 * record table, so no name is hashed twice.
 */
#include "dnssec/denial_rules.h"

#include "base/codec.h"
#include "dnssec/crypto.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

/* Base32hex of a hash for messages, into out (33 octets). */
static const char *hash_text(dn_ctx *c, const uint8_t *h, char out[2 * HASH_LEN])
{
	cs_buf_reset(&c->buf);
	cs_b32hex_encode(&c->buf, h, HASH_LEN);
	const char *s = cs_buf_cstr(&c->buf);
	snprintf(out, 2 * HASH_LEN, "%s", s[0] != '\0' ? s : "?");
	return out;
}

/* H(name) with the records' parameters, computed into out. */
static bool nsec3_hash_name(const dn_ctx *c, const cs_name *name, uint8_t out[HASH_LEN])
{
	cs_name canon = *name;
	cs_name_lower(&canon);
	return cs_nsec3_hash(1, c->iterations, c->salt, c->salt_len, canon.data, canon.len, out);
}

/* Hash of qname's ancestor with k labels (k = qlabels: qname itself), or
 * with wildcard of "*." + that ancestor; each computed once. NULL when
 * hashing fails (never expected for algorithm 1). */
static const uint8_t *nsec3_hash_at(dn_ctx *c, unsigned k, bool wildcard)
{
	if (k >= MAX_LABELS || k > c->qlabels)
		return NULL;
	uint8_t(*slot)[HASH_LEN] = wildcard ? c->wc : c->anc;
	bool *have = wildcard ? c->have_wc : c->have_anc;
	if (!have[k]) {
		cs_name name;
		cs_name_suffix(c->qname, k, &name);
		if (wildcard && cs_name_prepend(&name, dn_star_label, 1, &name) != CS_OK)
			return NULL;
		if (!nsec3_hash_name(c, &name, slot[k]))
			return NULL;
		have[k] = true;
	}
	return slot[k];
}

static cs_proof_status hash_failed(cs_proof *p)
{
	return dn_verdict(p, CS_PROOF_UNSUPPORTED, "the NSEC3 hash could not be computed");
}

static bool nsec3_covers(const nsec3_rec *r, const uint8_t *h)
{
	int lo = memcmp(r->hash, h, HASH_LEN);
	int hi = memcmp(h, r->v.next_hash, HASH_LEN);
	if (memcmp(r->hash, r->v.next_hash, HASH_LEN) < 0)
		return lo < 0 && hi < 0;
	/* The last record of the chain wraps around to the first hash. */
	return lo < 0 || hi < 0;
}

static const nsec3_rec *nsec3_match(const dn_ctx *c, const uint8_t *h)
{
	for (size_t i = 0; i < c->n_nsec3; i++)
		if (memcmp(c->nsec3[i].hash, h, HASH_LEN) == 0)
			return &c->nsec3[i];
	return NULL;
}

static const nsec3_rec *nsec3_cover(const dn_ctx *c, const uint8_t *h)
{
	for (size_t i = 0; i < c->n_nsec3; i++)
		if (nsec3_covers(&c->nsec3[i], h))
			return &c->nsec3[i];
	return NULL;
}

static bool optout(const nsec3_rec *r)
{
	return (r->v.flags & CS_NSEC3_FLAG_OPTOUT) != 0;
}

/* All records of one proof share the algorithm, iterations and salt
 * (RFC 5155 §8.2 reads them per record; chainscope refuses mixtures), and
 * the iterations are within the caller's limit: checked before any hash. */
static const char *salt_hex(const nsec3_rec *r, char out[24])
{
	size_t n = r->v.salt_len < 8 ? r->v.salt_len : 8, o = 0;
	if (n == 0)
		return "-";
	for (size_t i = 0; i < n; i++, o += 2)
		snprintf(out + o, 3, "%02x", r->v.salt[i]);
	snprintf(out + o, 24 - o, "%s", r->v.salt_len > 8 ? "..." : "");
	return out;
}

static cs_proof_status nsec3_params(dn_ctx *c, cs_proof *p)
{
	char b1[CS_NAME_TEXT_MAX], b2[CS_NAME_TEXT_MAX], s1[24], s2[24];
	const nsec3_rec *f = &c->nsec3[0];
	for (size_t i = 1; i < c->n_nsec3; i++) {
		const nsec3_rec *r = &c->nsec3[i];
		if (r->v.iterations != f->v.iterations || r->v.salt_len != f->v.salt_len ||
		    memcmp(r->v.salt, f->v.salt, f->v.salt_len) != 0)
			return dn_verdict(p, CS_PROOF_UNSUPPORTED,
					  "the NSEC3 records at %s and %s use different parameters "
					  "(iterations %u and %u, salt %s and %s)",
					  dn_name(f->owner, b1), dn_name(r->owner, b2),
					  f->v.iterations, r->v.iterations, salt_hex(f, s1),
					  salt_hex(r, s2));
	}
	c->iterations = f->v.iterations;
	c->salt = f->v.salt;
	c->salt_len = f->v.salt_len;
	p->iterations = f->v.iterations;
	p->salt_len = f->v.salt_len;
	if (f->v.iterations > c->max_iterations)
		return dn_verdict(
		    p, CS_PROOF_ITERATIONS,
		    "NSEC3 uses %u iterations, above the limit of %u: a validator treats "
		    "the answer as insecure (RFC 9276 section 3.2); nothing was hashed",
		    f->v.iterations, c->max_iterations);
	return CS_PROOF_OK;
}

/* RFC 5155 §8.3 closest (provable) encloser proof for qname: the longest
 * ancestor with a matching NSEC3, and an NSEC3 covering the next closer
 * name. *ce gets the encloser's label count; when it equals qname's, qname
 * itself matched and nothing more is checked. */
static cs_proof_status nsec3_closest_encloser(dn_ctx *c, cs_proof *p, unsigned *ce)
{
	char b1[CS_NAME_TEXT_MAX], b2[CS_NAME_TEXT_MAX];
	char h1[2 * HASH_LEN];
	unsigned k = c->qlabels;
	const nsec3_rec *m = NULL;
	for (;;) {
		const uint8_t *h = nsec3_hash_at(c, k, false);
		if (h == NULL)
			return hash_failed(p);
		m = nsec3_match(c, h);
		if (m != NULL || k == c->zlabels)
			break;
		k--;
	}
	if (m == NULL)
		return dn_verdict(p, CS_PROOF_NO_CLOSEST_ENCLOSER,
				  "no NSEC3 record matches %s or any ancestor up to the apex %s",
				  dn_name(c->qname, b1), dn_name(c->zone, b2));
	*ce = k;
	dn_set_names(c, p, k);
	p->match = m->index;
	if (k == c->qlabels)
		return CS_PROOF_OK;
	if (dn_is_cut(m->v.bitmap, m->v.bitmap_len))
		return dn_verdict(
		    p, CS_PROOF_ANCESTOR_DELEGATION,
		    "the closest encloser %s is a zone cut (NS without SOA, or DNAME): its "
		    "NSEC3 cannot deny names below it (RFC 6840 section 4.1)",
		    dn_name(&p->closest_encloser, b1));
	const uint8_t *h = nsec3_hash_at(c, k + 1, false);
	if (h == NULL)
		return hash_failed(p);
	const nsec3_rec *r = nsec3_cover(c, h);
	if (r == NULL)
		return dn_verdict(p, CS_PROOF_NOT_COVERING,
				  "the closest encloser %s is proven, but no NSEC3 covers the next "
				  "closer name %s (hash %s)",
				  dn_name(&p->closest_encloser, b1), dn_name(&p->next_closer, b2),
				  hash_text(c, h, h1));
	p->cover_name = r->index;
	p->optout = optout(r);
	return CS_PROOF_OK;
}

static const char *optout_note(const cs_proof *p)
{
	return p->optout ? "; the covering NSEC3 has Opt-Out, so an unsigned delegation may "
			   "exist there (insecure)"
			 : "";
}

static cs_proof_status nsec3_nxdomain(dn_ctx *c, cs_proof *p)
{
	char b1[CS_NAME_TEXT_MAX], b2[CS_NAME_TEXT_MAX], b3[CS_NAME_TEXT_MAX];
	char b4[CS_NAME_TEXT_MAX];
	char h1[2 * HASH_LEN];
	unsigned k;
	cs_proof_status st = nsec3_closest_encloser(c, p, &k);
	if (st != CS_PROOF_OK)
		return st;
	if (k == c->qlabels)
		return dn_verdict(
		    p, CS_PROOF_NOT_COVERING,
		    "%s exists: an NSEC3 record matches its hash, so it cannot be NXDOMAIN",
		    dn_name(c->qname, b1));
	const uint8_t *h = nsec3_hash_at(c, k, true);
	if (h == NULL)
		return hash_failed(p);
	const nsec3_rec *w = nsec3_match(c, h);
	if (w != NULL) {
		p->cover_wildcard = w->index;
		return dn_verdict(
		    p, CS_PROOF_WILDCARD_GAP,
		    "the wildcard %s exists (an NSEC3 matches it), so %s should have been "
		    "synthesised from it",
		    dn_name(&p->wildcard, b1), dn_name(c->qname, b2));
	}
	w = nsec3_cover(c, h);
	if (w == NULL)
		return dn_verdict(p, CS_PROOF_WILDCARD_GAP,
				  "closest encloser %s and next closer %s are proven, but no NSEC3 "
				  "covers the wildcard %s (hash %s)",
				  dn_name(&p->closest_encloser, b1), dn_name(&p->next_closer, b2),
				  dn_name(&p->wildcard, b3), hash_text(c, h, h1));
	p->cover_wildcard = w->index;
	return dn_verdict(p, CS_PROOF_OK,
			  "%s does not exist: closest encloser %s matched, next closer %s and "
			  "wildcard %s covered%s",
			  dn_name(c->qname, b1), dn_name(&p->closest_encloser, b2),
			  dn_name(&p->next_closer, b3), dn_name(&p->wildcard, b4), optout_note(p));
}

static cs_proof_status nsec3_nodata(dn_ctx *c, cs_proof *p)
{
	char b1[CS_NAME_TEXT_MAX], b2[CS_NAME_TEXT_MAX], b3[CS_NAME_TEXT_MAX], t[16];
	const char *tn = cs_rrtype_str(c->qtype, t);
	const uint8_t *h = nsec3_hash_at(c, c->qlabels, false);
	if (h == NULL)
		return hash_failed(p);
	const nsec3_rec *m = nsec3_match(c, h);
	if (m != NULL) {
		/* §8.5 (and §8.6 for DS); an empty non-terminal has an NSEC3
		 * with an empty bitmap. */
		p->match = m->index;
		cs_proof_status st =
		    dn_nodata_bitmap(c, p, m->v.bitmap, m->v.bitmap_len, c->qname, "NSEC3", true);
		if (st != CS_PROOF_OK)
			return st;
		return dn_verdict(
		    p, CS_PROOF_OK,
		    "%s exists without %s: the NSEC3 matching it lists neither %s nor "
		    "CNAME",
		    dn_name(c->qname, b1), tn, tn);
	}
	unsigned k;
	cs_proof_status st = nsec3_closest_encloser(c, p, &k);
	if (st != CS_PROOF_OK)
		return st;
	/* §8.7: a wildcard at the closest encloser matches qname. */
	const uint8_t *hw = nsec3_hash_at(c, k, true);
	if (hw == NULL)
		return hash_failed(p);
	const nsec3_rec *w = nsec3_match(c, hw);
	if (w != NULL) {
		p->cover_wildcard = w->index;
		st = dn_nodata_bitmap(c, p, w->v.bitmap, w->v.bitmap_len, &p->wildcard, "NSEC3",
				      false);
		if (st != CS_PROOF_OK)
			return st;
		return dn_verdict(
		    p, CS_PROOF_OK,
		    "wildcard NODATA: closest encloser %s, next closer %s covered, and the "
		    "wildcard %s has no %s%s",
		    dn_name(&p->closest_encloser, b1), dn_name(&p->next_closer, b2),
		    dn_name(&p->wildcard, b3), tn, optout_note(p));
	}
	/* §8.5 as corrected by erratum 3441, and §8.6 for DS: no matching
	 * NSEC3, but the next closer name lies in an Opt-Out span. */
	if (p->optout)
		return dn_verdict(
		    p, CS_PROOF_OK,
		    "no NSEC3 matches %s, but the next closer %s lies in an Opt-Out span: "
		    "it may be an unsigned delegation (insecure, RFC 5155 section 8.6)",
		    dn_name(c->qname, b1), dn_name(&p->next_closer, b2));
	return dn_verdict(
	    p, CS_PROOF_WILDCARD_GAP,
	    "no NSEC3 matches %s or the wildcard %s, and the next closer %s is covered "
	    "without Opt-Out: that proves NXDOMAIN, not NODATA",
	    dn_name(c->qname, b1), dn_name(&p->wildcard, b2), dn_name(&p->next_closer, b3));
}

static cs_proof_status nsec3_no_ds(dn_ctx *c, cs_proof *p)
{
	char b1[CS_NAME_TEXT_MAX], b2[CS_NAME_TEXT_MAX], b3[CS_NAME_TEXT_MAX];
	const uint8_t *h = nsec3_hash_at(c, c->qlabels, false);
	if (h == NULL)
		return hash_failed(p);
	const nsec3_rec *m = nsec3_match(c, h);
	if (m != NULL) {
		p->match = m->index;
		return dn_unsigned_delegation(c, p, m->v.bitmap, m->v.bitmap_len, "NSEC3");
	}
	unsigned k;
	cs_proof_status st = nsec3_closest_encloser(c, p, &k);
	if (st != CS_PROOF_OK)
		return st;
	if (!p->optout)
		return dn_verdict(
		    p, CS_PROOF_NOT_COVERING,
		    "no NSEC3 matches %s and the NSEC3 covering the next closer %s has no "
		    "Opt-Out: %s does not exist, so it is no delegation",
		    dn_name(c->qname, b1), dn_name(&p->next_closer, b2), dn_name(c->qname, b3));
	return dn_verdict(
	    p, CS_PROOF_OK,
	    "%s may be an unsigned delegation: closest encloser %s, and the next closer "
	    "%s lies in an Opt-Out span (RFC 5155 section 8.6)",
	    dn_name(c->qname, b1), dn_name(&p->closest_encloser, b2), dn_name(&p->next_closer, b3));
}

/* §8.8: the next closer name implied by the RRSIG Labels field is covered. */
static cs_proof_status nsec3_wildcard(dn_ctx *c, cs_proof *p)
{
	char b1[CS_NAME_TEXT_MAX], b2[CS_NAME_TEXT_MAX], b3[CS_NAME_TEXT_MAX];
	char h1[2 * HASH_LEN];
	unsigned k = c->rrsig_labels;
	dn_set_names(c, p, k);
	const uint8_t *h = nsec3_hash_at(c, k + 1, false);
	if (h == NULL)
		return hash_failed(p);
	const nsec3_rec *m = nsec3_match(c, h);
	if (m != NULL) {
		p->match = m->index;
		return dn_verdict(
		    p, CS_PROOF_NOT_COVERING,
		    "the next closer %s exists (an NSEC3 matches it), so %s must not come "
		    "from the wildcard %s",
		    dn_name(&p->next_closer, b1), dn_name(c->qname, b2), dn_name(&p->wildcard, b3));
	}
	const nsec3_rec *r = nsec3_cover(c, h);
	if (r == NULL)
		return dn_verdict(
		    p, CS_PROOF_NOT_COVERING,
		    "no NSEC3 covers the next closer %s (hash %s), so %s is not proven "
		    "absent",
		    dn_name(&p->next_closer, b1), hash_text(c, h, h1), dn_name(c->qname, b2));
	p->cover_name = r->index;
	p->optout = optout(r);
	return dn_verdict(
	    p, CS_PROOF_OK,
	    "the next closer %s does not exist (its hash is covered), so the answer was "
	    "rightly synthesised from %s%s",
	    dn_name(&p->next_closer, b1), dn_name(&p->wildcard, b2), optout_note(p));
}

cs_proof_status dn_nsec3_check(dn_ctx *c, cs_claim claim, cs_proof *p)
{
	p->nsec3 = true;
	cs_proof_status st = nsec3_params(c, p);
	if (st != CS_PROOF_OK)
		return st;
	switch (claim) {
	case CS_CLAIM_NXDOMAIN:
		return nsec3_nxdomain(c, p);
	case CS_CLAIM_NODATA:
		return nsec3_nodata(c, p);
	case CS_CLAIM_NO_DS:
		return nsec3_no_ds(c, p);
	case CS_CLAIM_WILDCARD:
		return nsec3_wildcard(c, p);
	}
	return dn_verdict(p, CS_PROOF_BAD_QUERY, "unknown claim");
}
