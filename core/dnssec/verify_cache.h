/*
 * verify_cache.h - a thread-safe memo of signature verifications by the
 * keys of the zones above the names (the root, TLDs), shared by the
 * analyses of one batch run: the same key, signature and signed data give
 * the same result, so each is verified once per run instead of once per
 * name. Entries are keyed by the exact octets (compared in full).
 *
 * Memory is bounded: only zones with at most max_labels labels are memoised,
 * and nothing is added past max_bytes.
 */
#ifndef CS_VERIFY_CACHE_H
#define CS_VERIFY_CACHE_H

#include "base/error.h"
#include "dns/name.h"
#include "dnssec/crypto.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cs_verify_cache cs_verify_cache;

/* A new empty memo, holding the ECDSA curves' parameters for the local
 * caches made from it. Returns CS_OK, CS_ENOMEM or CS_EIO (no mutex). */
cs_err cs_verify_cache_new(unsigned max_labels, size_t max_bytes, cs_verify_cache **out);

/* A memo for one analysis (one thread at a time): every zone is memoised,
 * up to max_bytes, and the keys of up to max_keys key fields are made once
 * and kept (OpenSSL's key is the costly part of a verification), from the
 * curve parameters shared holds when shared (a cache from
 * cs_verify_cache_new, which must outlive this one) is not NULL. Returns
 * CS_OK, CS_ENOMEM or CS_EIO. */
cs_err cs_verify_cache_new_local(size_t max_bytes, size_t max_keys, const cs_verify_cache *shared,
				 cs_verify_cache **out);

/* Free it; accepts NULL, clears *c. Only when no analysis uses it. */
void cs_verify_cache_free(cs_verify_cache **c);

/* cs_crypto_verify, memoised when c is not NULL and zone (whose key signs)
 * has at most max_labels labels. Same results as cs_crypto_verify;
 * CS_VERIFY_INTERNAL results are never memoised. */
cs_verify_result cs_verify_cached(cs_verify_cache *c, const cs_name *zone, uint8_t alg,
				  const uint8_t *pubkey, size_t pubkey_len, const uint8_t *sig,
				  size_t sig_len, const uint8_t *data, size_t data_len);

/* Does c memoise signatures by the keys of zone (at most max_labels
 * labels)? */
bool cs_verify_cache_covers(const cs_verify_cache *c, const cs_name *zone);

/* Hits and misses so far (memoised zones only). */
void cs_verify_cache_counts(cs_verify_cache *c, uint64_t *hits, uint64_t *misses);

#endif
