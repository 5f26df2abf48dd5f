/*
 * an_sig.c - RRSIG evaluation under the validation work bounds (RFC 4035
 * §5.3; KeyTrap, CVE-2023-50387) and the report of why an RRset is bogus.
 */
#include "analyze/an_sig.h"
#include "dns/rdata.h"
#include "dnssec/crypto.h"
#include "dnssec/sigdata.h"
#include "dnssec/verify_cache.h"
#include "text/dnstime.h"
#include "text/rdata_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *cs_sig_status_str(cs_sig_status s)
{
	static const char *const n[] = {
	    "valid",	       "expired",	 "not-yet-valid", "crypto-failed",
	    "bad-length",      "bad-key",	 "unknown-key",	  "unsupported-algorithm",
	    "signer-mismatch", "labels-invalid", "malformed",	  "not-checked"};
	return (unsigned)s <= CS_SIG_NOT_CHECKED ? n[s] : "unknown";
}

/* The validation work of one an_eval_rrset call. */
typedef struct {
	unsigned used;	   /* verifications made */
	bool rrset_limit;  /* o->max_rrset_verifications stopped it */
	bool budget_limit; /* o->max_verifications stopped it */
} an_work;

/* May one more verification be made? Notes which bound says no. */
static bool an_work_left(ctx *x, an_work *w)
{
	unsigned per_set = x->o->max_rrset_verifications ? x->o->max_rrset_verifications
							 : CS_AN_RRSET_VERIFICATIONS;
	unsigned total = x->o->max_verifications ? x->o->max_verifications : CS_AN_VERIFICATIONS;
	if (w->used >= per_set) {
		w->rrset_limit = true;
		return false;
	}
	if (x->verifications >= total) {
		w->budget_limit = true;
		return false;
	}
	return true;
}

/* May the shared memo (batch) hold this signature? The signer's zone is
 * shallow (the root, TLDs), and the RRset is not one that only this name
 * needs (the DS of the name's own zone, say): such entries would never be
 * hit again and would make memory grow with the number of names. */
static bool shared_memo(const ctx *x, const cs_zone *z, const cs_rr *sig)
{
	const cs_verify_cache *c = x->o->verify_cache;
	return c != NULL && cs_verify_cache_covers(c, &z->name) &&
	       (cs_verify_cache_covers(c, &sig->owner) ||
		!cs_name_is_below(&x->c->qname, &sig->owner));
}

/* Evaluate one RRSIG over rrs with the given keys of zone: only keys with
 * its tag and algorithm are tried (RFC 4035 §5.3.1), each try counted in
 * w. */
static cs_sig_eval an_eval_sig(ctx *x, const cs_rr *sig, const cs_rr *const *rrs, size_t n,
			       const cs_zone *z, bool (*usable)(const cs_key *), an_work *w)
{
	cs_sig_eval e = {
	    .rrsig = sig, .status = CS_SIG_MALFORMED, .key = -1, .named_key = -1, .zone = -1};
	if (z >= x->a->zones && z < x->a->zones + x->a->nzones)
		e.zone = (int)(z - x->a->zones);
	cs_rrsig_view v;
	if (cs_rrsig_view_parse(sig->rdata, sig->rdlen, &v) != CS_OK)
		return e;
	e.inception = cs_dnstime_resolve(v.inception, x->o->at);
	e.expiration = cs_dnstime_resolve(v.expiration, x->o->at);
	if (!cs_name_equal(&v.signer, &z->name)) {
		e.status = CS_SIG_SIGNER_MISMATCH;
		return e;
	}
	if (v.labels > cs_name_labels(&sig->owner)) {
		e.status = CS_SIG_LABELS_INVALID;
		return e;
	}
	if (!cs_alg_lookup(v.algorithm)->supported) {
		e.status = CS_SIG_UNSUPPORTED_ALG;
		return e;
	}
	size_t candidates = 0;
	for (size_t k = 0; k < z->nkeys; k++) {
		bool named = z->keys[k].tag == v.key_tag && z->keys[k].algorithm == v.algorithm;
		if (named && e.named_key < 0)
			e.named_key = (int)k;
		candidates += named && usable(&z->keys[k]);
	}
	if (candidates == 0) {
		e.status = CS_SIG_UNKNOWN_KEY;
		return e;
	}
	/* Nothing is canonicalised for a signature that will not be checked. */
	if (!an_work_left(x, w)) {
		e.status = CS_SIG_NOT_CHECKED;
		return e;
	}
	cs_buf data;
	cs_buf_init(&data);
	if (cs_sigdata_build(sig->rdata, sig->rdlen, rrs, n, &data) != CS_OK) {
		cs_buf_free(&data);
		if (data.err == CS_ENOMEM)
			x->err = CS_ENOMEM;
		return e;
	}
	e.status = CS_SIG_UNKNOWN_KEY;
	for (size_t k = 0; k < z->nkeys; k++) {
		const cs_key *key = &z->keys[k];
		if (key->tag != v.key_tag || key->algorithm != v.algorithm || !usable(key))
			continue;
		cs_dnskey_view kv;
		if (cs_dnskey_view_parse(key->rr->rdata, key->rr->rdlen, &kv) != CS_OK)
			continue;
		if (!an_work_left(x, w)) {
			if (e.key < 0)
				e.status = CS_SIG_NOT_CHECKED;
			break;
		}
		w->used++;
		x->verifications++;
		/* Counted as work whether or not a memo answers, so the bounds
		 * and the result never depend on what was seen before. */
		cs_verify_cache *vc = x->memo;
		if (shared_memo(x, z, sig))
			vc = x->o->verify_cache;
		cs_verify_result r = cs_verify_cached(vc, &z->name, v.algorithm, kv.key, kv.key_len,
						      v.signature, v.sig_len, data.data, data.len);
		e.key = (int)k;
		if (r == CS_VERIFY_VALID) {
			if (e.inception > x->o->at)
				e.status = CS_SIG_NOT_YET_VALID;
			else if (e.expiration < x->o->at)
				e.status = CS_SIG_EXPIRED;
			else
				e.status = CS_SIG_VALID;
			break;
		}
		e.status = r == CS_VERIFY_BAD_SIG   ? CS_SIG_BAD_LENGTH
			   : r == CS_VERIFY_BAD_KEY ? CS_SIG_BAD_KEY
						    : CS_SIG_CRYPTO_FAILED;
	}
	cs_buf_free(&data);
	return e;
}

bool an_key_trusted(const cs_key *k)
{
	return k->trusted;
}

bool an_key_any(const cs_key *k)
{
	return (k->flags & CS_DNSKEY_FLAG_ZONE) && !(k->flags & CS_DNSKEY_FLAG_REVOKE);
}

bool an_key_ds_match(const cs_key *k)
{
	return k->ds_match && (k->flags & CS_DNSKEY_FLAG_ZONE) &&
	       !(k->flags & CS_DNSKEY_FLAG_REVOKE);
}

/* The finding for an RRset whose signatures were not all checked. */
static const char *an_limit_message(ctx *x, const char *subject, size_t nsigs)
{
	unsigned per_set = x->o->max_rrset_verifications ? x->o->max_rrset_verifications
							 : CS_AN_RRSET_VERIFICATIONS;
	return an_strf(x,
		       "checking the %zu signatures over %s takes more than %u signature "
		       "verifications: validators give up there (KeyTrap, CVE-2023-50387)",
		       nsigs, subject, per_set);
}

static void an_report_limit(ctx *x, const cs_rrset *s, const cs_zone *z, const an_work *w,
			    size_t nsigs)
{
	char tb[16];
	const char *subject =
	    an_strf(x, "%s %s", an_name(x, &s->owner), cs_rrtype_str(s->type, tb));
	size_t skipped = 0;
	for (size_t i = 0; i < s->nsigs; i++)
		skipped += s->sigs[i].status == CS_SIG_NOT_CHECKED;
	cs_finding *f;
	if (w->rrset_limit) {
		f = an_finding(x, F(RRSIG_VALIDATION_LIMIT), &z->name, NULL, subject, NULL,
			       an_limit_message(x, subject, nsigs));
	} else {
		cs_name root;
		cs_name_root(&root);
		unsigned total =
		    x->o->max_verifications ? x->o->max_verifications : CS_AN_VERIFICATIONS;
		f = an_finding(x, F(PROBE_LIMIT_REACHED), &root, NULL, "analysis",
			       "Re-run with a higher --max-verifications if the chain really "
			       "has that many signatures to check.",
			       an_strf(x,
				       "verification limit of %u signature checks per analysis "
				       "reached: further signatures were not checked",
				       total));
	}
	an_evidence(x, f,
		    an_strf(x, "%s: %zu of %zu signatures not checked%s", subject, skipped, nsigs,
			    s->state == CS_STATE_SECURE ? "; a checked one is valid" : ""));
}

/* Evaluate all signatures of an RRset; the set is secure when one verifies
 * and is within its validity period. */
void an_eval_rrset(ctx *x, cs_rrset *s, const cs_rr *const *sigs, size_t nsigs, const cs_zone *z,
		   bool (*usable)(const cs_key *))
{
	s->nsigs = 0;
	s->sigs = nsigs ? cs_arena_alloc(x->ar, nsigs * sizeof(*s->sigs)) : NULL;
	if (nsigs && s->sigs == NULL) {
		x->err = CS_ENOMEM;
		return;
	}
	s->state = CS_STATE_BOGUS;
	an_work w = {0};
	for (size_t i = 0; i < nsigs; i++) {
		s->sigs[s->nsigs] = an_eval_sig(x, sigs[i], s->rrs, s->nrrs, z, usable, &w);
		if (s->sigs[s->nsigs].status == CS_SIG_VALID)
			s->state = CS_STATE_SECURE;
		s->nsigs++;
	}
	if (!w.rrset_limit && !w.budget_limit)
		return;
	/* A validator that hits its bound gives up: bogus (Unbound, BIND).
	 * The analysis budget is chainscope's own: the set could not be
	 * judged, indeterminate. */
	if (s->state != CS_STATE_SECURE && !w.rrset_limit)
		s->state = CS_STATE_INDETERMINATE;
	an_report_limit(x, s, z, &w, nsigs);
}

/* The most telling failure among an RRset's signatures. */
const cs_sig_eval *an_worst_sig(const cs_rrset *s)
{
	static const int rank[] = {
	    [CS_SIG_VALID] = 0,		 [CS_SIG_EXPIRED] = 9,	       [CS_SIG_NOT_YET_VALID] = 9,
	    [CS_SIG_CRYPTO_FAILED] = 8,	 [CS_SIG_BAD_LENGTH] = 7,      [CS_SIG_BAD_KEY] = 7,
	    [CS_SIG_UNKNOWN_KEY] = 5,	 [CS_SIG_UNSUPPORTED_ALG] = 4, [CS_SIG_SIGNER_MISMATCH] = 6,
	    [CS_SIG_LABELS_INVALID] = 6, [CS_SIG_MALFORMED] = 3,       [CS_SIG_NOT_CHECKED] = 2,
	};
	const cs_sig_eval *best = NULL;
	for (size_t i = 0; i < s->nsigs; i++)
		if (best == NULL || rank[s->sigs[i].status] > rank[best->status])
			best = &s->sigs[i];
	return best;
}

static cs_finding_code an_sig_code(cs_sig_status st)
{
	switch (st) {
	case CS_SIG_EXPIRED:
		return F(RRSIG_EXPIRED);
	case CS_SIG_NOT_YET_VALID:
		return F(RRSIG_NOT_YET_VALID);
	case CS_SIG_BAD_LENGTH:
		return F(RRSIG_LENGTH_INVALID);
	case CS_SIG_UNKNOWN_KEY:
		return F(RRSIG_UNKNOWN_KEY);
	case CS_SIG_SIGNER_MISMATCH:
		return F(RRSIG_SIGNER_MISMATCH);
	case CS_SIG_LABELS_INVALID:
		return F(RRSIG_LABELS_INVALID);
	case CS_SIG_UNSUPPORTED_ALG:
		return F(ALGORITHM_UNSUPPORTED);
	case CS_SIG_NOT_CHECKED:
		return F(RRSIG_VALIDATION_LIMIT);
	default:
		return F(RRSIG_CRYPTO_FAILED);
	}
}

/* A finding for an RRset that failed to validate, naming the signature. */
void an_report_bogus(ctx *x, const cs_zone *z, const cs_rrset *s, const char *server)
{
	char tb[16];
	const char *subject =
	    an_strf(x, "%s %s", an_name(x, &s->owner), cs_rrtype_str(s->type, tb));
	if (s->nsigs == 0) {
		cs_finding *f = an_finding(
		    x, F(RRSIG_MISSING), &z->name, server, subject,
		    an_strf(x,
			    "Re-sign the zone %s so that %s carries an RRSIG, and check that "
			    "every server receives the signed zone.",
			    an_name(x, &z->name), subject),
		    an_strf(x, "%s has no signature", subject));
		for (size_t i = 0; i < s->nrrs; i++)
			an_evidence(x, f, an_rr(x, s->rrs[i]));
		return;
	}
	const cs_sig_eval *w = an_worst_sig(s);
	if (w->status == CS_SIG_NOT_CHECKED) {
		/* an_eval_rrset reported the limit; name the server too. */
		if (s->state != CS_STATE_INDETERMINATE)
			an_finding(x, F(RRSIG_VALIDATION_LIMIT), &z->name, server, subject, NULL,
				   an_limit_message(x, subject, s->nsigs));
		return;
	}
	const char *msg, *fix = NULL;
	switch (w->status) {
	case CS_SIG_EXPIRED:
		msg = an_strf(x, "the signature over %s expired on %s", subject,
			      an_time(x, w->expiration));
		fix = an_strf(x,
			      "Re-sign %s (its signer stopped re-signing, or this server no "
			      "longer receives zone updates) and make sure every server serves "
			      "the new signatures.",
			      an_name(x, &z->name));
		break;
	case CS_SIG_NOT_YET_VALID:
		msg = an_strf(x, "the signature over %s is not valid before %s", subject,
			      an_time(x, w->inception));
		fix = an_strf(x,
			      "Re-sign %s with an inception time in the past (check the signer's "
			      "clock) and publish it.",
			      an_name(x, &z->name));
		break;
	case CS_SIG_UNKNOWN_KEY: {
		cs_rrsig_view v;
		cs_rrsig_view_parse(w->rrsig->rdata, w->rrsig->rdlen, &v);
		msg = an_strf(x,
			      "the signature over %s is by key %u (algorithm %u), which is not in "
			      "the DNSKEY RRset",
			      subject, v.key_tag, v.algorithm);
		break;
	}
	case CS_SIG_CRYPTO_FAILED:
		msg = an_strf(x,
			      "the signature over %s does not verify: the data or the signature "
			      "was altered after signing",
			      subject);
		fix = an_strf(x,
			      "Re-sign %s and publish the freshly signed zone on every server; "
			      "look for anything that rewrites records after signing.",
			      an_name(x, &z->name));
		break;
	default:
		msg = an_strf(x, "the signature over %s is unusable (%s)", subject,
			      cs_sig_status_str(w->status));
		break;
	}
	cs_finding *f = an_finding(x, an_sig_code(w->status), &z->name, server, subject, fix, msg);
	an_evidence(x, f, an_rr(x, w->rrsig));
}
