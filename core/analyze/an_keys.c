/*
 * an_keys.c - a zone's keys, and the validation of its DNSKEY RRset from
 * the DS or from the keys its trust anchors lead to.
 */
#include "analyze/an_delegation.h"
#include "analyze/an_keys.h"
#include "analyze/an_sig.h"
#include "dns/rdata.h"
#include "dnssec/crypto.h"
#include "text/zonefile.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* z's server s answered the DNSKEY question (NOERROR or NXDOMAIN). */
static bool dnskey_answered_by(ctx *x, const cs_zone *z, const cs_server_view *s)
{
	const resp *r = an_find_resp(x, &z->name, s->address, &z->name, CS_TYPE_DNSKEY);
	return r != NULL && (r->m.rcode == CS_RCODE_NOERROR || r->m.rcode == CS_RCODE_NXDOMAIN);
}

/* Did a server of z answer its DNSKEY question (NOERROR or NXDOMAIN)? Only
 * then does a zone without keys serve none: a DNSKEY query that went
 * unanswered everywhere leaves the zone indeterminate, whatever else its
 * servers answered. */
static bool dnskey_answered(ctx *x, const cs_zone *z)
{
	for (size_t i = 0; i < z->nservers; i++)
		if (dnskey_answered_by(x, z, &z->servers[i]))
			return true;
	return false;
}

/* DNSKEY variants and the union of keys. */
void an_collect_keys(ctx *x, cs_zone *z)
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
	z->dnskey_answered = dnskey_answered(x, z);
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

void an_set_servers_state(cs_zone *z, const cs_rrset *var, cs_state st, const char *why)
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

/* The signatures over a DNSKEY variant: from the first server that served
 * it. */
size_t an_variant_sigs(ctx *x, const cs_zone *z, const cs_rrset *var, const cs_rr ***sigs)
{
	*sigs = NULL;
	const resp *r = an_find_resp(x, &z->name, var->servers[0], &z->name, CS_TYPE_DNSKEY);
	return r ? an_collect_sigs(x, &r->m, CS_SEC_ANSWER, &z->name, CS_TYPE_DNSKEY, sigs) : 0;
}

/* A secure DNSKEY variant: the zone is secure, its zone keys trusted, and
 * every signature over the set judged against them (so a valid ZSK
 * signature is not "unknown key"). */
void an_trust_variant(ctx *x, cs_zone *z, cs_rrset *var, const cs_rr **sigs, size_t ns)
{
	z->state = CS_STATE_SECURE;
	for (size_t k = 0; k < var->nrrs; k++)
		for (size_t j = 0; j < z->nkeys; j++)
			if (z->keys[j].rr->rdlen == var->rrs[k]->rdlen &&
			    memcmp(z->keys[j].rr->rdata, var->rrs[k]->rdata, var->rrs[k]->rdlen) ==
				0 &&
			    (z->keys[j].flags & CS_DNSKEY_FLAG_ZONE) &&
			    !(z->keys[j].flags & CS_DNSKEY_FLAG_REVOKE))
				z->keys[j].trusted = true;
	an_eval_rrset(x, var, sigs, ns, z, an_key_trusted);
	for (size_t s = 0; s < var->nsigs; s++)
		if (var->sigs[s].status == CS_SIG_VALID && var->sigs[s].key >= 0)
			z->keys[var->sigs[s].key].signs_dnskey = true;
	an_set_servers_state(z, var, CS_STATE_SECURE, NULL);
}

void an_bogus_variant(ctx *x, cs_zone *z, cs_rrset *var)
{
	for (size_t s = 0; s < var->nservers; s++)
		an_report_bogus(x, z, var, var->servers[s]);
	const cs_sig_eval *w = an_worst_sig(var);
	an_set_servers_state(z, var, CS_STATE_BOGUS,
			     w ? an_strf(x, "DNSKEY signature %s", cs_sig_status_str(w->status))
			       : "DNSKEY unsigned");
}

/* Validate the zone's DNSKEY RRset variants against the DS set. */
void an_eval_dnskeys(ctx *x, cs_zone *z, const cs_rr *const *ds, size_t nds)
{
	const char *zn = an_name(x, &z->name);
	if (!z->signed_zone) {
		an_link_ds(x, z, ds, nds);
		bool answered = z->dnskey_answered;
		z->state = answered ? CS_STATE_BOGUS : CS_STATE_INDETERMINATE;
		for (size_t i = 0; i < z->nservers; i++)
			if (z->servers[i].reason[0] == 0 &&
			    dnskey_answered_by(x, z, &z->servers[i]))
				snprintf(z->servers[i].reason, sizeof(z->servers[i].reason),
					 "serves no DNSKEY, but the parent has a DS");
			else if (z->servers[i].reason[0] == 0 && z->servers[i].answered)
				snprintf(z->servers[i].reason, sizeof(z->servers[i].reason),
					 "does not answer the DNSKEY query");
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
	if (an_match_ds(x, z, ds, nds) == 0 && nds > 0) {
		/* DS of unsupported algorithms/digests only: treated as insecure. */
		z->state = CS_STATE_INSECURE;
		z->delegation = CS_STATE_INSECURE;
		return;
	}
	z->state = CS_STATE_BOGUS;
	for (size_t v = 0; v < z->ndnskey; v++) {
		cs_rrset *var = &z->dnskey[v];
		const cs_rr **sigs = NULL;
		size_t ns = an_variant_sigs(x, z, var, &sigs);
		an_eval_rrset(x, var, sigs, ns, z, an_key_ds_match);
		if (var->state == CS_STATE_SECURE) {
			an_trust_variant(x, z, var, sigs, ns);
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
			an_set_servers_state(z, var, CS_STATE_BOGUS, "no DNSKEY matches the DS");
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
			an_set_servers_state(z, var, CS_STATE_BOGUS,
					     "DNSKEY RRset not signed by the key the DS points to");
			continue;
		}
		an_bogus_variant(x, z, var);
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
void an_key_findings(ctx *x, cs_zone *z)
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
