/*
 * an_chain.c - the chain of zones: servers, keys, the DS link from the
 * parent and the validation of each zone's DNSKEY RRset.
 */
#include "analyze/an_common.h"

#include "dns/rdata.h"
#include "dnssec/crypto.h"
#include "dnssec/denial.h"
#include "text/zonefile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- building the zones ---- */

cs_err an_parse_anchors(ctx *x, char *errmsg, size_t errlen)
{
	cs_buf text;
	cs_buf_init(&text);
	if (x->o->anchors_text) {
		cs_buf_str(&text, x->o->anchors_text);
	} else {
		for (size_t i = 0; i < x->c->nanchors; i++) {
			cs_buf_str(&text, x->c->anchors[i]);
			cs_buf_u8(&text, '\n');
		}
	}
	cs_name root;
	cs_name_root(&root);
	cs_zone_error e;
	cs_err err = text.err;
	if (err == CS_OK)
		err = cs_zone_parse(text.len ? (const char *)text.data : "", text.len, &root, 3600,
				    x->ar, &x->anchors, &e);
	cs_buf_free(&text);
	if (err != CS_OK) {
		snprintf(errmsg, errlen, "trust anchors, line %zu: %s", e.line, e.detail);
		return err;
	}
	for (size_t i = 0; i < x->o->nds_override; i++) {
		const char *spec = x->o->ds_override[i];
		const char *eq = strchr(spec, '=');
		cs_name zone;
		if (eq == NULL ||
		    cs_name_from_text(spec, (size_t)(eq - spec), NULL, &zone) != CS_OK) {
			snprintf(errmsg, errlen,
				 "--ds '%s': expected ZONE='TAG ALG DIGESTTYPE DIGEST'", spec);
			return CS_ESYNTAX;
		}
		char line[1200];
		char zb[CS_NAME_TEXT_MAX];
		snprintf(line, sizeof(line), "%s 3600 IN DS %s", cs_name_str(&zone, zb), eq + 1);
		cs_rr rr;
		if (cs_rr_from_text(line, NULL, x->ar, &rr, &e) != CS_OK) {
			snprintf(errmsg, errlen, "--ds '%s': %s", spec, e.detail);
			return CS_ESYNTAX;
		}
		if (cs_rrlist_add(&x->overrides, &rr) != CS_OK)
			return CS_ENOMEM;
	}
	return CS_OK;
}

void an_build_zones(ctx *x)
{
	cs_analysis *a = x->a;
	const cs_capture *c = x->c;
	a->zones = cs_arena_alloc(x->ar, (c->nzones ? c->nzones : 1) * sizeof(*a->zones));
	if (a->zones == NULL) {
		x->err = CS_ENOMEM;
		return;
	}
	for (size_t i = 0; i < c->nzones; i++) {
		cs_zone *z = &a->zones[a->nzones];
		memset(z, 0, sizeof(*z));
		z->name = c->zones[i].name;
		z->parent = cs_name_equal(&c->zones[i].parent, &z->name)
				? -1
				: an_zone_index(a, &c->zones[i].parent);
		size_t n = 0;
		for (size_t k = 0; k < c->zones[i].nservers; k++)
			n += c->zones[i].servers[k].naddresses;
		z->servers = cs_arena_alloc(x->ar, (n ? n : 1) * sizeof(*z->servers));
		if (z->servers == NULL) {
			x->err = CS_ENOMEM;
			return;
		}
		for (size_t k = 0; k < c->zones[i].nservers; k++)
			for (size_t j = 0; j < c->zones[i].servers[k].naddresses; j++) {
				cs_server_view *s = &z->servers[z->nservers++];
				memset(s, 0, sizeof(*s));
				s->address = c->zones[i].servers[k].addresses[j];
				s->ns_name = c->zones[i].servers[k].ns_name;
				s->state = CS_STATE_INDETERMINATE;
			}
		a->nzones++;
	}
}

/* A server that answers a plain query but none with EDNS and DO cannot
 * serve DNSSEC: validators see no signatures at all (RFC 6891 §7, RFC 4035
 * §3.2.1). */
static void check_edns(ctx *x, cs_zone *z, cs_server_view *s)
{
	bool plain_ok = false, edns_ok = false;
	for (size_t i = 0; i < x->c->nqueries; i++) {
		const resp *r = &x->resps[i];
		if (!r->ok || !an_same(r->q->server, s->address) ||
		    !cs_name_equal(&r->q->zone, &z->name))
			continue;
		bool good = r->m.rcode == CS_RCODE_NOERROR || r->m.rcode == CS_RCODE_NXDOMAIN;
		if (r->q->purpose == CS_QPURPOSE_PLAIN)
			plain_ok |= good;
		else if (r->q->edns_size > 0)
			edns_ok |= good;
	}
	if (!plain_ok || edns_ok)
		return;
	const char *zn = an_name(x, &z->name);
	an_finding(x, F(SERVER_EDNS_DOWNGRADE), &z->name, s->address, zn,
		   an_strf(x,
			   "Fix %s (%s) or the firewall in front of it so that it answers "
			   "queries with EDNS and the DO bit (and large answers over UDP and TCP).",
			   s->ns_name, s->address),
		   an_strf(x,
			   "%s (%s) answers only queries without EDNS: it cannot serve DNSSEC "
			   "records",
			   s->ns_name, s->address));
	s->state = CS_STATE_BOGUS;
	snprintf(s->reason, sizeof(s->reason), "answers only without EDNS");
}

/* Server health: timeouts, refusals, malformed answers, lame servers. */
static void check_servers(ctx *x, cs_zone *z)
{
	for (size_t i = 0; i < z->nservers; i++) {
		cs_server_view *s = &z->servers[i];
		unsigned timeouts, refused, malformed;
		s->answered =
		    an_server_answered(x, &z->name, s->address, &timeouts, &refused, &malformed);
		const char *zn = an_name(x, &z->name);
		if (!s->answered && timeouts) {
			an_finding(
			    x, F(SERVER_TIMEOUT), &z->name, s->address, zn,
			    an_strf(x,
				    "Fix or remove %s (%s) from the NS set of %s at the parent "
				    "and in the zone.",
				    s->ns_name, s->address, zn),
			    an_strf(x, "%s (%s) does not answer", s->ns_name, s->address));
			snprintf(s->reason, sizeof(s->reason), "does not answer (timeout)");
		} else if (!s->answered && refused) {
			an_finding(
			    x, F(SERVER_UNREACHABLE), &z->name, s->address, zn, NULL,
			    an_strf(x, "%s (%s) refuses connections", s->ns_name, s->address));
			snprintf(s->reason, sizeof(s->reason), "unreachable (connection refused)");
		} else if (!s->answered && malformed) {
			an_finding(x, F(SERVER_MALFORMED), &z->name, s->address, zn, NULL,
				   an_strf(x, "%s (%s) sends malformed responses", s->ns_name,
					   s->address));
			snprintf(s->reason, sizeof(s->reason), "malformed responses");
		}
		if (!s->answered)
			s->state = CS_STATE_INDETERMINATE;
		else
			check_edns(x, z, s);
		/* Authority: the SOA query at the apex must come back with AA. */
		const resp *r = an_find_resp(x, &z->name, s->address, &z->name, CS_TYPE_SOA);
		if (r == NULL)
			continue;
		if (r->m.rcode == CS_RCODE_REFUSED)
			an_finding(x, F(SERVER_LAME), &z->name, s->address, zn, NULL,
				   an_strf(x, "%s (%s) refuses queries for %s", s->ns_name,
					   s->address, zn));
		else if (r->m.rcode == CS_RCODE_SERVFAIL)
			an_finding(x, F(SERVER_SERVFAIL), &z->name, s->address, zn, NULL,
				   an_strf(x, "%s (%s) answers SERVFAIL for %s", s->ns_name,
					   s->address, zn));
		else if (!r->m.aa && !x->recursive)
			an_finding(x, F(SERVER_LAME), &z->name, s->address, zn, NULL,
				   an_strf(x, "%s (%s) is not authoritative for %s (no AA bit)",
					   s->ns_name, s->address, zn));
	}
}

/* DNSKEY variants and the union of keys. */
static void collect_keys(ctx *x, cs_zone *z)
{
	z->dnskey = cs_arena_alloc(x->ar, (z->nservers ? z->nservers : 1) * sizeof(*z->dnskey));
	size_t maxkeys = 0;
	const resp **rs = cs_arena_alloc(x->ar, (z->nservers ? z->nservers : 1) * sizeof(*rs));
	if (z->dnskey == NULL || rs == NULL) {
		x->err = CS_ENOMEM;
		return;
	}
	for (size_t i = 0; i < z->nservers; i++) {
		rs[i] = an_find_resp(x, &z->name, z->servers[i].address, &z->name, CS_TYPE_DNSKEY);
		if (rs[i] != NULL)
			maxkeys += rs[i]->m.counts[CS_SEC_ANSWER];
	}
	z->keys = cs_arena_alloc(x->ar, (maxkeys ? maxkeys : 1) * sizeof(*z->keys));
	if (z->keys == NULL) {
		x->err = CS_ENOMEM;
		return;
	}
	for (size_t i = 0; i < z->nservers; i++) {
		if (rs[i] == NULL)
			continue;
		const cs_rr **keys;
		size_t n = an_collect(x, &rs[i]->m, CS_SEC_ANSWER, &z->name, CS_TYPE_DNSKEY, &keys);
		if (n == 0)
			continue;
		z->signed_zone = true;
		/* Same variant as an earlier server: the same keys and the same
		 * signatures over them (a stale copy may differ in either). */
		const cs_rr **sigs;
		size_t ns =
		    an_collect_sigs(x, &rs[i]->m, CS_SEC_ANSWER, &z->name, CS_TYPE_DNSKEY, &sigs);
		cs_rrset *var = NULL;
		for (size_t v = 0; v < z->ndnskey && var == NULL; v++) {
			const resp *first = an_find_resp(x, &z->name, z->dnskey[v].servers[0],
							 &z->name, CS_TYPE_DNSKEY);
			const cs_rr **vsigs;
			size_t vns = an_collect_sigs(x, &first->m, CS_SEC_ANSWER, &z->name,
						     CS_TYPE_DNSKEY, &vsigs);
			if (an_same_rdata(z->dnskey[v].rrs, z->dnskey[v].nrrs, keys, n) &&
			    an_same_rdata(vsigs, vns, sigs, ns))
				var = &z->dnskey[v];
		}
		if (var == NULL) {
			var = &z->dnskey[z->ndnskey++];
			memset(var, 0, sizeof(*var));
			var->owner = z->name;
			var->type = CS_TYPE_DNSKEY;
			var->rrs = keys;
			var->nrrs = n;
			var->servers = cs_arena_alloc(x->ar, z->nservers * sizeof(char *));
			if (var->servers == NULL) {
				x->err = CS_ENOMEM;
				return;
			}
		}
		var->servers[var->nservers++] = z->servers[i].address;
		for (size_t k = 0; k < n; k++) {
			cs_key *key = NULL;
			for (size_t j = 0; j < z->nkeys && key == NULL; j++)
				if (z->keys[j].rr->rdlen == keys[k]->rdlen &&
				    memcmp(z->keys[j].rr->rdata, keys[k]->rdata, keys[k]->rdlen) ==
					0)
					key = &z->keys[j];
			if (key == NULL) {
				cs_dnskey_view kv;
				if (cs_dnskey_view_parse(keys[k]->rdata, keys[k]->rdlen, &kv) !=
				    CS_OK)
					continue;
				key = &z->keys[z->nkeys++];
				memset(key, 0, sizeof(*key));
				key->rr = keys[k];
				key->tag = cs_keytag(keys[k]->rdata, keys[k]->rdlen);
				key->algorithm = kv.algorithm;
				key->flags = kv.flags;
				key->bits = cs_crypto_key_bits(kv.algorithm, kv.key, kv.key_len);
			}
			key->nservers++;
		}
	}
	/* Different key sets (not only different signatures: that is
	 * SERVERS_RRSIG_DIFFER's business). */
	size_t keysets = 0;
	for (size_t v = 0; v < z->ndnskey; v++) {
		bool seen = false;
		for (size_t w = 0; w < v && !seen; w++)
			seen = an_same_rdata(z->dnskey[v].rrs, z->dnskey[v].nrrs, z->dnskey[w].rrs,
					     z->dnskey[w].nrrs);
		keysets += !seen;
	}
	if (keysets > 1) {
		cs_finding *f = an_finding(
		    x, F(DNSKEY_INCONSISTENT), &z->name, NULL, an_name(x, &z->name),
		    an_strf(x,
			    "Make every server of %s serve the same, current DNSKEY RRset "
			    "(check zone transfers to the servers listed).",
			    an_name(x, &z->name)),
		    an_strf(x, "the servers of %s serve %zu different DNSKEY RRsets",
			    an_name(x, &z->name), keysets));
		for (size_t v = 0; v < z->ndnskey; v++) {
			cs_buf b;
			cs_buf_init(&b);
			for (size_t s = 0; s < z->dnskey[v].nservers; s++)
				cs_buf_printf(&b, "%s%s", s ? ", " : "", z->dnskey[v].servers[s]);
			cs_buf_printf(&b, ": %zu keys:", z->dnskey[v].nrrs);
			for (size_t k = 0; k < z->dnskey[v].nrrs; k++)
				cs_buf_printf(&b, " %u",
					      cs_keytag(z->dnskey[v].rrs[k]->rdata,
							z->dnskey[v].rrs[k]->rdlen));
			an_evidence(x, f, an_strf(x, "%s", cs_buf_cstr(&b)));
			cs_buf_free(&b);
		}
	}
}

/* ---- the DS link ---- */

typedef struct {
	const cs_rr **ds;
	size_t nds;
	bool secure;
} ds_choice;

/* Look at the parent's DS answers for z; decide the delegation state. */
static ds_choice eval_delegation(ctx *x, cs_zone *z)
{
	ds_choice ch = {0};
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
static size_t match_ds(ctx *x, cs_zone *z, const cs_rr *const *ds, size_t nds)
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

static void set_servers_state(cs_zone *z, const cs_rrset *var, cs_state st, const char *why)
{
	for (size_t s = 0; s < var->nservers; s++)
		for (size_t i = 0; i < z->nservers; i++)
			if (an_same(z->servers[i].address, var->servers[s])) {
				z->servers[i].state = st;
				if (why && st != CS_STATE_SECURE)
					snprintf(z->servers[i].reason, sizeof(z->servers[i].reason),
						 "%s", why);
			}
}

/* Validate the zone's DNSKEY RRset variants against the DS set. */
static void eval_dnskeys(ctx *x, cs_zone *z, const cs_rr *const *ds, size_t nds,
			 bool from_anchor_keys)
{
	const char *zn = an_name(x, &z->name);
	if (!z->signed_zone) {
		bool answered = false;
		for (size_t i = 0; i < z->nservers; i++)
			answered |= z->servers[i].answered;
		z->state = answered ? CS_STATE_BOGUS : CS_STATE_INDETERMINATE;
		for (size_t i = 0; i < z->nservers; i++)
			if (z->servers[i].answered && z->servers[i].reason[0] == 0)
				snprintf(z->servers[i].reason, sizeof(z->servers[i].reason),
					 "serves no DNSKEY, but the parent has a DS");
		if (answered)
			an_finding(x, F(DS_UNSIGNED_CHILD), &z->name, NULL, zn,
				   an_strf(x,
					   "Either sign %s and publish its DNSKEYs, or remove the "
					   "DS of %s at the parent (through the registrar) first.",
					   zn, zn),
				   an_strf(x,
					   "the parent publishes a DS for %s, but %s serves no "
					   "DNSKEY: validators reject every answer",
					   zn, zn));
		return;
	}
	if (!from_anchor_keys && match_ds(x, z, ds, nds) == 0 && nds > 0) {
		/* DS of unsupported algorithms/digests only: treated as insecure. */
		z->state = CS_STATE_INSECURE;
		z->delegation = CS_STATE_INSECURE;
		return;
	}
	z->state = CS_STATE_BOGUS;
	for (size_t v = 0; v < z->ndnskey; v++) {
		cs_rrset *var = &z->dnskey[v];
		const cs_rr **sigs = NULL;
		size_t ns = 0;
		/* The variant's signatures: from the first server that served it. */
		const resp *r =
		    an_find_resp(x, &z->name, var->servers[0], &z->name, CS_TYPE_DNSKEY);
		if (r != NULL)
			ns = an_collect_sigs(x, &r->m, CS_SEC_ANSWER, &z->name, CS_TYPE_DNSKEY,
					     &sigs);
		an_eval_rrset(x, var, sigs, ns, z, an_key_ds_match);
		if (var->state == CS_STATE_SECURE) {
			z->state = CS_STATE_SECURE;
			for (size_t k = 0; k < var->nrrs; k++)
				for (size_t j = 0; j < z->nkeys; j++)
					if (z->keys[j].rr->rdlen == var->rrs[k]->rdlen &&
					    memcmp(z->keys[j].rr->rdata, var->rrs[k]->rdata,
						   var->rrs[k]->rdlen) == 0 &&
					    (z->keys[j].flags & CS_DNSKEY_FLAG_ZONE) &&
					    !(z->keys[j].flags & CS_DNSKEY_FLAG_REVOKE))
						z->keys[j].trusted = true;
			/* Judge every signature over the set against the keys now
			 * trusted, so a valid ZSK signature is not "unknown key". */
			an_eval_rrset(x, var, sigs, ns, z, an_key_trusted);
			for (size_t s = 0; s < var->nsigs; s++)
				if (var->sigs[s].status == CS_SIG_VALID && var->sigs[s].key >= 0)
					z->keys[var->sigs[s].key].signs_dnskey = true;
			set_servers_state(z, var, CS_STATE_SECURE, NULL);
			continue;
		}
		bool any_ds_key = false;
		for (size_t k = 0; k < z->nkeys; k++)
			any_ds_key |= an_key_ds_match(&z->keys[k]);
		if (!any_ds_key) {
			/* The DS link is what breaks; the signatures themselves are
			 * judged against the zone's own keys, for the record. */
			z->delegation = CS_STATE_BOGUS;
			an_eval_rrset(x, var, sigs, ns, z, an_key_any);
			var->state = CS_STATE_BOGUS;
			set_servers_state(z, var, CS_STATE_BOGUS, "no DNSKEY matches the DS");
			continue; /* the DS findings say why */
		}
		bool sig_by_ds_key = false;
		for (size_t s = 0; s < var->nsigs; s++)
			if (var->sigs[s].key >= 0 && an_key_ds_match(&z->keys[var->sigs[s].key]))
				sig_by_ds_key = true;
		if (!sig_by_ds_key) {
			cs_buf b;
			cs_buf_init(&b);
			for (size_t k = 0; k < z->nkeys; k++)
				if (an_key_ds_match(&z->keys[k]))
					cs_buf_printf(&b, "%s%u", b.len ? ", " : "",
						      z->keys[k].tag);
			const char *tags = an_strf(x, "%s", cs_buf_cstr(&b));
			cs_buf_free(&b);
			cs_finding *f = NULL;
			for (size_t s = 0; s < var->nservers; s++)
				f = an_finding(
				    x, F(DNSKEY_NO_SEP_SIGNATURE), &z->name, var->servers[s],
				    an_strf(x, "%s DNSKEY", zn),
				    an_strf(
					x,
					"Sign the DNSKEY RRset of %s with key %s (the key the "
					"parent's DS points to), or publish a DS for the key that "
					"signs it.",
					zn, tags),
				    an_strf(x,
					    "the DNSKEY RRset of %s is not signed by key %s, the "
					    "key the DS points to",
					    zn, tags));
			an_eval_rrset(x, var, sigs, ns, z, an_key_any);
			var->state = CS_STATE_BOGUS;
			for (size_t s = 0; s < var->nsigs; s++)
				an_evidence(x, f, an_rr(x, var->sigs[s].rrsig));
			set_servers_state(z, var, CS_STATE_BOGUS,
					  "DNSKEY RRset not signed by the key the DS points to");
			continue;
		}
		for (size_t s = 0; s < var->nservers; s++)
			an_report_bogus(x, z, var, var->servers[s]);
		const cs_sig_eval *w = an_worst_sig(var);
		set_servers_state(
		    z, var, CS_STATE_BOGUS,
		    w ? an_strf(x, "DNSKEY signature %s", cs_sig_status_str(w->status))
		      : "DNSKEY unsigned");
	}
}

/* Keys that share tag and algorithm with an earlier key: one finding per
 * tag, the keys as evidence (at most a few: a KeyTrap set has hundreds). */
static void keytag_collisions(ctx *x, cs_zone *z)
{
	const char *zn = an_name(x, &z->name);
	for (size_t k = 0; k < z->nkeys; k++) {
		const cs_key *key = &z->keys[k];
		size_t same = 0, earlier = 0;
		for (size_t j = 0; j < z->nkeys; j++)
			if (z->keys[j].tag == key->tag && z->keys[j].algorithm == key->algorithm) {
				same++;
				earlier += j < k;
			}
		if (same < 2 || earlier > 0)
			continue;
		cs_finding *f =
		    an_finding(x, F(DNSKEY_KEYTAG_COLLISION), &z->name, NULL,
			       an_strf(x, "%s DNSKEY %u", zn, key->tag), NULL,
			       an_strf(x, "%zu keys of %s share key tag %u and algorithm %u", same,
				       zn, key->tag, key->algorithm));
		for (size_t j = k, shown = 0; j < z->nkeys && shown < 4; j++)
			if (z->keys[j].tag == key->tag && z->keys[j].algorithm == key->algorithm) {
				an_evidence(x, f, an_rr(x, z->keys[j].rr));
				shown++;
			}
	}
}

/* Algorithm and key-size findings for a signed zone. */
static void key_findings(ctx *x, cs_zone *z)
{
	const char *zn = an_name(x, &z->name);
	keytag_collisions(x, z);
	for (size_t k = 0; k < z->nkeys; k++) {
		const cs_key *key = &z->keys[k];
		const cs_alg_info *ai = cs_alg_lookup(key->algorithm);
		if (ai->validation_status == CS_ALG_MUST_NOT)
			an_finding(x, F(ALGORITHM_PROHIBITED), &z->name, NULL,
				   an_strf(x, "%s DNSKEY %u", zn, key->tag), NULL,
				   an_strf(x,
					   "key %u uses algorithm %u (%s), which validators must "
					   "not use",
					   key->tag, key->algorithm,
					   ai->mnemonic ? ai->mnemonic : "?"));
		else if (ai->signing_status == CS_ALG_NOT_RECOMMENDED ||
			 ai->signing_status == CS_ALG_MUST_NOT)
			an_finding(
			    x, F(ALGORITHM_DEPRECATED), &z->name, NULL,
			    an_strf(x, "%s DNSKEY %u", zn, key->tag), NULL,
			    an_strf(x, "key %u uses algorithm %u (%s), deprecated for signing",
				    key->tag, key->algorithm, ai->mnemonic ? ai->mnemonic : "?"));
		if ((key->algorithm == 5 || key->algorithm == 7 || key->algorithm == 8 ||
		     key->algorithm == 10) &&
		    key->bits > 0 && key->bits < 2048)
			an_finding(x, F(DNSKEY_RSA_WEAK), &z->name, NULL,
				   an_strf(x, "%s DNSKEY %u", zn, key->tag), NULL,
				   an_strf(x, "key %u is RSA with %u bits (below 2048)", key->tag,
					   key->bits));
	}
}

static void eval_zone_state(ctx *x, cs_zone *z)
{
	collect_keys(x, z);
	if (x->err != CS_OK)
		return;
	key_findings(x, z);
	/* A trust anchor for this zone? */
	size_t nanch = 0;
	for (size_t i = 0; i < x->anchors.n; i++)
		nanch += cs_name_equal(&x->anchors.v[i].owner, &z->name);
	if (nanch > 0) {
		z->delegation = CS_STATE_SECURE;
		const cs_rr **ds = cs_arena_alloc(x->ar, nanch * sizeof(*ds));
		if (ds == NULL) {
			x->err = CS_ENOMEM;
			return;
		}
		size_t nds = 0;
		bool key_anchor = false;
		for (size_t i = 0; i < x->anchors.n; i++) {
			const cs_rr *a = &x->anchors.v[i];
			if (!cs_name_equal(&a->owner, &z->name))
				continue;
			if (a->type == CS_TYPE_DS) {
				ds[nds++] = a;
			} else {
				key_anchor = true;
				for (size_t k = 0; k < z->nkeys; k++)
					if (z->keys[k].rr->rdlen == a->rdlen &&
					    memcmp(z->keys[k].rr->rdata, a->rdata, a->rdlen) == 0)
						z->keys[k].ds_match = true;
			}
		}
		eval_dnskeys(x, z, ds, nds, key_anchor && nds == 0);
		return;
	}
	if (z->parent < 0) {
		/* No anchor covers the top of the chain: provably insecure. */
		z->delegation = CS_STATE_INSECURE;
		z->state = CS_STATE_INSECURE;
		return;
	}
	ds_choice ch = eval_delegation(x, z);
	if (z->delegation == CS_STATE_SECURE) {
		eval_dnskeys(x, z, ch.ds, ch.nds, false);
		return;
	}
	z->state = z->delegation;
	if (z->delegation == CS_STATE_INSECURE && z->ds_proven_absent && z->signed_zone) {
		const char *zn = an_name(x, &z->name);
		const char *ds = an_suggested_ds(x, z);
		an_finding(x, F(DS_MISSING), &z->name, NULL, zn,
			   ds ? an_strf(x,
					"To make %s secure, publish at the parent (through the "
					"registrar): %s",
					zn, ds)
			      : NULL,
			   an_strf(x,
				   "%s is signed, but its parent has no DS for it: validators "
				   "treat it as unsigned (an island of security)",
				   zn));
	}
}

void an_eval_zone(ctx *x, cs_zone *z)
{
	check_servers(x, z);
	eval_zone_state(x, z);
	/* Where the zone's state comes from above it (no DS, a bogus
	 * delegation), every server that answers leads to that state. */
	for (size_t i = 0; i < z->nservers; i++) {
		cs_server_view *s = &z->servers[i];
		if (!s->answered || s->state != CS_STATE_INDETERMINATE)
			continue;
		if (z->state == CS_STATE_INSECURE) {
			s->state = CS_STATE_INSECURE;
		} else if (z->state == CS_STATE_BOGUS) {
			s->state = CS_STATE_BOGUS;
			if (s->reason[0] == 0)
				snprintf(s->reason, sizeof(s->reason),
					 "the delegation to the zone is bogus");
		}
	}
}
