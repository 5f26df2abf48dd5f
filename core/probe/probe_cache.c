#include "probe/probe_cache.h"

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

struct cs_probe_cache {
	cs_memo *memo; /* key: server, port, transport, query without its ID;
			  value: the RTT (int64_t), then the response. Referrals:
			  key "R" and the child's wire name; value the response */
	unsigned max_labels;
	pthread_mutex_t lock; /* over the server table */
	srv_entry *servers;   /* open addressing, cap a power of two */
	size_t nservers, capservers;
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

bool cs_probe_cache_get(cs_probe_cache *c, const char *server, uint16_t port, cs_transport tr,
			const uint8_t *query, size_t len, cs_buf *resp, int64_t *rtt_us)
{
	if (len < 12)
		return false;
	uint8_t hdr[3];
	cs_memo_part key[3];
	make_key(server, port, tr, query, len, hdr, key);
	cs_buf v;
	cs_buf_init(&v);
	bool hit = cs_memo_get(c->memo, key, 3, &v) && v.len >= sizeof(*rtt_us);
	if (hit) {
		memcpy(rtt_us, v.data, sizeof(*rtt_us));
		cs_buf_put(resp, v.data + sizeof(*rtt_us), v.len - sizeof(*rtt_us));
		hit = resp->err == CS_OK;
	}
	cs_buf_free(&v);
	return hit;
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
	uint8_t *v = malloc(sizeof(rtt_us) + resp_len);
	if (v == NULL)
		return;
	memcpy(v, &rtt_us, sizeof(rtt_us));
	if (resp_len > 0)
		memcpy(v + sizeof(rtt_us), resp, resp_len);
	cs_memo_put(c->memo, key, 3, v, sizeof(rtt_us) + resp_len);
	free(v);
}

void cs_probe_cache_get_stats(cs_probe_cache *c, cs_probe_cache_stats *out)
{
	cs_memo_get_stats(c->memo, out);
}

void cs_probe_cache_put_referral(cs_probe_cache *c, const cs_name *child, const uint8_t *resp,
				 size_t len)
{
	cs_memo_part key[2] = {{"R", 1}, {child->data, child->len}};
	cs_memo_put(c->memo, key, 2, resp, len);
}

bool cs_probe_cache_get_referral(cs_probe_cache *c, const cs_name *child, cs_buf *resp)
{
	cs_memo_part key[2] = {{"R", 1}, {child->data, child->len}};
	return cs_memo_get(c->memo, key, 2, resp) && resp->err == CS_OK;
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
	pthread_mutex_lock(&c->lock);
	srv_entry *s = find_server(c, addr, true);
	if (s != NULL)
		s->answered = true;
	pthread_mutex_unlock(&c->lock);
}

bool cs_probe_cache_server_timeout(cs_probe_cache *c, const char *addr)
{
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
	pthread_mutex_lock(&c->lock);
	srv_entry *s = find_server(c, addr, false);
	bool dead = s != NULL && !s->answered && s->timeouts >= DEAD_AFTER;
	pthread_mutex_unlock(&c->lock);
	return dead;
}
