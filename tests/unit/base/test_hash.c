/*
 * test_hash - core/base/hash: the same octets hash the same wherever they
 * lie in memory and however they are split into parts; every octet and
 * the length count; similar names do not collide and spread over buckets.
 */
#include "base/hash.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Alignment does not matter; each octet of every length up to 40 does. */
static void test_octets(void **state)
{
	(void)state;
	uint8_t buf[64 + 8], other[64 + 8];
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 37 + 11);
	for (size_t n = 0; n <= 40; n++) {
		uint64_t h = cs_hash_bytes(buf, n);
		for (size_t off = 1; off < 8; off++) {
			memcpy(other + off, buf, n);
			assert_true(cs_hash_bytes(other + off, n) == h);
		}
		for (size_t i = 0; i < n; i++)
			for (int bit = 0; bit < 8; bit++) {
				buf[i] ^= (uint8_t)(1u << bit);
				assert_true(cs_hash_bytes(buf, n) != h);
				buf[i] ^= (uint8_t)(1u << bit);
			}
		/* one more zero octet is another string */
		uint8_t z[48] = {0};
		assert_true(cs_hash_bytes(z, n) != cs_hash_bytes(z, n + 1));
	}
}

/* A key in parts hashes as their concatenation, however it is split. */
static void test_parts(void **state)
{
	(void)state;
	uint8_t key[50];
	for (size_t i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(i * 7 + 3);
	uint64_t whole = cs_hash_bytes(key, sizeof(key));
	for (size_t a = 0; a <= sizeof(key); a++)
		for (size_t b = a; b <= sizeof(key); b += 3) {
			cs_hash s;
			cs_hash_init(&s);
			cs_hash_add(&s, key, a);
			cs_hash_add(&s, key + a, b - a);
			cs_hash_add(&s, key + b, sizeof(key) - b);
			assert_true(cs_hash_end(&s) == whole);
		}
	assert_true(cs_hash_bytes("abcd", 4) != cs_hash_bytes("cdab", 4));
	/* nothing: no octets, NULL or not (an empty key part) */
	cs_hash s;
	cs_hash_init(&s);
	cs_hash_add(&s, key, 10);
	uint64_t ten = cs_hash_end(&s);
	cs_hash_add(&s, NULL, 0);
	assert_true(cs_hash_end(&s) == ten);
	assert_true(cs_hash_bytes(NULL, 0) == cs_hash_bytes("x", 0));
}

/* 200,000 names that differ in a few octets: no two hash alike, and the
 * low bits (a table's bucket) spread over 1024 buckets within a few times
 * the mean. */
static void test_spread(void **state)
{
	(void)state;
	enum { N = 200000, B = 1024 };
	uint64_t *h = malloc(N * sizeof(*h));
	unsigned *bucket = calloc(B, sizeof(*bucket));
	assert_non_null(h);
	assert_non_null(bucket);
	char name[64];
	for (unsigned i = 0; i < N; i++) {
		int n = snprintf(name, sizeof(name), "www.d%06u.bulk.", i);
		h[i] = cs_hash_bytes(name, (size_t)n);
		bucket[h[i] % B]++;
	}
	qsort(h, N, sizeof(*h), cmp_u64);
	for (unsigned i = 1; i < N; i++)
		assert_true(h[i] != h[i - 1]);
	for (unsigned b = 0; b < B; b++)
		assert_true(bucket[b] < 3 * (N / B));
	free(bucket);
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_octets),
	    cmocka_unit_test(test_parts),
	    cmocka_unit_test(test_spread),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
