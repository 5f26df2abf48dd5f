/*
 * test_error - core/base/error: the operational error values. What error.h
 * promises: every code has a message and a stable token (the tokens are
 * written into JSON captures, so they are spelled out here and must not
 * change), a token maps back to its code, an unknown token gives
 * CS_ENOTFOUND, and neither string function returns NULL, even for a value
 * outside the enum.
 */
#include "base/error.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

static const struct {
	cs_err code;
	const char *token;
} TOKENS[] = {
    {CS_OK, "ok"},
    {CS_ENOMEM, "nomem"},
    {CS_EINVAL, "inval"},
    {CS_ETRUNC, "truncated"},
    {CS_ETRAILING, "trailing"},
    {CS_EPTRFWD, "pointer-forward"},
    {CS_EPTRHOPS, "pointer-hops"},
    {CS_ENAMELEN, "name-too-long"},
    {CS_ELABELLEN, "label-too-long"},
    {CS_ELABELTYPE, "label-type"},
    {CS_ECOMPRESS, "compression"},
    {CS_ERDATA, "rdata"},
    {CS_EOPT, "opt"},
    {CS_ESYNTAX, "syntax"},
    {CS_ERANGE, "range"},
    {CS_EUNKNOWN, "unknown"},
    {CS_EIO, "io"},
    {CS_ELIMIT, "limit"},
    {CS_ENOTFOUND, "not-found"},
};
#define NTOKENS (sizeof(TOKENS) / sizeof(TOKENS[0]))

/* The table above lists every code, in order, so a code added without a
 * stable token here fails. */
static void test_table_covers_every_code(void **state)
{
	(void)state;
	assert_int_equal(CS_ERR_COUNT, NTOKENS);
	for (size_t i = 0; i < NTOKENS; i++)
		assert_int_equal(TOKENS[i].code, (cs_err)i);
}

/* Every code has its stable token, and the token maps back to the code. */
static void test_tokens_round_trip(void **state)
{
	(void)state;
	for (size_t i = 0; i < NTOKENS; i++) {
		assert_string_equal(cs_errtoken(TOKENS[i].code), TOKENS[i].token);
		assert_int_equal(cs_err_from_token(TOKENS[i].token), TOKENS[i].code);
	}
}

/* Every code has its own message: non-empty, not the fallback, and no two
 * codes share one. */
static void test_messages_distinct(void **state)
{
	(void)state;
	assert_string_equal(cs_strerror(CS_OK), "success");
	assert_string_equal(cs_strerror(CS_ENOMEM), "out of memory");
	assert_string_equal(cs_strerror(CS_ENAMELEN), "domain name longer than 255 octets");
	for (unsigned i = 0; i < CS_ERR_COUNT; i++) {
		const char *m = cs_strerror((cs_err)i);
		assert_non_null(m);
		assert_true(strlen(m) > 0);
		assert_string_not_equal(m, "unknown error");
		for (unsigned j = 0; j < i; j++)
			assert_string_not_equal(m, cs_strerror((cs_err)j));
	}
}

/* Values outside the enum get fallbacks, never NULL; tokens that are not
 * ours (including a different case, a prefix and the empty string) give
 * CS_ENOTFOUND. */
static void test_out_of_range_and_unknown_tokens(void **state)
{
	(void)state;
	assert_string_equal(cs_strerror(CS_ERR_COUNT), "unknown error");
	assert_string_equal(cs_strerror((cs_err)-1), "unknown error");
	assert_string_equal(cs_strerror((cs_err)1000), "unknown error");
	assert_non_null(cs_errtoken(CS_ERR_COUNT));
	assert_non_null(cs_errtoken((cs_err)-1));
	assert_int_equal(cs_err_from_token(""), CS_ENOTFOUND);
	assert_int_equal(cs_err_from_token("NOMEM"), CS_ENOTFOUND);
	assert_int_equal(cs_err_from_token("trunc"), CS_ENOTFOUND);
	assert_int_equal(cs_err_from_token("truncated "), CS_ENOTFOUND);
	assert_int_equal(cs_err_from_token("success"), CS_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_covers_every_code),
	    cmocka_unit_test(test_tokens_round_trip),
	    cmocka_unit_test(test_messages_distinct),
	    cmocka_unit_test(test_out_of_range_and_unknown_tokens),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
