#include "base/codec.h"

#include <string.h>

static const char HEX[] = "0123456789ABCDEF";
static const char B32[] = "0123456789abcdefghijklmnopqrstuv";
static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void cs_hex_encode(cs_buf *out, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char two[2] = {HEX[p[i] >> 4], HEX[p[i] & 15]};
		cs_buf_put(out, two, 2);
	}
}

void cs_b32hex_encode(cs_buf *out, const uint8_t *p, size_t n)
{
	uint32_t acc = 0;
	unsigned bits = 0;
	for (size_t i = 0; i < n; i++) {
		acc = (acc << 8) | p[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			cs_buf_u8(out, (uint8_t)B32[(acc >> bits) & 31]);
		}
	}
	if (bits > 0)
		cs_buf_u8(out, (uint8_t)B32[(acc << (5 - bits)) & 31]);
}

void cs_b64_encode(cs_buf *out, const uint8_t *p, size_t n)
{
	size_t i = 0;
	for (; i + 3 <= n; i += 3) {
		uint32_t v = ((uint32_t)p[i] << 16) | ((uint32_t)p[i + 1] << 8) | p[i + 2];
		char q[4] = {B64[v >> 18], B64[(v >> 12) & 63], B64[(v >> 6) & 63], B64[v & 63]};
		cs_buf_put(out, q, 4);
	}
	if (n - i == 1) {
		uint32_t v = (uint32_t)p[i] << 16;
		char q[4] = {B64[v >> 18], B64[(v >> 12) & 63], '=', '='};
		cs_buf_put(out, q, 4);
	} else if (n - i == 2) {
		uint32_t v = ((uint32_t)p[i] << 16) | ((uint32_t)p[i + 1] << 8);
		char q[4] = {B64[v >> 18], B64[(v >> 12) & 63], B64[(v >> 6) & 63], '='};
		cs_buf_put(out, q, 4);
	}
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

cs_err cs_hex_decode(cs_buf *out, const char *text, size_t len)
{
	int hi = -1;
	for (size_t i = 0; i < len; i++) {
		if (is_space(text[i]))
			continue;
		int v = hexval(text[i]);
		if (v < 0)
			return CS_ESYNTAX;
		if (hi < 0) {
			hi = v;
		} else {
			cs_buf_u8(out, (uint8_t)(hi << 4 | v));
			hi = -1;
		}
	}
	return hi < 0 ? out->err : CS_ESYNTAX;
}

static int b64val(char c)
{
	const char *p = c ? strchr(B64, c) : NULL;
	return p ? (int)(p - B64) : -1;
}

cs_err cs_b64_decode(cs_buf *out, const char *text, size_t len)
{
	uint32_t acc = 0;
	unsigned n = 0, pad = 0;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (is_space(c))
			continue;
		if (c == '=') {
			pad++;
			acc <<= 6;
			n++;
		} else {
			int v = b64val(c);
			if (v < 0 || pad > 0)
				return CS_ESYNTAX;
			acc = (acc << 6) | (uint32_t)v;
			n++;
		}
		if (n == 4) {
			if (pad > 2)
				return CS_ESYNTAX;
			uint8_t q[3] = {(uint8_t)(acc >> 16), (uint8_t)(acc >> 8), (uint8_t)acc};
			cs_buf_put(out, q, 3 - pad);
			if (pad > 0) {
				/* Nothing but whitespace may follow padding. */
				for (size_t j = i + 1; j < len; j++)
					if (!is_space(text[j]))
						return CS_ESYNTAX;
				return out->err;
			}
			acc = 0;
			n = 0;
		}
	}
	return n == 0 ? out->err : CS_ESYNTAX;
}

static int b32val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'v')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'V')
		return c - 'A' + 10;
	return -1;
}

cs_err cs_b32hex_decode(cs_buf *out, const char *text, size_t len)
{
	uint32_t acc = 0;
	unsigned bits = 0;
	for (size_t i = 0; i < len; i++) {
		int v = b32val(text[i]);
		if (v < 0)
			return CS_ESYNTAX;
		acc = (acc << 5) | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			cs_buf_u8(out, (uint8_t)(acc >> bits));
		}
	}
	/* Leftover bits must be padding zeros and fewer than a whole digit. */
	if (bits >= 5 || (acc & ((1u << bits) - 1)) != 0)
		return CS_ESYNTAX;
	return out->err;
}
