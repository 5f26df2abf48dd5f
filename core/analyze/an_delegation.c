/*
 * an_delegation.c - the DS link from a parent to its child (RFC 4035 §5.2):
 * the DS RRset each parent server serves, the proof of its absence, which
 * keys each DS matches, and the DS findings.
 */
#include "analyze/an_delegation.h"
#include "analyze/an_sig.h"
#include "dns/rdata.h"
#include "dnssec/crypto.h"
#include "dnssec/denial.h"
#include "text/rdata_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the parent's servers said about the DS of a child, server by
 * server. */
typedef struct {
	bool any_answer;    /* some server answered the DS query */
	bool proven;	    /* some server proved there is no DS */
	bool bogus_ds;	    /* some server served a DS RRset that does not validate */
	bool unproven;	    /* some server gave no DS and no valid proof */
	bool iter_insecure; /* NSEC3 above the iteration limit, all signed */
} ds_tally;

/* --ds replaces whatever the parent says: the overrides for z, trusted as
 * far as the parent is. False when there are none. */
static bool ds_from_overrides(ctx *x, cs_zone *z, const cs_zone *p, an_ds_choice *ch)
{
	size_t nover = 0;
	for (size_t i = 0; i < x->overrides.n; i++)
		nover += cs_name_equal(&x->overrides.v[i].owner, &z->name);
	if (nover == 0)
		return false;
	ch->ds = an_alloc(x, nover * sizeof(*ch->ds));
	if (ch->ds == NULL)
		return true;
	for (size_t i = 0; i < x->overrides.n; i++)
		if (cs_name_equal(&x->overrides.v[i].owner, &z->name))
			ch->ds[ch->nds++] = &x->overrides.v[i];
	ch->secure = p->state == CS_STATE_SECURE;
	z->delegation = p->state;
	return true;
}

/* The variant of z's DS RRset with these records, made on first sight
 * (its signatures evaluated with the parent's keys that usable() accepts),
 * with srv added to the servers that serve it; NULL when out of memory. */
static cs_rrset *ds_variant(ctx *x, cs_zone *z, cs_zone *p, const resp *r, const char *srv,
			    const cs_rr **ds, size_t n, bool (*usable)(const cs_key *))
{
	cs_rrset *set = NULL;
	for (size_t v = 0; v < z->nds && set == NULL; v++)
		if (an_same_rdata(z->ds[v].rrs, z->ds[v].nrrs, ds, n))
			set = &z->ds[v];
	if (set == NULL) {
		const cs_rr **sigs;
		size_t ns = an_collect_sigs(x, &r->m, CS_SEC_ANSWER, &z->name, CS_TYPE_DS, &sigs);
		set = &z->ds[z->nds++];
		memset(set, 0, sizeof(*set));
		set->owner = z->name;
		set->type = CS_TYPE_DS;
		set->rrs = ds;
		set->nrrs = n;
		set->servers = an_alloc(x, p->nservers * sizeof(char *));
		if (set->servers == NULL)
			return NULL;
		an_eval_rrset(x, set, sigs, ns, p, usable);
	}
	set->servers[set->nservers++] = srv;
	return set;
}

/* A DS RRset served by srv: kept as a variant of z->ds (evaluated with the
 * parent's trusted keys once per distinct RRset); the first secure one
 * becomes the choice. */
static void served_ds(ctx *x, cs_zone *z, cs_zone *p, const resp *r, const char *srv,
		      const cs_rr **ds, size_t n, an_ds_choice *ch, ds_tally *t)
{
	cs_rrset *set = ds_variant(x, z, p, r, srv, ds, n, an_key_trusted);
	if (set == NULL)
		return;
	if (set->state != CS_STATE_SECURE) {
		t->bogus_ds = true;
		an_report_bogus(x, p, set, srv);
	} else if (!ch->secure) {
		ch->ds = ds;
		ch->nds = n;
		ch->secure = true;
	}
}

/* No DS from srv: the parent must prove it (RFC 4035 §5.2), with NSEC or
 * NSEC3 records whose own signatures validate. */
static void no_ds_proof(ctx *x, cs_zone *z, cs_zone *p, const resp *r, const char *srv, ds_tally *t)
{
	const char *zn = an_name(x, &z->name);
	const cs_rr **den = an_alloc(x, (r->m.counts[CS_SEC_AUTHORITY] + 1) * sizeof(*den));
	if (den == NULL)
		return;
	size_t nden = 0, nbad = 0;
	for (size_t k = 0; k < r->m.counts[CS_SEC_AUTHORITY]; k++) {
		const cs_rr *rr = &r->m.sections[CS_SEC_AUTHORITY][k];
		if (rr->type != CS_TYPE_NSEC && rr->type != CS_TYPE_NSEC3)
			continue;
		cs_rrset one = {.owner = rr->owner, .type = rr->type, .rrs = &den[nden], .nrrs = 1};
		den[nden] = rr;
		const cs_rr **dsigs;
		size_t ns =
		    an_collect_sigs(x, &r->m, CS_SEC_AUTHORITY, &rr->owner, rr->type, &dsigs);
		an_eval_rrset(x, &one, dsigs, ns, p, an_key_trusted);
		if (one.state == CS_STATE_SECURE) {
			nden++;
		} else {
			nbad++;
			an_report_bogus(x, p, &one, srv);
		}
	}
	cs_proof pr = cs_denial_check(CS_CLAIM_NO_DS, &z->name, CS_TYPE_DS, 0, &p->name, den, nden,
				      x->o->max_nsec3_iterations);
	if (pr.status == CS_PROOF_OK) {
		t->proven = true;
	} else if (pr.status == CS_PROOF_ITERATIONS) {
		/* Nothing was hashed: the parameters alone decide (RFC 9276 §3.2;
		 * CVE-2023-50868). Validators treat the delegation as insecure
		 * when the records are validly signed; a record that failed its
		 * signature keeps it bogus. */
		if (nbad == 0)
			t->iter_insecure = true;
		else
			t->unproven = true;
		cs_finding *f = an_finding(
		    x, F(NSEC3_ITERATIONS_EXCESSIVE), &p->name, srv, an_name(x, &p->name), NULL,
		    an_strf(x,
			    "the proof that %s has no DS uses %u NSEC3 iterations, above the "
			    "limit of %u%s",
			    zn, pr.iterations, x->o->max_nsec3_iterations,
			    nbad == 0 ? ": validators treat the delegation as insecure"
				      : ", and not every NSEC/NSEC3 record validates"));
		an_evidence(x, f, an_strf(x, "%s", pr.detail));
	} else {
		t->unproven = true;
		/* A zone found on its parent's own servers, with no referral, may
		 * be no zone the parent delegates at all (one left on them). */
		bool shared = z->nservers > 0;
		for (size_t i = 0; i < z->nservers; i++)
			shared &= an_zone_serves(p, z->servers[i].address);
		cs_finding *f = an_finding(
		    x, F(DS_ABSENCE_UNPROVEN), &z->name, srv, zn,
		    an_strf(x,
			    "The parent zone %s must answer DS queries for %s with a signed "
			    "NSEC/NSEC3 proof, or publish the DS.%s%s%s",
			    an_name(x, &p->name), zn,
			    shared ? " The parent's own servers serve " : "", shared ? zn : "",
			    shared ? " as a zone, with no referral: if the parent does not "
				     "delegate it, delegate it (NS, and a DS if it is signed) or "
				     "remove that zone from those servers."
				   : ""),
		    an_strf(x, "%s gives no DS for %s and does not prove its absence (%s)", srv, zn,
			    cs_proof_status_str(pr.status)));
		an_evidence(x, f, an_strf(x, "%s", pr.detail));
	}
}

/* The delegation's state from what every server said. */
static void decide_delegation(ctx *x, cs_zone *z, const an_ds_choice *ch, const ds_tally *t)
{
	if (ch->secure) {
		z->delegation = CS_STATE_SECURE;
	} else if (t->proven || t->iter_insecure) {
		/* Insecure either way; only a proof that was checked shows the DS
		 * is absent. */
		z->delegation = CS_STATE_INSECURE;
		z->ds_proven_absent = t->proven;
	} else if (t->bogus_ds || t->unproven) {
		z->delegation = CS_STATE_BOGUS;
	} else {
		z->delegation = t->any_answer ? CS_STATE_BOGUS : CS_STATE_INDETERMINATE;
		if (!t->any_answer) {
			const char *zn = an_name(x, &z->name);
			an_finding(x, F(PROBE_INCOMPLETE), &z->name, NULL, zn, NULL,
				   an_strf(x, "no server of %s answered the DS query for %s",
					   an_name(x, &x->a->zones[z->parent].name), zn));
		}
	}
}

/* Below a parent that is not secure nothing it says about the DS can be
 * trusted; what it serves is still kept, in the parent's state, with its
 * signatures checked against any key of the parent (to show which key made
 * them), so that a reader sees the DS the parent does serve. */
static void untrusted_ds(ctx *x, cs_zone *z, cs_zone *p)
{
	for (size_t i = 0; i < p->nservers && x->err == CS_OK; i++) {
		const char *srv = p->servers[i].address;
		const resp *r = an_find_resp(x, &p->name, srv, &z->name, CS_TYPE_DS);
		if (r == NULL ||
		    (r->m.rcode != CS_RCODE_NOERROR && r->m.rcode != CS_RCODE_NXDOMAIN))
			continue;
		const cs_rr **ds;
		size_t n = an_collect(x, &r->m, CS_SEC_ANSWER, &z->name, CS_TYPE_DS, &ds);
		if (n == 0) {
			z->ds_claimed_absent = true;
			continue;
		}
		cs_rrset *set = ds_variant(x, z, p, r, srv, ds, n, an_key_any);
		if (set != NULL && set->nservers == 1)
			set->state = p->state; /* a new variant: what the parent's state allows */
	}
}

an_ds_choice an_eval_delegation(ctx *x, cs_zone *z)
{
	an_ds_choice ch = {0};
	cs_zone *p = &x->a->zones[z->parent];
	if (ds_from_overrides(x, z, p, &ch))
		return ch;
	z->ds = an_alloc(x, (p->nservers ? p->nservers : 1) * sizeof(*z->ds));
	if (z->ds == NULL)
		return ch;
	if (p->state != CS_STATE_SECURE) {
		untrusted_ds(x, z, p);
		z->delegation = p->state;
		return ch;
	}
	ds_tally t = {0};
	for (size_t i = 0; i < p->nservers && x->err == CS_OK; i++) {
		const char *srv = p->servers[i].address;
		const resp *r = an_find_resp(x, &p->name, srv, &z->name, CS_TYPE_DS);
		if (r == NULL ||
		    (r->m.rcode != CS_RCODE_NOERROR && r->m.rcode != CS_RCODE_NXDOMAIN))
			continue;
		t.any_answer = true;
		const cs_rr **ds;
		size_t n = an_collect(x, &r->m, CS_SEC_ANSWER, &z->name, CS_TYPE_DS, &ds);
		if (n > 0) {
			served_ds(x, z, p, r, srv, ds, n, &ch, &t);
		} else {
			z->ds_claimed_absent = true;
			no_ds_proof(x, z, p, r, srv, &t);
		}
	}
	decide_delegation(x, z, &ch, &t);
	return ch;
}

/* Match DS records to keys; report DS problems. Returns usable DS count. */
/* Match one DS record against the zone's keys (RFC 4034 §5.1.4: the
 * digest over the owner name and the DNSKEY RDATA). */
static cs_ds_link link_one(ctx *x, const cs_zone *z, const cs_name *owner, const cs_rr *ds,
			   bool used)
{
	cs_ds_link l = {.rr = ds, .status = CS_DS_MALFORMED, .used = used, .named_key = -1};
	/* Anchors and --ds overrides live in lists freed with the context:
	 * the link keeps its own copy (the RDATA is in the arena already). */
	cs_rr *copy = an_alloc(x, sizeof(*copy));
	if (copy == NULL)
		return l;
	*copy = *ds;
	l.rr = copy;
	cs_ds_view d;
	if (cs_ds_view_parse(ds->rdata, ds->rdlen, &d) != CS_OK)
		return l;
	l.tag = d.key_tag;
	l.algorithm = d.algorithm;
	l.digest_type = d.digest_type;
	for (size_t k = 0; k < z->nkeys && l.named_key < 0; k++)
		if (z->keys[k].tag == d.key_tag && z->keys[k].algorithm == d.algorithm)
			l.named_key = (int)k;
	if (cs_ds_digest_len(d.digest_type) == 0) {
		l.status = CS_DS_DIGEST_UNSUPPORTED;
		return l;
	}
	if (!cs_alg_lookup(d.algorithm)->supported) {
		l.status = CS_DS_ALG_UNSUPPORTED;
		return l;
	}
	if (!z->signed_zone) {
		l.status = z->dnskey_answered ? CS_DS_UNSIGNED_CHILD : CS_DS_KEYS_UNKNOWN;
		return l;
	}
	bool tag_alg = false, alg_any = false;
	l.keys = an_alloc(x, (z->nkeys ? z->nkeys : 1) * sizeof(*l.keys));
	if (l.keys == NULL)
		return l;
	for (size_t k = 0; k < z->nkeys; k++) {
		const cs_key *key = &z->keys[k];
		alg_any |= key->algorithm == d.algorithm;
		if (key->tag != d.key_tag || key->algorithm != d.algorithm)
			continue;
		tag_alg = true;
		uint8_t dig[CS_DIGEST_MAX];
		size_t dl;
		if (cs_ds_digest(d.digest_type, owner->data, owner->len, key->rr->rdata,
				 key->rr->rdlen, dig, &dl) == CS_DIGEST_OK &&
		    dl == d.digest_len && memcmp(dig, d.digest, dl) == 0)
			l.keys[l.nkeys++] = (int)k;
	}
	l.status = l.nkeys > 0 ? CS_DS_MATCHES
		   : !alg_any  ? CS_DS_NO_ALGORITHM
		   : !tag_alg  ? CS_DS_NO_KEY
			       : CS_DS_DIGEST_MISMATCH;
	return l;
}

cs_ds_link an_ds_link_one(ctx *x, const cs_zone *z, const cs_rr *ds)
{
	cs_name owner = z->name;
	cs_name_lower(&owner);
	return link_one(x, z, &owner, ds, true);
}

void an_link_ds(ctx *x, cs_zone *z, const cs_rr *const *ds, size_t nds)
{
	size_t n = nds;
	for (size_t v = 0; v < z->nds; v++)
		n += z->ds[v].nrrs;
	z->ds_links = an_alloc(x, (n ? n : 1) * sizeof(*z->ds_links));
	if (z->ds_links == NULL)
		return;
	cs_name owner = z->name;
	cs_name_lower(&owner);
	for (size_t i = 0; i < nds; i++)
		if (cs_zone_ds_link(z, ds[i]) == NULL)
			z->ds_links[z->nds_links++] = link_one(x, z, &owner, ds[i], true);
	for (size_t v = 0; v < z->nds; v++)
		for (size_t i = 0; i < z->ds[v].nrrs; i++)
			if (cs_zone_ds_link(z, z->ds[v].rrs[i]) == NULL)
				z->ds_links[z->nds_links++] =
				    link_one(x, z, &owner, z->ds[v].rrs[i], false);
}

/* Findings about the key a working DS points to. */
static void matched_key_findings(ctx *x, const cs_zone *z, const cs_ds_link *l)
{
	const char *zn = an_name(x, &z->name);
	for (size_t k = 0; k < l->nkeys; k++) {
		const cs_key *key = &z->keys[l->keys[k]];
		if (!(key->flags & CS_DNSKEY_FLAG_ZONE))
			an_finding(
			    x, F(DS_NON_ZONE_KEY), &z->name, NULL, zn, NULL,
			    an_strf(x, "DS %u points to a key without the Zone flag", l->tag));
		if (key->flags & CS_DNSKEY_FLAG_REVOKE)
			an_finding(x, F(DS_REVOKED_KEY), &z->name, NULL, zn, NULL,
				   an_strf(x, "DS %u points to a revoked key", l->tag));
		if (!(key->flags & CS_DNSKEY_FLAG_SEP))
			an_finding(
			    x, F(DNSKEY_SEP_FLAG_MISSING), &z->name, NULL, zn, NULL,
			    an_strf(x, "key %u, referenced by the DS, has no SEP flag", key->tag));
	}
}

/* Why a DS of the set leads to no key, as a finding code and a message. */
static cs_finding_code mismatch_code(const cs_ds_link *l)
{
	return l->status == CS_DS_NO_ALGORITHM ? F(DS_ALGORITHM_MISMATCH)
	       : l->status == CS_DS_NO_KEY     ? F(DS_NO_MATCHING_KEY)
					       : F(DS_DIGEST_MISMATCH);
}

static const char *mismatch_message(ctx *x, const cs_zone *z, const cs_ds_link *l)
{
	const char *zn = an_name(x, &z->name);
	if (l->status == CS_DS_NO_ALGORITHM)
		return an_strf(x, "DS %u uses algorithm %u, but %s has no DNSKEY of that algorithm",
			       l->tag, l->algorithm, zn);
	if (l->status == CS_DS_NO_KEY)
		return an_strf(x, "DS %u (algorithm %u) matches no DNSKEY of %s", l->tag,
			       l->algorithm, zn);
	return an_strf(x, "DS %u matches key %u by tag and algorithm, but its digest does not",
		       l->tag, l->tag);
}

size_t an_match_ds(ctx *x, cs_zone *z, const cs_rr *const *ds, size_t nds)
{
	const char *zn = an_name(x, &z->name);
	size_t usable = 0, matched = 0;
	bool only_sha1 = true;
	an_link_ds(x, z, ds, nds);
	for (size_t i = 0; i < z->nds_links; i++) {
		const cs_ds_link *l = &z->ds_links[i];
		if (!l->used || l->status == CS_DS_MALFORMED)
			continue;
		if (l->status == CS_DS_DIGEST_UNSUPPORTED || l->status == CS_DS_ALG_UNSUPPORTED) {
			bool dig = l->status == CS_DS_DIGEST_UNSUPPORTED;
			cs_finding *f = an_finding(
			    x, dig ? F(DS_DIGEST_UNSUPPORTED) : F(ALGORITHM_UNSUPPORTED), &z->name,
			    NULL, zn, NULL,
			    an_strf(x, "DS %u for %s uses %s %u, which validators cannot check",
				    l->tag, zn, dig ? "digest type" : "algorithm",
				    dig ? l->digest_type : l->algorithm));
			an_evidence(x, f, an_rr(x, l->rr));
			continue;
		}
		usable++;
		if (l->digest_type != 1)
			only_sha1 = false;
		if (l->status == CS_DS_MATCHES) {
			matched++;
			for (size_t k = 0; k < l->nkeys; k++)
				z->keys[l->keys[k]].ds_match = true;
			matched_key_findings(x, z, l);
		}
	}
	/* A DS that leads nowhere: an error, or DS_STALE when another works.
	 * The DS to publish instead is made only for a finding that names it
	 * (a digest per SEP key: not for every healthy zone). */
	const char *fixds = NULL;
	bool fixds_made = false;
	for (size_t i = 0; i < z->nds_links && z->signed_zone; i++) {
		const cs_ds_link *l = &z->ds_links[i];
		if (!l->used || (l->status != CS_DS_NO_ALGORITHM && l->status != CS_DS_NO_KEY &&
				 l->status != CS_DS_DIGEST_MISMATCH))
			continue;
		if (!fixds_made) {
			fixds = an_suggested_ds(x, z);
			fixds_made = true;
		}
		const char *message = mismatch_message(x, z, l);
		cs_finding *f;
		if (matched > 0)
			f = an_finding(
			    x, F(DS_STALE), &z->name, NULL, zn,
			    an_strf(x,
				    "Remove this DS of %s at the parent (through the "
				    "registrar); the zone validates through the other DS.",
				    zn),
			    an_strf(x, "%s; another DS of %s works, so this one is stale", message,
				    zn));
		else {
			f = an_finding(
			    x, mismatch_code(l), &z->name, NULL, zn,
			    fixds ? an_strf(x,
					    "At the parent (through the registrar), "
					    "replace the DS of %s with the record%s below.",
					    zn, strstr(fixds, "; ") ? "s" : "")
				  : NULL,
			    message);
			an_publish(x, f, fixds);
		}
		an_evidence(x, f, an_rr(x, l->rr));
	}
	if (usable > 0 && only_sha1 && matched > 0 && !fixds_made)
		fixds = an_suggested_ds(x, z);
	if (usable > 0 && only_sha1 && matched > 0)
		an_publish(
		    x,
		    an_finding(x, F(DS_SHA1_ONLY), &z->name, NULL, zn,
			       fixds ? an_strf(x,
					       "Publish a SHA-256 DS for %s at the parent (the "
					       "record%s below).",
					       zn, strstr(fixds, "; ") ? "s" : "")
				     : an_strf(x,
					       "Publish a SHA-256 DS for %s at the parent (no "
					       "SEP key found to compute it from).",
					       zn),
			       an_strf(x, "the DS RRset of %s uses only SHA-1 digests", zn)),
		    fixds);
	return usable;
}

/* The DS records that would match the zone's SEP keys, for fixes. */
const char *an_suggested_ds(ctx *x, const cs_zone *z)
{
	cs_buf b;
	cs_buf_init(&b);
	cs_name owner = z->name;
	cs_name_lower(&owner);
	for (size_t k = 0; k < z->nkeys; k++) {
		const cs_key *key = &z->keys[k];
		if (!(key->flags & CS_DNSKEY_FLAG_SEP) || !(key->flags & CS_DNSKEY_FLAG_ZONE) ||
		    (key->flags & CS_DNSKEY_FLAG_REVOKE))
			continue;
		uint8_t d[CS_DIGEST_MAX];
		size_t dl;
		if (cs_ds_digest(2, owner.data, owner.len, key->rr->rdata, key->rr->rdlen, d,
				 &dl) != CS_DIGEST_OK)
			continue;
		char nb[CS_NAME_TEXT_MAX];
		cs_buf_printf(&b, "%s%s IN DS %u %u 2 ", b.len ? "; " : "",
			      cs_name_str(&z->name, nb), key->tag, key->algorithm);
		for (size_t i = 0; i < dl; i++)
			cs_buf_printf(&b, "%02X", d[i]);
	}
	const char *s = b.len ? an_strf(x, "%s", cs_buf_cstr(&b)) : NULL;
	cs_buf_free(&b);
	return s;
}
