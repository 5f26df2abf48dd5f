#include "base/hash.h"

#include <string.h>

#define C1 0x87c37b91114253d5u
#define C2 0x4cf5ad432745937fu

static uint64_t rotl(uint64_t x, int r)
{
	return x << r | x >> (64 - r);
}

/* MurmurHash3's block step, one 64-bit word. */
static uint64_t block(uint64_t h, uint64_t k)
{
	k *= C1;
	k = rotl(k, 31);
	k *= C2;
	h ^= k;
	h = rotl(h, 27);
	return h * 5 + 0x52dce729;
}

/* MurmurHash3's finalizer (fmix64): every input bit reaches every output
 * bit. */
static uint64_t fmix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdu;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53u;
	k ^= k >> 33;
	return k;
}

void cs_hash_init(cs_hash *s)
{
	s->h = 0x243f6a8885a308d3u; /* any seed */
	s->ncarry = 0;
	s->len = 0;
}

/* A word of eight octets, in host order: the hash never leaves the
 * process, and a key split anywhere gives the same words. */
static uint64_t word(const uint8_t *b)
{
	uint64_t w;
	memcpy(&w, b, 8);
	return w;
}

void cs_hash_add(cs_hash *s, const void *p, size_t n)
{
	const uint8_t *b = p;
	if (n == 0) /* p may be NULL then */
		return;
	s->len += n;
	if (s->ncarry > 0) { /* top up a partial word first */
		size_t take = 8 - s->ncarry < n ? 8 - s->ncarry : n;
		memcpy(s->carry + s->ncarry, b, take);
		s->ncarry += (unsigned)take;
		b += take;
		n -= take;
		if (s->ncarry < 8)
			return;
		s->h = block(s->h, word(s->carry));
		s->ncarry = 0;
	}
	for (; n >= 8; b += 8, n -= 8)
		s->h = block(s->h, word(b));
	memcpy(s->carry, b, n);
	s->ncarry = (unsigned)n;
}

uint64_t cs_hash_end(const cs_hash *s)
{
	uint64_t h = s->h;
	if (s->ncarry > 0) {
		uint8_t last[8] = {0};
		memcpy(last, s->carry, s->ncarry);
		h = block(h, word(last));
	}
	return fmix(h ^ s->len);
}

uint64_t cs_hash_bytes(const void *p, size_t n)
{
	cs_hash s;
	cs_hash_init(&s);
	cs_hash_add(&s, p, n);
	return cs_hash_end(&s);
}
