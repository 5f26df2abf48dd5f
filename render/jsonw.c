#include "jsonw.h"

#include <stdio.h>
#include <string.h>

void cs_jsonw_init(cs_jsonw *w, cs_buf *out, unsigned indent)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->indent = indent;
}

/* A line break and the indentation of depth levels (indented output only);
 * jansson's dump_indent. */
static void newline(cs_jsonw *w, unsigned depth)
{
	if (w->indent == 0)
		return;
	cs_buf_u8(w->out, '\n');
	for (unsigned i = 0; i < depth * w->indent; i++)
		cs_buf_u8(w->out, ' ');
}

/* The code point of the UTF-8 sequence at p (*len octets), or -1 when it
 * is not one jansson accepts (overlong, a surrogate, over U+10FFFF,
 * truncated). */
static long utf8_next(const unsigned char *p, size_t *len)
{
	unsigned c = p[0];
	size_t n;
	long cp;
	if (c < 0x80) {
		*len = 1;
		return c;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return -1;
	}
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*len = n;
	return cp;
}

static bool utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t n;
		if (utf8_next(p, &n) < 0)
			return false;
		p += n;
	}
	return true;
}

/* s (valid UTF-8) as a JSON string, ASCII only: jansson's dump_string with
 * JSON_ENSURE_ASCII. */
static void string(cs_jsonw *w, const char *s)
{
	cs_buf *b = w->out;
	const unsigned char *p = (const unsigned char *)s;
	cs_buf_u8(b, '"');
	while (*p) {
		const unsigned char *run = p;
		while (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
			p++;
		if (p > run)
			cs_buf_put(b, run, (size_t)(p - run));
		if (*p == 0)
			break;
		size_t n = 1;
		long cp = utf8_next(p, &n);
		p += n;
		char seq[16];
		switch (cp) {
		case '"':
			cs_buf_str(b, "\\\"");
			break;
		case '\\':
			cs_buf_str(b, "\\\\");
			break;
		case '\b':
			cs_buf_str(b, "\\b");
			break;
		case '\f':
			cs_buf_str(b, "\\f");
			break;
		case '\n':
			cs_buf_str(b, "\\n");
			break;
		case '\r':
			cs_buf_str(b, "\\r");
			break;
		case '\t':
			cs_buf_str(b, "\\t");
			break;
		default:
			if (cp < 0x10000) {
				snprintf(seq, sizeof(seq), "\\u%04X", (unsigned)cp);
			} else {
				unsigned v = (unsigned)cp - 0x10000;
				snprintf(seq, sizeof(seq), "\\u%04X\\u%04X", 0xD800 | (v >> 10),
					 0xDC00 | (v & 0x3FF));
			}
			cs_buf_str(b, seq);
			break;
		}
	}
	cs_buf_u8(b, '"');
}

/* Before a value: the separator from the previous member, the line break,
 * and the key inside an object. */
static bool member(cs_jsonw *w, const char *key)
{
	if (w->failed || w->out->err != CS_OK) {
		w->failed = true;
		return false;
	}
	if (w->depth > 0) {
		uint32_t bit = (uint32_t)1 << (w->depth - 1);
		if (w->started & bit)
			cs_buf_u8(w->out, ','); /* no space: compact or a line break */
		w->started |= bit;
		newline(w, w->depth);
	}
	if (key != NULL) {
		string(w, key);
		cs_buf_str(w->out, w->indent ? ": " : ":");
	}
	return true;
}

static void open(cs_jsonw *w, const char *key, char c)
{
	if (w->depth >= CS_JSONW_DEPTH)
		w->failed = true;
	if (!member(w, key))
		return;
	cs_buf_u8(w->out, (uint8_t)c);
	uint32_t bit = (uint32_t)1 << w->depth;
	w->started &= ~bit;
	if (c == '[')
		w->arrays |= bit;
	else
		w->arrays &= ~bit;
	w->depth++;
}

void cs_jsonw_object(cs_jsonw *w, const char *key)
{
	open(w, key, '{');
}

void cs_jsonw_array(cs_jsonw *w, const char *key)
{
	open(w, key, '[');
}

void cs_jsonw_end(cs_jsonw *w)
{
	if (w->failed || w->depth == 0) {
		w->failed = true;
		return;
	}
	w->depth--;
	uint32_t bit = (uint32_t)1 << w->depth;
	if (w->started & bit)
		newline(w, w->depth);
	cs_buf_u8(w->out, (w->arrays & bit) ? ']' : '}');
}

void cs_jsonw_str(cs_jsonw *w, const char *key, const char *s)
{
	if (s == NULL || !utf8_valid(s))
		return;
	if (member(w, key))
		string(w, s);
}

void cs_jsonw_int(cs_jsonw *w, const char *key, long long v)
{
	if (!member(w, key))
		return;
	char b[24];
	int n = snprintf(b, sizeof(b), "%lld", v);
	cs_buf_put(w->out, b, (size_t)n);
}

void cs_jsonw_bool(cs_jsonw *w, const char *key, bool v)
{
	if (member(w, key))
		cs_buf_str(w->out, v ? "true" : "false");
}

void cs_jsonw_null(cs_jsonw *w, const char *key)
{
	if (member(w, key))
		cs_buf_str(w->out, "null");
}

bool cs_jsonw_ok(const cs_jsonw *w, bool closed)
{
	return !w->failed && w->out->err == CS_OK && (!closed || w->depth == 0);
}
