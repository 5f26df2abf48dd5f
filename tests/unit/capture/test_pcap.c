/*
 * test_pcap - core/capture/pcap: pcap files written out by hand (the
 * libpcap file format: a 24-octet global header, a 16-octet header per
 * packet, little-endian) with the link, IP, UDP and TCP headers of
 * RFC 791, 8200, 768 and 9293 around DNS messages; what the importer must
 * match, infer, note and refuse.
 */
#include "capture/pcap.h"

#include "dns/rrtype.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../testutil.h"

#include <string.h>

enum { LINK_EN10MB = 1, LINK_RAW = 101, LINK_SLL2 = 276 };

static void le16(bytes *o, unsigned v)
{
	put8(o, v & 0xFF);
	put8(o, v >> 8);
}

static void le32(bytes *o, uint32_t v)
{
	le16(o, v & 0xFFFF);
	le16(o, v >> 16);
}

static void file_header(bytes *o, unsigned link)
{
	le32(o, 0xa1b2c3d4u);
	le16(o, 2);
	le16(o, 4);
	le32(o, 0);
	le32(o, 0);
	le32(o, 65535);
	le32(o, link);
}

static void record(bytes *o, uint32_t sec, uint32_t usec, const bytes *frame)
{
	le32(o, sec);
	le32(o, usec);
	le32(o, (uint32_t)frame->n);
	le32(o, (uint32_t)frame->n);
	put(o, frame->b, frame->n);
}

/* A DNS message for www.example. A: a query, or a response with one A
 * record (192.0.2.80) and, with referral, NS ns.example. + glue instead. */
static void dns(bytes *o, unsigned id, bool response, bool referral)
{
	static const uint8_t www[] = {3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0};
	put16(o, id);
	put16(o, response ? (referral ? 0x8000 : 0x8400) : 0x0000);
	put16(o, 1);
	put16(o, response && !referral ? 1 : 0);
	put16(o, referral ? 1 : 0);
	put16(o, referral ? 1 : 0);
	put(o, www, sizeof(www));
	put16(o, CS_TYPE_A);
	put16(o, CS_CLASS_IN);
	if (!response)
		return;
	if (!referral) {
		put16(o, 0xC00C); /* www.example. */
		put16(o, CS_TYPE_A);
		put16(o, CS_CLASS_IN);
		put32(o, 300);
		put16(o, 4);
		put32(o, 0xC0000250);
		return;
	}
	put16(o, 0xC010); /* example. */
	put16(o, CS_TYPE_NS);
	put16(o, CS_CLASS_IN);
	put32(o, 300);
	put16(o, 5);
	put8(o, 2);
	put8(o, 'n');
	put8(o, 's');
	put16(o, 0xC010); /* ns.example. */
	put16(o, 0xC029); /* the NS RDATA: ns.example. at offset 41 */
	put16(o, CS_TYPE_A);
	put16(o, CS_CLASS_IN);
	put32(o, 300);
	put16(o, 4);
	put32(o, 0xC0000235); /* 192.0.2.53 */
}

static void ipv4(bytes *o, uint32_t src, uint32_t dst, unsigned proto, const bytes *l4)
{
	put8(o, 0x45);
	put8(o, 0);
	put16(o, (unsigned)(20 + l4->n));
	put32(o, 0);
	put8(o, 64);
	put8(o, proto);
	put16(o, 0); /* checksum: not checked by the importer */
	put32(o, src);
	put32(o, dst);
	put(o, l4->b, l4->n);
}

static void udp(bytes *o, unsigned sport, unsigned dport, const bytes *payload)
{
	put16(o, sport);
	put16(o, dport);
	put16(o, (unsigned)(8 + payload->n));
	put16(o, 0);
	put(o, payload->b, payload->n);
}

static void tcp(bytes *o, unsigned sport, unsigned dport, uint32_t seq, unsigned flags,
		const uint8_t *payload, size_t n)
{
	put16(o, sport);
	put16(o, dport);
	put32(o, seq);
	put32(o, 0);
	put8(o, 5 << 4);
	put8(o, flags);
	put16(o, 65535);
	put16(o, 0);
	put16(o, 0);
	if (n)
		put(o, payload, n);
}

enum { CLIENT = 0xC0000201, SERVER = 0xC0000235, PARENT = 0xC0000202 };

/* A raw-IP UDP packet between CLIENT:40000 and server:53. */
static void udp_packet(bytes *f, uint32_t server, bool to_server, const bytes *msg)
{
	bytes u = {0};
	udp(&u, to_server ? 40000 : 53, to_server ? 53 : 40000, msg);
	ipv4(f, to_server ? CLIENT : server, to_server ? server : CLIENT, 17, &u);
}

static cs_capture *import(const bytes *file, cs_err want, const char *needle)
{
	cs_capture *c = NULL;
	char msg[256] = "";
	cs_err err = cs_pcap_import(file->b, file->n, NULL, 0, &c, msg, sizeof(msg));
	if (err != want)
		fail_msg("import: %s (%s)", cs_strerror(err), msg);
	if (needle && strstr(msg, needle) == NULL)
		fail_msg("message '%s' lacks '%s'", msg, needle);
	return c;
}

static bool has_note(const cs_capture *c, const char *needle)
{
	for (size_t i = 0; i < c->nnotes; i++)
		if (strstr(c->notes[i], needle))
			return true;
	return false;
}

/* Ethernet with a VLAN tag, IPv4, UDP: a query and its response match;
 * the referral before it puts the server in example. and the referring
 * server in the root. */
static void test_udp_match_and_referral(void **state)
{
	(void)state;
	bytes file = {0}, q = {0}, r = {0}, ref = {0}, refq = {0};
	file_header(&file, LINK_EN10MB);
	dns(&refq, 7, false, false);
	dns(&ref, 7, true, true);
	dns(&q, 9, false, false);
	dns(&r, 9, true, false);
	const bytes *msgs[] = {&refq, &ref, &q, &r};
	const uint32_t servers[] = {PARENT, PARENT, SERVER, SERVER};
	for (unsigned i = 0; i < 4; i++) {
		bytes f = {0}, ip = {0};
		udp_packet(&ip, servers[i], i % 2 == 0, msgs[i]);
		for (unsigned k = 0; k < 12; k++)
			put8(&f, k); /* MAC addresses */
		put16(&f, 0x8100);
		put16(&f, 42); /* VLAN 42 */
		put16(&f, 0x0800);
		put(&f, ip.b, ip.n);
		record(&file, 1000, 1000 * i, &f);
	}
	cs_capture *c = import(&file, CS_OK, NULL);
	assert_int_equal(c->nqueries, 2);
	assert_string_equal(c->mode, "authoritative");
	const cs_capture_query *a = &c->queries[1];
	assert_string_equal(a->server, "192.0.2.53");
	assert_int_equal(a->result, CS_QRESULT_ANSWER);
	assert_int_equal(a->transport, CS_TRANSPORT_UDP);
	assert_int_equal(a->rtt_us, 1000);
	assert_int_equal(a->sent_us, 2000);
	assert_int_equal(a->response_len, r.n);
	assert_memory_equal(a->response, r.b, r.n);
	char nb[CS_NAME_TEXT_MAX];
	assert_string_equal(cs_name_str(&a->zone, nb), "example.");
	/* The server that referred to example. serves the zone above it. */
	assert_string_equal(cs_name_str(&c->queries[0].zone, nb), ".");
	assert_int_equal(c->nzones, 2);
	const cs_capture_zone *ex = cs_name_labels(&c->zones[0].name) ? &c->zones[0] : &c->zones[1];
	assert_string_equal(cs_name_str(&ex->name, nb), "example.");
	assert_string_equal(cs_name_str(&ex->parent, nb), ".");
	assert_string_equal(ex->servers[0].ns_name, "ns.example.");
	assert_string_equal(cs_name_str(&c->qname, nb), "www.example.");
	assert_int_equal(c->started_s, 1000);
	cs_capture_free(&c);
}

/* Linux cooked v2, IPv6 with a hop-by-hop header: a query with no
 * response is a timeout, and a note says so. */
static void test_ipv6_lone_query(void **state)
{
	(void)state;
	bytes file = {0}, q = {0}, u = {0}, f = {0};
	file_header(&file, LINK_SLL2);
	dns(&q, 3, false, false);
	udp(&u, 40000, 53, &q);
	for (unsigned k = 0; k < 20; k++)
		put8(&f, k == 0 ? 0x86 : k == 1 ? 0xdd : 0); /* SLL2: protocol first */
	put32(&f, 0x60000000);
	put16(&f, (unsigned)(8 + u.n));
	put8(&f, 0); /* next: hop-by-hop */
	put8(&f, 64);
	for (unsigned k = 0; k < 16; k++)
		put8(&f, k == 15 ? 1 : 0); /* ::1 */
	for (unsigned k = 0; k < 16; k++)
		put8(&f, k == 0	   ? 0x20
			 : k == 1  ? 0x01
			 : k == 2  ? 0x0d
			 : k == 3  ? 0xb8
			 : k == 15 ? 0x53
				   : 0);
	put8(&f, 17); /* then UDP */
	put8(&f, 0);  /* 8 octets */
	for (unsigned k = 0; k < 6; k++)
		put8(&f, 0);
	put(&f, u.b, u.n);
	record(&file, 5, 0, &f);
	cs_capture *c = import(&file, CS_OK, NULL);
	assert_int_equal(c->nqueries, 1);
	assert_string_equal(c->queries[0].server, "2001:db8::53");
	assert_int_equal(c->queries[0].result, CS_QRESULT_TIMEOUT);
	assert_null(c->queries[0].response);
	assert_true(has_note(c, "no response"));
	cs_capture_free(&c);
}

/* Raw IP, TCP: the query split over two segments (one retransmitted),
 * the response in one; matched, transport tcp. */
static void test_tcp_reassembly(void **state)
{
	(void)state;
	bytes file = {0}, q = {0}, r = {0}, lq = {0}, lr = {0};
	file_header(&file, LINK_RAW);
	dns(&q, 11, false, false);
	dns(&r, 11, true, false);
	put16(&lq, (unsigned)q.n);
	put(&lq, q.b, q.n);
	put16(&lr, (unsigned)r.n);
	put(&lr, r.b, r.n);
	struct {
		bool to_server;
		uint32_t seq;
		unsigned flags;
		const uint8_t *p;
		size_t n;
	} segs[] = {
	    {true, 99, 0x02, NULL, 0},		   /* SYN */
	    {false, 499, 0x12, NULL, 0},	   /* SYN/ACK */
	    {true, 100, 0x18, lq.b, 5},		   /* first 5 octets */
	    {true, 100, 0x18, lq.b, 5},		   /* retransmitted */
	    {true, 105, 0x18, lq.b + 5, lq.n - 5}, /* the rest */
	    {false, 500, 0x18, lr.b, lr.n},	   /* the response */
	};
	for (unsigned i = 0; i < sizeof(segs) / sizeof(segs[0]); i++) {
		bytes t = {0}, f = {0};
		tcp(&t, segs[i].to_server ? 40001 : 53, segs[i].to_server ? 53 : 40001, segs[i].seq,
		    segs[i].flags, segs[i].p, segs[i].n);
		ipv4(&f, segs[i].to_server ? CLIENT : SERVER, segs[i].to_server ? SERVER : CLIENT,
		     6, &t);
		record(&file, 7, 100 * i, &f);
	}
	cs_capture *c = import(&file, CS_OK, NULL);
	assert_int_equal(c->nqueries, 1);
	assert_int_equal(c->queries[0].transport, CS_TRANSPORT_TCP);
	assert_int_equal(c->queries[0].result, CS_QRESULT_ANSWER);
	assert_int_equal(c->queries[0].query_len, q.n);
	assert_memory_equal(c->queries[0].response, r.b, r.n);
	assert_false(has_note(c, "TCP streams incomplete"));
	cs_capture_free(&c);
}

/* A response alone: its query is rebuilt from the question; a TCP stream
 * with a missing segment is counted; other ports are ignored. */
static void test_lone_response_and_gap(void **state)
{
	(void)state;
	bytes file = {0}, r = {0}, q = {0}, lq = {0}, f = {0}, t = {0}, other = {0};
	file_header(&file, LINK_RAW);
	dns(&r, 21, true, false);
	udp_packet(&f, SERVER, false, &r);
	record(&file, 9, 0, &f);
	dns(&q, 22, false, false);
	put16(&lq, (unsigned)q.n);
	put(&lq, q.b, q.n);
	tcp(&t, 40002, 53, 1000, 0x18, lq.b, 4);
	bytes f2 = {0};
	ipv4(&f2, CLIENT, SERVER, 6, &t);
	record(&file, 9, 1, &f2);
	bytes t2 = {0}, f3 = {0};
	tcp(&t2, 40002, 53, 1010, 0x18, lq.b + 10, lq.n - 10); /* 6 octets missing */
	ipv4(&f3, CLIENT, SERVER, 6, &t2);
	record(&file, 9, 2, &f3);
	bytes u = {0}, f4 = {0};
	udp(&u, 40003, 5353, &q); /* not port 53 */
	ipv4(&f4, CLIENT, SERVER, 17, &u);
	record(&file, 9, 3, &f4);
	(void)other;
	cs_capture *c = import(&file, CS_OK, NULL);
	assert_int_equal(c->nqueries, 1);
	assert_int_equal(c->queries[0].result, CS_QRESULT_ANSWER);
	assert_int_equal(c->queries[0].query[0], 0);
	assert_int_equal(c->queries[0].query[1], 21); /* the response's ID */
	assert_true(has_note(c, "responses have no query"));
	assert_true(has_note(c, "TCP streams incomplete"));
	cs_capture_free(&c);
}

/* What must be refused, with the packet named. */
static void test_bad_input(void **state)
{
	(void)state;
	bytes file = {0}, q = {0}, f = {0};
	file_header(&file, LINK_RAW);
	dns(&q, 1, false, false);
	udp_packet(&f, SERVER, true, &q);
	record(&file, 1, 0, &f);
	bytes cut = file;
	cut.n -= 10;
	assert_null(import(&cut, CS_ERDATA, "after packet 0"));
	bytes junk = {0}, g = {0}, j = {0};
	file_header(&junk, LINK_RAW);
	put(&j, q.b, 7); /* a DNS header cut short */
	udp_packet(&g, SERVER, true, &j);
	record(&junk, 1, 0, &g);
	assert_null(import(&junk, CS_ERDATA, "packet 1: the DNS message does not parse"));
	bytes none = {0};
	file_header(&none, LINK_RAW);
	assert_null(import(&none, CS_ENOTFOUND, "no DNS query"));
	bytes garbage = {0};
	put32(&garbage, 0xd4c3b2a1);
	put16(&garbage, 0xFFFF);
	assert_null(import(&garbage, CS_ERDATA, "not a packet capture"));
	assert_true(cs_pcap_sniff(file.b, file.n));
	assert_false(cs_pcap_sniff((const uint8_t *)"{\"a\"", 4));
}

/* Export, then import: the same queries, responses and times. */
static void test_export_round_trip(void **state)
{
	(void)state;
	bytes file = {0}, q = {0}, r = {0};
	file_header(&file, LINK_RAW);
	dns(&q, 9, false, false);
	dns(&r, 9, true, false);
	bytes f1 = {0}, f2 = {0};
	udp_packet(&f1, SERVER, true, &q);
	udp_packet(&f2, SERVER, false, &r);
	record(&file, 100, 10, &f1);
	record(&file, 100, 510, &f2);
	cs_capture *c = import(&file, CS_OK, NULL);
	cs_buf out;
	cs_buf_init(&out);
	char msg[256];
	assert_int_equal(cs_pcap_export(c, &out, msg, sizeof(msg)), CS_OK);
	cs_capture *back = NULL;
	assert_int_equal(cs_pcap_import(out.data, out.len, NULL, 0, &back, msg, sizeof(msg)),
			 CS_OK);
	assert_int_equal(back->nqueries, 1);
	assert_int_equal(back->queries[0].rtt_us, 500);
	assert_int_equal(back->started_s, 100);
	assert_int_equal(back->started_us, 10);
	assert_memory_equal(back->queries[0].query, q.b, q.n);
	assert_memory_equal(back->queries[0].response, r.b, r.n);
	cs_buf_free(&out);
	cs_capture_free(&back);
	cs_capture_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_udp_match_and_referral),
	    cmocka_unit_test(test_ipv6_lone_query),
	    cmocka_unit_test(test_tcp_reassembly),
	    cmocka_unit_test(test_lone_response_and_gap),
	    cmocka_unit_test(test_bad_input),
	    cmocka_unit_test(test_export_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
