/*
 * test_probe_cache_ttl - core/probe_cache with cs_probe_cache_expire, as the
 * exporter uses it: an entry lives for the smallest TTL of its response
 * (an SOA's MINIMUM counts), at most the cap; a response without records
 * is not kept; an expired entry is a miss and the next answer replaces it;
 * when the cache is full, expired entries make room for new ones.
 */
#include "probe/probe_cache.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

static int64_t fake_now(void *ctx)
{
	return *(const int64_t *)ctx;
}

/* A response with one root A record of the given TTL (or none), and, when
 * soa_min is non-zero, a root SOA (TTL 3600) with that MINIMUM. */
static size_t response(uint8_t *out, uint32_t ttl, bool record, uint32_t soa_min, uint8_t tag)
{
	uint8_t hdr[12] = {tag, 0, 0x84, 0, 0, 0, 0, record ? 1 : 0, 0, soa_min ? 1 : 0, 0, 0};
	size_t n = 0;
	memcpy(out, hdr, sizeof(hdr));
	n += sizeof(hdr);
	if (record) {
		uint8_t rr[] = {0,
				0,
				1,
				0,
				1,
				(uint8_t)(ttl >> 24),
				(uint8_t)(ttl >> 16),
				(uint8_t)(ttl >> 8),
				(uint8_t)ttl,
				0,
				4,
				127,
				0,
				0,
				tag};
		memcpy(out + n, rr, sizeof(rr));
		n += sizeof(rr);
	}
	if (soa_min) {
		/* . 3600 IN SOA . . 1 2 3 4 MIN */
		uint8_t rr[] = {0,
				0,
				6,
				0,
				1,
				0,
				0,
				0x0e,
				0x10,
				0,
				22,
				0,
				0,
				0,
				0,
				0,
				1,
				0,
				0,
				0,
				2,
				0,
				0,
				0,
				3,
				0,
				0,
				0,
				4,
				(uint8_t)(soa_min >> 24),
				(uint8_t)(soa_min >> 16),
				(uint8_t)(soa_min >> 8),
				(uint8_t)soa_min};
		memcpy(out + n, rr, sizeof(rr));
		n += sizeof(rr);
	}
	return n;
}

static bool get(cs_probe_cache *c, const uint8_t *q, uint8_t *tag)
{
	cs_buf b;
	cs_buf_init(&b);
	int64_t rtt = 0;
	bool hit = cs_probe_cache_get(c, "127.0.0.1", 53, CS_TRANSPORT_UDP, q, 20, &b, &rtt);
	if (hit)
		*tag = b.data[0];
	cs_buf_free(&b);
	return hit;
}

static void put(cs_probe_cache *c, const uint8_t *q, const uint8_t *r, size_t n)
{
	cs_probe_cache_put(c, "127.0.0.1", 53, CS_TRANSPORT_UDP, q, 20, r, n, 1000);
}

static void test_entry_lives_for_its_ttl(void **state)
{
	(void)state;
	int64_t now = 1000;
	cs_probe_cache *c = NULL;
	assert_int_equal(cs_probe_cache_new(1, 1 << 20, &c), CS_OK);
	cs_probe_cache_expire(c, fake_now, &now, 86400);
	uint8_t q[20] = {0x12, 0x34, 0, 0, 0, 1}, r[128], tag = 0;
	size_t n = response(r, 300, true, 0, 1);
	put(c, q, r, n);
	now = 1299;
	assert_true(get(c, q, &tag));
	assert_int_equal(tag, 1);
	now = 1300; /* 300 s after it was stored */
	assert_false(get(c, q, &tag));
	/* The next answer replaces it. */
	n = response(r, 300, true, 0, 2);
	put(c, q, r, n);
	assert_true(get(c, q, &tag));
	assert_int_equal(tag, 2);
	cs_probe_cache_free(&c);
}

static void test_ttl_is_the_smallest_and_capped(void **state)
{
	(void)state;
	int64_t now = 0;
	cs_probe_cache *c = NULL;
	assert_int_equal(cs_probe_cache_new(1, 1 << 20, &c), CS_OK);
	cs_probe_cache_expire(c, fake_now, &now, 100);
	uint8_t q1[20] = {0, 0, 0, 0, 0, 1}, q2[20] = {0, 0, 0, 0, 0, 2},
		q3[20] = {0, 0, 0, 0, 0, 3}, r[128], tag;
	put(c, q1, r, response(r, 3600, true, 60, 1)); /* the SOA MINIMUM: 60 */
	put(c, q2, r, response(r, 86400, true, 0, 2)); /* capped at 100 */
	put(c, q3, r, response(r, 0, false, 0, 3));    /* no records: not kept */
	now = 59;
	assert_true(get(c, q1, &tag));
	now = 60;
	assert_false(get(c, q1, &tag));
	now = 99;
	assert_true(get(c, q2, &tag));
	now = 100;
	assert_false(get(c, q2, &tag));
	now = 0;
	assert_false(get(c, q3, &tag));
	cs_probe_cache_free(&c);
}

static void test_full_cache_reclaims_expired(void **state)
{
	(void)state;
	int64_t now = 0;
	cs_probe_cache *c = NULL;
	/* Room for a handful of entries only. */
	assert_int_equal(cs_probe_cache_new(1, 400, &c), CS_OK);
	cs_probe_cache_expire(c, fake_now, &now, 86400);
	uint8_t q[20] = {0}, r[128], tag;
	size_t n = response(r, 10, true, 0, 1);
	unsigned stored = 0;
	for (uint8_t i = 0; i < 20; i++) {
		q[5] = i;
		put(c, q, r, n);
	}
	cs_probe_cache_stats st;
	cs_probe_cache_get_stats(c, &st);
	assert_true(st.full);
	stored = (unsigned)st.entries;
	assert_true(stored > 0 && stored < 20);
	assert_true(st.bytes <= 400);
	/* Not expired yet: a new key finds no room. */
	q[5] = 100;
	put(c, q, r, n);
	assert_false(get(c, q, &tag));
	/* Expired: the new key takes the place of the old ones. */
	now = 10;
	put(c, q, r, n);
	assert_true(get(c, q, &tag));
	cs_probe_cache_get_stats(c, &st);
	assert_int_equal(st.entries, 1);
	assert_true(st.bytes <= 400);
	cs_probe_cache_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_entry_lives_for_its_ttl),
	    cmocka_unit_test(test_ttl_is_the_smallest_and_capped),
	    cmocka_unit_test(test_full_cache_reclaims_expired),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
