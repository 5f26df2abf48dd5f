#include "dns/msg_memo.h"

#include "base/arena.h"
#include "base/hash.h"

#include <stdlib.h>
#include <string.h>

#define BUCKETS 256 /* a batch thread sees a few dozen shared answers */

typedef struct entry {
	struct entry *next;
	uint64_t hash;
	const uint8_t *octets; /* the message after its ID */
	size_t len;
	cs_msg msg;
} entry;

struct cs_msg_memo {
	cs_arena arena; /* entries, their octets and their records */
	entry *buckets[BUCKETS];
	size_t max_bytes;
	uint64_t hits, misses;
};

cs_err cs_msg_memo_new(size_t max_bytes, cs_msg_memo **out)
{
	cs_msg_memo *m = calloc(1, sizeof(*m));
	if (m == NULL)
		return CS_ENOMEM;
	cs_arena_init(&m->arena);
	m->max_bytes = max_bytes;
	*out = m;
	return CS_OK;
}

void cs_msg_memo_free(cs_msg_memo **pm)
{
	if (pm == NULL || *pm == NULL)
		return;
	cs_arena_clear(&(*pm)->arena);
	free(*pm);
	*pm = NULL;
}

cs_err cs_msg_memo_parse(cs_msg_memo *m, const uint8_t *pkt, size_t len, cs_msg *out)
{
	if (m == NULL)
		return CS_EINVAL;
	if (pkt == NULL || len < 2)
		return cs_msg_parse(pkt, len, &m->arena, out, NULL);
	const uint8_t *body = pkt + 2;
	size_t blen = len - 2;
	uint64_t h = cs_hash_bytes(body, blen);
	entry **slot = &m->buckets[h % BUCKETS];
	for (entry *e = *slot; e != NULL; e = e->next)
		if (e->hash == h && e->len == blen && memcmp(e->octets, body, blen) == 0) {
			m->hits++;
			*out = e->msg;
			out->id = (uint16_t)(pkt[0] << 8 | pkt[1]);
			return CS_OK;
		}
	m->misses++;
	/* Parsed from the memo's copy, so records may point into it. */
	uint8_t *copy = cs_arena_memdup(&m->arena, pkt, len);
	entry *e = cs_arena_alloc(&m->arena, sizeof(*e));
	if (copy == NULL || e == NULL)
		return CS_ENOMEM;
	cs_err err = cs_msg_parse(copy, len, &m->arena, &e->msg, NULL);
	if (err != CS_OK)
		return err;
	e->hash = h;
	e->octets = copy + 2;
	e->len = blen;
	e->next = *slot;
	*slot = e;
	*out = e->msg;
	return CS_OK;
}

cs_err cs_msg_memo_parse_or(cs_msg_memo *m, const uint8_t *pkt, size_t len, cs_arena *a,
			    cs_msg *out)
{
	return m != NULL ? cs_msg_memo_parse(m, pkt, len, out)
			 : cs_msg_parse(pkt, len, a, out, NULL);
}

void cs_msg_memo_trim(cs_msg_memo *m)
{
	if (m == NULL || m->arena.total <= m->max_bytes)
		return;
	cs_arena_clear(&m->arena);
	memset(m->buckets, 0, sizeof(m->buckets));
}

void cs_msg_memo_counts(const cs_msg_memo *m, uint64_t *hits, uint64_t *misses)
{
	*hits = m != NULL ? m->hits : 0;
	*misses = m != NULL ? m->misses : 0;
}
