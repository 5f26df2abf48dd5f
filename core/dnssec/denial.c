/*
 * denial.c - NSEC and NSEC3 proofs of nonexistence (see denial.h): the
 * record table, the rules both families share, and the entry point; the
 * NSEC rules are in nsec.c, the NSEC3 rules in nsec3.c.
 *
 * The records are parsed once into a table on the stack; every rule below
 * is a lookup in that table ("which record matches this name", "which one
 * covers it"). NSEC3 hashes of qname's ancestors and of the wildcard are
 * cached by label count, so no name is hashed twice.
 */
#include "dnssec/denial_rules.h"

#include "base/buf.h"
#include "base/codec.h"
#include "dns/rdata.h"
#include "dnssec/crypto.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const uint8_t dn_star_label[1] = {'*'};

/* --- small helpers ------------------------------------------------------- */

void dn_proof_init(cs_proof *p)
{
	memset(p, 0, sizeof(*p));
	p->match = -1;
	p->cover_name = -1;
	p->cover_wildcard = -1;
}

/* Set status and detail; returns status so rules can "return dn_verdict(...)". */
cs_proof_status dn_verdict(cs_proof *p, cs_proof_status status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->detail, sizeof(p->detail), fmt, ap);
	va_end(ap);
	p->status = status;
	return status;
}

/* Presentation form of a name; each call site passes its own buffer. */
const char *dn_name(const cs_name *n, char buf[CS_NAME_TEXT_MAX])
{
	if (n->len == 0)
		return "(none)";
	return cs_name_str(n, buf);
}

bool dn_has(const uint8_t *bitmap, size_t len, uint16_t type)
{
	return cs_bitmap_has(bitmap, len, type);
}

bool dn_strictly_below(const cs_name *name, const cs_name *parent)
{
	return cs_name_is_below(name, parent) && !cs_name_equal(name, parent);
}

/* Number of trailing labels a and b share (case-insensitively). */
unsigned dn_common_labels(const cs_name *a, const cs_name *b)
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
bool dn_is_cut(const uint8_t *bitmap, size_t len)
{
	return dn_has(bitmap, len, CS_TYPE_DNAME) ||
	       (dn_has(bitmap, len, CS_TYPE_NS) && !dn_has(bitmap, len, CS_TYPE_SOA));
}

/* closest_encloser, next_closer and wildcard from the encloser's label count. */
void dn_set_names(const dn_ctx *c, cs_proof *p, unsigned ce_labels)
{
	cs_name_suffix(c->qname, ce_labels, &p->closest_encloser);
	if (ce_labels < c->qlabels)
		cs_name_suffix(c->qname, ce_labels + 1, &p->next_closer);
	if (cs_name_prepend(&p->closest_encloser, dn_star_label, 1, &p->wildcard) != CS_OK)
		p->wildcard.len = 0; /* cannot happen below a 255-octet qname */
}

/* --- collecting the records ---------------------------------------------- */

static void collect_nsec(dn_ctx *c, const cs_rr *rr, int index)
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

static void collect_nsec3(dn_ctx *c, const cs_rr *rr, int index)
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
static void collect(dn_ctx *c, const cs_rr *const *records, size_t n)
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

/* NODATA rules on the bitmap of the record matching qname (or the
 * wildcard): shared by NSEC and NSEC3. */
cs_proof_status dn_nodata_bitmap(const dn_ctx *c, cs_proof *p, const uint8_t *bm, size_t len,
				 const cs_name *name, const char *kind, bool at_qname)
{
	char b1[CS_NAME_TEXT_MAX], t[16];
	const char *tn = cs_rrtype_str(c->qtype, t);
	if (dn_has(bm, len, c->qtype))
		return dn_verdict(p, CS_PROOF_BITMAP_CONTRADICTS,
				  "the %s record for %s lists %s, so %s does exist there", kind,
				  dn_name(name, b1), tn, tn);
	if (c->qtype != CS_TYPE_CNAME && dn_has(bm, len, CS_TYPE_CNAME))
		return dn_verdict(
		    p, CS_PROOF_BITMAP_CONTRADICTS,
		    "the %s record for %s lists CNAME: the name is an alias and the answer "
		    "should have been the CNAME (RFC 6840 section 4.3)",
		    kind, dn_name(name, b1));
	if (!at_qname)
		return CS_PROOF_OK;
	if (c->qtype == CS_TYPE_DS) {
		if (dn_has(bm, len, CS_TYPE_SOA) && c->qlabels > 0)
			return dn_verdict(
			    p, CS_PROOF_DELEGATION_BITMAP,
			    "the %s record for %s comes from the apex of the child zone (SOA "
			    "set): DS lives in the parent zone, whose records must deny it",
			    kind, dn_name(name, b1));
	} else if (dn_has(bm, len, CS_TYPE_NS) && !dn_has(bm, len, CS_TYPE_SOA)) {
		return dn_verdict(
		    p, CS_PROOF_ANCESTOR_DELEGATION,
		    "the %s record for %s is from the parent side of a delegation (NS "
		    "without SOA): it can deny only DS, %s lives in the child zone (RFC "
		    "6840 section 4.1)",
		    kind, dn_name(name, b1), tn);
	}
	return CS_PROOF_OK;
}

/* RFC 6840 §4.4: the record at a delegation without DS lists NS, and
 * neither DS nor SOA. Shared by NSEC and NSEC3. */
cs_proof_status dn_unsigned_delegation(const dn_ctx *c, cs_proof *p, const uint8_t *bm, size_t len,
				       const char *kind)
{
	char b1[CS_NAME_TEXT_MAX];
	const char *why = NULL;
	if (!dn_has(bm, len, CS_TYPE_NS))
		why = "does not list NS, so it is no delegation";
	else if (dn_has(bm, len, CS_TYPE_SOA))
		why = "lists SOA, so it is a zone apex, not the parent side of a delegation";
	else if (dn_has(bm, len, CS_TYPE_DS))
		why = "lists DS, so the delegation is signed";
	if (why != NULL)
		return dn_verdict(p, CS_PROOF_DELEGATION_BITMAP, "the %s record for %s %s", kind,
				  dn_name(c->qname, b1), why);
	return dn_verdict(
	    p, CS_PROOF_OK,
	    "%s is an unsigned delegation: its %s record lists NS but neither DS nor SOA",
	    dn_name(c->qname, b1), kind);
}

/* --- NSEC3 --------------------------------------------------------------- */

/* --- entry points -------------------------------------------------------- */

/* Nothing usable was collected: say why. */
static void nothing_usable(const dn_ctx *c, cs_proof *p)
{
	char b1[CS_NAME_TEXT_MAX];
	if (c->n_given == 0)
		dn_verdict(p, CS_PROOF_MISSING, "no NSEC or NSEC3 record was given");
	else if (c->n_unknown > 0)
		dn_verdict(
		    p, CS_PROOF_UNSUPPORTED,
		    "the NSEC3 records use a hash algorithm other than SHA-1 or unknown flags "
		    "(RFC 5155 section 8.1/8.2): they must be ignored");
	else if (c->oom)
		dn_verdict(p, CS_PROOF_MALFORMED, "out of memory while decoding NSEC3 owner names");
	else if (c->n_malformed > 0)
		dn_verdict(p, CS_PROOF_MALFORMED, "all %zu NSEC/NSEC3 records are malformed",
			   c->n_malformed);
	else
		dn_verdict(p, CS_PROOF_NOT_COVERING, "no NSEC/NSEC3 record belongs to the zone %s",
			   dn_name(c->zone, b1));
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
		return dn_verdict(p, CS_PROOF_BAD_QUERY, "unknown claim %d", (int)claim);
	if (qname == NULL || zone == NULL || qname->len == 0 || zone->len == 0 ||
	    (records == NULL && n > 0))
		return dn_verdict(p, CS_PROOF_BAD_QUERY, "missing query name, zone or records");
	if (!cs_name_is_below(qname, zone))
		return dn_verdict(p, CS_PROOF_BAD_QUERY, "%s is not in the zone %s",
				  dn_name(qname, b1), dn_name(zone, b2));
	if (claim == CS_CLAIM_WILDCARD) {
		unsigned ql = cs_name_labels(qname), zl = cs_name_labels(zone);
		if (rrsig_labels >= ql || rrsig_labels < zl)
			return dn_verdict(
			    p, CS_PROOF_BAD_QUERY,
			    "RRSIG labels %u do not denote a wildcard expansion of %s "
			    "within %s",
			    rrsig_labels, dn_name(qname, b1), dn_name(zone, b2));
	}
	return CS_PROOF_OK;
}

cs_proof cs_denial_check(cs_claim claim, const cs_name *qname, uint16_t qtype, uint8_t rrsig_labels,
			 const cs_name *zone, const cs_rr *const *records, size_t n,
			 unsigned max_iterations)
{
	cs_proof p;
	dn_proof_init(&p);
	if (check_query(claim, qname, zone, rrsig_labels, records, n, &p) != CS_PROOF_OK)
		return p;

	dn_ctx c;
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
			dn_nsec_check(&c, claim, &p);
		if (c.n_nsec3 > 0 && (c.n_nsec == 0 || p.status != CS_PROOF_OK)) {
			dn_proof_init(&p);
			dn_nsec3_check(&c, claim, &p);
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
