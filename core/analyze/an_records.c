/*
 * an_records.c - checks on a zone's signed records beyond "does it
 * validate": signature validity windows and TTLs, algorithm completeness,
 * CDS/CDNSKEY.
 *
 * Every check reads the responses each server gave and reports per server;
 * an_finding merges identical findings, so one finding lists every server
 * that serves the same records. Missing, refused or malformed responses are
 * skipped here: the chain and server checks report them.
 */
#include "analyze/an_records.h"
#include "analyze/an_sig.h"
#include "text/rdata_text.h"

#include "dns/rdata.h"
#include "dnssec/crypto.h"

#include <string.h>

/*
 * Signature validity windows (expiration - inception), RFC 6781 §4.4.2.
 * Signers default to a few weeks (BIND 30 days, ldns-signzone 4 weeks,
 * Knot 14 days). Over 90 days a captured answer can be replayed for a whole
 * season; under 2 days a weekend outage of the signer makes the zone bogus.
 * Both are notices: on-the-fly signers use short windows, offline signing
 * long ones.
 */
#define WINDOW_LONG  (90 * 86400)
#define WINDOW_SHORT (2 * 86400)

/* The delete requests of RFC 8078 §4: "CDS 0 0 0 00", "CDNSKEY 0 3 0 AA==". */
static const uint8_t DELETE_RDATA[2][5] = {{0, 0, 0, 0, 0}, {0, 0, 3, 0, 0}};
static const uint16_t CDS_TYPES[2] = {CS_TYPE_CDS, CS_TYPE_CDNSKEY};
static const char *const CDS_NAMES[2] = {"CDS", "CDNSKEY"};

/* ---- small helpers ---- */

/* Key predicate accepting every key of the zone: used to learn what a
 * signature is, not whether it makes the RRset secure. */
static bool any_key(const cs_key *k)
{
	(void)k;
	return true;
}

/* Did the signature verify with a key of the zone (whatever its times)? */
static bool verified(const cs_sig_eval *e)
{
	return e->key >= 0 && (e->status == CS_SIG_VALID || e->status == CS_SIG_EXPIRED ||
			       e->status == CS_SIG_NOT_YET_VALID);
}

/* A duration as "30d 1h", "25h 0m" or "1m 40s" (arena string). */
static const char *span(ctx *x, int64_t s)
{
	long long d = s / 86400, h = s % 86400 / 3600, m = s % 3600 / 60;
	if (s >= 2 * 86400)
		return h ? an_strf(x, "%lldd %lldh", d, h) : an_strf(x, "%lld days", d);
	if (s >= 3600)
		return an_strf(x, "%lldh %lldm", d * 24 + h, m);
	return an_strf(x, "%lldm %llds", (long long)s / 60, (long long)s % 60);
}

/* "owner TYPE", the subject of a finding about an RRset. */
static const char *subject(ctx *x, const cs_name *owner, uint16_t type)
{
	char tb[16];
	return an_strf(x, "%s %s", an_name(x, owner), cs_rrtype_str(type, tb));
}

/* Every record of owner/type in the answer section, malformed RDATA
 * included (a broken delete request must still be seen); 0 when none. */
static size_t collect_raw(ctx *x, const cs_msg *m, const cs_name *owner, uint16_t type,
			  const cs_rr ***out)
{
	size_t n = 0;
	*out = cs_arena_alloc(x->ar, (m->counts[CS_SEC_ANSWER] + 1) * sizeof(**out));
	if (*out == NULL) {
		x->err = CS_ENOMEM;
		return 0;
	}
	for (size_t i = 0; i < m->counts[CS_SEC_ANSWER]; i++) {
		const cs_rr *rr = &m->sections[CS_SEC_ANSWER][i];
		if (rr->type == type && cs_name_equal(&rr->owner, owner))
			(*out)[n++] = rr;
	}
	return n;
}

/* Does DS-format RDATA (DS or CDS) refer to this DNSKEY RDATA of zone? Tag
 * and algorithm must match, and the digest when its type can be computed
 * (an unknown digest type is given the benefit of the doubt). */
static bool ds_refers(const cs_name *zone, const cs_rr *ds, const cs_rr *key)
{
	cs_ds_view d;
	cs_dnskey_view k;
	if (cs_ds_view_parse(ds->rdata, ds->rdlen, &d) != CS_OK ||
	    cs_dnskey_view_parse(key->rdata, key->rdlen, &k) != CS_OK ||
	    d.key_tag != cs_keytag(key->rdata, key->rdlen) || d.algorithm != k.algorithm)
		return false;
	cs_name owner = *zone;
	cs_name_lower(&owner);
	uint8_t dig[CS_DIGEST_MAX];
	size_t dl;
	cs_digest_result r =
	    cs_ds_digest(d.digest_type, owner.data, owner.len, key->rdata, key->rdlen, dig, &dl);
	if (r != CS_DIGEST_OK)
		return r == CS_DIGEST_UNSUPPORTED;
	return dl == d.digest_len && memcmp(dig, d.digest, dl) == 0;
}

/* Does one of ds refer to key (ds_of_key), or does ds refer to one of the
 * keys (!ds_of_key)? */
static bool refers_any(const cs_name *zone, const cs_rr *one, const cs_rr *const *v, size_t n,
		       bool ds_of_key)
{
	for (size_t i = 0; i < n; i++)
		if (ds_of_key ? ds_refers(zone, v[i], one) : ds_refers(zone, one, v[i]))
			return true;
	return false;
}

/* Is a record with the same RDATA as rr among v? */
static bool has_rdata(const cs_rr *rr, const cs_rr *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i]->rdlen == rr->rdlen && memcmp(v[i]->rdata, rr->rdata, rr->rdlen) == 0)
			return true;
	return false;
}

/* ---- validity windows and TTLs ---- */

/* Window finding for one verified signature over s (signed by zone z). */
static void check_window(ctx *x, const cs_zone *z, const char *subj, const cs_sig_eval *e,
			 uint16_t tag, const char *server)
{
	int64_t w = e->expiration - e->inception;
	if (w <= 0 || (w <= WINDOW_LONG && w >= WINDOW_SHORT))
		return;
	bool lng = w > WINDOW_LONG;
	const char *zn = an_name(x, &z->name);
	cs_finding *f = an_finding(
	    x, lng ? F(RRSIG_VALIDITY_LONG) : F(RRSIG_VALIDITY_SHORT), &z->name, server, subj,
	    lng ? an_strf(x,
			  "Unless %s needs offline signing, sign it with a validity of 14 to 30 "
			  "days, re-signing when a quarter is left.",
			  zn)
		: an_strf(x,
			  "Unless %s is signed on the fly, sign it with a validity of 14 to 30 "
			  "days, so that a signer outage can be fixed in time.",
			  zn),
	    an_strf(x, "the signature by key %u over %s is valid for %s (%s to %s): %s", tag, subj,
		    span(x, w), an_time(x, e->inception), an_time(x, e->expiration),
		    lng ? "over 90 days" : "under 2 days"));
	an_evidence(x, f, an_rr(x, e->rrsig));
}

/* TTL findings for one verified signature over s: the served TTL above the
 * Original TTL (RFC 4034 §3.1.4), and a cache time reaching past the
 * expiration (RFC 4035 §5.3.3). The cache time is what a validator keeps,
 * the served TTL capped at the Original TTL (the excess is the first
 * finding); only a signature valid now counts (else RRSIG_EXPIRED). */
static void check_ttl(ctx *x, const cs_zone *z, const cs_rrset *s, const char *subj,
		      const cs_sig_eval *e, const cs_rrsig_view *v, const char *server)
{
	uint32_t ttl = 0;
	for (size_t i = 0; i < s->nrrs; i++)
		ttl = s->rrs[i]->ttl > ttl ? s->rrs[i]->ttl : ttl;
	unsigned long orig = v->original_ttl;
	const char *zn = an_name(x, &z->name);
	cs_finding *f;
	if (ttl > orig) {
		f = an_finding(x, F(RRSIG_ORIGINAL_TTL_LOW), &z->name, server, subj,
			       an_strf(x,
				       "Re-sign %s after changing the TTL of %s, or set it back to "
				       "%lu; remove any TTL override on the servers listed.",
				       zn, subj, orig),
			       an_strf(x,
				       "%s is served with TTL %lu, above the Original TTL %lu "
				       "of its signature by key %u: validators cache it for %lu "
				       "seconds at most",
				       subj, (unsigned long)ttl, orig, v->key_tag, orig));
		an_evidence(x, f, an_rr(x, s->rrs[0]));
		an_evidence(x, f, an_rr(x, e->rrsig));
	}
	int64_t keep = ttl < orig ? ttl : (int64_t)orig;
	if (e->status != CS_SIG_VALID || x->o->at + keep <= e->expiration)
		return;
	f = an_finding(x, F(RRSIG_TTL_BEYOND_EXPIRATION), &z->name, server, subj,
		       an_strf(x,
			       "At the signer of %s, refresh signatures when a quarter of their "
			       "validity is left at the latest, or lower the TTL of %s.",
			       zn, subj),
		       an_strf(x,
			       "%s is cached for %lld seconds, but its signature by key %u "
			       "expires on %s, %s after %s: a cached copy would outlive it",
			       subj, (long long)keep, v->key_tag, an_time(x, e->expiration),
			       span(x, e->expiration - x->o->at), an_time(x, x->o->at)));
	an_evidence(x, f, an_rr(x, e->rrsig));
}

/* Window and TTL checks on every verified signature of an evaluated RRset
 * signed by zone z, as server served it. */
static void check_times(ctx *x, const cs_zone *z, const cs_rrset *s, const char *server)
{
	const char *subj = subject(x, &s->owner, s->type);
	for (size_t i = 0; i < s->nsigs; i++) {
		const cs_sig_eval *e = &s->sigs[i];
		cs_rrsig_view v;
		if (!verified(e) ||
		    cs_rrsig_view_parse(e->rrsig->rdata, e->rrsig->rdlen, &v) != CS_OK)
			continue;
		check_window(x, z, subj, e, v.key_tag, server);
		check_ttl(x, z, s, subj, e, &v, server);
	}
}

/* Fetch owner/type from server's answer (asked as an authority for zone
 * ask) and evaluate its signatures with any key of signer. Returns false
 * when the server served no such RRset. */
static bool load_rrset(ctx *x, const cs_name *ask, const char *server, const cs_name *owner,
		       uint16_t type, const cs_zone *signer, cs_rrset *s)
{
	memset(s, 0, sizeof(*s));
	const resp *r = an_find_resp(x, ask, server, owner, type);
	if (r == NULL || r->m.rcode != CS_RCODE_NOERROR)
		return false;
	s->owner = *owner;
	s->type = type;
	s->nrrs = an_collect(x, &r->m, CS_SEC_ANSWER, owner, type, &s->rrs);
	if (s->nrrs == 0)
		return false;
	const cs_rr **sigs;
	size_t ns = an_collect_sigs(x, &r->m, CS_SEC_ANSWER, owner, type, &sigs);
	an_eval_rrset(x, s, sigs, ns, signer, any_key);
	return true;
}

/* ---- algorithm completeness ---- */

/* Mark the algorithms that sign s: signatures that verified, or that
 * chainscope cannot check (algorithm not implemented). Returns whether any
 * signature verified. */
static bool signing_algs(const cs_rrset *s, bool algs[256])
{
	bool any = false;
	memset(algs, 0, 256 * sizeof(bool));
	for (size_t i = 0; i < s->nsigs; i++) {
		cs_rrsig_view v;
		const cs_sig_eval *e = &s->sigs[i];
		if (cs_rrsig_view_parse(e->rrsig->rdata, e->rrsig->rdlen, &v) != CS_OK)
			continue;
		if (verified(e))
			any = algs[v.algorithm] = true;
		else if (e->status == CS_SIG_UNSUPPORTED_ALG)
			algs[v.algorithm] = true;
	}
	return any;
}

/* The DS RRset the zone's link rests on: the --ds override, a DS trust
 * anchor, or the parent's served DS (a secure variant first). *known is
 * false when nothing is known (no DS answer and no proof of absence). */
static size_t current_ds(ctx *x, const cs_zone *z, const cs_rr ***out, bool *known)
{
	const cs_rrlist *lists[] = {&x->overrides, &x->anchors};
	*out = NULL;
	*known = true;
	for (size_t l = 0; l < 2; l++) {
		const cs_rr **v = cs_arena_alloc(x->ar, (lists[l]->n + 1) * sizeof(*v));
		size_t n = 0;
		if (v == NULL) {
			x->err = CS_ENOMEM;
			return 0;
		}
		for (size_t i = 0; i < lists[l]->n; i++)
			if (lists[l]->v[i].type == CS_TYPE_DS &&
			    cs_name_equal(&lists[l]->v[i].owner, &z->name))
				v[n++] = &lists[l]->v[i];
		if (n > 0) {
			*out = v;
			return n;
		}
	}
	for (size_t v = 0; v < z->nds; v++)
		if (z->ds[v].state == CS_STATE_SECURE || v + 1 == z->nds) {
			*out = z->ds[v].rrs;
			return z->ds[v].nrrs;
		}
	*known = z->ds_proven_absent;
	return 0;
}

/* RFC 4035 §2.2, RFC 6840 §5.11: every algorithm of the DNSKEY RRset and
 * of the (secure) DS RRset must sign the DNSKEY and SOA RRsets. A DS
 * algorithm without any DNSKEY is DS_ALGORITHM_MISMATCH (an_chain.c), and
 * an RRset no signature verifies is bogus or unsigned (reported elsewhere),
 * so only an RRset that one algorithm signs and another does not is
 * incomplete. */
static void check_algorithms(ctx *x, const cs_zone *z, const cs_rrset *keys, const cs_rrset *soa,
			     const char *server)
{
	bool want[256] = {0}, from_ds[256] = {0}, have[256], known;
	for (size_t i = 0; i < keys->nrrs; i++) {
		cs_dnskey_view kv;
		if (cs_dnskey_view_parse(keys->rrs[i]->rdata, keys->rrs[i]->rdlen, &kv) == CS_OK &&
		    (kv.flags & CS_DNSKEY_FLAG_ZONE))
			want[kv.algorithm] = true;
	}
	const cs_rr **ds;
	size_t nds = z->delegation == CS_STATE_SECURE ? current_ds(x, z, &ds, &known) : 0;
	for (size_t i = 0; i < nds; i++)
		for (size_t k = 0; k < z->nkeys; k++)
			if (ds[i]->rdlen > 2 && z->keys[k].algorithm == ds[i]->rdata[2])
				want[ds[i]->rdata[2]] = from_ds[ds[i]->rdata[2]] = true;
	const cs_rrset *sets[] = {keys, soa};
	for (size_t s = 0; s < 2; s++) {
		if (sets[s]->nrrs == 0 || !signing_algs(sets[s], have))
			continue;
		const char *zn = an_name(x, &z->name), *subj = subject(x, &z->name, sets[s]->type);
		for (unsigned a = 0; a < 256; a++) {
			if (!want[a] || have[a])
				continue;
			const char *mn = cs_alg_lookup((uint8_t)a)->mnemonic;
			cs_finding *f = an_finding(
			    x, F(DNSKEY_ALGORITHM_INCOMPLETE), &z->name, server, subj,
			    an_strf(x,
				    "At the signer of %s, sign every RRset with algorithm %u too, "
				    "or remove algorithm %u in the order of RFC 6781 section 4.1.4 "
				    "(DS, "
				    "DNSKEYs, then signatures).",
				    zn, a, a),
			    an_strf(x,
				    "algorithm %u (%s) is in the %s RRset of %s, but %s has no "
				    "verifiable signature made with it",
				    a, mn ? mn : "unassigned", from_ds[a] ? "DS" : "DNSKEY", zn,
				    subj));
			for (size_t i = 0; i < sets[s]->nsigs; i++)
				an_evidence(x, f, an_rr(x, sets[s]->sigs[i].rrsig));
		}
	}
}

/* Per server: windows, TTLs and algorithms of the DNSKEY and SOA RRsets;
 * then the DS RRset at each server of the parent. */
static void check_signed_rrsets(ctx *x, cs_zone *z)
{
	cs_rrset keys, soa, ds;
	for (size_t i = 0; i < z->nservers && z->signed_zone; i++) {
		const char *srv = z->servers[i].address;
		bool hk = load_rrset(x, &z->name, srv, &z->name, CS_TYPE_DNSKEY, z, &keys);
		bool hs = load_rrset(x, &z->name, srv, &z->name, CS_TYPE_SOA, z, &soa);
		if (hk)
			check_times(x, z, &keys, srv);
		if (hs)
			check_times(x, z, &soa, srv);
		if (hk)
			check_algorithms(x, z, &keys, &soa, srv);
	}
	if (z->parent < 0 || x->err != CS_OK)
		return;
	cs_zone *p = &x->a->zones[z->parent];
	for (size_t i = 0; i < p->nservers && p->signed_zone; i++)
		if (load_rrset(x, &p->name, p->servers[i].address, &z->name, CS_TYPE_DS, p, &ds))
			check_times(x, p, &ds, p->servers[i].address);
}

/* ---- CDS and CDNSKEY ---- */

/* What one server publishes; index 0 is CDS, 1 CDNSKEY. */
typedef struct {
	const char *server;
	bool answered[2];     /* a NOERROR response */
	const cs_rr **rrs[2]; /* records at the apex, malformed ones included */
	size_t n[2];
	const cs_rr **sigs[2];
	size_t nsigs[2];
	const cs_rr **keys; /* the server's DNSKEY RRset (else every key seen) */
	size_t nkeys;
} cds_pub;

/* A record with algorithm 0: meant as a delete request. */
static bool delete_like(const cs_rr *rr)
{
	size_t at = rr->type == CS_TYPE_CDS ? 2 : 3;
	return rr->rdlen > at && rr->rdata[at] == 0;
}

/* Is the RRset exactly the RFC 8078 §4 delete request? */
static bool exact_delete(const cds_pub *p, int t)
{
	return p->n[t] == 1 && p->rrs[t][0]->rdlen == 5 &&
	       memcmp(p->rrs[t][0]->rdata, DELETE_RDATA[t], 5) == 0;
}

/* Add every record of the server's CDS (t 0) or CDNSKEY (t 1) set to f. */
static void evidence_set(ctx *x, cs_finding *f, const cds_pub *p, int t)
{
	for (size_t i = 0; i < p->n[t]; i++)
		an_evidence(x, f, an_rr(x, p->rrs[t][i]));
}

/* Read one server's CDS, CDNSKEY and DNSKEY answers. */
static void load_pub(ctx *x, const cs_zone *z, const char *server, cds_pub *p)
{
	memset(p, 0, sizeof(*p));
	p->server = server;
	for (int t = 0; t < 2; t++) {
		const resp *r = an_find_resp(x, &z->name, server, &z->name, CDS_TYPES[t]);
		if (r == NULL || r->m.rcode != CS_RCODE_NOERROR)
			continue;
		p->answered[t] = true;
		p->n[t] = collect_raw(x, &r->m, &z->name, CDS_TYPES[t], &p->rrs[t]);
		p->nsigs[t] =
		    an_collect_sigs(x, &r->m, CS_SEC_ANSWER, &z->name, CDS_TYPES[t], &p->sigs[t]);
	}
	const resp *r = an_find_resp(x, &z->name, server, &z->name, CS_TYPE_DNSKEY);
	if (r != NULL)
		p->nkeys = an_collect(x, &r->m, CS_SEC_ANSWER, &z->name, CS_TYPE_DNSKEY, &p->keys);
	if (p->nkeys > 0 || z->nkeys == 0)
		return;
	if ((p->keys = cs_arena_alloc(x->ar, z->nkeys * sizeof(*p->keys))) == NULL)
		x->err = CS_ENOMEM;
	for (size_t k = 0; p->keys != NULL && k < z->nkeys; k++)
		p->keys[p->nkeys++] = z->keys[k].rr;
}

/* "tag/alg", "delete" or "(malformed)" for a CDS or CDNSKEY, appended to b. */
static void key_label(cs_buf *b, const cs_rr *rr)
{
	cs_ds_view d;
	cs_dnskey_view k;
	cs_buf_str(b, b->len ? ", " : "");
	if (delete_like(rr))
		cs_buf_str(b, "delete");
	else if (rr->type == CS_TYPE_CDS && cs_ds_view_parse(rr->rdata, rr->rdlen, &d) == CS_OK)
		cs_buf_printf(b, "%u/%u", d.key_tag, d.algorithm);
	else if (rr->type == CS_TYPE_CDNSKEY &&
		 cs_dnskey_view_parse(rr->rdata, rr->rdlen, &k) == CS_OK)
		cs_buf_printf(b, "%u/%u", cs_keytag(rr->rdata, rr->rdlen), k.algorithm);
	else
		cs_buf_str(b, "(malformed)");
}

/* Each record must describe a key of the DNSKEY RRset (RFC 7344 §4.1) or
 * be the exact delete request, alone in its RRset (RFC 8078 §4). */
static void check_records(ctx *x, const cs_zone *z, const cds_pub *p, int t)
{
	const char *zn = an_name(x, &z->name), *ty = CDS_NAMES[t];
	const char *subj = subject(x, &z->name, CDS_TYPES[t]);
	size_t nd = 0;
	for (size_t i = 0; i < p->n[t]; i++) {
		const cs_rr *rr = p->rrs[t][i];
		nd += delete_like(rr);
		if (delete_like(rr) || (t == 0 ? refers_any(&z->name, rr, p->keys, p->nkeys, false)
					       : has_rdata(rr, p->keys, p->nkeys)))
			continue;
		const char *rt = an_rr(x, rr);
		an_evidence(
		    x,
		    an_finding(x, F(CDS_MISMATCH_DNSKEY), &z->name, p->server, subj,
			       an_strf(x,
				       "At the signer of %s, remove '%s', or first "
				       "publish the key it refers to.",
				       zn, rt),
			       an_strf(x, "%s refers to no key in the DNSKEY RRset of %s", rt, zn)),
		    rt);
	}
	if (nd == 0 || exact_delete(p, t))
		return;
	const char *want = t == 0 ? "CDS 0 0 0 00" : "CDNSKEY 0 3 0 AA==";
	cs_finding *f = an_finding(
	    x, F(CDS_DELETE_MALFORMED), &z->name, p->server, subj,
	    an_strf(x,
		    "At the signer of %s, publish exactly '%s %s' and no other %s record, or "
		    "remove the algorithm-0 records if the DS is to stay.",
		    zn, zn, want, ty),
	    p->n[t] > nd ? an_strf(x,
				   "the %s RRset of %s mixes %zu delete record(s) with %zu "
				   "other record(s); a delete request must be alone",
				   ty, zn, nd, p->n[t] - nd)
			 : an_strf(x,
				   "the %s RRset of %s holds a malformed delete request "
				   "(expected exactly '%s', alone)",
				   ty, zn, want));
	evidence_set(x, f, p, t);
}

/* RFC 7344 §4: when both are published, CDS and CDNSKEY describe the same
 * keys (a delete request on both sides counts as the same). */
static void check_consistent(ctx *x, const cs_zone *z, const cds_pub *p)
{
	bool d0 = exact_delete(p, 0), d1 = exact_delete(p, 1);
	if (p->n[0] == 0 || p->n[1] == 0 || (d0 && d1))
		return;
	cs_buf only[2];
	for (int t = 0; t < 2; t++) {
		cs_buf_init(&only[t]);
		for (size_t i = 0; i < p->n[t]; i++)
			if (d0 || d1 ||
			    !refers_any(&z->name, p->rrs[t][i], p->rrs[1 - t], p->n[1 - t], t == 1))
				key_label(&only[t], p->rrs[t][i]);
	}
	const char *zn = an_name(x, &z->name);
	if (only[0].len || only[1].len) {
		cs_finding *f = an_finding(
		    x, F(CDS_CDNSKEY_INCONSISTENT), &z->name, p->server,
		    an_strf(x, "%s CDS/CDNSKEY", zn),
		    an_strf(x,
			    "At the signer of %s, generate CDS and CDNSKEY from the same keys, "
			    "or publish only one of them.",
			    zn),
		    an_strf(x,
			    "the CDS and CDNSKEY RRsets of %s describe different keys "
			    "(tag/algorithm): CDS only: %s; CDNSKEY only: %s",
			    zn, only[0].len ? cs_buf_cstr(&only[0]) : "none",
			    only[1].len ? cs_buf_cstr(&only[1]) : "none"));
		evidence_set(x, f, p, 0);
		evidence_set(x, f, p, 1);
	}
	cs_buf_free(&only[0]);
	cs_buf_free(&only[1]);
}

/* Why no signature of s is by a key the DS refers to, in words. */
static const char *why_unsigned(ctx *x, const cs_zone *z, const cs_rrset *s)
{
	cs_buf by;
	cs_buf_init(&by);
	for (size_t i = 0; i < s->nsigs; i++) {
		cs_rrsig_view v;
		if (s->sigs[i].key >= 0) {
			cs_buf_free(&by);
			return an_strf(x, "its signature by key %u is %s",
				       z->keys[s->sigs[i].key].tag,
				       cs_sig_status_str(s->sigs[i].status));
		}
		if (cs_rrsig_view_parse(s->sigs[i].rrsig->rdata, s->sigs[i].rrsig->rdlen, &v) ==
		    CS_OK)
			cs_buf_printf(&by, "%s%u", by.len ? ", " : "", v.key_tag);
	}
	const char *why = by.len     ? an_strf(x, "it is signed only by key %s", cs_buf_cstr(&by))
			  : s->nsigs ? "its signatures are unusable"
				     : "it has no signature";
	cs_buf_free(&by);
	return why;
}

/* RFC 7344 §4.1: with a secure DS, CDS/CDNSKEY must be signed by a key the
 * DS refers to. */
static void check_signed(ctx *x, const cs_zone *z, const cds_pub *p, int t)
{
	cs_rrset s = {.owner = z->name, .type = CDS_TYPES[t], .rrs = p->rrs[t], .nrrs = p->n[t]};
	if (z->delegation != CS_STATE_SECURE || p->n[t] == 0)
		return;
	cs_buf tags;
	cs_buf_init(&tags);
	for (size_t k = 0; k < z->nkeys; k++)
		if (an_key_ds_match(&z->keys[k]))
			cs_buf_printf(&tags, "%s%u", tags.len ? ", " : "", z->keys[k].tag);
	const char *kt = an_strf(x, "%s", cs_buf_cstr(&tags)), *zn = an_name(x, &z->name);
	cs_buf_free(&tags);
	if (*kt == 0)
		return; /* no key matches the DS: the chain findings say so */
	an_eval_rrset(x, &s, p->sigs[t], p->nsigs[t], z, an_key_ds_match);
	if (s.state == CS_STATE_SECURE)
		return;
	cs_finding *f = an_finding(
	    x, F(CDS_NOT_SIGNED_BY_SEP), &z->name, p->server, subject(x, &z->name, CDS_TYPES[t]),
	    an_strf(x,
		    "At the signer of %s, sign the %s RRset with key %s, the key the current "
		    "DS refers to.",
		    zn, CDS_NAMES[t], kt),
	    an_strf(x,
		    "the %s RRset of %s has no valid signature by key %s, which the DS refers "
		    "to: %s",
		    CDS_NAMES[t], zn, kt, why_unsigned(x, z, &s)));
	for (size_t i = 0; i < s.nsigs; i++)
		an_evidence(x, f, an_rr(x, s.sigs[i].rrsig));
	if (s.nsigs == 0)
		evidence_set(x, f, p, t);
}

/* Does the DS RRset already say what the CDS (t 0) or CDNSKEY (t 1) set
 * asks for? For CDNSKEY every DS must refer to one of the keys and every
 * key must have a DS (the parent picks the digest type). */
static bool ds_agrees(const cs_zone *z, const cds_pub *p, int t, const cs_rr *const *ds, size_t nds)
{
	if (t == 0)
		return an_same_rdata(p->rrs[0], p->n[0], ds, nds);
	for (size_t i = 0; i < nds; i++)
		if (!refers_any(&z->name, ds[i], p->rrs[1], p->n[1], false))
			return false;
	for (size_t k = 0; k < p->n[1]; k++)
		if (!refers_any(&z->name, p->rrs[1][k], ds, nds, true))
			return false;
	return true;
}

/* The DS RRset the CDS (t 0) or CDNSKEY (t 1) set asks for, as "zone IN DS
 * ..." ("; "-separated) into b; for CDNSKEY, SHA-256 DS records. Returns
 * false when a record is malformed or a delete: a parent refuses the set. */
static bool requested_ds(const cs_zone *z, const cds_pub *p, int t, cs_buf *b)
{
	char nb[CS_NAME_TEXT_MAX];
	cs_name owner = z->name;
	cs_name_lower(&owner);
	for (size_t i = 0; i < p->n[t]; i++) {
		const cs_rr *rr = p->rrs[t][i];
		uint8_t rd[4 + CS_DIGEST_MAX];
		size_t dl;
		cs_ds_view d;
		cs_dnskey_view k;
		if (delete_like(rr))
			return false;
		cs_buf_printf(b, "%s%s IN DS ", b->len ? "; " : "", cs_name_str(&z->name, nb));
		if (t == 0 && cs_ds_view_parse(rr->rdata, rr->rdlen, &d) == CS_OK) {
			cs_rdata_to_text(CS_TYPE_DS, rr->rdata, rr->rdlen, b);
			continue;
		}
		if (t == 0 || cs_dnskey_view_parse(rr->rdata, rr->rdlen, &k) != CS_OK ||
		    cs_ds_digest(2, owner.data, owner.len, rr->rdata, rr->rdlen, rd + 4, &dl) !=
			CS_DIGEST_OK)
			return false;
		uint16_t tag = cs_keytag(rr->rdata, rr->rdlen);
		rd[0] = (uint8_t)(tag >> 8);
		rd[1] = (uint8_t)tag;
		rd[2] = k.algorithm;
		rd[3] = 2;
		cs_rdata_to_text(CS_TYPE_DS, rd, 4 + dl, b);
	}
	return true;
}

/* RFC 7344 §4: CDS (or else CDNSKEY) different from the current DS RRset
 * is a request; say what the parent's DS RRset would become. */
static void check_pending(ctx *x, const cs_zone *z, const cds_pub *p)
{
	int t = p->n[0] ? 0 : 1;
	const cs_rr **ds;
	bool known, del = exact_delete(p, t);
	size_t nds = current_ds(x, z, &ds, &known);
	const char *zn = an_name(x, &z->name);
	cs_buf b;
	cs_buf_init(&b);
	if (del)
		cs_buf_printf(&b, "empty (a delete request: %s would become insecure)", zn);
	bool skip = p->n[t] == 0 || !known || (del ? nds == 0 : ds_agrees(z, p, t, ds, nds)) ||
		    (!del && !requested_ds(z, p, t, &b));
	const char *list = an_strf(x, "%s", cs_buf_cstr(&b));
	cs_buf_free(&b);
	if (skip)
		return;
	cs_finding *f = an_finding(
	    x, F(CDS_CHANGE_PENDING), &z->name, p->server, subject(x, &z->name, CDS_TYPES[t]),
	    an_strf(x,
		    "If the parent does not poll CDS/CDNSKEY, request this change through the "
		    "registrar; if it does, check that it is the one you intend%s.",
		    del ? an_strf(x, ", and keep %s signed until the DS is gone", zn) : ""),
	    an_strf(x,
		    "the %s RRset of %s differs from the %zu DS record(s) at the parent: the "
		    "parent's DS RRset would become %s%s",
		    CDS_NAMES[t], zn, nds, del ? list : "the records below",
		    t == 1 && !del ? " (SHA-256 shown; the parent picks the digest type)" : ""));
	if (!del)
		an_publish(x, f, list);
	for (size_t i = 0; i < nds; i++)
		an_evidence(x, f, an_strf(x, "current: %s", an_rr(x, ds[i])));
	evidence_set(x, f, p, t);
}

/* RFC 9975 §3.1: every server must publish the same CDS and CDNSKEY. */
static void check_agree(ctx *x, const cs_zone *z, const cds_pub *pubs, size_t n)
{
	const char *zn = an_name(x, &z->name);
	for (int t = 0; t < 2; t++) {
		size_t variants = 0;
		for (size_t i = 0; i < n; i++) {
			bool seen = !pubs[i].answered[t];
			for (size_t j = 0; j < i && !seen; j++)
				seen = pubs[j].answered[t] &&
				       an_same_rdata(pubs[j].rrs[t], pubs[j].n[t], pubs[i].rrs[t],
						     pubs[i].n[t]);
			variants += !seen;
		}
		for (size_t i = 0; i < n && variants > 1; i++) {
			if (!pubs[i].answered[t])
				continue;
			cs_finding *f = an_finding(
			    x, F(CDS_SERVERS_DISAGREE), &z->name, pubs[i].server,
			    subject(x, &z->name, CDS_TYPES[t]),
			    an_strf(x,
				    "Make every server of %s serve the same %s RRset: fix zone "
				    "transfers to lagging servers, or coordinate the providers "
				    "of a multi-signer setup.",
				    zn, CDS_NAMES[t]),
			    an_strf(x, "the servers of %s serve %zu different %s RRsets", zn,
				    variants, CDS_NAMES[t]));
			cs_buf b;
			cs_buf_init(&b);
			for (size_t k = 0; k < pubs[i].n[t]; k++)
				key_label(&b, pubs[i].rrs[t][k]);
			an_evidence(x, f,
				    an_strf(x, "%s: %zu record(s)%s%s", pubs[i].server,
					    pubs[i].n[t], b.len ? ": " : "", cs_buf_cstr(&b)));
			cs_buf_free(&b);
		}
	}
}

/* Keep the CDS (t 0) and CDNSKEY (t 1) RRsets in the model, one variant
 * per distinct set with the servers that serve it, its signatures judged
 * against the zone's trusted keys. */
static void keep_cds(ctx *x, cs_zone *z, const cds_pub *pubs, size_t n)
{
	z->cds = cs_arena_alloc(x->ar, (2 * n + 1) * sizeof(*z->cds));
	if (z->cds == NULL) {
		x->err = CS_ENOMEM;
		return;
	}
	for (int t = 0; t < 2; t++)
		for (size_t i = 0; i < n && x->err == CS_OK; i++) {
			const cds_pub *p = &pubs[i];
			if (!p->answered[t] || p->n[t] == 0)
				continue;
			cs_rrset *v = NULL;
			for (size_t j = 0; j < z->ncds && v == NULL; j++)
				if (z->cds[j].type == CDS_TYPES[t] &&
				    an_same_rdata(z->cds[j].rrs, z->cds[j].nrrs, p->rrs[t],
						  p->n[t]))
					v = &z->cds[j];
			if (v == NULL) {
				v = &z->cds[z->ncds++];
				memset(v, 0, sizeof(*v));
				v->owner = z->name;
				v->type = CDS_TYPES[t];
				v->rrs = p->rrs[t];
				v->nrrs = p->n[t];
				v->servers = cs_arena_alloc(x->ar, n * sizeof(*v->servers));
				if (v->servers == NULL) {
					x->err = CS_ENOMEM;
					return;
				}
				an_eval_rrset(x, v, p->sigs[t], p->nsigs[t], z, an_key_trusted);
			}
			v->servers[v->nservers++] = p->server;
		}
}

/* Every CDS/CDNSKEY check, per server, then across servers. */
static void check_cds(ctx *x, cs_zone *z)
{
	cds_pub *pubs = cs_arena_alloc(x->ar, (z->nservers + 1) * sizeof(*pubs));
	if (pubs == NULL) {
		x->err = CS_ENOMEM;
		return;
	}
	for (size_t i = 0; i < z->nservers && x->err == CS_OK; i++) {
		load_pub(x, z, z->servers[i].address, &pubs[i]);
		for (int t = 0; t < 2; t++) {
			check_records(x, z, &pubs[i], t);
			check_signed(x, z, &pubs[i], t);
		}
		check_consistent(x, z, &pubs[i]);
		check_pending(x, z, &pubs[i]);
	}
	if (x->err == CS_OK)
		check_agree(x, z, pubs, z->nservers);
	if (x->err == CS_OK)
		keep_cds(x, z, pubs, z->nservers);
}

void an_check_records(ctx *x, cs_zone *z)
{
	if (x->err == CS_OK)
		check_signed_rrsets(x, z);
	if (x->err == CS_OK)
		check_cds(x, z);
}
