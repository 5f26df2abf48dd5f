#include "text/rdata_text.h"
#include "text/zonefile.h"

#include "base/fileio.h"
#include "dns/rdata.h"
#include "text/token.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS     4096
#define MAX_LOGICAL    (1u << 20) /* one record with its continuation lines */
#define MAX_FILE_BYTES (64u << 20)

cs_err cs_ttl_from_text(const char *s, size_t len, uint32_t *out)
{
	if (len == 0)
		return CS_ESYNTAX;
	unsigned long long total = 0, cur = 0;
	bool digits = false, units = false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			cur = cur * 10 + (unsigned)(c - '0');
			digits = true;
			if (cur > UINT32_MAX)
				return CS_ERANGE;
			continue;
		}
		unsigned long mult;
		switch (c | 0x20) {
		case 's':
			mult = 1;
			break;
		case 'm':
			mult = 60;
			break;
		case 'h':
			mult = 3600;
			break;
		case 'd':
			mult = 86400;
			break;
		case 'w':
			mult = 604800;
			break;
		default:
			return CS_ESYNTAX;
		}
		if (!digits)
			return CS_ESYNTAX;
		total += cur * mult;
		cur = 0;
		digits = false;
		units = true;
		if (total > UINT32_MAX)
			return CS_ERANGE;
	}
	if (digits)
		total += cur;
	else if (!units)
		return CS_ESYNTAX;
	if (total > UINT32_MAX)
		return CS_ERANGE;
	*out = (uint32_t)total;
	return CS_OK;
}

static bool is_ttl(const cs_token *t)
{
	return !t->quoted && t->len > 0 && t->s[0] >= '0' && t->s[0] <= '9';
}

typedef struct {
	cs_name origin;
	bool has_origin;
	uint32_t ttl;
	cs_name last_owner;
	bool has_last_owner;
	uint16_t last_class;
} parse_state;

static void set_err(cs_zone_error *e, const char *what, const cs_token *t)
{
	if (e == NULL)
		return;
	if (t != NULL)
		snprintf(e->detail, sizeof(e->detail), "%s: '%.*s'", what,
			 (int)(t->len > 60 ? 60 : t->len), t->s);
	else
		snprintf(e->detail, sizeof(e->detail), "%s", what);
}

/* Parse one logical line (already joined); blank lines are fine. */
static cs_err parse_logical(parse_state *st, const char *text, size_t len, cs_token *toks,
			    cs_arena *a, cs_rrlist *out, cs_zone_error *e)
{
	size_t n;
	int parens;
	cs_err err = cs_tokenize(text, len, toks, MAX_TOKENS, &n, &parens);
	if (err != CS_OK) {
		set_err(e,
			err == CS_ELIMIT ? "too many fields" : "unbalanced quotes or parentheses",
			NULL);
		return err;
	}
	if (parens != 0) {
		set_err(e, "unbalanced parentheses", NULL);
		return CS_ESYNTAX;
	}
	if (n == 0)
		return CS_OK;
	const cs_name *origin = st->has_origin ? &st->origin : NULL;

	if (!toks[0].quoted && toks[0].len > 0 && toks[0].s[0] == '$') {
		if (cs_token_is(&toks[0], "$ORIGIN") && n == 2) {
			err = cs_name_from_text(toks[1].s, toks[1].len, origin, &st->origin);
			if (err != CS_OK) {
				set_err(e, "bad $ORIGIN", &toks[1]);
				return err;
			}
			st->has_origin = true;
			return CS_OK;
		}
		if (cs_token_is(&toks[0], "$TTL") && n == 2) {
			err = cs_ttl_from_text(toks[1].s, toks[1].len, &st->ttl);
			if (err != CS_OK)
				set_err(e, "bad $TTL", &toks[1]);
			return err;
		}
		set_err(e, "unsupported directive", &toks[0]);
		return CS_ESYNTAX;
	}

	size_t i = 0;
	cs_rr rr;
	memset(&rr, 0, sizeof(rr));
	bool leading_space = len > 0 && (text[0] == ' ' || text[0] == '\t');
	if (leading_space) {
		if (!st->has_last_owner) {
			set_err(e, "record without an owner name", NULL);
			return CS_ESYNTAX;
		}
		rr.owner = st->last_owner;
	} else {
		err = cs_name_from_text(toks[0].s, toks[0].len, origin, &rr.owner);
		if (err != CS_OK || toks[0].quoted) {
			set_err(e, "bad owner name", &toks[0]);
			return err != CS_OK ? err : CS_ESYNTAX;
		}
		i++;
	}
	rr.ttl = st->ttl;
	rr.rclass = st->last_class ? st->last_class : CS_CLASS_IN;
	bool have_type = false, have_class = false;
	for (int k = 0; k < 3 && i < n && !have_type; k++) {
		uint16_t v;
		if (is_ttl(&toks[i])) {
			err = cs_ttl_from_text(toks[i].s, toks[i].len, &rr.ttl);
			if (err != CS_OK) {
				set_err(e, "bad TTL", &toks[i]);
				return err;
			}
		} else if (!have_class &&
			   cs_rrclass_from_text(toks[i].s, toks[i].len, &v) == CS_OK) {
			/* "ANY" is a class and a type: after a class, a type. */
			rr.rclass = v;
			have_class = true;
		} else if (cs_rrtype_from_text(toks[i].s, toks[i].len, &v) == CS_OK) {
			rr.type = v;
			have_type = true;
		} else {
			set_err(e, "unknown type or class", &toks[i]);
			return CS_EUNKNOWN;
		}
		i++;
	}
	if (!have_type) {
		set_err(e, "missing record type", NULL);
		return CS_ESYNTAX;
	}
	cs_buf rd;
	cs_buf_init(&rd);
	err = cs_rdata_from_text(rr.type, toks + i, n - i, origin, &rd);
	if (err == CS_OK && rd.len > 65535)
		err = CS_ERANGE;
	if (err != CS_OK) {
		char tb[16];
		char what[64];
		snprintf(what, sizeof(what), "bad %s RDATA (%s)", cs_rrtype_str(rr.type, tb),
			 cs_strerror(err));
		set_err(e, what, i < n ? &toks[i] : NULL);
		cs_buf_free(&rd);
		return err;
	}
	rr.rdlen = (uint16_t)rd.len;
	rr.rdata = cs_arena_memdup(a, rd.data, rd.len);
	cs_buf_free(&rd);
	if (rr.rdata == NULL)
		return CS_ENOMEM;
	st->last_owner = rr.owner;
	st->has_last_owner = true;
	st->last_class = rr.rclass;
	return cs_rrlist_add(out, &rr);
}

/* Count unbalanced '(' on a physical line, ignoring quotes and comments. */
static int paren_delta(const char *s, size_t len)
{
	int d = 0;
	bool q = false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '\\') {
			i++;
			continue;
		}
		if (c == '"')
			q = !q;
		else if (!q && c == ';')
			break;
		else if (!q && c == '(')
			d++;
		else if (!q && c == ')')
			d--;
	}
	return d;
}

cs_err cs_zone_parse(const char *text, size_t len, const cs_name *origin, uint32_t default_ttl,
		     cs_arena *a, cs_rrlist *out, cs_zone_error *e)
{
	parse_state st;
	memset(&st, 0, sizeof(st));
	if (origin) {
		st.origin = *origin;
		st.has_origin = true;
	}
	st.ttl = default_ttl;
	if (e) {
		e->line = 0;
		e->detail[0] = 0;
	}
	cs_token *toks = malloc(MAX_TOKENS * sizeof(*toks));
	cs_buf logical;
	cs_buf_init(&logical);
	if (toks == NULL)
		return CS_ENOMEM;

	cs_err err = CS_OK;
	size_t pos = 0, lineno = 0, start_line = 0;
	int depth = 0;
	while (pos < len && err == CS_OK) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t llen = nl ? (size_t)(nl - (text + pos)) : len - pos;
		const char *line = text + pos;
		pos += llen + (nl ? 1 : 0);
		lineno++;
		if (memchr(line, 0, llen) != NULL) {
			start_line = lineno;
			set_err(e, "NUL byte in text", NULL);
			err = CS_ESYNTAX;
			break;
		}
		if (depth == 0) {
			cs_buf_reset(&logical);
			start_line = lineno;
		} else {
			cs_buf_u8(&logical, ' ');
		}
		/* Joined lines keep their '\n': the tokenizer ends a comment there. */
		cs_buf_put(&logical, line, llen);
		cs_buf_u8(&logical, '\n');
		depth += paren_delta(line, llen);
		if (logical.len > MAX_LOGICAL) {
			set_err(e, "record too long", NULL);
			err = CS_ELIMIT;
			break;
		}
		if (depth > 0)
			continue;
		if (depth < 0) {
			set_err(e, "')' without '('", NULL);
			err = CS_ESYNTAX;
			break;
		}
		if (logical.err != CS_OK) {
			err = logical.err;
			break;
		}
		err = parse_logical(&st, (const char *)logical.data, logical.len, toks, a, out, e);
	}
	if (err == CS_OK && depth > 0) {
		set_err(e, "unterminated '('", NULL);
		err = CS_ESYNTAX;
	}
	if (err != CS_OK && e)
		e->line = start_line;
	free(toks);
	cs_buf_free(&logical);
	return err;
}

cs_err cs_zone_parse_file(const char *path, const cs_name *origin, uint32_t default_ttl,
			  cs_arena *a, cs_rrlist *out, cs_zone_error *e)
{
	cs_zone_error local;
	if (e == NULL)
		e = &local;
	e->line = 0;
	e->detail[0] = 0;
	cs_buf b;
	cs_buf_init(&b);
	cs_err err = cs_read_file(path, MAX_FILE_BYTES, &b, e->detail, sizeof(e->detail));
	if (err == CS_OK)
		err = cs_zone_parse(b.data ? (const char *)b.data : "", b.len, origin, default_ttl,
				    a, out, e);
	cs_buf_free(&b);
	return err;
}

cs_err cs_rr_from_text(const char *line, const cs_name *origin, cs_arena *a, cs_rr *out,
		       cs_zone_error *e)
{
	cs_rrlist l = {0};
	cs_err err = cs_zone_parse(line, strlen(line), origin, 3600, a, &l, e);
	if (err == CS_OK && l.n != 1) {
		set_err(e, "expected exactly one record", NULL);
		err = CS_ESYNTAX;
	}
	if (err == CS_OK)
		*out = l.v[0];
	cs_rrlist_free(&l);
	return err;
}
