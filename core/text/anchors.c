/*
 * anchors.c - trust anchor files: presentation format, BIND statements,
 * unbound auto-trust files and RFC 7958 XML, told apart by content.
 */
#include "text/anchors.h"

#include "base/buf.h"
#include "base/fileio.h"
#include "dns/rrtype.h"
#include "text/dnstime.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define MAX_ANCHOR_FILE (16u << 20)

const char *cs_anchor_format_str(cs_anchor_format f)
{
	switch (f) {
	case CS_ANCHOR_FMT_BIND:
		return "bind";
	case CS_ANCHOR_FMT_AUTOTRUST:
		return "unbound-autotrust";
	case CS_ANCHOR_FMT_XML:
		return "rfc7958-xml";
	default:
		return "presentation";
	}
}

/* First occurrence of the NUL-terminated needle in text[0..len), or NULL. */
static const char *find(const char *text, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; n <= len && i <= len - n; i++)
		if (memcmp(text + i, needle, n) == 0)
			return text + i;
	return NULL;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* A BIND statement keyword at p followed (after white space) by '{'. */
static bool bind_statement(const char *text, size_t len, const char *kw)
{
	size_t n = strlen(kw);
	for (const char *p = text; (p = find(p, len - (size_t)(p - text), kw)) != NULL; p += n) {
		bool start = p == text || is_space(p[-1]) || p[-1] == ';' || p[-1] == '}';
		const char *q = p + n;
		while (q < text + len && is_space(*q))
			q++;
		if (start && q < text + len && *q == '{')
			return true;
	}
	return false;
}

cs_anchor_format cs_anchor_detect(const char *text, size_t len)
{
	if (find(text, len, "<TrustAnchor") != NULL)
		return CS_ANCHOR_FMT_XML;
	if (find(text, len, ";;state=") != NULL ||
	    find(text, len, "; autotrust trust anchor file") != NULL)
		return CS_ANCHOR_FMT_AUTOTRUST;
	if (bind_statement(text, len, "trust-anchors") ||
	    bind_statement(text, len, "managed-keys") || bind_statement(text, len, "trusted-keys"))
		return CS_ANCHOR_FMT_BIND;
	return CS_ANCHOR_FMT_PRESENTATION;
}

static void set_error(cs_zone_error *e, size_t line, const char *detail)
{
	e->line = line;
	snprintf(e->detail, sizeof(e->detail), "%s", detail);
}

/* Line (1-based) of offset off in text. */
static size_t line_of(const char *text, size_t off)
{
	size_t line = 1;
	for (size_t i = 0; i < off; i++)
		line += text[i] == '\n';
	return line;
}

/* Every record from first on must be a DS or DNSKEY; else an error on the
 * first line of text that names the offending type, and out keeps only the
 * records before it. */
static cs_err check_types(const char *text, size_t len, cs_rrlist *out, size_t first,
			  cs_zone_error *e)
{
	for (size_t i = first; i < out->n; i++) {
		uint16_t t = out->v[i].type;
		if (t == CS_TYPE_DS || t == CS_TYPE_DNSKEY)
			continue;
		char tb[16], msg[96];
		cs_rrtype_str(t, tb);
		size_t line = 0, tl = strlen(tb);
		for (size_t off = 0, ln = 1; off + tl <= len && line == 0; off++) {
			if (text[off] == '\n')
				ln++;
			if ((off == 0 || is_space(text[off - 1])) &&
			    strncmp(text + off, tb, tl) == 0 &&
			    (off + tl == len || is_space(text[off + tl])))
				line = ln;
		}
		snprintf(msg, sizeof(msg), "trust anchors must be DS or DNSKEY records, not %s",
			 tb);
		set_error(e, line, msg);
		out->n = i; /* only anchors stay */
		return CS_ESYNTAX;
	}
	return CS_OK;
}

static cs_err parse_presentation(const char *text, size_t len, cs_arena *a, cs_rrlist *out,
				 cs_zone_error *e)
{
	cs_name root;
	cs_name_root(&root);
	size_t first = out->n;
	cs_err err = cs_zone_parse(text, len, &root, 3600, a, out, e);
	if (err == CS_OK)
		err = check_types(text, len, out, first, e);
	return err;
}

/* unbound auto-trust: one record per line; the RFC 5011 state is in a
 * ";;state=N [ NAME ]" comment (0 START, 1 ADDPEND, 2 VALID, 3 MISSING,
 * 4 REVOKED, 5 REMOVED). */
static cs_err parse_autotrust(const char *text, size_t len, cs_arena *a, cs_rrlist *out,
			      cs_zone_error *e)
{
	cs_name root;
	cs_name_root(&root);
	size_t first = out->n, line = 0;
	bool revoked = false;
	for (size_t off = 0; off < len;) {
		const char *s = text + off;
		const char *nl = memchr(s, '\n', len - off);
		size_t n = nl ? (size_t)(nl - s) : len - off;
		off += n + 1;
		line++;
		if (n >= 9 && memcmp(s, ";;REVOKED", 9) == 0)
			revoked = true;
		size_t i = 0;
		while (i < n && is_space(s[i]))
			i++;
		if (i == n || s[i] == ';')
			continue;
		const char *st = find(s, n, ";;state=");
		if (st != NULL) {
			char c = st + 8 < s + n ? st[8] : 0;
			if (c != '2' && c != '3')
				continue; /* not VALID or MISSING: not an anchor */
		}
		cs_zone_error le = {0};
		size_t before = out->n;
		cs_err err = cs_zone_parse(s, n, &root, 3600, a, out, &le);
		if (err == CS_OK)
			err = check_types(s, n, out, before, &le);
		if (err != CS_OK) {
			set_error(e, line, le.detail);
			return err;
		}
	}
	if (revoked) {
		out->n = first;
		set_error(e, 0,
			  "the trust point is marked ;;REVOKED (its key was revoked, RFC 5011): "
			  "no anchor in it can be used; get a current one (unbound-anchor)");
		return CS_ESYNTAX;
	}
	return CS_OK;
}

/* BIND configuration tokens. */
typedef enum { T_EOF, T_WORD, T_STRING, T_OPEN, T_CLOSE, T_SEMI, T_ERROR } tok_kind;

typedef struct {
	const char *text;
	size_t len, off, line;
	tok_kind kind;
	const char *s; /* token text (without quotes) */
	size_t n;
	size_t tok_line;
} lexer;

static void skip_blank(lexer *l)
{
	while (l->off < l->len) {
		char c = l->text[l->off];
		if (c == '\n') {
			l->line++;
			l->off++;
		} else if (is_space(c)) {
			l->off++;
		} else if (c == '#' ||
			   (c == '/' && l->off + 1 < l->len && l->text[l->off + 1] == '/')) {
			while (l->off < l->len && l->text[l->off] != '\n')
				l->off++;
		} else if (c == '/' && l->off + 1 < l->len && l->text[l->off + 1] == '*') {
			l->off += 2;
			while (l->off + 1 < l->len &&
			       !(l->text[l->off] == '*' && l->text[l->off + 1] == '/'))
				l->line += l->text[l->off++] == '\n';
			l->off = l->off + 2 <= l->len ? l->off + 2 : l->len;
		} else {
			return;
		}
	}
}

static tok_kind next(lexer *l)
{
	skip_blank(l);
	l->tok_line = l->line;
	l->s = l->text + l->off;
	l->n = 0;
	if (l->off >= l->len)
		return l->kind = T_EOF;
	char c = l->text[l->off];
	if (c == '{' || c == '}' || c == ';') {
		l->off++;
		l->n = 1;
		return l->kind = c == '{' ? T_OPEN : c == '}' ? T_CLOSE : T_SEMI;
	}
	if (c == '"') {
		size_t start = ++l->off;
		while (l->off < l->len && l->text[l->off] != '"')
			l->line += l->text[l->off++] == '\n';
		if (l->off >= l->len)
			return l->kind = T_ERROR;
		l->s = l->text + start;
		l->n = l->off - start;
		l->off++;
		return l->kind = T_STRING;
	}
	/* memchr, not strchr: a NUL octet is part of a word (strchr would
	 * find the terminator and the lexer would stop without moving). */
	while (l->off < l->len && !is_space(l->text[l->off]) &&
	       memchr("{};\"", l->text[l->off], 4) == NULL)
		l->off++;
	l->n = (size_t)(l->text + l->off - l->s);
	return l->kind = T_WORD;
}

static bool tok_is(const lexer *l, const char *w)
{
	return l->kind == T_WORD && l->n == strlen(w) && strncmp(l->s, w, l->n) == 0;
}

/* Skip a statement we do not read, up to its ';' at brace depth 0. */
static cs_err skip_statement(lexer *l, cs_zone_error *e)
{
	int depth = 0;
	for (;;) {
		if (l->kind == T_EOF || l->kind == T_ERROR) {
			set_error(e, l->tok_line, "unterminated statement (missing ';' or '}')");
			return CS_ESYNTAX;
		}
		if (l->kind == T_OPEN)
			depth++;
		else if (l->kind == T_CLOSE)
			depth--;
		else if (l->kind == T_SEMI && depth <= 0)
			return CS_OK;
		next(l);
	}
}

/* One entry: NAME [KEYWORD] FIELDS... ; (trusted-keys has no keyword). */
static cs_err bind_entry(lexer *l, bool keyword, cs_arena *a, cs_rrlist *out, cs_zone_error *e)
{
	size_t line = l->tok_line;
	for (size_t i = 0; i < l->n; i++)
		if (is_space(l->s[i]) || strchr(";()\"", l->s[i]) != NULL) {
			set_error(e, line,
				  "a trust anchor's name cannot contain white space, ';', "
				  "'(', ')' or '\"'");
			return CS_ESYNTAX;
		}
	cs_buf b;
	cs_buf_init(&b);
	cs_buf_printf(&b, "%.*s%s IN ", (int)l->n, l->s,
		      l->n > 0 && l->s[l->n - 1] == '.' ? "" : ".");
	bool ds = false;
	cs_err err = CS_OK;
	if (keyword) {
		next(l);
		if (tok_is(l, "static-ds") || tok_is(l, "initial-ds")) {
			ds = true;
		} else if (!tok_is(l, "static-key") && !tok_is(l, "initial-key")) {
			set_error(e, l->tok_line,
				  "expected static-key, initial-key, static-ds or initial-ds");
			err = CS_ESYNTAX;
			goto out;
		}
	}
	cs_buf_str(&b, ds ? "DS" : "DNSKEY");
	size_t fields = 0;
	while (next(l) == T_WORD || l->kind == T_STRING) {
		cs_buf_u8(&b, ' ');
		for (size_t i = 0; i < l->n; i++)
			cs_buf_u8(&b, is_space(l->s[i]) ? ' ' : (uint8_t)l->s[i]);
		fields++;
	}
	if (l->kind != T_SEMI || fields < 4) {
		set_error(e, line,
			  "expected NAME KEYWORD FLAGS PROTOCOL ALGORITHM \"KEY\"; "
			  "or NAME static-ds TAG ALGORITHM DIGESTTYPE \"DIGEST\";");
		err = CS_ESYNTAX;
		goto out;
	}
	err = b.err;
	if (err != CS_OK)
		goto out;
	cs_name root;
	cs_name_root(&root);
	cs_rr rr;
	cs_zone_error le = {0};
	err = cs_rr_from_text(cs_buf_cstr(&b), &root, a, &rr, &le);
	if (err == CS_OK)
		err = cs_rrlist_add(out, &rr);
	else
		set_error(e, line, le.detail);
out:
	cs_buf_free(&b);
	return err;
}

static cs_err parse_bind(const char *text, size_t len, cs_arena *a, cs_rrlist *out,
			 cs_zone_error *e)
{
	lexer l = {.text = text, .len = len, .line = 1};
	while (next(&l) != T_EOF) {
		bool ta = tok_is(&l, "trust-anchors") || tok_is(&l, "managed-keys");
		bool tk = tok_is(&l, "trusted-keys");
		if (!ta && !tk) {
			cs_err err = skip_statement(&l, e);
			if (err != CS_OK)
				return err;
			continue;
		}
		if (next(&l) != T_OPEN) {
			set_error(e, l.tok_line, "expected '{'");
			return CS_ESYNTAX;
		}
		while (next(&l) == T_WORD || l.kind == T_STRING) {
			cs_err err = bind_entry(&l, ta, a, out, e);
			if (err != CS_OK)
				return err;
		}
		if (l.kind != T_CLOSE || next(&l) != T_SEMI) {
			set_error(e, l.tok_line, "expected '};' to close the statement");
			return CS_ESYNTAX;
		}
	}
	return CS_OK;
}

/* The text of the first <el>...</el> in s[0..n), trimmed; false if none. */
static bool xml_element(const char *s, size_t n, const char *el, const char **v, size_t *vn)
{
	char open[32], close[32];
	snprintf(open, sizeof(open), "<%s>", el);
	snprintf(close, sizeof(close), "</%s>", el);
	const char *p = find(s, n, open);
	if (p == NULL)
		return false;
	p += strlen(open);
	const char *q = find(p, n - (size_t)(p - s), close);
	if (q == NULL)
		return false;
	while (p < q && is_space(*p))
		p++;
	while (q > p && is_space(q[-1]))
		q--;
	*v = p;
	*vn = (size_t)(q - p);
	return true;
}

/* An attribute name="value" in a start tag s[0..n); false if absent. */
static bool xml_attr(const char *s, size_t n, const char *name, char *out, size_t outlen)
{
	char pat[32];
	snprintf(pat, sizeof(pat), " %s=\"", name);
	const char *p = find(s, n, pat);
	if (p == NULL)
		return false;
	p += strlen(pat);
	const char *q = memchr(p, '"', n - (size_t)(p - s));
	if (q == NULL || (size_t)(q - p) >= outlen)
		return false;
	memcpy(out, p, (size_t)(q - p));
	out[q - p] = 0;
	return true;
}

/* An xsd:dateTime ("2017-02-02T00:00:00+00:00", "...Z"). */
static cs_err xml_time(const char *s, int64_t *out)
{
	size_t n = strlen(s);
	if (n < 19)
		return CS_ESYNTAX;
	char base[20];
	memcpy(base, s, 19);
	base[19] = 0;
	int64_t t;
	if (cs_time_parse_iso(base, &t) != CS_OK)
		return CS_ESYNTAX;
	const char *z = s + 19;
	if (*z == '.') /* fractional seconds */
		while (*++z >= '0' && *z <= '9')
			;
	if ((z[0] == '+' || z[0] == '-') && strlen(z) == 6 && z[3] == ':') {
		int h = (z[1] - '0') * 10 + (z[2] - '0');
		int m = (z[4] - '0') * 10 + (z[5] - '0');
		int64_t off = (int64_t)h * 3600 + m * 60;
		t += z[0] == '+' ? -off : off;
	} else if (!(z[0] == 0 || (z[0] == 'Z' && z[1] == 0))) {
		return CS_ESYNTAX;
	}
	*out = t;
	return CS_OK;
}

static cs_err parse_xml(const char *text, size_t len, int64_t at, cs_arena *a, cs_rrlist *out,
			cs_zone_error *e)
{
	const char *zone;
	size_t zn;
	if (!xml_element(text, len, "Zone", &zone, &zn) || zn == 0 || zn > 255) {
		set_error(e, 0, "no <Zone> element in the TrustAnchor document");
		return CS_ESYNTAX;
	}
	size_t found = 0, kept = 0;
	const char *end = text + len;
	for (const char *p = text; (p = find(p, (size_t)(end - p), "<KeyDigest")) != NULL;) {
		size_t line = line_of(text, (size_t)(p - text));
		const char *gt = memchr(p, '>', (size_t)(end - p));
		/* The closing tag is looked for after the start tag ends: in
		 * "<KeyDigest</KeyDigest> ...>" it comes before the '>'. */
		const char *close =
		    gt == NULL ? NULL : find(gt + 1, (size_t)(end - gt - 1), "</KeyDigest>");
		if (gt == NULL || close == NULL) {
			set_error(e, line, "unterminated <KeyDigest> element");
			return CS_ESYNTAX;
		}
		found++;
		char from[40] = "", until[40] = "";
		int64_t tf = 0, tu = 0;
		size_t taglen = (size_t)(gt - p);
		bool has_until = xml_attr(p, taglen, "validUntil", until, sizeof(until));
		if (!xml_attr(p, taglen, "validFrom", from, sizeof(from)) ||
		    xml_time(from, &tf) != CS_OK || (has_until && xml_time(until, &tu) != CS_OK)) {
			set_error(e, line,
				  "KeyDigest needs a validFrom time (and validUntil, when "
				  "given) like 2017-02-02T00:00:00+00:00");
			return CS_ESYNTAX;
		}
		const char *body = gt + 1;
		size_t bn = (size_t)(close - body);
		const char *f[4];
		size_t fn[4];
		const char *names[4] = {"KeyTag", "Algorithm", "DigestType", "Digest"};
		for (int i = 0; i < 4; i++)
			if (!xml_element(body, bn, names[i], &f[i], &fn[i])) {
				char msg[80];
				snprintf(msg, sizeof(msg), "KeyDigest without <%s>", names[i]);
				set_error(e, line, msg);
				return CS_ESYNTAX;
			}
		p = close + 12;
		if (at < tf || (has_until && at >= tu))
			continue; /* outside its validity window at the evaluation time */
		char rr[600];
		snprintf(rr, sizeof(rr), "%.*s%s IN DS %.*s %.*s %.*s %.*s", (int)zn, zone,
			 zone[zn - 1] == '.' ? "" : ".", (int)fn[0], f[0], (int)fn[1], f[1],
			 (int)fn[2], f[2], (int)fn[3], f[3]);
		cs_name root;
		cs_name_root(&root);
		cs_rr r;
		cs_zone_error le = {0};
		cs_err err = cs_rr_from_text(rr, &root, a, &r, &le);
		if (err == CS_OK)
			err = cs_rrlist_add(out, &r);
		if (err != CS_OK) {
			set_error(e, line, le.detail[0] ? le.detail : "bad KeyDigest");
			return err;
		}
		kept++;
	}
	if (found > 0 && kept == 0) {
		char tb[24], msg[120];
		snprintf(msg, sizeof(msg),
			 "none of the %zu KeyDigest elements is valid at %s (validFrom/validUntil)",
			 found, cs_time_format_iso(at, tb));
		set_error(e, 0, msg);
		return CS_ESYNTAX;
	}
	return CS_OK;
}

/* e, or local when e is NULL, cleared. */
static cs_zone_error *error_init(cs_zone_error *e, cs_zone_error *local)
{
	if (e == NULL)
		e = local;
	e->line = 0;
	e->detail[0] = 0;
	return e;
}

cs_err cs_anchors_parse(const char *text, size_t len, int64_t at, cs_arena *a, cs_rrlist *out,
			cs_zone_error *e)
{
	cs_zone_error local;
	e = error_init(e, &local);
	size_t first = out->n;
	cs_err err;
	switch (cs_anchor_detect(text, len)) {
	case CS_ANCHOR_FMT_XML:
		err = parse_xml(text, len, at, a, out, e);
		break;
	case CS_ANCHOR_FMT_AUTOTRUST:
		err = parse_autotrust(text, len, a, out, e);
		break;
	case CS_ANCHOR_FMT_BIND:
		err = parse_bind(text, len, a, out, e);
		break;
	default:
		err = parse_presentation(text, len, a, out, e);
		break;
	}
	/* Whatever the format, only DS and DNSKEY records are anchors. */
	for (size_t i = first; i < out->n; i++)
		if (out->v[i].type != CS_TYPE_DS && out->v[i].type != CS_TYPE_DNSKEY) {
			out->n = i;
			if (err == CS_OK) {
				set_error(e, 0, "trust anchors must be DS or DNSKEY records");
				err = CS_ESYNTAX;
			}
		}
	if (err == CS_OK && out->n == first) {
		set_error(e, 0, "no trust anchors (DS or DNSKEY records) in the file");
		err = CS_ESYNTAX;
	}
	return err;
}

cs_err cs_anchors_parse_file(const char *path, int64_t at, cs_arena *a, cs_rrlist *out,
			     cs_zone_error *e)
{
	cs_zone_error local;
	e = error_init(e, &local);
	cs_buf b;
	cs_buf_init(&b);
	cs_err err = cs_read_file(path, MAX_ANCHOR_FILE, &b, e->detail, sizeof(e->detail));
	if (err == CS_OK)
		err = cs_anchors_parse(b.data ? (const char *)b.data : "", b.len, at, a, out, e);
	cs_buf_free(&b);
	return err;
}
