/*
 * test_probe_cache - core/probe_cache: the cache of answers about the zones
 * above the names that a batch run shares between its probes. What
 * probe_cache.h promises: only strict ancestors of the target within the
 * label limit are wanted; a hit returns the octets and RTT stored for the
 * same query to the same server, port and transport, whatever the message
 * ID; the first answer stays; nothing is added past the byte limit. And the
 * capture carries the "cached" mark through save and load.
 */
#include "capture/capture.h"
#include "dnssec/verify_cache.h"
#include "probe/probe_cache.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_wants_only_ancestors),
	    cmocka_unit_test(test_hit_ignores_id_and_keeps_first),
	    cmocka_unit_test(test_byte_limit),
	    cmocka_unit_test(test_capture_round_trip),
	    cmocka_unit_test(test_verify_memo),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
