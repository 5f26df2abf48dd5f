#include "probe_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define NBUCKETS 1024u

typedef struct entry {
	struct entry *next;
	uint64_t hash;
	int64_t rtt_us;
	size_t key_len;
	size_t resp_len;
	uint8_t data[]; /* key, then response */
} entry;

struct cs_probe_cache {
	pthread_mutex_t lock;
	unsigned max_labels;
	size_t max_bytes;
	entry *buckets[NBUCKETS];
	cs_probe_cache_stats stats;
};

cs_err cs_probe_cache_new(unsigned max_labels, size_t max_bytes, cs_probe_cache **out)
{
	cs_probe_cache *c = calloc(1, sizeof(*c));
	if (c == NULL)
		return CS_ENOMEM;
	if (pthread_mutex_init(&c->lock, NULL) != 0) {
		free(c);
		return CS_EIO;
	}
	c->max_labels = max_labels;
	c->max_bytes = max_bytes;
	*out = c;
	return CS_OK;
}

void cs_probe_cache_free(cs_probe_cache **pc)
{
	if (pc == NULL || *pc == NULL)
		return;
	cs_probe_cache *c = *pc;
	for (size_t i = 0; i < NBUCKETS; i++) {
		entry *e = c->buckets[i];
		while (e != NULL) {
			entry *next = e->next;
			free(e);
			e = next;
		}
	}
	pthread_mutex_destroy(&c->lock);
	free(c);
	*pc = NULL;
}

bool cs_probe_cache_wants(const cs_probe_cache *c, const cs_name *zone, const cs_name *target)
{
	return c != NULL && cs_name_labels(zone) <= c->max_labels &&
	       cs_name_labels(zone) < cs_name_labels(target) && cs_name_is_below(target, zone);
}

/* The key: "server\0", port, transport, then the query without its ID. */
static size_t make_key(const char *server, uint16_t port, cs_transport tr, const uint8_t *query,
		       size_t len, cs_buf *key)
{
	cs_buf_put(key, server, strlen(server) + 1);
	cs_buf_u16(key, port);
	cs_buf_u8(key, (uint8_t)tr);
	cs_buf_put(key, query + 2, len - 2);
	return key->len;
}

static uint64_t fnv1a(const uint8_t *p, size_t n)
{
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211u;
	}
	return h;
}

/* Caller holds the lock. */
static entry *find(cs_probe_cache *c, const cs_buf *key, uint64_t h)
{
	for (entry *e = c->buckets[h % NBUCKETS]; e != NULL; e = e->next)
		if (e->hash == h && e->key_len == key->len &&
		    memcmp(e->data, key->data, key->len) == 0)
			return e;
	return NULL;
}

bool cs_probe_cache_get(cs_probe_cache *c, const char *server, uint16_t port, cs_transport tr,
			const uint8_t *query, size_t len, cs_buf *resp, int64_t *rtt_us)
{
	if (len < 12)
		return false;
	cs_buf key;
	cs_buf_init(&key);
	make_key(server, port, tr, query, len, &key);
	if (key.err != CS_OK) {
		cs_buf_free(&key);
		return false;
	}
	uint64_t h = fnv1a(key.data, key.len);
	bool hit = false;
	pthread_mutex_lock(&c->lock);
	entry *e = find(c, &key, h);
	if (e != NULL) {
		cs_buf_put(resp, e->data + e->key_len, e->resp_len);
		*rtt_us = e->rtt_us;
		hit = resp->err == CS_OK;
	}
	if (hit)
		c->stats.hits++;
	else
		c->stats.misses++;
	pthread_mutex_unlock(&c->lock);
	cs_buf_free(&key);
	return hit;
}

void cs_probe_cache_put(cs_probe_cache *c, const char *server, uint16_t port, cs_transport tr,
			const uint8_t *query, size_t len, const uint8_t *resp, size_t resp_len,
			int64_t rtt_us)
{
	if (len < 12)
		return;
	cs_buf key;
	cs_buf_init(&key);
	make_key(server, port, tr, query, len, &key);
	if (key.err != CS_OK) {
		cs_buf_free(&key);
		return;
	}
	uint64_t h = fnv1a(key.data, key.len);
	size_t size = sizeof(entry) + key.len + resp_len;
	pthread_mutex_lock(&c->lock);
	entry *e = NULL;
	if (find(c, &key, h) == NULL) {
		if (c->stats.bytes + size > c->max_bytes)
			c->stats.full = true;
		else
			e = malloc(size);
	}
	if (e != NULL) {
		e->hash = h;
		e->rtt_us = rtt_us;
		e->key_len = key.len;
		e->resp_len = resp_len;
		memcpy(e->data, key.data, key.len);
		memcpy(e->data + key.len, resp, resp_len);
		e->next = c->buckets[h % NBUCKETS];
		c->buckets[h % NBUCKETS] = e;
		c->stats.entries++;
		c->stats.bytes += size;
	}
	pthread_mutex_unlock(&c->lock);
	cs_buf_free(&key);
}

void cs_probe_cache_get_stats(cs_probe_cache *c, cs_probe_cache_stats *out)
{
	pthread_mutex_lock(&c->lock);
	*out = c->stats;
	pthread_mutex_unlock(&c->lock);
}
