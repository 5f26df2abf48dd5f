#include "probe/probe_hub.h"

#include "base/buf.h"
#include "probe/net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Queries on the network per server (address) and hub: more wait in the
 * server's queue, so that a burst of answers fits the sockets' receive
 * buffers and the server's, and nothing is lost to our own haste. A name
 * asks one server of a zone about ten queries in one round trip, so this
 * lets about a hundred names of one hoster's server be in flight per loop
 * (256 held a batch at 100 ms to 32 names per loop: 160 names/s); the
 * window stops growing when queries queue here, and shrinks when they
 * wait. */
#define SERVER_INFLIGHT 1024
#define RCVBUF_BYTES	(4 << 20)

typedef struct waiter waiter;
typedef struct flight flight;

typedef struct server server;
struct server {
	server *next; /* in its bucket */
	unsigned inflight;
	flight *qhead, *qtail; /* waiting for a slot */
	server *next_pump;     /* in the hub's list of servers to pump */
	bool to_pump;
	int64_t fastest_us; /* its fastest answer so far; 0: none yet */
	char addr[64];
};
struct waiter {
	cs_hub_cb cb;
	void *arg;
	waiter *next;
};

/* One query on the network (or in its server's queue) and everyone
 * waiting for its answer. */
struct flight {
	cs_probe_hub *hub;
	server *srv;
	flight *next;  /* in its bucket */
	flight *qnext; /* in its server's queue */
	uint64_t hash;
	waiter *head, *tail;
	bool cacheable;
	bool linked;	   /* still in the table */
	int64_t sent_us;   /* made, then put on the wire */
	int64_t queued_us; /* waited for a free slot of its server */
	char addr[64];
	uint16_t port;
	cs_transport tr;
	size_t klen; /* key: addr, NUL, port (2), transport (1), query less its ID */
	uint8_t key[];
};

/* An answer due on the next step (from the cache, or a query that ended
 * inside a send). */
typedef struct due due;
struct due {
	due *next;
	cs_hub_cb cb;
	void *arg;
	cs_qresult result;
	bool cached, edns_dropped;
	int64_t rtt_us;
	size_t len;  /* response octets at resp[0..len) */
	size_t qlen; /* then the query really sent, qlen octets (0: none) */
	uint8_t resp[];
};

struct cs_probe_hub {
	cs_net *net;
	cs_probe_cache *cache;
	cs_msg_memo *msg_memo; /* borrowed: parses of cached answers */
	int64_t (*mono)(void *ctx);
	void *clock_ctx;
	flight **buckets;
	size_t nbuckets, nflights;
	due *due_head, *due_tail;
	server **servers;
	size_t nsbuckets, nservers;
	server *pump_head; /* servers with a queue and maybe a free slot */
	unsigned sending;  /* inside cs_net_send: callbacks are deferred */
	uint16_t next_id;  /* the message ID of the next query on the wire */
	unsigned owed;	   /* callbacks not called yet */
	cs_probe_hub_stats stats;
};

cs_err cs_probe_hub_new(unsigned timeout_ms, unsigned retries, bool shared_library,
			int64_t (*monotonic_us)(void *ctx), void *clock_ctx, cs_probe_cache *cache,
			cs_probe_hub **out)
{
	if (monotonic_us == NULL)
		return CS_EINVAL;
	cs_probe_hub *h = calloc(1, sizeof(*h));
	if (h == NULL)
		return CS_ENOMEM;
	h->nbuckets = 64;
	h->buckets = calloc(h->nbuckets, sizeof(*h->buckets));
	h->nsbuckets = 64;
	h->servers = calloc(h->nsbuckets, sizeof(*h->servers));
	if (h->buckets == NULL || h->servers == NULL) {
		free(h->buckets);
		free(h->servers);
		free(h);
		return CS_ENOMEM;
	}
	cs_err err = shared_library ? cs_net_new_shared(timeout_ms, retries, &h->net)
				    : cs_net_new(timeout_ms, retries, &h->net);
	if (err != CS_OK) {
		free(h->buckets);
		free(h->servers);
		free(h);
		return err;
	}
	cs_net_set_rcvbuf(h->net, RCVBUF_BYTES);
	h->cache = cache;
	h->mono = monotonic_us;
	h->clock_ctx = clock_ctx;
	*out = h;
	return CS_OK;
}

static void free_waiters(waiter *w)
{
	while (w != NULL) {
		waiter *n = w->next;
		free(w);
		w = n;
	}
}

void cs_probe_hub_free(cs_probe_hub **ph)
{
	if (ph == NULL || *ph == NULL)
		return;
	cs_probe_hub *h = *ph;
	/* The net drops its queries without calling back: free their flights
	 * here, from the table. */
	cs_net_free(&h->net);
	for (size_t i = 0; i < h->nbuckets; i++) {
		flight *f = h->buckets[i];
		while (f != NULL) {
			flight *n = f->next;
			free_waiters(f->head);
			free(f);
			f = n;
		}
	}
	free(h->buckets);
	for (size_t i = 0; i < h->nsbuckets; i++) {
		server *v = h->servers[i];
		while (v != NULL) {
			server *n = v->next;
			free(v);
			v = n;
		}
	}
	free(h->servers);
	for (due *d = h->due_head; d != NULL;) {
		due *n = d->next;
		free(d);
		d = n;
	}
	free(h);
	*ph = NULL;
}

static uint64_t hash_bytes(const uint8_t *p, size_t n)
{
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211u;
	return h;
}

static void unlink_flight(cs_probe_hub *h, flight *f)
{
	if (!f->linked)
		return;
	flight **pp = &h->buckets[f->hash & (h->nbuckets - 1)];
	while (*pp != NULL && *pp != f)
		pp = &(*pp)->next;
	if (*pp == f)
		*pp = f->next;
	f->linked = false;
	h->nflights--;
}

static void grow(cs_probe_hub *h)
{
	size_t n = h->nbuckets * 2;
	flight **b = calloc(n, sizeof(*b));
	if (b == NULL)
		return; /* longer chains, still correct */
	for (size_t i = 0; i < h->nbuckets; i++) {
		flight *f = h->buckets[i];
		while (f != NULL) {
			flight *next = f->next;
			f->next = b[f->hash & (n - 1)];
			b[f->hash & (n - 1)] = f;
			f = next;
		}
	}
	free(h->buckets);
	h->buckets = b;
	h->nbuckets = n;
}

static void on_net(void *arg, const cs_net_reply *r);

/* The query octets of a flight for cs_net: the key's query part, whose
 * first two octets (the ID's place) hold the port's; c-ares puts its own
 * ID there on the wire. */
static const uint8_t *flight_query(const flight *f, size_t *len)
{
	size_t qoff = strlen(f->addr) + 4 - 2;
	*len = f->klen - qoff;
	return f->key + qoff;
}

/* Put f on the network. cs_net may call back from inside the send (an
 * immediate failure): on_net then defers the answer, so f may be gone
 * when this returns CS_OK. */
static cs_err launch(cs_probe_hub *h, flight *f)
{
	size_t qlen;
	const uint8_t *key_q = flight_query(f, &qlen);
	/* The key holds no message ID (identical queries share a flight):
	 * every query on the wire gets its own, so that the transport can
	 * tell answers apart. */
	uint8_t stack[512];
	uint8_t *q = qlen <= sizeof(stack) ? stack : malloc(qlen);
	if (q == NULL)
		return CS_ENOMEM;
	memcpy(q, key_q, qlen);
	h->next_id = (uint16_t)(h->next_id * 31421u + 6927u);
	q[0] = (uint8_t)(h->next_id >> 8);
	q[1] = (uint8_t)h->next_id;
	server *srv = f->srv;
	int64_t now = h->mono(h->clock_ctx);
	f->queued_us = now - f->sent_us;
	f->sent_us = now;
	srv->inflight++;
	h->stats.sent++;
	h->sending++;
	cs_err err = cs_net_send(h->net, f->addr, f->port, f->tr, q, qlen, on_net, f);
	h->sending--;
	if (q != stack)
		free(q);
	if (err != CS_OK) {
		srv->inflight--;
		h->stats.sent--;
	}
	return err;
}

static void add_due(cs_probe_hub *h, due *d)
{
	d->next = NULL;
	if (h->due_tail != NULL)
		h->due_tail->next = d;
	else
		h->due_head = d;
	h->due_tail = d;
}

static void mark_pump(cs_probe_hub *h, server *srv)
{
	if (srv->to_pump || srv->qhead == NULL)
		return;
	srv->to_pump = true;
	srv->next_pump = h->pump_head;
	h->pump_head = srv;
}

/* Deliver one answer to every waiter of a flight that is done, and free
 * it. */
static void deliver(cs_probe_hub *h, flight *f, const cs_hub_answer *a)
{
	waiter *w = f->head;
	free(f);
	while (w != NULL) {
		waiter *n = w->next;
		h->owed--;
		h->stats.answers++;
		w->cb(w->arg, a);
		free(w);
		w = n;
	}
}

/* Send queued queries of srv while it has free slots. */
static void pump(cs_probe_hub *h, server *srv)
{
	while (srv->inflight < SERVER_INFLIGHT && srv->qhead != NULL) {
		flight *f = srv->qhead;
		srv->qhead = f->qnext;
		if (srv->qhead == NULL)
			srv->qtail = NULL;
		h->stats.queued--;
		if (launch(h, f) != CS_OK) {
			unlink_flight(h, f);
			cs_hub_answer a = {.result = CS_QRESULT_NETERROR, .rtt_us = -1};
			deliver(h, f, &a);
		}
	}
}

/* The answer of a flight that ended inside a send: a due entry per
 * waiter (out of memory: a network error, which needs no copy). */
static void defer(cs_probe_hub *h, flight *f, const cs_hub_answer *a)
{
	waiter *w = f->head;
	free(f);
	while (w != NULL) {
		waiter *n = w->next;
		due *d = malloc(sizeof(*d) + a->len + a->query_len);
		if (d == NULL) {
			h->owed--;
			h->stats.answers++;
			cs_hub_answer e = {.result = CS_QRESULT_NETERROR, .rtt_us = -1};
			w->cb(w->arg, &e); /* no memory left to wait with */
		} else {
			d->cb = w->cb;
			d->arg = w->arg;
			d->result = a->result;
			d->cached = false;
			d->edns_dropped = a->edns_dropped;
			d->rtt_us = a->rtt_us;
			d->len = a->len;
			if (a->len > 0)
				memcpy(d->resp, a->resp, a->len);
			d->qlen = a->query != NULL ? a->query_len : 0;
			if (d->qlen > 0)
				memcpy(d->resp + a->len, a->query, d->qlen);
			add_due(h, d);
		}
		free(w);
		w = n;
	}
}

static void on_net(void *arg, const cs_net_reply *r)
{
	flight *f = arg;
	cs_probe_hub *h = f->hub;
	cs_qresult result = r->result;
	const uint8_t *resp = r->resp;
	size_t len = r->resp_len;
	bool edns_dropped = r->edns_dropped;
	unlink_flight(h, f);
	f->srv->inflight--;
	cs_hub_answer a = {
	    .result = result,
	    .resp = resp,
	    .len = len,
	    .query = r->query,
	    .query_len = r->query_len,
	    .edns_dropped = edns_dropped,
	    .rtt_us = result == CS_QRESULT_ANSWER ? h->mono(h->clock_ctx) - f->sent_us : -1};
	if (result == CS_QRESULT_ANSWER && a.rtt_us >= 0) {
		/* What the answer took over the server's fastest, and its time
		 * in the server's queue: waiting (in our loop, the queue, the
		 * server), not the path. */
		server *srv = f->srv;
		if (srv->fastest_us == 0 || a.rtt_us < srv->fastest_us)
			srv->fastest_us = a.rtt_us > 0 ? a.rtt_us : 1;
		h->stats.timed++;
		h->stats.fastest_us += (unsigned long long)srv->fastest_us;
		int64_t waited = a.rtt_us - srv->fastest_us + (f->queued_us > 0 ? f->queued_us : 0);
		h->stats.waited_us += (unsigned long long)(waited > 0 ? waited : 0);
	}
	if (result == CS_QRESULT_TIMEOUT) {
		h->stats.timeouts++;
		if (h->cache != NULL && cs_probe_cache_server_timeout(h->cache, f->addr))
			h->stats.losses++;
	} else if (result == CS_QRESULT_ANSWER && h->cache != NULL) {
		cs_probe_cache_server_answered(h->cache, f->addr);
		if (f->cacheable && !edns_dropped) {
			/* The cache ignores the ID too. */
			size_t qlen;
			const uint8_t *q = flight_query(f, &qlen);
			cs_probe_cache_put(h->cache, f->addr, f->port, f->tr, q, qlen, resp, len,
					   a.rtt_us);
		}
	}
	if (h->sending > 0) {
		/* Inside a send: nothing may be called back, nothing sent
		 * (that would recurse); the next step does both. */
		mark_pump(h, f->srv);
		defer(h, f, &a);
		return;
	}
	pump(h, f->srv);
	deliver(h, f, &a);
}

/* The server entry of addr, made on first use; NULL when out of memory. */
static server *get_server(cs_probe_hub *h, const char *addr)
{
	uint64_t hv = hash_bytes((const uint8_t *)addr, strlen(addr));
	for (server *v = h->servers[hv & (h->nsbuckets - 1)]; v != NULL; v = v->next)
		if (strcmp(v->addr, addr) == 0)
			return v;
	if (h->nservers >= h->nsbuckets) {
		size_t n = h->nsbuckets * 2;
		server **b = calloc(n, sizeof(*b));
		if (b != NULL) {
			for (size_t i = 0; i < h->nsbuckets; i++) {
				server *v = h->servers[i];
				while (v != NULL) {
					server *next = v->next;
					uint64_t k =
					    hash_bytes((const uint8_t *)v->addr, strlen(v->addr));
					v->next = b[k & (n - 1)];
					b[k & (n - 1)] = v;
					v = next;
				}
			}
			free(h->servers);
			h->servers = b;
			h->nsbuckets = n;
		}
	}
	server *v = calloc(1, sizeof(*v));
	if (v == NULL)
		return NULL;
	snprintf(v->addr, sizeof(v->addr), "%s", addr);
	v->next = h->servers[hv & (h->nsbuckets - 1)];
	h->servers[hv & (h->nsbuckets - 1)] = v;
	h->nservers++;
	return v;
}

cs_err cs_probe_hub_send(cs_probe_hub *h, const char *addr, uint16_t port, cs_transport tr,
			 const uint8_t *query, size_t len, bool cacheable, cs_hub_cb cb, void *arg)
{
	size_t alen = strlen(addr);
	if (len < 12 || len > 65535 || alen >= 64)
		return CS_EINVAL;
	cacheable = cacheable && h->cache != NULL;
	if (cacheable) {
		cs_buf resp;
		cs_buf_init(&resp);
		int64_t rtt = -1;
		if (cs_probe_cache_get(h->cache, addr, port, tr, query, len, &resp, &rtt) &&
		    resp.len >= 2) {
			due *d = malloc(sizeof(*d) + resp.len);
			if (d == NULL) {
				cs_buf_free(&resp);
				return CS_ENOMEM;
			}
			d->cb = cb;
			d->arg = arg;
			d->result = CS_QRESULT_ANSWER;
			d->cached = true;
			d->edns_dropped = false;
			d->rtt_us = rtt;
			d->len = resp.len;
			d->qlen = 0;
			memcpy(d->resp, resp.data, resp.len);
			cs_buf_free(&resp);
			add_due(h, d);
			h->owed++;
			h->stats.cached++;
			return CS_OK;
		}
		cs_buf_free(&resp);
	}
	waiter *w = malloc(sizeof(*w));
	if (w == NULL)
		return CS_ENOMEM;
	w->cb = cb;
	w->arg = arg;
	w->next = NULL;
	/* The key: what makes two queries the same on the wire. */
	size_t klen = alen + 1 + 3 + (len - 2);
	uint8_t stack[1024];
	uint8_t *key = klen <= sizeof(stack) ? stack : malloc(klen);
	if (key == NULL) {
		free(w);
		return CS_ENOMEM;
	}
	memcpy(key, addr, alen + 1);
	key[alen + 1] = (uint8_t)(port >> 8);
	key[alen + 2] = (uint8_t)port;
	key[alen + 3] = (uint8_t)tr;
	memcpy(key + alen + 4, query + 2, len - 2);
	uint64_t hv = hash_bytes(key, klen);
	for (flight *f = h->buckets[hv & (h->nbuckets - 1)]; f != NULL; f = f->next) {
		if (f->hash == hv && f->klen == klen && memcmp(f->key, key, klen) == 0) {
			f->tail->next = w;
			f->tail = w;
			f->cacheable |= cacheable;
			h->owed++;
			h->stats.shared++;
			if (key != stack)
				free(key);
			return CS_OK;
		}
	}
	server *srv = get_server(h, addr);
	flight *f = srv == NULL ? NULL : malloc(sizeof(*f) + klen);
	if (f == NULL) {
		if (key != stack)
			free(key);
		free(w);
		return CS_ENOMEM;
	}
	memset(f, 0, sizeof(*f));
	f->hub = h;
	f->srv = srv;
	f->hash = hv;
	f->head = f->tail = w;
	f->cacheable = cacheable;
	f->sent_us = h->mono(h->clock_ctx);
	memcpy(f->addr, addr, alen + 1);
	f->port = port;
	f->tr = tr;
	f->klen = klen;
	memcpy(f->key, key, klen);
	if (key != stack)
		free(key);
	if (h->nflights >= h->nbuckets)
		grow(h);
	size_t b = hv & (h->nbuckets - 1);
	f->next = h->buckets[b];
	h->buckets[b] = f;
	f->linked = true;
	h->nflights++;
	h->owed++;
	if (srv->inflight >= SERVER_INFLIGHT) {
		if (srv->qtail != NULL)
			srv->qtail->qnext = f;
		else
			srv->qhead = f;
		srv->qtail = f;
		h->stats.queued++;
		return CS_OK;
	}
	cs_err err = launch(h, f);
	if (err != CS_OK) {
		unlink_flight(h, f);
		h->owed--;
		free(w);
		free(f);
		return err;
	}
	return CS_OK;
}

bool cs_probe_hub_dead(const cs_probe_hub *h, const char *addr)
{
	return h->cache != NULL && cs_probe_cache_server_dead(h->cache, addr);
}

cs_err cs_probe_hub_step(cs_probe_hub *h, int max_wait_ms)
{
	while (h->pump_head != NULL) {
		server *srv = h->pump_head;
		h->pump_head = srv->next_pump;
		srv->to_pump = false;
		pump(h, srv);
	}
	if (h->due_head != NULL) {
		/* Deliver what is due now, including answers due because of
		 * these. */
		while (h->due_head != NULL) {
			due *d = h->due_head;
			h->due_head = d->next;
			if (h->due_head == NULL)
				h->due_tail = NULL;
			cs_hub_answer a = {.result = d->result,
					   .resp = d->len > 0 ? d->resp : NULL,
					   .len = d->len,
					   .query = d->qlen > 0 ? d->resp + d->len : NULL,
					   .query_len = d->qlen,
					   .cached = d->cached,
					   .edns_dropped = d->edns_dropped,
					   .rtt_us = d->rtt_us};
			h->owed--;
			h->stats.answers++;
			d->cb(d->arg, &a);
			free(d);
		}
		max_wait_ms = 0;
	}
	if (cs_net_pending(h->net) == 0)
		return CS_OK; /* (queued queries wait only for ones in flight) */
	return cs_net_step(h->net, max_wait_ms);
}

unsigned cs_probe_hub_pending(const cs_probe_hub *h)
{
	return h->owed;
}

void cs_probe_hub_get_stats(const cs_probe_hub *h, cs_probe_hub_stats *out)
{
	*out = h->stats;
}

void cs_probe_hub_set_msg_memo(cs_probe_hub *h, cs_msg_memo *memo)
{
	h->msg_memo = memo;
}

cs_msg_memo *cs_probe_hub_msg_memo(const cs_probe_hub *h)
{
	return h->msg_memo;
}
