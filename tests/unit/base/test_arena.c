/*
 * test_arena - core/arena: the region allocator behind every message, probe
 * and analysis. What arena.h promises: zeroed, max-aligned memory; n == 0
 * still yields a usable pointer; copies that do not alias their source;
 * one clear releases everything and leaves the arena reusable; a size that
 * cannot be represented yields NULL instead of a short block.
 */
#include "base/arena.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#define MANY 5000

#if defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif
#ifdef TEST_ASAN
#include <sanitizer/asan_interface.h>
#endif

static void assert_max_aligned(const void *p)
{
	assert_non_null(p);
	assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
}

static void assert_all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		assert_int_equal(p[i], 0);
}

/* A fresh arena owns nothing, and clearing it (or NULL) is harmless. */
static void test_init_and_clear_empty(void **state)
{
	(void)state;
	cs_arena a;
	cs_arena_init(&a);
	assert_null(a.head);
	assert_int_equal(a.total, 0);
	cs_arena_clear(&a);
	assert_null(a.head);
	cs_arena_clear(NULL);
}

/* Thousands of allocations of awkward sizes: each is max-aligned, zeroed and
 * disjoint from all others (every block keeps its own fill pattern until the
 * end). */
static void test_many_allocations_are_aligned_zeroed_and_disjoint(void **state)
{
	(void)state;
	cs_arena a;
	cs_arena_init(&a);
	static unsigned char *blocks[MANY];
	static size_t sizes[MANY];
	size_t requested = 0;
	for (size_t i = 0; i < MANY; i++) {
		sizes[i] = 1 + (i * 37) % 301; /* 1..301 octets, mostly odd sizes */
		blocks[i] = cs_arena_alloc(&a, sizes[i]);
		assert_max_aligned(blocks[i]);
		assert_all_zero(blocks[i], sizes[i]);
		memset(blocks[i], (int)(i & 0xFF), sizes[i]);
		requested += sizes[i];
	}
	for (size_t i = 0; i < MANY; i++)
		for (size_t k = 0; k < sizes[i]; k++)
			assert_int_equal(blocks[i][k], i & 0xFF);
	assert_true(a.total >= requested);
	cs_arena_clear(&a);
	assert_int_equal(a.total, 0);
}

/* A request of 0 octets is still a distinct, usable pointer. */
static void test_zero_size_gives_valid_pointer(void **state)
{
	(void)state;
	cs_arena a;
	cs_arena_init(&a);
	void *p = cs_arena_alloc(&a, 0);
	void *q = cs_arena_alloc(&a, 0);
	assert_max_aligned(p);
	assert_max_aligned(q);
	assert_ptr_not_equal(p, q);
	cs_arena_clear(&a);
}

/* Blocks larger than a chunk are served whole, zeroed and writable, and the
 * arena keeps serving small requests around them. */
static void test_large_allocations(void **state)
{
	(void)state;
	cs_arena a;
	cs_arena_init(&a);
	unsigned char *small1 = cs_arena_alloc(&a, 10);
	assert_max_aligned(small1);
	memset(small1, 0x11, 10);

	const size_t big_sizes[] = {16384, 16385, 100000, 1u << 20, 5u << 20};
	unsigned char *big[sizeof(big_sizes) / sizeof(big_sizes[0])];
	for (size_t i = 0; i < sizeof(big_sizes) / sizeof(big_sizes[0]); i++) {
		big[i] = cs_arena_alloc(&a, big_sizes[i]);
		assert_max_aligned(big[i]);
		assert_all_zero(big[i], big_sizes[i]);
		memset(big[i], (int)(0x20 + i), big_sizes[i]);
	}
	unsigned char *small2 = cs_arena_alloc(&a, 10);
	assert_max_aligned(small2);
	assert_all_zero(small2, 10);

	for (size_t k = 0; k < 10; k++)
		assert_int_equal(small1[k], 0x11);
	for (size_t i = 0; i < sizeof(big_sizes) / sizeof(big_sizes[0]); i++) {
		assert_int_equal(big[i][0], 0x20 + i);
		assert_int_equal(big[i][big_sizes[i] - 1], 0x20 + i);
	}
	assert_true(a.total >= 10 + 10 + 16384 + 16385 + 100000 + (1u << 20) + (5u << 20));
	cs_arena_clear(&a);
}

/* A size whose rounding up would wrap around yields NULL, never a short
 * block (these requests fail before any memory is asked for). */
static void test_unrepresentable_sizes_fail(void **state)
{
	(void)state;
	cs_arena a;
	cs_arena_init(&a);
	assert_null(cs_arena_alloc(&a, SIZE_MAX));
	assert_null(cs_arena_alloc(&a, SIZE_MAX - 1));
	assert_null(cs_arena_alloc(&a, SIZE_MAX - alignof(max_align_t)));
	assert_int_equal(a.total, 0);
	/* The arena is still usable afterwards. */
	assert_non_null(cs_arena_alloc(&a, 8));
	cs_arena_clear(&a);
}

/* memdup copies exactly n octets into fresh memory; n == 0 is a valid
 * pointer; strdup includes the NUL. */
static void test_memdup_and_strdup(void **state)
{
	(void)state;
	cs_arena a;
	cs_arena_init(&a);
	unsigned char src[300];
	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (unsigned char)(i * 7);
	unsigned char *copy = cs_arena_memdup(&a, src, sizeof(src));
	assert_max_aligned(copy);
	assert_ptr_not_equal(copy, src);
	assert_memory_equal(copy, src, sizeof(src));
	src[0] ^= 0xFF; /* the copy does not alias its source */
	assert_int_not_equal(copy[0], src[0]);

	assert_non_null(cs_arena_memdup(&a, src, 0));
	assert_non_null(cs_arena_memdup(&a, NULL, 0));

	char text[] = "chainscope";
	char *s = cs_arena_strdup(&a, text);
	assert_non_null(s);
	assert_ptr_not_equal(s, text);
	assert_string_equal(s, "chainscope");
	text[0] = 'X';
	assert_string_equal(s, "chainscope");

	char *empty = cs_arena_strdup(&a, "");
	assert_non_null(empty);
	assert_string_equal(empty, "");
	cs_arena_clear(&a);
}

/* After a clear the arena starts over: totals reset, new blocks are zeroed
 * even where old data lived, and it can be cleared and refilled again. */
static void test_clear_and_reuse(void **state)
{
	(void)state;
	cs_arena a;
	cs_arena_init(&a);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 1000; i++) {
			unsigned char *p = cs_arena_alloc(&a, 100);
			assert_max_aligned(p);
			assert_all_zero(p, 100);
			memset(p, 0xAB, 100);
		}
		assert_true(a.total >= 100000);
		assert_non_null(a.head);
		cs_arena_clear(&a);
		assert_null(a.head);
		assert_int_equal(a.total, 0);
	}
}

#ifdef TEST_ASAN
/* Under AddressSanitizer an object's own octets are addressable and the
 * octets just past it (up to the next object) are not, for small objects,
 * sizes that are not a multiple of the alignment, and large one-off
 * blocks; a chunk's unused space is poisoned too. So an off-by-one read in
 * an analysis is caught as it would be with malloc. */
static void test_overruns_are_poisoned_under_asan(void **state)
{
	(void)state;
	cs_arena a;
	cs_arena_init(&a);
	static const size_t sizes[] = {1, 7, 16, 17, 100, 20000};
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t n = sizes[i];
		unsigned char *p = cs_arena_alloc(&a, n);
		assert_non_null(p);
		assert_null(__asan_region_is_poisoned(p, n));
		assert_true(__asan_address_is_poisoned(p + n));
		unsigned char *q = cs_arena_alloc(&a, 1);
		assert_non_null(q);
		assert_true(q > p + n || q + 1 <= p); /* disjoint */
		assert_true(__asan_address_is_poisoned(q + 1));
	}
	cs_arena_clear(&a);
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init_and_clear_empty),
	    cmocka_unit_test(test_many_allocations_are_aligned_zeroed_and_disjoint),
	    cmocka_unit_test(test_zero_size_gives_valid_pointer),
	    cmocka_unit_test(test_large_allocations),
	    cmocka_unit_test(test_unrepresentable_sizes_fail),
	    cmocka_unit_test(test_memdup_and_strdup),
	    cmocka_unit_test(test_clear_and_reuse),
#ifdef TEST_ASAN
	    cmocka_unit_test(test_overruns_are_poisoned_under_asan),
#endif
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
