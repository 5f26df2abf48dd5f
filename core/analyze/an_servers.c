/*
 * an_servers.c - what the servers of a zone say about each other and about
 * the delegation: refusals, TCP after truncation, SOA serials, signatures,
 * NS sets at parent and child, glue.
 *
 * Every fact comes from captured responses, which are hostile: only parsed
 * messages (resp.ok) and well-formed records (an_collect) are read, and a
 * missing response means "no data", never a finding. Truncated responses
 * are not compared: their sections may be incomplete.
 */
#include "analyze/an_servers.h"
#include "text/rdata_text.h"

#include "dns/rdata.h"
#include "text/dnstime.h"

#include <stdio.h>
#include <string.h>

#define TYPE_NULL 10 /* the probe's NODATA question */

/* ---- lists in the arena ---- */

/* Distinct strings, in the order first added. */
typedef struct {
	const char **v;
	size_t n, cap;
} strs;

/* Records, each with the server that served it. */
typedef struct {
	const cs_rr *rr;
	const char *server;
} seen;

typedef struct {
	seen *v;
	size_t n, cap;
} seens;

/* Make room for one more elem-sized item; false on failure (x->err set). */
static bool grow(ctx *x, void **v, size_t n, size_t *cap, size_t elem)
{
	if (n < *cap)
		return true;
	void *nv = an_alloc(x, (*cap ? *cap * 2 : 8) * elem);
	if (nv == NULL)
		return false;
	if (n)
		memcpy(nv, *v, n * elem);
	*v = nv;
	*cap = *cap ? *cap * 2 : 8;
	return true;
}

/* Add s to l unless it is there. */
static void strs_add(ctx *x, strs *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (an_same(l->v[i], s))
			return;
	if (grow(x, (void **)&l->v, l->n, &l->cap, sizeof(*l->v)))
		l->v[l->n++] = s;
}

/* The strings joined with ", " (an arena string; "" when empty). */
static const char *join(ctx *x, const strs *l)
{
	cs_buf b;
	cs_buf_init(&b);
	for (size_t i = 0; i < l->n; i++)
		cs_buf_printf(&b, "%s%s", i ? ", " : "", l->v[i]);
	const char *s = an_strf(x, "%s", cs_buf_cstr(&b));
	cs_buf_free(&b);
	return s;
}

/* Append rr as served by server. */
static void seens_add(ctx *x, seens *l, const cs_rr *rr, const char *server)
{
	if (grow(x, (void **)&l->v, l->n, &l->cap, sizeof(*l->v)))
		l->v[l->n++] = (seen){rr, server};
}

/* ---- small helpers ---- */

/* "ns1.example. (192.0.2.1)" when z lists the address under a name, else
 * the address (servers given with --ns have no name). */
static const char *label(ctx *x, const cs_zone *z, const char *addr)
{
	for (size_t i = 0; i < z->nservers; i++)
		if (an_same(z->servers[i].address, addr) && z->servers[i].ns_name != NULL &&
		    z->servers[i].ns_name[0] != 0)
			return an_strf(x, "%s (%s)", z->servers[i].ns_name, addr);
	return addr;
}

/* Add a finding that concerns every server of sv (none when sv is empty);
 * returns it, NULL on failure. */
static cs_finding *finding(ctx *x, cs_finding_code code, const cs_zone *z, const strs *sv,
			   const char *subject, const char *fix, const char *msg)
{
	cs_finding *f = an_finding(x, code, &z->name, sv->n ? sv->v[0] : NULL, subject, fix, msg);
	for (size_t i = 1; i < sv->n && f != NULL; i++)
		f = an_finding(x, code, &z->name, sv->v[i], subject, fix, msg);
	return f;
}

/* Same type and RDATA octets? */
static bool same_rr(const cs_rr *a, const cs_rr *b)
{
	return a->type == b->type && a->rdlen == b->rdlen &&
	       memcmp(a->rdata, b->rdata, a->rdlen) == 0;
}

/* Is rr an NS record naming t? Is it owned by t? (Matchers for seens.) */
static bool by_target(const cs_rr *rr, const cs_name *t)
{
	cs_name u;
	return rr->type == CS_TYPE_NS &&
	       cs_name_from_wire(rr->rdata, rr->rdlen, &u, NULL) == CS_OK && cs_name_equal(&u, t);
}

static bool by_owner(const cs_rr *rr, const cs_name *t)
{
	return cs_name_equal(&rr->owner, t);
}

typedef bool (*matcher)(const cs_rr *, const cs_name *);

/* Does a record of l match t? With who, collect the servers of those that do. */
static bool any_of(ctx *x, const seens *l, matcher match, const cs_name *t, strs *who)
{
	bool hit = false;
	for (size_t i = 0; i < l->n; i++)
		if (match(l->v[i].rr, t)) {
			hit = true;
			if (who)
				strs_add(x, who, l->v[i].server);
		}
	return hit;
}

/* Evidence "side servers: record" for each distinct record of l matching t. */
static void evidence_of(ctx *x, cs_finding *f, const char *side, const seens *l, matcher match,
			const cs_name *t)
{
	for (size_t i = 0; i < l->n; i++) {
		const cs_rr *rr = l->v[i].rr;
		size_t first = 0;
		while (first < i && !(match(l->v[first].rr, t) && same_rr(l->v[first].rr, rr)))
			first++;
		if (!match(rr, t) || first < i)
			continue; /* not wanted, or already shown */
		strs who = {0};
		for (size_t k = i; k < l->n; k++)
			if (match(l->v[k].rr, t) && same_rr(l->v[k].rr, rr))
				strs_add(x, &who, l->v[k].server);
		an_evidence(x, f, an_strf(x, "%s %s: %s", side, join(x, &who), an_rr(x, rr)));
	}
}

/* ---- refusals and TCP ---- */

/* SERVER_REFUSED: s answers REFUSED to some apex queries. A REFUSED SOA is
 * left to an_chain.c, which reports the server as lame. */
static void check_refused(ctx *x, const cs_zone *z, const cs_server_view *s)
{
	static const uint16_t types[] = {CS_TYPE_SOA, CS_TYPE_DNSKEY,  CS_TYPE_NS,
					 CS_TYPE_CDS, CS_TYPE_CDNSKEY, TYPE_NULL};
	strs refused = {0};
	char tb[16];
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		const resp *r = an_find_resp(x, &z->name, s->address, &z->name, types[i]);
		if (r != NULL && r->m.rcode == CS_RCODE_REFUSED && types[i] == CS_TYPE_SOA)
			return;
		if (r != NULL && r->m.rcode == CS_RCODE_REFUSED)
			strs_add(x, &refused, an_strf(x, "%s", cs_rrtype_str(types[i], tb)));
	}
	if (refused.n == 0)
		return;
	const char *zn = an_name(x, &z->name), *who = label(x, z, s->address),
		   *l = join(x, &refused);
	cs_finding *f = an_finding(
	    x, F(SERVER_REFUSED), &z->name, s->address, zn,
	    an_strf(x,
		    "If %s should serve %s, check its query ACLs and rate limiting for %s "
		    "queries; otherwise remove it from the NS records of %s at the parent "
		    "and in the zone.",
		    who, zn, l, zn),
	    an_strf(x, "%s answers REFUSED to %s queries at the apex of %s", who, l, zn));
	for (size_t i = 0; i < refused.n; i++)
		an_evidence(x, f, an_strf(x, "%s: %s %s -> REFUSED", s->address, zn, refused.v[i]));
}

/* Do queries a and b ask the same question (name and type) for the same
 * zone? (Their servers may differ.) */
static bool same_question(const cs_capture_query *a, const cs_capture_query *b)
{
	return a->qtype == b->qtype && cs_name_equal(&a->zone, &b->zone) &&
	       cs_name_equal(&a->qname, &b->qname);
}

/* Why the TCP retries of the truncated UDP query u failed; NULL when one
 * worked or none was sent. */
static const char *tcp_failure(ctx *x, const cs_capture_query *u)
{
	const char *why = NULL;
	for (size_t i = 0; i < x->c->nqueries; i++) {
		const cs_capture_query *q = &x->c->queries[i];
		const resp *r = &x->resps[i];
		if (q->transport != CS_TRANSPORT_TCP || !an_same(q->server, u->server) ||
		    !same_question(q, u))
			continue;
		if (q->result == CS_QRESULT_ANSWER && r->ok && r->m.rcode != CS_RCODE_REFUSED)
			return NULL;
		if (q->result == CS_QRESULT_ANSWER)
			why = r->ok ? "answered REFUSED" : "sent a malformed response";
		else if (q->result == CS_QRESULT_TIMEOUT)
			why = "timed out";
		else if (q->result == CS_QRESULT_REFUSED)
			why = "connection refused";
		else if (q->result == CS_QRESULT_NETERROR)
			why = "network error";
	}
	return why;
}

/* SERVER_TCP_FAILED: s truncated UDP answers and the TCP retry failed. */
static void check_tcp(ctx *x, const cs_zone *z, const cs_server_view *s)
{
	strs items = {0}, ev = {0};
	char tb[16];
	for (size_t i = 0; i < x->c->nqueries; i++) {
		const cs_capture_query *q = &x->c->queries[i];
		const char *why;
		if (q->transport != CS_TRANSPORT_UDP || !x->resps[i].ok || !x->resps[i].m.tc ||
		    !an_same(q->server, s->address) || !cs_name_equal(&q->zone, &z->name) ||
		    (why = tcp_failure(x, q)) == NULL)
			continue;
		const char *qs =
		    an_strf(x, "%s %s", an_name(x, &q->qname), cs_rrtype_str(q->qtype, tb));
		strs_add(x, &items, an_strf(x, "%s (TCP: %s)", qs, why));
		strs_add(x, &ev,
			 an_strf(x, "%s: %s: UDP answer with TC=1 (%zu octets), TCP: %s",
				 s->address, qs, q->response_len, why));
	}
	if (items.n == 0)
		return;
	const char *who = label(x, z, s->address);
	cs_finding *f = an_finding(
	    x, F(SERVER_TCP_FAILED), &z->name, s->address, an_name(x, &z->name),
	    an_strf(x,
		    "Allow TCP port 53 to %s in every firewall and load balancer in front of "
		    "it, and check that the server accepts TCP.",
		    who),
	    an_strf(x, "%s truncates answers over UDP and fails over TCP: %s", who,
		    join(x, &items)));
	for (size_t i = 0; i < ev.n; i++)
		an_evidence(x, f, ev.v[i]);
}

/* Did a query for u's question (at u's server, for u's zone) get a parsed
 * answer over either transport? */
static bool question_answered(ctx *x, const cs_capture_query *u)
{
	for (size_t i = 0; i < x->c->nqueries; i++) {
		const cs_capture_query *q = &x->c->queries[i];
		if (q->result == CS_QRESULT_ANSWER && x->resps[i].ok &&
		    an_same(q->server, u->server) && same_question(q, u))
			return true;
	}
	return false;
}

/* The size of another server's answer to u's question, 0 when none. */
static size_t answer_size_elsewhere(ctx *x, const cs_capture_query *u, const char **from)
{
	for (size_t i = 0; i < x->c->nqueries; i++) {
		const cs_capture_query *q = &x->c->queries[i];
		if (q->result == CS_QRESULT_ANSWER && x->resps[i].ok &&
		    q->transport == CS_TRANSPORT_UDP && !an_same(q->server, u->server) &&
		    same_question(q, u)) {
			*from = q->server;
			return q->response_len;
		}
	}
	return 0;
}

/* SERVER_QUERY_TIMEOUT: s answers some of the zone's queries, but some
 * UDP queries with EDNS never got an answer (typically a large DNSKEY
 * answer lost on the way). The query without EDNS is check_edns's, TCP
 * retries check_tcp's. */
static void check_unanswered(ctx *x, const cs_zone *z, cs_server_view *s)
{
	/* A server that answers no query with EDNS is check_edns's
	 * (SERVER_EDNS_DOWNGRADE), whatever else it leaves unanswered. */
	bool edns_answered = false;
	for (size_t i = 0; i < x->c->nqueries && !edns_answered; i++) {
		const cs_capture_query *q = &x->c->queries[i];
		edns_answered = q->result == CS_QRESULT_ANSWER && x->resps[i].ok &&
				q->edns_size > 0 && an_same(q->server, s->address) &&
				cs_name_equal(&q->zone, &z->name);
	}
	if (!edns_answered)
		return;
	strs items = {0}, ev = {0};
	char tb[16];
	for (size_t i = 0; i < x->c->nqueries; i++) {
		const cs_capture_query *q = &x->c->queries[i];
		if (q->result != CS_QRESULT_TIMEOUT || q->transport != CS_TRANSPORT_UDP ||
		    q->purpose == CS_QPURPOSE_PLAIN || !an_same(q->server, s->address) ||
		    !cs_name_equal(&q->zone, &z->name) || question_answered(x, q))
			continue;
		const char *qs =
		    an_strf(x, "%s %s", an_name(x, &q->qname), cs_rrtype_str(q->qtype, tb));
		strs_add(x, &items, qs);
		const char *from = NULL;
		size_t size = answer_size_elsewhere(x, q, &from);
		strs_add(x, &ev,
			 size
			     ? an_strf(x,
				       "%s: %s: no answer over UDP (EDNS buffer %u); %s answers it "
				       "in %zu octets",
				       s->address, qs, (unsigned)q->edns_size, from, size)
			     : an_strf(x, "%s: %s: no answer over UDP (EDNS buffer %u)", s->address,
				       qs, (unsigned)q->edns_size));
	}
	if (items.n == 0)
		return;
	const char *who = label(x, z, s->address), *zn = an_name(x, &z->name);
	cs_finding *f = an_finding(
	    x, F(SERVER_QUERY_TIMEOUT), &z->name, s->address, zn,
	    an_strf(x,
		    "Check why %s leaves %s unanswered while it answers other queries for %s: "
		    "limit its EDNS UDP answers to 1232 octets so that large ones come "
		    "truncated and are retried over TCP, keep TCP port 53 open, and remove any "
		    "firewall rule that drops IP fragments or DNS packets above 512 octets.",
		    who, join(x, &items), zn),
	    an_strf(x, "%s answers other queries for %s but never %s", who, zn, join(x, &items)));
	for (size_t i = 0; i < ev.n; i++)
		an_evidence(x, f, ev.v[i]);
	if (s->reason[0] == 0)
		snprintf(s->reason, sizeof(s->reason), "never answers %s", join(x, &items));
}

/* ---- versions of the apex: SOA serials and signatures ---- */

/* Servers that serve one version of an apex RRset. */
typedef struct {
	const cs_rr **rrs, **sigs;
	size_t nrrs, nsigs;
	int64_t key; /* SOA serial, or the latest signature inception */
	strs servers;
} version;

/* The versions of the apex RRset of type, one per distinct RRset and
 * RRSIGs, from the servers that answered; the count (out has nservers). */
static size_t versions(ctx *x, const cs_zone *z, uint16_t type, version *out)
{
	size_t n = 0;
	for (size_t i = 0; i < z->nservers; i++) {
		const cs_server_view *s = &z->servers[i];
		const resp *r =
		    s->answered ? an_find_resp(x, &z->name, s->address, &z->name, type) : NULL;
		version v = {.key = INT64_MIN};
		if (r == NULL || r->m.rcode != CS_RCODE_NOERROR || r->m.tc ||
		    (v.nrrs = an_collect(x, &r->m, CS_SEC_ANSWER, &z->name, type, &v.rrs)) == 0)
			continue;
		v.nsigs = an_collect_sigs(x, &r->m, CS_SEC_ANSWER, &z->name, type, &v.sigs);
		size_t k = 0;
		while (k < n && !(an_same_rdata(out[k].rrs, out[k].nrrs, v.rrs, v.nrrs) &&
				  an_same_rdata(out[k].sigs, out[k].nsigs, v.sigs, v.nsigs)))
			k++;
		for (size_t j = 0; k == n && j < v.nsigs; j++) {
			cs_rrsig_view sv;
			if (cs_rrsig_view_parse(v.sigs[j]->rdata, v.sigs[j]->rdlen, &sv) == CS_OK &&
			    cs_dnstime_resolve(sv.inception, x->o->at) > v.key)
				v.key = cs_dnstime_resolve(sv.inception, x->o->at);
		}
		if (k == n)
			out[n++] = v;
		strs_add(x, &out[k].servers, s->address);
	}
	return n;
}

/* The one version no other is newer than (by serial number arithmetic,
 * RFC 1982 §3.2, or plainly), or n when there is none or several. The
 * servers of all others (of all when n) go to lag, with their labels to
 * lagl. */
static size_t laggards(ctx *x, const cs_zone *z, const version *v, size_t n, bool serial, strs *lag,
		       strs *lagl)
{
	size_t top = n, tops = 0;
	for (size_t g = 0; g < n; g++) {
		bool best = true;
		for (size_t h = 0; h < n; h++) {
			uint32_t ahead =
			    (uint32_t)v[h].key - (uint32_t)v[g].key; /* h newer: 1..2^31-1 */
			best &= serial ? ahead == 0 || ahead >= 0x80000000u : v[h].key <= v[g].key;
		}
		if (best && tops++ == 0)
			top = g;
	}
	top = tops == 1 ? top : n;
	for (size_t g = 0; g < n; g++)
		for (size_t i = 0; i < v[g].servers.n && g != top; i++) {
			strs_add(x, lag, v[g].servers.v[i]);
			strs_add(x, lagl, label(x, z, v[g].servers.v[i]));
		}
	return top;
}

/* The serial of an SOA record; false when the RDATA is too short. */
static bool soa_serial(const cs_rr *rr, int64_t *out)
{
	size_t off = 0, used;
	cs_name n;
	for (int i = 0; i < 2; i++) {
		if (cs_name_from_wire(rr->rdata + off, rr->rdlen - off, &n, &used) != CS_OK)
			return false;
		off += used;
	}
	if (rr->rdlen - off < 20)
		return false;
	const uint8_t *p = rr->rdata + off;
	*out = (int64_t)((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]);
	return true;
}

/* SERVERS_SOA_SERIAL_DIFFER: the SOA versions v[0..n) hold different serials. */
static void check_serials(ctx *x, const cs_zone *z, const version *v, size_t n)
{
	version *g = an_alloc(x, (n ? n : 1) * sizeof(*g));
	size_t m = 0;
	for (size_t i = 0; g != NULL && i < n; i++) {
		int64_t serial;
		size_t k = 0;
		if (!soa_serial(v[i].rrs[0], &serial))
			continue;
		while (k < m && g[k].key != serial)
			k++;
		if (k == m)
			g[m++] = (version){.rrs = v[i].rrs, .nrrs = 1, .key = serial};
		for (size_t j = 0; j < v[i].servers.n; j++)
			strs_add(x, &g[k].servers, v[i].servers.v[j]);
	}
	if (m < 2)
		return;
	strs parts = {0}, lag = {0}, lagl = {0};
	size_t top = laggards(x, z, g, m, true, &lag, &lagl);
	for (size_t k = 0; k < m; k++)
		strs_add(x, &parts,
			 an_strf(x, "%lld at %s", (long long)g[k].key, join(x, &g[k].servers)));
	const char *zn = an_name(x, &z->name);
	cs_finding *f = finding(
	    x, F(SERVERS_SOA_SERIAL_DIFFER), z, &lag, an_strf(x, "%s SOA", zn),
	    top == m ? NULL
		     : an_strf(x,
			       "%s lag%s behind serial %lld: check the zone transfer from the "
			       "primary (NOTIFY, transfer ACLs, TSIG keys, refresh timers) and "
			       "force a transfer.",
			       join(x, &lagl), lagl.n > 1 ? "" : "s", (long long)g[top].key),
	    an_strf(x, "the servers of %s serve %zu different SOA serials: %s", zn, m,
		    join(x, &parts)));
	for (size_t k = 0; k < m; k++)
		an_evidence(x, f,
			    an_strf(x, "%s: %s", join(x, &g[k].servers), an_rr(x, g[k].rrs[0])));
}

/* "key 41886 from T1 to T2" for each signature of a version. */
static const char *sigs_text(ctx *x, const version *v)
{
	strs l = {0};
	for (size_t i = 0; i < v->nsigs; i++) {
		cs_rrsig_view s;
		if (cs_rrsig_view_parse(v->sigs[i]->rdata, v->sigs[i]->rdlen, &s) == CS_OK)
			strs_add(x, &l,
				 an_strf(x, "key %u from %s to %s", s.key_tag,
					 an_time(x, cs_dnstime_resolve(s.inception, x->o->at)),
					 an_time(x, cs_dnstime_resolve(s.expiration, x->o->at))));
	}
	return l.n ? join(x, &l) : "no signature";
}

/* SERVERS_RRSIG_DIFFER: versions v[0..n) of the apex RRset of type that hold
 * the same records differ in their RRSIGs. Versions whose records differ
 * are the serial and DNSKEY checks' business. */
static void check_sigs(ctx *x, const cs_zone *z, uint16_t type, version *v, size_t n)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		bool twin = false;
		for (size_t k = 0; k < n; k++)
			twin |= k != i && an_same_rdata(v[k].rrs, v[k].nrrs, v[i].rrs, v[i].nrrs);
		if (twin)
			v[m++] = v[i]; /* keep only versions whose records another has */
	}
	if (m < 2)
		return;
	strs parts = {0}, lag = {0}, lagl = {0};
	size_t top = laggards(x, z, v, m, false, &lag, &lagl);
	for (size_t i = 0; i < m; i++)
		strs_add(x, &parts,
			 an_strf(x, "%s: %s", join(x, &v[i].servers), sigs_text(x, &v[i])));
	char tb[16];
	const char *subject = an_strf(x, "%s %s", an_name(x, &z->name), cs_rrtype_str(type, tb));
	cs_finding *f = finding(
	    x, F(SERVERS_RRSIG_DIFFER), z, &lag, subject,
	    top == m ? NULL
		     : an_strf(x,
			       "%s serve%s older signatures over %s than %s: check the zone "
			       "transfer to %s and force a transfer; in a multi-signer setup, "
			       "check each provider's signer.",
			       join(x, &lagl), lagl.n > 1 ? "" : "s", subject,
			       join(x, &v[top].servers), lagl.n > 1 ? "them" : "it"),
	    an_strf(x, "the servers of %s serve different signatures over the same %s RRset: %s",
		    an_name(x, &z->name), cs_rrtype_str(type, tb), join(x, &parts)));
	for (size_t i = 0; i < m; i++)
		for (size_t j = 0; j < v[i].nsigs; j++)
			an_evidence(
			    x, f,
			    an_strf(x, "%s: %s", join(x, &v[i].servers), an_rr(x, v[i].sigs[j])));
}

/* Serials and signatures of the SOA and DNSKEY RRsets across the servers. */
static void check_versions(ctx *x, const cs_zone *z)
{
	version *v = an_alloc(x, (z->nservers ? z->nservers : 1) * sizeof(*v));
	if (v == NULL)
		return;
	size_t n = versions(x, z, CS_TYPE_SOA, v);
	check_serials(x, z, v, n);
	check_sigs(x, z, CS_TYPE_SOA, v, n);
	n = versions(x, z, CS_TYPE_DNSKEY, v);
	check_sigs(x, z, CS_TYPE_DNSKEY, v, n);
}

/* ---- the delegation ---- */

/* What the parent's referrals and the zone's own servers say. */
typedef struct {
	seens pns;   /* NS at the zone in the parent's referrals */
	seens glue;  /* A/AAAA at those NS names in the referrals */
	seens cns;   /* NS at the apex from the zone's servers */
	seens caddr; /* A/AAAA below the apex in the zone's authoritative answers */
} deleg;

/* Is rr an address record at the target of one of the NS records? */
static bool glue_for(const cs_rr *rr, const cs_rr *const *ns, size_t nns)
{
	for (size_t i = 0; i < nns; i++)
		if ((rr->type == CS_TYPE_A || rr->type == CS_TYPE_AAAA) && rr->rdata_err == CS_OK &&
		    by_target(ns[i], &rr->owner))
			return true;
	return false;
}

/* Collect the delegation's NS and glue from the parent's referrals (AA
 * clear, for a name at or below the zone) and the zone's own NS and
 * address records (AA set). */
static void gather(ctx *x, const cs_zone *z, const cs_zone *p, deleg *d)
{
	for (size_t i = 0; i < x->c->nqueries; i++) {
		const resp *r = &x->resps[i];
		const cs_msg *m = &r->m;
		const cs_rr **ns;
		size_t n;
		if (!r->ok || m->tc || m->rcode != CS_RCODE_NOERROR)
			continue;
		if (!m->aa && cs_name_equal(&r->q->zone, &p->name) &&
		    cs_name_is_below(&r->q->qname, &z->name) &&
		    (n = an_collect(x, m, CS_SEC_AUTHORITY, &z->name, CS_TYPE_NS, &ns)) > 0) {
			for (size_t k = 0; k < n; k++)
				seens_add(x, &d->pns, ns[k], r->q->server);
			for (size_t k = 0; k < m->counts[CS_SEC_ADDITIONAL]; k++)
				if (glue_for(&m->sections[CS_SEC_ADDITIONAL][k], ns, n))
					seens_add(x, &d->glue, &m->sections[CS_SEC_ADDITIONAL][k],
						  r->q->server);
		}
		if (!m->aa || !cs_name_equal(&r->q->zone, &z->name))
			continue;
		if (r->q->qtype == CS_TYPE_NS && cs_name_equal(&r->q->qname, &z->name)) {
			n = an_collect(x, m, CS_SEC_ANSWER, &z->name, CS_TYPE_NS, &ns);
			for (size_t k = 0; k < n; k++)
				seens_add(x, &d->cns, ns[k], r->q->server);
		}
		for (int sec = 0; sec < CS_SEC_COUNT; sec++)
			for (size_t k = 0; k < m->counts[sec]; k++) {
				const cs_rr *rr = &m->sections[sec][k];
				if ((rr->type == CS_TYPE_A || rr->type == CS_TYPE_AAAA) &&
				    rr->rdata_err == CS_OK &&
				    cs_name_is_below(&rr->owner, &z->name))
					seens_add(x, &d->caddr, rr, r->q->server);
			}
	}
}

/* Distinct NS targets in l (array in the arena); the count. */
static size_t targets(ctx *x, const seens *l, cs_name **out)
{
	size_t n = 0;
	if ((*out = an_alloc(x, (l->n ? l->n : 1) * sizeof(**out))) == NULL)
		return 0;
	for (size_t i = 0; i < l->n; i++) {
		cs_name t;
		size_t k = 0;
		if (cs_name_from_wire(l->v[i].rr->rdata, l->v[i].rr->rdlen, &t, NULL) != CS_OK)
			continue;
		while (k < n && !cs_name_equal(&(*out)[k], &t))
			k++;
		if (k == n)
			(*out)[n++] = t;
	}
	return n;
}

/* DELEGATION_NS_MISMATCH: parent and child NS sets differ. */
static void check_ns(ctx *x, const cs_zone *z, const deleg *d)
{
	cs_name *pt, *ct;
	size_t np = targets(x, &d->pns, &pt), nc = targets(x, &d->cns, &ct);
	strs onlyp = {0}, onlyc = {0}, sv = {0};
	for (size_t i = 0; nc > 0 && i < np; i++)
		if (!any_of(x, &d->cns, by_target, &pt[i], NULL))
			strs_add(x, &onlyp, an_name(x, &pt[i]));
	for (size_t i = 0; np > 0 && i < nc; i++)
		if (!any_of(x, &d->pns, by_target, &ct[i], NULL))
			strs_add(x, &onlyc, an_name(x, &ct[i]));
	if (onlyp.n == 0 && onlyc.n == 0)
		return;
	for (size_t i = 0; i < d->pns.n; i++)
		strs_add(x, &sv, d->pns.v[i].server);
	for (size_t i = 0; i < d->cns.n; i++)
		strs_add(x, &sv, d->cns.v[i].server);
	const char *zn = an_name(x, &z->name);
	const char *diff = an_strf(x, "%s%s%s%s%s", onlyp.n ? "only at the parent: " : "",
				   join(x, &onlyp), onlyp.n && onlyc.n ? "; " : "",
				   onlyc.n ? "only in the zone: " : "", join(x, &onlyc));
	cs_finding *f = finding(
	    x, F(DELEGATION_NS_MISMATCH), z, &sv, an_strf(x, "%s NS", zn),
	    an_strf(x,
		    "Decide which servers are right, then make the NS records of %s at the "
		    "parent (through the registrar) and the apex NS RRset in the zone list the "
		    "same names (%s).",
		    zn, diff),
	    an_strf(x, "the NS set of %s at the parent differs from the zone's own: %s", zn, diff));
	for (size_t i = 0; i < np; i++)
		if (!any_of(x, &d->cns, by_target, &pt[i], NULL))
			evidence_of(x, f, "parent", &d->pns, by_target, &pt[i]);
	for (size_t i = 0; i < nc; i++)
		if (!any_of(x, &d->pns, by_target, &ct[i], NULL))
			evidence_of(x, f, "zone", &d->cns, by_target, &ct[i]);
}

/* "A 192.0.2.1, AAAA 2001:db8::1": the distinct addresses of t in l. */
static const char *addrs(ctx *x, const seens *l, const cs_name *t)
{
	strs out = {0};
	char tb[16];
	for (size_t i = 0; i < l->n; i++) {
		if (!by_owner(l->v[i].rr, t))
			continue;
		cs_buf b;
		cs_buf_init(&b);
		cs_rdata_to_text(l->v[i].rr->type, l->v[i].rr->rdata, l->v[i].rr->rdlen, &b);
		strs_add(x, &out,
			 an_strf(x, "%s %s", cs_rrtype_str(l->v[i].rr->type, tb), cs_buf_cstr(&b)));
		cs_buf_free(&b);
	}
	return out.n ? join(x, &out) : "none";
}

/* Does every record of a at t of type have its twin in b? */
static bool covered(const seens *a, const seens *b, const cs_name *t, uint16_t type)
{
	for (size_t i = 0; i < a->n; i++) {
		bool found = a->v[i].rr->type != type || !by_owner(a->v[i].rr, t);
		for (size_t k = 0; k < b->n && !found; k++)
			found = same_rr(b->v[k].rr, a->v[i].rr);
		if (!found)
			return false;
	}
	return true;
}

/* Do glue and zone agree on t's addresses of type? Yes when the zone
 * serves none of that type: there is nothing to compare with. */
static bool agree(const deleg *d, const cs_name *t, uint16_t type)
{
	bool zone_has = false;
	for (size_t i = 0; i < d->caddr.n; i++)
		zone_has |= d->caddr.v[i].rr->type == type && by_owner(d->caddr.v[i].rr, t);
	return !zone_has ||
	       (covered(&d->glue, &d->caddr, t, type) && covered(&d->caddr, &d->glue, t, type));
}

/* DELEGATION_GLUE_MISSING: referrals that name t, inside the zone, without
 * glue for it. */
static void glue_missing(ctx *x, const cs_zone *z, const deleg *d, const cs_name *t)
{
	strs named = {0}, glued = {0}, lack = {0};
	any_of(x, &d->pns, by_target, t, &named);
	any_of(x, &d->glue, by_owner, t, &glued);
	for (size_t i = 0; i < named.n; i++) {
		bool has = false;
		for (size_t k = 0; k < glued.n; k++)
			has |= an_same(glued.v[k], named.v[i]);
		if (!has)
			strs_add(x, &lack, named.v[i]);
	}
	if (lack.n == 0)
		return;
	const char *zn = an_name(x, &z->name), *tn = an_name(x, t);
	cs_finding *f = finding(
	    x, F(DELEGATION_GLUE_MISSING), z, &lack, tn,
	    any_of(x, &d->caddr, by_owner, t, NULL)
		? an_strf(x,
			  "Register %s as a host object with the addresses %s publishes "
			  "(%s) at the registrar of %s, so that the parent serves them as "
			  "glue; or use name servers outside the zone.",
			  tn, zn, addrs(x, &d->caddr, t), zn)
		: an_strf(x,
			  "Register the addresses of %s as glue (a host object) at the "
			  "registrar of %s, or use name servers outside the zone.",
			  tn, zn),
	    an_strf(x,
		    "the parent's referral to %s names %s, which lies inside %s, but gives no "
		    "A or AAAA glue for it",
		    zn, tn, zn));
	evidence_of(x, f, "parent", &d->pns, by_target, t);
	an_evidence(x, f,
		    an_strf(x, "no A or AAAA for %s in the additional section from %s", tn,
			    join(x, &lack)));
}

/* DELEGATION_GLUE_MISMATCH: the glue for t differs from the zone's own
 * address records for it. */
static void glue_mismatch(ctx *x, const cs_zone *z, const deleg *d, const cs_name *t)
{
	if (!any_of(x, &d->glue, by_owner, t, NULL) ||
	    (agree(d, t, CS_TYPE_A) && agree(d, t, CS_TYPE_AAAA)))
		return;
	strs sv = {0};
	any_of(x, &d->glue, by_owner, t, &sv);
	any_of(x, &d->caddr, by_owner, t, &sv);
	const char *zn = an_name(x, &z->name), *tn = an_name(x, t);
	const char *g = addrs(x, &d->glue, t), *c = addrs(x, &d->caddr, t);
	cs_finding *f = finding(
	    x, F(DELEGATION_GLUE_MISMATCH), z, &sv, tn,
	    an_strf(x,
		    "Update the glue for %s at the registrar (its host object) to %s, as %s "
		    "publishes, or correct the address records of %s in %s if the glue "
		    "(%s) is the current one.",
		    tn, c, zn, tn, zn, g),
	    an_strf(x,
		    "the parent's glue for %s (%s) differs from the addresses %s serves for "
		    "it (%s)",
		    tn, g, zn, c));
	evidence_of(x, f, "parent", &d->glue, by_owner, t);
	evidence_of(x, f, "zone", &d->caddr, by_owner, t);
}

/* NS sets and glue of the delegation from the parent p to z. */
static void check_delegation(ctx *x, const cs_zone *z, const cs_zone *p)
{
	deleg d = {0};
	cs_name *pt;
	gather(x, z, p, &d);
	check_ns(x, z, &d);
	size_t np = targets(x, &d.pns, &pt);
	for (size_t i = 0; i < np && x->err == CS_OK; i++) {
		if (!cs_name_is_below(&pt[i], &z->name))
			continue; /* out of the zone: no glue needed */
		glue_missing(x, z, &d, &pt[i]);
		glue_mismatch(x, z, &d, &pt[i]);
	}
}

/* ---- entry ---- */

/* The server and delegation checks of one zone, in a fixed order so that
 * the same capture always gives the same findings. */
void an_check_servers(ctx *x, cs_zone *z)
{
	/* One resolver answered for every zone: no server to compare. */
	if (x->recursive)
		return;
	for (size_t i = 0; i < z->nservers && x->err == CS_OK; i++) {
		if (!z->servers[i].answered)
			continue;
		check_refused(x, z, &z->servers[i]);
		check_tcp(x, z, &z->servers[i]);
		check_unanswered(x, z, &z->servers[i]);
	}
	if (x->err == CS_OK)
		check_versions(x, z);
	if (x->err == CS_OK && z->parent >= 0 && (size_t)z->parent < x->a->nzones)
		check_delegation(x, z, &x->a->zones[z->parent]);
}

/* ---- server health ---- */

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
			   "Fix %s or the firewall in front of it so that it answers "
			   "queries with EDNS and the DO bit (and large answers over UDP and TCP).",
			   label(x, z, s->address)),
		   an_strf(x,
			   "%s answers only queries without EDNS: it cannot serve DNSSEC "
			   "records",
			   label(x, z, s->address)));
	s->state = CS_STATE_BOGUS;
	snprintf(s->reason, sizeof(s->reason), "answers only without EDNS");
}

/* Server health: timeouts, refusals, malformed answers, lame servers. */
void an_check_health(ctx *x, cs_zone *z)
{
	for (size_t i = 0; i < z->nservers; i++) {
		cs_server_view *s = &z->servers[i];
		unsigned timeouts, refused, malformed;
		s->answered =
		    an_server_answered(x, &z->name, s->address, &timeouts, &refused, &malformed);
		const char *zn = an_name(x, &z->name);
		if (!s->answered && timeouts) {
			an_finding(x, F(SERVER_TIMEOUT), &z->name, s->address, zn,
				   an_strf(x,
					   "Fix or remove %s from the NS set of %s at the parent "
					   "and in the zone.",
					   label(x, z, s->address), zn),
				   an_strf(x, "%s does not answer", label(x, z, s->address)));
			snprintf(s->reason, sizeof(s->reason), "does not answer (timeout)");
		} else if (!s->answered && refused) {
			an_finding(x, F(SERVER_UNREACHABLE), &z->name, s->address, zn, NULL,
				   an_strf(x, "%s refuses connections", label(x, z, s->address)));
			snprintf(s->reason, sizeof(s->reason), "unreachable (connection refused)");
		} else if (!s->answered && malformed) {
			an_finding(
			    x, F(SERVER_MALFORMED), &z->name, s->address, zn, NULL,
			    an_strf(x, "%s sends malformed responses", label(x, z, s->address)));
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
			an_finding(
			    x, F(SERVER_LAME), &z->name, s->address, zn, NULL,
			    an_strf(x, "%s refuses queries for %s", label(x, z, s->address), zn));
		else if (r->m.rcode == CS_RCODE_SERVFAIL)
			an_finding(
			    x, F(SERVER_SERVFAIL), &z->name, s->address, zn, NULL,
			    an_strf(x, "%s answers SERVFAIL for %s", label(x, z, s->address), zn));
		else if (!r->m.aa && !x->recursive)
			an_finding(x, F(SERVER_LAME), &z->name, s->address, zn, NULL,
				   an_strf(x, "%s is not authoritative for %s (no AA bit)",
					   label(x, z, s->address), zn));
	}
}

/* ---- the summary renderers show ---- */

/* Is address named by a finding about zone z? */
static bool in_finding(const ctx *x, const cs_zone *z, const char *address)
{
	for (size_t i = 0; i < x->a->nfindings; i++) {
		const cs_finding *f = &x->a->findings[i];
		if (!cs_name_equal(&f->zone, &z->name))
			continue;
		for (size_t s = 0; s < f->nservers; s++)
			if (an_same(f->servers[s], address))
				return true;
	}
	return false;
}

void an_summarise_servers(ctx *x, cs_zone *z)
{
	cs_server_summary *m = &z->server_summary;
	memset(m, 0, sizeof(*m));
	m->naddresses = z->nservers;
	m->worst = z->nservers ? CS_STATE_SECURE : CS_STATE_INDETERMINATE;
	/* The state most addresses share (the better one on a tie). */
	size_t count[CS_STATE_BOGUS + 1] = {0};
	for (size_t i = 0; i < z->nservers; i++)
		if ((unsigned)z->servers[i].state <= CS_STATE_BOGUS)
			count[z->servers[i].state]++;
	m->majority = CS_STATE_INDETERMINATE;
	for (int s = CS_STATE_BOGUS; s >= CS_STATE_SECURE; s--)
		if (count[s] > 0 && count[s] >= count[m->majority])
			m->majority = (cs_state)s;
	for (size_t i = 0; i < z->nservers; i++) {
		cs_server_view *s = &z->servers[i];
		bool first_name = true;
		for (size_t j = 0; j < i && first_name; j++)
			first_name = !an_same(z->servers[j].ns_name, s->ns_name);
		m->nnames += first_name;
		m->worst = cs_state_worst(m->worst, s->state);
		m->nfailing += s->state != CS_STATE_SECURE && s->state != z->state;
		s->dissents =
		    s->state != m->majority || s->reason[0] != 0 || in_finding(x, z, s->address);
		m->ndissent += s->dissents;
	}
	m->all_agree = m->ndissent == 0;
	if (m->naddresses > 0)
		m->failing_percent = (unsigned)(m->nfailing * 100 / m->naddresses);
	m->degraded = z->nservers > 1 && m->nfailing > 0 && z->state == CS_STATE_SECURE;
}
