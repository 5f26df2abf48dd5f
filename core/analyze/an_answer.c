/*
 * an_answer.c - the answer to the query (through CNAMEs), its proofs, the
 * verdict and the time the chain next breaks.
 */
#include "analyze/an_answer.h"
#include "analyze/an_records.h"
#include "dns/dname.h"
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

/* A server of zone zi that also serves a zone below it answers for names in
 * that zone from that zone (parent and child on the same servers). The
 * probe makes such a zone only once the parent's DS answer (a DS, or an
 * NSEC proving a delegation without one) or the answer's signer proved the
 * cut, so the deepest zone below zi that holds name and has server among
 * its servers is the zone of the answer. */
static int shared_child(ctx *x, int zi, const cs_name *name, const char *server)
{
	int best = zi;
	for (size_t k = 0; k < x->a->nzones; k++) {
		const cs_zone *c = &x->a->zones[k];
		if (cs_name_labels(&c->name) > cs_name_labels(&x->a->zones[best].name) &&
		    cs_name_is_below(&c->name, &x->a->zones[zi].name) &&
		    cs_name_is_below(name, &c->name) && an_zone_serves(c, server))
			best = (int)k;
	}
	return best;
}

/* The response of server for qname/qtype in zone z: asked for z, or for a
 * zone above it on the same server (the answer came with no referral). */
static const resp *link_resp(ctx *x, const cs_zone *z, const char *server, const cs_name *qname,
			     uint16_t qtype)
{
	for (const cs_zone *y = z; y != NULL; y = y->parent >= 0 ? &x->a->zones[y->parent] : NULL) {
		if (!an_zone_serves(y, server))
			break;
		const resp *r = an_find_resp(x, &y->name, server, qname, qtype);
		if (r != NULL)
			return r;
	}
	return NULL;
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
		if (!x->recursive)
			zi = shared_child(x, zi, name, r->q->server);
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

/* A CNAME synthesised from a DNAME (RFC 6672): validators trust it through
 * the DNAME's signature and the synthesis rule, not a signature of its own,
 * and follow the synthesised target even when the served CNAME says
 * otherwise. Returns the link's state for this server; *next is the
 * synthesised target. */
static cs_state eval_dname(ctx *x, cs_answer_link *l, cs_zone *z, const char *server, const resp *r,
			   const cs_rr *d, const cs_rr *cname, cs_name *next)
{
	char tb[16];
	const cs_rr **rrs, **sigs;
	size_t n = an_collect(x, &r->m, CS_SEC_ANSWER, &d->owner, CS_TYPE_DNAME, &rrs);
	size_t ns = an_collect_sigs(x, &r->m, CS_SEC_ANSWER, &d->owner, CS_TYPE_DNAME, &sigs);
	cs_rrset set = {.owner = d->owner, .type = CS_TYPE_DNAME, .rrs = rrs, .nrrs = n};
	an_eval_rrset(x, &set, sigs, ns, z, an_key_trusted);
	if (set.state != CS_STATE_SECURE) {
		an_report_bogus(x, z, &set, server);
		return CS_STATE_BOGUS;
	}
	an_check_ttls(x, z, &set, server);
	cs_name syn, served;
	if (cs_dname_target(&r->m, &l->name, &syn) != CS_OK)
		return CS_STATE_BOGUS; /* no name fits (YXDOMAIN): nothing to follow */
	if (cs_name_from_wire(cname->rdata, cname->rdlen, &served, NULL) != CS_OK ||
	    !cs_name_equal(&served, &syn)) {
		cs_finding *f = an_finding(
		    x, F(DNAME_CNAME_MISMATCH), &z->name, server,
		    an_strf(x, "%s %s", an_name(x, &l->name), cs_rrtype_str(CS_TYPE_CNAME, tb)),
		    NULL,
		    an_strf(x,
			    "the CNAME served for %s points to %s, but the DNAME at %s "
			    "synthesises %s: validators follow %s",
			    an_name(x, &l->name), an_name(x, &served), an_name(x, &d->owner),
			    an_name(x, &syn), an_name(x, &syn)));
		an_evidence(x, f, an_rr(x, cname));
		an_evidence(x, f, an_rr(x, d));
	}
	*next = syn;
	keep_variant(x, l, &set, server);
	l->proof = an_strf(x, "CNAME to %s synthesised from the DNAME at %s (RFC 6672)",
			   an_name(x, &syn), an_name(x, &d->owner));
	return CS_STATE_SECURE;
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
		const cs_rr *d = type == CS_TYPE_CNAME && l->type != CS_TYPE_CNAME
				     ? cs_dname_for(&r->m, &l->name)
				     : NULL;
		if (d != NULL && cs_name_is_below(&d->owner, &z->name))
			return eval_dname(x, l, z, server, r, d, rrs[0], next);
		an_eval_rrset(x, &set, sigs, ns, z, an_key_trusted);
		/* The first variant is kept for the link, secure or not, so a
		 * reader sees the RRset and the signature that decided it. */
		keep_variant(x, l, &set, server);
		if (set.state != CS_STATE_SECURE) {
			an_report_bogus(x, z, &set, server);
			return CS_STATE_BOGUS;
		}
		an_check_ttls(x, z, &set, server);
		/* Wildcard expansion needs a proof that the name itself does not
		 * exist. The Labels field leaves out a leading "*" (RFC 4034
		 * §3.1.3), so the wildcard's own name asked literally is no
		 * expansion. */
		unsigned own = cs_name_labels(&l->name) - (cs_name_is_wildcard(&l->name) ? 1u : 0u);
		for (size_t s = 0; s < set.nsigs; s++) {
			cs_rrsig_view v;
			if (set.sigs[s].status != CS_SIG_VALID ||
			    cs_rrsig_view_parse(set.sigs[s].rrsig->rdata, set.sigs[s].rrsig->rdlen,
						&v) != CS_OK ||
			    v.labels >= own)
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

/* Does link l's CNAME to next lead back to a name of the chain so far? Then
 * the chain never ends in an answer (resolvers answer SERVFAIL): a
 * CNAME_LOOP finding, and l, whose target is never reached, indeterminate. */
static bool cname_loop(ctx *x, cs_answer_link *l, const cs_name *next)
{
	cs_analysis *a = x->a;
	size_t k = 0;
	while (k < a->nlinks && !cs_name_equal(&a->links[k].name, next))
		k++;
	if (k == a->nlinks)
		return false;
	char tb[16];
	const cs_name *zone = l->zone >= 0 ? &a->zones[l->zone].name : &l->name;
	cs_finding *f = an_finding(
	    x, F(CNAME_LOOP), zone, NULL,
	    an_strf(x, "%s %s", an_name(x, &l->name), cs_rrtype_str(CS_TYPE_CNAME, tb)), NULL,
	    an_strf(x, "the CNAME at %s leads back to %s, %zu link%s before: the chain never ends",
		    an_name(x, &l->name), an_name(x, next), a->nlinks - k,
		    a->nlinks - k == 1 ? "" : "s"));
	for (size_t i = k; i < a->nlinks && f != NULL; i++)
		if (a->links[i].nrrsets > 0 && a->links[i].rrsets[0].nrrs > 0)
			an_evidence(x, f, an_rr(x, a->links[i].rrsets[0].rrs[0]));
	l->state = cs_state_worst(l->state, CS_STATE_INDETERMINATE);
	return true;
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
			/* Nobody answered: the chain ends here, with no answer. */
			l->state = CS_STATE_INDETERMINATE;
			a->answer = CS_ANSWER_NONE;
			break;
		}
		cs_zone *z = &a->zones[l->zone];
		bool has_next = false, any = false;
		cs_name next;
		cs_state best = CS_STATE_BOGUS;
		for (size_t i = 0; i < z->nservers; i++) {
			const resp *r = link_resp(x, z, z->servers[i].address, &name, type);
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
		if (!has_next || cname_loop(x, l, &next))
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

/* A bogus chain with no valid signature to break: when it broke, the
 * latest expiration of the expired signatures over its DNSKEY, DS and
 * answer RRsets (the last one that held), in the past. */
static void past_break(ctx *x)
{
	cs_analysis *a = x->a;
	char tb[16];
	for (size_t i = 0; i < a->nzones; i++) {
		cs_zone *z = &a->zones[i];
		cs_rrset *sets[2] = {z->dnskey, z->ds};
		size_t ns[2] = {z->ndnskey, z->nds};
		for (int k = 0; k < 2; k++)
			for (size_t v = 0; v < ns[k]; v++)
				for (size_t s = 0; s < sets[k][v].nsigs; s++) {
					const cs_sig_eval *e = &sets[k][v].sigs[s];
					if (e->status != CS_SIG_EXPIRED ||
					    (a->has_next_break && e->expiration <= a->next_break))
						continue;
					a->has_next_break = true;
					a->next_break = e->expiration;
					a->next_break_what =
					    an_strf(x, "RRSIG over %s %s", an_name(x, &z->name),
						    cs_rrtype_str(sets[k][v].type, tb));
				}
	}
}

/* A probe note "zone Z: IPv6 address A of N not asked (-4)" (probe.c's
 * note_skipped) becomes PROBE_ADDRESS_SKIPPED on zone Z, server A; returns
 * false for any other note. */
static bool skipped_note(ctx *x, const char *n)
{
	const char *colon = strstr(n, ": ");
	const char *addr = strstr(n, " address ");
	if (strncmp(n, "zone ", 5) != 0 || colon == NULL || addr == NULL ||
	    strstr(n, " not asked (") == NULL)
		return false;
	cs_name zone;
	if (cs_name_from_text(n + 5, (size_t)(colon - n - 5), NULL, &zone) != CS_OK)
		return false;
	addr += strlen(" address ");
	const char *end = strchr(addr, ' ');
	const char *server = an_strf(x, "%.*s", end ? (int)(end - addr) : 0, addr);
	/* One finding per zone and family, listing every address left out. */
	bool v6 = strncmp(colon + 2, "IPv6", 4) == 0;
	an_finding(x, F(PROBE_ADDRESS_SKIPPED), &zone, server, "probe", NULL,
		   v6 ? "IPv6 addresses not asked (-4)" : "IPv4 addresses not asked (-6)");
	return true;
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
	if (!a->has_next_break && a->verdict == CS_STATE_BOGUS)
		past_break(x);
	if (a->has_next_break && a->next_break >= x->o->at &&
	    a->next_break - x->o->at < x->o->expiring_window) {
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
		if (skipped_note(x, n))
			continue;
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
