/*
 * an_ctx.h - internal to the analyzer: the working context of one analysis
 * and the small tools every part uses (arena strings, findings storage,
 * looking up captured responses). Not part of the public API; include
 * analyze.h for that. Each part of the analyzer has its own internal header
 * (an_sig.h, an_delegation.h, an_keys.h, an_zone.h, an_servers.h,
 * an_records.h, an_answer.h) and includes only the parts it calls.
 *
 * Ownership: every string and array made here lives in the analysis arena
 * (x->ar) and is freed with the analysis. Allocation failures set x->err
 * and return an empty string or NULL; callers check x->err at stage ends.
 */
#ifndef CS_AN_CTX_H
#define CS_AN_CTX_H

#include "analyze/analyze.h"
#include "base/buf.h"
#include "dns/rrlist.h"
#include "dnssec/verify_cache.h"

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
	resp *resps;		 /* one per capture query */
	cs_rrlist anchors;	 /* trust anchors in use */
	const char **anchor_src; /* the source of each anchor (malloc'd array, arena strings) */
	cs_rrlist overrides;	 /* --ds records */
	bool lists_in_arena;	 /* anchors and overrides live in the arena (parsed) */
	cs_err err;		 /* first allocation failure */
	bool recursive;		 /* one resolver answered everything: queries are not tied to a
				   zone and answers carry no AA bit */
	/* Signature verifications so far (bounded by o->max_verifications). */
	unsigned verifications;
	/* This analysis's memo of verifications: servers serve the same
	 * signatures, and several checks look at each; NULL when it could not
	 * be made (then every verification runs). */
	cs_verify_cache *memo;
} ctx;

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

/* Attach records to publish to a finding (f may be NULL): list holds one
 * or more presentation-format records separated by "; ". */
void an_publish(ctx *x, cs_finding *f, const char *list);

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

/* Is server (address text) one of zone z's servers? */
bool an_zone_serves(const cs_zone *z, const char *server);

/* Index of the zone named n, -1. */
int an_zone_index(cs_analysis *a, const cs_name *n);

#endif
