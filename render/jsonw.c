#include "jsonw.h"

#include "escape.h"

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
		cs_escape_json(w->out, key);
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
	if (s == NULL || !cs_escape_json_valid(s))
		return;
	if (member(w, key))
		cs_escape_json(w->out, s);
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
