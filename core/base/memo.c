#include "base/memo.h"

#include "base/hash.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define NBUCKETS 1024u

typedef struct entry {
	struct entry *next;
	uint64_t hash;
	size_t key_len, value_len;
	uint8_t data[]; /* key, then value */
} entry;

struct cs_memo {
	pthread_mutex_t lock;
	size_t max_bytes;
	cs_memo_stats stats;
	cs_memo_stale_fn stale; /* optional */
	void *stale_ctx;
	entry *buckets[NBUCKETS];
};

cs_err cs_memo_new(size_t max_bytes, cs_memo **out)
{
	cs_memo *m = calloc(1, sizeof(*m));
	if (m == NULL)
		return CS_ENOMEM;
	if (pthread_mutex_init(&m->lock, NULL) != 0) {
		free(m);
		return CS_EIO;
	}
	m->max_bytes = max_bytes;
	*out = m;
	return CS_OK;
}

void cs_memo_free(cs_memo **pm)
{
	if (pm == NULL || *pm == NULL)
		return;
	cs_memo *m = *pm;
	for (size_t i = 0; i < NBUCKETS; i++) {
		entry *e = m->buckets[i];
		while (e != NULL) {
			entry *next = e->next;
			free(e);
			e = next;
		}
	}
	pthread_mutex_destroy(&m->lock);
	free(m);
	*pm = NULL;
}

/* FNV-1a over the parts, and their total length. */
static uint64_t hash(const cs_memo_part *key, size_t nkey, size_t *len)
{
	cs_hash s;
	cs_hash_init(&s);
	*len = 0;
	for (size_t k = 0; k < nkey; k++) {
		cs_hash_add(&s, key[k].p, key[k].n);
		*len += key[k].n;
	}
	return cs_hash_end(&s);
}

static bool same_key(const entry *e, const cs_memo_part *key, size_t nkey)
{
	size_t at = 0;
	for (size_t k = 0; k < nkey; k++) {
		if (key[k].n > 0 && memcmp(e->data + at, key[k].p, key[k].n) != 0)
			return false;
		at += key[k].n;
	}
	return true;
}

static bool is_stale(const cs_memo *m, const entry *e)
{
	return m->stale != NULL && m->stale(e->data + e->key_len, e->value_len, m->stale_ctx);
}

/* Unlink and free *at (an entry of m). Caller holds the lock. */
static void drop(cs_memo *m, entry **at)
{
	entry *e = *at;
	*at = e->next;
	m->stats.entries--;
	m->stats.bytes -= sizeof(entry) + e->key_len + e->value_len;
	free(e);
}

/* The entry with this key, or NULL; a stale one is removed and not found.
 * Caller holds the lock. */
static entry *find(cs_memo *m, const cs_memo_part *key, size_t nkey, uint64_t h, size_t len)
{
	for (entry **at = &m->buckets[h % NBUCKETS]; *at != NULL; at = &(*at)->next) {
		entry *e = *at;
		if (e->hash == h && e->key_len == len && same_key(e, key, nkey)) {
			if (!is_stale(m, e))
				return e;
			drop(m, at);
			return NULL;
		}
	}
	return NULL;
}

/* Remove every stale entry. Caller holds the lock. */
static void sweep(cs_memo *m)
{
	for (size_t i = 0; i < NBUCKETS; i++) {
		entry **at = &m->buckets[i];
		while (*at != NULL) {
			if (is_stale(m, *at))
				drop(m, at);
			else
				at = &(*at)->next;
		}
	}
}

void cs_memo_set_stale(cs_memo *m, cs_memo_stale_fn fn, void *ctx)
{
	m->stale = fn;
	m->stale_ctx = ctx;
}

bool cs_memo_get(cs_memo *m, const cs_memo_part *key, size_t nkey, cs_buf *out)
{
	size_t len;
	uint64_t h = hash(key, nkey, &len);
	pthread_mutex_lock(&m->lock);
	const entry *e = find(m, key, nkey, h, len);
	bool hit = false;
	if (e != NULL) {
		cs_buf_put(out, e->data + e->key_len, e->value_len);
		hit = out->err == CS_OK;
	}
	if (hit)
		m->stats.hits++;
	else
		m->stats.misses++;
	pthread_mutex_unlock(&m->lock);
	return hit;
}

void cs_memo_put(cs_memo *m, const cs_memo_part *key, size_t nkey, const void *value,
		 size_t value_len)
{
	size_t len;
	uint64_t h = hash(key, nkey, &len);
	size_t size = sizeof(entry) + len + value_len;
	pthread_mutex_lock(&m->lock);
	entry *e = NULL;
	if (find(m, key, nkey, h, len) == NULL) {
		if (m->stats.bytes + size > m->max_bytes && m->stale != NULL)
			sweep(m);
		if (m->stats.bytes + size > m->max_bytes)
			m->stats.full = true;
		else
			e = malloc(size);
	}
	if (e != NULL) {
		e->hash = h;
		e->key_len = len;
		e->value_len = value_len;
		size_t at = 0;
		for (size_t k = 0; k < nkey; k++) {
			if (key[k].n > 0)
				memcpy(e->data + at, key[k].p, key[k].n);
			at += key[k].n;
		}
		if (value_len > 0)
			memcpy(e->data + len, value, value_len);
		e->next = m->buckets[h % NBUCKETS];
		m->buckets[h % NBUCKETS] = e;
		m->stats.entries++;
		m->stats.bytes += size;
	}
	pthread_mutex_unlock(&m->lock);
}

void cs_memo_get_stats(cs_memo *m, cs_memo_stats *out)
{
	pthread_mutex_lock(&m->lock);
	*out = m->stats;
	pthread_mutex_unlock(&m->lock);
}
