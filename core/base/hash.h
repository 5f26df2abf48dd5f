/*
 * hash.h - a fast 64-bit hash of octet strings for in-memory tables (the
 * memos), eight octets at a time: the block mix and the finalizer of
 * MurmurHash3 (Austin Appleby, public domain), applied to 64-bit words.
 * Not a cryptographic hash: a collision only costs a comparison of keys.
 *
 * A key may come in parts: the hash is that of their concatenation.
 */
#ifndef CS_HASH_H
#define CS_HASH_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	uint64_t h;
	uint8_t carry[8]; /* octets not yet mixed */
	unsigned ncarry;  /* how many: 0..7 */
	uint64_t len;
} cs_hash;

/* Start a hash. */
void cs_hash_init(cs_hash *s);

/* Add n octets at p. */
void cs_hash_add(cs_hash *s, const void *p, size_t n);

/* The hash of everything added (s is left as it was). */
uint64_t cs_hash_end(const cs_hash *s);

/* The hash of n octets at p, in one call. */
uint64_t cs_hash_bytes(const void *p, size_t n);

#endif
