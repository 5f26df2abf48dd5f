/*
 * escape.h - making strings safe for where they go. Every string that comes
 * from DNS data or from a capture file passes through one of these before it
 * reaches a terminal (or a DOT/SVG/HTML file, in their renderers).
 */
#ifndef CS_ESCAPE_H
#define CS_ESCAPE_H

#include "buf.h"

/* Append s for a terminal: bytes below 0x20, 0x7F and above (so no control
 * sequence and no invalid UTF-8 can pass) become \DDD; backslash stays. */
void cs_escape_term(cs_buf *out, const char *s);

#endif
