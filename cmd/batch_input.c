#include "batch_input.h"

#include "dns/rdata.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

void batch_reader_init(batch_reader *r, FILE *f)
{
	memset(r, 0, sizeof(*r));
	r->f = f;
}

void batch_reader_free(batch_reader *r)
{
	free(r->buf);
	r->buf = NULL;
	r->cap = 0;
}

void batch_key(const cs_name *name, uint16_t type, char *out, size_t outlen)
{
	char nb[CS_NAME_TEXT_MAX], tb[16];
	snprintf(out, outlen, "%s %s", cs_name_str(name, nb), cs_rrtype_str(type, tb));
	for (char *p = out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
}

/* The next whitespace-separated field of s from *pos; NULL at the end of
 * the line or at a comment. */
static const char *field(const char *s, size_t *pos, size_t *len)
{
	size_t i = *pos;
	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')
		i++;
	if (s[i] == 0 || s[i] == '#')
		return NULL;
	size_t start = i;
	while (s[i] != 0 && s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
		i++;
	*pos = i;
	*len = i - start;
	return s + start;
}

static void parse_line(const char *s, batch_item *it)
{
	size_t pos = 0, nlen = 0, tlen = 0, xlen = 0;
	const char *name = field(s, &pos, &nlen);
	const char *type = field(s, &pos, &tlen);
	const char *extra = field(s, &pos, &xlen);
	it->type = CS_TYPE_A;
	if (extra != NULL) {
		snprintf(it->error, sizeof(it->error), "unexpected '%.*s' after the type",
			 (int)(xlen > 40 ? 40 : xlen), extra);
		it->bad = true;
		return;
	}
	cs_err err = cs_name_from_text(name, nlen, NULL, &it->name);
	if (err != CS_OK) {
		snprintf(it->error, sizeof(it->error), "not a domain name: %s", cs_strerror(err));
		it->bad = true;
		return;
	}
	if (type != NULL && cs_rrtype_from_text(type, tlen, &it->type) != CS_OK) {
		snprintf(it->error, sizeof(it->error), "'%.*s' is not an RR type",
			 (int)(tlen > 40 ? 40 : tlen), type);
		it->bad = true;
		return;
	}
	batch_key(&it->name, it->type, it->key, sizeof(it->key));
}

static bool blank_or_comment(const char *s)
{
	size_t pos = 0, len;
	return field(s, &pos, &len) == NULL;
}

batch_next batch_reader_next(batch_reader *r, batch_item *it)
{
	for (;;) {
		errno = 0;
		ssize_t n = getline(&r->buf, &r->cap, r->f);
		if (n < 0)
			return ferror(r->f) ? BATCH_READ_ERROR : BATCH_EOF;
		r->line++;
		if (n > 0 && r->buf[n - 1] == '\n')
			r->buf[--n] = 0;
		if (blank_or_comment(r->buf))
			continue;
		memset(it, 0, sizeof(*it));
		it->line = r->line;
		snprintf(it->text, sizeof(it->text), "%s", r->buf);
		if ((size_t)n != strlen(r->buf)) {
			snprintf(it->error, sizeof(it->error), "NUL byte in the line");
			it->bad = true;
		} else {
			parse_line(r->buf, it);
		}
		return BATCH_ITEM;
	}
}

unsigned long batch_count_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return 0;
	batch_reader r;
	batch_reader_init(&r, f);
	unsigned long n = 0;
	while (getline(&r.buf, &r.cap, f) >= 0)
		n += !blank_or_comment(r.buf);
	batch_reader_free(&r);
	fclose(f);
	return n;
}

/* ---- the --resume set: open addressing over FNV-1a ---- */

static size_t hash(const char *s)
{
	size_t h = (size_t)1469598103934665603u;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= (size_t)1099511628211u;
	}
	return h;
}

static bool set_add(batch_set *s, const char *key)
{
	if (batch_set_has(s, key))
		return true;
	if ((s->n + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		char **v = calloc(cap, sizeof(*v));
		if (v == NULL)
			return false;
		for (size_t i = 0; i < s->cap; i++) {
			if (s->slots[i] == NULL)
				continue;
			size_t k = hash(s->slots[i]) & (cap - 1);
			while (v[k] != NULL)
				k = (k + 1) & (cap - 1);
			v[k] = s->slots[i];
		}
		free(s->slots);
		s->slots = v;
		s->cap = cap;
	}
	char *copy = strdup(key);
	if (copy == NULL)
		return false;
	size_t k = hash(key) & (s->cap - 1);
	while (s->slots[k] != NULL)
		k = (k + 1) & (s->cap - 1);
	s->slots[k] = copy;
	s->n++;
	return true;
}

bool batch_set_has(const batch_set *s, const char *key)
{
	if (s->cap == 0)
		return false;
	for (size_t k = hash(key) & (s->cap - 1); s->slots[k] != NULL; k = (k + 1) & (s->cap - 1))
		if (strcmp(s->slots[k], key) == 0)
			return true;
	return false;
}

void batch_set_free(batch_set *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->slots[i]);
	free(s->slots);
	memset(s, 0, sizeof(*s));
}

/* The key of one output line, or false when it is not a check result. */
static bool line_key(const char *line, char *key, size_t keylen)
{
	json_t *o = json_loads(line, JSON_DISABLE_EOF_CHECK, NULL);
	const char *schema = json_string_value(json_object_get(o, "schema"));
	json_t *q = json_object_get(o, "query");
	const char *name = json_string_value(json_object_get(q, "name"));
	const char *type = json_string_value(json_object_get(q, "type"));
	bool ok = false;
	cs_name n;
	uint16_t t;
	if (schema && strcmp(schema, "chainscope-check") == 0 && name && type &&
	    cs_name_from_text(name, strlen(name), NULL, &n) == CS_OK &&
	    cs_rrtype_from_text(type, strlen(type), &t) == CS_OK) {
		batch_key(&n, t, key, keylen);
		ok = true;
	}
	json_decref(o);
	return ok;
}

bool batch_set_load(batch_set *s, const char *path, size_t *loaded)
{
	*loaded = 0;
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return errno == ENOENT;
	char *buf = NULL;
	size_t cap = 0;
	bool ok = true;
	char key[CS_NAME_TEXT_MAX + 24];
	while (ok && getline(&buf, &cap, f) >= 0) {
		if (!line_key(buf, key, sizeof(key)))
			continue; /* an error line, or a line cut short by a kill */
		ok = set_add(s, key);
		*loaded += ok;
	}
	if (ok && ferror(f))
		ok = false;
	free(buf);
	fclose(f);
	return ok;
}
