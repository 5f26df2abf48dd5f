/*
 * jsonw.h - a JSON writer that streams into a cs_buf, printing exactly what
 * jansson's json_dumps prints for the same document built with
 * json_object_set_new/json_array_append_new (JSON_PRESERVE_ORDER |
 * JSON_ENSURE_ASCII, compact or indented), without building the tree.
 * Like those calls, a string member that is NULL or not valid UTF-8 is left
 * out (json_string gives NULL and the set fails).
 *
 * Errors are sticky: after the first (out of memory, nesting over
 * CS_JSONW_DEPTH, an end without a begin), every call does nothing and
 * cs_jsonw_ok says false.
 */
#ifndef CS_RENDER_JSONW_H
#define CS_RENDER_JSONW_H

#include "base/buf.h"

#include <stdbool.h>
#include <stdint.h>

#define CS_JSONW_DEPTH 32

typedef struct {
	cs_buf *out;
	unsigned indent; /* spaces per level; 0: compact (JSON_COMPACT) */
	unsigned depth;	 /* open containers */
	bool failed;
	uint32_t started; /* bit d: the container at depth d has a member */
	uint32_t arrays;  /* bit d: the container at depth d is an array */
} cs_jsonw;

/* Start writing into out (appended to what it holds); indent as
 * JSON_INDENT(indent), 0 for JSON_COMPACT. */
void cs_jsonw_init(cs_jsonw *w, cs_buf *out, unsigned indent);

/* Open an object or an array as member key of the enclosing object (key
 * NULL: an array element or the top-level value), and close the innermost
 * one. */
void cs_jsonw_object(cs_jsonw *w, const char *key);
void cs_jsonw_array(cs_jsonw *w, const char *key);
void cs_jsonw_end(cs_jsonw *w);

/* A member or element: a string (left out when s is NULL or not valid
 * UTF-8), an integer, a boolean, null. */
void cs_jsonw_str(cs_jsonw *w, const char *key, const char *s);
void cs_jsonw_int(cs_jsonw *w, const char *key, long long v);
void cs_jsonw_bool(cs_jsonw *w, const char *key, bool v);
void cs_jsonw_null(cs_jsonw *w, const char *key);

/* Did everything so far succeed (and are all containers closed when
 * closed is true)? */
bool cs_jsonw_ok(const cs_jsonw *w, bool closed);

#endif
