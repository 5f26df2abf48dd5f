#include "dnssec/verify_cache.h"

#include "base/memo.h"

#include <stdlib.h>
#include <string.h>

/* A key field and the key made from it. */
typedef struct {
	uint8_t alg;
	uint8_t *field;
	size_t len;
	cs_crypto_key *key;
} held_key;

struct cs_verify_cache {
	cs_memo *memo; /* key: algorithm, lengths, key, signature, signed data;
			  value: the cs_verify_result as one octet */
	unsigned max_labels;
	held_key *keys; /* local caches only: the keys made so far */
	size_t nkeys, max_keys;
	cs_crypto_curves *own_curves;	/* shared caches: made with the cache */
	const cs_crypto_curves *curves; /* what keys are made from, or NULL */
};

/* A cache with its memo and nothing else. */
static cs_err memo_only(unsigned max_labels, size_t max_bytes, cs_verify_cache **out)
{
	cs_verify_cache *c = calloc(1, sizeof(*c));
	if (c == NULL)
		return CS_ENOMEM;
	cs_err err = cs_memo_new(max_bytes, &c->memo);
	if (err != CS_OK) {
		free(c);
		return err;
	}
	c->max_labels = max_labels;
	*out = c;
	return CS_OK;
}

cs_err cs_verify_cache_new(unsigned max_labels, size_t max_bytes, cs_verify_cache **out)
{
	cs_verify_cache *c = NULL;
	cs_err err = memo_only(max_labels, max_bytes, &c);
	if (err != CS_OK)
		return err;
	/* Without the curves, keys are made from the curves' names. */
	if (cs_crypto_curves_new(&c->own_curves) != CS_OK)
		c->own_curves = NULL;
	c->curves = c->own_curves;
	*out = c;
	return CS_OK;
}

cs_err cs_verify_cache_new_local(size_t max_bytes, size_t max_keys, const cs_verify_cache *shared,
				 cs_verify_cache **out)
{
	cs_verify_cache *c = NULL;
	cs_err err = memo_only(CS_NAME_MAXLEN, max_bytes, &c);
	if (err != CS_OK)
		return err;
	c->curves = shared != NULL ? shared->curves : NULL;
	c->keys = max_keys ? calloc(max_keys, sizeof(*c->keys)) : NULL;
	c->max_keys = c->keys != NULL ? max_keys : 0;
	*out = c;
	return CS_OK;
}

void cs_verify_cache_free(cs_verify_cache **pc)
{
	if (pc == NULL || *pc == NULL)
		return;
	for (size_t i = 0; i < (*pc)->nkeys; i++) {
		free((*pc)->keys[i].field);
		cs_crypto_key_free(&(*pc)->keys[i].key);
	}
	free((*pc)->keys);
	cs_crypto_curves_free(&(*pc)->own_curves);
	cs_memo_free(&(*pc)->memo);
	free(*pc);
	*pc = NULL;
}

static void put32(uint8_t *p, size_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* The key made from (alg, field) kept by a local cache, made now if there is
 * room; NULL when the cache keeps no keys, is full or memory is short. */
static const cs_crypto_key *held(cs_verify_cache *c, uint8_t alg, const uint8_t *field, size_t len)
{
	for (size_t i = 0; i < c->nkeys; i++)
		if (c->keys[i].alg == alg && c->keys[i].len == len &&
		    memcmp(c->keys[i].field, field, len) == 0)
			return c->keys[i].key;
	if (c->nkeys == c->max_keys)
		return NULL;
	held_key *h = &c->keys[c->nkeys];
	h->field = malloc(len ? len : 1);
	if (h->field == NULL ||
	    cs_crypto_key_new_on(c->curves, alg, field, len, &h->key) != CS_OK) {
		free(h->field);
		h->field = NULL;
		return NULL;
	}
	memcpy(h->field, field, len);
	h->alg = alg;
	h->len = len;
	c->nkeys++;
	return h->key;
}

/* Verify without the memo, with the key the cache keeps when it keeps
 * one. */
static cs_verify_result verify(cs_verify_cache *c, uint8_t alg, const uint8_t *pubkey,
			       size_t pubkey_len, const uint8_t *sig, size_t sig_len,
			       const uint8_t *data, size_t data_len)
{
	const cs_crypto_key *k = c != NULL ? held(c, alg, pubkey, pubkey_len) : NULL;
	if (k == NULL)
		return cs_crypto_verify(alg, pubkey, pubkey_len, sig, sig_len, data, data_len);
	return cs_crypto_key_verify(k, sig, sig_len, data, data_len);
}

cs_verify_result cs_verify_cached(cs_verify_cache *c, const cs_name *zone, uint8_t alg,
				  const uint8_t *pubkey, size_t pubkey_len, const uint8_t *sig,
				  size_t sig_len, const uint8_t *data, size_t data_len)
{
	if (pubkey == NULL || sig == NULL || data == NULL)
		return cs_crypto_verify(alg, pubkey, pubkey_len, sig, sig_len, data, data_len);
	if (!cs_verify_cache_covers(c, zone))
		return verify(c, alg, pubkey, pubkey_len, sig, sig_len, data, data_len);
	/* The lengths make the split between key, signature and data part of
	 * the key. */
	uint8_t hdr[9];
	hdr[0] = alg;
	put32(hdr + 1, pubkey_len);
	put32(hdr + 5, sig_len);
	const cs_memo_part key[4] = {
	    {hdr, sizeof(hdr)}, {pubkey, pubkey_len}, {sig, sig_len}, {data, data_len}};
	cs_buf v;
	cs_buf_init(&v);
	bool hit = cs_memo_get(c->memo, key, 4, &v) && v.len == 1;
	cs_verify_result r = hit ? (cs_verify_result)v.data[0] : CS_VERIFY_INTERNAL;
	cs_buf_free(&v);
	if (hit)
		return r;
	/* Verified outside the memo's lock: other threads go on meanwhile. */
	r = verify(c, alg, pubkey, pubkey_len, sig, sig_len, data, data_len);
	if (r != CS_VERIFY_INTERNAL) {
		uint8_t octet = (uint8_t)r;
		cs_memo_put(c->memo, key, 4, &octet, 1);
	}
	return r;
}

bool cs_verify_cache_covers(const cs_verify_cache *c, const cs_name *zone)
{
	return c != NULL && cs_name_labels(zone) <= c->max_labels;
}

void cs_verify_cache_counts(cs_verify_cache *c, uint64_t *hits, uint64_t *misses)
{
	cs_memo_stats st;
	cs_memo_get_stats(c->memo, &st);
	*hits = st.hits;
	*misses = st.misses;
}
