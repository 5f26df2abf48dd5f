#include "probe/probe.h"
#include "text/rdata_text.h"

#include "base/buf.h"
#include "dns/dname.h"
#include "dns/msg.h"
#include "dns/rdata.h"
#include "probe/cuts.h"
#include "probe/net.h"
#include "probe/probe_hub.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NX_LABEL "chainscope-nx-2f9k"
#define NXTYPE	 10 /* NULL: a data type no zone publishes at its apex */
#define ADDR_MAX 64

typedef struct {
	cs_name ns;
	char addr[ADDR_MAX];
} zone_server;

typedef struct {
	cs_name name;
	int parent;	  /* zone index, -1 for the root */
	bool main;	  /* on a chain being validated (not only a path to a
			     nameserver's address) */
	bool explicit_ns; /* servers given by --ns */
	zone_server *srv;
	size_t nsrv, capsrv;
	cs_name *nsnames;
	size_t nns, capns;
	unsigned addr_walks; /* address lookups still running for this zone */
} zone;

typedef enum { WALK_TARGET, WALK_ADDRESS } walk_kind;

typedef struct {
	walk_kind kind;
	cs_name target;
	uint16_t qtype;
	int zone; /* zone the walk is asking now */
	bool done;
	unsigned referrals;
	unsigned outstanding; /* queries in flight for the current zone */
	int for_zone;	      /* WALK_ADDRESS: zone whose server this resolves */
	cs_name for_ns;
} walk;

struct cs_probe {
	const cs_probe_opts *o;
	cs_capture *cap;
	cs_probe_hub *hub;
	bool own_hub;	      /* cs_probe_run's: freed with the probe */
	unsigned outstanding; /* queries whose answer is owed to this probe */
	int64_t end_us;	      /* when the last owed answer came (monotonic) */
	zone **zones;
	size_t nzones, capzones;
	walk **walks;
	size_t nwalks, capwalks;
	char **dead; /* addresses that timed out */
	size_t ndead;
	unsigned sent;
	unsigned answered;
	unsigned cname_links;
	bool limit_noted;
	bool time_noted; /* the max_time_ms note is written */
	int64_t t0;
	uint16_t next_id;
	cs_err fatal;
	/* recursive mode */
	bool recursive;
	char resolver_addr[ADDR_MAX];
	uint16_t resolver_port;
};

typedef struct {
	cs_probe *p;
	size_t qidx; /* index in the capture */
	int zone;
	int walk; /* -1 when the query is not part of a walk */
} inflight;

static void note(cs_probe *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#include <stdarg.h>

static void note(cs_probe *p, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (cs_capture_add_string(p->cap, &p->cap->notes, &p->cap->nnotes, buf) != CS_OK)
		p->fatal = CS_ENOMEM;
}

static int64_t mono(cs_probe *p)
{
	return p->o->monotonic_us(p->o->clock_ctx);
}

static bool is_dead(cs_probe *p, const char *addr)
{
	for (size_t i = 0; i < p->ndead; i++)
		if (strcmp(p->dead[i], addr) == 0)
			return true;
	return false;
}

static void mark_dead(cs_probe *p, const char *addr)
{
	if (is_dead(p, addr))
		return;
	char **v = realloc(p->dead, (p->ndead + 1) * sizeof(*v));
	if (v == NULL) {
		p->fatal = CS_ENOMEM;
		return;
	}
	p->dead = v;
	p->dead[p->ndead] = cs_capture_strdup(p->cap, addr);
	if (p->dead[p->ndead] == NULL)
		p->fatal = CS_ENOMEM;
	else
		p->ndead++;
}

/* ---- zones and walks ---- */

static int find_zone(cs_probe *p, const cs_name *name)
{
	for (size_t i = 0; i < p->nzones; i++)
		if (cs_name_equal(&p->zones[i]->name, name))
			return (int)i;
	return -1;
}

/* Deepest known zone at or above name, or 0 (the root). */
static int deepest_zone(cs_probe *p, const cs_name *name)
{
	int best = 0;
	unsigned best_labels = 0;
	for (size_t i = 0; i < p->nzones; i++) {
		zone *z = p->zones[i];
		unsigned l = cs_name_labels(&z->name);
		if (l >= best_labels && cs_name_is_below(name, &z->name) &&
		    (z->nsrv > 0 || z->addr_walks > 0)) {
			best = (int)i;
			best_labels = l;
		}
	}
	return best;
}

static int new_zone(cs_probe *p, const cs_name *name, int parent)
{
	if (p->nzones == p->capzones) {
		size_t cap = p->capzones ? p->capzones * 2 : 16;
		zone **v = realloc(p->zones, cap * sizeof(*v));
		if (v == NULL)
			goto oom;
		p->zones = v;
		p->capzones = cap;
	}
	zone *z = calloc(1, sizeof(*z));
	if (z == NULL)
		goto oom;
	z->name = *name;
	z->parent = parent;
	p->zones[p->nzones] = z;
	return (int)p->nzones++;
oom:
	p->fatal = CS_ENOMEM;
	return -1;
}

static int new_walk(cs_probe *p, walk_kind kind, const cs_name *target, uint16_t qtype)
{
	for (size_t i = 0; i < p->nwalks; i++) {
		walk *w = p->walks[i];
		if (w->kind == kind && w->qtype == qtype && cs_name_equal(&w->target, target))
			return -1; /* already walked: a loop or a shared nameserver */
	}
	if (p->nwalks == p->capwalks) {
		size_t cap = p->capwalks ? p->capwalks * 2 : 16;
		walk **v = realloc(p->walks, cap * sizeof(*v));
		if (v == NULL)
			goto oom;
		p->walks = v;
		p->capwalks = cap;
	}
	walk *w = calloc(1, sizeof(*w));
	if (w == NULL)
		goto oom;
	w->kind = kind;
	w->target = *target;
	w->qtype = qtype;
	w->for_zone = -1;
	p->walks[p->nwalks] = w;
	return (int)p->nwalks++;
oom:
	p->fatal = CS_ENOMEM;
	return -1;
}

/* ---- sending ---- */

static void on_response(void *arg, const cs_hub_answer *a);

/* The main zones found so far, for the progress callback: a zone is found
 * after its parent, so a parent's index is always lower. */
static void progress_chain(const cs_probe *p, cs_probe_progress *pr)
{
	int map[CS_PROBE_PROGRESS_ZONES];
	for (size_t i = 0; i < p->nzones && pr->nchain < CS_PROBE_PROGRESS_ZONES; i++) {
		const zone *z = p->zones[i];
		if (!z->main)
			continue;
		int parent = -1;
		for (size_t k = 0; k < pr->nchain; k++)
			if (map[k] == z->parent)
				parent = (int)k;
		map[pr->nchain] = (int)i;
		pr->chain[pr->nchain] = &z->name;
		pr->chain_parent[pr->nchain] = parent;
		pr->nchain++;
	}
}

/* Is this query about a zone above the target, whose answer the shared
 * cache may hold? Apex queries ask about the zone asked; DS queries about
 * the child they name. */
static bool cacheable(cs_probe *p, int zi, const cs_name *qname, cs_qpurpose purpose)
{
	if (p->o->cache == NULL || p->recursive)
		return false;
	switch (purpose) {
	case CS_QPURPOSE_REFERRAL:
	case CS_QPURPOSE_TARGET:
	case CS_QPURPOSE_ADDRESS:
	case CS_QPURPOSE_COUNT:
		return false;
	case CS_QPURPOSE_DS:
		return cs_probe_cache_wants(p->o->cache, qname, &p->cap->qname);
	default:
		return cs_probe_cache_wants(p->o->cache, &p->zones[zi]->name, &p->cap->qname);
	}
}

static void send_query(cs_probe *p, int zi, const char *addr, uint16_t port, const cs_name *qname,
		       uint16_t qtype, cs_qpurpose purpose, int wi, cs_transport tr)
{
	if (p->fatal != CS_OK)
		return;
	cs_capture_query q;
	memset(&q, 0, sizeof(q));
	q.server = (char *)addr;
	q.port = port;
	q.transport = tr;
	if (!p->recursive)
		q.zone = p->zones[zi]->name;
	else {
		/* One resolver answers for every zone: the zone is the name asked
		 * (its apex, for apex queries). */
		q.zone = *qname;
		if (purpose == CS_QPURPOSE_NXNAME)
			cs_name_parent(qname, &q.zone);
	}
	q.qname = *qname;
	q.qtype = qtype;
	bool edns = purpose != CS_QPURPOSE_PLAIN;
	q.rd = p->recursive;
	q.cd = p->recursive;
	q.do_bit = edns;
	q.edns_size = edns ? p->o->edns_size : 0;
	q.purpose = purpose;
	q.sent_us = mono(p) - p->t0;
	q.rtt_us = -1;

	if (p->sent >= p->o->max_queries) {
		if (!p->limit_noted)
			note(p, "query limit of %u reached: further queries were not sent",
			     p->o->max_queries);
		p->limit_noted = true;
		return;
	}
	if (p->o->max_time_ms && q.sent_us >= (int64_t)p->o->max_time_ms * 1000) {
		if (!p->time_noted)
			note(p, "time limit of %.1f s reached: further queries were not sent",
			     p->o->max_time_ms / 1000.0);
		p->time_noted = true;
		return;
	}
	cs_query_opts qo = {.id = ++p->next_id,
			    .rd = p->recursive,
			    .cd = p->recursive,
			    .edns = edns,
			    .do_bit = edns,
			    .edns_size = p->o->edns_size};
	cs_buf b;
	cs_buf_init(&b);
	if (cs_msg_build_query(qname, qtype, CS_CLASS_IN, &qo, &b) != CS_OK) {
		cs_buf_free(&b);
		p->fatal = CS_ENOMEM;
		return;
	}
	q.query = b.data;
	q.query_len = b.len;
	bool skip = !p->recursive && (is_dead(p, addr) || cs_probe_hub_dead(p->hub, addr));
	q.result = skip ? CS_QRESULT_SKIPPED : CS_QRESULT_ANSWER;
	cs_capture_query *stored = cs_capture_add_query(p->cap, &q);
	cs_buf_free(&b);
	if (stored == NULL) {
		p->fatal = CS_ENOMEM;
		return;
	}
	if (skip)
		return;
	inflight *f = malloc(sizeof(*f));
	if (f == NULL) {
		p->fatal = CS_ENOMEM;
		return;
	}
	f->p = p;
	f->qidx = p->cap->nqueries - 1;
	f->zone = zi;
	f->walk = wi;
	if (wi >= 0)
		p->walks[wi]->outstanding++;
	p->sent++;
	p->outstanding++;
	/* The hub answers later, never from inside this call (from the shared
	 * cache, or with the answer to an identical query in flight). */
	cs_err err = cs_probe_hub_send(p->hub, addr, port, tr, stored->query, stored->query_len,
				       cacheable(p, zi, qname, purpose), on_response, f);
	if (err != CS_OK) {
		/* Could not even send (bad address): record it as a network error. */
		cs_hub_answer a = {.result = CS_QRESULT_NETERROR, .rtt_us = -1};
		on_response(f, &a);
	}
}

static void send_apex_queries(cs_probe *p, int zi, const char *addr)
{
	zone *z = p->zones[zi];
	static const struct {
		uint16_t type;
		cs_qpurpose purpose;
	} apex[] = {{CS_TYPE_DNSKEY, CS_QPURPOSE_DNSKEY},   {CS_TYPE_SOA, CS_QPURPOSE_SOA},
		    {CS_TYPE_NS, CS_QPURPOSE_NS},	    {CS_TYPE_CDS, CS_QPURPOSE_CDS},
		    {CS_TYPE_CDNSKEY, CS_QPURPOSE_CDNSKEY}, {NXTYPE, CS_QPURPOSE_NXTYPE},
		    {CS_TYPE_SOA, CS_QPURPOSE_PLAIN}};
	for (size_t i = 0; i < sizeof(apex) / sizeof(apex[0]); i++)
		send_query(p, zi, addr, p->o->port, &z->name, apex[i].type, apex[i].purpose, -1,
			   CS_TRANSPORT_UDP);
	cs_name nx;
	if (cs_name_prepend(&z->name, (const uint8_t *)NX_LABEL, strlen(NX_LABEL), &nx) == CS_OK)
		send_query(p, zi, addr, p->o->port, &nx, CS_TYPE_A, CS_QPURPOSE_NXNAME, -1,
			   CS_TRANSPORT_UDP);
}

static void send_ds_queries(cs_probe *p, int child, const char *parent_addr)
{
	zone *c = p->zones[child];
	send_query(p, c->parent, parent_addr, p->o->port, &c->name, CS_TYPE_DS, CS_QPURPOSE_DS, -1,
		   CS_TRANSPORT_UDP);
}

static void send_walk_query(cs_probe *p, int wi, const char *addr)
{
	walk *w = p->walks[wi];
	cs_qpurpose purpose = w->kind == WALK_ADDRESS ? CS_QPURPOSE_ADDRESS : CS_QPURPOSE_TARGET;
	send_query(p, w->zone, addr, p->o->port, &w->target, w->qtype, purpose, wi,
		   CS_TRANSPORT_UDP);
}

/* A zone joins the chain being validated: ask its apex and its parent. */
static void make_main(cs_probe *p, int zi)
{
	zone *z = p->zones[zi];
	if (z->main)
		return;
	z->main = true;
	for (size_t i = 0; i < z->nsrv; i++)
		send_apex_queries(p, zi, z->srv[i].addr);
	if (z->parent >= 0) {
		make_main(p, z->parent);
		zone *par = p->zones[z->parent];
		for (size_t i = 0; i < par->nsrv; i++)
			send_ds_queries(p, zi, par->srv[i].addr);
	}
}

static bool family_ok(cs_probe *p, const char *addr)
{
	bool v6 = strchr(addr, ':') != NULL;
	return v6 ? p->o->ipv6 : p->o->ipv4;
}

/* An address -4 or -6 leaves out: one note per zone and address, which the
 * analyzer reports (PROBE_ADDRESS_SKIPPED), so a zone left with no server
 * says why. */
static void note_skipped(cs_probe *p, zone *z, const cs_name *ns, const char *addr)
{
	char zb[CS_NAME_TEXT_MAX], nb[CS_NAME_TEXT_MAX], buf[512];
	snprintf(buf, sizeof(buf), "zone %s: %s address %s of %s not asked (%s)",
		 cs_name_str(&z->name, zb), p->o->ipv4 ? "IPv6" : "IPv4", addr, cs_name_str(ns, nb),
		 p->o->ipv4 ? "-4" : "-6");
	for (size_t i = 0; i < p->cap->nnotes; i++)
		if (strcmp(p->cap->notes[i], buf) == 0)
			return;
	note(p, "%s", buf);
}

/* A server address becomes known for a zone: send it everything due. */
static void zone_add_address(cs_probe *p, int zi, const cs_name *ns, const char *addr)
{
	zone *z = p->zones[zi];
	if (strlen(addr) >= ADDR_MAX)
		return;
	if (!family_ok(p, addr)) {
		note_skipped(p, z, ns, addr);
		return;
	}
	for (size_t i = 0; i < z->nsrv; i++)
		if (strcmp(z->srv[i].addr, addr) == 0)
			return;
	if (z->nsrv >= p->o->max_addresses) {
		char nb[CS_NAME_TEXT_MAX];
		note(p, "zone %s: more than %u server addresses; %s not used",
		     cs_name_str(&z->name, nb), p->o->max_addresses, addr);
		return;
	}
	if (z->nsrv == z->capsrv) {
		size_t cap = z->capsrv ? z->capsrv * 2 : 8;
		zone_server *v = realloc(z->srv, cap * sizeof(*v));
		if (v == NULL) {
			p->fatal = CS_ENOMEM;
			return;
		}
		z->srv = v;
		z->capsrv = cap;
	}
	zone_server *s = &z->srv[z->nsrv++];
	s->ns = *ns;
	snprintf(s->addr, sizeof(s->addr), "%s", addr);
	if (z->main)
		send_apex_queries(p, zi, addr);
	for (size_t i = 0; i < p->nwalks; i++)
		if (!p->walks[i]->done && p->walks[i]->zone == zi)
			send_walk_query(p, (int)i, addr);
	for (size_t i = 0; i < p->nzones; i++)
		if (p->zones[i]->parent == zi && p->zones[i]->main)
			send_ds_queries(p, (int)i, addr);
}

static void zone_add_nsname(cs_probe *p, zone *z, const cs_name *ns)
{
	for (size_t i = 0; i < z->nns; i++)
		if (cs_name_equal(&z->nsnames[i], ns))
			return;
	if (z->nns == z->capns) {
		size_t cap = z->capns ? z->capns * 2 : 8;
		cs_name *v = realloc(z->nsnames, cap * sizeof(*v));
		if (v == NULL) {
			p->fatal = CS_ENOMEM;
			return;
		}
		z->nsnames = v;
		z->capns = cap;
	}
	z->nsnames[z->nns++] = *ns;
}

static void walk_move(cs_probe *p, int wi, int zi);

/* Start resolving a nameserver name's addresses for zone zi. */
static void resolve_ns(cs_probe *p, int zi, const cs_name *ns)
{
	const uint16_t types[2] = {CS_TYPE_A, CS_TYPE_AAAA};
	const bool use[2] = {p->o->ipv4, p->o->ipv6};
	for (int k = 0; k < 2; k++) {
		if (!use[k])
			continue;
		int wi = new_walk(p, WALK_ADDRESS, ns, types[k]);
		if (wi < 0)
			continue; /* already being resolved; its addresses go to that zone */
		walk *w = p->walks[wi];
		w->for_zone = zi;
		w->for_ns = *ns;
		p->zones[zi]->addr_walks++;
		walk_move(p, wi, deepest_zone(p, ns));
	}
}

/* An explicit delegation strictly below zone zi covering target? */
static const cs_probe_delegation *explicit_below(cs_probe *p, int zi, const cs_name *target)
{
	const cs_probe_delegation *best = NULL;
	for (size_t i = 0; i < p->o->ndelegations; i++) {
		const cs_probe_delegation *d = &p->o->delegations[i];
		if (!cs_name_is_below(target, &d->zone) ||
		    !cs_name_is_below(&d->zone, &p->zones[zi]->name) ||
		    cs_name_equal(&d->zone, &p->zones[zi]->name))
			continue;
		if (best == NULL || cs_name_labels(&d->zone) < cs_name_labels(&best->zone))
			best = d; /* the highest one first: walk down in order */
	}
	return best;
}

static void walk_finish(cs_probe *p, int wi)
{
	walk *w = p->walks[wi];
	if (w->done)
		return;
	w->done = true;
	if (w->kind == WALK_ADDRESS && w->for_zone >= 0 && p->zones[w->for_zone]->addr_walks > 0)
		p->zones[w->for_zone]->addr_walks--;
}

/* The zone of an explicit delegation, created under parent zi with the
 * given addresses; -1 when out of memory. */
static int explicit_zone(cs_probe *p, const cs_probe_delegation *d, int zi, bool main)
{
	int ci = find_zone(p, &d->zone);
	if (ci >= 0)
		return ci;
	ci = new_zone(p, &d->zone, zi);
	if (ci < 0)
		return -1;
	p->zones[ci]->explicit_ns = true;
	if (main)
		make_main(p, ci);
	cs_name none;
	cs_name_root(&none);
	for (size_t k = 0; k < d->naddresses; k++)
		zone_add_address(p, ci, &none, d->addresses[k]);
	return ci;
}

static void walk_response(cs_probe *p, int wi, int zi, const cs_msg *m, const uint8_t *resp,
			  size_t len);

/* The walk is at zone zi: if the shared cache holds the referral from zi
 * to the next zone towards the target (the root's to a TLD), which an
 * earlier name of the run was given, follow it now instead of asking zi's
 * servers again for this name: the delegation is the same for every name
 * below it. Returns true when the walk moved on (or ended) through it. */
static bool use_cached_referral(cs_probe *p, int wi, int zi)
{
	walk *w = p->walks[wi];
	unsigned want = cs_name_labels(&p->zones[zi]->name) + 1;
	if (cs_name_labels(&w->target) <= want)
		return false;
	cs_name child = w->target;
	while (cs_name_labels(&child) > want)
		cs_name_parent(&child, &child);
	if (!cs_probe_cache_wants(p->o->cache, &child, &w->target))
		return false;
	cs_buf b;
	cs_buf_init(&b);
	if (cs_probe_cache_get_referral(p->o->cache, &child, &b)) {
		cs_arena a;
		cs_arena_init(&a);
		cs_msg m;
		/* the same referral for every name: parsed once per thread */
		if (cs_msg_memo_parse_or(cs_probe_hub_msg_memo(p->hub), b.data, b.len, &a, &m) ==
		    CS_OK)
			walk_response(p, wi, zi, &m, NULL, 0);
		cs_arena_clear(&a);
	}
	cs_buf_free(&b);
	return w->done || w->zone != zi;
}

/* Point a walk at zone zi and ask every known server there (unless the
 * cache already knows where zi sends it). */
static void walk_move(cs_probe *p, int wi, int zi)
{
	walk *w = p->walks[wi];
	w->zone = zi;
	w->outstanding = 0;
	if (w->kind == WALK_TARGET)
		make_main(p, zi);
	if (p->o->cache != NULL && !p->recursive && use_cached_referral(p, wi, zi))
		return;
	zone *z = p->zones[zi];
	size_t n = z->nsrv;
	for (size_t i = 0; i < n && !w->done && w->zone == zi; i++)
		send_walk_query(p, wi, z->srv[i].addr);
	if (n == 0 && z->addr_walks == 0) {
		char nb[CS_NAME_TEXT_MAX];
		note(p, "zone %s: no server address could be found", cs_name_str(&z->name, nb));
		walk_finish(p, wi);
	}
}

/* ---- responses ---- */

static bool rr_is(const cs_rr *rr, const cs_name *owner, uint16_t type)
{
	return rr->type == type && cs_name_equal(&rr->owner, owner);
}

static void addr_text(const cs_rr *rr, char out[ADDR_MAX])
{
	out[0] = 0;
	if (rr->type == CS_TYPE_A && rr->rdlen == 4)
		inet_ntop(AF_INET, rr->rdata, out, ADDR_MAX);
	else if (rr->type == CS_TYPE_AAAA && rr->rdlen == 16)
		inet_ntop(AF_INET6, rr->rdata, out, ADDR_MAX);
}

static void follow_cname(cs_probe *p, walk *w, const cs_name *next)
{
	if (w->kind != WALK_TARGET)
		return; /* an aliased nameserver: not followed (RFC 2181 §10.3) */
	char nb[CS_NAME_TEXT_MAX];
	if (++p->cname_links > p->o->max_cname) {
		note(p, "CNAME chain longer than %u links: stopped at %s", p->o->max_cname,
		     cs_name_str(next, nb));
		return;
	}
	int wi = new_walk(p, WALK_TARGET, next, w->qtype);
	if (wi < 0) {
		note(p, "CNAME loop: %s was already queried", cs_name_str(next, nb));
		return;
	}
	walk_move(p, wi, deepest_zone(p, next));
}

/* Add to zone zi the addresses m's additional section gives for NS name
 * ns, trusted only inside bailiwick. True when it gave any. */
static bool add_glue(cs_probe *p, int zi, const cs_name *ns, const cs_msg *m,
		     const cs_name *bailiwick)
{
	bool glued = false;
	for (size_t i = 0; i < m->counts[CS_SEC_ADDITIONAL]; i++) {
		const cs_rr *rr = &m->sections[CS_SEC_ADDITIONAL][i];
		char a[ADDR_MAX];
		if ((rr->type != CS_TYPE_A && rr->type != CS_TYPE_AAAA) ||
		    !cs_name_equal(&rr->owner, ns) || !cs_name_is_below(&rr->owner, bailiwick))
			continue;
		addr_text(rr, a);
		if (a[0]) {
			zone_add_address(p, zi, ns, a);
			glued = true;
		}
	}
	return glued;
}

/* ---- issue 13: zone cuts without referrals (decisions in cuts.c) ----
 * The hooks below are called from walk_response and on_response; they only
 * add zones and queries, as a referral would. */

/* The zone at name found on zone zi's servers with no referral: made
 * (under zi, with zi's servers) when new, and joining the chain when main;
 * -1 when out of memory. */
static int shared_zone(cs_probe *p, const cs_name *name, int zi, bool main)
{
	int ci = find_zone(p, name);
	if (ci >= 0)
		return ci;
	if ((ci = new_zone(p, name, zi)) < 0)
		return -1;
	if (main)
		make_main(p, ci);
	zone *z = p->zones[zi];
	for (size_t i = 0; i < z->nsrv; i++)
		zone_add_address(p, ci, &z->srv[i].ns, z->srv[i].addr);
	return ci;
}

/* issue 13 hook: the answer is signed by a zone below zi (parent and child
 * on the same servers, no referral): make that zone (its servers: zi's),
 * whose DS the parent's servers are asked and whose apex the child's, and
 * move the walk there. False when m shows no such cut. */
static bool cut_without_referral(cs_probe *p, int wi, int zi, const cs_msg *m)
{
	walk *w = p->walks[wi];
	cs_name cut;
	if (!cs_cut_from_signers(m, &p->zones[zi]->name, &w->target, &cut))
		return false;
	int ci = shared_zone(p, &cut, zi, w->kind == WALK_TARGET);
	if (ci < 0)
		return false;
	if (ci == zi || !cs_name_is_below(&p->zones[ci]->name, &p->zones[zi]->name))
		return false;
	walk_move(p, wi, ci);
	return true;
}

/* issue 13 hook: a zone found without a referral knows only the servers it
 * shares with its parent (no NS names of its own yet): its apex NS answer
 * names the others, with their addresses or to be resolved. */
static void cut_servers(cs_probe *p, int zi, const cs_msg *m)
{
	zone *z = p->zones[zi];
	if (z->nns > 0 || z->parent < 0 || z->explicit_ns || !m->aa)
		return;
	for (size_t i = 0; i < m->counts[CS_SEC_ANSWER]; i++) {
		const cs_rr *rr = &m->sections[CS_SEC_ANSWER][i];
		cs_name ns;
		if (rr_is(rr, &z->name, CS_TYPE_NS) && rr->rdata_err == CS_OK &&
		    cs_name_from_wire(rr->rdata, rr->rdlen, &ns, NULL) == CS_OK)
			zone_add_nsname(p, z, &ns);
	}
	for (size_t k = 0; k < z->nns; k++) {
		bool known = false;
		for (size_t s = 0; s < z->nsrv; s++)
			known |= cs_name_equal(&z->srv[s].ns, &z->nsnames[k]);
		known |= add_glue(p, zi, &z->nsnames[k], m, &z->name);
		if (!known)
			resolve_ns(p, zi, &z->nsnames[k]);
	}
}

/* issue 13 hook: an unsigned answer for target from zone zi's servers: ask
 * them the DS and the SOA of every name between zi and target, whose
 * answers show an unsigned child on the same servers (cut_above_ds: the
 * parent's NSEC; cut_at_apex: the child's SOA, whatever the parent's
 * denial). */
static void ask_cuts_between(cs_probe *p, int zi, const cs_name *target)
{
	zone *z = p->zones[zi];
	unsigned zl = cs_name_labels(&z->name), tl = cs_name_labels(target);
	for (unsigned l = zl + 1; l <= tl && l <= zl + 8; l++) {
		cs_name n;
		cs_name_suffix(target, l, &n);
		if (find_zone(p, &n) >= 0)
			continue;
		for (size_t i = 0; i < z->nsrv; i++) {
			send_query(p, zi, z->srv[i].addr, p->o->port, &n, CS_TYPE_DS,
				   CS_QPURPOSE_DS, -1, CS_TRANSPORT_UDP);
			send_query(p, zi, z->srv[i].addr, p->o->port, &n, CS_TYPE_SOA,
				   CS_QPURPOSE_SOA, -1, CS_TRANSPORT_UDP);
		}
	}
}

/* issue 13 hook: zone zi's servers answered "name SOA" (name below zi) from
 * a zone at name: a child on the same servers, signed or not. Make it; its
 * parent is the deepest known zone between zi and name (the SOA answers
 * of the names in between come in any order), and a zone already made
 * below it under the same parent moves under it, its DS asked again. The
 * analyzer accepts the cut only with the parent's DS or its NSEC/NSEC3
 * proof of a delegation without one. */
static void cut_at_apex(cs_probe *p, int zi, const cs_name *name, const cs_msg *m)
{
	if (find_zone(p, name) >= 0 || !cs_cut_soa_apex(m, name))
		return;
	int pi = zi;
	for (size_t i = 0; i < p->nzones; i++) {
		const zone *y = p->zones[i];
		if (cs_name_labels(&y->name) > cs_name_labels(&p->zones[pi]->name) &&
		    cs_name_labels(&y->name) < cs_name_labels(name) &&
		    cs_name_is_below(name, &y->name) &&
		    cs_name_is_below(&y->name, &p->zones[zi]->name))
			pi = (int)i;
	}
	int ci = shared_zone(p, name, pi, true);
	if (ci < 0)
		return;
	for (size_t i = 0; i < p->nzones; i++) {
		zone *y = p->zones[i];
		if ((int)i == ci || y->parent != pi || !cs_name_is_below(&y->name, name))
			continue;
		y->parent = ci;
		for (size_t k = 0; y->main && k < p->zones[ci]->nsrv; k++)
			send_ds_queries(p, (int)i, p->zones[ci]->srv[k].addr);
	}
}

/* issue 13 hook: the parent's servers answered the DS query for child from
 * a zone between the parent (zi) and the child (grandparent, parent and
 * child on the same servers): that zone is a cut too. Make it (its servers:
 * zi's), put it between them, and ask it for the child's DS. */
static void cut_above_ds(cs_probe *p, int zi, const cs_name *child, const cs_msg *m)
{
	cs_name mid;
	int ci = find_zone(p, child);
	if (ci < 0 && cs_cut_nsec_delegation(m, child)) {
		/* An unsigned child on the parent's servers, proven by the
		 * parent's NSEC: a zone of its own. */
		shared_zone(p, child, zi, true);
		return;
	}
	if (ci < 0 || p->zones[ci]->parent != zi ||
	    !cs_cut_from_signers(m, &p->zones[zi]->name, child, &mid) || cs_name_equal(&mid, child))
		return;
	int mi = shared_zone(p, &mid, zi, false);
	if (mi < 0 || mi == ci || p->zones[mi]->parent != zi)
		return;
	p->zones[ci]->parent = mi;
	make_main(p, mi);
	for (size_t i = 0; i < p->zones[mi]->nsrv; i++)
		send_ds_queries(p, ci, p->zones[mi]->srv[i].addr);
}

/* ---- end of issue 13 hooks ---- */

/* Does a response to a walk query move the walk? resp/len: its octets, for
 * the shared cache of referrals (NULL: it came from there). */
static void walk_response(cs_probe *p, int wi, int zi, const cs_msg *m, const uint8_t *resp,
			  size_t len)
{
	walk *w = p->walks[wi];
	if (w->done || w->zone != zi)
		return; /* already decided by another server's answer */
	zone *z = p->zones[zi];
	if (m->rcode != CS_RCODE_NOERROR && m->rcode != CS_RCODE_NXDOMAIN)
		return;
	/* An answer: data, or a CNAME to follow. */
	const cs_rr *cname = NULL;
	bool data = false;
	for (size_t i = 0; i < m->counts[CS_SEC_ANSWER]; i++) {
		const cs_rr *rr = &m->sections[CS_SEC_ANSWER][i];
		if (rr_is(rr, &w->target, w->qtype))
			data = true;
		else if (rr_is(rr, &w->target, CS_TYPE_CNAME) && rr->rdata_err == CS_OK)
			cname = rr;
	}
	if (data || cname != NULL || (m->aa && m->counts[CS_SEC_ANSWER] == 0)) {
		/* The parent knows nothing of a zone given with --ns (not yet
		 * delegated): go there anyway. */
		const cs_probe_delegation *d = explicit_below(p, zi, &w->target);
		if (d != NULL) {
			int ci = explicit_zone(p, d, zi, w->kind == WALK_TARGET);
			if (ci >= 0)
				walk_move(p, wi, ci);
			return;
		}
		/* issue 13 hook: a cut without a referral (cuts.c). */
		if (cut_without_referral(p, wi, zi, m))
			return;
		if (w->kind == WALK_TARGET && cs_cut_unsigned(m))
			ask_cuts_between(p, zi, &w->target); /* issue 13 hook */
		walk_finish(p, wi);
		if (data && w->kind == WALK_ADDRESS) {
			for (size_t i = 0; i < m->counts[CS_SEC_ANSWER]; i++) {
				const cs_rr *rr = &m->sections[CS_SEC_ANSWER][i];
				char a[ADDR_MAX];
				if (!rr_is(rr, &w->target, w->qtype))
					continue;
				addr_text(rr, a);
				if (a[0])
					zone_add_address(p, w->for_zone, &w->for_ns, a);
			}
		} else if (!data && cname != NULL) {
			cs_name next;
			/* issue 13 hook: a DNAME's synthesis (RFC 6672), not the
			 * served CNAME, is what resolvers follow. */
			if (cs_dname_target(m, &w->target, &next) == CS_OK ||
			    cs_name_from_wire(cname->rdata, cname->rdlen, &next, NULL) == CS_OK)
				follow_cname(p, w, &next);
		}
		return;
	}
	if (m->aa || m->rcode != CS_RCODE_NOERROR)
		return;
	/* A referral: an NS RRset for a zone strictly below this one, at or
	 * above the target. */
	const cs_name *child = NULL;
	for (size_t i = 0; i < m->counts[CS_SEC_AUTHORITY]; i++) {
		const cs_rr *rr = &m->sections[CS_SEC_AUTHORITY][i];
		if (rr->type != CS_TYPE_NS)
			continue;
		if (cs_name_is_below(&w->target, &rr->owner) &&
		    cs_name_is_below(&rr->owner, &z->name) &&
		    cs_name_labels(&rr->owner) > cs_name_labels(&z->name)) {
			child = &rr->owner;
			break;
		}
	}
	if (child == NULL)
		return; /* lame, upward or sideways referral: recorded, not followed */
	if (resp != NULL && p->o->cache != NULL && !p->recursive &&
	    cs_probe_cache_wants(p->o->cache, child, &w->target))
		cs_probe_cache_put_referral(p->o->cache, child, resp, len);
	char nb[CS_NAME_TEXT_MAX];
	if (++w->referrals > p->o->max_referrals) {
		note(p, "more than %u referrals towards %s: stopped", p->o->max_referrals,
		     cs_name_str(&w->target, nb));
		walk_finish(p, wi);
		return;
	}
	int ci = find_zone(p, child);
	for (size_t i = 0; ci < 0 && i < p->o->ndelegations; i++)
		if (cs_name_equal(&p->o->delegations[i].zone, child))
			ci = explicit_zone(p, &p->o->delegations[i], zi, w->kind == WALK_TARGET);
	if (ci < 0) {
		cs_name cname_copy = *child;
		ci = new_zone(p, &cname_copy, zi);
		if (ci < 0)
			return;
		zone *c = p->zones[ci];
		for (size_t i = 0; i < m->counts[CS_SEC_AUTHORITY]; i++) {
			const cs_rr *rr = &m->sections[CS_SEC_AUTHORITY][i];
			cs_name ns;
			if (rr_is(rr, &c->name, CS_TYPE_NS) && rr->rdata_err == CS_OK &&
			    cs_name_from_wire(rr->rdata, rr->rdlen, &ns, NULL) == CS_OK)
				zone_add_nsname(p, c, &ns);
		}
		if (w->kind == WALK_TARGET)
			make_main(p, ci);
		/* Glue: addresses of the NS names, trusted only inside the
		 * parent's bailiwick. */
		for (size_t k = 0; k < c->nns; k++) {
			bool glued = add_glue(p, ci, &c->nsnames[k], m, &z->name);
			if (!glued && !cs_name_is_below(&c->nsnames[k], &c->name))
				resolve_ns(p, ci, &c->nsnames[k]);
		}
	} else if (w->kind == WALK_TARGET) {
		make_main(p, ci);
	}
	walk_move(p, wi, ci);
}

static void check_stuck(cs_probe *p, int wi)
{
	walk *w = p->walks[wi];
	if (w->done || w->outstanding > 0 || p->zones[w->zone]->addr_walks > 0)
		return;
	char nb[CS_NAME_TEXT_MAX], zb[CS_NAME_TEXT_MAX], tb[16];
	note(p, "no server of zone %s gave a usable answer for %s %s",
	     cs_name_str(&p->zones[w->zone]->name, zb), cs_name_str(&w->target, nb),
	     cs_rrtype_str(w->qtype, tb));
	walk_finish(p, wi);
}

static void recursive_response(cs_probe *p, const cs_capture_query *q, const cs_msg *m);

static void on_response(void *arg, const cs_hub_answer *ans)
{
	inflight *f = arg;
	cs_probe *p = f->p;
	cs_capture_query *q = &p->cap->queries[f->qidx];
	cs_qresult result = ans->result;
	const uint8_t *resp = ans->resp;
	size_t len = ans->len;
	bool edns_dropped = ans->edns_dropped;
	p->outstanding--;
	if (p->outstanding == 0)
		p->end_us = mono(p);
	q->result = result;
	/* Record the query really sent, which the answer answers (the hub
	 * caches answers by the query we built). */
	if (ans->query != NULL &&
	    cs_capture_set_query(p->cap, q, ans->query, ans->query_len) != CS_OK)
		p->fatal = CS_ENOMEM;
	else if (ans->query == NULL && result == CS_QRESULT_ANSWER && len >= 2 &&
		 q->query_len >= 2) {
		/* From the cache: the ID of the query that earned the answer. */
		q->query[0] = resp[0];
		q->query[1] = resp[1];
	}
	if (edns_dropped) {
		q->edns_size = 0;
		q->do_bit = false;
		note(p,
		     "%s answered FORMERR without OPT to an EDNS query; it was asked again without "
		     "EDNS (query %u)",
		     q->server, q->id);
	}
	if (result == CS_QRESULT_ANSWER) {
		q->rtt_us = ans->rtt_us;
		q->cached = ans->cached;
		if (cs_capture_set_response(p->cap, q, resp, len) != CS_OK)
			p->fatal = CS_ENOMEM;
		p->answered++;
	} else if (result == CS_QRESULT_TIMEOUT && !p->recursive) {
		mark_dead(p, q->server);
	}
	int wi = f->walk;
	if (wi >= 0 && p->walks[wi]->outstanding > 0 && p->walks[wi]->zone == f->zone)
		p->walks[wi]->outstanding--;

	/* Truncated (QR=1, TC=1), decided on the header alone: a server without
	 * EDNS truncates as RFC 1035 §4.2.1 has it, cutting the message at 512
	 * octets and leaving the counts, so the rest need not parse (c-ares
	 * has already matched the ID and the question). */
	bool truncated = result == CS_QRESULT_ANSWER && q->transport == CS_TRANSPORT_UDP &&
			 len >= 4 && (resp[2] & 0x80) && (resp[2] & 0x02);
	if (truncated && p->fatal == CS_OK) {
		/* Ask the same server over TCP. */
		cs_name qn = q->qname;
		char addr[ADDR_MAX];
		snprintf(addr, sizeof(addr), "%s", q->server);
		send_query(p, f->zone, addr, q->port, &qn, q->qtype, q->purpose, wi,
			   CS_TRANSPORT_TCP);
	} else if (result == CS_QRESULT_ANSWER && p->fatal == CS_OK) {
		cs_arena a;
		cs_arena_init(&a);
		cs_msg m;
		/* A cached answer (the root's, a TLD's) was parsed before on
		 * this thread; the records are used only here. */
		cs_msg_memo *mm = ans->cached ? cs_probe_hub_msg_memo(p->hub) : NULL;
		if (cs_msg_memo_parse_or(mm, resp, len, &a, &m) == CS_OK) {
			if (p->recursive)
				recursive_response(p, q, &m);
			else if (wi >= 0)
				walk_response(p, wi, f->zone, &m, resp, len);
			else if (q->purpose == CS_QPURPOSE_DS) /* issue 13 hook */
				cut_above_ds(p, f->zone, &q->qname, &m);
			else if (q->purpose == CS_QPURPOSE_NS) /* issue 13 hook */
				cut_servers(p, f->zone, &m);
			else if (q->purpose == CS_QPURPOSE_SOA &&
				 !cs_name_equal(&q->qname, &p->zones[f->zone]->name))
				cut_at_apex(p, f->zone, &q->qname, &m); /* issue 13 hook */
		}
		cs_arena_clear(&a);
	}
	if (wi >= 0 && !p->recursive)
		check_stuck(p, wi);
	free(f);
	if (p->o->progress) {
		cs_probe_progress pr = {.zones = (unsigned)p->nzones,
					.sent = p->sent,
					.in_flight = p->outstanding,
					.answered = p->answered};
		progress_chain(p, &pr);
		p->o->progress(p->o->progress_ctx, &pr);
	}
}

/* ---- recursive mode: everything through one validating-capable resolver
 * with RD and CD set; zone cuts found by asking SOA at every ancestor. ---- */

static void rec_send(cs_probe *p, const cs_name *qname, uint16_t qtype, cs_qpurpose purpose)
{
	send_query(p, 0, p->resolver_addr, p->resolver_port, qname, qtype, purpose, -1,
		   CS_TRANSPORT_UDP);
}

static void rec_target(cs_probe *p, const cs_name *target, uint16_t qtype)
{
	rec_send(p, target, qtype, CS_QPURPOSE_TARGET);
	cs_name anc = *target;
	for (;;) {
		if (find_zone(p, &anc) < 0) {
			/* Zone index doubles as "SOA already asked" marker. */
			int zi = new_zone(p, &anc, -1);
			if (zi < 0)
				return;
			rec_send(p, &anc, CS_TYPE_SOA, CS_QPURPOSE_SOA);
		}
		if (anc.len <= 1)
			break;
		cs_name_parent(&anc, &anc);
	}
}

static void recursive_response(cs_probe *p, const cs_capture_query *q, const cs_msg *m)
{
	if (q->purpose == CS_QPURPOSE_SOA) {
		bool apex = false;
		for (size_t i = 0; i < m->counts[CS_SEC_ANSWER]; i++)
			if (rr_is(&m->sections[CS_SEC_ANSWER][i], &q->qname, CS_TYPE_SOA))
				apex = true;
		int zi = find_zone(p, &q->qname);
		if (!apex || zi < 0 || p->zones[zi]->main)
			return;
		p->zones[zi]->main = true;
		const cs_name *z = &q->qname;
		rec_send(p, z, CS_TYPE_DNSKEY, CS_QPURPOSE_DNSKEY);
		rec_send(p, z, CS_TYPE_NS, CS_QPURPOSE_NS);
		rec_send(p, z, CS_TYPE_CDS, CS_QPURPOSE_CDS);
		rec_send(p, z, CS_TYPE_CDNSKEY, CS_QPURPOSE_CDNSKEY);
		rec_send(p, z, NXTYPE, CS_QPURPOSE_NXTYPE);
		if (z->len > 1)
			rec_send(p, z, CS_TYPE_DS, CS_QPURPOSE_DS);
		cs_name nx;
		if (cs_name_prepend(z, (const uint8_t *)NX_LABEL, strlen(NX_LABEL), &nx) == CS_OK)
			rec_send(p, &nx, CS_TYPE_A, CS_QPURPOSE_NXNAME);
		return;
	}
	if (q->purpose != CS_QPURPOSE_TARGET || q->qtype == CS_TYPE_CNAME)
		return;
	for (size_t i = 0; i < m->counts[CS_SEC_ANSWER]; i++) {
		const cs_rr *rr = &m->sections[CS_SEC_ANSWER][i];
		cs_name next;
		if (!rr_is(rr, &q->qname, CS_TYPE_CNAME) || rr->rdata_err != CS_OK ||
		    cs_name_from_wire(rr->rdata, rr->rdlen, &next, NULL) != CS_OK)
			continue;
		(void)cs_dname_target(m, &q->qname, &next); /* issue 13 hook: DNAME wins */
		char nb[CS_NAME_TEXT_MAX];
		if (++p->cname_links > p->o->max_cname) {
			note(p, "CNAME chain longer than %u links: stopped at %s", p->o->max_cname,
			     cs_name_str(&next, nb));
			return;
		}
		if (new_walk(p, WALK_TARGET, &next, q->qtype) < 0) {
			note(p, "CNAME loop: %s was already queried", cs_name_str(&next, nb));
			return;
		}
		rec_target(p, &next, q->qtype);
	}
}

/* ---- setup and the loop ---- */

void cs_probe_opts_default(cs_probe_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->port = 53;
	o->timeout_ms = 1500;
	o->retries = 2;
	o->edns_size = 1232;
	o->ipv4 = true;
	o->ipv6 = true;
	o->max_queries = 3000;
	o->max_referrals = 32;
	o->max_cname = 16;
	o->max_addresses = 32;
	o->max_time_ms = 120000;
}

static cs_err record_setup(cs_probe *p, const cs_rrlist *hints, const cs_rrlist *anchors,
			   const cs_name *qname, uint16_t qtype)
{
	cs_capture *c = p->cap;
	const cs_probe_opts *o = p->o;
	c->tool = cs_capture_strdup(c, o->tool ? o->tool : "chainscope");
	c->qname = *qname;
	c->qtype = qtype;
	c->mode = cs_capture_strdup(c, o->resolver ? "recursive" : "authoritative");
	c->resolver = o->resolver ? cs_capture_strdup(c, o->resolver) : NULL;
	c->port = o->port;
	c->timeout_ms = o->timeout_ms;
	c->retries = o->retries;
	c->edns_size = o->edns_size;
	c->ipv4 = o->ipv4;
	c->ipv6 = o->ipv6;
	if (c->tool == NULL || c->mode == NULL)
		return CS_ENOMEM;
	const cs_rrlist *lists[2] = {hints, anchors};
	char ***dst[2] = {&c->hints, &c->anchors};
	size_t *dstn[2] = {&c->nhints, &c->nanchors};
	for (int k = 0; k < 2; k++) {
		for (size_t i = 0; lists[k] && i < lists[k]->n; i++) {
			cs_buf b;
			cs_buf_init(&b);
			cs_rr_to_text(&lists[k]->v[i], &b);
			cs_err err = b.err;
			if (err == CS_OK)
				err = cs_capture_add_string(c, dst[k], dstn[k], cs_buf_cstr(&b));
			cs_buf_free(&b);
			if (err != CS_OK)
				return err;
		}
	}
	return CS_OK;
}

static cs_err parse_resolver(cs_probe *p, const char *spec)
{
	const char *hash = strchr(spec, '#');
	size_t alen = hash ? (size_t)(hash - spec) : strlen(spec);
	if (alen == 0 || alen >= ADDR_MAX)
		return CS_EINVAL;
	memcpy(p->resolver_addr, spec, alen);
	p->resolver_addr[alen] = 0;
	unsigned char tmp[16];
	if (inet_pton(AF_INET, p->resolver_addr, tmp) != 1 &&
	    inet_pton(AF_INET6, p->resolver_addr, tmp) != 1)
		return CS_EINVAL;
	p->resolver_port = 53;
	if (hash) {
		char *end;
		unsigned long port = strtoul(hash + 1, &end, 10);
		if (*end != 0 || port == 0 || port > 65535)
			return CS_EINVAL;
		p->resolver_port = (uint16_t)port;
	}
	return CS_OK;
}

static void add_zones_to_capture(cs_probe *p)
{
	for (size_t i = 0; i < p->nzones && p->fatal == CS_OK; i++) {
		zone *z = p->zones[i];
		if (!z->main)
			continue;
		cs_capture_zone cz;
		memset(&cz, 0, sizeof(cz));
		cz.name = z->name;
		cz.parent = z->parent >= 0 ? p->zones[z->parent]->name : z->name;
		/* Group addresses by nameserver name. */
		cs_capture_server *srv = calloc(z->nsrv + z->nns + 1, sizeof(*srv));
		char **addrs = calloc(z->nsrv + 1, sizeof(*addrs));
		if (srv == NULL || addrs == NULL) {
			free(srv);
			free(addrs);
			p->fatal = CS_ENOMEM;
			return;
		}
		char(*names)[CS_NAME_TEXT_MAX] = calloc(z->nsrv + z->nns + 1, sizeof(*names));
		if (names == NULL) {
			free(srv);
			free(addrs);
			p->fatal = CS_ENOMEM;
			return;
		}
		size_t na = 0;
		for (size_t k = 0; k < z->nns; k++) {
			srv[cz.nservers].ns_name =
			    (char *)cs_name_str(&z->nsnames[k], names[cz.nservers]);
			srv[cz.nservers].addresses = addrs + na;
			for (size_t s = 0; s < z->nsrv; s++)
				if (cs_name_equal(&z->srv[s].ns, &z->nsnames[k]))
					addrs[na++] = z->srv[s].addr;
			srv[cz.nservers].naddresses =
			    (size_t)(addrs + na - srv[cz.nservers].addresses);
			cz.nservers++;
		}
		/* Addresses with no NS name (hints of the root, --ns). */
		for (size_t s = 0; s < z->nsrv; s++) {
			bool named = false;
			for (size_t k = 0; k < z->nns; k++)
				named |= cs_name_equal(&z->srv[s].ns, &z->nsnames[k]);
			if (named)
				continue;
			/* No NS name: given with --ns (the root keeps its hint names). */
			srv[cz.nservers].ns_name =
			    z->srv[s].ns.len > 1
				? (char *)cs_name_str(&z->srv[s].ns, names[cz.nservers])
				: (char *)"";
			srv[cz.nservers].addresses = addrs + na;
			addrs[na++] = z->srv[s].addr;
			srv[cz.nservers].naddresses = 1;
			cz.nservers++;
		}
		cz.servers = srv;
		if (cs_capture_add_zone(p->cap, &cz) != CS_OK)
			p->fatal = CS_ENOMEM;
		free(srv);
		free(addrs);
		free(names);
	}
}

/* Recursive mode: the apexes found, root first, each under its closest
 * found ancestor, all served by the resolver. */
static void add_recursive_zones(cs_probe *p)
{
	char *addr = p->resolver_addr;
	cs_capture_server srv = {
	    .ns_name = (char *)"resolver", .addresses = &addr, .naddresses = 1};
	for (unsigned labels = 0; labels <= 127 && p->fatal == CS_OK; labels++) {
		for (size_t i = 0; i < p->nzones; i++) {
			zone *z = p->zones[i];
			if (!z->main || cs_name_labels(&z->name) != labels)
				continue;
			cs_capture_zone cz;
			memset(&cz, 0, sizeof(cz));
			cz.name = z->name;
			cz.parent = z->name;
			/* The closest apex above it. */
			cs_name up = z->name;
			while (up.len > 1) {
				cs_name_parent(&up, &up);
				int k = find_zone(p, &up);
				if (k >= 0 && p->zones[k]->main) {
					cz.parent = up;
					break;
				}
			}
			cz.servers = &srv;
			cz.nservers = 1;
			if (cs_capture_add_zone(p->cap, &cz) != CS_OK)
				p->fatal = CS_ENOMEM;
		}
	}
}

static void free_probe(cs_probe *p)
{
	if (p->own_hub)
		cs_probe_hub_free(&p->hub);
	for (size_t i = 0; i < p->nzones; i++) {
		free(p->zones[i]->srv);
		free(p->zones[i]->nsnames);
		free(p->zones[i]);
	}
	free(p->zones);
	for (size_t i = 0; i < p->nwalks; i++)
		free(p->walks[i]);
	free(p->walks);
	free(p->dead);
	cs_capture_free(&p->cap);
	free(p);
}

/* The first queries: the walk from the root hints (or, in recursive mode,
 * everything through the resolver). */
static cs_err begin(cs_probe *p, const cs_rrlist *hints, const cs_name *qname, uint16_t qtype)
{
	cs_name root;
	cs_name_root(&root);
	if (p->recursive) {
		if (new_walk(p, WALK_TARGET, qname, qtype) < 0 && p->fatal != CS_OK)
			return p->fatal;
		rec_target(p, qname, qtype);
		return CS_OK;
	}
	int zi = new_zone(p, &root, -1);
	if (zi < 0)
		return CS_ENOMEM;
	p->zones[zi]->main = true;
	/* Root servers from the hints: NS names and their addresses. */
	for (size_t i = 0; hints && i < hints->n; i++) {
		const cs_rr *rr = &hints->v[i];
		cs_name ns;
		if (rr->type == CS_TYPE_NS &&
		    cs_name_from_wire(rr->rdata, rr->rdlen, &ns, NULL) == CS_OK)
			zone_add_nsname(p, p->zones[0], &ns);
	}
	for (size_t i = 0; hints && i < hints->n; i++) {
		char a[ADDR_MAX];
		addr_text(&hints->v[i], a);
		if (a[0])
			zone_add_address(p, 0, &hints->v[i].owner, a);
	}
	if (p->zones[0]->nsrv == 0)
		return CS_EINVAL;
	int wi = new_walk(p, WALK_TARGET, qname, qtype);
	if (wi < 0)
		return p->fatal != CS_OK ? p->fatal : CS_ENOMEM;
	walk_move(p, wi, 0);
	return CS_OK;
}

cs_err cs_probe_start(cs_probe_hub *hub, const cs_probe_opts *o, const cs_rrlist *hints,
		      const cs_rrlist *anchors, const cs_name *qname, uint16_t qtype,
		      cs_probe **out)
{
	if (o->wallclock == NULL || o->monotonic_us == NULL)
		return CS_EINVAL;
	cs_probe *p = calloc(1, sizeof(*p));
	if (p == NULL)
		return CS_ENOMEM;
	p->o = o;
	p->cap = cs_capture_new();
	if (p->cap == NULL) {
		free(p);
		return CS_ENOMEM;
	}
	cs_err err = record_setup(p, hints, anchors, qname, qtype);
	if (err == CS_OK && o->resolver != NULL) {
		p->recursive = true;
		err = parse_resolver(p, o->resolver);
	}
	if (err == CS_OK && hub == NULL) {
		err = cs_probe_hub_new(o->timeout_ms, o->retries, o->shared_net_library,
				       o->monotonic_us, o->clock_ctx, o->cache, &hub);
		p->own_hub = err == CS_OK;
	}
	if (err != CS_OK) {
		free_probe(p);
		return err;
	}
	p->hub = hub;
	o->wallclock(o->clock_ctx, &p->cap->started_s, &p->cap->started_us);
	p->t0 = mono(p);
	err = begin(p, hints, qname, qtype);
	if (err != CS_OK && p->outstanding == 0) {
		free_probe(p);
		return err;
	}
	if (err != CS_OK && p->fatal == CS_OK)
		p->fatal = err; /* reported by cs_probe_finish once the answers are in */
	*out = p;
	return CS_OK;
}

bool cs_probe_done(const cs_probe *p)
{
	return p->outstanding == 0;
}

cs_probe_hub *cs_probe_get_hub(const cs_probe *p)
{
	return p->hub;
}

cs_err cs_probe_finish(cs_probe **pp, cs_capture **out)
{
	cs_probe *p = *pp;
	*pp = NULL;
	cs_err err = p->fatal;
	if (err == CS_OK && p->outstanding > 0)
		err = CS_EINVAL; /* not done: callers wait for cs_probe_done */
	if (err == CS_OK) {
		if (!p->recursive)
			add_zones_to_capture(p);
		else
			add_recursive_zones(p);
		err = p->fatal;
	}
	if (err != CS_OK) {
		free_probe(p);
		return err;
	}
	p->cap->duration_us = (p->end_us ? p->end_us : mono(p)) - p->t0;
	*out = p->cap;
	p->cap = NULL;
	free_probe(p);
	return CS_OK;
}

cs_err cs_probe_run(const cs_probe_opts *o, const cs_rrlist *hints, const cs_rrlist *anchors,
		    const cs_name *qname, uint16_t qtype, cs_capture **out)
{
	cs_probe *p;
	cs_err err = cs_probe_start(NULL, o, hints, anchors, qname, qtype, &p);
	if (err != CS_OK)
		return err;
	while (!cs_probe_done(p)) {
		err = cs_probe_hub_step(p->hub, 1000);
		if (err != CS_OK) {
			/* The hub goes with the probe: no callback comes after this. */
			p->outstanding = 0;
			p->fatal = err;
		}
	}
	return cs_probe_finish(&p, out);
}
