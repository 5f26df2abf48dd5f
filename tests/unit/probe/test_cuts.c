/*
 * test_cuts - core/probe/cuts: which answers show a zone cut that no
 * referral showed. An SOA answer shows a child's apex only when it is
 * authoritative, NOERROR and owned by the name asked (a NODATA's SOA in
 * the authority section names the zone above, not a cut); an NSEC owned by
 * the name shows an unsigned delegation only with NS and without SOA and
 * DS in its bitmap.
 */
#include "probe/cuts.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../testutil.h"
#include "dns/rrtype.h"

/* Wire form of a lower-case name in dotted form ("a.b." or "."). */
static void put_name(bytes *o, const char *text)
{
	const char *p = text;
	while (*p && *p != '.') {
		const char *e = strchr(p, '.');
		put8(o, (unsigned)(e - p));
		put(o, p, (size_t)(e - p));
		p = e + 1;
	}
	put8(o, 0);
}

static void put_rr_head(bytes *o, const char *owner, uint16_t type)
{
	put_name(o, owner);
	put16(o, type), put16(o, 1), put32(o, 300);
}

/* An SOA record for zone. */
static void put_soa(bytes *o, const char *zone)
{
	put_rr_head(o, zone, CS_TYPE_SOA);
	bytes rd = {0};
	put_name(&rd, "ns.");
	put_name(&rd, "host.");
	for (int i = 0; i < 5; i++)
		put32(&rd, 1);
	put16(o, (unsigned)rd.n);
	put(o, rd.b, rd.n);
}

/* An NSEC at owner (next "z.") with these types, all of one window: a
 * bitmap of that window alone. */
static void put_nsec(bytes *o, const char *owner, const uint16_t *types)
{
	put_rr_head(o, owner, CS_TYPE_NSEC);
	uint8_t map[32] = {0};
	unsigned len = 0, window = types[0] >> 8;
	for (const uint16_t *t = types; *t; t++) {
		unsigned lo = *t & 0xffu;
		assert_int_equal(*t >> 8, window);
		map[lo / 8] |= (uint8_t)(0x80 >> (lo % 8));
		if (lo / 8 + 1u > len)
			len = lo / 8 + 1u;
	}
	bytes rd = {0};
	put_name(&rd, "z.");
	put8(&rd, window), put8(&rd, len), put(&rd, map, len);
	put16(o, (unsigned)rd.n);
	put(o, rd.b, rd.n);
}

static bool parse(const bytes *pkt, cs_arena *a, cs_msg *m)
{
	return cs_msg_parse(pkt->b, pkt->n, a, m, NULL) == CS_OK;
}

static void header(bytes *o, bool aa, unsigned rcode, unsigned an, unsigned ns)
{
	put16(o, 1), put8(o, aa ? 0x84 : 0x80), put8(o, rcode);
	put16(o, 1), put16(o, an), put16(o, ns), put16(o, 0);
}

/* cs_cut_soa_apex on a response to "qname SOA": AA as given, rcode, with
 * the SOA of soa_zone in the answer (an apex answer) or in the authority
 * section. */
static bool soa_apex(const char *qname, bool aa, unsigned rcode, const char *soa_zone,
		     bool in_answer)
{
	bytes pkt = {0};
	header(&pkt, aa, rcode, in_answer ? 1 : 0, in_answer ? 0 : 1);
	put_name(&pkt, qname);
	put16(&pkt, CS_TYPE_SOA), put16(&pkt, 1);
	put_soa(&pkt, soa_zone);
	cs_arena a;
	cs_arena_init(&a);
	cs_msg m;
	assert_true(parse(&pkt, &a, &m));
	cs_name q;
	assert_int_equal(cs_name_from_text(qname, strlen(qname), NULL, &q), CS_OK);
	bool r = cs_cut_soa_apex(&m, &q);
	cs_arena_clear(&a);
	return r;
}

static void soa_at_apex(void **state)
{
	(void)state;
	/* The child's own SOA, authoritative: its apex. */
	assert_true(soa_apex("plain.p.example.", true, 0, "plain.p.example.", true));
	assert_true(soa_apex("PLAIN.p.example.", true, 0, "plain.p.example.", true));
	/* Not authoritative (a cache, a forwarder): no cut. */
	assert_false(soa_apex("plain.p.example.", false, 0, "plain.p.example.", true));
	/* NODATA from the parent: the SOA is the parent's, in the authority. */
	assert_false(soa_apex("plain.p.example.", true, 0, "p.example.", false));
	/* The child's SOA in the authority section (a NODATA below its apex). */
	assert_false(soa_apex("x.plain.p.example.", true, 0, "plain.p.example.", false));
	/* An SOA owned by another name in the answer section. */
	assert_false(soa_apex("plain.p.example.", true, 0, "p.example.", true));
	/* NXDOMAIN and SERVFAIL. */
	assert_false(soa_apex("plain.p.example.", true, 3, "plain.p.example.", true));
	assert_false(soa_apex("plain.p.example.", true, 2, "plain.p.example.", true));
}

/* cs_cut_nsec_delegation on a response to "plain.p.example. DS" whose
 * authority section holds one NSEC at owner with these types. */
static bool nsec_delegation(const char *owner, const uint16_t *types)
{
	bytes pkt = {0};
	header(&pkt, true, 0, 0, 1);
	put_name(&pkt, "plain.p.example.");
	put16(&pkt, CS_TYPE_DS), put16(&pkt, 1);
	put_nsec(&pkt, owner, types);
	cs_arena a;
	cs_arena_init(&a);
	cs_msg m;
	assert_true(parse(&pkt, &a, &m));
	cs_name q;
	assert_int_equal(cs_name_from_text("plain.p.example.", 16, NULL, &q), CS_OK);
	bool r = cs_cut_nsec_delegation(&m, &q);
	cs_arena_clear(&a);
	return r;
}

static void nsec_at_delegation(void **state)
{
	(void)state;
	static const uint16_t deleg[] = {CS_TYPE_NS, CS_TYPE_RRSIG, CS_TYPE_NSEC, 0};
	static const uint16_t with_ds[] = {CS_TYPE_NS, CS_TYPE_DS, CS_TYPE_RRSIG, CS_TYPE_NSEC, 0};
	static const uint16_t apex[] = {CS_TYPE_NS, CS_TYPE_SOA, CS_TYPE_RRSIG, CS_TYPE_NSEC, 0};
	static const uint16_t plain[] = {CS_TYPE_A, CS_TYPE_RRSIG, CS_TYPE_NSEC, 0};
	assert_true(nsec_delegation("plain.p.example.", deleg));
	assert_false(nsec_delegation("plain.p.example.", with_ds));
	assert_false(nsec_delegation("plain.p.example.", apex));
	assert_false(nsec_delegation("plain.p.example.", plain));
	/* An NSEC of another owner proves nothing about the name. */
	assert_false(nsec_delegation("other.p.example.", deleg));
	/* A bitmap without window 0 (type 256 only) lists no NS. */
	static const uint16_t window1[] = {256, 0};
	assert_false(nsec_delegation("plain.p.example.", window1));
}

/* cs_cut_unsigned on an answer to "www.plain.p.example. A": AA as given,
 * the A record, and an RRSIG over it or not. */
static bool unsigned_answer(bool aa, bool signed_)
{
	bytes pkt = {0};
	header(&pkt, aa, 0, signed_ ? 2 : 1, 0);
	put_name(&pkt, "www.plain.p.example.");
	put16(&pkt, CS_TYPE_A), put16(&pkt, 1);
	put_rr_head(&pkt, "www.plain.p.example.", CS_TYPE_A);
	put16(&pkt, 4), put32(&pkt, 0xC0000201);
	if (signed_) {
		bytes rd = {0};
		put16(&rd, CS_TYPE_A), put8(&rd, 13), put8(&rd, 4), put32(&rd, 300);
		put32(&rd, 2000000000), put32(&rd, 1900000000), put16(&rd, 1);
		put_name(&rd, "plain.p.example.");
		for (int i = 0; i < 64; i++)
			put8(&rd, 0x5A);
		put_rr_head(&pkt, "www.plain.p.example.", CS_TYPE_RRSIG);
		put16(&pkt, (unsigned)rd.n);
		put(&pkt, rd.b, rd.n);
	}
	cs_arena a;
	cs_arena_init(&a);
	cs_msg m;
	assert_true(parse(&pkt, &a, &m));
	bool r = cs_cut_unsigned(&m);
	cs_arena_clear(&a);
	return r;
}

/* An authoritative answer without any RRSIG shows an unsigned zone; a
 * signed one or one from a non-authoritative server does not. */
static void unsigned_answers(void **state)
{
	(void)state;
	assert_true(unsigned_answer(true, false));
	assert_false(unsigned_answer(true, true));
	assert_false(unsigned_answer(false, false));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(soa_at_apex),
	    cmocka_unit_test(nsec_at_delegation),
	    cmocka_unit_test(unsigned_answers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
