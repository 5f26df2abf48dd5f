/*
 * test_token - core/text/token: splitting presentation format into tokens
 * (RFC 1035 §5.1). What token.h promises: whitespace separates; a
 * "quoted string" is one token (quoted, without its quotes) in which
 * whitespace, ';' and parentheses are ordinary; backslash escapes stay in
 * the token text and protect the next character; ';' starts a comment to
 * the end of its physical line; parentheses separate and are counted in
 * open_parens. Errors: CS_ESYNTAX for an unterminated quote, ')' without
 * '(' and a trailing backslash, CS_ELIMIT for more than max tokens. Then
 * the escapes: \X is X, \DDD is the octet DDD (at most 255), and anything
 * else, or too little room, is -1.
 */
#include "text/token.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#define MAXTOK 16

typedef struct {
	cs_token t[MAXTOK];
	size_t n;
	int parens;
} tokens;

static cs_err split(const char *text, tokens *out)
{
	memset(out, 0, sizeof(*out));
	out->parens = -99;
	return cs_tokenize(text, strlen(text), out->t, MAXTOK, &out->n, &out->parens);
}

/* Tokenise text and compare with want: each entry is the token text, with
 * a leading '"' meaning "quoted" (not part of the text). */
static void assert_tokens(const char *text, int parens, const char *const *want, size_t nwant)
{
	tokens k;
	cs_err err = split(text, &k);
	if (err != CS_OK)
		fail_msg("\"%s\": %s", text, cs_errtoken(err));
	if (k.n != nwant)
		fail_msg("\"%s\": %zu tokens, want %zu", text, k.n, nwant);
	for (size_t i = 0; i < nwant; i++) {
		bool quoted = want[i][0] == '"';
		const char *w = want[i] + (quoted ? 1 : 0);
		if (k.t[i].len != strlen(w) || memcmp(k.t[i].s, w, k.t[i].len) != 0 ||
		    k.t[i].quoted != quoted)
			fail_msg("\"%s\" token %zu: [%.*s]%s, want [%s]%s", text, i,
				 (int)k.t[i].len, k.t[i].s, k.t[i].quoted ? " quoted" : "", w,
				 quoted ? " quoted" : "");
		/* The token points into the line. */
		assert_true(k.t[i].s >= text && k.t[i].s + k.t[i].len <= text + strlen(text));
	}
	assert_int_equal(k.parens, parens);
}

#define TOKENS(text, parens, ...)                                                                  \
	do {                                                                                       \
		static const char *const w_[] = {__VA_ARGS__};                                     \
		assert_tokens(text, parens, w_, sizeof(w_) / sizeof(w_[0]));                       \
	} while (0)

static void assert_no_tokens(const char *text, int parens)
{
	tokens k;
	assert_int_equal(split(text, &k), CS_OK);
	assert_int_equal(k.n, 0);
	assert_int_equal(k.parens, parens);
}

static void assert_error(const char *text, cs_err want)
{
	tokens k;
	cs_err err = split(text, &k);
	if (err != want)
		fail_msg("\"%s\": %s, want %s", text, cs_errtoken(err), cs_errtoken(want));
}

/* Whitespace (space, tab, CR, LF) separates; runs of it count once. */
static void test_whitespace(void **state)
{
	(void)state;
	TOKENS("example.com. 3600 IN A 192.0.2.1", 0, "example.com.", "3600", "IN", "A",
	       "192.0.2.1");
	TOKENS("  \t a\t\tb \r\n c  ", 0, "a", "b", "c");
	assert_no_tokens("", 0);
	assert_no_tokens(" \t\r\n", 0);
}

/* Quoted strings: one token without the quotes, whatever they hold; an
 * empty one is a token of length 0; a quote ends an unquoted token. */
static void test_quotes(void **state)
{
	(void)state;
	TOKENS("TXT \"hello world\"", 0, "TXT", "\"hello world");
	TOKENS("\"a ; b ( c ) \t d\"", 0, "\"a ; b ( c ) \t d");
	TOKENS("\"\" x", 0, "\"", "x");
	TOKENS("abc\"def\"ghi", 0, "abc", "\"def", "ghi");
	TOKENS("\"one\"\"two\"", 0, "\"one", "\"two");
}

/* Escapes stay in the text and protect what follows: an escaped quote
 * inside quotes, escaped space, ';', parentheses and quote outside. */
static void test_escapes_kept(void **state)
{
	(void)state;
	TOKENS("\"say \\\"hi\\\"\"", 0, "\"say \\\"hi\\\"");
	TOKENS("a\\ b c", 0, "a\\ b", "c");
	TOKENS("a\\;b ;comment", 0, "a\\;b");
	TOKENS("\\(x\\) \\\"", 0, "\\(x\\)", "\\\"");
	TOKENS("\\\\ \\065", 0, "\\\\", "\\065");
	TOKENS("\"back\\\\\"", 0, "\"back\\\\");
}

/* Comments run to the end of their physical line, not of the text. */
static void test_comments(void **state)
{
	(void)state;
	TOKENS("a ; b c", 0, "a");
	TOKENS("a;b", 0, "a");
	assert_no_tokens("; only a comment", 0);
	TOKENS("a ; one\nb ; two\n c", 0, "a", "b", "c");
	TOKENS("( a ; in parens\n b )", 0, "a", "b");
}

/* Parentheses separate and are counted: opened minus closed. */
static void test_parentheses(void **state)
{
	(void)state;
	TOKENS("a(b)c", 0, "a", "b", "c");
	TOKENS("SOA ns. host. (", 1, "SOA", "ns.", "host.");
	TOKENS("((a", 2, "a");
	TOKENS("( 1 2 ) ( 3 )", 0, "1", "2", "3");
	assert_no_tokens("()", 0);
	/* open_parens may be NULL. */
	cs_token t[4];
	size_t n = 99;
	assert_int_equal(cs_tokenize("( x", 3, t, 4, &n, NULL), CS_OK);
	assert_int_equal(n, 1);
}

/* Syntax errors: an unterminated quote, ')' without '(' (also after a
 * balanced pair), a trailing backslash in or out of quotes. */
static void test_syntax_errors(void **state)
{
	(void)state;
	assert_error("\"open", CS_ESYNTAX);
	assert_error("a \"", CS_ESYNTAX);
	assert_error("\"escaped end\\\"", CS_ESYNTAX);
	assert_error(")", CS_ESYNTAX);
	assert_error("a ) (", CS_ESYNTAX);
	assert_error("( a ) )", CS_ESYNTAX);
	assert_error("abc\\", CS_ESYNTAX);
	assert_error("\"abc\\", CS_ESYNTAX);
	/* The text ends at len: a quote closed beyond it does not count. */
	cs_token t[2];
	size_t n;
	assert_int_equal(cs_tokenize("\"ab\"", 3, t, 2, &n, NULL), CS_ESYNTAX);
	assert_int_equal(cs_tokenize("a\\b", 2, t, 2, &n, NULL), CS_ESYNTAX);
}

/* Exactly max tokens is fine; one more is CS_ELIMIT (comments and
 * parentheses do not count); max 0 allows only an empty line. */
static void test_token_limit(void **state)
{
	(void)state;
	cs_token t[3];
	size_t n = 0;
	const char *three = "a (b) \"c\" ; d e f";
	assert_int_equal(cs_tokenize(three, strlen(three), t, 3, &n, NULL), CS_OK);
	assert_int_equal(n, 3);
	assert_int_equal(cs_tokenize(three, strlen(three), t, 2, &n, NULL), CS_ELIMIT);
	const char *four = "a b c \"d\"";
	assert_int_equal(cs_tokenize(four, strlen(four), t, 3, &n, NULL), CS_ELIMIT);
	assert_int_equal(cs_tokenize("  ( ) ;x", 8, t, 0, &n, NULL), CS_OK);
	assert_int_equal(n, 0);
	assert_int_equal(cs_tokenize("x", 1, t, 0, &n, NULL), CS_ELIMIT);
}

static cs_token tok(const char *s)
{
	cs_token t = {s, strlen(s), false};
	return t;
}

/* Decoding: \X is X, \DDD is the octet DDD (RFC 1035 §5.1). */
static void test_unescape(void **state)
{
	(void)state;
	unsigned char out[16];
	cs_token t = tok("a\\.b\\\\c\\\"");
	assert_int_equal(cs_token_unescape(&t, out, sizeof(out)), 6);
	assert_memory_equal(out, "a.b\\c\"", 6);
	t = tok("\\065\\000\\255z");
	assert_int_equal(cs_token_unescape(&t, out, sizeof(out)), 4);
	static const unsigned char want[] = {'A', 0, 255, 'z'};
	assert_memory_equal(out, want, 4);
	t = tok("");
	assert_int_equal(cs_token_unescape(&t, out, 0), 0);
	t = tok("plain");
	assert_int_equal(cs_token_unescape(&t, out, 5), 5);
	assert_memory_equal(out, "plain", 5);
}

/* Bad escapes and no room are -1: \256, fewer than three digits, a
 * non-digit among them, a trailing backslash, one octet too many. */
static void test_unescape_errors(void **state)
{
	(void)state;
	unsigned char out[16];
	static const char *const bad[] = {"\\256", "\\999", "\\25",  "\\2",
					  "x\\1",  "\\2a5", "\\1 1", "abc\\"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cs_token t = tok(bad[i]);
		if (cs_token_unescape(&t, out, sizeof(out)) != -1)
			fail_msg("\"%s\" decoded", bad[i]);
	}
	cs_token t = tok("plain");
	assert_int_equal(cs_token_unescape(&t, out, 4), -1);
	t = tok("\\065\\066");
	assert_int_equal(cs_token_unescape(&t, out, 1), -1);
	assert_int_equal(cs_token_unescape(&t, out, 2), 2);
	assert_memory_equal(out, "AB", 2);
}

/* cs_token_is: the whole token, ignoring ASCII case. */
static void test_token_is(void **state)
{
	(void)state;
	cs_token t = tok("DnsKey");
	assert_true(cs_token_is(&t, "DNSKEY"));
	assert_true(cs_token_is(&t, "dnskey"));
	assert_false(cs_token_is(&t, "DNSKEYS"));
	assert_false(cs_token_is(&t, "DNSKE"));
	assert_false(cs_token_is(&t, ""));
	cs_token part = {"INX", 2, false};
	assert_true(cs_token_is(&part, "in"));
	assert_false(cs_token_is(&part, "inx"));
	cs_token empty = {"", 0, true};
	assert_true(cs_token_is(&empty, ""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_whitespace),	    cmocka_unit_test(test_quotes),
	    cmocka_unit_test(test_escapes_kept),    cmocka_unit_test(test_comments),
	    cmocka_unit_test(test_parentheses),	    cmocka_unit_test(test_syntax_errors),
	    cmocka_unit_test(test_token_limit),	    cmocka_unit_test(test_unescape),
	    cmocka_unit_test(test_unescape_errors), cmocka_unit_test(test_token_is),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
