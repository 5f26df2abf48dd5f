/*
 * test_sigdata - core/sigdata: the octets an RRSIG signs (RFC 4034
 * §3.1.8.1): the RRSIG RDATA up to the signature with the signer name in
 * canonical form, then each RR of the RRset in canonical form (§6.2) and
 * order (§6.3), duplicates removed, with the RRSIG's original TTL, and the
 * owner rebuilt as a wildcard when the labels field is smaller than the
 * owner's label count (RFC 4035 §5.3.2).
 *
 * The expected signed data is written out octet by octet, independently of
 * core/rdata's presentation parser.
 */
#include "dnssec/sigdata.h"

#include "dns/rdata.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../testutil.h"

#include <string.h>

/* --- Builders --------------------------------------------------------------------- */

#define WIRE(lit)   (lit), (sizeof(lit) - 1)
#define OCTETS(lit) (const uint8_t *)(lit), (sizeof(lit) - 1)

enum { EXPIRATION = 0x65BADF00, INCEPTION = 0x65920080, KEY_TAG = 0x1234 };

/* RRSIG RDATA (RFC 4034 §3.1) over type_covered with the given labels and
 * original TTL, signer in wire form, and a two-octet signature. */
static void rrsig(bytes *o, unsigned type_covered, unsigned labels, uint32_t orig_ttl,
		  const char *signer, size_t signer_len)
{
	o->n = 0;
	put16(o, type_covered);
	put8(o, 8);
	put8(o, labels);
	put32(o, orig_ttl);
	put32(o, EXPIRATION);
	put32(o, INCEPTION);
	put16(o, KEY_TAG);
	put(o, signer, signer_len);
	put(o, WIRE("\252\273"));
}

static cs_rr record(const char *owner, uint16_t type, uint32_t ttl, const void *rd, size_t len)
{
	cs_rr rr;
	memset(&rr, 0, sizeof(rr));
	assert_int_equal(cs_name_from_text(owner, strlen(owner), NULL, &rr.owner), CS_OK);
	rr.type = type;
	rr.rclass = CS_CLASS_IN;
	rr.ttl = ttl;
	rr.rdata = rd;
	rr.rdlen = (uint16_t)len;
	return rr;
}

/* The RRSIG fields as they open the signed data (signer passed lowercased). */
static void expect_prefix(bytes *o, unsigned type_covered, unsigned labels, uint32_t orig_ttl,
			  const char *signer, size_t signer_len)
{
	put16(o, type_covered);
	put8(o, 8);
	put8(o, labels);
	put32(o, orig_ttl);
	put32(o, EXPIRATION);
	put32(o, INCEPTION);
	put16(o, KEY_TAG);
	put(o, signer, signer_len);
}

/* One RR as it appears in the signed data: owner | type | class | TTL |
 * RDLENGTH | RDATA. */
static void expect_rr(bytes *o, const char *owner, size_t owner_len, unsigned type, uint32_t ttl,
		      const void *rd, size_t rdlen)
{
	put(o, owner, owner_len);
	put16(o, type);
	put16(o, CS_CLASS_IN);
	put32(o, ttl);
	put16(o, (unsigned)rdlen);
	put(o, rd, rdlen);
}

static void assert_sigdata(const bytes *sig, const cs_rr *const *set, size_t n, const bytes *expect)
{
	cs_buf out;
	cs_buf_init(&out);
	assert_int_equal(cs_sigdata_build(sig->b, sig->n, set, n, &out), CS_OK);
	assert_int_equal(out.len, expect->n);
	assert_memory_equal(out.data, expect->b, expect->n);
	cs_buf_free(&out);
}

static cs_err build(const bytes *sig, const cs_rr *const *set, size_t n)
{
	cs_buf out;
	cs_buf_init(&out);
	cs_err err = cs_sigdata_build(sig->b, sig->n, set, n, &out);
	cs_buf_free(&out);
	return err;
}

/* --- Tests ------------------------------------------------------------------------ */

/*
 * Three A records for WWW.Example.com. received with TTL 300 and mixed
 * case, one of them twice, signed by Example.COM. with original TTL 3600:
 * the signed data holds the lowercased signer, the lowercased owner, the
 * original TTL, and the two distinct addresses in ascending order.
 */
static void test_small_rrset_exact_bytes(void **state)
{
	(void)state;
	bytes sig;
	rrsig(&sig, CS_TYPE_A, 3, 3600, WIRE("\007Example\003COM\000"));
	cs_rr r1 = record("WWW.Example.com.", CS_TYPE_A, 300, "\300\000\002\002", 4);
	cs_rr r2 = record("WWW.Example.com.", CS_TYPE_A, 300, "\300\000\002\001", 4);
	cs_rr r3 = record("WWW.Example.com.", CS_TYPE_A, 299, "\300\000\002\002", 4);
	const cs_rr *set[] = {&r1, &r2, &r3};

	bytes expect = {.n = 0};
	expect_prefix(&expect, CS_TYPE_A, 3, 3600, WIRE("\007example\003com\000"));
	expect_rr(&expect, WIRE("\003www\007example\003com\000"), CS_TYPE_A, 3600,
		  "\300\000\002\001", 4);
	expect_rr(&expect, WIRE("\003www\007example\003com\000"), CS_TYPE_A, 3600,
		  "\300\000\002\002", 4);
	assert_int_equal(expect.n, 18 + 13 + 2 * (17 + 10 + 4));
	assert_sigdata(&sig, set, 3, &expect);

	/* The signed data is appended: what the buffer held stays in front. */
	cs_buf out;
	cs_buf_init(&out);
	cs_buf_str(&out, "HDR");
	assert_int_equal(cs_sigdata_build(sig.b, sig.n, set, 3, &out), CS_OK);
	assert_int_equal(out.len, 3 + expect.n);
	assert_memory_equal(out.data, "HDR", 3);
	assert_memory_equal(out.data + 3, expect.b, expect.n);
	cs_buf_free(&out);
}

/* Two identical records produce one (RFC 4034 §6.3, RFC 2181 §5). */
static void test_identical_records_produce_one(void **state)
{
	(void)state;
	bytes sig;
	rrsig(&sig, CS_TYPE_A, 2, 60, WIRE("\007example\000"));
	cs_rr r = record("a.example.", CS_TYPE_A, 60, "\012\000\000\001", 4);
	const cs_rr *set[] = {&r, &r};
	bytes expect = {.n = 0};
	expect_prefix(&expect, CS_TYPE_A, 2, 60, WIRE("\007example\000"));
	expect_rr(&expect, WIRE("\001a\007example\000"), CS_TYPE_A, 60, "\012\000\000\001", 4);
	assert_sigdata(&sig, set, 2, &expect);
	/* The same as signing the single record. */
	assert_sigdata(&sig, set, 1, &expect);
}

/* RFC 4034 §6.2 lowercases names inside NS RDATA before sorting, so
 * "A.Example." and "a.example." are one record and sort before "b". */
static void test_canonical_rdata_order_and_case(void **state)
{
	(void)state;
	bytes sig;
	rrsig(&sig, CS_TYPE_NS, 1, 86400, WIRE("\007example\000"));
	cs_rr b = record("example.", CS_TYPE_NS, 86400, "\001b\007example\000", 11);
	cs_rr a_upper = record("example.", CS_TYPE_NS, 86400, "\001A\007Example\000", 11);
	cs_rr a = record("example.", CS_TYPE_NS, 86400, "\001a\007example\000", 11);
	const cs_rr *set[] = {&b, &a_upper, &a};
	bytes expect = {.n = 0};
	expect_prefix(&expect, CS_TYPE_NS, 1, 86400, WIRE("\007example\000"));
	expect_rr(&expect, WIRE("\007example\000"), CS_TYPE_NS, 86400, "\001a\007example\000", 11);
	expect_rr(&expect, WIRE("\007example\000"), CS_TYPE_NS, 86400, "\001b\007example\000", 11);
	assert_sigdata(&sig, set, 3, &expect);
}

/* RFC 4034 §6.3: RDATA compares as left-justified octet strings, a missing
 * octet sorting before any octet; the length is not a sort key. */
static void test_canonical_rdata_compare(void **state)
{
	(void)state;
	assert_true(cs_rdata_canon_cmp(OCTETS("AB"), OCTETS("ABC")) < 0);
	assert_true(cs_rdata_canon_cmp(OCTETS("AB"), OCTETS("AB\000")) < 0);
	assert_true(cs_rdata_canon_cmp(OCTETS("AB\000"), OCTETS("ABC")) < 0);
	assert_true(cs_rdata_canon_cmp(OCTETS("B"), OCTETS("AZZZ")) > 0);
	assert_true(cs_rdata_canon_cmp(OCTETS("\377"), OCTETS("\001")) > 0); /* unsigned */
	assert_int_equal(cs_rdata_canon_cmp(OCTETS("ABC"), OCTETS("ABC")), 0);
	assert_int_equal(cs_rdata_canon_cmp((const uint8_t *)"", 0, (const uint8_t *)"", 0), 0);
	assert_true(cs_rdata_canon_cmp((const uint8_t *)"", 0, OCTETS("\000")) < 0);

	/* In the signed data: a prefix first, then by the first differing octet. */
	bytes sig;
	rrsig(&sig, 65280, 1, 5, WIRE("\007example\000"));
	cs_rr longer = record("example.", 65280, 5, "\001\002\003", 3);
	cs_rr shorter = record("example.", 65280, 5, "\001\002", 2);
	cs_rr zero = record("example.", 65280, 5, "\001\002\000", 3);
	const cs_rr *set[] = {&longer, &zero, &shorter};
	bytes expect = {.n = 0};
	expect_prefix(&expect, 65280, 1, 5, WIRE("\007example\000"));
	expect_rr(&expect, WIRE("\007example\000"), 65280, 5, "\001\002", 2);
	expect_rr(&expect, WIRE("\007example\000"), 65280, 5, "\001\002\000", 3);
	expect_rr(&expect, WIRE("\007example\000"), 65280, 5, "\001\002\003", 3);
	assert_sigdata(&sig, set, 3, &expect);
}

/* RFC 4035 §5.3.2: with labels < the owner's label count, the RRset was
 * synthesised from a wildcard, and the signed owner is "*." plus the
 * rightmost labels names. RFC 4034 §3.1.3: the "*" label is not counted. */
static void test_wildcard_owner_rebuilt(void **state)
{
	(void)state;
	bytes sig;
	rrsig(&sig, CS_TYPE_A, 2, 3600, WIRE("\007example\003com\000"));
	cs_rr r = record("a.B.example.COM.", CS_TYPE_A, 3600, "\300\000\002\001", 4);
	const cs_rr *set[] = {&r};
	bytes expect = {.n = 0};
	expect_prefix(&expect, CS_TYPE_A, 2, 3600, WIRE("\007example\003com\000"));
	expect_rr(&expect, WIRE("\001*\007example\003com\000"), CS_TYPE_A, 3600, "\300\000\002\001",
		  4);
	assert_sigdata(&sig, set, 1, &expect);

	/* The wildcard record itself: "*.example.com." has 3 labels but the
	 * RRSIG says 2; the owner stays "*.example.com.". */
	cs_rr w = record("*.example.com.", CS_TYPE_A, 3600, "\300\000\002\001", 4);
	const cs_rr *wset[] = {&w};
	assert_sigdata(&sig, wset, 1, &expect);

	/* Labels 0: the wildcard directly below the root. */
	rrsig(&sig, CS_TYPE_A, 0, 3600, WIRE("\000"));
	expect.n = 0;
	expect_prefix(&expect, CS_TYPE_A, 0, 3600, WIRE("\000"));
	expect_rr(&expect, WIRE("\001*\000"), CS_TYPE_A, 3600, "\300\000\002\001", 4);
	assert_sigdata(&sig, set, 1, &expect);
}

/* A labels field larger than the owner's label count cannot be right for
 * this owner (RFC 4035 §5.3.1): no signed data. */
static void test_labels_larger_than_owner(void **state)
{
	(void)state;
	bytes sig;
	rrsig(&sig, CS_TYPE_A, 3, 3600, WIRE("\007example\003com\000"));
	cs_rr r = record("example.com.", CS_TYPE_A, 3600, "\300\000\002\001", 4);
	const cs_rr *set[] = {&r};
	assert_int_equal(build(&sig, set, 1), CS_ERANGE);
	rrsig(&sig, CS_TYPE_A, 255, 3600, WIRE("\007example\003com\000"));
	assert_int_equal(build(&sig, set, 1), CS_ERANGE);
}

static void test_malformed_rrsig(void **state)
{
	(void)state;
	cs_rr r = record("example.", CS_TYPE_A, 60, "\300\000\002\001", 4);
	const cs_rr *set[] = {&r};
	bytes sig;
	rrsig(&sig, CS_TYPE_A, 1, 60, WIRE("\007example\000"));
	const size_t full = sig.n;
	/* Every cut up to the end of the signer (and one leaving no signature). */
	for (size_t len = 0; len <= 18 + 9; len++) {
		sig.n = len;
		assert_int_equal(build(&sig, set, 1), CS_ERDATA);
	}
	sig.n = full;
	assert_int_equal(build(&sig, set, 1), CS_OK);

	/* A compressed signer name (RFC 4034 §3.1.7). */
	rrsig(&sig, CS_TYPE_A, 1, 60, WIRE("\300\014"));
	assert_int_equal(build(&sig, set, 1), CS_ERDATA);

	/* Nothing is appended on failure. */
	cs_buf out;
	cs_buf_init(&out);
	assert_int_equal(cs_sigdata_build(sig.b, 10, set, 1, &out), CS_ERDATA);
	assert_int_equal(out.len, 0);
	cs_buf_free(&out);
}

static void test_empty_rrset(void **state)
{
	(void)state;
	bytes sig;
	rrsig(&sig, CS_TYPE_A, 1, 60, WIRE("\007example\000"));
	assert_int_equal(build(&sig, NULL, 0), CS_EINVAL);
}

/* Records with empty RDATA (legal for unknown types) still appear, once. */
static void test_empty_rdata(void **state)
{
	(void)state;
	bytes sig;
	rrsig(&sig, 65280, 1, 10, WIRE("\007example\000"));
	cs_rr e1 = record("example.", 65280, 10, "", 0);
	cs_rr e2 = record("EXAMPLE.", 65280, 10, "", 0);
	const cs_rr *set[] = {&e1, &e2};
	bytes expect = {.n = 0};
	expect_prefix(&expect, 65280, 1, 10, WIRE("\007example\000"));
	expect_rr(&expect, WIRE("\007example\000"), 65280, 10, "", 0);
	assert_sigdata(&sig, set, 2, &expect);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_small_rrset_exact_bytes),
	    cmocka_unit_test(test_identical_records_produce_one),
	    cmocka_unit_test(test_canonical_rdata_order_and_case),
	    cmocka_unit_test(test_canonical_rdata_compare),
	    cmocka_unit_test(test_wildcard_owner_rebuilt),
	    cmocka_unit_test(test_labels_larger_than_owner),
	    cmocka_unit_test(test_malformed_rrsig),
	    cmocka_unit_test(test_empty_rrset),
	    cmocka_unit_test(test_empty_rdata),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
