/*
 * testutil.h - small builders shared by the cmocka unit tests: a byte
 * buffer with big-endian appenders, and a hex decoder local to the tests
 * (so expectations do not lean on core/codec). Include after <cmocka.h>.
 * Everything is static inline: each test program uses what it needs.
 */
#ifndef CS_TESTUTIL_H
#define CS_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct {
	uint8_t b[2048];
	size_t n;
} bytes;

static inline void put(bytes *o, const void *p, size_t n)
{
	assert_true(o->n + n <= sizeof(o->b));
	memcpy(o->b + o->n, p, n);
	o->n += n;
}

static inline void put8(bytes *o, unsigned v)
{
	uint8_t b = (uint8_t)v;
	put(o, &b, 1);
}

static inline void put16(bytes *o, unsigned v)
{
	put8(o, v >> 8);
	put8(o, v & 0xFF);
}

static inline void put32(bytes *o, uint32_t v)
{
	put16(o, v >> 16);
	put16(o, v & 0xFFFF);
}

static inline unsigned hexval(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (unsigned)(c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (unsigned)(c - 'A' + 10);
	fail_msg("bad hex digit %c", c);
	return 0;
}

/* Decode hex text (spaces and newlines skipped) into out; returns the
 * octet count. Fails the test on a bad digit, an odd count or overflow. */
static inline size_t unhex(const char *text, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int half = -1;
	for (const char *p = text; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\n')
			continue;
		unsigned v = hexval(*p);
		if (half < 0) {
			half = (int)v;
		} else {
			assert_true(n < cap);
			out[n++] = (uint8_t)((unsigned)half << 4 | v);
			half = -1;
		}
	}
	assert_int_equal(half, -1);
	return n;
}

#endif
