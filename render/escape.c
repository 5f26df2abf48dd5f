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
