#include "base/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cs_buf_init(cs_buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->err = CS_OK;
}

void cs_buf_free(cs_buf *b)
{
	if (b == NULL)
		return;
	free(b->data);
	cs_buf_init(b);
}

void cs_buf_reset(cs_buf *b)
{
	b->len = 0;
	b->err = CS_OK;
}

/* Make room for n more bytes plus a NUL; false (and err set) on failure. */
static int reserve(cs_buf *b, size_t n)
{
	if (b->err != CS_OK)
		return 0;
	if (n > SIZE_MAX / 2 - b->len) {
		b->err = CS_ENOMEM;
		return 0;
	}
	size_t need = b->len + n + 1;
	if (need <= b->cap)
		return 1;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	uint8_t *p = realloc(b->data, cap);
	if (p == NULL) {
		b->err = CS_ENOMEM;
		return 0;
	}
	b->data = p;
	b->cap = cap;
	return 1;
}

void cs_buf_put(cs_buf *b, const void *src, size_t n)
{
	if (n == 0 || !reserve(b, n))
		return;
	memcpy(b->data + b->len, src, n);
	b->len += n;
}

void cs_buf_u8(cs_buf *b, uint8_t v)
{
	cs_buf_put(b, &v, 1);
}

void cs_buf_u16(cs_buf *b, uint16_t v)
{
	uint8_t x[2] = {(uint8_t)(v >> 8), (uint8_t)v};
	cs_buf_put(b, x, 2);
}

void cs_buf_u32(cs_buf *b, uint32_t v)
{
	uint8_t x[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
	cs_buf_put(b, x, 4);
}

void cs_buf_str(cs_buf *b, const char *s)
{
	cs_buf_put(b, s, strlen(s));
}

void cs_buf_printf(cs_buf *b, const char *fmt, ...)
{
	if (b->err != CS_OK)
		return;
	/* Formatted once into the room there is; a second time only when it
	 * did not fit. */
	size_t room = b->cap > b->len ? b->cap - b->len : 0;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(room ? (char *)b->data + b->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->err = CS_EINVAL;
		return;
	}
	if ((size_t)n >= room) {
		if (!reserve(b, (size_t)n))
			return;
		va_start(ap, fmt);
		vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

const char *cs_buf_cstr(cs_buf *b)
{
	if (b->err != CS_OK || !reserve(b, 0))
		return "";
	b->data[b->len] = 0;
	return (const char *)b->data;
}
