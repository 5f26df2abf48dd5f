#include "analyze.h"

#include "buf.h"
#include "crypto.h"
#include "denial.h"
#include "dnstime.h"
#include "rdata.h"
#include "sigdata.h"
#include "zonefile.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define F(x) CS_F_##x

/* One captured response, parsed once. */
typedef struct {
	const cs_capture_query *q;
	cs_msg m;
	bool ok; /* parsed */
} resp;

typedef struct {
	const cs_capture *c;
	const cs_analyze_opts *o;
	cs_analysis *a;
	cs_arena *ar;
	resp *resps;
	cs_rrlist anchors;
	cs_rrlist overrides; /* --ds records */
	cs_err err;
} ctx;

/* ---- small helpers ---- */

const char *cs_state_str(cs_state s)
{
	static const char *const n[] = {"secure", "insecure", "indeterminate", "bogus"};
	return (unsigned)s <= CS_STATE_BOGUS ? n[s] : "unknown";
}

const char *cs_answer_kind_str(cs_answer_kind k)
{
	static const char *const n[] = {"data", "nxdomain", "nodata", "none"};
	return (unsigned)k <= CS_ANSWER_NONE ? n[k] : "unknown";
}

const char *cs_sig_status_str(cs_sig_status s)
{
	static const char *const n[] = {"valid",          "expired",         "not-yet-valid",
					"crypto-failed",  "bad-length",      "bad-key",
					"unknown-key",    "unsupported-algorithm",
					"signer-mismatch", "labels-invalid", "malformed"};
	return (unsigned)s <= CS_SIG_MALFORMED ? n[s] : "unknown";
}

static cs_state worst(cs_state a, cs_state b)
{
	return a > b ? a : b;
}

static const char *astrf(ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* printf into the analysis arena. */
static const char *astrf(ctx *x, const char *fmt, ...)
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

static const char *name_str(ctx *x, const cs_name *n)
{
	char b[CS_NAME_TEXT_MAX];
	return astrf(x, "%s", cs_name_str(n, b));
}

static const char *rr_str(ctx *x, const cs_rr *rr)
{
	cs_buf b;
	cs_buf_init(&b);
	cs_rr_to_text(rr, &b);
	const char *s = astrf(x, "%s", cs_buf_cstr(&b));
	cs_buf_free(&b);
	return s;
}

static const char *time_str(ctx *x, int64_t t)
{
	char b[24];
	return astrf(x, "%s", cs_time_format_iso(t, b));
}

static bool same_str(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* ---- findings ---- */

/* Add a finding, or add the server to an identical one (same code, zone,
 * subject and message): one finding lists every server it concerns. */
static cs_finding *add_finding(ctx *x, cs_finding_code code, const cs_name *zone,
			       const char *server, const char *subject, const char *fix,
			       const char *message)
{
	cs_analysis *a = x->a;
	for (size_t i = 0; i < a->nfindings; i++) {
		cs_finding *f = &a->findings[i];
		if (f->code == code && cs_name_equal(&f->zone, zone) &&
		    same_str(f->subject, subject) && same_str(f->message, message)) {
			if (server == NULL)
				return f;
			for (size_t k = 0; k < f->nservers; k++)
				if (same_str(f->servers[k], server))
					return f;
			const char **v =
				cs_arena_alloc(x->ar, (f->nservers + 1) * sizeof(*v));
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

static void add_evidence(ctx *x, cs_finding *f, const char *line)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->nevidence; i++)
		if (same_str(f->evidence[i], line))
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
static const resp *find_resp(ctx *x, const cs_name *zone, const char *server,
			     const cs_name *qname, uint16_t qtype)
{
	const resp *best = NULL;
	for (size_t i = 0; i < x->c->nqueries; i++) {
		const resp *r = &x->resps[i];
		const cs_capture_query *q = r->q;
		if (q->qtype != qtype || !same_str(q->server, server) ||
		    !cs_name_equal(&q->zone, zone) || !cs_name_equal(&q->qname, qname))
			continue;
		if (!r->ok)
			continue;
		if (best == NULL || (best->m.tc && !r->m.tc))
			best = r;
	}
	return best;
}

/* Did server answer anything at all for zone? Counts the failures. */
static bool server_answered(ctx *x, const cs_name *zone, const char *server, unsigned *timeouts,
			    unsigned *refused, unsigned *malformed)
{
	bool any = false;
	*timeouts = *refused = *malformed = 0;
	for (size_t i = 0; i < x->c->nqueries; i++) {
		const cs_capture_query *q = &x->c->queries[i];
		if (!same_str(q->server, server) || !cs_name_equal(&q->zone, zone))
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
static size_t collect(ctx *x, const cs_msg *m, int sec, const cs_name *owner, uint16_t type,
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
static size_t collect_sigs(ctx *x, const cs_msg *m, int sec, const cs_name *owner, uint16_t type,
			   const cs_rr ***out)
{
	const cs_rr **all;
	size_t n = collect(x, m, sec, owner, CS_TYPE_RRSIG, &all);
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
static bool same_rdata_set(const cs_rr *const *a, size_t na, const cs_rr *const *b, size_t nb)
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

/* Evaluate one RRSIG over rrs with the given keys of zone. */
static cs_sig_eval eval_sig(ctx *x, const cs_rr *sig, const cs_rr *const *rrs, size_t n,
			    const cs_zone *z, bool (*usable)(const cs_key *))
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
		cs_verify_result r = cs_crypto_verify(v.algorithm, kv.key, kv.key_len, v.signature,
						      v.sig_len, data.data, data.len);
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

static bool key_trusted(const cs_key *k)
{
	return k->trusted;
}

static bool key_ds_match(const cs_key *k)
{
	return k->ds_match && (k->flags & CS_DNSKEY_FLAG_ZONE) && !(k->flags & CS_DNSKEY_FLAG_REVOKE);
}

/* Evaluate all signatures of an RRset; the set is secure when one verifies
 * and is within its validity period. */
static void eval_rrset(ctx *x, cs_rrset *s, const cs_rr *const *sigs, size_t nsigs,
		       const cs_zone *z, bool (*usable)(const cs_key *))
{
	s->nsigs = 0;
	s->sigs = nsigs ? cs_arena_alloc(x->ar, nsigs * sizeof(*s->sigs)) : NULL;
	if (nsigs && s->sigs == NULL) {
		x->err = CS_ENOMEM;
		return;
	}
	s->state = CS_STATE_BOGUS;
	for (size_t i = 0; i < nsigs; i++) {
		s->sigs[s->nsigs] = eval_sig(x, sigs[i], s->rrs, s->nrrs, z, usable);
		if (s->sigs[s->nsigs].status == CS_SIG_VALID)
			s->state = CS_STATE_SECURE;
		s->nsigs++;
	}
}

/* The most telling failure among an RRset's signatures. */
static const cs_sig_eval *worst_sig(const cs_rrset *s)
{
	static const int rank[] = {
		[CS_SIG_VALID] = 0,          [CS_SIG_EXPIRED] = 9,       [CS_SIG_NOT_YET_VALID] = 9,
		[CS_SIG_CRYPTO_FAILED] = 8,  [CS_SIG_BAD_LENGTH] = 7,    [CS_SIG_BAD_KEY] = 7,
		[CS_SIG_UNKNOWN_KEY] = 5,    [CS_SIG_UNSUPPORTED_ALG] = 4, [CS_SIG_SIGNER_MISMATCH] = 6,
		[CS_SIG_LABELS_INVALID] = 6, [CS_SIG_MALFORMED] = 3,
	};
	const cs_sig_eval *best = NULL;
	for (size_t i = 0; i < s->nsigs; i++)
		if (best == NULL || rank[s->sigs[i].status] > rank[best->status])
			best = &s->sigs[i];
	return best;
}

static cs_finding_code sig_code(cs_sig_status st)
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
	default:
		return F(RRSIG_CRYPTO_FAILED);
	}
}

/* A finding for an RRset that failed to validate, naming the signature. */
static void report_bogus_rrset(ctx *x, const cs_zone *z, const cs_rrset *s, const char *server)
{
	char tb[16];
	const char *subject = astrf(x, "%s %s", name_str(x, &s->owner), cs_rrtype_str(s->type, tb));
	if (s->nsigs == 0) {
		cs_finding *f = add_finding(
			x, F(RRSIG_MISSING), &z->name, server, subject,
			astrf(x, "Re-sign the zone %s so that %s carries an RRSIG, and check that "
				 "every server receives the signed zone.",
			      name_str(x, &z->name), subject),
			astrf(x, "%s has no signature", subject));
		for (size_t i = 0; i < s->nrrs; i++)
			add_evidence(x, f, rr_str(x, s->rrs[i]));
		return;
	}
	const cs_sig_eval *w = worst_sig(s);
	const char *msg, *fix = NULL;
	switch (w->status) {
	case CS_SIG_EXPIRED:
		msg = astrf(x, "the signature over %s expired on %s", subject,
			    time_str(x, w->expiration));
		fix = astrf(x, "Re-sign %s (its signer stopped re-signing, or this server no "
			       "longer receives zone updates) and make sure every server serves "
			       "the new signatures.",
			    name_str(x, &z->name));
		break;
	case CS_SIG_NOT_YET_VALID:
		msg = astrf(x, "the signature over %s is not valid before %s", subject,
			    time_str(x, w->inception));
		fix = astrf(x, "Re-sign %s with an inception time in the past (check the signer's "
			       "clock) and publish it.",
			    name_str(x, &z->name));
		break;
	case CS_SIG_UNKNOWN_KEY: {
		cs_rrsig_view v;
		cs_rrsig_view_parse(w->rrsig->rdata, w->rrsig->rdlen, &v);
		msg = astrf(x, "the signature over %s is by key %u (algorithm %u), which is not in "
			       "the DNSKEY RRset",
			    subject, v.key_tag, v.algorithm);
		break;
	}
	case CS_SIG_CRYPTO_FAILED:
		msg = astrf(x, "the signature over %s does not verify: the data or the signature "
			       "was altered after signing",
			    subject);
		fix = astrf(x, "Re-sign %s and publish the freshly signed zone on every server; "
			       "look for anything that rewrites records after signing.",
			    name_str(x, &z->name));
		break;
	default:
		msg = astrf(x, "the signature over %s is unusable (%s)", subject,
			    cs_sig_status_str(w->status));
		break;
	}
	cs_finding *f = add_finding(x, sig_code(w->status), &z->name, server, subject, fix, msg);
	add_evidence(x, f, rr_str(x, w->rrsig));
}

/* ---- building the zones ---- */

static cs_err parse_anchor_lists(ctx *x, char *errmsg, size_t errlen)
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
		if (eq == NULL || cs_name_from_text(spec, (size_t)(eq - spec), NULL, &zone) != CS_OK) {
			snprintf(errmsg, errlen, "--ds '%s': expected ZONE='TAG ALG DIGESTTYPE DIGEST'",
				 spec);
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

static int zone_index(cs_analysis *a, const cs_name *n)
{
	for (size_t i = 0; i < a->nzones; i++)
		if (cs_name_equal(&a->zones[i].name, n))
			return (int)i;
	return -1;
}

static void build_zones(ctx *x)
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
				    : zone_index(a, &c->zones[i].parent);
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

/* Server health: timeouts, refusals, malformed answers, lame servers. */
static void check_servers(ctx *x, cs_zone *z)
{
	for (size_t i = 0; i < z->nservers; i++) {
		cs_server_view *s = &z->servers[i];
		unsigned timeouts, refused, malformed;
		s->answered = server_answered(x, &z->name, s->address, &timeouts, &refused, &malformed);
		const char *zn = name_str(x, &z->name);
		if (!s->answered && timeouts) {
			add_finding(x, F(SERVER_TIMEOUT), &z->name, s->address, zn,
				    astrf(x, "Fix or remove %s (%s) from the NS set of %s at the parent "
					     "and in the zone.",
					  s->ns_name, s->address, zn),
				    astrf(x, "%s (%s) does not answer", s->ns_name, s->address));
			snprintf(s->reason, sizeof(s->reason), "does not answer (timeout)");
		} else if (!s->answered && refused) {
			add_finding(x, F(SERVER_UNREACHABLE), &z->name, s->address, zn, NULL,
				    astrf(x, "%s (%s) refuses connections", s->ns_name, s->address));
			snprintf(s->reason, sizeof(s->reason), "unreachable (connection refused)");
		} else if (!s->answered && malformed) {
			add_finding(x, F(SERVER_MALFORMED), &z->name, s->address, zn, NULL,
				    astrf(x, "%s (%s) sends malformed responses", s->ns_name,
					  s->address));
			snprintf(s->reason, sizeof(s->reason), "malformed responses");
		}
		if (!s->answered)
			s->state = CS_STATE_INDETERMINATE;
		/* Authority: the SOA query at the apex must come back with AA. */
		const resp *r = find_resp(x, &z->name, s->address, &z->name, CS_TYPE_SOA);
		if (r == NULL)
			continue;
		if (r->m.rcode == CS_RCODE_REFUSED)
			add_finding(x, F(SERVER_LAME), &z->name, s->address, zn, NULL,
				    astrf(x, "%s (%s) refuses queries for %s", s->ns_name,
					  s->address, zn));
		else if (r->m.rcode == CS_RCODE_SERVFAIL)
			add_finding(x, F(SERVER_SERVFAIL), &z->name, s->address, zn, NULL,
				    astrf(x, "%s (%s) answers SERVFAIL for %s", s->ns_name,
					  s->address, zn));
		else if (!r->m.aa)
			add_finding(x, F(SERVER_LAME), &z->name, s->address, zn, NULL,
				    astrf(x, "%s (%s) is not authoritative for %s (no AA bit)",
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
		rs[i] = find_resp(x, &z->name, z->servers[i].address, &z->name, CS_TYPE_DNSKEY);
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
		size_t n = collect(x, &rs[i]->m, CS_SEC_ANSWER, &z->name, CS_TYPE_DNSKEY, &keys);
		if (n == 0)
			continue;
		z->signed_zone = true;
		/* Same variant as an earlier server? */
		cs_rrset *var = NULL;
		for (size_t v = 0; v < z->ndnskey && var == NULL; v++)
			if (same_rdata_set(z->dnskey[v].rrs, z->dnskey[v].nrrs, keys, n))
				var = &z->dnskey[v];
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
				    memcmp(z->keys[j].rr->rdata, keys[k]->rdata, keys[k]->rdlen) == 0)
					key = &z->keys[j];
			if (key == NULL) {
				cs_dnskey_view kv;
				if (cs_dnskey_view_parse(keys[k]->rdata, keys[k]->rdlen, &kv) != CS_OK)
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
	if (z->ndnskey > 1) {
		cs_finding *f = add_finding(
			x, F(DNSKEY_INCONSISTENT), &z->name, NULL, name_str(x, &z->name),
			astrf(x, "Make every server of %s serve the same, current DNSKEY RRset "
				 "(check zone transfers to the servers listed).",
			      name_str(x, &z->name)),
			astrf(x, "the servers of %s serve %zu different DNSKEY RRsets",
			      name_str(x, &z->name), z->ndnskey));
		for (size_t v = 0; v < z->ndnskey; v++) {
			cs_buf b;
			cs_buf_init(&b);
			for (size_t s = 0; s < z->dnskey[v].nservers; s++)
				cs_buf_printf(&b, "%s%s", s ? ", " : "", z->dnskey[v].servers[s]);
			cs_buf_printf(&b, ": %zu keys:", z->dnskey[v].nrrs);
			for (size_t k = 0; k < z->dnskey[v].nrrs; k++)
				cs_buf_printf(&b, " %u", cs_keytag(z->dnskey[v].rrs[k]->rdata,
								   z->dnskey[v].rrs[k]->rdlen));
			add_evidence(x, f, astrf(x, "%s", cs_buf_cstr(&b)));
			cs_buf_free(&b);
		}
	}
}

/* The DS records that would match the zone's SEP keys, for fixes. */
static const char *suggested_ds(ctx *x, const cs_zone *z)
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
		if (cs_ds_digest(2, owner.data, owner.len, key->rr->rdata, key->rr->rdlen, d, &dl) !=
		    CS_DIGEST_OK)
			continue;
		char nb[CS_NAME_TEXT_MAX];
		cs_buf_printf(&b, "%s%s IN DS %u %u 2 ", b.len ? "; " : "",
			      cs_name_str(&z->name, nb), key->tag, key->algorithm);
		for (size_t i = 0; i < dl; i++)
			cs_buf_printf(&b, "%02X", d[i]);
	}
	const char *s = b.len ? astrf(x, "%s", cs_buf_cstr(&b)) : NULL;
	cs_buf_free(&b);
	return s;
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
	const char *zn = name_str(x, &z->name);
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
	z->ds = cs_arena_alloc(x->ar, (p->nservers ? p->nservers : 1) * sizeof(*z->ds));
	if (z->ds == NULL) {
		x->err = CS_ENOMEM;
		return ch;
	}
	for (size_t i = 0; i < p->nservers; i++) {
		const char *srv = p->servers[i].address;
		const resp *r = find_resp(x, &p->name, srv, &z->name, CS_TYPE_DS);
		if (r == NULL || (r->m.rcode != CS_RCODE_NOERROR && r->m.rcode != CS_RCODE_NXDOMAIN))
			continue;
		any_answer = true;
		const cs_rr **ds, **sigs;
		size_t n = collect(x, &r->m, CS_SEC_ANSWER, &z->name, CS_TYPE_DS, &ds);
		if (n > 0) {
			size_t ns = collect_sigs(x, &r->m, CS_SEC_ANSWER, &z->name, CS_TYPE_DS, &sigs);
			cs_rrset *set = NULL;
			for (size_t v = 0; v < z->nds && set == NULL; v++)
				if (same_rdata_set(z->ds[v].rrs, z->ds[v].nrrs, ds, n))
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
				eval_rrset(x, set, sigs, ns, p, key_trusted);
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
				report_bogus_rrset(x, p, set, srv);
			}
			continue;
		}
		/* No DS: the parent must prove it (RFC 4035 §5.2). */
		const cs_rr **den = cs_arena_alloc(
			x->ar, (r->m.counts[CS_SEC_AUTHORITY] + 1) * sizeof(*den));
		if (den == NULL) {
			x->err = CS_ENOMEM;
			return ch;
		}
		size_t nden = 0;
		for (size_t k = 0; k < r->m.counts[CS_SEC_AUTHORITY]; k++) {
			const cs_rr *rr = &r->m.sections[CS_SEC_AUTHORITY][k];
			if (rr->type != CS_TYPE_NSEC && rr->type != CS_TYPE_NSEC3)
				continue;
			/* Only records whose own signature validates count. */
			cs_rrset one = {.owner = rr->owner, .type = rr->type, .rrs = &den[nden], .nrrs = 1};
			den[nden] = rr;
			const cs_rr **dsigs;
			size_t ns = collect_sigs(x, &r->m, CS_SEC_AUTHORITY, &rr->owner, rr->type, &dsigs);
			eval_rrset(x, &one, dsigs, ns, p, key_trusted);
			if (one.state == CS_STATE_SECURE)
				nden++;
			else
				report_bogus_rrset(x, p, &one, srv);
		}
		cs_proof pr = cs_denial_check(CS_CLAIM_NO_DS, &z->name, CS_TYPE_DS, 0, &p->name, den,
					      nden, x->o->max_nsec3_iterations);
		if (pr.status == CS_PROOF_OK) {
			proven = true;
		} else {
			unproven = true;
			cs_finding *f = add_finding(
				x, F(DS_ABSENCE_UNPROVEN), &z->name, srv, zn,
				astrf(x, "The parent zone %s must answer DS queries for %s with a "
					 "signed NSEC/NSEC3 proof, or publish the DS.",
				      name_str(x, &p->name), zn),
				astrf(x, "%s gives no DS for %s and does not prove its absence (%s)",
				      srv, zn, cs_proof_status_str(pr.status)));
			add_evidence(x, f, astrf(x, "%s", pr.detail));
		}
	}
	if (ch.secure) {
		z->delegation = CS_STATE_SECURE;
	} else if (proven) {
		z->delegation = CS_STATE_INSECURE;
		z->ds_proven_absent = true;
	} else if (bogus_ds || unproven) {
		z->delegation = CS_STATE_BOGUS;
	} else {
		z->delegation = any_answer ? CS_STATE_BOGUS : CS_STATE_INDETERMINATE;
		if (!any_answer)
			add_finding(x, F(PROBE_INCOMPLETE), &z->name, NULL, zn, NULL,
				    astrf(x, "no server of %s answered the DS query for %s",
					  name_str(x, &p->name), zn));
	}
	return ch;
}

/* Match DS records to keys; report DS problems. Returns usable DS count. */
static size_t match_ds(ctx *x, cs_zone *z, const cs_rr *const *ds, size_t nds)
{
	const char *zn = name_str(x, &z->name);
	size_t usable = 0, matched = 0;
	cs_name owner = z->name;
	cs_name_lower(&owner);
	bool only_sha1 = true;
	for (size_t i = 0; i < nds; i++) {
		cs_ds_view d;
		if (cs_ds_view_parse(ds[i]->rdata, ds[i]->rdlen, &d) != CS_OK)
			continue;
		if (cs_ds_digest_len(d.digest_type) == 0 || !cs_alg_lookup(d.algorithm)->supported) {
			cs_finding *f = add_finding(
				x,
				cs_ds_digest_len(d.digest_type) == 0 ? F(DS_DIGEST_UNSUPPORTED)
								     : F(ALGORITHM_UNSUPPORTED),
				&z->name, NULL, zn, NULL,
				astrf(x, "DS %u for %s uses %s %u, which validators cannot check",
				      d.key_tag, zn,
				      cs_ds_digest_len(d.digest_type) == 0 ? "digest type" : "algorithm",
				      cs_ds_digest_len(d.digest_type) == 0 ? d.digest_type
									   : d.algorithm));
			add_evidence(x, f, rr_str(x, ds[i]));
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
					add_finding(x, F(DS_NON_ZONE_KEY), &z->name, NULL, zn, NULL,
						    astrf(x, "DS %u points to a key without the Zone flag",
							  d.key_tag));
				if (key->flags & CS_DNSKEY_FLAG_REVOKE)
					add_finding(x, F(DS_REVOKED_KEY), &z->name, NULL, zn, NULL,
						    astrf(x, "DS %u points to a revoked key", d.key_tag));
				if (!(key->flags & CS_DNSKEY_FLAG_SEP))
					add_finding(x, F(DNSKEY_SEP_FLAG_MISSING), &z->name, NULL, zn,
						    NULL,
						    astrf(x, "key %u, referenced by the DS, has no SEP flag",
							  key->tag));
			}
		}
		if (hit) {
			matched++;
			continue;
		}
		if (!z->signed_zone)
			continue; /* reported once as an unsigned child below */
		const char *fixds = suggested_ds(x, z);
		const char *fix = fixds ? astrf(x, "At the parent (through the registrar), replace "
						   "the DS of %s with: %s",
						zn, fixds)
					: NULL;
		cs_finding *f;
		if (!alg_any)
			f = add_finding(x, F(DS_ALGORITHM_MISMATCH), &z->name, NULL, zn, fix,
					astrf(x, "DS %u uses algorithm %u, but %s has no DNSKEY of "
						 "that algorithm",
					      d.key_tag, d.algorithm, zn));
		else if (!tag_alg)
			f = add_finding(x, F(DS_NO_MATCHING_KEY), &z->name, NULL, zn, fix,
					astrf(x, "DS %u (algorithm %u) matches no DNSKEY of %s", d.key_tag,
					      d.algorithm, zn));
		else
			f = add_finding(x, F(DS_DIGEST_MISMATCH), &z->name, NULL, zn, fix,
					astrf(x, "DS %u matches key %u by tag and algorithm, but its "
						 "digest does not",
					      d.key_tag, d.key_tag));
		add_evidence(x, f, rr_str(x, ds[i]));
	}
	if (usable > 0 && only_sha1 && matched > 0)
		add_finding(x, F(DS_SHA1_ONLY), &z->name, NULL, zn,
			    astrf(x, "Publish a SHA-256 DS for %s at the parent: %s", zn,
				  suggested_ds(x, z) ? suggested_ds(x, z) : "(no SEP key found)"),
			    astrf(x, "the DS RRset of %s uses only SHA-1 digests", zn));
	(void)matched;
	return usable;
}

static void set_servers_state(cs_zone *z, const cs_rrset *var, cs_state st, const char *why)
{
	for (size_t s = 0; s < var->nservers; s++)
		for (size_t i = 0; i < z->nservers; i++)
			if (same_str(z->servers[i].address, var->servers[s])) {
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
	const char *zn = name_str(x, &z->name);
	if (!z->signed_zone) {
		bool answered = false;
		for (size_t i = 0; i < z->nservers; i++)
			answered |= z->servers[i].answered;
		z->state = answered ? CS_STATE_BOGUS : CS_STATE_INDETERMINATE;
		if (answered)
			add_finding(x, F(DS_UNSIGNED_CHILD), &z->name, NULL, zn,
				    astrf(x, "Either sign %s and publish its DNSKEYs, or remove the "
					     "DS of %s at the parent (through the registrar) first.",
					  zn, zn),
				    astrf(x, "the parent publishes a DS for %s, but %s serves no "
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
		const resp *r = find_resp(x, &z->name, var->servers[0], &z->name, CS_TYPE_DNSKEY);
		if (r != NULL)
			ns = collect_sigs(x, &r->m, CS_SEC_ANSWER, &z->name, CS_TYPE_DNSKEY, &sigs);
		eval_rrset(x, var, sigs, ns, z, key_ds_match);
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
			for (size_t s = 0; s < var->nsigs; s++)
				if (var->sigs[s].status == CS_SIG_VALID && var->sigs[s].key >= 0)
					z->keys[var->sigs[s].key].signs_dnskey = true;
			set_servers_state(z, var, CS_STATE_SECURE, NULL);
			continue;
		}
		bool any_ds_key = false;
		for (size_t k = 0; k < z->nkeys; k++)
			any_ds_key |= key_ds_match(&z->keys[k]);
		if (!any_ds_key) {
			set_servers_state(z, var, CS_STATE_BOGUS, "no DNSKEY matches the DS");
			continue; /* the DS findings say why */
		}
		bool sig_by_ds_key = false;
		for (size_t s = 0; s < var->nsigs; s++)
			if (var->sigs[s].key >= 0 && key_ds_match(&z->keys[var->sigs[s].key]))
				sig_by_ds_key = true;
		if (!sig_by_ds_key) {
			cs_buf b;
			cs_buf_init(&b);
			for (size_t k = 0; k < z->nkeys; k++)
				if (key_ds_match(&z->keys[k]))
					cs_buf_printf(&b, "%s%u", b.len ? ", " : "", z->keys[k].tag);
			const char *tags = astrf(x, "%s", cs_buf_cstr(&b));
			cs_buf_free(&b);
			cs_finding *f = NULL;
			for (size_t s = 0; s < var->nservers; s++)
				f = add_finding(
					x, F(DNSKEY_NO_SEP_SIGNATURE), &z->name, var->servers[s],
					astrf(x, "%s DNSKEY", zn),
					astrf(x, "Sign the DNSKEY RRset of %s with key %s (the key the "
						 "parent's DS points to), or publish a DS for the key that "
						 "signs it.",
					      zn, tags),
					astrf(x, "the DNSKEY RRset of %s is not signed by key %s, the "
						 "key the DS points to",
					      zn, tags));
			for (size_t s = 0; s < var->nsigs; s++)
				add_evidence(x, f, rr_str(x, var->sigs[s].rrsig));
			set_servers_state(z, var, CS_STATE_BOGUS,
					  "DNSKEY RRset not signed by the key the DS points to");
			continue;
		}
		for (size_t s = 0; s < var->nservers; s++)
			report_bogus_rrset(x, z, var, var->servers[s]);
		const cs_sig_eval *w = worst_sig(var);
		set_servers_state(z, var, CS_STATE_BOGUS,
				  w ? astrf(x, "DNSKEY signature %s", cs_sig_status_str(w->status))
				    : "DNSKEY unsigned");
	}
	if (z->state == CS_STATE_SECURE && z->ndnskey > 1) {
		/* Some servers fail where others succeed: say how many. */
		size_t bad = 0;
		for (size_t i = 0; i < z->nservers; i++)
			bad += z->servers[i].state == CS_STATE_BOGUS;
		(void)bad;
	}
}

/* Algorithm and key-size findings for a signed zone. */
static void key_findings(ctx *x, cs_zone *z)
{
	const char *zn = name_str(x, &z->name);
	for (size_t k = 0; k < z->nkeys; k++) {
		const cs_key *key = &z->keys[k];
		const cs_alg_info *ai = cs_alg_lookup(key->algorithm);
		if (ai->validation_status == CS_ALG_MUST_NOT)
			add_finding(x, F(ALGORITHM_PROHIBITED), &z->name, NULL,
				    astrf(x, "%s DNSKEY %u", zn, key->tag), NULL,
				    astrf(x, "key %u uses algorithm %u (%s), which validators must "
					     "not use",
					  key->tag, key->algorithm, ai->mnemonic ? ai->mnemonic : "?"));
		else if (ai->signing_status == CS_ALG_NOT_RECOMMENDED ||
			 ai->signing_status == CS_ALG_MUST_NOT)
			add_finding(x, F(ALGORITHM_DEPRECATED), &z->name, NULL,
				    astrf(x, "%s DNSKEY %u", zn, key->tag), NULL,
				    astrf(x, "key %u uses algorithm %u (%s), deprecated for signing",
					  key->tag, key->algorithm, ai->mnemonic ? ai->mnemonic : "?"));
		if ((key->algorithm == 5 || key->algorithm == 7 || key->algorithm == 8 ||
		     key->algorithm == 10) &&
		    key->bits > 0 && key->bits < 2048)
			add_finding(x, F(DNSKEY_RSA_WEAK), &z->name, NULL,
				    astrf(x, "%s DNSKEY %u", zn, key->tag), NULL,
				    astrf(x, "key %u is RSA with %u bits (below 2048)", key->tag,
					  key->bits));
	}
}

static void eval_zone(ctx *x, cs_zone *z)
{
	check_servers(x, z);
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
		const char *zn = name_str(x, &z->name);
		const char *ds = suggested_ds(x, z);
		add_finding(x, F(DS_MISSING), &z->name, NULL, zn,
			    ds ? astrf(x, "To make %s secure, publish at the parent (through the "
					  "registrar): %s",
				       zn, ds)
			       : NULL,
			    astrf(x, "%s is signed, but its parent has no DS for it: validators "
				     "treat it as unsigned (an island of security)",
				  zn));
	}
}

/* ---- the answer ---- */

/* Zone index that answered target queries for name authoritatively. */
static int answering_zone(ctx *x, const cs_name *name, uint16_t type)
{
	int best = -1;
	unsigned best_labels = 0;
	for (size_t i = 0; i < x->c->nqueries; i++) {
		const resp *r = &x->resps[i];
		if (!r->ok || r->q->purpose != CS_QPURPOSE_TARGET || r->q->qtype != type ||
		    !cs_name_equal(&r->q->qname, name) || !r->m.aa)
			continue;
		int zi = zone_index(x->a, &r->q->zone);
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
				    const char *server)
{
	size_t n = 0;
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
		size_t ns = collect_sigs(x, &r->m, CS_SEC_AUTHORITY, &rr->owner, rr->type, &sigs);
		eval_rrset(x, &one, sigs, ns, z, key_trusted);
		if (one.state == CS_STATE_SECURE)
			n++;
		else
			report_bogus_rrset(x, z, &one, server);
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

/* Evaluate one server's response for a link; returns its state and sets
 * *next to a CNAME target when there is one. */
static cs_state eval_link_server(ctx *x, cs_answer_link *l, cs_zone *z, const char *server,
				 const resp *r, bool *has_next, cs_name *next)
{
	const char *zn = name_str(x, &z->name);
	char tb[16];
	const cs_rr **rrs, **sigs;
	size_t n = collect(x, &r->m, CS_SEC_ANSWER, &l->name, l->type, &rrs);
	uint16_t type = l->type;
	if (n == 0 && l->type != CS_TYPE_CNAME) {
		n = collect(x, &r->m, CS_SEC_ANSWER, &l->name, CS_TYPE_CNAME, &rrs);
		if (n > 0) {
			type = CS_TYPE_CNAME;
			if (cs_name_from_wire(rrs[0]->rdata, rrs[0]->rdlen, next, NULL) == CS_OK)
				*has_next = true;
		}
	}
	if (n > 0) {
		if (l->kind == CS_ANSWER_NONE)
			l->kind = CS_ANSWER_DATA;
		if (z->state != CS_STATE_SECURE)
			return z->state;
		size_t ns = collect_sigs(x, &r->m, CS_SEC_ANSWER, &l->name, type, &sigs);
		cs_rrset set = {.owner = l->name, .type = type, .rrs = rrs, .nrrs = n};
		eval_rrset(x, &set, sigs, ns, z, key_trusted);
		if (set.state != CS_STATE_SECURE) {
			report_bogus_rrset(x, z, &set, server);
			return CS_STATE_BOGUS;
		}
		/* Record the secure variant once for the link. */
		if (l->nrrsets == 0) {
			l->rrsets = cs_arena_alloc(x->ar, sizeof(*l->rrsets));
			if (l->rrsets) {
				l->rrsets[0] = set;
				l->nrrsets = 1;
			}
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
			size_t nd = secure_denial_records(x, r, z, den, server);
			cs_proof pr = cs_denial_check(CS_CLAIM_WILDCARD, &l->name, type, v.labels, &z->name, den,
						      nd, x->o->max_nsec3_iterations);
			if (pr.status != CS_PROOF_OK) {
				cs_finding *f = add_finding(
					x, proof_code(pr.status), &z->name, server,
					astrf(x, "%s %s", name_str(x, &l->name),
					      cs_rrtype_str(type, tb)),
					NULL,
					astrf(x, "wildcard answer for %s without a valid proof that the "
						 "name does not exist",
					      name_str(x, &l->name)));
				add_evidence(x, f, astrf(x, "%s", pr.detail));
				return CS_STATE_BOGUS;
			}
			l->proof = astrf(x, "%s", pr.detail);
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
	size_t nd = secure_denial_records(x, r, z, den, server);
	cs_proof pr = cs_denial_check(claim, &l->name, l->type, 0, &z->name, den, nd,
				      x->o->max_nsec3_iterations);
	if (pr.status == CS_PROOF_OK) {
		l->proof = astrf(x, "%s", pr.detail);
		if (pr.nsec3 && pr.iterations > 0)
			add_finding(x, F(NSEC3_ITERATIONS), &z->name, NULL, zn, NULL,
				    astrf(x, "NSEC3 in %s uses %u extra iterations (RFC 9276: use 0)",
					  zn, pr.iterations));
		if (pr.nsec3 && pr.salt_len > 0)
			add_finding(x, F(NSEC3_SALT), &z->name, NULL, zn, NULL,
				    astrf(x, "NSEC3 in %s uses a %u-octet salt (RFC 9276: use none)",
					  zn, pr.salt_len));
		return CS_STATE_SECURE;
	}
	cs_finding *f = add_finding(
		x, proof_code(pr.status), &z->name, server,
		astrf(x, "%s %s", name_str(x, &l->name), cs_rrtype_str(l->type, tb)),
		astrf(x, "Re-sign %s so that its NSEC/NSEC3 chain is complete and signed, and "
			 "make sure every server serves it.",
		      zn),
		astrf(x, "the %s answer for %s %s is not proven (%s)",
		      claim == CS_CLAIM_NXDOMAIN ? "NXDOMAIN" : "NODATA", name_str(x, &l->name),
		      cs_rrtype_str(l->type, tb), cs_proof_status_str(pr.status)));
	add_evidence(x, f, astrf(x, "%s", pr.detail));
	return CS_STATE_BOGUS;
}

static void eval_answer(ctx *x)
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
			const resp *r = find_resp(x, &z->name, z->servers[i].address, &name, type);
			if (r == NULL || !r->m.aa)
				continue;
			any = true;
			cs_state st = eval_link_server(x, l, z, z->servers[i].address, r, &has_next,
						       &next);
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

static void finish(ctx *x)
{
	cs_analysis *a = x->a;
	cs_state v = CS_STATE_SECURE;
	for (size_t i = 0; i < a->nlinks; i++) {
		cs_answer_link *l = &a->links[i];
		cs_state zs = l->zone >= 0 ? a->zones[l->zone].state : CS_STATE_INDETERMINATE;
		/* An answer can be no better than its zone. */
		l->state = worst(l->state, zs == CS_STATE_SECURE ? CS_STATE_SECURE : zs);
		if (zs == CS_STATE_INSECURE && l->state != CS_STATE_BOGUS)
			l->state = CS_STATE_INSECURE;
		v = worst(v, l->state);
	}
	a->verdict = v;
	/* The earliest signature expiry the secure parts rest on. */
	char tb[16];
	for (size_t i = 0; i < a->nzones; i++) {
		cs_zone *z = &a->zones[i];
		for (size_t d = 0; d < z->nds; d++)
			if (z->ds[d].state == CS_STATE_SECURE)
				consider_break(x, &z->ds[d], astrf(x, "RRSIG over %s DS",
								   name_str(x, &z->name)));
		for (size_t d = 0; d < z->ndnskey; d++)
			if (z->dnskey[d].state == CS_STATE_SECURE)
				consider_break(x, &z->dnskey[d], astrf(x, "RRSIG over %s DNSKEY",
								       name_str(x, &z->name)));
	}
	for (size_t i = 0; i < a->nlinks; i++)
		for (size_t k = 0; k < a->links[i].nrrsets; k++)
			consider_break(x, &a->links[i].rrsets[k],
				       astrf(x, "RRSIG over %s %s",
					     name_str(x, &a->links[i].rrsets[k].owner),
					     cs_rrtype_str(a->links[i].rrsets[k].type, tb)));
	if (a->has_next_break && a->next_break - x->o->at < x->o->expiring_window) {
		cs_name root;
		cs_name_root(&root);
		add_finding(x, F(RRSIG_EXPIRING), &root, NULL, a->next_break_what,
			    "Re-sign before then, and check that the signer runs.",
			    astrf(x, "%s expires on %s", a->next_break_what,
				  time_str(x, a->next_break)));
	}
	/* Probe notes that limit what could be checked. */
	for (size_t i = 0; i < x->c->nnotes; i++) {
		cs_name root;
		cs_name_root(&root);
		if (strstr(x->c->notes[i], "limit") != NULL)
			add_finding(x, F(PROBE_LIMIT_REACHED), &root, NULL, "probe", NULL,
				    x->c->notes[i]);
	}
	for (size_t i = 0; i < a->nfindings; i++) {
		const cs_finding_info *fi = cs_finding_info_get(a->findings[i].code);
		if (fi)
			a->counts[fi->severity]++;
	}
}

/* ---- entry points ---- */

void cs_analyze_opts_default(cs_analyze_opts *o, const cs_capture *c)
{
	memset(o, 0, sizeof(*o));
	o->at = c ? c->started_s : 0;
	o->expiring_window = 3 * 86400;
	o->max_nsec3_iterations = 150;
}

cs_err cs_analyze(const cs_capture *c, const cs_analyze_opts *o, cs_analysis **out, char *errmsg,
		  size_t errlen)
{
	cs_analysis *a = calloc(1, sizeof(*a));
	if (a == NULL)
		return CS_ENOMEM;
	cs_arena_init(&a->arena);
	a->at = o->at;
	ctx x = {.c = c, .o = o, .a = a, .ar = &a->arena};
	cs_err err = CS_OK;
	x.resps = calloc(c->nqueries ? c->nqueries : 1, sizeof(*x.resps));
	if (x.resps == NULL) {
		err = CS_ENOMEM;
		goto out;
	}
	if ((err = parse_anchor_lists(&x, errmsg, errlen)) != CS_OK)
		goto out;
	for (size_t i = 0; i < c->nqueries; i++) {
		x.resps[i].q = &c->queries[i];
		if (c->queries[i].response != NULL)
			x.resps[i].ok = cs_msg_parse(c->queries[i].response,
						     c->queries[i].response_len, &a->arena,
						     &x.resps[i].m, NULL) == CS_OK;
	}
	build_zones(&x);
	for (size_t i = 0; i < a->nzones && x.err == CS_OK; i++)
		eval_zone(&x, &a->zones[i]);
	if (x.err == CS_OK)
		eval_answer(&x);
	if (x.err == CS_OK)
		finish(&x);
	err = x.err;
out:
	free(x.resps);
	cs_rrlist_free(&x.anchors);
	cs_rrlist_free(&x.overrides);
	if (err != CS_OK) {
		if (err == CS_ENOMEM)
			snprintf(errmsg, errlen, "out of memory");
		cs_analysis_free(&a);
		return err;
	}
	*out = a;
	return CS_OK;
}

void cs_analysis_free(cs_analysis **pa)
{
	if (pa == NULL || *pa == NULL)
		return;
	cs_arena_clear(&(*pa)->arena);
	free(*pa);
	*pa = NULL;
}
