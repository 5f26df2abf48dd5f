#include "escape.h"

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
		default:
			if (p[0] >= 0xC2 && p[0] <= 0xDF && p[1] >= 0x80 && p[1] <= 0xBF &&
			    ((unsigned)(p[0] & 0x1F) << 6 | (p[1] & 0x3Fu)) >= 0xA0) {
				/* A two-octet UTF-8 character past the C1 controls (our
				 * own texts' "§"): a character reference. */
				cs_buf_printf(out, "&#%u;",
					      (unsigned)(p[0] & 0x1F) << 6 | (p[1] & 0x3Fu));
				p++;
			} else if (*p < 0x20 || *p >= 0x7F) {
				cs_buf_printf(out, "\\%03u", (unsigned)*p);
			} else {
				cs_buf_u8(out, *p);
			}
		}
	}
}
