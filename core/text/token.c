#include "text/token.h"

#include <string.h>
#include <strings.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

cs_err cs_tokenize(const char *text, size_t len, cs_token *toks, size_t max, size_t *count,
		   int *open_parens)
{
	size_t n = 0, i = 0;
	int parens = 0;
	while (i < len) {
		char c = text[i];
		if (is_space(c)) {
			i++;
			continue;
		}
		if (c == ';') {
			/* A comment runs to the end of its physical line. */
			while (i < len && text[i] != '\n')
				i++;
			continue;
		}
		if (c == '(') {
			parens++;
			i++;
			continue;
		}
		if (c == ')') {
			if (--parens < 0)
				return CS_ESYNTAX;
			i++;
			continue;
		}
		if (n == max)
			return CS_ELIMIT;
		cs_token *t = &toks[n++];
		if (c == '"') {
			size_t start = ++i;
			while (i < len && text[i] != '"') {
				if (text[i] == '\\') {
					if (i + 1 >= len)
						return CS_ESYNTAX;
					i++;
				}
				i++;
			}
			if (i >= len)
				return CS_ESYNTAX;
			t->s = text + start;
			t->len = i - start;
			t->quoted = true;
			i++;
			continue;
		}
		size_t start = i;
		while (i < len && !is_space(text[i]) && text[i] != ';' && text[i] != '(' &&
		       text[i] != ')' && text[i] != '"') {
			if (text[i] == '\\') {
				if (i + 1 >= len)
					return CS_ESYNTAX;
				i++;
			}
			i++;
		}
		t->s = text + start;
		t->len = i - start;
		t->quoted = false;
	}
	*count = n;
	if (open_parens)
		*open_parens = parens;
	return CS_OK;
}

long cs_token_unescape(const cs_token *t, unsigned char *out, size_t out_size)
{
	size_t o = 0;
	for (size_t i = 0; i < t->len; i++) {
		unsigned char c = (unsigned char)t->s[i];
		if (c == '\\') {
			if (i + 1 >= t->len)
				return -1;
			char d = t->s[i + 1];
			if (d >= '0' && d <= '9') {
				if (i + 4 > t->len)
					return -1;
				int v = 0;
				for (int k = 1; k <= 3; k++) {
					char e = t->s[i + (size_t)k];
					if (e < '0' || e > '9')
						return -1;
					v = v * 10 + (e - '0');
				}
				if (v > 255)
					return -1;
				c = (unsigned char)v;
				i += 3;
			} else {
				c = (unsigned char)d;
				i++;
			}
		}
		if (o >= out_size)
			return -1;
		out[o++] = c;
	}
	return (long)o;
}

bool cs_token_is(const cs_token *t, const char *s)
{
	size_t n = strlen(s);
	return t->len == n && strncasecmp(t->s, s, n) == 0;
}
