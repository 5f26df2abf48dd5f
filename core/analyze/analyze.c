#include "analyze/an_answer.h"
#include "analyze/an_anchors.h"
#include "analyze/an_records.h"
#include "analyze/an_servers.h"
#include "analyze/an_zone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Key fields whose OpenSSL keys one analysis keeps (a chain has a few
 * keys per zone; a zone with more only makes its keys again). */
#define AN_HELD_KEYS 64

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

cs_state cs_state_worst(cs_state a, cs_state b)
{
	return a > b ? a : b;
}

const char *cs_ds_status_str(cs_ds_status s)
{
	static const char *const n[] = {"matches",
					"no-key",
					"no-algorithm",
					"digest-mismatch",
					"digest-unsupported",
					"algorithm-unsupported",
					"malformed",
					"unsigned-child",
					"keys-unknown"};
	return (unsigned)s <= CS_DS_KEYS_UNKNOWN ? n[s] : "unknown";
}

const char *cs_anchor_status_str(cs_anchor_status s)
{
	static const char *const n[] = {"signs", "key-not-signing", "no-key", "unsupported",
					"malformed"};
	return (unsigned)s <= CS_ANCHOR_MALFORMED ? n[s] : "unknown";
}

/* ---- entry points ---- */

void cs_analyze_opts_default(cs_analyze_opts *o, const cs_capture *c)
{
	memset(o, 0, sizeof(*o));
	o->at = c ? c->started_s : 0;
	o->expiring_window = 3 * 86400;
	o->max_nsec3_iterations = 150;
	o->max_rrset_verifications = CS_AN_RRSET_VERIFICATIONS;
	o->max_verifications = CS_AN_VERIFICATIONS;
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
	x.recursive = c->mode != NULL && strcmp(c->mode, "recursive") == 0;
	/* Every zone, at most 4 MiB, and the keys of a chain's DNSKEY sets. */
	if (cs_verify_cache_new_local(4u << 20, AN_HELD_KEYS, o->verify_cache, &x.memo) != CS_OK)
		x.memo = NULL;
	cs_err err = CS_OK;
	x.resps = calloc(c->nqueries ? c->nqueries : 1, sizeof(*x.resps));
	if (x.resps == NULL) {
		err = CS_ENOMEM;
		goto out;
	}
	if ((err = an_parse_anchors(&x, errmsg, errlen)) != CS_OK)
		goto out;
	for (size_t i = 0; i < c->nqueries; i++) {
		const cs_capture_query *q = &c->queries[i];
		x.resps[i].q = q;
		if (q->response == NULL)
			continue;
		x.resps[i].ok =
		    cs_msg_memo_parse_or(q->cached ? o->msg_memo : NULL, q->response,
					 q->response_len, &a->arena, &x.resps[i].m) == CS_OK;
	}
	an_build_zones(&x);
	for (size_t i = 0; i < a->nzones && x.err == CS_OK; i++) {
		an_eval_zone(&x, &a->zones[i]);
		an_check_servers(&x, &a->zones[i]);
		an_check_records(&x, &a->zones[i]);
	}
	if (x.err == CS_OK)
		an_eval_answer(&x);
	if (x.err == CS_OK)
		an_finish(&x);
	for (size_t i = 0; i < a->nzones && x.err == CS_OK; i++)
		an_summarise_servers(&x, &a->zones[i]);
	err = x.err;
out:
	cs_verify_cache_free(&x.memo);
	free(x.resps);
	if (!x.lists_in_arena) {
		cs_rrlist_free(&x.anchors);
		cs_rrlist_free(&x.overrides);
	}
	free(x.anchor_src);
	if (err != CS_OK) {
		if (err == CS_ENOMEM)
			snprintf(errmsg, errlen, "out of memory");
		cs_analysis_free(&a);
		return err;
	}
	*out = a;
	return CS_OK;
}

const cs_ds_link *cs_zone_ds_link(const cs_zone *z, const cs_rr *ds)
{
	for (size_t i = 0; i < z->nds_links; i++)
		if (z->ds_links[i].rr->rdlen == ds->rdlen &&
		    memcmp(z->ds_links[i].rr->rdata, ds->rdata, ds->rdlen) == 0)
			return &z->ds_links[i];
	return NULL;
}

cs_analysis *cs_analysis_provisional(const cs_name *names, const int *parents, size_t n, int64_t at)
{
	cs_analysis *a = calloc(1, sizeof(*a));
	if (a == NULL)
		return NULL;
	cs_arena_init(&a->arena);
	a->at = at;
	a->verdict = CS_STATE_INDETERMINATE;
	a->answer = CS_ANSWER_NONE;
	a->zones = cs_arena_alloc(&a->arena, (n ? n : 1) * sizeof(*a->zones));
	if (a->zones == NULL) {
		cs_analysis_free(&a);
		return NULL;
	}
	memset(a->zones, 0, (n ? n : 1) * sizeof(*a->zones));
	for (size_t i = 0; i < n; i++) {
		cs_zone *z = &a->zones[i];
		z->name = names[i];
		z->parent = parents[i] >= 0 && (size_t)parents[i] < i ? parents[i] : -1;
		z->state = CS_STATE_INDETERMINATE;
		z->delegation = CS_STATE_INDETERMINATE;
		z->server_summary.worst = CS_STATE_INDETERMINATE;
	}
	a->nzones = n;
	return a;
}

void cs_analysis_free(cs_analysis **pa)
{
	if (pa == NULL || *pa == NULL)
		return;
	cs_arena_clear(&(*pa)->arena);
	free(*pa);
	*pa = NULL;
}
