/*
 * an_common.h - internal to the analyzer (analyze.c, an_chain.c,
 * an_answer.c and the check modules): the working context and the helpers
 * they share. Not part of the public API; include analyze.h for that.
 *
 * Ownership: every string and array made here lives in the analysis arena
 * (x->ar) and is freed with the analysis. Allocation failures set x->err
 * and return an empty string or NULL; callers check x->err at stage ends.
 */
#ifndef CS_AN_COMMON_H
#define CS_AN_COMMON_H

#include "analyze/analyze.h"
#include "base/buf.h"
#include "dnssec/verify_cache.h"
#include "text/zonefile.h"

#define F(x) CS_F_##x

/* One captured response, parsed once. */
typedef struct {
	const cs_capture_query *q;
	cs_msg m;
	bool ok; /* parsed */
} resp;

/* The analyzer's working state for one analysis. */
typedef struct {
	const cs_capture *c;
	const cs_analyze_opts *o;
	cs_analysis *a;
	cs_arena *ar;
	resp *resps;	     /* one per capture query */
	cs_rrlist anchors;   /* trust anchors in use */
	cs_rrlist overrides; /* --ds records */
	cs_err err;	     /* first allocation failure */
	bool recursive;	     /* one resolver answered everything: queries are not tied to a
			       zone and answers carry no AA bit */
	/* Signature verifications so far (bounded by o->max_verifications). */
	unsigned verifications;
	/* This analysis's memo of verifications: servers serve the same
	 * signatures, and several checks look at each; NULL when it could not
	 * be made (then every verification runs). */
	cs_verify_cache *memo;
} ctx;

/* The worse of two states (secure < insecure < indeterminate < bogus). */
cs_state an_worst(cs_state a, cs_state b);

/* printf into the arena; "" on allocation failure (x->err set). */
const char *an_strf(ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A name, a record, a time (ISO 8601) as arena strings. */
const char *an_name(ctx *x, const cs_name *n);
const char *an_rr(ctx *x, const cs_rr *rr);
const char *an_time(ctx *x, int64_t t);

/* Zeroed arena memory; NULL with x->err set when out of memory. */
void *an_alloc(ctx *x, size_t n);

/* String equality. */
bool an_same(const char *a, const char *b);

/* Add a finding (fix NULL: the catalogue's), or add server to an identical
 * one (same code, zone, subject, message). Returns it, NULL on failure. */
cs_finding *an_finding(ctx *x, cs_finding_code code, const cs_name *zone, const char *server,
		       const char *subject, const char *fix, const char *message);

/* Add an evidence line to a finding (duplicates ignored; f may be NULL). */
void an_evidence(ctx *x, cs_finding *f, const char *line);

/* The best parsed response of server to qname/qtype asked for zone (TCP
 * beats truncated UDP); NULL when none. */
const resp *an_find_resp(ctx *x, const cs_name *zone, const char *server, const cs_name *qname,
			 uint16_t qtype);

/* Did server give any parsable response for zone? Counts the failures. */
bool an_server_answered(ctx *x, const cs_name *zone, const char *server, unsigned *timeouts,
			unsigned *refused, unsigned *malformed);

/* Well-formed RRs of owner/type in a section (array in the arena); the
 * count, 0 with *out NULL when none. */
size_t an_collect(ctx *x, const cs_msg *m, int sec, const cs_name *owner, uint16_t type,
		  const cs_rr ***out);

/* RRSIGs in a section at owner covering type. */
size_t an_collect_sigs(ctx *x, const cs_msg *m, int sec, const cs_name *owner, uint16_t type,
		       const cs_rr ***out);

/* Same RDATA as sets? */
bool an_same_rdata(const cs_rr *const *a, size_t na, const cs_rr *const *b, size_t nb);

/* Key predicates for an_eval_rrset: part of a secure DNSKEY RRset; or
 * matched by the parent's DS (zone key, not revoked). */
bool an_key_trusted(const cs_key *k);
bool an_key_ds_match(const cs_key *k);
/* Any zone key that is not revoked: to tell a signature's crypto apart
 * from its trust when the set is bogus anyway. */
bool an_key_any(const cs_key *k);

/* Evaluate every RRSIG of an RRset (s->rrs set) with the keys of z that
 * usable() accepts (only keys with the RRSIG's tag and algorithm are
 * tried); s->state becomes secure when one is valid, else bogus. The work
 * is bounded: after o->max_rrset_verifications verifications in this call,
 * or o->max_verifications in the analysis, the remaining RRSIGs are
 * CS_SIG_NOT_CHECKED and a finding says so (RRSIG_VALIDATION_LIMIT, as a
 * validator would give up: bogus unless a checked one is valid; or
 * PROBE_LIMIT_REACHED for the analysis budget: indeterminate). */
void an_eval_rrset(ctx *x, cs_rrset *s, const cs_rr *const *sigs, size_t nsigs, const cs_zone *z,
		   bool (*usable)(const cs_key *));

/* The most telling failed signature of a set; NULL when it has none. */
const cs_sig_eval *an_worst_sig(const cs_rrset *s);

/* Report why an RRset does not validate (as seen from server). */
void an_report_bogus(ctx *x, const cs_zone *z, const cs_rrset *s, const char *server);

/* Index of the zone named n, -1. */
int an_zone_index(cs_analysis *a, const cs_name *n);

/* "zone IN DS tag alg 2 digest" for each SEP key of z ("; "-separated), or
 * NULL when it has none. */
const char *an_suggested_ds(ctx *x, const cs_zone *z);

/* Consistency of a zone's servers and its delegation (an_servers.c):
 * called once per zone after its keys and DS link are evaluated. */
void an_check_servers(ctx *x, cs_zone *z);

/* Checks on a zone's signed records: validity windows, TTLs, algorithm
 * completeness, CDS/CDNSKEY (an_records.c); called after an_check_servers. */
void an_check_records(ctx *x, cs_zone *z);

/* Stages, in order (an_chain.c, an_answer.c). */
cs_err an_parse_anchors(ctx *x, char *errmsg, size_t errlen);
void an_build_zones(ctx *x);
void an_eval_zone(ctx *x, cs_zone *z);
void an_eval_answer(ctx *x);
void an_finish(ctx *x);

#endif
