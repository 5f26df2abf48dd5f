/*
 * test_wire - core/dns/wire: the bounds-checked packet reader. What wire.h
 * promises: values are read in network order (RFC 1035 §2.3.2); a read that
 * fits exactly succeeds; the first read past the end sets CS_ETRUNC, moves
 * nothing and returns zero (NULL, a zeroed copy); from then on every read
 * returns zero and moves nothing even where octets remain, left is 0, and
 * the first error is kept (cs_wire_fail does not replace it); reads stop at
 * end, which may lie before the packet's length (the end of an RDATA).
 */
#include "dns/wire.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

static const uint8_t PKT[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0xF0, 0xFF};

/* Each size reads its octets most significant first and advances by its
 * size; the whole packet is consumed exactly. */
static void test_reads_in_network_order(void **state)
{
	(void)state;
	cs_wire w;
	cs_wire_init(&w, PKT, sizeof(PKT));
	assert_int_equal(cs_wire_left(&w), 10);
	assert_int_equal(cs_wire_u8(&w), 0x01);
	assert_int_equal(cs_wire_u16(&w), 0x0203);
	assert_int_equal(cs_wire_u32(&w), 0x04050607u);
	assert_int_equal(w.pos, 7);
	assert_int_equal(cs_wire_left(&w), 3);
	uint8_t out[3];
	cs_wire_copy(&w, out, 3);
	static const uint8_t want[] = {0x08, 0xF0, 0xFF};
	assert_memory_equal(out, want, 3);
	assert_int_equal(cs_wire_left(&w), 0);
	assert_int_equal(w.err, CS_OK);
	/* A zero-length read at the end is not an overrun. */
	cs_wire_skip(&w, 0);
	cs_wire_copy(&w, out, 0);
	assert_int_equal(w.err, CS_OK);
}

/* High bits survive: nothing is sign-extended. */
static void test_high_bits(void **state)
{
	(void)state;
	static const uint8_t ff[] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
	cs_wire w;
	cs_wire_init(&w, ff, sizeof(ff));
	assert_int_equal(cs_wire_u8(&w), 0xFF);
	assert_int_equal(cs_wire_u16(&w), 0xFFFF);
	assert_int_equal(cs_wire_u32(&w), 0xFFFFFFFFu);
	assert_int_equal(w.err, CS_OK);
}

/* take returns a pointer into the packet and advances. */
static void test_take_points_into_packet(void **state)
{
	(void)state;
	cs_wire w;
	cs_wire_init(&w, PKT, sizeof(PKT));
	cs_wire_skip(&w, 2);
	const uint8_t *p = cs_wire_take(&w, 4);
	assert_ptr_equal(p, PKT + 2);
	assert_int_equal(w.pos, 6);
	assert_ptr_equal(cs_wire_take(&w, 4), PKT + 6);
	assert_int_equal(cs_wire_left(&w), 0);
}

/* Reads one integer of n octets. */
static uint32_t read_sized(cs_wire *w, size_t n)
{
	return n == 1 ? cs_wire_u8(w) : n == 2 ? cs_wire_u16(w) : cs_wire_u32(w);
}

/* Each integer size: a packet of exactly that size reads; one octet short
 * sets CS_ETRUNC, returns 0, moves nothing and leaves 0 to read. */
static void test_each_size_exact_and_one_short(void **state)
{
	(void)state;
	static const struct {
		size_t n;
		uint32_t value;
	} sizes[] = {{1, 0x01}, {2, 0x0102}, {4, 0x01020304u}};
	for (size_t i = 0; i < 3; i++) {
		cs_wire w;
		cs_wire_init(&w, PKT, sizes[i].n);
		assert_int_equal(read_sized(&w, sizes[i].n), sizes[i].value);
		assert_int_equal(w.err, CS_OK);
		assert_int_equal(w.pos, sizes[i].n);

		cs_wire_init(&w, PKT, sizes[i].n - 1);
		assert_int_equal(read_sized(&w, sizes[i].n), 0);
		assert_int_equal(w.err, CS_ETRUNC);
		assert_int_equal(w.pos, 0);
		assert_int_equal(cs_wire_left(&w), 0);
	}
}

/* take, copy and skip of n octets from n - 1: the same, and copy zeroes
 * exactly the n octets of out; n from n is fine. */
static void test_byte_reads_one_short(void **state)
{
	(void)state;
	for (size_t have = 0; have < 4; have++) {
		cs_wire w;
		cs_wire_init(&w, PKT, have);
		assert_null(cs_wire_take(&w, have + 1));
		assert_int_equal(w.err, CS_ETRUNC);
		assert_int_equal(w.pos, 0);

		cs_wire_init(&w, PKT, have);
		uint8_t out[6];
		memset(out, 0xAA, sizeof(out));
		cs_wire_copy(&w, out, have + 1);
		assert_int_equal(w.err, CS_ETRUNC);
		for (size_t i = 0; i < have + 1; i++)
			assert_int_equal(out[i], 0);
		assert_int_equal(out[have + 1], 0xAA);

		cs_wire_init(&w, PKT, have);
		cs_wire_skip(&w, have + 1);
		assert_int_equal(w.err, CS_ETRUNC);
		assert_int_equal(w.pos, 0);

		cs_wire_init(&w, PKT, have);
		cs_wire_skip(&w, have);
		assert_int_equal(w.err, CS_OK);
		assert_int_equal(w.pos, have);
	}
}

/* After the first overrun every read returns zero and moves nothing, even
 * reads that would fit in the octets left; the error stays CS_ETRUNC. */
static void test_sticky_first_error(void **state)
{
	(void)state;
	cs_wire w;
	cs_wire_init(&w, PKT, sizeof(PKT));
	assert_int_equal(cs_wire_u32(&w), 0x01020304u);
	cs_wire_skip(&w, 7); /* 6 left: overrun */
	assert_int_equal(w.err, CS_ETRUNC);
	assert_int_equal(w.pos, 4);
	assert_int_equal(cs_wire_left(&w), 0);

	assert_int_equal(cs_wire_u8(&w), 0);
	assert_int_equal(cs_wire_u16(&w), 0);
	assert_int_equal(cs_wire_u32(&w), 0);
	assert_null(cs_wire_take(&w, 1));
	assert_null(cs_wire_take(&w, 0));
	uint8_t out[2] = {0xAA, 0xAA};
	cs_wire_copy(&w, out, 2);
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 0);
	cs_wire_skip(&w, 1);
	assert_int_equal(w.pos, 4);
	assert_int_equal(w.err, CS_ETRUNC);

	/* A later failure does not replace the first. */
	cs_wire_fail(&w, CS_ERDATA);
	assert_int_equal(w.err, CS_ETRUNC);
}

/* cs_wire_fail sets the first error; reads then stop as after an overrun,
 * and a later overrun does not replace it. */
static void test_fail_first_wins(void **state)
{
	(void)state;
	cs_wire w;
	cs_wire_init(&w, PKT, sizeof(PKT));
	cs_wire_fail(&w, CS_ECOMPRESS);
	assert_int_equal(w.err, CS_ECOMPRESS);
	assert_int_equal(cs_wire_left(&w), 0);
	assert_int_equal(cs_wire_u8(&w), 0);
	assert_int_equal(w.pos, 0);
	cs_wire_skip(&w, 100);
	assert_int_equal(w.err, CS_ECOMPRESS);
	cs_wire_fail(&w, CS_ERDATA);
	assert_int_equal(w.err, CS_ECOMPRESS);
}

/* A huge length is an overrun, not an arithmetic wrap. */
static void test_huge_lengths(void **state)
{
	(void)state;
	cs_wire w;
	cs_wire_init(&w, PKT, sizeof(PKT));
	cs_wire_u8(&w);
	assert_null(cs_wire_take(&w, SIZE_MAX));
	assert_int_equal(w.err, CS_ETRUNC);
	assert_int_equal(w.pos, 1);
	cs_wire_init(&w, PKT, sizeof(PKT));
	cs_wire_u8(&w);
	cs_wire_skip(&w, SIZE_MAX);
	assert_int_equal(w.err, CS_ETRUNC);
	assert_int_equal(w.pos, 1);
}

/* Reads stop at end, not at the packet's length: an RDATA of 3 octets in a
 * longer packet cannot be read past. A position beyond end leaves 0. */
static void test_end_before_length(void **state)
{
	(void)state;
	cs_wire w;
	cs_wire_init(&w, PKT, sizeof(PKT));
	cs_wire_skip(&w, 2);
	w.end = 5;
	assert_int_equal(cs_wire_left(&w), 3);
	assert_int_equal(cs_wire_u32(&w), 0);
	assert_int_equal(w.err, CS_ETRUNC);
	assert_int_equal(w.pos, 2);

	cs_wire_init(&w, PKT, sizeof(PKT));
	cs_wire_skip(&w, 2);
	w.end = 5;
	assert_int_equal(cs_wire_u16(&w), 0x0304);
	assert_int_equal(cs_wire_u8(&w), 0x05);
	assert_int_equal(cs_wire_u8(&w), 0);
	assert_int_equal(w.err, CS_ETRUNC);

	cs_wire_init(&w, PKT, sizeof(PKT));
	cs_wire_skip(&w, 6);
	w.end = 4;
	assert_int_equal(cs_wire_left(&w), 0);
	assert_int_equal(cs_wire_u8(&w), 0);
	assert_int_equal(w.err, CS_ETRUNC);
}

/* An empty packet: nothing to read, and the first read is the overrun. */
static void test_empty_packet(void **state)
{
	(void)state;
	cs_wire w;
	cs_wire_init(&w, PKT, 0);
	assert_int_equal(cs_wire_left(&w), 0);
	assert_int_equal(w.err, CS_OK);
	assert_int_equal(cs_wire_u8(&w), 0);
	assert_int_equal(w.err, CS_ETRUNC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reads_in_network_order),
	    cmocka_unit_test(test_high_bits),
	    cmocka_unit_test(test_take_points_into_packet),
	    cmocka_unit_test(test_each_size_exact_and_one_short),
	    cmocka_unit_test(test_byte_reads_one_short),
	    cmocka_unit_test(test_sticky_first_error),
	    cmocka_unit_test(test_fail_first_wins),
	    cmocka_unit_test(test_huge_lengths),
	    cmocka_unit_test(test_end_before_length),
	    cmocka_unit_test(test_empty_packet),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
