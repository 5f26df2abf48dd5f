#include "dns/wire.h"

#include <string.h>

void cs_wire_init(cs_wire *w, const uint8_t *buf, size_t len)
{
	w->buf = buf;
	w->len = len;
	w->pos = 0;
	w->end = len;
	w->err = CS_OK;
}

size_t cs_wire_left(const cs_wire *w)
{
	if (w->err != CS_OK || w->pos > w->end)
		return 0;
	return w->end - w->pos;
}

void cs_wire_fail(cs_wire *w, cs_err err)
{
	if (w->err == CS_OK)
		w->err = err;
}

const uint8_t *cs_wire_take(cs_wire *w, size_t n)
{
	if (w->err != CS_OK)
		return NULL;
	if (n > cs_wire_left(w)) {
		w->err = CS_ETRUNC;
		return NULL;
	}
	const uint8_t *p = w->buf + w->pos;
	w->pos += n;
	return p;
}

uint8_t cs_wire_u8(cs_wire *w)
{
	const uint8_t *p = cs_wire_take(w, 1);
	return p ? p[0] : 0;
}

uint16_t cs_wire_u16(cs_wire *w)
{
	const uint8_t *p = cs_wire_take(w, 2);
	if (p == NULL)
		return 0;
	unsigned v = ((unsigned)p[0] << 8) | p[1];
	return (uint16_t)v;
}

uint32_t cs_wire_u32(cs_wire *w)
{
	const uint8_t *p = cs_wire_take(w, 4);
	return p ? ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3]
		 : 0;
}

void cs_wire_copy(cs_wire *w, void *out, size_t n)
{
	const uint8_t *p = cs_wire_take(w, n);
	if (p)
		memcpy(out, p, n);
	else if (n)
		memset(out, 0, n);
}

void cs_wire_skip(cs_wire *w, size_t n)
{
	(void)cs_wire_take(w, n);
}
