#include "probe/probe_cache.h"

#include "dns/msg.h"
#include "dns/rrtype.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define SERVER_ADDR_MAX 64
#define SERVERS_MAX	(1u << 16) /* servers tracked; beyond, no health is kept */

/* Timed-out queries (each after its retries) that make a server that never
 * answered dead for the run: more than one, so that one unlucky query to a
 * fresh server does not condemn it for every later name. */
#define DEAD_AFTER 2

typedef struct {
	char addr[SERVER_ADDR_MAX]; /* "" = free slot */
	bool answered;
	uint8_t timeouts; /* saturates */
} srv_entry;

/* The value's header: the RTT, then when the entry expires (INT64_MAX:
 * never), both int64_t; the response follows. */
#define VALUE_HDR (2 * sizeof(int64_t))

struct cs_probe_cache {
	cs_memo *memo; /* key: server, port, transport, query without its ID;
			  value: VALUE_HDR, then the response. Referrals: key "R"
			  and the child's wire name; value the same */
	unsigned max_labels;
	pthread_mutex_t lock; /* over the server table */
	srv_entry *servers;   /* open addressing, cap a power of two */
	size_t nservers, capservers;
	/* cs_probe_cache_expire: entries live for their response's TTL */
	int64_t (*now_s)(void *ctx);
	void *clock_ctx;
	uint32_t max_ttl;
};

cs_err cs_probe_cache_new(unsigned max_labels, size_t max_bytes, cs_probe_cache **out)
{
	cs_probe_cache *c = calloc(1, sizeof(*c));
	if (c == NULL)
		return CS_ENOMEM;
	cs_err err = cs_memo_new(max_bytes, &c->memo);
	if (err != CS_OK) {
		free(c);
		return err;
	}
	if (pthread_mutex_init(&c->lock, NULL) != 0) {
		cs_memo_free(&c->memo);
		free(c);
		return CS_EIO;
	}
	c->max_labels = max_labels;
	*out = c;
	return CS_OK;
}

void cs_probe_cache_free(cs_probe_cache **pc)
{
	if (pc == NULL || *pc == NULL)
		return;
	cs_memo_free(&(*pc)->memo);
	pthread_mutex_destroy(&(*pc)->lock);
	free((*pc)->servers);
	free(*pc);
	*pc = NULL;
}

bool cs_probe_cache_wants(const cs_probe_cache *c, const cs_name *zone, const cs_name *target)
{
	return c != NULL && cs_name_labels(zone) <= c->max_labels &&
	       cs_name_labels(zone) < cs_name_labels(target) && cs_name_is_below(target, zone);
}

/* The key parts: "server\0", port, transport, the query without its ID
 * (len >= 12). hdr holds the port and transport octets. */
static void make_key(const char *server, uint16_t port, cs_transport tr, const uint8_t *query,
		     size_t len, uint8_t hdr[3], cs_memo_part key[3])
{
	hdr[0] = (uint8_t)(port >> 8);
	hdr[1] = (uint8_t)port;
	hdr[2] = (uint8_t)tr;
	key[0] = (cs_memo_part){server, strlen(server) + 1};
	key[1] = (cs_memo_part){hdr, 3};
	key[2] = (cs_memo_part){query + 2, len - 2};
}

/* The response stored under key (appended to resp) and its RTT. */
static bool load(cs_probe_cache *c, const cs_memo_part *key, size_t nkey, cs_buf *resp,
		 int64_t *rtt_us)
{
	cs_buf v;
	cs_buf_init(&v);
	bool hit = cs_memo_get(c->memo, key, nkey, &v) && v.len >= VALUE_HDR;
	if (hit) {
		memcpy(rtt_us, v.data, sizeof(*rtt_us));
		cs_buf_put(resp, v.data + VALUE_HDR, v.len - VALUE_HDR);
		hit = resp->err == CS_OK;
	}
	cs_buf_free(&v);
	return hit;
}

bool cs_probe_cache_get(cs_probe_cache *c, const char *server, uint16_t port, cs_transport tr,
			const uint8_t *query, size_t len, cs_buf *resp, int64_t *rtt_us)
{
	if (len < 12)
		return false;
	uint8_t hdr[3];
	cs_memo_part key[3];
	make_key(server, port, tr, query, len, hdr, key);
	return load(c, key, 3, resp, rtt_us);
}

/* How long a response may be kept: the smallest TTL of its records (and,
 * for an SOA, of its MINIMUM field: the negative TTL, RFC 2308 §5), at
 * most max_ttl; 0 (do not keep) when it does not parse or has no record. */
static uint32_t response_ttl(const uint8_t *resp, size_t len, uint32_t max_ttl)
{
	cs_arena a;
	cs_arena_init(&a);
	cs_msg m;
	uint32_t ttl = 0;
	if (cs_msg_parse(resp, len, &a, &m, NULL) == CS_OK) {
		bool any = false;
		ttl = max_ttl;
		for (size_t s = 0; s < CS_SEC_COUNT; s++)
			for (size_t i = 0; i < m.counts[s]; i++) {
				const cs_rr *rr = &m.sections[s][i];
				if (rr->type == CS_TYPE_OPT)
					continue;
				any = true;
				if (rr->ttl < ttl)
					ttl = rr->ttl;
				if (rr->type == CS_TYPE_SOA && rr->rdata_err == CS_OK &&
				    rr->rdlen >= 4) {
					const uint8_t *p = rr->rdata + rr->rdlen - 4;
					uint32_t min = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
						       (uint32_t)p[2] << 8 | p[3];
					if (min < ttl)
						ttl = min;
				}
			}
		if (!any)
			ttl = 0;
	}
	cs_arena_clear(&a);
	return ttl;
}

/* The memo's staleness test: the entry's expiry has passed. */
static bool expired(const uint8_t *value, size_t len, void *ctx)
{
	const cs_probe_cache *c = ctx;
	int64_t expires;
	if (len < VALUE_HDR)
		return true;
	memcpy(&expires, value + sizeof(int64_t), sizeof(expires));
	return c->now_s(c->clock_ctx) >= expires;
}

void cs_probe_cache_expire(cs_probe_cache *c, int64_t (*now_s)(void *ctx), void *ctx,
			   uint32_t max_ttl)
{
	c->now_s = now_s;
	c->clock_ctx = ctx;
	c->max_ttl = max_ttl;
	cs_memo_set_stale(c->memo, expired, c);
}

/* Store a response under key, with its RTT and, when entries expire, its
 * expiry. */
static void store(cs_probe_cache *c, const cs_memo_part *key, size_t nkey, const uint8_t *resp,
		  size_t resp_len, int64_t rtt_us)
{
	int64_t expires = INT64_MAX;
	if (c->now_s != NULL) {
		uint32_t ttl = response_ttl(resp, resp_len, c->max_ttl);
		if (ttl == 0)
			return;
		expires = c->now_s(c->clock_ctx) + ttl;
	}
	uint8_t *v = malloc(VALUE_HDR + resp_len);
	if (v == NULL)
		return;
	memcpy(v, &rtt_us, sizeof(rtt_us));
	memcpy(v + sizeof(rtt_us), &expires, sizeof(expires));
	if (resp_len > 0)
		memcpy(v + VALUE_HDR, resp, resp_len);
	cs_memo_put(c->memo, key, nkey, v, VALUE_HDR + resp_len);
	free(v);
}

void cs_probe_cache_put(cs_probe_cache *c, const char *server, uint16_t port, cs_transport tr,
			const uint8_t *query, size_t len, const uint8_t *resp, size_t resp_len,
			int64_t rtt_us)
{
	if (len < 12)
		return;
	uint8_t hdr[3];
	cs_memo_part key[3];
	make_key(server, port, tr, query, len, hdr, key);
	store(c, key, 3, resp, resp_len, rtt_us);
}

void cs_probe_cache_get_stats(cs_probe_cache *c, cs_probe_cache_stats *out)
{
	cs_memo_get_stats(c->memo, out);
}

void cs_probe_cache_put_referral(cs_probe_cache *c, const cs_name *child, const uint8_t *resp,
				 size_t len)
{
	cs_memo_part key[2] = {{"R", 1}, {child->data, child->len}};
	store(c, key, 2, resp, len, 0);
}

bool cs_probe_cache_get_referral(cs_probe_cache *c, const cs_name *child, cs_buf *resp)
{
	cs_memo_part key[2] = {{"R", 1}, {child->data, child->len}};
	int64_t rtt;
	return load(c, key, 2, resp, &rtt);
}

static size_t addr_hash(const char *addr)
{
	uint64_t h = 1469598103934665603u;
	for (const char *s = addr; *s; s++)
		h = (h ^ (uint8_t)*s) * 1099511628211u;
	return (size_t)h;
}

/* The slot of addr, or NULL; with add, a new one (NULL when full or out of
 * memory). Caller holds the lock. */
static srv_entry *find_server(cs_probe_cache *c, const char *addr, bool add)
{
	if (strlen(addr) >= SERVER_ADDR_MAX)
		return NULL;
	if (add && (c->nservers + 1) * 2 > c->capservers) {
		size_t cap = c->capservers ? c->capservers * 2 : 256;
		if (cap > 2 * (size_t)SERVERS_MAX)
			return find_server(c, addr, false);
		srv_entry *v = calloc(cap, sizeof(*v));
		if (v == NULL)
			return find_server(c, addr, false);
		for (size_t i = 0; i < c->capservers; i++) {
			if (c->servers[i].addr[0] == 0)
				continue;
			size_t k = addr_hash(c->servers[i].addr) & (cap - 1);
			while (v[k].addr[0] != 0)
				k = (k + 1) & (cap - 1);
			v[k] = c->servers[i];
		}
		free(c->servers);
		c->servers = v;
		c->capservers = cap;
	}
	if (c->capservers == 0)
		return NULL;
	size_t k = addr_hash(addr) & (c->capservers - 1);
	while (c->servers[k].addr[0] != 0) {
		if (strcmp(c->servers[k].addr, addr) == 0)
			return &c->servers[k];
		k = (k + 1) & (c->capservers - 1);
	}
	if (!add)
		return NULL;
	strcpy(c->servers[k].addr, addr);
	c->servers[k].answered = false;
	c->servers[k].timeouts = 0;
	c->nservers++;
	return &c->servers[k];
}

void cs_probe_cache_server_answered(cs_probe_cache *c, const char *addr)
{
	if (c->now_s != NULL)
		return; /* a long-running cache keeps no health (see the header) */
	pthread_mutex_lock(&c->lock);
	srv_entry *s = find_server(c, addr, true);
	if (s != NULL)
		s->answered = true;
	pthread_mutex_unlock(&c->lock);
}

bool cs_probe_cache_server_timeout(cs_probe_cache *c, const char *addr)
{
	if (c->now_s != NULL)
		return false;
	pthread_mutex_lock(&c->lock);
	srv_entry *s = find_server(c, addr, true);
	bool loss = false;
	if (s != NULL) {
		loss = s->answered;
		if (s->timeouts < UINT8_MAX)
			s->timeouts++;
	}
	pthread_mutex_unlock(&c->lock);
	return loss;
}

bool cs_probe_cache_server_dead(cs_probe_cache *c, const char *addr)
{
	if (c->now_s != NULL)
		return false;
	pthread_mutex_lock(&c->lock);
	srv_entry *s = find_server(c, addr, false);
	bool dead = s != NULL && !s->answered && s->timeouts >= DEAD_AFTER;
	pthread_mutex_unlock(&c->lock);
	return dead;
}
