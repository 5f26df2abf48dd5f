/*
 * denial.c - NSEC and NSEC3 proofs of nonexistence (see denial.h).
 *
 * The records are parsed once into a table on the stack; every rule below
 * is a lookup in that table ("which record matches this name", "which one
 * covers it"). NSEC3 hashes of qname's ancestors and of the wildcard are
 * cached by label count, so no name is hashed twice.
 */
#include "dnssec/denial.h"

#include "base/buf.h"
#include "base/codec.h"
#include "dns/rdata.h"
#include "dnssec/crypto.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define HASH_LEN   20  /* SHA-1, the only NSEC3 hash algorithm (RFC 5155 §11) */
#define MAX_LABELS 128 /* a 255-octet name has at most 127 labels */

typedef struct {
	int index; /* in the caller's records[] */
	const cs_name *owner;
	cs_nsec_view v;
} nsec_rec;

typedef struct {
	int index;
	const cs_name *owner;
	cs_nsec3_view v;
	uint8_t hash[HASH_LEN]; /* the owner's first label, base32hex-decoded */
} nsec3_rec;

typedef struct {
	const cs_name *qname;
	const cs_name *zone;
	unsigned qlabels, zlabels;
	uint16_t qtype;
	uint8_t rrsig_labels;
	unsigned max_iterations;

	nsec_rec nsec[CS_DENIAL_MAX_RECORDS];
	size_t n_nsec;
	nsec3_rec nsec3[CS_DENIAL_MAX_RECORDS];
	size_t n_nsec3;
	size_t n_given;	    /* NSEC/NSEC3 records seen, usable or not */
	size_t n_malformed; /* RDATA or owner malformed */
	size_t n_unknown;   /* NSEC3 with an unknown hash algorithm or flags */
	size_t n_foreign;   /* owner outside the zone */
	bool oom;
	cs_buf buf; /* scratch for base32hex */

	/* NSEC3 parameters shared by all records (checked before hashing). */
	uint16_t iterations;
	const uint8_t *salt;
	uint8_t salt_len;

	/* NSEC3 hashes of qname's ancestor with k labels, and of "*." + it. */
	uint8_t anc[MAX_LABELS][HASH_LEN];
	uint8_t wc[MAX_LABELS][HASH_LEN];
	bool have_anc[MAX_LABELS];
	bool have_wc[MAX_LABELS];
} ctx;

static const uint8_t star_label[1] = {'*'};

/* --- small helpers ------------------------------------------------------- */

static void proof_init(cs_proof *p)
{
	memset(p, 0, sizeof(*p));
	p->match = -1;
	p->cover_name = -1;
	p->cover_wildcard = -1;
}

/* Set status and detail; returns status so rules can "return verdict(...)". */
__attribute__((format(printf, 3, 4))) static cs_proof_status
verdict(cs_proof *p, cs_proof_status status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->detail, sizeof(p->detail), fmt, ap);
	va_end(ap);
	p->status = status;
	return status;
}

/* Presentation form of a name; each call site passes its own buffer. */
static const char *nm(const cs_name *n, char buf[CS_NAME_TEXT_MAX])
{
	if (n->len == 0)
		return "(none)";
	return cs_name_str(n, buf);
}

static bool has(const uint8_t *bitmap, size_t len, uint16_t type)
{
	return cs_bitmap_has(bitmap, len, type);
}

static bool strictly_below(const cs_name *name, const cs_name *parent)
{
	return cs_name_is_below(name, parent) && !cs_name_equal(name, parent);
}

/* Number of trailing labels a and b share (case-insensitively). */
static unsigned common_labels(const cs_name *a, const cs_name *b)
{
	unsigned la = cs_name_labels(a), lb = cs_name_labels(b);
	unsigned m = la < lb ? la : lb, k = 0;
	while (k < m) {
		cs_name sa, sb;
		cs_name_suffix(a, k + 1, &sa);
		cs_name_suffix(b, k + 1, &sb);
		if (!cs_name_equal(&sa, &sb))
			break;
		k++;
	}
	return k;
}

/* RFC 6840 §4.1: a record owned by a delegation point (NS without SOA) or a
 * DNAME cannot speak for names below its owner. */
static bool is_cut(const uint8_t *bitmap, size_t len)
{
	return has(bitmap, len, CS_TYPE_DNAME) ||
	       (has(bitmap, len, CS_TYPE_NS) && !has(bitmap, len, CS_TYPE_SOA));
}

/* closest_encloser, next_closer and wildcard from the encloser's label count. */
static void set_names(const ctx *c, cs_proof *p, unsigned ce_labels)
{
	cs_name_suffix(c->qname, ce_labels, &p->closest_encloser);
	if (ce_labels < c->qlabels)
		cs_name_suffix(c->qname, ce_labels + 1, &p->next_closer);
	if (cs_name_prepend(&p->closest_encloser, star_label, 1, &p->wildcard) != CS_OK)
		p->wildcard.len = 0; /* cannot happen below a 255-octet qname */
}

/* --- collecting the records ---------------------------------------------- */

static void collect_nsec(ctx *c, const cs_rr *rr, int index)
{
	cs_nsec_view v;
	if (rr->rdata_err != CS_OK || rr->rdata == NULL ||
	    cs_nsec_view_parse(rr->rdata, rr->rdlen, &v) != CS_OK) {
		c->n_malformed++;
		return;
	}
	if (!cs_name_is_below(&rr->owner, c->zone)) {
		c->n_foreign++;
		return;
	}
	/* The next name stays in the zone; the last NSEC points at the apex. */
	if (!cs_name_is_below(&v.next, c->zone)) {
		c->n_malformed++;
		return;
	}
	nsec_rec *r = &c->nsec[c->n_nsec++];
	r->index = index;
	r->owner = &rr->owner;
	r->v = v;
}

static void collect_nsec3(ctx *c, const cs_rr *rr, int index)
{
	cs_nsec3_view v;
	if (rr->rdata_err != CS_OK || rr->rdata == NULL ||
	    cs_nsec3_view_parse(rr->rdata, rr->rdlen, &v) != CS_OK) {
		c->n_malformed++;
		return;
	}
	/* RFC 5155 §8.1/§8.2: ignore unknown hash algorithms and flags. */
	if (v.hash_alg != 1 || (v.flags & ~CS_NSEC3_FLAG_OPTOUT) != 0) {
		c->n_unknown++;
		return;
	}
	/* The owner is <base32hex(hash)>.<zone> (RFC 5155 §3). */
	cs_name parent;
	cs_name_parent(&rr->owner, &parent);
	if (cs_name_labels(&rr->owner) != c->zlabels + 1 || !cs_name_equal(&parent, c->zone)) {
		c->n_foreign++;
		return;
	}
	if (v.next_len != HASH_LEN) {
		c->n_malformed++;
		return;
	}
	cs_buf_reset(&c->buf);
	cs_err err = cs_b32hex_decode(&c->buf, (const char *)rr->owner.data + 1, rr->owner.data[0]);
	if (err == CS_ENOMEM)
		c->oom = true;
	if (err != CS_OK || c->buf.len != HASH_LEN) {
		c->n_malformed++;
		return;
	}
	nsec3_rec *r = &c->nsec3[c->n_nsec3++];
	r->index = index;
	r->owner = &rr->owner;
	r->v = v;
	memcpy(r->hash, c->buf.data, HASH_LEN);
}

/* The first CS_DENIAL_MAX_RECORDS NSEC/NSEC3 records, usable or not, are
 * looked at; the rest is ignored, which bounds the work. */
static void collect(ctx *c, const cs_rr *const *records, size_t n)
{
	for (size_t i = 0; i < n && i <= (size_t)INT_MAX; i++) {
		const cs_rr *rr = records[i];
		if (rr == NULL || (rr->type != CS_TYPE_NSEC && rr->type != CS_TYPE_NSEC3))
			continue;
		if (c->n_given == CS_DENIAL_MAX_RECORDS)
			break;
		c->n_given++;
		if (rr->type == CS_TYPE_NSEC)
			collect_nsec(c, rr, (int)i);
		else
			collect_nsec3(c, rr, (int)i);
	}
}

/* --- NSEC ---------------------------------------------------------------- */

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
	return strictly_below(name, r->owner) && is_cut(r->v.bitmap, r->v.bitmap_len);
}

static const nsec_rec *nsec_match(const ctx *c, const cs_name *name)
{
	for (size_t i = 0; i < c->n_nsec; i++)
		if (cs_name_equal(c->nsec[i].owner, name))
			return &c->nsec[i];
	return NULL;
}

/* The record covering name; one that does not violate the ancestor
 * delegation rule is preferred when several do. */
static const nsec_rec *nsec_cover(const ctx *c, const cs_name *name)
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
static unsigned nsec_ce_labels(const ctx *c, const nsec_rec *r)
{
	unsigned a = common_labels(c->qname, r->owner);
	unsigned b = common_labels(c->qname, &r->v.next);
	unsigned k = a > b ? a : b;
	if (k >= c->qlabels) /* only with a broken chain */
		k = c->qlabels - 1;
	return k < c->zlabels ? c->zlabels : k;
}

/* Shared checks of the NSEC covering qname: the ancestor delegation rule,
 * and "the next name lies below qname" (qname is an empty non-terminal). */
static cs_proof_status nsec_cover_qname(const ctx *c, cs_proof *p, const nsec_rec **out, bool *ent)
{
	char b1[CS_NAME_TEXT_MAX], b2[CS_NAME_TEXT_MAX], b3[CS_NAME_TEXT_MAX];
	const nsec_rec *r = nsec_cover(c, c->qname);
	*out = r;
	*ent = false;
	if (r == NULL)
		return verdict(p, CS_PROOF_NOT_COVERING, "no NSEC record matches or covers %s",
			       nm(c->qname, b1));
	p->cover_name = r->index;
	if (nsec_cut_above(r, c->qname))
		return verdict(p, CS_PROOF_ANCESTOR_DELEGATION,
			       "the NSEC at %s covers %s, but %s is a zone cut (NS without SOA, "
			       "or DNAME): it cannot deny names below it (RFC 6840 section 4.1)",
			       nm(r->owner, b1), nm(c->qname, b2), nm(r->owner, b3));
	*ent = strictly_below(&r->v.next, c->qname);
	return CS_PROOF_OK;
}

static cs_proof_status nsec_nxdomain(const ctx *c, cs_proof *p)
{
	char b1[CS_NAME_TEXT_MAX], b2[CS_NAME_TEXT_MAX], b3[CS_NAME_TEXT_MAX];
	char b4[CS_NAME_TEXT_MAX], b5[CS_NAME_TEXT_MAX];
	const nsec_rec *m = nsec_match(c, c->qname);
	if (m != NULL || c->qlabels == c->zlabels) {
		p->match = m != NULL ? m->index : -1;
		return verdict(p, CS_PROOF_NOT_COVERING,
			       "%s exists (it owns an NSEC record, or is the zone apex), so it "
			       "cannot be NXDOMAIN",
			       nm(c->qname, b1));
	}
	const nsec_rec *r;
	bool ent;
	cs_proof_status st = nsec_cover_qname(c, p, &r, &ent);
	if (st != CS_PROOF_OK)
		return st;
	if (ent)
		return verdict(
		    p, CS_PROOF_NOT_COVERING,
		    "%s is an empty non-terminal (the NSEC at %s points to %s below it): "
		    "it exists, so the answer should be NODATA, not NXDOMAIN",
		    nm(c->qname, b1), nm(r->owner, b2), nm(&r->v.next, b3));
	set_names(c, p, nsec_ce_labels(c, r));

	const nsec_rec *wm = nsec_match(c, &p->wildcard);
	if (wm != NULL) {
		p->cover_wildcard = wm->index;
		return verdict(p, CS_PROOF_WILDCARD_GAP,
			       "the wildcard %s exists (an NSEC is owned by it), so %s should have "
			       "been synthesised from it",
			       nm(&p->wildcard, b1), nm(c->qname, b2));
	}
	const nsec_rec *w = nsec_cover(c, &p->wildcard);
	if (w == NULL)
		return verdict(
		    p, CS_PROOF_WILDCARD_GAP,
		    "%s is covered by the NSEC at %s, but no NSEC covers the wildcard %s "
		    "at its closest encloser",
		    nm(c->qname, b1), nm(r->owner, b2), nm(&p->wildcard, b3));
	p->cover_wildcard = w->index;
	if (nsec_cut_above(w, &p->wildcard))
		return verdict(
		    p, CS_PROOF_ANCESTOR_DELEGATION,
		    "the NSEC at %s is a zone cut and cannot deny the wildcard %s below it",
		    nm(w->owner, b1), nm(&p->wildcard, b2));
	if (strictly_below(&w->v.next, &p->wildcard))
		return verdict(p, CS_PROOF_WILDCARD_GAP,
			       "the wildcard %s is an empty non-terminal (names exist below it)",
			       nm(&p->wildcard, b1));
	return verdict(p, CS_PROOF_OK,
		       "%s does not exist: the NSEC %s -> %s covers it, and the NSEC at %s covers "
		       "the wildcard %s",
		       nm(c->qname, b1), nm(r->owner, b2), nm(&r->v.next, b3), nm(w->owner, b4),
		       nm(&p->wildcard, b5));
}

/* NODATA rules on the bitmap of the record matching qname (or the
 * wildcard): shared by NSEC and NSEC3. */
static cs_proof_status nodata_bitmap(const ctx *c, cs_proof *p, const uint8_t *bm, size_t len,
				     const cs_name *name, const char *kind, bool at_qname)
{
	char b1[CS_NAME_TEXT_MAX], t[16];
	const char *tn = cs_rrtype_str(c->qtype, t);
	if (has(bm, len, c->qtype))
		return verdict(p, CS_PROOF_BITMAP_CONTRADICTS,
			       "the %s record for %s lists %s, so %s does exist there", kind,
			       nm(name, b1), tn, tn);
	if (c->qtype != CS_TYPE_CNAME && has(bm, len, CS_TYPE_CNAME))
		return verdict(
		    p, CS_PROOF_BITMAP_CONTRADICTS,
		    "the %s record for %s lists CNAME: the name is an alias and the answer "
		    "should have been the CNAME (RFC 6840 section 4.3)",
		    kind, nm(name, b1));
	if (!at_qname)
		return CS_PROOF_OK;
	if (c->qtype == CS_TYPE_DS) {
		if (has(bm, len, CS_TYPE_SOA) && c->qlabels > 0)
			return verdict(
			    p, CS_PROOF_DELEGATION_BITMAP,
			    "the %s record for %s comes from the apex of the child zone (SOA "
			    "set): DS lives in the parent zone, whose records must deny it",
			    kind, nm(name, b1));
	} else if (has(bm, len, CS_TYPE_NS) && !has(bm, len, CS_TYPE_SOA)) {
		return verdict(p, CS_PROOF_ANCESTOR_DELEGATION,
			       "the %s record for %s is from the parent side of a delegation (NS "
			       "without SOA): it can deny only DS, %s lives in the child zone (RFC "
			       "6840 section 4.1)",
			       kind, nm(name, b1), tn);
	}
	return CS_PROOF_OK;
}

static cs_proof_status nsec_nodata(const ctx *c, cs_proof *p)
{
	char b1[CS_NAME_TEXT_MAX], b2[CS_NAME_TEXT_MAX], b3[CS_NAME_TEXT_MAX], t[16];
	const char *tn = cs_rrtype_str(c->qtype, t);
	const nsec_rec *m = nsec_match(c, c->qname);
	if (m != NULL) {
		p->match = m->index;
		cs_proof_status st =
		    nodata_bitmap(c, p, m->v.bitmap, m->v.bitmap_len, c->qname, "NSEC", true);
		if (st != CS_PROOF_OK)
			return st;
		return verdict(p, CS_PROOF_OK,
			       "%s exists without %s: its NSEC record lists neither %s nor CNAME",
			       nm(c->qname, b1), tn, tn);
	}
	if (c->qlabels == c->zlabels)
		return verdict(p, CS_PROOF_NOT_COVERING, "no NSEC record is owned by the apex %s",
			       nm(c->qname, b1));
	const nsec_rec *r;
	bool ent;
	cs_proof_status st = nsec_cover_qname(c, p, &r, &ent);
	if (st != CS_PROOF_OK)
		return st;
	if (ent)
		return verdict(p, CS_PROOF_OK,
			       "%s is an empty non-terminal without data: the NSEC %s -> %s shows "
			       "names below it and none at it",
			       nm(c->qname, b1), nm(r->owner, b2), nm(&r->v.next, b3));
	set_names(c, p, nsec_ce_labels(c, r));
	const nsec_rec *w = nsec_match(c, &p->wildcard);
	if (w == NULL)
		return verdict(
		    p, CS_PROOF_WILDCARD_GAP,
		    "%s does not exist (the NSEC at %s covers it) and no NSEC matches the "
		    "wildcard %s: that proves NXDOMAIN, not NODATA",
		    nm(c->qname, b1), nm(r->owner, b2), nm(&p->wildcard, b3));
	p->cover_wildcard = w->index;
	st = nodata_bitmap(c, p, w->v.bitmap, w->v.bitmap_len, &p->wildcard, "NSEC", false);
	if (st != CS_PROOF_OK)
		return st;
	return verdict(p, CS_PROOF_OK,
		       "wildcard NODATA: %s is covered by the NSEC at %s and the wildcard %s has "
		       "no %s",
		       nm(c->qname, b1), nm(r->owner, b2), nm(&p->wildcard, b3), tn);
}

/* RFC 6840 §4.4: the record at a delegation without DS lists NS, and
 * neither DS nor SOA. Shared by NSEC and NSEC3. */
static cs_proof_status unsigned_delegation(const ctx *c, cs_proof *p, const uint8_t *bm, size_t len,
					   const char *kind)
{
	char b1[CS_NAME_TEXT_MAX];
	const char *why = NULL;
	if (!has(bm, len, CS_TYPE_NS))
		why = "does not list NS, so it is no delegation";
	else if (has(bm, len, CS_TYPE_SOA))
		why = "lists SOA, so it is a zone apex, not the parent side of a delegation";
	else if (has(bm, len, CS_TYPE_DS))
		why = "lists DS, so the delegation is signed";
	if (why != NULL)
		return verdict(p, CS_PROOF_DELEGATION_BITMAP, "the %s record for %s %s", kind,
			       nm(c->qname, b1), why);
	return verdict(
	    p, CS_PROOF_OK,
	    "%s is an unsigned delegation: its %s record lists NS but neither DS nor SOA",
	    nm(c->qname, b1), kind);
}

static cs_proof_status nsec_no_ds(const ctx *c, cs_proof *p)
{
	char b1[CS_NAME_TEXT_MAX], b2[CS_NAME_TEXT_MAX];
	const nsec_rec *m = nsec_match(c, c->qname);
	if (m == NULL) {
		const nsec_rec *r = nsec_cover(c, c->qname);
		if (r != NULL) {
			p->cover_name = r->index;
			return verdict(
			    p, CS_PROOF_NOT_COVERING,
			    "the NSEC at %s covers %s, so it is no delegation at all; an "
			    "insecure delegation needs the NSEC owned by %s",
			    nm(r->owner, b1), nm(c->qname, b2), nm(c->qname, b2));
		}
		return verdict(p, CS_PROOF_NOT_COVERING, "no NSEC record is owned by %s",
			       nm(c->qname, b1));
	}
	p->match = m->index;
	return unsigned_delegation(c, p, m->v.bitmap, m->v.bitmap_len, "NSEC");
}

static cs_proof_status nsec_wildcard(const ctx *c, cs_proof *p)
{
	char b1[CS_NAME_TEXT_MAX], b2[CS_NAME_TEXT_MAX], b3[CS_NAME_TEXT_MAX];
	char b4[CS_NAME_TEXT_MAX], b5[CS_NAME_TEXT_MAX];
	unsigned want = c->rrsig_labels;
	set_names(c, p, want);
	const nsec_rec *m = nsec_match(c, c->qname);
	if (m != NULL) {
		p->match = m->index;
		return verdict(
		    p, CS_PROOF_NOT_COVERING,
		    "%s exists (an NSEC is owned by it), so the answer must not come from "
		    "the wildcard %s",
		    nm(c->qname, b1), nm(&p->wildcard, b2));
	}
	const nsec_rec *r;
	bool ent;
	cs_proof_status st = nsec_cover_qname(c, p, &r, &ent);
	if (st != CS_PROOF_OK)
		return st;
	if (ent)
		return verdict(
		    p, CS_PROOF_NOT_COVERING,
		    "%s is an empty non-terminal (the NSEC at %s points below it), so no "
		    "wildcard applies to it",
		    nm(c->qname, b1), nm(r->owner, b2));
	unsigned got = nsec_ce_labels(c, r);
	if (got > want) {
		cs_name closer;
		cs_name_suffix(c->qname, got, &closer);
		return verdict(p, CS_PROOF_NOT_COVERING,
			       "the NSEC %s -> %s shows that %s exists, closer to %s than the "
			       "wildcard %s",
			       nm(r->owner, b1), nm(&r->v.next, b2), nm(&closer, b3),
			       nm(c->qname, b4), nm(&p->wildcard, b5));
	}
	if (got < want)
		return verdict(p, CS_PROOF_NOT_COVERING,
			       "the NSEC %s -> %s also covers %s, so the wildcard %s cannot exist",
			       nm(r->owner, b1), nm(&r->v.next, b2), nm(&p->closest_encloser, b3),
			       nm(&p->wildcard, b4));
	return verdict(p, CS_PROOF_OK,
		       "%s does not exist (the NSEC %s -> %s covers it), so the answer was rightly "
		       "synthesised from %s",
		       nm(c->qname, b1), nm(r->owner, b2), nm(&r->v.next, b3),
		       nm(&p->wildcard, b4));
}

static cs_proof_status nsec_check(const ctx *c, cs_claim claim, cs_proof *p)
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
	return verdict(p, CS_PROOF_BAD_QUERY, "unknown claim");
}

/* --- NSEC3 --------------------------------------------------------------- */

/* Base32hex of a hash for messages, into out (33 octets). */
static const char *hash_text(ctx *c, const uint8_t *h, char out[2 * HASH_LEN])
{
	cs_buf_reset(&c->buf);
	cs_b32hex_encode(&c->buf, h, HASH_LEN);
	const char *s = cs_buf_cstr(&c->buf);
	snprintf(out, 2 * HASH_LEN, "%s", s[0] != '\0' ? s : "?");
	return out;
}

/* H(name) with the records' parameters, computed into out. */
static bool nsec3_hash_name(const ctx *c, const cs_name *name, uint8_t out[HASH_LEN])
{
	cs_name canon = *name;
	cs_name_lower(&canon);
	return cs_nsec3_hash(1, c->iterations, c->salt, c->salt_len, canon.data, canon.len, out);
}

/* Hash of qname's ancestor with k labels (k = qlabels: qname itself), or
 * with wildcard of "*." + that ancestor; each computed once. NULL when
 * hashing fails (never expected for algorithm 1). */
static const uint8_t *nsec3_hash_at(ctx *c, unsigned k, bool wildcard)
{
	if (k >= MAX_LABELS || k > c->qlabels)
		return NULL;
	uint8_t(*slot)[HASH_LEN] = wildcard ? c->wc : c->anc;
	bool *have = wildcard ? c->have_wc : c->have_anc;
	if (!have[k]) {
		cs_name name;
		cs_name_suffix(c->qname, k, &name);
		if (wildcard && cs_name_prepend(&name, star_label, 1, &name) != CS_OK)
			return NULL;
		if (!nsec3_hash_name(c, &name, slot[k]))
			return NULL;
		have[k] = true;
	}
	return slot[k];
}

static cs_proof_status hash_failed(cs_proof *p)
{
	return verdict(p, CS_PROOF_UNSUPPORTED, "the NSEC3 hash could not be computed");
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

static const nsec3_rec *nsec3_match(const ctx *c, const uint8_t *h)
{
	for (size_t i = 0; i < c->n_nsec3; i++)
		if (memcmp(c->nsec3[i].hash, h, HASH_LEN) == 0)
			return &c->nsec3[i];
	return NULL;
}

static const nsec3_rec *nsec3_cover(const ctx *c, const uint8_t *h)
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

static cs_proof_status nsec3_params(ctx *c, cs_proof *p)
{
	char b1[CS_NAME_TEXT_MAX], b2[CS_NAME_TEXT_MAX], s1[24], s2[24];
	const nsec3_rec *f = &c->nsec3[0];
	for (size_t i = 1; i < c->n_nsec3; i++) {
		const nsec3_rec *r = &c->nsec3[i];
		if (r->v.iterations != f->v.iterations || r->v.salt_len != f->v.salt_len ||
		    memcmp(r->v.salt, f->v.salt, f->v.salt_len) != 0)
			return verdict(p, CS_PROOF_UNSUPPORTED,
				       "the NSEC3 records at %s and %s use different parameters "
				       "(iterations %u and %u, salt %s and %s)",
				       nm(f->owner, b1), nm(r->owner, b2), f->v.iterations,
				       r->v.iterations, salt_hex(f, s1), salt_hex(r, s2));
	}
	c->iterations = f->v.iterations;
	c->salt = f->v.salt;
	c->salt_len = f->v.salt_len;
	p->iterations = f->v.iterations;
	p->salt_len = f->v.salt_len;
	if (f->v.iterations > c->max_iterations)
		return verdict(
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
static cs_proof_status nsec3_closest_encloser(ctx *c, cs_proof *p, unsigned *ce)
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
		return verdict(p, CS_PROOF_NO_CLOSEST_ENCLOSER,
			       "no NSEC3 record matches %s or any ancestor up to the apex %s",
			       nm(c->qname, b1), nm(c->zone, b2));
	*ce = k;
	set_names(c, p, k);
	p->match = m->index;
	if (k == c->qlabels)
		return CS_PROOF_OK;
	if (is_cut(m->v.bitmap, m->v.bitmap_len))
		return verdict(
		    p, CS_PROOF_ANCESTOR_DELEGATION,
		    "the closest encloser %s is a zone cut (NS without SOA, or DNAME): its "
		    "NSEC3 cannot deny names below it (RFC 6840 section 4.1)",
		    nm(&p->closest_encloser, b1));
	const uint8_t *h = nsec3_hash_at(c, k + 1, false);
	if (h == NULL)
		return hash_failed(p);
	const nsec3_rec *r = nsec3_cover(c, h);
	if (r == NULL)
		return verdict(p, CS_PROOF_NOT_COVERING,
			       "the closest encloser %s is proven, but no NSEC3 covers the next "
			       "closer name %s (hash %s)",
			       nm(&p->closest_encloser, b1), nm(&p->next_closer, b2),
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

static cs_proof_status nsec3_nxdomain(ctx *c, cs_proof *p)
{
	char b1[CS_NAME_TEXT_MAX], b2[CS_NAME_TEXT_MAX], b3[CS_NAME_TEXT_MAX];
	char b4[CS_NAME_TEXT_MAX];
	char h1[2 * HASH_LEN];
	unsigned k;
	cs_proof_status st = nsec3_closest_encloser(c, p, &k);
	if (st != CS_PROOF_OK)
		return st;
	if (k == c->qlabels)
		return verdict(
		    p, CS_PROOF_NOT_COVERING,
		    "%s exists: an NSEC3 record matches its hash, so it cannot be NXDOMAIN",
		    nm(c->qname, b1));
	const uint8_t *h = nsec3_hash_at(c, k, true);
	if (h == NULL)
		return hash_failed(p);
	const nsec3_rec *w = nsec3_match(c, h);
	if (w != NULL) {
		p->cover_wildcard = w->index;
		return verdict(
		    p, CS_PROOF_WILDCARD_GAP,
		    "the wildcard %s exists (an NSEC3 matches it), so %s should have been "
		    "synthesised from it",
		    nm(&p->wildcard, b1), nm(c->qname, b2));
	}
	w = nsec3_cover(c, h);
	if (w == NULL)
		return verdict(p, CS_PROOF_WILDCARD_GAP,
			       "closest encloser %s and next closer %s are proven, but no NSEC3 "
			       "covers the wildcard %s (hash %s)",
			       nm(&p->closest_encloser, b1), nm(&p->next_closer, b2),
			       nm(&p->wildcard, b3), hash_text(c, h, h1));
	p->cover_wildcard = w->index;
	return verdict(p, CS_PROOF_OK,
		       "%s does not exist: closest encloser %s matched, next closer %s and "
		       "wildcard %s covered%s",
		       nm(c->qname, b1), nm(&p->closest_encloser, b2), nm(&p->next_closer, b3),
		       nm(&p->wildcard, b4), optout_note(p));
}

static cs_proof_status nsec3_nodata(ctx *c, cs_proof *p)
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
		    nodata_bitmap(c, p, m->v.bitmap, m->v.bitmap_len, c->qname, "NSEC3", true);
		if (st != CS_PROOF_OK)
			return st;
		return verdict(p, CS_PROOF_OK,
			       "%s exists without %s: the NSEC3 matching it lists neither %s nor "
			       "CNAME",
			       nm(c->qname, b1), tn, tn);
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
		st =
		    nodata_bitmap(c, p, w->v.bitmap, w->v.bitmap_len, &p->wildcard, "NSEC3", false);
		if (st != CS_PROOF_OK)
			return st;
		return verdict(
		    p, CS_PROOF_OK,
		    "wildcard NODATA: closest encloser %s, next closer %s covered, and the "
		    "wildcard %s has no %s%s",
		    nm(&p->closest_encloser, b1), nm(&p->next_closer, b2), nm(&p->wildcard, b3), tn,
		    optout_note(p));
	}
	/* §8.5 as corrected by erratum 3441, and §8.6 for DS: no matching
	 * NSEC3, but the next closer name lies in an Opt-Out span. */
	if (p->optout)
		return verdict(
		    p, CS_PROOF_OK,
		    "no NSEC3 matches %s, but the next closer %s lies in an Opt-Out span: "
		    "it may be an unsigned delegation (insecure, RFC 5155 section 8.6)",
		    nm(c->qname, b1), nm(&p->next_closer, b2));
	return verdict(p, CS_PROOF_WILDCARD_GAP,
		       "no NSEC3 matches %s or the wildcard %s, and the next closer %s is covered "
		       "without Opt-Out: that proves NXDOMAIN, not NODATA",
		       nm(c->qname, b1), nm(&p->wildcard, b2), nm(&p->next_closer, b3));
}

static cs_proof_status nsec3_no_ds(ctx *c, cs_proof *p)
{
	char b1[CS_NAME_TEXT_MAX], b2[CS_NAME_TEXT_MAX], b3[CS_NAME_TEXT_MAX];
	const uint8_t *h = nsec3_hash_at(c, c->qlabels, false);
	if (h == NULL)
		return hash_failed(p);
	const nsec3_rec *m = nsec3_match(c, h);
	if (m != NULL) {
		p->match = m->index;
		return unsigned_delegation(c, p, m->v.bitmap, m->v.bitmap_len, "NSEC3");
	}
	unsigned k;
	cs_proof_status st = nsec3_closest_encloser(c, p, &k);
	if (st != CS_PROOF_OK)
		return st;
	if (!p->optout)
		return verdict(
		    p, CS_PROOF_NOT_COVERING,
		    "no NSEC3 matches %s and the NSEC3 covering the next closer %s has no "
		    "Opt-Out: %s does not exist, so it is no delegation",
		    nm(c->qname, b1), nm(&p->next_closer, b2), nm(c->qname, b3));
	return verdict(p, CS_PROOF_OK,
		       "%s may be an unsigned delegation: closest encloser %s, and the next closer "
		       "%s lies in an Opt-Out span (RFC 5155 section 8.6)",
		       nm(c->qname, b1), nm(&p->closest_encloser, b2), nm(&p->next_closer, b3));
}

/* §8.8: the next closer name implied by the RRSIG Labels field is covered. */
static cs_proof_status nsec3_wildcard(ctx *c, cs_proof *p)
{
	char b1[CS_NAME_TEXT_MAX], b2[CS_NAME_TEXT_MAX], b3[CS_NAME_TEXT_MAX];
	char h1[2 * HASH_LEN];
	unsigned k = c->rrsig_labels;
	set_names(c, p, k);
	const uint8_t *h = nsec3_hash_at(c, k + 1, false);
	if (h == NULL)
		return hash_failed(p);
	const nsec3_rec *m = nsec3_match(c, h);
	if (m != NULL) {
		p->match = m->index;
		return verdict(
		    p, CS_PROOF_NOT_COVERING,
		    "the next closer %s exists (an NSEC3 matches it), so %s must not come "
		    "from the wildcard %s",
		    nm(&p->next_closer, b1), nm(c->qname, b2), nm(&p->wildcard, b3));
	}
	const nsec3_rec *r = nsec3_cover(c, h);
	if (r == NULL)
		return verdict(p, CS_PROOF_NOT_COVERING,
			       "no NSEC3 covers the next closer %s (hash %s), so %s is not proven "
			       "absent",
			       nm(&p->next_closer, b1), hash_text(c, h, h1), nm(c->qname, b2));
	p->cover_name = r->index;
	p->optout = optout(r);
	return verdict(p, CS_PROOF_OK,
		       "the next closer %s does not exist (its hash is covered), so the answer was "
		       "rightly synthesised from %s%s",
		       nm(&p->next_closer, b1), nm(&p->wildcard, b2), optout_note(p));
}

static cs_proof_status nsec3_check(ctx *c, cs_claim claim, cs_proof *p)
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
	return verdict(p, CS_PROOF_BAD_QUERY, "unknown claim");
}

/* --- entry points -------------------------------------------------------- */

/* Nothing usable was collected: say why. */
static void nothing_usable(const ctx *c, cs_proof *p)
{
	char b1[CS_NAME_TEXT_MAX];
	if (c->n_given == 0)
		verdict(p, CS_PROOF_MISSING, "no NSEC or NSEC3 record was given");
	else if (c->n_unknown > 0)
		verdict(p, CS_PROOF_UNSUPPORTED,
			"the NSEC3 records use a hash algorithm other than SHA-1 or unknown flags "
			"(RFC 5155 section 8.1/8.2): they must be ignored");
	else if (c->oom)
		verdict(p, CS_PROOF_MALFORMED, "out of memory while decoding NSEC3 owner names");
	else if (c->n_malformed > 0)
		verdict(p, CS_PROOF_MALFORMED, "all %zu NSEC/NSEC3 records are malformed",
			c->n_malformed);
	else
		verdict(p, CS_PROOF_NOT_COVERING, "no NSEC/NSEC3 record belongs to the zone %s",
			nm(c->zone, b1));
}

static bool claim_known(cs_claim claim)
{
	return claim == CS_CLAIM_NXDOMAIN || claim == CS_CLAIM_NODATA || claim == CS_CLAIM_NO_DS ||
	       claim == CS_CLAIM_WILDCARD;
}

/* Argument checks; CS_PROOF_OK when the question fits the claim. */
static cs_proof_status check_query(cs_claim claim, const cs_name *qname, const cs_name *zone,
				   uint8_t rrsig_labels, const cs_rr *const *records, size_t n,
				   cs_proof *p)
{
	char b1[CS_NAME_TEXT_MAX], b2[CS_NAME_TEXT_MAX];
	if (!claim_known(claim))
		return verdict(p, CS_PROOF_BAD_QUERY, "unknown claim %d", (int)claim);
	if (qname == NULL || zone == NULL || qname->len == 0 || zone->len == 0 ||
	    (records == NULL && n > 0))
		return verdict(p, CS_PROOF_BAD_QUERY, "missing query name, zone or records");
	if (!cs_name_is_below(qname, zone))
		return verdict(p, CS_PROOF_BAD_QUERY, "%s is not in the zone %s", nm(qname, b1),
			       nm(zone, b2));
	if (claim == CS_CLAIM_WILDCARD) {
		unsigned ql = cs_name_labels(qname), zl = cs_name_labels(zone);
		if (rrsig_labels >= ql || rrsig_labels < zl)
			return verdict(p, CS_PROOF_BAD_QUERY,
				       "RRSIG labels %u do not denote a wildcard expansion of %s "
				       "within %s",
				       rrsig_labels, nm(qname, b1), nm(zone, b2));
	}
	return CS_PROOF_OK;
}

cs_proof cs_denial_check(cs_claim claim, const cs_name *qname, uint16_t qtype, uint8_t rrsig_labels,
			 const cs_name *zone, const cs_rr *const *records, size_t n,
			 unsigned max_iterations)
{
	cs_proof p;
	proof_init(&p);
	if (check_query(claim, qname, zone, rrsig_labels, records, n, &p) != CS_PROOF_OK)
		return p;

	ctx c;
	memset(&c, 0, sizeof(c));
	c.qname = qname;
	c.zone = zone;
	c.qlabels = cs_name_labels(qname);
	c.zlabels = cs_name_labels(zone);
	c.qtype = qtype;
	c.rrsig_labels = rrsig_labels;
	c.max_iterations = max_iterations;
	cs_buf_init(&c.buf);
	collect(&c, records, n);

	if (c.n_nsec == 0 && c.n_nsec3 == 0) {
		nothing_usable(&c, &p);
	} else {
		if (c.n_nsec > 0)
			nsec_check(&c, claim, &p);
		if (c.n_nsec3 > 0 && (c.n_nsec == 0 || p.status != CS_PROOF_OK)) {
			proof_init(&p);
			nsec3_check(&c, claim, &p);
		}
	}
	cs_buf_free(&c.buf);
	return p;
}

static const char *const status_tokens[] = {
#define CS_PROOF_TOKEN(code, token, text) [code] = token,
    CS_PROOF_STATUSES(CS_PROOF_TOKEN)
#undef CS_PROOF_TOKEN
};

static const char *const status_texts[] = {
#define CS_PROOF_TEXT(code, token, text) [code] = text,
    CS_PROOF_STATUSES(CS_PROOF_TEXT)
#undef CS_PROOF_TEXT
};

const char *cs_proof_status_str(cs_proof_status s)
{
	if ((unsigned)s >= CS_PROOF_STATUS_COUNT)
		return "unknown";
	return status_tokens[s];
}

const char *cs_proof_status_text(cs_proof_status s)
{
	if ((unsigned)s >= CS_PROOF_STATUS_COUNT)
		return "unknown status";
	return status_texts[s];
}

const char *cs_claim_str(cs_claim c)
{
	switch (c) {
	case CS_CLAIM_NXDOMAIN:
		return "nxdomain";
	case CS_CLAIM_NODATA:
		return "nodata";
	case CS_CLAIM_NO_DS:
		return "no-ds";
	case CS_CLAIM_WILDCARD:
		return "wildcard";
	}
	return "unknown";
}
