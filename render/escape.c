#include "escape.h"

#include <stdio.h>

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

void cs_escape_term(cs_buf *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p >= 0x7F)
			cs_buf_printf(out, "\\%03u", (unsigned)*p);
		else
			cs_buf_u8(out, *p);
	}
}

void cs_escape_dot(cs_buf *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p >= 0x7F)
			cs_buf_printf(out, "\\\\%03u", (unsigned)*p);
		else if (*p == '\\')
			cs_buf_str(out, "\\\\");
		else if (*p == '&')
			cs_buf_str(out, "&amp;");
		else
			cs_buf_u8(out, *p);
	}
}

void cs_escape_html(cs_buf *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '&':
			cs_buf_str(out, "&amp;");
			break;
		case '<':
			cs_buf_str(out, "&lt;");
			break;
		case '>':
			cs_buf_str(out, "&gt;");
			break;
		case '"':
			cs_buf_str(out, "&quot;");
			break;
		case '\'':
			cs_buf_str(out, "&#39;");
			break;
		default: {
			size_t n = 1;
			long cp = utf8_next(p, &n);
			if (n == 2 && cp >= 0xA0) {
				/* A two-octet UTF-8 character past the C1 controls (our
				 * own texts' "§"): a character reference. */
				cs_buf_printf(out, "&#%ld;", cp);
				p++;
			} else if (*p < 0x20 || *p >= 0x7F) {
				cs_buf_printf(out, "\\%03u", (unsigned)*p);
			} else {
				cs_buf_u8(out, *p);
			}
		}
		}
	}
}

bool cs_escape_json_valid(const char *s)
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

void cs_escape_json(cs_buf *b, const char *s)
{
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
