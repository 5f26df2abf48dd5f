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

/* Look at the parent's DS answers for z; decide the delegation state. */
an_ds_choice an_eval_delegation(ctx *x, cs_zone *z)
{
	an_ds_choice ch = {0};
	cs_zone *p = &x->a->zones[z->parent];
	const char *zn = an_name(x, &z->name);
	/* --ds replaces whatever the parent says. */
	size_t nover = 0;
	for (size_t i = 0; i < x->overrides.n; i++)
		nover += cs_name_equal(&x->overrides.v[i].owner, &z->name);
	if (nover > 0) {
		ch.ds = cs_arena_alloc(x->ar, nover * sizeof(*ch.ds));
		if (ch.ds == NULL) {
			x->err = CS_ENOMEM;
			return ch;
		}
		for (size_t i = 0; i < x->overrides.n; i++)
			if (cs_name_equal(&x->overrides.v[i].owner, &z->name))
				ch.ds[ch.nds++] = &x->overrides.v[i];
		ch.secure = p->state == CS_STATE_SECURE;
		z->delegation = p->state;
		return ch;
	}
	if (p->state != CS_STATE_SECURE) {
		z->delegation = p->state;
		return ch;
	}
	bool any_answer = false, proven = false, bogus_ds = false, unproven = false;
	bool iter_insecure = false; /* NSEC3 above the iteration limit, all signed */
	z->ds = cs_arena_alloc(x->ar, (p->nservers ? p->nservers : 1) * sizeof(*z->ds));
	if (z->ds == NULL) {
		x->err = CS_ENOMEM;
		return ch;
	}
	for (size_t i = 0; i < p->nservers; i++) {
		const char *srv = p->servers[i].address;
		const resp *r = an_find_resp(x, &p->name, srv, &z->name, CS_TYPE_DS);
		if (r == NULL ||
		    (r->m.rcode != CS_RCODE_NOERROR && r->m.rcode != CS_RCODE_NXDOMAIN))
			continue;
		any_answer = true;
		const cs_rr **ds, **sigs;
		size_t n = an_collect(x, &r->m, CS_SEC_ANSWER, &z->name, CS_TYPE_DS, &ds);
		if (n > 0) {
			size_t ns =
			    an_collect_sigs(x, &r->m, CS_SEC_ANSWER, &z->name, CS_TYPE_DS, &sigs);
			cs_rrset *set = NULL;
			for (size_t v = 0; v < z->nds && set == NULL; v++)
				if (an_same_rdata(z->ds[v].rrs, z->ds[v].nrrs, ds, n))
					set = &z->ds[v];
			if (set == NULL) {
				set = &z->ds[z->nds++];
				memset(set, 0, sizeof(*set));
				set->owner = z->name;
				set->type = CS_TYPE_DS;
				set->rrs = ds;
				set->nrrs = n;
				set->servers = cs_arena_alloc(x->ar, p->nservers * sizeof(char *));
				if (set->servers == NULL) {
					x->err = CS_ENOMEM;
					return ch;
				}
				an_eval_rrset(x, set, sigs, ns, p, an_key_trusted);
			}
			set->servers[set->nservers++] = srv;
			if (set->state == CS_STATE_SECURE) {
				if (!ch.secure) {
					ch.ds = ds;
					ch.nds = n;
					ch.secure = true;
				}
			} else {
				bogus_ds = true;
				an_report_bogus(x, p, set, srv);
			}
			continue;
		}
		/* No DS: the parent must prove it (RFC 4035 §5.2). */
		const cs_rr **den =
		    cs_arena_alloc(x->ar, (r->m.counts[CS_SEC_AUTHORITY] + 1) * sizeof(*den));
		if (den == NULL) {
			x->err = CS_ENOMEM;
			return ch;
		}
		size_t nden = 0, nbad = 0;
		for (size_t k = 0; k < r->m.counts[CS_SEC_AUTHORITY]; k++) {
			const cs_rr *rr = &r->m.sections[CS_SEC_AUTHORITY][k];
			if (rr->type != CS_TYPE_NSEC && rr->type != CS_TYPE_NSEC3)
				continue;
			/* Only records whose own signature validates count. */
			cs_rrset one = {
			    .owner = rr->owner, .type = rr->type, .rrs = &den[nden], .nrrs = 1};
			den[nden] = rr;
			const cs_rr **dsigs;
			size_t ns = an_collect_sigs(x, &r->m, CS_SEC_AUTHORITY, &rr->owner,
						    rr->type, &dsigs);
			an_eval_rrset(x, &one, dsigs, ns, p, an_key_trusted);
			if (one.state == CS_STATE_SECURE) {
				nden++;
			} else {
				nbad++;
				an_report_bogus(x, p, &one, srv);
			}
		}
		cs_proof pr = cs_denial_check(CS_CLAIM_NO_DS, &z->name, CS_TYPE_DS, 0, &p->name,
					      den, nden, x->o->max_nsec3_iterations);
		if (pr.status == CS_PROOF_OK) {
			proven = true;
		} else if (pr.status == CS_PROOF_ITERATIONS) {
			/* Nothing was hashed: the parameters alone decide (RFC 9276
			 * §3.2; CVE-2023-50868). Validators treat the delegation
			 * as insecure when the records are validly signed; a record
			 * that failed its signature keeps it bogus. */
			if (nbad == 0)
				iter_insecure = true;
			else
				unproven = true;
			cs_finding *f = an_finding(
			    x, F(NSEC3_ITERATIONS_EXCESSIVE), &p->name, srv, an_name(x, &p->name),
			    NULL,
			    an_strf(x,
				    "the proof that %s has no DS uses %u NSEC3 iterations, above "
				    "the limit of %u%s",
				    zn, pr.iterations, x->o->max_nsec3_iterations,
				    nbad == 0 ? ": validators treat the delegation as insecure"
					      : ", and not every NSEC/NSEC3 record validates"));
			an_evidence(x, f, an_strf(x, "%s", pr.detail));
		} else {
			unproven = true;
			cs_finding *f = an_finding(
			    x, F(DS_ABSENCE_UNPROVEN), &z->name, srv, zn,
			    an_strf(x,
				    "The parent zone %s must answer DS queries for %s with a "
				    "signed NSEC/NSEC3 proof, or publish the DS.",
				    an_name(x, &p->name), zn),
			    an_strf(x, "%s gives no DS for %s and does not prove its absence (%s)",
				    srv, zn, cs_proof_status_str(pr.status)));
			an_evidence(x, f, an_strf(x, "%s", pr.detail));
		}
	}
	if (ch.secure) {
		z->delegation = CS_STATE_SECURE;
	} else if (proven || iter_insecure) {
		/* Insecure either way; only a proof that was checked shows the
		 * DS is absent. */
		z->delegation = CS_STATE_INSECURE;
		z->ds_proven_absent = proven;
	} else if (bogus_ds || unproven) {
		z->delegation = CS_STATE_BOGUS;
	} else {
		z->delegation = any_answer ? CS_STATE_BOGUS : CS_STATE_INDETERMINATE;
		if (!any_answer)
			an_finding(x, F(PROBE_INCOMPLETE), &z->name, NULL, zn, NULL,
				   an_strf(x, "no server of %s answered the DS query for %s",
					   an_name(x, &p->name), zn));
	}
	return ch;
}

/* Match DS records to keys; report DS problems. Returns usable DS count. */
size_t an_match_ds(ctx *x, cs_zone *z, const cs_rr *const *ds, size_t nds)
{
	const char *zn = an_name(x, &z->name);
	size_t usable = 0, matched = 0, nbad = 0;
	struct {
		const cs_rr *ds;
		cs_finding_code code;
		const char *message;
	} *bad = an_alloc(x, (nds ? nds : 1) * sizeof(*bad));
	if (bad == NULL)
		return 0;
	cs_name owner = z->name;
	cs_name_lower(&owner);
	bool only_sha1 = true;
	for (size_t i = 0; i < nds; i++) {
		cs_ds_view d;
		if (cs_ds_view_parse(ds[i]->rdata, ds[i]->rdlen, &d) != CS_OK)
			continue;
		if (cs_ds_digest_len(d.digest_type) == 0 ||
		    !cs_alg_lookup(d.algorithm)->supported) {
			cs_finding *f = an_finding(
			    x,
			    cs_ds_digest_len(d.digest_type) == 0 ? F(DS_DIGEST_UNSUPPORTED)
								 : F(ALGORITHM_UNSUPPORTED),
			    &z->name, NULL, zn, NULL,
			    an_strf(x, "DS %u for %s uses %s %u, which validators cannot check",
				    d.key_tag, zn,
				    cs_ds_digest_len(d.digest_type) == 0 ? "digest type"
									 : "algorithm",
				    cs_ds_digest_len(d.digest_type) == 0 ? d.digest_type
									 : d.algorithm));
			an_evidence(x, f, an_rr(x, ds[i]));
			continue;
		}
		usable++;
		if (d.digest_type != 1)
			only_sha1 = false;
		bool tag_alg = false, alg_any = false, hit = false;
		for (size_t k = 0; k < z->nkeys; k++) {
			cs_key *key = &z->keys[k];
			alg_any |= key->algorithm == d.algorithm;
			if (key->tag != d.key_tag || key->algorithm != d.algorithm)
				continue;
			tag_alg = true;
			uint8_t dig[CS_DIGEST_MAX];
			size_t dl;
			if (cs_ds_digest(d.digest_type, owner.data, owner.len, key->rr->rdata,
					 key->rr->rdlen, dig, &dl) == CS_DIGEST_OK &&
			    dl == d.digest_len && memcmp(dig, d.digest, dl) == 0) {
				hit = true;
				key->ds_match = true;
				if (!(key->flags & CS_DNSKEY_FLAG_ZONE))
					an_finding(
					    x, F(DS_NON_ZONE_KEY), &z->name, NULL, zn, NULL,
					    an_strf(x,
						    "DS %u points to a key without the Zone flag",
						    d.key_tag));
				if (key->flags & CS_DNSKEY_FLAG_REVOKE)
					an_finding(
					    x, F(DS_REVOKED_KEY), &z->name, NULL, zn, NULL,
					    an_strf(x, "DS %u points to a revoked key", d.key_tag));
				if (!(key->flags & CS_DNSKEY_FLAG_SEP))
					an_finding(
					    x, F(DNSKEY_SEP_FLAG_MISSING), &z->name, NULL, zn, NULL,
					    an_strf(x,
						    "key %u, referenced by the DS, has no SEP flag",
						    key->tag));
			}
		}
		if (hit) {
			matched++;
			continue;
		}
		if (!z->signed_zone)
			continue; /* reported once as an unsigned child below */
		/* Reported after the loop: whether another DS works decides
		 * between an error and DS_STALE. */
		bad[nbad].ds = ds[i];
		bad[nbad].code = !alg_any   ? F(DS_ALGORITHM_MISMATCH)
				 : !tag_alg ? F(DS_NO_MATCHING_KEY)
					    : F(DS_DIGEST_MISMATCH);
		bad[nbad].message =
		    !alg_any   ? an_strf(x,
					 "DS %u uses algorithm %u, but %s has no DNSKEY of that "
					   "algorithm",
					 d.key_tag, d.algorithm, zn)
		    : !tag_alg ? an_strf(x, "DS %u (algorithm %u) matches no DNSKEY of %s",
					 d.key_tag, d.algorithm, zn)
			       : an_strf(x,
					 "DS %u matches key %u by tag and algorithm, but its "
					 "digest does not",
					 d.key_tag, d.key_tag);
		nbad++;
	}
	const char *fixds = an_suggested_ds(x, z);
	for (size_t i = 0; i < nbad; i++) {
		cs_finding *f;
		if (matched > 0)
			f = an_finding(
			    x, F(DS_STALE), &z->name, NULL, zn,
			    an_strf(x,
				    "Remove this DS of %s at the parent (through the "
				    "registrar); the zone validates through the other DS.",
				    zn),
			    an_strf(x, "%s; another DS of %s works, so this one is stale",
				    bad[i].message, zn));
		else
			f = an_finding(x, bad[i].code, &z->name, NULL, zn,
				       fixds ? an_strf(x,
						       "At the parent (through the registrar), "
						       "replace the DS of %s with: %s",
						       zn, fixds)
					     : NULL,
				       bad[i].message);
		an_evidence(x, f, an_rr(x, bad[i].ds));
	}
	if (usable > 0 && only_sha1 && matched > 0)
		an_finding(
		    x, F(DS_SHA1_ONLY), &z->name, NULL, zn,
		    an_strf(x, "Publish a SHA-256 DS for %s at the parent: %s", zn,
			    an_suggested_ds(x, z) ? an_suggested_ds(x, z) : "(no SEP key found)"),
		    an_strf(x, "the DS RRset of %s uses only SHA-1 digests", zn));
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
