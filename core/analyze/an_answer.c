/*
 * an_answer.c - the answer to the query (through CNAMEs), its proofs, the
 * verdict and the time the chain next breaks.
 */
#include "analyze/an_answer.h"
#include "analyze/an_sig.h"

#include "dns/rdata.h"
#include "dnssec/crypto.h"
#include "dnssec/denial.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the answer ---- */

/* Zone index that answered target queries for name authoritatively. */
/* The deepest zone of the analysis at or above name, -1. */
static int deepest_enclosing(ctx *x, const cs_name *name)
{
	int best = -1;
	for (size_t i = 0; i < x->a->nzones; i++)
		if (cs_name_is_below(name, &x->a->zones[i].name) &&
		    (best < 0 || cs_name_labels(&x->a->zones[i].name) >
				     cs_name_labels(&x->a->zones[best].name)))
			best = (int)i;
	return best;
}

static int answering_zone(ctx *x, const cs_name *name, uint16_t type)
{
	int best = -1;
	unsigned best_labels = 0;
	for (size_t i = 0; i < x->c->nqueries; i++) {
		const resp *r = &x->resps[i];
		if (!r->ok || r->q->purpose != CS_QPURPOSE_TARGET || r->q->qtype != type ||
		    !cs_name_equal(&r->q->qname, name) || (!r->m.aa && !x->recursive))
			continue;
		int zi =
		    x->recursive ? deepest_enclosing(x, name) : an_zone_index(x->a, &r->q->zone);
		if (zi < 0)
			continue;
		unsigned l = cs_name_labels(&x->a->zones[zi].name);
		if (best < 0 || l > best_labels) {
			best = zi;
			best_labels = l;
		}
	}
	return best;
}

/* Validate the NSEC/NSEC3 records of an authority section; keep the
 * secure ones in out. */
static size_t secure_denial_records(ctx *x, const resp *r, cs_zone *z, const cs_rr **out,
				    const char *server, cs_answer_link *l)
{
	size_t n = 0;
	/* The first server's proof records become part of the link (the
	 * chain model keeps the NSEC/NSEC3 RRsets with their signatures). */
	bool keep = l->nrrsets == 0;
	if (keep) {
		l->rrsets = an_alloc(x, (r->m.counts[CS_SEC_AUTHORITY] + 1) * sizeof(*l->rrsets));
		if (l->rrsets == NULL)
			return 0;
	}
	for (size_t k = 0; k < r->m.counts[CS_SEC_AUTHORITY]; k++) {
		const cs_rr *rr = &r->m.sections[CS_SEC_AUTHORITY][k];
		if (rr->type != CS_TYPE_NSEC && rr->type != CS_TYPE_NSEC3)
			continue;
		if (z->state != CS_STATE_SECURE) {
			out[n++] = rr;
			continue;
		}
		cs_rrset one = {.owner = rr->owner, .type = rr->type, .rrs = &out[n], .nrrs = 1};
		out[n] = rr;
		const cs_rr **sigs;
		size_t ns =
		    an_collect_sigs(x, &r->m, CS_SEC_AUTHORITY, &rr->owner, rr->type, &sigs);
		an_eval_rrset(x, &one, sigs, ns, z, an_key_trusted);
		if (keep) {
			/* out[n] may be reused for the next record: own slot. */
			const cs_rr **slot = an_alloc(x, sizeof(*slot));
			const char **srv = an_alloc(x, sizeof(*srv));
			if (slot != NULL && srv != NULL) {
				cs_rrset kept = one;
				*slot = rr;
				kept.rrs = slot;
				srv[0] = server;
				kept.servers = srv;
				kept.nservers = 1;
				l->rrsets[l->nrrsets++] = kept;
			}
		}
		if (one.state == CS_STATE_SECURE)
			n++;
		else
			an_report_bogus(x, z, &one, server);
	}
	return n;
}

static cs_finding_code proof_code(cs_proof_status s)
{
	switch (s) {
	case CS_PROOF_MISSING:
		return F(DENIAL_MISSING);
	case CS_PROOF_BITMAP_CONTRADICTS:
		return F(DENIAL_BITMAP_CONTRADICTS);
	case CS_PROOF_WILDCARD_GAP:
		return F(DENIAL_WILDCARD_GAP);
	case CS_PROOF_ANCESTOR_DELEGATION:
		return F(DENIAL_ANCESTOR_DELEGATION);
	case CS_PROOF_ITERATIONS:
		return F(NSEC3_ITERATIONS_EXCESSIVE);
	case CS_PROOF_UNSUPPORTED:
		return F(NSEC3_UNSUPPORTED_HASH);
	default:
		return F(DENIAL_NOT_COVERING);
	}
}

/* RFC 9276 §3.2: NSEC3 above the iteration limit is not hashed, and
 * validators (Unbound, BIND) treat the answer as insecure, not bogus. That
 * holds only when the iterations are the proof's one problem: every
 * NSEC/NSEC3 record of r validated (nsecure of them did). Then reports
 * NSEC3_ITERATIONS_EXCESSIVE, keeps the proof text for the link and returns
 * true; false otherwise. */
static bool iterations_insecure(ctx *x, cs_answer_link *l, cs_zone *z, const char *server,
				const resp *r, size_t nsecure, const cs_proof *pr,
				const char *subject, const char *what)
{
	if (pr->status != CS_PROOF_ITERATIONS)
		return false;
	size_t total = 0;
	for (size_t k = 0; k < r->m.counts[CS_SEC_AUTHORITY]; k++) {
		uint16_t t = r->m.sections[CS_SEC_AUTHORITY][k].type;
		if (t == CS_TYPE_NSEC || t == CS_TYPE_NSEC3)
			total++;
	}
	if (nsecure != total)
		return false;
	cs_finding *f =
	    an_finding(x, F(NSEC3_ITERATIONS_EXCESSIVE), &z->name, server, subject, NULL,
		       an_strf(x,
			       "the %s rests on NSEC3 with %u iterations, above the limit of %u: "
			       "validators treat it as insecure",
			       what, pr->iterations, x->o->max_nsec3_iterations));
	an_evidence(x, f, an_strf(x, "%s", pr->detail));
	l->proof = an_strf(x, "%s", pr->detail);
	return true;
}

/* Keep the first variant of the link's data RRset, with the server that
 * served it. */
static void keep_variant(ctx *x, cs_answer_link *l, const cs_rrset *set, const char *server)
{
	if (l->nrrsets > 0)
		return;
	l->rrsets = an_alloc(x, sizeof(*l->rrsets));
	const char **srv = an_alloc(x, sizeof(*srv));
	if (l->rrsets && srv) {
		l->rrsets[0] = *set;
		srv[0] = server;
		l->rrsets[0].servers = srv;
		l->rrsets[0].nservers = 1;
		l->nrrsets = 1;
	}
}

/* Evaluate one server's response for a link; returns its state and sets
 * *next to a CNAME target when there is one. */
static cs_state eval_link_server(ctx *x, cs_answer_link *l, cs_zone *z, const char *server,
				 const resp *r, bool *has_next, cs_name *next)
{
	const char *zn = an_name(x, &z->name);
	char tb[16];
	const cs_rr **rrs, **sigs;
	size_t n = an_collect(x, &r->m, CS_SEC_ANSWER, &l->name, l->type, &rrs);
	uint16_t type = l->type;
	if (n == 0 && l->type != CS_TYPE_CNAME) {
		n = an_collect(x, &r->m, CS_SEC_ANSWER, &l->name, CS_TYPE_CNAME, &rrs);
		if (n > 0) {
			type = CS_TYPE_CNAME;
			if (cs_name_from_wire(rrs[0]->rdata, rrs[0]->rdlen, next, NULL) == CS_OK)
				*has_next = true;
		}
	}
	if (n > 0) {
		if (l->kind == CS_ANSWER_NONE)
			l->kind = CS_ANSWER_DATA;
		size_t ns = an_collect_sigs(x, &r->m, CS_SEC_ANSWER, &l->name, type, &sigs);
		cs_rrset set = {.owner = l->name, .type = type, .rrs = rrs, .nrrs = n};
		if (z->state != CS_STATE_SECURE) {
			/* Nothing here can be secure; the RRset is kept in the
			 * zone's state, its signatures checked against any key of
			 * the zone to show which key made them. */
			an_eval_rrset(x, &set, sigs, ns, z, an_key_any);
			set.state = z->state;
			keep_variant(x, l, &set, server);
			return z->state;
		}
		an_eval_rrset(x, &set, sigs, ns, z, an_key_trusted);
		/* The first variant is kept for the link, secure or not, so a
		 * reader sees the RRset and the signature that decided it. */
		keep_variant(x, l, &set, server);
		if (set.state != CS_STATE_SECURE) {
			an_report_bogus(x, z, &set, server);
			return CS_STATE_BOGUS;
		}
		/* Wildcard expansion needs a proof that the name itself does not exist. */
		for (size_t s = 0; s < set.nsigs; s++) {
			cs_rrsig_view v;
			if (set.sigs[s].status != CS_SIG_VALID ||
			    cs_rrsig_view_parse(set.sigs[s].rrsig->rdata, set.sigs[s].rrsig->rdlen,
						&v) != CS_OK ||
			    v.labels >= cs_name_labels(&l->name))
				continue;
			const cs_rr **den = cs_arena_alloc(
			    x->ar, (r->m.counts[CS_SEC_AUTHORITY] + 1) * sizeof(*den));
			if (den == NULL) {
				x->err = CS_ENOMEM;
				return CS_STATE_BOGUS;
			}
			size_t nd = secure_denial_records(x, r, z, den, server, l);
			cs_proof pr =
			    cs_denial_check(CS_CLAIM_WILDCARD, &l->name, type, v.labels, &z->name,
					    den, nd, x->o->max_nsec3_iterations);
			const char *subject =
			    an_strf(x, "%s %s", an_name(x, &l->name), cs_rrtype_str(type, tb));
			if (iterations_insecure(
				x, l, z, server, r, nd, &pr, subject,
				an_strf(x, "wildcard answer for %s", an_name(x, &l->name))))
				return CS_STATE_INSECURE;
			if (pr.status != CS_PROOF_OK) {
				cs_finding *f = an_finding(
				    x, proof_code(pr.status), &z->name, server, subject, NULL,
				    an_strf(x,
					    "wildcard answer for %s without a valid proof that the "
					    "name does not exist",
					    an_name(x, &l->name)));
				an_evidence(x, f, an_strf(x, "%s", pr.detail));
				return CS_STATE_BOGUS;
			}
			l->proof = an_strf(x, "%s", pr.detail);
			break;
		}
		return CS_STATE_SECURE;
	}
	/* Negative answers. */
	cs_claim claim;
	if (r->m.rcode == CS_RCODE_NXDOMAIN) {
		l->kind = CS_ANSWER_NXDOMAIN;
		claim = CS_CLAIM_NXDOMAIN;
	} else if (r->m.rcode == CS_RCODE_NOERROR) {
		if (l->kind == CS_ANSWER_NONE)
			l->kind = CS_ANSWER_NODATA;
		claim = CS_CLAIM_NODATA;
	} else {
		return CS_STATE_INDETERMINATE;
	}
	if (z->state != CS_STATE_SECURE)
		return z->state;
	const cs_rr **den =
	    cs_arena_alloc(x->ar, (r->m.counts[CS_SEC_AUTHORITY] + 1) * sizeof(*den));
	if (den == NULL) {
		x->err = CS_ENOMEM;
		return CS_STATE_BOGUS;
	}
	size_t nd = secure_denial_records(x, r, z, den, server, l);
	cs_proof pr = cs_denial_check(claim, &l->name, l->type, 0, &z->name, den, nd,
				      x->o->max_nsec3_iterations);
	if (pr.status == CS_PROOF_OK) {
		l->proof = an_strf(x, "%s", pr.detail);
		if (pr.optout) {
			/* An opt-out span proves only that no signed delegation
			 * exists there: validators call the answer insecure
			 * (RFC 5155 §9.2). */
			an_finding(x, F(NSEC3_OPTOUT), &z->name, NULL, zn, NULL,
				   an_strf(x,
					   "the %s answer for %s rests on an NSEC3 opt-out span: "
					   "validators treat it as insecure",
					   claim == CS_CLAIM_NXDOMAIN ? "NXDOMAIN" : "NODATA",
					   an_name(x, &l->name)));
			return CS_STATE_INSECURE;
		}
		if (pr.nsec3 && pr.iterations > 0)
			an_finding(x, F(NSEC3_ITERATIONS), &z->name, NULL, zn, NULL,
				   an_strf(x,
					   "NSEC3 in %s uses %u extra iterations (RFC 9276: use 0)",
					   zn, pr.iterations));
		if (pr.nsec3 && pr.salt_len > 0)
			an_finding(x, F(NSEC3_SALT), &z->name, NULL, zn, NULL,
				   an_strf(x,
					   "NSEC3 in %s uses a %u-octet salt (RFC 9276: use none)",
					   zn, pr.salt_len));
		return CS_STATE_SECURE;
	}
	const char *subject = an_strf(x, "%s %s", an_name(x, &l->name), cs_rrtype_str(l->type, tb));
	if (iterations_insecure(x, l, z, server, r, nd, &pr, subject,
				an_strf(x, "%s answer for %s",
					claim == CS_CLAIM_NXDOMAIN ? "NXDOMAIN" : "NODATA",
					subject)))
		return CS_STATE_INSECURE;
	cs_finding *f = an_finding(
	    x, proof_code(pr.status), &z->name, server, subject,
	    an_strf(x,
		    "Re-sign %s so that its NSEC/NSEC3 chain is complete and signed, and "
		    "make sure every server serves it.",
		    zn),
	    an_strf(x, "the %s answer for %s %s is not proven (%s)",
		    claim == CS_CLAIM_NXDOMAIN ? "NXDOMAIN" : "NODATA", an_name(x, &l->name),
		    cs_rrtype_str(l->type, tb), cs_proof_status_str(pr.status)));
	an_evidence(x, f, an_strf(x, "%s", pr.detail));
	return CS_STATE_BOGUS;
}

void an_eval_answer(ctx *x)
{
	cs_analysis *a = x->a;
	size_t cap = 18;
	a->links = cs_arena_alloc(x->ar, cap * sizeof(*a->links));
	if (a->links == NULL) {
		x->err = CS_ENOMEM;
		return;
	}
	cs_name name = x->c->qname;
	uint16_t type = x->c->qtype;
	a->answer = CS_ANSWER_NONE;
	while (a->nlinks < cap) {
		cs_answer_link *l = &a->links[a->nlinks++];
		memset(l, 0, sizeof(*l));
		l->name = name;
		l->type = type;
		l->kind = CS_ANSWER_NONE;
		l->zone = answering_zone(x, &name, type);
		if (l->zone < 0) {
			l->state = CS_STATE_INDETERMINATE;
			break;
		}
		cs_zone *z = &a->zones[l->zone];
		bool has_next = false, any = false;
		cs_name next;
		cs_state best = CS_STATE_BOGUS;
		for (size_t i = 0; i < z->nservers; i++) {
			const resp *r =
			    an_find_resp(x, &z->name, z->servers[i].address, &name, type);
			if (r == NULL || (!r->m.aa && !x->recursive))
				continue;
			any = true;
			cs_state st =
			    eval_link_server(x, l, z, z->servers[i].address, r, &has_next, &next);
			if (st < best)
				best = st;
			if (st == CS_STATE_BOGUS && z->servers[i].state == CS_STATE_SECURE) {
				z->servers[i].state = CS_STATE_BOGUS;
				snprintf(z->servers[i].reason, sizeof(z->servers[i].reason),
					 "serves an answer that does not validate");
			}
		}
		l->state = any ? best : CS_STATE_INDETERMINATE;
		if (a->nlinks == 1)
			a->answer = l->kind;
		else if (!has_next)
			a->answer = l->kind;
		if (!has_next)
			break;
		name = next;
	}
}

/* ---- verdict and next break ---- */

static void consider_break(ctx *x, const cs_rrset *s, const char *what)
{
	if (s->state != CS_STATE_SECURE)
		return; /* the verdict does not rest on it */
	for (size_t i = 0; i < s->nsigs; i++) {
		const cs_sig_eval *e = &s->sigs[i];
		if (e->status != CS_SIG_VALID)
			continue;
		cs_analysis *a = x->a;
		if (!a->has_next_break || e->expiration < a->next_break) {
			a->has_next_break = true;
			a->next_break = e->expiration;
			a->next_break_what = what;
		}
	}
}

void an_finish(ctx *x)
{
	cs_analysis *a = x->a;
	cs_state v = CS_STATE_SECURE;
	for (size_t i = 0; i < a->nlinks; i++) {
		cs_answer_link *l = &a->links[i];
		cs_state zs = l->zone >= 0 ? a->zones[l->zone].state : CS_STATE_INDETERMINATE;
		/* An answer can be no better than its zone. */
		l->state = cs_state_worst(l->state, zs == CS_STATE_SECURE ? CS_STATE_SECURE : zs);
		if (zs == CS_STATE_INSECURE && l->state != CS_STATE_BOGUS)
			l->state = CS_STATE_INSECURE;
		v = cs_state_worst(v, l->state);
	}
	a->verdict = v;
	/* The earliest signature expiry the secure parts rest on. */
	char tb[16];
	for (size_t i = 0; i < a->nzones; i++) {
		cs_zone *z = &a->zones[i];
		for (size_t d = 0; d < z->nds; d++)
			if (z->ds[d].state == CS_STATE_SECURE)
				consider_break(
				    x, &z->ds[d],
				    an_strf(x, "RRSIG over %s DS", an_name(x, &z->name)));
		for (size_t d = 0; d < z->ndnskey; d++)
			if (z->dnskey[d].state == CS_STATE_SECURE)
				consider_break(
				    x, &z->dnskey[d],
				    an_strf(x, "RRSIG over %s DNSKEY", an_name(x, &z->name)));
	}
	for (size_t i = 0; i < a->nlinks; i++)
		for (size_t k = 0; k < a->links[i].nrrsets; k++)
			consider_break(x, &a->links[i].rrsets[k],
				       an_strf(x, "RRSIG over %s %s",
					       an_name(x, &a->links[i].rrsets[k].owner),
					       cs_rrtype_str(a->links[i].rrsets[k].type, tb)));
	if (a->has_next_break && a->next_break - x->o->at < x->o->expiring_window) {
		cs_name root;
		cs_name_root(&root);
		an_finding(
		    x, F(RRSIG_EXPIRING), &root, NULL, a->next_break_what,
		    "Re-sign before then, and check that the signer runs.",
		    an_strf(x, "%s expires on %s", a->next_break_what, an_time(x, a->next_break)));
	}
	/* Probe notes that limit what could be checked. */
	for (size_t i = 0; i < x->c->nnotes; i++) {
		cs_name root;
		cs_name_root(&root);
		/* The probe's notes for its limits: queries, time ("limit"),
		 * CNAME links ("longer than"), referrals and addresses ("more
		 * than"). */
		const char *n = x->c->notes[i];
		if (strstr(n, "limit") != NULL || strstr(n, "longer than") != NULL ||
		    strstr(n, "more than") != NULL)
			an_finding(x, F(PROBE_LIMIT_REACHED), &root, NULL, "probe", NULL,
				   x->c->notes[i]);
	}
	for (size_t i = 0; i < a->nfindings; i++) {
		const cs_finding_info *fi = cs_finding_info_get(a->findings[i].code);
		if (fi)
			a->counts[fi->severity]++;
	}
}
