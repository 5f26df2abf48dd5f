/*
 * an_common.c - helpers shared by the analyzer's parts: strings in the
 * analysis arena, findings, looking up captured responses, evaluating
 * signatures.
 */
#include "analyze/an_common.h"
#include "text/rdata_text.h"

#include "dns/rdata.h"
#include "dnssec/crypto.h"
#include "dnssec/sigdata.h"
#include "dnssec/verify_cache.h"
#include "text/dnstime.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers ---- */

cs_state an_worst(cs_state a, cs_state b)
{
	return a > b ? a : b;
}

/* printf into the analysis arena. */
const char *an_strf(ctx *x, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	char *s = cs_arena_strdup(x->ar, buf);
	if (s == NULL) {
		x->err = CS_ENOMEM;
		return "";
	}
	return s;
}

const char *an_name(ctx *x, const cs_name *n)
{
	char b[CS_NAME_TEXT_MAX];
	return an_strf(x, "%s", cs_name_str(n, b));
}

const char *an_rr(ctx *x, const cs_rr *rr)
{
	cs_buf b;
	cs_buf_init(&b);
	cs_rr_to_text(rr, &b);
	const char *s = an_strf(x, "%s", cs_buf_cstr(&b));
	cs_buf_free(&b);
	return s;
}

const char *an_time(ctx *x, int64_t t)
{
	char b[24];
	return an_strf(x, "%s", cs_time_format_iso(t, b));
}

void *an_alloc(ctx *x, size_t n)
{
	void *p = cs_arena_alloc(x->ar, n);
	if (p == NULL)
		x->err = CS_ENOMEM;
	return p;
}

bool an_same(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* ---- findings ---- */

/* Add a finding, or add the server to an identical one (same code, zone,
 * subject and message): one finding lists every server it concerns. */
cs_finding *an_finding(ctx *x, cs_finding_code code, const cs_name *zone, const char *server,
		       const char *subject, const char *fix, const char *message)
{
	cs_analysis *a = x->a;
	for (size_t i = 0; i < a->nfindings; i++) {
		cs_finding *f = &a->findings[i];
		if (f->code == code && cs_name_equal(&f->zone, zone) &&
		    an_same(f->subject, subject) && an_same(f->message, message)) {
			if (server == NULL)
				return f;
			for (size_t k = 0; k < f->nservers; k++)
				if (an_same(f->servers[k], server))
					return f;
			const char **v = cs_arena_alloc(x->ar, (f->nservers + 1) * sizeof(*v));
			if (v == NULL) {
				x->err = CS_ENOMEM;
				return f;
			}
			if (f->nservers)
				memcpy(v, f->servers, f->nservers * sizeof(*v));
			v[f->nservers++] = server;
			f->servers = v;
			return f;
		}
	}
	if (a->nfindings == a->cap_findings) {
		size_t cap = a->cap_findings ? a->cap_findings * 2 : 32;
		cs_finding *v = cs_arena_alloc(x->ar, cap * sizeof(*v));
		if (v == NULL) {
			x->err = CS_ENOMEM;
			return NULL;
		}
		if (a->nfindings)
			memcpy(v, a->findings, a->nfindings * sizeof(*v));
		a->findings = v;
		a->cap_findings = cap;
	}
	cs_finding *f = &a->findings[a->nfindings++];
	memset(f, 0, sizeof(*f));
	f->code = code;
	f->zone = *zone;
	f->subject = subject;
	f->message = message;
	f->fix = fix;
	if (server != NULL) {
		f->servers = cs_arena_alloc(x->ar, sizeof(*f->servers));
		if (f->servers == NULL) {
			x->err = CS_ENOMEM;
		} else {
			f->servers[0] = server;
			f->nservers = 1;
		}
	}
	return f;
}

void an_evidence(ctx *x, cs_finding *f, const char *line)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->nevidence; i++)
		if (an_same(f->evidence[i], line))
			return;
	const char **v = cs_arena_alloc(x->ar, (f->nevidence + 1) * sizeof(*v));
	if (v == NULL) {
		x->err = CS_ENOMEM;
		return;
	}
	if (f->nevidence)
		memcpy(v, f->evidence, f->nevidence * sizeof(*v));
	v[f->nevidence++] = line;
	f->evidence = v;
}

/* ---- finding responses in the capture ---- */

/* The best response of server to qname/qtype asked for zone: a TCP answer
 * beats a truncated UDP one. NULL when the server gave none. */
const resp *an_find_resp(ctx *x, const cs_name *zone, const char *server, const cs_name *qname,
			 uint16_t qtype)
{
	const resp *best = NULL;
	for (size_t i = 0; i < x->c->nqueries; i++) {
		const resp *r = &x->resps[i];
		const cs_capture_query *q = r->q;
		if (q->purpose == CS_QPURPOSE_PLAIN)
			continue; /* the EDNS downgrade test, not the zone's data */
		if (q->qtype != qtype || !an_same(q->server, server) ||
		    (!x->recursive && !cs_name_equal(&q->zone, zone)) ||
		    !cs_name_equal(&q->qname, qname))
			continue;
		if (!r->ok)
			continue;
		if (best == NULL || (best->m.tc && !r->m.tc))
			best = r;
	}
	return best;
}

/* Did server answer anything at all for zone? Counts the failures. */
bool an_server_answered(ctx *x, const cs_name *zone, const char *server, unsigned *timeouts,
			unsigned *refused, unsigned *malformed)
{
	bool any = false;
	*timeouts = *refused = *malformed = 0;
	for (size_t i = 0; i < x->c->nqueries; i++) {
		const cs_capture_query *q = &x->c->queries[i];
		if (!an_same(q->server, server) ||
		    (!x->recursive && !cs_name_equal(&q->zone, zone)))
			continue;
		if (q->result == CS_QRESULT_ANSWER && x->resps[i].ok)
			any = true;
		else if (q->result == CS_QRESULT_ANSWER)
			(*malformed)++;
		else if (q->result == CS_QRESULT_TIMEOUT || q->result == CS_QRESULT_SKIPPED)
			(*timeouts)++;
		else if (q->result == CS_QRESULT_REFUSED || q->result == CS_QRESULT_NETERROR)
			(*refused)++;
	}
	return any;
}

/* Collect the RRs of owner/type from a section (well-formed ones only). */
size_t an_collect(ctx *x, const cs_msg *m, int sec, const cs_name *owner, uint16_t type,
		  const cs_rr ***out)
{
	size_t n = 0;
	for (size_t i = 0; i < m->counts[sec]; i++) {
		const cs_rr *rr = &m->sections[sec][i];
		if (rr->type == type && rr->rdata_err == CS_OK && cs_name_equal(&rr->owner, owner))
			n++;
	}
	*out = NULL;
	if (n == 0)
		return 0;
	const cs_rr **v = cs_arena_alloc(x->ar, n * sizeof(*v));
	if (v == NULL) {
		x->err = CS_ENOMEM;
		return 0;
	}
	size_t k = 0;
	for (size_t i = 0; i < m->counts[sec]; i++) {
		const cs_rr *rr = &m->sections[sec][i];
		if (rr->type == type && rr->rdata_err == CS_OK && cs_name_equal(&rr->owner, owner))
			v[k++] = rr;
	}
	*out = v;
	return n;
}

/* RRSIGs in a section covering owner/type. */
size_t an_collect_sigs(ctx *x, const cs_msg *m, int sec, const cs_name *owner, uint16_t type,
		       const cs_rr ***out)
{
	const cs_rr **all;
	size_t n = an_collect(x, m, sec, owner, CS_TYPE_RRSIG, &all);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		cs_rrsig_view v;
		if (cs_rrsig_view_parse(all[i]->rdata, all[i]->rdlen, &v) == CS_OK &&
		    v.type_covered == type)
			all[k++] = all[i];
	}
	*out = all;
	return k;
}

/* Same records (as a set of RDATA)? */
bool an_same_rdata(const cs_rr *const *a, size_t na, const cs_rr *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		bool found = false;
		for (size_t k = 0; k < nb && !found; k++)
			found = a[i]->rdlen == b[k]->rdlen &&
				memcmp(a[i]->rdata, b[k]->rdata, a[i]->rdlen) == 0;
		if (!found)
			return false;
	}
	return true;
}

/* ---- signatures ---- */

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
	cs_sig_eval e = {.rrsig = sig, .status = CS_SIG_MALFORMED, .key = -1};
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
	for (size_t k = 0; k < z->nkeys; k++)
		candidates += z->keys[k].tag == v.key_tag && z->keys[k].algorithm == v.algorithm &&
			      usable(&z->keys[k]);
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

int an_zone_index(cs_analysis *a, const cs_name *n)
{
	for (size_t i = 0; i < a->nzones; i++)
		if (cs_name_equal(&a->zones[i].name, n))
			return (int)i;
	return -1;
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
