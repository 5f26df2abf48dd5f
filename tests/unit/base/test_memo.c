/*
 * test_memo - core/base/memo: the bounded, thread-safe byte-string table
 * behind the batch caches. What memo.h promises: a key is the concatenation
 * of its parts; a get appends the stored value and counts a hit, else counts
 * a miss (also when out cannot grow); a put never replaces a present key and
 * never evicts: an entry that would take the memo past max_bytes is refused
 * and the memo is marked full, while smaller entries that still fit are
 * stored; free accepts NULL and clears the pointer.
 */
#include "base/memo.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define BIG ((size_t)1 << 30)

static cs_memo *new_memo(size_t max)
{
	cs_memo *m = NULL;
	assert_int_equal(cs_memo_new(max, &m), CS_OK);
	assert_non_null(m);
	return m;
}

static void put_str(cs_memo *m, const char *key, const char *value)
{
	cs_memo_part k = {key, strlen(key)};
	cs_memo_put(m, &k, 1, value, strlen(value));
}

/* The value stored under key as a string, or NULL on a miss (static). */
static const char *get_str(cs_memo *m, const char *key)
{
	static char text[256];
	cs_memo_part k = {key, strlen(key)};
	cs_buf b;
	cs_buf_init(&b);
	bool hit = cs_memo_get(m, &k, 1, &b);
	snprintf(text, sizeof(text), "%s", cs_buf_cstr(&b));
	cs_buf_free(&b);
	return hit ? text : NULL;
}

static cs_memo_stats stats(cs_memo *m)
{
	cs_memo_stats s;
	memset(&s, 0xFF, sizeof(s));
	cs_memo_get_stats(m, &s);
	return s;
}

/* Free accepts NULL and a pointer to NULL, and clears the pointer. */
static void test_new_and_free(void **state)
{
	(void)state;
	cs_memo_free(NULL);
	cs_memo *m = NULL;
	cs_memo_free(&m);
	assert_null(m);

	m = new_memo(1000);
	cs_memo_stats s = stats(m);
	assert_int_equal(s.hits, 0);
	assert_int_equal(s.misses, 0);
	assert_int_equal(s.entries, 0);
	assert_int_equal(s.bytes, 0);
	assert_false(s.full);
	cs_memo_free(&m);
	assert_null(m);
}

/* A miss leaves out untouched and counts; a hit appends (does not replace
 * what out held) and counts. */
static void test_miss_then_hit(void **state)
{
	(void)state;
	cs_memo *m = new_memo(BIG);
	assert_null(get_str(m, "example.com/DNSKEY"));
	cs_memo_stats s = stats(m);
	assert_int_equal(s.misses, 1);
	assert_int_equal(s.hits, 0);

	put_str(m, "example.com/DNSKEY", "value-1");
	cs_buf b;
	cs_buf_init(&b);
	cs_buf_str(&b, "prefix:");
	cs_memo_part k = {"example.com/DNSKEY", 18};
	assert_true(cs_memo_get(m, &k, 1, &b));
	assert_string_equal(cs_buf_cstr(&b), "prefix:value-1");
	assert_int_equal(b.len, 14);

	/* A miss does not touch out either. */
	cs_memo_part other = {"example.com/DS", 14};
	assert_false(cs_memo_get(m, &other, 1, &b));
	assert_string_equal(cs_buf_cstr(&b), "prefix:value-1");
	cs_buf_free(&b);

	s = stats(m);
	assert_int_equal(s.hits, 1);
	assert_int_equal(s.misses, 2);
	assert_int_equal(s.entries, 1);
	cs_memo_free(&m);
}

/* The key is the concatenation of its parts: a different split is the same
 * key, a prefix or an extension is not, and octets after a NUL count. */
static void test_key_parts_concatenate(void **state)
{
	(void)state;
	cs_memo *m = new_memo(BIG);
	cs_memo_part put_key[] = {{"ab", 2}, {"c\0d", 3}, {"", 0}};
	cs_memo_put(m, put_key, 3, "V", 1);

	cs_buf b;
	cs_buf_init(&b);
	cs_memo_part one[] = {{"abc\0d", 5}};
	assert_true(cs_memo_get(m, one, 1, &b));
	cs_memo_part split[] = {{NULL, 0}, {"a", 1}, {"bc", 2}, {"\0", 1}, {"d", 1}};
	assert_true(cs_memo_get(m, split, 5, &b));
	assert_int_equal(b.len, 2);
	assert_memory_equal(b.data, "VV", 2);

	cs_memo_part prefix[] = {{"abc\0", 4}};
	assert_false(cs_memo_get(m, prefix, 1, &b));
	cs_memo_part longer[] = {{"abc\0de", 6}};
	assert_false(cs_memo_get(m, longer, 1, &b));
	cs_memo_part after_nul[] = {{"abc\0e", 5}};
	assert_false(cs_memo_get(m, after_nul, 1, &b));
	assert_int_equal(b.len, 2);
	cs_buf_free(&b);
	cs_memo_free(&m);
}

/* The empty key and the empty value are ordinary: a hit that appends
 * nothing is still a hit. */
static void test_empty_key_and_value(void **state)
{
	(void)state;
	cs_memo *m = new_memo(BIG);
	cs_memo_put(m, NULL, 0, "empty-key", 9);
	cs_memo_part k = {"k", 1};
	cs_memo_put(m, &k, 1, NULL, 0);

	cs_buf b;
	cs_buf_init(&b);
	assert_true(cs_memo_get(m, NULL, 0, &b));
	assert_string_equal(cs_buf_cstr(&b), "empty-key");
	cs_buf_reset(&b);
	assert_true(cs_memo_get(m, &k, 1, &b));
	assert_int_equal(b.len, 0);
	cs_buf_free(&b);

	cs_memo_stats s = stats(m);
	assert_int_equal(s.hits, 2);
	assert_int_equal(s.misses, 0);
	assert_int_equal(s.entries, 2);
	cs_memo_free(&m);
}

/* A key that is present keeps its first value: no replacement. */
static void test_present_key_is_not_replaced(void **state)
{
	(void)state;
	cs_memo *m = new_memo(BIG);
	put_str(m, "key", "first");
	size_t bytes = stats(m).bytes;
	put_str(m, "key", "second, and longer");
	assert_string_equal(get_str(m, "key"), "first");
	cs_memo_stats s = stats(m);
	assert_int_equal(s.entries, 1);
	assert_int_equal(s.bytes, bytes);
	assert_false(s.full);
	cs_memo_free(&m);
}

/* bytes counts key, value and a fixed header per entry. */
static void test_bytes_accounting(void **state)
{
	(void)state;
	cs_memo *m = new_memo(BIG);
	put_str(m, "a", "12345");
	size_t one = stats(m).bytes;
	assert_true(one > 1 + 5); /* the entry header is counted too */
	size_t header = one - 6;
	put_str(m, "bb", "1234567890");
	assert_int_equal(stats(m).bytes, one + header + 12);
	put_str(m, "bb", "x"); /* present: nothing added */
	assert_int_equal(stats(m).bytes, one + header + 12);
	cs_memo_free(&m);
}

/* The bound: an entry that lands exactly on max_bytes is stored; one octet
 * more is refused, marks the memo full, and leaves every stored entry in
 * place (no eviction). A smaller entry that still fits is stored after
 * that. */
static void test_byte_bound_without_eviction(void **state)
{
	(void)state;
	/* Measure one entry of key "k1" and a 10-octet value. */
	cs_memo *probe = new_memo(BIG);
	put_str(probe, "k1", "0123456789");
	size_t entry = stats(probe).bytes;
	size_t header = entry - 12;
	cs_memo_free(&probe);

	cs_memo *m = new_memo(2 * entry + header + 2);
	put_str(m, "k1", "0123456789");
	put_str(m, "k2", "0123456789");
	assert_false(stats(m).full);
	/* Room for header + 2 octets is left: 3 do not fit. */
	put_str(m, "k3", "x");
	cs_memo_stats s = stats(m);
	assert_true(s.full);
	assert_int_equal(s.entries, 2);
	assert_int_equal(s.bytes, 2 * entry);
	assert_null(get_str(m, "k3"));
	assert_string_equal(get_str(m, "k1"), "0123456789");
	assert_string_equal(get_str(m, "k2"), "0123456789");
	/* Exactly the room left: stored, and the memo is exactly at its bound. */
	put_str(m, "k", "y");
	s = stats(m);
	assert_int_equal(s.entries, 3);
	assert_int_equal(s.bytes, 2 * entry + header + 2);
	assert_string_equal(get_str(m, "k"), "y");
	assert_true(s.full); /* full stays set */
	cs_memo_free(&m);
}

/* An entry larger than the whole memo is never stored; the memo stays
 * usable for entries that fit. A zero-byte memo stores nothing. */
static void test_oversize_entry(void **state)
{
	(void)state;
	static char huge[4096];
	memset(huge, 'h', sizeof(huge) - 1);
	cs_memo *m = new_memo(1024);
	put_str(m, "huge", huge);
	cs_memo_stats s = stats(m);
	assert_true(s.full);
	assert_int_equal(s.entries, 0);
	assert_int_equal(s.bytes, 0);
	assert_null(get_str(m, "huge"));
	put_str(m, "small", "fits");
	assert_string_equal(get_str(m, "small"), "fits");
	assert_int_equal(stats(m).entries, 1);
	cs_memo_free(&m);

	m = new_memo(0);
	cs_memo_put(m, NULL, 0, NULL, 0);
	s = stats(m);
	assert_true(s.full);
	assert_int_equal(s.entries, 0);
	assert_false(cs_memo_get(m, NULL, 0, &(cs_buf){0}));
	cs_memo_free(&m);
}

/* "False also when out cannot grow": a present key and a buffer in error
 * give false, count no hit, and leave the buffer's first error. */
static void test_get_into_failed_buffer(void **state)
{
	(void)state;
	cs_memo *m = new_memo(BIG);
	put_str(m, "key", "value");
	cs_buf b;
	cs_buf_init(&b);
	b.err = CS_ENOMEM;
	cs_memo_part k = {"key", 3};
	assert_false(cs_memo_get(m, &k, 1, &b));
	assert_int_equal(b.len, 0);
	assert_int_equal(b.err, CS_ENOMEM);
	cs_memo_stats s = stats(m);
	assert_int_equal(s.hits, 0);
	assert_int_equal(s.misses, 1);
	cs_buf_free(&b);
	cs_memo_free(&m);
}

/* Many more entries than buckets: every one comes back with its own value. */
static void test_many_entries(void **state)
{
	(void)state;
	enum { N = 5000 };
	cs_memo *m = new_memo(BIG);
	char key[32], value[32];
	for (int i = 0; i < N; i++) {
		snprintf(key, sizeof(key), "name%d.example.", i);
		snprintf(value, sizeof(value), "v%d", i * 7);
		put_str(m, key, value);
	}
	for (int i = N - 1; i >= 0; i--) {
		snprintf(key, sizeof(key), "name%d.example.", i);
		snprintf(value, sizeof(value), "v%d", i * 7);
		assert_string_equal(get_str(m, key), value);
	}
	cs_memo_stats s = stats(m);
	assert_int_equal(s.entries, N);
	assert_int_equal(s.hits, N);
	assert_int_equal(s.misses, 0);
	assert_false(s.full);
	cs_memo_free(&m);
}

/* Two threads: each puts its own keys and a shared set (same key, same
 * value from both), then reads everything back. The outcome does not
 * depend on the interleaving. */
enum { PER_THREAD = 2000, SHARED = 500 };

typedef struct {
	cs_memo *m;
	int id;
	int bad; /* gets that missed or returned the wrong value */
} worker;

static void *work(void *arg)
{
	worker *w = arg;
	char key[32], value[32];
	for (int i = 0; i < PER_THREAD; i++) {
		snprintf(key, sizeof(key), "t%d/%d", w->id, i);
		snprintf(value, sizeof(value), "%d:%d", w->id, i);
		put_str(w->m, key, value);
		if (i < SHARED) {
			snprintf(key, sizeof(key), "shared/%d", i);
			snprintf(value, sizeof(value), "s%d", i);
			put_str(w->m, key, value);
		}
	}
	for (int i = 0; i < PER_THREAD; i++) {
		cs_buf b;
		cs_buf_init(&b);
		snprintf(key, sizeof(key), "t%d/%d", w->id, i);
		snprintf(value, sizeof(value), "%d:%d", w->id, i);
		cs_memo_part k = {key, strlen(key)};
		if (!cs_memo_get(w->m, &k, 1, &b) || strcmp(cs_buf_cstr(&b), value) != 0)
			w->bad++;
		cs_buf_free(&b);
	}
	return NULL;
}

static void test_two_threads(void **state)
{
	(void)state;
	cs_memo *m = new_memo(BIG);
	worker w[2] = {{m, 0, 0}, {m, 1, 0}};
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, work, &w[1]), 0);
	work(&w[0]);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(w[0].bad, 0);
	assert_int_equal(w[1].bad, 0);

	cs_memo_stats s = stats(m);
	assert_int_equal(s.entries, 2 * PER_THREAD + SHARED);
	assert_int_equal(s.hits, 2 * PER_THREAD);
	assert_int_equal(s.misses, 0);
	char key[32], value[32];
	for (int i = 0; i < SHARED; i++) {
		snprintf(key, sizeof(key), "shared/%d", i);
		snprintf(value, sizeof(value), "s%d", i);
		assert_string_equal(get_str(m, key), value);
	}
	assert_null(get_str(m, "t2/0"));
	cs_memo_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_new_and_free),
	    cmocka_unit_test(test_miss_then_hit),
	    cmocka_unit_test(test_key_parts_concatenate),
	    cmocka_unit_test(test_empty_key_and_value),
	    cmocka_unit_test(test_present_key_is_not_replaced),
	    cmocka_unit_test(test_bytes_accounting),
	    cmocka_unit_test(test_byte_bound_without_eviction),
	    cmocka_unit_test(test_oversize_entry),
	    cmocka_unit_test(test_get_into_failed_buffer),
	    cmocka_unit_test(test_many_entries),
	    cmocka_unit_test(test_two_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
