/*
 * test_buf - core/base/buf: the growable byte buffer with a sticky error.
 * What buf.h promises: init allocates nothing; appends grow the buffer and
 * keep every earlier octet; integers are appended big-endian; cstr adds a
 * NUL that len does not count and returns "" in error; the first error
 * sticks and turns every later append into a no-op; reset drops contents
 * and error but keeps the storage; free accepts NULL.
 */
#include "base/buf.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include <wchar.h>

/* A fresh buffer owns nothing; cstr of it is the empty string. */
static void test_init_is_empty(void **state)
{
	(void)state;
	cs_buf b;
	memset(&b, 0x5A, sizeof(b));
	cs_buf_init(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_int_equal(b.err, CS_OK);
	assert_string_equal(cs_buf_cstr(&b), "");
	assert_int_equal(b.len, 0);
	cs_buf_free(&b);
	cs_buf_free(NULL);
}

/* Octet-by-octet growth far past the first block keeps every octet, and
 * there is always room for the NUL of cstr. */
static void test_growth_keeps_contents(void **state)
{
	(void)state;
	cs_buf b;
	cs_buf_init(&b);
	for (unsigned i = 0; i < 10000; i++) {
		cs_buf_u8(&b, (uint8_t)(i * 31));
		assert_true(b.cap > b.len);
	}
	assert_int_equal(b.len, 10000);
	assert_int_equal(b.err, CS_OK);
	for (unsigned i = 0; i < 10000; i++)
		assert_int_equal(b.data[i], (uint8_t)(i * 31));

	/* One large append in one go. */
	static uint8_t big[100000];
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i % 251);
	cs_buf_put(&b, big, sizeof(big));
	assert_int_equal(b.len, 110000);
	assert_memory_equal(b.data + 10000, big, sizeof(big));
	assert_int_equal(b.data[9999], (uint8_t)(9999 * 31));
	/* A zero-length append changes nothing (src may be NULL). */
	cs_buf_put(&b, NULL, 0);
	assert_int_equal(b.len, 110000);
	cs_buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
}

/* Integers go out in network order (RFC 1035 §2.3.2: most significant
 * octet first). */
static void test_integers_big_endian(void **state)
{
	(void)state;
	cs_buf b;
	cs_buf_init(&b);
	cs_buf_u8(&b, 0xFE);
	cs_buf_u16(&b, 0x1234);
	cs_buf_u32(&b, 0x89ABCDEFu);
	cs_buf_u16(&b, 0);
	cs_buf_u32(&b, 1);
	static const uint8_t want[] = {0xFE, 0x12, 0x34, 0x89, 0xAB, 0xCD, 0xEF,
				       0x00, 0x00, 0x00, 0x00, 0x00, 0x01};
	assert_int_equal(b.len, sizeof(want));
	assert_memory_equal(b.data, want, sizeof(want));
	cs_buf_free(&b);
}

/* str appends without the NUL; cstr terminates without counting it, and
 * appends continue after it. */
static void test_str_and_cstr(void **state)
{
	(void)state;
	cs_buf b;
	cs_buf_init(&b);
	cs_buf_str(&b, "example");
	cs_buf_str(&b, "");
	assert_int_equal(b.len, 7);
	assert_string_equal(cs_buf_cstr(&b), "example");
	assert_int_equal(b.len, 7);
	cs_buf_str(&b, ".com.");
	assert_int_equal(b.len, 12);
	assert_string_equal(cs_buf_cstr(&b), "example.com.");
	cs_buf_free(&b);
}

/* printf appends formatted text, longer than any first block too. */
static void test_printf(void **state)
{
	(void)state;
	cs_buf b;
	cs_buf_init(&b);
	cs_buf_str(&b, "[");
	cs_buf_printf(&b, "%s %u %05d %x", "tag", 20326u, 42, 0xBEEFu);
	cs_buf_printf(&b, "%s", "");
	cs_buf_str(&b, "]");
	assert_string_equal(cs_buf_cstr(&b), "[tag 20326 00042 beef]");
	assert_int_equal(b.len, 22);

	cs_buf_reset(&b);
	char long_text[1001];
	memset(long_text, 'z', 1000);
	long_text[1000] = 0;
	cs_buf_printf(&b, "<%s>", long_text);
	assert_int_equal(b.len, 1002);
	assert_int_equal(b.data[0], '<');
	assert_int_equal(b.data[1], 'z');
	assert_int_equal(b.data[1000], 'z');
	assert_int_equal(b.data[1001], '>');
	assert_int_equal(b.err, CS_OK);
	cs_buf_free(&b);
}

/* A size that cannot be represented sets CS_ENOMEM without allocating or
 * writing; that first error then sticks: every append is a no-op, a later
 * error does not replace it, and cstr gives "". */
static void test_sticky_error_from_impossible_size(void **state)
{
	(void)state;
	cs_buf b;
	cs_buf_init(&b);
	cs_buf_str(&b, "kept");
	cs_buf_put(&b, "x", SIZE_MAX);
	assert_int_equal(b.err, CS_ENOMEM);
	assert_int_equal(b.len, 4);

	cs_buf_put(&b, "abc", 3);
	cs_buf_u8(&b, 1);
	cs_buf_u16(&b, 2);
	cs_buf_u32(&b, 3);
	cs_buf_str(&b, "more");
	cs_buf_printf(&b, "%d", 12345);
	cs_buf_printf(&b, "%ls", L"\u0100"); /* would be CS_EINVAL on its own */
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.data, "kept", 4);
	assert_int_equal(b.err, CS_ENOMEM);
	assert_string_equal(cs_buf_cstr(&b), "");

	/* reset clears the error and keeps the storage. */
	uint8_t *storage = b.data;
	size_t cap = b.cap;
	cs_buf_reset(&b);
	assert_int_equal(b.err, CS_OK);
	assert_int_equal(b.len, 0);
	assert_ptr_equal(b.data, storage);
	assert_int_equal(b.cap, cap);
	cs_buf_str(&b, "again");
	assert_string_equal(cs_buf_cstr(&b), "again");
	cs_buf_free(&b);
}

/* Text formatted into the room left, at each edge of it: one short of the
 * room (fits with its NUL), exactly the room (no room for the NUL: grows),
 * past it. The contents are the same as built one piece at a time. */
static void test_printf_room(void **state)
{
	(void)state;
	static char want[1 << 14], piece[1 << 12];
	size_t wn = 0, edges = 0;
	cs_buf b;
	cs_buf_init(&b);
	for (size_t k = 0; wn < sizeof(want) / 2; k++) {
		size_t room = b.cap > b.len ? b.cap - b.len : 0;
		size_t n = k % 3 == 0 ? room - (room > 1) : k % 3 == 1 ? room : room + 1;
		if (n == 0 || n >= sizeof(piece))
			n = 1;
		else
			edges++;
		memset(piece, 'a' + (int)(k % 26), n);
		piece[n] = 0;
		cs_buf_printf(&b, "%s", piece);
		memcpy(want + wn, piece, n);
		wn += n;
	}
	assert_true(edges > 10);
	assert_int_equal(b.err, CS_OK);
	assert_int_equal(b.len, wn);
	assert_memory_equal(b.data, want, wn);
	assert_int_equal(b.data[b.len], 0);
	cs_buf_free(&b);
}

/* A format that cannot be converted (a wide character outside the C
 * locale's character set: vsnprintf fails with EILSEQ) sets CS_EINVAL,
 * appends nothing, and that error sticks against a later ENOMEM. */
static void test_printf_failure_is_sticky(void **state)
{
	(void)state;
	cs_buf b;
	cs_buf_init(&b);
	cs_buf_str(&b, "ab");
	cs_buf_printf(&b, "%ls", L"\u0100");
	assert_int_equal(b.err, CS_EINVAL);
	assert_int_equal(b.len, 2);
	cs_buf_put(&b, "x", SIZE_MAX);
	assert_int_equal(b.err, CS_EINVAL);
	cs_buf_printf(&b, "%s", "cd");
	assert_int_equal(b.len, 2);
	assert_string_equal(cs_buf_cstr(&b), "");
	cs_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init_is_empty),
	    cmocka_unit_test(test_growth_keeps_contents),
	    cmocka_unit_test(test_integers_big_endian),
	    cmocka_unit_test(test_str_and_cstr),
	    cmocka_unit_test(test_printf),
	    cmocka_unit_test(test_sticky_error_from_impossible_size),
	    cmocka_unit_test(test_printf_room),
	    cmocka_unit_test(test_printf_failure_is_sticky),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
