/*
 * test_probe_cache - core/probe_cache: the cache of answers about the zones
 * above the names that a batch run shares between its probes. What
 * probe_cache.h promises: only strict ancestors of the target within the
 * label limit are wanted; a hit returns the octets and RTT stored for the
 * same query to the same server, port and transport, whatever the message
 * ID; the first answer stays; nothing is added past the byte limit. And the
 * capture carries the "cached" mark through save and load. The run's
 * referrals (by child zone) and server health (dead after timeouts without
 * an answer; a timeout after an answer is a loss). And the hub
 * (probe_hub.h): a cached answer comes on the next step, never inside the
 * send; identical queries in flight are sent once and both answered.
 */
#include "capture/capture.h"
#include "dnssec/verify_cache.h"
#include "probe/probe_cache.h"
#include "probe/probe_hub.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static cs_name name(const char *s)
{
	cs_name n;
	assert_int_equal(cs_name_from_text(s, strlen(s), NULL, &n), CS_OK);
	return n;
}

static void test_wants_only_ancestors(void **state)
{
	(void)state;
	cs_probe_cache *c = NULL;
	assert_int_equal(cs_probe_cache_new(1, 1 << 20, &c), CS_OK);
	cs_name root = name("."), bulk = name("bulk."), d1 = name("d0001.bulk.");
	cs_name target = name("www.d0001.bulk."), other = name("www.example.");
	assert_true(cs_probe_cache_wants(c, &root, &target));
	assert_true(cs_probe_cache_wants(c, &bulk, &target));
	assert_false(cs_probe_cache_wants(c, &d1, &target));	  /* two labels */
	assert_false(cs_probe_cache_wants(c, &bulk, &other));	  /* not an ancestor */
	assert_false(cs_probe_cache_wants(c, &bulk, &bulk));	  /* the target's own zone */
	assert_false(cs_probe_cache_wants(NULL, &root, &target)); /* no cache */
	cs_probe_cache_free(&c);
	assert_null(c);
	cs_probe_cache_free(NULL);
}

static void test_hit_ignores_id_and_keeps_first(void **state)
{
	(void)state;
	cs_probe_cache *c = NULL;
	assert_int_equal(cs_probe_cache_new(1, 1 << 20, &c), CS_OK);
	uint8_t q[20] = {0x12, 0x34, 0, 0, 0, 1};
	uint8_t r1[30] = {0x12, 0x34, 0x84}, r2[30] = {0x99, 0x99, 0x84};
	cs_buf b;
	cs_buf_init(&b);
	int64_t rtt = 0;
	assert_false(
	    cs_probe_cache_get(c, "127.0.0.1", 53, CS_TRANSPORT_UDP, q, sizeof(q), &b, &rtt));
	cs_probe_cache_put(c, "127.0.0.1", 53, CS_TRANSPORT_UDP, q, sizeof(q), r1, sizeof(r1),
			   1234);
	cs_probe_cache_put(c, "127.0.0.1", 53, CS_TRANSPORT_UDP, q, sizeof(q), r2, sizeof(r2), 9);
	q[0] = 0xab; /* another message ID: the same query */
	assert_true(
	    cs_probe_cache_get(c, "127.0.0.1", 53, CS_TRANSPORT_UDP, q, sizeof(q), &b, &rtt));
	assert_int_equal(b.len, sizeof(r1));
	assert_memory_equal(b.data, r1, sizeof(r1));
	assert_int_equal(rtt, 1234);
	/* Another server, port, transport or question: a miss. */
	assert_false(
	    cs_probe_cache_get(c, "127.0.0.2", 53, CS_TRANSPORT_UDP, q, sizeof(q), &b, &rtt));
	assert_false(
	    cs_probe_cache_get(c, "127.0.0.1", 54, CS_TRANSPORT_UDP, q, sizeof(q), &b, &rtt));
	assert_false(
	    cs_probe_cache_get(c, "127.0.0.1", 53, CS_TRANSPORT_TCP, q, sizeof(q), &b, &rtt));
	q[19] = 1;
	assert_false(
	    cs_probe_cache_get(c, "127.0.0.1", 53, CS_TRANSPORT_UDP, q, sizeof(q), &b, &rtt));
	cs_probe_cache_stats st;
	cs_probe_cache_get_stats(c, &st);
	assert_int_equal(st.hits, 1);
	assert_int_equal(st.misses, 5);
	assert_int_equal(st.entries, 1);
	assert_false(st.full);
	cs_buf_free(&b);
	cs_probe_cache_free(&c);
}

static void test_byte_limit(void **state)
{
	(void)state;
	cs_probe_cache *c = NULL;
	assert_int_equal(cs_probe_cache_new(1, 2000, &c), CS_OK);
	uint8_t q[16] = {0}, r[500] = {0};
	for (int i = 0; i < 20; i++) {
		q[15] = (uint8_t)i;
		cs_probe_cache_put(c, "::1", 53, CS_TRANSPORT_UDP, q, sizeof(q), r, sizeof(r), 1);
	}
	cs_probe_cache_stats st;
	cs_probe_cache_get_stats(c, &st);
	assert_true(st.full);
	assert_true(st.bytes <= 2000);
	assert_in_range(st.entries, 1, 3);
	cs_probe_cache_free(&c);
}

/* "cached" is written only when set, and read back. */
static void test_capture_round_trip(void **state)
{
	(void)state;
	cs_capture *c = cs_capture_new();
	assert_non_null(c);
	c->tool = cs_capture_strdup(c, "test");
	c->mode = cs_capture_strdup(c, "authoritative");
	c->qname = name("www.example.");
	c->qtype = 1;
	uint8_t qb[12] = {1, 2}, rb[12] = {1, 2, 0x84};
	for (int i = 0; i < 2; i++) {
		cs_capture_query q;
		memset(&q, 0, sizeof(q));
		q.server = (char *)"127.0.0.1";
		q.port = 53;
		q.zone = name(".");
		q.qname = name("example.");
		q.qtype = 48;
		q.rtt_us = 10;
		q.result = CS_QRESULT_ANSWER;
		q.cached = i == 1;
		q.query = qb;
		q.query_len = sizeof(qb);
		cs_capture_query *s = cs_capture_add_query(c, &q);
		assert_non_null(s);
		assert_int_equal(cs_capture_set_response(c, s, rb, sizeof(rb)), CS_OK);
	}
	char *j1 = cs_capture_to_json(c);
	assert_non_null(j1);
	assert_non_null(strstr(j1, "\"cached\": true"));
	assert_null(strstr(j1, "\"cached\": false"));
	cs_capture *back = NULL;
	char msg[256];
	assert_int_equal(cs_capture_from_json(j1, strlen(j1), &back, msg, sizeof(msg)), CS_OK);
	assert_false(back->queries[0].cached);
	assert_true(back->queries[1].cached);
	char *j2 = cs_capture_to_json(back);
	assert_string_equal(j1, j2);
	free(j1);
	free(j2);
	cs_capture_free(&back);
	cs_capture_free(&c);
}

/* The verification memo gives cs_crypto_verify's result, verifies once per
 * (key, signature, data) for shallow zones, and never memoises deeper ones. */
static void test_verify_memo(void **state)
{
	(void)state;
	cs_verify_cache *v = NULL;
	assert_int_equal(cs_verify_cache_new(1, 1 << 20, &v), CS_OK);
	uint8_t key[64], sig[64], data[40];
	memset(key, 7, sizeof(key));
	memset(sig, 9, sizeof(sig));
	memset(data, 1, sizeof(data));
	cs_verify_result direct =
	    cs_crypto_verify(13, key, sizeof(key), sig, sizeof(sig), data, sizeof(data));
	cs_name tld = name("bulk."), deep = name("d0001.bulk.");
	for (int i = 0; i < 3; i++)
		assert_int_equal(cs_verify_cached(v, &tld, 13, key, sizeof(key), sig, sizeof(sig),
						  data, sizeof(data)),
				 direct);
	assert_int_equal(
	    cs_verify_cached(v, &deep, 13, key, sizeof(key), sig, sizeof(sig), data, sizeof(data)),
	    direct);
	assert_int_equal(cs_verify_cached(NULL, &tld, 13, key, sizeof(key), sig, sizeof(sig), data,
					  sizeof(data)),
			 direct);
	uint64_t hits = 0, misses = 0;
	cs_verify_cache_counts(v, &hits, &misses);
	assert_int_equal(hits, 2);
	assert_int_equal(misses, 1);
	data[0] = 2; /* other data: verified again */
	cs_verify_cached(v, &tld, 13, key, sizeof(key), sig, sizeof(sig), data, sizeof(data));
	cs_verify_cache_counts(v, &hits, &misses);
	assert_int_equal(misses, 2);
	cs_verify_cache_free(&v);
	assert_null(v);
}

static void test_referrals(void **state)
{
	(void)state;
	cs_probe_cache *c = NULL;
	assert_int_equal(cs_probe_cache_new(1, 1 << 20, &c), CS_OK);
	cs_name bulk = name("bulk."), lab = name("lab.");
	uint8_t r1[40] = {1, 2, 3}, r2[40] = {4, 5, 6};
	cs_buf b;
	cs_buf_init(&b);
	assert_false(cs_probe_cache_get_referral(c, &bulk, &b));
	cs_probe_cache_put_referral(c, &bulk, r1, sizeof(r1));
	cs_probe_cache_put_referral(c, &bulk, r2, sizeof(r2)); /* the first stays */
	assert_true(cs_probe_cache_get_referral(c, &bulk, &b));
	assert_int_equal(b.len, sizeof(r1));
	assert_memory_equal(b.data, r1, sizeof(r1));
	assert_false(cs_probe_cache_get_referral(c, &lab, &b));
	cs_buf_free(&b);
	cs_probe_cache_free(&c);
}

static void test_server_health(void **state)
{
	(void)state;
	cs_probe_cache *c = NULL;
	assert_int_equal(cs_probe_cache_new(1, 1 << 20, &c), CS_OK);
	assert_false(cs_probe_cache_server_dead(c, "127.0.0.1"));
	/* One timeout is not enough to condemn a server that never answered. */
	assert_false(cs_probe_cache_server_timeout(c, "127.0.0.1"));
	assert_false(cs_probe_cache_server_dead(c, "127.0.0.1"));
	assert_false(cs_probe_cache_server_timeout(c, "127.0.0.1"));
	assert_true(cs_probe_cache_server_dead(c, "127.0.0.1"));
	/* An answer revives it for good; later timeouts are losses. */
	cs_probe_cache_server_answered(c, "127.0.0.1");
	assert_false(cs_probe_cache_server_dead(c, "127.0.0.1"));
	assert_true(cs_probe_cache_server_timeout(c, "127.0.0.1"));
	assert_true(cs_probe_cache_server_timeout(c, "127.0.0.1"));
	assert_false(cs_probe_cache_server_dead(c, "127.0.0.1"));
	/* Many servers, each on its own (the table grows). */
	char a[64];
	for (int i = 0; i < 3000; i++) {
		snprintf(a, sizeof(a), "127.1.%d.%d", i / 250, i % 250);
		cs_probe_cache_server_timeout(c, a);
		cs_probe_cache_server_timeout(c, a);
		if (i % 2)
			cs_probe_cache_server_answered(c, a);
	}
	for (int i = 0; i < 3000; i++) {
		snprintf(a, sizeof(a), "127.1.%d.%d", i / 250, i % 250);
		assert_int_equal(cs_probe_cache_server_dead(c, a), i % 2 == 0);
	}
	assert_false(cs_probe_cache_server_dead(c, "::1"));
	cs_probe_cache_free(&c);
}

static int64_t mono_us(void *ctx)
{
	(void)ctx;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

typedef struct {
	int calls;
	cs_qresult result;
	bool cached;
	int64_t rtt;
	size_t len;
} got;

static void on_answer(void *arg, const cs_hub_answer *a)
{
	got *g = arg;
	g->calls++;
	g->result = a->result;
	g->cached = a->cached;
	g->rtt = a->rtt_us;
	g->len = a->len;
}

static void test_hub(void **state)
{
	(void)state;
	cs_probe_cache *c = NULL;
	cs_probe_hub *h = NULL;
	assert_int_equal(cs_probe_cache_new(1, 1 << 20, &c), CS_OK);
	assert_int_equal(cs_probe_hub_new(300, 0, false, mono_us, NULL, c, &h), CS_OK);
	uint8_t q[17] = {0, 7, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1}; /* . SOA */
	uint8_t r[17];
	memcpy(r, q, sizeof(r));
	r[2] = 0x84;
	/* A cached answer: not inside the send, on the next step, marked. */
	cs_probe_cache_put(c, "127.0.0.1", 9, CS_TRANSPORT_UDP, q, sizeof(q), r, sizeof(r), 777);
	got g1 = {0};
	assert_int_equal(cs_probe_hub_send(h, "127.0.0.1", 9, CS_TRANSPORT_UDP, q, sizeof(q), true,
					   on_answer, &g1),
			 CS_OK);
	assert_int_equal(g1.calls, 0);
	assert_int_equal(cs_probe_hub_pending(h), 1);
	assert_int_equal(cs_probe_hub_step(h, 0), CS_OK);
	assert_int_equal(g1.calls, 1);
	assert_int_equal(g1.result, CS_QRESULT_ANSWER);
	assert_true(g1.cached);
	assert_int_equal(g1.rtt, 777);
	assert_int_equal(g1.len, sizeof(r));
	/* Two identical queries (other IDs) to a port where nothing listens:
	 * one is sent, both get the same end (refused or timed out). */
	got g2 = {0}, g3 = {0};
	q[1] = 8;
	assert_int_equal(cs_probe_hub_send(h, "127.0.0.1", 9, CS_TRANSPORT_UDP, q, sizeof(q), false,
					   on_answer, &g2),
			 CS_OK);
	q[1] = 9;
	assert_int_equal(cs_probe_hub_send(h, "127.0.0.1", 9, CS_TRANSPORT_UDP, q, sizeof(q), false,
					   on_answer, &g3),
			 CS_OK);
	assert_int_equal(g2.calls + g3.calls, 0);
	for (int i = 0; i < 100 && cs_probe_hub_pending(h) > 0; i++)
		assert_int_equal(cs_probe_hub_step(h, 100), CS_OK);
	assert_int_equal(g2.calls, 1);
	assert_int_equal(g3.calls, 1);
	assert_int_not_equal(g2.result, CS_QRESULT_ANSWER);
	assert_int_equal(g2.result, g3.result);
	cs_probe_hub_stats st;
	cs_probe_hub_get_stats(h, &st);
	assert_int_equal(st.sent, 1);
	assert_int_equal(st.shared, 1);
	assert_int_equal(st.cached, 1);
	/* A bad address: refused at once, no callback. */
	got g4 = {0};
	assert_int_equal(cs_probe_hub_send(h, "not-an-address", 9, CS_TRANSPORT_UDP, q, sizeof(q),
					   false, on_answer, &g4),
			 CS_EINVAL);
	assert_int_equal(cs_probe_hub_pending(h), 0);
	cs_probe_hub_free(&h);
	assert_null(h);
	cs_probe_cache_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_wants_only_ancestors),
	    cmocka_unit_test(test_hit_ignores_id_and_keeps_first),
	    cmocka_unit_test(test_byte_limit),
	    cmocka_unit_test(test_capture_round_trip),
	    cmocka_unit_test(test_verify_memo),
	    cmocka_unit_test(test_referrals),
	    cmocka_unit_test(test_server_health),
	    cmocka_unit_test(test_hub),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
