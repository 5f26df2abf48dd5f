/*
 * token.h - splitting one logical line of presentation format (RFC 1035
 * §5.1) into tokens: whitespace separates, "quoted strings" are one token,
 * backslash escapes stay in the token text, ';' starts a comment, and
 * parentheses only group lines (the caller joins them; here they separate).
 */
#ifndef CS_TOKEN_H
#define CS_TOKEN_H

#include "base/error.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct {
	const char *s; /* points into the line; not NUL-terminated */
	size_t len;
	bool quoted;
} cs_token;

/* Split text[0..len) into at most max tokens. Sets *count and *open_parens
 * (parentheses opened minus closed, so a reader knows to join the next line;
 * may be NULL). Returns CS_OK, CS_ESYNTAX (unterminated quote, ')' without
 * '(', trailing backslash) or CS_ELIMIT (more than max tokens). */
cs_err cs_tokenize(const char *text, size_t len, cs_token *toks, size_t max, size_t *count,
		   int *open_parens);

/* Decode the escapes of one token (\X and \DDD) into out (out_size octets).
 * Returns the decoded length, or -1 on a bad escape or when it does not fit. */
long cs_token_unescape(const cs_token *t, unsigned char *out, size_t out_size);

/* True if the token equals s, ignoring ASCII case. */
bool cs_token_is(const cs_token *t, const char *s);

#endif
