#include "verify_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define NBUCKETS 1024u

typedef struct entry {
	struct entry *next;
	uint64_t hash;
	cs_verify_result result;
	uint8_t alg;
	size_t key_len, sig_len, data_len;
	uint8_t octets[]; /* key, signature, data */
} entry;

struct cs_verify_cache {
	pthread_mutex_t lock;
	unsigned max_labels;
	size_t max_bytes, bytes;
	uint64_t hits, misses;
	entry *buckets[NBUCKETS];
};

cs_err cs_verify_cache_new(unsigned max_labels, size_t max_bytes, cs_verify_cache **out)
{
	cs_verify_cache *c = calloc(1, sizeof(*c));
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

void cs_verify_cache_free(cs_verify_cache **pc)
{
	if (pc == NULL || *pc == NULL)
		return;
	cs_verify_cache *c = *pc;
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

static uint64_t fnv1a(uint64_t h, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211u;
	}
	return h;
}

static bool same(const entry *e, uint64_t h, uint8_t alg, const uint8_t *key, size_t key_len,
		 const uint8_t *sig, size_t sig_len, const uint8_t *data, size_t data_len)
{
	return e->hash == h && e->alg == alg && e->key_len == key_len && e->sig_len == sig_len &&
	       e->data_len == data_len && memcmp(e->octets, key, key_len) == 0 &&
	       memcmp(e->octets + key_len, sig, sig_len) == 0 &&
	       memcmp(e->octets + key_len + sig_len, data, data_len) == 0;
}

cs_verify_result cs_verify_cached(cs_verify_cache *c, const cs_name *zone, uint8_t alg,
				  const uint8_t *pubkey, size_t pubkey_len, const uint8_t *sig,
				  size_t sig_len, const uint8_t *data, size_t data_len)
{
	if (c == NULL || cs_name_labels(zone) > c->max_labels || pubkey == NULL || sig == NULL ||
	    data == NULL)
		return cs_crypto_verify(alg, pubkey, pubkey_len, sig, sig_len, data, data_len);
	uint64_t h = fnv1a(1469598103934665603u ^ alg, pubkey, pubkey_len);
	h = fnv1a(fnv1a(h, sig, sig_len), data, data_len);
	pthread_mutex_lock(&c->lock);
	for (entry *e = c->buckets[h % NBUCKETS]; e != NULL; e = e->next) {
		if (same(e, h, alg, pubkey, pubkey_len, sig, sig_len, data, data_len)) {
			cs_verify_result r = e->result;
			c->hits++;
			pthread_mutex_unlock(&c->lock);
			return r;
		}
	}
	c->misses++;
	pthread_mutex_unlock(&c->lock);
	/* Verify outside the lock: other threads go on meanwhile. */
	cs_verify_result r =
	    cs_crypto_verify(alg, pubkey, pubkey_len, sig, sig_len, data, data_len);
	if (r == CS_VERIFY_INTERNAL)
		return r;
	size_t size = sizeof(entry) + pubkey_len + sig_len + data_len;
	pthread_mutex_lock(&c->lock);
	entry *e = c->bytes + size <= c->max_bytes ? malloc(size) : NULL;
	if (e != NULL) {
		e->hash = h;
		e->result = r;
		e->alg = alg;
		e->key_len = pubkey_len;
		e->sig_len = sig_len;
		e->data_len = data_len;
		memcpy(e->octets, pubkey, pubkey_len);
		memcpy(e->octets + pubkey_len, sig, sig_len);
		memcpy(e->octets + pubkey_len + sig_len, data, data_len);
		e->next = c->buckets[h % NBUCKETS];
		c->buckets[h % NBUCKETS] = e;
		c->bytes += size;
	}
	pthread_mutex_unlock(&c->lock);
	return r;
}

bool cs_verify_cache_covers(const cs_verify_cache *c, const cs_name *zone)
{
	return c != NULL && cs_name_labels(zone) <= c->max_labels;
}

void cs_verify_cache_counts(cs_verify_cache *c, uint64_t *hits, uint64_t *misses)
{
	pthread_mutex_lock(&c->lock);
	*hits = c->hits;
	*misses = c->misses;
	pthread_mutex_unlock(&c->lock);
}
