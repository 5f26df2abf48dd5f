#include "capture/pcap_flow.h"

#include "capture/import.h"
#include "dns/rrtype.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_STREAMS  65536u
#define MATCH_WINDOW 4096u /* messages searched after a query for its response */
#define MAX_STREAMED (64u << 20)

static bool same_flow(const pf_packet *a, const pf_packet *b)
{
	size_t n = a->family == 4 ? 4 : 16;
	return a->family == b->family && a->tcp == b->tcp && a->sport == b->sport &&
	       a->dport == b->dport && memcmp(a->src, b->src, n) == 0 &&
	       memcmp(a->dst, b->dst, n) == 0;
}

/* Does response r answer query q (the reverse flow)? */
static bool reverse_flow(const pf_packet *q, const pf_packet *r)
{
	size_t n = q->family == 4 ? 4 : 16;
	return q->family == r->family && q->tcp == r->tcp && q->sport == r->dport &&
	       q->dport == r->sport && memcmp(q->src, r->dst, n) == 0 &&
	       memcmp(q->dst, r->src, n) == 0;
}

cs_err pf_add_message(pf_ctx *x, const pf_packet *pk, const cs_msg *m, const uint8_t *octets,
		      size_t len)
{
	if (x->nmsgs == PF_MAX_MESSAGES)
		return CS_ELIMIT;
	if (x->nmsgs == x->cap_msgs) {
		size_t cap = x->cap_msgs ? x->cap_msgs * 2 : 64;
		pf_msg *v = realloc(x->msgs, cap * sizeof(*v));
		if (v == NULL)
			return CS_ENOMEM;
		x->msgs = v;
		x->cap_msgs = cap;
	}
	pf_msg *d = &x->msgs[x->nmsgs];
	memset(d, 0, sizeof(*d));
	d->at = *pk;
	d->at.payload = NULL;
	d->qr = m->qr;
	d->id = m->id;
	d->qname = m->qname;
	d->qtype = m->qtype;
	d->rd = m->rd;
	d->cd = m->cd;
	d->do_bit = m->has_edns && m->edns_do;
	d->edns_size = m->has_edns ? m->edns_udp_size : 0;
	d->octets = malloc(len ? len : 1);
	if (d->octets == NULL)
		return CS_ENOMEM;
	memcpy(d->octets, octets, len);
	d->len = len;
	x->nmsgs++;
	return CS_OK;
}

cs_err pf_tcp_segment(pf_ctx *x, const pf_packet *pk)
{
	pf_stream *s = NULL;
	for (size_t i = x->nstreams; i-- > 0;)
		if (same_flow(&x->streams[i].first, pk)) {
			s = &x->streams[i];
			break;
		}
	if (s != NULL && pk->syn && s->started) {
		s = NULL; /* a new connection on the same ports */
	}
	if (s == NULL) {
		if (x->nstreams == MAX_STREAMS)
			return CS_OK;
		pf_stream *v = realloc(x->streams, (x->nstreams + 1) * sizeof(*v));
		if (v == NULL)
			return CS_ENOMEM;
		x->streams = v;
		s = &v[x->nstreams++];
		memset(s, 0, sizeof(*s));
		s->first = *pk;
		s->first.payload = NULL;
		cs_buf_init(&s->data);
	}
	if (pk->syn) {
		s->next_seq = pk->seq + 1;
		s->started = true;
		return CS_OK;
	}
	if (pk->plen == 0 || s->gap)
		return CS_OK;
	if (!s->started) {
		s->started = true;
		s->next_seq = pk->seq;
	}
	if (s->data.len == 0) {
		s->first.number = pk->number;
		s->first.ts_us = pk->ts_us;
	}
	uint32_t ahead = pk->seq - s->next_seq; /* serial arithmetic */
	if (ahead != 0 && ahead < 0x80000000u) {
		s->gap = true; /* a segment is missing (or out of order) */
		return CS_OK;
	}
	uint32_t behind = s->next_seq - pk->seq;
	if (behind >= pk->plen)
		return CS_OK; /* a retransmission of what we have */
	if (s->data.len + pk->plen > MAX_STREAMED) {
		s->gap = true;
		return CS_OK;
	}
	cs_buf_put(&s->data, pk->payload + behind, pk->plen - behind);
	s->next_seq += (uint32_t)(pk->plen - behind);
	return s->data.err;
}

void pf_free(pf_ctx *x)
{
	for (size_t i = 0; i < x->nstreams; i++)
		cs_buf_free(&x->streams[i].data);
	free(x->streams);
	for (size_t i = 0; i < x->nmsgs; i++)
		free(x->msgs[i].octets);
	free(x->msgs);
	x->streams = NULL;
	x->msgs = NULL;
	x->nstreams = x->nmsgs = 0;
}

/* ---- zones: which server answered for which zone ---- */

/* What the responses say: the zone members, and who referred to which cut
 * (zone: the cut; addr: the referring server). */
typedef struct {
	cs_zone_table zones, referrers;
} members;

static void addr_text(unsigned family, const uint8_t *a, char out[CS_ADDR_TEXT_MAX])
{
	if (inet_ntop(family == 4 ? AF_INET : AF_INET6, a, out, CS_ADDR_TEXT_MAX) == NULL)
		snprintf(out, CS_ADDR_TEXT_MAX, "?");
}

/* The address of an A/AAAA record, as text; false for other records. */
static bool rr_address(const cs_rr *rr, char out[CS_ADDR_TEXT_MAX])
{
	if (rr->type == CS_TYPE_A && rr->rdlen == 4)
		addr_text(4, rr->rdata, out);
	else if (rr->type == CS_TYPE_AAAA && rr->rdlen == 16)
		addr_text(6, rr->rdata, out);
	else
		return false;
	return true;
}

/* The NS records of a section as zone members, with their glue. */
static cs_err ns_members(members *ms, const cs_msg *m, size_t sec)
{
	for (size_t i = 0; i < m->counts[sec]; i++) {
		const cs_rr *ns = &m->sections[sec][i];
		cs_name target;
		if (ns->type != CS_TYPE_NS || ns->rdata_err != CS_OK ||
		    cs_name_from_wire(ns->rdata, ns->rdlen, &target, NULL) != CS_OK)
			continue;
		for (size_t j = 0; j < m->counts[CS_SEC_ADDITIONAL]; j++) {
			const cs_rr *g = &m->sections[CS_SEC_ADDITIONAL][j];
			char a[CS_ADDR_TEXT_MAX];
			if (cs_name_equal(&g->owner, &target) && rr_address(g, a) &&
			    cs_zone_table_add(&ms->zones, &ns->owner, a, &target) != CS_OK)
				return CS_ENOMEM;
		}
	}
	return CS_OK;
}

/* What one response says about zones and their servers. */
static cs_err learn(members *ms, const pf_msg *r)
{
	cs_arena a;
	cs_arena_init(&a);
	cs_msg m;
	cs_err err = CS_OK;
	if (cs_msg_parse(r->octets, r->len, &a, &m, NULL) != CS_OK || !m.has_question)
		goto out;
	char srv[CS_ADDR_TEXT_MAX];
	addr_text(r->at.family, r->at.src, srv);
	if (!m.aa) {
		if (m.counts[CS_SEC_ANSWER] == 0)
			err = ns_members(ms, &m, CS_SEC_AUTHORITY);
		for (size_t i = 0; i < m.counts[CS_SEC_AUTHORITY] && err == CS_OK; i++)
			if (m.sections[CS_SEC_AUTHORITY][i].type == CS_TYPE_NS)
				err = cs_zone_table_add(&ms->referrers,
							&m.sections[CS_SEC_AUTHORITY][i].owner, srv,
							NULL);
		goto out;
	}
	for (size_t s = CS_SEC_ANSWER; s <= CS_SEC_AUTHORITY && err == CS_OK; s++)
		for (size_t i = 0; i < m.counts[s] && err == CS_OK; i++) {
			const cs_rr *rr = &m.sections[s][i];
			cs_name signer;
			if (rr->type == CS_TYPE_SOA && s == CS_SEC_AUTHORITY)
				err = cs_zone_table_add(&ms->zones, &rr->owner, srv, NULL);
			else if (rr->type == CS_TYPE_RRSIG && rr->rdlen > 18 &&
				 cs_name_from_wire(rr->rdata + 18, rr->rdlen - 18u, &signer,
						   NULL) == CS_OK &&
				 (cs_name_equal(&signer, &rr->owner) ||
				  cs_name_is_below(&rr->owner, &signer)))
				err = cs_zone_table_add(&ms->zones, &signer, srv, NULL);
			else if (s == CS_SEC_ANSWER && cs_name_equal(&rr->owner, &m.qname) &&
				 (rr->type == CS_TYPE_SOA || rr->type == CS_TYPE_DNSKEY ||
				  (rr->type == CS_TYPE_NS && m.qtype == CS_TYPE_NS)))
				err = cs_zone_table_add(&ms->zones, &rr->owner, srv, NULL);
		}
	if (err == CS_OK && m.qtype == CS_TYPE_NS)
		err = ns_members(ms, &m, CS_SEC_ANSWER);
out:
	cs_arena_clear(&a);
	return err;
}

/* A server that referred to a cut and serves no zone above it serves the
 * deepest known zone above the cut (the root when none is known). Shallow
 * cuts first, so a zone found here can place a deeper referrer. */
static cs_err place_referrers(members *ms)
{
	for (unsigned depth = 1; depth <= CS_NAME_MAXLEN / 2; depth++)
		for (size_t i = 0; i < ms->referrers.n; i++) {
			const cs_zone_member *r = &ms->referrers.v[i];
			cs_name above;
			if (cs_name_labels(&r->zone) != depth ||
			    cs_zone_table_serves_above(&ms->zones, &r->zone, r->addr))
				continue;
			cs_zone_table_above(&ms->zones, &r->zone, &above);
			if (cs_zone_table_add(&ms->zones, &above, r->addr, NULL) != CS_OK)
				return CS_ENOMEM;
		}
	return CS_OK;
}

/* Types asked to check a chain rather than for data. */
static bool chain_type(uint16_t t)
{
	return t == CS_TYPE_DNSKEY || t == CS_TYPE_DS || t == CS_TYPE_NS || t == CS_TYPE_SOA ||
	       t == CS_TYPE_CDS || t == CS_TYPE_CDNSKEY;
}

/* How good a guess at the target m is: a query over a response, a stub's
 * question (RD set: a resolver's client, dig to a resolver) over iterative
 * ones, a data type over the chain's own (a dig session walking the chain),
 * then the deepest name. */
static unsigned target_score(const pf_msg *m)
{
	return (m->qr ? 0u : 1u << 11) | (!m->qr && m->rd ? 1u << 10 : 0u) |
	       (chain_type(m->qtype) ? 0u : 1u << 9) | cs_name_labels(&m->qname);
}

/* The target: qname/qtype if given, else the best guess (the earliest of
 * the best). */
static bool pick_target(pf_ctx *x, const cs_name *qname, uint16_t qtype, cs_capture *c)
{
	const pf_msg *best = NULL;
	for (size_t i = 0; i < x->nmsgs; i++) {
		const pf_msg *m = &x->msgs[i];
		if (qname && (!cs_name_equal(&m->qname, qname) || (qtype && m->qtype != qtype)))
			continue;
		if (best == NULL || target_score(m) > target_score(best))
			best = m;
	}
	if (best) {
		c->qname = best->qname;
		c->qtype = qtype ? qtype : best->qtype;
		return true;
	}
	char nb[CS_NAME_TEXT_MAX];
	if (qname)
		cs_import_fail(&x->e, CS_ENOTFOUND, "%s is not asked in this packet capture",
			       cs_name_str(qname, nb));
	else
		cs_import_fail(&x->e, CS_ENOTFOUND, "no DNS query or response on port 53");
	return false;
}

/* One capture query for a query and/or its response (either may be NULL). */
static cs_err add_query(cs_capture *c, const members *ms, const pf_msg *q, const pf_msg *r,
			int64_t start, bool recursive)
{
	const pf_msg *m = q ? q : r;
	cs_capture_query cq = {
	    .port = 53,
	    .transport = m->at.tcp ? CS_TRANSPORT_TCP : CS_TRANSPORT_UDP,
	    .qname = m->qname,
	    .qtype = m->qtype,
	    .rtt_us = -1,
	    .result = r ? CS_QRESULT_ANSWER : CS_QRESULT_TIMEOUT,
	};
	char srv[CS_ADDR_TEXT_MAX];
	if (q)
		addr_text(q->at.family, q->at.dst, srv);
	else
		addr_text(r->at.family, r->at.src, srv);
	cq.server = srv;
	cq.port = q ? q->at.dport : r->at.sport;
	cs_buf built;
	cs_buf_init(&built);
	if (q) {
		cq.rd = q->rd;
		cq.cd = q->cd;
		cq.do_bit = q->do_bit;
		cq.edns_size = q->edns_size;
		cq.query = q->octets;
		cq.query_len = q->len;
		cq.sent_us = q->at.ts_us - start;
	} else {
		cs_query_opts o = {.id = r->id, .rd = r->rd, .cd = r->cd};
		if (cs_msg_build_query(&r->qname, r->qtype, CS_CLASS_IN, &o, &built) != CS_OK)
			return CS_ENOMEM;
		cq.query = built.data;
		cq.query_len = built.len;
		cq.sent_us = r->at.ts_us - start;
	}
	if (r) {
		cq.response = r->octets;
		cq.response_len = r->len;
		cq.rtt_us = q ? r->at.ts_us - q->at.ts_us : 0;
	}
	if (recursive)
		cq.zone = m->qname;
	else
		cs_zone_table_zone_for(&ms->zones, &m->qname, m->qtype, srv, &cq.zone);
	cq.purpose = cs_infer_purpose(&cq.zone, &m->qname, m->qtype, !q || q->edns_size > 0,
				      cs_zone_table_has(&ms->zones, &m->qname));
	cs_err err = cs_capture_add_query(c, &cq) ? CS_OK : CS_ENOMEM;
	cs_buf_free(&built);
	return err;
}

static cs_err add_note(cs_capture *c, unsigned n, const char *what)
{
	if (n == 0)
		return CS_OK;
	char b[256];
	snprintf(b, sizeof(b), "%u %s", n, what);
	return cs_capture_add_string(c, &c->notes, &c->nnotes, b);
}

/* Match queries to responses and fill the capture. */
static cs_err fill(pf_ctx *x, cs_capture *c, members *ms)
{
	bool iterative = false;
	for (size_t i = 0; i < x->nmsgs; i++)
		if (!x->msgs[i].qr && !x->msgs[i].rd)
			iterative = true;
	bool recursive = !iterative;
	unsigned lone_resp = 0, lone_query = 0, stub = 0;
	int64_t start = x->nmsgs ? x->msgs[0].at.ts_us : 0;
	for (size_t i = 0; i < x->nmsgs; i++)
		if (x->msgs[i].at.ts_us < start)
			start = x->msgs[i].at.ts_us;
	c->started_s = start / 1000000;
	c->started_us = start % 1000000;
	for (size_t i = 0; i < x->nmsgs; i++) {
		if (x->msgs[i].qr && learn(ms, &x->msgs[i]) != CS_OK)
			return CS_ENOMEM;
		if (!x->msgs[i].qr && recursive && c->resolver == NULL) {
			char a[CS_ADDR_TEXT_MAX];
			addr_text(x->msgs[i].at.family, x->msgs[i].at.dst, a);
			c->resolver = cs_capture_strdup(c, a);
		}
	}
	if (place_referrers(ms) != CS_OK)
		return CS_ENOMEM;
	int64_t end = start;
	for (size_t i = 0; i < x->nmsgs; i++) {
		pf_msg *q = &x->msgs[i];
		if (q->at.ts_us > end)
			end = q->at.ts_us;
		if (q->qr || q->used)
			continue;
		q->used = true;
		pf_msg *r = NULL;
		size_t stop = x->nmsgs - i > MATCH_WINDOW ? i + MATCH_WINDOW : x->nmsgs;
		for (size_t j = i + 1; j < stop && r == NULL; j++) {
			pf_msg *m = &x->msgs[j];
			if (m->qr && !m->used && m->id == q->id && m->qtype == q->qtype &&
			    cs_name_equal(&m->qname, &q->qname) && reverse_flow(&q->at, &m->at))
				r = m;
		}
		if (r)
			r->used = true;
		if (q->rd && iterative) {
			stub++; /* a stub's question to the resolver recorded */
			continue;
		}
		lone_query += r == NULL;
		if (add_query(c, ms, q, r, start, recursive) != CS_OK)
			return CS_ENOMEM;
	}
	for (size_t i = 0; i < x->nmsgs; i++) {
		pf_msg *r = &x->msgs[i];
		if (!r->qr || r->used || (r->rd && iterative))
			continue;
		lone_resp++;
		if (add_query(c, ms, NULL, r, start, recursive) != CS_OK)
			return CS_ENOMEM;
	}
	c->duration_us = end - start;
	c->mode = cs_capture_strdup(c, recursive ? "recursive" : "authoritative");
	if (c->mode == NULL || cs_zone_table_to_capture(&ms->zones, c) != CS_OK ||
	    cs_capture_add_string(c, &c->notes, &c->nnotes,
				  "imported from a packet capture: only the queries in it are "
				  "here; zones inferred from referrals and authoritative "
				  "answers") != CS_OK ||
	    add_note(c, lone_query, "queries have no response in the file: recorded as timeouts") ||
	    add_note(c, lone_resp,
		     "responses have no query in the file: queries rebuilt from their question") ||
	    add_note(c, stub,
		     "queries with RD set (to a resolver) left out: the file holds "
		     "iterative traffic") ||
	    add_note(c, x->snapped, "packets cut short by the snapshot length skipped") ||
	    add_note(c, x->tcp_incomplete, "TCP streams incomplete (missing segments)"))
		return CS_ENOMEM;
	return CS_OK;
}

void pf_build(pf_ctx *x, const cs_name *qname, uint16_t qtype, cs_capture **out)
{
	cs_capture *c = cs_capture_new();
	if (c == NULL) {
		cs_import_fail(&x->e, CS_ENOMEM, "out of memory");
		return;
	}
	members ms = {0};
	if (pick_target(x, qname, qtype, c)) {
		c->tool = cs_capture_strdup(c, "packet capture (pcap)");
		c->port = 53;
		c->ipv4 = c->ipv6 = true;
		if (c->tool == NULL || fill(x, c, &ms) != CS_OK) {
			cs_import_fail(&x->e, CS_ENOMEM, "out of memory");
		}
	}
	cs_zone_table_free(&ms.zones);
	cs_zone_table_free(&ms.referrers);
	if (x->e.err != CS_OK)
		cs_capture_free(&c);
	*out = c;
}
