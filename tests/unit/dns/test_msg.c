/*
 * test_msg - core/msg: parsing a received packet (RFC 1035 §4.1) with name
 * compression (§4.1.4) and EDNS (RFC 6891 §6), the ways a hostile packet
 * must fail, and building queries byte for byte.
 *
 * Packets are written out by hand, octet by octet, with their offsets in
 * comments, so a reader can check each against the RFC layouts.
 */
#include "dns/msg.h"
#include "dns/rdata.h"
#include "text/rdata_text.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../testutil.h"

#include <string.h>

/* --- Packet builder ------------------------------------------------------------- */

static void header(bytes *o, unsigned id, unsigned flags, unsigned qd, unsigned an, unsigned ns,
		   unsigned ar)
{
	put16(o, id);
	put16(o, flags);
	put16(o, qd);
	put16(o, an);
	put16(o, ns);
	put16(o, ar);
}

/* Record header after the owner: type, class, TTL, RDLENGTH. */
static void rr_fixed(bytes *o, unsigned type, unsigned cls, uint32_t ttl, unsigned rdlen)
{
	put16(o, type);
	put16(o, cls);
	put32(o, ttl);
	put16(o, rdlen);
}

#define WIRE(lit) (lit), (sizeof(lit) - 1)

static cs_name name(const char *text)
{
	cs_name n;
	assert_int_equal(cs_name_from_text(text, strlen(text), NULL, &n), CS_OK);
	return n;
}

static void assert_name(const cs_name *n, const char *text)
{
	cs_name want = name(text);
	assert_int_equal(n->len, want.len);
	assert_memory_equal(n->data, want.data, want.len);
}

/* A parse that must fail with expect and leave out untouched. */
static void assert_parse_err(const bytes *p, cs_err expect)
{
	cs_arena a;
	cs_arena_init(&a);
	cs_msg m, before;
	memset(&m, 0x3C, sizeof(m));
	before = m;
	cs_err err = cs_msg_parse(p->b, p->n, &a, &m, NULL);
	if (err != expect)
		fail_msg("got %s, expected %s", cs_errtoken(err), cs_errtoken(expect));
	assert_memory_equal(&m, &before, sizeof(m));
	cs_arena_clear(&a);
}

/* --- The reference response ------------------------------------------------------- */

static const uint8_t cookie[8] = {1, 2, 3, 4, 5, 6, 7, 8};

/*
 * example.com. A, answered with two A records, one NS in authority whose
 * target is compressed, glue whose owner points into that NS RDATA, and an
 * OPT with a COOKIE option (RFC 7873). 118 octets.
 */
static void reference_response(bytes *p)
{
	p->n = 0;
	/* 0: id 0xBEEF; QR AA RD RA AD, opcode 0, rcode 0 */
	header(p, 0xBEEF, 0x85A0, 1, 2, 1, 2);
	/* 12: question example.com. A IN */
	put(p, WIRE("\007example\003com\000"));
	put16(p, CS_TYPE_A);
	put16(p, CS_CLASS_IN);
	/* 29: example.com. (pointer to 12) 3600 IN A 192.0.2.1 */
	put16(p, 0xC00C);
	rr_fixed(p, CS_TYPE_A, CS_CLASS_IN, 3600, 4);
	put(p, WIRE("\300\000\002\001"));
	/* 45: same owner, 192.0.2.2 */
	put16(p, 0xC00C);
	rr_fixed(p, CS_TYPE_A, CS_CLASS_IN, 3600, 4);
	put(p, WIRE("\300\000\002\002"));
	/* 61: example.com. 86400 IN NS ns1 + pointer to 12; "ns1" sits at 73 */
	put16(p, 0xC00C);
	rr_fixed(p, CS_TYPE_NS, CS_CLASS_IN, 86400, 6);
	put(p, WIRE("\003ns1\300\014"));
	/* 79: ns1.example.com. (pointer to 73) 3600 IN A 192.0.2.53 */
	put16(p, 0xC049);
	rr_fixed(p, CS_TYPE_A, CS_CLASS_IN, 3600, 4);
	put(p, WIRE("\300\000\002\065"));
	/* 95: OPT, root owner, UDP 4096, ext-rcode 0, version 0, DO */
	put8(p, 0);
	rr_fixed(p, CS_TYPE_OPT, 4096, 0x00008000, 12);
	put16(p, 10); /* COOKIE */
	put16(p, 8);
	put(p, cookie, 8);
	assert_int_equal(p->n, 118);
}

static void test_parse_reference_response(void **state)
{
	(void)state;
	bytes p;
	reference_response(&p);
	cs_arena a;
	cs_arena_init(&a);
	cs_msg m;
	size_t stop = 0;
	assert_int_equal(cs_msg_parse(p.b, p.n, &a, &m, &stop), CS_OK);
	assert_int_equal(stop, p.n);

	/* Header flags, RFC 1035 §4.1.1. */
	assert_int_equal(m.id, 0xBEEF);
	assert_true(m.qr);
	assert_int_equal(m.opcode, 0);
	assert_true(m.aa);
	assert_false(m.tc);
	assert_true(m.rd);
	assert_true(m.ra);
	assert_false(m.z);
	assert_true(m.ad);
	assert_false(m.cd);
	assert_int_equal(m.rcode, CS_RCODE_NOERROR);

	assert_int_equal(m.qdcount, 1);
	assert_true(m.has_question);
	assert_name(&m.qname, "example.com.");
	assert_int_equal(m.qtype, CS_TYPE_A);
	assert_int_equal(m.qclass, CS_CLASS_IN);

	/* Answer: owners decompressed, RDATA as sent. */
	assert_int_equal(m.counts[CS_SEC_ANSWER], 2);
	const cs_rr *an = m.sections[CS_SEC_ANSWER];
	for (int i = 0; i < 2; i++) {
		assert_name(&an[i].owner, "example.com.");
		assert_int_equal(an[i].type, CS_TYPE_A);
		assert_int_equal(an[i].rclass, CS_CLASS_IN);
		assert_int_equal(an[i].ttl, 3600);
		assert_int_equal(an[i].rdlen, 4);
		assert_int_equal(an[i].rdata_err, CS_OK);
	}
	assert_memory_equal(an[0].rdata, "\300\000\002\001", 4);
	assert_memory_equal(an[1].rdata, "\300\000\002\002", 4);

	/* Authority: the NS target is stored uncompressed (RFC 3597 §4 allows
	 * compression in NS RDATA), so RDLENGTH grows from 6 to 17. */
	assert_int_equal(m.counts[CS_SEC_AUTHORITY], 1);
	const cs_rr *ns = &m.sections[CS_SEC_AUTHORITY][0];
	assert_int_equal(ns->type, CS_TYPE_NS);
	assert_int_equal(ns->ttl, 86400);
	assert_int_equal(ns->rdlen, 17);
	assert_memory_equal(ns->rdata, "\003ns1\007example\003com\000", 17);

	/* Additional: the glue; the OPT is taken out of the section. */
	assert_int_equal(m.counts[CS_SEC_ADDITIONAL], 1);
	const cs_rr *glue = &m.sections[CS_SEC_ADDITIONAL][0];
	assert_name(&glue->owner, "ns1.example.com.");
	assert_memory_equal(glue->rdata, "\300\000\002\065", 4);

	/* EDNS, RFC 6891 §6.1.3. */
	assert_true(m.has_edns);
	assert_int_equal(m.edns_udp_size, 4096);
	assert_int_equal(m.edns_version, 0);
	assert_true(m.edns_do);
	assert_int_equal(m.edns_flags, 0x8000);
	assert_int_equal(m.edns_options_len, 12);
	assert_memory_equal(m.edns_options, "\000\012\000\010\001\002\003\004\005\006\007\010", 12);
	assert_int_equal(m.trailing, 0);

	/* Parsed data lives in the arena, not in the packet. */
	assert_true(an[0].rdata < p.b || an[0].rdata >= p.b + p.n);
	cs_arena_clear(&a);
}

/* Every proper prefix of the response is an error, never a crash or a
 * success: each cut loses part of a record the header announces. */
static void test_every_truncation_fails(void **state)
{
	(void)state;
	bytes p;
	reference_response(&p);
	for (size_t len = 0; len < p.n; len++) {
		cs_arena a;
		cs_arena_init(&a);
		cs_msg m;
		m.id = 0x1234;
		size_t stop = 0;
		cs_err err = cs_msg_parse(p.b, len, &a, &m, &stop);
		if (err == CS_OK)
			fail_msg("prefix of %zu octets parsed", len);
		assert_int_equal(err, CS_ETRUNC);
		assert_true(stop <= len);
		assert_int_equal(m.id, 0x1234); /* out untouched */
		cs_arena_clear(&a);
	}
}

/* RFC 6891 §6.1.3: the OPT TTL's top octet holds the upper 8 bits of a
 * 12-bit RCODE whose lower 4 are in the header; BADVERS is 16. */
static void test_edns_extended_rcode(void **state)
{
	(void)state;
	struct {
		unsigned hdr_rcode, ext;
		uint16_t expect;
	} cases[] = {{0, 1, CS_RCODE_BADVERS}, {3, 0, 3}, {3, 0x10, 0x103}, {0xF, 0xFF, 0xFFF}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bytes p = {.n = 0};
		header(&p, 7, 0x8000 | cases[i].hdr_rcode, 0, 0, 0, 1);
		put8(&p, 0);
		/* version 1, flags 0x7FFF (every bit but DO) */
		rr_fixed(&p, CS_TYPE_OPT, 512, (uint32_t)cases[i].ext << 24 | 1u << 16 | 0x7FFF, 0);
		cs_arena a;
		cs_arena_init(&a);
		cs_msg m;
		assert_int_equal(cs_msg_parse(p.b, p.n, &a, &m, NULL), CS_OK);
		assert_int_equal(m.rcode, cases[i].expect);
		assert_true(m.has_edns);
		assert_int_equal(m.edns_version, 1);
		assert_int_equal(m.edns_udp_size, 512);
		assert_false(m.edns_do);
		assert_int_equal(m.edns_flags, 0x7FFF);
		assert_int_equal(m.edns_options_len, 0);
		assert_int_equal(m.counts[CS_SEC_ADDITIONAL], 0);
		cs_arena_clear(&a);
	}

	/* Without EDNS the rcode is the header's 4 bits. */
	bytes p = {.n = 0};
	header(&p, 7, 0x8003, 0, 0, 0, 0);
	cs_arena a;
	cs_arena_init(&a);
	cs_msg m;
	assert_int_equal(cs_msg_parse(p.b, p.n, &a, &m, NULL), CS_OK);
	assert_false(m.has_edns);
	assert_int_equal(m.rcode, CS_RCODE_NXDOMAIN);
	assert_false(m.has_question);
	cs_arena_clear(&a);
}

/* Options are kept raw, whatever they hold: unknown codes included. */
static void test_edns_options_raw(void **state)
{
	(void)state;
	bytes p = {.n = 0};
	header(&p, 1, 0x8000, 0, 0, 0, 1);
	put8(&p, 0);
	rr_fixed(&p, CS_TYPE_OPT, 1232, 0, 9);
	put(&p, WIRE("\377\376\000\005hello"));
	cs_arena a;
	cs_arena_init(&a);
	cs_msg m;
	assert_int_equal(cs_msg_parse(p.b, p.n, &a, &m, NULL), CS_OK);
	assert_int_equal(m.edns_options_len, 9);
	assert_memory_equal(m.edns_options, "\377\376\000\005hello", 9);
	cs_arena_clear(&a);
}

static void test_rdlength_past_end(void **state)
{
	(void)state;
	bytes p = {.n = 0};
	header(&p, 1, 0x8000, 0, 1, 0, 0);
	put8(&p, 0);
	rr_fixed(&p, CS_TYPE_A, CS_CLASS_IN, 60, 5); /* announces 5, carries 4 */
	put(&p, WIRE("\300\000\002\001"));
	assert_parse_err(&p, CS_ETRUNC);

	/* The error offset is where the RDATA should have started. */
	cs_arena a;
	cs_arena_init(&a);
	cs_msg m;
	size_t stop = 0;
	assert_int_equal(cs_msg_parse(p.b, p.n, &a, &m, &stop), CS_ETRUNC);
	assert_int_equal(stop, 12 + 11);
	cs_arena_clear(&a);
}

/* Counts the packet cannot hold fail before anything is read or allocated. */
static void test_counts_larger_than_packet(void **state)
{
	(void)state;
	bytes p = {.n = 0};
	header(&p, 1, 0x8000, 0, 0xFFFF, 0, 0);
	put8(&p, 0);
	rr_fixed(&p, CS_TYPE_A, CS_CLASS_IN, 60, 4);
	put(&p, WIRE("\300\000\002\001"));
	assert_parse_err(&p, CS_ETRUNC);

	/* Two questions announced, one present. */
	p.n = 0;
	header(&p, 1, 0, 2, 0, 0, 0);
	put(&p, WIRE("\007example\000"));
	put16(&p, CS_TYPE_A);
	put16(&p, CS_CLASS_IN);
	assert_parse_err(&p, CS_ETRUNC);

	/* Every section at its maximum, in a header-only packet. */
	p.n = 0;
	header(&p, 1, 0, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF);
	assert_parse_err(&p, CS_ETRUNC);

	/* 65535 answers cannot fit in 35 octets: refused before the arena is
	 * asked for room for them. */
	p.n = 0;
	header(&p, 1, 0x8000, 0, 0xFFFF, 0, 0);
	put8(&p, 0);
	rr_fixed(&p, CS_TYPE_A, CS_CLASS_IN, 60, 4);
	put32(&p, 0xC0000201);
	put(&p, WIRE("\000\000\000\000\000\000\000\000"));
	cs_arena a;
	cs_arena_init(&a);
	cs_msg m;
	assert_int_equal(cs_msg_parse(p.b, p.n, &a, &m, NULL), CS_ETRUNC);
	assert_int_equal(a.total, 0);
	cs_arena_clear(&a);
}

/* RFC 6891 §6.1.1: one OPT at most, in the additional section, owned by
 * the root. */
static void test_opt_misplaced(void **state)
{
	(void)state;
	/* In the answer section. */
	bytes p = {.n = 0};
	header(&p, 1, 0x8000, 0, 1, 0, 0);
	put8(&p, 0);
	rr_fixed(&p, CS_TYPE_OPT, 1232, 0, 0);
	assert_parse_err(&p, CS_EOPT);

	/* In the authority section. */
	p.n = 0;
	header(&p, 1, 0x8000, 0, 0, 1, 0);
	put8(&p, 0);
	rr_fixed(&p, CS_TYPE_OPT, 1232, 0, 0);
	assert_parse_err(&p, CS_EOPT);

	/* Two of them. */
	p.n = 0;
	header(&p, 1, 0x8000, 0, 0, 0, 2);
	put8(&p, 0);
	rr_fixed(&p, CS_TYPE_OPT, 1232, 0, 0);
	put8(&p, 0);
	rr_fixed(&p, CS_TYPE_OPT, 1232, 0, 0);
	assert_parse_err(&p, CS_EOPT);

	/* Owned by a name other than the root. */
	p.n = 0;
	header(&p, 1, 0x8000, 0, 0, 0, 1);
	put(&p, WIRE("\003com\000"));
	rr_fixed(&p, CS_TYPE_OPT, 1232, 0, 0);
	assert_parse_err(&p, CS_EOPT);
}

/* RDATA malformed for its type does not fail the message (RFC 3597 §4
 * lets us keep it as opaque octets): the record is kept raw with
 * rdata_err saying why, and the records after it are still parsed. */
static void test_malformed_typed_rdata_is_kept_raw(void **state)
{
	(void)state;
	bytes p = {.n = 0};
	header(&p, 1, 0x8000, 1, 3, 0, 0);
	/* 12: question example. DNSKEY */
	put(&p, WIRE("\007example\000"));
	put16(&p, CS_TYPE_DNSKEY);
	put16(&p, CS_CLASS_IN);
	/* 25: DNSKEY with 2 octets of RDATA (needs at least 5) */
	put16(&p, 0xC00C);
	rr_fixed(&p, CS_TYPE_DNSKEY, CS_CLASS_IN, 60, 2);
	put16(&p, 0x0101);
	/* 39: RRSIG whose signer name is a pointer: RFC 4034 §3.1.7 forbids
	 * compression there. */
	put16(&p, 0xC00C);
	rr_fixed(&p, CS_TYPE_RRSIG, CS_CLASS_IN, 60, 18 + 2 + 3);
	put16(&p, CS_TYPE_DNSKEY);
	put8(&p, 13);
	put8(&p, 1);
	put32(&p, 60);
	put32(&p, 2000000000);
	put32(&p, 1000000000);
	put16(&p, 12345);
	put16(&p, 0xC00C);
	put(&p, WIRE("\252\273\314"));
	/* 74: a good A record after them */
	put16(&p, 0xC00C);
	rr_fixed(&p, CS_TYPE_A, CS_CLASS_IN, 60, 4);
	put(&p, WIRE("\300\000\002\011"));

	cs_arena a;
	cs_arena_init(&a);
	cs_msg m;
	assert_int_equal(cs_msg_parse(p.b, p.n, &a, &m, NULL), CS_OK);
	assert_int_equal(m.counts[CS_SEC_ANSWER], 3);
	const cs_rr *rr = m.sections[CS_SEC_ANSWER];

	assert_int_equal(rr[0].type, CS_TYPE_DNSKEY);
	assert_int_equal(rr[0].rdata_err, CS_ERDATA);
	assert_int_equal(rr[0].rdlen, 2);
	assert_memory_equal(rr[0].rdata, "\001\001", 2);

	assert_int_equal(rr[1].type, CS_TYPE_RRSIG);
	assert_int_equal(rr[1].rdata_err, CS_ECOMPRESS);
	assert_int_equal(rr[1].rdlen, 23);
	assert_memory_equal(rr[1].rdata, p.b + 39 + 12, 23); /* pointer bytes kept */

	assert_int_equal(rr[2].rdata_err, CS_OK);
	assert_memory_equal(rr[2].rdata, "\300\000\002\011", 4);
	cs_arena_clear(&a);
}

/* Compression inside RDATA of the RFC 1035 types (here MX and SOA) is
 * expanded into the stored RDATA. */
static void test_compressed_rdata_names_expanded(void **state)
{
	(void)state;
	bytes p = {.n = 0};
	header(&p, 1, 0x8400, 0, 2, 0, 0);
	/* 12: example. MX 10 mail + pointer to 12; "mail" sits at 33 */
	put(&p, WIRE("\007example\000"));
	rr_fixed(&p, CS_TYPE_MX, CS_CLASS_IN, 300, 2 + 5 + 2);
	put16(&p, 10);
	put(&p, WIRE("\004mail\300\014"));
	/* 40: example. SOA with both names compressed */
	put16(&p, 0xC00C);
	rr_fixed(&p, CS_TYPE_SOA, CS_CLASS_IN, 300, 2 + 2 + 20);
	put16(&p, 0xC021); /* mail.example. at 33 */
	put16(&p, 0xC00C);
	put32(&p, 2024010101);
	put32(&p, 7200);
	put32(&p, 3600);
	put32(&p, 1209600);
	put32(&p, 300);

	cs_arena a;
	cs_arena_init(&a);
	cs_msg m;
	assert_int_equal(cs_msg_parse(p.b, p.n, &a, &m, NULL), CS_OK);
	const cs_rr *mx = &m.sections[CS_SEC_ANSWER][0], *soa = &m.sections[CS_SEC_ANSWER][1];
	assert_int_equal(mx->rdlen, 2 + 14);
	assert_memory_equal(mx->rdata, "\000\012\004mail\007example\000", 16);
	assert_int_equal(soa->rdlen, 14 + 9 + 20);
	assert_memory_equal(soa->rdata, "\004mail\007example\000\007example\000", 23);
	assert_memory_equal(soa->rdata + 23, p.b + p.n - 20, 20);
	cs_arena_clear(&a);
}

/* Name errors in owners and questions fail the message with the name's
 * error. */
static void test_name_errors_fail_the_message(void **state)
{
	(void)state;
	bytes p = {.n = 0};
	header(&p, 1, 0, 1, 0, 0, 0);
	put16(&p, 0xC00C); /* question name points at itself */
	put16(&p, CS_TYPE_A);
	put16(&p, CS_CLASS_IN);
	assert_parse_err(&p, CS_EPTRFWD);

	p.n = 0;
	header(&p, 1, 0, 0, 1, 0, 0);
	put8(&p, 0x40); /* extended label type */
	put8(&p, 0);
	rr_fixed(&p, CS_TYPE_A, CS_CLASS_IN, 0, 4);
	put32(&p, 0);
	assert_parse_err(&p, CS_ELABELTYPE);
}

/* Octets after the last section are counted, not fatal. */
static void test_trailing_bytes(void **state)
{
	(void)state;
	bytes p;
	reference_response(&p);
	put(&p, WIRE("\000\000\377"));
	cs_arena a;
	cs_arena_init(&a);
	cs_msg m;
	assert_int_equal(cs_msg_parse(p.b, p.n, &a, &m, NULL), CS_OK);
	assert_int_equal(m.trailing, 3);
	assert_int_equal(m.counts[CS_SEC_ANSWER], 2);
	cs_arena_clear(&a);
}

/* --- Queries ------------------------------------------------------------------------ */

/* example.com. DNSKEY with RD=0, CD=1 and an OPT for 1232 octets with DO
 * (RFC 6891 §6.1.2, RFC 3225 §3), byte for byte. */
static void test_build_query_exact_bytes(void **state)
{
	(void)state;
	cs_name q = name("example.com.");
	cs_query_opts o = {
	    .id = 0x1234, .rd = false, .cd = true, .edns = true, .do_bit = true, .edns_size = 1232};
	cs_buf b;
	cs_buf_init(&b);
	assert_int_equal(cs_msg_build_query(&q, CS_TYPE_DNSKEY, CS_CLASS_IN, &o, &b), CS_OK);
	/* clang-format off */
	static const uint8_t expect[] = {
		0x12, 0x34,                         /* id */
		0x00, 0x10,                         /* flags: CD only */
		0x00, 0x01, 0x00, 0x00,             /* QDCOUNT 1, ANCOUNT 0 */
		0x00, 0x00, 0x00, 0x01,             /* NSCOUNT 0, ARCOUNT 1 */
		7, 'e', 'x', 'a', 'm', 'p', 'l', 'e',
		3, 'c', 'o', 'm', 0,
		0x00, 0x30, 0x00, 0x01,             /* DNSKEY IN */
		0x00,                               /* OPT owner: root */
		0x00, 0x29,                         /* type OPT */
		0x04, 0xD0,                         /* UDP size 1232 */
		0x00, 0x00, 0x80, 0x00,             /* ext-rcode 0, version 0, DO */
		0x00, 0x00,                         /* no options */
	};
	/* clang-format on */
	assert_int_equal(b.len, sizeof(expect));
	assert_memory_equal(b.data, expect, sizeof(expect));

	/* It parses back to what was asked. */
	cs_arena a;
	cs_arena_init(&a);
	cs_msg m;
	assert_int_equal(cs_msg_parse(b.data, b.len, &a, &m, NULL), CS_OK);
	assert_false(m.qr);
	assert_false(m.rd);
	assert_true(m.cd);
	assert_int_equal(m.qtype, CS_TYPE_DNSKEY);
	assert_true(m.has_edns);
	assert_int_equal(m.edns_udp_size, 1232);
	assert_true(m.edns_do);
	cs_arena_clear(&a);
	cs_buf_free(&b);
}

static void test_build_query_without_edns(void **state)
{
	(void)state;
	cs_name q = name("Example.");
	cs_query_opts o = {.id = 0xFFFF, .rd = true, .ad = true};
	cs_buf b;
	cs_buf_init(&b);
	assert_int_equal(cs_msg_build_query(&q, CS_TYPE_NS, CS_CLASS_CH, &o, &b), CS_OK);
	/* clang-format off */
	static const uint8_t expect[] = {
		0xFF, 0xFF,                         /* id */
		0x01, 0x20,                         /* flags: RD, AD */
		0x00, 0x01, 0x00, 0x00,             /* QDCOUNT 1, ANCOUNT 0 */
		0x00, 0x00, 0x00, 0x00,             /* NSCOUNT 0, ARCOUNT 0 */
		7, 'E', 'x', 'a', 'm', 'p', 'l', 'e', 0,
		0x00, 0x02, 0x00, 0x03,             /* NS CH */
	};
	/* clang-format on */
	assert_int_equal(b.len, sizeof(expect));
	assert_memory_equal(b.data, expect, sizeof(expect));
	cs_buf_free(&b);
}

/* Query name of the query in b (after the 12-octet header). */
static cs_name query_name(const cs_buf *b)
{
	cs_name n;
	size_t used;
	assert_int_equal(cs_name_from_wire(b->data + 12, b->len - 12, &n, &used), CS_OK);
	return n;
}

/* 0x20 randomisation (draft-vixie-dnsext-dns0x20): the same seed gives the
 * same mix of cases, the name stays equal ignoring case, and only letters
 * change (not digits, '-', '_' or '~'). */
static void test_case_randomisation(void **state)
{
	(void)state;
	cs_name q = name("abcdefghijklmnop.qrstuvwxyz-0123456789._~{.example.");
	cs_query_opts o = {.id = 1, .case_seed = 0x9E3779B9};
	cs_buf b1, b2, b3;
	cs_buf_init(&b1);
	cs_buf_init(&b2);
	cs_buf_init(&b3);
	assert_int_equal(cs_msg_build_query(&q, CS_TYPE_A, CS_CLASS_IN, &o, &b1), CS_OK);
	assert_int_equal(cs_msg_build_query(&q, CS_TYPE_A, CS_CLASS_IN, &o, &b2), CS_OK);
	assert_int_equal(b1.len, b2.len);
	assert_memory_equal(b1.data, b2.data, b1.len);

	cs_name r = query_name(&b1);
	assert_true(cs_name_equal(&r, &q));
	assert_memory_not_equal(r.data, q.data, q.len); /* 33 letters: some changed */
	size_t uppers = 0;
	for (size_t i = 0; i < q.len; i++) {
		if (r.data[i] != q.data[i]) {
			assert_true(q.data[i] >= 'a' && q.data[i] <= 'z');
			assert_int_equal(r.data[i], q.data[i] - 32);
			uppers++;
		}
	}
	assert_true(uppers > 0 && uppers < 33);

	/* Another seed gives another mix. */
	o.case_seed = 12345;
	assert_int_equal(cs_msg_build_query(&q, CS_TYPE_A, CS_CLASS_IN, &o, &b3), CS_OK);
	cs_name r3 = query_name(&b3);
	assert_true(cs_name_equal(&r3, &q));
	assert_memory_not_equal(r3.data, r.data, q.len);

	/* Seed 0 sends the name as given. */
	cs_buf_reset(&b3);
	o.case_seed = 0;
	cs_name upper = name("WWW.Example.");
	assert_int_equal(cs_msg_build_query(&upper, CS_TYPE_A, CS_CLASS_IN, &o, &b3), CS_OK);
	cs_name r0 = query_name(&b3);
	assert_memory_equal(r0.data, upper.data, upper.len);

	cs_buf_free(&b1);
	cs_buf_free(&b2);
	cs_buf_free(&b3);
}

/* --- Presentation ------------------------------------------------------------------ */

static void test_rr_and_rcode_text(void **state)
{
	(void)state;
	bytes p;
	reference_response(&p);
	cs_arena a;
	cs_arena_init(&a);
	cs_msg m;
	assert_int_equal(cs_msg_parse(p.b, p.n, &a, &m, NULL), CS_OK);
	cs_buf b;
	cs_buf_init(&b);
	cs_rr_to_text(&m.sections[CS_SEC_ANSWER][0], &b);
	assert_string_equal(cs_buf_cstr(&b), "example.com. 3600 IN A 192.0.2.1");
	cs_buf_reset(&b);
	cs_rr_to_text(&m.sections[CS_SEC_AUTHORITY][0], &b);
	assert_string_equal(cs_buf_cstr(&b), "example.com. 86400 IN NS ns1.example.com.");

	cs_buf_reset(&b);
	cs_msg_to_text(&m, &b);
	const char *t = cs_buf_cstr(&b);
	assert_non_null(strstr(t, "status: NOERROR, id: 48879"));
	assert_non_null(strstr(t, ";; flags: qr aa rd ra ad;"));
	assert_non_null(strstr(t, "ANSWER: 2, AUTHORITY: 1, ADDITIONAL: 2"));
	assert_non_null(strstr(t, "EDNS: version 0, flags: do; udp: 4096"));
	assert_non_null(strstr(t, "ns1.example.com. 3600 IN A 192.0.2.53\n"));
	cs_buf_free(&b);
	cs_arena_clear(&a);

	char rb[16];
	assert_string_equal(cs_rcode_str(0, rb), "NOERROR");
	assert_string_equal(cs_rcode_str(3, rb), "NXDOMAIN");
	assert_string_equal(cs_rcode_str(10, rb), "NOTZONE");
	assert_string_equal(cs_rcode_str(16, rb), "BADVERS");
	assert_string_equal(cs_rcode_str(23, rb), "RCODE23");
	assert_string_equal(cs_rcode_str(4095, rb), "RCODE4095");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_reference_response),
	    cmocka_unit_test(test_every_truncation_fails),
	    cmocka_unit_test(test_edns_extended_rcode),
	    cmocka_unit_test(test_edns_options_raw),
	    cmocka_unit_test(test_rdlength_past_end),
	    cmocka_unit_test(test_counts_larger_than_packet),
	    cmocka_unit_test(test_opt_misplaced),
	    cmocka_unit_test(test_malformed_typed_rdata_is_kept_raw),
	    cmocka_unit_test(test_compressed_rdata_names_expanded),
	    cmocka_unit_test(test_name_errors_fail_the_message),
	    cmocka_unit_test(test_trailing_bytes),
	    cmocka_unit_test(test_build_query_exact_bytes),
	    cmocka_unit_test(test_build_query_without_edns),
	    cmocka_unit_test(test_case_randomisation),
	    cmocka_unit_test(test_rr_and_rcode_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
