/*
 * test_msg_memo - core/dns/msg_memo: a parsed message kept by its octets
 * gives what cs_msg_parse gives, again without parsing (the ID aside),
 * never for other octets, never for a packet that does not parse, and the
 * budget empties it only at a trim.
 */
#include "dns/msg_memo.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../testutil.h"

#include <string.h>

/* A response: id, "example." A, one answer 192.0.2.<last> (compressed
 * owner). */
static void response(bytes *o, unsigned id, uint8_t last)
{
	static const uint8_t qname[] = {7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0};
	o->n = 0;
	put16(o, id);
	put16(o, 0x8400); /* QR AA */
	put16(o, 1);
	put16(o, 1);
	put16(o, 0);
	put16(o, 0);
	put(o, qname, sizeof(qname));
	put16(o, 1); /* A */
	put16(o, 1); /* IN */
	put16(o, 0xc00c);
	put16(o, 1);
	put16(o, 1);
	put32(o, 3600);
	put16(o, 4);
	const uint8_t a[] = {192, 0, 2, last};
	put(o, a, 4);
}

static void assert_same_msg(const cs_msg *got, const cs_msg *want)
{
	assert_int_equal(got->id, want->id);
	assert_int_equal(got->rcode, want->rcode);
	assert_int_equal(got->aa, want->aa);
	assert_int_equal(got->qtype, want->qtype);
	assert_int_equal(got->qname.len, want->qname.len);
	assert_memory_equal(got->qname.data, want->qname.data, want->qname.len);
	for (int s = 0; s < CS_SEC_COUNT; s++) {
		assert_int_equal(got->counts[s], want->counts[s]);
		for (size_t i = 0; i < got->counts[s]; i++) {
			const cs_rr *g = &got->sections[s][i], *w = &want->sections[s][i];
			assert_int_equal(g->type, w->type);
			assert_int_equal(g->ttl, w->ttl);
			assert_int_equal(g->rdlen, w->rdlen);
			assert_memory_equal(g->rdata, w->rdata, w->rdlen);
			assert_int_equal(g->owner.len, w->owner.len);
			assert_memory_equal(g->owner.data, w->owner.data, w->owner.len);
		}
	}
}

static void test_hit_miss(void **state)
{
	(void)state;
	cs_msg_memo *mm = NULL;
	assert_int_equal(cs_msg_memo_new(1 << 20, &mm), CS_OK);
	bytes p;
	cs_arena a;
	cs_arena_init(&a);
	cs_msg want, got;
	uint64_t hits, misses;

	response(&p, 0x1234, 1);
	assert_int_equal(cs_msg_parse(p.b, p.n, &a, &want, NULL), CS_OK);
	assert_int_equal(cs_msg_memo_parse(mm, p.b, p.n, &got), CS_OK);
	assert_same_msg(&got, &want);
	/* The caller's octets may go: the memo parsed its own copy. */
	memset(p.b, 0xee, p.n);
	response(&p, 0x1234, 1);
	assert_int_equal(cs_msg_memo_parse(mm, p.b, p.n, &got), CS_OK);
	assert_same_msg(&got, &want);
	cs_msg_memo_counts(mm, &hits, &misses);
	assert_int_equal(hits, 1);
	assert_int_equal(misses, 1);

	/* Another ID: the kept message with the packet's ID. */
	response(&p, 0xbeef, 1);
	assert_int_equal(cs_msg_memo_parse(mm, p.b, p.n, &got), CS_OK);
	want.id = 0xbeef;
	assert_same_msg(&got, &want);
	cs_msg_memo_counts(mm, &hits, &misses);
	assert_int_equal(hits, 2);

	/* One octet of the answer differs: parsed anew, its own record. */
	response(&p, 0xbeef, 2);
	assert_int_equal(cs_msg_memo_parse(mm, p.b, p.n, &got), CS_OK);
	assert_int_equal(got.sections[CS_SEC_ANSWER][0].rdata[3], 2);
	cs_msg_memo_counts(mm, &hits, &misses);
	assert_int_equal(misses, 2);
	/* ...and both stay. */
	response(&p, 7, 1);
	assert_int_equal(cs_msg_memo_parse(mm, p.b, p.n, &got), CS_OK);
	assert_int_equal(got.sections[CS_SEC_ANSWER][0].rdata[3], 1);

	/* A packet that does not parse: cs_msg_parse's error, every time. */
	response(&p, 7, 1);
	p.n -= 1;
	assert_int_equal(cs_msg_memo_parse(mm, p.b, p.n, &got), CS_ETRUNC);
	assert_int_equal(cs_msg_memo_parse(mm, p.b, p.n, &got), CS_ETRUNC);
	assert_int_equal(cs_msg_memo_parse(mm, p.b, 1, &got), CS_ETRUNC);
	assert_int_equal(cs_msg_memo_parse(NULL, p.b, p.n, &got), CS_EINVAL);

	/* Under budget a trim keeps everything. */
	cs_msg_memo_counts(mm, &hits, &misses);
	cs_msg_memo_trim(mm);
	response(&p, 9, 1);
	assert_int_equal(cs_msg_memo_parse(mm, p.b, p.n, &got), CS_OK);
	uint64_t h2, m2;
	cs_msg_memo_counts(mm, &h2, &m2);
	assert_int_equal(h2, hits + 1);
	assert_int_equal(m2, misses);
	/* _or: through the memo when there is one, else into the arena. */
	assert_int_equal(cs_msg_memo_parse_or(mm, p.b, p.n, &a, &got), CS_OK);
	cs_msg_memo_counts(mm, &hits, &misses);
	assert_int_equal(hits, h2 + 1);
	size_t before = a.total;
	assert_int_equal(cs_msg_memo_parse_or(NULL, p.b, p.n, &a, &got), CS_OK);
	assert_true(a.total > before);
	want.id = 9;
	assert_same_msg(&got, &want);
	cs_arena_clear(&a);
	cs_msg_memo_free(&mm);
	assert_null(mm);
	cs_msg_memo_free(&mm);
}

/* Over budget, messages stay valid until the trim, which forgets them. */
static void test_budget(void **state)
{
	(void)state;
	cs_msg_memo *mm = NULL;
	assert_int_equal(cs_msg_memo_new(1, &mm), CS_OK);
	bytes p;
	cs_msg first, again;
	response(&p, 1, 1);
	assert_int_equal(cs_msg_memo_parse(mm, p.b, p.n, &first), CS_OK);
	response(&p, 1, 2);
	assert_int_equal(cs_msg_memo_parse(mm, p.b, p.n, &again), CS_OK);
	/* still there, over budget or not */
	assert_int_equal(first.sections[CS_SEC_ANSWER][0].rdata[3], 1);
	response(&p, 1, 1);
	assert_int_equal(cs_msg_memo_parse(mm, p.b, p.n, &again), CS_OK);
	uint64_t hits, misses;
	cs_msg_memo_counts(mm, &hits, &misses);
	assert_int_equal(hits, 1);
	cs_msg_memo_trim(mm);
	assert_int_equal(cs_msg_memo_parse(mm, p.b, p.n, &again), CS_OK);
	cs_msg_memo_counts(mm, &hits, &misses);
	assert_int_equal(hits, 1);
	assert_int_equal(misses, 3);
	cs_msg_memo_free(&mm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hit_miss),
	    cmocka_unit_test(test_budget),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
