/*
 * escape.h - making strings safe for where they go. Every string that comes
 * from DNS data or from a capture file passes through one of these before it
 * reaches a terminal (or a DOT/SVG/HTML file or the check JSON document, in
 * their renderers).
 */
#ifndef CS_ESCAPE_H
#define CS_ESCAPE_H

#include "base/buf.h"

#include <stdbool.h>

/* Append s for a terminal: bytes below 0x20, 0x7F and above (so no control
 * sequence and no invalid UTF-8 can pass) become \DDD; backslash stays. */
void cs_escape_term(cs_buf *out, const char *s);

/* Append s for a Graphviz label or tooltip value (set with agsafeset, so
 * cgraph adds the DOT quoting of '"' itself): bytes below 0x20, 0x7F and
 * above become the text \DDD, every backslash is doubled (so Graphviz shows
 * it and never reads \N, \G, \n... from data) and '&' becomes "&amp;" (so
 * no entity passes into SVG). The result is printable ASCII. */
void cs_escape_dot(cs_buf *out, const char *s);

/* Append s for HTML/XML text or a quoted attribute value: '&', '<', '>',
 * '"' and '\'' become entities; a well-formed two-octet UTF-8 character from
 * U+00A0 on (as "§") becomes a character reference; every other byte below
 * 0x20 or from 0x7F on becomes the text \DDD. The result is printable ASCII
 * and well-formed in XML. */
void cs_escape_html(cs_buf *out, const char *s);

/* Does s pass for a JSON string: valid UTF-8 as jansson checks it (no
 * overlong form, surrogate or code point over U+10FFFF)? */
bool cs_escape_json_valid(const char *s);

/* Append s (cs_escape_json_valid) as a quoted JSON string, ASCII only:
 * '"', '\\' and the controls \b \f \n \r \t by their short escapes, other
 * controls and every code point from U+0080 on as \uXXXX (a surrogate pair
 * above U+FFFF), as jansson's json_dumps with JSON_ENSURE_ASCII. */
void cs_escape_json(cs_buf *out, const char *s);

#endif
